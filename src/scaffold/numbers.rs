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
        let line = d
            .line
            .map(|l| t!("（第 {l} 行）", " (line {l})"))
            .unwrap_or_default();
        docs.push(ScannedDoc {
            rel: rel.to_string(),
            file: d.file.clone(),
            index_number: found.into_iter().next().map(|n| (n, 1)),
            unit: None,
            date: None,
            problem: Some(t!(
                "无法读取前置信息：{m}{line}",
                "cannot read the front matter: {m}{line}",
                m = d.message
            )),
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
            problems.push(t!("没有 `issuer`（发布机构）", "no `issuer` (发布机构)"));
            None
        }
        Some(n) => {
            let first = match &n.value {
                Yaml::Seq(items) => items.first().and_then(scalar),
                _ => scalar(n),
            };
            match first {
                None => {
                    problems.push(t!(
                        "`issuer`（发布机构）为空",
                        "`issuer` (发布机构) is empty"
                    ));
                    None
                }
                Some(name) => {
                    let u = cfg.unit_index(&name);
                    if u.is_none() {
                        problems.push(t!(
                            "发布机构 `{name}` 不是 site.yaml 中的单位",
                            "issuer `{name}` is not a unit in site.yaml"
                        ));
                    }
                    u
                }
            }
        }
    };
    let date = match get(&raw.front, "date", "成文日期").and_then(scalar) {
        None => {
            problems.push(t!("没有 `date`（成文日期）", "no `date` (成文日期)"));
            None
        }
        Some(s) => match Date::parse(&s) {
            Ok(d) => Some(d),
            Err(_) => {
                problems.push(t!("日期 `{s}` 格式有误", "malformed date `{s}`"));
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
    /// Set when this replaces a duplicate 索引号: the old number and why this document (and not
    /// the other) gets the new one.
    pub replaces: Option<(String, String)>,
}

/// Which documents have been online, from the deploy manifests (SPEC §6): a document id
/// (content path without `.md`) → the first release that contained it.
#[derive(Debug, Clone, Default)]
pub struct Published {
    /// Where the manifests were read, for messages; `None` when no manifest is known.
    pub source: Option<String>,
    pub first: BTreeMap<String, String>,
}

impl Published {
    /// Add the documents of one release manifest.
    pub fn add(&mut self, release: &str, doc_ids: impl IntoIterator<Item = String>) {
        for id in doc_ids {
            let e = self.first.entry(id).or_insert_with(|| release.to_string());
            if release < e.as_str() {
                *e = release.to_string();
            }
        }
    }

    /// The first release that contained the document at content path `rel`.
    pub fn release_of(&self, rel: &str) -> Option<&str> {
        self.first
            .get(rel.strip_suffix(".md").unwrap_or(rel))
            .map(String::as_str)
    }
}

/// What `gongkai index-numbers` would do.
#[derive(Debug, Default)]
pub struct Plan {
    /// In assignment order: renumbered duplicates first, then missing numbers by 成文日期
    /// and content path.
    pub assignments: Vec<Assignment>,
    /// Documents without a number that cannot get one, and duplicates that cannot be resolved.
    pub problems: Vec<Diagnostic>,
}

/// How `index-numbers --write` resolves a duplicate 索引号, word for word the help of the
/// duplicate-number error (build and `index-numbers`).
pub fn duplicate_help() -> String {
    t!(
        "运行 `gongkai index-numbers --write`：它读取部署目标上的发布清单（deploy manifests），保留已上线那篇的索引号，给从未上线的那篇分配下一个空号（只改它的 index_number 一行）；两篇都没上线过（或没有部署目标可查）时，成文日期较早的（同日则路径靠前的）保留，并在输出中说明；两篇都上线过时不自动改号，需由编辑决定",
        "run `gongkai index-numbers --write`: it reads the deploy manifests on the deploy target, keeps the number of the one that has been online and gives the never-published one the next free number (only its index_number line changes); if neither has been online (or there is no deploy target to ask), the one with the earlier 成文日期 (then the earlier path) keeps it and the output says so; if both have been online nothing is renumbered and an editor decides"
    )
}

/// Plan numbers for every document without one, and new numbers for duplicates that have not
/// been published (`published`: what the deploy manifests say has been online). A number
/// that has been online is never changed.
pub fn plan(cfg: &SiteConfig, scan: &Scan, published: &Published) -> Plan {
    let mut plan = Plan::default();
    let mut counters = Counters::from_scan(scan);
    // Duplicates: the build refuses them (model::site::check_unique).
    let mut groups: BTreeMap<&str, Vec<&ScannedDoc>> = BTreeMap::new();
    for d in &scan.docs {
        if let Some((n, _)) = &d.index_number {
            groups.entry(n.as_str()).or_default().push(d);
        }
    }
    for (n, docs) in groups.into_iter().filter(|(_, g)| g.len() > 1) {
        let names: Vec<String> = docs.iter().map(|d| d.file.display().to_string()).collect();
        let names = names.join(t!("、", ", ").as_str());
        let online: Vec<&&ScannedDoc> = docs
            .iter()
            .filter(|d| published.release_of(&d.rel).is_some())
            .collect();
        // The keeper: the one document that has been online; else the earliest 成文日期,
        // then content path. With several online, none of them is renumbered.
        let keep: Option<&ScannedDoc> = match online.len() {
            0 => docs
                .iter()
                .filter(|d| !d.unreadable)
                .min_by(|a, b| {
                    (a.date.is_none(), a.date, &a.rel).cmp(&(b.date.is_none(), b.date, &b.rel))
                })
                .copied(),
            1 => Some(*online[0]),
            _ => None,
        };
        if online.len() > 1 {
            let both: Vec<String> = online
                .iter()
                .map(|d| {
                    let (f, r) = (d.file.display(), published.release_of(&d.rel).unwrap_or(""));
                    t!("{f}（首次上线于 {r}）", "{f} (online since release {r})")
                })
                .collect();
            let both = both.join(t!("、", ", ").as_str());
            let d = online[1];
            plan.problems.push(
                Diagnostic::error(
                    &d.file,
                    d.index_number.as_ref().map(|(_, l)| *l),
                    t!(
                        "索引号 `{n}` 被多篇已上线的文件使用：{both}；已上线的索引号不会被自动修改",
                        "索引号 `{n}` is used by several documents that have been online: {both}; a published number is never changed automatically"
                    ),
                )
                .help(t!(
                    "请与信息公开工作机构商定哪一篇保留该号；另一篇删去 index_number 行后再运行 `gongkai index-numbers --write` 取新号，并在其正文注明索引号已更正",
                    "agree with the disclosure office which one keeps the number; delete the other's index_number line, run `gongkai index-numbers --write` for a new number, and note the correction in its text"
                )),
            );
        }
        if keep.is_none() && online.is_empty() {
            // Every copy is unreadable: reported below, nothing to renumber from.
            continue;
        }
        for d in docs.iter().filter(|d| keep.is_none_or(|k| k.rel != d.rel)) {
            if published.release_of(&d.rel).is_some() {
                continue;
            }
            let old = IndexNumber::parse(n);
            let (unit, year) = match (d.unit, d.date, &old) {
                (Some(u), Some(date), _) => (Some(u), Some(date.year)),
                (_, _, Some(o)) => (
                    cfg.units.iter().position(|u| unit_prefix(u) == o.prefix),
                    Some(o.year),
                ),
                _ => (None, None),
            };
            let (Some(unit), Some(year), false) = (unit, year, d.unreadable) else {
                plan.problems.push(
                    Diagnostic::error(
                        &d.file,
                        d.index_number.as_ref().map(|(_, l)| *l),
                        t!(
                            "索引号 `{n}` 被两篇文件同时使用：{names}；本篇无法自动取新号：{p}",
                            "索引号 `{n}` is used by two documents: {names}; this one cannot get a new number automatically: {p}",
                            p = d.problem.as_deref().unwrap_or("?")
                        ),
                    )
                    .help(t!(
                        "先修正本篇（发布机构、成文日期），再运行 `gongkai index-numbers --write`",
                        "fix this document (issuer, date) first, then run `gongkai index-numbers --write`"
                    )),
                );
                continue;
            };
            let why = match keep {
                None => t!(
                    "保留原号的几篇已上线；本篇从未上线",
                    "the ones keeping the number have been online; this one never was"
                ),
                Some(k) => {
                    let kf = k.file.display();
                    match (published.release_of(&k.rel), &published.source) {
                        (Some(r), _) => t!(
                            "{kf} 已于发布 {r} 上线，保留原号；本篇从未上线",
                            "{kf} has been online since release {r} and keeps the number; this one never was"
                        ),
                        (None, Some(src)) => t!(
                            "两篇都未上线过（{src}）；{kf} 成文日期较早（或同日路径靠前），保留原号",
                            "neither has been online ({src}); {kf} has the earlier 成文日期 (or the same date and an earlier path) and keeps the number"
                        ),
                        (None, None) => t!(
                            "没有部署清单可查，无法得知哪篇已上线；{kf} 成文日期较早（或同日路径靠前），保留原号——若本篇其实已上线，请改回原号并给 {kf} 取新号",
                            "no deploy manifest to consult, so which one has been online is unknown; {kf} has the earlier 成文日期 (or the same date and an earlier path) and keeps the number — if this one was in fact online, put its number back and renumber {kf} instead"
                        ),
                    }
                }
            };
            let number = counters
                .next(&unit_prefix(&cfg.units[unit]), year)
                .to_string();
            plan.assignments.push(Assignment {
                rel: d.rel.clone(),
                file: d.file.clone(),
                unit,
                year,
                number,
                replaces: Some((n.to_string(), why)),
            });
        }
    }
    for d in scan
        .docs
        .iter()
        .filter(|d| d.unreadable && d.index_number.is_some())
    {
        plan.problems.push(
            Diagnostic::error(&d.file, None, d.problem.clone().unwrap_or_default())
                .help(t!(
                    "文中的索引号仍算作已占用；请修正此文件，使其能被读取",
                    "the 索引号 found in its text still counts as used; fix the file so the build can read it"
                )),
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
                    t!(
                        "无法分配索引号（index_number）：{p}",
                        "no 索引号 (index_number) can be assigned: {p}",
                        p = p
                            .as_deref()
                            .unwrap_or(&t!("前置信息不完整", "incomplete front matter"))
                    ),
                )
                .help(t!(
                    "修正本文件后再运行 `gongkai index-numbers --write`",
                    "fix the document, then run `gongkai index-numbers --write` again"
                )),
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
            replaces: None,
        });
    }
    plan
}

/// Whether two documents share a 索引号 (only then are the deploy manifests worth reading).
pub fn has_duplicates(scan: &Scan) -> bool {
    let mut seen = std::collections::HashSet::new();
    scan.docs
        .iter()
        .filter_map(|d| d.index_number.as_ref())
        .any(|(n, _)| !seen.insert(n.as_str()))
}

/// Write one planned number into its file (only that front-matter line changes; a duplicate's
/// old value is replaced). `Err` says why the file was left as it was.
pub fn write(root: &std::path::Path, a: &Assignment) -> Result<(), String> {
    let path = root.join(&a.file);
    let bytes = std::fs::read(&path).map_err(|e| e.to_string())?;
    let out = match &a.replaces {
        Some((old, _)) => super::edit::replace_index_number(&bytes, old, &a.number),
        None => super::edit::set_index_number(&bytes, &a.number),
    }
    .map_err(|e| e.0)?;
    super::edit::write_atomic(&path, &out).map_err(|e| e.to_string())
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
        let p = plan(&cfg(), &scan, &Published::default());
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

    fn dup_scan() -> Scan {
        let mut bad = doc("a/9.md", None, None, "2021-01-01");
        bad.problem = Some("no `issuer` (发布机构)".into());
        Scan {
            docs: vec![
                doc("a/1.md", Some("A1/2021-00001"), Some(0), "2021-01-02"),
                doc("a/2.md", Some("A1/2021-00001"), Some(0), "2021-01-01"),
                doc("a/3.md", Some("A1/2021-00004"), Some(0), "2021-01-03"),
                bad,
            ],
        }
    }

    fn renumbered(p: &Plan) -> Vec<(&str, &str, &str)> {
        p.assignments
            .iter()
            .filter_map(|a| {
                let (old, _) = a.replaces.as_ref()?;
                Some((a.rel.as_str(), old.as_str(), a.number.as_str()))
            })
            .collect()
    }

    #[test]
    fn duplicate_without_manifest_keeps_the_earlier_date() {
        let p = plan(&cfg(), &dup_scan(), &Published::default());
        // a/2.md has the earlier 成文日期: a/1.md gets the next free number after 00004.
        assert_eq!(
            renumbered(&p),
            [("a/1.md", "A1/2021-00001", "A1/2021-00005")]
        );
        let why = &p.assignments[0].replaces.as_ref().unwrap().1;
        assert!(
            why.contains("content/a/2.md") && why.contains("没有部署清单"),
            "{why}"
        );
        assert_eq!(p.problems.len(), 1);
        assert!(p.problems[0].message.contains("issuer"));
    }

    #[test]
    fn duplicate_keeps_the_published_number() {
        let mut pubd = Published {
            source: Some("test".into()),
            ..Published::default()
        };
        pubd.add("20211231T000000Z-b", ["a/1".to_string()]);
        let p = plan(&cfg(), &dup_scan(), &pubd);
        assert_eq!(
            renumbered(&p),
            [("a/2.md", "A1/2021-00001", "A1/2021-00005")]
        );
        let why = &p.assignments[0].replaces.as_ref().unwrap().1;
        assert!(why.contains("20211231T000000Z-b"), "{why}");
        // Known manifests, neither online: the earlier date keeps it, and the source is named.
        let none = Published {
            source: Some("清单X".into()),
            ..Published::default()
        };
        let p = plan(&cfg(), &dup_scan(), &none);
        assert_eq!(renumbered(&p)[0].0, "a/1.md");
        assert!(
            p.assignments[0]
                .replaces
                .as_ref()
                .unwrap()
                .1
                .contains("清单X")
        );
    }

    #[test]
    fn duplicate_both_published_is_not_renumbered() {
        let mut pubd = Published {
            source: Some("test".into()),
            ..Published::default()
        };
        pubd.add("r2", ["a/1".to_string()]);
        pubd.add("r1", ["a/2".to_string(), "a/1".to_string()]);
        assert_eq!(pubd.release_of("a/1.md"), Some("r1"));
        let p = plan(&cfg(), &dup_scan(), &pubd);
        assert!(renumbered(&p).is_empty());
        assert_eq!(p.problems.len(), 2);
        assert!(
            p.problems[0].message.contains("已上线"),
            "{}",
            p.problems[0].message
        );
        assert!(has_duplicates(&dup_scan()));
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
