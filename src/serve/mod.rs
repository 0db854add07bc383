//! `gongkai serve`: build into a private folder (never `public/`), serve it over HTTP on the
//! loopback interface, watch the site, rebuild incrementally and reload open browser tabs.
//!
//! Threads: HTTP workers answer requests from the served folder; one loop owns the
//! [`Engine`] and rebuilds on each debounced batch of file changes; each live-reload client
//! has a thread holding its event stream. They share only [`Live`].

pub mod http;
pub mod incremental;
pub mod index;
pub mod listen;
pub mod outputs;
pub mod watch;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

pub use incremental::{Engine, Outcome};

use crate::dates::Date;
use crate::diag::Diagnostic;

/// `gongkai serve` arguments.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: String,
    pub port: u16,
    pub today: Date,
    pub drafts: bool,
}

/// State shared between the rebuild loop and the HTTP threads.
pub struct Live {
    /// The served folder.
    pub dir: PathBuf,
    state: Mutex<(u64, Arc<Vec<Diagnostic>>)>,
    clients: Mutex<Vec<mpsc::Sender<u64>>>,
    /// `Host` header values answered (lower case); `None` answers any (`--bind 0.0.0.0`).
    hosts: Option<Vec<String>>,
}

impl Live {
    pub fn new(dir: PathBuf) -> Live {
        Live {
            dir,
            state: Mutex::new((0, Arc::new(Vec::new()))),
            clients: Mutex::new(Vec::new()),
            hosts: None,
        }
    }

    /// Answer only requests addressed to the loopback names or `bind`, on `port`, so that a
    /// web page in the editor's browser cannot read the preview through DNS rebinding.
    pub fn only_hosts(mut self, bind: &str, port: u16) -> Live {
        if matches!(bind, "0.0.0.0" | "::" | "[::]") {
            return self;
        }
        let mut names = vec![
            "localhost".to_string(),
            "127.0.0.1".to_string(),
            "[::1]".to_string(),
        ];
        let b = bind.to_ascii_lowercase();
        names.push(if b.contains(':') && !b.starts_with('[') {
            format!("[{b}]")
        } else {
            b
        });
        let mut hosts: Vec<String> = names.iter().map(|n| format!("{n}:{port}")).collect();
        if port == 80 {
            hosts.extend(names);
        }
        self.hosts = Some(hosts);
        self
    }

    /// Is a request with this `Host` header (absent on HTTP/1.0) one for us?
    pub fn host_ok(&self, host: Option<&str>) -> bool {
        match (&self.hosts, host) {
            (None, _) | (_, None) => true,
            (Some(list), Some(h)) => list.iter().any(|a| a.eq_ignore_ascii_case(h.trim())),
        }
    }

    /// Build generation and the errors of the last rebuild (empty when it succeeded).
    pub fn snapshot(&self) -> (u64, Arc<Vec<Diagnostic>>) {
        let s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        (s.0, s.1.clone())
    }

    /// A rebuild finished: record its errors and tell every open tab to reload.
    pub fn finished(&self, errors: Vec<Diagnostic>) {
        let generation = {
            let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
            s.0 += 1;
            s.1 = Arc::new(errors);
            s.0
        };
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients.retain(|c| c.send(generation).is_ok());
    }

    fn subscribe(&self, tx: mpsc::Sender<u64>) {
        self.clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(tx);
    }
}

/// A private folder for the served site: on tmpfs when there is one (writing thousands of
/// pages to a slow disk would dominate rebuild times). The name is unpredictable and the
/// folder is created afresh with mode 0700 (`tempfile`), so another local user can neither
/// read the preview (drafts) nor plant files in it (issue 16 item 6). Leftovers of our own
/// dead servers are removed.
fn work_dir() -> std::io::Result<PathBuf> {
    let shm = Path::new("/dev/shm");
    let base = if shm.is_dir() && tempfile_ok(shm) {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    let dir = crate::output::private_dir(
        &format!("gongkai-serve-{}-", std::process::id()),
        Some(&base),
    )?
    .keep();
    remove_stale(&base, &dir);
    Ok(dir)
}

/// Remove `gongkai-serve-<pid>-…` folders of servers that are gone, if they belong to the
/// owner of `mine` (our own new folder).
fn remove_stale(base: &Path, mine: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let Ok(me) = mine.metadata().map(|m| m.uid()) else {
            return;
        };
        let Ok(rd) = std::fs::read_dir(base) else {
            return;
        };
        for e in rd.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            let Some(rest) = name.strip_prefix("gongkai-serve-") else {
                continue;
            };
            let pid = rest.split('-').next().unwrap_or("");
            // Not following links: only real folders of our own user.
            let ours = e
                .path()
                .symlink_metadata()
                .is_ok_and(|m| m.is_dir() && m.uid() == me);
            if ours
                && !pid.is_empty()
                && pid.chars().all(|c| c.is_ascii_digit())
                && Path::new("/proc/self").exists()
                && !Path::new(&format!("/proc/{pid}")).exists()
            {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
}

fn tempfile_ok(dir: &Path) -> bool {
    tempfile::tempfile_in(dir).is_ok()
}

fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

fn describe(o: &Outcome, changed: usize) -> String {
    let what = if o.full {
        t!("全量重建", "full rebuild")
    } else {
        t!("{changed} 处改动", "{changed} changed path(s)")
    };
    let removed = if o.removed > 0 {
        t!("，删除 {n} 个", ", {n} removed", n = o.removed)
    } else {
        String::new()
    };
    let (ms, n) = (format!("{:.0}", o.millis), o.written);
    t!(
        "已重建，用时 {ms} ms（{what}：写入 {n} 个文件{removed}）",
        "Rebuilt in {ms} ms ({what}: {n} files written{removed})"
    )
}

/// On SIGINT/SIGTERM/SIGHUP remove `dir` and exit: the preview folder (a whole site,
/// possibly hundreds of MB on tmpfs) must not outlive Ctrl+C. (`ctrlc` runs the handler on
/// its own thread, not in signal context; it replaced hand-written `pthread_sigmask`/`sigwait`.)
fn remove_on_stop(dir: PathBuf) {
    let _ = ctrlc::set_handler(move || {
        let _ = std::fs::remove_dir_all(&dir);
        std::process::exit(130);
    });
}

/// Stage timings, with GONGKAI_SERVE_TIMINGS=1 in the environment.
fn print_stages(o: &Outcome) {
    if std::env::var_os("GONGKAI_SERVE_TIMINGS").is_some() {
        for (stage, ms) in &o.stages {
            say(&format!("  {stage:<24} {ms:>8.1} ms"));
        }
    }
}

/// Run the server until the process is stopped. `report` prints diagnostics to the terminal.
/// Returns an error message when the server cannot start (address in use, unreadable root).
pub fn run(opts: &ServeOptions, report: &dyn Fn(&[Diagnostic])) -> Result<(), String> {
    let root = opts.root.canonicalize().map_err(|e| {
        t!(
            "无法打开站点文件夹 {r}：{e}",
            "cannot open site folder {r}: {e}",
            r = opts.root.display()
        )
    })?;
    let bind = opts.bind.trim_start_matches('[').trim_end_matches(']');
    let listener = std::net::TcpListener::bind((bind, opts.port)).map_err(|e| {
        t!(
            "无法在 {b}:{p} 上监听：{e}",
            "cannot listen on {b}:{p}: {e}",
            b = opts.bind,
            p = opts.port
        )
    })?;
    let work = work_dir().map_err(|e| {
        t!(
            "无法为预览创建文件夹：{e}",
            "cannot create a folder for the preview: {e}"
        )
    })?;
    remove_on_stop(work.clone());
    let local = listener.local_addr().ok();
    let port = local.map(|a| a.port()).unwrap_or(opts.port);
    let live = Arc::new(Live::new(work.join("site")).only_hosts(&opts.bind, port));
    let addr = match local {
        Some(a) if a.is_ipv6() => format!("[{}]:{}", a.ip(), a.port()),
        Some(a) => a.to_string(),
        None => format!("{}:{}", opts.bind, opts.port),
    };
    let mut engine = Engine::new(&root, &live.dir, opts.today, opts.drafts);
    match engine.rebuild(&[]) {
        Ok(o) => {
            report(&o.warnings);
            let (n, ms, today) = (o.written, format!("{:.0}", o.millis), opts.today);
            let d = if opts.drafts {
                crate::i18n::pick("，含草稿", ", drafts included")
            } else {
                ""
            };
            say(&t!(
                "已生成 {n} 个文件，用时 {ms} ms（今天 = {today}{d}）",
                "Built {n} files in {ms} ms (today = {today}{d})"
            ));
            print_stages(&o);
            live.finished(Vec::new());
        }
        Err(d) => {
            report(&d);
            say(crate::i18n::pick(
                "构建失败：请改正上面的错误——改正之前，预览页面也会显示这些错误。",
                "Build failed; fix the errors above — the preview shows them until then.",
            ));
            live.finished(d);
        }
    }
    let (tx, rx) = mpsc::channel::<Vec<PathBuf>>();
    let mut watcher = watch::Watcher::start(&root, tx)?;
    {
        let live = live.clone();
        let handle: Arc<dyn Fn(listen::Request) + Send + Sync> =
            Arc::new(move |req| http::handle(req, &live));
        std::thread::spawn(move || listen::run(listener, handle));
    }
    if !matches!(opts.bind.as_str(), "127.0.0.1" | "localhost" | "::1") {
        eprintln!(
            "{}",
            t!(
                "warning: 正在 {b} 上监听：其他机器也能访问这个预览（可能含草稿）",
                "warning: listening on {b}: other machines can reach this preview (it may show drafts)",
                b = opts.bind
            )
        );
    }
    say(&t!(
        "预览地址 http://{addr}/ …（监视 {r} 的改动；按 Ctrl+C 停止）",
        "Serving at http://{addr}/ … (watching {r}; Ctrl+C to stop)",
        r = root.display()
    ));
    while let Ok(mut batch) = rx.recv() {
        while let Ok(more) = rx.try_recv() {
            batch.extend(more);
        }
        batch.sort();
        batch.dedup();
        watcher.refresh();
        match engine.rebuild(&batch) {
            Ok(o) => {
                report(&o.warnings);
                say(&describe(&o, batch.len()));
                print_stages(&o);
                live.finished(Vec::new());
            }
            Err(d) => {
                report(&d);
                let n = d.len();
                say(&t!(
                    "重建失败（{n} 个问题）；仍在提供上一次成功的构建",
                    "Rebuild failed ({n} problem(s)); still serving the last good build"
                ));
                live.finished(d);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_header_is_checked_unless_bound_to_all_interfaces() {
        let live = Live::new(PathBuf::from("x")).only_hosts("127.0.0.1", 1111);
        for ok in [
            Some("127.0.0.1:1111"),
            Some("LOCALHOST:1111"),
            Some("[::1]:1111"),
            None,
        ] {
            assert!(live.host_ok(ok), "{ok:?}");
        }
        for bad in [
            "evil.example:1111",
            "127.0.0.1:2222",
            "localhost",
            "127.0.0.1.evil.example:1111",
        ] {
            assert!(!live.host_ok(Some(bad)), "{bad}");
        }
        let live = Live::new(PathBuf::from("x")).only_hosts("192.168.1.5", 80);
        assert!(live.host_ok(Some("192.168.1.5")) && live.host_ok(Some("localhost:80")));
        let any = Live::new(PathBuf::from("x")).only_hosts("0.0.0.0", 1111);
        assert!(any.host_ok(Some("files.example:1111")));
    }
}
