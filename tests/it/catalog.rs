//! The standard disclosure catalog (基层政务公开标准目录, SPEC §9): catalog.yaml validation,
//! `catalog:` on documents, the 主动公开目录 page, data/catalog.json + CSV, and the
//! catalog-item-empty / catalog-item-overdue rules (each with a planted case and a control).

use serde_json::{Value, json};

use crate::util::{Site, grep, public_fm, run, stderr};

const TODAY: &str = "2021-12-20";

const CATALOG: &str = "- id: CZ-01
  domain: 财政预决算
  item: 政府预算
  content: 预算报表及说明
  basis: 《中华人民共和国预算法》第十四条
  deadline: 批准后20日内
  due: {every: year}
  bodies: [本级政府]
  channel: [政府网站, 公开查阅点]
  audience: 全社会
- id: JY-01
  domain: 义务教育
  item: 招生政策
  due: {every: quarter}
  bodies: [测试区人民政府]
- id: SJ-01
  domain: 社会救助
  item: 低保审批
  due: {every: month}
  bodies: [本级政府]
- id: SJ-02
  domain: 社会救助
  item: 最低生活保障政策法规文件
  due: {working_days: 5, after: 形成}
  bodies: [本级政府]
- id: BM-01
  domain: 就业
  item: 部门事项
  bodies: [部门]
";

/// The fixture: CZ-01 served twice (ok), JY-01 only by a withheld document (empty), SJ-01 by
/// an October document (overdue in December), SJ-02 by a document published late for its
/// 5 working days, BM-01 applying to no body of the site.
fn site() -> Site {
    let s = Site::new();
    s.write("catalog.yaml", CATALOG);
    let doc = |name: &str, title: &str, date: &str, extra: &str| {
        s.doc(
            &format!("fdzdgknr/zdjc/{name}.md"),
            &format!("{}\n{extra}", public_fm(title, date)),
            "正文。",
        );
    };
    doc("a1", "二〇二〇年区级预算", "2020-03-01", "catalog: CZ-01");
    doc("a2", "二〇二一年区级预算", "2021-02-01", "目录事项: CZ-01");
    doc("m1", "十月低保审批结果", "2021-10-15", "catalog: SJ-01");
    doc(
        "d1",
        "低保标准调整通知",
        "2021-12-01",
        "published: 2021-12-13\ncatalog: SJ-02",
    );
    doc(
        "c1",
        "同日成文的其他通知",
        "2021-12-01",
        "published: 2021-12-13",
    );
    s.doc(
        "fdzdgknr/zdjc/w1.md",
        "title: 秘密招生名单草表\ndisclosure: 依申请公开\nissuer: 区府办\ndate: 2021-11-01\ncatalog: JY-01",
        "不公开。",
    );
    s
}

fn check_json(s: &Site, today: &str) -> Value {
    let o = run(&[
        "check",
        "--root",
        s.path().to_str().unwrap(),
        "--today",
        today,
        "--format",
        "json",
    ]);
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stderr(&o)))
}

/// (rule, file, line, message) of the findings of `rules`.
fn findings(v: &Value, rules: &[&str]) -> Vec<(String, String, u64, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| rules.contains(&f["rule"].as_str().unwrap()))
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap_or(0),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn catalog_json_is_exactly_spec_shape() {
    let s = site();
    let o = s.build(TODAY);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&s.read("data/catalog.json")).unwrap();
    let body = "测试区人民政府";
    let expected = json!([
        {"id": "BM-01", "domain": "就业", "item": "部门事项", "bodies": []},
        {"id": "CZ-01", "domain": "财政预决算", "item": "政府预算", "bodies": [
            {"body": body, "documents": ["/fdzdgknr/zdjc/a2/", "/fdzdgknr/zdjc/a1/"],
             "latest": "2021-02-01", "state": "ok"}]},
        {"id": "JY-01", "domain": "义务教育", "item": "招生政策", "bodies": [
            {"body": body, "documents": [], "latest": null, "state": "empty"}]},
        {"id": "SJ-01", "domain": "社会救助", "item": "低保审批", "bodies": [
            {"body": body, "documents": ["/fdzdgknr/zdjc/m1/"],
             "latest": "2021-10-15", "state": "overdue"}]},
        {"id": "SJ-02", "domain": "社会救助", "item": "最低生活保障政策法规文件", "bodies": [
            {"body": body, "documents": ["/fdzdgknr/zdjc/d1/"],
             "latest": "2021-12-01", "state": "ok"}]},
    ]);
    assert_eq!(v, expected);

    let csv = s.read("data/catalog.csv");
    assert!(csv.starts_with('\u{FEFF}'), "BOM for Excel");
    let lines: Vec<&str> = csv.trim_start_matches('\u{FEFF}').split("\r\n").collect();
    assert!(lines[0].starts_with("序号,编号,领域,公开事项,公开内容,公开依据,公开时限,公开主体"));
    assert_eq!(
        lines.len(),
        1 + 4 + 1,
        "header, one row per (item, body), final CRLF"
    );
    assert!(
        lines[1].contains("CZ-01")
            && lines[1].contains("政府网站、公开查阅点")
            && lines[1].contains("按时")
            && lines[1].contains("https://www.example.gov.cn/xxgk/fdzdgknr/zdjc/a2/"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].contains("JY-01") && lines[2].contains("尚无"),
        "{}",
        lines[2]
    );
}

#[test]
fn catalog_page_lists_items_by_domain_with_documents_newest_first() {
    let s = site();
    assert!(s.build(TODAY).status.success());
    let page = s.read("zdgkml/index.html");
    // A real table per 领域, with header cells and a caption.
    for caption in ["财政预决算领域", "义务教育领域", "社会救助领域"] {
        assert!(page.contains(&format!(">{caption}</caption>")), "{caption}");
    }
    assert!(page.contains(r#"<th scope="col">公开依据</th>"#));
    assert!(page.contains(r#"<th scope="row" class="item">政府预算"#));
    assert!(page.contains("《中华人民共和国预算法》第十四条") && page.contains("批准后20日内"));
    // Newest first.
    let (new, old) = (
        page.find("二〇二一年区级预算").unwrap(),
        page.find("二〇二〇年区级预算").unwrap(),
    );
    assert!(new < old, "newest document first");
    for state in ["按时", "逾期", "尚无"] {
        assert!(page.contains(&format!(">{state}</span>")), "{state}");
    }
    // BM-01 applies to 部门 only: not on the 本级政府's page.
    assert!(!page.contains("部门事项"));
    // Linked from the navigation; listed in the sitemap.
    assert!(
        s.read("index.html")
            .contains("/xxgk/zdgkml/\">主动公开目录")
    );
    assert!(s.read("sitemap.xml").contains("/xxgk/zdgkml/"));
}

#[test]
fn withheld_documents_never_count_and_leave_no_trace() {
    let s = site();
    assert!(s.build(TODAY).status.success());
    assert!(grep(&s.out(), "秘密招生名单").is_empty());
    assert!(grep(&s.out(), "/fdzdgknr/zdjc/w1").is_empty());
    let v = check_json(&s, TODAY);
    let empty = findings(&v, &["catalog-item-empty"]);
    assert!(
        empty.iter().any(|f| f.3.contains("JY-01")),
        "an item served only by a withheld document is empty: {empty:?}"
    );
}

#[test]
fn catalog_item_empty_at_the_items_line() {
    let s = site();
    let v = check_json(&s, TODAY);
    let empty = findings(&v, &["catalog-item-empty"]);
    // Planted: JY-01 (line 11) has no published document. Control: CZ-01, SJ-01, SJ-02 have.
    assert_eq!(empty.len(), 1, "{empty:?}");
    let (_, file, line, msg) = &empty[0];
    assert_eq!((file.as_str(), *line), ("catalog.yaml", 11));
    assert!(
        msg.contains("招生政策") && msg.contains("测试区人民政府"),
        "{msg}"
    );
}

#[test]
fn catalog_item_overdue_at_the_latest_document() {
    let s = site();
    let v = check_json(&s, TODAY);
    let overdue = findings(&v, &["catalog-item-overdue"]);
    // Planted: monthly SJ-01's newest document is from October; in December that is late.
    // Control: yearly CZ-01 has a 2021 document.
    assert_eq!(overdue.len(), 1, "{overdue:?}");
    let (_, file, line, msg) = &overdue[0];
    assert_eq!((file.as_str(), *line), ("content/fdzdgknr/zdjc/m1.md", 6));
    assert!(
        msg.contains("低保审批") && msg.contains("测试区人民政府"),
        "{msg}"
    );
    // Control: in November the October document is still on time.
    let v = check_json(&s, "2021-11-20");
    assert!(findings(&v, &["catalog-item-overdue"]).is_empty());
    // Yearly: a 2020 document is late once 2022 begins.
    s.doc(
        "fdzdgknr/zdjc/a2.md",
        &format!(
            "{}\ncatalog: SJ-01",
            public_fm("二〇二一年区级预算", "2021-02-01")
        ),
        "正文。",
    );
    let v = check_json(&s, "2022-01-05");
    let overdue = findings(&v, &["catalog-item-overdue"]);
    assert!(
        overdue
            .iter()
            .any(|f| f.1.ends_with("a1.md") && f.3.contains("政府预算")),
        "{overdue:?}"
    );
}

#[test]
fn working_days_item_sets_the_disclosure_deadline() {
    let s = site();
    let v = check_json(&s, TODAY);
    let late = findings(&v, &["disclosure-overdue"]);
    // d1 (SJ-02, 5 working days) published 8 working days after its date: late. c1, the same
    // dates without an item, is within the site's 20 working days: control.
    let files: Vec<&str> = late.iter().map(|f| f.1.as_str()).collect();
    assert_eq!(files, vec!["content/fdzdgknr/zdjc/d1.md"], "{late:?}");
    assert!(late[0].3.contains("SJ-02"), "{}", late[0].3);
}

#[test]
fn unknown_catalog_id_is_an_error_with_did_you_mean() {
    let s = site();
    s.doc(
        "fdzdgknr/zdjc/x.md",
        &format!("{}\ncatalog: CZ-10", public_fm("某通知", "2021-12-01")),
        "正文。",
    );
    let o = s.build(TODAY);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("content/fdzdgknr/zdjc/x.md:6"), "{err}");
    assert!(err.contains("CZ-10") && err.contains("`CZ-01`"), "{err}");

    // Without catalog.yaml any `catalog:` is an error.
    std::fs::remove_file(s.path().join("catalog.yaml")).unwrap();
    let err = stderr(&s.build(TODAY));
    assert!(err.contains("catalog.yaml"), "{err}");
}

#[test]
fn item_for_another_body_kind_is_a_warning() {
    let s = site();
    s.doc(
        "fdzdgknr/zdjc/b.md",
        &format!("{}\ncatalog: BM-01", public_fm("某部门通知", "2021-12-01")),
        "正文。",
    );
    let o = s.build(TODAY);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("warning")
            && err.contains("BM-01")
            && err.contains("content/fdzdgknr/zdjc/b.md:6"),
        "{err}"
    );
    // Control: a document whose item applies gets no such warning.
    assert!(!err.contains("a1.md"), "{err}");
}

#[test]
fn every_catalog_yaml_mistake_in_one_run() {
    let s = Site::new();
    s.write(
        "catalog.yaml",
        "- id: A-1\n  domain: 财政预算\n  item: x\n  bodies: [本级政府]\n- id: A-1\n  domain: 就业\n  item: y\n  bodies: [部们]\n  colour: red\n  due: {every: week}\n",
    );
    // A content error in the same run is reported too.
    s.doc(
        "fdzdgknr/zdjc/bad.md",
        "title: 缺少公开属性\nissuer: 区府办\ndate: 2021-01-01",
        "x",
    );
    s.doc(
        "fdzdgknr/zdjc/ok.md",
        &format!("{}\ncatalog: A-1", public_fm("某通知", "2021-12-01")),
        "正文。",
    );
    let o = s.build(TODAY);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    for (at, what) in [
        ("catalog.yaml:2", "财政预算"),
        ("catalog.yaml:5", "重复"),
        ("catalog.yaml:8", "部们"),
        ("catalog.yaml:9", "colour"),
        ("catalog.yaml:10", "week"),
        ("content/fdzdgknr/zdjc/bad.md", "disclosure"),
    ] {
        assert!(err.contains(at) && err.contains(what), "{at} {what}: {err}");
    }
    assert!(err.contains("`财政预决算`"), "did-you-mean for 领域: {err}");
    assert!(err.contains("`部门`"), "did-you-mean for bodies: {err}");
    // A document naming an id that exists (even on a broken item) gets no knock-on error.
    assert!(!err.contains("ok.md"), "{err}");
}

#[test]
fn example_site_catalog_is_complete() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = crate::util::build(&crate::util::repo(), &out, TODAY);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("data/catalog.json")).unwrap())
            .unwrap();
    let items = v.as_array().unwrap();
    assert!(items.len() >= 8, "{v}");
    for d in ["财政预决算", "义务教育", "社会救助", "重大建设项目"] {
        assert!(items.iter().any(|i| i["domain"] == d), "{d}");
    }
    for i in items {
        for b in i["bodies"].as_array().unwrap() {
            assert_eq!(b["state"], "ok", "{i}");
        }
    }
}
