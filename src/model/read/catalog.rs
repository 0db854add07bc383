//! `catalog` (目录事项): the standard-catalog item a document serves (SPEC §9).

use crate::catalog::CatalogRef;
use crate::config::SiteConfig;
use crate::diag::{Diagnostic, did_you_mean};
use crate::fields::MapReader;

/// An unknown id is an error (did-you-mean); an item that does not apply to the document's
/// body is a warning (the document then counts for no item of the catalog page).
pub(super) fn read_catalog(
    r: &mut MapReader,
    cfg: &SiteConfig,
    dir: &str,
    warnings: &mut Vec<Diagnostic>,
) -> Option<CatalogRef> {
    let id = r.str("catalog").filter(|s| !s.is_empty())?;
    let line = r.line_of("catalog");
    let w = r.written("catalog").to_string();
    let cat = &cfg.catalog;
    if !cat.present {
        r.error(
            line,
            t!(
                "`{w}` (目录事项) `{id}`：站点根目录没有 catalog.yaml",
                "`{w}` (目录事项) `{id}`: the site has no catalog.yaml"
            ),
            Some(t!(
                "在站点根目录的 catalog.yaml 中列出标准目录事项（见 README「标准目录」），或删除这一行",
                "list the standard catalog items in catalog.yaml at the site root (see README, 标准目录), or remove this line"
            )),
        );
        return None;
    }
    if cat.ids.binary_search(&id).is_err() {
        let help = match did_you_mean(&id, cat.ids.iter().map(|s| s.as_str())) {
            Some(g) => t!(
                "是否应为 `{g}`？目录事项编号见 catalog.yaml 各项的 `id`",
                "did you mean `{g}`? item ids are the `id` of each entry in catalog.yaml"
            ),
            None => t!(
                "目录事项编号见 catalog.yaml 各项的 `id`",
                "item ids are the `id` of each entry in catalog.yaml"
            ),
        };
        r.error(
            line,
            t!(
                "`{w}` (目录事项)：catalog.yaml 中没有编号为 `{id}` 的事项",
                "`{w}` (目录事项): catalog.yaml has no item with id `{id}`"
            ),
            Some(help),
        );
        return None;
    }
    if let Some(item) = cat.item(&id)
        && let Some(body) = cat.bodies.get(cfg.body_of_dir(dir))
        && !item.applies_to(body)
    {
        warnings.push(
            Diagnostic::warning(
                r.file(),
                Some(line),
                {
                    let (name, body, applies) = (&item.item, &body.name, item.bodies_cn());
                    t!(
                        "目录事项 `{id}`（{name}）不适用于本文所属的公开主体 {body}：该事项的公开主体为 {applies}，本文不计入标准目录",
                        "catalog item `{id}` ({name}) does not apply to this document's body {body} (it applies to {applies}); the document counts for no item"
                    )
                },
            )
            .help(t!(
                "改为适用于本主体的事项编号，或在 catalog.yaml 中为该事项的 `bodies` 增加本主体",
                "name an item that applies to this body, or add the body to the item's `bodies` in catalog.yaml"
            )),
        );
    }
    Some(CatalogRef { id, line })
}
