//! The only module that touches `serde_yaml` (unmaintained upstream; a swap must touch one
//! file). It turns YAML text into our own [`Node`] tree, where every value knows the line it
//! was written on, so later layers can report `file:line`.

mod explain;

use std::fmt;

/// A YAML value with the 1-based line (in the whole file) it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Yaml,
    pub line: usize,
}

/// The YAML data model we accept. Numbers keep their source text.
#[derive(Debug, Clone, PartialEq)]
pub enum Yaml {
    Null,
    Bool(bool),
    Number(String),
    Str(String),
    Seq(Vec<Node>),
    /// Keys in file order; every key is a string.
    Map(Vec<(String, Node)>),
}

impl Yaml {
    /// Type name of a key serde_yaml read as something other than text.
    fn from_key(v: &serde_yaml::Value) -> &'static str {
        match v {
            serde_yaml::Value::Sequence(_) => Yaml::Seq(Vec::new()).type_name(),
            serde_yaml::Value::Mapping(_) => Yaml::Map(Vec::new()).type_name(),
            _ => Yaml::Null.type_name(),
        }
    }

    /// The value as text, for scalars (numbers and booleans included).
    pub fn as_scalar(&self) -> Option<String> {
        match self {
            Yaml::Str(s) | Yaml::Number(s) => Some(s.clone()),
            Yaml::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// Short description of the value's type, for messages.
    pub fn type_name(&self) -> &'static str {
        use crate::i18n::pick;
        match self {
            Yaml::Null => pick("空值（null）", "nothing (null)"),
            Yaml::Bool(_) => pick("布尔值（true/false）", "a boolean"),
            Yaml::Number(_) => pick("数字", "a number"),
            Yaml::Str(_) => pick("文字", "a string"),
            Yaml::Seq(_) => pick("列表", "a list"),
            Yaml::Map(_) => pick("映射（`键: 值`）", "a mapping"),
        }
    }
}

/// A YAML syntax error at a file line: the line (and 1-based character column) where the
/// editor has to act, the cause in editor's words, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: usize,
    pub col: usize,
    pub message: String,
    pub help: Option<String>,
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)
    }
}

/// Parse YAML `text` whose first line is line `first_line` of the file.
pub fn parse(text: &str, first_line: usize) -> Result<Node, YamlError> {
    // libyaml follows YAML 1.1, where U+0085, U+2028 and U+2029 end a line: pasted from Word or
    // a web page into a title they split it in two and shift every later line number. Read
    // them as spaces.
    let cleaned;
    let text = if text.contains(['\u{85}', '\u{2028}', '\u{2029}']) {
        cleaned = text.replace(['\u{85}', '\u{2028}', '\u{2029}'], " ");
        cleaned.as_str()
    } else {
        text
    };
    if let Some((i, line)) = text.lines().enumerate().find(|(_, l)| {
        let trimmed = l.trim_start_matches(' ');
        trimmed.starts_with('\t')
    }) {
        let col = line.find('\t').unwrap_or(0) + 1;
        return Err(YamlError {
            line: first_line + i,
            col,
            message: t!(
                "用了 Tab 缩进；YAML 只允许用空格缩进",
                "tab character used for indentation; YAML only allows spaces"
            ),
            help: Some(t!(
                "把行首的 Tab 换成空格（同级的键左对齐）",
                "replace the leading tab with spaces (keys of one level line up)"
            )),
        });
    }
    if let Some(node) = parse_simple(text, first_line) {
        return Ok(node);
    }
    if let Some(err) = too_deep(text, first_line) {
        return Err(err);
    }
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
        let at = e.location().map(|l| (l.line(), l.column()));
        explain::explain(text, first_line, &e.to_string(), at)
    })?;
    let lines: Vec<&str> = text.lines().collect();
    let mut finder = LineFinder {
        lines: &lines,
        first_line,
    };
    finder.convert(value, 0, 0)
}

/// Deepest flow nesting (`[`/`{`) accepted, the same limit as block nesting in
/// [`LineFinder::convert`].
pub const MAX_DEPTH: usize = 64;

/// Refuse flow nesting deeper than [`MAX_DEPTH`] before libyaml sees it: libyaml re-checks
/// every pending "simple key" for each token, so `[` × n costs O(n²) (100,000 `[` took
/// 17 s) before serde_yaml's own recursion limit can refuse it (issue 16 item 7). Brackets
/// are counted outside quotes only roughly (a plain scalar's `"` is not a quote to YAML),
/// which can only matter for text with more than 64 unbalanced brackets.
fn too_deep(text: &str, first_line: usize) -> Option<YamlError> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (i, line) in text.lines().enumerate() {
        let mut after_space = true;
        for (col, c) in line.chars().enumerate() {
            let space = after_space;
            after_space = c == ' ';
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') if space => break,
                (None, '[' | '{') => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Some(YamlError {
                            line: first_line + i,
                            col: col + 1,
                            message: t!(
                                "YAML 嵌套层数过多（超过 {MAX_DEPTH} 层 `[`/`{{`）",
                                "YAML is nested too deeply (more than {MAX_DEPTH} levels of `[`/`{{`)"
                            ),
                            help: Some(t!(
                                "含方括号或花括号的文字请加引号，例如 title: \"[2021]…\"",
                                "quote text that contains brackets, e.g. title: \"[2021]…\""
                            )),
                        });
                    }
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        // A plain scalar's stray quote must not hide the rest of the file (a quoted scalar
        // spanning lines then counts its brackets: harmless below 64 unbalanced ones).
        quote = None;
    }
    None
}

/// Fast path for the common front matter made only of `key: plain text` lines (and
/// comments), whose meaning is unambiguous: every value is a string. Anything else —
/// indentation, lists, quotes, flow collections, numbers, booleans, duplicate keys, comment
/// or key markers inside a value — returns `None` and goes to the full YAML parser. Parsing
/// YAML was the largest single cost of loading a big site.
fn parse_simple(text: &str, first_line: usize) -> Option<Node> {
    let mut entries: Vec<(String, Node)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, rest) = line.split_once(':')?;
        let key_ok = !key.is_empty()
            && key.chars().all(|c| {
                c.is_ascii_alphanumeric() || c == '_' || ('\u{4e00}'..='\u{9fff}').contains(&c)
            })
            && !key.starts_with(|c: char| c.is_ascii_digit());
        if !key_ok || !rest.starts_with(' ') {
            return None;
        }
        let value = rest.trim();
        if !simple_scalar(value) || entries.iter().any(|(k, _)| k == key) {
            return None;
        }
        let line_no = first_line + i;
        entries.push((
            key.to_string(),
            Node {
                value: Yaml::Str(value.to_string()),
                line: line_no,
            },
        ));
    }
    if entries.is_empty() {
        return None;
    }
    Some(Node {
        value: Yaml::Map(entries),
        line: first_line,
    })
}

/// A plain scalar that YAML can only read as this exact string: it contains a non-ASCII
/// letter or is a date or a `.md` path, starts with no indicator and holds no `: `, ` #`
/// or control character.
fn simple_scalar(v: &str) -> bool {
    if v.is_empty()
        || v.starts_with([
            '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%',
            '@', '`', '~',
        ])
        || v.ends_with(':')
        || v.contains(": ")
        || v.contains(" #")
        || v.chars().any(|c| c.is_control() || c == '\u{feff}')
    {
        return false;
    }
    let is_date = {
        let b = v.as_bytes();
        b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
    };
    let is_md_path = v.ends_with(".md")
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '-' | '_'));
    is_date || is_md_path || !v.is_ascii()
}

struct LineFinder<'a> {
    lines: &'a [&'a str],
    first_line: usize,
}

impl LineFinder<'_> {
    /// Index (0-based, within the YAML text) of the first line at or after `from` that
    /// writes `key:` as a mapping key.
    fn find_key(&self, key: &str, from: usize) -> Option<usize> {
        (from..self.lines.len()).find(|&i| line_has_key(self.lines[i], key))
    }

    fn convert(
        &mut self,
        v: serde_yaml::Value,
        at: usize,
        depth: usize,
    ) -> Result<Node, YamlError> {
        let line = self.first_line + at;
        if depth > 64 {
            return Err(YamlError {
                line,
                col: 1,
                message: t!("YAML 嵌套层数过多", "YAML is nested too deeply"),
                help: None,
            });
        }
        let value = match v {
            serde_yaml::Value::Null => Yaml::Null,
            serde_yaml::Value::Bool(b) => Yaml::Bool(b),
            serde_yaml::Value::Number(n) => Yaml::Number(n.to_string()),
            serde_yaml::Value::String(s) => Yaml::Str(s),
            serde_yaml::Value::Sequence(items) => {
                let mut out = Vec::with_capacity(items.len());
                let mut cursor = at;
                // A flow sequence (`key: [a, b]`) keeps its items on the key's line; searching
                // for `-` would land on a later list item (the next `- id:` of catalog.yaml).
                let flow = self.lines.get(at).is_some_and(|l| {
                    let rest = l.trim_start().trim_start_matches("- ");
                    let after_key = rest.split_once(": ").map(|(_, v)| v).unwrap_or(rest);
                    after_key.trim_start().starts_with('[')
                });
                for item in items {
                    // A block item starts on a line beginning with `-` at or after the cursor.
                    let item_at = if flow {
                        at
                    } else {
                        (cursor..self.lines.len())
                            .find(|&i| self.lines[i].trim_start().starts_with('-'))
                            .unwrap_or(at)
                    };
                    let node = self.convert(item, item_at, depth + 1)?;
                    cursor = (item_at + 1).max(cursor);
                    out.push(node);
                }
                Yaml::Seq(out)
            }
            serde_yaml::Value::Mapping(map) => {
                let mut out = Vec::with_capacity(map.len());
                let mut cursor = at;
                for (k, val) in map {
                    let key = match k {
                        serde_yaml::Value::String(s) => s,
                        serde_yaml::Value::Number(n) => n.to_string(),
                        serde_yaml::Value::Bool(b) => b.to_string(),
                        other => {
                            let ty = Yaml::from_key(&other);
                            return Err(YamlError {
                                line,
                                col: 1,
                                message: t!(
                                    "键名应为普通文字，实际是{ty}",
                                    "mapping keys must be plain text, found {ty}"
                                ),
                                help: None,
                            });
                        }
                    };
                    let key_at = self.find_key(&key, cursor).unwrap_or(cursor);
                    let node = self.convert(val, key_at, depth + 1)?;
                    cursor = key_at;
                    out.push((key, node));
                }
                Yaml::Map(out)
            }
            serde_yaml::Value::Tagged(t) => return self.convert(t.value, at, depth + 1),
        };
        Ok(Node { value, line })
    }
}

/// Does `line` write `key:` as a key (at line start, after `- `, `{` or `,`)?
fn line_has_key(line: &str, key: &str) -> bool {
    let mut search = 0;
    while let Some(pos) = line[search..].find(key) {
        let start = search + pos;
        let end = start + key.len();
        let before = line[..start].trim_end_matches([' ', '"', '\'']);
        let after = line[end..].trim_start_matches(['"', '\'']).trim_start();
        let ok_before = before.is_empty() || before.ends_with(['-', '{', ',']);
        if ok_before && after.starts_with(':') {
            return true;
        }
        // An empty key (`"": x`, `? >`) matches everywhere: step one character, or loop forever.
        search = match line[start..].chars().next() {
            Some(c) if key.is_empty() => start + c.len_utf8(),
            None if key.is_empty() => break,
            _ => end,
        };
    }
    false
}

/// A Markdown file split into its front matter and body.
#[derive(Debug, Clone, PartialEq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// File line of the first YAML line (2 when the file starts with `---`).
    pub yaml_line: usize,
    pub body: &'a str,
    /// File line of the first body line.
    pub body_line: usize,
}

/// Why a file could not be split into front matter and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    Empty,
    NoOpening,
    NoClosing,
}

/// Split `text` (already BOM-stripped, `\n` line endings) at the `---` fences.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    if text.trim().is_empty() {
        return Err(SplitError::Empty);
    }
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Err(SplitError::NoOpening);
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut offset = yaml_start;
    for (i, line) in text[yaml_start..].split_inclusive('\n').enumerate() {
        let line_no = 2 + i;
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            let body_start = offset + line.len();
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[body_start..],
                body_line: line_no + 1,
            });
        }
        offset += line.len();
    }
    Err(SplitError::NoClosing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_keys_and_nested_values() {
        let text = "title: 标题\ndate: 2021-05-21\ndecision:\n  id: X\n  year: 2021\ntopics:\n  - a\n  - b\n";
        let n = parse(text, 2).unwrap();
        let Yaml::Map(m) = n.value else { panic!() };
        assert_eq!(m[0].1.line, 2);
        assert_eq!(m[1].1.line, 3);
        let Yaml::Map(d) = &m[2].1.value else {
            panic!()
        };
        assert_eq!(d[1].0, "year");
        assert_eq!(d[1].1.line, 6);
        let Yaml::Seq(t) = &m[3].1.value else {
            panic!()
        };
        assert_eq!(t[1].line, 9);
    }

    #[test]
    fn errors_have_file_lines() {
        let e = parse("title: a\ndate: \"unclosed\n", 2).unwrap_err();
        assert!(e.line >= 3, "{e:?}");
        let e = parse("title: a\n\tdate: x\n", 2).unwrap_err();
        assert_eq!(e.line, 3);
        let e = parse("title: a\ntitle: b\n", 2).unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("重复"), "{}", e.message);
    }

    /// The full parser, bypassing the fast path.
    fn parse_slow(text: &str, first_line: usize) -> Node {
        let value: serde_yaml::Value = serde_yaml::from_str(text).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        LineFinder {
            lines: &lines,
            first_line,
        }
        .convert(value, 0, 0)
        .unwrap()
    }

    #[test]
    fn simple_front_matter_fast_path_agrees_with_yaml() {
        let texts = [
            "title: 关于印发《办法》的通知\ndisclosure: 主动公开\nissuer: 罗庄区财政局\ndate: 2021-05-21\npublished: 2021-05-23\ndoc_number: 罗政办字〔2021〕20号\nkind: 规范性文件\ninterpretation: fdzdgknr/zcjd/t2019_000001.md\n",
            "# comment\n标题: 通知（第二版）\n\n成文日期: 2021年5月21日\n",
            "title: 数字 2021 与 English words\n",
        ];
        for t in texts {
            let fast = parse_simple(t, 2).expect("fast path taken");
            assert_eq!(fast, parse_slow(t, 2), "{t}");
        }
        for t in [
            "year: 2021\n",
            "draft: true\n",
            "title: 'quoted'\n",
            "a: x\na: y\n",
            "topics: [甲]\n",
            "title: 甲 # 注释\n",
            "t: 甲: 乙\n",
            "  title: 甲\n",
            "title: abc\n",
        ] {
            assert!(parse_simple(t, 2).is_none(), "{t}");
        }
    }

    proptest::proptest! {
        #[test]
        fn fast_path_never_disagrees(lines in proptest::collection::vec(("[a-z_]{1,8}|标题|文号", "[甲乙丙〔〕（）a-z0-9 :#'\\-\\[\\]{}.,/]{0,12}"), 1..6)) {
            let text: String = lines.iter().map(|(k, v)| format!("{k}: {v}\n")).collect();
            if let Some(fast) = parse_simple(&text, 2) {
                let slow: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
                let lines_v: Vec<&str> = text.lines().collect();
                let slow = LineFinder { lines: &lines_v, first_line: 2 }.convert(slow, 0, 0).unwrap();
                proptest::prop_assert_eq!(fast, slow);
            }
        }
    }

    #[test]
    fn split_fences() {
        let s = split("---\ntitle: a\n---\nbody\n").unwrap();
        assert_eq!(s.yaml, "title: a\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line, 4);
        assert_eq!(split(""), Err(SplitError::Empty));
        assert_eq!(split("title: a\n"), Err(SplitError::NoOpening));
        assert_eq!(split("---\ntitle: a\n"), Err(SplitError::NoClosing));
    }
}
