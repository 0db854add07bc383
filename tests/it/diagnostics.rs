//! Diagnostics as an editor sees them: Chinese by default, English on request, the locale
//! ignored.

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
