//! `data/annual-reports.json` (SPEC §8) and the CSV of each report's tables.

use serde::Serialize;
use serde::ser::SerializeMap;

use crate::data::csv_row;
use crate::model::report::*;

/// A mapping that keeps the format's row order (serde_json would sort a BTreeMap).
struct Ordered<'a, V>(Vec<(&'a str, V)>);

impl<V: Serialize> Serialize for Ordered<'_, V> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// A 表二 row: a number for one-column rows, else `{column: number}`.
#[derive(Serialize)]
#[serde(untagged)]
enum ActiveValue<'a> {
    One(Num),
    Many(Ordered<'a, Num>),
}

/// One entry of annual-reports.json.
pub struct Entry<'a> {
    pub body: &'a str,
    pub url: &'a str,
    /// Filled (site-derived rows included).
    pub report: AnnualReport,
}

impl Serialize for Entry<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = &self.report;
        let active = Ordered(
            r.format
                .active_rows()
                .zip(&r.active)
                .map(|((g, name), vals)| {
                    let v = if g.cols.len() == 1 {
                        ActiveValue::One(vals[0])
                    } else {
                        ActiveValue::Many(Ordered(
                            g.cols
                                .iter()
                                .map(|c| c.key)
                                .zip(vals.iter().copied())
                                .collect(),
                        ))
                    };
                    (name, v)
                })
                .collect(),
        );
        let requests = Ordered(
            r.format
                .requests()
                .iter()
                .map(|row| row.key)
                .zip(r.requests.iter())
                .collect(),
        );
        let review = Ordered(REVIEW_ROWS.iter().copied().zip(r.review.iter()).collect());
        let mut m = s.serialize_map(Some(7))?;
        m.serialize_entry("body", self.body)?;
        m.serialize_entry("year", &r.year)?;
        m.serialize_entry("format", &r.format)?;
        m.serialize_entry("url", self.url)?;
        m.serialize_entry("主动公开", &active)?;
        m.serialize_entry("依申请公开", &requests)?;
        m.serialize_entry("复议诉讼", &review)?;
        m.end()
    }
}

/// `data/annual-reports.json`: sorted by body, then year (then url).
pub fn json(mut entries: Vec<Entry>) -> Vec<u8> {
    entries.sort_by(|a, b| (a.body, a.report.year, a.url).cmp(&(b.body, b.report.year, b.url)));
    let mut out = serde_json::to_vec_pretty(&entries).expect("plain data serializes");
    out.push(b'\n');
    out
}

/// The tables of one report as CSV (UTF-8 with BOM, CRLF — what Excel and WPS expect), laid out
/// like the official tables: 表二 block by block, 表三 with its three label columns, 表四 as
/// one row under two heading rows.
pub fn csv(title: &str, r: &AnnualReport) -> Vec<u8> {
    let mut out = String::from("\u{FEFF}");
    let row = |out: &mut String, fields: &[&str]| csv_row(out, fields);
    row(&mut out, &[title]);
    row(&mut out, &[&format!("格式：{}", r.format.source())]);
    out.push_str("\r\n");
    row(&mut out, &[HEADINGS[1]]);
    let mut i = 0;
    for g in r.format.active() {
        row(&mut out, &[g.item]);
        let mut head = vec!["信息内容"];
        head.extend(g.cols.iter().map(|c| c.heading));
        row(&mut out, &head);
        for name in g.rows {
            let vals: Vec<String> = r.active[i].iter().map(|v| v.to_string()).collect();
            let mut f = vec![*name];
            f.extend(vals.iter().map(|s| s.as_str()));
            row(&mut out, &f);
            i += 1;
        }
    }
    out.push_str("\r\n");
    row(&mut out, &[HEADINGS[2]]);
    let mut head = vec!["本年度办理情况", "", ""];
    head.extend(REQ_COLS.iter().copied());
    row(&mut out, &head);
    for (req, vals) in r.format.requests().iter().zip(&r.requests) {
        let (a, b, c) = match (req.role, req.group) {
            (Role::Result | Role::Total, Some(g)) => (REQ_RESULTS, g, req.label),
            (Role::Result | Role::Total, None) => (REQ_RESULTS, req.label, ""),
            _ => (req.label, "", ""),
        };
        let vals: Vec<String> = vals.iter().map(|v| v.to_string()).collect();
        let mut f = vec![a, b, c];
        f.extend(vals.iter().map(|s| s.as_str()));
        row(&mut out, &f);
    }
    out.push_str("\r\n");
    row(&mut out, &[HEADINGS[3]]);
    let mut h1 = Vec::new();
    let mut h2 = Vec::new();
    for (b, name) in REVIEW_ROWS.iter().enumerate() {
        for c in 0..5 {
            h1.push(match (b, c) {
                (0, 0) => "行政复议",
                (1, 0) => "行政诉讼",
                _ => "",
            });
            h2.push(if c == 0 && b > 0 { *name } else { "" });
        }
    }
    row(&mut out, &h1);
    row(&mut out, &h2);
    let cols: Vec<&str> = (0..3).flat_map(|_| REVIEW_COLS.iter().copied()).collect();
    row(&mut out, &cols);
    let vals: Vec<String> = r.review.iter().flatten().map(|v| v.to_string()).collect();
    let vals: Vec<&str> = vals.iter().map(|s| s.as_str()).collect();
    row(&mut out, &vals);
    out.into_bytes()
}
