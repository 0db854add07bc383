//! Walk `content/`, read and decode every file, split front matter from body → [`RawDoc`]s
//! plus the set of non-Markdown files (attachment candidates).

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::frontmatter::{self, Node, SplitError};

/// Documents larger than this are refused (a policy document is never 20 MB of text).
pub const MAX_DOC_BYTES: u64 = 20 * 1024 * 1024;

/// A document as read from disk: parsed YAML, not yet validated.
#[derive(Debug, Clone)]
pub struct RawDoc {
    /// Content path, `/`-separated, relative to content/: `fdzdgknr/gfxwj/2021-3.md`.
    pub rel: String,
    /// `rel` without `.md`.
    pub id: String,
    /// Folder of the document relative to content/ (`""` at the top).
    pub dir: String,
    /// Path relative to the site root, for diagnostics: `content/fdzdgknr/gfxwj/2021-3.md`.
    pub file: PathBuf,
    pub front: Node,
    pub body: String,
    pub body_line: usize,
    /// Inline suppressions: `# gongkai: allow(rule) reason` comments in the front matter.
    pub allows: Vec<Allow>,
}

/// `# gongkai: allow(stale-column) 理由` written in a document's front matter.
#[derive(Debug, Clone, PartialEq)]
pub struct Allow {
    pub rule: String,
    pub reason: String,
    pub line: usize,
}

/// Everything under content/.
#[derive(Debug, Default, Clone)]
pub struct Content {
    pub docs: Vec<RawDoc>,
    /// Non-Markdown files, content paths (`fdzdgknr/gfxwj/a.pdf`).
    pub assets: BTreeSet<String>,
    /// Non-Markdown files reached through a symbolic link → content path of the real file
    /// (checked by [`crate::model::resolve::check_symlinks`] before anything is published).
    pub aliases: crate::model::resolve::Aliases,
    /// Ids of Markdown files that exist but could not be read or split (their errors are
    /// reported once; references to them are not "no document" errors).
    pub unreadable: BTreeSet<String>,
}

pub use crate::text::{decode, decode_vec};

/// Walk `<root>/content`, returning documents, assets and every problem found.
pub fn load(root: &Path) -> (Content, Vec<Diagnostic>) {
    let content_dir = root.join("content");
    let mut diags = Vec::new();
    let mut md_files: Vec<(String, PathBuf)> = Vec::new();
    let mut assets = BTreeSet::new();
    let mut aliases = crate::model::resolve::Aliases::new();
    if !content_dir.is_dir() {
        diags.push(
            Diagnostic::error(
                "content",
                None,
                t!(
                    "网站里没有 content/ 文件夹",
                    "no content/ folder in the site"
                ),
            )
            .help(t!(
                "创建 content/<栏目路径>/<文件>.md；见 README.md",
                "create content/<column path>/<document>.md; see README.md"
            )),
        );
        return (Content::default(), diags);
    }
    let canon_root = match content_dir.canonicalize() {
        Ok(p) => p,
        Err(e) => {
            diags.push(Diagnostic::error(
                "content",
                None,
                t!("无法读取 content/：{e}", "cannot read content/: {e}"),
            ));
            return (Content::default(), diags);
        }
    };
    let walk_diags = RefCell::new(Vec::new());
    let walker = walkdir::WalkDir::new(&content_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            if e.depth() > 0 && name.starts_with('.') {
                return false;
            }
            if e.path_is_symlink() {
                let inside = e.path().canonicalize().map(|c| c.starts_with(&canon_root));
                if !matches!(inside, Ok(true)) {
                    let rel = rel_to(root, e.path());
                    walk_diags.borrow_mut().push(
                        Diagnostic::error(
                            &rel,
                            None,
                            t!(
                                "符号链接指向 content/ 之外（或指向不存在的文件）；不会发布",
                                "symbolic link points outside content/ (or nowhere); it is not published"
                            ),
                        )
                        .help(t!(
                            "把文件复制到 content/ 中，不要用链接",
                            "copy the file into content/ instead of linking to it"
                        )),
                    );
                    return false;
                }
            }
            true
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let p = e
                    .path()
                    .map(|p| rel_to(root, p))
                    .unwrap_or_else(|| PathBuf::from("content"));
                let msg = if e.loop_ancestor().is_some() {
                    t!(
                        "符号链接成环：这个文件夹链接回了它的上级文件夹",
                        "symbolic link loop: this folder links back to one of its parents"
                    )
                } else {
                    t!("无法读取：{e}", "cannot read: {e}")
                };
                walk_diags
                    .borrow_mut()
                    .push(Diagnostic::error(p, None, msg));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let rel_path = entry
            .path()
            .strip_prefix(&content_dir)
            .unwrap_or(entry.path());
        let Some(rel) = rel_path.to_str().map(|s| s.replace('\\', "/")) else {
            walk_diags.borrow_mut().push(
                Diagnostic::error(
                    rel_to(root, entry.path()),
                    None,
                    t!("文件名不是有效的 UTF-8", "file name is not valid UTF-8"),
                )
                .help(t!(
                    "用 UTF-8 重新命名文件（例如只用英文字母、数字和 '-'）",
                    "rename the file using UTF-8 (e.g. ASCII letters, digits and '-')"
                )),
            );
            continue;
        };
        if rel.ends_with(".md") {
            md_files.push((rel, entry.path().to_path_buf()));
        } else {
            // The file's real path decides who may see it (issue 16 item 3): `notes.txt →
            // withheld.md` must not publish the withheld document.
            if let Ok(real) = entry.path().canonicalize()
                && let Ok(real_rel) = real.strip_prefix(&canon_root)
                && let Some(real_rel) = real_rel.to_str().map(|s| s.replace('\\', "/"))
                && real_rel != rel
            {
                aliases.insert(rel.clone(), real_rel);
            }
            assets.insert(rel);
        }
    }
    diags.extend(walk_diags.into_inner());

    let results: Vec<Result<RawDoc, Vec<Diagnostic>>> = md_files
        .par_iter()
        .map(|(rel, path)| read_doc(rel, path))
        .collect();
    let mut docs = Vec::with_capacity(results.len());
    let mut unreadable = BTreeSet::new();
    for (r, (rel, _)) in results.into_iter().zip(&md_files) {
        match r {
            Ok(d) => docs.push(d),
            Err(d) => {
                diags.extend(d);
                unreadable.insert(rel.trim_end_matches(".md").to_string());
            }
        }
    }
    (
        Content {
            docs,
            assets,
            aliases,
            unreadable,
        },
        diags,
    )
}

fn rel_to(root: &Path, p: &Path) -> PathBuf {
    p.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| p.to_path_buf())
}

/// Read and split one Markdown file.
pub fn read_doc(rel: &str, path: &Path) -> Result<RawDoc, Vec<Diagnostic>> {
    let file = PathBuf::from("content").join(rel);
    let err = |line: Option<usize>, msg: String, help: String| {
        vec![Diagnostic::error(&file, line, msg).help(help)]
    };
    let cannot = |e: std::io::Error| {
        err(
            None,
            t!("无法读取：{e}", "cannot read: {e}"),
            t!("检查文件权限", "check file permissions"),
        )
    };
    let mut f = std::fs::File::open(path).map_err(cannot)?;
    let meta = f.metadata().map_err(cannot)?;
    if meta.len() > MAX_DOC_BYTES {
        return Err(err(
            None,
            {
                let mb = format!("{:.1}", meta.len() as f64 / 1048576.0);
                let max = MAX_DOC_BYTES / 1048576;
                t!(
                    "文件大小 {mb} MB，超过单篇 {max} MB 的上限",
                    "document is {mb} MB, over the {max} MB limit for one document"
                )
            },
            t!(
                "大篇材料放进附件，页面正文保持简短",
                "put large material in an attachment (附件) and keep the page text short"
            ),
        ));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    std::io::Read::read_to_end(&mut f, &mut bytes).map_err(cannot)?;
    drop(f);
    let text = decode_vec(bytes).map_err(|(line, msg)| {
        let help = if msg.contains("GBK") {
            t!(
                "也可用命令转换：`iconv -f GB18030 -t UTF-8 in.md > out.md`",
                "convert with `iconv -f GB18030 -t UTF-8 in.md > out.md`"
            )
        } else {
            t!(
                "用文本编辑器把它另存为 UTF-8 文本",
                "save it as UTF-8 text from a text editor"
            )
        };
        err(Some(line), msg, help)
    })?;
    let split = frontmatter::split(&text).map_err(|e| match e {
        SplitError::Empty => err(
            Some(1),
            t!("文件是空的", "file is empty"),
            t!(
                "文件以两行 `---` 之间的前置元数据开头；见 README.md",
                "a document starts with front matter between two `---` lines; see README.md"
            ),
        ),
        SplitError::NoOpening => err(
            Some(1),
            t!(
                "缺少前置元数据：第一行必须是 `---`",
                "missing front matter: the first line must be `---`"
            ),
            t!(
                "文件第一行写 `---`，接着写 `title: …`、`disclosure: 主动公开`、`issuer: …`、`date: …`，再写一行 `---`",
                "start the file with `---`, then `title: …`, `disclosure: 主动公开`, `issuer: …`, `date: …`, then `---`"
            ),
        ),
        SplitError::NoClosing => err(
            Some(1),
            t!(
                "前置元数据没有结束：缺少第二行 `---`",
                "front matter is not closed: no second `---` line"
            ),
            t!(
                "在最后一个键之后、正文之前加一行 `---`",
                "add a line `---` after the last front-matter key, before the body"
            ),
        ),
    })?;
    let front = frontmatter::parse(split.yaml, split.yaml_line).map_err(|e| {
        vec![
            Diagnostic::error(&file, Some(e.line), e.message)
                .col(e.col)
                .help_opt(e.help),
        ]
    })?;
    let allows = parse_allows(split.yaml, split.yaml_line);
    let id = rel.trim_end_matches(".md").to_string();
    let dir = match rel.rfind('/') {
        Some(i) => rel[..i].to_string(),
        None => String::new(),
    };
    Ok(RawDoc {
        rel: rel.to_string(),
        id,
        dir,
        file,
        front,
        body: split.body.to_string(),
        body_line: split.body_line,
        allows,
    })
}

/// Find `# gongkai: allow(rule) reason` comments.
fn parse_allows(yaml: &str, first_line: usize) -> Vec<Allow> {
    let mut out = Vec::new();
    for (i, line) in yaml.lines().enumerate() {
        let Some(pos) = line.find("gongkai: allow(") else {
            continue;
        };
        if !line[..pos].trim_end().ends_with('#') && !line[..pos].contains('#') {
            continue;
        }
        let rest = &line[pos + "gongkai: allow(".len()..];
        if let Some(end) = rest.find(')') {
            out.push(Allow {
                rule: rest[..end].trim().to_string(),
                reason: rest[end + 1..].trim().to_string(),
                line: first_line + i,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_handles_bom_crlf_and_gbk() {
        assert_eq!(decode(b"\xEF\xBB\xBFa\r\nb\r\n").unwrap(), "a\nb\n");
        // "政府" in GBK
        let (line, msg) = decode(b"---\ntitle: \xD5\xFE\xB8\xAE\n").unwrap_err();
        assert_eq!(line, 2);
        assert!(msg.contains("GBK"), "{msg}");
    }

    #[test]
    fn allows_are_found() {
        let a = parse_allows(
            "title: x\n# gongkai: allow(stale-column) 栏目按年度更新\n",
            2,
        );
        assert_eq!(
            a,
            vec![Allow {
                rule: "stale-column".into(),
                reason: "栏目按年度更新".into(),
                line: 3
            }]
        );
    }
}
