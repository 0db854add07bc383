//! Front matter of annual reports: `report:` with 表二/表三/表四 under the official row names
//! (SPEC §8; the formats are in [`crate::model::report`]).

use std::collections::HashMap;

use crate::diag::did_you_mean;
use crate::fields::MapReader;
use crate::frontmatter::{Node, Yaml};
use crate::model::report::*;
use crate::model::types::Kind;

const KEYS: &[crate::fields::KeySpec] = &[
    ("year", Some("年度")),
    ("主动公开", None),
    ("依申请公开", None),
    ("复议诉讼", None),
];

/// Collects errors for one `report:` mapping.
struct Ctx<'r, 'a> {
    r: &'r mut MapReader<'a>,
}

impl Ctx<'_, '_> {
    fn err(&mut self, line: usize, msg: String, help: Option<String>) {
        self.r.error(line, msg, help);
    }

    /// A value of `kind`, or an error naming `what`.
    fn num(&mut self, node: &Node, kind: ValKind, what: &str) -> Option<Num> {
        let Some(text) = node.value.as_scalar().filter(|_| node.value != Yaml::Null) else {
            self.err(
                node.line,
                format!("{what} 必须是数字，写的是{}", type_cn(&node.value)),
                Some("没有发生的事项写 0".into()),
            );
            return None;
        };
        let t = text.trim();
        match kind {
            ValKind::Count | ValKind::Signed => match t.trim_start_matches('+').parse::<i64>() {
                Ok(n) if n < 0 && kind == ValKind::Count => {
                    self.err(
                        node.line,
                        format!("{what} 不能为负数：{t}"),
                        Some("件数、数量填写 0 或正整数".into()),
                    );
                    None
                }
                Ok(n) => Some(Num::Int(n)),
                Err(_) => {
                    let msg = if t.parse::<f64>().is_ok() {
                        format!("{what} 必须是整数，写的是 {t}")
                    } else {
                        format!("{what} 必须是数字，写的是 `{t}`")
                    };
                    self.err(node.line, msg, Some("件数、数量填写整数，如 12".into()));
                    None
                }
            },
            ValKind::Amount => match t.parse::<f64>() {
                Ok(x) if x.is_finite() && x >= 0.0 => Some(Num::Dec(x)),
                Ok(_) => {
                    self.err(
                        node.line,
                        format!("{what} 不能为负数：{t}"),
                        Some("金额以万元为单位，可带小数，如 15.6".into()),
                    );
                    None
                }
                Err(_) => {
                    self.err(
                        node.line,
                        format!("{what} 必须是数字（万元，可带小数），写的是 `{t}`"),
                        Some("例如 15.6；不要写单位".into()),
                    );
                    None
                }
            },
        }
    }

    /// A list of exactly `N` counts.
    fn counts<const N: usize>(
        &mut self,
        node: &Node,
        cols: &[&str; N],
        what: &str,
    ) -> Option<[i64; N]> {
        let Yaml::Seq(items) = &node.value else {
            self.err(
                node.line,
                format!(
                    "{what} 应写成 {N} 个数字的列表（{}），写的是{}",
                    cols.join("、"),
                    type_cn(&node.value)
                ),
                Some(format!("例如 [{}]", vec!["0"; N].join(", "))),
            );
            return None;
        };
        if items.len() != N {
            self.err(
                node.line,
                format!(
                    "{what} 需要 {N} 个数字（{}），写了 {} 个",
                    cols.join("、"),
                    items.len()
                ),
                Some("按列的顺序逐个填写，没有的填 0".into()),
            );
            return None;
        }
        let mut out = [0; N];
        let mut ok = true;
        for (i, it) in items.iter().enumerate() {
            // Flow lists sit on the row's line; block items carry their own.
            let it_node = Node {
                value: it.value.clone(),
                line: if it.line >= node.line {
                    it.line
                } else {
                    node.line
                },
            };
            match self.num(
                &it_node,
                ValKind::Count,
                &format!("{what} 第 {} 个数（{}）", i + 1, cols[i]),
            ) {
                Some(Num::Int(n)) => out[i] = n,
                _ => ok = false,
            }
        }
        ok.then_some(out)
    }
}

fn type_cn(v: &Yaml) -> &'static str {
    match v {
        Yaml::Null => "空值",
        Yaml::Bool(_) => "布尔值",
        Yaml::Number(_) => "数字",
        Yaml::Str(_) => "文字",
        Yaml::Seq(_) => "列表",
        Yaml::Map(_) => "映射",
    }
}

/// `(key, node)` entries of a mapping node, or an error.
fn entries<'n>(c: &mut Ctx, node: &'n Node, what: &str) -> Vec<(&'n str, &'n Node)> {
    match &node.value {
        Yaml::Map(m) => m.iter().map(|(k, v)| (k.as_str(), v)).collect(),
        Yaml::Null => Vec::new(),
        v => {
            c.err(
                node.line,
                format!("{what} 应是“行名: 数字”的映射，写的是{}", type_cn(v)),
                None,
            );
            Vec::new()
        }
    }
}

/// Read `report:`; `None` when absent or broken (errors are in `r`).
pub(super) fn read_report(r: &mut MapReader, kind: Kind) -> Option<AnnualReport> {
    let node = r.node("report")?;
    if kind != Kind::AnnualReport {
        let l = node.line;
        r.error(
            l,
            "`report`（年度报告数据）只能用于 `kind: 年度报告`",
            Some("设置 `kind: 年度报告`，或删去 `report`".into()),
        );
        return None;
    }
    let file = r.file().to_path_buf();
    let mut rr = MapReader::new(&file, node, KEYS, "`report`");
    let year = rr.integer("year");
    if !rr.has("year") {
        rr.missing("year", "报告年度", "写所报告的年度，例如 `year: 2021`");
    }
    let year = match year {
        Some(y) if (2019..=2100).contains(&y) => Some(y as i32),
        Some(y) => {
            let l = rr.line_of("year");
            rr.error(
                l,
                format!("`report.year` {y}：只支持 2019 年及以后的年度报告（2019–2020 年用国办公开办函〔2019〕60号格式，2021 年起用〔2021〕30号格式）"),
                Some("更早的年度报告删去 `report`，表格直接写在正文中".into()),
            );
            None
        }
        None => None,
    };
    let sections = (
        rr.node("主动公开"),
        rr.node("依申请公开"),
        rr.node("复议诉讼"),
    );
    let mut out = year.map(|y| AnnualReport::empty(y, node.line));
    {
        let mut c = Ctx { r: &mut rr };
        if let Some(rep) = out.as_mut() {
            if let Some(n) = sections.0 {
                read_active(&mut c, n, rep);
            }
            if let Some(n) = sections.1 {
                read_requests(&mut c, n, rep);
            }
            if let Some(n) = sections.2 {
                read_review(&mut c, n, rep);
            }
        }
    }
    let diags = rr.finish();
    let failed = !diags.is_empty();
    r.diags.extend(diags);
    if failed { None } else { out }
}

/// Tracks rows already given (normalised key → line).
#[derive(Default)]
struct Seen(HashMap<String, usize>);

impl Seen {
    fn first(&mut self, c: &mut Ctx, key: &str, written: &str, line: usize, table: &str) -> bool {
        if let Some(prev) = self.0.get(key) {
            c.err(
                line,
                format!("{table}的行 `{written}` 写了两次（第 {prev} 行已经写过）"),
                Some("每行只写一次；删去其中一行".into()),
            );
            false
        } else {
            self.0.insert(key.to_string(), line);
            true
        }
    }
}

fn unknown_row(
    c: &mut Ctx,
    written: &str,
    line: usize,
    table: &str,
    names: &[&str],
    other: Option<(&str, Format)>,
) {
    let msg = format!("{table}没有行 `{written}`");
    let help = match other {
        Some((_, f)) => format!(
            "`{written}` 是{}格式的行名，本报告年度按{}格式；可用的行：{}",
            f.source(),
            if f == Format::F2021 {
                Format::F2019.source()
            } else {
                Format::F2021.source()
            },
            names.join("、")
        ),
        None => match did_you_mean(written, names.iter().copied()) {
            Some(g) => format!("did you mean `{g}`? 可用的行：{}", names.join("、")),
            None => format!("可用的行：{}", names.join("、")),
        },
    };
    c.err(line, msg, Some(help));
}

fn other_format(f: Format) -> Format {
    match f {
        Format::F2021 => Format::F2019,
        Format::F2019 => Format::F2021,
    }
}

fn read_active(c: &mut Ctx, node: &Node, rep: &mut AnnualReport) {
    let f = rep.format;
    let names: Vec<&str> = f.active_rows().map(|(_, r)| r).collect();
    let mut seen = Seen::default();
    for (key, v) in entries(c, node, "`report.主动公开`（表二）") {
        let k = norm_key(key);
        let Some(i) = names.iter().position(|n| norm_key(n) == k) else {
            let other = other_format(f)
                .active_rows()
                .find(|(_, r)| norm_key(r) == k)
                .map(|(_, r)| (r, other_format(f)));
            unknown_row(c, key, v.line, "表二（主动公开）", &names, other);
            continue;
        };
        if !seen.first(c, &k, key, v.line, "表二（主动公开）") {
            continue;
        }
        let (group, row) = f.active_rows().nth(i).expect("index from the same list");
        rep.active_lines[i] = Some(v.line);
        let what = |col: &ActiveCol| format!("表二 {row} 的{}", col.heading);
        if group.cols.len() == 1 && !matches!(v.value, Yaml::Map(_)) {
            if let Some(n) = c.num(v, group.cols[0].kind, &what(&group.cols[0])) {
                rep.active[i][0] = n;
            }
            continue;
        }
        let Yaml::Map(m) = &v.value else {
            let keys: Vec<&str> = group.cols.iter().map(|c| c.key).collect();
            c.err(
                v.line,
                format!(
                    "表二 {row} 应写成映射 {{{}}}，写的是{}",
                    keys.iter()
                        .map(|k| format!("{k}: 0"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    type_cn(&v.value)
                ),
                None,
            );
            continue;
        };
        let mut seen_cols = Seen::default();
        for (ck, cv) in m {
            let n = norm_key(ck);
            let Some(j) = group
                .cols
                .iter()
                .position(|col| norm_key(col.key) == n || norm_key(col.heading) == n)
            else {
                let keys: Vec<&str> = group.cols.iter().map(|c| c.key).collect();
                let help = match did_you_mean(ck, keys.iter().copied()) {
                    Some(g) => format!("did you mean `{g}`? 可用的列：{}", keys.join("、")),
                    None => format!("可用的列：{}", keys.join("、")),
                };
                c.err(cv.line, format!("表二 {row} 没有列 `{ck}`"), Some(help));
                continue;
            };
            if !seen_cols.first(c, &n, ck, cv.line, &format!("表二 {row} ")) {
                continue;
            }
            if let Some(x) = c.num(cv, group.cols[j].kind, &what(&group.cols[j])) {
                rep.active[i][j] = x;
            }
        }
    }
}

/// The result groups whose rows may also be written nested: `不予公开: {属于国家秘密: [...]}`.
fn group_prefix(f: Format, key: &str) -> Option<String> {
    let k = norm_key(key);
    f.requests()
        .iter()
        .filter_map(|r| r.key.split_once('/').map(|(g, _)| g))
        .find(|g| norm_key(g) == k)
        .map(|g| g.to_string())
}

fn read_requests(c: &mut Ctx, node: &Node, rep: &mut AnnualReport) {
    let f = rep.format;
    let names: Vec<&str> = f.requests().iter().map(|r| r.key).collect();
    let mut seen = Seen::default();
    let mut flat: Vec<(String, &Node)> = Vec::new();
    for (key, v) in entries(c, node, "`report.依申请公开`（表三）") {
        match (&v.value, group_prefix(f, key)) {
            (Yaml::Map(m), Some(g)) => {
                flat.extend(m.iter().map(|(k, n)| (format!("{g}/{k}"), n)));
            }
            _ => flat.push((key.to_string(), v)),
        }
    }
    for (key, v) in flat {
        let k = norm_key(&key);
        let Some(i) = names.iter().position(|n| norm_key(n) == k) else {
            let other = other_format(f)
                .requests()
                .iter()
                .find(|r| norm_key(r.key) == k)
                .map(|r| (r.key, other_format(f)));
            unknown_row(c, &key, v.line, "表三（依申请公开）", &names, other);
            continue;
        };
        if !seen.first(c, &k, &key, v.line, "表三（依申请公开）") {
            continue;
        }
        rep.request_lines[i] = Some(v.line);
        if let Some(row) = c.counts(v, &REQ_COLS, &format!("表三 {}", names[i])) {
            rep.requests[i] = row;
        }
    }
}

fn read_review(c: &mut Ctx, node: &Node, rep: &mut AnnualReport) {
    let mut seen = Seen::default();
    for (key, v) in entries(c, node, "`report.复议诉讼`（表四）") {
        let k = norm_key(key);
        let Some(i) = REVIEW_ROWS.iter().position(|n| norm_key(n) == k) else {
            unknown_row(c, key, v.line, "表四（复议诉讼）", &REVIEW_ROWS, None);
            continue;
        };
        if !seen.first(c, &k, key, v.line, "表四（复议诉讼）") {
            continue;
        }
        rep.review_lines[i] = Some(v.line);
        if let Some(row) = c.counts(v, &REVIEW_COLS, &format!("表四 {}", REVIEW_ROWS[i])) {
            rep.review[i] = row;
        }
    }
}
