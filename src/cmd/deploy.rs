//! `gongkai deploy`: build afresh (or check an existing build), upload as an atomic release,
//! switch, and print what changed.

use std::path::PathBuf;

use gongkai::deploy::{self, DeployError, DeployOptions, DeployReport, Outcome};

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
                "error: the build failed with {n} error{}; nothing was deployed",
                if n == 1 { "" } else { "s" }
            );
            1
        }
        DeployError::Refused(d) => {
            print_diagnostics(root, &d);
            eprintln!("error: deploy refused; the live site was not changed");
            1
        }
        DeployError::Host(h) => {
            eprintln!("error: {h}");
            if let Some(help) = &h.help {
                eprintln!("   = help: {help}");
            }
            eprintln!("error: deploy failed; the live release was not changed");
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
    let counts = format!(
        "{} added, {} changed, {} removed, {} unchanged",
        d.added.len(),
        d.changed.len(),
        d.removed.len(),
        d.unchanged
    );
    let release = r.release.as_deref().unwrap_or("-");
    match r.outcome {
        Outcome::DryRun => {
            for (mark, list) in [("+", &d.added), ("~", &d.changed), ("-", &d.removed)] {
                for p in list {
                    println!("{mark} {p}");
                }
            }
            println!("Dry run for `{}` ({}): {counts}", r.target, r.location);
            match &r.previous {
                Some(p) => println!("  live release:  {p}"),
                None => println!("  live release:  none yet"),
            }
            println!("  would switch to {release}; nothing was changed");
        }
        Outcome::UpToDate => {
            println!(
                "`{}` ({}) already serves this build (release {release}); nothing uploaded",
                r.target, r.location
            );
        }
        Outcome::Deployed | Outcome::RolledBack => {
            let verb = if r.outcome == Outcome::Deployed {
                "Deployed"
            } else {
                "Rolled back"
            };
            println!(
                "{verb} `{}` ({}) to release {release}",
                r.target, r.location
            );
            println!("  {} files: {counts}", r.files);
            println!(
                "  previous release: {}",
                r.previous.as_deref().unwrap_or("none")
            );
            if !r.pruned.is_empty() {
                println!(
                    "  pruned {} old release{}: {}",
                    r.pruned.len(),
                    if r.pruned.len() == 1 { "" } else { "s" },
                    r.pruned.join(", ")
                );
            }
            if r.outcome == Outcome::Deployed && r.previous.is_some() {
                println!(
                    "  undo with: gongkai deploy --rollback --target {}",
                    r.target
                );
            }
        }
    }
    for n in &r.notes {
        println!("  {n}");
    }
}
