//! `gongkai schema front-matter|site [--root DIR] [-o FILE]`.

use std::path::Path;

use gongkai::schema::{self, Which};
use gongkai::t;

use super::print_diagnostics;

pub fn run(which: &str, root: Option<&Path>, output: Option<&Path>) -> u8 {
    let Some(w) = Which::parse(which) else {
        eprintln!(
            "error: {}\n   = help: {}",
            t!("未知的 schema `{which}`", "unknown schema `{which}`"),
            gongkai::diag::suggest(which, &["front-matter", "site"])
        );
        return 2;
    };
    let cfg = match root.map(schema::site_config).transpose() {
        Ok(c) => c,
        Err(d) => {
            print_diagnostics(root.unwrap_or(Path::new(".")), &d);
            return 1;
        }
    };
    let mut text = serde_json::to_string_pretty(&schema::generate(w, cfg.as_ref()))
        .expect("a schema serializes");
    text.push('\n');
    match output {
        None => {
            print!("{text}");
            0
        }
        Some(p) => match std::fs::write(p, text) {
            Ok(()) => {
                eprintln!("{}", t!("已写入 {f}", "wrote {f}", f = p.display()));
                0
            }
            Err(e) => {
                eprintln!(
                    "error: {}",
                    t!(
                        "无法写入 {f}：{e}",
                        "cannot write {f}: {e}",
                        f = p.display()
                    )
                );
                1
            }
        },
    }
}
