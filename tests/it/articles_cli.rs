//! `stance predict ARTICLE…` and `stance quotes ARTICLE…` driven end to end on articles we
//! write here (invented officials).

use crate::util::{jsonl, ok, stance, write, ARTICLE};
use predicates::prelude::*;
use serde_json::Value;
use std::path::Path;

#[test]
fn predict_a_directory_gives_attributed_labelled_quotes_and_summaries_in_order() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "b/second.txt", ARTICLE.as_bytes());
    write(dir.path(), "a.txt", ARTICLE.as_bytes());
    write(dir.path(), "notes.pdf", b"not an article");
    let (stdout, _) = ok(stance()
        .args(["predict", "--format", "jsonl"])
        .arg(dir.path()));
    let records = jsonl(stdout.as_bytes());
    let articles: Vec<&str> = records
        .iter()
        .filter(|r| r["record"] == "summary")
        .map(|r| r["article"].as_str().unwrap())
        .collect();
    assert_eq!(articles.len(), 2);
    assert!(
        articles[0].ends_with("a.txt") && articles[1].ends_with("second.txt"),
        "{articles:?}"
    );
    let quotes: Vec<&Value> = records.iter().filter(|r| r["record"] == "quote").collect();
    assert_eq!(quotes.len(), 6);
    let q = quotes[0];
    assert_eq!(q["speaker_name"], "Reza Kamali");
    assert_eq!(q["speaker_party"], "Iran");
    assert_eq!(q["target_party"], "United States");
    assert_eq!(q["label"], "conciliatory");
    assert_eq!(q["kind"], "full");
    let text = &ARTICLE[q["start"].as_u64().unwrap() as usize..q["end"].as_u64().unwrap() as usize];
    assert_eq!(text, q["quote"].as_str().unwrap());
    let threat = quotes[2];
    assert_eq!(threat["speaker"], "a senior U.S. official");
    assert_eq!(threat["speaker_party"], "United States");
    assert_eq!(threat["label"], "hostile");
    let summary = records.iter().find(|r| r["record"] == "summary").unwrap();
    assert_eq!(
        summary["principals"],
        serde_json::json!(["Iran", "United States"])
    );
    let pairs = summary["pairs"].as_array().unwrap();
    assert!(
        pairs
            .iter()
            .any(|p| p["from"] == "Iran" && p["to"] == "United States" && p["tone"] == 1.0),
        "{pairs:?}"
    );
}

#[test]
fn quotes_extracts_without_a_model_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", ARTICLE.as_bytes());
    let path = dir.path().join("a.txt");
    let out = stance()
        .args(["quotes", "--format", "jsonl"])
        .arg(&path)
        .output()
        .unwrap();
    let records = jsonl(&out.stdout);
    assert_eq!(records.len(), 4, "3 quotes and a summary");
    assert!(records[0].get("label").is_none());
    assert_eq!(records[1]["speaker"], "a senior U.S. official");
    // Every quote record says why its target was chosen (null when there is none).
    assert!(records[..3]
        .iter()
        .all(|r| r.get("target_reason").is_some()));
    let json: Value = serde_json::from_slice(
        &stance()
            .args(["quotes", "--format", "json"])
            .arg(&path)
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(json[0]["quotes"].as_array().unwrap().len(), 3);
    stance()
        .args(["quotes", "--format", "csv"])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "article,index,start,end,quote,kind,speaker,role,speaker_party,target_party,target_reason,cue\n",
        ));
    stance()
        .args(["predict", "--format", "table"])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "3 quotes, principals: Iran, United States",
        ))
        .stdout(predicate::str::contains(
            "Iran → United States: 1 quote (1 conciliatory), tone +1.00",
        ));
}

#[test]
fn stdin_html_and_parties_file() {
    let html = "<html><head><style>p{color:red}</style><script>var x = \"Do not read me\";</script></head>\
        <body><h1>Talks</h1><p>&ldquo;We welcome the offer &amp; will reply soon,&rdquo; said Minister Ana Duarte.</p></body></html>";
    let out = stance()
        .args(["quotes", "--format", "jsonl", "-"])
        .write_stdin(html)
        .output()
        .unwrap();
    let records = jsonl(&out.stdout);
    assert_eq!(
        records[0]["quote"],
        "We welcome the offer & will reply soon,"
    );
    assert_eq!(records[0]["speaker_name"], "Ana Duarte");
    assert!(records[0]["speaker_party"].is_null());
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "parties.toml",
        b"[[party]]\nname = \"Portugal\"\npeople = [\"Ana Duarte\"]\n",
    );
    let out = stance()
        .args(["quotes", "--format", "jsonl", "--parties"])
        .arg(dir.path().join("parties.toml"))
        .arg("-")
        .write_stdin(html)
        .output()
        .unwrap();
    assert_eq!(jsonl(&out.stdout)[0]["speaker_party"], "Portugal");
    write(dir.path(), "bad.toml", b"[[party]]\nname = 3\n");
    stance()
        .args(["quotes", "--parties"])
        .arg(dir.path().join("bad.toml"))
        .arg("-")
        .write_stdin(html)
        .assert()
        .failure()
        .stderr(predicate::str::contains("bad.toml"));
}

#[test]
fn bad_article_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = ARTICLE.as_bytes().to_vec();
    bytes.extend_from_slice(b"\xff\xfe \"Broken bytes,\" Kamali said.\n");
    write(dir.path(), "latin.txt", &bytes);
    stance()
        .args(["quotes", "--format", "jsonl"])
        .arg(dir.path().join("latin.txt"))
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "latin.txt: invalid UTF-8 replaced with U+FFFD",
        ));
    stance()
        .args(["quotes", "/nonexistent/article.txt"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "/nonexistent/article.txt: cannot read",
        ))
        .stderr(predicate::str::contains("1 article(s) could not be read"));
    // Hostile input: 100k quote marks, unbalanced, and binary bytes; it finishes and reports.
    let mut marks = "\"".repeat(100_001).into_bytes();
    marks.extend_from_slice(&[0, 159, 146, 150, 0]);
    write(dir.path(), "marks.txt", &marks);
    stance()
        .args(["predict", "--format", "jsonl"])
        .arg(dir.path().join("marks.txt"))
        .assert()
        .success()
        .stdout(predicate::str::contains("\"record\":\"summary\""));
    // An empty directory is not an error: nothing to do.
    std::fs::create_dir_all(dir.path().join("empty")).unwrap();
    stance()
        .args(["quotes", "--format", "json"])
        .arg(dir.path().join("empty"))
        .assert()
        .success()
        .stdout("[]\n");
    // Articles and texts are alternatives.
    stance()
        .args(["predict", "--text", "x"])
        .arg(dir.path().join("latin.txt"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be used with"));
}

#[test]
fn shipped_sample_articles_all_yield_quotes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/articles");
    let out = stance()
        .args(["predict", "--format", "jsonl"])
        .arg(&root)
        .output()
        .unwrap();
    assert!(out.status.success());
    let records = jsonl(&out.stdout);
    let summaries: Vec<&Value> = records
        .iter()
        .filter(|r| r["record"] == "summary")
        .collect();
    assert!(summaries.len() >= 5);
    for s in summaries {
        assert!(s["quotes"].as_u64().unwrap() >= 5, "{s}");
        assert_eq!(s["principals"].as_array().unwrap().len(), 2, "{s}");
    }
}
