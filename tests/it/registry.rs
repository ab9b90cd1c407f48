//! The model registry end to end: `train --name`, `--model NAME[@vN]`, reports saved by
//! `evaluate`, `stance models`; numbering under concurrency; name validation.

use predicates::prelude::*;
use stance::registry::{validate_name, ModelSpec, Registry};
use std::path::Path;

use crate::util::{stance, write, TRAIN as CSV};

/// `stance train --name NAME` in `dir` (the registry is `dir/models`).
fn train_named(dir: &Path, data: &Path, name: &str, extra: &[&str]) -> assert_cmd::assert::Assert {
    stance()
        .current_dir(dir)
        .args(["train", "--min-df", "1", "--name", name, "--data"])
        .arg(data)
        .args(extra)
        .assert()
}

#[test]
fn train_name_writes_numbered_versions_with_card_and_summary() {
    let dir = tempfile::tempdir().unwrap();
    let data = write(dir.path(), "quotes.csv", CSV);
    train_named(dir.path(), &data, "news", &["--reproducible"])
        .success()
        .stdout(predicate::str::contains(
            "trained models/news/v1/model.json",
        ))
        .stdout(predicate::str::contains("saved     news@v1"));
    train_named(dir.path(), &data, "news", &["--no-stem"])
        .success()
        .stdout(predicate::str::contains("models/news/v2/model.json"));
    let v1 = dir.path().join("models/news/v1");
    for f in ["model.json", "card.md", "train.txt", "version.json"] {
        assert!(v1.join(f).is_file(), "v1 lacks {f}");
    }
    assert!(dir.path().join("models/news/v2/model.json").is_file());

    // model.json is byte-identical to what --out writes.
    let out = dir.path().join("out.json");
    stance()
        .args(["train", "--min-df", "1", "--reproducible", "--data"])
        .arg(&data)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    assert_eq!(
        std::fs::read(&out).unwrap(),
        std::fs::read(v1.join("model.json")).unwrap()
    );

    let card = std::fs::read_to_string(v1.join("card.md")).unwrap();
    let sha = stance::hash::sha256_hex(CSV.as_bytes());
    for needle in [
        "# Model card: news v1",
        sha.as_str(),
        "| conciliatory | 10 | 33.3% |",
        "| Stemming | Porter2 |",
        "| Converged | yes |",
        "| Training time | not recorded (--reproducible) |",
        "| stance version | ",
        "| Created | 20",
        "## Evaluation",
        "No held-out evaluation yet",
    ] {
        assert!(card.contains(needle), "card lacks {needle:?}:\n{card}");
    }
    let summary = std::fs::read_to_string(v1.join("train.txt")).unwrap();
    assert!(
        summary.starts_with("trained models/news/v1/model.json"),
        "{summary}"
    );
    assert!(summary.contains("converged after"), "{summary}");
    let card2 = std::fs::read_to_string(dir.path().join("models/news/v2/card.md")).unwrap();
    assert!(card2.contains("| Stemming | off |"), "{card2}");
}

#[test]
fn out_and_name_are_alternatives() {
    let dir = tempfile::tempdir().unwrap();
    let data = write(dir.path(), "q.csv", CSV);
    stance()
        .current_dir(dir.path())
        .args(["train", "--data"])
        .arg(&data)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--out"));
    stance()
        .current_dir(dir.path())
        .args(["train", "--out", "m.json", "--name", "x", "--data"])
        .arg(&data)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be used with"));
}

#[test]
fn invalid_names_are_refused_before_training() {
    let dir = tempfile::tempdir().unwrap();
    let data = write(dir.path(), "q.csv", CSV);
    for (bad, why) in [
        ("../evil", "path separator"),
        ("a/b", "path separator"),
        (".hidden", "starts with '.'"),
        ("a..b", "'..'"),
        ("sp ace", "contains ' '"),
        ("m.json", ".json"),
    ] {
        train_named(dir.path(), &data, bad, &[])
            .failure()
            .stderr(predicate::str::contains("is not a valid model name"))
            .stderr(predicate::str::contains(why));
    }
    assert!(!dir.path().join("models").exists());
    assert!(!dir.path().join("evil").exists());
    // Library checks agree.
    assert!(validate_name("news-2024.v_1").is_ok());
    assert!(validate_name("..").is_err());
}

#[test]
fn concurrent_versions_get_distinct_numbers() {
    // Threads in one process, straight on the library.
    let dir = tempfile::tempdir().unwrap();
    let registry = Registry::new(dir.path().join("models"));
    let mut numbers: Vec<u32> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..16)
            .map(|_| s.spawn(|| registry.create_version("race").unwrap().version))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=16).collect::<Vec<u32>>());
    assert_eq!(registry.versions("race").unwrap().len(), 16);
}

#[test]
fn concurrent_trains_get_distinct_versions() {
    // Processes: several `stance train --name same` at once.
    let dir = tempfile::tempdir().unwrap();
    let data = write(dir.path(), "q.csv", CSV);
    let children: Vec<_> = (0..6)
        .map(|_| {
            std::process::Command::new(crate::util::bin())
                .current_dir(dir.path())
                .env_remove("STANCE_MODELS")
                .args(["train", "--min-df", "1", "--name", "same", "--data"])
                .arg(&data)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut saved = Vec::new();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        let line = text
            .lines()
            .find(|l| l.trim_start().starts_with("saved"))
            .unwrap()
            .to_string();
        saved.push(line.split_whitespace().nth(1).unwrap().to_string());
    }
    saved.sort();
    saved.dedup();
    assert_eq!(saved.len(), 6, "{saved:?}");
    let registry = Registry::new(dir.path().join("models"));
    assert_eq!(registry.versions("same").unwrap(), vec![1, 2, 3, 4, 5, 6]);
    for v in 1..=6 {
        assert!(dir
            .path()
            .join(format!("models/same/v{v}/model.json"))
            .is_file());
    }
}

#[test]
fn model_names_resolve_through_the_registry() {
    let dir = tempfile::tempdir().unwrap();
    let data = write(dir.path(), "q.csv", CSV);
    train_named(dir.path(), &data, "news", &[]).success();
    train_named(dir.path(), &data, "news", &["--no-stem"]).success();
    // An unfinished version (no model.json) is skipped by "latest".
    std::fs::create_dir(dir.path().join("models/news/v3")).unwrap();
    let predict = |model: &str| {
        stance()
            .current_dir(dir.path())
            .args([
                "predict",
                "--model",
                model,
                "--text",
                "We welcome the talks.",
            ])
            .assert()
    };
    predict("news").success();
    predict("news@v1").success();
    predict("news@v2").success();
    predict("news@v3")
        .failure()
        .stderr(predicate::str::contains("has no model.json"));
    predict("news@v9")
        .failure()
        .stderr(predicate::str::contains(
            "news has no version v9 (it has v1, v2, v3)",
        ));
    predict("nosuch")
        .failure()
        .stderr(predicate::str::contains("no model named \"nosuch\""))
        .stderr(predicate::str::contains("stance train --name nosuch"));
    predict("news@2")
        .failure()
        .stderr(predicate::str::contains("should look like v2"));
    // Latest = v2: evaluating by name says so.
    stance()
        .current_dir(dir.path())
        .args(["evaluate", "--model", "news", "--data"])
        .arg(&data)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "model  news@v2 = models/news/v2/model.json",
        ));
    // A path still works, and so do --models-dir and STANCE_MODELS from elsewhere.
    let elsewhere = tempfile::tempdir().unwrap();
    let registry = dir.path().join("models");
    stance()
        .current_dir(elsewhere.path())
        .args(["predict", "--text", "Hello.", "--model"])
        .arg(registry.join("news/v1/model.json"))
        .assert()
        .success();
    stance()
        .current_dir(elsewhere.path())
        .args([
            "predict",
            "--text",
            "Hello.",
            "--model",
            "news@v1",
            "--models-dir",
        ])
        .arg(&registry)
        .assert()
        .success();
    stance()
        .current_dir(elsewhere.path())
        .env("STANCE_MODELS", &registry)
        .args(["predict", "--text", "Hello.", "--model", "news"])
        .assert()
        .success();
    // Spec parsing: a path is anything with a separator or .json, or an existing file.
    assert_eq!(
        ModelSpec::parse("x.json").unwrap(),
        ModelSpec::Path("x.json".into())
    );
}

#[test]
fn evaluate_saves_reports_into_the_version_and_models_lists_them() {
    let dir = tempfile::tempdir().unwrap();
    let data = write(dir.path(), "quotes.csv", CSV);
    train_named(dir.path(), &data, "news", &[]).success();
    train_named(dir.path(), &data, "news", &["--no-stem"]).success();
    let json = dir.path().join("elsewhere.json");
    stance()
        .current_dir(dir.path())
        .args(["evaluate", "--model", "news@v1", "--data"])
        .arg(&data)
        .arg("--json")
        .arg(&json)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "report saved to models/news/v1/reports/quotes-",
        ));
    let sha = stance::hash::sha256_hex(CSV.as_bytes());
    let saved = dir
        .path()
        .join(format!("models/news/v1/reports/quotes-{}.json", &sha[..8]));
    assert!(saved.is_file());
    // The saved report round-trips through the library's reader and equals the --json one.
    let a = stance::eval::compare::read_report(&saved).unwrap();
    let b = stance::eval::compare::read_report(&json).unwrap();
    assert_eq!(a.predictions, b.predictions);
    assert_eq!(a.data_sha256, sha);
    assert_eq!(a.report_version, stance::eval::report::REPORT_VERSION);
    assert_eq!(a.model.path, "models/news/v1/model.json");
    assert_eq!(
        a.model.sha256,
        stance::hash::sha256_hex(
            &std::fs::read(dir.path().join("models/news/v1/model.json")).unwrap()
        )
    );
    assert_eq!(a.predictions.len(), 30);
    // The card's evaluation section now lists it.
    let card = std::fs::read_to_string(dir.path().join("models/news/v1/card.md")).unwrap();
    assert!(
        card.contains(&format!("| reports/quotes-{}.json | ", &sha[..8])),
        "{card}"
    );
    assert!(!card.contains("No held-out evaluation yet"), "{card}");
    // `stance models`: names, versions, date, data hash, macro-F1.
    let out = stance()
        .current_dir(dir.path())
        .arg("models")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].contains("macro f1"), "{text}");
    assert!(
        lines[1].starts_with("news") && lines[1].contains(" v1 "),
        "{text}"
    );
    assert!(lines[1].contains(&sha[..12]), "{text}");
    assert!(
        lines[1].contains(&format!("{:.3}", a.metrics.macro_f1)),
        "{text}"
    );
    assert!(
        lines[2].contains(" v2 ") && lines[2].contains('—'),
        "{text}"
    );
    let json: serde_json::Value = serde_json::from_slice(
        &stance()
            .current_dir(dir.path())
            .args(["models", "news", "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(json[0]["version"], 1);
    assert_eq!(json[1]["version"], 2);
    assert_eq!(json[0]["reports"], 1);
    stance()
        .current_dir(dir.path())
        .args(["models", "other"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no model named \"other\""));
}

#[test]
fn an_empty_registry_says_how_to_start() {
    let dir = tempfile::tempdir().unwrap();
    stance()
        .current_dir(dir.path())
        .arg("models")
        .assert()
        .success()
        .stdout(predicate::str::contains("no models in models"));
}
