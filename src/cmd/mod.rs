//! One module per command; each returns the process exit code (0 ok, 1 content errors, 2 usage).

pub mod build;
pub mod check;
pub mod deploy;
pub mod import;
pub mod new;
pub mod serve;

use gongkai::dates::Date;
use gongkai::diag::{Diagnostic, Severity};

/// `--today`, else SOURCE_DATE_EPOCH, else the system date. `Err` = usage error.
pub fn resolve_today(arg: Option<&str>) -> Result<Date, u8> {
    match arg {
        Some(s) => Date::parse(s).map_err(|e| {
            eprintln!(
                "error: --today `{s}`: {}\n   = help: write --today 2021-12-31",
                e.message
            );
            2
        }),
        None => Ok(Date::today()),
    }
}

/// Print diagnostics to stderr, colouring the label on a terminal.
pub fn print_diagnostics(items: &[Diagnostic]) {
    use std::io::IsTerminal;
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for d in items {
        let text = d.to_string();
        if color {
            let (label, code) = match d.severity {
                Severity::Error => ("error", "\x1b[1;31m"),
                Severity::Warning => ("warning", "\x1b[1;33m"),
            };
            eprintln!(
                "{}\n",
                text.replacen(label, &format!("{code}{label}\x1b[0m"), 1)
            );
        } else {
            eprintln!("{text}\n");
        }
    }
}
