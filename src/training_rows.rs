//! Quotes labelled by a person, as rows `stance train` reads as they are: text and label
//! first, then where the quote came from (article, offsets, speaker, parties) and the
//! sentence around it. Written by `stance label` and by `predict --export-training`.

use crate::article::Quote;
use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

/// The columns, in order.
pub const HEADER: [&str; 9] = [
    "text",
    "label",
    "article",
    "start",
    "end",
    "speaker",
    "speaker_party",
    "target_party",
    "context",
];

/// One labelled (or, for `--export`, still unlabelled) quote.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainingRow {
    pub text: String,
    /// Empty in an export for labelling by hand.
    pub label: String,
    pub article: String,
    pub start: usize,
    pub end: usize,
    pub speaker: String,
    pub speaker_party: String,
    pub target_party: String,
    pub context: String,
}

impl TrainingRow {
    /// The row for `quote` of `article` (whose text is `article_text`) with `label`.
    pub fn of_quote(article: &str, article_text: &str, quote: &Quote, label: &str) -> Self {
        Self {
            text: quote.text.clone(),
            label: label.to_string(),
            article: article.to_string(),
            start: quote.start,
            end: quote.end,
            speaker: quote.speaker.clone(),
            speaker_party: quote.speaker_party.clone().unwrap_or_default(),
            target_party: quote.target_party.clone().unwrap_or_default(),
            context: context(article_text, quote.start, quote.end),
        }
    }

    fn cells(&self) -> [String; 9] {
        [
            self.text.clone(),
            self.label.clone(),
            self.article.clone(),
            self.start.to_string(),
            self.end.to_string(),
            self.speaker.clone(),
            self.speaker_party.clone(),
            self.target_party.clone(),
            self.context.clone(),
        ]
    }
}

/// Longest context kept either side of a quote, in bytes (a paragraph without full stops
/// would otherwise be copied whole).
const CONTEXT_SIDE: usize = 300;

/// The sentence(s) holding bytes `start..end` of `text`: from the end of the sentence before
/// to the end of the sentence the quote ends in, on one line, cut at [`CONTEXT_SIDE`].
pub fn context(text: &str, start: usize, end: usize) -> String {
    let start = floor_char(text, start.min(text.len()));
    let end = floor_char(text, end.min(text.len()).max(start));
    let lo_limit = floor_char(text, start.saturating_sub(CONTEXT_SIDE));
    let before = &text[lo_limit..start];
    // A sentence starts after ". " / "! " / "? " or a line break.
    let lo = before
        .char_indices()
        .rev()
        .find(|&(i, c)| {
            c == '\n' || (matches!(c, '.' | '!' | '?') && before[i + 1..].starts_with(' '))
        })
        .map_or(lo_limit, |(i, c)| lo_limit + i + c.len_utf8());
    let hi_limit = floor_char(text, (end + CONTEXT_SIDE).min(text.len()));
    let after = &text[end..hi_limit];
    let hi = after
        .char_indices()
        .find(|&(i, c)| {
            c == '\n'
                || (matches!(c, '.' | '!' | '?')
                    && (after[i + 1..].is_empty() || after[i + 1..].starts_with([' ', '\n'])))
        })
        .map_or(hi_limit, |(i, c)| {
            end + i + if c == '\n' { 0 } else { c.len_utf8() }
        });
    text[lo..hi]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Appends rows to a CSV, writing the header first when the file is new or empty. Every
/// row is flushed to the file at once: a crash or Ctrl-C loses nothing already answered.
pub struct RowAppender {
    file: std::fs::File,
}

impl RowAppender {
    pub fn open(path: &Path) -> std::io::Result<Self> {
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?;
        if file.metadata()?.len() == 0 {
            file.write_all(&encode(&HEADER.map(str::to_string)))?;
        }
        Ok(Self { file })
    }

    /// Appends `row`; returns the file's length before it, for [`RowAppender::truncate`].
    pub fn append(&mut self, row: &TrainingRow) -> std::io::Result<u64> {
        let before = self.file.metadata()?.len();
        self.file.write_all(&encode(&row.cells()))?;
        self.file.flush()?;
        self.file.sync_data()?;
        Ok(before)
    }

    /// Cuts the file back to `len` bytes: undoes the appends made since.
    pub fn truncate(&mut self, len: u64) -> std::io::Result<()> {
        self.file.set_len(len)?;
        self.file.sync_data()
    }
}

/// One CSV record, with its line end.
fn encode(cells: &[String; 9]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(cells).expect("writing to memory");
    w.into_inner().expect("writing to memory")
}

/// Writes `rows` to a new CSV at `path`, header first.
pub fn write_all(path: &Path, rows: &[TrainingRow]) -> std::io::Result<()> {
    let mut bytes = encode(&HEADER.map(str::to_string));
    for r in rows {
        bytes.extend(encode(&r.cells()));
    }
    std::fs::write(path, bytes)
}

/// Rows of a labels CSV, with their 1-based line; missing file = none. Errors name the file
/// and line.
pub fn read(path: &Path) -> Result<Vec<(u64, TrainingRow)>, String> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("{}: cannot read: {e}", path.display())),
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(&bytes[..]);
    let headers = reader
        .headers()
        .map_err(|e| format!("{}:1: {e}", path.display()))?
        .clone();
    if headers.is_empty() || (headers.len() == 1 && headers[0].is_empty()) {
        return Ok(Vec::new());
    }
    let col = |name: &str| headers.iter().position(|h| h.trim() == name);
    let idx: Vec<Option<usize>> = HEADER.iter().map(|h| col(h)).collect();
    for required in ["text", "label", "article", "start"] {
        if col(required).is_none() {
            return Err(format!(
                "{}:1: no column {required:?}; a labels file has the columns {}; choose another --out",
                path.display(),
                HEADER.join(",")
            ));
        }
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            format!("{}:{line}: malformed CSV ({e})", path.display())
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let get = |i: usize| idx[i].and_then(|c| record.get(c)).unwrap_or("").to_string();
        let number = |i: usize| -> Result<usize, String> {
            let cell = get(i);
            cell.trim().parse().map_err(|_| {
                format!(
                    "{}:{line}: column {:?} must be a byte offset, got {cell:?}",
                    path.display(),
                    HEADER[i]
                )
            })
        };
        rows.push((
            line,
            TrainingRow {
                text: get(0),
                label: get(1),
                article: get(2),
                start: number(3)?,
                end: if idx[4].is_some() { number(4)? } else { 0 },
                speaker: get(5),
                speaker_party: get(6),
                target_party: get(7),
                context: get(8),
            },
        ));
    }
    Ok(rows)
}

/// (article, start) of every row of `rows`: the quotes already answered.
pub fn keys(rows: &[(u64, TrainingRow)]) -> HashSet<(String, usize)> {
    rows.iter()
        .map(|(_, r)| (r.article.clone(), r.start))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_is_the_sentence_around_the_quote() {
        let text = "First line here. The envoy said \"we will talk\" on Monday. Next one.\nOther.";
        let start = text.find("we will").unwrap();
        let end = start + "we will talk".len();
        assert_eq!(
            context(text, start, end),
            "The envoy said \"we will talk\" on Monday."
        );
        assert_eq!(context("no stop at all", 3, 7), "no stop at all");
    }

    #[test]
    fn rows_round_trip_and_append_flushes_each() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("labels.csv");
        let row = TrainingRow {
            text: "We will, \"perhaps\", agree.".into(),
            label: "conciliatory".into(),
            article: "a.txt".into(),
            start: 12,
            end: 40,
            speaker: "the envoy".into(),
            speaker_party: "Iran".into(),
            target_party: String::new(),
            context: "She said: we will agree.".into(),
        };
        let mut w = RowAppender::open(&path).unwrap();
        w.append(&row).unwrap();
        let rows = read(&path).unwrap();
        assert_eq!(rows, vec![(2, row.clone())]);
        drop(w);
        let mut w = RowAppender::open(&path).unwrap();
        w.append(&row).unwrap();
        let before = w
            .append(&TrainingRow {
                start: 50,
                ..row.clone()
            })
            .unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().filter(|l| l.starts_with("text,")).count(), 1);
        assert_eq!(keys(&read(&path).unwrap()).len(), 2);
        w.truncate(before).unwrap();
        assert_eq!(read(&path).unwrap().len(), 2);
        assert_eq!(keys(&read(&path).unwrap()).len(), 1);
    }
}
