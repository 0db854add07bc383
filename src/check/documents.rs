//! Rules about single documents: interpretation-missing (三同步), disclosure-overdue
//! (条例第二十六条) with holiday-data-missing, and decision-incomplete (国务院令第713号).
//! The normative-document rules are in `normative.rs`.

use std::collections::BTreeMap;

use crate::calendar::Calendar;
use crate::calendar::notice::SITE_DIR;
use crate::check::{Finding, items};
use crate::model::Site;
use crate::model::types::{DecisionStatus, Disclosure, Kind, Stage};

pub(super) fn check(site: &Site, cal: &Calendar, out: &mut Vec<Finding>) {
    // Years a deadline needed but the calendar has no notice for → documents affected.
    let mut missing: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
    for i in 0..site.docs.len() {
        if site.published[i] {
            interpretation_missing(site, i, out);
            super::normative::check(site, i, out);
            decision_incomplete(site, i, out);
        }
        disclosure_overdue(site, cal, i, &mut missing, out);
    }
    holiday_data_missing(site, cal, &missing, out);
}

/// One warning per year a deadline window reached without that year's notice: the
/// deadlines were counted Mon–Fri, which is wrong across 元旦, 春节 and their 调休 days.
fn holiday_data_missing(
    site: &Site,
    cal: &Calendar,
    missing: &BTreeMap<i32, Vec<usize>>,
    out: &mut Vec<Finding>,
) {
    let known = match (cal.years().keys().next(), cal.years().keys().next_back()) {
        (Some(a), Some(b)) => t!("现有 {a}–{b} 年的数据", "data covers {a}–{b}"),
        _ => t!("没有任何年度的数据", "no year has data"),
    };
    for (year, docs) in missing {
        let first = &site.docs[docs[0]];
        let example = first.file.to_string_lossy().replace('\\', "/");
        let n = docs.len();
        out.push(
            Finding::site(
                "holiday-data-missing",
                t!(
                    "缺少 {year} 年全国节假日安排数据（{known}）：{n} 件信息的公开期限要按 {year} 年的工作日计算（如 {example}），现暂按周一至周五计算，跨元旦、春节等假期时结果不准",
                    "no national holiday arrangement for {year} ({known}): the deadlines of {n} documents depend on {year}'s working days (e.g. {example}) and are counted Mon–Fri for now, which is wrong across 元旦, 春节 and other holidays"
                ),
            )
            .basis(items::ART_26)
            .help(t!(
                "国务院办公厅通常在上一年11月前后发布《国务院办公厅关于{year}年部分节假日安排的通知》。发布后升级 gongkai，或在站点根目录新建 {SITE_DIR}/{year}.yaml（格式同 gongkai 的 data/calendar/2026.yaml：year、notice、number、date、holidays、workdays）；个别日期也可先写入 site.yaml 的 `rules.holidays` / `rules.extra_workdays`",
                "the State Council publishes 《国务院办公厅关于{year}年部分节假日安排的通知》 around November of the year before. Then upgrade gongkai, or add {SITE_DIR}/{year}.yaml at the site root (same format as gongkai's data/calendar/2026.yaml: year, notice, number, date, holidays, workdays); single days can go into site.yaml `rules.holidays` / `rules.extra_workdays` meanwhile"
            )),
        );
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
    let (kind, id) = (d.kind.cn(), &d.id);
    out.push(
        Finding::doc(
            site,
            i,
            "interpretation-missing",
            line,
            t!(
                "{kind}未同步发布政策解读：没有 `interpretation` (政策解读)，也没有已发布的政策解读以 `interprets` 指向本文",
                "{kind} without its 政策解读: no `interpretation`, and no published 政策解读 names this document in `interprets`"
            ),
        )
        .basis(items::THREE_SYNC)
        .help(t!(
            "发布解读（`kind: 政策解读`，`interprets: {id}.md`），或在本文写 `interpretation: <解读的内容路径或 https:// 地址>`",
            "publish an interpretation (`kind: 政策解读`, `interprets: {id}.md`), or write `interpretation: <content path or https:// URL>` here"
        )),
    );
}

fn disclosure_overdue(
    site: &Site,
    cal: &Calendar,
    i: usize,
    missing: &mut BTreeMap<i32, Vec<usize>>,
    out: &mut Vec<Finding>,
) {
    let d = &site.docs[i];
    if d.disclosure != Disclosure::Public {
        return;
    }
    let days = site.config.rules.publish_within_working_days;
    let deadline = cal.add_working_days(d.date, days);
    let date_line = d.line("date");
    let date = d.date;
    // Whatever the calendar, a deadline is at least `days` calendar days away: only a
    // document published (or still unpublished) later than that depends on the holidays.
    let end = if site.published[i] {
        d.publish_date()
    } else {
        site.today
    };
    if end > d.date.add_days(i64::from(days)) {
        for y in cal.missing_years(d.date, end.max(deadline)) {
            missing.entry(y).or_default().push(i);
        }
    }
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
                    t!(
                        "超期公开：`date` (成文日期) {date}，应在 {days} 个工作日内即 {deadline} 前公开，`published` (发布日期) {p}，超期 {late} 个工作日",
                        "published late: `date` {date}, due within {days} working days, by {deadline}; `published` {p}, {late} working days late"
                    ),
                )
                .basis(items::ART_26)
                .help(t!(
                    "已发生的超期无法补救，今后在成文后{days}个工作日内发布；`published` 填错的，改为实际发布日期；如有正当理由（如经批准延期公开），在前置元数据中写 `# gongkai: allow(disclosure-overdue) 理由`",
                    "lateness cannot be undone: publish within {days} working days from now on; if `published` is wrong, correct it; if there was a good reason, write `# gongkai: allow(disclosure-overdue) <reason>` in the front matter"
                )),
            );
        }
    } else if site.today > deadline {
        let p = d.publish_date();
        let why = if d.draft {
            t!(
                "仍为草稿 (`draft: true`)",
                "it is still a draft (`draft: true`)"
            )
        } else {
            t!(
                "`published` (发布日期) 定为 {p}",
                "`published` is set to {p}"
            )
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
                t!(
                    "主动公开信息尚未发布且已超过公开期限：`date` (成文日期) {date}，期限 {deadline}（{days} 个工作日），{why}",
                    "主动公开 document not published and past its deadline: `date` {date}, due {deadline} ({days} working days); {why}"
                ),
            )
            .basis(items::ART_26)
            .help(t!(
                "尽快发布：去掉 `draft: true`，或把 `published` 改为今天",
                "publish it now: remove `draft: true`, or set `published` to today"
            )),
        );
    }
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
    let (id, missing) = (&dec.id, missing.join("、"));
    out.push(
        Finding::doc(
            site,
            i,
            "decision-incomplete",
            line,
            t!(
                "重大行政决策事项 {id} 状态为 已决策，但缺少环节：{missing}",
                "decision {id} is 已决策 but lacks stages: {missing}"
            ),
        )
        .basis(items::DECISION)
        .help(t!(
            "发布各环节文件（`decision_stage: {{id: {id}, stage: <环节>}}`）；依法不公开的环节也应建档并标 `disclosure: 不予公开`",
            "publish each stage (`decision_stage: {{id: {id}, stage: <stage>}}`); a stage lawfully withheld still gets a file with `disclosure: 不予公开`"
        )),
    );
}
