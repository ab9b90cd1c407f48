//! A person's corrections to what extraction and the model said about a quote: a CSV of
//! `article,start,field,value` rows, each overriding one field (speaker, speaker_party,
//! target_party or label) of the quote of `article` that starts at byte `start`.
//!
//! `article` is the name the output shows (the path as given), or its file name alone.
//! An empty value for a party means "no party".

use crate::article::Quote;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

/// The fields a correction may set.
pub const FIELDS: [&str; 4] = ["speaker", "speaker_party", "target_party", "label"];

/// One row of the corrections file.
#[derive(Debug)]
struct Correction {
    line: u64,
    field: &'static str,
    value: String,
    used: AtomicBool,
}

/// Every correction, by article and start offset. Shared by the threads that process
/// articles: each marks the corrections it applied, for [`Corrections::unused`].
#[derive(Debug, Default)]
pub struct Corrections {
    path: String,
    by_quote: BTreeMap<(String, usize), Vec<Correction>>,
}

/// What was changed in one quote.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Applied {
    /// The corrected fields, in [`FIELDS`] order.
    pub fields: Vec<&'static str>,
    /// The corrected label's index in the model's labels.
    pub label: Option<usize>,
}

impl Corrections {
    /// Reads and checks a corrections CSV. `labels` are the model's (a label correction must
    /// name one of them). Errors name the file and line.
    pub fn read(path: &Path, labels: &[String]) -> Result<Self, String> {
        let bytes = std::fs::read(path).map_err(|e| {
            format!(
                "{}: cannot read the corrections file: {e}; check the path",
                path.display()
            )
        })?;
        Self::parse(&bytes, &path.display().to_string(), labels)
    }

    pub fn parse(bytes: &[u8], name: &str, labels: &[String]) -> Result<Self, String> {
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
        let headers = reader
            .headers()
            .map_err(|e| format!("{name}:1: {e}"))?
            .clone();
        let col = |want: &str| -> Result<usize, String> {
            headers.iter().position(|h| h.trim() == want).ok_or_else(|| {
                format!("{name}:1: no column {want:?}; a corrections file has the header article,start,field,value")
            })
        };
        let (a, s, f, v) = (col("article")?, col("start")?, col("field")?, col("value")?);
        let mut by_quote: BTreeMap<(String, usize), Vec<Correction>> = BTreeMap::new();
        for record in reader.records() {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line());
                format!("{name}:{line}: malformed CSV ({e}); check the quoting of this row")
            })?;
            let line = record.position().map_or(0, |p| p.line());
            let cell = |i: usize| record.get(i).unwrap_or("").trim();
            let article = cell(a);
            if article.is_empty() {
                return Err(format!(
                    "{name}:{line}: empty article; name the article as the output does"
                ));
            }
            let start: usize = cell(s).parse().map_err(|_| {
                format!(
                    "{name}:{line}: start must be the quote's start byte offset (the \"start\" of `stance predict` output), got {:?}",
                    cell(s)
                )
            })?;
            let field = FIELDS
                .iter()
                .find(|&&x| x == cell(f))
                .copied()
                .ok_or_else(|| {
                    format!(
                        "{name}:{line}: unknown field {:?}; use one of {}",
                        cell(f),
                        FIELDS.join(", ")
                    )
                })?;
            let value = cell(v).to_string();
            if field == "label" && !labels.iter().any(|l| *l == value.to_lowercase()) {
                return Err(format!(
                    "{name}:{line}: unknown label {value:?}; the model's labels are {}",
                    labels.join(", ")
                ));
            }
            if field == "speaker" && value.is_empty() {
                return Err(format!("{name}:{line}: empty speaker; write who said it"));
            }
            let value = if field == "label" {
                value.to_lowercase()
            } else {
                value
            };
            let entry = by_quote.entry((article.to_string(), start)).or_default();
            // A later row for the same field wins: the file reads as a log of fixes.
            entry.retain(|c| c.field != field);
            entry.push(Correction {
                line,
                field,
                value,
                used: AtomicBool::new(false),
            });
        }
        Ok(Self {
            path: name.to_string(),
            by_quote,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.by_quote.is_empty()
    }

    /// The corrections of the quote starting at `start` in `article` (matched by the name as
    /// given, or by its file name).
    fn find(&self, article: &str, start: usize) -> Option<&[Correction]> {
        if let Some(c) = self.by_quote.get(&(article.to_string(), start)) {
            return Some(c);
        }
        let file_name = Path::new(article).file_name()?.to_str()?;
        self.by_quote
            .get(&(file_name.to_string(), start))
            .map(Vec::as_slice)
    }

    /// Applies the corrections of `quote` (of `article`) to it; returns what changed.
    /// `labels` are the model's labels (a label correction is returned, not applied: the
    /// quote holds no label).
    pub fn apply(&self, article: &str, quote: &mut Quote, labels: &[String]) -> Applied {
        let Some(found) = self.find(article, quote.start) else {
            return Applied::default();
        };
        let mut applied = Applied::default();
        for field in FIELDS {
            let Some(c) = found.iter().find(|c| c.field == field) else {
                continue;
            };
            let party = |v: &str| (!v.is_empty()).then(|| v.to_string());
            match field {
                "speaker" => {
                    quote.speaker = c.value.clone();
                    quote.speaker_name = Some(c.value.clone());
                }
                "speaker_party" => quote.speaker_party = party(&c.value),
                "target_party" => quote.target_party = party(&c.value),
                _ => match labels.iter().position(|l| *l == c.value) {
                    Some(i) => applied.label = Some(i),
                    None => continue,
                },
            }
            c.used.store(true, Ordering::Relaxed);
            applied.fields.push(field);
        }
        applied
    }

    /// Warnings for corrections that matched no quote, naming their line.
    pub fn unused(&self) -> Vec<String> {
        let mut out: Vec<(u64, String)> = self
            .by_quote
            .iter()
            .flat_map(|((article, start), cs)| {
                cs.iter().filter(|c| !c.used.load(Ordering::Relaxed)).map(move |c| {
                    (
                        c.line,
                        format!(
                            "{}:{}: no quote of article {article:?} starts at byte {start}; this {} correction was not applied (check the article name and the quote's \"start\" in `stance predict` output)",
                            self.path, c.line, c.field
                        ),
                    )
                })
            })
            .collect();
        out.sort();
        out.into_iter().map(|(_, m)| m).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::QuoteKind;

    fn labels() -> Vec<String> {
        crate::corpus::DEFAULT_LABELS
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    fn quote(start: usize) -> Quote {
        Quote {
            index: 0,
            start,
            end: start + 10,
            text: "We will talk.".into(),
            kind: QuoteKind::Full,
            unclosed: false,
            spans: vec![(start, start + 10)],
            speaker: "the envoy".into(),
            speaker_name: None,
            role: None,
            organisation: None,
            speaker_party: Some("Iran".into()),
            target_party: None,
            target_reason: None,
            cue: None,
        }
    }

    #[test]
    fn corrections_apply_to_the_quote_at_their_offset() {
        let csv = "article,start,field,value\n\
                   a.txt,10,label,Hostile\n\
                   a.txt,10,target_party,United States\n\
                   dir/a.txt,10,speaker_party,\n\
                   a.txt,99,speaker,Someone\n";
        let c = Corrections::parse(csv.as_bytes(), "fix.csv", &labels()).unwrap();
        let mut q = quote(10);
        let applied = c.apply("dir/a.txt", &mut q, &labels());
        assert_eq!(
            applied.fields,
            ["speaker_party"],
            "the full name matches first"
        );
        assert_eq!(q.speaker_party, None);
        let mut q = quote(10);
        let applied = c.apply("other/a.txt", &mut q, &labels());
        assert_eq!(applied.fields, ["target_party", "label"]);
        assert_eq!(applied.label, Some(1));
        assert_eq!(q.target_party.as_deref(), Some("United States"));
        let unused = c.unused();
        assert_eq!(unused.len(), 1);
        assert!(unused[0].starts_with("fix.csv:5: no quote of article \"a.txt\" starts at byte 99"));
    }

    #[test]
    fn bad_rows_name_their_line() {
        let bad = |csv: &str| Corrections::parse(csv.as_bytes(), "f.csv", &labels()).unwrap_err();
        assert!(bad("article,start,field,value\na,1,label,furious\n")
            .starts_with("f.csv:2: unknown label"));
        assert!(bad("article,start,field,value\na,x,label,hostile\n")
            .starts_with("f.csv:2: start must"));
        assert!(bad("article,start,field,value\na,1,tone,hostile\n")
            .starts_with("f.csv:2: unknown field"));
        assert!(bad("article,offset,field,value\n").starts_with("f.csv:1: no column \"start\""));
    }
}
