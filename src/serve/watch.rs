//! File watching: content/, themes/, static/ recursively and the site folder itself (for
//! site.yaml and those folders appearing), debounced so an editor's save is one rebuild.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

/// How long the site must be quiet before a rebuild starts. An editor's save (write a
/// temporary file, rename it over the document) takes well under this; a longer wait is
/// pure latency (the preview target is edit → visible in ≤ 100 ms at 10,000 documents). A
/// save that straddles two batches costs one extra incremental rebuild, not a wrong page.
pub const DEBOUNCE: Duration = Duration::from_millis(20);

/// Folders watched recursively.
const TREES: &[&str] = &["content", "themes", "static"];

pub struct Watcher {
    root: PathBuf,
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    watched: BTreeSet<&'static str>,
}

impl Watcher {
    /// Start watching `root`; every debounced batch of changed paths is sent to `tx`.
    pub fn start(root: &Path, tx: Sender<Vec<PathBuf>>) -> Result<Watcher, String> {
        let debouncer = new_debouncer(DEBOUNCE, None, move |res: DebounceEventResult| match res {
            Ok(events) => {
                let paths: Vec<PathBuf> = events
                    .iter()
                    .filter(|e| !matches!(e.event.kind, EventKind::Access(_)))
                    .flat_map(|e| e.event.paths.iter().cloned())
                    .collect();
                if !paths.is_empty() {
                    let _ = tx.send(paths);
                }
            }
            Err(errors) => {
                for e in errors {
                    eprintln!("warning: {}", t!("文件监视出错：{e}", "file watcher: {e}"));
                }
            }
        })
        .map_err(|e| t!("无法监视文件：{e}", "cannot watch files: {e}"))?;
        let mut w = Watcher {
            root: root.to_path_buf(),
            debouncer,
            watched: BTreeSet::new(),
        };
        w.debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| {
                t!(
                    "无法监视 {r}：{e}",
                    "cannot watch {r}: {e}",
                    r = root.display()
                )
            })?;
        w.refresh();
        Ok(w)
    }

    /// Watch folders that appeared since (themes/ or static/ created after start).
    pub fn refresh(&mut self) {
        for t in TREES {
            let dir = self.root.join(t);
            if !self.watched.contains(t) && dir.is_dir() {
                match self.debouncer.watch(&dir, RecursiveMode::Recursive) {
                    Ok(()) => {
                        self.watched.insert(t);
                    }
                    Err(e) => eprintln!(
                        "warning: {}",
                        t!(
                            "无法监视 {d}：{e}",
                            "cannot watch {d}: {e}",
                            d = dir.display()
                        )
                    ),
                }
            } else if self.watched.contains(t) && !dir.is_dir() {
                let _ = self.debouncer.unwatch(&dir);
                self.watched.remove(t);
            }
        }
    }
}
