//! Paragraph and sentence boundaries (byte offsets), aware of abbreviations and decimals.

use std::sync::LazyLock;

use super::text::{char_at, WordSet};
use super::work;

/// Words (without their final dot) whose dot does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Capt", "Sgt", "St", "Jan",
    "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "No", "vs",
    "e.g", "i.e", "Inc", "Ltd", "Jr", "Sr", "Prof", "Rev", "Adm", "Maj", "Cpl", "Pvt", "Mt", "Ft",
    "Corp", "Co", "Gens", "Reps", "Sens", "Msgr", "Hon", "Cmdr", "Brig", "approx", "U.S", "U.K",
    "U.N", "E.U", "U.S.A", "U.A.E", "A.U", "cf", "Nos", "Fig", "Vol", "pp",
];

static ABBREVIATION_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(ABBREVIATIONS));

/// Characters that may follow a terminator and still belong to its sentence.
fn is_closer(c: char) -> bool {
    matches!(c, '"' | '”' | '’' | '\'' | '»' | '“' | ')' | ']')
}

/// Characters that may open a sentence besides capitals and digits.
fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '“' | '„' | '«' | '‘' | '\'' | '(' | '[' | '—' | '–' | '-' | '¿' | '¡'
    )
}

/// Non-blank lines, trimmed: news text usually has one paragraph per line, and blank lines
/// separate paragraphs too.
pub(crate) fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    work::add(text.len());
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        let lead = line.len() - line.trim_start().len();
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            out.push((start + lead, start + lead + trimmed.len()));
        }
        start += line.len() + 1;
    }
    out
}

/// The word (letters and dots) that ends right before byte `dot`.
fn word_before(text: &str, para_start: usize, dot: usize) -> &str {
    let head = text.get(para_start..dot).unwrap_or("");
    let mut begin = head.len();
    for (i, c) in head.char_indices().rev().take(12) {
        if c.is_alphabetic() || c == '.' {
            begin = i;
        } else {
            break;
        }
    }
    head.get(begin..).unwrap_or("")
}

fn is_abbreviation(word: &str) -> bool {
    let w = word.trim_start_matches('.');
    if w.is_empty() {
        return false;
    }
    let mut chars = w.chars();
    // Single-letter initials ("J. Smith").
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return c.is_uppercase();
    }
    ABBREVIATION_SET.contains(w)
}

/// Sentence terminators; all ASCII, so they can be searched for byte by byte.
fn is_terminator(b: u8) -> bool {
    matches!(b, b'.' | b'!' | b'?')
}

/// Appends the sentence spans inside the paragraph `para` (byte range of `text`) to `out`.
pub(crate) fn sentences(text: &str, para: (usize, usize), out: &mut Vec<(usize, usize)>) {
    let (ps, pe) = para;
    let Some(body) = text.get(ps..pe) else {
        return;
    };
    work::add(body.len());
    let bytes = body.as_bytes();
    let mut start = 0usize; // relative to ps
    let mut k = 0;
    while let Some(found) = bytes
        .get(k..)
        .and_then(|b| memchr::memchr3(b'.', b'!', b'?', b))
    {
        let off = k + found;
        let c = bytes[off];
        // Runs of terminators ("?!", "...") are one unit; a run of dots is an ellipsis.
        let mut run_end = off + 1;
        let mut dots = usize::from(c == b'.');
        while let Some(&d) = bytes.get(run_end).filter(|&&d| is_terminator(d)) {
            dots += usize::from(d == b'.');
            run_end += 1;
        }
        let prev_dot = off > 0 && bytes[off - 1] == b'.';
        k = run_end;
        if dots >= 2 || prev_dot {
            continue;
        }
        if c == b'.' && is_abbreviation(word_before(text, ps, ps + off)) {
            continue;
        }
        // Skip closing marks (and a space before a French closing guillemet).
        let mut j = run_end;
        loop {
            match char_at(body, j) {
                Some(d) if is_closer(d) => j += d.len_utf8(),
                Some(' ') if char_at(body, j + 1) == Some('»') => j += 1 + '»'.len_utf8(),
                _ => break,
            }
        }
        // A sentence ends at the end of the paragraph, or before a space and a capital,
        // digit or opening mark.
        let rest = body.get(j..).unwrap_or("");
        let after_space = rest.trim_start();
        if after_space.len() == rest.len() && !rest.is_empty() {
            continue;
        }
        if after_space
            .chars()
            .next()
            .is_some_and(|n| !(n.is_uppercase() || n.is_numeric() || is_opener(n)))
        {
            continue;
        }
        if j > start {
            out.push((ps + start, ps + j));
        }
        start = body.len() - after_space.len();
        k = j;
    }
    if start < body.len() {
        out.push((ps + start, pe));
    }
}
