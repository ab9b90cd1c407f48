//! The word stream: tokens → word events in text order, with the negation scope and the
//! target's mentions resolved. The one producer every analyzer path reads (see
//! `sinks` for what the paths make of it); negation scope is decided here and nowhere else.

use super::tokenize::Token;

/// Words that open a negation scope (after contractions are split, "n't" becomes "not").
#[inline]
pub(crate) fn is_negator(word: &str) -> bool {
    // Every negator starts with n, w or c: most words are turned away by their first byte.
    matches!(word.as_bytes().first(), Some(b'n' | b'w' | b'c'))
        && matches!(
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

/// A word of the stream: its byte range in the lowercased text and its flags.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Word {
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// Inside a negation scope (and negation is on): its terms carry `NEG_`.
    pub(crate) marked: bool,
    /// The word opens a negation scope itself (never marked, no lexicon level).
    pub(crate) negator: bool,
}

/// One position of the word stream.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Event {
    Word(Word),
    /// A mention of the target (target marking): one `TGT` word.
    Target,
    /// Sentence or clause punctuation: ends n-grams and the negation scope.
    Break,
}

/// Walks `tokens` with each of `mentions` (token ranges, end exclusive, in order, not
/// overlapping) replaced by one [`Event::Target`], calling `on` with every event in text
/// order. A word after a negator is marked up to the next break when `negation` is on; a
/// mention is never marked, but a negator inside it opens a scope.
#[inline]
pub(crate) fn walk(
    lower: &str,
    tokens: &[Token],
    mentions: &[(usize, usize)],
    negation: bool,
    mut on: impl FnMut(Event),
) {
    let mut negated = false;
    let mut mentions = mentions.iter();
    // Where the next mention starts (none: past every token).
    let mut next = mentions.next().copied().unwrap_or((usize::MAX, 0));
    let mut i = 0;
    while i < tokens.len() {
        if i == next.0 {
            let end = next.1;
            negated |= tokens[i..end]
                .iter()
                .any(|&t| matches!(t, Token::Word(a, b) if is_negator(&lower[a..b])));
            on(Event::Target);
            next = mentions.next().copied().unwrap_or((usize::MAX, 0));
            i = end;
            continue;
        }
        match tokens[i] {
            Token::Break => {
                negated = false;
                on(Event::Break);
            }
            Token::Word(start, end) => {
                let negator = is_negator(&lower[start..end]);
                on(Event::Word(Word {
                    start,
                    end,
                    marked: negated && negation && !negator,
                    negator,
                }));
                negated |= negator;
            }
        }
        i += 1;
    }
}
