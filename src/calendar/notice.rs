//! The national holiday arrangements as data: one YAML file per year, each the State
//! Council's notice (国务院办公厅关于YYYY年部分节假日安排的通知, 国办发明电〔…〕…号).
//!
//! The built-in years live in `data/calendar/<year>.yaml` and are compiled into the binary;
//! a site may add a year the binary does not know yet, or replace a built-in one, with
//! `calendar/<year>.yaml` next to site.yaml (same format).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::dates::Date;
use crate::diag::Diagnostic;
use crate::fields::MapReader;
use crate::frontmatter::{self, Node, Yaml};
use crate::i18n::pick;

/// The built-in files, oldest first. Adding a year: put the file in data/calendar/ and list
/// it here (a unit test fails when a file in the folder is not listed).
pub const BUILTIN: &[(&str, &str)] = &[
    ("2016.yaml", include_str!("../../data/calendar/2016.yaml")),
    ("2017.yaml", include_str!("../../data/calendar/2017.yaml")),
    ("2018.yaml", include_str!("../../data/calendar/2018.yaml")),
    ("2019.yaml", include_str!("../../data/calendar/2019.yaml")),
    ("2020.yaml", include_str!("../../data/calendar/2020.yaml")),
    ("2021.yaml", include_str!("../../data/calendar/2021.yaml")),
    ("2022.yaml", include_str!("../../data/calendar/2022.yaml")),
    ("2023.yaml", include_str!("../../data/calendar/2023.yaml")),
    ("2024.yaml", include_str!("../../data/calendar/2024.yaml")),
    ("2025.yaml", include_str!("../../data/calendar/2025.yaml")),
    ("2026.yaml", include_str!("../../data/calendar/2026.yaml")),
];

/// Folder under the site root that holds a site's own year files.
pub const SITE_DIR: &str = "calendar";

/// A later notice that changed a year's arrangement (e.g. 国办发明电〔2020〕1号).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amendment {
    pub number: Option<String>,
    pub date: Date,
    pub note: Option<String>,
}

/// One period off (放假调休), weekend days inside it included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub name: String,
    pub from: Date,
    pub to: Date,
}

/// One year's arrangement, as published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub year: i32,
    /// 国务院办公厅关于YYYY年部分节假日安排的通知
    pub title: String,
    /// 国办发明电〔YYYY〕N号, when known.
    pub number: Option<String>,
    /// Date of the notice.
    pub date: Date,
    pub url: Option<String>,
    pub amended_by: Vec<Amendment>,
    pub holidays: Vec<Period>,
    /// Weekend days that are working days (调休上班).
    pub workdays: Vec<Date>,
    /// `data/calendar/2021.yaml` (built in) or `calendar/2027.yaml` (the site's).
    pub file: PathBuf,
}

impl Notice {
    /// Every day off, in order.
    pub fn days_off(&self) -> impl Iterator<Item = Date> + '_ {
        self.holidays
            .iter()
            .flat_map(|p| (p.from.to_days()..=p.to.to_days()).map(Date::from_days))
    }

    /// "国办发明电〔2020〕27号" or, without a known number, the notice's date.
    pub fn source(&self) -> String {
        match &self.number {
            Some(n) => format!("{}（{n}）", self.title),
            None => format!("{}（{}）", self.title, self.date.cn()),
        }
    }
}

/// The built-in notices 2016–…, parsed once.
pub fn builtin() -> &'static [Notice] {
    static NOTICES: OnceLock<Vec<Notice>> = OnceLock::new();
    NOTICES.get_or_init(|| {
        BUILTIN
            .iter()
            .map(|(name, text)| {
                let file = Path::new("data/calendar").join(name);
                parse(text, &file)
                    .unwrap_or_else(|d| panic!("built-in holiday data {name} is invalid: {:?}", d))
            })
            .collect()
    })
}

/// The site's own `calendar/*.yaml` files (none when the folder does not exist), every
/// problem in every file reported.
pub fn load_site(root: &Path) -> Result<Vec<Notice>, Vec<Diagnostic>> {
    let dir = root.join(SITE_DIR);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(Vec::new());
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml") || n.ends_with(".yml"))
        .collect();
    names.sort();
    let (mut out, mut diags) = (Vec::new(), Vec::new());
    for name in names {
        let file = Path::new(SITE_DIR).join(&name);
        let text = match std::fs::read(dir.join(&name)) {
            Ok(b) => match String::from_utf8(b) {
                Ok(t) => t,
                Err(_) => {
                    diags.push(
                        Diagnostic::error(
                            &file,
                            None,
                            t!("节假日安排文件不是 UTF-8 编码", "holiday file is not UTF-8"),
                        )
                        .help(t!("用 UTF-8 编码另存该文件", "save it as UTF-8")),
                    );
                    continue;
                }
            },
            Err(e) => {
                diags.push(Diagnostic::error(
                    &file,
                    None,
                    t!(
                        "无法读取节假日安排文件：{e}",
                        "cannot read the holiday file: {e}"
                    ),
                ));
                continue;
            }
        };
        match parse(&text, &file) {
            Ok(n) => {
                let stem = name.trim_end_matches(".yaml").trim_end_matches(".yml");
                if stem != n.year.to_string() {
                    let year = n.year;
                    diags.push(
                        Diagnostic::error(
                            &file,
                            Some(1),
                            t!(
                                "文件名 `{name}` 与 `year: {year}` 不一致",
                                "file name `{name}` does not match `year: {year}`"
                            ),
                        )
                        .help(t!(
                            "把文件改名为 {SITE_DIR}/{year}.yaml",
                            "rename it to {SITE_DIR}/{year}.yaml"
                        )),
                    );
                } else {
                    out.push(n);
                }
            }
            Err(d) => diags.extend(d),
        }
    }
    if diags.is_empty() {
        Ok(out)
    } else {
        Err(diags)
    }
}

const KEYS: &[(&str, Option<&str>)] = &[
    ("year", None),
    ("notice", None),
    ("number", None),
    ("date", None),
    ("url", None),
    ("amended_by", None),
    ("holidays", None),
    ("workdays", None),
];

/// Parse and validate one year file.
pub fn parse(text: &str, file: &Path) -> Result<Notice, Vec<Diagnostic>> {
    let root = frontmatter::parse(text, 1)
        .map_err(|e| vec![Diagnostic::error(file, Some(e.line), e.message).col(e.col)])?;
    let mut r = MapReader::new(
        file,
        &root,
        KEYS,
        pick("节假日安排文件", "the holiday file"),
    );
    let year = r.integer("year");
    if !r.has("year") {
        r.missing(
            "year",
            "年度",
            pick(
                "例如 `year: 2027`（放假安排所属的年份）",
                "e.g. `year: 2027` (the year the arrangement is for)",
            ),
        );
    }
    let title = r.req_str(
        "notice",
        "通知标题",
        pick(
            "例如 `notice: 国务院办公厅关于2027年部分节假日安排的通知`",
            "e.g. `notice: 国务院办公厅关于2027年部分节假日安排的通知`",
        ),
    );
    let number = r.str("number").filter(|s| !s.is_empty());
    let date = r.date("date");
    if !r.has("date") {
        r.missing(
            "date",
            "通知日期",
            pick(
                "例如 `date: 2026-11-10`（通知落款日期）",
                "e.g. `date: 2026-11-10` (the date of the notice)",
            ),
        );
    }
    let url = r.str("url").filter(|s| !s.is_empty());
    let year = year.and_then(|y| {
        let ok = (1949..=2200).contains(&y);
        if !ok {
            let l = r.line_of("year");
            r.error(
                l,
                t!(
                    "`year: {y}` 不是有效年份",
                    "`year: {y}` is not a valid year"
                ),
                None,
            );
        }
        ok.then_some(y as i32)
    });
    if let (Some(y), Some(t)) = (year, &title)
        && !t.contains(&format!("{y}年"))
    {
        let l = r.line_of("notice");
        r.error(
            l,
            t!(
                "通知标题「{t}」与 `year: {y}` 不一致",
                "notice title 「{t}」 does not match `year: {y}`"
            ),
            Some(t!(
                "应为 国务院办公厅关于{y}年部分节假日安排的通知",
                "expected 国务院办公厅关于{y}年部分节假日安排的通知"
            )),
        );
    }
    let mut amended_by = Vec::new();
    for item in seq(r.node("amended_by")) {
        let mut ar = MapReader::new(
            file,
            item,
            &[("number", None), ("date", None), ("note", None)],
            pick("`amended_by` 的一项", "an `amended_by` item"),
        );
        let number = ar.str("number");
        let d = ar.date("date");
        if !ar.has("date") {
            ar.missing(
                "date",
                "调整通知日期",
                pick("例如 `date: 2020-01-27`", "e.g. `date: 2020-01-27`"),
            );
        }
        let note = ar.str("note");
        r.diags.extend(ar.finish());
        if let Some(date) = d {
            amended_by.push(Amendment { number, date, note });
        }
    }
    let in_year = |d: Date| year.is_none_or(|y| d.year == y || (d.year == y - 1 && d.month == 12));
    let mut holidays = Vec::new();
    for item in seq(r.node("holidays")) {
        let mut pr = MapReader::new(
            file,
            item,
            &[("name", None), ("from", None), ("to", None)],
            pick("`holidays` 的一项", "a `holidays` item"),
        );
        let name = pr.req_str(
            "name",
            "节日名称",
            pick("例如 `name: 春节`", "e.g. `name: 春节`"),
        );
        let from = pr.date("from");
        if !pr.has("from") {
            pr.missing(
                "from",
                "放假起始日",
                pick(
                    "例如 `{name: 春节, from: 2027-02-05, to: 2027-02-11}`",
                    "e.g. `{name: 春节, from: 2027-02-05, to: 2027-02-11}`",
                ),
            );
        }
        let to = pr.date("to").or(from);
        if let (Some(f), Some(t)) = (from, to) {
            if t < f {
                let l = pr.line_of("to");
                pr.error(
                    l,
                    t!("放假止日 {t} 早于起日 {f}", "`to` {t} is before `from` {f}"),
                    None,
                );
            } else if !in_year(f) || !in_year(t) {
                pr.error(
                    item.line,
                    t!(
                        "放假日期 {f}–{t} 不在该年度（或上年12月的元旦假期）内",
                        "days off {f}–{t} are outside the year (or the December before it)"
                    ),
                    Some(t!(
                        "核对年份；每个文件只写一个年度的安排",
                        "check the year; one file holds one year's arrangement"
                    )),
                );
            } else if let Some(name) = name {
                holidays.push(Period {
                    name,
                    from: f,
                    to: t,
                });
            }
        }
        r.diags.extend(pr.finish());
    }
    if !r.has("holidays") {
        r.missing(
            "holidays",
            "放假安排",
            pick(
                "逐项写出通知中的放假调休日期，例如 `holidays:` 下一行 `  - {name: 元旦, from: 2027-01-01, to: 2027-01-03}`",
                "list the notice's periods off, e.g. `holidays:` then `  - {name: 元旦, from: 2027-01-01, to: 2027-01-03}`",
            ),
        );
    }
    let mut workdays = Vec::new();
    for (s, line) in r.strs("workdays") {
        if let Some(d) = r.parse_date(&s, line, "workdays") {
            if d.weekday() < 6 {
                r.error(
                    line,
                    t!(
                        "调休上班日 {d} 不是星期六或星期日",
                        "调休 working day {d} is not a Saturday or Sunday"
                    ),
                    Some(t!(
                        "`workdays` 只列通知中“上班”的周末；工作日本来就上班",
                        "`workdays` lists only the weekend days the notice makes working days"
                    )),
                );
            } else if !in_year(d) {
                r.error(
                    line,
                    t!(
                        "调休上班日 {d} 不在该年度内",
                        "调休 working day {d} is outside the year"
                    ),
                    None,
                );
            } else {
                workdays.push(d);
            }
        }
    }
    for p in &holidays {
        if let Some(w) = workdays.iter().find(|w| **w >= p.from && **w <= p.to) {
            let l = r.line_of("workdays");
            r.error(
                l,
                t!(
                    "{w} 既在放假期间（{name}）又列为调休上班日",
                    "{w} is both in a period off ({name}) and a working day",
                    name = p.name
                ),
                None,
            );
        }
    }
    let diags = r.finish();
    match (year, title, date) {
        (Some(year), Some(title), Some(date)) if diags.is_empty() => Ok(Notice {
            year,
            title,
            number,
            date,
            url,
            amended_by,
            holidays,
            workdays,
            file: file.to_path_buf(),
        }),
        _ if !diags.is_empty() => Err(diags),
        _ => Err(vec![Diagnostic::error(
            file,
            Some(1),
            t!("节假日安排文件不完整", "incomplete holiday file"),
        )]),
    }
}

fn seq(n: Option<&Node>) -> Vec<&Node> {
    match n.map(|n| &n.value) {
        Some(Yaml::Seq(items)) => items.iter().collect(),
        Some(Yaml::Null) | None => Vec::new(),
        Some(_) => vec![n.expect("matched Some")],
    }
}
