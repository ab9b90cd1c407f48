//! The model file: one JSON document, a checksummed payload inside a small envelope.
//!
//! Loading parses data only (no code runs, unlike a pickled scikit-learn model), checks the
//! format version, the SHA-256 of the payload and every shape before a classifier exists.
//! Saving goes through `outfile`: a temporary file beside the target renamed into place, so a
//! reader never sees half a model.

use super::classifier::{Classifier, Provenance};
use super::fitted::FittedModel;
use super::settings::FitError;
use super::trainer::FittedWeights;
use crate::features::tfidf::is_word_term;
use crate::features::{Analyzer, AnalyzerSettings, TfidfSettings, TfidfVectorizer};
use crate::hash::sha256_hex;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
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
    // `err`, not `source`: the message shows it, and the error chain would repeat it.
    #[error("{origin}: cannot read the model file: {err}; check the path")]
    Read { origin: String, err: std::io::Error },
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
    #[error(transparent)]
    Write(#[from] crate::outfile::WriteError),
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

/// "not a stance model" error about `origin`.
fn foreign(origin: &str, detail: impl Into<String>) -> ModelFileError {
    ModelFileError::Foreign {
        origin: origin.to_string(),
        detail: detail.into(),
    }
}

/// "damaged model" error about `origin`.
fn corrupt(origin: &str, detail: impl Into<String>) -> ModelFileError {
    ModelFileError::Corrupt {
        origin: origin.to_string(),
        detail: detail.into(),
    }
}

/// Parses and validates a model file's bytes. `origin` names the source in errors.
pub fn from_bytes(bytes: &[u8], origin: &str) -> Result<Classifier, ModelFileError> {
    let text = std::str::from_utf8(bytes).map_err(|_| foreign(origin, "not UTF-8 text"))?;
    let p = match canonical_payload(text) {
        Some(p) => p,
        None => parse_payload(text, origin)?,
    };
    validate(&p).map_err(|detail| corrupt(origin, detail))?;
    classifier(p).map_err(|e| corrupt(origin, e.to_string()))
}

/// The classifier a validated payload describes.
fn classifier(p: Payload) -> Result<Classifier, FitError> {
    let analyzer = Analyzer::new(p.analyzer);
    let vectorizer = TfidfVectorizer::from_parts(analyzer, p.tfidf, p.vocabulary, p.idf);
    let weights = FittedWeights {
        weights: p.weights,
        intercepts: p.intercepts,
        convergence: p.provenance.convergence.clone(),
    };
    let fitted = FittedModel::from_parts(vectorizer, weights, p.temperature);
    Classifier::new(fitted, p.labels, p.provenance)
}

/// The payload of a file in exactly the layout `to_bytes` writes, found without parsing the
/// envelope as JSON (that parse is a full extra pass over the payload), once its format,
/// version and checksum hold and it parses. Anything else, damaged or merely hand-formatted,
/// gets `None` and goes through [`parse_payload`], which then finds and reports the fault.
fn canonical_payload(text: &str) -> Option<Payload> {
    let rest = text
        .strip_prefix("{\"format\":\"")?
        .strip_prefix(FORMAT)?
        .strip_prefix("\",\"format_version\":")?;
    let (digits, rest) = rest.split_at(rest.find(|c: char| !c.is_ascii_digit())?);
    // JSON has no leading zeros.
    if digits.starts_with('0') {
        return None;
    }
    let version: u32 = digits.parse().ok()?;
    if !(1..=FORMAT_VERSION).contains(&version) {
        return None;
    }
    let (sha, rest) = rest
        .strip_prefix(",\"payload_sha256\":\"")?
        .split_at_checked(64)?;
    let payload = rest
        .strip_prefix("\",\"payload\":")?
        // The whitespace JSON allows after a document.
        .trim_end_matches([' ', '\t', '\n', '\r'])
        .strip_suffix('}')?;
    // As the envelope's RawValue would hold it: no whitespace around the object.
    if !(payload.starts_with('{') && payload.ends_with('}')) {
        return None;
    }
    // `sha` is compared as written: an escaped or uppercase digest takes the general path.
    if sha256_hex(payload.as_bytes()) != sha {
        return None;
    }
    serde_json::from_str(payload).ok()
}

/// Parses the envelope as JSON, checks its format, version and checksum, then parses the
/// payload: any file, with the error that says what is wrong with it.
fn parse_payload(text: &str, origin: &str) -> Result<Payload, ModelFileError> {
    if !text.trim_start().starts_with('{') {
        return Err(foreign(origin, "not a JSON object"));
    }
    let envelope: Envelope = serde_json::from_str(text).map_err(|e| {
        if e.is_eof() || error_at_end(text, &e) {
            corrupt(origin, format!("JSON ends early: {e}"))
        } else {
            corrupt(origin, format!("invalid JSON: {e}"))
        }
    })?;
    if envelope.format.as_deref() != Some(FORMAT) {
        return Err(foreign(
            origin,
            format!(
                "its \"format\" is {:?}, expected {FORMAT:?}",
                envelope.format
            ),
        ));
    }
    let version = envelope
        .format_version
        .ok_or_else(|| corrupt(origin, "no format_version"))?;
    if version > FORMAT_VERSION {
        return Err(ModelFileError::NewerFormat {
            origin: origin.to_string(),
            found: version,
        });
    }
    if version < 1 {
        return Err(corrupt(origin, format!("unknown format_version {version}")));
    }
    let payload = envelope
        .payload
        .ok_or_else(|| corrupt(origin, "no payload"))?;
    if envelope.payload_sha256.as_deref() != Some(sha256_hex(payload.get().as_bytes()).as_str()) {
        return Err(ModelFileError::Checksum {
            origin: origin.to_string(),
        });
    }
    serde_json::from_str(payload.get()).map_err(|e| {
        corrupt(
            origin,
            format!("payload does not match format {version}: {e}"),
        )
    })
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
    crate::corpus::check_labels(p.labels.iter().map(String::as_str))?;
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
    // A hash set: sorting 40k terms to find a repeat took a tenth of the load.
    let mut seen = ahash::AHashSet::with_capacity(d);
    if !p.vocabulary.iter().all(|t| seen.insert(t.as_str())) {
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
    let bytes =
        crate::input::read(path, crate::input::MODEL).map_err(|err| ModelFileError::Read {
            origin: origin.clone(),
            err,
        })?;
    from_bytes(&bytes, &origin)
}

/// Saves a classifier to `path` atomically.
pub fn save(model: &Classifier, path: &Path, force: bool) -> Result<(), ModelFileError> {
    Ok(crate::outfile::write(
        path,
        &to_bytes(model),
        crate::outfile::Kind::Model,
        force,
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn shipped() -> String {
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/models/default.json"))
            .expect("models/default.json is committed")
    }

    /// The file `to_bytes` would write around `payload`.
    fn wrap(payload: &str) -> String {
        format!(
            "{{\"format\":\"{FORMAT}\",\"format_version\":2,\"payload_sha256\":\"{}\",\"payload\":{payload}}}\n",
            sha256_hex(payload.as_bytes())
        )
    }

    /// Loads `bytes` as before the layout shortcut existed (every file through the general
    /// parser) and as now, and checks both give the same model or the same error.
    fn assert_loads_as_before(bytes: &[u8]) -> Result<(), String> {
        let before = match std::str::from_utf8(bytes) {
            Err(_) => Err(ModelFileError::Foreign {
                origin: "m".into(),
                detail: "not UTF-8 text".into(),
            }
            .to_string()),
            Ok(text) => parse_payload(text, "m")
                .and_then(|p| {
                    validate(&p).map_err(|detail| ModelFileError::Corrupt {
                        origin: "m".into(),
                        detail,
                    })?;
                    classifier(p).map_err(|e| ModelFileError::Corrupt {
                        origin: "m".into(),
                        detail: e.to_string(),
                    })
                })
                .map(|c| to_bytes(&c))
                .map_err(|e| e.to_string()),
        };
        let now = from_bytes(bytes, "m")
            .map(|c| to_bytes(&c))
            .map_err(|e| e.to_string());
        assert_eq!(before, now);
        now.map(|_| ())
    }

    #[test]
    fn files_as_written_take_the_shortcut() {
        let text = shipped();
        let p = canonical_payload(&text).expect("the layout to_bytes writes");
        assert_eq!(
            to_bytes(&from_bytes(text.as_bytes(), "m").unwrap()),
            text.as_bytes()
        );
        assert!(validate(&p).is_ok());
        assert_loads_as_before(text.as_bytes()).unwrap();
    }

    #[test]
    fn other_layouts_and_damage_load_or_fail_as_before() {
        let text = shipped();
        let start = text.find("\"payload\":").unwrap() + "\"payload\":".len();
        let payload = text[start..].trim_end().strip_suffix('}').unwrap();
        let sha = sha256_hex(payload.as_bytes());
        let v: serde_json::Value = serde_json::from_str(payload).unwrap();
        let edited = |f: &dyn Fn(&mut serde_json::Value)| {
            let mut p = v.clone();
            f(&mut p);
            wrap(&serde_json::to_string(&p).unwrap())
        };
        let loads = [
            format!("{{\n  \"format\": \"stance-model\",\n  \"format_version\": 2,\n  \"payload_sha256\": \"{sha}\",\n  \"payload\": {payload}\n}}\n"),
            format!("{{\"payload\":{payload},\"format\":\"stance-model\",\"format_version\":2,\"payload_sha256\":\"{sha}\"}}"),
            format!("{{\"format\":\"stance-model\",\"format_version\":2,\"payload_sha256\":\"{sha}\",\"payload\": {payload} }}"),
            format!("{{\"format\":\"stance-model\",\"format_version\":2,\"payload_sha256\":\"\\u00{:x}{}\",\"payload\":{payload}}}", sha.as_bytes()[0], &sha[1..]),
            format!("{{\"format\":\"stance-model\",\"comment\":\"x\",\"format_version\":2,\"payload_sha256\":\"{sha}\",\"payload\":{payload}}}"),
            format!("\n {}", text.trim_end()),
        ];
        for file in &loads {
            assert!(canonical_payload(file).is_none());
            assert_loads_as_before(file.as_bytes()).unwrap();
        }
        // Version 1 and any whitespace JSON allows at the end are still the written layout.
        let v1 = text
            .trim_end()
            .replacen("\"format_version\":2", "\"format_version\":1", 1)
            + " \t\r\n";
        assert!(canonical_payload(&v1).is_some());
        assert_loads_as_before(v1.as_bytes()).unwrap();
        let doubled = format!("{payload},\"payload\":{payload}");
        let fails = [
            text.replacen("\"format_version\":2", "\"format_version\":02", 1),
            text.replacen("\"format_version\":2", "\"format_version\":3", 1),
            text.replacen("\"format_version\":2", "\"format_version\":0", 1),
            text.replacen("\"format_version\":2", "\"format_version\":4294967298", 1),
            text.replacen("\"stance-model\"", "\"stance-modelx\"", 1),
            text.replacen(&sha, &sha.to_uppercase(), 1),
            text.replacen(&sha, &sha256_hex(b"other"), 1),
            text.replacen(&sha, &sha[1..], 1),
            format!("{}x", text.trim_end()),
            format!("{}\u{a0}", text.trim_end()),
            text[..text.len() / 2].to_string(),
            text[..text.len() - 3].to_string(),
            wrap(&doubled),
            wrap(&format!(" {payload}")),
            edited(&|p| p["pickle"] = "x".into()),
            edited(&|p| p["vocabulary"][1] = p["vocabulary"][0].clone()),
            edited(&|p| p["weights"][0] = 1e300.into()),
            String::new(),
            "[1]".into(),
        ];
        for file in &fails {
            assert!(
                assert_loads_as_before(file.as_bytes()).is_err(),
                "{}",
                file.chars().take(80).collect::<String>()
            );
        }
        assert!(assert_loads_as_before(b"{\"format\":\"stance-model\xff").is_err());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Any one byte of the envelope changed: the same model or the same error as before.
        #[test]
        fn one_byte_edits_load_or_fail_as_before(at in 0usize..140, from_end in any::<bool>(), byte in any::<u8>()) {
            let mut bytes = shipped().into_bytes();
            let i = if from_end { bytes.len() - 1 - at % 4 } else { at };
            bytes[i] = byte;
            let _ = assert_loads_as_before(&bytes);
        }
    }
}
