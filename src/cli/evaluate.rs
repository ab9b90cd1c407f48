//! `stance evaluate`: a model on a labelled CSV, or K-fold cross-validation of settings.

use super::options::{DataArgs, FeatureArgs, FitArgs, LoadedModel, ModelSource};
use crate::corpus::LabelSet;
use crate::eval::compute_metrics;
use crate::eval::cv::{mean_sd, stratified_folds};
use crate::eval::report::{peak_rss_mb, REPORT_VERSION};
use crate::model::classifier::TrainingData;
use crate::model::{file, Classifier};
use crate::render::metrics_table;
use anyhow::{Context, Result};
use clap::Args;
use std::collections::BTreeMap;
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

pub fn run(args: EvaluateArgs) -> Result<()> {
    match args.cv {
        Some(k) => cross_validate(&args, k),
        None => evaluate_model(&args),
    }
}

fn evaluate_model(args: &EvaluateArgs) -> Result<()> {
    let baseline = peak_rss_mb();
    let (
        LoadedModel {
            classifier,
            origin,
            sha256,
        },
        version,
    ) = args.model.load_versioned()?;
    let labels = LabelSet::from_vec(classifier.labels().to_vec());
    let corpus = args.data.read(&labels)?;
    let data_name = args.data.data.display().to_string();
    let mut report = crate::eval::evaluate(&classifier, &origin, &sha256, &corpus, &data_name);
    report.baseline_rss_mb = baseline;
    let prov = classifier.provenance();
    let names = classifier.labels();
    if let Some(path) = &args.json {
        let mut bytes = serde_json::to_vec_pretty(&report).context("serialising the report")?;
        bytes.push(b'\n');
        file::write_atomic(path, &bytes, true)?;
    }
    let saved = match &version {
        Some(v) => Some(v.save_report(&report, &args.data.data)?),
        None => None,
    };
    if let Some(path) = &args.html {
        let page = crate::render::html::evaluation_page(&report);
        file::write_atomic(path, page.as_bytes(), true)?;
    }
    let mut out = std::io::stdout().lock();
    match &version {
        Some(v) => writeln!(
            out,
            "model  {} = {origin} (trained on {})",
            v.label(),
            prov.data.path
        )?,
        None => writeln!(out, "model  {origin} (trained on {})", prov.data.path)?,
    }
    writeln!(out, "data   {} ({} rows)", report.test, report.n_test)?;
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
        writeln!(out, "\nreport written to {}", path.display())?;
    }
    if let Some(path) = &saved {
        writeln!(out, "report saved to {}", path.display())?;
    }
    if let Some(path) = &args.html {
        writeln!(out, "html written to {}", path.display())?;
    }
    Ok(())
}

/// Per-fold results of cross-validation, for the JSON report.
#[derive(serde::Serialize)]
struct FoldResult {
    fold: usize,
    n_train: usize,
    n_test: usize,
    accuracy: f64,
    macro_f1: f64,
    converged: bool,
}

fn cross_validate(args: &EvaluateArgs, k: usize) -> Result<()> {
    anyhow::ensure!(k >= 2, "--cv needs at least 2 folds, got {k}");
    let labels = args.features.label_set()?;
    let (analyzer, tfidf) = args.features.settings()?;
    let params = args.fit.params()?;
    let corpus = args.data.read(&labels)?;
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
    let folds = stratified_folds(&y, labels.names().len(), k, args.seed);
    let mut results = Vec::new();
    for fold in 0..k {
        let train_rows: Vec<usize> = (0..y.len()).filter(|&i| folds[i] != fold).collect();
        let test_rows: Vec<usize> = (0..y.len()).filter(|&i| folds[i] == fold).collect();
        let texts: Vec<&str> = train_rows
            .iter()
            .map(|&i| corpus.examples[i].text.as_str())
            .collect();
        let fold_y: Vec<usize> = train_rows.iter().map(|&i| y[i]).collect();
        let data = TrainingData {
            path: format!("{} (fold {})", args.data.data.display(), fold + 1),
            sha256: corpus.sha256.clone(),
            rows: texts.len(),
            rows_per_label: BTreeMap::new(),
            text_col: args.data.text_col.clone(),
            label_col: args.data.label_col.clone(),
            skipped_rows: 0,
        };
        let model = Classifier::fit(
            &texts,
            &fold_y,
            labels.names().to_vec(),
            analyzer.clone(),
            tfidf.clone(),
            params.clone(),
            data,
        )
        .with_context(|| format!("training fold {}", fold + 1))?;
        let test_texts: Vec<&str> = test_rows
            .iter()
            .map(|&i| corpus.examples[i].text.as_str())
            .collect();
        let x = model.vectorizer().transform(&test_texts);
        let pred: Vec<usize> = model.predict_matrix(&x).iter().map(|p| p.label).collect();
        let truth: Vec<usize> = test_rows.iter().map(|&i| y[i]).collect();
        let m = compute_metrics(labels.names(), &truth, &pred);
        results.push(FoldResult {
            fold: fold + 1,
            n_train: train_rows.len(),
            n_test: test_rows.len(),
            accuracy: m.accuracy,
            macro_f1: m.macro_f1,
            converged: model.provenance().convergence.converged,
        });
    }
    let (f1_mean, f1_sd) = mean_sd(&results.iter().map(|r| r.macro_f1).collect::<Vec<_>>());
    let (acc_mean, acc_sd) = mean_sd(&results.iter().map(|r| r.accuracy).collect::<Vec<_>>());
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{k}-fold stratified cross-validation of {} ({} rows, seed {})",
        args.data.data.display(),
        y.len(),
        args.seed
    )?;
    writeln!(out, "fold  train   test  accuracy  macro f1")?;
    for r in &results {
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
        "mean accuracy {acc_mean:.3} ± {acc_sd:.3}   macro f1 {f1_mean:.3} ± {f1_sd:.3}"
    )?;
    if let Some(path) = &args.json {
        let report = serde_json::json!({
            "report_version": REPORT_VERSION,
            "system": format!("stance {}", env!("CARGO_PKG_VERSION")),
            "cv": k,
            "seed": args.seed,
            "data": args.data.data.display().to_string(),
            "data_sha256": corpus.sha256,
            "folds": results,
            "accuracy_mean": acc_mean, "accuracy_sd": acc_sd,
            "macro_f1_mean": f1_mean, "macro_f1_sd": f1_sd,
        });
        let mut bytes = serde_json::to_vec_pretty(&report)?;
        bytes.push(b'\n');
        file::write_atomic(path, &bytes, true)?;
        writeln!(out, "report written to {}", path.display())?;
    }
    Ok(())
}
