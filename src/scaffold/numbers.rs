//! 索引号 (index_number): `<unit code>/<year>-<5-digit sequence>`, numbered per unit and year
//! the way disclosure offices do it. Next free number = highest existing sequence for that
//! unit and year + 1: gaps are never reused and written numbers never change.
//!
//! The scan is deliberately lenient (it reads only `issuer`, `date`, `index_number` and
//! `decision.id` from the raw front matter), so numbers can be assigned while other parts of
//! a document are still unfinished — e.g. right after `gongkai new`, before `disclosure` is set.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::PathBuf;

use crate::config::{SiteConfig, Unit};
use crate::content::{self, RawDoc};
use crate::dates::Date;
use crate::diag::Diagnostic;
use crate::frontmatter::{Node, Yaml};

/// A parsed 索引号 in the standard form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexNumber {
    /// Unit code (统一社会信用代码) or, for a unit without `code`, its name.
    pub prefix: String,
    pub year: i32,
    pub seq: u32,
}

impl IndexNumber {
    /// `11371311004263412X/2021-00050` → parts; `None` for free-form numbers.
    pub fn parse(s: &str) -> Option<IndexNumber> {
        let (prefix, rest) = s.trim().rsplit_once('/')?;
        let (year, seq) = rest.split_once('-')?;
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        if prefix.is_empty() || year.len() != 4 || !digits(year) || !digits(seq) || seq.len() > 9 {
            return None;
        }
        Some(IndexNumber {
            prefix: prefix.to_string(),
            year: year.parse().ok()?,
            seq: seq.parse().ok()?,
        })
    }
}

impl fmt::Display for IndexNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{:04}-{:05}", self.prefix, self.year, self.seq)
    }
}

/// The prefix of a unit's numbers: its `code`, or — when site.yaml gives none — its canonical
/// name (stable across reordering of `units:`, unlike a position-based code).
pub fn unit_prefix(unit: &Unit) -> String {
    match unit.code.as_deref().map(str::trim) {
        Some(c) if !c.is_empty() => c.to_string(),
        _ => unit.name.clone(),
    }
}

/// What the scan learnt about one document.
#[derive(Debug, Clone)]
pub struct ScannedDoc {
    /// Content path, e.g. `fdzdgknr/gfxwj/2021-3.md`.
    pub rel: String,
    /// `content/<rel>`, for messages.
    pub file: PathBuf,
    /// Existing non-empty index_number and its line.
    pub index_number: Option<(String, usize)>,
    /// First issuer (主办单位), as a unit index.
    pub unit: Option<usize>,
    pub date: Option<Date>,
    /// Why no number can be assigned (no/unknown issuer, no/bad date, unreadable).
    pub problem: Option<String>,
    /// `decision.id` of a 重大决策事项, for the next-id suggestion of `gongkai new`.
    pub decision_id: Option<String>,
    /// The file could not be read or its front matter parsed (numbers found in its text count).
    pub unreadable: bool,
}

/// Every document under content/, leniently read.
#[derive(Debug, Default)]
pub struct Scan {
    pub docs: Vec<ScannedDoc>,
}

/// Scan `<root>/content`. Files that cannot be read or parsed are kept with a `problem`; any
/// index numbers their text contains still count as used, so they are never handed out again.
pub fn scan(root: &std::path::Path, cfg: &SiteConfig) -> Scan {
    let (content, diags) = content::load(root);
    let mut docs: Vec<ScannedDoc> = content.docs.iter().map(|raw| scan_raw(raw, cfg)).collect();
    let prefixes: Vec<String> = cfg.units.iter().map(unit_prefix).collect();
    for d in diags {
        let Some(rel) = d
            .file
            .to_str()
            .and_then(|f| f.strip_prefix("content/"))
            .filter(|r| r.ends_with(".md"))
        else {
            continue;
        };
        let text = std::fs::read(root.join(&d.file))
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        let found = numbers_in_text(&text, &prefixes);
        let line = d.line.map(|l| format!(" (line {l})")).unwrap_or_default();
        docs.push(ScannedDoc {
            rel: rel.to_string(),
            file: d.file.clone(),
            index_number: found.into_iter().next().map(|n| (n, 1)),
            unit: None,
            date: None,
            problem: Some(format!("cannot read the front matter: {}{line}", d.message)),
            decision_id: None,
            unreadable: true,
        });
    }
    docs.sort_by(|a, b| a.rel.cmp(&b.rel));
    Scan { docs }
}

/// Value of a top-level key given in English or Chinese.
fn get<'a>(front: &'a Node, en: &str, zh: &str) -> Option<&'a Node> {
    match &front.value {
        Yaml::Map(m) => m.iter().find(|(k, _)| k == en || k == zh).map(|(_, v)| v),
        _ => None,
    }
}

fn scalar(n: &Node) -> Option<String> {
    n.value
        .as_scalar()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

fn scan_raw(raw: &RawDoc, cfg: &SiteConfig) -> ScannedDoc {
    let mut problems = Vec::new();
    let index_number =
        get(&raw.front, "index_number", "索引号").and_then(|n| scalar(n).map(|s| (s, n.line)));
    let unit = match get(&raw.front, "issuer", "发布机构") {
        None => {
            problems.push("no `issuer` (发布机构)".to_string());
            None
        }
        Some(n) => {
            let first = match &n.value {
                Yaml::Seq(items) => items.first().and_then(scalar),
                _ => scalar(n),
            };
            match first {
                None => {
                    problems.push("`issuer` (发布机构) is empty".to_string());
                    None
                }
                Some(name) => {
                    let u = cfg.unit_index(&name);
                    if u.is_none() {
                        problems.push(format!("issuer `{name}` is not a unit in site.yaml"));
                    }
                    u
                }
            }
        }
    };
    let date = match get(&raw.front, "date", "成文日期").and_then(scalar) {
        None => {
            problems.push("no `date` (成文日期)".to_string());
            None
        }
        Some(s) => match Date::parse(&s) {
            Ok(d) => Some(d),
            Err(_) => {
                problems.push(format!("malformed date `{s}`"));
                None
            }
        },
    };
    let decision_id = get(&raw.front, "decision", "decision")
        .and_then(|d| get(d, "id", "id"))
        .and_then(scalar);
    ScannedDoc {
        rel: raw.rel.clone(),
        file: raw.file.clone(),
        index_number,
        unit,
        date,
        problem: (!problems.is_empty()).then(|| problems.join("; ")),
        decision_id,
        unreadable: false,
    }
}

/// Standard-form numbers with one of `prefixes` anywhere in `text` (fallback for unreadable files).
pub fn numbers_in_text(text: &str, prefixes: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for p in prefixes {
        let needle = format!("{p}/");
        let mut from = 0;
        while let Some(pos) = text[from..].find(&needle) {
            let start = from + pos;
            let tail = &text[start + needle.len()..];
            let end = tail
                .find(|c: char| !(c.is_ascii_digit() || c == '-'))
                .unwrap_or(tail.len());
            let candidate = format!("{needle}{}", &tail[..end]);
            if IndexNumber::parse(&candidate).is_some() {
                out.push(candidate);
            }
            from = start + needle.len();
        }
    }
    out
}

/// Highest sequence used so far, per (prefix, year).
#[derive(Debug, Default, Clone)]
pub struct Counters {
    max: HashMap<(String, i32), u32>,
}

impl Counters {
    /// Counters from every number in the scan (published or not: they share one sequence).
    pub fn from_scan(scan: &Scan) -> Counters {
        let mut c = Counters::default();
        for d in &scan.docs {
            if let Some((n, _)) = &d.index_number {
                c.note(n);
            }
        }
        c
    }

    /// Record an existing number.
    pub fn note(&mut self, number: &str) {
        if let Some(n) = IndexNumber::parse(number) {
            let e = self.max.entry((n.prefix, n.year)).or_insert(0);
            *e = (*e).max(n.seq);
        }
    }

    /// Take the next free number for `prefix` and `year`.
    pub fn next(&mut self, prefix: &str, year: i32) -> IndexNumber {
        let e = self.max.entry((prefix.to_string(), year)).or_insert(0);
        *e += 1;
        IndexNumber {
            prefix: prefix.to_string(),
            year,
            seq: *e,
        }
    }
}

/// A number to write into one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    pub rel: String,
    pub file: PathBuf,
    pub unit: usize,
    pub year: i32,
    pub number: String,
}

/// What `gongkai index-numbers` would do.
#[derive(Debug, Default)]
pub struct Plan {
    /// In assignment order: by 成文日期, then content path.
    pub assignments: Vec<Assignment>,
    /// Documents without a number that cannot get one, and duplicate numbers.
    pub problems: Vec<Diagnostic>,
}

/// Plan numbers for every document without one. Existing numbers are never touched.
pub fn plan(cfg: &SiteConfig, scan: &Scan) -> Plan {
    let mut plan = Plan::default();
    let mut counters = Counters::from_scan(scan);
    // Duplicates: the build refuses them (model::site::check_unique); say so here too.
    let mut seen: BTreeMap<&str, &ScannedDoc> = BTreeMap::new();
    for d in &scan.docs {
        let Some((n, line)) = &d.index_number else {
            continue;
        };
        match seen.get(n.as_str()) {
            Some(first) => plan.problems.push(
                Diagnostic::error(&d.file, Some(*line), format!("索引号 `{n}` is used by two documents: {} and {}", first.file.display(), d.file.display()))
                    .help("every index_number must be unique; delete this one's value and run `gongkai index-numbers --write` to assign the next free number"),
            ),
            None => {
                seen.insert(n, d);
            }
        }
    }
    for d in scan
        .docs
        .iter()
        .filter(|d| d.unreadable && d.index_number.is_some())
    {
        plan.problems.push(
            Diagnostic::error(&d.file, None, d.problem.clone().unwrap_or_default())
                .help("the 索引号 found in its text still counts as used; fix the file so the build can read it"),
        );
    }
    let mut missing: Vec<&ScannedDoc> = Vec::new();
    for d in scan.docs.iter().filter(|d| d.index_number.is_none()) {
        match (&d.problem, d.unit, d.date) {
            (None, Some(_), Some(_)) => missing.push(d),
            (p, _, _) => plan.problems.push(
                Diagnostic::error(
                    &d.file,
                    None,
                    format!(
                        "no 索引号 (index_number) can be assigned: {}",
                        p.as_deref().unwrap_or("incomplete front matter")
                    ),
                )
                .help("fix the document, then run `gongkai index-numbers --write` again"),
            ),
        }
    }
    missing.sort_by(|a, b| (a.date, &a.rel).cmp(&(b.date, &b.rel)));
    for d in missing {
        let (Some(unit), Some(date)) = (d.unit, d.date) else {
            continue;
        };
        let number = counters
            .next(&unit_prefix(&cfg.units[unit]), date.year)
            .to_string();
        plan.assignments.push(Assignment {
            rel: d.rel.clone(),
            file: d.file.clone(),
            unit,
            year: date.year,
            number,
        });
    }
    plan
}

/// The next decision id after those in the scan, for year `year`: `LZJC-2021-03` after
/// `LZJC-2021-02`; `JC-<year>-01` on a site without decisions.
pub fn next_decision_id(scan: &Scan, year: i32) -> String {
    // (prefix, year, sequence digits) of every id shaped like `LZJC-2021-01`.
    let ids: Vec<(&str, i32, &str)> = scan
        .docs
        .iter()
        .filter_map(|d| d.decision_id.as_deref())
        .filter_map(|id| {
            let mut parts = id.rsplitn(3, '-');
            let (n, y, p) = (parts.next()?, parts.next()?, parts.next()?);
            (!n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())).then_some(())?;
            Some((p, y.parse().ok()?, n))
        })
        .collect();
    // The prefix of the most recent catalog year is the office's current scheme.
    let prefix = ids
        .iter()
        .max_by_key(|(p, y, _)| (*y, *p))
        .map(|(p, _, _)| *p)
        .unwrap_or("JC");
    let (best, width) = ids
        .iter()
        .filter(|(p, y, _)| *p == prefix && *y == year)
        .fold((0u32, 2usize), |(b, w), (_, _, n)| {
            (b.max(n.parse().unwrap_or(0)), w.max(n.len()))
        });
    format!("{prefix}-{year}-{:0width$}", best + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(rel: &str, n: Option<&str>, unit: Option<usize>, date: &str) -> ScannedDoc {
        ScannedDoc {
            rel: rel.into(),
            file: PathBuf::from("content").join(rel),
            index_number: n.map(|s| (s.to_string(), 5)),
            unit,
            date: Date::parse(date).ok(),
            problem: None,
            decision_id: None,
            unreadable: false,
        }
    }

    fn cfg() -> SiteConfig {
        crate::config::parse("title: T\nbase_url: https://ex.gov.cn/\nunits:\n  - name: 甲局\n    code: \"A1\"\n  - name: 乙局\ncolumns:\n  - path: a\n    title: A\n").unwrap()
    }

    #[test]
    fn parse_and_format() {
        let n = IndexNumber::parse("11371311004263412X/2021-00050").unwrap();
        assert_eq!(
            (n.prefix.as_str(), n.year, n.seq),
            ("11371311004263412X", 2021, 50)
        );
        assert_eq!(n.to_string(), "11371311004263412X/2021-00050");
        assert!(IndexNumber::parse("罗政办〔2021〕1号").is_none());
        assert!(IndexNumber::parse("/2021-00001").is_none());
        assert!(IndexNumber::parse("A/21-00001").is_none());
        assert_eq!(
            IndexNumber {
                prefix: "X".into(),
                year: 2021,
                seq: 123456
            }
            .to_string(),
            "X/2021-123456"
        );
    }

    #[test]
    fn next_number_skips_gaps_and_back_dated_documents_get_new_numbers() {
        let scan = Scan {
            docs: vec![
                doc("a/1.md", Some("A1/2021-00001"), Some(0), "2021-01-05"),
                doc("a/2.md", Some("A1/2021-00007"), Some(0), "2021-03-01"),
                // Back-dated, no number: gets 8 (after the highest), never the gap 2..6.
                doc("a/0.md", None, Some(0), "2021-01-01"),
                doc("a/3.md", None, Some(0), "2021-02-01"),
                doc("a/4.md", None, Some(1), "2021-02-01"),
                doc("a/5.md", None, Some(0), "2020-12-31"),
            ],
        };
        let p = plan(&cfg(), &scan);
        let got: Vec<(&str, &str)> = p
            .assignments
            .iter()
            .map(|a| (a.rel.as_str(), a.number.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("a/5.md", "A1/2020-00001"),
                ("a/0.md", "A1/2021-00008"),
                ("a/3.md", "A1/2021-00009"),
                ("a/4.md", "乙局/2021-00001")
            ]
        );
        assert!(p.problems.is_empty());
    }

    #[test]
    fn duplicates_and_unassignable_are_reported() {
        let mut bad = doc("a/9.md", None, None, "2021-01-01");
        bad.problem = Some("no `issuer` (发布机构)".into());
        let scan = Scan {
            docs: vec![
                doc("a/1.md", Some("A1/2021-00001"), Some(0), "2021-01-01"),
                doc("a/2.md", Some("A1/2021-00001"), Some(0), "2021-01-02"),
                bad,
            ],
        };
        let p = plan(&cfg(), &scan);
        assert!(p.assignments.is_empty());
        assert_eq!(p.problems.len(), 2);
        assert!(
            p.problems[0]
                .message
                .contains("content/a/1.md and content/a/2.md"),
            "{}",
            p.problems[0].message
        );
        assert_eq!(p.problems[0].line, Some(5));
        assert!(p.problems[1].message.contains("issuer"));
    }

    #[test]
    fn numbers_found_in_broken_text() {
        let prefixes = vec!["A1".to_string()];
        assert_eq!(
            numbers_in_text("title: [x\nindex_number: A1/2021-00042\n", &prefixes),
            vec!["A1/2021-00042"]
        );
        assert!(numbers_in_text("A1/20x", &prefixes).is_empty());
    }

    #[test]
    fn decision_ids() {
        let mut a = doc("a/1.md", None, None, "2021-01-01");
        a.decision_id = Some("LZJC-2021-02".into());
        let mut b = a.clone();
        b.decision_id = Some("LZJC-2020-05".into());
        let scan = Scan { docs: vec![a, b] };
        assert_eq!(next_decision_id(&scan, 2021), "LZJC-2021-03");
        assert_eq!(next_decision_id(&scan, 2022), "LZJC-2022-01");
        assert_eq!(next_decision_id(&Scan::default(), 2022), "JC-2022-01");
    }
}
