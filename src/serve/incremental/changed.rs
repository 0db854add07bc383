//! Incremental renders: the engine's plan restricted to the outputs that read a changed,
//! added or removed document ([`crate::engine::deps`]), rendered into a scratch folder and
//! renamed into place.

use super::*;
use crate::engine::deps::{GONE, Remap};

/// What the dependency pass decided.
struct Affected {
    /// Positions of the changed (edited or added) published documents.
    changed: Vec<usize>,
    /// Document pages to render: the changed ones and those showing them.
    pages_of: BTreeSet<usize>,
    /// Only document bodies changed: nothing but their pages and search entries.
    body_only: bool,
    catalog: bool,
    norm: bool,
    new_summary: HashSet<usize>,
    new_refs: Option<Vec<Vec<u32>>>,
}

impl Engine {
    /// Same site-wide values: re-render only what the changed documents touch (documents
    /// added or removed included). On failure the next rebuild is a full one.
    pub(super) fn render_changed(
        &mut self,
        public: &PublicSite,
        ids: Vec<(String, String)>,
        global: String,
    ) -> Result<(bool, usize, usize), RenderError> {
        let mut prev = self.prev.take().expect("checked");
        let old_ids: Vec<String> = prev.ids.iter().map(|(id, _)| id.clone()).collect();
        let remap = (prev.ids != ids).then(|| {
            let old: Vec<&str> = old_ids.iter().map(String::as_str).collect();
            let new: Vec<&str> = ids.iter().map(|(id, _)| id.as_str()).collect();
            Remap::new(&old, &new)
        });
        let mut moves = Moves::default();
        if let Some(m) = &remap {
            for i in m.gone() {
                moves.remove_page(&prev.dirs[i]);
            }
            // Fewer documents can mean fewer search text and posting shards.
            let (was, now) = (prev.ids.len(), ids.len());
            for c in now.div_ceil(search::TEXT_SHARD)..was.div_ceil(search::TEXT_SHARD) {
                moves.remove_file(&format!("search/text-{c}.json"));
            }
            for s in search::shard_count(now)..search::shard_count(was) {
                moves.remove_file(&format!("search/idx-{s}.json"));
            }
            remap_positions(&mut prev, m, public);
        }
        let tera = self.tera.take().expect("checked");
        let result = self.changed_outputs(&mut prev, public, tera, &old_ids, remap.as_ref(), moves);
        match result {
            Ok((written, removed)) => {
                prev.ids = ids;
                prev.dirs = public.docs.iter().map(|p| p.doc.out_dir.clone()).collect();
                prev.normative = public
                    .docs
                    .iter()
                    .map(|p| p.doc.in_normative_index())
                    .collect();
                prev.global = global;
                prev.assets = public.assets.clone();
                self.prev = Some(prev);
                Ok((false, written, removed))
            }
            Err(e) => {
                // Whatever was half-updated (listings, search postings) is rebuilt from scratch.
                self.pending.full = true;
                Err(e)
            }
        }
    }

    /// Decide, render, write; `prev` holds per-document values in the new positions (texts
    /// and heads excepted: those stay in the old positions until the search index is updated).
    fn changed_outputs(
        &mut self,
        prev: &mut Rendered,
        public: &PublicSite,
        mut tera: Tera,
        old_ids: &[String],
        remap: Option<&Remap>,
        mut moves: Moves,
    ) -> Result<(usize, usize), RenderError> {
        let a = affected(prev, &self.pending, public, remap);
        self.laps.lap("dependencies");
        // A body-only edit keeps the site-wide view and the link targets.
        let links = if a.body_only {
            prev.links.clone()
        } else {
            tera.global_context()
                .insert("site", &context::site_view(public, BASE));
            std::sync::Arc::new(crate::render::markdown::LinkMap::new(public, BASE))
        };
        let renderer = Renderer {
            tera,
            site: public,
            base: BASE.to_string(),
            summaries: std::mem::take(&mut prev.summaries),
            links,
        };
        let result = self.changed_render(prev, public, &renderer, &a, old_ids, remap, &mut moves);
        let Renderer {
            tera,
            summaries,
            links,
            ..
        } = renderer;
        self.tera = Some(tera);
        prev.summaries = summaries;
        prev.links = links;
        if let Some(r) = a.new_refs {
            prev.refs = r;
        }
        let (written, removed) = result?;
        self.laps.lap("write");
        Ok((written, removed))
    }

    #[allow(clippy::too_many_arguments)]
    fn changed_render(
        &mut self,
        prev: &mut Rendered,
        public: &PublicSite,
        renderer: &Renderer,
        a: &Affected,
        old_ids: &[String],
        remap: Option<&Remap>,
        moves: &mut Moves,
    ) -> Result<(usize, usize), RenderError> {
        let pending = &self.pending;
        let scratch = Staging::new(&self.out.with_file_name("incremental"))?;
        // Same columns, issuers, dates and kinds: the same listings in the same order.
        let reuse_specs = remap.is_none()
            && a.changed.iter().all(|&i| {
                let d = public.docs[i].doc;
                pending
                    .old_list
                    .get(&d.id)
                    .is_some_and(|k| *k == list_key(d))
            });
        let specs = if a.body_only {
            Vec::new()
        } else if reuse_specs {
            std::mem::take(&mut prev.specs)
        } else {
            pages::list_specs(renderer)
        };
        let lists = if a.body_only {
            Vec::new()
        } else {
            let old: HashMap<&str, Vec<usize>> = if reuse_specs {
                specs
                    .iter()
                    .map(|s| (s.out_dir.as_str(), s.docs.clone()))
                    .collect()
            } else {
                prev.specs
                    .iter()
                    .map(|s| (s.out_dir.as_str(), s.docs.clone()))
                    .collect()
            };
            let old_dirs: Vec<(&str, usize, usize)> = prev
                .specs
                .iter()
                .map(|s| (s.out_dir.as_str(), s.docs.len(), s.per))
                .collect();
            let (jobs, gone) = deps::list_jobs(&specs, &old, &old_dirs, &a.new_summary);
            for dir in gone {
                moves.remove_page(&dir);
            }
            jobs
        };
        let norm_rows = if a.body_only {
            Vec::new()
        } else {
            normative::rows(renderer)
        };
        if a.norm {
            moves.own("gfxwjql/");
        }
        if !a.body_only {
            // Statistics pages (site and per body) are re-rendered on every metadata change.
            moves.own("tj/");
        }
        if a.catalog {
            moves.own("zdjcml/");
        }
        self.laps.lap("list specs");
        // Attachments and images: copy changed or newly referenced ones, drop unreferenced ones.
        let mut asset_paths: BTreeSet<&String> = pending.assets.iter().collect();
        asset_paths.extend(prev.assets.symmetric_difference(&public.assets));
        let mut copy = Vec::new();
        for rel in asset_paths {
            if public.assets.contains(rel) {
                copy.push(rel.clone());
            } else if prev.assets.contains(rel) {
                moves.remove_file(rel);
            }
        }
        let plan = Plan {
            docs: Pages::Only(a.pages_of.iter().copied().collect()),
            lists: Pages::Only(lists),
            site_pages: !a.body_only,
            normative: a.norm,
            decisions: a.catalog,
            files: (!a.body_only).then_some(outputs::Parts {
                documents: false,
                decisions: a.catalog,
                normative: a.norm,
                sitemap: !reuse_specs,
            }),
            statics: false,
            assets: Pages::Only(copy),
        };
        let sink = Texts::only(a.changed.iter().copied().collect());
        let run_inputs = engine::Inputs {
            renderer,
            theme: &self.inputs.as_ref().expect("loaded").theme,
            root: &self.root,
            specs: &specs,
            norm_rows: &norm_rows,
            bodies: None,
        };
        let order: Vec<usize> = a.pages_of.iter().copied().collect();
        let (w, extra) = engine::run(
            &run_inputs,
            &scratch,
            &plan,
            &sink,
            |scratch| {
                let texts = sink.take_sorted();
                let files = update_search(prev, public, a, &texts, old_ids, remap);
                let mut n = files.len();
                for (path, bytes) in &files {
                    scratch.write(path, bytes)?;
                }
                if !a.body_only {
                    n += update_documents_json(prev, public, &order, remap, scratch)?;
                }
                Ok(n)
            },
            &mut self.laps,
        )
        .map_err(first)?;
        if !a.body_only {
            prev.specs = specs;
        }
        // Rename into place while the scratch folder exists (dropping it deletes it).
        let removed = std::mem::take(moves).apply(&scratch.dir, &self.out)?;
        Ok((w.pages + w.files + extra, removed))
    }
}

/// Per-document values of the previous render in the new positions (added documents get
/// fresh summaries and empty references; removed ones' references become [`GONE`]).
fn remap_positions(prev: &mut Rendered, m: &Remap, public: &PublicSite) {
    let summaries = std::mem::take(&mut prev.summaries);
    let mut summaries: Vec<Option<Summary>> = summaries.into_iter().map(Some).collect();
    prev.summaries = m
        .from
        .iter()
        .enumerate()
        .map(|(j, f)| match f {
            Some(i) => summaries[*i].take().expect("each old position once"),
            None => context::summary(public, &public.docs[j], BASE),
        })
        .collect();
    let refs = std::mem::take(&mut prev.refs);
    let refs = refs
        .into_iter()
        .map(|v| v.into_iter().map(|r| m.to[r as usize] as u32).collect())
        .collect();
    prev.refs = m.apply(refs, |_| Vec::new());
    let normative = std::mem::take(&mut prev.normative);
    prev.normative = m.apply(normative, |_| false);
    for s in &mut prev.specs {
        s.docs = m.positions(&s.docs);
    }
}

/// Which pages an edit affects.
fn affected(
    prev: &mut Rendered,
    pending: &Pending,
    public: &PublicSite,
    remap: Option<&Remap>,
) -> Affected {
    let changed: Vec<usize> = pending
        .docs
        .iter()
        .filter_map(|id| public.idx.get(id.as_str()).copied())
        .collect();
    // A body-only edit (the usual case) changes that page and its search entries, nothing else.
    // (Editors' backup and swap files count as assets; they only matter when referenced.)
    let body_only = remap.is_none()
        && !pending.meta_changed
        && prev.assets == public.assets
        && pending.assets.iter().all(|a| !public.assets.contains(a));
    let mut new_summary: HashSet<usize> = HashSet::new();
    for &i in &changed {
        let s = context::summary(public, &public.docs[i], BASE);
        if serde_json::to_string(&s).ok() != serde_json::to_string(&prev.summaries[i]).ok() {
            new_summary.insert(i);
        }
        prev.summaries[i] = s;
    }
    let mut changed_set: HashSet<u32> = changed.iter().map(|&i| i as u32).collect();
    if remap.is_some() {
        // References to a removed document (see `remap_positions`).
        changed_set.insert(GONE as u32);
    }
    let mut pages_of: BTreeSet<usize> = changed.iter().copied().collect();
    let (mut catalog, mut norm) = (false, false);
    let new_refs = if body_only {
        None
    } else {
        let new_refs = deps::refs(public);
        for (x, (old, new)) in prev.refs.iter().zip(&new_refs).enumerate() {
            if old.iter().chain(new).any(|r| changed_set.contains(r)) {
                pages_of.insert(x);
            }
        }
        catalog = pending.catalog || pages_of.iter().any(|&i| public.docs[i].decision.is_some());
        if catalog {
            pages_of.extend((0..public.docs.len()).filter(|&i| public.docs[i].decision.is_some()));
        }
        norm = pending.normative
            || pages_of
                .iter()
                .any(|&i| prev.normative[i] || public.docs[i].doc.in_normative_index());
        if norm {
            // Annual reports show the site's own 行政规范性文件 count (SPEC §8).
            pages_of.extend(public.reports.keys().copied());
        }
        Some(new_refs)
    };
    Affected {
        changed,
        pages_of,
        body_only,
        catalog,
        norm,
        new_summary,
        new_refs,
    }
}

/// Update the live search index with the changed documents' texts (`texts`, by position) and
/// return the index files that changed. Leaves `prev.texts`/`heads` in the new positions.
fn update_search(
    prev: &mut Rendered,
    public: &PublicSite,
    a: &Affected,
    texts: &[(usize, String)],
    old_ids: &[String],
    remap: Option<&Remap>,
) -> Vec<(String, Vec<u8>)> {
    let mut touched = Touched {
        meta: !a.body_only,
        ..Default::default()
    };
    let numbers = search::numbers(public);
    if remap.is_none() && numbers == prev.index.numbers() {
        for (i, text) in texts {
            let (title, extra) = &prev.heads[*i];
            let old = DocText {
                title,
                extra: extra.clone(),
                text: &prev.texts[*i],
            };
            let new = DocText::of(public.docs[*i].doc, text);
            prev.index.replace(*i as u32, &old, &new, &mut touched);
        }
        if a.body_only {
            touched.meta = false;
        }
    } else {
        // Documents added or removed, or a date edit moved one in the oldest-first numbering.
        let new_text: HashMap<usize, &String> = texts.iter().map(|(i, t)| (*i, t)).collect();
        let from = |j: usize| match remap {
            Some(m) => m.from[j],
            None => Some(j),
        };
        let old_of = |i: usize| DocText {
            title: &prev.heads[i].0,
            extra: prev.heads[i].1.clone(),
            text: &prev.texts[i],
        };
        let old: Vec<DocText> = (0..prev.texts.len()).map(old_of).collect();
        let new: Vec<DocText> = (0..public.docs.len())
            .map(|j| match (new_text.get(&j), from(j)) {
                (Some(t), _) => DocText::of(public.docs[j].doc, t),
                (None, Some(i)) => old_of(i),
                (None, None) => DocText::of(public.docs[j].doc, ""),
            })
            .collect();
        let old_ids: Vec<&str> = old_ids.iter().map(String::as_str).collect();
        let new_ids: Vec<&str> = public.docs.iter().map(|p| p.doc.id.as_str()).collect();
        touched = match prev
            .index
            .carry_over(&old, &old_ids, &new, &new_ids, numbers.clone())
        {
            Some(t) => t,
            None => {
                prev.index = LiveIndex::build(&new, numbers);
                prev.index.all()
            }
        };
    }
    let files = prev.index.files(public, BASE, &touched);
    // Texts and heads in the new positions.
    let mut old_texts: Vec<Option<String>> = std::mem::take(&mut prev.texts)
        .into_iter()
        .map(Some)
        .collect();
    let mut old_heads: Vec<Option<(String, String)>> = std::mem::take(&mut prev.heads)
        .into_iter()
        .map(Some)
        .collect();
    let mut fresh: HashMap<usize, String> = texts.iter().cloned().collect();
    for j in 0..public.docs.len() {
        let from = match remap {
            Some(m) => m.from[j],
            None => Some(j),
        };
        let d = public.docs[j].doc;
        match (fresh.remove(&j), from) {
            (Some(t), _) => {
                prev.heads.push((d.title.clone(), DocText::of(d, "").extra));
                prev.texts.push(t);
            }
            (None, Some(i)) => {
                prev.heads.push(old_heads[i].take().unwrap_or_default());
                prev.texts.push(old_texts[i].take().unwrap_or_default());
            }
            (None, None) => {
                prev.heads.push((d.title.clone(), DocText::of(d, "").extra));
                prev.texts.push(String::new());
            }
        }
    }
    files
}

/// Rewrite `data/documents.json`: only the records of `order` when the count is the same,
/// else the whole file. Returns the number of files written.
fn update_documents_json(
    prev: &mut Rendered,
    public: &PublicSite,
    order: &[usize],
    remap: Option<&Remap>,
    scratch: &Staging,
) -> Result<usize, RenderError> {
    let from = |j: usize| match remap {
        Some(m) => m.from[j],
        None => Some(j),
    };
    let updated = prev
        .documents_json
        .as_ref()
        .filter(|d| remap.is_some() || d.len() == public.docs.len())
        .and_then(|d| d.update(public, order, &from));
    let d = match updated {
        Some(d) => d,
        None => {
            let bytes = crate::data::documents_json(public);
            match outputs::DocsJson::new(bytes.clone()) {
                Some(d) => d,
                None => {
                    scratch.write("data/documents.json", &bytes)?;
                    prev.documents_json = None;
                    return Ok(1);
                }
            }
        }
    };
    scratch.write("data/documents.json", d.bytes())?;
    prev.documents_json = Some(d);
    Ok(1)
}
