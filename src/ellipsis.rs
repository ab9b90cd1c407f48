//! The one rule for cutting text to a number of characters with an ellipsis. Widths are
//! counted in `char`s everywhere (never bytes), so a cut never splits a character.

use std::borrow::Cow;

/// Where the ellipsis goes when text is longer than the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ellipsis {
    /// Inside the limit: at most `max` characters in all, the last one `…` (table cells).
    Within,
    /// After the limit: the first `max` characters, then `…` (names quoted in messages).
    After,
}

/// `s` if it has at most `max` characters; otherwise cut, with `…` where `ellipsis` says.
pub fn cut(s: &str, max: usize, ellipsis: Ellipsis) -> Cow<'_, str> {
    let Some((end, _)) = s.char_indices().nth(max) else {
        return Cow::Borrowed(s);
    };
    let keep = match ellipsis {
        Ellipsis::After => end,
        Ellipsis::Within => s[..end]
            .char_indices()
            .nth(max.saturating_sub(1))
            .map_or(end, |(i, _)| i),
    };
    let mut out = String::with_capacity(keep + '…'.len_utf8());
    out.push_str(&s[..keep]);
    out.push('…');
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_borrowed_unchanged() {
        assert!(matches!(
            cut("abc", 3, Ellipsis::Within),
            Cow::Borrowed("abc")
        ));
        assert!(matches!(
            cut("abc", 3, Ellipsis::After),
            Cow::Borrowed("abc")
        ));
        assert_eq!(cut("", 0, Ellipsis::Within), "");
    }

    #[test]
    fn within_keeps_the_total_at_max() {
        assert_eq!(cut("abcdef", 4, Ellipsis::Within), "abc…");
        assert_eq!(cut("äöüßéè", 3, Ellipsis::Within), "äö…");
        assert_eq!(cut("abc", 1, Ellipsis::Within), "…");
        assert_eq!(cut("abc", 0, Ellipsis::Within), "…");
    }

    #[test]
    fn after_keeps_max_characters_then_the_ellipsis() {
        assert_eq!(cut("abcdef", 3, Ellipsis::After), "abc…");
        assert_eq!(cut("中文中文", 2, Ellipsis::After), "中文…");
        assert_eq!(cut("abc", 0, Ellipsis::After), "…");
    }

    /// The three helpers this replaced, as they were; the one rule must cut as each did.
    #[test]
    fn matches_the_helpers_it_replaced() {
        fn within(s: &str, max: usize) -> String {
            if s.chars().count() <= max {
                return s.to_string();
            }
            let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
            out.push('…');
            out
        }
        fn after(s: &str, max: usize) -> String {
            let mut out: String = s.chars().take(max).collect();
            if s.chars().nth(max).is_some() {
                out.push('…');
            }
            out
        }
        for s in [
            "",
            "a",
            "ab",
            "abc",
            "ünï",
            "a\u{1b}b",
            "🙂🙂🙂🙂",
            "long text here",
        ] {
            for max in 0..6 {
                assert_eq!(cut(s, max, Ellipsis::Within), within(s, max), "{s:?} {max}");
                assert_eq!(cut(s, max, Ellipsis::After), after(s, max), "{s:?} {max}");
            }
        }
    }
}
