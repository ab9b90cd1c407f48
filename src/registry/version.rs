//! One version of a named model: its folder's files (model, metadata, card, training
//! summary), written so that a half-written version is never taken for a finished one.

use super::dates::format_utc;
use super::reports::ReportSummary;
use super::{io, RegistryError};
use crate::features::{AnalyzerSettings, TfidfSettings};
use crate::hash::sha256_hex;
use crate::model::classifier::Provenance;
use crate::model::{file, Classifier};
use crate::outfile::{self, Kind};
use crate::registry_layout::{CARD_FILE, META_FILE, MODEL_FILE, REPORTS_DIR, TRAIN_FILE};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// Renders a version's card (Markdown) from its metadata and saved reports. The registry
/// stores the card but does not format it: formatting sits above it, in
/// `render::card::model_card`, which the caller passes in.
pub type CardRenderer = fn(&VersionMeta, &[ReportSummary]) -> String;

/// One version of a named model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelVersion {
    pub name: String,
    pub version: u32,
    pub dir: PathBuf,
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

    /// Writes version.json, train.txt, card.md (rendered by `card`), then model.json (last: it
    /// marks the version finished).
    pub fn write_files(
        &self,
        model: &Classifier,
        summary: &str,
        now: SystemTime,
        card: CardRenderer,
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
            card(&meta, &[]).as_bytes(),
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

    /// Rewrites card.md from version.json and the saved reports, rendered by `card`.
    pub fn write_card(&self, card: CardRenderer) -> Result<(), RegistryError> {
        let meta = self.load_meta()?;
        let (reports, _) = self.reports();
        outfile::write(
            &self.card_path(),
            card(&meta, &reports).as_bytes(),
            Kind::Registry,
            true,
        )?;
        Ok(())
    }
}
