//! The model registry: numbered versions of named models in a folder (`models/` by default).
//! The folder layout (`NAME/vN/model.json`, …) is in [`crate::registry_layout`].
//!
//! A version folder is taken with `create_dir`, which fails when the name exists, so two
//! trainings at once never share a number; `model.json` is written last, so a version without
//! it is still being written (or its training failed) and is never picked as the latest.
//!
//! Files by job: `folder` (a registry folder: its names and versions, numbering new ones,
//! resolving `NAME@vN`), `version` (one version's files), `reports` (its saved evaluation
//! reports), `spec` (what `--model` names), `dates` (a helper).

mod dates;
mod folder;
mod reports;
mod spec;
mod version;

pub use crate::registry_layout::{validate_name, MAX_NAME_LEN};
pub use dates::format_utc;
pub use folder::Registry;
pub use reports::ReportSummary;
pub use spec::ModelSpec;
pub use version::{CardRenderer, ModelVersion, VersionMeta};

use crate::model::file;
use crate::outfile;
use crate::registry_layout::InvalidName;
use std::path::{Path, PathBuf};

/// Overrides the registry folder when `--models-dir` is not given.
pub const ENV_VAR: &str = "STANCE_MODELS";
/// The registry folder when neither `--models-dir` nor `STANCE_MODELS` is given (relative to
/// the working directory).
pub const DEFAULT_DIR: &str = "models";

/// Why a registry operation failed; every message names the path and what to do.
#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    #[error(transparent)]
    InvalidName(#[from] InvalidName),
    #[error("{spec:?} is neither an existing file nor a model NAME or NAME@vN: {why}")]
    InvalidSpec { spec: String, why: String },
    #[error("{dir}: no model named {name:?} here; train one with `stance train --name {name}`, run `stance models` to see the names, or point --models-dir / {ENV_VAR} at the right folder")]
    NoSuchName { dir: PathBuf, name: String },
    #[error("{dir}: {name} has no version v{version} (it has {available}); run `stance models {name}` to see them")]
    NoSuchVersion {
        dir: PathBuf,
        name: String,
        version: u32,
        available: String,
    },
    #[error("{dir}: version v{version} of {name} has no model.json (still being written, or its training failed); pick another version, or delete the folder")]
    Incomplete {
        dir: PathBuf,
        name: String,
        version: u32,
    },
    #[error("{dir}: {name} has no finished version (no vN folder holds a model.json); train one with `stance train --name {name}`")]
    NoFinishedVersion { dir: PathBuf, name: String },
    #[error("{path}: cannot {action}: {source}; check the folder exists and is writable, or choose another with --models-dir / {ENV_VAR}")]
    Io {
        path: PathBuf,
        action: &'static str,
        source: std::io::Error,
    },
    #[error("{path}: unreadable version metadata ({detail}); the version was written by another stance or edited; retrain it")]
    Meta { path: PathBuf, detail: String },
    #[error("{path}: cannot write the report: {detail}")]
    Report { path: PathBuf, detail: String },
    #[error(transparent)]
    ModelFile(#[from] file::ModelFileError),
    #[error(transparent)]
    Write(#[from] outfile::WriteError),
}

fn io(path: &Path, action: &'static str) -> impl FnOnce(std::io::Error) -> RegistryError {
    let path = path.to_path_buf();
    move |source| RegistryError::Io {
        path,
        action,
        source,
    }
}
