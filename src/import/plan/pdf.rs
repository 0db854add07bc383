//! PDF-only documents, a step of [`super::plan`]: list rows that point straight at a PDF no
//! page links to become a document with that PDF attached.

use std::collections::{HashMap, HashSet};

use super::super::existing::Existing;
use super::super::meta;
use super::super::page::{self, Link, Parsed};
use super::super::report::{Entry, Proposals, Status};
use super::super::urls::OldUrl;
use super::super::{FileClass, MirrorFile};
use super::Doc;
use super::helpers::{Column, entry, kind_from};
use crate::config::SiteConfig;
use crate::model::paths::slugify;

/// Adds a document (and its report row) for every list row that links a PDF which no
/// planned document links; rows without a date are left to be reported as attachments.
#[allow(clippy::too_many_arguments)]
pub(super) fn pdf_only(
    docs: &mut Vec<Doc>,
    doc_of_file: &mut HashMap<usize, usize>,
    entries: &mut [Option<Entry>],
    proposals: &mut Proposals,
    planned: &mut HashSet<String>,
    cfg: &SiteConfig,
    existing: &Existing,
    files: &[MirrorFile],
    file_url: &[OldUrl],
    list_rows: &[(usize, Link)],
    resolve: &impl Fn(usize, &str) -> (Option<usize>, Option<OldUrl>),
    column_of: &impl Fn(usize, Option<&Parsed>) -> Column,
) {
    let mut claimed: HashSet<usize> = HashSet::new();
    for d in docs.iter() {
        for h in &d.refs {
            if let (Some(t), _) = resolve(d.file, h) {
                claimed.insert(t);
            }
        }
    }
    let mut pdf_docs: Vec<(usize, usize, Link)> = Vec::new(); // (list, file, row)
    let mut seen_pdf: HashSet<usize> = HashSet::new();
    for (li, l) in list_rows.iter() {
        if let (Some(t), _) = resolve(*li, &l.href)
            && files[t].class == FileClass::Attachment
            && files[t].rel.to_ascii_lowercase().ends_with(".pdf")
            && !claimed.contains(&t)
            && seen_pdf.insert(t)
        {
            pdf_docs.push((*li, t, l.clone()));
        }
    }
    pdf_docs.sort_by_key(|(_, t, _)| *t);
    for (li, t, l) in pdf_docs {
        let f = &files[t];
        let name = f.rel.rsplit('/').next().unwrap_or(&f.rel).to_string();
        let title = {
            let t = l
                .text
                .trim()
                .trim_end_matches(".pdf")
                .trim_end_matches(".PDF")
                .trim()
                .to_string();
            if t.is_empty() {
                name.trim_end_matches(".pdf").to_string()
            } else {
                t
            }
        };
        let mut inferred = Vec::new();
        let mut unmapped = Vec::new();
        let date = match l.date.or_else(|| meta::find_date(&name)) {
            Some(d) => {
                inferred.push("date".into());
                d
            }
            None => continue, // reported as an unreferenced attachment below
        };
        let col = column_of(t, None);
        let col = if col.target.is_none() {
            // The list's own column.
            column_of(li, None)
        } else {
            col
        };
        let folder = col.folder(proposals, &mut unmapped);
        let kind = col
            .target
            .as_ref()
            .and_then(|t| t.kind.clone())
            .or_else(|| col.name.as_deref().and_then(kind_from).map(str::to_string))
            .unwrap_or_else(|| "一般信息".into());
        let issuer = match cfg.unit_index(&cfg.organization) {
            Some(u) => {
                inferred.push("issuer".into());
                vec![cfg.units[u].name.clone()]
            }
            None => {
                unmapped.push("issuer".into());
                vec![cfg.organization.clone()]
            }
        };
        let stem = slugify(name.rsplit_once('.').map(|(s, _)| s).unwrap_or(&name));
        let mut path = format!(
            "{folder}/{}.md",
            if stem.is_empty() {
                format!("pdf-{t}")
            } else {
                stem
            }
        );
        let mut k = 2;
        while planned.contains(&path) {
            path = format!("{folder}/{}-{k}.md", slugify(&name));
            k += 1;
        }
        let mut note = format!(
            "PDF-only：列表条目直接链接 PDF 文件 {name}，已建文档并附上该文件，正文请按需补充"
        );
        let status = match existing.collision(&path, None, None, &title) {
            Some((p0, why)) => {
                note = format!("{note}；未覆盖：{why}（{p0}）");
                path = p0;
                Status::Skipped
            }
            None => Status::Imported,
        };
        planned.insert(path.clone());
        let body = format!("[{}](gkref:0)", page::escape_md(&title));
        let href = l.href.clone();
        doc_of_file.insert(t, docs.len());
        docs.push(Doc {
            file: li,
            path,
            title,
            issuer,
            date,
            published: None,
            doc_number: None,
            index_number: None,
            kind,
            topics: Vec::new(),
            validity: None,
            body,
            refs: vec![href],
            attachments: Vec::new(),
            interpretation: Vec::new(),
            interprets: Vec::new(),
            copies: Vec::new(),
            status,
        });
        let mut e = entry(f, Some(file_url[t].text()), status, Some(note));
        e.document = Some(docs.last().map(|d| d.path.clone()).unwrap_or_default());
        e.inferred = inferred;
        e.unmapped = unmapped;
        entries[t] = Some(e);
    }
}
