//! The search index kept in memory while serving, so that editing one document rewrites only
//! the shards whose posting lists changed instead of the whole index.
//!
//! It writes exactly the files `crate::search` writes in a build (`search/meta.json`,
//! `search/text-N.json`, `search/idx-N.json`); the serve tests compare the two byte for byte.

use std::collections::BTreeSet;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::model::PublicSite;
use crate::search::{
    TEXT_SHARD, by_number, excerpt, fnv1a, meta_json, shard_count, shard_json, text_json, tokens,
};

/// What the index takes from one document: title, 文号 + 索引号, page text.
pub struct DocText<'x> {
    pub title: &'x str,
    pub extra: String,
    pub text: &'x str,
}

impl<'x> DocText<'x> {
    pub fn of(doc: &'x crate::model::document::Document, text: &'x str) -> Self {
        DocText {
            title: &doc.title,
            extra: format!(
                "{} {}",
                doc.doc_number.as_deref().unwrap_or(""),
                doc.index_number.as_deref().unwrap_or("")
            ),
            text,
        }
    }

    fn token_set(&self) -> FxHashSet<Box<str>> {
        let mut set = FxHashSet::default();
        for part in [self.title, self.extra.as_str(), self.text] {
            tokens(part, |t| {
                if !set.contains(t) {
                    set.insert(t.into());
                }
            });
        }
        set
    }

    fn excerpt(&self) -> String {
        excerpt(self.text)
    }
}

/// A document's distinct tokens with their shard (sorted by shard), and its excerpt.
type TokensAndExcerpt = (Vec<(usize, Box<str>)>, String);

/// Token → ascending document numbers.
type Shard = FxHashMap<Box<str>, Vec<u32>>;

/// Posting lists by shard, plus the excerpt of every document. Postings and excerpts are
/// kept by search number ([`crate::search::numbers`]), not by position in `PublicSite::docs`.
pub struct LiveIndex {
    shards: Vec<Shard>,
    /// By search number.
    excerpts: Vec<String>,
    /// `numbers[i]`: the search number of the document at position `i`.
    numbers: Vec<u32>,
}

/// Files of the index that an update touched.
#[derive(Debug, Default)]
pub struct Touched {
    pub meta: bool,
    pub text: BTreeSet<usize>,
    pub idx: BTreeSet<usize>,
}

impl LiveIndex {
    /// Index every published document (`docs[i]` at position `i` has number `numbers[i]`).
    pub fn build(docs: &[DocText], numbers: Vec<u32>) -> LiveIndex {
        let n = shard_count(docs.len());
        // Per document: its distinct tokens with their shard, sorted by shard.
        let per_doc: Vec<TokensAndExcerpt> = docs
            .par_iter()
            .map(|d| {
                let mut v: Vec<(usize, Box<str>)> = d
                    .token_set()
                    .into_iter()
                    .map(|t| (fnv1a(&t) as usize % n, t))
                    .collect();
                v.sort_unstable_by_key(|x| x.0);
                (v, d.excerpt())
            })
            .collect();
        // Shards are filled in parallel, each range of shards by one job, documents in
        // number order so that posting lists come out sorted.
        let order = by_number(&numbers);
        let step = n.div_ceil(16).max(1);
        let ranges: Vec<(usize, usize)> = (0..n)
            .step_by(step)
            .map(|a| (a, (a + step).min(n)))
            .collect();
        let parts: Vec<Vec<Shard>> = ranges
            .par_iter()
            .map(|&(a, b)| {
                let mut maps: Vec<Shard> = vec![Shard::default(); b - a];
                for (num, &i) in order.iter().enumerate() {
                    let v = &per_doc[i].0;
                    let lo = v.partition_point(|x| x.0 < a);
                    let hi = v.partition_point(|x| x.0 < b);
                    for (s, t) in &v[lo..hi] {
                        match maps[s - a].get_mut(&**t) {
                            Some(list) => list.push(num as u32),
                            None => {
                                maps[s - a].insert(t.clone(), vec![num as u32]);
                            }
                        }
                    }
                }
                maps
            })
            .collect();
        let shards = parts.into_iter().flatten().collect();
        let mut excerpts = vec![String::new(); docs.len()];
        for (i, (_, e)) in per_doc.into_iter().enumerate() {
            excerpts[numbers[i] as usize] = e;
        }
        LiveIndex {
            shards,
            excerpts,
            numbers,
        }
    }

    /// The search number of each position, as the index holds it.
    pub fn numbers(&self) -> &[u32] {
        &self.numbers
    }

    /// Carry the index over to a new list of documents (`old_ids`/`new_ids` sorted, as in
    /// `PublicSite::docs`; `new_numbers` their search numbers): documents kept unchanged keep
    /// their postings under their new number, only added, removed and changed ones are
    /// tokenized. Returns the files that changed, or `None` (index untouched) when rebuilding
    /// is cheaper or the shard count changes.
    pub fn carry_over(
        &mut self,
        old: &[DocText],
        old_ids: &[&str],
        new: &[DocText],
        new_ids: &[&str],
        new_numbers: Vec<u32>,
    ) -> Option<Touched> {
        if shard_count(new.len()) != self.shards.len() || old.len() != self.excerpts.len() {
            return None;
        }
        let same =
            |a: &DocText, b: &DocText| a.title == b.title && a.extra == b.extra && a.text == b.text;
        // map[old number] = new number of a kept, unchanged document.
        let old_numbers = std::mem::take(&mut self.numbers);
        let mut map: Vec<Option<u32>> = vec![None; old.len()];
        let mut fresh: Vec<usize> = Vec::new();
        let (mut j, mut i) = (0, 0);
        while i < new_ids.len() {
            if j < old_ids.len() && old_ids[j] < new_ids[i] {
                j += 1;
            } else if j < old_ids.len() && old_ids[j] == new_ids[i] {
                if same(&old[j], &new[i]) {
                    map[old_numbers[j] as usize] = Some(new_numbers[i]);
                } else {
                    fresh.push(i);
                }
                i += 1;
                j += 1;
            } else {
                fresh.push(i);
                i += 1;
            }
        }
        let gone = map.iter().filter(|m| m.is_none()).count();
        if (gone + fresh.len()) * 10 > new.len().max(1) {
            self.numbers = old_numbers;
            return None;
        }
        let n = self.shards.len();
        let mut touched = Touched {
            meta: true,
            ..Default::default()
        };
        for (j, &num) in old_numbers.iter().enumerate() {
            if map[num as usize].is_none() {
                for t in old[j].token_set() {
                    let s = fnv1a(&t) as usize % n;
                    if let Some(v) = self.shards[s].get_mut(&t) {
                        v.retain(|&d| d != num);
                        touched.idx.insert(s);
                    }
                }
            }
        }
        let renumbered: Vec<bool> = self
            .shards
            .par_iter_mut()
            .map(|shard| {
                let mut moved = false;
                shard.retain(|_, v| {
                    for d in v.iter_mut() {
                        let to =
                            map[*d as usize].expect("postings of dropped documents were removed");
                        moved |= to != *d;
                        *d = to;
                    }
                    // Renumbering keeps the relative order of kept documents (both numberings
                    // sort by date), but stay correct if it ever does not.
                    if !v.is_sorted() {
                        v.sort_unstable();
                    }
                    !v.is_empty()
                });
                moved
            })
            .collect();
        touched.idx.extend((0..n).filter(|&s| renumbered[s]));
        let mut excerpts: Vec<String> = vec![String::new(); new.len()];
        for (j, m) in map.iter().enumerate() {
            if let Some(i) = m {
                excerpts[*i as usize] = self.excerpts[j].clone();
            }
        }
        for &i in &fresh {
            let num = new_numbers[i];
            excerpts[num as usize] = new[i].excerpt();
            for t in new[i].token_set() {
                let s = fnv1a(&t) as usize % n;
                let v = self.shards[s].entry(t).or_default();
                if let Err(pos) = v.binary_search(&num) {
                    v.insert(pos, num);
                }
                touched.idx.insert(s);
            }
        }
        let (old_chunks, new_chunks) = (
            self.excerpts.chunks(TEXT_SHARD).collect::<Vec<_>>(),
            excerpts.chunks(TEXT_SHARD).collect::<Vec<_>>(),
        );
        touched
            .text
            .extend((0..new_chunks.len()).filter(|&c| old_chunks.get(c) != new_chunks.get(c)));
        self.excerpts = excerpts;
        self.numbers = new_numbers;
        Some(touched)
    }

    /// The document at position `pos` changed from `old` to `new` (same positions and search
    /// numbers for all documents).
    pub fn replace(&mut self, pos: u32, old: &DocText, new: &DocText, touched: &mut Touched) {
        touched.meta = true;
        let doc = self.numbers[pos as usize];
        let excerpt = new.excerpt();
        let slot = &mut self.excerpts[doc as usize];
        if *slot != excerpt {
            *slot = excerpt;
            touched.text.insert(doc as usize / TEXT_SHARD);
        }
        let (old, new) = (old.token_set(), new.token_set());
        let n = self.shards.len();
        for t in old.difference(&new) {
            let s = fnv1a(t) as usize % n;
            if let Some(v) = self.shards[s].get_mut(t) {
                v.retain(|&d| d != doc);
                if v.is_empty() {
                    self.shards[s].remove(t);
                }
                touched.idx.insert(s);
            }
        }
        for t in new.difference(&old) {
            let s = fnv1a(t) as usize % n;
            let v = self.shards[s].entry(t.clone()).or_default();
            if let Err(pos) = v.binary_search(&doc) {
                v.insert(pos, doc);
            }
            touched.idx.insert(s);
        }
    }

    /// Every file of the index, for a full write.
    pub fn all(&self) -> Touched {
        Touched {
            meta: true,
            text: (0..self.excerpts.len().div_ceil(TEXT_SHARD)).collect(),
            idx: (0..self.shards.len()).collect(),
        }
    }

    /// The files in `which`, as (path, bytes).
    pub fn files(&self, site: &PublicSite, base: &str, which: &Touched) -> Vec<(String, Vec<u8>)> {
        let mut out = Vec::new();
        if which.meta {
            out.push((
                "search/meta.json".to_string(),
                meta_json(site, base, self.shards.len(), &by_number(&self.numbers)),
            ));
        }
        let chunks: Vec<&[String]> = self.excerpts.chunks(TEXT_SHARD).collect();
        for &n in &which.text {
            if let Some(chunk) = chunks.get(n) {
                out.push((format!("search/text-{n}.json"), text_json(chunk)));
            }
        }
        let idx: Vec<(String, Vec<u8>)> = which
            .idx
            .par_iter()
            .map(|&n| (format!("search/idx-{n}.json"), self.shard_json(n)))
            .collect();
        out.extend(idx);
        out
    }

    fn shard_json(&self, n: usize) -> Vec<u8> {
        shard_json(self.shards[n].iter().map(|(t, v)| (&**t, v.as_slice())))
    }
}
