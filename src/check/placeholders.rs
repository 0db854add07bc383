//! init-placeholder: values `gongkai init` writes where only the office knows the real one —
//! the base_url host `example.gov.cn` and a unit `code` (统一社会信用代码) of zeros. Only these
//! exact placeholders are flagged, so a site that merely uses another example domain (the
//! test sites' `www.example.gov.cn`) is not.

use crate::check::Finding;
use crate::model::Site;
use crate::scaffold::init::{PLACEHOLDER_CODE, PLACEHOLDER_HOST};

/// The site.yaml line (1-based) of the first line at or after `from` starting with `key:`
/// (after indentation and `- `) whose value contains `value`.
fn line_of(yaml: Option<&str>, from: usize, key: &str, value: &str) -> Option<usize> {
    yaml?
        .lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find(|(_, l)| {
            let l = l.trim_start().trim_start_matches("- ").trim_start();
            l.strip_prefix(key)
                .and_then(|r| r.trim_start().strip_prefix(':'))
                .is_some_and(|v| v.contains(value))
        })
        .map(|(i, _)| i + 1)
}

pub(super) fn check(site: &Site, site_yaml: Option<&str>, out: &mut Vec<Finding>) {
    let cfg = &site.config;
    let host = cfg
        .base_url
        .split_once("://")
        .map(|(_, r)| r)
        .unwrap_or(&cfg.base_url)
        .split(['/', ':'])
        .next()
        .unwrap_or("");
    if host.eq_ignore_ascii_case(PLACEHOLDER_HOST) {
        let url = &cfg.base_url;
        let mut f = Finding::site(
            "init-placeholder",
            t!(
                "`base_url` 仍是 gongkai init 写入的占位地址 `{url}`：订阅源、站点地图和页面中的完整链接都会指向它",
                "`base_url` is still the placeholder `{url}` written by gongkai init: feeds, the sitemap and full links on pages point there"
            ),
        )
        .help(t!(
            "改为本站对外发布的实际地址，以 / 结尾，例如 `base_url: https://www.<本单位域名>.gov.cn/xxgk/`",
            "write the site's real public address, ending in /, e.g. `base_url: https://www.<your domain>.gov.cn/xxgk/`"
        ));
        f.line = line_of(site_yaml, 1, "base_url", PLACEHOLDER_HOST);
        out.push(f);
    }
    for u in &cfg.units {
        let Some(code) = u.code.as_deref().map(str::trim) else {
            continue;
        };
        if code.is_empty() || !code.bytes().all(|b| b == b'0') {
            continue;
        }
        let name = &u.name;
        let mut f = Finding::site(
            "init-placeholder",
            t!(
                "单位 {name} 的 `code`（统一社会信用代码）仍是占位的 `{code}`：它是本单位每个索引号的前缀",
                "the `code` (统一社会信用代码) of unit {name} is still the placeholder `{code}`: it prefixes every 索引号 of the unit"
            ),
        )
        .help(t!(
            "改为本单位 18 位的统一社会信用代码。已上线的索引号不会随之改变；尚未发布的文档可删去 index_number 行后运行 `gongkai index-numbers --write` 重新取号",
            "write the unit's 18-character 统一社会信用代码. Numbers already online keep their prefix; for documents not yet published, delete the index_number line and run `gongkai index-numbers --write`"
        ));
        f.line = line_of(site_yaml, u.line, "code", PLACEHOLDER_CODE).or(Some(u.line));
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_line_of_a_key() {
        let y = "title: T\nbase_url: https://example.gov.cn/\nunits:\n  - name: A\n    code: \"000000000000000000\"\n";
        assert_eq!(line_of(Some(y), 1, "base_url", "example.gov.cn"), Some(2));
        assert_eq!(line_of(Some(y), 4, "code", PLACEHOLDER_CODE), Some(5));
        assert_eq!(line_of(Some(y), 1, "title", "X"), None);
        assert_eq!(line_of(None, 1, "title", "T"), None);
    }
}
