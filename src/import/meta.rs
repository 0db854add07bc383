//! The label-driven metadata parser: one parser for every platform's 政府信息公开 metadata
//! block, whatever its markup (table cells, `p>strong` lines, spans, a definition list).
//!
//! The input is the page's text runs in document order (one per text node). A run that starts
//! with a known label (spaces inside the label ignored: `索 引 号`) followed by a colon carries
//! its value after the colon, or in the next run when nothing follows the colon; a run that is
//! exactly a label (a `<th>`/`<dt>` without colon) takes the next run. Several labels in one
//! run (`索引号：… 主题分类：…`, common where `&nbsp;` separates fields) are split.
//!
//! Labels as real pages show them: the gov.cn 国务院文件 metadata table uses 索引号, 主题分类,
//! 发文机关, 成文日期, 标题, 发文字号, 发布日期 (seen on the copy of 国办发〔2017〕47号 at
//! www.gov.cn, found with the `search` tool); county 政府信息公开 pages use 索引号, 发布机构,
//! 组配分类, 成文日期, 发布日期, 文号, 有效性 (SPEC §10, DOMAIN.md "Document page").

use crate::dates::Date;

/// The fields the importer reads from a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Title,
    IndexNumber,
    Issuer,
    Kind,
    Topics,
    Date,
    Published,
    DocNumber,
    Validity,
}

impl Field {
    /// The front-matter key this field fills.
    pub fn key(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::IndexNumber => "index_number",
            Field::Issuer => "issuer",
            Field::Kind => "kind",
            Field::Topics => "topics",
            Field::Date => "date",
            Field::Published => "published",
            Field::DocNumber => "doc_number",
            Field::Validity => "validity",
        }
    }
}

/// Label synonyms, longest first within a field so `发布日期` is not read as a shorter label.
const LABELS: &[(&str, Field)] = &[
    ("信息索引号", Field::IndexNumber),
    ("索引号", Field::IndexNumber),
    ("发布机构", Field::Issuer),
    ("发文机关", Field::Issuer),
    ("发文单位", Field::Issuer),
    ("发布单位", Field::Issuer),
    ("信息来源", Field::Issuer),
    ("组配分类", Field::Kind),
    ("信息类别", Field::Kind),
    ("体裁分类", Field::Kind),
    ("体裁", Field::Kind),
    ("主题分类", Field::Topics),
    ("成文日期", Field::Date),
    ("生成日期", Field::Date),
    ("印发日期", Field::Date),
    ("发布日期", Field::Published),
    ("公开日期", Field::Published),
    ("发布时间", Field::Published),
    ("发文字号", Field::DocNumber),
    ("文号", Field::DocNumber),
    ("有效性", Field::Validity),
    ("效力状态", Field::Validity),
    ("时效性", Field::Validity),
    ("标题", Field::Title),
    ("文件名称", Field::Title),
    ("信息名称", Field::Title),
    ("名称", Field::Title),
];

/// Normalise a text run: NBSP, U+3000 and other spaces → one ASCII space; trimmed. (Colons
/// stay as written — titles keep their full-width `：`; label matching accepts both.)
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        let c = match c {
            '\u{a0}' | '\u{3000}' | '\u{2002}' | '\u{2003}' | '\u{200b}' | '\t' | '\n' | '\r' => {
                ' '
            }
            c => c,
        };
        if c == ' ' {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

/// The label at the start of `s` (spaces inside it skipped), and the byte offset after it.
fn label_at(s: &str) -> Option<(Field, usize)> {
    'labels: for (label, field) in LABELS {
        let mut it = s.char_indices().peekable();
        for want in label.chars() {
            loop {
                match it.next() {
                    Some((_, ' ')) => continue,
                    Some((_, c)) if c == want => break,
                    _ => continue 'labels,
                }
            }
        }
        let end = it.peek().map(|(i, _)| *i).unwrap_or(s.len());
        return Some((*field, end));
    }
    None
}

/// One `label: value` found in the runs.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub field: Field,
    /// `None` for 无, 暂无, `/`, `-` or empty.
    pub value: Option<String>,
}

/// A run is a label start: a label followed by a colon, or exactly a label.
fn label_start(run: &str) -> Option<(Field, &str)> {
    let (field, end) = label_at(run)?;
    let rest = run[end..].trim_start();
    if let Some(v) = rest.strip_prefix([':', '：']) {
        Some((field, v.trim()))
    } else if rest.is_empty() {
        Some((field, ""))
    } else {
        None
    }
}

/// Where the next `label:` starts inside a value, if any.
fn next_label_in(value: &str) -> Option<usize> {
    if !value.contains([':', '：']) {
        return None;
    }
    let mut best: Option<usize> = None;
    for (i, _) in value.char_indices().skip(1) {
        if best.is_some() {
            break;
        }
        if !value[..i].ends_with(' ') {
            continue;
        }
        if let Some((_, end)) = label_at(&value[i..])
            && value[i + end..].trim_start().starts_with([':', '：'])
        {
            best = Some(i);
        }
    }
    best
}

/// Parse normalised runs into label/value pairs (first occurrence of a field wins).
pub fn parse_runs(runs: &[String]) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    let mut i = 0;
    while i < runs.len() {
        let run = &runs[i];
        i += 1;
        if run.chars().count() > 200 {
            continue;
        }
        let Some((field, mut value)) = label_start(run) else {
            continue;
        };
        let mut field = field;
        let mut rest_owned;
        loop {
            if value.is_empty() {
                // `<th>索引号</th><td>…</td>`: the value is the next run, unless that is a label.
                if let Some(next) = runs.get(i)
                    && label_start(next).is_none()
                    && next.chars().count() <= 200
                {
                    i += 1;
                    push(&mut out, field, next);
                } else {
                    push(&mut out, field, "");
                }
                break;
            }
            match next_label_in(value) {
                Some(at) => {
                    push(&mut out, field, value[..at].trim());
                    rest_owned = value[at..].to_string();
                    let Some((f, v)) = label_start(&rest_owned) else {
                        break;
                    };
                    field = f;
                    let v = v.to_string();
                    rest_owned = v;
                    value = rest_owned.as_str();
                }
                None => {
                    push(&mut out, field, value);
                    break;
                }
            }
        }
    }
    out
}

fn push(out: &mut Vec<Found>, field: Field, value: &str) {
    if out.iter().any(|f| f.field == field && f.value.is_some()) {
        return;
    }
    out.retain(|f| f.field != field);
    out.push(Found {
        field,
        value: clean_value(value),
    });
}

/// 无, 暂无, `/`, `-` and empty mean "absent".
pub fn clean_value(v: &str) -> Option<String> {
    let v = v.trim().trim_end_matches([';', '；']).trim();
    match v {
        "" | "无" | "暂无" | "/" | "-" | "—" | "--" | "——" | "空" | "null" => None,
        _ => Some(v.to_string()),
    }
}

/// Number of distinct metadata labels (with colon) in a text — to recognise the block.
pub fn label_count(text: &str) -> usize {
    let t = normalize(text);
    let mut seen: Vec<Field> = Vec::new();
    for (label, field) in LABELS {
        if seen.contains(field) {
            continue;
        }
        let compact: String = t.chars().filter(|c| *c != ' ').collect();
        if compact.contains(&format!("{label}:")) || compact.contains(&format!("{label}：")) {
            seen.push(*field);
        }
    }
    seen.len()
}

/// The first date in a text: `2021-05-21`, `2021年5月21日`, `2021/05/21`, `2021.5.21`,
/// `20210521` (a time after it is ignored).
pub fn find_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    let mut i = 0;
    while i + 4 <= b.len() {
        if b[i..i + 4].iter().all(u8::is_ascii_digit)
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && let Some(d) = date_at(&s[i..])
        {
            return Some(d);
        }
        i += 1;
    }
    None
}

fn date_at(s: &str) -> Option<Date> {
    let y: i32 = s.get(..4)?.parse().ok()?;
    let rest = &s[4..];
    let (sep_len, rest) = if let Some(r) = rest.strip_prefix('年') {
        (0, r)
    } else if let Some(r) = rest.strip_prefix(['-', '/', '.']) {
        (1, r)
    } else {
        // 20210521
        let m: u32 = rest.get(..2)?.parse().ok()?;
        let d: u32 = rest.get(2..4)?.parse().ok()?;
        if rest.as_bytes().get(4).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        return Date::new(y, m, d);
    };
    let _ = sep_len;
    let mlen = rest.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&mlen) {
        return None;
    }
    let m: u32 = rest[..mlen].parse().ok()?;
    let rest = rest[mlen..].strip_prefix(['月', '-', '/', '.'])?;
    let dlen = rest.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&dlen) {
        return None;
    }
    let d: u32 = rest[..dlen].parse().ok()?;
    Date::new(y, m, d)
}

/// 主题分类 split on 、，; and spaces (SPEC §10).
pub fn split_topics(v: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in v.split(['、', '，', ',', ';', '；', ' ']) {
        let t = t.trim();
        if !t.is_empty() && !out.iter().any(|x| x == t) {
            out.push(t.to_string());
        }
    }
    out
}

/// 有效性 as shown → the `validity` enum, if recognisable.
pub fn validity(v: &str) -> Option<&'static str> {
    let v = v.trim();
    if v.contains("废止") {
        Some("已废止")
    } else if v.contains("失效") {
        Some("已失效")
    } else if v.contains("修改") || v.contains("修订") {
        Some("已修改")
    } else if v.contains("有效") {
        Some("有效")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(v: &[&str]) -> Vec<String> {
        v.iter()
            .map(|s| normalize(s))
            .filter(|s| !s.is_empty())
            .collect()
    }

    fn get(f: &[Found], field: Field) -> Option<String> {
        f.iter()
            .find(|x| x.field == field)
            .and_then(|x| x.value.clone())
    }

    #[test]
    fn table_cells_strong_lines_spans_and_dl() {
        let table = runs(&[
            "索\u{3000}引\u{3000}号：",
            "11371311004263412X/2021-00050",
            "文号",
            "罗政办字〔2021〕20号",
        ]);
        let f = parse_runs(&table);
        assert_eq!(
            get(&f, Field::IndexNumber).unwrap(),
            "11371311004263412X/2021-00050"
        );
        assert_eq!(get(&f, Field::DocNumber).unwrap(), "罗政办字〔2021〕20号");
        let one = runs(&["索引号：A/2021-1\u{a0}\u{a0}主题分类：综合政务 发布机构:区府办"]);
        let f = parse_runs(&one);
        assert_eq!(get(&f, Field::IndexNumber).unwrap(), "A/2021-1");
        assert_eq!(get(&f, Field::Topics).unwrap(), "综合政务");
        assert_eq!(get(&f, Field::Issuer).unwrap(), "区府办");
    }

    #[test]
    fn absent_values_and_labels_without_value() {
        let f = parse_runs(&runs(&["文号：", "有效性：", "有效", "成文日期：无"]));
        assert_eq!(get(&f, Field::DocNumber), None);
        assert_eq!(get(&f, Field::Validity).unwrap(), "有效");
        assert_eq!(get(&f, Field::Date), None);
        // Body prose that merely starts with a label word is not a label.
        assert!(parse_runs(&runs(&["文号为本机关统一编号"])).is_empty());
    }

    #[test]
    fn dates_in_every_spelling() {
        for s in [
            "2021-05-21",
            "2021年5月21日",
            "2021/05/21 10:00",
            "发布于 2021.5.21",
            "t20210521_1",
        ] {
            assert_eq!(find_date(s), Date::new(2021, 5, 21), "{s}");
        }
        assert_eq!(find_date("2021年13月1日"), None);
    }

    #[test]
    fn topics_split() {
        assert_eq!(
            split_topics("综合政务、政务公开，其他; 财政"),
            ["综合政务", "政务公开", "其他", "财政"]
        );
    }
}
