//! Robustness harness for the parsers, runnable on stable in CI (proptest, bounded cases;
//! raise with GONGKAI_PROPTEST_CASES): front matter, decoding, whole-file reading, document
//! validation, dates, 文号, Markdown link scanning and HTML sanitising — no panic, no hang,
//! and every rejection carries a file line ≥ 1. `fuzz/` has cargo-fuzz targets for the same.

use std::path::Path;

use gongkai::content;
use gongkai::dates::Date;
use gongkai::frontmatter::{self, Yaml};
use proptest::prelude::*;

use super::timed;
use crate::util::*;

fn cases(default: u32) -> u32 {
    std::env::var("GONGKAI_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Pieces of front matter, YAML syntax and hostile bytes; random sequences of them reach far
/// deeper into the parsers than uniformly random text.
const YAML_TOKENS: &[&str] = &[
    "---\n",
    "---",
    "...\n",
    "\n",
    "\r\n",
    "\r",
    "  ",
    "    ",
    "\t",
    "- ",
    "-",
    "? ",
    ": ",
    ":",
    ",",
    "[",
    "]",
    "{",
    "}",
    "\"",
    "'",
    "#",
    "&a ",
    "*a",
    "&b ",
    "*b",
    "<<: *a\n",
    "!!str ",
    "!!binary ",
    "!custom ",
    "|\n",
    ">-\n",
    "%YAML 1.2\n",
    "%TAG ! tag:x:\n",
    "~",
    "null",
    "true",
    "0x1F",
    "1e999",
    "-.inf",
    "title: ",
    "标题: ",
    "disclosure: 主动公开",
    "公开属性: 不予公开",
    "issuer: 区府办",
    "date: 2021-05-21",
    "date: 2021年5月21日",
    "published: 2030-01-01",
    "doc_number: 测政办字〔2021〕1号",
    "topics: ",
    "attachments: ",
    "interpretation: ",
    "decision: ",
    "decision_stage: ",
    "cleanup: ",
    "kind: 规范性文件",
    "slug: ",
    "draft: true",
    "a.md",
    "../x.md",
    "/etc/passwd",
    "中文",
    "〔",
    "〕",
    "\0",
    "\u{FEFF}",
    "\u{202E}",
    "\"\": ",
    "'': ",
    "? >\n",
    "? |\n",
    "\u{3000}",
    "😀",
    "\\",
    "\\u0000",
    "key",
    "id: X",
    "year: 2021",
];

fn token_text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(YAML_TOKENS), 0..max).prop_map(|v| v.concat())
}

/// Upper bound of the lines of `text` (YAML also breaks lines at a lone `\r`; files reach the
/// parsers with CRLF/CR already normalised, but these tests feed raw text).
fn line_count(text: &str) -> usize {
    text.matches(['\n', '\r']).count() + 1
}

/// Read one file through the real pipeline (read → decode → split → YAML → validation) and
/// check every diagnostic: an error location inside the file.
fn read_and_validate(bytes: &[u8]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.md");
    std::fs::write(&path, bytes).unwrap();
    let max_line = bytes
        .iter()
        .filter(|b| **b == b'\n' || **b == b'\r')
        .count()
        + 2;
    let cfg = gongkai::config::parse(SITE_YAML).expect("test site.yaml");
    let diags = timed("read_doc + parse", || {
        match content::read_doc("fdzdgknr/gfxwj/x.md", &path) {
            Ok(raw) => gongkai::model::document::parse(raw, &cfg)
                .err()
                .unwrap_or_default(),
            Err(d) => d,
        }
    });
    for d in diags {
        let line = d.line.unwrap_or(0);
        prop_assert!(
            line >= 1 && line <= max_line,
            "diagnostic without a location inside the file: {d}\ninput: {:?}",
            String::from_utf8_lossy(bytes)
        );
        prop_assert!(!d.message.is_empty());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(512), ..ProptestConfig::default() })]

    #[test]
    fn frontmatter_split_and_parse_never_panic(text in prop_oneof![token_text(60), any::<String>(), "---\n[a-z: \\[\\]{},'\"&*!|>#\\-\n ]{0,80}\n---\n.*"]) {
        if let Ok(split) = timed("split", || frontmatter::split(&text)) {
            prop_assert!(split.yaml_line >= 1 && split.body_line > split.yaml_line);
            if let Err(e) = timed("parse", || frontmatter::parse(split.yaml, split.yaml_line)) {
                prop_assert!(e.line >= split.yaml_line && e.line <= line_count(&text) + 1, "line {} outside the front matter: {e:?} in {text:?}", e.line);
                prop_assert!(e.col >= 1, "column {} in {e:?}", e.col);
            }
        }
        // site.yaml goes through the same YAML layer from line 1.
        if let Err(diags) = timed("config::parse", || gongkai::config::parse(&text)) {
            for d in diags {
                prop_assert!(d.line.is_none_or(|l| l >= 1 && l <= line_count(&text) + 1), "{d}");
            }
        }
    }

    #[test]
    fn decode_never_panics_and_locates_bad_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        match content::decode(&bytes) {
            Ok(text) => prop_assert!(!text.contains('\r')),
            Err((line, msg)) => {
                prop_assert!(line >= 1 && line <= bytes.iter().filter(|b| **b == b'\n').count() + 1, "{line}: {msg}");
                prop_assert!(msg.contains("UTF"), "{msg}");
            }
        }
    }

    #[test]
    fn whole_files_of_random_bytes(bytes in prop_oneof![
        prop::collection::vec(any::<u8>(), 0..600),
        token_text(80).prop_map(String::into_bytes),
        token_text(60).prop_map(|t| format!("---\ntitle: 甲\ndisclosure: 主动公开\nissuer: 区府办\ndate: 2021-05-01\n{t}\n---\n正文").into_bytes()),
    ]) {
        read_and_validate(&bytes)?;
    }

    #[test]
    fn date_parsing_is_total(s in prop_oneof![any::<String>(), "[0-9]{0,6}[-年/.]{0,2}[0-9０-９]{0,3}[-月]{0,2}[0-9]{0,3}日?", "[ \t]{0,2}(19|20|21|22)[0-9]{2}-[0-9]{1,2}-[0-9]{1,2}[ ]{0,2}"]) {
        if let Ok(d) = timed("Date::parse", || Date::parse(&s)) {
            prop_assert_eq!(Date::new(d.year, d.month, d.day), Some(d), "{} accepted as an impossible date", s);
            prop_assert_eq!(Date::from_days(d.to_days()), d);
        }
    }

    #[test]
    fn doc_number_parsing_is_total(s in prop_oneof![any::<String>(), "[测政办字A-Z]{0,4}[〔\\[(（【［﹝]?[0-9０-９]{0,5}[〕\\])）】］﹞]?第?[0-9０-９ ]{0,6}号?"]) {
        let parsed = timed("docnum::parse", || gongkai::docnum::parse(&s));
        let _ = gongkai::docnum::normalize(&s);
        if let Some(fixed) = gongkai::docnum::suggest(&s) {
            prop_assert!(gongkai::docnum::parse(&fixed).is_ok(), "suggestion {fixed} for {s} does not parse");
        }
        if let Ok(n) = parsed {
            prop_assert_eq!(gongkai::docnum::parse(&n.to_string()), Ok(n));
        }
    }

    #[test]
    fn markdown_link_scan_never_panics(body in prop_oneof![any::<String>(), prop::collection::vec(prop::sample::select(MD_TOKENS), 0..60).prop_map(|v| v.concat())]) {
        let (links, diags) = timed("scan_body", || gongkai::model::links::scan_body(&body, 5, "fdzdgknr/gfxwj", Path::new("content/x.md")));
        let last = 5 + line_count(&body);
        for l in links {
            prop_assert!(l.line >= 5 && l.line <= last, "link line {} in {body:?}", l.line);
        }
        for d in diags {
            prop_assert!(d.line.is_some_and(|l| l >= 5 && l <= last), "{d}");
        }
    }

    #[test]
    fn raw_html_is_sanitised(body in prop::collection::vec(prop::sample::select(HTML_TOKENS), 0..40).prop_map(|v| v.concat())) {
        let html = timed("render", || render_body(&body));
        prop_assert!(unsafe_markup(&html).is_none(), "unsafe markup {:?} in {html:?} from {body:?}", unsafe_markup(&html));
    }
}

const MD_TOKENS: &[&str] = &[
    "[",
    "]",
    "(",
    ")",
    "<",
    ">",
    "!",
    "\n",
    "\n\n",
    "# ",
    "* ",
    "|",
    "---",
    "`",
    "```\n",
    "a.md",
    "../",
    "https://www.gov.cn/",
    "mailto:",
    "javascript:",
    "[^1]",
    "[^1]: ",
    "    ",
    "> ",
    "- ",
    "1. ",
    "中文",
    ":",
    " ",
    "\\",
    "[ref]",
    "[ref]: a.md\n",
    "<a href=\"b.md\">",
    "![",
    "#frag",
    "%E4%B8%AD",
    "%zz",
    "?q=1",
    "\"t\"",
    "&amp;",
    "&#106;",
    "\0",
];

const HTML_TOKENS: &[&str] = &[
    // Heading attributes (issue 16 item 1): a body without raw HTML skipped the sanitiser.
    "\n## 说明 {tabindex=0 autofocus onfocus=alert(document.domain)}\n",
    "\n# 标题 {#anchor .cls style=color:red onclick=alert(1)}\n",
    "{style=\"background:url(x)\"}",
    "<script>alert(1)</script>",
    "<SCRIPT>",
    "</script>",
    "<img src=x onerror=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">",
    "<a href=\"java\tscript:alert(1)\">",
    "<a href=\"&#106;avascript:alert(1)\">",
    "<iframe src=\"https://evil.example/\">",
    "<svg onload=alert(1)>",
    "<object data=x>",
    "<embed src=x>",
    "<style>body{}</style>",
    "<div style=\"x\" onclick=\"alert(1)\">",
    "<table><tr><td colspan=2 onmouseover=alert(1)>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<a href=\"data:text/html,<script>alert(1)</script>\">",
    "<form action=javascript:alert(1)>",
    "<base href=//evil>",
    "<meta http-equiv=refresh content=0;url=javascript:alert(1)>",
    "\n",
    "\n\n",
    "`",
    "[x](",
    ")",
    "<",
    ">",
    "\"",
    "'",
    "=",
    " ",
    "中文",
    "<p>",
    "</p>",
    "<details open ontoggle=alert(1)>",
];

/// Render a body through the real Markdown pipeline of a minimal valid site.
pub(super) fn render_body(body: &str) -> String {
    use std::sync::OnceLock;
    static SITE: OnceLock<gongkai::model::Site> = OnceLock::new();
    let site = SITE.get_or_init(|| {
        let cfg = gongkai::config::parse(SITE_YAML).unwrap();
        let front = frontmatter::parse(&public_fm("甲", "2021-05-01"), 2).unwrap();
        let raw = content::RawDoc {
            rel: "fdzdgknr/gfxwj/a.md".into(),
            id: "fdzdgknr/gfxwj/a".into(),
            dir: "fdzdgknr/gfxwj".into(),
            file: "content/fdzdgknr/gfxwj/a.md".into(),
            front,
            body: "正文".into(),
            body_line: 7,
            allows: Vec::new(),
        };
        let c = content::Content {
            docs: vec![raw],
            assets: Default::default(),
            aliases: Default::default(),
            unreadable: Default::default(),
        };
        let (site, diags) =
            gongkai::model::Site::build(cfg, c, Date::new(2021, 12, 20).unwrap(), false);
        site.unwrap_or_else(|| panic!("{diags:?}"))
    });
    let public = gongkai::model::PublicSite::new(site);
    let links = std::sync::Arc::new(gongkai::render::markdown::LinkMap::new(&public, "/xxgk/"));
    gongkai::render::markdown::render(body, "fdzdgknr/gfxwj", &public, &links, false).html
}

/// The first dangerous construct in rendered HTML: script-capable elements, event handler
/// attributes, or script-capable URLs in href/src/action.
fn unsafe_markup(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    for tag in [
        "<script", "<iframe", "<object", "<embed", "<style", "<form", "<base", "<meta", "<svg",
    ] {
        if lower.contains(tag) {
            return Some(tag.into());
        }
    }
    // Inside each real tag: no on* attribute and no javascript:/data: URL.
    let mut rest = lower.as_str();
    while let Some(i) = rest.find('<') {
        let after = &rest[i + 1..];
        let end = after.find('>').unwrap_or(after.len());
        let tag = &after[..end];
        if tag.starts_with(|c: char| c.is_ascii_alphabetic()) {
            for attr in tag.split_whitespace().skip(1) {
                let name = attr.split('=').next().unwrap_or("");
                if name.starts_with("on") || name == "style" {
                    return Some(format!("<{tag}>"));
                }
                if matches!(name, "href" | "src" | "action") {
                    let v = attr[name.len()..].trim_start_matches(['=', '"', '\'', ' ']);
                    if v.starts_with("javascript:")
                        || v.starts_with("data:")
                        || v.starts_with("vbscript:")
                        || v.starts_with("&#")
                    {
                        return Some(format!("<{tag}>"));
                    }
                }
            }
        }
        rest = &after[end.min(after.len())..];
    }
    None
}

#[test]
fn deeply_nested_yaml_is_refused() {
    for open in ["[", "{a: "] {
        let close = if open == "[" { "]" } else { "}" };
        let y = format!("title: {}1{}\n", open.repeat(5000), close.repeat(5000));
        let e = timed("deep nesting", || frontmatter::parse(&y, 2))
            .expect_err("5,000 levels are refused");
        assert!(e.line >= 2, "{e:?}");
    }
}

#[test]
fn yaml_tags_and_odd_scalars_are_plain_values() {
    // Tags, binary and special floats must not turn into something the model mis-reads.
    let n = frontmatter::parse("title: !!binary aGVsbG8=\nyear: !!str 2021\nx: .nan\n", 2).unwrap();
    let Yaml::Map(m) = n.value else {
        panic!("{n:?}")
    };
    assert_eq!(m.len(), 3);
    assert!(m.iter().all(|(_, v)| v.line >= 2));
}

/// U+2028/U+2029/U+0085 are line breaks to libyaml (YAML 1.1) but not to editors: pasted into
/// a title they must neither break the front matter nor shift later line numbers.
#[test]
fn unicode_line_separators_in_front_matter() {
    for sep in ['\u{2028}', '\u{2029}', '\u{85}'] {
        let n = frontmatter::parse(&format!("title: 甲{sep}乙\nkind: 一般信息\n"), 2).unwrap();
        let Yaml::Map(m) = n.value else {
            panic!("{n:?}")
        };
        assert_eq!(m[0].1.value, Yaml::Str("甲 乙".into()));
        assert_eq!(m[1].1.line, 3);
        let e = frontmatter::parse(
            &format!("title: 甲{sep}乙\ndate: 2021-05-01\nkind: [1, 2}}\n"),
            2,
        )
        .unwrap_err();
        assert_eq!(e.line, 4, "{e:?}");
    }
}

/// Found by the `frontmatter` fuzz target: an empty mapping key (`"": x`, or `? >` whose
/// folded-scalar key is empty) sent the key-line finder into an endless loop — a hung build.
#[test]
fn empty_keys_do_not_hang() {
    for text in [
        "? >\n",
        "?\r\r\r> \r\r ",
        "title: a\n\"\": b\n",
        "title: a\ndecision: {\"\": 1}\n",
        "'': x\n",
    ] {
        let t = text.replace('\r', "\n");
        // In a thread, so a regression fails the test instead of hanging the whole run.
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let r = frontmatter::parse(&t, 2);
            let _ = gongkai::config::parse(&t);
            let _ = tx.send(r);
        });
        match rx.recv_timeout(std::time::Duration::from_secs(10)) {
            Ok(Err(e)) => assert!(e.line >= 2, "{e:?}"),
            Ok(Ok(_)) => {}
            Err(_) => panic!("parsing {text:?} hangs"),
        }
    }
    // Through the binary: an error with the file, not a hang.
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/a.md",
        &format!("{}\n\"\": 空键", public_fm("甲", "2021-05-01")),
        "x",
    );
    let o = super::build_within(&s, std::time::Duration::from_secs(30));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("a.md:"), "{}", stderr(&o));
}

/// Found by the `dates_docnum` fuzz target: `〔0656〕` was accepted as the year 656, which then
/// printed as `〔656〕` and no longer parsed.
#[test]
fn doc_number_year_is_a_calendar_year() {
    assert!(gongkai::docnum::parse("罗政AAAAAAA办字〔0656〕20号").is_err());
    let n = gongkai::docnum::parse("罗政AAAAAAA办字〔2021〕20号").unwrap();
    assert_eq!(gongkai::docnum::parse(&n.to_string()), Ok(n));
}
