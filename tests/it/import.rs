//! `gongkai import` (SPEC §10): one hand-built mirror per page structure under
//! tests/fixtures/import/<case>/ (`mirror/`, `site/`), written by `make.py` there. Each case
//! pins the written Markdown, the report and redirects.csv in `expected.txt`
//! (`UPDATE_SNAPSHOTS=1 cargo test import` re-pins), then the imported site must build and
//! pass `check --deny warnings`, and a second import must change nothing.

use std::path::{Path, PathBuf};

use crate::util::{run, snapshot, stderr};

const TODAY: &str = "2021-12-20";

fn fixture(case: &str) -> PathBuf {
    crate::util::repo().join("tests/fixtures/import").join(case)
}

fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// A temp copy of the case's site, with an empty content/ if it has none.
fn site_of(case: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(case).join("site"), dir.path());
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    dir
}

fn import(case: &str, root: &Path, extra: &[&str]) -> std::process::Output {
    let mirror = fixture(case).join("mirror");
    let mut args = vec![
        "import",
        mirror.to_str().unwrap(),
        "--root",
        root.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    run(&args)
}

/// The content tree, the report and redirects.csv as one reviewable text.
fn render(root: &Path) -> String {
    let mut s = String::new();
    for (rel, bytes) in snapshot(&root.join("content")) {
        match std::str::from_utf8(&bytes) {
            Ok(t) if rel.ends_with(".md") => s.push_str(&format!("=== content/{rel}\n{t}\n")),
            _ => s.push_str(&format!("=== content/{rel} ({} bytes)\n", bytes.len())),
        }
    }
    for f in ["import-report.json", "redirects.csv", "import-report.md"] {
        if let Ok(t) = std::fs::read_to_string(root.join(f)) {
            s.push_str(&format!("=== {f}\n{t}\n"));
        }
    }
    s
}

fn pin(case: &str, actual: &str) {
    let path = fixture(case).join("expected.txt");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} missing: run with UPDATE_SNAPSHOTS=1", path.display()));
    if expected != actual {
        let diff: Vec<String> = expected
            .lines()
            .zip(actual.lines())
            .enumerate()
            .filter(|(_, (a, b))| a != b)
            .take(5)
            .map(|(i, (a, b))| format!("line {}:\n- {a}\n+ {b}", i + 1))
            .collect();
        panic!(
            "{case}: import output differs from expected.txt (UPDATE_SNAPSHOTS=1 to re-pin)\n{}",
            diff.join("\n")
        );
    }
}

fn case(name: &str, exit: i32) {
    let site = site_of(name);
    let root = site.path();
    let o = import(name, root, &[]);
    assert_eq!(o.status.code(), Some(exit), "{name}: {}", stderr(&o));
    let first = render(root);
    pin(name, &first);

    // The imported site builds and passes the inspection.
    let out = tempfile::tempdir().unwrap();
    let b = crate::util::build(root, &out.path().join("public"), TODAY);
    assert!(b.status.success(), "{name}: build failed: {}", stderr(&b));
    let c = run(&[
        "check",
        "--root",
        root.to_str().unwrap(),
        "--today",
        TODAY,
        "--deny",
        "warnings",
    ]);
    assert!(
        c.status.success(),
        "{name}: check failed: {}{}",
        String::from_utf8_lossy(&c.stdout),
        stderr(&c)
    );

    // A second import changes nothing under content/ and gives the same redirects.csv.
    let content_before = snapshot(&root.join("content"));
    let redirects_before = std::fs::read(root.join("redirects.csv")).unwrap();
    let o2 = import(name, root, &[]);
    assert_eq!(
        o2.status.code(),
        Some(exit),
        "{name} (second run): {}",
        stderr(&o2)
    );
    assert_eq!(
        snapshot(&root.join("content")),
        content_before,
        "{name}: second import changed content/"
    );
    assert_eq!(
        std::fs::read(root.join("redirects.csv")).unwrap(),
        redirects_before,
        "{name}: redirects.csv changed"
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("import-report.json")).unwrap())
            .unwrap();
    assert!(
        report
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["status"] != "imported"
                || e["document"].as_str().is_some_and(|d| !d.ends_with(".md"))),
        "{name}: second run imported a document again"
    );
}

/// Every mirror file appears exactly once in the report.
fn every_file_once(name: &str) {
    let site = site_of(name);
    import(name, site.path(), &["--dry-run"]);
    let report: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(site.path().join("import-report.json")).unwrap(),
    )
    .unwrap();
    let mut sources: Vec<String> = report
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["source"].as_str().unwrap().to_string())
        .collect();
    sources.sort();
    let mirror = fixture(name).join("mirror");
    let files: Vec<String> = snapshot(&mirror).into_iter().map(|(p, _)| p).collect();
    assert_eq!(sources, files, "{name}");
}

#[test]
fn trs_gb2312() {
    case("trs-gb2312", 0);
}

#[test]
fn hanweb_col_art() {
    case("hanweb-col-art", 0);
}

#[test]
fn json_list() {
    case("json-list", 0);
}

#[test]
fn p_strong_metadata() {
    case("p-strong", 0);
}

#[test]
fn span_metadata() {
    case("span-meta", 0);
}

#[test]
fn browser_saved_conflicting_charset() {
    case("browser-saved", 0);
}

#[test]
fn pdf_only() {
    case("pdf-only", 0);
}

#[test]
fn cross_posted_duplicate_and_existing_document() {
    case("duplicate", 0);
}

#[test]
fn jiedu_pair_linked_both_ways() {
    case("jiedu-pair", 0);
}

#[test]
fn bad_input_is_reported_not_a_crash() {
    case("bad-input", 1);
}

#[test]
fn every_mirror_file_is_reported_exactly_once() {
    for c in [
        "trs-gb2312",
        "hanweb-col-art",
        "json-list",
        "browser-saved",
        "pdf-only",
        "duplicate",
        "bad-input",
    ] {
        every_file_once(c);
    }
}

#[test]
fn dry_run_writes_only_the_reports() {
    let site = site_of("trs-gb2312");
    let o = import("trs-gb2312", site.path(), &["--dry-run"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(snapshot(&site.path().join("content")).is_empty());
    assert!(!site.path().join("redirects.csv").exists());
    assert!(site.path().join("import-report.json").is_file());
    assert!(site.path().join("import-report.md").is_file());
}

#[test]
fn without_a_map_the_report_proposes_columns_and_units() {
    let site = site_of("trs-gb2312");
    std::fs::remove_file(site.path().join("import.yaml")).unwrap();
    let o = import("trs-gb2312", site.path(), &["--dry-run"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = std::fs::read_to_string(site.path().join("import-report.md")).unwrap();
    // The column by its ColumnName with a folder from its address; the issuer string as a unit stub.
    assert!(md.contains("\"行政规范性文件\": xxgk/gfxwj"), "{md}");
    assert!(md.contains("- name: \"区府办\""), "{md}");
    let report = std::fs::read_to_string(site.path().join("import-report.json")).unwrap();
    assert!(report.contains("\"column\""), "{report}");
    assert!(report.contains("\"issuer\""), "{report}");
}

#[test]
fn a_bad_map_is_an_error_with_its_line() {
    let site = site_of("trs-gb2312");
    std::fs::write(
        site.path().join("import.yaml"),
        "columns:\n  通知公告: tzgg\nunit:\n  区府办: 罗庄区人民政府办公室\n",
    )
    .unwrap();
    let o = import("trs-gb2312", site.path(), &[]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.contains("import.yaml:3") || e.contains("import.yaml:4"),
        "{e}"
    );
    assert!(e.contains("units"), "{e}");
    assert!(snapshot(&site.path().join("content")).is_empty());
}

#[test]
fn a_missing_mirror_is_a_usage_error() {
    let site = site_of("trs-gb2312");
    let o = run(&[
        "import",
        "/nonexistent/mirror",
        "--root",
        site.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("镜像目录"), "{}", stderr(&o));
}
