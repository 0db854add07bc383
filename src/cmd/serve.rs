//! `gongkai serve`: preview with watch, incremental rebuild and live reload (see `gongkai::serve`).

use std::path::PathBuf;

use gongkai::serve::{ServeOptions, run as serve};

use super::{print_diagnostics, resolve_today};

pub fn run(root: PathBuf, port: u16, bind: String, today: Option<String>, drafts: bool) -> u8 {
    let today = match resolve_today(today.as_deref()) {
        Ok(t) => t,
        Err(c) => return c,
    };
    if !root.join("site.yaml").is_file() {
        eprintln!(
            "{}",
            gongkai::t!(
                "error: {r} 中没有 site.yaml\n   = help: 在站点文件夹中运行 gongkai serve，或用 --root DIR 指定",
                "error: no site.yaml in {r}\n   = help: run gongkai serve in the site folder, or pass --root DIR",
                r = root.display()
            )
        );
        return 2;
    }
    let opts = ServeOptions {
        root,
        bind,
        port,
        today,
        drafts,
    };
    let root = opts.root.clone();
    match serve(&opts, &|items: &[gongkai::diag::Diagnostic]| {
        print_diagnostics(&root, items)
    }) {
        Ok(()) => 0,
        Err(msg) => {
            eprintln!("error: {msg}");
            1
        }
    }
}
