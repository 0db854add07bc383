//! `data/catalog.json` (SPEC §9) and `data/catalog.csv` (UTF-8 with BOM, Chinese headers, one
//! row per item and body, for Excel) — published documents only.

use serde::Serialize;

use crate::catalog::state::{Entry, entries};
use crate::data::{csv_field, to_json};
use crate::dates::Date;
use crate::model::PublicSite;

/// The entries of the published site.
pub fn public_entries(site: &PublicSite) -> Vec<Entry> {
    entries(
        &site.config.catalog,
        site.today,
        site.docs.iter().enumerate().map(|(i, p)| (i, p.doc)),
    )
}

#[derive(Serialize)]
struct BodyRecord<'a> {
    body: &'a str,
    documents: Vec<&'a str>,
    latest: Option<Date>,
    state: &'static str,
}

#[derive(Serialize)]
struct ItemRecord<'a> {
    id: &'a str,
    domain: &'a str,
    item: &'a str,
    bodies: Vec<BodyRecord<'a>>,
}

/// `data/catalog.json`: items by id, each with every body it applies to.
pub fn catalog_json(site: &PublicSite, entries: &[Entry]) -> Vec<u8> {
    let cat = &site.config.catalog;
    let mut recs: Vec<ItemRecord> = cat
        .items
        .iter()
        .map(|it| ItemRecord {
            id: &it.id,
            domain: it.domain,
            item: &it.item,
            bodies: Vec::new(),
        })
        .collect();
    for e in entries {
        recs[e.item].bodies.push(BodyRecord {
            body: &cat.bodies[e.body].name,
            documents: e
                .docs
                .iter()
                .map(|&i| site.docs[i].doc.url.as_str())
                .collect(),
            latest: e.latest,
            state: e.state.key(),
        });
    }
    to_json(&recs)
}

/// `data/catalog.csv`: one row per (item, body).
pub fn catalog_csv(site: &PublicSite, entries: &[Entry]) -> Vec<u8> {
    let cat = &site.config.catalog;
    let mut out = String::from("\u{FEFF}");
    let header = [
        "序号",
        "编号",
        "领域",
        "公开事项",
        "公开内容",
        "公开依据",
        "公开时限",
        "公开主体",
        "公开渠道",
        "公开对象",
        "状态",
        "最新成文日期",
        "文件数",
        "文件网址",
    ];
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    let base = site.config.base_url.trim_end_matches('/');
    let base_path = site.config.base_path.trim_end_matches('/');
    for (n, e) in entries.iter().enumerate() {
        let it = &cat.items[e.item];
        let urls = e
            .docs
            .iter()
            .map(|&i| {
                let u = &site.docs[i].doc.url;
                format!("{base}{}", u.strip_prefix(base_path).unwrap_or(u))
            })
            .collect::<Vec<_>>()
            .join(" ");
        let fields = [
            (n + 1).to_string(),
            it.id.clone(),
            it.domain.to_string(),
            it.item.clone(),
            it.content.clone().unwrap_or_default(),
            it.basis.clone().unwrap_or_default(),
            it.deadline.clone().unwrap_or_else(|| it.due.cn()),
            cat.bodies[e.body].name.clone(),
            it.channel.join("、"),
            it.audience.clone().unwrap_or_default(),
            e.state.cn().to_string(),
            e.latest.map(|d| d.to_string()).unwrap_or_default(),
            e.docs.len().to_string(),
            urls,
        ];
        out.push_str(
            &fields
                .iter()
                .map(|f| csv_field(f))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    out.into_bytes()
}
