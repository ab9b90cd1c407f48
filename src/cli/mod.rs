//! Command-line interface: clap definitions, one file per subcommand; each turns arguments
//! into library calls and formats the result.

mod articles;
mod calibrate;
mod choices;
mod compare;
mod evaluate;
mod inputs;
mod label;
mod models;
mod options;
mod predict;
mod progress;
mod quotes;
mod report;
mod report_inputs;
mod shell;
mod train;
mod tune;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use std::ffi::OsString;

pub use options::{LoadedModel, ModelSource};

/// Find the quotations in news articles, attribute them, and label each conciliatory, hostile
/// or neutral toward the other party.
#[derive(Debug, Parser)]
#[command(name = "stance", version, about, max_term_width = 100)]
pub struct Cli {
    /// Worker threads for featurising, training and batch prediction, 1 to 1024 [default: all
    /// cores]. Results are identical whatever the number.
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=MAX_THREADS))]
    pub threads: Option<u16>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Train a model from a labelled CSV.
    Train(train::TrainArgs),
    /// Measure a model on a labelled CSV, or cross-validate training settings.
    Evaluate(evaluate::EvaluateArgs),
    /// Refit a model's confidence (its temperature) on your own labelled quotes, so its
    /// probabilities mean what they say on your news; labels never change.
    Calibrate(calibrate::CalibrateArgs),
    /// Find, attribute and label the quotations in articles; or label texts (--text, --lines,
    /// --csv).
    Predict(predict::PredictArgs),
    /// Label quotes in the terminal, the most informative first (active learning); or export
    /// them for a spreadsheet (--export N).
    Label(label::LabelArgs),
    /// Find and attribute the quotations in articles, without labelling them.
    Quotes(quotes::QuotesArgs),
    /// Tone over time: each directed pair's tone index by day, week or month, across articles
    /// or the records of `predict` (table, CSV, JSON, HTML page).
    Report(report::ReportArgs),
    /// Cross-validate a grid of training settings and write the best for `train --config`.
    Tune(tune::TuneArgs),
    /// Compare model versions: metrics side by side, and significance against the first.
    Compare(compare::CompareArgs),
    /// List the registry's models and versions.
    Models(models::ModelsArgs),
    /// Write a shell completion script to standard output (bash, zsh, fish, powershell, elvish).
    Completions(shell::CompletionsArgs),
    /// Write the manual page (roff) to standard output: `stance man > stance.1`.
    Man(shell::ManArgs),
}

/// More threads than this only costs memory and scheduling (a typo such as 100000 would
/// otherwise start that many).
const MAX_THREADS: i64 = 1024;

/// Parses `args` and runs the subcommand.
pub fn run<I, T>(args: I) -> Result<()>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = Cli::try_parse_from(args).unwrap_or_else(|e| e.exit());
    if let Some(n) = cli.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(n))
            .build_global()
            .context("cannot start the thread pool")?;
    }
    match cli.command {
        Command::Train(args) => train::run(args),
        Command::Evaluate(args) => evaluate::run(args),
        Command::Calibrate(args) => calibrate::run(args),
        Command::Predict(args) => predict::run(args),
        Command::Quotes(args) => quotes::run(args),
        Command::Report(args) => report::run(args),
        Command::Label(args) => label::run(args),
        Command::Tune(args) => tune::run(args),
        Command::Compare(args) => compare::run(args),
        Command::Models(args) => models::run(args),
        Command::Completions(args) => shell::completions(args),
        Command::Man(args) => shell::man(args),
    }
}

/// True when the error is a write to a closed pipe (the reader went away).
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
