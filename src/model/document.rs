//! One validated document's types ([`Document`]); the validator that makes them is
//! [`crate::model::read`].

use std::collections::HashMap;
use std::path::PathBuf;

use crate::content::Allow;
use crate::dates::Date;
use crate::diag::Diagnostic;
use crate::model::links::BodyLink;
use crate::model::types::*;

/// Where a reference points.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// A document id (content path without `.md`).
    Doc(String),
    /// An external `https://` address.
    Url(String),
}

/// A reference written in front matter, with its line.
#[derive(Debug, Clone, PartialEq)]
pub struct Ref {
    pub target: Target,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cleanup {
    pub year: i64,
    pub result: CleanupResult,
    pub note: Option<String>,
    pub line: usize,
}

/// Lifecycle fields of a 规范性文件 (and of a 政策文件 that gives any of them; a 政策文件
/// never has a `registration`).
#[derive(Debug, Clone, PartialEq)]
pub struct Normative {
    pub registration: Option<String>,
    pub validity: Validity,
    pub valid_from: Option<Date>,
    pub valid_until: Option<Date>,
    /// 失效日期: the day it stopped being valid (废止, 宣布失效, expiry).
    pub invalid_from: Option<Date>,
    pub cleanup: Vec<Cleanup>,
    pub replaces: Vec<Ref>,
    pub replaced_by: Vec<Ref>,
}

impl Normative {
    /// `validity`, except a 有效 document past `valid_until` is 已失效 (SPEC §5).
    pub fn effective_validity(&self, today: Date) -> Validity {
        match (self.validity, self.valid_until) {
            (Validity::Valid, Some(until)) if until < today => Validity::Expired,
            (v, _) => v,
        }
    }
}

/// A catalog item of 重大行政决策事项目录.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub id: String,
    pub year: i64,
    pub undertaker: usize,
    pub status: DecisionStatus,
    pub line: usize,
}

/// The decision a stage document belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct StageRef {
    pub id: String,
    pub stage: Stage,
    pub line: usize,
}

/// A file listed in `attachments`.
#[derive(Debug, Clone, PartialEq)]
pub struct Attachment {
    /// Content path of the file.
    pub rel: String,
    pub name: String,
    pub line: usize,
}

/// A document after validation of its own fields (cross-references are checked by `Site`).
#[derive(Debug, Clone)]
pub struct Document {
    pub id: String,
    pub rel: String,
    pub file: PathBuf,
    pub dir: String,
    /// Index into `config.columns`.
    pub column: usize,
    /// The disclosure body (公开主体) whose section holds the document: index into
    /// `config.bodies` (SPEC §7; = `config.columns[column].body`).
    pub owner: usize,
    pub title: String,
    pub disclosure: Disclosure,
    pub draft: bool,
    pub issuers: Vec<usize>,
    pub date: Date,
    pub published: Option<Date>,
    pub doc_number: Option<String>,
    pub index_number: Option<String>,
    pub kind: Kind,
    pub interpretation: Vec<Ref>,
    pub interprets: Vec<Ref>,
    pub topics: Vec<String>,
    pub attachments: Vec<Attachment>,
    pub summary: Option<String>,
    pub normative: Option<Normative>,
    pub decision: Option<Decision>,
    pub stage: Option<StageRef>,
    /// 年度报告 figures (`report:`).
    pub report: Option<crate::model::report::AnnualReport>,
    /// `catalog` (目录事项): the standard-catalog item this document serves (SPEC §9).
    pub catalog: Option<crate::catalog::CatalogRef>,
    pub body: String,
    pub body_line: usize,
    pub links: Vec<BodyLink>,
    /// Line of each front-matter key (English name) for diagnostics.
    pub lines: HashMap<&'static str, usize>,
    pub allows: Vec<Allow>,
    /// Non-fatal remarks on this document (e.g. 文号 brackets), printed by the build.
    pub warnings: Vec<Diagnostic>,
    /// Output folder relative to the output root (unencoded): `fdzdgknr/gfxwj/2021-3`.
    pub out_dir: String,
    /// Page URL relative to the site root, percent-encoded: `/fdzdgknr/gfxwj/2021-3/`.
    pub url: String,
}

impl Document {
    /// 发布日期, or 成文日期 when absent.
    pub fn publish_date(&self) -> Date {
        self.published.unwrap_or(self.date)
    }

    /// SPEC §3: 主动公开, not a draft (unless `drafts`), not embargoed.
    pub fn is_published(&self, today: Date, drafts: bool) -> bool {
        self.disclosure == Disclosure::Public
            && (!self.draft || drafts)
            && self.publish_date() <= today
    }

    /// Listed in the normative cleanup index (规范性文件清理目录): every 规范性文件, and a
    /// 政策文件 that carries validity or cleanup records (政策性文件 are cleaned up too).
    pub fn in_normative_index(&self) -> bool {
        self.normative.is_some()
    }

    pub fn line(&self, key: &str) -> usize {
        self.lines.get(key).copied().unwrap_or(2)
    }

    /// The year a 年度报告 reports on: `report.year`, else the `2020` of a title like
    /// 《…2020年政府信息公开工作年度报告》 (a report without figures in front matter).
    pub fn report_year(&self) -> Option<i64> {
        if self.kind != Kind::AnnualReport {
            return None;
        }
        match &self.report {
            Some(r) => Some(i64::from(r.year)),
            None => title_year(&self.title),
        }
    }

    /// Is a check finding of `rule` silenced by an inline allow comment?
    pub fn allowed(&self, rule: &str) -> bool {
        self.allows.iter().any(|a| a.rule == rule)
    }
}

/// `2020` from 《…2020年政府信息公开工作年度报告》.
fn title_year(t: &str) -> Option<i64> {
    let at = t.find("年政府信息公开")?;
    let digits: String = t[..at]
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    if digits.len() != 4 {
        return None;
    }
    digits.chars().rev().collect::<String>().parse().ok()
}

pub use crate::model::read::{keys, parse, resolve_content_path};

#[cfg(test)]
mod tests {
    #[test]
    fn year_of_a_report_title() {
        assert_eq!(
            super::title_year("罗庄区财政局2020年政府信息公开工作年度报告"),
            Some(2020)
        );
        assert_eq!(super::title_year("图解：年报"), None);
    }
}
