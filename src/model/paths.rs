//! Path helpers: normalising content paths, slugs, column membership. Percent-encoding
//! lives in the bottom-layer [`crate::urls`] (config needs it too) and is re-exported here.

pub use crate::urls::{url_decode, url_encode_path};

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
    fn slugs() {
        assert_eq!(slugify("2021 年 通知"), "2021-年-通知");
    }
}
