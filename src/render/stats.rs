//! Statistics pages (信息公开统计, SPEC §7 and §8): the whole site's `/tj/` (行政规范性文件
//! per year and issuer by THE counting rule of [`crate::model::count`], and on a site with
//! several disclosure bodies one row per body leading to its own page) and each body's page
//! (`/<path>/tj/`, the 本级政府's at `/tj/bjzf/`): its own 行政规范性文件 figures per year — the
//! 表二 row of its annual report — and its published documents per column and year.
//!
//! Everything is counted from [`PublicSite`]: a withheld, draft or embargoed document counts
//! nowhere, and a body whose documents are all withheld gets its page with zeros. Each body's
//! page costs its own documents × its own columns, so 40 bodies cost what one site does.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::PublicSite;
use crate::model::count;
use crate::model::paths::{in_column, url_encode_path};
use crate::model::types::Kind;
use crate::output::Staging;
use crate::render::bodies::{body_crumbs, stats_path};
use crate::render::normative::{self, StatRow};
use crate::render::{RenderError, Renderer};

/// Is there a whole-site `/tj/`? With several bodies always (it leads to theirs); otherwise
/// when there is a 行政规范性文件 to count.
pub fn has_site_page(site: &PublicSite) -> bool {
    site.config.bodies.len() > 1 || normative::has_stats(site)
}

/// Every statistics page's URL (relative to the site root), for the sitemap.
pub fn urls(site: &PublicSite) -> Vec<String> {
    let mut out = Vec::new();
    if has_site_page(site) {
        out.push("/tj/".to_string());
    }
    out.extend((0..site.config.bodies.len()).filter_map(|b| stats_path(site, b)));
    out
}

/// Output file of a statistics page URL (`/bm/jtj/tj/` → `bm/jtj/tj/index.html`).
fn out_file(site: &PublicSite, b: usize) -> Option<String> {
    let body = &site.config.bodies[b];
    stats_path(site, b)?;
    Some(if body.is_root() {
        "tj/bjzf/index.html".into()
    } else {
        format!("{}/tj/index.html", body.out_dir())
    })
}

/// One row of a body's 行政规范性文件 table.
#[derive(Serialize)]
struct NormYear {
    year: i32,
    made: i64,
    repealed: i64,
    in_force: i64,
}

/// One column of a body's column table, with its published documents per year.
#[derive(Serialize)]
struct ColumnRow {
    title: String,
    url: String,
    /// 0 for a top-level column of the body.
    depth: usize,
    /// Per year of [`BodyStats::years`] (the column and its sub-columns).
    per_year: Vec<usize>,
    total: usize,
    /// Newest publication date, if any document.
    newest: Option<String>,
}

#[derive(Serialize)]
struct BodyStats {
    name: String,
    kind: &'static str,
    home: String,
    /// Years of the 行政规范性文件 table, newest first: every year from the body's first
    /// made/repealed one (at the latest last year) to this year.
    normative: Vec<NormYear>,
    /// Publication years of the body's documents, newest first (columns of the column table).
    years: Vec<i32>,
    columns: Vec<ColumnRow>,
    /// All the body's documents per year (each counted once, also when columns nest).
    per_year: Vec<usize>,
    documents: usize,
    /// Newest publication date of the body's documents.
    newest: Option<String>,
    site_stats: Option<String>,
}

/// A row of the whole site's table of bodies.
#[derive(Serialize)]
struct BodyLine {
    name: String,
    kind: &'static str,
    url: String,
    documents: usize,
    normative: usize,
}

#[derive(Serialize)]
struct SiteStats {
    years: Vec<(i32, Vec<StatRow>)>,
    bodies: Vec<BodyLine>,
}

/// The body's columns in tree order (a column follows the one that contains it), with depth.
fn column_tree(site: &PublicSite, b: usize) -> Vec<(usize, usize)> {
    let cols = &site.config.columns;
    let own = &site.config.bodies[b].columns;
    let parent = |i: usize| {
        own.iter()
            .copied()
            .filter(|&j| j != i && in_column(&cols[i].path, &cols[j].path))
            .max_by_key(|&j| cols[j].path.len())
    };
    let parents: Vec<Option<usize>> = own.iter().map(|&i| parent(i)).collect();
    fn walk(
        at: Option<usize>,
        depth: usize,
        own: &[usize],
        parents: &[Option<usize>],
        out: &mut Vec<(usize, usize)>,
    ) {
        for (k, &i) in own.iter().enumerate() {
            if parents[k] == at {
                out.push((i, depth));
                walk(Some(i), depth + 1, own, parents, out);
            }
        }
    }
    let mut out = Vec::with_capacity(own.len());
    walk(None, 0, own, &parents, &mut out);
    out
}

/// Body `b`'s page, from its own documents (`docs`, in site order).
fn body_stats(r: &Renderer, b: usize, docs: &[&crate::model::Document]) -> BodyStats {
    let site = r.site;
    let body = &site.config.bodies[b];
    // 行政规范性文件: the body's own, as 表二 of its annual report counts them.
    let norm: Vec<&crate::model::Document> = docs
        .iter()
        .copied()
        .filter(|d| d.kind == Kind::Normative)
        .collect();
    let this_year = site.today.year;
    let first = norm
        .iter()
        .flat_map(|d| count::years(d))
        .min()
        .unwrap_or(this_year)
        .min(this_year - 1);
    let normative = (first..=this_year)
        .rev()
        .map(|y| {
            let c = count::count(norm.iter().copied(), y);
            NormYear {
                year: y,
                made: c.made,
                repealed: c.repealed,
                in_force: c.in_force,
            }
        })
        .collect();
    // Documents per column and publication year.
    let mut by_year: BTreeMap<i32, usize> = BTreeMap::new();
    for d in docs {
        *by_year.entry(d.publish_date().year).or_default() += 1;
    }
    let years: Vec<i32> = by_year.keys().rev().copied().collect();
    let slot = |y: i32| years.iter().position(|&x| x == y).unwrap_or(0);
    let tree = column_tree(site, b);
    let cols = &site.config.columns;
    let mut columns: Vec<ColumnRow> = tree
        .iter()
        .map(|&(i, depth)| ColumnRow {
            title: cols[i].title.clone(),
            url: r.url(&url_encode_path(&format!("/{}/", cols[i].path))),
            depth,
            per_year: vec![0; years.len()],
            total: 0,
            newest: None,
        })
        .collect();
    let mut newest = vec![None; tree.len()];
    for d in docs {
        let y = slot(d.publish_date().year);
        for (k, &(i, _)) in tree.iter().enumerate() {
            if in_column(&d.dir, &cols[i].path) {
                columns[k].per_year[y] += 1;
                columns[k].total += 1;
                newest[k] = newest[k].max(Some(d.publish_date()));
            }
        }
    }
    for (c, n) in columns.iter_mut().zip(newest) {
        c.newest = n.map(|d| d.to_string());
    }
    BodyStats {
        name: body.name.clone(),
        kind: body.kind.cn(),
        home: r.url(&body.url()),
        normative,
        per_year: years.iter().map(|y| by_year[y]).collect(),
        years,
        columns,
        documents: docs.len(),
        newest: docs
            .iter()
            .map(|d| d.publish_date())
            .max()
            .map(|d| d.to_string()),
        site_stats: has_site_page(site).then(|| r.url("/tj/")),
    }
}

/// The whole site's `/tj/` (when [`has_site_page`]) and every body's statistics page.
/// Returns the number of pages written.
pub fn stats_pages(r: &Renderer, staging: &Staging) -> Result<usize, RenderError> {
    let site = r.site;
    let mut n = 0;
    let home = ("首页".to_string(), r.url("/"));
    let site_crumb = (link_title(site).to_string(), r.url("/tj/"));
    if has_site_page(site) {
        let mut years: BTreeMap<i32, Vec<StatRow>> = BTreeMap::new();
        for row in normative::stats(site) {
            years.entry(row.year).or_default().push(row);
        }
        let mut counts = vec![(0usize, 0usize); site.config.bodies.len()];
        for p in &site.docs {
            let c = &mut counts[p.doc.owner];
            c.0 += 1;
            c.1 += usize::from(p.doc.kind == Kind::Normative);
        }
        let bodies = site
            .config
            .bodies
            .iter()
            .enumerate()
            .filter_map(|(b, body)| {
                Some(BodyLine {
                    name: body.name.clone(),
                    kind: body.kind.cn(),
                    url: r.url(&stats_path(site, b)?),
                    documents: counts[b].0,
                    normative: counts[b].1,
                })
            })
            .collect();
        let view = SiteStats {
            years: years.into_iter().rev().collect(),
            bodies,
        };
        r.page(
            staging,
            "tj/index.html",
            "stats.html",
            site_title(site),
            &[home.clone(), site_crumb.clone()],
            "stats",
            &view,
        )?;
        n += 1;
    }
    // Each body's documents, from one pass (filtering all documents per body was
    // bodies × documents).
    let mut owned: Vec<Vec<&crate::model::Document>> = vec![Vec::new(); site.config.bodies.len()];
    for p in &site.docs {
        owned[p.doc.owner].push(p.doc);
    }
    for (b, docs) in owned.iter().enumerate() {
        let Some(out) = out_file(site, b) else {
            continue;
        };
        let view = body_stats(r, b, docs);
        let title = format!("{}信息公开统计", view.name);
        let here = (
            "信息公开统计".to_string(),
            r.url(&stats_path(site, b).unwrap_or_default()),
        );
        let mut crumbs = vec![home.clone()];
        if site.config.bodies[b].is_root() {
            crumbs.push(site_crumb.clone());
            crumbs.push((view.name.clone(), here.1));
        } else {
            crumbs.extend(body_crumbs(r, b));
            crumbs.push(here);
        }
        r.page(
            staging,
            &out,
            "body_stats.html",
            &title,
            &crumbs,
            "stats",
            &view,
        )?;
        n += 1;
    }
    Ok(n)
}

/// Title of the whole site's `/tj/`.
pub fn site_title(site: &PublicSite) -> &'static str {
    if site.config.bodies.len() > 1 {
        "信息公开统计"
    } else {
        "行政规范性文件制发与清理统计"
    }
}

/// How links and breadcrumbs name the whole site's `/tj/`.
pub fn link_title(site: &PublicSite) -> &'static str {
    if site.config.bodies.len() > 1 {
        "信息公开统计"
    } else {
        "规范性文件统计"
    }
}
