//! Finding the mentions of a row's target in tokenized text (target marking).

use super::stop_words::drop_stop_words;
use super::tokenize::{tokenize, Token};

/// Finds the mentions of a target in tokenized text; holds its buffers.
#[derive(Default)]
pub(crate) struct MentionFinder {
    /// The target's tokens and their text.
    target_lower: String,
    target_tokens: Vec<Token>,
    /// The matching table.
    kmp: Vec<usize>,
    /// The mentions found: token ranges, end exclusive.
    found: Vec<(usize, usize)>,
}

impl MentionFinder {
    /// Token ranges (end exclusive) of `tokens` that spell the tokens of `target`, left to
    /// right, never overlapping; breaks around the target ("Trump," or "(NATO)") are not part
    /// of it. Knuth–Morris–Pratt over tokens, so the work is linear in the text and target.
    pub(crate) fn find(
        &mut self,
        stop_words: bool,
        target: &str,
        lower: &str,
        tokens: &[Token],
    ) -> &[(usize, usize)] {
        let Self {
            target_lower,
            target_tokens,
            kmp,
            found,
        } = self;
        found.clear();
        tokenize(target, target_lower, target_tokens);
        if stop_words {
            drop_stop_words(target_lower, target_tokens);
        }
        let is_word = |t: &Token| matches!(t, Token::Word(..));
        let (Some(first), Some(last)) = (
            target_tokens.iter().position(is_word),
            target_tokens.iter().rposition(is_word),
        ) else {
            return found;
        };
        let pattern = &target_tokens[first..=last];
        let same = |a: &str, x: Token, b: &str, y: Token| match (x, y) {
            (Token::Word(i, j), Token::Word(k, l)) => a[i..j] == b[k..l],
            (Token::Break, Token::Break) => true,
            _ => false,
        };
        // kmp[i]: length of the longest proper prefix of pattern[..=i] that is also its suffix.
        kmp.clear();
        kmp.resize(pattern.len(), 0);
        let mut k = 0;
        for i in 1..pattern.len() {
            while k > 0 && !same(target_lower, pattern[i], target_lower, pattern[k]) {
                k = kmp[k - 1];
            }
            if same(target_lower, pattern[i], target_lower, pattern[k]) {
                k += 1;
            }
            kmp[i] = k;
        }
        let mut q = 0;
        for (i, &token) in tokens.iter().enumerate() {
            while q > 0 && !same(lower, token, target_lower, pattern[q]) {
                q = kmp[q - 1];
            }
            if same(lower, token, target_lower, pattern[q]) {
                q += 1;
            }
            if q == pattern.len() {
                found.push((i + 1 - q, i + 1));
                q = 0;
            }
        }
        found
    }
}
