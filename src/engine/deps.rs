//! Dependencies of outputs on documents: which pages show which documents, so that a change to
//! some documents (edited, added, removed) asks the engine for only the outputs that read them.
//!
//! - a document page reads its own document and the published documents it links to by title
//!   or URL ([`refs`]: interpretations, replaces/replaced_by, decision-catalog siblings);
//! - a listing page reads the summaries of the documents on it and the listing's length (its
//!   first page shows the total; page links depend on the number of archive pages) — see
//!   [`list_jobs`];
//! - site-wide pages (home, facets, bodies) read the newest documents and counts: always
//!   re-rendered when metadata changes; the normative index/statistics and the decision
//!   catalog when a document of theirs changes; data files, feeds and the sitemap likewise.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::model::PublicSite;
use crate::render::pages::{self, ListSpec};

/// Marks a reference to, or a listing entry of, a document that no longer is published.
pub const GONE: usize = usize::MAX;

/// For each published document, the published documents whose title or URL its page shows.
pub fn refs(public: &PublicSite) -> Vec<Vec<u32>> {
    let by_url: HashMap<&str, u32> = public
        .docs
        .iter()
        .enumerate()
        .map(|(i, p)| (p.doc.url.as_str(), i as u32))
        .collect();
    public
        .docs
        .par_iter()
        .map(|p| {
            let mut v: Vec<u32> = p
                .interpretations
                .iter()
                .chain(&p.interprets)
                .chain(&p.replaces)
                .chain(&p.replaced_by)
                .filter(|l| !l.external)
                .filter_map(|l| by_url.get(l.url.as_str()).copied())
                .collect();
            if let Some(n) = p.decision {
                let item = &public.catalog[n];
                v.push(item.doc as u32);
                for cell in &item.cells {
                    v.extend(
                        cell.entries
                            .iter()
                            .filter_map(|e| e.url.as_deref().and_then(|u| by_url.get(u).copied())),
                    );
                }
            }
            v.sort_unstable();
            v.dedup();
            v
        })
        .collect()
}

/// Old positions in `PublicSite::docs` → new ones, when documents were added or removed
/// (both lists sorted by id).
pub struct Remap {
    /// `to[old]`: the new position, or [`GONE`].
    pub to: Vec<usize>,
    /// `from[new]`: the old position, or `None` for an added document.
    pub from: Vec<Option<usize>>,
}

impl Remap {
    pub fn new(old_ids: &[&str], new_ids: &[&str]) -> Remap {
        let mut to = vec![GONE; old_ids.len()];
        let mut from = vec![None; new_ids.len()];
        let (mut i, mut j) = (0, 0);
        while i < old_ids.len() && j < new_ids.len() {
            match old_ids[i].cmp(new_ids[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    to[i] = j;
                    from[j] = Some(i);
                    i += 1;
                    j += 1;
                }
            }
        }
        Remap { to, from }
    }

    /// Old positions of documents no longer published.
    pub fn gone(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.to.len()).filter(|&i| self.to[i] == GONE)
    }

    /// Reorder per-document values to the new positions; added documents get `fresh(new)`.
    pub fn apply<T>(&self, mut old: Vec<T>, fresh: impl Fn(usize) -> T) -> Vec<T>
    where
        T: Default,
    {
        self.from
            .iter()
            .enumerate()
            .map(|(j, f)| match f {
                Some(i) => std::mem::take(&mut old[*i]),
                None => fresh(j),
            })
            .collect()
    }

    /// An old position list in new positions (gone documents as [`GONE`]).
    pub fn positions(&self, old: &[usize]) -> Vec<usize> {
        old.iter().map(|&i| self.to[i]).collect()
    }
}

/// Listing pages to render again, and page folders to delete, given the listings before
/// (`old`: out_dir → documents, in the new positions) and now, and the documents whose
/// summary (the row a listing shows) changed.
pub fn list_jobs(
    specs: &[ListSpec],
    old: &HashMap<&str, Vec<usize>>,
    old_dirs: &[(&str, usize, usize)],
    new_summary: &HashSet<usize>,
) -> (Vec<(usize, usize)>, Vec<String>) {
    let mut jobs = Vec::new();
    let mut remove = Vec::new();
    for (s, spec) in specs.iter().enumerate() {
        // Columns page by `paginate_by`, unit/year/kind listings by `FACET_PER_PAGE`.
        let per = spec.per;
        let archive = pages::archive_pages(spec.docs.len(), per);
        let keys = 0..=archive;
        match old.get(spec.out_dir.as_str()) {
            Some(o) if *o == spec.docs => {
                for k in keys {
                    let slice = pages::page_slice(&spec.docs, per, k);
                    if slice.iter().any(|i| new_summary.contains(i)) {
                        jobs.push((s, k));
                    }
                }
            }
            Some(o) => {
                // Page 0 shows the total; archive pages their own slice and links to the
                // pages within two of them and to the newest archive page.
                let old_archive = pages::archive_pages(o.len(), per);
                let near_end = archive.min(old_archive);
                for k in keys {
                    let slice = pages::page_slice(&spec.docs, per, k);
                    let changed = k == 0
                        || (archive != old_archive && k + 2 >= near_end)
                        || slice != pages::page_slice(o, per, k)
                        || slice.iter().any(|i| new_summary.contains(i));
                    if changed {
                        jobs.push((s, k));
                    }
                }
                for k in archive + 1..=old_archive {
                    remove.push(pages::list_page_dir(&spec.out_dir, k));
                }
            }
            None => jobs.extend(keys.map(|k| (s, k))),
        }
    }
    let new_dirs: HashSet<&str> = specs.iter().map(|s| s.out_dir.as_str()).collect();
    for &(dir, len, per) in old_dirs {
        if !new_dirs.contains(dir) {
            for k in 0..=pages::archive_pages(len, per) {
                remove.push(pages::list_page_dir(dir, k));
            }
        }
    }
    (jobs, remove)
}
