//! The front-matter validator: one raw document's keys checked field by field
//! (→ [`Document`]). The types live in [`crate::model::document`].

mod catalog;
mod decision;
mod normative;
mod report;

use std::collections::HashMap;

use crate::config::SiteConfig;
use crate::content::RawDoc;
use crate::diag::{Diagnostic, did_you_mean, did_you_mean_text, suggest};
use crate::fields::{KeySpec, MapReader};
use crate::frontmatter::Yaml;
use crate::keys::{FRONT_MATTER, NORMATIVE_KEYS};
use crate::model::document::*;
use crate::model::links::scan_body_in;
use crate::model::paths::{normalize_rel, slugify, url_encode_path};
use crate::model::types::*;

use decision::{read_decision, read_stage};
use normative::read_normative;

/// Every front-matter key (English, Chinese alias): the table in [`crate::keys`] that the
/// JSON Schema is generated from.
pub fn keys() -> Vec<KeySpec> {
    crate::keys::specs(FRONT_MATTER)
}

/// Validate one raw document's own fields.
pub fn parse(mut raw: RawDoc, cfg: &SiteConfig) -> Result<Document, Vec<Diagnostic>> {
    let file = raw.file.clone();
    let legacy_kind = rename_legacy_kind(&mut raw.front);
    let mut r = MapReader::new(
        &file,
        &raw.front,
        &keys(),
        &t!("前置元数据", "front matter"),
    );
    if raw.front.value == Yaml::Null {
        r.error(
            2,
            t!("前置元数据为空", "front matter is empty"),
            Some(t!(
                "至少写上 title（标题）、disclosure（公开属性）、issuer（发布机构）和 date（成文日期）",
                "add at least title, disclosure (公开属性), issuer (发布机构) and date (成文日期)"
            )),
        );
    }
    let title = r.req_str(
        "title",
        "标题",
        &t!(
            "例如 `title: 关于印发《……》的通知`",
            "e.g. `title: 关于印发《……》的通知`"
        ),
    );
    let disclosure = match r.str("disclosure") {
        Some(s) => match Disclosure::from_cn(&s) {
            Some(d) => Some(d),
            None => {
                let w = r.written("disclosure").to_string();
                let l = r.line_of("disclosure");
                r.error(
                    l,
                    t!("`{w}`：未知的取值 `{s}`", "`{w}`: unknown value `{s}`"),
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
                t!(
                    "`{w}`（公开属性）为空：须由编辑选定",
                    "`{w}` (公开属性) is empty: the editor must choose it"
                ),
                Some(t!(
                    "写 `disclosure: 主动公开`、`依申请公开` 或 `不予公开`（公文公开属性源头认定）；没有默认值",
                    "write `disclosure: 主动公开`, `依申请公开` or `不予公开` (公文公开属性源头认定); there is no default"
                )),
            );
            None
        }
        None => {
            r.missing(
                "disclosure",
                "公开属性",
                &t!(
                    "每篇文件都须写明 `disclosure: 主动公开`、`依申请公开` 或 `不予公开`（公文公开属性源头认定）；没有默认值",
                    "every document must declare `disclosure: 主动公开`, `依申请公开` or `不予公开` (公文公开属性源头认定); there is no default"
                ),
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
                &t!(
                    "例如 `date: 2021-05-21` 或 `date: 2021年5月21日`",
                    "e.g. `date: 2021-05-21` or `date: 2021年5月21日`"
                ),
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
                t!(
                    "文号 `{n}` 不是标准写法",
                    "文号 `{n}` is not in the standard form"
                ),
            )
            .help(t!(
                "写作 `{fixed}`（机关代字〔年份〕序号号，GB/T 9704-2012）",
                "write `{fixed}` (机关代字〔年份〕序号号, GB/T 9704-2012)"
            )),
        );
    }
    if let Some(line) = legacy_kind {
        warnings.push(
            Diagnostic::warning(
                &file,
                Some(line),
                t!(
                    "键名 `文种` 已改为 `信息类别`：文种指通知、意见等15种公文文种，这里的 规范性文件、政策解读 等是信息类别",
                    "the key `文种` is now `信息类别`: 文种 means the 15 公文 types (通知, 意见…); 规范性文件, 政策解读… are 信息类别"
                ),
            )
            .help(t!(
                "把 `文种:` 改为 `信息类别:`（或英文键 `kind:`），值不变",
                "rename `文种:` to `信息类别:` (or `kind:`); the value stays"
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
                t!("`{w}`：未知的文种 `{s}`", "`{w}`: unknown kind `{s}`"),
                Some(suggest(&s, Kind::NAMES)),
            );
            None
        }),
        None => Some(Kind::General),
    };
    // `draft: ~` / `draft:` used to read as "not a draft" and publish the document
    // (issue 16 item 13): an empty value is an error, like an empty `disclosure`.
    let draft = if r.node("draft").is_some_and(|n| n.value == Yaml::Null) {
        let l = r.line_of("draft");
        let w = r.written("draft").to_string();
        r.error(
            l,
            t!(
                "`{w}`（草稿）的值为空：不清楚这份文件是否为草稿",
                "`{w}` is empty: is this document a draft or not?"
            ),
            Some(t!(
                "写 `draft: true`（草稿，不发布）或 `draft: false`，或删去这一行",
                "write `draft: true` (a draft, not published) or `draft: false`, or remove the line"
            )),
        );
        true
    } else {
        r.bool("draft").unwrap_or(false)
    };
    let summary = r.str("summary");
    let slug = r.str("slug");
    let topics: Vec<String> = r.strs("topics").into_iter().map(|(s, _)| s).collect();
    let interpretation = read_refs(&mut r, "interpretation", &raw.dir, true);
    let interprets = read_refs(&mut r, "interprets", &raw.dir, false);
    let attachments = read_attachments(&mut r, &raw.dir);

    let kind_v = kind.unwrap_or(Kind::General);
    let lifecycle_keys = || NORMATIVE_KEYS.iter().filter(|k| r.has(k)).count();
    // An unknown `kind` is one mistake: the keys that depend on the kind are not judged
    // against a kind the editor did not mean.
    let kind_known = kind.is_some();
    let normative = if kind_v == Kind::Normative {
        Some(read_normative(&mut r, &raw.dir, &mut warnings))
    } else if !kind_known {
        None
    } else if kind_v == Kind::Policy && lifecycle_keys() > 0 {
        // 政策性文件 are cleaned up and labelled with their validity too (2021 work points
        // 四(一)); the 登记号 belongs to 规范性文件 only.
        if r.has("registration") {
            let l = r.line_of("registration");
            let w = r.written("registration").to_string();
            r.error(
                l,
                t!(
                    "`{w}` (登记号) 只用于规范性文件；政策文件没有登记号",
                    "`{w}` (登记号) is only for 规范性文件; a 政策文件 has no registration number"
                ),
                Some(t!(
                    "删除这一行；如本文其实是规范性文件，改为 `kind: 规范性文件`",
                    "remove this line, or set `kind: 规范性文件` if it is in fact a normative document"
                )),
            );
        }
        // The missing-stop-date warning is about 表二 counts, which are 规范性文件 only.
        Some(read_normative(&mut r, &raw.dir, &mut Vec::new()))
    } else {
        for k in NORMATIVE_KEYS {
            if r.has(k) {
                let l = r.line_of(k);
                let w = r.written(k).to_string();
                r.error(
                    l,
                    t!(
                        "`{w}` 只能用于规范性文件和政策文件（`kind: 规范性文件` / `kind: 政策文件`）",
                        "`{w}` is only allowed on 规范性文件 and 政策文件 (kind: 规范性文件 / 政策文件)"
                    ),
                    Some(t!(
                        "设置 `kind`（信息类别），或删除这一行",
                        "set `kind` (信息类别) or remove this key"
                    )),
                );
            }
        }
        None
    };
    let decision = if kind_known {
        read_decision(&mut r, cfg, kind_v)
    } else {
        None
    };
    let stage = read_stage(&mut r);
    let report = if kind_known {
        report::read_report(&mut r, kind_v)
    } else {
        None
    };
    let catalog = catalog::read_catalog(&mut r, cfg, &raw.dir, &mut warnings);
    if kind_v == Kind::Interpretation && !interpretation.is_empty() {
        let l = r.line_of("interpretation");
        r.error(
            l,
            t!(
                "政策解读本身不能有 `interpretation`（政策解读）；用 `interprets`（解读对象）指明它解读的文件",
                "a 政策解读 cannot itself have an `interpretation`; use `interprets` (解读对象) to name the document it explains"
            ),
            None,
        );
    }
    if kind_known && kind_v != Kind::Interpretation && !interprets.is_empty() {
        let l = r.line_of("interprets");
        r.error(
            l,
            t!(
                "`interprets`（解读对象）只能用于 kind: 政策解读",
                "`interprets` (解读对象) is only allowed on kind: 政策解读"
            ),
            Some(t!("写上 `kind: 政策解读`", "set `kind: 政策解读`")),
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
                Some(g) => format!(
                    "{}{}",
                    did_you_mean_text(g),
                    t!(
                        "或在 site.yaml 的 `columns:` 中声明这个文件夹，或移动文件",
                        " or declare the folder under `columns:` in site.yaml, or move the file"
                    )
                ),
                None => t!(
                    "在 site.yaml 的 `columns:` 中声明这个文件夹（path 和 title），或把文件移到已声明的栏目中",
                    "declare the folder under `columns:` in site.yaml (path + title), or move the file into a declared column"
                ),
            };
            let dir = if raw.dir.is_empty() {
                "content/"
            } else {
                &raw.dir
            };
            r.diags.push(
                Diagnostic::error(
                    &file,
                    Some(1),
                    t!(
                        "未知栏目：文件夹 `{dir}` 没有在 site.yaml 中声明",
                        "unknown column: folder `{dir}` is not declared in site.yaml"
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
                    t!(
                        "slug `{s}` 只能是一段路径，由字母、数字、'-' 或 '_' 组成",
                        "slug `{s}` must be one path segment of letters, digits, '-' or '_'"
                    ),
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
    let urls = crate::model::links::SiteUrls::new(&cfg.base_url);
    let (links, link_diags) = scan_body_in(&raw.body, raw.body_line, &raw.dir, &file, &urls);
    r.diags.extend(link_diags);

    let mut lines = HashMap::new();
    for k in FRONT_MATTER {
        if r.has(k.key) {
            lines.insert(k.key, r.line_of(k.key));
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
            t!("前置元数据有误", "invalid front matter"),
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
        report,
        catalog,
        body: raw.body,
        body_line: raw.body_line,
        links,
        lines,
        allows: raw.allows,
        warnings,
    })
}

/// `文种:` was the Chinese key of `kind` until it was named correctly (信息类别; 文种 are the
/// 15 公文 types of 《党政机关公文处理工作条例》第八条). It still works: renamed here before
/// validation, so giving both is the usual "given twice" error. Returns its line.
fn rename_legacy_kind(front: &mut crate::frontmatter::Node) -> Option<usize> {
    let Yaml::Map(map) = &mut front.value else {
        return None;
    };
    let (k, v) = map.iter_mut().find(|(k, _)| k == "文种")?;
    *k = "信息类别".to_string();
    Some(v.line)
}

fn read_issuers(r: &mut MapReader, cfg: &SiteConfig) -> Vec<usize> {
    if !r.has("issuer") {
        r.missing(
            "issuer",
            "发布机构",
            &t!(
                "写 site.yaml 中 `units:` 列出的发布机构，例如 `issuer: 罗庄区人民政府办公室`",
                "name the issuing unit as listed under `units:` in site.yaml, e.g. `issuer: 罗庄区人民政府办公室`"
            ),
        );
        return Vec::new();
    }
    let mut out = Vec::new();
    let items = r.strs("issuer");
    if items.is_empty() {
        let l = r.line_of("issuer");
        r.error(
            l,
            t!("`issuer`（发布机构）为空", "`issuer` (发布机构) is empty"),
            None,
        );
    }
    for (name, line) in items {
        match cfg.unit_index(&name) {
            Some(i) if !out.contains(&i) => out.push(i),
            Some(_) => {}
            None => {
                let names = cfg.unit_names();
                let help = match did_you_mean(&name, names.iter().copied()) {
                    Some(g) => format!(
                        "{}{}",
                        did_you_mean_text(g),
                        t!(
                            "或在 site.yaml 的 `units:` 中添加该单位",
                            " or add the unit to `units:` in site.yaml"
                        )
                    ),
                    None => {
                        let known = cfg
                            .units
                            .iter()
                            .map(|u| u.name.as_str())
                            .collect::<Vec<_>>()
                            .join("、");
                        t!(
                            "在 site.yaml 的 `units:` 中添加该单位（已有单位：{known}）",
                            "add it to `units:` in site.yaml (known units: {known})"
                        )
                    }
                };
                r.error(
                    line,
                    t!(
                        "`issuer`（发布机构）中有未知的单位 `{name}`",
                        "unknown unit `{name}` in `issuer` (发布机构)"
                    ),
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
                    t!(
                        "`{w}` 应写内容路径（如 `fdzdgknr/gfxwj/2021-3.md`），不能写网址",
                        "`{w}` takes content paths (like `fdzdgknr/gfxwj/2021-3.md`), not URLs"
                    ),
                    None,
                );
            } else if !crate::model::links::is_well_formed_url(&s) {
                r.error(
                    line,
                    t!("`{w}`：网址 `{s}` 格式不对", "`{w}`: malformed URL `{s}`"),
                    Some(t!(
                        "写完整网址，例如 https://www.example.gov.cn/art/2021/1.html",
                        "write a full address like https://www.example.gov.cn/art/2021/1.html"
                    )),
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
                t!("`{w}`：{msg}", "`{w}`: {msg}"),
                Some(t!(
                    "写相对于 content/ 的内容路径，例如 `fdzdgknr/zcjd/2021-3.md`",
                    "write a content path relative to content/, e.g. `fdzdgknr/zcjd/2021-3.md`"
                )),
            ),
        }
    }
    out
}

/// `fdzdgknr/x.md`, `./x.md`, `../x.md` → document id.
pub fn resolve_content_path(s: &str, dir: &str) -> Result<String, String> {
    if !s.ends_with(".md") {
        return Err(t!(
            "`{s}` 不是以 .md 结尾的内容路径",
            "`{s}` is not a content path ending in .md"
        ));
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
    let norm = normalize_rel(&joined)
        .ok_or_else(|| t!("`{s}` 指向 content/ 之外", "`{s}` points outside content/"))?;
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
            r.error(
                line,
                t!(
                    "`{w}`：`{s}` 应为相对于本文件的路径，不能是绝对路径",
                    "`{w}`: `{s}` must be a path relative to the document, not absolute"
                ),
                Some(t!(
                    "把文件放在本文件旁边，写文件名，例如 `attachments: [2021-3-fj1.pdf]`",
                    "put the file beside the document and write its name, e.g. `attachments: [2021-3-fj1.pdf]`"
                )),
            );
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
                t!(
                    "`{w}`：`{s}` 指向 content/ 之外",
                    "`{w}`: `{s}` points outside content/"
                ),
                Some(t!(
                    "附件须放在 content/ 内、本文件旁边",
                    "attachments must live inside content/, beside the document"
                )),
            ),
        }
    }
    out
}

pub(super) fn read_refs_docs(r: &mut MapReader, key: &'static str, dir: &str) -> Vec<Ref> {
    read_refs(r, key, dir, false)
}
