//! The fitted classifier: vectorizer + weights → probabilities for every label.

use super::fitted::FittedModel;
pub use super::fitted::Prediction;
use super::params::TrainParams;
pub use super::settings::{FitError, ModelSettings};
use super::trainer::Convergence;
use crate::corpus::{Corpus, LabelSet};
use crate::features::{Document, SparseRow, Targeted, TfidfVectorizer, TransformScratch};
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
    /// Column holding the writer's sentence around each quote, when the model reads context.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_col: Option<String>,
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
    /// Where the temperature came from when `stance calibrate` refitted it on other data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calibration: Option<Recalibration>,
}

/// A temperature refitted after training (`stance calibrate`) on the user's labelled rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recalibration {
    /// The labelled file the temperature was fitted on.
    pub data: DataFile,
    /// The temperature before (1 for an uncalibrated model).
    pub previous_temperature: f64,
    /// The temperature fitted (the model's own, repeated so a card can show both).
    pub temperature: f64,
}

/// How explanations name the lexicon's class terms ("lexicon:NEG").
pub const LEXICON_TERM: &str = "lexicon:";

/// Texts per parallel task in `predict_texts`: a fixed size, so results never depend on
/// the thread count.
const PREDICT_CHUNK: usize = 256;

impl Provenance {
    /// The provenance of a model fitted now by this build (no training time recorded).
    pub fn new(params: TrainParams, convergence: Convergence, data: TrainingData) -> Self {
        Self {
            stance_version: env!("CARGO_PKG_VERSION").to_string(),
            params,
            convergence,
            data,
            train_seconds: None,
            calibration: None,
        }
    }
}

/// A trained model: a fitted model with its label names and where it came from.
#[derive(Debug)]
pub struct Classifier {
    labels: Vec<String>,
    fitted: FittedModel,
    provenance: Provenance,
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

impl Classifier {
    /// Names the labels of `fitted` (`labels[c]` for label index c) and records its
    /// provenance. Fails when the number of names is not the number of labels fitted.
    pub fn new(
        fitted: FittedModel,
        labels: Vec<String>,
        provenance: Provenance,
    ) -> Result<Self, FitError> {
        if labels.len() != fitted.n_labels() {
            return Err(FitError::Labels {
                labels: labels.len(),
                fitted: fitted.n_labels(),
            });
        }
        Ok(Self {
            labels,
            fitted,
            provenance,
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
            context_col: corpus
                .context_col
                .clone()
                .filter(|_| settings.analyzer.context_words.is_some()),
            skipped_rows: corpus.skipped,
            files: Vec::new(),
        };
        let valid = settings.clone().check(labels.names())?;
        let fitted = valid.fit(&corpus.documents(), &corpus.labels())?;
        let provenance =
            Provenance::new(settings.params.clone(), fitted.convergence().clone(), data);
        Self::new(fitted, labels.names().to_vec(), provenance)
    }

    /// The settings this model was trained with.
    pub fn settings(&self) -> ModelSettings {
        ModelSettings {
            analyzer: self.vectorizer().analyzer().settings().clone(),
            tfidf: self.vectorizer().settings().clone(),
            params: self.provenance.params.clone(),
        }
    }

    /// The fitted model: vectorizer, weights and temperature, without names.
    pub fn fitted(&self) -> &FittedModel {
        &self.fitted
    }

    pub fn temperature(&self) -> f64 {
        self.fitted.temperature()
    }

    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    pub fn vectorizer(&self) -> &TfidfVectorizer {
        self.fitted.vectorizer()
    }

    /// d × k, row-major: weight of feature j for label c at j·k + c.
    pub fn weights(&self) -> &[f64] {
        self.fitted.weights()
    }

    pub fn intercepts(&self) -> &[f64] {
        self.fitted.intercepts()
    }

    pub fn provenance(&self) -> &Provenance {
        &self.provenance
    }

    /// Records the files of a model trained on several (see [`TrainingData::files`]).
    pub fn set_data_files(&mut self, files: Vec<DataFile>) {
        self.provenance.data.files = if files.len() > 1 { files } else { Vec::new() };
    }

    /// The same model with its temperature refitted on `data` (labels never change; only the
    /// confidence does), recorded in the provenance.
    pub fn recalibrated(self, temperature: f64, data: DataFile) -> Self {
        let previous_temperature = self.temperature();
        let mut provenance = self.provenance;
        provenance.calibration = Some(Recalibration {
            data,
            previous_temperature,
            temperature,
        });
        Self {
            labels: self.labels,
            fitted: self.fitted.with_temperature(temperature),
            provenance,
        }
    }

    pub fn set_train_seconds(&mut self, seconds: Option<f64>) {
        self.provenance.train_seconds = seconds;
    }

    /// Probabilities of every label for one featurised row.
    pub fn predict_row(&self, row: &SparseRow) -> Prediction {
        self.fitted.predict(&row.indices, &row.values)
    }

    /// Featurises and classifies `texts` (marking their targets if the model does), in
    /// parallel over fixed chunks, in input order. No matrix is built: each worker reuses
    /// one row's buffers, so this is the fast path for labelling a stream.
    pub fn predict_texts<S: Document + Sync>(&self, texts: &[S]) -> Vec<Prediction> {
        let label_chunk = |(scratch, row): &mut (TransformScratch, SparseRow), part: &[S]| {
            part.iter()
                .map(|t| {
                    self.vectorizer()
                        .transform_doc_into(Targeted::of(t), scratch, row);
                    let mut p = self.fitted.predict(&row.indices, &row.values);
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

    /// Featurises and classifies one text.
    pub fn predict_text(
        &self,
        text: &str,
        scratch: &mut TransformScratch,
    ) -> (SparseRow, Prediction) {
        let row = self.vectorizer().transform_one(text, scratch);
        let mut prediction = self.predict_row(&row);
        prediction.coverage = scratch.coverage().share();
        (row, prediction)
    }

    /// The longest quote that reads its context, if the model uses context (see
    /// `AnalyzerSettings::context_words`).
    pub fn context_words(&self) -> Option<usize> {
        self.vectorizer().analyzer().settings().context_words
    }

    /// Target marking's window if the model marks targets (see `AnalyzerSettings`).
    pub fn target_window(&self) -> Option<usize> {
        self.vectorizer().analyzer().settings().target_window
    }

    /// [`Classifier::explain`] for `doc` (featurised again), with the lexicon's class terms
    /// named by the words behind them: `lexicon:NEG (bullying, foolish)`.
    pub fn explain_text(
        &self,
        doc: Targeted<'_>,
        label: usize,
        top: usize,
        scratch: &mut TransformScratch,
    ) -> Vec<TermWeight> {
        let Targeted { text, target, .. } = doc;
        let row = self.vectorizer().transform_doc(doc, scratch);
        let mut terms = self.explain(&row, label, top);
        if terms.iter().any(|t| t.term.starts_with(LEXICON_TERM)) {
            let words = self.vectorizer().lexicon_words(text, target, scratch);
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
            let wj = &self.weights()[j * k..(j + 1) * k];
            let others = if k > 1 {
                (wj.iter().sum::<f64>() - wj[label]) / (k - 1) as f64
            } else {
                0.0
            };
            let weight = v * (wj[label] - others);
            let term = &self.vectorizer().terms()[j];
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::objective::log_sum_exp;
    use crate::model::settings::tests::{corpus, labels};

    fn data() -> TrainingData {
        TrainingData {
            path: "t.csv".into(),
            sha256: String::new(),
            rows: 0,
            rows_per_label: BTreeMap::new(),
            text_col: "text".into(),
            label_col: "label".into(),
            target_col: None,
            context_col: None,
            skipped_rows: 0,
            files: Vec::new(),
        }
    }

    fn settings() -> ModelSettings {
        let mut s = ModelSettings::default();
        s.tfidf.min_df = 1;
        s.params.calibration_folds = Some(3);
        s
    }

    #[test]
    fn the_fitted_models_logits_give_the_classifiers_predictions() {
        let (texts, y) = corpus(4);
        let fitted = settings()
            .check(&labels())
            .unwrap()
            .fit(&texts, &y)
            .unwrap();
        let logits = fitted.logits_of(&texts);
        let t = fitted.temperature();
        assert_ne!(t, 1.0);
        let provenance = Provenance::new(settings().params, fitted.convergence().clone(), data());
        let model = Classifier::new(fitted, labels(), provenance).unwrap();
        let predictions = model.predict_texts(&texts);
        assert_eq!(predictions.len(), texts.len());
        let mut right = 0;
        for ((z, p), &truth) in logits.iter().zip(&predictions).zip(&y) {
            let scaled: Vec<f64> = z.iter().map(|v| v / t).collect();
            let lse = log_sum_exp(&scaled);
            let expected: Vec<f64> = scaled.iter().map(|v| (v - lse).exp()).collect();
            assert_eq!(p.probabilities, expected);
            let best = (0..3).fold(0, |b, c| if z[c] > z[b] { c } else { b });
            assert_eq!(p.label, best);
            right += usize::from(p.label == truth);
        }
        // The words decide the labels of this corpus: the fit learned them.
        assert_eq!(right, texts.len());
        // A featurised row scores the same through either type.
        let mut scratch = TransformScratch::default();
        let (row, p) = model.predict_text(&texts[4], &mut scratch);
        let direct = model.fitted().predict(&row.indices, &row.values);
        assert_eq!(
            (direct.label, &direct.probabilities),
            (p.label, &p.probabilities)
        );
        assert_eq!(
            model.fitted().predict_proba(&row.indices, &row.values),
            p.probabilities
        );
    }

    #[test]
    fn new_refuses_label_names_that_do_not_match_the_fit() {
        let (texts, y) = corpus(1);
        let mut s = settings();
        s.params.calibration_folds = None;
        let fitted = s.clone().check(&labels()).unwrap().fit(&texts, &y).unwrap();
        let provenance = Provenance::new(s.params, fitted.convergence().clone(), data());
        let Err(err) = Classifier::new(fitted, vec!["a".into(), "b".into()], provenance) else {
            panic!("two names for three labels must fail");
        };
        assert_eq!(
            err.to_string(),
            "2 label names for a model fitted on 3 labels"
        );
    }
}
