//! `stance predict`: label the quotations in articles (files, directories, stdin), or texts
//! given on the command line, one per line of a file, or in a CSV column. Input streams in
//! fixed batches, so memory stays flat whatever the input size, and output keeps input order.

use super::articles;
use super::choices::FormatChoice;
use super::inputs::{open_input, read_capped_line, JsonlArticles};
use super::options::{context_col_for_model, target_col_for_model, LoadedModel, ModelSource};
use super::progress::Progress;
use crate::corpus::{self, LineTrackingReader};
use crate::features::{Document, Targeted, TransformScratch};
use crate::model::{Classifier, LOW_COVERAGE};
use crate::render::predictions::{round3, PredictionRecord, PredictionWriter, Probabilities};
use anyhow::{Context, Result};
use clap::Args;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct PredictArgs {
    /// Articles to read: .txt or .html files, directories (read recursively, in sorted order),
    /// or - for standard input. Every quotation is found, attributed and labelled.
    #[arg(value_name = "ARTICLE", conflicts_with_all = ["text", "lines", "csv", "jsonl"])]
    pub articles: Vec<PathBuf>,
    /// Articles as JSON lines, one object per line: {"article": "name", "text": "…"}
    /// ("-" reads standard input). Output as for ARTICLE: a clean filter for pipelines.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["text", "lines", "csv"])]
    pub jsonl: Option<PathBuf>,
    /// Longest article, JSON line, text line or --csv row read, in bytes; longer ones are cut
    /// (articles, text lines) or refused (JSON lines, CSV rows), with a message naming them.
    #[arg(long, default_value_t = 16 << 20, value_name = "BYTES")]
    pub max_bytes: usize,
    /// Parties file (TOML) adding or overriding parties, aliases and people.
    #[arg(long, value_name = "FILE")]
    pub parties: Option<PathBuf>,
    #[command(flatten)]
    pub model: ModelSource,
    /// A text to label (repeatable).
    #[arg(long, value_name = "TEXT")]
    pub text: Vec<String>,
    /// A file with one text per line ("-" reads standard input); blank lines are skipped.
    #[arg(long, value_name = "FILE", conflicts_with = "csv")]
    pub lines: Option<PathBuf>,
    /// A CSV file with a header row; labels the column named by --text-col.
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Column of --csv holding the text.
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub text_col: String,
    /// Column of --csv holding each row's target (the mention text), for a model trained with
    /// --target-col; an empty cell is no target.
    #[arg(long, value_name = "NAME", requires = "csv")]
    pub target_col: Option<String>,
    /// Column of --csv holding the writer's sentence around each quote, for a model
    /// trained with --context-col; an empty cell is no context [default: the column the model
    /// was trained with, when the file has one of that name].
    #[arg(long, value_name = "NAME", requires = "csv")]
    pub context_col: Option<String>,
    /// Output format [default: table on a terminal, jsonl otherwise].
    #[arg(long, value_enum)]
    pub format: Option<FormatChoice>,
    /// Add the terms that pushed hardest toward the chosen label.
    #[arg(long)]
    pub explain: bool,
    /// How many terms --explain shows.
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub top: usize,
    /// Corrections to apply to article quotes: a CSV of article,start,field,value (field:
    /// speaker, speaker_party, target_party or label), matched on the quote's start offset.
    /// Corrected quotes say so (`corrected`).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["text", "lines", "csv"])]
    pub corrections: Option<PathBuf>,
    /// With --corrections: write every quote whose label was corrected as a training row
    /// (text,label,article,start,end,speaker,speaker_party,target_party,context) to FILE,
    /// for `stance train --data FILE`.
    #[arg(long, value_name = "FILE", requires = "corrections")]
    pub export_training: Option<PathBuf>,
    /// Write CSV cells that start with = + - @ as they are (by default they get a leading
    /// apostrophe so spreadsheets do not run them as formulas).
    #[arg(long)]
    pub no_formula_escape: bool,
}

/// Texts featurised and labelled together: large enough to use every core, small enough
/// to keep memory flat.
const BATCH: usize = 4096;

pub fn run(args: PredictArgs) -> Result<()> {
    if args.articles.is_empty()
        && args.jsonl.is_none()
        && args.text.is_empty()
        && args.lines.is_none()
        && args.csv.is_none()
    {
        anyhow::bail!(
            "nothing to label: give article files or directories (- for standard input), --jsonl FILE, --text \"...\", --lines FILE, or --csv FILE"
        );
    }
    let LoadedModel {
        classifier, origin, ..
    } = args.model.load()?;
    let stdout = std::io::stdout();
    let format = FormatChoice::or_default(args.format, stdout.is_terminal());
    let out = BufWriter::with_capacity(1 << 16, stdout.lock());
    if !args.articles.is_empty() || args.jsonl.is_some() {
        let setup = articles::ArticleSetup::read(
            args.parties.as_deref(),
            args.corrections.as_deref(),
            classifier.labels(),
            args.max_bytes,
        )?;
        let mut settings = setup.settings(&classifier);
        if args.explain {
            settings = settings.explaining(args.top)?;
        }
        let job = articles::ArticleJob {
            settings,
            export_training: args.export_training.is_some(),
        };
        let escape = !args.no_formula_escape;
        let rows = match &args.jsonl {
            Some(path) => {
                let lines = JsonlArticles::new(
                    open_input(path)?,
                    path.display().to_string(),
                    args.max_bytes,
                );
                articles::run(&job, lines, format, out, escape)
            }
            None => articles::run(&job, articles::walk(&args.articles), format, out, escape),
        }?;
        if let Some(path) = &args.export_training {
            crate::training_rows::write_all(path, &rows)
                .with_context(|| format!("{}: cannot write the training rows", path.display()))?;
            eprintln!(
                "wrote {} corrected label(s) as training rows to {}",
                rows.len(),
                path.display()
            );
        }
        return Ok(());
    }
    // Articles mark each quote's target party and give its sentence themselves (see
    // cli::articles). Otherwise only --csv rows can carry targets and contexts; a mismatch
    // with the model is warned about once.
    let target_col = target_col_for_model(args.target_col.as_deref(), &classifier, &origin);
    let context_col = args.csv.as_deref().and_then(|path| {
        context_col_for_model(args.context_col.as_deref(), &classifier, &origin, |c| {
            corpus::has_column(path, c)
        })
    });
    let mut labeller = Labeller {
        classifier: &classifier,
        writer: PredictionWriter::new(out, format, classifier.labels(), !args.no_formula_escape),
        explain: args.explain.then_some(args.top),
        scratch: TransformScratch::default(),
        progress: Progress::counter("texts"),
    };
    if !args.text.is_empty() {
        labeller.batch(&args.text)?;
    }
    if let Some(path) = &args.lines {
        label_lines(&mut labeller, path, args.max_bytes)?;
    }
    if let Some(path) = &args.csv {
        label_csv(
            &mut labeller,
            path,
            &args.text_col,
            [target_col.as_deref(), context_col.as_deref()],
            args.max_bytes,
        )?;
    }
    labeller.progress.finish();
    labeller.writer.finish()?;
    Ok(())
}

struct Labeller<'a, W: Write> {
    classifier: &'a Classifier,
    writer: PredictionWriter<W>,
    explain: Option<usize>,
    scratch: TransformScratch,
    progress: Progress,
}

impl<W: Write> Labeller<'_, W> {
    fn batch<S: Document + Sync>(&mut self, texts: &[S]) -> Result<()> {
        let predictions = self.classifier.predict_texts(texts);
        let labels = self.classifier.labels();
        for (text, p) in texts.iter().zip(&predictions) {
            let top_terms = self.explain.map(|n| {
                self.classifier
                    .explain_text(Targeted::of(text), p.label, n, &mut self.scratch)
            });
            self.writer.write(&PredictionRecord {
                text: text.text(),
                label: &labels[p.label],
                probabilities: Probabilities {
                    labels,
                    values: &p.probabilities,
                },
                coverage: round3(p.coverage),
                low_coverage: p.coverage < LOW_COVERAGE,
                top_terms,
            })?;
        }
        self.writer.flush()?;
        self.progress.inc(texts.len() as u64);
        Ok(())
    }
}

fn label_lines<W: Write>(labeller: &mut Labeller<W>, path: &Path, max_bytes: usize) -> Result<()> {
    let mut input = open_input(path)?;
    let mut buf = Vec::new();
    let mut batch: Vec<String> = Vec::with_capacity(BATCH);
    let mut line_no = 0u64;
    let mut invalid_utf8 = 0u64;
    let mut cut_lines = 0u64;
    loop {
        let Some(cut) = read_capped_line(input.as_mut(), &mut buf, max_bytes)
            .with_context(|| format!("{}: read error after line {line_no}", path.display()))?
        else {
            break;
        };
        line_no += 1;
        if cut {
            if cut_lines == 0 {
                crate::warn_clean!(
                    "warning: {}:{line_no}: line longer than {max_bytes} bytes; only its start is labelled (--max-bytes)",
                    path.display()
                );
            }
            cut_lines += 1;
            // The cut may fall inside a character: drop the incomplete end, not report it.
            if let Err(e) = std::str::from_utf8(&buf) {
                if e.error_len().is_none() {
                    buf.truncate(e.valid_up_to());
                }
            }
        }
        let text = match String::from_utf8(std::mem::take(&mut buf)) {
            Ok(s) => s,
            Err(e) => {
                if invalid_utf8 == 0 {
                    crate::warn_clean!(
                        "warning: {}:{line_no}: invalid UTF-8 replaced with U+FFFD",
                        path.display()
                    );
                }
                invalid_utf8 += 1;
                String::from_utf8_lossy(e.as_bytes()).into_owned()
            }
        };
        if text.trim().is_empty() {
            continue;
        }
        batch.push(text);
        if batch.len() == BATCH {
            labeller.batch(&batch)?;
            batch.clear();
        }
    }
    labeller.batch(&batch)?;
    if cut_lines > 1 {
        crate::warn_clean!(
            "warning: {}: {cut_lines} lines were longer than {max_bytes} bytes",
            path.display()
        );
    }
    if invalid_utf8 > 1 {
        crate::warn_clean!(
            "warning: {}: {invalid_utf8} lines had invalid UTF-8",
            path.display()
        );
    }
    Ok(())
}

/// One --csv row to label: its text, and its target and context cells when asked for.
struct CsvRow {
    text: String,
    target: Option<String>,
    context: Option<String>,
}

fn label_csv<'c, W: Write>(
    labeller: &mut Labeller<W>,
    path: &Path,
    text_col: &str,
    [target_col, context_col]: [Option<&'c str>; 2],
    max_bytes: usize,
) -> Result<()> {
    // One row at most --max-bytes: an 800 MB field once took 3.4 GB, /dev/zero all there was.
    let (capped, mark) = crate::input::RowCapped::new(open_input(path)?, max_bytes as u64);
    let (input, lines) = LineTrackingReader::new(capped);
    let too_long = |e: &csv::Error| match e.kind() {
        csv::ErrorKind::Io(io) => crate::input::is_row_too_long(io),
        _ => false,
    };
    let row_error = |line: u64| {
        anyhow::anyhow!(
            "{}:{line}: a row longer than {max_bytes} bytes; split the text or raise --max-bytes",
            crate::term::path(path)
        )
    };
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let headers = match reader.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) if too_long(&e) => return Err(row_error(1)),
        Err(e) => {
            return Err(anyhow::Error::new(e)
                .context(format!("{}:1: cannot read the header row", path.display())))
        }
    };
    mark.row_ended_at(reader.position().byte());
    if corpus::is_empty_header(&headers) {
        anyhow::bail!(
            "{}: the file is empty; --csv reads a CSV whose first row names its columns, such as `{text_col}`",
            path.display()
        );
    }
    let column = |name: &str, flag: &str| corpus::column_index(path, &headers, name, flag);
    let col = column(text_col, "--text-col")?;
    // Each optional column's index and name, for the row errors.
    let optional = |name: Option<&'c str>, flag| {
        name.map(|n| column(n, flag).map(|idx| (idx, n)))
            .transpose()
    };
    let target_idx = optional(target_col, "--target-col")?;
    let context_idx = optional(context_col, "--context-col")?;
    let mut record = csv::ByteRecord::new();
    let mut batch: Vec<CsvRow> = Vec::with_capacity(BATCH);
    let label = |labeller: &mut Labeller<W>, batch: &[CsvRow]| {
        let documents: Vec<Targeted> = batch
            .iter()
            .map(|row| Targeted {
                text: &row.text,
                target: row.target.as_deref(),
                context: row.context.as_deref(),
            })
            .collect();
        labeller.batch(&documents)
    };
    loop {
        let more = reader.read_byte_record(&mut record).map_err(|e| {
            if too_long(&e) {
                // The row starts where the last one ended.
                return row_error(lines.line_at(reader.position().byte()).max(2));
            }
            let line = e.position().map_or(0, |p| lines.line_at(p.byte()));
            anyhow::anyhow!(
                "{}:{line}: malformed CSV ({e}); check the quoting of this row",
                path.display()
            )
        })?;
        if !more {
            break;
        }
        mark.row_ended_at(reader.position().byte());
        let line = record.position().map_or(0, |p| lines.line_at(p.byte()));
        if let Some(message) = corpus::shape_error(&record, headers.len()) {
            anyhow::bail!("{}:{line}: {message}", path.display());
        }
        let field = record.get(col).with_context(|| {
            format!(
                "{}:{line}: this row has {} fields, too few for column {text_col:?}",
                path.display(),
                record.len()
            )
        })?;
        let text = std::str::from_utf8(field).with_context(|| {
            format!(
                "{}:{line}: column {text_col:?} is not valid UTF-8; save the file as UTF-8",
                path.display()
            )
        })?;
        let cell = |column: Option<(usize, &str)>| -> Result<Option<String>> {
            let Some((idx, name)) = column else {
                return Ok(None);
            };
            let field = record.get(idx).with_context(|| {
                format!(
                    "{}:{line}: this row has {} fields, too few for column {name:?}",
                    path.display(),
                    record.len()
                )
            })?;
            let cell = std::str::from_utf8(field).with_context(|| {
                format!(
                    "{}:{line}: column {name:?} is not valid UTF-8; save the file as UTF-8",
                    path.display()
                )
            })?;
            Ok(Some(cell.trim())
                .filter(|c| !c.is_empty())
                .map(str::to_string))
        };
        let row = CsvRow {
            text: text.to_string(),
            target: cell(target_idx)?,
            context: cell(context_idx)?,
        };
        batch.push(row);
        if batch.len() == BATCH {
            label(labeller, &batch)?;
            batch.clear();
        }
    }
    label(labeller, &batch)?;
    Ok(())
}
