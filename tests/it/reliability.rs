//! Reliability, round 2 (issue 13): output files never clobber what is not theirs, labels and
//! weights have limits, every input read is bounded, streams on the command line are read,
//! nothing raw reaches the terminal. Each test names the README bad-input row it backs.

use crate::checks;
use crate::util::{run, stance, trained, write, TINY};
use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn mkfifo(path: &Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap()
        .success();
    assert!(ok, "mkfifo {}", path.display());
}

fn is_char_device(p: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::symlink_metadata(p)
        .unwrap()
        .file_type()
        .is_char_device()
}

// ---------------------------------------------------------------------------------------
// 1. Output files
// ---------------------------------------------------------------------------------------

/// `train --out /dev/null --force` once replaced /dev/null with a regular file (as root).
#[test]
fn a_model_is_never_written_over_a_device_fifo_or_directory() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) =
        run(stance().args(["train", "--data", TINY, "--out", "/dev/null", "--force"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("/dev/null: is a character device, not a regular file"),
        "{stderr}"
    );
    assert!(is_char_device(Path::new("/dev/null")));
    let fifo = dir.path().join("fifo");
    mkfifo(&fifo);
    let (code, _, stderr) = run(stance()
        .args(["train", "--data", TINY, "--force", "--out"])
        .arg(&fifo));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("is a FIFO, not a regular file"), "{stderr}");
    let (code, _, stderr) = run(stance()
        .args(["train", "--data", TINY, "--force", "--out"])
        .arg(dir.path()));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("is a directory"), "{stderr}");
}

/// A symbolic link at `--out` is refused: the file it points to is never replaced.
#[test]
fn a_symlink_at_the_output_path_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let victim = write(dir.path(), "victim.txt", b"precious");
    let link = dir.path().join("m.json");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    let (code, _, stderr) = run(stance()
        .args(["train", "--data", TINY, "--force", "--out"])
        .arg(&link));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("is a symbolic link (to "), "{stderr}");
    assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
    let model = trained(dir.path(), "real.json", &[]);
    let (code, _, stderr) = run(stance()
        .args(["evaluate", "--data", TINY, "--model"])
        .arg(&model)
        .arg("--json")
        .arg(&link));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("symbolic link"), "{stderr}");
    assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
}

/// The old temporary name (`.NAME.PID.tmp`) was predictable and opened through links: a
/// link planted there made the write land on another file.
#[test]
fn a_link_planted_at_a_temporary_name_never_redirects_a_write() {
    let dir = tempfile::tempdir().unwrap();
    let victim = write(dir.path(), "victim.txt", b"precious");
    let target = dir.path().join("out.json");
    let planted = dir
        .path()
        .join(format!(".out.json.{}.tmp", std::process::id()));
    std::os::unix::fs::symlink(&victim, &planted).unwrap();
    stance::outfile::write(&target, b"{}\n", stance::outfile::Kind::Model, false).unwrap();
    assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
    assert_eq!(std::fs::read(&target).unwrap(), b"{}\n");
}

/// Reports go through a FIFO or a character device as they are; /dev/null stays a device.
#[test]
fn reports_are_written_through_fifos_and_devices() {
    let dir = tempfile::tempdir().unwrap();
    let model = trained(dir.path(), "m.json", &[]);
    let (code, _, stderr) = run(stance()
        .args([
            "evaluate",
            "--data",
            TINY,
            "--json",
            "/dev/null",
            "--html",
            "/dev/null",
        ])
        .arg("--model")
        .arg(&model));
    assert_eq!(code, 0, "{stderr}");
    assert!(is_char_device(Path::new("/dev/null")));
    let fifo = dir.path().join("report.fifo");
    mkfifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    };
    let (code, _, stderr) = run(stance()
        .args(["evaluate", "--data", TINY, "--model"])
        .arg(&model)
        .arg("--json")
        .arg(&fifo));
    assert_eq!(code, 0, "{stderr}");
    let got = reader.join().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&got).expect("the report came through");
    assert!(v.get("macro_f1").is_some(), "{v}");
    // `--json /dev/stdout` writes to the process's own output.
    let out = stance()
        .args([
            "evaluate",
            "--data",
            TINY,
            "--json",
            "/dev/stdout",
            "--model",
        ])
        .arg(&model)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"macro_f1\""));
}

/// A report to a folder that does not exist: the message says "report" (not "model file")
/// and gives the OS error once.
#[test]
fn a_report_to_a_bad_path_names_the_report_once() {
    let dir = tempfile::tempdir().unwrap();
    let model = trained(dir.path(), "m.json", &[]);
    let (code, _, stderr) = run(stance()
        .args(["evaluate", "--data", TINY, "--model"])
        .arg(&model)
        .arg("--html")
        .arg(dir.path().join("no/such/dir/r.html")));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("cannot write the report: "), "{stderr}");
    assert!(!stderr.contains("model file"), "{stderr}");
    assert_eq!(
        stderr.matches("No such file or directory").count(),
        1,
        "{stderr}"
    );
}

// ---------------------------------------------------------------------------------------
// 3. Class weights
// ---------------------------------------------------------------------------------------

/// `--class-weight 1e308,1,1` once hung in the line search (even with `--max-iter 1`).
#[test]
fn extreme_class_weights_get_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    for weights in ["1e308,1,1", "1,1,1e-300", "1e7,1,1"] {
        let (code, _, stderr) = run(stance()
            .args([
                "train",
                "--data",
                TINY,
                "--max-iter",
                "1",
                "--class-weight",
                weights,
            ])
            .arg("--out")
            .arg(dir.path().join("m.json")));
        assert_eq!(code, 1, "{weights}: {stderr}");
        assert!(
            stderr.contains("each a number from 1e-6 to 1e6"),
            "{weights}: {stderr}"
        );
    }
    let (code, _, stderr) = run(stance()
        .args(["train", "--data", TINY, "--class-weight", "1e6,1,1e-6"])
        .arg("--out")
        .arg(dir.path().join("m.json")));
    assert_eq!(code, 0, "{stderr}");
}

// ---------------------------------------------------------------------------------------
// 2. Labels
// ---------------------------------------------------------------------------------------

/// A model file (checksum recomputed) whose payload `edit` changed.
fn edited_model(dir: &Path, edit: &dyn Fn(&mut serde_json::Value)) -> PathBuf {
    let good_path = dir.join("good.json");
    if !good_path.exists() {
        trained(dir, "good.json", &[]);
    }
    let good = std::fs::read_to_string(good_path).unwrap();
    let start = good.find("\"payload\":").unwrap() + "\"payload\":".len();
    let payload = good[start..].trim_end().strip_suffix('}').unwrap();
    let mut v: serde_json::Value = serde_json::from_str(payload).unwrap();
    edit(&mut v);
    let bytes = checks::wrap_payload(serde_json::to_string(&v).unwrap().as_bytes());
    write(dir, "edited.json", &bytes)
}

/// A 70,000-character label panicked three table renderers; a model with 30,000 labels made
/// `evaluate` allocate labels × labels.
#[test]
fn labels_follow_the_rules_at_train_and_model_load() {
    let dir = tempfile::tempdir().unwrap();
    let long = "x".repeat(70_000);
    let csv = format!("text,label\nWe welcome the talks.,{long}\nWe welcome talks again.,{long}\nThey must withdraw now.,b\nThey must withdraw today.,b\n");
    let data = write(dir.path(), "long.csv", csv.as_bytes());
    let (code, _, stderr) = run(stance()
        .args([
            "train",
            "--min-df",
            "1",
            "--labels",
            &format!("{long},b"),
            "--data",
        ])
        .arg(&data)
        .arg("--out")
        .arg(dir.path().join("m.json")));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("is 70000 characters long"), "{stderr}");
    assert!(
        stderr.len() < 1000,
        "the message stays short: {} bytes",
        stderr.len()
    );
    let (code, _, stderr) = run(stance()
        .args(["train", "--labels", "a\u{1b}[2J,b", "--data"])
        .arg(&data)
        .arg("--out")
        .arg(dir.path().join("m.json")));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("contains a control character"), "{stderr}");
    assert!(!stderr.contains('\u{1b}'), "{stderr}");
    for (edit, expect) in [
        (
            Box::new(|p: &mut serde_json::Value| p["labels"][0] = long.clone().into())
                as Box<dyn Fn(&mut serde_json::Value)>,
            "is 70000 characters long",
        ),
        (
            Box::new(|p: &mut serde_json::Value| p["labels"][1] = "a,b".into()),
            "contains a comma or a quote",
        ),
        (
            Box::new(|p: &mut serde_json::Value| {
                let k = 30_000;
                let d = p["vocabulary"].as_array().unwrap().len();
                p["labels"] = (0..k).map(|i| format!("l{i}")).collect();
                p["weights"] = vec![0.0; d * k].into();
                p["intercepts"] = vec![0.0; k].into();
            }),
            "30000 labels; a label is 1 to 64 characters",
        ),
    ] {
        let model = edited_model(dir.path(), &edit);
        let (code, _, stderr) = run(stance()
            .args(["evaluate", "--data", TINY, "--model"])
            .arg(&model));
        assert_eq!(code, 1, "{stderr}");
        assert!(stderr.contains(expect), "{expect}: {stderr}");
    }
}

/// A 13 KB report with 1,000 labels made `compare --html` write 534 MB.
#[test]
fn reports_with_too_many_or_bad_labels_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let model = trained(dir.path(), "m.json", &[]);
    let report = dir.path().join("r.json");
    stance()
        .args(["evaluate", "--data", TINY, "--model"])
        .arg(&model)
        .arg("--json")
        .arg(&report)
        .assert()
        .success();
    let good: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    let mut many = good.clone();
    many["labels"] = (0..1000).map(|i| format!("l{i}")).collect();
    let mut control = good.clone();
    control["predictions"][0]["predicted"] = "\u{1b}]0;owned\u{7}".into();
    for (name, v, expect) in [
        ("many.json", many, "more than 100 labels"),
        ("control.json", control, "contains a control character"),
    ] {
        let bad = write(dir.path(), name, serde_json::to_vec(&v).unwrap());
        let html = dir.path().join("c.html");
        let (code, _, stderr) = run(stance()
            .args(["compare", "--unpaired", "--html"])
            .arg(&html)
            .arg(&report)
            .arg(&bad));
        assert_eq!(code, 1, "{name}: {stderr}");
        assert!(stderr.contains(expect), "{name}: {stderr}");
        assert!(!stderr.contains('\u{1b}'), "{stderr}");
        assert!(!html.exists());
    }
}

// ---------------------------------------------------------------------------------------
// 9. `stance models`
// ---------------------------------------------------------------------------------------

/// A version killed after version.json but before model.json was listed like a finished one.
#[test]
fn models_marks_a_version_without_model_json_unfinished() {
    let dir = tempfile::tempdir().unwrap();
    stance()
        .current_dir(dir.path())
        .args(["train", "--name", "news", "--data", TINY])
        .assert()
        .success();
    let v1 = dir.path().join("models/news/v1");
    assert!(v1.join("version.json").is_file());
    std::fs::remove_file(v1.join("model.json")).unwrap();
    let (code, out, stderr) = run(stance().current_dir(dir.path()).args(["models"]));
    assert_eq!(code, 0, "{stderr}");
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("unfinished (no model.json)"), "{out}");
}

// ---------------------------------------------------------------------------------------
// 4. Bounded reads
// ---------------------------------------------------------------------------------------

/// `--model /dev/zero` took 24 GB; every input file is now read up to a cap named in the
/// message with the setting that raises it. The caps are lowered here to hit them cheaply.
#[test]
fn every_input_file_is_read_up_to_a_named_cap() {
    let dir = tempfile::tempdir().unwrap();
    let model = trained(dir.path(), "m.json", &[]);
    let report = dir.path().join("r.json");
    stance()
        .args(["evaluate", "--data", TINY, "--json"])
        .arg(&report)
        .arg("--model")
        .arg(&model)
        .assert()
        .success();
    let config = write(dir.path(), "c.toml", b"alpha = 0.5\n");
    let parties = write(dir.path(), "p.toml", b"# nothing yet, but long enough\n");
    let article = write(dir.path(), "a.txt", b"\"We are ready,\" the envoy said.\n");
    let cases: Vec<(&str, Command)> = vec![
        ("STANCE_MAX_MODEL_BYTES", {
            let mut c = stance();
            c.args(["predict", "--text", "hi", "--model"]).arg(&model);
            c
        }),
        ("STANCE_MAX_DATA_BYTES", {
            let mut c = stance();
            c.args(["evaluate", "--data", TINY, "--model"]).arg(&model);
            c
        }),
        ("STANCE_MAX_CONFIG_BYTES", {
            let mut c = stance();
            c.args(["train", "--data", TINY, "--config"])
                .arg(&config)
                .arg("--out")
                .arg(dir.path().join("c.json"));
            c
        }),
        ("STANCE_MAX_PARTIES_BYTES", {
            let mut c = stance();
            c.args(["predict", "--parties"]).arg(&parties).arg(&article);
            c
        }),
        ("STANCE_MAX_REPORT_BYTES", {
            let mut c = stance();
            c.args(["compare", "--unpaired"]).arg(&report).arg(&report);
            c
        }),
    ];
    for (env, mut cmd) in cases {
        let (code, _, stderr) = run(cmd.env(env, "10"));
        assert_eq!(code, 1, "{env}: {stderr}");
        assert!(stderr.contains("larger than 10 bytes"), "{env}: {stderr}");
        assert_eq!(stderr.matches(env).count(), 1, "{env}: {stderr}");
    }
}

/// `predict --csv` had no cap: one 800 MB field took 3.4 GB and `/dev/zero` aborted.
#[test]
fn a_csv_row_longer_than_max_bytes_is_an_error_naming_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = b"text\nWe are ready to talk.\n\"".to_vec();
    csv.extend(std::iter::repeat_n(b'a', 300_000));
    csv.extend_from_slice(b"\"\nThey must leave.\n");
    let path = write(dir.path(), "p.csv", &csv);
    let (code, _, stderr) = run(stance()
        .args(["predict", "--max-bytes", "100000", "--csv"])
        .arg(&path));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(
            "p.csv:3: a row longer than 100000 bytes; split the text or raise --max-bytes"
        ),
        "{stderr}"
    );
    let (code, _, stderr) =
        run(stance().args(["predict", "--max-bytes", "100000", "--csv", "/dev/zero"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("a row longer than 100000 bytes"),
        "{stderr}"
    );
    // Under the cap, the same file is labelled.
    let (code, out, stderr) = run(stance().args(["predict", "--csv"]).arg(&path));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(String::from_utf8_lossy(&out).lines().count(), 3);
}

// ---------------------------------------------------------------------------------------
// 6. Streams named on the command line
// ---------------------------------------------------------------------------------------

const ARTICLE: &str =
    "\"Our door is open, and we are ready to meet them,\" Iranian envoy Ali Kamali said.\n";

/// `stance predict <(cat a.txt)`, `/dev/stdin` or a FIFO were skipped without a word, exit 0.
#[test]
fn named_streams_are_read_and_fifos_in_a_directory_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let out = stance()
        .args(["predict", "--format", "jsonl", "/dev/stdin"])
        .write_stdin(ARTICLE)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("\"article\":\"/dev/stdin\""), "{text}");
    assert!(text.contains("Our door is open"), "{text}");
    let fifo = dir.path().join("a.txt");
    mkfifo(&fifo);
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(fifo, ARTICLE).unwrap())
    };
    let (code, out, stderr) = run(stance().args(["predict", "--format", "jsonl"]).arg(&fifo));
    writer.join().unwrap();
    assert_eq!(code, 0, "{stderr}");
    assert!(String::from_utf8_lossy(&out).contains("Our door is open"));
    // In a directory, a FIFO is left out with a warning (reading it could wait for ever).
    write(dir.path(), "b.txt", ARTICLE.as_bytes());
    let (code, out, stderr) = run(stance()
        .args(["predict", "--format", "jsonl"])
        .arg(dir.path()));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("a.txt: not a regular file (a FIFO); skipped"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&out).contains("b.txt"));
}

// ---------------------------------------------------------------------------------------
// 7. Nothing raw reaches the terminal
// ---------------------------------------------------------------------------------------

fn assert_clean(what: &str, bytes: &[u8]) {
    let s = String::from_utf8_lossy(bytes);
    assert!(
        !s.chars().any(|c| (c.is_control() && c != '\n')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')),
        "{what}: {s:?}"
    );
}

/// Control characters and bidi overrides in file names, the --data name and quotes reached
/// the terminal raw in train/evaluate summaries, compare tables, predict tables and errors.
#[test]
fn names_quotes_and_errors_are_escaped_on_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let evil = "evil\u{1b}]0;owned\u{7}\u{202E}txt.csv";
    let data = write(dir.path(), evil, std::fs::read(TINY).unwrap());
    let model = dir.path().join("m\u{1b}[2J.json");
    let (code, out, stderr) = run(stance()
        .args(["train", "--data"])
        .arg(&data)
        .arg("--out")
        .arg(&model));
    assert_eq!(code, 0, "{stderr}");
    assert_clean("train", &out);
    let r1 = dir.path().join("r\u{1b}[31m1.json");
    let r2 = dir.path().join("r\u{2066}2.json");
    for r in [&r1, &r2] {
        let (code, out, stderr) = run(stance()
            .args(["evaluate", "--data"])
            .arg(&data)
            .arg("--model")
            .arg(&model)
            .arg("--json")
            .arg(r));
        assert_eq!(code, 0, "{stderr}");
        assert_clean("evaluate", &out);
    }
    let (code, out, stderr) = run(stance().args(["compare"]).arg(&r1).arg(&r2));
    assert_eq!(code, 0, "{stderr}");
    assert_clean("compare", &out);
    let article = write(
        dir.path(),
        "a\u{1b}[2J.txt",
        "\"We are \u{202E}ready\u{202C} to talk,\" Iranian envoy Ali Kamali said.\n".as_bytes(),
    );
    let (code, out, stderr) = run(stance()
        .args(["predict", "--format", "table"])
        .arg(&article));
    assert_eq!(code, 0, "{stderr}");
    assert_clean("predict table", &out);
    assert!(String::from_utf8_lossy(&out).contains("\\u{202e}ready"));
    let (code, _, stderr) = run(stance()
        .args(["predict", "--text", "x", "--model"])
        .arg(dir.path().join("no\u{1b}[2Jsuch.json")));
    assert_eq!(code, 1);
    assert_clean("error", stderr.as_bytes());
}

// ---------------------------------------------------------------------------------------
// 10. Messages
// ---------------------------------------------------------------------------------------

/// `train --name=-x` was accepted, then unusable as `--model -x`.
#[test]
fn model_names_start_with_a_letter_or_digit() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["-x", "_x"] {
        let (code, _, stderr) = run(stance()
            .current_dir(dir.path())
            .args(["train", "--data", TINY])
            .arg(format!("--name={name}")));
        assert_eq!(code, 1, "{name}: {stderr}");
        assert!(
            stderr.contains("it does not start with a letter or digit"),
            "{name}: {stderr}"
        );
    }
    assert!(!dir.path().join("models").exists());
}

// ---------------------------------------------------------------------------------------
// 5. Parties file keys, CSV header names
// ---------------------------------------------------------------------------------------

/// A typo such as `alias =` in a parties file was silently ignored; `text,text,label` read
/// the first `text` column without a word.
#[test]
fn unknown_parties_keys_and_duplicate_columns_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let parties = write(
        dir.path(),
        "p.toml",
        b"[[party]]\nname = \"Freedonia\"\nalias = [\"Fredonian\"]\n",
    );
    let article = write(dir.path(), "a.txt", ARTICLE.as_bytes());
    let (code, _, stderr) = run(stance()
        .args(["predict", "--parties"])
        .arg(&parties)
        .arg(&article));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("unknown field `alias`"), "{stderr}");
    let csv = write(
        dir.path(),
        "d.csv",
        b"text,text,label\nWe welcome the talks.,x,conciliatory\n",
    );
    let (code, _, stderr) = run(stance()
        .args(["train", "--data"])
        .arg(&csv)
        .arg("--out")
        .arg(dir.path().join("m.json")));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(
            "d.csv:1: the header names column \"text\" twice (columns 1 and 2); rename one"
        ),
        "{stderr}"
    );
    let (code, _, stderr) = run(stance().args(["predict", "--csv"]).arg(&csv));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("twice"), "{stderr}");
}
