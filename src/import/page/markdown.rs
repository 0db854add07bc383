//! HTML → Markdown for an imported page body: the serializer that keeps tables, images and
//! attachment links, escaping, the htmd conversion, and dropping a repeated title line.

use super::*;

pub(super) struct Ser<'a> {
    pub(super) skip: &'a HashSet<NodeId>,
    pub(super) refs: &'a mut Vec<String>,
    pub(super) tables: &'a mut Vec<String>,
    pub(super) pdf: &'a mut Option<String>,
    pub(super) chars: usize,
}

impl Ser<'_> {
    pub(super) fn node(&mut self, n: NodeRef<Node>, out: &mut String) {
        // Iterative over siblings would complicate the close tags; depth is bounded by the
        // parser's own handling of nesting and we stop descending past 200 levels.
        self.walk(n, out, 0);
    }

    fn walk(&mut self, n: NodeRef<Node>, out: &mut String, depth: usize) {
        if depth > 200 || self.skip.contains(&n.id()) {
            return;
        }
        match n.value() {
            Node::Text(t) => {
                self.chars += t.trim().chars().count();
                escape_html(t, out);
            }
            Node::Element(e) => {
                let name = e.name();
                if matches!(name, "iframe" | "embed" | "object") {
                    let src = e.attr("src").or(e.attr("data"));
                    if let Some(s) = src
                        && s.to_ascii_lowercase()
                            .split(['?', '#'])
                            .next()
                            .unwrap_or("")
                            .ends_with(".pdf")
                        && self.pdf.is_none()
                    {
                        *self.pdf = Some(s.to_string());
                    }
                    return;
                }
                if is_skipped_tag(name) || is_noise(e) {
                    return;
                }
                match name {
                    "table" => {
                        let mut t = String::new();
                        self.table(n, &mut t, depth);
                        out.push_str(&format!("<p>GKTABLE{}</p>", self.tables.len()));
                        self.tables.push(t);
                    }
                    "a" => {
                        let href = e.attr("href").unwrap_or("").trim();
                        if href.is_empty()
                            || href.starts_with('#')
                            || href.to_ascii_lowercase().starts_with("javascript:")
                        {
                            self.children(n, out, depth);
                        } else {
                            self.refs.push(href.to_string());
                            out.push_str(&format!("<a href=\"gkref:{}\">", self.refs.len() - 1));
                            self.children(n, out, depth);
                            out.push_str("</a>");
                        }
                    }
                    "img" => {
                        if let Some(src) = e
                            .attr("src")
                            .filter(|s| !s.trim().is_empty() && !s.starts_with("data:"))
                        {
                            self.refs.push(src.trim().to_string());
                            out.push_str(&format!(
                                "<img src=\"gkref:{}\" alt=\"",
                                self.refs.len() - 1
                            ));
                            escape_html(e.attr("alt").unwrap_or(""), out);
                            out.push_str("\">");
                        }
                    }
                    "br" | "hr" => out.push_str(&format!("<{name}>")),
                    "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "ul" | "ol" | "li"
                    | "strong" | "b" | "em" | "i" | "blockquote" | "pre" | "code" | "sup"
                    | "sub" | "dl" | "dt" | "dd" | "section" | "article" | "center" => {
                        let tag = match name {
                            "center" | "section" | "article" | "dl" => "div",
                            "dt" | "dd" => "p",
                            t => t,
                        };
                        out.push_str(&format!("<{tag}>"));
                        self.children(n, out, depth);
                        out.push_str(&format!("</{tag}>"));
                    }
                    _ => self.children(n, out, depth),
                }
            }
            _ => {}
        }
    }

    fn children(&mut self, n: NodeRef<Node>, out: &mut String, depth: usize) {
        for c in n.children() {
            self.walk(c, out, depth + 1);
        }
    }

    /// Tables stay HTML (the build sanitises them): structure and row/col spans only,
    /// cells as text, no blank lines (so Markdown keeps it one HTML block).
    fn table(&mut self, n: NodeRef<Node>, out: &mut String, depth: usize) {
        if depth > 200 {
            return;
        }
        for c in n.children() {
            if let Node::Element(e) = c.value() {
                match e.name() {
                    "table" | "thead" | "tbody" | "tfoot" | "tr" => {
                        let name = e.name();
                        out.push_str(&format!("<{name}>"));
                        self.table(c, out, depth + 1);
                        out.push_str(&format!("</{name}>"));
                        if name == "tr" {
                            out.push('\n');
                        }
                    }
                    "td" | "th" => {
                        let name = e.name();
                        out.push_str(&format!("<{name}"));
                        for a in ["rowspan", "colspan"] {
                            if let Some(v) = e
                                .attr(a)
                                .filter(|v| v.bytes().all(|b| b.is_ascii_digit()) && !v.is_empty())
                            {
                                out.push_str(&format!(" {a}=\"{v}\""));
                            }
                        }
                        out.push('>');
                        let er = ElementRef::wrap(c).expect("element");
                        let t = meta::normalize(&er.text().collect::<String>());
                        self.chars += t.chars().count();
                        escape_html(&t, out);
                        out.push_str(&format!("</{name}>"));
                    }
                    "caption" => {}
                    _ => self.table(c, out, depth + 1),
                }
            }
        }
    }
}

pub(super) fn escape_html(t: &str, out: &mut String) {
    for c in t.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

/// Characters that would start Markdown syntax inside link text.
pub fn escape_md(t: &str) -> String {
    let mut s = String::with_capacity(t.len());
    for c in t.chars() {
        if matches!(c, '[' | ']' | '*' | '_' | '`' | '\\') {
            s.push('\\');
        }
        s.push(c);
    }
    s
}

thread_local! {
    static CONVERTER: htmd::HtmlToMarkdown = htmd::HtmlToMarkdown::builder()
        .skip_tags(vec!["script", "style"])
        .options(htmd::options::Options {
            bullet_list_marker: htmd::options::BulletListMarker::Dash,
            ul_bullet_spacing: 1,
            ol_number_spacing: 1,
            ..Default::default()
        })
        .build();
}

pub(super) fn to_markdown(html: &str, tables: &[String]) -> String {
    let md = CONVERTER.with(|c| c.convert(html).unwrap_or_default());
    let mut out = String::with_capacity(md.len());
    for line in md.lines() {
        let l = line
            .trim_start_matches(['\u{3000}', '\u{a0}', ' '])
            .trim_end();
        if let Some(n) = l
            .strip_prefix("GKTABLE")
            .and_then(|r| r.parse::<usize>().ok())
            && let Some(t) = tables.get(n)
        {
            out.push_str("<table>\n");
            out.push_str(t);
            out.push_str("</table>\n");
            continue;
        }
        // Paragraph indentation (两个全角空格) is not Markdown indentation.
        out.push_str(l.replace('\u{a0}', " ").as_str());
        out.push('\n');
    }
    // Collapse runs of blank lines.
    let mut res = String::with_capacity(out.len());
    let mut blank = 0;
    for line in out.lines() {
        if line.trim().is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        res.push_str(line);
        res.push('\n');
    }
    res.trim().to_string()
}

/// The body often repeats the title as its first line; the page shows it already.
pub(super) fn drop_title_line(md: &str, title: &str) -> String {
    let first = md.lines().find(|l| !l.trim().is_empty());
    if let Some(f) = first {
        let bare = f
            .trim()
            .trim_start_matches('#')
            .trim()
            .trim_matches('*')
            .trim();
        if meta::normalize(bare) == meta::normalize(title) {
            let rest = md.split_once(f).map(|(_, r)| r).unwrap_or("");
            return rest.trim_start().to_string();
        }
    }
    md.to_string()
}
