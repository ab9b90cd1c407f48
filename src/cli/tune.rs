//! `stance tune`: cross-validate a grid of training settings, rank them, and write the best
//! as a config file for `stance train --config`.

use super::choices::GridChoice;
use super::options::{resolve_columns, DataArgs};
use super::progress::Progress;
use crate::corpus::LabelSet;
use crate::eval::tune::{self, CvResult};
use crate::features::lexicon;
use crate::model::{ClassWeight, ModelSettings};
use crate::render::export::{text::Text, Column, Exporter, Table};
use anyhow::{Context, Result};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct TuneArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Labels, comma-separated [default: conciliatory,hostile,neutral].
    #[arg(long, value_name = "A,B,C")]
    pub labels: Option<String>,
    /// Target marking's context window for every candidate (needs --target-col)
    /// [default: 3 with --target-col].
    #[arg(long, value_name = "N", value_parser = super::options::parse_target_window)]
    pub target_window: Option<usize>,
    /// Folds of the stratified cross-validation.
    #[arg(long, default_value_t = 5, value_name = "K")]
    pub cv: usize,
    /// Seed of the fold shuffle.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Settings to try: quick (regularisation and class weights, 10), standard (also
    /// stemming, negation, min_df and character n-grams, 160), or random (--trials draws
    /// from every option, the defaults first; --seed also seeds the draws).
    #[arg(long, value_enum, default_value_t = GridChoice::Standard)]
    pub grid: GridChoice,
    /// Settings drawn by --grid random.
    #[arg(long, default_value_t = 60, value_name = "N")]
    pub trials: usize,
    /// Rows of the ranked table to show.
    #[arg(long, default_value_t = 15, value_name = "N")]
    pub top: usize,
    /// Where to write the best settings (TOML), for `stance train --config`.
    #[arg(long, default_value = "tuned.toml", value_name = "FILE")]
    pub out: PathBuf,
    /// Overwrite --out if it exists [default: refuse].
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: TuneArgs) -> Result<()> {
    anyhow::ensure!(args.cv >= 2, "--cv needs at least 2 folds, got {}", args.cv);
    crate::outfile::check(&args.out, crate::outfile::Kind::Settings, args.force)?;
    let labels = match &args.labels {
        Some(spec) => LabelSet::parse(spec).map_err(anyhow::Error::msg)?,
        None => LabelSet::default(),
    };
    let mut base = ModelSettings::default();
    base.analyzer.target_window = args.target_window;
    let data = DataArgs {
        columns: resolve_columns(&mut base.analyzer, &args.data.columns)?,
        ..args.data.clone()
    };
    let corpus = data.read(&labels)?;
    corpus.check_every_label_present(&labels)?;
    anyhow::ensure!(args.trials >= 1, "--trials needs at least 1 setting");
    let candidates = tune::candidates(args.grid.into(), &base, args.trials, args.seed);
    let started = std::time::Instant::now();
    let progress = Progress::bar((candidates.len() * args.cv) as u64, "fits");
    let mut results = tune::cross_validate_with_progress(
        &corpus.documents(),
        &corpus.labels(),
        labels.names(),
        &candidates,
        args.cv,
        args.seed,
        &progress.step(),
    )
    .context("cross-validation")?;
    progress.finish();
    // Best mean first; ties keep grid order, so the ranking is deterministic.
    results.sort_by(|a, b| b.macro_f1_mean.total_cmp(&a.macro_f1_mean));
    let best = &results[0];
    let mut settings = best.settings.clone();
    // Calibration changes no label, so it is not tuned; the chosen settings calibrate.
    settings.params.calibration_folds = Some(5);
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{} settings × {}-fold stratified cross-validation of {} ({} rows, seed {}) in {:.1} s",
        results.len(),
        args.cv,
        args.data.data.display(),
        corpus.examples.len(),
        args.seed,
        started.elapsed().as_secs_f64()
    )?;
    writeln!(
        out,
        "rank  macro f1         accuracy    alpha  class weight  stem  negation  min_df  char n-grams  other"
    )?;
    // The heads above are written as they always were (they do not line up with the
    // columns); the rows go through the one text exporter.
    let mut ranked = Table::new(vec![
        Column::right("rank").fixed(4),
        Column::left("macro f1").fixed(0),
        Column::left("accuracy").fixed(0).gap("    "),
        Column::right("alpha").fixed(7),
        Column::left("class weight").fixed(12),
        Column::left("stem").fixed(4),
        Column::left("negation").fixed(8),
        Column::right("min_df").fixed(6),
        Column::left("char n-grams").fixed(12),
        Column::left("other"),
    ]);
    for (i, r) in results.iter().take(args.top).enumerate() {
        ranked.push(std::iter::once((i + 1).to_string()).chain(row(r)));
    }
    let layout = Text {
        head: false,
        ..Text::default()
    };
    out.write_all(layout.table(&ranked).as_bytes())?;
    let toml = format!(
        "# Chosen by `stance tune --grid {}` on {} (sha256 {}):\n# macro-F1 {:.3} ± {:.3} over {} folds (seed {}).\n# Use: stance train --config {} --data … --out …\n{}",
        format!("{:?}", args.grid).to_lowercase(),
        args.data.data.display(),
        corpus.sha256,
        best.macro_f1_mean,
        best.macro_f1_sd,
        args.cv,
        args.seed,
        args.out.display(),
        settings_toml(&settings)?
    );
    crate::outfile::write(
        &args.out,
        toml.as_bytes(),
        crate::outfile::Kind::Settings,
        args.force,
    )?;
    writeln!(
        out,
        "\nbest settings written to {}",
        crate::term::path(&args.out)
    )?;
    Ok(())
}

/// `settings` as TOML for `--config`, with the built-in lexicon named (`lexicon = "vader"`)
/// rather than its thousands of entries; any other lexicon is written in full.
pub fn settings_toml(settings: &ModelSettings) -> Result<String> {
    let mut value = toml::Value::try_from(settings).context("writing the settings as TOML")?;
    if settings
        .analyzer
        .lexicon
        .as_ref()
        .is_some_and(|l| l.is_builtin())
    {
        if let Some(analyzer) = value.get_mut("analyzer").and_then(|a| a.as_table_mut()) {
            analyzer.insert("lexicon".into(), lexicon::BUILTIN.into());
        }
    }
    toml::to_string(&value).context("writing the settings as TOML")
}

/// One result's cells after its rank.
fn row(r: &CvResult) -> [String; 9] {
    let s = &r.settings;
    [
        format!("{:.3} ± {:.3}", r.macro_f1_mean, r.macro_f1_sd),
        format!("{:.3}", r.accuracy_mean),
        s.params.alpha.to_string(),
        match &s.params.class_weight {
            ClassWeight::None => "none".to_string(),
            ClassWeight::Balanced => "balanced".to_string(),
            ClassWeight::Explicit(w) => format!("{w:?}"),
        },
        if s.analyzer.stem { "on" } else { "off" }.to_string(),
        if s.analyzer.negation { "on" } else { "off" }.to_string(),
        s.tfidf.min_df.to_string(),
        s.analyzer
            .char_ngrams
            .map_or("off".to_string(), |(a, b)| format!("{a}–{b}")),
        other_settings(s),
    ]
}

/// The settings no column shows, where they differ from the defaults (what --grid random
/// varies besides the columns), e.g. "words 1–3, stop words, max_df 0.9".
fn other_settings(s: &ModelSettings) -> String {
    let default = ModelSettings::default();
    let mut out = Vec::new();
    if s.analyzer.word_ngrams != default.analyzer.word_ngrams {
        let (a, b) = s.analyzer.word_ngrams;
        out.push(format!("words {a}–{b}"));
    }
    if s.analyzer.stop_words {
        out.push("stop words".to_string());
    }
    match &s.analyzer.lexicon {
        None => out.push("no lexicon".to_string()),
        Some(l) if !l.is_builtin() => out.push(format!("lexicon {}", l.name())),
        Some(_) => {}
    }
    if s.tfidf.stop_unigrams {
        out.push("stop unigrams".to_string());
    }
    if let Some(w) = s.analyzer.target_window {
        out.push(format!("window {w}"));
    }
    if s.tfidf.max_df != default.tfidf.max_df {
        out.push(format!("max_df {}", s.tfidf.max_df));
    }
    if let Some(n) = s.tfidf.max_features {
        out.push(format!("max_features {n}"));
    }
    if !s.tfidf.sublinear_tf {
        out.push("raw tf".to_string());
    }
    if out.is_empty() {
        "-".to_string()
    } else {
        out.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_lexicon_is_written_by_name_and_read_back() {
        let settings = ModelSettings::default();
        let text = settings_toml(&settings).unwrap();
        assert!(text.contains("lexicon = \"vader\""), "{text}");
        assert!(text.len() < 2000, "{}", text.len());
        let back: ModelSettings = toml::from_str(&text).unwrap();
        assert_eq!(back, settings);
        // Off: no lexicon line, and it reads back off.
        let mut off = settings.clone();
        off.analyzer.lexicon = None;
        let text = settings_toml(&off).unwrap();
        assert!(!text.contains("lexicon"), "{text}");
        assert_eq!(toml::from_str::<ModelSettings>(&text).unwrap(), off);
    }
}
