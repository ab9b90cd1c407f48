//! `stance evaluate`: a model on a labelled CSV, or K-fold cross-validation of settings.

use super::options::{resolve_columns, DataArgs, FeatureArgs, FitArgs, LoadedModel, ModelSource};
use super::progress::Progress;
use crate::eval::report::{peak_rss_mb, REPORT_VERSION};
use crate::eval::tune;
use crate::model::ModelSettings;
use crate::render::metrics_table;
use anyhow::{Context, Result};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct EvaluateArgs {
    #[command(flatten)]
    pub model: ModelSource,
    #[command(flatten)]
    pub data: DataArgs,
    /// Also write the JSON report (peers' schema + per-row predictions) to this file.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Also write a self-contained HTML page (metrics, per-label F1 bars, confusion heatmap).
    #[arg(long, value_name = "FILE", conflicts_with = "cv")]
    pub html: Option<PathBuf>,
    /// Instead of evaluating a model, run stratified K-fold cross-validation of the training
    /// settings below on --data.
    #[arg(long, value_name = "K")]
    pub cv: Option<usize>,
    /// Seed of the cross-validation shuffle.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    #[command(flatten)]
    pub features: FeatureArgs,
    #[command(flatten)]
    pub fit: FitArgs,
}

use crate::term::clean;

pub fn run(args: EvaluateArgs) -> Result<()> {
    // A report that cannot be written is refused before the work, not after.
    for path in args.json.iter().chain(&args.html) {
        crate::outfile::check(path, crate::outfile::Kind::Report, true)?;
    }
    match args.cv {
        Some(k) => cross_validate(&args, k),
        None => evaluate_model(&args),
    }
}

fn evaluate_model(args: &EvaluateArgs) -> Result<()> {
    let baseline = peak_rss_mb();
    let (model, version) = args.model.load_versioned()?;
    let sha256 = model.sha256();
    let LoadedModel {
        classifier, origin, ..
    } = model;
    let corpus = args.data.read_for_model(&classifier, &origin)?;
    let data_name = args.data.data.display().to_string();
    let mut report = crate::eval::evaluate(&classifier, &origin, &sha256, &corpus, &data_name);
    report.baseline_rss_mb = baseline;
    let prov = classifier.provenance();
    let names = classifier.labels();
    if let Some(path) = &args.json {
        let mut bytes = serde_json::to_vec_pretty(&report).context("serialising the report")?;
        bytes.push(b'\n');
        crate::outfile::write(path, &bytes, crate::outfile::Kind::Report, true)?;
    }
    let saved = match &version {
        Some(v) => {
            Some(v.save_report(&report, &args.data.data, crate::render::card::model_card)?)
        }
        None => None,
    };
    if let Some(path) = &args.html {
        let page = crate::render::html::evaluation_page(&report);
        crate::outfile::write(path, page.as_bytes(), crate::outfile::Kind::Report, true)?;
    }
    let mut out = std::io::stdout().lock();
    match &version {
        Some(v) => writeln!(
            out,
            "model  {} = {} (trained on {})",
            clean(&v.label()),
            clean(&origin),
            clean(&prov.data.path)
        )?,
        None => writeln!(
            out,
            "model  {} (trained on {})",
            clean(&origin),
            clean(&prov.data.path)
        )?,
    }
    writeln!(
        out,
        "data   {} ({} rows)",
        clean(&report.test),
        report.n_test
    )?;
    writeln!(out)?;
    write!(out, "{}", metrics_table::render(names, &report.metrics))?;
    if let Some(c) = &report.calibration {
        writeln!(
            out,
            "\ncalibration: Brier score {:.3}, expected calibration error {:.3} ({} bins)",
            c.brier, c.ece, c.bins
        )?;
    }
    if let Some(path) = &args.json {
        writeln!(out, "\nreport written to {}", crate::term::path(path))?;
    }
    if let Some(path) = &saved {
        writeln!(out, "report saved to {}", crate::term::path(path))?;
    }
    if let Some(path) = &args.html {
        writeln!(out, "html written to {}", crate::term::path(path))?;
    }
    Ok(())
}

fn cross_validate(args: &EvaluateArgs, k: usize) -> Result<()> {
    anyhow::ensure!(k >= 2, "--cv needs at least 2 folds, got {k}");
    let labels = args.features.label_set()?;
    let (mut analyzer, tfidf) = args.features.settings()?;
    let data = DataArgs {
        columns: resolve_columns(&mut analyzer, &args.data.columns)?,
        ..args.data.clone()
    };
    let settings = ModelSettings {
        analyzer,
        tfidf,
        params: args.fit.params()?,
    };
    let corpus = data.read(&labels)?;
    corpus.check_every_label_present(&labels)?;
    let counts = corpus.counts(labels.names().len());
    if let Some((i, &c)) = counts.iter().enumerate().find(|(_, &c)| c < k) {
        anyhow::bail!(
            "{}: label {:?} has {c} rows, fewer than the {k} folds; lower --cv",
            args.data.data.display(),
            labels.names()[i]
        );
    }
    let y = corpus.labels();
    let progress = Progress::bar(k as u64, "folds");
    let result = tune::cross_validate_with_progress(
        &corpus.documents(),
        &y,
        labels.names(),
        &[settings],
        k,
        args.seed,
        &progress.step(),
    )
    .context("cross-validation")?
    .remove(0);
    progress.finish();
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{k}-fold stratified cross-validation of {} ({} rows, seed {})",
        crate::term::path(&args.data.data),
        y.len(),
        args.seed
    )?;
    writeln!(out, "fold  train   test  accuracy  macro f1")?;
    for r in &result.folds {
        writeln!(
            out,
            "{:>4}  {:>5}  {:>5}  {:>8.3}  {:>8.3}{}",
            r.fold,
            r.n_train,
            r.n_test,
            r.accuracy,
            r.macro_f1,
            if r.converged { "" } else { "  (not converged)" }
        )?;
    }
    writeln!(
        out,
        "mean accuracy {:.3} ± {:.3}   macro f1 {:.3} ± {:.3}",
        result.accuracy_mean, result.accuracy_sd, result.macro_f1_mean, result.macro_f1_sd
    )?;
    if let Some(path) = &args.json {
        let report = serde_json::json!({
            "report_version": REPORT_VERSION,
            "system": format!("stance {}", env!("CARGO_PKG_VERSION")),
            "cv": k,
            "seed": args.seed,
            "data": args.data.data.display().to_string(),
            "data_sha256": corpus.sha256,
            "folds": result.folds,
            "accuracy_mean": result.accuracy_mean, "accuracy_sd": result.accuracy_sd,
            "macro_f1_mean": result.macro_f1_mean, "macro_f1_sd": result.macro_f1_sd,
        });
        let mut bytes = serde_json::to_vec_pretty(&report)?;
        bytes.push(b'\n');
        crate::outfile::write(path, &bytes, crate::outfile::Kind::Report, true)?;
        writeln!(out, "report written to {}", crate::term::path(path))?;
    }
    Ok(())
}
