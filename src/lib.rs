//! `stance`: find the quotations in news articles, attribute them, and label each one
//! conciliatory, hostile or neutral toward the other party.
//!
//! Data flows one way: article → quotes → tokens → sparse TF-IDF vectors → model →
//! labelled quotes → reports. The modules are layered the same way: each imports only from
//! its own layer or below, never in a cycle; [`layers`] lists them and a test enforces it.
pub mod active;
pub mod article;
pub mod cli;
pub mod corpus;
pub mod corrections;
pub mod dataset;
pub mod ellipsis;
pub mod eval;
pub mod features;
pub mod folds;
pub mod hash;
pub mod input;
pub mod layers;
pub mod markup;
pub mod model;
pub mod outfile;
pub mod pipeline;
pub mod registry;
pub mod registry_layout;
pub mod render;
pub mod report;
pub mod term;
pub mod tone;
pub mod training_rows;
