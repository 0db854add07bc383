//! What gets deployed: a fresh build in a temporary folder (the default), or an existing
//! build checked to be complete, not a drafts build and not older than the source.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use super::manifest::{self, DocEntry, FileEntry};
use super::target::HostError;
use super::{DeployError, DeployOptions, now_secs, refuse};
use crate::build::{BuildOptions, build};
use crate::diag::Diagnostic;

/// A private temporary folder (unpredictable name, mode 0700; issue 16 item 6), removed when
/// dropped.
pub struct TempDir(tempfile::TempDir);

impl TempDir {
    fn new() -> std::io::Result<TempDir> {
        crate::output::private_dir("gongkai-deploy-", None).map(TempDir)
    }

    fn path(&self) -> &Path {
        self.0.path()
    }
}

/// A build ready to upload.
pub struct Prepared {
    pub dir: PathBuf,
    pub _tmp: Option<TempDir>,
    pub built_at: i64,
    pub files: Vec<FileEntry>,
    pub documents: Vec<DocEntry>,
    pub warnings: Vec<Diagnostic>,
}

/// Build afresh into a temporary folder (leaving out `exclude`), or check `opts.prebuilt`;
/// then hash every file.
pub fn prepare(opts: &DeployOptions, exclude: &[String]) -> Result<Prepared, DeployError> {
    let (dir, tmp, built_at, warnings) = match &opts.prebuilt {
        Some(dir) => {
            let built_at = check_prebuilt(&opts.root, dir)?;
            (dir.clone(), None, built_at, Vec::new())
        }
        None => {
            let tmp = TempDir::new().map_err(|e| {
                HostError::new(
                    t!("创建临时构建文件夹", "create a temporary build folder"),
                    e.to_string(),
                )
            })?;
            let out = tmp.path().join("site");
            let bo = BuildOptions {
                root: opts.root.clone(),
                output: out.clone(),
                today: opts.today,
                drafts: false,
                base_path: None,
                exclude: exclude.to_vec(),
                timings: false,
            };
            let report = build(&bo).map_err(|f| DeployError::Build(f.diagnostics))?;
            (out, Some(tmp), now_secs(), report.warnings)
        }
    };
    let files = manifest::scan(&dir)
        .map_err(|e| HostError::new(t!("读取构建结果", "read the build"), e))?;
    let documents = manifest::documents(&dir)
        .map_err(|e| HostError::new(t!("读取构建结果", "read the build"), e))?;
    Ok(Prepared {
        dir,
        _tmp: tmp,
        built_at,
        files,
        documents,
        warnings,
    })
}

/// `git rev-parse HEAD` and whether the site's sources have uncommitted changes.
pub fn git_info(root: &Path) -> (Option<String>, Option<bool>) {
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .arg("-C")
            .arg(root)
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    let commit = git(&["rev-parse", "HEAD"]).filter(|c| !c.is_empty());
    let dirty = commit
        .as_ref()
        .and_then(|_| {
            git(&[
                "status",
                "--porcelain",
                "--",
                "site.yaml",
                "content",
                "static",
                "themes",
            ])
        })
        .map(|s| !s.is_empty());
    (commit, dirty)
}

/// An existing build may be deployed only if it is complete, not a drafts build, and newer
/// than every source file. Returns its build time.
fn check_prebuilt(root: &Path, dir: &Path) -> Result<i64, DeployError> {
    let docs = dir.join("data/documents.json");
    if !dir.join("index.html").is_file() || !docs.is_file() {
        return Err(refuse(
            dir,
            t!(
                "{} 不是一个完整的 gongkai 构建结果",
                "{} is not a finished gongkai build",
                dir.display()
            ),
            t!(
                "先运行 `gongkai build`，或去掉 --output 重新构建",
                "run `gongkai build` first, or leave out --output to build afresh"
            ),
        ));
    }
    if dir.join(crate::build::DRAFTS_MARKER).exists() {
        return Err(refuse(
            dir,
            t!(
                "{} 是用 --drafts 构建的；草稿永远不会部署",
                "{} was built with --drafts; drafts are never deployed",
                dir.display()
            ),
            t!(
                "不加 --drafts 运行 `gongkai build`，或去掉 --output 重新构建",
                "run `gongkai build` without --drafts, or leave out --output to build afresh"
            ),
        ));
    }
    let mtime = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let built = mtime(&docs).unwrap_or(UNIX_EPOCH);
    let mut newest: Option<(SystemTime, PathBuf)> =
        mtime(&root.join("site.yaml")).map(|t| (t, PathBuf::from("site.yaml")));
    for sub in ["content", "static", "themes"] {
        for e in walkdir::WalkDir::new(root.join(sub)).into_iter().flatten() {
            if let Some(t) = e.metadata().ok().and_then(|m| m.modified().ok())
                && newest.as_ref().is_none_or(|(n, _)| t > *n)
            {
                newest = Some((
                    t,
                    e.path()
                        .strip_prefix(root)
                        .unwrap_or(e.path())
                        .to_path_buf(),
                ));
            }
        }
    }
    if let Some((t, file)) = newest
        && t > built
    {
        return Err(refuse(
            &file,
            t!(
                "{} 比源文件旧：{} 在构建之后改过",
                "{} is older than the source: {} changed after it was built",
                dir.display(),
                file.display()
            ),
            t!(
                "重新运行 `gongkai build`（构建失败时旧的输出会保留），或去掉 --output 重新构建",
                "run `gongkai build` again (a failed build leaves the old output in place), or leave out --output to build afresh"
            ),
        ));
    }
    Ok(built
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0))
}
