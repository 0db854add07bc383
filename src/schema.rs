//! JSON Schemas (draft-07, what the VS Code YAML extension reads) for front matter and
//! site.yaml, generated from the key tables in [`crate::keys`] that the readers use: keys and
//! their Chinese aliases, value types, enum values (公开属性, 信息类别, 效力, 清理结果, 决策
//! 状态/阶段, 公开主体类型, freshness, check rules). What only the site knows — the units an
//! `issuer` may name, the catalog ids — is in the schema only when it is generated for a
//! site (`gongkai schema --root <site>`); without a site they are plain text.
//!
//! The schema helps while typing; the build stays the judge (dates, paths, links, the annual
//! report tables and kind-dependent keys are checked there, not here).

use serde_json::{Map, Value, json};

use crate::config::{CHECK_RULES, SiteConfig};
use crate::keys::{FRONT_MATTER, Field, SITE, Ty};

/// Which file a schema is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    FrontMatter,
    Site,
}

/// Site-specific values a schema can list.
#[derive(Debug, Clone, Default)]
struct Known {
    units: Vec<String>,
    catalog: Vec<String>,
}

const DATE_PATTERN: &str = r"^\s*(\d{4}-\d{1,2}-\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日)\s*$";

/// The schema for `which`; with `cfg`, the site's units (for `issuer`) and catalog ids.
pub fn generate(which: Which, cfg: Option<&SiteConfig>) -> Value {
    let known = cfg
        .map(|c| Known {
            units: c
                .units
                .iter()
                .flat_map(|u| std::iter::once(u.name.clone()).chain(u.aliases.iter().cloned()))
                .collect(),
            catalog: c.catalog.ids.clone(),
        })
        .unwrap_or_default();
    let (title, fields) = match which {
        Which::FrontMatter => (
            "gongkai 文档前置元数据 / document front matter",
            FRONT_MATTER,
        ),
        Which::Site => ("gongkai site.yaml", SITE),
    };
    let mut s = object(fields, &known, which == Which::FrontMatter);
    let m = s.as_object_mut().expect("object");
    m.insert(
        "$schema".into(),
        json!("http://json-schema.org/draft-07/schema#"),
    );
    m.insert("title".into(), json!(title));
    s
}

/// `{"type": "object", "properties": …}` for a table; every key also under its Chinese alias.
fn object(fields: &[Field], known: &Known, top: bool) -> Value {
    let mut props = Map::new();
    let mut required = Vec::new();
    let mut either = Vec::new();
    for f in fields {
        let mut v = value(f, known, top);
        if let Some(o) = v.as_object_mut() {
            let doc = match f.zh {
                Some(zh) => format!("{}（`{}` / `{zh}`）", f.doc, f.key),
                None => f.doc.to_string(),
            };
            o.insert("description".into(), json!(doc));
        }
        props.insert(f.key.into(), v.clone());
        if let Some(zh) = f.zh {
            props.insert(zh.into(), v);
        }
        match (f.required, f.zh) {
            (true, None) => required.push(json!(f.key)),
            (true, Some(zh)) => either.push(json!({
                "anyOf": [{"required": [f.key]}, {"required": [zh]}]
            })),
            _ => {}
        }
    }
    let mut o = Map::new();
    o.insert("type".into(), json!("object"));
    o.insert("properties".into(), Value::Object(props));
    o.insert("additionalProperties".into(), json!(false));
    if !required.is_empty() {
        o.insert("required".into(), Value::Array(required));
    }
    if !either.is_empty() {
        o.insert("allOf".into(), Value::Array(either));
    }
    Value::Object(o)
}

fn one_or_list(item: Value) -> Value {
    json!({"anyOf": [item.clone(), {"type": "array", "items": item}]})
}

fn enum_of(values: &[impl AsRef<str>]) -> Value {
    let v: Vec<&str> = values.iter().map(|s| s.as_ref()).collect();
    json!({"enum": v})
}

fn value(f: &Field, known: &Known, top: bool) -> Value {
    // Site-specific enums of front matter.
    if top && f.key == "issuer" && !known.units.is_empty() {
        return one_or_list(enum_of(&known.units));
    }
    if top && f.key == "catalog" && !known.catalog.is_empty() {
        return enum_of(&known.catalog);
    }
    ty(f.ty, known)
}

fn ty(t: Ty, known: &Known) -> Value {
    match t {
        Ty::Str => json!({"type": "string"}),
        Ty::Date => json!({"type": "string", "pattern": DATE_PATTERN}),
        Ty::Bool => json!({"type": "boolean"}),
        Ty::Int => json!({"type": "integer"}),
        Ty::Enum(v) => enum_of(v),
        Ty::Strs => one_or_list(json!({"type": "string"})),
        Ty::EnumList(v) => one_or_list(enum_of(v)),
        Ty::Dates => one_or_list(json!({"type": "string", "pattern": DATE_PATTERN})),
        Ty::Map(fs) => object(fs, known, false),
        Ty::MapOrList(fs) => one_or_list(object(fs, known, false)),
        Ty::List(fs) => json!({"type": "array", "items": object(fs, known, false)}),
        Ty::Lists(names, fs) => {
            let list = json!({"type": "array", "items": object(fs, known, false)});
            let props: Map<String, Value> = names
                .iter()
                .map(|n| (n.to_string(), list.clone()))
                .collect();
            json!({"type": "object", "properties": props, "additionalProperties": false})
        }
        Ty::RuleLevels => {
            let props: Map<String, Value> = CHECK_RULES
                .iter()
                .map(|r| (r.to_string(), json!({"enum": ["error", "warning", "off"]})))
                .collect();
            json!({"type": "object", "properties": props, "additionalProperties": false})
        }
        Ty::Table => json!({"type": "object"}),
    }
}

/// Every key path a table accepts (`decision.status`, `units[].contact.phone`, Chinese
/// aliases included), for tests and `gongkai schema --keys`.
pub fn key_paths(which: Which) -> Vec<String> {
    fn walk(fields: &[Field], prefix: &str, out: &mut Vec<String>) {
        for f in fields {
            for k in std::iter::once(f.key).chain(f.zh) {
                let p = format!("{prefix}{k}");
                out.push(p.clone());
                match f.ty {
                    Ty::Map(fs) => walk(fs, &format!("{p}."), out),
                    Ty::MapOrList(fs) | Ty::List(fs) => walk(fs, &format!("{p}[]."), out),
                    Ty::Lists(names, fs) => {
                        for n in names {
                            out.push(format!("{p}.{n}"));
                            walk(fs, &format!("{p}.{n}[]."), out)
                        }
                    }
                    Ty::RuleLevels => out.extend(CHECK_RULES.iter().map(|r| format!("{p}.{r}"))),
                    _ => {}
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(
        match which {
            Which::FrontMatter => FRONT_MATTER,
            Which::Site => SITE,
        },
        "",
        &mut out,
    );
    out
}

/// The same key paths read back from a generated schema.
pub fn schema_paths(schema: &Value) -> Vec<String> {
    fn walk(s: &Value, prefix: &str, out: &mut Vec<String>) {
        if let Some(alts) = s.get("anyOf").and_then(Value::as_array) {
            // One-or-list: the object form and the list form have the same keys; walk the
            // object once, under `[]` when it also comes as a list.
            let obj = alts.iter().find(|a| a.get("properties").is_some());
            if let Some(o) = obj {
                return walk(o, &format!("{}[].", prefix.trim_end_matches('.')), out);
            }
            return;
        }
        if let Some(items) = s.get("items") {
            return walk(items, &format!("{}[].", prefix.trim_end_matches('.')), out);
        }
        let Some(props) = s.get("properties").and_then(Value::as_object) else {
            return;
        };
        for (k, v) in props {
            let p = format!("{prefix}{k}");
            out.push(p.clone());
            walk(v, &format!("{p}."), out);
        }
    }
    let mut out = Vec::new();
    walk(schema, "", &mut out);
    out
}

impl Which {
    /// `front-matter` | `site` (also `frontmatter`, `site.yaml`).
    pub fn parse(s: &str) -> Option<Which> {
        match s {
            "front-matter" | "frontmatter" | "front_matter" => Some(Which::FrontMatter),
            "site" | "site.yaml" => Some(Which::Site),
            _ => None,
        }
    }
}

/// site.yaml and catalog.yaml of `root`, for a site-specific schema (a catalog.yaml with
/// errors only leaves the ids out).
pub fn site_config(root: &std::path::Path) -> Result<SiteConfig, Vec<crate::diag::Diagnostic>> {
    let mut cfg = crate::config::load(root)?;
    cfg.catalog = crate::catalog::load(root, &cfg).0;
    Ok(cfg)
}

/// Write both schemas into `<dir>/schema/` (front-matter.json, site.json); returns the
/// paths written, relative to `dir`.
pub fn write_files(
    dir: &std::path::Path,
    cfg: Option<&SiteConfig>,
) -> std::io::Result<Vec<String>> {
    let out = dir.join("schema");
    std::fs::create_dir_all(&out)?;
    let mut written = Vec::new();
    for (which, name) in [
        (Which::FrontMatter, "front-matter.json"),
        (Which::Site, "site.json"),
    ] {
        let mut text = serde_json::to_string_pretty(&generate(which, cfg)).expect("json");
        text.push('\n');
        std::fs::write(out.join(name), text)?;
        written.push(format!("schema/{name}"));
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn raw_doc(rel: &str, yaml: &str) -> crate::content::RawDoc {
        crate::content::RawDoc {
            rel: rel.into(),
            id: rel.trim_end_matches(".md").into(),
            dir: rel.rsplit_once('/').map(|(d, _)| d).unwrap_or("").into(),
            file: std::path::PathBuf::from("content").join(rel),
            front: crate::frontmatter::parse(yaml, 2).unwrap(),
            body: String::new(),
            body_line: 1,
            allows: Vec::new(),
        }
    }

    fn sorted(v: Vec<String>) -> BTreeSet<String> {
        v.into_iter().collect()
    }

    #[test]
    fn every_key_of_the_tables_is_in_the_schema_and_nothing_else() {
        for which in [Which::FrontMatter, Which::Site] {
            let tables = sorted(key_paths(which));
            let schema = sorted(schema_paths(&generate(which, None)));
            assert_eq!(tables, schema, "{which:?}");
        }
        let fm = sorted(key_paths(Which::FrontMatter));
        for k in [
            "title",
            "标题",
            "disclosure",
            "公开属性",
            "decision.status",
            "decision.状态",
            "cleanup[].result",
            "report.依申请公开",
        ] {
            assert!(fm.contains(k), "{k}");
        }
        let site = sorted(key_paths(Which::Site));
        for k in [
            "units[].contact.phone",
            "columns[].freshness",
            "rules.annual_report_due.部门",
            "deploy.targets[].url",
            "check.init-placeholder",
            "sections.部门[].path",
        ] {
            assert!(site.contains(k), "{k}");
        }
    }

    /// The parser accepts every key the schema lists (no "unknown key"), and refuses one
    /// the schema does not list: a front matter / site.yaml built from the schema's own
    /// top-level properties goes through the real readers.
    #[test]
    fn the_readers_accept_exactly_the_schema_keys() {
        let unknown = |d: &[crate::diag::Diagnostic]| {
            d.iter()
                .filter(|d| d.message.contains("未知的键"))
                .map(|d| d.message.clone())
                .collect::<Vec<_>>()
        };
        let cfg = crate::config::parse("title: T\nbase_url: https://ex.gov.cn/\nunits:\n  - name: 甲\ncolumns:\n  - path: a\n    title: A\n").unwrap();
        let schema = generate(Which::FrontMatter, None);
        let props = schema["properties"].as_object().unwrap();
        // English and Chinese spellings of one key may not both appear: two documents.
        for zh in [false, true] {
            let mut yaml = String::new();
            for k in props.keys() {
                let is_zh = !k.is_ascii();
                let has_zh = FRONT_MATTER
                    .iter()
                    .any(|f| f.zh == Some(k.as_str()) || (f.key == k && f.zh.is_some()));
                if has_zh && is_zh != zh {
                    continue;
                }
                yaml.push_str(&format!("{k}: x\n"));
            }
            let raw = raw_doc("a/x.md", &yaml);
            let diags = match crate::model::document::parse(raw, &cfg) {
                Ok(_) => Vec::new(),
                Err(d) => d,
            };
            assert!(unknown(&diags).is_empty(), "{:?}", unknown(&diags));
        }
        let raw = raw_doc("a/x.md", "title: x\ntitel: x\n");
        let diags = crate::model::document::parse(raw, &cfg).unwrap_err();
        assert_eq!(unknown(&diags).len(), 1);
        assert!(!props.contains_key("titel"));

        let site = generate(Which::Site, None);
        let mut yaml = String::new();
        for k in site["properties"].as_object().unwrap().keys() {
            yaml.push_str(&format!("{k}: x\n"));
        }
        let diags = crate::config::parse(&yaml).unwrap_err();
        assert!(unknown(&diags).is_empty(), "{:?}", unknown(&diags));
    }

    #[test]
    fn enums_and_site_values() {
        let fm = generate(Which::FrontMatter, None);
        assert_eq!(
            fm["properties"]["disclosure"]["enum"],
            json!(["主动公开", "依申请公开", "不予公开"])
        );
        assert_eq!(fm["properties"]["公开属性"], fm["properties"]["disclosure"]);
        assert!(
            fm["properties"]["kind"]["enum"]
                .as_array()
                .unwrap()
                .contains(&json!("规范性文件"))
        );
        assert_eq!(
            fm["properties"]["issuer"]["anyOf"][0],
            json!({"type": "string"})
        );
        assert_eq!(fm["additionalProperties"], json!(false));
        let cfg = crate::config::parse("title: T\nbase_url: https://ex.gov.cn/\nunits:\n  - name: 甲局\n    aliases: [甲]\ncolumns:\n  - path: a\n    title: A\n").unwrap();
        let fm = generate(Which::FrontMatter, Some(&cfg));
        assert_eq!(
            fm["properties"]["issuer"]["anyOf"][0]["enum"],
            json!(["甲局", "甲"])
        );
        let site = generate(Which::Site, None);
        assert_eq!(
            site["required"],
            json!(["title", "base_url", "units", "columns"])
        );
        assert_eq!(
            site["properties"]["columns"]["items"]["properties"]["freshness"]["enum"],
            json!(["news", "policy", "planning", "none"])
        );
    }
}
