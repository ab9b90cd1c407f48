//! Word and punctuation tokens with byte offsets; quoted regions can be masked to one token.

use super::work;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokKind {
    /// Letters/digits, with inner apostrophes, hyphens and initialism dots ("Iran’s", "U.S.").
    Word,
    /// Any other single non-space character.
    Punct,
    /// A masked quotation (marks included).
    Quote,
}

#[derive(Debug, Clone, Copy)]
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

/// Abbreviations written with a dot that belong to the next name.
const TITLE_ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Capt", "Sgt", "St", "Prof",
    "Jr", "Sr", "Adm", "Maj", "Rev", "Hon", "Cmdr", "Brig", "Gens", "Sens", "Reps", "Pres",
];

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Tokenises `text[start..end]`; every `(a, b)` in `masks` (sorted, disjoint) becomes one
/// [`TokKind::Quote`] token. Offsets that are not char boundaries are clamped safely.
pub(crate) fn tokenize(text: &str, start: usize, end: usize, masks: &[(usize, usize)]) -> Vec<Tok> {
    let end = end.min(text.len());
    let Some(slice) = text.get(start..end) else {
        return Vec::new();
    };
    work::add(slice.len());
    let mut toks = Vec::new();
    let mut mi = 0;
    let mut chars = slice.char_indices().peekable();
    while let Some((off, c)) = chars.next() {
        let pos = start + off;
        while mi < masks.len() && masks[mi].1 <= pos {
            mi += 1;
        }
        if let Some(&(ms, me)) = masks.get(mi) {
            if ms <= pos {
                toks.push(Tok {
                    start: pos,
                    end: me.min(end),
                    kind: TokKind::Quote,
                });
                while let Some(&(o, _)) = chars.peek() {
                    if start + o >= me {
                        break;
                    }
                    chars.next();
                }
                continue;
            }
        }
        if c.is_whitespace() {
            continue;
        }
        if !c.is_alphanumeric() {
            toks.push(Tok {
                start: pos,
                end: pos + c.len_utf8(),
                kind: TokKind::Punct,
            });
            continue;
        }
        // A word: extend over letters, digits and joiners.
        let mut wend = pos + c.len_utf8();
        let mut has_dot = false;
        let mut letters_since_dot = 1usize;
        while let Some(&(o, d)) = chars.peek() {
            let p = start + o;
            if masks.get(mi).is_some_and(|m| m.0 <= p) {
                break;
            }
            if d.is_alphanumeric() {
                wend = p + d.len_utf8();
                letters_since_dot += 1;
                chars.next();
                continue;
            }
            let next = slice.get(o + d.len_utf8()..).and_then(|r| r.chars().next());
            let next_alnum = next.is_some_and(|n| n.is_alphanumeric());
            if (is_apostrophe(d) || d == '-') && next_alnum {
                wend = p + d.len_utf8();
                chars.next();
                continue;
            }
            if d == '.' && letters_since_dot == 1 {
                // Initialisms: "U.S.", "U.N."; the final dot only after an inner one.
                let alpha_next = next.is_some_and(|n| n.is_alphabetic());
                if alpha_next || has_dot {
                    has_dot = true;
                    letters_since_dot = 0;
                    wend = p + 1;
                    chars.next();
                    continue;
                }
            }
            break;
        }
        // Title abbreviations ("Mr.", "Gen.") and initials ("J. Smith") keep their dot.
        let w = slice.get(pos - start..wend - start).unwrap_or("");
        if slice
            .get(wend - start..)
            .is_some_and(|r| r.starts_with('.'))
            && !has_dot
        {
            let after = slice.get(wend - start + 1..).unwrap_or("");
            let initial = w.chars().count() == 1
                && w.chars().all(char::is_uppercase)
                && after.starts_with(' ')
                && after.chars().nth(1).is_some_and(char::is_uppercase);
            if TITLE_ABBREVIATIONS.contains(&w) || initial {
                wend += 1;
                chars.next();
            }
        }
        toks.push(Tok {
            start: pos,
            end: wend,
            kind: TokKind::Word,
        });
    }
    toks
}

/// Strips a trailing possessive ("Iran's" → "Iran").
pub(crate) fn strip_possessive(w: &str) -> &str {
    w.strip_suffix("'s")
        .or_else(|| w.strip_suffix("’s"))
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
