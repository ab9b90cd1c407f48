//! The model registry's folder layout, in one place: what a model name may be, how a version
//! folder is named (`vN`), which files a version holds, and what a path inside a registry
//! means (`NAME/vN/model.json`, `NAME/vN/reports/FILE`).
//!
//! ```text
//! models/NAME/vN/model.json      the model, byte-identical to what `train --out` writes
//!               /version.json    what the card is made from (machine-readable)
//!               /card.md         the model card
//!               /train.txt       what `stance train` printed
//!               /reports/*.json  reports saved by `stance evaluate`
//! ```
//! It sits below everything that reads or names registry paths (evaluation reports, the
//! registry itself, the command line), so none of them parses the layout again.

use std::path::Path;

/// Longest accepted model name.
pub const MAX_NAME_LEN: usize = 100;
/// The model in a version folder; written last, so its presence marks the version finished.
pub const MODEL_FILE: &str = "model.json";
/// What the card is made from (machine-readable).
pub const META_FILE: &str = "version.json";
/// The model card.
pub const CARD_FILE: &str = "card.md";
/// What `stance train` printed.
pub const TRAIN_FILE: &str = "train.txt";
/// The folder of saved evaluation reports.
pub const REPORTS_DIR: &str = "reports";

/// A model name that breaks the naming rule, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{name:?} is not a valid model name: {why}; use letters, digits, '_', '.' and '-', starting with a letter or digit, e.g. news-stance")]
pub struct InvalidName {
    pub name: String,
    pub why: String,
}

/// Checks a model name: 1–100 of [A-Za-z0-9_.-], starting with a letter or digit, not ending in
/// `.json` (that would read as a file path on the command line).
pub fn validate_name(name: &str) -> Result<(), InvalidName> {
    let bad = |why: &str| {
        Err(InvalidName {
            name: name.to_string(),
            why: why.to_string(),
        })
    };
    if name.is_empty() {
        return bad("it is empty");
    }
    if name.len() > MAX_NAME_LEN {
        return bad(&format!("it is longer than {MAX_NAME_LEN} characters"));
    }
    if name.contains('/') || name.contains('\\') {
        return bad("it contains a path separator");
    }
    if name.contains("..") {
        return bad("it contains '..'");
    }
    if name.starts_with('.') {
        return bad("it starts with '.'");
    }
    // `-x` would read as an option on the command line (`--model -x`), `_x` is as unclear.
    if !name.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return bad("it does not start with a letter or digit");
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')))
    {
        return bad(&format!("it contains {c:?}"));
    }
    if name.to_ascii_lowercase().ends_with(".json") {
        return bad("it ends in .json, which `--model` would read as a file path");
    }
    Ok(())
}

/// The number of a version folder name: `v` and a number from 1 without leading zeros
/// (`v3` → 3; `v03`, `v0`, `v` and `v+3` are not versions).
pub fn parse_version(s: &str) -> Option<u32> {
    let digits = s.strip_prefix('v')?;
    if digits.is_empty() || digits.starts_with('0') || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// `NAME@vN` for the version folder `dir` (`…/NAME/vN`), if it is one.
fn version_folder_label(dir: &Path) -> Option<String> {
    let name = dir.parent()?.file_name()?.to_str()?;
    let version = parse_version(dir.file_name()?.to_str()?)?;
    validate_name(name).ok()?;
    Some(format!("{name}@v{version}"))
}

/// `NAME@vN` when `path` is a version's model, `…/NAME/vN/model.json`.
pub fn model_file_label(path: &Path) -> Option<String> {
    if path.file_name()? != MODEL_FILE {
        return None;
    }
    version_folder_label(path.parent()?)
}

/// `NAME@vN` when `path` lies in a version's reports folder, `…/NAME/vN/reports/FILE`.
pub fn report_file_label(path: &Path) -> Option<String> {
    let reports = path.parent()?;
    if reports.file_name()? != REPORTS_DIR {
        return None;
    }
    version_folder_label(reports.parent()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for ok in ["news", "news-v2.final", "A_b.c-1", "x"] {
            assert!(validate_name(ok).is_ok(), "{ok}");
        }
        for bad in [
            "", ".hidden", "a/b", "a\\b", "..", "a..b", "sp ace", "é", "m.json", "a@v1",
        ] {
            assert!(validate_name(bad).is_err(), "{bad}");
        }
        assert!(validate_name(&"a".repeat(101)).is_err());
    }

    #[test]
    fn versions() {
        assert_eq!(parse_version("v3"), Some(3));
        assert_eq!(parse_version("v12"), Some(12));
        for bad in ["v03", "v0", "v", "x3", "v+3", "v-1", "v99999999999", "3"] {
            assert_eq!(parse_version(bad), None, "{bad}");
        }
    }

    #[test]
    fn paths_inside_a_registry() {
        let model = |p: &str| model_file_label(Path::new(p));
        assert_eq!(
            model("models/news/v2/model.json").as_deref(),
            Some("news@v2")
        );
        assert_eq!(model("news/v2/model.json").as_deref(), Some("news@v2"));
        assert_eq!(model("v2/model.json"), None);
        assert_eq!(model("out/model.json"), None);
        assert_eq!(model("models/news/v02/model.json"), None);
        assert_eq!(model("models/.x/v2/model.json"), None);
        assert_eq!(model("models/news/v2/other.json"), None);
        let report = |p: &str| report_file_label(Path::new(p));
        assert_eq!(
            report("models/news/v3/reports/test-0123.json").as_deref(),
            Some("news@v3")
        );
        assert_eq!(report("v3/reports/test.json"), None);
        assert_eq!(report("models/news/v3/saved/test.json"), None);
        assert_eq!(report("models/news/3/reports/test.json"), None);
    }
}
