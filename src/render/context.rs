//! Serializable views handed to templates. Built from [`PublicSite`] only.

use serde::Serialize;

use crate::model::PublicSite;
use crate::model::public::{LinkOut, PubDoc};
use crate::model::types::*;

/// A link with a title, URL already prefixed with the base path.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
    pub external: bool,
}

/// One row of a document listing.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub title: String,
    pub url: String,
    pub date: String,
    pub published: String,
    pub issuer: String,
    pub doc_number: Option<String>,
    pub kind: &'static str,
    pub column: String,
    pub draft: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    pub title: String,
    pub url: String,
    pub path: String,
    pub count: usize,
    pub children: Vec<NavItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Facet {
    pub name: String,
    pub url: String,
    pub count: usize,
}

/// Site-wide values, set once as tera's global context (never copied per page).
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub organization: String,
    pub base: String,
    pub base_url: String,
    pub nav: Vec<NavItem>,
    /// Every disclosure body with its own column tree; `bodies[0]` is the root.
    pub bodies: Vec<BodyView>,
    /// Indexes of bodies by kind (部门信息公开, 镇街信息公开) that exist on this site.
    pub body_indexes: Vec<Link>,
    pub units: Vec<Facet>,
    pub years: Vec<Facet>,
    pub kinds: Vec<Facet>,
    pub has_catalog: bool,
    /// The 本级政府 has a 主动公开目录 page (standard catalog, SPEC §9).
    pub has_std_catalog: bool,
    pub has_normative: bool,
    /// The whole site's statistics page `/tj/`, when there is one, and its title.
    pub stats: Option<Link>,
    pub doc_count: usize,
    pub today: String,
    pub drafts: bool,
}

/// URL helper: `/a/b/` → `/xxgk/a/b/`.
pub fn url(base: &str, path: &str) -> String {
    format!("{}{}", base.trim_end_matches('/'), path)
}

pub fn link(base: &str, l: &LinkOut) -> Link {
    Link {
        title: l.title.clone(),
        url: if l.external {
            l.url.clone()
        } else {
            url(base, &l.url)
        },
        external: l.external,
    }
}

pub fn links(base: &str, ls: &[LinkOut]) -> Vec<Link> {
    ls.iter().map(|l| link(base, l)).collect()
}

pub fn issuer_names(site: &PublicSite, p: &PubDoc) -> Vec<String> {
    p.doc
        .issuers
        .iter()
        .map(|&u| site.config.units[u].name.clone())
        .collect()
}

pub fn summary(site: &PublicSite, p: &PubDoc, base: &str) -> Summary {
    let d = p.doc;
    Summary {
        title: d.title.clone(),
        url: url(base, &d.url),
        date: d.date.to_string(),
        published: d.publish_date().to_string(),
        issuer: issuer_names(site, p).join("、"),
        doc_number: d.doc_number.clone(),
        kind: d.kind.cn(),
        column: site.config.columns[d.column].title.clone(),
        draft: d.draft,
    }
}

pub use crate::model::paths::in_column;

/// The column tree of the root body (the site's own columns).
pub fn nav(site: &PublicSite, base: &str) -> Vec<NavItem> {
    body_nav(site, base, 0)
}

/// Counts every body's home and column tree needs, made in one pass over the documents and
/// shared by all bodies: made per body they cost bodies × documents — with 300 bodies, a
/// fifth of a city platform's build (issue 22).
pub struct Tally<'s> {
    /// Published documents under each folder path ([`column_counts`]).
    pub counts: rustc_hash::FxHashMap<&'s str, usize>,
    /// Published documents per column (index into `config.columns`), each counted in its own
    /// column only (a document's folder is its column's; a column is of one body).
    pub direct: Vec<usize>,
    /// Each body's published documents, newest first (`PublicSite::body_docs` of every body).
    pub by_owner: Vec<Vec<usize>>,
}

impl<'s> Tally<'s> {
    pub fn new(site: &'s PublicSite) -> Tally<'s> {
        let mut direct = vec![0usize; site.config.columns.len()];
        for p in &site.docs {
            direct[p.doc.column] += 1;
        }
        let mut by_owner = vec![Vec::new(); site.config.bodies.len()];
        for i in site.newest_first(|_| true) {
            by_owner[site.docs[i].doc.owner].push(i);
        }
        Tally {
            counts: column_counts(site),
            direct,
            by_owner,
        }
    }
}

/// Published documents of body `b` in its column `path` and the columns under it, from
/// [`Tally::direct`] — the body's columns × its columns, not every document per column
/// (with 40 bodies the per-column scans of all documents showed up in profiles).
pub fn count_in(site: &PublicSite, b: usize, direct: &[usize], path: &str) -> usize {
    let cols = &site.config.columns;
    site.config.bodies[b]
        .columns
        .iter()
        .filter(|&&j| in_column(&cols[j].path, path))
        .map(|&j| direct[j])
        .sum()
}

/// The column tree of body `b` (its own columns only: a body's left nav is its own, SPEC §7).
pub fn body_nav(site: &PublicSite, base: &str, b: usize) -> Vec<NavItem> {
    body_nav_counted(site, base, b, &column_counts(site))
}

/// Published documents under each folder path (`in_column` semantics: the folder itself
/// and every folder below it), from one pass over the documents. Counting per column by
/// scanning every document made the column trees of a 300-body site cost
/// columns × documents string compares — half the build's CPU at 10,000 documents
/// (issue 22, city platform).
pub fn column_counts<'s>(site: &'s PublicSite) -> rustc_hash::FxHashMap<&'s str, usize> {
    let mut counts = rustc_hash::FxHashMap::default();
    for p in &site.docs {
        let dir = p.doc.dir.as_str();
        *counts.entry(dir).or_default() += 1;
        for (i, _) in dir.match_indices('/') {
            *counts.entry(&dir[..i]).or_default() += 1;
        }
    }
    counts
}

/// [`body_nav`] with the counts of [`column_counts`] computed once by the caller.
pub fn body_nav_counted(
    site: &PublicSite,
    base: &str,
    b: usize,
    counts: &rustc_hash::FxHashMap<&str, usize>,
) -> Vec<NavItem> {
    let all = &site.config.columns;
    let cols: Vec<crate::config::Column> = site.config.bodies[b]
        .columns
        .iter()
        .map(|&i| all[i].clone())
        .collect();
    let cols = &cols;
    let count = |path: &str| counts.get(path).copied().unwrap_or(0);
    let parent_of = |i: usize| -> Option<usize> {
        let p = &cols[i].path;
        (0..cols.len())
            .filter(|&j| j != i && in_column(p, &cols[j].path))
            .max_by_key(|&j| cols[j].path.len())
    };
    fn build(
        i: usize,
        cols: &[crate::config::Column],
        parents: &[Option<usize>],
        base: &str,
        count: &dyn Fn(&str) -> usize,
    ) -> NavItem {
        let children = (0..cols.len())
            .filter(|&j| parents[j] == Some(i))
            .map(|j| build(j, cols, parents, base, count))
            .collect();
        NavItem {
            title: cols[i].title.clone(),
            url: url(
                base,
                &crate::model::paths::url_encode_path(&format!("/{}/", cols[i].path)),
            ),
            path: cols[i].path.clone(),
            count: count(&cols[i].path),
            children,
        }
    }
    let parents: Vec<Option<usize>> = (0..cols.len()).map(parent_of).collect();
    (0..cols.len())
        .filter(|&i| parents[i].is_none())
        .map(|i| build(i, cols, &parents, base, &count))
        .collect()
}

/// A body as the templates see it (in the global context: `site.bodies[page_body]`).
#[derive(Debug, Clone, Serialize)]
pub struct BodyView {
    pub name: String,
    pub kind: &'static str,
    /// Section home, base path included.
    pub url: String,
    pub root: bool,
    pub nav: Vec<NavItem>,
    /// The body's statistics page (a site of several bodies only).
    pub stats: Option<String>,
}

pub fn body_views(site: &PublicSite, base: &str) -> Vec<BodyView> {
    let counts = column_counts(site);
    site.config
        .bodies
        .iter()
        .enumerate()
        .map(|(i, b)| BodyView {
            name: b.name.clone(),
            kind: b.kind.cn(),
            url: url(base, &b.url()),
            root: b.is_root(),
            nav: body_nav_counted(site, base, i, &counts),
            stats: crate::render::bodies::stats_path(site, i).map(|p| url(base, &p)),
        })
        .collect()
}

pub fn site_view(site: &PublicSite, base: &str) -> SiteView {
    let mut years: std::collections::BTreeMap<i32, usize> = Default::default();
    let mut units = vec![0usize; site.config.units.len()];
    let mut kinds: std::collections::BTreeMap<Kind, usize> = Default::default();
    for p in &site.docs {
        *years.entry(p.doc.date.year).or_default() += 1;
        for &u in &p.doc.issuers {
            units[u] += 1;
        }
        *kinds.entry(p.doc.kind).or_default() += 1;
    }
    SiteView {
        title: site.config.title.clone(),
        organization: site.config.organization.clone(),
        base: base.to_string(),
        base_url: site.config.base_url.clone(),
        nav: nav(site, base),
        bodies: body_views(site, base),
        body_indexes: body_indexes(site, base),
        units: site
            .config
            .units
            .iter()
            .zip(&units)
            .filter(|(_, c)| **c > 0)
            .map(|(u, c)| Facet {
                name: u.name.clone(),
                url: url(base, &format!("/jg/{}/", u.slug)),
                count: *c,
            })
            .collect(),
        years: years
            .iter()
            .rev()
            .map(|(y, c)| Facet {
                name: y.to_string(),
                url: url(base, &format!("/nian/{y}/")),
                count: *c,
            })
            .collect(),
        kinds: kinds
            .iter()
            .filter(|(k, _)| crate::render::pages::kind_listed(**k))
            .map(|(k, c)| Facet {
                name: k.cn().to_string(),
                url: url(base, &format!("/wz/{}/", k.slug())),
                count: *c,
            })
            .collect(),
        has_catalog: !site.catalog.is_empty(),
        has_std_catalog: {
            let cat = &site.config.catalog;
            cat.bodies
                .iter()
                .find(|b| b.path.is_empty())
                .is_some_and(|b| cat.items.iter().any(|it| it.applies_to(b)))
        },
        has_normative: site.docs.iter().any(|p| p.doc.in_normative_index()),
        stats: crate::render::stats::has_site_page(site).then(|| Link {
            title: crate::render::stats::link_title(site).to_string(),
            url: url(base, "/tj/"),
            external: false,
        }),
        doc_count: site.docs.len(),
        today: site.today.to_string(),
        drafts: site.drafts,
    }
}

/// Links to the indexes of bodies by kind, for kinds the site has.
pub fn body_indexes(site: &PublicSite, base: &str) -> Vec<Link> {
    crate::config::BodyKind::ALL
        .iter()
        .filter_map(|k| {
            let dir = k.index_dir()?;
            site.config
                .bodies
                .iter()
                .any(|b| b.kind == *k)
                .then(|| Link {
                    title: k.index_title().to_string(),
                    url: url(base, &format!("/{dir}/")),
                    external: false,
                })
        })
        .collect()
}
