//! `stance calibrate`: a model's temperature refitted on labelled rows, its labels unchanged.

use crate::util::{payload, run, stance, trained, write, TINY};

const TEST_CSV: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/test.csv");

/// The "before", "after" and "held out" figures of one row of calibrate's table.
fn before_after(out: &str, name: &str) -> (f64, f64, f64) {
    let line = out
        .lines()
        .find(|l| l.starts_with(name))
        .unwrap_or_else(|| panic!("no {name} line in {out}"));
    let v: Vec<f64> = line[name.len()..]
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    assert_eq!(v.len(), 3, "{line}");
    (v[0], v[1], v[2])
}

/// The lines of `evaluate`'s output before its calibration line: the label metrics.
fn label_metrics(out: &[u8]) -> String {
    String::from_utf8_lossy(out)
        .lines()
        .skip_while(|l| !l.starts_with("label"))
        .take_while(|l| !l.starts_with("calibration"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn calibrating_the_default_model_changes_confidence_not_labels() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("calibrated.json");
    let (code, stdout, stderr) = run(stance()
        .args(["calibrate", "--data", TEST_CSV, "--out"])
        .arg(&out));
    assert_eq!(code, 0, "{stderr}");
    let stdout = String::from_utf8(stdout).unwrap();
    assert!(stdout.contains("(2576 rows)"), "{stdout}");
    let (t_before, t_after, _) = before_after(&stdout, "temperature");
    assert_eq!(t_before, 1.0, "the shipped model fits no temperature");
    assert_ne!(t_after, 1.0);
    let (loss_before, loss_after, loss_held_out) = before_after(&stdout, "log loss");
    assert!(loss_after <= loss_before, "{stdout}");
    // The shipped model is underconfident on our own split, so the refit also helps on
    // rows each fold's temperature never saw.
    assert!(loss_held_out < loss_before, "{stdout}");
    let (ece_before, _, ece_held_out) = before_after(&stdout, "expected calibration error (15)");
    assert!(ece_held_out < ece_before, "{stdout}");
    assert!(stdout.contains("labels are unchanged"), "{stdout}");

    let p = payload(&out);
    let rec = &p["provenance"]["calibration"];
    assert_eq!(rec["data"]["rows"], 2576);
    assert_eq!(rec["data"]["path"], TEST_CSV);
    assert_eq!(rec["previous_temperature"], 1.0);
    assert!((p["temperature"].as_f64().unwrap() - t_after).abs() < 5e-4);

    // Same labels on every row; different probabilities.
    let eval = |model: Option<&std::path::Path>| {
        let mut cmd = stance();
        cmd.args(["evaluate", "--data", TEST_CSV]);
        if let Some(m) = model {
            cmd.arg("--model").arg(m);
        }
        let (code, out, err) = run(&mut cmd);
        assert_eq!(code, 0, "{err}");
        out
    };
    let (shipped, calibrated) = (eval(None), eval(Some(&out)));
    assert_eq!(label_metrics(&shipped), label_metrics(&calibrated));
    assert!(label_metrics(&shipped).contains("macro f1"));
    assert_ne!(shipped, calibrated, "the calibration line moves");

    // Deterministic: the same model and data give the same file.
    let again = dir.path().join("again.json");
    stance()
        .args(["calibrate", "--data", TEST_CSV, "--out"])
        .arg(&again)
        .assert()
        .success();
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&again).unwrap());

    // The recalibrated model calibrates again, recording the temperature it had.
    let twice = dir.path().join("twice.json");
    stance()
        .args(["calibrate", "--data", TINY, "--model"])
        .arg(&out)
        .arg("--out")
        .arg(&twice)
        .assert()
        .success();
    let rec = &payload(&twice)["provenance"]["calibration"];
    assert!((rec["previous_temperature"].as_f64().unwrap() - t_after).abs() < 5e-4);
    assert_eq!(rec["data"]["rows"], 36);
}

#[test]
fn bad_calibration_inputs_get_clear_errors_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let model = trained(dir.path(), "m.json", &[]);
    let out = dir.path().join("out.json");
    let error = |data: &std::path::Path, out: &std::path::Path, extra: &[&str]| {
        let (code, _, stderr) = run(stance()
            .args(["calibrate", "--model"])
            .arg(&model)
            .arg("--data")
            .arg(data)
            .arg("--out")
            .arg(out)
            .args(extra));
        assert_ne!(code, 0);
        assert!(!stderr.contains("panicked"), "{stderr}");
        stderr
    };

    let few = write(
        dir.path(),
        "few.csv",
        "text,label\nWe welcome the talks.,conciliatory\nThey lie.,hostile\nThe meeting is on Monday.,neutral\n",
    );
    let e = error(&few, &out, &[]);
    assert!(
        e.contains("few.csv: 3 labelled row(s); a temperature needs at least 20"),
        "{e}"
    );
    assert!(e.contains("stance label --export"), "{e}");

    let odd = write(dir.path(), "odd.csv", "text,label\nHello there.,friendly\n");
    let e = error(&odd, &out, &[]);
    assert!(
        e.contains("the data has labels the model does not know: friendly"),
        "{e}"
    );

    let e = error(&dir.path().join("missing.csv"), &out, &[]);
    assert!(e.contains("missing.csv"), "{e}");
    assert!(!out.exists(), "nothing is written on an error");

    // An existing --out is refused before any work, and kept as it was.
    let taken = write(dir.path(), "taken.json", "keep me");
    let e = error(std::path::Path::new(TINY), &taken, &[]);
    assert!(e.contains("already exists; pass --force"), "{e}");
    assert_eq!(std::fs::read(&taken).unwrap(), b"keep me");
    let (code, _, stderr) = run(stance()
        .args(["calibrate", "--model"])
        .arg(&model)
        .args(["--data", TINY, "--force", "--out"])
        .arg(&taken));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        payload(&taken)["provenance"]["calibration"]["data"]["rows"],
        36
    );
}

#[test]
fn calibrating_into_the_registry_saves_a_version_whose_card_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let reg = dir.path().join("models");
    stance()
        .args(["train", "--name", "mine", "--data", TINY, "--models-dir"])
        .arg(&reg)
        .assert()
        .success();
    let (code, out, err) = run(stance()
        .args([
            "calibrate",
            "--model",
            "mine",
            "--name",
            "mine",
            "--data",
            TINY,
            "--models-dir",
        ])
        .arg(&reg));
    assert_eq!(code, 0, "{err}");
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("saved   mine@v2"), "{out}");
    assert!(out.contains("(36 rows)"), "{out}");
    let card = std::fs::read_to_string(reg.join("mine/v2/card.md")).unwrap();
    assert!(card.contains("## Calibration"), "{card}");
    assert!(card.contains("(36 rows, SHA-256"), "{card}");
    let v1 = std::fs::read_to_string(reg.join("mine/v1/card.md")).unwrap();
    assert!(!v1.contains("## Calibration"), "{v1}");

    // Neither destination, or a bad name: refused before any work.
    let (code, _, err) = run(stance().args(["calibrate", "--data", TINY]));
    assert_ne!(code, 0);
    assert!(err.contains("--out"), "{err}");
    let (code, _, err) = run(stance()
        .args([
            "calibrate",
            "--data",
            TINY,
            "--name",
            "../up",
            "--models-dir",
        ])
        .arg(&reg));
    assert_ne!(code, 0);
    assert!(!err.contains("panicked"), "{err}");
    assert!(!dir.path().join("up").exists());
}
