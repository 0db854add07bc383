//! `catalog.yaml` → [`Catalog`]: the same YAML layer and [`MapReader`] as site.yaml, so every
//! mistake is reported with `catalog.yaml:<line>`, what was expected and a did-you-mean.

use std::path::Path;

use crate::catalog::{Applies, BODY_KINDS, Body, Catalog, DOMAINS, Due, Item, domain_alias};
use crate::diag::{Diagnostic, did_you_mean};
use crate::fields::{KeySpec, MapReader};
use crate::frontmatter::{self, Node, Yaml};

/// File name of the catalog at the site root.
pub const FILE: &str = "catalog.yaml";

const KEYS: &[KeySpec] = &[
    ("id", Some("编号")),
    ("domain", Some("领域")),
    ("item", Some("公开事项")),
    ("content", Some("公开内容")),
    ("basis", Some("公开依据")),
    ("deadline", Some("公开时限")),
    ("due", None),
    ("bodies", Some("公开主体")),
    ("channel", Some("公开渠道")),
    ("audience", Some("公开对象")),
];

fn due_help() -> String {
    t!(
        "写 `due: {{every: year}}`（每年）、`{{every: quarter}}`（每季度）、`{{every: month}}`（每月）、`{{working_days: 20, after: 形成}}`（形成之日起 N 个工作日内）或 `due: none`（不检查时限）",
        "write `due: {{every: year}}`, `{{every: quarter}}`, `{{every: month}}`, `{{working_days: 20, after: 形成}}` (N working days after the information is formed) or `due: none` (no deadline)"
    )
}

/// Read `<root>/catalog.yaml` if it exists. Problems come back with the (partial) catalog, so
/// the rest of the site is still validated in the same run.
pub fn load(root: &Path, bodies: &[Body]) -> (Catalog, Vec<Diagnostic>) {
    let path = root.join(FILE);
    if !path.exists() {
        return (Catalog::default(), Vec::new());
    }
    if !path.is_file() {
        let d = Diagnostic::error(
            FILE,
            None,
            t!(
                "catalog.yaml 不是普通文件",
                "catalog.yaml is not a regular file"
            ),
        )
        .help(t!(
            "改为纯文本文件，或删除它",
            "replace it with a plain text file, or remove it"
        ));
        return (present(), vec![d]);
    }
    let text = match std::fs::read(&path) {
        Err(e) => {
            let d = Diagnostic::error(
                FILE,
                None,
                t!(
                    "无法读取 catalog.yaml：{e}",
                    "cannot read catalog.yaml: {e}"
                ),
            );
            return (present(), vec![d]);
        }
        Ok(bytes) => match crate::text::decode(&bytes) {
            Ok(t) => t,
            Err((line, msg)) => {
                let d = Diagnostic::error(FILE, Some(line), msg).help(t!(
                    "将 catalog.yaml 存为 UTF-8",
                    "save catalog.yaml as UTF-8"
                ));
                return (present(), vec![d]);
            }
        },
    };
    parse(&text, bodies)
}

fn present() -> Catalog {
    Catalog {
        present: true,
        ..Catalog::default()
    }
}

/// Parse catalog.yaml text.
pub fn parse(text: &str, bodies: &[Body]) -> (Catalog, Vec<Diagnostic>) {
    let file = Path::new(FILE);
    let mut cat = present();
    let root = match frontmatter::parse(text, 1) {
        Ok(n) => n,
        Err(e) => {
            let d = Diagnostic::error(FILE, Some(e.line), e.message).col(e.col);
            return (cat, vec![d]);
        }
    };
    let items = match &root.value {
        Yaml::Seq(items) => items.as_slice(),
        Yaml::Null => &[],
        v => {
            let d = Diagnostic::error(
                FILE,
                Some(root.line),
                {
                    let found = v.type_name();
                    t!(
                        "catalog.yaml 应是事项列表（每项以 `- id:` 开头），实际是 {found}",
                        "catalog.yaml must be a list of items (each starting with `- id:`), found {found}"
                    )
                },
            )
            .help(t!(
                "例如：\n- id: CZ-01\n  domain: 财政预决算\n  item: 部门预算\n  bodies: [部门]",
                "e.g.\n- id: CZ-01\n  domain: 财政预决算\n  item: 部门预算\n  bodies: [部门]"
            ));
            return (cat, vec![d]);
        }
    };
    let mut diags = Vec::new();
    let mut seen: Vec<(String, usize)> = Vec::new();
    for node in items {
        let (id, item, d) = read_item(file, node, bodies);
        diags.extend(d);
        let Some(id) = id else { continue };
        if let Some((_, first)) = seen.iter().find(|(s, _)| *s == id) {
            diags.push(
                Diagnostic::error(
                    FILE,
                    Some(node.line),
                    t!(
                        "目录事项编号 `{id}` 重复：第 {first} 行已使用",
                        "catalog item id `{id}` is used twice (first on line {first})"
                    ),
                )
                .help(t!(
                    "每个事项的 `id` 必须唯一；改用未使用的编号",
                    "every item's `id` must be unique; choose an unused one"
                )),
            );
            continue;
        }
        seen.push((id, node.line));
        if let Some(item) = item {
            cat.items.push(item);
        }
    }
    cat.items.sort_by(|a, b| a.id.cmp(&b.id));
    cat.ids = seen.into_iter().map(|(id, _)| id).collect();
    cat.ids.sort();
    (cat, diags)
}

/// One `- id: …` entry: its id (if readable), the item (if valid) and its problems.
fn read_item(
    file: &Path,
    node: &Node,
    bodies: &[Body],
) -> (Option<String>, Option<Item>, Vec<Diagnostic>) {
    let mut r = MapReader::new(file, node, KEYS, &t!("目录事项", "a catalog item"));
    if !matches!(node.value, Yaml::Map(_)) {
        return (None, None, r.finish());
    }
    let id = r.req_str(
        "id",
        "编号",
        &t!("例如 `- id: CZ-01`", "e.g. `- id: CZ-01`"),
    );
    if let Some(id) = &id
        && id.contains(char::is_whitespace)
    {
        let l = r.line_of("id");
        r.error(
            l,
            t!(
                "目录事项编号 `{id}` 不能含空格",
                "catalog item id `{id}` may not contain spaces"
            ),
            Some(t!("例如 `id: CZ-01`", "e.g. `id: CZ-01`")),
        );
    }
    let domain = r.req_str(
        "domain",
        "领域",
        &t!("例如 `domain: 财政预决算`", "e.g. `domain: 财政预决算`"),
    );
    let domain = domain.and_then(|d| {
        if let Some(k) = DOMAINS.iter().find(|k| **k == d) {
            return Some(*k);
        }
        if let Some(k) = domain_alias(&d) {
            return Some(k);
        }
        let l = r.line_of("domain");
        let w = r.written("domain").to_string();
        let all = DOMAINS.join("、");
        let help = match did_you_mean(&d, DOMAINS.iter().copied()) {
            Some(g) => t!(
                "是否应为 `{g}`？26 个试点领域：{all}",
                "did you mean `{g}`? the 26 areas: {all}"
            ),
            None => t!(
                "26 个试点领域（国办发〔2019〕54号）：{all}",
                "the 26 areas (国办发〔2019〕54号): {all}"
            ),
        };
        r.error(
            l,
            t!("`{w}`：未知领域 `{d}`", "`{w}`: unknown area (领域) `{d}`"),
            Some(help),
        );
        None
    });
    let item = r.req_str(
        "item",
        "公开事项",
        &t!("例如 `item: 部门预算`", "e.g. `item: 部门预算`"),
    );
    let content = r.str("content").filter(|s| !s.is_empty());
    let basis = r.str("basis").filter(|s| !s.is_empty());
    let deadline = r.str("deadline").filter(|s| !s.is_empty());
    let due = read_due(&mut r);
    let applies = read_bodies(&mut r, bodies);
    let channel: Vec<String> = r
        .strs("channel")
        .into_iter()
        .map(|(s, _)| s)
        .filter(|s| !s.is_empty())
        .collect();
    let audience = r.str("audience").filter(|s| !s.is_empty());
    let diags = r.finish();
    let ok = diags.is_empty();
    let item = match (ok, &id, domain, item, due, applies) {
        (true, Some(id), Some(domain), Some(item), Some(due), Some(bodies)) => Some(Item {
            id: id.clone(),
            domain,
            item,
            content,
            basis,
            deadline,
            due,
            bodies,
            channel,
            audience,
            line: node.line,
        }),
        _ => None,
    };
    (id, item, diags)
}

fn read_due(r: &mut MapReader) -> Option<Due> {
    let Some(node) = r.node("due") else {
        return Some(Due::None);
    };
    let line = node.line;
    let bad = |r: &mut MapReader, what: String| {
        r.error(
            line,
            t!("`due` 格式不对：{what}", "malformed `due`: {what}"),
            Some(due_help()),
        );
        None
    };
    match &node.value {
        Yaml::Null => Some(Due::None),
        Yaml::Str(s) if s == "none" || s == "无" => Some(Due::None),
        Yaml::Map(entries) => {
            let keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_str()).collect();
            let get = |k: &str| entries.iter().find(|(x, _)| x == k).map(|(_, v)| v);
            if let Some(unknown) = keys
                .iter()
                .find(|k| !["every", "working_days", "after"].contains(k))
            {
                let guess = did_you_mean(unknown, ["every", "working_days", "after"]);
                let what = match guess {
                    Some(g) => t!(
                        "未知的键 `{unknown}`（是否应为 `{g}`？）",
                        "unknown key `{unknown}` (did you mean `{g}`?)"
                    ),
                    None => t!("未知的键 `{unknown}`", "unknown key `{unknown}`"),
                };
                return bad(r, what);
            }
            match (get("every"), get("working_days")) {
                (Some(_), Some(_)) => bad(
                    r,
                    t!(
                        "`every` 与 `working_days` 只能写一个",
                        "give `every` or `working_days`, not both"
                    ),
                ),
                (Some(e), None) => {
                    if get("after").is_some() {
                        return bad(
                            r,
                            t!(
                                "`after` 只用于 `working_days`",
                                "`after` only goes with `working_days`"
                            ),
                        );
                    }
                    match e.value.as_scalar().as_deref() {
                        Some("year") => Some(Due::Year),
                        Some("quarter") => Some(Due::Quarter),
                        Some("month") => Some(Due::Month),
                        Some(other) => {
                            let what = match did_you_mean(other, ["year", "quarter", "month"]) {
                                Some(g) => t!(
                                    "`every: {other}` 不是 year、quarter 或 month（是否应为 `{g}`？）",
                                    "`every: {other}` is not year, quarter or month (did you mean `{g}`?)"
                                ),
                                None => t!(
                                    "`every: {other}` 不是 year、quarter 或 month",
                                    "`every: {other}` is not year, quarter or month"
                                ),
                            };
                            bad(r, what)
                        }
                        None => bad(
                            r,
                            t!(
                                "`every` 应为 year、quarter 或 month",
                                "`every` must be year, quarter or month"
                            ),
                        ),
                    }
                }
                (None, Some(n)) => {
                    let text = n.value.as_scalar().unwrap_or_default();
                    let days = match text.trim().parse::<u32>() {
                        Ok(d) if (1..=365).contains(&d) => d,
                        _ => {
                            return bad(
                                r,
                                t!(
                                    "`working_days: {text}` 应为 1 到 365 之间的整数",
                                    "`working_days: {text}` must be a whole number from 1 to 365"
                                ),
                            );
                        }
                    };
                    match get("after").map(|a| a.value.as_scalar().unwrap_or_default()) {
                        None => Some(Due::WorkingDays(days)),
                        Some(a) if a == "形成" => Some(Due::WorkingDays(days)),
                        Some(a) => bad(
                            r,
                            t!(
                                "`after: {a}` 不支持：工作日从信息形成之日（成文日期）起算，写 `after: 形成`",
                                "`after: {a}` is not supported: working days count from the day the information is formed (成文日期); write `after: 形成`"
                            ),
                        ),
                    }
                }
                (None, None) => bad(
                    r,
                    t!(
                        "缺少 `every` 或 `working_days`",
                        "`every` or `working_days` is missing"
                    ),
                ),
            }
        }
        Yaml::Str(s) => {
            let what = match did_you_mean(s, ["none", "year", "quarter", "month"]) {
                Some(g) if g != "none" => {
                    t!(
                        "`due: {s}` 不是可用的写法（是否想写 `{{every: {g}}}`？）",
                        "`due: {s}` is not a valid form (did you mean `{{every: {g}}}`?)"
                    )
                }
                _ => t!(
                    "`due: {s}` 不是可用的写法",
                    "`due: {s}` is not a valid form"
                ),
            };
            bad(r, what)
        }
        v => {
            let found = v.type_name();
            bad(
                r,
                t!(
                    "应为映射或 none，实际是 {found}",
                    "expected a mapping or none, found {found}"
                ),
            )
        }
    }
}

fn read_bodies(r: &mut MapReader, bodies: &[Body]) -> Option<Vec<Applies>> {
    if !r.has("bodies") {
        r.missing(
            "bodies",
            "公开主体",
            &t!(
                "写出须公开该事项的主体类别或名称，例如 `bodies: [部门]`、`bodies: [本级政府, 镇街]`",
                "name the body kinds or bodies that must publish the item, e.g. `bodies: [部门]` or `bodies: [本级政府, 镇街]`"
            ),
        );
        return None;
    }
    let entries = r.strs("bodies");
    if entries.is_empty() {
        let l = r.line_of("bodies");
        r.error(
            l,
            t!("`bodies` (公开主体) 为空", "`bodies` (公开主体) is empty"),
            Some(t!("例如 `bodies: [部门]`", "e.g. `bodies: [部门]`")),
        );
        return None;
    }
    let mut out = Vec::new();
    let mut ok = true;
    for (name, line) in entries {
        if let Some(k) = BODY_KINDS.iter().find(|k| **k == name) {
            out.push(Applies::Kind(k));
            continue;
        }
        if bodies
            .iter()
            .any(|b| b.name == name || b.aliases.contains(&name))
        {
            out.push(Applies::Name(name));
            continue;
        }
        ok = false;
        let names: Vec<&str> = BODY_KINDS
            .iter()
            .copied()
            .chain(bodies.iter().map(|b| b.name.as_str()))
            .collect();
        let guess = did_you_mean(
            &name,
            names.iter().copied().chain(
                bodies
                    .iter()
                    .flat_map(|b| b.aliases.iter().map(|a| a.as_str())),
            ),
        );
        let list = names.join("、");
        let help = match guess {
            Some(g) => t!(
                "是否应为 `{g}`？可写主体类别或公开主体名称：{list}",
                "did you mean `{g}`? write a body kind or a body's name: {list}"
            ),
            None => t!(
                "可写主体类别或公开主体名称：{list}",
                "write a body kind or a body's name: {list}"
            ),
        };
        r.error(
            line,
            t!(
                "`bodies` (公开主体)：`{name}` 既不是主体类别也不是公开主体名称",
                "`bodies` (公开主体): `{name}` is neither a body kind nor a body's name"
            ),
            Some(help),
        );
    }
    ok.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body() -> Vec<Body> {
        vec![Body {
            name: "临沂市罗庄区人民政府".into(),
            kind: "本级政府",
            path: String::new(),
            aliases: vec!["区政府".into()],
        }]
    }

    const OK: &str = "- id: CZ-02\n  domain: 财政预决算\n  item: 政府预算\n  due: {every: year}\n  bodies: [本级政府]\n- id: CZ-01\n  领域: 财政预决算\n  公开事项: 部门预算\n  due: {working_days: 20, after: 形成}\n  公开主体: [部门, 区政府]\n  channel: [政府网站]\n";

    #[test]
    fn reads_items_sorted_by_id() {
        let (c, d) = parse(OK, &body());
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.items.len(), 2);
        assert_eq!(c.items[0].id, "CZ-01");
        assert_eq!(c.items[0].line, 6);
        assert_eq!(c.items[0].due, Due::WorkingDays(20));
        assert_eq!(c.items[1].due, Due::Year);
        assert!(c.items[0].applies_to(&body()[0]));
    }

    #[test]
    fn every_mistake_with_its_line() {
        let text = "- id: A\n  domain: 财政预算\n  item: x\n  bodies: [部们]\n  due: {every: week}\n  colour: red\n- id: A\n  domain: 社会救助\n  item: y\n  bodies: [镇街]\n";
        let (c, d) = parse(text, &body());
        let at: Vec<(usize, &str)> = d
            .iter()
            .map(|d| (d.line.unwrap(), d.message.as_str()))
            .collect();
        assert!(
            at.iter().any(|(l, m)| *l == 2 && m.contains("未知领域")),
            "{at:?}"
        );
        assert!(
            d.iter()
                .any(|d| d.help.as_deref().unwrap_or("").contains("`财政预决算`"))
        );
        assert!(
            at.iter().any(|(l, m)| *l == 4 && m.contains("部们")),
            "{at:?}"
        );
        assert!(
            d.iter()
                .any(|d| d.help.as_deref().unwrap_or("").contains("`部门`"))
        );
        assert!(
            at.iter().any(|(l, m)| *l == 5 && m.contains("week")),
            "{at:?}"
        );
        assert!(
            at.iter().any(|(l, m)| *l == 6 && m.contains("colour")),
            "{at:?}"
        );
        assert!(
            at.iter().any(|(l, m)| *l == 7 && m.contains("重复")),
            "{at:?}"
        );
        assert!(c.items.is_empty());
        assert_eq!(c.ids, vec!["A".to_string()]);
    }

    #[test]
    fn malformed_due_forms() {
        for due in [
            "{working_days: x}",
            "{working_days: 20, after: 发布}",
            "{every: year, working_days: 3}",
            "yearly",
            "[year]",
            "{}",
        ] {
            let text =
                format!("- id: A\n  domain: 就业\n  item: x\n  bodies: [部门]\n  due: {due}\n");
            let (_, d) = parse(&text, &body());
            assert_eq!(d.len(), 1, "{due}: {d:?}");
            assert_eq!(d[0].line, Some(5), "{due}");
        }
    }
}
