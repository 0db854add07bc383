//! `annual-report-arithmetic` (SPEC §8): the 勾稽关系 inspectors check in 表三 and 表四.
//!
//! 表三: in every column 本年新收 + 上年结转 = 总计 + 结转下年度; 总计 = the sum of the result
//! rows; in every row the 总计 column = the sum of the six kinds of applicant. 表四: in every
//! block 总计 = the sum of the four results. One wrong cell breaks two or three of these sums at
//! once; when the broken sums point at exactly one cell, that cell is reported once (row,
//! column, the number written and the one the sums require) instead of every broken sum.

use crate::check::Finding;
use crate::model::Site;
use crate::model::report::{AnnualReport, REQ_COLS, REVIEW_COLS, REVIEW_ROWS, Role};

const RULE: &str = "annual-report-arithmetic";

/// Σ coef·cell = 0 over 表三 cells `(row, column)`.
struct Identity {
    terms: Vec<((usize, usize), i64)>,
    kind: Kind,
}

enum Kind {
    /// Row `r`: 总计 column = the six columns.
    RowTotal(usize),
    /// Column `c`: (七)总计 row = the result rows.
    ColTotal(usize),
    /// Column `c`: 新收 + 结转 = 总计 + 结转下年度.
    Balance(usize),
}

fn identities(rep: &AnnualReport) -> Vec<Identity> {
    let rows = rep.format.requests();
    let find = |role: Role| rows.iter().position(|r| r.role == role);
    let (Some(new), Some(carried), Some(total), Some(over)) = (
        find(Role::New),
        find(Role::Carried),
        find(Role::Total),
        find(Role::CarryOver),
    ) else {
        return Vec::new();
    };
    let results: Vec<usize> = (0..rows.len())
        .filter(|&r| rows[r].role == Role::Result)
        .collect();
    let mut out = Vec::new();
    for r in 0..rows.len() {
        let mut terms = vec![((r, 6), 1)];
        terms.extend((0..6).map(|c| ((r, c), -1)));
        out.push(Identity {
            terms,
            kind: Kind::RowTotal(r),
        });
    }
    for c in 0..7 {
        let mut terms = vec![((total, c), 1)];
        terms.extend(results.iter().map(|&r| ((r, c), -1)));
        out.push(Identity {
            terms,
            kind: Kind::ColTotal(c),
        });
        out.push(Identity {
            terms: vec![
                ((new, c), 1),
                ((carried, c), 1),
                ((total, c), -1),
                ((over, c), -1),
            ],
            kind: Kind::Balance(c),
        });
    }
    out
}

fn residual(rep: &AnnualReport, id: &Identity) -> i64 {
    id.terms
        .iter()
        .map(|&((r, c), k)| k * rep.requests[r][c])
        .sum()
}

pub(super) fn check(site: &Site, out: &mut Vec<Finding>) {
    for (i, d) in site.docs.iter().enumerate() {
        let Some(rep) = &d.report else { continue };
        requests(site, i, rep, out);
        review(site, i, rep, out);
    }
}

// Cells are (row, column) coordinates shared with the identities; index loops read clearer.
#[allow(clippy::needless_range_loop)]
fn requests(site: &Site, i: usize, rep: &AnnualReport, out: &mut Vec<Finding>) {
    let rows = rep.format.requests();
    let ids = identities(rep);
    let res: Vec<i64> = ids.iter().map(|id| residual(rep, id)).collect();
    let mut open: Vec<bool> = res.iter().map(|&x| x != 0).collect();
    if !open.iter().any(|&o| o) {
        return;
    }
    let line = |r: usize| rep.request_lines[r].unwrap_or(rep.line);
    // A cell all of whose sums are broken by the same amount is the one wrong number.
    for r in 0..rows.len() {
        for c in 0..7 {
            let involved: Vec<(usize, i64)> = ids
                .iter()
                .enumerate()
                .filter_map(|(n, id)| {
                    id.terms
                        .iter()
                        .find(|(cell, _)| *cell == (r, c))
                        .map(|&(_, k)| (n, k))
                })
                .collect();
            if involved.len() < 2 || !involved.iter().all(|&(n, _)| open[n]) {
                continue;
            }
            let (n0, k0) = involved[0];
            let delta = res[n0] * k0; // k is ±1
            if !involved.iter().all(|&(n, k)| res[n] == k * delta) {
                continue;
            }
            for &(n, _) in &involved {
                open[n] = false;
            }
            let v = rep.requests[r][c];
            out.push(
                Finding::doc(
                    site,
                    i,
                    RULE,
                    line(r),
                    format!(
                        "表三“{}”行“{}”列填写 {v}，按勾稽关系应为 {}（所在行的总计和所在列的合计都与它不符）",
                        rows[r].key,
                        REQ_COLS[c],
                        v - delta
                    ),
                )
                .help("核对这一格的数字；每行总计等于六类申请人之和，办理结果各行之和等于（七）总计，本年新收＋上年结转＝（七）总计＋结转下年度"),
            );
        }
    }
    let total = rows.iter().position(|r| r.role == Role::Total).unwrap_or(0);
    let over = rows
        .iter()
        .position(|r| r.role == Role::CarryOver)
        .unwrap_or(0);
    for (n, id) in ids.iter().enumerate() {
        if !open[n] {
            continue;
        }
        let g = |r: usize, c: usize| rep.requests[r][c];
        let (l, msg) = match id.kind {
            Kind::RowTotal(r) => (
                line(r),
                format!(
                    "表三“{}”行“总计”列填写 {}，但六类申请人之和为 {}",
                    rows[r].key,
                    g(r, 6),
                    g(r, 6) - res[n]
                ),
            ),
            Kind::ColTotal(c) => (
                line(total),
                format!(
                    "表三“总计”行“{}”列填写 {}，但各项办理结果之和为 {}",
                    REQ_COLS[c],
                    g(total, c),
                    g(total, c) - res[n]
                ),
            ),
            Kind::Balance(c) => {
                let lhs: i64 = id.terms[..2].iter().map(|&((r, c), _)| g(r, c)).sum();
                let rhs: i64 = id.terms[2..].iter().map(|&((r, c), _)| g(r, c)).sum();
                (
                    line(over),
                    format!(
                        "表三“{}”列：本年新收＋上年结转＝{lhs}，但“总计”行＋“结转下年度”行＝{rhs}",
                        REQ_COLS[c]
                    ),
                )
            }
        };
        out.push(
            Finding::doc(site, i, RULE, l, msg)
                .help("本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和"),
        );
    }
}

fn review(site: &Site, i: usize, rep: &AnnualReport, out: &mut Vec<Finding>) {
    for (b, row) in rep.review.iter().enumerate() {
        let sum: i64 = row[..4].iter().sum();
        if sum != row[4] {
            out.push(
                Finding::doc(
                    site,
                    i,
                    RULE,
                    rep.review_lines[b].unwrap_or(rep.line),
                    format!(
                        "表四“{}”行“{}”列填写 {}，但{}之和为 {sum}",
                        REVIEW_ROWS[b],
                        REVIEW_COLS[4],
                        row[4],
                        REVIEW_COLS[..4].join("、")
                    ),
                )
                .help("总计等于结果维持、结果纠正、其他结果、尚未审结四项之和"),
            );
        }
    }
}
