//! A registry folder: the names and versions in it, numbering a new version, resolving
//! `NAME@vN`, and saving a trained model as a new version.

use super::version::{CardRenderer, ModelVersion};
use super::{io, RegistryError, DEFAULT_DIR, ENV_VAR};
use crate::model::Classifier;
use crate::registry_layout::{parse_version, validate_name};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// A registry folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registry {
    root: PathBuf,
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
            .filter_map(|e| parse_version(&e.file_name().to_string_lossy()))
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
    /// metadata, card (rendered by `card`) and training summary into it. `summary` is built
    /// from the model path (which depends on the version number), so it is a function of it;
    /// it is returned too.
    pub fn save_new_version(
        &self,
        name: &str,
        model: &Classifier,
        summary: impl FnOnce(&Path) -> String,
        card: CardRenderer,
    ) -> Result<(ModelVersion, String), RegistryError> {
        let v = self.create_version(name)?;
        let summary = summary(&v.model_path());
        match v.write_files(model, &summary, SystemTime::now(), card) {
            Ok(()) => Ok((v, summary)),
            Err(e) => {
                // The folder is ours and unfinished: leave no half version behind.
                let _ = std::fs::remove_dir_all(&v.dir);
                Err(e)
            }
        }
    }
}
