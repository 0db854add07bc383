//! Publish delta: a page's bytes depend only on what it shows, so publishing one document
//! rewrites only the pages that show it, and a rebuild keeps unchanged files (same inode).

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use crate::util::*;

fn files(dir: &Path) -> BTreeMap<String, (Vec<u8>, u64)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .to_string();
            let ino = e.metadata().unwrap().ino();
            (rel, (std::fs::read(e.path()).unwrap(), ino))
        })
        .collect()
}

fn site() -> Site {
    let s = Site::new();
    s.write(
        "site.yaml",
        &format!("{SITE_YAML}  - path: tzgg\n    title: 通知公告\n"),
    );
    for i in 0..45 {
        s.doc(
            &format!("tzgg/n{i:02}.md"),
            &public_fm(
                &format!("通知{i}"),
                &format!("2021-{:02}-{:02}", 1 + i / 28, 1 + i % 28),
            ),
            "正文。",
        );
    }
    for i in 0..3 {
        s.doc(
            &format!("zfxxgkzn/g{i}.md"),
            &public_fm(&format!("指南{i}"), &format!("2020-0{}-01", i + 1)),
            "指南正文。",
        );
    }
    s
}

#[test]
fn one_new_document_leaves_other_pages_and_archive_pages_untouched() {
    let s = site();
    let o = s.build("2021-12-20");
    assert!(o.status.success(), "{}", stderr(&o));
    let before = files(&s.out());
    s.doc(
        "tzgg/new.md",
        &public_fm("新发布的通知", "2021-12-01"),
        "新正文。",
    );
    let o = s.build("2021-12-20");
    assert!(o.status.success(), "{}", stderr(&o));
    let after = files(&s.out());
    assert!(after.contains_key("tzgg/new/index.html"));
    // Control: the listing's first page shows the new document, so it changed.
    assert_ne!(before["tzgg/index.html"].0, after["tzgg/index.html"].0);
    // Pages that do not show the new document keep their bytes and their inode (kept from
    // the previous output, not written again): other columns' documents, the column's own
    // older documents, and archive page 1 (the 20 oldest notices).
    for rel in [
        "zfxxgkzn/g0/index.html",
        "zfxxgkzn/index.html",
        "tzgg/n00/index.html",
        "tzgg/n44/index.html",
        "tzgg/page/1/index.html",
        "static/style.css",
    ] {
        let (b, i) = &before[rel];
        let (a, j) = after.get(rel).unwrap_or_else(|| panic!("{rel} missing"));
        assert!(
            a == b,
            "{rel} changed although it does not show the new document"
        );
        assert_eq!(
            i, j,
            "{rel} was written again although its bytes did not change"
        );
    }
    // The archive page lists the oldest notices and no totals.
    let page1 = String::from_utf8_lossy(&after["tzgg/page/1/index.html"].0).to_string();
    assert!(
        page1.contains("通知0<") && page1.contains("通知19<"),
        "{page1}"
    );
    assert!(
        !page1.contains("通知20<") && !page1.contains("共 "),
        "{page1}"
    );
    let changed = after
        .iter()
        .filter(|(k, v)| before.get(*k).is_none_or(|b| b.0 != v.0))
        .count();
    assert!(
        changed * 3 < before.len(),
        "{changed} of {} files changed",
        before.len()
    );
}
