//! Labelled texts in four formats, written as they come (streaming, input order).

use crate::model::TermWeight;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter};
use std::io::{self, Write};

/// Output format of `predict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    /// Share of the text's words the model knows, to 3 decimals (see [`round3`]).
    pub coverage: f64,
    /// The model knows too little of the text for its label to be trusted.
    pub low_coverage: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub top_terms: Option<Vec<TermWeight>>,
}

/// `x` to 3 decimals: coverage is a share of a few words, and more digits are noise.
pub fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
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
    /// One JSON record, reused from row to row.
    buf: Vec<u8>,
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
            buf: Vec::new(),
        }
    }

    pub fn write(&mut self, record: &PredictionRecord) -> io::Result<()> {
        if self.written == 0 {
            self.header()?;
        }
        match self.format {
            Format::Json | Format::Jsonl => {
                self.buf.clear();
                if self.format == Format::Json {
                    self.buf
                        .extend_from_slice(if self.written == 0 { b"  " } else { b",\n  " });
                }
                push_json_record(&mut self.buf, record)?;
                if self.format == Format::Jsonl {
                    self.buf.push(b'\n');
                }
                self.out.write_all(&self.buf)?;
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
                cells.push(format!("{:.3}", record.coverage));
                cells.push(record.low_coverage.to_string());
                if let Some(terms) = &record.top_terms {
                    let joined: Vec<String> = terms
                        .iter()
                        .map(|t| format!("{}:{:.4}", t.term, t.weight))
                        .collect();
                    cells.push(csv_cell(&joined.join(" "), self.escape_formulas));
                }
                self.out.write_all(&csv_line(&cells)?)?;
            }
            Format::Table => {
                // A `?` after the label: the model knows too few of the words to be trusted.
                let label = if record.low_coverage {
                    format!("{}?", record.label)
                } else {
                    record.label.to_string()
                };
                let w = self.label_width();
                write!(self.out, "{:<w$}", crate::term::cell(&label))?;
                for (l, p) in self.labels.iter().zip(record.probabilities.values) {
                    write!(self.out, "  {:>w$.3}", p, w = crate::term::width(l).max(5))?;
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
            .map(|l| crate::term::width(l) + 1)
            .max()
            .unwrap_or(5)
            .max(5)
    }

    fn header(&mut self) -> io::Result<()> {
        match self.format {
            Format::Json => self.out.write_all(b"[\n"),
            Format::Jsonl => Ok(()),
            Format::Csv => {
                // Quoted like the rows: a label with a comma or quote once broke the file.
                let mut cells = vec!["text".to_string(), "label".to_string()];
                cells.extend(self.labels.iter().map(|l| format!("p_{l}")));
                cells.extend(["coverage".to_string(), "low_coverage".to_string()]);
                self.out.write_all(&csv_line(&cells)?)
            }
            Format::Table => {
                write!(self.out, "{:<w$}", "label", w = self.label_width())?;
                for l in &self.labels {
                    let w = crate::term::width(l).max(5);
                    write!(self.out, "  {:>w$}", crate::term::cell(l))?;
                }
                writeln!(self.out, "  text")
            }
        }
    }
}

/// One CSV record, quoted where it needs to be; the header and every row go through it.
fn csv_line(cells: &[String]) -> io::Result<Vec<u8>> {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    w.write_record(cells).map_err(io::Error::other)?;
    w.into_inner().map_err(|e| io::Error::other(e.to_string()))
}

/// `r` as compact JSON, byte for byte what `serde_json::to_writer` writes (tests hold them
/// together), written directly: serde's per-value machinery was a tenth of a jsonl run.
fn push_json_record(out: &mut Vec<u8>, r: &PredictionRecord) -> io::Result<()> {
    out.extend_from_slice(b"{\"text\":");
    push_json_str(out, r.text);
    out.extend_from_slice(b",\"label\":");
    push_json_str(out, r.label);
    out.extend_from_slice(b",\"probabilities\":{");
    let p = &r.probabilities;
    for (i, (label, value)) in p.labels.iter().zip(p.values).enumerate() {
        if i > 0 {
            out.push(b',');
        }
        push_json_str(out, label);
        out.push(b':');
        push_json_f64(out, *value)?;
    }
    out.push(b'}');
    out.extend_from_slice(b",\"coverage\":");
    push_json_share(out, r.coverage)?;
    out.extend_from_slice(if r.low_coverage {
        b",\"low_coverage\":true"
    } else {
        b",\"low_coverage\":false"
    });
    if let Some(terms) = &r.top_terms {
        out.extend_from_slice(b",\"top_terms\":[");
        for (i, t) in terms.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(b"{\"term\":");
            push_json_str(out, &t.term);
            out.extend_from_slice(b",\"weight\":");
            push_json_f64(out, t.weight)?;
            out.push(b'}');
        }
        out.push(b']');
    }
    out.push(b'}');
    Ok(())
}

/// Appends `s` as a JSON string, escaped exactly as serde_json escapes it: `"` and `\`
/// backslashed, characters below U+0020 as `\b \t \n \f \r` or `\u00xx`, everything else
/// (U+007F, U+2028, …) as is.
pub fn push_json_str(out: &mut Vec<u8>, s: &str) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Flags the bytes of `w` below 0x20, `"` or `\`; the lowest flag is always a real one
    // (borrows can only add flags above it), so plain text is skipped 8 bytes at a time.
    fn special(w: u64) -> u64 {
        let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
        (w.wrapping_sub(ONES * 0x20) & !w & HIGH)
            | zero_byte(w ^ (ONES * u64::from(b'"')))
            | zero_byte(w ^ (ONES * u64::from(b'\\')))
    }
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let rest = &bytes[i..];
        let word = match rest.first_chunk::<8>() {
            Some(word) => *word,
            None => {
                let mut word = [b' '; 8];
                word[..rest.len()].copy_from_slice(rest);
                word
            }
        };
        let flags = special(u64::from_le_bytes(word));
        if flags == 0 {
            i += 8;
            continue;
        }
        i += flags.trailing_zeros() as usize / 8;
        let Some(&b) = bytes.get(i) else { break };
        let control;
        let escaped: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0x00..=0x1f => {
                control = [
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[usize::from(b >> 4)],
                    HEX[usize::from(b & 0xf)],
                ];
                &control
            }
            // Not reached (the lowest flag is real); stepping on keeps the output right anyway.
            _ => {
                i += 1;
                continue;
            }
        };
        out.extend_from_slice(&bytes[copied..i]);
        out.extend_from_slice(escaped);
        i += 1;
        copied = i;
    }
    out.extend_from_slice(&bytes[copied..]);
    out.push(b'"');
}

/// Appends `v` as serde_json writes an f64: with serde_json's own float formatter (so numbers
/// read exactly as before), and `null` for NaN and infinities.
pub fn push_json_f64(out: &mut Vec<u8>, v: f64) -> io::Result<()> {
    if v.is_finite() {
        CompactFormatter.write_f64(out, v)
    } else {
        out.extend_from_slice(b"null");
        Ok(())
    }
}

/// A share in [0, 1] with at most 3 decimals (a [`round3`] value) as serde_json writes it
/// ("0.0", "0.25", "1.0"), without the general float formatter: one per output row.
fn push_json_share(out: &mut Vec<u8>, v: f64) -> io::Result<()> {
    let thousandths = (v * 1000.0).round();
    if !(0.0..=1000.0).contains(&thousandths) || thousandths / 1000.0 != v {
        return push_json_f64(out, v);
    }
    let k = thousandths as u32;
    out.push(b'0' + (k / 1000) as u8);
    out.push(b'.');
    let mut digits = [
        b'0' + (k / 100 % 10) as u8,
        b'0' + (k / 10 % 10) as u8,
        b'0' + (k % 10) as u8,
    ];
    let mut n = 3;
    while n > 1 && digits[n - 1] == b'0' {
        n -= 1;
    }
    digits[n..].fill(0);
    out.extend_from_slice(&digits[..n]);
    Ok(())
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
    crate::term::cut(text, max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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
                coverage: 0.4,
                low_coverage: true,
                top_terms: None,
            })
            .unwrap();
        }
        String::from_utf8(w.finish().unwrap()).unwrap()
    }

    #[test]
    fn shares_are_written_as_serde_json_writes_them() {
        for k in 0..=1000 {
            let v = round3(k as f64 / 1000.0);
            let mut ours = Vec::new();
            push_json_share(&mut ours, v).unwrap();
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                serde_json::to_string(&v).unwrap()
            );
        }
        for v in [0.1234, 2.5, -0.5, f64::NAN] {
            let mut ours = Vec::new();
            push_json_share(&mut ours, v).unwrap();
            let mut general = Vec::new();
            push_json_f64(&mut general, v).unwrap();
            assert_eq!(ours, general, "{v}");
        }
    }

    #[test]
    fn a_low_coverage_label_gets_a_question_mark_in_tables() {
        let out = write_all(Format::Table, &["zorbified"]);
        assert!(out.contains("\nhostile?"), "{out}");
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
            "text,label,p_conciliatory,p_hostile,coverage,low_coverage\n\"'=HYPERLINK(\"\"x\"\")\",hostile,0.250000,0.750000,0.400,true\n\"plain, text\",hostile,0.250000,0.750000,0.400,true\n"
        );
    }

    #[test]
    fn jsonl_is_one_object_per_line_with_labels_in_model_order() {
        let out = write_all(Format::Jsonl, &["a"]);
        assert_eq!(
            out,
            "{\"text\":\"a\",\"label\":\"hostile\",\"probabilities\":{\"conciliatory\":0.25,\"hostile\":0.75},\"coverage\":0.4,\"low_coverage\":true}\n"
        );
    }

    /// What the direct JSON writer must match: serde_json on the same record.
    fn serde_json_output(format: Format, records: &[PredictionRecord]) -> String {
        let rows: Vec<String> = records
            .iter()
            .map(|r| serde_json::to_string(r).unwrap())
            .collect();
        match format {
            Format::Json if rows.is_empty() => "[\n]\n".to_string(),
            Format::Json => format!("[\n  {}\n]\n", rows.join(",\n  ")),
            _ => rows.iter().map(|r| format!("{r}\n")).collect(),
        }
    }

    fn direct_output(format: Format, labels: &[String], records: &[PredictionRecord]) -> String {
        let mut w = PredictionWriter::new(Vec::new(), format, labels, true);
        for r in records {
            w.write(r).unwrap();
        }
        String::from_utf8(w.finish().unwrap()).unwrap()
    }

    #[test]
    fn direct_json_matches_serde_on_edge_cases() {
        let controls: String = (0u8..0x20).map(char::from).collect();
        let texts = [
            String::new(),
            "plain".into(),
            "\"quoted\" \\ back\\slash /".into(),
            controls.clone(),
            "\u{7f}\u{2028}\u{2029}é😀\u{feff}".into(),
            // Bidirectional overrides and isolates: JSON leaves them as they are.
            "\u{202a}\u{202e}ab\u{2066}\u{2069} שלום مرحبا".into(),
            // Specials on and across 8-byte word boundaries.
            "1234567\"12345678\\1234567\n".into(),
            "12345678".repeat(5) + "\u{1}",
        ];
        let values = [
            0.0,
            -0.0,
            1.0,
            0.25,
            1e-7,
            1.5e-7,
            0.1 + 0.2,
            1e21,
            1e22,
            123456789.0,
            f64::MAX,
            f64::MIN_POSITIVE,
            5e-324,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        let labels: Vec<String> = vec!["a\"b".into(), controls, "\u{2028}".into()];
        for format in [Format::Json, Format::Jsonl] {
            let records: Vec<PredictionRecord> = texts
                .iter()
                .zip(values.chunks(3).cycle())
                .enumerate()
                .map(|(i, (text, v))| PredictionRecord {
                    text,
                    label: &labels[i % labels.len()],
                    probabilities: Probabilities {
                        labels: &labels,
                        values: v,
                    },
                    coverage: round3(i as f64 / 7.0),
                    low_coverage: i % 3 == 0,
                    top_terms: (i % 2 == 0).then(|| {
                        values
                            .iter()
                            .zip(&texts)
                            .take(i)
                            .map(|(&weight, term)| TermWeight {
                                term: term.clone(),
                                weight,
                            })
                            .collect()
                    }),
                })
                .collect();
            assert_eq!(
                direct_output(format, &labels, &records),
                serde_json_output(format, &records)
            );
            assert_eq!(
                direct_output(format, &labels, &[]),
                serde_json_output(format, &[])
            );
        }
    }

    /// Strings rich in what JSON escapes, and in multi-byte characters.
    fn json_text() -> impl Strategy<Value = String> {
        let special = prop::sample::select(vec![
            '"', '\\', '/', '\u{0}', '\u{8}', '\t', '\n', '\u{b}', '\u{c}', '\r', '\u{1f}',
            '\u{7f}', '\u{80}', 'é', '\u{2028}', '\u{2029}', '\u{fffd}', '😀', '\u{202e}',
            '\u{2066}', '\u{2069}',
        ]);
        prop::collection::vec(
            prop_oneof![
                any::<char>(),
                special,
                proptest::char::range('\0', '\u{7f}')
            ],
            0..40,
        )
        .prop_map(|chars| chars.into_iter().collect())
    }

    fn json_float() -> impl Strategy<Value = f64> {
        prop_oneof![any::<f64>(), 0.0..=1.0f64, -10.0..10.0f64]
    }

    proptest! {
        #[test]
        fn direct_json_matches_serde(
            text in json_text(),
            labels in prop::collection::vec(json_text(), 0..4),
            values in prop::collection::vec(json_float(), 0..4),
            terms in prop::option::of(prop::collection::vec((json_text(), json_float()), 0..4)),
            label in json_text(),
            jsonl in any::<bool>(),
        ) {
            let format = if jsonl { Format::Jsonl } else { Format::Json };
            let top_terms = terms.map(|t| {
                t.into_iter()
                    .map(|(term, weight)| TermWeight { term, weight })
                    .collect()
            });
            let record = PredictionRecord {
                text: &text,
                label: &label,
                probabilities: Probabilities { labels: &labels, values: &values },
                coverage: round3(values.first().copied().unwrap_or(0.0).abs().min(1.0)),
                low_coverage: jsonl,
                top_terms,
            };
            let records = [record.clone(), record];
            prop_assert_eq!(
                direct_output(format, &labels, &records),
                serde_json_output(format, &records)
            );
        }
    }

    #[test]
    fn one_line_cuts_and_flattens() {
        assert_eq!(one_line("a\nb", 10), "a b");
        assert_eq!(one_line("abcdef", 4), "abc…");
    }

    /// The CSV header was written by hand, unquoted: a label with a comma or quote broke it.
    #[test]
    fn the_csv_header_is_quoted_like_the_rows() {
        let labels: Vec<String> = vec!["a,b".into(), "say \"no\"".into()];
        let mut w = PredictionWriter::new(Vec::new(), Format::Csv, &labels, true);
        w.write(&PredictionRecord {
            text: "t",
            label: "a,b",
            probabilities: Probabilities {
                labels: &labels,
                values: &[0.25, 0.75],
            },
            top_terms: None,
            coverage: 1.0,
            low_coverage: false,
        })
        .unwrap();
        let out = String::from_utf8(w.finish().unwrap()).unwrap();
        let mut r = csv::Reader::from_reader(out.as_bytes());
        let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(
            header,
            [
                "text",
                "label",
                "p_a,b",
                "p_say \"no\"",
                "coverage",
                "low_coverage"
            ],
            "{out}"
        );
        assert_eq!(r.records().next().unwrap().unwrap().len(), 6);
    }
}
