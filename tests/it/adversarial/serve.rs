//! `gongkai serve` from the outside: loopback by default, nothing outside the built site, no
//! non-public document under any flag, and a document withdrawn while serving disappears.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::util::*;

/// A running `gongkai serve`, killed on drop.
struct Serve {
    child: std::process::Child,
    addr: String,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(s: &Site, extra: &[&str]) -> Serve {
    use std::io::BufRead;
    let mut args = vec![
        "serve",
        "--root",
        s.path().to_str().unwrap(),
        "--port",
        "0",
        "--today",
        "2021-12-20",
    ];
    args.extend(extra);
    let mut child = Command::new(bin())
        .args(&args)
        .env_remove("SOURCE_DATE_EPOCH")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            if let Some(rest) = line.split("http://").nth(1) {
                let _ = tx.send(rest.split('/').next().unwrap_or("").to_string());
            }
        }
    });
    let addr = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("serve prints its address");
    Serve { child, addr }
}

/// (status, body) of a raw HTTP/1.0 GET; the target is sent exactly as given.
fn get(addr: &str, target: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut c = std::net::TcpStream::connect(addr).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(c, "GET {target} HTTP/1.0\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut resp = Vec::new();
    let _ = c.read_to_end(&mut resp);
    let resp = String::from_utf8_lossy(&resp).to_string();
    let status = resp
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, resp)
}

/// serve: loopback by default, nothing outside the built site (no traversal, no sources), no
/// non-public document even with --drafts, and a document withdrawn while serving disappears.
#[test]
fn serve_is_loopback_only_and_serves_only_published_pages() {
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/pub.md",
        &public_fm("公开文件", "2021-05-01"),
        "公开正文。",
    );
    s.write(
        "content/fdzdgknr/gfxwj/fjlater.pdf",
        "%PDF-1.4 SRVATTACHMENT",
    );
    s.doc(
        "fdzdgknr/gfxwj/later.md",
        &format!(
            "{}\nattachments: [fjlater.pdf]",
            public_fm("稍后撤回SRVWITHDRAWN", "2021-05-01")
        ),
        "正文SRVWITHDRAWN。",
    );
    s.doc(
        "fdzdgknr/gfxwj/draft.md",
        &format!("{}\ndraft: true", public_fm("草稿文件", "2021-05-01")),
        "x",
    );
    s.doc("fdzdgknr/gfxwj/apply.md", "title: 依申请SRVAPPLY\ndisclosure: 依申请公开\nissuer: 区府办\ndate: 2021-05-01\ndraft: true", "SRVAPPLY");
    s.doc(
        "fdzdgknr/gfxwj/secret.md",
        "title: 不予SRVWITHHELD\ndisclosure: 不予公开\nissuer: 区府办\ndate: 2021-05-01",
        "SRVWITHHELD",
    );
    s.write("content/fdzdgknr/gfxwj/secret.txt", "SRVSOURCEFILE");
    let srv = serve(&s, &["--drafts"]);
    assert!(
        srv.addr.starts_with("127.0.0.1:"),
        "binds loopback by default: {}",
        srv.addr
    );
    assert_eq!(get(&srv.addr, "/").0, 200);
    let (st, page) = get(&srv.addr, "/fdzdgknr/gfxwj/draft/");
    assert!(
        st == 200 && page.contains("草稿"),
        "--drafts shows 主动公开 drafts, marked"
    );
    for target in [
        "/../site.yaml",
        "/../../site.yaml",
        "/%2e%2e/site.yaml",
        "/%2E%2E%2Fsite.yaml",
        "/..%2f..%2fsite.yaml",
        "/..\\site.yaml",
        "//site.yaml",
        "/fdzdgknr/gfxwj/pub.md",
        "/content/fdzdgknr/gfxwj/secret.md",
        "/fdzdgknr/gfxwj/secret.txt",
        "/fdzdgknr/gfxwj/secret/",
        "/fdzdgknr/gfxwj/apply/",
        "/%00",
        "site.yaml",
        "http://evil.example/site.yaml",
    ] {
        let (st, body) = get(&srv.addr, target);
        assert!(
            st != 200 || !body.contains("base_url"),
            "{target} served site.yaml"
        );
        for m in ["SRVAPPLY", "SRVWITHHELD", "SRVSOURCEFILE"] {
            assert!(!body.contains(m), "{target} served {m}");
        }
        assert!(
            matches!(st, 301 | 302 | 308 | 400 | 404),
            "{target}: status {st}"
        );
    }
    for target in [
        "/",
        "/fdzdgknr/gfxwj/",
        "/data/documents.json",
        "/sitemap.xml",
        "/feed.xml",
    ] {
        let body = get(&srv.addr, target).1;
        for m in ["SRVAPPLY", "SRVWITHHELD"] {
            assert!(!body.contains(m), "{target} shows {m}");
        }
    }
    let meta = get(&srv.addr, "/search/meta.json").1;
    let shards: usize = meta
        .split("\"shards\":")
        .nth(1)
        .and_then(|r| r.split([',', '}']).next())
        .and_then(|n| n.trim().parse().ok())
        .expect("search/meta.json has shards");
    let mut targets: Vec<String> = [
        "/",
        "/fdzdgknr/gfxwj/",
        "/data/documents.json",
        "/sitemap.xml",
        "/feed.xml",
        "/fdzdgknr/gfxwj/pub/",
        "/search/text-0.json",
    ]
    .map(String::from)
    .to_vec();
    targets.extend((0..shards).map(|i| format!("/search/idx-{i}.json")));
    let everywhere = |addr: &str| {
        targets
            .iter()
            .map(|t| get(addr, t).1.to_lowercase())
            .collect::<Vec<_>>()
            .concat()
    };
    assert!(
        everywhere(&srv.addr).contains("srvwithdrawn"),
        "the checked files do index the document before it is withdrawn"
    );
    assert!(
        get(&srv.addr, "/fdzdgknr/gfxwj/fjlater.pdf")
            .1
            .contains("SRVATTACHMENT")
    );
    // Withdraw a document while serving: its page, attachment and every mention go away.
    assert!(
        get(&srv.addr, "/fdzdgknr/gfxwj/later/")
            .1
            .contains("SRVWITHDRAWN")
    );
    s.doc(
        "fdzdgknr/gfxwj/later.md",
        "title: 稍后撤回SRVWITHDRAWN\ndisclosure: 不予公开\nissuer: 区府办\ndate: 2021-05-01\nattachments: [fjlater.pdf]",
        "正文SRVWITHDRAWN。",
    );
    let t = Instant::now();
    while get(&srv.addr, "/fdzdgknr/gfxwj/later/").0 == 200 {
        assert!(
            t.elapsed() < Duration::from_secs(30),
            "withdrawn page still served after 30 s"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    std::thread::sleep(Duration::from_millis(300));
    let (st, body) = get(&srv.addr, "/fdzdgknr/gfxwj/fjlater.pdf");
    assert!(
        st == 404 && !body.contains("SRVATTACHMENT"),
        "the withdrawn document's attachment is still served ({st})"
    );
    for target in &targets {
        let body = get(&srv.addr, target).1.to_lowercase();
        for m in ["srvwithdrawn", "srvapply", "srvwithheld"] {
            assert!(!body.contains(m), "{target} still holds {m}");
        }
    }
    assert!(!s.out().exists(), "serve never writes public/");
}
