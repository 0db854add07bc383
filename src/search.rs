//! Chinese full-text search index, built at build time as static JSON shards.
//!
//! Tokens: CJK bigrams (a lone CJK character is a unigram), lower-cased ASCII words and
//! numbers; full-width ASCII is folded, punctuation and brackets dropped — so
//! `罗政办字〔2021〕20号` and `罗政办字[2021]20号` give the same tokens. Each token's posting
//! list (document numbers, [`encode_postings`]) lives in shard `fnv1a(token) % shards`; the browser
//! script tokenizes the query the same way and fetches only the shards it needs.

use rustc_hash::FxHashMap;

use serde::Serialize;

use crate::model::PublicSite;
use crate::output::{OutputError, Staging};

/// Characters kept for the snippet of each document, all of which the result list shows
/// (search.js `snippet`): about two lines of the results column. 360 made the text shards
/// 8.4 of the site's 106 MB at 10,000 documents, 160 still 3.6 of 69 (the list showed 140,
/// three lines and more); at 90 each shard fetch is about 55 KB (issue 22, output economy).
pub const EXCERPT_CHARS: usize = 90;
/// Documents per text shard.
pub const TEXT_SHARD: usize = 200;

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

fn fold(c: char) -> char {
    let u = c as u32;
    let c = if (0xFF01..=0xFF5E).contains(&u) {
        char::from_u32(u - 0xFEE0).unwrap_or(c)
    } else {
        c
    };
    c.to_ascii_lowercase()
}

/// Split text into search tokens (see module docs); calls `f` for each, duplicates included.
pub fn tokens(text: &str, mut f: impl FnMut(&str)) {
    let mut word = String::new();
    let mut prev_cjk: Option<char> = None;
    let mut run = 0usize;
    let mut buf = [0u8; 8];
    let flush_single = |prev: Option<char>, run: usize, f: &mut dyn FnMut(&str)| {
        if run == 1
            && let Some(p) = prev
        {
            let mut b = [0u8; 4];
            f(p.encode_utf8(&mut b));
        }
    };
    for c in text.chars().map(fold) {
        if is_cjk(c) {
            if !word.is_empty() {
                f(&word);
                word.clear();
            }
            if let Some(p) = prev_cjk {
                let n1 = p.encode_utf8(&mut buf).len();
                let n2 = c.encode_utf8(&mut buf[n1..]).len();
                f(std::str::from_utf8(&buf[..n1 + n2]).expect("two chars"));
            }
            prev_cjk = Some(c);
            run += 1;
        } else {
            flush_single(prev_cjk, run, &mut f);
            prev_cjk = None;
            run = 0;
            if c.is_ascii_alphanumeric() {
                word.push(c);
            } else if !word.is_empty() {
                f(&word);
                word.clear();
            }
        }
    }
    flush_single(prev_cjk, run, &mut f);
    if !word.is_empty() {
        f(&word);
    }
}

/// 32-bit FNV-1a over UTF-8 bytes (the browser script computes the same).
pub fn fnv1a(s: &str) -> u32 {
    let mut h: u32 = 0x811c9dc5;
    for b in s.bytes() {
        h ^= b as u32;
        h = h.wrapping_mul(0x01000193);
    }
    h
}

/// Number of shards for a site of `docs` documents (a power of two, 8..=1024).
///
/// A new document has hundreds of distinct tokens, so it changes nearly every posting shard:
/// the shard count is what one publish costs in changed files. About 160 documents per shard
/// keeps that under 1% of the output (64 shards at 10,000 documents) while a query of 4–8
/// tokens still fetches only 4–8 shards.
pub fn shard_count(docs: usize) -> usize {
    (docs / 160).next_power_of_two().clamp(8, 1024)
}

/// Search number of each document: `numbers[i]` for `site.docs[i]` is its rank oldest first
/// (publish date, date, then id — the reverse of [`PublicSite::newest_first`]), so that a new
/// (newest) document takes the next number and every other document keeps its own: the
/// posting lists and snippet shards of older documents do not change when one is published.
pub fn numbers(site: &PublicSite) -> Vec<u32> {
    let order = site.newest_first(|_| true);
    let n = order.len();
    let mut num = vec![0u32; n];
    for (k, &i) in order.iter().enumerate() {
        num[i] = (n - 1 - k) as u32;
    }
    num
}

/// Positions in `site.docs` by search number (the inverse of [`numbers`]).
pub fn by_number(numbers: &[u32]) -> Vec<usize> {
    let mut pos = vec![0usize; numbers.len()];
    for (i, &n) in numbers.iter().enumerate() {
        pos[n as usize] = i;
    }
    pos
}

/// A token as a number: CJK unigrams/bigrams pack their code points (bit 63 clear);
/// ASCII words are hashed (bit 63 set) and their text kept in `SearchIndex::words`.
pub type TokenKey = u64;

const WORD_BIT: u64 = 1 << 63;

#[cfg(test)]
fn key_of(t: &str) -> TokenKey {
    let mut cs = t.chars();
    let a = cs.next().unwrap_or('\0');
    if is_cjk(a) {
        let b = cs.next().map(|c| c as u64).unwrap_or(0);
        ((a as u64) << 21) | b
    } else {
        let mut h: u64 = 0xcbf29ce484222325;
        for byte in t.bytes() {
            h ^= byte as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
        h | WORD_BIT
    }
}

fn text_of(k: TokenKey, words: &FxHashMap<TokenKey, Box<str>>) -> String {
    if k & WORD_BIT != 0 {
        return words.get(&k).map(|w| w.to_string()).unwrap_or_default();
    }
    let mut s = String::new();
    if let Some(a) = char::from_u32((k >> 21) as u32) {
        s.push(a);
    }
    if let Some(b) = char::from_u32((k & 0x1F_FFFF) as u32).filter(|c| *c != '\0') {
        s.push(b);
    }
    s
}

/// The tokens of one document, computed in parallel with rendering.
pub struct DocTokens {
    keys: Vec<TokenKey>,
    words: Vec<(TokenKey, Box<str>)>,
    excerpt: String,
}

/// Tokenize one document's title, extra fields (文号, 索引号) and text.
pub fn doc_tokens(title: &str, extra: &str, text: &str) -> DocTokens {
    let mut keys = Vec::with_capacity(text.len() / 3);
    let mut words: Vec<(TokenKey, Box<str>)> = Vec::new();
    let mut seen = rustc_hash::FxHashSet::default();
    for part in [title, extra, text] {
        token_keys(part, &mut keys, &mut words, &mut seen);
    }
    keys.sort_unstable();
    keys.dedup();
    DocTokens {
        keys,
        words,
        excerpt: excerpt(text),
    }
}

/// The keys of `tokens(text)` computed straight from the characters (the hot path of
/// indexing: no token strings are built except for new ASCII words).
///
/// `seen` holds the word keys already in `words`: a linear scan of `words` per word made a
/// body of n distinct words cost O(n²) (issue 16 item 7: 200,000 words took 10 s).
fn token_keys(
    text: &str,
    keys: &mut Vec<TokenKey>,
    words: &mut Vec<(TokenKey, Box<str>)>,
    seen: &mut rustc_hash::FxHashSet<TokenKey>,
) {
    const FNV_OFFSET: u64 = 0xcbf29ce484222325;
    let mut prev: Option<char> = None;
    let mut run = 0usize;
    let mut word_hash = FNV_OFFSET;
    let mut word_start: Option<usize> = None;
    let mut word = String::new();
    let mut end_word = |h: u64, w: &str, keys: &mut Vec<TokenKey>| {
        let k = h | WORD_BIT;
        if seen.insert(k) {
            words.push((k, w.into()));
        }
        keys.push(k);
    };
    for c in text.chars().map(fold) {
        if is_cjk(c) {
            if word_start.take().is_some() {
                end_word(word_hash, &word, keys);
            }
            match prev {
                Some(p) => keys.push(((p as u64) << 21) | c as u64),
                None => run = 0,
            }
            prev = Some(c);
            run += 1;
        } else {
            if run == 1
                && let Some(p) = prev
            {
                keys.push((p as u64) << 21);
            }
            prev = None;
            run = 0;
            if c.is_ascii_alphanumeric() {
                if word_start.is_none() {
                    word_start = Some(0);
                    word_hash = FNV_OFFSET;
                    word.clear();
                }
                word.push(c);
                word_hash ^= c as u64;
                word_hash = word_hash.wrapping_mul(0x100000001b3);
            } else if word_start.take().is_some() {
                end_word(word_hash, &word, keys);
            }
        }
    }
    if run == 1
        && let Some(p) = prev
    {
        keys.push((p as u64) << 21);
    }
    if word_start.is_some() {
        end_word(word_hash, &word, keys);
    }
}

/// The first characters of `text` with whitespace runs collapsed to one space.
pub fn excerpt(text: &str) -> String {
    let mut out = String::with_capacity(EXCERPT_CHARS * 3);
    let mut n = 0;
    let mut space = false;
    for c in text.trim_start().chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space {
            out.push(' ');
            n += 1;
            space = false;
        }
        out.push(c);
        n += 1;
        if n >= EXCERPT_CHARS {
            break;
        }
    }
    out
}

/// One document in `meta.json`: [title, url, [unit..], date, column, kind, doc_number, body];
/// `url` is relative to its column's (`column_urls`) when it lies under it (see [`meta_url`]).
type MetaDoc<'a> = (
    &'a str,
    String,
    &'a [usize],
    String,
    usize,
    usize,
    &'a str,
    usize,
);

/// The index under construction. Documents must be added in ascending order.
#[derive(Default)]
pub struct SearchIndex {
    postings: FxHashMap<TokenKey, Vec<u32>>,
    words: FxHashMap<TokenKey, Box<str>>,
    excerpts: Vec<String>,
}

impl SearchIndex {
    pub fn new() -> Self {
        Self::default()
    }

    /// Add document number `doc` (its [`numbers`] entry), in any order.
    pub fn add(&mut self, doc: u32, t: DocTokens) {
        for k in t.keys {
            self.postings.entry(k).or_default().push(doc);
        }
        for (k, w) in t.words {
            self.words.entry(k).or_insert(w);
        }
        let i = doc as usize;
        if self.excerpts.len() <= i {
            self.excerpts.resize(i + 1, String::new());
        }
        self.excerpts[i] = t.excerpt;
    }

    /// Write `search/meta.json`, `search/text-N.json` and `search/idx-N.json`.
    pub fn write(
        mut self,
        site: &PublicSite,
        base: &str,
        staging: &Staging,
    ) -> Result<usize, OutputError> {
        use rayon::prelude::*;
        let shards = shard_count(site.docs.len());
        staging.write(
            "search/meta.json",
            &meta_json(site, base, shards, &by_number(&numbers(site))),
        )?;
        let mut files = 1;
        for (n, chunk) in self.excerpts.chunks(TEXT_SHARD).enumerate() {
            staging.write(&format!("search/text-{n}.json"), &text_json(chunk))?;
            files += 1;
        }
        self.postings
            .par_iter_mut()
            .for_each(|(_, v)| v.sort_unstable());
        let mut buckets: Vec<Vec<(TokenKey, &Vec<u32>)>> = vec![Vec::new(); shards];
        for (k, v) in &self.postings {
            // Shard by the token text's hash, which the browser can compute.
            let t = text_of(*k, &self.words);
            buckets[(fnv1a(&t) as usize) % shards].push((*k, v));
        }
        let words = &self.words;
        buckets.into_par_iter().enumerate().try_for_each(|(n, b)| {
            let entries: Vec<(String, &Vec<u32>)> =
                b.into_iter().map(|(k, v)| (text_of(k, words), v)).collect();
            staging.write(
                &format!("search/idx-{n}.json"),
                &shard_json(entries.iter().map(|(t, v)| (t.as_str(), v.as_slice()))),
            )
        })?;
        files += shards;
        Ok(files)
    }
}

/// `search/meta.json`: shard counts, facet names and one row per published document, by
/// search number (`order[n]` is the position in `site.docs` of number `n`).
pub fn meta_json(site: &PublicSite, base: &str, shards: usize, order: &[usize]) -> Vec<u8> {
    #[derive(Serialize)]
    struct Meta<'a> {
        shards: usize,
        text_shard: usize,
        columns: Vec<String>,
        /// Each column's URL: a document's `url` is written after it (search.js `docUrl`).
        column_urls: Vec<String>,
        units: Vec<&'a str>,
        /// 公开主体 names (SPEC §7), in `SiteConfig::bodies` order.
        bodies: Vec<&'a str>,
        kinds: &'static [&'static str],
        docs: Vec<MetaDoc<'a>>,
    }
    let kinds = crate::model::types::Kind::NAMES;
    let base = base.trim_end_matches('/');
    let column_urls: Vec<String> = site
        .config
        .columns
        .iter()
        .map(|c| format!("{base}/{}/", c.path))
        .collect();
    let meta = Meta {
        shards,
        text_shard: TEXT_SHARD,
        // A 部门/镇街's columns are named with the body: every body has a 政府信息公开指南.
        columns: site
            .config
            .columns
            .iter()
            .map(|c| match &site.config.bodies[c.body] {
                b if b.is_root() => c.title.clone(),
                b => format!("{}·{}", b.name, c.title),
            })
            .collect(),
        column_urls: column_urls.clone(),
        bodies: site.config.bodies.iter().map(|b| b.name.as_str()).collect(),
        units: site.config.units.iter().map(|u| u.name.as_str()).collect(),
        kinds,
        docs: order
            .iter()
            .map(|&i| {
                let d = site.docs[i].doc;
                let kind = kinds.iter().position(|k| *k == d.kind.cn()).unwrap_or(0);
                (
                    d.title.as_str(),
                    meta_url(&format!("{base}{}", d.url), &column_urls[d.column]),
                    d.issuers.as_slice(),
                    d.publish_date().to_string(),
                    d.column,
                    kind,
                    d.doc_number.as_deref().unwrap_or(""),
                    d.owner,
                )
            })
            .collect(),
    };
    serde_json::to_vec(&meta).expect("plain data")
}

/// A document's URL in `meta.json`: the part after its column's URL
/// (`t20210521_008233/`, not `/fdzdgknr/zcwj/t20210521_008233/`: 8138 × ~18 bytes of
/// the 10,000-document index), or the whole URL when it is not under it. search.js
/// `docUrl` tells them apart: a whole URL starts with `/` or holds a `:` (a base URL with a
/// host), a relative one never does.
pub fn meta_url(url: &str, column_url: &str) -> String {
    match url.strip_prefix(column_url) {
        Some(rest) if !rest.is_empty() && !rest.starts_with('/') && !rest.contains(':') => {
            rest.to_string()
        }
        _ => url.to_string(),
    }
}

/// `search/text-N.json`: the excerpts of `TEXT_SHARD` consecutive documents.
pub fn text_json(excerpts: &[String]) -> Vec<u8> {
    serde_json::to_vec(excerpts).expect("strings")
}

/// `search/idx-N.json`: `{token: postings}`, tokens sorted, each token's ascending document
/// numbers encoded by [`encode_postings`] as one JSON string.
pub fn shard_json<'t>(entries: impl Iterator<Item = (&'t str, &'t [u32])>) -> Vec<u8> {
    let mut entries: Vec<(&str, &[u32])> = entries.collect();
    entries.sort_by(|x, y| x.0.cmp(y.0));
    let mut out = String::from("{");
    for (i, (t, v)) in entries.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&serde_json::to_string(t).expect("string"));
        out.push_str(":\"");
        encode_postings(v, &mut out);
        out.push('"');
    }
    out.push('}');
    out.into_bytes()
}

/// The 64 digits of the posting encoding (URL-safe base 64; none needs escaping in JSON).
const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
/// First character of a posting list written as a bitmap.
const BITMAP: char = '~';

/// Append ascending document numbers `ids` in the shorter of two forms (search.js
/// `decodePostings` reads both):
/// - gaps: each difference to the previous number (the first: the number itself) in base 32,
///   most significant digit first, one character per digit, every digit but the last
///   +32 — a gap below 32 is one character (the decimal `[3,1,1,…]` it replaces took two
///   or more per number: 5.2 of the 10,000-document site's 69 MiB, issue 22);
/// - bitmap: `~`, then one character per 6 document numbers from 0 (bit `j` of character
///   `k` is number `6k + j`), up to the last: for a token in more than about a sixth of
///   the documents.
pub fn encode_postings(ids: &[u32], out: &mut String) {
    let Some(&last) = ids.last() else { return };
    let bitmap_len = 1 + last as usize / 6 + 1;
    let mut gaps = String::new();
    let mut prev = 0u32;
    for &d in ids {
        let mut gap = d - prev;
        prev = d;
        let mut digits = [0u8; 7];
        let mut n = 0;
        loop {
            digits[n] = (gap & 31) as u8;
            n += 1;
            gap >>= 5;
            if gap == 0 {
                break;
            }
        }
        for k in (0..n).rev() {
            let more = if k > 0 { 32 } else { 0 };
            gaps.push(DIGITS[(digits[k] + more) as usize] as char);
        }
        if gaps.len() >= bitmap_len {
            break;
        }
    }
    if gaps.len() < bitmap_len {
        out.push_str(&gaps);
        return;
    }
    let mut bits = vec![0u8; last as usize / 6 + 1];
    for &d in ids {
        bits[d as usize / 6] |= 1 << (d % 6);
    }
    out.push(BITMAP);
    out.extend(bits.iter().map(|&b| DIGITS[b as usize] as char));
}

/// The document numbers of one posting string ([`encode_postings`]); `None` if malformed.
pub fn decode_postings(s: &str) -> Option<Vec<u32>> {
    let value = |c: u8| DIGITS.iter().position(|&d| d == c).map(|v| v as u32);
    let mut out = Vec::new();
    if let Some(bits) = s.strip_prefix(BITMAP) {
        for (k, c) in bits.bytes().enumerate() {
            let v = value(c)?;
            out.extend(
                (0..6)
                    .filter(|j| v & (1 << j) != 0)
                    .map(|j| 6 * k as u32 + j),
            );
        }
        return Some(out);
    }
    let (mut acc, mut n, mut open) = (0u32, 0u32, false);
    for c in s.bytes() {
        let v = value(c)?;
        n = n.checked_mul(32)?.checked_add(v & 31)?;
        open = v >= 32;
        if !open {
            acc = acc.checked_add(n)?;
            out.push(acc);
            n = 0;
        }
    }
    (!open).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        let mut v = Vec::new();
        tokens(s, |t| v.push(t.to_string()));
        v
    }

    #[test]
    fn chinese_bigrams_and_doc_numbers() {
        assert_eq!(toks("义务教育"), ["义务", "务教", "教育"]);
        assert_eq!(
            toks("罗政办字〔2021〕20号"),
            ["罗政", "政办", "办字", "2021", "20", "号"]
        );
        assert_eq!(toks("罗政办字[２０２１]20号"), toks("罗政办字〔2021〕20号"));
        assert_eq!(toks("LZDR-2021"), ["lzdr", "2021"]);
    }

    /// The golden token file `tests/fixtures/tokens.json` is shared with the browser's
    /// tokenizer (`themes/default/static/search.js`, checked by `tests/it/search.rs`): both
    /// the string and the key tokenizer must produce its tokens and hashes.
    #[test]
    fn golden_tokens() {
        let golden: serde_json::Value =
            serde_json::from_str(include_str!("../tests/fixtures/tokens.json")).unwrap();
        for case in golden["cases"].as_array().unwrap() {
            let text = case["text"].as_str().unwrap();
            let want: Vec<String> = case["tokens"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_str().unwrap().to_string())
                .collect();
            assert_eq!(toks(text), want, "{text}");
            let hashes: Vec<u64> = want.iter().map(|t| u64::from(fnv1a(t))).collect();
            let golden_hashes: Vec<u64> = case["fnv1a"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h.as_u64().unwrap())
                .collect();
            assert_eq!(hashes, golden_hashes, "{text}");
            let mut keys: Vec<u64> = want.iter().map(|t| key_of(t)).collect();
            keys.sort_unstable();
            keys.dedup();
            assert_eq!(doc_tokens("", "", text).keys, keys, "{text}");
        }
    }

    #[test]
    fn fast_keys_equal_token_keys() {
        for text in [
            "义务教育入学",
            "罗政办字〔2021〕20号 LZDR-2021 a 号",
            "甲 乙丙 x1y2 ＡＢＣ 丁",
            "",
            "ab",
            "单",
        ] {
            let mut want: Vec<u64> = Vec::new();
            tokens(text, |t| want.push(key_of(t)));
            want.sort_unstable();
            want.dedup();
            let got = doc_tokens("", "", text).keys;
            assert_eq!(got, want, "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn fast_keys_match_for_any_text(text in "[a-z0-9 甲乙丙丁，〔〕ＡＢ１]{0,40}") {
            let mut want: Vec<u64> = Vec::new();
            tokens(&text, |t| want.push(key_of(t)));
            want.sort_unstable();
            want.dedup();
            proptest::prop_assert_eq!(doc_tokens("", "", &text).keys, want);
        }
    }

    fn encoded(ids: &[u32]) -> String {
        let mut s = String::new();
        encode_postings(ids, &mut s);
        s
    }

    #[test]
    fn postings_round_trip_in_both_forms() {
        assert_eq!(encoded(&[0, 1, 2, 40]), "011X6");
        assert_eq!(encoded(&[31, 32, 1055]), "V1_V");
        let dense: Vec<u32> = (0..60).filter(|d| d % 3 != 1).collect();
        let s = encoded(&dense);
        assert!(s.starts_with('~') && s.len() == 11, "{s}");
        for ids in [
            vec![],
            vec![0],
            vec![5],
            vec![0, 1, 2, 40],
            vec![31, 32, 1055],
            vec![7, 1_000_000, u32::MAX],
            dense,
            (0..1000).collect(),
            (0..1000).step_by(7).collect(),
        ] {
            assert_eq!(
                decode_postings(&encoded(&ids)),
                Some(ids.clone()),
                "{ids:?}"
            );
        }
        assert_eq!(decode_postings("0W"), None, "ends inside a number");
        assert_eq!(decode_postings("0,1"), None, "not a digit");
    }

    #[test]
    fn shard_json_holds_one_string_per_token() {
        let a = [0u32, 1, 2, 40];
        let b = [3u32];
        let j = shard_json([("教育", &a[..]), ("2021", &b[..])].into_iter());
        assert_eq!(
            String::from_utf8(j).unwrap(),
            r#"{"2021":"3","教育":"011X6"}"#
        );
    }

    #[test]
    fn meta_urls_are_relative_to_the_column_only_when_unambiguous() {
        assert_eq!(meta_url("/gk/a/b/t1/", "/gk/a/b/"), "t1/");
        assert_eq!(meta_url("/gk/a/b/c/t1/", "/gk/a/b/"), "c/t1/");
        assert_eq!(meta_url("/gk/x/t1/", "/gk/a/b/"), "/gk/x/t1/");
        assert_eq!(meta_url("/gk/a/b/", "/gk/a/b/"), "/gk/a/b/");
        assert_eq!(meta_url("/a/b/x:y/", "/a/b/"), "/a/b/x:y/");
        assert_eq!(
            meta_url("https://h/a/t1/", "https://h/a/"),
            "t1/",
            "relative to a column URL with a host"
        );
    }

    #[test]
    fn fnv_matches_reference() {
        assert_eq!(fnv1a(""), 0x811c9dc5);
        assert_eq!(fnv1a("a"), 0xe40c292c);
    }
}
