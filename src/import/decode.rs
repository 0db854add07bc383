//! Bytes of a mirrored page → text, with the encoding that was used (SPEC §10).
//!
//! Order: BOM; then UTF-8 when the bytes are valid UTF-8 (browsers that save a page re-encode
//! it to UTF-8 but may keep the old `charset=gb2312` next to a new `charset=utf-8`, so valid
//! UTF-8 wins over a declaration); then the declared charset (every GB label — gb2312, gbk,
//! x-gbk, gb18030 — is decoded as GB18030, the superset the WHATWG Encoding Standard maps
//! `gb2312` to `gbk` anyway); then GB18030 when it decodes without errors; else lossy UTF-8.

use encoding_rs::{Encoding, GB18030, UTF_8};

/// A decoded text and how it was decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub text: String,
    /// `UTF-8`, `GB18030`, `UTF-16LE`… (what was used to decode).
    pub encoding: String,
    /// Something worth telling the user (conflicting declarations, replacement characters).
    pub note: Option<String>,
    /// Share of U+FFFD in the text (0.0 when decoding was clean).
    pub bad: f32,
}

/// The charsets declared in the first 4 KB (`<meta charset>`, `http-equiv` content, XML
/// declaration), lower-cased, in order of appearance.
pub fn declared_charsets(bytes: &[u8]) -> Vec<String> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let mut out = Vec::new();
    for pat in [&b"charset"[..], &b"encoding"[..]] {
        let mut i = 0;
        while let Some(p) = find(&lower[i..], pat) {
            let mut j = i + p + pat.len();
            while j < lower.len() && matches!(lower[j], b' ' | b'=' | b'"' | b'\'') {
                j += 1;
            }
            let start = j;
            while j < lower.len()
                && (lower[j].is_ascii_alphanumeric() || matches!(lower[j], b'-' | b'_'))
            {
                j += 1;
            }
            if j > start && lower[start..j].iter().any(|b| b.is_ascii_alphabetic()) {
                let label = String::from_utf8_lossy(&lower[start..j]).into_owned();
                if Encoding::for_label(label.as_bytes()).is_some() && !out.contains(&label) {
                    out.push(label);
                }
            }
            i = j.max(i + p + 1);
        }
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn is_gb(label: &str) -> bool {
    matches!(
        label,
        "gb2312" | "gbk" | "x-gbk" | "gb18030" | "gb_2312-80" | "chinese" | "csgb2312" | "cp936"
    )
}

/// Decode a page's bytes.
pub fn decode(bytes: &[u8]) -> Decoded {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        return finish(text.into_owned(), enc.name(), None, had_errors);
    }
    let declared = declared_charsets(bytes);
    let non_ascii = bytes.iter().any(|b| *b >= 0x80);
    if let Ok(s) = std::str::from_utf8(bytes) {
        let note = declared
            .iter()
            .find(|l| is_gb(l) || Encoding::for_label(l.as_bytes()) != Some(UTF_8))
            .filter(|_| non_ascii)
            .map(|l| format!("页面声明的编码 {l} 与内容不符，内容是 UTF-8，已按 UTF-8 读取"));
        return finish(s.to_string(), "UTF-8", note, false);
    }
    let first = declared.iter().find(|l| {
        let e = Encoding::for_label(l.as_bytes());
        e.is_some() && e != Some(UTF_8)
    });
    let (enc, note) = match first {
        Some(l) if is_gb(l) => (GB18030, None),
        Some(l) => (Encoding::for_label(l.as_bytes()).unwrap_or(GB18030), None),
        None => {
            let why = if declared.is_empty() {
                "页面未声明编码"
            } else {
                "页面声明 UTF-8 但内容不是 UTF-8"
            };
            (GB18030, Some(format!("{why}，按内容判断为 GB18030")))
        }
    };
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    finish(text.into_owned(), enc.name(), note, had_errors)
}

fn finish(text: String, enc: &str, note: Option<String>, had_errors: bool) -> Decoded {
    let mut bad = 0.0;
    let mut note = note;
    if had_errors {
        let n = text.chars().filter(|c| *c == '\u{FFFD}').count();
        let total = text.chars().count().max(1);
        bad = n as f32 / total as f32;
        let msg = format!("有 {n} 处字节无法按 {enc} 解码，已替换为 �");
        note = Some(match note {
            Some(prev) => format!("{prev}；{msg}"),
            None => msg,
        });
    }
    Decoded {
        text,
        encoding: enc.to_ascii_uppercase(),
        note,
        bad,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gb2312_declared_is_decoded_as_gb18030() {
        let (bytes, _, _) = GB18030.encode("<meta charset=gb2312><p>政府信息公开 镕</p>");
        let d = decode(&bytes);
        assert_eq!(d.encoding, "GB18030");
        assert!(d.text.contains("政府信息公开 镕"), "{}", d.text);
        assert_eq!(d.note, None);
    }

    #[test]
    fn utf8_content_wins_over_a_conflicting_gb2312_declaration() {
        let page = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">\
                    <meta charset=\"utf-8\"><p>索引号</p>";
        let d = decode(page.as_bytes());
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.note.unwrap().contains("gb2312"));
        assert_eq!(declared_charsets(page.as_bytes()), ["gb2312", "utf-8"]);
    }

    #[test]
    fn undeclared_gbk_is_detected() {
        let (bytes, _, _) = GB18030.encode("<p>发布机构：区府办</p>");
        let d = decode(&bytes);
        assert_eq!(d.encoding, "GB18030");
        assert!(d.text.contains("发布机构"));
        assert!(d.note.unwrap().contains("未声明"));
    }
}
