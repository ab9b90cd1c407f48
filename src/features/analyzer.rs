//! Text → terms: normalise, tokenize, mark negation scope, stem, build n-grams.
//!
//! The settings are plain data stored in the model file, so `predict` analyses text exactly
//! as `train` did.

use super::term_hash;
use rust_stemmers::{Algorithm, Stemmer};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::HashMap;

/// Prefix given to tokens inside a negation scope, so "not accept" ≠ "accept".
pub const NEGATION_MARK: &str = "NEG_";

/// Everything that decides how text becomes terms. Stored in the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnalyzerSettings {
    /// Porter2 (English) stemming of word tokens. Default: true.
    pub stem: bool,
    /// Mark tokens after a negator up to the next punctuation. Default: true.
    pub negation: bool,
    /// Smallest and largest word n-gram; (0, 0) disables word n-grams. Default: (1, 2).
    pub word_ngrams: (usize, usize),
    /// Character n-grams inside word boundaries (like scikit-learn's `char_wb`); None = off.
    #[serde(default)]
    pub char_ngrams: Option<(usize, usize)>,
}

impl Default for AnalyzerSettings {
    fn default() -> Self {
        Self {
            stem: true,
            negation: true,
            word_ngrams: (1, 2),
            char_ngrams: None,
        }
    }
}

/// Words that open a negation scope (after contractions are split, "n't" becomes "not").
fn is_negator(word: &str) -> bool {
    matches!(
        word,
        "not"
            | "no"
            | "never"
            | "nor"
            | "neither"
            | "none"
            | "nobody"
            | "nothing"
            | "nowhere"
            | "without"
            | "cannot"
    )
}

/// Reusable buffers: analysing a text allocates nothing once these have grown.
#[derive(Default)]
pub struct AnalyzerScratch {
    /// Lowercased word tokens of the text, back to back.
    lower: String,
    tokens: Vec<Token>,
    /// Processed (stemmed, negation-marked) words of the current run, back to back.
    processed: String,
    run: Vec<(usize, usize)>,
    term: String,
    padded: Vec<char>,
    /// Hashes of the current run's processed words (hashed path).
    hashes: Vec<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Token {
    /// A word: its byte range in `AnalyzerScratch::lower`.
    Word(usize, usize),
    /// Sentence or clause punctuation: ends a negation scope and breaks n-grams.
    Break,
}

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

/// The analyzer: holds its settings and the stemmer.
pub struct Analyzer {
    settings: AnalyzerSettings,
    stemmer: Stemmer,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer")
            .field("settings", &self.settings)
            .finish()
    }
}

impl Analyzer {
    pub fn new(settings: AnalyzerSettings) -> Self {
        Self {
            settings,
            stemmer: Stemmer::create(Algorithm::English),
        }
    }

    pub fn settings(&self) -> &AnalyzerSettings {
        &self.settings
    }

    /// All terms of `text`, in order, with repeats (term frequency is counted later).
    pub fn analyze(&self, text: &str, scratch: &mut AnalyzerScratch) -> Vec<String> {
        let mut out = Vec::new();
        self.analyze_into(text, scratch, &mut out);
        out
    }

    /// Like [`Analyzer::analyze`], appending to `out`.
    pub fn analyze_into(&self, text: &str, scratch: &mut AnalyzerScratch, out: &mut Vec<String>) {
        self.for_each_term(text, scratch, |t| out.push(t.to_string()));
    }

    /// Calls `emit` with the hash (`term_hash::of_term`) of every term of `text`, in order,
    /// without building any term string: the hot path of prediction.
    pub fn for_each_term_hash(
        &self,
        text: &str,
        scratch: &mut AnalyzerScratch,
        mut emit: impl FnMut(u64),
    ) {
        let AnalyzerScratch {
            lower,
            tokens,
            hashes,
            padded,
            ..
        } = scratch;
        tokenize(text, lower, tokens);
        let (lo, hi) = self.settings.word_ngrams;
        if lo > 0 && hi > 0 {
            hashes.clear();
            let mut negated = false;
            for &token in tokens.iter() {
                match token {
                    Token::Break => {
                        emit_hashed_ngrams(hashes, lo, hi, &mut emit);
                        hashes.clear();
                        negated = false;
                    }
                    Token::Word(a, b) => {
                        let word = &lower[a..b];
                        let is_negator = is_negator(word);
                        let (plain, marked) = if self.settings.stem {
                            stem_hashes(&self.stemmer, word)
                        } else {
                            word_hashes(word.as_bytes())
                        };
                        let mark = negated && self.settings.negation && !is_negator;
                        hashes.push(if mark { marked } else { plain });
                        negated |= is_negator;
                    }
                }
            }
            emit_hashed_ngrams(hashes, lo, hi, &mut emit);
        }
        if let Some((clo, chi)) = self.settings.char_ngrams {
            for &token in tokens.iter() {
                let Token::Word(a, b) = token else { continue };
                padded.clear();
                padded.push(' ');
                padded.extend(lower[a..b].chars());
                padded.push(' ');
                for n in clo.max(1)..=chi {
                    for window in padded.windows(n) {
                        let mut h = term_hash::fnv(b"#");
                        let mut utf8 = [0u8; 4];
                        for c in window {
                            h = term_hash::fnv_extend(h, c.encode_utf8(&mut utf8).as_bytes());
                        }
                        emit(h);
                    }
                }
            }
        }
    }

    /// Calls `emit` with every term of `text`, in order, without allocating.
    pub fn for_each_term(
        &self,
        text: &str,
        scratch: &mut AnalyzerScratch,
        mut emit: impl FnMut(&str),
    ) {
        let AnalyzerScratch {
            lower,
            tokens,
            processed,
            run,
            term,
            padded,
            ..
        } = scratch;
        tokenize(text, lower, tokens);
        let (lo, hi) = self.settings.word_ngrams;
        if lo > 0 && hi > 0 {
            // Words of the current run between breaks; n-grams never cross punctuation.
            processed.clear();
            run.clear();
            let mut negated = false;
            for &token in tokens.iter() {
                match token {
                    Token::Break => {
                        emit_ngrams(processed, run, lo, hi, term, &mut emit);
                        processed.clear();
                        run.clear();
                        negated = false;
                    }
                    Token::Word(a, b) => {
                        let word = &lower[a..b];
                        let is_negator = is_negator(word);
                        let start = processed.len();
                        if negated && self.settings.negation && !is_negator {
                            processed.push_str(NEGATION_MARK);
                        }
                        if self.settings.stem {
                            push_stem(&self.stemmer, word, processed);
                        } else {
                            processed.push_str(word);
                        }
                        run.push((start, processed.len()));
                        negated |= is_negator;
                    }
                }
            }
            emit_ngrams(processed, run, lo, hi, term, &mut emit);
        }
        if let Some((clo, chi)) = self.settings.char_ngrams {
            char_ngrams(lower, tokens, clo, chi, padded, term, &mut emit);
        }
    }
}

/// Hashes of a processed word as it is and with the negation mark.
fn word_hashes(bytes: &[u8]) -> (u64, u64) {
    (
        term_hash::fnv(bytes),
        term_hash::fnv_extend(term_hash::fnv(NEGATION_MARK.as_bytes()), bytes),
    )
}

/// Stem hashes by the raw word's hash: the hashed path skips the strings altogether.
type StemHashCache = HashMap<u64, (u64, u64), ahash::RandomState>;

thread_local! {
    static STEM_HASHES: RefCell<StemHashCache> = const {
        RefCell::new(StemHashCache::with_hasher(ahash::RandomState::with_seeds(5, 6, 7, 8)))
    };
}

/// (hash of stem, hash of NEG_ + stem) for a lowercased word, cached.
fn stem_hashes(stemmer: &Stemmer, word: &str) -> (u64, u64) {
    let key = term_hash::fnv(word.as_bytes());
    STEM_HASHES.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(&h) = cache.get(&key) {
            return h;
        }
        let h = word_hashes(stemmer.stem(word).as_bytes());
        if cache.len() < STEM_CACHE_MAX {
            cache.insert(key, h);
        }
        h
    })
}

fn emit_hashed_ngrams(words: &[u64], lo: usize, hi: usize, emit: &mut impl FnMut(u64)) {
    for n in lo..=hi {
        if n > words.len() {
            break;
        }
        for window in words.windows(n) {
            emit(term_hash::ngram(window));
        }
    }
}

fn push_stem(stemmer: &Stemmer, word: &str, out: &mut String) {
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

fn emit_ngrams(
    processed: &str,
    run: &[(usize, usize)],
    lo: usize,
    hi: usize,
    term: &mut String,
    emit: &mut impl FnMut(&str),
) {
    for n in lo..=hi {
        if n > run.len() {
            break;
        }
        if n == 1 {
            run.iter().for_each(|&(a, b)| emit(&processed[a..b]));
            continue;
        }
        for window in run.windows(n) {
            term.clear();
            for (i, &(a, b)) in window.iter().enumerate() {
                if i > 0 {
                    term.push(' ');
                }
                term.push_str(&processed[a..b]);
            }
            emit(term);
        }
    }
}

/// Character n-grams of each word padded with spaces (scikit-learn's `char_wb`), prefixed
/// with "#" so they never collide with word terms.
fn char_ngrams(
    lower: &str,
    tokens: &[Token],
    lo: usize,
    hi: usize,
    padded: &mut Vec<char>,
    term: &mut String,
    emit: &mut impl FnMut(&str),
) {
    for &token in tokens {
        let Token::Word(a, b) = token else { continue };
        padded.clear();
        padded.push(' ');
        padded.extend(lower[a..b].chars());
        padded.push(' ');
        for n in lo.max(1)..=hi {
            if n > padded.len() {
                break;
            }
            for window in padded.windows(n) {
                term.clear();
                term.push('#');
                term.extend(window.iter());
                emit(term);
            }
        }
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Splits lowercased text into words, numbers and contraction parts, and clause breaks.
/// "don't" → "do", "not"; "won't" → "will", "not"; "we're" → "we", "'re"; "Iran's" → "iran", "'s".
fn tokenize(text: &str, lower: &mut String, out: &mut Vec<Token>) {
    lower.clear();
    out.clear();
    let mut word_start: Option<usize> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_alphanumeric() {
            word_start.get_or_insert(lower.len());
            lower.push(c.to_ascii_lowercase());
            continue;
        }
        if !c.is_ascii() && c.is_alphanumeric() {
            word_start.get_or_insert(lower.len());
            lower.extend(c.to_lowercase());
            continue;
        }
        // An apostrophe or a hyphen/decimal point between two word characters stays inside.
        let next_is_word = chars.peek().is_some_and(|n| n.is_alphanumeric());
        if let (Some(start), true) = (word_start, next_is_word) {
            if is_apostrophe(c) {
                lower.push('\'');
                continue;
            }
            let after_digit = lower[start..].ends_with(|p: char| p.is_ascii_digit());
            if c == '-' || ((c == '.' || c == ',') && after_digit) {
                lower.push(c);
                continue;
            }
        }
        if let Some(start) = word_start.take() {
            flush_word(lower, start, out);
        }
        if is_break(c) && out.last() != Some(&Token::Break) {
            out.push(Token::Break);
        }
    }
    if let Some(start) = word_start {
        flush_word(lower, start, out);
    }
}

fn is_break(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '('
            | ')'
            | '['
            | ']'
            | '"'
            | '\u{201C}'
            | '\u{201D}'
            | '\u{2014}'
            | '\u{2013}'
            | '\u{00AB}'
            | '\u{00BB}'
            | '\u{2026}'
    )
}

/// Ends the word that starts at `lower[start..]`, splitting contractions into two words.
fn flush_word(lower: &mut String, start: usize, out: &mut Vec<Token>) {
    let end = lower.len();
    let word = &lower[start..end];
    if let Some(base) = word.strip_suffix("n't") {
        let base_len = base.len();
        let replacement = match base {
            "wo" => Some("will"),
            "ca" => Some("can"),
            "sha" => Some("shall"),
            "ai" => Some("is"),
            _ => None,
        };
        lower.truncate(start + base_len);
        if let Some(r) = replacement {
            lower.truncate(start);
            lower.push_str(r);
        }
        if lower.len() > start {
            out.push(Token::Word(start, lower.len()));
        }
        push_word(lower, "not", out);
        return;
    }
    if word == "cannot" {
        lower.truncate(start);
        push_word(lower, "can", out);
        push_word(lower, "not", out);
        return;
    }
    for suffix in ["'re", "'s", "'ll", "'ve", "'d", "'m"] {
        if word.len() > suffix.len() && word.ends_with(suffix) {
            let split = end - suffix.len();
            out.push(Token::Word(start, split));
            out.push(Token::Word(split, end));
            return;
        }
    }
    out.push(Token::Word(start, end));
}

fn push_word(lower: &mut String, word: &str, out: &mut Vec<Token>) {
    let start = lower.len();
    lower.push_str(word);
    out.push(Token::Word(start, lower.len()));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(settings: AnalyzerSettings, text: &str) -> Vec<String> {
        Analyzer::new(settings).analyze(text, &mut AnalyzerScratch::default())
    }

    fn unigrams(stem: bool) -> AnalyzerSettings {
        AnalyzerSettings {
            stem,
            word_ngrams: (1, 1),
            ..AnalyzerSettings::default()
        }
    }

    #[test]
    fn contractions_become_negators_and_scope_ends_at_punctuation() {
        let t = terms(unigrams(false), "We won't accept it, they said.");
        assert_eq!(
            t,
            ["we", "will", "not", "NEG_accept", "NEG_it", "they", "said"]
        );
    }

    #[test]
    fn curly_apostrophes_and_possessives() {
        let t = terms(unigrams(false), "Iran’s envoy: we’re ready");
        assert_eq!(t, ["iran", "'s", "envoy", "we", "'re", "ready"]);
    }

    #[test]
    fn negation_can_be_turned_off() {
        let s = AnalyzerSettings {
            negation: false,
            ..unigrams(false)
        };
        assert_eq!(terms(s, "never again"), ["never", "again"]);
    }

    #[test]
    fn stemming_and_unicode_lowercase() {
        let t = terms(unigrams(true), "ÉLAN Negotiations continuing");
        assert_eq!(t, ["élan", "negoti", "continu"]);
    }

    #[test]
    fn bigrams_do_not_cross_breaks() {
        let s = AnalyzerSettings {
            stem: false,
            negation: false,
            word_ngrams: (1, 2),
            char_ngrams: None,
        };
        let t = terms(s, "talks resume. next week");
        assert_eq!(
            t,
            [
                "talks",
                "resume",
                "talks resume",
                "next",
                "week",
                "next week"
            ]
        );
    }

    #[test]
    fn numbers_keep_decimals_and_hyphenated_words() {
        let t = terms(unigrams(false), "a 3.5 percent cut, long-range missiles");
        assert_eq!(t, ["a", "3.5", "percent", "cut", "long-range", "missiles"]);
    }

    #[test]
    fn char_ngrams_within_word_boundaries() {
        let s = AnalyzerSettings {
            word_ngrams: (0, 0),
            char_ngrams: Some((3, 3)),
            ..AnalyzerSettings::default()
        };
        assert_eq!(terms(s, "No"), ["# no", "#no "]);
    }

    #[test]
    fn hashed_terms_match_the_hashes_of_the_term_strings() {
        let text = "We won't accept Iran’s 3.5% offer, but talks-resume; never again! Élan.";
        for settings in [
            AnalyzerSettings::default(),
            AnalyzerSettings {
                stem: false,
                word_ngrams: (1, 3),
                char_ngrams: Some((2, 4)),
                ..AnalyzerSettings::default()
            },
        ] {
            let a = Analyzer::new(settings);
            let mut scratch = AnalyzerScratch::default();
            let from_strings: Vec<u64> = a
                .analyze(text, &mut scratch)
                .iter()
                .map(|t| term_hash::of_term(t))
                .collect();
            let mut hashed = Vec::new();
            a.for_each_term_hash(text, &mut scratch, |h| hashed.push(h));
            // Same multiset (the hashed path emits char n-grams after all word n-grams, as the
            // string path does).
            assert_eq!(hashed, from_strings);
        }
    }

    #[test]
    fn empty_and_symbol_only_text_gives_no_terms() {
        assert!(terms(AnalyzerSettings::default(), "").is_empty());
        assert!(terms(AnalyzerSettings::default(), "!!! ... ???").is_empty());
    }
}
