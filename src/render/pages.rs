//! Document pages, listings (column, unit, year, kind), home, search and 404 pages.

use rayon::prelude::*;
use serde::Serialize;

use crate::model::paths::url_encode_path;
use crate::model::public::PubDoc;
use crate::model::types::*;
use crate::output::Staging;
use crate::render::context::{self, Facet, Link, Summary, in_column, links};
use crate::render::markdown;
use crate::render::{Errors, RenderError, Renderer};

#[derive(Serialize)]
struct NormView<'x> {
    registration: Option<&'x str>,
    validity: &'static str,
    effective: &'static str,
    valid_from: Option<String>,
    valid_until: Option<String>,
    cleanup: Vec<CleanupView<'x>>,
    /// Shown prominently when the document is no longer (fully) in force.
    banner: Option<String>,
}

#[derive(Serialize)]
struct CleanupView<'x> {
    year: i64,
    result: &'static str,
    note: Option<&'x str>,
}

#[derive(Serialize)]
pub struct CellView {
    pub stage: &'static str,
    pub entries: Vec<EntryView>,
}

#[derive(Serialize)]
pub struct EntryView {
    pub public: bool,
    pub title: Option<String>,
    pub url: Option<String>,
    pub date: Option<String>,
    pub label: Option<&'static str>,
}

#[derive(Serialize)]
struct DecisionView<'x> {
    id: &'x str,
    title: &'x str,
    url: String,
    status: &'static str,
    undertaker: &'x str,
    is_item: bool,
    stage: Option<&'static str>,
    cells: Vec<CellView>,
}

#[derive(Serialize)]
struct DocView<'x> {
    title: &'x str,
    url: String,
    index_number: Option<&'x str>,
    issuers: Vec<String>,
    column: Link,
    date: String,
    date_cn: String,
    published: String,
    doc_number: Option<&'x str>,
    kind: &'static str,
    topics: &'x [String],
    summary: Option<&'x str>,
    draft: bool,
    normative: Option<NormView<'x>>,
    interpretations: Vec<Link>,
    interprets: Vec<Link>,
    replaces: Vec<Link>,
    replaced_by: Vec<Link>,
    attachments: Vec<Link>,
    decision: Option<DecisionView<'x>>,
    body: String,
}

pub fn cells_view(r: &Renderer, cells: &[crate::model::public::StageCell]) -> Vec<CellView> {
    cells
        .iter()
        .map(|c| CellView {
            stage: c.stage.cn(),
            entries: c
                .entries
                .iter()
                .map(|e| EntryView {
                    public: e.public,
                    title: e.title.clone(),
                    url: e.url.as_ref().map(|u| r.url(u)),
                    date: e.date.map(|d| d.to_string()),
                    label: e.label,
                })
                .collect(),
        })
        .collect()
}

/// Column breadcrumbs: 首页 › section › column.
pub fn column_crumbs(r: &Renderer, path: &str) -> Vec<(String, String)> {
    let mut crumbs = vec![("首页".to_string(), r.url("/"))];
    // A body's crumbs are its own: 首页 › 部门信息公开 › body › its columns (SPEC §7).
    let b = r.site.config.body_of_dir(path);
    crumbs.extend(crate::render::bodies::body_crumbs(r, b));
    // The body's own columns (every column of the site per page was pages × columns).
    let all = &r.site.config.columns;
    let mut cols: Vec<&crate::config::Column> = r.site.config.bodies[b]
        .columns
        .iter()
        .map(|&i| &all[i])
        .filter(|c| in_column(path, &c.path))
        .collect();
    cols.sort_by_key(|c| c.path.len());
    for c in cols {
        crumbs.push((
            c.title.clone(),
            r.url(&url_encode_path(&format!("/{}/", c.path))),
        ));
    }
    crumbs
}

/// Render one document page from its Markdown `body` (the document's own, or the one
/// `gongkai build` handed over, see `engine::Bodies`); returns its plain text when `want_text`.
pub fn doc_page(
    r: &Renderer,
    staging: &Staging,
    p: &PubDoc,
    body: &str,
    want_text: bool,
) -> Result<String, RenderError> {
    let d = p.doc;
    let site = r.site;
    let report = site
        .idx
        .get(d.id.as_str())
        .and_then(|i| site.reports.get(i));
    let body = match report {
        Some(rep) => crate::render::report::body(r, p, body, rep, want_text),
        None => markdown::render(body, &d.dir, site, &r.links, want_text),
    };
    let col = &site.config.columns[d.column];
    let normative = d.normative.as_ref().map(|n| {
        let eff = n.effective_validity(site.today);
        let banner = match eff {
            Validity::Valid => None,
            Validity::Modified => Some("本文件已修改，请以修改后的文件为准。".to_string()),
            Validity::Repealed => Some(
                match n
                    .cleanup
                    .iter()
                    .rev()
                    .find(|c| c.result == CleanupResult::Repeal)
                {
                    Some(c) => format!("本文件已于{}年清理中废止，不再执行。", c.year),
                    None => "本文件已废止，不再执行。".to_string(),
                },
            ),
            Validity::Expired => Some(match n.valid_until {
                Some(u) if u < site.today => format!("本文件有效期至{}，已失效。", u.cn()),
                _ => "本文件已宣布失效，不再执行。".to_string(),
            }),
        };
        NormView {
            registration: n.registration.as_deref(),
            validity: n.validity.cn(),
            effective: eff.cn(),
            valid_from: n.valid_from.map(|d| d.to_string()),
            valid_until: n.valid_until.map(|d| d.to_string()),
            cleanup: n
                .cleanup
                .iter()
                .map(|c| CleanupView {
                    year: c.year,
                    result: c.result.cn(),
                    note: c.note.as_deref(),
                })
                .collect(),
            banner,
        }
    });
    let decision = p.decision.map(|n| {
        let item = &site.catalog[n];
        DecisionView {
            id: &item.id,
            title: &item.title,
            url: r.url(&item.url),
            status: item.status.cn(),
            undertaker: &item.undertaker,
            is_item: d.decision.is_some(),
            stage: d.stage.as_ref().map(|s| s.stage.cn()),
            cells: cells_view(r, &item.cells),
        }
    });
    let view = DocView {
        title: &d.title,
        url: r.url(&d.url),
        index_number: d.index_number.as_deref(),
        issuers: context::issuer_names(site, p),
        column: Link {
            title: col.title.clone(),
            url: r.url(&url_encode_path(&format!("/{}/", col.path))),
            external: false,
        },
        date: d.date.to_string(),
        date_cn: d.date.cn(),
        published: d.publish_date().to_string(),
        doc_number: d.doc_number.as_deref(),
        kind: d.kind.cn(),
        topics: &d.topics,
        summary: d.summary.as_deref(),
        draft: d.draft,
        normative,
        interpretations: links(&r.base, &p.interpretations),
        interprets: links(&r.base, &p.interprets),
        replaces: links(&r.base, &p.replaces),
        replaced_by: links(&r.base, &p.replaced_by),
        attachments: links(&r.base, &p.attachments),
        decision,
        body: body.html,
    };
    let mut crumbs = column_crumbs(r, &d.dir);
    crumbs.push((d.title.clone(), view.url.clone()));
    r.page(
        staging,
        &format!("{}/index.html", d.out_dir),
        "page.html",
        &d.title,
        &crumbs,
        "doc",
        &view,
    )?;
    Ok(body.text)
}

#[derive(Serialize)]
struct PageLink {
    /// Shown text: 最新 for the first page, else the archive page's number.
    label: String,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct Pagination {
    /// 0 on the first page (the newest documents), else the archive page's number.
    current: usize,
    /// Newer documents (`rel="prev"`).
    prev: Option<String>,
    /// Older documents (`rel="next"`).
    next: Option<String>,
    pages: Vec<PageLink>,
}

#[derive(Serialize)]
struct ListView<'x> {
    title: &'x str,
    description: Option<&'x str>,
    /// Number of documents, shown on the first page only (an archive page's bytes must not
    /// change when a document is added elsewhere in the listing).
    total: Option<usize>,
    docs: Vec<&'x Summary>,
    pagination: Pagination,
    children: Vec<context::NavItem>,
    feed: Option<String>,
    compact: bool,
}

/// One listing: a set of documents shown newest first, paginated.
pub struct ListSpec {
    pub out_dir: String,
    pub title: String,
    pub description: Option<String>,
    pub crumbs: Vec<(String, String)>,
    pub docs: Vec<usize>,
    pub children: Vec<context::NavItem>,
    pub feed: Option<String>,
    /// Documents per page: the site's `paginate_by` for columns, [`FACET_PER_PAGE`] for the
    /// unit/year/kind listings.
    pub per: usize,
    /// Rows show title and date only (the unit/year/kind listings, see [`FACET_PER_PAGE`]).
    pub compact: bool,
}

/// Documents per page of the 按发布机构 / 按年份 / 按信息类别 listings. They repeat the
/// column listings' documents in another order (about 1,200 pages of 20 at 10,000
/// documents, 12 MB — as much as every column listing together), so they list 200 per page
/// with title and date only: every document stays reachable without JavaScript in each
/// order, at a tenth of the pages (issue 22, output economy; 100 in round 3: each page's
/// masthead, sidebar and footer were a fifth of its bytes). The search page filters by the
/// same facets.
pub const FACET_PER_PAGE: usize = 200;

/// Does kind `k` get a 按信息类别 listing (`wz/<slug>/`)? Not 一般信息: it is the kind of
/// every document that is not a 规范性文件, 政策文件, 政策解读 or 年度报告 (two thirds of a
/// site), so its listing repeated the columns, units and years in a fourth order — 1 MiB of
/// the 10,000-document site (issue 22, output economy). Those documents stay reachable
/// without JavaScript through their column, unit and year; the search page's 信息类别
/// filter still offers 一般信息.
pub fn kind_listed(k: Kind) -> bool {
    k != Kind::General
}

/// Pages of a listing, so that adding a document changes as few of them as possible.
///
/// The first page (`a/b/`, page 0) shows the newest `per` documents. The older pages are an
/// archive counted from the OLDEST document: archive page `k` (`a/b/page/k/`, 1-based) holds
/// the oldest-first documents `(k-1)·per .. k·per`, for every full group of `per` that is not
/// the newest group. A new (newest) document therefore changes the first page, and only once
/// every `per` documents adds an archive page (and the links of its neighbours); every other
/// page keeps its bytes. The first page may repeat up to `per − 1` documents of the newest
/// archive page — the price of never renumbering pages.
pub fn archive_pages(docs: usize, per: usize) -> usize {
    docs.div_ceil(per).max(1) - 1
}

/// Page keys of a listing: 0 (the first page) and the archive pages `1..=archive_pages`.
pub fn page_keys(_r: &Renderer, spec: &ListSpec) -> std::ops::RangeInclusive<usize> {
    0..=archive_pages(spec.docs.len(), spec.per)
}

/// The documents (positions in `spec.docs`, newest first) on page `key`.
pub fn page_slice(docs: &[usize], per: usize, key: usize) -> &[usize] {
    let n = docs.len();
    if key == 0 {
        &docs[..n.min(per)]
    } else {
        // Oldest-first positions (key-1)·per .. key·per, in newest-first order.
        &docs[n.saturating_sub(key * per)..n.saturating_sub((key - 1) * per)]
    }
}

fn page_dir(out_dir: &str, key: usize) -> String {
    if key == 0 {
        out_dir.to_string()
    } else {
        format!("{out_dir}/page/{key}")
    }
}

fn list_url(r: &Renderer, out_dir: &str, key: usize) -> String {
    r.url(&url_encode_path(&format!("/{}/", page_dir(out_dir, key))))
}

/// Archive pages linked from page `current`: the two on each side (the newest three from the
/// first page), never the total, so a page's links change only near the archive's end.
fn page_window(current: usize, archive: usize) -> Vec<usize> {
    let (lo, hi) = if current == 0 {
        (archive.saturating_sub(2).max(1), archive)
    } else {
        (current.saturating_sub(2).max(1), (current + 2).min(archive))
    };
    (lo..=hi).rev().collect()
}

pub fn list_pages(r: &Renderer, staging: &Staging, specs: &[ListSpec], errors: &Errors) -> usize {
    let jobs: Vec<(usize, usize)> = specs
        .iter()
        .enumerate()
        .flat_map(|(s, spec)| page_keys(r, spec).map(move |n| (s, n)))
        .collect();
    jobs.par_iter()
        .for_each(|&(s, n)| errors.push(list_page(r, staging, &specs[s], n)));
    jobs.len()
}

/// Output folder of page `key` of a listing: `a/b` (0) or `a/b/page/<key>`.
pub fn list_page_dir(out_dir: &str, key: usize) -> String {
    page_dir(out_dir, key)
}

/// Render page `key` of one listing (see [`archive_pages`]; serve re-renders single pages).
pub fn list_page(
    r: &Renderer,
    staging: &Staging,
    spec: &ListSpec,
    key: usize,
) -> Result<(), RenderError> {
    let per = spec.per;
    let archive = archive_pages(spec.docs.len(), per);
    let slice = page_slice(&spec.docs, per, key);
    let mut pages = vec![PageLink {
        label: "最新".into(),
        url: list_url(r, &spec.out_dir, 0),
        current: key == 0,
    }];
    pages.extend(page_window(key, archive).into_iter().map(|k| PageLink {
        label: k.to_string(),
        url: list_url(r, &spec.out_dir, k),
        current: k == key,
    }));
    let newer = match key {
        0 => None,
        k if k >= archive => Some(0),
        k => Some(k + 1),
    };
    let older = match key {
        0 => (archive > 0).then_some(archive),
        k => (k > 1).then(|| k - 1),
    };
    let view = ListView {
        title: &spec.title,
        description: spec.description.as_deref(),
        total: (key == 0).then_some(spec.docs.len()),
        docs: slice.iter().map(|&i| &r.summaries[i]).collect(),
        pagination: Pagination {
            current: key,
            prev: newer.map(|k| list_url(r, &spec.out_dir, k)),
            next: older.map(|k| list_url(r, &spec.out_dir, k)),
            pages: if archive > 0 { pages } else { Vec::new() },
        },
        // Sub-columns with their counts: on the first page only, like the total.
        children: if key == 0 {
            spec.children.clone()
        } else {
            Vec::new()
        },
        feed: spec.feed.clone(),
        compact: spec.compact,
    };
    let title = if key > 0 {
        format!("{}（第{}页）", spec.title, key)
    } else {
        spec.title.clone()
    };
    r.page(
        staging,
        &format!("{}/index.html", page_dir(&spec.out_dir, key)),
        "list.html",
        &title,
        &spec.crumbs,
        "list",
        &view,
    )
}

/// Every listing of the site: columns, units, years, kinds.
pub fn list_specs(r: &Renderer) -> Vec<ListSpec> {
    let site = r.site;
    let mut specs = Vec::new();
    // Each body's own column tree: a column's sub-columns are found in its body's tree (the
    // root body's tree alone left other bodies' listings without their sub-columns).
    let counts = context::column_counts(site);
    let navs: Vec<Vec<context::NavItem>> = (0..site.config.bodies.len())
        .map(|b| context::body_nav_counted(site, &r.base, b, &counts))
        .collect();
    fn find<'n>(items: &'n [context::NavItem], path: &str) -> Option<&'n context::NavItem> {
        items.iter().find_map(|i| {
            if i.path == path {
                Some(i)
            } else {
                find(&i.children, path)
            }
        })
    }
    // Each column's documents, newest first, from one pass (a document is listed in its
    // folder's column and every column above it, `in_column`): filtering every document
    // per column cost columns × documents — ~3,900 columns in a 300-body city site.
    let mut by_dir: rustc_hash::FxHashMap<&str, Vec<usize>> = Default::default();
    for i in site.newest_first(|_| true) {
        let dir = site.docs[i].doc.dir.as_str();
        by_dir.entry(dir).or_default().push(i);
        for (k, _) in dir.match_indices('/') {
            by_dir.entry(&dir[..k]).or_default().push(i);
        }
    }
    for c in &site.config.columns {
        specs.push(ListSpec {
            out_dir: c.path.clone(),
            title: c.title.clone(),
            description: c.description.clone(),
            crumbs: column_crumbs(r, &c.path),
            docs: by_dir.get(c.path.as_str()).cloned().unwrap_or_default(),
            children: find(&navs[c.body], &c.path)
                .map(|n| n.children.clone())
                .unwrap_or_default(),
            feed: Some(r.url(&format!("/feeds/{}.xml", c.path.replace('/', "-")))),
            per: site.config.paginate_by,
            compact: false,
        });
    }
    // The unit, year and kind listings' documents, newest first, from one more pass (one
    // pass per unit was units × documents).
    let mut by_unit: Vec<Vec<usize>> = vec![Vec::new(); site.config.units.len()];
    let mut by_year: std::collections::BTreeMap<i32, Vec<usize>> = Default::default();
    let mut by_kind: Vec<Vec<usize>> = vec![Vec::new(); Kind::ALL.len()];
    for i in site.newest_first(|_| true) {
        let d = site.docs[i].doc;
        for &u in &d.issuers {
            // Listed once, also when an issuer is named twice.
            if by_unit[u].last() != Some(&i) {
                by_unit[u].push(i);
            }
        }
        by_year.entry(d.date.year).or_default().push(i);
        by_kind[d.kind as usize].push(i);
    }
    let home = ("首页".to_string(), r.url("/"));
    for (unit, docs) in site.config.units.iter().zip(by_unit) {
        if docs.is_empty() {
            continue;
        }
        specs.push(ListSpec {
            out_dir: format!("jg/{}", unit.slug),
            title: unit.name.clone(),
            description: None,
            crumbs: vec![
                home.clone(),
                ("按发布机构".into(), r.url("/jg/")),
                (unit.name.clone(), r.url(&format!("/jg/{}/", unit.slug))),
            ],
            docs,
            children: Vec::new(),
            feed: None,
            per: FACET_PER_PAGE,
            compact: true,
        });
    }
    for (y, docs) in by_year.into_iter().rev() {
        specs.push(ListSpec {
            out_dir: format!("nian/{y}"),
            title: format!("{y}年"),
            description: None,
            crumbs: vec![
                home.clone(),
                ("按年份".into(), r.url("/nian/")),
                (format!("{y}年"), r.url(&format!("/nian/{y}/"))),
            ],
            docs,
            children: Vec::new(),
            feed: None,
            per: FACET_PER_PAGE,
            compact: true,
        });
    }
    for (k, docs) in Kind::ALL
        .iter()
        .zip(by_kind)
        .filter(|(k, _)| kind_listed(**k))
    {
        if docs.is_empty() {
            continue;
        }
        specs.push(ListSpec {
            out_dir: format!("wz/{}", k.slug()),
            title: k.cn().to_string(),
            description: None,
            crumbs: vec![
                home.clone(),
                ("按信息类别".into(), r.url("/wz/")),
                (k.cn().to_string(), r.url(&format!("/wz/{}/", k.slug()))),
            ],
            docs,
            children: Vec::new(),
            feed: None,
            per: FACET_PER_PAGE,
            compact: true,
        });
    }
    specs
}

#[derive(Serialize)]
struct FacetsView<'x> {
    title: &'x str,
    items: &'x [Facet],
}

#[derive(Serialize)]
struct HomeView<'x> {
    /// The root body (本级政府): name, contact, statutory entries.
    body: crate::render::bodies::BodyHome<'x>,
    /// 部门信息公开, 镇街信息公开: the other bodies by kind.
    groups: Vec<crate::render::bodies::BodyGroup<'x>>,
    latest: Vec<&'x Summary>,
    normative: Vec<&'x Summary>,
    interpretations: Vec<&'x Summary>,
}

/// Home, facet indexes, search page and 404.
pub fn special_pages(r: &Renderer, staging: &Staging) -> Result<usize, RenderError> {
    let site = r.site;
    let home_crumb = ("首页".to_string(), r.url("/"));
    let take = |f: &dyn Fn(&PubDoc) -> bool, n: usize| -> Vec<&Summary> {
        site.newest_first(f)
            .into_iter()
            .take(n)
            .map(|i| &r.summaries[i])
            .collect()
    };
    // One tally for the site home and every body's home.
    let tally = context::Tally::new(site);
    let home = HomeView {
        body: crate::render::bodies::body_home(r, &tally, 0, 0),
        groups: crate::render::bodies::groups(r),
        latest: take(&|_| true, 10),
        normative: take(&|p| p.doc.kind == Kind::Normative, 6),
        interpretations: take(&|p| p.doc.kind == Kind::Interpretation, 6),
    };
    r.page(
        staging,
        "index.html",
        "index.html",
        &site.config.title,
        &[],
        "home",
        &home,
    )?;
    let view = context::site_view(site, &r.base);
    for (dir, title, items) in [
        ("jg", "按发布机构浏览", &view.units),
        ("nian", "按年份浏览", &view.years),
        ("wz", "按信息类别浏览", &view.kinds),
    ] {
        let crumbs = vec![
            home_crumb.clone(),
            (title.to_string(), r.url(&format!("/{dir}/"))),
        ];
        r.page(
            staging,
            &format!("{dir}/index.html"),
            "facets.html",
            title,
            &crumbs,
            "facets",
            &FacetsView { title, items },
        )?;
    }
    let crumbs = vec![
        home_crumb.clone(),
        ("站内检索".to_string(), r.url("/search/")),
    ];
    r.page(
        staging,
        "search/index.html",
        "search.html",
        "站内检索",
        &crumbs,
        "search",
        &true,
    )?;
    r.page(
        staging,
        "404.html",
        "404.html",
        "页面不存在",
        &[home_crumb],
        "missing",
        &true,
    )?;
    // Each body's section home and the indexes of bodies by kind (SPEC §7), and each body's
    // 主动公开目录 (SPEC §9).
    Ok(6 + crate::render::bodies::body_pages(r, &tally, staging)?
        + crate::catalog::page::pages(r, staging)?)
}
