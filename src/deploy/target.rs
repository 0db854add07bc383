//! Deploy target URLs and the operations every kind of host offers. The layout on a host `D`:
//! `releases/<id>/` (whole sites), `current` → `releases/<id>` (symlink, switched by rename),
//! `manifests/<id>.json`, `retracted.json`, `history.log` (one JSON line per switch).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::manifest::FileEntry;

/// A parsed `deploy.targets[].url`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// `file:///srv/www/xxgk`
    Local(PathBuf),
    /// `rsync+ssh://user@host:22/srv/www/xxgk`
    Ssh {
        user: Option<String>,
        host: String,
        port: Option<u16>,
        path: String,
    },
}

/// Characters allowed in a remote path, user and host: they are passed through a remote shell,
/// so anything that would need quoting is refused instead.
fn plain(s: &str, extra: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c) || extra.contains(c))
}

impl Location {
    pub fn parse(url: &str) -> Result<Location, String> {
        if let Some(rest) = url.strip_prefix("file://") {
            if !rest.starts_with('/') {
                return Err(t!(
                    "`{url}`：file:// 网址要写绝对路径，例如 file:///srv/www/xxgk",
                    "`{url}`: a file:// URL needs an absolute path, e.g. file:///srv/www/xxgk"
                ));
            }
            let p = rest.trim_end_matches('/');
            return Ok(Location::Local(PathBuf::from(if p.is_empty() {
                "/"
            } else {
                p
            })));
        }
        let rest = url.strip_prefix("rsync+ssh://").ok_or_else(|| {
            t!(
                "`{url}` 必须以 rsync+ssh:// 或 file:// 开头",
                "`{url}` must start with rsync+ssh:// or file://"
            )
        })?;
        let slash = rest.find('/').ok_or_else(|| {
            t!(
                "`{url}` 的主机名后面缺少路径，例如 rsync+ssh://deploy@host/srv/www/xxgk",
                "`{url}` has no path after the host, e.g. rsync+ssh://deploy@host/srv/www/xxgk"
            )
        })?;
        let (authority, path) = rest.split_at(slash);
        let path = path.trim_end_matches('/');
        if path.is_empty() || !plain(path, "/+~") || path.split('/').any(|seg| seg == "..") {
            return Err(t!(
                "`{url}`：远程路径 `{path}` 必须是简单的绝对路径（字母、数字和 `._-+~/`），且不能是根目录",
                "`{url}`: the remote path `{path}` must be a plain absolute path (letters, digits, `._-+~/`), not the root"
            ));
        }
        let (user, hostport) = match authority.rsplit_once('@') {
            Some((u, h)) => (Some(u.to_string()), h),
            None => (None, authority),
        };
        let (host, port) = match hostport.rsplit_once(':') {
            Some((h, p)) => (
                h,
                Some(p.parse::<u16>().map_err(|_| {
                    t!(
                        "`{url}`：端口 `{p}` 不是数字",
                        "`{url}`: port `{p}` is not a number"
                    )
                })?),
            ),
            None => (hostport, None),
        };
        // A leading `-` would reach ssh/rsync as an option (`-oProxyCommand=…`).
        let word = |s: &str| plain(s, "") && !s.starts_with(['-', '.']);
        if !word(host) || user.as_deref().is_some_and(|u| !word(u)) {
            return Err(t!(
                "`{url}`：用户名和主机名只能含字母、数字和 `._-`，且不能以 `-` 或 `.` 开头",
                "`{url}`: user and host may only contain letters, digits and `._-`, and may not start with `-` or `.`"
            ));
        }
        Ok(Location::Ssh {
            user,
            host: host.to_string(),
            port,
            path: path.to_string(),
        })
    }
}

/// Release ids are made by gongkai (`20211231T120000Z-<hash>`); other names in `releases/`
/// are ignored, never removed or switched to.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with(['.', '-'])
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// What is on the host now.
#[derive(Debug, Clone, Default)]
pub struct State {
    /// `D` exists.
    pub exists: bool,
    /// Release `current` points at.
    pub current: Option<String>,
    /// `D/current` exists but is not a symlink (a site uploaded by hand or by plain rsync).
    pub current_not_symlink: bool,
    /// Every folder in `D/releases`, sorted (= by time).
    pub releases: Vec<String>,
    /// Every `D/manifests/<id>.json`.
    pub manifests: BTreeSet<String>,
    /// Contents of `D/retracted.json`.
    pub retracted: Option<Vec<u8>>,
}

impl State {
    /// Releases whose upload finished (they have a manifest), oldest first.
    pub fn complete(&self) -> Vec<String> {
        self.releases
            .iter()
            .filter(|r| self.manifests.contains(*r))
            .cloned()
            .collect()
    }
}

/// A failed operation on the host, in words the user can act on.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{action}: {detail}")]
pub struct HostError {
    pub action: String,
    pub detail: String,
    pub help: Option<String>,
}

impl HostError {
    pub fn new(action: impl Into<String>, detail: impl Into<String>) -> HostError {
        HostError {
            action: action.into(),
            detail: detail.into(),
            help: None,
        }
    }

    pub fn help(mut self, h: impl Into<String>) -> HostError {
        self.help = Some(h.into());
        self
    }
}

/// The operations deploy needs; each is all-or-nothing where the layout requires it.
pub trait Host {
    /// For messages, e.g. `deploy@host:/srv/www/xxgk`.
    fn describe(&self) -> String;
    fn state(&self) -> Result<State, HostError>;
    /// Read a file relative to `D`; `None` if it does not exist.
    fn read(&self, rel: &str) -> Result<Option<Vec<u8>>, HostError>;
    /// Upload the build into `D/releases/<id>/`, hard-linking files unchanged since release
    /// `base`. Creates `D/releases` if needed. On error the partial release is removed.
    fn upload(
        &self,
        build: &Path,
        files: &[FileEntry],
        id: &str,
        base: Option<&str>,
    ) -> Result<(), HostError>;
    /// Write a file relative to `D` atomically (temporary file, then rename).
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), HostError>;
    /// Point `D/current` at `releases/<id>` with one rename.
    fn switch(&self, id: &str) -> Result<(), HostError>;
    /// Delete these release folders (never `current`'s; the caller checks).
    fn remove_releases(&self, ids: &[String]) -> Result<(), HostError>;
    /// Append one line to `D/history.log`.
    fn append_history(&self, line: &str) -> Result<(), HostError>;
    /// Try to take the deploy lock: create `D` if needed, then `mkdir D/.gongkai-lock` (atomic
    /// on local and remote file systems) and write `owner` into `D/.gongkai-lock/owner`.
    fn try_lock(&self, owner: &str) -> Result<LockTry, HostError>;
    /// Remove the lock if its owner line is still `owner` (ours, or a stale one we checked);
    /// then `D` too if `remove_dir` (we created it) and it is empty.
    fn unlock(&self, owner: &str, remove_dir: bool) -> Result<(), HostError>;
}

/// The answer of [`Host::try_lock`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LockTry {
    /// Ours now; `created_dir`: `D` did not exist before.
    Taken { created_dir: bool },
    /// Someone else holds it: their owner line (empty if not written yet).
    Held(String),
}

/// The lock folder in `D` (see [`Host::try_lock`]).
pub const LOCK: &str = ".gongkai-lock";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_ssh_and_file_urls() {
        assert_eq!(
            Location::parse("rsync+ssh://deploy@www.example.gov.cn:2222/srv/www/xxgk/").unwrap(),
            Location::Ssh {
                user: Some("deploy".into()),
                host: "www.example.gov.cn".into(),
                port: Some(2222),
                path: "/srv/www/xxgk".into()
            }
        );
        assert_eq!(
            Location::parse("rsync+ssh://host/srv/x").unwrap(),
            Location::Ssh {
                user: None,
                host: "host".into(),
                port: None,
                path: "/srv/x".into()
            }
        );
        assert_eq!(
            Location::parse("file:///srv/www/xxgk/").unwrap(),
            Location::Local("/srv/www/xxgk".into())
        );
    }

    #[test]
    fn refuses_what_a_shell_would_misread() {
        for bad in [
            "rsync+ssh://host/srv/my site",
            "rsync+ssh://host/srv/$(rm -rf ~)",
            "rsync+ssh://host/",
            "rsync+ssh://host",
            "rsync+ssh://h;x/srv",
            "rsync+ssh://host:port/srv",
            "rsync+ssh://host/srv/../etc",
            "file://relative/path",
            "ftp://host/x",
            // Issue 16 item 12: option injection through user or host.
            "rsync+ssh://-oProxyCommand@host/srv/www",
            "rsync+ssh://deploy@-oProxyCommand=x/srv/www",
            "rsync+ssh://-p2222/srv/www",
            "rsync+ssh://.host/srv/www",
        ] {
            assert!(Location::parse(bad).is_err(), "{bad}");
        }
    }
}
