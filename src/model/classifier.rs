//! The fitted classifier: vectorizer + weights → probabilities for every label.

use super::calibrate;
use super::objective::log_sum_exp;
use super::params::ParamsError;
use super::params::{TrainParams, ValidTrainParams};
use super::trainer::{self, Convergence, TrainError};
use crate::corpus::{Corpus, LabelSet};
use crate::features::{
    AnalyzerSettings, CsrMatrix, Document, SparseRow, Targeted, TfidfSettings, TfidfVectorizer,
    TransformScratch,
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
    /// Column holding each row's target, when the model marks targets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_col: Option<String>,
    /// Rows skipped by `--skip-invalid`.
    #[serde(default)]
    pub skipped_rows: usize,
    /// Every file when the model was trained on several (`path` then joins their names and
    /// `sha256` is the digest of their digests); empty for one file, whose name and digest
    /// are `path` and `sha256`, so single-file model files are as before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<DataFile>,
}

/// One of several training files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataFile {
    /// As given on the command line.
    pub path: String,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
    /// Rows read from it.
    pub rows: usize,
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

/// The most probable label of every row of `x` under weights (d × k) and intercepts.
pub(crate) fn predict_labels(x: &CsrMatrix, weights: &[f64], intercepts: &[f64]) -> Vec<usize> {
    (0..x.n_rows())
        .map(|r| {
            let (idx, val) = x.row(r);
            let z = logits(weights, intercepts, idx, val);
            // Ties go to the first label, as in `predict_row`.
            (0..z.len()).fold(0, |best, c| if z[c] > z[best] { c } else { best })
        })
        .collect()
}

/// Raw scores b + x·W of one sparse row (W is d × k, row-major).
fn logits(weights: &[f64], intercepts: &[f64], indices: &[u32], values: &[f64]) -> Vec<f64> {
    // A fixed-size score vector lives in registers; two or three labels is the common case.
    match *intercepts {
        [b0, b1] => add_rows(weights, indices, values, [b0, b1]).to_vec(),
        [b0, b1, b2] => add_rows(weights, indices, values, [b0, b1, b2]).to_vec(),
        _ => add_rows(weights, indices, values, intercepts.to_vec()),
    }
}

/// `z` plus the weight rows of `indices`, each scaled by its value.
fn add_rows<Z: AsMut<[f64]>>(weights: &[f64], indices: &[u32], values: &[f64], mut z: Z) -> Z {
    let scores = z.as_mut();
    let k = scores.len();
    for (&j, &v) in indices.iter().zip(values) {
        let wj = &weights[j as usize * k..][..k];
        scores.iter_mut().zip(wj).for_each(|(zc, w)| *zc += v * w);
    }
    z
}

/// Logits of held-out rows and their true labels.
type HeldOut = (Vec<Vec<f64>>, Vec<usize>);

/// Logits of every training row from a model that did not see it (K folds, fitted in
/// parallel; fold results are joined in fold order, so the outcome is deterministic).
fn out_of_fold_logits<S: Document + Sync>(
    texts: &[S],
    y: &[usize],
    n_labels: usize,
    analyzer: &AnalyzerSettings,
    tfidf: &TfidfSettings,
    params: &ValidTrainParams,
    k: usize,
) -> Result<HeldOut, FitError> {
    let folds = crate::eval::cv::stratified_folds(y, n_labels, k, CALIBRATION_SEED);
    let per_fold: Vec<Result<HeldOut, FitError>> = (0..k)
        .into_par_iter()
        .map(|fold| {
            let (train, held): (Vec<usize>, Vec<usize>) =
                (0..y.len()).partition(|&i| folds[i] != fold);
            let train_texts: Vec<Targeted> =
                train.iter().map(|&i| Targeted::of(&texts[i])).collect();
            let train_y: Vec<usize> = train.iter().map(|&i| y[i]).collect();
            let (v, x) =
                TfidfVectorizer::fit_transform(analyzer.clone(), tfidf.clone(), &train_texts)?;
            let fitted = trainer::fit(&x, &train_y, n_labels, params)?;
            let model = Classifier {
                labels: vec![String::new(); n_labels],
                vectorizer: v,
                weights: fitted.weights,
                intercepts: fitted.intercepts,
                temperature: 1.0,
                provenance: Provenance::placeholder(),
            };
            let held_texts: Vec<Targeted> = held.iter().map(|&i| Targeted::of(&texts[i])).collect();
            let xh = model.vectorizer.transform(&held_texts);
            let logits = (0..xh.n_rows())
                .map(|r| {
                    let (idx, val) = xh.row(r);
                    model.logits(idx, val)
                })
                .collect();
            Ok((logits, held.iter().map(|&i| y[i]).collect()))
        })
        .collect();
    let mut logits = Vec::with_capacity(y.len());
    let mut truth = Vec::with_capacity(y.len());
    for fold in per_fold {
        let (l, t) = fold?;
        logits.extend(l);
        truth.extend(t);
    }
    Ok((logits, truth))
}

/// How explanations name the lexicon's class terms ("lexicon:NEG").
pub const LEXICON_TERM: &str = "lexicon:";

/// Folds of the calibration cross-validation are drawn with this seed.
const CALIBRATION_SEED: u64 = 0x7e49;

/// Texts per parallel task in `predict_texts`: a fixed size, so results never depend on
/// the thread count.
const PREDICT_CHUNK: usize = 256;

impl Provenance {
    /// For internal models that are never saved (calibration folds).
    fn placeholder() -> Self {
        Self {
            stance_version: String::new(),
            params: TrainParams::default(),
            convergence: Convergence {
                converged: true,
                iterations: 0,
                reason: String::new(),
                final_cost: 0.0,
                gradient_norm: 0.0,
                gradient_tolerance: 0.0,
            },
            data: TrainingData {
                path: String::new(),
                sha256: String::new(),
                rows: 0,
                rows_per_label: BTreeMap::new(),
                text_col: String::new(),
                label_col: String::new(),
                target_col: None,
                skipped_rows: 0,
                files: Vec::new(),
            },
            train_seconds: None,
        }
    }
}

/// A trained model.
#[derive(Debug)]
pub struct Classifier {
    labels: Vec<String>,
    vectorizer: TfidfVectorizer,
    /// d × k, row-major: weight of feature j for label c at j·k + c.
    weights: Vec<f64>,
    intercepts: Vec<f64>,
    /// Logits are divided by this before the softmax (1 = as fitted); see `model::calibrate`.
    temperature: f64,
    provenance: Provenance,
}

/// A label and its probabilities.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    pub label: usize,
    pub probabilities: Vec<f64>,
    /// Share of the text's word tokens the model knows (a unigram weight or a lexicon
    /// entry); 0 when unknown (a row featurised elsewhere) or for a text without words.
    pub coverage: f64,
}

/// Below this coverage a prediction is flagged `low_coverage`: the model knows too few of
/// the words to be trusted, whatever its probabilities say.
pub const LOW_COVERAGE: f64 = 0.5;

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
    /// Featurises `texts` and fits the weights. `y[i]` indexes `labels`. Texts with a target
    /// (`Targeted`) have its mentions marked when `analyzer.target_window` is set.
    pub fn fit<S: Document + Sync>(
        texts: &[S],
        y: &[usize],
        labels: Vec<String>,
        analyzer: AnalyzerSettings,
        tfidf: TfidfSettings,
        params: TrainParams,
        data: TrainingData,
    ) -> Result<Self, FitError> {
        let params: ValidTrainParams = params.check(labels.len())?;
        let temperature = match params.calibration_folds {
            Some(k) => {
                let mut counts = vec![0usize; labels.len()];
                y.iter().for_each(|&c| counts[c] += 1);
                if let Some((c, &rows)) = counts.iter().enumerate().find(|(_, &n)| n < k) {
                    return Err(ParamsError::TooManyCalibrationFolds {
                        folds: k,
                        label: labels[c].clone(),
                        rows,
                    }
                    .into());
                }
                let (logits, truth) =
                    out_of_fold_logits(texts, y, labels.len(), &analyzer, &tfidf, &params, k)?;
                calibrate::fit_temperature(&logits, &truth)
            }
            None => 1.0,
        };
        let (vectorizer, x) = TfidfVectorizer::fit_transform(analyzer, tfidf, texts)?;
        let fitted = trainer::fit(&x, y, labels.len(), &params)?;
        Ok(Self {
            labels,
            vectorizer,
            weights: fitted.weights,
            intercepts: fitted.intercepts,
            temperature,
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
            target_col: corpus
                .target_col
                .clone()
                .filter(|_| settings.analyzer.target_window.is_some()),
            skipped_rows: corpus.skipped,
            files: Vec::new(),
        };
        Self::fit(
            &corpus.documents(),
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
        temperature: f64,
        provenance: Provenance,
    ) -> Self {
        Self {
            labels,
            vectorizer,
            weights,
            intercepts,
            temperature,
            provenance,
        }
    }

    pub fn temperature(&self) -> f64 {
        self.temperature
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

    /// Records the files of a model trained on several (see [`TrainingData::files`]).
    pub fn set_data_files(&mut self, files: Vec<DataFile>) {
        self.provenance.data.files = if files.len() > 1 { files } else { Vec::new() };
    }

    pub fn set_train_seconds(&mut self, seconds: Option<f64>) {
        self.provenance.train_seconds = seconds;
    }

    /// Probabilities of every label for one featurised row.
    pub fn predict_row(&self, row: &SparseRow) -> Prediction {
        self.predict_slices(&row.indices, &row.values)
    }

    /// Featurises and classifies `texts` (marking their targets if the model does), in
    /// parallel over fixed chunks, in input order. No matrix is built: each worker reuses
    /// one row's buffers, so this is the fast path for labelling a stream.
    pub fn predict_texts<S: Document + Sync>(&self, texts: &[S]) -> Vec<Prediction> {
        let label_chunk = |(scratch, row): &mut (TransformScratch, SparseRow), part: &[S]| {
            part.iter()
                .map(|t| {
                    self.vectorizer
                        .transform_one_into(t.text(), t.target(), scratch, row);
                    let mut p = self.predict_slices(&row.indices, &row.values);
                    p.coverage = scratch.coverage().share();
                    p
                })
                .collect::<Vec<_>>()
        };
        // One chunk (a --text, a short file) or one thread needs no thread pool: the texts
        // stay in this core's cache, and the word cache is this thread's.
        if texts.len() <= PREDICT_CHUNK || rayon::current_num_threads() == 1 {
            return label_chunk(&mut Default::default(), texts);
        }
        texts
            .par_chunks(PREDICT_CHUNK)
            .map_init(Default::default, label_chunk)
            .flatten_iter()
            .collect()
    }

    /// Raw scores (before temperature and softmax) of one row.
    fn logits(&self, indices: &[u32], values: &[f64]) -> Vec<f64> {
        logits(&self.weights, &self.intercepts, indices, values)
    }

    fn predict_slices(&self, indices: &[u32], values: &[f64]) -> Prediction {
        // The logits become the probabilities in place: one allocation per row.
        let mut probabilities = self.logits(indices, values);
        if self.temperature != 1.0 {
            probabilities
                .iter_mut()
                .for_each(|v| *v /= self.temperature);
        }
        let lse = log_sum_exp(&probabilities);
        probabilities.iter_mut().for_each(|v| *v = (*v - lse).exp());
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
            coverage: 0.0,
        }
    }

    /// Featurises and classifies one text.
    pub fn predict_text(
        &self,
        text: &str,
        scratch: &mut TransformScratch,
    ) -> (SparseRow, Prediction) {
        let row = self.vectorizer.transform_one(text, scratch);
        let mut prediction = self.predict_row(&row);
        prediction.coverage = scratch.coverage().share();
        (row, prediction)
    }

    /// Target marking's window if the model marks targets (see `AnalyzerSettings`).
    pub fn target_window(&self) -> Option<usize> {
        self.vectorizer.analyzer().settings().target_window
    }

    /// [`Classifier::explain`] for `text` (featurised again), with the lexicon's class terms
    /// named by the words behind them: `lexicon:NEG (bullying, foolish)`.
    pub fn explain_text(
        &self,
        text: &str,
        target: Option<&str>,
        label: usize,
        top: usize,
        scratch: &mut TransformScratch,
    ) -> Vec<TermWeight> {
        let row = self
            .vectorizer
            .transform_one_with_target(text, target, scratch);
        let mut terms = self.explain(&row, label, top);
        if terms.iter().any(|t| t.term.starts_with(LEXICON_TERM)) {
            let words = self.vectorizer.lexicon_words(text, target, scratch);
            for t in &mut terms {
                let negative = match t.term.strip_prefix(LEXICON_TERM) {
                    Some("NEG") => true,
                    Some(_) => false,
                    None => continue,
                };
                let mut named: Vec<&str> = Vec::new();
                for (w, level) in &words {
                    if (*level < 0) == negative && !named.contains(&w.as_str()) {
                        named.push(w);
                    }
                }
                if !named.is_empty() {
                    t.term = format!("{} ({})", t.term, named.join(", "));
                }
            }
        }
        terms
    }

    /// The `top` terms of `row` that pushed hardest toward `label`, relative to the other
    /// labels' average weight (a term every label likes equally explains nothing). The
    /// lexicon's class terms of one sign count as one term, `lexicon:POS` or `lexicon:NEG`
    /// (their levels are one word's strength, not separate reasons).
    pub fn explain(&self, row: &SparseRow, label: usize, top: usize) -> Vec<TermWeight> {
        let k = self.labels.len();
        let mut lexicon = [0.0f64; 2];
        let mut contributions: Vec<TermWeight> = Vec::new();
        for (j, v) in row.iter() {
            let wj = &self.weights[j * k..(j + 1) * k];
            let others = if k > 1 {
                (wj.iter().sum::<f64>() - wj[label]) / (k - 1) as f64
            } else {
                0.0
            };
            let weight = v * (wj[label] - others);
            let term = &self.vectorizer.terms()[j];
            match term.strip_prefix(crate::features::lexicon::LEXICON_PREFIX) {
                Some(class) => lexicon[usize::from(class.starts_with("POS"))] += weight,
                None => contributions.push(TermWeight {
                    term: term.clone(),
                    weight,
                }),
            }
        }
        for (sign, weight) in ["NEG", "POS"].into_iter().zip(lexicon) {
            if weight != 0.0 {
                contributions.push(TermWeight {
                    term: format!("{LEXICON_TERM}{sign}"),
                    weight,
                });
            }
        }
        contributions.retain(|t| t.weight > 0.0);
        contributions.sort_by(|a, b| {
            b.weight
                .total_cmp(&a.weight)
                .then_with(|| a.term.cmp(&b.term))
        });
        contributions.truncate(top);
        contributions
    }
}
