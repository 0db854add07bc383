//! Output files besides pages (data, feeds, sitemap), and moving re-rendered files into the
//! served folder.

use std::collections::HashSet;
use std::path::Path;

use rayon::prelude::*;

use crate::dates::Date;
use crate::model::PublicSite;
use crate::model::paths::url_encode_path;
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
    pub decisions: bool,
    pub normative: bool,
    pub sitemap: bool,
}

impl Parts {
    pub const ALL: Parts = Parts {
        decisions: true,
        normative: true,
        sitemap: true,
    };
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
