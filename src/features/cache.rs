//! Per-thread caches of the analyzer: stems, stem hashes, and words with their vocabulary
//! columns. Stemming costs far more than a hash lookup and news vocabulary repeats heavily.

use super::analyzer::NEGATION_MARK;
use super::lexicon;
use super::term_hash;
use rust_stemmers::Stemmer;
use std::cell::RefCell;
use std::collections::HashMap;

/// Stems seen on this thread. Stemming costs far more than a hash lookup and news vocabulary
/// repeats heavily; a thread-local cache survives across batches (per-call scratch would not).
type StemCache = HashMap<Box<str>, Box<str>, ahash::RandomState>;

thread_local! {
    static STEMS: RefCell<StemCache> = const {
        RefCell::new(StemCache::with_hasher(ahash::RandomState::with_seeds(1, 2, 3, 4)))
    };
}

/// Bound on the stem cache, so a stream of unique junk tokens cannot grow memory without limit.
const STEM_CACHE_MAX: usize = 200_000;

/// Hashes of a processed word as it is and with the negation mark.
pub(crate) fn word_hashes(bytes: &[u8]) -> (u64, u64) {
    (
        term_hash::fnv(bytes),
        term_hash::fnv_extend(term_hash::fnv(NEGATION_MARK.as_bytes()), bytes),
    )
}

/// Stem hashes by a 64-bit hash of the word: the hashed path skips the strings altogether.
/// The key is already a hash, so the table uses it as it is; a lookup is one hash of the
/// word and one probe, with no string to follow or compare. Two words sharing a key (odds
/// about n² / 2⁶⁵ for n cached words) would share a stem: the residual risk `term_hash`
/// accepts for vocabulary lookups too.
type StemHashCache = nohash_hasher::IntMap<u64, (u64, u64)>;

thread_local! {
    static STEM_HASHES: RefCell<StemHashCache> = const {
        RefCell::new(StemHashCache::with_hasher(std::hash::BuildHasherDefault::new()))
    };
}

/// Fixed seeds: the cache key of a word is the same in every process.
static WORD_KEY: ahash::RandomState = ahash::RandomState::with_seeds(5, 6, 7, 8);

/// (hash of stem, hash of NEG_ + stem) for a lowercased word, cached.
pub(crate) fn stem_hashes(stemmer: &Stemmer, word: &str) -> (u64, u64) {
    STEM_HASHES.with(|cache| {
        cached(&mut cache.borrow_mut(), word, STEM_CACHE_MAX, || {
            word_hashes(stemmer.stem(word).as_bytes())
        })
    })
}

/// The value `cache` holds for `word` (by its `WORD_KEY` hash), made and kept on a miss
/// while the cache holds fewer than `max`.
fn cached<V: Copy>(
    cache: &mut nohash_hasher::IntMap<u64, V>,
    word: &str,
    max: usize,
    make: impl FnOnce() -> V,
) -> V {
    let key = WORD_KEY.hash_one(word.as_bytes());
    if let Some(&value) = cache.get(&key) {
        return value;
    }
    let value = make();
    if cache.len() < max {
        cache.insert(key, value);
    }
    value
}

/// Term hash → vocabulary column (see `TfidfVectorizer`).
pub type TermIds = nohash_hasher::IntMap<u64, u32>;

/// Bound on the word cache: as many entries as a table of 2¹⁷ slots holds (about 4 MB
/// per thread), so a stream of unique junk words cannot grow memory without limit.
pub(crate) const WORD_CACHE_MAX: usize = (1 << 17) / 8 * 7;

/// No vocabulary column.
pub(crate) const NO_ID: u32 = u32::MAX;

/// One word as [`Analyzer::for_each_term_id`] needs it: the hashes of its processed form,
/// plain and negation-marked (what longer n-grams fold), and their unigram columns.
#[derive(Clone, Copy)]
pub(crate) struct WordEntry {
    pub(crate) plain: u64,
    pub(crate) marked: u64,
    pub(crate) plain_id: u32,
    pub(crate) marked_id: u32,
    /// Lexicon level of the word unmarked (0: none).
    pub(crate) level: i8,
    /// A function word ([`STOP_WORDS`](super::stop_words::STOP_WORDS)): not counted in coverage.
    pub(crate) function: bool,
}

/// Words seen on this thread with one vocabulary (`owner`), keyed like the stem cache.
/// Columns belong to one vocabulary, so another owner starts it afresh.
pub(crate) struct WordCache {
    owner: u64,
    entries: nohash_hasher::IntMap<u64, WordEntry>,
    /// The owner's columns of the lexicon's class terms: [negative, positive][level - 1].
    pub(crate) lexicon_ids: [[u32; 3]; 2],
}

impl WordCache {
    pub(crate) fn owned_by(&mut self, owner: u64, vocabulary: &TermIds) -> &mut Self {
        if self.owner != owner {
            self.owner = owner;
            self.entries.clear();
            for (sign, level) in [(0, -3i8), (1, 3)] {
                for (slot, h) in lexicon::term_hashes_of(level).iter().enumerate() {
                    self.lexicon_ids[sign][slot] = vocabulary.get(h).copied().unwrap_or(NO_ID);
                }
            }
        }
        self
    }

    /// How many words the cache holds.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    pub(crate) fn entry(&mut self, word: &str, make: impl FnOnce() -> WordEntry) -> WordEntry {
        cached(&mut self.entries, word, WORD_CACHE_MAX, make)
    }
}

thread_local! {
    pub(crate) static WORDS: RefCell<WordCache> = const {
        RefCell::new(WordCache {
            owner: 0,
            entries: nohash_hasher::IntMap::with_hasher(std::hash::BuildHasherDefault::new()),
            lexicon_ids: [[NO_ID; 3]; 2],
        })
    };
}

pub(crate) fn push_stem(stemmer: &Stemmer, word: &str, out: &mut String) {
    STEMS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(s) = cache.get(word) {
            out.push_str(s);
            return;
        }
        let stemmed = stemmer.stem(word);
        out.push_str(&stemmed);
        if cache.len() < STEM_CACHE_MAX {
            cache.insert(word.into(), stemmed.into());
        }
    });
}
