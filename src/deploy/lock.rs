//! The deploy lock on a host: `D/.gongkai-lock/` (issue 16 item 5). Two deploys to one target
//! used to interleave, so that of two concurrent retractions one was lost from
//! `retracted.json`. Every deploy that changes the host (deploy, `--retract`, `--unretract`,
//! `--rollback`; not `--dry-run`) takes the lock before it reads the host's state and keeps it
//! to the end.
//!
//! The lock is a folder made with `mkdir` (atomic on local and remote file systems) holding
//! one line `pid=<pid> host=<machine> at=<UTC time>`. A held lock is polled once a second for
//! `GONGKAI_DEPLOY_LOCK_WAIT` seconds (default 120), with a message saying who holds it.
//!
//! Stale locks: a deploy killed with `kill -9`, Ctrl+C or a lost connection leaves the folder
//! behind. When it was made by this machine (same host name) by a process that is gone, it is
//! removed and the deploy goes on (with a note). Otherwise the user is told to remove it by
//! hand once sure no deploy is running (README, *What a deploy does*).

use std::time::{Duration, Instant};

use super::target::{Host, LOCK, LockTry};
use super::{DeployError, now_secs, refuse};

/// Our hold on the lock; released when dropped.
pub struct Lock<'a> {
    host: &'a dyn Host,
    owner: String,
    /// `D` was made for the lock (first deploy): removed again if still empty.
    created_dir: bool,
}

impl Drop for Lock<'_> {
    fn drop(&mut self) {
        if let Err(e) = self.host.unlock(&self.owner, self.created_dir) {
            eprintln!(
                "{}",
                t!(
                    "警告：部署锁 {}/{LOCK} 没能删除（{e}）；确认没有部署在运行后手动删除它",
                    "warning: the deploy lock {}/{LOCK} was not removed ({e}); remove it by hand once no deploy is running",
                    self.host.describe()
                )
            );
        }
    }
}

/// This machine's name (no `unsafe`: from /proc or /etc).
fn machine() -> String {
    ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .find_map(|p| std::fs::read_to_string(p).ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty() && !s.contains(char::is_whitespace))
        .unwrap_or_else(|| "unknown".into())
}

fn owner_line() -> String {
    format!(
        "pid={} host={} at={}",
        std::process::id(),
        machine(),
        super::manifest::utc_stamps(now_secs()).1
    )
}

fn field<'a>(owner: &'a str, key: &str) -> Option<&'a str> {
    owner
        .split_whitespace()
        .find_map(|w| w.strip_prefix(key)?.strip_prefix('='))
}

/// Is `owner` a lock left by a process of this machine that no longer runs?
pub fn is_stale(owner: &str, this_machine: &str) -> bool {
    let (Some(pid), Some(host)) = (field(owner, "pid"), field(owner, "host")) else {
        return false;
    };
    host == this_machine
        && host != "unknown"
        && !pid.is_empty()
        && pid.chars().all(|c| c.is_ascii_digit())
        && pid != std::process::id().to_string()
        && std::path::Path::new("/proc/self").exists()
        && !std::path::Path::new(&format!("/proc/{pid}")).exists()
}

fn wait_limit() -> Duration {
    let secs = std::env::var("GONGKAI_DEPLOY_LOCK_WAIT")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(120);
    Duration::from_secs(secs)
}

/// Take the lock on `host`, waiting for another deploy to finish.
pub fn take<'a>(host: &'a dyn Host, target: &str) -> Result<Lock<'a>, DeployError> {
    let owner = owner_line();
    let me = machine();
    let limit = wait_limit();
    let start = Instant::now();
    let mut told = false;
    let mut broken = 0;
    loop {
        let other = match host.try_lock(&owner)? {
            LockTry::Taken { created_dir } => {
                return Ok(Lock {
                    host,
                    owner,
                    created_dir,
                });
            }
            LockTry::Held(other) => other,
        };
        if broken < 3 && is_stale(&other, &me) {
            broken += 1;
            eprintln!(
                "{}",
                t!(
                    "注意：{}/{LOCK} 是本机一个已结束的部署留下的（{other}），已删除",
                    "note: {}/{LOCK} was left by a deploy on this machine that is no longer running ({other}); removed",
                    host.describe()
                )
            );
            host.unlock(&other, false)?;
            continue;
        }
        let shown = if other.is_empty() {
            t!("未写明持有者", "no owner written")
        } else {
            other.clone()
        };
        if start.elapsed() >= limit {
            return Err(refuse(
                "site.yaml",
                t!(
                    "`{target}` 上另一个部署正在进行：{}/{LOCK} 已存在（{shown}），等待了 {} 秒",
                    "another deploy to `{target}` is running: {}/{LOCK} exists ({shown}); waited {} s",
                    host.describe(),
                    limit.as_secs()
                ),
                t!(
                    "等它结束后再试（GONGKAI_DEPLOY_LOCK_WAIT=秒数 可延长等待）。如果确认没有部署在运行（被 kill -9 或断网中止的部署会留下锁），手动删除 {}/{LOCK} 这个文件夹",
                    "try again when it has finished (GONGKAI_DEPLOY_LOCK_WAIT=<seconds> waits longer). If you are sure no deploy is running (a deploy killed with kill -9 or cut off by a lost connection leaves the lock behind), remove the folder {}/{LOCK} by hand",
                    host.describe()
                ),
            ));
        }
        if !told {
            told = true;
            eprintln!(
                "{}",
                t!(
                    "等待：`{target}` 上另一个部署正在进行（{}/{LOCK}：{shown}）……",
                    "waiting: another deploy to `{target}` is running ({}/{LOCK}: {shown}) …",
                    host.describe()
                )
            );
        }
        std::thread::sleep(Duration::from_secs(1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_only_when_this_machine_and_process_gone() {
        let me = "build-01";
        assert!(is_stale("pid=4000000000 host=build-01 at=x", me));
        assert!(!is_stale("pid=4000000000 host=other at=x", me));
        assert!(!is_stale(
            &format!("pid={} host=build-01", std::process::id()),
            me
        ));
        assert!(!is_stale("pid=1 host=build-01", me), "pid 1 runs");
        assert!(!is_stale("", me));
        assert!(!is_stale("pid=4000000000 host=unknown", "unknown"));
        assert_eq!(
            field(&owner_line(), "pid"),
            Some(&*std::process::id().to_string())
        );
    }
}
