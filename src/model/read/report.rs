//! Front matter of annual reports: `report:` with 表二/表三/表四 under the official row names
//! (SPEC §8; the formats are in [`crate::model::report`]).

use std::collections::HashMap;

use crate::diag::did_you_mean;
use crate::fields::MapReader;
use crate::frontmatter::{Node, Yaml};
use crate::model::report::*;
use crate::model::types::Kind;

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
                {
                    let ty = type_cn(&node.value);
                    t!(
                        "{what} 必须是数字，写的是{ty}",
                        "{what} must be a number, found {ty}"
                    )
                },
                Some(t!("没有发生的事项写 0", "write 0 for nothing")),
            );
            return None;
        };
        let t = text.trim();
        match kind {
            ValKind::Count | ValKind::Signed => match t.trim_start_matches('+').parse::<i64>() {
                Ok(n) if n < 0 && kind == ValKind::Count => {
                    self.err(
                        node.line,
                        t!("{what} 不能为负数：{t}", "{what} cannot be negative: {t}"),
                        Some(t!(
                            "件数、数量填写 0 或正整数",
                            "counts are 0 or a positive whole number"
                        )),
                    );
                    None
                }
                Ok(n) => Some(Num::Int(n)),
                Err(_) => {
                    let msg = if t.parse::<f64>().is_ok() {
                        t!(
                            "{what} 必须是整数，写的是 {t}",
                            "{what} must be a whole number, found {t}"
                        )
                    } else {
                        t!(
                            "{what} 必须是数字，写的是 `{t}`",
                            "{what} must be a number, found `{t}`"
                        )
                    };
                    self.err(
                        node.line,
                        msg,
                        Some(t!(
                            "件数、数量填写整数，如 12",
                            "counts are whole numbers, e.g. 12"
                        )),
                    );
                    None
                }
            },
            ValKind::Amount => match t.parse::<f64>() {
                Ok(x) if x.is_finite() && x >= 0.0 => Some(Num::Dec(x)),
                Ok(_) => {
                    self.err(
                        node.line,
                        t!("{what} 不能为负数：{t}", "{what} cannot be negative: {t}"),
                        Some(t!(
                            "金额以万元为单位，可带小数，如 15.6",
                            "amounts are in 万元 and may have decimals, e.g. 15.6"
                        )),
                    );
                    None
                }
                Err(_) => {
                    self.err(
                        node.line,
                        t!(
                            "{what} 必须是数字（万元，可带小数），写的是 `{t}`",
                            "{what} must be a number (万元, decimals allowed), found `{t}`"
                        ),
                        Some(t!("例如 15.6；不要写单位", "e.g. 15.6, without a unit")),
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
                {
                    let (list, ty) = (cols.join("、"), type_cn(&node.value));
                    t!(
                        "{what} 应写成 {N} 个数字的列表（{list}），写的是{ty}",
                        "{what} must be a list of {N} numbers ({list}), found {ty}"
                    )
                },
                Some({
                    let zeros = vec!["0"; N].join(", ");
                    t!("例如 [{zeros}]", "e.g. [{zeros}]")
                }),
            );
            return None;
        };
        if items.len() != N {
            self.err(
                node.line,
                {
                    let (list, n) = (cols.join("、"), items.len());
                    t!(
                        "{what} 需要 {N} 个数字（{list}），写了 {n} 个",
                        "{what} needs {N} numbers ({list}), found {n}"
                    )
                },
                Some(t!(
                    "按列的顺序逐个填写，没有的填 0",
                    "one number per column, in order; 0 where there is nothing"
                )),
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
            t!(
                "`report`（年度报告数据）只能用于 `kind: 年度报告`",
                "`report` (annual report figures) is only allowed on `kind: 年度报告`"
            ),
            Some(t!(
                "设置 `kind: 年度报告`，或删去 `report`",
                "set `kind: 年度报告` or remove `report`"
            )),
        );
        return None;
    }
    let file = r.file().to_path_buf();
    let mut rr = MapReader::new(
        &file,
        node,
        &crate::keys::specs(crate::keys::REPORT),
        "`report`",
    );
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
                t!(
                    "`report.year` {y}：只支持 2019 年及以后的年度报告（2019–2020 年用国办公开办函〔2019〕60号格式，2021 年起用〔2021〕30号格式）",
                    "`report.year` {y}: only reports on 2019 and later are supported (2019–2020 in the 国办公开办函〔2019〕60号 format, 2021 on in 〔2021〕30号)"
                ),
                Some(t!(
                    "更早的年度报告删去 `report`，表格直接写在正文中",
                    "for older reports remove `report` and keep the tables in the body"
                )),
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
                t!(
                    "{table}的行 `{written}` 写了两次（第 {prev} 行已经写过）",
                    "{table}: row `{written}` is given twice (already on line {prev})"
                ),
                Some(t!(
                    "每行只写一次；删去其中一行",
                    "give each row once; remove one of them"
                )),
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
    let msg = t!(
        "{table}没有行 `{written}`",
        "{table} has no row `{written}`"
    );
    let list = names.join("、");
    let help = match other {
        Some((_, f)) => {
            let (theirs, ours) = (f.source(), other_format(f).source());
            t!(
                "`{written}` 是{theirs}格式的行名，本报告年度按{ours}格式；可用的行：{list}",
                "`{written}` is a row of the {theirs} format; this report's year uses {ours}; rows: {list}"
            )
        }
        None => match did_you_mean(written, names.iter().copied()) {
            Some(g) => {
                let dym = crate::diag::did_you_mean_text(g);
                t!("{dym}可用的行：{list}", "{dym} rows: {list}")
            }
            None => t!("可用的行：{list}", "rows: {list}"),
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
                let list = keys.join("、");
                let help = match did_you_mean(ck, keys.iter().copied()) {
                    Some(g) => {
                        let dym = crate::diag::did_you_mean_text(g);
                        t!("{dym}可用的列：{list}", "{dym} columns: {list}")
                    }
                    None => t!("可用的列：{list}", "columns: {list}"),
                };
                c.err(
                    cv.line,
                    t!(
                        "表二 {row} 没有列 `{ck}`",
                        "表二 {row} has no column `{ck}`"
                    ),
                    Some(help),
                );
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
