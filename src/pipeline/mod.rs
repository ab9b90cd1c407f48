//! The article pipeline, the library's main use: one article in; its quotations out, each
//! attributed (speaker, speaker's party, target party), labelled and explained when a
//! classifier is given, with the tone summary per directed pair of parties and any warnings.
//!
//! ```
//! use stance::article::{Gazetteer, Limits};
//! use stance::model::file::load;
//! use stance::pipeline::{analyse, Article, Settings};
//!
//! let text = "BRUSSELS — The talks resumed on Tuesday.\n\n\
//!     \"We came here to find an agreement, and we will stay until we have one,\" \
//!     said Lena Varga, a spokeswoman for the European Union.";
//! let gazetteer = Gazetteer::builtin();
//! let classifier = load("models/default.json".as_ref()).expect("the shipped model");
//! let settings = Settings::new(&gazetteer, Some(&classifier), Limits::default()).explaining(3)?;
//! let report = analyse(Article::from_text("talks.txt", text), &settings);
//!
//! let quote = &report.extraction.quotes[0];
//! assert_eq!(quote.speaker, "Lena Varga");
//! assert_eq!(quote.speaker_party.as_deref(), Some("European Union"));
//! let verdict = &report.quotes[0];
//! let label = &classifier.labels()[verdict.label.expect("a label")];
//! assert!(["conciliatory", "hostile", "neutral"].contains(&label.as_str()));
//! assert_eq!(verdict.top_terms.as_ref().map(Vec::len), Some(3));
//! assert_eq!(report.tone.expect("a summary").pairs[0].from, "European Union");
//! assert!(report.warnings.is_empty());
//! # Ok::<(), stance::pipeline::Error>(())
//! ```

mod report;
mod warning;

pub use report::{ArticleReport, LabelledQuote};
pub use warning::{Error, Warning};

use crate::article::{extract, read_article_vec, Gazetteer, Limits, Quote};
use crate::corrections::Corrections;
use crate::features::{Targeted, TransformScratch};
use crate::model::Classifier;
use crate::tone::{summarise, LabelledParties};
use std::cell::RefCell;

/// How to analyse articles: the parties to know, the classifier (None only extracts), the
/// limits, and optionally explanations and a person's corrections.
#[derive(Clone, Copy)]
pub struct Settings<'a> {
    gazetteer: &'a Gazetteer,
    classifier: Option<&'a Classifier>,
    limits: Limits,
    explain: Option<usize>,
    corrections: Option<&'a Corrections>,
}

impl<'a> Settings<'a> {
    /// Extraction with `gazetteer` within `limits`, labelled by `classifier` when given.
    pub fn new(
        gazetteer: &'a Gazetteer,
        classifier: Option<&'a Classifier>,
        limits: Limits,
    ) -> Self {
        Self {
            gazetteer,
            classifier,
            limits,
            explain: None,
            corrections: None,
        }
    }

    /// Also names the `top` terms that pushed hardest toward each quote's label.
    pub fn explaining(mut self, top: usize) -> Result<Self, Error> {
        if self.classifier.is_none() {
            return Err(Error::ExplainWithoutClassifier);
        }
        self.explain = Some(top);
        Ok(self)
    }

    /// Applies a person's corrections (speakers, parties, labels) to the quotes they match;
    /// corrected parties are in place before the classifier marks the target party.
    pub fn correcting(mut self, corrections: Option<&'a Corrections>) -> Self {
        self.corrections = corrections;
        self
    }

    /// The labels quotes are given (the classifier's), empty when only extracting.
    pub fn labels(&self) -> &'a [String] {
        self.classifier.map_or(&[], |c| c.labels())
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    pub fn classifier(&self) -> Option<&'a Classifier> {
        self.classifier
    }

    pub fn corrections(&self) -> Option<&'a Corrections> {
        self.corrections
    }
}

/// One article to analyse: its name and its text, decoded.
#[derive(Debug, Clone)]
pub struct Article {
    name: String,
    text: String,
    cut: bool,
    invalid_utf8: bool,
}

impl Article {
    /// An article given as plain text.
    pub fn from_text(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            text: text.into(),
            cut: false,
            invalid_utf8: false,
        }
    }

    /// An article as read: `bytes` are decoded (invalid UTF-8 is replaced, with a warning)
    /// and, with `html`, stripped of their markup. `cut`: only the start was read, which the
    /// report's `truncated` and a warning say.
    pub fn from_bytes(name: impl Into<String>, bytes: Vec<u8>, html: bool, cut: bool) -> Self {
        let (text, invalid_utf8) = read_article_vec(bytes, html);
        Self {
            name: name.into(),
            text,
            cut,
            invalid_utf8,
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }
}

thread_local! {
    /// Each thread's featurising buffers, reused from one article to the next (articles are
    /// analysed in parallel, one per thread at a time).
    static SCRATCH: RefCell<TransformScratch> = RefCell::default();
}

/// Finds, attributes and (with a classifier) labels and explains the quotations of
/// `article`, and sums up the tone between parties. Deterministic: the same article and
/// settings give the same report on any thread.
pub fn analyse(article: Article, settings: &Settings) -> ArticleReport {
    let Article {
        name,
        text,
        cut,
        invalid_utf8,
    } = article;
    let mut warnings = Vec::new();
    if invalid_utf8 {
        warnings.push(Warning::InvalidUtf8);
    }
    let mut extraction = extract(&text, settings.gazetteer, &settings.limits);
    // Cut when read, or longer than the limit once decoded (each invalid byte becomes a 3-byte
    // U+FFFD): either way only the start was processed, and the summary's `truncated` says so.
    extraction.truncated |= cut;
    if extraction.truncated {
        warnings.push(Warning::Truncated {
            max_bytes: settings.limits.max_text_bytes,
        });
    }
    if extraction.quotes_dropped > 0 {
        warnings.push(Warning::QuotesDropped {
            max_quotes: settings.limits.max_quotes,
            dropped: extraction.quotes_dropped,
        });
    }
    let labels = settings.labels();
    let context_words = settings.classifier.and_then(|c| c.context_words());
    let mut sentences = crate::article::WriterSentences::new(&text);
    let quotes: Vec<LabelledQuote> = with_scratch(|scratch| {
        extraction
            .quotes
            .iter_mut()
            .map(|q| {
                let applied = settings
                    .corrections
                    .map(|c| c.apply(&name, q, labels))
                    .unwrap_or_default();
                // A model that reads context gets the sentence around each quote within its
                // word limit.
                let context = context_words
                    .filter(|&n| crate::features::context::is_short(&q.text, n))
                    .and_then(|_| sentences.context(q));
                let mut l = label_quote(settings, q, context.as_deref(), scratch);
                if let Some(i) = applied.label {
                    l.label = Some(i);
                }
                l.corrected = applied.fields;
                l
            })
            .collect()
    });
    let tone = settings
        .classifier
        .map(|c| tone_summary(&extraction.quotes, &quotes, c.labels()));
    ArticleReport {
        article: name,
        text,
        extraction,
        quotes,
        tone,
        warnings,
    }
}

/// Runs `f` with this thread's scratch, or a fresh one if it is in use.
fn with_scratch<T>(f: impl FnOnce(&mut TransformScratch) -> T) -> T {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => f(&mut scratch),
        Err(_) => f(&mut TransformScratch::default()),
    })
}

fn label_quote(
    settings: &Settings,
    quote: &Quote,
    context: Option<&str>,
    scratch: &mut TransformScratch,
) -> LabelledQuote {
    let Some(classifier) = settings.classifier else {
        return LabelledQuote::default();
    };
    // A target-marking model marks the quote's mention of its target party, when it names
    // it (as `--target-col` does for CSV rows); otherwise the text is scored as it is.
    let target = match (&quote.target_party, classifier.target_window()) {
        (Some(party), Some(_)) => settings.gazetteer.first_mention_of(&quote.text, party),
        _ => None,
    };
    let doc = Targeted {
        text: &quote.text,
        target,
        context,
    };
    let row = classifier.vectorizer().transform_doc(doc, scratch);
    let p = classifier.predict_row(&row);
    let coverage = scratch.coverage().share();
    let top_terms = settings
        .explain
        .map(|n| classifier.explain_text(doc, p.label, n, scratch));
    LabelledQuote {
        label: Some(p.label),
        probabilities: p.probabilities,
        coverage: Some(coverage),
        top_terms,
        corrected: Vec::new(),
    }
}

/// The tone summary of the labelled quotes (`verdicts` parallel to `quotes`).
fn tone_summary(
    quotes: &[Quote],
    verdicts: &[LabelledQuote],
    labels: &[String],
) -> crate::tone::ToneSummary {
    summarise(
        quotes.iter().zip(verdicts).filter_map(|(q, l)| {
            let label = labels.get(l.label?)?;
            Some(LabelledParties {
                speaker_party: q.speaker_party.as_deref(),
                target_party: q.target_party.as_deref(),
                label,
            })
        }),
        crate::tone::has_tone_labels(labels),
    )
}

#[cfg(test)]
mod tests;
