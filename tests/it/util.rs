//! Shared helpers: run the gongkai binary, write fixture sites, walk and grep output.

#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Path of the built `gongkai` binary.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_gongkai"))
}

/// Repository root (the example site).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Run gongkai with arguments; returns the output.
pub fn run(args: &[&str]) -> Output {
    Command::new(bin())
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("GONGKAI_LANG")
        .output()
        .expect("run gongkai")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

/// `gongkai build --root ROOT --output OUT --today TODAY`.
pub fn build(root: &Path, out: &Path, today: &str) -> Output {
    run(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
        "--today",
        today,
    ])
}

/// A throwaway site folder.
pub struct Site {
    pub dir: tempfile::TempDir,
}

pub const SITE_YAML: &str = "title: 测试区人民政府 政府信息公开
base_url: https://www.example.gov.cn/xxgk/
organization: 测试区人民政府
units:
  - name: 测试区人民政府办公室
    aliases: [区府办]
    code: \"11371311004263412X\"
  - name: 测试区司法局
columns:
  - path: zfxxgkzn
    title: 政府信息公开指南
    freshness: none
  - path: fdzdgknr
    title: 法定主动公开内容
    freshness: none
  - path: fdzdgknr/gfxwj
    title: 行政规范性文件
  - path: fdzdgknr/zcjd
    title: 政策解读
  - path: fdzdgknr/zdjc
    title: 重大行政决策
";

impl Site {
    /// An empty site with the standard test site.yaml.
    pub fn new() -> Site {
        let s = Site {
            dir: tempfile::tempdir().expect("tempdir"),
        };
        s.write("site.yaml", SITE_YAML);
        std::fs::create_dir_all(s.path().join("content")).unwrap();
        s
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    /// Write a document with the given front matter lines and body.
    pub fn doc(&self, rel: &str, front: &str, body: &str) {
        self.write(
            &format!("content/{rel}"),
            &format!("---\n{front}\n---\n\n{body}\n"),
        );
    }

    pub fn out(&self) -> PathBuf {
        self.path().join("public")
    }

    pub fn build(&self, today: &str) -> Output {
        build(self.path(), &self.out(), today)
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out().join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }
}

/// Standard front matter for a public document.
pub fn public_fm(title: &str, date: &str) -> String {
    format!("title: {title}\ndisclosure: 主动公开\nissuer: 测试区人民政府办公室\ndate: {date}")
}

/// Every file under `dir` with its contents (gzip'd files decompressed).
pub fn walk(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        if !e.file_type().is_file() {
            continue;
        }
        let mut bytes = std::fs::read(e.path()).unwrap();
        if bytes.starts_with(&[0x1f, 0x8b]) {
            let mut d = flate2::read::GzDecoder::new(&bytes[..]);
            let mut plain = Vec::new();
            d.read_to_end(&mut plain).unwrap();
            bytes = plain;
        }
        out.push((e.path().to_path_buf(), bytes));
    }
    out
}

/// Files (path relative to `dir`, or the path itself for names) that contain `needle`.
pub fn grep(dir: &Path, needle: &str) -> Vec<String> {
    let mut hits = Vec::new();
    let n = needle.as_bytes();
    for (p, bytes) in walk(dir) {
        let rel = p.strip_prefix(dir).unwrap().to_string_lossy().to_string();
        if rel.contains(needle) || bytes.windows(n.len()).any(|w| w == n) {
            hits.push(rel);
        }
    }
    hits
}

/// Snapshot of a directory: (relative path, bytes), sorted.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    walk(dir)
        .into_iter()
        .map(|(p, b)| {
            (
                p.strip_prefix(dir).unwrap().to_string_lossy().to_string(),
                b,
            )
        })
        .collect()
}

/// SplitMix64: tiny, seedable, good enough to pick grammar pieces (the seeded generators of
/// `adversarial::sanitiser_fuzz` and `fastpath`).
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}
