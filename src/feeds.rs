//! Atom feeds (site and per column), sitemap.xml and robots.txt — absolute URLs from base_url.

use crate::model::PublicSite;
use crate::model::paths::{in_column, url_encode_path};
use crate::model::public::PubDoc;

/// Escape text for XML 1.0 and drop every character XML 1.0 forbids (`Char` production:
/// controls other than tab/LF/CR, U+FFFE, U+FFFF; surrogates cannot occur in a `str`).
/// Every XML file gongkai writes (feeds, sitemap) passes its text through here.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if !xml_char(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// XML 1.0 `Char`: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
pub fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// `https://host/xxgk/` + `/a/b/` → `https://host/xxgk/a/b/`.
pub fn absolute(site: &PublicSite, path: &str) -> String {
    format!("{}{}", site.config.base_url.trim_end_matches('/'), path)
}

fn timestamp(d: crate::dates::Date) -> String {
    format!("{d}T00:00:00+08:00")
}

/// Entries of a feed.
const FEED_LEN: usize = 50;

/// An Atom feed of the newest 50 documents matching `filter`.
pub fn atom(
    site: &PublicSite,
    title: &str,
    self_path: &str,
    page_path: &str,
    filter: impl Fn(&PubDoc) -> bool,
) -> Vec<u8> {
    let docs: Vec<usize> = site
        .newest_first(filter)
        .into_iter()
        .take(FEED_LEN)
        .collect();
    atom_of(site, title, self_path, page_path, &docs)
}

/// An Atom feed of `docs` (indices into `site.docs`, newest first).
fn atom_of(
    site: &PublicSite,
    title: &str,
    self_path: &str,
    page_path: &str,
    docs: &[usize],
) -> Vec<u8> {
    let updated = docs
        .iter()
        .map(|&i| site.docs[i].doc.publish_date())
        .max()
        .unwrap_or(site.today);
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n",
    );
    x.push_str(&format!("  <title>{}</title>\n", xml_escape(title)));
    x.push_str(&format!(
        "  <id>{}</id>\n",
        xml_escape(&absolute(site, self_path))
    ));
    x.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml_escape(&absolute(site, self_path))
    ));
    x.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml_escape(&absolute(site, page_path))
    ));
    x.push_str(&format!("  <updated>{}</updated>\n", timestamp(updated)));
    x.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        xml_escape(&site.config.organization)
    ));
    x.push_str("  <generator>gongkai</generator>\n");
    for &i in docs {
        let p = &site.docs[i];
        let d = p.doc;
        let url = absolute(site, &d.url);
        x.push_str("  <entry>\n");
        x.push_str(&format!("    <title>{}</title>\n", xml_escape(&d.title)));
        x.push_str(&format!("    <id>{}</id>\n", xml_escape(&url)));
        x.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml_escape(&url)
        ));
        x.push_str(&format!(
            "    <published>{}</published>\n",
            timestamp(d.publish_date())
        ));
        x.push_str(&format!(
            "    <updated>{}</updated>\n",
            timestamp(d.publish_date())
        ));
        for &u in &d.issuers {
            x.push_str(&format!(
                "    <author><name>{}</name></author>\n",
                xml_escape(&site.config.units[u].name)
            ));
        }
        x.push_str(&format!(
            "    <category term=\"{}\"/>\n",
            xml_escape(&site.config.columns[d.column].title)
        ));
        let mut summary = String::new();
        if let Some(n) = &d.doc_number {
            summary.push_str(n);
            summary.push('　');
        }
        summary.push_str(d.summary.as_deref().unwrap_or(""));
        if !summary.trim().is_empty() {
            x.push_str(&format!(
                "    <summary>{}</summary>\n",
                xml_escape(summary.trim())
            ));
        }
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x.into_bytes()
}

pub fn site_feed(site: &PublicSite) -> Vec<u8> {
    atom(site, &site.config.title, "/feed.xml", "/", |_| true)
}

/// (output path, bytes) of each body's feed (SPEC §7), when the site has several bodies: a
/// 部门/镇街's at `/<path>/feed.xml`, the 本级政府's own documents at `/feeds/bjzf.xml`.
pub fn body_feeds(site: &PublicSite) -> Vec<(String, Vec<u8>)> {
    let bodies = &site.config.bodies;
    if bodies.len() < 2 {
        return Vec::new();
    }
    // Each body's newest documents (the body whose section holds it), from one pass over
    // the documents (a pass per body was bodies × documents).
    let mut lists: Vec<Vec<usize>> = vec![Vec::new(); bodies.len()];
    for i in site.newest_first(|_| true) {
        let l = &mut lists[site.docs[i].doc.owner];
        if l.len() < FEED_LEN {
            l.push(i);
        }
    }
    bodies
        .iter()
        .zip(&lists)
        .enumerate()
        .map(|(b, (body, docs))| {
            let path = feed_path(site, b);
            let bytes = atom_of(
                site,
                &format!("{} - {}", body.name, site.config.title),
                &path,
                &body.url(),
                docs,
            );
            (
                crate::model::paths::url_decode(&path).unwrap_or(path),
                bytes,
            )
        })
        .collect()
}

/// Each column's feed (its documents and its sub-columns'), as (output path, bytes) handed to
/// `emit` as soon as it is made (a build writes it and
/// drops it: ~3,900 feeds of 50 entries held together were ~100 MB at a city platform's
/// peak, issue 22).
pub fn column_feeds_each<E>(
    site: &PublicSite,
    mut emit: impl FnMut(String, Vec<u8>) -> Result<(), E>,
) -> Result<(), E> {
    let cols = &site.config.columns;
    // The columns each column's documents are listed in: itself and the columns above it
    // (always of the same body). Then one pass over the documents, newest first, instead of
    // one pass per column (hundreds of columns with 40 bodies).
    // (Among the body's own columns: among all of them was columns².)
    let bodies = &site.config.bodies;
    let above: Vec<Vec<usize>> = cols
        .iter()
        .map(|c| {
            bodies[c.body]
                .columns
                .iter()
                .copied()
                .filter(|&a| in_column(&c.path, &cols[a].path))
                .collect()
        })
        .collect();
    let mut lists: Vec<Vec<usize>> = vec![Vec::new(); cols.len()];
    for i in site.newest_first(|_| true) {
        for &a in &above[site.docs[i].doc.column] {
            if lists[a].len() < FEED_LEN {
                lists[a].push(i);
            }
        }
    }
    for (c, docs) in cols.iter().zip(&lists) {
        let path = format!("/feeds/{}.xml", c.path.replace('/', "-"));
        let page = url_encode_path(&format!("/{}/", c.path));
        let bytes = atom_of(
            site,
            &format!("{} - {}", c.title, site.config.title),
            &path,
            &page,
            docs,
        );
        emit(path, bytes)?;
    }
    Ok(())
}

/// sitemap.xml over every page URL given (paths relative to the site root, with lastmod).
pub fn sitemap(site: &PublicSite, pages: &[(String, Option<crate::dates::Date>)]) -> Vec<u8> {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (path, lastmod) in pages {
        x.push_str("  <url><loc>");
        x.push_str(&xml_escape(&absolute(site, path)));
        x.push_str("</loc>");
        if let Some(d) = lastmod {
            x.push_str(&format!("<lastmod>{d}</lastmod>"));
        }
        x.push_str("</url>\n");
    }
    x.push_str("</urlset>\n");
    x.into_bytes()
}

pub fn robots(site: &PublicSite) -> Vec<u8> {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        absolute(site, "/sitemap.xml")
    )
    .into_bytes()
}

/// URL (relative to the site root, percent-encoded) of body `b`'s Atom feed: the site feed
/// when the site is one body, `/feeds/bjzf.xml` for the 本级政府's own documents, else
/// `/<path>/feed.xml`.
pub fn feed_path(site: &PublicSite, b: usize) -> String {
    let body = &site.config.bodies[b];
    if site.config.bodies.len() < 2 {
        "/feed.xml".into()
    } else if body.is_root() {
        "/feeds/bjzf.xml".into()
    } else {
        url_encode_path(&format!("/{}/feed.xml", body.path))
    }
}
