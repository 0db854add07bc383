//! `gongkai check`: every rule on the violations fixture (rule, file, line), the clean
//! fixture, the example site, working days around 2021 National Day, per-rule levels in
//! site.yaml, inline allow comments, anchors, and the JSON shape.

use std::path::Path;
use std::process::Output;

use serde_json::Value;

use crate::util::*;

const TODAY: &str = "2021-12-20";

fn fixture(name: &str) -> std::path::PathBuf {
    repo().join("tests/fixtures").join(name)
}

fn check(root: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["check", "--root", root.to_str().unwrap(), "--today", TODAY];
    args.extend_from_slice(extra);
    run(&args)
}

/// `check --format json`: the parsed report and the process output.
fn check_json(root: &Path, extra: &[&str]) -> (Value, Output) {
    let mut args = vec!["--format", "json"];
    args.extend_from_slice(extra);
    let o = check(root, &args);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&o.stdout),
            stderr(&o)
        )
    });
    (v, o)
}

/// (rule, file, line) of every finding, in report order.
fn triples(v: &Value) -> Vec<(String, String, Option<u64>)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap().to_string(),
                f["line"].as_u64(),
            )
        })
        .collect()
}

fn of_rule<'a>(v: &'a Value, rule: &str) -> Vec<&'a Value> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .collect()
}

/// A copy of a fixture in a temp dir, to modify.
fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = fixture(name);
    for e in walkdir::WalkDir::new(&src) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(&src).unwrap();
        let dst = dir.path().join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dst).unwrap();
        } else {
            std::fs::copy(e.path(), &dst).unwrap();
        }
    }
    dir
}

fn append(path: &Path, text: &str) {
    let mut s = std::fs::read_to_string(path).unwrap();
    s.push_str(text);
    std::fs::write(path, s).unwrap();
}

#[test]
fn violations_fixture_reports_each_rule_once_at_the_right_line() {
    let (v, o) = check_json(&fixture("check-violations"), &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let t = |r: &str, f: &str, l: Option<u64>| (r.to_string(), f.to_string(), l);
    assert_eq!(
        triples(&v),
        vec![
            t("interpretation-missing", "content/gfxwj/2021-1.md", Some(7)),
            t("disclosure-overdue", "content/dt/2021-hy.md", Some(6)),
            t("validity-expired", "content/gfxwj/2021-2.md", Some(9)),
            t("cleanup-missing", "content/gfxwj/2017-3.md", Some(7)),
            t("duplicate-doc-number", "content/dt/2021-tz.md", Some(7)),
            t("broken-link", "content/zcjd/2021-2.md", Some(12)),
            t("empty-column", "site.yaml", Some(21)),
            t("stale-column", "site.yaml", Some(18)),
            t("decision-incomplete", "content/zdjc/2021-01.md", Some(7)),
            t("doc-number-format", "content/zdjc/2021-01-ca.md", Some(7)),
        ]
    );
    let sev: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["severity"].as_str().unwrap())
        .collect();
    assert_eq!(
        sev,
        [
            "error", "warning", "error", "error", "error", "error", "error", "warning", "error",
            "warning"
        ]
    );
    let s = &v["summary"];
    assert_eq!(
        (
            s["total"].as_u64(),
            s["errors"].as_u64(),
            s["warnings"].as_u64(),
            s["suppressed"].as_u64()
        ),
        (Some(10), Some(7), Some(3), Some(0))
    );
    for rule in [
        "interpretation-missing",
        "disclosure-overdue",
        "validity-expired",
        "cleanup-missing",
        "duplicate-doc-number",
        "broken-link",
        "empty-column",
        "stale-column",
        "decision-incomplete",
        "doc-number-format",
    ] {
        assert_eq!(s["by_rule"][rule].as_u64(), Some(1), "{rule}");
    }
    // Messages are specific: the duplicate names the other file, the format gives the fix.
    assert!(
        of_rule(&v, "duplicate-doc-number")[0]["message"]
            .as_str()
            .unwrap()
            .contains("content/gfxwj/2021-1.md")
    );
    assert!(
        of_rule(&v, "decision-incomplete")[0]["message"]
            .as_str()
            .unwrap()
            .contains("会议审议情况")
    );
    assert!(
        of_rule(&v, "disclosure-overdue")[0]["message"]
            .as_str()
            .unwrap()
            .contains("2021-09-29"),
        "20th working day after 2021-09-01 (9-18 Sat and 9-26 Sun are 调休 workdays, 9-19..21 off)"
    );
    assert!(
        of_rule(&v, "stale-column")[0]["message"]
            .as_str()
            .unwrap()
            .contains("已超过2周未更新：最近发布 2021-11-01（content/dt/2021-tz.md），至迟应在 2021-11-15 前更新")
    );
}

#[test]
fn json_has_exactly_the_spec_shape() {
    let (v, _) = check_json(&fixture("check-violations"), &[]);
    let top: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(top, ["findings", "summary"]);
    for f in v["findings"].as_array().unwrap() {
        let mut keys: Vec<&String> = f.as_object().unwrap().keys().collect();
        keys.sort();
        assert_eq!(keys, ["file", "line", "message", "rule", "severity"]);
    }
}

#[test]
fn human_report_is_grouped_with_locations_and_summary() {
    let o = check(&fixture("check-violations"), &[]);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(!out.contains('\x1b'), "no colour when not a terminal");
    assert!(out.contains("error[interpretation-missing]: "), "{out}");
    assert!(out.contains("  --> content/gfxwj/2021-1.md:7\n"), "{out}");
    assert!(out.contains("  --> site.yaml:21\n"), "{out}");
    assert!(
        out.contains("= help: 改为 `doc_number: 示政办字〔2021〕9号`"),
        "{out}"
    );
    // Grouped: each rule's findings are contiguous, in the SPEC's rule order.
    let first = out.find("[interpretation-missing]").unwrap();
    let last = out.find("[doc-number-format]").unwrap();
    assert!(first < last);
    assert!(out.trim_end().ends_with("today 2021-12-20)"), "{out}");
    assert!(
        out.contains("check: 7 errors, 3 warnings from 10 rules"),
        "{out}"
    );
}

#[test]
fn clean_fixture_passes() {
    let (v, o) = check_json(&fixture("check-clean"), &["--deny", "warnings"]);
    assert_eq!(o.status.code(), Some(0), "{v:#}\n{}", stderr(&o));
    assert_eq!(v["findings"].as_array().unwrap().len(), 0, "{v:#}");
    let o = check(&fixture("check-clean"), &[]);
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("check: no findings"));
}

#[test]
fn example_site_is_clean() {
    let (v, o) = check_json(&repo(), &["--deny", "warnings"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "the example site must pass `gongkai check --today 2021-12-20`:\n{v:#}\n{}",
        stderr(&o)
    );
}

/// A site with one document in fdzdgknr/gfxwj, five working days allowed.
fn national_day_site(published: &str, extra_rules: &str) -> Site {
    let s = Site::new();
    s.write(
        "site.yaml",
        &format!("{SITE_YAML}rules:\n  publish_within_working_days: 5\n{extra_rules}"),
    );
    s.doc(
        "fdzdgknr/gfxwj/a.md",
        &format!(
            "{}\npublished: {published}",
            public_fm("国庆前成文的通知", "2021-09-27")
        ),
        "正文。",
    );
    s
}

#[test]
fn working_days_skip_national_day_and_count_tiaoxiu_saturday() {
    // 2021-09-27 (Mon) + 5 working days: 9-28, 9-29, 9-30, (10-1..10-7 off), 10-8, 10-9 (Sat, 调休).
    let (v, _) = check_json(national_day_site("2021-10-09", "").path(), &[]);
    assert!(of_rule(&v, "disclosure-overdue").is_empty(), "{v:#}");
    let (v, _) = check_json(national_day_site("2021-10-11", "").path(), &[]);
    let f = of_rule(&v, "disclosure-overdue");
    assert_eq!(f.len(), 1, "{v:#}");
    let msg = f[0]["message"].as_str().unwrap();
    assert!(
        msg.contains("2021-10-09") && msg.contains("超期 1 个工作日"),
        "{msg}"
    );
    assert_eq!(f[0]["line"].as_u64(), Some(6), "the `published` line");
    // A site's own day off (e.g. a typhoon) moves the deadline to Monday 10-11.
    let (v, _) = check_json(
        national_day_site("2021-10-11", "  holidays: [2021-10-08]\n").path(),
        &[],
    );
    assert!(of_rule(&v, "disclosure-overdue").is_empty(), "{v:#}");
}

#[test]
fn unpublished_public_document_past_its_deadline_is_overdue() {
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/a.md",
        &format!("{}\ndraft: true", public_fm("草稿", "2021-11-01")),
        "x",
    );
    s.doc(
        "fdzdgknr/gfxwj/b.md",
        &format!(
            "{}\npublished: 2022-01-10",
            public_fm("定时发布", "2021-11-01")
        ),
        "x",
    );
    s.doc(
        "fdzdgknr/gfxwj/c.md",
        &public_fm("近期草稿", "2021-12-15").replace("主动公开", "主动公开\ndraft: true"),
        "x",
    );
    s.doc(
        "fdzdgknr/gfxwj/d.md",
        &public_fm("不予公开的文件", "2021-01-01").replace("主动公开", "不予公开"),
        "x",
    );
    let (v, _) = check_json(s.path(), &[]);
    let f: Vec<(String, Option<u64>)> = of_rule(&v, "disclosure-overdue")
        .iter()
        .map(|f| (f["file"].as_str().unwrap().to_string(), f["line"].as_u64()))
        .collect();
    assert_eq!(
        f,
        [
            ("content/fdzdgknr/gfxwj/a.md".to_string(), Some(6)),
            ("content/fdzdgknr/gfxwj/b.md".to_string(), Some(6))
        ],
        "{v:#}"
    );
}

#[test]
fn rule_levels_from_site_yaml() {
    let dir = copy_fixture("check-violations");
    append(
        &dir.path().join("site.yaml"),
        "check:\n  stale-column: off\n  empty-column: warning\n  doc-number-format: error\n",
    );
    let (v, o) = check_json(dir.path(), &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(of_rule(&v, "stale-column").is_empty());
    assert_eq!(of_rule(&v, "empty-column")[0]["severity"], "warning");
    assert_eq!(of_rule(&v, "doc-number-format")[0]["severity"], "error");
    assert_eq!(v["summary"]["by_rule"]["stale-column"].as_u64(), Some(0));

    // Only warnings left: exit 0, unless --deny warnings.
    let dir = copy_fixture("check-violations");
    let mut levels = String::from("check:\n");
    for r in [
        "interpretation-missing",
        "validity-expired",
        "cleanup-missing",
        "duplicate-doc-number",
        "broken-link",
        "empty-column",
        "decision-incomplete",
    ] {
        levels.push_str(&format!("  {r}: warning\n"));
    }
    append(&dir.path().join("site.yaml"), &levels);
    let (v, o) = check_json(dir.path(), &[]);
    assert_eq!(
        (
            o.status.code(),
            v["summary"]["errors"].as_u64(),
            v["summary"]["warnings"].as_u64()
        ),
        (Some(0), Some(0), Some(10))
    );
    let (_, o) = check_json(dir.path(), &["--deny", "warnings"]);
    assert_eq!(o.status.code(), Some(1));

    // A typo in a rule id is a config error, with a suggestion.
    let dir = copy_fixture("check-clean");
    append(
        &dir.path().join("site.yaml"),
        "check:\n  stale-colum: off\n",
    );
    let o = check(dir.path(), &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("stale-column"), "{}", stderr(&o));
}

#[test]
fn inline_allow_comments_silence_one_finding_with_a_reason() {
    let dir = copy_fixture("check-violations");
    let root = dir.path();
    // On a document: silences that document's finding only.
    let p = root.join("content/gfxwj/2021-1.md");
    let text = std::fs::read_to_string(&p).unwrap().replacen(
        "kind: 规范性文件\n",
        "kind: 规范性文件  # gongkai: allow(interpretation-missing) 随上级文件统一解读\n",
        1,
    );
    std::fs::write(&p, text).unwrap();
    // stale-column, from a document of the column.
    let p = root.join("content/dt/2021-tz.md");
    let text = std::fs::read_to_string(&p).unwrap().replacen(
        "title:",
        "# gongkai: allow(stale-column) 本栏目仅在供暖季更新\ntitle:",
        1,
    );
    std::fs::write(&p, text).unwrap();
    // empty-column, inside the column's entry in site.yaml.
    let y = root.join("site.yaml");
    let text = std::fs::read_to_string(&y).unwrap().replacen(
        "    title: 统计信息\n",
        "    title: 统计信息\n    # gongkai: allow(empty-column) 统计信息由区统计局网站发布\n",
        1,
    );
    std::fs::write(&y, text).unwrap();
    // Without a reason, or with an unknown rule: nothing is silenced, and a warning says why.
    let p = root.join("content/gfxwj/2021-2.md");
    let text = std::fs::read_to_string(&p).unwrap().replacen(
        "title:",
        "# gongkai: allow(validity-expired)\n# gongkai: allow(cleanup-mising) 笔误\ntitle:",
        1,
    );
    std::fs::write(&p, text).unwrap();

    let (v, o) = check_json(root, &[]);
    let rules: Vec<String> = triples(&v).into_iter().map(|t| t.0).collect();
    assert!(
        !rules.contains(&"interpretation-missing".to_string()),
        "{rules:?}"
    );
    assert!(!rules.contains(&"stale-column".to_string()), "{rules:?}");
    assert!(!rules.contains(&"empty-column".to_string()), "{rules:?}");
    assert!(rules.contains(&"validity-expired".to_string()), "{rules:?}");
    assert_eq!(rules.len(), 7);
    assert_eq!(v["summary"]["suppressed"].as_u64(), Some(3));
    let err = stderr(&o);
    assert!(
        err.contains("`gongkai: allow(validity-expired)` has no reason")
            && err.contains("content/gfxwj/2021-2.md:2"),
        "{err}"
    );
    assert!(
        err.contains("allow(cleanup-mising)` names an unknown check rule")
            && err.contains("是否应为 `cleanup-missing`"),
        "{err}"
    );
}

#[test]
fn anchors_must_exist_on_the_target_page() {
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/a.md",
        &public_fm("甲", "2021-12-01"),
        "## 第三条 {#di3tiao}\n\n正文。",
    );
    s.doc(
        "fdzdgknr/zcjd/b.md",
        &public_fm("乙", "2021-12-01"),
        "见[第三条](../gfxwj/a.md#di3tiao)、[第九条](../gfxwj/a.md#di9tiao)、[本页](#nowhere)、[正文](#main)、[邮件](mailto:)。",
    );
    let (v, _) = check_json(s.path(), &[]);
    let f: Vec<(&str, Option<u64>)> = of_rule(&v, "broken-link")
        .iter()
        .map(|f| (f["message"].as_str().unwrap(), f["line"].as_u64()))
        .collect();
    assert_eq!(f.len(), 3, "{f:?}");
    assert!(
        f.iter()
            .any(|(m, _)| m.contains("#di9tiao") && m.contains("fdzdgknr/gfxwj/a.md")),
        "{f:?}"
    );
    assert!(
        f.iter()
            .any(|(m, _)| m.contains("#nowhere") && m.contains("本页")),
        "{f:?}"
    );
    assert!(f.iter().any(|(m, _)| m.contains("mailto:")), "{f:?}");
    assert!(f.iter().all(|(_, l)| *l == Some(8)), "{f:?}");
}

#[test]
fn a_site_that_does_not_build_reports_its_errors_as_findings() {
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/a.md",
        "title: 无公开属性\nissuer: 区府办\ndate: 2021-12-01",
        "x",
    );
    let o = check(s.path(), &["--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    // SPEC §5: the JSON report is always printed; content errors are findings.
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON report");
    assert_eq!(v["findings"][0]["rule"], "content-error", "{v}");
    assert_eq!(
        v["findings"][0]["file"], "content/fdzdgknr/gfxwj/a.md",
        "{v}"
    );
    let err = stderr(&o);
    assert!(
        err.contains("content/fdzdgknr/gfxwj/a.md") && err.contains("disclosure"),
        "{err}"
    );

    let o = run(&[
        "check",
        "--root",
        fixture("check-clean").to_str().unwrap(),
        "--today",
        "2021-13-01",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}
