//! The model registry: numbered versions of named models in a folder (`models/` by default).
//!
//! ```text
//! models/NAME/vN/model.json      the model, byte-identical to what `train --out` writes
//!               /version.json    what the card is made from (machine-readable)
//!               /card.md         the model card
//!               /train.txt       what `stance train` printed
//!               /reports/*.json  reports saved by `stance evaluate`
//! ```
//! A version folder is taken with `create_dir`, which fails when the name exists, so two
//! trainings at once never share a number; `model.json` is written last, so a version without
//! it is still being written (or its training failed) and is never picked as the latest.

use crate::eval::report::{ModelIdentity, REPORT_VERSION};
use crate::eval::EvalReport;
use crate::features::{AnalyzerSettings, TfidfSettings};
use crate::hash::sha256_hex;
use crate::model::classifier::Provenance;
use crate::model::{file, Classifier};
use crate::outfile::{self, Kind};
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Overrides the registry folder when `--models-dir` is not given.
pub const ENV_VAR: &str = "STANCE_MODELS";
/// The registry folder when neither `--models-dir` nor `STANCE_MODELS` is given (relative to
/// the working directory).
pub const DEFAULT_DIR: &str = "models";
/// Longest accepted model name.
pub const MAX_NAME_LEN: usize = 100;

const MODEL_FILE: &str = "model.json";
const META_FILE: &str = "version.json";
const CARD_FILE: &str = "card.md";
const TRAIN_FILE: &str = "train.txt";
const REPORTS_DIR: &str = "reports";

/// Why a registry operation failed; every message names the path and what to do.
#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    #[error("{name:?} is not a valid model name: {why}; use letters, digits, '_', '.' and '-', starting with a letter or digit, e.g. news-stance")]
    InvalidName { name: String, why: String },
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

/// Checks a model name: 1–100 of [A-Za-z0-9_.-], starting with a letter or digit, not ending in
/// `.json` (that would read as a file path on the command line).
pub fn validate_name(name: &str) -> Result<(), RegistryError> {
    let bad = |why: &str| {
        Err(RegistryError::InvalidName {
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

/// What `--model` (or a `compare` argument) names: a file, or a registry model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelSpec {
    Path(PathBuf),
    /// `NAME` (latest finished version) or `NAME@vN`.
    Registry {
        name: String,
        version: Option<u32>,
    },
}

impl ModelSpec {
    /// A path is anything containing a path separator or ending in `.json`, or an existing
    /// file; anything else must be `NAME` or `NAME@vN`.
    pub fn parse(spec: &str) -> Result<Self, RegistryError> {
        let looks_like_path = spec.contains('/')
            || spec.contains(std::path::MAIN_SEPARATOR)
            || spec.to_ascii_lowercase().ends_with(".json")
            || Path::new(spec).is_file();
        if looks_like_path {
            return Ok(Self::Path(PathBuf::from(spec)));
        }
        let invalid = |why: String| RegistryError::InvalidSpec {
            spec: spec.to_string(),
            why,
        };
        let (name, version) = match spec.rsplit_once('@') {
            None => (spec, None),
            Some((name, v)) => {
                let digits = v
                    .strip_prefix('v')
                    .ok_or_else(|| invalid(format!("the version {v:?} should look like v2")))?;
                let n = digits
                    .parse::<u32>()
                    .ok()
                    .filter(|&n| n >= 1 && !digits.starts_with('0') && !digits.starts_with('+'))
                    .ok_or_else(|| {
                        invalid(format!(
                            "the version {v:?} should be v followed by a number from 1, e.g. v2"
                        ))
                    })?;
                (name, Some(n))
            }
        };
        validate_name(name).map_err(|e| invalid(e.to_string()))?;
        Ok(Self::Registry {
            name: name.to_string(),
            version,
        })
    }
}

/// A registry folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registry {
    root: PathBuf,
}

/// One version of a named model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelVersion {
    pub name: String,
    pub version: u32,
    pub dir: PathBuf,
}

impl Registry {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// `flag` (from `--models-dir`) if given, else `$STANCE_MODELS` if set and not empty, else
    /// `models` in the working directory.
    pub fn locate(flag: Option<&Path>) -> Self {
        if let Some(dir) = flag {
            return Self::new(dir);
        }
        match std::env::var_os(ENV_VAR) {
            Some(dir) if !dir.is_empty() => Self::new(dir),
            _ => Self::new(DEFAULT_DIR),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Names with a folder in the registry, sorted (files and invalid names are ignored, such
    /// as the shipped `models/default.json`).
    pub fn names(&self) -> Result<Vec<String>, RegistryError> {
        let entries = match std::fs::read_dir(&self.root) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(io(&self.root, "list the registry folder")(e)),
        };
        let mut names: Vec<String> = entries
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| validate_name(n).is_ok())
            .collect();
        names.sort();
        Ok(names)
    }

    /// All version numbers of `name` (finished or not), ascending; empty if it has none.
    pub fn versions(&self, name: &str) -> Result<Vec<u32>, RegistryError> {
        validate_name(name)?;
        let dir = self.root.join(name);
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(io(&dir, "list the model's versions")(e)),
        };
        let mut versions: Vec<u32> = entries
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .filter_map(|e| parse_version_dir(&e.file_name().to_string_lossy()))
            .collect();
        versions.sort_unstable();
        Ok(versions)
    }

    fn version(&self, name: &str, version: u32) -> ModelVersion {
        ModelVersion {
            name: name.to_string(),
            version,
            dir: self.root.join(name).join(format!("v{version}")),
        }
    }

    /// Takes the next free version number of `name` by creating its folder: `create_dir`
    /// fails if another process took the number first, and then the next one is tried.
    pub fn create_version(&self, name: &str) -> Result<ModelVersion, RegistryError> {
        validate_name(name)?;
        let parent = self.root.join(name);
        std::fs::create_dir_all(&parent).map_err(io(&parent, "create the model's folder"))?;
        let mut n = self
            .versions(name)?
            .last()
            .map_or(1, |v| v.saturating_add(1));
        // Every failed attempt means another version appeared; give up only on absurd counts.
        for _ in 0..100_000 {
            let v = self.version(name, n);
            match std::fs::create_dir(&v.dir) {
                Ok(()) => return Ok(v),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    n = n.checked_add(1).ok_or_else(|| RegistryError::Io {
                        path: parent.clone(),
                        action: "number a new version",
                        source: std::io::Error::other("version numbers exhausted"),
                    })?;
                }
                Err(e) => return Err(io(&v.dir, "create the version folder")(e)),
            }
        }
        Err(RegistryError::Io {
            path: parent,
            action: "number a new version",
            source: std::io::Error::other("too many concurrent versions"),
        })
    }

    /// `name@vN`, or the latest finished version of `name` when `version` is `None`.
    pub fn resolve(&self, name: &str, version: Option<u32>) -> Result<ModelVersion, RegistryError> {
        let versions = self.versions(name)?;
        if versions.is_empty() {
            return Err(RegistryError::NoSuchName {
                dir: self.root.clone(),
                name: name.to_string(),
            });
        }
        match version {
            Some(n) => {
                if !versions.contains(&n) {
                    return Err(RegistryError::NoSuchVersion {
                        dir: self.root.join(name),
                        name: name.to_string(),
                        version: n,
                        available: versions
                            .iter()
                            .map(|v| format!("v{v}"))
                            .collect::<Vec<_>>()
                            .join(", "),
                    });
                }
                let v = self.version(name, n);
                if !v.is_finished() {
                    return Err(RegistryError::Incomplete {
                        dir: v.dir,
                        name: name.to_string(),
                        version: n,
                    });
                }
                Ok(v)
            }
            None => versions
                .iter()
                .rev()
                .map(|&n| self.version(name, n))
                .find(ModelVersion::is_finished)
                .ok_or_else(|| RegistryError::NoFinishedVersion {
                    dir: self.root.join(name),
                    name: name.to_string(),
                }),
        }
    }

    /// Trains are saved here: takes a new version of `name` and writes the model, its
    /// metadata, card and training summary into it. `summary` is built from the model path
    /// (which depends on the version number), so it is a function of it; it is returned too.
    pub fn save_new_version(
        &self,
        name: &str,
        model: &Classifier,
        summary: impl FnOnce(&Path) -> String,
    ) -> Result<(ModelVersion, String), RegistryError> {
        let v = self.create_version(name)?;
        let summary = summary(&v.model_path());
        match v.write_files(model, &summary, SystemTime::now()) {
            Ok(()) => Ok((v, summary)),
            Err(e) => {
                // The folder is ours and unfinished: leave no half version behind.
                let _ = std::fs::remove_dir_all(&v.dir);
                Err(e)
            }
        }
    }
}

fn parse_version_dir(s: &str) -> Option<u32> {
    let digits = s.strip_prefix('v')?;
    if digits.is_empty() || digits.starts_with('0') || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// What a version's card is made from; saved as `version.json` beside the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VersionMeta {
    pub name: String,
    pub version: u32,
    /// UTC, ISO 8601 (`2025-01-31T14:05:09Z`).
    pub created: String,
    pub created_unix: u64,
    pub stance_version: String,
    /// SHA-256 of model.json.
    pub model_sha256: String,
    pub labels: Vec<String>,
    pub n_features: usize,
    pub analyzer: AnalyzerSettings,
    pub tfidf: TfidfSettings,
    pub provenance: Provenance,
}

/// The head of a saved evaluation report, for listings and the card.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportSummary {
    pub file: PathBuf,
    /// Modification time of the report file, UTC.
    pub saved: Option<String>,
    pub saved_unix: u64,
    pub test: String,
    pub n_test: usize,
    pub data_sha256: String,
    pub accuracy: f64,
    pub macro_f1: f64,
    pub weighted_f1: f64,
    pub model_sha256: String,
}

#[derive(Deserialize)]
struct ReportHead {
    report_version: u32,
    test: String,
    n_test: usize,
    data_sha256: String,
    accuracy: f64,
    macro_f1: f64,
    weighted_f1: f64,
    model: ModelIdentity,
}

impl ModelVersion {
    /// `NAME@vN`.
    pub fn label(&self) -> String {
        format!("{}@v{}", self.name, self.version)
    }

    pub fn model_path(&self) -> PathBuf {
        self.dir.join(MODEL_FILE)
    }

    pub fn card_path(&self) -> PathBuf {
        self.dir.join(CARD_FILE)
    }

    pub fn meta_path(&self) -> PathBuf {
        self.dir.join(META_FILE)
    }

    pub fn reports_dir(&self) -> PathBuf {
        self.dir.join(REPORTS_DIR)
    }

    /// Finished: its model.json exists (it is written last).
    pub fn is_finished(&self) -> bool {
        self.model_path().is_file()
    }

    /// Writes version.json, train.txt, card.md, then model.json (last: it marks the version
    /// finished).
    pub fn write_files(
        &self,
        model: &Classifier,
        summary: &str,
        now: SystemTime,
    ) -> Result<(), RegistryError> {
        let bytes = file::to_bytes(model);
        let unix = now
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let meta = VersionMeta {
            name: self.name.clone(),
            version: self.version,
            created: format_utc(unix),
            created_unix: unix,
            stance_version: env!("CARGO_PKG_VERSION").to_string(),
            model_sha256: sha256_hex(&bytes),
            labels: model.labels().to_vec(),
            n_features: model.vectorizer().n_features(),
            analyzer: model.vectorizer().analyzer().settings().clone(),
            tfidf: model.vectorizer().settings().clone(),
            provenance: model.provenance().clone(),
        };
        let mut meta_bytes = serde_json::to_vec_pretty(&meta).map_err(|e| RegistryError::Meta {
            path: self.meta_path(),
            detail: e.to_string(),
        })?;
        meta_bytes.push(b'\n');
        let keep = |path: &Path, bytes: &[u8], kind| outfile::write(path, bytes, kind, false);
        keep(&self.meta_path(), &meta_bytes, Kind::Registry)?;
        keep(
            &self.dir.join(TRAIN_FILE),
            summary.as_bytes(),
            Kind::Registry,
        )?;
        keep(
            &self.card_path(),
            render_card(&meta, &[]).as_bytes(),
            Kind::Registry,
        )?;
        keep(&self.model_path(), &bytes, Kind::Model)?;
        Ok(())
    }

    pub fn load_meta(&self) -> Result<VersionMeta, RegistryError> {
        let path = self.meta_path();
        let bytes = crate::input::read(&path, crate::input::METADATA)
            .map_err(io(&path, "read the version metadata"))?;
        serde_json::from_slice(&bytes).map_err(|e| RegistryError::Meta {
            path,
            detail: e.to_string(),
        })
    }

    /// Where a report on `data` (with SHA-256 `data_sha256`) is saved:
    /// `reports/<data file stem>-<first 8 hex of the data's SHA-256>.json`.
    pub fn report_path(&self, data: &Path, data_sha256: &str) -> PathBuf {
        let stem: String = data
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.') {
                    c
                } else {
                    '_'
                }
            })
            .take(80)
            .collect();
        let stem = if stem.is_empty() || stem.starts_with('.') {
            format!("data{stem}")
        } else {
            stem
        };
        let short: String = data_sha256.chars().take(8).collect();
        self.reports_dir().join(format!("{stem}-{short}.json"))
    }

    /// Saves `report` (evaluated on the file `data`) into the version's reports folder,
    /// replacing an earlier report on the same data, and refreshes the card.
    pub fn save_report(&self, report: &EvalReport, data: &Path) -> Result<PathBuf, RegistryError> {
        let dir = self.reports_dir();
        std::fs::create_dir_all(&dir).map_err(io(&dir, "create the reports folder"))?;
        let path = self.report_path(data, &report.data_sha256);
        let mut bytes = serde_json::to_vec_pretty(report).map_err(|e| RegistryError::Report {
            path: path.clone(),
            detail: e.to_string(),
        })?;
        bytes.push(b'\n');
        outfile::write(&path, &bytes, Kind::Registry, true)?;
        self.write_card()?;
        Ok(path)
    }

    /// Heads of the saved reports, oldest first, and the files that could not be read.
    pub fn reports(&self) -> (Vec<ReportSummary>, Vec<(PathBuf, String)>) {
        let dir = self.reports_dir();
        let mut ok = Vec::new();
        let mut bad = Vec::new();
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return (ok, bad);
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| {
                p.extension().is_some_and(|x| x == "json")
                    && !p
                        .file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .collect();
        paths.sort();
        for path in paths {
            match read_report_head(&path) {
                Ok(s) => ok.push(s),
                Err(e) => bad.push((path, e)),
            }
        }
        ok.sort_by(|a, b| a.saved_unix.cmp(&b.saved_unix).then(a.file.cmp(&b.file)));
        (ok, bad)
    }

    /// Rewrites card.md from version.json and the saved reports.
    pub fn write_card(&self) -> Result<(), RegistryError> {
        let meta = self.load_meta()?;
        let (reports, _) = self.reports();
        outfile::write(
            &self.card_path(),
            render_card(&meta, &reports).as_bytes(),
            Kind::Registry,
            true,
        )?;
        Ok(())
    }
}

fn read_report_head(path: &Path) -> Result<ReportSummary, String> {
    let bytes = crate::input::read(path, crate::input::REPORT).map_err(|e| e.to_string())?;
    let head: ReportHead = serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
    if head.report_version > REPORT_VERSION {
        return Err(format!(
            "report version {} is newer than this stance reads ({REPORT_VERSION})",
            head.report_version
        ));
    }
    let saved_unix = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map(|d| d.as_secs());
    Ok(ReportSummary {
        file: path.to_path_buf(),
        saved: saved_unix.map(format_utc),
        saved_unix: saved_unix.unwrap_or(0),
        test: head.test,
        n_test: head.n_test,
        data_sha256: head.data_sha256,
        accuracy: head.accuracy,
        macro_f1: head.macro_f1,
        weighted_f1: head.weighted_f1,
        model_sha256: head.model.sha256,
    })
}

/// Escapes text for a Markdown table cell or line: no raw HTML, no table breaks.
pub fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '|' | '`' | '*' | '_' | '[' | ']' | '#' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The model card (Markdown).
pub fn render_card(meta: &VersionMeta, reports: &[ReportSummary]) -> String {
    let p = &meta.provenance;
    let d = &p.data;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Model card: {} v{}\n",
        md_escape(&meta.name),
        meta.version
    );
    let _ = writeln!(
        s,
        "Multinomial logistic regression over TF-IDF features, labelling quotes {}.\n",
        meta.labels
            .iter()
            .map(|l| md_escape(l))
            .collect::<Vec<_>>()
            .join(" / ")
    );
    let _ = writeln!(s, "| | |\n|---|---|");
    let _ = writeln!(s, "| Created | {} |", meta.created);
    let _ = writeln!(
        s,
        "| stance version | {} |",
        md_escape(&meta.stance_version)
    );
    let _ = writeln!(
        s,
        "| Model file | model.json (SHA-256 `{}`) |",
        meta.model_sha256
    );
    let _ = writeln!(
        s,
        "| Use it | `stance predict --model {}@v{}` |",
        meta.name, meta.version
    );
    let _ = writeln!(s, "\n## Training data\n");
    let _ = writeln!(s, "| | |\n|---|---|");
    let _ = writeln!(s, "| File | {} |", md_escape(&d.path));
    let _ = writeln!(s, "| SHA-256 | `{}` |", md_escape(&d.sha256));
    let _ = writeln!(
        s,
        "| Rows | {}{} |",
        d.rows,
        if d.skipped_rows > 0 {
            format!(" ({} invalid rows skipped)", d.skipped_rows)
        } else {
            String::new()
        }
    );
    let _ = writeln!(
        s,
        "| Columns | text `{}`, label `{}` |",
        md_escape(&d.text_col),
        md_escape(&d.label_col)
    );
    let _ = writeln!(s, "\n| Label | Rows | Share |\n|---|---:|---:|");
    for l in &meta.labels {
        let n = d.rows_per_label.get(l).copied().unwrap_or(0);
        let _ = writeln!(
            s,
            "| {} | {n} | {:.1}% |",
            md_escape(l),
            100.0 * n as f64 / d.rows.max(1) as f64
        );
    }
    let a = &meta.analyzer;
    let t = &meta.tfidf;
    let tp = &p.params;
    let _ = writeln!(s, "\n## Settings\n");
    let _ = writeln!(s, "| | |\n|---|---|");
    let _ = writeln!(
        s,
        "| Word n-grams | {} |",
        if a.word_ngrams.1 == 0 {
            "off".to_string()
        } else {
            format!("{}–{}", a.word_ngrams.0, a.word_ngrams.1)
        }
    );
    let _ = writeln!(
        s,
        "| Character n-grams | {} |",
        a.char_ngrams
            .map_or("off".to_string(), |(lo, hi)| format!("{lo}–{hi}"))
    );
    let _ = writeln!(
        s,
        "| Stemming | {} |",
        if a.stem { "Porter2" } else { "off" }
    );
    let _ = writeln!(
        s,
        "| Negation marking | {} |",
        if a.negation { "on" } else { "off" }
    );
    if let Some(w) = a.target_window {
        let _ = writeln!(
            s,
            "| Target marking | mentions → TGT, {w} words of context either side{} |",
            d.target_col
                .as_ref()
                .map_or(String::new(), |c| format!(" (column `{}`)", md_escape(c)))
        );
    }
    let _ = writeln!(
        s,
        "| Vocabulary | {} terms (min_df {}, max_df {}, max_features {}) |",
        meta.n_features,
        t.min_df,
        t.max_df,
        t.max_features
            .map_or("no limit".to_string(), |n| n.to_string())
    );
    let _ = writeln!(
        s,
        "| Term frequency | {} |",
        if t.sublinear_tf {
            "sublinear (1 + ln tf)"
        } else {
            "raw counts"
        }
    );
    let _ = writeln!(
        s,
        "| Regularisation | alpha {} (C = {}) |",
        tp.alpha,
        if tp.alpha > 0.0 {
            format!("{}", 1.0 / tp.alpha)
        } else {
            "∞".into()
        }
    );
    let _ = writeln!(
        s,
        "| Class weight | {} |",
        md_escape(&format!("{:?}", tp.class_weight).to_lowercase())
    );
    let _ = writeln!(
        s,
        "| Solver | {} (at most {} iterations, tolerance {} × rows) |",
        md_escape(&format!("{:?}", tp.solver).to_lowercase()),
        tp.max_iter,
        tp.tol
    );
    let c = &p.convergence;
    let _ = writeln!(s, "\n## Convergence\n");
    let _ = writeln!(s, "| | |\n|---|---|");
    let _ = writeln!(
        s,
        "| Converged | {} |",
        if c.converged {
            "yes"
        } else {
            "**no**: raise --max-iter or --tol, or raise --alpha"
        }
    );
    let _ = writeln!(s, "| Iterations | {} |", c.iterations);
    let _ = writeln!(s, "| Stopped because | {} |", md_escape(&c.reason));
    let _ = writeln!(
        s,
        "| Gradient norm | {:.3e} (tolerance {:.3e}) |",
        c.gradient_norm, c.gradient_tolerance
    );
    let _ = writeln!(s, "| Final loss | {:.4} |", c.final_cost);
    let _ = writeln!(
        s,
        "| Training time | {} |",
        p.train_seconds
            .map_or("not recorded (--reproducible)".to_string(), |t| format!(
                "{t:.2} s"
            ))
    );
    let _ = writeln!(s, "\n## Evaluation\n");
    if reports.is_empty() {
        let _ = writeln!(
            s,
            "No held-out evaluation yet. Run `stance evaluate --model {}@v{} --data TEST.csv`; its report is saved in `reports/` and listed here.",
            meta.name, meta.version
        );
    } else {
        let _ = writeln!(
            s,
            "| Report | Data | Data SHA-256 | Rows | Accuracy | Macro-F1 | Weighted F1 | Saved |"
        );
        let _ = writeln!(s, "|---|---|---|---:|---:|---:|---:|---|");
        for r in reports {
            let name = r
                .file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let stale = if r.model_sha256 != meta.model_sha256 {
                " (another model)"
            } else {
                ""
            };
            let _ = writeln!(
                s,
                "| reports/{}{} | {} | `{}…` | {} | {:.3} | {:.3} | {:.3} | {} |",
                md_escape(&name),
                stale,
                md_escape(&r.test),
                md_escape(&r.data_sha256.chars().take(12).collect::<String>()),
                r.n_test,
                r.accuracy,
                r.macro_f1,
                r.weighted_f1,
                r.saved.as_deref().unwrap_or("?")
            );
        }
    }
    s
}

/// The last second RFC 3339 can show: 9999-12-31T23:59:59Z.
const LAST_RFC3339_SECOND: u64 = 253_402_300_799;

/// Seconds since 1970 as `YYYY-MM-DDTHH:MM:SSZ`. A later time than RFC 3339 can show (a
/// clock or file date set absurdly far ahead) shows as its last second.
pub fn format_utc(unix: u64) -> String {
    let time = UNIX_EPOCH + Duration::from_secs(unix.min(LAST_RFC3339_SECOND));
    humantime::format_rfc3339_seconds(time).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(format_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(format_utc(1_709_164_800 + 3661), "2024-02-29T01:01:01Z");
        assert_eq!(format_utc(4_102_444_799), "2099-12-31T23:59:59Z");
        assert_eq!(format_utc(u64::MAX), "9999-12-31T23:59:59Z");
    }

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
    fn specs() {
        assert_eq!(
            ModelSpec::parse("news").unwrap(),
            ModelSpec::Registry {
                name: "news".into(),
                version: None
            }
        );
        assert_eq!(
            ModelSpec::parse("news@v12").unwrap(),
            ModelSpec::Registry {
                name: "news".into(),
                version: Some(12)
            }
        );
        assert_eq!(
            ModelSpec::parse("dir/news").unwrap(),
            ModelSpec::Path("dir/news".into())
        );
        assert_eq!(
            ModelSpec::parse("m.json").unwrap(),
            ModelSpec::Path("m.json".into())
        );
        for bad in [
            "news@2", "news@v0", "news@v01", "news@vx", "@v1", "a b", "..", "news@v+1",
        ] {
            assert!(ModelSpec::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_version_dir("v3"), Some(3));
        assert_eq!(parse_version_dir("v03"), None);
        assert_eq!(parse_version_dir("v"), None);
        assert_eq!(parse_version_dir("x3"), None);
    }

    #[test]
    fn markdown_escaping() {
        assert_eq!(md_escape("a|b <script>"), "a\\|b &lt;script&gt;");
        assert_eq!(md_escape("x\ny"), "x y");
    }
}
