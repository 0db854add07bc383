//! What has been online, for `gongkai index-numbers --write` resolving a duplicate 索引号: the
//! documents of every release manifest (`manifests/<release>.json`, SPEC §6) on a deploy
//! target — the same records `deploy --retract` and rollbacks read — or of manifest files
//! given with `--manifests`. A document is known by its id, the content path without `.md`.

use std::path::Path;

use crate::config::SiteConfig;
use crate::deploy::manifest::Manifest;
use crate::deploy::target::Location;

use super::numbers::Published;

/// Where to look.
#[derive(Debug, Clone)]
pub enum Source<'a> {
    /// A deploy target of site.yaml by name; the first target when `None`.
    Target(Option<&'a str>),
    /// A manifest file, or a folder of `*.json` manifests (e.g. a copy of `D/manifests`).
    Files(&'a Path),
}

/// Read the manifests. A site without deploy targets (and no `--manifests`) has no record:
/// `Published::default()` (source `None`). A target that cannot be read is an error — then
/// nothing is known, and guessing could renumber a published document.
pub fn load(cfg: &SiteConfig, source: Source<'_>) -> Result<Published, String> {
    let mut p = Published::default();
    match source {
        Source::Files(path) => {
            let mut files = Vec::new();
            if path.is_dir() {
                let rd = std::fs::read_dir(path).map_err(|e| {
                    t!(
                        "无法读取 {f}：{e}",
                        "cannot read {f}: {e}",
                        f = path.display()
                    )
                })?;
                for e in rd.flatten() {
                    if e.path().extension().is_some_and(|x| x == "json") {
                        files.push(e.path());
                    }
                }
                files.sort();
            } else {
                files.push(path.to_path_buf());
            }
            for f in &files {
                let bytes = std::fs::read(f).map_err(|e| {
                    t!("无法读取 {n}：{e}", "cannot read {n}: {e}", n = f.display())
                })?;
                let m = Manifest::from_json(&bytes).map_err(|e| {
                    t!(
                        "{n} 不是 gongkai 发布清单：{e}",
                        "{n} is not a gongkai release manifest: {e}",
                        n = f.display()
                    )
                })?;
                p.add(&m.release, m.documents.into_iter().map(|d| d.id));
            }
            let (n, d) = (files.len(), path.display());
            p.source = Some(t!(
                "{d} 中的 {n} 份发布清单",
                "{n} release manifests in {d}"
            ));
        }
        Source::Target(name) => {
            let target = match name {
                None => match cfg.deploy.first() {
                    Some(t) => t,
                    None => return Ok(p),
                },
                Some(n) => cfg.deploy.iter().find(|t| t.name == n).ok_or_else(|| {
                    t!(
                        "site.yaml 中没有名为 `{n}` 的部署目标",
                        "no deploy target named `{n}` in site.yaml"
                    )
                })?,
            };
            let host = crate::deploy::host_for(&Location::parse(&target.url)?);
            let state = host.state().map_err(|e| e.to_string())?;
            for id in &state.manifests {
                let rel = format!("manifests/{id}.json");
                let Some(bytes) = host.read(&rel).map_err(|e| e.to_string())? else {
                    continue;
                };
                let m = Manifest::from_json(&bytes).map_err(|e| {
                    t!(
                        "{rel} 不是 gongkai 发布清单：{e}",
                        "{rel} is not a gongkai release manifest: {e}"
                    )
                })?;
                p.add(id, m.documents.into_iter().map(|d| d.id));
            }
            let (name, at, n) = (&target.name, host.describe(), state.manifests.len());
            p.source = Some(t!(
                "部署目标 {name}（{at}）上的 {n} 份发布清单",
                "{n} release manifests on deploy target {name} ({at})"
            ));
        }
    }
    Ok(p)
}
