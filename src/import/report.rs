//! `import-report.json`, `import-report.md` and `redirects.csv` (SPEC §10).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

/// What happened to a mirror file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Imported,
    Duplicate,
    Skipped,
    Failed,
}

impl Status {
    pub fn cn(self) -> &'static str {
        match self {
            Status::Imported => "已导入",
            Status::Duplicate => "重复",
            Status::Skipped => "跳过",
            Status::Failed => "失败",
        }
    }
}

/// One row of import-report.json: one per mirror file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub source: String,
    pub url: Option<String>,
    pub status: Status,
    pub document: Option<String>,
    pub encoding: Option<String>,
    pub inferred: Vec<String>,
    pub unmapped: Vec<String>,
    pub note: Option<String>,
}

/// Suggestions for a map that does not cover everything yet.
#[derive(Debug, Clone, Default)]
pub struct Proposals {
    /// Old column (name or URL prefix) → proposed folder, with the number of documents.
    pub columns: BTreeMap<String, (String, usize)>,
    /// Issuer strings no unit matches → number of documents.
    pub units: BTreeMap<String, usize>,
    /// Folders documents went to that site.yaml does not declare.
    pub undeclared_columns: BTreeMap<String, usize>,
}

pub fn json(entries: &[Entry]) -> String {
    let mut s = serde_json::to_string_pretty(entries).unwrap_or_else(|_| "[]".into());
    s.push('\n');
    s
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

pub fn redirects_csv(redirects: &[(String, String)]) -> String {
    let mut s = String::from("old_url,new_url\n");
    for (a, b) in redirects {
        let _ = writeln!(s, "{},{}", csv_field(a), csv_field(b));
    }
    s
}

fn yaml_key(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// The readable report.
pub fn markdown(entries: &[Entry], p: &Proposals, dry_run: bool) -> String {
    let mut s = String::from("# 导入报告\n\n");
    if dry_run {
        s.push_str("（试运行 `--dry-run`：未写入任何文档。）\n\n");
    }
    let count = |st: Status| entries.iter().filter(|e| e.status == st).count();
    let _ = writeln!(
        s,
        "镜像共 {} 个文件：已导入 {}，重复 {}，跳过 {}，失败 {}。\n",
        entries.len(),
        count(Status::Imported),
        count(Status::Duplicate),
        count(Status::Skipped),
        count(Status::Failed)
    );
    let docs = entries
        .iter()
        .filter(|e| {
            e.status == Status::Imported
                && e.document.as_deref().is_some_and(|d| d.ends_with(".md"))
                && (is_page(e) || e.note.as_deref().is_some_and(|n| n.starts_with("PDF-only")))
        })
        .count();
    let _ = writeln!(s, "新建文档 {docs} 篇。完整清单见 `import-report.json`。\n");

    if !p.columns.is_empty() {
        s.push_str("## 建议的栏目映射\n\n以下旧栏目没有在 import.yaml 中映射，文档暂时放入建议的文件夹。确认或修改后写入 `import.yaml` 再导入一次（先删除本次导入的文档，或用 `--dry-run` 预览）：\n\n```yaml\ncolumns:\n");
        for (k, (folder, n)) in &p.columns {
            let _ = writeln!(s, "  {}: {}   # {} 篇", yaml_key(k), folder, n);
        }
        s.push_str("```\n\n");
    }
    if !p.undeclared_columns.is_empty() {
        s.push_str("## site.yaml 尚未声明的栏目\n\n在 `site.yaml` 的 `columns:` 中加入（标题请按实际栏目名称修改）：\n\n```yaml\ncolumns:\n");
        for (folder, n) in &p.undeclared_columns {
            let _ = writeln!(s, "  - path: {folder}   # {n} 篇\n    title: {folder}");
        }
        s.push_str("```\n\n");
    }
    if !p.units.is_empty() {
        s.push_str("## 未识别的发布机构\n\n以下发布机构不在 `site.yaml` 的 `units:` 中。把它们加为单位（或别名），或在 `import.yaml` 的 `units:` 中映射到已有单位：\n\n```yaml\nunits:\n");
        for (k, n) in &p.units {
            let _ = writeln!(s, "  - name: {}   # {} 篇", yaml_key(k), n);
        }
        s.push_str("```\n\n");
    }
    let section = |s: &mut String, title: &str, rows: Vec<&Entry>| {
        if rows.is_empty() {
            return;
        }
        let _ = writeln!(s, "## {title}（{}）\n", rows.len());
        s.push_str("| 文件 | 文档 | 说明 |\n|---|---|---|\n");
        for e in rows {
            let mut what: Vec<String> = Vec::new();
            if !e.unmapped.is_empty() {
                what.push(format!("未映射：{}", e.unmapped.join("、")));
            }
            if !e.inferred.is_empty() {
                what.push(format!("推断：{}", e.inferred.join("、")));
            }
            if let Some(n) = &e.note {
                what.push(n.clone());
            }
            let _ = writeln!(
                s,
                "| {} | {} | {} |",
                cell(&e.source),
                cell(e.document.as_deref().unwrap_or("")),
                cell(&what.join("；"))
            );
        }
        s.push('\n');
    };
    section(
        &mut s,
        "失败",
        entries
            .iter()
            .filter(|e| e.status == Status::Failed)
            .collect(),
    );
    section(
        &mut s,
        "需要补充的文档",
        entries
            .iter()
            .filter(|e| {
                e.status == Status::Imported && (!e.unmapped.is_empty() || !e.inferred.is_empty())
            })
            .collect(),
    );
    section(
        &mut s,
        "PDF-only 条目",
        entries
            .iter()
            .filter(|e| e.note.as_deref().is_some_and(|n| n.starts_with("PDF-only")))
            .collect(),
    );
    section(
        &mut s,
        "重复",
        entries
            .iter()
            .filter(|e| e.status == Status::Duplicate)
            .collect(),
    );
    section(
        &mut s,
        "跳过的页面",
        entries
            .iter()
            .filter(|e| e.status == Status::Skipped && is_page(e))
            .collect(),
    );
    s
}

fn is_page(e: &Entry) -> bool {
    let l = e.source.to_ascii_lowercase();
    [
        "html", "htm", "shtml", "xhtml", "jhtml", "jsp", "php", "asp", "aspx",
    ]
    .iter()
    .any(|x| l.ends_with(&format!(".{x}")))
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}
