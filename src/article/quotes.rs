//! Finds quotation spans from quote marks ("…", “…”, „…“, «…», top-level ‘…’), paragraph by
//! paragraph.
//!
//! Straight single quotes are never delimiters, and curly ones only at top level, so
//! apostrophes (we’re, the '90s) and quotes nested inside double quotes stay part of the
//! text. A quote still open at the end of its paragraph continues if the next paragraph opens
//! with a quote mark (the news convention for long quotations); otherwise it ends at the
//! paragraph end and is marked unclosed.

use super::cues;
use super::text::char_at;
use super::work;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    /// `"` … `"`
    Straight,
    /// `“` … `”`, nestable
    Curly,
    /// `”` … `”` (Scandinavian style)
    RightOnly,
    /// `„` … `“` or `”`
    Low,
    /// `«` … `»`, nestable
    Guillemet,
    /// `‘` … `’` at top level (British style); `’` before a letter is an apostrophe.
    Single,
}

/// One quoted part: `start..end` is the text (marks and surrounding spaces excluded),
/// `open..close` includes the marks (or runs to the paragraph end when unclosed).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Span {
    pub open: usize,
    pub start: usize,
    pub end: usize,
    pub close: usize,
    pub para: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct RawQuote {
    pub spans: Vec<Span>,
    pub unclosed: bool,
    /// Writer text between the parts of an interrupted quote (`"A," she said, "B."`).
    pub gaps: Vec<(usize, usize)>,
}

impl RawQuote {
    pub fn first(&self) -> Span {
        self.spans[0]
    }
    pub fn last(&self) -> Span {
        self.spans[self.spans.len() - 1]
    }
}

fn opener(c: char, prev: Option<char>, next: Option<char>) -> Option<Family> {
    let next_ok = next.is_some_and(|n| !n.is_whitespace());
    // `" We will…"`: some outlets put a space inside the marks; a straight mark with a space
    // on both sides opens a quote only where no quote is open.
    let spaced = next == Some(' ') && prev.is_none_or(char::is_whitespace);
    match c {
        '"' if next_ok || spaced => Some(Family::Straight),
        '“' => Some(Family::Curly),
        '„' => Some(Family::Low),
        '«' => Some(Family::Guillemet),
        '”' if next.is_some_and(char::is_alphanumeric) && prev.is_none_or(is_blank) => {
            Some(Family::RightOnly)
        }
        // `” there are…` opening a paragraph: nothing is open there for it to close.
        '”' if prev.is_none() && next == Some(' ') => Some(Family::RightOnly),
        // Not before a digit: ‘90s is an apostrophe.
        '‘' if next.is_some_and(char::is_alphabetic)
            && prev.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '—' | '–')) =>
        {
            Some(Family::Single)
        }
        _ => None,
    }
}

/// Whitespace, or an invisible formatting mark (a direction or zero-width mark) that
/// pasted text carries before a quote mark.
fn is_blank(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}' | '\u{FEFF}')
}

/// The characters that may open, close or nest a quotation.
fn is_quote_mark(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '«' | '»' | '‘' | '’')
}

/// The quote marks of `body` with their byte offsets. Only they move the scanner, so the
/// rest is skipped with memchr: `"` is ASCII and the others start with 0xC2 or 0xE2.
fn quote_marks(body: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    memchr::memchr3_iter(b'"', 0xC2, 0xE2, body.as_bytes()).filter_map(move |i| {
        char_at(body, i)
            .filter(|&c| is_quote_mark(c))
            .map(|c| (i, c))
    })
}

/// Trims whitespace from both ends of `start..end`.
fn trimmed(text: &str, start: usize, end: usize) -> (usize, usize) {
    let s = text.get(start..end).unwrap_or("");
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    (start + lead, start + lead + t.len())
}

struct Open {
    family: Family,
    depth: usize,
    open: usize,
    content: usize,
    /// Continues the quote pending from the previous paragraph.
    continues: bool,
}

/// Scans all paragraphs for quotations, in text order.
pub(crate) fn scan(text: &str, paragraphs: &[(usize, usize)]) -> Vec<RawQuote> {
    let mut out: Vec<RawQuote> = Vec::new();
    let mut pending: Option<RawQuote> = None;
    for (pi, &(ps, pe)) in paragraphs.iter().enumerate() {
        let Some(body) = text.get(ps..pe) else {
            continue;
        };
        work::add(body.len());
        let mut state: Option<Open> = None;
        for (off, c) in quote_marks(body) {
            let pos = ps + off;
            let prev = body.get(..off).and_then(|b| b.chars().next_back());
            let next = body
                .get(off + c.len_utf8()..)
                .and_then(|a| a.chars().next());
            let at_start = off == 0;
            match state.as_mut() {
                None => {
                    if let Some(family) = opener(c, prev, next) {
                        let continues = at_start && pending.is_some();
                        state = Some(Open {
                            family,
                            depth: 1,
                            open: pos,
                            content: pos + c.len_utf8(),
                            continues,
                        });
                    }
                }
                Some(st) => {
                    // A straight mark that looks like an opener (space before, text after)
                    // means the earlier mark was stray: restart the quote here.
                    if st.family == Family::Straight
                        && c == '"'
                        && prev.is_some_and(char::is_whitespace)
                        && next.is_some_and(|n| !n.is_whitespace())
                        && !st.continues
                    {
                        st.open = pos;
                        st.content = pos + 1;
                        continue;
                    }
                    let closes = match (st.family, c) {
                        (Family::Straight, '"') => true,
                        // `“It is odd,“ she said`: an opening mark after text and before
                        // a space or punctuation closes a quote that nests nothing.
                        (Family::Curly, '“')
                            if st.depth == 1
                                && prev.is_some_and(|p| matches!(p, ',' | '.' | '?' | '!'))
                                && next.is_none_or(char::is_whitespace) =>
                        {
                            true
                        }
                        // `“It is odd," she said`: mixed marks from a careless edit (only after the
                        // punctuation that ends a quotation, so nested "…" stay inside).
                        (Family::Curly, '"')
                            if st.depth == 1
                                && prev.is_some_and(|p| matches!(p, ',' | '.' | '?' | '!'))
                                && next.is_none_or(char::is_whitespace) =>
                        {
                            true
                        }
                        // `"It is odd,” she said`: the same careless mix the other way round
                        // (unless a curly quote opened inside, which this mark closes).
                        (Family::Straight, '”')
                            if prev.is_some_and(|p| matches!(p, ',' | '.' | '?' | '!'))
                                && next.is_none_or(char::is_whitespace)
                                && !text.get(st.content..pos).is_some_and(|q| q.contains('“')) =>
                        {
                            true
                        }
                        (Family::Curly, '“') | (Family::Guillemet, '«') => {
                            st.depth += 1;
                            false
                        }
                        (Family::Curly, '”') | (Family::Guillemet, '»') => {
                            st.depth -= 1;
                            st.depth == 0
                        }
                        (Family::Low, '“' | '”') | (Family::RightOnly, '”') => true,
                        (Family::Single, '’') => !next.is_some_and(char::is_alphanumeric),
                        _ => false,
                    };
                    if closes {
                        let (s, e) = trimmed(text, st.content, pos);
                        let span = Span {
                            open: st.open,
                            start: s,
                            end: e,
                            close: pos + c.len_utf8(),
                            para: pi,
                        };
                        let q = match (st.continues, pending.take()) {
                            (true, Some(mut p)) => {
                                p.spans.push(span);
                                p.unclosed = false;
                                p
                            }
                            (_, other) => {
                                if let Some(p) = other {
                                    out.push(p);
                                }
                                RawQuote {
                                    spans: vec![span],
                                    unclosed: false,
                                    gaps: Vec::new(),
                                }
                            }
                        };
                        if q.spans.iter().any(|s| s.end > s.start) {
                            out.push(q);
                        }
                        state = None;
                    }
                }
            }
        }
        // A paragraph that did not continue the pending quote ends it.
        let continuing = state.as_ref().is_some_and(|s| s.continues);
        if !continuing {
            if let Some(p) = pending.take() {
                out.push(p);
            }
        }
        if let Some(st) = state {
            let (s, e) = trimmed(text, st.content, pe);
            let span = Span {
                open: st.open,
                start: s,
                end: e,
                close: pe,
                para: pi,
            };
            let q = match (st.continues, pending.take()) {
                (true, Some(mut p)) => {
                    p.spans.push(span);
                    p
                }
                _ => RawQuote {
                    spans: vec![span],
                    unclosed: true,
                    gaps: Vec::new(),
                },
            };
            pending = Some(RawQuote {
                unclosed: true,
                ..q
            });
        }
    }
    if let Some(p) = pending {
        out.push(p);
    }
    out.retain(|q| q.spans.iter().any(|s| s.end > s.start));
    out.sort_by_key(|q| q.first().open);
    out
}

/// Joins `"A," she said, "B."` into one quote: the first part ends with a comma, the writer
/// text between is a short attribution clause with a speech cue ending in a comma.
pub(crate) fn merge_interrupted(text: &str, quotes: Vec<RawQuote>) -> Vec<RawQuote> {
    let mut out: Vec<RawQuote> = Vec::with_capacity(quotes.len());
    for q in quotes {
        if let Some(prev) = out.last_mut() {
            let a = prev.last();
            let b = q.first();
            if !prev.unclosed && a.para == b.para && is_interruption(text, a, b) {
                prev.gaps.push((a.close, b.open));
                prev.spans.extend(q.spans);
                prev.unclosed = q.unclosed;
                continue;
            }
        }
        out.push(q);
    }
    out
}

fn is_interruption(text: &str, a: Span, b: Span) -> bool {
    let Some(gap) = text.get(a.close..b.open) else {
        return false;
    };
    let inner = text.get(a.start..a.end).unwrap_or("");
    let gap_t = gap.trim();
    if gap.len() > 200 || !gap_t.ends_with(',') {
        return false;
    }
    if !(inner.ends_with(',') || gap_t.starts_with(',')) {
        return false;
    }
    if gap_t.contains(['!', '?', ';', ':', '"', '“', '”', '«', '»', '„']) {
        return false;
    }
    // A dot after a lowercase letter ends a sentence ("… she said. …").
    let mut prev = ' ';
    for c in gap_t.chars() {
        if c == '.' && prev.is_lowercase() {
            return false;
        }
        prev = c;
    }
    gap_t
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .any(cues::is_cue_word)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The paragraphs of `text`: blocks separated by a blank line.
    fn paragraphs(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = 0;
        for part in text.split("\n\n") {
            out.push((start, start + part.len()));
            start += part.len() + 2;
        }
        out
    }

    /// The quoted texts of every span of every quote found in `text`, merged as extraction
    /// merges them.
    fn found(text: &str) -> Vec<Vec<&str>> {
        merge_interrupted(text, scan(text, &paragraphs(text)))
            .iter()
            .map(|q| q.spans.iter().map(|s| &text[s.start..s.end]).collect())
            .collect()
    }

    #[test]
    fn a_straight_opener_may_close_with_a_curly_mark() {
        let text = "\"The road is late,\u{201d} said Ana Ruiz. \"It always is.\"";
        assert_eq!(
            found(text),
            [vec!["The road is late,"], vec!["It always is."]]
        );
        // A curly quote opened inside keeps its own closing mark.
        let text = "\"Ben was asleep. \u{201c}Here he is,\u{201d} she said.";
        assert!(found(text)
            .iter()
            .all(|q| q != &vec!["Ben was asleep. \u{201c}Here he is,"]));
    }

    #[test]
    fn straight_and_curly_marks_give_the_text_inside() {
        let text =
            "The mayor said \"the bridge opens in May\" and \u{201c}the road in June.\u{201d}";
        assert_eq!(
            found(text),
            [vec!["the bridge opens in May"], vec!["the road in June."]]
        );
    }

    #[test]
    fn spans_cover_the_marks_and_the_trimmed_text() {
        let text = "She said: \" We will build it , \" on Monday.";
        let quotes = scan(text, &paragraphs(text));
        assert_eq!(quotes.len(), 1);
        let s = quotes[0].first();
        // Spaces inside the marks are not part of the quote; the marks are part of the span.
        assert_eq!(&text[s.start..s.end], "We will build it ,");
        assert_eq!(&text[s.open..s.close], "\" We will build it , \"");
        assert!(!quotes[0].unclosed);
    }

    #[test]
    fn apostrophes_and_nested_single_quotes_are_not_quotes_of_their_own() {
        assert!(found("We\u{2019}re ready for the \u{2018}90s revival.").is_empty());
        let text = "\"He called the plan \u{2018}a trap\u{2019} twice,\" Lund wrote.";
        assert_eq!(
            found(text),
            [vec!["He called the plan \u{2018}a trap\u{2019} twice,"]]
        );
    }

    #[test]
    fn guillemets_nest_and_low_marks_close_with_a_high_one() {
        let text = "\u{ab}Il a dit \u{ab}non\u{bb} hier\u{bb} et \u{201e}ja bitte\u{201c}.";
        assert_eq!(
            found(text),
            [vec!["Il a dit \u{ab}non\u{bb} hier"], vec!["ja bitte"]]
        );
    }

    #[test]
    fn an_interrupted_quote_is_one_quote_with_a_gap() {
        let text = "\"We are ready,\" the envoy said, \"to talk at once.\"";
        let quotes = merge_interrupted(text, scan(text, &paragraphs(text)));
        assert_eq!(quotes.len(), 1);
        assert_eq!(quotes[0].spans.len(), 2);
        assert_eq!(
            quotes[0]
                .gaps
                .iter()
                .map(|&(a, b)| &text[a..b])
                .collect::<Vec<_>>(),
            [" the envoy said, "]
        );
        // Without a speech verb in between, the two stay apart.
        let text = "\"We are ready,\" the envoy, \"to talk at once.\"";
        assert_eq!(found(text).len(), 2);
        // Nor when the first part ends a sentence.
        let text = "\"We are ready.\" the envoy said, \"To talk.\"";
        assert_eq!(found(text).len(), 2);
    }

    #[test]
    fn an_unclosed_quote_ends_with_its_paragraph_or_continues_into_the_next() {
        let text = "\"We will stay here\n\nThe crowd left.";
        let quotes = scan(text, &paragraphs(text));
        assert_eq!(quotes.len(), 1);
        assert!(quotes[0].unclosed);
        assert_eq!(
            &text[quotes[0].first().start..quotes[0].first().end],
            "We will stay here"
        );

        // News style: a long quotation reopens each paragraph and closes only at its end.
        let text = "\"We will stay here\n\n\"and we will win.\" He left.";
        let quotes = scan(text, &paragraphs(text));
        assert_eq!(quotes.len(), 1);
        assert!(!quotes[0].unclosed);
        assert_eq!(quotes[0].spans.len(), 2);
        assert_eq!(quotes[0].last().para, 1);
    }

    #[test]
    fn a_stray_mark_is_dropped_for_the_real_opener() {
        // An inch mark opens nothing.
        let text = "A 5\" screen, he said \"it is too small\" today.";
        assert_eq!(found(text), [vec!["it is too small"]]);
        // A mark left open by a careless edit gives way to the next one that opens a quote.
        let text = "He wrote \"the end and then \"we will win\" later.";
        assert_eq!(found(text), [vec!["we will win"]]);
    }

    #[test]
    fn a_right_mark_opening_a_paragraph_opens_a_quote() {
        // Before a space, or after an invisible direction mark.
        let text = "Ten people came.\n\n\u{201d} there are many who never get heard.\u{201d}";
        assert_eq!(found(text), [vec!["there are many who never get heard."]]);
        let text = "\u{202a}\u{201d}Sorry, you should have stayed,\u{201d} wrote Ann.";
        assert_eq!(found(text), [vec!["Sorry, you should have stayed,"]]);
    }
}
