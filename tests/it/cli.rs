//! End-to-end tests of the `stance` binary: train → evaluate → predict on a fixture we wrote,
//! and one test per bad input with the message it must give.

use crate::util::{
    exits_quietly_when_the_reader_leaves, stance, train_error, trained, write, TINY,
};
use predicates::prelude::*;
use std::path::Path;

#[test]
fn train_evaluate_predict_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m.json");
    stance()
        .args(["train", "--data", TINY, "--out"])
        .arg(&model)
        .assert()
        .success()
        .stdout(predicate::str::contains("36 rows"))
        .stdout(predicate::str::contains(
            "conciliatory 12 · hostile 12 · neutral 12",
        ))
        .stdout(predicate::str::contains("converged after"));

    let report = dir.path().join("r.json");
    stance()
        .args(["evaluate", "--data", TINY, "--model"])
        .arg(&model)
        .arg("--json")
        .arg(&report)
        .assert()
        .success()
        .stdout(predicate::str::contains("macro f1"))
        .stdout(predicate::str::contains("confusion matrix"));
    let r: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    for field in [
        "system",
        "accuracy",
        "macro_f1",
        "per_class",
        "confusion_matrix",
        "labels",
        "n_train",
        "n_test",
        "train_seconds",
        "predict_seconds",
        "throughput",
        "peak_rss_mb",
        "data_sha256",
        "predictions",
        "report_version",
    ] {
        assert!(r.get(field).is_some(), "report lacks {field}");
    }
    assert_eq!(r["n_test"], 36);
    assert_eq!(r["predictions"].as_array().unwrap().len(), 36);
    // Training data is learnable: the model fits its own training set.
    assert!(r["accuracy"].as_f64().unwrap() > 0.9, "{}", r["accuracy"]);

    let out = stance()
        .args(["predict", "--format", "json", "--explain", "--model"])
        .arg(&model)
        .args([
            "--text",
            "We will answer any strike with overwhelming force.",
        ])
        .args(["--text", "We welcome the offer and are ready to talk."])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["label"], "hostile");
    assert_eq!(v[1]["label"], "conciliatory");
    let p = &v[0]["probabilities"];
    let sum: f64 = ["conciliatory", "hostile", "neutral"]
        .iter()
        .map(|l| p[l].as_f64().unwrap())
        .sum();
    assert!((sum - 1.0).abs() < 1e-9);
    assert!(!v[0]["top_terms"].as_array().unwrap().is_empty());
}

#[test]
fn predict_lines_csv_and_formats() {
    let dir = tempfile::tempdir().unwrap();
    let model = trained(dir.path(), "m.json", &[]);
    let lines = write(
        dir.path(),
        "l.txt",
        b"We reject their plan.\n\n=cmd|' /C calc'!A0\r\nThe talks begin Monday.\n",
    );
    stance()
        .args(["predict", "--format", "jsonl", "--model"])
        .arg(&model)
        .arg("--lines")
        .arg(&lines)
        .assert()
        .success()
        .stdout(predicate::function(|s: &str| s.lines().count() == 3));
    // CSV output escapes spreadsheet formulas by default, and not with the flag.
    stance()
        .args(["predict", "--format", "csv", "--model"])
        .arg(&model)
        .arg("--lines")
        .arg(&lines)
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "text,label,p_conciliatory,p_hostile,p_neutral,coverage,low_coverage\n",
        ))
        .stdout(predicate::str::contains("\n'=cmd|"));
    stance()
        .args([
            "predict",
            "--format",
            "csv",
            "--no-formula-escape",
            "--model",
        ])
        .arg(&model)
        .arg("--lines")
        .arg(&lines)
        .assert()
        .success()
        .stdout(predicate::str::contains("\n=cmd|"));
    // Standard input, and a CSV column.
    stance()
        .args(["predict", "--format", "table", "--lines", "-", "--model"])
        .arg(&model)
        .write_stdin("They must withdraw now.\n")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("label"))
        .stdout(predicate::str::contains("They must withdraw now."));
    let csv = write(
        dir.path(),
        "in.csv",
        b"id,quote\n1,\"We thank them, sincerely.\"\n",
    );
    stance()
        .args([
            "predict",
            "--format",
            "jsonl",
            "--text-col",
            "quote",
            "--model",
        ])
        .arg(&model)
        .arg("--csv")
        .arg(&csv)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "\"text\":\"We thank them, sincerely.\"",
        ));
    stance()
        .args(["predict", "--model"])
        .arg(&model)
        .arg("--csv")
        .arg(&csv)
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "in.csv:1: no column \"text\"; the columns are \"id\", \"quote\"",
        ));
}

#[test]
fn calibration_fits_a_temperature_and_evaluate_reports_calibration() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("c.json");
    stance()
        .args(["train", "--calibrate", "3", "--data", TINY, "--out"])
        .arg(&model)
        .assert()
        .success()
        .stdout(predicate::str::contains("calibrated temperature"))
        .stdout(predicate::str::contains(
            "fitted on 3 cross-validation folds",
        ));
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&model).unwrap()).unwrap();
    let t = v["payload"]["temperature"].as_f64().unwrap();
    assert!(t > 0.0 && t != 1.0, "temperature {t}");
    assert_eq!(v["payload"]["provenance"]["params"]["calibration_folds"], 3);
    stance()
        .args(["evaluate", "--data", TINY, "--model"])
        .arg(&model)
        .assert()
        .success()
        .stdout(predicate::str::contains("calibration: Brier score"));
    stance()
        .args(["train", "--calibrate", "1", "--data", TINY, "--out"])
        .arg(dir.path().join("x.json"))
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "--calibrate needs at least 2 folds, got 1",
        ));
    stance()
        .args(["train", "--calibrate", "20", "--data", TINY, "--out"])
        .arg(dir.path().join("z.json"))
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "--calibrate 20: label \"conciliatory\" has 12 rows, fewer than the folds; lower K",
        ));
}

#[test]
fn tune_random_search_draws_every_option_and_writes_a_usable_config() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("tuned.toml");
    stance()
        .args([
            "tune", "--grid", "random", "--trials", "12", "--cv", "3", "--top", "12", "--data",
            TINY, "--out",
        ])
        .arg(&config)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "12 settings × 3-fold stratified cross-validation",
        ))
        .stdout(predicate::str::contains("char n-grams  other"))
        .stdout(predicate::str::contains("best settings written to"));
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(
        text.starts_with("# Chosen by `stance tune --grid random`"),
        "{text}"
    );
    stance()
        .args(["train", "--data", TINY, "--config"])
        .arg(&config)
        .arg("--out")
        .arg(dir.path().join("m.json"))
        .assert()
        .success();
    stance()
        .args([
            "tune", "--grid", "random", "--trials", "0", "--data", TINY, "--out",
        ])
        .arg(dir.path().join("none.toml"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("--trials needs at least 1"));
}

#[test]
fn tune_writes_settings_that_train_config_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("tuned.toml");
    stance()
        .args([
            "tune", "--grid", "quick", "--cv", "3", "--top", "3", "--data", TINY, "--out",
        ])
        .arg(&config)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "10 settings × 3-fold stratified cross-validation",
        ))
        .stdout(predicate::str::contains("rank  macro f1"))
        .stdout(predicate::str::contains("best settings written to"));
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(
        text.starts_with("# Chosen by `stance tune --grid quick`"),
        "{text}"
    );
    assert!(text.contains("calibration_folds = 5"), "{text}");
    // The file is never overwritten without --force.
    stance()
        .args([
            "tune", "--grid", "quick", "--cv", "3", "--data", TINY, "--out",
        ])
        .arg(&config)
        .assert()
        .failure()
        .stderr(predicate::str::contains("already exists; pass --force"));
    let model = dir.path().join("m.json");
    stance()
        .args(["train", "--data", TINY, "--config"])
        .arg(&config)
        .arg("--out")
        .arg(&model)
        .assert()
        .success()
        .stdout(predicate::str::contains("calibrated temperature"));
    stance()
        .args(["train", "--data", TINY, "--alpha", "2", "--config"])
        .arg(&config)
        .arg("--out")
        .arg(dir.path().join("x.json"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be used with"));
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[params]\nalpha = \"high\"\n").unwrap();
    stance()
        .args(["train", "--data", TINY, "--config"])
        .arg(&bad)
        .arg("--out")
        .arg(dir.path().join("y.json"))
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "bad.toml: not a valid settings file",
        ))
        .stderr(predicate::str::contains("write one with `stance tune`"));
}

#[test]
fn same_data_and_settings_give_byte_identical_models() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
    for (out, threads) in [(&a, "1"), (&b, "2")] {
        stance()
            .args([
                "--threads",
                threads,
                "train",
                "--reproducible",
                "--data",
                TINY,
                "--out",
            ])
            .arg(out)
            .assert()
            .success();
    }
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

#[test]
fn bad_csv_inputs_get_file_line_and_fix() {
    let cases: &[(&[u8], &[&str], &str)] = &[
        (b"", &[], "error: bad.csv: the file is empty; a labelled CSV starts with a header row such as `text,label`"),
        (b"text,label\n", &[], "error: bad.csv: the file has a header but no rows"),
        (b"body,label\nx,hostile\n", &[], "error: bad.csv:1: no column \"text\"; the columns are \"body\", \"label\"; name the right one with --text-col"),
        (b"text,label\nx,hostle\n", &[], "error: bad.csv:2: unknown label \"hostle\"; expected one of conciliatory, hostile, neutral (did you mean \"hostile\"?)"),
        (b"text,label\n  ,hostile\n", &[], "error: bad.csv:2: empty text in column \"text\""),
        (b"text,label\nx,\n", &[], "error: bad.csv:2: empty label; expected one of conciliatory, hostile, neutral"),
        (b"text,label\nx,hostile,more\n", &[], "error: bad.csv:2: this row has 3 fields but the header has 2"),
        (b"text,label\n\xff\xfe,hostile\n", &[], "error: bad.csv:2: column \"text\" is not valid UTF-8"),
        (b"text,label\na b,hostile\nc d,neutral\n", &[], "error: bad.csv: label \"conciliatory\" has no rows; add rows for it, or leave it out with --labels hostile,neutral"),
        (b"text,label\na b,hostile\n", &["--labels", "hostile"], "error: --labels needs at least two comma-separated labels"),
        (b"text,label\n\"unclosed,hostile\nnext,neutral\n", &[], "error: bad.csv:2: this row has 1 fields but the header has 2"),
        (b"text,label\na b,hostile\nc d,neutral\n", &["--labels", "hostile,neutral", "--alpha=-1"], "error: --alpha must be a finite number > 0, got -1"),
    ];
    for (csv, extra, expected) in cases {
        let stderr = train_error(csv, extra);
        assert!(
            stderr.contains(expected),
            "expected {expected:?}\n got {stderr:?}"
        );
    }
}

#[test]
fn bom_crlf_and_skip_invalid_are_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = b"\xef\xbb\xbftext,label\r\n".to_vec();
    let tiny = std::fs::read(TINY).unwrap();
    let body = tiny.iter().position(|&b| b == b'\n').unwrap() + 1;
    csv.extend_from_slice(&tiny[body..]);
    csv.extend_from_slice(b"bad row,maybe\n\xff,neutral\n");
    let data = write(dir.path(), "d.csv", &csv);
    stance()
        .args(["train", "--skip-invalid", "--out"])
        .arg(dir.path().join("m.json"))
        .arg("--data")
        .arg(&data)
        .assert()
        .success()
        .stdout(predicate::str::contains("36 rows, 2 skipped"))
        .stderr(predicate::str::contains(
            "warning: skipped 2 invalid row(s)",
        ))
        .stderr(predicate::str::contains("line 38: unknown label \"maybe\""));
}

#[test]
fn predict_csv_errors_name_the_right_line_for_any_line_ending() {
    let dir = tempfile::tempdir().unwrap();
    let model = trained(dir.path(), "m.json", &[]);
    let run = |name: &str, bytes: &[u8]| {
        let path = write(dir.path(), name, bytes);
        let out = stance()
            .args(["predict", "--model"])
            .arg(&model)
            .arg("--csv")
            .arg(&path)
            .assert()
            .code(1);
        String::from_utf8_lossy(&out.get_output().stderr).into_owned()
    };
    // The invalid byte is on line 4 whichever line ending the file uses.
    for (name, bytes) in [
        ("lf.csv", &b"text\nhello\nok\n\xff bad\n"[..]),
        ("crlf.csv", b"text\r\nhello\r\nok\r\n\xff bad\r\n"),
        ("cr.csv", b"text\rhello\rok\r\xff bad\r"),
    ] {
        let err = run(name, bytes);
        assert!(
            err.contains(&format!("{name}:4: column \"text\" is not valid UTF-8")),
            "{err}"
        );
    }
    let err = run("empty.csv", b"");
    assert!(
        err.contains(
            "empty.csv: the file is empty; --csv reads a CSV whose first row names its columns"
        ),
        "{err}"
    );
    let err = run("ragged.csv", b"text,id\r\nhello,1\r\nbad,row,3\r\n");
    assert!(
        err.contains("ragged.csv:3: this row has 3 fields but the header has 2"),
        "{err}"
    );
    let err = run("open.csv", b"text,id\n\"hello,1\nworld,2\n");
    assert!(err.contains("open.csv:2: this row has 1 fields but the header has 2, and a quoted field in it runs on"), "{err}");
}

#[test]
fn data_too_large_for_memory_is_refused_before_training() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m.json");
    stance()
        .args(["train", "--data", TINY, "--max-memory", "0.000001", "--out"])
        .arg(&model)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("tiny.csv: training on"))
        .stderr(predicate::str::contains(
            "GB --max-memory allows; train on a sample of the rows or on a larger machine",
        ));
    assert!(!model.exists());
    stance()
        .args(["train", "--data", TINY, "--max-memory", "0", "--out"])
        .arg(&model)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a positive number of GB"));
    // A limit above the estimate trains as usual.
    stance()
        .args(["train", "--data", TINY, "--max-memory", "1", "--out"])
        .arg(&model)
        .assert()
        .success();
}

#[test]
fn model_files_are_never_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let model = trained(dir.path(), "m.json", &[]);
    let before = std::fs::read(&model).unwrap();
    stance()
        .args(["train", "--data", TINY, "--no-stem", "--out"])
        .arg(&model)
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "already exists; pass --force to overwrite it",
        ));
    assert_eq!(std::fs::read(&model).unwrap(), before);
    stance()
        .args(["train", "--data", TINY, "--no-stem", "--force", "--out"])
        .arg(&model)
        .assert()
        .success();
    assert_ne!(std::fs::read(&model).unwrap(), before);
    // No temporary files are left behind.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn bad_model_files_get_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let model = trained(dir.path(), "m.json", &[]);
    let good = std::fs::read_to_string(&model).unwrap();
    let newer = good.replacen("\"format_version\":2", "\"format_version\":99", 1);
    let edited = good.replacen("\"idf\":[", "\"idf\":[9,", 1);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "truncated",
            good.as_bytes()[..good.len() / 2].to_vec(),
            "the model file is truncated or corrupt (JSON ends early",
        ),
        (
            "edited",
            edited.into_bytes(),
            "the model's checksum does not match its contents (edited by hand or damaged)",
        ),
        (
            "newer",
            newer.into_bytes(),
            "the model file is format 99, newer than this stance reads (2); upgrade stance",
        ),
        (
            "foreign",
            b"{\"weights\": [1, 2]}".to_vec(),
            "not a stance model file (its \"format\" is None",
        ),
        (
            "text",
            b"hello world".to_vec(),
            "not a stance model file (not a JSON object)",
        ),
        (
            "binary",
            vec![0, 159, 146, 150, 0],
            "not a stance model file (not UTF-8 text)",
        ),
        (
            "empty",
            Vec::new(),
            "not a stance model file (not a JSON object)",
        ),
    ];
    for (name, bytes, expected) in cases {
        let path = write(dir.path(), &format!("{name}.json"), &bytes);
        stance()
            .args(["predict", "--text", "hello", "--model"])
            .arg(&path)
            .assert()
            .failure()
            .stderr(predicate::str::contains(expected));
    }
    stance()
        .args(["predict", "--text", "x", "--model", "/nonexistent/m.json"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("/nonexistent/m.json: cannot read the model file: No such file or directory (os error 2); check the path"));
}

#[test]
fn help_states_every_default() {
    // Help wraps to the terminal width; compare with white space folded.
    let folded = |bytes: Vec<u8>| {
        String::from_utf8(bytes)
            .unwrap()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let text = folded(stance().args(["train", "--help"]).output().unwrap().stdout);
    for default in [
        "[default: text]",
        "[default: label]",
        "[default: 1,2]",
        "[default: 2]",
        "[default: 0.5]",
        "[default: 1000]",
        "[default: 0.0001]",
        "[default: balanced]",
        "[default: sparse]",
        "[default: conciliatory,hostile,neutral]",
        "[default: stemming on]",
    ] {
        assert!(
            text.contains(default),
            "train --help lacks {default}:\n{text}"
        );
    }
    let text = folded(
        stance()
            .args(["predict", "--help"])
            .output()
            .unwrap()
            .stdout,
    );
    assert!(
        text.contains("[default: table on a terminal, jsonl otherwise]"),
        "{text}"
    );
}

#[test]
fn thread_counts_are_bounded() {
    for bad in ["0", "100000"] {
        stance()
            .args(["--threads", bad, "predict", "--text", "x"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("is not in 1..=1024"));
    }
}

#[test]
fn usage_errors() {
    stance()
        .args(["predict", "--model", TINY])
        .assert()
        .failure()
        .stderr(predicate::str::contains("nothing to label"));
    stance()
        .args([
            "train", "--data", TINY, "--out", "x.json", "--alpha", "1", "--c", "2",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be used with"));
    stance()
        .args(["evaluate", "--cv", "20", "--data", TINY])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "has 12 rows, fewer than the 20 folds; lower --cv",
        ));
}

#[test]
fn cross_validation_reports_mean_and_sd() {
    stance()
        .args(["evaluate", "--cv", "3", "--data", TINY])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "3-fold stratified cross-validation",
        ))
        .stdout(predicate::str::contains("macro f1"))
        .stdout(predicate::str::contains(" ± "));
}

#[test]
fn closed_pipe_exits_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let model = trained(dir.path(), "m.json", &[]);
    let big: String = (0..50_000)
        .map(|i| format!("We reject proposal number {i}.\n"))
        .collect();
    let input = write(dir.path(), "big.txt", big.as_bytes());
    let model = model.to_str().expect("temp path is UTF-8");
    exits_quietly_when_the_reader_leaves(
        &["predict", "--format", "jsonl", "--model", model, "--lines"],
        &input,
    );
}

#[test]
fn completions_and_man_page_cover_every_subcommand() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = stance().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let text = String::from_utf8(out.stdout).unwrap();
        for sub in ["train", "predict", "quotes", "compare", "threads"] {
            assert!(text.contains(sub), "{shell} completion lacks {sub}");
        }
    }
    let out = stance().arg("man").output().unwrap();
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(
        page.starts_with(".ie") || page.contains(".TH stance"),
        "{}",
        &page[..200]
    );
    for sub in [
        "stance-train",
        "stance-predict",
        "stance-quotes",
        "stance-completions",
    ] {
        assert!(page.contains(&format!(".TH {sub}")), "man page lacks {sub}");
    }
    stance()
        .args(["completions", "tcsh"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("possible values"));
}

/// Predictions of `texts` by `model` as JSON values (jsonl, with --explain).
fn predict_json(model: &Path, texts: &[&str]) -> Vec<serde_json::Value> {
    let mut cmd = stance();
    cmd.args(["predict", "--format", "jsonl", "--explain", "--model"])
        .arg(model);
    for t in texts {
        cmd.args(["--text", t]);
    }
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn lexicon_words_count_are_explained_and_coverage_flags_unknown_texts() {
    let dir = tempfile::tempdir().unwrap();
    let model = trained(dir.path(), "m.json", &[]);
    // A word the tiny corpus never saw, known from the lexicon; and words nobody knows.
    let v = predict_json(&model, &["Bullying.", "zorbified flimflam grotesquerie"]);
    assert_eq!(v[0]["label"], "hostile");
    assert_eq!(v[0]["coverage"], 1.0);
    assert_eq!(v[0]["low_coverage"], false);
    assert_eq!(v[0]["top_terms"][0]["term"], "lexicon:NEG (bullying)");
    assert_eq!(v[1]["coverage"], 0.0);
    assert_eq!(v[1]["low_coverage"], true);
    // Tables flag it with a question mark.
    stance()
        .args(["predict", "--format", "table", "--model"])
        .arg(&model)
        .args(["--text", "zorbified flimflam grotesquerie"])
        .assert()
        .success()
        .stdout(predicate::str::is_match(r"\n[a-z]+\? ").unwrap());

    // --no-lexicon: the same word is unknown.
    let plain = dir.path().join("plain.json");
    stance()
        .args(["train", "--no-lexicon", "--data", TINY, "--out"])
        .arg(&plain)
        .assert()
        .success();
    let v = predict_json(&plain, &["Bullying."]);
    assert_eq!(v[0]["coverage"], 0.0);
    assert_eq!(v[0]["low_coverage"], true);

    // --lexicon FILE adds words; the model keeps them (the file can go away).
    let words = write(dir.path(), "mine.tsv", b"flimflam\t-3.1\nzorbified\t-2\n");
    let mine = dir.path().join("mine.json");
    stance()
        .args(["train", "--data", TINY, "--lexicon"])
        .arg(&words)
        .arg("--out")
        .arg(&mine)
        .assert()
        .success()
        .stdout(predicate::str::contains("+ 2 words from mine.tsv"));
    std::fs::remove_file(&words).unwrap();
    let v = predict_json(&mine, &["zorbified flimflam grotesquerie"]);
    assert_eq!(v[0]["label"], "hostile");
    assert!((v[0]["coverage"].as_f64().unwrap() - 0.667).abs() < 1e-9);
    assert_eq!(
        v[0]["top_terms"][0]["term"],
        "lexicon:NEG (zorbified, flimflam)"
    );
    // A bad lexicon file names its line.
    let bad = write(dir.path(), "bad.tsv", b"calm\t1\nwitch hunt\t-2\n");
    stance()
        .args(["train", "--data", TINY, "--force", "--lexicon"])
        .arg(&bad)
        .arg("--out")
        .arg(&mine)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "bad.tsv:2: \"witch hunt\" is not one word",
        ));
}
