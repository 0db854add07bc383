//! The build pipeline: config → content → model → render → output, with per-stage timings.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use rayon::prelude::*;

use crate::config::{self, SiteConfig};
use crate::content;
use crate::dates::Date;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{PublicSite, Site};
use crate::output::Staging;
use crate::render::{self, Errors, RenderError, Renderer, Theme};
use crate::search;

/// Show stage-by-stage progress on stderr (set by `gongkai build` when stderr is a terminal).
pub static PROGRESS: AtomicBool = AtomicBool::new(false);

/// What to build and how.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    pub today: Date,
    pub drafts: bool,
    /// Replace base_url's path (serve mode uses `/`).
    pub base_path: Option<String>,
    /// Document ids left out as if they were withheld (deploy --retract).
    pub exclude: Vec<String>,
    pub timings: bool,
}

/// A successful build.
#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    pub documents: usize,
    pub published: usize,
    pub pages: usize,
    pub files: usize,
    pub warnings: Vec<Diagnostic>,
    pub timings: Vec<(&'static str, f64)>,
}

/// A failed build: every diagnostic found.
#[derive(Debug, Clone)]
pub struct BuildFailure {
    pub diagnostics: Diagnostics,
}

struct Timer {
    start: Instant,
    stages: Vec<(&'static str, f64)>,
}

impl Timer {
    fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.stages.push((name, (now - self.start).as_secs_f64()));
        self.start = now;
        if PROGRESS.load(Ordering::Relaxed) {
            use std::io::Write as _;
            let mut e = std::io::stderr();
            let _ = write!(
                e,
                "\r\x1b[2K  done: {name} ({} ms)",
                (self.stages.last().map(|s| s.1).unwrap_or(0.0) * 1000.0) as u64
            );
            let _ = e.flush();
        }
    }
}

/// Load and validate the whole site (no output). Used by build, check and serve.
pub fn load_site(
    root: &Path,
    today: Date,
    drafts: bool,
    exclude: &[String],
) -> Result<(Site, Vec<Diagnostic>), Diagnostics> {
    let cfg = config::load(root).map_err(|d| Diagnostics { items: d })?;
    load_with_config(root, cfg, today, drafts, exclude)
}

/// Load the site for inspection even when content has errors: the site of every document
/// that parsed, and every diagnostic (sorted). `Err` only when site.yaml itself fails.
pub fn load_site_partial(root: &Path, today: Date) -> Result<(Site, Vec<Diagnostic>), Diagnostics> {
    let mut cfg = config::load(root).map_err(|d| Diagnostics { items: d })?;
    let (catalog, mut diags) = crate::catalog::load(root, &cfg);
    cfg.catalog = catalog;
    let (content, more) = content::load(root);
    diags.extend(more);
    let (site, more) = Site::build_partial(cfg, content, today, false);
    diags.extend(more);
    let mut all = Diagnostics { items: diags };
    all.sort();
    Ok((site, all.items))
}

pub fn load_with_config(
    root: &Path,
    mut cfg: SiteConfig,
    today: Date,
    drafts: bool,
    exclude: &[String],
) -> Result<(Site, Vec<Diagnostic>), Diagnostics> {
    let (catalog, mut diags) = crate::catalog::load(root, &cfg);
    cfg.catalog = catalog;
    let (content, more) = content::load(root);
    diags.extend(more);
    let (site, more) = Site::build(cfg, content, today, drafts);
    diags.extend(more);
    let mut all = Diagnostics { items: diags };
    all.sort();
    match site {
        Some(mut site) if !all.has_errors() => {
            for id in exclude {
                if let Some(&i) = site.by_id.get(id) {
                    site.published[i] = false;
                }
            }
            Ok((site, all.items))
        }
        _ => Err(all),
    }
}

/// Build the site into `opts.output`, atomically.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let mut t = Timer {
        start: Instant::now(),
        stages: Vec::new(),
    };
    let fail = |items: Vec<Diagnostic>| BuildFailure {
        diagnostics: Diagnostics { items },
    };
    check_output_location(&opts.root, &opts.output).map_err(|d| fail(vec![d]))?;
    let mut cfg = config::load(&opts.root).map_err(fail)?;
    if let Some(bp) = &opts.base_path {
        cfg.base_path = bp.clone();
    }
    let theme = Theme::load(&opts.root, &cfg.theme).map_err(fail)?;
    t.lap("config");
    let (site, warnings) =
        load_with_config(&opts.root, cfg, opts.today, opts.drafts, &opts.exclude)
            .map_err(|d| BuildFailure { diagnostics: d })?;
    if !opts.exclude.is_empty() {
        let d = retraction_refs(&site, &opts.exclude);
        if !d.is_empty() {
            return Err(fail(d));
        }
    }
    t.lap("load+parse+validate");
    let public = PublicSite::new(&site);
    let base = public.config.base_path.clone();
    let staging = Staging::new(&opts.output).map_err(|e| {
        fail(vec![Diagnostic::error(
            opts.output.display().to_string(),
            None,
            e.to_string(),
        )])
    })?;
    let out_err = |e: RenderError| fail(vec![e.to_diagnostic(&public.config.theme)]);
    let renderer = Renderer::new(&public, &theme, &base).map_err(out_err)?;
    t.lap("link");

    // Document pages in parallel; each batch of jobs hands its search tokens to an indexing
    // thread, so no plain text is held and rendering never waits for the index. (Batches, not
    // single documents: waking the indexer per document cost more than the indexing.)
    let errors = Errors::new();
    let numbers = search::numbers(&public);
    const BATCH: usize = 32;
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<(u32, search::DocTokens)>>(64);
    let indexer = std::thread::spawn(move || {
        let mut index = search::SearchIndex::new();
        for batch in rx {
            for (i, t) in batch {
                index.add(i, t);
            }
        }
        index
    });
    public
        .docs
        .par_chunks(BATCH)
        .enumerate()
        .for_each_with(tx, |tx, (c, chunk)| {
            let batch = chunk
                .iter()
                .enumerate()
                .map(|(k, p)| {
                    let text = match render::pages::doc_page(&renderer, &staging, p, true) {
                        Ok(t) => t,
                        Err(e) => {
                            errors.push(Err(e));
                            String::new()
                        }
                    };
                    let extra = format!(
                        "{} {}",
                        p.doc.doc_number.as_deref().unwrap_or(""),
                        p.doc.index_number.as_deref().unwrap_or("")
                    );
                    (
                        numbers[c * BATCH + k],
                        search::doc_tokens(&p.doc.title, &extra, &text),
                    )
                })
                .collect();
            let _ = tx.send(batch);
        });
    let index = indexer.join().expect("indexing thread does not panic");
    t.lap("render documents");
    let specs = render::pages::list_specs(&renderer);
    let norm_rows = render::normative::rows(&renderer);
    // Listings and the search index are independent: run them side by side so neither
    // stage's tail leaves a core idle.
    let (listed, search_files) = rayon::join(
        || {
            let mut pages = render::pages::list_pages(&renderer, &staging, &specs, &errors);
            let specials = (|| -> Result<usize, RenderError> {
                Ok(render::pages::special_pages(&renderer, &staging)?
                    + render::normative::normative_pages(&renderer, &staging, &norm_rows)?
                    + render::stats::stats_pages(&renderer, &staging)?
                    + render::normative::catalog_pages(&renderer, &staging)?)
            })();
            match specials {
                Ok(n) => pages += n,
                Err(e) => errors.push(Err(e)),
            }
            pages
        },
        || index.write(&public, &base, &staging),
    );
    let pages = public.docs.len() + listed;
    let errs = errors.into_inner();
    if !errs.is_empty() {
        return Err(fail(
            errs.iter()
                .map(|e| e.to_diagnostic(&public.config.theme))
                .collect(),
        ));
    }
    let search_files = search_files.map_err(|e| out_err(e.into()))?;
    t.lap("render listings + search index");

    let files = render::files::site_files(
        &public,
        &specs,
        !norm_rows.is_empty(),
        render::files::Parts::ALL,
    );
    for (path, bytes) in &files {
        staging.write(path, bytes).map_err(|e| out_err(e.into()))?;
    }
    // Theme static files, site static/, then attachments of published documents.
    for (rel, bytes) in &theme.statics {
        staging
            .write(&format!("static/{rel}"), bytes)
            .map_err(|e| out_err(e.into()))?;
    }
    let mut copied =
        crate::output::copy_site_static(&opts.root, &staging).map_err(|e| out_err(e.into()))?;
    let assets: Vec<&String> = public.assets.iter().collect();
    let copy_errs: Vec<_> = assets
        .par_iter()
        .filter_map(|rel| {
            staging
                .copy(&opts.root.join("content").join(rel), rel)
                .err()
        })
        .collect();
    if let Some(e) = copy_errs.into_iter().next() {
        return Err(out_err(e.into()));
    }
    copied += assets.len();
    t.lap("write data, feeds, assets");
    staging.commit().map_err(|e| {
        fail(vec![Diagnostic::error(
            opts.output.display().to_string(),
            None,
            e.to_string(),
        )])
    })?;
    t.lap("swap output");
    Ok(BuildReport {
        documents: site.docs.len(),
        published: public.docs.len(),
        pages,
        files: pages + files.len() + search_files + theme.statics.len() + copied,
        warnings,
        timings: t.stages,
    })
}

/// A retracted document must not be referenced by anything still published: front-matter
/// references, Markdown links, a decision stage of a retracted catalog item, or a Markdown link
/// to a file attached only to retracted documents (that would keep the file online).
fn retraction_refs(site: &Site, exclude: &[String]) -> Vec<Diagnostic> {
    use crate::model::document::Target;
    use crate::model::links::LinkKind;
    let excluded = |id: &str| exclude.iter().any(|e| e == id);
    let mut kept_files = std::collections::HashSet::new();
    let mut retracted_files = std::collections::HashSet::new();
    for (i, doc) in site.docs.iter().enumerate() {
        for a in &doc.attachments {
            if site.published[i] {
                kept_files.insert(a.rel.as_str());
            } else if excluded(&doc.id) {
                retracted_files.insert(a.rel.as_str());
            }
        }
    }
    let mut d = Vec::new();
    let mut refuse = |doc: &crate::model::Document, line: usize, what: String| {
        d.push(
            Diagnostic::error(
                &doc.file,
                Some(line),
                format!("links to {what}, which is being retracted"),
            )
            .help("remove the link too, then retract again"),
        );
    };
    for (i, doc) in site.docs.iter().enumerate() {
        if !site.published[i] {
            continue;
        }
        let norm = doc
            .normative
            .iter()
            .flat_map(|n| n.replaces.iter().chain(&n.replaced_by));
        for r in doc.interpretation.iter().chain(&doc.interprets).chain(norm) {
            if let Target::Doc(id) = &r.target
                && excluded(id)
            {
                refuse(doc, r.line, format!("`{id}.md`"));
            }
        }
        for l in &doc.links {
            match &l.kind {
                LinkKind::Doc { id, .. } if excluded(id) => {
                    refuse(doc, l.line, format!("`{id}.md`"))
                }
                LinkKind::Asset { rel }
                    if retracted_files.contains(rel.as_str())
                        && !kept_files.contains(rel.as_str()) =>
                {
                    refuse(
                        doc,
                        l.line,
                        format!("`content/{rel}`, an attachment of a document"),
                    )
                }
                _ => {}
            }
        }
        if let Some(s) = &doc.stage
            && let Some(&item) = site.decisions.get(&s.id)
            && excluded(&site.docs[item].id)
        {
            refuse(
                doc,
                s.line,
                format!("decision `{}` (`{}.md`)", s.id, site.docs[item].id),
            );
        }
    }
    d
}

/// The output folder is replaced wholesale by a build, so it must not be the site itself, an
/// ancestor of it, or inside its sources, and an existing folder must be an earlier output
/// (`--output .` or `--output content` used to delete the site, `.git` included).
fn check_output_location(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let abs = |p: &Path| -> PathBuf {
        if let Ok(c) = p.canonicalize() {
            return c;
        }
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        match (
            p.parent().and_then(|d| d.canonicalize().ok()),
            p.file_name(),
        ) {
            (Some(d), Some(n)) => d.join(n),
            _ => p,
        }
    };
    let (root, out) = (abs(root), abs(output));
    let refuse = |msg: String, help: &str| {
        Err(Diagnostic::error(output.display().to_string(), None, msg).help(help.to_string()))
    };
    if root.starts_with(&out) {
        return refuse(
            format!(
                "the output folder `{}` contains the site itself; building there would replace the site (and its .git) with the output",
                out.display()
            ),
            "choose an output folder of its own, e.g. the default `public/` inside the site",
        );
    }
    for src in ["content", "themes", "static"] {
        if out.starts_with(root.join(src)) {
            return refuse(
                format!(
                    "the output folder `{}` is inside the site's {src}/ folder; building there would replace source files",
                    out.display()
                ),
                "choose an output folder outside content/, themes/ and static/, e.g. the default `public/`",
            );
        }
    }
    if out.exists() {
        let empty = std::fs::read_dir(&out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !out.is_dir() || (!empty && !out.join("data/documents.json").is_file()) {
            return refuse(
                format!(
                    "`{}` exists and is not an earlier gongkai output (no data/documents.json); a build would replace it entirely",
                    out.display()
                ),
                "delete or move it yourself if it may go, or choose another --output",
            );
        }
    }
    Ok(())
}
