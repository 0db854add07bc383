//! `gongkai serve` (placeholder until the serve module lands).
use std::path::PathBuf;
pub fn run(_root: PathBuf, _port: u16, _bind: String, _today: Option<String>, _drafts: bool) -> u8 {
    eprintln!("error: `gongkai serve` is not available in this build yet");
    2
}
