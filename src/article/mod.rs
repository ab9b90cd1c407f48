//! Article extraction: reads a news article, finds every quotation, who said it, the
//! speaker's party and the party the quote targets.
//!
//! Pipeline: [`read_article_bytes`] (bytes/HTML → text) → paragraphs and sentences →
//! quote marks → attribution (cues, pronouns, introductions) → parties ([`Gazetteer`]).

mod attribute;
mod cues;
mod extract;
mod parties;
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
pub use reader::read_article_bytes;
pub use work::{reset_scan_steps, scan_steps};
