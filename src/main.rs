//! Command-line entry point: parses arguments and calls one function per command.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cmd;

/// gongkai (公开) — static site generator for government information-disclosure columns.
#[derive(Parser)]
#[command(name = "gongkai", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Message language: zh (default) or en [env: GONGKAI_LANG]; the locale is not consulted
    #[arg(long, global = true, value_parser = ["zh", "en"])]
    lang: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into public/ (atomically: a failed build leaves the old output untouched)
    Build {
        /// Site folder (with site.yaml and content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder [default: <root>/public]
        #[arg(long)]
        output: Option<PathBuf>,
        /// Fix "today" (embargo, expiry) as YYYY-MM-DD [default: $SOURCE_DATE_EPOCH, else the system date]
        #[arg(long)]
        today: Option<String>,
        /// Include 主动公开 drafts, visibly marked 草稿 (never for deployment)
        #[arg(long)]
        drafts: bool,
        /// Print the time spent in each stage
        #[arg(long)]
        timings: bool,
        /// Print only errors
        #[arg(long, short)]
        quiet: bool,
    },
    /// Run the compliance inspection (政府网站检查) on the source, without building
    Check {
        /// Site folder (with site.yaml and content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Fix "today" as YYYY-MM-DD [default: $SOURCE_DATE_EPOCH, else the system date]
        #[arg(long)]
        today: Option<String>,
        /// Output format
        #[arg(long, default_value = "human", value_parser = ["human", "json"])]
        format: String,
        /// `--deny warnings`: exit 1 on warnings too
        #[arg(long, value_parser = ["warnings"])]
        deny: Option<String>,
    },
    /// Preview the site locally with live reload
    Serve {
        /// Site folder (with site.yaml and content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port to listen on (0 = any free port)
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on (only loopback unless you say otherwise)
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Fix "today" as YYYY-MM-DD [default: $SOURCE_DATE_EPOCH, else the system date]
        #[arg(long)]
        today: Option<String>,
        /// Include 主动公开 drafts, visibly marked 草稿
        #[arg(long)]
        drafts: bool,
    },
    /// Create a new document with the front matter its kind needs
    New {
        /// Content path, e.g. fdzdgknr/gfxwj/2021-lzzf-3.md
        path: String,
        /// Site folder (with site.yaml and content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// 信息类别 (kind): 规范性文件 | 政策文件 | 政策解读 | 年度报告 | 重大决策事项 | 一般信息
        #[arg(long, default_value = "一般信息")]
        kind: String,
        /// Fix "today" as YYYY-MM-DD [default: $SOURCE_DATE_EPOCH, else the system date]
        #[arg(long)]
        today: Option<String>,
    },
    /// Create a minimal working site in DIR
    Init { dir: PathBuf },
    /// Add a 部门 or 镇街 with its own disclosure section (指南, 制度, 法定主动公开内容, 年报)
    NewBody {
        /// The body's name, e.g. 罗庄区交通运输局 (an existing unit, or a new one)
        name: String,
        /// 部门 | 镇街
        #[arg(long)]
        kind: String,
        /// Its section folder under content/, e.g. bm/jtj (→ /bm/jtj/)
        #[arg(long)]
        path: String,
        /// Site folder (with site.yaml and content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Fix "today" as YYYY-MM-DD [default: $SOURCE_DATE_EPOCH, else the system date]
        #[arg(long)]
        today: Option<String>,
    },
    /// List documents without 索引号, or fill them in with --write
    IndexNumbers {
        /// Site folder (with site.yaml and content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Write the missing numbers into the files (only that front-matter line changes),
        /// and renumber the never-published one of two documents sharing a number
        #[arg(long)]
        write: bool,
        /// Deploy target whose release manifests say what has been online [default: the first]
        #[arg(long)]
        target: Option<String>,
        /// A release manifest, or a folder of them, instead of reading the deploy target
        #[arg(long, conflicts_with = "target")]
        manifests: Option<PathBuf>,
    },
    /// Print the JSON Schema of front matter or site.yaml, for editors (VS Code YAML extension)
    Schema {
        /// front-matter | site
        which: String,
        /// List this site's units (issuer) and catalog ids too (reads <root>/site.yaml)
        #[arg(long)]
        root: Option<PathBuf>,
        /// Write to FILE instead of standard output
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Publish public/ to a web host with an atomic switch (see site.yaml `deploy:`)
    Deploy(cmd::deploy::DeployArgs),
    /// Import an existing column from a local mirror (wget --mirror, HTTrack, saved pages)
    Import {
        /// The mirror folder
        mirror: PathBuf,
        /// Site folder (with site.yaml and content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Map of old columns and issuers [default: <root>/import.yaml if present]
        #[arg(long)]
        map: Option<PathBuf>,
        /// Write only import-report.json and import-report.md
        #[arg(long)]
        dry_run: bool,
    },
}

fn main() -> ExitCode {
    quiet_broken_pipe();
    let cli = Cli::parse();
    #[cfg(unix)]
    if !matches!(cli.command, Command::Serve { .. } | Command::Deploy(_)) {
        // SAFETY: no other thread exists yet; SIG_DFL is a valid handler. Not for serve and
        // deploy, which talk to sockets and child processes whose end must not kill us.
        unsafe {
            libc::signal(libc::SIGPIPE, libc::SIG_DFL);
        }
    }
    let env_lang = std::env::var("GONGKAI_LANG").ok();
    gongkai::i18n::set_english(gongkai::i18n::english_requested(
        cli.lang.as_deref(),
        env_lang.as_deref(),
    ));
    let code = match cli.command {
        Command::Build {
            root,
            output,
            today,
            drafts,
            timings,
            quiet,
        } => cmd::build::run(root, output, today, drafts, timings, quiet),
        Command::Check {
            root,
            today,
            format,
            deny,
        } => cmd::check::run(root, today, &format, deny.is_some()),
        Command::Serve {
            root,
            port,
            bind,
            today,
            drafts,
        } => cmd::serve::run(root, port, bind, today, drafts),
        Command::New {
            path,
            root,
            kind,
            today,
        } => cmd::new::run_new(root, &path, &kind, today),
        Command::Init { dir } => cmd::new::run_init(&dir),
        Command::Schema {
            which,
            root,
            output,
        } => cmd::schema::run(&which, root.as_deref(), output.as_deref()),
        Command::NewBody {
            name,
            kind,
            path,
            root,
            today,
        } => cmd::new::run_new_body(&root, &name, &kind, &path, today),
        Command::IndexNumbers {
            root,
            write,
            target,
            manifests,
        } => cmd::new::run_index_numbers(root, write, target, manifests),
        Command::Deploy(args) => cmd::deploy::run(args),
        Command::Import {
            mirror,
            root,
            map,
            dry_run,
        } => cmd::import::run(mirror, root, map, dry_run),
    };
    ExitCode::from(code)
}

/// A reader that goes away (`gongkai index-numbers | head`) ends the process quietly, as it
/// does for other command-line tools, instead of a panic in `println!` (exit 101): main
/// restores the default SIGPIPE action for the commands that only print, and a print that
/// still fails on a closed pipe (serve, deploy, or no SIGPIPE) exits quietly here.
fn quiet_broken_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let msg = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if msg.contains("Broken pipe") || msg.contains("os error 32") {
            std::process::exit(141);
        }
        default(info);
    }));
}
