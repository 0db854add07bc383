//! List data loaded by script on platforms that build lists client-side: 大汉 Hanweb's
//! `<datastore><recordset><record><![CDATA[<li>…</li>]]></record>` XML and JSON lists
//! (`{"columnName": …, "data": [{"title": …, "url": …, "pubDate": …}]}` in whatever key names
//! the platform uses). Both reduce to links with a title and a date.

use serde_json::Value;

use super::meta;
use super::page::{Link, links_in_fragment};

/// Links and an optional column name from a list data file.
pub fn parse(text: &str, is_json: bool) -> (Vec<Link>, Option<String>) {
    if is_json {
        let Ok(v) = serde_json::from_str::<Value>(text.trim_start_matches('\u{feff}')) else {
            return (Vec::new(), None);
        };
        let mut out = Vec::new();
        let mut name = None;
        walk(&v, &mut out, &mut name, 0);
        (out, name)
    } else {
        (links_in_fragment(text), None)
    }
}

fn key_has(k: &str, words: &[&str]) -> bool {
    let l = k.to_ascii_lowercase();
    words.iter().any(|w| l.contains(w))
}

fn walk(v: &Value, out: &mut Vec<Link>, name: &mut Option<String>, depth: usize) {
    if depth > 32 {
        return;
    }
    match v {
        Value::Array(a) => a.iter().for_each(|x| walk(x, out, name, depth + 1)),
        Value::Object(o) => {
            let s = |words: &[&str]| {
                o.iter()
                    .find(|(k, v)| key_has(k, words) && v.is_string())
                    .and_then(|(_, v)| v.as_str())
                    .map(str::to_string)
            };
            if name.is_none() {
                *name = s(&["columnname", "channelname", "colname", "catname"]);
            }
            let url = s(&["url", "link", "href", "path"]);
            let title = s(&["title", "name", "subject"]);
            if let (Some(u), Some(t)) = (url, title) {
                let date = o
                    .iter()
                    .filter(|(k, _)| key_has(k, &["date", "time"]))
                    .find_map(|(_, v)| v.as_str().and_then(meta::find_date));
                out.push(Link {
                    href: u,
                    text: meta::normalize(&t),
                    date,
                    in_body: false,
                    label: String::new(),
                });
            }
            for x in o.values() {
                if x.is_array() || x.is_object() {
                    walk(x, out, name, depth + 1);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_and_hanweb_xml() {
        let (l, n) = parse(
            r#"{"columnName":"通知公告","total":1,"data":[{"docTitle":"关于…的通知","docUrl":"./t1.html","pubDate":"2021-05-21 09:00"}]}"#,
            true,
        );
        assert_eq!(n.as_deref(), Some("通知公告"));
        assert_eq!(l[0].href, "./t1.html");
        assert_eq!(l[0].date, crate::dates::Date::new(2021, 5, 21));
        let (l, _) = parse(
            "<datastore><recordset><record><![CDATA[<li><a href=\"/art/2021/5/21/art_1_2.html\">标题</a><span>2021-05-21</span></li>]]></record></recordset></datastore>",
            false,
        );
        assert_eq!(l[0].href, "/art/2021/5/21/art_1_2.html");
        assert_eq!(l[0].date, crate::dates::Date::new(2021, 5, 21));
    }
}
