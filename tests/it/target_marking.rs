//! Target marking end to end: `--target-col` at train, evaluate, predict and tune, what the
//! model file records, the warnings when model and flags disagree, and clear errors.
//!
//! The fixture (tests/fixtures/targets.csv, sentences we wrote) holds sentences that praise one
//! party and condemn another, once per target with the label toward that target: text alone
//! cannot tell the two rows apart, the target can.

use crate::util::{macro_f1_on, payload, stance, trained_on, vocabulary};
use predicates::prelude::*;
use std::path::Path;

const TARGETS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/targets.csv");

/// Macro-F1 of `model` on the fixture; and stderr.
fn evaluate(dir: &Path, model: &Path, extra: &[&str]) -> (f64, String) {
    macro_f1_on(TARGETS, dir, model, extra)
}

#[test]
fn training_with_a_target_column_records_it_and_tells_the_rows_apart() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("t.json");
    stance()
        .args([
            "train",
            "--data",
            TARGETS,
            "--target-col",
            "target",
            "--out",
        ])
        .arg(&model)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "target marked (column target, window 3)",
        ));
    let p = payload(&model);
    assert_eq!(p["analyzer"]["target_window"], 3);
    assert_eq!(p["provenance"]["data"]["target_col"], "target");
    let vocabulary = vocabulary(&model);
    assert!(vocabulary.iter().any(|t| t == "TGT"));
    assert!(vocabulary.iter().any(|t| t.starts_with("L_")));
    assert!(vocabulary.iter().any(|t| t.starts_with("R_")));

    let (marked, stderr) = evaluate(dir.path(), &model, &["--target-col", "target"]);
    assert_eq!(stderr, "");
    let text_only = trained_on(TARGETS, dir.path(), "plain.json", &[]);
    let p = payload(&text_only);
    assert!(p["analyzer"].get("target_window").is_none());
    assert!(p["provenance"]["data"].get("target_col").is_none());
    let (plain, _) = evaluate(dir.path(), &text_only, &[]);
    // Each pair of rows shares its text: text alone gets at most one of the two right.
    assert!(
        marked > plain + 0.2,
        "target marking {marked:.3} vs text only {plain:.3}"
    );
    assert!(marked > 0.9, "{marked}");
}

#[test]
fn a_model_and_flags_that_disagree_get_one_warning_and_still_work() {
    let dir = tempfile::tempdir().unwrap();
    let marked = trained_on(TARGETS, dir.path(), "t.json", &["--target-col", "target"]);
    let (_, stderr) = evaluate(dir.path(), &marked, &[]);
    let warning = "the model was trained with target marking (column \"target\"); no --target-col given, so no targets are marked";
    assert_eq!(stderr.matches(warning).count(), 1, "{stderr}");
    stance()
        .args(["predict", "--text", "Arvania praised Dalmaro.", "--model"])
        .arg(&marked)
        .assert()
        .success()
        .stderr(predicate::str::contains(warning).count(1));

    let plain = trained_on(TARGETS, dir.path(), "plain.json", &[]);
    let (_, stderr) = evaluate(dir.path(), &plain, &["--target-col", "target"]);
    assert_eq!(
        stderr
            .matches(
                "the model was trained without target marking; --target-col \"target\" is ignored"
            )
            .count(),
        1,
        "{stderr}"
    );
}

#[test]
fn predict_csv_marks_each_rows_target() {
    let dir = tempfile::tempdir().unwrap();
    let model = trained_on(TARGETS, dir.path(), "t.json", &["--target-col", "target"]);
    let out = stance()
        .args([
            "predict",
            "--format",
            "jsonl",
            "--csv",
            TARGETS,
            "--target-col",
            "target",
        ])
        .arg("--model")
        .arg(&model)
        .assert()
        .success()
        .stderr("")
        .get_output()
        .stdout
        .clone();
    let labels: Vec<String> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["label"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(labels.len(), 32);
    // Rows 1 and 2 share their text; their targets differ, and so do their labels.
    assert_eq!(labels[0], "conciliatory");
    assert_eq!(labels[1], "hostile");
    // --target-col belongs to --csv.
    stance()
        .args([
            "predict",
            "--text",
            "x",
            "--target-col",
            "target",
            "--model",
        ])
        .arg(&model)
        .assert()
        .code(2);
}

/// Quote records of `stance predict ARTICLE --format jsonl` (with `extra` flags).
fn article_quotes(
    model: &Path,
    article: &Path,
    extra: &[&str],
) -> (Vec<serde_json::Value>, String) {
    let out = stance()
        .args(["predict", "--format", "jsonl", "--model"])
        .arg(model)
        .arg(article)
        .args(extra)
        .assert()
        .success()
        .get_output()
        .clone();
    let quotes = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|r| r["record"] == "quote")
        .collect();
    (quotes, String::from_utf8(out.stderr).unwrap())
}

/// The one JSON record `stance predict --format jsonl --model MODEL ARGS…` writes.
fn predict_one(model: &Path, args: &[&std::ffi::OsStr]) -> serde_json::Value {
    let out = stance()
        .args(["predict", "--format", "jsonl", "--model"])
        .arg(model)
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn articles_mark_the_quotes_target_party_when_the_quote_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let marked = trained_on(TARGETS, dir.path(), "t.json", &["--target-col", "target"]);
    let parties = dir.path().join("parties.toml");
    std::fs::write(
        &parties,
        "[[party]]\nname = \"Arvania\"\naliases = [\"Arvanian\"]\npeople = [\"Tomas Reln\"]\n\n\
         [[party]]\nname = \"Dalmaro\"\n\n[[party]]\nname = \"Gostav\"\n",
    )
    .unwrap();
    let article = dir.path().join("talks.txt");
    std::fs::write(
        &article,
        "Arvania and Dalmaro hold talks\n\n\
         Arvania and Dalmaro opened a new round of talks on Monday, officials said.\n\n\
         \"Arvania praised Dalmaro but condemned Gostav,\" the Arvanian foreign minister Tomas \
         Reln told reporters.\n",
    )
    .unwrap();
    let parties_flag = ["--parties", parties.to_str().unwrap()];
    let (quotes, stderr) = article_quotes(&marked, &article, &parties_flag);
    // Targets come from attribution: no warning about a missing --target-col.
    assert!(!stderr.contains("no targets are marked"), "{stderr}");
    assert_eq!(quotes.len(), 1, "{quotes:?}");
    let quote = quotes[0]["quote"].as_str().unwrap();
    assert_eq!(quotes[0]["target_party"], "Dalmaro");
    // The same as a CSV row with that target, and not what the unmarked text gets.
    let csv = dir.path().join("row.csv");
    std::fs::write(&csv, format!("text,target\n\"{quote}\",Dalmaro\n")).unwrap();
    let row = predict_one(
        &marked,
        &[
            "--target-col".as_ref(),
            "target".as_ref(),
            "--csv".as_ref(),
            csv.as_os_str(),
        ],
    );
    assert_eq!(quotes[0]["probabilities"], row["probabilities"]);
    assert_eq!(quotes[0]["label"], "conciliatory");
    let plain = predict_one(&marked, &["--text".as_ref(), quote.as_ref()]);
    assert_ne!(quotes[0]["probabilities"], plain["probabilities"]);
    // A model without target marking scores the quote as plain text.
    let unmarked = trained_on(TARGETS, dir.path(), "plain.json", &[]);
    let (quotes, _) = article_quotes(&unmarked, &article, &parties_flag);
    let plain = predict_one(&unmarked, &["--text".as_ref(), quote.as_ref()]);
    assert_eq!(quotes[0]["probabilities"], plain["probabilities"]);
}

#[test]
fn target_window_is_a_setting_of_train_config_and_cross_validation() {
    let dir = tempfile::tempdir().unwrap();
    let zero = trained_on(
        TARGETS,
        dir.path(),
        "w0.json",
        &["--target-col", "target", "--target-window", "0"],
    );
    assert_eq!(payload(&zero)["analyzer"]["target_window"], 0);
    let config = dir.path().join("c.toml");
    std::fs::write(
        &config,
        "[analyzer]\nstem = true\nnegation = true\nword_ngrams = [1, 2]\ntarget_window = 5\n\n[tfidf]\nmin_df = 1\nmax_df = 1.0\nsublinear_tf = true\n\n[params]\nalpha = 0.5\nmax_iter = 1000\ntol = 0.0001\nclass_weight = \"balanced\"\nsolver = \"sparse\"\n",
    )
    .unwrap();
    let five = dir.path().join("w5.json");
    stance()
        .args([
            "train",
            "--data",
            TARGETS,
            "--target-col",
            "target",
            "--config",
        ])
        .arg(&config)
        .arg("--out")
        .arg(&five)
        .assert()
        .success();
    assert_eq!(payload(&five)["analyzer"]["target_window"], 5);
    // A window without a column to take targets from is an error, from flags or config.
    stance()
        .args(["train", "--data", TARGETS, "--target-window", "2", "--out"])
        .arg(dir.path().join("x.json"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "target marking (--target-window, or target_window in a --config file) needs --target-col NAME",
        ));
    stance()
        .args(["train", "--data", TARGETS, "--config"])
        .arg(&config)
        .arg("--out")
        .arg(dir.path().join("x.json"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("needs --target-col NAME"));
    stance()
        .args([
            "train",
            "--data",
            TARGETS,
            "--target-col",
            "target",
            "--target-window",
            "99",
            "--out",
        ])
        .arg(dir.path().join("x.json"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("from 0 to 20"));
    stance()
        .args([
            "evaluate",
            "--cv",
            "2",
            "--data",
            TARGETS,
            "--target-col",
            "target",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "2-fold stratified cross-validation",
        ));
    let tuned = dir.path().join("tuned.toml");
    stance()
        .args([
            "tune",
            "--grid",
            "quick",
            "--cv",
            "2",
            "--data",
            TARGETS,
            "--target-col",
            "target",
            "--out",
        ])
        .arg(&tuned)
        .assert()
        .success();
    let toml = std::fs::read_to_string(&tuned).unwrap();
    assert!(toml.contains("target_window = 3"), "{toml}");
}

#[test]
fn a_missing_target_column_names_the_file_line_and_flag() {
    let dir = tempfile::tempdir().unwrap();
    let expected = format!(
        "{TARGETS}:1: no column \"tgt\"; the columns are \"text\", \"label\", \"target\"; name the right one with --target-col"
    );
    stance()
        .args(["train", "--data", TARGETS, "--target-col", "tgt", "--out"])
        .arg(dir.path().join("x.json"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(expected.as_str()));
    let model = trained_on(TARGETS, dir.path(), "t.json", &["--target-col", "target"]);
    stance()
        .args([
            "evaluate",
            "--data",
            TARGETS,
            "--target-col",
            "tgt",
            "--model",
        ])
        .arg(&model)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(expected.as_str()));
    stance()
        .args([
            "predict",
            "--csv",
            TARGETS,
            "--target-col",
            "tgt",
            "--model",
        ])
        .arg(&model)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(expected.as_str()));
}
