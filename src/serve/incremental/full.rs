//! Full renders: every page into a staging folder that replaces the served folder at once.

use super::*;

impl Engine {
    /// Render everything (the search index is carried over when it can be).
    pub(super) fn render_all(
        &mut self,
        public: &PublicSite,
        ids: Vec<(String, String)>,
        global: String,
    ) -> Result<(bool, usize, usize), RenderError> {
        let inputs = self.inputs.as_ref().expect("loaded");
        let staging = Staging::new(&self.out)?;
        let renderer = Renderer::new(public, &inputs.theme, BASE)?;
        let errors = Errors::new();
        let texts: Vec<String> = public
            .docs
            .par_iter()
            .map(|p| match pages::doc_page(&renderer, &staging, p, true) {
                Ok(t) => t,
                Err(e) => {
                    errors.push(Err(e));
                    String::new()
                }
            })
            .collect();
        self.laps.lap("render documents");
        let specs = pages::list_specs(&renderer);
        let mut written =
            public.docs.len() + pages::list_pages(&renderer, &staging, &specs, &errors);
        let norm_rows = normative::rows(&renderer);
        written += pages::special_pages(&renderer, &staging)?
            + normative::normative_pages(&renderer, &staging, &norm_rows)?
            + crate::render::stats::stats_pages(&renderer, &staging)?
            + normative::catalog_pages(&renderer, &staging)?;
        self.laps.lap("render listings, indexes");
        if let Some(e) = errors.into_inner().into_iter().next() {
            return Err(e);
        }
        let heads: Vec<DocText> = public
            .docs
            .iter()
            .zip(&texts)
            .map(|(p, t)| DocText::of(p.doc, t))
            .collect();
        let carried = self.prev.take().and_then(|mut prev| {
            let old: Vec<DocText> = prev
                .heads
                .iter()
                .zip(&prev.texts)
                .map(|((title, extra), text)| DocText {
                    title,
                    extra: extra.clone(),
                    text,
                })
                .collect();
            let old_ids: Vec<&str> = prev.ids.iter().map(|(id, _)| id.as_str()).collect();
            let new_ids: Vec<&str> = public.docs.iter().map(|p| p.doc.id.as_str()).collect();
            prev.index
                .carry_over(&old, &old_ids, &heads, &new_ids, search::numbers(public))
                .then_some(prev.index)
        });
        let index = carried.unwrap_or_else(|| LiveIndex::build(&heads, search::numbers(public)));
        let heads: Vec<(String, String)> = heads
            .into_iter()
            .map(|h| (h.title.to_string(), h.extra))
            .collect();
        self.laps.lap("search index");
        let mut files = index.files(public, BASE, &index.all());
        files.extend(outputs::site_files(
            public,
            &specs,
            !norm_rows.is_empty(),
            outputs::Parts::ALL,
        ));
        let documents_json = files
            .iter()
            .find(|(p, _)| p == "data/documents.json")
            .and_then(|(_, b)| outputs::DocsJson::new(b.clone()));
        files.extend(
            inputs
                .theme
                .statics
                .iter()
                .map(|(rel, b)| (format!("static/{rel}"), b.clone())),
        );
        for (path, bytes) in &files {
            staging.write(path, bytes)?;
        }
        written += files.len();
        self.laps.lap("write files");
        written += outputs::copy_site_static(&self.root, &staging)?;
        let assets: Vec<&String> = public.assets.iter().collect();
        let copy: Result<Vec<()>, _> = assets
            .par_iter()
            .map(|rel| staging.copy(&self.root.join("content").join(rel), rel))
            .collect();
        copy?;
        written += assets.len();
        self.laps.lap("copy static, assets");
        staging.commit()?;
        self.laps.lap("swap");
        let Renderer {
            tera, summaries, ..
        } = renderer;
        self.tera = Some(tera);
        self.prev = Some(Rendered {
            ids,
            refs: refs(public),
            normative: public
                .docs
                .iter()
                .map(|p| p.doc.in_normative_index())
                .collect(),
            summaries,
            global,
            specs,
            texts,
            heads,
            index,
            assets: public.assets.clone(),
            documents_json,
        });
        Ok((true, written, 0))
    }
}
