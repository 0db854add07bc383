//! Output of the import plan: link tokens replaced by relative paths, documents rendered
//! as Markdown with front matter, and written under content/.

use std::fmt::Write as _;
use std::path::Path;

use super::super::MirrorFile;
use super::super::report::Status;
use super::{Doc, Plan};
use crate::dates::Date;

pub(super) fn replace_tokens(body: &str, targets: &[String]) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(i) = rest.find("gkref:") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 6..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        match after[..digits]
            .parse::<usize>()
            .ok()
            .and_then(|k| targets.get(k))
        {
            Some(t) => {
                if t.contains([' ', '(', ')']) {
                    let _ = write!(out, "<{t}>");
                } else {
                    out.push_str(t);
                }
            }
            None => out.push_str(&rest[i..i + 6 + digits]),
        }
        rest = &after[digits..];
    }
    out.push_str(rest);
    out
}

pub(super) fn yaml_str(s: &str) -> String {
    let plain = !s.is_empty()
        && !s.starts_with([
            ' ', '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"',
            '%', '@', '`',
        ])
        && !s.ends_with(' ')
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.contains(['\n', '\t', '"', '\\'])
        && s.parse::<f64>().is_err()
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "~"
        )
        && Date::parse(s).is_err();
    if plain {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_default()
    }
}

pub(super) fn yaml_list(v: &[String]) -> String {
    let items: Vec<String> = v.iter().map(|s| yaml_str(s)).collect();
    format!("[{}]", items.join(", "))
}

/// The Markdown file of a document.
pub fn render(d: &Doc) -> String {
    let mut s = String::from("---\n");
    let _ = writeln!(s, "title: {}", yaml_str(&d.title));
    s.push_str("disclosure: 主动公开\n");
    if d.issuer.len() == 1 {
        let _ = writeln!(s, "issuer: {}", yaml_str(&d.issuer[0]));
    } else {
        let _ = writeln!(s, "issuer: {}", yaml_list(&d.issuer));
    }
    let _ = writeln!(s, "date: {}", d.date);
    if let Some(p) = d.published {
        let _ = writeln!(s, "published: {p}");
    }
    if let Some(n) = &d.doc_number {
        let _ = writeln!(s, "doc_number: {}", yaml_str(n));
    }
    if let Some(n) = &d.index_number {
        let _ = writeln!(s, "index_number: {}", yaml_str(n));
    }
    if d.kind != "一般信息" {
        let _ = writeln!(s, "kind: {}", d.kind);
    }
    if !d.topics.is_empty() {
        let _ = writeln!(s, "topics: {}", yaml_list(&d.topics));
    }
    if let Some(v) = d.validity {
        let _ = writeln!(s, "validity: {v}");
    }
    if !d.interpretation.is_empty() {
        let _ = writeln!(s, "interpretation: {}", yaml_list(&d.interpretation));
    }
    if !d.interprets.is_empty() {
        let _ = writeln!(s, "interprets: {}", yaml_list(&d.interprets));
    }
    if !d.attachments.is_empty() {
        let _ = writeln!(s, "attachments: {}", yaml_list(&d.attachments));
    }
    s.push_str("---\n\n");
    s.push_str(d.body.trim());
    s.push('\n');
    s
}

/// Write the documents and copy their attachments; never overwrites. Returns the number
/// of documents written.
pub fn write(plan: &Plan, files: &[MirrorFile], content: &Path) -> Result<usize, String> {
    use std::io::Write as _;
    let mut written = 0;
    for d in &plan.docs {
        if d.status != Status::Imported {
            continue;
        }
        let dest = content.join(&d.path);
        if let Some(dir) = dest.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("无法创建文件夹 {}：{e}", dir.display()))?;
        }
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&dest)
        {
            Ok(mut f) => {
                f.write_all(render(d).as_bytes())
                    .map_err(|e| format!("无法写入 {}：{e}", dest.display()))?;
                written += 1;
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(format!("无法写入 {}：{e}", dest.display())),
        }
        let dir = dest.parent().unwrap_or(content);
        for (t, name) in &d.copies {
            let to = dir.join(name);
            if to.exists() {
                continue;
            }
            std::fs::copy(&files[*t].abs, &to)
                .map_err(|e| format!("无法复制附件 {} → {}：{e}", files[*t].rel, to.display()))?;
        }
    }
    Ok(written)
}
