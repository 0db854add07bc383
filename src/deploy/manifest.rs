//! Release manifests: every file of a build with its SHA-256, plus when and from what it was
//! built — the record an office shows to prove what was online when.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// One file of a release.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// `/`-separated path relative to the site root, e.g. `fdzdgknr/gfxwj/2021-3/index.html`.
    pub path: String,
    pub sha256: String,
    pub size: u64,
}

/// A published document of a release (from the build's `data/documents.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocEntry {
    pub id: String,
    pub url: String,
    /// 文号, if the document has one: with the title, its identity across renames (a
    /// retraction follows the document, not only its file name; issue 16 item 5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// `D/manifests/<release>.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub release: String,
    pub target: String,
    /// When the deployed build was made, `YYYY-MM-DDTHH:MM:SSZ`.
    pub built_at: String,
    /// When it was uploaded.
    pub deployed_at: String,
    /// The `--today` the build used (embargo, expiry); unknown for a build made earlier.
    pub today: Option<String>,
    /// `git rev-parse HEAD` of the site root, if it is a git checkout.
    pub source_commit: Option<String>,
    /// Uncommitted changes under site.yaml, content/, static/ or themes/ at build time.
    pub source_dirty: Option<bool>,
    pub gongkai_version: String,
    /// Set when this release was made by `deploy --retract`.
    #[serde(default)]
    pub retracted: Vec<String>,
    pub documents: Vec<DocEntry>,
    pub files: Vec<FileEntry>,
}

impl Manifest {
    pub fn to_json(&self) -> Vec<u8> {
        let mut v = serde_json::to_vec_pretty(self).expect("manifest serializes");
        v.push(b'\n');
        v
    }

    pub fn from_json(bytes: &[u8]) -> Result<Manifest, String> {
        serde_json::from_slice(bytes).map_err(|e| e.to_string())
    }
}

/// Hash every file under `dir` (sorted by path). Symlinks are refused: a build never makes them
/// and following one could publish something outside the build.
pub fn scan(dir: &Path) -> Result<Vec<FileEntry>, String> {
    let mut files = Vec::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.map_err(|e| t!("无法读取 {}：{e}", "cannot read {}: {e}", dir.display()))?;
        if e.file_type().is_symlink() {
            return Err(t!(
                "{} 是符号链接；构建结果里不会有符号链接，请删除它后重新构建",
                "{} is a symbolic link; a build never contains one: remove it and build again",
                e.path().display()
            ));
        }
        if !e.file_type().is_file() {
            continue;
        }
        let rel = e
            .path()
            .strip_prefix(dir)
            .unwrap_or(e.path())
            .to_string_lossy()
            .replace('\\', "/");
        let (sha256, size) = hash_file(e.path()).map_err(|err| {
            t!(
                "无法读取 {}：{err}",
                "cannot read {}: {err}",
                e.path().display()
            )
        })?;
        files.push(FileEntry {
            path: rel,
            sha256,
            size,
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// SHA-256 (lower-case hex) and size of a file.
pub fn hash_file(path: &Path) -> std::io::Result<(String, u64)> {
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        size += n as u64;
        h.update(&buf[..n]);
    }
    Ok((hex(&h.finalize()), size))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Short hash of the file list (paths and contents): equal builds get equal hashes.
pub fn content_hash(files: &[FileEntry]) -> String {
    let mut h = Sha256::new();
    for f in files {
        h.update(f.path.as_bytes());
        h.update([0]);
        h.update(f.sha256.as_bytes());
        h.update([b'\n']);
    }
    hex(&h.finalize())[..10].to_string()
}

/// Published documents of a build, read from its `data/documents.json`.
pub fn documents(build_dir: &Path) -> Result<Vec<DocEntry>, String> {
    let path = build_dir.join("data/documents.json");
    let bytes = std::fs::read(&path)
        .map_err(|e| t!("无法读取 {}：{e}", "cannot read {}: {e}", path.display()))?;
    let docs: Vec<DocEntry> = serde_json::from_slice::<Vec<serde_json::Value>>(&bytes)
        .map_err(|e| {
            t!(
                "{} 不是 gongkai 生成的 documents.json：{e}",
                "{} is not a gongkai documents.json: {e}",
                path.display()
            )
        })?
        .into_iter()
        .filter_map(|v| {
            let text = |k: &str| {
                v.get(k)
                    .and_then(|x| x.as_str())
                    .map(str::trim)
                    .filter(|x| !x.is_empty())
                    .map(str::to_string)
            };
            Some(DocEntry {
                id: v.get("id")?.as_str()?.to_string(),
                url: v.get("url")?.as_str()?.to_string(),
                doc_number: text("doc_number"),
                title: text("title"),
            })
        })
        .collect();
    Ok(docs)
}

/// What a release changes relative to another.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diff {
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub removed: Vec<String>,
    pub unchanged: usize,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }
}

/// Compare `new` with `old` (None = nothing deployed yet: everything is added).
pub fn diff(old: Option<&[FileEntry]>, new: &[FileEntry]) -> Diff {
    let old: BTreeMap<&str, &FileEntry> = old
        .unwrap_or(&[])
        .iter()
        .map(|f| (f.path.as_str(), f))
        .collect();
    let mut d = Diff::default();
    for f in new {
        match old.get(f.path.as_str()) {
            None => d.added.push(f.path.clone()),
            Some(o) if o.sha256 != f.sha256 => d.changed.push(f.path.clone()),
            Some(_) => d.unchanged += 1,
        }
    }
    let new_paths: std::collections::BTreeSet<&str> = new.iter().map(|f| f.path.as_str()).collect();
    d.removed = old
        .keys()
        .filter(|p| !new_paths.contains(*p))
        .map(|p| p.to_string())
        .collect();
    d
}

/// `YYYYMMDDTHHMMSSZ` and `YYYY-MM-DDTHH:MM:SSZ` for a Unix time, in UTC.
pub fn utc_stamps(secs: i64) -> (String, String) {
    let d = crate::dates::Date::from_days(secs.div_euclid(86_400));
    let t = secs.rem_euclid(86_400);
    let (h, m, s) = (t / 3600, t / 60 % 60, t % 60);
    (
        format!(
            "{:04}{:02}{:02}T{h:02}{m:02}{s:02}Z",
            d.year, d.month, d.day
        ),
        format!("{d}T{h:02}:{m:02}:{s:02}Z"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fe(path: &str, sha: &str) -> FileEntry {
        FileEntry {
            path: path.into(),
            sha256: sha.into(),
            size: 1,
        }
    }

    #[test]
    fn diff_classifies_files() {
        let old = vec![fe("a", "1"), fe("b", "2"), fe("c", "3")];
        let new = vec![fe("a", "1"), fe("b", "9"), fe("d", "4")];
        let d = diff(Some(&old), &new);
        assert_eq!(d.added, ["d"]);
        assert_eq!(d.changed, ["b"]);
        assert_eq!(d.removed, ["c"]);
        assert_eq!(d.unchanged, 1);
        assert_eq!(diff(None, &new).added.len(), 3);
    }

    #[test]
    fn stamps_are_utc_and_sortable() {
        assert_eq!(
            utc_stamps(0),
            ("19700101T000000Z".into(), "1970-01-01T00:00:00Z".into())
        );
        assert_eq!(utc_stamps(1_640_952_000).0, "20211231T120000Z");
    }

    #[test]
    fn content_hash_depends_on_paths_and_contents() {
        let a = content_hash(&[fe("a", "1")]);
        assert_eq!(a.len(), 10);
        assert_ne!(a, content_hash(&[fe("b", "1")]));
        assert_ne!(a, content_hash(&[fe("a", "2")]));
        assert_eq!(a, content_hash(&[fe("a", "1")]));
    }
}
