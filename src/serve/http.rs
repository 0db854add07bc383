//! The preview HTTP server: static files from the served folder only (no listings, no path
//! traversal), the site's 404 page, and — in serve mode only — a live-reload script and the
//! error banner injected into HTML responses.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use crate::serve::Live;
use crate::serve::listen::Request;

/// Live-reload event streams open at once; more are answered `503` (each holds a thread).
pub const MAX_EVENT_STREAMS: usize = 32;
static EVENT_STREAMS: AtomicUsize = AtomicUsize::new(0);

/// Where a request path leads.
#[derive(Debug, PartialEq)]
pub enum Resolved {
    File(PathBuf),
    /// A folder asked for without its trailing slash: redirect to this.
    Redirect(String),
    NotFound,
    /// Malformed or dangerous (`..`, encoded slashes, bad escapes).
    BadRequest,
}

/// Map a request target (`/a/b/?x`) to a file inside `root`, refusing anything that could
/// leave it.
pub fn resolve(root: &Path, target: &str) -> Resolved {
    let (path, query) = match target.find(['?', '#']) {
        Some(i) => (&target[..i], &target[i..]),
        None => (target, ""),
    };
    // `//static` would redirect to `//static/`, which a browser reads as another host.
    if !path.starts_with('/') || path.starts_with("//") {
        return Resolved::BadRequest;
    }
    let mut file = root.to_path_buf();
    let mut clean = String::from("/");
    for raw in path.split('/').filter(|s| !s.is_empty()) {
        let Some(seg) = percent_decode(raw) else {
            return Resolved::BadRequest;
        };
        if seg == "." || seg == ".." || seg.contains(['/', '\\', '\0', ':']) {
            return Resolved::BadRequest;
        }
        clean.push_str(raw);
        clean.push('/');
        file.push(seg);
    }
    let Ok(canon_root) = root.canonicalize() else {
        return Resolved::NotFound;
    };
    let Ok(canon) = file.canonicalize() else {
        return Resolved::NotFound;
    };
    if !canon.starts_with(&canon_root) {
        return Resolved::NotFound;
    }
    if canon.is_dir() {
        if !path.ends_with('/') {
            // Rebuilt from the checked segments: always one leading `/`, same host.
            return Resolved::Redirect(format!("{clean}{query}"));
        }
        let index = canon.join("index.html");
        return if index.is_file() {
            Resolved::File(index)
        } else {
            Resolved::NotFound
        };
    }
    if canon.is_file() {
        Resolved::File(canon)
    } else {
        Resolved::NotFound
    }
}

/// `%E6%94%BF` → `政`; `None` for a bad escape or invalid UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    crate::model::paths::url_decode(s)
}

/// Content type by file extension; text types say UTF-8.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "zip" => "application/zip",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ofd" => "application/ofd",
        _ => "application/octet-stream",
    }
}

fn respond(req: Request, status: u16, ctype: &str, body: Vec<u8>, extra: &[(&str, &str)]) {
    let mut headers = vec![
        ("Content-Type", ctype),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
    ];
    headers.extend_from_slice(extra);
    req.respond(status, &headers, &body);
}

/// The live-reload client: reconnects by itself; reloads when the build generation changes.
const RELOAD_JS: &str = r#"(function () {
  var me = document.currentScript, seen = me && me.getAttribute("data-generation");
  if (!window.EventSource) return;
  var es = new EventSource("/__gongkai/events");
  es.onmessage = function (e) { if (seen !== null && e.data !== seen) { es.close(); location.reload(); } };
})();
"#;

const OVERLAY_CSS: &str = "#gongkai-serve-errors{position:fixed;top:0;left:0;right:0;z-index:2147483647;max-height:70vh;overflow:auto;\
margin:0;padding:12px 16px;background:#fff4f4;color:#5c0000;border-bottom:4px solid #c00;box-shadow:0 2px 8px rgba(0,0,0,.3);\
font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;text-align:left}\
#gongkai-serve-errors h2{margin:0 0 8px;font-size:16px;color:#c00}\
#gongkai-serve-errors pre{margin:0 0 10px;white-space:pre-wrap;word-break:break-word;font:inherit}";

/// HTML-escape text for the banner (the XML escaping of feeds is valid HTML too).
pub use crate::feeds::xml_escape as escape;

/// Add the reload script (and the error banner, if the last rebuild failed) to a page.
pub fn inject(html: &str, generation: u64, errors: &[crate::diag::Diagnostic]) -> String {
    let mut top = String::new();
    if !errors.is_empty() {
        let n = errors
            .iter()
            .filter(|d| d.severity == crate::diag::Severity::Error)
            .count();
        top.push_str("<link rel=\"stylesheet\" href=\"/__gongkai/overlay.css\">");
        top.push_str("<div id=\"gongkai-serve-errors\" role=\"alert\"><h2>");
        top.push_str(&escape(&crate::t!(
            "gongkai serve：构建失败（{n} 个错误），仍显示上次成功构建的页面。修改文件后自动恢复。",
            "gongkai serve: the build failed ({n} errors); showing the last successful build. Fix the files and the page recovers by itself."
        )));
        top.push_str("</h2>");
        for d in errors {
            top.push_str("<pre>");
            top.push_str(&escape(&d.to_string()));
            top.push_str("</pre>");
        }
        top.push_str("</div>");
    }
    let script = format!(
        "<script src=\"/__gongkai/livereload.js\" data-generation=\"{generation}\"></script>"
    );
    let mut out = String::with_capacity(html.len() + top.len() + script.len());
    // The banner goes right after <body ...>, the script before </body>.
    let body_open = html
        .find("<body")
        .and_then(|i| html[i..].find('>').map(|j| i + j + 1));
    let body_close = html.rfind("</body>");
    match (body_open, body_close) {
        (Some(o), Some(c)) if o <= c => {
            out.push_str(&html[..o]);
            out.push_str(&top);
            out.push_str(&html[o..c]);
            out.push_str(&script);
            out.push_str(&html[c..]);
        }
        _ => {
            out.push_str(&top);
            out.push_str(html);
            out.push_str(&script);
        }
    }
    out
}

/// A page for when there is no built site at all (the first build failed).
fn fallback_page(title: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{0}</title></head><body><h1>{0}</h1></body></html>",
        escape(title)
    )
}

/// Answer one request.
pub fn handle(req: Request, live: &Live) {
    if !matches!(req.method(), "GET" | "HEAD") {
        return respond(
            req,
            405,
            "text/plain; charset=utf-8",
            crate::t!(
                "只支持 GET 和 HEAD 请求\n",
                "method not allowed: only GET and HEAD\n"
            )
            .into_bytes(),
            &[("Allow", "GET, HEAD")],
        );
    }
    let host = req.header("Host").map(str::to_string);
    // HTTP/1.1 requires Host; a request without it is not from a browser (issue 16 item 11).
    if host.is_none() {
        return respond(
            req,
            400,
            "text/plain; charset=utf-8",
            crate::t!(
                "请求缺少 Host 头；请用浏览器打开预览地址\n",
                "missing Host header; open the preview address in a browser\n"
            )
            .into_bytes(),
            &[],
        );
    }
    if !live.host_ok(host.as_deref()) {
        return respond(
            req,
            403,
            "text/plain; charset=utf-8",
            crate::t!(
                "本地预览只回应发往 localhost / 127.0.0.1 的请求；请用 http://localhost:端口/ 打开\n",
                "this preview answers only requests to localhost / 127.0.0.1; open it as http://localhost:<port>/\n"
            )
            .into_bytes(),
            &[],
        );
    }
    let url = req.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or("");
    match path {
        "/__gongkai/events" => return events(req, live),
        "/__gongkai/livereload.js" => {
            return respond(
                req,
                200,
                "text/javascript; charset=utf-8",
                RELOAD_JS.as_bytes().to_vec(),
                &[],
            );
        }
        "/__gongkai/overlay.css" => {
            return respond(
                req,
                200,
                "text/css; charset=utf-8",
                OVERLAY_CSS.as_bytes().to_vec(),
                &[],
            );
        }
        _ => {}
    }
    let (generation, errors) = live.snapshot();
    let page = |file: &Path| -> Option<Vec<u8>> {
        let bytes = std::fs::read(file).ok()?;
        if content_type(file).starts_with("text/html") {
            Some(inject(&String::from_utf8_lossy(&bytes), generation, &errors).into_bytes())
        } else {
            Some(bytes)
        }
    };
    let not_found = |req: Request| {
        let body = page(&live.dir.join("404.html")).unwrap_or_else(|| {
            let title = if errors.is_empty() {
                crate::i18n::pick("404 页面不存在", "404 page not found")
            } else {
                crate::i18n::pick(
                    "站点尚未成功构建",
                    "the site has not been built successfully yet",
                )
            };
            inject(&fallback_page(title), generation, &errors).into_bytes()
        });
        respond(req, 404, "text/html; charset=utf-8", body, &[]);
    };
    match resolve(&live.dir, &url) {
        Resolved::File(f) => match page(&f) {
            Some(body) => respond(req, 200, content_type(&f), body, &[]),
            None => not_found(req),
        },
        Resolved::Redirect(to) => respond(
            req,
            301,
            "text/plain; charset=utf-8",
            Vec::new(),
            &[("Location", &to)],
        ),
        Resolved::NotFound => not_found(req),
        Resolved::BadRequest => respond(
            req,
            400,
            "text/plain; charset=utf-8",
            crate::t!(
                "请求地址无效（含 `.`、`..`、`//`、反斜杠、冒号或无效的 % 编码）；请检查链接\n",
                "bad request: the address contains `.`, `..`, `//`, a backslash, a colon or a broken %-escape; check the link\n"
            )
            .into_bytes(),
            &[],
        ),
    }
}

/// Server-sent events: the current build generation now and after every rebuild.
fn events(req: Request, live: &Live) {
    // One thread per open stream, so the number of streams is capped.
    if EVENT_STREAMS.fetch_add(1, Ordering::SeqCst) >= MAX_EVENT_STREAMS {
        EVENT_STREAMS.fetch_sub(1, Ordering::SeqCst);
        return respond(
            req,
            503,
            "text/plain; charset=utf-8",
            crate::t!(
                "自动刷新连接过多；请关闭多余的预览标签页\n",
                "too many live-reload connections; close some preview tabs\n"
            )
            .into_bytes(),
            &[("Retry-After", "5")],
        );
    }
    struct Slot;
    impl Drop for Slot {
        fn drop(&mut self) {
            EVENT_STREAMS.fetch_sub(1, Ordering::SeqCst);
        }
    }
    let slot = Slot;
    let (tx, rx) = mpsc::channel::<u64>();
    let (generation, _) = live.snapshot();
    live.subscribe(tx);
    std::thread::spawn(move || {
        let _slot = slot;
        let mut w = req.into_stream();
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
        let mut send = |msg: String| w.write_all(msg.as_bytes()).and_then(|_| w.flush()).is_ok();
        if !send(format!("{head}retry: 500\ndata: {generation}\n\n")) {
            return;
        }
        loop {
            let msg = match rx.recv_timeout(Duration::from_secs(15)) {
                Ok(g) => format!("data: {g}\n\n"),
                Err(mpsc::RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
                Err(mpsc::RecvTimeoutError::Disconnected) => return,
            };
            if !send(msg) {
                return;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("a")).unwrap();
        std::fs::write(site.join("a/index.html"), "x").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "s").unwrap();
        assert_eq!(
            resolve(&site, "/a/"),
            Resolved::File(site.join("a/index.html").canonicalize().unwrap())
        );
        assert_eq!(
            resolve(&site, "/a?x=1"),
            Resolved::Redirect("/a/?x=1".into())
        );
        for bad in [
            "/../secret.txt",
            "/a/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/a%2f..%2f..%2fsecret.txt",
            "/..%5csecret.txt",
            "/%zz",
            "secret.txt",
            "http://x/secret.txt",
        ] {
            assert_eq!(resolve(&site, bad), Resolved::BadRequest, "{bad}");
        }
        for bad in ["//secret.txt", "//a", "//evil.example/"] {
            assert_eq!(resolve(&site, bad), Resolved::BadRequest, "{bad}");
        }
        // Issue 16 item 11: the redirect never leaves the host.
        assert_eq!(resolve(&site, "/a/./"), Resolved::BadRequest);
        assert_eq!(resolve(&site, "/%61"), Resolved::Redirect("/%61/".into()));
        assert_eq!(
            resolve(&site, "/"),
            Resolved::NotFound,
            "no listing for a folder without index.html"
        );
    }

    #[test]
    fn injection_escapes_and_places() {
        let d = crate::diag::Diagnostic::error("content/a.md", Some(3), "bad <date> & stuff");
        let out = inject("<html><body class=\"x\"><p>hi</p></body></html>", 7, &[d]);
        assert!(out.contains("<body class=\"x\"><link rel=\"stylesheet\" href=\"/__gongkai/overlay.css\"><div id=\"gongkai-serve-errors\""));
        assert!(out.contains("bad &lt;date&gt; &amp; stuff"));
        assert!(out.contains("content/a.md:3:1"));
        assert!(out.contains("data-generation=\"7\"></script></body>"));
    }
}
