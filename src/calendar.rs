//! Working days for 条例第二十六条 (publish within 20 working days).
//!
//! The built-in data is the State Council's yearly holiday notices
//! (国务院办公厅关于XXXX年部分节假日安排的通知), 2016–2026: every day off,
//! including weekend days inside a holiday period, and every 调休 weekend day
//! that is a working day. A site can add its own days in site.yaml.

use crate::dates::Date;
use std::collections::BTreeSet;
use std::sync::OnceLock;

/// First year the built-in national data covers.
pub const FIRST_NATIONAL_YEAR: i32 = 2016;
/// Last year the built-in national data covers; later years count Mon–Fri only
/// until the next notice is added here.
pub const LAST_NATIONAL_YEAR: i32 = 2026;

/// One notice per line: (year, source, days off, 调休 working days).
/// A day is `M-D` in that year or `Y-M-D`; `A..B` is an inclusive range.
/// Weekend days inside a holiday period are listed as part of its range.
#[rustfmt::skip]
const NATIONAL: &[(i32, &str, &str, &str)] = &[
    // 国办发明电〔2015〕18号, 2015-12-10, gov.cn/zhengce/content/2015-12/10/content_10394.htm
    (2016, "国办发明电〔2015〕18号", "1-1..1-3 2-7..2-13 4-2..4-4 4-30..5-2 6-9..6-11 9-15..9-17 10-1..10-7", "2-6 2-14 6-12 9-18 10-8 10-9"),
    // 国办发明电〔2016〕17号, 2016-12-01; 元旦 2017-01-01 (Sun) with 1-2 补休
    (2017, "国办发明电〔2016〕17号", "2016-12-31..1-2 1-27..2-2 4-2..4-4 4-29..5-1 5-28..5-30 10-1..10-8", "1-22 2-4 4-1 5-27 9-30"),
    // 国办发明电〔2017〕12号, 2017-11-30
    (2018, "国办发明电〔2017〕12号", "2017-12-30..1-1 2-15..2-21 4-5..4-7 4-29..5-1 6-16..6-18 9-22..9-24 10-1..10-7", "2-11 2-24 4-8 4-28 9-29 9-30"),
    // 国办发明电〔2018〕15号, 2018-12-06 (元旦 2018-12-30..2019-01-01, 2018-12-29 上班);
    // 劳动节 as changed by 国办发明电〔2019〕2号, 2019-03-22 (5-1..5-4 off, 4-28 and 5-5 上班)
    (2019, "国办发明电〔2018〕15号, 〔2019〕2号", "2018-12-30..1-1 2-4..2-10 4-5..4-7 5-1..5-4 6-7..6-9 9-13..9-15 10-1..10-7", "2018-12-29 2-2 2-3 4-28 5-5 9-29 10-12"),
    // 国办发明电〔2019〕16号, 2019-11-21; 春节 extended to 2-2 by 国办发明电〔2020〕1号, 2020-01-27
    // (COVID-19), which turned the 2-1 (Sat) 调休 working day into a day off
    (2020, "国办发明电〔2019〕16号, 〔2020〕1号", "1-1 1-24..2-2 4-4..4-6 5-1..5-5 6-25..6-27 10-1..10-8", "1-19 4-26 5-9 6-28 9-27 10-10"),
    // 国办发明电〔2020〕27号, 2020-11-25
    (2021, "国办发明电〔2020〕27号", "1-1..1-3 2-11..2-17 4-3..4-5 5-1..5-5 6-12..6-14 9-19..9-21 10-1..10-7", "2-7 2-20 4-25 5-8 9-18 9-26 10-9"),
    // 国办发明电〔2021〕11号, 2021-10-25
    (2022, "国办发明电〔2021〕11号", "1-1..1-3 1-31..2-6 4-3..4-5 4-30..5-4 6-3..6-5 9-10..9-12 10-1..10-7", "1-29 1-30 4-2 4-24 5-7 10-8 10-9"),
    // 国办发明电〔2022〕16号, 2022-12-08 (元旦 2022-12-31..2023-01-02)
    (2023, "国办发明电〔2022〕16号", "2022-12-31..1-2 1-21..1-27 4-5 4-29..5-3 6-22..6-24 9-29..10-6", "1-28 1-29 4-23 5-6 6-25 10-7 10-8"),
    // 国办发明电〔2023〕7号, 2023-10-25 (除夕 2-9 is only "encouraged" as leave: a working day)
    (2024, "国办发明电〔2023〕7号", "2023-12-30..1-1 2-10..2-17 4-4..4-6 5-1..5-5 6-8..6-10 9-15..9-17 10-1..10-7", "2-4 2-18 4-7 4-28 5-11 9-14 9-29 10-12"),
    // 国办发明电〔2024〕12号, 2024-11-12 (first year under the 2024 revision of 全国年节及纪念日放假办法)
    (2025, "国办发明电〔2024〕12号", "1-1 1-28..2-4 4-4..4-6 5-1..5-5 5-31..6-2 10-1..10-8", "1-26 2-8 4-27 9-28 10-11"),
    // 国务院办公厅 2025-11-04, gov.cn/zhengce/zhengceku/202511/content_7047091.htm
    // (notice text checked against Xinhua's 2025-11-04 release; its 文号 not verified here)
    (2026, "国务院办公厅 2025-11-04 通知", "1-1..1-3 2-15..2-23 4-4..4-6 5-1..5-5 6-19..6-21 9-25..9-27 10-1..10-7", "1-4 2-14 2-28 5-9 9-20 10-10"),
];

/// Days off and 调休 working days; everything else follows Mon–Fri.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    holidays: BTreeSet<Date>,
    extra_workdays: BTreeSet<Date>,
}

impl Calendar {
    /// The official national arrangements 2016–2026.
    pub fn national() -> Calendar {
        static NATIONAL_CAL: OnceLock<Calendar> = OnceLock::new();
        NATIONAL_CAL.get_or_init(build_national).clone()
    }

    /// National data plus a site's own days; on a conflict the site's entry wins,
    /// and a day in both site lists is a working day.
    pub fn with_site(holidays: &[Date], extra_workdays: &[Date]) -> Calendar {
        let mut cal = Calendar::national();
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

fn build_national() -> Calendar {
    let mut cal = Calendar {
        holidays: BTreeSet::new(),
        extra_workdays: BTreeSet::new(),
    };
    for &(year, _source, off, work) in NATIONAL {
        for d in expand(year, off) {
            cal.holidays.insert(d);
        }
        for d in expand(year, work) {
            cal.extra_workdays.insert(d);
        }
    }
    cal
}

/// Expands `"1-1..1-3 2016-12-31"`-style lists; the data is fixed, so a typo is a bug caught by tests.
fn expand(year: i32, list: &str) -> Vec<Date> {
    let day = |tok: &str| {
        let full = if tok.matches('-').count() == 2 {
            tok.to_string()
        } else {
            format!("{year}-{tok}")
        };
        Date::parse(&full).unwrap_or_else(|e| panic!("bad built-in holiday data {tok:?}: {e}"))
    };
    let mut out = Vec::new();
    for tok in list.split_whitespace() {
        match tok.split_once("..") {
            Some((a, b)) => {
                let (a, b) = (day(a), day(b));
                assert!(a <= b, "bad built-in holiday range {tok:?}");
                out.extend((a.to_days()..=b.to_days()).map(Date::from_days));
            }
            None => out.push(day(tok)),
        }
    }
    out
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
        for &(year, source, off, work) in NATIONAL {
            assert!(!source.is_empty());
            // Every notice gives the 元旦 … 国庆 periods of its year: at least 6 periods, ≥ 11 days off.
            let days = expand(year, off);
            assert!(days.len() >= 18, "{year}: only {} days off", days.len());
            assert!(days.iter().all(|x| x.year == year || x.year == year - 1));
            assert!(
                expand(year, work)
                    .iter()
                    .all(|x| x.year == year || x.year == year - 1)
            );
        }
        let years: Vec<i32> = NATIONAL.iter().map(|r| r.0).collect();
        let want: Vec<i32> = (FIRST_NATIONAL_YEAR..=LAST_NATIONAL_YEAR).collect();
        assert_eq!(years, want);
    }

    #[test]
    fn every_statutory_day_off_is_listed() {
        // 法定节假日 fixed by the Gregorian calendar: 元旦, 劳动节 5-1, 国庆节 10-1..3.
        let cal = Calendar::national();
        for y in FIRST_NATIONAL_YEAR..=LAST_NATIONAL_YEAR {
            for (m, day) in [(1, 1), (5, 1), (10, 1), (10, 2), (10, 3)] {
                let x = Date::new(y, m, day).unwrap();
                assert!(cal.holidays.contains(&x), "{x} missing");
            }
        }
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
