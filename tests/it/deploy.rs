//! `gongkai deploy`: file:// targets fully; rsync+ssh with nginx when `scripts/deploy-test-env`
//! has started them (GONGKAI_DEPLOY_ENV), else a printed SKIP.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::util::*;

const TODAY: &str = "2021-12-20";

/// A test site with three public documents and one deploy target.
fn site(url: &str, keep: usize, verify: Option<&str>) -> Site {
    let s = Site::new();
    let mut yaml = format!(
        "{SITE_YAML}deploy:\n  targets:\n    - name: main\n      url: {url}\n      keep: {keep}\n"
    );
    if let Some(v) = verify {
        yaml.push_str(&format!("      verify_url: {v}\n"));
    }
    yaml.push_str("    - name: other\n      url: file:///nonexistent-gongkai-target\n");
    s.write("site.yaml", &yaml);
    s.doc(
        "fdzdgknr/a.md",
        &public_fm("甲通知第一版", "2021-05-21"),
        "甲正文。",
    );
    s.doc(
        "fdzdgknr/b.md",
        &public_fm("乙公告", "2021-06-01"),
        "乙正文。",
    );
    s.doc(
        "fdzdgknr/c.md",
        &public_fm("丙信息须撤回", "2021-07-01"),
        "丙正文。",
    );
    s
}

fn deploy_env(s: &Site, args: &[&str], env: &[(&str, &str)]) -> Output {
    deploy_root(s.path(), args, env)
}

fn deploy_root(root: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(bin());
    c.args(["deploy", "--root", root.to_str().unwrap(), "--today", TODAY])
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("GONGKAI_LANG");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("run gongkai deploy")
}

fn deploy(s: &Site, args: &[&str]) -> Output {
    deploy_env(s, args, &[])
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "deploy failed ({:?}):\n{}\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        stderr(o)
    );
    String::from_utf8_lossy(&o.stdout).to_string()
}

fn current(d: &Path) -> String {
    std::fs::read_link(d.join("current"))
        .unwrap()
        .to_string_lossy()
        .trim_start_matches("releases/")
        .to_string()
}

fn releases(d: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(d.join("releases"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    v.sort();
    v
}

fn target_dir() -> (tempfile::TempDir, PathBuf, String) {
    let t = tempfile::tempdir().unwrap();
    let d = t.path().join("www");
    let url = format!("file://{}", d.display());
    (t, d, url)
}

#[test]
fn file_target_deploy_change_rollback_and_prune() {
    use std::os::unix::fs::MetadataExt;
    let (_t, d, url) = target_dir();
    let s = site(&url, 2, None);
    let out = ok(&deploy(&s, &[]));
    assert!(out.contains("已部署 `main`"), "{out}");
    let r1 = current(&d);
    assert!(
        r1.len() > 17 && r1.as_bytes()[8] == b'T' && r1.as_bytes()[15] == b'Z',
        "release id sorts by time: {r1}"
    );
    let page = d.join("current/fdzdgknr/a/index.html");
    assert!(
        std::fs::read_to_string(&page)
            .unwrap()
            .contains("甲通知第一版")
    );

    // The manifest lists every file with its SHA-256 and the build's metadata.
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.join(format!("manifests/{r1}.json"))).unwrap())
            .unwrap();
    assert_eq!(m["today"], TODAY);
    assert!(m["built_at"].as_str().unwrap().ends_with('Z'));
    assert!(
        m["documents"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["id"] == "fdzdgknr/c")
    );
    let files = m["files"].as_array().unwrap();
    let on_disk = walkdir::WalkDir::new(d.join("current/"))
        .into_iter()
        .filter(|e| e.as_ref().unwrap().file_type().is_file())
        .count();
    assert_eq!(files.len(), on_disk);
    let idx = files.iter().find(|f| f["path"] == "index.html").unwrap();
    let bytes = std::fs::read(d.join("current/index.html")).unwrap();
    use sha2::Digest;
    let hex: String = sha2::Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(idx["sha256"], hex.as_str());

    // Same source again: nothing to do.
    assert!(ok(&deploy(&s, &[])).contains("已在提供这次构建"));
    assert_eq!(releases(&d), std::slice::from_ref(&r1));

    // A change: new release, unchanged files hard-linked to the previous one.
    s.doc(
        "fdzdgknr/a.md",
        &public_fm("甲通知第二版", "2021-05-21"),
        "甲正文。",
    );
    let out = ok(&deploy(&s, &[]));
    assert!(out.contains("改动"), "{out}");
    let r2 = current(&d);
    assert!(r2 > r1);
    assert!(
        std::fs::read_to_string(&page)
            .unwrap()
            .contains("甲通知第二版")
    );
    let ino = |r: &str, f: &str| {
        std::fs::metadata(d.join("releases").join(r).join(f))
            .unwrap()
            .ino()
    };
    assert_eq!(
        ino(&r1, "static/style.css"),
        ino(&r2, "static/style.css"),
        "unchanged file is hard-linked"
    );
    assert_ne!(
        ino(&r1, "fdzdgknr/a/index.html"),
        ino(&r2, "fdzdgknr/a/index.html")
    );

    // Rollback is one command and switches back.
    let out = ok(&deploy(&s, &["--rollback"]));
    assert!(out.contains("已回滚"), "{out}");
    assert_eq!(current(&d), r1);
    assert!(
        std::fs::read_to_string(&page)
            .unwrap()
            .contains("甲通知第一版")
    );
    // Nothing older than r1: a second rollback is refused, live site unchanged.
    let o = deploy(&s, &["--rollback"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("没有比"), "{}", stderr(&o));
    assert_eq!(current(&d), r1);

    // keep: 2 prunes old releases; manifests stay as the record of what was online.
    for title in ["甲通知第三版", "甲通知第四版"] {
        s.doc("fdzdgknr/a.md", &public_fm(title, "2021-05-21"), "甲正文。");
        ok(&deploy(&s, &[]));
    }
    let rs = releases(&d);
    assert_eq!(rs.len(), 2, "{rs:?}");
    assert_eq!(rs[1], current(&d));
    assert!(!rs.contains(&r1));
    assert!(d.join(format!("manifests/{r1}.json")).exists());
    let history = std::fs::read_to_string(d.join("history.log")).unwrap();
    assert_eq!(history.lines().count(), 5, "{history}");
    assert!(
        history.lines().nth(2).unwrap().contains("\"rollback\""),
        "{history}"
    );
}

#[test]
fn dry_run_lists_changes_and_touches_nothing() {
    let (_t, d, url) = target_dir();
    let s = site(&url, 5, None);
    let out = ok(&deploy(&s, &["--dry-run"]));
    assert!(out.contains("+ fdzdgknr/a/index.html"), "{out}");
    assert!(out.contains("未做任何改动"), "{out}");
    assert!(!d.exists(), "dry run created the target");
    ok(&deploy(&s, &[]));
    let r1 = current(&d);
    s.doc(
        "fdzdgknr/a.md",
        &public_fm("甲通知第二版", "2021-05-21"),
        "甲正文。",
    );
    std::fs::remove_file(s.path().join("content/fdzdgknr/b.md")).unwrap();
    let out = ok(&deploy(&s, &["--dry-run"]));
    assert!(out.contains("~ fdzdgknr/a/index.html"), "{out}");
    assert!(out.contains("- fdzdgknr/b/index.html"), "{out}");
    assert_eq!(current(&d), r1);
    assert_eq!(releases(&d), [r1]);
}

#[test]
fn retract_takes_the_page_down_and_blocks_republishing() {
    let (_t, d, url) = target_dir();
    let s = site(&url, 5, None);
    ok(&deploy(&s, &[]));
    assert!(d.join("current/fdzdgknr/c/index.html").exists());
    let out = ok(&deploy(&s, &["--retract", "fdzdgknr/c.md"]));
    assert!(out.contains("撤回 fdzdgknr/c.md"), "{out}");
    assert!(!d.join("current/fdzdgknr/c/index.html").exists());
    assert!(
        grep(&d.join("current/"), "丙信息须撤回").is_empty(),
        "title left in listings, feeds or search"
    );
    assert!(d.join("current/fdzdgknr/a/index.html").exists());
    let list: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.join("retracted.json")).unwrap()).unwrap();
    assert_eq!(list["retracted"][0]["id"], "fdzdgknr/c");
    assert_eq!(list["retracted"][0]["url"], "/fdzdgknr/c/");
    let live = current(&d);

    // The source still publishes it: refused, naming the file, live release unchanged.
    s.doc(
        "fdzdgknr/b.md",
        &public_fm("乙公告（更正）", "2021-06-01"),
        "乙正文。",
    );
    let o = deploy(&s, &[]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.contains("content/fdzdgknr/c.md") && e.contains("--unretract fdzdgknr/c.md"),
        "{e}"
    );
    assert_eq!(current(&d), live);
    // Rolling back to the release that still had it is refused too.
    let o = deploy(&s, &["--rollback"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(current(&d), live);

    // Once the source stops publishing it, deploys go through again.
    s.doc(
        "fdzdgknr/c.md",
        "title: 丙信息须撤回\ndisclosure: 不予公开\nissuer: 测试区人民政府办公室\ndate: 2021-07-01",
        "丙正文。",
    );
    ok(&deploy(&s, &[]));
    assert!(d.join("current/fdzdgknr/b/index.html").exists());
    // --unretract lets it be published again.
    s.doc(
        "fdzdgknr/c.md",
        &public_fm("丙信息须撤回", "2021-07-01"),
        "丙正文。",
    );
    ok(&deploy(&s, &["--unretract", "fdzdgknr/c.md"]));
    assert!(d.join("current/fdzdgknr/c/index.html").exists());
    assert!(
        !std::fs::read_to_string(d.join("retracted.json"))
            .unwrap()
            .contains("fdzdgknr/c")
    );
}

#[test]
fn retract_refuses_while_a_published_document_links_to_it() {
    let (_t, d, url) = target_dir();
    let s = site(&url, 5, None);
    s.doc(
        "fdzdgknr/b.md",
        &public_fm("乙公告", "2021-06-01"),
        "见[丙](c.md)。",
    );
    ok(&deploy(&s, &[]));
    let live = current(&d);
    let o = deploy(&s, &["--retract", "fdzdgknr/c.md"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("content/fdzdgknr/b.md"),
        "{}",
        stderr(&o)
    );
    assert_eq!(current(&d), live);
}

#[test]
fn reader_never_sees_a_missing_or_partial_page_during_deploys() {
    let (_t, d, url) = target_dir();
    let s = site(&url, 2, None);
    // A big page makes a torn read likely if writes were not atomic.
    let body = |tag: &str| format!("{}\n", format!("{tag}正文段落。").repeat(4000));
    s.doc(
        "fdzdgknr/a.md",
        &public_fm("版本甲", "2021-05-21"),
        &body("甲"),
    );
    ok(&deploy(&s, &[]));
    let page = d.join("current/fdzdgknr/a/index.html");
    let va = std::fs::read(&page).unwrap();
    s.doc(
        "fdzdgknr/a.md",
        &public_fm("版本乙", "2021-05-21"),
        &body("乙"),
    );
    ok(&deploy(&s, &[]));
    let vb = std::fs::read(&page).unwrap();

    let stop = Arc::new(AtomicBool::new(false));
    let reader = {
        let (stop, page, home) = (stop.clone(), page.clone(), d.join("current/index.html"));
        let (va, vb) = (va.clone(), vb.clone());
        std::thread::spawn(move || {
            let mut reads = 0u64;
            while !stop.load(Ordering::Relaxed) {
                let got = std::fs::read(&page)
                    .unwrap_or_else(|e| panic!("page missing during deploy: {e}"));
                assert!(
                    got == va || got == vb,
                    "a read saw neither release's page ({} bytes)",
                    got.len()
                );
                std::fs::read(&home)
                    .unwrap_or_else(|e| panic!("home page missing during deploy: {e}"));
                reads += 1;
            }
            reads
        })
    };
    for i in 0..4 {
        let tag = if i % 2 == 0 { "甲" } else { "乙" };
        s.doc(
            "fdzdgknr/a.md",
            &public_fm(
                if tag == "甲" {
                    "版本甲"
                } else {
                    "版本乙"
                },
                "2021-05-21",
            ),
            &body(tag),
        );
        ok(&deploy(&s, &[]));
    }
    stop.store(true, Ordering::Relaxed);
    let reads = reader.join().expect("reader saw a missing or torn page");
    assert!(reads > 10, "reader only polled {reads} times");
}

#[test]
fn refuses_drafts_builds_and_stale_builds() {
    let (_t, d, url) = target_dir();
    let s = site(&url, 5, None);
    let out = s.out();
    let o = run(&[
        "build",
        "--root",
        s.path().to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
        "--today",
        TODAY,
        "--drafts",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = deploy(&s, &["--output", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--drafts"), "{}", stderr(&o));
    assert!(!d.exists());

    assert!(s.build(TODAY).status.success());
    // A source file changed after the build: the build is stale.
    std::thread::sleep(std::time::Duration::from_millis(20));
    s.doc(
        "fdzdgknr/b.md",
        &public_fm("乙公告（新）", "2021-06-01"),
        "乙正文。",
    );
    let o = deploy(&s, &["--output", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("比源文件旧") && stderr(&o).contains("b.md"),
        "{}",
        stderr(&o)
    );

    // A fresh build of the current source is deployed as is.
    assert!(s.build(TODAY).status.success());
    ok(&deploy(&s, &["--output", out.to_str().unwrap()]));
    assert!(
        std::fs::read_to_string(d.join("current/fdzdgknr/b/index.html"))
            .unwrap()
            .contains("乙公告（新）")
    );

    // A build that fails deploys nothing (default mode builds afresh).
    let live = current(&d);
    s.doc(
        "fdzdgknr/b.md",
        "title: 乙\ndisclosure: 主动公开\nissuer: 不存在的单位\ndate: 2021-06-01",
        "x",
    );
    let o = deploy(&s, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("content/fdzdgknr/b.md"),
        "{}",
        stderr(&o)
    );
    assert_eq!(current(&d), live);
}

#[test]
fn a_failure_before_the_switch_leaves_the_live_release_untouched() {
    let (_t, d, url) = target_dir();
    let s = site(&url, 5, None);
    ok(&deploy(&s, &[]));
    let live = current(&d);
    // Something in the way of the new `current` link: the switch fails.
    std::fs::create_dir_all(d.join(".current.tmp/blocker")).unwrap();
    s.doc(
        "fdzdgknr/a.md",
        &public_fm("甲通知第二版", "2021-05-21"),
        "甲正文。",
    );
    let o = deploy(&s, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("线上版本未改动"), "{}", stderr(&o));
    assert_eq!(current(&d), live);
    assert_eq!(
        releases(&d),
        std::slice::from_ref(&live),
        "the half-made release was removed"
    );
    assert!(
        std::fs::read_to_string(d.join("current/fdzdgknr/a/index.html"))
            .unwrap()
            .contains("甲通知第一版")
    );

    // An unreachable ssh host is a clear error, not a hang or a panic.
    let s2 = site("rsync+ssh://nobody@127.0.0.1:1/srv/www/xxgk", 5, None);
    let o = deploy(&s2, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("ssh") || stderr(&o).contains("没有安装"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn usage_errors_exit_2() {
    let (_t, _d, url) = target_dir();
    let s = site(&url, 5, None);
    let o = deploy(&s, &["--target", "mian"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("main"), "did-you-mean: {}", stderr(&o));
    let o = deploy(&s, &["--rollback", "--retract", "fdzdgknr/c.md"]);
    assert_eq!(o.status.code(), Some(2));
    let o = deploy(&s, &["--retract", "../etc/passwd"]);
    assert_eq!(o.status.code(), Some(2));
    let plain = Site::new();
    let o = deploy(&plain, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("没有部署目标"), "{}", stderr(&o));
}

#[test]
fn messages_are_chinese_by_default_and_english_on_request() {
    let plain = Site::new();
    let zh = stderr(&deploy(&plain, &[]));
    assert!(zh.contains("site.yaml 中没有部署目标"), "{zh}");
    assert!(!zh.contains("has no deploy targets"), "{zh}");
    let en = stderr(&deploy(&plain, &["--lang", "en"]));
    assert!(en.contains("site.yaml has no deploy targets"), "{en}");
    let env = stderr(&deploy_root(plain.path(), &[], &[("GONGKAI_LANG", "en")]));
    assert!(env.contains("site.yaml has no deploy targets"), "{env}");
}

// ---- rsync + ssh + nginx ----

/// Settings written by `scripts/deploy-test-env start`, and the environment we started
/// ourselves (stopped on drop) when GONGKAI_DEPLOY_ENV was not given.
struct SshEnv {
    vars: std::collections::HashMap<String, String>,
    started: Option<tempfile::TempDir>,
}

impl Drop for SshEnv {
    fn drop(&mut self) {
        if let Some(t) = &self.started {
            let _ = Command::new(repo().join("scripts/deploy-test-env"))
                .arg("stop")
                .arg(t.path())
                .status();
        }
    }
}

fn ssh_env() -> Option<SshEnv> {
    let (file, started) = match std::env::var_os("GONGKAI_DEPLOY_ENV") {
        Some(f) => (PathBuf::from(f), None),
        None => {
            // Use sshd, nginx and rsync if installed here (no apt-get from a test run).
            let t = tempfile::Builder::new()
                .prefix("gk-env")
                .tempdir_in("/tmp")
                .unwrap();
            let o = Command::new(repo().join("scripts/deploy-test-env"))
                .arg("start")
                .arg(t.path())
                .env("GONGKAI_DEPLOY_ENV_NO_INSTALL", "1")
                .output()
                .expect("run scripts/deploy-test-env");
            assert!(
                o.status.success(),
                "scripts/deploy-test-env start failed:\n{}",
                stderr(&o)
            );
            (t.path().join("env"), Some(t))
        }
    };
    let text = std::fs::read_to_string(&file)
        .unwrap_or_else(|e| panic!("GONGKAI_DEPLOY_ENV={}: {e}", file.display()));
    let vars: std::collections::HashMap<String, String> = text
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let env = SshEnv { vars, started };
    if let Some(why) = env.vars.get("GONGKAI_DEPLOY_SKIP") {
        eprintln!("SKIP deploy::ssh_nginx_end_to_end: {why}");
        return None;
    }
    Some(env)
}

fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// GET over plain HTTP/1.0: (status, body).
fn http_get(url: &str) -> (u16, Vec<u8>) {
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_at(rest.find('/').unwrap());
    let mut s = std::net::TcpStream::connect(host).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let status = String::from_utf8_lossy(&raw[..split])
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    (status, raw[split + 4..].to_vec())
}

#[test]
fn ssh_nginx_end_to_end() {
    let Some(env) = ssh_env() else { return };
    let env = &env.vars;
    let (url, dir, http, ssh) = (
        &env["GONGKAI_DEPLOY_URL"],
        PathBuf::from(&env["GONGKAI_DEPLOY_DIR"]),
        &env["GONGKAI_DEPLOY_HTTP"],
        &env["GONGKAI_SSH"],
    );
    let clean = || {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() && !p.is_symlink() {
                std::fs::remove_dir_all(&p).unwrap()
            } else {
                std::fs::remove_file(&p).unwrap()
            }
        }
    };
    let envs = [("GONGKAI_SSH", ssh.as_str())];

    // The example site (repo root): every published document answers 200 through nginx.
    clean();
    let ex = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("content"), &ex.path().join("content"));
    for extra in ["static", "themes"] {
        if repo().join(extra).is_dir() {
            copy_tree(&repo().join(extra), &ex.path().join(extra));
        }
    }
    std::fs::copy(repo().join("catalog.yaml"), ex.path().join("catalog.yaml")).unwrap();
    let yaml = std::fs::read_to_string(repo().join("site.yaml")).unwrap();
    std::fs::write(
        ex.path().join("site.yaml"),
        format!("{yaml}\ndeploy:\n  targets:\n    - name: test\n      url: {url}\n      verify_url: {http}\n"),
    )
    .unwrap();
    let out = ok(&deploy_root(ex.path(), &[], &envs));
    assert!(out.contains("已验证："), "{out}");
    let docs: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(dir.join("current/data/documents.json")).unwrap())
            .unwrap();
    assert!(docs.len() > 10);
    for d in &docs {
        let u = format!(
            "{http}{}",
            d["url"].as_str().unwrap().trim_start_matches('/')
        );
        assert_eq!(http_get(&u).0, 200, "{u}");
    }
    assert_eq!(http_get(&format!("{http}no-such-page/")).0, 404);

    // A small site for the change / rollback / retraction flow.
    clean();
    let s = site(url, 3, Some(http));
    let out = ok(&deploy_env(&s, &[], &envs));
    assert!(out.contains("已验证："), "{out}");
    let page = format!("{http}fdzdgknr/a/");
    let (st, body) = http_get(&page);
    assert_eq!(st, 200);
    assert!(String::from_utf8_lossy(&body).contains("甲通知第一版"));
    let r1 = current(&dir);

    // Deploy a change while a reader polls over HTTP: every answer is a whole page of one release.
    let stop = Arc::new(AtomicBool::new(false));
    let reader = {
        let (stop, page, home) = (stop.clone(), page.clone(), http.to_string());
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                let (st, body) = http_get(&page);
                let text = String::from_utf8_lossy(&body);
                assert_eq!(st, 200, "page missing during deploy");
                assert!(
                    text.contains("甲通知第一版") ^ text.contains("甲通知第二版"),
                    "page from neither or both releases"
                );
                assert!(text.trim_end().ends_with("</html>"), "partial page");
                assert_eq!(http_get(&home).0, 200, "home page missing during deploy");
                n += 1;
            }
            n
        })
    };
    s.doc(
        "fdzdgknr/a.md",
        &public_fm("甲通知第二版", "2021-05-21"),
        "甲正文。",
    );
    let out = ok(&deploy_env(&s, &[], &envs));
    stop.store(true, Ordering::Relaxed);
    let reads = reader.join().expect("reader saw a missing or mixed page");
    assert!(reads > 0);
    assert!(out.contains("改动 1") || out.contains("改动"), "{out}");
    assert!(String::from_utf8_lossy(&http_get(&page).1).contains("甲通知第二版"));
    let r2 = current(&dir);
    use std::os::unix::fs::MetadataExt;
    let ino = |r: &str| {
        std::fs::metadata(dir.join("releases").join(r).join("static/style.css"))
            .unwrap()
            .ino()
    };
    assert_eq!(
        ino(&r1),
        ino(&r2),
        "rsync --link-dest hard-linked the unchanged file"
    );

    // Roll back, then forward again.
    ok(&deploy_env(&s, &["--rollback"], &envs));
    assert!(String::from_utf8_lossy(&http_get(&page).1).contains("甲通知第一版"));
    ok(&deploy_env(&s, &[], &envs));
    assert!(String::from_utf8_lossy(&http_get(&page).1).contains("甲通知第二版"));

    // Retract: the URL answers 404 (checked by deploy itself through verify_url, and here).
    let c = format!("{http}fdzdgknr/c/");
    assert_eq!(http_get(&c).0, 200);
    let out = ok(&deploy_env(&s, &["--retract", "fdzdgknr/c.md"], &envs));
    assert!(out.contains(&format!("已验证：{c} → HTTP 404")), "{out}");
    assert_eq!(http_get(&c).0, 404);
    let o = deploy_env(&s, &[], &envs);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("content/fdzdgknr/c.md"),
        "{}",
        stderr(&o)
    );
    assert_eq!(http_get(&c).0, 404);
    assert!(releases(&dir).len() <= 3, "keep: 3");
    // Issue 16 item 5 over ssh: no lock left behind; a held lock stops the deploy; a renamed
    // copy of the retracted document is refused.
    assert!(!dir.join(".gongkai-lock").exists());
    let live = current(&dir);
    std::fs::create_dir(dir.join(".gongkai-lock")).unwrap();
    std::fs::write(
        dir.join(".gongkai-lock/owner"),
        "pid=1 host=elsewhere at=x\n",
    )
    .unwrap();
    let o = deploy_env(
        &s,
        &["--retract", "fdzdgknr/a.md"],
        &[envs[0], ("GONGKAI_DEPLOY_LOCK_WAIT", "0")],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("host=elsewhere"), "{}", stderr(&o));
    assert_eq!(current(&dir), live);
    std::fs::remove_dir_all(dir.join(".gongkai-lock")).unwrap();
    std::fs::remove_file(s.path().join("content/fdzdgknr/c.md")).unwrap();
    s.doc(
        "fdzdgknr/c2.md",
        &public_fm("丙信息须撤回", "2021-07-01"),
        "丙正文。",
    );
    let o = deploy_env(&s, &[], &envs);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("content/fdzdgknr/c2.md"),
        "{}",
        stderr(&o)
    );
    assert_eq!(current(&dir), live);
    assert!(!dir.join(".gongkai-lock").exists());
}

fn retracted_ids(d: &Path) -> Vec<String> {
    let list: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.join("retracted.json")).unwrap()).unwrap();
    list["retracted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap().to_string())
        .collect()
}

/// Issue 16 item 5: a mistyped `--retract` (or `--unretract`) path is an error with the
/// closest name; it used to exit 0 and redeploy with the document still online.
#[test]
fn retract_with_a_mistyped_path_is_refused_with_did_you_mean() {
    let (_t, d, url) = target_dir();
    let s = site(&url, 5, None);
    ok(&deploy(&s, &[]));
    let live = current(&d);
    let o = deploy(&s, &["--retract", "fdzdgknr/cc.md"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("fdzdgknr/cc.md") && e.contains("`fdzdgknr/c.md`"),
        "{e}"
    );
    assert_eq!(current(&d), live, "nothing deployed");
    assert!(!d.join("retracted.json").exists());
    assert!(d.join("current/fdzdgknr/c/index.html").exists());
    let o = deploy(&s, &["--unretract", "fdzdgknr/c.md"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    // A document that is only in content/ (not yet deployed) may be retracted ahead.
    s.doc("fdzdgknr/d.md", &public_fm("丁", "2021-07-02"), "丁正文。");
    ok(&deploy(&s, &["--retract", "fdzdgknr/d.md"]));
    assert_eq!(retracted_ids(&d), ["fdzdgknr/d"]);
    let o = deploy(&s, &["--unretract", "fdzdgknr/dd.md"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("`fdzdgknr/d.md`"), "{}", stderr(&o));
}

/// Issue 16 item 5: a retraction is recorded by what was online (URL, 文号, title), so a
/// renamed copy of the retracted document is refused; it used to be published again.
#[test]
fn renamed_retracted_documents_are_not_republished() {
    let (_t, d, url) = target_dir();
    let s = site(&url, 5, None);
    s.doc(
        "fdzdgknr/b.md",
        &format!(
            "{}\ndoc_number: 测政办发〔2021〕7号",
            public_fm("乙公告", "2021-06-01")
        ),
        "乙正文。",
    );
    ok(&deploy(&s, &[]));
    ok(&deploy(&s, &["--retract", "fdzdgknr/c.md"]));
    ok(&deploy(&s, &["--retract", "fdzdgknr/b.md"]));
    let list = std::fs::read_to_string(d.join("retracted.json")).unwrap();
    assert!(
        list.contains("测政办发〔2021〕7号") && list.contains("丙信息须撤回"),
        "{list}"
    );
    let live = current(&d);
    // The source stops publishing both under their old names…
    for id in ["b", "c"] {
        std::fs::remove_file(s.path().join(format!("content/fdzdgknr/{id}.md"))).unwrap();
    }
    let out = ok(&deploy(&s, &[]));
    let live2 = current(&d);
    assert_eq!(live, live2, "the live release already lacks both: {out}");
    // …but publishes c again under a new file name (same title, no 文号).
    s.doc(
        "fdzdgknr/c-new.md",
        &public_fm("丙信息须撤回", "2021-07-01"),
        "丙正文。",
    );
    let o = deploy(&s, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("content/fdzdgknr/c-new.md") && e.contains("--unretract fdzdgknr/c.md"),
        "{e}"
    );
    assert_eq!(current(&d), live2);
    std::fs::remove_file(s.path().join("content/fdzdgknr/c-new.md")).unwrap();
    // …and b under a new name and title, with its 文号.
    s.doc(
        "fdzdgknr/b2.md",
        &format!(
            "{}\ndoc_number: 测政办发〔2021〕7号",
            public_fm("乙公告（重发）", "2021-06-01")
        ),
        "乙正文。",
    );
    let o = deploy(&s, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("content/fdzdgknr/b2.md"),
        "{}",
        stderr(&o)
    );
    assert_eq!(current(&d), live2);
    assert!(grep(&d.join("current/"), "丙信息须撤回").is_empty());
    assert!(grep(&d.join("current/"), "测政办发〔2021〕7号").is_empty());
}

fn machine_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .unwrap()
        .trim()
        .to_string()
}

/// Issue 16 item 5: deploys to one target take a lock on the host. A held lock stops a
/// deploy (after GONGKAI_DEPLOY_LOCK_WAIT seconds) with a message naming it; a stale lock of
/// this machine is removed; two concurrent retractions both land (one used to be lost).
#[test]
fn deploys_to_one_target_take_a_lock() {
    let (_t, d, url) = target_dir();
    let s = site(&url, 5, None);
    ok(&deploy(&s, &[]));
    assert!(!d.join(".gongkai-lock").exists(), "released after a deploy");
    let live = current(&d);
    std::fs::create_dir(d.join(".gongkai-lock")).unwrap();
    std::fs::write(
        d.join(".gongkai-lock/owner"),
        "pid=1 host=elsewhere at=2021-12-20T00:00:00Z\n",
    )
    .unwrap();
    let wait0 = [("GONGKAI_DEPLOY_LOCK_WAIT", "0")];
    let o = deploy_env(&s, &["--retract", "fdzdgknr/c.md"], &wait0);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains(".gongkai-lock") && e.contains("host=elsewhere"),
        "{e}"
    );
    assert_eq!(current(&d), live);
    assert!(!d.join("retracted.json").exists());
    assert!(
        d.join(".gongkai-lock/owner").exists(),
        "someone else's lock is kept"
    );
    // A lock left by a process of this machine that is gone is stale.
    std::fs::write(
        d.join(".gongkai-lock/owner"),
        format!("pid=4000000000 host={} at=x\n", machine_name()),
    )
    .unwrap();
    ok(&deploy_env(&s, &["--dry-run"], &wait0));
    let o = deploy_env(&s, &["--retract", "fdzdgknr/c.md"], &wait0);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains(".gongkai-lock"), "says it removed it");
    assert!(!d.join(".gongkai-lock").exists());
    // Two retractions at once: both are recorded and both pages are gone.
    let run = |id: &'static str| {
        let root = s.path().to_path_buf();
        std::thread::spawn(move || {
            deploy_root(
                &root,
                &["--retract", id],
                &[("GONGKAI_DEPLOY_LOCK_WAIT", "300")],
            )
        })
    };
    let (x, y) = (run("fdzdgknr/a.md"), run("fdzdgknr/b.md"));
    for o in [x.join().unwrap(), y.join().unwrap()] {
        assert!(o.status.success(), "{}", stderr(&o));
    }
    assert_eq!(
        retracted_ids(&d),
        ["fdzdgknr/a", "fdzdgknr/b", "fdzdgknr/c"]
    );
    for id in ["a", "b", "c"] {
        assert!(
            !d.join(format!("current/fdzdgknr/{id}/index.html")).exists(),
            "{id}"
        );
    }
    assert!(!d.join(".gongkai-lock").exists());
}
