//! The fitted classifier: vectorizer + weights → probabilities for every label.

use super::objective::log_sum_exp;
use super::params::{TrainParams, ValidTrainParams};
use super::trainer::{self, Convergence, TrainError};
use crate::corpus::{Corpus, LabelSet};
use crate::features::{
    AnalyzerSettings, CsrMatrix, SparseRow, TfidfSettings, TfidfVectorizer, TransformScratch,
};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where a model's training data came from, so a model can be traced and reproduced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainingData {
    /// The data file as given on the command line.
    pub path: String,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
    pub rows: usize,
    pub rows_per_label: BTreeMap<String, usize>,
    pub text_col: String,
    pub label_col: String,
    /// Rows skipped by `--skip-invalid`.
    #[serde(default)]
    pub skipped_rows: usize,
}

/// Everything about how a model was made, besides its weights.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    pub stance_version: String,
    pub params: TrainParams,
    pub convergence: Convergence,
    pub data: TrainingData,
    /// Wall-clock training time; `None` in reproducible builds (`--reproducible`).
    pub train_seconds: Option<f64>,
}

/// Every setting that decides a model besides its data: what `--config` files hold.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelSettings {
    pub analyzer: AnalyzerSettings,
    pub tfidf: TfidfSettings,
    pub params: TrainParams,
}

/// A trained model.
#[derive(Debug)]
pub struct Classifier {
    labels: Vec<String>,
    vectorizer: TfidfVectorizer,
    /// d × k, row-major: weight of feature j for label c at j·k + c.
    weights: Vec<f64>,
    intercepts: Vec<f64>,
    provenance: Provenance,
}

/// A label and its probabilities.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    pub label: usize,
    pub probabilities: Vec<f64>,
}

/// A term's contribution (tf-idf value × weight) toward a label.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TermWeight {
    pub term: String,
    pub weight: f64,
}

/// Why a classifier could not be trained.
#[derive(Debug, thiserror::Error)]
pub enum FitError {
    #[error(transparent)]
    Features(#[from] crate::features::tfidf::TfidfError),
    #[error(transparent)]
    Params(#[from] super::params::ParamsError),
    #[error(transparent)]
    Train(#[from] TrainError),
}

impl Classifier {
    /// Featurises `texts` and fits the weights. `y[i]` indexes `labels`.
    pub fn fit<S: AsRef<str> + Sync>(
        texts: &[S],
        y: &[usize],
        labels: Vec<String>,
        analyzer: AnalyzerSettings,
        tfidf: TfidfSettings,
        params: TrainParams,
        data: TrainingData,
    ) -> Result<Self, FitError> {
        let params: ValidTrainParams = params.check(labels.len())?;
        let (vectorizer, x) = TfidfVectorizer::fit_transform(analyzer, tfidf, texts)?;
        let fitted = trainer::fit(&x, y, labels.len(), &params)?;
        Ok(Self {
            labels,
            vectorizer,
            weights: fitted.weights,
            intercepts: fitted.intercepts,
            provenance: Provenance {
                stance_version: env!("CARGO_PKG_VERSION").to_string(),
                params: (*params).clone(),
                convergence: fitted.convergence,
                data,
                train_seconds: None,
            },
        })
    }

    /// Trains on a labelled corpus, recording where the data came from. `data_path` is the
    /// file as the user named it.
    pub fn fit_corpus(
        corpus: &Corpus,
        labels: &LabelSet,
        data_path: &str,
        columns: (&str, &str),
        settings: &ModelSettings,
    ) -> Result<Self, FitError> {
        let counts = corpus.counts(labels.names().len());
        let data = TrainingData {
            path: data_path.to_string(),
            sha256: corpus.sha256.clone(),
            rows: corpus.examples.len(),
            rows_per_label: labels.names().iter().cloned().zip(counts).collect(),
            text_col: columns.0.to_string(),
            label_col: columns.1.to_string(),
            skipped_rows: corpus.skipped,
        };
        Self::fit(
            &corpus.texts(),
            &corpus.labels(),
            labels.names().to_vec(),
            settings.analyzer.clone(),
            settings.tfidf.clone(),
            settings.params.clone(),
            data,
        )
    }

    /// The settings this model was trained with.
    pub fn settings(&self) -> ModelSettings {
        ModelSettings {
            analyzer: self.vectorizer.analyzer().settings().clone(),
            tfidf: self.vectorizer.settings().clone(),
            params: self.provenance.params.clone(),
        }
    }

    /// Assembles a classifier from validated parts (used by the model file loader).
    pub(crate) fn from_parts(
        labels: Vec<String>,
        vectorizer: TfidfVectorizer,
        weights: Vec<f64>,
        intercepts: Vec<f64>,
        provenance: Provenance,
    ) -> Self {
        Self {
            labels,
            vectorizer,
            weights,
            intercepts,
            provenance,
        }
    }

    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    pub fn vectorizer(&self) -> &TfidfVectorizer {
        &self.vectorizer
    }

    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    pub fn intercepts(&self) -> &[f64] {
        &self.intercepts
    }

    pub fn provenance(&self) -> &Provenance {
        &self.provenance
    }

    pub fn set_train_seconds(&mut self, seconds: Option<f64>) {
        self.provenance.train_seconds = seconds;
    }

    /// Probabilities of every label for one featurised row.
    pub fn predict_row(&self, row: &SparseRow) -> Prediction {
        self.predict_slices(&row.indices, &row.values)
    }

    /// Predictions for every row of `x`, in parallel, in row order.
    pub fn predict_matrix(&self, x: &CsrMatrix) -> Vec<Prediction> {
        (0..x.n_rows())
            .into_par_iter()
            .map(|r| {
                let (idx, val) = x.row(r);
                self.predict_slices(idx, val)
            })
            .collect()
    }

    fn predict_slices(&self, indices: &[u32], values: &[f64]) -> Prediction {
        let k = self.labels.len();
        let mut z = self.intercepts.clone();
        for (&j, &v) in indices.iter().zip(values) {
            let j = j as usize;
            let wj = &self.weights[j * k..(j + 1) * k];
            z.iter_mut().zip(wj).for_each(|(zc, w)| *zc += v * w);
        }
        let lse = log_sum_exp(&z);
        let probabilities: Vec<f64> = z.iter().map(|v| (v - lse).exp()).collect();
        // Ties go to the first label, so results never depend on float noise ordering.
        let label = probabilities.iter().enumerate().fold(0, |best, (c, &p)| {
            if p > probabilities[best] {
                c
            } else {
                best
            }
        });
        Prediction {
            label,
            probabilities,
        }
    }

    /// Featurises and classifies one text.
    pub fn predict_text(
        &self,
        text: &str,
        scratch: &mut TransformScratch,
    ) -> (SparseRow, Prediction) {
        let row = self.vectorizer.transform_one(text, scratch);
        let prediction = self.predict_row(&row);
        (row, prediction)
    }

    /// The `top` terms of `row` that pushed hardest toward `label`, relative to the other
    /// labels' average weight (a term every label likes equally explains nothing).
    pub fn explain(&self, row: &SparseRow, label: usize, top: usize) -> Vec<TermWeight> {
        let k = self.labels.len();
        let mut contributions: Vec<TermWeight> = row
            .iter()
            .map(|(j, v)| {
                let wj = &self.weights[j * k..(j + 1) * k];
                let others = if k > 1 {
                    (wj.iter().sum::<f64>() - wj[label]) / (k - 1) as f64
                } else {
                    0.0
                };
                TermWeight {
                    term: self.vectorizer.terms()[j].clone(),
                    weight: v * (wj[label] - others),
                }
            })
            .filter(|t| t.weight > 0.0)
            .collect();
        contributions.sort_by(|a, b| {
            b.weight
                .total_cmp(&a.weight)
                .then_with(|| a.term.cmp(&b.term))
        });
        contributions.truncate(top);
        contributions
    }
}
