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

/// Every sentence of `text` (byte ranges, in order), split as extraction splits them: where
/// the writer's sentence around a quote is read from.
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for paragraph in segment::paragraphs(text) {
        segment::sentences(text, paragraph, &mut out);
    }
    out
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
