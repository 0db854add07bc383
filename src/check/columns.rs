//! Column rules (政府网站检查指标): empty-column and stale-column. Findings point at the
//! column's entry in site.yaml. A parent section counts the documents of its sub-columns.

use crate::check::{Finding, Subject, default_severity, items};
use crate::config::Freshness;
use crate::model::Site;

/// `# gongkai: allow(rule) 理由` written inside a column's entry in site.yaml.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnAllow {
    pub column: usize,
    pub rule: String,
    pub reason: String,
    pub line: usize,
}

/// Documents counted for column `c`: its own and those of its sub-columns.
pub fn counted_docs(site: &Site, c: usize) -> impl Iterator<Item = usize> + '_ {
    let path = site.config.columns[c].path.as_str();
    site.docs.iter().enumerate().filter_map(move |(i, d)| {
        let p = site.config.columns[d.column].path.as_str();
        (p == path
            || p.strip_prefix(path)
                .is_some_and(|rest| rest.starts_with('/')))
        .then_some(i)
    })
}

fn column_finding(site: &Site, c: usize, rule: &'static str, message: String) -> Finding {
    Finding {
        rule,
        severity: default_severity(rule),
        file: "site.yaml".into(),
        line: Some(site.config.columns[c].line),
        message,
        help: None,
        subject: Subject::Column(c),
    }
}

pub(super) fn check(site: &Site, out: &mut Vec<Finding>) {
    for (c, col) in site.config.columns.iter().enumerate() {
        let newest = counted_docs(site, c)
            .filter(|&i| site.published[i])
            .max_by_key(|&i| (site.docs[i].publish_date(), std::cmp::Reverse(i)));
        let (title, path) = (&col.title, &col.path);
        let Some(newest) = newest else {
            out.push(
                column_finding(
                    site,
                    c,
                    "empty-column",
                    t!(
                        "空白栏目：栏目「{title}」(`path: {path}`) 没有已发布的信息",
                        "empty column: 「{title}」 (`path: {path}`) has no published document"
                    ),
                )
                .basis(items::EMPTY_COLUMN)
                .help(t!(
                    "在 content/{path}/ 下发布信息；栏目确实不再使用时从 site.yaml 的 `columns` 中删除，或在该栏目条目内写 `# gongkai: allow(empty-column) 理由`",
                    "publish a document under content/{path}/; remove the column from `columns` in site.yaml if it is no longer used, or write `# gongkai: allow(empty-column) <reason>` inside its entry"
                )),
            );
            continue;
        };
        let d = &site.docs[newest];
        let last = d.publish_date();
        let Some(due) = col.freshness.due(last) else {
            continue;
        };
        if site.today > due {
            let (class, item) = match col.freshness {
                Freshness::News => (
                    crate::i18n::pick("news，动态、要闻类", "news"),
                    items::STALE_NEWS,
                ),
                Freshness::Planning => (
                    crate::i18n::pick("planning，规划计划类", "planning"),
                    items::STALE_PLANNING,
                ),
                _ => (
                    crate::i18n::pick("policy，通知公告、政策文件类", "policy"),
                    items::STALE_POLICY,
                ),
            };
            let period = col.freshness.period();
            let file = d.file.to_string_lossy().replace('\\', "/");
            let today = site.today;
            out.push(
                column_finding(
                    site,
                    c,
                    "stale-column",
                    t!(
                        "栏目「{title}」(`path: {path}`，`freshness: {class}`) 已超过{period}未更新：最近发布 {last}（{file}），至迟应在 {due} 前更新，检查日 {today}",
                        "column 「{title}」 (`path: {path}`, `freshness: {class}`) not updated for more than {period}: last published {last} ({file}), due by {due}, inspected {today}"
                    ),
                )
                .basis(item)
                .help(t!(
                    "发布新的信息；栏目类别不对时调整 site.yaml 中该栏目的 `freshness`（news 2周 | policy 6个月 | planning 1年 | none 不要求）；如栏目依规定不需更新，在该栏目条目内写 `# gongkai: allow(stale-column) 理由`",
                    "publish something new; if the column's class is wrong, change its `freshness` in site.yaml (news 2周 | policy 6个月 | planning 1年 | none); if it need not be updated, write `# gongkai: allow(stale-column) <reason>` inside its entry"
                )),
            );
        }
    }
}

/// Find allow comments on column entries: on the `- path:` line, or on a line inside the
/// entry (indented deeper than its `-`), before the next entry.
pub fn allows_in_site_yaml(site: &Site, text: Option<&str>) -> Vec<ColumnAllow> {
    let Some(text) = text else { return Vec::new() };
    let lines: Vec<&str> = text.lines().collect();
    let indent = |s: &str| s.len() - s.trim_start_matches(' ').len();
    let mut out = Vec::new();
    for (c, col) in site.config.columns.iter().enumerate() {
        let Some(first) = lines.get(col.line.wrapping_sub(1)) else {
            continue;
        };
        let dash = indent(first);
        let mut n = col.line; // 1-based line number of `first`
        let mut cur = *first;
        loop {
            if let Some((rule, reason)) = allow_comment(cur) {
                out.push(ColumnAllow {
                    column: c,
                    rule,
                    reason,
                    line: n,
                });
            }
            n += 1;
            let Some(next) = lines.get(n - 1) else { break };
            let t = next.trim_start();
            if !t.is_empty() && indent(next) <= dash {
                if t.starts_with('#') {
                    // A comment at the entry's own level belongs to no entry: skip it.
                    cur = "";
                    continue;
                }
                break;
            }
            cur = next;
        }
    }
    out
}

/// `… # gongkai: allow(rule) 理由` → (rule, reason).
fn allow_comment(line: &str) -> Option<(String, String)> {
    let pos = line.find("gongkai: allow(")?;
    if !line[..pos].contains('#') {
        return None;
    }
    let rest = &line[pos + "gongkai: allow(".len()..];
    let end = rest.find(')')?;
    Some((
        rest[..end].trim().to_string(),
        rest[end + 1..].trim().to_string(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allow_comment_parses() {
        assert_eq!(
            allow_comment("    freshness: news # gongkai: allow(stale-column) 按年更新"),
            Some(("stale-column".into(), "按年更新".into()))
        );
        assert_eq!(allow_comment("  title: gongkai: allow(x)"), None);
    }
}
