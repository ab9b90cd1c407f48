//! Shared by the integration tests that drive the binary on a small corpus of their own.
#![allow(dead_code)] // each test file uses its own subset

use assert_cmd::Command;

/// The `stance` binary, with no registry folder inherited from the environment.
pub fn stance() -> Command {
    let mut c = Command::cargo_bin("stance").expect("binary built");
    c.env_remove("STANCE_MODELS");
    c
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

/// Starts `stance args…`, reads a little of its output, closes the pipe: it must exit 0
/// without a word on stderr (`stance … | head`).
pub fn exits_quietly_when_the_reader_leaves(args: &[&str], path: &std::path::Path) {
    use std::io::Read;
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("stance"))
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
