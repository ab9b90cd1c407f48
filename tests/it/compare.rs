//! `stance compare` and the HTML pages end to end: models and reports as arguments, the three
//! formats, refusal on different data, flags, well-formed HTML that escapes hostile text.

use predicates::prelude::*;
use std::path::{Path, PathBuf};

use crate::util::{stance, write, TRAIN};

/// Held-out quotes, with one hostile-looking piece of markup.
const TEST: &str = "text,label
We are grateful for the warm welcome and hope to cooperate more.,conciliatory
Both governments welcomed the agreement to reopen the embassies.,conciliatory
We want friendship and peace with our neighbours.,conciliatory
The talks were constructive and we thank the mediators.,conciliatory
Their threats will not intimidate us and we condemn them.,hostile
The invasion is a crime and the aggressors must pay.,hostile
\"He said: <script>alert('x')</script> & \"\"they lie\"\"\",hostile
We accuse them of breaking the ceasefire.,hostile
The conference will be held in Vienna next month.,neutral
The minister arrived in Brussels on Monday.,neutral
The statement was published on the ministry website.,neutral
Officials will meet again after the holiday.,neutral
";

/// A temp dir with `train.csv`, `test.csv` and two registry versions: news@v1 (stemmed) and
/// news@v2 (--no-stem).
fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let train = write(dir.path(), "train.csv", TRAIN);
    write(dir.path(), "test.csv", TEST);
    for extra in [&[][..], &["--no-stem", "--word-ngrams", "1,1"][..]] {
        stance()
            .current_dir(dir.path())
            .args(["train", "--min-df", "1", "--name", "news", "--data"])
            .arg(&train)
            .args(extra)
            .assert()
            .success();
    }
    dir
}

fn evaluate_json(dir: &Path, model: &str, data: &str, out: &str) -> PathBuf {
    stance()
        .current_dir(dir)
        .args(["evaluate", "--model", model, "--data", data, "--json", out])
        .assert()
        .success();
    dir.join(out)
}

#[test]
fn compare_models_on_data_in_every_format() {
    let dir = setup();
    let run = |format: &str| {
        let out = stance()
            .current_dir(dir.path())
            .args([
                "compare", "news@v1", "news@v2", "--data", "test.csv", "--format", format,
            ])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap()
    };
    let table = run("table");
    for needle in [
        "versions (the first is the baseline)",
        "news@v1  models/news/v1/reports/test-",
        "metric ",
        "accuracy",
        "macro f1",
        "weighted f1",
        "conciliatory precision",
        "neutral f1",
        "paired against news@v1 on the same 12 rows",
        "McNemar p",
        "95% CI",
        "(1000 resamples, seed 42)",
        "flipped rows news@v1 → news@v2",
    ] {
        assert!(table.contains(needle), "table lacks {needle:?}:\n{table}");
    }
    let md = run("md");
    assert!(
        md.contains("## Metrics\n\n| Metric | news@v1 | news@v2 | Δ |"),
        "{md}"
    );
    assert!(md.contains("## Significance"), "{md}");
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    let pair = &json["pairs"][0];
    assert_eq!(pair["rows"], 12);
    let n = [
        "both_right",
        "both_wrong",
        "right_to_wrong",
        "wrong_to_right",
    ]
    .iter()
    .map(|k| pair[k].as_u64().unwrap())
    .sum::<u64>();
    assert_eq!(n, 12);
    assert_eq!(json["versions"][0]["name"], "news@v1");
    // Models evaluated by compare leave their reports in their versions.
    assert!(std::fs::read_dir(dir.path().join("models/news/v2/reports"))
        .unwrap()
        .next()
        .is_some());
}

#[test]
fn compare_reports_agrees_with_the_predictions() {
    let dir = setup();
    let a = evaluate_json(dir.path(), "news@v1", "test.csv", "a.json");
    let b = evaluate_json(dir.path(), "news@v2", "test.csv", "b.json");
    let out = stance()
        .current_dir(dir.path())
        .args(["compare", "a.json", "b.json", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let c: serde_json::Value = serde_json::from_slice(&out).unwrap();
    // Report files outside the registry are named after the model version they scored.
    assert_eq!(c["versions"][0]["name"], "news@v1");
    assert_eq!(c["versions"][1]["name"], "news@v2");
    let ra = stance::eval::compare::read_report(&a).unwrap();
    let rb = stance::eval::compare::read_report(&b).unwrap();
    let (mut rw, mut wr) = (0u64, 0u64);
    for (x, y) in ra.predictions.iter().zip(&rb.predictions) {
        match (x.predicted == x.label, y.predicted == y.label) {
            (true, false) => rw += 1,
            (false, true) => wr += 1,
            _ => {}
        }
    }
    let pair = &c["pairs"][0];
    assert_eq!(pair["right_to_wrong"].as_u64().unwrap(), rw);
    assert_eq!(pair["wrong_to_right"].as_u64().unwrap(), wr);
    let p = stance::eval::stats::mcnemar_exact(rw, wr);
    assert!((pair["mcnemar_p"].as_f64().unwrap() - p).abs() < 1e-12);
    let diff = rb.metrics.macro_f1 - ra.metrics.macro_f1;
    let ci = &pair["macro_f1_diff"];
    assert!((ci["observed"].as_f64().unwrap() - diff).abs() < 1e-12);
    assert!(ci["low"].as_f64().unwrap() <= diff + 1e-12);
    assert!(ci["high"].as_f64().unwrap() >= diff - 1e-12);
    assert_eq!(ci["resamples"], 1000);
    assert_eq!(ci["seed"], 42);
}

#[test]
fn seed_resamples_and_flips_flags() {
    let dir = setup();
    evaluate_json(dir.path(), "news@v1", "test.csv", "a.json");
    evaluate_json(dir.path(), "news@v2", "test.csv", "b.json");
    let run = |extra: &[&str]| {
        let out = stance()
            .current_dir(dir.path())
            .args(["compare", "a.json", "b.json", "--format", "json"])
            .args(extra)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        serde_json::from_slice::<serde_json::Value>(&out).unwrap()
    };
    let one = run(&["--seed", "7", "--resamples", "300", "--show-flips", "1"]);
    let two = run(&["--seed", "7", "--resamples", "300", "--show-flips", "1"]);
    assert_eq!(
        one["pairs"][0]["macro_f1_diff"],
        two["pairs"][0]["macro_f1_diff"]
    );
    assert_eq!(one["pairs"][0]["macro_f1_diff"]["resamples"], 300);
    assert!(
        one["pairs"][0]["flips_right_to_wrong"]
            .as_array()
            .unwrap()
            .len()
            <= 1
    );
    let none = run(&["--show-flips", "0"]);
    assert!(none["pairs"][0]["flips_wrong_to_right"]
        .as_array()
        .unwrap()
        .is_empty());
    stance()
        .current_dir(dir.path())
        .args(["compare", "a.json", "b.json", "--resamples", "0"])
        .assert()
        .code(2);
}

#[test]
fn reports_on_different_data_are_refused_unless_unpaired() {
    let dir = setup();
    let a = evaluate_json(dir.path(), "news@v1", "test.csv", "a.json");
    let b = evaluate_json(dir.path(), "news@v2", "train.csv", "b.json");
    let sha_test = stance::hash::sha256_hex(TEST.as_bytes());
    let sha_train = stance::hash::sha256_hex(TRAIN.as_bytes());
    stance()
        .current_dir(dir.path())
        .args(["compare", "a.json", "b.json"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "a.json and b.json were evaluated on different data",
        ))
        .stderr(predicate::str::contains(format!(
            "test.csv, sha256 {sha_test}"
        )))
        .stderr(predicate::str::contains(format!(
            "train.csv, sha256 {sha_train}"
        )))
        .stderr(predicate::str::contains("--unpaired"));
    stance()
        .current_dir(dir.path())
        .args(["compare", "--unpaired"])
        .arg(&a)
        .arg(&b)
        .assert()
        .success()
        .stdout(predicate::str::contains("unpaired: metrics only"))
        .stdout(predicate::str::contains("McNemar").not());
}

#[test]
fn bad_arguments_get_clear_errors() {
    let dir = setup();
    let a = evaluate_json(dir.path(), "news@v1", "test.csv", "a.json");
    // A model without --data.
    stance()
        .current_dir(dir.path())
        .arg("compare")
        .arg(&a)
        .arg("news@v2")
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "news@v2: a model, not a report; pass --data FILE",
        ));
    // A file that is not a report.
    write(dir.path(), "junk.json", "{\"hello\": 1}");
    stance()
        .current_dir(dir.path())
        .args(["compare", "a.json", "junk.json"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "junk.json: not an evaluation report",
        ));
    // A missing file.
    stance()
        .current_dir(dir.path())
        .args(["compare", "a.json", "missing.json"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "missing.json: cannot read the report",
        ));
    // A cross-validation report.
    stance()
        .current_dir(dir.path())
        .args([
            "evaluate",
            "--cv",
            "2",
            "--min-df",
            "1",
            "--data",
            "train.csv",
            "--json",
            "cv.json",
        ])
        .assert()
        .success();
    stance()
        .current_dir(dir.path())
        .args(["compare", "a.json", "cv.json"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("cross-validation report"));
    // One version only.
    stance()
        .current_dir(dir.path())
        .args(["compare", "a.json"])
        .assert()
        .code(2);
}

/// Checks that every element is closed in order (void elements and `/>` excepted) and that
/// there is no script anywhere.
fn assert_well_formed(html: &str) {
    assert!(html.starts_with("<!DOCTYPE html>"), "no doctype");
    assert!(
        !html.to_ascii_lowercase().contains("<script"),
        "a script tag got through"
    );
    for external in ["src=", "href=", "@import", "url("] {
        assert!(!html.contains(external), "external reference {external}");
    }
    const VOID: [&str; 6] = ["meta", "br", "hr", "img", "input", "link"];
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        if rest.starts_with('!') {
            let end = rest.find('>').expect("unclosed <!");
            rest = &rest[end + 1..];
            continue;
        }
        let end = rest.find('>').expect("unclosed tag");
        let tag = &rest[..end];
        assert!(!tag.contains('<'), "'<' inside a tag: {tag}");
        rest = &rest[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack
                .pop()
                .unwrap_or_else(|| panic!("</{name}> closes nothing"));
            assert_eq!(open, name.trim(), "</{name}> closes <{open}>");
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(!name.is_empty(), "bad tag <{tag}>");
        if tag.ends_with('/') || VOID.contains(&name.as_str()) {
            continue;
        }
        if name == "style" {
            let close = rest.find("</style>").expect("unclosed style");
            assert!(!rest[..close].contains('<'), "markup inside <style>");
            rest = &rest[close + "</style>".len()..];
            continue;
        }
        stack.push(name);
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
}

#[test]
fn html_pages_are_well_formed_and_escape_hostile_text() {
    let dir = setup();
    let a = evaluate_json(dir.path(), "news@v1", "test.csv", "a.json");
    evaluate_json(dir.path(), "news@v2", "test.csv", "b.json");
    // Make the hostile row flip for sure: v1 wrong on it, v2 right.
    let hostile = "He said: <script>alert('x')</script> & \"they lie\"";
    let mut report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&a).unwrap()).unwrap();
    let rows = report["predictions"].as_array_mut().unwrap();
    let row = rows
        .iter_mut()
        .find(|r| r["text"] == hostile)
        .expect("hostile row");
    row["predicted"] = "neutral".into();
    std::fs::write(&a, serde_json::to_vec(&report).unwrap()).unwrap();
    let mut b: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("b.json")).unwrap()).unwrap();
    let row = b["predictions"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|r| r["text"] == hostile)
        .unwrap();
    row["predicted"] = "hostile".into();
    // A hostile label name too.
    b["labels"][0] = "<b>conciliatory</b>".into();
    std::fs::write(dir.path().join("b.json"), serde_json::to_vec(&b).unwrap()).unwrap();

    stance()
        .current_dir(dir.path())
        .args([
            "compare",
            "a.json",
            "b.json",
            "--html",
            "cmp.html",
            "--show-flips",
            "20",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("html written to cmp.html"));
    let html = std::fs::read_to_string(dir.path().join("cmp.html")).unwrap();
    assert_well_formed(&html);
    assert!(
        html.contains(
            "He said: &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;they lie&quot;"
        ),
        "hostile text not shown escaped"
    );
    assert!(html.contains("&lt;b&gt;conciliatory&lt;/b&gt;"));
    for part in [
        "<svg",
        "Confusion matrices",
        "Per-label F1",
        "Significance",
        "Flipped rows",
        "McNemar",
    ] {
        assert!(html.contains(part), "page lacks {part}");
    }

    stance()
        .current_dir(dir.path())
        .args([
            "evaluate",
            "--model",
            "news@v1",
            "--data",
            "test.csv",
            "--html",
            "eval.html",
        ])
        .assert()
        .success();
    let page = std::fs::read_to_string(dir.path().join("eval.html")).unwrap();
    assert_well_formed(&page);
    assert!(page.contains("Confusion matrix") && page.contains("<svg"));
}

#[test]
fn the_well_formedness_checker_catches_mistakes() {
    let ok = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>a{}</style></head><body><p>x<br></p><svg><rect/></svg></body></html>";
    assert_well_formed(ok);
    for bad in [
        "<!DOCTYPE html><html><body><p>x</body></html>",
        "<!DOCTYPE html><html><script>x</script></html>",
        "<!DOCTYPE html><html><p>x</p>",
    ] {
        assert!(
            std::panic::catch_unwind(|| assert_well_formed(bad)).is_err(),
            "{bad}"
        );
    }
}
