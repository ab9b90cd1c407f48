//! `stance train`: labelled CSV → model file.

use super::options::{resolve_columns, ColumnArgs, DataArgs, FeatureArgs, FitArgs};
use crate::dataset::{self, Dataset};
use crate::model::{file, memory, Classifier, ModelSettings};
use crate::render::export::{text::Text, Column, Exporter, Table};
use anyhow::{Context, Result};
use clap::Args;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::Instant;

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("destination").required(true).args(["out", "name"])))]
pub struct TrainArgs {
    #[command(flatten)]
    pub data: TrainData,
    /// Where to write the model (JSON). Either --out or --name.
    #[arg(long, value_name = "MODEL")]
    pub out: Option<PathBuf>,
    /// Save as the next version of NAME in the registry: models/NAME/vN/ with model.json,
    /// card.md and train.txt. Either --out or --name.
    #[arg(long, value_name = "NAME", conflicts_with = "force")]
    pub name: Option<String>,
    /// Registry folder for --name [default: $STANCE_MODELS, else ./models].
    #[arg(long, value_name = "DIR", requires = "name")]
    pub models_dir: Option<PathBuf>,
    /// Overwrite --out if it exists [default: refuse].
    #[arg(long)]
    pub force: bool,
    /// Leave wall-clock time out of the model, so the same data and settings give a
    /// byte-identical file.
    #[arg(long)]
    pub reproducible: bool,
    /// Training settings from a file written by `stance tune` (TOML); the feature and model
    /// options below cannot be combined with it.
    #[arg(long, value_name = "FILE", conflicts_with_all = SETTINGS_FLAGS)]
    pub config: Option<PathBuf>,
    /// Refuse to train when the estimated peak memory is above this many GB (default: the
    /// memory available now). A larger value trains anyway, at the risk of being killed.
    #[arg(long, value_name = "GB", value_parser = parse_gb)]
    pub max_memory: Option<f64>,
    #[command(flatten)]
    pub features: FeatureArgs,
    #[command(flatten)]
    pub fit: FitArgs,
}

/// The labelled CSVs to train on.
#[derive(Debug, Clone, Args)]
#[command(mut_args(train_column_help))]
pub struct TrainData {
    /// Labelled CSV with a header row; repeat to train on several (each needs the text and
    /// label columns; other columns are ignored).
    #[arg(
        long,
        value_name = "FILE",
        required_unless_present = "with_default_corpus"
    )]
    pub data: Vec<PathBuf>,
    /// Add the shipped corpus (data/train.csv, built into the binary) to the --data files:
    /// your own labels on top of the default model's.
    #[arg(long)]
    pub with_default_corpus: bool,
    #[command(flatten)]
    pub columns: ColumnArgs,
}

/// `train`'s wording of the shared column help: here the target column turns marking on.
/// (`mut_args` rewords in place; `mut_arg` would move the argument to the end of the list.)
fn train_column_help(a: clap::Arg) -> clap::Arg {
    match a.get_id().as_str() {
        "target_col" => a.help(
            "Column holding each row's target, the text of the mention the label is about (e.g. \
             NewsMTSC's \"target\"); an empty cell is no target. Turns target marking on [default: none]",
        ),
        "context_col" => a.help(
            "Column holding the writer's sentence around each quote, with the quote in it \
             (our corpus's \"context\"); an empty cell is no context. Turns context features on: \
             quotes of at most --context-words words add the sentence's other words as CTX_ \
             features [default: none]",
        ),
        _ => a,
    }
}

impl TrainData {
    /// Every file read with the same columns, then the shipped corpus if asked.
    pub fn read(&self, labels: &crate::corpus::LabelSet) -> Result<Dataset> {
        let mut parts = Vec::new();
        for path in &self.data {
            let one = DataArgs {
                data: path.clone(),
                columns: self.columns.clone(),
            };
            parts.push((path.display().to_string(), one.read(labels)?));
        }
        if self.with_default_corpus {
            parts.push((
                dataset::SHIPPED_NAME.to_string(),
                dataset::shipped(labels, self.columns.context_col.is_some())?,
            ));
        }
        Ok(dataset::combine(parts))
    }
}

/// Refuses data that would not fit in memory, before the work that would exhaust it.
fn check_memory(
    corpus: &crate::corpus::Corpus,
    settings: &ModelSettings,
    path: &std::path::Path,
    max_gb: Option<f64>,
) -> Result<()> {
    const GB: f64 = (1u64 << 30) as f64;
    let limit = match max_gb {
        Some(gb) => gb * GB,
        None => match memory::available_bytes() {
            Some(bytes) => bytes as f64,
            None => return Ok(()),
        },
    };
    let needed = memory::estimate_training_bytes(&corpus.texts(), &settings.analyzer) as f64;
    if needed > limit {
        anyhow::bail!(
            "{}: training on {} rows needs about {:.2} GB of memory, over the {:.2} GB {}; \
             train on a sample of the rows or on a larger machine (word n-grams alone need far \
             less than --char-ngrams), or raise --max-memory to try anyway",
            path.display(),
            corpus.examples.len(),
            needed / GB,
            limit / GB,
            if max_gb.is_some() {
                "--max-memory allows"
            } else {
                "available now"
            }
        );
    }
    Ok(())
}

fn parse_gb(s: &str) -> std::result::Result<f64, String> {
    match s.parse::<f64>() {
        Ok(gb) if gb > 0.0 && gb.is_finite() => Ok(gb),
        _ => Err(format!(
            "{s:?} is not a positive number of GB (e.g. 4 or 0.5)"
        )),
    }
}

pub fn run(mut args: TrainArgs) -> Result<()> {
    let started = Instant::now();
    // Refuse early: don't spend minutes training to then fail on an existing file.
    match (&args.out, &args.name) {
        (Some(out), _) => crate::outfile::check(out, crate::outfile::Kind::Model, args.force)?,
        (_, Some(name)) => crate::registry::validate_name(name)?,
        _ => {}
    }
    let labels = args.features.label_set()?;
    let mut settings = match &args.config {
        Some(path) => read_config(path)?,
        None => {
            let (analyzer, tfidf) = args.features.settings()?;
            ModelSettings {
                analyzer,
                tfidf,
                params: args.fit.params()?,
            }
        }
    };
    args.data.columns = resolve_columns(&mut settings.analyzer, &args.data.columns)?;
    let progress = Progress::new();
    progress.stage("reading data");
    let dataset = args.data.read(&labels)?;
    let corpus = &dataset.corpus;
    let data_name = dataset.display_path();
    corpus.check_every_label_present(&labels)?;
    check_memory(
        corpus,
        &settings,
        std::path::Path::new(&data_name),
        args.max_memory,
    )?;
    progress.stage("featurising and fitting");
    let mut model = Classifier::fit_corpus(
        corpus,
        &labels,
        &data_name,
        (&args.data.columns.text_col, &args.data.columns.label_col),
        &settings,
    )?;
    model.set_data_files(dataset.files.clone());
    let seconds = started.elapsed().as_secs_f64();
    model.set_train_seconds((!args.reproducible).then_some(seconds));
    progress.stage("writing the model");
    let summary = |path: &std::path::Path| {
        let mut text = Vec::new();
        let _ = write_summary(&mut text, &model, path, seconds);
        String::from_utf8_lossy(&text).into_owned()
    };
    let summary = match (&args.out, &args.name) {
        (Some(path), _) => {
            file::save(&model, path, args.force)?;
            summary(path)
        }
        (None, Some(name)) => {
            let registry = crate::registry::Registry::locate(args.models_dir.as_deref());
            let (version, text) = registry.save_new_version(
                name,
                &model,
                summary,
                crate::render::card::model_card,
            )?;
            format!(
                "{text}  saved     {} (card: {})\n",
                version.label(),
                version.card_path().display()
            )
        }
        (None, None) => anyhow::bail!("pass --out MODEL.json or --name NAME"),
    };
    progress.finish();
    let mut out = std::io::stdout().lock();
    out.write_all(summary.as_bytes())?;
    for warning in dataset::warnings(
        &corpus.counts(labels.names().len()),
        &labels,
        model.vectorizer().n_features(),
    ) {
        eprintln!("warning: {warning}");
    }
    let c = &model.provenance().convergence;
    if !c.converged {
        crate::warn_clean!(
            "warning: the optimiser did not converge ({}, {} iterations); raise --max-iter, raise --tol, or raise --alpha",
            c.reason, c.iterations
        );
    }
    Ok(())
}

/// The options a `--config` file replaces.
const SETTINGS_FLAGS: [&str; 20] = [
    "stop_unigrams",
    "no_stem",
    "lexicon",
    "no_lexicon",
    "stop_words",
    "no_negation",
    "word_ngrams",
    "char_ngrams",
    "min_df",
    "max_df",
    "max_features",
    "no_sublinear_tf",
    "target_window",
    "alpha",
    "c",
    "max_iter",
    "tol",
    "class_weight",
    "solver",
    "calibrate",
];

/// Reads and checks a settings file written by `stance tune` (or by hand).
fn read_config(path: &std::path::Path) -> Result<ModelSettings> {
    let text = crate::input::read_to_string(path, crate::input::CONFIG).with_context(|| {
        format!(
            "{}: cannot read the config file; check the path",
            path.display()
        )
    })?;
    let settings: ModelSettings = toml::from_str(&text).map_err(|e| {
        anyhow::anyhow!(
            "{}: not a valid settings file: {}; write one with `stance tune`",
            path.display(),
            e.to_string().trim_end()
        )
    })?;
    settings.tfidf.check()?;
    Ok(settings)
}

fn write_summary(
    out: &mut impl Write,
    model: &Classifier,
    path: &std::path::Path,
    seconds: f64,
) -> std::io::Result<()> {
    let p = model.provenance();
    let v = model.vectorizer();
    let a = v.analyzer().settings();
    let t = v.settings();
    writeln!(out, "trained {}", crate::term::path(path))?;
    // `  key       value` lines; a data file per continuation line under `data`.
    let mut summary = Table::new(vec![Column::left("").fixed(8), Column::left("")]);
    summary.push([
        "data".to_string(),
        format!(
            "{} ({} rows{}; sha256 {}…)",
            crate::term::clean(&p.data.path),
            p.data.rows,
            if p.data.skipped_rows > 0 {
                format!(", {} skipped", p.data.skipped_rows)
            } else {
                String::new()
            },
            &p.data.sha256[..12]
        ),
    ]);
    for f in &p.data.files {
        summary.push([
            String::new(),
            format!("{} ({} rows; sha256 {}…)", f.path, f.rows, &f.sha256[..12]),
        ]);
    }
    let per_label: Vec<String> = model
        .labels()
        .iter()
        .map(|l| format!("{l} {}", p.data.rows_per_label.get(l).copied().unwrap_or(0)))
        .collect();
    summary.push(["labels".to_string(), per_label.join(" · ")]);
    let mut feats = Vec::new();
    if a.word_ngrams.1 > 0 {
        feats.push(format!(
            "word {}–{}-grams",
            a.word_ngrams.0, a.word_ngrams.1
        ));
    }
    if let Some((lo, hi)) = a.char_ngrams {
        feats.push(format!("char {lo}–{hi}-grams"));
    }
    feats.push(if a.stem { "stemmed" } else { "unstemmed" }.into());
    if a.negation {
        feats.push("negation marked".into());
    }
    if a.stop_words {
        feats.push("stop words dropped".into());
    }
    if let Some(lex) = &a.lexicon {
        feats.push(format!(
            "lexicon {} ({} words, sha256 {}…)",
            lex.name(),
            lex.len(),
            &lex.sha256()[..12]
        ));
    }
    if let Some(w) = a.target_window {
        feats.push(format!(
            "target marked ({}window {w})",
            p.data
                .target_col
                .as_ref()
                .map_or(String::new(), |c| format!("column {c}, "))
        ));
    }
    if let Some(n) = a.context_words {
        feats.push(format!(
            "context ({}quotes of up to {n} words)",
            p.data
                .context_col
                .as_ref()
                .map_or(String::new(), |c| format!("column {c}, "))
        ));
    }
    feats.push(format!("min_df {}", t.min_df));
    if t.max_df < 1.0 {
        feats.push(format!("max_df {}", t.max_df));
    }
    if t.sublinear_tf {
        feats.push("sublinear tf".into());
    }
    summary.push([
        "features".to_string(),
        format!("{} terms ({})", v.n_features(), feats.join(", ")),
    ]);
    let c = &p.convergence;
    summary.push([
        "model".to_string(),
        format!(
            "multinomial logistic regression, {} solver, alpha {}{}",
            format!("{:?}", p.params.solver).to_lowercase(),
            p.params.alpha,
            match &p.params.class_weight {
                crate::model::ClassWeight::None => String::new(),
                w => format!(", class weight {w:?}").to_lowercase(),
            }
        ),
    ]);
    summary.push([
        "fit".to_string(),
        format!(
            "{} after {} iterations: {} (|gradient| {:.3e}, tolerance {:.3e}; loss {:.4})",
            if c.converged {
                "converged"
            } else {
                "NOT converged"
            },
            c.iterations,
            c.reason,
            c.gradient_norm,
            c.gradient_tolerance,
            c.final_cost
        ),
    ]);
    if let Some(k) = p.params.calibration_folds {
        // One cell: the line runs past the key column.
        summary.push([format!(
            "calibrated temperature {:.3}, fitted on {k} cross-validation folds",
            model.temperature()
        )]);
    }
    summary.push(["time".to_string(), format!("{seconds:.2} s")]);
    let layout = Text {
        indent: "  ",
        head: false,
        ..Text::default()
    };
    out.write_all(layout.table(&summary).as_bytes())
}

/// A spinner on stderr when it is a terminal; silent otherwise (logs, pipes, CI).
struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    fn new() -> Self {
        if !std::io::stderr().is_terminal() {
            return Self(None);
        }
        let bar = indicatif::ProgressBar::new_spinner();
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        Self(Some(bar))
    }

    fn stage(&self, message: &str) {
        if let Some(bar) = &self.0 {
            bar.set_message(message.to_string());
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
