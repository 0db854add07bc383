//! Output files besides pages (data, feeds, sitemap), and moving re-rendered files into the
//! served folder.

use std::collections::HashSet;
use std::path::Path;

use rayon::prelude::*;

use crate::dates::Date;
use crate::model::PublicSite;
use crate::model::paths::url_encode_path;
use crate::model::public::PubDoc;
use crate::output::{OutputError, Staging, io_err};
use crate::render::pages::ListSpec;
use crate::{data, feeds};

/// Data exports, feeds, sitemap and robots.txt — the same files `build` writes, generated in
/// parallel.
pub fn site_files(
    public: &PublicSite,
    specs: &[ListSpec],
    has_normative_index: bool,
    parts: Parts,
) -> Vec<(String, Vec<u8>)> {
    let sitemap = || {
        let mut pages: Vec<(String, Option<Date>)> = vec![("/".into(), None)];
        for s in specs {
            pages.push((
                url_encode_path(&format!("/{}/", s.out_dir)),
                s.docs.first().map(|&i| public.docs[i].doc.publish_date()),
            ));
        }
        for p in &public.docs {
            pages.push((p.doc.url.clone(), Some(p.doc.publish_date())));
        }
        if has_normative_index {
            pages.push(("/gfxwjql/".into(), None));
        }
        if !public.catalog.is_empty() {
            pages.push(("/zdjcml/".into(), None));
        }
        feeds::sitemap(public, &pages)
    };
    let files: Vec<Vec<(String, Vec<u8>)>> = (0..6)
        .into_par_iter()
        .filter(|job| match job {
            0 => parts.documents,
            1 => parts.decisions,
            3 => parts.normative,
            5 => parts.sitemap,
            _ => true,
        })
        .map(|job| match job {
            0 => vec![("data/documents.json".into(), data::documents_json(public))],
            1 => vec![("data/decisions.json".into(), data::decisions_json(public))],
            2 => vec![
                ("feed.xml".into(), feeds::site_feed(public)),
                ("robots.txt".into(), feeds::robots(public)),
            ],
            3 => vec![
                ("data/normative.json".into(), data::normative_json(public)),
                ("data/normative.csv".into(), data::normative_csv(public)),
            ],
            4 => feeds::column_feeds(public),
            _ => vec![("sitemap.xml".into(), sitemap())],
        })
        .collect();
    files.into_iter().flatten().collect()
}

/// Which of the files that only some edits change to write.
#[derive(Debug, Clone, Copy)]
pub struct Parts {
    pub documents: bool,
    pub decisions: bool,
    pub normative: bool,
    pub sitemap: bool,
}

impl Parts {
    pub const ALL: Parts = Parts {
        documents: true,
        decisions: true,
        normative: true,
        sitemap: true,
    };
}

/// `data/documents.json` kept in memory with the byte range of each document's record, so an
/// edit re-serializes only the records of the documents it touched (the whole file takes tens
/// of milliseconds at 10,000 documents).
pub struct DocsJson {
    bytes: Vec<u8>,
    ranges: Vec<(usize, usize)>,
}

impl DocsJson {
    /// Split the file as `data::documents_json` writes it: pretty JSON, one record per
    /// top-level object (strings never hold raw newlines, so `\n  }` only closes a record).
    pub fn new(bytes: Vec<u8>) -> Option<DocsJson> {
        let mut ranges = Vec::new();
        if bytes.starts_with(b"[\n  {") {
            let mut start = 2;
            loop {
                let end = start + find(&bytes[start..], b"\n  }")? + 4;
                ranges.push((start, end));
                match bytes.get(end..end + 2)? {
                    b",\n" => start = end + 2,
                    b"\n]" => break,
                    _ => return None,
                }
            }
        } else if bytes != b"[]\n" {
            return None;
        }
        Some(DocsJson { bytes, ranges })
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub fn len(&self) -> usize {
        self.ranges.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// The file with the records of `docs` (positions in `public.docs`) serialized afresh.
    pub fn update(&self, public: &PublicSite, docs: &[usize]) -> Option<DocsJson> {
        let mut fresh: Vec<(usize, Vec<u8>)> = docs
            .par_iter()
            .map(|&i| {
                let p = &public.docs[i];
                let one = PublicSite {
                    config: public.config,
                    today: public.today,
                    drafts: public.drafts,
                    docs: vec![PubDoc {
                        doc: p.doc,
                        interpretations: p.interpretations.clone(),
                        interprets: p.interprets.clone(),
                        replaces: p.replaces.clone(),
                        replaced_by: p.replaced_by.clone(),
                        decision: None,
                        attachments: p.attachments.clone(),
                    }],
                    idx: Default::default(),
                    assets: Default::default(),
                    catalog: Vec::new(),
                };
                (i, data::documents_json(&one))
            })
            .collect();
        fresh.sort_by_key(|f| f.0);
        let mut fresh = fresh.into_iter().peekable();
        let mut out = Vec::with_capacity(self.bytes.len() + 1024);
        let mut ranges = Vec::with_capacity(self.ranges.len());
        let mut prev_end = 0;
        for (k, &(a, b)) in self.ranges.iter().enumerate() {
            out.extend_from_slice(&self.bytes[prev_end..a]);
            let start = out.len();
            if fresh.peek().is_some_and(|f| f.0 == k) {
                let (_, file) = fresh.next()?;
                let rec = DocsJson::new(file)?;
                let &(ra, rb) = rec.ranges.first()?;
                out.extend_from_slice(&rec.bytes[ra..rb]);
            } else {
                out.extend_from_slice(&self.bytes[a..b]);
            }
            ranges.push((start, out.len()));
            prev_end = b;
        }
        out.extend_from_slice(&self.bytes[prev_end..]);
        Some(DocsJson { bytes: out, ranges })
    }
}

/// Position of `needle` (which starts with a newline) in `hay`.
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let mut at = 0;
    while let Some(k) = hay[at..].iter().position(|&c| c == needle[0]) {
        if hay[at + k..].starts_with(needle) {
            return Some(at + k);
        }
        at += k + 1;
    }
    None
}

/// Copy the site's static/ folder to the output root.
pub fn copy_site_static(root: &Path, staging: &Staging) -> Result<usize, OutputError> {
    let dir = root.join("static");
    if !dir.is_dir() {
        return Ok(0);
    }
    let mut n = 0;
    for e in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let e = e.map_err(|e| io_err("read", &dir, e.into()))?;
        if !e.file_type().is_file() {
            continue;
        }
        let rel = e
            .path()
            .strip_prefix(&dir)
            .unwrap_or(e.path())
            .to_string_lossy()
            .replace('\\', "/");
        staging.copy(e.path(), &rel)?;
        n += 1;
    }
    Ok(n)
}

/// Files to move from a scratch folder into the served folder, and files to delete there.
#[derive(Default)]
pub struct Moves {
    /// Folders (`gfxwjql/`) rewritten as a whole: files there that were not rewritten go.
    owned: Vec<String>,
    remove: Vec<String>,
}

impl Moves {
    /// A listing page folder that no longer exists: its `index.html` goes.
    pub fn remove_page(&mut self, dir: &str) {
        self.remove.push(format!("{dir}/index.html"));
    }

    pub fn remove_file(&mut self, rel: &str) {
        self.remove.push(rel.to_string());
    }

    pub fn own(&mut self, prefix: &str) {
        self.owned.push(prefix.to_string());
    }

    /// Rename every file of `scratch` over `out` (each rename is atomic, so a page being served
    /// is never half-written), then delete what is gone. Returns the number of files deleted.
    pub fn apply(self, scratch: &Path, out: &Path) -> Result<usize, OutputError> {
        let mut moved: HashSet<String> = HashSet::new();
        for e in walkdir::WalkDir::new(scratch) {
            let e = e.map_err(|e| io_err("read", scratch, e.into()))?;
            if !e.file_type().is_file() {
                continue;
            }
            let rel = e
                .path()
                .strip_prefix(scratch)
                .unwrap_or(e.path())
                .to_string_lossy()
                .replace('\\', "/");
            let to = out.join(&rel);
            if let Some(p) = to.parent() {
                std::fs::create_dir_all(p).map_err(|err| io_err("create folder", p, err))?;
            }
            std::fs::rename(e.path(), &to).map_err(|err| io_err("move into place", &to, err))?;
            moved.insert(rel);
        }
        let mut removed = 0;
        let mut gone: Vec<String> = self
            .remove
            .into_iter()
            .filter(|r| !moved.contains(r))
            .collect();
        for prefix in &self.owned {
            let dir = out.join(prefix);
            for e in walkdir::WalkDir::new(&dir).into_iter().flatten() {
                if e.file_type().is_file() {
                    let rel = e
                        .path()
                        .strip_prefix(out)
                        .unwrap_or(e.path())
                        .to_string_lossy()
                        .replace('\\', "/");
                    if !moved.contains(&rel) {
                        gone.push(rel);
                    }
                }
            }
        }
        for rel in gone {
            let path = out.join(&rel);
            if std::fs::remove_file(&path).is_ok() {
                removed += 1;
                // Drop folders left empty, up to the output root.
                let mut dir = path.parent();
                while let Some(d) = dir {
                    if d == out || std::fs::remove_dir(d).is_err() {
                        break;
                    }
                    dir = d.parent();
                }
            }
        }
        Ok(removed)
    }
}
