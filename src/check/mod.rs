//! `gongkai check`: the daily compliance inspection (法定主动公开内容专栏的日常检查).
//!
//! Pure: a validated [`Site`] in, [`Report`] out. Each group of rules lives in its own
//! file and pushes [`Finding`]s with the rule's default severity; [`run`] then applies
//! site.yaml `check:` overrides and inline `# gongkai: allow(rule) 理由` comments, and sorts.

mod annual_arithmetic;
mod annual_continuity;
mod annual_mismatch;
mod bodies;
mod catalog;
mod columns;
mod documents;
pub mod items;
mod links;
mod normative;
mod numbers;
mod placeholders;
pub mod report;

pub use links::html_ids;

use std::collections::BTreeSet;
use std::path::Path;

use crate::calendar::Calendar;
use crate::config::CHECK_RULES;
use crate::diag::{Diagnostic, Severity};
use crate::model::Site;

/// Default severity of each rule (SPEC §5 ids). Errors are problems an inspector scores
/// and an editor can fix now; warnings are lateness that cannot be undone, staleness that
/// needs new content, and 文号 style.
pub const DEFAULT_SEVERITY: &[(&str, Severity)] = &[
    ("interpretation-missing", Severity::Error),
    ("disclosure-overdue", Severity::Warning),
    ("validity-expired", Severity::Error),
    ("cleanup-missing", Severity::Error),
    ("duplicate-doc-number", Severity::Error),
    ("broken-link", Severity::Error),
    ("empty-column", Severity::Error),
    ("stale-column", Severity::Warning),
    ("decision-incomplete", Severity::Error),
    ("doc-number-format", Severity::Warning),
    ("guide-missing", Severity::Error),
    ("annual-report-missing", Severity::Error),
    ("catalog-item-overdue", Severity::Warning),
    ("catalog-item-empty", Severity::Warning),
    ("holiday-data-missing", Severity::Warning),
    ("valid-until-missing", Severity::Error),
    ("registration-missing", Severity::Error),
    ("valid-from-missing", Severity::Error),
    ("annual-report-arithmetic", Severity::Error),
    ("annual-report-continuity", Severity::Error),
    ("annual-report-mismatch", Severity::Error),
    ("init-placeholder", Severity::Warning),
];

/// What a finding is about, for inline allow comments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// Index into `Site::docs`.
    Doc(usize),
    /// Index into `SiteConfig::columns`, with the documents counted for it.
    Column(usize),
    /// Index into `SiteConfig::bodies` (no allow comments: fix the body's section instead).
    Body(usize),
    /// Index into `Catalog::items` (a finding at its line in catalog.yaml).
    Catalog(usize),
    /// The site as a whole (site.yaml settings, calendar data).
    Site,
}

/// One inspection finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    /// Relative to the site root: `content/….md` or `site.yaml`.
    pub file: String,
    pub line: Option<usize>,
    /// Chinese, with English key names.
    pub message: String,
    /// How to fix it (human report only).
    pub help: Option<String>,
    pub subject: Subject,
}

impl Finding {
    pub(crate) fn doc(
        site: &Site,
        i: usize,
        rule: &'static str,
        line: usize,
        message: String,
    ) -> Finding {
        Finding {
            rule,
            severity: default_severity(rule),
            file: site.docs[i].file.to_string_lossy().replace('\\', "/"),
            line: Some(line),
            message,
            help: None,
            subject: Subject::Doc(i),
        }
    }

    fn site(rule: &'static str, message: String) -> Finding {
        Finding {
            rule,
            severity: default_severity(rule),
            file: "site.yaml".into(),
            line: None,
            message,
            help: None,
            subject: Subject::Site,
        }
    }

    pub(crate) fn help(mut self, h: impl Into<String>) -> Finding {
        self.help = Some(h.into());
        self
    }

    /// Name the inspection item the finding is scored under (see [`items`]), at the end of
    /// the message, so the JSON report carries it too.
    fn basis(mut self, item: items::Item) -> Finding {
        let item = item.text();
        self.message = t!("{}（依据：{item}）", "{} (basis: {item})", self.message);
        self
    }
}

/// Inputs besides the site that the rules need.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Text of site.yaml, to find `# gongkai: allow(...)` comments on column entries.
    pub site_yaml: Option<String>,
    /// Element ids the theme puts on every document page (`main`, `att-h`, …):
    /// `#fragment` links to them are not broken.
    pub page_ids: BTreeSet<String>,
    /// Working-day calendar (built-in notices + the site's `calendar/*.yaml` + site.yaml
    /// days, see [`Calendar::for_site`]); `None` = built-in notices + site.yaml days.
    pub calendar: Option<Calendar>,
}

/// The result of an inspection.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Sorted by rule (in [`CHECK_RULES`] order), file, line, message.
    pub findings: Vec<Finding>,
    /// Findings silenced by an allow comment.
    pub suppressed: Vec<Finding>,
    /// Problems with the allow comments themselves (unknown rule, no reason).
    pub notes: Vec<Diagnostic>,
    pub documents: usize,
    pub published: usize,
    pub columns: usize,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count()
    }

    pub fn warnings(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .count()
    }

    /// Exit code: 1 on any error, or on any warning when `deny_warnings`.
    pub fn exit_code(&self, deny_warnings: bool) -> u8 {
        u8::from(self.errors() > 0 || (deny_warnings && self.warnings() > 0))
    }
}

pub fn default_severity(rule: &str) -> Severity {
    DEFAULT_SEVERITY
        .iter()
        .find(|(r, _)| *r == rule)
        .map(|(_, s)| *s)
        .unwrap_or(Severity::Error)
}

fn rule_order(rule: &str) -> usize {
    CHECK_RULES
        .iter()
        .position(|r| *r == rule)
        .unwrap_or(usize::MAX)
}

/// Run every rule on `site` (whose `today` is the inspection date).
pub fn run(site: &Site, opts: &Options) -> Report {
    let mut raw = Vec::new();
    let cal = opts.calendar.clone().unwrap_or_else(|| {
        Calendar::with_site(
            &site.config.rules.holidays,
            &site.config.rules.extra_workdays,
        )
    });
    documents::check(site, &cal, &mut raw);
    numbers::check(site, &mut raw);
    links::check(site, &opts.page_ids, &mut raw);
    let col_allows = columns::allows_in_site_yaml(site, opts.site_yaml.as_deref());
    columns::check(site, &mut raw);
    bodies::check(site, &mut raw);
    annual_arithmetic::check(site, &mut raw);
    annual_continuity::check(site, &mut raw);
    annual_mismatch::check(site, &mut raw);
    catalog::check(site, &mut raw);
    placeholders::check(site, opts.site_yaml.as_deref(), &mut raw);

    let mut report = Report {
        documents: site.docs.len(),
        published: site.published.iter().filter(|p| **p).count(),
        columns: site.config.columns.len(),
        ..Report::default()
    };
    report.notes = allow_notes(site, &col_allows);
    for mut f in raw {
        match site.config.rule_level(f.rule) {
            Some("off") => continue,
            Some("warning") => f.severity = Severity::Warning,
            Some("error") => f.severity = Severity::Error,
            _ => {}
        }
        let allowed = match f.subject {
            Subject::Doc(i) => doc_allows(site, i, f.rule),
            Subject::Column(c) => {
                col_allows
                    .iter()
                    .any(|a| a.column == c && a.rule == f.rule && !a.reason.is_empty())
                    || columns::counted_docs(site, c)
                        .any(|i| site.published[i] && doc_allows(site, i, f.rule))
            }
            Subject::Body(_) => false,
            Subject::Catalog(_) => false,
            Subject::Site => false,
        };
        if allowed {
            report.suppressed.push(f);
        } else {
            report.findings.push(f);
        }
    }
    let key = |f: &Finding| {
        (
            rule_order(f.rule),
            f.file.clone(),
            f.line,
            f.message.clone(),
        )
    };
    report.findings.sort_by_key(key);
    report.suppressed.sort_by_key(key);
    report
}

/// An allow comment silences a rule only when it gives a reason.
fn doc_allows(site: &Site, i: usize, rule: &str) -> bool {
    site.docs[i]
        .allows
        .iter()
        .any(|a| a.rule == rule && !a.reason.is_empty())
}

fn allow_notes(site: &Site, col_allows: &[columns::ColumnAllow]) -> Vec<Diagnostic> {
    let mut notes = Vec::new();
    let mut note = |file: &Path, line: usize, rule: &str, reason: &str| {
        if !CHECK_RULES.contains(&rule) {
            notes.push(
                Diagnostic::warning(
                    file,
                    Some(line),
                    t!(
                        "`gongkai: allow({rule})` 中的检查规则不存在，不会屏蔽任何结果",
                        "`gongkai: allow({rule})` names an unknown check rule; it silences nothing"
                    ),
                )
                .help(crate::diag::suggest(rule, CHECK_RULES)),
            );
        } else if reason.is_empty() {
            notes.push(
                Diagnostic::warning(
                    file,
                    Some(line),
                    t!(
                        "`gongkai: allow({rule})` 没有写理由，不起作用",
                        "`gongkai: allow({rule})` has no reason (理由); it is ignored"
                    ),
                )
                .help(t!(
                    "在括号后写明理由，例如 `# gongkai: allow({rule}) 栏目按年度更新`",
                    "write why after the parenthesis, e.g. `# gongkai: allow({rule}) 栏目按年度更新`"
                )),
            );
        }
    };
    for d in &site.docs {
        for a in &d.allows {
            note(&d.file, a.line, &a.rule, &a.reason);
        }
    }
    for a in col_allows {
        note(Path::new("site.yaml"), a.line, &a.rule, &a.reason);
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_a_default_severity() {
        let ids: Vec<&str> = DEFAULT_SEVERITY.iter().map(|(r, _)| *r).collect();
        let mut a = ids.clone();
        let mut b = CHECK_RULES.to_vec();
        a.sort();
        b.sort();
        assert_eq!(a, b);
    }
}
