//! Disclosure bodies (公开主体, SPEC §7): each body's section home at `/<path>/`, the indexes of
//! bodies by kind (部门信息公开 `/bmxxgk/`, 镇街信息公开 `/zjxxgk/`) and the body parts of the
//! site home. Everything here is built from [`PublicSite`], so a body's withheld documents
//! count nowhere; a body with no published document still has its section.

use serde::Serialize;

use crate::config::{Body, BodyKind, Contact, STATUTORY};
use crate::model::PublicSite;
use crate::model::paths::url_encode_path;
use crate::model::types::Kind;
use crate::output::Staging;
use crate::render::context::{self, Link, NavItem, Summary, Tally, in_column};
use crate::render::{RenderError, Renderer};

/// Breadcrumbs from the site home to body `b`'s section home (none for the root body).
pub fn body_crumbs(r: &Renderer, b: usize) -> Vec<(String, String)> {
    let body = &r.site.config.bodies[b];
    let Some(dir) = body.kind.index_dir() else {
        return Vec::new();
    };
    if body.is_root() {
        return Vec::new();
    }
    vec![
        (
            body.kind.index_title().to_string(),
            r.url(&format!("/{dir}/")),
        ),
        (body.name.clone(), r.url(&body.url())),
    ]
}

/// One of the four statutory entries of a section.
#[derive(Serialize)]
pub struct Entry {
    pub title: &'static str,
    /// None when the body has no column with this title (shown as 暂无).
    pub url: Option<String>,
    pub count: usize,
}

/// What a body's home (and the site home, for the root body) shows about the body.
#[derive(Serialize)]
pub struct BodyHome<'x> {
    pub name: &'x str,
    pub kind: &'static str,
    pub url: String,
    pub contact: Option<&'x Contact>,
    pub entries: Vec<Entry>,
    /// The body's column tree with counts of published documents.
    pub columns: Vec<NavItem>,
    pub documents: usize,
    pub latest: Vec<&'x Summary>,
    pub annual_reports: Vec<Link>,
    pub feed: String,
    pub stats: Option<String>,
}

pub use crate::feeds::feed_path;

/// URL (relative to the site root) of body `b`'s statistics page, when the site has several
/// bodies (a single-body site has only the whole-site `/tj/`).
pub fn stats_path(site: &PublicSite, b: usize) -> Option<String> {
    if site.config.bodies.len() < 2 {
        return None;
    }
    let body = &site.config.bodies[b];
    Some(if body.is_root() {
        "/tj/bjzf/".into()
    } else {
        url_encode_path(&format!("/{}/tj/", body.path))
    })
}

/// Body `b`'s home view, from the site-wide [`Tally`] (made once for all bodies).
pub fn body_home<'x>(r: &'x Renderer, tally: &Tally, b: usize, latest: usize) -> BodyHome<'x> {
    let site = r.site;
    let body = &site.config.bodies[b];
    let cols = &site.config.columns;
    let direct = &tally.direct;
    let entries = STATUTORY
        .iter()
        .map(|t| {
            let c = body.top_column(cols, t);
            Entry {
                title: t,
                url: c.map(|c| r.url(&url_encode_path(&format!("/{}/", c.path)))),
                count: c
                    .map(|c| context::count_in(site, b, direct, &c.path))
                    .unwrap_or(0),
            }
        })
        .collect();
    let docs = &tally.by_owner[b];
    let annual_reports = body
        .top_column(cols, "政府信息公开年报")
        .map(|c| {
            docs.iter()
                .map(|&i| &site.docs[i])
                .filter(|p| p.doc.kind == Kind::AnnualReport && in_column(&p.doc.dir, &c.path))
                .map(|p| Link {
                    title: p.doc.title.clone(),
                    url: r.url(&p.doc.url),
                    external: false,
                })
                .collect()
        })
        .unwrap_or_default();
    BodyHome {
        name: &body.name,
        kind: body.kind.cn(),
        url: r.url(&body.url()),
        contact: body.contact.as_ref(),
        entries,
        columns: context::body_nav_counted(site, &r.base, b, &tally.counts),
        documents: docs.len(),
        latest: docs.iter().take(latest).map(|&i| &r.summaries[i]).collect(),
        annual_reports,
        feed: r.url(&feed_path(site, b)),
        stats: stats_path(site, b).map(|p| r.url(&p)),
    }
}

/// A row of an index of bodies.
#[derive(Serialize)]
pub struct BodyRow<'x> {
    pub name: &'x str,
    pub url: String,
    pub phone: Option<&'x str>,
    pub documents: usize,
    pub guide: Option<String>,
    pub annual_report: Option<String>,
}

/// Bodies of one kind, for the site home and the kind index.
#[derive(Serialize)]
pub struct BodyGroup<'x> {
    #[serde(skip)]
    pub dir: &'static str,
    pub title: &'static str,
    pub url: String,
    pub bodies: Vec<BodyRow<'x>>,
}

pub fn groups<'x>(r: &'x Renderer) -> Vec<BodyGroup<'x>> {
    let site = r.site;
    let mut counts = vec![0usize; site.config.bodies.len()];
    for p in &site.docs {
        counts[p.doc.owner] += 1;
    }
    let cols = &site.config.columns;
    let col_url = |b: &Body, t: &str| {
        b.top_column(cols, t)
            .map(|c| r.url(&url_encode_path(&format!("/{}/", c.path))))
    };
    [BodyKind::Department, BodyKind::Town]
        .into_iter()
        .filter_map(|k| {
            let dir = k.index_dir()?;
            let bodies: Vec<BodyRow> = site
                .config
                .bodies
                .iter()
                .enumerate()
                .filter(|(_, b)| b.kind == k && !b.is_root())
                .map(|(i, b)| BodyRow {
                    name: &b.name,
                    url: r.url(&b.url()),
                    phone: b.contact.as_ref().and_then(|c| c.phone.as_deref()),
                    documents: counts[i],
                    guide: col_url(b, "政府信息公开指南"),
                    annual_report: col_url(b, "政府信息公开年报"),
                })
                .collect();
            (!bodies.is_empty()).then(|| BodyGroup {
                dir,
                title: k.index_title(),
                url: r.url(&format!("/{dir}/")),
                bodies,
            })
        })
        .collect()
}

/// Every non-root body's section home and the indexes of bodies by kind.
pub fn body_pages(r: &Renderer, tally: &Tally, staging: &Staging) -> Result<usize, RenderError> {
    let site = r.site;
    let home = ("首页".to_string(), r.url("/"));
    let mut n = 0;
    for (b, body) in site.config.bodies.iter().enumerate() {
        if body.is_root() {
            continue;
        }
        let view = body_home(r, tally, b, 10);
        let mut crumbs = vec![home.clone()];
        crumbs.extend(body_crumbs(r, b));
        r.page(
            staging,
            &format!("{}/index.html", body.out_dir()),
            "body.html",
            &format!("{}信息公开", body.name),
            &crumbs,
            "body",
            &view,
        )?;
        n += 1;
    }
    for g in groups(r) {
        let crumbs = vec![home.clone(), (g.title.to_string(), g.url.clone())];
        r.page(
            staging,
            &format!("{}/index.html", g.dir),
            "bodies.html",
            g.title,
            &crumbs,
            "group",
            &g,
        )?;
        n += 1;
    }
    Ok(n)
}
