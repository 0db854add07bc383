//! Issue 16 item 7: inputs that were quadratic are refused at a documented limit with a
//! `file:line` message (or handled in linear time). The times themselves live in the bench
//! harness (`scripts/bench --pathological`); these tests pin the structural behaviour.

use crate::util::*;

/// Raw HTML nested deeper than `sanitize::MAX_DEPTH` (512) is refused at the line where the
/// limit is crossed (100,000 nested `<div>` took 21 s in html5ever before).
#[test]
fn deeply_nested_raw_html_is_refused_at_its_line() {
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/deep.md",
        &public_fm("嵌套", "2021-01-01"),
        &format!(
            "第一段。\n\n{}\n{}正文{}",
            "<div>",
            "<div>".repeat(600),
            "</div>".repeat(601)
        ),
    );
    let o = s.build("2026-01-01");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("嵌套超过 512 层"), "{err}");
    // `---`, 4 front-matter lines, `---`, a blank line: 第一段 is line 8, `<div>` line 10 and
    // the 600 nested ones (crossing 512) line 11.
    assert!(err.contains("deep.md:11"), "{err}");
    assert!(!s.out().join("fdzdgknr/gfxwj/deep/index.html").exists());
}

/// 512 levels are still accepted, and flat HTML with implied end tags (`<p>`, `<li>`, `<td>`
/// without `</…>`) never counts as nesting.
#[test]
fn nesting_at_the_limit_and_implied_end_tags_build() {
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/ok.md",
        &public_fm("可以", "2021-01-01"),
        &format!(
            "{}正文{}\n\n<ul>{}</ul>\n",
            "<div>".repeat(512),
            "</div>".repeat(512),
            "<li>项<p>段".repeat(2000)
        ),
    );
    let o = s.build("2026-01-01");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// `[` × n in front matter (17 s for 100,000 in libyaml) is refused before the YAML parser,
/// at its line, with a suggestion.
#[test]
fn bracket_nesting_in_front_matter_is_refused_at_its_line() {
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/br.md",
        &format!(
            "disclosure: 主动公开\nissuer: 测试区人民政府办公室\ndate: 2021-01-01\ntitle: {}",
            "[".repeat(100_000)
        ),
        "正文。",
    );
    let o = s.build("2026-01-01");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("YAML 嵌套层数过多"), "{err}");
    assert!(err.contains("br.md:5"), "{err}");
    assert!(err.contains("加引号"), "{err}");
}
