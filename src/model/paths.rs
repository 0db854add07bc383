//! Path helpers: normalising content paths, slugs, percent-encoding URLs.

/// Normalise a `/`-separated relative path, resolving `.` and `..`.
/// `None` when it escapes the root or is empty.
pub fn normalize_rel(p: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    if parts.is_empty() {
        None
    } else {
        Some(parts.join("/"))
    }
}

/// A URL-safe path segment: letters (any script), digits, `-`, `_`, `.`; anything else → `-`.
pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' || c == '.' {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').trim_start_matches('.');
    out.to_string()
}

/// Everything but unreserved ASCII (`A-Z a-z 0-9 - _ . ~`) and `/` is percent-encoded.
const PATH: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encode everything but unreserved ASCII and `/`.
pub fn url_encode_path(p: &str) -> String {
    percent_encoding::utf8_percent_encode(p, PATH).to_string()
}

/// Decode `%XX` escapes; `None` for malformed escapes (`%zz`, a `%` near the end) or
/// non-UTF-8 results. (The `percent-encoding` crate decodes; it would pass malformed escapes
/// through as text, which serve must refuse.)
pub fn url_decode(p: &str) -> Option<String> {
    let b = p.as_bytes();
    for (i, _) in p.match_indices('%') {
        if !(b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
        {
            return None;
        }
    }
    percent_encoding::percent_decode_str(p)
        .decode_utf8()
        .ok()
        .map(|c| c.into_owned())
}

/// Is the folder `doc_dir` the column `col` or below it? Column paths that are parents of
/// other columns are sections; documents of sub-columns count towards them. (A path
/// predicate: it lives here, below render and feeds, so neither imports the other for it.)
pub fn in_column(doc_dir: &str, col: &str) -> bool {
    doc_dir == col || (doc_dir.starts_with(col) && doc_dir.as_bytes().get(col.len()) == Some(&b'/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize() {
        assert_eq!(normalize_rel("a/b/../c.md").as_deref(), Some("a/c.md"));
        assert_eq!(normalize_rel("../x.md"), None);
        assert_eq!(normalize_rel("a/../../x.md"), None);
    }

    #[test]
    fn slugs_and_encoding() {
        assert_eq!(slugify("2021 年 通知"), "2021-年-通知");
        assert_eq!(url_encode_path("/a/年/"), "/a/%E5%B9%B4/");
        assert_eq!(url_decode("/a/%E5%B9%B4/").as_deref(), Some("/a/年/"));
        assert_eq!(url_decode("%zz"), None);
        assert_eq!(url_decode("%4"), None);
        assert_eq!(url_decode("%ff"), None);
        // `u8::from_str_radix` accepted a sign: the hand-written decoder read `%+5` as 0x05.
        assert_eq!(url_decode("%+5"), None);
        assert_eq!(url_decode("%-1"), None);
        assert_eq!(url_decode("a%20b").as_deref(), Some("a b"));
        assert_eq!(url_encode_path("/a b~-_./"), "/a%20b~-_./");
    }
}
