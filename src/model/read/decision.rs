//! Front matter of major administrative decisions: the catalog item and its stages.

use crate::config::SiteConfig;
use crate::diag::{did_you_mean, did_you_mean_text, suggest};
use crate::fields::MapReader;
use crate::model::document::*;
use crate::model::types::*;

pub(super) fn read_decision(r: &mut MapReader, cfg: &SiteConfig, kind: Kind) -> Option<Decision> {
    let node = r.node("decision");
    match (node, kind) {
        (None, Kind::Decision) => {
            r.missing(
                "decision",
                "决策事项",
                &t!(
                    "重大决策事项须写 `decision: {{id: LZJC-2021-01, year: 2021, undertaker: <承办单位>, status: 拟决策}}`",
                    "a 重大决策事项 needs `decision: {{id: LZJC-2021-01, year: 2021, undertaker: <unit>, status: 拟决策}}`"
                ),
            );
            return None;
        }
        (None, _) => return None,
        (Some(n), k) if k != Kind::Decision => {
            r.error(
                n.line,
                t!(
                    "`decision` 只能用于 kind: 重大决策事项",
                    "`decision` is only allowed on kind: 重大决策事项"
                ),
                Some(t!(
                    "写上 `kind: 重大决策事项`；某一阶段的文件用 `decision_stage`",
                    "set `kind: 重大决策事项`, or use `decision_stage` for a stage document"
                )),
            );
            return None;
        }
        _ => {}
    }
    let node = node?;
    let file = r.file().to_path_buf();
    let mut dr = MapReader::new(
        &file,
        node,
        &crate::keys::specs(crate::keys::DECISION),
        "`decision`",
    );
    let id = dr.req_str(
        "id",
        "事项编号",
        &t!("例如 `id: LZJC-2021-01`", "e.g. `id: LZJC-2021-01`"),
    );
    let year = dr.integer("year");
    if !dr.has("year") {
        dr.missing(
            "year",
            "年度",
            &t!(
                "目录所属年度，例如 `year: 2021`",
                "the catalog year, e.g. `year: 2021`"
            ),
        );
    }
    let undertaker = match dr.req_str(
        "undertaker",
        "承办单位",
        &t!("site.yaml 中列出的单位", "a unit from site.yaml"),
    ) {
        Some(u) => match cfg.unit_index(&u) {
            Some(i) => Some(i),
            None => {
                let names = cfg.unit_names();
                let l = dr.line_of("undertaker");
                let help = did_you_mean(&u, names.iter().copied())
                    .map(did_you_mean_text)
                    .unwrap_or_else(|| {
                        t!(
                            "承办单位须在 site.yaml 的 `units:` 中列出",
                            "the undertaker must be listed under `units:` in site.yaml"
                        )
                    });
                dr.error(
                    l,
                    t!(
                        "承办单位（undertaker）`{u}` 不是 site.yaml 中的单位",
                        "undertaker (承办单位) `{u}` is not a unit in site.yaml"
                    ),
                    Some(help),
                );
                None
            }
        },
        None => None,
    };
    let status = match dr.str("status") {
        Some(s) => DecisionStatus::from_cn(&s).or_else(|| {
            let l = dr.line_of("status");
            dr.error(
                l,
                t!(
                    "`decision.status`：未知的取值 `{s}`",
                    "`decision.status`: unknown value `{s}`"
                ),
                Some(suggest(&s, DecisionStatus::NAMES)),
            );
            None
        }),
        None => {
            dr.missing(
                "status",
                "状态",
                &t!(
                    "可选值：拟决策 | 已决策 | 已终止",
                    "one of 拟决策 | 已决策 | 已终止"
                ),
            );
            None
        }
    };
    let line = node.line;
    r.diags.extend(dr.finish());
    Some(Decision {
        id: id?,
        year: year?,
        undertaker: undertaker?,
        status: status?,
        line,
    })
}

pub(super) fn read_stage(r: &mut MapReader) -> Option<StageRef> {
    let node = r.node("decision_stage")?;
    let file = r.file().to_path_buf();
    let mut sr = MapReader::new(
        &file,
        node,
        &crate::keys::specs(crate::keys::DECISION_STAGE),
        "`decision_stage`",
    );
    let id = sr.req_str(
        "id",
        "事项编号",
        &t!(
            "所属决策事项的编号，例如 `id: LZJC-2021-01`",
            "the id of the catalog item, e.g. `id: LZJC-2021-01`"
        ),
    );
    let stages = Stage::NAMES.join(" | ");
    let stage = match sr.req_str("stage", "阶段", &t!("可选值：{stages}", "one of {stages}"))
    {
        Some(s) => Stage::from_cn(&s).or_else(|| {
            let l = sr.line_of("stage");
            sr.error(
                l,
                t!(
                    "`decision_stage.stage`：未知的阶段 `{s}`",
                    "`decision_stage.stage`: unknown stage `{s}`"
                ),
                Some(suggest(&s, Stage::NAMES)),
            );
            None
        }),
        None => None,
    };
    let line = sr.line_of("id");
    r.diags.extend(sr.finish());
    Some(StageRef {
        id: id?,
        stage: stage?,
        line,
    })
}
