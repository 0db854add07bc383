//! `file://` targets: the same layout as over ssh, done with std::fs (hard links, symlink +
//! rename), so a web server on this machine, or a mounted share, can be the host.

use std::collections::BTreeSet;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use super::manifest::{FileEntry, hash_file};
use super::target::{Host, HostError, LOCK, LockTry, State, valid_id};

pub struct LocalHost {
    dir: PathBuf,
}

impl LocalHost {
    pub fn new(dir: PathBuf) -> LocalHost {
        LocalHost { dir }
    }

    fn err(&self, action: &str, path: &Path, e: std::io::Error) -> HostError {
        cannot(action, path, e.to_string())
    }
}

/// `cannot <action> <path>` in the message language; `action` is one of the English verbs
/// used in this file.
fn cannot(action: &str, path: &Path, detail: String) -> HostError {
    let zh = match action {
        "read" => "读取",
        "create" => "创建",
        "create symlink" => "创建符号链接",
        "write" => "写入",
        "switch" => "切换",
        "remove" => "删除",
        "open" => "打开",
        "copy" => "复制",
        "set permissions of" => "设置权限",
        other => other,
    };
    let p = path.display();
    HostError::new(t!("无法{zh} {p}", "cannot {action} {p}"), detail)
}

fn list_dir(
    p: &Path,
    keep: impl Fn(&std::fs::DirEntry) -> Option<String>,
) -> std::io::Result<Vec<String>> {
    match std::fs::read_dir(p) {
        Ok(rd) => {
            let mut v: Vec<String> = rd.flatten().filter_map(|e| keep(&e)).collect();
            v.sort();
            Ok(v)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}

impl Host for LocalHost {
    fn describe(&self) -> String {
        self.dir.display().to_string()
    }

    fn state(&self) -> Result<State, HostError> {
        let mut s = State {
            exists: self.dir.is_dir(),
            ..State::default()
        };
        if !s.exists {
            return Ok(s);
        }
        let cur = self.dir.join("current");
        match std::fs::read_link(&cur) {
            Ok(t) => {
                s.current = t
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .filter(|n| valid_id(n))
            }
            Err(_) => s.current_not_symlink = cur.exists(),
        }
        let rel = self.dir.join("releases");
        s.releases = list_dir(&rel, |e| {
            e.file_type()
                .ok()?
                .is_dir()
                .then(|| e.file_name().to_string_lossy().to_string())
        })
        .map_err(|e| self.err("read", &rel, e))?
        .into_iter()
        .filter(|r| valid_id(r))
        .collect();
        let man = self.dir.join("manifests");
        s.manifests = list_dir(&man, |e| {
            e.file_name()
                .to_string_lossy()
                .strip_suffix(".json")
                .map(str::to_string)
        })
        .map_err(|e| self.err("read", &man, e))?
        .into_iter()
        .collect();
        s.retracted = self.read("retracted.json")?;
        Ok(s)
    }

    fn read(&self, rel: &str) -> Result<Option<Vec<u8>>, HostError> {
        let p = self.dir.join(rel);
        match std::fs::read(&p) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(self.err("read", &p, e)),
        }
    }

    fn upload(
        &self,
        build: &Path,
        files: &[FileEntry],
        id: &str,
        base: Option<&str>,
    ) -> Result<(), HostError> {
        let dest = self.dir.join("releases").join(id);
        let result = copy_release(
            build,
            files,
            &dest,
            base.map(|b| self.dir.join("releases").join(b)).as_deref(),
        );
        if result.is_err() {
            let _ = std::fs::remove_dir_all(&dest);
        }
        result
    }

    fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), HostError> {
        let p = self.dir.join(rel);
        let parent = p.parent().unwrap_or(&self.dir);
        std::fs::create_dir_all(parent).map_err(|e| self.err("create", parent, e))?;
        let tmp = parent.join(format!(
            ".{}.tmp-{}",
            p.file_name().unwrap_or_default().to_string_lossy(),
            std::process::id()
        ));
        let write = || -> std::io::Result<()> {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(bytes)?;
            f.sync_all()?;
            std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o644))?;
            std::fs::rename(&tmp, &p)
        };
        write().map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            self.err("write", &p, e)
        })
    }

    fn switch(&self, id: &str) -> Result<(), HostError> {
        let tmp = self.dir.join(".current.tmp");
        let cur = self.dir.join("current");
        let _ = std::fs::remove_file(&tmp);
        std::os::unix::fs::symlink(format!("releases/{id}"), &tmp)
            .map_err(|e| self.err("create symlink", &tmp, e))?;
        std::fs::rename(&tmp, &cur).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            let mut he = self.err("switch", &cur, e);
            if cur.is_dir() && std::fs::read_link(&cur).is_err() {
                he = he.help(t!(
                    "{} 是一个真实文件夹，不是符号链接：把它移开一次（网站服务器必须指向 `current`）",
                    "{} is a real folder, not a symlink: move it aside once (the web server must serve `current`)",
                    cur.display()
                ));
            }
            he
        })?;
        // Make the new link durable before reporting success.
        if let Ok(d) = std::fs::File::open(&self.dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }

    fn remove_releases(&self, ids: &[String]) -> Result<(), HostError> {
        for id in ids {
            let p = self.dir.join("releases").join(id);
            std::fs::remove_dir_all(&p).map_err(|e| self.err("remove", &p, e))?;
        }
        Ok(())
    }

    fn append_history(&self, line: &str) -> Result<(), HostError> {
        let p = self.dir.join("history.log");
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&p)
            .map_err(|e| self.err("open", &p, e))?;
        writeln!(f, "{line}").map_err(|e| self.err("write", &p, e))
    }

    fn try_lock(&self, owner: &str) -> Result<LockTry, HostError> {
        let created_dir = !self.dir.is_dir();
        std::fs::create_dir_all(&self.dir).map_err(|e| self.err("create", &self.dir, e))?;
        let lock = self.dir.join(LOCK);
        match std::fs::create_dir(&lock) {
            Ok(()) => {
                std::fs::write(lock.join("owner"), format!("{owner}\n"))
                    .map_err(|e| self.err("write", &lock, e))?;
                Ok(LockTry::Taken { created_dir })
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let text = std::fs::read_to_string(lock.join("owner")).unwrap_or_default();
                Ok(LockTry::Held(text.trim().to_string()))
            }
            Err(e) => Err(self.err("create", &lock, e)),
        }
    }

    fn unlock(&self, owner: &str, remove_dir: bool) -> Result<(), HostError> {
        let lock = self.dir.join(LOCK);
        let text = std::fs::read_to_string(lock.join("owner")).unwrap_or_default();
        if text.trim() != owner {
            return Ok(());
        }
        let _ = std::fs::remove_file(lock.join("owner"));
        std::fs::remove_dir(&lock).map_err(|e| self.err("remove", &lock, e))?;
        if remove_dir {
            // Only succeeds when empty: a refused first deploy leaves nothing behind.
            let _ = std::fs::remove_dir(&self.dir);
        }
        Ok(())
    }
}

/// Copy `files` from `build` into `dest`, hard-linking a file from `base` when its bytes are
/// the same (checked, not assumed: the old release may have been edited in place).
fn copy_release(
    build: &Path,
    files: &[FileEntry],
    dest: &Path,
    base: Option<&Path>,
) -> Result<(), HostError> {
    let io = |action: &str, p: &Path, e: std::io::Error| cannot(action, p, e.to_string());
    if dest.exists() {
        return Err(cannot(
            "create",
            dest,
            t!("它已经存在", "it already exists"),
        ));
    }
    std::fs::create_dir_all(dest).map_err(|e| io("create", dest, e))?;
    let mut dirs: BTreeSet<PathBuf> = BTreeSet::from([dest.to_path_buf()]);
    for f in files {
        let to = dest.join(&f.path);
        if let Some(parent) = to.parent()
            && !dirs.contains(parent)
        {
            std::fs::create_dir_all(parent).map_err(|e| io("create", parent, e))?;
            dirs.extend(
                parent
                    .ancestors()
                    .take_while(|a| a.starts_with(dest))
                    .map(Path::to_path_buf),
            );
        }
        let linked = base.is_some_and(|b| {
            let old = b.join(&f.path);
            matches!(hash_file(&old), Ok((h, n)) if h == f.sha256 && n == f.size)
                && std::fs::hard_link(&old, &to).is_ok()
        });
        if !linked {
            let from = build.join(&f.path);
            std::fs::copy(&from, &to).map_err(|e| io("copy", &from, e))?;
            std::fs::set_permissions(&to, std::fs::Permissions::from_mode(0o644))
                .map_err(|e| io("set permissions of", &to, e))?;
        }
    }
    for d in &dirs {
        std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| io("set permissions of", d, e))?;
    }
    Ok(())
}
