//! `gongkai new`, `gongkai init`, `gongkai index-numbers`.
//!
//! Exit codes: 0 done; 1 the site is in the way (site.yaml errors, file exists, folder not
//! empty, documents that cannot be numbered, duplicate 索引号); 2 a bad argument (path not a
//! `.md` content path inside content/, undeclared column, unknown kind).

use std::path::{Path, PathBuf};

use gongkai::config::{self, SiteConfig};
use gongkai::dates::Date;
use gongkai::diag::{Diagnostic, suggest};
use gongkai::model::paths::slugify;
use gongkai::model::types::Kind;
use gongkai::scaffold::edit::{set_index_number, write_atomic};
use gongkai::scaffold::init::init_site;
use gongkai::scaffold::numbers::{self, Counters, unit_prefix};
use gongkai::scaffold::report::{Prefill, prefill};
use gongkai::scaffold::templates::{NewDoc, new_document, stem};

use super::{print_diagnostics, resolve_today};

fn load_config(root: &Path) -> Result<SiteConfig, u8> {
    config::load(root).map_err(|d| {
        print_diagnostics(root, &d);
        1
    })
}

/// Check a `gongkai new` path; returns the normalised content path (`a/b/c.md`).
fn content_path(arg: &str, cfg: &SiteConfig) -> Result<String, String> {
    let mut p = arg.replace('\\', "/");
    // Tab completion from the site root gives `content/…`; accept it unless `content` is a column.
    if let Some(rest) = p.strip_prefix("content/")
        && !cfg
            .columns
            .iter()
            .any(|c| c.path == "content" || c.path.starts_with("content/"))
    {
        p = rest.to_string();
    }
    if arg.contains('\\') || p.starts_with('/') || (p.len() > 1 && p.as_bytes()[1] == b':') {
        return Err(format!(
            "`{arg}` must be a path relative to content/, like fdzdgknr/gfxwj/2021-3.md"
        ));
    }
    if p.split('/').any(|s| s == ".." || s == "." || s.is_empty()) {
        return Err(format!(
            "`{arg}` must stay inside content/ (no `..`, `.` or empty parts)"
        ));
    }
    if !p.ends_with(".md") {
        let (dir, name) = p.rsplit_once('/').unwrap_or(("", &p));
        let stem = name.split_once('.').map(|(s, _)| s).unwrap_or(name);
        let want = if dir.is_empty() {
            format!("{stem}.md")
        } else {
            format!("{dir}/{stem}.md")
        };
        return Err(format!(
            "`{arg}` does not end in .md; documents are Markdown files, e.g. {want}"
        ));
    }
    let name = p.rsplit('/').next().unwrap_or(&p);
    if name.starts_with('.') {
        return Err(format!(
            "`{arg}`: files starting with `.` are hidden and never published"
        ));
    }
    if slugify(name.trim_end_matches(".md")).is_empty() {
        return Err(format!(
            "`{arg}`: the file name has no letters or digits to make a page URL from"
        ));
    }
    Ok(p)
}

/// `gongkai new <content path> [--kind K]`.
pub fn run_new(root: PathBuf, path: &str, kind: &str, today: Option<String>) -> u8 {
    let today = match resolve_today(today.as_deref()) {
        Ok(t) => t,
        Err(c) => return c,
    };
    let Some(kind) = Kind::from_cn(kind) else {
        eprintln!(
            "error: unknown kind (信息类别) `{kind}`\n   = help: {}",
            suggest(kind, Kind::NAMES)
        );
        return 2;
    };
    let cfg = match load_config(&root) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let rel = match content_path(path, &cfg) {
        Ok(r) => r,
        Err(msg) => {
            eprintln!("error: {msg}");
            return 2;
        }
    };
    let dir = rel.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    if cfg.column_index(dir).is_none() {
        let cols: Vec<&str> = cfg.columns.iter().map(|c| c.path.as_str()).collect();
        let list: Vec<String> = cfg
            .columns
            .iter()
            .map(|c| format!("{} ({})", c.path, c.title))
            .collect();
        let guess = gongkai::diag::did_you_mean(dir, cols.iter().copied())
            .map(|g| format!("did you mean `{g}`? "))
            .unwrap_or_default();
        let folder = if dir.is_empty() {
            "content/ itself".to_string()
        } else {
            format!("`{dir}`")
        };
        eprintln!(
            "error: {folder} is not a column declared in site.yaml\n   = help: {guess}documents go in a declared column folder: {}\n   = help: to add a column, list it under `columns:` in site.yaml (path + title)",
            list.join(", ")
        );
        return 2;
    }
    let file = root.join("content").join(&rel);
    if file.exists() {
        eprintln!(
            "error: content/{rel} already exists; gongkai new never overwrites a document\n   = help: choose another file name"
        );
        return 1;
    }
    if cfg.units.is_empty() {
        eprintln!("error: site.yaml lists no units, so the document has no issuer (发布机构)");
        return 1;
    }
    let body = cfg.body_of_dir(dir);
    // A body's annual report is issued by the body itself.
    let unit = match kind {
        Kind::AnnualReport => cfg.bodies[body].unit.unwrap_or(0),
        _ => 0,
    };
    let report = (kind == Kind::AnnualReport).then(|| report_prefill(&root, body, today));
    let scan = numbers::scan(&root, &cfg);
    let mut counters = Counters::from_scan(&scan);
    let number = counters
        .next(&unit_prefix(&cfg.units[unit]), today.year)
        .to_string();
    let text = new_document(&NewDoc {
        cfg: &cfg,
        rel: &rel,
        kind,
        today,
        unit,
        index_number: &number,
        decision_id: numbers::next_decision_id(&scan, today.year),
        interprets: (kind == Kind::Interpretation)
            .then(|| interpreted(&scan, &rel))
            .flatten(),
        report,
    });
    if let Some(parent) = file.parent()
        && let Err(e) = std::fs::create_dir_all(parent)
    {
        eprintln!("error: cannot create {}: {e}", parent.display());
        return 1;
    }
    // create_new: never clobber a file that appeared since the check above.
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&file)
        .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()));
    if let Err(e) = written {
        eprintln!("error: cannot write content/{rel}: {e}");
        return 1;
    }
    println!("Created content/{rel} ({}, 索引号 {number})", kind.cn());
    eprintln!(
        "next: fill in the title and choose `disclosure` (公开属性: 主动公开 | 依申请公开 | 不予公开);\n      the build refuses this document until you do. issuer is {} — change it if another unit issues it.",
        cfg.units[unit].name
    );
    0
}

/// What a new annual report on last year prefills from the site: 上年结转 from the body's
/// report on the year before, 行政规范性文件 from its published 规范性文件. A site that does
/// not load gets zeros (and a note why).
fn report_prefill(root: &Path, body: usize, today: Date) -> Prefill {
    match gongkai::build::load_site(root, today, false, &[]) {
        Ok((site, _)) => prefill(&site, body, today.year - 1),
        Err(d) => {
            eprintln!(
                "{}",
                gongkai::t!(
                    "注意：站点有 {n} 个错误，无法读取上一年度报告和规范性文件，统计表全部填 0（修正错误后可用 gongkai check 核对）",
                    "note: the site has {n} errors, so last year's report and the 规范性文件 could not be read; every figure is 0 (check again with gongkai check once fixed)",
                    n = d.error_count()
                )
            );
            Prefill::default()
        }
    }
}

/// The document a new 政策解读 `…/<stem>-jd.md` explains: the one document named `<stem>.md`
/// (the name `gongkai new` suggests in a policy document's `interpretation` comment).
fn interpreted(scan: &numbers::Scan, rel: &str) -> Option<String> {
    let base = stem(rel).strip_suffix("-jd")?;
    let mut hits = scan.docs.iter().filter(|d| stem(&d.rel) == base);
    let first = hits.next()?;
    hits.next().is_none().then(|| first.rel.clone())
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
                println!("created {}", dir.join(f).display());
            }
            eprintln!(
                "Created a site in {d}. Next: edit {d}/site.yaml (units, columns), then run `gongkai serve --root {d}`.",
                d = dir.display()
            );
            0
        }
        Err(e) => {
            eprintln!("error: {}", e.0);
            1
        }
    }
}

/// `gongkai index-numbers [--write]`.
pub fn run_index_numbers(root: PathBuf, write: bool) -> u8 {
    let cfg = match load_config(&root) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let scan = numbers::scan(&root, &cfg);
    let plan = numbers::plan(&cfg, &scan);
    let mut problems: Vec<Diagnostic> = plan.problems;
    let mut written = 0;
    for a in &plan.assignments {
        let unit = &cfg.units[a.unit].name;
        if !write {
            println!("{}\t{unit}\t{}\t{}", a.file.display(), a.year, a.number);
            continue;
        }
        let path = root.join(&a.file);
        let result = std::fs::read(&path)
            .map_err(|e| e.to_string())
            .and_then(|b| set_index_number(&b, &a.number).map_err(|e| e.0))
            .and_then(|out| write_atomic(&path, &out).map_err(|e| e.to_string()));
        match result {
            Ok(()) => {
                written += 1;
                println!(
                    "{}\t{unit}\t{}\t{}\twritten",
                    a.file.display(),
                    a.year,
                    a.number
                );
            }
            Err(msg) => problems.push(Diagnostic::error(
                &a.file,
                None,
                format!("index_number {} not written: {msg}", a.number),
            )),
        }
    }
    print_diagnostics(&root, &problems);
    let n = plan.assignments.len();
    if n == 0 {
        eprintln!("Every numberable document has an 索引号 (index_number).");
    } else if write {
        eprintln!(
            "Wrote {written} of {n} missing 索引号 (only the index_number line of each file changed)."
        );
    } else {
        eprintln!(
            "{n} document{} without 索引号 (file, unit, year, the number it would get); run with --write to fill them in.",
            if n == 1 { "" } else { "s" }
        );
    }
    if problems
        .iter()
        .any(|d| d.severity == gongkai::diag::Severity::Error)
    {
        1
    } else {
        0
    }
}
