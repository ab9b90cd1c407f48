//! Word and punctuation tokens with byte offsets; quoted regions can be masked to one token.

use std::collections::HashSet;
use std::sync::LazyLock;

use super::work;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum TokKind {
    /// Letters/digits, with inner apostrophes, hyphens and initialism dots ("Iran’s", "U.S.").
    Word,
    /// Any other single non-space character.
    Punct,
    /// A masked quotation (marks included).
    Quote,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    pub kind: TokKind,
}

impl Tok {
    pub fn text<'a>(&self, s: &'a str) -> &'a str {
        s.get(self.start..self.end).unwrap_or("")
    }
    pub fn is_punct(&self, s: &str, p: &str) -> bool {
        self.kind == TokKind::Punct && self.text(s) == p
    }
}

/// True when the first character is uppercase.
pub(crate) fn is_cap(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_uppercase())
}

/// True for a word written entirely in capitals with at least two letters ("BGL", "KCNA").
pub(crate) fn is_acronym(s: &str) -> bool {
    let mut letters = 0;
    for c in s.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    letters >= 2
}

/// A conservative filter over a set of words: a bit per (first byte, length) and per (last
/// byte, length) present, lengths from 63 up sharing the last bit. A word with either bit
/// clear is not in the set, so most words of a text are ruled out without hashing.
#[derive(Debug, Clone)]
pub(crate) struct WordShapes {
    first: [u64; 256],
    last: [u64; 256],
}

impl Default for WordShapes {
    fn default() -> Self {
        WordShapes {
            first: [0; 256],
            last: [0; 256],
        }
    }
}

impl WordShapes {
    fn length_bit(len: usize) -> u64 {
        1u64 << len.min(63)
    }

    pub fn insert(&mut self, word: &str) {
        let bytes = word.as_bytes();
        if let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) {
            self.first[usize::from(first)] |= Self::length_bit(word.len());
            self.last[usize::from(last)] |= Self::length_bit(word.len());
        }
    }

    /// Whether some word of the set starts with byte `b`.
    #[inline]
    pub fn has_first(&self, b: u8) -> bool {
        self.first[usize::from(b)] != 0
    }

    /// Whether a word of `len` bytes from `first` to `last` may be in the set.
    fn may_hold(&self, first: u8, last: u8, len: usize) -> bool {
        let bit = Self::length_bit(len);
        self.first[usize::from(first)] & bit != 0 && self.last[usize::from(last)] & bit != 0
    }

    pub fn may_contain(&self, word: &str) -> bool {
        let bytes = word.as_bytes();
        match (bytes.first(), bytes.last()) {
            (Some(&first), Some(&last)) => self.may_hold(first, last, word.len()),
            _ => false,
        }
    }

    /// As [`WordShapes::may_contain`] for `word` in lower case (the set holding lowercase
    /// words). Only ASCII words are screened: lowercasing keeps their length.
    pub fn may_contain_lowercase(&self, word: &str) -> bool {
        if !word.is_ascii() {
            return true;
        }
        let bytes = word.as_bytes();
        match (bytes.first(), bytes.last()) {
            (Some(first), Some(last)) => self.may_hold(
                first.to_ascii_lowercase(),
                last.to_ascii_lowercase(),
                word.len(),
            ),
            _ => false,
        }
    }
}

/// Longest word lowered on the stack by [`WordSet::contains_lowercase`]; longer ones are rare.
const STACK_WORD: usize = 32;

/// A fixed word list as a hash set, built once: lookups run for most tokens of every
/// article, so the shapes of its words screen them first. Keyed by bytes so that a word
/// lowered on the stack needs no UTF-8 check.
pub(crate) struct WordSet {
    shapes: WordShapes,
    words: HashSet<&'static [u8], ahash::RandomState>,
}

impl WordSet {
    pub fn new(words: &'static [&'static str]) -> WordSet {
        let mut set = WordSet {
            shapes: WordShapes::default(),
            words: HashSet::with_hasher(ahash::RandomState::with_seeds(11, 12, 13, 14)),
        };
        for &w in words {
            set.shapes.insert(w);
            set.words.insert(w.as_bytes());
        }
        set
    }

    pub fn contains(&self, w: &str) -> bool {
        self.shapes.may_contain(w) && self.words.contains(w.as_bytes())
    }

    /// Whether `w` in lower case is in the set (which holds lowercase words). Role and
    /// organisation words are looked up for most capitalised words of every article, so
    /// ASCII words are lowered on the stack.
    pub fn contains_lowercase(&self, w: &str) -> bool {
        if !self.shapes.may_contain_lowercase(w) {
            return false;
        }
        if w.is_ascii() && w.len() <= STACK_WORD {
            let mut buf = [0u8; STACK_WORD];
            let lower = &mut buf[..w.len()];
            lower.copy_from_slice(w.as_bytes());
            lower.make_ascii_lowercase();
            return self.words.contains(&*lower);
        }
        self.words.contains(w.to_lowercase().as_bytes())
    }
}

/// Abbreviations written with a dot that belong to the next name.
const TITLE_ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Capt", "Sgt", "St", "Prof",
    "Jr", "Sr", "Adm", "Maj", "Rev", "Hon", "Cmdr", "Brig", "Gens", "Sens", "Reps", "Pres",
];

static TITLE_ABBREVIATION_SET: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(TITLE_ABBREVIATIONS));

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// The character starting at byte `i` of `s`; None at the end or off a char boundary. ASCII
/// is decoded from the byte alone: scanners call this for every character of an article.
#[inline]
pub(crate) fn char_at(s: &str, i: usize) -> Option<char> {
    match s.as_bytes().get(i) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        Some(_) => s.get(i..).and_then(|r| r.chars().next()),
        None => None,
    }
}

/// What a byte says about the character it starts, for scanning text fast.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum ByteClass {
    /// An ASCII letter or digit.
    Alnum,
    /// ASCII white space.
    Space,
    /// Any other ASCII character.
    Other,
    /// Part of a multi-byte character: decode to know.
    NonAscii,
}

static BYTE_CLASS: [ByteClass; 256] = {
    let mut table = [ByteClass::NonAscii; 256];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        table[b] = if byte.is_ascii_alphanumeric() {
            ByteClass::Alnum
        } else if matches!(byte, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ') {
            // `char::is_whitespace` on ASCII.
            ByteClass::Space
        } else {
            ByteClass::Other
        };
        b += 1;
    }
    table
};

#[inline]
pub(crate) fn byte_class(b: u8) -> ByteClass {
    BYTE_CLASS[usize::from(b)]
}

/// A day of the week, capitalised as news writes it.
pub(crate) fn is_weekday(w: &str) -> bool {
    matches!(
        w,
        "Monday" | "Tuesday" | "Wednesday" | "Thursday" | "Friday" | "Saturday" | "Sunday"
    )
}

/// A count written in lowercase words, from "two" to "twenty" or "dozens" ("nine felony
/// charges", "Fourteen were hurt" once lowercased).
pub(crate) fn is_number_word(lower: &str) -> bool {
    matches!(
        lower,
        "two"
            | "three"
            | "four"
            | "five"
            | "six"
            | "seven"
            | "eight"
            | "nine"
            | "ten"
            | "eleven"
            | "twelve"
            | "thirteen"
            | "fourteen"
            | "fifteen"
            | "twenty"
            | "dozens"
    )
}

/// First offset at or after `i` of a byte that can open a capitalised word: an ASCII capital
/// or any non-ASCII byte; else `bytes.len()`. Names and party aliases open with one, and
/// they are a few percent of news text, so eight bytes are tested at a time.
#[inline]
pub(crate) fn next_capital_or_non_ascii(bytes: &[u8], i: usize) -> usize {
    next_capital_non_ascii_or(bytes, i, None)
}

/// [`next_capital_or_non_ascii`], also stopping at the ASCII byte `also` when given (a user's
/// or a built-in alias may open in lowercase: "the Ayatollah").
#[inline]
pub(crate) fn next_capital_non_ascii_or(bytes: &[u8], i: usize, also: Option<u8>) -> usize {
    // `also` spread over eight bytes; a non-ASCII value never equals a cleared byte.
    let also_bytes = also.map(|b| ONES * u64::from(b));
    first_marked(
        bytes,
        i,
        |x| {
            let mut hits = (x | in_range(x & LOW, b'A', b'Z')) & HIGH;
            if let Some(a) = also_bytes {
                // The high bit of each byte that equals `also` (an exact zero-byte test).
                let y = x ^ a;
                hits |= !(((y & LOW) + LOW) | y | LOW);
            }
            hits
        },
        |b| b.is_ascii_uppercase() || !b.is_ascii() || Some(b) == also,
    )
}

/// First offset at or after `i` of a byte that is not an ASCII letter or digit (the end of
/// the ASCII part of a word); else `bytes.len()`. Eight bytes are tested at a time: words are
/// read this way for every token of every article.
#[inline]
pub(crate) fn ascii_alnum_run_end(bytes: &[u8], i: usize) -> usize {
    first_marked(
        bytes,
        i,
        |x| {
            let ascii = x & LOW;
            let alnum = in_range(ascii, b'0', b'9')
                | in_range(ascii, b'A', b'Z')
                | in_range(ascii, b'a', b'z');
            !(alnum & !x) & HIGH
        },
        |b| !b.is_ascii_alphanumeric(),
    )
}

const ONES: u64 = u64::from_ne_bytes([1; 8]);
const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
const LOW: u64 = !HIGH;

/// The high bit of each byte of `ascii` (high bits cleared, so no sum carries into the next
/// byte) that lies in `lo..=hi`.
#[inline]
fn in_range(ascii: u64, lo: u8, hi: u8) -> u64 {
    let at_least = |c: u8| (ascii + ONES * u64::from(0x80 - c)) & HIGH;
    at_least(lo) & !at_least(hi + 1)
}

/// First offset at or after `i` of a byte `marks` flags (the high bit of each flagged byte of
/// eight read little-endian), `is_marked` deciding the last few bytes one by one; else
/// `bytes.len()`.
#[inline]
fn first_marked(
    bytes: &[u8],
    mut i: usize,
    marks: impl Fn(u64) -> u64,
    is_marked: impl Fn(u8) -> bool,
) -> usize {
    while let Some(chunk) = bytes.get(i..i + 8) {
        let hits = marks(u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])));
        if hits != 0 {
            return i + (hits.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    i + bytes
        .get(i..)
        .unwrap_or(&[])
        .iter()
        .position(|&b| is_marked(b))
        .unwrap_or(bytes.len().saturating_sub(i))
}

/// First byte offset from `i` whose class fails `skip`, else the end of `s`.
#[inline]
pub(crate) fn skip_bytes(s: &str, i: usize, skip: impl Fn(ByteClass) -> bool) -> usize {
    let rest = s.as_bytes().get(i..).unwrap_or(&[]);
    i + rest
        .iter()
        .position(|&b| !skip(byte_class(b)))
        .unwrap_or(rest.len())
}

/// `char::is_alphanumeric`, answering the General Punctuation block (curly quotes, dashes)
/// without a table search: news text is full of them.
#[inline]
pub(crate) fn is_alphanumeric(c: char) -> bool {
    if ('\u{2000}'..='\u{206F}').contains(&c) {
        return false;
    }
    c.is_alphanumeric()
}

/// Tokenises `text[start..end]` into `toks` (cleared first, so a caller can reuse its
/// room), stopping after `limit` tokens; every `(a, b)` in `masks` (sorted, disjoint) becomes
/// one [`TokKind::Quote`] token. Offsets that are not char boundaries are clamped safely.
pub(crate) fn tokenize_into(
    text: &str,
    start: usize,
    end: usize,
    masks: &[(usize, usize)],
    limit: usize,
    toks: &mut Vec<Tok>,
) {
    toks.clear();
    let end = end.min(text.len());
    let Some(slice) = text.get(start..end) else {
        return;
    };
    work::add(slice.len());
    // Words and their spaces average well over four bytes.
    toks.reserve((slice.len() / 4 + 1).min(limit));
    let bytes = slice.as_bytes();
    let mut mi = 0;
    let mut i = 0; // byte offset into `slice`
    while let Some(&b) = bytes.get(i).filter(|_| toks.len() < limit) {
        let pos = start + i;
        while mi < masks.len() && masks[mi].1 <= pos {
            mi += 1;
        }
        let next_mask = masks.get(mi).map_or(usize::MAX, |m| m.0);
        if let Some(&(ms, me)) = masks.get(mi) {
            if ms <= pos {
                toks.push(Tok {
                    start: pos,
                    end: me.min(end),
                    kind: TokKind::Quote,
                });
                i = ceil_boundary(slice, me - start);
                continue;
            }
        }
        // ASCII is classified from the byte alone; other characters are decoded.
        let (class, len) = match byte_class(b) {
            ByteClass::NonAscii => {
                let Some(c) = char_at(slice, i) else {
                    break;
                };
                let class = if c.is_whitespace() {
                    ByteClass::Space
                } else if is_alphanumeric(c) {
                    ByteClass::Alnum
                } else {
                    ByteClass::Other
                };
                (class, c.len_utf8())
            }
            class => (class, 1),
        };
        if class == ByteClass::Space {
            // A run of ASCII spaces at once, stopping where a quotation starts.
            let spaces_end = skip_bytes(slice, i, |b| b == ByteClass::Space);
            i = spaces_end.min(next_mask.saturating_sub(start)).max(i + len);
            continue;
        }
        if class != ByteClass::Alnum {
            toks.push(Tok {
                start: pos,
                end: pos + len,
                kind: TokKind::Punct,
            });
            i = past_single_space(slice, start, i + len, next_mask);
            continue;
        }
        let (wend, has_dot) = word_end(slice, i, next_mask.saturating_sub(start));
        let mut wend = wend;
        // Title abbreviations ("Mr.", "Gen.") and initials ("J. Smith") keep their dot.
        if !has_dot && slice.as_bytes().get(wend) == Some(&b'.') {
            let w = slice.get(i..wend).unwrap_or("");
            let after = slice.get(wend + 1..).unwrap_or("");
            let initial = w.chars().count() == 1
                && w.chars().all(char::is_uppercase)
                && after.starts_with(' ')
                && after.chars().nth(1).is_some_and(char::is_uppercase);
            if TITLE_ABBREVIATION_SET.contains(w) || initial {
                wend += 1;
            }
        }
        toks.push(Tok {
            start: pos,
            end: start + wend,
            kind: TokKind::Word,
        });
        i = past_single_space(slice, start, wend, next_mask);
    }
}

/// Offset `i` of `slice` (which starts at byte `start` of the text), stepped past a space
/// there unless a quotation starts at it: most tokens are followed by one space, cheaper
/// taken here than by another round of the tokeniser's loop.
#[inline]
fn past_single_space(slice: &str, start: usize, i: usize, next_mask: usize) -> usize {
    let space = slice.as_bytes().get(i) == Some(&b' ') && start + i < next_mask;
    i + usize::from(space)
}

/// End (byte offset into `slice`) of the word starting at `i`, stopping at `mask_start`: it
/// extends over letters, digits and joiners (inner apostrophes and hyphens, initialism dots).
/// Also says whether it took in an initialism dot.
fn word_end(slice: &str, i: usize, mask_start: usize) -> (usize, bool) {
    let mut o = i + char_at(slice, i).map_or(1, char::len_utf8);
    let mut has_dot = false;
    let mut letters_since_dot = 1usize;
    loop {
        // Most words are plain ASCII letters: take them in a tight loop.
        if o < mask_start {
            let run_end = ascii_alnum_run_end(slice.as_bytes(), o).min(mask_start);
            letters_since_dot += run_end - o;
            o = run_end;
        }
        if mask_start <= o {
            break;
        }
        // After the run, any ASCII byte but a joiner ends the word.
        if slice
            .as_bytes()
            .get(o)
            .is_none_or(|&b| b.is_ascii() && !matches!(b, b'\'' | b'-' | b'.'))
        {
            break;
        }
        let Some(d) = char_at(slice, o) else {
            break;
        };
        if is_alphanumeric(d) {
            letters_since_dot += 1;
            o += d.len_utf8();
            continue;
        }
        let next = char_at(slice, o + d.len_utf8());
        let next_alnum = next.is_some_and(is_alphanumeric);
        if (is_apostrophe(d) || d == '-') && next_alnum {
            o += d.len_utf8();
            continue;
        }
        // A plural possessive ("Sanders' adviser") keeps its apostrophe, so that the word
        // reads as one possessive rather than a word and a stray mark.
        if is_apostrophe(d)
            && slice.as_bytes().get(o - 1) == Some(&b's')
            && next.is_none_or(char::is_whitespace)
        {
            o += d.len_utf8();
            break;
        }
        if d == '.' && letters_since_dot == 1 {
            // Initialisms: "U.S.", "U.N."; the final dot only after an inner one.
            let alpha_next = next.is_some_and(|n| n.is_alphabetic());
            if alpha_next || has_dot {
                has_dot = true;
                letters_since_dot = 0;
                o += 1;
                continue;
            }
        }
        break;
    }
    (o, has_dot)
}

/// Strips a trailing possessive ("Iran's" → "Iran").
pub(crate) fn strip_possessive(w: &str) -> &str {
    w.strip_suffix("'s")
        .or_else(|| w.strip_suffix("’s"))
        .or_else(|| w.strip_suffix("s'").map(|_| &w[..w.len() - 1]))
        .or_else(|| w.strip_suffix("s’").map(|_| &w[..w.len() - "’".len()]))
        .unwrap_or(w)
}

/// The largest char boundary `<= i`.
pub(crate) fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary `>= i`.
pub(crate) fn ceil_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::{
        ascii_alnum_run_end, byte_class, is_alphanumeric, next_capital_non_ascii_or,
        next_capital_or_non_ascii, strip_possessive, tokenize_into, ByteClass,
    };

    proptest::proptest! {
        /// The eight-at-a-time skip finds what a byte-by-byte search finds, from any start.
        #[test]
        fn the_capital_skip_matches_a_plain_search(text in "[ -~é—]{0,40}", from in 0usize..45) {
            let bytes = text.as_bytes();
            let plain = (from..bytes.len())
                .find(|&i| bytes[i].is_ascii_uppercase() || !bytes[i].is_ascii())
                .unwrap_or(bytes.len().max(from));
            proptest::prop_assert_eq!(next_capital_or_non_ascii(bytes, from), plain);
        }

        /// The eight-at-a-time word scan ends where a byte-by-byte one does.
        #[test]
        fn the_word_run_scan_matches_a_plain_search(text in "[ -~é—]{0,40}", from in 0usize..45) {
            let bytes = text.as_bytes();
            let plain = (from..bytes.len())
                .find(|&i| !bytes[i].is_ascii_alphanumeric())
                .unwrap_or(bytes.len().max(from));
            proptest::prop_assert_eq!(ascii_alnum_run_end(bytes, from), plain);
        }

        /// The same with one more byte to stop at.
        #[test]
        fn the_capital_skip_with_one_more_byte_matches_a_plain_search(
            text in "[ -~é—]{0,40}",
            from in 0usize..45,
            also in proptest::sample::select(vec![b't', b'0', b' ', b'~', b'a']),
        ) {
            let bytes = text.as_bytes();
            let plain = (from..bytes.len())
                .find(|&i| {
                    bytes[i].is_ascii_uppercase() || !bytes[i].is_ascii() || bytes[i] == also
                })
                .unwrap_or(bytes.len().max(from));
            proptest::prop_assert_eq!(next_capital_non_ascii_or(bytes, from, Some(also)), plain);
        }
    }

    #[test]
    fn the_capital_skip_stops_at_capitals_and_non_ascii_only() {
        let text = "only lowercase words, digits 42 and @[`{ around them Z é";
        let b = text.as_bytes();
        let z = text.find('Z').unwrap();
        assert_eq!(next_capital_or_non_ascii(b, 0), z);
        assert_eq!(next_capital_or_non_ascii(b, z + 1), text.find('é').unwrap());
        assert_eq!(next_capital_or_non_ascii(b, text.len()), text.len());
        assert_eq!(next_capital_or_non_ascii(b"", 0), 0);
    }

    #[test]
    fn a_plural_possessive_keeps_its_apostrophe() {
        let text = "Tad Vole, the Rangers' coach, and the Lakes’ owner 'agreed'";
        let mut toks = Vec::new();
        tokenize_into(text, 0, text.len(), &[], usize::MAX, &mut toks);
        let words: Vec<&str> = toks.iter().map(|t| t.text(text)).collect();
        assert!(words.contains(&"Rangers'"), "{words:?}");
        assert!(words.contains(&"Lakes’"), "{words:?}");
        assert!(words.contains(&"agreed"), "{words:?}");
        assert_eq!(strip_possessive("Rangers'"), "Rangers");
        assert_eq!(strip_possessive("Lakes’"), "Lakes");
        assert_eq!(strip_possessive("Iran's"), "Iran");
    }

    #[test]
    fn byte_classes_agree_with_std() {
        for b in 0..=255u8 {
            let expected = if !b.is_ascii() {
                ByteClass::NonAscii
            } else if char::from(b).is_alphanumeric() {
                ByteClass::Alnum
            } else if char::from(b).is_whitespace() {
                ByteClass::Space
            } else {
                ByteClass::Other
            };
            assert!(byte_class(b) == expected, "{b:#x}");
        }
    }

    #[test]
    fn alphanumeric_shortcut_agrees_with_std() {
        for c in (0..=0x2FFFu32).filter_map(char::from_u32) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }
}
