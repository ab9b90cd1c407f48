//! Text → terms: normalise, tokenize, mark negation scope, stem, build n-grams.
//!
//! The settings are plain data stored in the model file, so `predict` analyses text exactly
//! as `train` did.

use rust_stemmers::{Algorithm, Stemmer};
use serde::{Deserialize, Serialize};
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
const NEGATORS: &[&str] = &[
    "not", "no", "never", "nor", "neither", "none", "nobody", "nothing", "nowhere", "without",
    "cannot",
];

/// Reusable buffers and a stem cache: stemming costs far more than a hash lookup, and news
/// vocabulary repeats heavily.
#[derive(Default)]
pub struct AnalyzerScratch {
    stem_cache: HashMap<String, String>,
    tokens: Vec<Token>,
    words: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    /// Sentence or clause punctuation: ends a negation scope and breaks n-grams.
    Break,
}

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

    /// Like [`Analyzer::analyze`], appending to `out` so callers can reuse the buffer.
    pub fn analyze_into(&self, text: &str, scratch: &mut AnalyzerScratch, out: &mut Vec<String>) {
        let AnalyzerScratch {
            stem_cache,
            tokens,
            words,
        } = scratch;
        tokens.clear();
        tokenize(text, tokens);
        let (lo, hi) = self.settings.word_ngrams;
        if lo == 0 || hi == 0 {
            if let Some((clo, chi)) = self.settings.char_ngrams {
                char_ngrams(tokens, clo, chi, out);
            }
            return;
        }
        // Words of the current run between breaks; n-grams never cross punctuation.
        words.clear();
        let mut negated = false;
        for token in tokens.iter() {
            match token {
                Token::Break => {
                    push_ngrams(words, lo, hi, out);
                    words.clear();
                    negated = false;
                }
                Token::Word(w) => {
                    let is_negator = NEGATORS.contains(&w.as_str());
                    let stemmed = if self.settings.stem {
                        stem_cached(&self.stemmer, stem_cache, w)
                    } else {
                        w.clone()
                    };
                    if negated && self.settings.negation && !is_negator {
                        words.push(format!("{NEGATION_MARK}{stemmed}"));
                    } else {
                        words.push(stemmed);
                    }
                    if is_negator {
                        negated = true;
                    }
                }
            }
        }
        push_ngrams(words, lo, hi, out);
        if let Some((clo, chi)) = self.settings.char_ngrams {
            char_ngrams(tokens, clo, chi, out);
        }
    }
}

fn stem_cached(stemmer: &Stemmer, cache: &mut HashMap<String, String>, word: &str) -> String {
    if let Some(s) = cache.get(word) {
        return s.clone();
    }
    let stemmed = stemmer.stem(word).into_owned();
    // Bounded so a stream of unique junk tokens cannot grow memory without limit.
    if cache.len() < 200_000 {
        cache.insert(word.to_string(), stemmed.clone());
    }
    stemmed
}

fn push_ngrams(words: &[String], lo: usize, hi: usize, out: &mut Vec<String>) {
    for n in lo..=hi {
        if n > words.len() {
            break;
        }
        if n == 1 {
            out.extend(words.iter().cloned());
            continue;
        }
        for window in words.windows(n) {
            out.push(window.join(" "));
        }
    }
}

/// Character n-grams of each word padded with spaces (scikit-learn's `char_wb`), prefixed
/// with "#" so they never collide with word terms.
fn char_ngrams(tokens: &[Token], lo: usize, hi: usize, out: &mut Vec<String>) {
    let mut padded: Vec<char> = Vec::new();
    for token in tokens {
        let Token::Word(w) = token else { continue };
        padded.clear();
        padded.push(' ');
        padded.extend(w.chars());
        padded.push(' ');
        for n in lo.max(1)..=hi {
            if n > padded.len() {
                break;
            }
            for window in padded.windows(n) {
                let mut term = String::with_capacity(n + 1);
                term.push('#');
                term.extend(window.iter());
                out.push(term);
            }
        }
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Splits lowercased text into words, numbers and contraction parts, and clause breaks.
/// "don't" → "do", "not"; "won't" → "will", "not"; "we're" → "we", "'re"; "Iran's" → "iran", "'s".
fn tokenize(text: &str, out: &mut Vec<Token>) {
    let mut word = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
            continue;
        }
        // An apostrophe or a hyphen/decimal point between two word characters stays inside.
        let next_is_word = chars.peek().is_some_and(|n| n.is_alphanumeric());
        if !word.is_empty() && next_is_word {
            if is_apostrophe(c) {
                word.push('\'');
                continue;
            }
            if c == '-' || ((c == '.' || c == ',') && word.ends_with(|p: char| p.is_ascii_digit()))
            {
                word.push(c);
                continue;
            }
        }
        flush_word(&mut word, out);
        if is_break(c) && out.last() != Some(&Token::Break) {
            out.push(Token::Break);
        }
    }
    flush_word(&mut word, out);
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

fn flush_word(word: &mut String, out: &mut Vec<Token>) {
    if word.is_empty() {
        return;
    }
    let w = std::mem::take(word);
    if let Some(base) = w.strip_suffix("n't") {
        let base = match base {
            "wo" => "will",
            "ca" => "can",
            "sha" => "shall",
            "ai" => "is",
            other => other,
        };
        if !base.is_empty() {
            out.push(Token::Word(base.to_string()));
        }
        out.push(Token::Word("not".to_string()));
        return;
    }
    if w == "cannot" {
        out.push(Token::Word("can".to_string()));
        out.push(Token::Word("not".to_string()));
        return;
    }
    for suffix in ["'re", "'s", "'ll", "'ve", "'d", "'m"] {
        if let Some(base) = w.strip_suffix(suffix) {
            if !base.is_empty() {
                out.push(Token::Word(base.to_string()));
                out.push(Token::Word(suffix.to_string()));
                return;
            }
        }
    }
    out.push(Token::Word(w));
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
    fn empty_and_symbol_only_text_gives_no_terms() {
        assert!(terms(AnalyzerSettings::default(), "").is_empty());
        assert!(terms(AnalyzerSettings::default(), "!!! ... ???").is_empty());
    }
}
