//! `--retract` / `--unretract` checking: the retraction list after this command, whether
//! the named document is known, and refusing retracted documents in a release.

use super::manifest::{self, DocEntry, Manifest};
use super::retract::RetractedList;
use super::target::State;
use super::{Ctx, DeployError, content_ids, now_secs, refuse};

impl Ctx<'_> {
    /// The retraction list after this command, and whether it changed. A new entry's
    /// `release` is left empty until the release id is known.
    pub(super) fn retractions(
        &self,
        state: &State,
        old: Option<&Manifest>,
        notes: &mut Vec<String>,
    ) -> Result<(RetractedList, bool), DeployError> {
        let mut list = RetractedList::parse(state.retracted.as_deref())?;
        self.check_known(&list, old)?;
        let at = manifest::utc_stamps(now_secs()).1;
        let changed = list.update(
            self.retract.as_deref(),
            self.unretract.as_deref(),
            old,
            &at,
            notes,
        );
        Ok((list, changed))
    }

    /// `--retract` must name a document that is online (in the live manifest) or in content/;
    /// `--unretract` one that is retracted on this target. A typo is an error with the
    /// closest name, never a silent redeploy (issue 16 item 5).
    pub(super) fn check_known(
        &self,
        list: &RetractedList,
        old: Option<&Manifest>,
    ) -> Result<(), DeployError> {
        if let Some(rid) = &self.retract {
            let mut known: Vec<String> = old
                .map(|m| m.documents.iter().map(|d| d.id.clone()).collect())
                .unwrap_or_default();
            known.extend(content_ids(&self.opts.root));
            known.sort();
            known.dedup();
            if !known.contains(rid) {
                let near = crate::diag::did_you_mean_path(rid, known.iter().map(String::as_str));
                return Err(refuse(
                    format!("content/{rid}.md"),
                    t!(
                        "`{rid}.md` 既不在 `{}` 的线上版本中，也不在 content/ 里，无法撤回",
                        "`{rid}.md` is neither in the live release on `{}` nor in content/; nothing to retract",
                        self.target.name
                    ),
                    match near {
                        Some(n) => t!("是否应为 `{n}.md`？", "did you mean `{n}.md`?"),
                        None => t!(
                            "给出文件在 content/ 下的路径，例如 fdzdgknr/gfxwj/2021-3.md",
                            "give the document's path under content/, e.g. fdzdgknr/gfxwj/2021-3.md"
                        ),
                    },
                ));
            }
        }
        if let Some(uid) = &self.unretract
            && !list.retracted.iter().any(|x| &x.id == uid)
        {
            let ids: Vec<&str> = list.retracted.iter().map(|x| x.id.as_str()).collect();
            let help = match crate::diag::did_you_mean_path(uid, ids.iter().copied()) {
                Some(n) => t!("是否应为 `{n}.md`？", "did you mean `{n}.md`?"),
                None if ids.is_empty() => t!(
                    "这个目标上没有撤回记录",
                    "nothing is retracted on this target"
                ),
                None => t!("已撤回的有：{}", "retracted here: {}", ids.join(", ")),
            };
            return Err(refuse(
                format!("content/{uid}.md"),
                t!(
                    "`{uid}.md` 在 `{}` 上没有被撤回，无法取消撤回",
                    "`{uid}.md` is not retracted on `{}`; nothing to unretract",
                    self.target.name
                ),
                help,
            ));
        }
        Ok(())
    }

    /// Refuse documents in `docs` that are retracted.
    pub(super) fn check_retracted(
        &self,
        list: &RetractedList,
        docs: &[DocEntry],
        what: &str,
        fix: &str,
    ) -> Result<(), DeployError> {
        let hits = list.conflicts(docs, &self.target.name, what, fix);
        if hits.is_empty() {
            Ok(())
        } else {
            Err(DeployError::Refused(hits))
        }
    }
}
