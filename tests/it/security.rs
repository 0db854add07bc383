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
        &format!(
            "{}\npublished: 2030-01-01",
            public_fm("未来文件EMBARGO", "2021-01-01")
        ),
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
    assert_eq!(
        publics,
        [true, true, false],
        "withheld stage placed by its date"
    );
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

/// Item 1: heading attributes `{…}` passed handlers and styles through (the sanitiser ran only
/// on bodies with raw HTML); pages carry a CSP the theme satisfies.
#[test]
fn heading_attributes_cannot_inject_script_or_style() {
    for allow_raw in [false, true] {
        let s = Site::new();
        if allow_raw {
            s.write("site.yaml", &format!("{SITE_YAML}allow_raw_html: true\n"));
        }
        s.doc(
            "fdzdgknr/gfxwj/a.md",
            &public_fm("标题", "2021-01-01"),
            "## 说明 {tabindex=0 autofocus onfocus=alert(document.domain)}\n\n段落\n\n## 第二条 {#di-er-tiao style=\"position:fixed;top:0\" onclick=alert(1)}\n\n正文 <span onmouseover=alert(2) style=\"color:red\">x</span>\n",
        );
        let o = s.build("2021-12-20");
        assert!(o.status.success(), "{}", stderr(&o));
        let page = s.read("fdzdgknr/gfxwj/a/index.html");
        let body =
            &page[page.find("<div class=\"doc-body\"").unwrap()..page.find("</main>").unwrap()];
        for bad in [
            "onfocus",
            "onclick",
            "onmouseover",
            "autofocus",
            "tabindex",
            "style=",
        ] {
            assert!(
                !body.contains(bad),
                "{bad} (allow_raw_html {allow_raw}) in {body}"
            );
        }
        assert!(
            body.contains("id=\"di-er-tiao\""),
            "heading ids stay: {body}"
        );
        for (p, bytes) in walk(&s.out()) {
            if p.extension().is_some_and(|e| e == "html") {
                let t = String::from_utf8_lossy(&bytes);
                assert!(
                    t.contains("http-equiv=\"Content-Security-Policy\"")
                        && t.contains("script-src 'self'"),
                    "{} has no CSP",
                    p.display()
                );
                assert!(!t.contains("<script>"), "inline script in {}", p.display());
            }
        }
    }
}

/// A site with a withheld document and its attachment, for the link tests.
fn site_with_secret() -> Site {
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/secret.md",
        "title: 机密SECRETTITLE\ndisclosure: 不予公开\nissuer: 测试区人民政府办公室\ndate: 2021-01-01\nattachments: [secret-fj1.pdf]",
        "机密正文。",
    );
    s.write("content/fdzdgknr/gfxwj/secret-fj1.pdf", "%PDF secret");
    s.doc(
        "fdzdgknr/gfxwj/open.md",
        &format!(
            "{}\nattachments: [open-fj1.pdf]",
            public_fm("公开文件", "2021-01-01")
        ),
        "公开正文。",
    );
    s.write("content/fdzdgknr/gfxwj/open-fj1.pdf", "%PDF open");
    s
}

/// Item 2: raw-HTML href/src, root-relative, absolute-to-base_url and own-host
/// `interpretation:` references to withheld documents built with exit 0 and put the withheld
/// file name into pages and the search index.
#[test]
fn every_kind_of_link_to_a_withheld_document_is_refused() {
    let cases = [
        ("raw-a", "", "<a href=\"../gfxwj/secret.md\">见</a>"),
        (
            "raw-img",
            "",
            "<p><img src=\"secret-fj1.pdf\" alt=\"x\"></p>",
        ),
        (
            "raw-block",
            "",
            "<div>\n<a href=\"../gfxwj/secret/\">见</a>\n</div>",
        ),
        ("root-rel", "", "[见](/fdzdgknr/gfxwj/secret/)"),
        ("root-rel-file", "", "[见](/fdzdgknr/gfxwj/secret-fj1.pdf)"),
        (
            "absolute",
            "",
            "<https://www.example.gov.cn/xxgk/fdzdgknr/gfxwj/secret/>",
        ),
        (
            "absolute-html",
            "",
            "<a href=\"HTTPS://www.example.gov.cn/xxgk/fdzdgknr/gfxwj/secret/index.html\">见</a>",
        ),
        (
            "interp",
            "interpretation: https://www.example.gov.cn/xxgk/fdzdgknr/gfxwj/secret/",
            "正文",
        ),
        ("missing", "", "<a href=\"/fdzdgknr/gfxwj/nothere/\">见</a>"),
        (
            "missing-abs",
            "",
            "[见](https://www.example.gov.cn/xxgk/fdzdgknr/gfxwj/secre/)",
        ),
        // Root-relative with the base path, as the address bar shows it (found by leak_prop).
        ("host-rel", "", "[见](/xxgk/fdzdgknr/gfxwj/secret/)"),
        (
            "host-rel-html",
            "",
            "<a href=\"/xxgk/fdzdgknr/gfxwj/secret-fj1.pdf\">见</a>",
        ),
    ];
    for (name, extra, body) in cases {
        let s = site_with_secret();
        let fm = format!(
            "{}\n{extra}",
            public_fm(&format!("引用{name}"), "2021-02-01")
        );
        s.doc(
            &format!("fdzdgknr/zcjd/{name}.md"),
            fm.trim_end(),
            &format!("第一段。\n\n{body}\n"),
        );
        let o = s.build("2021-12-20");
        let e = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{name}: must be refused\n{e}");
        let line = match name {
            "interp" => 6,
            "raw-block" => 11,
            _ => 10,
        };
        assert!(
            e.contains(&format!("{name}.md:{line}")),
            "{name}: line {line}\n{e}"
        );
        assert!(!s.out().exists(), "{name}");
    }
    // Control: the same forms pointing at the published document build, and the page links
    // to its real URLs; the withheld document's name is nowhere.
    let s = site_with_secret();
    s.doc(
        "fdzdgknr/zcjd/ok.md",
        &format!("{}\ninterpretation: https://www.example.gov.cn/xxgk/fdzdgknr/zcjd/jd/", public_fm("引用公开", "2021-02-01")),
        "<a href=\"../gfxwj/open.md\">甲</a> <img src=\"../gfxwj/open-fj1.pdf\">\n\n[乙](/fdzdgknr/gfxwj/open/) <https://www.example.gov.cn/xxgk/fdzdgknr/gfxwj/open/#x> [丙](/search/) [丁](/) [戊](../gfxwj/open/) [己](/xxgk/fdzdgknr/gfxwj/open/#y) [庚](/xxgk/search/)\n",
    );
    s.doc(
        "fdzdgknr/zcjd/jd.md",
        &format!("{}\nkind: 政策解读", public_fm("解读", "2021-02-01")),
        "解读。",
    );
    let o = s.build("2021-12-20");
    assert!(o.status.success(), "{}", stderr(&o));
    let page = s.read("fdzdgknr/zcjd/ok/index.html");
    for want in [
        "href=\"/xxgk/fdzdgknr/gfxwj/open/\"",
        "src=\"/xxgk/fdzdgknr/gfxwj/open-fj1.pdf\"",
        "href=\"/xxgk/fdzdgknr/gfxwj/open/#x\"",
        "href=\"/xxgk/search/\"",
        "href=\"/xxgk/fdzdgknr/zcjd/jd/\"",
        "href=\"/xxgk/fdzdgknr/gfxwj/open/#y\"",
    ] {
        assert!(page.contains(want), "{want} in {page}");
    }
    assert!(!page.contains("/xxgk/xxgk/"), "{page}");
    assert!(
        grep(&s.out(), "secret").is_empty(),
        "{:?}",
        grep(&s.out(), "secret")
    );
    assert!(grep(&s.out(), "SECRETTITLE").is_empty());
}

#[cfg(unix)]
fn symlink(s: &Site, target: &str, link: &str) {
    let at = s.path().join("content").join(link);
    std::fs::create_dir_all(at.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, at).unwrap();
}

/// Item 3: a symlink inside content/ let a public document attach `notes.txt → withheld.md`.
#[cfg(unix)]
#[test]
fn symlinks_are_resolved_before_deciding_who_sees_what() {
    for (link, target, how) in [
        ("fdzdgknr/gfxwj/notes.txt", "secret.md", "attach"),
        ("fdzdgknr/gfxwj/pub.pdf", "secret-fj1.pdf", "attach"),
        ("fdzdgknr/zcjd/copy.pdf", "../gfxwj/secret-fj1.pdf", "link"),
    ] {
        let s = site_with_secret();
        symlink(&s, target, link);
        let name = link.rsplit('/').next().unwrap();
        let (fm, body) = if how == "attach" {
            (
                format!("{}\nattachments: [{name}]", public_fm("附件", "2021-02-01")),
                "正文".to_string(),
            )
        } else {
            (public_fm("附件", "2021-02-01"), format!("[下载]({name})"))
        };
        let dir = link.rsplit_once('/').unwrap().0;
        s.doc(&format!("{dir}/x.md"), &fm, &body);
        let o = s.build("2021-12-20");
        let e = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{link} → {target}: {e}");
        assert!(e.contains("符号链接") && e.contains("x.md:"), "{e}");
        assert!(!s.out().exists());
    }
    // Control: a symlink to a published attachment is fine.
    let s = site_with_secret();
    symlink(&s, "../gfxwj/open-fj1.pdf", "fdzdgknr/zcjd/shared.pdf");
    s.doc(
        "fdzdgknr/zcjd/x.md",
        &format!(
            "{}\nattachments: [shared.pdf]",
            public_fm("附件", "2021-02-01")
        ),
        "正文",
    );
    let o = s.build("2021-12-20");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(s.read("fdzdgknr/zcjd/shared.pdf"), "%PDF open");
}

/// Item 13: `.svg`/`.html` attachments run their scripts on the site's own origin; refused.
#[test]
fn active_content_attachments_are_refused() {
    for (file, how) in [
        ("chart.svg", "attach"),
        ("page.html", "link"),
        ("Page.HTM", "attach"),
    ] {
        let s = Site::new();
        s.write(
            &format!("content/fdzdgknr/gfxwj/{file}"),
            "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
        );
        let (fm, body) = if how == "attach" {
            (
                format!("{}\nattachments: [{file}]", public_fm("图", "2021-02-01")),
                "正文".to_string(),
            )
        } else {
            (public_fm("图", "2021-02-01"), format!("[图]({file})"))
        };
        s.doc("fdzdgknr/gfxwj/a.md", &fm, &body);
        let o = s.build("2021-12-20");
        assert_eq!(o.status.code(), Some(1), "{file}");
        assert!(stderr(&o).contains("SVG/HTML"), "{}", stderr(&o));
    }
    let s = Site::new();
    s.write("content/fdzdgknr/gfxwj/chart.png", "png");
    s.doc(
        "fdzdgknr/gfxwj/a.md",
        &public_fm("图", "2021-02-01"),
        "![图](chart.png)",
    );
    assert!(s.build("2021-12-20").status.success());
}

/// Item 8: `public` as a symlink to a web root was replaced by a real folder, leaving the
/// web root stale. The build writes into the link's target and leaves the link.
#[cfg(unix)]
#[test]
fn symlinked_output_is_written_through() {
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/a.md",
        &public_fm("第一版", "2021-01-01"),
        "正文",
    );
    let www = tempfile::tempdir().unwrap();
    let root = www.path().join("xxgk");
    std::os::unix::fs::symlink(&root, s.out()).unwrap();
    // Dangling at first: the target is created.
    let o = s.build("2021-12-20");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(s.out().symlink_metadata().unwrap().file_type().is_symlink());
    assert!(
        std::fs::read_to_string(root.join("fdzdgknr/gfxwj/a/index.html"))
            .unwrap()
            .contains("第一版")
    );
    s.doc(
        "fdzdgknr/gfxwj/a.md",
        &public_fm("第二版", "2021-01-01"),
        "正文",
    );
    let o = s.build("2021-12-20");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        s.out().symlink_metadata().unwrap().file_type().is_symlink(),
        "the link stays"
    );
    assert_eq!(std::fs::read_link(s.out()).unwrap(), root);
    let page = std::fs::read_to_string(root.join("fdzdgknr/gfxwj/a/index.html")).unwrap();
    assert!(page.contains("第二版"), "the web root is updated");
    // Nothing left beside the link or the target.
    for dir in [s.path(), www.path()] {
        for e in std::fs::read_dir(dir).unwrap() {
            let n = e.unwrap().file_name().to_string_lossy().to_string();
            assert!(
                !n.contains("gongkai-tmp") && !n.contains("gongkai-old"),
                "{n}"
            );
        }
    }
}

/// Item 12: a deploy URL like `rsync+ssh://-oProxyCommand=…@host/…` reached ssh as an
/// option. User and host may not start with `-`, `verify_url` must be an http(s) address,
/// and ssh gets `--` before the destination.
#[cfg(unix)]
#[test]
fn deploy_urls_cannot_smuggle_ssh_options() {
    use std::os::unix::fs::PermissionsExt;
    let s = Site::new();
    s.doc("fdzdgknr/a.md", &public_fm("甲", "2021-01-01"), "正文");
    let args = s.path().join("ssh-args");
    // A stand-in for ssh that records its arguments and fails like an unreachable host.
    let fake = s.path().join("fake-ssh");
    std::fs::write(
        &fake,
        format!(
            "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done >> {}\nexit 255\n",
            args.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let deploy = |url: &str, verify: Option<&str>| {
        let mut yaml =
            format!("{SITE_YAML}deploy:\n  targets:\n    - name: main\n      url: {url}\n");
        if let Some(v) = verify {
            yaml.push_str(&format!("      verify_url: {v}\n"));
        }
        s.write("site.yaml", &yaml);
        run_env(
            &[
                "deploy",
                "--root",
                s.path().to_str().unwrap(),
                "--today",
                "2021-12-20",
            ],
            &[
                ("GONGKAI_SSH", fake.to_str().unwrap()),
                ("GONGKAI_SSH_MULTIPLEX", "0"),
            ],
        )
    };
    for url in [
        // The form from the attack report; `=` was refused already.
        "rsync+ssh://-oProxyCommand@host/srv/www",
        "rsync+ssh://deploy@-oProxyCommand/srv/www",
        "rsync+ssh://-p2222/srv/www",
        "rsync+ssh://.host/srv/www",
    ] {
        let o = deploy(url, None);
        assert_eq!(o.status.code(), Some(1), "{url}: {}", stderr(&o));
        assert!(stderr(&o).contains("site.yaml"), "{url}: {}", stderr(&o));
        assert!(!args.exists(), "{url}: ssh was run");
    }
    for v in ["-o/tmp/x", "file:///etc/passwd", "--proto=all"] {
        let o = deploy("file:///nonexistent-gongkai-target", Some(v));
        assert_eq!(o.status.code(), Some(1), "{v}: {}", stderr(&o));
        assert!(stderr(&o).contains("verify_url"), "{v}: {}", stderr(&o));
    }
    // A valid URL: ssh sees `--` right before the destination.
    let o = deploy("rsync+ssh://deploy@example.invalid/srv/www", None);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let seen = std::fs::read_to_string(&args).unwrap();
    let words: Vec<&str> = seen.lines().collect();
    let at = words
        .iter()
        .position(|w| *w == "deploy@example.invalid")
        .unwrap();
    assert_eq!(words[at - 1], "--", "{words:?}");
}
