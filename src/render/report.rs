//! An annual report's page body: the Markdown narrative (一、总体情况 … 六、其他需要报告的事项)
//! with the statutory tables (二、三、四) placed before 五、 — where the official format has them.

use crate::annual;
use crate::model::public::PubDoc;
use crate::model::report::AnnualReport;
use crate::render::Renderer;
use crate::render::markdown::{self, Rendered};

/// Byte offset in `body` of the first heading line whose text starts with `五、`.
fn split_at_five(body: &str) -> usize {
    let mut off = 0;
    for line in body.split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with('#') && t.trim_start_matches('#').trim_start().starts_with("五、") {
            return off;
        }
        off += line.len();
    }
    body.len()
}

/// The CSV of a report's tables, relative to the output root (unencoded).
pub fn csv_path(p: &PubDoc) -> String {
    format!("data/annual-reports/{}.csv", p.doc.out_dir)
}

/// Body HTML with the tables, and plain text for search (`body`: the document's Markdown).
pub fn body(r: &Renderer, p: &PubDoc, body: &str, rep: &AnnualReport, want_text: bool) -> Rendered {
    let d = p.doc;
    let at = split_at_five(body);
    let a = markdown::render(&body[..at], &d.dir, r.site, &r.links, want_text);
    let b = markdown::render(&body[at..], &d.dir, r.site, &r.links, want_text);
    let csv = r.url(&crate::model::paths::url_encode_path(&format!(
        "/{}",
        csv_path(p)
    )));
    let derived = if annual::site_row(rep).is_some() {
        "表二中“行政规范性文件”的本年制发、本年废止、现行有效件数由本站公开的行政规范性文件自动统计。"
    } else {
        ""
    };
    let note = format!(
        "<p class=\"report-note\">以下统计表按{}规定的格式编制，统计期限为{}年1月1日至12月31日。{derived}<a href=\"{csv}\" download>下载统计表（CSV，可用 Excel 打开）</a></p>",
        rep.format.source(),
        rep.year
    );
    let tables = annual::html::tables(rep, &note);
    let mut html = a.html;
    html.push_str(&tables);
    html.push_str(&b.html);
    let mut text = a.text;
    if want_text {
        text.push(' ');
        text.push_str(&b.text);
    }
    Rendered { html, text }
}
