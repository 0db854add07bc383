//! broken-link: what the build does not already refuse. The build rejects links to missing
//! documents and files; here we look for malformed external URLs and `#fragment`s that
//! name no element of the target page. No network access (there is no `--online` mode).

use std::collections::{BTreeSet, HashMap};

use pulldown_cmark::{Event, Parser, Tag};

use crate::check::{Finding, items};
use crate::model::Site;
use crate::model::links::{LinkKind, md_options};
use crate::model::paths::url_decode;

pub(super) fn check(site: &Site, page_ids: &BTreeSet<String>, out: &mut Vec<Finding>) {
    let mut ids_cache: HashMap<usize, BTreeSet<String>> = HashMap::new();
    for (i, d) in site.docs.iter().enumerate() {
        if !site.published[i] {
            continue;
        }
        for l in &d.links {
            let (target, frag) = match &l.kind {
                LinkKind::External { well_formed: false } => {
                    out.push(
                        Finding::doc(site, i, "broken-link", l.line, format!("链接地址格式错误：`{}`", l.dest))
                            .basis(items::BROKEN_LINK)
                            .help("写完整的地址，如 https://www.gov.cn/zhengce/2021-01/01/content_1.htm（不含空格、有域名）"),
                    );
                    continue;
                }
                LinkKind::Doc { id, frag: Some(f) } => match site.by_id.get(id) {
                    Some(&t) => (t, f.as_str()),
                    None => continue,
                },
                LinkKind::Other if l.dest.len() > 1 && l.dest.starts_with('#') => (i, &l.dest[1..]),
                _ => continue,
            };
            if frag.is_empty() {
                continue;
            }
            let frag = url_decode(frag).unwrap_or_else(|| frag.to_string());
            if page_ids.contains(&frag) {
                continue;
            }
            let ids = ids_cache
                .entry(target)
                .or_insert_with(|| body_ids(&site.docs[target].body));
            if !ids.contains(&frag) {
                let where_ = if target == i {
                    "本页".to_string()
                } else {
                    format!("{}.md", site.docs[target].id)
                };
                let known = if ids.is_empty() {
                    "目标正文没有任何锚点；用 `## 标题 {#id}` 给标题加锚点".to_string()
                } else {
                    format!(
                        "已有锚点：{}",
                        ids.iter()
                            .map(|s| format!("#{s}"))
                            .collect::<Vec<_>>()
                            .join(" ")
                    )
                };
                out.push(
                    Finding::doc(
                        site,
                        i,
                        "broken-link",
                        l.line,
                        format!(
                            "链接 `{}` 指向的锚点 `#{frag}` 在 {where_} 中不存在",
                            l.dest
                        ),
                    )
                    .basis(items::BROKEN_LINK)
                    .help(format!("改正链接中的锚点，或给目标标题加上该锚点；{known}")),
                );
            }
        }
    }
}

/// Element ids a rendered body will have: `{#id}` heading attributes, footnote
/// definitions, and `id`/`name` attributes in raw HTML.
fn body_ids(body: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for ev in Parser::new_ext(body, md_options()) {
        match ev {
            Event::Start(Tag::Heading { id: Some(id), .. }) => {
                ids.insert(id.to_string());
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                ids.insert(label.to_string());
            }
            Event::Html(h) | Event::InlineHtml(h) => html_ids(&h, &mut ids),
            _ => {}
        }
    }
    ids
}

/// `id="x"`, `id='x'`, `name="x"` in a fragment of HTML.
pub fn html_ids(html: &str, ids: &mut BTreeSet<String>) {
    for attr in ["id=", "name="] {
        let mut rest = html;
        while let Some(p) = rest.find(attr) {
            let before = rest[..p].chars().next_back();
            rest = &rest[p + attr.len()..];
            if !before.is_some_and(char::is_whitespace) {
                continue;
            }
            let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                continue;
            };
            if let Some(end) = rest[1..].find(q) {
                let v = &rest[1..1 + end];
                if !v.is_empty() && !v.contains("{{") && !v.contains("{%") {
                    ids.insert(v.to_string());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_ids() {
        let ids = body_ids(
            "# 总则 {#zongze}\n\n正文[^1]。\n\n<a name=\"fj\"></a><span id='x1'>x</span>\n\n[^1]: 注释\n",
        );
        let v: Vec<&str> = ids.iter().map(String::as_str).collect();
        assert_eq!(v, ["1", "fj", "x1", "zongze"]);
    }

    #[test]
    fn template_ids_skip_expressions() {
        let mut ids = BTreeSet::new();
        html_ids(
            "<main id=\"main\"><h2 id=\"cat-{{ y.year }}\">x</h2><div data-id=\"no\">",
            &mut ids,
        );
        assert_eq!(ids.into_iter().collect::<Vec<_>>(), ["main"]);
    }
}
