//! [`Site`]: every valid document plus cross-reference validation (links exist, published
//! documents never point at unpublished ones, interpretation edges agree, decision stages).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::content::Content;
use crate::dates::Date;
use crate::diag::{Diagnostic, did_you_mean};
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
        "草稿 (draft: true)"
    } else if d.publish_date() > today {
        "未到发布日期 (embargoed)"
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
        format!("`content/{rel}` would be copied over the page or file gongkai generates at `/{rel}`"),
    )
    .help("rename the file: attachments may not be called index.html, nor sit at the top of content/ under a name gongkai uses itself (data, search, static, feeds, jg, nian, …)")
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
        let results: Vec<(String, Result<Document, Vec<Diagnostic>>)> = content
            .docs
            .into_par_iter()
            .map(|raw| (raw.id.clone(), document::parse(raw, &config)))
            .collect();
        let mut diags = Vec::new();
        let mut docs = Vec::with_capacity(results.len());
        let mut unparsed = BTreeSet::new();
        for (id, r) in results {
            match r {
                Ok(d) => docs.push(d),
                Err(e) => {
                    diags.extend(e);
                    unparsed.insert(id);
                }
            }
        }
        let (site, more) = Site::assemble(config, docs, content.assets, &unparsed, today, drafts);
        diags.extend(more);
        diags.extend(site.docs.iter().flat_map(|d| d.warnings.iter().cloned()));
        if !diags
            .iter()
            .any(|d| d.severity == crate::diag::Severity::Error)
        {
            (Some(site), diags)
        } else {
            (None, diags)
        }
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
        let mut diags = Vec::new();
        docs.sort_by(|a, b| a.id.cmp(&b.id));
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
            if let Some(c) = self.config.columns.iter().find(|c| c.path == d.out_dir) {
                diags.push(
                    Diagnostic::error(
                        &d.file,
                        Some(d.line("slug").min(d.line("title"))),
                        format!(
                            "this document's page URL `{}` is the listing of column `{}` ({}); one would overwrite the other",
                            d.url, c.path, c.title
                        ),
                    )
                    .help("rename the file or give it a different `slug`"),
                );
            }
            if let Some(&j) = urls.get(d.out_dir.as_str()) {
                diags.push(
                    Diagnostic::error(
                        &d.file,
                        Some(d.line("slug").min(d.line("title"))),
                        format!(
                            "two documents map to the same page URL `{}`: {} and {}",
                            d.url,
                            self.docs[j].file.display(),
                            d.file.display()
                        ),
                    )
                    .help("rename one file or give it a different `slug`"),
                );
            } else {
                urls.insert(&d.out_dir, i);
            }
            if let Some(n) = &d.index_number {
                if let Some(&j) = index_numbers.get(n.as_str()) {
                    diags.push(
                        Diagnostic::error(&d.file, Some(d.line("index_number")), format!("索引号 `{n}` is used by two documents: {} and {}", self.docs[j].file.display(), d.file.display()))
                            .help("every index_number must be unique; remove this one and run `gongkai index-numbers --write` to assign the next free number"),
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
                let guess = did_you_mean(id, self.by_id.keys().map(|k| k.as_str()));
                diags.push(
                    Diagnostic::error(&d.file, Some(line), format!("{what}: no document `{id}.md` in content/"))
                        .help(match guess {
                            Some(g) => format!("did you mean `{g}.md`?"),
                            None => "check the path; content paths are relative to content/ (front matter) or to the document (Markdown links)".into(),
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
                            format!(
                                "{what}: this published document links to `{id}.md`, which is not published ({}); the link would expose it",
                                reason(&self.docs[t], self.today, self.drafts)
                            ),
                        )
                        .help("remove the link, or change the other document's disclosure (公开属性) if it really is 主动公开"),
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
                        format!("{what} points to the document itself"),
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
                            &format!("broken link `{}`", l.dest),
                            unparsed,
                            diags,
                        );
                    }
                    LinkKind::Asset { rel } if !self.assets.contains(rel) => {
                        diags.push(
                            Diagnostic::error(&d.file, Some(l.line), format!("broken link `{}`: no file `content/{rel}`", l.dest))
                                .help("put the file beside the document, or fix the path (relative to the document)"),
                        );
                    }
                    LinkKind::Asset { rel } if replaces_generated(rel) => {
                        diags.push(generated_clash(&d.file, l.line, rel));
                    }
                    LinkKind::Asset { rel }
                        if self.published[i] && attached.get(rel.as_str()) == Some(&false) =>
                    {
                        diags.push(
                            Diagnostic::error(&d.file, Some(l.line), format!("link `{}`: this published document links to a file that is an attachment of unpublished documents only; the link would expose it", l.dest))
                                .help("remove the link, or list the file under `attachments` of this document if it really is 主动公开"),
                        );
                    }
                    _ => {}
                }
            }
            for a in &d.attachments {
                if !self.assets.contains(&a.rel) {
                    let guess = did_you_mean(&a.rel, self.assets.iter().map(|s| s.as_str()));
                    diags.push(
                        Diagnostic::error(&d.file, Some(a.line), format!("attachment (附件) `content/{}` not found", a.rel))
                            .help(match guess {
                                Some(g) => format!("did you mean `content/{g}`? attachment paths are relative to the document"),
                                None => "put the file beside the document; attachment paths are relative to the document".into(),
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
                                Diagnostic::error(&d.file, Some(r.line), format!("interpretation `{id}.md` is not a 政策解读 (its kind is {})", td.kind.cn()))
                                    .help(format!("set `kind: 政策解读` in {}", td.file.display())),
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
                                    format!("contradiction: this document names `{id}.md` as its interpretation, but that 政策解读 says it interprets {}", other_side.iter().map(|s| format!("`{s}.md`")).collect::<Vec<_>>().join(", ")),
                                )
                                .help(format!("add `{}.md` to `interprets` in {}, or correct this `interpretation`", d.id, td.file.display())),
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
                    diags.push(Diagnostic::error(
                        &d.file,
                        Some(dec.line),
                        format!(
                            "decision id `{}` is used by two catalog items: {} and {}",
                            dec.id,
                            self.docs[j].file.display(),
                            d.file.display()
                        ),
                    ));
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
                    Diagnostic::error(
                        &d.file,
                        Some(s.line),
                        format!("decision_stage: unknown decision id `{}`", s.id),
                    )
                    .help(match guess {
                        Some(g) => format!("did you mean `{g}`?"),
                        None => {
                            "the id must match `decision.id` of a document with kind: 重大决策事项"
                                .into()
                        }
                    }),
                );
                continue;
            };
            if self.published[i] && !self.published[item] {
                diags.push(Diagnostic::error(
                    &d.file,
                    Some(s.line),
                    format!("decision_stage: this published stage document belongs to decision `{}`, whose catalog item is not published ({})", s.id, reason(&self.docs[item], self.today, self.drafts)),
                ));
            }
            let list = stages.entry(s.id.clone()).or_default();
            if !s.stage.allows_several()
                && let Some(&(_, other)) = list.iter().find(|(st, _)| *st == s.stage)
            {
                diags.push(
                    Diagnostic::error(&d.file, Some(s.line), format!("decision `{}` already has a {} document: {}", s.id, s.stage.cn(), self.docs[other].file.display()))
                        .help("each decision has one document per stage (only 意见征集采纳情况, 政策解读 and 执行评估 may have several)"),
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
