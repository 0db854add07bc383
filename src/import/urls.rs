//! Old-site addresses: where a mirrored file came from, and resolving the links in it.
//!
//! A key is `host` + path (`www.example.gov.cn/xxgk/t20210521_1.html`), percent-decoded,
//! without scheme, query or fragment; a mirror without a host folder has keys starting `/`.

use crate::model::paths::{normalize_rel, url_decode};

/// An absolute old-site address split into parts.
#[derive(Debug, Clone, PartialEq)]
pub struct OldUrl {
    /// `http` or `https`.
    pub scheme: String,
    /// Empty when unknown (a mirror made without host folders).
    pub host: String,
    /// Starts with `/`.
    pub path: String,
}

impl OldUrl {
    pub fn parse(s: &str) -> Option<OldUrl> {
        let s = s.trim();
        let (scheme, rest) = s.split_once("://")?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return None;
        }
        let rest = rest.split(['#', '?']).next().unwrap_or("");
        let (host, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        Some(OldUrl {
            scheme,
            host: host.to_ascii_lowercase(),
            path: clean_path(path),
        })
    }

    /// Lookup key.
    pub fn key(&self) -> String {
        format!("{}{}", self.host, self.path)
    }

    /// The address as text (`http://host/path`, or just the path when the host is unknown).
    pub fn text(&self) -> String {
        if self.host.is_empty() {
            self.path.clone()
        } else {
            format!("{}://{}{}", self.scheme, self.host, self.path)
        }
    }

    /// Resolve a link found in a page at this address. `None` for `javascript:`, `mailto:`,
    /// fragments and other non-page links.
    pub fn join(&self, href: &str) -> Option<OldUrl> {
        let h = href.trim();
        let lower = h.to_ascii_lowercase();
        if h.is_empty() || h.starts_with('#') {
            return None;
        }
        if lower.starts_with("http://") || lower.starts_with("https://") {
            return OldUrl::parse(h);
        }
        if let Some(rest) = h.strip_prefix("//") {
            return OldUrl::parse(&format!("{}://{rest}", self.scheme));
        }
        if let Some(colon) = h.find(':')
            && h[..colon].chars().all(|c| c.is_ascii_alphanumeric())
            && h[..h.find('/').unwrap_or(h.len())].contains(':')
        {
            return None; // javascript:, mailto:, tel:, data:
        }
        let h = h.split(['#', '?']).next().unwrap_or("");
        if h.is_empty() {
            return None;
        }
        let joined = if h.starts_with('/') {
            h.to_string()
        } else {
            let dir = &self.path[..self.path.rfind('/').map(|i| i + 1).unwrap_or(0)];
            format!("{dir}{h}")
        };
        Some(OldUrl {
            scheme: self.scheme.clone(),
            host: self.host.clone(),
            path: clean_path(&joined),
        })
    }
}

/// Percent-decode and resolve `.`/`..`; keeps a trailing `/`; always starts with `/`.
pub fn clean_path(p: &str) -> String {
    let decoded = url_decode(p).unwrap_or_else(|| p.to_string());
    let decoded = decoded.replace('\\', "/");
    let trailing = decoded.ends_with('/');
    let mut out = String::from("/");
    if let Some(n) = normalize_rel(&decoded) {
        out.push_str(&n);
        if trailing {
            out.push('/');
        }
    }
    out
}

/// A mirror-relative path → the page's address when the mirror has host folders
/// (`wget --mirror`, HTTrack: `www.example.gov.cn/xxgk/…`); else a host-less address.
pub fn from_mirror_path(rel: &str) -> OldUrl {
    let (first, rest) = rel.split_once('/').unwrap_or(("", rel));
    if looks_like_host(first) {
        OldUrl {
            scheme: "http".into(),
            host: first.to_ascii_lowercase(),
            path: clean_path(&format!("/{rest}")),
        }
    } else {
        OldUrl {
            scheme: "http".into(),
            host: String::new(),
            path: clean_path(&format!("/{rel}")),
        }
    }
}

fn looks_like_host(s: &str) -> bool {
    let s = s.split(':').next().unwrap_or("");
    s.contains('.')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        && s.rsplit('.')
            .next()
            .is_some_and(|tld| tld.chars().all(|c| c.is_ascii_alphabetic()) && tld.len() >= 2)
}

/// Keys a link may be stored under: itself, and `index.html`-style folder pages.
pub fn candidates(u: &OldUrl) -> Vec<String> {
    let k = u.key();
    if k.ends_with('/') {
        vec![
            format!("{k}index.html"),
            format!("{k}index.htm"),
            format!("{k}index.shtml"),
            k,
        ]
    } else {
        vec![k]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mirror_paths_and_links() {
        let u = from_mirror_path("www.lz.gov.cn/xxgk/gfxwj/202105/t20210521_1.html");
        assert_eq!(
            u.text(),
            "http://www.lz.gov.cn/xxgk/gfxwj/202105/t20210521_1.html"
        );
        assert_eq!(
            u.join("./P020210521.pdf").unwrap().key(),
            "www.lz.gov.cn/xxgk/gfxwj/202105/P020210521.pdf"
        );
        assert_eq!(
            u.join("../../zcjd/t1.html#x").unwrap().key(),
            "www.lz.gov.cn/xxgk/zcjd/t1.html"
        );
        assert_eq!(
            u.join("/col/col1/").unwrap().key(),
            "www.lz.gov.cn/col/col1/"
        );
        assert_eq!(u.join("javascript:window.print()"), None);
        assert_eq!(u.join("mailto:a@b.cn"), None);
        assert_eq!(from_mirror_path("saved/a.html").key(), "/saved/a.html");
        assert_eq!(
            u.join("%E9%99%84%E4%BB%B6.pdf").unwrap().path,
            "/xxgk/gfxwj/202105/附件.pdf"
        );
    }
}
