//! `stance label` driven through a pseudo-terminal: keys label, skip, undo and quit; every
//! answer is in the CSV as soon as the screen moves on; a second run resumes. And
//! `--export N` for spreadsheets.

use crate::util::{bin, stance};
use expectrl::session::OsSession as Session;
use expectrl::{Eof, Expect};
use std::path::Path;
use std::time::Duration;

/// Invented quotes for the pool.
const POOL: &str = "text,note\n\
\"We thank our neighbours and welcome the new talks.\",a\n\
\"They will regret this attack on our ships.\",b\n\
\"The delegation lands in Oslo on Friday.\",c\n\
\"We may talk, but only if they stop the shelling first.\",d\n\
\"Both sides promised calm, yet the guns kept firing.\",e\n\
\"The ministry will publish the figures next week.\",f\n";

fn spawn(dir: &Path, extra: &[&str]) -> Session {
    let mut cmd = std::process::Command::new(bin());
    cmd.current_dir(dir)
        .env_remove("STANCE_MODELS")
        .args(["label", "--pool-csv", "pool.csv", "--out", "labels.csv"])
        .args(extra);
    let mut s = Session::spawn(cmd).expect("spawns in a pty");
    s.set_expect_timeout(Some(Duration::from_secs(30)));
    s
}

/// (text, label) of every row of labels.csv.
fn rows(dir: &Path) -> Vec<(String, String)> {
    let mut r = csv::Reader::from_path(dir.join("labels.csv")).unwrap();
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "text",
            "label",
            "article",
            "start",
            "end",
            "speaker",
            "speaker_party",
            "target_party",
            "context"
        ]
    );
    r.records()
        .map(|x| {
            let x = x.unwrap();
            (x[0].to_string(), x[1].to_string())
        })
        .collect()
}

fn press(s: &mut Session, key: &str, then: &str) {
    s.send(key).unwrap();
    s.expect(then)
        .unwrap_or_else(|e| panic!("after {key:?} expected {then:?}: {e}"));
}

#[test]
fn keys_label_skip_undo_quit_and_a_second_run_resumes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pool.csv"), POOL).unwrap();
    let mut s = spawn(
        dir.path(),
        &["--retrain-every", "2", "--with-default-corpus"],
    );
    s.expect("[1] conciliatory  [2] hostile  [3] neutral")
        .unwrap();
    s.expect("[s] skip  [u] undo  [q] quit  [?] help").unwrap();
    press(&mut s, "?", "answers are already saved");
    press(&mut s, "1", "saved: conciliatory");
    let after_one = rows(dir.path());
    assert_eq!(after_one.len(), 1);
    assert_eq!(after_one[0].1, "conciliatory");
    press(&mut s, "2", "saved: hostile");
    let after_two = rows(dir.path());
    assert_eq!(after_two.len(), 2);
    assert_eq!(after_two[1].1, "hostile");
    assert_ne!(after_two[0].0, after_two[1].0, "a quote is asked once");
    // The second answer started a retraining (--retrain-every 2) on the file and the shipped
    // corpus; its new ranking arrives without a key press.
    s.expect("retrained on").unwrap();
    press(&mut s, "u", "undone: the last answer was removed");
    assert_eq!(rows(dir.path()), after_one);
    // The undone quote is asked again: answer it differently.
    press(&mut s, "3", "saved: neutral");
    let now = rows(dir.path());
    assert_eq!(now[1], (after_two[1].0.clone(), "neutral".to_string()));
    press(&mut s, "s", "skipped");
    press(&mut s, "9", "[q] quit"); // not a label: ignored
    assert_eq!(rows(dir.path()).len(), 2);
    s.send("q").unwrap();
    let rest = s.expect(Eof).unwrap();
    let tail = String::from_utf8_lossy(rest.get(0).unwrap_or_default());
    assert!(
        tail.contains("\u{1b}[?1049l"),
        "the alternate screen is left on quit"
    );
    assert!(
        tail.contains("2 answer(s) saved to labels.csv (2 rows in all)"),
        "{tail}"
    );

    // Again: the two answered quotes are not shown; the count picks up from the file.
    let mut s = spawn(dir.path(), &[]);
    s.expect("2 in the file · 4 left").unwrap();
    press(&mut s, "2", "saved: hostile");
    let resumed = rows(dir.path());
    assert_eq!(resumed.len(), 3);
    assert!(!now.iter().any(|(t, _)| *t == resumed[2].0));
    s.send("\u{3}").unwrap(); // Ctrl-C quits too, with the answer kept
    s.expect(Eof).unwrap();
    assert_eq!(rows(dir.path()).len(), 3);
    // The file trains as it is.
    stance()
        .current_dir(dir.path())
        .args([
            "train",
            "--data",
            "labels.csv",
            "--with-default-corpus",
            "--out",
            "m.json",
        ])
        .assert()
        .success();
}

#[test]
fn export_writes_the_most_informative_quotes_unlabelled() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pool.csv"), POOL).unwrap();
    stance()
        .current_dir(dir.path())
        .args([
            "label",
            "--pool-csv",
            "pool.csv",
            "--export",
            "3",
            "--out",
            "labels.csv",
        ])
        .assert()
        .success();
    let exported = rows(dir.path());
    assert_eq!(exported.len(), 3);
    assert!(exported.iter().all(|(_, label)| label.is_empty()));
    // Refuses to overwrite without --force.
    stance()
        .current_dir(dir.path())
        .args([
            "label",
            "--pool-csv",
            "pool.csv",
            "--export",
            "3",
            "--out",
            "labels.csv",
        ])
        .assert()
        .failure()
        .stderr(predicates::str::contains("--force"));
}

#[test]
fn without_a_terminal_it_says_to_export() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pool.csv"), POOL).unwrap();
    stance()
        .current_dir(dir.path())
        .args(["label", "--pool-csv", "pool.csv", "--out", "labels.csv"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("--export N"));
}

#[test]
fn article_quotes_show_speaker_parties_and_corrections() {
    let dir = tempfile::tempdir().unwrap();
    let article = "Talks resume in Vienna\n\n\
Foreign Minister Reza Kamali of Iran said the meeting was useful. \
\"We are ready to keep talking with Washington as long as it takes,\" Kamali said.\n";
    std::fs::write(dir.path().join("vienna.txt"), article).unwrap();
    let start = article.find("We are").unwrap();
    std::fs::write(
        dir.path().join("fix.csv"),
        format!(
            "article,start,field,value\n\
             vienna.txt,{start},target_party,European Union\n\
             vienna.txt,{start},speaker_party,Iran\n"
        ),
    )
    .unwrap();
    let mut cmd = std::process::Command::new(bin());
    cmd.current_dir(dir.path())
        .env_remove("STANCE_MODELS")
        .args([
            "label",
            "vienna.txt",
            "--out",
            "labels.csv",
            "--corrections",
            "fix.csv",
        ]);
    let mut s = Session::spawn(cmd).unwrap();
    s.set_expect_timeout(Some(Duration::from_secs(30)));
    s.expect("speaker: Reza Kamali").unwrap();
    s.expect("party: Iran").unwrap();
    s.expect("target: European Union").unwrap();
    s.expect("context: \"We are ready").unwrap();
    press(&mut s, "2", "saved: hostile");
    let r = rows(dir.path());
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].1, "hostile");
    s.send("q").unwrap();
    s.expect(Eof).unwrap();
    let mut reader = csv::Reader::from_path(dir.path().join("labels.csv")).unwrap();
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(&row[2], "vienna.txt");
    assert_eq!(row[3].parse::<usize>().unwrap(), start);
    assert_eq!(&row[7], "European Union");
}
