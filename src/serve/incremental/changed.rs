//! Incremental renders: the published set and URLs are unchanged, so only pages that show a
//! changed document are rendered again, into a scratch folder, and renamed into place.

use super::*;

impl Engine {
    /// Same published documents at the same URLs: re-render only what the changed ones touch.
    pub(super) fn render_changed(
        &mut self,
        public: &PublicSite,
        ids: Vec<(String, String)>,
        global: String,
    ) -> Result<(bool, usize, usize), RenderError> {
        let prev = self.prev.as_mut().expect("checked");
        let pending = &self.pending;
        let laps = &mut self.laps;
        let changed: Vec<usize> = pending
            .docs
            .iter()
            .filter_map(|id| public.idx.get(id.as_str()).copied())
            .collect();
        // A body-only edit (the usual case) changes that page and its search entries, nothing else.
        // (Editors' backup and swap files count as assets; they only matter when referenced.)
        let body_only = !pending.meta_changed
            && prev.assets == public.assets
            && pending.assets.iter().all(|a| !public.assets.contains(a));
        let mut summaries = std::mem::take(&mut prev.summaries);
        let mut new_summary: HashSet<usize> = HashSet::new();
        for &i in &changed {
            let s = context::summary(public, &public.docs[i], BASE);
            if serde_json::to_string(&s).ok() != serde_json::to_string(&summaries[i]).ok() {
                new_summary.insert(i);
            }
            summaries[i] = s;
        }
        let changed_set: HashSet<u32> = changed.iter().map(|&i| i as u32).collect();
        let mut pages_of: BTreeSet<usize> = changed.iter().copied().collect();
        let (mut catalog, mut norm) = (false, false);
        let new_refs = if body_only {
            None
        } else {
            let new_refs = refs(public);
            for (x, (old, new)) in prev.refs.iter().zip(&new_refs).enumerate() {
                if old.iter().chain(new).any(|r| changed_set.contains(r)) {
                    pages_of.insert(x);
                }
            }
            catalog =
                pending.catalog || pages_of.iter().any(|&i| public.docs[i].decision.is_some());
            if catalog {
                pages_of
                    .extend((0..public.docs.len()).filter(|&i| public.docs[i].decision.is_some()));
            }
            norm = pending.normative
                || pages_of
                    .iter()
                    .any(|&i| prev.normative[i] || public.docs[i].doc.in_normative_index());
            if norm {
                // Annual reports show the site's own 行政规范性文件 count (SPEC §8).
                pages_of.extend(public.reports.keys().copied());
            }
            Some(new_refs)
        };

        laps.lap("dependencies");
        let mut tera = self.tera.take().expect("checked");
        tera.global_context()
            .insert("site", &context::site_view(public, BASE));
        let renderer = Renderer {
            tera,
            site: public,
            base: BASE.to_string(),
            summaries,
            links: std::sync::Arc::new(crate::render::markdown::LinkMap::new(public, BASE)),
        };
        let result = (|| -> Result<Changed, RenderError> {
            let scratch = Staging::new(&self.out.with_file_name("incremental"))?;
            let mut moves = Moves::default();
            let errors = Errors::new();
            let order: Vec<usize> = pages_of.iter().copied().collect();
            let texts: Vec<(usize, String)> = order
                .par_iter()
                .filter_map(|&i| {
                    let want = changed_set.contains(&(i as u32));
                    match pages::doc_page(&renderer, &scratch, &public.docs[i], want) {
                        Ok(t) => want.then_some((i, t)),
                        Err(e) => {
                            errors.push(Err(e));
                            None
                        }
                    }
                })
                .collect();
            laps.lap("render documents");
            if body_only {
                if let Some(e) = errors.into_inner().into_iter().next() {
                    return Err(e);
                }
                let mut touched = Touched::default();
                for (i, text) in &texts {
                    let (title, extra) = &prev.heads[*i];
                    let old = DocText {
                        title,
                        extra: extra.clone(),
                        text: &prev.texts[*i],
                    };
                    prev.index.replace(
                        *i as u32,
                        &old,
                        &DocText::of(public.docs[*i].doc, text),
                        &mut touched,
                    );
                }
                touched.meta = false;
                let files = prev.index.files(public, BASE, &touched);
                laps.lap("search index");
                for (path, bytes) in &files {
                    scratch.write(path, bytes)?;
                }
                let removed = moves.apply(&scratch.dir, &self.out)?;
                laps.lap("write");
                return Ok((pages_of.len() + files.len(), removed, texts, None));
            }
            // Same columns, issuers, dates and kinds: the same listings in the same order.
            let reuse_specs = changed.iter().all(|&i| {
                let d = public.docs[i].doc;
                pending
                    .old_list
                    .get(&d.id)
                    .is_some_and(|k| *k == list_key(d))
            });
            let specs = if reuse_specs {
                std::mem::take(&mut prev.specs)
            } else {
                pages::list_specs(&renderer)
            };
            laps.lap("list specs");
            let old_specs: HashMap<&str, &Vec<usize>> = if reuse_specs {
                specs
                    .iter()
                    .map(|s| (s.out_dir.as_str(), &s.docs))
                    .collect()
            } else {
                prev.specs
                    .iter()
                    .map(|s| (s.out_dir.as_str(), &s.docs))
                    .collect()
            };
            let mut jobs: Vec<(usize, usize)> = Vec::new();
            for (s, spec) in specs.iter().enumerate() {
                match old_specs.get(spec.out_dir.as_str()) {
                    Some(old) if **old == spec.docs => {
                        for k in pages::page_keys(&renderer, spec) {
                            let slice = pages::page_slice(&spec.docs, spec.per, k);
                            if slice.iter().any(|i| new_summary.contains(i)) {
                                jobs.push((s, k));
                            }
                        }
                    }
                    old => {
                        jobs.extend(pages::page_keys(&renderer, spec).map(|k| (s, k)));
                        let count = pages::archive_pages(spec.docs.len(), spec.per);
                        let old_count = old
                            .map(|o| pages::archive_pages(o.len(), spec.per))
                            .unwrap_or(0);
                        for k in count + 1..=old_count {
                            moves.remove_page(&pages::list_page_dir(&spec.out_dir, k));
                        }
                    }
                }
            }
            let new_dirs: HashSet<&str> = specs.iter().map(|s| s.out_dir.as_str()).collect();
            for old in &prev.specs {
                if !new_dirs.contains(old.out_dir.as_str()) {
                    for k in 0..=pages::archive_pages(old.docs.len(), old.per) {
                        moves.remove_page(&pages::list_page_dir(&old.out_dir, k));
                    }
                }
            }
            jobs.par_iter().for_each(|&(s, n)| {
                errors.push(pages::list_page(&renderer, &scratch, &specs[s], n))
            });
            laps.lap("render listings");
            let mut written =
                pages_of.len() + jobs.len() + pages::special_pages(&renderer, &scratch)?;
            let norm_rows = normative::rows(&renderer);
            if norm {
                written += normative::normative_pages(&renderer, &scratch, &norm_rows)?
                    + normative::stats_page(&renderer, &scratch)?;
                moves.own("gfxwjql/");
                moves.own("tj/");
            }
            if catalog {
                written += normative::catalog_pages(&renderer, &scratch)?;
                moves.own("zdjcml/");
            }
            laps.lap("render indexes");
            if let Some(e) = errors.into_inner().into_iter().next() {
                return Err(e);
            }
            // Search: only the changed documents' own text and fields can change its entries.
            let mut touched = Touched {
                meta: true,
                ..Default::default()
            };
            let numbers = search::numbers(public);
            if numbers != prev.index.numbers() {
                // A date edit moved a document in the oldest-first search numbering.
                let new_text: HashMap<usize, &String> =
                    texts.iter().map(|(i, t)| (*i, t)).collect();
                let docs_of = |fresh: bool| -> Vec<DocText> {
                    (0..public.docs.len())
                        .map(|i| match new_text.get(&i) {
                            Some(t) if fresh => DocText::of(public.docs[i].doc, t),
                            _ => DocText {
                                title: &prev.heads[i].0,
                                extra: prev.heads[i].1.clone(),
                                text: &prev.texts[i],
                            },
                        })
                        .collect()
                };
                let (old, new) = (docs_of(false), docs_of(true));
                let ids: Vec<&str> = public.docs.iter().map(|p| p.doc.id.as_str()).collect();
                if !prev
                    .index
                    .carry_over(&old, &ids, &new, &ids, numbers.clone())
                {
                    prev.index = LiveIndex::build(&new, numbers);
                }
                touched = prev.index.all();
            } else {
                for (i, text) in &texts {
                    let (title, extra) = &prev.heads[*i];
                    let old = DocText {
                        title,
                        extra: extra.clone(),
                        text: &prev.texts[*i],
                    };
                    let new = DocText::of(public.docs[*i].doc, text);
                    prev.index.replace(*i as u32, &old, &new, &mut touched);
                }
            }
            let mut files = prev.index.files(public, BASE, &touched);
            laps.lap("search index");
            let docs_json = prev
                .documents_json
                .as_ref()
                .filter(|d| d.len() == public.docs.len())
                .and_then(|d| d.update(public, &order));
            let parts = outputs::Parts {
                documents: docs_json.is_none(),
                decisions: catalog,
                normative: norm,
                sitemap: !reuse_specs,
            };
            files.extend(outputs::site_files(
                public,
                &specs,
                !norm_rows.is_empty(),
                parts,
            ));
            prev.documents_json = match docs_json {
                Some(d) => {
                    files.push(("data/documents.json".into(), d.bytes().to_vec()));
                    Some(d)
                }
                None => files
                    .iter()
                    .find(|(p, _)| p == "data/documents.json")
                    .and_then(|(_, b)| outputs::DocsJson::new(b.clone())),
            };
            laps.lap("data, feeds, sitemap");
            for (path, bytes) in &files {
                scratch.write(path, bytes)?;
            }
            written += files.len();
            // Attachments and images: copy changed or newly referenced ones, drop unreferenced ones.
            let mut asset_paths: BTreeSet<&String> = pending.assets.iter().collect();
            asset_paths.extend(prev.assets.symmetric_difference(&public.assets));
            for rel in asset_paths {
                if public.assets.contains(rel) {
                    scratch.copy(&self.root.join("content").join(rel), rel)?;
                    written += 1;
                } else if prev.assets.contains(rel) {
                    moves.remove_file(rel);
                }
            }
            let removed = moves.apply(&scratch.dir, &self.out)?;
            laps.lap("write");
            Ok((written, removed, texts, Some(specs)))
        })();
        let Renderer {
            tera, summaries, ..
        } = renderer;
        self.tera = Some(tera);
        prev.summaries = summaries;
        let (written, removed, texts, specs) = match result {
            Ok(r) => r,
            Err(e) => {
                // Whatever was half-updated (listings, search postings) is rebuilt from scratch.
                self.pending.full = true;
                return Err(e);
            }
        };
        for (i, text) in texts {
            let d = public.docs[i].doc;
            prev.heads[i] = (d.title.clone(), DocText::of(d, "").extra);
            prev.texts[i] = text;
        }
        prev.ids = ids;
        if let Some(r) = new_refs {
            prev.refs = r;
        }
        prev.normative = public
            .docs
            .iter()
            .map(|p| p.doc.in_normative_index())
            .collect();
        prev.global = global;
        if let Some(specs) = specs {
            prev.specs = specs;
        }
        prev.assets = public.assets.clone();
        Ok((false, written, removed))
    }
}
