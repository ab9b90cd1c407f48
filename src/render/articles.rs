//! Article results (attributed quotes, labels, summary) in table / json / jsonl / csv.

use super::predictions::{csv_cell, one_line, Format, Probabilities};
use crate::article::{Extraction, Quote};
use crate::model::TermWeight;
use crate::tone::{summarise, LabelledParties, ToneSummary};
use serde::Serialize;
use std::io::{self, Write};

/// The model's verdict on one quote (empty when only extracting).
#[derive(Debug, Clone, Default)]
pub struct LabelledQuote {
    pub label: Option<usize>,
    pub probabilities: Vec<f64>,
    pub top_terms: Option<Vec<TermWeight>>,
}

/// Everything found in one article.
pub struct ArticleReport {
    pub article: String,
    pub extraction: Extraction,
    /// Parallel to `extraction.quotes`.
    pub quotes: Vec<LabelledQuote>,
}

#[derive(Serialize)]
struct QuoteRecord<'a> {
    record: &'static str,
    article: &'a str,
    index: usize,
    start: usize,
    end: usize,
    quote: &'a str,
    kind: crate::article::QuoteKind,
    unclosed: bool,
    speaker: &'a str,
    speaker_name: Option<&'a str>,
    role: Option<&'a str>,
    organisation: Option<&'a str>,
    speaker_party: Option<&'a str>,
    target_party: Option<&'a str>,
    cue: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    probabilities: Option<Probabilities<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    top_terms: Option<&'a [TermWeight]>,
}

#[derive(Serialize)]
struct SummaryRecord<'a> {
    record: &'static str,
    article: &'a str,
    quotes: usize,
    paragraphs: usize,
    sentences: usize,
    principals: &'a [String],
    truncated: bool,
    #[serde(flatten)]
    tone: Option<ToneSummary>,
}

#[derive(Serialize)]
struct ArticleJson<'a> {
    article: &'a str,
    quotes: Vec<QuoteRecord<'a>>,
    summary: SummaryRecord<'a>,
}

/// Streams article reports in one format.
pub struct ArticleWriter<W: Write> {
    out: W,
    format: Format,
    labels: Option<Vec<String>>,
    escape_formulas: bool,
    written: usize,
}

impl<W: Write> ArticleWriter<W> {
    pub fn new(out: W, format: Format, labels: Option<Vec<String>>, escape_formulas: bool) -> Self {
        Self {
            out,
            format,
            labels,
            escape_formulas,
            written: 0,
        }
    }

    fn quote_record<'a>(
        &'a self,
        r: &'a ArticleReport,
        q: &'a Quote,
        l: &'a LabelledQuote,
    ) -> QuoteRecord<'a> {
        let labels = self.labels.as_deref();
        QuoteRecord {
            record: "quote",
            article: &r.article,
            index: q.index,
            start: q.start,
            end: q.end,
            quote: &q.text,
            kind: q.kind,
            unclosed: q.unclosed,
            speaker: &q.speaker,
            speaker_name: q.speaker_name.as_deref(),
            role: q.role.as_deref(),
            organisation: q.organisation.as_deref(),
            speaker_party: q.speaker_party.as_deref(),
            target_party: q.target_party.as_deref(),
            cue: q.cue.as_deref(),
            label: l.label.and_then(|i| labels.map(|ls| ls[i].as_str())),
            probabilities: labels
                .filter(|_| l.label.is_some())
                .map(|ls| Probabilities {
                    labels: ls,
                    values: &l.probabilities,
                }),
            top_terms: l.top_terms.as_deref(),
        }
    }

    fn summary<'a>(&'a self, r: &'a ArticleReport) -> SummaryRecord<'a> {
        let tone = self.labels.as_ref().map(|labels| {
            let with_tone = ["conciliatory", "hostile"]
                .iter()
                .all(|l| labels.iter().any(|x| x == l));
            summarise(
                r.extraction
                    .quotes
                    .iter()
                    .zip(&r.quotes)
                    .filter_map(|(q, l)| {
                        l.label.map(|i| LabelledParties {
                            speaker_party: q.speaker_party.as_deref(),
                            target_party: q.target_party.as_deref(),
                            label: &labels[i],
                        })
                    }),
                with_tone,
            )
        });
        SummaryRecord {
            record: "summary",
            article: &r.article,
            quotes: r.extraction.quotes.len(),
            paragraphs: r.extraction.paragraphs,
            sentences: r.extraction.sentences,
            principals: &r.extraction.principals,
            truncated: r.extraction.truncated,
            tone,
        }
    }

    pub fn write(&mut self, r: &ArticleReport) -> io::Result<()> {
        let mut buf = Vec::new();
        match self.format {
            Format::Jsonl => {
                for (q, l) in r.extraction.quotes.iter().zip(&r.quotes) {
                    serde_json::to_writer(&mut buf, &self.quote_record(r, q, l))?;
                    buf.push(b'\n');
                }
                serde_json::to_writer(&mut buf, &self.summary(r))?;
                buf.push(b'\n');
            }
            Format::Json => {
                buf.extend_from_slice(if self.written == 0 { b"[\n" } else { b",\n" });
                let doc = ArticleJson {
                    article: &r.article,
                    quotes: r
                        .extraction
                        .quotes
                        .iter()
                        .zip(&r.quotes)
                        .map(|(q, l)| self.quote_record(r, q, l))
                        .collect(),
                    summary: self.summary(r),
                };
                serde_json::to_writer_pretty(&mut buf, &doc)?;
            }
            Format::Csv => self.csv_rows(r, &mut buf)?,
            Format::Table => self.table(r, &mut buf)?,
        }
        self.out.write_all(&buf)?;
        self.written += 1;
        Ok(())
    }

    fn csv_rows(&self, r: &ArticleReport, buf: &mut Vec<u8>) -> io::Result<()> {
        let mut w = csv::WriterBuilder::new().from_writer(buf);
        if self.written == 0 {
            let mut header: Vec<String> = [
                "article",
                "index",
                "start",
                "end",
                "quote",
                "kind",
                "speaker",
                "role",
                "speaker_party",
                "target_party",
                "cue",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect();
            if let Some(labels) = &self.labels {
                header.push("label".into());
                header.extend(labels.iter().map(|l| format!("p_{l}")));
            }
            w.write_record(&header).map_err(io::Error::other)?;
        }
        let esc = |s: &str| csv_cell(s, self.escape_formulas);
        for (q, l) in r.extraction.quotes.iter().zip(&r.quotes) {
            let mut row = vec![
                esc(&r.article),
                q.index.to_string(),
                q.start.to_string(),
                q.end.to_string(),
                esc(&q.text),
                format!("{:?}", q.kind).to_lowercase(),
                esc(&q.speaker),
                esc(q.role.as_deref().unwrap_or("")),
                esc(q.speaker_party.as_deref().unwrap_or("")),
                esc(q.target_party.as_deref().unwrap_or("")),
                esc(q.cue.as_deref().unwrap_or("")),
            ];
            if let Some(labels) = &self.labels {
                row.push(l.label.map(|i| labels[i].clone()).unwrap_or_default());
                row.extend(l.probabilities.iter().map(|p| format!("{p:.6}")));
            }
            w.write_record(&row).map_err(io::Error::other)?;
        }
        w.flush()
    }

    fn table(&self, r: &ArticleReport, buf: &mut Vec<u8>) -> io::Result<()> {
        let e = &r.extraction;
        if self.written > 0 {
            writeln!(buf)?;
        }
        writeln!(
            buf,
            "{} — {} quote{}, principals: {}",
            // A file name or --jsonl "article" may hold control characters (terminal escapes).
            one_line(&r.article, 500),
            e.quotes.len(),
            if e.quotes.len() == 1 { "" } else { "s" },
            if e.principals.is_empty() {
                "none found".to_string()
            } else {
                e.principals.join(", ")
            }
        )?;
        for (q, l) in e.quotes.iter().zip(&r.quotes) {
            let who = format!(
                "{} ({} → {})",
                q.speaker,
                q.speaker_party.as_deref().unwrap_or("?"),
                q.target_party.as_deref().unwrap_or("?")
            );
            let verdict = match (&self.labels, l.label) {
                (Some(labels), Some(i)) => format!("{:<12} {:.2}  ", labels[i], l.probabilities[i]),
                _ => String::new(),
            };
            writeln!(
                buf,
                "{:>3}  {:<44}  {}“{}”",
                q.index + 1,
                one_line(&who, 44),
                verdict,
                one_line(&q.text, 70)
            )?;
            if let Some(terms) = &l.top_terms {
                let shown: Vec<String> = terms
                    .iter()
                    .map(|t| format!("{} (+{:.3})", t.term, t.weight))
                    .collect();
                writeln!(buf, "{:>51}because: {}", "", shown.join(", "))?;
            }
        }
        if let Some(tone) = self.summary(r).tone {
            for p in &tone.pairs {
                let counts: Vec<String> =
                    p.by_label.iter().map(|(l, n)| format!("{n} {l}")).collect();
                writeln!(
                    buf,
                    "     {} → {}: {} quote{} ({}){}",
                    p.from,
                    p.to,
                    p.quotes,
                    if p.quotes == 1 { "" } else { "s" },
                    counts.join(", "),
                    p.tone
                        .map(|t| format!(", tone {t:+.2}"))
                        .unwrap_or_default()
                )?;
            }
        }
        Ok(())
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    /// Closes the JSON array and flushes.
    pub fn finish(mut self) -> io::Result<()> {
        if self.format == Format::Json {
            self.out
                .write_all(if self.written == 0 { b"[]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()
    }
}
