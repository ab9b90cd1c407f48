//! Embeds the shipped default model (models/default.json) when it exists, so `stance predict`
//! works from any directory and after `cargo install`; and records the version of the crate
//! the built-in sentiment lexicon comes from, so models name it.
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=models/default.json");
    println!("cargo:rerun-if-changed=Cargo.lock");
    println!("cargo::rustc-check-cfg=cfg(stance_default_model)");
    if Path::new("models/default.json").exists() {
        println!("cargo:rustc-cfg=stance_default_model");
    }
    println!(
        "cargo:rustc-env=STANCE_VADER_VERSION={}",
        locked_version("vader_sentiment")
    );
}

/// The version Cargo.lock pins for `name`, or "(version unknown)" without a lock file.
fn locked_version(name: &str) -> String {
    let lock = std::fs::read_to_string("Cargo.lock").unwrap_or_default();
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == format!("name = \"{name}\"") {
            if let Some(v) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = "))
            {
                return v.trim_matches('"').to_string();
            }
        }
    }
    "(version unknown)".to_string()
}
