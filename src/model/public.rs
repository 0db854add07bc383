//! [`PublicSite`]: the only view of the site the renderer gets. It holds published documents
//! only; a withheld decision stage survives as a bare label. No template can reach anything else.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use crate::config::SiteConfig;
use crate::dates::Date;
use crate::model::document::{Document, Target};
use crate::model::links::LinkKind;
use crate::model::site::Site;
use crate::model::types::*;

/// A link to show on a page: URL relative to the site root (`/a/b/`) or absolute for external.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LinkOut {
    pub title: String,
    pub url: String,
    pub external: bool,
}

/// One stage cell entry of the decision catalog.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StageEntry {
    pub public: bool,
    /// Only for published stage documents.
    pub title: Option<String>,
    pub url: Option<String>,
    pub date: Option<Date>,
    /// `不予公开` / `依申请公开` for non-public stage documents.
    pub label: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StageCell {
    pub stage: Stage,
    pub entries: Vec<StageEntry>,
}

/// An item of the decision catalog.
#[derive(Debug, Clone, Serialize)]
pub struct CatalogItem {
    pub id: String,
    pub year: i64,
    pub title: String,
    pub url: String,
    pub undertaker: String,
    pub status: DecisionStatus,
    /// Every stage in catalog order: required ones always, optional ones when present.
    pub cells: Vec<StageCell>,
    /// Index of the item document in `PublicSite::docs`.
    #[serde(skip)]
    pub doc: usize,
}

/// A published document with its resolved, published-only links.
pub struct PubDoc<'a> {
    pub doc: &'a Document,
    pub interpretations: Vec<LinkOut>,
    pub interprets: Vec<LinkOut>,
    pub replaces: Vec<LinkOut>,
    pub replaced_by: Vec<LinkOut>,
    /// Catalog item index for decision items and stage documents.
    pub decision: Option<usize>,
    /// Attachments as (file name, URL).
    pub attachments: Vec<LinkOut>,
}

pub struct PublicSite<'a> {
    pub config: &'a SiteConfig,
    pub today: Date,
    pub drafts: bool,
    /// Sorted by id.
    pub docs: Vec<PubDoc<'a>>,
    pub idx: HashMap<&'a str, usize>,
    /// Content paths of files referenced by published documents (attachments, images).
    pub assets: BTreeSet<String>,
    pub catalog: Vec<CatalogItem>,
    /// All of `docs` newest first (see [`PublicSite::newest_first`]).
    pub order: Vec<usize>,
    /// Annual reports by position in `docs`, as published: the figures with the site-derived
    /// 行政规范性文件 row filled in (SPEC §8).
    pub reports: BTreeMap<usize, crate::model::report::AnnualReport>,
}

impl<'a> PublicSite<'a> {
    pub fn new(site: &'a Site) -> PublicSite<'a> {
        let pub_idx: HashMap<usize, usize> = site
            .published
            .iter()
            .enumerate()
            .filter(|(_, p)| **p)
            .enumerate()
            .map(|(n, (i, _))| (i, n))
            .collect();
        let (mut docs, assets) = public_docs(site, &pub_idx);
        let idx: HashMap<&'a str, usize> = docs
            .iter()
            .enumerate()
            .map(|(n, p)| (p.doc.id.as_str(), n))
            .collect();

        let catalog = decision_catalog(site, &pub_idx, &mut docs);
        let order = newest_order(&docs);
        let reports = annual_reports(&site.config, &docs);
        PublicSite {
            config: &site.config,
            today: site.today,
            drafts: site.drafts,
            docs,
            idx,
            assets,
            catalog,
            order,
            reports,
        }
    }

    pub fn get(&self, id: &str) -> Option<&PubDoc<'a>> {
        self.idx.get(id).map(|&i| &self.docs[i])
    }

    /// The disclosure bodies (公开主体), root first (SPEC §7). Every body is here, also one
    /// whose documents are all withheld.
    pub fn bodies(&self) -> &'a [crate::config::Body] {
        &self.config.bodies
    }

    /// The body whose section holds `p`.
    pub fn body_of(&self, p: &PubDoc) -> &'a crate::config::Body {
        &self.config.bodies[p.doc.owner]
    }

    /// Published documents of body `b` (index into `bodies()`), newest first.
    pub fn body_docs(&self, b: usize) -> Vec<usize> {
        self.newest_first(|p| p.doc.owner == b)
    }

    /// Indices of documents newest first (publish date, then date, then id). The site-wide
    /// order is sorted once; every listing filters it (dozens of listings each re-sorting
    /// thousands of documents showed up in profiles).
    pub fn newest_first(&self, filter: impl Fn(&PubDoc) -> bool) -> Vec<usize> {
        if self.order.len() != self.docs.len() {
            // A hand-built view (serve builds one-document views) has no precomputed order.
            let mut v = newest_order(&self.docs);
            v.retain(|&i| filter(&self.docs[i]));
            return v;
        }
        self.order
            .iter()
            .copied()
            .filter(|&i| filter(&self.docs[i]))
            .collect()
    }
}

/// The published documents in id order, each with its published-only links resolved
/// (解读 both ways, replacements, attachments), and the content paths of every attachment
/// and image they reference. `pub_idx`: position in `site.docs` → position among the
/// published.
fn public_docs<'a>(
    site: &'a Site,
    pub_idx: &HashMap<usize, usize>,
) -> (Vec<PubDoc<'a>>, BTreeSet<String>) {
    let link_to = |i: usize| -> Option<LinkOut> {
        pub_idx.get(&i).map(|_| LinkOut {
            title: site.docs[i].title.clone(),
            url: site.docs[i].url.clone(),
            external: false,
        })
    };
    let refs = |list: &[crate::model::document::Ref]| -> Vec<LinkOut> {
        list.iter()
            .filter_map(|r| match &r.target {
                Target::Doc(id) => site.by_id.get(id).and_then(|&t| link_to(t)),
                Target::Url(u) => Some(LinkOut {
                    title: u.clone(),
                    url: u.clone(),
                    external: true,
                }),
            })
            .collect()
    };
    // 政策解读 → the documents it interprets, in edge order (one pass, not one per document).
    let mut interpreted_by: HashMap<usize, Vec<usize>> = HashMap::new();
    for &(p, t) in &site.interp_edges {
        interpreted_by.entry(t).or_default().push(p);
    }
    let mut docs: Vec<PubDoc<'a>> = Vec::with_capacity(pub_idx.len());
    let mut assets = BTreeSet::new();
    for (i, d) in site.docs.iter().enumerate() {
        if !site.published[i] {
            continue;
        }
        let mut interpretations: Vec<LinkOut> = site
            .interp_edges
            .range((i, 0)..(i + 1, 0))
            .filter_map(|&(_, t)| link_to(t))
            .collect();
        for u in site.interp_urls.get(&i).into_iter().flatten() {
            interpretations.push(LinkOut {
                title: u.clone(),
                url: u.clone(),
                external: true,
            });
        }
        let interprets: Vec<LinkOut> = interpreted_by
            .get(&i)
            .into_iter()
            .flatten()
            .filter_map(|&p| link_to(p))
            .collect();
        let (replaces, replaced_by) = match &d.normative {
            Some(n) => (refs(&n.replaces), refs(&n.replaced_by)),
            None => (Vec::new(), Vec::new()),
        };
        let attachments = d
            .attachments
            .iter()
            .map(|a| {
                assets.insert(a.rel.clone());
                LinkOut {
                    title: a.name.clone(),
                    url: crate::model::paths::url_encode_path(&format!("/{}", a.rel)),
                    external: false,
                }
            })
            .collect();
        for l in &d.links {
            if let LinkKind::Asset { rel } = &l.kind {
                assets.insert(rel.clone());
            }
        }
        docs.push(PubDoc {
            doc: d,
            interpretations,
            interprets,
            replaces,
            replaced_by,
            decision: None,
            attachments,
        });
    }
    (docs, assets)
}

/// The decision catalog: published decision items sorted by (year, id), their stages as
/// cells; each published item and stage document in `docs` is pointed at its row.
fn decision_catalog(
    site: &Site,
    pub_idx: &HashMap<usize, usize>,
    docs: &mut [PubDoc<'_>],
) -> Vec<CatalogItem> {
    let mut catalog = Vec::new();
    for (id, &item) in &site.decisions {
        let Some(&item_pub) = pub_idx.get(&item) else {
            continue;
        };
        let d = &site.docs[item];
        let Some(dec) = &d.decision else { continue };
        let cells = stage_cells(site, id);
        let n = catalog.len();
        docs[item_pub].decision = Some(n);
        for &(_, s) in site.stages.get(id).map(|v| v.as_slice()).unwrap_or(&[]) {
            if let Some(&sp) = pub_idx.get(&s) {
                docs[sp].decision = Some(n);
            }
        }
        catalog.push(CatalogItem {
            id: id.clone(),
            year: dec.year,
            title: d.title.clone(),
            url: d.url.clone(),
            undertaker: site.config.units[dec.undertaker].name.clone(),
            status: dec.status,
            cells,
            doc: item_pub,
        });
    }
    catalog.sort_by(|a, b| (a.year, &a.id).cmp(&(b.year, &b.id)));
    // Re-point docs at sorted catalog positions.
    let pos: HashMap<String, usize> = catalog
        .iter()
        .enumerate()
        .map(|(n, c)| (c.id.clone(), n))
        .collect();
    for p in docs.iter_mut() {
        let key = p
            .doc
            .decision
            .as_ref()
            .map(|d| d.id.clone())
            .or_else(|| p.doc.stage.as_ref().map(|s| s.id.clone()));
        p.decision = key.and_then(|k| pos.get(&k).copied());
    }
    catalog
}

/// One decision item's stages as cells, required stages always present: a published stage
/// document as a link, a withheld one as its bare disclosure label, a draft or embargoed one
/// not at all (待公开).
fn stage_cells(site: &Site, id: &str) -> Vec<StageCell> {
    let mut by_stage: BTreeMap<Stage, Vec<StageEntry>> = BTreeMap::new();
    for &(stage, s) in site.stages.get(id).map(|v| v.as_slice()).unwrap_or(&[]) {
        let sd = &site.docs[s];
        let entry = if site.published[s] {
            StageEntry {
                public: true,
                title: Some(sd.title.clone()),
                url: Some(sd.url.clone()),
                date: Some(sd.publish_date()),
                label: None,
            }
        } else if sd.disclosure != Disclosure::Public {
            StageEntry {
                public: false,
                title: None,
                url: None,
                date: None,
                label: Some(sd.disclosure.cn()),
            }
        } else {
            // Draft or embargoed: not there yet (待公开).
            continue;
        };
        by_stage.entry(stage).or_default().push(entry);
    }
    // A withheld stage must not reveal when it happened (issue 16 item 10): within a
    // stage the public entries keep their date order and the withheld ones follow,
    // grouped by label only, never placed by their own date.
    for entries in by_stage.values_mut() {
        entries.sort_by_key(|e| (!e.public, e.label));
    }
    let present: Vec<Stage> = Stage::ALL
        .iter()
        .copied()
        .filter(|s| Stage::REQUIRED.contains(s) || by_stage.contains_key(s))
        .collect();
    present
        .into_iter()
        .map(|s| StageCell {
            stage: s,
            entries: by_stage.remove(&s).unwrap_or_default(),
        })
        .collect()
}

/// Filled annual reports; each body's 规范性文件 are gathered once, not once per report.
fn annual_reports(
    cfg: &SiteConfig,
    docs: &[PubDoc],
) -> BTreeMap<usize, crate::model::report::AnnualReport> {
    let mut out = BTreeMap::new();
    let mut by_body: HashMap<&str, Vec<&Document>> = HashMap::new();
    for (i, p) in docs.iter().enumerate() {
        if p.doc.report.is_some() {
            let body = crate::annual::body_of(cfg, p.doc);
            by_body.entry(body).or_default();
            out.insert(i, body);
        }
    }
    if out.is_empty() {
        return BTreeMap::new();
    }
    for p in docs {
        if p.doc.kind == Kind::Normative
            && let Some(v) = by_body.get_mut(crate::annual::body_of(cfg, p.doc))
        {
            v.push(p.doc);
        }
    }
    out.into_iter()
        .map(|(i, body)| {
            let rep = docs[i].doc.report.as_ref().expect("filtered above");
            (i, crate::annual::filled(rep, &by_body[body]))
        })
        .collect()
}

/// All documents' indices, newest first (publish date, then date, then id).
pub fn newest_order(docs: &[PubDoc]) -> Vec<usize> {
    let mut v: Vec<usize> = (0..docs.len()).collect();
    v.sort_by(|&a, &b| {
        let (da, db) = (docs[a].doc, docs[b].doc);
        (db.publish_date(), db.date, &da.id).cmp(&(da.publish_date(), da.date, &db.id))
    });
    v
}
