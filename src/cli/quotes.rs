//! `stance quotes`: the extraction alone (quotes, speakers, parties, targets), no model.

use super::articles;
use super::choices::FormatChoice;
use crate::article::Limits;
use crate::pipeline::Settings;
use anyhow::Result;
use clap::Args;
use std::io::{BufWriter, IsTerminal};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct QuotesArgs {
    /// Articles to read: .txt or .html files, directories (read recursively, in sorted order),
    /// or - for standard input.
    #[arg(value_name = "ARTICLE", required = true)]
    pub articles: Vec<PathBuf>,
    /// Parties file (TOML) adding or overriding parties, aliases and people.
    #[arg(long, value_name = "FILE")]
    pub parties: Option<PathBuf>,
    /// Output format [default: table on a terminal, jsonl otherwise].
    #[arg(long, value_enum)]
    pub format: Option<FormatChoice>,
    /// Write CSV cells that start with = + - @ as they are [default: prefix an apostrophe].
    #[arg(long)]
    pub no_formula_escape: bool,
}

pub fn run(args: QuotesArgs) -> Result<()> {
    let stdout = std::io::stdout();
    let format = FormatChoice::or_default(args.format, stdout.is_terminal());
    let gazetteer = articles::gazetteer(args.parties.as_deref())?;
    let job = articles::ArticleJob {
        settings: Settings::new(&gazetteer, None, Limits::default()),
        export_training: false,
    };
    let out = BufWriter::with_capacity(1 << 16, stdout.lock());
    articles::run(
        &job,
        articles::walk(&args.articles),
        format,
        out,
        !args.no_formula_escape,
    )
    .map(|_| ())
}
