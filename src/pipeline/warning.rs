//! What can go wrong: warnings (the article was still analysed, in part) and errors (the
//! settings cannot be used).

use std::fmt;

/// Something the user should know about one article's analysis. Each says what happened
/// without naming the article (the caller knows which one it is).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Warning {
    /// The article was not valid UTF-8; the bad bytes became U+FFFD.
    InvalidUtf8,
    /// The article was longer than the limit; only its first `max_bytes` were analysed.
    Truncated { max_bytes: usize },
    /// The article had more than `max_quotes` quotes; `dropped` were left out.
    QuotesDropped { max_quotes: usize, dropped: usize },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::InvalidUtf8 => f.write_str("invalid UTF-8 replaced with U+FFFD"),
            Warning::Truncated { max_bytes } => {
                write!(f, "longer than {max_bytes} bytes; only the start was read")
            }
            Warning::QuotesDropped {
                max_quotes,
                dropped,
            } => write!(
                f,
                "more than {max_quotes} quotes; {dropped} were not processed"
            ),
        }
    }
}

/// Why [`super::Settings`] cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// Explanations name the terms behind a label; with no classifier there is none.
    #[error("explanations need a classifier: give a model, or do not ask for explanations")]
    ExplainWithoutClassifier,
}
