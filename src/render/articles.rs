//! Article results (attributed quotes, labels, summary) in table / json / jsonl / csv.

use super::predictions::{csv_cell, one_line, push_json_str, round3, Format, Probabilities};
use super::{counted, pair_line};
use crate::article::Quote;
use crate::model::TermWeight;
use crate::pipeline::{ArticleReport, LabelledQuote};
use crate::tone::ToneSummary;
use serde::Serialize;
use std::io::{self, Write};

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
    target_reason: Option<&'a str>,
    cue: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    probabilities: Option<Probabilities<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    coverage: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    low_coverage: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    top_terms: Option<&'a [TermWeight]>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    corrected: &'a [&'static str],
}

impl QuoteRecord<'_> {
    /// This record as one line of JSON, exactly as `serde_json::to_writer` writes it (a test
    /// holds them together), with the keys written as they are and the article name passed
    /// in already as JSON: quote records are most of what `--format jsonl` writes.
    fn write_jsonl(&self, article_json: &[u8], out: &mut Vec<u8>) -> serde_json::Result<()> {
        out.extend_from_slice(br#"{"record":""#);
        out.extend_from_slice(self.record.as_bytes());
        out.extend_from_slice(br#"","article":"#);
        out.extend_from_slice(article_json);
        json_field(out, "index", &self.index)?;
        json_field(out, "start", &self.start)?;
        json_field(out, "end", &self.end)?;
        str_field(out, "quote", Some(self.quote));
        json_field(out, "kind", &self.kind)?;
        json_field(out, "unclosed", &self.unclosed)?;
        str_field(out, "speaker", Some(self.speaker));
        str_field(out, "speaker_name", self.speaker_name);
        str_field(out, "role", self.role);
        str_field(out, "organisation", self.organisation);
        str_field(out, "speaker_party", self.speaker_party);
        str_field(out, "target_party", self.target_party);
        str_field(out, "target_reason", self.target_reason);
        str_field(out, "cue", self.cue);
        if let Some(label) = self.label {
            str_field(out, "label", Some(label));
        }
        if let Some(p) = &self.probabilities {
            json_field(out, "probabilities", p)?;
        }
        if let Some(c) = &self.coverage {
            json_field(out, "coverage", c)?;
        }
        if let Some(low) = &self.low_coverage {
            json_field(out, "low_coverage", low)?;
        }
        if let Some(terms) = self.top_terms {
            json_field(out, "top_terms", terms)?;
        }
        if !self.corrected.is_empty() {
            json_field(out, "corrected", self.corrected)?;
        }
        out.push(b'}');
        Ok(())
    }
}

/// Writes `,"key":value` (the key needs no escaping).
fn json_field<T: Serialize + ?Sized>(
    out: &mut Vec<u8>,
    key: &str,
    value: &T,
) -> serde_json::Result<()> {
    out.extend_from_slice(b",\"");
    out.extend_from_slice(key.as_bytes());
    out.extend_from_slice(b"\":");
    serde_json::to_writer(&mut *out, value)
}

/// Writes `,"key":"value"` (or `null`) for a string field, escaped as serde_json does, with
/// no serde machinery: quote text is most of every record.
fn str_field(out: &mut Vec<u8>, key: &str, value: Option<&str>) {
    out.extend_from_slice(b",\"");
    out.extend_from_slice(key.as_bytes());
    out.extend_from_slice(b"\":");
    match value {
        Some(v) => push_json_str(out, v),
        None => out.extend_from_slice(b"null"),
    }
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
    tone: Option<&'a ToneSummary>,
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
    /// CSV gets a `corrected` column (`predict --corrections`).
    corrected_column: bool,
    written: usize,
    /// One article's output, kept between articles so its room is reused.
    buf: Vec<u8>,
}

impl<W: Write> ArticleWriter<W> {
    pub fn new(out: W, format: Format, labels: Option<Vec<String>>, escape_formulas: bool) -> Self {
        Self {
            out,
            format,
            labels,
            escape_formulas,
            corrected_column: false,
            written: 0,
            buf: Vec::new(),
        }
    }

    /// Adds a `corrected` column to CSV output (other formats show corrections anyway).
    pub fn with_corrected_column(mut self) -> Self {
        self.corrected_column = true;
        self
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
            target_reason: q.target_reason.as_deref(),
            cue: q.cue.as_deref(),
            label: l.label.and_then(|i| labels.map(|ls| ls[i].as_str())),
            probabilities: labels
                .filter(|_| l.label.is_some())
                .map(|ls| Probabilities {
                    labels: ls,
                    values: &l.probabilities,
                }),
            coverage: l.coverage.filter(|_| l.label.is_some()).map(round3),
            low_coverage: l
                .coverage
                .filter(|_| l.label.is_some())
                .map(|_| l.low_coverage()),
            top_terms: l.top_terms.as_deref(),
            corrected: &l.corrected,
        }
    }

    fn summary<'a>(&'a self, r: &'a ArticleReport) -> SummaryRecord<'a> {
        SummaryRecord {
            record: "summary",
            article: &r.article,
            quotes: r.extraction.quotes.len(),
            paragraphs: r.extraction.paragraphs,
            sentences: r.extraction.sentences,
            principals: &r.extraction.principals,
            truncated: r.extraction.truncated,
            tone: r.tone.as_ref(),
        }
    }

    pub fn write(&mut self, r: &ArticleReport) -> io::Result<()> {
        let mut buf = std::mem::take(&mut self.buf);
        buf.clear();
        let written = self.render(r, &mut buf);
        let written = written.and_then(|()| self.out.write_all(&buf));
        self.buf = buf;
        written?;
        self.written += 1;
        Ok(())
    }

    /// Appends the output for `r` to `buf`.
    fn render(&self, r: &ArticleReport, buf: &mut Vec<u8>) -> io::Result<()> {
        match self.format {
            Format::Jsonl => {
                let article_json = serde_json::to_vec(&r.article)?;
                for (q, l) in r.extraction.quotes.iter().zip(&r.quotes) {
                    self.quote_record(r, q, l).write_jsonl(&article_json, buf)?;
                    buf.push(b'\n');
                }
                serde_json::to_writer(&mut *buf, &self.summary(r))?;
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
                serde_json::to_writer_pretty(&mut *buf, &doc)?;
            }
            Format::Csv => self.csv_rows(r, buf)?,
            Format::Table => self.table(r, buf)?,
        }
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
                "target_reason",
                "cue",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect();
            if let Some(labels) = &self.labels {
                header.push("label".into());
                header.extend(labels.iter().map(|l| format!("p_{l}")));
                header.extend(["coverage".into(), "low_coverage".into()]);
            }
            if self.corrected_column {
                header.push("corrected".into());
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
                esc(q.target_reason.as_deref().unwrap_or("")),
                esc(q.cue.as_deref().unwrap_or("")),
            ];
            if let Some(labels) = &self.labels {
                row.push(l.label.map(|i| labels[i].clone()).unwrap_or_default());
                row.extend(l.probabilities.iter().map(|p| format!("{p:.6}")));
                row.push(l.coverage.map(|c| format!("{c:.3}")).unwrap_or_default());
                row.push(
                    l.coverage
                        .map(|_| l.low_coverage().to_string())
                        .unwrap_or_default(),
                );
            }
            if self.corrected_column {
                row.push(l.corrected.join(" "));
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
            "{} — {}, principals: {}",
            // A file name or --jsonl "article" may hold control characters (terminal escapes).
            one_line(&r.article, 500),
            counted(e.quotes.len(), "quote"),
            if e.principals.is_empty() {
                "none found".to_string()
            } else {
                // Party names may come from a --parties file.
                one_line(&e.principals.join(", "), 500)
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
                (Some(labels), Some(i)) => format!(
                    "{:<12} {:.2}  ",
                    format!("{}{}", labels[i], if l.low_coverage() { "?" } else { "" }),
                    l.probabilities[i]
                ),
                _ => String::new(),
            };
            writeln!(
                buf,
                "{:>3}  {:<44}  {}“{}”{}",
                q.index + 1,
                one_line(&who, 44),
                verdict,
                one_line(&q.text, 70),
                if l.corrected.is_empty() {
                    String::new()
                } else {
                    format!("  (corrected: {})", l.corrected.join(", "))
                }
            )?;
            if let Some(terms) = &l.top_terms {
                let shown: Vec<String> = terms
                    .iter()
                    .map(|t| format!("{} (+{:.3})", t.term, t.weight))
                    .collect();
                writeln!(buf, "{:>51}because: {}", "", shown.join(", "))?;
            }
        }
        if let Some(tone) = &r.tone {
            for p in &tone.pairs {
                let counts: Vec<String> =
                    p.by_label.iter().map(|(l, n)| format!("{n} {l}")).collect();
                writeln!(
                    buf,
                    "     {}: {} ({}){}",
                    pair_line(&p.from, &p.to, 80),
                    counted(p.quotes, "quote"),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Extraction, QuoteKind};

    fn quote(text: &str, speaker_party: Option<&str>) -> Quote {
        Quote {
            index: 0,
            start: 3,
            end: 3 + text.len(),
            text: text.to_string(),
            kind: QuoteKind::Partial,
            unclosed: true,
            spans: vec![(3, 3 + text.len())],
            speaker: "Lund, \"the\" envoy".to_string(),
            speaker_name: Some("Maria Lund".to_string()),
            role: None,
            organisation: Some("IAEA\u{1}".to_string()),
            speaker_party: speaker_party.map(str::to_string),
            target_party: None,
            target_reason: Some("lead-in".to_string()),
            cue: Some("—".to_string()),
        }
    }

    #[test]
    fn fast_jsonl_quote_records_match_serde() {
        let labels = vec!["conciliatory".to_string(), "hostile".to_string()];
        let report = ArticleReport {
            article: "dir/a \"b\"\\c\n.txt".to_string(),
            text: String::new(),
            tone: None,
            warnings: Vec::new(),
            extraction: Extraction {
                quotes: vec![
                    quote("We will \"never\" bow\t…", Some("Iran")),
                    quote("ok", None),
                ],
                principals: vec![],
                paragraphs: 1,
                sentences: 1,
                party_mentions: vec![],
                truncated: false,
                quotes_dropped: 0,
            },
            quotes: vec![
                LabelledQuote {
                    label: Some(1),
                    probabilities: vec![0.25, 0.75],
                    coverage: Some(0.4),
                    top_terms: Some(vec![TermWeight {
                        term: "never bow".to_string(),
                        weight: 1.5e-7,
                    }]),
                    corrected: vec!["label", "speaker"],
                },
                LabelledQuote::default(),
            ],
        };
        for labels in [Some(labels), None] {
            let writer = ArticleWriter::new(Vec::new(), Format::Jsonl, labels, true);
            let article_json = serde_json::to_vec(&report.article).unwrap();
            for (q, l) in report.extraction.quotes.iter().zip(&report.quotes) {
                let record = writer.quote_record(&report, q, l);
                let mut fast = Vec::new();
                record.write_jsonl(&article_json, &mut fast).unwrap();
                assert_eq!(
                    String::from_utf8(fast).unwrap(),
                    serde_json::to_string(&record).unwrap()
                );
            }
        }
    }
}
