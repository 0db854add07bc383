//! The `rules` and `check` sections of site.yaml: deadlines, holidays, and per-rule check
//! levels.

use std::path::Path;

use crate::dates::Date;
use crate::diag::{Diagnostic, suggest};
use crate::fields::MapReader;
use crate::frontmatter;

use super::{CHECK_RULES, FILE, KINDS, RuleSetting, Rules, bodies};

pub(super) fn read_rules(n: Option<&frontmatter::Node>, diags: &mut Vec<Diagnostic>) -> Rules {
    let mut rules = Rules {
        interpretation_required: vec!["规范性文件".into(), "政策文件".into(), "年度报告".into()],
        cleanup_since: Date::new(2016, 1, 1).expect("valid date"),
        cleanup_year: None,
        registration_since: None,
        publish_within_working_days: 20,
        holidays: Vec::new(),
        extra_workdays: Vec::new(),
        annual_report_due: bodies::DEFAULT_DUE,
    };
    let Some(n) = n else { return rules };
    let keys = crate::keys::specs(crate::keys::RULES);
    let mut r = MapReader::new(Path::new(FILE), n, &keys, "`rules`");
    if let Some(n) = r.node("annual_report_due") {
        rules.annual_report_due = bodies::read_due(n, diags);
    }
    if r.has("interpretation_required") {
        let mut kinds = Vec::new();
        for (k, line) in r.strs("interpretation_required") {
            if KINDS.contains(&k.as_str()) {
                kinds.push(k);
            } else {
                r.error(
                    line,
                    t!(
                        "`interpretation_required`：未知的信息类别 `{k}`",
                        "`interpretation_required`: unknown kind `{k}`"
                    ),
                    Some(suggest(&k, KINDS)),
                );
            }
        }
        rules.interpretation_required = kinds;
    }
    if let Some(d) = r.date("cleanup_since") {
        rules.cleanup_since = d;
    }
    rules.cleanup_year = r.integer("cleanup_year");
    rules.registration_since = r.date("registration_since");
    if let Some(n) = r.integer("publish_within_working_days") {
        if (1..=365).contains(&n) {
            rules.publish_within_working_days = n as u32;
        } else {
            let l = r.line_of("publish_within_working_days");
            r.error(
                l,
                t!(
                    "`publish_within_working_days` 应在 1 到 365 之间",
                    "`publish_within_working_days` must be between 1 and 365"
                ),
                None,
            );
        }
    }
    for key in ["holidays", "extra_workdays"] {
        let mut dates = Vec::new();
        for (s, line) in r.strs(key) {
            if let Some(d) = r.parse_date(&s, line, key) {
                dates.push(d);
            }
        }
        if key == "holidays" {
            rules.holidays = dates;
        } else {
            rules.extra_workdays = dates;
        }
    }
    diags.extend(r.finish());
    rules
}

pub(super) fn read_check(n: &frontmatter::Node, diags: &mut Vec<Diagnostic>) -> Vec<RuleSetting> {
    let keys: Vec<(&'static str, Option<&'static str>)> =
        CHECK_RULES.iter().map(|r| (*r, None)).collect();
    let mut r = MapReader::new(Path::new(FILE), n, &keys, "`check`");
    let mut out = Vec::new();
    for rule in CHECK_RULES {
        if let Some(level) = r.enum_of(rule, &["error", "warning", "off"]) {
            out.push(RuleSetting {
                rule: rule.to_string(),
                level: level.to_string(),
            });
        }
    }
    diags.extend(r.finish());
    out
}
