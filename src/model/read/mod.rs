//! The front-matter validator: one raw document's keys checked field by field
//! (→ [`Document`]). The types live in [`crate::model::document`].

mod catalog;
mod decision;
mod normative;
mod report;
mod steps;

use crate::config::SiteConfig;
use crate::content::RawDoc;
use crate::diag::{Diagnostic, did_you_mean, did_you_mean_text};
use crate::fields::{KeySpec, MapReader};
use crate::frontmatter::Yaml;
use crate::keys::FRONT_MATTER;
use crate::model::document::*;
use crate::model::links::scan_body_in;
use crate::model::paths::{normalize_rel, url_encode_path};
use crate::model::types::*;

use decision::{read_decision, read_stage};
use steps::*;

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
    check_not_empty(&mut r, &raw.front);
    let title = r.req_str(
        "title",
        "标题",
        &t!(
            "例如 `title: 关于印发《……》的通知`",
            "e.g. `title: 关于印发《……》的通知`"
        ),
    );
    let disclosure = read_disclosure(&mut r);
    let issuers = read_issuers(&mut r, cfg);
    let date = read_date(&mut r);
    let published = r.date("published");
    let doc_number = r.str("doc_number").filter(|s| !s.is_empty());
    let mut warnings = Vec::new();
    warnings.extend(early_warnings(
        &r,
        &file,
        doc_number.as_deref(),
        legacy_kind,
    ));
    let index_number = r.str("index_number").filter(|s| !s.is_empty());
    let kind = read_kind(&mut r);
    let draft = read_draft(&mut r);
    let summary = r.str("summary");
    let slug = r.str("slug");
    let topics: Vec<String> = r.strs("topics").into_iter().map(|(s, _)| s).collect();
    let interpretation = read_refs(&mut r, "interpretation", &raw.dir, true);
    let interprets = read_refs(&mut r, "interprets", &raw.dir, false);
    let attachments = read_attachments(&mut r, &raw.dir);

    let kind_v = kind.unwrap_or(Kind::General);
    let kind_known = kind.is_some();
    let normative = read_lifecycle(&mut r, kind, &raw.dir, &mut warnings);
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
    check_interpretation_keys(&mut r, kind, &interpretation, &interprets);

    let column = read_column(&mut r, cfg, &raw.dir, &file);

    let out_dir = out_dir(&mut r, slug.as_deref(), &raw.rel, &raw.dir);
    let urls = crate::model::links::SiteUrls::new(&cfg.base_url);
    let (links, link_diags) = scan_body_in(&raw.body, raw.body_line, &raw.dir, &file, &urls);
    r.diags.extend(link_diags);

    let lines = key_lines(&r);
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
