//! Output files besides pages (data, feeds, sitemap), and moving re-rendered files into the
//! served folder.

use std::collections::HashSet;
use std::path::Path;

use rayon::prelude::*;

use crate::data;
use crate::model::PublicSite;
use crate::model::public::PubDoc;
use crate::output::{OutputError, io_err};

pub use crate::render::files::Parts;

/// `data/documents.json` kept in memory with the byte range of each document's record, so an
/// edit re-serializes only the records of the documents it touched (the whole file takes tens
/// of milliseconds at 10,000 documents).
pub struct DocsJson {
    bytes: Vec<u8>,
    ranges: Vec<(usize, usize)>,
}

impl DocsJson {
    /// Split the file as `data::documents_json` writes it (`data::to_json`): compact JSON,
    /// one top-level record per line (strings never hold raw newlines, so a line is a record).
    pub fn new(bytes: Vec<u8>) -> Option<DocsJson> {
        let mut ranges = Vec::new();
        if bytes.starts_with(b"[\n{") {
            let mut start = 2;
            loop {
                let nl = start + bytes[start..].iter().position(|&c| c == b'\n')?;
                if bytes[nl - 1] == b',' {
                    ranges.push((start, nl - 1));
                    start = nl + 1;
                } else if bytes.get(nl..nl + 2)? == b"\n]" {
                    ranges.push((start, nl));
                    break;
                } else {
                    return None;
                }
            }
        } else if bytes != b"[\n]\n" {
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

    /// The file with the records of `docs` (positions in `public.docs`) serialized afresh and
    /// the others kept; `from[j]` is the old position of the document now at `j` (`None`:
    /// added, and then in `docs`). `None` when the file must be written whole.
    pub fn update(
        &self,
        public: &PublicSite,
        docs: &[usize],
        from: &dyn Fn(usize) -> Option<usize>,
    ) -> Option<DocsJson> {
        let (&(first, _), &(_, last)) = (self.ranges.first()?, self.ranges.last()?);
        if public.docs.is_empty() {
            return None;
        }
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
                    order: vec![0],
                    reports: Default::default(),
                };
                (i, data::documents_json(&one))
            })
            .collect();
        fresh.sort_by_key(|f| f.0);
        let mut fresh = fresh.into_iter().peekable();
        let mut out = Vec::with_capacity(self.bytes.len() + 1024);
        let mut ranges = Vec::with_capacity(public.docs.len());
        out.extend_from_slice(&self.bytes[..first]);
        for j in 0..public.docs.len() {
            if j > 0 {
                out.extend_from_slice(b",\n");
            }
            let start = out.len();
            if fresh.peek().is_some_and(|f| f.0 == j) {
                let (_, file) = fresh.next()?;
                let rec = DocsJson::new(file)?;
                let &(ra, rb) = rec.ranges.first()?;
                out.extend_from_slice(&rec.bytes[ra..rb]);
            } else {
                let &(a, b) = self.ranges.get(from(j)?)?;
                out.extend_from_slice(&self.bytes[a..b]);
            }
            ranges.push((start, out.len()));
        }
        out.extend_from_slice(&self.bytes[last..]);
        Some(DocsJson { bytes: out, ranges })
    }
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
