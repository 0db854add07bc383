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
                message: format!(
                    "标准目录事项 `{}`（{}领域 · {}）{}尚无已公开的文件",
                    item.id, item.domain, item.item, body
                ),
                help: Some(format!(
                    "发布该事项的文件并在前置元数据中写 `catalog: {}`；如本主体不涉及该事项，在 catalog.yaml 中调整它的 `bodies`",
                    item.id
                )),
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
                        format!(
                            "标准目录事项 `{}`（{}领域 · {}）{}逾期未更新：应{}公开，最新文件成文日期 {}，应有 {} 以后的文件",
                            item.id,
                            item.domain,
                            item.item,
                            body,
                            item.due.cn(),
                            d.date,
                            required_since(item.due, site.today)
                        ),
                    )
                    .help(format!(
                        "发布本期的文件并写 `catalog: {}`",
                        item.id
                    )),
                );
            }
        }
    }
}
