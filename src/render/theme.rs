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
            self.templates.insert(
                name.to_string(),
                String::from_utf8_lossy(&bytes).to_string(),
            );
        } else if let Some(name) = rel.strip_prefix("static/") {
            self.statics.insert(name.to_string(), bytes);
        }
    }
}
