//! Articles in, attributed (and, with a model, labelled) quotes out: shared by `predict PATH…`
//! and `quotes PATH…`. Articles are processed in parallel batches; output keeps input order.

use super::inputs::{ArticleInput, ArticleWalker};
use super::progress::Progress;
use crate::article::{Gazetteer, Limits};
use crate::corrections::Corrections;
use crate::model::Classifier;
use crate::pipeline::{analyse, ArticleReport, Settings};
use crate::render::articles::ArticleWriter;
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
    pub settings: Settings<'a>,
    /// Keep every quote whose label was corrected as a training row (`--export-training`).
    pub export_training: bool,
}

/// What labelling articles with a model needs besides the model, read from the flags
/// `predict` and `report` share (`--parties`, `--corrections`, `--max-bytes`).
pub struct ArticleSetup {
    gazetteer: Gazetteer,
    corrections: Option<Corrections>,
    limits: Limits,
}

impl ArticleSetup {
    /// Reads the parties and corrections files; `labels` are the model's (a correction
    /// names one of them).
    pub fn read(
        parties: Option<&Path>,
        corrections: Option<&Path>,
        labels: &[String],
        max_bytes: usize,
    ) -> Result<Self> {
        let corrections = corrections
            .map(|p| Corrections::read(p, labels))
            .transpose()
            .map_err(anyhow::Error::msg)?;
        Ok(Self {
            gazetteer: gazetteer(parties)?,
            corrections,
            limits: Limits {
                max_text_bytes: max_bytes,
                ..Limits::default()
            },
        })
    }

    /// The pipeline's settings for labelling with `classifier`.
    pub fn settings<'a>(&'a self, classifier: &'a Classifier) -> Settings<'a> {
        Settings::new(&self.gazetteer, Some(classifier), self.limits)
            .correcting(self.corrections.as_ref())
    }
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
    let labels = job.settings.labels();
    let model_labels = job.settings.classifier().map(|c| c.labels().to_vec());
    let mut writer = ArticleWriter::new(out, format, model_labels, escape_formulas);
    if job.settings.corrections().is_some() {
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
        let reports: Vec<Result<ArticleReport, String>> = batch
            .into_par_iter()
            .map(|input| input.and_then(|input| read_and_analyse(&job.settings, &input)))
            .collect();
        for report in reports {
            match report {
                Ok(r) => {
                    warn(&r);
                    writer.write(&r)?;
                    if job.export_training {
                        exported.extend(r.corrected_label_rows(labels));
                    }
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
    if let Some(c) = job.settings.corrections() {
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

fn read_and_analyse(settings: &Settings, input: &ArticleInput) -> Result<ArticleReport, String> {
    let article = input
        .read_article(settings.limits().max_text_bytes)
        .map_err(|e| format!("{}: cannot read: {e}", input.name()))?;
    Ok(analyse(article, settings))
}

/// Prints the warnings of an article's analysis, naming it.
pub fn warn(report: &ArticleReport) {
    for w in &report.warnings {
        crate::warn_clean!("warning: {}: {w}", report.article);
    }
}
