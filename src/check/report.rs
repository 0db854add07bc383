//! Printing a [`Report`]: a compiler-style human report, or SPEC §5's JSON.

use std::fmt::Write as _;

use serde::Serialize;

use crate::check::{Finding, Report};
use crate::config::CHECK_RULES;
use crate::dates::Date;
use crate::diag::Severity;

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    severity: Severity,
    file: &'a str,
    line: Option<usize>,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonSummary {
    total: usize,
    errors: usize,
    warnings: usize,
    /// Findings silenced by `# gongkai: allow(rule) 理由` comments.
    suppressed: usize,
    /// Every rule id, with 0 when it found nothing.
    by_rule: std::collections::BTreeMap<&'static str, usize>,
}

#[derive(Serialize)]
struct Json<'a> {
    findings: Vec<JsonFinding<'a>>,
    summary: JsonSummary,
}

/// `{"findings": [{rule, severity, file, line, message}], "summary": {…}}`, pretty-printed,
/// with a final newline.
pub fn json(r: &Report) -> String {
    json_with_errors(r, &[])
}

/// [`json`] for a site with content errors (SPEC §5): each error is a finding first — rule
/// `broken-link` for a link or attachment to a missing file, `content-error` otherwise —
/// then the findings of the rules run on what parsed.
pub fn json_with_errors(r: &Report, errors: &[crate::diag::Diagnostic]) -> String {
    let files: Vec<String> = errors
        .iter()
        .map(|d| d.file.to_string_lossy().replace('\\', "/"))
        .collect();
    let content = errors.iter().zip(&files).map(|(d, file)| JsonFinding {
        rule: if d.broken_link {
            "broken-link"
        } else {
            "content-error"
        },
        severity: d.severity,
        file,
        line: d.line,
        message: &d.message,
    });
    let findings: Vec<JsonFinding> = content
        .chain(r.findings.iter().map(|f| JsonFinding {
            rule: f.rule,
            severity: f.severity,
            file: &f.file,
            line: f.line,
            message: &f.message,
        }))
        .collect();
    let by_rule = CHECK_RULES
        .iter()
        .chain(&["content-error"])
        .map(|&id| (id, findings.iter().filter(|f| f.rule == id).count()))
        .collect();
    let n_errors = errors
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let summary = JsonSummary {
        total: findings.len(),
        errors: r.errors() + n_errors,
        warnings: r.warnings() + errors.len() - n_errors,
        suppressed: r.suppressed.len(),
        by_rule,
    };
    let mut s =
        serde_json::to_string_pretty(&Json { findings, summary }).expect("check report serializes");
    s.push('\n');
    s
}

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

/// The human report: one block per finding (grouped by rule, as sorted), then a summary line.
pub fn human(r: &Report, today: Date, color: bool) -> String {
    let p = Paint { on: color };
    let mut out = String::new();
    let mut last_rule = "";
    for f in &r.findings {
        if f.rule != last_rule {
            let n = r.findings.iter().filter(|g| g.rule == f.rule).count();
            let _ = writeln!(out, "{}", p.wrap("1", &format!("── {} ({n}) ──", f.rule)));
            last_rule = f.rule;
        }
        finding(&mut out, f, &p);
    }
    let errors = r.errors();
    let warnings = r.warnings();
    let scope = format!(
        "{} documents ({} published), {} columns, today {today}",
        r.documents, r.published, r.columns
    );
    let suppressed = if r.suppressed.is_empty() {
        String::new()
    } else {
        format!("; {} suppressed by allow comments", r.suppressed.len())
    };
    if r.findings.is_empty() {
        let _ = writeln!(
            out,
            "{}: no findings ({scope}{suppressed})",
            p.wrap("1;32", "check")
        );
    } else {
        let rules = CHECK_RULES
            .iter()
            .filter(|id| r.findings.iter().any(|f| f.rule == **id))
            .count();
        let e = format!("{errors} error{}", if errors == 1 { "" } else { "s" });
        let w = format!("{warnings} warning{}", if warnings == 1 { "" } else { "s" });
        let e = if errors > 0 { p.wrap("1;31", &e) } else { e };
        let w = if warnings > 0 { p.wrap("1;33", &w) } else { w };
        let _ = writeln!(
            out,
            "{}: {e}, {w} from {rules} rule{} ({scope}{suppressed})",
            p.wrap("1", "check"),
            if rules == 1 { "" } else { "s" }
        );
    }
    out
}

fn finding(out: &mut String, f: &Finding, p: &Paint) {
    let (label, code) = match f.severity {
        Severity::Error => ("error", "1;31"),
        Severity::Warning => ("warning", "1;33"),
    };
    let _ = writeln!(
        out,
        "{}{} {}",
        p.wrap(code, &format!("{label}[{}]", f.rule)),
        p.wrap("1", ":"),
        f.message
    );
    let loc = match f.line {
        Some(l) => format!("{}:{l}", f.file),
        None => f.file.clone(),
    };
    let _ = writeln!(out, "  {} {loc}", p.wrap("1;34", "-->"));
    if let Some(h) = &f.help {
        let _ = writeln!(out, "   {} {h}", p.wrap("1;34", "= help:"));
    }
    out.push('\n');
}
