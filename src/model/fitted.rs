//! The fitted model: vectorizer + weights (+ a temperature if calibrated) → scores for every
//! label. It knows label indices only; names and provenance are the [`Classifier`]'s.
//!
//! [`Classifier`]: super::Classifier

use super::objective::log_sum_exp;
use super::trainer::{Convergence, FittedWeights};
use crate::features::{CsrMatrix, Document, TfidfVectorizer};

/// What [`ValidModelSettings::fit`](super::ValidModelSettings::fit) returns: the vectorizer,
/// the weights and the temperature, with no label names.
#[derive(Debug)]
pub struct FittedModel {
    vectorizer: TfidfVectorizer,
    weights: FittedWeights,
    /// Logits are divided by this before the softmax (1 = as fitted); see `model::calibrate`.
    temperature: f64,
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

impl FittedModel {
    /// Assembles a fitted model from its parts (the fitter, and the model file loader, which
    /// has checked the shapes: `weights` is d × k for the vectorizer's d features).
    pub(crate) fn from_parts(
        vectorizer: TfidfVectorizer,
        weights: FittedWeights,
        temperature: f64,
    ) -> Self {
        Self {
            vectorizer,
            weights,
            temperature,
        }
    }

    pub fn vectorizer(&self) -> &TfidfVectorizer {
        &self.vectorizer
    }

    /// d × k, row-major: weight of feature j for label c at j·k + c.
    pub fn weights(&self) -> &[f64] {
        &self.weights.weights
    }

    pub fn intercepts(&self) -> &[f64] {
        &self.weights.intercepts
    }

    pub fn temperature(&self) -> f64 {
        self.temperature
    }

    /// The same model with another temperature (see `calibrate`): labels never change.
    pub(crate) fn with_temperature(self, temperature: f64) -> Self {
        Self {
            temperature,
            ..self
        }
    }

    /// What the optimiser did.
    pub fn convergence(&self) -> &Convergence {
        &self.weights.convergence
    }

    /// Number of labels scored.
    pub fn n_labels(&self) -> usize {
        self.weights.intercepts.len()
    }

    /// Raw scores b + x·W (before temperature and softmax) of one featurised row.
    pub fn logits(&self, indices: &[u32], values: &[f64]) -> Vec<f64> {
        self.weights.logits(indices, values)
    }

    /// Raw scores of every text (featurised by this model's vectorizer), in order.
    pub fn logits_of<S: Document + Sync>(&self, texts: &[S]) -> Vec<Vec<f64>> {
        let x = self.vectorizer.transform(texts);
        (0..x.n_rows())
            .map(|r| {
                let (idx, val) = x.row(r);
                self.logits(idx, val)
            })
            .collect()
    }

    /// Probabilities of every label for one featurised row (temperature, then softmax).
    pub fn predict_proba(&self, indices: &[u32], values: &[f64]) -> Vec<f64> {
        // The logits become the probabilities in place: one allocation per row.
        let mut probabilities = self.logits(indices, values);
        if self.temperature != 1.0 {
            probabilities
                .iter_mut()
                .for_each(|v| *v /= self.temperature);
        }
        let lse = log_sum_exp(&probabilities);
        probabilities.iter_mut().for_each(|v| *v = (*v - lse).exp());
        probabilities
    }

    /// The most probable label and every label's probability for one featurised row
    /// (coverage 0: the row's words are not known here).
    pub fn predict(&self, indices: &[u32], values: &[f64]) -> Prediction {
        let probabilities = self.predict_proba(indices, values);
        Prediction {
            label: first_max(&probabilities),
            probabilities,
            coverage: 0.0,
        }
    }
}

impl FittedWeights {
    /// Raw scores b + x·W of one sparse row.
    pub fn logits(&self, indices: &[u32], values: &[f64]) -> Vec<f64> {
        let weights = &self.weights;
        // A fixed-size score vector lives in registers; two or three labels is the common case.
        match *self.intercepts {
            [b0, b1] => add_rows(weights, indices, values, [b0, b1]).to_vec(),
            [b0, b1, b2] => add_rows(weights, indices, values, [b0, b1, b2]).to_vec(),
            _ => add_rows(weights, indices, values, self.intercepts.clone()),
        }
    }

    /// The most probable label of every row of `x`.
    pub fn predict_labels(&self, x: &CsrMatrix) -> Vec<usize> {
        (0..x.n_rows())
            .map(|r| {
                let (idx, val) = x.row(r);
                first_max(&self.logits(idx, val))
            })
            .collect()
    }
}

/// Index of the largest value; ties go to the first, so results never depend on float noise
/// ordering.
fn first_max(values: &[f64]) -> usize {
    (0..values.len()).fold(0, |best, c| if values[c] > values[best] { c } else { best })
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
