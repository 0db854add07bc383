//! Diagnostics rendered once, like a compiler's: the SPEC §4 header (`error: <message>` then
//! `  --> <file>:<line>:<col>`), then the source line with a caret (annotate-snippets), then
//! the help. Colour is written as ANSI styles and left to `anstream` to keep or strip, so
//! NO_COLOR, CLICOLOR and "is this a terminal" are read in one place.

use std::collections::HashMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use anstyle::{AnsiColor, Style};

use super::{Diagnostic, Severity};

/// Renders diagnostics of one site, reading each source file once.
pub struct SourceRenderer {
    root: PathBuf,
    files: HashMap<PathBuf, Option<String>>,
}

impl SourceRenderer {
    /// `root`: the site folder the diagnostics' paths are relative to.
    pub fn new(root: &Path) -> SourceRenderer {
        SourceRenderer {
            root: root.to_path_buf(),
            files: HashMap::new(),
        }
    }

    /// One diagnostic, styled (strip with `anstream` where colour is off), ending in `\n`.
    pub fn render(&mut self, d: &Diagnostic) -> String {
        let (label, colour) = match d.severity {
            Severity::Error => ("error", AnsiColor::Red),
            Severity::Warning => ("warning", AnsiColor::Yellow),
        };
        let head = Style::new().bold().fg_color(Some(colour.into()));
        let bold = Style::new().bold();
        let arrow = Style::new().bold().fg_color(Some(AnsiColor::Blue.into()));
        let mut out = String::new();
        let _ = writeln!(out, "{head}{label}{head:#}{bold}: {}{bold:#}", d.message);
        let _ = writeln!(out, "  {arrow}-->{arrow:#} {}", d.location());
        match self.snippet(d) {
            Some(s) => out.push_str(&s),
            None => {
                if let Some(h) = &d.help {
                    let _ = writeln!(out, "   {bold}= help{bold:#}: {h}");
                }
            }
        }
        out
    }

    /// The source line with a caret under the column (or under the line's text when the
    /// diagnostic names no column), followed by the help.
    fn snippet(&mut self, d: &Diagnostic) -> Option<String> {
        let line_no = d.line?;
        let text = self
            .files
            .entry(d.file.clone())
            .or_insert_with(|| {
                std::fs::read(self.root.join(&d.file))
                    .ok()
                    .map(decode_lossy)
            })
            .as_deref()?;
        let line = text.split('\n').nth(line_no.checked_sub(1)?)?;
        let line = line.strip_suffix('\r').unwrap_or(line);
        // Very long lines (a pasted table) are not worth showing.
        if line.len() > 400 || line.trim().is_empty() {
            return None;
        }
        let span = match d.col {
            Some(c) => {
                let start = line
                    .char_indices()
                    .nth(c.saturating_sub(1))
                    .map_or(line.len(), |(i, _)| i);
                let len = line[start..].chars().next().map_or(0, char::len_utf8);
                start..start + len
            }
            None => {
                let start = line.len() - line.trim_start().len();
                start..line.trim_end().len()
            }
        };
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let mut group = Group::with_level(level.clone()).element(
            Snippet::source(line)
                .line_start(line_no)
                .annotation(AnnotationKind::Primary.span(span)),
        );
        if let Some(h) = &d.help {
            group = group.element(Level::HELP.message(h.as_str()));
        }
        let mut s = Renderer::styled().render(&[group]);
        s.push('\n');
        Some(s)
    }
}

/// File text for display: BOM dropped, invalid UTF-8 replaced.
fn decode_lossy(bytes: Vec<u8>) -> String {
    let s = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    match s.strip_prefix('\u{feff}') {
        Some(t) => t.to_string(),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_then_source_line_with_caret_then_help() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(
            dir.path().join("content/a.md"),
            "---\ntitle: 甲\ndoc_number：测政办字〔2021〕1号\n---\n",
        )
        .unwrap();
        let d = Diagnostic::error("content/a.md", Some(3), "冒号应为半角")
            .col(11)
            .help("改为 `doc_number: `");
        let out = SourceRenderer::new(dir.path()).render(&d);
        let plain = anstream::adapter::strip_str(&out).to_string();
        assert_eq!(
            plain,
            "error: 冒号应为半角\n  --> content/a.md:3:11\n  |\n3 | doc_number：测政办字〔2021〕1号\n  |           ^^\n  |\n  = help: 改为 `doc_number: `\n"
        );
    }
}
