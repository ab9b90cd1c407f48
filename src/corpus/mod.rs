//! Labelled CSV → examples. Every error names the file, the line and what to do.

mod labels;
mod line_tracking;

pub use labels::{
    check_labels, cut_label, label_problem, list_labels, show_label, LabelSet, DEFAULT_LABELS,
    LABEL_RULES, MAX_LABELS, MAX_LABEL_CHARS,
};
pub use line_tracking::{LineLookup, LineTrackingReader};

use crate::features::Targeted;
use crate::hash::sha256_hex;
use labels::normalise_label;
use std::path::{Path, PathBuf};

/// How to read a labelled CSV.
#[derive(Debug, Clone)]
pub struct CsvOptions {
    pub text_col: String,
    pub label_col: String,
    /// Column holding each row's target (the mention text); None = no targets.
    pub target_col: Option<String>,
    /// Column holding the writer's sentence around each quote; None = no context.
    pub context_col: Option<String>,
    /// A file without the context column is read without context instead of refused (the
    /// column was implied by the model's settings, not named by the user).
    pub context_optional: bool,
    pub labels: LabelSet,
    /// Skip bad rows (and report them) instead of stopping at the first.
    pub skip_invalid: bool,
}

impl Default for CsvOptions {
    fn default() -> Self {
        Self {
            text_col: "text".into(),
            label_col: "label".into(),
            target_col: None,
            context_col: None,
            context_optional: false,
            labels: LabelSet::default(),
            skip_invalid: false,
        }
    }
}

/// One labelled row.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// 1-based line of the record's start in the file.
    pub line: u64,
    pub text: String,
    pub label: usize,
    /// The row's target, from the target column; None without one or when the cell is empty.
    pub target: Option<String>,
    /// The writer's sentence around the quote, from the context column; None without one or
    /// when the cell is empty.
    pub context: Option<String>,
}

/// A labelled CSV, read and checked.
#[derive(Debug)]
pub struct Corpus {
    pub path: PathBuf,
    pub sha256: String,
    pub examples: Vec<Example>,
    /// The column the targets were read from, if any.
    pub target_col: Option<String>,
    /// The column the contexts were read from, if any.
    pub context_col: Option<String>,
    /// Rows skipped with `skip_invalid`, and the first few reasons.
    pub skipped: usize,
    pub skip_reasons: Vec<String>,
}

/// How many skip reasons are kept for the report.
const KEPT_REASONS: usize = 5;

/// A bad input file or row.
#[derive(Debug, thiserror::Error, PartialEq)]
#[error("{location}: {message}")]
pub struct CorpusError {
    /// `file` or `file:line`.
    pub location: String,
    pub message: String,
}

impl CorpusError {
    fn at(path: &Path, line: Option<u64>, message: impl Into<String>) -> Self {
        let location = match line {
            Some(l) => format!("{}:{l}", path.display()),
            None => path.display().to_string(),
        };
        Self {
            location,
            message: message.into(),
        }
    }
}

impl Corpus {
    /// Label counts in label-set order.
    pub fn counts(&self, n_labels: usize) -> Vec<usize> {
        let mut counts = vec![0; n_labels];
        self.examples.iter().for_each(|e| counts[e.label] += 1);
        counts
    }

    pub fn texts(&self) -> Vec<&str> {
        self.examples.iter().map(|e| e.text.as_str()).collect()
    }

    /// Every row's text, target and context, for featurising.
    pub fn documents(&self) -> Vec<Targeted<'_>> {
        self.examples
            .iter()
            .map(|e| Targeted {
                text: &e.text,
                target: e.target.as_deref(),
                context: e.context.as_deref(),
            })
            .collect()
    }

    pub fn labels(&self) -> Vec<usize> {
        self.examples.iter().map(|e| e.label).collect()
    }

    /// Training needs every label present: a label with no rows cannot be learned.
    pub fn check_every_label_present(&self, labels: &LabelSet) -> Result<(), CorpusError> {
        let counts = self.counts(labels.names().len());
        if let Some(i) = counts.iter().position(|&c| c == 0) {
            return Err(CorpusError::at(
                &self.path,
                None,
                format!(
                    "label {:?} has no rows; add rows for it, or leave it out with --labels {}",
                    labels.names()[i],
                    labels
                        .names()
                        .iter()
                        .filter(|l| **l != labels.names()[i])
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(",")
                ),
            ));
        }
        Ok(())
    }
}

/// Reads a labelled CSV file.
pub fn read_labelled(path: &Path, options: &CsvOptions) -> Result<Corpus, CorpusError> {
    let bytes = crate::input::read(path, crate::input::DATA).map_err(|e| {
        CorpusError::at(
            path,
            None,
            format!("cannot read the file: {e}; check the path"),
        )
    })?;
    parse_labelled(&bytes, path, options)
}

/// Parses labelled CSV bytes; `path` names the source in errors.
pub fn parse_labelled(
    bytes: &[u8],
    path: &Path,
    options: &CsvOptions,
) -> Result<Corpus, CorpusError> {
    let (tracked, lines) = LineTrackingReader::new(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(tracked);
    let headers = match reader.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => return Err(CorpusError::at(path, Some(1), csv_message(&e))),
    };
    if is_empty_header(&headers) {
        return Err(CorpusError::at(
            path,
            None,
            format!(
                "the file is empty; a labelled CSV starts with a header row such as `{},{}`",
                options.text_col, options.label_col
            ),
        ));
    }
    let column = |name: &str| -> Result<usize, CorpusError> {
        let flag = if name == options.text_col {
            "--text-col"
        } else if Some(name) == options.target_col.as_deref() {
            "--target-col"
        } else if Some(name) == options.context_col.as_deref() {
            "--context-col"
        } else {
            "--label-col"
        };
        column_index(path, &headers, name, flag)
    };
    let text_idx = column(&options.text_col)?;
    let label_idx = column(&options.label_col)?;
    let target_idx = match &options.target_col {
        Some(name) => Some(column(name)?),
        None => None,
    };
    let context_idx = match &options.context_col {
        Some(name) if options.context_optional => column(name).ok(),
        Some(name) => Some(column(name)?),
        None => None,
    };
    let mut examples = Vec::new();
    let mut skipped = 0;
    let mut skip_reasons = Vec::new();
    let mut record = csv::ByteRecord::new();
    loop {
        let line_before = reader.position().line();
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                // The csv reader cannot resynchronise after a broken record.
                let line = e.position().map(|p| p.line()).unwrap_or(line_before);
                return Err(CorpusError::at(path, Some(line), csv_message(&e)));
            }
        }
        // csv's own line numbers are off by one with CRLF endings; count from the byte offset.
        let line = record
            .position()
            .map(|p| lines.line_at(p.byte()))
            .unwrap_or(line_before);
        let row = check_row(&record, headers.len(), text_idx, label_idx, options).and_then(
            |(text, label)| {
                let target = cell_of(&record, target_idx, options.target_col.as_deref())?;
                let context = cell_of(&record, context_idx, options.context_col.as_deref())?;
                Ok((text, label, target, context))
            },
        );
        match row {
            Ok((text, label, target, context)) => examples.push(Example {
                line,
                text,
                label,
                target,
                context,
            }),
            Err(message) if options.skip_invalid => {
                skipped += 1;
                if skip_reasons.len() < KEPT_REASONS {
                    skip_reasons.push(format!("line {line}: {message}"));
                }
            }
            Err(message) => {
                return Err(CorpusError::at(
                    path,
                    Some(line),
                    format!("{message} (or pass --skip-invalid to skip bad rows)"),
                ))
            }
        }
    }
    if examples.is_empty() {
        let why = if skipped > 0 {
            format!("all {skipped} rows were invalid")
        } else {
            "the file has a header but no rows".into()
        };
        return Err(CorpusError::at(
            path,
            None,
            format!("{why}; a labelled CSV needs at least one row under its header"),
        ));
    }
    Ok(Corpus {
        path: path.to_path_buf(),
        sha256: sha256_hex(bytes),
        examples,
        target_col: options.target_col.clone(),
        context_col: options
            .context_col
            .clone()
            .filter(|_| context_idx.is_some()),
        skipped,
        skip_reasons,
    })
}

/// The cell of optional column `idx` (named `name`: the target or context column) of a row
/// that passed `check_row` (so it has every column); an empty or blank cell is none.
fn cell_of(
    record: &csv::ByteRecord,
    idx: Option<usize>,
    name: Option<&str>,
) -> Result<Option<String>, String> {
    let Some(idx) = idx else {
        return Ok(None);
    };
    let cell = std::str::from_utf8(&record[idx]).map_err(|e| {
        format!(
            "column {:?} is not valid UTF-8 (byte {}); save the file as UTF-8",
            name.unwrap_or_default(),
            e.valid_up_to()
        )
    })?;
    let cell = cell.trim();
    Ok((!cell.is_empty()).then(|| cell.to_string()))
}

/// The labels of column `label_col` of the CSV at `path` that are not in `labels` (lower-cased,
/// in order of first appearance, at most 10): what a model trained for another label set
/// does not know. Empty when the file cannot be read.
pub fn unknown_labels(path: &Path, label_col: &str, labels: &LabelSet) -> Vec<String> {
    let Ok(bytes) = crate::input::read(path, crate::input::DATA) else {
        return Vec::new();
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(&bytes[..]);
    let Some(idx) = reader.byte_headers().ok().and_then(|h| {
        h.iter()
            .position(|name| String::from_utf8_lossy(name).trim() == label_col)
    }) else {
        return Vec::new();
    };
    let mut unknown: Vec<String> = Vec::new();
    for record in reader.byte_records() {
        let Ok(record) = record else { break };
        let Some(raw) = record.get(idx) else { continue };
        let label = normalise_label(&String::from_utf8_lossy(raw));
        if !label.is_empty() && labels.index(&label).is_none() && !unknown.contains(&label) {
            unknown.push(label);
            if unknown.len() == 10 {
                break;
            }
        }
    }
    unknown
}

/// A header row with nothing in it: the file is empty.
pub fn is_empty_header(headers: &csv::ByteRecord) -> bool {
    headers.is_empty() || (headers.len() == 1 && headers[0].is_empty())
}

/// Whether the header row of the CSV at `path` names column `name` (false when the file
/// cannot be read: the read that follows reports that). Reads the first megabyte at most.
pub fn has_column(path: &Path, name: &str) -> bool {
    use std::io::Read;
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(file.take(1 << 20));
    reader
        .byte_headers()
        .is_ok_and(|h| h.iter().any(|c| String::from_utf8_lossy(c).trim() == name))
}

/// Where column `name` is in `headers`; if it is missing, an error at line 1 that lists the
/// columns there are and names the `flag` that picks another.
pub fn column_index(
    path: &Path,
    headers: &csv::ByteRecord,
    name: &str,
    flag: &str,
) -> Result<usize, CorpusError> {
    let header_names: Vec<String> = headers
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_string())
        .collect();
    let found = header_names.iter().position(|h| h == name);
    // `text,text,label` silently read the first: which one was meant is not ours to guess.
    if let Some(first) = found {
        if let Some(again) = header_names[first + 1..].iter().position(|h| h == name) {
            return Err(CorpusError::at(
                path,
                Some(1),
                format!(
                    "the header names column {name:?} twice (columns {} and {}); rename one",
                    first + 1,
                    first + 2 + again
                ),
            ));
        }
    }
    found.ok_or_else(|| {
        // A binary file's "header" can be huge: name at most 10 columns, 40 characters each.
        let mut shown: Vec<String> = header_names
            .iter()
            .take(10)
            .map(|h| match h.char_indices().nth(40) {
                Some((cut, _)) => format!("{:?}…", &h[..cut]),
                None => format!("{h:?}"),
            })
            .collect();
        if header_names.len() > 10 {
            shown.push(format!("… ({} in all)", header_names.len()));
        }
        let binary = if headers.iter().any(|h| std::str::from_utf8(h).is_err()) {
            " (the first line is not UTF-8 text: is this a CSV file?)"
        } else {
            ""
        };
        CorpusError::at(
            path,
            Some(1),
            format!(
                "no column {name:?}; the columns are {}; name the right one with {flag}{binary}",
                shown.join(", ")
            ),
        )
    })
}

fn check_row(
    record: &csv::ByteRecord,
    n_columns: usize,
    text_idx: usize,
    label_idx: usize,
    options: &CsvOptions,
) -> Result<(String, usize), String> {
    if let Some(message) = shape_error(record, n_columns) {
        return Err(message);
    }
    let field = |idx: usize, name: &str| -> Result<&str, String> {
        std::str::from_utf8(&record[idx]).map_err(|e| {
            format!(
                "column {name:?} is not valid UTF-8 (byte {}); save the file as UTF-8",
                e.valid_up_to()
            )
        })
    };
    let text = field(text_idx, &options.text_col)?;
    let raw_label = field(label_idx, &options.label_col)?;
    if text.trim().is_empty() {
        return Err(format!("empty text in column {:?}", options.text_col));
    }
    let label = normalise_label(raw_label);
    if label.is_empty() {
        return Err(format!(
            "empty label; expected one of {}",
            list_labels(options.labels.names())
        ));
    }
    match options.labels.index(&label) {
        Some(i) => Ok((text.to_string(), i)),
        None => {
            let nearest = options
                .labels
                .names()
                .iter()
                .min_by_key(|l| strsim::levenshtein(l, &label))
                .cloned()
                .unwrap_or_default();
            Err(format!(
                "unknown label {}; expected one of {} (did you mean {nearest:?}?), or declare your labels with --labels",
                show_label(raw_label),
                list_labels(options.labels.names())
            ))
        }
    }
}

/// Why a row does not have the header's number of fields, if it does not.
pub fn shape_error(record: &csv::ByteRecord, n_columns: usize) -> Option<String> {
    if record.len() == n_columns {
        return None;
    }
    // Too few fields and a field with line breaks: most likely a quote opened and never
    // closed, which swallows the rows after it.
    let breaks = record
        .iter()
        .map(|f| f.iter().filter(|&&b| b == b'\n').count())
        .sum::<usize>();
    Some(if record.len() < n_columns && breaks > 0 {
        format!(
            "this row has {} fields but the header has {n_columns}, and a quoted field in it runs on over the next {breaks} line(s); a closing quote (\") is probably missing",
            record.len()
        )
    } else {
        format!(
            "this row has {} fields but the header has {n_columns}; quote fields that contain commas",
            record.len()
        )
    })
}

fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => {
            "the header is not valid UTF-8; save the file as UTF-8".into()
        }
        csv::ErrorKind::Io(io) => format!("cannot read the file: {io}"),
        _ => format!("malformed CSV ({e}); check the quoting of this row"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(csv: &str, options: &CsvOptions) -> Result<Corpus, CorpusError> {
        parse_labelled(csv.as_bytes(), Path::new("t.csv"), options)
    }

    #[test]
    fn reads_rows_with_bom_crlf_and_label_case() {
        let c = parse(
            "\u{feff}text,label\r\n\"Hi, there\", Hostile \r\nok,neutral\r\n",
            &CsvOptions::default(),
        )
        .unwrap();
        assert_eq!(c.examples.len(), 2);
        assert_eq!(c.examples[0].text, "Hi, there");
        assert_eq!(c.examples[0].label, 1);
        assert_eq!(c.examples[1].line, 3);
    }

    #[test]
    fn unknown_label_suggests_the_nearest() {
        let e = parse("text,label\na,hostle\n", &CsvOptions::default()).unwrap_err();
        assert_eq!(e.location, "t.csv:2");
        assert!(
            e.message.contains("did you mean \"hostile\"?"),
            "{}",
            e.message
        );
    }

    #[test]
    fn missing_column_lists_the_columns() {
        let e = parse("body,label\na,hostile\n", &CsvOptions::default()).unwrap_err();
        assert!(e.message.contains("no column \"text\""));
        assert!(e.message.contains("\"body\", \"label\""));
        assert!(e.message.contains("--text-col"));
    }

    #[test]
    fn ragged_rows_and_invalid_utf8_are_errors_or_skipped() {
        let mut bytes = b"text,label\na,hostile,extra\n".to_vec();
        bytes.extend_from_slice(b"\xff\xfe,neutral\nfine,neutral\n");
        let e = parse_labelled(&bytes, Path::new("t.csv"), &CsvOptions::default()).unwrap_err();
        assert!(e.message.contains("3 fields but the header has 2"));
        let skipping = CsvOptions {
            skip_invalid: true,
            ..CsvOptions::default()
        };
        let c = parse_labelled(&bytes, Path::new("t.csv"), &skipping).unwrap();
        assert_eq!(c.examples.len(), 1);
        assert_eq!(c.skipped, 2);
        assert!(c.skip_reasons[1].contains("line 3"));
        assert!(c.skip_reasons[1].contains("not valid UTF-8"));
    }

    #[test]
    fn empty_and_header_only_files() {
        assert!(parse("", &CsvOptions::default())
            .unwrap_err()
            .message
            .contains("the file is empty"));
        assert!(parse("text,label\n", &CsvOptions::default())
            .unwrap_err()
            .message
            .contains("no rows"));
    }

    #[test]
    fn target_column_is_read_and_an_empty_cell_is_no_target() {
        let options = CsvOptions {
            target_col: Some("target".into()),
            ..CsvOptions::default()
        };
        let c = parse(
            "text,label,target\nIran said no,hostile, Iran \nok,neutral,\n",
            &options,
        )
        .unwrap();
        assert_eq!(c.examples[0].target.as_deref(), Some("Iran"));
        assert_eq!(c.examples[1].target, None);
        assert_eq!(c.target_col.as_deref(), Some("target"));
        let docs = c.documents();
        assert_eq!(
            (docs[0].text, docs[0].target),
            ("Iran said no", Some("Iran"))
        );
        // Without a target column, no row has a target.
        let plain = parse("text,label,target\na,hostile,x\n", &CsvOptions::default()).unwrap();
        assert_eq!(plain.examples[0].target, None);
    }

    #[test]
    fn missing_target_column_names_the_flag() {
        let options = CsvOptions {
            target_col: Some("target".into()),
            ..CsvOptions::default()
        };
        let e = parse("text,label\na,hostile\n", &options).unwrap_err();
        assert_eq!(e.location, "t.csv:1");
        assert!(
            e.message.contains("no column \"target\"; the columns are \"text\", \"label\"; name the right one with --target-col"),
            "{}",
            e.message
        );
    }

    #[test]
    fn label_sets_parse_and_validate() {
        let l = LabelSet::parse(" Pos, neg ,").unwrap();
        assert_eq!(l.names(), ["pos", "neg"]);
        assert!(LabelSet::parse("a,a").is_err());
        assert!(LabelSet::parse("a").is_err());
    }
}
