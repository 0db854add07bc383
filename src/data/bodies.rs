//! `data/bodies.json` (SPEC §7): every disclosure body with its section's URLs and counts of
//! published documents only (a body's withheld documents count nowhere).

use serde::Serialize;

use crate::config::{Contact, under};
use crate::model::PublicSite;
use crate::model::paths::url_encode_path;

#[derive(Serialize)]
struct AnnualReportRef {
    year: i64,
    url: String,
}

#[derive(Serialize)]
struct ColumnRecord<'a> {
    path: &'a str,
    title: &'a str,
    url: String,
    documents: usize,
}

#[derive(Serialize)]
struct BodyRecord<'a> {
    name: &'a str,
    kind: &'static str,
    url: String,
    contact: Option<&'a Contact>,
    documents: usize,
    guide: Option<&'a str>,
    catalog: Option<String>,
    annual_reports: Vec<AnnualReportRef>,
    columns: Vec<ColumnRecord<'a>>,
}

/// `data/bodies.json`: bodies in the order 本级政府, 部门, 镇街, then by name (the order of
/// `SiteConfig::bodies`).
pub fn bodies_json(site: &PublicSite) -> Vec<u8> {
    let cfg = site.config;
    // Published documents per body (one pass over the site).
    let mut by_body: Vec<Vec<usize>> = vec![Vec::new(); cfg.bodies.len()];
    for (i, p) in site.docs.iter().enumerate() {
        by_body[p.doc.owner].push(i);
    }
    let recs: Vec<BodyRecord> = cfg
        .bodies
        .iter()
        .enumerate()
        .map(|(b, body)| {
            let mine = &by_body[b];
            let in_col = |path: &str| {
                mine.iter()
                    .map(|&i| &site.docs[i])
                    .filter(|p| under(&p.doc.dir, path))
                    .collect::<Vec<_>>()
            };
            // Newest by 发布日期, then 成文日期 (then the smaller id, for a stable choice).
            let guide = body
                .top_column(&cfg.columns, "政府信息公开指南")
                .and_then(|c| {
                    in_col(&c.path).into_iter().max_by(|a, b| {
                        (a.doc.publish_date(), a.doc.date, &b.doc.id).cmp(&(
                            b.doc.publish_date(),
                            b.doc.date,
                            &a.doc.id,
                        ))
                    })
                })
                .map(|p| p.doc.url.as_str());
            let mut annual_reports: Vec<AnnualReportRef> = body
                .top_column(&cfg.columns, "政府信息公开年报")
                .map(|c| {
                    in_col(&c.path)
                        .into_iter()
                        .filter_map(|p| {
                            Some(AnnualReportRef {
                                year: p.doc.report_year()?,
                                url: p.doc.url.clone(),
                            })
                        })
                        .collect()
                })
                .unwrap_or_default();
            annual_reports.sort_by(|a, b| (a.year, &a.url).cmp(&(b.year, &b.url)));
            let columns = body
                .columns
                .iter()
                .map(|&c| {
                    let col = &cfg.columns[c];
                    ColumnRecord {
                        path: &col.path,
                        title: &col.title,
                        url: url_encode_path(&format!("/{}/", col.path)),
                        documents: in_col(&col.path).len(),
                    }
                })
                .collect();
            BodyRecord {
                name: &body.name,
                kind: body.kind.cn(),
                url: body.url(),
                contact: body.contact.as_ref(),
                documents: mine.len(),
                guide,
                catalog: crate::catalog::page_url(cfg, b),
                annual_reports,
                columns,
            }
        })
        .collect();
    super::to_json(&recs)
}
