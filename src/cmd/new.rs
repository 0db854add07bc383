//! `gongkai new`, `init`, `index-numbers` (placeholders until they land).
use std::path::{Path, PathBuf};
pub fn run_new(_root: PathBuf, _path: &str, _kind: &str, _today: Option<String>) -> u8 {
    eprintln!("error: `gongkai new` is not available in this build yet");
    2
}
pub fn run_init(_dir: &Path) -> u8 {
    eprintln!("error: `gongkai init` is not available in this build yet");
    2
}
pub fn run_index_numbers(_root: PathBuf, _write: bool) -> u8 {
    eprintln!("error: `gongkai index-numbers` is not available in this build yet");
    2
}
