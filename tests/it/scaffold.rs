//! `gongkai new`, `gongkai init`, `gongkai index-numbers`: generated documents build only once
//! `disclosure` is chosen, 索引号 numbering (gaps, back-dated documents, duplicates), and
//! byte-exact in-place edits.

use std::path::Path;

use crate::util::*;

fn root(s: &Site) -> &str {
    s.path().to_str().unwrap()
}

fn new_doc(s: &Site, rel: &str, kind: &str) -> std::process::Output {
    run(&[
        "new",
        rel,
        "--root",
        root(s),
        "--kind",
        kind,
        "--today",
        "2021-06-01",
    ])
}

pub(crate) fn index_numbers(s: &Site, write: bool) -> std::process::Output {
    let mut args = vec!["index-numbers", "--root", root(s)];
    if write {
        args.push("--write");
    }
    run(&args)
}

fn read_src(s: &Site, rel: &str) -> String {
    std::fs::read_to_string(s.path().join("content").join(rel)).unwrap()
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

#[test]
fn new_creates_each_kind_that_builds_only_after_disclosure_is_chosen() {
    let s = Site::new();
    let docs = [
        ("fdzdgknr/gfxwj/2021-1.md", "规范性文件"),
        ("fdzdgknr/2021-zcwj.md", "政策文件"),
        ("fdzdgknr/zcjd/2021-1-jd.md", "政策解读"),
        ("fdzdgknr/2021-nb.md", "年度报告"),
        ("fdzdgknr/zdjc/2021-jc.md", "重大决策事项"),
        ("zfxxgkzn/2021-zn.md", "一般信息"),
    ];
    for (i, (rel, kind)) in docs.iter().enumerate() {
        let o = new_doc(&s, rel, kind);
        assert!(o.status.success(), "{kind}: {}", stderr(&o));
        let text = read_src(&s, rel);
        assert!(text.contains(&format!("kind: {kind}\n")), "{text}");
        assert!(
            text.contains("\ndisclosure:\n"),
            "disclosure left empty:\n{text}"
        );
        assert!(
            text.contains("主动公开 | 依申请公开 | 不予公开"),
            "comment lists the three values"
        );
        assert!(text.contains("date: 2021-06-01\n"));
        assert!(text.contains("issuer: 测试区人民政府办公室\n"));
        // Numbers continue within the unit and year, one per new document.
        assert!(
            text.contains(&format!(
                "index_number: 11371311004263412X/2021-{:05}\n",
                i + 1
            )),
            "{text}"
        );
    }
    let normative = read_src(&s, docs[0].0);
    for key in [
        "doc_number:",
        "registration:",
        "validity: 有效",
        "valid_from:",
        "cleanup:",
        "interpretation:",
    ] {
        assert!(
            normative.contains(&format!("\n{key}")),
            "规范性文件 lacks {key}"
        );
    }
    // The 政策解读 named `<stem>-jd.md` (as the policy document's comment suggests) is linked.
    assert!(read_src(&s, docs[2].0).contains("\ninterprets: fdzdgknr/gfxwj/2021-1.md\n"));
    assert!(
        read_src(&s, docs[4].0).contains("decision:\n"),
        "decision block"
    );
    assert!(read_src(&s, docs[4].0).contains("  id: JC-2021-01\n"));
    assert!(
        read_src(&s, docs[3].0).contains("title: 测试区人民政府2020年政府信息公开工作年度报告")
    );

    // The build refuses every one of them, naming each file and the missing choice.
    let o = s.build("2021-06-01");
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    for (rel, _) in &docs {
        assert!(
            err.contains(&format!("content/{rel}:")),
            "{rel} not named:\n{err}"
        );
    }
    assert_eq!(
        err.matches("`disclosure`（公开属性）").count(),
        docs.len(),
        "{err}"
    );
    assert!(
        err.contains("主动公开") && err.contains("依申请公开") && err.contains("不予公开"),
        "{err}"
    );
    assert!(!s.out().exists(), "nothing written by a failed build");

    // Once the editor chooses, everything builds as generated.
    for (rel, _) in &docs {
        let p = s.path().join("content").join(rel);
        let text = std::fs::read_to_string(&p)
            .unwrap()
            .replace("\ndisclosure:\n", "\ndisclosure: 主动公开\n");
        std::fs::write(&p, text).unwrap();
    }
    let o = s.build("2021-06-01");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        s.read("fdzdgknr/gfxwj/2021-1/index.html")
            .contains("/xxgk/fdzdgknr/zcjd/2021-1-jd/"),
        "linked to its 政策解读"
    );
    assert!(s.read("data/decisions.json").contains("JC-2021-01"));
    assert!(
        s.read("data/documents.json")
            .contains("11371311004263412X/2021-00006")
    );
}

#[test]
fn new_refuses_bad_paths_existing_files_and_unknown_kinds() {
    let s = Site::new();
    s.doc("fdzdgknr/gfxwj/a.md", &public_fm("甲", "2021-01-01"), "x");
    let before = read_src(&s, "fdzdgknr/gfxwj/a.md");
    let o = new_doc(&s, "fdzdgknr/gfxwj/a.md", "一般信息");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("已存在"), "{}", stderr(&o));
    assert_eq!(
        read_src(&s, "fdzdgknr/gfxwj/a.md"),
        before,
        "never overwritten"
    );

    let o = new_doc(&s, "fdzdgknr/gfxwjj/b.md", "一般信息");
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("不是 site.yaml 中声明的栏目"), "{err}");
    assert!(err.contains("是否应为 `fdzdgknr/gfxwj`"), "{err}");
    assert!(
        err.contains("zfxxgkzn (政府信息公开指南)"),
        "lists the columns: {err}"
    );

    for (bad, want) in [
        ("../x.md", "content/ 之内"),
        ("fdzdgknr/gfxwj/../../../x.md", "content/ 之内"),
        ("/tmp/x.md", "相对 content/"),
        ("fdzdgknr/gfxwj/b.txt", "fdzdgknr/gfxwj/b.md"),
        ("fdzdgknr/gfxwj/.b.md", "隐藏"),
    ] {
        let o = new_doc(&s, bad, "一般信息");
        assert_eq!(o.status.code(), Some(2), "{bad}");
        assert!(stderr(&o).contains(want), "{bad}: {}", stderr(&o));
    }
    let o = new_doc(&s, "fdzdgknr/gfxwj/b.md", "规范文件");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("是否应为 `规范性文件`"),
        "{}",
        stderr(&o)
    );
    // `content/…` as typed with tab completion from the site root is accepted.
    let o = new_doc(&s, "content/fdzdgknr/gfxwj/c.md", "一般信息");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(s.path().join("content/fdzdgknr/gfxwj/c.md").exists());
    let files: Vec<_> = walkdir::WalkDir::new(s.path().join("content"))
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .collect();
    assert_eq!(files.len(), 2, "only a.md and c.md: {files:?}");
}

#[test]
fn next_number_never_reuses_gaps_or_renumbers_back_dated_documents() {
    let s = Site::new();
    let fm = |title: &str, date: &str, n: Option<&str>| {
        let mut f = public_fm(title, date);
        if let Some(n) = n {
            f.push_str(&format!("\nindex_number: {n}"));
        }
        f
    };
    s.doc(
        "fdzdgknr/gfxwj/a.md",
        &fm("甲", "2021-02-01", Some("11371311004263412X/2021-00001")),
        "x",
    );
    s.doc(
        "fdzdgknr/gfxwj/b.md",
        &fm("乙", "2021-03-01", Some("11371311004263412X/2021-00005")),
        "x",
    );
    s.doc("fdzdgknr/gfxwj/c.md", &fm("丙", "2021-05-01", None), "x");
    // Back-dated: earlier than every numbered document, still gets a number after them.
    s.doc("fdzdgknr/gfxwj/d.md", &fm("丁", "2021-01-10", None), "x");
    // Another unit without `code`: its name is the prefix; another year: its own sequence.
    s.doc(
        "fdzdgknr/gfxwj/e.md",
        &fm("戊", "2020-12-30", None).replace("测试区人民政府办公室", "测试区司法局"),
        "x",
    );
    s.doc("fdzdgknr/gfxwj/f.md", &fm("己", "2020-07-01", None), "x");
    // A broken file: its number still counts as used.
    s.write(
        "content/fdzdgknr/gfxwj/z.md",
        "---\ntitle: [坏\nindex_number: 11371311004263412X/2021-00009\n---\n",
    );

    let o = index_numbers(&s, false);
    assert_eq!(
        o.status.code(),
        Some(1),
        "the broken file is reported: {}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("content/fdzdgknr/gfxwj/z.md"),
        "{}",
        stderr(&o)
    );
    let list = stdout(&o);
    let rows: Vec<&str> = list.lines().collect();
    assert_eq!(
        rows,
        vec![
            "content/fdzdgknr/gfxwj/f.md\t测试区人民政府办公室\t2020\t11371311004263412X/2020-00001",
            "content/fdzdgknr/gfxwj/e.md\t测试区司法局\t2020\t测试区司法局/2020-00001",
            "content/fdzdgknr/gfxwj/d.md\t测试区人民政府办公室\t2021\t11371311004263412X/2021-00010",
            "content/fdzdgknr/gfxwj/c.md\t测试区人民政府办公室\t2021\t11371311004263412X/2021-00011",
        ],
        "{list}"
    );
    assert!(
        !read_src(&s, "fdzdgknr/gfxwj/c.md").contains("index_number"),
        "listing writes nothing"
    );

    let o = index_numbers(&s, true);
    assert!(stdout(&o).contains("已写入"), "{}", stderr(&o));
    assert!(
        read_src(&s, "fdzdgknr/gfxwj/d.md")
            .contains("index_number: 11371311004263412X/2021-00010\n")
    );
    assert!(
        read_src(&s, "fdzdgknr/gfxwj/e.md").contains("index_number: 测试区司法局/2020-00001\n")
    );

    // A later back-dated document gets the next number; nothing else changes.
    std::fs::remove_file(s.path().join("content/fdzdgknr/gfxwj/z.md")).unwrap();
    let before = snapshot(&s.path().join("content"));
    s.doc("fdzdgknr/gfxwj/g.md", &fm("庚", "2021-01-01", None), "x");
    let o = index_numbers(&s, true);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "content/fdzdgknr/gfxwj/g.md\t测试区人民政府办公室\t2021\t11371311004263412X/2021-00012\t已写入\n"
    );
    let after = snapshot(&s.path().join("content"));
    assert_eq!(
        after
            .iter()
            .filter(|(p, _)| !p.ends_with("g.md"))
            .cloned()
            .collect::<Vec<_>>(),
        before,
        "other files untouched"
    );
    // `gongkai new` continues the same sequence.
    let o = run(&[
        "new",
        "fdzdgknr/gfxwj/h.md",
        "--root",
        root(&s),
        "--today",
        "2021-06-01",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        read_src(&s, "fdzdgknr/gfxwj/h.md")
            .contains("index_number: 11371311004263412X/2021-00013\n")
    );
    // And a second --write has nothing left to do (h.md has no disclosure yet: not a numbering problem).
    let o = index_numbers(&s, true);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "");
    let o = s.build("2021-12-31");
    assert_eq!(o.status.code(), Some(1), "h.md still lacks disclosure");
    std::fs::remove_file(s.path().join("content/fdzdgknr/gfxwj/h.md")).unwrap();
    let o = s.build("2021-12-31");
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn index_numbers_write_changes_only_that_line_keeping_crlf_bom_and_comments() {
    let s = Site::new();
    let crlf: &[u8] = "\u{feff}---\r\n# 来源：区府办\r\ntitle: \"甲  办法\"   # 标题\r\ndisclosure: 主动公开\r\nissuer: [区府办]\r\ndate: 2021年3月1日  # 成文日期\r\ntopics:\r\n  - 教育   # 主题\r\n---\r\n\r\n正文  \r\n\r\n| a | b |\r\n|---|---|\r\n"
        .as_bytes();
    s.write_bytes("content/fdzdgknr/gfxwj/crlf.md", crlf);
    let zh = "---\n标题: 乙\n公开属性: 依申请公开\n发布机构: 测试区司法局\n成文日期: 2021-04-01\n---\n正文，无结尾换行";
    s.write("content/fdzdgknr/gfxwj/zh.md", zh);
    // Key present but empty: filled on its own line, comment kept.
    let empty = "---\ntitle: 丙\nindex_number:    # 待编号\ndisclosure: 不予公开\nissuer: 区府办\ndate: 2021-05-01\n---\n";
    s.write("content/fdzdgknr/gfxwj/empty.md", empty);
    let numbered = "---\ntitle: 丁\ndisclosure: 主动公开\nissuer: 区府办\ndate: 2020-01-01\nindex_number: 11371311004263412X/2021-00002 # 手工编号\n---\n";
    s.write("content/fdzdgknr/gfxwj/numbered.md", numbered);

    let o = index_numbers(&s, true);
    assert!(o.status.success(), "{}", stderr(&o));
    let got = std::fs::read(s.path().join("content/fdzdgknr/gfxwj/crlf.md")).unwrap();
    let want = String::from_utf8(crlf.to_vec()).unwrap().replace(
        "# 成文日期\r\n",
        "# 成文日期\r\nindex_number: 11371311004263412X/2021-00003\r\n",
    );
    assert_eq!(String::from_utf8(got).unwrap(), want);
    assert_eq!(
        read_src(&s, "fdzdgknr/gfxwj/zh.md"),
        zh.replace(
            "成文日期: 2021-04-01\n",
            "成文日期: 2021-04-01\n索引号: 测试区司法局/2021-00001\n"
        )
    );
    assert_eq!(
        read_src(&s, "fdzdgknr/gfxwj/empty.md"),
        empty.replace(
            "index_number:    # 待编号",
            "index_number: 11371311004263412X/2021-00004  # 待编号"
        )
    );
    assert_eq!(
        read_src(&s, "fdzdgknr/gfxwj/numbered.md"),
        numbered,
        "existing numbers never change"
    );
    let o = s.build("2021-12-31");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        s.read("fdzdgknr/gfxwj/crlf/index.html")
            .contains("11371311004263412X/2021-00003")
    );
}

#[test]
fn duplicate_index_numbers_are_reported_by_index_numbers_and_build() {
    let s = Site::new();
    let fm = format!(
        "{}\nindex_number: 11371311004263412X/2021-00007",
        public_fm("甲", "2021-01-01")
    );
    s.doc("fdzdgknr/gfxwj/a.md", &fm, "x");
    s.doc("fdzdgknr/gfxwj/b.md", &fm.replace("甲", "乙"), "x");
    for o in [index_numbers(&s, false), s.build("2021-12-31")] {
        assert_eq!(o.status.code(), Some(1));
        let err = stderr(&o);
        assert!(err.contains("11371311004263412X/2021-00007"), "{err}");
        assert!(
            err.contains("content/fdzdgknr/gfxwj/a.md")
                && err.contains("content/fdzdgknr/gfxwj/b.md"),
            "names both files: {err}"
        );
    }
    // The dry run changed nothing.
    assert!(read_src(&s, "fdzdgknr/gfxwj/b.md").contains("2021-00007"));
}

/// A site whose deploy target (a local folder) holds one release manifest listing `published`.
pub(crate) fn site_with_manifest(published: &[&str]) -> (Site, tempfile::TempDir) {
    let target = tempfile::tempdir().unwrap();
    let s = Site::new();
    s.write(
        "site.yaml",
        &format!(
            "{SITE_YAML}deploy:\n  targets:\n    - name: main\n      url: file://{}\n",
            target.path().display()
        ),
    );
    let docs: Vec<String> = published
        .iter()
        .map(|id| format!("{{\"id\": \"{id}\", \"url\": \"/xxgk/{id}/\"}}"))
        .collect();
    let manifest = format!(
        "{{\"release\": \"20211201T000000Z-aaaa\", \"target\": \"main\", \"built_at\": \"2021-12-01T00:00:00Z\", \"deployed_at\": \"2021-12-01T00:00:00Z\", \"today\": null, \"source_commit\": null, \"source_dirty\": null, \"gongkai_version\": \"0\", \"documents\": [{}], \"files\": []}}",
        docs.join(", ")
    );
    std::fs::create_dir_all(target.path().join("manifests")).unwrap();
    std::fs::write(
        target.path().join("manifests/20211201T000000Z-aaaa.json"),
        manifest,
    )
    .unwrap();
    (s, target)
}

/// Two branches each added a document with 00007; `b.md` (the later date) was deployed.
pub(crate) fn two_branches(s: &Site) -> (String, String) {
    let a = "# 新增\ntitle: 甲\ndisclosure: 主动公开   # 公开属性\nissuer: 测试区人民政府办公室\ndate: 2021-01-01\n索引号: \"11371311004263412X/2021-00007\"  # 取号\ntopics: [教育]";
    let b = public_fm("乙", "2021-02-01") + "\nindex_number: 11371311004263412X/2021-00007";
    s.doc("fdzdgknr/gfxwj/a.md", a, "正文\r\n甲");
    s.doc("fdzdgknr/gfxwj/b.md", &b, "乙");
    s.doc(
        "fdzdgknr/gfxwj/c.md",
        &(public_fm("丙", "2021-03-01") + "\nindex_number: 11371311004263412X/2021-00009"),
        "丙",
    );
    (
        read_src(s, "fdzdgknr/gfxwj/a.md"),
        read_src(s, "fdzdgknr/gfxwj/b.md"),
    )
}

#[test]
fn index_numbers_write_renumbers_the_unpublished_duplicate() {
    let (s, _target) = site_with_manifest(&["fdzdgknr/gfxwj/b", "fdzdgknr/gfxwj/c"]);
    let (a_before, b_before) = two_branches(&s);
    let o = index_numbers(&s, true);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    // a.md was never online: it gets the next free number (after 00009); b.md keeps 00007.
    assert_eq!(
        read_src(&s, "fdzdgknr/gfxwj/a.md"),
        a_before.replace(
            "\"11371311004263412X/2021-00007\"",
            "11371311004263412X/2021-00010"
        ),
        "only the value changed (comments, key spelling, other keys, body kept)"
    );
    assert_eq!(read_src(&s, "fdzdgknr/gfxwj/b.md"), b_before);
    assert!(err.contains("20211201T000000Z-aaaa"), "says why: {err}");
    assert!(
        stdout(&o).contains("11371311004263412X/2021-00010"),
        "{}",
        stdout(&o)
    );
    let o = s.build("2021-12-31");
    assert!(o.status.success(), "{}", stderr(&o));
    // Run again: nothing left to do.
    let o = index_numbers(&s, true);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(read_src(&s, "fdzdgknr/gfxwj/b.md"), b_before);
}

#[test]
fn index_numbers_without_manifest_keeps_the_earlier_document_and_says_so() {
    let s = Site::new();
    let (a_before, _) = two_branches(&s);
    let o = index_numbers(&s, true);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    // No deploy target: a.md (earlier 成文日期) keeps 00007, b.md is renumbered.
    assert_eq!(read_src(&s, "fdzdgknr/gfxwj/a.md"), a_before);
    assert!(
        read_src(&s, "fdzdgknr/gfxwj/b.md")
            .contains("index_number: 11371311004263412X/2021-00010\n")
    );
    assert!(err.contains("没有部署清单"), "{err}");
    assert!(s.build("2021-12-31").status.success());
}

#[test]
fn index_numbers_never_renumbers_two_published_documents() {
    let (s, _target) = site_with_manifest(&["fdzdgknr/gfxwj/a", "fdzdgknr/gfxwj/b"]);
    let (a_before, b_before) = two_branches(&s);
    let o = index_numbers(&s, true);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("已上线"), "{}", stderr(&o));
    assert_eq!(read_src(&s, "fdzdgknr/gfxwj/a.md"), a_before);
    assert_eq!(read_src(&s, "fdzdgknr/gfxwj/b.md"), b_before);
}

fn check_passes(dir: &Path) {
    let o = run(&[
        "check",
        "--root",
        dir.to_str().unwrap(),
        "--deny",
        "warnings",
    ]);
    let err = stderr(&o);
    if err.contains("not available in this build") {
        eprintln!("skipping check: {err}");
        return;
    }
    assert!(
        o.status.success(),
        "check on the init site: {err}{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

#[test]
fn init_creates_a_site_that_builds_and_checks_and_never_overwrites() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    let o = run(&["init", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    for f in [
        "site.yaml",
        "README.md",
        "content/zfxxgkzn/zfxxgkzn.md",
        "content/zfxxgkzd/gkzd.md",
        "catalog.yaml",
        "schema/front-matter.json",
        "schema/site.json",
    ] {
        assert!(dir.join(f).exists(), "missing {f}");
    }
    let out = tmp.path().join("out");
    let o = build(&dir, &out, &today());
    assert!(o.status.success(), "{}", stderr(&o));
    let docs = std::fs::read_to_string(out.join("data/documents.json")).unwrap();
    assert!(
        docs.contains("政策解读") && docs.contains("\"interprets\""),
        "{docs}"
    );
    assert_eq!(
        docs.matches("000000000000000000/").count(),
        7,
        "every example document numbered: {docs}"
    );
    // The site's schema lists its unit for `issuer`; site.yaml points at its schema.
    let fm = std::fs::read_to_string(dir.join("schema/front-matter.json")).unwrap();
    assert!(fm.contains("示例区人民政府办公室"), "{fm}");
    assert!(
        std::fs::read_to_string(dir.join("site.yaml"))
            .unwrap()
            .starts_with("# yaml-language-server: $schema=schema/site.json\n")
    );
    // Its placeholders (base_url host, the unit code of zeros) are the only warnings …
    let o = run(&["check", "--root", dir.to_str().unwrap(), "--format", "json"]);
    let report = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(o.status.success(), "{report}{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&report).unwrap();
    let rules: Vec<(&str, u64)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap(), f["line"].as_u64().unwrap()))
        .collect();
    let yaml = std::fs::read_to_string(dir.join("site.yaml")).unwrap();
    let line = |needle: &str| yaml.lines().position(|l| l.contains(needle)).unwrap() as u64 + 1;
    assert_eq!(
        rules,
        [
            ("init-placeholder", line("base_url:")),
            ("init-placeholder", line("code: \"000000000000000000\"")),
        ],
        "{report}"
    );
    // … and with the office's real values the site passes `check --deny warnings`.
    std::fs::write(
        dir.join("site.yaml"),
        yaml.replace("https://example.gov.cn/", "https://www.luozhuang.gov.cn/")
            .replace("000000000000000000", "11371311004263412X"),
    )
    .unwrap();
    check_passes(&dir);
    // The starter catalog: the 本级政府's item served by the example budget document.
    let catalog = std::fs::read_to_string(out.join("data/catalog.json")).unwrap();
    assert!(catalog.contains("\"state\":\"ok\""), "{catalog}");
    assert!(out.join("zdgkml/index.html").exists());
    let o = run(&["index-numbers", "--root", dir.to_str().unwrap()]);
    assert!(o.status.success() && o.stdout.is_empty(), "{}", stderr(&o));

    // Never over an existing site, nor into any non-empty folder.
    let before = snapshot(&dir);
    let o = run(&["init", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("不是空文件夹"), "{}", stderr(&o));
    assert_eq!(snapshot(&dir), before);
    let other = tmp.path().join("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("notes.txt"), "x").unwrap();
    assert_eq!(
        run(&["init", other.to_str().unwrap()]).status.code(),
        Some(1)
    );
    assert_eq!(std::fs::read_dir(&other).unwrap().count(), 1);
    // An existing empty folder is fine.
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    assert!(run(&["init", empty.to_str().unwrap()]).status.success());
}

/// The date `init` stamps its documents with (China time), as `--today` for the build.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let d = gongkai::dates::Date::from_unix_seconds(secs);
    // A build a moment later could cross midnight; a day ahead is always safe for embargo.
    d.add_days(1).to_string()
}

#[test]
fn schema_command_prints_json_and_refuses_unknown_names() {
    let s = Site::new();
    let o = run(&["schema", "front-matter", "--root", root(&s)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // The site's units and aliases are the values `issuer` completes to.
    assert_eq!(
        v["properties"]["issuer"]["anyOf"][0]["enum"],
        serde_json::json!(["测试区人民政府办公室", "区府办", "测试区司法局"])
    );
    let out = s.path().join("site.schema.json");
    let o = run(&["schema", "site", "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert!(v["properties"]["units"].is_object());
}
