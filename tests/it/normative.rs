//! The normative-document cleanup index, its exports, validity banners and consistency errors.

use crate::util::*;

fn norm_fm(title: &str, date: &str, extra: &str) -> String {
    format!(
        "{}\nkind: 规范性文件\ninterpretation: https://www.example.gov.cn/jd/1.html\n{extra}",
        public_fm(title, date)
    )
}

fn site() -> Site {
    let s = Site::new();
    s.doc("fdzdgknr/gfxwj/old.md", &norm_fm("'旧办法, 含逗号和\"引号\"'", "2015-03-01", "doc_number: 测政办字〔2015〕1号\nvalidity: 已废止\nreplaced_by: fdzdgknr/gfxwj/new.md\ncleanup: {year: 2021, result: 废止, note: 被新办法替代}"), "旧。");
    s.doc("fdzdgknr/gfxwj/new.md", &norm_fm("新办法", "2021-06-01", "doc_number: 测政办字〔2021〕2号\nregistration: CSDR-2021-0010002\nreplaces: fdzdgknr/gfxwj/old.md\ncleanup: {year: 2021, result: 继续有效}"), "新。");
    s.doc("fdzdgknr/gfxwj/exp.md", &norm_fm("到期办法", "2018-01-01", "doc_number: 测司字〔2018〕3号\nvalid_until: 2021-06-30\ncleanup:\n  - {year: 2019, result: 继续有效}\n  - {year: 2021, result: 继续有效}"), "到期。");
    s.doc(
        "fdzdgknr/gfxwj/mod.md",
        &norm_fm(
            "修改办法",
            "2019-01-01",
            "doc_number: 测司字〔2019〕4号\nvalidity: 已修改\ncleanup: {year: 2021, result: 修改}",
        ),
        "改。",
    );
    s
}

#[test]
fn index_views_exports_and_banners() {
    let s = site();
    let o = s.build("2021-12-20");
    assert!(o.status.success(), "{}", stderr(&o));
    let all = s.read("gfxwjql/index.html");
    for t in [
        "新办法",
        "到期办法",
        "修改办法",
        "测政办字〔2015〕1号",
        "CSDR-2021-0010002",
        "继续有效（2021年）",
    ] {
        assert!(all.contains(t), "index lacks {t}");
    }
    // cleanup_since (2016-01-01 default) scopes the cleanup view: the 2015 document is only in the full list.
    let ql = s.read("gfxwjql/ql/index.html");
    assert!(!ql.contains("测政办字〔2015〕1号") && ql.contains("测政办字〔2021〕2号"));
    assert!(
        s.read("gfxwjql/xl/yifeizhi/index.html")
            .contains("测政办字〔2015〕1号")
    );
    assert!(
        s.read("gfxwjql/xl/yishixiao/index.html")
            .contains("到期办法"),
        "expired by valid_until"
    );
    assert!(s.read("gfxwjql/nian/2019/index.html").contains("修改办法"));
    assert!(
        s.out()
            .join("gfxwjql/jg/11371311004263412x/index.html")
            .exists()
    );
    // Banners on the documents' own pages.
    let old = s.read("fdzdgknr/gfxwj/old/index.html");
    assert!(
        old.contains("已废止") && old.contains("/xxgk/fdzdgknr/gfxwj/new/"),
        "repealed banner links the replacement"
    );
    let exp = s.read("fdzdgknr/gfxwj/exp/index.html");
    assert!(exp.contains("本文件有效期至2021年6月30日，已失效"));
    // Before valid_until the same document is in force.
    let o = s.build("2021-06-01");
    assert!(o.status.success());
    assert!(!s.read("fdzdgknr/gfxwj/exp/index.html").contains("已失效"));
}

#[test]
fn csv_and_json_bytes() {
    let s = site();
    assert!(s.build("2021-12-20").status.success());
    let csv = std::fs::read(s.out().join("data/normative.csv")).unwrap();
    assert!(csv.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(csv[3..].to_vec()).unwrap();
    assert!(text.starts_with("序号,标题,文号,登记号,发布机构,成文日期,施行日期,有效期至,效力,当前效力,清理情况,网址\r\n"), "{text}");
    assert!(
        text.contains("\"旧办法, 含逗号和\"\"引号\"\"\""),
        "RFC 4180 quoting: {text}"
    );
    assert!(text.contains("https://www.example.gov.cn/xxgk/fdzdgknr/gfxwj/new/"));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(s.out().join("data/normative.json")).unwrap())
            .unwrap();
    let exp = json
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "fdzdgknr/gfxwj/exp")
        .unwrap();
    assert_eq!(exp["validity"], "有效");
    assert_eq!(exp["effective_validity"], "已失效");
    assert_eq!(exp["cleanup"].as_array().unwrap().len(), 2);
    assert_eq!(exp["valid_until"], "2021-06-30");
}

#[test]
fn statistics_page_counts() {
    let s = site();
    assert!(s.build("2021-12-20").status.success());
    let st = s.read("tj/index.html");
    assert!(st.contains("本年制发件数") && st.contains("2021年"));
}

#[test]
fn consistency_errors() {
    let s = Site::new();
    s.doc("fdzdgknr/gfxwj/a.md", &norm_fm("甲", "2021-01-01", "doc_number: 测政办字〔2021〕9号\nvalidity: 有效\ncleanup: {year: 2021, result: 废止}\nreplaced_by: fdzdgknr/gfxwj/nope.md"), "x");
    s.doc(
        "fdzdgknr/gfxwj/b.md",
        &format!(
            "{}\nkind: 规范性文件\nvalidity: 作废",
            public_fm("乙", "2021-01-01")
        ),
        "x",
    );
    s.doc(
        "fdzdgknr/gfxwj/c.md",
        &format!("{}\nregistration: X-1", public_fm("丙", "2021-01-01")),
        "x",
    );
    let o = s.build("2021-12-20");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err.contains("清理结果“废止”（2021年清理）与效力“有效”不符") && err.contains("a.md:10:1"),
        "{err}"
    );
    assert!(
        err.contains("未知的效力 `作废`") && err.contains("b.md:7:1"),
        "{err}"
    );
    assert!(
        err.contains("`registration` 只能用于规范性文件和政策文件") && err.contains("c.md:6:1"),
        "{err}"
    );
    // replaced_by to a missing document is reported once the document itself is valid.
    let s = Site::new();
    s.doc("fdzdgknr/gfxwj/a.md", &norm_fm("甲", "2021-01-01", "doc_number: 测政办字〔2021〕9号\nvalidity: 已废止\ncleanup: {year: 2021, result: 废止}\nreplaced_by: fdzdgknr/gfxwj/nope.md"), "x");
    let err = stderr(&s.build("2021-12-20"));
    assert!(
        err.contains("replaced_by：content/ 中没有 `fdzdgknr/gfxwj/nope.md`")
            && err.contains("a.md:11:1"),
        "{err}"
    );
}
