//! Embeds the shipped default model (models/default.json) when it exists, so `stance predict`
//! works from any directory and after `cargo install`.
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=models/default.json");
    println!("cargo::rustc-check-cfg=cfg(stance_default_model)");
    if Path::new("models/default.json").exists() {
        println!("cargo:rustc-cfg=stance_default_model");
    }
}
