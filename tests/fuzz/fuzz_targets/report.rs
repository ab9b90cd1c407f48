//! `cargo fuzz run --fuzz-dir tests/fuzz report`: see tests/fuzz/README.md.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::report(data));
