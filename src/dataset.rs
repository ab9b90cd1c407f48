//! Several labelled CSVs (and, on request, the shipped corpus) read as one training set, with
//! each file's name, digest and row count kept for the model's provenance.

use crate::corpus::{parse_labelled, read_labelled, Corpus, CorpusError, CsvOptions, LabelSet};
use crate::hash::sha256_hex;
use crate::model::classifier::DataFile;
use std::path::Path;

/// The shipped corpus (data/train.csv), embedded so `--with-default-corpus` works anywhere,
/// after `cargo install` too.
pub const SHIPPED_CORPUS: &[u8] =
    include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/train.csv"));

/// How the shipped corpus is named in provenance and messages.
pub const SHIPPED_NAME: &str = "(built-in corpus data/train.csv)";

/// A label with fewer rows than this is learned poorly: training warns.
pub const FEW_ROWS: usize = 20;
/// A vocabulary smaller than this is a sign of too little data: training warns.
pub const SMALL_VOCABULARY: usize = 200;

/// One training set made of several files.
#[derive(Debug)]
pub struct Dataset {
    /// Every file's rows, in the order the files were given.
    pub corpus: Corpus,
    /// Each file as given, its sha256 and rows used.
    pub files: Vec<DataFile>,
}

impl Dataset {
    /// The name provenance records: the one file, or every file joined by " + ".
    pub fn display_path(&self) -> String {
        self.files
            .iter()
            .map(|f| f.path.as_str())
            .collect::<Vec<_>>()
            .join(" + ")
    }
}

/// The shipped corpus's column holding the writer's sentence around its short quotes.
pub const SHIPPED_CONTEXT_COL: &str = "context";

/// The shipped corpus with the label set `labels` (its columns are always text,label; with
/// `context`, also its own context column).
pub fn shipped(labels: &LabelSet, context: bool) -> Result<Corpus, CorpusError> {
    let options = CsvOptions {
        labels: labels.clone(),
        context_col: context.then(|| SHIPPED_CONTEXT_COL.to_string()),
        ..CsvOptions::default()
    };
    parse_labelled(SHIPPED_CORPUS, Path::new(SHIPPED_NAME), &options)
}

/// Reads every file of `paths` with `options` (the same columns in each; extra columns are
/// ignored) and, when `with_shipped`, the shipped corpus after them. Errors name the file and
/// line. The combined digest is the sha256 of the files' digests, one per line, so a model
/// trained on one file keeps that file's own digest.
pub fn read(
    paths: &[&Path],
    options: &CsvOptions,
    with_shipped: bool,
) -> Result<Dataset, CorpusError> {
    let mut parts: Vec<(String, Corpus)> = Vec::new();
    for path in paths {
        parts.push((path.display().to_string(), read_labelled(path, options)?));
    }
    if with_shipped {
        parts.push((
            SHIPPED_NAME.to_string(),
            shipped(&options.labels, options.context_col.is_some())?,
        ));
    }
    Ok(combine(parts))
}

/// Joins corpora read separately; `parts` pairs each with the name it was given by.
pub fn combine(parts: Vec<(String, Corpus)>) -> Dataset {
    assert!(!parts.is_empty(), "combine needs at least one corpus");
    let files: Vec<DataFile> = parts
        .iter()
        .map(|(name, c)| DataFile {
            path: name.clone(),
            sha256: c.sha256.clone(),
            rows: c.examples.len(),
        })
        .collect();
    let mut parts = parts.into_iter().map(|(_, c)| c);
    let mut corpus = parts.next().expect("at least one part");
    for c in parts {
        corpus.examples.extend(c.examples);
        corpus.skipped += c.skipped;
        corpus.skip_reasons.extend(c.skip_reasons);
    }
    if files.len() > 1 {
        let digests: String = files.iter().map(|f| format!("{}\n", f.sha256)).collect();
        corpus.sha256 = sha256_hex(digests.as_bytes());
    }
    Dataset { corpus, files }
}

/// Warnings about data too small to learn from: labels with few rows, a tiny vocabulary.
pub fn warnings(counts: &[usize], labels: &LabelSet, vocabulary: usize) -> Vec<String> {
    let mut out: Vec<String> = labels
        .names()
        .iter()
        .zip(counts)
        .filter(|(_, &n)| n < FEW_ROWS)
        .map(|(l, n)| {
            format!(
                "label {l:?} has only {n} row(s) (fewer than {FEW_ROWS}); the model will hardly learn it: label more rows of it, or add the shipped corpus with --with-default-corpus"
            )
        })
        .collect();
    if vocabulary < SMALL_VOCABULARY {
        out.push(format!(
            "the model knows only {vocabulary} terms (fewer than {SMALL_VOCABULARY}); most words of new text will be unknown to it: add rows, or add the shipped corpus with --with-default-corpus"
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(text: &str, name: &str) -> Corpus {
        parse_labelled(text.as_bytes(), Path::new(name), &CsvOptions::default()).unwrap()
    }

    #[test]
    fn one_file_keeps_its_digest_and_several_get_a_combined_one() {
        let a = corpus("text,label\nWe welcome the talks.,conciliatory\n", "a.csv");
        let a_sha = a.sha256.clone();
        let one = combine(vec![("a.csv".into(), a)]);
        assert_eq!(one.corpus.sha256, a_sha);
        assert_eq!(one.display_path(), "a.csv");
        let a = corpus("text,label\nWe welcome the talks.,conciliatory\n", "a.csv");
        let b = corpus(
            "label,extra,text\nhostile,x,They will pay for this.\nneutral,y,The meeting is on Monday.\n",
            "b.csv",
        );
        let b_sha = b.sha256.clone();
        let two = combine(vec![("a.csv".into(), a), ("b.csv".into(), b)]);
        assert_eq!(two.corpus.examples.len(), 3);
        assert_eq!(two.display_path(), "a.csv + b.csv");
        assert_eq!(
            two.corpus.sha256,
            sha256_hex(format!("{a_sha}\n{b_sha}\n").as_bytes())
        );
        assert_eq!(two.files[1].rows, 2);
    }

    #[test]
    fn the_shipped_corpus_reads_with_every_label() {
        let labels = LabelSet::default();
        let c = shipped(&labels, false).unwrap();
        assert!(c.examples.len() > 3000);
        c.check_every_label_present(&labels).unwrap();
    }

    #[test]
    fn small_data_is_warned_about() {
        let labels = LabelSet::default();
        let w = warnings(&[25, 3, 40], &labels, 41);
        assert_eq!(w.len(), 2);
        assert!(w[0].contains("\"hostile\" has only 3 row(s)"));
        assert!(w[1].contains("only 41 terms"));
        assert!(warnings(&[20, 20, 20], &labels, 200).is_empty());
    }
}
