//! 文号 rules: duplicate-doc-number and doc-number-format (GB/T 9704-2012 §7.2.4).

use std::collections::BTreeMap;

use crate::check::{Finding, items};
use crate::docnum;
use crate::model::Site;

pub(super) fn check(site: &Site, out: &mut Vec<Finding>) {
    // Every document with a 文号, public or not (a 文号 is unique per office whatever its
    // disclosure), except drafts, which often carry a copied placeholder.
    let mut by_number: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, d) in site.docs.iter().enumerate() {
        let Some(num) = &d.doc_number else { continue };
        if d.draft {
            continue;
        }
        by_number.entry(docnum::normalize(num)).or_default().push(i);
        if let Err(e) = docnum::parse(num) {
            let mut f = Finding::doc(
                site,
                i,
                "doc-number-format",
                d.line("doc_number"),
                format!("`doc_number` (文号) `{num}` 不合规范：{}", e.message),
            )
            .basis(items::DOC_NUMBER);
            f = match docnum::suggest(num) {
                Some(s) => f.help(format!("改为 `doc_number: {s}`")),
                None => f.help("如确为其他编号形式（如 国务院令第711号），可写 `# gongkai: allow(doc-number-format) 理由`"),
            };
            out.push(f);
        }
    }
    for docs in by_number.values().filter(|v| v.len() > 1) {
        // The earliest document owns the number; each later one is reported once.
        let mut docs = docs.clone();
        docs.sort_by_key(|&i| (site.docs[i].date, site.docs[i].publish_date(), i));
        let first = &site.docs[docs[0]];
        for &i in &docs[1..] {
            let d = &site.docs[i];
            out.push(
                Finding::doc(
                    site,
                    i,
                    "duplicate-doc-number",
                    d.line("doc_number"),
                    format!(
                        "文号重复：`doc_number` `{}` 与 {} 的 `{}` 相同",
                        d.doc_number.as_deref().unwrap_or_default(),
                        first.file.to_string_lossy().replace('\\', "/"),
                        first.doc_number.as_deref().unwrap_or_default()
                    ),
                )
                .basis(items::DOC_NUMBER)
                .help("核对发文登记簿，更正其中一个文号；确属同一文件的，删除重复发布的一件"),
            );
        }
    }
}
