//! Templates and static files: the built-in default theme, overlaid by `themes/<name>/`.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diag::Diagnostic;

include!(concat!(env!("OUT_DIR"), "/theme.rs"));

/// Template sources by name (`page.html`) and static files by path (`style.css`).
pub struct Theme {
    pub templates: BTreeMap<String, String>,
    pub statics: BTreeMap<String, Vec<u8>>,
}

impl Theme {
    /// The default theme with the site's `themes/<name>/templates` and `static` on top.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Vec<Diagnostic>> {
        let mut t = Theme {
            templates: BTreeMap::new(),
            statics: BTreeMap::new(),
        };
        for (rel, bytes) in DEFAULT_THEME {
            t.add(rel, bytes.to_vec());
        }
        let dir = root.join("themes").join(name);
        if !dir.is_dir() {
            if name != "default" {
                return Err(vec![Diagnostic::error("site.yaml", None, format!("theme `{name}` not found: no folder themes/{name}/"))
                    .help("create themes/<name>/templates/ with the templates to override, or remove `theme:` to use the built-in theme")]);
            }
            return Ok(t);
        }
        let mut diags = Vec::new();
        for entry in walkdir::WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry
                .path()
                .strip_prefix(&dir)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            match std::fs::read(entry.path()) {
                Ok(b) => t.add(&rel, b),
                Err(e) => diags.push(Diagnostic::error(
                    entry.path(),
                    None,
                    format!("cannot read theme file: {e}"),
                )),
            }
        }
        if diags.is_empty() { Ok(t) } else { Err(diags) }
    }

    fn add(&mut self, rel: &str, bytes: Vec<u8>) {
        if let Some(name) = rel.strip_prefix("templates/") {
            let src = String::from_utf8_lossy(&bytes);
            let src = if name.ends_with(".html") {
                compact(&src)
            } else {
                src.to_string()
            };
            self.templates.insert(name.to_string(), src);
        } else if let Some(name) = rel.strip_prefix("static/") {
            self.statics.insert(name.to_string(), bytes);
        }
    }
}

/// Drop the template's own indentation and blank lines, and the line break after a line that
/// holds only template tags (`{% for %}`, `{% endif %}`, `{# … #}`), so pages carry no runs of
/// whitespace the template's layout left behind (about a fifth of a page's bytes). Lines
/// inside `<pre>` and `<textarea>` are kept as written; inserted values (`{{ doc.body }}`)
/// are not touched.
pub fn compact(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut verbatim = false;
    // Inside a `{# … #}` comment that spans lines: its line breaks are the comment's, and
    // the one after its last line counts only if template text follows `#}` there.
    let mut comment = false;
    for line in src.split_inclusive('\n') {
        let lower = line.to_ascii_lowercase();
        let opens = lower.contains("<pre") || lower.contains("<textarea");
        let closes = lower.contains("</pre>") || lower.contains("</textarea>");
        if !comment && (verbatim || opens) {
            out.push_str(line);
            verbatim = !closes;
            continue;
        }
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        out.push_str(t);
        let rest = if comment {
            match t.find("#}") {
                Some(k) => {
                    comment = false;
                    &t[k + 2..]
                }
                None => {
                    out.push('\n');
                    continue;
                }
            }
        } else {
            t
        };
        if opens_comment(rest) {
            comment = true;
            out.push('\n');
        } else if !tags_only(rest.trim_start()) {
            out.push('\n');
        }
    }
    out
}

/// Does `t` end inside a `{#` comment that it does not close?
fn opens_comment(t: &str) -> bool {
    match t.rfind("{#") {
        Some(k) => !t[k..].contains("#}"),
        None => false,
    }
}

/// Does the line consist of `{% … %}` and `{# … #}` tags only?
fn tags_only(mut t: &str) -> bool {
    while !t.is_empty() {
        let close = if t.starts_with("{%") {
            "%}"
        } else if t.starts_with("{#") {
            "#}"
        } else {
            return false;
        };
        match t[2..].find(close) {
            Some(k) => t = t[2 + k + 2..].trim_start(),
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::compact;

    #[test]
    fn compact_drops_layout_whitespace_but_keeps_pre() {
        let src = "<ul>\n  {% for x in xs %}\n  <li>{{ x }}</li>\n  {% endfor %}\n\n</ul>\n<pre>\n  kept\n</pre>\n  <p>{{ a }} <b>b</b></p>\n";
        assert_eq!(
            compact(src),
            "<ul>\n{% for x in xs %}<li>{{ x }}</li>\n{% endfor %}</ul>\n<pre>\n  kept\n</pre>\n<p>{{ a }} <b>b</b></p>\n"
        );
    }

    #[test]
    fn compact_drops_the_line_break_after_a_comment_of_several_lines() {
        let src = "<ul>\n  {# one\n     two #}\n  <li>a</li>\n  x {# three\n  four #} y\n</ul>\n";
        assert_eq!(
            compact(src),
            "<ul>\n{# one\ntwo #}<li>a</li>\nx {# three\nfour #} y\n</ul>\n"
        );
    }
}
