//! The lifecycle of normative and policy documents (规范性文件集中统一公开 and 清理):
//! validity-expired, cleanup-missing, valid-until-missing (the text gives a 有效期 the
//! front matter does not), registration-missing and valid-from-missing (from
//! `rules.registration_since`).

use crate::check::{Finding, items};
use crate::dates::Date;
use crate::model::Site;
use crate::model::types::{Kind, Validity};

/// The rules for published document `i`.
pub(super) fn check(site: &Site, i: usize, out: &mut Vec<Finding>) {
    let d = &site.docs[i];
    if let Some(n) = &d.normative
        && n.validity == Validity::Valid
        && let Some(until) = n.valid_until
        && until < site.today
    {
        let kind = d.kind.cn();
        out.push(
            Finding::doc(
                site,
                i,
                "validity-expired",
                d.line("valid_until"),
                t!(
                    "{kind}已过有效期：`valid_until` (有效期至) {until}，但 `validity` (效力) 仍为 有效，公众看到的有效性标注与实际不符",
                    "{kind} past its term: `valid_until` {until}, but `validity` still says 有效"
                ),
            )
            .basis(items::NORMATIVE_PUBLIC)
            .help(t!(
                "核实后将 `validity` 改为 已失效（或 已废止、已修改 并写明 `replaced_by`）；如已延期，更新 `valid_until`",
                "check, then set `validity: 已失效` (or 已废止 / 已修改 with `replaced_by`); if the term was extended, update `valid_until`"
            )),
        );
    }
    if d.kind == Kind::Normative {
        cleanup_missing(site, i, out);
        registration(site, i, out);
    }
    if matches!(d.kind, Kind::Normative | Kind::Policy) {
        valid_until_missing(site, i, out);
    }
}

fn cleanup_missing(site: &Site, i: usize, out: &mut Vec<Finding>) {
    let d = &site.docs[i];
    let rules = &site.config.rules;
    let (Some(year), Some(n)) = (rules.cleanup_year, &d.normative) else {
        return;
    };
    if d.date < rules.cleanup_since || n.cleanup.iter().any(|c| c.year == year) {
        return;
    }
    let line = if d.lines.contains_key("cleanup") {
        d.line("cleanup")
    } else {
        d.line("kind")
    };
    let (date, since) = (d.date, rules.cleanup_since);
    out.push(
        Finding::doc(
            site,
            i,
            "cleanup-missing",
            line,
            t!(
                "缺少 {year} 年清理记录：成文日期 {date} 在 `rules.cleanup_since` {since} 之后的规范性文件须有 `cleanup` (清理) 记录",
                "no {year} cleanup record: a 规范性文件 dated {date}, on/after `rules.cleanup_since` {since}, needs a `cleanup` record"
            ),
        )
        .basis(items::CLEANUP)
        .help(t!(
            "添加 `cleanup: {{year: {year}, result: 继续有效}}`（result 为 继续有效 | 修改 | 废止 | 宣布失效，并与 `validity` 一致）",
            "add `cleanup: {{year: {year}, result: 继续有效}}` (result: 继续有效 | 修改 | 废止 | 宣布失效, matching `validity`)"
        )),
    );
}

/// registration-missing and valid-from-missing: both from `rules.registration_since`.
fn registration(site: &Site, i: usize, out: &mut Vec<Finding>) {
    let d = &site.docs[i];
    let (Some(since), Some(n)) = (site.config.rules.registration_since, &d.normative) else {
        return;
    };
    if d.date < since {
        return;
    }
    let date = d.date;
    let line = d.line("kind");
    if n.registration.is_none() {
        out.push(
            Finding::doc(
                site,
                i,
                "registration-missing",
                line,
                t!(
                    "规范性文件缺少 `registration` (登记号)：成文日期 {date} 在 `rules.registration_since` {since} 之后",
                    "规范性文件 without `registration` (登记号): dated {date}, on/after `rules.registration_since` {since}"
                ),
            )
            .basis(items::REGISTRATION)
            .help(t!(
                "按规范性文件登记簿写上登记号，如 `registration: LZDR-2021-0010001`",
                "copy the number from the registration book, e.g. `registration: LZDR-2021-0010001`"
            )),
        );
    }
    if n.valid_from.is_none() {
        out.push(
            Finding::doc(
                site,
                i,
                "valid-from-missing",
                line,
                t!(
                    "规范性文件缺少 `valid_from` (施行日期)：成文日期 {date} 在 `rules.registration_since` {since} 之后",
                    "规范性文件 without `valid_from` (施行日期): dated {date}, on/after `rules.registration_since` {since}"
                ),
            )
            .basis(items::REGISTRATION)
            .help(t!(
                "按正文“自……起施行”写上施行日期，如 `valid_from: 2021-12-01`；自印发之日起施行的，写成文日期",
                "give the date the text says it takes effect, e.g. `valid_from: 2021-12-01`; \"自印发之日起施行\" means the document's `date`"
            )),
        );
    }
}

/// A 有效期 stated in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Term {
    /// 有效期N年 / N个月 (in months).
    Months(u32),
    /// 有效期至YYYY年M月D日.
    Until(Date),
}

/// The text says how long the document is valid, but `valid_until` does not: the index
/// would show it as 有效 forever.
fn valid_until_missing(site: &Site, i: usize, out: &mut Vec<Finding>) {
    let d = &site.docs[i];
    if d.normative
        .as_ref()
        .is_some_and(|n| n.valid_until.is_some())
    {
        return;
    }
    let Some((offset, phrase, term)) = find_term(&d.body) else {
        return;
    };
    let line = d.body_line + offset;
    let start = d
        .normative
        .as_ref()
        .and_then(|n| n.valid_from)
        .or_else(|| effective_date(&d.body))
        .unwrap_or(d.date);
    let until = match term {
        Term::Until(u) => u,
        Term::Months(m) => start.add_months(i64::from(m)).add_days(-1),
    };
    let how = match term {
        Term::Until(_) => t!("正文写明的日期", "the date in the text"),
        Term::Months(_) => t!(
            "自施行日期 {start} 起算",
            "counted from the effective date {start}"
        ),
    };
    out.push(
        Finding::doc(
            site,
            i,
            "valid-until-missing",
            line,
            t!(
                "正文规定了有效期（“{phrase}”），但前置元数据没有 `valid_until` (有效期至)：到期后目录仍会显示为 有效",
                "the text sets a term (“{phrase}”) but the front matter has no `valid_until`: the index would still show it as 有效 after it expires"
            ),
        )
        .basis(items::NORMATIVE_PUBLIC)
        .help(t!(
            "添加 `valid_until: {until}`（{how}）；有效期已延长或取消的，按新文件写",
            "add `valid_until: {until}` ({how}); if the term was extended or lifted, follow the newer decision"
        )),
    );
}

/// The first 有效期 phrase in `body`: (line offset within the body, the phrase, the term).
/// Matches 有效期5年, 有效期为五年, 有效期限两年, 有效期6个月, 有效期至2023年12月31日,
/// 有效期至2023年底; not 有效期内, 有效期已届满, 有效期满.
fn find_term(body: &str) -> Option<(usize, String, Term)> {
    let mut from = 0;
    while let Some(p) = body[from..].find("有效期") {
        let at = from + p;
        from = at + "有效期".len();
        let rest = &body[from..];
        let rest = rest.strip_prefix('限').unwrap_or(rest);
        let rest = rest.trim_start_matches(['为', '是', '：', ':', ' ']);
        let term = if let Some(r) = rest.strip_prefix('至') {
            parse_cn_date(r).map(|(d, _)| Term::Until(d))
        } else {
            leading_number(rest)
                .filter(|(n, _)| (1..=100).contains(n))
                .and_then(|(n, r)| {
                    if r.starts_with('年') {
                        Some(Term::Months(n * 12))
                    } else if r.starts_with("个月") {
                        Some(Term::Months(n))
                    } else {
                        None
                    }
                })
        };
        if let Some(term) = term {
            let end = body[at..]
                .find(['，', '。', '；', '\n', ',', ';'])
                .map_or(body.len(), |e| at + e);
            let phrase = body[at..end].to_string();
            let offset = body[..at].matches('\n').count();
            return Some((offset, phrase, term));
        }
    }
    None
}

/// `5`, `五`, `两`, `十`: the number at the start of `s`, and the rest.
fn leading_number(s: &str) -> Option<(u32, &str)> {
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() {
        return Some((digits.parse().ok()?, &s[digits.len()..]));
    }
    let cn = |c: char| "〇一二两三四五六七八九十".find(c).is_some();
    let word: String = s.chars().take_while(|c| cn(*c)).collect();
    if word.is_empty() {
        return None;
    }
    let val = |c: char| match c {
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => 0,
    };
    let chars: Vec<char> = word.chars().collect();
    let n = match chars.as_slice() {
        ['十'] => 10,
        ['十', u] => 10 + val(*u),
        [t, '十'] => val(*t) * 10,
        [t, '十', u] => val(*t) * 10 + val(*u),
        [u] => val(*u),
        _ => return None,
    };
    Some((n, &s[word.len()..]))
}

/// `2023年12月31日…` or `2023年底…` at the start of `s`.
fn parse_cn_date(s: &str) -> Option<(Date, &str)> {
    let (y, r) = leading_number(s)?;
    let r = r.strip_prefix('年')?;
    if let Some(r) = r.strip_prefix('底') {
        return Some((Date::new(y as i32, 12, 31)?, r));
    }
    let (m, r) = leading_number(r)?;
    let r = r.strip_prefix('月')?;
    let (day, r) = leading_number(r)?;
    let r = r.strip_prefix('日').unwrap_or(r);
    Some((Date::new(y as i32, m, day)?, r))
}

/// `自2021年12月1日起施行` in the text.
fn effective_date(body: &str) -> Option<Date> {
    let mut from = 0;
    while let Some(p) = body[from..].find('自') {
        let at = from + p + '自'.len_utf8();
        from = at;
        if let Some((d, rest)) = parse_cn_date(&body[at..])
            && rest.starts_with("起施行")
        {
            return Some(d);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn terms_in_the_text() {
        let t = find_term;
        assert_eq!(
            t("第一条\n\n**第八条** 本办法自2021年12月1日起施行，有效期5年。"),
            Some((2, "有效期5年".into(), Term::Months(60)))
        );
        assert_eq!(t("有效期为五年。").unwrap().2, Term::Months(60));
        assert_eq!(t("有效期限两年").unwrap().2, Term::Months(24));
        assert_eq!(t("有效期十二年").unwrap().2, Term::Months(144));
        assert_eq!(t("有效期6个月").unwrap().2, Term::Months(6));
        assert_eq!(
            t("本通知自印发之日起执行，有效期至2022年12月31日。")
                .unwrap()
                .2,
            Term::Until(d("2022-12-31"))
        );
        assert_eq!(
            t("有效期至2023年底").unwrap().2,
            Term::Until(d("2023-12-31"))
        );
        // Mentions that set no term.
        assert_eq!(
            t("在有效期内继续执行。有效期已届满。有效期满前评估。"),
            None
        );
        assert_eq!(t("## 五、办法的有效期\n\n见下文"), None);
        // The first real term after a mention.
        assert_eq!(t("有效期内……\n有效期3年").unwrap().0, 1);
        assert_eq!(t("有效期4000000000年，有效期0年"), None);
    }

    #[test]
    fn effective_date_from_the_text() {
        assert_eq!(
            effective_date("本办法自2021年12月1日起施行，有效期5年。"),
            Some(d("2021-12-01"))
        );
        assert_eq!(effective_date("自印发之日起施行"), None);
        // valid_from 2021-12-01 + 5 years - 1 day
        assert_eq!(d("2021-12-01").add_months(60).add_days(-1), d("2026-11-30"));
    }
}
