//! Full renders: the engine's whole plan into a staging folder that replaces the served folder
//! at once.

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
        let specs = pages::list_specs(&renderer);
        let norm_rows = normative::rows(&renderer);
        let sink = Texts::all();
        let prev = self.prev.take();
        let run_inputs = engine::Inputs {
            renderer: &renderer,
            theme: &inputs.theme,
            root: &self.root,
            specs: &specs,
            norm_rows: &norm_rows,
            bodies: None,
        };
        let (written, (index, texts, heads, files)) = engine::run(
            &run_inputs,
            &staging,
            &Plan::all(),
            &sink,
            |staging| {
                let texts = sink.take_all(public.docs.len());
                let (index, heads) = full_index(public, prev, &texts);
                let files = index.files(public, BASE, &index.all());
                for (path, bytes) in &files {
                    staging.write(path, bytes)?;
                }
                Ok((index, texts, heads, files.len()))
            },
            &mut self.laps,
        )
        .map_err(first)?;
        // documents.json is kept in memory so that edits rewrite only their records.
        let documents_json = std::fs::read(staging.dir.join("data/documents.json"))
            .ok()
            .and_then(outputs::DocsJson::new);
        staging.commit()?;
        self.laps.lap("swap output");
        let Renderer {
            tera,
            summaries,
            links,
            ..
        } = renderer;
        self.tera = Some(tera);
        self.prev = Some(Rendered {
            ids,
            dirs: public.docs.iter().map(|p| p.doc.out_dir.clone()).collect(),
            refs: deps::refs(public),
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
            links,
            documents_json,
        });
        Ok((true, written.pages + written.files + files, 0))
    }
}

/// The search index of every published document: the previous one carried over when few
/// documents changed, else built afresh. Also each document's (title, extra) for the next edit.
fn full_index(
    public: &PublicSite,
    prev: Option<Rendered>,
    texts: &[String],
) -> (LiveIndex, Vec<(String, String)>) {
    let heads: Vec<DocText> = public
        .docs
        .iter()
        .zip(texts)
        .map(|(p, t)| DocText::of(p.doc, t))
        .collect();
    let carried = prev.and_then(|mut prev| {
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
            .map(|_| prev.index)
    });
    let index = carried.unwrap_or_else(|| LiveIndex::build(&heads, search::numbers(public)));
    let heads = heads
        .into_iter()
        .map(|h| (h.title.to_string(), h.extra))
        .collect();
    (index, heads)
}
