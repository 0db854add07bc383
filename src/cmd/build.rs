//! `gongkai build`.

use std::io::IsTerminal;
use std::path::PathBuf;

use gongkai::build::{BuildOptions, build_with};
use gongkai::engine::{Progress, Silent};

use super::{print_diagnostics, resolve_today};

pub fn run(
    root: PathBuf,
    output: Option<PathBuf>,
    today: Option<String>,
    drafts: bool,
    timings: bool,
    quiet: bool,
) -> u8 {
    let today = match resolve_today(today.as_deref()) {
        Ok(t) => t,
        Err(c) => return c,
    };
    let output = output.unwrap_or_else(|| root.join("public"));
    let opts = BuildOptions {
        root: root.clone(),
        output: output.clone(),
        today,
        drafts,
        base_path: None,
        exclude: Vec::new(),
        timings,
    };
    let progress = !quiet && std::io::stderr().is_terminal();
    if progress {
        eprintln!(
            "Building {} (today = {today}{}) …",
            root.display(),
            if drafts { ", with drafts" } else { "" }
        );
    }
    let result = if progress {
        let r = build_with(&opts, &Terminal);
        eprint!("\r\x1b[2K");
        r
    } else {
        build_with(&opts, &Silent)
    };
    match result {
        Ok(report) => {
            if !quiet {
                print_diagnostics(&root, &report.warnings);
            }
            if timings {
                for (stage, secs) in &report.timings {
                    eprintln!("  {stage:<28} {:>8.1} ms", secs * 1000.0);
                }
            }
            if !quiet {
                eprintln!(
                    "Built {} pages from {} published of {} documents into {}{}",
                    report.pages,
                    report.published,
                    report.documents,
                    output.display(),
                    if drafts {
                        " (drafts included: do not deploy this build)"
                    } else {
                        ""
                    }
                );
            }
            0
        }
        Err(f) => {
            print_diagnostics(&root, &f.diagnostics.items);
            let n = f.diagnostics.error_count();
            let out = output.display();
            let s = if n == 1 { "" } else { "s" };
            eprintln!(
                "error: {}",
                gongkai::t!(
                    "构建失败，共 {n} 个错误；{out} 保持原样未改动",
                    "build failed with {n} error{s}; {out} was left untouched"
                )
            );
            1
        }
    }
}

/// Stage progress on one terminal line.
struct Terminal;

impl Progress for Terminal {
    fn stage(&self, name: &'static str, secs: f64) {
        use std::io::Write as _;
        let mut e = std::io::stderr();
        let _ = write!(e, "\r\x1b[2K  done: {name} ({} ms)", (secs * 1000.0) as u64);
        let _ = e.flush();
    }
}
