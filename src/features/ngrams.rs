//! The n-gram builder, shared by every analyzer path: word n-grams are the windows of a run
//! of processed words (as byte ranges or hashes, whatever the path keeps), character
//! n-grams the windows of a word padded with spaces.

use super::tokenize::Token;

/// Calls `emit` with every window of `run` from `lo` to `hi` units long: shorter windows
/// first, each length left to right. `lo` must be at least 1.
#[inline]
pub(crate) fn each<U>(run: &[U], lo: usize, hi: usize, mut emit: impl FnMut(&[U])) {
    for n in lo..=hi {
        if n > run.len() {
            break;
        }
        run.windows(n).for_each(&mut emit);
    }
}

/// Calls `emit` with the character n-grams (`lo..=hi` characters) of each word of `tokens`
/// padded with one space either side (scikit-learn's `char_wb`), word by word.
pub(crate) fn each_char_window(
    lower: &str,
    tokens: &[Token],
    lo: usize,
    hi: usize,
    padded: &mut Vec<char>,
    mut emit: impl FnMut(&[char]),
) {
    for &token in tokens {
        let Token::Word(a, b) = token else { continue };
        padded.clear();
        padded.push(' ');
        padded.extend(lower[a..b].chars());
        padded.push(' ');
        each(padded, lo.max(1), hi, &mut emit);
    }
}
