//! A whole document through front matter and field validation against a fixed site.yaml:
//! every diagnostic carries a line inside the file.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

const SITE: &str = "title: 测试\nbase_url: https://www.example.gov.cn/xxgk/\nunits:\n  - name: 测试区人民政府办公室\n    aliases: [区府办]\ncolumns:\n  - path: fdzdgknr/gfxwj\n    title: 行政规范性文件\n";

fuzz_target!(|data: &[u8]| {
    static CFG: OnceLock<gongkai::config::SiteConfig> = OnceLock::new();
    let cfg = CFG.get_or_init(|| gongkai::config::parse(SITE).expect("fixed site.yaml"));
    let lines = data.iter().filter(|b| **b == b'\n' || **b == b'\r').count() + 2;
    let Ok(text) = gongkai::content::decode(data) else {
        return;
    };
    let Ok(split) = gongkai::frontmatter::split(&text) else {
        return;
    };
    let Ok(front) = gongkai::frontmatter::parse(split.yaml, split.yaml_line) else {
        return;
    };
    let raw = gongkai::content::RawDoc {
        rel: "fdzdgknr/gfxwj/x.md".into(),
        id: "fdzdgknr/gfxwj/x".into(),
        dir: "fdzdgknr/gfxwj".into(),
        file: "content/fdzdgknr/gfxwj/x.md".into(),
        front,
        body: split.body.to_string(),
        body_line: split.body_line,
        allows: Vec::new(),
    };
    if let Err(diags) = gongkai::model::document::parse(raw, cfg) {
        for d in diags {
            assert!(d.line.is_some_and(|l| l >= 1 && l <= lines), "{d}");
        }
    }
});
