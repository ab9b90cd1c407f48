//! Feature stage: analyzer (text → terms), TF-IDF (terms → weighted sparse rows).
pub mod analyzer;
mod cache;
pub mod context;
pub mod document;
pub mod lexicon;
mod mentions;
mod ngrams;
mod sinks;
pub mod sparse;
mod stop_words;
mod stream;
pub mod term_hash;
pub mod tfidf;
mod tokenize;
mod vocabulary;

pub use analyzer::{Analyzer, AnalyzerSettings};
pub use document::{Document, Targeted};
pub use lexicon::Lexicon;
pub use sparse::{CsrMatrix, SparseRow};
pub use tfidf::{TfidfSettings, TfidfVectorizer, TransformScratch};
