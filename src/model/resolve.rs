//! References to the site's own URLs (issue 16 item 2) and symlinked files (item 3),
//! resolved before the who-sees-what check of [`crate::model::Site`].
//!
//! A root-relative link (`/x/y/`), an absolute one under base_url, or an `interpretation:`
//! URL on the site's own host is looked up like a Markdown link: a document's page URL (or
//! its `.md` path) becomes a [`LinkKind::Doc`], a file under content/ a [`LinkKind::Asset`],
//! so every later check (missing, unpublished, withheld attachment, retraction) applies.
//! What the build generates itself (home, listings, reserved pages) stays a `Site` link;
//! anything else inside a content folder is an error (nothing is there).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::config::SiteConfig;
use crate::diag::{Diagnostic, did_you_mean, did_you_mean_text};
use crate::model::document::{Document, Target};
use crate::model::links::{LinkKind, SiteUrls, classify_in};

/// What a site path is.
enum Found {
    Doc(String),
    Asset(String),
    /// A page the build writes itself (home, listing, search …) or a file outside the
    /// content folders (static/).
    Generated,
    /// Inside a content folder, but nothing is there.
    Missing,
}

struct Index<'a> {
    /// Page folder (`a/b`) → document id, for every document (published or not).
    pages: HashMap<&'a str, &'a str>,
    assets: &'a BTreeSet<String>,
    config: &'a SiteConfig,
}

impl<'a> Index<'a> {
    fn new(docs: &'a [Document], assets: &'a BTreeSet<String>, config: &'a SiteConfig) -> Self {
        let pages = docs
            .iter()
            .map(|d| (d.out_dir.as_str(), d.id.as_str()))
            .collect();
        Index {
            pages,
            assets,
            config,
        }
    }

    fn find(&self, path: &str) -> Found {
        if path.is_empty() {
            return Found::Generated;
        }
        let page = path.strip_suffix("/index.html").unwrap_or(path);
        if let Some(id) = self.pages.get(page) {
            return Found::Doc(id.to_string());
        }
        if let Some(id) = path.strip_suffix(".md") {
            return Found::Doc(id.to_string());
        }
        if self.assets.contains(path) {
            return Found::Asset(path.to_string());
        }
        if path == "index.html" {
            return Found::Generated;
        }
        match place(page, |c| self.config.column_index(c).is_some()) {
            Place::InColumn => Found::Missing,
            Place::Listing | Place::Elsewhere => Found::Generated,
        }
    }

    /// "`link` points to a page that does not exist on this site" (wording: errors, #20).
    fn missing(&self, file: &std::path::Path, line: usize, link: &str, path: &str) -> Diagnostic {
        let page = path.trim_end_matches('/');
        let guess = did_you_mean(page, self.pages.keys().copied())
            .map(|g| format!("{}.md", self.pages[g]))
            .or_else(|| {
                did_you_mean(path, self.assets.iter().map(String::as_str)).map(str::to_string)
            });
        Diagnostic::error(
            file,
            Some(line),
            t!(
                "链接 `{link}` 指向本网站上不存在的页面",
                "link `{link}` points to a page that does not exist on this site"
            ),
        )
        .help(match guess {
            Some(g) => did_you_mean_text(&g),
            None => {
                let suggest = "../gfxwj/2021-3.md";
                t!(
                    "请从 content/ 中找到该文件，写它的内容路径，例如 `{suggest}`",
                    "link the content file instead, e.g. `{suggest}`"
                )
            }
        })
    }
}

/// Turn `Site` links and own-host interpretation URLs into document/file references.
pub fn resolve_site_refs(
    docs: &mut [Document],
    assets: &BTreeSet<String>,
    config: &SiteConfig,
) -> Vec<Diagnostic> {
    let urls = SiteUrls::new(&config.base_url);
    let mut diags = Vec::new();
    // (doc index, link index or interpretation index, new value)
    let mut link_fix: Vec<(usize, usize, LinkKind)> = Vec::new();
    let mut interp_fix: Vec<(usize, usize, String)> = Vec::new();
    {
        let idx = Index::new(docs, assets, config);
        for (i, d) in docs.iter().enumerate() {
            for (k, l) in d.links.iter().enumerate() {
                // `../gfxwj/2021-3/` (a document's page folder, written relatively).
                if let LinkKind::Asset { rel } = &l.kind
                    && !assets.contains(rel)
                    && let Some(id) = idx
                        .pages
                        .get(rel.strip_suffix("/index.html").unwrap_or(rel))
                {
                    let frag = l.dest.split_once('#').map(|(_, f)| f.to_string());
                    link_fix.push((
                        i,
                        k,
                        LinkKind::Doc {
                            id: id.to_string(),
                            frag,
                        },
                    ));
                    continue;
                }
                let LinkKind::Site { path, frag } = &l.kind else {
                    continue;
                };
                match idx.find(path) {
                    Found::Doc(id) => link_fix.push((
                        i,
                        k,
                        LinkKind::Doc {
                            id,
                            frag: frag.clone(),
                        },
                    )),
                    Found::Asset(rel) => link_fix.push((i, k, LinkKind::Asset { rel })),
                    Found::Generated => {}
                    Found::Missing => diags.push(idx.missing(&d.file, l.line, &l.dest, path)),
                }
            }
            for (k, r) in d.interpretation.iter().enumerate() {
                let Target::Url(u) = &r.target else { continue };
                if urls.site_relative(u).is_none() {
                    continue;
                }
                match classify_in(u, &d.dir, &urls) {
                    Ok(LinkKind::Site { path, .. }) => match idx.find(&path) {
                        Found::Doc(id) => interp_fix.push((i, k, id)),
                        Found::Missing => diags.push(idx.missing(&d.file, r.line, u, &path)),
                        Found::Asset(_) | Found::Generated => diags.push(
                            Diagnostic::error(
                                &d.file,
                                Some(r.line),
                                t!(
                                    "政策解读地址 `{u}` 指向本站，但不是一份文件的页面",
                                    "interpretation URL `{u}` is on this site but is not a document's page"
                                ),
                            )
                            .help(t!(
                                "`interpretation` 写本站政策解读的内容路径，如 `fdzdgknr/zcjd/2021-3.md`",
                                "give the content path of the 政策解读, e.g. `fdzdgknr/zcjd/2021-3.md`"
                            )),
                        ),
                    },
                    Ok(_) => {}
                    Err(msg) => diags.push(Diagnostic::error(&d.file, Some(r.line), msg)),
                }
            }
        }
    }
    for (i, k, kind) in link_fix {
        docs[i].links[k].kind = kind;
    }
    for (i, k, id) in interp_fix {
        docs[i].interpretation[k].target = Target::Doc(id);
    }
    diags
}

/// Files under content/ reached through a symbolic link: content path → content path of the
/// real file (both relative to content/).
pub type Aliases = BTreeMap<String, String>;

/// A published document may not attach or link a file whose real path (symlinks resolved)
/// is a document that is not published, or a file attached only to unpublished documents.
pub fn check_symlinks(
    docs: &[Document],
    published: &[bool],
    by_id: &HashMap<String, usize>,
    aliases: &Aliases,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    if aliases.is_empty() {
        return diags;
    }
    let real =
        |rel: &str| -> String { aliases.get(rel).cloned().unwrap_or_else(|| rel.to_string()) };
    let mut attached: HashMap<String, bool> = HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        for a in &d.attachments {
            // Published only by a document that attaches the real file under its own name.
            let direct = !aliases.contains_key(&a.rel);
            *attached.entry(real(&a.rel)).or_insert(false) |= published[i] && direct;
        }
    }
    for (i, d) in docs.iter().enumerate() {
        if !published[i] {
            continue;
        }
        for (rel, line) in file_refs(d) {
            let Some(target) = aliases.get(rel) else {
                continue;
            };
            let withheld_doc = target
                .strip_suffix(".md")
                .and_then(|id| by_id.get(id))
                .is_some_and(|&t| !published[t]);
            let withheld_file = attached.get(target) == Some(&false);
            if withheld_doc || withheld_file {
                diags.push(
                    Diagnostic::error(
                        &d.file,
                        Some(line),
                        if !withheld_doc {
                            // Also a published document's Markdown source, or a file nothing
                            // attaches: only files published documents attach directly pass.
                            t!(
                                "`content/{rel}` 是指向 `content/{target}` 的符号链接，而没有任何已公开的文件直接附上它（它可能是未公开文件的附件或某个文档的源文件）；发布它可能泄露未公开的内容",
                                "`content/{rel}` is a symbolic link to `content/{target}`, which no published document attaches directly (it may be an attachment of unpublished documents, or a document's source); publishing it could leak unpublished content"
                            )
                        } else {
                            t!(
                                "`content/{rel}` 是指向 `content/{target}` 的符号链接，那是一份未公开的文件；发布它会泄露未公开的内容",
                                "`content/{rel}` is a symbolic link to `content/{target}`, an unpublished document; publishing it would leak it"
                            )
                        },
                    )
                    .help(t!(
                        "删除这个符号链接，把真正要公开的文件复制到文件旁边",
                        "remove the symbolic link and copy the file that is really public beside the document"
                    )),
                );
            }
        }
    }
    diags
}

/// File types a browser runs scripts in when opened from the site's own origin (issue 16
/// item 13). gongkai refuses them as attachments or linked files of published documents
/// (we cannot set a `Content-Disposition` or CSP header on a static host, so neutralising
/// is not possible); convert them to PDF or PNG.
pub const ACTIVE_EXTENSIONS: &[&str] = &[
    "svg", "svgz", "html", "htm", "xhtml", "xht", "shtml", "xml", "xsl", "xslt", "mht", "mhtml",
    "js", "mjs", "swf",
];

fn is_active(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.rsplit_once('.').is_some_and(|(_, ext)| {
        ACTIVE_EXTENSIONS
            .iter()
            .any(|a| a.eq_ignore_ascii_case(ext))
    })
}

/// A document's references to files under `content/`: its attachments and its links to
/// files (content path, file line).
fn file_refs(d: &Document) -> impl Iterator<Item = (&String, usize)> {
    d.attachments
        .iter()
        .map(|a| (&a.rel, a.line))
        .chain(d.links.iter().filter_map(|l| match &l.kind {
            LinkKind::Asset { rel } => Some((rel, l.line)),
            _ => None,
        }))
}

/// Attachments and linked files of published documents may not be active content.
pub fn check_active_files(docs: &[Document], published: &[bool]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        if !published[i] {
            continue;
        }
        for (rel, line) in file_refs(d) {
            if is_active(rel) {
                diags.push(
                    Diagnostic::error(
                        &d.file,
                        Some(line),
                        t!(
                            "`content/{rel}` 是 SVG/HTML 一类可以运行脚本的文件，不能作为附件或链接文件发布（会在本站域名下运行其中的脚本）",
                            "`content/{rel}` is an SVG/HTML-like file that can run scripts; it may not be published as an attachment or linked file (its scripts would run on this site's origin)"
                        ),
                    )
                    .help(t!(
                        "把它转为 PDF 或 PNG 后再附上；网页请作为外部链接（https://…）给出",
                        "convert it to PDF or PNG; give web pages as external https:// links"
                    )),
                );
            }
        }
    }
    diags
}

/// Where a site path lies that is no published page, document or copied file.
pub enum Place {
    /// A column listing: `<column>` or `<column>/page/<n>`.
    Listing,
    /// Inside a column folder: documents and their files live there, so such a path is a
    /// missing (or withheld) page or file.
    InColumn,
    /// Anywhere else (body homes, static/, pages other outputs add): gongkai cannot know
    /// every file there.
    Elsewhere,
}

/// [`Place`] of site path `page` (without `/index.html`), asking `is_column` for folders:
/// by lookups along the path, not a scan of the columns (links × ~3,900 columns on a city
/// platform). A path under a reserved folder (`search/`, `static/`, `jg/`…) is the build's
/// own. Used by validation and by the renderer's resolver, so both agree.
pub fn place(page: &str, is_column: impl Fn(&str) -> bool) -> Place {
    let first = page.split('/').next().unwrap_or(page);
    if crate::config::RESERVED.contains(&first) {
        return Place::Elsewhere;
    }
    let listing = is_column(page)
        || page
            .rsplit_once("/page/")
            .is_some_and(|(col, n)| n.bytes().all(|b| b.is_ascii_digit()) && is_column(col));
    if listing {
        Place::Listing
    } else if page
        .match_indices('/')
        .any(|(at, _)| is_column(&page[..at]))
    {
        Place::InColumn
    } else {
        Place::Elsewhere
    }
}
