//! Front matter of major administrative decisions: the catalog item and its stages.

use crate::config::SiteConfig;
use crate::diag::{did_you_mean, suggest};
use crate::fields::MapReader;
use crate::model::document::*;
use crate::model::types::*;

pub(super) fn read_decision(r: &mut MapReader, cfg: &SiteConfig, kind: Kind) -> Option<Decision> {
    let node = r.node("decision");
    match (node, kind) {
        (None, Kind::Decision) => {
            r.missing("decision", "决策事项", "a 重大决策事项 needs `decision: {id: LZJC-2021-01, year: 2021, undertaker: <unit>, status: 拟决策}`");
            return None;
        }
        (None, _) => return None,
        (Some(n), k) if k != Kind::Decision => {
            r.error(
                n.line,
                "`decision` is only allowed on kind: 重大决策事项",
                Some(
                    "set `kind: 重大决策事项`, or use `decision_stage` for a stage document".into(),
                ),
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
        &[
            ("id", None),
            ("year", None),
            ("undertaker", Some("承办单位")),
            ("status", Some("状态")),
        ],
        "`decision`",
    );
    let id = dr.req_str("id", "事项编号", "e.g. `id: LZJC-2021-01`");
    let year = dr.integer("year");
    if !dr.has("year") {
        dr.missing("year", "年度", "the catalog year, e.g. `year: 2021`");
    }
    let undertaker = match dr.req_str("undertaker", "承办单位", "a unit from site.yaml") {
        Some(u) => match cfg.unit_index(&u) {
            Some(i) => Some(i),
            None => {
                let names = cfg.unit_names();
                let l = dr.line_of("undertaker");
                let help = did_you_mean(&u, names.iter().copied())
                    .map(|g| format!("did you mean `{g}`?"))
                    .unwrap_or_else(|| {
                        "the undertaker must be listed under `units:` in site.yaml".into()
                    });
                dr.error(
                    l,
                    format!("undertaker (承办单位) `{u}` is not a unit in site.yaml"),
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
                format!("`decision.status`: unknown value `{s}`"),
                Some(suggest(&s, DecisionStatus::NAMES)),
            );
            None
        }),
        None => {
            dr.missing("status", "状态", "one of 拟决策 | 已决策 | 已终止");
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
        &[("id", None), ("stage", Some("阶段"))],
        "`decision_stage`",
    );
    let id = sr.req_str(
        "id",
        "事项编号",
        "the id of the catalog item, e.g. `id: LZJC-2021-01`",
    );
    let stage = match sr.req_str("stage", "阶段", "one of 决策草案 | 制订背景 | 意见征集采纳情况 | 会议审议情况 | 决策结果 | 政策解读 | 执行评估") {
        Some(s) => Stage::from_cn(&s).or_else(|| {
            let l = sr.line_of("stage");
            sr.error(l, format!("`decision_stage.stage`: unknown stage `{s}`"), Some(suggest(&s, Stage::NAMES)));
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
