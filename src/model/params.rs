//! Training hyperparameters: unchecked params → `check()` → valid params (linfa's pattern).

use serde::{Deserialize, Serialize};

/// How rows are weighted in the loss.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClassWeight {
    /// Every row counts once.
    None,
    /// Rows of class c weigh n / (k · n_c), as scikit-learn's `class_weight="balanced"`.
    Balanced,
    /// One weight per label, in the model's label order.
    Explicit(Vec<f64>),
}

/// Which optimiser fits the weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SolverKind {
    /// Our sparse implementation of linfa-logistic's objective with argmin L-BFGS.
    Sparse,
    /// linfa-logistic's `MultiLogisticRegression` on a dense copy (small data only).
    Linfa,
}

/// Hyperparameters as the user gave them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainParams {
    /// L2 strength on the summed log-loss (alpha = 1 / C). Default: 0.5.
    pub alpha: f64,
    /// L-BFGS iterations at most. Default: 1000.
    pub max_iter: u64,
    /// Stop when the gradient's L2 norm is below `tol` × rows. Default: 1e-4.
    pub tol: f64,
    /// Row weighting. Default: balanced.
    pub class_weight: ClassWeight,
    /// Optimiser. Default: sparse.
    pub solver: SolverKind,
    /// Fit a temperature on this many cross-validation folds of the training data, so the
    /// probabilities are calibrated. Default: none (probabilities as fitted).
    #[serde(default)]
    pub calibration_folds: Option<usize>,
}

impl Default for TrainParams {
    fn default() -> Self {
        Self {
            alpha: 0.5,
            max_iter: 1000,
            tol: 1e-4,
            class_weight: ClassWeight::Balanced,
            solver: SolverKind::Sparse,
            calibration_folds: None,
        }
    }
}

/// Parameters that passed [`TrainParams::check`].
#[derive(Debug, Clone, PartialEq)]
pub struct ValidTrainParams(TrainParams);

impl std::ops::Deref for ValidTrainParams {
    type Target = TrainParams;
    fn deref(&self) -> &TrainParams {
        &self.0
    }
}

/// A hyperparameter out of range.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ParamsError {
    #[error("--alpha must be a finite number > 0, got {0} (alpha = 1/C; try 0.5)")]
    Alpha(f64),
    #[error("--tol must be a finite number > 0, got {0} (try 1e-4)")]
    Tol(f64),
    #[error("--max-iter must be at least 1")]
    MaxIter,
    #[error("--calibrate needs at least 2 folds, got {0}")]
    CalibrationFolds(usize),
    #[error("--calibrate {folds}: label {label:?} has {rows} rows, fewer than the folds; lower K")]
    TooManyCalibrationFolds {
        folds: usize,
        label: String,
        rows: usize,
    },
    #[error(
        "class weights must be one per label ({expected} labels), each a number from {MIN_CLASS_WEIGHT:e} to {MAX_CLASS_WEIGHT:e}, got {}; a weight multiplies its label's rows in the loss, so 10,1,1 already counts the first label ten times",
        show_weights(got)
    )]
    ClassWeights { expected: usize, got: Vec<f64> },
}

/// Bounds on an explicit class weight. Only their ratios matter to which label wins, and a
/// ratio beyond 1e12 only makes the loss overflow (1e308 once hung the line search).
pub const MIN_CLASS_WEIGHT: f64 = 1e-6;
pub const MAX_CLASS_WEIGHT: f64 = 1e6;

/// At most ten weights, for a message.
fn show_weights(w: &[f64]) -> String {
    let mut s = format!("{:?}", &w[..w.len().min(10)]);
    if w.len() > 10 {
        s.insert_str(s.len() - 1, &format!(", … ({} in all)", w.len()));
    }
    s
}

impl TrainParams {
    /// Validates the values; `n_labels` is needed to check explicit class weights.
    pub fn check(self, n_labels: usize) -> Result<ValidTrainParams, ParamsError> {
        if !(self.alpha.is_finite() && self.alpha > 0.0) {
            return Err(ParamsError::Alpha(self.alpha));
        }
        if !(self.tol.is_finite() && self.tol > 0.0) {
            return Err(ParamsError::Tol(self.tol));
        }
        if self.max_iter == 0 {
            return Err(ParamsError::MaxIter);
        }
        if let Some(k) = self.calibration_folds.filter(|&k| k < 2) {
            return Err(ParamsError::CalibrationFolds(k));
        }
        if let ClassWeight::Explicit(w) = &self.class_weight {
            let in_range = |v: &f64| (MIN_CLASS_WEIGHT..=MAX_CLASS_WEIGHT).contains(v);
            if w.len() != n_labels || !w.iter().all(in_range) {
                return Err(ParamsError::ClassWeights {
                    expected: n_labels,
                    got: w.clone(),
                });
            }
        }
        Ok(ValidTrainParams(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_rejects_bad_values() {
        let bad = |p: TrainParams| p.check(3).unwrap_err();
        assert_eq!(
            bad(TrainParams {
                alpha: 0.0,
                ..Default::default()
            }),
            ParamsError::Alpha(0.0)
        );
        assert_eq!(
            bad(TrainParams {
                tol: f64::NAN,
                ..Default::default()
            })
            .to_string(),
            "--tol must be a finite number > 0, got NaN (try 1e-4)"
        );
        assert!(matches!(
            bad(TrainParams {
                class_weight: ClassWeight::Explicit(vec![1.0, 2.0]),
                ..Default::default()
            }),
            ParamsError::ClassWeights { .. }
        ));
        // 1e308 made the loss overflow and the line search run without end.
        let e = bad(TrainParams {
            class_weight: ClassWeight::Explicit(vec![1e308, 1.0, 1.0]),
            ..Default::default()
        })
        .to_string();
        assert!(
            e.contains("each a number from 1e-6 to 1e6, got [1e308, 1.0, 1.0]"),
            "{e}"
        );
        assert!(TrainParams {
            class_weight: ClassWeight::Explicit(vec![1e6, 1.0, 1e-6]),
            ..Default::default()
        }
        .check(3)
        .is_ok());
        assert!(TrainParams::default().check(3).is_ok());
    }
}
