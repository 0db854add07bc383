//! Property test of the who-sees-what invariant (SPEC §3): random sites whose every document
//! carries a unique marker in every field, its file name, slug and attachments. After a build,
//! the marker of each unpublished document appears nowhere in the output (contents, paths,
//! gzip'd files, percent-encoded URLs), and every published document has its page, is listed in
//! data/documents.json, and its links to other published documents work.
//!
//! Links come in every form a body can write them (issue 16): Markdown relative links, raw-HTML
//! `<a href>`/`<img src>`, root-relative `/xxgk/…/` and absolute `base_url` links (Markdown,
//! raw HTML and autolinks) to documents and their attachments; attachments may be symlinks to
//! another document's source or attachment, and stray symlinks nobody references lie around.
//! In some cases (`allow_bad`) a published document keeps such a link or symlink to a withheld
//! document or its attachment: the build must then fail, or leave no marker of it anywhere.
//!
//! Cases: 24 by default (CI); raise with `GONGKAI_PROPTEST_CASES=500 cargo test --test it leak_prop::`.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;

use crate::util::*;

const TODAY: &str = "2021-12-20";
const COLUMNS: [&str; 3] = ["fdzdgknr/gfxwj", "fdzdgknr/zcjd", "fdzdgknr/zdjc"];
const DISCLOSURES: [&str; 3] = ["主动公开", "依申请公开", "不予公开"];
/// `published:` relative to TODAY: none, before, the day itself (published), the day after, far future.
const PUBLISHED: [Option<&str>; 5] = [
    None,
    Some("2021-11-30"),
    Some(TODAY),
    Some("2021-12-21"),
    Some("2030-01-01"),
];
const STAGES: [&str; 7] = [
    "决策草案",
    "制订背景",
    "意见征集采纳情况",
    "会议审议情况",
    "决策结果",
    "政策解读",
    "执行评估",
];
const MULTI_STAGES: [&str; 3] = ["意见征集采纳情况", "政策解读", "执行评估"];
const STATUSES: [&str; 3] = ["拟决策", "已决策", "已终止"];
/// File-name prefixes: plain, Chinese with a space, Chinese with a hyphen.
const NAME_STYLES: [&str; 3] = ["", "公开 ", "文件-"];
const GAN: [char; 10] = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];
const ZHI: [char; 3] = ['子', '丑', '寅'];

/// One generated document, before the constraints that make the site valid are applied.
#[derive(Debug, Clone)]
struct DocSpec {
    column: usize,
    disclosure: usize,
    draft: bool,
    published: usize,
    month: u32,
    day: u32,
    /// Column 0: 规范性文件 instead of 一般信息. Column 2: 0 item, 1 stage, 2 general.
    role: usize,
    stage: usize,
    decision: usize,
    status: usize,
    links: Vec<usize>,
    interpretations: Vec<usize>,
    /// 规范性文件 only: other 规范性文件 named in `replaces` (or `replaced_by` when `declares`).
    replaces: Vec<usize>,
    /// For a 政策解读: the edges are declared on its side (`interprets`), not the policy's.
    declares: bool,
    attachments: usize,
    name_style: usize,
    slug: bool,
    /// Links in other forms: (target, form, see [`FORMS`]).
    hostile: Vec<(usize, usize)>,
    /// An extra attachment that is a symlink: (target, to its first attachment rather than
    /// its Markdown source).
    symlink: Option<(usize, bool)>,
    /// A symlink in this document's folder that nothing references, to the target's source.
    orphan: Option<usize>,
}

/// Link forms besides the Markdown relative link (issue 16 item 2).
const FORMS: [&str; 9] = [
    "raw <a href> relative .md",
    "raw <img src> relative attachment",
    "Markdown root-relative (site) page URL",
    "raw <a href> absolute base_url page URL",
    "Markdown root-relative (site) attachment",
    "raw <a href> absolute base_url attachment",
    "autolink absolute page URL",
    "raw <a href> host-relative page URL with the base path, not percent-encoded",
    "Markdown host-relative attachment with the base path",
];

/// Does link form `f` point at an attachment (the target's first)?
fn to_attachment(f: usize) -> bool {
    matches!(f, 1 | 4 | 5 | 8)
}

fn doc_spec() -> impl Strategy<Value = DocSpec> {
    (
        (
            0..3usize,
            prop::sample::select(vec![0usize, 0, 0, 1, 2]),
            prop::bool::weighted(0.2),
            0..5usize,
            1..=10u32,
            1..=28u32,
        ),
        (0..3usize, 0..7usize, any::<usize>(), 0..3usize),
        (
            prop::collection::vec(any::<usize>(), 0..3),
            prop::collection::vec(any::<usize>(), 0..2),
            any::<bool>(),
            prop::collection::vec(any::<usize>(), 0..2),
        ),
        (0..=2usize, 0..3usize, prop::bool::weighted(0.3)),
        (
            prop::collection::vec((any::<usize>(), 0..FORMS.len()), 0..3),
            prop::option::weighted(0.2, (any::<usize>(), any::<bool>())),
            prop::option::weighted(0.1, any::<usize>()),
        ),
    )
        .prop_map(
            |(
                (column, disclosure, draft, published, month, day),
                (role, stage, decision, status),
                (links, interpretations, declares, replaces),
                (attachments, name_style, slug),
                (hostile, symlink, orphan),
            )| DocSpec {
                column,
                disclosure,
                draft,
                published,
                month,
                day,
                role,
                stage,
                decision,
                status,
                links,
                interpretations,
                replaces,
                declares,
                attachments,
                name_style,
                slug,
                hostile,
                symlink,
                orphan,
            },
        )
}

/// The site after constraints: who is published and which edges are kept.
struct Plan {
    specs: Vec<DocSpec>,
    drafts: bool,
    published: Vec<bool>,
    links: Vec<Vec<usize>>,
    /// (policy document, 政策解读)
    interp: BTreeSet<(usize, usize)>,
    /// doc → (catalog item doc, stage) for stage documents that kept their stage.
    stage_of: BTreeMap<usize, (usize, &'static str)>,
    items: Vec<usize>,
    /// Per document: (other 规范性文件, written as `replaced_by` rather than `replaces`).
    replaces: Vec<Vec<(usize, bool)>>,
    /// Per document: links in other forms (target, form).
    hostile: Vec<Vec<(usize, usize)>>,
    /// Per document: its symlinked extra attachment (target, to the target's attachment).
    symlink: Vec<Option<(usize, bool)>>,
    /// Per document: a stray symlink beside it to the target's source.
    orphan: Vec<Option<usize>>,
    /// Some published document links or symlinks to a withheld one (only when `allow_bad`).
    bad: bool,
}

fn marker(i: usize) -> String {
    format!("mk{i:02}q{}{}秘", GAN[i % 10], ZHI[i / 10])
}

fn ascii_marker(i: usize) -> String {
    format!("mk{i:02}q")
}

fn file_stem(p: &Plan, i: usize) -> String {
    format!("{}{}", NAME_STYLES[p.specs[i].name_style], marker(i))
}

fn rel(p: &Plan, i: usize) -> String {
    format!("{}/{}.md", COLUMNS[p.specs[i].column], file_stem(p, i))
}

fn id(p: &Plan, i: usize) -> String {
    rel(p, i).trim_end_matches(".md").to_string()
}

fn is_interp(s: &DocSpec) -> bool {
    s.column == 1
}

fn plan(specs: Vec<DocSpec>, drafts: bool, allow_bad: bool) -> Plan {
    let n = specs.len();
    let published: Vec<bool> = specs
        .iter()
        .map(|s| s.disclosure == 0 && (!s.draft || drafts) && !matches!(s.published, 3 | 4))
        .collect();
    // A published document may only point at published ones (SPEC §3), so drop the others.
    let ok = |from: usize, to: usize| !published[from] || published[to];
    let links = (0..n)
        .map(|i| {
            let mut t: Vec<usize> = specs[i]
                .links
                .iter()
                .map(|x| x % n)
                .filter(|&j| j != i && ok(i, j))
                .collect();
            t.sort();
            t.dedup();
            t
        })
        .collect();
    let interps: Vec<usize> = (0..n).filter(|&j| is_interp(&specs[j])).collect();
    let mut interp = BTreeSet::new();
    if !interps.is_empty() {
        for (i, s) in specs.iter().enumerate() {
            if is_interp(s) {
                continue;
            }
            for x in &s.interpretations {
                let j = interps[x % interps.len()];
                let valid = if specs[j].declares {
                    ok(j, i)
                } else {
                    ok(i, j)
                };
                if valid {
                    interp.insert((i, j));
                }
            }
        }
    }
    let items: Vec<usize> = (0..n)
        .filter(|&i| specs[i].column == 2 && specs[i].role == 0)
        .collect();
    let mut stage_of = BTreeMap::new();
    let mut taken: BTreeSet<(usize, &str)> = BTreeSet::new();
    if !items.is_empty() {
        for (i, s) in specs.iter().enumerate() {
            if s.column != 2 || s.role != 1 {
                continue;
            }
            let mut item = items[s.decision % items.len()];
            if published[i] && !published[item] {
                match items.iter().find(|&&k| published[k]) {
                    Some(&k) => item = k,
                    None => continue,
                }
            }
            let stage = STAGES[s.stage];
            if !MULTI_STAGES.contains(&stage) && !taken.insert((item, stage)) {
                continue;
            }
            stage_of.insert(i, (item, stage));
        }
    }
    let norms: Vec<usize> = (0..n)
        .filter(|&i| specs[i].column == 0 && specs[i].role == 0)
        .collect();
    let replaces = (0..n)
        .map(|i| {
            if !norms.contains(&i) {
                return Vec::new();
            }
            let mut t: Vec<(usize, bool)> = specs[i]
                .replaces
                .iter()
                .map(|x| norms[x % norms.len()])
                .filter(|&j| j != i && ok(i, j))
                .map(|j| (j, specs[i].declares))
                .collect();
            t.sort();
            t.dedup();
            t
        })
        .collect();
    // Other link forms and symlinks: an edge from a published document to a withheld one is
    // kept only when `allow_bad` (the build must then refuse it or leak nothing).
    let mut bad = false;
    let mut keep = |from: usize, to: usize, fine: bool| {
        if ok(from, to) && (fine || !published[from]) {
            true
        } else {
            bad |= allow_bad;
            allow_bad
        }
    };
    let hostile = (0..n)
        .map(|i| {
            let mut t = Vec::new();
            for &(x, f) in &specs[i].hostile {
                let j = x % n;
                // No attachment to point at: the page form of the same kind.
                let f = match f {
                    1 | 4 | 5 | 8 if specs[j].attachments == 0 => [0, 0, 0, 0, 2, 3, 0, 0, 7][f],
                    f => f,
                };
                if j != i && keep(i, j, true) {
                    t.push((j, f));
                }
            }
            t.sort();
            t.dedup();
            t
        })
        .collect();
    let symlink = (0..n)
        .map(|i| {
            let (x, att) = specs[i].symlink?;
            let j = x % n;
            let att = att && specs[j].attachments > 0;
            // A symlink to a document's Markdown source is refused even when that document
            // is published (only files published documents attach directly pass).
            (j != i && keep(i, j, att)).then_some((j, att))
        })
        .collect();
    let orphan = (0..n).map(|i| specs[i].orphan.map(|x| x % n)).collect();
    Plan {
        hostile,
        symlink,
        orphan,
        bad,
        replaces,
        specs,
        drafts,
        published,
        links,
        interp,
        stage_of,
        items,
    }
}

/// Markdown link destination from document `from` to document `to`.
fn link_dest(p: &Plan, from: usize, to: usize) -> String {
    let (a, b) = (p.specs[from].column, p.specs[to].column);
    let name = format!("{}.md", file_stem(p, to));
    if a == b {
        format!("<{name}>")
    } else {
        format!("<../{}/{name}>", COLUMNS[b].rsplit('/').next().unwrap())
    }
}

/// Page URL path of document `j` (`/col/stem-or-slug/`), not percent-encoded.
fn page_path(p: &Plan, j: usize) -> String {
    let leaf = if p.specs[j].slug {
        format!("s{}", marker(j))
    } else {
        file_stem(p, j)
    };
    format!(
        "/{}/{}/",
        COLUMNS[p.specs[j].column],
        gongkai::model::paths::slugify(&leaf)
    )
}

/// Content path of the first attachment of document `j`.
fn attachment_rel(p: &Plan, j: usize) -> String {
    format!("{}/fj{}-0.pdf", COLUMNS[p.specs[j].column], marker(j))
}

/// A paragraph linking from `from` to `to` in form `f` of [`FORMS`].
fn hostile_link(p: &Plan, from: usize, to: usize, f: usize) -> String {
    let site = "https://www.example.gov.cn/xxgk";
    let rel_dir = |rel: &str| {
        if p.specs[from].column == p.specs[to].column {
            rel.rsplit('/').next().unwrap().to_string()
        } else {
            format!("../{}", rel.split_once('/').unwrap().1)
        }
    };
    let page = encoded(&page_path(p, to));
    let att = encoded(&format!("/{}", attachment_rel(p, to)));
    match f {
        0 => format!(
            "<a href=\"{}\">原文{to}</a>",
            rel_dir(&format!("{}.md", id(p, to)))
        ),
        1 => format!(
            "<img src=\"{}\" alt=\"附件{to}\">",
            rel_dir(&attachment_rel(p, to))
        ),
        2 => format!("[页面{to}]({page})"),
        3 => format!("<a href=\"{site}{page}\">页面{to}</a>"),
        4 => format!("[附件{to}]({att})"),
        5 => format!("<a href=\"{site}{att}\">附件{to}</a>"),
        6 => format!("<{site}{page}>"),
        7 => format!("<a href=\"/xxgk{}\">页面{to}</a>", page_path(p, to)),
        _ => format!("[附件{to}](/xxgk{att})"),
    }
}

fn write_site(p: &Plan) -> Site {
    let s = Site::new();
    for (i, d) in p.specs.iter().enumerate() {
        let m = marker(i);
        let a = ascii_marker(i);
        let mut fm = vec![
            format!("title: 标题{m}关于第{i}号文件"),
            format!("disclosure: {}", DISCLOSURES[d.disclosure]),
            "issuer: 测试区人民政府办公室".to_string(),
            format!("date: 2021-{:02}-{:02}", d.month, d.day),
            format!("doc_number: 测{}字〔2021〕{a}号", GAN[i % 10]),
            format!("index_number: IDX/{a}{m}"),
            format!("summary: 摘要{m}"),
            format!("topics: [主题{m}, 共同主题]"),
        ];
        if d.draft {
            fm.push("draft: true".into());
        }
        if let Some(date) = PUBLISHED[d.published] {
            fm.push(format!("published: {date}"));
        }
        if d.slug {
            fm.push(format!("slug: s{m}"));
        }
        match d.column {
            0 if d.role == 0 => {
                fm.push(format!("kind: 规范性文件\nregistration: REG-{a}{m}\ncleanup: {{year: 2021, result: 继续有效, note: 说明{m}}}"));
                for (key, by) in [("replaces", false), ("replaced_by", true)] {
                    let list: Vec<String> = p.replaces[i].iter().filter(|r| r.1 == by).map(|&(j, _)| format!("\"{}\"", rel(p, j))).collect();
                    if !list.is_empty() {
                        fm.push(format!("{key}: [{}]", list.join(", ")));
                    }
                }
            }
            1 => fm.push("kind: 政策解读".into()),
            2 if d.role == 0 => fm.push(format!("kind: 重大决策事项\ndecision: {{id: JC-{a}{m}, year: 2021, undertaker: 区府办, status: {}}}", STATUSES[d.status])),
            _ => {}
        }
        if let Some(&(item, stage)) = p.stage_of.get(&i) {
            fm.push(format!(
                "decision_stage: {{id: JC-{}{}, stage: {stage}}}",
                ascii_marker(item),
                marker(item)
            ));
        }
        let mine: Vec<String> = if is_interp(d) {
            p.interp
                .iter()
                .filter(|&&(_, j)| j == i && d.declares)
                .map(|&(k, _)| rel(p, k))
                .collect()
        } else {
            p.interp
                .iter()
                .filter(|&&(k, j)| k == i && !p.specs[j].declares)
                .map(|&(_, j)| rel(p, j))
                .collect()
        };
        if !mine.is_empty() {
            let key = if is_interp(d) {
                "interprets"
            } else {
                "interpretation"
            };
            fm.push(format!(
                "{key}: [{}]",
                mine.iter()
                    .map(|r| format!("\"{r}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if d.attachments > 0 || p.symlink[i].is_some() {
            let mut names: Vec<String> = (0..d.attachments)
                .map(|k| format!("\"fj{m}-{k}.pdf\""))
                .collect();
            if p.symlink[i].is_some() {
                names.push(format!("\"ln{m}.pdf\""));
            }
            fm.push(format!("attachments: [{}]", names.join(", ")));
            for k in 0..d.attachments {
                s.write(
                    &format!("content/{}/fj{m}-{k}.pdf", COLUMNS[d.column]),
                    &format!("%PDF-1.4 附件{m}-{k}"),
                );
            }
        }
        let mut body = format!("正文{m}。\n\n## 第一条 {a}\n\n内容{m}。\n");
        for &j in &p.links[i] {
            body.push_str(&format!("\n参见[链接{j}]({})。\n", link_dest(p, i, j)));
        }
        for &(j, f) in &p.hostile[i] {
            body.push_str(&format!("\n另见{}。\n", hostile_link(p, i, j, f)));
        }
        s.doc(&rel(p, i), &fm.join("\n"), &body);
    }
    // Symlinks, once every file they may point at exists.
    let content = s.path().join("content");
    for (i, d) in p.specs.iter().enumerate() {
        let dir = content.join(COLUMNS[d.column]);
        if let Some((j, att)) = p.symlink[i] {
            let target = if att { attachment_rel(p, j) } else { rel(p, j) };
            std::os::unix::fs::symlink(
                content.join(target),
                dir.join(format!("ln{}.pdf", marker(i))),
            )
            .unwrap();
        }
        if let Some(j) = p.orphan[i] {
            std::os::unix::fs::symlink(
                content.join(rel(p, j)),
                dir.join(format!("orphan-{i}.pdf")),
            )
            .unwrap();
        }
    }
    s
}

/// Percent-encoded form as it would appear in a URL.
fn encoded(s: &str) -> String {
    gongkai::model::paths::url_encode_path(s)
}

fn check(p: &Plan) -> Result<(), TestCaseError> {
    let s = write_site(p);
    let out = s.out();
    let mut args = vec![
        "build",
        "--root",
        s.path().to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
        "--today",
        TODAY,
    ];
    if p.drafts {
        args.push("--drafts");
    }
    let o = run(&args);
    prop_assert!(
        o.status.success() || p.bad,
        "build failed on a valid site:\n{}",
        stderr(&o)
    );

    // 1. No trace of any unpublished document, in any form (a refused build may have
    // written nothing at all).
    let files = if out.exists() { walk(&out) } else { Vec::new() };
    for i in (0..p.specs.len()).filter(|&i| !p.published[i]) {
        let m = marker(i);
        for needle in [
            m.clone(),
            ascii_marker(i),
            encoded(&m),
            format!("{}{}秘", GAN[i % 10], ZHI[i / 10]),
        ] {
            let n = needle.as_bytes();
            for (path, bytes) in &files {
                let rel = path.strip_prefix(s.out()).unwrap().to_string_lossy();
                prop_assert!(
                    !rel.contains(&needle),
                    "unpublished doc {i} ({}) leaked into path {rel}",
                    rel_of(p, i)
                );
                prop_assert!(
                    !bytes.windows(n.len()).any(|w| w == n),
                    "unpublished doc {i} ({}): `{needle}` leaked into {rel}",
                    rel_of(p, i)
                );
            }
        }
    }

    if p.bad {
        // A published document links to a withheld one: refusing is right, and the rest of
        // the properties are about valid sites.
        return Ok(());
    }

    // 2. Every published document is listed, has its page, and its links resolve.
    let json: serde_json::Value = serde_json::from_str(&s.read("data/documents.json")).unwrap();
    let listed: BTreeMap<String, &serde_json::Value> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["id"].as_str().unwrap().to_string(), d))
        .collect();
    let expected: BTreeSet<String> = (0..p.specs.len())
        .filter(|&i| p.published[i])
        .map(|i| id(p, i))
        .collect();
    prop_assert_eq!(
        listed.keys().cloned().collect::<BTreeSet<_>>(),
        expected,
        "documents.json lists exactly the published documents"
    );
    for i in (0..p.specs.len()).filter(|&i| p.published[i]) {
        let entry = listed[&id(p, i)];
        let url = entry["url"].as_str().unwrap();
        let dir = gongkai::model::paths::url_decode(url).unwrap();
        let page = s.out().join(dir.trim_start_matches('/')).join("index.html");
        let html = std::fs::read_to_string(&page)
            .map_err(|e| TestCaseError::fail(format!("page of {} ({url}): {e}", id(p, i))))?;
        prop_assert!(
            html.contains(&format!("标题{}关于第{i}号文件", marker(i))),
            "title on page {url}"
        );
        for &j in &p.links[i] {
            let target = listed[&id(p, j)]["url"].as_str().unwrap();
            prop_assert!(
                html.contains(&format!("href=\"/xxgk{target}\"")),
                "link {i}→{j} rewritten to /xxgk{target} on {url}"
            );
        }
        for &(j, f) in &p.hostile[i] {
            let want = if to_attachment(f) {
                listed[&id(p, j)]["attachments"][0]
                    .as_str()
                    .unwrap()
                    .to_string()
            } else {
                listed[&id(p, j)]["url"].as_str().unwrap().to_string()
            };
            let attr = if f == 1 { "src" } else { "href" };
            prop_assert!(
                html.contains(&format!("{attr}=\"/xxgk{want}\"")),
                "{} link {i}→{j} rewritten to /xxgk{want} on {url}",
                FORMS[f]
            );
        }
        let atts = entry["attachments"].as_array().unwrap();
        prop_assert_eq!(
            atts.len(),
            p.specs[i].attachments + usize::from(p.symlink[i].is_some()),
            "attachments of {}",
            id(p, i)
        );
        for a in atts {
            let a = gongkai::model::paths::url_decode(a.as_str().unwrap()).unwrap();
            prop_assert!(
                s.out().join(a.trim_start_matches('/')).is_file(),
                "attachment {a} copied"
            );
        }
        let interps = entry["interpretations"].as_array().unwrap().len()
            + entry["interprets"].as_array().unwrap().len();
        let edges = p
            .interp
            .iter()
            .filter(|&&(a, b)| (a == i || b == i) && p.published[a] && p.published[b])
            .count();
        prop_assert_eq!(interps, edges, "interpretation edges of {}", id(p, i));
    }
    // 3. The decision catalog lists published items only.
    let dec = s.read("data/decisions.json");
    let listed_items = p.items.iter().filter(|&&k| p.published[k]).count();
    prop_assert_eq!(
        dec.matches("\"undertaker\"").count(),
        listed_items,
        "{}",
        dec
    );
    Ok(())
}

fn rel_of(p: &Plan, i: usize) -> String {
    let d = &p.specs[i];
    format!(
        "{} {}{}{} — {}",
        rel(p, i),
        DISCLOSURES[d.disclosure],
        if d.draft { " draft" } else { "" },
        PUBLISHED[d.published]
            .map(|x| format!(" published {x}"))
            .unwrap_or_default(),
        if p.drafts { "--drafts" } else { "" }
    )
}

fn cases() -> u32 {
    std::env::var("GONGKAI_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(24)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), max_shrink_iters: 200, ..ProptestConfig::default() })]

    #[test]
    fn unpublished_documents_never_leak(specs in prop::collection::vec(doc_spec(), 5..=25), drafts in prop::bool::weighted(0.25), allow_bad in prop::bool::weighted(0.3)) {
        let p = plan(specs, drafts, allow_bad);
        check(&p)?;
    }
}

/// A fixed case that exercises every branch of the generator at once (quick to debug).
#[test]
fn leak_fixed_mixture() {
    let mut specs = Vec::new();
    for i in 0..15usize {
        specs.push(DocSpec {
            column: i % 3,
            disclosure: [0, 0, 1, 2, 0][i % 5],
            draft: i % 7 == 3,
            published: i % 5,
            month: 1 + (i % 10) as u32,
            day: 1 + i as u32,
            role: i % 3,
            stage: i % 7,
            decision: i,
            status: i % 3,
            links: vec![i + 1, i + 5],
            interpretations: vec![i, i + 2],
            replaces: vec![i + 3, i + 6],
            declares: i % 2 == 0,
            attachments: i % 3,
            name_style: i % 3,
            slug: i % 4 == 1,
            hostile: vec![(i + 2, i % FORMS.len()), (i + 7, (i + 3) % FORMS.len())],
            symlink: (i % 3 == 2).then_some((i + 4, i % 2 == 0)),
            orphan: (i % 5 == 1).then_some(i + 3),
        });
    }
    for (drafts, allow_bad) in [(false, false), (true, false), (false, true)] {
        let p = plan(specs.clone(), drafts, allow_bad);
        assert!(p.published.iter().any(|x| *x) && p.published.iter().any(|x| !*x));
        assert_eq!(
            p.bad, allow_bad,
            "the mixture has edges to withheld documents"
        );
        assert!(
            p.hostile.iter().flatten().count() > 5 && p.symlink.iter().flatten().count() > 0,
            "{:?} {:?}",
            p.hostile,
            p.symlink
        );
        check(&p).unwrap();
    }
}

/// Every published document links to a withheld one in each form (and symlinks to one): the
/// build is refused, and the output folder holds no trace.
#[test]
fn every_link_form_to_a_withheld_document_is_refused() {
    for (f, form) in FORMS.iter().enumerate() {
        for symlink in [None, Some((1, false)), Some((1, true))] {
            let base = DocSpec {
                column: 0,
                disclosure: 0,
                draft: false,
                published: 0,
                month: 3,
                day: 1,
                role: 1,
                stage: 0,
                decision: 0,
                status: 0,
                links: Vec::new(),
                interpretations: Vec::new(),
                replaces: Vec::new(),
                declares: false,
                attachments: 1,
                name_style: f % 3,
                slug: f % 2 == 1,
                hostile: Vec::new(),
                symlink: None,
                orphan: Some(1),
            };
            let public = DocSpec {
                hostile: if symlink.is_none() {
                    vec![(1, f)]
                } else {
                    Vec::new()
                },
                symlink,
                ..base.clone()
            };
            let withheld = DocSpec {
                disclosure: 1 + f % 2,
                column: f % 3,
                ..base
            };
            let p = plan(vec![public, withheld], false, true);
            assert!(p.bad, "{} {symlink:?}", form);
            let s = write_site(&p);
            let o = s.build(TODAY);
            assert_eq!(
                o.status.code(),
                Some(1),
                "{} / symlink {symlink:?} was not refused",
                form
            );
            for needle in [marker(1), ascii_marker(1)] {
                assert!(
                    !s.out().exists() || grep(&s.out(), &needle).is_empty(),
                    "{needle}"
                );
            }
        }
    }
}
