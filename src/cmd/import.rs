//! `gongkai import <mirror dir>`: bring an existing column in (SPEC §10).
//!
//! Exit codes: 0 every mirror file handled; 1 some file failed (see the report) or site.yaml /
//! import.yaml errors; 2 bad arguments (no such mirror folder, no site.yaml).

use std::io::IsTerminal;
use std::path::PathBuf;

use gongkai::config;
use gongkai::import::{self, ImportError, Options, Status, report};

use super::print_diagnostics;

pub fn run(mirror: PathBuf, root: PathBuf, map: Option<PathBuf>, dry_run: bool) -> u8 {
    if !root.join("site.yaml").is_file() {
        let root_s = root.display();
        eprintln!(
            "error: {}",
            gongkai::t!(
                "在 `{root_s}` 中找不到 site.yaml\n   = help: 先用 `gongkai init <目录>` 建站，或用 --root 指向站点目录",
                "no site.yaml in `{root_s}`\n   = help: create a site with `gongkai init <dir>` first, or point --root at one"
            )
        );
        return 2;
    }
    let cfg = match config::load(&root) {
        Ok(c) => c,
        Err(d) => {
            print_diagnostics(&root, &d);
            return 1;
        }
    };
    let opts = Options {
        mirror,
        root: root.clone(),
        map,
        dry_run,
        progress: std::io::stderr().is_terminal(),
    };
    let out = match import::run(&opts, &cfg) {
        Ok(o) => o,
        Err(ImportError::Usage(m)) => {
            eprintln!("error: {m}");
            return 2;
        }
        Err(ImportError::Config(d)) => {
            print_diagnostics(&root, &d);
            return 1;
        }
        Err(ImportError::Io(m)) => {
            eprintln!("error: {m}");
            return 1;
        }
    };
    let write = |name: &str, text: &str| -> bool {
        match std::fs::write(root.join(name), text) {
            Ok(()) => true,
            Err(e) => {
                eprintln!(
                    "error: {}",
                    gongkai::t!("无法写入 {name}：{e}", "cannot write {name}: {e}")
                );
                false
            }
        }
    };
    let mut ok = write("import-report.json", &report::json(&out.entries))
        && write(
            "import-report.md",
            &report::markdown(&out.entries, &out.proposals, dry_run),
        );
    if !dry_run {
        ok = ok && write("redirects.csv", &report::redirects_csv(&out.redirects));
    }
    let count = |s: Status| out.entries.iter().filter(|e| e.status == s).count();
    let failed = count(Status::Failed);
    for e in out.entries.iter().filter(|e| e.status == Status::Failed) {
        let note = e.note.as_deref().unwrap_or("");
        let src = &e.source;
        eprintln!(
            "error: {}",
            gongkai::t!("{src}：导入失败：{note}", "{src}: import failed: {note}")
        );
    }
    let dry = if dry_run {
        gongkai::i18n::pick("（试运行）", "(dry run) ")
    } else {
        ""
    };
    let (files, imported, dup, skipped, written) = (
        out.entries.len(),
        count(Status::Imported),
        count(Status::Duplicate),
        count(Status::Skipped),
        out.written,
    );
    println!(
        "{}",
        gongkai::t!(
            "{dry}镜像 {files} 个文件：已导入 {imported}，重复 {dup}，跳过 {skipped}，失败 {failed}；写入文档 {written} 篇。详见 import-report.md",
            "{dry}{files} mirror files: {imported} imported, {dup} duplicate, {skipped} skipped, {failed} failed; {written} documents written. See import-report.md"
        )
    );
    if !out.proposals.columns.is_empty() || !out.proposals.units.is_empty() {
        println!(
            "{}",
            gongkai::i18n::pick(
                "有未映射的栏目或发布机构：import-report.md 中给出了 import.yaml 和 units 的建议写法。",
                "Some old columns or issuers are not mapped: import-report.md proposes import.yaml and units entries."
            )
        );
    }
    if failed > 0 || !ok { 1 } else { 0 }
}
