//! Writer's-sentence context end to end: `--context-col` at train, evaluate and predict, what
//! the model file records, the warnings when model and flags disagree, clear errors, and
//! articles giving each short quote its sentence.
//!
//! The fixture (tests/fixtures/contexts.csv, sentences we wrote) gives each short quote three
//! times, framed by a writer's sentence that praises, mocks or just reports it, labelled by
//! that framing: the quote alone cannot tell the three rows apart, its sentence can.

use crate::util::{macro_f1_on, payload, stance, trained_on, vocabulary};
use predicates::prelude::*;
use std::path::Path;

const CONTEXTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/contexts.csv");

/// Macro-F1 of `model` on the fixture; and stderr.
fn evaluate(dir: &Path, model: &Path, extra: &[&str]) -> (f64, String) {
    macro_f1_on(CONTEXTS, dir, model, extra)
}

/// The JSON lines `stance predict` prints with `args`.
fn predict(model: &Path, args: &[&str]) -> (Vec<serde_json::Value>, String) {
    let out = stance()
        .args(["predict", "--format", "jsonl", "--model"])
        .arg(model)
        .args(args)
        .assert()
        .success()
        .get_output()
        .clone();
    let records = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (records, String::from_utf8(out.stderr).unwrap())
}

#[test]
fn training_with_a_context_column_records_it_and_tells_the_rows_apart() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("c.json");
    stance()
        .args([
            "train",
            "--data",
            CONTEXTS,
            "--context-col",
            "context",
            "--out",
        ])
        .arg(&model)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "context (column context, quotes of up to 45 words)",
        ));
    let p = payload(&model);
    assert_eq!(p["analyzer"]["context_words"], 45);
    assert_eq!(p["provenance"]["data"]["context_col"], "context");
    let vocabulary = vocabulary(&model);
    for term in ["CTX_prais", "CTX_mock", "CTX_describ", "CTX_LEX_POS"] {
        assert!(
            vocabulary.iter().any(|t| t == term),
            "{term} in {vocabulary:?}"
        );
    }
    // Function words of the sentence and the quote's own words are not context terms.
    assert!(!vocabulary.iter().any(|t| t == "CTX_the" || t == "CTX_bold"));

    let (with_context, stderr) = evaluate(dir.path(), &model, &["--context-col", "context"]);
    assert_eq!(stderr, "");
    let text_only = trained_on(CONTEXTS, dir.path(), "plain.json", &[]);
    let p = payload(&text_only);
    assert!(p["analyzer"].get("context_words").is_none());
    assert!(p["provenance"]["data"].get("context_col").is_none());
    let (plain, _) = evaluate(dir.path(), &text_only, &[]);
    // Each quote has three rows with the same text: text alone gets at most one right.
    assert!(
        with_context > plain + 0.3,
        "context {with_context:.3} vs text only {plain:.3}"
    );
    assert!(with_context > 0.9, "{with_context}");
    // A longer limit is a setting of its own, and a quote longer than it reads no context.
    let one_word = trained_on(
        CONTEXTS,
        dir.path(),
        "one.json",
        &["--context-col", "context", "--context-words", "1"],
    );
    assert_eq!(payload(&one_word)["analyzer"]["context_words"], 1);
    let (short_only, _) = evaluate(dir.path(), &one_word, &["--context-col", "context"]);
    assert!(short_only < with_context, "{short_only} vs {with_context}");
}

#[test]
fn a_context_model_reads_its_trained_column_by_default_and_a_plain_model_warns() {
    let dir = tempfile::tempdir().unwrap();
    let model = trained_on(
        CONTEXTS,
        dir.path(),
        "c.json",
        &["--context-col", "context"],
    );
    // The trained column, when the file has it: scored as it was trained, without a word.
    let (named, _) = evaluate(dir.path(), &model, &["--context-col", "context"]);
    let (by_default, stderr) = evaluate(dir.path(), &model, &[]);
    assert_eq!((by_default, stderr.as_str()), (named, ""));
    let (rows, stderr) = predict(&model, &["--csv", CONTEXTS]);
    let (named_rows, _) = predict(&model, &["--csv", CONTEXTS, "--context-col", "context"]);
    assert_eq!((&rows, stderr.as_str()), (&named_rows, ""));
    // A file without that column is read without context, also without a word: most texts
    // (full quotes) have none.
    let csv = dir.path().join("plain.csv");
    std::fs::write(
        &csv,
        "text
historic
",
    )
    .unwrap();
    let (rows, stderr) = predict(&model, &["--csv", csv.to_str().unwrap()]);
    let (alone, _) = predict(&model, &["--text", "historic"]);
    assert_eq!(
        (&rows[0]["probabilities"], stderr.as_str()),
        (&alone[0]["probabilities"], "")
    );

    let plain = trained_on(CONTEXTS, dir.path(), "plain.json", &[]);
    let (_, stderr) = evaluate(dir.path(), &plain, &["--context-col", "context"]);
    let ignored = "the model was trained without context; --context-col \"context\" is ignored";
    assert_eq!(stderr.matches(ignored).count(), 1, "{stderr}");
}

#[test]
fn predict_csv_reads_each_rows_context() {
    let dir = tempfile::tempdir().unwrap();
    let model = trained_on(
        CONTEXTS,
        dir.path(),
        "c.json",
        &["--context-col", "context"],
    );
    let (records, stderr) = predict(&model, &["--csv", CONTEXTS, "--context-col", "context"]);
    assert_eq!(stderr, "");
    let gold: Vec<String> = csv::Reader::from_path(CONTEXTS)
        .unwrap()
        .records()
        .map(|r| r.unwrap()[1].to_string())
        .collect();
    let labels: Vec<&str> = records
        .iter()
        .map(|r| r["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, gold);
    // An empty context cell is no context: the row is scored as its text alone.
    let csv = dir.path().join("empty.csv");
    std::fs::write(&csv, "text,context\nhistoric,\n").unwrap();
    let (rows, _) = predict(
        &model,
        &["--csv", csv.to_str().unwrap(), "--context-col", "context"],
    );
    let (alone, _) = predict(&model, &["--text", "historic"]);
    assert_eq!(rows[0]["probabilities"], alone[0]["probabilities"]);
}

#[test]
fn context_flags_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.json");
    stance()
        .args(["train", "--data", CONTEXTS, "--context-col", "context"])
        .args(["--context-words", "0", "--out"])
        .arg(&out)
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "expected a whole number of words from 1 to 100, got \"0\"",
        ));
    // A context column the file lacks, named by the user, names the file and the flag.
    stance()
        .args([
            "train",
            "--data",
            CONTEXTS,
            "--context-col",
            "sentence",
            "--out",
        ])
        .arg(&out)
        .assert()
        .failure()
        .stderr(
            predicate::str::contains("sentence").and(predicate::str::contains("--context-col")),
        );
    assert!(!out.exists());
}

#[test]
fn a_word_limit_without_a_column_reads_a_context_column_where_a_file_has_one() {
    let dir = tempfile::tempdir().unwrap();
    // As the shipped settings (`context_words` in models/default.toml) do.
    let implied = trained_on(
        CONTEXTS,
        dir.path(),
        "implied.json",
        &["--context-words", "7"],
    );
    let named = trained_on(
        CONTEXTS,
        dir.path(),
        "named.json",
        &["--context-col", "context"],
    );
    assert_eq!(
        payload(&implied)["vocabulary"],
        payload(&named)["vocabulary"]
    );
    assert_eq!(
        payload(&implied)["provenance"]["data"]["context_col"],
        "context"
    );
    // A file without one trains without context, and records no column.
    let plain = dir.path().join("plain.csv");
    let mut w = csv::Writer::from_path(&plain).unwrap();
    w.write_record(["text", "label"]).unwrap();
    for r in csv::Reader::from_path(CONTEXTS).unwrap().records() {
        let r = r.unwrap();
        w.write_record([&r[0], &r[1]]).unwrap();
    }
    w.flush().unwrap();
    let without = trained_on(
        plain.to_str().unwrap(),
        dir.path(),
        "w.json",
        &["--context-words", "7"],
    );
    let p = payload(&without);
    assert_eq!(p["analyzer"]["context_words"], 7);
    assert!(p["provenance"]["data"].get("context_col").is_none());
    assert!(!p["vocabulary"].to_string().contains("CTX_"));
}

#[test]
fn articles_give_each_short_quote_its_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let model = trained_on(
        CONTEXTS,
        dir.path(),
        "c.json",
        &["--context-col", "context"],
    );
    let sentence =
        "Minister Tomas Reln mocked the accord as \"a bold move\" and condemned its authors.";
    let article = dir.path().join("accord.txt");
    std::fs::write(
        &article,
        format!(
            "Envoys meet\n\nTalks opened on Monday in the capital.\n\n{sentence} Talks go on.\n"
        ),
    )
    .unwrap();
    let (records, _) = predict(&model, &[article.to_str().unwrap()]);
    let quotes: Vec<&serde_json::Value> =
        records.iter().filter(|r| r["record"] == "quote").collect();
    assert_eq!(quotes.len(), 1, "{records:?}");
    assert_eq!(quotes[0]["quote"], "a bold move");
    assert_eq!(quotes[0]["label"], "hostile");
    // The same as a CSV row with that sentence as its context.
    let csv = dir.path().join("row.csv");
    let mut w = csv::Writer::from_path(&csv).unwrap();
    w.write_record(["text", "context"]).unwrap();
    w.write_record(["a bold move", sentence]).unwrap();
    w.flush().unwrap();
    let (rows, _) = predict(
        &model,
        &["--csv", csv.to_str().unwrap(), "--context-col", "context"],
    );
    assert_eq!(quotes[0]["probabilities"], rows[0]["probabilities"]);
    // With --explain, the sentence's words are named among the reasons.
    let (explained, _) = predict(&model, &["--explain", article.to_str().unwrap()]);
    let terms = explained.iter().find(|r| r["record"] == "quote").unwrap()["top_terms"].to_string();
    assert!(terms.contains("CTX_"), "{terms}");
}
