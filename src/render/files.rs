//! Output files besides pages: data exports, feeds, sitemap and robots.txt. `build` writes all
//! of them; `serve` rewrites only the parts an edit can change.

use rayon::prelude::*;

use crate::dates::Date;
use crate::model::PublicSite;
use crate::model::paths::url_encode_path;
use crate::output::OutputError;
use crate::render::pages::ListSpec;
use crate::{data, feeds};

/// Where [`site_files`] puts each file: (path, bytes), e.g. `Staging::write`.
pub type Emit<'e> = dyn Fn(&str, &[u8]) -> Result<(), OutputError> + Sync + 'e;

/// Data exports, feeds, sitemap and robots.txt — the same files `build` writes, generated in
/// parallel and each handed to `emit` (path, bytes) as soon as it is made, so that they are
/// not all held at once (at 200,000 documents, documents.json, the sitemap and ~4,000 feeds
/// together were ~200 MB on top of the site, issue 22). Returns the number of files.
pub fn site_files(
    public: &PublicSite,
    specs: &[ListSpec],
    has_normative_index: bool,
    parts: Parts,
    emit: &Emit<'_>,
) -> Result<usize, OutputError> {
    let sitemap = || {
        let mut pages: Vec<(String, Option<Date>)> = vec![("/".into(), None)];
        for s in specs {
            pages.push((
                url_encode_path(&format!("/{}/", s.out_dir)),
                s.docs.first().map(|&i| public.docs[i].doc.publish_date()),
            ));
        }
        for p in &public.docs {
            pages.push((p.doc.url.clone(), Some(p.doc.publish_date())));
        }
        // Every body's section home and the indexes of bodies by kind (SPEC §7).
        let bodies = &public.config.bodies;
        let mut newest = vec![None; bodies.len()];
        for p in &public.docs {
            let n = &mut newest[p.doc.owner];
            *n = (*n).max(Some(p.doc.publish_date()));
        }
        for (b, body) in bodies.iter().enumerate().filter(|(_, b)| !b.is_root()) {
            pages.push((body.url(), newest[b]));
        }
        for k in crate::config::BodyKind::ALL {
            if let Some(dir) = k.index_dir()
                && bodies.iter().any(|b| b.kind == k && !b.is_root())
            {
                pages.push((format!("/{dir}/"), None));
            }
        }
        if has_normative_index {
            pages.push(("/gfxwjql/".into(), None));
        }
        // The statistics pages: the whole site's and every body's (SPEC §7).
        pages.extend(
            crate::render::stats::urls(public)
                .into_iter()
                .map(|u| (u, None)),
        );
        if !public.catalog.is_empty() {
            pages.push(("/zdjcml/".into(), None));
        }
        for b in 0..public.config.catalog.bodies.len() {
            if let Some(url) = crate::catalog::page_url(public.config, b) {
                pages.push((url, None));
            }
        }
        feeds::sitemap(public, &pages)
    };
    let counts: Vec<usize> = (0..7)
        .into_par_iter()
        .filter(|job| match job {
            0 => parts.documents,
            1 => parts.decisions,
            3 => parts.normative,
            5 => parts.sitemap,
            _ => true,
        })
        .map(|job| -> Result<usize, OutputError> {
            let files: Vec<(String, Vec<u8>)> = match job {
                0 => vec![("data/documents.json".into(), data::documents_json(public))],
                1 => vec![("data/decisions.json".into(), data::decisions_json(public))],
                2 => {
                    // bodies.json counts each body's documents: small, always rewritten.
                    let mut v = vec![
                        ("feed.xml".into(), feeds::site_feed(public)),
                        ("robots.txt".into(), feeds::robots(public)),
                        ("data/bodies.json".into(), data::bodies_json(public)),
                    ];
                    v.extend(annual_reports(public));
                    v
                }
                3 => vec![
                    ("data/normative.json".into(), data::normative_json(public)),
                    ("data/normative.csv".into(), data::normative_csv(public)),
                ],
                4 => {
                    // Column feeds are written one by one (thousands on a city platform).
                    let mut n = 0;
                    feeds::column_feeds_each(public, |path, bytes| {
                        n += 1;
                        emit(&path, &bytes)
                    })?;
                    let f = feeds::body_feeds(public);
                    for (path, bytes) in &f {
                        emit(path, bytes)?;
                    }
                    return Ok(n + f.len());
                }
                // The standard catalog is small (one row per item and body) and its states change
                // with any catalog document: always rewritten.
                6 => {
                    if public.config.catalog.present {
                        let entries = crate::catalog::data::public_entries(public);
                        vec![
                            (
                                "data/catalog.json".into(),
                                crate::catalog::data::catalog_json(public, &entries),
                            ),
                            (
                                "data/catalog.csv".into(),
                                crate::catalog::data::catalog_csv(public, &entries),
                            ),
                        ]
                    } else {
                        Vec::new()
                    }
                }
                _ => vec![("sitemap.xml".into(), sitemap())],
            };
            for (path, bytes) in &files {
                emit(path, bytes)?;
            }
            Ok(files.len())
        })
        .collect::<Result<_, _>>()?;
    Ok(counts.iter().sum())
}

/// `data/annual-reports.json` and the CSV of each report's tables (SPEC §8).
fn annual_reports(public: &PublicSite) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut entries = Vec::new();
    for (&i, rep) in &public.reports {
        let p = &public.docs[i];
        out.push((
            crate::render::report::csv_path(p),
            crate::annual::export::csv(&p.doc.title, rep),
        ));
        entries.push(crate::annual::export::Entry {
            body: crate::annual::body_of(public.config, p.doc),
            url: &p.doc.url,
            report: rep.clone(),
        });
    }
    out.push((
        "data/annual-reports.json".into(),
        crate::annual::export::json(entries),
    ));
    out
}

/// Which of the files that only some edits change to write.
#[derive(Debug, Clone, Copy)]
pub struct Parts {
    pub documents: bool,
    pub decisions: bool,
    pub normative: bool,
    pub sitemap: bool,
}

impl Parts {
    pub const ALL: Parts = Parts {
        documents: true,
        decisions: true,
        normative: true,
        sitemap: true,
    };
}
