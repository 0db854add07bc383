//! URL helpers: percent-encoding and -decoding paths, and recognising a well-formed absolute
//! http(s) URL. A bottom-layer module (pure functions, no crate imports) so `config` and the
//! model both build on it without `config` importing `model`.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding() {
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

    #[test]
    fn well_formed() {
        assert!(is_well_formed_url("https://www.gov.cn/a"));
        assert!(is_well_formed_url("http://example.org:8080/"));
        assert!(!is_well_formed_url("ftp://example.org/"));
        assert!(!is_well_formed_url("https://localhost/"));
        assert!(!is_well_formed_url("https://a b.cn/"));
    }
}
