//! `rsync+ssh://` targets: the system `ssh` runs short POSIX sh snippets on the host and the
//! system `rsync` uploads (`--link-dest` hard-links unchanged files, so only changed bytes
//! travel). Paths were checked by [`super::target::Location::parse`] to need no quoting, and
//! are single-quoted anyway.

use std::cell::OnceCell;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use super::manifest::FileEntry;
use super::target::{Host, HostError, LOCK, LockTry, State, valid_id};

pub struct SshHost {
    dest: String,
    port: Option<u16>,
    path: String,
    /// One authenticated connection shared by every ssh and rsync call of this deploy.
    master: OnceCell<Option<Master>>,
}

/// An `ssh -M` control master started by us and stopped when the deploy ends.
struct Master {
    child: Child,
    dir: PathBuf,
    sock: PathBuf,
    dest: String,
    words: Vec<String>,
}

impl Drop for Master {
    fn drop(&mut self) {
        let _ = Command::new(&self.words[0])
            .args(&self.words[1..])
            .arg("-S")
            .arg(&self.sock)
            .args(["-O", "exit", "--", &self.dest])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Exit status the snippets use for "no such file".
const MISSING: i32 = 3;

fn sq(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// The ssh command: `$GONGKAI_SSH` (e.g. `ssh -i ~/.ssh/deploy_key`) or `ssh`, never prompting.
fn ssh_words(port: Option<u16>) -> Vec<String> {
    let mut w: Vec<String> = match std::env::var("GONGKAI_SSH") {
        Ok(s) if !s.trim().is_empty() => s.split_whitespace().map(str::to_string).collect(),
        _ => vec!["ssh".into()],
    };
    // Never prompt (CI has no terminal) and give up on a dead host instead of hanging.
    for o in [
        "BatchMode=yes",
        "ConnectTimeout=20",
        "ServerAliveInterval=15",
    ] {
        w.extend(["-o".into(), o.into()]);
    }
    if let Some(p) = port {
        w.extend(["-p".into(), p.to_string()]);
    }
    w
}

impl SshHost {
    pub fn new(user: Option<String>, host: String, port: Option<u16>, path: String) -> SshHost {
        let dest = match user {
            Some(u) => format!("{u}@{host}"),
            None => host,
        };
        SshHost {
            dest,
            port,
            path,
            master: OnceCell::new(),
        }
    }

    /// The ssh command for this host, through the shared connection when it is up.
    fn words(&self) -> Vec<String> {
        let mut w = ssh_words(self.port);
        if let Some(m) = self.master.get_or_init(|| self.start_master()) {
            w.extend([
                "-o".into(),
                "ControlMaster=no".into(),
                "-S".into(),
                m.sock.display().to_string(),
            ]);
        }
        w
    }

    /// Open the shared connection (saves one handshake per step). If it does not come up,
    /// every call connects on its own and reports its own error.
    fn start_master(&self) -> Option<Master> {
        if std::env::var("GONGKAI_SSH_MULTIPLEX").is_ok_and(|v| v == "0") {
            return None;
        }
        // Unix socket paths are short (108 bytes): keep it in /tmp-like dirs, short names.
        // Private and unpredictable (mode 0700): the control socket grants the connection.
        let dir = crate::output::private_dir("gk-ssh-", None).ok()?.keep();
        let sock = dir.join("s");
        let words = ssh_words(self.port);
        let child = Command::new(&words[0])
            .args(&words[1..])
            .args(["-M", "-N", "-o", "ControlPersist=no", "-S"])
            .arg(&sock)
            .arg("--")
            .arg(&self.dest)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        let mut m = match child {
            Ok(child) => Master {
                child,
                dir,
                sock,
                dest: self.dest.clone(),
                words,
            },
            Err(_) => {
                let _ = std::fs::remove_dir_all(&dir);
                return None;
            }
        };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while std::time::Instant::now() < deadline {
            if m.sock.exists() {
                return Some(m);
            }
            if matches!(m.child.try_wait(), Ok(Some(_))) {
                return None;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let _ = m.child.kill();
        None
    }

    fn help(&self) -> String {
        t!(
            "确认 `{} {} true` 不需输入密码即可运行（密钥在 ssh-agent 或 ~/.ssh 中，主机在 known_hosts 中），或设置 GONGKAI_SSH，例如 GONGKAI_SSH=\"ssh -i deploy_key\"",
            "check that `{} {} true` works without a prompt (key in ssh-agent or ~/.ssh, host in known_hosts), or set GONGKAI_SSH, e.g. GONGKAI_SSH=\"ssh -i deploy_key\"",
            ssh_words(self.port).join(" "),
            self.dest
        )
    }

    /// Run `script` on the host with `sh -c`, feeding `input` on stdin. Returns (exit code, stdout).
    fn sh(&self, action: &str, script: &str, input: &[u8]) -> Result<(i32, Vec<u8>), HostError> {
        let words = self.words();
        let mut cmd = Command::new(&words[0]);
        cmd.args(&words[1..])
            .arg("--")
            .arg(&self.dest)
            .arg(format!("sh -c {}", sq(script)));
        let out = run(&mut cmd, input).map_err(|e| HostError::new(action, e))?;
        let code = out.status.code().unwrap_or(-1);
        if code == 255 {
            return Err(HostError::new(
                action,
                t!(
                    "ssh 连接 {} 失败：{}",
                    "ssh to {} failed: {}",
                    self.dest,
                    tail(&out.stderr)
                ),
            )
            .help(self.help()));
        }
        if code != 0 && code != MISSING {
            return Err(HostError::new(
                action,
                t!(
                    "在 {} 上退出状态为 {code}：{}",
                    "exit status {code} on {}: {}",
                    self.dest,
                    tail(&out.stderr)
                ),
            ));
        }
        Ok((code, out.stdout))
    }

    fn checked(&self, action: &str, script: &str, input: &[u8]) -> Result<Vec<u8>, HostError> {
        match self.sh(action, script, input)? {
            (0, out) => Ok(out),
            (_, _) => Err(HostError::new(
                action,
                t!(
                    "{} 上缺少一个文件或文件夹",
                    "a file or folder is missing on {}",
                    self.dest
                ),
            )),
        }
    }

    fn d(&self) -> String {
        sq(&self.path)
    }
}

fn run(cmd: &mut Command, input: &[u8]) -> Result<std::process::Output, String> {
    let name = cmd.get_program().to_string_lossy().to_string();
    let mut child = cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            t!(
                "没有安装 `{name}`（Debian/Ubuntu：apt-get install openssh-client rsync）",
                "`{name}` is not installed (on Debian/Ubuntu: apt-get install openssh-client rsync)"
            )
        } else {
            t!("无法运行 `{name}`：{e}", "cannot run `{name}`: {e}")
        }
    })?;
    if let Some(mut stdin) = child.stdin.take() {
        // A remote side that exits early closes the pipe; its exit status tells the story.
        let _ = stdin.write_all(input);
    }
    child
        .wait_with_output()
        .map_err(|e| t!("`{name}` 运行失败：{e}", "`{name}` failed: {e}"))
}

fn tail(stderr: &[u8]) -> String {
    let s = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> = s.lines().filter(|l| !l.trim().is_empty()).collect();
    let t = lines[lines.len().saturating_sub(6)..].join("\n    ");
    if t.is_empty() {
        t!("（没有输出信息）", "(no message)")
    } else {
        t
    }
}

impl Host for SshHost {
    fn describe(&self) -> String {
        format!("{}:{}", self.dest, self.path)
    }

    fn state(&self) -> Result<State, HostError> {
        let script = format!(
            r#"D={d}
[ -d "$D" ] || {{ echo NODIR; exit 0; }}
cd "$D" || exit 1
if [ -L current ]; then echo "CURRENT $(readlink current)"; elif [ -e current ]; then echo CURRENT_NOT_SYMLINK; fi
for r in releases/*; do [ -d "$r" ] && [ ! -L "$r" ] && echo "RELEASE ${{r#releases/}}"; done
for m in manifests/*.json; do [ -f "$m" ] && {{ m=${{m#manifests/}}; echo "MANIFEST ${{m%.json}}"; }}; done
if [ -f retracted.json ]; then echo @@RETRACTED@@; cat retracted.json; fi
exit 0"#,
            d = self.d()
        );
        let out = self.checked(
            &t!("读取部署文件夹", "read the deploy folder"),
            &script,
            b"",
        )?;
        let text = String::from_utf8_lossy(&out).to_string();
        let (head, retracted) = match text.split_once("@@RETRACTED@@\n") {
            Some((h, r)) => (h.to_string(), Some(r.as_bytes().to_vec())),
            None => (text.clone(), None),
        };
        let mut s = State {
            exists: true,
            retracted,
            ..State::default()
        };
        for line in head.lines() {
            match line.split_once(' ') {
                _ if line == "NODIR" => s.exists = false,
                _ if line == "CURRENT_NOT_SYMLINK" => s.current_not_symlink = true,
                Some(("CURRENT", t)) => {
                    s.current = t
                        .trim_end_matches('/')
                        .rsplit('/')
                        .next()
                        .filter(|c| valid_id(c))
                        .map(str::to_string)
                }
                Some(("RELEASE", r)) if valid_id(r) => s.releases.push(r.to_string()),
                Some(("MANIFEST", m)) => {
                    s.manifests.insert(m.to_string());
                }
                _ => {}
            }
        }
        s.releases.sort();
        Ok(s)
    }

    fn read(&self, rel: &str) -> Result<Option<Vec<u8>>, HostError> {
        let script = format!(
            "f={d}/{rel}; [ -f \"$f\" ] || exit {MISSING}; cat \"$f\"",
            d = self.d(),
            rel = sq(rel)
        );
        match self.sh(&t!("读取 {rel}", "read {rel}"), &script, b"")? {
            (0, out) => Ok(Some(out)),
            _ => Ok(None),
        }
    }

    fn upload(
        &self,
        build: &Path,
        _files: &[FileEntry],
        id: &str,
        base: Option<&str>,
    ) -> Result<(), HostError> {
        let action = t!("上传版本 {id}", "upload release {id}");
        let prepare = format!(
            "D={d}; mkdir -p \"$D/releases\" \"$D/manifests\" || exit 1; [ ! -e \"$D/releases/\"{id} ] || {{ echo \"release {id} already exists\" >&2; exit 1; }}",
            d = self.d(),
            id = sq(id)
        );
        self.checked(&action, &prepare, b"")?;
        let mut cmd = Command::new("rsync");
        // -c compares contents (a fresh build has fresh mtimes); times are not kept, so an
        // unchanged file keeps the inode and date of the release that first shipped it.
        cmd.args(["-rlc", "--perms", "--chmod=D755,F644", "--delete"]);
        if let Some(b) = base {
            cmd.arg(format!("--link-dest=../{b}"));
        }
        cmd.arg("-e").arg(self.words().join(" "));
        // `--`: nothing after it is an option, whatever the names look like.
        cmd.arg("--");
        cmd.arg(format!("{}/", build.display()));
        cmd.arg(format!("{}:{}/releases/{id}/", self.dest, self.path));
        let out = run(&mut cmd, b"").map_err(|e| HostError::new(&action, e))?;
        if !out.status.success() {
            let code = out.status.code().unwrap_or(-1);
            let _ = self.remove_releases(&[id.to_string()]);
            let mut e = HostError::new(
                &action,
                format!("rsync exit status {code}: {}", tail(&out.stderr)),
            );
            if code == 255 || code == 12 {
                e = e.help(self.help());
            }
            return Err(e);
        }
        Ok(())
    }

    fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), HostError> {
        let script = format!(
            "cd {d} || exit 1; f={rel}; t=\"$(dirname \"$f\")/.$(basename \"$f\").tmp.$$\"; mkdir -p \"$(dirname \"$f\")\" && cat > \"$t\" && chmod 644 \"$t\" && mv -f \"$t\" \"$f\" || {{ rm -f \"$t\"; exit 1; }}",
            d = self.d(),
            rel = sq(rel)
        );
        self.checked(&t!("写入 {rel}", "write {rel}"), &script, bytes)
            .map(|_| ())
    }

    fn switch(&self, id: &str) -> Result<(), HostError> {
        // `mv -T` renames the new link over the old one (rename(2)): readers see the old
        // release or the new one, never neither.
        let script = format!(
            "cd {d} || exit 1; [ -d releases/{id} ] || {{ echo 'release {id} is missing' >&2; exit 1; }}; \
             if [ -e current ] && [ ! -L current ]; then echo 'current is a real folder, not a symlink: move it aside once' >&2; exit 1; fi; \
             rm -f .current.tmp && ln -s releases/{id} .current.tmp && mv -T .current.tmp current || {{ rm -f .current.tmp; exit 1; }}",
            d = self.d(),
        );
        self.checked(&t!("切换 current", "switch current"), &script, b"")
            .map(|_| ())
    }

    fn remove_releases(&self, ids: &[String]) -> Result<(), HostError> {
        if ids.is_empty() {
            return Ok(());
        }
        let list: Vec<String> = ids.iter().map(|i| format!("releases/{}", sq(i))).collect();
        let script = format!("cd {d} || exit 1; rm -rf {}", list.join(" "), d = self.d());
        self.checked(&t!("删除旧版本", "remove old releases"), &script, b"")
            .map(|_| ())
    }

    fn append_history(&self, line: &str) -> Result<(), HostError> {
        let script = format!("cat >> {d}/history.log", d = self.d());
        self.checked(
            &t!("追加写入 history.log", "append to history.log"),
            &script,
            format!("{line}\n").as_bytes(),
        )
        .map(|_| ())
    }

    fn try_lock(&self, owner: &str) -> Result<LockTry, HostError> {
        // mkdir is atomic: of two deploys, exactly one creates the folder. The owner line is
        // read from stdin, so it needs no quoting.
        let script = format!(
            "N=0; [ -d {d} ] || N=1; mkdir -p {d} || exit 1; cd {d} || exit 1; \
             if mkdir {LOCK} 2>/dev/null; then cat > {LOCK}/owner; echo TAKEN $N; \
             else cat > /dev/null; echo HELD; cat {LOCK}/owner 2>/dev/null; fi",
            d = self.d(),
        );
        let out = self.checked(
            &t!("获取部署锁", "take the deploy lock"),
            &script,
            format!("{owner}\n").as_bytes(),
        )?;
        let out = String::from_utf8_lossy(&out);
        let mut lines = out.lines();
        match lines.next() {
            Some("TAKEN 0") => Ok(LockTry::Taken { created_dir: false }),
            Some("TAKEN 1") => Ok(LockTry::Taken { created_dir: true }),
            Some("HELD") => Ok(LockTry::Held(
                lines.collect::<Vec<_>>().join(" ").trim().to_string(),
            )),
            _ => Err(HostError::new(
                t!("获取部署锁", "take the deploy lock"),
                t!(
                    "{} 的回答不符合预期：{out}",
                    "unexpected answer from {}: {out}",
                    self.dest
                ),
            )),
        }
    }

    fn unlock(&self, owner: &str, remove_dir: bool) -> Result<(), HostError> {
        // Only if the owner line is still the one we mean (compared on the host). `rmdir D`
        // only removes an empty folder: a refused first deploy leaves nothing behind.
        let script = format!(
            "cd {d} || exit 1; [ -d {LOCK} ] || exit 0; \
             if [ \"$(cat {LOCK}/owner 2>/dev/null)\" = \"$(cat)\" ]; then rm -f {LOCK}/owner && rmdir {LOCK} || exit 1; {rm}; fi",
            d = self.d(),
            rm = if remove_dir {
                format!("cd / && rmdir {} 2>/dev/null; true", self.d())
            } else {
                "true".into()
            },
        );
        self.checked(
            &t!("删除部署锁", "remove the deploy lock"),
            &script,
            owner.as_bytes(),
        )
        .map(|_| ())
    }
}
