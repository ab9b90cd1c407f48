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
pub struct CalibrateArgs {
    #[command(flatten)]
    pub model: ModelSource,
    #[command(flatten)]
    pub data: DataArgs,
    /// Where to write the recalibrated model (JSON).
    #[arg(long, value_name = "MODEL")]
    pub out: PathBuf,
    /// Overwrite --out if it exists [default: refuse].
    #[arg(long)]
    pub force: bool,
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
    crate::outfile::check(&args.out, crate::outfile::Kind::Model, args.force)?;
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
    file::save(&model, &args.out, args.force)?;

    let mut out = std::io::stdout().lock();
    writeln!(out, "model   {}", clean(&origin))?;
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
    writeln!(out, "written {}", path(&args.out))?;
    Ok(())
}
