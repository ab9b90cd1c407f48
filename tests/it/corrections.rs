//! `predict --corrections`: a person's fixes override speaker, parties and label of the quote
//! at their offset, are marked, warn when they match nothing, and export as training rows
//! that `stance train` reads.

use crate::util::{ok, stance};

const ARTICLE: &str = "Talks resume in Vienna\n\n\
Foreign Minister Reza Kamali of Iran said the meeting was useful. \
\"We are ready to keep talking with Washington as long as it takes,\" Kamali said. \
\"We will answer any strike with force,\" Kamali added later.\n";

fn quotes(dir: &std::path::Path, extra: &[&str]) -> (Vec<serde_json::Value>, String) {
    let article = dir.join("vienna.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    let (stdout, stderr) = ok(stance()
        .current_dir(dir)
        .args(["predict", "--format", "jsonl", "vienna.txt"])
        .args(extra));
    let records = stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|r| r["record"] == "quote")
        .collect();
    (records, stderr)
}

#[test]
fn corrections_override_mark_warn_and_export() {
    let dir = tempfile::tempdir().unwrap();
    let (before, _) = quotes(dir.path(), &[]);
    assert_eq!(before.len(), 2);
    let first = before[0]["start"].as_u64().unwrap();
    let second = before[1]["start"].as_u64().unwrap();
    let other = if before[0]["label"] == "neutral" {
        "hostile"
    } else {
        "neutral"
    };
    std::fs::write(
        dir.path().join("fix.csv"),
        format!(
            "article,start,field,value\n\
             vienna.txt,{first},label,{other}\n\
             vienna.txt,{second},target_party,United States\n\
             vienna.txt,{second},speaker,Reza Kamali\n\
             vienna.txt,4,speaker_party,Iran\n"
        ),
    )
    .unwrap();
    let (after, stderr) = quotes(
        dir.path(),
        &["--corrections", "fix.csv", "--export-training", "rows.csv"],
    );
    assert_eq!(after[0]["label"], other);
    assert_eq!(after[0]["corrected"], serde_json::json!(["label"]));
    assert_eq!(after[1]["target_party"], "United States");
    assert_eq!(after[1]["speaker"], "Reza Kamali");
    assert_eq!(
        after[1]["corrected"],
        serde_json::json!(["speaker", "target_party"])
    );
    assert!(
        stderr.contains("fix.csv:5: no quote of article \"vienna.txt\" starts at byte 4"),
        "{stderr}"
    );
    let rows = std::fs::read_to_string(dir.path().join("rows.csv")).unwrap();
    let mut lines = rows.lines();
    assert_eq!(
        lines.next(),
        Some("text,label,article,start,end,speaker,speaker_party,target_party,context")
    );
    let row = lines.next().unwrap();
    assert!(row.starts_with(&format!(
        "\"We are ready to keep talking with Washington as long as it takes,\",{other},vienna.txt,{first},"
    )), "{row}");
    assert!(
        row.contains("Kamali said."),
        "the sentence around it: {row}"
    );
    assert_eq!(lines.next(), None, "only corrected labels are exported");
    // The export trains as it is, alongside the shipped corpus.
    stance()
        .current_dir(dir.path())
        .args([
            "train",
            "--data",
            "rows.csv",
            "--with-default-corpus",
            "--out",
            "m.json",
        ])
        .assert()
        .success();
}

#[test]
fn a_bad_correction_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vienna.txt"), ARTICLE).unwrap();
    std::fs::write(
        dir.path().join("fix.csv"),
        "article,start,field,value\nvienna.txt,10,label,furious\n",
    )
    .unwrap();
    stance()
        .current_dir(dir.path())
        .args(["predict", "vienna.txt", "--corrections", "fix.csv"])
        .assert()
        .failure()
        .stderr(predicates::str::contains(
            "fix.csv:2: unknown label \"furious\"",
        ));
}
