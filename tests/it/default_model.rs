//! The shipped default model must be exactly what its recorded data and settings produce, and
//! the binary must embed it.

use stance::corpus::{read_labelled, CsvOptions, LabelSet};
use stance::model::{file, Classifier};
use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

#[test]
fn retraining_with_recorded_settings_reproduces_the_default_model_byte_for_byte() {
    let shipped = std::fs::read(Path::new(ROOT).join("models/default.json"))
        .expect("models/default.json is committed");
    let model = file::from_bytes(&shipped, "models/default.json").expect("loads");
    let p = model.provenance();
    assert_eq!(
        p.train_seconds, None,
        "the default model must be trained with --reproducible"
    );
    let labels = LabelSet::from_vec(model.labels().to_vec());
    let options = CsvOptions {
        text_col: p.data.text_col.clone(),
        label_col: p.data.label_col.clone(),
        target_col: p.data.target_col.clone(),
        context_col: p.data.context_col.clone(),
        context_optional: false,
        labels: labels.clone(),
        skip_invalid: p.data.skipped_rows > 0,
    };
    let corpus = read_labelled(&Path::new(ROOT).join(&p.data.path), &options).expect("data reads");
    assert_eq!(
        corpus.sha256, p.data.sha256,
        "{} changed since the default model was trained; retrain it (see README)",
        p.data.path
    );
    let retrained = Classifier::fit_corpus(
        &corpus,
        &labels,
        &p.data.path,
        (&p.data.text_col, &p.data.label_col),
        &model.settings(),
    )
    .expect("retrains");
    assert!(
        file::to_bytes(&retrained) == shipped,
        "retraining gave different bytes; retrain models/default.json (see README)"
    );
}

#[test]
fn binary_uses_the_embedded_default_model_from_any_directory() {
    let dir = tempfile::tempdir().unwrap();
    let (text, _) = crate::util::ok(
        crate::util::stance()
            .current_dir(dir.path())
            .args(["predict", "--format", "jsonl"])
            .args([
                "--text",
                "We strongly condemn their reckless attack and will retaliate.",
            ])
            .args([
                "--text",
                "We thank our partners for a warm and productive meeting.",
            ]),
    );
    let labels: Vec<String> = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["label"].to_string())
        .collect();
    assert_eq!(labels, ["\"hostile\"", "\"conciliatory\""]);
}
