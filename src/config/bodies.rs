//! Disclosure bodies (公开主体, SPEC §7): `body:`/`path:`/`contact:` on units, `sections:`
//! column sets per body kind, and the expansion of both into one column list where every
//! column knows its body.
//!
//! 《中华人民共和国政府信息公开条例》(国务院令第711号) 第十二条: 行政机关编制、公布的政府信息
//! 公开指南和政府信息公开目录应当及时更新; 第四十九条: 县级以上人民政府部门应当在每年1月31日
//! 前向本级政府信息公开工作主管部门提交本行政机关上一年度政府信息公开工作年度报告并向社会
//! 公布。县级以上地方人民政府的政府信息公开工作主管部门应当在每年3月31日前向社会公布本级政府
//! 上一年度政府信息公开工作年度报告。(https://www.gov.cn/zhengce/content/2019-04/15/content_5382991.htm)

use std::path::Path;

use crate::diag::{Diagnostic, suggest};
use crate::fields::MapReader;
use crate::frontmatter::{Node, Yaml};

use super::{Column, FILE, RESERVED, Unit, read_columns};

/// The kind of a disclosure body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BodyKind {
    /// 本级政府: the government itself; its section is the site root.
    Government,
    /// 部门: a department of the government.
    Department,
    /// 镇街: a town (镇) or subdistrict (街道).
    Town,
}

impl BodyKind {
    pub const ALL: [BodyKind; 3] = [BodyKind::Government, BodyKind::Department, BodyKind::Town];
    pub const NAMES: &'static [&'static str] = &["本级政府", "部门", "镇街"];

    /// The Chinese name used in site.yaml and output.
    pub fn cn(self) -> &'static str {
        Self::NAMES[self.index()]
    }

    pub fn from_cn(s: &str) -> Option<BodyKind> {
        Self::NAMES
            .iter()
            .position(|n| *n == s)
            .map(|i| Self::ALL[i])
    }

    /// 0, 1, 2 in the order 本级政府, 部门, 镇街.
    pub fn index(self) -> usize {
        match self {
            BodyKind::Government => 0,
            BodyKind::Department => 1,
            BodyKind::Town => 2,
        }
    }

    /// Title of the site's index of bodies of this kind (部门信息公开, 镇街信息公开).
    pub fn index_title(self) -> &'static str {
        match self {
            BodyKind::Government => "本级政府信息公开",
            BodyKind::Department => "部门信息公开",
            BodyKind::Town => "镇街信息公开",
        }
    }

    /// Output folder of the index of bodies of this kind (`None` for 本级政府: the home page).
    pub fn index_dir(self) -> Option<&'static str> {
        match self {
            BodyKind::Government => None,
            BodyKind::Department => Some("bmxxgk"),
            BodyKind::Town => Some("zjxxgk"),
        }
    }
}

impl serde::Serialize for BodyKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.cn())
    }
}

/// `contact:` of a body — shown on its section home and in `data/bodies.json`.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct Contact {
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub hours: Option<String>,
}

/// A disclosure body (公开主体) with its own section (SPEC §7).
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The unit's canonical name (or `organization` for a site without `body:`).
    pub name: String,
    pub kind: BodyKind,
    /// Section folder under content/ and in the output: `""` for the root, else `bm/jtj`.
    pub path: String,
    /// Index into `units` (None: a site without `body:` whose organization is no unit).
    pub unit: Option<usize>,
    pub contact: Option<Contact>,
    /// site.yaml line of the unit's `- name:` (of `organization:` for the implicit body).
    pub line: usize,
    /// Indices into `SiteConfig::columns` of this body's columns, in declaration order.
    pub columns: Vec<usize>,
}

/// The four statutory entries of a section (国办公开办函〔2019〕61号: 统一名称), found by title.
pub const STATUTORY: [&str; 4] = [
    "政府信息公开指南",
    "政府信息公开制度",
    "法定主动公开内容",
    "政府信息公开年报",
];

impl Body {
    /// URL of the section home relative to the site root, percent-encoded (`/`, `/bm/jtj/`).
    pub fn url(&self) -> String {
        if self.path.is_empty() {
            "/".into()
        } else {
            crate::urls::url_encode_path(&format!("/{}/", self.path))
        }
    }

    /// Output folder of the section home (`""` for the root).
    pub fn out_dir(&self) -> &str {
        &self.path
    }

    /// Is this the implicit or explicit 本级政府 (section = site root)?
    pub fn is_root(&self) -> bool {
        self.path.is_empty()
    }

    /// The body's column with this title that is not inside another of its columns
    /// (e.g. its 政府信息公开指南), if any.
    pub fn top_column<'c>(&self, columns: &'c [Column], title: &str) -> Option<&'c Column> {
        self.columns
            .iter()
            .map(|&i| &columns[i])
            .filter(|c| c.title == title)
            .min_by_key(|c| c.path.len())
    }

    /// Is content folder `dir` inside this body's section folder?
    pub fn holds_dir(&self, dir: &str) -> bool {
        self.path.is_empty() || under(dir, &self.path)
    }
}

/// `dir` is `base` or inside it.
pub fn under(dir: &str, base: &str) -> bool {
    dir == base || (dir.starts_with(base) && dir.as_bytes().get(base.len()) == Some(&b'/'))
}

/// The non-root bodies by section folder, so that [`BodyPaths::body_of`] costs the depth of
/// a folder, not the number of bodies: it is asked for every page and every document, and a
/// linear scan of 300 bodies per page was pages × bodies (issue 22, city platform).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BodyPaths(rustc_hash::FxHashMap<String, usize>);

impl BodyPaths {
    pub fn new(bodies: &[Body]) -> BodyPaths {
        let mut m = rustc_hash::FxHashMap::default();
        for (i, b) in bodies.iter().enumerate() {
            if !b.path.is_empty() {
                // Two bodies with one path (an overlap error): the later one, as before.
                m.insert(b.path.clone(), i);
            }
        }
        BodyPaths(m)
    }

    /// Longest non-root body path that holds `dir` ([`under`]: `dir` itself or a prefix of
    /// it ending before a `/`); 0 (the root body) otherwise.
    pub fn body_of(&self, dir: &str) -> usize {
        if self.0.is_empty() {
            return 0;
        }
        std::iter::once(dir)
            .chain(dir.rmatch_indices('/').map(|(k, _)| &dir[..k]))
            .find_map(|p| self.0.get(p).copied())
            .unwrap_or(0)
    }
}

/// Default due dates (条例第四十九条): 本级政府 03-31, 部门 01-31, 镇街 01-31.
pub const DEFAULT_DUE: [(u32, u32); 3] = [(3, 31), (1, 31), (1, 31)];

/// `body`, `path`, `contact` of one unit (the reader already knows these keys).
pub(super) fn read_unit_body(
    r: &mut MapReader,
) -> (Option<BodyKind>, Option<String>, Option<Contact>) {
    let mut known = true;
    let body = match r.str("body") {
        Some(s) => match BodyKind::from_cn(&s) {
            Some(k) => Some(k),
            None => {
                known = false;
                let l = r.line_of("body");
                r.error(
                    l,
                    t!(
                        "`body`（公开主体类型）的值 `{s}` 无法识别",
                        "`body`: unknown disclosure body kind `{s}`"
                    ),
                    Some(suggest(&s, BodyKind::NAMES)),
                );
                None
            }
        },
        None => None,
    };
    let path = r.str("path");
    let contact = r.node("contact").map(|n| {
        let keys = crate::keys::specs(crate::keys::CONTACT);
        let mut cr = MapReader::new(Path::new(FILE), n, &keys, "`contact`（联系方式）");
        let c = Contact {
            address: cr.str("address"),
            phone: cr.str("phone"),
            email: cr.str("email"),
            hours: cr.str("hours"),
        };
        r.diags.extend(cr.finish());
        c
    });
    if let Some(p) = &path {
        let l = r.line_of("path");
        if let Some(msg) = bad_path(p) {
            r.error(l, msg, Some("例如 `path: bm/jtj`".into()));
        }
    }
    // An unknown kind is reported once; its `path`/`contact` would only repeat it.
    if !known {
        return (None, None, None);
    }
    (body, path, contact)
}

/// Why `p` is not a usable section folder, if it is not.
fn bad_path(p: &str) -> Option<String> {
    let bad = p.is_empty()
        || p.starts_with('/')
        || p.ends_with('/')
        || p.split('/')
            .any(|s| s.is_empty() || s == "." || s == ".." || s.starts_with('.'))
        || p.contains('\\');
    if bad {
        return Some(format!(
            "`path: {p}` 必须是 content/ 下的相对目录，不含 `..`，如 `bm/jtj`"
        ));
    }
    if RESERVED.contains(&p.split('/').next().unwrap_or("")) {
        return Some(format!(
            "`path: {p}` 使用了 gongkai 生成页面保留的目录名（{}）",
            RESERVED.join(", ")
        ));
    }
    None
}

/// `rules.annual_report_due: {本级政府: 03-31, 部门: 01-31, 镇街: 01-31}`.
pub(super) fn read_due(n: &Node, diags: &mut Vec<Diagnostic>) -> [(u32, u32); 3] {
    let mut due = DEFAULT_DUE;
    let keys = crate::keys::specs(crate::keys::ANNUAL_REPORT_DUE);
    let mut r = MapReader::new(Path::new(FILE), n, &keys, "`annual_report_due`");
    for (i, k) in BodyKind::NAMES.iter().enumerate() {
        let Some(s) = r.str(k) else { continue };
        let line = r.line_of(k);
        let parsed = s.split_once('-').and_then(|(m, d)| {
            let (m, d) = (m.parse::<u32>().ok()?, d.parse::<u32>().ok()?);
            crate::dates::Date::new(2021, m, d).map(|_| (m, d))
        });
        match parsed {
            Some(md) => due[i] = md,
            None => r.error(
                line,
                t!(
                    "`annual_report_due.{k}`: `{s}` 不是“月-日”格式的日期",
                    "`annual_report_due.{k}`: `{s}` is not a month-day date (MM-DD)"
                ),
                Some(format!(
                    "例如 `{k}: 01-31`（条例第四十九条：部门 1月31日前，本级政府 3月31日前）"
                )),
            ),
        }
    }
    diags.extend(r.finish());
    due
}

/// Turn units with `body:` and `sections:` into bodies, and the `columns:` entries plus the
/// section columns of every body into one column list (each with its body).
pub(super) fn resolve(
    units: &[Unit],
    mut columns: Vec<Column>,
    sections: Option<&Node>,
    organization: &str,
    org_line: usize,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Column>, Vec<Body>) {
    // Section column lists per kind (部门, 镇街).
    let kind_cols = read_sections(sections, diags);
    let mut bodies = build_bodies(units, organization, org_line, diags);
    assign_columns(&mut columns, &bodies, diags);
    let expanded = expand_sections(&bodies, &kind_cols, &columns, diags);
    // Final order: the root's columns, then each body's section columns followed by its own
    // `columns:` entries (so a body's tree starts with the statutory entries).
    // (Grouped in one pass: filtering every column per body was bodies × columns.)
    let mut per_body: Vec<Vec<Column>> = vec![Vec::new(); bodies.len()];
    for c in expanded.into_iter().chain(columns) {
        per_body[c.body].push(c);
    }
    let all: Vec<Column> = per_body.into_iter().flatten().collect();
    check_stats_dirs(&all, &bodies, diags);
    for (i, c) in all.iter().enumerate() {
        bodies[c.body].columns.push(i);
    }
    (all, bodies)
}

/// A diagnostic at `line` of site.yaml with a help text.
fn err(line: usize, msg: String, help: &str) -> Diagnostic {
    Diagnostic::error(FILE, Some(line), msg).help(help.to_string())
}

/// `sections:`: the section column list of each body kind (部门, 镇街), by `BodyKind::index`.
fn read_sections(sections: Option<&Node>, diags: &mut Vec<Diagnostic>) -> [Vec<Column>; 3] {
    let mut kind_cols: [Vec<Column>; 3] = Default::default();
    if let Some(n) = sections {
        match &n.value {
            Yaml::Map(entries) => {
                for (k, v) in entries {
                    match BodyKind::from_cn(k) {
                        Some(BodyKind::Government) => diags.push(err(
                            v.line,
                            "`sections` 不能声明 `本级政府`：本级政府的栏目就是 `columns:` 中不属于其他公开主体的各项".into(),
                            "删除 `sections.本级政府`，把这些栏目写在 `columns:` 下",
                        )),
                        Some(kind) => {
                            kind_cols[kind.index()] =
                                read_columns(v, &format!("sections.{k}"), diags);
                        }
                        None => diags.push(
                            Diagnostic::error(
                                FILE,
                                Some(v.line),
                                t!("`sections` 中的公开主体类型 `{k}` 无法识别", "`sections`: unknown disclosure body kind `{k}`"),
                            )
                            .help(suggest(k, &BodyKind::NAMES[1..])),
                        ),
                    }
                }
            }
            Yaml::Null => {}
            v => diags.push(err(
                n.line,
                t!("`sections` 必须是按公开主体类型分组的栏目列表，实际为 {t}", "`sections` must map body kinds to column lists, found {t}", t = v.type_name()),
                "例如 `sections:` 下一行 `  部门:`，再下一行 `    - {path: zfxxgkzn, title: 政府信息公开指南, freshness: none}`",
            )),
        }
    }
    kind_cols
}

/// The disclosure bodies: the root (本级政府) and every unit with `body:`, sorted by kind
/// and name.
fn build_bodies(
    units: &[Unit],
    organization: &str,
    org_line: usize,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Body> {
    let any_body = units.iter().any(|u| u.body.is_some());
    let mut bodies: Vec<Body> = Vec::new();
    if !any_body {
        for u in units {
            if u.path.is_some() {
                diags.push(err(
                    u.line,
                    t!(
                        "单位 `{n}` 有 `path`，但没有 `body`（公开主体类型）",
                        "unit `{n}` has a `path` but no `body` (disclosure body kind)",
                        n = u.name
                    ),
                    "`path` 是公开主体的栏目目录：加上 `body: 部门` 或 `body: 镇街`，或删除 `path`",
                ));
            }
        }
        let unit = units
            .iter()
            .position(|u| u.name == organization || u.aliases.iter().any(|a| a == organization));
        for (i, u) in units.iter().enumerate() {
            if u.contact.is_some() && Some(i) != unit {
                diags.push(err(
                    u.line,
                    t!("单位 `{n}` 有 `contact`，但它不是公开主体", "unit `{n}` has a `contact` but is not a disclosure body", n = u.name),
                    "`contact` 只用于公开主体：加上 `body:`（本级政府 | 部门 | 镇街），或删除 `contact`",
                ));
            }
        }
        bodies.push(Body {
            name: unit
                .map(|i| units[i].name.clone())
                .unwrap_or_else(|| organization.to_string()),
            kind: BodyKind::Government,
            path: String::new(),
            unit,
            contact: unit.and_then(|i| units[i].contact.clone()),
            line: unit.map(|i| units[i].line).unwrap_or(org_line),
            columns: Vec::new(),
        });
    } else {
        let mut root: Option<usize> = None;
        for (i, u) in units.iter().enumerate() {
            let Some(kind) = u.body else {
                if u.path.is_some() {
                    diags.push(err(
                        u.line,
                        t!(
                            "单位 `{n}` 有 `path`，但没有 `body`（公开主体类型）",
                            "unit `{n}` has a `path` but no `body` (disclosure body kind)",
                            n = u.name
                        ),
                        "加上 `body: 部门` 或 `body: 镇街`，或删除 `path`",
                    ));
                }
                if u.contact.is_some() {
                    diags.push(err(
                        u.line,
                        t!("单位 `{n}` 有 `contact`，但它不是公开主体", "unit `{n}` has a `contact` but is not a disclosure body", n = u.name),
                        "`contact` 只用于公开主体：加上 `body:`（本级政府 | 部门 | 镇街），或删除 `contact`",
                    ));
                }
                continue;
            };
            let path = match (kind, &u.path) {
                (BodyKind::Government, None) => String::new(),
                (BodyKind::Government, Some(_)) => {
                    diags.push(err(
                        u.line,
                        t!("本级政府 `{n}` 的栏目就是站点根目录，不能有 `path`", "the 本级政府 `{n}` has the site root as its section; it takes no `path`", n = u.name),
                        "删除 `path`；部门和镇街才需要 `path`",
                    ));
                    String::new()
                }
                (_, None) => {
                    diags.push(err(
                        u.line,
                        t!("公开主体 `{n}`（{k}）缺少 `path`（栏目目录）", "disclosure body `{n}` ({k}) has no `path` (its section folder)", n = u.name, k = kind.cn()),
                        "例如 `path: bm/jtj`：该主体的文档放在 content/bm/jtj/ 下，栏目首页为 /bm/jtj/",
                    ));
                    continue;
                }
                (_, Some(p)) if bad_path(p).is_some() => continue,
                (_, Some(p)) => p.clone(),
            };
            if kind == BodyKind::Government {
                if let Some(r) = root {
                    diags.push(err(
                        u.line,
                        t!(
                            "有两个本级政府：`{a}` 和 `{b}`（第 {l} 行）",
                            "two 本级政府: `{a}` and `{b}` (line {l})",
                            a = u.name,
                            b = units[r].name,
                            l = units[r].line
                        ),
                        "一个站点只有一个 `body: 本级政府`；部门写 `body: 部门`，镇街写 `body: 镇街`",
                    ));
                    continue;
                }
                root = Some(i);
            }
            bodies.push(Body {
                name: u.name.clone(),
                kind,
                path,
                unit: Some(i),
                contact: u.contact.clone(),
                line: u.line,
                columns: Vec::new(),
            });
        }
        if root.is_none() {
            let first = units.iter().find(|u| u.body.is_some()).map(|u| u.line);
            diags.push(err(
                first.unwrap_or(org_line),
                t!(
                    "声明了公开主体（`body:`），但没有本级政府",
                    "disclosure bodies (`body:`) are declared but none is the 本级政府"
                ),
                "给本级政府的单位加上 `body: 本级政府`（它的栏目就是站点根目录）",
            ));
            // Keep going so the other errors are found in the same run.
            bodies.push(Body {
                name: organization.to_string(),
                kind: BodyKind::Government,
                path: String::new(),
                unit: None,
                contact: None,
                line: org_line,
                columns: Vec::new(),
            });
        }
        // Overlapping section folders: one would hold the other's documents.
        check_overlaps(&bodies, diags);
    }
    bodies.sort_by(|a, b| (a.kind, &a.name).cmp(&(b.kind, &b.name)));
    bodies
}

/// Overlapping section folders: one would hold the other's documents.
fn check_overlaps(bodies: &[Body], diags: &mut Vec<Diagnostic>) {
    for i in 0..bodies.len() {
        for j in 0..i {
            let (a, b) = (&bodies[i], &bodies[j]);
            if a.path.is_empty() || b.path.is_empty() {
                continue;
            }
            if under(&a.path, &b.path) || under(&b.path, &a.path) {
                diags.push(err(
                    a.line,
                    t!(
                        "公开主体 `{an}` 的 `path: {ap}` 与 `{bn}`（第 {bl} 行）的 `path: {bp}` 重叠",
                        "disclosure body `{an}`: `path: {ap}` overlaps `path: {bp}` of `{bn}` (line {bl})",
                        an = a.name,
                        ap = a.path,
                        bn = b.name,
                        bl = b.line,
                        bp = b.path
                    ),
                    "每个部门、镇街的栏目目录互不包含，例如 `bm/jtj` 和 `bm/jyj`",
                ));
            }
        }
    }
}

/// `columns:` entries: inside a body's folder → that body's, else the root's. A column
/// that is or contains a body's section folder is an error.
fn assign_columns(columns: &mut [Column], bodies: &[Body], diags: &mut Vec<Diagnostic>) {
    let paths = BodyPaths::new(bodies);
    for c in columns.iter_mut() {
        c.body = paths.body_of(&c.path);
        if let Some(b) = bodies
            .iter()
            .find(|b| !b.path.is_empty() && under(&b.path, &c.path))
        {
            let msg = if b.path == c.path {
                t!(
                    "栏目 `{cp}` 就是公开主体 `{bn}` 的栏目首页目录",
                    "column `{cp}` is the section home folder of disclosure body `{bn}`",
                    cp = c.path,
                    bn = b.name
                )
            } else {
                t!(
                    "栏目 `{cp}` 包含了公开主体 `{bn}` 的栏目目录 `{bp}`",
                    "column `{cp}` contains the section folder `{bp}` of disclosure body `{bn}`",
                    cp = c.path,
                    bn = b.name,
                    bp = b.path
                )
            };
            diags.push(err(
                c.line,
                msg,
                "公开主体的栏目首页由 gongkai 生成；栏目写在它的目录之下（如 `bm/jtj/zfxxgkzn`），或给公开主体换一个 `path`",
            ));
        }
    }
}

/// Section columns of every 部门/镇街 under its path; one also declared in `columns:` is an
/// error.
fn expand_sections(
    bodies: &[Body],
    kind_cols: &[Vec<Column>; 3],
    columns: &[Column],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Column> {
    let mut expanded: Vec<Column> = Vec::new();
    for (bi, b) in bodies.iter().enumerate() {
        if b.path.is_empty() {
            continue;
        }
        let k = b.kind.index();
        for s in &kind_cols[k] {
            let path = format!("{}/{}", b.path, s.path);
            if let Some(c) = columns.iter().find(|c| c.path == path) {
                diags.push(err(
                    c.line,
                    t!(
                        "栏目 `{path}` 声明了两次：`sections.{k}` 第 {l} 行已为 `{n}` 生成了它",
                        "column `{path}` is declared twice: `sections.{k}` line {l} makes it for `{n}`",
                        k = b.kind.cn(),
                        l = s.line,
                        n = b.name
                    ),
                    "删除 `columns:` 中的这一项；要为个别主体增加栏目，用 `sections` 之外的路径",
                ));
            }
            expanded.push(Column {
                path,
                body: bi,
                ..s.clone()
            });
        }
    }
    expanded
}

/// `/<path>/tj/` is the body's statistics page (render::stats): no column may be there.
fn check_stats_dirs(all: &[Column], bodies: &[Body], diags: &mut Vec<Diagnostic>) {
    let mut reported = std::collections::BTreeSet::new();
    for c in all.iter() {
        let b = &bodies[c.body];
        if b.path.is_empty() || !under(&c.path, &format!("{}/tj", b.path)) {
            continue;
        }
        if reported.insert(c.line) {
            diags.push(err(
                c.line,
                t!(
                    "栏目 `{cp}` 占用了公开主体 `{bn}` 的统计页目录 `{bp}/tj`",
                    "column `{cp}` is in `{bp}/tj`, the statistics page of disclosure body `{bn}`",
                    cp = c.path,
                    bn = b.name,
                    bp = b.path
                ),
                "gongkai 在公开主体目录下的 `tj/` 生成该主体的信息公开统计页；给栏目换一个目录名",
            ));
        }
    }
}

/// Help for a document in body `b`'s folder but in no declared column: its columns.
pub fn bodies_help(cfg: &super::SiteConfig, b: &Body, dir: &str) -> String {
    let cols: Vec<String> = b
        .columns
        .iter()
        .map(|&i| format!("{}（{}）", cfg.columns[i].path, cfg.columns[i].title))
        .collect();
    if cols.is_empty() {
        format!(
            "`{}` 是 `{}`（{}）的栏目目录，但它还没有栏目：在 site.yaml 的 `sections.{}` 或 `columns:` 中声明栏目",
            b.path,
            b.name,
            b.kind.cn(),
            b.kind.cn()
        )
    } else {
        format!(
            "`{}` 是 `{}`（{}）的栏目目录；把文件移入它的某个栏目：{}{}",
            b.path,
            b.name,
            b.kind.cn(),
            cols.join("、"),
            if dir == b.path {
                ""
            } else {
                "；或在 site.yaml 的 `columns:` 中声明这个目录"
            }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    const HEAD: &str = "title: T\nbase_url: https://ex.gov.cn/xxgk/\norganization: 某区人民政府\n";

    fn lines_of(e: &[Diagnostic]) -> Vec<(Option<usize>, String)> {
        e.iter().map(|d| (d.line, d.message.clone())).collect()
    }

    #[test]
    fn no_body_is_one_body_named_by_organization() {
        let c = parse(&format!(
            "{HEAD}units:\n  - name: 甲局\ncolumns:\n  - path: a\n    title: A\n"
        ))
        .unwrap();
        assert_eq!(c.bodies.len(), 1);
        let b = &c.bodies[0];
        assert_eq!(
            (b.name.as_str(), b.kind, b.path.as_str()),
            ("某区人民政府", BodyKind::Government, "")
        );
        assert_eq!(b.unit, None);
        assert_eq!(b.line, 3);
        assert_eq!(b.columns, vec![0]);
        assert_eq!(c.columns[0].body, 0);
    }

    const BODIES: &str = "units:
  - name: 某区人民政府
    body: 本级政府
  - name: 某区交通运输局
    body: 部门
    path: bm/jtj
    contact: {address: 某路1号, phone: 0539-1}
  - name: 某镇人民政府
    body: 镇街
    path: zj/mz
  - name: 某区人民政府办公室
sections:
  部门:
    - {path: zfxxgkzn, title: 政府信息公开指南, freshness: none}
    - {path: zfxxgknb, title: 政府信息公开年报, freshness: planning}
  镇街:
    - {path: zfxxgkzn, title: 政府信息公开指南, freshness: none}
columns:
  - path: zfxxgkzn
    title: 政府信息公开指南
  - path: bm/jtj/jtxx
    title: 交通信息
";

    #[test]
    fn sections_expand_under_each_body() {
        let c = parse(&format!("{HEAD}{BODIES}")).unwrap();
        let names: Vec<_> = c
            .bodies
            .iter()
            .map(|b| (b.name.as_str(), b.kind.cn(), b.path.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("某区人民政府", "本级政府", ""),
                ("某区交通运输局", "部门", "bm/jtj"),
                ("某镇人民政府", "镇街", "zj/mz")
            ]
        );
        let paths: Vec<_> = c
            .columns
            .iter()
            .map(|c| (c.path.as_str(), c.body))
            .collect();
        assert_eq!(
            paths,
            [
                ("zfxxgkzn", 0),
                ("bm/jtj/zfxxgkzn", 1),
                ("bm/jtj/zfxxgknb", 1),
                ("bm/jtj/jtxx", 1),
                ("zj/mz/zfxxgkzn", 2)
            ]
        );
        assert_eq!(c.bodies[1].columns, vec![1, 2, 3]);
        assert_eq!(c.bodies[1].line, 7);
        assert_eq!(
            c.bodies[1].contact.as_ref().unwrap().phone.as_deref(),
            Some("0539-1")
        );
        assert_eq!(c.body_of_dir("bm/jtj/jtxx"), 1);
        assert_eq!(c.body_of_dir("bm/jtjx"), 0);
        assert_eq!(c.bodies[1].url(), "/bm/jtj/");
    }

    /// The scan `BodyPaths` replaced: the longest non-root body path that holds `dir`.
    fn scan(bodies: &[Body], dir: &str) -> usize {
        bodies
            .iter()
            .enumerate()
            .filter(|(_, b)| !b.path.is_empty() && under(dir, &b.path))
            .max_by_key(|(_, b)| b.path.len())
            .map(|(i, _)| i)
            .unwrap_or(0)
    }

    #[test]
    fn body_of_finds_the_longest_holding_path() {
        let body = |path: &str| Body {
            name: path.into(),
            kind: BodyKind::Town,
            path: path.into(),
            unit: None,
            contact: None,
            line: 1,
            columns: Vec::new(),
        };
        // Prefix-sharing folders, and nested ones (an overlap error in site.yaml, but the
        // lookup must still answer as the scan did while the errors are collected).
        let bodies: Vec<Body> = ["", "zj/a", "zj/ab", "bm", "bm/jtj", "bm/jtj/x/y", "zj/a"]
            .into_iter()
            .map(body)
            .collect();
        let paths = BodyPaths::new(&bodies);
        let cases = [
            ("zj/a", 6),
            ("zj/a/zfxxgkzn", 6),
            ("zj/ab", 2),
            ("zj/ab/zfxxgkzn/sub", 2),
            ("zj/abc", 0),
            ("zj/abc/a", 0),
            ("zj", 0),
            ("", 0),
            ("bm", 3),
            ("bm/jtjx", 3),
            ("bm/jtj/x", 4),
            ("bm/jtj/x/y/z", 5),
            ("bm/jtj/x/yz", 4),
            ("zfxxgkzn", 0),
            ("bm/jtj/", 4),
        ];
        for (dir, want) in cases {
            assert_eq!(paths.body_of(dir), want, "{dir:?}");
            assert_eq!(scan(&bodies, dir), want, "scan {dir:?}");
        }
        // A site of one body has no map at all.
        assert_eq!(BodyPaths::new(&bodies[..1]).body_of("zj/a"), 0);
    }

    #[test]
    fn body_errors_have_lines() {
        let text = format!(
            "{HEAD}units:
  - name: 甲
    body: 本级政府
  - name: 乙
    body: 本级政府
  - name: 丙
    body: 部们
    path: bm/b
  - name: 丁
    body: 部门
    path: bm
  - name: 戊
    body: 部门
    path: bm/w
sections:
  部门:
    - {{path: zn, title: 指南}}
    - {{path: zn, title: 指南}}
  街道: []
columns:
  - path: a
    title: A
  - path: bm/w/zn
    title: 指南
"
        );
        let e = parse(&text).unwrap_err();
        let got = lines_of(&e);
        let has = |line: usize, needle: &str| {
            assert!(
                got.iter()
                    .any(|(l, m)| *l == Some(line) && m.contains(needle)),
                "no error at line {line} containing {needle:?}: {got:#?}"
            )
        };
        has(7, "两个本级政府");
        has(10, "部们");
        assert!(
            e.iter()
                .any(|d| { d.help.as_deref().unwrap_or("").contains("`部门`") })
        );
        has(15, "重叠");
        assert!(
            !got.iter().any(|(l, _)| *l == Some(9)),
            "knock-on error for 丙: {got:#?}"
        );
        has(21, "声明了两次");
        has(22, "街道");
        has(26, "声明了两次");
    }
}
