//! The Markdown fast path (issue 22) writes exactly what the sanitiser would have kept.
//!
//! `render::markdown::render` skips ammonia for plain Markdown and rewrites the events so
//! that pulldown-cmark's writer emits the sanitised HTML itself. The proof: for every input
//! that takes the fast path, the HTML tokens a browser's tokenizer reads from the page —
//! start tags with their (sorted, entity-decoded) attributes, end tags, text — are the same
//! as those of the sanitiser's output for the same input (`Route::Sanitiser`), and running
//! the sanitiser over the fast output changes no token. So the fast path is as safe as the
//! sanitiser, and an input the fast path would write differently fails here.
//!
//! What the comparison ignores, and why:
//! * the self-closing flag (`<br />` vs `<br>`): on HTML void elements browsers ignore it,
//!   and the fast path writes no other element that could carry it (no SVG/MathML — those
//!   only come from raw HTML, which never takes the fast path);
//! * parse errors (they are not tokens: both outputs build the same tree from the same
//!   tokens). Whitespace is compared exactly.
//!
//! Inputs: a seeded generator of Markdown (3,000 cases by default, `GONGKAI_FUZZ_CASES`,
//! `GONGKAI_FUZZ_SEED` as in `adversarial::sanitiser_fuzz`), every document of the example
//! site (`content/`), and a list of known tricky inputs.

use std::cell::RefCell;
use std::sync::{Arc, OnceLock};

use gongkai::content;
use gongkai::dates::Date;
use gongkai::frontmatter;
use gongkai::model::PublicSite;
use gongkai::render::markdown::{LinkMap, Route, render_via};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use crate::util::*;

/// One HTML token, normalised (see the module docs).
#[derive(Debug, PartialEq, Eq)]
enum Tok {
    Start(String, Vec<(String, String)>),
    End(String),
    Text(String),
    Comment(String),
    Doctype,
}

struct Sink(RefCell<Vec<Tok>>);

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut v = self.0.borrow_mut();
        let mut text = |s: &str| match v.last_mut() {
            Some(Tok::Text(t)) => t.push_str(s),
            _ => v.push(Tok::Text(s.to_string())),
        };
        match token {
            Token::CharacterTokens(s) => text(&s),
            Token::NullCharacterToken => text("\0"),
            Token::TagToken(tag) => {
                let name = tag.name.to_string();
                v.push(match tag.kind {
                    TagKind::StartTag => {
                        let mut attrs: Vec<(String, String)> = tag
                            .attrs
                            .iter()
                            .map(|a| (a.name.local.to_string(), a.value.to_string()))
                            .collect();
                        attrs.sort();
                        Tok::Start(name, attrs)
                    }
                    TagKind::EndTag => Tok::End(name),
                })
            }
            Token::CommentToken(c) => v.push(Tok::Comment(c.to_string())),
            Token::DoctypeToken(_) => v.push(Tok::Doctype),
            Token::ParseError(_) | Token::EOFToken => {}
        }
        TokenSinkResult::Continue
    }
}

/// The tokens an HTML tokenizer reads from `html`.
fn tokens(html: &str) -> Vec<Tok> {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tok = Tokenizer::new(Sink(RefCell::new(Vec::new())), TokenizerOpts::default());
    let _ = tok.feed(&input);
    tok.end();
    tok.sink.0.take()
}

const SITE: &str = "title: 测试区人民政府 政府信息公开
base_url: https://www.example.gov.cn/xxgk/
organization: 测试区人民政府
units:
  - name: 测试区人民政府办公室
columns:
  - path: fdzdgknr
    title: 法定主动公开内容
    freshness: none
  - path: fdzdgknr/gfxwj
    title: 行政规范性文件
  - path: fdzdgknr/zcjd
    title: 政策解读
";

fn raw(id: &str, fm: &str, body: &str) -> content::RawDoc {
    let (dir, _) = id.rsplit_once('/').unwrap();
    content::RawDoc {
        rel: format!("{id}.md"),
        id: id.into(),
        dir: dir.into(),
        file: format!("content/{id}.md").into(),
        front: frontmatter::parse(fm, 2).unwrap(),
        body: body.into(),
        body_line: 7,
        allows: Vec::new(),
    }
}

/// A small site: published `gfxwj/a`, `gfxwj/文件 一`, `zcjd/b`, an embargoed `gfxwj/w`, and
/// attachments of `a` (published) and `w` (withheld). `raw_html`: `allow_raw_html: true`.
fn site(raw_html: bool) -> &'static gongkai::model::Site {
    static PLAIN: OnceLock<gongkai::model::Site> = OnceLock::new();
    static CLASSES: OnceLock<gongkai::model::Site> = OnceLock::new();
    let cell = if raw_html { &CLASSES } else { &PLAIN };
    cell.get_or_init(|| {
        let yaml = if raw_html {
            format!("{SITE}allow_raw_html: true\n")
        } else {
            SITE.to_string()
        };
        let cfg = gongkai::config::parse(&yaml).unwrap();
        let fm = public_fm("甲", "2021-05-01");
        let c = content::Content {
            docs: vec![
                raw(
                    "fdzdgknr/gfxwj/a",
                    &fm,
                    "[附件](a-fj1.pdf) [附件](<附件 1.pdf>)",
                ),
                raw(
                    "fdzdgknr/gfxwj/文件 一",
                    &public_fm("乙", "2021-05-02"),
                    "正文",
                ),
                raw("fdzdgknr/zcjd/b", &public_fm("丙", "2021-05-03"), "正文"),
                raw(
                    "fdzdgknr/gfxwj/w",
                    &format!("{}\npublished: 2030-01-01", public_fm("丁", "2021-05-04")),
                    "[附件](w-fj1.pdf)",
                ),
            ],
            assets: [
                "fdzdgknr/gfxwj/a-fj1.pdf",
                "fdzdgknr/gfxwj/w-fj1.pdf",
                "fdzdgknr/gfxwj/附件 1.pdf",
            ]
            .into_iter()
            .map(String::from)
            .collect(),
            aliases: Default::default(),
            unreadable: Default::default(),
        };
        let (site, diags) =
            gongkai::model::Site::build(cfg, c, Date::new(2021, 12, 20).unwrap(), false);
        site.unwrap_or_else(|| panic!("{diags:?}"))
    })
}

/// Both routes for one body; asserts the fast one (if taken) carries the sanitiser's tokens.
/// Returns whether the fast path was taken.
fn check(body: &str, public: &PublicSite, links: &Arc<LinkMap>, dir: &str, what: &str) -> bool {
    let (fast, took) = render_via(body, dir, public, links, true, Route::Auto);
    let (slow, took_slow) = render_via(body, dir, public, links, true, Route::Sanitiser);
    assert!(!took_slow);
    assert_eq!(fast.text, slow.text, "{what}: search text\ninput {body:?}");
    if !took {
        assert_eq!(fast.html, slow.html, "{what}: fallback is the sanitiser");
        return false;
    }
    let t = tokens(&fast.html);
    assert_eq!(
        t,
        tokens(&slow.html),
        "{what}: the fast path and the sanitiser differ\ninput {body:?}\nfast {:?}\nsanitiser {:?}",
        fast.html,
        slow.html
    );
    // And the sanitiser has nothing to remove from the fast output (URLs kept as they are).
    let again =
        gongkai::sanitize::clean(&fast.html, public.config.allow_raw_html, |u| u.to_string());
    assert_eq!(
        t,
        tokens(&again),
        "{what}: the sanitiser changes the fast output\ninput {body:?}\nfast {:?}\nagain {again:?}",
        fast.html
    );
    // Same input, same path, same bytes.
    let (twice, took2) = render_via(body, dir, public, links, true, Route::Auto);
    assert!(took2 && twice.html == fast.html, "{what}: not reproducible");
    true
}

/// Link destinations of every kind a body writes (Markdown-escaped where needed).
const DESTS: &[&str] = &[
    "a.md",
    "a.md#第一条",
    "a.md#x&y",
    "a.md?x=1#y",
    "./a.md",
    "b.md",
    "w.md",
    "w.md#x",
    "../zcjd/b.md",
    "../zcjd/b.md#说明",
    "../zcjd/",
    "../gfxwj/a/",
    "../gfxwj/w/",
    "../x/",
    "../../../etc/passwd",
    "文件%20一.md",
    "<文件 一.md>",
    "a-fj1.pdf",
    "w-fj1.pdf",
    "<附件 1.pdf>",
    "附件%201.pdf",
    "%E4%B8%AD.pdf",
    "中文.pdf",
    "/fdzdgknr/gfxwj/a/",
    "/fdzdgknr/gfxwj/w/",
    "/fdzdgknr/gfxwj/a-fj1.pdf",
    "/xxgk/fdzdgknr/gfxwj/a/",
    "/xxgk/fdzdgknr/gfxwj/w/",
    "/xxgk/fdzdgknr/gfxwj/w-fj1.pdf",
    "/xxgk/search/",
    "/search/?q=政策",
    "/static/x.css",
    "static/x.css",
    "https://www.example.gov.cn/xxgk/fdzdgknr/gfxwj/a/",
    "https://www.example.gov.cn/xxgk/fdzdgknr/gfxwj/w/",
    "https://www.example.gov.cn/xxgk/fdzdgknr/gfxwj/a-fj1.pdf",
    "http://www.example.gov.cn/xxgk/",
    "https://www.gov.cn/zhengce/",
    "https://www.gov.cn/zhengce/?a=1&b=2",
    "https://www.gov.cn/a'b\"c",
    "https://www.gov.cn/x^y~z!$()*+,;=:@",
    "<https://www.gov.cn/{a}|b[c]\\d e>",
    "https://www.gov.cn/中文?q=政策#段",
    "HTTPS://WWW.GOV.CN/",
    "http://例子.中国/路径",
    "http://[::1]/",
    "https://x/%zz",
    "//evil.example/x",
    "mailto:gk@example.gov.cn",
    "MAILTO:gk@example.gov.cn?subject=信息公开",
    "tel:0539-1234567",
    "#top",
    "#",
    "#第一条",
    "?q=1",
    "",
    "<>",
    "\\\\evil\\share",
    "a\\_b.md",
    "x&amp;y",
    "x&y",
    "x'y",
    "<x\"y>",
    "x^y`z",
    "<x{y}|z>",
    "a.md#%E4%B8%AD",
];

/// Destinations whose scheme the policy refuses (the document goes to the sanitiser).
const REFUSED: &[&str] = &[
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java&#115;cript:alert(1)",
    "&#106;avascript:alert(1)",
    "javascript&colon;alert(1)",
    "<java script:alert(1)>",
    "vbscript:x",
    "data:text/html,<script>",
    "data:image/png;base64,AAAA",
    "file:///etc/passwd",
    "ftp://x/",
];

const TEXT: &[&str] = &[
    "中文正文",
    "第一条",
    "测政办字〔2021〕1号",
    "alert(1)",
    "&lt;script&gt;",
    "&#60;x&#62;",
    "&copy; &nbsp; &#20013; &#x4E2D; &amp;",
    "&bogus; &",
    "<",
    ">",
    "\"",
    "'",
    "x < y > z & w",
    "*强调*",
    "**加粗**",
    "~~删除~~",
    "`<code>`",
    "``a ` b``",
    "\\*",
    "😀",
    "\u{202E}",
    "\u{a0}",
    " ",
];

/// Text that sends the document to the sanitiser: raw HTML, U+0000 (the parser drops it).
const ODD_TEXT: &[&str] = &["<script>alert(1)</script>", "a\u{0}b", "<t>"];

fn text(r: &mut Rng) -> &'static str {
    if r.chance(3) {
        r.pick(ODD_TEXT)
    } else {
        r.pick(TEXT)
    }
}

const TITLES: &[&str] = &[
    "标题",
    "a \\\"q\\\" b",
    "it's",
    "x & y",
    "<t>",
    "&amp;",
    "&quot;",
];

fn dest(r: &mut Rng) -> String {
    if r.chance(4) {
        r.pick(REFUSED).to_string()
    } else {
        r.pick(DESTS).to_string()
    }
}

fn link(r: &mut Rng) -> String {
    let t = text(r);
    match r.below(9) {
        0 | 1 => format!("[{t}]({})", dest(r)),
        2 => format!("[{t}]({} \"{}\")", dest(r), r.pick(TITLES)),
        3 => format!("[{t}]({} '{}')", dest(r), r.pick(TITLES).replace('\'', "")),
        4 => format!("![{t}]({} \"{}\")", dest(r), r.pick(TITLES)),
        5 => format!("[{t}][r{}]", r.below(3)),
        6 => format!("[![{t}]({})]({})", dest(r), dest(r)),
        7 => format!(
            "<{}>",
            r.pick(&[
                "https://www.gov.cn/",
                "http://a.b/c?d=1&e=2",
                "https://www.example.gov.cn/xxgk/fdzdgknr/gfxwj/a/",
                "gk@example.gov.cn",
                "a.b-c@例子.cn",
                "javascript:alert(1)",
                "mailto:x@y.cn",
                "irc://x",
            ])
        ),
        _ => format!("![{t}]({})", dest(r)),
    }
}

fn inline(r: &mut Rng) -> String {
    match r.below(10) {
        0..=3 => link(r),
        4 => format!("*{}*", text(r)),
        5 => format!("**{}** ~~{}~~", text(r), text(r)),
        6 => format!("`{}`", text(r)),
        7 => format!("{}  \n{}", text(r), text(r)),
        8 => format!("{}\\\n{}", text(r), text(r)),
        _ => text(r).to_string(),
    }
}

fn line(r: &mut Rng) -> String {
    (0..1 + r.below(3))
        .map(|_| inline(r))
        .collect::<Vec<_>>()
        .join(" ")
}

fn block(r: &mut Rng) -> String {
    match r.below(16) {
        0 | 1 => format!(
            "{} {}{}",
            "#".repeat(1 + r.below(6)),
            line(r),
            if r.chance(50) {
                format!(
                    " {{#{}}}",
                    r.pick(&["anchor", "第一条", "a&b", "x\"y", "<i>", "a'b"])
                )
            } else {
                String::new()
            }
        ),
        2 => format!(
            "[r{}]: {} \"{}\"",
            r.below(3),
            r.pick(DESTS).replace(['<', '>'], ""),
            r.pick(TITLES)
        ),
        3 => format!(
            "| {} | {} | {} |\n|{}|{}|{}|\n| {} | {} | {} |\n| {} |",
            inline(r),
            inline(r),
            inline(r),
            r.pick(&["---", ":--", ":-:", "--:"]),
            r.pick(&["---", ":--", ":-:", "--:"]),
            r.pick(&["---", ":--", ":-:", "--:"]),
            inline(r),
            inline(r),
            inline(r),
            inline(r)
        ),
        4 => format!("- {}\n- {}\n  > {}", line(r), line(r), line(r)),
        5 => format!("3. {}\n4. {}\n\n   {}", line(r), line(r), line(r)),
        6 => format!(
            "```{}\n{}\n<b>&amp;</b>\n```",
            r.pick(&["", "rust", "html x", "a&b", "\"q\"", "中文"]),
            text(r)
        ),
        7 => format!("    {}\n    <p>", text(r)),
        8 => format!("> {}\n>\n> > {}", line(r), line(r)),
        9 => r.pick(&["---", "***", "___", "- - -"]).to_string(),
        10 => format!("{}\n{}", line(r), "=".repeat(1 + r.below(3))),
        // What must fall back: raw HTML, footnotes, heading classes and attributes.
        11 if r.chance(25) => r
            .pick(&[
                "<b>raw</b>",
                "a <i>b</i>",
                "x[^1]\n\n[^1]: 注",
                "## h {.cls}",
                "## h {#id data-x=1}",
                "<!-- c -->",
                "- [ ] task",
            ])
            .to_string(),
        _ => line(r),
    }
}

fn body(r: &mut Rng) -> String {
    (0..1 + r.below(6))
        .map(|_| block(r))
        .collect::<Vec<_>>()
        .join(if r.chance(70) { "\n\n" } else { "\n" })
}

fn cases() -> u64 {
    std::env::var("GONGKAI_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000)
}

fn first_seed() -> u64 {
    std::env::var("GONGKAI_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x6661_7374)
}

#[test]
fn generated_markdown_fast_path_equals_sanitiser() {
    let mut fast = 0u64;
    let n = cases();
    let start = first_seed();
    for raw_html in [false, true] {
        let public = PublicSite::new(site(raw_html));
        let bases = [
            Arc::new(LinkMap::new(&public, "/xxgk/")),
            Arc::new(LinkMap::new(&public, "/")),
        ];
        for seed in start..start + n / 2 {
            let mut r = Rng(seed);
            let input = body(&mut r);
            let links = &bases[(seed % 2) as usize];
            let dir = if seed % 5 == 0 {
                "fdzdgknr/zcjd"
            } else {
                "fdzdgknr/gfxwj"
            };
            let what = format!(
                "seed {seed} (GONGKAI_FUZZ_SEED={seed} GONGKAI_FUZZ_CASES=2), raw_html {raw_html}"
            );
            fast += check(&input, &public, links, dir, &what) as u64;
        }
    }
    // The proof is about the fast path: most generated documents must take it.
    eprintln!("fast path for {fast} of {n} generated bodies");
    assert!(fast * 2 > n, "fast path taken for only {fast} of {n} cases");
}

#[test]
fn example_site_fast_path_equals_sanitiser() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (site, _) =
        gongkai::build::load_site_partial(root, Date::new(2021, 12, 20).unwrap()).unwrap();
    let public = PublicSite::new(&site);
    let (mut fast, mut all) = (0, 0);
    for base in [public.config.base_path.as_str(), "/"] {
        let links = Arc::new(LinkMap::new(&public, base));
        for p in &public.docs {
            all += 1;
            fast += check(&p.doc.body, &public, &links, &p.doc.dir, &p.doc.id) as usize;
        }
    }
    eprintln!("fast path for {fast} of {all} example-site renders");
    assert!(all > 10 && fast * 2 > all, "fast path for {fast} of {all}");
}

#[test]
fn tricky_inputs_fast_path_equals_sanitiser() {
    let public = PublicSite::new(site(false));
    let links = Arc::new(LinkMap::new(&public, "/xxgk/"));
    let dir = "fdzdgknr/gfxwj";
    let mut r = Rng(1);
    let mut all: Vec<String> = DESTS
        .iter()
        .chain(REFUSED)
        .flat_map(|d| {
            [
                format!("[x]({d})"),
                format!("![x]({d})"),
                format!("[x]({d} \"t\")"),
                format!("[x]\n\n[x]: {}", d.replace(['<', '>'], "")),
            ]
        })
        .collect();
    all.extend(TEXT.iter().chain(ODD_TEXT).map(|t| t.to_string()));
    all.extend((0..50).map(|_| body(&mut r)));
    all.extend(
        [
            "",
            "\n",
            "\r\n\r\n",
            "a\r\nb",
            "# 标题",
            "###### 六",
            "####### 七",
            "```\n\n\nx\n```",
            "```\n```",
            "<http://a.b/<c>",
            "[a](b)(c)",
            "[[a](b)](c)",
            "[a [b](c) d](e)",
            "![a ![b](c) d](e)",
            "![a [b](javascript:x) d](e.png)",
            "[a](<b\nc>)",
            "[a](b\\)c)",
            "[a](b(c)d)",
            "[a](%)",
            "[a](%%)",
            "[a](&#0;)",
            "[a](&#xD800;)",
            "[a](\u{7f})",
            "[a](a\u{85}b)",
            "|a|\n|-|\n|<b>|",
            "| a |\n|:-:|",
            "| a | b |\n|---|---|\n| [x](a.md) | ![y](a-fj1.pdf) |",
            "> - a\n>   ```js\n>   x\n>   ```",
            "1. a\n\n   ```\n   b\n   ```",
            "- a\n\n      code\n- b",
            "a  \nb\\\nc",
            "*a **b** c*",
            "***a***",
            "~~a~~ ~b~",
            "\\<b\\>",
            "&lt;b&gt; &#0; &#x110000; &#9999999;",
            "<pre>",
            "\t\tcode\n\n\tmore",
            "Setext\n===",
            "Setext\n---",
            "[a]: <>\n\n[a]",
            "[link](a.md \"title with &quot; and &amp;\")",
            "<mailto:a@b.c>",
            "<tel:123>",
            "<a@b.c>",
            "<a+b@c.d>",
            "<a.b@c-d.e>",
        ]
        .map(String::from),
    );
    let mut fast = 0;
    for (i, input) in all.iter().enumerate() {
        fast += check(input, &public, &links, dir, &format!("tricky #{i}")) as usize;
    }
    assert!(fast * 2 > all.len(), "{fast} of {}", all.len());
}

fn render1(body: &str) -> (String, bool) {
    let public = PublicSite::new(site(false));
    let links = Arc::new(LinkMap::new(&public, "/xxgk/"));
    let (r, fast) = render_via(body, "fdzdgknr/gfxwj", &public, &links, false, Route::Auto);
    (r.html, fast)
}

#[test]
fn ordinary_documents_take_the_fast_path() {
    let (html, fast) = render1(
        "# 第一条 {#d1}\n\n正文 [甲](a.md)、[附件](a-fj1.pdf)、[国务院](https://www.gov.cn/)。\n\n\
         | 项目 | 数量 |\n|:--|--:|\n| 甲 | 1 |\n\n```text\n代码\n```\n\n- 一\n- 二\n",
    );
    assert!(fast, "{html}");
    assert!(html.contains("<h2 id=\"d1\">"), "{html}");
    assert!(
        html.contains("href=\"/xxgk/fdzdgknr/gfxwj/a/\"")
            && html.contains("href=\"/xxgk/fdzdgknr/gfxwj/a-fj1.pdf\"")
            && html.contains("href=\"https://www.gov.cn/\""),
        "{html}"
    );
    for gone in ["style=", "class=", "rel="] {
        assert!(!html.contains(gone), "{gone}: {html}");
    }
}

#[test]
fn script_links_lose_their_url_and_withheld_links_become_hash() {
    for bad in [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](java&#115;cript:alert(1))",
        "[a](a.md) ![y](data:text/html,x)",
        "[a](a.md) [x](vbscript:x)",
    ] {
        let (html, fast) = render1(bad);
        assert!(!fast, "{bad}: a refused scheme goes to the sanitiser");
        let lower = html.to_ascii_lowercase();
        for s in ["javascript", "vbscript", "data:"] {
            assert!(!lower.contains(s), "{bad}: {html}");
        }
        assert!(
            html.contains("<a") || html.contains("<img"),
            "{bad}: {html}"
        );
    }
    for withheld in ["[x](w.md)", "[x](../gfxwj/w/)", "![x](w-fj1.pdf)"] {
        let (html, fast) = render1(withheld);
        assert!(fast, "{withheld}: {html}");
        assert!(
            !html.contains("/w") && !html.contains("w-fj1"),
            "{withheld}: {html}"
        );
        assert!(
            html.contains("href=\"#\"") || html.contains("src=\"#\""),
            "{withheld}: {html}"
        );
    }
}

/// Root-relative (with and without the base path) and absolute links to a withheld page or
/// file: validation refuses them; the resolver does not write their names either (defence
/// in depth, on both paths), while links to generated pages are kept.
#[test]
fn the_resolver_hides_withheld_names_in_every_site_link_form() {
    let public = PublicSite::new(site(false));
    let links = Arc::new(LinkMap::new(&public, "/xxgk/"));
    let forms = [
        "[x](/xxgk/fdzdgknr/gfxwj/w/)",
        "[x](/fdzdgknr/gfxwj/w/)",
        "[x](https://www.example.gov.cn/xxgk/fdzdgknr/gfxwj/w/)",
        "[x](/xxgk/fdzdgknr/gfxwj/w-fj1.pdf)",
        "[x](/fdzdgknr/gfxwj/w/index.html#a)",
        "<a href=\"/xxgk/fdzdgknr/gfxwj/w/\">x</a>",
    ];
    for form in forms {
        for route in [Route::Auto, Route::Sanitiser] {
            let (r, _) = render_via(form, "fdzdgknr/gfxwj", &public, &links, false, route);
            assert!(
                !r.html.contains("gfxwj/w") && r.html.contains("href=\"#\""),
                "{form}: {}",
                r.html
            );
        }
    }
    // Generated pages stay as written: a column listing and its archive, the home page, search.
    for (form, href) in [
        ("[x](/xxgk/fdzdgknr/gfxwj/)", "/xxgk/fdzdgknr/gfxwj/"),
        (
            "[x](/fdzdgknr/gfxwj/page/2/)",
            "/xxgk/fdzdgknr/gfxwj/page/2/",
        ),
        ("[x](/xxgk/search/)", "/xxgk/search/"),
        ("[x](/xxgk/)", "/xxgk/"),
    ] {
        let (r, _) = render_via(form, "fdzdgknr/gfxwj", &public, &links, false, Route::Auto);
        assert!(
            r.html.contains(&format!("href=\"{href}\"")),
            "{form}: {}",
            r.html
        );
    }
}

/// The comparison itself sees what it must (else the property proves nothing).
#[test]
fn the_token_comparison_sees_differences() {
    let same = [
        ("<p>a<br />b</p>", "<p>a<br>b</p>"),
        (
            "<a href=\"x&amp;y\" title=\"&#x27;\">",
            "<a title=\"'\" href=\"x&amp;y\">",
        ),
        ("<p>&lt;&gt;&amp;\"</p>", "<p>&lt;&gt;&amp;&quot;</p>"),
        ("<hr />\n", "<hr>\n"),
    ];
    for (a, b) in same {
        assert_eq!(tokens(a), tokens(b), "{a} vs {b}");
    }
    let differ = [
        ("<a href=\"x\">", "<a href=\"x\" rel=\"noopener\">"),
        ("<td style=\"x\">", "<td>"),
        ("<code class=\"language-x\">", "<code>"),
        ("<p>a</p>", "<p>a</p>\n"),
        ("<p>a</p>", "<p>a<p>"),
        ("<a href=\"a b\">", "<a href=\"a%20b\">"),
        ("<p>a</p>", "<P>b</P>"),
    ];
    for (a, b) in differ {
        assert_ne!(tokens(a), tokens(b), "{a} vs {b}");
    }
}
