//! Annual reports (SPEC §8): the statutory tables of a 30号 and a 60号 report pinned as golden
//! files, annual-reports.json, the CSV, the inspector's checks on planted errors, reader errors,
//! the counting rule shared with /tj/, and the `new --kind 年度报告` skeleton.
//!
//! Golden files live in tests/fixtures/annual-reports/expected/; after an intended change run
//! `GONGKAI_BLESS=1 cargo test annual` and review the diff.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::*;

const TODAY: &str = "2022-03-01";

fn fixture() -> PathBuf {
    repo().join("tests/fixtures/annual-reports")
}

fn golden(name: &str, actual: &str) {
    let path = fixture().join("expected").join(name);
    if std::env::var_os("GONGKAI_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with GONGKAI_BLESS=1)", path.display()));
    assert_eq!(
        actual, want,
        "{name} differs from the golden file; rerun with GONGKAI_BLESS=1 if intended"
    );
}

/// The tables section of a report page.
fn tables(html: &str) -> String {
    let a = html
        .find("<section class=\"report-tables\"")
        .expect("report tables on the page");
    let b = a + html[a..].find("</section>").expect("section end") + "</section>".len();
    html[a..b].to_string()
}

fn copy_fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for e in walkdir::WalkDir::new(fixture()) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(fixture()).unwrap();
        if rel.starts_with("expected") {
            continue;
        }
        let to = dir.path().join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
    dir
}

fn check_json(root: &Path) -> Value {
    let o = run(&[
        "check",
        "--root",
        root.to_str().unwrap(),
        "--today",
        TODAY,
        "--format",
        "json",
    ]);
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stderr(&o)))
}

fn findings<'a>(v: &'a Value, rule: &str) -> Vec<&'a Value> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .collect()
}

fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let p = root.join("content").join(rel);
    let s = std::fs::read_to_string(&p).unwrap();
    assert!(s.contains(from), "{rel} lacks {from}");
    std::fs::write(&p, s.replacen(from, to, 1)).unwrap();
}

/// 1-based line of the first line of `rel` containing `needle`.
fn line_of(root: &Path, rel: &str, needle: &str) -> u64 {
    let s = std::fs::read_to_string(root.join("content").join(rel)).unwrap();
    s.lines().position(|l| l.contains(needle)).unwrap() as u64 + 1
}

#[test]
fn report_pages_json_and_csv_are_in_the_official_formats() {
    let out = tempfile::tempdir().unwrap();
    let o = build(&fixture(), out.path(), TODAY);
    assert!(o.status.success(), "{}", stderr(&o));
    let read = |rel: &str| std::fs::read_to_string(out.path().join(rel)).unwrap();
    let p2021 = read("zfxxgknb/2022-nb2021/index.html");
    let p2020 = read("zfxxgknb/2021-nb2020/index.html");
    golden("tables-2021.html", &tables(&p2021));
    golden("tables-2020.html", &tables(&p2020));
    golden("annual-reports.json", &read("data/annual-reports.json"));

    // The narrative stays around the tables, in the format's order: 一 … tables … 五 六.
    let pos = |h: &str, s: &str| s.find(h).unwrap_or_else(|| panic!("{h} missing"));
    for p in [&p2021, &p2020] {
        assert!(pos("一、总体情况", p) < pos("二、主动公开政府信息情况", p));
        assert!(
            pos("四、政府信息公开行政复议、行政诉讼情况", p)
                < pos("五、存在的主要问题及改进情况", p)
        );
    }
    // 30号: 其他处理 has three reasons and 行政规范性文件 is the site's own count; 60号: one
    // 其他处理 row and 规范性文件 with 本年新制作数量.
    assert!(p2021.contains("3.其他") && p2021.contains("本年制发件数"));
    assert!(p2021.contains("国办公开办函〔2021〕30号"));
    assert!(!p2020.contains("3.其他") && p2020.contains("本年新制作数量"));
    assert!(p2020.contains("国办公开办函〔2019〕60号") && p2020.contains("第二十条第（九）项"));

    let json: Value = serde_json::from_str(&read("data/annual-reports.json")).unwrap();
    let years: Vec<i64> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["year"].as_i64().unwrap())
        .collect();
    assert_eq!(years, [2020, 2021]);
    assert_eq!(json[1]["format"], "2021");
    assert_eq!(json[1]["body"], "测试区人民政府");
    assert_eq!(
        json[1]["主动公开"]["行政规范性文件"],
        serde_json::json!({"本年制发": 2, "本年废止": 2, "现行有效": 2})
    );
    assert_eq!(json[1]["主动公开"]["行政事业性收费"], 15.6);
    // Missing rows are present as 0.
    assert_eq!(json[1]["主动公开"]["行政强制"], 0);
    assert_eq!(
        json[1]["依申请公开"]["不予公开/属于国家秘密"],
        serde_json::json!([0, 0, 0, 0, 0, 0, 0])
    );
    assert_eq!(json[0]["依申请公开"].as_object().unwrap().len(), 23);
    assert_eq!(json[1]["依申请公开"].as_object().unwrap().len(), 25);

    let csv = std::fs::read(
        out.path()
            .join("data/annual-reports/zfxxgknb/2022-nb2021.csv"),
    )
    .unwrap();
    assert!(csv.starts_with("\u{FEFF}".as_bytes()), "BOM for Excel");
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.contains("\r\n") && csv.contains("行政规范性文件,2,2,2\r\n"));
    assert!(
        csv.contains("三、本年度办理结果,（三）不予公开,4.保护第三方合法权益,1,0,0,0,0,0,1\r\n")
    );
    assert!(p2021.contains("data/annual-reports/zfxxgknb/2022-nb2021.csv"));
}

#[test]
fn consistent_reports_have_no_findings() {
    let o = run(&[
        "check",
        "--root",
        fixture().to_str().unwrap(),
        "--today",
        TODAY,
        "--deny",
        "warnings",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
}

const R2021: &str = "zfxxgknb/2022-nb2021.md";

#[test]
fn a_wrong_cell_is_reported_once_with_its_row_and_column() {
    let dir = copy_fixture();
    edit(dir.path(), R2021, "予以公开: [6, 1,", "予以公开: [7, 1,");
    let v = check_json(dir.path());
    let f = findings(&v, "annual-report-arithmetic");
    assert_eq!(f.len(), 1, "{f:#?}");
    let m = f[0]["message"].as_str().unwrap();
    assert!(
        m.contains("予以公开") && m.contains("自然人") && m.contains("7") && m.contains("6"),
        "{m}"
    );
    assert_eq!(f[0]["line"], line_of(dir.path(), R2021, "予以公开:"));
    assert_eq!(f[0]["file"], "content/zfxxgknb/2022-nb2021.md");
    assert_eq!(v["findings"].as_array().unwrap().len(), 1);
}

#[test]
fn arithmetic_names_the_broken_sum() {
    let dir = copy_fixture();
    // 表四: 总计 ≠ the four results.
    edit(
        dir.path(),
        R2021,
        "行政复议: [0, 1, 0, 0, 1]",
        "行政复议: [0, 1, 0, 0, 2]",
    );
    // 表三: 结转下年度 changed in 自然人 and 总计 alike: only the balance of those columns breaks.
    edit(
        dir.path(),
        R2021,
        "结转下年度: [1, 0, 0, 0, 0, 0, 1]",
        "结转下年度: [2, 0, 0, 0, 0, 0, 2]",
    );
    let v = check_json(dir.path());
    let f = findings(&v, "annual-report-arithmetic");
    let msgs: Vec<&str> = f.iter().map(|f| f["message"].as_str().unwrap()).collect();
    assert_eq!(f.len(), 3, "{msgs:#?}");
    assert!(
        msgs.iter()
            .any(|m| m.contains("表四“行政复议”行“总计”列填写 2") && m.contains("之和为 1"))
    );
    assert!(
        msgs.iter()
            .any(|m| m.contains("“自然人”列") && m.contains("＝11") && m.contains("＝12"))
    );
    assert!(
        msgs.iter()
            .any(|m| m.contains("“总计”列") && m.contains("＝14"))
    );
}

#[test]
fn continuity_is_checked_against_last_years_report() {
    let dir = copy_fixture();
    // Consistent within 2021, but 上年结转 is 2 where the 2020 report carried 1 over.
    edit(
        dir.path(),
        R2021,
        "上年结转: [1, 0, 0, 0, 0, 0, 1]",
        "上年结转: [2, 0, 0, 0, 0, 0, 2]",
    );
    edit(
        dir.path(),
        R2021,
        "结转下年度: [1, 0, 0, 0, 0, 0, 1]",
        "结转下年度: [2, 0, 0, 0, 0, 0, 2]",
    );
    let v = check_json(dir.path());
    let f = findings(&v, "annual-report-continuity");
    assert_eq!(f.len(), 1, "{f:#?}");
    let m = f[0]["message"].as_str().unwrap();
    assert!(
        m.contains("上年结转") && m.contains("“自然人”列本报告 2、上年报告 1"),
        "{m}"
    );
    assert_eq!(f[0]["line"], line_of(dir.path(), R2021, "上年结转:"));
    assert!(findings(&v, "annual-report-arithmetic").is_empty());
}

#[test]
fn typed_normative_figures_are_compared_with_the_site() {
    let dir = copy_fixture();
    edit(
        dir.path(),
        R2021,
        "{本年制发: 2, 本年废止: 2,",
        "{本年制发: 3, 本年废止: 2,",
    );
    let v = check_json(dir.path());
    let f = findings(&v, "annual-report-mismatch");
    assert_eq!(f.len(), 1, "{f:#?}");
    let m = f[0]["message"].as_str().unwrap();
    assert!(
        m.contains("行政规范性文件")
            && m.contains("本年制发件数")
            && m.contains("填写 3")
            && m.contains("统计为 2"),
        "{m}"
    );
    assert_eq!(f[0]["line"], line_of(dir.path(), R2021, "行政规范性文件:"));
    // The page and JSON show the site's count, not the typed one.
    let out = tempfile::tempdir().unwrap();
    assert!(build(dir.path(), out.path(), TODAY).status.success());
    let json: Value = serde_json::from_slice(
        &std::fs::read(out.path().join("data/annual-reports.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(json[1]["主动公开"]["行政规范性文件"]["本年制发"], 2);
}

#[test]
fn bad_report_front_matter_is_an_error_with_file_and_line() {
    let s = Site::new();
    s.write(
        "site.yaml",
        &format!("{SITE_YAML}  - path: zfxxgknb\n    title: 政府信息公开年报\n"),
    );
    let fm = "title: 年报\ndisclosure: 主动公开\nissuer: 区府办\ndate: 2022-01-10\nkind: 年度报告";
    s.doc(
        "zfxxgknb/a.md",
        &format!(
            "{fm}\nreport:\n  year: 2021\n  主动公开:\n    行政许可: -3\n    行政事业性收费: 12.5\n    规范性文件: {{本年制发: 1}}\n    行政处罚: 2.5\n  依申请公开:\n    予以公开: [1, 2]\n    不予公开/危及“三安全一稳定”: [0, 0, 0, 0, 0, 0, 0]\n    不予公开/危及\"三安全一稳定\": [0, 0, 0, 0, 0, 0, 0]\n    不予公开/属于国家秘蜜: [0, 0, 0, 0, 0, 0, 0]\n  复议诉讼:\n    行政复议: [0, 0, 0, 0, -1]"
        ),
        "正文。",
    );
    let o = s.build("2022-03-01");
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    let at = |line: u32| format!("content/zfxxgknb/a.md:{line}:");
    for (line, needle) in [
        (10, "行政许可 的本年处理决定数量 不能为负数：-3"),
        (12, "`规范性文件` 是国办公开办函〔2019〕60号格式的行名"),
        (13, "行政处罚 的本年处理决定数量 必须是整数，写的是 2.5"),
        (15, "需要 7 个数字"),
        (17, "写了两次（第 16 行已经写过）"),
        (18, "did you mean `不予公开/属于国家秘密`?"),
        (20, "不能为负数：-1"),
    ] {
        let block = e
            .split("\n\n")
            .find(|b| b.contains(needle))
            .unwrap_or_else(|| panic!("no `{needle}` in\n{e}"));
        assert!(
            block.contains(&at(line)),
            "`{needle}` not at line {line}:\n{block}"
        );
    }
    // The decimal fee is fine.
    assert!(!e.contains("表二 行政事业性收费"), "{e}");
}

#[test]
fn report_on_another_kind_or_without_year_is_an_error() {
    let s = Site::new();
    s.doc(
        "fdzdgknr/x.md",
        &format!("{}\nreport:\n  year: 2021", public_fm("甲", "2021-01-01")),
        "",
    );
    s.doc(
        "fdzdgknr/y.md",
        &format!(
            "{}\nkind: 年度报告\nreport:\n  主动公开: {{}}",
            public_fm("乙", "2021-01-01")
        ),
        "",
    );
    let o = s.build("2022-03-01");
    let e = stderr(&o);
    assert!(
        e.contains("`report`（年度报告数据）只能用于 `kind: 年度报告`"),
        "{e}"
    );
    assert!(e.contains("缺少必填键 `year`"), "{e}");
}

/// The statistics page counts with the same rule as 表二: expiry stops a document the day
/// after `valid_until`, a repeal on `invalid_from`.
#[test]
fn statistics_page_uses_the_report_counting_rule() {
    let out = tempfile::tempdir().unwrap();
    assert!(build(&fixture(), out.path(), TODAY).status.success());
    let tj = std::fs::read_to_string(out.path().join("tj/index.html")).unwrap();
    let year = |y: &str| {
        let a = tj.find(&format!(">{y}年</caption>")).unwrap();
        let b = a + tj[a..].find("</table>").unwrap();
        tj[a..b].to_string()
    };
    // 2021 合计: 制发 2 (n3, n4), 废止 2 (n2 expired 06-30, n3 repealed 11-01), 现行有效 2.
    assert!(
        year("2021").contains("<th scope=\"row\">合计</th><td>2</td><td>2</td><td>2</td>"),
        "{}",
        year("2021")
    );
    // 2020: n5 repealed on 2020-05-01; in force at year end n1, n2.
    assert!(year("2020").contains("<th scope=\"row\">合计</th><td>1</td><td>1</td><td>2</td>"));
}

#[test]
fn repealed_without_a_date_is_a_warning() {
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/a.md",
        &format!(
            "{}\nkind: 规范性文件\ninterpretation: https://www.example.gov.cn/jd/1.html\nvalidity: 已废止",
            public_fm("甲", "2019-01-01")
        ),
        "",
    );
    let o = s.build("2021-12-20");
    assert!(o.status.success());
    let e = stderr(&o);
    assert!(
        e.contains("warning: 效力为 已废止，但没有 `invalid_from`"),
        "{e}"
    );
    assert!(e.contains("content/fdzdgknr/gfxwj/a.md:8"), "{e}");
}

#[test]
fn new_annual_report_is_a_complete_skeleton_prefilled_from_the_site() {
    let dir = copy_fixture();
    let o = run(&[
        "new",
        "zfxxgknb/2022-nb2021-new.md",
        "--kind",
        "年度报告",
        "--root",
        dir.path().to_str().unwrap(),
        "--today",
        "2022-01-10",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rel = "zfxxgknb/2022-nb2021-new.md";
    let text = std::fs::read_to_string(dir.path().join("content").join(rel)).unwrap();
    assert!(text.contains("  year: 2021\n"), "{text}");
    // Last year's 结转下年度 and the site's own count are filled in; everything else is 0.
    assert!(
        text.contains("    上年结转: [1, 0, 0, 0, 0, 0, 1]\n"),
        "{text}"
    );
    assert!(text.contains("    行政规范性文件: {本年制发: 2, 本年废止: 2, 现行有效: 2}\n"));
    for row in [
        "规章: {本年制发: 0, 本年废止: 0, 现行有效: 0}",
        "行政事业性收费: 0",
        "不予公开/属于国家秘密: [0, 0, 0, 0, 0, 0, 0]",
        "其他处理/其他: [0, 0, 0, 0, 0, 0, 0]",
        "结转下年度: [0, 0, 0, 0, 0, 0, 0]",
        "复议后起诉: [0, 0, 0, 0, 0]",
    ] {
        assert!(text.contains(row), "skeleton lacks {row}");
    }
    for h in [
        "## 一、总体情况",
        "## 五、存在的主要问题及改进情况",
        "## 六、其他需要报告的事项",
    ] {
        assert!(text.contains(h), "{h}");
    }
    // Once the editor chooses `disclosure`, the skeleton is a valid report: the carried-over row
    // makes the balance fail until 本年新收/办理结果 are filled, and nothing else is reported.
    edit(dir.path(), rel, "disclosure:\n", "disclosure: 主动公开\n");
    let v = check_json(dir.path());
    let here: Vec<&Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["file"] == format!("content/{rel}") && f["rule"] != "interpretation-missing")
        .collect();
    assert!(
        here.iter().all(|f| f["rule"] == "annual-report-arithmetic"),
        "{here:#?}"
    );
    assert!(findings(&v, "annual-report-continuity").is_empty());
    assert!(findings(&v, "annual-report-mismatch").is_empty());
}
