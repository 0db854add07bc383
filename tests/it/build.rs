//! Whole-site build tests: fixture sites, expected pages and data, determinism, atomic output.

use crate::util::*;

#[test]
fn minimal_site_builds_with_expected_pages() {
    let s = Site::new();
    s.doc("fdzdgknr/gfxwj/2021-1.md", &format!("{}\nkind: 规范性文件\ndoc_number: 测政办字〔2021〕1号\ninterpretation: fdzdgknr/zcjd/2021-1.md", public_fm("关于印发甲办法的通知", "2021-05-21")), "正文。见[解读](../zcjd/2021-1.md)。");
    s.doc(
        "fdzdgknr/zcjd/2021-1.md",
        &format!(
            "{}\nkind: 政策解读",
            public_fm("甲办法政策解读", "2021年5月21日")
        ),
        "解读正文。",
    );
    let o = s.build("2021-12-20");
    assert!(o.status.success(), "{}", stderr(&o));
    let page = s.read("fdzdgknr/gfxwj/2021-1/index.html");
    assert!(page.contains("关于印发甲办法的通知"));
    assert!(page.contains("测政办字〔2021〕1号"));
    assert!(
        page.contains("href=\"/xxgk/fdzdgknr/zcjd/2021-1/\""),
        "interpretation link rewritten"
    );
    let jd = s.read("fdzdgknr/zcjd/2021-1/index.html");
    assert!(
        jd.contains("/xxgk/fdzdgknr/gfxwj/2021-1/"),
        "edge shown on both pages"
    );
    for f in [
        "index.html",
        "sitemap.xml",
        "feed.xml",
        "robots.txt",
        "404.html",
        "data/documents.json",
        "data/normative.json",
        "data/normative.csv",
        "data/decisions.json",
        "search/meta.json",
        "fdzdgknr/gfxwj/index.html",
        "jg/index.html",
        "nian/2021/index.html",
    ] {
        assert!(s.out().join(f).exists(), "missing {f}");
    }
}

/// 按信息类别 lists every kind but 一般信息 (the residual kind, two thirds of a site: its
/// listing repeated the columns, units and years), and links only listings that exist.
#[test]
fn kind_listings_leave_out_general_information() {
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/2021-1.md",
        &format!(
            "{}\nkind: 规范性文件",
            public_fm("关于印发甲办法的通知", "2021-05-21")
        ),
        "正文。",
    );
    s.doc(
        "fdzdgknr/zdjc/2021-2.md",
        &public_fm("召开工作会议", "2021-05-22"),
        "正文。",
    );
    let o = s.build("2021-12-20");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(s.out().join("wz/normative/index.html").exists());
    assert!(!s.out().join("wz/general").exists());
    let index = s.read("wz/index.html");
    assert!(index.contains("/wz/normative/"), "{index}");
    assert!(!index.contains("/wz/general/"), "{index}");
    assert!(!s.read("search/index.html").contains("/wz/general/"));
    // Still reachable without JavaScript: its column, unit and year listings.
    assert!(s.read("nian/2021/index.html").contains("召开工作会议"));
}

/// Front matter of a non-public document whose every field carries `m`.
fn secret_fm(m: &str, extra: &str) -> String {
    format!(
        "title: 标题{m}\nissuer: 测试区司法局\ndate: 2021-06-01\ndoc_number: 测司字〔2021〕{m}号\nindex_number: IDX{m}\nsummary: 摘要{m}\ntopics: [主题{m}]\nslug: slug{m}\nattachments: [fj{m}.pdf]\n{extra}"
    )
}

#[test]
fn non_public_documents_leave_no_trace() {
    let s = Site::new();
    s.doc("fdzdgknr/gfxwj/pub.md", &format!("{}\nkind: 规范性文件\ndoc_number: 测政办字〔2021〕3号\ninterpretation: fdzdgknr/zcjd/pubjd.md", public_fm("公开的规范性文件", "2021-05-01")), "公开正文。");
    s.doc(
        "fdzdgknr/zcjd/pubjd.md",
        &format!("{}\nkind: 政策解读", public_fm("公开的解读", "2021-05-01")),
        "解读。",
    );
    s.doc("fdzdgknr/zdjc/item.md", &format!("{}\nkind: 重大决策事项\ndecision: {{id: JC-1, year: 2021, undertaker: 区府办, status: 拟决策}}", public_fm("某重大决策事项", "2021-03-01")), "事项。");
    s.doc(
        "fdzdgknr/zdjc/draftstage.md",
        &format!(
            "{}\ndecision_stage: {{id: JC-1, stage: 决策草案}}",
            public_fm("决策草案公开稿", "2021-03-05")
        ),
        "草案。",
    );
    let cases = [
        ("MARKERAPPLY", "disclosure: 依申请公开"),
        (
            "MARKERWITHHELD",
            "disclosure: 不予公开\ndecision_stage: {id: JC-1, stage: 会议审议情况}",
        ),
        ("MARKERDRAFT", "disclosure: 主动公开\ndraft: true"),
        (
            "MARKEREMBARGO",
            "disclosure: 主动公开\npublished: 2030-01-01",
        ),
        (
            "MARKERJD",
            "disclosure: 不予公开\nkind: 政策解读\ninterprets: fdzdgknr/gfxwj/pub.md",
        ),
    ];
    for (m, extra) in cases {
        s.doc(
            &format!("fdzdgknr/gfxwj/file{m}.md"),
            &secret_fm(m, extra),
            &format!("正文{m}。[链接](pub.md)"),
        );
        s.write(
            &format!("content/fdzdgknr/gfxwj/fj{m}.pdf"),
            &format!("%PDF-1.4 {m}"),
        );
    }
    let o = s.build("2021-12-20");
    assert!(o.status.success(), "{}", stderr(&o));
    for (m, _) in cases {
        let hits = grep(&s.out(), m);
        assert!(hits.is_empty(), "marker {m} leaked into {hits:?}");
    }
    // The withheld stage shows as 不予公开 without title or link; the public one is linked.
    let cat = s.read("zdjcml/2021/index.html");
    assert!(cat.contains("不予公开"), "withheld stage labelled");
    assert!(cat.contains("/xxgk/fdzdgknr/zdjc/draftstage/"));
    let dec = s.read("data/decisions.json");
    assert!(dec.contains("\"public\":false"), "{dec}");
    assert!(s.out().join("fdzdgknr/gfxwj/pub/index.html").exists());
}

#[test]
fn two_builds_are_byte_identical() {
    let s = Site::new();
    for i in 1..=30 {
        s.doc(
            &format!("fdzdgknr/gfxwj/d{i}.md"),
            &format!(
                "{}\ntopics: [甲, 乙]",
                public_fm(
                    &format!("文件{i}号"),
                    &format!("2021-0{}-1{}", 1 + i % 9, i % 10)
                )
            ),
            "正文 **重点** [外链](https://www.gov.cn/)。",
        );
    }
    let o = s.build("2021-12-20");
    assert!(o.status.success(), "{}", stderr(&o));
    let first = snapshot(&s.out());
    let o = s.build("2021-12-20");
    assert!(o.status.success());
    assert_eq!(first, snapshot(&s.out()), "second build differs");
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/a.md",
        &public_fm("甲", "2021-05-01"),
        "正文。",
    );
    assert!(s.build("2021-12-20").status.success());
    let before = snapshot(&s.out());
    s.doc(
        "fdzdgknr/gfxwj/b.md",
        "title: 乙\ndisclosure: 主动公开\nissuer: 不存在的局\ndate: 2021-13-01",
        "正文。",
    );
    let o = s.build("2021-12-20");
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(before, snapshot(&s.out()));
    let leftovers: Vec<_> = std::fs::read_dir(s.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.contains("gongkai-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn example_site_builds_and_hides_non_public_documents() {
    let out = tempfile::tempdir().unwrap();
    let o = build(&repo(), out.path(), "2021-12-20");
    assert!(o.status.success(), "{}", stderr(&o));
    // Every non-public example document: neither its title nor its id may appear anywhere.
    let mut checked = 0;
    for e in walkdir::WalkDir::new(repo().join("content")) {
        let e = e.unwrap();
        if e.path().extension().is_none_or(|x| x != "md") {
            continue;
        }
        let text = std::fs::read_to_string(e.path()).unwrap();
        let hidden = text.contains("disclosure: 依申请公开")
            || text.contains("disclosure: 不予公开")
            || text.contains("公开属性: 不予公开")
            || text.contains("公开属性: 依申请公开")
            || text.contains("draft: true");
        if !hidden {
            continue;
        }
        let title = text
            .lines()
            .find_map(|l| {
                l.strip_prefix("title: ")
                    .or_else(|| l.strip_prefix("标题: "))
            })
            .unwrap()
            .trim()
            .trim_matches('"');
        let id = e
            .path()
            .strip_prefix(repo().join("content"))
            .unwrap()
            .to_string_lossy()
            .trim_end_matches(".md")
            .to_string();
        assert!(
            grep(out.path(), title).is_empty(),
            "title of {id} leaked: {:?}",
            grep(out.path(), title)
        );
        assert!(
            grep(out.path(), &id).is_empty(),
            "id of {id} leaked: {:?}",
            grep(out.path(), &id)
        );
        checked += 1;
    }
    assert!(
        checked >= 4,
        "example site should have non-public documents (found {checked})"
    );
}

/// `.gongkai-drafts` (which `gongkai deploy` trusts) is part of the build's output: written
/// into the staging folder before the swap by the library build itself, so it exists exactly
/// when the output holds drafts, whoever calls the build.
#[test]
fn drafts_marker_is_part_of_the_output() {
    let s = Site::new();
    s.doc(
        "fdzdgknr/a.md",
        &public_fm("甲公告", "2021-06-01"),
        "正文。",
    );
    let opts = |drafts| gongkai::build::BuildOptions {
        root: s.path().to_path_buf(),
        output: s.out(),
        today: gongkai::dates::Date::parse("2026-01-01").unwrap(),
        drafts,
        base_path: None,
        exclude: Vec::new(),
        timings: false,
    };
    let marker = s.out().join(gongkai::build::DRAFTS_MARKER);
    gongkai::build::build(&opts(true)).expect("builds with drafts");
    assert!(marker.is_file(), "a drafts build carries the marker");
    gongkai::build::build(&opts(false)).expect("builds");
    assert!(!marker.exists(), "a build without drafts has no marker");
}
