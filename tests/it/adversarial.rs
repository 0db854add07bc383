//! Adversarial inputs. Part 1 is a robustness harness for the parsers, runnable on stable in
//! CI (proptest, bounded cases; raise with GONGKAI_PROPTEST_CASES): front matter, decoding,
//! whole-file reading, document validation, dates, 文号, Markdown link scanning and HTML
//! sanitising — no panic, no hang, and every rejection carries a file line ≥ 1.
//! Part 2 builds sites with hostile files: 1 MB lines, Chinese and space-containing names,
//! deep folders, FIFOs, unreadable files, NUL bytes, YAML alias bombs, 10,000-item lists,
//! script injection in every field. (Cases already in errors.rs / build.rs are not repeated.)

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use gongkai::content;
use gongkai::dates::Date;
use gongkai::frontmatter::{self, Yaml};
use proptest::prelude::*;

use crate::util::*;

fn cases(default: u32) -> u32 {
    std::env::var("GONGKAI_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// No single parser call may take this long (a debug build on a busy 2-core machine).
const SLOW: Duration = Duration::from_secs(3);

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

/// Lines of `text` counted the way diagnostics count them (a final line without `\n` counts).
fn line_count(text: &str) -> usize {
    text.split('\n').count()
}

fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let v = f();
    assert!(t.elapsed() < SLOW, "{what} took {:?}", t.elapsed());
    v
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
fn render_body(body: &str) -> String {
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
        };
        let (site, diags) =
            gongkai::model::Site::build(cfg, c, Date::new(2021, 12, 20).unwrap(), false);
        site.unwrap_or_else(|| panic!("{diags:?}"))
    });
    let public = gongkai::model::PublicSite::new(site);
    gongkai::render::markdown::render(body, "fdzdgknr/gfxwj", &public, "/xxgk/", false).html
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
                if name.starts_with("on") {
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
fn yaml_alias_bomb_is_refused_quickly() {
    // "Billion laughs": 9 levels of 9 aliases each = 387 million strings if expanded.
    let mut y = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (prev, cur) in ('a'..='i').zip('b'..='j') {
        y.push_str(&format!("{cur}: &{cur} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
    }
    let t = Instant::now();
    let r = frontmatter::parse(&y, 2);
    assert!(t.elapsed() < SLOW, "alias bomb took {:?}", t.elapsed());
    let e = r.expect_err("an alias bomb must be refused");
    assert!(e.line >= 2, "{e:?}");
    // And through the binary: exit 1 with file:line, fast, and no output.
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/bomb.md",
        &format!("{}\n{y}", public_fm("甲", "2021-05-01")),
        "x",
    );
    let o = build_within(&s, Duration::from_secs(30));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("bomb.md:"), "{}", stderr(&o));
    assert!(!s.out().exists());
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

/// Run a build, killing it if it runs longer than `limit` (a hang is a failure, not a stuck CI).
/// Output goes to files: a pipe nobody reads would block a chatty process.
fn build_within(s: &Site, limit: Duration) -> std::process::Output {
    let logs = tempfile::tempdir().unwrap();
    let (out_log, err_log) = (logs.path().join("stdout"), logs.path().join("stderr"));
    let mut child = Command::new(bin())
        .args([
            "build",
            "--root",
            s.path().to_str().unwrap(),
            "--output",
            s.out().to_str().unwrap(),
            "--today",
            "2021-12-20",
        ])
        .env_remove("SOURCE_DATE_EPOCH")
        .stdout(std::fs::File::create(&out_log).unwrap())
        .stderr(std::fs::File::create(&err_log).unwrap())
        .spawn()
        .unwrap();
    let t = Instant::now();
    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        if t.elapsed() > limit {
            child.kill().unwrap();
            child.wait().unwrap();
            let err = std::fs::read_to_string(&err_log).unwrap_or_default();
            panic!(
                "build hung for {limit:?}; stderr: {}",
                &err[..err.floor_char_boundary(2000)]
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    std::process::Output {
        status,
        stdout: std::fs::read(&out_log).unwrap(),
        stderr: std::fs::read(&err_log).unwrap(),
    }
}

#[test]
fn ten_thousand_item_lists() {
    let s = Site::new();
    let block: String = (0..10_000).map(|i| format!("  - 主题{i}\n")).collect();
    s.doc(
        "fdzdgknr/gfxwj/block.md",
        &format!(
            "{}\ntopics:\n{}",
            public_fm("块列表", "2021-05-01"),
            block.trim_end()
        ),
        "正文。",
    );
    let flow: Vec<String> = (0..10_000).map(|i| format!("  专题{i}")).collect();
    s.doc(
        "fdzdgknr/gfxwj/flow.md",
        &format!(
            "{}\ntopics: [\n{}\n]",
            public_fm("流列表", "2021-05-01"),
            flow.join(",\n")
        ),
        "正文。",
    );
    let o = build_within(&s, Duration::from_secs(120));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        s.read("fdzdgknr/gfxwj/block/index.html")
            .contains("主题9999")
    );
    assert!(
        s.read("fdzdgknr/gfxwj/flow/index.html")
            .contains("专题9999")
    );
    // An error after a 10,000-line list still points at the right line.
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/late.md",
        &format!(
            "{}\ntopics:\n{}\nkind: 规范文件",
            public_fm("甲", "2021-05-01"),
            block.trim_end()
        ),
        "x",
    );
    let o = build_within(&s, Duration::from_secs(60));
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(&format!("late.md:{}:", 2 + 4 + 1 + 10_000)),
        "{}",
        stderr(&o)
    );
}

#[test]
fn one_megabyte_lines() {
    let s = Site::new();
    let line = "长".repeat(350_000); // 1.05 MB of UTF-8 on one line
    s.doc(
        "fdzdgknr/gfxwj/longbody.md",
        &public_fm("长正文", "2021-05-01"),
        &format!("{line}\n\n结尾。"),
    );
    s.doc(
        "fdzdgknr/gfxwj/longsummary.md",
        &format!("{}\nsummary: {line}", public_fm("长摘要", "2021-05-01")),
        "正文。",
    );
    let o = build_within(&s, Duration::from_secs(120));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        s.read("fdzdgknr/gfxwj/longbody/index.html")
            .contains("结尾。")
    );
    // An error on a 1 MB line is reported with its line (the message currently echoes the
    // whole value; see the report of issue 9).
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/bad.md",
        &format!("{}\nkind: {line}", public_fm("甲", "2021-05-01")),
        "x",
    );
    let o = build_within(&s, Duration::from_secs(60));
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err.contains("bad.md:6:"),
        "{}",
        &err[err.len().saturating_sub(500)..]
    );
}

#[test]
fn chinese_and_space_file_names_link_correctly() {
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/关于 印发 办法的通知.md",
        &public_fm("带空格的中文文件名", "2021-05-01"),
        "正文。",
    );
    s.doc("fdzdgknr/gfxwj/引用.md", &public_fm("引用", "2021-05-01"), "见[一](<关于 印发 办法的通知.md>)和[二](%E5%85%B3%E4%BA%8E%20%E5%8D%B0%E5%8F%91%20%E5%8A%9E%E6%B3%95%E7%9A%84%E9%80%9A%E7%9F%A5.md)。");
    s.write("content/fdzdgknr/gfxwj/附件 一.pdf", "%PDF-1.4");
    s.doc("fdzdgknr/zcjd/解读 文件.md", &format!("{}\nkind: 政策解读\ninterprets: \"fdzdgknr/gfxwj/关于 印发 办法的通知.md\"\nattachments: [附件 一.pdf]", public_fm("解读", "2021-05-01")).replace("附件 一.pdf", "../gfxwj/附件 一.pdf"), "x");
    let o = s.build("2021-12-20");
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_str(&s.read("data/documents.json")).unwrap();
    let target = json
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["title"] == "带空格的中文文件名")
        .unwrap();
    let url = target["url"].as_str().unwrap();
    assert!(!url.contains(' '), "URL is percent-encoded: {url}");
    let dir = gongkai::model::paths::url_decode(url).unwrap();
    assert!(
        s.out()
            .join(dir.trim_start_matches('/'))
            .join("index.html")
            .is_file(),
        "page at {dir}"
    );
    let page = s.read("fdzdgknr/gfxwj/引用/index.html");
    assert_eq!(
        page.matches(&format!("href=\"/xxgk{url}\"")).count(),
        2,
        "both link forms rewritten to {url}"
    );
    let jd = json
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["title"] == "解读")
        .unwrap();
    let att = gongkai::model::paths::url_decode(jd["attachments"][0].as_str().unwrap()).unwrap();
    assert!(
        s.out().join(att.trim_start_matches('/')).is_file(),
        "attachment {att}"
    );
}

#[test]
fn deep_folder_nesting() {
    let deep: Vec<String> = (0..40).map(|i| format!("层{i}")).collect();
    let deep = format!("fdzdgknr/{}", deep.join("/"));
    let s = Site::new();
    s.write(
        "site.yaml",
        &format!("{SITE_YAML}  - path: {deep}\n    title: 很深的栏目\n"),
    );
    s.doc(
        &format!("{deep}/a.md"),
        &public_fm("深层文件", "2021-05-01"),
        "正文。",
    );
    // 300 more empty levels below (a 3,000-byte path): walked without trouble.
    let mut p = s.path().join("content").join(&deep);
    for i in 0..300 {
        p.push(format!("d{i}"));
    }
    std::fs::create_dir_all(&p).unwrap();
    let o = s.build("2021-12-20");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(s.out().join(&deep).join("a/index.html").is_file());
    // A document deep in an undeclared folder is an error naming the folder, not a crash.
    std::fs::write(
        p.join("lost.md"),
        format!("---\n{}\n---\nx\n", public_fm("迷路", "2021-05-01")),
    )
    .unwrap();
    let o = s.build("2021-12-20");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("lost.md:1:1") && stderr(&o).contains("unknown column"),
        "{}",
        stderr(&o)
    );
}

fn mkfifo(p: &Path) {
    let ok = Command::new("mkfifo")
        .arg(p)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "mkfifo {}", p.display());
}

/// A FIFO would block a naive `read` forever; it must be skipped or refused, never waited on.
#[test]
fn fifos_do_not_hang_the_build() {
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/a.md",
        &format!("{}\nattachments: [pipe.pdf]", public_fm("甲", "2021-05-01")),
        "正文。",
    );
    mkfifo(&s.path().join("content/fdzdgknr/gfxwj/pipe.md"));
    mkfifo(&s.path().join("content/fdzdgknr/gfxwj/pipe.pdf"));
    let o = build_within(&s, Duration::from_secs(30));
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("pipe.pdf") && err.contains("a.md:6:1"),
        "a FIFO is not an attachment: {err}"
    );
    // Without the attachment the FIFO document is skipped and the site builds.
    s.doc(
        "fdzdgknr/gfxwj/a.md",
        &public_fm("甲", "2021-05-01"),
        "正文。",
    );
    let o = build_within(&s, Duration::from_secs(30));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!s.out().join("fdzdgknr/gfxwj/pipe").exists());
}

/// chmod 000: root (our CI) reads it anyway, so then it must simply build; as a normal user
/// it must be a clear "cannot read" error naming the file, with exit 1.
#[test]
fn unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/a.md",
        &public_fm("甲", "2021-05-01"),
        "正文。",
    );
    let p = s.path().join("content/fdzdgknr/gfxwj/a.md");
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable = std::fs::read(&p).is_ok();
    let o = s.build("2021-12-20");
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
    if readable {
        assert!(
            o.status.success(),
            "root ignores file modes: {}",
            stderr(&o)
        );
    } else {
        assert_eq!(o.status.code(), Some(1));
        assert!(
            stderr(&o).contains("content/fdzdgknr/gfxwj/a.md")
                && stderr(&o).contains("cannot read"),
            "{}",
            stderr(&o)
        );
    }
}

/// NUL is valid UTF-8 but never text (binary data, UTF-16 without a BOM): refused with its line.
#[test]
fn nul_bytes() {
    let s = Site::new();
    s.write_bytes("content/fdzdgknr/gfxwj/nul.md", b"---\ntitle: \xe7\x94\xb2\x00\xe4\xb9\x99\ndisclosure: \xe4\xb8\xbb\xe5\x8a\xa8\xe5\x85\xac\xe5\xbc\x80\n---\nx\n");
    s.doc(
        "fdzdgknr/gfxwj/body.md",
        &public_fm("正文含NUL", "2021-05-01"),
        "前\0后",
    );
    // UTF-16LE without a byte-order mark: every other byte is NUL.
    let utf16: Vec<u8> = "---\ntitle: a\n---\n"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    s.write_bytes("content/fdzdgknr/gfxwj/utf16.md", &utf16);
    let o = s.build("2021-12-20");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    for at in ["nul.md:2:1", "body.md:8:1", "utf16.md:1:1"] {
        assert!(err.contains(at), "{at} in {err}");
    }
    assert_eq!(err.matches("NUL byte").count(), 3, "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// Script injection through every front-matter field and the body: escaped or stripped
/// everywhere (pages, listings, feeds, JSON, search).
#[test]
fn script_injection_is_escaped_everywhere() {
    let x = "</script><script>alert(\"xss\")</script><img src=x onerror=alert(1)>";
    let s = Site::new();
    let fm = format!(
        "title: '{x}'\ndisclosure: 主动公开\nissuer: 测试区人民政府办公室\ndate: 2021-05-01\ndoc_number: '{x}'\nindex_number: '{x}'\nsummary: '{x}'\ntopics: ['{x}']\nkind: 规范性文件\nregistration: '{x}'\ninterpretation: 'https://www.example.gov.cn/jd?a=\"><script>alert(2)</script>'"
    );
    s.doc("fdzdgknr/gfxwj/xss.md", &fm, &format!("{x}\n\n<a href=\"javascript:alert(3)\">点</a> <iframe src=\"https://evil.example/\"></iframe>\n\n`{x}`"));
    let o = s.build("2021-12-20");
    let err = stderr(&o);
    if o.status.code() == Some(1) {
        // Refusing the malformed URL is also acceptable; then drop it and build again.
        assert!(err.contains("xss.md:"), "{err}");
        s.doc("fdzdgknr/gfxwj/xss.md", &fm.lines().filter(|l| !l.starts_with("interpretation")).collect::<Vec<_>>().join("\n"), &format!("{x}\n\n<a href=\"javascript:alert(3)\">点</a> <iframe src=\"https://evil.example/\"></iframe>\n\n`{x}`"));
        let o = s.build("2021-12-20");
        assert!(o.status.success(), "{}", stderr(&o));
    }
    for (p, bytes) in walk(&s.out()) {
        let text = String::from_utf8_lossy(&bytes).to_ascii_lowercase();
        let rel = p.strip_prefix(s.out()).unwrap().display().to_string();
        if rel.ends_with(".json") {
            // Data, not markup: raw text is right here as long as it stays valid JSON
            // (the theme's scripts insert it with textContent, never innerHTML).
            assert!(
                serde_json::from_slice::<serde_json::Value>(&bytes).is_ok(),
                "{rel} is valid JSON"
            );
            continue;
        }
        if rel.ends_with(".csv") {
            continue;
        }
        // Only an unescaped tag contains these (escaped text reads `&lt;script&gt;`).
        for bad in [
            "<script>alert",
            "<img src=x onerror",
            "href=\"javascript:",
            "href='javascript:",
            "<iframe",
        ] {
            assert!(!text.contains(bad), "`{bad}` unescaped in {rel}");
        }
    }
    assert!(
        s.read("fdzdgknr/gfxwj/xss/index.html")
            .contains("&lt;script&gt;alert"),
        "title shown escaped"
    );
}

/// A published document that links (in Markdown) to a file which is the attachment of a
/// withheld document would publish that file: the build must refuse it.
#[test]
fn public_link_to_a_withheld_attachment_is_refused() {
    let s = Site::new();
    s.write("content/fdzdgknr/gfxwj/fjSECRETX.pdf", "%PDF-1.4 SECRETX");
    s.doc("fdzdgknr/gfxwj/secret.md", "title: 内部\ndisclosure: 不予公开\nissuer: 区府办\ndate: 2021-05-01\nattachments: [fjSECRETX.pdf]", "x");
    s.doc(
        "fdzdgknr/gfxwj/pub.md",
        &public_fm("公开", "2021-05-01"),
        "见[附件](fjSECRETX.pdf)。",
    );
    let o = s.build("2021-12-20");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("attachment of unpublished documents only") && err.contains("pub.md:8:1"),
        "{err}"
    );
    assert!(
        !err.contains("SECRETX") || err.contains("fjSECRETX.pdf"),
        "{err}"
    );
    // Attaching it to the public document as well makes it public on purpose: allowed.
    s.doc(
        "fdzdgknr/gfxwj/pub.md",
        &format!(
            "{}\nattachments: [fjSECRETX.pdf]",
            public_fm("公开", "2021-05-01")
        ),
        "见[附件](fjSECRETX.pdf)。",
    );
    let o = s.build("2021-12-20");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!grep(&s.out(), "内部").iter().any(|f| f.ends_with(".html")));
}

#[test]
fn site_yaml_that_is_a_fifo_does_not_hang() {
    let s = Site::new();
    std::fs::remove_file(s.path().join("site.yaml")).unwrap();
    mkfifo(&s.path().join("site.yaml"));
    let o = build_within(&s, Duration::from_secs(20));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("site.yaml"), "{}", stderr(&o));
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

/// data/normative.csv is opened in Excel/WPS: a title starting with = + - @ must not run as a formula.
#[test]
fn csv_formula_injection_is_neutralised() {
    let s = Site::new();
    for (i, t) in [
        "=HYPERLINK(\"https://evil.example/\",\"点我\")",
        "+1+cmd|' /C calc'!A0",
        "@SUM(1,1)",
        "-2+3",
    ]
    .iter()
    .enumerate()
    {
        let fm = format!(
            "title: '{}'\ndisclosure: 主动公开\nissuer: 测试区人民政府办公室\ndate: 2021-05-01\nkind: 规范性文件",
            t.replace('\'', "''")
        );
        s.doc(&format!("fdzdgknr/gfxwj/f{i}.md"), &fm, "x");
    }
    let o = s.build("2021-12-20");
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = s.read("data/normative.csv");
    for line in csv.lines().skip(1) {
        for cell in line.split(',') {
            let c = cell.trim_start_matches('"');
            assert!(
                !c.starts_with(['=', '+', '@']),
                "formula cell `{cell}` in {line}"
            );
        }
    }
}
