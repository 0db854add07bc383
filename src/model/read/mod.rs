//! The front-matter validator: one raw document's keys checked field by field
//! (→ [`Document`]). The types live in [`crate::model::document`].

mod catalog;
mod decision;
mod normative;

use std::collections::HashMap;

use crate::config::SiteConfig;
use crate::content::RawDoc;
use crate::diag::{Diagnostic, did_you_mean, suggest};
use crate::fields::{KeySpec, MapReader};
use crate::frontmatter::Yaml;
use crate::model::document::*;
use crate::model::links::scan_body;
use crate::model::paths::{normalize_rel, slugify, url_encode_path};
use crate::model::types::*;

use decision::{read_decision, read_stage};
use normative::read_normative;

pub const KEYS: &[KeySpec] = &[
    ("title", Some("标题")),
    ("disclosure", Some("公开属性")),
    ("issuer", Some("发布机构")),
    ("date", Some("成文日期")),
    ("published", Some("发布日期")),
    ("doc_number", Some("文号")),
    ("index_number", Some("索引号")),
    ("kind", Some("文种")),
    ("interpretation", Some("政策解读")),
    ("interprets", Some("解读对象")),
    ("topics", Some("主题分类")),
    ("attachments", Some("附件")),
    ("summary", Some("摘要")),
    ("slug", None),
    ("draft", None),
    ("registration", Some("登记号")),
    ("validity", Some("效力")),
    ("valid_from", Some("施行日期")),
    ("valid_until", Some("有效期至")),
    ("cleanup", Some("清理")),
    ("replaces", None),
    ("replaced_by", None),
    ("decision", None),
    ("decision_stage", None),
    ("catalog", Some("目录事项")),
];

const NORMATIVE_KEYS: &[&str] = &[
    "registration",
    "validity",
    "valid_from",
    "valid_until",
    "cleanup",
    "replaces",
    "replaced_by",
];

/// Validate one raw document's own fields.
pub fn parse(raw: RawDoc, cfg: &SiteConfig) -> Result<Document, Vec<Diagnostic>> {
    let file = raw.file.clone();
    let mut r = MapReader::new(&file, &raw.front, KEYS, "front matter");
    if raw.front.value == Yaml::Null {
        r.error(
            2,
            "front matter is empty",
            Some(
                "add at least title, disclosure (公开属性), issuer (发布机构) and date (成文日期)"
                    .into(),
            ),
        );
    }
    let title = r.req_str("title", "标题", "e.g. `title: 关于印发《……》的通知`");
    let disclosure = match r.str("disclosure") {
        Some(s) => match Disclosure::from_cn(&s) {
            Some(d) => Some(d),
            None => {
                let w = r.written("disclosure").to_string();
                let l = r.line_of("disclosure");
                r.error(
                    l,
                    format!("`{w}`: unknown value `{s}`"),
                    Some(suggest(&s, Disclosure::NAMES)),
                );
                None
            }
        },
        None if r.has("disclosure") => {
            let l = r.line_of("disclosure");
            let w = r.written("disclosure").to_string();
            r.error(
                l,
                format!("`{w}` (公开属性) is empty: the editor must choose it"),
                Some("write `disclosure: 主动公开`, `依申请公开` or `不予公开` (公文公开属性源头认定); there is no default".into()),
            );
            None
        }
        None => {
            r.missing(
                "disclosure",
                "公开属性",
                "every document must declare `disclosure: 主动公开`, `依申请公开` or `不予公开` (公文公开属性源头认定); there is no default",
            );
            None
        }
    };
    let issuers = read_issuers(&mut r, cfg);
    let date = match r.node("date") {
        Some(_) => r.date("date"),
        None => {
            r.missing(
                "date",
                "成文日期",
                "e.g. `date: 2021-05-21` or `date: 2021年5月21日`",
            );
            None
        }
    };
    let published = r.date("published");
    let doc_number = r.str("doc_number").filter(|s| !s.is_empty());
    let mut warnings = Vec::new();
    if let Some(n) = &doc_number
        && let Some(fixed) = crate::docnum::suggest(n)
    {
        warnings.push(
            Diagnostic::warning(
                &file,
                Some(r.line_of("doc_number")),
                format!("文号 `{n}` is not in the standard form"),
            )
            .help(format!(
                "write `{fixed}` (机关代字〔年份〕序号号, GB/T 9704-2012)"
            )),
        );
    }
    let index_number = r.str("index_number").filter(|s| !s.is_empty());
    let kind = match r.str("kind") {
        Some(s) => Kind::from_cn(&s).or_else(|| {
            let l = r.line_of("kind");
            let w = r.written("kind").to_string();
            r.error(
                l,
                format!("`{w}`: unknown kind `{s}`"),
                Some(suggest(&s, Kind::NAMES)),
            );
            None
        }),
        None => Some(Kind::General),
    };
    let draft = r.bool("draft").unwrap_or(false);
    let summary = r.str("summary");
    let slug = r.str("slug");
    let topics: Vec<String> = r.strs("topics").into_iter().map(|(s, _)| s).collect();
    let interpretation = read_refs(&mut r, "interpretation", &raw.dir, true);
    let interprets = read_refs(&mut r, "interprets", &raw.dir, false);
    let attachments = read_attachments(&mut r, &raw.dir);

    let kind_v = kind.unwrap_or(Kind::General);
    let normative = if kind_v == Kind::Normative {
        Some(read_normative(&mut r, &raw.dir))
    } else {
        for k in NORMATIVE_KEYS {
            if r.has(k) {
                let l = r.line_of(k);
                let w = r.written(k).to_string();
                r.error(
                    l,
                    format!("`{w}` is only allowed on 规范性文件 (kind: 规范性文件)"),
                    Some("set `kind: 规范性文件` or remove this key".into()),
                );
            }
        }
        None
    };
    let decision = read_decision(&mut r, cfg, kind_v);
    let stage = read_stage(&mut r);
    let catalog = catalog::read_catalog(&mut r, cfg, &raw.dir, &mut warnings);
    if kind_v == Kind::Interpretation && !interpretation.is_empty() {
        let l = r.line_of("interpretation");
        r.error(l, "a 政策解读 cannot itself have an `interpretation`; use `interprets` (解读对象) to name the document it explains", None);
    }
    if kind_v != Kind::Interpretation && !interprets.is_empty() {
        let l = r.line_of("interprets");
        r.error(
            l,
            "`interprets` (解读对象) is only allowed on kind: 政策解读",
            Some("set `kind: 政策解读`".into()),
        );
    }

    // Column = folder.
    let column = match cfg.column_index(&raw.dir) {
        Some(c) => Some(c),
        None => {
            let paths: Vec<&str> = cfg.columns.iter().map(|c| c.path.as_str()).collect();
            let b = &cfg.bodies[cfg.body_of_dir(&raw.dir)];
            let help = match did_you_mean(&raw.dir, paths.iter().copied()) {
                // Inside a 部门/镇街 folder: name the body and its columns (SPEC §7).
                _ if !b.path.is_empty() => crate::config::bodies_help(cfg, b, &raw.dir),
                Some(g) => format!("did you mean `{g}`? declare the folder under `columns:` in site.yaml, or move the file"),
                None => "declare the folder under `columns:` in site.yaml (path + title), or move the file into a declared column".into(),
            };
            r.diags.push(
                Diagnostic::error(
                    &file,
                    Some(1),
                    format!(
                        "unknown column: folder `{}` is not declared in site.yaml",
                        if raw.dir.is_empty() {
                            "content/"
                        } else {
                            &raw.dir
                        }
                    ),
                )
                .help(help),
            );
            None
        }
    };

    let slug_seg = match &slug {
        Some(s) => {
            let sl = slugify(s);
            if sl.is_empty() || s.contains('/') {
                let l = r.line_of("slug");
                r.error(
                    l,
                    format!("slug `{s}` must be one path segment of letters, digits, '-' or '_'"),
                    None,
                );
            }
            sl
        }
        None => slugify(
            raw.rel
                .rsplit('/')
                .next()
                .unwrap_or(&raw.rel)
                .trim_end_matches(".md"),
        ),
    };
    let out_dir = if raw.dir.is_empty() {
        slug_seg.clone()
    } else {
        format!("{}/{}", raw.dir, slug_seg)
    };
    let (links, link_diags) = scan_body(&raw.body, raw.body_line, &raw.dir, &file);
    r.diags.extend(link_diags);

    let mut lines = HashMap::new();
    for (en, _) in KEYS {
        if r.has(en) {
            lines.insert(*en, r.line_of(en));
        }
    }
    let diags = r.finish();
    if !diags.is_empty() {
        return Err(diags);
    }
    let (Some(title), Some(disclosure), Some(date), Some(kind), Some(column)) =
        (title, disclosure, date, kind, column)
    else {
        return Err(vec![Diagnostic::error(
            &file,
            Some(1),
            "invalid front matter",
        )]);
    };
    Ok(Document {
        url: url_encode_path(&format!("/{out_dir}/")),
        out_dir,
        id: raw.id,
        rel: raw.rel,
        file,
        dir: raw.dir,
        owner: cfg.columns[column].body,
        column,
        title,
        disclosure,
        draft,
        issuers,
        date,
        published,
        doc_number,
        index_number,
        kind,
        interpretation,
        interprets,
        topics,
        attachments,
        summary,
        normative,
        decision,
        stage,
        catalog,
        body: raw.body,
        body_line: raw.body_line,
        links,
        lines,
        allows: raw.allows,
        warnings,
    })
}

fn read_issuers(r: &mut MapReader, cfg: &SiteConfig) -> Vec<usize> {
    if !r.has("issuer") {
        r.missing("issuer", "发布机构", "name the issuing unit as listed under `units:` in site.yaml, e.g. `issuer: 罗庄区人民政府办公室`");
        return Vec::new();
    }
    let mut out = Vec::new();
    let items = r.strs("issuer");
    if items.is_empty() {
        let l = r.line_of("issuer");
        r.error(l, "`issuer` (发布机构) is empty", None);
    }
    for (name, line) in items {
        match cfg.unit_index(&name) {
            Some(i) if !out.contains(&i) => out.push(i),
            Some(_) => {}
            None => {
                let names = cfg.unit_names();
                let help = match did_you_mean(&name, names.iter().copied()) {
                    Some(g) => {
                        format!("did you mean `{g}`? or add the unit to `units:` in site.yaml")
                    }
                    None => format!(
                        "add it to `units:` in site.yaml (known units: {})",
                        cfg.units
                            .iter()
                            .map(|u| u.name.as_str())
                            .collect::<Vec<_>>()
                            .join("、")
                    ),
                };
                r.error(
                    line,
                    format!("unknown unit `{name}` in `issuer` (发布机构)"),
                    Some(help),
                );
            }
        }
    }
    out
}

/// Content paths (relative to content/, or `./`/`../` relative to the document) or URLs.
fn read_refs(r: &mut MapReader, key: &'static str, dir: &str, urls_ok: bool) -> Vec<Ref> {
    let mut out = Vec::new();
    for (s, line) in r.strs(key) {
        let w = r.written(key).to_string();
        if s.starts_with("http://") || s.starts_with("https://") {
            if !urls_ok {
                r.error(
                    line,
                    format!(
                        "`{w}` takes content paths (like `fdzdgknr/gfxwj/2021-3.md`), not URLs"
                    ),
                    None,
                );
            } else if !crate::model::links::is_well_formed_url(&s) {
                r.error(
                    line,
                    format!("`{w}`: malformed URL `{s}`"),
                    Some(
                        "write a full address like https://www.example.gov.cn/art/2021/1.html"
                            .into(),
                    ),
                );
            } else {
                out.push(Ref {
                    target: Target::Url(s),
                    line,
                });
            }
            continue;
        }
        match resolve_content_path(&s, dir) {
            Ok(id) => out.push(Ref {
                target: Target::Doc(id),
                line,
            }),
            Err(msg) => r.error(
                line,
                format!("`{w}`: {msg}"),
                Some(
                    "write a content path relative to content/, e.g. `fdzdgknr/zcjd/2021-3.md`"
                        .into(),
                ),
            ),
        }
    }
    out
}

/// `fdzdgknr/x.md`, `./x.md`, `../x.md` → document id.
pub fn resolve_content_path(s: &str, dir: &str) -> Result<String, String> {
    if !s.ends_with(".md") {
        return Err(format!("`{s}` is not a content path ending in .md"));
    }
    let joined = if s.starts_with("./") || s.starts_with("../") {
        if dir.is_empty() {
            s.to_string()
        } else {
            format!("{dir}/{s}")
        }
    } else {
        s.trim_start_matches('/').to_string()
    };
    let norm = normalize_rel(&joined).ok_or_else(|| format!("`{s}` points outside content/"))?;
    Ok(norm.trim_end_matches(".md").to_string())
}

fn read_attachments(r: &mut MapReader, dir: &str) -> Vec<Attachment> {
    let mut out = Vec::new();
    for (s, line) in r.strs("attachments") {
        let w = r.written("attachments").to_string();
        if s.starts_with('/')
            || s.contains('\\')
            || s.contains("://")
            || (s.len() > 1 && s.as_bytes()[1] == b':')
        {
            r.error(line, format!("`{w}`: `{s}` must be a path relative to the document, not absolute"), Some("put the file beside the document and write its name, e.g. `attachments: [2021-3-fj1.pdf]`".into()));
            continue;
        }
        let joined = if dir.is_empty() {
            s.clone()
        } else {
            format!("{dir}/{s}")
        };
        match normalize_rel(&joined) {
            Some(rel) => {
                let name = rel.rsplit('/').next().unwrap_or(&rel).to_string();
                out.push(Attachment { rel, name, line });
            }
            None => r.error(
                line,
                format!("`{w}`: `{s}` points outside content/"),
                Some("attachments must live inside content/, beside the document".into()),
            ),
        }
    }
    out
}

pub(super) fn read_refs_docs(r: &mut MapReader, key: &'static str, dir: &str) -> Vec<Ref> {
    read_refs(r, key, dir, false)
}
