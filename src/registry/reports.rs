//! A version's saved evaluation reports: where each is saved, saving one, and reading their
//! heads for listings and the card.

use super::dates::format_utc;
use super::version::{CardRenderer, ModelVersion};
use super::{io, RegistryError};
use crate::eval::report::{ModelIdentity, REPORT_VERSION};
use crate::eval::EvalReport;
use crate::outfile::{self, Kind};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

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
    /// replacing an earlier report on the same data, and refreshes the card with `card`.
    pub fn save_report(
        &self,
        report: &EvalReport,
        data: &Path,
        card: CardRenderer,
    ) -> Result<PathBuf, RegistryError> {
        let dir = self.reports_dir();
        std::fs::create_dir_all(&dir).map_err(io(&dir, "create the reports folder"))?;
        let path = self.report_path(data, &report.data_sha256);
        let mut bytes = serde_json::to_vec_pretty(report).map_err(|e| RegistryError::Report {
            path: path.clone(),
            detail: e.to_string(),
        })?;
        bytes.push(b'\n');
        outfile::write(&path, &bytes, Kind::Registry, true)?;
        self.write_card(card)?;
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
