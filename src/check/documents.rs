//! Rules about single documents: interpretation-missing (三同步), disclosure-overdue
//! (条例第二十六条), validity-expired, cleanup-missing (规范性文件清理) and
//! decision-incomplete (国务院令第713号).

use crate::calendar::Calendar;
use crate::check::Finding;
use crate::model::Site;
use crate::model::types::{DecisionStatus, Disclosure, Kind, Stage, Validity};

pub(super) fn check(site: &Site, out: &mut Vec<Finding>) {
    let rules = &site.config.rules;
    let cal = Calendar::with_site(&rules.holidays, &rules.extra_workdays);
    for (i, d) in site.docs.iter().enumerate() {
        if site.published[i] {
            interpretation_missing(site, i, out);
            if let Some(n) = &d.normative {
                if n.validity == Validity::Valid
                    && let Some(until) = n.valid_until
                    && until < site.today
                {
                    out.push(
                        Finding::doc(
                            site,
                            i,
                            "validity-expired",
                            d.line("valid_until"),
                            format!("规范性文件已过有效期：`valid_until` (有效期至) {until}，但 `validity` (效力) 仍为 有效"),
                        )
                        .help("核实后将 `validity` 改为 已失效（或 已废止、已修改 并写明 `replaced_by`）；如已延期，更新 `valid_until`"),
                    );
                }
                cleanup_missing(site, i, out);
            }
            decision_incomplete(site, i, out);
        }
        disclosure_overdue(site, &cal, i, out);
    }
}

fn interpretation_missing(site: &Site, i: usize, out: &mut Vec<Finding>) {
    let d = &site.docs[i];
    if !site
        .config
        .rules
        .interpretation_required
        .iter()
        .any(|k| k == d.kind.cn())
    {
        return;
    }
    // Only a published interpretation counts: the public must be able to read it.
    let has_doc = site
        .interp_edges
        .range((i, 0)..(i + 1, 0))
        .any(|&(_, t)| site.published[t]);
    let has_url = site.interp_urls.get(&i).is_some_and(|u| !u.is_empty());
    if has_doc || has_url {
        return;
    }
    let line = if d.lines.contains_key("kind") {
        d.line("kind")
    } else {
        d.line("title")
    };
    out.push(
        Finding::doc(
            site,
            i,
            "interpretation-missing",
            line,
            format!("{}未同步发布政策解读（三同步）：没有 `interpretation` (政策解读)，也没有已发布的政策解读以 `interprets` 指向本文", d.kind.cn()),
        )
        .help(format!(
            "发布解读文件（`kind: 政策解读`，`interprets: {}.md`），或在本文写 `interpretation: <解读的内容路径或 https:// 地址>`",
            d.id
        )),
    );
}

fn disclosure_overdue(site: &Site, cal: &Calendar, i: usize, out: &mut Vec<Finding>) {
    let d = &site.docs[i];
    if d.disclosure != Disclosure::Public {
        return;
    }
    // A standard-catalog item with `working_days` sets its own deadline (SPEC §9).
    let days = site
        .config
        .catalog
        .working_days(d)
        .unwrap_or(site.config.rules.publish_within_working_days);
    let source = match (&d.catalog, site.config.catalog.working_days(d)) {
        (Some(c), Some(_)) => {
            let id = &c.id;
            t!(
                "标准目录事项 `{id}` 的公开时限",
                "deadline of catalog item `{id}`"
            )
        }
        _ => t!("条例第二十六条", "条例第二十六条"),
    };
    let deadline = cal.add_working_days(d.date, days);
    let date_line = d.line("date");
    if site.published[i] {
        let p = d.publish_date();
        if p > deadline {
            let late = cal.working_days_between(deadline, p);
            let line = if d.lines.contains_key("published") {
                d.line("published")
            } else {
                date_line
            };
            out.push(
                Finding::doc(
                    site,
                    i,
                    "disclosure-overdue",
                    line,
                    format!(
                        "超期公开：`date` (成文日期) {}，应在 {days} 个工作日内即 {deadline} 前公开（{source}），`published` (发布日期) {p}，超期 {late} 个工作日",
                        d.date
                    ),
                )
                .help("已发生的超期无法补救；如有正当理由，在前置元数据中写 `# gongkai: allow(disclosure-overdue) 理由`"),
            );
        }
    } else if site.today > deadline {
        let why = if d.draft {
            "仍为草稿 (`draft: true`)".to_string()
        } else {
            format!("`published` (发布日期) 定为 {}", d.publish_date())
        };
        let line = if d.draft && d.lines.contains_key("draft") {
            d.line("draft")
        } else if d.lines.contains_key("published") {
            d.line("published")
        } else {
            date_line
        };
        out.push(
            Finding::doc(
                site,
                i,
                "disclosure-overdue",
                line,
                format!(
                    "主动公开文件尚未发布且已超过公开期限：`date` (成文日期) {}，期限 {deadline}（{days} 个工作日，{source}），{why}",
                    d.date
                ),
            )
            .help("尽快发布：去掉 `draft: true`，或把 `published` 改为今天"),
        );
    }
}

fn cleanup_missing(site: &Site, i: usize, out: &mut Vec<Finding>) {
    let d = &site.docs[i];
    let rules = &site.config.rules;
    let (Some(year), Some(n)) = (rules.cleanup_year, &d.normative) else {
        return;
    };
    if d.date < rules.cleanup_since || n.cleanup.iter().any(|c| c.year == year) {
        return;
    }
    let line = if d.lines.contains_key("cleanup") {
        d.line("cleanup")
    } else {
        d.line("kind")
    };
    out.push(
        Finding::doc(
            site,
            i,
            "cleanup-missing",
            line,
            format!(
                "缺少 {year} 年清理记录：成文日期 {} 在 `cleanup_since` {} 之后的规范性文件须有 `cleanup` (清理) 记录",
                d.date, rules.cleanup_since
            ),
        )
        .help(format!("添加 `cleanup: {{year: {year}, result: 继续有效}}`（result 为 继续有效 | 修改 | 废止 | 宣布失效）")),
    );
}

fn decision_incomplete(site: &Site, i: usize, out: &mut Vec<Finding>) {
    let d = &site.docs[i];
    let Some(dec) = &d.decision else { return };
    if d.kind != Kind::Decision || dec.status != DecisionStatus::Decided {
        return;
    }
    let stages = site.stages.get(&dec.id).map(Vec::as_slice).unwrap_or(&[]);
    // A lawfully withheld stage (依申请公开/不予公开) is present (shown as 不予公开);
    // a 主动公开 stage still in draft or embargoed is not.
    let present = |s: Stage| {
        stages.iter().any(|&(st, j)| {
            st == s && (site.published[j] || site.docs[j].disclosure != Disclosure::Public)
        })
    };
    let missing: Vec<&str> = Stage::REQUIRED
        .iter()
        .filter(|s| !present(**s))
        .map(|s| s.cn())
        .collect();
    if missing.is_empty() {
        return;
    }
    let line = if d.lines.contains_key("decision") {
        d.line("decision")
    } else {
        dec.line
    };
    out.push(
        Finding::doc(
            site,
            i,
            "decision-incomplete",
            line,
            format!("重大行政决策事项 {} 状态为 已决策，但缺少环节：{}", dec.id, missing.join("、")),
        )
        .help(format!(
            "发布各环节文件（`decision_stage: {{id: {}, stage: <环节>}}`）；依法不公开的环节也应建档并标 `disclosure: 不予公开`",
            dec.id
        )),
    );
}
