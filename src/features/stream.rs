//! The word stream: tokens → word events in text order, with the negation scope and the
//! target's mentions resolved. The one producer every analyzer path reads (see
//! `sinks` for what the paths make of it); negation scope is decided here and nowhere else.

use super::tokenize::Token;

/// Words that open a negation scope (after contractions are split, "n't" becomes "not").
#[inline(always)]
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

/// A word of the stream: its text (lowercased, not stemmed), where it starts in the
/// lowercased text, and its flags.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Word<'t> {
    pub(crate) text: &'t str,
    pub(crate) start: usize,
    /// Inside a negation scope (and negation is on): its terms carry `NEG_`.
    pub(crate) marked: bool,
    /// The word opens a negation scope itself (never marked, no lexicon level).
    pub(crate) negator: bool,
}

/// One position of the word stream.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Event<'t> {
    Word(Word<'t>),
    /// A mention of the target (target marking): one `TGT` word.
    Target,
    /// Sentence or clause punctuation: ends n-grams and the negation scope.
    Break,
}

/// An [`Event`] kept for the context stage, which looks both ways from each mention: a word
/// by its byte range in the lowercased text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Slot {
    Word {
        start: usize,
        end: usize,
        marked: bool,
        negator: bool,
    },
    Target,
    Break,
}

impl From<Event<'_>> for Slot {
    #[inline]
    fn from(event: Event<'_>) -> Self {
        match event {
            Event::Word(w) => Slot::Word {
                start: w.start,
                end: w.start + w.text.len(),
                marked: w.marked,
                negator: w.negator,
            },
            Event::Target => Slot::Target,
            Event::Break => Slot::Break,
        }
    }
}

/// The word stream of a text: iterates over `tokens` with each of `mentions` (token ranges,
/// end exclusive, in order, not overlapping) replaced by one [`Event::Target`], in text
/// order. A word after a negator is marked up to the next break when `negation` is on; a
/// mention is never marked, but a negator inside it opens a scope.
///
/// An iterator rather than a callback, so each path's loop body is compiled into the loop.
pub(crate) struct Words<'t> {
    lower: &'t str,
    tokens: &'t [Token],
    mentions: std::slice::Iter<'t, (usize, usize)>,
    /// The next mention (none: starts past every token).
    next: (usize, usize),
    negation: bool,
    /// Inside a negation scope.
    negated: bool,
    i: usize,
}

/// Where no mention starts.
const NO_MENTION: (usize, usize) = (usize::MAX, 0);

impl<'t> Words<'t> {
    #[inline]
    pub(crate) fn new(
        lower: &'t str,
        tokens: &'t [Token],
        mentions: &'t [(usize, usize)],
        negation: bool,
    ) -> Self {
        let mut mentions = mentions.iter();
        let next = mentions.next().copied().unwrap_or(NO_MENTION);
        Self {
            lower,
            tokens,
            mentions,
            next,
            negation,
            negated: false,
            i: 0,
        }
    }
}

impl<'t> Iterator for Words<'t> {
    type Item = Event<'t>;

    #[inline(always)]
    fn next(&mut self) -> Option<Event<'t>> {
        let i = self.i;
        let token = *self.tokens.get(i)?;
        if i == self.next.0 {
            let end = self.next.1;
            let lower = self.lower;
            self.negated |= self.tokens[i..end]
                .iter()
                .any(|&t| matches!(t, Token::Word(a, b) if is_negator(&lower[a..b])));
            self.next = self.mentions.next().copied().unwrap_or(NO_MENTION);
            self.i = end;
            return Some(Event::Target);
        }
        self.i = i + 1;
        Some(match token {
            Token::Break => {
                self.negated = false;
                Event::Break
            }
            Token::Word(start, end) => {
                let text = &self.lower[start..end];
                let negator = is_negator(text);
                let marked = self.negated && self.negation && !negator;
                self.negated |= negator;
                Event::Word(Word {
                    text,
                    start,
                    marked,
                    negator,
                })
            }
        })
    }
}
