//! Atomic output: everything is written into a staging folder beside the output folder, which
//! replaces the old output only when the whole build succeeded.

use std::io;
use std::path::{Path, PathBuf};

/// A staging folder; files are written with [`Staging::write`], then [`Staging::commit`].
///
/// When the target holds a previous output, a file whose bytes are unchanged is not written
/// again: the previous file is hard-linked into the staging folder, so it keeps its inode and
/// modification time (rsync, `--link-dest` releases and CDNs see it as the same file) and the
/// build saves the write. The swap stays atomic: the staging folder is complete before it
/// replaces the output.
pub struct Staging {
    pub dir: PathBuf,
    target: PathBuf,
    committed: bool,
    /// Compare with the previous output (it exists and linking is not switched off).
    reuse: bool,
    kept: std::sync::atomic::AtomicUsize,
}

/// An I/O failure with the path involved, in words a user can act on.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.message())]
pub struct OutputError {
    pub action: &'static str,
    pub path: PathBuf,
    pub source: io::Error,
    pub hint: String,
}

impl OutputError {
    /// `无法创建文件夹 `…`：…` (`cannot create folder `…`: …` with --lang en).
    fn message(&self) -> String {
        let zh = match self.action {
            "create folder" => "创建文件夹",
            "create staging folder" => "创建临时输出文件夹",
            "write" => "写入",
            "copy" => "复制",
            "move aside old output" => "移开旧的输出",
            "move new output into place" => "把新的输出移到位",
            "move into place" => "移到位",
            "read" => "读取",
            other => other,
        };
        let (action, path, source, hint) =
            (self.action, self.path.display(), &self.source, &self.hint);
        t!(
            "无法{zh} `{path}`：{source}{hint}",
            "cannot {action} `{path}`: {source}{hint}"
        )
    }
}

pub fn io_err(action: &'static str, path: &Path, source: io::Error) -> OutputError {
    let hint = match source.kind() {
        io::ErrorKind::StorageFull => t!(
            "（磁盘已满：腾出空间后重新构建——原有的输出没有改动）",
            " (the disk is full; free space and build again — the previous output is untouched)"
        ),
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => t!(
            "（权限不足或文件系统只读：换一个 --output，或修正权限）",
            " (permission denied or read-only file system; choose another --output or fix permissions)"
        ),
        _ => String::new(),
    };
    OutputError {
        action,
        path: path.to_path_buf(),
        source,
        hint,
    }
}

impl Staging {
    /// Create `.<target>.gongkai-tmp-<random>-<pid>` next to `target`, removing stale ones
    /// from interrupted builds. The name is unpredictable and the folder is new (never a
    /// folder or link someone else left there). Its mode is the usual one, not 0700: it
    /// becomes the output, which a web server must read.
    pub fn new(target: &Path) -> Result<Staging, OutputError> {
        let target = through_symlink(absolute(target));
        let parent = target
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        std::fs::create_dir_all(&parent).map_err(|e| io_err("create folder", &parent, e))?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "public".into());
        if let Ok(rd) = std::fs::read_dir(&parent) {
            let mut entries: Vec<(String, PathBuf)> = rd
                .flatten()
                .map(|e| (e.file_name().to_string_lossy().to_string(), e.path()))
                .collect();
            entries.sort();
            let old_prefix = format!(".{name}.gongkai-old-");
            // A build killed between the two renames of `commit` left the previous output
            // aside and nothing in place: put it back first, so it is never deleted below.
            if !target.exists()
                && let Some((_, old)) = entries
                    .iter()
                    .find(|(n, _)| n.starts_with(&old_prefix) && !pid_alive(n))
            {
                let _ = std::fs::rename(old, &target);
            }
            for (n, path) in &entries {
                let stale =
                    n.starts_with(&format!(".{name}.gongkai-tmp-")) || n.starts_with(&old_prefix);
                if stale && !pid_alive(n) && path.exists() {
                    let _ = std::fs::remove_dir_all(path);
                }
            }
        }
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.gongkai-tmp-"))
            .suffix(&format!("-{}", std::process::id()))
            .tempdir_in(&parent)
            .map_err(|e| io_err("create staging folder", &parent, e))?
            .keep();
        // GONGKAI_WRITE_ALL=1 writes every file afresh (to measure what reuse saves).
        let reuse = target.join("data/documents.json").is_file()
            && std::env::var_os("GONGKAI_WRITE_ALL").is_none();
        Ok(Staging {
            dir,
            target,
            committed: false,
            reuse,
            kept: Default::default(),
        })
    }

    /// Files taken unchanged from the previous output so far.
    pub fn kept(&self) -> usize {
        self.kept.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Write `rel` (a `/`-separated path) under the staging folder, creating parents.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let rel = rel.trim_start_matches('/');
        let path = self.dir.join(rel);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).map_err(|e| io_err("create folder", p, e))?;
        }
        if self.reuse && self.link_unchanged(rel, &path, bytes.len() as u64, |old| old == bytes) {
            return Ok(());
        }
        std::fs::write(&path, bytes).map_err(|e| io_err("write", &path, e))
    }

    /// Hard-link the previous output's `rel` to `path` if it has `len` bytes that `same`
    /// accepts. Any failure just means "write it".
    fn link_unchanged(
        &self,
        rel: &str,
        path: &Path,
        len: u64,
        same: impl FnOnce(&[u8]) -> bool,
    ) -> bool {
        let old = self.target.join(rel);
        let Ok(meta) = std::fs::symlink_metadata(&old) else {
            return false;
        };
        if !meta.file_type().is_file() || meta.len() != len {
            return false;
        }
        let unchanged = std::fs::read(&old).is_ok_and(|b| same(&b));
        if unchanged && std::fs::hard_link(&old, path).is_ok() {
            self.kept.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            return true;
        }
        false
    }

    pub fn copy(&self, from: &Path, rel: &str) -> Result<(), OutputError> {
        let rel = rel.trim_start_matches('/');
        let path = self.dir.join(rel);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).map_err(|e| io_err("create folder", p, e))?;
        }
        if self.reuse
            && let Ok(meta) = std::fs::metadata(from)
            && self.link_unchanged(rel, &path, meta.len(), |old| {
                std::fs::read(from).is_ok_and(|b| b == old)
            })
        {
            return Ok(());
        }
        std::fs::copy(from, &path)
            .map(|_| ())
            .map_err(|e| io_err("copy", from, e))
    }

    /// Swap the staging folder into place. The old output is moved aside first and deleted
    /// after; if anything fails the old output is restored.
    pub fn commit(mut self) -> Result<(), OutputError> {
        let name = self
            .target
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let old = self
            .target
            .with_file_name(format!(".{name}.gongkai-old-{}", std::process::id()));
        let had_old = self.target.exists();
        if had_old {
            std::fs::rename(&self.target, &old)
                .map_err(|e| io_err("move aside old output", &self.target, e))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            if had_old {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(io_err("move new output into place", &self.target, e));
        }
        self.committed = true;
        if had_old {
            remove_tree(&old);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Delete a folder tree in parallel: every folder's entries are removed by the rayon pool
/// (files unlinked, subfolders recursed into), then the folder itself. A site has one folder
/// per page, so removing the folders one by one after a parallel unlink of the files left a
/// serial tail of ~8,000 `rmdir`s at 10k documents. Symbolic links are removed, never
/// followed. Errors are ignored (what is left is removed by the next build's stale sweep).
pub fn remove_tree(dir: &Path) {
    fn remove(dir: &Path) {
        use rayon::prelude::*;
        if let Ok(rd) = std::fs::read_dir(dir) {
            let entries: Vec<(PathBuf, bool)> = rd
                .flatten()
                .map(|e| (e.path(), e.file_type().is_ok_and(|t| t.is_dir())))
                .collect();
            entries.par_iter().for_each(|(p, is_dir)| {
                if *is_dir {
                    remove(p);
                } else {
                    let _ = std::fs::remove_file(p);
                }
            });
        }
        let _ = std::fs::remove_dir(dir);
    }
    remove(dir);
    // Anything the parallel pass could not remove (e.g. a folder that changed under it).
    if dir.exists() {
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// SPEC §4: an output path that is a symbolic link (e.g. `public → /var/www/xxgk`) is
/// written through — the build replaces the folder it points to and leaves the link in place
/// (issue 16 item 8; it used to replace the link with a real folder and leave the web root
/// stale). Links to links are followed; a dangling link's target is created.
fn through_symlink(mut p: PathBuf) -> PathBuf {
    for _ in 0..40 {
        let is_link = p
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink());
        if !is_link {
            break;
        }
        let Ok(to) = std::fs::read_link(&p) else {
            break;
        };
        p = match p.parent() {
            Some(dir) if to.is_relative() => dir.join(to),
            _ => to,
        };
    }
    p
}

/// A new folder only we can enter (mode 0700 on Unix) with an unpredictable name starting
/// with `prefix`, in `base` or the system temp folder: for the preview, deploy builds and the
/// ssh control socket (issue 16 item 6: the preview used to be a predictable, world-readable
/// `/dev/shm/gongkai-serve-<pid>`, reused if it existed).
pub fn private_dir(prefix: &str, base: Option<&Path>) -> io::Result<tempfile::TempDir> {
    let mut b = tempfile::Builder::new();
    b.prefix(prefix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o700));
    }
    match base {
        Some(dir) => b.tempdir_in(dir),
        None => b.tempdir(),
    }
}

fn absolute(p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|c| c.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    }
}

/// Is the process whose pid ends the folder name still running (another build)?
fn pid_alive(name: &str) -> bool {
    let pid = name.rsplit('-').next().unwrap_or("");
    !pid.is_empty()
        && pid.chars().all(|c| c.is_ascii_digit())
        && Path::new(&format!("/proc/{pid}")).exists()
}

/// Copy the site's static/ folder to the output root.
pub fn copy_site_static(root: &Path, staging: &Staging) -> Result<usize, OutputError> {
    let dir = root.join("static");
    if !dir.is_dir() {
        return Ok(0);
    }
    let mut n = 0;
    for e in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let e = e.map_err(|e| io_err("read", &dir, e.into()))?;
        if !e.file_type().is_file() {
            continue;
        }
        let rel = e
            .path()
            .strip_prefix(&dir)
            .unwrap_or(e.path())
            .to_string_lossy()
            .replace('\\', "/");
        staging.copy(e.path(), &rel)?;
        n += 1;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parallel removal deletes nested folders and files, and removes a symbolic link to
    /// a folder outside without following it.
    #[test]
    fn remove_tree_removes_everything_and_follows_no_link() {
        let t = tempfile::tempdir().unwrap();
        let outside = t.path().join("outside");
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("keep.txt"), "x").unwrap();
        let tree = t.path().join("tree");
        for d in ["a/b/c", "a/d", "e"] {
            std::fs::create_dir_all(tree.join(d)).unwrap();
            std::fs::write(tree.join(d).join("index.html"), d).unwrap();
        }
        std::os::unix::fs::symlink(&outside, tree.join("a/link")).unwrap();
        remove_tree(&tree);
        assert!(!tree.exists());
        assert!(outside.join("keep.txt").is_file());
    }
}
