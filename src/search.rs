//! The search index: written at build time as `search/index.json`, read by
//! `static/search.js` in the reader's browser. No server, no CDN.
//!
//! Compact by design (10,000 briefings must stay under 3 MB compressed): an
//! inverted index from words to the briefings that contain them, in three
//! fields so the page can rank title matches first. Snippets are not stored:
//! the script fetches the few briefing pages it shows and cuts the snippet from
//! their text.
//!
//! # Format (version 1)
//!
//! ```text
//! {
//!   "version": 1,
//!   "stop":    ["the", ...],               words never indexed
//!   "topics":  [[slug, name], ...],
//!   "regions": [[slug, name, [parent index, ...]], ...],
//!   "docs":    [[title, url, date, summary, [topic index, ...], [region index, ...]], ...],
//!   "words":   ["aachen", ...],            unique, sorted by UTF-16 code units as JS compares
//!   "title":   [postings, ...],            one per word: docs with it in the title
//!   "meta":    [postings, ...],            ... in summary, takeaways, headings, terms, authors
//!   "body":    [postings, ...]             ... only in the body text
//! }
//! ```
//!
//! `url` is relative to the site's base path (`briefings/gas-deal/`); `date`
//! is ISO. Docs are newest first. A `postings` string lists ascending doc
//! indexes: the first as is, each later one as the gap from the one before.
//! Each number is written in base 32, most significant digit first; every
//! digit but the last comes from [`CONTINUE`], the last from [`FINAL`].
//! When that would be longer, the list is a bitmap instead: `~`, then six
//! docs a character, the character's index in [`FINAL`] then [`CONTINUE`]
//! (0 to 63) having bit `b` set for doc `6 × position + b`.
//!
//! Words are what [`tokens`] yields: lower-cased runs of alphanumeric
//! characters (Unicode `Alphabetic` or `Numeric`), each Han, kana or Hangul
//! character a word of its own, at least two characters otherwise, at most 40,
//! stop words dropped. `search.js` must split queries the same way.

use crate::site::{Site, Term};
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, PoisonError, RwLock};

/// Digits that end a number.
pub const FINAL: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
/// Digits that continue a number.
pub const CONTINUE: &[u8; 32] = b"wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

/// Words too common to find anything with.
pub const STOP_WORDS: &[&str] = &[
    "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had", "has", "have",
    "he", "her", "his", "in", "into", "is", "it", "its", "of", "on", "or", "she", "that", "the",
    "their", "them", "there", "these", "they", "this", "those", "to", "was", "were", "which",
    "while", "who", "will", "with",
];

const MAX_WORD: usize = 40;

/// Whether `word` is one of [`STOP_WORDS`].
fn is_stop(word: &str) -> bool {
    // Sorted packed values, so a word is found by comparing integers.
    static PACKED: LazyLock<Vec<u64>> = LazyLock::new(|| {
        let mut v: Vec<u64> = STOP_WORDS.iter().filter_map(|w| packed(w)).collect();
        v.sort_unstable();
        v
    });
    // Every stop word has two to five letters: most words are ruled out by length.
    (2..=5).contains(&word.len()) && packed(word).is_some_and(|k| PACKED.binary_search(&k).is_ok())
}

/// `word`'s bytes as one number when it has at most eight of them, so short
/// words (most words) hash and compare as integers. Words hold no NUL byte,
/// so the zero padding cannot make two words equal.
fn packed(word: &str) -> Option<u64> {
    let b = word.as_bytes();
    let n = b.len();
    // Two overlapping loads rather than a copy into a zeroed buffer: the
    // bytes they share are the same, so OR-ing them is exact.
    let load4 = |at: usize| u64::from(u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]));
    match n {
        0 => Some(0),
        1..=3 => Some(
            u64::from(b[0])
                | u64::from(b[n / 2]) << (8 * (n / 2))
                | u64::from(b[n - 1]) << (8 * (n - 1)),
        ),
        4..=8 => Some(load4(0) | load4(n - 4) << (8 * (n - 4))),
        _ => None,
    }
}

/// Calls `f` with each indexable word of `text`, lower-cased.
pub fn tokens(text: &str, mut f: impl FnMut(&str)) {
    each_word(text, |w| {
        if !is_stop(w) {
            f(w)
        }
    });
}

/// Calls `f` with each word of `text`, lower-cased, stop words included.
fn each_word(text: &str, mut f: impl FnMut(&str)) {
    let mut word = String::new();
    let mut chars = 0;
    // A word of ASCII letters and digits only, lower-cased when it has capitals.
    let mut lower = String::new();
    let flush = |word: &mut String, chars: &mut usize, single: bool, f: &mut dyn FnMut(&str)| {
        if single || (2..=MAX_WORD).contains(chars) {
            f(word);
        }
        word.clear();
        *chars = 0;
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // ASCII, nearly all of an English briefing, a run at a time and
        // without decoding characters.
        if b.is_ascii_alphanumeric() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            let run = &text[start..i];
            if word.is_empty() && bytes.get(i).is_none_or(|b| b.is_ascii()) {
                // The whole word: pass it on without copying unless it has capitals.
                if (2..=MAX_WORD).contains(&run.len()) {
                    if run.bytes().any(|c| c.is_ascii_uppercase()) {
                        lower.clear();
                        lower.push_str(run);
                        lower.make_ascii_lowercase();
                        f(&lower);
                    } else {
                        f(run);
                    }
                }
            } else {
                word.extend(run.bytes().map(|c| char::from(c.to_ascii_lowercase())));
                chars += run.len();
            }
            continue;
        }
        if b.is_ascii() {
            if !word.is_empty() {
                flush(&mut word, &mut chars, false, &mut f);
            }
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        i += c.len_utf8();
        if is_cjk(c) {
            flush(&mut word, &mut chars, false, &mut f);
            // A single ideograph is a word: no two-character minimum.
            word.push(c);
            flush(&mut word, &mut chars, true, &mut f);
        } else if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
            chars += 1;
        } else {
            flush(&mut word, &mut chars, false, &mut f);
        }
    }
    flush(&mut word, &mut chars, false, &mut f);
}

/// Scripts written without spaces between words.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF       // Hiragana, Katakana
        | 0x3400..=0x4DBF     // CJK Extension A
        | 0x4E00..=0x9FFF     // CJK Unified Ideographs
        | 0xAC00..=0xD7AF     // Hangul syllables
        | 0xF900..=0xFAFF) // CJK Compatibility Ideographs
}

/// A word's number in a [`Vocabulary`].
pub type WordId = u32;

/// Indexable words numbered in order of first use, shared by the threads
/// that parse one site's briefings. Briefings keep their words as these
/// numbers, so the index counts them by array lookups rather than by hashing
/// every word of every briefing again on its one thread. `sitrep build` makes
/// one per build; `serve` keeps one across rebuilds, so that the briefings it
/// keeps stay valid, and starts a new one when most of its words are no
/// longer used ([`Vocabulary::in_use`]).
pub struct Vocabulary {
    /// Tells vocabularies apart, for each thread's [`Known`] table.
    serial: u64,
    words: RwLock<Numbering>,
}

#[derive(Default)]
struct Numbering {
    ids: FxHashMap<Arc<str>, WordId>,
    text: Vec<Arc<str>>,
}

/// A word not numbered yet.
const UNNUMBERED: WordId = WordId::MAX;

impl Default for Vocabulary {
    /// An empty vocabulary, told apart from every other.
    fn default() -> Vocabulary {
        static SERIAL: AtomicU64 = AtomicU64::new(1);
        Vocabulary {
            serial: SERIAL.fetch_add(1, Ordering::Relaxed),
            words: RwLock::default(),
        }
    }
}

impl Vocabulary {
    /// An empty vocabulary.
    pub fn new() -> Arc<Vocabulary> {
        Arc::default()
    }

    /// How many words it has numbered.
    pub fn len(&self) -> usize {
        self.read().text.len()
    }

    /// Whether it has numbered none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many of its words `briefings` use.
    pub fn in_use<'b>(
        &self,
        briefings: impl Iterator<Item = &'b crate::briefing::Briefing>,
    ) -> usize {
        let mut used = vec![false; self.len()];
        for b in briefings.filter(|b| std::ptr::eq(&*b.search.vocabulary, self)) {
            for &id in b.search.fields().into_iter().flatten() {
                if let Some(u) = used.get_mut(id as usize) {
                    *u = true;
                }
            }
        }
        used.into_iter().filter(|&u| u).count()
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Numbering> {
        self.words.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// The numbers of `words`, giving new ones theirs: one read lock for all
    /// of them, and one write lock for those new to the vocabulary, so that
    /// threads meeting many new words do not take turns at the lock for each.
    fn ids(&self, words: &[&str]) -> Vec<WordId> {
        let mut ids = vec![UNNUMBERED; words.len()];
        let known = self.read();
        for (id, w) in ids.iter_mut().zip(words) {
            if let Some(&n) = known.ids.get(*w) {
                *id = n;
            }
        }
        drop(known);
        if !ids.contains(&UNNUMBERED) {
            return ids;
        }
        let mut v = self.words.write().unwrap_or_else(PoisonError::into_inner);
        for (id, w) in ids.iter_mut().zip(words) {
            if *id != UNNUMBERED {
                continue;
            }
            *id = match v.ids.get(*w) {
                Some(&n) => n,
                None => {
                    let n = WordId::try_from(v.text.len())
                        .ok()
                        .filter(|&n| n != UNNUMBERED)
                        .expect("fewer than 4 billion distinct words");
                    let word: Arc<str> = Arc::from(*w);
                    v.ids.insert(word.clone(), n);
                    v.text.push(word);
                    n
                }
            };
        }
        ids
    }

    /// The words numbered `ids`, in that order.
    fn words_of(&self, ids: impl Iterator<Item = WordId>) -> Vec<Arc<str>> {
        let v = self.read();
        ids.map(|id| v.text[id as usize].clone()).collect()
    }
}

/// The distinct indexable words of `texts` (stop words left out), numbered
/// in `vocabulary`, in order of first use: what a briefing's body, title and
/// other fields contribute to the index, found while it is parsed (on every
/// core, rather than in the one thread that builds the index).
pub fn distinct_words<'t>(
    vocabulary: &Vocabulary,
    texts: impl IntoIterator<Item = &'t str>,
) -> Vec<WordId> {
    thread_local! {
        static KNOWN: std::cell::RefCell<Known> = std::cell::RefCell::default();
    }
    KNOWN.with_borrow_mut(|known| known.distinct(vocabulary, texts))
}

/// Every word one thread has met, each stamped with the last text that used
/// it: a briefing's distinct words are found by lookups in a table that stays
/// warm from briefing to briefing, rather than by filling a new one for each.
/// It keeps each word's [`WordId`], so the shared vocabulary is asked only
/// for words new to the thread.
#[derive(Default)]
struct Known {
    /// The [`Vocabulary::serial`] its numbers are from.
    vocabulary: u64,
    table: hashbrown::HashTable<Word>,
    /// The words' text, one after another.
    text: String,
    /// Counts the texts seen.
    stamp: u64,
}

#[derive(Clone, Copy)]
struct Word {
    hash: u64,
    /// The word packed, when it is short; 0 otherwise (no word packs to 0).
    key: u64,
    start: usize,
    len: usize,
    stop: bool,
    /// Its number (0 for a stop word, which has none).
    id: WordId,
    /// The last text it was found in.
    seen: u64,
}

impl Known {
    /// A bound on what a long-running `serve` keeps per thread.
    const MAX_WORDS: usize = 1 << 20;

    fn distinct<'t>(
        &mut self,
        vocabulary: &Vocabulary,
        texts: impl IntoIterator<Item = &'t str>,
    ) -> Vec<WordId> {
        if self.table.len() > Self::MAX_WORDS || self.vocabulary != vocabulary.serial {
            *self = Known {
                vocabulary: vocabulary.serial,
                ..Known::default()
            };
        }
        self.stamp += 1;
        let Known {
            table,
            text: known,
            stamp,
            ..
        } = self;
        let stamp = *stamp;
        let hasher = rustc_hash::FxBuildHasher;
        let mut out = Vec::new();
        // Words new to this thread: their hash, where their text starts in
        // `known` and its length, and where they are in `out`. Numbered together
        // once the texts are read.
        let mut new: Vec<(u64, usize, usize, usize)> = Vec::new();
        let mut each = |w: &str| {
            use std::hash::BuildHasher;
            let key = packed(w);
            let hash = match key {
                // A folded multiply: hashbrown uses both the high and the low bits.
                Some(k) => {
                    let m = u128::from(k) * 0x9E37_79B9_7F4A_7C15;
                    (m as u64) ^ ((m >> 64) as u64)
                }
                None => hasher.hash_one(w),
            };
            let same = |s: &Word| {
                s.hash == hash
                    && match key {
                        Some(k) => s.key == k,
                        None => &known[s.start..s.start + s.len] == w,
                    }
            };
            if let Some(word) = table.find_mut(hash, same) {
                if word.seen != stamp {
                    word.seen = stamp;
                    if !word.stop {
                        out.push(word.id);
                    }
                }
                return;
            }
            let stop = is_stop(w);
            let start = known.len();
            known.push_str(w);
            let word = Word {
                hash,
                key: key.unwrap_or(0),
                start,
                len: w.len(),
                stop,
                id: if stop { 0 } else { UNNUMBERED },
                seen: stamp,
            };
            table.insert_unique(hash, word, |s| s.hash);
            if !stop {
                new.push((hash, start, w.len(), out.len()));
                out.push(UNNUMBERED);
            }
        };
        for text in texts {
            each_word(text, &mut each);
        }
        if !new.is_empty() {
            let words: Vec<&str> = new
                .iter()
                .map(|&(_, start, len, _)| &known[start..start + len])
                .collect();
            for (&(hash, start, _, at), id) in new.iter().zip(vocabulary.ids(&words)) {
                out[at] = id;
                if let Some(word) = table.find_mut(hash, |s| s.start == start) {
                    word.id = id;
                }
            }
        }
        out.shrink_to_fit();
        out
    }
}

#[derive(Serialize)]
struct Index<'a> {
    version: u32,
    stop: &'static [&'static str],
    topics: Vec<(&'a str, &'a str)>,
    regions: Vec<(&'a str, &'a str, &'a [usize])>,
    docs: Vec<Doc<'a>>,
    words: Vec<&'a str>,
    title: Vec<String>,
    meta: Vec<String>,
    body: Vec<String>,
}

#[derive(Serialize)]
struct Doc<'a>(&'a str, String, String, &'a str, &'a [usize], &'a [usize]);

#[derive(Default)]
struct Postings {
    title: Vec<u32>,
    meta: Vec<u32>,
    body: Vec<u32>,
    /// One more than the last briefing that counted the word (0: none).
    seen: u32,
}

/// The index of every shown briefing, as JSON.
pub fn index(site: &Site) -> Vec<u8> {
    index_unless(site, || false).unwrap_or_default()
}

/// [`index`], unless `stop` says on the way that it is no longer wanted
/// (`serve` has a newer change): the index is one long job on one core.
pub fn index_unless(site: &Site, stop: impl Fn() -> bool) -> Option<Vec<u8>> {
    // The words of each term's name, once: a briefing's meta words include
    // its topics and its regions with every region above them (a search for
    // "Asia" finds briefings on China).
    let vocabulary = match site.briefings.first() {
        Some(b) => Arc::clone(&b.search.vocabulary),
        None => Vocabulary::new(),
    };
    let names = |terms: &[Term]| -> Vec<Vec<WordId>> {
        terms
            .iter()
            .map(|t| distinct_words(&vocabulary, [t.name.as_str()]))
            .collect()
    };
    let (topic_words, region_words) = (names(&site.topics), names(&site.regions));
    // Per word number, its place in `lists` (NONE: not met yet).
    const NONE: u32 = u32::MAX;
    let mut slots: Vec<u32> = Vec::new();
    let mut lists: Vec<(WordId, Postings)> = Vec::new();
    for id in 0..site.briefings.len() {
        if id % 256 == 0 && stop() {
            return None;
        }
        let (b, p) = (&site.briefings[id], &site.placements[id]);
        // Found when it was parsed: a briefing changed since would be stale.
        debug_assert_eq!(
            [&b.search.title, &b.search.meta],
            Words::of_fields(&b.search.vocabulary, b).each_ref(),
            "{}",
            b.file
        );
        // Numbered in another vocabulary (`serve` starts a new one only
        // with a full parse, so not in practice): numbered again in this one.
        let renumbered: Option<[Vec<WordId>; 3]> =
            (!Arc::ptr_eq(&b.search.vocabulary, &vocabulary)).then(|| {
                b.search.fields().map(|ids| {
                    let words = b.search.vocabulary.words_of(ids.iter().copied());
                    vocabulary.ids(&words.iter().map(|w| &**w).collect::<Vec<_>>())
                })
            });
        let [title, meta, body] = match &renumbered {
            Some(words) => words.each_ref().map(Vec::as_slice),
            None => b.search.fields(),
        };
        let doc = id as u32;
        // A word counts once per briefing, in its best field: title, then
        // meta, then body. `seen` says a word already counted for this one.
        let seen = doc + 1;
        let mut count = |words: &[WordId], field: fn(&mut Postings) -> &mut Vec<u32>| {
            for &w in words {
                let at = w as usize;
                if at >= slots.len() {
                    slots.resize(at + 1, NONE);
                }
                if slots[at] == NONE {
                    slots[at] = lists.len() as u32;
                    lists.push((w, Postings::default()));
                }
                let postings = &mut lists[slots[at] as usize].1;
                if postings.seen != seen {
                    postings.seen = seen;
                    push(field(postings), doc);
                }
            }
        };
        count(title, |p| &mut p.title);
        count(meta, |p| &mut p.meta);
        for &t in &p.topics {
            count(&topic_words[t], |p| &mut p.meta);
        }
        for r in site.region_ancestry(&p.regions) {
            count(&region_words[r], |p| &mut p.meta);
        }
        count(body, |p| &mut p.body);
    }
    let n = site.briefings.len();
    let words = vocabulary.words_of(lists.iter().map(|(w, _)| *w));
    let mut sorted: Vec<(Arc<str>, Postings)> = words
        .into_iter()
        .zip(lists.into_iter().map(|(_, p)| p))
        .collect();
    // In JavaScript's string order (UTF-16 code units), so the page can binary-search.
    sorted.sort_unstable_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
    let docs = (0..site.briefings.len())
        .map(|id| {
            let b = &site.briefings[id];
            let p = &site.placements[id];
            Doc(
                &b.title,
                crate::url::Route::briefing(&b.slug).as_str().to_string(),
                b.date.date.to_string(),
                &b.summary,
                &p.topics,
                &p.regions,
            )
        })
        .collect();
    let index = Index {
        version: 1,
        stop: STOP_WORDS,
        topics: site
            .topics
            .iter()
            .map(|t| (t.slug.as_str(), t.name.as_str()))
            .collect(),
        regions: site
            .regions
            .iter()
            .map(|t| (t.slug.as_str(), t.name.as_str(), t.parents.as_slice()))
            .collect(),
        docs,
        words: sorted.iter().map(|(w, _)| w.as_ref()).collect(),
        title: sorted.iter().map(|(_, p)| encode(&p.title, n)).collect(),
        meta: sorted.iter().map(|(_, p)| encode(&p.meta, n)).collect(),
        body: sorted.iter().map(|(_, p)| encode(&p.body, n)).collect(),
    };
    Some(serde_json::to_vec(&index).unwrap_or_default())
}

/// Adds `doc` once: docs arrive in order, so a repeat is the last entry.
fn push(list: &mut Vec<u32>, doc: u32) {
    if list.last() != Some(&doc) {
        list.push(doc);
    }
}

/// A briefing's words for the index, numbered: its title's, its meta words
/// (summary, takeaways, headings, authors; its terms' names are added when
/// the index is built, as they are known only then) and its body's.
#[derive(Debug, Clone)]
pub struct Words {
    /// What they are numbered in.
    pub vocabulary: Arc<Vocabulary>,
    /// The title's words.
    pub title: Vec<WordId>,
    /// The summary's, takeaways', headings' and authors' words.
    pub meta: Vec<WordId>,
    /// The body's words.
    pub body: Vec<WordId>,
}

impl Words {
    /// No words yet.
    pub fn none(vocabulary: &Arc<Vocabulary>) -> Words {
        Words {
            vocabulary: Arc::clone(vocabulary),
            title: Vec::new(),
            meta: Vec::new(),
            body: Vec::new(),
        }
    }

    /// The words of `b`, whose body's plain text is `body`, in `vocabulary`.
    pub fn new(vocabulary: &Arc<Vocabulary>, b: &crate::briefing::Briefing, body: &str) -> Words {
        let body = distinct_words(vocabulary, [body]);
        let [title, meta] = Words::of_fields(vocabulary, b);
        Words {
            vocabulary: Arc::clone(vocabulary),
            title,
            meta,
            body,
        }
    }

    /// The title's and the meta words of `b`.
    fn of_fields(vocabulary: &Vocabulary, b: &crate::briefing::Briefing) -> [Vec<WordId>; 2] {
        let meta = std::iter::once(b.summary.as_str())
            .chain(b.takeaways.iter().map(String::as_str))
            .chain(b.body.headings.iter().map(|h| h.text.as_str()))
            .chain(b.authors.iter().map(String::as_str));
        [
            distinct_words(vocabulary, [b.title.as_str()]),
            distinct_words(vocabulary, meta),
        ]
    }

    /// Title, meta and body words: the index's fields, best first.
    fn fields(&self) -> [&[WordId]; 3] {
        [&self.title, &self.meta, &self.body]
    }
}

impl std::fmt::Debug for Vocabulary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vocabulary")
            .field("serial", &self.serial)
            .field("len", &self.len())
            .finish()
    }
}

/// Writes the ascending doc indexes `ids` (of `docs` in all) as gaps, or as
/// a bitmap when that is shorter (a word in most briefings); see the module docs.
pub fn encode(ids: &[u32], docs: usize) -> String {
    let gaps = encode_gaps(ids);
    let bitmap_len = 1 + docs.div_ceil(6);
    if gaps.len() <= bitmap_len {
        return gaps;
    }
    let mut bits = vec![0u8; docs.div_ceil(6)];
    for &id in ids {
        bits[id as usize / 6] |= 1 << (id % 6);
    }
    let digit = |v: u8| {
        let v = usize::from(v);
        if v < 32 { FINAL[v] } else { CONTINUE[v - 32] }
    };
    let mut out = String::with_capacity(bitmap_len);
    out.push('~');
    out.extend(bits.into_iter().map(|v| char::from(digit(v))));
    out
}

fn encode_gaps(ids: &[u32]) -> String {
    let mut out = Vec::with_capacity(ids.len() * 2);
    let mut previous = None;
    for &id in ids {
        let n = match previous {
            None => id,
            Some(p) => id - p,
        };
        previous = Some(id);
        let mut digits = [0u8; 7];
        let mut len = 0;
        let mut rest = n;
        loop {
            digits[len] = (rest % 32) as u8;
            len += 1;
            rest /= 32;
            if rest == 0 {
                break;
            }
        }
        for i in (1..len).rev() {
            out.push(CONTINUE[digits[i] as usize]);
        }
        out.push(FINAL[digits[0] as usize]);
    }
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_word_packs_to_its_bytes_zero_padded() {
        for w in [
            "", "a", "ab", "abc", "abcd", "abcde", "abcdef", "abcdefg", "abcdefgh", "é", "中",
            "côte",
        ] {
            let mut a = [0u8; 8];
            a[..w.len()].copy_from_slice(w.as_bytes());
            assert_eq!(packed(w), Some(u64::from_le_bytes(a)), "{w}");
        }
        assert_eq!(packed("abcdefghi"), None);
    }

    #[test]
    fn a_word_counts_once_per_briefing_in_its_best_field() {
        // Title over summary over body: "pipeline" is `a`'s title and summary, `b`'s
        // summary (and body); "text" is `a`'s summary and body, `b`'s body.
        let (site, _) = crate::site::fixture(&[
            (
                "pipeline",
                "date: 2024-01-02\nsummary: Text on a pipeline.".into(),
            ),
            ("other", "date: 2024-01-01\nsummary: A pipeline.".into()),
        ]);
        let mut site = site;
        let b = site.id_of("other");
        let mut briefing = (*site.briefings[b]).clone();
        briefing.search.body = distinct_words(&briefing.search.vocabulary, ["pipeline text"]);
        site.briefings[b] = std::sync::Arc::new(briefing);
        let json: serde_json::Value =
            serde_json::from_slice(&index(&site)).expect("the index is JSON");
        let fields = |word: &str| -> [String; 3] {
            let words = json["words"].as_array().expect("words");
            let at = words.iter().position(|w| w == word).expect("indexed");
            ["title", "meta", "body"].map(|f| json[f][at].as_str().unwrap_or("?").to_string())
        };
        let (a, b) = (site.id_of("pipeline"), site.id_of("other"));
        let one = |id: usize| encode(&[id as u32], 2);
        assert_eq!(fields("pipeline"), [one(a), one(b), String::new()]);
        assert_eq!(fields("text"), [String::new(), one(a), one(b)]);
    }

    #[test]
    fn an_index_no_longer_wanted_stops_and_one_wanted_is_whole() {
        let (site, _) = crate::site::fixture(&[
            ("a", "date: 2024-01-01\ntopics: [Energy]".into()),
            ("b", "date: 2024-01-02\nregions: [China]".into()),
        ]);
        assert_eq!(index_unless(&site, || true), None);
        let whole = index_unless(&site, || false).expect("not stopped");
        assert_eq!(whole, index(&site));
        assert!(String::from_utf8_lossy(&whole).contains("energy"));
    }

    fn words(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        tokens(text, |w| out.push(w.to_string()));
        out
    }

    #[test]
    fn stop_words_are_sorted_for_the_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_stop("the") && is_stop("with") && !is_stop("oil"));
    }

    /// The distinct words of `texts` as text, in order of first use.
    fn distinct(vocabulary: &Vocabulary, texts: &[&str]) -> Vec<String> {
        let ids = distinct_words(vocabulary, texts.iter().copied());
        vocabulary
            .words_of(ids.into_iter())
            .iter()
            .map(|w| w.to_string())
            .collect()
    }

    #[test]
    fn distinct_words_leave_out_stop_words() {
        let vocabulary = Vocabulary::new();
        let distinct = |texts: &[&str]| distinct(&vocabulary, texts);
        let mut got = distinct(&["The oil and the gas, the OIL"]);
        got.sort();
        assert_eq!(got, ["gas", "oil"]);
        // Long words (compared as text), accented ones and ideographs, each once.
        let mut got =
            distinct(&["International internationally INTERNATIONAL Côte côte 中国 the 中"]);
        got.sort();
        assert_eq!(
            got,
            ["côte", "international", "internationally", "中", "国"]
        );
        // The thread's table outlives a text: a word seen in an earlier one
        // (here and above) is still a word of the next.
        assert_eq!(distinct(&["gas and coal, gas"]), ["gas", "coal"]);
        assert_eq!(distinct(&["The Gas"]), ["gas"]);
        // Several texts are one: a word of two of them counts once.
        assert_eq!(
            distinct(&["Gas fields", "gas prices"]),
            ["gas", "fields", "prices"]
        );
    }

    #[test]
    fn a_word_has_one_number_on_every_thread_and_in_its_own_vocabulary() {
        let vocabulary = Vocabulary::new();
        distinct_words(&vocabulary, ["oil"]);
        let here = distinct_words(&vocabulary, ["tanker"]);
        let shared = Arc::clone(&vocabulary);
        let there = std::thread::spawn(move || distinct_words(&shared, ["tanker"]))
            .join()
            .expect("the thread ends");
        assert_eq!(here, there);
        assert_eq!(vocabulary.words_of(here.into_iter())[0].as_ref(), "tanker");
        // Another vocabulary numbers from the start, though this thread's
        // table has met the word in the first.
        let other = Vocabulary::new();
        assert_eq!(distinct_words(&other, ["tanker"]), [0]);
        assert_eq!(distinct(&other, &["tanker", "oil"]), ["tanker", "oil"]);
        assert_eq!((vocabulary.len(), other.len()), (2, 2));
    }

    #[test]
    fn a_briefing_numbered_in_another_vocabulary_is_indexed_the_same() {
        let (site, _) = crate::site::fixture(&[
            ("a", "date: 2024-01-02\nsummary: Oil prices.".into()),
            ("b", "date: 2024-01-01\nsummary: Gas prices.".into()),
        ]);
        let before = index(&site);
        let mut mixed = site;
        let file = crate::source::SourceFile {
            rel: "b.md".into(),
            display: "content/b.md".into(),
            text: "---\ntitle: b\ndate: 2024-01-01\nsummary: Gas prices.\n---\nText.\n".into(),
        };
        let other = Vocabulary::new();
        distinct_words(&other, ["numbers taken first"]);
        let (b, _) = crate::briefing::parse(&file, &crate::config::Config::default(), &other);
        let id = mixed.id_of("b");
        mixed.briefings[id] = Arc::new(b.expect("parses"));
        assert!(!Arc::ptr_eq(
            &mixed.briefings[0].search.vocabulary,
            &mixed.briefings[1].search.vocabulary
        ));
        assert_eq!(String::from_utf8(index(&mixed)), String::from_utf8(before));
    }

    #[test]
    fn a_vocabulary_counts_the_words_briefings_still_use() {
        let (site, _) =
            crate::site::fixture(&[("a", "date: 2024-01-01\nsummary: Oil prices.".into())]);
        let b = &site.briefings[0];
        let vocabulary = &b.search.vocabulary;
        // "a" (title: one letter, no word), "oil", "prices", and the body's "text".
        assert_eq!(vocabulary.in_use(std::iter::once(&**b)), 3);
        distinct_words(vocabulary, ["unused words"]);
        assert_eq!(vocabulary.len(), 5);
        assert_eq!(vocabulary.in_use(std::iter::once(&**b)), 3);
        assert_eq!(Vocabulary::new().in_use(std::iter::once(&**b)), 0);
    }

    #[test]
    fn words_are_lower_cased_runs_without_stop_words_or_single_letters() {
        assert_eq!(
            words("Russia's Power-of-Siberia 2 pipeline, and the LNG (5G)"),
            ["russia", "power", "siberia", "pipeline", "lng", "5g"]
        );
        assert_eq!(words("Côte d’Ivoire"), ["côte", "ivoire"]);
    }

    #[test]
    fn each_ideograph_is_a_word() {
        assert_eq!(words("中俄 relations"), ["中", "俄", "relations"]);
    }

    #[test]
    fn postings_are_gaps_in_base_32() {
        assert_eq!(encode(&[], 100), "");
        assert_eq!(encode(&[0, 1, 5], 100), "014");
        // 32 = one continuation digit (1) then a final 0; 1057 - 32 = 1025 = 1*1024 + 0*32 + 1.
        assert_eq!(encode(&[32, 1057], 2000), "x0xw1");
    }

    #[test]
    fn dense_postings_are_bitmaps() {
        // Docs 0-5 all: bits 0-5 set = 63 = the last digit; doc 6 = bit 0 of the next.
        assert_eq!(encode(&[0, 1, 2, 3, 4, 5, 6], 7), "~_1");
        let all: Vec<u32> = (0..600).collect();
        assert_eq!(encode(&all, 600), format!("~{}", "_".repeat(100)));
    }
}
