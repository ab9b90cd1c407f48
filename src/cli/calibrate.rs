//! `stance calibrate`: refits a model's temperature on the user's own labelled quotes, so
//! its probabilities mean what they say on their news. Labels never change.

use super::options::{DataArgs, LoadedModel, ModelSource};
use crate::eval::calibration::calibration;
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
    let data = DataFile {
        path: args.data.data.display().to_string(),
        sha256: corpus.sha256.clone(),
        rows,
    };
    let model = classifier.recalibrated(after.temperature, data);
    let table = |written: &std::path::Path| {
        let mut text = Vec::new();
        let _ = write_table(&mut text, &origin, &args, rows, &before, &after, written);
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

/// The before/after table `calibrate` prints (and a registry version keeps as its summary).
fn write_table(
    out: &mut impl Write,
    origin: &str,
    args: &CalibrateArgs,
    rows: usize,
    before: &Fit,
    after: &Fit,
    written: &std::path::Path,
) -> std::io::Result<()> {
    writeln!(out, "model   {}", clean(origin))?;
    writeln!(out, "data    {} ({rows} rows)", path(&args.data.data))?;
    writeln!(out)?;
    writeln!(out, "                                 before    after")?;
    let line = |name: &str, a: f64, b: f64| format!("{name:<31}  {a:>6.3}   {b:>6.3}");
    writeln!(
        out,
        "{}",
        line("temperature", before.temperature, after.temperature)
    )?;
    writeln!(out, "{}", line("log loss", before.log_loss, after.log_loss))?;
    writeln!(out, "{}", line("Brier score", before.brier, after.brier))?;
    writeln!(
        out,
        "{}",
        line(
            &format!("expected calibration error ({ECE_BINS})"),
            before.ece,
            after.ece
        )
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "labels are unchanged: the temperature only rescales each quote's confidence"
    )?;
    writeln!(out, "written {}", path(written))
}
