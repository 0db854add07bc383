//! The serve engine: keeps the parsed site in memory, re-reads only changed files, re-validates
//! cross-references, and re-renders only the outputs that depend on what changed.
//!
//! A full render (first build, site.yaml/theme/static change, a document entering or leaving
//! the published set, a site-wide value shown on every page changing) goes through a staging
//! folder that replaces the served folder in one rename, so nothing stale survives. Otherwise
//! pages are rendered into a scratch folder and renamed over the served files one by one.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use rayon::prelude::*;
use tera::Tera;

use crate::config::{self, SiteConfig};
use crate::content;
use crate::dates::Date;
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::engine::{self, DocSink, Pages, Plan, Silent, Timer, deps};
use crate::model::document::{self, Document};
use crate::model::{PublicSite, Site};
use crate::output::Staging;
use crate::render::context::{self, Summary};
use crate::render::pages::{self, ListSpec};
use crate::render::{RenderError, Renderer, Theme, normative};
use crate::search;
use crate::serve::index::{DocText, LiveIndex, Touched};
use crate::serve::outputs::{self, Moves};

mod changed;
mod full;

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
    /// Theme templates other than the pages re-rendered on every metadata change may show
    /// site-wide counts (facets, totals, nav counts): see [`counts_shown_widely`].
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
    /// Each document page's output folder.
    dirs: Vec<String>,
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
    /// Where body links go (published pages and files): kept while neither changes.
    links: std::sync::Arc<crate::render::markdown::LinkMap>,
    documents_json: Option<outputs::DocsJson>,
}

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
    laps: Timer<'static>,
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
            laps: Timer::new(&Silent),
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
        self.laps = Timer::new(&Silent);
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
            stages: std::mem::replace(&mut self.laps, Timer::new(&Silent))
                .into_stages()
                .into_iter()
                .map(|(stage, secs)| (stage, secs * 1000.0))
                .collect(),
        })
    }

    /// Record one changed path, re-reading it if it is a single content file.
    fn note(&mut self, path: &Path) {
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        let mut parts = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().to_string());
        match parts.next().as_deref() {
            Some("site.yaml") | Some("catalog.yaml") => self.pending.reload = true,
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
                self.pending.normative |= old.in_normative_index();
            }
            inputs.file_errors.remove(rel);
            if is_plain_file {
                let parsed = content::read_doc(rel, &abs)
                    .and_then(|raw| document::parse(raw, &inputs.config));
                match parsed {
                    Ok(doc) => {
                        self.pending.catalog |= doc.decision.is_some() || doc.stage.is_some();
                        self.pending.normative |= doc.in_normative_index();
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
        let (catalog, catalog_errors) = crate::catalog::load(&self.root, &cfg);
        if catalog_errors.iter().any(|d| d.severity == Severity::Error) {
            return Err(catalog_errors);
        }
        cfg.catalog = catalog;
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
        let facets_global = counts_shown_widely(&theme);
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
        // Site-wide values come from documents' metadata: a body-only edit keeps them.
        let global = match &self.prev {
            Some(prev) if !self.pending.meta_changed && !self.pending.full => prev.global.clone(),
            _ => global_values(public, inputs.facets_global),
        };
        let ids: Vec<(String, String)> = public
            .docs
            .iter()
            .map(|p| (p.doc.id.clone(), p.doc.url.clone()))
            .collect();
        let incremental = match &self.prev {
            Some(prev) => {
                !self.pending.full
                    && self.tera.is_some()
                    && prev.global == global
                    && only_pending_differ(&prev.ids, &ids, &self.pending.docs)
            }
            None => false,
        };
        if incremental {
            self.render_changed(public, ids, global)
        } else {
            self.render_all(public, ids, global)
        }
    }
}

/// Documents kept at the same URL, and any added or removed ones among the changed files
/// (anything else — a URL moving — takes a full render).
fn only_pending_differ(
    old: &[(String, String)],
    new: &[(String, String)],
    pending: &BTreeSet<String>,
) -> bool {
    if old == new {
        return true;
    }
    let (mut i, mut j) = (0, 0);
    while i < old.len() || j < new.len() {
        match (old.get(i), new.get(j)) {
            (Some(a), Some(b)) if a.0 == b.0 => {
                if a.1 != b.1 {
                    return false;
                }
                i += 1;
                j += 1;
            }
            (Some(a), b) if b.is_none_or(|b| a.0 < b.0) => {
                if !pending.contains(&a.0) {
                    return false;
                }
                i += 1;
            }
            (_, Some(b)) => {
                if !pending.contains(&b.0) {
                    return false;
                }
                j += 1;
            }
            _ => break,
        }
    }
    true
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

/// Whether a template of a page not re-rendered on every metadata change (home, facets,
/// search, bodies' pages, 404 are) may show a site-wide count: the unit/year/kind facets, the
/// number of documents, or the nav's per-column counts (any `count` next to a `site.` value).
fn counts_shown_widely(theme: &Theme) -> bool {
    theme
        .templates
        .iter()
        .filter(|(n, _)| {
            !matches!(
                n.as_str(),
                "search.html"
                    | "facets.html"
                    | "index.html"
                    | "body.html"
                    | "bodies.html"
                    | "404.html"
            )
        })
        .any(|(_, src)| {
            src.contains("site.units")
                || src.contains("site.years")
                || src.contains("site.kinds")
                || src.contains("site.doc_count")
                || (src.contains("count") && src.contains("site."))
        })
}

fn zero_counts(items: &mut [context::NavItem]) {
    for i in items {
        i.count = 0;
        zero_counts(&mut i.children);
    }
}

/// The site-wide values templates put on every page (nav counts, totals, flags).
fn global_values(public: &PublicSite, facets_global: bool) -> String {
    let mut view = context::site_view(public, BASE);
    if !facets_global {
        // Only the facet and search pages show these; they are re-rendered on every change.
        view.units.clear();
        view.years.clear();
        view.kinds.clear();
        // These change with every document added or removed; no page but those shows them.
        view.doc_count = 0;
        zero_counts(&mut view.nav);
        for b in &mut view.bodies {
            zero_counts(&mut b.nav);
        }
    }
    serde_json::to_string(&view).unwrap_or_default()
}

/// The first of a run's errors (serve reports one).
fn first(mut errs: Vec<RenderError>) -> RenderError {
    errs.swap_remove(0)
}

/// Serve's document sink: keeps the plain text of the wanted documents (the live search index
/// is updated from the old and new texts).
struct Texts {
    only: Option<HashSet<usize>>,
    got: Mutex<Vec<(usize, String)>>,
}

impl Texts {
    fn all() -> Texts {
        Texts {
            only: None,
            got: Mutex::new(Vec::new()),
        }
    }

    fn only(which: HashSet<usize>) -> Texts {
        Texts {
            only: Some(which),
            got: Mutex::new(Vec::new()),
        }
    }

    /// The texts received, by position.
    fn take_sorted(&self) -> Vec<(usize, String)> {
        let mut v = std::mem::take(&mut *self.got.lock().unwrap_or_else(|e| e.into_inner()));
        v.sort_unstable_by_key(|x| x.0);
        v
    }

    /// The texts of all `n` documents, in position order.
    fn take_all(&self, n: usize) -> Vec<String> {
        let mut out = vec![String::new(); n];
        for (i, t) in self.take_sorted() {
            out[i] = t;
        }
        out
    }
}

impl DocSink for Texts {
    fn want(&self, pos: usize) -> bool {
        self.only.as_ref().is_none_or(|s| s.contains(&pos))
    }

    fn take(&self, batch: Vec<(usize, String)>) {
        self.got
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(batch);
    }
}
