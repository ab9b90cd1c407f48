//! Measuring a model: metrics, cross-validation, reports.
pub mod calibration;
pub mod compare;
pub mod cv;
pub mod evaluate;
pub mod metrics;
pub mod report;
pub mod stats;
pub mod tune;

pub use evaluate::evaluate;
pub use metrics::{compute as compute_metrics, Metrics};
pub use report::{EvalReport, RowPrediction};
