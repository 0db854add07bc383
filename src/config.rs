//! `site.yaml` → [`SiteConfig`] (SPEC §1, §6).

use std::path::Path;

use crate::dates::Date;
use crate::diag::Diagnostic;
use crate::fields::MapReader;
use crate::frontmatter::{self, Yaml};

mod bodies;
mod deploy;
mod rules;
pub use bodies::{Body, BodyKind, Contact, STATUTORY, bodies_help, under};
use deploy::read_deploy;
use rules::{read_check, read_rules};

/// An issuing unit (发布机构).
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub name: String,
    pub aliases: Vec<String>,
    pub code: Option<String>,
    /// URL segment of the unit's listing.
    pub slug: String,
    /// `body:` — the unit is a disclosure body (公开主体) of this kind (SPEC §7).
    pub body: Option<BodyKind>,
    /// `path:` — its section folder under content/ (部门/镇街 only).
    pub path: Option<String>,
    pub contact: Option<Contact>,
    /// site.yaml line of the unit's `- name:`.
    pub line: usize,
}

/// How often a column must be updated (stale-column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    News,
    Policy,
    Planning,
    None,
}

impl Freshness {
    /// The last day a column whose newest document is dated `last` still counts as updated,
    /// or `None` when the column has no update requirement. Counted the way the inspection
    /// criteria count (政府网站与政务新媒体检查指标, 国办秘函〔2019〕19号, 单项否决指标
    /// "栏目不更新": "监测时间点前2周内的动态、要闻类栏目，以及监测时间点前6个月内的
    /// 通知公告、政策文件类栏目"): 2 weeks = 14 days, months are calendar months
    /// (2021-08-31 + 6 个月 = 2022-02-28), a year is 12 calendar months.
    pub fn due(self, last: Date) -> Option<Date> {
        match self {
            Freshness::News => Some(last.add_days(14)),
            Freshness::Policy => Some(last.add_months(6)),
            Freshness::Planning => Some(last.add_months(12)),
            Freshness::None => None,
        }
    }

    /// The period in the inspection's own words: "2周", "6个月", "1年".
    pub fn period(self) -> &'static str {
        use crate::i18n::pick;
        match self {
            Freshness::News => pick("2周", "2 weeks"),
            Freshness::Policy => pick("6个月", "6 months"),
            Freshness::Planning => pick("1年", "1 year"),
            Freshness::None => "",
        }
    }
}

/// A column (栏目): a content folder that holds documents, or a parent section.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub path: String,
    pub title: String,
    pub freshness: Freshness,
    pub description: Option<String>,
    pub line: usize,
    /// Index into [`SiteConfig::bodies`]: the body whose section holds the column.
    pub body: usize,
}

/// `rules:` — the statutory bookkeeping settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Rules {
    pub interpretation_required: Vec<String>,
    pub cleanup_since: Date,
    pub cleanup_year: Option<i64>,
    /// Normative documents dated on/after this must give `registration` and `valid_from`
    /// (registration-missing, valid-from-missing); `None` = not checked.
    pub registration_since: Option<Date>,
    pub publish_within_working_days: u32,
    pub holidays: Vec<Date>,
    pub extra_workdays: Vec<Date>,
    /// 条例第四十九条: (month, day) by which each body kind publishes last year's annual
    /// report, indexed by [`BodyKind::index`].
    pub annual_report_due: [(u32, u32); 3],
}

/// One `deploy.targets` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct DeployTarget {
    pub name: String,
    pub url: String,
    pub keep: usize,
    pub verify_url: Option<String>,
}

/// Severity override for a check rule (`check:` in site.yaml).
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSetting {
    pub rule: String,
    /// "error", "warning" or "off".
    pub level: String,
}

/// The validated site configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteConfig {
    pub title: String,
    /// Always ends with `/`.
    pub base_url: String,
    /// Path part of base_url, always starts and ends with `/` (e.g. `/xxgk/`).
    pub base_path: String,
    pub organization: String,
    pub theme: String,
    pub units: Vec<Unit>,
    /// Every column of every body: the `columns:` entries plus, for each 部门/镇街, the
    /// `sections.<kind>` columns under its path. Each knows its body.
    pub columns: Vec<Column>,
    /// The disclosure bodies (公开主体): kinds in the order 本级政府, 部门, 镇街, then by
    /// name; `bodies[0]` is the 本级政府 whose section is the site root. A site without any
    /// `body:` has exactly one, named by `organization`.
    pub bodies: Vec<Body>,
    pub rules: Rules,
    pub paginate_by: usize,
    pub allow_raw_html: bool,
    pub deploy: Vec<DeployTarget>,
    pub check: Vec<RuleSetting>,
    /// `catalog.yaml` (SPEC §9), read by [`crate::catalog::load`] after site.yaml; empty until then.
    pub catalog: crate::catalog::Catalog,
    /// Lookup tables for [`SiteConfig::unit_index`] and [`SiteConfig::column_index`].
    pub index: ConfigIndex,
}

/// Name → unit and path → column maps, built on first use. Every document looks up its
/// unit and column, and every site link is checked against the columns: with a linear scan
/// a city platform (300 bodies, ~3,900 columns, 200,000 documents) spent billions of string
/// comparisons there. `units` and `columns` are not changed after [`parse`], so the maps
/// never go stale; they take no part in comparing configurations.
#[derive(Debug, Clone, Default)]
pub struct ConfigIndex {
    units: std::sync::OnceLock<std::collections::HashMap<String, usize>>,
    columns: std::sync::OnceLock<std::collections::HashMap<String, usize>>,
}

impl PartialEq for ConfigIndex {
    fn eq(&self, _: &ConfigIndex) -> bool {
        true
    }
}

pub const FRESHNESS: &[&str] = &["news", "policy", "planning", "none"];
/// 信息类别 names accepted in site.yaml: the document kinds' own list.
pub const KINDS: &[&str] = crate::types::Kind::NAMES;
pub const CHECK_RULES: &[&str] = &[
    "interpretation-missing",
    "disclosure-overdue",
    "validity-expired",
    "cleanup-missing",
    "duplicate-doc-number",
    "broken-link",
    "empty-column",
    "stale-column",
    "decision-incomplete",
    "doc-number-format",
    "guide-missing",
    "annual-report-missing",
    "holiday-data-missing",
    "valid-until-missing",
    "registration-missing",
    "valid-from-missing",
    "annual-report-arithmetic",
    "annual-report-continuity",
    "annual-report-mismatch",
    "catalog-item-overdue",
    "catalog-item-empty",
    "init-placeholder",
];

impl SiteConfig {
    /// Index of the unit with this name or alias.
    /// The first unit whose name or one of whose aliases is `name`.
    pub fn unit_index(&self, name: &str) -> Option<usize> {
        let map = self.index.units.get_or_init(|| {
            let mut m = std::collections::HashMap::new();
            for (i, u) in self.units.iter().enumerate() {
                for k in std::iter::once(&u.name).chain(&u.aliases) {
                    m.entry(k.clone()).or_insert(i);
                }
            }
            m
        });
        map.get(name).copied()
    }

    /// The first column whose folder is `path`.
    pub fn column_index(&self, path: &str) -> Option<usize> {
        let map = self.index.columns.get_or_init(|| {
            let mut m = std::collections::HashMap::new();
            for (i, c) in self.columns.iter().enumerate() {
                m.entry(c.path.clone()).or_insert(i);
            }
            m
        });
        map.get(path).copied()
    }

    /// The body whose section holds content folder `dir` (longest `path` prefix; the root
    /// body otherwise).
    pub fn body_of_dir(&self, dir: &str) -> usize {
        bodies::body_of_dir(&self.bodies, dir)
    }

    /// Every unit name and alias, for did-you-mean.
    pub fn unit_names(&self) -> Vec<&str> {
        self.units
            .iter()
            .flat_map(|u| {
                std::iter::once(u.name.as_str()).chain(u.aliases.iter().map(|a| a.as_str()))
            })
            .collect()
    }

    /// The configured level of a check rule, if overridden.
    pub fn rule_level(&self, rule: &str) -> Option<&str> {
        self.check
            .iter()
            .find(|r| r.rule == rule)
            .map(|r| r.level.as_str())
    }
}

const FILE: &str = "site.yaml";

/// Read and validate `<root>/site.yaml`.
pub fn load(root: &Path) -> Result<SiteConfig, Vec<Diagnostic>> {
    let path = root.join(FILE);
    // Reading a FIFO (or a device) would block forever.
    if path.exists() && !path.is_file() {
        return Err(vec![
            Diagnostic::error(
                FILE,
                None,
                t!("site.yaml 不是普通文件", "site.yaml is not a regular file"),
            )
            .help(t!(
                "换成一个普通的文本文件",
                "replace it with a plain text file"
            )),
        ]);
    }
    let bytes = std::fs::read(&path).map_err(|e| {
        vec![
            Diagnostic::error(
                FILE,
                None,
                t!("无法读取 site.yaml：{e}", "cannot read site.yaml: {e}"),
            )
            .help(t!(
                "在站点文件夹（含 site.yaml 和 content/）中运行 gongkai，或用 --root 指定，或用 `gongkai init {r}` 新建站点",
                "run gongkai in a site folder (one with site.yaml and content/), pass --root, or create one with `gongkai init {r}`",
                r = root.display()
            )),
        ]
    })?;
    let text = crate::text::decode(&bytes).map_err(|(line, msg)| {
        vec![Diagnostic::error(FILE, Some(line), msg).help(t!(
            "把 site.yaml 另存为 UTF-8 编码",
            "save site.yaml as UTF-8"
        ))]
    })?;
    parse(&text)
}

/// Parse site.yaml text.
pub fn parse(text: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
    let file = Path::new(FILE);
    let root = frontmatter::parse(text, 1).map_err(|e| {
        vec![
            Diagnostic::error(FILE, Some(e.line), e.message)
                .col(e.col)
                .help_opt(e.help),
        ]
    })?;
    let keys = crate::keys::specs(crate::keys::SITE);
    let mut r = MapReader::new(file, &root, &keys, "site.yaml");
    if root.value == Yaml::Null {
        r.error(
            1,
            t!("site.yaml 为空", "site.yaml is empty"),
            Some(t!(
                "完整示例见 README.md，或用 gongkai init 新建站点",
                "see README.md for a complete example, or create a site with gongkai init"
            )),
        );
    }
    let title = r.req_str(
        "title",
        "网站名称",
        &t!(
            "例如 `title: 罗庄区人民政府 政府信息公开`",
            "e.g. `title: 罗庄区人民政府 政府信息公开`"
        ),
    );
    let base_url = r.req_str(
        "base_url",
        "网址",
        &t!(
            "例如 `base_url: https://www.example.gov.cn/xxgk/`",
            "e.g. `base_url: https://www.example.gov.cn/xxgk/`"
        ),
    );
    let organization = r.str("organization");
    let theme = r.str("theme").unwrap_or_else(|| "default".into());
    // A theme is a folder under themes/, never a path that reads templates from elsewhere.
    if theme.is_empty() || theme.starts_with('.') || theme.contains(['/', '\\', ':']) {
        let l = r.line_of("theme");
        r.error(
            l,
            t!(
                "`theme: {theme}` 应是 themes/ 下一个文件夹的名称",
                "`theme: {theme}` must be the name of one folder under themes/"
            ),
            Some(t!(
                "例如 `theme: mytheme` 对应 themes/mytheme/；删去 `theme:` 则用内置主题",
                "e.g. `theme: mytheme` for themes/mytheme/, or remove `theme:` for the built-in theme"
            )),
        );
    }
    let paginate_by = r.integer("paginate_by").unwrap_or(20);
    if !(1..=500).contains(&paginate_by) {
        let l = r.line_of("paginate_by");
        r.error(
            l,
            t!(
                "`paginate_by` 应在 1 到 500 之间",
                "`paginate_by` must be between 1 and 500"
            ),
            None,
        );
    }
    let allow_raw_html = r.bool("allow_raw_html").unwrap_or(false);

    let (base_url, base_path) = match base_url {
        Some(u) => match split_base_url(&u) {
            Ok(p) => p,
            Err(msg) => {
                let l = r.line_of("base_url");
                r.error(
                    l,
                    msg,
                    Some(t!(
                        "例如 `base_url: https://www.example.gov.cn/xxgk/`",
                        "e.g. `base_url: https://www.example.gov.cn/xxgk/`"
                    )),
                );
                (String::new(), "/".into())
            }
        },
        None => (String::new(), "/".into()),
    };

    let mut diags = Vec::new();
    let units = match r.node("units") {
        Some(n) => read_units(n, &mut diags),
        None => {
            r.missing(
                "units",
                "发布机构",
                &t!(
                    "列出每个发布机构：`units:` 下一行写 `  - name: 罗庄区人民政府办公室`",
                    "list every issuing unit: `units:` then `  - name: 罗庄区人民政府办公室`"
                ),
            );
            Vec::new()
        }
    };
    let columns = match r.node("columns") {
        Some(n) => read_columns(n, "columns", &mut diags),
        None => {
            r.missing(
                "columns",
                "栏目",
                &t!(
                    "登记每个存放文档的目录：`columns:` 下写 `  - path: fdzdgknr/gfxwj` 和 `    title: 行政规范性文件`",
                    "list every content folder: `columns:` then `  - path: fdzdgknr/gfxwj` and `    title: 行政规范性文件`"
                ),
            );
            Vec::new()
        }
    };
    let rules = read_rules(r.node("rules"), &mut diags);
    let deploy = r
        .node("deploy")
        .map(|n| read_deploy(n, &mut diags))
        .unwrap_or_default();
    let check = r
        .node("check")
        .map(|n| read_check(n, &mut diags))
        .unwrap_or_default();
    let org_line = if r.has("organization") {
        r.line_of("organization")
    } else {
        r.line_of("title")
    };
    let org_name = organization
        .clone()
        .or_else(|| title.clone())
        .unwrap_or_default();
    let (columns, bodies) = bodies::resolve(
        &units,
        columns,
        r.node("sections"),
        &org_name,
        org_line,
        &mut diags,
    );
    diags.extend(r.finish());
    if !diags.is_empty() {
        return Err(diags);
    }
    let title = title.unwrap_or_default();
    Ok(SiteConfig {
        organization: organization.unwrap_or_else(|| title.clone()),
        bodies,
        title,
        base_url,
        base_path,
        theme,
        units,
        columns,
        rules,
        paginate_by: paginate_by as usize,
        allow_raw_html,
        deploy,
        check,
        catalog: crate::catalog::Catalog::default(),
        index: ConfigIndex::default(),
    })
}

fn split_base_url(u: &str) -> Result<(String, String), String> {
    let rest = u
        .strip_prefix("https://")
        .or_else(|| u.strip_prefix("http://"))
        .ok_or_else(|| {
            t!(
                "`base_url` 应以 https:// 或 http:// 开头，实际是 `{u}`",
                "`base_url` must start with https:// or http://, found `{u}`"
            )
        })?;
    if rest.is_empty() || rest.starts_with('/') || u.contains(char::is_whitespace) {
        return Err(t!(
            "`base_url` `{u}` 缺少主机名",
            "`base_url` `{u}` has no host name"
        ));
    }
    let path = match rest.find('/') {
        Some(i) => rest[i..].to_string(),
        None => "/".to_string(),
    };
    let path = if path.ends_with('/') {
        path
    } else {
        format!("{path}/")
    };
    let scheme_host = &u[..u.len() - rest.len() + rest.find('/').unwrap_or(rest.len())];
    Ok((format!("{scheme_host}{path}"), path))
}

fn seq_items<'a>(
    n: &'a frontmatter::Node,
    what: &str,
    diags: &mut Vec<Diagnostic>,
) -> &'a [frontmatter::Node] {
    match &n.value {
        Yaml::Seq(items) => items,
        v => {
            diags.push(Diagnostic::error(
                FILE,
                Some(n.line),
                t!(
                    "`{what}` 应是列表（以 `- ` 开头的行），实际是{ty}",
                    "`{what}` must be a list (lines starting with `- `), found {ty}",
                    ty = v.type_name()
                ),
            ));
            &[]
        }
    }
}

fn read_units(n: &frontmatter::Node, diags: &mut Vec<Diagnostic>) -> Vec<Unit> {
    let file = Path::new(FILE);
    let mut units: Vec<Unit> = Vec::new();
    for item in seq_items(n, "units", diags) {
        let mut r = MapReader::new(
            file,
            item,
            &crate::keys::specs(crate::keys::UNIT),
            &t!("发布机构", "a unit"),
        );
        let name = r.req_str(
            "name",
            "单位名称",
            &t!(
                "例如 `- name: 罗庄区人民政府办公室`",
                "e.g. `- name: 罗庄区人民政府办公室`"
            ),
        );
        let aliases: Vec<String> = r.strs("aliases").into_iter().map(|(s, _)| s).collect();
        let code = r.str("code");
        let (body, path, contact) = bodies::read_unit_body(&mut r);
        diags.extend(r.finish());
        if let Some(name) = name {
            for label in std::iter::once(&name).chain(&aliases) {
                if units
                    .iter()
                    .any(|u| &u.name == label || u.aliases.contains(label))
                {
                    diags.push(Diagnostic::error(
                        FILE,
                        Some(item.line),
                        t!(
                            "单位名称或简称 `{label}` 被两个单位使用",
                            "unit name or alias `{label}` is used by two units"
                        ),
                    ));
                }
            }
            let slug = code
                .as_ref()
                .filter(|c| c.chars().all(|ch| ch.is_ascii_alphanumeric()))
                .map(|c| c.to_ascii_lowercase())
                .unwrap_or_else(|| format!("u{}", units.len() + 1));
            units.push(Unit {
                name,
                aliases,
                code,
                slug,
                body,
                path,
                contact,
                line: item.line,
            });
        }
    }
    units
}

/// A list of columns (`columns:` or one `sections.<kind>` list; `what` names it).
fn read_columns(n: &frontmatter::Node, what: &str, diags: &mut Vec<Diagnostic>) -> Vec<Column> {
    let file = Path::new(FILE);
    let mut cols: Vec<Column> = Vec::new();
    let keys = crate::keys::specs(crate::keys::COLUMN);
    for item in seq_items(n, what, diags) {
        let mut r = MapReader::new(file, item, &keys, &t!("栏目", "a column"));
        let path = r.req_str(
            "path",
            "栏目目录",
            &t!(
                "content/ 下的目录，例如 `- path: fdzdgknr/gfxwj`",
                "the folder under content/, e.g. `- path: fdzdgknr/gfxwj`"
            ),
        );
        let title = r.req_str(
            "title",
            "栏目名称",
            &t!(
                "例如 `title: 行政规范性文件`",
                "e.g. `title: 行政规范性文件`"
            ),
        );
        let freshness = match r.enum_of("freshness", FRESHNESS) {
            Some("news") => Freshness::News,
            Some("planning") => Freshness::Planning,
            Some("none") => Freshness::None,
            _ => Freshness::Policy,
        };
        let description = r.str("description");
        let line = item.line;
        if let Some(p) = &path {
            let bad = p.is_empty()
                || p.starts_with('/')
                || p.ends_with('/')
                || p.split('/')
                    .any(|s| s.is_empty() || s == "." || s == ".." || s.starts_with('.'))
                || p.contains('\\');
            if bad {
                r.error(
                    r.line_of("path"),
                    t!(
                        "栏目目录 `{p}` 应是 content/ 下的相对目录，不含 `..`，如 `fdzdgknr/gfxwj`",
                        "column path `{p}` must be a relative folder under content/ without `..`, like `fdzdgknr/gfxwj`"
                    ),
                    None,
                );
            }
            if RESERVED.contains(&p.split('/').next().unwrap_or("")) {
                r.error(
                    r.line_of("path"),
                    t!(
                        "栏目目录 `{p}` 使用了 gongkai 生成页面保留的名称",
                        "column path `{p}` uses a name reserved for generated pages"
                    ),
                    Some(t!(
                        "保留的顶层名称：{names}",
                        "reserved top-level names: {names}",
                        names = RESERVED.join(", ")
                    )),
                );
            }
            if let Some(first) = cols.iter().find(|c| &c.path == p) {
                r.error(
                    r.line_of("path"),
                    format!(
                        "栏目 `{p}` 在 `{what}` 中声明了两次（第一次在第 {} 行）",
                        first.line
                    ),
                    Some("每个栏目目录只声明一次；删除重复的一项".into()),
                );
            }
        }
        diags.extend(r.finish());
        if let (Some(path), Some(title)) = (path, title)
            && !cols.iter().any(|c| c.path == path)
        {
            cols.push(Column {
                path,
                title,
                freshness,
                description,
                line,
                body: 0,
            });
        }
    }
    cols
}

/// Top-level output folders gongkai generates itself; columns may not use them.
pub const RESERVED: &[&str] = &[
    "static",
    "data",
    "search",
    "jg",
    "nian",
    "wz",
    "gfxwjql",
    "zdjcml",
    "zdgkml",
    "tj",
    "feeds",
    "404.html",
    "index.html",
    "sitemap.xml",
    "feed.xml",
    "robots.txt",
    "bmxxgk",
    "zjxxgk",
];

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: &str = "title: T\nbase_url: https://ex.gov.cn/xxgk\nunits:\n  - name: 甲局\n    aliases: [甲]\ncolumns:\n  - path: a/b\n    title: AB\n";

    #[test]
    fn minimal_config() {
        let c = parse(MIN).unwrap();
        assert_eq!(c.base_url, "https://ex.gov.cn/xxgk/");
        assert_eq!(c.base_path, "/xxgk/");
        assert_eq!(c.organization, "T");
        assert_eq!(c.unit_index("甲"), Some(0));
        // The map answers like the scan it replaced: the first unit with that name or alias.
        for name in c.unit_names() {
            let scan = c
                .units
                .iter()
                .position(|u| u.name == name || u.aliases.iter().any(|a| a == name));
            assert_eq!(c.unit_index(name), scan, "{name}");
        }
        assert_eq!(c.column_index("a/b"), Some(0));
        assert_eq!(c.column_index("a"), None);
        assert_eq!(c.unit_index("无此单位"), None);
        assert_eq!(c.paginate_by, 20);
    }

    #[test]
    fn unknown_key_is_an_error_with_suggestion() {
        let e = parse(&format!("{MIN}titel: x\n")).unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].line, Some(9));
        assert!(e[0].help.as_deref().unwrap().contains("是否应为 `title`"));
    }

    #[test]
    fn bad_freshness_and_missing_keys() {
        let e = parse("title: T\ncolumns:\n  - path: a\n    title: A\n    freshness: weekly\n")
            .unwrap_err();
        let msgs: Vec<_> = e.iter().map(|d| d.message.clone()).collect();
        assert!(msgs.iter().any(|m| m.contains("weekly")), "{msgs:?}");
        assert!(msgs.iter().any(|m| m.contains("base_url")), "{msgs:?}");
        assert!(msgs.iter().any(|m| m.contains("units")), "{msgs:?}");
    }
}
