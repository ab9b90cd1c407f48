//! `stance compare`: is one model version really better than another, and where?

use super::options::{load_spec, ColumnArgs, DataArgs, LoadedModel};
use crate::corpus::LabelSet;
use crate::eval::compare::{compare, read_report, report_display_name, CompareOptions, Entry};
use crate::model::file;
use crate::registry::ModelSpec;
use crate::registry_layout::model_file_label;
use crate::render;
use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned text.
    Table,
    /// Markdown tables.
    Md,
    /// JSON.
    Json,
}

#[derive(Debug, Args)]
#[command(mut_args(compare_column_help))]
pub struct CompareArgs {
    /// Versions to compare, the baseline first: reports written by `stance evaluate --json`
    /// (or saved in a registry version's reports/), or models (NAME, NAME@vN, or a model
    /// file), which are evaluated on --data.
    #[arg(required = true, num_args = 2.., value_name = "REPORT|MODEL")]
    pub versions: Vec<PathBuf>,
    /// Labelled CSV to evaluate the model arguments on (their reports are saved into their
    /// registry version's folder, as `evaluate` does).
    #[arg(long, value_name = "FILE")]
    pub data: Option<PathBuf>,
    #[command(flatten)]
    pub columns: ColumnArgs,
    /// Compare metrics only, without pairing rows (allows reports on different data).
    #[arg(long)]
    pub unpaired: bool,
    /// Bootstrap resamples for the macro-F1 confidence interval.
    #[arg(long, default_value_t = 1000, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub resamples: u32,
    /// Seed of the bootstrap.
    #[arg(long, default_value_t = 42, value_name = "S")]
    pub seed: u64,
    /// Examples to show of rows that flipped right→wrong and wrong→right, per version.
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub show_flips: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Also write a self-contained HTML page (tables, F1 bars, confusion heatmaps, flips).
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Registry folder for NAME arguments [default: $STANCE_MODELS, else ./models].
    #[arg(long, value_name = "DIR")]
    pub models_dir: Option<PathBuf>,
}

/// `compare`'s wording of the shared column help: the columns are those of --data.
/// (`mut_args` rewords in place; `mut_arg` would move the argument to the end of the list.)
fn compare_column_help(a: clap::Arg) -> clap::Arg {
    let help = match a.get_id().as_str() {
        "text_col" => "Column holding the text in --data",
        "label_col" => "Column holding the label in --data",
        "target_col" => "Column holding each row's target in --data, for models that mark targets",
        "skip_invalid" => "Skip invalid rows of --data instead of stopping at the first",
        _ => return a,
    };
    a.help(help)
}

/// Model files start with this (see `model::file`); anything else is read as a report.
fn is_model_file(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 256];
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    let n = f.read(&mut head).unwrap_or(0);
    let head = String::from_utf8_lossy(&head[..n]);
    head.contains(&format!("\"format\":\"{}\"", file::FORMAT))
}

pub fn run(args: CompareArgs) -> Result<()> {
    if let Some(path) = &args.html {
        crate::outfile::check(path, crate::outfile::Kind::Report, true)?;
    }
    let mut entries = Vec::with_capacity(args.versions.len());
    for item in &args.versions {
        entries.push(resolve(item, &args)?);
    }
    // Two arguments naming the same thing get distinct column names.
    for i in 1..entries.len() {
        let base = entries[i].name.clone();
        let mut n = 2;
        while entries[..i].iter().any(|e| e.name == entries[i].name) {
            entries[i].name = format!("{base}#{n}");
            n += 1;
        }
    }
    let options = CompareOptions {
        unpaired: args.unpaired,
        resamples: args.resamples as usize,
        seed: args.seed,
        show_flips: args.show_flips,
    };
    let comparison = compare(&entries, &options)?;
    if let Some(path) = &args.html {
        let page = render::html::comparison_page(&comparison);
        crate::outfile::write(path, page.as_bytes(), crate::outfile::Kind::Report, true)?;
    }
    let text = match args.format {
        Format::Table => render::compare::table(&comparison),
        Format::Md => render::compare::markdown(&comparison),
        Format::Json => render::compare::json(&comparison),
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    if let (Some(path), Format::Table) = (&args.html, args.format) {
        writeln!(out, "\nhtml written to {}", crate::term::path(path))?;
    }
    Ok(())
}

/// A report file as it is, or a model evaluated on --data.
fn resolve(item: &Path, args: &CompareArgs) -> Result<Entry> {
    let as_text = item.to_str();
    let spec = match as_text {
        Some(t) => ModelSpec::parse(t)?,
        None => ModelSpec::Path(item.to_path_buf()),
    };
    if let ModelSpec::Path(path) = &spec {
        if !is_model_file(path) {
            let report = read_report(path)?;
            let name = report_display_name(path);
            let name = if name == path.file_stem().unwrap_or_default().to_string_lossy() {
                // Not inside a registry folder: the model it scored may be.
                model_file_label(Path::new(&report.model.path)).unwrap_or(name)
            } else {
                name
            };
            return Ok(Entry {
                name,
                source: path.display().to_string(),
                report,
            });
        }
    }
    let Some(data) = &args.data else {
        anyhow::bail!(
            "{}: a model, not a report; pass --data FILE to evaluate it on, or give a report written by `stance evaluate --json`",
            item.display()
        );
    };
    let (model, version) = load_spec(item, args.models_dir.as_deref())?;
    let sha256 = model.sha256();
    let LoadedModel {
        classifier, origin, ..
    } = model;
    let data_args = DataArgs {
        data: data.clone(),
        columns: args.columns.clone(),
    }
    .for_model(&classifier, &origin);
    let corpus = data_args.read(&LabelSet::from_vec(classifier.labels().to_vec()))?;
    let report = crate::eval::evaluate(
        &classifier,
        &origin,
        &sha256,
        &corpus,
        &data.display().to_string(),
    );
    let (name, source) = match &version {
        Some(v) => {
            let saved = v
                .save_report(&report, data, render::card::model_card)
                .with_context(|| format!("saving the report of {}", v.label()))?;
            (v.label(), saved.display().to_string())
        }
        None => (
            model_file_label(Path::new(&origin))
                .unwrap_or_else(|| report_display_name(Path::new(&origin))),
            format!("{origin} evaluated on {}", data.display()),
        ),
    };
    Ok(Entry {
        name,
        source,
        report,
    })
}
