//! The standard disclosure catalog (基层政务公开标准目录, SPEC §9): `catalog.yaml` → [`Catalog`]
//! ([`read`]), the state of every (item, body) pair ([`state`]), its page ([`page`]) and its
//! exports ([`data`]).
//!
//! A catalog item lists what a body must publish; documents name their item with
//! `catalog: <id>` (目录事项). Only published documents count (SPEC §3): a withheld document
//! never makes an item 按时, and nothing of it reaches a page or an export.

pub(crate) mod data;
pub(crate) mod page;
pub(crate) mod read;
pub(crate) mod state;

use std::path::Path;

use crate::config::SiteConfig;
use crate::diag::Diagnostic;
use crate::model::Document;

/// Read `<root>/catalog.yaml` (if any) for the site configured by `cfg`. The catalog comes back
/// also when it has problems (with the items that are valid), so documents are still checked.
pub fn load(root: &Path, cfg: &SiteConfig) -> (Catalog, Vec<Diagnostic>) {
    let bodies = bodies(cfg);
    let (mut cat, diags) = read::load(root, &bodies);
    cat.bodies = bodies;
    (cat, diags)
}

/// The 26 pilot areas (试点领域) of the standard catalogs.
///
/// Sources: 国办发〔2017〕42号《开展基层政务公开标准化规范化试点工作方案》 names the 25 试点
/// 方面 (城乡规划、重大建设项目、公共资源交易、财政预决算、安全生产、税收管理、征地补偿、拆迁安置、
/// 保障性住房、农村危房改造、环境保护、公共文化服务、公共法律服务、扶贫救灾、食品药品监管、城市综合
/// 执法、就业创业、社会保险、社会救助、养老服务、户籍管理、涉农补贴、义务教育、医疗卫生、市政服务);
/// 国办发〔2019〕54号 (一) tells base-level governments to follow "国务院部门制定的26个试点领域基层
/// 政务公开标准指引", which the ministries published in 2019 under the names below (扶贫救灾 split
/// into 扶贫 and 救灾; 拆迁安置 as 国有土地上房屋征收与补偿, 建办厅〔2019〕71号; 环境保护 as 生态环境;
/// 医疗卫生 as 卫生健康; 就业创业 as 就业). The search corpus had the 2017 list and many county
/// catalogs titled with these names (e.g. 《社会救助领域基层政务公开标准目录》, 民办函〔2019〕52号
/// for 社会救助 and 养老服务; 发改办投资〔2019〕621号 for 重大建设项目) but not the 2019 list as
/// one official text; the older names are accepted as aliases (see [`domain_alias`]).
pub const DOMAINS: &[&str] = &[
    "重大建设项目",
    "公共资源交易",
    "财政预决算",
    "安全生产",
    "税收管理",
    "征地补偿",
    "国有土地上房屋征收与补偿",
    "农村危房改造",
    "城市综合执法",
    "保障性住房",
    "生态环境",
    "公共文化服务",
    "公共法律服务",
    "扶贫",
    "救灾",
    "社会救助",
    "养老服务",
    "户籍管理",
    "涉农补贴",
    "就业",
    "社会保险",
    "义务教育",
    "卫生健康",
    "食品药品监管",
    "城乡规划",
    "市政服务",
];

/// The 2017 names (国办发〔2017〕42号) of areas renamed in the 2019 guidelines.
pub fn domain_alias(name: &str) -> Option<&'static str> {
    Some(match name {
        "环境保护" => "生态环境",
        "医疗卫生" => "卫生健康",
        "就业创业" => "就业",
        "拆迁安置" => "国有土地上房屋征收与补偿",
        _ => return None,
    })
}

/// Body kinds (SPEC §7), in display order.
pub const BODY_KINDS: &[&str] = &["本级政府", "部门", "镇街"];

/// How often an item must be renewed (`due`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// No deadline the site can check (`due: none`, the default).
    None,
    Year,
    Quarter,
    Month,
    /// Within N working days of the information being formed (`{working_days: N, after: 形成}`).
    WorkingDays(u32),
}

impl Due {
    pub fn periodic(self) -> bool {
        matches!(self, Due::Year | Due::Quarter | Due::Month)
    }

    /// Chinese description for pages and messages.
    pub fn cn(self) -> String {
        match self {
            Due::None => t!("不定期", "no fixed schedule"),
            Due::Year => t!("每年", "every year"),
            Due::Quarter => t!("每季度", "every quarter"),
            Due::Month => t!("每月", "every month"),
            Due::WorkingDays(n) => t!(
                "形成之日起{n}个工作日内",
                "within {n} working days of being formed"
            ),
        }
    }
}

/// One `bodies` entry: a body kind or one body's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applies {
    Kind(&'static str),
    Name(String),
}

/// One catalog item (公开事项).
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub id: String,
    pub domain: &'static str,
    pub item: String,
    pub content: Option<String>,
    pub basis: Option<String>,
    pub deadline: Option<String>,
    pub due: Due,
    pub bodies: Vec<Applies>,
    pub channel: Vec<String>,
    pub audience: Option<String>,
    /// Line of the item's `- id:` in catalog.yaml.
    pub line: usize,
}

/// The validated catalog.yaml; empty when the site has none.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Catalog {
    /// Sorted by id.
    pub items: Vec<Item>,
    /// Whether catalog.yaml exists.
    pub present: bool,
    /// Every id written in catalog.yaml, also of items that failed validation, so a document
    /// naming one is not reported a second time.
    pub ids: Vec<String>,
    /// The site's disclosure bodies ([`bodies`]), set when the catalog is loaded.
    pub bodies: Vec<Body>,
}

impl Catalog {
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items
            .binary_search_by(|i| i.id.as_str().cmp(id))
            .ok()
            .map(|n| &self.items[n])
    }

    /// The `working_days` deadline of the document's item, which replaces
    /// `rules.publish_within_working_days` for it (SPEC §9).
    pub fn working_days(&self, doc: &Document) -> Option<u32> {
        match self.item(&doc.catalog.as_ref()?.id)?.due {
            Due::WorkingDays(n) => Some(n),
            _ => None,
        }
    }
}

/// A disclosure body as the catalog sees it (SPEC §7).
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    pub name: String,
    /// 本级政府, 部门 or 镇街.
    pub kind: &'static str,
    /// Section folder under content/ ("" for the 本级政府).
    pub path: String,
    /// Other names the body's unit is known by.
    pub aliases: Vec<String>,
}

impl Body {
    /// URL folder of the body's 主动公开目录 page, relative to the output root.
    pub fn catalog_dir(&self) -> String {
        if self.path.is_empty() {
            PAGE_DIR.to_string()
        } else {
            format!("{}/{PAGE_DIR}", self.path)
        }
    }
}

/// Folder of a body's 主动公开目录 page inside its section.
pub const PAGE_DIR: &str = "zdgkml";

/// The site's disclosure bodies (SPEC §7), in `SiteConfig::bodies` order (so a document's
/// `owner` indexes both), with the aliases of each body's unit.
pub fn bodies(cfg: &SiteConfig) -> Vec<Body> {
    cfg.bodies
        .iter()
        .map(|b| Body {
            name: b.name.clone(),
            kind: b.kind.cn(),
            path: b.path.clone(),
            aliases: b
                .unit
                .map(|u| cfg.units[u].aliases.clone())
                .or_else(|| {
                    cfg.units
                        .iter()
                        .find(|u| u.name == b.name)
                        .map(|u| u.aliases.clone())
                })
                .unwrap_or_default(),
        })
        .collect()
}

/// URL (relative to the site root, like document URLs) of body `b`'s 主动公开目录 page, or
/// `None` when no catalog item applies to it (then there is no page). For bodies.json.
pub fn page_url(cfg: &SiteConfig, b: usize) -> Option<String> {
    let cat = &cfg.catalog;
    let body = cat.bodies.get(b)?;
    cat.items
        .iter()
        .any(|it| it.applies_to(body))
        .then(|| crate::model::paths::url_encode_path(&format!("/{}/", body.catalog_dir())))
}

impl Item {
    /// Does the item apply to `body`?
    pub fn applies_to(&self, body: &Body) -> bool {
        self.bodies.iter().any(|a| match a {
            Applies::Kind(k) => *k == body.kind,
            Applies::Name(n) => *n == body.name || body.aliases.contains(n),
        })
    }

    /// `bodies` as written, for pages and messages.
    pub fn bodies_cn(&self) -> String {
        self.bodies
            .iter()
            .map(|a| match a {
                Applies::Kind(k) => *k,
                Applies::Name(n) => n.as_str(),
            })
            .collect::<Vec<_>>()
            .join("、")
    }
}

/// A document's `catalog:` (目录事项).
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogRef {
    pub id: String,
    pub line: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twenty_six_domains() {
        assert_eq!(DOMAINS.len(), 26);
        let mut d = DOMAINS.to_vec();
        d.sort();
        d.dedup();
        assert_eq!(d.len(), 26);
    }
}
