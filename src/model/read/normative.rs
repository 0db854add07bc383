//! Front matter of normative documents: validity, dates, cleanup records, replacements.

use crate::diag::{Diagnostic, suggest};
use crate::fields::MapReader;
use crate::frontmatter::{Node, Yaml};
use crate::model::document::*;
use crate::model::types::*;

use super::read_refs_docs;

pub(super) fn read_normative(
    r: &mut MapReader,
    dir: &str,
    warnings: &mut Vec<Diagnostic>,
) -> Normative {
    let registration = r.str("registration");
    let validity = match r.str("validity") {
        Some(s) => Validity::from_cn(&s).unwrap_or_else(|| {
            let l = r.line_of("validity");
            let w = r.written("validity").to_string();
            r.error(
                l,
                t!("`{w}`：未知的效力 `{s}`", "`{w}`: unknown validity `{s}`"),
                Some(suggest(&s, Validity::NAMES)),
            );
            Validity::Valid
        }),
        None => Validity::Valid,
    };
    let valid_from = r.date("valid_from");
    let valid_until = r.date("valid_until");
    if let (Some(f), Some(u)) = (valid_from, valid_until)
        && u < f
    {
        let l = r.line_of("valid_until");
        r.error(
            l,
            t!(
                "`valid_until`（有效期至）{u} 早于 `valid_from`（施行日期）{f}",
                "`valid_until` {u} is before `valid_from` {f}"
            ),
            None,
        );
    }
    let invalid_from = r.date("invalid_from");
    if let (Some(f), Some(x)) = (valid_from, invalid_from)
        && x < f
    {
        let l = r.line_of("invalid_from");
        r.error(
            l,
            format!("`invalid_from`（失效日期）{x} 早于 `valid_from`（施行日期）{f}"),
            Some("核对两个日期：失效日期是文件停止有效的第一天".into()),
        );
    }
    if matches!(validity, Validity::Repealed | Validity::Expired)
        && invalid_from.is_none()
        && valid_until.is_none()
    {
        warnings.push(
            Diagnostic::warning(
                r.file(),
                Some(r.line_of("validity")),
                format!(
                    "效力为 {}，但没有 `invalid_from`（失效日期）或 `valid_until`（有效期至）：年度报告表二和统计按成文日期计为当年废止",
                    validity.cn()
                ),
            )
            .help("写明停止执行的日期，例如 `invalid_from: 2021-12-01`（废止决定或宣布失效之日）"),
        );
    }
    let mut cleanup = Vec::new();
    if let Some(node) = r.node("cleanup") {
        let items: Vec<&Node> = match &node.value {
            Yaml::Seq(items) => items.iter().collect(),
            Yaml::Null => Vec::new(),
            _ => vec![node],
        };
        let file = r.file().to_path_buf();
        for item in items {
            let mut cr = MapReader::new(
                &file,
                item,
                &crate::keys::specs(crate::keys::CLEANUP),
                "`cleanup`",
            );
            let year = cr.integer("year");
            if !cr.has("year") {
                cr.missing(
                    "year",
                    "清理年度",
                    &t!(
                        "例如 `cleanup: {{year: 2021, result: 继续有效}}`",
                        "e.g. `cleanup: {{year: 2021, result: 继续有效}}`"
                    ),
                );
            }
            let result = match cr.str("result") {
                Some(s) => CleanupResult::from_cn(&s).or_else(|| {
                    let l = cr.line_of("result");
                    cr.error(
                        l,
                        t!(
                            "`cleanup.result`：未知的取值 `{s}`",
                            "`cleanup.result`: unknown value `{s}`"
                        ),
                        Some(suggest(&s, CleanupResult::NAMES)),
                    );
                    None
                }),
                None => {
                    cr.missing(
                        "result",
                        "清理结果",
                        &t!(
                            "可选值：继续有效 | 修改 | 废止 | 宣布失效",
                            "one of 继续有效 | 修改 | 废止 | 宣布失效"
                        ),
                    );
                    None
                }
            };
            let note = cr.str("note");
            let line = item.line;
            r.diags.extend(cr.finish());
            if let (Some(year), Some(result)) = (year, result) {
                cleanup.push(Cleanup {
                    year,
                    result,
                    note,
                    line,
                });
            }
        }
    }
    cleanup.sort_by_key(|c| c.year);
    // The latest cleanup result must agree with the declared validity.
    if let Some(last) = cleanup.last() {
        let want = last.result.implied_validity();
        if want != validity {
            let line = last.line;
            r.error(
                line,
                {
                    let (res, year, has, want) =
                        (last.result.cn(), last.year, validity.cn(), want.cn());
                    t!(
                        "清理结果“{res}”（{year}年清理）与效力“{has}”不符：清理结果为{res}的文件应写 `validity: {want}`",
                        "cleanup result {res} ({year}年清理) disagrees with validity {has}: a document whose cleanup result is {res} must have `validity: {want}`"
                    )
                },
                Some({
                    let want = want.cn();
                    t!(
                        "改为 `validity: {want}`，或更正清理结果",
                        "set `validity: {want}` or correct the cleanup result"
                    )
                }),
            );
        }
    }
    let replaces = read_refs_docs(r, "replaces", dir);
    let replaced_by = read_refs_docs(r, "replaced_by", dir);
    Normative {
        registration,
        validity,
        valid_from,
        valid_until,
        invalid_from,
        cleanup,
        replaces,
        replaced_by,
    }
}
