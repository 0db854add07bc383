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

fn normative(s: &Site, rel: &str, date: &str, extra: &str, body: &str) {
    s.doc(
        rel,
        &format!(
            "{}\nkind: 规范性文件{extra}",
            public_fm("关于印发某办法的通知", date)
        ),
        body,
    );
}

#[test]
fn a_term_in_the_text_needs_valid_until() {
    let s = Site::new();
    // Planted: the text says 有效期5年, the front matter has no valid_until.
    normative(
        &s,
        "fdzdgknr/gfxwj/a.md",
        "2021-11-18",
        "\nvalid_from: 2021-12-01",
        "正文第一段。\n\n**第八条** 本办法自2021年12月1日起施行，有效期5年。",
    );
    // Controls: the same text with valid_until; a text that only mentions 有效期内.
    normative(
        &s,
        "fdzdgknr/gfxwj/b.md",
        "2021-11-18",
        "\nvalid_from: 2021-12-01\nvalid_until: 2026-11-30",
        "本办法自2021年12月1日起施行，有效期5年。",
    );
    normative(
        &s,
        "fdzdgknr/gfxwj/c.md",
        "2021-11-18",
        "",
        "在有效期内的许可证继续有效。",
    );
    // A 政策文件 with 有效期至…, and one that records it (allowed on 政策文件 now).
    s.doc(
        "fdzdgknr/gfxwj/d.md",
        &format!(
            "{}\nkind: 政策文件",
            public_fm("关于做好就业工作的通知", "2021-07-02")
        ),
        "一、……\n\n本通知自印发之日起执行，有效期至2022年12月31日。",
    );
    s.doc(
        "fdzdgknr/gfxwj/e.md",
        &format!(
            "{}\nkind: 政策文件\nvalid_until: 2022-12-31",
            public_fm("关于做好创业工作的通知", "2021-07-02")
        ),
        "本通知自印发之日起执行，有效期至2022年12月31日。",
    );
    let (v, _, err) = inspect(s.path(), "2021-12-20");
    let f = of_rule(&v, "valid-until-missing");
    let got: Vec<(&str, u64)> = f
        .iter()
        .map(|f| (f["file"].as_str().unwrap(), f["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("content/fdzdgknr/gfxwj/a.md", 12),
            ("content/fdzdgknr/gfxwj/d.md", 11)
        ],
        "{v:#}\n{err}"
    );
    assert!(msg(f[0]).contains("“有效期5年”"), "{}", msg(f[0]));
    assert!(msg(f[0]).contains("集中统一公开"), "{}", msg(f[0]));
    // The human report gives the date to write.
    let o = run(&[
        "check",
        "--root",
        s.path().to_str().unwrap(),
        "--today",
        "2021-12-20",
    ]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("`valid_until: 2026-11-30`"), "{out}");
    assert!(out.contains("`valid_until: 2022-12-31`"), "{out}");
}

#[test]
fn registration_and_valid_from_from_registration_since() {
    let s = Site::new();
    s.write(
        "site.yaml",
        &format!("{SITE_YAML}rules:\n  registration_since: 2020-01-01\n"),
    );
    normative(&s, "fdzdgknr/gfxwj/new.md", "2021-03-01", "", "正文。");
    normative(&s, "fdzdgknr/gfxwj/old.md", "2019-12-31", "", "正文。");
    normative(
        &s,
        "fdzdgknr/gfxwj/ok.md",
        "2021-03-01",
        "\nregistration: LZDR-2021-0010001\nvalid_from: 2021-04-01",
        "正文。",
    );
    let (v, _, err) = inspect(s.path(), "2021-12-20");
    for rule in ["registration-missing", "valid-from-missing"] {
        let f = of_rule(&v, rule);
        assert_eq!(f.len(), 1, "{rule}: {v:#}\n{err}");
        assert_eq!(f[0]["file"], "content/fdzdgknr/gfxwj/new.md");
        assert_eq!(f[0]["line"], 6, "the `kind` line");
        assert!(
            msg(f[0]).contains("registration_since` 2020-01-01"),
            "{}",
            msg(f[0])
        );
    }
    // Without `registration_since` the rules are off.
    s.write("site.yaml", SITE_YAML);
    let (v, _, _) = inspect(s.path(), "2021-12-20");
    assert!(of_rule(&v, "registration-missing").is_empty());
    assert!(of_rule(&v, "valid-from-missing").is_empty());
}

#[test]
fn lifecycle_keys_on_policy_documents() {
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/p.md",
        &format!(
            "{}\nkind: 政策文件\nvalidity: 有效\ncleanup: {{year: 2021, result: 继续有效}}",
            public_fm("关于促进就业的若干政策措施", "2020-03-01")
        ),
        "正文。",
    );
    let o = s.build("2021-12-20");
    assert!(o.status.success(), "{}", stderr(&o));
    let index = s.read("gfxwjql/index.html");
    assert!(index.contains("关于促进就业的若干政策措施"), "{index}");
    assert!(index.contains("（政策文件）"), "{index}");
    assert!(index.contains("继续有效（2021年）"), "{index}");
    // normative.json stays 规范性文件 only (SPEC §5).
    assert!(!s.read("data/normative.json").contains("若干政策措施"));
    // A 登记号 is for 规范性文件 only; lifecycle keys on other kinds name both kinds.
    s.doc(
        "fdzdgknr/gfxwj/q.md",
        &format!(
            "{}\nkind: 政策文件\nregistration: LZDR-2021-1",
            public_fm("某政策文件", "2021-03-01")
        ),
        "x",
    );
    s.doc(
        "fdzdgknr/gfxwj/r.md",
        &format!("{}\nvalidity: 有效", public_fm("某一般信息", "2021-03-01")),
        "x",
    );
    let o = s.build("2021-12-20");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("content/fdzdgknr/gfxwj/q.md:7"), "{err}");
    assert!(err.contains("政策文件没有登记号"), "{err}");
    assert!(err.contains("content/fdzdgknr/gfxwj/r.md:6"), "{err}");
    assert!(err.contains("只能用于规范性文件和政策文件"), "{err}");
}

#[test]
fn the_cleanup_scope_lists_every_document_the_campaign_cleaned() {
    let s = Site::new();
    s.write(
        "site.yaml",
        &format!("{SITE_YAML}rules:\n  cleanup_year: 2021\n"),
    );
    // Made before cleanup_since (2016-01-01) but cleaned up in 2021: in the scope.
    normative(
        &s,
        "fdzdgknr/gfxwj/old-cleaned.md",
        "2015-09-10",
        "\ncleanup: {year: 2021, result: 继续有效}",
        "x",
    );
    // Control: before cleanup_since and not cleaned up: not in the scope.
    normative(&s, "fdzdgknr/gfxwj/old-other.md", "2014-06-18", "", "x");
    normative(
        &s,
        "fdzdgknr/gfxwj/new.md",
        "2018-03-16",
        "\ncleanup: {year: 2021, result: 继续有效}",
        "x",
    );
    let o = s.build("2021-12-20");
    assert!(o.status.success(), "{}", stderr(&o));
    let scope = s.read("gfxwjql/ql/index.html");
    assert!(scope.contains("（共 2 件）"), "{scope}");
    assert!(
        scope.contains("old-cleaned/") && scope.contains("new/"),
        "{scope}"
    );
    assert!(!scope.contains("old-other/"), "{scope}");
}

#[test]
fn kind_is_labelled_xinxi_leibie_and_wenzhong_still_works() {
    let s = Site::new();
    s.doc(
        "fdzdgknr/zcjd/a.md",
        "标题: 一则解读\n公开属性: 主动公开\n发布机构: 区府办\n成文日期: 2021-05-01\n文种: 政策解读",
        "正文。",
    );
    s.doc(
        "fdzdgknr/zcjd/b.md",
        "标题: 另一则解读\n公开属性: 主动公开\n发布机构: 区府办\n成文日期: 2021-05-02\n信息类别: 政策解读",
        "正文。",
    );
    let o = s.build("2021-12-20");
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("content/fdzdgknr/zcjd/a.md:6"), "{err}");
    assert!(err.contains("`文种` 已改为 `信息类别`"), "{err}");
    assert!(!err.contains("zcjd/b.md"), "{err}");
    let page = s.read("fdzdgknr/zcjd/a/index.html");
    assert!(
        page.contains("<th scope=\"row\">信息类别</th><td>政策解读</td>"),
        "{page}"
    );
    assert!(!page.contains("文种"), "{page}");
    // Both keys in one file: the usual "given twice" error.
    s.doc(
        "fdzdgknr/zcjd/c.md",
        "标题: 第三则\n公开属性: 主动公开\n发布机构: 区府办\n成文日期: 2021-05-03\n文种: 政策解读\n信息类别: 政策解读",
        "正文。",
    );
    let o = s.build("2021-12-20");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("content/fdzdgknr/zcjd/c.md:7"),
        "{}",
        stderr(&o)
    );
}
