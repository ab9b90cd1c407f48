//! Labelled CSV → examples. Every error names the file, the line and what to do.

use crate::features::Targeted;
use crate::hash::sha256_hex;
use std::path::{Path, PathBuf};

/// The labels a model predicts, in a fixed order (the order of its probability columns).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelSet(Vec<String>);

/// The default label scheme (see data/LABELS.md).
pub const DEFAULT_LABELS: [&str; 3] = ["conciliatory", "hostile", "neutral"];

impl Default for LabelSet {
    fn default() -> Self {
        Self(DEFAULT_LABELS.iter().map(|s| s.to_string()).collect())
    }
}

/// At most this many labels in a label set, a model or a report: a confusion matrix is
/// labels × labels, and 30,000 labels once asked `evaluate` for 8 GB.
pub const MAX_LABELS: usize = 100;
/// At most this many characters in a label: labels are column heads in every table.
pub const MAX_LABEL_CHARS: usize = 64;

/// What a label may be, for messages.
pub const LABEL_RULES: &str = "a label is 1 to 64 characters, with no control characters, commas, quotes or newlines, and there are at most 100 labels";

/// A label for a message: cut to `MAX_LABEL_CHARS` and escaped for the terminal.
pub fn cut_label(label: &str) -> String {
    let mut s: String = label.chars().take(MAX_LABEL_CHARS).collect();
    if label.chars().nth(MAX_LABEL_CHARS).is_some() {
        s.push('…');
    }
    crate::term::clean(&s).into_owned()
}

/// [`cut_label`] in double quotes.
pub fn show_label(label: &str) -> String {
    format!("\"{}\"", cut_label(label))
}

/// Why `label` breaks the label rules, if it does.
pub fn label_problem(label: &str) -> Option<String> {
    let n = label.chars().count();
    let why = if label.is_empty() {
        "is empty".to_string()
    } else if n > MAX_LABEL_CHARS {
        format!("is {n} characters long")
    } else if label.chars().any(crate::term::is_unsafe) {
        "contains a control character".to_string()
    } else if label.contains([',', '"']) {
        "contains a comma or a quote".to_string()
    } else {
        return None;
    };
    Some(format!("label {} {why}; {LABEL_RULES}", show_label(label)))
}

/// Up to ten labels for a message, then how many there are in all.
pub fn list_labels<S: AsRef<str>>(labels: &[S]) -> String {
    let mut s = labels
        .iter()
        .take(10)
        .map(|l| cut_label(l.as_ref()))
        .collect::<Vec<_>>()
        .join(", ");
    if labels.len() > 10 {
        s.push_str(&format!(", … ({} in all)", labels.len()));
    }
    s
}

/// Checks a whole label list: the count, then each label.
pub fn check_labels<'a>(labels: impl ExactSizeIterator<Item = &'a str>) -> Result<(), String> {
    let n = labels.len();
    if n > MAX_LABELS {
        return Err(format!("{n} labels; {LABEL_RULES}"));
    }
    for l in labels {
        if let Some(why) = label_problem(l) {
            return Err(why);
        }
    }
    Ok(())
}

impl LabelSet {
    /// Parses `a,b,c`: trimmed, lower-cased, at least two, no duplicates, within the label
    /// rules.
    pub fn parse(spec: &str) -> Result<Self, String> {
        let labels: Vec<String> = spec
            .split(',')
            .map(normalise_label)
            .filter(|s| !s.is_empty())
            .collect();
        if labels.len() < 2 {
            return Err(format!(
                "--labels needs at least two comma-separated labels, got {spec:?}"
            ));
        }
        check_labels(labels.iter().map(String::as_str)).map_err(|e| format!("--labels: {e}"))?;
        for (i, l) in labels.iter().enumerate() {
            if labels[..i].contains(l) {
                return Err(format!("--labels names {l:?} twice"));
            }
        }
        Ok(Self(labels))
    }

    pub fn from_vec(labels: Vec<String>) -> Self {
        Self(labels)
    }

    pub fn names(&self) -> &[String] {
        &self.0
    }

    pub fn index(&self, label: &str) -> Option<usize> {
        self.0.iter().position(|l| l == label)
    }
}

fn normalise_label(s: &str) -> String {
    s.trim().to_lowercase()
}

/// How to read a labelled CSV.
#[derive(Debug, Clone)]
pub struct CsvOptions {
    pub text_col: String,
    pub label_col: String,
    /// Column holding each row's target (the mention text); None = no targets.
    pub target_col: Option<String>,
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
}

/// A labelled CSV, read and checked.
#[derive(Debug)]
pub struct Corpus {
    pub path: PathBuf,
    pub sha256: String,
    pub examples: Vec<Example>,
    /// The column the targets were read from, if any.
    pub target_col: Option<String>,
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

    /// Every row's text and target, for featurising.
    pub fn documents(&self) -> Vec<Targeted<'_>> {
        self.examples
            .iter()
            .map(|e| Targeted {
                text: &e.text,
                target: e.target.as_deref(),
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
        let row = check_row(&record, headers.len(), text_idx, label_idx, options)
            .and_then(|(text, label)| Ok((text, label, target_of(&record, target_idx, options)?)));
        match row {
            Ok((text, label, target)) => examples.push(Example {
                line,
                text,
                label,
                target,
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
        skipped,
        skip_reasons,
    })
}

/// The target cell of a row that passed `check_row` (so it has every column); an empty or
/// blank cell is no target.
fn target_of(
    record: &csv::ByteRecord,
    target_idx: Option<usize>,
    options: &CsvOptions,
) -> Result<Option<String>, String> {
    let Some(idx) = target_idx else {
        return Ok(None);
    };
    let cell = std::str::from_utf8(&record[idx]).map_err(|e| {
        format!(
            "column {:?} is not valid UTF-8 (byte {}); save the file as UTF-8",
            options.target_col.as_deref().unwrap_or_default(),
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

/// A reader that remembers where its line breaks are (LF, CRLF or a lone CR), so a byte
/// offset reported by the csv reader becomes the line number an editor shows. csv's own line
/// numbers count LF only: one off after a CRLF header, meaningless with lone CRs. Breaks are
/// forgotten once counted, so memory stays bounded by what the csv reader buffers.
pub struct LineTrackingReader<R> {
    inner: R,
    breaks: std::rc::Rc<std::cell::RefCell<LineBreaks>>,
}

/// Looks up line numbers in what a [`LineTrackingReader`] has read.
pub struct LineLookup(std::rc::Rc<std::cell::RefCell<LineBreaks>>);

#[derive(Default)]
struct LineBreaks {
    /// (start, end) byte ranges of breaks not yet counted, in order.
    pending: std::collections::VecDeque<(u64, u64)>,
    /// Breaks already counted.
    counted: u64,
    /// Bytes read so far.
    offset: u64,
    /// Offset of a CR just read, whose LF (if any) may come in the next read.
    last_cr: Option<u64>,
}

impl<R: std::io::Read> LineTrackingReader<R> {
    pub fn new(inner: R) -> (Self, LineLookup) {
        let breaks = std::rc::Rc::new(std::cell::RefCell::new(LineBreaks::default()));
        let lookup = LineLookup(breaks.clone());
        (Self { inner, breaks }, lookup)
    }
}

impl<R: std::io::Read> std::io::Read for LineTrackingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut b = self.breaks.borrow_mut();
        for &byte in &buf[..n] {
            let at = b.offset;
            match byte {
                b'\n' if b.last_cr == Some(at.wrapping_sub(1)) => {
                    // The LF of a CRLF: the break recorded at the CR grows by one byte.
                    if let Some(last) = b.pending.back_mut().filter(|r| r.1 == at) {
                        last.1 = at + 1;
                    }
                }
                b'\n' => b.pending.push_back((at, at + 1)),
                b'\r' => {
                    b.pending.push_back((at, at + 1));
                    b.last_cr = Some(at);
                }
                _ => {}
            }
            b.offset += 1;
        }
        Ok(n)
    }
}

impl LineLookup {
    /// The 1-based line of a record that starts at byte `offset`. Offsets are asked for in
    /// increasing order. A record's offset may point at the break(s) before it; its text
    /// starts after them.
    pub fn line_at(&self, offset: u64) -> u64 {
        let mut b = self.0.borrow_mut();
        // Breaks before the offset, then the run of breaks at it (the offset may even point
        // at the LF of a CRLF).
        let mut reach = offset;
        while let Some(&(start, stop)) = b.pending.front() {
            if start < offset || start == reach {
                if stop > reach {
                    reach = stop;
                }
                b.pending.pop_front();
                b.counted += 1;
            } else {
                break;
            }
        }
        b.counted + 1
    }
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

#[cfg(test)]
mod line_tests {
    use super::*;

    fn lines_of_records(bytes: &[u8]) -> Vec<u64> {
        let (reader, lookup) = LineTrackingReader::new(bytes);
        let mut csv = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(std::io::BufReader::with_capacity(3, reader));
        let mut record = csv::ByteRecord::new();
        let mut lines = Vec::new();
        while csv.read_byte_record(&mut record).unwrap() {
            lines.push(lookup.line_at(record.position().unwrap().byte()));
        }
        lines
    }

    #[test]
    fn lines_are_counted_for_lf_crlf_lone_cr_and_blank_lines() {
        assert_eq!(lines_of_records(b"text\na\nb\nc\n"), [2, 3, 4]);
        assert_eq!(lines_of_records(b"text\r\na\r\nb\r\nc\r\n"), [2, 3, 4]);
        assert_eq!(lines_of_records(b"text\ra\rb\rc\r"), [2, 3, 4]);
        assert_eq!(lines_of_records(b"text\r\na\r\n\r\n\r\nb\r\n"), [2, 5]);
        assert_eq!(lines_of_records(b"text\na\n\n\nb"), [2, 5]);
        // A quoted field spanning lines: the next record's line counts them.
        assert_eq!(lines_of_records(b"text\r\n\"a\r\nb\"\r\nc\r\n"), [2, 4]);
    }
}
