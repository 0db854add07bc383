//! The inspection an office can trust (#21): holiday data per year and the warning past it,
//! staleness in calendar months, normative lifecycle findings, 信息类别 wording.

use std::path::Path;

use serde_json::Value;

use crate::util::*;

/// `check --format json --today TODAY`: (report, exit code, stderr).
fn inspect(root: &Path, today: &str) -> (Value, i32, String) {
    let o = run(&[
        "check",
        "--root",
        root.to_str().unwrap(),
        "--today",
        today,
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&o.stdout),
            stderr(&o)
        )
    });
    (v, o.status.code().unwrap_or(-1), stderr(&o))
}

fn of_rule<'a>(v: &'a Value, rule: &str) -> Vec<&'a Value> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .collect()
}

fn msg(f: &Value) -> &str {
    f["message"].as_str().unwrap()
}

const CAL_2027: &str = "year: 2027
notice: 国务院办公厅关于2027年部分节假日安排的通知
date: 2026-11-10
holidays:
  - {name: 元旦, from: 2027-01-01, to: 2027-01-03}
  - {name: 春节, from: 2027-02-05, to: 2027-02-11}
workdays: [2027-01-30]
";

/// One document made 2026-12-15 (Tue) and published 2027-01-20: 25 weekdays later, so
/// whether it is late depends on the (unknown) 2027 元旦 arrangement.
fn across_new_year() -> Site {
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/a.md",
        &format!(
            "{}\npublished: 2027-01-20",
            public_fm("岁末成文的通知", "2026-12-15")
        ),
        "正文。",
    );
    s
}

#[test]
fn a_deadline_past_the_holiday_data_is_a_warning_naming_the_year() {
    let s = across_new_year();
    let (v, _, _) = inspect(s.path(), "2027-02-01");
    let f = of_rule(&v, "holiday-data-missing");
    assert_eq!(f.len(), 1, "{v:#}");
    assert_eq!(f[0]["severity"], "warning");
    assert_eq!(f[0]["file"], "site.yaml");
    let m = msg(f[0]);
    assert!(m.contains("缺少 2027 年全国节假日安排数据"), "{m}");
    assert!(m.contains("content/fdzdgknr/gfxwj/a.md"), "{m}");
    assert!(m.contains("第二十六条"), "{m}");
    // The human report says how to add the year.
    let o = run(&[
        "check",
        "--root",
        s.path().to_str().unwrap(),
        "--today",
        "2027-02-01",
        "--deny",
        "warnings",
    ]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("calendar/2027.yaml") && out.contains("rules.holidays"),
        "{out}"
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "--deny warnings fails CI until the data is there"
    );
}

#[test]
fn a_site_calendar_file_supplies_the_year() {
    let s = across_new_year();
    s.write("calendar/2027.yaml", CAL_2027);
    let (v, _, _) = inspect(s.path(), "2027-02-01");
    assert!(of_rule(&v, "holiday-data-missing").is_empty(), "{v:#}");
    // 12-16..12-31: 12 working days; 2027-01-04..01-08: 17; 01-11..01-13: 20 → due 01-13;
    // published 01-20 is 5 working days late (the 元旦 days off count, Mon–Fri alone would say 01-12).
    let f = of_rule(&v, "disclosure-overdue");
    assert_eq!(f.len(), 1, "{v:#}");
    assert!(
        msg(f[0]).contains("2027-01-13") && msg(f[0]).contains("超期 5 个工作日"),
        "{}",
        msg(f[0])
    );
}

#[test]
fn a_deadline_inside_the_data_needs_no_warning() {
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/a.md",
        &format!(
            "{}\npublished: 2026-06-05",
            public_fm("年中的通知", "2026-06-01")
        ),
        "正文。",
    );
    // Published within 20 calendar days of being made: on time whatever the calendar.
    s.doc(
        "fdzdgknr/gfxwj/b.md",
        &format!(
            "{}\npublished: 2026-12-20",
            public_fm("岁末的通知", "2026-12-15")
        ),
        "正文。",
    );
    let (v, _, _) = inspect(s.path(), "2027-02-01");
    assert!(of_rule(&v, "holiday-data-missing").is_empty(), "{v:#}");
}

#[test]
fn a_broken_calendar_file_stops_the_check_with_its_location() {
    let s = across_new_year();
    s.write(
        "calendar/2027.yaml",
        &CAL_2027.replace("workdays: [2027-01-30]", "workdays: [2027-01-29]"),
    );
    let o = run(&[
        "check",
        "--root",
        s.path().to_str().unwrap(),
        "--today",
        "2027-02-01",
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("calendar/2027.yaml:7"), "{err}");
    assert!(err.contains("2027-01-29 不是星期六或星期日"), "{err}");
    // A file named for another year is refused too.
    s.write("calendar/2027.yaml", CAL_2027);
    std::fs::rename(
        s.path().join("calendar/2027.yaml"),
        s.path().join("calendar/2028.yaml"),
    )
    .unwrap();
    let o = run(&[
        "check",
        "--root",
        s.path().to_str().unwrap(),
        "--today",
        "2027-02-01",
    ]);
    assert!(stderr(&o).contains("calendar/2028.yaml"), "{}", stderr(&o));
    assert_eq!(o.status.code(), Some(1));
}

/// A policy column (6 months) whose newest document was published on `last`.
fn policy_column(last: &str) -> Site {
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/a.md",
        &format!("{}\npublished: {last}", public_fm("通知", last)),
        "正文。",
    );
    s
}

fn stale(s: &Site, today: &str) -> Vec<String> {
    let (v, _, _) = inspect(s.path(), today);
    of_rule(&v, "stale-column")
        .iter()
        .filter(|f| msg(f).contains("fdzdgknr/gfxwj"))
        .map(|f| msg(f).to_string())
        .collect()
}

#[test]
fn six_months_are_calendar_months() {
    // 180 days after 2021-08-13 is 2022-02-09; six calendar months is 2022-02-13.
    let s = policy_column("2021-08-13");
    assert!(stale(&s, "2022-02-10").is_empty());
    assert!(stale(&s, "2022-02-13").is_empty());
    let m = stale(&s, "2022-02-14");
    assert_eq!(m.len(), 1);
    assert!(
        m[0].contains("已超过6个月未更新") && m[0].contains("2022-02-13"),
        "{}",
        m[0]
    );
    assert!(
        m[0].contains("监测时间点前6个月内的通知公告、政策文件类栏目"),
        "{}",
        m[0]
    );
    // Month end: 08-31 + 6 months = 02-28.
    let s = policy_column("2021-08-31");
    assert!(stale(&s, "2022-02-28").is_empty());
    assert_eq!(stale(&s, "2022-03-01").len(), 1);
}
