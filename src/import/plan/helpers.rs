//! Small helpers of the import plan: kinds and folders from old addresses, relative paths,
//! public URLs, and report entries.

use super::super::MirrorFile;
use super::super::map::Target;
use super::super::meta;
use super::super::report::{Entry, Proposals, Status};
use crate::config::SiteConfig;
use crate::model::paths::{slugify, url_encode_path};

pub(super) fn kind_from(text: &str) -> Option<&'static str> {
    if text.contains("规范性文件") {
        Some("规范性文件")
    } else if text.contains("解读") {
        Some("政策解读")
    } else if text.contains("政策文件") {
        Some("政策文件")
    } else {
        None
    }
}

/// A folder proposed for an old column from its address (`/xxgk/gfxwj/` → `xxgk/gfxwj`),
/// without date folders (`/art/2021/5/21/`, `/202105/`).
pub(super) fn folder_from(path: &str) -> String {
    let dir = &path[..path.rfind('/').unwrap_or(0)];
    let segs: Vec<String> = dir
        .split('/')
        .filter(|s| !s.is_empty())
        .filter(|s| !s.bytes().all(|b| b.is_ascii_digit()))
        .filter(|s| *s != "art")
        .map(|s| slugify(s).to_ascii_lowercase())
        .filter(|s| !s.is_empty() && s.is_ascii())
        .collect();
    if segs.is_empty() {
        "imported".into()
    } else {
        segs.join("/")
    }
}

/// Old column of a document: map target if mapped, else a proposal (key, folder).
pub(super) struct Column {
    pub(super) target: Option<Target>,
    pub(super) proposal: (String, String),
    pub(super) name: Option<String>,
}

impl Column {
    /// The folder a document of this column goes to: the mapped one, else the proposed one,
    /// recorded in `proposals` (with its count) and noted as an unmapped `column`.
    pub(super) fn folder(&self, proposals: &mut Proposals, unmapped: &mut Vec<String>) -> String {
        match &self.target {
            Some(t) => t.path.clone(),
            None => {
                unmapped.push("column".into());
                let e = proposals
                    .columns
                    .entry(self.proposal.0.clone())
                    .or_insert((self.proposal.1.clone(), 0));
                e.1 += 1;
                self.proposal.1.clone()
            }
        }
    }
}

/// Relative path from a content folder to a content path.
pub(super) fn rel_path(from_dir: &str, to: &str) -> String {
    let a: Vec<&str> = from_dir.split('/').filter(|s| !s.is_empty()).collect();
    let b: Vec<&str> = to.split('/').collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out = String::new();
    for _ in common..a.len() {
        out.push_str("../");
    }
    out.push_str(&b[common..].join("/"));
    out
}

pub(super) fn dir_of(p: &str) -> &str {
    p.rfind('/').map(|i| &p[..i]).unwrap_or("")
}

/// A content path → the document's public URL below base_url.
pub fn doc_url(cfg: &SiteConfig, path: &str) -> String {
    let id = path.trim_end_matches(".md");
    let (dir, stem) = match id.rfind('/') {
        Some(i) => (&id[..i], &id[i + 1..]),
        None => ("", id),
    };
    let slug = slugify(stem);
    let out = if dir.is_empty() {
        slug
    } else {
        format!("{dir}/{slug}")
    };
    format!(
        "{}{}/",
        cfg.base_url,
        url_encode_path(&out).trim_start_matches('/')
    )
}

pub(super) fn norm_key(s: &str) -> String {
    meta::normalize(s).replace(' ', "")
}

pub(super) fn entry(
    f: &MirrorFile,
    url: Option<String>,
    status: Status,
    note: impl Into<Option<String>>,
) -> Entry {
    Entry {
        source: f.rel.clone(),
        url,
        status,
        document: None,
        encoding: None,
        inferred: Vec::new(),
        unmapped: Vec::new(),
        note: note.into(),
    }
}
