//! Working days for 条例第二十六条 (publish within 20 working days).
//!
//! The data is the State Council's yearly holiday notices
//! (国务院办公厅关于YYYY年部分节假日安排的通知), one file per year ([`notice`]): every day
//! off, including weekend days inside a holiday period, and every 调休 weekend day that is
//! a working day. A site adds years (or replaces one) with `calendar/<year>.yaml`, and
//! single days with site.yaml `rules.holidays` / `rules.extra_workdays`. A year without a
//! notice counts Mon–Fri, and [`Calendar::missing_years`] says so, so that `check` can warn
//! instead of silently guessing.

pub(crate) mod notice;

use crate::config::Rules;
use crate::dates::Date;
use crate::diag::Diagnostic;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

pub use notice::Notice;

/// Days off and 调休 working days; everything else follows Mon–Fri.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    holidays: BTreeSet<Date>,
    extra_workdays: BTreeSet<Date>,
    /// Years with a notice, and where it came from (for messages).
    years: BTreeMap<i32, String>,
}

impl Calendar {
    /// The built-in national arrangements (data/calendar/).
    pub fn national() -> Calendar {
        static NATIONAL_CAL: OnceLock<Calendar> = OnceLock::new();
        NATIONAL_CAL
            .get_or_init(|| Calendar::from_notices(notice::builtin().iter()))
            .clone()
    }

    /// The calendar made of these notices only; a later notice for the same year replaces
    /// an earlier one.
    pub fn from_notices<'a>(notices: impl IntoIterator<Item = &'a Notice>) -> Calendar {
        let mut by_year: BTreeMap<i32, &Notice> = BTreeMap::new();
        for n in notices {
            by_year.insert(n.year, n);
        }
        let mut cal = Calendar {
            holidays: BTreeSet::new(),
            extra_workdays: BTreeSet::new(),
            years: BTreeMap::new(),
        };
        for (year, n) in by_year {
            // A notice owns its year's days and the December days it lists (元旦 periods
            // often start on 12-29..31 of the year before).
            for d in n.days_off() {
                cal.extra_workdays.remove(&d);
                cal.holidays.insert(d);
            }
            for w in &n.workdays {
                cal.holidays.remove(w);
                cal.extra_workdays.insert(*w);
            }
            cal.years
                .insert(year, n.file.to_string_lossy().replace('\\', "/"));
        }
        cal
    }

    /// The calendar `check` uses for a site: built-in notices, the site's `calendar/*.yaml`
    /// (replacing a built-in year), then site.yaml `rules.holidays` / `rules.extra_workdays`.
    pub fn for_site(root: &Path, rules: &Rules) -> Result<Calendar, Vec<Diagnostic>> {
        let site = notice::load_site(root)?;
        let all = notice::builtin().iter().chain(site.iter());
        Ok(Calendar::from_notices(all).with_days(&rules.holidays, &rules.extra_workdays))
    }

    /// National data plus a site's own days; on a conflict the site's entry wins,
    /// and a day in both site lists is a working day.
    pub fn with_site(holidays: &[Date], extra_workdays: &[Date]) -> Calendar {
        Calendar::national().with_days(holidays, extra_workdays)
    }

    /// This calendar plus single days; see [`Calendar::with_site`].
    pub fn with_days(self, holidays: &[Date], extra_workdays: &[Date]) -> Calendar {
        let mut cal = self;
        for &h in holidays {
            cal.extra_workdays.remove(&h);
            cal.holidays.insert(h);
        }
        for &w in extra_workdays {
            cal.holidays.remove(&w);
            cal.extra_workdays.insert(w);
        }
        cal
    }

    /// Years with a notice, each with the file it came from.
    pub fn years(&self) -> &BTreeMap<i32, String> {
        &self.years
    }

    /// Years whose notice a count over `(a, b]` depends on but this calendar lacks: every
    /// year the range touches, and the next year when the range reaches the last days of
    /// December (a 元旦 period can start on 12-29, with a 调休 Saturday before it).
    pub fn missing_years(&self, a: Date, b: Date) -> Vec<i32> {
        let (a, b) = if a <= b { (a, b) } else { (b, a) };
        if a == b {
            return Vec::new();
        }
        let first = a.add_days(1).year;
        let mut last = b.year;
        if b.month == 12 && b.day >= 25 {
            last += 1;
        }
        (first..=last)
            .filter(|y| !self.years.contains_key(y))
            .collect()
    }

    /// Whether `d` is a working day: 调休 days yes, holidays no, else Mon–Fri.
    pub fn is_workday(&self, d: Date) -> bool {
        if self.extra_workdays.contains(&d) {
            return true;
        }
        !self.holidays.contains(&d) && d.weekday() <= 5
    }

    /// The `n`-th working day after `start` (`start` itself when `n` is 0).
    pub fn add_working_days(&self, start: Date, n: u32) -> Date {
        if n == 0 {
            return start;
        }
        let n = i64::from(n);
        // Smallest offset x with n working days in (start, start + x]:
        // grow an upper bound, then bisect (the count only grows with x).
        let mut lo = 0i64; // count(lo) < n
        let mut hi = n.saturating_mul(2).saturating_add(16);
        while self.working_days_between(start, start.add_days(hi)) < n {
            lo = hi;
            hi = hi.saturating_mul(2);
        }
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if self.working_days_between(start, start.add_days(mid)) >= n {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        start.add_days(hi)
    }

    /// Working days in `(a, b]`; the negated count of `(b, a]` when `b < a`, 0 when equal.
    pub fn working_days_between(&self, a: Date, b: Date) -> i64 {
        if b < a {
            return -self.working_days_between(b, a);
        }
        if a == b {
            return 0;
        }
        let (da, db) = (a.to_days(), b.to_days());
        // Days are disjoint between the two sets (see the constructors), so the
        // corrections don't overlap.
        let range = (std::ops::Bound::Excluded(a), std::ops::Bound::Included(b));
        let holidays_on_weekdays = self
            .holidays
            .range(range)
            .filter(|h| h.weekday() <= 5)
            .count() as i64;
        let workdays_on_weekends = self
            .extra_workdays
            .range(range)
            .filter(|w| w.weekday() > 5)
            .count() as i64;
        weekdays_before(db + 1) - weekdays_before(da + 1) - holidays_on_weekdays
            + workdays_on_weekends
    }
}

/// Count of Mon–Fri days `d` with `d < days` (relative to a fixed Monday; only differences matter).
fn weekdays_before(days: i64) -> i64 {
    // Shift so that a Monday is 0 (1970-01-01 was a Thursday).
    let m = days + 3;
    5 * m.div_euclid(7) + m.rem_euclid(7).min(5)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn brute_between(cal: &Calendar, a: Date, b: Date) -> i64 {
        let (lo, hi, sign) = if a <= b { (a, b, 1) } else { (b, a, -1) };
        let n = (lo.to_days() + 1..=hi.to_days())
            .filter(|&x| cal.is_workday(Date::from_days(x)))
            .count() as i64;
        sign * n
    }

    fn brute_add(cal: &Calendar, start: Date, n: u32) -> Date {
        let (mut cur, mut left) = (start, n);
        while left > 0 {
            cur = cur.add_days(1);
            if cal.is_workday(cur) {
                left -= 1;
            }
        }
        cur
    }

    /// Each year as the notice states it (checked against the notice text when the data was
    /// first written; kept here in a compact form independent of the YAML files, so an edit
    /// to a file that changes a single day fails this test):
    /// (year, 文号 or date, days off, 调休 working days). A day is `M-D` in that year or
    /// `Y-M-D`; `A..B` is an inclusive range; weekend days inside a period are included.
    #[rustfmt::skip]
    const PINNED: &[(i32, &str, &str, &str)] = &[
        (2016, "国办发明电〔2015〕18号", "1-1..1-3 2-7..2-13 4-2..4-4 4-30..5-2 6-9..6-11 9-15..9-17 10-1..10-7", "2-6 2-14 6-12 9-18 10-8 10-9"),
        (2017, "国办发明电〔2016〕17号", "2016-12-31..1-2 1-27..2-2 4-2..4-4 4-29..5-1 5-28..5-30 10-1..10-8", "1-22 2-4 4-1 5-27 9-30"),
        (2018, "国办发明电〔2017〕12号", "2017-12-30..1-1 2-15..2-21 4-5..4-7 4-29..5-1 6-16..6-18 9-22..9-24 10-1..10-7", "2-11 2-24 4-8 4-28 9-29 9-30"),
        // 劳动节 as changed by 国办发明电〔2019〕2号 (5-1..5-4 off, 4-28 and 5-5 上班)
        (2019, "国办发明电〔2018〕15号", "2018-12-30..1-1 2-4..2-10 4-5..4-7 5-1..5-4 6-7..6-9 9-13..9-15 10-1..10-7", "2018-12-29 2-2 2-3 4-28 5-5 9-29 10-12"),
        // 春节 extended to 2-2 by 国办发明电〔2020〕1号 (COVID-19): 2-1 (Sat) no longer worked
        (2020, "国办发明电〔2019〕16号", "1-1 1-24..2-2 4-4..4-6 5-1..5-5 6-25..6-27 10-1..10-8", "1-19 4-26 5-9 6-28 9-27 10-10"),
        (2021, "国办发明电〔2020〕27号", "1-1..1-3 2-11..2-17 4-3..4-5 5-1..5-5 6-12..6-14 9-19..9-21 10-1..10-7", "2-7 2-20 4-25 5-8 9-18 9-26 10-9"),
        (2022, "国办发明电〔2021〕11号", "1-1..1-3 1-31..2-6 4-3..4-5 4-30..5-4 6-3..6-5 9-10..9-12 10-1..10-7", "1-29 1-30 4-2 4-24 5-7 10-8 10-9"),
        (2023, "国办发明电〔2022〕16号", "2022-12-31..1-2 1-21..1-27 4-5 4-29..5-3 6-22..6-24 9-29..10-6", "1-28 1-29 4-23 5-6 6-25 10-7 10-8"),
        // 除夕 2-9 is only "encouraged" as leave: a working day
        (2024, "国办发明电〔2023〕7号", "2023-12-30..1-1 2-10..2-17 4-4..4-6 5-1..5-5 6-8..6-10 9-15..9-17 10-1..10-7", "2-4 2-18 4-7 4-28 5-11 9-14 9-29 10-12"),
        (2025, "国办发明电〔2024〕12号", "1-1 1-28..2-4 4-4..4-6 5-1..5-5 5-31..6-2 10-1..10-8", "1-26 2-8 4-27 9-28 10-11"),
        // 文号 not verified; notice dated 2025-11-04 (gov.cn/zhengce/zhengceku/202511/content_7047091.htm)
        (2026, "2025-11-04", "1-1..1-3 2-15..2-23 4-4..4-6 5-1..5-5 6-19..6-21 9-25..9-27 10-1..10-7", "1-4 2-14 2-28 5-9 9-20 10-10"),
    ];

    fn expand(year: i32, list: &str) -> BTreeSet<Date> {
        let day = |tok: &str| {
            if tok.matches('-').count() == 2 {
                d(tok)
            } else {
                d(&format!("{year}-{tok}"))
            }
        };
        let mut out = BTreeSet::new();
        for tok in list.split_whitespace() {
            match tok.split_once("..") {
                Some((a, b)) => {
                    out.extend((day(a).to_days()..=day(b).to_days()).map(Date::from_days))
                }
                None => {
                    out.insert(day(tok));
                }
            }
        }
        out
    }

    #[test]
    fn every_year_matches_its_notice() {
        let notices = notice::builtin();
        let years: Vec<i32> = notices.iter().map(|n| n.year).collect();
        let pinned: Vec<i32> = PINNED.iter().map(|p| p.0).collect();
        assert_eq!(
            years, pinned,
            "a built-in year without a pinned test, or the reverse"
        );
        for &(year, source, off, work) in PINNED {
            let n = notices.iter().find(|n| n.year == year).unwrap();
            let got_off: BTreeSet<Date> = n.days_off().collect();
            assert_eq!(got_off, expand(year, off), "{year}: days off");
            let got_work: BTreeSet<Date> = n.workdays.iter().copied().collect();
            assert_eq!(got_work, expand(year, work), "{year}: 调休 working days");
            assert_eq!(
                n.title,
                format!("国务院办公厅关于{year}年部分节假日安排的通知")
            );
            match &n.number {
                Some(num) => assert_eq!(num, source, "{year}: 文号"),
                None => assert_eq!(n.date.to_string(), source, "{year}: notice date"),
            }
            // The notice is published the year before (a later amendment may follow).
            assert_eq!(n.date.year, year - 1, "{year}: notice date {}", n.date);
            // And the calendar built from all notices says the same, day by day.
            let cal = Calendar::national();
            for x in expand(year, off) {
                assert!(!cal.is_workday(x), "{x}");
            }
            for x in expand(year, work) {
                assert!(cal.is_workday(x), "{x}");
            }
        }
        let amended: Vec<(i32, Option<&str>)> = notices
            .iter()
            .flat_map(|n| {
                n.amended_by
                    .iter()
                    .map(move |a| (n.year, a.number.as_deref()))
            })
            .collect();
        assert_eq!(
            amended,
            [
                (2019, Some("国办发明电〔2019〕2号")),
                (2020, Some("国办发明电〔2020〕1号"))
            ]
        );
    }

    #[test]
    fn every_data_file_is_built_in() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/calendar");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        let listed: Vec<&str> = notice::BUILTIN.iter().map(|(n, _)| *n).collect();
        assert_eq!(files, listed);
    }

    #[test]
    fn data_is_consistent() {
        let cal = Calendar::national();
        assert!(cal.holidays.is_disjoint(&cal.extra_workdays));
        for w in &cal.extra_workdays {
            assert!(
                w.weekday() >= 6,
                "调休 working day {w} is not a weekend day"
            );
        }
        let years: Vec<i32> = cal.years().keys().copied().collect();
        assert_eq!(years, (2016..=2026).collect::<Vec<_>>());
    }

    #[test]
    fn past_the_data_is_reported() {
        let cal = Calendar::national();
        // Inside the data: nothing missing.
        assert!(
            cal.missing_years(d("2021-09-20"), d("2021-10-22"))
                .is_empty()
        );
        assert!(
            cal.missing_years(d("2025-12-20"), d("2026-01-20"))
                .is_empty()
        );
        // A window in late December 2026 depends on the 2027 notice (元旦 may start 12-29).
        assert_eq!(cal.missing_years(d("2026-12-01"), d("2026-12-29")), [2027]);
        assert!(
            cal.missing_years(d("2026-12-01"), d("2026-12-24"))
                .is_empty()
        );
        // Across 元旦 and 春节 2027, and before the data.
        assert_eq!(cal.missing_years(d("2026-12-20"), d("2027-01-25")), [2027]);
        assert_eq!(
            cal.missing_years(d("2014-06-18"), d("2016-01-05")),
            [2014, 2015]
        );
        assert_eq!(cal.missing_years(d("2027-01-25"), d("2026-12-20")), [2027]);
        assert!(
            cal.missing_years(d("2027-01-25"), d("2027-01-25"))
                .is_empty()
        );
        // Without data, 2027 counts Mon–Fri (that is what the warning is about).
        assert!(cal.is_workday(d("2027-01-01")));
        // A site's own file for 2027 fills the gap and its days count.
        let text = "year: 2027\nnotice: 国务院办公厅关于2027年部分节假日安排的通知\ndate: 2026-11-10\nholidays:\n  - {name: 元旦, from: 2027-01-01, to: 2027-01-03}\nworkdays: [2027-01-09]\n";
        let n = notice::parse(text, Path::new("calendar/2027.yaml")).unwrap();
        let cal = Calendar::from_notices(notice::builtin().iter().chain([&n]));
        assert!(
            cal.missing_years(d("2026-12-20"), d("2027-01-25"))
                .is_empty()
        );
        assert!(!cal.is_workday(d("2027-01-01")));
        assert!(cal.is_workday(d("2027-01-09")));
        assert_eq!(cal.years()[&2027], "calendar/2027.yaml");
        assert_eq!(cal.years()[&2026], "data/calendar/2026.yaml");
    }

    #[test]
    fn a_site_file_replaces_a_built_in_year() {
        // Same year, one day changed: the site's file wins, other years stay.
        let text = "year: 2021\nnotice: 国务院办公厅关于2021年部分节假日安排的通知\nnumber: 国办发明电〔2020〕27号\ndate: 2020-11-25\nholidays:\n  - {name: 国庆节, from: 2021-10-01, to: 2021-10-08}\nworkdays: []\n";
        let n = notice::parse(text, Path::new("calendar/2021.yaml")).unwrap();
        let cal = Calendar::from_notices(notice::builtin().iter().chain([&n]));
        assert!(!cal.is_workday(d("2021-10-08")));
        assert!(
            cal.is_workday(d("2021-02-15")),
            "the built-in 2021 春节 is gone"
        );
        assert!(!cal.is_workday(d("2022-02-01")));
    }

    #[test]
    fn bad_year_files_are_explained() {
        let bad = "year: 2027\nnotice: 国务院办公厅关于2026年部分节假日安排的通知\ndate: 2026-11-10\nholidays:\n  - {name: 春节, from: 2027-02-11, to: 2027-02-05}\n  - {name: 国庆节, from: 2028-10-01}\nworkdays: [2027-01-04, 2027-01-09]\nholiday: x\n";
        let e = notice::parse(bad, Path::new("calendar/2027.yaml")).unwrap_err();
        let msgs: Vec<String> = e
            .iter()
            .map(|d| format!("{}: {}", d.line.unwrap_or(0), d.message))
            .collect();
        let all = msgs.join("\n");
        assert!(all.contains("2: 通知标题"), "{all}");
        assert!(all.contains("早于起日"), "{all}");
        assert!(all.contains("不在该年度"), "{all}");
        assert!(all.contains("2027-01-04 不是星期六或星期日"), "{all}");
        assert!(all.contains("holiday"), "{all}");
    }

    #[test]
    fn national_day_2021() {
        let cal = Calendar::national();
        for day in 1..=7 {
            let x = Date::new(2021, 10, day).unwrap();
            assert!(!cal.is_workday(x), "{x}");
        }
        assert!(cal.is_workday(d("2021-09-26")), "Sunday 调休");
        assert!(cal.is_workday(d("2021-10-09")), "Saturday 调休");
        assert!(cal.is_workday(d("2021-10-08")));
        assert!(!cal.is_workday(d("2021-10-10")));
        // 中秋节 2021: 9-19..21 off, 9-18 (Sat) working
        assert!(!cal.is_workday(d("2021-09-20")));
        assert!(!cal.is_workday(d("2021-09-21")));
        assert!(cal.is_workday(d("2021-09-18")));
    }

    #[test]
    fn spring_festival_2021() {
        let cal = Calendar::national();
        for day in 11..=17 {
            let x = Date::new(2021, 2, day).unwrap();
            assert!(!cal.is_workday(x), "{x}");
        }
        assert!(cal.is_workday(d("2021-02-07")));
        assert!(cal.is_workday(d("2021-02-20")));
        assert!(cal.is_workday(d("2021-02-10")));
        assert!(cal.is_workday(d("2021-02-18")));
    }

    #[test]
    fn twenty_working_days_across_national_day_2021() {
        let cal = Calendar::national();
        // From Mon 2021-09-20 (itself 中秋): 9-22,23,24, Sun 26, 27..30 = 8; 10-8, Sat 10-9 = 10;
        // 10-11..15 = 15; 10-18..22 = 20.
        let due = cal.add_working_days(d("2021-09-20"), 20);
        assert_eq!(due, d("2021-10-22"));
        assert_eq!(cal.working_days_between(d("2021-09-20"), due), 20);
        assert_eq!(
            cal.working_days_between(d("2021-09-20"), d("2021-10-21")),
            19
        );
        assert_eq!(cal.working_days_between(due, d("2021-09-20")), -20);
        assert_eq!(cal.working_days_between(due, due), 0);
        assert_eq!(cal.add_working_days(d("2021-09-20"), 0), d("2021-09-20"));
        assert_eq!(cal.add_working_days(d("2021-09-30"), 1), d("2021-10-08"));
        // A weekday-only count would have said 2021-10-18.
        assert_eq!(brute_add(&cal, d("2021-09-20"), 20), due);
    }

    #[test]
    fn other_years() {
        let cal = Calendar::national();
        // 2016 春节: 2-7..13 off, 2-6 (Sat) and 2-14 (Sun) working.
        assert!(!cal.is_workday(d("2016-02-08")));
        assert!(cal.is_workday(d("2016-02-06")));
        assert!(cal.is_workday(d("2016-02-14")));
        // 2017 元旦 补休 on Monday 1-2.
        assert!(!cal.is_workday(d("2017-01-02")));
        // 2018 国庆: 9-29 (Sat) and 9-30 (Sun) working.
        assert!(cal.is_workday(d("2018-09-29")));
        assert!(cal.is_workday(d("2018-09-30")));
        // 2019 元旦 from the 2019 notice: 2018-12-29 (Sat) working, 2018-12-31 (Mon) off;
        // 劳动节 as amended in March 2019.
        assert!(cal.is_workday(d("2018-12-29")));
        assert!(!cal.is_workday(d("2018-12-31")));
        assert!(!cal.is_workday(d("2019-05-03")));
        assert!(cal.is_workday(d("2019-04-28")));
        assert!(cal.is_workday(d("2019-05-05")));
        // 2020 春节 extended: 2-1 (Sat) no longer worked, 2-3 back to work; 1-19 (Sun) worked.
        assert!(!cal.is_workday(d("2020-01-31")));
        assert!(!cal.is_workday(d("2020-02-01")));
        assert!(cal.is_workday(d("2020-02-03")));
        assert!(cal.is_workday(d("2020-01-19")));
        // 2022 春节: 1-29 and 1-30 working.
        assert!(cal.is_workday(d("2022-01-29")));
        assert!(cal.is_workday(d("2022-01-30")));
        assert!(!cal.is_workday(d("2022-02-04")));
        // 2023 中秋国庆: 9-29..10-6 off, 10-7/10-8 working.
        assert!(!cal.is_workday(d("2023-09-29")));
        assert!(!cal.is_workday(d("2023-10-06")));
        assert!(cal.is_workday(d("2023-10-07")));
        assert!(cal.is_workday(d("2023-10-08")));
        // 2024 春节: 除夕 2-9 is a working day; 2-4 and 2-18 (Sundays) too.
        assert!(cal.is_workday(d("2024-02-09")));
        assert!(cal.is_workday(d("2024-02-18")));
        assert!(!cal.is_workday(d("2024-02-16")));
        // 2025: 元旦 one day, no 调休; 劳动节 5-1..5 with 4-27 working.
        assert!(!cal.is_workday(d("2025-01-01")));
        assert!(cal.is_workday(d("2025-01-02")));
        assert!(cal.is_workday(d("2025-04-27")));
        assert!(!cal.is_workday(d("2025-05-05")));
        // 2026: 元旦 1-4 (Sun) working; 春节 2-15..2-23 (9 days); 2-14, 2-28 working; 国庆 9-20 working.
        assert!(cal.is_workday(d("2026-01-04")));
        assert!(!cal.is_workday(d("2026-02-23")));
        assert!(cal.is_workday(d("2026-02-14")));
        assert!(cal.is_workday(d("2026-02-28")));
        assert!(cal.is_workday(d("2026-09-20")));
        assert!(!cal.is_workday(d("2026-10-07")));
        // Outside the data: plain Mon–Fri.
        assert!(cal.is_workday(d("2027-01-01")));
        assert!(!cal.is_workday(d("2015-01-03")));
    }

    #[test]
    fn deadlines_in_other_years() {
        let cal = Calendar::national();
        // 2024 春节: from Thu 2024-02-01, the 20th working day is 2024-03-05
        // (2-2, Sun 2-4, 2-5..8, 2-9, Sun 2-18, 2-19..23, 2-26..3-1, 3-4, 3-5).
        assert_eq!(cal.add_working_days(d("2024-02-01"), 20), d("2024-03-05"));
        // 2025 国庆: from Fri 2025-09-26: Sun 9-28, 9-29, 9-30, (10-1..8 off), 10-9, 10-10, Sat 10-11,
        // 10-13..17, 10-20..24, 10-27..30.
        assert_eq!(cal.add_working_days(d("2025-09-26"), 4), d("2025-10-09"));
        assert_eq!(cal.add_working_days(d("2025-09-26"), 6), d("2025-10-11"));
        assert_eq!(cal.add_working_days(d("2025-09-26"), 20), d("2025-10-30"));
    }

    #[test]
    fn site_days_win() {
        let cal = Calendar::with_site(
            &[d("2021-09-26"), d("2021-06-01")],
            &[d("2021-10-07"), d("2021-06-05")],
        );
        assert!(
            !cal.is_workday(d("2021-09-26")),
            "site holiday beats national 调休"
        );
        assert!(!cal.is_workday(d("2021-06-01")));
        assert!(
            cal.is_workday(d("2021-10-07")),
            "site workday beats national holiday"
        );
        assert!(cal.is_workday(d("2021-06-05")));
        assert!(
            !cal.is_workday(d("2021-10-06")),
            "national data still there"
        );
        let both = Calendar::with_site(&[d("2021-06-02")], &[d("2021-06-02")]);
        assert!(both.is_workday(d("2021-06-02")));
        assert!(both.holidays.is_disjoint(&both.extra_workdays));
        assert_eq!(Calendar::with_site(&[], &[]), Calendar::national());
    }

    #[test]
    fn large_counts_terminate() {
        let cal = Calendar::national();
        let far = cal.add_working_days(d("2021-01-01"), 100_000);
        assert!(far.year > 2300);
        assert_eq!(cal.working_days_between(d("2021-01-01"), far), 100_000);
        let _ = cal.add_working_days(d("2021-01-01"), u32::MAX);
    }

    fn any_date() -> impl Strategy<Value = Date> {
        (d("2014-01-01").to_days()..d("2028-12-31").to_days()).prop_map(Date::from_days)
    }

    fn site_dates() -> impl Strategy<Value = Vec<Date>> {
        proptest::collection::vec(any_date(), 0..20)
    }

    proptest! {
        #[test]
        fn between_matches_brute_force(a in any_date(), b in any_date(), h in site_dates(), w in site_dates()) {
            let cal = Calendar::with_site(&h, &w);
            prop_assert_eq!(cal.working_days_between(a, b), brute_between(&cal, a, b));
        }

        #[test]
        fn add_matches_brute_force(a in any_date(), n in 0u32..300, h in site_dates(), w in site_dates()) {
            let cal = Calendar::with_site(&h, &w);
            let got = cal.add_working_days(a, n);
            prop_assert_eq!(got, brute_add(&cal, a, n));
            prop_assert_eq!(cal.working_days_between(a, got), i64::from(n));
            prop_assert!(n == 0 || cal.is_workday(got));
        }
    }
}
