//! Links written in Markdown bodies: found with pulldown-cmark, classified, with their lines.

use std::path::Path;

use pulldown_cmark::{Event, Options, Parser, Tag};

use crate::diag::Diagnostic;
use crate::model::paths::{normalize_rel, url_decode};
pub use crate::urls::is_well_formed_url;

/// What a body link points to.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkKind {
    /// Another document (`../gfxwj/2021-3.md#第二条`).
    Doc { id: String, frag: Option<String> },
    /// A file under content/ (image, PDF).
    Asset { rel: String },
    /// `https://…`, `mailto:` and friends.
    External { well_formed: bool },
    /// A page or file of this site addressed by URL: root-relative (`/x/y/`, relative to
    /// the site root, as the renderer writes it) or absolute under base_url
    /// (`https://host/xxgk/x/y/`). `path` is decoded and normalised, without the leading `/`
    /// (`""` = the home page). [`crate::model::Site`] resolves it to a document or file.
    Site { path: String, frag: Option<String> },
    /// `#anchor` within the page.
    Other,
}

/// The site's own address (host and base path), to recognise absolute links to itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SiteUrls {
    /// Lower-case host, with `:port` when base_url has one.
    pub host: String,
    /// `/xxgk/` — starts and ends with `/`.
    pub base_path: String,
}

impl SiteUrls {
    /// From `base_url` (its path, not the config's `base_path`, which serve replaces).
    pub fn new(base_url: &str) -> SiteUrls {
        let rest = base_url
            .split_once("://")
            .map(|(_, r)| r)
            .unwrap_or(base_url);
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let host = &rest[..end];
        let host = host.rsplit_once('@').map(|(_, h)| h).unwrap_or(host);
        let path = rest[end..].split(['?', '#']).next().unwrap_or("");
        let base_path = format!("/{}/", path.trim_matches('/')).replace("//", "/");
        SiteUrls {
            host: host.to_ascii_lowercase(),
            base_path,
        }
    }

    /// `https://HOST/xxgk/a/b/?q#f` → `Some("/a/b/?q#f")` when it is on this site.
    /// Protocol-relative `//HOST/…` counts too. `http` and `https` are the same site.
    pub fn site_relative<'a>(&self, u: &'a str) -> Option<&'a str> {
        if self.host.is_empty() {
            return None;
        }
        let lower_scheme = u.get(..8).map(str::to_ascii_lowercase).unwrap_or_default();
        let rest = if lower_scheme.starts_with("https://") {
            &u[8..]
        } else if lower_scheme.starts_with("http://") {
            &u[7..]
        } else {
            u.strip_prefix("//")?
        };
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let host = &rest[..end];
        let host = host.rsplit_once('@').map(|(_, h)| h).unwrap_or(host);
        let bare = |h: &str| -> String {
            let h = h.to_ascii_lowercase();
            h.strip_suffix(":443")
                .or_else(|| h.strip_suffix(":80"))
                .map(str::to_string)
                .unwrap_or(h)
        };
        if bare(host) != bare(&self.host) {
            return None;
        }
        let path = &rest[end..];
        let base = self.base_path.trim_end_matches('/');
        if path.is_empty() || path == base {
            return Some("/");
        }
        let tail = path.strip_prefix(base)?;
        (tail.starts_with('/') || tail.starts_with('?') || tail.starts_with('#')).then_some(tail)
    }

    /// `/xxgk/a/b/` — a root-relative URL that starts with the base path, as the browser's
    /// address bar shows it — → `Some("/a/b/")`, the site-relative path. `None` when the base
    /// path is `/` or `u` does not start with it.
    pub fn host_relative<'a>(&self, u: &'a str) -> Option<&'a str> {
        let base = self.base_path.trim_end_matches('/');
        if base.is_empty() {
            return None;
        }
        let tail = u.strip_prefix(base)?;
        if tail.is_empty() {
            return Some("/");
        }
        (tail.starts_with('/') || tail.starts_with('?') || tail.starts_with('#')).then_some(tail)
    }
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

/// Classify a link destination found in a document in folder `dir`, without knowing the
/// site's own address (absolute links are all external; root-relative ones still `Site`).
pub fn classify(dest: &str, dir: &str) -> Result<LinkKind, String> {
    classify_in(dest, dir, &SiteUrls::default())
}

/// A root-relative URL path (`/a/b/?q#f`, site-relative) → `Site` link.
fn site_path(d: &str, dest: &str) -> Result<LinkKind, String> {
    let (path, frag) = match d.find('#') {
        Some(i) => (&d[..i], Some(d[i + 1..].to_string())),
        None => (d, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    let decoded = url_decode(path).unwrap_or_else(|| path.to_string());
    if decoded.contains('\\') {
        return Err(t!(
            "链接 `{dest}` 含反斜杠 `\\`，不是本站地址",
            "link `{dest}` contains a backslash `\\`; it is not an address on this site"
        ));
    }
    let path = if decoded.split('/').all(|s| s.is_empty() || s == ".") {
        String::new()
    } else {
        normalize_rel(&decoded).ok_or_else(|| {
            t!(
                "链接 `{dest}` 指向本站根目录之外",
                "link `{dest}` points above the site's root"
            )
        })?
    };
    Ok(LinkKind::Site { path, frag })
}

/// Classify a link destination found in a document in folder `dir` of the site at `urls`.
pub fn classify_in(dest: &str, dir: &str, urls: &SiteUrls) -> Result<LinkKind, String> {
    let d = dest.trim();
    if d.is_empty() || d.starts_with('#') {
        return Ok(LinkKind::Other);
    }
    if let Some(rel) = urls.site_relative(d) {
        return site_path(rel, dest);
    }
    if d.starts_with("//") {
        return Ok(LinkKind::External {
            well_formed: is_well_formed_url(&format!("https:{d}")),
        });
    }
    if d.starts_with('/') {
        // Written with the base path (copied from the address bar): the same page as the
        // site-relative `/a/b/`. Read as site-relative it would lie outside every content
        // folder and be kept as written — a withheld page's name on a public page.
        return site_path(urls.host_relative(d).unwrap_or(d), dest);
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
                _ => Err(t!(
                    "不允许使用链接协议 `{scheme}:`（只允许 http、https、mailto、tel）",
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

/// Every link and image in `body`, with file lines (`body_line` = line of the body's first
/// line), not knowing the site's address. See [`scan_body_in`].
pub fn scan_body(
    body: &str,
    body_line: usize,
    dir: &str,
    file: &Path,
) -> (Vec<BodyLink>, Vec<Diagnostic>) {
    scan_body_in(body, body_line, dir, file, &SiteUrls::default())
}

/// Every URL the rendered body will carry, with file lines: Markdown links and images, and —
/// when the body holds raw HTML — every URL attribute of the HTML exactly as the renderer's
/// sanitiser ([`crate::sanitize`]) will see it (`href`, `src`, `cite`, … of raw tags).
pub fn scan_body_in(
    body: &str,
    body_line: usize,
    dir: &str,
    file: &Path,
    urls: &SiteUrls,
) -> (Vec<BodyLink>, Vec<Diagnostic>) {
    let mut links = Vec::new();
    let mut diags = Vec::new();
    let mut line = body_line;
    let mut counted = 0usize;
    let mut first_html_line = None;
    let push = |dest: &str, line: usize, links: &mut Vec<BodyLink>, diags: &mut Vec<Diagnostic>| {
        match classify_in(dest, dir, urls) {
            Ok(kind) => links.push(BodyLink { dest: dest.to_string(), kind, line }),
            Err(msg) => diags.push(Diagnostic::error(file, Some(line), msg).help(t!(
                "链接本站文档请用相对路径，如 `../gfxwj/2021-3.md`；链接其他网站请写完整的 https:// 地址",
                "link to a document with a relative path like `../gfxwj/2021-3.md`, or to a full https:// address"
            ))),
        }
    };
    for (ev, range) in Parser::new_ext(body, md_options()).into_offset_iter() {
        let dest = match &ev {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => dest_url,
            Event::Html(_) | Event::InlineHtml(_) => {
                if first_html_line.is_none() {
                    line += body.as_bytes()[counted..range.start]
                        .iter()
                        .filter(|b| **b == b'\n')
                        .count();
                    counted = range.start;
                    first_html_line = Some(line);
                }
                continue;
            }
            _ => continue,
        };
        line += body.as_bytes()[counted..range.start]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        counted = range.start;
        push(dest, line, &mut links, &mut diags);
    }
    if let Some(html_line) = first_html_line {
        if let Some(at) = crate::sanitize::too_deep(body) {
            let line = body_line
                + body.as_bytes()[..at]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count();
            let max = crate::sanitize::MAX_DEPTH;
            diags.push(
                Diagnostic::error(
                    file,
                    Some(line),
                    t!(
                        "正文中的 HTML 元素嵌套超过 {max} 层",
                        "the body's HTML elements are nested more than {max} levels deep"
                    ),
                )
                .help(t!(
                    "检查是否缺少结束标签（如 </div>），或把内容改写为 Markdown；浏览器也只显示 {max} 层",
                    "check for missing end tags (such as </div>) or write the content as Markdown; browsers show only {max} levels"
                )),
            );
            return (links, diags);
        }
        // Raw HTML: take the URLs from the very HTML the renderer sanitises. Markdown links
        // found above come back here too (percent-encoded); keep each once.
        let mut html = String::with_capacity(body.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, Parser::new_ext(body, md_options()));
        // A multiset: a list with `position` + `swap_remove` made n links cost O(n²), and
        // searching the whole body for each URL's line another O(n·body) (20,000 raw links
        // took 66 s; issue 16 item 7).
        let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for l in &links {
            *seen
                .entry(url_decode(&l.dest).unwrap_or_else(|| l.dest.clone()))
                .or_default() += 1;
        }
        let mut lines = LineCursor::new(body, body_line, html_line);
        for v in crate::sanitize::url_values(&html) {
            let key = url_decode(&v).unwrap_or_else(|| v.clone());
            if let Some(n) = seen.get_mut(&key).filter(|n| **n > 0) {
                *n -= 1;
                continue;
            }
            let line = lines.line_of(&v);
            push(&v, line, &mut links, &mut diags);
        }
    }
    (links, diags)
}

/// File lines of URLs met in source order, in linear time overall: each URL is looked for
/// from where the previous one was found, within [`LineCursor::WINDOW`] bytes, and lines
/// are counted forward only. A URL not found there (rewritten by entity decoding, or far
/// away) gets the line of the previous one (or of the first raw HTML) — a hint, not a proof.
struct LineCursor<'b> {
    body: &'b str,
    at: usize,
    line: usize,
}

impl<'b> LineCursor<'b> {
    const WINDOW: usize = 16 * 1024;

    fn new(body: &'b str, body_line: usize, html_line: usize) -> Self {
        // Start at the first raw HTML's line: every URL value found here comes after it.
        let mut at = 0;
        let mut line = body_line;
        let b = body.as_bytes();
        while line < html_line && at < b.len() {
            if b[at] == b'\n' {
                line += 1;
            }
            at += 1;
        }
        while !body.is_char_boundary(at) {
            at -= 1;
        }
        LineCursor { body, at, line }
    }

    fn line_of(&mut self, needle: &str) -> usize {
        if needle.is_empty() {
            return self.line;
        }
        let mut end = (self.at + Self::WINDOW + needle.len()).min(self.body.len());
        while !self.body.is_char_boundary(end) {
            end -= 1;
        }
        // `str::find` is linear in the window (two-way search), whatever the needle.
        if let Some(k) = self.body[self.at..end].find(needle) {
            let to = self.at + k;
            self.line += self.body.as_bytes()[self.at..to]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            self.at = to;
        }
        self.line
    }
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

    /// Raw-HTML URLs keep their own lines (the cursor moves forward), a Markdown link
    /// repeated in raw HTML is listed once per occurrence, and many links stay cheap.
    #[test]
    fn lines_of_raw_html_links() {
        let body = "[m](a.md)\n\n<p><a href=\"b.md\">b</a></p>\n<p>x</p>\n<p><a href=\"c.md\">c</a>\n<a href=\"a.md\">again</a></p>\n";
        let (l, d) = scan_body(body, 10, "", Path::new("f"));
        assert!(d.is_empty(), "{d:?}");
        let got: Vec<(&str, usize)> = l.iter().map(|x| (x.dest.as_str(), x.line)).collect();
        assert_eq!(
            got,
            [("a.md", 10), ("b.md", 12), ("c.md", 14), ("a.md", 15)]
        );
        // 20,000 links took 66 s with the quadratic lookups; a structural check only.
        let many: String = (0..20_000)
            .map(|i| format!("<a href=\"https://www.gov.cn/p{i}.html\">{i}</a>\n"))
            .collect();
        let (l, _) = scan_body(&many, 1, "", Path::new("f"));
        assert_eq!(l.len(), 20_000);
        assert_eq!(l[19_999].line, 20_000);
    }
}

#[cfg(test)]
mod site_url_tests {
    use super::*;

    #[test]
    fn own_site_urls() {
        let u = SiteUrls::new("https://www.luozhuang.gov.cn/xxgk/");
        assert_eq!(u.base_path, "/xxgk/");
        assert_eq!(SiteUrls::new("https://a.cn").base_path, "/");
        assert_eq!(u.host, "www.luozhuang.gov.cn");
        assert_eq!(
            u.site_relative("https://www.luozhuang.gov.cn/art/2014/6/23/a.html"),
            None
        );
        assert_eq!(
            u.site_relative("https://www.luozhuang.gov.cn/xxgkx/a/"),
            None
        );
        assert_eq!(
            u.site_relative("https://WWW.luozhuang.gov.cn:443/xxgk/a/b/"),
            Some("/a/b/")
        );
        assert_eq!(
            u.site_relative("http://www.luozhuang.gov.cn/xxgk"),
            Some("/")
        );
        assert_eq!(
            u.site_relative("//www.luozhuang.gov.cn/xxgk/a.pdf#x"),
            Some("/a.pdf#x")
        );
        assert_eq!(u.site_relative("https://evil.cn/xxgk/a/"), None);
        // Root-relative with the base path (the address bar's form) is the same page.
        assert_eq!(u.host_relative("/xxgk/a/b/#x"), Some("/a/b/#x"));
        assert_eq!(u.host_relative("/xxgk"), Some("/"));
        assert_eq!(u.host_relative("/xxgkx/a/"), None);
        assert_eq!(u.host_relative("/a/b/"), None);
        assert_eq!(SiteUrls::new("https://a.cn/").host_relative("/a/"), None);
        assert_eq!(
            classify_in("/xxgk/a/%E5%B9%B4/", "c", &u),
            classify_in("/a/%E5%B9%B4/", "c", &u)
        );
        assert_eq!(
            classify_in("https://www.luozhuang.gov.cn/xxgk/a/%E5%B9%B4/#f", "c", &u),
            Ok(LinkKind::Site {
                path: "a/年".into(),
                frag: Some("f".into())
            })
        );
        assert_eq!(
            classify_in("/", "c", &u),
            Ok(LinkKind::Site {
                path: "".into(),
                frag: None
            })
        );
        assert!(classify_in("/../x", "c", &u).is_err());
    }
}
