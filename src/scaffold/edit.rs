//! Writing one `index_number:` line into a document's front matter without touching anything
//! else: the BOM, line endings (CRLF kept), comments, key order, quoting and the body stay
//! byte-identical. The result is re-parsed and compared with the original before it is
//! accepted, so an edit can never change another value.

use std::path::Path;

use crate::content;
use crate::frontmatter::{self, Node, Yaml};

/// Why a file was not edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditError(pub String);

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// One physical line: content without its terminator, and the terminator (`\n`, `\r\n` or none).
struct Line<'a> {
    start: usize,
    text: &'a [u8],
    ending: &'a [u8],
}

fn lines(bytes: &[u8], from: usize) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = from;
    while start < bytes.len() {
        let end = bytes[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map(|p| start + p + 1)
            .unwrap_or(bytes.len());
        let raw = &bytes[start..end];
        let body_len = if raw.ends_with(b"\r\n") {
            raw.len() - 2
        } else if raw.ends_with(b"\n") {
            raw.len() - 1
        } else {
            raw.len()
        };
        out.push(Line {
            start,
            text: &raw[..body_len],
            ending: &raw[body_len..],
        });
        start = end;
    }
    out
}

/// The key a top-level `key: value` line defines (quotes stripped), if it is one.
fn top_key(text: &[u8]) -> Option<(String, usize)> {
    let s = std::str::from_utf8(text).ok()?;
    if s.is_empty() || s.starts_with([' ', '\t', '#', '-', '{', '[']) {
        return None;
    }
    let colon = s
        .char_indices()
        .find(|&(i, c)| {
            c == ':'
                && s[i + 1..]
                    .chars()
                    .next()
                    .is_none_or(|n| n == ' ' || n == '\t')
        })?
        .0;
    let key = s[..colon].trim().trim_matches(['"', '\'']);
    Some((key.to_string(), colon))
}

/// `number` as a YAML scalar: plain when safe, double-quoted otherwise.
pub fn yaml_scalar(s: &str) -> String {
    let risky = s.is_empty()
        || s.starts_with(|c: char| c.is_whitespace() || "-?:,[]{}#&*!|>'\"%@`".contains(c))
        || s.ends_with(char::is_whitespace)
        || s.contains(": ")
        || s.contains(" #")
        || s.ends_with(':')
        || matches!(s, "~" | "null" | "true" | "false" | "yes" | "no")
        || s.parse::<f64>().is_ok();
    if risky {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        s.to_string()
    }
}

/// A one-line scalar value (quotes removed) and its trailing comment.
fn value_of(rest: &str) -> (&str, &str) {
    let (value, comment) = match rest.find(" #") {
        Some(i) => (&rest[..i], rest[i..].trim_start()),
        None => (rest, ""),
    };
    let v = value.trim();
    let v = v
        .strip_prefix('"')
        .and_then(|x| x.strip_suffix('"'))
        .or_else(|| v.strip_prefix('\'').and_then(|x| x.strip_suffix('\'')))
        .unwrap_or(v);
    (v, comment)
}

/// Is a front-matter value written as nothing (empty, `~`, `null`, `""`, `''`), comment aside?
fn empty_value(rest: &str) -> Option<&str> {
    let (value, comment) = match rest
        .find(" #")
        .or_else(|| rest.starts_with('#').then_some(0))
    {
        Some(i) => (&rest[..i], rest[i..].trim_start()),
        None => (rest, ""),
    };
    matches!(
        value.trim(),
        "" | "~" | "null" | "Null" | "NULL" | "\"\"" | "''"
    )
    .then_some(comment)
}

/// Return `bytes` with `index_number: <number>` added to the front matter: after the `date`
/// (成文日期) line, or at the end of the front matter; a key that is present but empty gets
/// the value on its own line instead. The key is written in Chinese (`索引号`) when the date is.
pub fn set_index_number(bytes: &[u8], number: &str) -> Result<Vec<u8>, EditError> {
    write_index_number(bytes, number, None)
}

/// Like [`set_index_number`], but replace an existing value `old` (a duplicate 索引号) with
/// `number`; only the value on that line changes (key spelling, quoting style aside, comment
/// and line ending stay).
pub fn replace_index_number(bytes: &[u8], old: &str, number: &str) -> Result<Vec<u8>, EditError> {
    write_index_number(bytes, number, Some(old))
}

fn write_index_number(
    bytes: &[u8],
    number: &str,
    replace: Option<&str>,
) -> Result<Vec<u8>, EditError> {
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let ls = lines(bytes, bom);
    let first = ls
        .first()
        .ok_or_else(|| EditError(crate::t!("文件是空的", "the file is empty")))?;
    if trim_end(first.text) != b"---" {
        return Err(EditError(crate::t!(
            "第一行不是 `---`（没有前置元数据）",
            "the first line is not `---` (no front matter)"
        )));
    }
    let close = ls
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, l)| matches!(trim_end(l.text), b"---" | b"..."))
        .map(|(i, _)| i)
        .ok_or_else(|| {
            EditError(crate::t!(
                "前置元数据缺少结束的 `---` 行",
                "the front matter has no closing `---` line"
            ))
        })?;

    let mut date_line = None;
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len() + number.len() + 20);
    for (i, l) in ls.iter().enumerate().take(close).skip(1) {
        let Some((key, colon)) = top_key(l.text) else {
            continue;
        };
        match key.as_str() {
            "index_number" | "索引号" => {
                let rest = std::str::from_utf8(&l.text[colon + 1..]).unwrap_or("x");
                let comment = match (empty_value(rest), replace) {
                    (Some(c), _) => c,
                    (None, Some(old)) if value_of(rest).0 == old => value_of(rest).1,
                    _ => {
                        return Err(EditError(crate::t!(
                            "第 {line} 行已有 `{key}`",
                            "it already has `{key}` on line {line}",
                            line = i + 1
                        )));
                    }
                };
                // Replace just this line, keeping its key spelling, comment and ending.
                out.extend_from_slice(&bytes[..l.start]);
                out.extend_from_slice(&l.text[..colon + 1]);
                out.push(b' ');
                out.extend_from_slice(yaml_scalar(number).as_bytes());
                if !comment.is_empty() {
                    out.extend_from_slice(b"  ");
                    out.extend_from_slice(comment.as_bytes());
                }
                out.extend_from_slice(&bytes[l.start + l.text.len()..]);
                verify(bytes, &out, number)?;
                return Ok(out);
            }
            "date" | "成文日期" if date_line.is_none() => {
                date_line = Some((i, key == "成文日期"))
            }
            _ => {}
        }
    }
    // After the date line and any indented continuation lines of its value.
    let (at, chinese) = match date_line {
        Some((i, zh)) => {
            let mut j = i + 1;
            while j < close && ls[j].text.first().is_some_and(|&b| b == b' ' || b == b'\t') {
                j += 1;
            }
            (j, zh)
        }
        None => (close, false),
    };
    let prev = &ls[at - 1];
    let ending: &[u8] = if prev.ending.is_empty() {
        first.ending
    } else {
        prev.ending
    };
    let key = if chinese { "索引号" } else { "index_number" };
    let insert_at = ls[at].start;
    out.extend_from_slice(&bytes[..insert_at]);
    out.extend_from_slice(format!("{key}: {}", yaml_scalar(number)).as_bytes());
    out.extend_from_slice(ending);
    out.extend_from_slice(&bytes[insert_at..]);
    verify(bytes, &out, number)?;
    Ok(out)
}

fn trim_end(b: &[u8]) -> &[u8] {
    let n = b
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .map(|p| p + 1)
        .unwrap_or(0);
    &b[..n]
}

/// Parse a document's front matter.
fn front(bytes: &[u8]) -> Result<Node, EditError> {
    let text = content::decode(bytes).map_err(|(_, m)| EditError(m))?;
    let split = frontmatter::split(&text).map_err(|e| {
        EditError(crate::t!(
            "无法分出前置元数据：{e:?}",
            "front matter cannot be split: {e:?}"
        ))
    })?;
    frontmatter::parse(split.yaml, split.yaml_line).map_err(|e| {
        EditError(crate::t!(
            "前置元数据不是有效的 YAML（第 {l} 行）：{m}",
            "front matter is not valid YAML (line {l}): {m}",
            l = e.line,
            m = e.message
        ))
    })
}

/// The edited file must read back as the original plus exactly this one key.
fn verify(before: &[u8], after: &[u8], number: &str) -> Result<(), EditError> {
    let fail = |why: &str| {
        EditError(crate::t!(
            "无法干净地改写（{why}）；请手工写上 `index_number: {number}`",
            "the edit would not be clean ({why}); add `index_number: {number}` by hand"
        ))
    };
    let old = front(before).map_err(|e| fail(&e.0))?;
    let new = front(after).map_err(|e| fail(&e.0))?;
    let no_keys = Vec::new();
    let old = match &old.value {
        Yaml::Map(m) => m,
        // Empty front matter (or only comments) becomes a one-key mapping.
        Yaml::Null => &no_keys,
        _ => {
            return Err(fail(&crate::t!(
                "前置元数据不是 `键: 值` 映射",
                "the front matter is not a `key: value` mapping"
            )));
        }
    };
    let Yaml::Map(new) = &new.value else {
        return Err(fail(&crate::t!(
            "前置元数据不是 `键: 值` 映射",
            "the front matter is not a `key: value` mapping"
        )));
    };
    let is_key = |k: &str| k == "index_number" || k == "索引号";
    let got: Vec<_> = new.iter().filter(|(k, _)| is_key(k)).collect();
    if got.len() != 1 || got[0].1.value.as_scalar().as_deref() != Some(number) {
        return Err(fail(&crate::t!(
            "读回的 index_number 不一致",
            "index_number does not read back"
        )));
    }
    let rest_old: Vec<_> = old.iter().filter(|(k, _)| !is_key(k)).collect();
    let rest_new: Vec<_> = new.iter().filter(|(k, _)| !is_key(k)).collect();
    let same = rest_old.len() == rest_new.len()
        && rest_old
            .iter()
            .zip(&rest_new)
            .all(|((ka, va), (kb, vb))| ka == kb && same_value(va, vb));
    if !same {
        return Err(fail(&crate::t!(
            "其他键会被改动",
            "other keys would change"
        )));
    }
    if body(before) != body(after) {
        return Err(fail(&crate::t!("正文会被改动", "the body would change")));
    }
    Ok(())
}

fn body(bytes: &[u8]) -> Option<String> {
    let text = content::decode(bytes).ok()?;
    frontmatter::split(&text).ok().map(|s| s.body.to_string())
}

/// Equal values, ignoring the line numbers (which shift by one below an inserted line).
fn same_value(a: &Node, b: &Node) -> bool {
    match (&a.value, &b.value) {
        (Yaml::Seq(x), Yaml::Seq(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_value(p, q))
        }
        (Yaml::Map(x), Yaml::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((k, p), (l, q))| k == l && same_value(p, q))
        }
        (x, y) => x == y,
    }
}

/// Write `bytes` to `path` through a temporary file and a rename, keeping the permissions, so
/// an editor or `gongkai serve` never sees a half-written document.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.gongkai-tmp"));
    std::fs::write(&tmp, bytes)?;
    let result = std::fs::metadata(path)
        .and_then(|m| std::fs::set_permissions(&tmp, m.permissions()))
        .and_then(|_| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const N: &str = "A1/2021-00009";

    fn set(s: &[u8]) -> Vec<u8> {
        set_index_number(s, N).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn inserted_after_date_with_crlf_bom_and_comments_kept() {
        let src = b"\xEF\xBB\xBF---\r\n# comment\r\ntitle: \"T\"  # keep\r\ndate: 2021-05-21 # x\r\nissuer: A\r\n---\r\nbody\r\n";
        let out = set(src);
        let want = b"\xEF\xBB\xBF---\r\n# comment\r\ntitle: \"T\"  # keep\r\ndate: 2021-05-21 # x\r\nindex_number: A1/2021-00009\r\nissuer: A\r\n---\r\nbody\r\n";
        assert_eq!(String::from_utf8_lossy(&out), String::from_utf8_lossy(want));
    }

    #[test]
    fn chinese_keys_and_end_of_front_matter() {
        let out = set("---\n标题: T\n成文日期: 2021年5月21日\n---\n".as_bytes());
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "---\n标题: T\n成文日期: 2021年5月21日\n索引号: A1/2021-00009\n---\n"
        );
        let out = set(b"---\ntitle: T\n---\nx");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "---\ntitle: T\nindex_number: A1/2021-00009\n---\nx"
        );
    }

    #[test]
    fn empty_key_is_filled_in_place() {
        let out = set(b"---\ntitle: T\nindex_number:   # fill me\ndate: 2021-01-01\n---\n");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "---\ntitle: T\nindex_number: A1/2021-00009  # fill me\ndate: 2021-01-01\n---\n"
        );
        let out = set(b"---\nindex_number: \"\"\n---\n");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "---\nindex_number: A1/2021-00009\n---\n"
        );
    }

    #[test]
    fn refuses_existing_numbers_and_unsafe_layouts() {
        assert!(
            set_index_number(b"---\nindex_number: X/2021-00001\n---\n", N)
                .unwrap_err()
                .0
                .contains("已有 `index_number`")
        );
        // A flow mapping cannot take an appended line: detected by the read-back.
        assert!(set_index_number(b"---\n{title: T, date: 2021-01-01}\n---\n", N).is_err());
        assert!(set_index_number(b"title: T\n", N).is_err());
    }

    #[test]
    fn replaces_a_duplicate_keeping_everything_else() {
        let src = b"\xEF\xBB\xBF---\r\ntitle: T\r\n\xE7\xB4\xA2\xE5\xBC\x95\xE5\x8F\xB7: \"X/2021-00001\"  # kept\r\ndate: 2021-01-01\r\n---\r\nbody\r\n";
        let out = replace_index_number(src, "X/2021-00001", "X/2021-00009").unwrap();
        assert_eq!(
            out,
            b"\xEF\xBB\xBF---\r\ntitle: T\r\n\xE7\xB4\xA2\xE5\xBC\x95\xE5\x8F\xB7: X/2021-00009  # kept\r\ndate: 2021-01-01\r\n---\r\nbody\r\n"
        );
        // Only the expected old value is replaced.
        assert!(replace_index_number(src, "X/2021-00002", "X/2021-00009").is_err());
    }

    #[test]
    fn block_scalar_date_continuation() {
        let out = set(b"---\ndate: >-\n  2021-01-01\ntitle: T\n---\n");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "---\ndate: >-\n  2021-01-01\nindex_number: A1/2021-00009\ntitle: T\n---\n"
        );
    }

    proptest! {
        /// Whatever the layout, the output is the input plus exactly one line.
        #[test]
        fn adds_exactly_one_line(
            order in proptest::sample::subsequence(vec![0usize, 1, 2, 3, 4, 5, 6], 0..=7).prop_shuffle(),
            values in proptest::collection::vec("[a-z甲乙丙 ]{0,6}", 7),
            crlf: bool,
            bom: bool,
            body in "[a-z\\-\n正文 ]{0,30}",
        ) {
            let nl = if crlf { "\r\n" } else { "\n" };
            let mut src = String::new();
            if bom {
                src.push('\u{feff}');
            }
            src.push_str("---");
            src.push_str(nl);
            for i in order {
                let v = values[i].trim();
                let line = match i {
                    0 => format!("title: {v}x"),
                    1 => "date: 2021-05-21".to_string(),
                    2 => format!("# {v}"),
                    3 => format!("topics:{nl}  - {v}y{nl}  - z"),
                    4 => format!("summary: |{nl}  {v}w{nl}  date: not a key"),
                    5 => String::new(),
                    _ => format!("issuer: {v}q   # {v}"),
                };
                src.push_str(&line);
                src.push_str(nl);
            }
            src.push_str("---");
            src.push_str(nl);
            src.push_str(&body);
            let out = String::from_utf8(set_index_number(src.as_bytes(), N).unwrap()).unwrap();
            let line = format!("index_number: {N}{nl}");
            let at = out.find(&line).unwrap();
            prop_assert!(at > 0 && out.as_bytes()[at - 1] == b'\n');
            prop_assert_eq!(format!("{}{}", &out[..at], &out[at + line.len()..]), src);
        }
    }

    #[test]
    fn scalars_are_quoted_when_needed() {
        assert_eq!(yaml_scalar("A1/2021-00001"), "A1/2021-00001");
        assert_eq!(
            yaml_scalar("罗庄区司法局/2021-00001"),
            "罗庄区司法局/2021-00001"
        );
        assert_eq!(yaml_scalar("#x/2021-00001"), "\"#x/2021-00001\"");
        assert_eq!(yaml_scalar("a: b/2021-00001"), "\"a: b/2021-00001\"");
    }
}
