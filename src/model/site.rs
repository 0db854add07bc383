//! [`Site`]: every valid document plus cross-reference validation (links exist, published
//! documents never point at unpublished ones, interpretation edges agree, decision stages).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::content::Content;
use crate::dates::Date;
use crate::diag::{Diagnostic, did_you_mean, did_you_mean_path, did_you_mean_text};
use crate::model::document::{self, Document, Target};
use crate::model::links::LinkKind;
use crate::model::types::*;

/// Every document of the site (published or not), validated, sorted by id.
pub struct Site {
    pub config: SiteConfig,
    pub docs: Vec<Document>,
    pub by_id: HashMap<String, usize>,
    pub assets: BTreeSet<String>,
    pub today: Date,
    pub drafts: bool,
    /// `published[i]`: document `i` is output (SPEC §3).
    pub published: Vec<bool>,
    /// Interpretation edges (policy document, 政策解读), whichever side declared them.
    pub interp_edges: BTreeSet<(usize, usize)>,
    /// External interpretation URLs per document.
    pub interp_urls: BTreeMap<usize, Vec<String>>,
    /// Decision id → catalog item document.
    pub decisions: BTreeMap<String, usize>,
    /// Decision id → stage documents (stage, doc).
    pub stages: BTreeMap<String, Vec<(Stage, usize)>>,
}

/// Why a document is not published, for messages (never written to output).
pub fn reason(d: &Document, today: Date, drafts: bool) -> &'static str {
    if d.disclosure != Disclosure::Public {
        d.disclosure.cn()
    } else if d.draft && !drafts {
        crate::i18n::pick("草稿（draft: true）", "草稿 (draft: true)")
    } else if d.publish_date() > today {
        crate::i18n::pick("未到发布日期", "未到发布日期 (embargoed)")
    } else {
        "已发布"
    }
}

/// Would copying file `rel` of content/ to the output replace a page or file gongkai writes
/// (a listing or document page `index.html`, the home page, data exports, search index…)?
fn replaces_generated(rel: &str) -> bool {
    let first = rel.split('/').next().unwrap_or(rel);
    rel.rsplit('/').next() == Some("index.html") || crate::config::RESERVED.contains(&first)
}

fn generated_clash(file: &std::path::Path, line: usize, rel: &str) -> Diagnostic {
    Diagnostic::error(
        file,
        Some(line),
        t!(
            "`content/{rel}` 会覆盖 gongkai 在 `/{rel}` 生成的页面或文件",
            "`content/{rel}` would be copied over the page or file gongkai generates at `/{rel}`"
        ),
    )
    .help(t!(
        "给文件改名：附件不能叫 index.html，也不能以 gongkai 自用的名称放在 content/ 顶层（data、search、static、feeds、jg、nian 等）",
        "rename the file: attachments may not be called index.html, nor sit at the top of content/ under a name gongkai uses itself (data, search, static, feeds, jg, nian, …)"
    ))
}

impl Site {
    pub fn doc(&self, id: &str) -> Option<&Document> {
        self.by_id.get(id).map(|&i| &self.docs[i])
    }

    /// The disclosure bodies (公开主体), root first (SPEC §7).
    pub fn bodies(&self) -> &[crate::config::Body] {
        &self.config.bodies
    }

    /// The body whose section holds `d`.
    pub fn body_of(&self, d: &Document) -> &crate::config::Body {
        &self.config.bodies[d.owner]
    }

    /// Validate `content` against `config`. Errors come back together; `None` if any.
    pub fn build(
        config: SiteConfig,
        content: Content,
        today: Date,
        drafts: bool,
    ) -> (Option<Site>, Vec<Diagnostic>) {
        let (site, diags) = Site::build_partial(config, content, today, drafts);
        if !diags
            .iter()
            .any(|d| d.severity == crate::diag::Severity::Error)
        {
            (Some(site), diags)
        } else {
            (None, diags)
        }
    }

    /// Like [`Site::build`], but the site of every document that parsed comes back even when
    /// there are errors (`check --format json` still inspects it; never render it then).
    pub fn build_partial(
        config: SiteConfig,
        content: Content,
        today: Date,
        drafts: bool,
    ) -> (Site, Vec<Diagnostic>) {
        let results: Vec<(String, Result<Document, Vec<Diagnostic>>)> = content
            .docs
            .into_par_iter()
            .map(|raw| (raw.id.clone(), document::parse(raw, &config)))
            .collect();
        let mut diags = Vec::new();
        let mut docs = Vec::with_capacity(results.len());
        let mut unparsed = content.unreadable;
        for (id, r) in results {
            match r {
                Ok(d) => docs.push(d),
                Err(e) => {
                    diags.extend(e);
                    unparsed.insert(id);
                }
            }
        }
        let aliases = content.aliases;
        let (site, more) = Site::assemble(config, docs, content.assets, &unparsed, today, drafts);
        diags.extend(more);
        diags.extend(crate::model::resolve::check_symlinks(
            &site.docs,
            &site.published,
            &site.by_id,
            &aliases,
        ));
        diags.extend(site.docs.iter().flat_map(|d| d.warnings.iter().cloned()));
        (site, diags)
    }

    /// Cross-validate documents that were parsed already (serve re-parses only changed files).
    /// The site comes back even when diagnostics were found; only render it when there are none.
    /// References to `unparsed` documents (which failed with their own errors) are not reported again.
    pub fn assemble(
        config: SiteConfig,
        mut docs: Vec<Document>,
        assets: BTreeSet<String>,
        unparsed: &BTreeSet<String>,
        today: Date,
        drafts: bool,
    ) -> (Site, Vec<Diagnostic>) {
        docs.sort_by(|a, b| a.id.cmp(&b.id));
        let mut diags = crate::model::resolve::resolve_site_refs(&mut docs, &assets, &config);
        let by_id: HashMap<String, usize> = docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.clone(), i))
            .collect();
        let published: Vec<bool> = docs.iter().map(|d| d.is_published(today, drafts)).collect();
        let mut site = Site {
            config,
            docs,
            by_id,
            assets,
            today,
            drafts,
            published,
            interp_edges: BTreeSet::new(),
            interp_urls: BTreeMap::new(),
            decisions: BTreeMap::new(),
            stages: BTreeMap::new(),
        };
        diags.extend(crate::model::resolve::check_active_files(
            &site.docs,
            &site.published,
        ));
        site.check_unique(&mut diags);
        site.check_refs(unparsed, &mut diags);
        site.link_interpretations(&mut diags);
        site.link_decisions(&mut diags);
        (site, diags)
    }

    fn check_unique(&self, diags: &mut Vec<Diagnostic>) {
        let mut urls: HashMap<&str, usize> = HashMap::new();
        let mut index_numbers: HashMap<&str, usize> = HashMap::new();
        for (i, d) in self.docs.iter().enumerate() {
            // Written after the documents, a column listing would silently replace this page.
            if let Some(c) = self
                .config
                .column_index(&d.out_dir)
                .map(|i| &self.config.columns[i])
            {
                diags.push(
                    Diagnostic::error(
                        &d.file,
                        Some(d.line("slug").min(d.line("title"))),
                        {
                            let (url, path, title) = (&d.url, &c.path, &c.title);
                            t!(
                                "本文件的页面地址 `{url}` 与栏目 `{path}`（{title}）的列表页相同，一个会覆盖另一个",
                                "this document's page URL `{url}` is the listing of column `{path}` ({title}); one would overwrite the other"
                            )
                        },
                    )
                    .help(t!(
                        "给文件改名，或另写一个 `slug`",
                        "rename the file or give it a different `slug`"
                    )),
                );
            }
            if let Some(&j) = urls.get(d.out_dir.as_str()) {
                diags.push(
                    Diagnostic::error(&d.file, Some(d.line("slug").min(d.line("title"))), {
                        let (url, a, b) = (&d.url, self.docs[j].file.display(), d.file.display());
                        t!(
                            "两篇文件的页面地址相同 `{url}`：{a} 和 {b}",
                            "two documents map to the same page URL `{url}`: {a} and {b}"
                        )
                    })
                    .help(t!(
                        "给其中一个文件改名，或另写一个 `slug`",
                        "rename one file or give it a different `slug`"
                    )),
                );
            } else {
                urls.insert(&d.out_dir, i);
            }
            if let Some(n) = &d.index_number {
                if let Some(&j) = index_numbers.get(n.as_str()) {
                    diags.push(
                        Diagnostic::error(&d.file, Some(d.line("index_number")), {
                            let (a, b) = (self.docs[j].file.display(), d.file.display());
                            t!(
                                "索引号 `{n}` 被两篇文件同时使用：{a} 和 {b}",
                                "索引号 `{n}` is used by two documents: {a} and {b}"
                            )
                        })
                        .help(crate::scaffold::numbers::duplicate_help()),
                    );
                } else {
                    index_numbers.insert(n, i);
                }
            }
        }
    }

    /// A document reference must exist; a published document may only reference published ones.
    fn target_ok(
        &self,
        from: usize,
        id: &str,
        line: usize,
        what: &str,
        unparsed: &BTreeSet<String>,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<usize> {
        let d = &self.docs[from];
        match self.by_id.get(id) {
            // The target failed with its own errors; a "no document" here would mislead.
            None if unparsed.contains(id) => None,
            None => {
                let known = self
                    .by_id
                    .keys()
                    .map(|k| k.as_str())
                    .chain(unparsed.iter().map(|k| k.as_str()));
                let guess = did_you_mean_path(id, known);
                diags.push(
                    Diagnostic::error(
                        &d.file,
                        Some(line),
                        t!(
                            "{what}：content/ 中没有 `{id}.md`",
                            "{what}: no document `{id}.md` in content/"
                        ),
                    )
                    .broken_link()
                    .help(match guess {
                        Some(g) => did_you_mean_text(&format!("{g}.md")),
                        None => t!(
                            "检查路径：前置元数据里的路径相对于 content/，正文链接相对于本文件",
                            "check the path; content paths are relative to content/ (front matter) or to the document (Markdown links)"
                        ),
                    }),
                );
                None
            }
            Some(&t) => {
                if self.published[from] && !self.published[t] {
                    diags.push(
                        Diagnostic::error(
                            &d.file,
                            Some(line),
                            {
                                let why = reason(&self.docs[t], self.today, self.drafts);
                                t!(
                                    "{what}：本文件已发布，却链接到未发布的 `{id}.md`（{why}）；链接会暴露该文件",
                                    "{what}: this published document links to `{id}.md`, which is not published ({why}); the link would expose it"
                                )
                            },
                        )
                        .help(t!(
                            "删掉这个链接；如果对方确实应主动公开，改正它的公开属性（disclosure）",
                            "remove the link, or change the other document's disclosure (公开属性) if it really is 主动公开"
                        )),
                    );
                }
                Some(t)
            }
        }
    }

    fn check_refs(&self, unparsed: &BTreeSet<String>, diags: &mut Vec<Diagnostic>) {
        // Attachment → is it attached to a published document? A body link from a published
        // document to a file attached only to unpublished ones would publish that file.
        let mut attached: HashMap<&str, bool> = HashMap::new();
        for (i, d) in self.docs.iter().enumerate() {
            for a in &d.attachments {
                *attached.entry(a.rel.as_str()).or_insert(false) |= self.published[i];
            }
        }
        for (i, d) in self.docs.iter().enumerate() {
            let refs = d
                .interpretation
                .iter()
                .map(|r| (r, "interpretation (政策解读)"))
                .chain(d.interprets.iter().map(|r| (r, "interprets (解读对象)")));
            let norm_refs = d.normative.iter().flat_map(|n| {
                n.replaces
                    .iter()
                    .map(|r| (r, "replaces"))
                    .chain(n.replaced_by.iter().map(|r| (r, "replaced_by")))
            });
            for (r, what) in refs.chain(norm_refs) {
                if let Target::Doc(id) = &r.target
                    && let Some(t) = self.target_ok(i, id, r.line, what, unparsed, diags)
                    && t == i
                {
                    diags.push(Diagnostic::error(
                        &d.file,
                        Some(r.line),
                        t!(
                            "{what} 指向了本文件自己",
                            "{what} points to the document itself"
                        ),
                    ));
                }
            }
            for l in &d.links {
                match &l.kind {
                    LinkKind::Doc { id, .. } => {
                        self.target_ok(
                            i,
                            id,
                            l.line,
                            &{
                                let dest = &l.dest;
                                t!("链接 `{dest}` 无效", "broken link `{dest}`")
                            },
                            unparsed,
                            diags,
                        );
                    }
                    LinkKind::Asset { rel } if !self.assets.contains(rel) => {
                        diags.push(
                            Diagnostic::error(&d.file, Some(l.line), {
                                let dest = &l.dest;
                                t!(
                                    "链接 `{dest}` 无效：没有文件 `content/{rel}`",
                                    "broken link `{dest}`: no file `content/{rel}`"
                                )
                            })
                            .broken_link()
                            .help(
                                match did_you_mean_path(rel, self.assets.iter().map(|s| s.as_str())) {
                                    Some(g) => did_you_mean_text(&format!("content/{g}")),
                                    None => t!(
                                        "把文件放在本文件旁边，或改正路径（相对于本文件）",
                                        "put the file beside the document, or fix the path (relative to the document)"
                                    ),
                                },
                            ),
                        );
                    }
                    LinkKind::Asset { rel } if replaces_generated(rel) => {
                        diags.push(generated_clash(&d.file, l.line, rel));
                    }
                    LinkKind::Asset { rel }
                        if self.published[i] && attached.get(rel.as_str()) == Some(&false) =>
                    {
                        diags.push(
                            Diagnostic::error(&d.file, Some(l.line), {
                                let dest = &l.dest;
                                t!(
                                    "链接 `{dest}`：本文件已发布，链接的却是只属于未发布文件的附件；链接会暴露它",
                                    "link `{dest}`: this published document links to a file that is an attachment of unpublished documents only; the link would expose it"
                                )
                            })
                            .help(t!(
                                "删掉这个链接；如果该文件确实应主动公开，把它列入本文件的 `attachments`",
                                "remove the link, or list the file under `attachments` of this document if it really is 主动公开"
                            )),
                        );
                    }
                    _ => {}
                }
            }
            for a in &d.attachments {
                if !self.assets.contains(&a.rel) {
                    let guess = did_you_mean_path(&a.rel, self.assets.iter().map(|s| s.as_str()));
                    let rel = &a.rel;
                    diags.push(
                        Diagnostic::error(
                            &d.file,
                            Some(a.line),
                            t!(
                                "找不到附件 `content/{rel}`",
                                "attachment (附件) `content/{rel}` not found"
                            ),
                        )
                        .broken_link()
                        .help(match guess {
                            Some(g) => format!(
                                "{}{}",
                                did_you_mean_text(&format!("content/{g}")),
                                t!(
                                    "附件路径相对于本文件",
                                    " attachment paths are relative to the document"
                                )
                            ),
                            None => t!(
                                "把文件放在本文件旁边；附件路径相对于本文件",
                                "put the file beside the document; attachment paths are relative to the document"
                            ),
                        }),
                    );
                } else if replaces_generated(&a.rel) {
                    diags.push(generated_clash(&d.file, a.line, &a.rel));
                }
            }
        }
    }

    fn link_interpretations(&mut self, diags: &mut Vec<Diagnostic>) {
        let mut edges = BTreeSet::new();
        let mut urls: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        for (i, d) in self.docs.iter().enumerate() {
            for r in &d.interpretation {
                match &r.target {
                    Target::Url(u) => urls.entry(i).or_default().push(u.clone()),
                    Target::Doc(id) => {
                        let Some(&t) = self.by_id.get(id) else {
                            continue;
                        };
                        let td = &self.docs[t];
                        if td.kind != Kind::Interpretation {
                            diags.push(
                                Diagnostic::error(&d.file, Some(r.line), {
                                    let k = td.kind.cn();
                                    t!(
                                        "`interpretation` 指向的 `{id}.md` 不是政策解读（它的文种是{k}）",
                                        "interpretation `{id}.md` is not a 政策解读 (its kind is {k})"
                                    )
                                })
                                .help({
                                    let f = td.file.display();
                                    t!("在 {f} 中写上 `kind: 政策解读`", "set `kind: 政策解读` in {f}")
                                }),
                            );
                            continue;
                        }
                        let other_side: Vec<&str> = td
                            .interprets
                            .iter()
                            .filter_map(|r| match &r.target {
                                Target::Doc(x) => Some(x.as_str()),
                                Target::Url(_) => None,
                            })
                            .collect();
                        if !other_side.is_empty() && !other_side.contains(&d.id.as_str()) {
                            diags.push(
                                Diagnostic::error(
                                    &d.file,
                                    Some(r.line),
                                    {
                                        let others = other_side
                                            .iter()
                                            .map(|s| format!("`{s}.md`"))
                                            .collect::<Vec<_>>()
                                            .join(", ");
                                        t!(
                                            "互相矛盾：本文件把 `{id}.md` 作为它的政策解读，但那篇解读写的解读对象是 {others}",
                                            "contradiction: this document names `{id}.md` as its interpretation, but that 政策解读 says it interprets {others}"
                                        )
                                    },
                                )
                                .help({
                                    let (me, f) = (&d.id, td.file.display());
                                    t!(
                                        "在 {f} 的 `interprets` 中加上 `{me}.md`，或改正本文件的 `interpretation`",
                                        "add `{me}.md` to `interprets` in {f}, or correct this `interpretation`"
                                    )
                                }),
                            );
                            continue;
                        }
                        edges.insert((i, t));
                    }
                }
            }
            for r in &d.interprets {
                if let Target::Doc(id) = &r.target
                    && let Some(&t) = self.by_id.get(id)
                {
                    edges.insert((t, i));
                }
            }
        }
        self.interp_edges = edges;
        self.interp_urls = urls;
    }

    fn link_decisions(&mut self, diags: &mut Vec<Diagnostic>) {
        let mut items: BTreeMap<String, usize> = BTreeMap::new();
        for (i, d) in self.docs.iter().enumerate() {
            if let Some(dec) = &d.decision {
                if let Some(&j) = items.get(&dec.id) {
                    diags.push(Diagnostic::error(&d.file, Some(dec.line), {
                        let (id, a, b) = (&dec.id, self.docs[j].file.display(), d.file.display());
                        t!(
                            "决策事项编号 `{id}` 被两个目录事项同时使用：{a} 和 {b}",
                            "decision id `{id}` is used by two catalog items: {a} and {b}"
                        )
                    }));
                } else {
                    items.insert(dec.id.clone(), i);
                }
            }
        }
        let mut stages: BTreeMap<String, Vec<(Stage, usize)>> = BTreeMap::new();
        for (i, d) in self.docs.iter().enumerate() {
            let Some(s) = &d.stage else { continue };
            let Some(&item) = items.get(&s.id) else {
                let guess = did_you_mean(&s.id, items.keys().map(|k| k.as_str()));
                diags.push(
                    Diagnostic::error(&d.file, Some(s.line), {
                        let id = &s.id;
                        t!(
                            "decision_stage：未知的决策事项编号 `{id}`",
                            "decision_stage: unknown decision id `{id}`"
                        )
                    })
                    .help(match guess {
                        Some(g) => did_you_mean_text(g),
                        None => t!(
                            "编号须与某篇 kind: 重大决策事项 文件的 `decision.id` 相同",
                            "the id must match `decision.id` of a document with kind: 重大决策事项"
                        ),
                    }),
                );
                continue;
            };
            if self.published[i] && !self.published[item] {
                diags.push(Diagnostic::error(
                    &d.file,
                    Some(s.line),
                    {
                        let (id, why) = (&s.id, reason(&self.docs[item], self.today, self.drafts));
                        t!(
                            "decision_stage：本阶段文件已发布，但所属决策事项 `{id}` 的目录事项未发布（{why}）",
                            "decision_stage: this published stage document belongs to decision `{id}`, whose catalog item is not published ({why})"
                        )
                    },
                ));
            }
            let list = stages.entry(s.id.clone()).or_default();
            if !s.stage.allows_several()
                && let Some(&(_, other)) = list.iter().find(|(st, _)| *st == s.stage)
            {
                diags.push(
                    Diagnostic::error(&d.file, Some(s.line), {
                        let (id, st, f) = (&s.id, s.stage.cn(), self.docs[other].file.display());
                        t!(
                            "决策事项 `{id}` 已有“{st}”阶段的文件：{f}",
                            "decision `{id}` already has a {st} document: {f}"
                        )
                    })
                    .help(t!(
                        "每个决策事项每个阶段只有一篇文件（只有意见征集采纳情况、政策解读和执行评估可以有多篇）",
                        "each decision has one document per stage (only 意见征集采纳情况, 政策解读 and 执行评估 may have several)"
                    )),
                );
                continue;
            }
            list.push((s.stage, i));
        }
        for list in stages.values_mut() {
            list.sort_by_key(|&(st, i)| (st, self.docs[i].date, i));
        }
        self.decisions = items;
        self.stages = stages;
    }
}
