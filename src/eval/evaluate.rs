//! Evaluating a model on a labelled corpus: predictions for every row, metrics, timing and
//! the identities of the model and data, as one report.

use super::report::{peak_rss_mb, ModelIdentity, Throughput, REPORT_VERSION};
use super::{compute_metrics, EvalReport, RowPrediction};
use crate::corpus::Corpus;
use crate::model::Classifier;
use std::collections::BTreeMap;
use std::time::Instant;

/// Scores `model` on `corpus`: predictions for every row, metrics, timing and identities.
/// `origin` names the model (a path, `NAME@vN`, or "(built-in default)"), `model_sha256` is the
/// SHA-256 of its file, `data_name` names the evaluated file.
pub fn evaluate(
    model: &Classifier,
    origin: &str,
    model_sha256: &str,
    corpus: &Corpus,
    data_name: &str,
) -> EvalReport {
    let baseline = peak_rss_mb();
    let started = Instant::now();
    let texts = corpus.documents();
    let predictions = model.predict_texts(&texts);
    let predict_seconds = started.elapsed().as_secs_f64();
    let truth = corpus.labels();
    let pred: Vec<usize> = predictions.iter().map(|p| p.label).collect();
    let names = model.labels();
    let metrics = compute_metrics(names, &truth, &pred);
    let probabilities: Vec<Vec<f64>> = predictions
        .iter()
        .map(|p| p.probabilities.clone())
        .collect();
    let calibration = Some(super::calibration::calibration(&truth, &probabilities, 15));
    let rows = corpus
        .examples
        .iter()
        .zip(&predictions)
        .map(|(e, p)| RowPrediction {
            line: e.line,
            text: e.text.clone(),
            label: names[e.label].clone(),
            predicted: names[p.label].clone(),
            probabilities: names
                .iter()
                .cloned()
                .zip(p.probabilities.iter().copied())
                .collect(),
        })
        .collect();
    let prov = model.provenance();
    let n = corpus.examples.len();
    EvalReport {
        report_version: REPORT_VERSION,
        system: format!("stance {}", env!("CARGO_PKG_VERSION")),
        params: serde_json::json!({
            "analyzer": model.vectorizer().analyzer().settings(),
            "tfidf": model.vectorizer().settings(),
            "train": prov.params,
            "n_features": model.vectorizer().n_features(),
        }),
        versions: BTreeMap::from([("stance".to_string(), env!("CARGO_PKG_VERSION").to_string())]),
        train: prov.data.path.clone(),
        test: data_name.to_string(),
        n_train: prov.data.rows,
        n_test: n,
        labels: names.to_vec(),
        metrics,
        calibration,
        train_seconds: prov.train_seconds,
        predict_seconds,
        throughput: Throughput {
            rows: n,
            seconds: predict_seconds,
            rows_per_second: (predict_seconds > 0.0).then(|| n as f64 / predict_seconds),
            repeats: 1,
            all_seconds: vec![predict_seconds],
        },
        baseline_rss_mb: baseline,
        peak_rss_mb: peak_rss_mb(),
        data_sha256: corpus.sha256.clone(),
        model: ModelIdentity {
            path: origin.to_string(),
            sha256: model_sha256.to_string(),
            train_data_sha256: prov.data.sha256.clone(),
        },
        predictions: rows,
    }
}
