//! Invalid input: every error names file:line, says what is expected, exit code 1.

use crate::util::*;

/// Build a site with one document and return stderr (asserting exit 1).
fn fails(front: &str, body: &str) -> String {
    let s = Site::new();
    s.doc("fdzdgknr/gfxwj/bad.md", front, body);
    let o = s.build("2021-12-20");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "expected failure, got: {err}");
    assert!(!s.out().exists(), "no output on failure");
    err
}

fn assert_has(err: &str, parts: &[&str]) {
    for p in parts {
        assert!(err.contains(p), "missing `{p}` in:\n{err}");
    }
}

#[test]
fn unknown_key_has_line_and_suggestion() {
    let err = fails(
        &format!(
            "{}\ndoc_numbr: 测政办字〔2021〕1号",
            public_fm("甲", "2021-05-01")
        ),
        "x",
    );
    assert_has(
        &err,
        &[
            "前置元数据中有未知的键 `doc_numbr`",
            "content/fdzdgknr/gfxwj/bad.md:6",
            "是否应为 `doc_number`",
        ],
    );
}

#[test]
fn missing_disclosure_is_refused() {
    let err = fails("title: 甲\nissuer: 区府办\ndate: 2021-05-01", "x");
    assert_has(
        &err,
        &[
            "缺少必填键 `disclosure`（公开属性）",
            "bad.md:2",
            "没有默认值",
        ],
    );
}

#[test]
fn bad_enum_unit_date_and_column() {
    let err = fails(
        "title: 甲\ndisclosure: 主动公\nissuer: 测试区司法厅\ndate: 2021-02-30\nkind: 规范文件",
        "x",
    );
    assert_has(
        &err,
        &["未知的取值 `主动公`", "是否应为 `主动公开`", "bad.md:3"],
    );
    assert_has(
        &err,
        &[
            "未知的单位 `测试区司法厅`",
            "是否应为 `测试区司法局`",
            "bad.md:4",
        ],
    );
    assert_has(&err, &["日期 `2021-02-30` 有误", "bad.md:5"]);
    assert_has(&err, &["未知的文种 `规范文件`", "bad.md:6"]);
    let s = Site::new();
    s.doc("fdzdgknr/gfxwjj/x.md", &public_fm("甲", "2021-05-01"), "x");
    let o = s.build("2021-12-20");
    assert_has(
        &stderr(&o),
        &[
            "未知栏目：文件夹 `fdzdgknr/gfxwjj`",
            "是否应为 `fdzdgknr/gfxwj`",
        ],
    );
}

#[test]
fn malformed_yaml_variants() {
    let err = fails("title: \"unclosed\ndisclosure: 主动公开", "x");
    assert_has(&err, &["引号未闭合", "bad.md:2:8"]);
    let err = fails("title: 甲\n\tdisclosure: 主动公开", "x");
    assert_has(&err, &["Tab 缩进", "bad.md:3"]);
    let err = fails(
        &format!("{}\ntitle: 乙", public_fm("甲", "2021-05-01")),
        "x",
    );
    assert_has(
        &err,
        &["键 `title` 重复出现（第 2 行已写过）", "bad.md:6:1"],
    );
    let err = fails(&format!("{}\n标题: 乙", public_fm("甲", "2021-05-01")), "x");
    assert_has(&err, &["重复出现", "bad.md:6"]);
}

#[test]
fn fences_empty_files_and_encodings() {
    let s = Site::new();
    s.write("content/fdzdgknr/gfxwj/empty.md", "");
    s.write(
        "content/fdzdgknr/gfxwj/noclose.md",
        "---\ntitle: 甲\n正文\n",
    );
    s.write("content/fdzdgknr/gfxwj/nofm.md", "正文没有前置元数据\n");
    s.write_bytes(
        "content/fdzdgknr/gfxwj/gbk.md",
        b"---\ntitle: \xD5\xFE\xB8\xAE\n---\n",
    );
    let o = s.build("2021-12-20");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1));
    assert_has(&err, &["empty.md:1:1", "文件是空的"]);
    assert_has(&err, &["noclose.md:1:1", "前置元数据没有结束"]);
    assert_has(&err, &["nofm.md:1:1", "第一行必须是 `---`"]);
    assert_has(&err, &["gbk.md:2:1", "GBK"]);
}

#[test]
fn bom_and_crlf_work() {
    let s = Site::new();
    let text = format!(
        "\u{FEFF}---\r\n{}\r\n---\r\n\r\n正文CRLF。\r\n",
        public_fm("带BOM的文件", "2021-05-01").replace('\n', "\r\n")
    );
    s.write("content/fdzdgknr/gfxwj/bom.md", &text);
    let o = s.build("2021-12-20");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        s.read("fdzdgknr/gfxwj/bom/index.html")
            .contains("带BOM的文件")
    );
}

#[test]
fn references_must_exist_and_be_public() {
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/a.md",
        &format!(
            "{}\nkind: 规范性文件\ninterpretation: fdzdgknr/zcjd/secret.md",
            public_fm("甲", "2021-05-01")
        ),
        "见[乙](missing.md)",
    );
    s.doc(
        "fdzdgknr/zcjd/secret.md",
        "title: 内部解读\ndisclosure: 不予公开\nissuer: 区府办\ndate: 2021-05-01\nkind: 政策解读",
        "x",
    );
    let o = s.build("2021-12-20");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1));
    assert_has(
        &err,
        &["a.md:7:1", "未发布的 `fdzdgknr/zcjd/secret.md`（不予公开）"],
    );
    assert_has(&err, &["链接 `missing.md` 无效", "a.md:10:1"]);
}

#[test]
fn attachments_may_not_escape_content() {
    let err = fails(
        &format!(
            "{}\nattachments: [../../../etc/passwd, /etc/passwd]",
            public_fm("甲", "2021-05-01")
        ),
        "x",
    );
    assert_has(
        &err,
        &["指向 content/ 之外", "不能是绝对路径", "bad.md:6:1"],
    );
    let err = fails(
        &format!(
            "{}\nattachments: [missing.pdf]",
            public_fm("甲", "2021-05-01")
        ),
        "x",
    );
    assert_has(
        &err,
        &[
            "找不到附件 `content/fdzdgknr/gfxwj/missing.pdf`",
            "bad.md:6:1",
        ],
    );
}

#[test]
fn two_files_same_url_and_duplicate_index_numbers() {
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/a b.md",
        &format!(
            "{}\nindex_number: X/2021-00001",
            public_fm("甲", "2021-05-01")
        ),
        "x",
    );
    s.doc(
        "fdzdgknr/gfxwj/a-b.md",
        &format!(
            "{}\nindex_number: X/2021-00001",
            public_fm("乙", "2021-05-01")
        ),
        "x",
    );
    let o = s.build("2021-12-20");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1));
    assert_has(
        &err,
        &[
            "两篇文件的页面地址相同",
            "索引号 `X/2021-00001` 被两篇文件同时使用",
        ],
    );
}

#[test]
fn site_yaml_unknown_key_and_all_errors_at_once() {
    let s = Site::new();
    s.write("site.yaml", &format!("{SITE_YAML}colums: []\n"));
    let o = s.build("2021-12-20");
    assert_eq!(o.status.code(), Some(1));
    assert_has(
        &stderr(&o),
        &[
            "site.yaml中有未知的键 `colums`",
            "site.yaml:",
            "是否应为 `columns`",
        ],
    );
    let s = Site::new();
    for i in 0..3 {
        s.doc(
            &format!("fdzdgknr/gfxwj/bad{i}.md"),
            "title: 甲\nissuer: 区府办\ndate: 2021-05-01",
            "x",
        );
    }
    let o = s.build("2021-12-20");
    let err = stderr(&o);
    assert_eq!(err.matches("缺少必填键 `disclosure`").count(), 3, "{err}");
    assert!(err.contains("共 3 个错误"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(
        run(&["build", "--today", "2021-13-01"]).status.code(),
        Some(2)
    );
    assert_eq!(run(&["build", "--bogus"]).status.code(), Some(2));
    assert_eq!(run(&[]).status.code(), Some(2));
}

#[test]
fn symlinks_outside_content_and_loops() {
    let s = Site::new();
    s.doc("fdzdgknr/gfxwj/a.md", &public_fm("甲", "2021-05-01"), "x");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.md"), "---\ntitle: 外部\n---\n").unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        s.path().join("content/fdzdgknr/gfxwj/link.md"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        s.path().join("content/fdzdgknr"),
        s.path().join("content/fdzdgknr/gfxwj/loop"),
    )
    .unwrap();
    let o = s.build("2021-12-20");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert_has(&err, &["link.md", "指向 content/ 之外", "符号链接成环"]);
}

#[test]
fn huge_document_is_refused_clearly() {
    let s = Site::new();
    let mut text = format!("---\n{}\n---\n", public_fm("巨大文件", "2021-05-01"));
    let line = "很长的一行".repeat(2000);
    while text.len() < 21 * 1024 * 1024 {
        text.push_str(&line);
        text.push('\n');
    }
    s.write("content/fdzdgknr/gfxwj/huge.md", &text);
    let o = s.build("2021-12-20");
    assert_eq!(o.status.code(), Some(1));
    assert_has(&stderr(&o), &["huge.md", "MB 的上限"]);
}

#[test]
fn a_broken_document_is_not_reported_again_by_its_referrers() {
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/a.md",
        &public_fm("甲", "2021-05-01"),
        "见[乙](b.md)。",
    );
    s.doc(
        "fdzdgknr/gfxwj/b.md",
        "title: 乙\ndisclosure: 主动公开\nissuer: 区府办\ndate: 2021-05-32",
        "x",
    );
    let err = stderr(&s.build("2021-12-20"));
    assert!(err.contains("b.md:5:1"), "{err}");
    assert!(!err.contains("没有 `"), "follow-on error: {err}");
}

#[test]
fn nonstandard_doc_number_brackets_warn_with_the_fix() {
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/a.md",
        &format!(
            "{}\ndoc_number: 测政办字[2021]3号",
            public_fm("甲", "2021-05-01")
        ),
        "x",
    );
    let o = s.build("2021-12-20");
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("warning: 文号 `测政办字[2021]3号` 不是标准写法")
            && err.contains("a.md:6:1")
            && err.contains("测政办字〔2021〕3号"),
        "{err}"
    );
}
