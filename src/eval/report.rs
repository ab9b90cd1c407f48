//! The evaluation report: the peers' JSON schema (`../shared/peers/common.py`) plus per-row
//! predictions and the evaluated data's SHA-256, so versions can be compared row by row.

use super::metrics::Metrics;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Bumped when fields change meaning.
pub const REPORT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Throughput {
    pub rows: usize,
    pub seconds: f64,
    pub rows_per_second: Option<f64>,
    pub repeats: usize,
    pub all_seconds: Vec<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelIdentity {
    /// Where the model came from: a path, or "(built-in default)".
    pub path: String,
    /// SHA-256 of the model file's bytes.
    pub sha256: String,
    /// SHA-256 of the data the model was trained on.
    pub train_data_sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowPrediction {
    /// 1-based line of the row in the evaluated file.
    pub line: u64,
    pub text: String,
    pub label: String,
    pub predicted: String,
    pub probabilities: BTreeMap<String, f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvalReport {
    pub report_version: u32,
    pub system: String,
    pub params: serde_json::Value,
    pub versions: BTreeMap<String, String>,
    /// Training data path as recorded in the model.
    pub train: String,
    pub test: String,
    pub n_train: usize,
    pub n_test: usize,
    pub labels: Vec<String>,
    #[serde(flatten)]
    pub metrics: Metrics,
    /// Brier score and expected calibration error (absent in reports of older versions).
    #[serde(default)]
    pub calibration: Option<super::calibration::Calibration>,
    pub train_seconds: Option<f64>,
    pub predict_seconds: f64,
    pub throughput: Throughput,
    pub baseline_rss_mb: f64,
    pub peak_rss_mb: f64,
    pub data_sha256: String,
    pub model: ModelIdentity,
    pub predictions: Vec<RowPrediction>,
}

/// Peak resident memory of this process in MB (Linux `VmHWM`; 0 where unavailable).
pub fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}
