//! `import.yaml`: the old site's columns → content folders (and kinds), issuer strings →
//! units (SPEC §10).
//!
//! ```yaml
//! columns:
//!   "通知公告": xwdt/tzgg                                    # by ColumnName / list title
//!   "/col/col123/": {path: fdzdgknr/gfxwj, kind: 规范性文件}  # by URL prefix
//! units:
//!   "区府办": 罗庄区人民政府办公室
//! ```

use std::path::Path;

use crate::config::KINDS;
use crate::diag::{Diagnostic, suggest};
use crate::frontmatter::{self, Yaml};
use crate::model::paths::normalize_rel;

/// Where an old column goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub path: String,
    pub kind: Option<String>,
}

/// The parsed map.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportMap {
    /// (key as written, target): names and URL prefixes in file order.
    pub columns: Vec<(String, Target)>,
    pub units: Vec<(String, String)>,
}

impl ImportMap {
    /// The column mapped by this old column name.
    pub fn by_name(&self, name: &str) -> Option<&Target> {
        let n = name.trim();
        self.columns
            .iter()
            .find(|(k, _)| !is_url_key(k) && k.trim() == n)
            .map(|(_, t)| t)
    }

    /// The column whose URL prefix is the longest prefix of this address (`host/path` key or
    /// just its path).
    pub fn by_url(&self, host: &str, path: &str) -> Option<&Target> {
        let full = format!("{host}{path}");
        self.columns
            .iter()
            .filter(|(k, _)| is_url_key(k))
            .filter_map(|(k, t)| {
                let k = strip_scheme(k);
                (path.starts_with(k.as_str()) || full.starts_with(k.as_str()))
                    .then_some((k.len(), t))
            })
            .max_by_key(|(n, _)| *n)
            .map(|(_, t)| t)
    }

    pub fn unit(&self, s: &str) -> Option<&str> {
        self.units
            .iter()
            .find(|(k, _)| k.trim() == s.trim())
            .map(|(_, v)| v.as_str())
    }
}

pub fn is_url_key(k: &str) -> bool {
    k.starts_with('/') || k.starts_with("http://") || k.starts_with("https://")
}

fn strip_scheme(k: &str) -> String {
    let k = k.trim();
    let k = k
        .strip_prefix("http://")
        .or_else(|| k.strip_prefix("https://"))
        .unwrap_or(k);
    if let Some(i) = k.find('/')
        && !k.starts_with('/')
    {
        format!("{}{}", k[..i].to_ascii_lowercase(), &k[i..])
    } else {
        k.to_string()
    }
}

/// Read and validate the map; every problem as a diagnostic with file:line.
pub fn load(path: &Path, shown: &str) -> Result<ImportMap, Vec<Diagnostic>> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        vec![Diagnostic::error(
            shown,
            None,
            t!("无法读取映射文件：{e}", "cannot read the map file: {e}"),
        )]
    })?;
    parse(&text, shown)
}

pub fn parse(text: &str, shown: &str) -> Result<ImportMap, Vec<Diagnostic>> {
    let node = frontmatter::parse(text, 1).map_err(|e| {
        vec![Diagnostic::error(shown, Some(e.line), {
            let m = &e.message;
            t!("YAML 语法错误：{m}", "YAML syntax error: {m}")
        })]
    })?;
    let mut diags = Vec::new();
    let mut map = ImportMap::default();
    let Yaml::Map(top) = node.value else {
        if matches!(node.value, Yaml::Null) {
            return Ok(map);
        }
        return Err(vec![Diagnostic::error(
            shown,
            Some(node.line),
            t!(
                "import.yaml 应为映射，包含 `columns:` 和/或 `units:`",
                "import.yaml must be a mapping with `columns:` and/or `units:`"
            ),
        )]);
    };
    for (key, val) in top {
        match key.as_str() {
            "columns" => {
                match val.value {
                    Yaml::Map(entries) => {
                        for (k, v) in entries {
                            match v.value {
                            Yaml::Str(p) => match normalize_rel(&p) {
                                Some(p) => map.columns.push((
                                    k,
                                    Target {
                                        path: p,
                                        kind: None,
                                    },
                                )),
                                None => diags.push(Diagnostic::error(
                                    shown,
                                    Some(v.line),
                                    t!("栏目 `{k}` 的目标 `{p}` 不是 content/ 下的文件夹", "column `{k}`: target `{p}` is not a folder under content/"),
                                )),
                            },
                            Yaml::Map(fields) => {
                                let mut path = None;
                                let mut kind = None;
                                for (fk, fv) in fields {
                                    match (fk.as_str(), fv.value.as_scalar()) {
                                        ("path", Some(p)) => path = normalize_rel(&p),
                                        ("kind", Some(kd)) => {
                                            if KINDS.contains(&kd.as_str()) {
                                                kind = Some(kd)
                                            } else {
                                                diags.push(Diagnostic::error(
                                                    shown,
                                                    Some(fv.line),
                                                    { let s = suggest(&kd, KINDS); t!("未知的信息类别 `{kd}`{s}", "unknown kind `{kd}`{s}") },
                                                ))
                                            }
                                        }
                                        (other, _) => diags.push(Diagnostic::error(
                                            shown,
                                            Some(fv.line),
                                            { let s = suggest(other, &["path", "kind"]); t!("栏目映射中的未知键 `{other}`{s}", "unknown key `{other}` in a column mapping{s}") },
                                        )),
                                    }
                                }
                                match path {
                                    Some(p) => map.columns.push((k, Target { path: p, kind })),
                                    None => diags.push(Diagnostic::error(
                                        shown,
                                        Some(v.line),
                                        t!("栏目 `{k}` 缺少 `path`（content/ 下的文件夹）", "column `{k}` has no `path` (a folder under content/)"),
                                    )),
                                }
                            }
                            _ => diags.push(Diagnostic::error(
                                shown,
                                Some(v.line),
                                t!("栏目 `{k}` 应映射到文件夹，或 {{path: …, kind: …}}", "column `{k}` must map to a folder, or {{path: …, kind: …}}"),
                            )),
                        }
                        }
                    }
                    Yaml::Null => {}
                    _ => diags.push(Diagnostic::error(
                        shown,
                        Some(val.line),
                        t!(
                            "`columns:` 应为映射：旧栏目 → 文件夹",
                            "`columns:` must be a mapping: old column → folder"
                        ),
                    )),
                }
            }
            "units" => match val.value {
                Yaml::Map(entries) => {
                    for (k, v) in entries {
                        match v.value.as_scalar() {
                            Some(u) => map.units.push((k, u)),
                            None => diags.push(Diagnostic::error(
                                shown,
                                Some(v.line),
                                t!(
                                    "发布机构 `{k}` 应映射到 site.yaml 中的单位名称",
                                    "issuer `{k}` must map to a unit name from site.yaml"
                                ),
                            )),
                        }
                    }
                }
                Yaml::Null => {}
                _ => diags.push(Diagnostic::error(
                    shown,
                    Some(val.line),
                    t!(
                        "`units:` 应为映射：旧发布机构 → 单位名称",
                        "`units:` must be a mapping: old issuer → unit name"
                    ),
                )),
            },
            other => diags.push(Diagnostic::error(shown, Some(val.line), {
                let s = suggest(other, &["columns", "units"]);
                t!(
                    "import.yaml 中的未知键 `{other}`{s}",
                    "unknown key `{other}` in import.yaml{s}"
                )
            })),
        }
    }
    if diags.is_empty() {
        Ok(map)
    } else {
        Err(diags)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_prefixes_and_units() {
        let m = parse(
            "columns:\n  通知公告: xwdt/tzgg\n  \"/col/col123/\": {path: fdzdgknr/gfxwj, kind: 规范性文件}\nunits:\n  区府办: 测试区人民政府办公室\n",
            "import.yaml",
        )
        .unwrap();
        assert_eq!(m.by_name("通知公告").unwrap().path, "xwdt/tzgg");
        let t = m.by_url("www.a.gov.cn", "/col/col123/index.html").unwrap();
        assert_eq!(t.kind.as_deref(), Some("规范性文件"));
        assert_eq!(m.unit("区府办"), Some("测试区人民政府办公室"));
        let e = parse("colums: {}\n", "import.yaml").unwrap_err();
        assert_eq!(e[0].line, Some(1));
        assert!(e[0].message.contains("columns"), "{}", e[0].message);
    }
}
