//! Machine-readable exports (SPEC §5): documents.json, normative.json/.csv, decisions.json.

use serde::Serialize;

mod bodies;
pub use bodies::bodies_json;

use crate::dates::Date;
use crate::model::PublicSite;
use crate::model::public::PubDoc;
use crate::model::types::Kind;

#[derive(Serialize)]
struct DocRecord<'a> {
    id: &'a str,
    url: &'a str,
    title: &'a str,
    kind: &'static str,
    column: &'a str,
    issuer: Vec<&'a str>,
    date: Date,
    published: Date,
    doc_number: Option<&'a str>,
    index_number: Option<&'a str>,
    topics: &'a [String],
    interpretations: Vec<&'a str>,
    interprets: Vec<&'a str>,
    attachments: Vec<&'a str>,
    /// The body (公开主体) whose section holds the document (SPEC §7).
    body: &'a str,
}

fn issuers<'a>(site: &'a PublicSite, p: &PubDoc) -> Vec<&'a str> {
    p.doc
        .issuers
        .iter()
        .map(|&u| site.config.units[u].name.as_str())
        .collect()
}

/// `data/documents.json`: every published document, sorted by id.
pub fn documents_json(site: &PublicSite) -> Vec<u8> {
    let recs: Vec<DocRecord> = site
        .docs
        .iter()
        .map(|p| DocRecord {
            id: &p.doc.id,
            url: &p.doc.url,
            title: &p.doc.title,
            kind: p.doc.kind.cn(),
            column: &site.config.columns[p.doc.column].path,
            issuer: issuers(site, p),
            date: p.doc.date,
            published: p.doc.publish_date(),
            doc_number: p.doc.doc_number.as_deref(),
            index_number: p.doc.index_number.as_deref(),
            topics: &p.doc.topics,
            interpretations: p.interpretations.iter().map(|l| l.url.as_str()).collect(),
            interprets: p.interprets.iter().map(|l| l.url.as_str()).collect(),
            attachments: p.attachments.iter().map(|l| l.url.as_str()).collect(),
            body: &site.body_of(p).name,
        })
        .collect();
    to_json(&recs)
}

#[derive(Serialize)]
struct CleanupRecord<'a> {
    year: i64,
    result: &'static str,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct NormRecord<'a> {
    id: &'a str,
    url: &'a str,
    title: &'a str,
    doc_number: Option<&'a str>,
    registration: Option<&'a str>,
    issuer: Vec<&'a str>,
    date: Date,
    valid_from: Option<Date>,
    valid_until: Option<Date>,
    validity: &'static str,
    effective_validity: &'static str,
    cleanup: Vec<CleanupRecord<'a>>,
}

fn norm_records<'a>(site: &'a PublicSite) -> Vec<NormRecord<'a>> {
    site.docs
        .iter()
        .filter_map(|p| {
            // SPEC §5: every published 规范性文件 (a 政策文件 with lifecycle records is in
            // the cleanup index pages, not in this file).
            if p.doc.kind != Kind::Normative {
                return None;
            }
            let n = p.doc.normative.as_ref()?;
            Some(NormRecord {
                id: &p.doc.id,
                url: &p.doc.url,
                title: &p.doc.title,
                doc_number: p.doc.doc_number.as_deref(),
                registration: n.registration.as_deref(),
                issuer: issuers(site, p),
                date: p.doc.date,
                valid_from: n.valid_from,
                valid_until: n.valid_until,
                validity: n.validity.cn(),
                effective_validity: n.effective_validity(site.today).cn(),
                cleanup: n
                    .cleanup
                    .iter()
                    .map(|c| CleanupRecord {
                        year: c.year,
                        result: c.result.cn(),
                        note: c.note.as_deref(),
                    })
                    .collect(),
            })
        })
        .collect()
}

pub fn normative_json(site: &PublicSite) -> Vec<u8> {
    to_json(&norm_records(site))
}

/// One CSV record (RFC 4180 fields, CRLF), appended to `out`.
pub(crate) fn csv_row(out: &mut String, fields: &[&str]) {
    let mut first = true;
    for f in fields {
        if !first {
            out.push(',');
        }
        first = false;
        out.push_str(&csv_field(f));
    }
    out.push_str("\r\n");
}

/// RFC 4180 field: quoted when it contains a comma, quote, or line break.
pub(crate) fn csv_field(s: &str) -> String {
    // A leading = + - @ would be run as a formula by Excel/WPS; prefix a quote mark.
    // A plain number (`-12`, 本年增/减 in annual reports) is data, not a formula.
    let s = if s.starts_with(['=', '+', '-', '@']) && s.parse::<f64>().is_err() {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// `data/normative.csv`: UTF-8 with BOM, Chinese headers, CRLF rows (what Excel expects).
pub fn normative_csv(site: &PublicSite) -> Vec<u8> {
    let mut out = String::from("\u{FEFF}");
    let header = [
        "序号",
        "标题",
        "文号",
        "登记号",
        "发布机构",
        "成文日期",
        "施行日期",
        "有效期至",
        "效力",
        "当前效力",
        "清理情况",
        "网址",
    ];
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for (n, r) in norm_records(site).iter().enumerate() {
        let cleanup = r
            .cleanup
            .iter()
            .map(|c| match c.note {
                Some(note) => format!("{}年{}（{}）", c.year, c.result, note),
                None => format!("{}年{}", c.year, c.result),
            })
            .collect::<Vec<_>>()
            .join("；");
        let url = format!(
            "{}{}",
            site.config.base_url.trim_end_matches('/'),
            r.url
                .strip_prefix(site.config.base_path.trim_end_matches('/'))
                .unwrap_or(r.url)
        );
        let fields = [
            (n + 1).to_string(),
            r.title.to_string(),
            r.doc_number.unwrap_or("").to_string(),
            r.registration.unwrap_or("").to_string(),
            r.issuer.join("、"),
            r.date.to_string(),
            r.valid_from.map(|d| d.to_string()).unwrap_or_default(),
            r.valid_until.map(|d| d.to_string()).unwrap_or_default(),
            r.validity.to_string(),
            r.effective_validity.to_string(),
            cleanup,
            url,
        ];
        out.push_str(
            &fields
                .iter()
                .map(|f| csv_field(f))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    out.into_bytes()
}

#[derive(Serialize)]
struct StageRecord<'a> {
    stage: &'static str,
    public: bool,
    url: Option<&'a str>,
    title: Option<&'a str>,
    date: Option<Date>,
}

#[derive(Serialize)]
struct ItemRecord<'a> {
    id: &'a str,
    title: &'a str,
    url: &'a str,
    undertaker: &'a str,
    status: &'static str,
    stages: Vec<StageRecord<'a>>,
}

#[derive(Serialize)]
struct YearRecord<'a> {
    year: i64,
    items: Vec<ItemRecord<'a>>,
}

/// `data/decisions.json`: years ascending, items by id, stages in SPEC order.
pub fn decisions_json(site: &PublicSite) -> Vec<u8> {
    let mut years: Vec<YearRecord> = Vec::new();
    let mut items: Vec<&crate::model::public::CatalogItem> = site.catalog.iter().collect();
    items.sort_by(|a, b| (a.year, &a.id).cmp(&(b.year, &b.id)));
    for c in items {
        if years.last().is_none_or(|y| y.year != c.year) {
            years.push(YearRecord {
                year: c.year,
                items: Vec::new(),
            });
        }
        let stages = c
            .cells
            .iter()
            .flat_map(|cell| {
                cell.entries.iter().map(move |e| StageRecord {
                    stage: cell.stage.cn(),
                    public: e.public,
                    url: e.url.as_deref(),
                    title: e.title.as_deref(),
                    date: e.date,
                })
            })
            .collect();
        years
            .last_mut()
            .expect("pushed above")
            .items
            .push(ItemRecord {
                id: &c.id,
                title: &c.title,
                url: &c.url,
                undertaker: &c.undertaker,
                status: c.status.cn(),
                stages,
            });
    }
    to_json(&years)
}

/// Open-data JSON: compact, one top-level record per line (issue 22, output economy: the
/// indented form was 40% whitespace — 1.6 of 4 MB at 10,000 documents), so that it stays
/// readable in a text editor and a changed record is a one-line diff.
pub(crate) fn to_json<T: Serialize>(v: &T) -> Vec<u8> {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, RecordLines { depth: 0 });
    v.serialize(&mut ser).expect("plain data serializes");
    out.push(b'\n');
    out
}

/// Compact JSON with a line break before each element of the outermost array or object.
struct RecordLines {
    depth: usize,
}

impl RecordLines {
    fn open<W: ?Sized + std::io::Write>(&mut self, w: &mut W, b: &[u8]) -> std::io::Result<()> {
        self.depth += 1;
        w.write_all(b)
    }
    /// A line break before the outermost array's or object's closing bracket.
    fn close<W: ?Sized + std::io::Write>(&mut self, w: &mut W, b: &[u8]) -> std::io::Result<()> {
        self.depth -= 1;
        if self.depth == 0 {
            w.write_all(b"\n")?;
        }
        w.write_all(b)
    }
    /// The comma between elements, and a line break before each outermost element.
    fn item<W: ?Sized + std::io::Write>(&self, w: &mut W, first: bool) -> std::io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        if self.depth == 1 {
            w.write_all(b"\n")?;
        }
        Ok(())
    }
}

impl serde_json::ser::Formatter for RecordLines {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn json_has_one_record_per_line() {
        let v = serde_json::json!([{"a": [1, 2], "b": {"c": "d"}}, {"a": []}]);
        let out = String::from_utf8(super::to_json(&v)).unwrap();
        assert_eq!(
            out,
            "[\n{\"a\":[1,2],\"b\":{\"c\":\"d\"}},\n{\"a\":[]}\n]\n"
        );
        assert_eq!(serde_json::from_str::<serde_json::Value>(&out).unwrap(), v);
        assert_eq!(
            String::from_utf8(super::to_json(&Vec::<u8>::new())).unwrap(),
            "[\n]\n"
        );
    }

    #[test]
    fn csv_quoting() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(csv_field("=1+1"), "'=1+1");
        assert_eq!(csv_field("-12"), "-12");
        assert_eq!(csv_field("-1+1"), "'-1+1");
        assert_eq!(csv_field("罗政办字〔2021〕20号"), "罗政办字〔2021〕20号");
    }
}
