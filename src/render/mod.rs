//! Rendering: [`PublicSite`] → files in the staging folder, in parallel with rayon, one shared
//! `Tera` whose global context holds the site-wide values (no per-page copy of the site).

pub mod bodies;
pub mod context;
pub mod files;
pub mod markdown;
pub mod normative;
pub mod pages;
pub mod report;
pub mod stats;
pub mod theme;

use std::sync::Mutex;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::diag::Diagnostic;
use crate::model::PublicSite;
use crate::output::{OutputError, Staging};
use context::{Summary, url};
pub use theme::Theme;

/// Template names every theme provides.
pub const TEMPLATES: &[&str] = &[
    "base.html",
    "index.html",
    "page.html",
    "list.html",
    "facets.html",
    "normative.html",
    "stats.html",
    "body_stats.html",
    "catalog.html",
    "zdgkml.html",
    "search.html",
    "404.html",
    "body.html",
    "bodies.html",
];

/// A rendering failure: a template error or an I/O error.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("template error in {template}: {message}")]
    Template { template: String, message: String },
    #[error(transparent)]
    Output(#[from] OutputError),
}

impl RenderError {
    pub fn to_diagnostic(&self, theme: &str) -> Diagnostic {
        match self {
            RenderError::Template { template, message } => Diagnostic::error(format!("themes/{theme}/templates/{template}"), None, message.clone())
                .help("fix the template; the built-in templates are in the gongkai repository under themes/default/templates"),
            RenderError::Output(e) => Diagnostic::error("public", None, e.to_string()),
        }
    }
}

/// The shared renderer.
pub struct Renderer<'s, 'a> {
    pub tera: Tera,
    pub site: &'s PublicSite<'a>,
    pub base: String,
    /// `summaries[i]` for `site.docs[i]`.
    pub summaries: Vec<Summary>,
    /// Where body links go (published pages and files only), for the sanitiser.
    pub links: std::sync::Arc<markdown::LinkMap>,
}

fn tera_error(template: &str, e: tera::Error) -> RenderError {
    let mut message = e.to_string().trim_start_matches("error: ").to_string();
    let mut src = std::error::Error::source(&e);
    while let Some(s) = src {
        message.push_str(": ");
        message.push_str(&s.to_string());
        src = s.source();
    }
    RenderError::Template {
        template: template.to_string(),
        message,
    }
}

impl<'s, 'a> Renderer<'s, 'a> {
    pub fn new(site: &'s PublicSite<'a>, theme: &Theme, base: &str) -> Result<Self, RenderError> {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.add_raw_templates(
            theme
                .templates
                .iter()
                .map(|(n, s)| (n.as_str(), s.as_str())),
        )
        .map_err(|e| tera_error("", e))?;
        for t in TEMPLATES {
            if !tera.contains_template(t) {
                return Err(RenderError::Template {
                    template: t.to_string(),
                    message: "template missing".into(),
                });
            }
        }
        let view = context::site_view(site, base);
        tera.global_context().insert("site", &view);
        let summaries = site
            .docs
            .par_iter()
            .map(|p| context::summary(site, p, base))
            .collect();
        Ok(Renderer {
            tera,
            site,
            base: base.to_string(),
            summaries,
            links: std::sync::Arc::new(markdown::LinkMap::new(site, base)),
        })
    }

    pub fn url(&self, path: &str) -> String {
        url(&self.base, path)
    }

    /// Render `template` with `key = value` plus page chrome and write it to `out` (`a/b/index.html`).
    // Every argument is a distinct part of the page; a struct would only rename them.
    #[allow(clippy::too_many_arguments)]
    pub fn page<T: Serialize + ?Sized>(
        &self,
        staging: &Staging,
        out: &str,
        template: &str,
        title: &str,
        crumbs: &[(String, String)],
        key: &'static str,
        value: &T,
    ) -> Result<(), RenderError> {
        let mut ctx = Context::new();
        ctx.insert("page_title", title);
        let crumbs: Vec<context::Link> = crumbs
            .iter()
            .map(|(t, u)| context::Link {
                title: t.clone(),
                url: u.clone(),
                external: false,
            })
            .collect();
        ctx.insert("crumbs", &crumbs);
        ctx.insert(
            "current_url",
            &self.url(&format!("/{}", out.trim_end_matches("index.html"))),
        );
        // The disclosure body whose section the page is in: its nav and name (SPEC §7).
        let dir = out.trim_end_matches("index.html").trim_end_matches('/');
        ctx.insert("page_body", &self.site.config.body_of_dir(dir));
        ctx.insert(key, value);
        // Render into bytes: `Tera::render` would re-validate every page as UTF-8.
        let mut html = Vec::with_capacity(16 * 1024);
        self.tera
            .render_to(template, &ctx, &mut html)
            .map_err(|e| tera_error(template, e))?;
        staging.write(out, &html)?;
        Ok(())
    }
}

/// Collects errors from parallel jobs.
pub struct Errors(pub Mutex<Vec<RenderError>>);

impl Errors {
    pub fn new() -> Self {
        Errors(Mutex::new(Vec::new()))
    }
    pub fn push(&self, r: Result<(), RenderError>) {
        if let Err(e) = r {
            self.0
                .lock()
                .expect("no panics while holding the lock")
                .push(e);
        }
    }
    pub fn into_inner(self) -> Vec<RenderError> {
        self.0.into_inner().unwrap_or_default()
    }
}

impl Default for Errors {
    fn default() -> Self {
        Self::new()
    }
}
