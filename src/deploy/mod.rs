//! `gongkai deploy`: publish a fresh build as an atomic release on a web host (SPEC §6).
//!
//! Order of a deploy, chosen so the live site is never half-updated: build (or check an
//! existing build) → refuse retracted documents → upload into `releases/<id>/` → write the
//! manifest (which marks the release complete) → switch `current` with one rename → log,
//! prune, verify over HTTP. Anything failing before the switch leaves `current` untouched.

mod check;
pub(crate) mod local;
pub(crate) mod lock;
pub(crate) mod manifest;
mod release;
pub(crate) mod retract;
pub(crate) mod source;
pub(crate) mod ssh;
pub(crate) mod target;
pub(crate) mod verify;

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::config::{self, DeployTarget, SiteConfig};
use crate::dates::Date;
use crate::diag::{Diagnostic, Diagnostics};
use manifest::{Diff, Manifest};
use release::{prune_list, release_id};
use retract::Retraction;
use target::{Host, HostError, Location, State};

/// What to deploy where.
#[derive(Debug, Clone)]
pub struct DeployOptions {
    pub root: PathBuf,
    /// Target name; the first target when `None`.
    pub target: Option<String>,
    pub dry_run: bool,
    pub rollback: bool,
    /// Content path (`fdzdgknr/gfxwj/2021-3.md`) to take down now.
    pub retract: Option<String>,
    /// Content path allowed to be published again.
    pub unretract: Option<String>,
    pub today: Date,
    /// Deploy this existing build instead of building afresh (checked: not drafts, not stale).
    pub prebuilt: Option<PathBuf>,
}

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Deployed,
    RolledBack,
    /// The build equals the live release; nothing was uploaded.
    UpToDate,
    DryRun,
}

/// The summary printed after a deploy.
#[derive(Debug, Clone)]
pub struct DeployReport {
    pub target: String,
    pub location: String,
    pub outcome: Outcome,
    /// The release `current` points at now (or would, for a dry run of a rollback).
    pub release: Option<String>,
    /// The release that was live before.
    pub previous: Option<String>,
    pub diff: Diff,
    pub files: usize,
    pub pruned: Vec<String>,
    /// Lines worth telling the user (verification results, retraction records).
    pub notes: Vec<String>,
    /// Build warnings and non-fatal problems after the switch.
    pub warnings: Vec<Diagnostic>,
}

/// Why nothing (or not everything) was done.
#[derive(Debug, thiserror::Error)]
pub enum DeployError {
    /// Wrong flags or configuration (exit 2).
    #[error("{0}")]
    Usage(String, Option<String>),
    #[error("the build failed")]
    Build(Diagnostics),
    /// A rule stops this deploy (retracted document, drafts or stale build).
    #[error("deploy refused")]
    Refused(Vec<Diagnostic>),
    /// Transfer or host error; the live release is untouched.
    #[error(transparent)]
    Host(#[from] HostError),
    /// The switch happened but the live site does not look as it must.
    #[error("{0}")]
    Verify(String, Option<String>),
}

/// Run a deploy, rollback, retraction or dry run.
pub fn run(opts: &DeployOptions) -> Result<DeployReport, DeployError> {
    if opts.rollback && (opts.retract.is_some() || opts.prebuilt.is_some()) {
        return Err(usage(
            t!(
                "--rollback 不能与 --retract 或 --output 同时使用",
                "--rollback cannot be combined with --retract or --output"
            ),
            t!("先回滚，再另行部署", "roll back first, then deploy"),
        ));
    }
    if opts.retract.is_some() && opts.prebuilt.is_some() {
        return Err(usage(
            t!(
                "--retract 总是重新构建；去掉 --output",
                "--retract always builds afresh; leave out --output"
            ),
            t!(
                "gongkai deploy --retract <content 下的路径>",
                "gongkai deploy --retract <content path>"
            ),
        ));
    }
    let retract = opts.retract.as_deref().map(doc_id).transpose()?;
    let unretract = opts.unretract.as_deref().map(doc_id).transpose()?;
    if retract.is_some() && retract == unretract {
        return Err(usage(
            t!(
                "--retract 和 --unretract 指向同一个文件",
                "--retract and --unretract name the same document"
            ),
            t!("只保留其中一个", "choose one"),
        ));
    }
    let cfg =
        config::load(&opts.root).map_err(|items| DeployError::Build(Diagnostics { items }))?;
    let target = pick_target(&cfg, opts.target.as_deref())?;
    let loc = Location::parse(&target.url).map_err(|m| {
        usage(
            m,
            t!(
                "改正 site.yaml 中的 `deploy.targets[].url`",
                "fix `deploy.targets[].url` in site.yaml"
            ),
        )
    })?;
    let host = host_for(&loc);
    // Every deploy that changes the host holds its lock from reading the host's state to the
    // end, so two deploys (two retractions) cannot overwrite each other's retracted.json.
    let _lock = if opts.dry_run {
        None
    } else {
        Some(lock::take(host.as_ref(), &target.name)?)
    };
    let mut ctx = Ctx {
        opts,
        target: &target,
        host: host.as_ref(),
        retract,
        unretract,
    };
    if opts.rollback {
        ctx.rollback()
    } else {
        ctx.deploy()
    }
}

/// The host implementation for a target location. (It lives here, above `target`, `local`
/// and `ssh`, so that `target` does not depend on the hosts that implement it.)
pub fn host_for(loc: &Location) -> Box<dyn Host> {
    match loc {
        Location::Local(p) => Box::new(local::LocalHost::new(p.clone())),
        Location::Ssh {
            user,
            host,
            port,
            path,
        } => Box::new(ssh::SshHost::new(
            user.clone(),
            host.clone(),
            *port,
            path.clone(),
        )),
    }
}

fn usage(msg: impl Into<String>, help: impl Into<String>) -> DeployError {
    DeployError::Usage(msg.into(), Some(help.into()))
}

pub(crate) fn refuse(
    file: impl AsRef<Path>,
    msg: impl Into<String>,
    help: impl Into<String>,
) -> DeployError {
    DeployError::Refused(vec![Diagnostic::error(file, None, msg).help(help)])
}

/// `fdzdgknr/gfxwj/2021-3.md` (or with `content/`, or without `.md`) → `fdzdgknr/gfxwj/2021-3`.
pub fn doc_id(path: &str) -> Result<String, DeployError> {
    let p = path.trim().trim_start_matches("./");
    let p = p.strip_prefix("content/").unwrap_or(p);
    let id = p.strip_suffix(".md").unwrap_or(p).trim_end_matches('/');
    if id.is_empty()
        || id.starts_with('/')
        || id.split('/').any(|s| s == ".." || s == "." || s.is_empty())
    {
        return Err(usage(
            t!(
                "`{path}` 不是 content/ 下的文件路径",
                "`{path}` is not a content path"
            ),
            t!(
                "给出文件在 content/ 下的路径，例如 fdzdgknr/gfxwj/2021-3.md",
                "give the document's path under content/, e.g. fdzdgknr/gfxwj/2021-3.md"
            ),
        ));
    }
    Ok(id.to_string())
}

fn pick_target(cfg: &SiteConfig, name: Option<&str>) -> Result<DeployTarget, DeployError> {
    if cfg.deploy.is_empty() {
        return Err(usage(
            t!(
                "site.yaml 中没有部署目标（deploy targets）",
                "site.yaml has no deploy targets"
            ),
            t!(
                "在 site.yaml 中添加一个，例如\n     deploy:\n       targets:\n         - name: production\n           url: rsync+ssh://deploy@host:22/srv/www/xxgk",
                "add one, e.g.\n     deploy:\n       targets:\n         - name: production\n           url: rsync+ssh://deploy@host:22/srv/www/xxgk"
            ),
        ));
    }
    match name {
        None => Ok(cfg.deploy[0].clone()),
        Some(n) => cfg
            .deploy
            .iter()
            .find(|t| t.name == n)
            .cloned()
            .ok_or_else(|| {
                let names: Vec<&str> = cfg.deploy.iter().map(|t| t.name.as_str()).collect();
                usage(
                    t!(
                        "site.yaml 中没有名为 `{n}` 的部署目标",
                        "no deploy target named `{n}` in site.yaml"
                    ),
                    crate::diag::suggest(n, &names),
                )
            }),
    }
}

/// Content ids (`fdzdgknr/gfxwj/2021-3`) of every Markdown file under `root/content`.
fn content_ids(root: &Path) -> Vec<String> {
    let dir = root.join("content");
    walkdir::WalkDir::new(&dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e
                .path()
                .strip_prefix(&dir)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            rel.strip_suffix(".md").map(str::to_string)
        })
        .collect()
}

pub(crate) fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

struct Ctx<'a> {
    opts: &'a DeployOptions,
    target: &'a DeployTarget,
    host: &'a dyn Host,
    retract: Option<String>,
    unretract: Option<String>,
}

impl Ctx<'_> {
    fn report(&self, outcome: Outcome) -> DeployReport {
        DeployReport {
            target: self.target.name.clone(),
            location: self.host.describe(),
            outcome,
            release: None,
            previous: None,
            diff: Diff::default(),
            files: 0,
            pruned: Vec::new(),
            notes: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn state(&self) -> Result<State, DeployError> {
        let s = self.host.state()?;
        if s.current_not_symlink {
            return Err(refuse(
                "site.yaml",
                t!(
                    "{}/current 是一个真实文件夹，不是符号链接",
                    "{}/current is a real folder, not a symlink",
                    self.host.describe()
                ),
                t!(
                    "把它移开一次（例如改名为 current.old），并让网站服务器指向 `current`；见 docs/deploy.md",
                    "move it aside once (e.g. to current.old) and point the web server at `current`; see docs/deploy.md"
                ),
            ));
        }
        Ok(s)
    }

    fn manifest(&self, id: &str) -> Result<Option<Manifest>, DeployError> {
        match self.host.read(&format!("manifests/{id}.json"))? {
            None => Ok(None),
            Some(b) => Manifest::from_json(&b)
                .map(Some)
                .map_err(|e| HostError::new(format!("read manifests/{id}.json"), e).into()),
        }
    }

    fn deploy(&mut self) -> Result<DeployReport, DeployError> {
        let state = self.state()?;
        let old = match &state.current {
            Some(c) => self.manifest(c)?,
            None => None,
        };
        let mut notes = Vec::new();
        let (mut list, list_changed) = self.retractions(&state, old.as_ref(), &mut notes)?;
        // A retraction also leaves out every document retracted before, so that an urgent
        // retraction is never blocked by an earlier one whose source is not cleaned up yet.
        let exclude: Vec<String> = match &self.retract {
            Some(rid) => list
                .retracted
                .iter()
                .map(|x| x.id.clone())
                .chain([rid.clone()])
                .collect(),
            None => Vec::new(),
        };
        let p = source::prepare(self.opts, &exclude)?;
        let mut r = self.report(Outcome::DryRun);
        r.notes = notes;
        r.warnings = p.warnings.clone();
        r.previous = state.current.clone();
        r.files = p.files.len();
        r.diff = manifest::diff(old.as_ref().map(|m| m.files.as_slice()), &p.files);
        if state.current.is_some() && old.is_none() {
            r.notes.push(t!(
                "线上版本没有清单（manifest），所有文件都按新增计",
                "the live release has no manifest; every file counts as added"
            ));
        }
        self.check_retracted(
            &list,
            &p.documents,
            &t!("源文件", "the source"),
            &t!(
                "停止发布它（disclosure: 不予公开、draft: true，或删除该文件）",
                "stop publishing it (disclosure: 不予公开, draft: true, or delete the file)"
            ),
        )?;
        if let Some(rid) = &self.retract {
            match old
                .as_ref()
                .and_then(|m| m.documents.iter().find(|d| &d.id == rid))
            {
                Some(d) => r.notes.push(t!(
                    "正在撤回 {rid}.md（线上地址 {}）",
                    "retracting {rid}.md (live at {})",
                    d.url
                )),
                None => r.notes.push(t!(
                    "{rid}.md 不在线上版本中；仍记录这次撤回",
                    "{rid}.md is not in the live release; recording the retraction anyway"
                )),
            }
        }
        if r.diff.is_empty() && state.current.is_some() && !list_changed {
            r.outcome = Outcome::UpToDate;
            r.release = state.current.clone();
            return Ok(r);
        }
        let id = release_id(&p.files, &state, self.opts.dry_run)?;
        list.retracted
            .iter_mut()
            .filter(|x| x.release.is_empty())
            .for_each(|x| x.release = id.clone());
        if self.opts.dry_run {
            r.release = Some(id);
            return Ok(r);
        }
        let base = state
            .current
            .clone()
            .or_else(|| state.complete().last().cloned());
        self.host.upload(&p.dir, &p.files, &id, base.as_deref())?;
        let (commit, dirty) = source::git_info(&self.opts.root);
        let m = Manifest {
            release: id.clone(),
            target: self.target.name.clone(),
            built_at: manifest::utc_stamps(p.built_at).1,
            deployed_at: manifest::utc_stamps(now_secs()).1,
            today: if self.opts.prebuilt.is_some() {
                None
            } else {
                Some(self.opts.today.to_string())
            },
            source_commit: commit.clone(),
            source_dirty: dirty,
            gongkai_version: env!("CARGO_PKG_VERSION").into(),
            retracted: self.retract.iter().cloned().collect(),
            documents: p.documents.clone(),
            files: p.files.clone(),
        };
        let before_switch = (|| -> Result<(), HostError> {
            self.host
                .put(&format!("manifests/{id}.json"), &m.to_json())?;
            if list_changed {
                self.host.put("retracted.json", &list.to_json())?;
            }
            self.host.switch(&id)
        })();
        if let Err(e) = before_switch {
            let _ = self.host.remove_releases(std::slice::from_ref(&id));
            return Err(e.into());
        }
        r.outcome = Outcome::Deployed;
        r.release = Some(id.clone());
        let action = match (&self.retract, &self.unretract) {
            (Some(_), _) => "retract",
            (None, Some(_)) => "unretract",
            _ => "deploy",
        };
        self.log(
            &mut r,
            action,
            &id,
            state.current.as_deref(),
            commit.as_deref(),
        );
        let hour_ago = manifest::utc_stamps(now_secs() - 3600).0;
        r.pruned = prune_list(&state, &id, self.target.keep, &hour_ago);
        if let Err(e) = self.host.remove_releases(&r.pruned) {
            r.warnings.push(Diagnostic::warning(
                "site.yaml",
                None,
                t!(
                    "旧版本没有清理：{e}（下次部署会再试）",
                    "old releases were not pruned: {e} (the next deploy tries again)"
                ),
            ));
            r.pruned.clear();
        }
        self.verify(
            &mut r,
            &m,
            list.retracted
                .iter()
                .find(|x| Some(&x.id) == self.retract.as_ref()),
        )?;
        Ok(r)
    }

    fn log(
        &self,
        r: &mut DeployReport,
        action: &str,
        id: &str,
        previous: Option<&str>,
        commit: Option<&str>,
    ) {
        let line = serde_json::json!({
            "at": manifest::utc_stamps(now_secs()).1,
            "action": action,
            "target": self.target.name,
            "release": id,
            "previous": previous,
            "source_commit": commit,
            "document": self.retract.as_ref().or(self.unretract.as_ref()),
        });
        if let Err(e) = self.host.append_history(&line.to_string()) {
            r.warnings.push(Diagnostic::warning(
                "site.yaml",
                None,
                t!("history.log 没有更新：{e}", "history.log not updated: {e}"),
            ));
        }
    }

    /// After the switch: the site answers, serves this release, and a retracted page is gone.
    fn verify(
        &self,
        r: &mut DeployReport,
        m: &Manifest,
        retracted: Option<&Retraction>,
    ) -> Result<(), DeployError> {
        let Some(base) = &self.target.verify_url else {
            if retracted.is_some() {
                r.notes.push(t!(
                    "这个目标没有设置 verify_url：请自己确认该页面现在返回 404",
                    "no verify_url for this target: check yourself that the page now answers 404"
                ));
            }
            return Ok(());
        };
        if let Some(x) = retracted {
            match &x.url {
                Some(u) => {
                    let url = verify::join(base, u);
                    let resp = verify::get(&url).map_err(|e| {
                        DeployError::Verify(
                            t!(
                                "无法确认撤回的页面已下线：{e}",
                                "cannot check that the retracted page is gone: {e}"
                            ),
                            None,
                        )
                    })?;
                    if resp.status != 404 && resp.status != 410 {
                        return Err(DeployError::Verify(
                            t!(
                                "撤回后 {url} 仍返回 HTTP {}",
                                "{url} still answers HTTP {} after the retraction",
                                resp.status
                            ),
                            Some(t!(
                                "新版本已上线；检查网站服务器前面是否有缓存或 CDN，或网站服务器的根目录不是 `current`",
                                "the new release is live; look for a cache or CDN in front of the web server, or a web server root that is not `current`"
                            )),
                        ));
                    }
                    r.notes.push(t!(
                        "已验证：{url} → HTTP {}",
                        "verified: {url} → HTTP {}",
                        resp.status
                    ));
                }
                None => r.notes.push(t!(
                    "{} 原本不在线上，没有旧网址需要检查",
                    "{} was not live, so there is no old URL to check",
                    x.id
                )),
            }
        }
        let resp = verify::get(base).map_err(|e| {
            DeployError::Verify(
                t!("无法访问线上站点：{e}", "cannot reach the live site: {e}"),
                None,
            )
        })?;
        if resp.status != 200 {
            return Err(DeployError::Verify(
                t!(
                    "切换后 {base} 返回 HTTP {}",
                    "{base} answers HTTP {} after the switch",
                    resp.status
                ),
                Some(t!(
                    "检查网站服务器的根目录（必须是 `current` 符号链接）",
                    "check the web server's root (it must be the `current` symlink)"
                )),
            ));
        }
        let want = m
            .files
            .iter()
            .find(|f| f.path == "index.html")
            .map(|f| f.sha256.as_str());
        if want.is_some_and(|w| {
            manifest::hex(&<sha2::Sha256 as sha2::Digest>::digest(&resp.body)) != w
        }) {
            r.warnings.push(Diagnostic::warning(
                "site.yaml",
                None,
                t!(
                    "{base} 返回 200，但内容不是这个版本的 index.html（有缓存，或网站服务器的根目录不是 `current`？）",
                    "{base} answers 200 but not with this release's index.html (a cache, or the web server root is not `current`?)"
                ),
            ));
        } else {
            r.notes.push(t!(
                "已验证：{base} 提供的是版本 {}",
                "verified: {base} serves release {}",
                m.release
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_ids_from_content_paths() {
        assert_eq!(
            doc_id("fdzdgknr/gfxwj/2021-3.md").unwrap(),
            "fdzdgknr/gfxwj/2021-3"
        );
        assert_eq!(
            doc_id("content/fdzdgknr/gfxwj/2021-3.md").unwrap(),
            "fdzdgknr/gfxwj/2021-3"
        );
        assert_eq!(
            doc_id("fdzdgknr/gfxwj/2021-3").unwrap(),
            "fdzdgknr/gfxwj/2021-3"
        );
        for bad in ["", "/etc/passwd", "../x.md", "a//b.md"] {
            assert!(doc_id(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn prune_keeps_newest_complete_releases() {
        let state = State {
            exists: true,
            current: Some("3".into()),
            releases: vec!["1".into(), "2".into(), "2x".into(), "3".into()],
            manifests: ["1", "2", "3"].iter().map(|s| s.to_string()).collect(),
            ..State::default()
        };
        assert_eq!(prune_list(&state, "4", 2, "9"), ["1", "2", "2x"]);
        assert_eq!(
            prune_list(&state, "4", 1, "9"),
            ["1", "2", "2x"],
            "the previous live release stays"
        );
        assert_eq!(prune_list(&state, "4", 5, "9"), ["2x"]);
        assert_eq!(
            prune_list(&state, "4", 5, "2"),
            Vec::<String>::new(),
            "a recent unfinished upload stays"
        );
    }
}
