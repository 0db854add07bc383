//! Typed reading of a YAML mapping with diagnostics: unknown keys (did-you-mean), keys given
//! in both English and Chinese, wrong types, bad enum values, malformed dates.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::dates::Date;
use crate::diag::{Diagnostic, did_you_mean, did_you_mean_text, suggest};
use crate::frontmatter::{Node, Yaml};

/// A known key: English name and optional Chinese alias.
pub type KeySpec = (&'static str, Option<&'static str>);

/// Reads one mapping; collects every problem instead of stopping at the first.
pub struct MapReader<'a> {
    file: PathBuf,
    entries: HashMap<&'static str, (&'a str, &'a Node)>,
    pub line: usize,
    pub diags: Vec<Diagnostic>,
    /// Known keys that a misspelt key in this mapping most likely stands for.
    typos: Vec<&'static str>,
}

impl<'a> MapReader<'a> {
    /// `what` names the mapping in messages, e.g. "front matter" or "`decision`".
    pub fn new(file: &Path, node: &'a Node, keys: &[KeySpec], what: &str) -> MapReader<'a> {
        let mut r = MapReader {
            file: file.to_path_buf(),
            entries: HashMap::new(),
            line: node.line,
            diags: Vec::new(),
            typos: Vec::new(),
        };
        let Yaml::Map(map) = &node.value else {
            if node.value != Yaml::Null {
                r.diags.push(
                    Diagnostic::error(file, Some(node.line), {
                        let ty = node.value.type_name();
                        t!(
                            "{what}应为 `键: 值` 形式的映射，实际是{ty}",
                            "{what} must be a mapping of `key: value` lines, found {ty}"
                        )
                    })
                    .help(t!("每行写一个 `键: 值`", "write one `key: value` per line")),
                );
            }
            return r;
        };
        for (k, v) in map {
            let spec = keys
                .iter()
                .find(|(en, zh)| *en == k.as_str() || *zh == Some(k.as_str()));
            match spec {
                Some((en, zh)) => {
                    if let Some((prev, _)) = r.entries.get(en) {
                        r.diags.push(
                            Diagnostic::error(
                                file,
                                Some(v.line),
                                t!(
                                    "键 `{k}` 在{what}中重复出现（前面已写作 `{prev}`）",
                                    "key `{k}` given twice in {what} (also as `{prev}`)"
                                ),
                            )
                            .help({
                                let zh = zh.unwrap_or(en);
                                t!(
                                    "`{en}` 与 `{zh}` 是同一个键，只保留一个",
                                    "`{en}` and `{zh}` are the same key; keep one"
                                )
                            }),
                        );
                    } else {
                        r.entries.insert(en, (k.as_str(), v));
                    }
                }
                None => {
                    let all = keys
                        .iter()
                        .flat_map(|(en, zh)| std::iter::once(*en).chain(*zh));
                    let guess = did_you_mean(k, all);
                    let names: Vec<String> = keys
                        .iter()
                        .map(|(en, zh)| match zh {
                            Some(z) => format!("{en} ({z})"),
                            None => en.to_string(),
                        })
                        .collect();
                    let names = names.join(", ");
                    let known = t!("可用的键：{names}", "known keys: {names}");
                    let help = match guess {
                        Some(g) => {
                            // The misspelt key stands for `g`: its did-you-mean replaces the
                            // "missing required key" error the typo would otherwise cause.
                            if let Some((en, _)) =
                                keys.iter().find(|(en, zh)| *en == g || *zh == Some(g))
                            {
                                r.typos.push(en);
                            }
                            did_you_mean_text(g)
                        }
                        None => known,
                    };
                    r.diags.push(
                        Diagnostic::error(
                            file,
                            Some(v.line),
                            t!("{what}中有未知的键 `{k}`", "unknown key `{k}` in {what}"),
                        )
                        .help(help),
                    );
                }
            }
        }
        r
    }

    pub fn file(&self) -> &Path {
        &self.file
    }

    pub fn has(&self, en: &str) -> bool {
        self.entries.contains_key(en)
    }

    pub fn node(&self, en: &str) -> Option<&'a Node> {
        self.entries.get(en).map(|(_, n)| *n)
    }

    /// Line of the key's value, or of the mapping when absent.
    pub fn line_of(&self, en: &str) -> usize {
        self.node(en).map(|n| n.line).unwrap_or(self.line)
    }

    /// The key as the user wrote it (English or Chinese).
    pub fn written(&self, en: &'static str) -> &str {
        self.entries.get(en).map(|(w, _)| *w).unwrap_or(en)
    }

    pub fn error(&mut self, line: usize, message: impl Into<String>, help: Option<String>) {
        self.diags
            .push(Diagnostic::error(&self.file, Some(line), message).help_opt(help));
    }

    /// A required key is absent — unless a misspelt key already stands for it (its
    /// unknown-key error, with the did-you-mean, is the one message for that mistake).
    pub fn missing(&mut self, en: &'static str, zh: &str, help: &str) {
        if self.typos.contains(&en) {
            return;
        }
        self.diags.push(
            Diagnostic::error(
                &self.file,
                Some(self.line),
                t!(
                    "缺少必填键 `{en}`（{zh}）",
                    "missing required key `{en}` ({zh})"
                ),
            )
            .help(help.to_string()),
        );
    }

    /// A scalar as text; a type error otherwise. Null counts as absent.
    pub fn str(&mut self, en: &'static str) -> Option<String> {
        let node = self.node(en)?;
        match &node.value {
            Yaml::Null => None,
            v => match v.as_scalar() {
                Some(s) => Some(s.trim().to_string()),
                None => {
                    let w = self.written(en).to_string();
                    let ty = v.type_name();
                    self.error(
                        node.line,
                        t!(
                            "`{w}` 应为文字，实际是{ty}",
                            "`{w}` must be text, found {ty}"
                        ),
                        None,
                    );
                    None
                }
            },
        }
    }

    pub fn req_str(&mut self, en: &'static str, zh: &str, help: &str) -> Option<String> {
        let v = self.str(en);
        match &v {
            None if !self.has(en) || self.node(en).is_some_and(|n| n.value == Yaml::Null) => {
                self.missing(en, zh, help)
            }
            Some(s) if s.is_empty() => {
                let w = self.written(en).to_string();
                let l = self.line_of(en);
                self.error(
                    l,
                    t!("`{w}`（{zh}）为空", "`{w}` ({zh}) is empty"),
                    Some(help.to_string()),
                );
                return None;
            }
            _ => {}
        }
        v
    }

    /// One string or a list of strings.
    pub fn strs(&mut self, en: &'static str) -> Vec<(String, usize)> {
        let Some(node) = self.node(en) else {
            return Vec::new();
        };
        match &node.value {
            Yaml::Null => Vec::new(),
            Yaml::Seq(items) => {
                let mut out = Vec::new();
                for it in items {
                    match it.value.as_scalar() {
                        Some(s) => out.push((s.trim().to_string(), it.line)),
                        None => {
                            let w = self.written(en).to_string();
                            let ty = it.value.type_name();
                            self.error(
                                it.line,
                                t!(
                                    "`{w}` 的每一项应为文字，实际是{ty}",
                                    "items of `{w}` must be text, found {ty}"
                                ),
                                None,
                            );
                        }
                    }
                }
                out
            }
            v => match v.as_scalar() {
                Some(s) => vec![(s.trim().to_string(), node.line)],
                None => {
                    let w = self.written(en).to_string();
                    let ty = v.type_name();
                    self.error(
                        node.line,
                        t!(
                            "`{w}` 应为文字或列表，实际是{ty}",
                            "`{w}` must be text or a list, found {ty}"
                        ),
                        None,
                    );
                    Vec::new()
                }
            },
        }
    }

    pub fn bool(&mut self, en: &'static str) -> Option<bool> {
        let node = self.node(en)?;
        match &node.value {
            Yaml::Bool(b) => Some(*b),
            Yaml::Null => None,
            v => {
                let w = self.written(en).to_string();
                let ty = v.type_name();
                self.error(
                    node.line,
                    t!(
                        "`{w}` 应为 true 或 false，实际是{ty}",
                        "`{w}` must be true or false, found {ty}"
                    ),
                    Some(t!(
                        "写 `true`（是）或 `false`（否）",
                        "write `true` or `false`"
                    )),
                );
                None
            }
        }
    }

    pub fn date(&mut self, en: &'static str) -> Option<Date> {
        let s = self.str(en)?;
        let line = self.line_of(en);
        let w = self.written(en).to_string();
        self.parse_date(&s, line, &w)
    }

    pub fn parse_date(&mut self, s: &str, line: usize, key: &str) -> Option<Date> {
        match Date::parse(s) {
            Ok(d) => Some(d),
            Err(e) => {
                let why = e.message;
                self.error(
                    line,
                    t!(
                        "`{key}`：日期 `{s}` 有误：{why}",
                        "`{key}`: malformed date `{s}`: {why}"
                    ),
                    Some(t!(
                        "日期写作 2021-05-21 或 2021年5月21日",
                        "write dates as 2021-05-21 or 2021年5月21日"
                    )),
                );
                None
            }
        }
    }

    /// A value that must be one of `allowed`.
    pub fn enum_of(&mut self, en: &'static str, allowed: &[&'static str]) -> Option<&'static str> {
        let s = self.str(en)?;
        let line = self.line_of(en);
        match allowed.iter().find(|a| **a == s) {
            Some(a) => Some(a),
            None => {
                let w = self.written(en).to_string();
                self.error(
                    line,
                    t!("`{w}`：未知的取值 `{s}`", "`{w}`: unknown value `{s}`"),
                    Some(suggest(&s, allowed)),
                );
                None
            }
        }
    }

    pub fn integer(&mut self, en: &'static str) -> Option<i64> {
        let node = self.node(en)?;
        let line = node.line;
        let s = node.value.as_scalar().unwrap_or_default();
        match s.trim().parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                let w = self.written(en).to_string();
                self.error(
                    line,
                    t!(
                        "`{w}` 应为整数，实际是 `{s}`",
                        "`{w}` must be a whole number, found `{s}`"
                    ),
                    None,
                );
                None
            }
        }
    }

    pub fn finish(self) -> Vec<Diagnostic> {
        self.diags
    }
}
