//! Links written in Markdown bodies: found with pulldown-cmark, classified, with their lines.

use std::path::Path;

use pulldown_cmark::{Event, Options, Parser, Tag};

use crate::diag::Diagnostic;
use crate::model::paths::{normalize_rel, url_decode};

/// What a body link points to.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkKind {
    /// Another document (`../gfxwj/2021-3.md#第二条`).
    Doc { id: String, frag: Option<String> },
    /// A file under content/ (image, PDF).
    Asset { rel: String },
    /// `https://…`, `mailto:` and friends.
    External { well_formed: bool },
    /// `#anchor` within the page, or a root-relative `/path` (left as written).
    Other,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BodyLink {
    pub dest: String,
    pub kind: LinkKind,
    pub line: usize,
}

/// Markdown extensions gongkai enables (tables, footnotes, strikethrough).
pub fn md_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Classify a link destination found in a document in folder `dir`.
pub fn classify(dest: &str, dir: &str) -> Result<LinkKind, String> {
    let d = dest.trim();
    if d.is_empty() || d.starts_with('#') || d.starts_with('/') {
        return Ok(LinkKind::Other);
    }
    if let Some(colon) = d.find(':') {
        let scheme = &d[..colon];
        if scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.')
            && !scheme.is_empty()
        {
            let lower = scheme.to_ascii_lowercase();
            return match lower.as_str() {
                "http" | "https" => Ok(LinkKind::External {
                    well_formed: is_well_formed_url(d),
                }),
                "mailto" | "tel" => Ok(LinkKind::External {
                    well_formed: d.len() > colon + 1,
                }),
                _ => Err(format!(
                    "link scheme `{scheme}:` is not allowed (only http, https, mailto, tel)"
                )),
            };
        }
    }
    let (path, frag) = match d.find('#') {
        Some(i) => (&d[..i], Some(d[i + 1..].to_string())),
        None => (d, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    let decoded = url_decode(path).unwrap_or_else(|| path.to_string());
    let joined = if dir.is_empty() {
        decoded.clone()
    } else {
        format!("{dir}/{decoded}")
    };
    let rel =
        normalize_rel(&joined).ok_or_else(|| format!("link `{dest}` points outside content/"))?;
    if rel.ends_with(".md") {
        Ok(LinkKind::Doc {
            id: rel.trim_end_matches(".md").to_string(),
            frag,
        })
    } else {
        Ok(LinkKind::Asset { rel })
    }
}

/// Is this an absolute http(s) URL with a host and no spaces?
pub fn is_well_formed_url(u: &str) -> bool {
    let rest = match u
        .strip_prefix("https://")
        .or_else(|| u.strip_prefix("http://"))
    {
        Some(r) => r,
        None => return false,
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_no_port = host
        .rsplit_once(':')
        .map(|(h, p)| {
            if p.chars().all(|c| c.is_ascii_digit()) {
                h
            } else {
                host
            }
        })
        .unwrap_or(host);
    !host_no_port.is_empty()
        && host_no_port.contains('.')
        && !host_no_port.starts_with('.')
        && !host_no_port.ends_with('.')
        && host_no_port
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '.')
        && !u
            .chars()
            .any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>')
}

/// Every link and image in `body`, with file lines (`body_line` = line of the body's first line).
pub fn scan_body(
    body: &str,
    body_line: usize,
    dir: &str,
    file: &Path,
) -> (Vec<BodyLink>, Vec<Diagnostic>) {
    let mut links = Vec::new();
    let mut diags = Vec::new();
    let mut line = body_line;
    let mut counted = 0usize;
    for (ev, range) in Parser::new_ext(body, md_options()).into_offset_iter() {
        let dest = match &ev {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => dest_url,
            _ => continue,
        };
        line += body.as_bytes()[counted..range.start]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        counted = range.start;
        match classify(dest, dir) {
            Ok(kind) => links.push(BodyLink { dest: dest.to_string(), kind, line }),
            Err(msg) => diags.push(Diagnostic::error(file, Some(line), msg).help("link to a document with a relative path like `../gfxwj/2021-3.md`, or to a full https:// address")),
        }
    }
    (links, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classify_links() {
        assert_eq!(
            classify("../gfxwj/2021-3.md#x", "fdzdgknr/zcjd"),
            Ok(LinkKind::Doc {
                id: "fdzdgknr/gfxwj/2021-3".into(),
                frag: Some("x".into())
            })
        );
        assert_eq!(
            classify("a.pdf", "c"),
            Ok(LinkKind::Asset {
                rel: "c/a.pdf".into()
            })
        );
        assert!(classify("../../x.md", "c").is_err());
        assert!(classify("javascript:alert(1)", "c").is_err());
        assert_eq!(
            classify("https://www.gov.cn/", "c"),
            Ok(LinkKind::External { well_formed: true })
        );
        assert_eq!(
            classify("https://gov cn", "c"),
            Ok(LinkKind::External { well_formed: false })
        );
    }

    #[test]
    fn lines_of_links() {
        let (l, _) = scan_body("a\n\nb [x](y.md)\n\n![i](p.png)\n", 5, "c", Path::new("f"));
        assert_eq!(l[0].line, 7);
        assert_eq!(l[1].line, 9);
    }
}
