//! Diagnostics: every problem found in a run, with file, line and a suggestion,
//! printed like a compiler's.

mod render;

pub use render::SourceRenderer;

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
    /// A link or attachment to a file that does not exist: rule `broken-link` in
    /// `check --format json` (other errors are `content-error`).
    pub broken_link: bool,
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
            broken_link: false,
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

    /// Mark as a link or attachment to a missing file (rule `broken-link` in JSON reports).
    pub fn broken_link(mut self) -> Self {
        self.broken_link = true;
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
        let score = similarity(word, c);
        if score >= 0.5 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// The closest path to `path` (content ids or file paths, `/`-separated): first the same
/// file name in another folder (a moved file), then the closest name in the same folder,
/// then the closest name anywhere — always judged on the name part, so a long shared
/// folder prefix does not make an unrelated file look close.
pub fn did_you_mean_path<'a>(
    path: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let split = |p: &'a str| p.rsplit_once('/').unwrap_or(("", p));
    let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let (cdir, cname) = split(c);
        let score = if cname == name {
            // Moved: prefer the folder most like the old one.
            2.0 + similarity(dir, cdir) / 10.0
        } else {
            let s = similarity(name, cname);
            if s < 0.5 {
                continue;
            }
            s + if cdir == dir { 0.5 } else { 0.0 }
        };
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// How likely `cand` is what an editor meant when writing `word` (0–1), ranked by the
/// mistakes editors make: a name cut short (`主动公` → `主动公开`, `区政府办` →
/// `区政府办公室`) ranks above an abbreviation that drops inner characters (`区政府办` →
/// `区府办`), which ranks above a shorter name that the word merely contains (`区政府办` →
/// `区政府`: the extra `办` means another unit); otherwise edit distance, with a swap of
/// two neighbours counting as one edit (`disclousre` → `disclosure`).
pub fn similarity(word: &str, cand: &str) -> f64 {
    if word.is_empty() || cand.is_empty() {
        return 0.0;
    }
    if word == cand {
        return 1.0;
    }
    let edit = strsim::normalized_damerau_levenshtein(word, cand);
    let rule = if cand.starts_with(word) {
        0.9
    } else if is_subsequence(cand, word) && !word.contains(cand) {
        0.85
    } else if is_subsequence(word, cand) && !cand.contains(word) {
        0.8
    } else if cand.contains(word) || word.contains(cand) {
        0.6
    } else {
        0.0
    };
    edit.max(rule)
}

/// Whether the characters of `short` appear in `long` in order.
fn is_subsequence(short: &str, long: &str) -> bool {
    let mut it = long.chars();
    short.chars().all(|c| it.any(|l| l == c))
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
        assert_eq!(
            did_you_mean("disclousre", ["date", "disclosure", "doc_number"]),
            Some("disclosure")
        );
    }

    #[test]
    fn path_suggestions_look_at_the_name() {
        let ids = [
            "fdzdgknr/gfxwj/2021-1",
            "fdzdgknr/gfxwj/2021-2",
            "fdzdgknr/zcjd/2021-3",
            "fdzdgknr/zdjc/2021-01",
        ];
        // Moved file: the same name in its new folder.
        assert_eq!(
            did_you_mean_path("fdzdgknr/gfxwj/2021-3", ids),
            Some("fdzdgknr/zcjd/2021-3")
        );
        // A typo in the name, same folder first.
        assert_eq!(
            did_you_mean_path("fdzdgknr/gfxwj/2012-1", ids),
            Some("fdzdgknr/gfxwj/2021-1")
        );
        // Nothing like it: no random suggestion although the folders agree.
        assert_eq!(did_you_mean_path("fdzdgknr/gfxwj/tongzhi", ids), None);
    }

    #[test]
    fn did_you_mean_ranks_what_editors_mistype() {
        // Units of the example site, names and aliases in site.yaml order.
        let units = [
            "罗庄区人民政府",
            "区政府",
            "罗庄区人民政府办公室",
            "区政府办公室",
            "区府办",
        ];
        let g = did_you_mean("区政府办", units).unwrap();
        assert!(g == "区政府办公室" || g == "区府办", "{g}");
        assert_eq!(did_you_mean("区府办公室", units), Some("区政府办公室"));
        assert_eq!(did_you_mean("罗庄区政府", units), Some("罗庄区人民政府"));
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
