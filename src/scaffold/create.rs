//! `gongkai new`: check the content path and column, take the next 索引号 (and decision id),
//! prefill an annual report, and write the new document — never over an existing file.
//! The command in `cmd/new.rs` only prints what this returns.

use std::path::Path;

use crate::config::SiteConfig;
use crate::dates::Date;
use crate::diag::{did_you_mean, suggest};
use crate::model::paths::slugify;
use crate::model::types::Kind;

use super::numbers::{self, Counters, unit_prefix};
use super::report::{Prefill, prefill};
use super::templates::{NewDoc, new_document, stem};

/// Why no document was created: a message, its helps, and the exit code (1 the site is in
/// the way, 2 a bad argument).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewError {
    pub code: u8,
    pub message: String,
    pub help: Vec<String>,
}

fn usage(message: String) -> NewError {
    NewError {
        code: 2,
        message,
        help: Vec::new(),
    }
}

fn blocked(message: String) -> NewError {
    NewError {
        code: 1,
        message,
        help: Vec::new(),
    }
}

/// A document `gongkai new` wrote.
#[derive(Debug, Clone)]
pub struct Created {
    /// Content path, e.g. `fdzdgknr/gfxwj/2021-3.md`.
    pub rel: String,
    pub kind: Kind,
    pub index_number: String,
    /// Name of the issuer written into it.
    pub issuer: String,
    /// Things worth telling the editor (e.g. why a report's figures are all 0).
    pub notes: Vec<String>,
}

/// Check a `gongkai new` path; returns the normalised content path (`a/b/c.md`).
pub fn content_path(arg: &str, cfg: &SiteConfig) -> Result<String, String> {
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
        return Err(t!(
            "`{arg}` 应是相对 content/ 的路径，例如 fdzdgknr/gfxwj/2021-3.md",
            "`{arg}` must be a path relative to content/, like fdzdgknr/gfxwj/2021-3.md"
        ));
    }
    if p.split('/').any(|s| s == ".." || s == "." || s.is_empty()) {
        return Err(t!(
            "`{arg}` 必须位于 content/ 之内（不能有 `..`、`.` 或空的路径段）",
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
        return Err(t!(
            "`{arg}` 不以 .md 结尾；文档是 Markdown 文件，例如 {want}",
            "`{arg}` does not end in .md; documents are Markdown files, e.g. {want}"
        ));
    }
    let name = p.rsplit('/').next().unwrap_or(&p);
    if name.starts_with('.') {
        return Err(t!(
            "`{arg}`：以 `.` 开头的文件是隐藏文件，不会发布",
            "`{arg}`: files starting with `.` are hidden and never published"
        ));
    }
    if slugify(name.trim_end_matches(".md")).is_empty() {
        return Err(t!(
            "`{arg}`：文件名中没有可用作页面地址的字母或数字",
            "`{arg}`: the file name has no letters or digits to make a page URL from"
        ));
    }
    Ok(p)
}

/// A 信息类别 given on the command line (Chinese name).
pub fn parse_kind(kind: &str) -> Result<Kind, NewError> {
    Kind::from_cn(kind).ok_or_else(|| NewError {
        code: 2,
        message: t!(
            "未知的信息类别（kind）`{kind}`",
            "unknown kind (信息类别) `{kind}`"
        ),
        help: vec![suggest(kind, Kind::NAMES)],
    })
}

/// Create `content/<path>` as a new document of kind `kind` (信息类别, Chinese name).
pub fn new_doc(
    root: &Path,
    cfg: &SiteConfig,
    path: &str,
    kind: &str,
    today: Date,
) -> Result<Created, NewError> {
    let kind = parse_kind(kind)?;
    let rel = content_path(path, cfg).map_err(usage)?;
    let dir = rel.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    if cfg.column_index(dir).is_none() {
        let cols: Vec<&str> = cfg.columns.iter().map(|c| c.path.as_str()).collect();
        let list: Vec<String> = cfg
            .columns
            .iter()
            .map(|c| format!("{} ({})", c.path, c.title))
            .collect();
        let guess = did_you_mean(dir, cols.iter().copied())
            .map(|g| format!("{} ", crate::diag::did_you_mean_text(g)))
            .unwrap_or_default();
        let folder = if dir.is_empty() {
            t!("content/ 本身", "content/ itself")
        } else {
            format!("`{dir}`")
        };
        let list = list.join(", ");
        return Err(NewError {
            code: 2,
            message: t!(
                "{folder} 不是 site.yaml 中声明的栏目",
                "{folder} is not a column declared in site.yaml"
            ),
            help: vec![
                t!(
                    "{guess}文档须放在已声明的栏目文件夹中：{list}",
                    "{guess}documents go in a declared column folder: {list}"
                ),
                t!(
                    "要新增栏目，请在 site.yaml 的 `columns:` 下列出它（path 和 title）",
                    "to add a column, list it under `columns:` in site.yaml (path + title)"
                ),
            ],
        });
    }
    let file = root.join("content").join(&rel);
    if file.exists() {
        return Err(NewError {
            code: 1,
            message: t!(
                "content/{rel} 已存在；gongkai new 从不覆盖已有文档",
                "content/{rel} already exists; gongkai new never overwrites a document"
            ),
            help: vec![t!("换一个文件名", "choose another file name")],
        });
    }
    if cfg.units.is_empty() {
        return Err(blocked(t!(
            "site.yaml 没有列出任何单位（units），新文档没有发布机构",
            "site.yaml lists no units, so the document has no issuer (发布机构)"
        )));
    }
    let body = cfg.body_of_dir(dir);
    // A body's annual report is issued by the body itself.
    let unit = match kind {
        Kind::AnnualReport => cfg.bodies[body].unit.unwrap_or(0),
        _ => 0,
    };
    let mut notes = Vec::new();
    let report =
        (kind == Kind::AnnualReport).then(|| report_prefill(root, body, today, &mut notes));
    let scan = numbers::scan(root, cfg);
    let mut counters = Counters::from_scan(&scan);
    let number = counters
        .next(&unit_prefix(&cfg.units[unit]), today.year)
        .to_string();
    let text = new_document(&NewDoc {
        cfg,
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
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent).map_err(|e| {
            blocked(t!(
                "无法创建 {p}：{e}",
                "cannot create {p}: {e}",
                p = parent.display()
            ))
        })?;
    }
    // create_new: never clobber a file that appeared since the check above.
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&file)
        .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
        .map_err(|e| {
            blocked(t!(
                "无法写入 content/{rel}：{e}",
                "cannot write content/{rel}: {e}"
            ))
        })?;
    Ok(Created {
        rel,
        kind,
        index_number: number,
        issuer: cfg.units[unit].name.clone(),
        notes,
    })
}

/// What a new annual report on last year prefills from the site: 上年结转 from the body's
/// report on the year before, 行政规范性文件 from its published 规范性文件. A site that does
/// not load gets zeros (and a note why).
fn report_prefill(root: &Path, body: usize, today: Date, notes: &mut Vec<String>) -> Prefill {
    match crate::build::load_site(root, today, false, &[]) {
        Ok((site, _)) => prefill(&site, body, today.year - 1),
        Err(d) => {
            notes.push(t!(
                "注意：站点有 {n} 个错误，无法读取上一年度报告和规范性文件，统计表全部填 0（修正错误后可用 gongkai check 核对）",
                "note: the site has {n} errors, so last year's report and the 规范性文件 could not be read; every figure is 0 (check again with gongkai check once fixed)",
                n = d.error_count()
            ));
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
