//! Labelled texts in four formats, written as they come (streaming, input order).

use crate::model::TermWeight;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use std::io::{self, Write};

/// Output format of `predict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for reading.
    Table,
    /// One JSON array.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated values with a header row.
    Csv,
}

/// One labelled text.
#[derive(Debug, Clone, Serialize)]
pub struct PredictionRecord<'a> {
    pub text: &'a str,
    pub label: &'a str,
    pub probabilities: Probabilities<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub top_terms: Option<Vec<TermWeight>>,
}

/// Label → probability, serialised as an object in the model's label order.
#[derive(Debug, Clone)]
pub struct Probabilities<'a> {
    pub labels: &'a [String],
    pub values: &'a [f64],
}

impl Serialize for Probabilities<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.labels.len()))?;
        for (l, v) in self.labels.iter().zip(self.values) {
            map.serialize_entry(l, v)?;
        }
        map.end()
    }
}

/// Writes records one by one in the chosen format.
pub struct PredictionWriter<W: Write> {
    out: W,
    format: Format,
    labels: Vec<String>,
    written: usize,
    escape_formulas: bool,
}

/// Longest text shown in the table format.
const TABLE_TEXT_CHARS: usize = 90;

impl<W: Write> PredictionWriter<W> {
    pub fn new(out: W, format: Format, labels: &[String], escape_formulas: bool) -> Self {
        Self {
            out,
            format,
            labels: labels.to_vec(),
            written: 0,
            escape_formulas,
        }
    }

    pub fn write(&mut self, record: &PredictionRecord) -> io::Result<()> {
        if self.written == 0 {
            self.header()?;
        }
        match self.format {
            Format::Json => {
                self.out
                    .write_all(if self.written == 0 { b"  " } else { b",\n  " })?;
                serde_json::to_writer(&mut self.out, record)?;
            }
            Format::Jsonl => {
                serde_json::to_writer(&mut self.out, record)?;
                self.out.write_all(b"\n")?;
            }
            Format::Csv => {
                let mut cells = vec![
                    csv_cell(record.text, self.escape_formulas),
                    csv_cell(record.label, self.escape_formulas),
                ];
                cells.extend(
                    record
                        .probabilities
                        .values
                        .iter()
                        .map(|p| format!("{p:.6}")),
                );
                if let Some(terms) = &record.top_terms {
                    let joined: Vec<String> = terms
                        .iter()
                        .map(|t| format!("{}:{:.4}", t.term, t.weight))
                        .collect();
                    cells.push(csv_cell(&joined.join(" "), self.escape_formulas));
                }
                let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
                w.write_record(&cells).map_err(io::Error::other)?;
                let bytes = w
                    .into_inner()
                    .map_err(|e| io::Error::other(e.to_string()))?;
                self.out.write_all(&bytes)?;
            }
            Format::Table => {
                write!(self.out, "{:<w$}", record.label, w = self.label_width())?;
                for (l, p) in self.labels.iter().zip(record.probabilities.values) {
                    write!(self.out, "  {:>w$.3}", p, w = l.chars().count().max(5))?;
                }
                writeln!(self.out, "  {}", one_line(record.text, TABLE_TEXT_CHARS))?;
                if let Some(terms) = &record.top_terms {
                    let shown: Vec<String> = terms
                        .iter()
                        .map(|t| format!("{} (+{:.3})", t.term, t.weight))
                        .collect();
                    writeln!(
                        self.out,
                        "{:w$}  because: {}",
                        "",
                        shown.join(", "),
                        w = self.label_width()
                    )?;
                }
            }
        }
        self.written += 1;
        Ok(())
    }

    /// Ends the output (closes the JSON array) and flushes.
    pub fn finish(mut self) -> io::Result<W> {
        if self.written == 0 {
            self.header()?;
        }
        if self.format == Format::Json {
            self.out
                .write_all(if self.written == 0 { b"]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()?;
        Ok(self.out)
    }

    /// Flushes what was written so far (for interactive streams).
    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    fn label_width(&self) -> usize {
        self.labels
            .iter()
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(5)
            .max(5)
    }

    fn header(&mut self) -> io::Result<()> {
        match self.format {
            Format::Json => self.out.write_all(b"[\n"),
            Format::Jsonl => Ok(()),
            Format::Csv => {
                let mut cells = vec!["text".to_string(), "label".to_string()];
                cells.extend(self.labels.iter().map(|l| format!("p_{l}")));
                writeln!(self.out, "{}", cells.join(","))
            }
            Format::Table => {
                write!(self.out, "{:<w$}", "label", w = self.label_width())?;
                for l in &self.labels {
                    write!(self.out, "  {:>w$}", l, w = l.chars().count().max(5))?;
                }
                writeln!(self.out, "  text")
            }
        }
    }
}

/// A spreadsheet runs a cell that starts with = + - @ (or tab / CR) as a formula; a leading
/// apostrophe makes it text.
pub fn csv_cell(value: &str, escape_formulas: bool) -> String {
    if escape_formulas && value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    }
}

/// Text on one line, cut to `max` characters with an ellipsis.
pub fn one_line(text: &str, max: usize) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if flat.chars().count() <= max {
        return flat;
    }
    let mut cut: String = flat.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> Vec<String> {
        vec!["conciliatory".into(), "hostile".into()]
    }

    fn write_all(format: Format, texts: &[&str]) -> String {
        let labels = labels();
        let mut w = PredictionWriter::new(Vec::new(), format, &labels, true);
        for t in texts {
            w.write(&PredictionRecord {
                text: t,
                label: "hostile",
                probabilities: Probabilities {
                    labels: &labels,
                    values: &[0.25, 0.75],
                },
                top_terms: None,
            })
            .unwrap();
        }
        String::from_utf8(w.finish().unwrap()).unwrap()
    }

    #[test]
    fn json_is_a_valid_array_even_when_empty() {
        let v: serde_json::Value =
            serde_json::from_str(&write_all(Format::Json, &["a", "b"])).unwrap();
        assert_eq!(v[1]["probabilities"]["hostile"], 0.75);
        let empty: serde_json::Value = serde_json::from_str(&write_all(Format::Json, &[])).unwrap();
        assert_eq!(empty, serde_json::json!([]));
    }

    #[test]
    fn csv_escapes_formulas_and_quotes() {
        let out = write_all(Format::Csv, &["=HYPERLINK(\"x\")", "plain, text"]);
        assert_eq!(
            out,
            "text,label,p_conciliatory,p_hostile\n\"'=HYPERLINK(\"\"x\"\")\",hostile,0.250000,0.750000\n\"plain, text\",hostile,0.250000,0.750000\n"
        );
    }

    #[test]
    fn jsonl_is_one_object_per_line_with_labels_in_model_order() {
        let out = write_all(Format::Jsonl, &["a"]);
        assert_eq!(
            out,
            "{\"text\":\"a\",\"label\":\"hostile\",\"probabilities\":{\"conciliatory\":0.25,\"hostile\":0.75}}\n"
        );
    }

    #[test]
    fn one_line_cuts_and_flattens() {
        assert_eq!(one_line("a\nb", 10), "a b");
        assert_eq!(one_line("abcdef", 4), "abc…");
    }
}
