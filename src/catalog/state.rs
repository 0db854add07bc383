//! The state of every (item, body) pair: which published documents serve it, the newest
//! 成文日期 and 按时 / 逾期 / 尚无 (SPEC §9). Shared by the page, the exports and `check`.

use std::collections::HashMap;

use crate::catalog::{Catalog, Due, Item};
use crate::dates::Date;
use crate::model::Document;

/// SPEC §9 state of an item for one body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Ok,
    Overdue,
    Empty,
}

impl State {
    /// The value in catalog.json.
    pub fn key(self) -> &'static str {
        match self {
            State::Ok => "ok",
            State::Overdue => "overdue",
            State::Empty => "empty",
        }
    }

    /// The label on the page.
    pub fn cn(self) -> &'static str {
        match self {
            State::Ok => "按时",
            State::Overdue => "逾期",
            State::Empty => "尚无",
        }
    }
}

/// One item for one body it applies to.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Index into `Catalog::items`.
    pub item: usize,
    /// Index into the bodies list.
    pub body: usize,
    /// The caller's document indices, newest first (成文日期, then id).
    pub docs: Vec<usize>,
    /// Newest 成文日期.
    pub latest: Option<Date>,
    pub state: State,
}

/// Every (item, body) pair the catalog asks for, items by id, bodies in list order. `docs`
/// yields the caller's index and document of every document that may count — published ones
/// only (withheld documents never count).
pub fn entries<'a>(
    cat: &Catalog,
    today: Date,
    docs: impl Iterator<Item = (usize, &'a Document)>,
) -> Vec<Entry> {
    let pos: HashMap<&str, usize> = cat
        .items
        .iter()
        .enumerate()
        .map(|(n, it)| (it.id.as_str(), n))
        .collect();
    let bodies = &cat.bodies;
    let mut served: HashMap<(usize, usize), Vec<(usize, &Document)>> = HashMap::new();
    for (i, d) in docs {
        let Some(r) = &d.catalog else { continue };
        let Some(&n) = pos.get(r.id.as_str()) else {
            continue;
        };
        served.entry((n, d.owner)).or_default().push((i, d));
    }
    let mut out = Vec::new();
    for (n, it) in cat.items.iter().enumerate() {
        for (b, body) in bodies.iter().enumerate() {
            if !it.applies_to(body) {
                continue;
            }
            let mut list = served.remove(&(n, b)).unwrap_or_default();
            list.sort_by(|(_, x), (_, y)| (y.date, &x.id).cmp(&(x.date, &y.id)));
            let latest = list.first().map(|(_, d)| d.date);
            out.push(Entry {
                item: n,
                body: b,
                docs: list.into_iter().map(|(i, _)| i).collect(),
                latest,
                state: state(it, latest, today),
            });
        }
    }
    out
}

/// 尚无 without a document; 逾期 when a periodic item's newest document is older than the
/// current or previous calendar period; 按时 otherwise.
pub fn state(item: &Item, latest: Option<Date>, today: Date) -> State {
    let Some(latest) = latest else {
        return State::Empty;
    };
    let period = |d: Date| -> i64 {
        let (y, m) = (i64::from(d.year), i64::from(d.month));
        match item.due {
            Due::Year => y,
            Due::Quarter => y * 4 + (m - 1) / 3,
            Due::Month => y * 12 + m - 1,
            Due::None | Due::WorkingDays(_) => 0,
        }
    };
    if item.due.periodic() && period(latest) < period(today) - 1 {
        State::Overdue
    } else {
        State::Ok
    }
}

/// The period a periodic item's newest document must fall in, for messages: "2020年或以后".
pub fn required_since(due: Due, today: Date) -> String {
    let (y, m) = (today.year, today.month);
    match due {
        Due::Year => day_one(y - 1, 1),
        Due::Quarter => {
            let q = (y * 4 + (m as i32 - 1) / 3) - 1;
            day_one(q.div_euclid(4), q.rem_euclid(4) as u32 * 3 + 1)
        }
        Due::Month => {
            let mm = y * 12 + m as i32 - 1 - 1;
            day_one(mm.div_euclid(12), mm.rem_euclid(12) as u32 + 1)
        }
        Due::None | Due::WorkingDays(_) => String::new(),
    }
}

fn day_one(year: i32, month: u32) -> String {
    t!("{year}年{month}月1日", "{year}-{month:02}-01")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(due: Due) -> Item {
        Item {
            id: "X".into(),
            domain: "就业",
            item: "x".into(),
            content: None,
            basis: None,
            deadline: None,
            due,
            bodies: vec![],
            channel: vec![],
            audience: None,
            line: 1,
        }
    }

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn periods() {
        let today = d("2021-12-20");
        assert_eq!(state(&item(Due::Year), None, today), State::Empty);
        assert_eq!(
            state(&item(Due::Year), Some(d("2020-01-01")), today),
            State::Ok
        );
        assert_eq!(
            state(&item(Due::Year), Some(d("2019-12-31")), today),
            State::Overdue
        );
        assert_eq!(
            state(&item(Due::Quarter), Some(d("2021-07-01")), today),
            State::Ok
        );
        assert_eq!(
            state(&item(Due::Quarter), Some(d("2021-06-30")), today),
            State::Overdue
        );
        assert_eq!(
            state(&item(Due::Month), Some(d("2021-11-01")), today),
            State::Ok
        );
        assert_eq!(
            state(&item(Due::Month), Some(d("2021-10-31")), today),
            State::Overdue
        );
        assert_eq!(
            state(&item(Due::None), Some(d("2001-01-01")), today),
            State::Ok
        );
        assert_eq!(
            state(&item(Due::WorkingDays(5)), Some(d("2001-01-01")), today),
            State::Ok
        );
        // January: the previous quarter/month is in the previous year.
        let jan = d("2022-01-10");
        assert_eq!(
            state(&item(Due::Quarter), Some(d("2021-10-01")), jan),
            State::Ok
        );
        assert_eq!(
            state(&item(Due::Month), Some(d("2021-12-01")), jan),
            State::Ok
        );
        assert_eq!(
            state(&item(Due::Month), Some(d("2021-11-30")), jan),
            State::Overdue
        );
        assert_eq!(required_since(Due::Quarter, jan), "2021年10月1日");
        assert_eq!(required_since(Due::Month, jan), "2021年12月1日");
        assert_eq!(required_since(Due::Year, jan), "2021年1月1日");
    }
}
