//! The render plan and the one function that carries it out.

use std::path::Path;

use rayon::prelude::*;

use crate::output::Staging;
use crate::render::files::{Parts, site_files};
use crate::render::normative::{self, NormRow};
use crate::render::pages::{self, ListSpec};
use crate::render::{Errors, RenderError, Renderer, Theme};

use super::Timer;

/// A set of pages of one kind: all of them, or some (positions).
#[derive(Debug, Clone)]
pub enum Pages<T> {
    All,
    Only(Vec<T>),
}

impl<T> Pages<T> {
    pub fn none() -> Self {
        Pages::Only(Vec::new())
    }
}

/// The outputs to produce.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Document pages (positions in `PublicSite::docs`).
    pub docs: Pages<usize>,
    /// Listing pages: (position in the specs, page key).
    pub lists: Pages<(usize, usize)>,
    /// Home, facet indexes, search page, 404, bodies' homes, 主动公开目录 and statistics pages.
    pub site_pages: bool,
    /// 规范性文件清理 index (`gfxwjql/`).
    pub normative: bool,
    /// The decision catalog (`zdjcml/`).
    pub decisions: bool,
    /// Data exports, feeds, sitemap, robots.txt (`None`: none of them).
    pub files: Option<Parts>,
    /// The theme's static files and the site's `static/`.
    pub statics: bool,
    /// Attachments and images to copy (`content/` paths).
    pub assets: Pages<String>,
}

impl Plan {
    /// Everything: what `gongkai build` writes.
    pub fn all() -> Plan {
        Plan {
            docs: Pages::All,
            lists: Pages::All,
            site_pages: true,
            normative: true,
            decisions: true,
            files: Some(Parts::ALL),
            statics: true,
            assets: Pages::All,
        }
    }
}

/// What a run wrote.
#[derive(Debug, Clone, Copy, Default)]
pub struct Written {
    /// HTML pages.
    pub pages: usize,
    /// Other files (data, feeds, statics, attachments), the caller's extra files excluded.
    pub files: usize,
}

/// Receives the plain text of rendered document pages, in batches of (position, text); only
/// for positions `want(position)` is true (others get no text extraction).
pub trait DocSink: Sync {
    fn want(&self, pos: usize) -> bool;
    fn take(&self, batch: Vec<(usize, String)>);
}

/// Documents per rendering job: each batch is handed to the sink at once (waking an indexing
/// thread per document cost more than the indexing).
const BATCH: usize = 32;

/// Everything a run reads besides the plan.
pub struct Inputs<'r, 's, 'a> {
    pub renderer: &'r Renderer<'s, 'a>,
    pub theme: &'r Theme,
    /// The site folder (its `static/` and `content/` attachments).
    pub root: &'r Path,
    pub specs: &'r [ListSpec],
    pub norm_rows: &'r [NormRow],
    /// The documents' Markdown, handed over by `gongkai build` (see [`Bodies`]); `None`: each
    /// document's own `body` (serve, which renders a document again after an edit).
    pub bodies: Option<&'r Bodies>,
}

/// The Markdown of every published document (by position in `PublicSite::docs`), taken out of
/// the model once it is validated: each is taken when its page is rendered and dropped when
/// the page is written. Kept in the model until the end, the bodies were a third of a 200,000
/// document build's peak memory, alongside the search index that grows while pages render
/// (issue 22, city platform). Used once: a second run would find them empty.
pub struct Bodies(Vec<std::sync::Mutex<String>>);

impl Bodies {
    pub fn new(bodies: Vec<String>) -> Bodies {
        Bodies(bodies.into_iter().map(std::sync::Mutex::new).collect())
    }

    /// Take (move out) the body of document `i`.
    fn take(&self, i: usize) -> String {
        self.0
            .get(i)
            .map(|m| std::mem::take(&mut *m.lock().unwrap_or_else(|e| e.into_inner())))
            .unwrap_or_default()
    }
}

/// Produce the outputs of `plan` into `staging`. Document pages first (their texts go to
/// `sink`), then listings and site-wide pages side by side with `extra` (the caller's search
/// index and other files it keeps up to date, given the staging folder), then data files,
/// statics and attachments. Every render error is returned.
pub fn run<R: Send>(
    inp: &Inputs,
    staging: &Staging,
    plan: &Plan,
    sink: &dyn DocSink,
    extra: impl FnOnce(&Staging) -> Result<R, RenderError> + Send,
    timer: &mut Timer,
) -> Result<(Written, R), Vec<RenderError>> {
    let r = inp.renderer;
    let errors = Errors::new();
    let mut w = Written::default();
    w.pages += doc_pages(r, staging, &plan.docs, inp.bodies, sink, &errors);
    timer.lap("render documents");
    let (listed, extra) = rayon::join(
        || listings_and_indexes(inp, staging, plan, &errors),
        || extra(staging),
    );
    w.pages += listed;
    let extra = match extra {
        Ok(x) => x,
        Err(e) => {
            errors.push(Err(e));
            return Err(errors.into_inner());
        }
    };
    timer.lap("render listings + search index");
    let errs = errors.into_inner();
    if !errs.is_empty() {
        return Err(errs);
    }
    w.files += files_and_statics(inp, staging, plan).map_err(|e| vec![e])?;
    timer.lap("write data, feeds, assets");
    Ok((w, extra))
}

/// Document pages, in parallel batches.
fn doc_pages(
    r: &Renderer,
    staging: &Staging,
    which: &Pages<usize>,
    bodies: Option<&Bodies>,
    sink: &dyn DocSink,
    errors: &Errors,
) -> usize {
    let all: Vec<usize>;
    let order: &[usize] = match which {
        Pages::All => {
            all = (0..r.site.docs.len()).collect();
            &all
        }
        Pages::Only(v) => v,
    };
    order.par_chunks(BATCH).for_each(|chunk| {
        let batch: Vec<(usize, String)> = chunk
            .iter()
            .filter_map(|&i| {
                let want = sink.want(i);
                let p = &r.site.docs[i];
                let taken = bodies.map(|b| b.take(i));
                let body = taken.as_deref().unwrap_or(&p.doc.body);
                match pages::doc_page(r, staging, p, body, want) {
                    Ok(t) => want.then_some((i, t)),
                    Err(e) => {
                        errors.push(Err(e));
                        want.then(|| (i, String::new()))
                    }
                }
            })
            .collect();
        if !batch.is_empty() {
            sink.take(batch);
        }
    });
    order.len()
}

/// Listing pages and the site-wide pages of the plan.
fn listings_and_indexes(inp: &Inputs, staging: &Staging, plan: &Plan, errors: &Errors) -> usize {
    let r = inp.renderer;
    let mut n = match &plan.lists {
        Pages::All => pages::list_pages(r, staging, inp.specs, errors),
        Pages::Only(jobs) => {
            jobs.par_iter()
                .for_each(|&(s, k)| errors.push(pages::list_page(r, staging, &inp.specs[s], k)));
            jobs.len()
        }
    };
    let mut add = |res: Result<usize, RenderError>| match res {
        Ok(k) => n += k,
        Err(e) => errors.push(Err(e)),
    };
    if plan.site_pages {
        add(pages::special_pages(r, staging));
        // Statistics count documents per body, column and year: any metadata change.
        add(crate::render::stats::stats_pages(r, staging));
    }
    if plan.normative {
        add(normative::normative_pages(r, staging, inp.norm_rows));
    }
    if plan.decisions {
        add(normative::catalog_pages(r, staging));
    }
    n
}

/// Data, feeds, sitemap; theme statics, the site's static/, attachments.
fn files_and_statics(inp: &Inputs, staging: &Staging, plan: &Plan) -> Result<usize, RenderError> {
    let r = inp.renderer;
    let mut n = 0;
    if let Some(parts) = plan.files {
        n += site_files(
            r.site,
            inp.specs,
            !inp.norm_rows.is_empty(),
            parts,
            &|path, bytes| staging.write(path, bytes),
        )?;
    }
    if plan.statics {
        for (rel, bytes) in &inp.theme.statics {
            staging.write(&format!("static/{rel}"), bytes)?;
        }
        n += inp.theme.statics.len() + crate::output::copy_site_static(inp.root, staging)?;
    }
    let all: Vec<&String>;
    let assets: Vec<&String> = match &plan.assets {
        Pages::All => {
            all = r.site.assets.iter().collect();
            all
        }
        Pages::Only(v) => v.iter().collect(),
    };
    let content = inp.root.join("content");
    let copied: Result<Vec<()>, _> = assets
        .par_iter()
        .map(|rel| staging.copy(&content.join(rel), rel))
        .collect();
    copied?;
    Ok(n + assets.len())
}
