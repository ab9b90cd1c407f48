//! Text from outside (file names, labels, model names, quotes) made safe to print to a
//! terminal: the one function every message and table uses.
//!
//! Control characters (terminal escapes, carriage returns, …) and the bidirectional overrides
//! and isolates (U+202A–U+202E, U+2066–U+2069, which can make a name display as something
//! else) are written as `\u{…}` escapes; everything else is printed as it is.

use std::borrow::Cow;
use std::fmt::Write;
use std::path::Path;

/// True for a character that must not reach a terminal raw.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `s` with every unsafe character escaped; borrowed when there is none (the common case).
pub fn clean(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Text on one line: tabs and line breaks become spaces (a quote spans lines), then `clean`.
pub fn flat(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let spaced: String = s
        .chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .collect();
    Cow::Owned(clean(&spaced).into_owned())
}

/// [`flat`], cut to `max` characters with an ellipsis.
pub fn cut(s: &str, max: usize) -> String {
    crate::ellipsis::cut(&flat(s), max, crate::ellipsis::Ellipsis::Within).into_owned()
}

/// The widest a table column grows for any one value: wider values are cut (`cell`).
pub const MAX_COLUMN: usize = 64;

/// A value (label, model name, file name) for a table cell: one line, at most `MAX_COLUMN`.
pub fn cell(s: &str) -> String {
    cut(s, MAX_COLUMN)
}

/// Display width of a cell, for padding.
pub fn width(s: &str) -> usize {
    s.chars().count().min(MAX_COLUMN)
}

/// [`clean`] for a message of several lines: line breaks stay, everything else unsafe is
/// escaped. Every error and warning goes through it (`main`, [`crate::warn_clean`]).
pub fn clean_lines(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c != '\n' && is_unsafe(c)) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.split('\n').map(clean).collect::<Vec<_>>().join("\n"))
}

/// `eprintln!` through [`clean_lines`]: warnings name files and quote data.
#[macro_export]
macro_rules! warn_clean {
    ($($arg:tt)*) => {
        eprintln!("{}", $crate::term::clean_lines(&format!($($arg)*)))
    };
}

/// A path for a message: lossy UTF-8, then `clean`.
pub fn path(p: &Path) -> String {
    clean(&p.to_string_lossy()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_bidi_only() {
        assert_eq!(clean("plain ünïcode"), "plain ünïcode");
        assert!(matches!(clean("plain"), Cow::Borrowed(_)));
        assert_eq!(clean("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(clean("x\u{202E}y\u{2066}z"), "x\\u{202e}y\\u{2066}z");
        assert_eq!(clean("l\nr\t"), "l\\u{a}r\\u{9}");
        assert_eq!(path(Path::new("a\u{7}.json")), "a\\u{7}.json");
        assert_eq!(flat("a\nb\u{1b}"), "a b\\u{1b}");
        assert_eq!(clean_lines("a\nb\u{202e}"), "a\nb\\u{202e}");
        assert_eq!(cut("abcdef", 4), "abc…");
        assert_eq!(cut("abcd", 4), "abcd");
        assert_eq!(cell(&"x".repeat(70_000)).chars().count(), MAX_COLUMN);
    }
}
