//! `gongkai new`, `gongkai init`, `gongkai index-numbers`.
//!
//! Exit codes: 0 done; 1 the site is in the way (site.yaml errors, file exists, folder not
//! empty, documents that cannot be numbered, duplicate 索引号); 2 a bad argument (path not a
//! `.md` content path inside content/, undeclared column, unknown kind).

use std::path::{Path, PathBuf};

use gongkai::config::{self, SiteConfig};
use gongkai::diag::{Diagnostic, Severity};
use gongkai::scaffold::create::{NewError, new_doc, parse_kind};
use gongkai::scaffold::init::init_site;
use gongkai::scaffold::numbers;
use gongkai::scaffold::published::{self, Source};
use gongkai::t;

use super::{print_diagnostics, resolve_today};

fn load_config(root: &Path) -> Result<SiteConfig, u8> {
    config::load(root).map_err(|d| {
        print_diagnostics(root, &d);
        1
    })
}

fn print_error(e: &NewError) {
    eprintln!("error: {}", e.message);
    for h in &e.help {
        eprintln!("   = help: {h}");
    }
}

/// `gongkai new <content path> [--kind K]`.
pub fn run_new(root: PathBuf, path: &str, kind: &str, today: Option<String>) -> u8 {
    let today = match resolve_today(today.as_deref()) {
        Ok(t) => t,
        Err(c) => return c,
    };
    // Before site.yaml: a bad argument is reported even outside a site.
    if let Err(e) = parse_kind(kind) {
        print_error(&e);
        return e.code;
    }
    let cfg = match load_config(&root) {
        Ok(c) => c,
        Err(code) => return code,
    };
    match new_doc(&root, &cfg, path, kind, today) {
        Ok(c) => {
            for n in &c.notes {
                eprintln!("{n}");
            }
            let (rel, k, number, issuer) = (&c.rel, c.kind.cn(), &c.index_number, &c.issuer);
            println!(
                "{}",
                t!(
                    "已创建 content/{rel}（{k}，索引号 {number}）",
                    "Created content/{rel} ({k}, 索引号 {number})"
                )
            );
            eprintln!(
                "{}",
                t!(
                    "下一步：填写标题，并选择 `disclosure`（公开属性：主动公开 | 依申请公开 | 不予公开）；\n      选定之前构建会拒绝本文档。发布机构为 {issuer}——如由其他单位发布，请修改。",
                    "next: fill in the title and choose `disclosure` (公开属性: 主动公开 | 依申请公开 | 不予公开);\n      the build refuses this document until you do. issuer is {issuer} — change it if another unit issues it."
                )
            );
            0
        }
        Err(e) => {
            print_error(&e);
            e.code
        }
    }
}

/// `gongkai init <dir>`.
pub fn run_init(dir: &Path) -> u8 {
    let today = match super::resolve_today(None) {
        Ok(t) => t,
        Err(code) => return code,
    };
    match init_site(dir, today) {
        Ok(files) => {
            for f in &files {
                println!(
                    "{}",
                    t!("已创建 {f}", "created {f}", f = dir.join(f).display())
                );
            }
            eprintln!(
                "{}",
                t!(
                    "已在 {d} 创建站点。下一步：编辑 {d}/site.yaml（单位、栏目，以及 `gongkai check` 提示的占位内容），再运行 `gongkai serve --root {d}`。",
                    "Created a site in {d}. Next: edit {d}/site.yaml (units, columns, and the placeholders `gongkai check` points out), then run `gongkai serve --root {d}`.",
                    d = dir.display()
                )
            );
            0
        }
        Err(e) => {
            eprintln!("error: {}", e.0);
            1
        }
    }
}

/// `gongkai index-numbers [--write] [--target NAME | --manifests PATH]`.
pub fn run_index_numbers(
    root: PathBuf,
    write: bool,
    target: Option<String>,
    manifests: Option<PathBuf>,
) -> u8 {
    let cfg = match load_config(&root) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let scan = numbers::scan(&root, &cfg);
    let mut problems: Vec<Diagnostic> = Vec::new();
    // The manifests are read only when there is a duplicate to resolve.
    let published = if numbers::has_duplicates(&scan) || manifests.is_some() || target.is_some() {
        let source = match &manifests {
            Some(p) => Source::Files(p),
            None => Source::Target(target.as_deref()),
        };
        match published::load(&cfg, source) {
            Ok(p) => Some(p),
            Err(e) => {
                problems.push(
                    Diagnostic::error("site.yaml", None, t!(
                        "无法读取发布清单，不知道哪篇已上线，因此不处理重复的索引号：{e}",
                        "cannot read the release manifests, so which document has been online is unknown and duplicate 索引号 are left alone: {e}"
                    ))
                    .help(t!(
                        "检查与部署目标的连接，或用 `--manifests <文件或文件夹>` 指定发布清单的副本（部署目标上的 manifests/*.json）",
                        "check the connection to the deploy target, or give a copy of its manifests/*.json with `--manifests <file or folder>`"
                    )),
                );
                None
            }
        }
    } else {
        Some(Default::default())
    };
    let plan = numbers::plan(
        &cfg,
        &scan,
        published.as_ref().unwrap_or(&Default::default()),
    );
    problems.extend(plan.problems);
    let mut written = 0;
    let mut renumbered = 0;
    let mut notes = Vec::new();
    for a in &plan.assignments {
        // Without manifests a duplicate is not resolved: it could be the published one.
        if a.replaces.is_some() && published.is_none() {
            continue;
        }
        let unit = &cfg.units[a.unit].name;
        let (file, year, number) = (a.file.display(), a.year, &a.number);
        let line = format!("{file}\t{unit}\t{year}\t{number}");
        if !write {
            match &a.replaces {
                None => println!("{line}"),
                Some((old, why)) => {
                    println!(
                        "{line}\t{}",
                        t!("替换重复的 {old}", "replaces duplicate {old}")
                    );
                    let at = scan
                        .docs
                        .iter()
                        .find(|d| d.rel == a.rel)
                        .and_then(|d| d.index_number.as_ref().map(|(_, l)| *l));
                    problems.push(
                        Diagnostic::error(&a.file, at, t!(
                            "索引号 `{old}` 重复；`--write` 会把本篇改为 {number}：{why}",
                            "索引号 `{old}` is a duplicate; `--write` renumbers this one to {number}: {why}"
                        ))
                        .help(t!(
                            "运行 `gongkai index-numbers --write`",
                            "run `gongkai index-numbers --write`"
                        )),
                    );
                }
            }
            continue;
        }
        match numbers::write(&root, a) {
            Ok(()) => {
                written += 1;
                match &a.replaces {
                    None => println!("{line}\t{}", t!("已写入", "written")),
                    Some((old, why)) => {
                        renumbered += 1;
                        println!(
                            "{line}\t{}",
                            t!("已改号（原 {old}）", "renumbered (was {old})")
                        );
                        notes.push(t!(
                            "{file}：索引号 {old} 重复，已改为 {number}。{why}",
                            "{file}: duplicate 索引号 {old} changed to {number}. {why}"
                        ));
                    }
                }
            }
            Err(msg) => problems.push(Diagnostic::error(
                &a.file,
                None,
                t!(
                    "索引号 {number} 未写入：{msg}",
                    "index_number {number} not written: {msg}"
                ),
            )),
        }
    }
    print_diagnostics(&root, &problems);
    for n in &notes {
        eprintln!("{n}");
    }
    let missing = plan
        .assignments
        .iter()
        .filter(|a| a.replaces.is_none())
        .count();
    let duplicates = plan.assignments.len() - missing;
    if !write && duplicates > 0 {
        eprintln!(
            "{}",
            t!(
                "{missing} 篇文档缺索引号，{duplicates} 篇文档的索引号与他篇重复（文件、单位、年份、将分配的号）；加 --write 写入。",
                "{missing} document(s) without 索引号 and {duplicates} with a duplicate one (file, unit, year, the number it would get); run with --write to write them."
            )
        );
    } else if missing == 0 && renumbered == 0 {
        eprintln!(
            "{}",
            t!(
                "可编号的文档都已有索引号（index_number）。",
                "Every numberable document has an 索引号 (index_number)."
            )
        );
    } else if write {
        let n = plan.assignments.len();
        eprintln!(
            "{}",
            t!(
                "已写入 {written}/{n} 个索引号（其中 {renumbered} 个为重复号改号；每个文件只改动 index_number 一行）。",
                "Wrote {written} of {n} 索引号 ({renumbered} of them renumbered duplicates; only the index_number line of each file changed)."
            )
        );
    } else if missing > 0 {
        eprintln!(
            "{}",
            t!(
                "{missing} 篇文档没有索引号（文件、单位、年份、将分配的号）；加 --write 写入。",
                "{missing} document(s) without 索引号 (file, unit, year, the number it would get); run with --write to fill them in."
            )
        );
    }
    if problems.iter().any(|d| d.severity == Severity::Error) {
        1
    } else {
        0
    }
}

/// `gongkai new-body <name> --kind 部门|镇街 --path bm/jtj`.
pub fn run_new_body(root: &Path, name: &str, kind: &str, path: &str, today: Option<String>) -> u8 {
    let today = match resolve_today(today.as_deref()) {
        Ok(t) => t,
        Err(code) => return code,
    };
    match gongkai::scaffold::body::new_body(root, name, kind, path, today) {
        Ok(files) => {
            for f in &files {
                println!("{}", root.join(f).display());
            }
            eprintln!(
                "{}",
                t!(
                    "已添加 {name} 的信息公开栏目（/{path}/）。请在 site.yaml 中为它补充 `contact`（地址、电话、邮箱、办公时间），并把示例文档改为本单位的实际内容。",
                    "Added the disclosure section of {name} (/{path}/). Add its `contact` (address, phone, email, hours) in site.yaml and replace the starter documents with real ones."
                )
            );
            0
        }
        Err(e) => {
            eprintln!("error: {}", e.0);
            1
        }
    }
}
