//! Annual reports (政府信息公开工作年度报告, SPEC §8) as output: the figures with the
//! site-derived 行政规范性文件 row filled in, the statutory tables as HTML ([`html`]), and the
//! exports ([`export`]: data/annual-reports.json and a CSV of each report's tables).

pub(crate) mod export;
pub(crate) mod html;

use crate::config::SiteConfig;
use crate::model::count::{self, NormCount};
use crate::model::document::Document;
use crate::model::report::{AnnualReport, Format, NORMATIVE_ROW, Num};
use crate::model::types::Kind;

/// The disclosure body (公开主体, SPEC §7) a document belongs to, by name: the body whose
/// section holds it (a site without `body:` is one body named by `organization`).
pub fn body_of<'c>(cfg: &'c SiteConfig, d: &Document) -> &'c str {
    &cfg.bodies[d.owner].name
}

/// The published 规范性文件 of `body` among `docs` (all published).
pub fn body_normative<'a>(
    cfg: &SiteConfig,
    docs: impl IntoIterator<Item = &'a Document>,
    body: &str,
) -> Vec<&'a Document> {
    docs.into_iter()
        .filter(|d| d.kind == Kind::Normative && body_of(cfg, d) == body)
        .collect()
}

/// The report as published: for 30号 reports the 行政规范性文件 row is the site's own count.
pub fn filled(rep: &AnnualReport, normative: &[&Document]) -> AnnualReport {
    let mut out = rep.clone();
    if let Some(i) = site_row(rep) {
        let c = count::count(normative.iter().copied(), rep.year);
        out.active[i] = c.as_array().iter().map(|&n| Num::Int(n)).collect();
    }
    out
}

/// Index of the 表二 row the site counts itself, for formats that have one.
pub fn site_row(rep: &AnnualReport) -> Option<usize> {
    (rep.format == Format::F2021)
        .then(|| rep.active_row(NORMATIVE_ROW))
        .flatten()
}

/// The site's count for a report (30号 only).
pub fn site_count(rep: &AnnualReport, normative: &[&Document]) -> Option<NormCount> {
    site_row(rep).map(|_| count::count(normative.iter().copied(), rep.year))
}
