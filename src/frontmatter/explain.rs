//! YAML syntax errors in editor's words, at the line where the mistake is.
//!
//! libyaml reports where it gave up, which is often a line or more after the mistake (an
//! unclosed quote is reported at the end of the front matter, a full-width colon on the
//! next line, a duplicate key at the start of the mapping). Its message carries the place
//! where the construct started (`while scanning a quoted scalar at line 1 column 8`); that
//! and a look at the source lines find the mistake and name its cause.

use super::YamlError;

/// Turn libyaml's message (`raw`, with its own 1-based `at` position in `text`) into a
/// [`YamlError`] at the file line of the mistake (`text` starts at file line `first_line`).
pub(super) fn explain(
    text: &str,
    first_line: usize,
    raw: &str,
    at: Option<(usize, usize)>,
) -> YamlError {
    let lines: Vec<&str> = text.lines().collect();
    let e = Explainer {
        lines: &lines,
        first_line,
    };
    let (line, col, message, help) = e.explain(raw, at.unwrap_or((1, 1)));
    YamlError {
        line: first_line + line.saturating_sub(1),
        col: col.max(1),
        message,
        help: Some(help),
    }
}

struct Explainer<'a> {
    lines: &'a [&'a str],
    /// File line of the text's first line, for line numbers named inside messages.
    first_line: usize,
}

type Found = (usize, usize, String, String);

impl Explainer<'_> {
    /// Source line `l` (1-based), or "".
    fn line(&self, l: usize) -> &str {
        l.checked_sub(1)
            .and_then(|i| self.lines.get(i))
            .copied()
            .unwrap_or("")
    }

    fn explain(&self, raw: &str, (l, c): (usize, usize)) -> Found {
        let problem = problem_of(raw);
        if let Some((ql, qc)) = context(raw, "while scanning a quoted scalar") {
            return unclosed_quote(self.line(ql), ql, qc);
        }
        if problem.starts_with("could not find expected ':'") {
            let kl = context(raw, "while scanning a simple key").map_or(l, |p| p.0);
            return self.missing_colon(kl);
        }
        if let Some(key) = duplicate_key(raw)
            && let Some(found) = self.duplicate(&key, l)
        {
            return found;
        }
        if problem.starts_with("did not find expected key") {
            if let Some(found) = quote_closed_early(self.line(l), l) {
                return found;
            }
            if let Some(found) = self.bad_indent(l) {
                return found;
            }
        }
        if problem.starts_with("mapping values are not allowed") {
            if let Some(found) = self.no_space_after_colon_before(l) {
                return found;
            }
            if let Some(found) = self.bad_indent(l) {
                return found;
            }
            let line = self.line(l);
            let key = key_of(line).unwrap_or("title");
            return (
                l,
                c,
                t!(
                    "值里有 `: `，YAML 会把它读成另一个键",
                    "the value contains `: `, which YAML reads as another key"
                ),
                t!(
                    "给整个值加引号，例如 `{key}: '…: …'`，或改用全角冒号 `：`",
                    "quote the whole value, e.g. `{key}: '…: …'`, or use a full-width `：`"
                ),
            );
        }
        if problem.starts_with("found character that cannot start any token") {
            let ch = self.line(l).chars().nth(c.saturating_sub(1)).unwrap_or('?');
            let key = key_of(self.line(l)).unwrap_or("title");
            return (
                l,
                c,
                t!("值不能以 `{ch}` 开头", "a value cannot start with `{ch}`"),
                t!(
                    "给整个值加引号，例如 `{key}: '{ch}…'`",
                    "quote the whole value, e.g. `{key}: '{ch}…'`"
                ),
            );
        }
        if let Some((bl, bc)) = context(raw, "while parsing a flow sequence") {
            return (
                bl,
                bc,
                t!("方括号 `[` 没有闭合", "the bracket `[` is not closed"),
                t!(
                    "在列表末尾补上 `]`，列表项之间用半角逗号 `,` 分隔",
                    "add `]` after the last item; separate items with `,`"
                ),
            );
        }
        if let Some((bl, bc)) = context(raw, "while parsing a flow mapping") {
            return (
                bl,
                bc,
                t!("花括号 `{{` 没有闭合", "the brace `{{` is not closed"),
                t!(
                    "在末尾补上 `}}`，各项之间用半角逗号 `,` 分隔",
                    "add `}}` at the end; separate entries with `,`"
                ),
            );
        }
        if problem.starts_with("did not find expected '-' indicator")
            || problem.starts_with("block sequence entries are not allowed")
        {
            return (
                l,
                c,
                t!(
                    "列表项的缩进不一致",
                    "the items of this list are not indented alike"
                ),
                t!(
                    "同一列表的每个 `- ` 要对齐（缩进相同的空格数）",
                    "line up every `- ` of one list (the same number of spaces)"
                ),
            );
        }
        let problem = problem.to_string();
        (
            l,
            c,
            t!("YAML 格式错误：{problem}", "invalid YAML: {problem}"),
            t!(
                "检查缩进（只用空格）、引号是否成对、每个键是否只写了一次；值中含有 `: ` 时给整个值加引号",
                "check indentation (spaces only), that quotes are closed and that each key appears once; quote values containing `: `"
            ),
        )
    }

    /// libyaml found a line that is neither `key: value` nor a continuation.
    fn missing_colon(&self, l: usize) -> Found {
        let line = self.line(l);
        if let Some(i) = line.find('：') {
            let key = line[..i].trim().trim_start_matches("- ");
            return (
                l,
                char_col(line, i),
                t!(
                    "冒号应为半角：`{key}：` 用了全角冒号 `：`",
                    "full-width colon: `{key}：` needs a half-width `:`"
                ),
                t!(
                    "改为 `{key}: `（半角冒号加一个空格）",
                    "write `{key}: ` (half-width colon and a space)"
                ),
            );
        }
        if let Some(found) = no_space_after_colon(line, l) {
            return found;
        }
        (
            l,
            indent(line) + 1,
            t!(
                "这一行缺少键与值之间的 `: `",
                "this line has no `: ` between key and value"
            ),
            t!(
                "写作 `键: 值`；要接着上一行的值写，这一行需缩进",
                "write `key: value`; to continue the previous value, indent this line"
            ),
        )
    }

    /// A `key:value` line (no space after the colon) before line `l` that made the parser
    /// read a key as part of a longer text.
    fn no_space_after_colon_before(&self, l: usize) -> Option<Found> {
        let prev = (1..l).rev().find(|&i| {
            let t = self.line(i).trim();
            !t.is_empty() && !t.starts_with('#')
        })?;
        no_space_after_colon(self.line(prev), prev)
    }

    /// Line `l` is indented deeper than the key line before it, which has a value of its own.
    fn bad_indent(&self, l: usize) -> Option<Found> {
        let line = self.line(l);
        let prev_no = (1..l).rev().find(|&i| {
            let t = self.line(i).trim();
            !t.is_empty() && !t.starts_with('#')
        })?;
        let prev = self.line(prev_no);
        let (here, before) = (indent(line), indent(prev));
        let prev_has_value = prev
            .split_once(": ")
            .is_some_and(|(_, v)| !v.trim().is_empty());
        if here > before && prev_has_value && !line.trim_start().starts_with('-') {
            let extra = here - before;
            return Some((
                l,
                1,
                t!(
                    "缩进不对：这一行比上一行多缩进了 {extra} 个空格",
                    "wrong indentation: this line is indented {extra} spaces more than the one before"
                ),
                t!(
                    "同级的键要左对齐（缩进相同的空格数）",
                    "keys of one level line up (the same number of spaces)"
                ),
            ));
        }
        None
    }

    /// The second `key:` of a mapping that starts at line `from`.
    fn duplicate(&self, key: &str, from: usize) -> Option<Found> {
        let first =
            (from.max(1)..=self.lines.len()).find(|&i| key_of(self.line(i)) == Some(key))?;
        let depth = key_col(self.line(first));
        for i in first + 1..=self.lines.len() {
            let line = self.line(i);
            let t = line.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            if indent(line) < depth {
                break;
            }
            if indent(line) == depth && key_of(line) == Some(key) {
                let first = first + self.first_line - 1;
                return Some((
                    i,
                    depth + 1,
                    t!(
                        "键 `{key}` 重复出现（第 {first} 行已写过）",
                        "key `{key}` appears twice (first on line {first})"
                    ),
                    t!(
                        "同一个键只能写一次：删掉多余的一行，或把两处合并",
                        "a key may appear only once: delete one of the lines or merge them"
                    ),
                ));
            }
        }
        None
    }
}

/// `problem` part of a libyaml message: before ` at line ` and `, while`.
fn problem_of(raw: &str) -> &str {
    let end = [raw.find(" at line "), raw.find(", while ")]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(raw.len());
    &raw[..end]
}

/// `while <what> at line L column C` → (L, C).
fn context(raw: &str, what: &str) -> Option<(usize, usize)> {
    let rest = &raw[raw.find(what)? + what.len()..];
    let rest = rest.strip_prefix(" at line ")?;
    let (l, rest) = rest.split_once(" column ")?;
    let c: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((l.trim().parse().ok()?, c.parse().ok()?))
}

/// `duplicate entry with key "title"` → `title`.
fn duplicate_key(raw: &str) -> Option<String> {
    let rest = raw.strip_prefix("duplicate entry with key ")?;
    let k = rest.trim().trim_matches('"');
    Some(k.replace("\\\"", "\""))
}

fn unclosed_quote(line: &str, l: usize, c: usize) -> Found {
    let q = line.chars().nth(c.saturating_sub(1)).unwrap_or('"');
    (
        l,
        c,
        t!(
            "引号未闭合：这里开始的 `{q}` 没有结束的 `{q}`",
            "unclosed quote: the `{q}` that starts here is never closed"
        ),
        t!(
            "在值的末尾补上 `{q}`；值里本身要用引号时，改用中文引号“”或书名号《》",
            "add the closing `{q}` at the end of the value; for quotes inside the value use “” or 《》"
        ),
    )
}

/// `title: "关于"某某"的通知"`: the value's opening quote is closed inside the value and
/// text follows it.
fn quote_closed_early(line: &str, l: usize) -> Option<Found> {
    let (_, v) = line.split_once(": ")?;
    let v_start = line.len() - v.len();
    let lead = v.len() - v.trim_start().len();
    let v = v.trim_start();
    let q = v.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let mut close = None;
    let mut escaped = false;
    for (i, ch) in v.char_indices().skip(1) {
        if q == '"' && ch == '\\' && !escaped {
            escaped = true;
            continue;
        }
        if ch == q && !escaped {
            close = Some(i);
            break;
        }
        escaped = false;
    }
    let close = close?;
    let after = v[close + 1..].trim_start();
    if after.is_empty() || after.starts_with('#') {
        return None;
    }
    let at = v_start + lead + close;
    let other = if q == '"' { '\'' } else { '"' };
    Some((
        l,
        char_col(line, at),
        t!(
            "引号提前结束：值里的 `{q}` 把这段文字截断了",
            "the quote closes early: a `{q}` inside the value ends the text"
        ),
        t!(
            "值里的引号改用中文引号“”，或外层改用 `{other}…{other}`",
            "use “” for quotes inside the value, or quote the whole value with `{other}…{other}`"
        ),
    ))
}

/// `title:甲` — a key followed by a colon without a space.
fn no_space_after_colon(line: &str, l: usize) -> Option<Found> {
    let t = line.trim_start().trim_start_matches("- ");
    let i = t.find(':')?;
    let key = &t[..i];
    let ok_key = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    let next = t[i + 1..].chars().next()?;
    if !ok_key || next == ' ' {
        return None;
    }
    let at = line.len() - t.len() + i;
    Some((
        l,
        char_col(line, at),
        t!(
            "冒号后缺少空格：`{key}:` 后面要有一个空格",
            "no space after the colon: `{key}:` needs a space after it"
        ),
        t!(
            "写作 `{key}: …`（半角冒号加一个空格）",
            "write `{key}: …` (colon and a space)"
        ),
    ))
}

/// The key a line writes (`key:` after indentation and `- `), if any.
fn key_of(line: &str) -> Option<&str> {
    let t = line.trim_start().trim_start_matches("- ").trim_start();
    let (k, rest) = t.split_once(':')?;
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    let k = k.trim_end();
    let k = k
        .strip_prefix('"')
        .and_then(|k| k.strip_suffix('"'))
        .or_else(|| k.strip_prefix('\'').and_then(|k| k.strip_suffix('\'')))
        .unwrap_or(k);
    (!k.is_empty()).then_some(k)
}

/// Column (0-based, in characters) where the key of a line starts, after `- ` markers.
fn key_col(line: &str) -> usize {
    let mut col = indent(line);
    let mut rest = &line[col..];
    while let Some(r) = rest.strip_prefix("- ") {
        let sp = r.len() - r.trim_start_matches(' ').len();
        col += 2 + sp;
        rest = &r[sp..];
    }
    col
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// 1-based character column of byte offset `at` in `line`.
fn char_col(line: &str, at: usize) -> usize {
    line[..at.min(line.len())].chars().count() + 1
}
