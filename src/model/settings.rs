//! Fitting, linfa's way: settings → [`ModelSettings::check`] → valid settings →
//! [`ValidModelSettings::fit`] → a [`FittedModel`].

use super::calibrate;
use super::fitted::FittedModel;
use super::params::{ParamsError, TrainParams, ValidTrainParams};
use super::trainer::{self, TrainError};
use crate::features::tfidf::TfidfError;
use crate::features::{AnalyzerSettings, Document, Targeted, TfidfSettings, TfidfVectorizer};
use crate::folds::StratifiedKFold;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// Every setting that decides a model besides its data: what `--config` files hold.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelSettings {
    pub analyzer: AnalyzerSettings,
    pub tfidf: TfidfSettings,
    pub params: TrainParams,
}

/// Settings that passed [`ModelSettings::check`], for a given set of labels.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidModelSettings {
    analyzer: AnalyzerSettings,
    tfidf: TfidfSettings,
    params: ValidTrainParams,
    /// Label names, for messages about the data (label indices are what is fitted).
    labels: Vec<String>,
}

/// A setting out of range.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum SettingsError {
    #[error(transparent)]
    Params(#[from] ParamsError),
    #[error(transparent)]
    Features(#[from] TfidfError),
}

/// Why a model could not be fitted.
#[derive(Debug, thiserror::Error)]
pub enum FitError {
    #[error(transparent)]
    Features(#[from] TfidfError),
    #[error(transparent)]
    Params(#[from] ParamsError),
    #[error(transparent)]
    Train(#[from] TrainError),
    #[error("{labels} label names for a model fitted on {fitted} labels")]
    Labels { labels: usize, fitted: usize },
}

impl From<SettingsError> for FitError {
    fn from(e: SettingsError) -> Self {
        match e {
            SettingsError::Params(e) => Self::Params(e),
            SettingsError::Features(e) => Self::Features(e),
        }
    }
}

/// Folds of the calibration cross-validation are drawn with this seed.
const CALIBRATION_SEED: u64 = 0x7e49;

impl ModelSettings {
    /// Validates the training parameters (for `labels`: explicit class weights need one per
    /// label) and the TF-IDF settings.
    pub fn check(self, labels: &[String]) -> Result<ValidModelSettings, SettingsError> {
        let params = self.params.check(labels.len())?;
        self.tfidf.check()?;
        Ok(ValidModelSettings {
            analyzer: self.analyzer,
            tfidf: self.tfidf,
            params,
            labels: labels.to_vec(),
        })
    }
}

impl ValidModelSettings {
    pub fn analyzer(&self) -> &AnalyzerSettings {
        &self.analyzer
    }

    pub fn tfidf(&self) -> &TfidfSettings {
        &self.tfidf
    }

    pub fn params(&self) -> &ValidTrainParams {
        &self.params
    }

    /// The label names the settings were checked for.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Featurises `texts` and fits the weights; `y[i]` indexes the labels. With
    /// `calibration_folds`, a temperature is fitted on out-of-fold logits first. Texts with a
    /// target (`Targeted`) have its mentions marked when the analyzer's `target_window` is set.
    pub fn fit<S: Document + Sync>(
        &self,
        texts: &[S],
        y: &[usize],
    ) -> Result<FittedModel, FitError> {
        let temperature = match self.params.calibration_folds {
            Some(k) => {
                self.check_rows_per_fold(y, k)?;
                let (logits, truth) = self.out_of_fold_logits(texts, y, k)?;
                calibrate::fit_temperature(&logits, &truth)
            }
            None => 1.0,
        };
        self.fit_weights(texts, y, temperature)
    }

    /// Vectorizer and weights fitted on `texts`, with `temperature` as given.
    fn fit_weights<S: Document + Sync>(
        &self,
        texts: &[S],
        y: &[usize],
        temperature: f64,
    ) -> Result<FittedModel, FitError> {
        let (vectorizer, x) =
            TfidfVectorizer::fit_transform(self.analyzer.clone(), self.tfidf.clone(), texts)?;
        let weights = trainer::fit(&x, y, self.labels.len(), &self.params)?;
        Ok(FittedModel::from_parts(vectorizer, weights, temperature))
    }

    /// Every label needs a row in every calibration fold.
    fn check_rows_per_fold(&self, y: &[usize], k: usize) -> Result<(), ParamsError> {
        let mut counts = vec![0usize; self.labels.len()];
        y.iter().for_each(|&c| counts[c] += 1);
        match counts.iter().enumerate().find(|(_, &n)| n < k) {
            Some((c, &rows)) => Err(ParamsError::TooManyCalibrationFolds {
                folds: k,
                label: self.labels[c].clone(),
                rows,
            }),
            None => Ok(()),
        }
    }

    /// Logits of every training row from a model that did not see it, with the rows' true
    /// labels (K folds, fitted in parallel and joined in fold order, so the outcome is
    /// deterministic).
    fn out_of_fold_logits<S: Document + Sync>(
        &self,
        texts: &[S],
        y: &[usize],
        k: usize,
    ) -> Result<(Vec<Vec<f64>>, Vec<usize>), FitError> {
        let folds = StratifiedKFold::new(y, self.labels.len(), k, CALIBRATION_SEED);
        let per_fold: Vec<Result<_, FitError>> = (0..k)
            .into_par_iter()
            .map(|fold| {
                let split = folds.split(fold);
                let train: Vec<Targeted> = split.train_of(texts).map(Targeted::of).collect();
                let train_y: Vec<usize> = split.train_of(y).copied().collect();
                let model = self.fit_weights(&train, &train_y, 1.0)?;
                let held: Vec<Targeted> = split.test_of(texts).map(Targeted::of).collect();
                Ok((model.logits_of(&held), split.test_of(y).copied().collect()))
            })
            .collect();
        let mut logits = Vec::with_capacity(y.len());
        let mut truth: Vec<usize> = Vec::with_capacity(y.len());
        for fold in per_fold {
            let (l, t): (Vec<Vec<f64>>, Vec<usize>) = fold?;
            logits.extend(l);
            truth.extend(t);
        }
        Ok((logits, truth))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::params::ClassWeight;

    pub(crate) fn labels() -> Vec<String> {
        ["conciliatory", "hostile", "neutral"]
            .map(String::from)
            .to_vec()
    }

    /// A small corpus whose labels follow its words, `copies` times over.
    pub(crate) fn corpus(copies: usize) -> (Vec<String>, Vec<usize>) {
        let rows = [
            ("we welcome the talks and thank our partners", 0),
            ("we will work together for peace", 0),
            ("we hope for a fair agreement soon", 0),
            ("their attack is a crime and they will pay", 1),
            ("we condemn the reckless threats", 1),
            ("they are liars and we will strike back", 1),
            ("the meeting is on monday in the capital", 2),
            ("the minister spoke to reporters", 2),
            ("the report was published this week", 2),
        ];
        let mut texts = Vec::new();
        let mut y = Vec::new();
        for i in 0..copies {
            for (t, c) in rows {
                texts.push(format!("{t} {}", ["today", "again", "now", "still"][i % 4]));
                y.push(c);
            }
        }
        (texts, y)
    }

    #[test]
    fn check_rejects_bad_settings_with_the_params_messages() {
        let bad = |s: ModelSettings| s.check(&labels()).unwrap_err();
        let mut s = ModelSettings::default();
        s.params.alpha = -1.0;
        assert_eq!(bad(s), SettingsError::Params(ParamsError::Alpha(-1.0)));
        let mut s = ModelSettings::default();
        s.params.max_iter = 0;
        assert_eq!(bad(s).to_string(), "--max-iter must be at least 1");
        let mut s = ModelSettings::default();
        s.params.calibration_folds = Some(1);
        assert_eq!(
            bad(s).to_string(),
            "--calibrate needs at least 2 folds, got 1"
        );
        let mut s = ModelSettings::default();
        s.params.class_weight = ClassWeight::Explicit(vec![1.0, 1.0]);
        assert!(matches!(
            bad(s),
            SettingsError::Params(ParamsError::ClassWeights { expected: 3, .. })
        ));
        let mut s = ModelSettings::default();
        s.tfidf.max_df = 0.0;
        assert_eq!(
            bad(s).to_string(),
            "invalid TF-IDF settings: max_df must be in (0, 1], got 0"
        );
        let valid = ModelSettings::default().check(&labels()).unwrap();
        assert_eq!(valid.labels(), labels());
        assert_eq!(**valid.params(), TrainParams::default());
    }

    #[test]
    fn too_many_calibration_folds_names_the_label() {
        let (texts, y) = corpus(1);
        let mut s = ModelSettings::default();
        s.params.calibration_folds = Some(4);
        let Err(err) = s.check(&labels()).unwrap().fit(&texts, &y) else {
            panic!("4 folds of 3 rows must fail");
        };
        assert_eq!(
            err.to_string(),
            "--calibrate 4: label \"conciliatory\" has 3 rows, fewer than the folds; lower K"
        );
    }

    #[test]
    fn calibration_fits_a_temperature_and_keeps_the_weights() {
        let (texts, y) = corpus(4);
        let mut s = ModelSettings::default();
        s.tfidf.min_df = 1;
        let plain = s.clone().check(&labels()).unwrap().fit(&texts, &y).unwrap();
        s.params.calibration_folds = Some(3);
        let calibrated = s.check(&labels()).unwrap().fit(&texts, &y).unwrap();
        assert_eq!(plain.temperature(), 1.0);
        assert_ne!(calibrated.temperature(), 1.0);
        assert!(calibrated.temperature() > 0.0);
        // The temperature changes the confidence only, never the weights.
        assert_eq!(plain.weights(), calibrated.weights());
        assert_eq!(plain.intercepts(), calibrated.intercepts());
    }
}
