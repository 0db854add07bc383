//! catalog-item-empty and catalog-item-overdue (基层政务公开标准目录, SPEC §9): one finding per
//! (item, body) — an empty one at the item's line in catalog.yaml, an overdue one at the
//! `catalog` line of the body's newest document for the item.

use crate::catalog::state::{State, entries, required_since};
use crate::check::{Finding, Subject, default_severity};
use crate::model::Site;

pub(super) fn check(site: &Site, out: &mut Vec<Finding>) {
    let cat = &site.config.catalog;
    if cat.items.is_empty() {
        return;
    }
    let published = site
        .docs
        .iter()
        .enumerate()
        .filter(|(i, _)| site.published[*i]);
    for e in entries(cat, site.today, published) {
        let item = &cat.items[e.item];
        let body = &cat.bodies[e.body].name;
        match e.state {
            State::Ok => {}
            State::Empty => out.push(Finding {
                rule: "catalog-item-empty",
                severity: default_severity("catalog-item-empty"),
                file: crate::catalog::read::FILE.to_string(),
                line: Some(item.line),
                message: {
                    let (id, domain, name) = (&item.id, item.domain, &item.item);
                    t!(
                        "标准目录事项 `{id}`（{domain}领域 · {name}）{body}尚无已公开的文件",
                        "standard catalog item `{id}` ({domain} · {name}): {body} has published no document for it"
                    )
                },
                help: Some({
                    let id = &item.id;
                    t!(
                        "发布该事项的文件并在前置元数据中写 `catalog: {id}`；如本主体不涉及该事项，在 catalog.yaml 中调整它的 `bodies`",
                        "publish a document for it with `catalog: {id}` in its front matter; if the body has nothing to publish for it, change the item's `bodies` in catalog.yaml"
                    )
                }),
                subject: Subject::Catalog(e.item),
            }),
            State::Overdue => {
                let i = e.docs[0];
                let d = &site.docs[i];
                let line = d.catalog.as_ref().map(|c| c.line).unwrap_or(2);
                out.push(
                    Finding::doc(
                        site,
                        i,
                        "catalog-item-overdue",
                        line,
                        {
                            let (id, domain, name) = (&item.id, item.domain, &item.item);
                            let (due, date) = (item.due.cn(), d.date);
                            let since = required_since(item.due, site.today);
                            t!(
                                "标准目录事项 `{id}`（{domain}领域 · {name}）{body}逾期未更新：应{due}公开，最新文件成文日期 {date}，应有 {since} 以后的文件",
                                "standard catalog item `{id}` ({domain} · {name}) is overdue for {body}: due {due}, the newest document is dated {date}, one dated {since} or later is needed"
                            )
                        },
                    )
                    .help({
                        let id = &item.id;
                        t!(
                            "发布本期的文件并写 `catalog: {id}`",
                            "publish this period's document with `catalog: {id}`"
                        )
                    }),
                );
            }
        }
    }
}
