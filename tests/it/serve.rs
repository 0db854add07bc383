//! `gongkai serve`: the HTTP server (content types, 404, traversal), live edits, the error
//! banner, disclosure flips; and the incremental engine's output against a full build.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use gongkai::build::{BuildOptions, build};
use gongkai::dates::Date;
use gongkai::serve::Engine;

use crate::util::{self, Site, public_fm, snapshot};

/// A running `gongkai serve`, killed on drop.
struct Server {
    child: Child,
    addr: String,
}

impl Server {
    /// Stop like Ctrl+C does; returns whether it exited by itself.
    fn stop(&mut self) -> bool {
        // SAFETY: signalling our own child process.
        unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGINT) };
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if !self.stop() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn start(root: &Path) -> Server {
    let mut child = Command::new(util::bin())
        .args([
            "serve",
            "--root",
            root.to_str().unwrap(),
            "--port",
            "0",
            "--today",
            "2024-06-30",
        ])
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("GONGKAI_LANG")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start gongkai serve");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            // `预览地址 http://…` (or `Serving at http://…` with --lang en).
            if let Some(rest) = line.split_once("http://").map(|(_, r)| r) {
                let _ = tx.send(rest.split('/').next().unwrap_or("").to_string());
            }
        }
    });
    let addr = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("serve prints its address");
    assert!(
        addr.starts_with("127.0.0.1:"),
        "binds loopback by default: {addr}"
    );
    Server { child, addr }
}

struct Reply {
    status: u16,
    headers: String,
    body: String,
}

/// A minimal HTTP/1.1 GET with the path sent exactly as given.
fn get(addr: &str, path: &str) -> Reply {
    get_as(addr, path, addr)
}

/// GET with a given `Host` header.
fn get_as(addr: &str, path: &str, host: &str) -> Reply {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    Reply {
        status,
        headers: head.to_ascii_lowercase(),
        body: body.to_string(),
    }
}

/// Poll until `f` holds (bounded: 10 s).
fn wait_for(what: &str, mut f: impl FnMut() -> bool) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        if f() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("timed out waiting for: {what}");
}

fn fixture() -> Site {
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/a.md",
        &public_fm("甲文件标题", "2024-01-10"),
        "甲文件的正文。",
    );
    s.doc(
        "fdzdgknr/gfxwj/b.md",
        &public_fm("乙文件标题", "2024-02-10"),
        "乙文件的正文。",
    );
    s.doc(
        "zfxxgkzn/guide.md",
        &public_fm("信息公开指南", "2024-01-01"),
        "指南正文。",
    );
    s
}

#[test]
fn serves_files_with_types_and_refuses_traversal() {
    let site = fixture();
    let srv = start(site.path());
    let home = get(&srv.addr, "/");
    assert_eq!(home.status, 200);
    assert!(
        home.headers
            .contains("content-type: text/html; charset=utf-8"),
        "{}",
        home.headers
    );
    assert!(
        home.body.contains("/__gongkai/livereload.js"),
        "reload script injected in serve mode"
    );
    let page = get(&srv.addr, "/fdzdgknr/gfxwj/a/");
    assert!(page.body.contains("甲文件的正文"));
    for (path, ctype) in [
        ("/data/documents.json", "application/json"),
        ("/data/normative.csv", "text/csv; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/static/style.css", "text/css; charset=utf-8"),
        ("/__gongkai/livereload.js", "text/javascript"),
    ] {
        let r = get(&srv.addr, path);
        assert_eq!(r.status, 200, "{path}");
        assert!(
            r.headers.contains(&format!("content-type: {ctype}")),
            "{path}: {}",
            r.headers
        );
    }
    let data = get(&srv.addr, "/data/documents.json");
    assert!(
        !data.body.contains("livereload"),
        "only HTML gets the script"
    );
    let missing = get(&srv.addr, "/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("页面不存在"), "the site's 404 page");
    assert_eq!(
        get(&srv.addr, "/fdzdgknr/gfxwj").status,
        301,
        "folder without slash redirects"
    );
    let secret = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    for path in [
        "/../site.yaml",
        "/../../etc/passwd",
        "/%2e%2e/site.yaml",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/fdzdgknr/../../site.yaml",
        "/..%2fsite.yaml",
        "/fdzdgknr%2f..%2f..%2fsite.yaml",
        "/..%5csite.yaml",
        "//etc/passwd",
        "/etc/passwd",
        "http://example.com/../site.yaml",
        "/%zz",
    ] {
        let r = get(&srv.addr, path);
        assert!(
            r.status == 400 || r.status == 404,
            "{path}: status {}",
            r.status
        );
        assert!(
            !r.body.contains("base_url") && !r.body.contains("root:"),
            "{path} leaked a file"
        );
        assert!(!r.body.contains(&secret));
    }
    // DNS rebinding: a page on another site resolving its name to 127.0.0.1 is refused.
    let port = srv.addr.rsplit(':').next().unwrap();
    assert_eq!(
        get_as(&srv.addr, "/", &format!("evil.example:{port}")).status,
        403
    );
    let refused = get_as(&srv.addr, "/data/documents.json", "evil.example");
    assert_eq!(refused.status, 403);
    // The reply says, in Chinese by default, what to do (issue 20).
    assert!(refused.body.contains("只回应"), "{}", refused.body);
    assert_eq!(
        get_as(&srv.addr, "/", &format!("localhost:{port}")).status,
        200
    );
    // A folder without index.html is not listed.
    assert_eq!(get(&srv.addr, "/fdzdgknr/gfxwj/page/").status, 404);
    assert!(!site.out().exists(), "serve never writes public/");
    let mut srv = srv;
    let pid = srv.child.id();
    assert!(srv.stop(), "Ctrl+C stops the server");
    assert_eq!(
        preview_dirs(pid),
        Vec::<PathBuf>::new(),
        "removed on Ctrl+C"
    );
}

#[test]
fn edits_errors_and_disclosure_flips_show_up_live() {
    let site = fixture();
    let srv = start(site.path());
    let a = "/fdzdgknr/gfxwj/a/";
    // Body edit.
    site.doc(
        "fdzdgknr/gfxwj/a.md",
        &public_fm("甲文件标题", "2024-01-10"),
        "甲文件修改后的正文。",
    );
    wait_for("body edit served", || {
        get(&srv.addr, a).body.contains("甲文件修改后的正文")
    });
    // Title edit reaches the column listing.
    site.doc(
        "fdzdgknr/gfxwj/a.md",
        &public_fm("甲文件新标题", "2024-01-10"),
        "甲文件修改后的正文。",
    );
    wait_for("title edit in listing", || {
        get(&srv.addr, "/fdzdgknr/gfxwj/")
            .body
            .contains("甲文件新标题")
    });

    // A broken date: the last good page stays, with the error banner (file:line) on top.
    site.doc(
        "fdzdgknr/gfxwj/a.md",
        &public_fm("甲文件半成品", "2024-13-45"),
        "半成品正文。",
    );
    wait_for("error banner", || {
        get(&srv.addr, a).body.contains("gongkai-serve-errors")
    });
    let page = get(&srv.addr, a);
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("甲文件修改后的正文"),
        "last good page still served"
    );
    assert!(!page.body.contains("半成品正文"));
    assert!(
        page.body.contains("content/fdzdgknr/gfxwj/a.md:5"),
        "file:line in the banner"
    );
    assert!(
        get(&srv.addr, "/").body.contains("gongkai-serve-errors"),
        "banner on every page"
    );
    // Half-written YAML, then the fix: recovers without a restart.
    site.write("content/fdzdgknr/gfxwj/a.md", "---\ntitle: [未闭合\n---\n");
    wait_for("yaml error banner", || {
        get(&srv.addr, a).body.contains("方括号 `[` 没有闭合")
    });
    site.doc(
        "fdzdgknr/gfxwj/a.md",
        &public_fm("甲文件修好了", "2024-01-10"),
        "修好后的正文。",
    );
    wait_for("recovered", || {
        let p = get(&srv.addr, a).body;
        p.contains("修好后的正文") && !p.contains("gongkai-serve-errors")
    });

    // Disclosure flip: page, listing entry and data entry all go.
    let fm = public_fm("乙文件标题", "2024-02-10").replace("主动公开", "不予公开");
    site.doc("fdzdgknr/gfxwj/b.md", &fm, "乙文件的正文。");
    wait_for("withheld page gone", || {
        get(&srv.addr, "/fdzdgknr/gfxwj/b/").status == 404
    });
    assert!(
        !get(&srv.addr, "/fdzdgknr/gfxwj/")
            .body
            .contains("乙文件标题")
    );
    assert!(
        !get(&srv.addr, "/data/documents.json")
            .body
            .contains("乙文件")
    );
    assert!(!get(&srv.addr, "/search/meta.json").body.contains("乙文件"));

    // Deleting a document removes its page.
    std::fs::remove_file(site.path().join("content/zfxxgkzn/guide.md")).unwrap();
    wait_for("deleted page gone", || {
        get(&srv.addr, "/zfxxgkzn/guide/").status == 404
    });
}

/// Build with `gongkai build` semantics (base path `/`) for comparison.
fn full_build(root: &Path, out: &Path, today: Date) {
    let opts = BuildOptions {
        root: root.to_path_buf(),
        output: out.to_path_buf(),
        today,
        drafts: false,
        base_path: Some("/".into()),
        exclude: Vec::new(),
        timings: false,
    };
    if let Err(f) = build(&opts) {
        panic!("full build failed: {:?}", f.diagnostics.items);
    }
}

fn assert_same(step: &str, served: &Path, root: &Path, today: Date) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("full");
    full_build(root, &out, today);
    let (a, b) = (snapshot(served), snapshot(&out));
    if a != b {
        let names = |s: &[(String, Vec<u8>)]| {
            s.iter()
                .map(|(p, _)| p.clone())
                .collect::<std::collections::BTreeSet<_>>()
        };
        let (na, nb) = (names(&a), names(&b));
        let only_served: Vec<_> = na.difference(&nb).collect();
        let only_full: Vec<_> = nb.difference(&na).collect();
        let differ: Vec<_> = a
            .iter()
            .filter(|(p, bytes)| b.iter().any(|(q, c)| q == p && c != bytes))
            .map(|(p, _)| p)
            .collect();
        panic!(
            "{step}: incremental output differs from a full build\n only served: {only_served:?}\n only full: {only_full:?}\n differ: {differ:?}"
        );
    }
}

/// Rewrite a document's file through `f`, returning its absolute path.
fn edit(root: &Path, rel: &str, f: impl Fn(String) -> String) -> PathBuf {
    let p = root.join("content").join(rel);
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, f(text)).unwrap();
    p
}

fn set_line(text: String, key: &str, value: &str) -> String {
    text.lines()
        .map(|l| {
            if l.starts_with(&format!("{key}:")) {
                format!("{key}: {value}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[test]
fn incremental_rebuilds_match_a_full_build() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::copy(util::repo().join("site.yaml"), root.join("site.yaml")).unwrap();
    std::fs::copy(util::repo().join("catalog.yaml"), root.join("catalog.yaml")).unwrap();
    for e in walkdir::WalkDir::new(util::repo().join("content")) {
        let e = e.unwrap();
        let to = root.join(e.path().strip_prefix(util::repo()).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
    let today = Date::parse("2026-11-25").unwrap();
    let served = tmp.path().join("served");
    let mut engine = Engine::new(&root, &served, today, false);
    let first = engine.rebuild(&[]).expect("first build");
    assert!(first.full);
    assert_same("first build", &served, &root, today);

    let mut step = |name: &str, paths: Vec<PathBuf>, expect_full: Option<bool>| {
        let o = engine
            .rebuild(&paths)
            .unwrap_or_else(|d| panic!("{name}: {d:?}"));
        if let Some(full) = expect_full {
            assert_eq!(o.full, full, "{name}: full rebuild?");
        }
        assert_same(name, &served, &root, today);
    };
    let p = edit(&root, "fdzdgknr/zcwj/2021-lzzf-3.md", |t| {
        t + "\n增加的一段正文，含检索词甲乙丙丁。\n"
    });
    step("body edit", vec![p], Some(false));
    let p = edit(&root, "fdzdgknr/zcjd/2021-jd-yshj.md", |t| {
        t.replacen("政策解读\n", "政策解读（修订）\n", 1)
    });
    step("interpretation title", vec![p], Some(false));
    let p = edit(&root, "fdzdgknr/zdjc/2021-jc02-bj.md", |t| {
        t.replacen("制订背景\n", "制订背景说明\n", 1)
    });
    step("decision stage title", vec![p], Some(false));
    // A withheld stage document shows in the catalog as a label only; its label follows it.
    let p = edit(&root, "fdzdgknr/zdjc/2021-jc02-sy.md", |t| {
        set_line(t, "disclosure", "依申请公开")
    });
    step("withheld stage label", vec![p], Some(false));
    assert!(
        util::grep(&served, "依申请公开")
            .iter()
            .any(|f| f.starts_with("zdjcml/"))
    );
    let p = edit(&root, "fdzdgknr/gfxwj/2018-lzjf-4.md", |t| {
        set_line(set_line(t, "date", "2018-03-10"), "published", "2018-03-22")
    });
    step("normative dates", vec![p], None);
    let p = edit(&root, "fdzdgknr/gfxwj/2018-lzjf-4.md", |t| {
        set_line(t, "valid_until", "2020-06-30")
    });
    step("normative valid_until", vec![p], None);
    let p = edit(&root, "zfxxgkzn/2021-ysqgklc.md", |t| {
        set_line(t, "issuer", "区住建局")
    });
    step("issuer", vec![p], None);
    let p = edit(&root, "fdzdgknr/xzzf/2021-xfbljl.md", |t| {
        set_line(t, "date", "2019-05-05")
    });
    step("year", vec![p], None);

    let new_doc = root.join("content/fdzdgknr/xzzf/2021-new.md");
    std::fs::write(&new_doc, "---\ntitle: 新增的行政执法公示\ndisclosure: 主动公开\nissuer: 区住建局\ndate: 2021-09-01\n---\n\n正文，附件见[公示表](2021-new.pdf)。\n").unwrap();
    let pdf = root.join("content/fdzdgknr/xzzf/2021-new.pdf");
    std::fs::write(&pdf, b"%PDF-1.4 test").unwrap();
    step(
        "new document with attachment",
        vec![new_doc.clone(), pdf.clone()],
        Some(false),
    );
    std::fs::write(&pdf, b"%PDF-1.4 changed").unwrap();
    step("attachment changed", vec![pdf.clone()], Some(false));

    // A broken file fails the rebuild and changes nothing; the fix recovers.
    let good = std::fs::read_to_string(&new_doc).unwrap();
    std::fs::write(&new_doc, good.replace("2021-09-01", "2021-02-30")).unwrap();
    let err = engine
        .rebuild(std::slice::from_ref(&new_doc))
        .expect_err("bad date");
    assert!(
        err.iter()
            .any(|d| d.file.ends_with("2021-new.md") && d.line == Some(5)),
        "{err:?}"
    );
    std::fs::write(&new_doc, good.replace("新增的", "修好的")).unwrap();
    let mut step = |name: &str, paths: Vec<PathBuf>, expect_full: Option<bool>| {
        let o = engine
            .rebuild(&paths)
            .unwrap_or_else(|d| panic!("{name}: {d:?}"));
        if let Some(full) = expect_full {
            assert_eq!(o.full, full, "{name}: full rebuild?");
        }
        assert_same(name, &served, &root, today);
    };
    step("fixed", vec![new_doc.clone()], None);

    let p = edit(&root, "fdzdgknr/xzzf/2021-new.md", |t| {
        set_line(t, "disclosure", "不予公开")
    });
    step("disclosure flip", vec![p], Some(false));
    assert!(
        util::grep(&served, "修好的").is_empty(),
        "no trace of the withheld document"
    );
    assert!(util::grep(&served, "2021-new").is_empty());
    std::fs::remove_file(&new_doc).unwrap();
    std::fs::remove_file(&pdf).unwrap();
    step("deleted", vec![new_doc, pdf], Some(false));

    // A bulk change (branch switch) reads the whole site again.
    let p = edit(&root, "fdzdgknr/zcwj/2021-lzzf-3.md", |t| {
        t + "\n批量修改。\n"
    });
    step("bulk change", vec![p; 600], Some(true));

    let yaml = root.join("site.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(&yaml, text.replacen("title: ", "title: 预览 ", 1)).unwrap();
    step("site.yaml", vec![yaml], Some(true));
}

/// Send `raw` bytes, return the response head (status line + headers).
fn raw_request(addr: &str, raw: &[u8]) -> String {
    let mut c = TcpStream::connect(addr).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let _ = c.write_all(raw);
    let mut resp = Vec::new();
    let _ = c.read_to_end(&mut resp);
    let resp = String::from_utf8_lossy(&resp).to_string();
    resp.split("\r\n\r\n").next().unwrap_or("").to_string()
}

/// Threads of process `pid` (Linux).
fn threads(pid: u32) -> usize {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| {
                l.strip_prefix("Threads:")
                    .map(|n| n.trim().parse().unwrap_or(0))
            })
        })
        .unwrap_or(0)
}

/// The preview folders of server `pid`.
fn preview_dirs(pid: u32) -> Vec<PathBuf> {
    let tmp = std::env::temp_dir();
    [Path::new("/dev/shm"), tmp.as_path()]
        .iter()
        .filter_map(|b| std::fs::read_dir(b).ok())
        .flat_map(|rd| rd.flatten())
        .filter(|e| {
            let n = e.file_name().to_string_lossy().to_string();
            n == format!("gongkai-serve-{pid}") || n.starts_with(&format!("gongkai-serve-{pid}-"))
        })
        .map(|e| e.path())
        .collect()
}

/// Issue 16 items 6 and 11: the preview folder is private (0700) and its name unpredictable;
/// `//static` does not redirect off-site; a huge request head is refused (431) without being
/// buffered; a request without Host is refused; event streams and threads are bounded; the
/// folder is removed on Ctrl+C.
#[cfg(target_os = "linux")]
#[test]
fn serve_is_bounded_and_private() {
    use std::os::unix::fs::PermissionsExt;
    let site = fixture();
    let mut srv = start(site.path());
    let addr = srv.addr.clone();
    let host = format!("Host: {addr}\r\n");
    let pid = srv.child.id();
    // Item 6: <tmpfs>/gongkai-serve-<pid>-<random>, mode 0700.
    let dirs = preview_dirs(pid);
    assert_eq!(dirs.len(), 1, "one preview folder: {dirs:?}");
    let name = dirs[0].file_name().unwrap().to_string_lossy().to_string();
    assert_ne!(name, format!("gongkai-serve-{pid}"), "predictable name");
    let mode = dirs[0].metadata().unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700, "{name}: {mode:o}");
    // Item 11: no redirect to another host.
    let r = raw_request(
        &addr,
        format!("GET //static HTTP/1.1\r\n{host}\r\n").as_bytes(),
    );
    assert!(!r.to_ascii_lowercase().contains("location: //"), "{r}");
    assert!(r.starts_with("HTTP/1.1 400"), "{r}");
    let r = raw_request(
        &addr,
        format!("GET /fdzdgknr/gfxwj HTTP/1.1\r\n{host}\r\n").as_bytes(),
    );
    assert!(r.starts_with("HTTP/1.1 301"), "{r}");
    assert!(
        r.contains("Location: /fdzdgknr/gfxwj/\r\n") || r.ends_with("Location: /fdzdgknr/gfxwj/"),
        "{r}"
    );
    // No Host.
    let r = raw_request(&addr, b"GET / HTTP/1.0\r\n\r\n");
    assert!(r.starts_with("HTTP/1.1 400"), "no Host: {r}");
    // 256 KB of headers: refused at 16 KB.
    let big = format!(
        "GET / HTTP/1.1\r\n{host}X-Big: {}\r\n\r\n",
        "a".repeat(256 << 10)
    );
    let r = raw_request(&addr, big.as_bytes());
    assert!(r.starts_with("HTTP/1.1 431"), "256 KB header: {r}");
    // 100 event streams: 32 are held, the rest refused; threads stay bounded.
    let mut held = Vec::new();
    let mut refused = 0;
    for _ in 0..100 {
        let mut c = TcpStream::connect(&addr).unwrap();
        c.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        write!(c, "GET /__gongkai/events HTTP/1.1\r\n{host}\r\n").unwrap();
        let mut buf = [0u8; 12];
        let _ = c.read_exact(&mut buf);
        if buf.starts_with(b"HTTP/1.1 503") {
            refused += 1;
        }
        held.push(c);
    }
    assert_eq!(refused, 100 - 32, "event streams refused");
    let t = threads(pid);
    assert!(t > 0 && t < 80, "{t} threads for 100 event-stream clients");
    drop(held);
    let r = raw_request(
        &addr,
        format!("GET /fdzdgknr/gfxwj/ HTTP/1.1\r\n{host}\r\n").as_bytes(),
    );
    assert!(r.starts_with("HTTP/1.1 200"), "still answering: {r}");
    assert!(srv.stop(), "Ctrl+C stops the server");
    assert_eq!(
        preview_dirs(pid),
        Vec::<PathBuf>::new(),
        "removed on Ctrl+C"
    );
}
