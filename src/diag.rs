//! Diagnostics: every problem found in a run, with file, line and a suggestion,
//! printed like a compiler's.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// Path relative to the site root, e.g. `content/fdzdgknr/gfxwj/2021-3.md` or `site.yaml`.
    pub file: PathBuf,
    pub line: Option<usize>,
    pub col: Option<usize>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(file: impl AsRef<Path>, line: Option<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            file: file.as_ref().to_path_buf(),
            line,
            col: None,
            help: None,
        }
    }

    pub fn warning(
        file: impl AsRef<Path>,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, line, message)
        }
    }

    pub fn col(mut self, col: usize) -> Self {
        self.col = Some(col);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn help_opt(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    /// `file:line:col` as shown after `-->`.
    pub fn location(&self) -> String {
        let mut s = self.file.display().to_string();
        if let Some(l) = self.line {
            s.push_str(&format!(":{l}"));
            s.push_str(&format!(":{}", self.col.unwrap_or(1)));
        }
        s
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}: {}", self.message)?;
        write!(f, "  --> {}", self.location())?;
        if let Some(h) = &self.help {
            write!(f, "\n   = help: {h}")?;
        }
        Ok(())
    }
}

/// Every diagnostic of a run, in a stable order.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// Sort by file, then line, so output does not depend on thread scheduling.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (&a.file, a.line, a.col, &a.message).cmp(&(&b.file, b.line, b.col, &b.message))
        });
        self.items.dedup();
    }
}

/// The closest candidate to `word`, if it is close enough to be a plausible typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::normalized_levenshtein(word, c);
        let contains = !word.is_empty() && (c.contains(word) || word.contains(c));
        let score = if contains { score.max(0.7) } else { score };
        if score >= 0.5 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// "did you mean `x`?" in the current language, for a `help` text.
pub fn did_you_mean_text(x: &str) -> String {
    t!("是否应为 `{x}`？", "did you mean `{x}`?")
}

/// A `help` text: "did you mean `x`?" plus the allowed values.
pub fn suggest(word: &str, allowed: &[&str]) -> String {
    let list = allowed.join(" | ");
    match did_you_mean(word, allowed.iter().copied()) {
        Some(m) => t!(
            "是否应为 `{m}`？可选值：{list}",
            "did you mean `{m}`? expected one of: {list}"
        ),
        None => t!("可选值：{list}", "expected one of: {list}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_finds_typos() {
        assert_eq!(
            did_you_mean("disclosur", ["disclosure", "date"]),
            Some("disclosure")
        );
        assert_eq!(
            did_you_mean("主动公", ["主动公开", "不予公开"]),
            Some("主动公开")
        );
        assert_eq!(did_you_mean("zzzzzz", ["title", "date"]), None);
    }

    #[test]
    fn display_has_location() {
        let d = Diagnostic::error("content/a.md", Some(3), "bad").help("fix it");
        assert_eq!(
            d.to_string(),
            "error: bad\n  --> content/a.md:3:1\n   = help: fix it"
        );
    }
}
