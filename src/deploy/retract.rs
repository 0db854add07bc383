//! `D/retracted.json`: documents taken down with `--retract`, which later deploys and
//! rollbacks refuse to publish again until `--unretract`.
//!
//! A retraction records what was online (issue 16 item 5): the content id, the URL and the
//! document's identity (文号, or the title when it has none) from the live release's
//! manifest. A document matching any of them is refused, so renaming the file (same URL, or
//! the same document under a new file name) does not bring it back.

use serde::{Deserialize, Serialize};

use super::manifest::{DocEntry, Manifest};
use super::target::HostError;
use crate::diag::Diagnostic;

/// `D/retracted.json`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RetractedList {
    pub retracted: Vec<Retraction>,
}

/// One retracted document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Retraction {
    pub id: String,
    /// Its URL while it was live (relative to the site root), if known.
    pub url: Option<String>,
    /// Its 文号 while it was live, if it had one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_number: Option<String>,
    /// Its title while it was live (the identity when there is no 文号).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub at: String,
    /// The release that took it down.
    pub release: String,
}

impl RetractedList {
    pub fn parse(bytes: Option<&[u8]>) -> Result<RetractedList, HostError> {
        match bytes {
            None => Ok(RetractedList::default()),
            Some(b) => serde_json::from_slice(b).map_err(|e| {
                HostError::new(
                    t!("读取 retracted.json", "read retracted.json"),
                    t!("文件内容无效：{e}", "it is not valid: {e}"),
                )
                .help(t!(
                    "从备份恢复它或手动改正；部署不会猜测哪些文件已被撤回",
                    "restore it from a backup or fix it by hand; deploy will not guess which documents were retracted"
                ))
            }),
        }
    }

    pub fn to_json(&self) -> Vec<u8> {
        let mut v = serde_json::to_vec_pretty(self).expect("serializes");
        v.push(b'\n');
        v
    }

    /// Apply `--unretract` and `--retract` (the URL is taken from the live release `old`).
    /// Returns whether the list changed.
    pub fn update(
        &mut self,
        retract: Option<&str>,
        unretract: Option<&str>,
        old: Option<&Manifest>,
        at: &str,
        notes: &mut Vec<String>,
    ) -> bool {
        let mut changed = false;
        if let Some(id) = unretract {
            let before = self.retracted.len();
            self.retracted.retain(|r| r.id != id);
            if self.retracted.len() == before {
                notes.push(t!(
                    "{id}.md 在这个目标上没有被撤回，无需取消撤回",
                    "{id}.md was not retracted on this target; nothing to unretract"
                ));
            } else {
                changed = true;
                notes.push(t!(
                    "{id}.md 可以重新发布（已从 retracted.json 中删除）",
                    "{id}.md may be published again (removed from retracted.json)"
                ));
            }
        }
        if let Some(id) = retract
            && !self.retracted.iter().any(|r| r.id == id)
        {
            let live = old.and_then(|m| m.documents.iter().find(|d| d.id == id));
            self.retracted.push(Retraction {
                id: id.into(),
                url: live.map(|d| d.url.clone()),
                doc_number: live.and_then(|d| d.doc_number.clone()),
                title: live.and_then(|d| d.title.clone()),
                at: at.into(),
                release: String::new(),
            });
            self.retracted.sort_by(|a, b| a.id.cmp(&b.id));
            changed = true;
        }
        changed
    }

    /// One error per document of `docs` that is a retracted one: the same content id, the
    /// same URL, the same 文号, or (for a retraction without 文号) the same title.
    pub fn conflicts(
        &self,
        docs: &[DocEntry],
        target: &str,
        what: &str,
        fix: &str,
    ) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for r in &self.retracted {
            for d in docs {
                let Some(how) = r.matches(d) else { continue };
                let msg = if d.id == r.id {
                    t!(
                        "`{}` 已于 {} 从 `{target}` 撤回（版本 {}），但{what}又发布了它",
                        "`{}` was retracted from `{target}` at {} (release {}), but {what} publishes it again",
                        r.id,
                        r.at,
                        r.release
                    )
                } else {
                    t!(
                        "`{}` 与已于 {} 从 `{target}` 撤回的 `{}`（版本 {}）{how}，{what}会把撤回的信息重新发布",
                        "`{}` has {how} of `{}`, retracted from `{target}` at {} (release {}); {what} would publish the retracted document again",
                        d.id,
                        r.at,
                        r.id,
                        r.release
                    )
                };
                out.push(
                    Diagnostic::error(format!("content/{}.md", d.id), None, msg).help(t!(
                        "{fix}；如确可重新公开，加 `--unretract {}.md`",
                        "{fix}, or, if it may go online again, add `--unretract {}.md`",
                        r.id
                    )),
                );
            }
        }
        out
    }
}

impl Retraction {
    /// How `d` is this retracted document, in words; `None` if it is not.
    fn matches(&self, d: &DocEntry) -> Option<String> {
        if d.id == self.id {
            return Some(String::new());
        }
        if self.url.as_deref() == Some(d.url.as_str()) {
            return Some(t!("网址相同（{}）", "the URL {}", d.url));
        }
        match (&self.doc_number, &d.doc_number) {
            (Some(a), Some(b)) if a == b => {
                return Some(t!("文号相同（{a}）", "the 文号 {a}"));
            }
            // A 文号 names one document; a different one is a different document.
            (Some(_), _) => return None,
            _ => {}
        }
        match (&self.title, &d.title) {
            (Some(a), Some(b)) if a == b => Some(t!("标题相同（{a}）", "the title {a}")),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, url: &str, num: Option<&str>, title: &str) -> DocEntry {
        DocEntry {
            id: id.into(),
            url: url.into(),
            doc_number: num.map(str::to_string),
            title: Some(title.into()),
        }
    }

    /// Issue 16 item 5: a retraction follows the document across renames.
    #[test]
    fn retractions_match_by_id_url_and_identity() {
        let old = Manifest {
            release: "r1".into(),
            target: "main".into(),
            built_at: String::new(),
            deployed_at: String::new(),
            today: None,
            source_commit: None,
            source_dirty: None,
            gongkai_version: String::new(),
            retracted: Vec::new(),
            documents: vec![
                doc("a/x", "/a/x/", Some("测政发〔2021〕1号"), "甲"),
                doc("a/y", "/a/y/", None, "乙"),
            ],
            files: Vec::new(),
        };
        let mut list = RetractedList::default();
        let mut notes = Vec::new();
        assert!(list.update(Some("a/x"), None, Some(&old), "t", &mut notes));
        assert!(list.update(Some("a/y"), None, Some(&old), "t", &mut notes));
        let hits = |d: DocEntry| list.conflicts(&[d], "main", "x", "y").len();
        assert_eq!(hits(doc("a/x", "/a/x/", None, "新")), 1, "same id");
        assert_eq!(hits(doc("b/z", "/a/x/", None, "新")), 1, "same URL");
        assert_eq!(
            hits(doc("b/x2", "/b/x2/", Some("测政发〔2021〕1号"), "新")),
            1,
            "same 文号"
        );
        assert_eq!(
            hits(doc("b/x3", "/b/x3/", Some("测政发〔2021〕2号"), "甲")),
            0,
            "another 文号"
        );
        assert_eq!(
            hits(doc("b/y2", "/b/y2/", None, "乙")),
            1,
            "same title, no 文号"
        );
        assert_eq!(hits(doc("b/w", "/b/w/", None, "丙")), 0);
    }
}
