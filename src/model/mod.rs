//! The model: settings → `check()` → `fit` → a fitted model → a classifier (the fitted
//! model with label names and provenance) that can be saved and loaded.
pub mod calibrate;
pub mod classifier;
pub mod file;
pub mod fitted;
pub mod memory;
pub mod objective;
pub mod params;
pub mod settings;
pub mod trainer;

pub use classifier::{Classifier, Prediction, TermWeight, LOW_COVERAGE};
pub use fitted::FittedModel;
pub use params::{ClassWeight, SolverKind, TrainParams};
pub use settings::{FitError, ModelSettings, SettingsError, ValidModelSettings};
pub use trainer::Convergence;
