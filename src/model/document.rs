//! One validated document: front matter checked field by field (→ [`Document`]).

use std::collections::HashMap;
use std::path::PathBuf;

use crate::config::SiteConfig;
use crate::content::{Allow, RawDoc};
use crate::dates::Date;
use crate::diag::{Diagnostic, did_you_mean, suggest};
use crate::fields::{KeySpec, MapReader};
use crate::frontmatter::{Node, Yaml};
use crate::model::links::{BodyLink, scan_body};
use crate::model::paths::{normalize_rel, slugify, url_encode_path};
use crate::model::types::*;

/// Where a reference points.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// A document id (content path without `.md`).
    Doc(String),
    /// An external `https://` address.
    Url(String),
}

/// A reference written in front matter, with its line.
#[derive(Debug, Clone, PartialEq)]
pub struct Ref {
    pub target: Target,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cleanup {
    pub year: i64,
    pub result: CleanupResult,
    pub note: Option<String>,
    pub line: usize,
}

/// Fields only a 规范性文件 has.
#[derive(Debug, Clone, PartialEq)]
pub struct Normative {
    pub registration: Option<String>,
    pub validity: Validity,
    pub valid_from: Option<Date>,
    pub valid_until: Option<Date>,
    pub cleanup: Vec<Cleanup>,
    pub replaces: Vec<Ref>,
    pub replaced_by: Vec<Ref>,
}

impl Normative {
    /// `validity`, except a 有效 document past `valid_until` is 已失效 (SPEC §5).
    pub fn effective_validity(&self, today: Date) -> Validity {
        match (self.validity, self.valid_until) {
            (Validity::Valid, Some(until)) if until < today => Validity::Expired,
            (v, _) => v,
        }
    }
}

/// A catalog item of 重大行政决策事项目录.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub id: String,
    pub year: i64,
    pub undertaker: usize,
    pub status: DecisionStatus,
    pub line: usize,
}

/// The decision a stage document belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct StageRef {
    pub id: String,
    pub stage: Stage,
    pub line: usize,
}

/// A file listed in `attachments`.
#[derive(Debug, Clone, PartialEq)]
pub struct Attachment {
    /// Content path of the file.
    pub rel: String,
    pub name: String,
    pub line: usize,
}

/// A document after validation of its own fields (cross-references are checked by `Site`).
#[derive(Debug, Clone)]
pub struct Document {
    pub id: String,
    pub rel: String,
    pub file: PathBuf,
    pub dir: String,
    pub column: usize,
    pub title: String,
    pub disclosure: Disclosure,
    pub draft: bool,
    pub issuers: Vec<usize>,
    pub date: Date,
    pub published: Option<Date>,
    pub doc_number: Option<String>,
    pub index_number: Option<String>,
    pub kind: Kind,
    pub interpretation: Vec<Ref>,
    pub interprets: Vec<Ref>,
    pub topics: Vec<String>,
    pub attachments: Vec<Attachment>,
    pub summary: Option<String>,
    pub normative: Option<Normative>,
    pub decision: Option<Decision>,
    pub stage: Option<StageRef>,
    pub body: String,
    pub body_line: usize,
    pub links: Vec<BodyLink>,
    /// Line of each front-matter key (English name) for diagnostics.
    pub lines: HashMap<&'static str, usize>,
    pub allows: Vec<Allow>,
    /// Non-fatal remarks on this document (e.g. 文号 brackets), printed by the build.
    pub warnings: Vec<Diagnostic>,
    /// Output folder relative to the output root (unencoded): `fdzdgknr/gfxwj/2021-3`.
    pub out_dir: String,
    /// Page URL relative to the site root, percent-encoded: `/fdzdgknr/gfxwj/2021-3/`.
    pub url: String,
}

impl Document {
    /// 发布日期, or 成文日期 when absent.
    pub fn publish_date(&self) -> Date {
        self.published.unwrap_or(self.date)
    }

    /// SPEC §3: 主动公开, not a draft (unless `drafts`), not embargoed.
    pub fn is_published(&self, today: Date, drafts: bool) -> bool {
        self.disclosure == Disclosure::Public
            && (!self.draft || drafts)
            && self.publish_date() <= today
    }

    pub fn line(&self, key: &str) -> usize {
        self.lines.get(key).copied().unwrap_or(2)
    }

    /// Is a check finding of `rule` silenced by an inline allow comment?
    pub fn allowed(&self, rule: &str) -> bool {
        self.allows.iter().any(|a| a.rule == rule)
    }
}

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
            let help = match did_you_mean(&raw.dir, paths.iter().copied()) {
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

fn read_normative(r: &mut MapReader, dir: &str) -> Normative {
    let registration = r.str("registration");
    let validity = match r.str("validity") {
        Some(s) => Validity::from_cn(&s).unwrap_or_else(|| {
            let l = r.line_of("validity");
            let w = r.written("validity").to_string();
            r.error(
                l,
                format!("`{w}`: unknown validity `{s}`"),
                Some(suggest(&s, Validity::NAMES)),
            );
            Validity::Valid
        }),
        None => Validity::Valid,
    };
    let valid_from = r.date("valid_from");
    let valid_until = r.date("valid_until");
    if let (Some(f), Some(u)) = (valid_from, valid_until)
        && u < f
    {
        let l = r.line_of("valid_until");
        r.error(
            l,
            format!("`valid_until` {u} is before `valid_from` {f}"),
            None,
        );
    }
    let mut cleanup = Vec::new();
    if let Some(node) = r.node("cleanup") {
        let items: Vec<&Node> = match &node.value {
            Yaml::Seq(items) => items.iter().collect(),
            Yaml::Null => Vec::new(),
            _ => vec![node],
        };
        let file = r.file().to_path_buf();
        for item in items {
            let mut cr = MapReader::new(
                &file,
                item,
                &[
                    ("year", Some("年度")),
                    ("result", Some("结果")),
                    ("note", Some("说明")),
                ],
                "`cleanup`",
            );
            let year = cr.integer("year");
            if !cr.has("year") {
                cr.missing(
                    "year",
                    "清理年度",
                    "e.g. `cleanup: {year: 2021, result: 继续有效}`",
                );
            }
            let result = match cr.str("result") {
                Some(s) => CleanupResult::from_cn(&s).or_else(|| {
                    let l = cr.line_of("result");
                    cr.error(
                        l,
                        format!("`cleanup.result`: unknown value `{s}`"),
                        Some(suggest(&s, CleanupResult::NAMES)),
                    );
                    None
                }),
                None => {
                    cr.missing(
                        "result",
                        "清理结果",
                        "one of 继续有效 | 修改 | 废止 | 宣布失效",
                    );
                    None
                }
            };
            let note = cr.str("note");
            let line = item.line;
            r.diags.extend(cr.finish());
            if let (Some(year), Some(result)) = (year, result) {
                cleanup.push(Cleanup {
                    year,
                    result,
                    note,
                    line,
                });
            }
        }
    }
    cleanup.sort_by_key(|c| c.year);
    // The latest cleanup result must agree with the declared validity.
    if let Some(last) = cleanup.last() {
        let want = last.result.implied_validity();
        if want != validity {
            let line = last.line;
            r.error(
                line,
                format!(
                    "cleanup result {} ({}年清理) disagrees with validity {}: a document whose cleanup result is {} must have `validity: {}`",
                    last.result.cn(), last.year, validity.cn(), last.result.cn(), want.cn()
                ),
                Some(format!("set `validity: {}` or correct the cleanup result", want.cn())),
            );
        }
    }
    let replaces = read_refs_docs(r, "replaces", dir);
    let replaced_by = read_refs_docs(r, "replaced_by", dir);
    Normative {
        registration,
        validity,
        valid_from,
        valid_until,
        cleanup,
        replaces,
        replaced_by,
    }
}

fn read_refs_docs(r: &mut MapReader, key: &'static str, dir: &str) -> Vec<Ref> {
    read_refs(r, key, dir, false)
}

fn read_decision(r: &mut MapReader, cfg: &SiteConfig, kind: Kind) -> Option<Decision> {
    let node = r.node("decision");
    match (node, kind) {
        (None, Kind::Decision) => {
            r.missing("decision", "决策事项", "a 重大决策事项 needs `decision: {id: LZJC-2021-01, year: 2021, undertaker: <unit>, status: 拟决策}`");
            return None;
        }
        (None, _) => return None,
        (Some(n), k) if k != Kind::Decision => {
            r.error(
                n.line,
                "`decision` is only allowed on kind: 重大决策事项",
                Some(
                    "set `kind: 重大决策事项`, or use `decision_stage` for a stage document".into(),
                ),
            );
            return None;
        }
        _ => {}
    }
    let node = node?;
    let file = r.file().to_path_buf();
    let mut dr = MapReader::new(
        &file,
        node,
        &[
            ("id", None),
            ("year", None),
            ("undertaker", Some("承办单位")),
            ("status", Some("状态")),
        ],
        "`decision`",
    );
    let id = dr.req_str("id", "事项编号", "e.g. `id: LZJC-2021-01`");
    let year = dr.integer("year");
    if !dr.has("year") {
        dr.missing("year", "年度", "the catalog year, e.g. `year: 2021`");
    }
    let undertaker = match dr.req_str("undertaker", "承办单位", "a unit from site.yaml") {
        Some(u) => match cfg.unit_index(&u) {
            Some(i) => Some(i),
            None => {
                let names = cfg.unit_names();
                let l = dr.line_of("undertaker");
                let help = did_you_mean(&u, names.iter().copied())
                    .map(|g| format!("did you mean `{g}`?"))
                    .unwrap_or_else(|| {
                        "the undertaker must be listed under `units:` in site.yaml".into()
                    });
                dr.error(
                    l,
                    format!("undertaker (承办单位) `{u}` is not a unit in site.yaml"),
                    Some(help),
                );
                None
            }
        },
        None => None,
    };
    let status = match dr.str("status") {
        Some(s) => DecisionStatus::from_cn(&s).or_else(|| {
            let l = dr.line_of("status");
            dr.error(
                l,
                format!("`decision.status`: unknown value `{s}`"),
                Some(suggest(&s, DecisionStatus::NAMES)),
            );
            None
        }),
        None => {
            dr.missing("status", "状态", "one of 拟决策 | 已决策 | 已终止");
            None
        }
    };
    let line = node.line;
    r.diags.extend(dr.finish());
    Some(Decision {
        id: id?,
        year: year?,
        undertaker: undertaker?,
        status: status?,
        line,
    })
}

fn read_stage(r: &mut MapReader) -> Option<StageRef> {
    let node = r.node("decision_stage")?;
    let file = r.file().to_path_buf();
    let mut sr = MapReader::new(
        &file,
        node,
        &[("id", None), ("stage", Some("阶段"))],
        "`decision_stage`",
    );
    let id = sr.req_str(
        "id",
        "事项编号",
        "the id of the catalog item, e.g. `id: LZJC-2021-01`",
    );
    let stage = match sr.req_str("stage", "阶段", "one of 决策草案 | 制订背景 | 意见征集采纳情况 | 会议审议情况 | 决策结果 | 政策解读 | 执行评估") {
        Some(s) => Stage::from_cn(&s).or_else(|| {
            let l = sr.line_of("stage");
            sr.error(l, format!("`decision_stage.stage`: unknown stage `{s}`"), Some(suggest(&s, Stage::NAMES)));
            None
        }),
        None => None,
    };
    let line = sr.line_of("id");
    r.diags.extend(sr.finish());
    Some(StageRef {
        id: id?,
        stage: stage?,
        line,
    })
}
