//! Whole-site build tests: fixture sites, expected pages and data, determinism, atomic output.

use crate::util::*;

#[test]
fn minimal_site_builds_with_expected_pages() {
    let s = Site::new();
    s.doc("fdzdgknr/gfxwj/2021-1.md", &format!("{}\nkind: 规范性文件\ndoc_number: 测政办字〔2021〕1号\ninterpretation: fdzdgknr/zcjd/2021-1.md", public_fm("关于印发甲办法的通知", "2021-05-21")), "正文。见[解读](../zcjd/2021-1.md)。");
    s.doc("fdzdgknr/zcjd/2021-1.md", &format!("{}\nkind: 政策解读", public_fm("甲办法政策解读", "2021年5月21日")), "解读正文。");
    let o = s.build("2021-12-20");
    assert!(o.status.success(), "{}", stderr(&o));
    let page = s.read("fdzdgknr/gfxwj/2021-1/index.html");
    assert!(page.contains("关于印发甲办法的通知"));
    assert!(page.contains("测政办字〔2021〕1号"));
    assert!(page.contains("href=\"/xxgk/fdzdgknr/zcjd/2021-1/\""), "interpretation link rewritten");
    let jd = s.read("fdzdgknr/zcjd/2021-1/index.html");
    assert!(jd.contains("/xxgk/fdzdgknr/gfxwj/2021-1/"), "edge shown on both pages");
    for f in ["index.html", "sitemap.xml", "feed.xml", "robots.txt", "404.html", "data/documents.json", "data/normative.json", "data/normative.csv", "data/decisions.json", "search/meta.json", "fdzdgknr/gfxwj/index.html", "jg/index.html", "nian/2021/index.html"] {
        assert!(s.out().join(f).exists(), "missing {f}");
    }
}
