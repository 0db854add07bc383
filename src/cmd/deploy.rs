//! `gongkai deploy`: build afresh (or check an existing build), upload as an atomic release,
//! switch, and print what changed.

use std::path::PathBuf;

use gongkai::deploy::{self, DeployError, DeployOptions, DeployReport, Outcome};

use gongkai::i18n::pick;
use gongkai::t;

use super::{print_diagnostics, resolve_today};

/// The flags of `gongkai deploy`.
#[derive(clap::Args)]
pub struct DeployArgs {
    /// Site folder (with site.yaml and content/)
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Target name from site.yaml [default: the first]
    #[arg(long)]
    pub target: Option<String>,
    /// Show what would be added, changed and removed
    #[arg(long)]
    pub dry_run: bool,
    /// Switch back to the previous release
    #[arg(long)]
    pub rollback: bool,
    /// Emergency: rebuild without this document and deploy
    #[arg(long, value_name = "CONTENT_PATH")]
    pub retract: Option<String>,
    /// Allow a retracted document to be published again
    #[arg(long, value_name = "CONTENT_PATH")]
    pub unretract: Option<String>,
    /// Fix "today" as YYYY-MM-DD [default: $SOURCE_DATE_EPOCH, else the system date]
    #[arg(long)]
    pub today: Option<String>,
    /// Deploy this existing build instead of building afresh (refused if built with --drafts or older than the source)
    #[arg(long)]
    pub output: Option<PathBuf>,
}

pub fn run(a: DeployArgs) -> u8 {
    let today = match resolve_today(a.today.as_deref()) {
        Ok(t) => t,
        Err(c) => return c,
    };
    let opts = DeployOptions {
        root: a.root,
        target: a.target,
        dry_run: a.dry_run,
        rollback: a.rollback,
        retract: a.retract,
        unretract: a.unretract,
        today,
        prebuilt: a.output,
    };
    match deploy::run(&opts) {
        Ok(r) => {
            print_report(&r, &opts.root);
            0
        }
        Err(e) => report_error(e, &opts.root),
    }
}

fn report_error(e: DeployError, root: &std::path::Path) -> u8 {
    match e {
        DeployError::Usage(msg, help) => {
            eprintln!("error: {msg}");
            if let Some(h) = help {
                eprintln!("   = help: {h}");
            }
            2
        }
        DeployError::Build(d) => {
            print_diagnostics(root, &d.items);
            let n = d.error_count();
            eprintln!(
                "error: {}",
                t!(
                    "构建失败，共 {n} 个错误；没有部署任何内容",
                    "the build failed with {n} error(s); nothing was deployed"
                )
            );
            1
        }
        DeployError::Refused(d) => {
            print_diagnostics(root, &d);
            eprintln!(
                "error: {}",
                pick(
                    "拒绝部署；线上网站未改动",
                    "deploy refused; the live site was not changed"
                )
            );
            1
        }
        DeployError::Host(h) => {
            eprintln!("error: {h}");
            if let Some(help) = &h.help {
                eprintln!("   = help: {help}");
            }
            eprintln!(
                "error: {}",
                pick(
                    "部署失败；线上版本未改动",
                    "deploy failed; the live release was not changed"
                )
            );
            1
        }
        DeployError::Verify(msg, help) => {
            eprintln!("error: {msg}");
            if let Some(h) = help {
                eprintln!("   = help: {h}");
            }
            1
        }
    }
}

fn print_report(r: &DeployReport, root: &std::path::Path) {
    print_diagnostics(root, &r.warnings);
    let d = &r.diff;
    let (a, c, x, u) = (d.added.len(), d.changed.len(), d.removed.len(), d.unchanged);
    let counts = t!(
        "新增 {a}，改动 {c}，删除 {x}，未变 {u}",
        "{a} added, {c} changed, {x} removed, {u} unchanged"
    );
    let release = r.release.as_deref().unwrap_or("-");
    match r.outcome {
        Outcome::DryRun => {
            for (mark, list) in [("+", &d.added), ("~", &d.changed), ("-", &d.removed)] {
                for p in list {
                    println!("{mark} {p}");
                }
            }
            let (target, at) = (&r.target, &r.location);
            println!(
                "{}",
                t!(
                    "试运行 `{target}`（{at}）：{counts}",
                    "Dry run for `{target}` ({at}): {counts}"
                )
            );
            let live = r
                .previous
                .clone()
                .unwrap_or_else(|| pick("尚无", "none yet").to_string());
            println!("{}", t!("  线上版本：{live}", "  live release:  {live}"));
            println!(
                "{}",
                t!(
                    "  将切换到 {release}；未做任何改动",
                    "  would switch to {release}; nothing was changed"
                )
            );
        }
        Outcome::UpToDate => {
            let (target, at) = (&r.target, &r.location);
            println!(
                "{}",
                t!(
                    "`{target}`（{at}）已在提供这次构建（版本 {release}）；没有上传",
                    "`{target}` ({at}) already serves this build (release {release}); nothing uploaded"
                )
            );
        }
        Outcome::Deployed | Outcome::RolledBack => {
            let (target, at, files) = (&r.target, &r.location, r.files);
            if r.outcome == Outcome::Deployed {
                println!(
                    "{}",
                    t!(
                        "已部署 `{target}`（{at}），版本 {release}",
                        "Deployed `{target}` ({at}) to release {release}"
                    )
                );
            } else {
                println!(
                    "{}",
                    t!(
                        "已回滚 `{target}`（{at}）到版本 {release}",
                        "Rolled back `{target}` ({at}) to release {release}"
                    )
                );
            }
            println!(
                "{}",
                t!("  {files} 个文件：{counts}", "  {files} files: {counts}")
            );
            let prev = r
                .previous
                .clone()
                .unwrap_or_else(|| pick("无", "none").to_string());
            println!(
                "{}",
                t!("  上一个版本：{prev}", "  previous release: {prev}")
            );
            if !r.pruned.is_empty() {
                let (n, list) = (r.pruned.len(), r.pruned.join(", "));
                println!(
                    "{}",
                    t!(
                        "  清理了 {n} 个旧版本：{list}",
                        "  pruned {n} old release(s): {list}"
                    )
                );
            }
            if r.outcome == Outcome::Deployed && r.previous.is_some() {
                println!(
                    "{}",
                    t!(
                        "  撤销：gongkai deploy --rollback --target {target}",
                        "  undo with: gongkai deploy --rollback --target {target}"
                    )
                );
            }
        }
    }
    for n in &r.notes {
        println!("  {n}");
    }
}
