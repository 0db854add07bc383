//! Disclosure bodies (SPEC §7): site.yaml validation with lines, the exact bodies.json, each
//! body's section, the who-sees-what invariant across bodies, the body check rules (planted
//! case + control) and the one-body fallback.

use std::path::Path;
use std::process::Output;

use serde_json::{Value, json};

use crate::util::*;

const TODAY: &str = "2021-12-20";

/// Line numbers below refer to this text: keep it in sync.
const BODIES_YAML: &str = "title: 测试区人民政府 政府信息公开
base_url: https://www.example.gov.cn/xxgk/
organization: 测试区人民政府
units:
  - name: 测试区人民政府
    aliases: [区政府]
    body: 本级政府
  - name: 测试区交通运输局
    aliases: [区交通局]
    body: 部门
    path: bm/jtj
    contact: {address: 测试区沂河路1号, phone: 0539-8251234, email: jtj@example.gov.cn, hours: 工作日 9:00-17:00}
  - name: 测试区甲镇人民政府
    body: 镇街
    path: zj/jz
  - name: 测试区人民政府办公室
    aliases: [区府办]
sections:
  部门:
    - {path: zfxxgkzn, title: 政府信息公开指南, freshness: none}
    - {path: zfxxgknb, title: 政府信息公开年报, freshness: none}
  镇街:
    - {path: zfxxgkzn, title: 政府信息公开指南, freshness: none}
    - {path: zfxxgknb, title: 政府信息公开年报, freshness: none}
columns:
  - path: zfxxgkzn
    title: 政府信息公开指南
    freshness: none
  - path: zfxxgknb
    title: 政府信息公开年报
    freshness: none
  - path: bm/jtj/jtxx
    title: 交通信息
    freshness: none
";

fn fm(title: &str, issuer: &str, date: &str, extra: &str) -> String {
    format!("title: {title}\ndisclosure: 主动公开\nissuer: {issuer}\ndate: {date}{extra}")
}

/// A site with a 本级政府, a 部门 with contact and its own column, and a 镇街 whose
/// documents are all withheld (依申请公开, 不予公开, a draft, an embargoed one).
fn bodies_site() -> Site {
    let s = Site::new();
    s.write("site.yaml", BODIES_YAML);
    s.doc(
        "zfxxgkzn/zn.md",
        &fm("测试区人民政府信息公开指南", "区政府", "2021-03-01", ""),
        "正文",
    );
    s.doc(
        "zfxxgknb/nb2020.md",
        &fm(
            "测试区人民政府2020年政府信息公开工作年度报告",
            "区政府",
            "2021-03-20",
            "\nkind: 年度报告",
        ),
        "正文",
    );
    s.doc(
        "bm/jtj/zfxxgkzn/zn-old.md",
        &fm("交通运输局指南（旧）", "区交通局", "2020-03-01", ""),
        "正文",
    );
    s.doc(
        "bm/jtj/zfxxgkzn/zn.md",
        &fm(
            "交通运输局指南",
            "区交通局",
            "2021-02-01",
            "\npublished: 2021-02-03",
        ),
        "正文",
    );
    s.doc(
        "bm/jtj/zfxxgknb/nb2019.md",
        &fm(
            "测试区交通运输局2019年政府信息公开工作年度报告",
            "区交通局",
            "2020-01-20",
            "\nkind: 年度报告",
        ),
        "正文",
    );
    s.doc(
        "bm/jtj/zfxxgknb/nb2020.md",
        &fm(
            "测试区交通运输局2020年政府信息公开工作年度报告",
            "区交通局",
            "2021-01-20",
            "\nkind: 年度报告",
        ),
        "正文",
    );
    s.doc(
        "bm/jtj/jtxx/lk.md",
        &fm("交通路况通告", "区交通局", "2021-12-01", ""),
        "正文",
    );
    // The town: nothing of it is published.
    let town = "测试区甲镇人民政府";
    s.doc(
        "zj/jz/zfxxgkzn/secret-ysq.md",
        &fm("甲镇机密甲", town, "2021-02-01", "").replace("主动公开", "依申请公开"),
        "甲镇机密正文",
    );
    s.doc(
        "zj/jz/zfxxgknb/secret-bygk.md",
        &fm("甲镇机密乙", town, "2021-01-10", "\nkind: 年度报告").replace("主动公开", "不予公开"),
        "甲镇机密正文",
    );
    s.doc(
        "zj/jz/zfxxgkzn/secret-draft.md",
        &fm("甲镇机密丙", town, "2021-02-01", "\ndraft: true"),
        "甲镇机密正文",
    );
    s.doc(
        "zj/jz/zfxxgkzn/secret-embargo.md",
        &fm("甲镇机密丁", town, "2021-02-01", "\npublished: 2022-06-01"),
        "甲镇机密正文",
    );
    s
}

fn built(s: &Site) {
    let o = s.build(TODAY);
    assert!(o.status.success(), "{}", stderr(&o));
}

fn json_file(s: &Site, rel: &str) -> Value {
    serde_json::from_str(&s.read(rel)).unwrap()
}

#[test]
fn bodies_json_is_exactly_the_spec_shape() {
    let s = bodies_site();
    built(&s);
    let col = |path: &str, title: &str, n: u64| json!({"path": path, "title": title, "url": format!("/{path}/"), "documents": n});
    let expected = json!([
        {
            "name": "测试区人民政府", "kind": "本级政府", "url": "/", "contact": null,
            "documents": 2, "guide": "/zfxxgkzn/zn/", "catalog": null,
            "annual_reports": [{"year": 2020, "url": "/zfxxgknb/nb2020/"}],
            "columns": [col("zfxxgkzn", "政府信息公开指南", 1), col("zfxxgknb", "政府信息公开年报", 1)]
        },
        {
            "name": "测试区交通运输局", "kind": "部门", "url": "/bm/jtj/",
            "contact": {"address": "测试区沂河路1号", "phone": "0539-8251234", "email": "jtj@example.gov.cn", "hours": "工作日 9:00-17:00"},
            "documents": 5, "guide": "/bm/jtj/zfxxgkzn/zn/", "catalog": null,
            "annual_reports": [
                {"year": 2019, "url": "/bm/jtj/zfxxgknb/nb2019/"},
                {"year": 2020, "url": "/bm/jtj/zfxxgknb/nb2020/"}
            ],
            "columns": [
                col("bm/jtj/zfxxgkzn", "政府信息公开指南", 2),
                col("bm/jtj/zfxxgknb", "政府信息公开年报", 2),
                col("bm/jtj/jtxx", "交通信息", 1)
            ]
        },
        {
            "name": "测试区甲镇人民政府", "kind": "镇街", "url": "/zj/jz/", "contact": null,
            "documents": 0, "guide": null, "catalog": null, "annual_reports": [],
            "columns": [col("zj/jz/zfxxgkzn", "政府信息公开指南", 0), col("zj/jz/zfxxgknb", "政府信息公开年报", 0)]
        }
    ]);
    assert_eq!(json_file(&s, "data/bodies.json"), expected);
    // documents.json: `body` is the name of the body whose section holds the document.
    let docs = json_file(&s, "data/documents.json");
    let bodies: Vec<(String, String)> = docs
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap().to_string(),
                d["body"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(bodies.contains(&("bm/jtj/jtxx/lk".into(), "测试区交通运输局".into())));
    assert!(bodies.contains(&("zfxxgkzn/zn".into(), "测试区人民政府".into())));
    assert_eq!(bodies.len(), 7);
}

#[test]
fn each_body_has_its_own_section_home_nav_and_crumbs() {
    let s = bodies_site();
    built(&s);
    let home = s.read("bm/jtj/index.html");
    for needle in [
        "测试区交通运输局信息公开",
        "0539-8251234",
        "测试区沂河路1号",
        "jtj@example.gov.cn",
        "政府信息公开指南",
        "政府信息公开制度",
        "法定主动公开内容",
        "政府信息公开年报",
        "交通路况通告",
        "/xxgk/bm/jtj/jtxx/",
        "/xxgk/bmxxgk/",
        "/xxgk/bm/jtj/feed.xml",
    ] {
        assert!(home.contains(needle), "body home lacks {needle}");
    }
    // The left nav of a body's page is its own: the root's 年报 column is not there.
    let list = s.read("bm/jtj/jtxx/index.html");
    assert!(list.contains("/xxgk/bm/jtj/zfxxgknb/"));
    assert!(
        !list.contains("href=\"/xxgk/zfxxgknb/\""),
        "root nav on a body page"
    );
    // Crumbs: 首页 › 部门信息公开 › 测试区交通运输局 › 交通信息.
    let doc = s.read("bm/jtj/jtxx/lk/index.html");
    crumbs_in_order(
        &doc,
        &["首页", "部门信息公开", "测试区交通运输局", "交通信息"],
    );
    // The site home leads to the indexes by kind; each index lists its bodies.
    let index = s.read("index.html");
    assert!(index.contains("/xxgk/bmxxgk/") && index.contains("/xxgk/zjxxgk/"));
    assert!(s.read("bmxxgk/index.html").contains("/xxgk/bm/jtj/"));
    assert!(s.read("zjxxgk/index.html").contains("/xxgk/zj/jz/"));
    // Per-body feed: the body's documents only.
    let feed = s.read("bm/jtj/feed.xml");
    assert!(feed.contains("交通路况通告") && !feed.contains("测试区人民政府信息公开指南"));
    in_sitemap(
        &s,
        &[
            "/xxgk/bm/jtj/",
            "/xxgk/zj/jz/",
            "/xxgk/bmxxgk/",
            "/xxgk/zjxxgk/",
        ],
    );
}

fn in_sitemap(s: &Site, urls: &[&str]) {
    let sitemap = s.read("sitemap.xml");
    for u in urls {
        assert!(
            sitemap.contains(&format!("https://www.example.gov.cn{u}<")),
            "sitemap lacks {u}"
        );
    }
}

/// The page's breadcrumbs hold `titles` in this order.
fn crumbs_in_order(html: &str, titles: &[&str]) {
    let crumbs = &html[html.find("class=\"crumbs\"").unwrap()..];
    let order: Vec<usize> = titles
        .iter()
        .map(|t| crumbs.find(t).unwrap_or_else(|| panic!("crumb {t}")))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
}

#[test]
fn a_body_whose_documents_are_all_withheld_keeps_its_section_and_leaks_nothing() {
    let s = bodies_site();
    built(&s);
    // The section exists and counts nothing.
    let home = s.read("zj/jz/index.html");
    assert!(home.contains("测试区甲镇人民政府信息公开"));
    assert!(home.contains("共 0 条"));
    // Nothing of the withheld documents anywhere: titles, bodies, file names.
    for needle in ["甲镇机密", "secret-"] {
        assert_eq!(grep(&s.out(), needle), Vec::<String>::new(), "{needle}");
    }
    // Control: the same site with one of them public shows it.
    let c = bodies_site();
    c.doc(
        "zj/jz/zfxxgkzn/secret-ysq.md",
        &fm("甲镇机密甲", "测试区甲镇人民政府", "2021-02-01", ""),
        "正文",
    );
    built(&c);
    assert!(!grep(&c.out(), "甲镇机密甲").is_empty());
    assert_eq!(json_file(&c, "data/bodies.json")[2]["documents"], 1);
}

/// A withheld 规范性文件 of the town (embargoed until 2022) besides its other withheld ones.
fn town_norm(s: &Site, published: &str) {
    s.doc(
        "zj/jz/zfxxgkzn/secret-norm.md",
        &fm(
            "甲镇机密戊",
            "测试区甲镇人民政府",
            "2021-02-01",
            &format!("\nkind: 规范性文件\ndoc_number: 甲政发〔2021〕1号\ninterpretation: https://www.example.gov.cn/jd/1.html{published}"),
        ),
        "甲镇机密正文",
    );
}

#[test]
fn statistics_of_a_body_whose_documents_are_all_withheld_are_zeros() {
    let s = bodies_site();
    town_norm(&s, "\npublished: 2022-06-01");
    built(&s);
    // The town's statistics page exists and counts nothing.
    let tj = s.read("zj/jz/tj/index.html");
    assert!(tj.contains("测试区甲镇人民政府信息公开统计"), "{tj}");
    assert!(
        tj.contains("<th scope=\"row\">2021年</th><td>0</td><td>0</td><td>0</td>"),
        "{tj}"
    );
    assert!(tj.contains("<th scope=\"row\">全部</th><td>0</td>"), "{tj}");
    for needle in ["甲镇机密", "secret-", "甲政发"] {
        assert_eq!(grep(&s.out(), needle), Vec::<String>::new(), "{needle}");
    }
    // Exactly what the site shows without the withheld files: the whole output.
    let bare = bodies_site();
    for f in ["secret-ysq.md", "secret-draft.md", "secret-embargo.md"] {
        std::fs::remove_file(bare.path().join("content/zj/jz/zfxxgkzn").join(f)).unwrap();
    }
    std::fs::remove_file(bare.path().join("content/zj/jz/zfxxgknb/secret-bygk.md")).unwrap();
    built(&bare);
    for page in ["zj/jz/tj/index.html", "tj/index.html", "tj/bjzf/index.html"] {
        assert_eq!(s.read(page), bare.read(page), "{page}");
    }
    assert_eq!(snapshot(&s.out()), snapshot(&bare.out()));
    // Control: once published (today is after the embargo), it is counted.
    let c = bodies_site();
    town_norm(&c, "");
    built(&c);
    let tj = c.read("zj/jz/tj/index.html");
    assert!(
        tj.contains("<th scope=\"row\">2021年</th><td>1</td><td>0</td><td>1</td>"),
        "{tj}"
    );
    assert!(tj.contains("<th scope=\"row\">全部</th><td>1</td>"), "{tj}");
    assert!(!grep(&c.out(), "甲镇机密戊").is_empty());
}

#[test]
fn each_body_has_a_statistics_page_linked_from_its_home_and_the_sitemap() {
    let s = bodies_site();
    s.doc(
        "bm/jtj/jtxx/gf.md",
        &fm(
            "交通运输局规范性文件",
            "区交通局",
            "2020-05-01",
            "\nkind: 规范性文件\ndoc_number: 测交发〔2020〕1号\ninterpretation: https://www.example.gov.cn/jd/1.html\nvalid_until: 2021-06-30",
        ),
        "正文",
    );
    built(&s);
    let tj = s.read("bm/jtj/tj/index.html");
    // 行政规范性文件 by the 表二 rule: made 2020, expired the day after 2021-06-30.
    for row in [
        "<th scope=\"row\">2021年</th><td>0</td><td>1</td><td>0</td>",
        "<th scope=\"row\">2020年</th><td>1</td><td>0</td><td>1</td>",
    ] {
        assert!(tj.contains(row), "{row} in\n{tj}");
    }
    // Documents per column and publication year (2021, 2020), total and newest date.
    let cols = &tj[tj.find("st-cols").unwrap()..];
    assert!(cols.contains("<th scope=\"col\">2021年</th><th scope=\"col\">2020年</th>"));
    assert!(
        cols.contains(
            "交通信息</a></th><td>1</td><td>1</td><td>2</td><td class=\"nowrap\">2021-12-01</td>"
        ),
        "{cols}"
    );
    assert!(
        cols.contains("全部</th><td>3</td><td>3</td><td>6</td>"),
        "{cols}"
    );
    // The body's crumbs and left nav (its own columns, not the root's).
    crumbs_in_order(
        &tj,
        &["首页", "部门信息公开", "测试区交通运输局", "信息公开统计"],
    );
    assert!(tj.contains("href=\"/xxgk/bm/jtj/jtxx/\""));
    assert!(
        !tj.contains("href=\"/xxgk/zfxxgknb/\""),
        "root nav on a body page"
    );
    // Linked from the body's home; the site-wide page leads to every body's.
    assert!(
        s.read("bm/jtj/index.html")
            .contains("href=\"/xxgk/bm/jtj/tj/\"")
    );
    let site = s.read("tj/index.html");
    for u in ["/xxgk/tj/bjzf/", "/xxgk/bm/jtj/tj/", "/xxgk/zj/jz/tj/"] {
        assert!(site.contains(&format!("href=\"{u}\"")), "/tj/ lacks {u}");
    }
    // The site-wide table still counts by issuer.
    assert!(
        site.contains("测试区交通运输局</th><td>1</td><td>0</td><td>1</td>"),
        "{site}"
    );
    // The root's own page: its own documents only.
    let root = s.read("tj/bjzf/index.html");
    assert!(root.contains("全部</th><td>2</td><td>2</td>"), "{root}");
    in_sitemap(
        &s,
        &[
            "/xxgk/tj/",
            "/xxgk/tj/bjzf/",
            "/xxgk/bm/jtj/tj/",
            "/xxgk/zj/jz/tj/",
        ],
    );
}

#[test]
fn a_column_on_a_bodys_statistics_folder_is_an_error() {
    let s = Site::new();
    s.write(
        "site.yaml",
        "title: T
base_url: https://ex.gov.cn/
units:
  - name: 甲
    body: 本级政府
  - name: 乙
    body: 部门
    path: bm/y
sections:
  部门:
    - {path: tj, title: 统计}
columns:
  - path: bm/y/tj/sub
    title: 统计子栏目
  - path: bm/y/tjxx
    title: 统计信息
",
    );
    let o = run(&["check", "--root", s.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    for line in [11, 13] {
        let at = format!("site.yaml:{line}");
        assert!(
            err.split("error")
                .any(|e| e.contains("bm/y/tj") && e.contains(&at)),
            "no error at {at}:\n{err}"
        );
    }
    // `tjxx` is another folder (control).
    assert!(!err.contains("`bm/y/tjxx`"), "{err}");
}

fn check(root: &Path, today: &str) -> (Value, Output) {
    let o = run(&[
        "check",
        "--root",
        root.to_str().unwrap(),
        "--today",
        today,
        "--format",
        "json",
    ]);
    let v = serde_json::from_slice(&o.stdout).unwrap_or(Value::Null);
    (v, o)
}

/// (rule, line, message) of the findings of `rule`.
fn findings(v: &Value, rule: &str) -> Vec<(u64, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .map(|f| {
            assert_eq!(f["file"], "site.yaml");
            (
                f["line"].as_u64().unwrap(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn guide_missing_and_annual_report_missing_at_the_units_line() {
    let s = bodies_site();
    let (v, _) = check(s.path(), TODAY);
    // The town publishes neither (its documents are withheld): unit `- name:` on line 13.
    let g = findings(&v, "guide-missing");
    assert_eq!(g.len(), 1, "{g:?}");
    assert_eq!(g[0].0, 13);
    assert!(g[0].1.contains("测试区甲镇人民政府"), "{}", g[0].1);
    let a = findings(&v, "annual-report-missing");
    assert_eq!(a.len(), 1, "{a:?}");
    assert_eq!(a[0].0, 13);
    assert!(a[0].1.contains("2020") && a[0].1.contains("测试区甲镇人民政府"));
    // Before the 镇街 due date (01-31) nothing is missing yet; after it the 部门 and the
    // town need their 2021 reports, the 本级政府 only after 03-31.
    let (v, _) = check(s.path(), "2022-01-31");
    assert!(findings(&v, "annual-report-missing").is_empty());
    let (v, _) = check(s.path(), "2022-02-01");
    let lines: Vec<u64> = findings(&v, "annual-report-missing")
        .iter()
        .map(|f| f.0)
        .collect();
    assert_eq!(lines, [8, 13]);
    let (v, _) = check(s.path(), "2022-04-01");
    let lines: Vec<u64> = findings(&v, "annual-report-missing")
        .iter()
        .map(|f| f.0)
        .collect();
    assert_eq!(lines, [5, 8, 13]);
    // `rules.annual_report_due` moves the 镇街 date.
    s.write(
        "site.yaml",
        &format!("{BODIES_YAML}rules:\n  annual_report_due: {{镇街: 03-31}}\n"),
    );
    let (v, _) = check(s.path(), "2022-02-01");
    let lines: Vec<u64> = findings(&v, "annual-report-missing")
        .iter()
        .map(|f| f.0)
        .collect();
    assert_eq!(lines, [8]);
    // Control: the town publishes its guide and its 2020 report → both findings go away.
    let c = bodies_site();
    c.doc(
        "zj/jz/zfxxgkzn/zn.md",
        &fm("甲镇指南", "测试区甲镇人民政府", "2021-02-01", ""),
        "正文",
    );
    c.doc(
        "zj/jz/zfxxgknb/nb2020.md",
        &fm(
            "测试区甲镇人民政府2020年政府信息公开工作年度报告",
            "测试区甲镇人民政府",
            "2021-01-20",
            "\nkind: 年度报告",
        ),
        "正文",
    );
    let (v, _) = check(c.path(), TODAY);
    assert!(findings(&v, "guide-missing").is_empty(), "{v:#}");
    assert!(findings(&v, "annual-report-missing").is_empty(), "{v:#}");
}

#[test]
fn five_empty_columns_of_one_body_are_named_a_veto_item() {
    let five = "sections:\n  部门:\n    - {path: a, title: A}\n    - {path: b, title: B}\n    - {path: c, title: C}\n    - {path: d, title: D}\n    - {path: e, title: E}\n";
    let yaml = |sections: &str| {
        format!(
            "title: T\nbase_url: https://ex.gov.cn/\nunits:\n  - name: 区政府\n    body: 本级政府\n  - name: 甲局\n    body: 部门\n    path: bm/j\n{sections}columns:\n  - path: zn\n    title: 政府信息公开指南\n"
        )
    };
    let s = Site::new();
    s.write("site.yaml", &yaml(five));
    s.doc("zn/a.md", &fm("指南", "区政府", "2021-01-05", ""), "x");
    let (v, _) = check(s.path(), TODAY);
    let e = findings(&v, "empty-column");
    assert_eq!(e.len(), 5, "{e:?}");
    assert!(
        e.iter()
            .all(|(_, m)| m.starts_with("甲局：") && m.contains("甲局共有 5 个空白栏目，达到")),
        "{e:?}"
    );
    // Control: four empty columns are findings, but no veto.
    s.write(
        "site.yaml",
        &yaml(&five.replace("    - {path: e, title: E}\n", "")),
    );
    let (v, _) = check(s.path(), TODAY);
    let e = findings(&v, "empty-column");
    assert_eq!(e.len(), 4);
    assert!(
        e.iter().all(|(_, m)| !m.contains("个空白栏目，达到")),
        "{e:?}"
    );
}

#[test]
fn body_config_errors_name_the_line() {
    let s = Site::new();
    s.write(
        "site.yaml",
        "title: T
base_url: https://ex.gov.cn/
units:
  - name: 甲
    body: 本级政府
  - name: 乙
    body: 本级政府
  - name: 丙
    body: 部们
    path: bm/b
  - name: 丁
    body: 部门
    path: bm
  - name: 戊
    body: 部门
    path: bm/w
sections:
  部门:
    - {path: zn, title: 指南}
    - {path: zn, title: 指南}
  街道: []
columns:
  - path: a
    title: A
",
    );
    let o = run(&["check", "--root", s.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    for (line, needle) in [
        (6, "两个本级政府"),
        (9, "部们"),
        (14, "重叠"),
        (20, "声明了两次"),
        (21, "街道"),
    ] {
        let at = format!("site.yaml:{line}");
        let hit = err
            .split("error")
            .any(|e| e.contains(needle) && e.contains(&at));
        assert!(hit, "no error at {at} with {needle}:\n{err}");
    }
    assert!(err.contains("`部门`"), "did-you-mean for 部们:\n{err}");
}

#[test]
fn a_document_outside_every_column_names_the_bodys_columns() {
    let s = bodies_site();
    s.doc(
        "bm/jtj/loose.md",
        &fm("散落文件", "区交通局", "2021-02-01", ""),
        "正文",
    );
    let o = s.build(TODAY);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("content/bm/jtj/loose.md:1"), "{err}");
    assert!(
        err.contains("测试区交通运输局") && err.contains("bm/jtj/zfxxgkzn"),
        "{err}"
    );
}

#[test]
fn a_site_without_body_is_one_body_named_by_organization() {
    let s = Site::new();
    s.doc(
        "zfxxgkzn/zn.md",
        &public_fm("测试区人民政府信息公开指南", "2021-03-01"),
        "正文",
    );
    built(&s);
    let v = json_file(&s, "data/bodies.json");
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["name"], "测试区人民政府");
    assert_eq!(v[0]["kind"], "本级政府");
    assert_eq!(v[0]["url"], "/");
    assert_eq!(v[0]["guide"], "/zfxxgkzn/zn/");
    assert_eq!(v[0]["documents"], 1);
    assert!(!s.out().join("bmxxgk").exists());
    assert_eq!(
        json_file(&s, "data/documents.json")[0]["body"],
        "测试区人民政府"
    );
}

#[test]
fn new_body_adds_a_section_that_builds_and_passes_check() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let s = site.to_str().unwrap();
    assert!(run(&["init", s]).status.success());
    let o = run(&[
        "new-body",
        "示例区交通运输局",
        "--kind",
        "部门",
        "--path",
        "bm/jtj",
        "--root",
        s,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&[
        "new-body",
        "示例区甲镇人民政府",
        "--kind",
        "镇街",
        "--path",
        "zj/jz",
        "--root",
        s,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The new bodies have not yet published what the starter catalog asks of them, so the only
    // findings allowed are catalog-item-empty warnings (the inspection would flag those too).
    let o = run(&["check", "--root", s, "--format", "json"]);
    let report = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(o.status.success(), "{report}{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&report).unwrap();
    // (and init's placeholders, init-placeholder).
    for f in v["findings"].as_array().unwrap() {
        assert!(
            f["rule"] == "catalog-item-empty" || f["rule"] == "init-placeholder",
            "{report}"
        );
    }
    let out = dir.path().join("out");
    let o = run(&["build", "--root", s, "--output", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("data/bodies.json")).unwrap())
            .unwrap();
    let kinds: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["本级政府", "部门", "镇街"]);
    assert!(v[1]["guide"].is_string() && v[2]["annual_reports"][0]["year"].is_number());
    // Refusals change nothing: a second body at an overlapping path, an unknown kind.
    let before = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    let o = run(&[
        "new-body", "乙局", "--kind", "部门", "--path", "bm/jtj/x", "--root", s,
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("重叠"), "{}", stderr(&o));
    let o = run(&[
        "new-body", "乙局", "--kind", "部们", "--path", "bm/y", "--root", s,
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(site.join("site.yaml")).unwrap(),
        before
    );
}

/// A body's column listing shows its sub-columns, like the 本级政府's (the sub-columns were
/// looked up in the 本级政府's tree only, so a 部门's listing showed none).
#[test]
fn a_bodys_column_listing_shows_its_sub_columns() {
    let s = Site::new();
    s.write(
        "site.yaml",
        "title: 测试区人民政府 政府信息公开
base_url: https://www.example.gov.cn/xxgk/
organization: 测试区人民政府
units:
  - name: 测试区人民政府
    body: 本级政府
  - name: 测试区交通运输局
    body: 部门
    path: bm/jtj
sections:
  部门:
    - {path: fdzdgknr, title: 法定主动公开内容, freshness: none}
    - {path: fdzdgknr/jgzn, title: 机构职能, freshness: none}
columns:
  - path: fdzdgknr
    title: 法定主动公开内容
    freshness: none
  - path: fdzdgknr/jgzn
    title: 机构职能
    freshness: none
",
    );
    s.doc(
        "fdzdgknr/jgzn/a.md",
        &fm("区政府机构职能", "测试区人民政府", "2021-05-01", ""),
        "正文。",
    );
    s.doc(
        "bm/jtj/fdzdgknr/jgzn/b.md",
        &fm("交通运输局机构职能", "测试区交通运输局", "2021-05-02", ""),
        "正文。",
    );
    built(&s);
    for (listing, sub) in [
        ("fdzdgknr/index.html", "/xxgk/fdzdgknr/jgzn/"),
        ("bm/jtj/fdzdgknr/index.html", "/xxgk/bm/jtj/fdzdgknr/jgzn/"),
    ] {
        let html = s.read(listing);
        assert!(
            html.contains("class=\"subcolumns\"") && html.contains(&format!("href=\"{sub}\"")),
            "{listing} lists no sub-column {sub}:\n{html}"
        );
    }
}
