//! The normative-document cleanup index (规范性文件清理) with its views, the annual-report
//! statistics rows (the pages are in [`crate::render::stats`]), and the decision catalog
//! (重大行政决策事项目录) pages.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::model::PublicSite;
use crate::model::types::*;
use crate::output::Staging;
use crate::render::context::{Link, links};
use crate::render::pages::{CellView, cells_view};
use crate::render::{RenderError, Renderer};

/// One row of the normative index (also the data behind normative.json / .csv).
#[derive(Serialize, Clone)]
pub struct NormRow {
    pub title: String,
    /// 信息类别: 规范性文件, or 政策文件 for a policy document with lifecycle records.
    pub kind: &'static str,
    pub url: String,
    pub doc_number: Option<String>,
    pub registration: Option<String>,
    pub issuer: String,
    pub date: String,
    pub year: i32,
    pub validity: &'static str,
    pub effective: &'static str,
    pub cleanup: Option<String>,
    pub in_cleanup: bool,
    pub interpretations: Vec<Link>,
    pub replaced_by: Vec<Link>,
    #[serde(skip)]
    pub issuers: Vec<usize>,
    #[serde(skip)]
    pub effective_v: Validity,
}

#[derive(Serialize)]
struct ViewLink {
    title: String,
    url: String,
    current: bool,
    count: usize,
}

#[derive(Serialize)]
struct NormView<'x> {
    title: String,
    intro: String,
    rows: Vec<&'x NormRow>,
    by_scope: Vec<ViewLink>,
    by_issuer: Vec<ViewLink>,
    by_year: Vec<ViewLink>,
    by_validity: Vec<ViewLink>,
    csv: String,
    json: String,
    cleanup_year: Option<i64>,
    cleanup_since: String,
}

pub fn rows(r: &Renderer) -> Vec<NormRow> {
    let site = r.site;
    let since = site.config.rules.cleanup_since;
    let campaign = site.config.rules.cleanup_year;
    let mut out: Vec<NormRow> = site
        .docs
        .iter()
        .filter_map(|p| {
            let n = p.doc.normative.as_ref()?;
            let eff = n.effective_validity(site.today);
            Some(NormRow {
                title: p.doc.title.clone(),
                kind: p.doc.kind.cn(),
                url: r.url(&p.doc.url),
                doc_number: p.doc.doc_number.clone(),
                registration: n.registration.clone(),
                issuer: p
                    .doc
                    .issuers
                    .iter()
                    .map(|&u| site.config.units[u].name.as_str())
                    .collect::<Vec<_>>()
                    .join("、"),
                date: p.doc.date.to_string(),
                year: p.doc.date.year,
                validity: n.validity.cn(),
                effective: eff.cn(),
                cleanup: n
                    .cleanup
                    .last()
                    .map(|c| format!("{}（{}年）", c.result.cn(), c.year)),
                // The campaign's scope: made since `cleanup_since`, and every document the
                // campaign actually cleaned up (older ones still in force are reviewed too).
                in_cleanup: (p.doc.kind == Kind::Normative && p.doc.date >= since)
                    || campaign.is_some_and(|y| n.cleanup.iter().any(|c| c.year == y)),
                interpretations: links(&r.base, &p.interpretations),
                replaced_by: links(&r.base, &p.replaced_by),
                issuers: p.doc.issuers.clone(),
                effective_v: eff,
            })
        })
        .collect();
    out.sort_by(|a, b| (b.date.as_str(), &a.url).cmp(&(a.date.as_str(), &b.url)));
    out
}

/// All normative index views. Returns the number of pages written.
pub fn normative_pages(
    r: &Renderer,
    staging: &Staging,
    rows: &[NormRow],
) -> Result<usize, RenderError> {
    if rows.is_empty() {
        return Ok(0);
    }
    let site = r.site;
    let years: BTreeSet<i32> = rows.iter().map(|x| x.year).collect();
    let cleanup_title = match site.config.rules.cleanup_year {
        Some(y) => format!(
            "{}年清理范围（{}以后制定及本次清理涉及的文件）",
            y,
            site.config.rules.cleanup_since.cn()
        ),
        None => format!(
            "清理范围（{}以后制定）",
            site.config.rules.cleanup_since.cn()
        ),
    };
    // Each view's rows, in `rows` order. A unit's rows come from one pass over the rows:
    // filtering every row per unit was units × rows, and counting every unit's rows again for
    // every view's by_issuer links was units² × rows (issue 22, city platform).
    let mut unit_rows: std::collections::BTreeMap<usize, Vec<&NormRow>> = Default::default();
    for x in rows {
        for &u in &x.issuers {
            let v = unit_rows.entry(u).or_default();
            // Listed once, also when an issuer is named twice.
            if !v.last().is_some_and(|l| std::ptr::eq(*l, x)) {
                v.push(x);
            }
        }
    }
    let pick = |f: &dyn Fn(&NormRow) -> bool| rows.iter().filter(|x| f(x)).collect::<Vec<_>>();
    // (out dir, title, rows)
    let mut views: Vec<(String, String, Vec<&NormRow>)> = vec![
        (
            "gfxwjql".into(),
            if rows.iter().any(|x| x.kind != Kind::Normative.cn()) {
                "全部行政规范性文件和政策文件".into()
            } else {
                "全部行政规范性文件".into()
            },
            rows.iter().collect(),
        ),
        ("gfxwjql/ql".into(), cleanup_title, pick(&|x| x.in_cleanup)),
    ];
    let in_cleanup = views[1].2.len();
    for (&u, mine) in &unit_rows {
        let slug = &site.config.units[u].slug;
        views.push((
            format!("gfxwjql/jg/{slug}"),
            format!("发布机构：{}", site.config.units[u].name),
            mine.clone(),
        ));
    }
    for &y in years.iter().rev() {
        views.push((
            format!("gfxwjql/nian/{y}"),
            format!("{y}年制发"),
            pick(&|x| x.year == y),
        ));
    }
    for v in Validity::ALL {
        let v = *v;
        views.push((
            format!("gfxwjql/xl/{}", v.slug()),
            format!("效力：{}", v.cn()),
            pick(&|x| x.effective_v == v),
        ));
    }
    // The links between views, with their counts: the same on every view but `current`.
    type Links = Vec<(String, String, usize)>;
    let by_scope: Links = vec![
        ("gfxwjql".into(), "全部".into(), rows.len()),
        ("gfxwjql/ql".into(), "清理范围".into(), in_cleanup),
    ];
    let by_issuer: Links = unit_rows
        .iter()
        .map(|(&u, mine)| {
            (
                format!("gfxwjql/jg/{}", site.config.units[u].slug),
                site.config.units[u].name.clone(),
                mine.len(),
            )
        })
        .collect();
    let by_year: Links = years
        .iter()
        .rev()
        .map(|&y| {
            (
                format!("gfxwjql/nian/{y}"),
                format!("{y}年"),
                rows.iter().filter(|x| x.year == y).count(),
            )
        })
        .collect();
    let by_validity: Links = Validity::ALL
        .iter()
        .map(|&v| {
            (
                format!("gfxwjql/xl/{}", v.slug()),
                v.cn().to_string(),
                rows.iter().filter(|x| x.effective_v == v).count(),
            )
        })
        .collect();
    for (dir, title, view_rows) in views.iter_mut() {
        let mk = |links: &Links| -> Vec<ViewLink> {
            links
                .iter()
                .map(|(d, t, c)| ViewLink {
                    current: d == dir,
                    url: r.url(&format!("/{d}/")),
                    title: t.clone(),
                    count: *c,
                })
                .collect()
        };
        let view = NormView {
            title: title.clone(),
            intro: format!(
                "根据规范性文件集中统一公开和清理工作要求，现将{}行政规范性文件目录及其效力状态公布如下。文件效力以本目录为准；已废止、已失效的文件不再执行。",
                site.config.organization
            ),
            rows: std::mem::take(view_rows),
            by_scope: mk(&by_scope),
            by_issuer: mk(&by_issuer),
            by_year: mk(&by_year),
            by_validity: mk(&by_validity),
            csv: r.url("/data/normative.csv"),
            json: r.url("/data/normative.json"),
            cleanup_year: site.config.rules.cleanup_year,
            cleanup_since: site.config.rules.cleanup_since.to_string(),
        };
        let mut crumbs = vec![
            ("首页".to_string(), r.url("/")),
            ("规范性文件清理目录".to_string(), r.url("/gfxwjql/")),
        ];
        if dir != "gfxwjql" {
            crumbs.push((title.clone(), r.url(&format!("/{dir}/"))));
        }
        r.page(
            staging,
            &format!("{dir}/index.html"),
            "normative.html",
            title,
            &crumbs,
            "norm",
            &view,
        )?;
    }
    Ok(views.len())
}

/// 年度报告 第二项 statistics for 规范性文件, per year and issuer.
#[derive(Serialize, Default, Clone)]
pub struct StatRow {
    pub year: i32,
    pub issuer: String,
    pub made: usize,
    pub repealed: usize,
    pub in_force: usize,
}

/// Does [`stats`] have a row: a published 行政规范性文件 made or stopped by this year?
pub fn has_stats(site: &PublicSite) -> bool {
    site.docs.iter().any(|p| {
        p.doc.kind == Kind::Normative
            && crate::model::count::years(p.doc).any(|y| y <= site.today.year)
    })
}

/// Per year (up to today's) and issuer, plus 合计, by THE counting rule of
/// [`crate::model::count`] — the same figures as 表二 of the annual reports.
pub fn stats(site: &PublicSite) -> Vec<StatRow> {
    use crate::model::count;
    let norm: Vec<&crate::model::Document> = site
        .docs
        .iter()
        .filter(|p| p.doc.kind == Kind::Normative)
        .map(|p| p.doc)
        .collect();
    let years: BTreeSet<i32> = norm
        .iter()
        .flat_map(|d| count::years(d))
        .filter(|&y| y <= site.today.year)
        .collect();
    // Each issuer's documents, from one pass (filtering them per issuer and year was
    // issuers × years × documents).
    let mut issuers: std::collections::BTreeMap<usize, Vec<&crate::model::Document>> =
        Default::default();
    for &d in &norm {
        for &u in &d.issuers {
            let v = issuers.entry(u).or_default();
            if !v.last().is_some_and(|l| std::ptr::eq(*l, d)) {
                v.push(d);
            }
        }
    }
    let mut out = Vec::new();
    for &y in years.iter().rev() {
        let mut rows: Vec<StatRow> = issuers
            .iter()
            .map(|(&u, mine)| {
                let c = count::count(mine.iter().copied(), y);
                StatRow {
                    year: y,
                    issuer: site.config.units[u].name.clone(),
                    made: c.made as usize,
                    repealed: c.repealed as usize,
                    in_force: c.in_force as usize,
                }
            })
            .filter(|r| r.made + r.repealed + r.in_force > 0)
            .collect();
        rows.sort_by(|a, b| a.issuer.cmp(&b.issuer));
        let c = count::count(norm.iter().copied(), y);
        rows.push(StatRow {
            year: y,
            issuer: "合计".into(),
            made: c.made as usize,
            repealed: c.repealed as usize,
            in_force: c.in_force as usize,
        });
        out.extend(rows);
    }
    out
}

#[derive(Serialize)]
struct ItemView<'x> {
    n: usize,
    id: &'x str,
    title: &'x str,
    url: String,
    undertaker: &'x str,
    status: &'static str,
    cells: Vec<CellView>,
}

#[derive(Serialize)]
struct YearView<'x> {
    year: i64,
    url: String,
    items: Vec<ItemView<'x>>,
    stages: Vec<&'static str>,
}

#[derive(Serialize)]
struct CatalogView<'x> {
    title: String,
    years: Vec<YearView<'x>>,
    all_years: Vec<(i64, String)>,
    json: String,
}

pub fn catalog_pages(r: &Renderer, staging: &Staging) -> Result<usize, RenderError> {
    let site = r.site;
    if site.catalog.is_empty() {
        return Ok(0);
    }
    let years: BTreeSet<i64> = site.catalog.iter().map(|c| c.year).collect();
    let year_view = |y: i64| {
        let items: Vec<ItemView> = site
            .catalog
            .iter()
            .filter(|c| c.year == y)
            .enumerate()
            .map(|(n, c)| ItemView {
                n: n + 1,
                id: &c.id,
                title: &c.title,
                url: r.url(&c.url),
                undertaker: &c.undertaker,
                status: c.status.cn(),
                cells: cells_view(r, &c.cells),
            })
            .collect();
        let mut stages: Vec<&'static str> = Stage::REQUIRED.iter().map(|s| s.cn()).collect();
        for s in Stage::ALL.iter().filter(|s| !Stage::REQUIRED.contains(s)) {
            if items
                .iter()
                .any(|i| i.cells.iter().any(|c| c.stage == s.cn()))
            {
                stages.push(s.cn());
            }
        }
        // Every item shows the same columns: fill absent optional stages with empty cells.
        let items = items
            .into_iter()
            .map(|mut i| {
                i.cells = stages
                    .iter()
                    .map(|st| {
                        i.cells
                            .iter()
                            .position(|c| c.stage == *st)
                            .map(|p| {
                                std::mem::replace(
                                    &mut i.cells[p],
                                    CellView {
                                        stage: st,
                                        entries: Vec::new(),
                                    },
                                )
                            })
                            .unwrap_or(CellView {
                                stage: st,
                                entries: Vec::new(),
                            })
                    })
                    .collect();
                i
            })
            .collect();
        YearView {
            year: y,
            url: r.url(&format!("/zdjcml/{y}/")),
            items,
            stages,
        }
    };
    let all_years: Vec<(i64, String)> = years
        .iter()
        .rev()
        .map(|&y| (y, r.url(&format!("/zdjcml/{y}/"))))
        .collect();
    let overview = CatalogView {
        title: "重大行政决策事项目录".into(),
        years: years.iter().rev().map(|&y| year_view(y)).collect(),
        all_years: all_years.clone(),
        json: r.url("/data/decisions.json"),
    };
    let crumbs = vec![
        ("首页".to_string(), r.url("/")),
        ("重大行政决策事项目录".to_string(), r.url("/zdjcml/")),
    ];
    r.page(
        staging,
        "zdjcml/index.html",
        "catalog.html",
        "重大行政决策事项目录",
        &crumbs,
        "catalog",
        &overview,
    )?;
    for &y in &years {
        let title = format!("{y}年度重大行政决策事项目录");
        let view = CatalogView {
            title: title.clone(),
            years: vec![year_view(y)],
            all_years: all_years.clone(),
            json: r.url("/data/decisions.json"),
        };
        let mut c = crumbs.clone();
        c.push((format!("{y}年度"), r.url(&format!("/zdjcml/{y}/"))));
        r.page(
            staging,
            &format!("zdjcml/{y}/index.html"),
            "catalog.html",
            &title,
            &c,
            "catalog",
            &view,
        )?;
    }
    Ok(1 + years.len())
}
