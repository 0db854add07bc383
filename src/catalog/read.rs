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

const DUE_HELP: &str = "写 `due: {every: year}`（每年）、`{every: quarter}`（每季度）、`{every: month}`（每月）、`{working_days: 20, after: 形成}`（形成之日起 N 个工作日内）或 `due: none`（不检查时限）";

/// Read `<root>/catalog.yaml` if it exists. Problems come back with the (partial) catalog, so
/// the rest of the site is still validated in the same run.
pub fn load(root: &Path, bodies: &[Body]) -> (Catalog, Vec<Diagnostic>) {
    let path = root.join(FILE);
    if !path.exists() {
        return (Catalog::default(), Vec::new());
    }
    if !path.is_file() {
        let d = Diagnostic::error(FILE, None, "catalog.yaml 不是普通文件")
            .help("改为纯文本文件，或删除它");
        return (present(), vec![d]);
    }
    let text = match std::fs::read(&path) {
        Err(e) => {
            let d = Diagnostic::error(FILE, None, format!("无法读取 catalog.yaml：{e}"));
            return (present(), vec![d]);
        }
        Ok(bytes) => match crate::content::decode(&bytes) {
            Ok(t) => t,
            Err((line, msg)) => {
                let d = Diagnostic::error(FILE, Some(line), msg).help("将 catalog.yaml 存为 UTF-8");
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
                format!(
                    "catalog.yaml 应是事项列表（每项以 `- id:` 开头），实际是 {}",
                    v.type_name()
                ),
            )
            .help("例如：\n- id: CZ-01\n  domain: 财政预决算\n  item: 部门预算\n  bodies: [部门]");
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
                    format!("目录事项编号 `{id}` 重复：第 {first} 行已使用"),
                )
                .help("每个事项的 `id` 必须唯一；改用未使用的编号"),
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
    let mut r = MapReader::new(file, node, KEYS, "目录事项");
    if !matches!(node.value, Yaml::Map(_)) {
        return (None, None, r.finish());
    }
    let id = r.req_str("id", "编号", "例如 `- id: CZ-01`");
    if let Some(id) = &id
        && id.contains(char::is_whitespace)
    {
        let l = r.line_of("id");
        r.error(
            l,
            format!("目录事项编号 `{id}` 不能含空格"),
            Some("例如 `id: CZ-01`".into()),
        );
    }
    let domain = r.req_str("domain", "领域", "例如 `domain: 财政预决算`");
    let domain = domain.and_then(|d| {
        if let Some(k) = DOMAINS.iter().find(|k| **k == d) {
            return Some(*k);
        }
        if let Some(k) = domain_alias(&d) {
            return Some(k);
        }
        let l = r.line_of("domain");
        let w = r.written("domain").to_string();
        let help = match did_you_mean(&d, DOMAINS.iter().copied()) {
            Some(g) => format!("是否应为 `{g}`？26 个试点领域：{}", DOMAINS.join("、")),
            None => format!(
                "26 个试点领域（国办发〔2019〕54号）：{}",
                DOMAINS.join("、")
            ),
        };
        r.error(l, format!("`{w}`：未知领域 `{d}`"), Some(help));
        None
    });
    let item = r.req_str("item", "公开事项", "例如 `item: 部门预算`");
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
            format!("`due` 格式不对：{what}"),
            Some(DUE_HELP.into()),
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
                    Some(g) => format!("未知的键 `{unknown}`（是否应为 `{g}`？）"),
                    None => format!("未知的键 `{unknown}`"),
                };
                return bad(r, what);
            }
            match (get("every"), get("working_days")) {
                (Some(_), Some(_)) => bad(r, "`every` 与 `working_days` 只能写一个".into()),
                (Some(e), None) => {
                    if get("after").is_some() {
                        return bad(r, "`after` 只用于 `working_days`".into());
                    }
                    match e.value.as_scalar().as_deref() {
                        Some("year") => Some(Due::Year),
                        Some("quarter") => Some(Due::Quarter),
                        Some("month") => Some(Due::Month),
                        Some(other) => {
                            let what = match did_you_mean(other, ["year", "quarter", "month"]) {
                                Some(g) => format!(
                                    "`every: {other}` 不是 year、quarter 或 month（是否应为 `{g}`？）"
                                ),
                                None => format!("`every: {other}` 不是 year、quarter 或 month"),
                            };
                            bad(r, what)
                        }
                        None => bad(r, "`every` 应为 year、quarter 或 month".into()),
                    }
                }
                (None, Some(n)) => {
                    let text = n.value.as_scalar().unwrap_or_default();
                    let days = match text.trim().parse::<u32>() {
                        Ok(d) if (1..=365).contains(&d) => d,
                        _ => {
                            return bad(
                                r,
                                format!("`working_days: {text}` 应为 1 到 365 之间的整数"),
                            );
                        }
                    };
                    match get("after").map(|a| a.value.as_scalar().unwrap_or_default()) {
                        None => Some(Due::WorkingDays(days)),
                        Some(a) if a == "形成" => Some(Due::WorkingDays(days)),
                        Some(a) => bad(
                            r,
                            format!(
                                "`after: {a}` 不支持：工作日从信息形成之日（成文日期）起算，写 `after: 形成`"
                            ),
                        ),
                    }
                }
                (None, None) => bad(r, "缺少 `every` 或 `working_days`".into()),
            }
        }
        Yaml::Str(s) => {
            let what = match did_you_mean(s, ["none", "year", "quarter", "month"]) {
                Some(g) if g != "none" => {
                    format!("`due: {s}` 不是可用的写法（是否想写 `{{every: {g}}}`？）")
                }
                _ => format!("`due: {s}` 不是可用的写法"),
            };
            bad(r, what)
        }
        v => bad(r, format!("应为映射或 none，实际是 {}", v.type_name())),
    }
}

fn read_bodies(r: &mut MapReader, bodies: &[Body]) -> Option<Vec<Applies>> {
    if !r.has("bodies") {
        r.missing(
            "bodies",
            "公开主体",
            "写出须公开该事项的主体类别或名称，例如 `bodies: [部门]`、`bodies: [本级政府, 镇街]`",
        );
        return None;
    }
    let entries = r.strs("bodies");
    if entries.is_empty() {
        let l = r.line_of("bodies");
        r.error(
            l,
            "`bodies` (公开主体) 为空",
            Some("例如 `bodies: [部门]`".into()),
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
            Some(g) => format!("是否应为 `{g}`？可写主体类别或公开主体名称：{list}"),
            None => format!("可写主体类别或公开主体名称：{list}"),
        };
        r.error(
            line,
            format!("`bodies` (公开主体)：`{name}` 既不是主体类别也不是公开主体名称"),
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
