//! Link scanning of Markdown bodies: no panic, every link and error on a line of the body.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &str| {
    let first = 5;
    let last = first + body.split('\n').count();
    let (links, diags) =
        gongkai::model::links::scan_body(body, first, "fdzdgknr/gfxwj", Path::new("content/x.md"));
    for l in links {
        assert!(l.line >= first && l.line <= last);
    }
    for d in diags {
        assert!(d.line.is_some_and(|l| l >= first && l <= last), "{d}");
    }
});
