//! `gongkai build`.

use std::io::IsTerminal;
use std::path::PathBuf;

use gongkai::build::{BuildOptions, build};

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
    if !quiet && std::io::stderr().is_terminal() {
        gongkai::build::PROGRESS.store(true, std::sync::atomic::Ordering::Relaxed);
        eprintln!(
            "Building {} (today = {today}{}) …",
            root.display(),
            if drafts { ", with drafts" } else { "" }
        );
    }
    let result = build(&opts);
    if gongkai::build::PROGRESS.load(std::sync::atomic::Ordering::Relaxed) {
        eprint!("\r\x1b[2K");
    }
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
            if drafts {
                // Marker read by `gongkai deploy`, which refuses such builds.
                let _ = std::fs::write(output.join(".gongkai-drafts"), b"built with --drafts\n");
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
