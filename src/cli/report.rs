//! `stance report`: tone over time across a corpus. Reads articles (files, directories, JSON
//! lines with dates) and labels their quotes, or reads the records `stance predict` wrote;
//! dates each article; and writes each directed pair's tone by day, week or month as a
//! table, CSV or JSON, and optionally one self-contained HTML page.

use super::articles;
use super::inputs::{open_input, ArticleInput, RawArticle};
use super::options::ModelSource;
use super::progress::Progress;
use super::report_inputs::{read_records, DatedInput, DatedJsonl, DatesFile};
use crate::corpus::DEFAULT_LABELS;
use crate::pipeline::{analyse, ArticleReport, Settings};
use crate::render::report::{write_csv, write_json, write_table};
use crate::render::report_html::{report_page, ReportPage};
use crate::report::{build, html_date, Article, Date, Period, ToneQuote};
use crate::tone::{has_tone_labels, CONCILIATORY, HOSTILE};
use anyhow::{bail, Result};
use clap::{Args, ValueEnum};
use rayon::prelude::*;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// One block per pair, aligned columns.
    Table,
    /// One row per pair and period (for pandas.read_csv).
    Csv,
    /// The whole report, with each period's most hostile and conciliatory quotes.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum By {
    Day,
    /// ISO weeks, Monday to Sunday (2026-W07).
    Week,
    Month,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Articles: .txt or .html files, directories (read recursively, in sorted order), or -
    /// for standard input. HTML pages give their date in <meta property=
    /// "article:published_time"> (or similar) or <time datetime>.
    #[arg(value_name = "ARTICLE", conflicts_with_all = ["jsonl", "records"])]
    pub articles: Vec<PathBuf>,
    /// Articles as JSON lines: {"article": "name", "text": "…", "date": "2026-03-14",
    /// "source": "…"} ("-" reads standard input); only "text" is required.
    #[arg(long, value_name = "FILE", conflicts_with = "records")]
    pub jsonl: Option<PathBuf>,
    /// Already scored: the JSON lines `stance predict --format jsonl` wrote (extra fields
    /// are ignored; a "date" field on a record dates its article). Needs no model.
    #[arg(long, value_name = "FILE")]
    pub records: Option<PathBuf>,
    /// A CSV with columns article,date giving or overriding articles' dates (YYYY-MM-DD). An
    /// article is named as stance prints it, or by its file name.
    #[arg(long, value_name = "FILE")]
    pub dates: Option<PathBuf>,
    /// Period of the series.
    #[arg(long, value_enum, default_value_t = By::Month, value_name = "PERIOD")]
    pub by: By,
    /// Output format of the series [default: table on a terminal, csv otherwise].
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
    /// Also write one self-contained HTML page (charts, quotes, highlighted articles).
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Most hostile and most conciliatory quotes kept per period (JSON; the page shows one).
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub top: usize,
    /// Parties file (TOML) adding or overriding parties, aliases and people.
    #[arg(long, value_name = "FILE")]
    pub parties: Option<PathBuf>,
    /// Corrections CSV (article,start,field,value; field one of speaker, speaker_party,
    /// target_party, label) applied to the quotes before they are reported.
    #[arg(long, value_name = "FILE", conflicts_with = "records")]
    pub corrections: Option<PathBuf>,
    #[command(flatten)]
    pub model: ModelSource,
    /// Longest article or JSON line read, in bytes.
    #[arg(long, default_value_t = 16 << 20, value_name = "BYTES")]
    pub max_bytes: usize,
    /// Write CSV cells that start with = + - @ as they are.
    #[arg(long)]
    pub no_formula_escape: bool,
}

/// Articles read and labelled together (in parallel).
const BATCH: usize = 64;
/// Article text kept in memory for the page's article view; beyond it articles are shown by
/// their quotes only (the page holds far less than this anyway).
const KEEP_TEXT_BYTES: usize = 64 << 20;

/// Everything read: articles, their texts (when kept) and their labelled quotes.
struct Corpus {
    articles: Vec<Article>,
    texts: Vec<Option<String>>,
    quotes: Vec<ToneQuote>,
    labels: Vec<String>,
}

pub fn run(args: ReportArgs) -> Result<()> {
    if args.articles.is_empty() && args.jsonl.is_none() && args.records.is_none() {
        bail!("nothing to report on: give article files or directories, --jsonl FILE (articles with dates), or --records FILE (the output of stance predict)");
    }
    // A page that cannot be written is found before the work, not after it.
    if let Some(path) = &args.html {
        crate::outfile::check(path, crate::outfile::Kind::Report, true)?;
    }
    let mut dates = args.dates.as_deref().map(DatesFile::read).transpose()?;
    let (mut corpus, input) = match &args.records {
        Some(path) => (
            from_records(path, args.max_bytes)?,
            format!("records {}", path.display()),
        ),
        None => {
            let input = match &args.jsonl {
                Some(path) => format!("articles from {}", path.display()),
                None => args
                    .articles
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
            };
            (from_articles(&args)?, input)
        }
    };
    if let Some(d) = dates.as_mut() {
        for a in &mut corpus.articles {
            // The file is the analyst's word: it overrides a date found in the article.
            if let Some(date) = d.date_of(&a.name) {
                a.date = Some(date);
            }
        }
        d.warn_unused();
    }
    let by = match args.by {
        By::Day => Period::Day,
        By::Week => Period::Week,
        By::Month => Period::Month,
    };
    let report = build(
        &corpus.articles,
        &corpus.quotes,
        &corpus.labels,
        by,
        args.top,
    );
    if !report.undated.is_empty() {
        let shown: Vec<String> = report.undated.iter().take(10).cloned().collect();
        eprintln!(
            "warning: {} of {} articles have no date and are left out of the series: {}{}; give their dates with --dates FILE (a CSV with columns article,date)",
            report.undated.len(),
            report.articles,
            shown.join(", "),
            if report.undated.len() > 10 {
                format!(" and {} more", report.undated.len() - 10)
            } else {
                String::new()
            }
        );
    }
    if let Some(path) = &args.html {
        let page = report_page(&ReportPage {
            report: &report,
            articles: &corpus.articles,
            quotes: &corpus.quotes,
            texts: &corpus.texts,
            input: &input,
        });
        crate::outfile::write(path, page.as_bytes(), crate::outfile::Kind::Report, true)?;
        eprintln!(
            "wrote {} ({} KB)",
            path.display(),
            page.len().div_ceil(1024)
        );
    }
    let stdout = std::io::stdout();
    let format = args.format.unwrap_or(if stdout.is_terminal() {
        ReportFormat::Table
    } else {
        ReportFormat::Csv
    });
    let mut out = BufWriter::new(stdout.lock());
    match format {
        ReportFormat::Table => write_table(&report, &mut out)?,
        ReportFormat::Csv => write_csv(&report, &mut out, !args.no_formula_escape)?,
        ReportFormat::Json => write_json(&report, &mut out)?,
    }
    out.flush()?;
    Ok(())
}

fn from_records(path: &Path, max_bytes: usize) -> Result<Corpus> {
    let progress = Progress::counter("records");
    let r = read_records(
        open_input(path)?,
        &path.display().to_string(),
        max_bytes,
        &progress,
    )?;
    progress.finish();
    if !r.model_labels.is_empty() && !has_tone_labels(&r.model_labels) {
        bail!(
            "{}: the records' model labels are {}; a tone index needs {CONCILIATORY} and {HOSTILE}",
            path.display(),
            r.model_labels.join(", ")
        );
    }
    // The model's label order when the records name it, else the usual three, then any other
    // label seen, by name.
    let mut labels: Vec<String> = if r.model_labels.is_empty() {
        DEFAULT_LABELS.map(String::from).to_vec()
    } else {
        r.model_labels.clone()
    };
    let mut extra: Vec<&String> = r
        .quotes
        .iter()
        .map(|q| &q.label)
        .filter(|l| !labels.contains(l))
        .collect();
    extra.sort();
    extra.dedup();
    labels.extend(extra.into_iter().cloned());
    let articles = r
        .names
        .into_iter()
        .zip(r.dates)
        .zip(r.sources)
        .map(|((name, date), source)| Article { name, date, source })
        .collect::<Vec<_>>();
    Ok(Corpus {
        texts: vec![None; articles.len()],
        articles,
        quotes: r.quotes,
        labels,
    })
}

fn from_articles(args: &ReportArgs) -> Result<Corpus> {
    let loaded = args.model.load()?;
    let classifier = &loaded.classifier;
    let labels = classifier.labels().to_vec();
    if !has_tone_labels(&labels) {
        bail!(
            "{}: the model's labels are {}; a tone index needs {CONCILIATORY} and {HOSTILE}",
            loaded.origin,
            labels.join(", ")
        );
    }
    let setup = articles::ArticleSetup::read(
        args.parties.as_deref(),
        args.corrections.as_deref(),
        classifier.labels(),
        args.max_bytes,
    )?;
    let settings = setup.settings(classifier);
    let mut inputs: Box<dyn Iterator<Item = Result<DatedInput>>> = match &args.jsonl {
        Some(path) => Box::new(DatedJsonl::new(
            open_input(path)?,
            path.display().to_string(),
            args.max_bytes,
        )),
        None => Box::new(articles::walk(&args.articles).map(|r| {
            r.map(|input| DatedInput {
                input,
                date: None,
                source: None,
            })
            .map_err(anyhow::Error::msg)
        })),
    };
    let mut corpus = Corpus {
        articles: Vec::new(),
        texts: Vec::new(),
        quotes: Vec::new(),
        labels: labels.clone(),
    };
    let mut kept = 0usize;
    let progress = Progress::counter("articles");
    loop {
        let batch: Vec<DatedInput> = inputs.by_ref().take(BATCH).collect::<Result<_>>()?;
        if batch.is_empty() {
            break;
        }
        let done: Vec<Result<Read1, String>> = batch
            .into_par_iter()
            .map(|d| read_one(&settings, d))
            .collect();
        progress.inc(done.len() as u64);
        for one in done {
            let one = one.map_err(anyhow::Error::msg)?;
            let date = match one.date {
                Some(Err(e)) => {
                    eprintln!("warning: {}: the page's publication date {e}; the article is left undated (give its date with --dates)", one.report.article);
                    None
                }
                Some(Ok(date)) => Some(date),
                None => None,
            };
            articles::warn(&one.report);
            let ArticleReport {
                article: name,
                text,
                extraction,
                quotes,
                ..
            } = one.report;
            let article = corpus.articles.len();
            for (q, l) in extraction.quotes.into_iter().zip(quotes) {
                let Some(label) = l.label else { continue };
                corpus.quotes.push(ToneQuote {
                    article,
                    start: q.start,
                    end: q.end,
                    spans: q.spans,
                    text: q.text,
                    speaker: q.speaker,
                    speaker_party: q.speaker_party,
                    target_party: q.target_party,
                    label: labels[label].clone(),
                    probability: l.probabilities.get(label).copied(),
                });
            }
            let keep = kept + text.len() <= KEEP_TEXT_BYTES;
            if keep {
                kept += text.len();
            }
            corpus.texts.push(keep.then_some(text));
            corpus.articles.push(Article {
                name,
                date,
                source: one.source,
            });
        }
    }
    progress.finish();
    Ok(corpus)
}

/// One article read and labelled, with its date as its input gave it or its page declares it
/// (`Err`: a declared date that is not one, to warn about).
struct Read1 {
    report: ArticleReport,
    date: Option<Result<Date, String>>,
    source: Option<String>,
}

/// Reads an article once: its page's date is found in the bytes as read, before the
/// pipeline strips the markup that holds it.
fn read_one(settings: &Settings, d: DatedInput) -> Result<Read1, String> {
    let name = d.input.name();
    let raw = d
        .input
        .read_raw(settings.limits().max_text_bytes)
        .map_err(|e| format!("{name}: cannot read: {e}"))?;
    let date = match d.date {
        Some(date) => Some(Ok(date)),
        None => page_date(&d.input, &raw),
    };
    Ok(Read1 {
        report: analyse(raw.into_article(name), settings),
        date,
        source: d.source,
    })
}

/// The publication date an HTML article declares, if it declares one.
fn page_date(input: &ArticleInput, raw: &RawArticle) -> Option<Result<Date, String>> {
    match input {
        ArticleInput::File(_) if raw.html => html_date(&String::from_utf8_lossy(&raw.bytes)),
        ArticleInput::Inline { text, .. } if text.trim_start().starts_with('<') => html_date(text),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(bytes: &str, html: bool) -> RawArticle {
        RawArticle {
            bytes: bytes.as_bytes().to_vec(),
            cut: false,
            html,
        }
    }

    #[test]
    fn a_page_date_comes_from_the_bytes_as_read_not_a_second_read() {
        // The path does not exist: a date found proves the file was not opened again.
        let input = ArticleInput::File(PathBuf::from("/nonexistent/stance/page.html"));
        let page = r#"<html><head><meta property="article:published_time" content="2026-03-14T09:30:00Z"></head><body><p>Talks resumed.</p></body></html>"#;
        assert_eq!(
            page_date(&input, &raw(page, true)),
            Some(Ok(Date::new(2026, 3, 14).expect("a date")))
        );
        // Plain text declares no date, whatever it holds.
        assert_eq!(page_date(&input, &raw(page, false)), None);
    }

    #[test]
    fn an_inline_page_is_dated_from_its_text() {
        let input = ArticleInput::Inline {
            name: "a".into(),
            text: r#"<p><time datetime="2026-02-01">1 February</time></p>"#.into(),
        };
        assert_eq!(
            page_date(&input, &raw("", false)),
            Some(Ok(Date::new(2026, 2, 1).expect("a date")))
        );
    }
}
