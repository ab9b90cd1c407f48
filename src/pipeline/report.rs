//! What the pipeline returns for one article: its quotes, each with the model's verdict, the
//! tone summary, and the warnings met on the way.

use super::Warning;
use crate::article::Extraction;
use crate::model::{TermWeight, LOW_COVERAGE};
use crate::tone::ToneSummary;
use crate::training_rows::TrainingRow;

/// How [`crate::corrections::Corrections::apply`] names a corrected label.
const LABEL_FIELD: &str = "label";

/// The model's verdict on one quote (empty when only extracting).
#[derive(Debug, Clone, Default)]
pub struct LabelledQuote {
    /// Index into the classifier's labels; None without a classifier.
    pub label: Option<usize>,
    /// One per label, in the classifier's order; empty without a classifier.
    pub probabilities: Vec<f64>,
    /// Share of the quote's words the model knows (see `Prediction::coverage`).
    pub coverage: Option<f64>,
    /// The terms that pushed hardest toward the label, when explanations were asked for.
    pub top_terms: Option<Vec<TermWeight>>,
    /// Fields a person corrected (`--corrections`); empty when none.
    pub corrected: Vec<&'static str>,
}

impl LabelledQuote {
    /// Whether the model knows too little of the quote to be trusted.
    pub fn low_coverage(&self) -> bool {
        self.coverage.is_some_and(|c| c < LOW_COVERAGE)
    }
}

/// Everything found in one article.
#[derive(Debug, Clone)]
pub struct ArticleReport {
    /// The article's name, as given (a path, or a JSON line's `article`).
    pub article: String,
    /// The text the quotes' byte offsets point into (HTML already stripped of its markup).
    pub text: String,
    pub extraction: Extraction,
    /// Parallel to `extraction.quotes`.
    pub quotes: Vec<LabelledQuote>,
    /// Counts and tone per party and directed pair; None without a classifier.
    pub tone: Option<ToneSummary>,
    /// What the caller may want to tell the user, in the order met.
    pub warnings: Vec<Warning>,
}

impl ArticleReport {
    /// Every quote whose label a person corrected, as a training row with that label;
    /// `labels` are the classifier's.
    pub fn corrected_label_rows(&self, labels: &[String]) -> Vec<TrainingRow> {
        self.extraction
            .quotes
            .iter()
            .zip(&self.quotes)
            .filter(|(_, l)| l.corrected.contains(&LABEL_FIELD))
            .filter_map(|(q, l)| {
                let label = labels.get(l.label?)?;
                Some(TrainingRow::of_quote(&self.article, &self.text, q, label))
            })
            .collect()
    }
}
