//! Release policy: release ids, pruning old releases, and `--rollback`.

use std::time::{SystemTime, UNIX_EPOCH};

use super::manifest::{self, FileEntry};
use super::target::{HostError, State};
use super::{Ctx, DeployError, DeployReport, Outcome, now_secs, refuse};

impl Ctx<'_> {
    pub(super) fn rollback(&mut self) -> Result<DeployReport, DeployError> {
        let state = self.state()?;
        let cur = state.current.clone().ok_or_else(|| {
            refuse(
                "site.yaml",
                t!(
                    "`{}` 上还没有部署过任何版本",
                    "nothing is deployed on `{}` yet",
                    self.target.name
                ),
                t!("先部署一次", "deploy first"),
            )
        })?;
        let prev = state
            .complete()
            .into_iter()
            .rfind(|r| r < &cur)
            .ok_or_else(|| {
                refuse(
                    "site.yaml",
                    t!(
                        "`{}` 上没有比 {cur} 更早的版本可以回滚",
                        "no release older than {cur} on `{}` to roll back to",
                        self.target.name
                    ),
                    t!("改为部署一个修正后的构建", "deploy a fixed build instead"),
                )
            })?;
        let prev_m = self.manifest(&prev)?.ok_or_else(|| {
            HostError::new(
                t!("回滚", "roll back"),
                t!(
                    "manifests/{prev}.json 不见了",
                    "manifests/{prev}.json vanished"
                ),
            )
        })?;
        let cur_m = self.manifest(&cur)?;
        let mut r = self.report(Outcome::DryRun);
        r.previous = Some(cur.clone());
        r.release = Some(prev.clone());
        r.files = prev_m.files.len();
        r.diff = manifest::diff(cur_m.as_ref().map(|m| m.files.as_slice()), &prev_m.files);
        let (list, list_changed) = self.retractions(&state, None, &mut r.notes)?;
        self.check_retracted(
            &list,
            &prev_m.documents,
            &t!("回滚到版本 {prev}", "rolling back to release {prev}"),
            &t!(
                "不要回滚，改为部署一个修正后的构建",
                "deploy a fixed build instead of rolling back"
            ),
        )?;
        if self.opts.dry_run {
            return Ok(r);
        }
        if list_changed {
            self.host.put("retracted.json", &list.to_json())?;
        }
        self.host.switch(&prev)?;
        r.outcome = Outcome::RolledBack;
        self.log(
            &mut r,
            "rollback",
            &prev,
            Some(&cur),
            prev_m.source_commit.as_deref(),
        );
        self.verify(&mut r, &prev_m, None)?;
        Ok(r)
    }
}

/// `<UTC YYYYMMDDTHHMMSSZ>-<content hash>`, strictly after every existing release so that ids
/// sort by time (waits for the next second when the last deploy was this second).
pub(super) fn release_id(
    files: &[FileEntry],
    state: &State,
    dry_run: bool,
) -> Result<String, DeployError> {
    let hash = manifest::content_hash(files);
    for _ in 0..3 {
        let stamp = manifest::utc_stamps(now_secs()).0;
        match state
            .releases
            .last()
            .map(|l| l.get(..stamp.len()).unwrap_or(l))
        {
            Some(last) if last > stamp.as_str() => {
                return Err(refuse(
                    "site.yaml",
                    t!(
                        "版本 {last} 比本机时钟（{stamp}）还新",
                        "release {last} is newer than this machine's clock ({stamp})"
                    ),
                    t!(
                        "先校准本机时钟（ntp）再部署",
                        "fix the clock (ntp) before deploying"
                    ),
                ));
            }
            Some(last) if last == stamp && !dry_run => std::thread::sleep(
                std::time::Duration::from_millis(1000 - (now_millis() % 1000) + 5),
            ),
            _ => return Ok(format!("{stamp}-{hash}")),
        }
    }
    Err(refuse(
        "site.yaml",
        t!("找不到空闲的版本号", "could not find a free release id"),
        t!("稍后再试", "try again"),
    ))
}

fn now_millis() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// Releases to delete after `new` went live: all but the newest `keep` complete ones. Never
/// `new`, nor the release that was live until now (a request may still be reading it, and
/// it is what `--rollback` goes back to). Unfinished uploads (no manifest) go once their id is
/// older than `stale_before`, so a deploy running at the same time keeps its upload.
pub(super) fn prune_list(state: &State, new: &str, keep: usize, stale_before: &str) -> Vec<String> {
    let mut complete = state.complete();
    complete.push(new.to_string());
    complete.sort();
    let kept: Vec<&String> = complete.iter().rev().take(keep.max(1)).collect();
    state
        .releases
        .iter()
        .filter(|r| r.as_str() != new && Some(*r) != state.current.as_ref() && !kept.contains(r))
        .filter(|r| state.manifests.contains(*r) || r.as_str() < stale_before)
        .cloned()
        .collect()
}
