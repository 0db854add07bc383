//! `gongkai import`: a local mirror of an old disclosure column → documents in `content/`
//! (SPEC §10). Never touches the network, never overwrites anything in `content/`.
//!
//! Phases: walk the mirror (every file gets exactly one report row) → read and parse pages in
//! parallel ([`page`], [`meta`], [`decode`]) → plan sequentially (columns, kinds, issuers,
//! duplicates, collisions with existing content, attachments, 解读 edges, link targets) →
//! write documents and copy attachments → write the reports ([`report`]).

pub(crate) mod decode;
pub(crate) mod existing;
pub(crate) mod lists;
pub(crate) mod map;
pub(crate) mod meta;
pub(crate) mod page;
mod plan;
pub mod report;
pub(crate) mod urls;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::diag::Diagnostic;

pub use report::{Entry, Status};

/// What `gongkai import` was asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    pub mirror: PathBuf,
    pub root: PathBuf,
    /// `--map`; else `<root>/import.yaml` when it exists.
    pub map: Option<PathBuf>,
    pub dry_run: bool,
    /// Show a progress bar on stderr.
    pub progress: bool,
}

/// Why the import could not run at all.
#[derive(Debug)]
pub enum ImportError {
    /// Bad arguments (exit 2).
    Usage(String),
    /// site.yaml or import.yaml errors (exit 1).
    Config(Vec<Diagnostic>),
    Io(String),
}

/// The result: one row per mirror file, and the proposals for an incomplete map.
#[derive(Debug)]
pub struct Outcome {
    pub entries: Vec<Entry>,
    pub redirects: Vec<(String, String)>,
    pub proposals: report::Proposals,
    pub written: usize,
}

/// How a mirror file is treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileClass {
    Page,
    ListData { json: bool },
    Attachment,
    Asset,
    Other,
}

/// One file of the mirror.
#[derive(Debug, Clone)]
pub struct MirrorFile {
    pub rel: String,
    pub abs: PathBuf,
    pub class: FileClass,
    pub symlink: bool,
    pub size: u64,
}

/// A page or list file after reading.
#[derive(Debug)]
pub struct Read {
    pub encoding: Option<String>,
    pub decode_note: Option<String>,
    pub parsed: Option<page::Parsed>,
    /// Rows of a list data file, and its column name.
    pub list: Option<(Vec<page::Link>, Option<String>)>,
    pub failure: Option<String>,
}

const PAGE_EXT: &[&str] = &[
    "html", "htm", "shtml", "xhtml", "jhtml", "jsp", "php", "asp", "aspx",
];
const ASSET_EXT: &[&str] = &[
    "css", "js", "woff", "woff2", "ttf", "eot", "svg", "ico", "map", "swf", "mp4", "mp3",
];
/// Larger pages are refused rather than parsed (a 20 MB "page" is not a document page).
const MAX_PAGE: u64 = 20 * 1024 * 1024;

fn classify(rel: &str) -> FileClass {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let name = name.split(['?', '@']).next().unwrap_or(name);
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if PAGE_EXT.contains(&ext.as_str()) {
        FileClass::Page
    } else if ext == "json" {
        FileClass::ListData { json: true }
    } else if ext == "xml" {
        FileClass::ListData { json: false }
    } else if page::ATTACH_EXT.contains(&ext.as_str()) {
        FileClass::Attachment
    } else if ASSET_EXT.contains(&ext.as_str()) {
        FileClass::Asset
    } else {
        FileClass::Other
    }
}

/// Every file under the mirror, sorted by path.
pub fn walk(mirror: &Path) -> Result<Vec<MirrorFile>, ImportError> {
    if !mirror.is_dir() {
        let m = mirror.display();
        return Err(ImportError::Usage(t!(
            "镜像目录 `{m}` 不存在或不是文件夹\n   = help: 给出 wget --mirror / HTTrack 下载的网站文件夹，或浏览器保存网页的文件夹",
            "mirror folder `{m}` does not exist or is not a folder\n   = help: give the folder made by wget --mirror / HTTrack, or a folder of pages saved from a browser"
        )));
    }
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(mirror)
        .follow_links(false)
        .sort_by_file_name()
    {
        let e = e.map_err(|e| {
            ImportError::Io(t!("读取镜像目录失败：{e}", "cannot read the mirror: {e}"))
        })?;
        if e.file_type().is_dir() {
            continue;
        }
        let rel = e
            .path()
            .strip_prefix(mirror)
            .unwrap_or(e.path())
            .to_string_lossy()
            .replace('\\', "/");
        let symlink = e.path_is_symlink();
        let size = e.metadata().map(|m| m.len()).unwrap_or(0);
        out.push(MirrorFile {
            class: classify(&rel),
            rel,
            abs: e.path().to_path_buf(),
            symlink,
            size,
        });
    }
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok(out)
}

fn sniff_binary(bytes: &[u8]) -> Option<&'static str> {
    let head = &bytes[..bytes.len().min(1024)];
    if head.starts_with(b"%PDF") {
        Some("内容是 PDF")
    } else if head.starts_with(b"PK\x03\x04") {
        Some("内容是 ZIP/Office 文档")
    } else if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Some("内容是 Office 97-2003 文档")
    } else if head.starts_with(&[0x89, b'P', b'N', b'G'])
        || head.starts_with(&[0xFF, 0xD8, 0xFF])
        || head.starts_with(b"GIF8")
    {
        Some("内容是图片")
    } else if head.contains(&0)
        && !head.starts_with(&[0xFF, 0xFE])
        && !head.starts_with(&[0xFE, 0xFF])
    {
        Some("内容是二进制数据")
    } else {
        None
    }
}

/// Read one page or list file.
pub fn read_file(f: &MirrorFile) -> Read {
    let fail = |why: String| Read {
        encoding: None,
        decode_note: None,
        parsed: None,
        list: None,
        failure: Some(why),
    };
    if f.size > MAX_PAGE {
        return fail(format!(
            "文件过大（{} MB），不像文档页面，未解析",
            f.size / 1024 / 1024
        ));
    }
    let bytes = match std::fs::read(&f.abs) {
        Ok(b) => b,
        Err(e) => return fail(format!("无法读取文件：{e}")),
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return fail("文件为空".into());
    }
    if let Some(what) = sniff_binary(&bytes) {
        return fail(format!(
            "不是 HTML 文件（{what}）；如果它是附件，请改用正确的扩展名"
        ));
    }
    let d = decode::decode(&bytes);
    if d.bad > 0.02 {
        return Read {
            encoding: Some(d.encoding),
            decode_note: None,
            parsed: None,
            list: None,
            failure: Some(format!(
                "无法识别文件编码（{:.0}% 的字符无法解码）；请确认它是 UTF-8 或 GBK/GB18030 网页",
                d.bad * 100.0
            )),
        };
    }
    match f.class {
        FileClass::ListData { json } => Read {
            encoding: Some(d.encoding),
            decode_note: d.note,
            parsed: None,
            list: Some(lists::parse(&d.text, json)),
            failure: None,
        },
        _ => {
            let p = page::parse(&d.text, &f.rel);
            Read {
                encoding: Some(d.encoding),
                decode_note: d.note,
                parsed: Some(p),
                list: None,
                failure: None,
            }
        }
    }
}

/// Run the import.
pub fn run(opts: &Options, cfg: &SiteConfig) -> Result<Outcome, ImportError> {
    let map_path = opts.map.clone().or_else(|| {
        let p = opts.root.join("import.yaml");
        p.is_file().then_some(p)
    });
    let import_map = match &map_path {
        Some(p) => {
            let shown = p
                .strip_prefix(&opts.root)
                .unwrap_or(p)
                .to_string_lossy()
                .into_owned();
            if !p.is_file() {
                let pd = p.display();
                return Err(ImportError::Usage(t!(
                    "映射文件 `{pd}` 不存在",
                    "map file `{pd}` does not exist"
                )));
            }
            Some(map::load(p, &shown).map_err(ImportError::Config)?)
        }
        None => None,
    };
    let files = walk(&opts.mirror)?;
    let todo: Vec<usize> = files
        .iter()
        .enumerate()
        .filter(|(_, f)| {
            !f.symlink && matches!(f.class, FileClass::Page | FileClass::ListData { .. })
        })
        .map(|(i, _)| i)
        .collect();
    let done = AtomicUsize::new(0);
    let total = todo.len();
    let bar = Progress::new(opts.progress && total >= 200, total);
    let reads: Vec<(usize, Read)> = todo
        .par_iter()
        .map(|&i| {
            let r = read_file(&files[i]);
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            bar.tick(n);
            (i, r)
        })
        .collect();
    bar.finish();
    let content = opts.root.join("content");
    let existing = existing::scan(&content);
    let mut plan = plan::plan(&files, reads, cfg, import_map.as_ref(), &existing);
    if !opts.dry_run {
        plan.written = plan::write(&plan, &files, &content).map_err(ImportError::Io)?;
    }
    Ok(Outcome {
        entries: plan.entries,
        redirects: plan.redirects,
        proposals: plan.proposals,
        written: plan.written,
    })
}

/// A progress bar on stderr (only when asked: the command enables it on a terminal).
struct Progress {
    on: bool,
    total: usize,
    step: usize,
}

impl Progress {
    fn new(on: bool, total: usize) -> Progress {
        Progress {
            on,
            total,
            step: (total / 100).max(1),
        }
    }

    fn tick(&self, n: usize) {
        if !self.on || (!n.is_multiple_of(self.step) && n != self.total) {
            return;
        }
        let width = 30;
        let filled = n * width / self.total.max(1);
        eprint!(
            "\r读取页面 [{}{}] {n}/{}",
            "#".repeat(filled),
            " ".repeat(width - filled),
            self.total
        );
    }

    fn finish(&self) {
        if self.on {
            eprintln!();
        }
    }
}
