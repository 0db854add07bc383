//! A small civil (proleptic Gregorian) date type, so the crate needs no chrono.
//!
//! Documents give dates as `2021-05-21` or `2021年5月21日`; "today" is China
//! time (UTC+8), because a disclosure deadline is judged on the office's
//! calendar, not on the CI machine's time zone.

use std::fmt;
use std::str::FromStr;

/// Smallest year [`Date::new`] and [`Date::parse`] accept.
pub const MIN_YEAR: i32 = 1900;
/// Largest year [`Date::new`] and [`Date::parse`] accept.
pub const MAX_YEAR: i32 = 2200;

/// Keeps [`Date::from_days`] inside `i32` years for any input.
const MAX_ABS_DAYS: i64 = 500_000_000_000;

/// Offset of China Standard Time from UTC, in seconds.
const CHINA_OFFSET_SECS: i64 = 8 * 3600;

/// A calendar date (year, month 1–12, day 1–31).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

/// Why a string is not a valid date: a bilingual message naming the bad part
/// (callers quote the input and its location themselves).
#[derive(Debug, Clone, PartialEq)]
pub struct DateError {
    pub message: String,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DateError {}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// A validated date; `None` for impossible dates or years outside 1900–2200.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        let ok = (MIN_YEAR..=MAX_YEAR).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        ok.then_some(Date { year, month, day })
    }

    /// Parses `2021-05-21`, `2021-5-21`, `2021年5月21日` or `2021年05月21日` (surrounding whitespace ignored).
    pub fn parse(s: &str) -> Result<Date, DateError> {
        let t = s.trim();
        let parts = split_dash(t)
            .or_else(|| split_cn(t))
            .ok_or_else(format_error)?;
        let (y, m, d) = parts;
        // Each part is 1..=4 ASCII digits, so these parses cannot overflow.
        let year: i32 = y.parse().map_err(|_| format_error())?;
        let month: u32 = m.parse().map_err(|_| format_error())?;
        let day: u32 = d.parse().map_err(|_| format_error())?;
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return Err(DateError {
                message: t!(
                    "年份 {year} 不在{MIN_YEAR}至{MAX_YEAR}之间",
                    "year {year} is outside {MIN_YEAR}–{MAX_YEAR}"
                ),
            });
        }
        if !(1..=12).contains(&month) {
            return Err(DateError {
                message: t!(
                    "月份应为1至12，不存在{month}月",
                    "month {month} does not exist"
                ),
            });
        }
        let max_day = days_in_month(year, month);
        if day == 0 || day > max_day {
            return Err(DateError {
                message: t!(
                    "{year}年{month}月只有{max_day}天，不存在{month}月{day}日",
                    "day {day} does not exist in {year}-{month:02}, which has {max_day} days"
                ),
            });
        }
        Ok(Date { year, month, day })
    }

    /// Days since 1970-01-01 (negative before it).
    pub fn to_days(self) -> i64 {
        // Howard Hinnant's days_from_civil, in i64 so any field values are safe.
        let m = i64::from(self.month);
        let d = i64::from(self.day);
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01; inputs beyond ±5·10¹¹ days are clamped.
    pub fn from_days(days: i64) -> Date {
        // Hinnant's civil_from_days.
        let z = days.clamp(-MAX_ABS_DAYS, MAX_ABS_DAYS) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// The date `n` days later (earlier if `n` is negative).
    pub fn add_days(self, n: i64) -> Date {
        Date::from_days(self.to_days().saturating_add(n))
    }

    /// The same day `n` calendar months later (earlier if negative), clamped to the end of
    /// a shorter month: 2021-08-31 + 6 months = 2022-02-28. This is how the inspection
    /// criteria count "6个月" and "1年" (calendar months, not 180 or 365 days).
    pub fn add_months(self, n: i64) -> Date {
        let total = i64::from(self.year) * 12 + i64::from(self.month) - 1 + n;
        let year = total
            .div_euclid(12)
            .clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32;
        let month = total.rem_euclid(12) as u32 + 1;
        let day = self.day.min(days_in_month(year, month));
        Date { year, month, day }
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (3 when Monday is 0).
        ((self.to_days() + 3).rem_euclid(7) + 1) as u32
    }

    /// Today in China time: from `SOURCE_DATE_EPOCH` when set, else the system clock.
    /// `Err` (a usage error, SPEC §4) when `SOURCE_DATE_EPOCH` is not a plausible number of
    /// seconds: not a number, negative, or past year 2200 (milliseconds would make "today" the
    /// year 57912 and publish every embargoed document).
    pub fn today() -> Result<Date, String> {
        let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
        today_secs(epoch.as_deref(), system_secs).map(Date::from_unix_seconds)
    }

    /// The China-time (UTC+8) date of a Unix timestamp.
    pub fn from_unix_seconds(secs: i64) -> Date {
        Date::from_days(secs.saturating_add(CHINA_OFFSET_SECS).div_euclid(86_400))
    }

    /// Chinese form without padding, e.g. `2021年5月21日`.
    pub fn cn(self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }
}

/// 2200-01-01T00:00:00Z: a later `SOURCE_DATE_EPOCH` is not seconds (milliseconds, most likely).
pub const MAX_EPOCH_SECS: i64 = 7_258_118_400;

/// `SOURCE_DATE_EPOCH` when set (reproducible builds), else the clock. An empty value counts
/// as unset (CI systems export it empty); anything else must be whole seconds in
/// 0..=[`MAX_EPOCH_SECS`].
fn today_secs(source_date_epoch: Option<&str>, clock: impl FnOnce() -> i64) -> Result<i64, String> {
    let Some(v) = source_date_epoch.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(clock());
    };
    match v.parse::<i64>() {
        Ok(n) if (0..=MAX_EPOCH_SECS).contains(&n) => Ok(n),
        Ok(n) if n > MAX_EPOCH_SECS => {
            let year = Date::from_unix_seconds(n).year;
            Err(t!(
                "环境变量 SOURCE_DATE_EPOCH=`{v}` 超出范围：它应是自 1970 年起的秒数，这个值对应 2200 年以后（{year}年），是否误用了毫秒？",
                "SOURCE_DATE_EPOCH=`{v}` is out of range: it must be seconds since 1970, and this is after the year 2200 ({year}); milliseconds?"
            ))
        }
        Ok(_) => Err(t!(
            "环境变量 SOURCE_DATE_EPOCH=`{v}` 是负数：它应是自 1970 年起的秒数",
            "SOURCE_DATE_EPOCH=`{v}` is negative: it must be seconds since 1970"
        )),
        Err(_) => Err(t!(
            "环境变量 SOURCE_DATE_EPOCH=`{v}` 不是整数：它应是自 1970 年起的秒数",
            "SOURCE_DATE_EPOCH=`{v}` is not a whole number: it must be seconds since 1970"
        )),
    }
}

fn system_secs() -> i64 {
    match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => i64::try_from(e.duration().as_secs()).map_or(i64::MIN, |s| -s),
    }
}

/// `2021-05-21` / `2021-5-21` → its three digit groups.
fn split_dash(t: &str) -> Option<(&str, &str, &str)> {
    let mut it = t.split('-');
    let (y, m, d) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() {
        return None;
    }
    parts_ok(y, m, d).then_some((y, m, d))
}

/// `2021年5月21日` → its three digit groups.
fn split_cn(t: &str) -> Option<(&str, &str, &str)> {
    let (y, rest) = t.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let d = rest.strip_suffix('日')?;
    parts_ok(y, m, d).then_some((y, m, d))
}

fn parts_ok(y: &str, m: &str, d: &str) -> bool {
    let digits = |s: &str, lo: usize, hi: usize| {
        (lo..=hi).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    digits(y, 4, 4) && digits(m, 1, 2) && digits(d, 1, 2)
}

fn format_error() -> DateError {
    DateError {
        message: t!(
            "日期格式应为 2021-05-21 或 2021年5月21日",
            "expected a date like 2021-05-21 or 2021年5月21日"
        ),
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for Date {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Date, DateError> {
        Date::parse(s)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Accepts the same strings as [`Date::parse`], so site.yaml lists like `holidays` deserialize directly.
impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date like 2021-05-21 or 2021年5月21日")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Date, E> {
                Date::parse(v).map_err(|e| E::custom(e.message))
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn add_months_counts_calendar_months() {
        // The inspection's "6个月": a column updated 2021-08-13 is due on 2022-02-13.
        assert_eq!(d(2021, 8, 13).add_months(6), d(2022, 2, 13));
        // Month ends clamp to the shorter month's last day.
        assert_eq!(d(2021, 8, 31).add_months(6), d(2022, 2, 28));
        assert_eq!(d(2023, 8, 31).add_months(6), d(2024, 2, 29));
        assert_eq!(d(2021, 3, 31).add_months(1), d(2021, 4, 30));
        assert_eq!(d(2021, 12, 31).add_months(2), d(2022, 2, 28));
        // A year is 12 months: a leap day lands on 02-28.
        assert_eq!(d(2020, 2, 29).add_months(12), d(2021, 2, 28));
        assert_eq!(d(2021, 1, 15).add_months(12), d(2022, 1, 15));
        assert_eq!(d(2021, 1, 31).add_months(0), d(2021, 1, 31));
        assert_eq!(d(2022, 2, 28).add_months(-6), d(2021, 8, 28));
        assert_eq!(d(2021, 1, 10).add_months(-1), d(2020, 12, 10));
    }

    #[test]
    fn new_validates() {
        assert!(Date::new(2020, 2, 29).is_some());
        assert!(Date::new(2021, 2, 29).is_none());
        assert!(Date::new(2000, 2, 29).is_some());
        assert!(Date::new(2100, 2, 29).is_none());
        assert!(Date::new(2021, 4, 31).is_none());
        assert!(Date::new(2021, 0, 1).is_none());
        assert!(Date::new(2021, 13, 1).is_none());
        assert!(Date::new(2021, 1, 0).is_none());
        assert!(Date::new(1899, 12, 31).is_none());
        assert!(Date::new(2201, 1, 1).is_none());
        assert!(Date::new(1900, 1, 1).is_some());
        assert!(Date::new(2200, 12, 31).is_some());
    }

    #[test]
    fn parse_accepted_forms() {
        let want = d(2021, 5, 21);
        for s in [
            "2021-05-21",
            "2021-5-21",
            "2021年5月21日",
            "2021年05月21日",
            "  2021-05-21\n",
            "\u{3000}2021年5月21日 ",
        ] {
            assert_eq!(Date::parse(s), Ok(want), "{s:?}");
        }
        assert_eq!("2021-1-2".parse::<Date>(), Ok(d(2021, 1, 2)));
    }

    #[test]
    fn parse_rejects_other_forms() {
        for s in [
            "",
            "2021/05/21",
            "2021.05.21",
            "21-05-21",
            "2021-05-21T00:00:00",
            "2021-005-21",
            "2021年5月21",
            "2021年5月21日 12时",
            "２０２１-05-21",
            "+2021-05-21",
            "2021--05-21",
            "2021-05",
            "二〇二一年五月二十一日",
        ] {
            let e = Date::parse(s).unwrap_err();
            assert!(
                e.message
                    .contains("日期格式应为 2021-05-21 或 2021年5月21日"),
                "{s:?}: {e}"
            );
        }
    }

    #[test]
    fn parse_names_the_bad_part() {
        let e = Date::parse("2021-13-01").unwrap_err();
        assert!(e.message.contains("不存在13月"), "{e}");
        let e = Date::parse("2021年2月30日").unwrap_err();
        assert!(e.message.contains("不存在2月30日"), "{e}");
        assert!(e.message.contains("28"), "{e}");
        let e = Date::parse("2021-04-31").unwrap_err();
        assert!(e.message.contains("4月31日"), "{e}");
        let e = Date::parse("2021-01-00").unwrap_err();
        assert!(e.message.contains("1月0日"), "{e}");
        let e = Date::parse("1800-01-01").unwrap_err();
        assert!(e.message.contains("年份 1800"), "{e}");
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(
            Date::parse("2023-02-29")
                .unwrap_err()
                .message
                .contains("2月29日")
        );
    }

    #[test]
    fn days_and_weekdays() {
        assert_eq!(d(1970, 1, 1).to_days(), 0);
        assert_eq!(d(1970, 1, 2).to_days(), 1);
        assert_eq!(d(1969, 12, 31).to_days(), -1);
        assert_eq!(d(2000, 3, 1).to_days(), 11_017);
        assert_eq!(d(2021, 5, 21).to_days(), 18_768);
        assert_eq!(Date::from_days(18_768), d(2021, 5, 21));
        assert_eq!(d(1970, 1, 1).weekday(), 4); // Thursday
        assert_eq!(d(2021, 10, 1).weekday(), 5); // Friday
        assert_eq!(d(2021, 9, 26).weekday(), 7); // Sunday
        assert_eq!(d(2021, 10, 9).weekday(), 6); // Saturday
        assert_eq!(d(1900, 1, 1).weekday(), 1); // Monday
        assert_eq!(d(2021, 12, 31).add_days(1), d(2022, 1, 1));
        assert_eq!(d(2024, 3, 1).add_days(-1), d(2024, 2, 29));
        assert_eq!(d(2021, 5, 21).add_days(0), d(2021, 5, 21));
        // Extreme inputs are clamped rather than overflowing.
        let _ = Date::from_days(i64::MAX);
        let _ = Date::from_days(i64::MIN);
        let _ = d(2021, 1, 1).add_days(i64::MAX);
    }

    #[test]
    fn unix_seconds_use_china_time() {
        // 2021-05-20T16:00:00Z is midnight 2021-05-21 in Beijing.
        assert_eq!(Date::from_unix_seconds(1_621_526_400), d(2021, 5, 21));
        assert_eq!(Date::from_unix_seconds(1_621_526_399), d(2021, 5, 20));
        assert_eq!(Date::from_unix_seconds(0), d(1970, 1, 1));
        assert_eq!(Date::from_unix_seconds(-8 * 3600 - 1), d(1969, 12, 31));
        let _ = Date::from_unix_seconds(i64::MAX);
        let _ = Date::from_unix_seconds(i64::MIN);
        let clock = || 1_621_526_400;
        assert_eq!(today_secs(Some("1000"), clock), Ok(1000));
        assert_eq!(today_secs(Some(" 1000\n"), clock), Ok(1000));
        assert_eq!(today_secs(Some(""), clock), Ok(1_621_526_400));
        assert_eq!(today_secs(None, clock), Ok(1_621_526_400));
        // Issue 16 item 4: not seconds → usage error, never "today" in year 57912.
        assert!(today_secs(Some("yesterday"), clock).is_err());
        assert!(today_secs(Some("-5"), clock).is_err());
        let ms = today_secs(Some("1765432100000"), clock).unwrap_err();
        assert!(ms.contains("毫秒"), "{ms}");
        assert_eq!(today_secs(Some("7258118400"), clock), Ok(MAX_EPOCH_SECS));
        assert!(today_secs(Some("7258118401"), clock).is_err());
        // 2021-05-20T16:00:00Z from SOURCE_DATE_EPOCH is already 5月21日 in China.
        assert_eq!(
            Date::from_unix_seconds(today_secs(Some("1621526400"), system_secs).unwrap()),
            d(2021, 5, 21)
        );
    }

    #[test]
    fn formatting() {
        assert_eq!(d(2021, 5, 21).to_string(), "2021-05-21");
        assert_eq!(d(2021, 5, 21).cn(), "2021年5月21日");
        assert_eq!(d(2021, 12, 1).cn(), "2021年12月1日");
        assert_eq!(
            serde_json::to_string(&vec![d(2021, 5, 21)]).unwrap(),
            r#"["2021-05-21"]"#
        );
        let back: Vec<Date> = serde_json::from_str(r#"["2021-05-21","2021年10月1日"]"#).unwrap();
        assert_eq!(back, vec![d(2021, 5, 21), d(2021, 10, 1)]);
        let err = serde_json::from_str::<Date>(r#""2021-02-30""#).unwrap_err();
        assert!(err.to_string().contains("2月30日"), "{err}");
    }

    fn valid_date() -> impl Strategy<Value = Date> {
        (Date::new(MIN_YEAR, 1, 1).unwrap().to_days()
            ..=Date::new(MAX_YEAR, 12, 31).unwrap().to_days())
            .prop_map(Date::from_days)
    }

    proptest! {
        #[test]
        fn parse_never_panics(s in "\\PC*") {
            let _ = Date::parse(&s);
        }

        #[test]
        fn parse_never_panics_on_date_like(s in "[0-9０-９年月日 -]{0,16}") {
            let _ = Date::parse(&s);
        }

        #[test]
        fn days_round_trip(n in -5_000_000i64..5_000_000) {
            prop_assert_eq!(Date::from_days(n).to_days(), n);
        }

        #[test]
        fn from_days_is_valid_in_range(date in valid_date()) {
            prop_assert_eq!(Date::new(date.year, date.month, date.day), Some(date));
            prop_assert_eq!(date.add_days(1).to_days(), date.to_days() + 1);
            prop_assert_eq!(date.add_days(7).weekday(), date.weekday());
            prop_assert!(date < date.add_days(1));
        }

        #[test]
        fn display_parse_identity(date in valid_date()) {
            prop_assert_eq!(Date::parse(&date.to_string()), Ok(date));
            prop_assert_eq!(Date::parse(&date.cn()), Ok(date));
        }

        #[test]
        fn unix_seconds_never_panic(secs in any::<i64>()) {
            let _ = Date::from_unix_seconds(secs);
        }
    }
}
