//! The link phases of the import plan, each a step of [`super::plan`]: attachments
//! copied beside the documents that link them, 解读 ↔ document edges, and report rows
//! for the files that became no document.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::super::existing::Existing;
use super::super::page::{self, PageKind};
use super::super::report::{Entry, Status};
use super::super::urls::OldUrl;
use super::super::{FileClass, MirrorFile, Read};
use super::Doc;
use super::helpers::{dir_of, doc_url, entry, rel_path};
use crate::config::SiteConfig;

/// Attachment file → (the document it is copied beside, its file name there).
pub(super) type AttachOf = HashMap<usize, (usize, String)>;

/// A document's link targets (one per link token) and the attachments it copies: each
/// attachment goes beside the first document that links it. Returns file → (doc, name) and
/// the token targets per document.
pub(super) fn attachments(
    docs: &mut [Doc],
    files: &[MirrorFile],
    existing: &Existing,
    doc_of_file: &HashMap<usize, usize>,
    resolve: &impl Fn(usize, &str) -> (Option<usize>, Option<OldUrl>),
) -> (AttachOf, Vec<Vec<String>>) {
    let mut attach_of: HashMap<usize, (usize, String)> = HashMap::new(); // file → (doc, name)
    let mut names_in: HashMap<String, HashSet<String>> = HashMap::new(); // folder → names
    let mut token_target: Vec<Vec<String>> = vec![Vec::new(); docs.len()];
    for di in 0..docs.len() {
        let folder = dir_of(&docs[di].path).to_string();
        let mut targets = Vec::with_capacity(docs[di].refs.len());
        for h in docs[di].refs.clone() {
            let (t, abs) = resolve(docs[di].file, &h);
            let target = match t {
                Some(t) if files[t].class == FileClass::Attachment && !files[t].symlink => {
                    let name = match attach_of.get(&t) {
                        Some((d0, nm)) if dir_of(&docs[*d0].path) == folder => Some(nm.clone()),
                        _ => None,
                    };
                    let name = name.unwrap_or_else(|| {
                        let base = files[t]
                            .rel
                            .rsplit('/')
                            .next()
                            .unwrap_or("file")
                            .to_string();
                        let base =
                            base.replace(['#', '?', '%', ' ', '(', ')', '[', ']', '<', '>'], "-");
                        let taken = names_in.entry(folder.clone()).or_default();
                        let mut nm = base.clone();
                        let stem = Path::new(&docs[di].path)
                            .file_stem()
                            .map(|s| s.to_string_lossy().into_owned())
                            .unwrap_or_default();
                        let on_disk = |nm: &str| existing.paths.contains(&format!("{folder}/{nm}"));
                        if taken.contains(&nm) || on_disk(&nm) {
                            nm = format!("{stem}-{base}");
                        }
                        taken.insert(nm.clone());
                        nm
                    });
                    attach_of.entry(t).or_insert((di, name.clone()));
                    if !docs[di].attachments.contains(&name) {
                        docs[di].attachments.push(name.clone());
                        docs[di].copies.push((t, name.clone()));
                    }
                    name
                }
                Some(t) => match doc_of_file.get(&t) {
                    Some(&d) => rel_path(&folder, &docs[d].path),
                    None => abs
                        .map(|u| u.text())
                        .filter(|s| s.starts_with("http"))
                        .unwrap_or_else(|| "#".into()),
                },
                None => match abs {
                    Some(u) if !u.host.is_empty() => u.text(),
                    _ if h.starts_with("http") => h.clone(),
                    _ => "#".into(),
                },
            };
            targets.push(target);
        }
        token_target[di] = targets;
    }
    (attach_of, token_target)
}

/// 解读 ↔ document, both ways: an interpretation links the document it explains, a
/// document links its 解读.
pub(super) fn interpretation_edges(
    docs: &mut [Doc],
    read: &[Option<Read>],
    doc_of_file: &HashMap<usize, usize>,
    resolve: &impl Fn(usize, &str) -> (Option<usize>, Option<OldUrl>),
) {
    let mut edges: Vec<(usize, usize)> = Vec::new(); // (interpretation, document)
    for di in 0..docs.len() {
        let Some(p) = read[docs[di].file].as_ref().and_then(|r| r.parsed.as_ref()) else {
            continue;
        };
        if !page::is_attachment(&docs[di].refs.first().cloned().unwrap_or_default())
            || p.kind == PageKind::Document
        {
            let is_jd = docs[di].kind == "政策解读";
            let mut cands: Vec<String> = docs[di].refs.clone();
            for l in &p.links {
                if (is_jd && l.mentions(&["原文", "相关文件", "政策文件"]))
                    || (!is_jd && l.mentions(&["解读"]))
                {
                    cands.push(l.href.clone());
                }
            }
            for h in cands {
                if let (Some(t), _) = resolve(docs[di].file, &h)
                    && let Some(&dj) = doc_of_file.get(&t)
                    && dj != di
                {
                    let (a, b) = if is_jd { (di, dj) } else { (dj, di) };
                    if docs[a].kind == "政策解读"
                        && docs[b].kind != "政策解读"
                        && !edges.contains(&(a, b))
                    {
                        edges.push((a, b));
                    }
                }
            }
        }
    }
    for (a, b) in edges {
        let (pa, pb) = (docs[a].path.clone(), docs[b].path.clone());
        if !docs[a].interprets.contains(&pb) {
            docs[a].interprets.push(pb);
        }
        if !docs[b].interpretation.contains(&pa) {
            docs[b].interpretation.push(pa);
        }
    }
}

/// Attachment rows, and everything not yet reported.
pub(super) fn remaining_entries(
    entries: &mut [Option<Entry>],
    files: &[MirrorFile],
    file_url: &[OldUrl],
    attach_of: &AttachOf,
    docs: &[Doc],
) {
    let n = files.len();
    for i in 0..n {
        if entries[i].is_some() {
            continue;
        }
        let f = &files[i];
        let url = Some(file_url[i].text());
        let e = if f.symlink {
            entry(
                f,
                url,
                Status::Skipped,
                Some("符号链接，未跟随".to_string()),
            )
        } else {
            match f.class {
                FileClass::Attachment => match attach_of.get(&i) {
                    Some((d, nm)) => {
                        let mut e = entry(
                            f,
                            url,
                            if docs[*d].status == Status::Imported {
                                Status::Imported
                            } else {
                                Status::Skipped
                            },
                            Some(format!("附件，复制为 {}/{nm}", dir_of(&docs[*d].path))),
                        );
                        e.document = Some(docs[*d].path.clone());
                        e
                    }
                    None => entry(
                        f,
                        url,
                        Status::Skipped,
                        Some("附件未被任何导入的页面引用".to_string()),
                    ),
                },
                FileClass::Asset => entry(
                    f,
                    url,
                    Status::Skipped,
                    Some("网站样式/脚本资源，不导入".to_string()),
                ),
                _ => entry(f, url, Status::Skipped, Some("不是网页或附件".to_string())),
            }
        };
        entries[i] = Some(e);
    }
}

/// Redirects: every old page address that now has a document → the document's URL.
pub(super) fn redirects(
    entries: &[Option<Entry>],
    files: &[MirrorFile],
    cfg: &SiteConfig,
) -> Vec<(String, String)> {
    let n = files.len();
    let mut redirects: Vec<(String, String)> = Vec::new();
    for i in 0..n {
        let Some(e) = &entries[i] else { continue };
        if files[i].class != FileClass::Page {
            continue;
        }
        if let (Some(d), Some(u)) = (&e.document, &e.url)
            && d.ends_with(".md")
            && matches!(
                e.status,
                Status::Imported | Status::Duplicate | Status::Skipped
            )
        {
            redirects.push((u.clone(), doc_url(cfg, d)));
        }
    }
    redirects.sort();
    redirects.dedup();
    redirects
}
