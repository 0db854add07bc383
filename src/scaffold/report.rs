//! The `report:` front matter `gongkai new --kind 年度报告` writes: every row of the format of
//! the year with 0, 上年结转 carried over from last year's report, and (30号) the site's own
//! 行政规范性文件 count. The comments use full-width punctuation (see [`super::templates`]).

use std::fmt::Write;

use crate::annual;
use crate::model::Site;
use crate::model::count::NormCount;
use crate::model::report::*;

/// What the skeleton prefills from the site.
#[derive(Debug, Default, Clone)]
pub struct Prefill {
    /// 结转下年度 of the body's published report on the year before, and that report's path.
    pub carried: Option<([i64; 7], String)>,
    /// The body's 行政规范性文件 count for the year (30号 reports only).
    pub normative: Option<NormCount>,
}

/// Look up the prefill for a report on `year` by body `body` in a loaded site.
pub fn prefill(site: &Site, body: usize, year: i32) -> Prefill {
    let name = &site.config.bodies[body].name;
    let mut last: Option<usize> = None;
    for (i, d) in site.docs.iter().enumerate() {
        if !site.published[i] || d.owner != body {
            continue;
        }
        if let Some(r) = &d.report
            && r.year == year - 1
            && last.is_none_or(|j| {
                let o = &site.docs[j];
                (d.publish_date(), &d.id) > (o.publish_date(), &o.id)
            })
        {
            last = Some(i);
        }
    }
    let carried = last.map(|i| {
        let d = &site.docs[i];
        (
            d.report
                .as_ref()
                .expect("chosen for its report")
                .request("结转下年度"),
            d.rel.clone(),
        )
    });
    let normative = (Format::for_year(year) == Format::F2021).then(|| {
        let docs = site
            .docs
            .iter()
            .enumerate()
            .filter(|(i, _)| site.published[*i])
            .map(|(_, d)| d);
        let docs = annual::body_normative(&site.config, docs, name);
        crate::model::count::count(docs.iter().copied(), year)
    });
    Prefill { carried, normative }
}

fn list(v: &[i64]) -> String {
    v.iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The `report:` block (ends with a newline).
pub fn report_yaml(year: i32, pre: &Prefill) -> String {
    let f = Format::for_year(year);
    let mut s = String::new();
    let w = &mut s;
    let _ = writeln!(
        w,
        "# 年度报告统计表（{}格式）。每一行都已列出并填 0，照实填写；页面按规定格式自动生成表二、表三、表四。",
        f.source()
    );
    let _ = writeln!(w, "report:");
    let _ = writeln!(w, "  # 所报告的年度");
    let _ = writeln!(w, "  year: {year}");
    let _ = writeln!(w, "  # 表二 主动公开政府信息情况");
    let _ = writeln!(w, "  主动公开:");
    for g in f.active() {
        if g.cols.len() == 1 {
            let _ = writeln!(w, "    # {}（{}）", g.item, g.cols[0].heading);
        } else {
            let _ = writeln!(w, "    # {}", g.item);
        }
        for row in g.rows {
            if f == Format::F2021 && *row == NORMATIVE_ROW {
                let c = pre.normative.unwrap_or_default();
                let _ = writeln!(
                    w,
                    "    # 本站公开的行政规范性文件统计（删去此行也会自动采用本站统计）"
                );
                let _ = writeln!(
                    w,
                    "    {row}: {{本年制发: {}, 本年废止: {}, 现行有效: {}}}",
                    c.made, c.repealed, c.in_force
                );
                continue;
            }
            if g.cols.len() == 1 {
                let _ = writeln!(w, "    {row}: 0");
            } else {
                let cols: Vec<String> = g.cols.iter().map(|c| format!("{}: 0", c.key)).collect();
                let _ = writeln!(w, "    {row}: {{{}}}", cols.join(", "));
            }
        }
    }
    let _ = writeln!(
        w,
        "  # 表三 收到和处理政府信息公开申请情况；每行 7 个数：{}",
        REQ_COLS.join("、")
    );
    let _ = writeln!(
        w,
        "  # 本年新收＋上年结转＝总计＋结转下年度；总计＝各项办理结果之和；每行最后一个数＝前六个之和"
    );
    let _ = writeln!(w, "  依申请公开:");
    let zeros = [0i64; 7];
    for row in f.requests() {
        let v = match (row.role, &pre.carried) {
            (Role::Carried, Some((c, from))) => {
                let _ = writeln!(w, "    # 取自上一年度报告 {from} 的结转下年度");
                *c
            }
            _ => zeros,
        };
        let _ = writeln!(w, "    {}: [{}]", row.key, list(&v));
    }
    let _ = writeln!(
        w,
        "  # 表四 行政复议、行政诉讼情况；每行 5 个数：{}",
        REVIEW_COLS.join("、")
    );
    let _ = writeln!(w, "  复议诉讼:");
    for row in REVIEW_ROWS {
        let _ = writeln!(w, "    {row}: [0, 0, 0, 0, 0]");
    }
    s
}

/// The Markdown body: the narrative headings (the tables come from `report:`).
pub fn body() -> String {
    let mut s = String::new();
    for (i, h) in HEADINGS.iter().enumerate() {
        if (1..=3).contains(&i) {
            continue;
        }
        let _ = writeln!(s, "## {h}\n");
        if i == 0 {
            let _ = writeln!(
                s,
                "（主动公开、依申请公开、政府信息管理、平台建设、监督保障等情况。二、三、四部分的统计表由 `report:` 自动生成。）\n"
            );
        }
    }
    s
}
