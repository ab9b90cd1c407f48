//! `stance train` on several files and on the shipped corpus: provenance names every file,
//! errors name the file and line, small data is warned about.

use crate::util::{ok, stance, TRAIN};
use stance::hash::sha256_hex;
use stance::model::file;

fn split_train(dir: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let lines: Vec<&str> = TRAIN.lines().skip(1).collect();
    // The second file has its columns in another order and one extra: only text and label
    // matter.
    let a: String = std::iter::once("text,label\n".to_string())
        .chain(lines.iter().step_by(2).map(|l| format!("{l}\n")))
        .collect();
    let b: String = std::iter::once("label,source,text\n".to_string())
        .chain(lines.iter().skip(1).step_by(2).map(|l| {
            let (text, label) = l.rsplit_once(',').unwrap();
            format!("{label},ours,\"{text}\"\n")
        }))
        .collect();
    let (pa, pb) = (dir.join("a.csv"), dir.join("b.csv"));
    std::fs::write(&pa, a).unwrap();
    std::fs::write(&pb, b).unwrap();
    (pa, pb)
}

#[test]
fn two_files_train_one_model_that_records_both() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = split_train(dir.path());
    let model = dir.path().join("m.json");
    let (_, stderr) = ok(stance()
        .args(["train", "--data"])
        .arg(&a)
        .arg("--data")
        .arg(&b)
        .arg("--out")
        .arg(&model));
    let m = file::load(&model).unwrap();
    let d = &m.provenance().data;
    assert_eq!(d.rows, 30);
    assert_eq!(d.files.len(), 2);
    assert_eq!(d.files[0].path, a.display().to_string());
    assert_eq!(d.files[1].rows, 15);
    assert_eq!(
        d.files[1].sha256,
        sha256_hex(&std::fs::read(&b).unwrap()),
        "each file's own digest"
    );
    assert_eq!(d.path, format!("{} + {}", a.display(), b.display()));
    // 10 rows a label and a few dozen terms: both warned about.
    assert!(
        stderr.contains("label \"hostile\" has only 10 row(s)"),
        "{stderr}"
    );
    assert!(stderr.contains("terms (fewer than 200)"), "{stderr}");
}

#[test]
fn one_file_models_record_no_file_list() {
    let dir = tempfile::tempdir().unwrap();
    let (a, _) = split_train(dir.path());
    let model = dir.path().join("m.json");
    stance()
        .args(["train", "--min-df", "1", "--data"])
        .arg(&a)
        .arg("--out")
        .arg(&model)
        .assert()
        .success();
    let text = std::fs::read_to_string(&model).unwrap();
    assert!(!text.contains("\"files\""));
}

#[test]
fn the_shipped_corpus_is_added_and_silences_the_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let (a, _) = split_train(dir.path());
    let model = dir.path().join("m.json");
    let (_, stderr) = ok(stance()
        .args(["train", "--with-default-corpus", "--reproducible", "--data"])
        .arg(&a)
        .arg("--out")
        .arg(&model));
    assert!(!stderr.contains("warning"));
    let m = file::load(&model).unwrap();
    let d = &m.provenance().data;
    let shipped = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/data/train.csv")).unwrap();
    assert_eq!(d.files[1].sha256, sha256_hex(&shipped));
    assert_eq!(d.rows, 15 + d.files[1].rows);
    // Alone, too.
    stance()
        .args(["train", "--with-default-corpus", "--out"])
        .arg(dir.path().join("alone.json"))
        .assert()
        .success();
}

#[test]
fn a_bad_row_in_the_second_file_names_that_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let (a, _) = split_train(dir.path());
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "text,label\nWe agree.,conciliatory\nThey lie.,furious\n",
    )
    .unwrap();
    let out = stance()
        .args(["train", "--data"])
        .arg(&a)
        .arg("--data")
        .arg(&bad)
        .arg("--out")
        .arg(dir.path().join("m.json"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("{}:3", bad.display())), "{stderr}");
    let missing = dir.path().join("nolabel.csv");
    std::fs::write(&missing, "text,stance\nWe agree.,conciliatory\n").unwrap();
    let out = stance()
        .args(["train", "--data"])
        .arg(&a)
        .arg("--data")
        .arg(&missing)
        .arg("--out")
        .arg(dir.path().join("m.json"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("{}:1: no column \"label\"", missing.display())),
        "{stderr}"
    );
}

#[test]
fn train_needs_data_or_the_shipped_corpus() {
    let dir = tempfile::tempdir().unwrap();
    stance()
        .args(["train", "--out"])
        .arg(dir.path().join("m.json"))
        .assert()
        .failure()
        .stderr(predicates::str::contains("--data"));
}
