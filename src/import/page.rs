//! One mirrored HTML page → what the importer needs: title, metadata fields, column hints,
//! the body as Markdown (links replaced by `gkref:N` tokens the planner resolves later), and
//! every link (for list pages and 解读 pairs).
//!
//! The body is found with selector profiles per platform family (not a parser per vendor);
//! the metadata comes from [`super::meta`], whatever markup holds it.

use std::collections::HashSet;
use std::sync::LazyLock;

use ego_tree::{NodeId, NodeRef};
use scraper::{ElementRef, Html, Node, Selector};

use super::meta::{self, Field, Found};
use crate::dates::Date;
pub use markdown::escape_md;
use markdown::{Ser, drop_title_line, to_markdown};

mod markdown;

/// Body containers per platform family, most specific first. Class names as the platforms
/// emit them: TRS WCM/海云 editors wrap text in `.TRS_Editor`/`.TRS_UEDITOR`; 大汉 Hanweb
/// pages use `#zoom`; 开普云 (Kaipuyun) uses `#UCAP-CONTENT`; the rest is common markup.
pub const PROFILES: &[(&str, &[&str])] = &[
    (
        "TRS/海云",
        &[
            ".TRS_Editor",
            ".TRS_UEDITOR",
            ".trs_editor_view",
            ".trs_word",
        ],
    ),
    ("大汉", &["#zoom", "#Zoom", ".bt_content", ".bt-content"]),
    ("开普云", &["#UCAP-CONTENT", ".ucap-content"]),
    (
        "通用",
        &[
            ".article-content",
            ".article_content",
            ".content-text",
            ".zw",
            "#zw",
            ".wzzw",
            "article",
            "#content",
            ".content",
        ],
    ),
];

const TITLE_SELECTORS: &[&str] = &[
    ".article-title",
    ".article_title",
    ".con-title",
    ".title",
    "#title",
    "h1",
    "h2",
];

const CRUMB_SELECTORS: &str = ".position, .location, .breadcrumb, .crumb, .dqwz, #position, .bread, .current-position, .nav-path, .curmb";

const ATTACH_SELECTORS: &str = ".fj, .attachment, #attachment, .xgfj, .fujian, .appendix, .attach";

/// Classes/ids of print, share, font-size and close bars.
const NOISE: &[&str] = &[
    "share", "print", "fenxiang", "dayin", "close", "fontsize", "zihao", "bdshare", "toolbar",
    "wzfx",
];

/// File extensions of attachments and images.
pub const ATTACH_EXT: &[&str] = &[
    "pdf", "doc", "docx", "wps", "ofd", "xls", "xlsx", "et", "ppt", "pptx", "zip", "rar", "7z",
    "txt", "csv", "jpg", "jpeg", "png", "gif", "bmp", "webp", "tif", "tiff",
];

struct Sel {
    profiles: Vec<(&'static str, Vec<Selector>)>,
    titles: Vec<Selector>,
    crumbs: Selector,
    attach: Selector,
    meta: Selector,
    canonical: Selector,
    title: Selector,
    body: Selector,
    script_xml: Selector,
}

static SEL: LazyLock<Sel> = LazyLock::new(|| {
    let s = |t: &str| Selector::parse(t).expect("valid selector");
    Sel {
        profiles: PROFILES
            .iter()
            .map(|(n, v)| (*n, v.iter().map(|t| s(t)).collect()))
            .collect(),
        titles: TITLE_SELECTORS.iter().map(|t| s(t)).collect(),
        crumbs: s(CRUMB_SELECTORS),
        attach: s(ATTACH_SELECTORS),
        meta: s("meta[name]"),
        canonical: s("link[rel=canonical]"),
        title: s("title"),
        body: s("body"),
        script_xml: s("script[type='text/xml']"),
    }
});

/// A link found on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub href: String,
    pub text: String,
    /// A date shown next to it (list rows).
    pub date: Option<Date>,
    /// Inside the body or the attachment block.
    pub in_body: bool,
    /// Text right around the link in its parent (`原文链接：`, `相关解读：`).
    pub label: String,
}

impl Link {
    /// Link text or its label mentions one of `words`.
    pub fn mentions(&self, words: &[&str]) -> bool {
        words
            .iter()
            .any(|w| self.text.contains(w) || self.label.contains(w))
    }
}

/// What a page is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Document,
    List,
    Other,
}

/// Everything read from one page.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub kind: PageKind,
    pub title: Option<String>,
    pub fields: Vec<Found>,
    /// `<meta name=…>`: (lower-cased name, content).
    pub meta: Vec<(String, String)>,
    pub saved_from: Option<String>,
    pub canonical: Option<String>,
    pub breadcrumb: Vec<Link>,
    /// Markdown with `gkref:N` link targets (N indexes `refs`).
    pub body_md: String,
    pub refs: Vec<String>,
    pub body_chars: usize,
    /// `<iframe>/<embed>/<object>` showing a PDF in the body.
    pub pdf_embed: Option<String>,
    pub links: Vec<Link>,
    pub truncated: bool,
    pub profile: &'static str,
}

impl Parsed {
    pub fn meta(&self, name: &str) -> Option<&str> {
        self.meta
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.trim().is_empty())
    }

    pub fn field(&self, f: Field) -> Option<&str> {
        self.fields
            .iter()
            .find(|x| x.field == f)
            .and_then(|x| x.value.as_deref())
    }
}

fn is_skipped_tag(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "form"
            | "button"
            | "select"
            | "input"
            | "textarea"
            | "iframe"
            | "embed"
            | "object"
            | "head"
            | "nav"
    )
}

fn is_noise(el: &scraper::node::Element) -> bool {
    let hit = |s: &str| {
        let l = s.to_ascii_lowercase();
        NOISE.iter().any(|n| l.contains(n))
    };
    el.id().is_some_and(hit) || el.classes().any(hit)
}

/// Does a file name look like a detail page of a known platform?
pub fn detail_name(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let stem = name.split('.').next().unwrap_or("");
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    // TRS: t20210521_4567890; Hanweb: art_1229_4567; others: content_123, 123456.
    (stem.len() > 10 && stem.starts_with('t') && digits(&stem[1..9]) && stem.as_bytes()[9] == b'_')
        || stem.starts_with("art_")
        || stem.starts_with("content_")
        || (digits(stem) && stem.len() >= 5)
}

/// A list page by its file name (`index.html`, `index_3.html`, `list_2.shtml`).
pub fn list_name(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let stem = name.split('.').next().unwrap_or("");
    stem == "index"
        || stem == "list"
        || stem.starts_with("index_")
        || stem.starts_with("list_")
        || stem.starts_with("index-")
}

/// Parse a decoded page found at mirror path `rel`.
pub fn parse(text: &str, rel: &str) -> Parsed {
    let tail_start = text.len().saturating_sub(4096);
    let tail = text[text.floor_char_boundary(tail_start)..].to_ascii_lowercase();
    let truncated = !tail.contains("</html") && !tail.contains("</body");
    let saved_from = saved_from(text);

    let html = Html::parse_document(text);
    let sel = &*SEL;

    let meta: Vec<(String, String)> = html
        .select(&sel.meta)
        .filter_map(|m| {
            Some((
                m.value().attr("name")?.trim().to_ascii_lowercase(),
                meta::normalize(m.value().attr("content").unwrap_or("")),
            ))
        })
        .collect();
    let canonical = html
        .select(&sel.canonical)
        .next()
        .and_then(|l| l.value().attr("href"))
        .map(str::to_string);

    // The body container.
    let mut body: Option<(ElementRef, &'static str)> = None;
    'outer: for (name, sels) in &sel.profiles {
        for s in sels {
            if let Some(el) = html.select(s).find(|e| text_chars(*e) > 0 || has_links(*e)) {
                body = Some((el, *name));
                break 'outer;
            }
        }
    }
    let doc_body = html.select(&sel.body).next();
    if body.is_none()
        && let Some(b) = doc_body
        && let Some(el) = densest(b)
    {
        body = Some((el, "正文密度"));
    }

    // Metadata blocks inside the body (top levels only) are scanned and dropped.
    let mut skip: HashSet<NodeId> = HashSet::new();
    let mut inner_meta: Vec<NodeId> = Vec::new();
    if let Some((b, _)) = body {
        collect_meta_blocks(b, 0, &mut inner_meta);
        skip.extend(inner_meta.iter().copied());
    }

    // Text runs outside the body, then inside the metadata blocks.
    let mut runs: Vec<String> = Vec::new();
    if let Some(root) = doc_body {
        text_runs(*root, body.map(|(b, _)| b.id()), &mut runs);
    }
    for id in &inner_meta {
        if let Some(n) = html.tree.get(*id) {
            text_runs(n, None, &mut runs);
        }
    }
    let fields = meta::parse_runs(&runs);

    // Title.
    let title = title_of(&html, &meta, &fields, body);

    // Links everywhere (list rows, breadcrumbs, 解读/原文 links).
    let mut links = Vec::new();
    if let Some(root) = doc_body {
        let body_id = body.map(|(b, _)| b.id());
        collect_links(*root, body_id, &mut links);
    }
    for script in html.select(&sel.script_xml) {
        // Hanweb list pages keep their rows as CDATA records in <script type="text/xml">.
        let inner: String = script.text().collect();
        links.extend(links_in_fragment(&inner));
    }

    let mut breadcrumb = Vec::new();
    if let Some(c) = html.select(&sel.crumbs).next() {
        collect_links(*c, None, &mut breadcrumb);
    }

    // Body → Markdown.
    let mut refs: Vec<String> = Vec::new();
    let mut tables: Vec<String> = Vec::new();
    let mut pdf_embed = None;
    let mut body_md = String::new();
    let mut body_chars = 0;
    let mut profile = "";
    if let Some((b, name)) = body {
        profile = name;
        let mut out = String::new();
        let mut ser = Ser {
            skip: &skip,
            refs: &mut refs,
            tables: &mut tables,
            pdf: &mut pdf_embed,
            chars: 0,
        };
        for c in b.children() {
            ser.node(c, &mut out);
        }
        body_chars = ser.chars;
        body_md = to_markdown(&out, &tables);
    }
    // Attachment block outside the body.
    let mut extra = Vec::new();
    for block in html.select(&sel.attach) {
        if body.is_some_and(|(b, _)| {
            block.ancestors().any(|a| a.id() == b.id()) || block.id() == b.id()
        }) {
            continue;
        }
        let mut l = Vec::new();
        collect_links(*block, None, &mut l);
        extra.extend(l.into_iter().filter(|l| is_attachment(&l.href)));
    }
    for l in &links {
        if !l.in_body
            && is_attachment(&l.href)
            && l.mentions(&["附件"])
            && !extra.iter().any(|e: &Link| e.href == l.href)
        {
            extra.push(l.clone());
        }
    }
    if !extra.is_empty() {
        append_attachments(&extra, &mut refs, &mut body_md);
    }
    if let Some(t) = &title {
        body_md = drop_title_line(&body_md, t);
    }

    let label_count = fields.iter().filter(|f| f.value.is_some()).count();
    let kind = if meta.iter().any(|(n, _)| n == "articletitle")
        || label_count >= 2
        || (detail_name(rel) && body.is_some() && profile != "正文密度")
    {
        PageKind::Document
    } else if list_name(rel) || links.iter().filter(|l| l.date.is_some()).count() >= 3 {
        PageKind::List
    } else {
        PageKind::Other
    };

    // A document page keeps only the links the planner reads (body, 解读/原文, 附件); the
    // site navigation on every page would otherwise be held 20,000 times.
    if kind == PageKind::Document {
        links
            .retain(|l| l.in_body || l.mentions(&["解读", "原文", "相关文件", "政策文件", "附件"]));
    }
    Parsed {
        kind,
        title,
        fields,
        meta,
        saved_from,
        canonical,
        breadcrumb,
        body_md,
        refs,
        body_chars,
        pdf_embed,
        links,
        truncated,
        profile,
    }
}

/// The page title: `<meta name="ArticleTitle">`, else the 标题 label, else the first title
/// element outside the body (not the site name), else `<title>` up to its first separator.
fn title_of(
    html: &Html,
    meta: &[(String, String)],
    fields: &[Found],
    body: Option<(ElementRef, &str)>,
) -> Option<String> {
    let sel = &*SEL;
    let meta_title = meta
        .iter()
        .find(|(n, v)| n == "articletitle" && !v.is_empty())
        .map(|(_, v)| v.clone());
    let label_title = fields
        .iter()
        .find(|f| f.field == Field::Title)
        .and_then(|f| f.value.clone());
    let sel_title = || {
        for s in &sel.titles {
            for el in html.select(s) {
                if body.is_some_and(|(b, _)| b.id() == el.id()) {
                    continue;
                }
                let t = meta::normalize(&el.text().collect::<String>());
                if !t.is_empty() && t.chars().count() <= 200 && !looks_like_site_name(&t) {
                    return Some(t);
                }
            }
        }
        None
    };
    let head_title = || {
        html.select(&sel.title).next().and_then(|t| {
            let t = meta::normalize(&t.text().collect::<String>());
            // `标题 - 罗庄区人民政府`, `标题_栏目_网站`, `标题 | 网站`: the title comes first.
            let cut = [" - ", " | ", "_", "|", " — ", " -- "]
                .iter()
                .filter_map(|sep| t.find(sep))
                .min()
                .unwrap_or(t.len());
            let first = Some(t[..cut].trim().to_string());
            first.filter(|s| !s.is_empty())
        })
    };
    meta_title
        .or(label_title)
        .or_else(sel_title)
        .or_else(head_title)
}

/// An `附件：` list of the attachment links found outside the body, appended to the body
/// (links already in the body are not repeated).
fn append_attachments(extra: &[Link], refs: &mut Vec<String>, body_md: &mut String) {
    let mut md = String::from("附件：\n\n");
    for l in extra {
        if refs.contains(&l.href) {
            continue;
        }
        refs.push(l.href.clone());
        let text = if l.text.is_empty() {
            "附件"
        } else {
            l.text.as_str()
        };
        md.push_str(&format!(
            "- [{}](gkref:{})\n",
            escape_md(text),
            refs.len() - 1
        ));
    }
    if md.contains("gkref:") {
        if !body_md.is_empty() {
            body_md.push_str("\n\n");
        }
        body_md.push_str(md.trim_end());
    }
}

fn looks_like_site_name(t: &str) -> bool {
    t.ends_with("人民政府") || t.ends_with("门户网站") || t == "政府信息公开"
}

/// `<!-- saved from url=(0047)http://… -->`, written by browsers that save a page.
fn saved_from(text: &str) -> Option<String> {
    let head = &text[..text.floor_char_boundary(text.len().min(2048))];
    let i = head.find("saved from url=")?;
    let rest = &head[i + "saved from url=".len()..];
    let rest = rest.trim_start_matches(|c: char| c == '(' || c.is_ascii_digit() || c == ')');
    let end = rest.find([' ', '-', '>']).unwrap_or(rest.len());
    let u = rest[..end].trim();
    (u.starts_with("http")).then(|| u.to_string())
}

pub fn is_attachment(href: &str) -> bool {
    let h = href.split(['?', '#']).next().unwrap_or("");
    let ext = h.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    ext.is_some_and(|e| ATTACH_EXT.contains(&e.as_str()))
}

fn text_chars(el: ElementRef) -> usize {
    el.text().map(|t| t.trim().chars().count()).sum()
}

fn has_links(el: ElementRef) -> bool {
    el.descendent_elements()
        .any(|e| matches!(e.value().name(), "a" | "iframe" | "embed" | "object"))
}

/// The element holding most text directly (its own text nodes and inline children): the
/// readability fallback when no profile matches.
fn densest(root: ElementRef) -> Option<ElementRef> {
    let mut best: Option<(usize, ElementRef)> = None;
    for el in root.descendent_elements() {
        if !matches!(el.value().name(), "div" | "td" | "article" | "section") {
            continue;
        }
        let mut n = 0;
        for c in el.children() {
            match c.value() {
                Node::Text(t) => n += t.trim().chars().count(),
                Node::Element(e)
                    if matches!(e.name(), "p" | "span" | "font" | "strong" | "b" | "br") =>
                {
                    if let Some(er) = ElementRef::wrap(c) {
                        n += text_chars(er);
                    }
                }
                _ => {}
            }
        }
        if n > 0 && best.is_none_or(|(b, _)| n > b) {
            best = Some((n, el));
        }
    }
    best.map(|(_, e)| e)
}

fn collect_meta_blocks(el: ElementRef, depth: usize, out: &mut Vec<NodeId>) {
    if depth > 3 {
        return;
    }
    for c in el.child_elements() {
        let name = c.value().name();
        if !matches!(name, "table" | "dl" | "ul" | "div" | "p" | "section") {
            continue;
        }
        let t: String = c.text().collect();
        if t.chars().count() < 800 && meta::label_count(&t) >= 2 {
            out.push(c.id());
        } else if t.chars().count() < 20_000 {
            collect_meta_blocks(c, depth + 1, out);
        }
    }
}

/// Normalised non-empty text runs in document order, skipping `skip_id`'s subtree.
fn text_runs(root: NodeRef<Node>, skip_id: Option<NodeId>, out: &mut Vec<String>) {
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        if Some(n.id()) == skip_id {
            continue;
        }
        match n.value() {
            Node::Text(t) => {
                let s = meta::normalize(t);
                if !s.is_empty() {
                    out.push(s);
                }
            }
            Node::Element(e) if matches!(e.name(), "script" | "style" | "noscript") => {}
            _ => {
                let kids: Vec<_> = n.children().collect();
                stack.extend(kids.into_iter().rev());
            }
        }
    }
}

fn collect_links(root: NodeRef<Node>, body_id: Option<NodeId>, out: &mut Vec<Link>) {
    let mut stack = vec![(root, false)];
    while let Some((n, in_body)) = stack.pop() {
        let in_body = in_body || Some(n.id()) == body_id;
        if let Node::Element(e) = n.value() {
            if matches!(e.name(), "script" | "style") {
                continue;
            }
            if e.name() == "a"
                && let Some(href) = e.attr("href")
                && let Some(er) = ElementRef::wrap(n)
            {
                let text = meta::normalize(&er.text().collect::<String>());
                let text = if text.is_empty() {
                    meta::normalize(e.attr("title").unwrap_or(""))
                } else {
                    text
                };
                let label: String = n
                    .parent()
                    .map(|p| {
                        p.children()
                            .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                            .collect::<String>()
                    })
                    .map(|t| meta::normalize(&t).chars().take(40).collect())
                    .unwrap_or_default();
                out.push(Link {
                    href: href.trim().to_string(),
                    text,
                    date: row_date(n),
                    in_body,
                    label,
                });
                continue;
            }
        }
        let kids: Vec<_> = n.children().collect();
        stack.extend(kids.into_iter().rev().map(|k| (k, in_body)));
    }
}

/// The date in the list row (li/tr/dd/p) that holds a link.
fn row_date(a: NodeRef<Node>) -> Option<Date> {
    for anc in a.ancestors().take(3) {
        if let Some(er) = ElementRef::wrap(anc)
            && matches!(er.value().name(), "li" | "tr" | "dd" | "p" | "div")
        {
            let t: String = er.text().collect();
            if t.chars().count() > 300 {
                return None;
            }
            return meta::find_date(&t);
        }
    }
    None
}

/// Links in an HTML fragment (Hanweb `<record><![CDATA[…]]></record>` rows, XML list files).
pub fn links_in_fragment(s: &str) -> Vec<Link> {
    let cleaned = s.replace("<![CDATA[", "").replace("]]>", "");
    let frag = Html::parse_fragment(&cleaned);
    let mut out = Vec::new();
    collect_links(*frag.root_element(), None, &mut out);
    out
}
