//! Checking the live site over HTTP after a deploy: with the system `curl` when present (it
//! speaks https and honours the usual proxy settings), else plain http over a TcpStream.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::Duration;

/// Status and body of a GET.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub body: Vec<u8>,
}

/// GET `url` (no redirects followed: a retracted page that redirects is still reachable).
pub fn get(url: &str) -> Result<Response, String> {
    match Command::new("curl")
        .args([
            "-sS",
            "--max-time",
            "30",
            "-o",
            "-",
            "-w",
            "%{http_code}",
            // http(s) only, and the URL as the value of `--url`: never read as an option.
            "--proto",
            "=http,https",
            "--url",
            url,
        ])
        .output()
    {
        Ok(out) if out.status.success() && out.stdout.len() >= 3 => {
            let (body, code) = out.stdout.split_at(out.stdout.len() - 3);
            let status = std::str::from_utf8(code)
                .ok()
                .and_then(|c| c.parse().ok())
                .ok_or_else(|| t!("curl 没有输出状态码", "curl printed no status"))?;
            Ok(Response {
                status,
                body: body.to_vec(),
            })
        }
        Ok(out) => Err(t!(
            "curl {url}：{}",
            "curl {url}: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )),
        Err(_) if url.starts_with("http://") => get_plain(url),
        Err(_) => Err(t!(
            "无法检查 {url}：请安装 curl（https 需要它）",
            "cannot check {url}: install curl (needed for https)"
        )),
    }
}

fn get_plain(url: &str) -> Result<Response, String> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| t!("不是 http:// 网址", "not an http:// URL"))?;
    let (hostport, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let addr = if hostport.contains(':') {
        hostport.to_string()
    } else {
        format!("{hostport}:80")
    };
    let err = |e: std::io::Error| format!("GET {url}: {e}");
    let mut s = TcpStream::connect(&addr).map_err(err)?;
    s.set_read_timeout(Some(Duration::from_secs(30)))
        .map_err(err)?;
    write!(s, "GET {path} HTTP/1.0\r\nHost: {hostport}\r\nUser-Agent: gongkai-deploy\r\nConnection: close\r\n\r\n").map_err(err)?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).map_err(err)?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| t!("GET {url}：回应格式错误", "GET {url}: malformed response"))?;
    let head = String::from_utf8_lossy(&raw[..split]);
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| {
            t!(
                "GET {url}：状态行格式错误",
                "GET {url}: malformed status line"
            )
        })?;
    Ok(Response {
        status,
        body: raw[split + 4..].to_vec(),
    })
}

/// `verify_url` joined with a site-relative URL (`/a/b/`).
pub fn join(verify_url: &str, rel: &str) -> String {
    format!(
        "{}/{}",
        verify_url.trim_end_matches('/'),
        rel.trim_start_matches('/')
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_without_double_slashes() {
        assert_eq!(
            join("https://x.gov.cn/xxgk/", "/a/b/"),
            "https://x.gov.cn/xxgk/a/b/"
        );
        assert_eq!(
            join("https://x.gov.cn/xxgk", "a/"),
            "https://x.gov.cn/xxgk/a/"
        );
    }
}
