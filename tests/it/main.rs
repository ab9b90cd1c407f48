//! The integration tests, as one binary (as ripgrep does): one link step instead of one per
//! file, and one shared helper module. Each module drives one area end to end.

// The fuzz targets' own checks, replayed on tests/regressions by `robustness` and
// `reliability`; tests/fuzz is its own cargo-fuzz crate, so the file stays there.
#[path = "../fuzz/checks.rs"]
mod checks;
mod util;

mod article_extraction;
mod articles_cli;
mod calibrate;
mod cli;
mod compare;
mod context_features;
mod corpus_quality;
mod corrections;
mod default_model;
mod label_tty;
mod linfa_reference;
mod properties;
mod registry;
mod reliability;
mod report;
mod robustness;
mod target_marking;
mod train_files;
