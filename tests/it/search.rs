//! Search index, feeds, sitemap and sub-path URLs over the example site.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::OnceLock;

use crate::util::*;

/// The example site built once for this module.
fn example() -> &'static Path {
    static OUT: OnceLock<tempfile::TempDir> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = tempfile::tempdir().unwrap();
        let o = build(&repo(), &out.path().join("public"), "2021-12-20");
        assert!(o.status.success(), "{}", stderr(&o));
        out
    })
    .path()
}

fn public() -> std::path::PathBuf {
    example().join("public")
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// What the browser script does: AND of the query's tokens over the sharded postings.
fn query(q: &str) -> Vec<String> {
    let dir = public().join("search");
    let meta = json(&dir.join("meta.json"));
    let shards = meta["shards"].as_u64().unwrap() as u32;
    let mut toks = BTreeSet::new();
    gongkai::search::tokens(q, |t| {
        toks.insert(t.to_string());
    });
    let mut counts: HashMap<u64, usize> = HashMap::new();
    for t in &toks {
        let shard = json(&dir.join(format!("idx-{}.json", gongkai::search::fnv1a(t) % shards)));
        let postings = shard[t.as_str()].as_str().unwrap_or_default();
        for d in gongkai::search::decode_postings(postings).unwrap() {
            *counts.entry(u64::from(d)).or_default() += 1;
        }
    }
    let mut hits: Vec<String> = counts
        .into_iter()
        .filter(|(_, c)| *c == toks.len())
        .map(|(d, _)| meta["docs"][d as usize][0].as_str().unwrap().to_string())
        .collect();
    hits.sort();
    hits
}

/// Every row of `search/meta.json` leads to its document: its URL, after its column's
/// (`column_urls`) unless whole (search.js `docUrl`), is the document's URL.
#[test]
fn meta_rows_resolve_to_the_documents_urls() {
    let meta = json(&public().join("search/meta.json"));
    let docs = json(&public().join("data/documents.json"));
    let urls: BTreeSet<String> = docs
        .as_array()
        .unwrap()
        .iter()
        .map(|d| format!("/xxgk{}", d["url"].as_str().unwrap()))
        .collect();
    let mut relative = 0;
    for row in meta["docs"].as_array().unwrap() {
        let u = row[1].as_str().unwrap();
        let url = if u.starts_with('/') || u.contains(':') {
            u.to_string()
        } else {
            relative += 1;
            let col = row[4].as_u64().unwrap() as usize;
            format!("{}{u}", meta["column_urls"][col].as_str().unwrap())
        };
        assert!(urls.contains(&url), "{url} ({u}) is no document");
    }
    assert!(relative > 0, "no URL was written relative to its column");
}

#[test]
fn chinese_phrases_and_doc_numbers_are_found() {
    let hits = query("罗政办字〔2021〕20号");
    assert!(
        hits.iter().any(|t| t.contains("政务公开工作要点")),
        "{hits:?}"
    );
    let same = query("罗政办字[2021]20号");
    assert_eq!(hits, same, "bracket style does not matter");
    let hits = query("规范性文件清理");
    assert!(hits.iter().any(|t| t.contains("清理结果")), "{hits:?}");
    let hits = query("义务教育入学");
    assert!(hits.iter().any(|t| t.contains("义务教育")), "{hits:?}");
    assert!(query("这个短语不会出现在任何文件里面吧").is_empty());
}

#[test]
fn feeds_are_valid_atom_with_absolute_urls() {
    let mut feeds = vec![public().join("feed.xml")];
    for e in std::fs::read_dir(public().join("feeds")).unwrap() {
        feeds.push(e.unwrap().path());
    }
    for f in feeds {
        let text = std::fs::read_to_string(&f).unwrap();
        let doc =
            roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "feed");
        assert_eq!(
            root.tag_name().namespace(),
            Some("http://www.w3.org/2005/Atom")
        );
        for child in ["id", "title", "updated"] {
            assert!(
                root.children().any(|c| c.tag_name().name() == child),
                "{} lacks {child}",
                f.display()
            );
        }
        let entries: Vec<_> = root
            .children()
            .filter(|c| c.tag_name().name() == "entry")
            .collect();
        assert!(entries.len() <= 50);
        for e in entries {
            for child in ["id", "title", "updated", "link"] {
                assert!(
                    e.children().any(|c| c.tag_name().name() == child),
                    "entry lacks {child}"
                );
            }
            let link = e
                .children()
                .find(|c| c.tag_name().name() == "link")
                .unwrap();
            assert!(
                link.attribute("href")
                    .unwrap()
                    .starts_with("https://www.luozhuang.gov.cn/xxgk/")
            );
        }
    }
    let site = std::fs::read_to_string(public().join("feed.xml")).unwrap();
    assert_eq!(
        site.matches("<entry>").count(),
        50.min(
            json(&public().join("data/documents.json"))
                .as_array()
                .unwrap()
                .len()
        )
    );
}

#[test]
fn sitemap_lists_every_document_with_absolute_urls() {
    let text = std::fs::read_to_string(public().join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let locs: BTreeSet<String> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "loc")
        .map(|n| n.text().unwrap().to_string())
        .collect();
    for d in json(&public().join("data/documents.json"))
        .as_array()
        .unwrap()
    {
        let u = format!(
            "https://www.luozhuang.gov.cn/xxgk{}",
            d["url"].as_str().unwrap()
        );
        assert!(locs.contains(&u), "sitemap lacks {u}");
    }
    assert!(
        locs.iter()
            .all(|l| l.starts_with("https://www.luozhuang.gov.cn/xxgk/"))
    );
    let robots = std::fs::read_to_string(public().join("robots.txt")).unwrap();
    assert!(robots.contains("Sitemap: https://www.luozhuang.gov.cn/xxgk/sitemap.xml"));
}

/// Every internal href/src of every page resolves to a file when served under /xxgk/.
#[test]
fn every_internal_link_works_under_the_sub_path() {
    let root = public();
    let mut broken = Vec::new();
    let mut checked = 0;
    for (path, bytes) in walk(&root) {
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for attr in ["href=\"", "src=\""] {
            for part in html.split(attr).skip(1) {
                let url = &part[..part.find('"').unwrap()];
                if url.starts_with("http")
                    || url.starts_with("mailto:")
                    || url.starts_with("tel:")
                    || url.starts_with('#')
                {
                    continue;
                }
                checked += 1;
                let Some(rest) = url.strip_prefix("/xxgk/") else {
                    broken.push(format!("{}: {url} (not under /xxgk/)", path.display()));
                    continue;
                };
                let rest = rest.split('#').next().unwrap().split('?').next().unwrap();
                let decoded = gongkai::model::paths::url_decode(rest).unwrap();
                let target = if decoded.is_empty() || decoded.ends_with('/') {
                    root.join(&decoded).join("index.html")
                } else {
                    root.join(&decoded)
                };
                if !target.exists() {
                    broken.push(format!(
                        "{}: {url}",
                        path.strip_prefix(&root).unwrap().display()
                    ));
                }
            }
        }
    }
    assert!(checked > 500, "checked only {checked} links");
    assert!(
        broken.is_empty(),
        "{} broken links, e.g. {:?}",
        broken.len(),
        &broken[..broken.len().min(10)]
    );
}

#[test]
fn data_exports_follow_the_contract() {
    let docs = json(&public().join("data/documents.json"));
    let arr = docs.as_array().unwrap();
    let ids: Vec<&str> = arr.iter().map(|d| d["id"].as_str().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "sorted by id");
    for d in arr {
        for k in [
            "id",
            "url",
            "title",
            "kind",
            "column",
            "issuer",
            "date",
            "published",
            "doc_number",
            "index_number",
            "topics",
            "interpretations",
            "interprets",
            "attachments",
        ] {
            assert!(d.get(k).is_some(), "documents.json lacks {k}");
        }
        assert!(d["url"].as_str().unwrap().starts_with('/'));
    }
    let norm = json(&public().join("data/normative.json"));
    for n in norm.as_array().unwrap() {
        for k in [
            "id",
            "url",
            "title",
            "doc_number",
            "registration",
            "issuer",
            "date",
            "valid_from",
            "valid_until",
            "validity",
            "effective_validity",
            "cleanup",
        ] {
            assert!(n.get(k).is_some(), "normative.json lacks {k}");
        }
    }
    let csv = std::fs::read(public().join("data/normative.csv")).unwrap();
    assert!(
        csv.starts_with(b"\xEF\xBB\xBF\xE5\xBA\x8F\xE5\x8F\xB7,"),
        "BOM then 序号"
    );
    assert_eq!(
        String::from_utf8_lossy(&csv).lines().count(),
        norm.as_array().unwrap().len() + 1
    );
    let dec = json(&public().join("data/decisions.json"));
    for y in dec.as_array().unwrap() {
        for it in y["items"].as_array().unwrap() {
            for s in it["stages"].as_array().unwrap() {
                if !s["public"].as_bool().unwrap() {
                    assert!(s["url"].is_null() && s["title"].is_null() && s["date"].is_null());
                }
            }
        }
    }
}

/// The browser's tokenizer (`search.js`) produces the golden tokens and hashes of
/// `tests/fixtures/tokens.json`, the same file the Rust tokenizers are checked against
/// (`search::tests::golden_tokens`). Runs with node; skipped where node is not installed.
#[test]
fn search_js_tokenizer_matches_the_golden_tokens() {
    let script = r#"
const fs = require("fs");
const src = fs.readFileSync(process.argv[1], "utf8");
const a = src.indexOf("  function isCjk"), b = src.indexOf("  function getJson");
if (a < 0 || b < a) { console.error("search.js: tokenizer functions not found"); process.exit(2); }
const lib = new Function(src.slice(a, b) + "\nreturn { tokens: tokens, fnv1a: fnv1a };")();
const golden = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
let bad = 0;
for (const c of golden.cases) {
  const t = lib.tokens(c.text), h = t.map(lib.fnv1a);
  if (JSON.stringify(t) !== JSON.stringify(c.tokens) || JSON.stringify(h) !== JSON.stringify(c.fnv1a)) {
    console.error("mismatch for " + JSON.stringify(c.text) + ": " + JSON.stringify(t));
    bad++;
  }
}
process.exit(bad ? 1 : 0);
"#;
    let Some(out) = node_on_search_js(script, &repo().join("tests/fixtures/tokens.json")) else {
        return;
    };
    assert!(
        out.status.success(),
        "search.js disagrees with tests/fixtures/tokens.json:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Run `script` under node with the theme's search.js and `data` as its two arguments;
/// `None` (the test is skipped) where node is not installed.
fn node_on_search_js(script: &str, data: &std::path::Path) -> Option<std::process::Output> {
    match std::process::Command::new("node")
        .arg("-e")
        .arg(script)
        .arg(repo().join("themes/default/static/search.js"))
        .arg(data)
        .output()
    {
        Ok(o) => Some(o),
        Err(e) => {
            eprintln!("skipped: node is not available ({e})");
            None
        }
    }
}

/// search.js decodes the posting strings `search::encode_postings` writes, in both forms
/// (gaps and bitmap), to the same numbers. Runs with node; skipped where node is not installed.
#[test]
fn search_js_decodes_the_posting_lists() {
    let lists: Vec<Vec<u32>> = vec![
        vec![0],
        vec![0, 1, 2, 40],
        vec![31, 32, 1055, 1056, 40_000, 2_000_000],
        (0..600).filter(|d| d % 3 != 1).collect(),
        (0..5000).step_by(37).collect(),
        (3..200).collect(),
    ];
    let cases: Vec<(String, &Vec<u32>)> = lists
        .iter()
        .map(|l| {
            let mut s = String::new();
            gongkai::search::encode_postings(l, &mut s);
            (s, l)
        })
        .collect();
    assert!(cases.iter().any(|(s, _)| s.starts_with('~')));
    assert!(cases.iter().any(|(s, _)| !s.starts_with('~')));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cases.json");
    std::fs::write(&file, serde_json::to_vec(&cases).unwrap()).unwrap();
    let script = r#"
const fs = require("fs");
const src = fs.readFileSync(process.argv[1], "utf8");
const a = src.indexOf("  function isCjk"), b = src.indexOf("  function getJson");
if (a < 0 || b < a) { console.error("search.js: decoder not found"); process.exit(2); }
const lib = new Function(src.slice(a, b) + "\nreturn { decodePostings: decodePostings };")();
let bad = 0;
for (const [s, want] of JSON.parse(fs.readFileSync(process.argv[2], "utf8"))) {
  const got = lib.decodePostings(s);
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    console.error("mismatch for " + s + ": " + JSON.stringify(got).slice(0, 200));
    bad++;
  }
}
process.exit(bad ? 1 : 0);
"#;
    let Some(out) = node_on_search_js(script, &file) else {
        return;
    };
    assert!(
        out.status.success(),
        "search.js decodes differently:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The site feed and a column feed of a small site, whole, as snapshot files: every element,
/// escaping and date of the Atom output is reviewed when it changes (not just `contains`).
#[test]
fn feeds_snapshot() {
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/2021-1.md",
        &format!(
            "{}\nkind: 规范性文件\ndoc_number: 测政办字〔2021〕1号",
            public_fm("关于印发<甲>办法 & 细则的通知", "2021-05-21")
        ),
        "正文。",
    );
    s.doc(
        "fdzdgknr/zcjd/2021-1.md",
        &format!(
            "{}\nkind: 政策解读",
            public_fm("甲办法政策解读", "2021-05-22")
        ),
        "解读正文。",
    );
    let o = s.build("2021-12-20");
    assert!(o.status.success(), "{}", stderr(&o));
    insta::assert_snapshot!("site_feed", s.read("feed.xml"));
    insta::assert_snapshot!("column_feed", s.read("feeds/fdzdgknr-gfxwj.xml"));
}
