//! The statutory tables of an annual report as HTML: the same rows, columns, headings and
//! order as the official format of the report's year (see [`crate::model::report`]), so the
//! page can be read, printed and copied into the provincial reporting system as is.
//!
//! Every data cell names its headers (`headers="…"`), since the tables have two- and
//! three-level headings that `scope` alone cannot describe (WCAG 1.3.1, technique H43).
//! Nothing here comes from the editor but numbers; the labels are the format's own.

use std::fmt::Write;

use crate::model::report::*;

/// Sections 二、三、四 with their tables; `note` (already escaped) goes under the heading of 二.
pub fn tables(rep: &AnnualReport, note: &str) -> String {
    let mut s = String::with_capacity(16 * 1024);
    let _ = write!(
        s,
        "<section class=\"report-tables\" aria-label=\"年度报告统计表\">\n<h2 id=\"nb-h2\">{}</h2>\n{note}\n",
        HEADINGS[1]
    );
    active(&mut s, rep);
    let _ = writeln!(s, "<h2 id=\"nb-h3\">{}</h2>", HEADINGS[2]);
    requests(&mut s, rep);
    let _ = writeln!(s, "<h2 id=\"nb-h4\">{}</h2>", HEADINGS[3]);
    review(&mut s, rep);
    s.push_str("</section>\n");
    s
}

fn open_table(s: &mut String, id: &str, caption: &str, class: &str) {
    let _ = write!(
        s,
        "<section class=\"table-wrap\" tabindex=\"0\" aria-labelledby=\"{id}\">\n<table class=\"data-table report-table {class}\">\n<caption id=\"{id}\">{caption}</caption>\n"
    );
}

fn close_table(s: &mut String) {
    s.push_str("</table>\n</section>\n");
}

/// 表二: one block per 第二十条 item; 4 columns wide, a block with fewer value columns lets its
/// last cell span the rest, as the official table does.
fn active(s: &mut String, rep: &AnnualReport) {
    let f = rep.format;
    let width = f.active().iter().map(|g| g.cols.len()).max().unwrap_or(1);
    open_table(
        s,
        "nb-t2",
        &format!("主动公开政府信息情况（{}格式）", f.source()),
        "report-active",
    );
    let mut row_i = 0;
    for (gi, g) in f.active().iter().enumerate() {
        let gid = format!("t2g{gi}");
        s.push_str("<tbody>\n");
        let _ = writeln!(
            s,
            "<tr><th colspan=\"{}\" id=\"{gid}\" class=\"group\" scope=\"colgroup\">{}</th></tr>",
            width + 1,
            g.item
        );
        let _ = write!(
            s,
            "<tr><th id=\"{gid}c\" class=\"colhead\" scope=\"col\">信息内容</th>"
        );
        for (ci, c) in g.cols.iter().enumerate() {
            let _ = write!(
                s,
                "<th id=\"{gid}c{ci}\" class=\"colhead\" scope=\"col\"{}>{}</th>",
                span(ci, g.cols.len(), width),
                c.heading
            );
        }
        s.push_str("</tr>\n");
        for name in g.rows {
            let rid = format!("t2r{row_i}");
            let _ = write!(
                s,
                "<tr><th id=\"{rid}\" scope=\"row\" headers=\"{gid} {gid}c\">{name}</th>"
            );
            for (ci, v) in rep.active[row_i].iter().enumerate() {
                let _ = write!(
                    s,
                    "<td headers=\"{gid} {rid} {gid}c{ci}\"{}>{v}</td>",
                    span(ci, g.cols.len(), width)
                );
            }
            s.push_str("</tr>\n");
            row_i += 1;
        }
        s.push_str("</tbody>\n");
    }
    close_table(s);
}

fn span(ci: usize, n: usize, width: usize) -> String {
    if ci + 1 == n && n < width {
        format!(" colspan=\"{}\"", width - n + 1)
    } else {
        String::new()
    }
}

/// 表三: three label columns (一/二/三…四; （一）…（七）; 1. 2. …), then 自然人, the five kinds of
/// 法人或其他组织 and 总计 under 申请人情况.
fn requests(s: &mut String, rep: &AnnualReport) {
    let rows = rep.format.requests();
    open_table(
        s,
        "nb-t3",
        &format!(
            "收到和处理政府信息公开申请情况（{}格式）",
            rep.format.source()
        ),
        "report-requests",
    );
    let _ = write!(
        s,
        "<thead>\n<tr><td colspan=\"3\" rowspan=\"3\" class=\"note\">{REQ_NOTE}</td><th colspan=\"7\" id=\"t3a\" scope=\"colgroup\">申请人情况</th></tr>\n\
         <tr><th rowspan=\"2\" id=\"t3c0\" scope=\"col\">{}</th><th colspan=\"5\" id=\"t3l\" scope=\"colgroup\">法人或其他组织</th><th rowspan=\"2\" id=\"t3c6\" scope=\"col\">{}</th></tr>\n<tr>",
        REQ_COLS[0], REQ_COLS[6]
    );
    for (c, name) in REQ_COLS.iter().enumerate().take(6).skip(1) {
        let _ = write!(s, "<th id=\"t3c{c}\" scope=\"col\">{name}</th>");
    }
    s.push_str("</tr>\n</thead>\n<tbody>\n");
    let n_results = rows
        .iter()
        .filter(|r| matches!(r.role, Role::Result | Role::Total))
        .count();
    let mut results_open = false;
    for (i, row) in rows.iter().enumerate() {
        let rid = format!("t3r{i}");
        let mut heads = Vec::new();
        s.push_str("<tr>");
        match row.role {
            Role::New | Role::Carried | Role::CarryOver => {
                let _ = write!(
                    s,
                    "<th colspan=\"3\" id=\"{rid}\" scope=\"row\">{}</th>",
                    row.label
                );
            }
            Role::Result | Role::Total => {
                if !results_open {
                    let _ = write!(
                        s,
                        "<th rowspan=\"{n_results}\" id=\"t3res\" scope=\"rowgroup\">{REQ_RESULTS}</th>"
                    );
                    results_open = true;
                }
                heads.push("t3res".to_string());
                match row.group {
                    None => {
                        let _ = write!(
                            s,
                            "<th colspan=\"2\" id=\"{rid}\" scope=\"row\" headers=\"t3res\">{}</th>",
                            row.label
                        );
                    }
                    Some(g) => {
                        let gid = format!("t3g{}", group_index(rows, g));
                        let first = rows.iter().position(|r| r.group == Some(g)) == Some(i);
                        if first {
                            let n = rows.iter().filter(|r| r.group == Some(g)).count();
                            let _ = write!(
                                s,
                                "<th rowspan=\"{n}\" id=\"{gid}\" scope=\"rowgroup\" headers=\"t3res\">{g}</th>"
                            );
                        }
                        heads.push(gid.clone());
                        let _ = write!(
                            s,
                            "<th id=\"{rid}\" scope=\"row\" headers=\"t3res {gid}\">{}</th>",
                            row.label
                        );
                    }
                }
            }
        }
        heads.push(rid);
        let rh = heads.join(" ");
        for (c, v) in rep.requests[i].iter().enumerate() {
            let ch = match c {
                0 | 6 => format!("t3a t3c{c}"),
                _ => format!("t3a t3l t3c{c}"),
            };
            let _ = write!(s, "<td headers=\"{rh} {ch}\">{v}</td>");
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody>\n");
    close_table(s);
}

fn group_index(rows: &[ReqRow], g: &str) -> usize {
    let mut groups: Vec<&str> = Vec::new();
    for r in rows {
        if let Some(x) = r.group
            && !groups.contains(&x)
        {
            groups.push(x);
        }
    }
    groups.iter().position(|x| *x == g).unwrap_or(0)
}

/// 表四: the official one-row table — 行政复议 and 行政诉讼 (未经复议直接起诉, 复议后起诉), five
/// columns each.
fn review(s: &mut String, rep: &AnnualReport) {
    open_table(
        s,
        "nb-t4",
        &format!(
            "政府信息公开行政复议、行政诉讼情况（{}格式）",
            rep.format.source()
        ),
        "report-review",
    );
    let _ = write!(
        s,
        "<thead>\n<tr><th colspan=\"5\" rowspan=\"2\" id=\"t4b0\" scope=\"colgroup\">{}</th><th colspan=\"10\" id=\"t4s\" scope=\"colgroup\">行政诉讼</th></tr>\n\
         <tr><th colspan=\"5\" id=\"t4b1\" scope=\"colgroup\">{}</th><th colspan=\"5\" id=\"t4b2\" scope=\"colgroup\">{}</th></tr>\n<tr>",
        REVIEW_ROWS[0], REVIEW_ROWS[1], REVIEW_ROWS[2]
    );
    for b in 0..3 {
        for (c, name) in REVIEW_COLS.iter().enumerate() {
            let _ = write!(s, "<th id=\"t4b{b}c{c}\" scope=\"col\">{name}</th>");
        }
    }
    s.push_str("</tr>\n</thead>\n<tbody>\n<tr>");
    for b in 0..3 {
        let block = if b == 0 {
            "t4b0".to_string()
        } else {
            format!("t4s t4b{b}")
        };
        for (c, v) in rep.review[b].iter().enumerate() {
            let _ = write!(s, "<td headers=\"{block} t4b{b}c{c}\">{v}</td>");
        }
    }
    s.push_str("</tr>\n</tbody>\n");
    close_table(s);
}
