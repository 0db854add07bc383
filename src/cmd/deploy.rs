//! `gongkai deploy` (placeholder until the deploy module lands).
use std::path::PathBuf;
pub struct DeployArgs {
    pub root: PathBuf,
    pub target: Option<String>,
    pub dry_run: bool,
    pub rollback: bool,
    pub retract: Option<String>,
    pub unretract: Option<String>,
    pub today: Option<String>,
    pub output: Option<PathBuf>,
}
pub fn run(_a: DeployArgs) -> u8 {
    eprintln!("error: `gongkai deploy` is not available in this build yet");
    2
}
