//! N-grams: word n-grams of a run (as strings or as hashes) and character n-grams inside
//! word boundaries.

use super::term_hash;
use super::tokenize::Token;

pub(crate) fn emit_hashed_ngrams(words: &[u64], lo: usize, hi: usize, emit: &mut impl FnMut(u64)) {
    for n in lo..=hi {
        if n > words.len() {
            break;
        }
        for window in words.windows(n) {
            emit(term_hash::ngram(window));
        }
    }
}

pub(crate) fn emit_ngrams(
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
pub(crate) fn char_ngrams(
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

/// Hashes of the character n-grams of `tokens`' words (as `char_ngrams` gives them).
pub(crate) fn hashed_char_ngrams(
    lower: &str,
    tokens: &[Token],
    lo: usize,
    hi: usize,
    padded: &mut Vec<char>,
    emit: &mut impl FnMut(u64),
) {
    for &token in tokens {
        let Token::Word(a, b) = token else { continue };
        padded.clear();
        padded.push(' ');
        padded.extend(lower[a..b].chars());
        padded.push(' ');
        for n in lo.max(1)..=hi {
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
