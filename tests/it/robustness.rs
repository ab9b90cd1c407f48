//! Robustness: every bad input gets a clear message and an exit code, never a panic; outputs
//! are escaped and written atomically; extraction stays linear; the fuzzers' crashers stay
//! fixed. The README's "Bad inputs and what they get" table names the test for each case;
//! the cases already covered by tests/it/cli.rs and tests/it/articles_cli.rs are not repeated here.

use crate::checks;
use crate::util::{
    bin, exits_quietly_when_the_reader_leaves, jsonl, run, stance, train_error, trained, write,
    ARTICLE, TINY,
};
use predicates::prelude::*;
use proptest::prelude::*;
use serde_json::Value;
use stance::article::{
    extract, read_article_bytes, reset_scan_steps, scan_steps, Gazetteer, Limits,
};
use stance::model::file;
use stance::registry::Registry;
use std::path::{Path, PathBuf};
use std::process::Stdio;

/// Deterministic pseudo-random bytes (xorshift).
fn noise(n: usize, mut seed: u64) -> Vec<u8> {
    (0..n)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 24) as u8
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Fuzzing: the crashers found, replayed through the fuzz targets' own checks.
// ---------------------------------------------------------------------------------------

/// Every file of tests/regressions/<target>/ goes through the same function as the fuzz
/// target `<target>` (tests/fuzz/checks.rs).
#[test]
fn fuzz_crashers_stay_fixed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    type Check = fn(&[u8]);
    let targets: [(&str, Check); 6] = [
        ("article", checks::article),
        ("csv", checks::csv),
        ("model", checks::model),
        ("html", checks::html),
        ("parties", checks::parties),
        ("report", checks::report),
    ];
    let mut replayed = 0;
    for (target, check) in targets {
        let Ok(entries) = std::fs::read_dir(root.join(target)) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
        paths.sort();
        for path in paths {
            let bytes = std::fs::read(&path).unwrap();
            let outcome = std::panic::catch_unwind(|| check(&bytes));
            assert!(outcome.is_ok(), "{} fails again", path.display());
            replayed += 1;
        }
    }
    assert!(replayed > 0, "no crashers found under {}", root.display());
}

/// The newer targets' checks hold on inputs of our own (as `tests/fuzz/seed.sh` seeds them),
/// so a change that breaks a check itself shows here and not only in a fuzz run.
#[test]
fn fuzz_checks_hold_on_our_own_inputs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let flagged = |flag: u8, bytes: &[u8]| [&[flag], bytes].concat();
    let mut html_pages = 0;
    for entry in std::fs::read_dir(root.join("data/articles")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "html") {
            checks::html(&std::fs::read(&path).unwrap());
            html_pages += 1;
        }
    }
    assert!(html_pages > 0);
    checks::html(
        b"<p><a title=\"a>b\">Talks</a> \"resume,\" said Ann Cole.</p><script>\"x\"</script>",
    );
    let parties = b"[[party]]\nname = \"Nigeria\"\naliases = [\"Abuja\", \"Okafor\"]\npeople = [\"Ann Cole\"]\n";
    checks::parties(&flagged(0, parties));
    checks::parties(&flagged(1, parties));
    let dir = tempfile::tempdir().unwrap();
    let model = trained(dir.path(), "tiny.json", &[]);
    let report = dir.path().join("report.json");
    let (code, _, stderr) = run(stance()
        .args(["evaluate", "--model"])
        .arg(&model)
        .args(["--data", TINY, "--json"])
        .arg(&report));
    assert_eq!(code, 0, "{stderr}");
    let bytes = std::fs::read(&report).unwrap();
    // The check returns early on a report it cannot read: make sure this one is read.
    stance::eval::compare::parse_report(&bytes, "report.json").unwrap();
    for flag in 0..4 {
        checks::report(&flagged(flag, &bytes));
    }
}

// ---------------------------------------------------------------------------------------
// Bad CSVs (the basic cases are in tests/it/cli.rs: bad_csv_inputs_get_file_line_and_fix).
// ---------------------------------------------------------------------------------------

#[test]
fn csv_with_lone_cr_line_endings_gets_the_right_line() {
    // Found by the csv fuzz target: old Mac exports end lines with CR alone.
    let stderr = train_error(b"text,label\rok,neutral\rbad,hostle\r", &[]);
    assert!(
        stderr.contains("error: bad.csv:3: unknown label \"hostle\""),
        "{stderr}"
    );
}

#[test]
fn unbalanced_csv_quoting_says_a_quote_is_missing() {
    let stderr = train_error(
        b"text,label\nx y,neutral\n\"abc,hostile\nmore words,neutral\nlast,hostile\n",
        &[],
    );
    assert!(
        stderr.contains(
            "error: bad.csv:3: this row has 1 fields but the header has 2, and a quoted field in it runs on over the next 3 line(s); a closing quote (\") is probably missing"
        ),
        "{stderr}"
    );
}

#[test]
fn a_binary_file_as_csv_gets_a_short_clear_error() {
    // No line break in 64 KB: the "header" is one huge garbage row.
    let bytes: Vec<u8> = noise(65_536, 7)
        .into_iter()
        .map(|b| if b == b'\n' || b == b'\r' { 0 } else { b })
        .collect();
    let stderr = train_error(&bytes, &[]);
    assert!(
        stderr.starts_with("error: bad.csv:1: no column \"text\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("(the first line is not UTF-8 text: is this a CSV file?)"),
        "{stderr}"
    );
    assert!(stderr.len() < 2_000, "{} bytes of error", stderr.len());
}

#[test]
fn nul_bytes_are_ordinary_characters() {
    let dir = tempfile::tempdir().unwrap();
    // In a CSV: trained on (NUL is just a character in the text).
    let mut csv = std::fs::read(TINY).unwrap();
    csv.extend_from_slice(b"We will\0 talk\0,conciliatory\n");
    let data = write(dir.path(), "nul.csv", &csv);
    stance()
        .args(["train", "--data"])
        .arg(&data)
        .arg("--out")
        .arg(dir.path().join("m.json"))
        .assert()
        .success()
        .stdout(predicate::str::contains("37 rows"));
    // A header of NULs: no such column.
    assert!(train_error(b"\0\0\0\0", &[])
        .contains("error: bad.csv:1: no column \"text\"; the columns are \"\\0\\0\\0\\0\""));
    // In --lines and in an article: labelled, and the NUL is escaped in JSON.
    let lines = write(dir.path(), "l.txt", b"We reject\0 it.\n\0\n");
    let (code, out, _) = run(stance()
        .args(["predict", "--format", "jsonl", "--lines"])
        .arg(&lines));
    assert_eq!(code, 0);
    let records = jsonl(&out);
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["text"], "We reject\0 it.");
    let article = write(
        dir.path(),
        "nul.txt",
        b"\"We will\0 talk,\" Iranian envoy Ali Kamali said.\0\0\n",
    );
    let (code, out, _) = run(stance()
        .args(["predict", "--format", "jsonl"])
        .arg(&article));
    assert_eq!(code, 0);
    assert_eq!(jsonl(&out)[0]["quote"], "We will\0 talk,");
}

#[test]
fn invalid_utf8_in_text_lines_is_replaced_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let lines = write(dir.path(), "l.txt", b"fine line\ncaf\xe9 talks\n\xff\xfe\n");
    let (code, out, stderr) = run(stance()
        .args(["predict", "--format", "jsonl", "--lines"])
        .arg(&lines));
    assert_eq!(code, 0);
    assert!(
        stderr.contains("l.txt:2: invalid UTF-8 replaced with U+FFFD"),
        "{stderr}"
    );
    assert!(
        stderr.contains("l.txt: 2 lines had invalid UTF-8"),
        "{stderr}"
    );
    assert_eq!(jsonl(&out)[1]["text"], "caf\u{FFFD} talks");
}

#[test]
fn binary_files_as_articles_and_lines_are_read_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = noise(200_000, 11);
    let article = write(dir.path(), "blob.txt", &bytes);
    let html = write(dir.path(), "blob.html", &bytes);
    for path in [&article, &html] {
        let (code, out, stderr) = run(stance().args(["predict", "--format", "jsonl"]).arg(path));
        assert_eq!(code, 0, "{stderr}");
        assert!(
            stderr.contains("invalid UTF-8 replaced with U+FFFD"),
            "{stderr}"
        );
        assert!(jsonl(&out).iter().any(|r| r["record"] == "summary"));
    }
    let (code, out, stderr) = run(stance()
        .args(["predict", "--format", "jsonl", "--lines"])
        .arg(&article));
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("invalid UTF-8 replaced"), "{stderr}");
    assert!(!jsonl(&out).is_empty());
    // As a model: see tests/it/cli.rs bad_model_files_get_clear_errors ("binary").
}

// ---------------------------------------------------------------------------------------
// Long lines, many or deep quotes, broken HTML (100k marks: tests/it/articles_cli.rs).
// ---------------------------------------------------------------------------------------

#[test]
fn a_huge_single_line_is_cut_at_max_bytes_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    // 3 MB on one line, capped at 1 MB (the default cap is 16 MiB; the same code path).
    let line = "We reject the plan and we will respond. ".repeat(75_000);
    let mut bytes = line.clone().into_bytes();
    bytes.extend_from_slice(b"\nA second line.\n");
    let lines = write(dir.path(), "long.txt", &bytes);
    let (code, out, stderr) = run(stance()
        .args([
            "predict",
            "--format",
            "jsonl",
            "--max-bytes",
            "1000000",
            "--lines",
        ])
        .arg(&lines));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(
            "long.txt:1: line longer than 1000000 bytes; only its start is labelled (--max-bytes)"
        ),
        "{stderr}"
    );
    let records = jsonl(&out);
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["text"].as_str().unwrap().len(), 1_000_000);
    assert_eq!(records[1]["text"], "A second line.");
    // The same line as an article: cut, warned, and the summary says "truncated".
    let article = write(dir.path(), "long-article.txt", line.as_bytes());
    let (code, out, stderr) = run(stance()
        .args(["predict", "--format", "jsonl", "--max-bytes", "1000000"])
        .arg(&article));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("long-article.txt: longer than 1000000 bytes; only the start was read"),
        "{stderr}"
    );
    let records = jsonl(&out);
    assert_eq!(records.last().unwrap()["truncated"], true);
    // A cut inside a multi-byte character is not reported as invalid UTF-8.
    let accents = write(dir.path(), "accents.txt", "é".repeat(1000).as_bytes());
    let (code, _, stderr) = run(stance()
        .args(["predict", "--format", "jsonl", "--max-bytes", "999"])
        .arg(&accents));
    assert_eq!(code, 0);
    assert!(stderr.contains("longer than 999 bytes"), "{stderr}");
    assert!(!stderr.contains("invalid UTF-8"), "{stderr}");
}

#[test]
fn the_largest_max_bytes_means_no_limit() {
    // `--max-bytes` + 1 once overflowed to a limit of 0: every article read as empty.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", ARTICLE.as_bytes());
    write(
        dir.path(),
        "in.jsonl",
        serde_json::json!({"article": "a", "text": ARTICLE})
            .to_string()
            .as_bytes(),
    );
    for input in [vec!["a.txt"], vec!["--jsonl", "in.jsonl"]] {
        let (code, out, stderr) = run(stance()
            .current_dir(dir.path())
            .args([
                "predict",
                "--format",
                "jsonl",
                "--max-bytes",
                &usize::MAX.to_string(),
            ])
            .args(&input));
        assert_eq!(code, 0, "{stderr}");
        let quotes = jsonl(&out)
            .iter()
            .filter(|r| r["record"] == "quote")
            .count();
        assert_eq!(quotes, 3, "{input:?}");
    }
}

#[test]
fn a_line_over_the_default_cap_is_cut_without_error() {
    // 17 MB on one line: over the default --max-bytes of 16 MiB.
    let dir = tempfile::tempdir().unwrap();
    let lines = write(
        dir.path(),
        "huge.txt",
        "word ".repeat(17_000_000 / 5).as_bytes(),
    );
    let (code, out, stderr) = run(stance()
        .args(["predict", "--format", "jsonl", "--lines"])
        .arg(&lines));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("line longer than 16777216 bytes"),
        "{stderr}"
    );
    assert_eq!(jsonl(&out).len(), 1);
}

#[test]
fn more_quotes_than_the_limit_are_dropped_with_a_warning() {
    // Over the default 10,000 quotes per article, through the CLI.
    let dir = tempfile::tempdir().unwrap();
    let article = write(
        dir.path(),
        "many.txt",
        "\"We will talk,\" Hale said. ".repeat(10_050).as_bytes(),
    );
    let (code, out, stderr) = run(stance().args(["quotes", "--format", "jsonl"]).arg(&article));
    assert_eq!(code, 0);
    assert!(
        stderr.contains("many.txt: more than 10000 quotes; 50 were not processed"),
        "{stderr}"
    );
    let records = jsonl(&out);
    assert_eq!(records.len(), 10_001, "10,000 quotes and the summary");
    // Through the library, with small limits.
    let text = "\"One,\" Hale said. \"Two,\" Pike said. ".repeat(50);
    let limits = Limits {
        max_text_bytes: 1 << 20,
        max_quotes: 7,
    };
    let e = extract(&text, &Gazetteer::builtin(), &limits);
    assert_eq!((e.quotes.len(), e.quotes_dropped), (7, 93));
    checks::check_extraction(&text, &e, &limits);
    let limits = Limits {
        max_text_bytes: 101,
        max_quotes: 100,
    };
    let e = extract(&text, &Gazetteer::builtin(), &limits);
    assert!(e.truncated);
    assert!(e.quotes.iter().all(|q| q.end <= 101));
    checks::check_extraction(&text, &e, &limits);
}

#[test]
fn deeply_nested_quotes_are_handled() {
    let dir = tempfile::tempdir().unwrap();
    let depth = 20_000;
    let mut text = String::from("Iranian envoy Ali Kamali said: ");
    text.push_str(&"“‘«„".repeat(depth));
    text.push_str("deep");
    text.push_str(&"“»’”".repeat(depth));
    text.push_str(" and then \"We will talk,\" he said.\n\n");
    text.push_str(&"‘“".repeat(50_000));
    let path = write(dir.path(), "nested.txt", text.as_bytes());
    let (code, out, stderr) = run(stance().args(["predict", "--format", "jsonl"]).arg(&path));
    assert_eq!(code, 0, "{stderr}");
    let records = jsonl(&out);
    for q in records.iter().filter(|r| r["record"] == "quote") {
        let (s, e) = (
            q["start"].as_u64().unwrap() as usize,
            q["end"].as_u64().unwrap() as usize,
        );
        assert!(text.get(s..e).is_some(), "{s}..{e} not on char boundaries");
    }
    assert_eq!(records.last().unwrap()["record"], "summary");
}

#[test]
fn broken_html_is_read_as_far_as_it_goes() {
    let dir = tempfile::tempdir().unwrap();
    let mut html = String::from(
        "<html><body><p>&ldquo;We are ready,&rdquo; said Iranian envoy Ali Kamali.</p>\
         <p>&#xFFFFFFFF; &#0; &#55296; &#x110000; &#99999999999999999999; &amp &unknown; &#x;</p>\
         <p <div <<<>>> </p></b></i></p></html><a href=\"x>y\">text</a><br/<br/>",
    );
    html.push_str(&"<a href=\"".repeat(10_000));
    html.push_str(&"<b".repeat(10_000));
    html.push_str("<script>never closed \"quote,\" he said. <!-- and a comment <style>");
    for (name, body) in [
        ("broken.html", html.clone()),
        (
            "comment.html",
            format!("<p>\"Yes,\" he said.</p><!-- {html}"),
        ),
        (
            "script.html",
            format!("<p>\"Yes,\" he said.</p><script>{html}"),
        ),
    ] {
        let path = write(dir.path(), name, body.as_bytes());
        let (code, out, stderr) = run(stance().args(["quotes", "--format", "jsonl"]).arg(&path));
        assert_eq!(code, 0, "{name}: {stderr}");
        let records = jsonl(&out);
        assert!(
            records.iter().any(|r| r["record"] == "quote"),
            "{name}: {records:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Files that cannot be read: symlink loops, permissions, directories.
// ---------------------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn symlink_loops_are_skipped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("news");
    write(&root, "a.txt", ARTICLE.as_bytes());
    std::os::unix::fs::symlink(&root, root.join("loop")).unwrap();
    std::os::unix::fs::symlink(root.join("self.txt"), root.join("self.txt")).unwrap();
    std::os::unix::fs::symlink(root.join("gone"), root.join("dangling.txt")).unwrap();
    let (code, out, stderr) = run(stance().args(["quotes", "--format", "jsonl"]).arg(&root));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("loop: directory already visited (symlink loop?); skipped"),
        "{stderr}"
    );
    assert!(stderr.contains("self.txt: skipped"), "{stderr}");
    assert!(stderr.contains("dangling.txt: skipped"), "{stderr}");
    let summaries = jsonl(&out)
        .into_iter()
        .filter(|r| r["record"] == "summary")
        .count();
    assert_eq!(summaries, 1);
}

#[cfg(unix)]
#[test]
fn unreadable_files_get_permission_errors() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let article = write(dir.path(), "a.txt", ARTICLE.as_bytes());
    let csv = write(dir.path(), "d.csv", std::fs::read(TINY).unwrap());
    let model = trained(dir.path(), "m.json", &[]);
    for p in [&article, &csv, &model] {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o000)).unwrap();
    }
    if std::fs::read(&article).is_ok() {
        eprintln!("skipped unreadable_files_get_permission_errors: running as root (or with CAP_DAC_OVERRIDE), so mode 000 does not stop reads");
        return;
    }
    stance()
        .args(["quotes"])
        .arg(&article)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "a.txt: cannot read: Permission denied",
        ))
        .stderr(predicate::str::contains("1 article(s) could not be read"));
    stance()
        .args(["train", "--out"])
        .arg(dir.path().join("n.json"))
        .arg("--data")
        .arg(&csv)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "d.csv: cannot read the file: Permission denied",
        ));
    stance()
        .args(["predict", "--text", "x", "--model"])
        .arg(&model)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "m.json: cannot read the model file: Permission denied",
        ));
}

#[test]
fn directories_where_files_are_expected() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("sub.json");
    std::fs::create_dir(&sub).unwrap();
    stance()
        .args(["predict", "--text", "x", "--model"])
        .arg(&sub)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "sub.json: cannot read the model file",
        ));
    stance()
        .args(["train", "--out", "x.json", "--data"])
        .arg(&sub)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("sub.json: cannot read the file"));
}

// ---------------------------------------------------------------------------------------
// Model files edited by hand, foreign, or for another label set (truncated, damaged, newer,
// not JSON, binary, empty: tests/it/cli.rs bad_model_files_get_clear_errors).
// ---------------------------------------------------------------------------------------

#[test]
fn hand_edited_models_with_a_recomputed_checksum_are_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let model = trained(dir.path(), "m.json", &[]);
    let good = std::fs::read_to_string(&model).unwrap();
    let start = good.find("\"payload\":").unwrap() + "\"payload\":".len();
    let payload = good[start..].trim_end().strip_suffix('}').unwrap();
    let v: Value = serde_json::from_str(payload).unwrap();
    let edit = |f: &dyn Fn(&mut Value)| {
        let mut p = v.clone();
        f(&mut p);
        checks::wrap_payload(serde_json::to_string(&p).unwrap().as_bytes())
    };
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "idf",
            edit(&|p| p["idf"].as_array_mut().unwrap().push(1.0.into())),
            "the model file is truncated or corrupt (53 idf values for 52 terms)",
        ),
        (
            "labels",
            edit(&|p| p["labels"] = serde_json::json!(["hostile"])),
            "(1 labels; a model needs at least 2)",
        ),
        (
            "duplicate",
            edit(&|p| p["labels"] = serde_json::json!(["a", "a", "b"])),
            "(duplicate labels)",
        ),
        (
            "repeated term",
            edit(&|p| p["vocabulary"][1] = p["vocabulary"][0].clone()),
            "(the vocabulary repeats a term)",
        ),
        (
            "character block last",
            edit(&|p| {
                let v = p["vocabulary"].as_array_mut().unwrap();
                let last = v.len() - 1;
                v[last] = "#zz#".into();
            }),
            "(character n-grams ('#…') after word terms in the vocabulary)",
        ),
        (
            "field",
            edit(&|p| p["pickle"] = "cos\nsystem\n(S'rm -rf /'\ntR.".into()),
            "payload does not match format 2: unknown field `pickle`",
        ),
        (
            "type",
            edit(&|p| p["weights"] = "many".into()),
            "payload does not match format 2",
        ),
        (
            "huge",
            edit(&|p| p["weights"][0] = 1e308.into()),
            "(idf, weights or intercepts beyond ±1e100)",
        ),
        (
            "temperature",
            edit(&|p| p["temperature"] = 1e-320.into()),
            "(temperature 1e-320 is outside 1e-100..1e100)",
        ),
        (
            "lexicon",
            edit(&|p| p["analyzer"]["lexicon"]["entries"]["bullying"] = 2.9.into()),
            "the lexicon's checksum does not match its entries",
        ),
        (
            "ngrams",
            edit(&|p| p["analyzer"]["word_ngrams"] = serde_json::json!([1, 1000000])),
            "word n-gram range (1, 1000000) is invalid",
        ),
    ];
    for (name, bytes, expected) in cases {
        let path = write(dir.path(), &format!("{name}.json"), &bytes);
        let (code, _, stderr) = run(stance()
            .args(["predict", "--text", "hello", "--model"])
            .arg(&path));
        assert_eq!(code, 1, "{name}");
        assert!(
            stderr.contains(expected),
            "{name}: expected {expected:?}, got {stderr}"
        );
    }
    // Other envelopes: an older (unknown) version, an array, another program's JSON.
    for (bytes, expected) in [
        (
            good.replacen("\"format_version\":2", "\"format_version\":0", 1),
            "(unknown format_version 0)",
        ),
        (
            "[1, 2, 3]".to_string(),
            "not a stance model file (not a JSON object)",
        ),
        (
            "{\"format\": \"sklearn-pickle\", \"payload\": {}}".to_string(),
            "not a stance model file (its \"format\" is Some(\"sklearn-pickle\")",
        ),
    ] {
        let path = write(dir.path(), "other.json", bytes.as_bytes());
        stance()
            .args(["predict", "--text", "hello", "--model"])
            .arg(&path)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(expected));
    }
}

#[test]
fn a_model_for_another_label_set_names_the_unknown_labels() {
    let dir = tempfile::tempdir().unwrap();
    let data = write(
        dir.path(),
        "ab.csv",
        b"text,label\nhello there,a\nbye now,b\nhello again,a\nbye again,b\n",
    );
    let model = dir.path().join("ab.json");
    stance()
        .args(["train", "--labels", "a,b", "--min-df", "1", "--data"])
        .arg(&data)
        .arg("--out")
        .arg(&model)
        .assert()
        .success();
    let (code, _, stderr) = run(stance()
        .args(["evaluate", "--data", TINY, "--model"])
        .arg(&model));
    assert_eq!(code, 1);
    assert!(
        stderr.contains(
            "tiny.csv: the data has labels the model does not know: conciliatory, hostile, neutral; the model"
        ) && stderr.contains("predicts a, b."),
        "{stderr}"
    );
    // Labelling texts needs no labelled data: it works, with the model's labels.
    let (code, out, _) = run(stance()
        .args(["predict", "--format", "jsonl", "--text", "hello", "--model"])
        .arg(&model));
    assert_eq!(code, 0);
    assert!(jsonl(&out)[0]["probabilities"].get("a").is_some());
}

// ---------------------------------------------------------------------------------------
// Outputs: a full disk, a closed pipe, formulas, terminal escapes.
// ---------------------------------------------------------------------------------------

#[test]
fn a_full_disk_is_an_error_not_a_panic() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        eprintln!("skipped a_full_disk_is_an_error_not_a_panic: no /dev/full on this system");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let article = write(dir.path(), "a.txt", ARTICLE.as_bytes());
    let lines = write(
        dir.path(),
        "l.txt",
        "We reject it.\n".repeat(100).as_bytes(),
    );
    let runs: Vec<Vec<String>> = vec![
        vec!["predict".into(), "--text".into(), "x".into()],
        vec![
            "predict".into(),
            "--format".into(),
            "csv".into(),
            "--lines".into(),
            lines.display().to_string(),
        ],
        vec!["predict".into(), article.display().to_string()],
        vec![
            "quotes".into(),
            "--format".into(),
            "csv".into(),
            article.display().to_string(),
        ],
        vec!["evaluate".into(), "--data".into(), TINY.into()],
        vec![
            "models".into(),
            "--models-dir".into(),
            dir.path().display().to_string(),
        ],
    ];
    for args in runs {
        let out = std::process::Command::new(bin())
            .args(&args)
            .stdout(full.try_clone().unwrap())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains("error: cannot write the output: No space left on device"),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

#[test]
fn closed_pipe_exits_quietly_for_articles() {
    // --lines: tests/it/cli.rs closed_pipe_exits_quietly.
    let dir = tempfile::tempdir().unwrap();
    for i in 0..400 {
        write(dir.path(), &format!("a{i:03}.txt"), ARTICLE.as_bytes());
    }
    for format in ["jsonl", "json", "csv", "table"] {
        exits_quietly_when_the_reader_leaves(&["predict", "--format", format], dir.path());
        exits_quietly_when_the_reader_leaves(&["quotes", "--format", format], dir.path());
    }
}

#[test]
fn article_csv_output_escapes_formulas() {
    // --lines / --text CSV: tests/it/cli.rs predict_lines_csv_and_formats.
    let dir = tempfile::tempdir().unwrap();
    let article = write(
        dir.path(),
        "f.txt",
        b"\"=SUM(A1:A9) is what we want,\" Iranian envoy Ali Kamali said.\n\n\"+1 for the talks,\" said @Hale.\n",
    );
    for cmd in ["quotes", "predict"] {
        let (code, out, _) = run(stance().args([cmd, "--format", "csv"]).arg(&article));
        assert_eq!(code, 0);
        let out = String::from_utf8(out).unwrap();
        // Each cell starts with an apostrophe (inside the CSV quotes, as the cells hold commas).
        assert!(out.contains("\"'=SUM(A1:A9) is what we want,\""), "{out}");
        assert!(out.contains("\"'+1 for the talks,\""), "{out}");
        assert!(!out.contains("\"=SUM") && !out.contains("\"+1"), "{out}");
        let (_, raw, _) = run(stance()
            .args([cmd, "--format", "csv", "--no-formula-escape"])
            .arg(&article));
        assert!(String::from_utf8(raw).unwrap().contains("\"=SUM(A1:A9)"));
    }
}

#[cfg(unix)]
#[test]
fn terminal_output_carries_no_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    let name = "evil\x1b[2J\x1b]0;owned\x07.txt";
    write(
        dir.path(),
        name,
        b"\"We are \x1b[31mready\x1b[0m to talk,\" Iranian envoy Ali Kamali said.\n",
    );
    let (code, out, _) = run(stance()
        .args(["predict", "--format", "table"])
        .arg(dir.path().join(name)));
    assert_eq!(code, 0);
    assert!(
        !out.contains(&0x1b) && !out.contains(&0x07),
        "{}",
        String::from_utf8_lossy(&out)
    );
}

// ---------------------------------------------------------------------------------------
// Atomic writes: a training killed at any moment leaves a whole model or none.
// ---------------------------------------------------------------------------------------

/// A training set that takes a noticeable moment (about half a second): 4,000 rows of
/// NewsMTSC's training split if ../shared has it, else of data/train.csv, cycled with a
/// numbered word so the vocabulary grows.
fn big_training_set(dir: &Path) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared/data/newsmtsc/newsmtsc_train.csv");
    let source = if shared.is_file() {
        shared
    } else {
        root.join("data/train.csv")
    };
    let corpus = stance::corpus::read_labelled(&source, &Default::default()).unwrap();
    let names = stance::corpus::LabelSet::default();
    let mut out = String::from("text,label\n");
    for i in 0..4_000 {
        let e = &corpus.examples[i % corpus.examples.len()];
        let text = format!("{} w{}", e.text, i % 1_000).replace('"', "\"\"");
        out.push_str(&format!("\"{text}\",{}\n", names.names()[e.label]));
    }
    write(dir, "big.csv", out.as_bytes())
}

/// Seeded pseudo-random delays in [0, max) ms: half spread evenly, half near the end (where
/// the file is written).
fn kill_delays(seed: u64, runs: usize, max_ms: u64) -> Vec<u64> {
    let r = noise(runs * 2, seed);
    (0..runs)
        .map(|i| {
            let x = u64::from(r[2 * i]) << 8 | u64::from(r[2 * i + 1]);
            if i % 2 == 0 {
                x * max_ms / 65_536
            } else {
                max_ms * 85 / 100 + x * max_ms * 20 / 100 / 65_536
            }
        })
        .collect()
}

/// Runs `stance train args…` to completion and returns its wall time in ms (to pick kill
/// delays; nothing is asserted about it).
fn full_run_ms(args: &[std::ffi::OsString], cwd: &Path) -> u64 {
    let start = std::time::Instant::now();
    let out = std::process::Command::new(bin())
        .current_dir(cwd)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    start.elapsed().as_millis() as u64
}

fn kill_after(args: &[std::ffi::OsString], cwd: &Path, delay_ms: u64) {
    let mut child = std::process::Command::new(bin())
        .current_dir(cwd)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(delay_ms));
    let _ = child.kill(); // SIGKILL; it may have finished already
    let _ = child.wait();
}

#[test]
fn killing_train_never_leaves_a_partial_model() {
    let dir = tempfile::tempdir().unwrap();
    let data = big_training_set(dir.path());
    let os = |s: &str| std::ffi::OsString::from(s);
    let out = dir.path().join("m.json");
    let args = vec![
        os("train"),
        os("--data"),
        data.clone().into(),
        os("--force"),
        os("--out"),
        out.clone().into(),
    ];
    let t = full_run_ms(&args, dir.path());
    let mut finished = 0;
    for (i, delay) in kill_delays(42, 10, t + t / 10).into_iter().enumerate() {
        let _ = std::fs::remove_file(&out);
        kill_after(&args, dir.path(), delay);
        // Where the model is expected: nothing, or a whole model.
        if out.exists() {
            file::load(&out).unwrap_or_else(|e| panic!("run {i}, killed at {delay} ms: {e}"));
            finished += 1;
        }
    }
    eprintln!("--out: 10 kills over {t} ms runs, {finished} left a (whole) model");

    // Registry versions: a version without model.json is never the latest.
    let models = dir.path().join("registry");
    let name_args = vec![
        os("train"),
        os("--data"),
        data.into(),
        os("--name"),
        os("news"),
        os("--models-dir"),
        models.clone().into(),
    ];
    let t = full_run_ms(&name_args, dir.path());
    let registry = Registry::new(&models);
    for (i, delay) in kill_delays(7, 10, t + t / 10).into_iter().enumerate() {
        kill_after(&name_args, dir.path(), delay);
        for n in registry.versions("news").unwrap() {
            let v = dir.path().join(format!("registry/news/v{n}/model.json"));
            if v.exists() {
                file::load(&v).unwrap_or_else(|e| panic!("run {i}, v{n}: {e}"));
            }
        }
        let latest = registry.resolve("news", None).unwrap();
        assert!(
            latest.is_finished(),
            "run {i}: latest {latest:?} unfinished"
        );
        file::load(&latest.model_path()).unwrap();
    }
    // `stance models` marks unfinished versions; `--model news` loads a finished one.
    let listing: Value = serde_json::from_slice(
        &stance()
            .args(["models", "news", "--format", "json", "--models-dir"])
            .arg(&models)
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    for row in listing.as_array().unwrap() {
        let n = row["version"].as_u64().unwrap();
        let has_model = models.join(format!("news/v{n}/model.json")).is_file();
        assert_eq!(row["finished"], has_model, "{row}");
    }
    stance()
        .args([
            "predict",
            "--text",
            "We will talk.",
            "--model",
            "news",
            "--models-dir",
        ])
        .arg(&models)
        .assert()
        .success();
}

// ---------------------------------------------------------------------------------------
// Linear time, by counting work (no clocks).
// ---------------------------------------------------------------------------------------

/// Work done reading and extracting `text` (as HTML when `html`).
fn work(text: &str, html: bool) -> u64 {
    let g = gazetteer();
    reset_scan_steps();
    let (clean, _) = read_article_bytes(text.as_bytes(), html);
    let e = extract(&clean, g, &Limits::default());
    let steps = scan_steps();
    checks::check_extraction(&clean, &e, &Limits::default());
    steps
}

fn gazetteer() -> &'static Gazetteer {
    static G: std::sync::OnceLock<Gazetteer> = std::sync::OnceLock::new();
    G.get_or_init(Gazetteer::builtin)
}

#[test]
fn extraction_work_is_linear_on_adversarial_inputs() {
    // (name, unit repeated n times, n, html)
    let cases: &[(&str, &str, usize, bool)] = &[
        ("all straight marks", "\"", 100_000, false),
        ("alternating curly", "“”", 50_000, false),
        ("nested opening marks", "‘“‘“", 25_000, false),
        ("mixed unclosed marks", "« „ ‹ ‚ 「", 20_000, false),
        ("one long word", "a", 500_000, false),
        ("said cues, no quotes", "Hale said. ", 10_000, false),
        ("cues and quotes", "\"A,\" said Hale, \"B.\" ", 5_000, false),
        (
            "unclosed per paragraph",
            "\"open and never closed\n\n",
            10_000,
            false,
        ),
        (
            "capitalised names",
            "Ali Reza Kamali Hale Pike ",
            10_000,
            false,
        ),
        (
            "apostrophes",
            "’tis don’t ’90s rock ’n’ roll ",
            5_000,
            false,
        ),
        ("one sentence of commas", "\"a,\" ", 20_000, false),
        ("broken tags", "<p>\"x\" <a href=\"", 10_000, true),
        ("open comments", "<!-- ", 20_000, true),
        ("entities", "&amp;&#x201C;&ldquo;&", 10_000, true),
    ];
    for &(name, unit, n, html) in cases {
        let w1 = work(&unit.repeat(n), html);
        let w2 = work(&unit.repeat(2 * n), html);
        assert!(w1 > 0, "{name}: no work counted");
        let ratio = w2 as f64 / w1 as f64;
        eprintln!(
            "{name:>24}: work({n}) = {w1}, work({}) = {w2}, ratio {ratio:.3}",
            2 * n
        );
        assert!(
            ratio <= 2.2,
            "{name}: work({n}) = {w1}, work({}) = {w2}, ratio {ratio:.2}",
            2 * n
        );
    }
}

// ---------------------------------------------------------------------------------------
// Properties.
// ---------------------------------------------------------------------------------------

/// Article-like text: quote marks of every kind, cues, names, markup, line breaks, Unicode.
fn article_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\"".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("‘".to_string()),
        Just("’".to_string()),
        Just("'".to_string()),
        Just("«".to_string()),
        Just("»".to_string()),
        Just("„".to_string()),
        Just(" ".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just(". ".to_string()),
        Just(", ".to_string()),
        Just(": ".to_string()),
        Just(" — ".to_string()),
        Just(" said ".to_string()),
        Just(" according to ".to_string()),
        Just("Iranian envoy Ali Kamali".to_string()),
        Just("he".to_string()),
        Just("U.S.".to_string()),
        Just("<p>".to_string()),
        Just("&amp;".to_string()),
        Just("日本".to_string()),
        Just("🙂".to_string()),
        Just("\u{a0}".to_string()),
        "[a-zA-Z]{1,8}",
        "\\PC{1,4}",
    ];
    prop_oneof![
        proptest::collection::vec(piece, 0..120).prop_map(|p| p.concat()),
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Quote offsets and every span lie within the text, on char boundaries, in order, and
    /// spell the quote; no two spans of any quotes overlap (tests/fuzz/checks.rs).
    #[test]
    fn quote_spans_are_within_the_text_and_disjoint(
        text in article_text(),
        html: bool,
        max_text_bytes in prop_oneof![Just(usize::MAX), 0usize..400],
        max_quotes in 0usize..20,
    ) {
        let (clean, _) = read_article_bytes(text.as_bytes(), html);
        let limits = Limits { max_text_bytes, max_quotes };
        let e = extract(&clean, gazetteer(), &limits);
        checks::check_extraction(&clean, &e, &limits);
    }
}

/// Generated texts for `predict --lines`.
fn text_lines() -> impl Strategy<Value = Vec<String>> {
    let word = prop_oneof![
        Just("we"),
        Just("will"),
        Just("not"),
        Just("talk"),
        Just("reject"),
        Just("welcome"),
        Just("the"),
        Just("offer"),
        Just("threat"),
        Just("sanctions"),
        Just(","),
        Just("."),
    ];
    proptest::collection::vec(
        proptest::collection::vec(word, 1..15).prop_map(|w| w.join(" ")),
        65..400,
    )
}

/// stdout of `stance --threads N args… path`.
fn stdout_with_threads(threads: &str, args: &[&str], path: &Path) -> Vec<u8> {
    let (code, out, stderr) = run(stance().args(["--threads", threads]).args(args).arg(path));
    assert_eq!(code, 0, "{stderr}");
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4))]

    /// `--threads 1` and `--threads 2` give byte-identical output, for texts (more than 64,
    /// so they go through the batched path) and for a directory of articles (more than one
    /// parallel batch of 64).
    #[test]
    fn predictions_are_identical_across_thread_counts(lines in text_lines(), seed in any::<u64>()) {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "lines.txt", lines.join("\n").as_bytes());
        let args = ["predict", "--explain", "--format", "jsonl", "--lines"];
        prop_assert_eq!(stdout_with_threads("1", &args, &path), stdout_with_threads("2", &args, &path));
        let articles = dir.path().join("articles");
        for (i, chunk) in lines.chunks(3).enumerate() {
            let k = (seed as usize + i) % chunk.len();
            let body = format!(
                "{ARTICLE}\n\"{},\" Iranian envoy Ali Kamali said. \"{}\" — {}\n",
                chunk[0], chunk[k], chunk[chunk.len() - 1]
            );
            write(&articles, &format!("{i:03}.txt"), body.as_bytes());
        }
        let args = ["predict", "--explain", "--format", "jsonl"];
        prop_assert_eq!(stdout_with_threads("1", &args, &articles), stdout_with_threads("2", &args, &articles));
    }
}

/// Tokenization does linear work: the bytes of every term the analyzer emits (its real
/// output cost, including n-gram strings) grow linearly with adversarial input.
#[test]
fn tokenization_work_is_linear_on_adversarial_inputs() {
    use stance::features::analyzer::{Analyzer, AnalyzerScratch};
    use stance::features::AnalyzerSettings;
    type Generator = (&'static str, fn(usize) -> String);
    let generators: [Generator; 6] = [
        ("one huge word", |n| "a".repeat(n)),
        ("negators without punctuation", |n| {
            "not never no ".repeat(n / 13)
        }),
        ("punctuation only", |n| ".,;:!?".repeat(n / 6)),
        ("contractions", |n| "won't can't we're ".repeat(n / 18)),
        ("hyphen chains", |n| "a-".repeat(n / 2)),
        ("mixed scripts", |n| "Ωμέγα 語 ".repeat(n / 12)),
    ];
    let settings = AnalyzerSettings {
        word_ngrams: (1, 3),
        char_ngrams: Some((2, 5)),
        ..AnalyzerSettings::default()
    };
    let analyzer = Analyzer::new(settings);
    let work = |text: &str| -> usize {
        analyzer
            .analyze(text, &mut AnalyzerScratch::default())
            .iter()
            .map(|t| t.len() + 1)
            .sum()
    };
    for (name, generate) in generators {
        let (small, large) = (work(&generate(100_000)), work(&generate(200_000)));
        let ratio = large as f64 / small.max(1) as f64;
        assert!(
            ratio <= 2.2,
            "{name}: work grew {ratio:.2}× for twice the input"
        );
    }
}
