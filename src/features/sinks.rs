//! What the analyzer's paths make of the word stream: term strings (fitting, explanations),
//! term hashes (target-marked prediction), vocabulary columns (plain prediction). Each is a
//! [`TermSink`]; `Analyzer::terms` drives any of them through the same stages, so a path
//! differs only in how it represents a processed word and what it does with a finished term.
//! Generic, not `dyn`: each path is compiled on its own, as the hand-written loops were.

use super::analyzer::{Analyzer, TARGET_MARK};
use super::cache::TermIds;
use super::cache::{WordCache, NO_ID};
use super::lexicon;
use super::ngrams;
use super::term_hash;

/// A consumer of the analyzer's stages, in the order `Analyzer::terms` calls them: words,
/// mentions and run ends in text order; then context terms; then lexicon classes; then
/// character n-grams.
pub(crate) trait TermSink {
    /// Adds a word (lowercased, not stemmed) to the current run; returns its signed lexicon
    /// level as the model sees it (0: none), which the lexicon stage collects.
    fn word(&mut self, analyzer: &Analyzer, word: &str, marked: bool, negator: bool) -> i8;
    /// Adds a target mention (`TGT`) to the current run.
    fn target(&mut self);
    /// Emits the word n-grams (`lo..=hi`) of the current run and starts a new one.
    fn end_run(&mut self, lo: usize, hi: usize);
    /// Emits one whole term (target context terms: few, so built as strings).
    fn term(&mut self, term: &str);
    /// Emits the lexicon class terms of one signed level.
    fn level(&mut self, level: i8);
    /// Emits one character n-gram (a window of a padded word, see `ngrams`).
    fn char_ngram(&mut self, window: &[char]);
}

/// Term strings: processed words kept back to back in `processed`, the run as byte ranges.
pub(crate) struct Strings<'s, E> {
    pub(crate) processed: &'s mut String,
    pub(crate) run: &'s mut Vec<(usize, usize)>,
    /// Where an n-gram longer than a word is joined.
    pub(crate) joined: &'s mut String,
    pub(crate) emit: E,
}

impl<E: FnMut(&str)> TermSink for Strings<'_, E> {
    #[inline(always)]
    fn word(&mut self, analyzer: &Analyzer, word: &str, marked: bool, negator: bool) -> i8 {
        let start = self.processed.len();
        analyzer.push_processed(word, marked, self.processed);
        self.run.push((start, self.processed.len()));
        analyzer.level_of(word, marked, negator)
    }

    #[inline]
    fn target(&mut self) {
        let start = self.processed.len();
        self.processed.push_str(TARGET_MARK);
        self.run.push((start, self.processed.len()));
    }

    #[inline]
    fn end_run(&mut self, lo: usize, hi: usize) {
        let Self {
            processed,
            run,
            joined,
            emit,
        } = self;
        ngrams::each(run, lo, hi, |window| match window {
            &[(a, b)] => emit(&processed[a..b]),
            _ => {
                joined.clear();
                for (i, &(a, b)) in window.iter().enumerate() {
                    if i > 0 {
                        joined.push(' ');
                    }
                    joined.push_str(&processed[a..b]);
                }
                emit(joined);
            }
        });
        run.clear();
        processed.clear();
    }

    fn term(&mut self, term: &str) {
        (self.emit)(term)
    }

    fn level(&mut self, level: i8) {
        lexicon::terms_of(level).iter().for_each(|t| (self.emit)(t));
    }

    fn char_ngram(&mut self, window: &[char]) {
        // Prefixed with "#" so they never collide with word terms.
        self.joined.clear();
        self.joined.push('#');
        self.joined.extend(window.iter());
        (self.emit)(self.joined);
    }
}

/// Term hashes (`term_hash::of_term` of every term the strings would give, in the same
/// order), without building a term string: the run is the processed words' hashes.
pub(crate) struct Hashes<'s, E> {
    pub(crate) run: &'s mut Vec<u64>,
    pub(crate) emit: E,
}

impl<E: FnMut(u64)> TermSink for Hashes<'_, E> {
    #[inline(always)]
    fn word(&mut self, analyzer: &Analyzer, word: &str, marked: bool, negator: bool) -> i8 {
        let (plain, negated) = analyzer.processed_hashes(word);
        self.run.push(if marked { negated } else { plain });
        analyzer.level_of(word, marked, negator)
    }

    #[inline]
    fn target(&mut self) {
        self.run.push(term_hash::fnv(TARGET_MARK.as_bytes()));
    }

    #[inline]
    fn end_run(&mut self, lo: usize, hi: usize) {
        let Self { run, emit } = self;
        ngrams::each(run, lo, hi, |window| emit(term_hash::ngram(window)));
        run.clear();
    }

    fn term(&mut self, term: &str) {
        (self.emit)(term_hash::of_term(term))
    }

    fn level(&mut self, level: i8) {
        lexicon::term_hashes_of(level)
            .iter()
            .for_each(|&h| (self.emit)(h));
    }

    fn char_ngram(&mut self, window: &[char]) {
        (self.emit)(char_ngram_hash(window))
    }
}

/// `term_hash::of_term` of a character n-gram ("#" + its characters), built as it goes.
#[inline]
fn char_ngram_hash(window: &[char]) -> u64 {
    let mut h = term_hash::fnv(b"#");
    let mut utf8 = [0u8; 4];
    for c in window {
        h = term_hash::fnv_extend(h, c.encode_utf8(&mut utf8).as_bytes());
    }
    h
}

/// Vocabulary columns (prediction's fast path): every term's column in `vocabulary`, if it
/// has one, in no particular order. Each distinct word is stemmed, hashed and looked up as a
/// unigram once per thread and vocabulary (the [`WordCache`]), so a word costs one cache
/// probe; only longer n-grams are looked up by hash. Counts coverage as it goes.
pub(crate) struct Ids<'s> {
    pub(crate) cache: &'s mut WordCache,
    pub(crate) vocabulary: &'s TermIds,
    /// The run's processed word hashes (what longer n-grams fold).
    pub(crate) run: &'s mut Vec<u64>,
    pub(crate) ids: &'s mut Vec<u32>,
    /// Whether the vocabulary's word n-grams start at unigrams.
    pub(crate) unigrams: bool,
    /// Words seen, counted run by run (this is most of prediction's time).
    pub(crate) words: usize,
    /// Content words with neither a unigram column nor a lexicon level.
    pub(crate) unknown: u32,
    /// Function words (`STOP_WORDS`): left out of coverage.
    pub(crate) function: u32,
}

impl Ids<'_> {
    #[inline]
    fn look_up(&mut self, hash: u64) {
        if let Some(&id) = self.vocabulary.get(&hash) {
            self.ids.push(id)
        }
    }
}

impl TermSink for Ids<'_> {
    #[inline(always)]
    fn word(&mut self, analyzer: &Analyzer, word: &str, marked: bool, _negator: bool) -> i8 {
        let vocabulary = self.vocabulary;
        let entry = self
            .cache
            .entry(word, || analyzer.word_entry(word, vocabulary));
        let (hash, id, level) = if marked {
            (entry.marked, entry.marked_id, -entry.level)
        } else {
            (entry.plain, entry.plain_id, entry.level)
        };
        if id != NO_ID && self.unigrams {
            self.ids.push(id);
        }
        // Coverage leaves function words out, column or not; unknown ones on the rarer branch.
        if entry.function {
            self.function += 1;
        } else if id == NO_ID && level == 0 {
            self.unknown += 1;
        }
        self.run.push(hash);
        level
    }

    #[inline]
    fn target(&mut self) {
        self.run.push(term_hash::fnv(TARGET_MARK.as_bytes()));
    }

    #[inline]
    fn end_run(&mut self, lo: usize, hi: usize) {
        // Unigrams were taken word by word, from the cache.
        let Self {
            run,
            ids,
            vocabulary,
            ..
        } = self;
        ngrams::each(run, lo.max(2), hi, |window| {
            if let Some(&id) = vocabulary.get(&term_hash::ngram(window)) {
                ids.push(id)
            }
        });
        self.words += self.run.len();
        self.run.clear();
    }

    fn term(&mut self, term: &str) {
        self.look_up(term_hash::of_term(term))
    }

    #[inline]
    fn level(&mut self, level: i8) {
        let n = level.unsigned_abs() as usize;
        let class = &self.cache.lexicon_ids[usize::from(level > 0)];
        self.ids
            .extend(class[..n].iter().filter(|&&id| id != NO_ID));
    }

    fn char_ngram(&mut self, window: &[char]) {
        self.look_up(char_ngram_hash(window))
    }
}
