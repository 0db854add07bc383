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
        let ms = (secs * 1000.0) as u64;
        let _ = write!(
            e,
            "\r\x1b[2K  {}",
            gongkai::t!("完成：{name}（{ms} ms）", "done: {name} ({ms} ms)")
        );
        let _ = e.flush();
    }
}
