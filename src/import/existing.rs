//! What is already in `content/`: the importer never overwrites a document (SPEC §10).

use std::collections::HashMap;
use std::path::Path;

use crate::frontmatter::{self, Yaml};

/// Existing documents by path, 索引号 and 文号+title.
#[derive(Debug, Default)]
pub struct Existing {
    pub paths: std::collections::HashSet<String>,
    pub by_index: HashMap<String, String>,
    pub by_number_title: HashMap<(String, String), String>,
}

fn norm(s: &str) -> String {
    super::meta::normalize(s).replace(' ', "")
}

/// Scan `content/` (missing folder = empty site).
pub fn scan(content: &Path) -> Existing {
    let mut ex = Existing::default();
    let mut files: Vec<_> = walkdir::WalkDir::new(content)
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .collect();
    files.sort_by(|a, b| a.path().cmp(b.path()));
    for e in files {
        let Ok(rel) = e.path().strip_prefix(content) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        ex.paths.insert(rel.clone());
        if !rel.ends_with(".md") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(e.path()) else {
            continue;
        };
        let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
        let Ok(split) = frontmatter::split(&text) else {
            continue;
        };
        let Ok(node) = frontmatter::parse(split.yaml, split.yaml_line) else {
            continue;
        };
        let Yaml::Map(m) = node.value else { continue };
        let get = |en: &str, zh: &str| {
            m.iter()
                .find(|(k, _)| k == en || k == zh)
                .and_then(|(_, v)| v.value.as_scalar())
                .filter(|s| !s.trim().is_empty())
        };
        if let Some(i) = get("index_number", "索引号") {
            ex.by_index.entry(norm(&i)).or_insert_with(|| rel.clone());
        }
        if let (Some(n), Some(t)) = (get("doc_number", "文号"), get("title", "标题")) {
            ex.by_number_title
                .entry((norm(&n), norm(&t)))
                .or_insert_with(|| rel.clone());
        }
    }
    ex
}

impl Existing {
    /// Why a new document would collide, and with which existing file.
    pub fn collision(
        &self,
        path: &str,
        index: Option<&str>,
        number: Option<&str>,
        title: &str,
    ) -> Option<(String, &'static str)> {
        if self.paths.contains(path) {
            return Some((path.to_string(), "目标路径已存在文件"));
        }
        if let Some(i) = index
            && let Some(p) = self.by_index.get(&norm(i))
        {
            return Some((p.clone(), "已有相同索引号的文档"));
        }
        if let Some(n) = number
            && let Some(p) = self.by_number_title.get(&(norm(n), norm(title)))
        {
            return Some((p.clone(), "已有相同文号和标题的文档"));
        }
        None
    }
}
