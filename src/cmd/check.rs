//! `gongkai check`: load and validate the site (no output), run the inspection, print it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use gongkai::build::{load_site, load_site_partial};
use gongkai::calendar::Calendar;
use gongkai::check::{self, Options, report};
use gongkai::dates::Date;
use gongkai::diag::{Diagnostic, Severity};
use gongkai::render::Theme;

use super::{print_diagnostics, resolve_today};

pub fn run(root: PathBuf, today: Option<String>, format: &str, deny_warnings: bool) -> u8 {
    let today = match resolve_today(today.as_deref()) {
        Ok(t) => t,
        Err(c) => return c,
    };
    if format == "json" {
        return run_json(&root, today, deny_warnings);
    }
    let (site, warnings) = match load_site(&root, today, false, &[]) {
        Ok(x) => x,
        Err(d) => {
            print_diagnostics(&root, &d.items);
            let n = d.error_count();
            let s = if n == 1 { "" } else { "s" };
            eprintln!(
                "error: {}",
                gongkai::t!(
                    "网站无法构建（共 {n} 个错误）；请先改正这些错误，再进行检查",
                    "the site does not build ({n} error{s}); fix these before it can be inspected"
                )
            );
            return 1;
        }
    };
    print_diagnostics(&root, &warnings);
    let calendar = match Calendar::for_site(&root, &site.config.rules) {
        Ok(c) => c,
        Err(d) => {
            print_diagnostics(&root, &d);
            eprintln!(
                "error: {}",
                gongkai::t!(
                    "节假日安排文件（calendar/*.yaml）有误，无法计算工作日；改正后再检查",
                    "the holiday calendar (calendar/*.yaml) has errors, so working days cannot be counted; fix it and check again"
                )
            );
            return 1;
        }
    };
    let opts = Options {
        site_yaml: std::fs::read_to_string(root.join("site.yaml")).ok(),
        page_ids: page_ids(&root, &site.config.theme),
        calendar: Some(calendar),
    };
    let r = check::run(&site, &opts);
    print_diagnostics(&root, &r.notes);
    print!("{}", report::human(&r, today, super::stdout_color()));
    r.exit_code(deny_warnings)
}

/// `check --format json`: always prints the JSON report (SPEC §5). Content errors become
/// findings, and the rules still run on every document that parsed.
fn run_json(root: &Path, today: Date, deny_warnings: bool) -> u8 {
    let (site, diags) = match load_site_partial(root, today) {
        Ok(x) => x,
        Err(d) => {
            // site.yaml itself is broken: nothing to inspect, but still a report.
            print_diagnostics(root, &d.items);
            print!(
                "{}",
                report::json_with_errors(&check::Report::default(), &d.items)
            );
            return 1;
        }
    };
    print_diagnostics(root, &diags);
    let mut errors: Vec<Diagnostic> = diags
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    let calendar = match Calendar::for_site(root, &site.config.rules) {
        Ok(c) => Some(c),
        Err(d) => {
            print_diagnostics(root, &d);
            errors.extend(d);
            None
        }
    };
    let opts = Options {
        site_yaml: std::fs::read_to_string(root.join("site.yaml")).ok(),
        page_ids: page_ids(root, &site.config.theme),
        calendar,
    };
    let r = check::run(&site, &opts);
    print_diagnostics(root, &r.notes);
    print!("{}", report::json_with_errors(&r, &errors));
    if errors.is_empty() {
        r.exit_code(deny_warnings)
    } else {
        1
    }
}

/// Ids the theme gives every document page (base layout, page template, partials), so
/// `[附件](#att-h)` is not reported as a broken anchor.
fn page_ids(root: &std::path::Path, theme: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    if let Ok(t) = Theme::load(root, theme) {
        for (name, src) in &t.templates {
            if name == "base.html" || name == "page.html" || name.starts_with('_') {
                check::html_ids(src, &mut ids);
            }
        }
    }
    ids
}
