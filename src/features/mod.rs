//! Feature stage: analyzer (text → terms), TF-IDF (terms → weighted sparse rows).
pub mod analyzer;
pub mod document;
pub mod lexicon;
pub mod sparse;
pub mod term_hash;
pub mod tfidf;

pub use analyzer::{Analyzer, AnalyzerSettings};
pub use document::{Document, Targeted};
pub use lexicon::Lexicon;
pub use sparse::{CsrMatrix, SparseRow};
pub use tfidf::{TfidfSettings, TfidfVectorizer, TransformScratch};
