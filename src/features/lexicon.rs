//! Sentiment-lexicon class tokens: a word's valence becomes one to three `LEX_POS*` or
//! `LEX_NEG*` unigrams, so opinion words the training data never saw still count.
//!
//! The valences come from VADER's lexicon as the `vader_sentiment` crate ships it (MIT),
//! optionally with a user's words added or overridden (`--lexicon FILE`). A model stores the
//! entries it was trained with and their checksum, so a newer crate can never change what a
//! saved model predicts.

use super::term_hash;
use crate::hash::sha256_hex;
use rust_stemmers::{Algorithm, Stemmer};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// Class terms by level: index 0..3 = NEG3, NEG2, NEG1; 3..6 = POS1, POS2, POS3. Upper case,
/// like `NEG_`: the tokenizer lowercases every word, so no text can produce them.
pub const NEGATIVE_TERMS: [&str; 3] = ["LEX_NEG1", "LEX_NEG2", "LEX_NEG3"];
pub const POSITIVE_TERMS: [&str; 3] = ["LEX_POS1", "LEX_POS2", "LEX_POS3"];
/// What every lexicon term starts with.
pub const LEXICON_PREFIX: &str = "LEX_";

/// Name of the built-in lexicon in config files (`lexicon = "vader"`).
pub const BUILTIN: &str = "vader";

/// A word's level: its sign is the valence's, its size the number of class terms it emits
/// (3 for |valence| ≥ 2.5, 2 for ≥ 1.5, 1 below, 0 for a valence of 0).
pub fn level_of(valence: f64) -> i8 {
    let a = valence.abs();
    let n = if a >= 2.5 {
        3
    } else if a >= 1.5 {
        2
    } else if a > 0.0 {
        1
    } else {
        0
    };
    if valence < 0.0 {
        -n
    } else {
        n
    }
}

/// The class terms a signed level emits, weakest first ("LEX_NEG1", "LEX_NEG2", …).
pub fn terms_of(level: i8) -> &'static [&'static str] {
    let n = level.unsigned_abs() as usize;
    if level < 0 {
        &NEGATIVE_TERMS[..n]
    } else {
        &POSITIVE_TERMS[..n]
    }
}

/// Hashes of the class terms (`term_hash::of_term`), in the order of `terms_of`.
pub fn term_hashes_of(level: i8) -> &'static [u64] {
    static HASHES: OnceLock<[[u64; 3]; 2]> = OnceLock::new();
    let h = HASHES.get_or_init(|| {
        let of = |t: [&str; 3]| t.map(term_hash::of_term);
        [of(NEGATIVE_TERMS), of(POSITIVE_TERMS)]
    });
    let n = level.unsigned_abs() as usize;
    &h[usize::from(level >= 0)][..n]
}

/// A lexicon ready for lookups; cheap to clone (shared).
#[derive(Clone)]
pub struct Lexicon(Arc<Table>);

struct Table {
    name: String,
    sha256: String,
    /// Word → valence, as stored in the model.
    entries: BTreeMap<String, f64>,
    /// FNV hash of a word → its level (0 entries included: they override the stem).
    words: nohash_hasher::IntMap<u64, i8>,
    /// FNV hash of a Porter2 stem → the level of the mean valence of the entries with that
    /// stem, for inflections the lexicon does not list.
    stems: nohash_hasher::IntMap<u64, i8>,
}

/// The stored form.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Stored {
    name: String,
    sha256: String,
    entries: BTreeMap<String, f64>,
}

/// How a lexicon is written in a settings file: the built-in one by name, any other in full.
#[derive(Deserialize)]
#[serde(untagged)]
enum InConfig {
    Name(String),
    Full(Stored),
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Lexicon({}, {} words, sha256 {})",
            self.0.name,
            self.0.entries.len(),
            &self.0.sha256[..12]
        )
    }
}

impl PartialEq for Lexicon {
    fn eq(&self, other: &Self) -> bool {
        self.0.sha256 == other.0.sha256
    }
}

impl Serialize for Lexicon {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Stored {
            name: self.0.name.clone(),
            sha256: self.0.sha256.clone(),
            entries: self.0.entries.clone(),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Lexicon {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match InConfig::deserialize(d)? {
            InConfig::Name(name) if name == BUILTIN => Ok(Lexicon::vader()),
            InConfig::Name(name) => Err(serde::de::Error::custom(format!(
                "unknown lexicon {name:?}; the built-in one is \"{BUILTIN}\""
            ))),
            InConfig::Full(stored) => {
                for (word, &v) in &stored.entries {
                    if !v.is_finite() || single_word(word).as_deref() != Some(word.as_str()) {
                        return Err(serde::de::Error::custom(format!(
                            "lexicon entry {word:?} = {v} is not one lowercase word with a finite valence"
                        )));
                    }
                }
                let lexicon = Lexicon::from_entries(stored.name, stored.entries);
                if lexicon.0.sha256 != stored.sha256 {
                    return Err(serde::de::Error::custom(
                        "the lexicon's checksum does not match its entries",
                    ));
                }
                Ok(lexicon)
            }
        }
    }
}

/// Why a `--lexicon` file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("{path}: cannot read the lexicon file: {source}; check the path")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {detail}; a lexicon file has one `word<TAB>valence` per line (e.g. `bullying\t-2.9`)")]
    Line {
        path: String,
        line: usize,
        detail: String,
    },
}

impl Lexicon {
    /// VADER's lexicon from the `vader_sentiment` crate: the entries that are one word as the
    /// analyzer tokenizes them (emoticons and the like are left out).
    pub fn vader() -> Self {
        static VADER: OnceLock<Lexicon> = OnceLock::new();
        VADER
            .get_or_init(|| {
                let mut entries = BTreeMap::new();
                for (word, &valence) in vader_sentiment::LEXICON.iter() {
                    let word = word.to_lowercase();
                    if single_word(&word).as_deref() == Some(word.as_str()) {
                        entries.insert(word, valence);
                    }
                }
                Lexicon::from_entries(format!("VADER ({})", vader_crate()), entries)
            })
            .clone()
    }

    /// This lexicon with the words of a `word<TAB>valence` file added or replacing its own.
    /// Blank lines and lines starting with `#` are skipped.
    pub fn with_file(&self, path: &Path) -> Result<Self, LexiconError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| LexiconError::Read {
            path: shown.clone(),
            source,
        })?;
        let mut entries = self.0.entries.clone();
        let mut added = 0;
        for (i, line) in text.lines().enumerate() {
            let bad = |detail: String| LexiconError::Line {
                path: shown.clone(),
                line: i + 1,
                detail,
            };
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let (word, valence) = line
                .split_once('\t')
                .ok_or_else(|| bad("no TAB between the word and its valence".into()))?;
            let valence: f64 = valence
                .trim()
                .parse()
                .ok()
                .filter(|v: &f64| v.is_finite())
                .ok_or_else(|| bad(format!("{:?} is not a number", valence.trim())))?;
            let word = single_word(word.trim()).ok_or_else(|| {
                bad(format!(
                    "{:?} is not one word (the analyzer would split it)",
                    word.trim()
                ))
            })?;
            entries.insert(word, valence);
            added += 1;
        }
        let name = format!(
            "{} + {added} words from {}",
            self.0.name,
            path.file_name()
                .map_or(shown.clone(), |n| n.to_string_lossy().into_owned())
        );
        Ok(Lexicon::from_entries(name, entries))
    }

    fn from_entries(name: String, entries: BTreeMap<String, f64>) -> Self {
        let mut canonical = String::new();
        for (word, valence) in &entries {
            canonical.push_str(word);
            canonical.push('\t');
            canonical.push_str(&valence.to_string());
            canonical.push('\n');
        }
        let sha256 = sha256_hex(canonical.as_bytes());
        let words = entries
            .iter()
            .map(|(w, &v)| (term_hash::fnv(w.as_bytes()), level_of(v)))
            .collect();
        let stemmer = Stemmer::create(Algorithm::English);
        let mut by_stem: BTreeMap<String, (f64, usize)> = BTreeMap::new();
        for (word, &valence) in &entries {
            let e = by_stem.entry(stemmer.stem(word).into_owned()).or_default();
            e.0 += valence;
            e.1 += 1;
        }
        let stems = by_stem
            .iter()
            .map(|(s, &(sum, n))| (term_hash::fnv(s.as_bytes()), level_of(sum / n as f64)))
            .collect();
        Lexicon(Arc::new(Table {
            name,
            sha256,
            entries,
            words,
            stems,
        }))
    }

    pub fn name(&self) -> &str {
        &self.0.name
    }

    pub fn sha256(&self) -> &str {
        &self.0.sha256
    }

    pub fn len(&self) -> usize {
        self.0.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.entries.is_empty()
    }

    /// Whether this is the built-in lexicon exactly (a config file can name it).
    pub fn is_builtin(&self) -> bool {
        *self == Lexicon::vader()
    }

    /// The level of a lowercased word by the hash of the word itself, else by the hash of
    /// its stem (`stem_hash` is called only then).
    #[inline]
    pub fn level(&self, word_hash: u64, stem_hash: impl FnOnce() -> u64) -> i8 {
        match self.0.words.get(&word_hash) {
            Some(&l) => l,
            None => self.0.stems.get(&stem_hash()).copied().unwrap_or(0),
        }
    }
}

/// The crate the built-in lexicon comes from, with its version (read from Cargo.lock at
/// build time), so a model names exactly where its entries came from.
fn vader_crate() -> &'static str {
    concat!("vader_sentiment ", env!("STANCE_VADER_VERSION"))
}

/// `text` as one lowercased analyzer word, if the analyzer reads it as exactly one word.
fn single_word(text: &str) -> Option<String> {
    super::analyzer::single_word(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_follow_the_valence_bands() {
        assert_eq!(level_of(-2.9), -3);
        assert_eq!(level_of(2.5), 3);
        assert_eq!(level_of(2.2), 2);
        assert_eq!(level_of(-1.5), -2);
        assert_eq!(level_of(1.1), 1);
        assert_eq!(level_of(0.0), 0);
        assert_eq!(terms_of(-2), ["LEX_NEG1", "LEX_NEG2"]);
        assert_eq!(terms_of(3), ["LEX_POS1", "LEX_POS2", "LEX_POS3"]);
        assert!(terms_of(0).is_empty());
        assert_eq!(term_hashes_of(-1), [term_hash::of_term("LEX_NEG1")]);
    }

    #[test]
    fn vader_is_loaded_and_checksummed_and_round_trips() {
        let v = Lexicon::vader();
        assert!(v.len() > 7000, "{}", v.len());
        assert!(v.name().starts_with("VADER (vader_sentiment "));
        let level = |w: &str| {
            let stem = Stemmer::create(Algorithm::English).stem(w).into_owned();
            v.level(term_hash::fnv(w.as_bytes()), || {
                term_hash::fnv(stem.as_bytes())
            })
        };
        assert_eq!(level("bullying"), -3);
        assert_eq!(level("proud"), 2);
        assert_eq!(level("table"), 0);
        // Not listed itself, found by its stem.
        assert!(!v.0.entries.contains_key("sabotaging"));
        assert!(level("sabotaging") < 0);
        let json = serde_json::to_string(&v).unwrap();
        let back: Lexicon = serde_json::from_str(&json).unwrap();
        assert_eq!(back, v);
        assert_eq!(back.sha256(), v.sha256());
        let by_name: Lexicon = serde_json::from_str("\"vader\"").unwrap();
        assert!(by_name.is_builtin());
        // An edited entry no longer matches the stored checksum.
        let edited = json.replacen("\"bullying\":-2.9", "\"bullying\":2.9", 1);
        assert_ne!(edited, json);
        let err = serde_json::from_str::<Lexicon>(&edited).unwrap_err();
        assert!(err.to_string().contains("checksum"), "{err}");
    }

    #[test]
    fn a_file_adds_and_overrides_words_and_bad_lines_name_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mine.tsv");
        std::fs::write(&path, "# my words\nstonewalling\t-2.0\nbullying\t0\n\n").unwrap();
        let v = Lexicon::vader();
        let mine = v.with_file(&path).unwrap();
        assert_ne!(mine, v);
        assert!(!mine.is_builtin());
        let h = |w: &str| term_hash::fnv(w.as_bytes());
        assert_eq!(mine.level(h("stonewalling"), || 0), -2);
        // A 0 entry silences the word, and its stem is not tried.
        assert_eq!(mine.level(h("bullying"), || h("bulli")), 0);
        assert!(mine.name().contains("+ 2 words from mine.tsv"));
        for (text, expected) in [
            ("calm\n", "mine.tsv:1: no TAB"),
            ("calm\tvery\n", "mine.tsv:1: \"very\" is not a number"),
            (
                "ok\t1\nwitch hunt\t-2\n",
                "mine.tsv:2: \"witch hunt\" is not one word",
            ),
        ] {
            std::fs::write(&path, text).unwrap();
            let err = v.with_file(&path).unwrap_err().to_string();
            assert!(err.contains(expected), "{err}");
        }
    }
}
