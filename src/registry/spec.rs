//! What `--model` (or a `compare` argument) names: a model file, or `NAME` / `NAME@vN`.

use super::RegistryError;
use crate::registry_layout::{parse_version, validate_name};
use std::path::{Path, PathBuf};

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
                if !v.starts_with('v') {
                    return Err(invalid(format!("the version {v:?} should look like v2")));
                }
                let n = parse_version(v).ok_or_else(|| {
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

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}
