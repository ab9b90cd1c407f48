//! Article extraction: reads a news article, finds every quotation, who said it, the
//! speaker's party and the party the quote targets.
//!
//! Pipeline: [`read_article_bytes`] (bytes/HTML → text) → paragraphs and sentences →
//! quote marks → attribution (cues, pronouns, introductions) → parties ([`Gazetteer`]).

mod attribute;
mod credit;
mod cues;
mod extract;
mod parties;
mod people;
mod phrase;
mod quotes;
mod reader;
mod segment;
mod speaker;
mod target;
mod text;
mod work;

pub use extract::{extract, Extraction, Limits, Quote, QuoteKind};
pub use parties::{Gazetteer, PartiesError};
pub use reader::{read_article_bytes, read_article_vec};
pub use work::{reset_scan_steps, scan_steps};

use text::{ceil_boundary, floor_boundary};

/// How far before and after its quote a writer's context reaches at most, in bytes.
const CONTEXT_REACH_BYTES: usize = 1_000;

/// Finds the writer's sentences around the quotes of one text, in any order. The sentences
/// of the last line read are kept, so the quotes of one paragraph (or of a text with no line
/// breaks at all) split it once rather than once each.
pub struct WriterSentences<'t> {
    text: &'t str,
    /// The line last split (start, end), when it was one line (a span over several lines
    /// is split afresh: one of its lines alone may split differently), and its sentences.
    line: (usize, usize),
    sentences: Vec<(usize, usize)>,
}

impl<'t> WriterSentences<'t> {
    pub fn new(text: &'t str) -> Self {
        Self {
            text,
            line: (usize::MAX, 0),
            sentences: Vec::new(),
        }
    }

    /// The writer's sentence(s) holding bytes `start..end` of the text (a quote's span),
    /// split as extraction splits sentences; None when no sentence overlaps it (or an offset
    /// is off a character boundary). Only the lines (paragraphs) the span lies in are read.
    pub fn sentence(&mut self, start: usize, end: usize) -> Option<&'t str> {
        let text = self.text;
        if !(self.line.0 <= start && end <= self.line.1) {
            let before = text.get(..start)?;
            let after = text.get(end..)?;
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            let line_end = after.find('\n').map_or(text.len(), |i| end + i);
            let line = &text[line_start..line_end];
            let lead = line.len() - line.trim_start().len();
            let paragraph = (line_start + lead, line_start + lead + line.trim().len());
            self.sentences.clear();
            segment::sentences(text, paragraph, &mut self.sentences);
            self.line = if line.contains('\n') {
                (usize::MAX, 0)
            } else {
                (line_start, line_end)
            };
        }
        text.get(start..end)?;
        let first = self.sentences.partition_point(|&(_, e)| e <= start);
        let last = self.sentences.partition_point(|&(s, _)| s < end);
        if first >= last {
            return None;
        }
        text.get(self.sentences[first].0..self.sentences[last - 1].1)
    }

    /// The writer's context of `quote`: its sentence (at most [`CONTEXT_REACH_BYTES`] either
    /// side of it), with an interrupted quote's parts joined at the first part (`"We will,"
    /// he said, "fight."` becomes `"We will fight." he said, ""`), so the quote's words can be
    /// cut out whole and only the writer's words remain.
    pub fn context(&mut self, quote: &Quote) -> Option<std::borrow::Cow<'t, str>> {
        let text = self.text;
        let sentence = self.sentence(quote.start, quote.end)?;
        // Byte offsets of the sentence (a slice of `text`), cut near the quote: a sentence
        // that never ends is not read whole for each of its quotes.
        let at = sentence.as_ptr() as usize - text.as_ptr() as usize;
        let from = at.max(floor_boundary(
            text,
            quote.start.saturating_sub(CONTEXT_REACH_BYTES),
        ));
        let to = (at + sentence.len()).min(ceil_boundary(
            text,
            quote.end.saturating_add(CONTEXT_REACH_BYTES),
        ));
        let [first, .., last] = quote.spans[..] else {
            return text.get(from..to).map(Into::into);
        };
        let mut joined = String::with_capacity(to.saturating_sub(from) + quote.text.len());
        joined.push_str(text.get(from..first.0)?);
        joined.push_str(&quote.text);
        for pair in quote.spans.windows(2) {
            joined.push(' ');
            joined.push_str(text.get(pair[0].1..pair[1].0)?);
        }
        joined.push_str(text.get(last.1..to)?);
        Some(joined.into())
    }
}

/// A hash map with a fast hasher, for lookups that run per token or per quote. Fixed seeds
/// keep any iteration order the same from run to run.
type FastMap<K, V> = std::collections::HashMap<K, V, ahash::RandomState>;

fn fast_map<K, V>() -> FastMap<K, V> {
    fast_map_with_capacity(0)
}

/// [`fast_map`] with room for `capacity` entries, for maps filled per sentence or quote:
/// growing them step by step rehashes every entry each time.
fn fast_map_with_capacity<K, V>(capacity: usize) -> FastMap<K, V> {
    FastMap::with_capacity_and_hasher(capacity, ahash::RandomState::with_seeds(31, 32, 33, 34))
}
