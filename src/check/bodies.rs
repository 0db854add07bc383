//! Body rules (SPEC §7): `guide-missing` and `annual-report-missing`, one finding per
//! disclosure body at the site.yaml line of its unit's `- name:`.
//!
//! 《中华人民共和国政府信息公开条例》第十二条 (every body keeps its own 政府信息公开指南) and
//! 第四十九条 (部门 report on the previous year by 01-31, the 本级政府 by 03-31;
//! https://www.gov.cn/zhengce/content/2019-04/15/content_5382991.htm). 镇街 follow the 部门
//! date in most provinces; `rules.annual_report_due` overrides each kind's date.

use crate::check::{Finding, Subject, default_severity};
use crate::config::{Body, under};
use crate::dates::Date;
use crate::model::Site;
use crate::model::types::Kind;

fn body_finding(body: &Body, b: usize, rule: &'static str, message: String) -> Finding {
    Finding {
        rule,
        severity: default_severity(rule),
        file: "site.yaml".into(),
        line: Some(body.line),
        message,
        help: None,
        subject: Subject::Body(b),
    }
}

/// Published documents of body `b` in its top-level column titled `title` (and sub-columns).
fn in_entry(site: &Site, b: usize, title: &str) -> Vec<usize> {
    let body = &site.config.bodies[b];
    let Some(col) = body.top_column(&site.config.columns, title) else {
        return Vec::new();
    };
    site.docs
        .iter()
        .enumerate()
        .filter(|(i, d)| site.published[*i] && d.owner == b && under(&d.dir, &col.path))
        .map(|(i, _)| i)
        .collect()
}

pub(super) fn check(site: &Site, out: &mut Vec<Finding>) {
    let today = site.today;
    // A site without `body:` keeps its checks as before (SPEC §7): the two rules look only at
    // the statutory columns it declares. Once bodies are declared, every body must have both.
    let implicit = site.config.bodies.len() == 1
        && site.config.bodies[0]
            .unit
            .is_none_or(|u| site.config.units[u].body.is_none());
    let has_col = |b: &Body, t: &str| b.top_column(&site.config.columns, t).is_some();
    for (b, body) in site.config.bodies.iter().enumerate() {
        let kind = body.kind.cn();
        if (!implicit || has_col(body, "政府信息公开指南"))
            && in_entry(site, b, "政府信息公开指南").is_empty()
        {
            let has_col = body
                .top_column(&site.config.columns, "政府信息公开指南")
                .is_some();
            out.push(
                body_finding(
                    body,
                    b,
                    "guide-missing",
                    format!(
                        "{}（{kind}）没有已发布的政府信息公开指南（条例第十二条：各行政机关编制、公布本机关的政府信息公开指南）",
                        body.name
                    ),
                )
                .help(if has_col {
                    let c = body.top_column(&site.config.columns, "政府信息公开指南").map(|c| c.path.clone()).unwrap_or_default();
                    format!("在 content/{c}/ 下发布本单位的政府信息公开指南（公开属性：主动公开）")
                } else {
                    format!("{} 没有标题为“政府信息公开指南”的栏目：在 site.yaml 的 `sections.{kind}` 或 `columns:` 中声明它，再发布指南", body.name)
                }),
            );
        }
        let (m, d) = site.config.rules.annual_report_due[body.kind.index()];
        let Some(due) = Date::new(today.year, m, d) else {
            continue;
        };
        if today <= due || (implicit && !has_col(body, "政府信息公开年报")) {
            continue;
        }
        let year = i64::from(today.year) - 1;
        let has = in_entry(site, b, "政府信息公开年报").into_iter().any(|i| {
            let doc = &site.docs[i];
            doc.kind == Kind::AnnualReport && doc.report_year() == Some(year)
        });
        if !has {
            out.push(
                body_finding(
                    body,
                    b,
                    "annual-report-missing",
                    format!(
                        "{}（{kind}）未在 {due} 前公布 {year} 年政府信息公开工作年度报告（条例第四十九条；{kind}的期限为每年 {m} 月 {d} 日）",
                        body.name
                    ),
                )
                .help(match body.top_column(&site.config.columns, "政府信息公开年报") {
                    Some(c) => format!(
                        "在 content/{}/ 下发布 `kind: 年度报告` 的 {year} 年度报告；期限可用 site.yaml 的 `rules.annual_report_due` 调整",
                        c.path
                    ),
                    None => format!(
                        "{} 没有标题为“政府信息公开年报”的栏目：在 site.yaml 的 `sections.{kind}` 或 `columns:` 中声明它",
                        body.name
                    ),
                }),
            );
        }
    }
}
