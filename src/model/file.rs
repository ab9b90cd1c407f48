//! The model file: one JSON document, a checksummed payload inside a small envelope.
//!
//! Loading parses data only (no code runs, unlike a pickled scikit-learn model), checks the
//! format version, the SHA-256 of the payload and every shape before a classifier exists.
//! Saving writes a temporary file beside the target and renames it into place, so a reader
//! never sees half a model.

use super::classifier::{Classifier, Provenance};
use crate::features::tfidf::is_word_term;
use crate::features::{Analyzer, AnalyzerSettings, TfidfSettings, TfidfVectorizer};
use crate::hash::sha256_hex;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Identifies our files among other JSON.
pub const FORMAT: &str = "stance-model";
/// The payload layout this build writes. Version 2 orders the vocabulary by document
/// frequency (version 1 sorted it alphabetically); this build reads both.
pub const FORMAT_VERSION: u32 = 2;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Payload {
    labels: Vec<String>,
    analyzer: AnalyzerSettings,
    tfidf: TfidfSettings,
    vocabulary: Vec<String>,
    idf: Vec<f64>,
    /// d × k row-major (feature-major), as in `Classifier`.
    weights: Vec<f64>,
    intercepts: Vec<f64>,
    /// Divides the logits before the softmax; 1 when the model was not calibrated.
    #[serde(default = "one")]
    temperature: f64,
    provenance: Provenance,
}

fn one() -> f64 {
    1.0
}

#[derive(Deserialize)]
struct Envelope<'a> {
    format: Option<String>,
    format_version: Option<u32>,
    payload_sha256: Option<String>,
    #[serde(borrow)]
    payload: Option<&'a RawValue>,
}

/// Why a model file could not be read or written. `origin` names the file.
#[derive(Debug, thiserror::Error)]
pub enum ModelFileError {
    #[error("{origin}: cannot read the model file: {source}; check the path")]
    Read {
        origin: String,
        source: std::io::Error,
    },
    #[error("{origin}: not a stance model file ({detail}); give the path of a model written by `stance train`")]
    Foreign { origin: String, detail: String },
    #[error("{origin}: the model file is truncated or corrupt ({detail}); retrain it or restore a good copy")]
    Corrupt { origin: String, detail: String },
    #[error("{origin}: the model file is format {found}, newer than this stance reads ({FORMAT_VERSION}); upgrade stance")]
    NewerFormat { origin: String, found: u32 },
    #[error("{origin}: the model's checksum does not match its contents (edited by hand or damaged); retrain it or restore a good copy")]
    Checksum { origin: String },
    #[error("{path}: already exists; pass --force to overwrite it, or choose another --out")]
    Exists { path: PathBuf },
    #[error("{path}: cannot write the model file: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Serialises a classifier to the model file's bytes.
pub fn to_bytes(model: &Classifier) -> Vec<u8> {
    let v = model.vectorizer();
    let payload = Payload {
        labels: model.labels().to_vec(),
        analyzer: v.analyzer().settings().clone(),
        tfidf: v.settings().clone(),
        vocabulary: v.terms().to_vec(),
        idf: v.idf().to_vec(),
        weights: model.weights().to_vec(),
        intercepts: model.intercepts().to_vec(),
        temperature: model.temperature(),
        provenance: model.provenance().clone(),
    };
    let payload = serde_json::to_string(&payload).expect("model payload serialises");
    let header = serde_json::json!({
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "payload_sha256": sha256_hex(payload.as_bytes()),
    })
    .to_string();
    // `{"format":…,"payload_sha256":"…"}` + `,"payload":{…}}`: the payload's exact bytes are hashed.
    let mut out = String::with_capacity(header.len() + payload.len() + 16);
    out.push_str(&header[..header.len() - 1]);
    out.push_str(",\"payload\":");
    out.push_str(&payload);
    out.push_str("}\n");
    out.into_bytes()
}

/// Parses and validates a model file's bytes. `origin` names the source in errors.
pub fn from_bytes(bytes: &[u8], origin: &str) -> Result<Classifier, ModelFileError> {
    let foreign = |detail: String| ModelFileError::Foreign {
        origin: origin.to_string(),
        detail,
    };
    let corrupt = |detail: String| ModelFileError::Corrupt {
        origin: origin.to_string(),
        detail,
    };
    let text = std::str::from_utf8(bytes).map_err(|_| foreign("not UTF-8 text".into()))?;
    if !text.trim_start().starts_with('{') {
        return Err(foreign("not a JSON object".into()));
    }
    let envelope: Envelope = serde_json::from_str(text).map_err(|e| {
        if e.is_eof() || error_at_end(text, &e) {
            corrupt(format!("JSON ends early: {e}"))
        } else {
            corrupt(format!("invalid JSON: {e}"))
        }
    })?;
    if envelope.format.as_deref() != Some(FORMAT) {
        return Err(foreign(format!(
            "its \"format\" is {:?}, expected {FORMAT:?}",
            envelope.format
        )));
    }
    let version = envelope
        .format_version
        .ok_or_else(|| corrupt("no format_version".into()))?;
    if version > FORMAT_VERSION {
        return Err(ModelFileError::NewerFormat {
            origin: origin.to_string(),
            found: version,
        });
    }
    if version < 1 {
        return Err(corrupt(format!("unknown format_version {version}")));
    }
    let payload = envelope
        .payload
        .ok_or_else(|| corrupt("no payload".into()))?;
    if envelope.payload_sha256.as_deref() != Some(sha256_hex(payload.get().as_bytes()).as_str()) {
        return Err(ModelFileError::Checksum {
            origin: origin.to_string(),
        });
    }
    let p: Payload = serde_json::from_str(payload.get())
        .map_err(|e| corrupt(format!("payload does not match format {version}: {e}")))?;
    validate(&p).map_err(corrupt)?;
    let analyzer = Analyzer::new(p.analyzer);
    let vectorizer = TfidfVectorizer::from_parts(analyzer, p.tfidf, p.vocabulary, p.idf);
    Ok(Classifier::from_parts(
        p.labels,
        vectorizer,
        p.weights,
        p.intercepts,
        p.temperature,
        p.provenance,
    ))
}

/// True when a JSON error sits on the last character of the text: a file cut in the middle
/// of a number or a word fails there rather than with an end-of-file error.
fn error_at_end(text: &str, e: &serde_json::Error) -> bool {
    let trimmed = text.trim_end();
    let lines = trimmed.lines().count().max(1);
    let last_len = trimmed.lines().last().map_or(0, |l| l.chars().count());
    e.line() == lines && e.column() >= last_len
}

/// Largest magnitude of a stored number (idf, weight, intercept, temperature and its inverse):
/// with TF-IDF rows of unit norm, logits then stay finite for any text.
const MAX_ABS: f64 = 1e100;

/// Shapes and values a payload must have before a classifier may be built from it.
fn validate(p: &Payload) -> Result<(), String> {
    let k = p.labels.len();
    let d = p.vocabulary.len();
    if k < 2 {
        return Err(format!("{k} labels; a model needs at least 2"));
    }
    let mut sorted = p.labels.clone();
    sorted.sort();
    sorted.dedup();
    if sorted.len() != k {
        return Err("duplicate labels".into());
    }
    if p.idf.len() != d {
        return Err(format!("{} idf values for {d} terms", p.idf.len()));
    }
    if p.weights.len() != d * k {
        return Err(format!(
            "{} weights for {d} terms × {k} labels",
            p.weights.len()
        ));
    }
    if p.intercepts.len() != k {
        return Err(format!("{} intercepts for {k} labels", p.intercepts.len()));
    }
    let mut unique: Vec<&str> = p.vocabulary.iter().map(String::as_str).collect();
    unique.sort_unstable();
    unique.dedup();
    if unique.len() != d {
        return Err("the vocabulary repeats a term".into());
    }
    // Each block is normalised on its own, and the character block must come first.
    let char_block = p.vocabulary.partition_point(|t| !is_word_term(t));
    if !p.vocabulary[char_block..].iter().all(|t| is_word_term(t)) {
        return Err("character n-grams ('#…') after word terms in the vocabulary".into());
    }
    let finite = |xs: &[f64]| xs.iter().all(|x| x.is_finite());
    if !(finite(&p.idf) && finite(&p.weights) && finite(&p.intercepts)) {
        return Err("non-finite numbers in idf or weights".into());
    }
    // Finite is not enough: sums and products of huge values overflow to ∞ and NaN
    // probabilities. No training comes near these bounds; a hand-edited file can.
    let bounded = |xs: &[f64]| xs.iter().all(|x| x.abs() <= MAX_ABS);
    if !(bounded(&p.idf) && bounded(&p.weights) && bounded(&p.intercepts)) {
        return Err(format!("idf, weights or intercepts beyond ±{MAX_ABS:e}"));
    }
    if !(p.temperature.is_finite() && p.temperature > 0.0) {
        return Err(format!(
            "temperature {} is not a positive number",
            p.temperature
        ));
    }
    if !(1.0 / MAX_ABS..=MAX_ABS).contains(&p.temperature) {
        return Err(format!(
            "temperature {:e} is outside {:e}..{MAX_ABS:e}",
            p.temperature,
            1.0 / MAX_ABS
        ));
    }
    let (lo, hi) = p.analyzer.word_ngrams;
    if lo > hi || hi > 10 {
        return Err(format!("word n-gram range ({lo}, {hi}) is invalid"));
    }
    if let Some((lo, hi)) = p.analyzer.char_ngrams {
        if lo == 0 || lo > hi || hi > 20 {
            return Err(format!("char n-gram range ({lo}, {hi}) is invalid"));
        }
    }
    if let Some(w) = p.analyzer.target_window {
        if w > crate::features::analyzer::MAX_TARGET_WINDOW {
            return Err(format!("target window {w} is invalid"));
        }
    }
    Ok(())
}

/// Reads and validates a model file.
pub fn load(path: &Path) -> Result<Classifier, ModelFileError> {
    let origin = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| ModelFileError::Read {
        origin: origin.clone(),
        source,
    })?;
    from_bytes(&bytes, &origin)
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, flushed to disk,
/// then moved into place. Without `force`, an existing file is never replaced (the final step
/// is a hard link, which fails if the name is taken, even if another process just took it).
pub fn write_atomic(path: &Path, bytes: &[u8], force: bool) -> Result<(), ModelFileError> {
    let write_err = |source| ModelFileError::Write {
        path: path.to_path_buf(),
        source,
    };
    if !force && path.exists() {
        return Err(ModelFileError::Exists {
            path: path.to_path_buf(),
        });
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "model".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        if force {
            std::fs::rename(&tmp, path)
        } else {
            std::fs::hard_link(&tmp, path).and_then(|_| std::fs::remove_file(&tmp))
        }
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            return Err(ModelFileError::Exists {
                path: path.to_path_buf(),
            });
        }
        return Err(write_err(e));
    }
    // Make the rename itself durable.
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Saves a classifier to `path` atomically.
pub fn save(model: &Classifier, path: &Path, force: bool) -> Result<(), ModelFileError> {
    write_atomic(path, &to_bytes(model), force)
}
