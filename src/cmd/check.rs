//! `gongkai check`: load and validate the site (no output), run the inspection, print it.

use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::PathBuf;

use gongkai::build::load_site;
use gongkai::calendar::Calendar;
use gongkai::check::{self, Options, report};
use gongkai::render::Theme;

use super::{print_diagnostics, resolve_today};

pub fn run(root: PathBuf, today: Option<String>, format: &str, deny_warnings: bool) -> u8 {
    let today = match resolve_today(today.as_deref()) {
        Ok(t) => t,
        Err(c) => return c,
    };
    let (site, warnings) = match load_site(&root, today, false, &[]) {
        Ok(x) => x,
        Err(d) => {
            print_diagnostics(&d.items);
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
    print_diagnostics(&warnings);
    let calendar = match Calendar::for_site(&root, &site.config.rules) {
        Ok(c) => c,
        Err(d) => {
            print_diagnostics(&d);
            eprintln!("error: 节假日安排文件 (calendar/*.yaml) 有误，无法计算工作日；改正后再检查");
            return 1;
        }
    };
    let opts = Options {
        site_yaml: std::fs::read_to_string(root.join("site.yaml")).ok(),
        page_ids: page_ids(&root, &site.config.theme),
        calendar: Some(calendar),
    };
    let r = check::run(&site, &opts);
    print_diagnostics(&r.notes);
    if format == "json" {
        print!("{}", report::json(&r));
    } else {
        // no-color.org: any non-empty NO_COLOR disables colour.
        let color = std::io::stdout().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        print!("{}", report::human(&r, today, color));
    }
    r.exit_code(deny_warnings)
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
