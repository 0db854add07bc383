//! Diagnostics as an editor sees them: Chinese by default, English on request, the locale
//! ignored.

mod snapshots;

use std::process::Command;

use crate::util::*;

/// A site whose one document has a misspelt 公开属性.
fn bad_site() -> Site {
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/bad.md",
        "title: 甲\ndisclosure: 主动公\nissuer: 区府办\ndate: 2021-05-01",
        "x",
    );
    s
}

fn build_with(s: &Site, args: &[&str], env: &[(&str, &str)]) -> String {
    let mut c = Command::new(bin());
    c.args([
        "build",
        "--root",
        s.path().to_str().unwrap(),
        "--today",
        "2021-12-20",
    ])
    .args(args)
    .env_remove("SOURCE_DATE_EPOCH")
    .env_remove("GONGKAI_LANG");
    for (k, v) in env {
        c.env(k, v);
    }
    let o = c.output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    String::from_utf8_lossy(&o.stderr).to_string()
}

#[test]
fn chinese_by_default_english_by_flag_or_env_locale_ignored() {
    let s = bad_site();
    let zh = build_with(
        &s,
        &[],
        &[("LANG", "en_US.UTF-8"), ("LC_ALL", "en_US.UTF-8")],
    );
    assert!(
        zh.contains("是否应为 `主动公开`") && zh.contains("构建失败"),
        "{zh}"
    );
    assert!(!zh.contains("did you mean"), "{zh}");
    let en = build_with(&s, &["--lang", "en"], &[]);
    assert!(
        en.contains("did you mean `主动公开`") && en.contains("build failed"),
        "{en}"
    );
    let env = build_with(&s, &[], &[("GONGKAI_LANG", "en")]);
    assert_eq!(env, en);
    // The flag wins over the environment.
    let flag = build_with(&s, &["--lang", "zh"], &[("GONGKAI_LANG", "en")]);
    assert_eq!(flag, zh);
}

#[test]
fn a_reader_that_goes_away_ends_the_command_quietly() {
    use std::process::Stdio;
    let s = Site::new();
    for i in 0..400 {
        s.doc(
            &format!("fdzdgknr/gfxwj/d{i}.md"),
            &public_fm("甲", "2021-05-01"),
            "x",
        );
    }
    let mut child = Command::new(bin())
        .args(["index-numbers", "--root", s.path().to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_ne!(o.status.code(), Some(101), "{err}");
}

#[test]
fn check_json_reports_content_errors_and_still_runs_the_rules() {
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/a.md",
        &format!("{}\nkind: 规范性文件", public_fm("甲", "2021-05-01")),
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
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON on stdout");
    let rules: Vec<(&str, &str)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap(), f["file"].as_str().unwrap()))
        .collect();
    assert!(
        rules.contains(&("content-error", "content/fdzdgknr/gfxwj/b.md")),
        "{rules:?}"
    );
    assert!(
        rules.contains(&("broken-link", "content/fdzdgknr/gfxwj/a.md")),
        "{rules:?}"
    );
    // The link to b.md, which exists but does not parse, is not a broken link.
    assert_eq!(
        rules.iter().filter(|r| r.0 == "broken-link").count(),
        1,
        "{rules:?}"
    );
    // The rules ran on a.md (a 规范性文件 without its 政策解读).
    assert!(
        rules.contains(&("interpretation-missing", "content/fdzdgknr/gfxwj/a.md")),
        "{rules:?}"
    );
    assert_eq!(v["summary"]["by_rule"]["content-error"], 1);
}
