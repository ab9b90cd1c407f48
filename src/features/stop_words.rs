//! The stop list: common English function words, and how the analyzer and the vocabulary
//! leave them out.

use super::analyzer::NEGATION_MARK;
use super::tokenize::Token;
use rust_stemmers::{Algorithm, Stemmer};

/// Common English function words in the tokenizer's own forms ("we're" → "we", "'re"):
/// articles, pronouns, prepositions, conjunctions, forms of be/have/do. Never a negator, and
/// not "against" or the modals ("will", "must", "would"), which carry stance.
pub const STOP_WORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "and",
    "or",
    "but",
    "if",
    "then",
    "so",
    "than",
    "as",
    "of",
    "at",
    "by",
    "for",
    "with",
    "about",
    "into",
    "through",
    "during",
    "before",
    "after",
    "above",
    "below",
    "to",
    "from",
    "up",
    "down",
    "in",
    "out",
    "on",
    "off",
    "over",
    "under",
    "again",
    "further",
    "once",
    "here",
    "there",
    "when",
    "where",
    "why",
    "how",
    "all",
    "any",
    "both",
    "each",
    "few",
    "more",
    "most",
    "other",
    "some",
    "such",
    "only",
    "own",
    "same",
    "too",
    "very",
    "just",
    "i",
    "me",
    "my",
    "myself",
    "we",
    "us",
    "our",
    "ours",
    "ourselves",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "he",
    "him",
    "his",
    "himself",
    "she",
    "her",
    "hers",
    "herself",
    "it",
    "its",
    "itself",
    "they",
    "them",
    "their",
    "theirs",
    "themselves",
    "what",
    "which",
    "who",
    "whom",
    "this",
    "that",
    "these",
    "those",
    "am",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "have",
    "has",
    "had",
    "having",
    "do",
    "does",
    "did",
    "doing",
    "'s",
    "'re",
    "'ve",
    "'d",
    "'ll",
    "'m",
    "while",
    "because",
    "until",
    "between",
    "also",
];

/// Whether `term` is a unigram of a stop word as the analyzer emits it: the word or its stem,
/// plain or negation-marked (see `TfidfSettings::stop_unigrams`).
pub fn is_stop_unigram(term: &str) -> bool {
    static STEMS: std::sync::OnceLock<std::collections::HashSet<String>> =
        std::sync::OnceLock::new();
    let stems = STEMS.get_or_init(|| {
        let stemmer = Stemmer::create(Algorithm::English);
        STOP_WORDS
            .iter()
            .flat_map(|w| [w.to_string(), stemmer.stem(w).into_owned()])
            .collect()
    });
    let word = term.strip_prefix(NEGATION_MARK).unwrap_or(term);
    !word.contains(' ') && stems.contains(word)
}

pub(crate) fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.contains(&word)
}

/// Removes stop-word tokens (see [`STOP_WORDS`]), keeping breaks.
pub(crate) fn drop_stop_words(lower: &str, tokens: &mut Vec<Token>) {
    tokens.retain(|&t| !matches!(t, Token::Word(a, b) if is_stop_word(&lower[a..b])));
}
