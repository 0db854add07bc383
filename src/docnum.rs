//! 文号 (document numbers) such as `罗政办字〔2021〕20号`.
//!
//! GB/T 9704-2012 §7.2.4 fixes the form: 机关代字, the full year in 六角括号
//! 〔 〕, then the sequence number without 第 and without padding (1, not 01),
//! then 号. Offices often type `[2021]`, `(2021)` or `【2021】` instead;
//! [`suggest`] proposes the correct form and [`normalize`] lets duplicate
//! detection see through such variants.

use std::fmt;

/// Brackets people put around the year, paired by index; the first pair is the correct one.
const OPEN: [char; 7] = ['〔', '[', '(', '（', '【', '［', '﹝'];
const CLOSE: [char; 7] = ['〕', ']', ')', '）', '】', '］', '﹞'];

/// The expected form, quoted in every error.
const EXPECTED: &str = "应为 机关代字〔年份〕序号号，如 罗政办字〔2021〕20号 \
                        (expected 机关代字〔年份〕序号号, e.g. 罗政办字〔2021〕20号)";

/// A parsed 文号: `罗政办字〔2021〕20号` → agency `罗政办字`, year 2021, seq 20.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocNumber {
    pub agency: String,
    pub year: u32,
    pub seq: u32,
}

impl fmt::Display for DocNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}〔{}〕{}号", self.agency, self.year, self.seq)
    }
}

/// Why a string is not a well-formed 文号: what is wrong and the expected form
/// (callers quote the input and its location themselves).
#[derive(Debug, Clone, PartialEq)]
pub struct DocNumberError {
    pub message: String,
}

impl fmt::Display for DocNumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DocNumberError {}

fn error(what: &str) -> DocNumberError {
    DocNumberError {
        message: format!("文号格式不正确：{what}；{EXPECTED}"),
    }
}

/// Chinese characters (CJK Unified Ideographs, extensions and compatibility ideographs).
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}'
        | '\u{30000}'..='\u{3134F}')
}

fn ascii_digit(c: char) -> char {
    match c {
        '０'..='９' => {
            char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')).unwrap_or(c)
        }
        _ => c,
    }
}

/// Index of the first bracket + 4 ASCII digits + bracket, e.g. `(2021)`.
fn find_year(chars: &[char]) -> Option<usize> {
    (0..chars.len().saturating_sub(5)).find(|&i| {
        OPEN.contains(&chars[i])
            && chars[i + 1..i + 5].iter().all(char::is_ascii_digit)
            && CLOSE.contains(&chars[i + 5])
    })
}

/// The key for duplicate detection: no whitespace (incl. U+3000), ASCII digits,
/// the year in 〔 〕, and no leading zeros in the sequence number.
pub fn normalize(s: &str) -> String {
    let mut chars: Vec<char> = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(ascii_digit)
        .collect();
    if let Some(i) = find_year(&chars) {
        chars[i] = OPEN[0];
        chars[i + 5] = CLOSE[0];
        let start = i + 6;
        let run = chars[start..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        let zeros = chars[start..start + run]
            .iter()
            .take_while(|&&c| c == '0')
            .count()
            .min(run.saturating_sub(1));
        chars.drain(start..start + zeros);
    }
    chars.into_iter().collect()
}

/// Parses a 文号 in the strict GB/T 9704 form `机关代字〔2021〕20号`
/// (surrounding whitespace ignored).
pub fn parse(s: &str) -> Result<DocNumber, DocNumberError> {
    let t = s.trim();
    if t.is_empty() {
        return Err(error("文号为空 (empty)"));
    }
    if t.chars().any(char::is_whitespace) {
        return Err(error("文号中不应有空格 (contains spaces)"));
    }
    let Some((agency, rest)) = t.split_once(OPEN[0]) else {
        let chars: Vec<char> = t.chars().map(ascii_digit).collect();
        let what = match find_year(&chars) {
            Some(i) => format!(
                "年份应用六角括号〔〕括入，不用“{}{}” (the year goes in 〔 〕, not {} {})",
                chars[i],
                chars[i + 5],
                chars[i],
                chars[i + 5]
            ),
            None => "缺少用〔〕括入的4位年份 (missing the year in 〔 〕)".to_string(),
        };
        return Err(error(&what));
    };
    if agency.is_empty() {
        return Err(error("缺少机关代字 (missing the agency code before 〔)"));
    }
    if let Some(c) = agency
        .chars()
        .find(|&c| !(is_cjk(c) || c.is_ascii_alphabetic()))
    {
        return Err(error(&format!(
            "机关代字“{agency}”中不应有“{c}”，只能是汉字和字母 \
                 (the agency code may hold only Chinese characters and letters)"
        )));
    }
    if !agency.chars().any(is_cjk) {
        return Err(error(
            "机关代字应含汉字 (the agency code needs Chinese characters)",
        ));
    }
    let Some((year, rest)) = rest.split_once(CLOSE[0]) else {
        return Err(error("年份缺少右括号〕 (missing the closing 〕)"));
    };
    if year.chars().count() != 4 || !year.chars().all(|c| c.is_ascii_digit()) {
        return Err(error(&format!(
            "年份“{year}”应为4位阿拉伯数字，如〔2021〕 (the year must be 4 ASCII digits)"
        )));
    }
    if year.starts_with('0') {
        return Err(error(&format!(
            "年份“{year}”不是公元年份，如〔2021〕 (the year must be a calendar year like 2021)"
        )));
    }
    let Some(seq) = rest.strip_suffix('号') else {
        return Err(error("文号应以“号”结尾 (must end with 号)"));
    };
    if seq.starts_with('第') {
        return Err(error("序号前不加“第”字 (no 第 before the number)"));
    }
    if seq.is_empty() {
        return Err(error("缺少序号 (missing the sequence number)"));
    }
    if !seq.chars().all(|c| c.is_ascii_digit()) {
        return Err(error(&format!(
            "序号“{seq}”应为半角阿拉伯数字 (the number must be ASCII digits)"
        )));
    }
    if seq.len() > 1 && seq.starts_with('0') {
        return Err(error(
            "序号不编虚位，1不编为01 (no leading zeros in the number)",
        ));
    }
    let seq: u32 = match seq.parse() {
        Ok(0) => return Err(error("序号不能为0 (the number cannot be 0)")),
        Ok(n) => n,
        Err(_) => return Err(error("序号过大 (the number is too large)")),
    };
    Ok(DocNumber {
        agency: agency.to_string(),
        // Exactly four ASCII digits.
        year: year.parse().unwrap_or_default(),
        seq,
    })
}

/// The corrected form when `s` uses other brackets, spaces, full-width digits, 第 or
/// a padded number; `None` if `s` is already fine or the fix would still not parse.
pub fn suggest(s: &str) -> Option<String> {
    if parse(s).is_ok() {
        return None;
    }
    let fixed = normalize(&normalize(s).replacen("〕第", "〕", 1));
    (parse(&fixed).is_ok() && fixed != s.trim()).then_some(fixed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ok(agency: &str, year: u32, seq: u32) -> Result<DocNumber, DocNumberError> {
        Ok(DocNumber {
            agency: agency.to_string(),
            year,
            seq,
        })
    }

    #[test]
    fn parse_valid() {
        assert_eq!(parse("罗政办字〔2021〕20号"), ok("罗政办字", 2021, 20));
        assert_eq!(parse("  国办发〔2019〕1号\n"), ok("国办发", 2019, 1));
        assert!(
            parse("国令第711号").is_err(),
            "国务院令 numbers have no year"
        );
        assert_eq!(parse("鲁政办发〔2021〕3号"), ok("鲁政办发", 2021, 3));
        assert_eq!(parse("LZDR政〔2021〕100号"), ok("LZDR政", 2021, 100));
        assert_eq!(
            parse("罗政办字〔2021〕20号").unwrap().to_string(),
            "罗政办字〔2021〕20号"
        );
    }

    #[test]
    fn parse_errors_say_what_is_wrong() {
        let cases = [
            ("", "为空"),
            ("罗政办字 〔2021〕20号", "空格"),
            ("罗政办字[2021]20号", "六角括号"),
            ("罗政办字（2021）20号", "六角括号"),
            ("罗政办字【2021】20号", "不用“【】”"),
            ("罗政办字2021年20号", "缺少用〔〕括入"),
            ("〔2021〕20号", "缺少机关代字"),
            ("罗政-办〔2021〕20号", "机关代字"),
            ("ABC〔2021〕20号", "应含汉字"),
            ("罗政办字〔2021-20号", "右括号"),
            ("罗政办字〔21〕20号", "4位"),
            ("罗政办字〔２０２１〕20号", "4位"),
            ("罗政办字〔2021〕20", "结尾"),
            ("罗政办字〔2021〕第20号", "第"),
            ("罗政办字〔2021〕号", "缺少序号"),
            ("罗政办字〔2021〕二十号", "阿拉伯数字"),
            ("罗政办字〔2021〕020号", "虚位"),
            ("罗政办字〔2021〕0号", "不能为0"),
            ("罗政办字〔2021〕99999999999号", "过大"),
        ];
        for (s, want) in cases {
            let e = parse(s).unwrap_err();
            assert!(e.message.contains(want), "{s:?}: {e}");
            assert!(e.message.contains("机关代字〔年份〕序号号"), "{s:?}: {e}");
        }
    }

    #[test]
    fn normalize_examples() {
        for s in [
            "罗政办字〔2021〕20号",
            "罗政办字[2021]20号",
            "罗政办字(2021)20号",
            "罗政办字（2021）20号",
            "罗政办字【2021】20号",
            "罗政办字［2021］20号",
            "罗政办字﹝2021﹞20号",
            "罗政办字 〔2021〕 20 号",
            "罗政办字\u{3000}〔２０２１〕２０号",
            "罗政办字〔2021〕020号",
            "罗政办字[2021)0020号",
        ] {
            assert_eq!(normalize(s), "罗政办字〔2021〕20号", "{s:?}");
        }
        assert_eq!(normalize("罗政办字〔2021〕0号"), "罗政办字〔2021〕0号");
        assert_eq!(normalize("罗政办字〔2021〕00号"), "罗政办字〔2021〕0号");
        // Only the year's brackets change.
        assert_eq!(normalize("(附件)罗[2021]1号"), "(附件)罗〔2021〕1号");
        assert_eq!(normalize("无年份"), "无年份");
        assert_eq!(normalize(""), "");
    }

    #[test]
    fn suggest_examples() {
        let want = Some("罗政办字〔2021〕20号".to_string());
        assert_eq!(suggest("罗政办字[2021]20号"), want);
        assert_eq!(suggest("罗政办字(2021)20号"), want);
        assert_eq!(suggest("罗政办字【2021】20号"), want);
        assert_eq!(suggest("罗政办字（2021）20号"), want);
        assert_eq!(suggest("罗政办字﹝2021﹞20号"), want);
        assert_eq!(suggest("罗政办字 〔2021〕 20号"), want);
        assert_eq!(suggest("罗政办字〔２０２１〕２０号"), want);
        assert_eq!(suggest("罗政办字〔2021〕第20号"), want);
        assert_eq!(suggest("罗政办字〔2021〕020号"), want);
        // Already fine, or not fixable by bracket/space repairs.
        assert_eq!(suggest("罗政办字〔2021〕20号"), None);
        assert_eq!(suggest(" 罗政办字〔2021〕20号 "), None);
        assert_eq!(suggest("罗政办字2021年20号"), None);
        assert_eq!(suggest("罗政办字[21]20号"), None);
        assert_eq!(suggest("罗政办字〔2021〕0号"), None);
        assert_eq!(suggest(""), None);
    }

    fn agency() -> impl Strategy<Value = String> {
        "[罗庄区政府办公室字发函鲁临A-Z]{1,8}"
            .prop_filter("needs a Chinese character", |s| s.chars().any(is_cjk))
    }

    /// Strings built from the pieces 文号 are made of, so the tricky paths get exercised.
    fn docnum_like() -> impl Strategy<Value = String> {
        "[罗政办字第号0-9０-９ \u{3000}\\[\\]()（）【】［］〔〕﹝﹞a-z]{0,20}"
    }

    proptest! {
        #[test]
        fn never_panic(s in "\\PC*") {
            let _ = parse(&s);
            let _ = normalize(&s);
            let _ = suggest(&s);
        }

        #[test]
        fn never_panic_docnum_like(s in docnum_like()) {
            let _ = parse(&s);
            let _ = suggest(&s);
        }

        #[test]
        fn normalize_idempotent(s in docnum_like()) {
            let once = normalize(&s);
            prop_assert_eq!(normalize(&once), once);
        }

        #[test]
        fn normalize_idempotent_any(s in "\\PC*") {
            let once = normalize(&s);
            prop_assert_eq!(normalize(&once), once);
        }

        #[test]
        fn parse_survives_normalize(s in docnum_like()) {
            if let Ok(n) = parse(&s) {
                prop_assert_eq!(parse(&normalize(&s)), Ok(n));
            }
        }

        #[test]
        fn suggestions_parse(s in docnum_like()) {
            if let Some(fixed) = suggest(&s) {
                prop_assert!(parse(&fixed).is_ok());
                prop_assert!(parse(&s).is_err());
                let without_di = normalize(&s).replacen("〕第", "〕", 1);
                prop_assert_eq!(fixed, normalize(&without_di));
            }
        }

        #[test]
        fn valid_round_trip(a in agency(), year in 1949u32..=2200, seq in 1u32..1_000_000, open in 0usize..7) {
            let canonical = format!("{a}〔{year}〕{seq}号");
            let parsed = parse(&canonical);
            prop_assert_eq!(&parsed, &ok(&a, year, seq));
            prop_assert_eq!(parsed.unwrap().to_string(), canonical.clone());
            prop_assert_eq!(normalize(&canonical), canonical.clone());
            let variant = format!("{a}{}{year}{}{seq}号", OPEN[open], CLOSE[open]);
            prop_assert_eq!(normalize(&variant), canonical.clone());
            let expect = if open == 0 { None } else { Some(canonical) };
            prop_assert_eq!(suggest(&variant), expect);
        }
    }
}
