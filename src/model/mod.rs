//! The model: hyperparameters → fitted weights → a classifier that can be saved and loaded.
pub mod calibrate;
pub mod classifier;
pub mod file;
pub mod memory;
pub mod objective;
pub mod params;
pub mod trainer;

pub use classifier::{Classifier, ModelSettings, Prediction, TermWeight, LOW_COVERAGE};
pub use params::{ClassWeight, SolverKind, TrainParams};
pub use trainer::Convergence;
