//! The one sanitising path for content-derived HTML (issue 16 item 1, SPEC §4).
//!
//! Every byte of HTML made from a document body — Markdown, raw HTML, heading attributes
//! `{…}`, footnotes, whatever extension produced it — goes through [`clean`] before it reaches
//! a page. The same policy is used by [`url_values`], which the validator calls to learn
//! which URLs a body's HTML will carry, so what is checked is exactly what is output.
//!
//! The policy: ammonia's default tag list plus tables and figures, attributes `id` (heading
//! anchors), `align`, `colspan`, `rowspan` (plus ammonia's defaults such as `href`, `src`,
//! `alt`, `title`); no event handler, no `style`, no `class` (unless `allow_raw_html`), URL
//! schemes http, https, mailto, tel only. URL attributes (`href`, `src`, `cite`, …) are
//! rewritten by the caller's resolver, which maps links to published pages and files and
//! everything else on the site to `#`.

use std::borrow::Cow;
use std::cell::RefCell;

/// Attributes whose value is a URL. ammonia scheme-checks most of them; all of them go
/// through the resolver (a `cite="../x/withheld.md"` would otherwise leak a file name).
pub const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "cite",
    "srcset",
    "poster",
    "data",
    "action",
    "formaction",
    "longdesc",
    "background",
    "ping",
    "xlink:href",
];

/// What the attribute filter does with each URL attribute during one [`clean`] call.
enum Mode {
    /// Record every URL value (validation).
    Collect(Vec<String>),
    /// Replace every URL value with the resolver's answer (rendering).
    Rewrite(Box<dyn Fn(&str) -> String>),
}

thread_local! {
    static MODE: RefCell<Option<Mode>> = const { RefCell::new(None) };
    static STRICT: ammonia::Builder<'static> = policy(false);
    static CLASSES: ammonia::Builder<'static> = policy(true);
}

fn policy(classes: bool) -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    b.add_tags([
        "table",
        "thead",
        "tbody",
        "tfoot",
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
    .url_schemes(SCHEMES.iter().copied().collect())
    // `rel="noopener noreferrer"` only matters for links opened in another context
    // (`target=`), which the policy never allows; it cost ~27 bytes per body link (issue 22).
    .link_rel(None)
    .attribute_filter(filter);
    if classes {
        b.add_generic_attributes(["class"]);
    }
    b
}

/// URL schemes a body may link to (others lose the attribute).
pub const SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// Whether the policy keeps a URL attribute with this (parsed, entity-decoded) value: what
/// ammonia checks before its attribute filter — an absolute URL with a scheme in
/// [`SCHEMES`], or a relative one. Anything `Url::parse` refuses otherwise is dropped.
pub fn url_kept(value: &str) -> bool {
    match ammonia::Url::parse(value) {
        Ok(u) => SCHEMES.contains(&u.scheme()),
        Err(e) => e == ammonia::url::ParseError::RelativeUrlWithoutBase,
    }
}

/// The value an HTML parser reads back from pulldown-cmark's `href="…"`/`src="…"` for link
/// destination `dest`: the writer (`pulldown_cmark_escape::escape_href`) percent-encodes
/// every byte outside its safe set and writes `&` and `'` as entities, which the parser
/// decodes again. Idempotent; unchanged (borrowed) when nothing needs encoding.
pub fn href_value(dest: &str) -> Cow<'_, str> {
    // pulldown-cmark-escape 0.11 `HREF_SAFE`, plus `&` and `'` (entities, decoded back).
    fn keep(c: u8) -> bool {
        c.is_ascii_alphanumeric() || b"!#$%()*+,-./:;=?@^_~&'".contains(&c)
    }
    if dest.bytes().all(keep) {
        return Cow::Borrowed(dest);
    }
    let mut out = String::with_capacity(dest.len() * 3);
    for &c in dest.as_bytes() {
        if keep(c) {
            out.push(c as char);
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.push('%');
            out.push(HEX[(c >> 4) as usize] as char);
            out.push(HEX[(c & 15) as usize] as char);
        }
    }
    Cow::Owned(out)
}

fn filter<'u>(_element: &str, attribute: &str, value: &'u str) -> Option<Cow<'u, str>> {
    if !URL_ATTRS.contains(&attribute) {
        return Some(Cow::Borrowed(value));
    }
    MODE.with(|m| match &mut *m.borrow_mut() {
        Some(Mode::Collect(v)) => {
            v.push(value.to_string());
            Some(Cow::Borrowed(value))
        }
        // `srcset` lists several URLs; content has no use for it.
        Some(Mode::Rewrite(_)) if attribute == "srcset" => None,
        Some(Mode::Rewrite(f)) => Some(Cow::Owned(f(value))),
        None => None,
    })
}

fn run(html: &str, classes: bool, mode: Mode) -> (String, Mode) {
    MODE.with(|m| *m.borrow_mut() = Some(mode));
    let out = if classes {
        CLASSES.with(|b| b.clean(html).to_string())
    } else {
        STRICT.with(|b| b.clean(html).to_string())
    };
    let mode = MODE
        .with(|m| m.borrow_mut().take())
        .expect("mode set above");
    (out, mode)
}

/// Sanitise `html`; every URL attribute value is replaced by `resolve(value)`.
/// `classes`: keep `class` attributes (`allow_raw_html: true`).
pub fn clean(html: &str, classes: bool, resolve: impl Fn(&str) -> String + 'static) -> String {
    run(html, classes, Mode::Rewrite(Box::new(resolve))).0
}

/// Every URL attribute value [`clean`] would pass to its resolver for this `html` (also
/// those of elements it then drops: a reference is refused even where it would vanish).
pub fn url_values(html: &str) -> Vec<String> {
    match run(html, false, Mode::Collect(Vec::new())).1 {
        Mode::Collect(v) => v,
        Mode::Rewrite(_) => Vec::new(),
    }
}

/// Deepest raw-HTML element nesting accepted in a body. Browsers' own HTML parsers stop
/// nesting at 512 (WebKit/Blink's parser test "does not allow the nesting depth of elements
/// to exceed 512"), so deeper HTML never displayed as written anyway; the sanitiser's parser
/// (html5ever) has no limit and checks "is a `<p>` in scope?" by walking every open element
/// for each start tag, so n nested `<div>` cost O(n²) — 100,000 took 21 s (issue 16 item 7).
pub const MAX_DEPTH: usize = 512;

/// Elements that never nest (void) or whose end tag the parser implies when a sibling
/// starts: counting them would refuse ordinary `<p>`/`<li>`/`<td>` HTML without end tags.
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead",
    "tbody", "tfoot", "colgroup", "caption", "rt", "rp",
];

/// Byte offset in `src` of the first start tag nested deeper than [`MAX_DEPTH`], counting
/// start and end tags in one linear pass (a rough tokenizer: it must only never miss deep
/// nesting that html5ever would build, and never refuse ordinary HTML).
pub fn too_deep(src: &str) -> Option<usize> {
    let b = src.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(k) = b[i..].iter().position(|&c| c == b'<') {
        let at = i + k;
        let close = b.get(at + 1) == Some(&b'/');
        let start = at + 1 + close as usize;
        let len = b[start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        i = start + len;
        if len == 0 || !b[start].is_ascii_alphabetic() {
            continue;
        }
        let name = src[start..start + len].to_ascii_lowercase();
        if NOT_NESTING.contains(&name.as_str()) {
            continue;
        }
        if close {
            depth = depth.saturating_sub(1);
            continue;
        }
        // `<x/>` does not nest either (html5ever ignores the slash on non-void elements, but
        // then the element holds what follows: counting it is the safe side).
        depth += 1;
        if depth > MAX_DEPTH {
            return Some(at);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_counted_linearly_and_implied_end_tags_do_not_count() {
        let deep = |n: usize| format!("{}x{}", "<div>".repeat(n), "</div>".repeat(n));
        assert_eq!(too_deep(&deep(MAX_DEPTH)), None);
        assert_eq!(too_deep(&deep(MAX_DEPTH + 1)), Some(5 * MAX_DEPTH));
        // siblings, end tags, void and implied-end elements never add up
        let flat = "<div><p>a<p>b<br><img src=x><li>c</div>".repeat(10_000);
        assert_eq!(too_deep(&flat), None);
        assert_eq!(too_deep(&"<P>x".repeat(10_000)), None);
        assert_eq!(too_deep("a < b <3 <"), None);
    }

    #[test]
    fn handlers_styles_and_scripts_are_removed_ids_kept() {
        let out = clean(
            "<h2 id=\"说明\" tabindex=\"0\" autofocus onfocus=\"alert(1)\" style=\"color:red\" class=\"x\">说明</h2>\
             <script>alert(2)</script><img src=\"a.png\" onerror=\"alert(3)\"><a href=\"javascript:alert(4)\">x</a>",
            false,
            |u| format!("/r/{u}"),
        );
        assert!(out.contains("<h2 id=\"说明\">说明</h2>"), "{out}");
        for bad in [
            "onfocus",
            "style",
            "tabindex",
            "autofocus",
            "script",
            "onerror",
            "javascript",
            "class",
        ] {
            assert!(!out.contains(bad), "{bad}: {out}");
        }
        assert!(out.contains("src=\"/r/a.png\""), "{out}");
    }

    #[test]
    fn href_value_is_what_the_parser_reads_back_and_url_kept_is_the_scheme_check() {
        // As pulldown-cmark writes it (`%`-encoded; `&amp;`, `&#x27;` decoded back).
        assert_eq!(
            href_value("a.md#第一条"),
            "a.md#%E7%AC%AC%E4%B8%80%E6%9D%A1"
        );
        assert_eq!(
            href_value("x&y'z\"<>^~ {|}`"),
            "x&y'z%22%3C%3E^~%20%7B%7C%7D%60"
        );
        let once = href_value("中 文&'\u{0}\r\n").into_owned();
        assert_eq!(href_value(&once), once.as_str());
        assert!(matches!(href_value("/a/b?c=1&d#e"), Cow::Borrowed(_)));
        for ok in [
            "a.md",
            "/x/",
            "#",
            "",
            "https://a/",
            "MAILTO:a@b",
            "tel:1",
            "//h/x",
        ] {
            assert!(url_kept(ok), "{ok}");
        }
        for bad in [
            "javascript:x",
            "JaVaScRiPt:x",
            "data:x",
            "ftp://a/",
            "http://[x/",
        ] {
            assert!(!url_kept(bad), "{bad}");
        }
    }

    #[test]
    fn collects_what_it_would_rewrite() {
        let v = url_values(
            "<p><a href=\"../x/w.md\">a</a><img src=\"w-fj1.pdf\"><blockquote cite=\"c.md\"></blockquote><iframe src=\"i.pdf\"></iframe></p>",
        );
        assert_eq!(v, ["../x/w.md", "w-fj1.pdf", "c.md", "i.pdf"]);
    }
}
