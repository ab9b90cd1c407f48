//! `stance calibrate`: refits a model's temperature on the user's own labelled quotes, so
//! its probabilities mean what they say on their news. Labels never change.

use super::options::{DataArgs, LoadedModel, ModelSource};
use crate::eval::calibration::calibration;
use crate::folds::StratifiedKFold;
use crate::model::calibrate::{fit_temperature, mean_log_loss, probabilities};
use crate::model::classifier::DataFile;
use crate::model::file;
use crate::term::{clean, path};
use anyhow::Result;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

/// Fewer rows than this say too little about confidence to fit it.
const MIN_ROWS: usize = 20;

/// Bins of the expected calibration error, as `evaluate` reports it.
const ECE_BINS: usize = 15;

/// Folds of the held-out check: each scored with a temperature fitted on the others.
const HELD_OUT_FOLDS: usize = 5;

/// Seed of the held-out folds, fixed so the table is the same on every run.
const HELD_OUT_SEED: u64 = 7;

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("destination").required(true).args(["out", "name"])))]
#[command(mut_args(registry_help))]
pub struct CalibrateArgs {
    #[command(flatten)]
    pub model: ModelSource,
    #[command(flatten)]
    pub data: DataArgs,
    /// Where to write the recalibrated model (JSON). Either --out or --name.
    #[arg(long, value_name = "MODEL")]
    pub out: Option<PathBuf>,
    /// Save it as the next version of registry model NAME (in --models-dir), with its card.
    /// Either --out or --name.
    #[arg(long, value_name = "NAME", conflicts_with = "force")]
    pub name: Option<String>,
    /// Overwrite --out if it exists [default: refuse].
    #[arg(long)]
    pub force: bool,
}

/// One registry serves both ends: where --model NAME is read and --name written.
fn registry_help(a: clap::Arg) -> clap::Arg {
    if a.get_id() == "models_dir" {
        a.help(
            "Registry folder for --model NAME and --name [default: $STANCE_MODELS, else ./models]",
        )
    } else {
        a
    }
}

/// Confidence measures of one temperature on the calibration rows.
struct Fit {
    temperature: f64,
    log_loss: f64,
    brier: f64,
    ece: f64,
}

fn measure(logits: &[Vec<f64>], y: &[usize], temperature: f64) -> Fit {
    let c = calibration(y, &probabilities(logits, temperature), ECE_BINS);
    Fit {
        temperature,
        log_loss: mean_log_loss(logits, y, temperature),
        brier: c.brier,
        ece: c.ece,
    }
}

/// The refit judged on rows it did not see: every row scored with a temperature fitted on
/// the other folds, since figures on the fitted rows flatter it. `temperature` is the folds'
/// mean.
fn held_out(logits: &[Vec<f64>], y: &[usize], n_labels: usize) -> Fit {
    let folds = StratifiedKFold::new(y, n_labels, HELD_OUT_FOLDS, HELD_OUT_SEED);
    let mut probs = vec![Vec::new(); y.len()];
    let mut temperatures = 0.0;
    for split in folds.splits() {
        let train_logits: Vec<Vec<f64>> = split.train_of(logits).cloned().collect();
        let train_y: Vec<usize> = split.train_of(y).copied().collect();
        let temperature = fit_temperature(&train_logits, &train_y);
        temperatures += temperature;
        let test_logits: Vec<Vec<f64>> = split.test_of(logits).cloned().collect();
        for (&row, p) in split
            .test
            .iter()
            .zip(probabilities(&test_logits, temperature))
        {
            probs[row] = p;
        }
    }
    let log_loss = y
        .iter()
        .zip(&probs)
        .map(|(&t, p)| -p[t].max(f64::MIN_POSITIVE).ln())
        .sum::<f64>()
        / y.len().max(1) as f64;
    let c = calibration(y, &probs, ECE_BINS);
    Fit {
        temperature: temperatures / HELD_OUT_FOLDS as f64,
        log_loss,
        brier: c.brier,
        ece: c.ece,
    }
}

pub fn run(args: CalibrateArgs) -> Result<()> {
    // Refused before the work, not after.
    match (&args.out, &args.name) {
        (Some(out), _) => crate::outfile::check(out, crate::outfile::Kind::Model, args.force)?,
        (_, Some(name)) => crate::registry::validate_name(name)?,
        (None, None) => anyhow::bail!("pass --out MODEL.json or --name NAME"),
    }
    let LoadedModel {
        classifier, origin, ..
    } = args.model.load()?;
    let corpus = args.data.read_for_model(&classifier, &origin)?;
    let rows = corpus.examples.len();
    anyhow::ensure!(
        rows >= MIN_ROWS,
        "{}: {rows} labelled row(s); a temperature needs at least {MIN_ROWS} to be fitted. Label more quotes from your own articles (stance label --export N) and calibrate again",
        path(&args.data.data)
    );
    let y = corpus.labels();
    let logits = classifier.fitted().logits_of(&corpus.documents());
    let before = measure(&logits, &y, classifier.temperature());
    let after = measure(&logits, &y, fit_temperature(&logits, &y));
    let unseen = held_out(&logits, &y, classifier.labels().len());
    let data = DataFile {
        path: args.data.data.display().to_string(),
        sha256: corpus.sha256.clone(),
        rows,
    };
    let model = classifier.recalibrated(after.temperature, data);
    let table = |written: &std::path::Path| {
        let mut text = Vec::new();
        let fits = [&before, &after, &unseen];
        let _ = write_table(&mut text, &origin, &args, rows, fits, written);
        String::from_utf8_lossy(&text).into_owned()
    };
    let text = match (&args.out, &args.name) {
        (Some(path), _) => {
            file::save(&model, path, args.force)?;
            table(path)
        }
        (None, Some(name)) => {
            let registry = crate::registry::Registry::locate(args.model.models_dir.as_deref());
            let (version, text) =
                registry.save_new_version(name, &model, table, crate::render::card::model_card)?;
            format!("{text}saved   {}\n", version.label())
        }
        (None, None) => anyhow::bail!("pass --out MODEL.json or --name NAME"),
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(())
}

/// The before/after table `calibrate` prints (and a registry version keeps as its summary):
/// the model as it was, the refit on all rows, and the refit judged on held-out folds.
fn write_table(
    out: &mut impl Write,
    origin: &str,
    args: &CalibrateArgs,
    rows: usize,
    [before, after, unseen]: [&Fit; 3],
    written: &std::path::Path,
) -> std::io::Result<()> {
    writeln!(out, "model   {}", clean(origin))?;
    writeln!(out, "data    {} ({rows} rows)", path(&args.data.data))?;
    writeln!(out)?;
    writeln!(
        out,
        "                                 before    after   held out ({HELD_OUT_FOLDS}-fold)"
    )?;
    let line = |name: &str, f: fn(&Fit) -> f64| {
        format!(
            "{name:<31}  {:>6.3}   {:>6.3}   {:>6.3}",
            f(before),
            f(after),
            f(unseen)
        )
    };
    writeln!(out, "{}", line("temperature", |f| f.temperature))?;
    writeln!(out, "{}", line("log loss", |f| f.log_loss))?;
    writeln!(out, "{}", line("Brier score", |f| f.brier))?;
    writeln!(
        out,
        "{}",
        line(&format!("expected calibration error ({ECE_BINS})"), |f| f
            .ece)
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "labels are unchanged: the temperature only rescales each quote's confidence"
    )?;
    writeln!(
        out,
        "held out: each fold scored with a temperature fitted on the others (their mean shown)"
    )?;
    writeln!(out, "written {}", path(written))
}
