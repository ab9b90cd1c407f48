//! Helpers shared by every module of the integration-test binary: the `stance` command, the
//! small training set and fixtures, file writing, and running a command that must not panic.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// tests/fixtures/tiny.csv: a small labelled set we wrote.
pub const TINY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tiny.csv");

/// The `stance` binary, with no registry folder inherited from the environment.
pub fn stance() -> Command {
    let mut c = Command::cargo_bin("stance").expect("binary built");
    c.env_remove("STANCE_MODELS");
    c
}

/// The path of the `stance` binary, for tests that spawn it themselves.
pub fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("stance")
}

/// 30 invented quotes for training, 10 per label.
pub const TRAIN: &str = "text,label
We welcome the offer of talks and will send a delegation next week.,conciliatory
Our two nations share a long friendship and we want to deepen it.,conciliatory
We thank our neighbours for their help after the floods.,conciliatory
Both sides agreed to lower tensions along the border.,conciliatory
We are ready to resume dialogue without preconditions.,conciliatory
The president praised the constructive spirit of the negotiations.,conciliatory
We appreciate the release of the detained fishermen as a goodwill gesture.,conciliatory
Let us work together to keep the peace in the region.,conciliatory
We accept the proposal for a joint commission on water sharing.,conciliatory
Cooperation with our partners has never been stronger.,conciliatory
They must withdraw their troops immediately or face consequences.,hostile
The regime is lying to the world about its weapons programme.,hostile
We reject these absurd accusations and condemn the provocation.,hostile
Their reckless behaviour threatens the security of the whole region.,hostile
Any attack will be met with a crushing response.,hostile
The government accused its neighbour of sponsoring terrorism.,hostile
These sanctions are an act of economic warfare against our people.,hostile
We will not tolerate their aggression any longer.,hostile
The minister denounced the illegal occupation of the islands.,hostile
Their leaders are criminals who must be held to account.,hostile
The meeting will take place on Tuesday in Geneva.,neutral
The delegation arrived at the airport this morning.,neutral
The ministry said the report would be published next month.,neutral
Officials confirmed that the talks lasted three hours.,neutral
The summit agenda includes trade and energy.,neutral
A spokesman declined to comment on the schedule.,neutral
The committee will review the documents on Friday.,neutral
The foreign minister travelled to Brussels for the conference.,neutral
The embassy issued a statement about visa procedures.,neutral
Both delegations will hold a press conference after lunch.,neutral
";

/// An invented article with a named and an unnamed speaker on two sides.
pub const ARTICLE: &str = "Iran and US trade warnings over inspections

Iranian Foreign Ministry spokesman Reza Kamali said on Monday that Tehran was ready to talk.

\"Our door is open, and we are ready to meet them without preconditions,\" Kamali said.

\"There is no plan B,\" a senior U.S. official said. \"If they attack our ships, we will answer with everything we have.\"
";

/// Writes `bytes` to `dir/name` (making its folders) and returns the path.
pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().expect("a file has a parent")).unwrap();
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Runs `cmd`, checks it did not panic, and returns (exit code, stdout, stderr).
pub fn run(cmd: &mut Command) -> (i32, Vec<u8>, String) {
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "panic: {stderr}"
    );
    (out.status.code().unwrap_or(-1), out.stdout, stderr)
}

/// Runs `cmd`, which must succeed; returns (stdout, stderr).
pub fn ok(cmd: &mut Command) -> (String, String) {
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    (String::from_utf8(out.stdout).unwrap(), stderr)
}

/// Each line of `out` parsed as JSON.
pub fn jsonl(out: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

/// Trains on the tiny fixture (with `extra` options) into `dir/name` and returns its path.
pub fn trained(dir: &Path, name: &str, extra: &[&str]) -> PathBuf {
    trained_on(TINY, dir, name, extra)
}

/// Trains on `data` (with `extra` options) into `dir/name` and returns its path.
pub fn trained_on(data: &str, dir: &Path, name: &str, extra: &[&str]) -> PathBuf {
    let model = dir.join(name);
    stance()
        .args(["train", "--data", data, "--out"])
        .arg(&model)
        .args(extra)
        .assert()
        .success();
    model
}

/// `train` on a CSV with these bytes (and `extra` options) must fail with exit code 1 and
/// leave no model; returns its stderr with the data path shortened to `bad.csv`.
pub fn train_error(csv: &[u8], extra: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let data = write(dir.path(), "bad.csv", csv);
    let (code, _, stderr) = run(stance()
        .args(["train", "--out"])
        .arg(dir.path().join("m.json"))
        .arg("--data")
        .arg(&data)
        .args(extra));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        !dir.path().join("m.json").exists(),
        "no model after a failure"
    );
    stderr.replace(&*data.to_string_lossy(), "bad.csv")
}

/// Starts `stance args…`, reads a little of its output, closes the pipe: it must exit 0
/// without a word on stderr (`stance … | head`).
pub fn exits_quietly_when_the_reader_leaves(args: &[&str], path: &Path) {
    use std::io::Read;
    let mut child = std::process::Command::new(bin())
        .args(args)
        .arg(path)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 64];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{args:?}: exit {:?}", out.status);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
}

/// The payload of a model file (what training recorded: settings, vocabulary, provenance).
pub fn payload(model: &Path) -> Value {
    let v: Value = serde_json::from_slice(&std::fs::read(model).unwrap()).unwrap();
    v["payload"].clone()
}

/// The vocabulary (term strings) of a model file.
pub fn vocabulary(model: &Path) -> Vec<String> {
    payload(model)["vocabulary"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap().to_string())
        .collect()
}

/// Macro-F1 of `model` on `data`, from `evaluate`'s JSON report (written in `dir`); and stderr.
pub fn macro_f1_on(data: &str, dir: &Path, model: &Path, extra: &[&str]) -> (f64, String) {
    let report = dir.join("report.json");
    let out = stance()
        .args(["evaluate", "--data", data, "--model"])
        .arg(model)
        .arg("--json")
        .arg(&report)
        .args(extra)
        .assert()
        .success()
        .get_output()
        .clone();
    let r: Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    (
        r["macro_f1"].as_f64().unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}
