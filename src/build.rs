//! The build pipeline: config → content → model → render → output, with per-stage timings.

use std::path::{Path, PathBuf};

use crate::config::{self, SiteConfig};
use crate::content;
use crate::dates::Date;
use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::{self, DocSink, Plan, Progress, Silent, Timer};
use crate::model::{PublicSite, Site};
use crate::output::Staging;
use crate::render::{self, RenderError, Renderer, Theme};
use crate::search;

/// The file in an output folder built with drafts (`gongkai deploy` refuses such a build).
pub const DRAFTS_MARKER: &str = ".gongkai-drafts";

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

/// Build the site into `opts.output`, atomically, without progress output.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    build_with(opts, &Silent)
}

/// Build the site into `opts.output`, atomically: load, model, then the engine's whole plan
/// into a staging folder that replaces the output. Stage timings go to `progress`.
pub fn build_with(
    opts: &BuildOptions,
    progress: &dyn Progress,
) -> Result<BuildReport, BuildFailure> {
    let mut t = Timer::new(progress);
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
    let (mut site, warnings) =
        load_with_config(&opts.root, cfg, opts.today, opts.drafts, &opts.exclude)
            .map_err(|d| BuildFailure { diagnostics: d })?;
    if !opts.exclude.is_empty() {
        let d = retraction_refs(&site, &opts.exclude);
        if !d.is_empty() {
            return Err(fail(d));
        }
    }
    t.lap("load+parse+validate");
    // Validated: the Markdown leaves the model for the renderer, which drops each body once
    // its page is written; an unpublished document's goes now (engine::Bodies).
    let mut texts: Vec<String> = site
        .docs
        .iter_mut()
        .map(|d| std::mem::take(&mut d.body))
        .collect();
    let public = PublicSite::new(&site);
    let bodies = engine::Bodies::new(
        public
            .docs
            .iter()
            .map(|p| {
                site.by_id
                    .get(&p.doc.id)
                    .map(|&i| std::mem::take(&mut texts[i]))
                    .unwrap_or_default()
            })
            .collect(),
    );
    drop(texts);
    release_free_memory();
    let base = public.config.base_path.clone();
    let out_fail = |e: &dyn std::fmt::Display| {
        fail(vec![Diagnostic::error(
            opts.output.display().to_string(),
            None,
            e.to_string(),
        )])
    };
    let staging = Staging::new(&opts.output).map_err(|e| out_fail(&e))?;
    let render_fail = |errs: Vec<RenderError>| {
        fail(
            errs.iter()
                .map(|e| e.to_diagnostic(&public.config.theme))
                .collect(),
        )
    };
    let renderer = Renderer::new(&public, &theme, &base).map_err(|e| render_fail(vec![e]))?;
    let specs = render::pages::list_specs(&renderer);
    let norm_rows = render::normative::rows(&renderer);
    t.lap("link");

    // Document pages hand their search tokens to an indexing thread, so no plain text is held
    // and rendering never waits for the index.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<(u32, search::DocTokens)>>(64);
    let indexer = std::thread::spawn(move || {
        let mut index = search::SearchIndex::new();
        for (n, batch) in rx.into_iter().enumerate() {
            for (i, t) in batch {
                index.add(i, t);
            }
            // The rendered documents' bodies are freed as the index grows: give their pages
            // back now and then, so that the index does not add to them (every 4,096 documents).
            if n % 128 == 127 {
                release_free_memory();
            }
        }
        index
    });
    let sink = Tokens {
        public: &public,
        numbers: search::numbers(&public),
        tx: std::sync::Mutex::new(Some(tx)),
    };
    let inputs = engine::Inputs {
        renderer: &renderer,
        theme: &theme,
        root: &opts.root,
        specs: &specs,
        norm_rows: &norm_rows,
        bodies: Some(&bodies),
    };
    let (written, search_files) = engine::run(
        &inputs,
        &staging,
        &Plan::all(),
        &sink,
        |staging| {
            // All documents are rendered: close the channel so the indexer finishes.
            drop(sink.tx.lock().map(|mut t| t.take()));
            let index = indexer.join().expect("indexing thread does not panic");
            let files = index.write(&public, &base, staging)?;
            release_free_memory();
            Ok(files)
        },
        &mut t,
    )
    .map_err(render_fail)?;
    if opts.drafts {
        // Read by `gongkai deploy`, which refuses such builds: part of the output, so it is
        // there exactly when the swapped-in output holds drafts, and a failed write fails the build.
        staging
            .write(DRAFTS_MARKER, b"built with --drafts\n")
            .map_err(|e| out_fail(&e))?;
    }
    staging.commit().map_err(|e| out_fail(&e))?;
    t.lap("swap output");
    let report = BuildReport {
        documents: site.docs.len(),
        published: public.docs.len(),
        pages: written.pages,
        files: written.pages + written.files + search_files,
        warnings,
        timings: t.into_stages(),
    };
    // Freeing the model (every document's fields) took ~30 ms on one thread at 10k, the
    // last serial step of a build: free it on another thread. `gongkai build` exits without
    // waiting for it; a longer-lived caller gets the memory back a moment later.
    drop(specs);
    drop(norm_rows);
    drop(renderer);
    drop(bodies);
    drop(public);
    std::thread::spawn(move || drop(site));
    Ok(report)
}

/// Give the pages of freed heap memory back to the system (glibc keeps them, and a build
/// frees much in between: the parsed front matter and file buffers once the site is loaded,
/// the search index once written). Peak RSS is what a 200,000-document build is held to
/// (issue 22); each call costs a walk over the allocator's free lists, a few milliseconds.
fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns unused pages of the allocator's own free chunks to
    // the kernel; it touches no live allocation and is thread-safe.
    unsafe {
        libc::malloc_trim(0);
    }
}

type TokenSender = std::sync::mpsc::SyncSender<Vec<(u32, search::DocTokens)>>;

/// The build's document sink: each batch's search tokens go to the indexing thread.
struct Tokens<'p, 'a> {
    public: &'p PublicSite<'a>,
    numbers: Vec<u32>,
    /// Taken (closed) once every page is rendered, so the indexer finishes.
    tx: std::sync::Mutex<Option<TokenSender>>,
}

impl DocSink for Tokens<'_, '_> {
    fn want(&self, _: usize) -> bool {
        true
    }

    fn take(&self, batch: Vec<(usize, String)>) {
        let tokens = batch
            .into_iter()
            .map(|(i, text)| {
                let d = self.public.docs[i].doc;
                let extra = format!(
                    "{} {}",
                    d.doc_number.as_deref().unwrap_or(""),
                    d.index_number.as_deref().unwrap_or("")
                );
                (self.numbers[i], search::doc_tokens(&d.title, &extra, &text))
            })
            .collect();
        let tx = self.tx.lock().ok().and_then(|t| t.clone());
        if let Some(tx) = tx {
            let _ = tx.send(tokens);
        }
    }
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
