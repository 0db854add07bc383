//! The decision catalog and the interpretation graph.

use crate::util::*;

fn item(s: &Site, id: &str, status: &str) {
    s.doc(&format!("fdzdgknr/zdjc/{id}.md"), &format!("{}\nkind: 重大决策事项\ndecision: {{id: {id}, year: 2021, undertaker: 测试区司法局, status: {status}}}", public_fm(&format!("事项{id}"), "2021-03-01")), "事项说明。");
}

fn stage(s: &Site, file: &str, id: &str, stage: &str, extra: &str) {
    s.doc(&format!("fdzdgknr/zdjc/{file}.md"), &format!("title: {file}阶段文件\ndisclosure: 主动公开\nissuer: 测试区司法局\ndate: 2021-04-01\ndecision_stage: {{id: {id}, stage: {stage}}}\n{extra}"), "阶段。");
}

#[test]
fn catalog_shows_every_stage_state() {
    let s = Site::new();
    item(&s, "JC-01", "已决策");
    for (f, st) in [
        ("c1", "决策草案"),
        ("c2", "制订背景"),
        ("c3a", "意见征集采纳情况"),
        ("c3b", "意见征集采纳情况"),
        ("c4", "会议审议情况"),
        ("c5", "决策结果"),
        ("c6", "政策解读"),
    ] {
        stage(&s, f, "JC-01", st, "");
    }
    item(&s, "JC-02", "拟决策");
    stage(&s, "d1", "JC-02", "决策草案", "");
    stage(&s, "d4", "JC-02", "会议审议情况", "disclosure: 不予公开");
    item(&s, "JC-03", "拟决策");
    // 不予公开 appears twice above only for d4: fix the duplicate key by writing it directly.
    s.doc("fdzdgknr/zdjc/d4.md", "title: 秘密审议记录\ndisclosure: 不予公开\nissuer: 测试区司法局\ndate: 2021-04-01\ndecision_stage: {id: JC-02, stage: 会议审议情况}", "秘密。");
    let o = s.build("2021-12-20");
    assert!(o.status.success(), "{}", stderr(&o));
    let cat = s.read("zdjcml/2021/index.html");
    assert!(cat.contains("/xxgk/fdzdgknr/zdjc/c3b/") && cat.contains("/xxgk/fdzdgknr/zdjc/c6/"));
    assert!(cat.contains("不予公开") && cat.contains("待公开"));
    assert!(grep(&s.out(), "秘密审议记录").is_empty());
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(s.out().join("data/decisions.json")).unwrap())
            .unwrap();
    let items = json[0]["items"].as_array().unwrap();
    assert_eq!(json[0]["year"], 2021);
    assert_eq!(
        items
            .iter()
            .map(|i| i["id"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["JC-01", "JC-02", "JC-03"]
    );
    let stages: Vec<&str> = items[0]["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["stage"].as_str().unwrap())
        .collect();
    assert_eq!(
        stages,
        [
            "决策草案",
            "制订背景",
            "意见征集采纳情况",
            "意见征集采纳情况",
            "会议审议情况",
            "决策结果",
            "政策解读"
        ]
    );
    let withheld = &items[1]["stages"][1];
    assert_eq!(withheld["stage"], "会议审议情况");
    assert_eq!(withheld["public"], false);
    assert!(withheld["url"].is_null() && withheld["title"].is_null() && withheld["date"].is_null());
    assert!(items[2]["stages"].as_array().unwrap().is_empty());
    // Stage pages link back to the item and siblings; the item page shows the timeline.
    let c1 = s.read("fdzdgknr/zdjc/c1/index.html");
    assert!(c1.contains("/xxgk/fdzdgknr/zdjc/JC-01/") && c1.contains("/xxgk/fdzdgknr/zdjc/c5/"));
    let it = s.read("fdzdgknr/zdjc/JC-02/index.html");
    assert!(it.contains("决策过程") && it.contains("不予公开") && !it.contains("秘密"));
}

#[test]
fn catalog_errors_name_file_and_line() {
    let s = Site::new();
    item(&s, "JC-01", "已决策");
    stage(&s, "a", "JC-09", "决策草案", "");
    stage(&s, "b", "JC-01", "决策结果", "");
    stage(&s, "c", "JC-01", "决策结果", "");
    stage(&s, "d", "JC-01", "决策草稿", "");
    s.doc("fdzdgknr/zdjc/e.md", &format!("{}\nkind: 重大决策事项\ndecision: {{id: JC-05, year: 2021, undertaker: 测试区教育局, status: 拟决策}}", public_fm("乙事项", "2021-03-01")), "x");
    let o = s.build("2021-12-20");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err.contains("未知的决策事项编号 `JC-09`")
            && err.contains("a.md:6:1")
            && err.contains("是否应为 `JC-01`"),
        "{err}"
    );
    assert!(
        err.contains("已有“决策结果”阶段的文件") && err.contains("c.md:6:1"),
        "{err}"
    );
    assert!(
        err.contains("未知的阶段 `决策草稿`") && err.contains("是否应为 `决策草案`"),
        "{err}"
    );
    assert!(
        err.contains("承办单位（undertaker）`测试区教育局` 不是 site.yaml 中的单位"),
        "{err}"
    );
}

#[test]
fn interpretation_edges_from_either_side_and_contradictions() {
    let s = Site::new();
    s.doc("fdzdgknr/gfxwj/a.md", &format!("{}\nkind: 规范性文件\ninterpretation: [fdzdgknr/zcjd/ja.md, https://www.example.gov.cn/tu.html]", public_fm("甲文件", "2021-05-01")), "x");
    s.doc(
        "fdzdgknr/zcjd/ja.md",
        &format!("{}\nkind: 政策解读", public_fm("甲解读", "2021-05-01")),
        "x",
    );
    s.doc(
        "fdzdgknr/gfxwj/b.md",
        &format!("{}\nkind: 规范性文件", public_fm("乙文件", "2021-05-01")),
        "x",
    );
    s.doc(
        "fdzdgknr/zcjd/jb.md",
        &format!(
            "{}\nkind: 政策解读\ninterprets: ../gfxwj/b.md",
            public_fm("乙解读", "2021-05-01")
        ),
        "x",
    );
    let o = s.build("2021-12-20");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        s.read("fdzdgknr/zcjd/ja/index.html")
            .contains("/xxgk/fdzdgknr/gfxwj/a/")
    );
    assert!(
        s.read("fdzdgknr/gfxwj/b/index.html")
            .contains("/xxgk/fdzdgknr/zcjd/jb/")
    );
    let a = s.read("fdzdgknr/gfxwj/a/index.html");
    assert!(a.contains("https://www.example.gov.cn/tu.html") && a.contains("外部链接"));
    let docs: serde_json::Value =
        serde_json::from_slice(&std::fs::read(s.out().join("data/documents.json")).unwrap())
            .unwrap();
    let b = docs
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "fdzdgknr/gfxwj/b")
        .unwrap();
    assert_eq!(b["interpretations"][0], "/fdzdgknr/zcjd/jb/");
    // Contradiction: a says its interpretation is jb, jb says it interprets b.
    s.doc(
        "fdzdgknr/gfxwj/a.md",
        &format!(
            "{}\nkind: 规范性文件\ninterpretation: fdzdgknr/zcjd/jb.md",
            public_fm("甲文件", "2021-05-01")
        ),
        "x",
    );
    let o = s.build("2021-12-20");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err.contains("互相矛盾") && err.contains("a.md:7:1"),
        "{err}"
    );
}
