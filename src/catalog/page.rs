//! Each body's 主动公开目录 page: every item that applies to the body, grouped by 领域, with its
//! 公开内容/依据/时限/渠道/对象, its published documents newest first and its state.

use serde::Serialize;

use crate::catalog::data::public_entries;
use crate::catalog::state::Entry;
use crate::output::Staging;
use crate::render::{RenderError, Renderer};

#[derive(Serialize)]
struct DocLink<'a> {
    title: &'a str,
    url: String,
    date: String,
}

#[derive(Serialize)]
struct Row<'a> {
    n: usize,
    id: &'a str,
    item: &'a str,
    content: Option<&'a str>,
    basis: Option<&'a str>,
    deadline: String,
    channel: &'a [String],
    audience: Option<&'a str>,
    state: &'static str,
    state_key: &'static str,
    latest: Option<String>,
    docs: Vec<DocLink<'a>>,
}

#[derive(Serialize)]
struct Domain<'a> {
    n: usize,
    domain: &'a str,
    rows: Vec<Row<'a>>,
}

#[derive(Serialize)]
struct View<'a> {
    body: &'a str,
    kind: &'static str,
    today: String,
    items: usize,
    ok: usize,
    overdue: usize,
    empty: usize,
    domains: Vec<Domain<'a>>,
    csv: String,
    json: String,
}

/// Write every body's page. Returns the number of pages written.
pub fn pages(r: &Renderer, staging: &Staging) -> Result<usize, RenderError> {
    let site = r.site;
    let cat = &site.config.catalog;
    if cat.items.is_empty() {
        return Ok(0);
    }
    let entries = public_entries(site);
    let mut written = 0;
    for (b, body) in cat.bodies.iter().enumerate() {
        let mine: Vec<&Entry> = entries.iter().filter(|e| e.body == b).collect();
        if mine.is_empty() {
            continue;
        }
        // Domains in the order of the 26 (DOMAINS), items by id within a domain.
        let mut domains: Vec<Domain> = Vec::new();
        for d in crate::catalog::DOMAINS {
            let rows: Vec<Row> = mine
                .iter()
                .filter(|e| cat.items[e.item].domain == *d)
                .map(|e| {
                    let it = &cat.items[e.item];
                    Row {
                        n: 0,
                        id: &it.id,
                        item: &it.item,
                        content: it.content.as_deref(),
                        basis: it.basis.as_deref(),
                        deadline: it.deadline.clone().unwrap_or_else(|| it.due.cn()),
                        channel: &it.channel,
                        audience: it.audience.as_deref(),
                        state: e.state.cn(),
                        state_key: e.state.key(),
                        latest: e.latest.map(|d| d.to_string()),
                        docs: e
                            .docs
                            .iter()
                            .map(|&i| {
                                let d = site.docs[i].doc;
                                DocLink {
                                    title: &d.title,
                                    url: r.url(&d.url),
                                    date: d.date.to_string(),
                                }
                            })
                            .collect(),
                    }
                })
                .collect();
            if !rows.is_empty() {
                domains.push(Domain {
                    n: domains.len() + 1,
                    domain: d,
                    rows,
                });
            }
        }
        let mut n = 0;
        for d in &mut domains {
            for row in &mut d.rows {
                n += 1;
                row.n = n;
            }
        }
        let count = |s| mine.iter().filter(|e| e.state == s).count();
        use crate::catalog::state::State;
        let view = View {
            body: &body.name,
            kind: body.kind,
            today: site.today.to_string(),
            items: mine.len(),
            ok: count(State::Ok),
            overdue: count(State::Overdue),
            empty: count(State::Empty),
            domains,
            csv: r.url("/data/catalog.csv"),
            json: r.url("/data/catalog.json"),
        };
        let dir = body.catalog_dir();
        let title = format!("{}主动公开目录", body.name);
        let mut crumbs = vec![("首页".to_string(), r.url("/"))];
        if !body.path.is_empty() {
            crumbs.push((body.name.clone(), r.url(&format!("/{}/", body.path))));
        }
        crumbs.push(("主动公开目录".to_string(), r.url(&format!("/{dir}/"))));
        r.page(
            staging,
            &format!("{dir}/index.html"),
            "zdgkml.html",
            &title,
            &crumbs,
            "catalog",
            &view,
        )?;
        written += 1;
    }
    Ok(written)
}
