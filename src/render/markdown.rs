//! Markdown → HTML for one published document, every link rewritten to a published page
//! URL, plus plain text for search. Two paths with the same result (issue 22):
//!
//! * **plain Markdown** (no raw HTML, no footnotes, no heading classes or `{…}` attributes —
//!   [`fast_path_ok`]): the events are rewritten so that pulldown-cmark's HTML writer emits
//!   exactly what the sanitiser would keep (URLs resolved as [`crate::sanitize::clean`]
//!   resolves them, table `style` and code `class` left out), and the sanitiser is skipped.
//!   `tests/it/fastpath.rs` proves the two paths give the same HTML tokens.
//! * everything else goes through the one sanitising path ([`crate::sanitize`]).

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};

use crate::model::PublicSite;
use crate::model::links::{LinkKind, SiteUrls, classify_in, md_options};
use crate::model::paths::url_encode_path;
use crate::model::resolve::Place;

/// Rendered body and its plain text.
pub struct Rendered {
    pub html: String,
    pub text: String,
}

/// Which path [`render_via`] takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// The fast path where the document allows it, else the sanitiser ([`render`]).
    Auto,
    /// Always the sanitiser (the reference the fast path is tested against).
    Sanitiser,
}

/// Render `body` of a document in folder `dir`. Every URL — Markdown link or raw HTML — is
/// rewritten with `links` (only published pages and files; anything else → `#`); HTML is
/// either sanitised ([`crate::sanitize`]) or, for plain Markdown, written so that it holds
/// exactly what the sanitiser would keep (module docs).
pub fn render(
    body: &str,
    dir: &str,
    site: &PublicSite,
    links: &Arc<LinkMap>,
    want_text: bool,
) -> Rendered {
    render_via(body, dir, site, links, want_text, Route::Auto).0
}

/// [`render`], choosing the path; also says whether the fast path was taken.
pub fn render_via(
    body: &str,
    dir: &str,
    site: &PublicSite,
    links: &Arc<LinkMap>,
    want_text: bool,
    route: Route,
) -> (Rendered, bool) {
    let mut text = String::new();
    let events: Vec<Event> = Parser::new_ext(body, md_options())
        .map(|ev| match ev {
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
        })
        .collect();
    let classes = site.config.allow_raw_html;
    let mut html = String::with_capacity(body.len() * 3 / 2);
    if route == Route::Auto
        && fast_path_ok(&events)
        && let Some(urls) = resolve_all(&events, |u| links.rewrite(u, dir))
    {
        let mut urls = urls.into_iter();
        let events = events
            .into_iter()
            .map(|ev| fast_event(ev, classes, &mut urls));
        pulldown_cmark::html::push_html(&mut html, events);
        return (Rendered { html, text }, true);
    }
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    let map = Arc::clone(links);
    let dir = dir.to_string();
    let html = crate::sanitize::clean(&html, classes, move |u| map.rewrite(u, &dir));
    (Rendered { html, text }, false)
}

/// Whether every event is one whose HTML (pulldown-cmark 0.13's writer) the fast path can
/// make identical to the sanitiser's output: the writer escapes all text and attribute
/// values, and these elements and attributes are all in [`crate::sanitize`]'s policy except
/// the ones [`fast_event`] removes (`style` on table cells, `class` on code). Anything else
/// — raw HTML, footnotes (their `class`es), heading classes and `{…}` attributes, task
/// lists, GFM alerts, a link inside a link (the parser would restructure it), text with
/// U+0000 — goes to the sanitiser.
pub fn fast_path_ok(events: &[Event]) -> bool {
    let mut in_link = 0usize;
    for ev in events {
        let ok = match ev {
            Event::Start(tag) => match tag {
                Tag::Heading { classes, attrs, .. } => classes.is_empty() && attrs.is_empty(),
                Tag::BlockQuote(kind) => kind.is_none(),
                Tag::Link { .. } => {
                    in_link += 1;
                    in_link == 1
                }
                Tag::Paragraph
                | Tag::CodeBlock(_)
                | Tag::List(_)
                | Tag::Item
                | Tag::Table(_)
                | Tag::TableHead
                | Tag::TableRow
                | Tag::TableCell
                | Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Image { .. } => true,
                _ => false,
            },
            Event::End(TagEnd::Link) => {
                in_link = in_link.saturating_sub(1);
                true
            }
            Event::End(_) => true,
            // The HTML parser drops U+0000 from text (the sanitiser's output has none).
            Event::Text(t) | Event::Code(t) => !t.contains('\0'),
            Event::SoftBreak | Event::HardBreak | Event::Rule => true,
            _ => false,
        };
        if !ok {
            return false;
        }
    }
    true
}

/// The resolved URL of every link and image, in order, or `None` when one of them is not
/// written by the fast path exactly as the sanitiser would write it:
///
/// * the sanitiser sees the `href`/`src` value as the writer escaped it and the HTML parser
///   decoded it ([`crate::sanitize::href_value`]) — that is what it scheme-checks and passes
///   to the resolver, so the fast path does the same;
/// * a value whose scheme the policy refuses would lose its attribute: sanitiser's job;
/// * the resolver's answer must come out of the writer unchanged (no byte it would escape).
fn resolve_all(events: &[Event], resolve: impl Fn(&str) -> String) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for ev in events {
        let (dest, email) = match ev {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => (dest_url, *link_type == LinkType::Email),
            Event::Start(Tag::Image { dest_url, .. }) => (dest_url, false),
            _ => continue,
        };
        let mut seen = crate::sanitize::href_value(dest);
        if email {
            seen = Cow::Owned(format!("mailto:{seen}"));
        }
        if !crate::sanitize::url_kept(&seen) {
            return None;
        }
        let r = resolve(&seen);
        if crate::sanitize::href_value(&r) != r.as_str() {
            return None;
        }
        out.push(r);
    }
    Some(out)
}

/// One event of a [`fast_path_ok`] document as the fast path writes it.
fn fast_event<'a>(
    ev: Event<'a>,
    classes: bool,
    urls: &mut impl Iterator<Item = String>,
) -> Event<'a> {
    match ev {
        Event::Start(Tag::Link {
            link_type,
            title,
            id,
            ..
        }) => Event::Start(Tag::Link {
            // An email autolink's `mailto:` is part of the resolved URL.
            link_type: match link_type {
                LinkType::Email => LinkType::Inline,
                t => t,
            },
            dest_url: urls.next().unwrap_or_default().into(),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            title,
            id,
            ..
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: urls.next().unwrap_or_default().into(),
            title,
            id,
        }),
        // The sanitiser drops `style` (the writer's `text-align`)…
        Event::Start(Tag::Table(_)) => Event::Start(Tag::Table(Vec::new())),
        // …and `class` (`language-x`) unless `allow_raw_html`.
        Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) if !classes => {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced("".into())))
        }
        other => other,
    }
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
    /// Column folders: a site path inside one that is no published page or copied file is
    /// a withheld or missing one, and becomes `#`.
    columns: HashSet<String>,
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
            columns: site.config.columns.iter().map(|c| c.path.clone()).collect(),
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
                // Validation refuses a link into a column folder that is no published page
                // or file; should one get here all the same, its name is not written.
                let place = crate::model::resolve::place(page, |c| self.columns.contains(c));
                if matches!(place, Place::InColumn) {
                    return "#".into();
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
