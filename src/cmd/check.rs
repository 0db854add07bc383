//! `gongkai check` (placeholder until the check module lands).
use std::path::PathBuf;
pub fn run(_root: PathBuf, _today: Option<String>, _format: &str, _deny: bool) -> u8 {
    eprintln!("error: `gongkai check` is not available in this build yet");
    2
}
