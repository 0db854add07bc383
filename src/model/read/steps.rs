//! The steps of [`super::parse`]: the plain fields (disclosure, date, kind, draft), the checks
//! of keys that depend on the kind (lifecycle, 解读), and the document's place (column, output
//! folder). Each step reports into the one `MapReader`, in the order `parse` calls them.

use std::collections::HashMap;
use std::path::Path;

use crate::config::SiteConfig;
use crate::dates::Date;
use crate::diag::{Diagnostic, did_you_mean, did_you_mean_text, suggest};
use crate::fields::MapReader;
use crate::frontmatter::Yaml;
use crate::keys::{FRONT_MATTER, NORMATIVE_KEYS};
use crate::model::document::*;
use crate::model::paths::slugify;
use crate::model::types::*;

use super::normative::read_normative;

/// An empty front matter is an error of its own (the missing keys are reported too).
pub(super) fn check_not_empty(r: &mut MapReader, front: &crate::frontmatter::Node) {
    if front.value == Yaml::Null {
        r.error(
            2,
            t!("前置元数据为空", "front matter is empty"),
            Some(t!(
                "至少写上 title（标题）、disclosure（公开属性）、issuer（发布机构）和 date（成文日期）",
                "add at least title, disclosure (公开属性), issuer (发布机构) and date (成文日期)"
            )),
        );
    }
}

/// `disclosure` (公开属性): required and without a default; an empty value is its own error.
pub(super) fn read_disclosure(r: &mut MapReader) -> Option<Disclosure> {
    match r.str("disclosure") {
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
    }
}

/// `date` (成文日期): required.
pub(super) fn read_date(r: &mut MapReader) -> Option<Date> {
    match r.node("date") {
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
    }
}

/// Warnings that do not stop the build, in this order: a 文号 not in the standard form, the
/// legacy key `文种` (line `legacy_kind`).
pub(super) fn early_warnings(
    r: &MapReader,
    file: &Path,
    doc_number: Option<&str>,
    legacy_kind: Option<usize>,
) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    if let Some(n) = doc_number
        && let Some(fixed) = crate::docnum::suggest(n)
    {
        warnings.push(
            Diagnostic::warning(
                file,
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
                file,
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
    warnings
}

/// `kind` (信息类别): 一般 when absent; an unknown value is an error and `None`.
pub(super) fn read_kind(r: &mut MapReader) -> Option<Kind> {
    match r.str("kind") {
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
    }
}

/// `draft`: `false` when absent; an empty value is an error (read as a draft).
pub(super) fn read_draft(r: &mut MapReader) -> bool {
    // `draft: ~` / `draft:` used to read as "not a draft" and publish the document
    // (issue 16 item 13): an empty value is an error, like an empty `disclosure`.
    if r.node("draft").is_some_and(|n| n.value == Yaml::Null) {
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
    }
}

/// The lifecycle keys (validity, cleanup, replacements): read for 规范性文件 and, when any is
/// given, for 政策文件; an error on any other kind. `kind` is `None` when it was unknown.
pub(super) fn read_lifecycle(
    r: &mut MapReader,
    kind: Option<Kind>,
    dir: &str,
    warnings: &mut Vec<Diagnostic>,
) -> Option<Normative> {
    let kind_v = kind.unwrap_or(Kind::General);
    let lifecycle_keys = || NORMATIVE_KEYS.iter().filter(|k| r.has(k)).count();
    // An unknown `kind` is one mistake: the keys that depend on the kind are not judged
    // against a kind the editor did not mean.
    let kind_known = kind.is_some();
    if kind_v == Kind::Normative {
        Some(read_normative(r, dir, warnings))
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
        Some(read_normative(r, dir, &mut Vec::new()))
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
    }
}

/// A 政策解读 names what it explains (`interprets`); other kinds name their 解读
/// (`interpretation`). `kind` is `None` when it was unknown.
pub(super) fn check_interpretation_keys(
    r: &mut MapReader,
    kind: Option<Kind>,
    interpretation: &[Ref],
    interprets: &[Ref],
) {
    let kind_v = kind.unwrap_or(Kind::General);
    let kind_known = kind.is_some();
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
}

/// The column is the folder; an undeclared folder is an error naming the nearest column, or
/// inside a 部门/镇街 folder that body's columns (SPEC §7).
pub(super) fn read_column(
    r: &mut MapReader,
    cfg: &SiteConfig,
    dir: &str,
    file: &Path,
) -> Option<usize> {
    match cfg.column_index(dir) {
        Some(c) => Some(c),
        None => {
            let paths: Vec<&str> = cfg.columns.iter().map(|c| c.path.as_str()).collect();
            let b = &cfg.bodies[cfg.body_of_dir(dir)];
            let help = match did_you_mean(dir, paths.iter().copied()) {
                // Inside a 部门/镇街 folder: name the body and its columns (SPEC §7).
                _ if !b.path.is_empty() => crate::config::bodies_help(cfg, b, dir),
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
            let dir = if dir.is_empty() { "content/" } else { dir };
            r.diags.push(
                Diagnostic::error(
                    file,
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
    }
}

/// The output folder: the document's folder plus its slug (`slug:`, else the file name); a
/// slug that is not one path segment is an error.
pub(super) fn out_dir(r: &mut MapReader, slug: Option<&str>, rel: &str, dir: &str) -> String {
    let slug_seg = match slug {
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
            rel.rsplit('/')
                .next()
                .unwrap_or(rel)
                .trim_end_matches(".md"),
        ),
    };
    if dir.is_empty() {
        slug_seg.clone()
    } else {
        format!("{}/{}", dir, slug_seg)
    }
}

/// The line of every front-matter key given, for diagnostics after validation.
pub(super) fn key_lines(r: &MapReader) -> HashMap<&'static str, usize> {
    let mut lines = HashMap::new();
    for k in FRONT_MATTER {
        if r.has(k.key) {
            lines.insert(k.key, r.line_of(k.key));
        }
    }
    lines
}
