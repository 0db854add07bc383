//! 成文日期 and 文号 parsing: total (no panic), accepted values round-trip, suggestions parse.
#![no_main]

use gongkai::dates::Date;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|s: &str| {
    if let Ok(d) = Date::parse(s) {
        assert_eq!(Date::new(d.year, d.month, d.day), Some(d));
        assert_eq!(Date::from_days(d.to_days()), d);
    }
    let _ = gongkai::docnum::normalize(s);
    if let Ok(n) = gongkai::docnum::parse(s) {
        assert_eq!(gongkai::docnum::parse(&n.to_string()), Ok(n));
    }
    if let Some(fixed) = gongkai::docnum::suggest(s) {
        assert!(gongkai::docnum::parse(&fixed).is_ok(), "{fixed}");
    }
});
