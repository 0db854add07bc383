//! `annual-report-continuity` (SPEC §8): 上年结转 of a body's report on year Y must equal
//! 结转下年度 of the same body's published report on Y−1 (when there is one).

use std::collections::HashMap;

use crate::annual::body_of;
use crate::check::Finding;
use crate::model::Site;
use crate::model::report::REQ_COLS;

const RULE: &str = "annual-report-continuity";

pub(super) fn check(site: &Site, out: &mut Vec<Finding>) {
    // (body, year) → its published reports on that year, newest first. A corrected report
    // published beside the original is common; matching either is enough.
    let mut prior: HashMap<(&str, i32), Vec<usize>> = HashMap::new();
    for (i, d) in site.docs.iter().enumerate() {
        if let Some(rep) = &d.report
            && site.published[i]
        {
            prior
                .entry((body_of(&site.config, d), rep.year))
                .or_default()
                .push(i);
        }
    }
    for v in prior.values_mut() {
        v.sort_by(|&a, &b| {
            let (a, b) = (&site.docs[a], &site.docs[b]);
            (b.publish_date(), &b.id).cmp(&(a.publish_date(), &a.id))
        });
    }
    for (i, d) in site.docs.iter().enumerate() {
        let Some(rep) = &d.report else { continue };
        let Some(cands) = prior.get(&(body_of(&site.config, d), rep.year - 1)) else {
            continue;
        };
        let now = rep.request("上年结转");
        let last_of = |j: usize| {
            site.docs[j]
                .report
                .as_ref()
                .expect("indexed reports only")
                .request("结转下年度")
        };
        if cands.iter().any(|&j| last_of(j) == now) {
            continue;
        }
        let j = cands[0];
        let then = last_of(j);
        let diffs: Vec<String> = (0..7)
            .filter(|&c| now[c] != then[c])
            .map(|c| format!("“{}”列本报告 {}、上年报告 {}", REQ_COLS[c], now[c], then[c]))
            .collect();
        out.push(
            Finding::doc(
                site,
                i,
                RULE,
                rep.request_line("上年结转"),
                format!(
                    "表三“上年结转”行与{}年度报告的“结转下年度”行不一致：{}",
                    rep.year - 1,
                    diffs.join("；")
                ),
            )
            .help(format!(
                "上年结转应等于上一年度报告（content/{}）的结转下年度继续办理数；核对两份报告",
                site.docs[j].rel
            )),
        );
    }
}
