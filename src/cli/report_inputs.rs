//! `stance report`'s inputs besides article files: the `--dates` CSV, JSON-line articles with
//! a `date` (and `source`), and the JSON-line records `stance predict` writes. Every error
//! names the file and line and says what to do.

use super::inputs::{read_capped_line, ArticleInput, JsonLines};
use crate::report::{parse_date, Date, ToneQuote};
use anyhow::{bail, Context, Result};
use std::collections::HashMap;
use std::io::BufRead;
use std::path::Path;

const DATE_FIX: &str = "write dates as YYYY-MM-DD (a time may follow, as in 2026-03-14T09:30:00Z)";

/// Dates given with `--dates FILE`: a CSV with columns `article` and `date` (others are
/// ignored). An article is matched by its name as stance prints it, or by its file name.
pub struct DatesFile {
    path: String,
    dates: HashMap<String, (Date, u64)>,
    used: std::collections::HashSet<String>,
}

impl DatesFile {
    pub fn read(path: &Path) -> Result<Self> {
        let shown = path.display().to_string();
        let file = std::fs::File::open(path)
            .with_context(|| format!("{shown}: cannot read the dates file; check the path"))?;
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(std::io::BufReader::new(file));
        let headers = reader
            .headers()
            .with_context(|| format!("{shown}:1: cannot read the header row (is it UTF-8 CSV?)"))?
            .clone();
        let col = |name: &str| {
            headers.iter().position(|h| {
                h.trim()
                    .trim_start_matches('\u{feff}')
                    .eq_ignore_ascii_case(name)
            })
        };
        let (Some(article_col), Some(date_col)) = (col("article"), col("date")) else {
            bail!(
                "{shown}:1: a dates file needs the columns article and date (the header is {:?}); write a header row `article,date`",
                headers.iter().collect::<Vec<_>>().join(",")
            );
        };
        let mut dates: HashMap<String, (Date, u64)> = HashMap::new();
        for row in reader.records() {
            let row = row.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line());
                anyhow::anyhow!(
                    "{shown}:{line}: malformed CSV ({e}); check the quoting of this row"
                )
            })?;
            let line = row.position().map_or(0, |p| p.line());
            let article = row.get(article_col).unwrap_or("").trim();
            let date = row.get(date_col).unwrap_or("").trim();
            if article.is_empty() {
                bail!("{shown}:{line}: no article name; each row is article,date");
            }
            if date.is_empty() {
                // Said to have no known date: left undated, as if absent.
                continue;
            }
            let date = parse_date(date).map_err(|e| {
                anyhow::anyhow!("{shown}:{line}: bad date for {article:?}: {e}; {DATE_FIX}")
            })?;
            if let Some((other, first)) = dates.get(article) {
                if *other != date {
                    bail!(
                        "{shown}:{line}: {article:?} is dated {date} here but {other} on line {first}; keep one"
                    );
                }
                continue;
            }
            dates.insert(article.to_string(), (date, line));
        }
        Ok(Self {
            path: shown,
            dates,
            used: Default::default(),
        })
    }

    /// The date given for `article` (its full name first, then its file name).
    pub fn date_of(&mut self, article: &str) -> Option<Date> {
        let file_name = article.rsplit(['/', '\\']).next().unwrap_or(article);
        for key in [article, file_name] {
            if let Some((date, _)) = self.dates.get(key) {
                self.used.insert(key.to_string());
                return Some(*date);
            }
        }
        None
    }

    /// Warns about dates that matched no article (a misspelt name is a silent gap otherwise).
    pub fn warn_unused(&self) {
        let mut unused: Vec<&String> = self
            .dates
            .keys()
            .filter(|k| !self.used.contains(*k))
            .collect();
        if unused.is_empty() {
            return;
        }
        unused.sort();
        let shown: Vec<String> = unused.iter().take(10).map(|s| format!("{s:?}")).collect();
        eprintln!(
            "warning: {}: {} date(s) name no article that was read: {}{}; name articles as stance prints them, or by file name",
            self.path,
            unused.len(),
            shown.join(", "),
            if unused.len() > 10 { ", …" } else { "" }
        );
    }
}

/// One article to report on, with what its input said about it.
pub struct DatedInput {
    pub input: ArticleInput,
    /// From the JSON line's `date` field.
    pub date: Option<Date>,
    pub source: Option<String>,
}

#[derive(serde::Deserialize)]
struct JsonArticle {
    article: Option<String>,
    text: String,
    date: Option<String>,
    source: Option<String>,
}

/// Articles from JSON lines `{"article": …, "text": …, "date": …, "source": …}` (only `text`
/// is required; other fields are ignored). A bad date stops the run with file and line.
pub struct DatedJsonl(JsonLines);

impl DatedJsonl {
    pub fn new(input: Box<dyn BufRead>, origin: String, cap: usize) -> Self {
        Self(JsonLines::new(input, origin, cap))
    }
}

impl Iterator for DatedJsonl {
    type Item = Result<DatedInput>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut line = match self.0.next_json::<JsonArticle>(
            "a JSON object with a \"text\" field and optional \"article\", \"date\" and \"source\" strings",
        )? {
            Ok(l) => l,
            Err(e) => return Some(Err(anyhow::anyhow!(e))),
        };
        let date = match line
            .value
            .date
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
        {
            None => None,
            Some(d) => match parse_date(d) {
                Ok(d) => Some(d),
                Err(e) => {
                    return Some(Err(anyhow::anyhow!(
                        "{}: bad \"date\": {e}; {DATE_FIX}",
                        line.place()
                    )))
                }
            },
        };
        Some(Ok(DatedInput {
            input: ArticleInput::Inline {
                name: line.value.article.take().unwrap_or_else(|| line.place()),
                text: line.value.text,
            },
            date,
            source: line.value.source,
        }))
    }
}

/// What the records of `stance predict` give: articles in order of appearance with any
/// `date` / `source` their records carry, and the labelled quotes.
#[derive(Default)]
pub struct Records {
    pub names: Vec<String>,
    pub dates: Vec<Option<Date>>,
    pub sources: Vec<Option<String>>,
    pub quotes: Vec<ToneQuote>,
    /// Labels named by the records' probabilities (the model's label set), in order seen.
    pub model_labels: Vec<String>,
}

/// One JSON line of `stance predict`; unknown fields (added by later versions or other
/// tools) are ignored.
#[derive(serde::Deserialize)]
struct RecordLine {
    record: Option<String>,
    article: Option<String>,
    #[serde(default)]
    start: usize,
    #[serde(default)]
    end: usize,
    quote: Option<String>,
    speaker: Option<String>,
    speaker_party: Option<String>,
    target_party: Option<String>,
    label: Option<String>,
    probabilities: Option<serde_json::Map<String, serde_json::Value>>,
    date: Option<String>,
    source: Option<String>,
}

pub fn read_records(
    input: Box<dyn BufRead>,
    origin: &str,
    cap: usize,
    progress: &super::progress::Progress,
) -> Result<Records> {
    let mut input = input;
    let mut r = Records::default();
    let mut index: HashMap<String, (usize, u64)> = HashMap::new();
    let mut buf = Vec::new();
    let mut line = 0u64;
    let mut skipped = 0u64;
    while let Some(cut) = read_capped_line(input.as_mut(), &mut buf, cap)
        .with_context(|| format!("{origin}: read error after line {line}"))?
    {
        line += 1;
        progress.inc(1);
        if buf.iter().all(|b| b.is_ascii_whitespace()) {
            continue;
        }
        if cut {
            bail!("{origin}:{line}: line longer than {cap} bytes; raise --max-bytes");
        }
        let rec: RecordLine = serde_json::from_slice(&buf).map_err(|e| {
            anyhow::anyhow!("{origin}:{line}: not a record of `stance predict` ({e}); --records reads the JSON lines `stance predict --format jsonl` writes")
        })?;
        let kind = rec.record.as_deref().with_context(|| {
            format!("{origin}:{line}: no \"record\" field; --records reads the JSON lines `stance predict --format jsonl` writes (for articles as JSON lines, use --jsonl)")
        })?;
        if kind != "quote" && kind != "summary" {
            skipped += 1;
            continue;
        }
        let name = rec
            .article
            .with_context(|| format!("{origin}:{line}: a {kind} record without \"article\""))?;
        let date =
            match rec.date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
                None => None,
                Some(d) => Some(parse_date(d).map_err(|e| {
                    anyhow::anyhow!("{origin}:{line}: bad \"date\": {e}; {DATE_FIX}")
                })?),
            };
        let article = match index.get(&name) {
            Some(&(i, _)) => i,
            None => {
                let i = r.names.len();
                index.insert(name.clone(), (i, line));
                r.names.push(name.clone());
                r.dates.push(None);
                r.sources.push(None);
                i
            }
        };
        if let Some(date) = date {
            match r.dates[article] {
                Some(other) if other != date => bail!(
                    "{origin}:{line}: article {name:?} is dated {date} here but {other} on an earlier line; give each article one date"
                ),
                _ => r.dates[article] = Some(date),
            }
        }
        if rec.source.is_some() && r.sources[article].is_none() {
            r.sources[article] = rec.source;
        }
        if kind == "summary" {
            continue;
        }
        let label = rec.label.with_context(|| {
            format!("{origin}:{line}: a quote record without a \"label\" (written by `stance quotes`?); label the articles with `stance predict`")
        })?;
        let probabilities = rec.probabilities.unwrap_or_default();
        for l in probabilities.keys() {
            if !r.model_labels.contains(l) {
                r.model_labels.push(l.clone());
            }
        }
        let quote = rec.quote.unwrap_or_default();
        let end = if rec.end > rec.start {
            rec.end
        } else {
            rec.start + quote.len()
        };
        r.quotes.push(ToneQuote {
            article,
            start: rec.start,
            end,
            spans: vec![(rec.start, end)],
            probability: probabilities
                .get(&label)
                .and_then(serde_json::Value::as_f64),
            text: quote,
            speaker: rec
                .speaker
                .unwrap_or_else(|| crate::tone::UNKNOWN.to_string()),
            speaker_party: rec.speaker_party,
            target_party: rec.target_party,
            label,
        });
    }
    if skipped > 0 {
        eprintln!(
            "warning: {origin}: {skipped} record(s) other than quote and summary were skipped"
        );
    }
    Ok(r)
}
