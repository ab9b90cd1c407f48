//! The command line's spellings of the library's choices: clap `ValueEnum` mirrors of enums
//! that live below `cli`, so clap stays in `cli` (see `crate::layers`). Each mirror keeps the
//! library enum's variant names and doc comments, which clap shows as the accepted values.

use crate::eval::tune::Grid;
use crate::model::SolverKind;
use crate::render::predictions::Format;
use clap::ValueEnum;

/// Output format of `predict` and `quotes` ([`Format`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatChoice {
    /// Aligned columns for reading.
    Table,
    /// One JSON array.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated values with a header row.
    Csv,
}

impl FormatChoice {
    /// The chosen format, else `--format`'s documented default: table on a terminal, JSON
    /// lines otherwise.
    pub fn or_default(choice: Option<Self>, terminal: bool) -> Format {
        match choice {
            Some(c) => c.into(),
            None if terminal => Format::Table,
            None => Format::Jsonl,
        }
    }
}

impl From<FormatChoice> for Format {
    fn from(f: FormatChoice) -> Self {
        match f {
            FormatChoice::Table => Self::Table,
            FormatChoice::Json => Self::Json,
            FormatChoice::Jsonl => Self::Jsonl,
            FormatChoice::Csv => Self::Csv,
        }
    }
}

/// Which optimiser fits the weights ([`SolverKind`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SolverChoice {
    /// Our sparse implementation of linfa-logistic's objective with argmin L-BFGS.
    Sparse,
    /// linfa-logistic's `MultiLogisticRegression` on a dense copy (small data only).
    Linfa,
}

impl From<SolverChoice> for SolverKind {
    fn from(s: SolverChoice) -> Self {
        match s {
            SolverChoice::Sparse => Self::Sparse,
            SolverChoice::Linfa => Self::Linfa,
        }
    }
}

/// Which settings `stance tune` tries ([`Grid`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GridChoice {
    /// Regularisation and class weights only (10 candidates).
    Quick,
    /// Also stemming, negation, min_df and character n-grams (160 candidates).
    Standard,
    /// A seeded random search over every option (`--trials` candidates, the defaults first).
    Random,
}

impl From<GridChoice> for Grid {
    fn from(g: GridChoice) -> Self {
        match g {
            GridChoice::Quick => Self::Quick,
            GridChoice::Standard => Self::Standard,
            GridChoice::Random => Self::Random,
        }
    }
}
