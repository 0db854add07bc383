//! `annual-report-mismatch` (SPEC §8): 行政规范性文件 figures typed into 表二 of a 30号 report
//! that differ from what the body's published 规范性文件 give by the counting rule.

use std::collections::HashMap;

use crate::annual::{body_normative, body_of, site_count, site_row};
use crate::check::Finding;
use crate::model::Site;
use crate::model::report::{NORMATIVE_ROW, Num};

const RULE: &str = "annual-report-mismatch";

pub(super) fn check(site: &Site, out: &mut Vec<Finding>) {
    let reports: Vec<usize> = (0..site.docs.len())
        .filter(|&i| {
            site.docs[i]
                .report
                .as_ref()
                .is_some_and(|r| site_row(r).is_some_and(|row| r.active_lines[row].is_some()))
        })
        .collect();
    if reports.is_empty() {
        return;
    }
    let published = site
        .docs
        .iter()
        .enumerate()
        .filter(|(i, _)| site.published[*i])
        .map(|(_, d)| d);
    let mut by_body: HashMap<&str, Vec<&crate::model::Document>> = HashMap::new();
    for i in &reports {
        by_body
            .entry(body_of(&site.config, &site.docs[*i]))
            .or_default();
    }
    for body in by_body.keys().copied().collect::<Vec<_>>() {
        let docs = body_normative(&site.config, published.clone(), body);
        by_body.insert(body, docs);
    }
    for i in reports {
        let d = &site.docs[i];
        let rep = d.report.as_ref().expect("filtered above");
        let row = site_row(rep).expect("filtered above");
        let normative = &by_body[body_of(&site.config, d)];
        let Some(count) = site_count(rep, normative) else {
            continue;
        };
        let group = rep
            .format
            .active_rows()
            .nth(row)
            .map(|(g, _)| g)
            .expect("row of the format");
        for (j, want) in count.as_array().iter().enumerate() {
            let typed = rep.active[row][j];
            if typed == Num::Int(*want) {
                continue;
            }
            out.push(
                Finding::doc(
                    site,
                    i,
                    RULE,
                    rep.active_lines[row].unwrap_or(rep.line),
                    format!(
                        "表二“{NORMATIVE_ROW}”行“{}”列填写 {typed}，但本站公开的行政规范性文件统计为 {want}（{}年）",
                        group.cols[j].heading,
                        rep.year
                    ),
                )
                .help("页面和 annual-reports.json 采用本站统计；核对规范性文件的成文日期、`invalid_from`（失效日期）、`valid_until`，或删去这一行改用自动统计"),
            );
        }
    }
}
