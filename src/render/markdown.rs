//! Markdown → HTML for one published document: links rewritten to page URLs, unsafe URL
//! schemes dropped, raw HTML sanitised (unless the site allows it), plain text for search.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::model::PublicSite;
use crate::model::links::{LinkKind, classify, md_options};
use crate::model::paths::url_encode_path;

/// Rendered body and its plain text.
pub struct Rendered {
    pub html: String,
    pub text: String,
}

/// Render `body` of a document in folder `dir`. `base` is the site's base path (`/xxgk/`).
pub fn render(body: &str, dir: &str, site: &PublicSite, base: &str, want_text: bool) -> Rendered {
    let mut has_raw_html = false;
    let mut text = String::new();
    let mut in_code = false;
    let events = Parser::new_ext(body, md_options()).map(|ev| match ev {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: rewrite(&dest_url, dir, site, base),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: rewrite(&dest_url, dir, site, base),
            title,
            id,
        }),
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
        Event::Html(h) | Event::InlineHtml(h) => {
            has_raw_html = true;
            Event::Html(h)
        }
        Event::Start(Tag::CodeBlock(k)) => {
            in_code = true;
            Event::Start(Tag::CodeBlock(k))
        }
        Event::End(TagEnd::CodeBlock) => {
            in_code = false;
            Event::End(TagEnd::CodeBlock)
        }
        Event::Text(t) => {
            if want_text {
                text.push_str(&t);
            }
            let _ = in_code;
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
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    if has_raw_html && !site.config.allow_raw_html {
        html = sanitize(&html);
    }
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

fn rewrite<'a>(dest: &CowStr<'a>, dir: &str, site: &PublicSite, base: &str) -> CowStr<'a> {
    match classify(dest, dir) {
        Ok(LinkKind::Doc { id, frag }) => match site.get(&id) {
            Some(p) => {
                let mut u = format!("{}{}", base.trim_end_matches('/'), p.doc.url);
                if let Some(f) = frag {
                    u.push('#');
                    u.push_str(&f);
                }
                CowStr::from(u)
            }
            // Validation guarantees published targets; never emit a link to anything else.
            None => CowStr::from("#"),
        },
        Ok(LinkKind::Asset { rel }) => CowStr::from(format!(
            "{}{}",
            base.trim_end_matches('/'),
            url_encode_path(&format!("/{rel}"))
        )),
        Ok(LinkKind::Other) if dest.starts_with('/') && !dest.starts_with("//") => {
            CowStr::from(format!("{}{}", base.trim_end_matches('/'), dest))
        }
        Ok(_) => dest.clone(),
        Err(_) => CowStr::from("#"),
    }
}

/// ammonia with the tags government documents use (tables, headings, images, anchors).
fn sanitize(html: &str) -> String {
    ammonia::Builder::default()
        .add_tags([
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
            "caption",
            "colgroup",
            "col",
            "figure",
            "figcaption",
        ])
        .add_generic_attributes(["id", "align", "colspan", "rowspan"])
        .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
        .clean(html)
        .to_string()
}
