//! The tokenizer: text → lowercased words and clause breaks, contractions split.

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Token {
    /// A word: its byte range in `AnalyzerScratch::lower`.
    Word(usize, usize),
    /// Sentence or clause punctuation: ends a negation scope and breaks n-grams.
    Break,
}

/// `text` as the one lowercased word the tokenizer reads in it, if it reads exactly one.
pub(crate) fn single_word(text: &str) -> Option<String> {
    let (mut lower, mut tokens) = (String::new(), Vec::new());
    tokenize(text, &mut lower, &mut tokens);
    match tokens[..] {
        [Token::Word(a, b)] => Some(lower[a..b].to_string()),
        _ => None,
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Splits lowercased text into words, numbers and contraction parts, and clause breaks.
/// "don't" → "do", "not"; "won't" → "will", "not"; "we're" → "we", "'re"; "Iran's" → "iran", "'s".
///
/// Works on bytes: runs of ASCII letters and digits (nearly all of news text) are copied and
/// lowercased in one go; other characters are decoded one at a time.
pub(crate) fn tokenize(text: &str, lower: &mut String, out: &mut Vec<Token>) {
    out.clear();
    // Built as bytes (whole characters only, so always UTF-8) and handed back as a String.
    let mut buf = std::mem::take(lower).into_bytes();
    buf.clear();
    buf.reserve(text.len());
    let bytes = text.as_bytes();
    let mut word_start: Option<usize> = None;
    // Whether the current word holds an apostrophe: only then can it be a contraction.
    let mut apostrophe = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if ASCII_WORD[b as usize] {
            word_start.get_or_insert(buf.len());
            i = copy_ascii_run(bytes, i, &mut buf);
            continue;
        }
        // Most words end at a space, which needs none of the tests below.
        if b == b' ' {
            if let Some(start) = word_start.take() {
                flush_word(&mut buf, start, std::mem::take(&mut apostrophe), out);
            }
            i += 1;
            continue;
        }
        let c = if b.is_ascii() {
            b as char
        } else {
            text[i..]
                .chars()
                .next()
                .unwrap_or(char::REPLACEMENT_CHARACTER)
        };
        i += c.len_utf8();
        if !c.is_ascii() && !is_general_punctuation(c) && c.is_alphanumeric() {
            word_start.get_or_insert(buf.len());
            let mut utf8 = [0u8; 4];
            for l in c.to_lowercase() {
                buf.extend_from_slice(l.encode_utf8(&mut utf8).as_bytes());
            }
            continue;
        }
        // An apostrophe or a hyphen/decimal point between two word characters stays inside.
        if word_start.is_some()
            && (is_apostrophe(c) || matches!(c, '-' | '.' | ','))
            && starts_word(&text[i..])
        {
            if is_apostrophe(c) {
                buf.push(b'\'');
                apostrophe = true;
                continue;
            }
            let after_digit = buf.last().is_some_and(u8::is_ascii_digit);
            if c == '-' || after_digit {
                buf.push(b);
                continue;
            }
        }
        if let Some(start) = word_start.take() {
            flush_word(&mut buf, start, std::mem::take(&mut apostrophe), out);
        }
        if is_break(c) && out.last() != Some(&Token::Break) {
            out.push(Token::Break);
        }
    }
    if let Some(start) = word_start {
        flush_word(&mut buf, start, apostrophe, out);
    }
    *lower = String::from_utf8(buf)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
}

/// ASCII letters and digits, by byte (one load instead of three range tests per byte).
static ASCII_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// Appends the run of ASCII letters and digits at `bytes[from..]` to `buf`, lowercased, and
/// returns where it ends. Eight bytes at a time: one test finds where the run stops, one
/// store copies it (a word-at-a-time byte loop mispredicted at the end of every word).
fn copy_ascii_run(bytes: &[u8], from: usize, buf: &mut Vec<u8>) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const BIT5: u64 = ONES * 0x20;
    // Per byte: high bit set iff the byte's low 7 bits are in lo..=hi (sums stay in the byte).
    let in_range = |low7: u64, lo: u8, hi: u8| {
        (low7 + ONES * u64::from(0x80 - lo)) & !(low7 + ONES * u64::from(0x7f - hi)) & HIGH
    };
    let mut i = from;
    loop {
        let rest = &bytes[i..];
        let word = u64::from_le_bytes(match rest.first_chunk::<8>() {
            Some(chunk) => *chunk,
            // Near the end: pad with spaces, which end the run.
            None => {
                let mut chunk = [b' '; 8];
                chunk[..rest.len()].copy_from_slice(rest);
                chunk
            }
        });
        let low7 = word & !HIGH;
        // ASCII letters are the bytes that land in a..=z once bit 5 is set.
        let alnum = (in_range(low7, b'0', b'9') | in_range(low7 | BIT5, b'a', b'z')) & !word;
        let run = (!alnum & HIGH).trailing_zeros() as usize / 8;
        // ASCII letters and digits lowercase by setting bit 5 (digits already have it).
        let at = buf.len();
        buf.extend_from_slice(&(word | BIT5).to_le_bytes());
        buf.truncate(at + run);
        i += run;
        if run < 8 {
            return i;
        }
    }
}

/// U+2000–U+206F (spaces, dashes, curly quotes, ellipsis): common in news text, never a
/// letter or digit, and answered without the Unicode tables.
fn is_general_punctuation(c: char) -> bool {
    ('\u{2000}'..='\u{206F}').contains(&c)
}

/// Whether `rest` starts with a letter or digit.
fn starts_word(rest: &str) -> bool {
    rest.chars().next().is_some_and(char::is_alphanumeric)
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
/// Every contraction holds an apostrophe except "cannot"; `apostrophe` says if this one does.
#[inline(always)]
fn flush_word(lower: &mut Vec<u8>, start: usize, apostrophe: bool, out: &mut Vec<Token>) {
    if apostrophe || &lower[start..] == b"cannot" {
        split_contraction(lower, start, out);
    } else {
        out.push(Token::Word(start, lower.len()));
    }
}

/// [`flush_word`] for a word that may be a contraction. The suffixes are ASCII, so cutting
/// at them keeps whole characters.
#[inline(never)] // kept out of `flush_word`, whose common path then needs no stack frame
fn split_contraction(lower: &mut Vec<u8>, start: usize, out: &mut Vec<Token>) {
    let end = lower.len();
    let word = &lower[start..end];
    if word == b"cannot" {
        lower.truncate(start);
        push_word(lower, b"can", out);
        push_word(lower, b"not", out);
        return;
    }
    if let Some(base) = word.strip_suffix(b"n't") {
        let replacement: Option<&[u8]> = match base {
            b"wo" => Some(b"will"),
            b"ca" => Some(b"can"),
            b"sha" => Some(b"shall"),
            b"ai" => Some(b"is"),
            _ => None,
        };
        lower.truncate(end - 3);
        if let Some(r) = replacement {
            lower.truncate(start);
            lower.extend_from_slice(r);
        }
        if lower.len() > start {
            out.push(Token::Word(start, lower.len()));
        }
        push_word(lower, b"not", out);
        return;
    }
    for suffix in [&b"'re"[..], b"'s", b"'ll", b"'ve", b"'d", b"'m"] {
        if word.len() > suffix.len() && word.ends_with(suffix) {
            let split = end - suffix.len();
            out.push(Token::Word(start, split));
            out.push(Token::Word(split, end));
            return;
        }
    }
    out.push(Token::Word(start, end));
}

fn push_word(lower: &mut Vec<u8>, word: &[u8], out: &mut Vec<Token>) {
    let start = lower.len();
    lower.extend_from_slice(word);
    out.push(Token::Word(start, lower.len()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn general_punctuation_holds_no_letter_or_digit() {
        for c in '\u{2000}'..='\u{206F}' {
            assert!(is_general_punctuation(c) && !c.is_alphanumeric(), "{c:?}");
        }
        assert!(!is_general_punctuation('\u{1FFF}') && !is_general_punctuation('\u{2070}'));
    }
}
