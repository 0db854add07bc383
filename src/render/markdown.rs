//! Markdown → HTML for one published document: the whole HTML sanitised (one path, see
//! [`crate::sanitize`]), every link rewritten to a published page URL, plain text for search.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::model::PublicSite;
use crate::model::links::{LinkKind, SiteUrls, classify_in, md_options};
use crate::model::paths::url_encode_path;

/// Rendered body and its plain text.
pub struct Rendered {
    pub html: String,
    pub text: String,
}

/// Render `body` of a document in folder `dir`. Every byte of the HTML goes through the one
/// sanitising path ([`crate::sanitize`]), which also rewrites every URL attribute — Markdown
/// link or raw HTML — with `links` (only published pages and files; anything else → `#`).
pub fn render(
    body: &str,
    dir: &str,
    site: &PublicSite,
    links: &Arc<LinkMap>,
    want_text: bool,
) -> Rendered {
    let mut text = String::new();
    let events = Parser::new_ext(body, md_options()).map(|ev| match ev {
        // The page title is the only <h1>.
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: demote(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => {
            if want_text {
                text.push(' ');
            }
            Event::End(TagEnd::Heading(demote(level)))
        }
        Event::Text(t) => {
            if want_text {
                text.push_str(&t);
            }
            Event::Text(t)
        }
        Event::Code(t) => {
            if want_text {
                text.push_str(&t);
            }
            Event::Code(t)
        }
        Event::SoftBreak | Event::HardBreak => {
            if want_text {
                text.push(' ');
            }
            ev
        }
        Event::End(TagEnd::Paragraph)
        | Event::End(TagEnd::Item)
        | Event::End(TagEnd::TableCell) => {
            if want_text {
                text.push(' ');
            }
            ev
        }
        other => other,
    });
    let mut raw = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut raw, events);
    let map = Arc::clone(links);
    let dir = dir.to_string();
    let html = crate::sanitize::clean(&raw, site.config.allow_raw_html, move |u| {
        map.rewrite(u, &dir)
    });
    Rendered { html, text }
}

/// Body `#` headings become `<h2>` (the page title is the only `<h1>`); deeper levels stay,
/// so `##` sections under the title keep their level.
fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        other => other,
    }
}

/// Where the published site's links go, for [`render`]: built once per render run.
pub struct LinkMap {
    /// Base path without the trailing `/` (`/xxgk`, or `` when serving at `/`).
    base: String,
    urls: SiteUrls,
    /// Published document id → page URL (`/a/b/`).
    docs: HashMap<String, String>,
    /// Published document page folder (`a/b`) → page URL.
    pages: HashMap<String, String>,
    /// Files under content/ that the build copies (referenced by published documents).
    assets: BTreeSet<String>,
}

impl LinkMap {
    pub fn new(site: &PublicSite, base: &str) -> LinkMap {
        LinkMap {
            base: base.trim_end_matches('/').to_string(),
            urls: SiteUrls::new(&site.config.base_url),
            docs: site
                .docs
                .iter()
                .map(|p| (p.doc.id.clone(), p.doc.url.clone()))
                .collect(),
            pages: site
                .docs
                .iter()
                .map(|p| (p.doc.out_dir.clone(), p.doc.url.clone()))
                .collect(),
            assets: site.assets.clone(),
        }
    }

    fn doc_url(&self, url: &str, frag: Option<&str>) -> String {
        let mut u = format!("{}{}", self.base, url);
        if let Some(f) = frag {
            u.push('#');
            u.push_str(f);
        }
        u
    }

    /// The URL written into the page for link destination `dest` of a document in `dir`.
    /// Validation has refused links to anything unpublished; whatever still does not resolve
    /// to a published page or copied file becomes `#`, never a name.
    pub fn rewrite(&self, dest: &str, dir: &str) -> String {
        match classify_in(dest, dir, &self.urls) {
            Ok(LinkKind::Doc { id, frag }) => match self.docs.get(&id) {
                Some(url) => self.doc_url(url, frag.as_deref()),
                None => "#".into(),
            },
            Ok(LinkKind::Asset { rel }) if self.assets.contains(&rel) => {
                format!("{}{}", self.base, url_encode_path(&format!("/{rel}")))
            }
            // A document's page folder written relatively (`../gfxwj/2021-3/`).
            Ok(LinkKind::Asset { rel }) => {
                match self
                    .pages
                    .get(rel.strip_suffix("/index.html").unwrap_or(&rel))
                {
                    Some(url) => {
                        let frag = dest.split_once('#').map(|(_, f)| f);
                        self.doc_url(url, frag)
                    }
                    None => "#".into(),
                }
            }
            Err(_) => "#".into(),
            Ok(LinkKind::Site { path, frag }) => {
                let page = path.strip_suffix("/index.html").unwrap_or(&path);
                if let Some(url) = self.pages.get(page) {
                    return self.doc_url(url, frag.as_deref());
                }
                if let Some(id) = path.strip_suffix(".md") {
                    return match self.docs.get(id) {
                        Some(url) => self.doc_url(url, frag.as_deref()),
                        None => "#".into(),
                    };
                }
                if self.assets.contains(&path) {
                    return format!("{}{}", self.base, url_encode_path(&format!("/{path}")));
                }
                // A page the build generates (home, listing, search, static/): as written.
                let d = dest.trim();
                if d.starts_with('/') && !d.starts_with("//") {
                    format!("{}{}", self.base, self.urls.host_relative(d).unwrap_or(d))
                } else {
                    d.to_string()
                }
            }
            Ok(LinkKind::External { .. }) | Ok(LinkKind::Other) => dest.to_string(),
        }
    }
}
