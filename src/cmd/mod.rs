//! One module per command; each returns the process exit code (0 ok, 1 content errors, 2 usage).

pub mod build;
pub mod check;
pub mod deploy;
pub mod import;
pub mod new;
pub mod schema;
pub mod serve;

use gongkai::dates::Date;
use std::path::Path;

use gongkai::diag::{Diagnostic, SourceRenderer};

/// `--today`, else SOURCE_DATE_EPOCH, else the system date. `Err` = usage error.
pub fn resolve_today(arg: Option<&str>) -> Result<Date, u8> {
    match arg {
        Some(s) => Date::parse(s).map_err(|e| {
            let (m, help) = (
                e.message,
                gongkai::i18n::pick("写作 --today 2021-12-31", "write --today 2021-12-31"),
            );
            eprintln!("error: --today `{s}`: {m}\n   = help: {help}");
            2
        }),
        None => Date::today().map_err(|msg| {
            let help = gongkai::i18n::pick(
                "设置 SOURCE_DATE_EPOCH=$(date +%s) 之类的秒数，或用 --today 2021-12-31 指定日期",
                "set SOURCE_DATE_EPOCH to seconds, e.g. $(date +%s), or give --today 2021-12-31",
            );
            eprintln!("error: {msg}\n   = help: {help}");
            2
        }),
    }
}

/// Print diagnostics to stderr with their source lines (files relative to `root`); colour
/// only where `anstream` finds it wanted (a terminal, no NO_COLOR).
pub fn print_diagnostics(root: &Path, items: &[Diagnostic]) {
    use std::io::Write;
    let mut r = SourceRenderer::new(root);
    let mut err = anstream::stderr().lock();
    for d in items {
        let _ = writeln!(err, "{}", r.render(d));
    }
}

/// Whether styled text written to stdout keeps its colour (the same reading of NO_COLOR,
/// CLICOLOR and the terminal as diagnostics on stderr).
pub fn stdout_color() -> bool {
    anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
}
