//! Paragraph and sentence boundaries (byte offsets), aware of abbreviations and decimals.

use super::work;

/// Words (without their final dot) whose dot does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Capt", "Sgt", "St", "Jan",
    "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "No", "vs",
    "e.g", "i.e", "Inc", "Ltd", "Jr", "Sr", "Prof", "Rev", "Adm", "Maj", "Cpl", "Pvt", "Mt", "Ft",
    "Corp", "Co", "Gens", "Reps", "Sens", "Msgr", "Hon", "Cmdr", "Brig", "approx", "U.S", "U.K",
    "U.N", "E.U", "U.S.A", "U.A.E", "A.U", "cf", "Nos", "Fig", "Vol", "pp",
];

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
    ABBREVIATIONS.contains(&w)
}

/// Sentence spans inside the paragraph `para` (byte range of `text`).
pub(crate) fn sentences(text: &str, para: (usize, usize)) -> Vec<(usize, usize)> {
    let (ps, pe) = para;
    let Some(body) = text.get(ps..pe) else {
        return Vec::new();
    };
    work::add(body.len());
    let mut out = Vec::new();
    let mut start = 0usize; // relative to ps
    let chars: Vec<(usize, char)> = body.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        let (off, c) = chars[k];
        k += 1;
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        // Runs of terminators ("?!", "...") are one unit; a run of dots is an ellipsis.
        let mut run_end = k;
        let mut dots = usize::from(c == '.');
        while let Some(&(_, d)) = chars.get(run_end) {
            if matches!(d, '.' | '!' | '?') {
                dots += usize::from(d == '.');
                run_end += 1;
            } else {
                break;
            }
        }
        let prev_dot = off > 0 && body.get(..off).is_some_and(|h| h.ends_with('.'));
        k = run_end;
        if dots >= 2 || prev_dot {
            continue;
        }
        if c == '.' && run_end == k && is_abbreviation(word_before(text, ps, ps + off)) {
            continue;
        }
        // Skip closing marks (and a space before a French closing guillemet).
        let mut j = run_end;
        loop {
            match chars.get(j) {
                Some(&(_, d)) if is_closer(d) => j += 1,
                Some(&(_, ' ')) if chars.get(j + 1).is_some_and(|&(_, d)| d == '»') => j += 2,
                _ => break,
            }
        }
        let end_off = chars.get(j).map_or(body.len(), |&(o, _)| o);
        match chars.get(j) {
            None => {}
            Some(&(_, d)) if d.is_whitespace() => {
                let next = chars[j..].iter().find(|(_, d)| !d.is_whitespace());
                match next {
                    Some(&(_, n)) if n.is_uppercase() || n.is_numeric() || is_opener(n) => {}
                    None => {}
                    _ => continue,
                }
            }
            _ => continue,
        }
        if end_off > start {
            out.push((ps + start, ps + end_off));
        }
        let next_start = chars[j.min(chars.len())..]
            .iter()
            .find(|(_, d)| !d.is_whitespace());
        start = next_start.map_or(body.len(), |&(o, _)| o);
        k = j;
    }
    if start < body.len() {
        out.push((ps + start, pe));
    }
    out
}
