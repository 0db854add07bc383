//! The serve engine: keeps the parsed site in memory, re-reads only changed files, re-validates
//! cross-references, and re-renders only the outputs that depend on what changed.
//!
//! A full render (first build, site.yaml/theme/static change, a document entering or leaving
//! the published set, a site-wide value shown on every page changing) goes through a staging
//! folder that replaces the served folder in one rename, so nothing stale survives. Otherwise
//! pages are rendered into a scratch folder and renamed over the served files one by one.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use tera::Tera;

use crate::config::{self, SiteConfig};
use crate::content;
use crate::dates::Date;
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::model::document::{self, Document};
use crate::model::types::Kind;
use crate::model::{PublicSite, Site};
use crate::output::Staging;
use crate::render::context::{self, Summary};
use crate::render::pages::{self, ListSpec};
use crate::render::{Errors, RenderError, Renderer, Theme, normative};
use crate::serve::index::{DocText, LiveIndex, Touched};
use crate::serve::outputs::{self, Moves};

/// What a rebuild did.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub full: bool,
    /// Pages and files written.
    pub written: usize,
    pub removed: usize,
    pub millis: f64,
    pub warnings: Vec<Diagnostic>,
    /// Milliseconds per stage.
    pub stages: Vec<(&'static str, f64)>,
}

/// Everything read from the site folder.
struct Inputs {
    config: SiteConfig,
    theme: Theme,
    /// Theme templates other than the facet/search pages show unit/year/kind counts.
    facets_global: bool,
    /// Parsed documents, sorted by id.
    docs: Vec<Document>,
    /// Content path → problems of files that could not be read or parsed.
    file_errors: BTreeMap<String, Vec<Diagnostic>>,
    /// Problems found walking content/ (links outside it, unreadable folders).
    walk_errors: Vec<Diagnostic>,
    assets: BTreeSet<String>,
}

/// Changes not yet rendered successfully.
#[derive(Default)]
struct Pending {
    reload: bool,
    full: bool,
    docs: BTreeSet<String>,
    catalog: bool,
    normative: bool,
    assets: BTreeSet<String>,
    /// Changed document id → its metadata before the change (see [`meta_key`]).
    old_meta: HashMap<String, String>,
    /// Some changed document (published or not) changed more than its body.
    meta_changed: bool,
    /// Changed document id → what placed it in listings before the change (see [`list_key`]).
    old_list: HashMap<String, String>,
}

/// What the served folder holds, for comparing the next rebuild against.
struct Rendered {
    /// (id, url) of every published document, in `PublicSite::docs` order.
    ids: Vec<(String, String)>,
    summaries: Vec<Summary>,
    /// Published documents each page links to (by position), with decision-catalog siblings.
    refs: Vec<Vec<u32>>,
    normative: Vec<bool>,
    /// Site-wide template values that every page shows.
    global: String,
    specs: Vec<ListSpec>,
    texts: Vec<String>,
    heads: Vec<(String, String)>,
    index: LiveIndex,
    assets: BTreeSet<String>,
    documents_json: Option<outputs::DocsJson>,
}

/// Files written, files removed, new texts of the changed pages, the listings (unless the
/// edit could not change any).
type Changed = (usize, usize, Vec<(usize, String)>, Option<Vec<ListSpec>>);

/// The serve engine.
pub struct Engine {
    root: PathBuf,
    out: PathBuf,
    today: Date,
    drafts: bool,
    inputs: Option<Inputs>,
    pending: Pending,
    prev: Option<Rendered>,
    tera: Option<Tera>,
    laps: Laps,
}

/// Stage timings of one rebuild.
struct Laps {
    done: Vec<(&'static str, f64)>,
    start: Instant,
}

impl Laps {
    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.done
            .push((stage, (now - self.start).as_secs_f64() * 1000.0));
        self.start = now;
    }
}

/// Above this many changed paths in one batch, the whole site is read again.
const MANY_CHANGES: usize = 500;

/// The base path pages are rendered with while serving: the site sits at `/`.
const BASE: &str = "/";

impl Engine {
    /// An engine that builds the site at `root` into `out` (created and replaced as needed).
    pub fn new(root: &Path, out: &Path, today: Date, drafts: bool) -> Engine {
        Engine {
            root: root.to_path_buf(),
            out: out.to_path_buf(),
            today,
            drafts,
            inputs: None,
            pending: Pending {
                reload: true,
                full: true,
                ..Default::default()
            },
            prev: None,
            tera: None,
            laps: Laps {
                done: Vec::new(),
                start: Instant::now(),
            },
        }
    }

    fn lap(&mut self, stage: &'static str) {
        self.laps.lap(stage);
    }

    pub fn out(&self) -> &Path {
        &self.out
    }

    /// Rebuild after `changed` paths (absolute, or relative to the site root) changed. The
    /// first call builds everything. On `Err` the served folder is left as it was.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Outcome, Vec<Diagnostic>> {
        let start = Instant::now();
        self.laps = Laps {
            done: Vec::new(),
            start,
        };
        if changed.len() > MANY_CHANGES {
            // A branch switch or a bulk replace: reading everything in parallel is faster.
            self.pending.reload = true;
        } else {
            for p in changed {
                self.note(p);
            }
        }
        if self.pending.reload {
            self.reload()?;
        }
        let inputs = self.inputs.as_mut().expect("loaded above");
        let pending = &mut self.pending;
        pending.meta_changed = pending.docs.iter().any(|id| {
            let now = inputs
                .docs
                .binary_search_by(|d| d.id.as_str().cmp(id))
                .ok()
                .map(|i| &inputs.docs[i]);
            match (pending.old_meta.get(id), now) {
                (Some(old), Some(d)) => *old != meta_key(d),
                _ => true,
            }
        });
        let mut diags: Vec<Diagnostic> = inputs.walk_errors.clone();
        diags.extend(inputs.file_errors.values().flatten().cloned());
        let docs = std::mem::take(&mut inputs.docs);
        let config = inputs.config.clone();
        let assets = std::mem::take(&mut inputs.assets);
        let unparsed: BTreeSet<String> = inputs
            .file_errors
            .keys()
            .map(|r| r.trim_end_matches(".md").to_string())
            .collect();
        self.lap("read changes");
        let (site, more) = Site::assemble(config, docs, assets, &unparsed, self.today, self.drafts);
        self.lap("validate");
        diags.extend(more);
        let mut all = Diagnostics { items: diags };
        all.sort();
        let result = if all.has_errors() {
            Err(all.items.clone())
        } else {
            let public = PublicSite::new(&site);
            self.lap("public view");
            self.render(&public)
                .map_err(|e| vec![e.to_diagnostic(&public.config.theme)])
        };
        let inputs = self.inputs.as_mut().expect("loaded above");
        let Site { docs, assets, .. } = site;
        inputs.docs = docs;
        inputs.assets = assets;
        let (full, written, removed) = result?;
        self.pending = Pending::default();
        let warnings = all
            .items
            .into_iter()
            .filter(|d| d.severity == Severity::Warning)
            .collect();
        Ok(Outcome {
            full,
            written,
            removed,
            millis: start.elapsed().as_secs_f64() * 1000.0,
            warnings,
            stages: std::mem::take(&mut self.laps.done),
        })
    }

    /// Record one changed path, re-reading it if it is a single content file.
    fn note(&mut self, path: &Path) {
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        let mut parts = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().to_string());
        match parts.next().as_deref() {
            Some("site.yaml") => self.pending.reload = true,
            Some("themes") => self.pending.reload = true,
            Some("static") => self.pending.full = true,
            Some("content") => {
                let rest: Vec<String> = parts.collect();
                if rest.is_empty() {
                    self.pending.reload = true;
                } else if !rest.iter().any(|p| p.starts_with('.')) {
                    self.note_content(&rest.join("/"));
                }
            }
            _ => {}
        }
    }

    fn note_content(&mut self, rel: &str) {
        let Some(inputs) = self.inputs.as_mut() else {
            return;
        };
        let abs = self.root.join("content").join(rel);
        let meta = std::fs::symlink_metadata(&abs).ok();
        let prefix = format!("{rel}/");
        let was_dir = inputs.docs.iter().any(|d| d.rel.starts_with(&prefix))
            || inputs.assets.iter().any(|a| a.starts_with(&prefix))
            || inputs.file_errors.keys().any(|k| k.starts_with(&prefix));
        let is_plain_file = meta.as_ref().is_some_and(|m| m.file_type().is_file());
        if was_dir || (meta.is_some() && !is_plain_file) {
            // A folder or a symbolic link: walk content/ again as a build would.
            self.pending.reload = true;
            return;
        }
        if let Some(id) = rel.strip_suffix(".md") {
            let pos = inputs.docs.binary_search_by(|d| d.id.as_str().cmp(id));
            if let Ok(i) = pos {
                let old = inputs.docs.remove(i);
                self.pending
                    .old_meta
                    .entry(id.to_string())
                    .or_insert_with(|| meta_key(&old));
                self.pending
                    .old_list
                    .entry(id.to_string())
                    .or_insert_with(|| list_key(&old));
                self.pending.catalog |= old.decision.is_some() || old.stage.is_some();
                self.pending.normative |= old.kind == Kind::Normative;
            }
            inputs.file_errors.remove(rel);
            if is_plain_file {
                let parsed = content::read_doc(rel, &abs)
                    .and_then(|raw| document::parse(raw, &inputs.config));
                match parsed {
                    Ok(doc) => {
                        self.pending.catalog |= doc.decision.is_some() || doc.stage.is_some();
                        self.pending.normative |= doc.kind == Kind::Normative;
                        let at = inputs
                            .docs
                            .binary_search_by(|d| d.id.as_str().cmp(id))
                            .unwrap_or_else(|e| e);
                        inputs.docs.insert(at, doc);
                    }
                    Err(d) => {
                        inputs.file_errors.insert(rel.to_string(), d);
                    }
                }
            }
            self.pending.docs.insert(id.to_string());
        } else {
            if is_plain_file {
                inputs.assets.insert(rel.to_string());
            } else {
                inputs.assets.remove(rel);
            }
            self.pending.assets.insert(rel.to_string());
        }
    }

    /// Read site.yaml, the theme and all of content/ again.
    fn reload(&mut self) -> Result<(), Vec<Diagnostic>> {
        let mut cfg = config::load(&self.root)?;
        cfg.base_path = BASE.to_string();
        let theme = Theme::load(&self.root, &cfg.theme)?;
        let (content, walk) = content::load(&self.root);
        self.lap("read content");
        let mut walk_errors = Vec::new();
        let mut file_errors: BTreeMap<String, Vec<Diagnostic>> = BTreeMap::new();
        for d in walk {
            // Per-file problems are keyed by content path so that fixing the file clears them.
            match d
                .file
                .strip_prefix("content")
                .ok()
                .and_then(|p| p.to_str())
                .filter(|p| p.ends_with(".md"))
            {
                Some(rel) => file_errors
                    .entry(rel.replace('\\', "/"))
                    .or_default()
                    .push(d),
                None => walk_errors.push(d),
            }
        }
        let results: Vec<(String, Result<Document, Vec<Diagnostic>>)> = content
            .docs
            .into_par_iter()
            .map(|raw| (raw.rel.clone(), document::parse(raw, &cfg)))
            .collect();
        let mut docs = Vec::with_capacity(results.len());
        for (rel, r) in results {
            match r {
                Ok(d) => docs.push(d),
                Err(e) => file_errors.entry(rel).or_default().extend(e),
            }
        }
        docs.sort_by(|a, b| a.id.cmp(&b.id));
        self.lap("parse");
        let facets_global = theme
            .templates
            .iter()
            .filter(|(n, _)| !matches!(n.as_str(), "search.html" | "facets.html"))
            .any(|(_, src)| {
                src.contains("site.units")
                    || src.contains("site.years")
                    || src.contains("site.kinds")
            });
        self.inputs = Some(Inputs {
            config: cfg,
            theme,
            facets_global,
            docs,
            file_errors,
            walk_errors,
            assets: content.assets,
        });
        self.tera = None;
        self.pending = Pending {
            full: true,
            ..Default::default()
        };
        Ok(())
    }

    /// Render what changed; returns (full, files written, files removed).
    fn render(&mut self, public: &PublicSite) -> Result<(bool, usize, usize), RenderError> {
        let inputs = self.inputs.as_ref().expect("loaded");
        let global = global_values(public, inputs.facets_global);
        let ids: Vec<(String, String)> = public
            .docs
            .iter()
            .map(|p| (p.doc.id.clone(), p.doc.url.clone()))
            .collect();
        let incremental = match &self.prev {
            Some(prev) => {
                !self.pending.full
                    && self.tera.is_some()
                    && prev.ids == ids
                    && prev.global == global
            }
            None => false,
        };
        if incremental {
            self.render_changed(public, ids, global)
        } else {
            self.render_all(public, ids, global)
        }
    }

    fn render_all(
        &mut self,
        public: &PublicSite,
        ids: Vec<(String, String)>,
        global: String,
    ) -> Result<(bool, usize, usize), RenderError> {
        let inputs = self.inputs.as_ref().expect("loaded");
        let staging = Staging::new(&self.out)?;
        let renderer = Renderer::new(public, &inputs.theme, BASE)?;
        let errors = Errors::new();
        let texts: Vec<String> = public
            .docs
            .par_iter()
            .map(|p| match pages::doc_page(&renderer, &staging, p, true) {
                Ok(t) => t,
                Err(e) => {
                    errors.push(Err(e));
                    String::new()
                }
            })
            .collect();
        self.laps.lap("render documents");
        let specs = pages::list_specs(&renderer);
        let mut written =
            public.docs.len() + pages::list_pages(&renderer, &staging, &specs, &errors);
        let norm_rows = normative::rows(&renderer);
        written += pages::special_pages(&renderer, &staging)?
            + normative::normative_pages(&renderer, &staging, &norm_rows)?
            + normative::stats_page(&renderer, &staging)?
            + normative::catalog_pages(&renderer, &staging)?;
        self.laps.lap("render listings, indexes");
        if let Some(e) = errors.into_inner().into_iter().next() {
            return Err(e);
        }
        let heads: Vec<DocText> = public
            .docs
            .iter()
            .zip(&texts)
            .map(|(p, t)| DocText::of(p.doc, t))
            .collect();
        let carried = self.prev.take().and_then(|mut prev| {
            let old: Vec<DocText> = prev
                .heads
                .iter()
                .zip(&prev.texts)
                .map(|((title, extra), text)| DocText {
                    title,
                    extra: extra.clone(),
                    text,
                })
                .collect();
            let old_ids: Vec<&str> = prev.ids.iter().map(|(id, _)| id.as_str()).collect();
            let new_ids: Vec<&str> = public.docs.iter().map(|p| p.doc.id.as_str()).collect();
            prev.index
                .carry_over(&old, &old_ids, &heads, &new_ids)
                .then_some(prev.index)
        });
        let index = carried.unwrap_or_else(|| LiveIndex::build(&heads));
        let heads: Vec<(String, String)> = heads
            .into_iter()
            .map(|h| (h.title.to_string(), h.extra))
            .collect();
        self.laps.lap("search index");
        let mut files = index.files(public, BASE, &index.all());
        files.extend(outputs::site_files(
            public,
            &specs,
            !norm_rows.is_empty(),
            outputs::Parts::ALL,
        ));
        let documents_json = files
            .iter()
            .find(|(p, _)| p == "data/documents.json")
            .and_then(|(_, b)| outputs::DocsJson::new(b.clone()));
        files.extend(
            inputs
                .theme
                .statics
                .iter()
                .map(|(rel, b)| (format!("static/{rel}"), b.clone())),
        );
        for (path, bytes) in &files {
            staging.write(path, bytes)?;
        }
        written += files.len();
        self.laps.lap("write files");
        written += outputs::copy_site_static(&self.root, &staging)?;
        let assets: Vec<&String> = public.assets.iter().collect();
        let copy: Result<Vec<()>, _> = assets
            .par_iter()
            .map(|rel| staging.copy(&self.root.join("content").join(rel), rel))
            .collect();
        copy?;
        written += assets.len();
        self.laps.lap("copy static, assets");
        staging.commit()?;
        self.laps.lap("swap");
        let Renderer {
            tera, summaries, ..
        } = renderer;
        self.tera = Some(tera);
        self.prev = Some(Rendered {
            ids,
            refs: refs(public),
            normative: public
                .docs
                .iter()
                .map(|p| p.doc.kind == Kind::Normative)
                .collect(),
            summaries,
            global,
            specs,
            texts,
            heads,
            index,
            assets: public.assets.clone(),
            documents_json,
        });
        Ok((true, written, 0))
    }

    /// Same published documents at the same URLs: re-render only what the changed ones touch.
    fn render_changed(
        &mut self,
        public: &PublicSite,
        ids: Vec<(String, String)>,
        global: String,
    ) -> Result<(bool, usize, usize), RenderError> {
        let prev = self.prev.as_mut().expect("checked");
        let pending = &self.pending;
        let laps = &mut self.laps;
        let changed: Vec<usize> = pending
            .docs
            .iter()
            .filter_map(|id| public.idx.get(id.as_str()).copied())
            .collect();
        // A body-only edit (the usual case) changes that page and its search entries, nothing else.
        // (Editors' backup and swap files count as assets; they only matter when referenced.)
        let body_only = !pending.meta_changed
            && prev.assets == public.assets
            && pending.assets.iter().all(|a| !public.assets.contains(a));
        let mut summaries = std::mem::take(&mut prev.summaries);
        let mut new_summary: HashSet<usize> = HashSet::new();
        for &i in &changed {
            let s = context::summary(public, &public.docs[i], BASE);
            if serde_json::to_string(&s).ok() != serde_json::to_string(&summaries[i]).ok() {
                new_summary.insert(i);
            }
            summaries[i] = s;
        }
        let changed_set: HashSet<u32> = changed.iter().map(|&i| i as u32).collect();
        let mut pages_of: BTreeSet<usize> = changed.iter().copied().collect();
        let (mut catalog, mut norm) = (false, false);
        let new_refs = if body_only {
            None
        } else {
            let new_refs = refs(public);
            for (x, (old, new)) in prev.refs.iter().zip(&new_refs).enumerate() {
                if old.iter().chain(new).any(|r| changed_set.contains(r)) {
                    pages_of.insert(x);
                }
            }
            catalog =
                pending.catalog || pages_of.iter().any(|&i| public.docs[i].decision.is_some());
            if catalog {
                pages_of
                    .extend((0..public.docs.len()).filter(|&i| public.docs[i].decision.is_some()));
            }
            norm = pending.normative
                || pages_of
                    .iter()
                    .any(|&i| prev.normative[i] || public.docs[i].doc.kind == Kind::Normative);
            Some(new_refs)
        };

        laps.lap("dependencies");
        let mut tera = self.tera.take().expect("checked");
        tera.global_context()
            .insert("site", &context::site_view(public, BASE));
        let renderer = Renderer {
            tera,
            site: public,
            base: BASE.to_string(),
            summaries,
        };
        let result = (|| -> Result<Changed, RenderError> {
            let scratch = Staging::new(&self.out.with_file_name("incremental"))?;
            let mut moves = Moves::default();
            let errors = Errors::new();
            let order: Vec<usize> = pages_of.iter().copied().collect();
            let texts: Vec<(usize, String)> = order
                .par_iter()
                .filter_map(|&i| {
                    let want = changed_set.contains(&(i as u32));
                    match pages::doc_page(&renderer, &scratch, &public.docs[i], want) {
                        Ok(t) => want.then_some((i, t)),
                        Err(e) => {
                            errors.push(Err(e));
                            None
                        }
                    }
                })
                .collect();
            laps.lap("render documents");
            if body_only {
                if let Some(e) = errors.into_inner().into_iter().next() {
                    return Err(e);
                }
                let mut touched = Touched::default();
                for (i, text) in &texts {
                    let (title, extra) = &prev.heads[*i];
                    let old = DocText {
                        title,
                        extra: extra.clone(),
                        text: &prev.texts[*i],
                    };
                    prev.index.replace(
                        *i as u32,
                        &old,
                        &DocText::of(public.docs[*i].doc, text),
                        &mut touched,
                    );
                }
                touched.meta = false;
                let files = prev.index.files(public, BASE, &touched);
                laps.lap("search index");
                for (path, bytes) in &files {
                    scratch.write(path, bytes)?;
                }
                let removed = moves.apply(&scratch.dir, &self.out)?;
                laps.lap("write");
                return Ok((pages_of.len() + files.len(), removed, texts, None));
            }
            // Same columns, issuers, dates and kinds: the same listings in the same order.
            let reuse_specs = changed.iter().all(|&i| {
                let d = public.docs[i].doc;
                pending
                    .old_list
                    .get(&d.id)
                    .is_some_and(|k| *k == list_key(d))
            });
            let specs = if reuse_specs {
                std::mem::take(&mut prev.specs)
            } else {
                pages::list_specs(&renderer)
            };
            laps.lap("list specs");
            let old_specs: HashMap<&str, &Vec<usize>> = if reuse_specs {
                specs
                    .iter()
                    .map(|s| (s.out_dir.as_str(), &s.docs))
                    .collect()
            } else {
                prev.specs
                    .iter()
                    .map(|s| (s.out_dir.as_str(), &s.docs))
                    .collect()
            };
            let per = public.config.paginate_by;
            let mut jobs: Vec<(usize, usize)> = Vec::new();
            for (s, spec) in specs.iter().enumerate() {
                let count = pages::page_count(&renderer, spec);
                match old_specs.get(spec.out_dir.as_str()) {
                    Some(old) if **old == spec.docs => {
                        for (k, chunk) in spec.docs.chunks(per).enumerate() {
                            if chunk.iter().any(|i| new_summary.contains(i)) {
                                jobs.push((s, k + 1));
                            }
                        }
                    }
                    old => {
                        jobs.extend((1..=count).map(|n| (s, n)));
                        let old_count = old.map(|o| o.len().div_ceil(per).max(1)).unwrap_or(0);
                        for n in count + 1..=old_count {
                            moves.remove_page(&pages::list_page_dir(&spec.out_dir, n));
                        }
                    }
                }
            }
            let new_dirs: HashSet<&str> = specs.iter().map(|s| s.out_dir.as_str()).collect();
            for old in &prev.specs {
                if !new_dirs.contains(old.out_dir.as_str()) {
                    for n in 1..=old.docs.len().div_ceil(per).max(1) {
                        moves.remove_page(&pages::list_page_dir(&old.out_dir, n));
                    }
                }
            }
            jobs.par_iter().for_each(|&(s, n)| {
                errors.push(pages::list_page(&renderer, &scratch, &specs[s], n))
            });
            laps.lap("render listings");
            let mut written =
                pages_of.len() + jobs.len() + pages::special_pages(&renderer, &scratch)?;
            let norm_rows = normative::rows(&renderer);
            if norm {
                written += normative::normative_pages(&renderer, &scratch, &norm_rows)?
                    + normative::stats_page(&renderer, &scratch)?;
                moves.own("gfxwjql/");
                moves.own("tj/");
            }
            if catalog {
                written += normative::catalog_pages(&renderer, &scratch)?;
                moves.own("zdjcml/");
            }
            laps.lap("render indexes");
            if let Some(e) = errors.into_inner().into_iter().next() {
                return Err(e);
            }
            // Search: only the changed documents' own text and fields can change its entries.
            let mut touched = Touched {
                meta: true,
                ..Default::default()
            };
            for (i, text) in &texts {
                let (title, extra) = &prev.heads[*i];
                let old = DocText {
                    title,
                    extra: extra.clone(),
                    text: &prev.texts[*i],
                };
                let new = DocText::of(public.docs[*i].doc, text);
                prev.index.replace(*i as u32, &old, &new, &mut touched);
            }
            let mut files = prev.index.files(public, BASE, &touched);
            laps.lap("search index");
            let docs_json = prev
                .documents_json
                .as_ref()
                .filter(|d| d.len() == public.docs.len())
                .and_then(|d| d.update(public, &order));
            let parts = outputs::Parts {
                documents: docs_json.is_none(),
                decisions: catalog,
                normative: norm,
                sitemap: !reuse_specs,
            };
            files.extend(outputs::site_files(
                public,
                &specs,
                !norm_rows.is_empty(),
                parts,
            ));
            prev.documents_json = match docs_json {
                Some(d) => {
                    files.push(("data/documents.json".into(), d.bytes().to_vec()));
                    Some(d)
                }
                None => files
                    .iter()
                    .find(|(p, _)| p == "data/documents.json")
                    .and_then(|(_, b)| outputs::DocsJson::new(b.clone())),
            };
            laps.lap("data, feeds, sitemap");
            for (path, bytes) in &files {
                scratch.write(path, bytes)?;
            }
            written += files.len();
            // Attachments and images: copy changed or newly referenced ones, drop unreferenced ones.
            let mut asset_paths: BTreeSet<&String> = pending.assets.iter().collect();
            asset_paths.extend(prev.assets.symmetric_difference(&public.assets));
            for rel in asset_paths {
                if public.assets.contains(rel) {
                    scratch.copy(&self.root.join("content").join(rel), rel)?;
                    written += 1;
                } else if prev.assets.contains(rel) {
                    moves.remove_file(rel);
                }
            }
            let removed = moves.apply(&scratch.dir, &self.out)?;
            laps.lap("write");
            Ok((written, removed, texts, Some(specs)))
        })();
        let Renderer {
            tera, summaries, ..
        } = renderer;
        self.tera = Some(tera);
        prev.summaries = summaries;
        let (written, removed, texts, specs) = match result {
            Ok(r) => r,
            Err(e) => {
                // Whatever was half-updated (listings, search postings) is rebuilt from scratch.
                self.pending.full = true;
                return Err(e);
            }
        };
        for (i, text) in texts {
            let d = public.docs[i].doc;
            prev.heads[i] = (d.title.clone(), DocText::of(d, "").extra);
            prev.texts[i] = text;
        }
        prev.ids = ids;
        if let Some(r) = new_refs {
            prev.refs = r;
        }
        prev.normative = public
            .docs
            .iter()
            .map(|p| p.doc.kind == Kind::Normative)
            .collect();
        prev.global = global;
        if let Some(specs) = specs {
            prev.specs = specs;
        }
        prev.assets = public.assets.clone();
        Ok((false, written, removed))
    }
}

/// A document's fields other than its body, for telling a body-only edit from one that can
/// change listings, data files and other pages.
fn meta_key(d: &Document) -> String {
    let mut m = d.clone();
    m.body = String::new();
    m.body_line = 0;
    m.links = Vec::new();
    m.lines = Default::default();
    m.allows = Vec::new();
    format!("{m:?}")
}

/// What decides which listings a document is in and where: folder, issuers, dates, kind.
fn list_key(d: &Document) -> String {
    format!(
        "{:?}",
        (
            &d.dir,
            &d.issuers,
            d.date,
            d.published,
            d.kind,
            d.draft,
            d.column
        )
    )
}

/// The site-wide values templates put on every page (nav counts, totals, flags).
fn global_values(public: &PublicSite, facets_global: bool) -> String {
    let mut view = context::site_view(public, BASE);
    if !facets_global {
        // Only the facet and search pages show these; they are re-rendered on every change.
        view.units.clear();
        view.years.clear();
        view.kinds.clear();
    }
    serde_json::to_string(&view).unwrap_or_default()
}

/// For each published document, the published documents whose title or URL its page shows.
fn refs(public: &PublicSite) -> Vec<Vec<u32>> {
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
