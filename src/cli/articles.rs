//! Articles in, attributed (and, with a model, labelled) quotes out: shared by `predict PATH…`
//! and `quotes PATH…`. Articles are processed in parallel batches; output keeps input order.

use super::inputs::{ArticleInput, ArticleWalker};
use super::progress::Progress;
use crate::article::{extract, Extraction, Gazetteer, Limits, Quote};
use crate::corrections::Corrections;
use crate::features::TransformScratch;
use crate::model::{Classifier, TermWeight};
use crate::render::articles::{ArticleReport, ArticleWriter, LabelledQuote};
use crate::render::predictions::Format;
use crate::training_rows::TrainingRow;
use anyhow::{Context, Result};
use rayon::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Articles read and processed together (in parallel) before their output is written.
const BATCH: usize = 64;

/// What to do with each article.
pub struct ArticleJob<'a> {
    pub classifier: Option<&'a Classifier>,
    pub gazetteer: Gazetteer,
    pub limits: Limits,
    pub explain: Option<usize>,
    /// A person's fixes to speakers, parties and labels (`--corrections`).
    pub corrections: Option<&'a Corrections>,
    /// Keep every quote whose label was corrected as a training row (`--export-training`).
    pub export_training: bool,
}

/// Loads the built-in gazetteer, merged with a user's `--parties` file.
pub fn gazetteer(parties: Option<&Path>) -> Result<Gazetteer> {
    let mut g = Gazetteer::builtin();
    if let Some(path) = parties {
        let text =
            crate::input::read_to_string(path, crate::input::PARTIES).with_context(|| {
                format!(
                    "{}: cannot read the parties file; check the path",
                    path.display()
                )
            })?;
        g.merge_toml(&text)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    }
    Ok(g)
}

/// Every article under `paths`: files, directories (recursively), `-` for standard input.
pub fn walk(paths: &[PathBuf]) -> ArticleWalker {
    ArticleWalker::new(paths)
}

/// Runs `job` over every article of `inputs`, writing in `format` to `out`. Returns the
/// training rows of corrected labels when `job.export_training`, in input order.
pub fn run<W: Write>(
    job: &ArticleJob,
    inputs: impl Iterator<Item = Result<ArticleInput, String>>,
    format: Format,
    out: W,
    escape_formulas: bool,
) -> Result<Vec<TrainingRow>> {
    let labels = job.classifier.map(|c| c.labels().to_vec());
    let mut writer = ArticleWriter::new(out, format, labels, escape_formulas);
    if job.corrections.is_some() {
        writer = writer.with_corrected_column();
    }
    let mut exported = Vec::new();
    let mut walker = inputs;
    let mut failed = 0usize;
    let progress = Progress::counter("articles");
    loop {
        let batch: Vec<Result<ArticleInput, String>> = walker.by_ref().take(BATCH).collect();
        if batch.is_empty() {
            break;
        }
        progress.inc(batch.len() as u64);
        let reports: Vec<Result<(ArticleReport, Vec<TrainingRow>), String>> = batch
            .into_par_iter()
            .map_init(TransformScratch::default, |scratch, input| {
                input.and_then(|input| process(job, &input, scratch))
            })
            .collect();
        for report in reports {
            match report {
                Ok((r, rows)) => {
                    writer.write(&r)?;
                    exported.extend(rows);
                }
                Err(e) => {
                    crate::warn_clean!("error: {e}");
                    failed += 1;
                }
            }
        }
        writer.flush()?;
    }
    progress.finish();
    writer.finish()?;
    if let Some(c) = job.corrections {
        for warning in c.unused() {
            eprintln!("warning: {warning}");
        }
    }
    anyhow::ensure!(
        failed == 0,
        "{failed} article(s) could not be read (see above)"
    );
    Ok(exported)
}

fn process(
    job: &ArticleJob,
    input: &ArticleInput,
    scratch: &mut TransformScratch,
) -> Result<(ArticleReport, Vec<TrainingRow>), String> {
    let name = input.name();
    let (text, cut, invalid) = input
        .read_text(job.limits.max_text_bytes)
        .map_err(|e| format!("{name}: cannot read: {e}"))?;
    Ok(process_text(job, name, &text, cut, invalid, scratch))
}

/// Extracts and labels the quotes of an article already read (`cut`: only its start was
/// read; `invalid`: invalid UTF-8 was replaced), warning about either. Also returns the
/// training rows of its corrected labels when `job.export_training`.
pub(super) fn process_text(
    job: &ArticleJob,
    name: String,
    text: &str,
    cut: bool,
    invalid: bool,
    scratch: &mut TransformScratch,
) -> (ArticleReport, Vec<TrainingRow>) {
    if invalid {
        crate::warn_clean!("warning: {name}: invalid UTF-8 replaced with U+FFFD");
    }
    let mut extraction: Extraction = extract(text, &job.gazetteer, &job.limits);
    // Cut when read, or longer than the limit once decoded (each invalid byte becomes a 3-byte
    // U+FFFD): either way only the start was processed, and the summary's `truncated` says so.
    extraction.truncated |= cut;
    if extraction.truncated {
        crate::warn_clean!(
            "warning: {name}: longer than {} bytes; only the start was read",
            job.limits.max_text_bytes
        );
    }
    if extraction.quotes_dropped > 0 {
        crate::warn_clean!(
            "warning: {name}: more than {} quotes; {} were not processed",
            job.limits.max_quotes,
            extraction.quotes_dropped
        );
    }
    let labels: &[String] = job.classifier.map_or(&[], |c| c.labels());
    let mut rows = Vec::new();
    let quotes = extraction
        .quotes
        .iter_mut()
        .map(|q| {
            // Corrected parties are in place before the model marks the target party.
            let applied = job
                .corrections
                .map(|c| c.apply(&name, q, labels))
                .unwrap_or_default();
            let mut l = label_quote(job, q, scratch);
            if let Some(i) = applied.label {
                l.label = Some(i);
                if job.export_training {
                    rows.push(TrainingRow::of_quote(&name, text, q, &labels[i]));
                }
            }
            l.corrected = applied.fields;
            l
        })
        .collect();
    (
        ArticleReport {
            article: name,
            extraction,
            quotes,
        },
        rows,
    )
}

fn label_quote(job: &ArticleJob, quote: &Quote, scratch: &mut TransformScratch) -> LabelledQuote {
    let Some(classifier) = job.classifier else {
        return LabelledQuote::default();
    };
    // A target-marking model marks the quote's mention of its target party, when it names
    // it (as `--target-col` does for CSV rows); otherwise the text is scored as it is.
    let target = match (&quote.target_party, classifier.target_window()) {
        (Some(party), Some(_)) => job.gazetteer.first_mention_of(&quote.text, party),
        _ => None,
    };
    let row = classifier
        .vectorizer()
        .transform_one_with_target(&quote.text, target, scratch);
    let p = classifier.predict_row(&row);
    let coverage = scratch.coverage().share();
    let top_terms: Option<Vec<TermWeight>> = job
        .explain
        .map(|n| classifier.explain_text(&quote.text, target, p.label, n, scratch));
    LabelledQuote {
        label: Some(p.label),
        probabilities: p.probabilities,
        coverage: Some(coverage),
        top_terms,
        corrected: Vec::new(),
    }
}
