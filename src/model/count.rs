//! THE counting rule for 行政规范性文件 (SPEC §8), used by 表二 of annual reports, the
//! `annual-report-mismatch` check and the statistics page (/tj/) alike.
//!
//! - 本年制发: 成文日期 (`date`) in the year;
//! - 本年废止: stopped being valid in the year — `invalid_from` (失效日期), else the day after
//!   `valid_until`; a 已废止/已失效 document with neither counts as stopped on its `date`
//!   (and gets a warning when read);
//! - 现行有效: in force on 12-31 of the year — start (`valid_from`, else `date`) ≤ 12-31 < stop.

use serde::Serialize;

use crate::dates::Date;
use crate::model::document::Document;
use crate::model::types::{Kind, Validity};

/// The three 表二 figures for 行政规范性文件.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct NormCount {
    /// 本年制发
    pub made: i64,
    /// 本年废止
    pub repealed: i64,
    /// 现行有效
    pub in_force: i64,
}

impl NormCount {
    /// In 表二 column order: 本年制发, 本年废止, 现行有效.
    pub fn as_array(&self) -> [i64; 3] {
        [self.made, self.repealed, self.in_force]
    }
}

/// The first day a normative document is no longer in force, if it has stopped (or will).
pub fn stop_date(d: &Document) -> Option<Date> {
    let n = d.normative.as_ref()?;
    if let Some(x) = n.invalid_from {
        return Some(x);
    }
    if let Some(u) = n.valid_until {
        return Some(u.add_days(1));
    }
    matches!(n.validity, Validity::Repealed | Validity::Expired).then_some(d.date)
}

/// The first day it is in force.
pub fn start_date(d: &Document) -> Date {
    d.normative
        .as_ref()
        .and_then(|n| n.valid_from)
        .unwrap_or(d.date)
}

/// Count `docs` (the body's published 规范性文件; others are skipped) for `year`.
pub fn count<'a>(docs: impl IntoIterator<Item = &'a Document>, year: i32) -> NormCount {
    let end = Date {
        year,
        month: 12,
        day: 31,
    };
    let mut c = NormCount::default();
    for d in docs {
        // 政策文件 may carry validity too (cleanup index) but are not counted in 表二.
        if d.kind != Kind::Normative || d.normative.is_none() {
            continue;
        }
        let stop = stop_date(d);
        if d.date.year == year {
            c.made += 1;
        }
        if stop.is_some_and(|s| s.year == year) {
            c.repealed += 1;
        }
        if start_date(d) <= end && stop.is_none_or(|s| end < s) {
            c.in_force += 1;
        }
    }
    c
}

/// Years in which `d` was made or stopped (the statistics page lists these years).
pub fn years(d: &Document) -> impl Iterator<Item = i32> {
    std::iter::once(d.date.year).chain(stop_date(d).map(|s| s.year))
}
