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
        let (r, d) = (
            root.display(),
            if drafts {
                gongkai::i18n::pick("，含草稿", ", with drafts")
            } else {
                ""
            },
        );
        eprintln!(
            "{}",
            gongkai::t!(
                "正在构建 {r}（今天 = {today}{d}）…",
                "Building {r} (today = {today}{d}) …"
            )
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
                let (p, n, all, out) = (
                    report.pages,
                    report.published,
                    report.documents,
                    output.display(),
                );
                let d = if drafts {
                    gongkai::i18n::pick(
                        "（含草稿：不要部署这次构建）",
                        " (drafts included: do not deploy this build)",
                    )
                } else {
                    ""
                };
                eprintln!(
                    "{}",
                    gongkai::t!(
                        "已生成 {p} 个页面（{all} 篇文档中已发布 {n} 篇），输出到 {out}{d}",
                        "Built {p} pages from {n} published of {all} documents into {out}{d}"
                    )
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
