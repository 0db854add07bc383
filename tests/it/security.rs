//! Regression tests for the holes of issue 16 (each failed before its fix; see SECURITY.md).

use std::process::Command;

use crate::util::*;

fn run_env(args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut c = Command::new(bin());
    c.args(args).env_remove("SOURCE_DATE_EPOCH");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("run gongkai")
}

/// Item 4: `SOURCE_DATE_EPOCH` in milliseconds made "today" the year 57912 and published
/// every embargoed document.
#[test]
fn source_date_epoch_out_of_range_is_a_usage_error() {
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/future.md",
        &format!("{}\npublished: 2030-01-01", public_fm("未来文件EMBARGO", "2021-01-01")),
        "正文。",
    );
    let root = s.path().to_str().unwrap();
    let out = s.out();
    let out = out.to_str().unwrap();
    for bad in ["1765432100000", "-1", "yesterday", "1.5e9"] {
        let o = run_env(
            &["build", "--root", root, "--output", out],
            &[("SOURCE_DATE_EPOCH", bad)],
        );
        assert_eq!(o.status.code(), Some(2), "{bad}: {}", stderr(&o));
        assert!(stderr(&o).contains("SOURCE_DATE_EPOCH"), "{}", stderr(&o));
        assert!(!s.out().exists(), "{bad}: nothing may be built");
    }
    let o = run_env(
        &["check", "--root", root],
        &[("SOURCE_DATE_EPOCH", "1765432100000")],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // Control: seconds work, and the embargo holds.
    let o = run_env(
        &["build", "--root", root, "--output", out],
        &[("SOURCE_DATE_EPOCH", "1640000000")],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(grep(&s.out(), "EMBARGO").is_empty());
}

/// Item 9: U+FFFE/U+FFFF (and controls) in a title made feed.xml not well-formed.
#[test]
fn xml_outputs_drop_characters_xml_forbids() {
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/a.md",
        &format!(
            "{}\nsummary: \"摘要\\uFFFF\\u0001尾\"",
            public_fm("\"标题\\uFFFE\\uFFFF\\u000B结束\"", "2021-01-01")
        ),
        "正文。",
    );
    let o = s.build("2021-12-20");
    assert!(o.status.success(), "{}", stderr(&o));
    for (p, bytes) in walk(&s.out()) {
        if p.extension().is_some_and(|e| e == "xml") {
            let text = String::from_utf8(bytes).unwrap();
            roxmltree::Document::parse(&text)
                .unwrap_or_else(|e| panic!("{} is not well-formed: {e}", p.display()));
            assert!(!text.contains('\u{FFFE}') && !text.contains('\u{FFFF}'));
        }
    }
    assert!(s.read("feed.xml").contains("标题结束"));
}

/// Item 10: a withheld decision stage was placed by its own date among the public ones of
/// the same stage, revealing when it happened.
#[test]
fn withheld_stages_are_not_placed_by_date() {
    let s = Site::new();
    s.doc("fdzdgknr/zdjc/JC-01.md", &format!("{}\nkind: 重大决策事项\ndecision: {{id: JC-01, year: 2021, undertaker: 测试区司法局, status: 拟决策}}", public_fm("事项", "2021-03-01")), "事项。");
    let stage = |f: &str, date: &str, disc: &str| {
        s.doc(&format!("fdzdgknr/zdjc/{f}.md"), &format!("title: {f}征集\ndisclosure: {disc}\nissuer: 测试区司法局\ndate: {date}\ndecision_stage: {{id: JC-01, stage: 意见征集采纳情况}}"), "阶段。");
    };
    stage("early", "2021-04-01", "主动公开");
    stage("secret", "2021-05-01", "不予公开");
    stage("late", "2021-06-01", "主动公开");
    let o = s.build("2021-12-20");
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(s.out().join("data/decisions.json")).unwrap())
            .unwrap();
    let publics: Vec<bool> = json[0]["items"][0]["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["public"].as_bool().unwrap())
        .collect();
    assert_eq!(publics, [true, true, false], "withheld stage placed by its date");
    let page = s.read("fdzdgknr/zdjc/JC-01/index.html");
    let (e, l, w) = (
        page.find("early征集").unwrap(),
        page.find("late征集").unwrap(),
        page.find("不予公开").unwrap(),
    );
    assert!(e < l && l < w, "withheld stage must follow the public ones");
}

/// Item 13: `draft: ~` / `draft:` was silently "not a draft" and published the document.
#[test]
fn empty_draft_is_an_error() {
    for v in ["~", "", "null"] {
        let s = Site::new();
        s.doc(
            "fdzdgknr/gfxwj/a.md",
            &format!("{}\ndraft: {v}", public_fm("草稿DRAFTMARK", "2021-01-01")),
            "正文。",
        );
        let o = s.build("2021-12-20");
        assert_eq!(o.status.code(), Some(1), "draft: {v}");
        let e = stderr(&o);
        assert!(e.contains("draft") && e.contains("a.md:6"), "{e}");
        assert!(!s.out().exists());
    }
    // Control: `draft: false` publishes.
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/a.md",
        &format!("{}\ndraft: false", public_fm("正式", "2021-01-01")),
        "正文。",
    );
    assert!(s.build("2021-12-20").status.success());
}
