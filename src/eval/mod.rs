//! Measuring a model: metrics, cross-validation, reports.
pub mod cv;
pub mod metrics;
pub mod report;

pub use metrics::{compute as compute_metrics, Metrics};
pub use report::{EvalReport, RowPrediction};
