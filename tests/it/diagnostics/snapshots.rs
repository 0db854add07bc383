//! The diagnostics snapshot suite: one fixture per mistake, the whole stderr pinned (insta),
//! so a change in wording, line or caret shows up as a diff. Snapshots live in
//! `tests/it/diagnostics/snapshots/`; review changes with `cargo insta review` or by reading
//! the `.snap.new` files.

use crate::util::*;

/// Build `s`, expect exit 1, and return stderr with the temp folder replaced by `[SITE]`.
fn build_err(s: &Site) -> String {
    let o = s.build("2021-12-20");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    redact(s, &err)
}

fn redact(s: &Site, text: &str) -> String {
    text.replace(s.path().to_str().unwrap(), "[SITE]")
}

/// A site with one document `fdzdgknr/gfxwj/bad.md` whose front matter is `front`.
fn one(front: &str, body: &str) -> String {
    let s = Site::new();
    s.doc("fdzdgknr/gfxwj/bad.md", front, body);
    build_err(&s)
}

/// Standard front matter plus `extra` lines (line 6 on).
fn fm(extra: &str) -> String {
    format!("{}\n{extra}", public_fm("甲", "2021-05-01"))
}

macro_rules! snap {
    ($name:ident, $value:expr) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(stringify!($name), $value);
        }
    };
}

// YAML syntax errors, at the line of the mistake, with its cause.
snap!(
    yaml_unclosed_quote,
    one(
        "title: \"关于印发办法的通知\ndisclosure: 主动公开\nissuer: 区府办\ndate: 2021-05-01",
        "x"
    )
);
snap!(
    yaml_full_width_colon,
    one(&fm("doc_number：测政办字〔2021〕1号\nkind: 一般信息"), "x")
);
snap!(
    yaml_duplicate_key,
    one(&fm("kind: 一般信息\ntitle: 乙"), "x")
);
snap!(
    yaml_no_space_after_colon,
    one(
        "title: 甲\ndisclosure:主动公开\nissuer: 区府办\ndate: 2021-05-01",
        "x"
    )
);
snap!(yaml_indented_key, one(&fm("  kind: 一般信息"), "x"));
snap!(
    yaml_quote_closed_early,
    one(
        "title: \"关于\"某某\"的通知\"\ndisclosure: 主动公开\nissuer: 区府办\ndate: 2021-05-01",
        "x"
    )
);
snap!(
    yaml_unclosed_bracket,
    one(&fm("topics: [教育, 卫生\nkind: 一般信息"), "x")
);
snap!(yaml_tab_indent, one(&fm("\tkind: 一般信息"), "x"));
snap!(
    yaml_value_starts_with_indicator,
    one(&fm("summary: `说明`"), "x")
);

#[test]
fn site_yaml_full_width_colon_at_its_line() {
    let s = Site::new();
    let yaml = SITE_YAML.replace(
        "organization: 测试区人民政府",
        "organization：测试区人民政府",
    );
    s.write("site.yaml", &yaml);
    insta::assert_snapshot!(build_err(&s));
}

#[test]
fn site_yaml_unknown_key() {
    let s = Site::new();
    s.write("site.yaml", &format!("{SITE_YAML}colums: []\n"));
    insta::assert_snapshot!(build_err(&s));
}

// One mistake, one message.
snap!(
    key_typo_reports_the_unknown_key_not_the_missing_one,
    one(
        "title: 甲\ndisclousre: 主动公开\nissuer: 区府办\ndate: 2021-05-01",
        "x"
    )
);
snap!(
    unknown_kind_adds_no_knock_on_errors,
    one(
        &fm(
            "kind: 规范文件\nregistration: 测司备〔2021〕1号\nvalidity: 有效\nvalid_from: 2021-06-01\ncleanup: {year: 2021, result: 继续有效}"
        ),
        "x"
    )
);

#[test]
fn a_file_that_fails_to_parse_is_still_known_to_exist() {
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/a.md",
        &format!(
            "{}\ninterpretation: fdzdgknr/zcjd/b.md",
            public_fm("甲", "2021-05-01")
        ),
        "见[乙](../zcjd/b.md)。",
    );
    s.doc(
        "fdzdgknr/zcjd/b.md",
        "title: \"乙\ndisclosure: 主动公开\nissuer: 区府办\ndate: 2021-05-01\nkind: 政策解读",
        "x",
    );
    insta::assert_snapshot!(build_err(&s));
}

// Did-you-mean ranked by what editors mistype.
snap!(
    issuer_abbreviation_suggests_the_alias,
    one(
        "title: 甲\ndisclosure: 主动公开\nissuer: 区政府办\ndate: 2021-05-01",
        "x"
    )
);

#[test]
fn a_moved_file_suggests_the_same_name_in_its_new_folder() {
    let s = Site::new();
    s.doc(
        "fdzdgknr/zcjd/2021-3.md",
        &public_fm("乙", "2021-05-01"),
        "x",
    );
    s.doc(
        "fdzdgknr/gfxwj/2021-1.md",
        &public_fm("丙", "2021-05-01"),
        "x",
    );
    s.doc(
        "fdzdgknr/gfxwj/a.md",
        &public_fm("甲", "2021-05-01"),
        "见[乙](2021-3.md)。",
    );
    insta::assert_snapshot!(build_err(&s));
}

#[test]
fn a_link_to_nothing_alike_suggests_nothing() {
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/2021-1.md",
        &public_fm("丙", "2021-05-01"),
        "x",
    );
    s.doc(
        "fdzdgknr/gfxwj/a.md",
        &public_fm("甲", "2021-05-01"),
        "见[通知](tongzhi.md)。",
    );
    insta::assert_snapshot!(build_err(&s));
}

// The bad-input table of tests/it/errors.rs and tests/it/adversarial.rs.
snap!(
    missing_disclosure,
    one("title: 甲\nissuer: 区府办\ndate: 2021-05-01", "x")
);
snap!(
    empty_disclosure,
    one(
        "title: 甲\ndisclosure:\nissuer: 区府办\ndate: 2021-05-01",
        "x"
    )
);
snap!(
    bad_enum_unit_and_date,
    one(
        "title: 甲\ndisclosure: 主动公\nissuer: 测试区司法厅\ndate: 2021-02-30",
        "x"
    )
);
snap!(unknown_key_with_suggestion, one(&fm("topic: [a]"), "x"));
snap!(key_in_english_and_chinese, one(&fm("标题: 乙"), "x"));
snap!(
    normative_key_on_a_general_document,
    one(&fm("registration: X-1"), "x")
);
snap!(
    attachments_outside_and_absolute,
    one(&fm("attachments: [../../../etc/passwd, /etc/passwd]"), "x")
);
snap!(
    attachment_missing,
    one(&fm("attachments: [missing.pdf]"), "x")
);
snap!(nonstandard_doc_number_is_a_warning_with_the_fix, {
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/a.md",
        &fm("doc_number: 测政办字[2021]3号"),
        "x",
    );
    let o = s.build("2021-12-20");
    assert!(o.status.success());
    redact(&s, &stderr(&o))
});

#[test]
fn unknown_column() {
    let s = Site::new();
    s.doc("fdzdgknr/gfxwjj/x.md", &public_fm("甲", "2021-05-01"), "x");
    insta::assert_snapshot!(build_err(&s));
}

#[test]
fn broken_files() {
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
    s.write_bytes("content/fdzdgknr/gfxwj/nul.md", b"---\ntitle: a\0b\n---\n");
    insta::assert_snapshot!(build_err(&s));
}

#[test]
fn duplicates_url_and_index_number() {
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/a b.md",
        &fm("index_number: X/2021-00001"),
        "x",
    );
    s.doc(
        "fdzdgknr/gfxwj/a-b.md",
        &fm("index_number: X/2021-00001"),
        "x",
    );
    insta::assert_snapshot!(build_err(&s));
}

#[test]
fn published_document_links_to_a_withheld_one() {
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/a.md",
        &fm("kind: 规范性文件\ninterpretation: fdzdgknr/zcjd/secret.md"),
        "见[乙](missing.md)",
    );
    s.doc(
        "fdzdgknr/zcjd/secret.md",
        "title: 内部解读\ndisclosure: 不予公开\nissuer: 区府办\ndate: 2021-05-01\nkind: 政策解读",
        "x",
    );
    insta::assert_snapshot!(build_err(&s));
}

// English on request.
#[test]
fn english_with_lang_en() {
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/bad.md",
        &fm("doc_number：测政办字〔2021〕1号"),
        "x",
    );
    let o = run(&[
        "--lang",
        "en",
        "build",
        "--root",
        s.path().to_str().unwrap(),
        "--today",
        "2021-12-20",
    ]);
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!(redact(&s, &stderr(&o)));
}

// `check --format json` with content errors: the whole report pinned.
#[test]
fn check_json_with_content_errors() {
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/a.md",
        &fm("kind: 规范性文件"),
        "见[乙](b.md)和[丙](missing.md)。",
    );
    s.doc(
        "fdzdgknr/gfxwj/b.md",
        "title: \"乙\ndisclosure: 主动公开",
        "x",
    );
    let o = run(&[
        "check",
        "--root",
        s.path().to_str().unwrap(),
        "--today",
        "2021-12-20",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!(String::from_utf8_lossy(&o.stdout));
}

// 索引号 collisions (two branches each took the same number): what `index-numbers` says.
fn index_numbers_err(s: &Site, target: Option<&tempfile::TempDir>, write: bool) -> String {
    let o = crate::scaffold::index_numbers(s, write);
    let mut err = redact(s, &stderr(&o));
    if let Some(t) = target {
        err = err.replace(t.path().to_str().unwrap(), "[TARGET]");
    }
    format!("exit {:?}\n{err}", o.status.code())
}

#[test]
fn duplicate_index_number_dry_run_says_what_write_will_do() {
    let (s, t) = crate::scaffold::site_with_manifest(&["fdzdgknr/gfxwj/b"]);
    crate::scaffold::two_branches(&s);
    insta::assert_snapshot!(index_numbers_err(&s, Some(&t), false));
}

#[test]
fn duplicate_index_number_renumbers_the_unpublished_one() {
    let (s, t) = crate::scaffold::site_with_manifest(&["fdzdgknr/gfxwj/b"]);
    crate::scaffold::two_branches(&s);
    insta::assert_snapshot!(index_numbers_err(&s, Some(&t), true));
}

#[test]
fn duplicate_index_number_without_manifest_states_the_choice() {
    let s = Site::new();
    crate::scaffold::two_branches(&s);
    insta::assert_snapshot!(index_numbers_err(&s, None, true));
}

#[test]
fn duplicate_index_number_both_published_is_left_to_the_editor() {
    let (s, t) = crate::scaffold::site_with_manifest(&["fdzdgknr/gfxwj/a", "fdzdgknr/gfxwj/b"]);
    crate::scaffold::two_branches(&s);
    insta::assert_snapshot!(index_numbers_err(&s, Some(&t), true));
}

#[test]
fn duplicate_index_number_unreadable_manifests() {
    let s = Site::new();
    crate::scaffold::two_branches(&s);
    let o = run(&[
        "index-numbers",
        "--root",
        s.path().to_str().unwrap(),
        "--write",
        "--manifests",
        "/nonexistent/gongkai-manifests.json",
    ]);
    insta::assert_snapshot!(format!(
        "exit {:?}\n{}",
        o.status.code(),
        redact(&s, &stderr(&o))
    ));
}

// `gongkai init`'s placeholders left in site.yaml: `check` warns (init-placeholder) with the
// line of each, and `--deny warnings` fails.
#[test]
fn init_placeholders_warn() {
    let s = Site::new();
    s.write(
        "site.yaml",
        "title: 示例区人民政府 政府信息公开\nbase_url: https://example.gov.cn/xxgk/\nunits:\n  - name: 测试区人民政府办公室\n    code: \"000000000000000000\"\ncolumns:\n  - path: zfxxgkzn\n    title: 政府信息公开指南\n    freshness: none\n",
    );
    s.doc("zfxxgkzn/zn.md", &public_fm("指南", "2021-12-01"), "x");
    let o = run(&[
        "check",
        "--root",
        s.path().to_str().unwrap(),
        "--today",
        "2021-12-20",
        "--deny",
        "warnings",
    ]);
    insta::assert_snapshot!(format!(
        "exit {:?}\n--- stdout\n{}--- stderr\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        redact(&s, &stderr(&o))
    ));
}

#[test]
fn schema_unknown_name() {
    let o = run(&["schema", "frontmatters"]);
    assert_eq!(o.status.code(), Some(2));
    insta::assert_snapshot!(stderr(&o));
}
