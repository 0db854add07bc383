//! `D/retracted.json`: documents taken down with `--retract`, which later deploys and
//! rollbacks refuse to publish again until `--unretract`.

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
    pub at: String,
    /// The release that took it down.
    pub release: String,
}

impl RetractedList {
    pub fn parse(bytes: Option<&[u8]>) -> Result<RetractedList, HostError> {
        match bytes {
            None => Ok(RetractedList::default()),
            Some(b) => serde_json::from_slice(b).map_err(|e| {
                HostError::new("read retracted.json", format!("it is not valid: {e}"))
                    .help("restore it from a backup or fix it by hand; deploy will not guess which documents were retracted")
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
                notes.push(format!(
                    "{id}.md was not retracted on this target; nothing to unretract"
                ));
            } else {
                changed = true;
                notes.push(format!(
                    "{id}.md may be published again (removed from retracted.json)"
                ));
            }
        }
        if let Some(id) = retract
            && !self.retracted.iter().any(|r| r.id == id)
        {
            let url = old
                .and_then(|m| m.documents.iter().find(|d| d.id == id))
                .map(|d| d.url.clone());
            self.retracted.push(Retraction {
                id: id.into(),
                url,
                at: at.into(),
                release: String::new(),
            });
            self.retracted.sort_by(|a, b| a.id.cmp(&b.id));
            changed = true;
        }
        changed
    }

    /// One error per retracted document that `docs` would publish again.
    pub fn conflicts(
        &self,
        docs: &[DocEntry],
        target: &str,
        what: &str,
        fix: &str,
    ) -> Vec<Diagnostic> {
        self.retracted
            .iter()
            .filter(|r| docs.iter().any(|d| d.id == r.id))
            .map(|r| {
                Diagnostic::error(
                    format!("content/{}.md", r.id),
                    None,
                    format!(
                        "`{}` was retracted from `{target}` at {} (release {}), but {what} publishes it again",
                        r.id, r.at, r.release
                    ),
                )
                .help(format!("{fix}, or, if it may go online again, add `--unretract {}.md`", r.id))
            })
            .collect()
    }
}
