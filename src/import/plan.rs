//! The sequential part of an import: decide, for every parsed page, whether and where it
//! becomes a document, then resolve links, attachments and 解读 edges, and fill the report.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use super::existing::Existing;
use super::map::ImportMap;
use super::meta::{self, Field};
use super::page::{self, Link, PageKind, Parsed};
use super::report::{Entry, Proposals, Status};
use super::urls::{self, OldUrl};
use super::{MirrorFile, Read};
use crate::config::SiteConfig;
use helpers::{Column, entry, folder_from, kind_from, norm_key};
use output::replace_tokens;
pub use output::write;

mod helpers;
mod links;
mod output;
mod pdf;
use crate::dates::Date;
use crate::model::paths::slugify;

/// A document the import will write (or found already written).
#[derive(Debug, Clone)]
pub struct Doc {
    pub file: usize,
    pub path: String,
    pub title: String,
    pub issuer: Vec<String>,
    pub date: Date,
    pub published: Option<Date>,
    pub doc_number: Option<String>,
    pub index_number: Option<String>,
    pub kind: String,
    pub topics: Vec<String>,
    pub validity: Option<&'static str>,
    pub body: String,
    /// `gkref:N` targets as written on the page.
    pub refs: Vec<String>,
    pub attachments: Vec<String>,
    pub interpretation: Vec<String>,
    pub interprets: Vec<String>,
    /// Attachment copies: (mirror file, file name beside the document).
    pub copies: Vec<(usize, String)>,
    pub status: Status,
}

/// Everything the write step and the reports need.
pub struct Plan {
    pub docs: Vec<Doc>,
    pub entries: Vec<Entry>,
    pub redirects: Vec<(String, String)>,
    pub proposals: Proposals,
    pub written: usize,
}

struct Lookup {
    by_key: HashMap<String, usize>,
}

impl Lookup {
    fn find(&self, u: &OldUrl) -> Option<usize> {
        urls::candidates(u)
            .iter()
            .find_map(|k| self.by_key.get(k).copied())
    }
}

pub fn plan(
    files: &[MirrorFile],
    reads: Vec<(usize, Read)>,
    cfg: &SiteConfig,
    map: Option<&ImportMap>,
    existing: &Existing,
) -> Plan {
    let n = files.len();
    let mut read: Vec<Option<Read>> = (0..n).map(|_| None).collect();
    for (i, r) in reads {
        read[i] = Some(r);
    }
    // Addresses: from the mirror layout, and (for browser-saved pages) the saved-from URL.
    let file_url: Vec<OldUrl> = files
        .iter()
        .map(|f| urls::from_mirror_path(&f.rel))
        .collect();
    let mut page_url: Vec<OldUrl> = file_url.clone();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for (i, u) in file_url.iter().enumerate() {
        by_key.entry(u.key()).or_insert(i);
    }
    for i in 0..n {
        if let Some(p) = read[i].as_ref().and_then(|r| r.parsed.as_ref()) {
            let own = p.saved_from.as_deref().and_then(OldUrl::parse).or_else(|| {
                // Without host folders the mirror path says little; trust the page.
                if file_url[i].host.is_empty() {
                    p.meta("url")
                        .and_then(OldUrl::parse)
                        .or_else(|| p.canonical.as_deref().and_then(OldUrl::parse))
                } else {
                    None
                }
            });
            if let Some(u) = own {
                by_key.entry(u.key()).or_insert(i);
                page_url[i] = u;
            }
        }
    }
    let lookup = Lookup { by_key };
    // A link on page i → mirror file, trying the file's own location first (browser-saved
    // pages point at `./page_files/…`), then the page's original address.
    let resolve = |i: usize, href: &str| -> (Option<usize>, Option<OldUrl>) {
        let a = file_url[i].join(href);
        if let Some(f) = a.as_ref().and_then(|u| lookup.find(u)) {
            return (Some(f), a);
        }
        let b = page_url[i].join(href);
        if let Some(f) = b.as_ref().and_then(|u| lookup.find(u)) {
            return (Some(f), b);
        }
        (None, b.or(a))
    };

    // List pages and list data: who links to what, with which column name and address.
    struct ListInfo {
        name: Option<String>,
        path: String,
        host: String,
    }
    let mut lists: HashMap<usize, ListInfo> = HashMap::new();
    let mut referrers: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut list_rows: Vec<(usize, Link)> = Vec::new();
    for i in 0..n {
        let Some(r) = &read[i] else { continue };
        let (links, name) = match (&r.parsed, &r.list) {
            (Some(p), _) if p.kind == PageKind::List => {
                let name = p
                    .meta("columnname")
                    .map(str::to_string)
                    .or_else(|| {
                        p.breadcrumb
                            .last()
                            .map(|l| l.text.clone())
                            .filter(|t| !t.is_empty())
                    })
                    .or_else(|| p.title.clone());
                (p.links.clone(), name)
            }
            (_, Some((links, name))) => (links.clone(), name.clone()),
            _ => continue,
        };
        lists.insert(
            i,
            ListInfo {
                name,
                path: page_url[i].path.clone(),
                host: page_url[i].host.clone(),
            },
        );
        for l in links {
            if let (Some(t), _) = resolve(i, &l.href)
                && t != i
            {
                let v = referrers.entry(t).or_default();
                if !v.contains(&i) {
                    v.push(i);
                }
                list_rows.push((i, l));
            }
        }
    }

    let column_of = |i: usize, p: Option<&Parsed>| -> Column {
        let mut names: Vec<String> = Vec::new();
        let mut prefixes: Vec<(String, String)> = Vec::new(); // (host, path)
        if let Some(c) = p.and_then(|p| p.meta("columnname")) {
            names.push(c.to_string());
        }
        prefixes.push((page_url[i].host.clone(), page_url[i].path.clone()));
        if let Some(p) = p {
            for l in p.breadcrumb.iter().rev() {
                if let (_, Some(u)) = resolve(i, &l.href) {
                    prefixes.push((u.host.clone(), u.path.clone()));
                }
                if !l.text.is_empty() && !matches!(l.text.as_str(), "首页" | "网站首页") {
                    names.push(l.text.clone());
                }
            }
        }
        for r in referrers.get(&i).into_iter().flatten() {
            if let Some(li) = lists.get(r) {
                prefixes.push((li.host.clone(), li.path.clone()));
                if let Some(nm) = &li.name {
                    names.push(nm.clone());
                }
            }
        }
        let first_name = names.first().cloned();
        if let Some(m) = map {
            // Own ColumnName, own address, breadcrumb, referring lists — in that order.
            for nm in &names {
                if let Some(t) = m.by_name(nm) {
                    return Column {
                        target: Some(t.clone()),
                        proposal: (nm.clone(), t.path.clone()),
                        name: Some(nm.clone()),
                    };
                }
            }
            for (h, pth) in &prefixes {
                if let Some(t) = m.by_url(h, pth) {
                    return Column {
                        target: Some(t.clone()),
                        proposal: (pth.clone(), t.path.clone()),
                        name: first_name,
                    };
                }
            }
        }
        // A proposal: the referring list's folder, else the page's own folder.
        let list_dir = referrers
            .get(&i)
            .and_then(|v| v.first())
            .and_then(|r| lists.get(r))
            .map(|l| l.path.clone());
        let base = list_dir.unwrap_or_else(|| page_url[i].path.clone());
        let folder = folder_from(&base);
        let key = first_name
            .clone()
            .unwrap_or_else(|| format!("{}/", &base[..base.rfind('/').unwrap_or(0)]));
        Column {
            target: None,
            proposal: (key, folder),
            name: first_name,
        }
    };

    let mut entries: Vec<Option<Entry>> = (0..n).map(|_| None).collect();
    let mut docs: Vec<Doc> = Vec::new();
    let mut doc_of_file: HashMap<usize, usize> = HashMap::new();
    let mut proposals = Proposals::default();
    let mut planned: HashSet<String> = HashSet::new();
    let mut dup_keys: HashMap<String, usize> = HashMap::new();

    let resolve_issuer = |s: &str| -> Option<Vec<String>> {
        let s = s.trim();
        let one = |x: &str| -> Option<String> {
            let x = x.trim();
            let mapped = map.and_then(|m| m.unit(x)).unwrap_or(x);
            cfg.unit_index(mapped).map(|u| cfg.units[u].name.clone())
        };
        if let Some(u) = one(s) {
            return Some(vec![u]);
        }
        let parts: Vec<&str> = s
            .split(['、', ',', '，', ' '])
            .filter(|p| !p.trim().is_empty())
            .collect();
        if parts.len() > 1 {
            let all: Option<Vec<String>> = parts.iter().map(|p| one(p)).collect();
            return all;
        }
        None
    };

    // Documents from pages.
    for i in 0..n {
        let f = &files[i];
        let Some(r) = &read[i] else { continue };
        let url = Some(page_url[i].text());
        if let Some(why) = &r.failure {
            let mut e = entry(f, url, Status::Failed, Some(why.clone()));
            e.encoding = r.encoding.clone();
            entries[i] = Some(e);
            continue;
        }
        if let Some((rows, _)) = &r.list {
            let mut e = entry(
                f,
                url,
                Status::Skipped,
                Some(format!("列表数据（{} 条）", rows.len())),
            );
            e.encoding = r.encoding.clone();
            entries[i] = Some(e);
            continue;
        }
        let Some(p) = &r.parsed else { continue };
        let mut notes: Vec<String> = Vec::new();
        if let Some(dn) = &r.decode_note {
            notes.push(dn.clone());
        }
        let status_other = |e: &mut Entry| e.encoding = r.encoding.clone();
        match p.kind {
            PageKind::List => {
                let mut e = entry(
                    f,
                    url,
                    Status::Skipped,
                    Some(format!("列表页（{} 个链接）", p.links.len())),
                );
                status_other(&mut e);
                entries[i] = Some(e);
                continue;
            }
            PageKind::Other => {
                let why = if p.truncated {
                    "页面不完整（文件被截断），也找不到标题和元数据，无法导入".to_string()
                } else {
                    "不是文档页面（没有元数据块、ArticleTitle 或正文区域）".to_string()
                };
                let st = if p.truncated {
                    Status::Failed
                } else {
                    Status::Skipped
                };
                let mut e = entry(f, url, st, Some(why));
                status_other(&mut e);
                entries[i] = Some(e);
                continue;
            }
            PageKind::Document => {}
        }
        if p.truncated {
            notes.push("页面不完整（缺少 </html>），已导入能读到的部分，请核对正文".into());
        }
        let mut inferred: Vec<String> = Vec::new();
        let mut unmapped: Vec<String> = Vec::new();
        let Some(title) = p.title.clone().filter(|t| !t.is_empty()) else {
            let mut e = entry(
                f,
                url,
                Status::Failed,
                Some("找不到标题（ArticleTitle、标题栏或 <title>）".into()),
            );
            status_other(&mut e);
            entries[i] = Some(e);
            continue;
        };
        let field_date = |fl: Field| p.field(fl).and_then(meta::find_date);
        let mut published =
            field_date(Field::Published).or_else(|| p.meta("pubdate").and_then(meta::find_date));
        let date = match field_date(Field::Date) {
            Some(d) => d,
            None => match published {
                Some(d) => {
                    inferred.push("date".into());
                    d
                }
                None => match meta::find_date(f.rel.rsplit('/').next().unwrap_or(""))
                    .or_else(|| meta::find_date(&page_url[i].path))
                {
                    Some(d) => {
                        inferred.push("date".into());
                        published = None;
                        d
                    }
                    None => {
                        let mut e = entry(
                            f,
                            url,
                            Status::Failed,
                            Some("页面上没有成文日期或发布日期，地址中也没有日期".into()),
                        );
                        status_other(&mut e);
                        entries[i] = Some(e);
                        continue;
                    }
                },
            },
        };
        let col = column_of(i, Some(p));
        let folder = col.folder(&mut proposals, &mut unmapped);
        if cfg.column_index(&folder).is_none() {
            *proposals
                .undeclared_columns
                .entry(folder.clone())
                .or_insert(0) += 1;
        }
        let kind = col
            .target
            .as_ref()
            .and_then(|t| t.kind.clone())
            .or_else(|| p.field(Field::Kind).and_then(kind_from).map(str::to_string))
            .or_else(|| col.name.as_deref().and_then(kind_from).map(str::to_string))
            .or_else(|| title.contains("解读").then(|| "政策解读".to_string()))
            .unwrap_or_else(|| "一般信息".to_string());
        let issuer_text = p
            .field(Field::Issuer)
            .map(str::to_string)
            .or_else(|| p.meta("contentsource").map(str::to_string));
        let issuer = match issuer_text.as_deref().map(|s| (s, resolve_issuer(s))) {
            Some((_, Some(u))) => u,
            Some((s, None)) => {
                unmapped.push("issuer".into());
                *proposals.units.entry(s.to_string()).or_insert(0) += 1;
                vec![s.to_string()]
            }
            None => match cfg.unit_index(&cfg.organization) {
                Some(u) => {
                    inferred.push("issuer".into());
                    vec![cfg.units[u].name.clone()]
                }
                None => {
                    unmapped.push("issuer".into());
                    *proposals.units.entry(cfg.organization.clone()).or_insert(0) += 1;
                    vec![cfg.organization.clone()]
                }
            },
        };
        let mut doc_number = p.field(Field::DocNumber).map(str::to_string);
        if let Some(dn) = &doc_number
            && let Some(fixed) = crate::docnum::suggest(dn)
        {
            notes.push(format!("文号 `{dn}` 已规范为 `{fixed}`"));
            doc_number = Some(fixed);
        }
        let index_number = p.field(Field::IndexNumber).map(str::to_string);
        let topics = p
            .field(Field::Topics)
            .map(meta::split_topics)
            .unwrap_or_default();
        let validity = if matches!(kind.as_str(), "规范性文件" | "政策文件") {
            p.field(Field::Validity).and_then(meta::validity)
        } else {
            None
        };
        let mut body = p.body_md.clone();
        let mut refs = p.refs.clone();
        // A page that is only a PDF (embedded, or a lone link with next to no text).
        let pdf_refs: Vec<usize> = refs
            .iter()
            .enumerate()
            .filter(|(_, h)| {
                h.to_ascii_lowercase()
                    .split(['?', '#'])
                    .next()
                    .unwrap_or("")
                    .ends_with(".pdf")
            })
            .map(|(k, _)| k)
            .collect();
        let mut pdf_only = None;
        if p.body_chars < 60 {
            if let Some(src) = &p.pdf_embed {
                refs.push(src.clone());
                let k = refs.len() - 1;
                let _ = write!(
                    body,
                    "{}[{}](gkref:{k})",
                    if body.is_empty() { "" } else { "\n\n" },
                    page::escape_md(&title)
                );
                pdf_only = Some(src.clone());
            } else if pdf_refs.len() == 1 {
                pdf_only = Some(refs[pdf_refs[0]].clone());
            }
        }
        if let Some(src) = &pdf_only {
            let name = src.rsplit('/').next().unwrap_or(src);
            notes.insert(
                0,
                format!("PDF-only：页面只有 PDF 文件 {name}，已作为附件导入，正文请按需补充"),
            );
        }
        let stem = {
            // A browser-saved page is named after its title; its address names it better.
            let name = if file_url[i].host.is_empty() && !page_url[i].host.is_empty() {
                page_url[i].path.rsplit('/').next().unwrap_or(&f.rel)
            } else {
                f.rel.rsplit('/').next().unwrap_or(&f.rel)
            };
            let stem = name.split('.').next().unwrap_or(name);
            if stem == "index" || stem.is_empty() {
                f.rel.rsplit('/').nth(1).unwrap_or("page").to_string()
            } else {
                stem.to_string()
            }
        };
        let mut slug = slugify(&stem);
        if slug.is_empty() {
            slug = format!("page-{i}");
        }
        let mut path = format!("{folder}/{slug}.md");
        let mut k = 2;
        while planned.contains(&path) {
            path = format!("{folder}/{slug}-{k}.md");
            k += 1;
        }
        // Duplicates: the same document posted under several columns.
        let body_key: String = body
            .chars()
            .filter(|c| !c.is_whitespace())
            .take(200)
            .collect();
        let dkey = match (&index_number, &doc_number) {
            (Some(ix), _) => format!("i:{}", norm_key(ix)),
            (None, Some(dn)) => format!("n:{}|{}", norm_key(dn), norm_key(&title)),
            _ => format!("t:{}|{}|{}", norm_key(&title), date, body_key),
        };
        let mut e = entry(f, url, Status::Imported, None);
        e.encoding = r.encoding.clone();
        if let Some(&d0) = dup_keys.get(&dkey) {
            let canon = &docs[d0];
            e.status = Status::Duplicate;
            e.document = Some(canon.path.clone());
            notes.insert(
                0,
                format!(
                    "与 {} 是同一文档（{}），只导入一次",
                    files[canon.file].rel,
                    if dkey.starts_with("i:") {
                        "索引号相同"
                    } else if dkey.starts_with("n:") {
                        "文号和标题相同"
                    } else {
                        "标题、日期和正文相同"
                    }
                ),
            );
            e.note = Some(notes.join("；"));
            doc_of_file.insert(i, d0);
            entries[i] = Some(e);
            continue;
        }
        let status = match existing.collision(
            &path,
            index_number.as_deref(),
            doc_number.as_deref(),
            &title,
        ) {
            Some((p0, why)) => {
                notes.insert(0, format!("未覆盖：{why}（{p0}）"));
                path = p0;
                Status::Skipped
            }
            None => Status::Imported,
        };
        planned.insert(path.clone());
        e.status = status;
        e.document = Some(path.clone());
        e.inferred = inferred.clone();
        e.unmapped = unmapped.clone();
        dup_keys.insert(dkey, docs.len());
        doc_of_file.insert(i, docs.len());
        docs.push(Doc {
            file: i,
            path,
            title,
            issuer,
            date,
            published,
            doc_number,
            index_number,
            kind,
            topics,
            validity,
            body,
            refs,
            attachments: Vec::new(),
            interpretation: Vec::new(),
            interprets: Vec::new(),
            copies: Vec::new(),
            status,
        });
        e.note = (!notes.is_empty()).then(|| notes.join("；"));
        entries[i] = Some(e);
    }

    // PDF-only entries: list rows that point straight at a PDF no page links to.
    pdf::pdf_only(
        &mut docs,
        &mut doc_of_file,
        &mut entries,
        &mut proposals,
        &mut planned,
        cfg,
        existing,
        files,
        &file_url,
        &list_rows,
        &resolve,
        &column_of,
    );

    // Attachments: copied beside the first document that links them.
    let (attach_of, token_target) =
        links::attachments(&mut docs, files, existing, &doc_of_file, &resolve);

    // 解读 ↔ document, both ways.
    links::interpretation_edges(&mut docs, &read, &doc_of_file, &resolve);

    // Replace the link tokens.
    for (di, d) in docs.iter_mut().enumerate() {
        d.body = replace_tokens(&d.body, &token_target[di]);
    }

    // Attachment rows, and everything not yet reported.
    links::remaining_entries(&mut entries, files, &file_url, &attach_of, &docs);

    // Redirects: every old page address that now has a document.
    let redirects = links::redirects(&entries, files, cfg);

    Plan {
        docs,
        entries: entries.into_iter().flatten().collect(),
        redirects,
        proposals,
        written: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::helpers::rel_path;
    use super::output::yaml_str;
    use super::*;

    #[test]
    fn relative_paths_and_folders() {
        assert_eq!(
            rel_path("fdzdgknr/zcjd", "fdzdgknr/gfxwj/t1.md"),
            "../gfxwj/t1.md"
        );
        assert_eq!(rel_path("a", "a/x.md"), "x.md");
        assert_eq!(
            folder_from("/xxgk/gfxwj/202105/t20210521_1.html"),
            "xxgk/gfxwj"
        );
        assert_eq!(folder_from("/art/2021/5/21/art_1_2.html"), "imported");
        assert_eq!(folder_from("/col/col123/index.html"), "col/col123");
        assert_eq!(
            replace_tokens(
                "[a](gkref:0) ![b](gkref:1) gkref:9",
                &["x.md".into(), "a b.png".into()]
            ),
            "[a](x.md) ![b](<a b.png>) gkref:9"
        );
        assert_eq!(yaml_str("罗政办字〔2021〕20号"), "罗政办字〔2021〕20号");
        assert_eq!(yaml_str("关于: 测试"), "\"关于: 测试\"");
        assert_eq!(yaml_str("2021"), "\"2021\"");
    }
}
