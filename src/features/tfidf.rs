//! The fitted vectorizer: vocabulary + inverse document frequency (learnt in `vocabulary`),
//! and the transform from text to L2-normalised TF-IDF rows. Decomposed as scikit-learn's
//! `TfidfVectorizer`: analyzer, vocabulary, idf, norm.

use super::analyzer::{Analyzer, AnalyzerScratch, AnalyzerSettings, Coverage, TermIds};
use super::document::{Document, Targeted};
use super::sparse::{CsrMatrix, SparseRow};
use super::stop_words::is_stop_word;
use super::term_hash;
use super::vocabulary::{self, Learned};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

/// Vocabulary pruning and weighting. Stored in the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TfidfSettings {
    /// Keep terms found in at least this many training texts. Default: 2.
    pub min_df: usize,
    /// Drop terms found in more than this share of training texts. Default: 1.0 (keep all).
    pub max_df: f64,
    /// Keep only the this many most frequent terms (after min_df / max_df). Default: no limit.
    pub max_features: Option<usize>,
    /// Use 1 + ln(tf) instead of the raw count. Default: true.
    pub sublinear_tf: bool,
    /// Leave function words (`analyzer::STOP_WORDS`, plain or negation-marked) out of the
    /// vocabulary as unigrams; they still count inside n-grams ("we will", "not NEG_the").
    /// A lone "it" or "the" says nothing about stance but, over a corpus, picks up weight
    /// that makes confident calls on texts the model otherwise does not know. Default: false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub stop_unigrams: bool,
}

impl Default for TfidfSettings {
    fn default() -> Self {
        Self {
            min_df: 2,
            max_df: 1.0,
            max_features: None,
            sublinear_tf: true,
            stop_unigrams: false,
        }
    }
}

/// Why a vectorizer could not be fitted.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum TfidfError {
    #[error("no terms are left after pruning ({n_texts} texts, min_df {min_df}, max_df {max_df}); lower --min-df or raise --max-df")]
    EmptyVocabulary {
        n_texts: usize,
        min_df: usize,
        max_df: f64,
    },
    #[error("invalid TF-IDF settings: {0}")]
    InvalidSettings(String),
}

/// A fitted vectorizer: the analyzer, the vocabulary (character n-grams first, then by
/// document frequency) and its idf weights.
#[derive(Debug)]
pub struct TfidfVectorizer {
    analyzer: Analyzer,
    settings: TfidfSettings,
    terms: Vec<String>,
    idf: Vec<f64>,
    lookup: TermLookup,
    /// Terms below this index are character n-grams.
    char_block_end: u32,
    /// This vocabulary's identity for the analyzer's per-thread word cache (never 0).
    owner: u64,
}

/// The next vectorizer's `owner`.
static NEXT_OWNER: AtomicU64 = AtomicU64::new(1);

/// How a term found in a text is turned into its column.
#[derive(Debug)]
enum TermLookup {
    /// By term hash, without building term strings: whenever no two vocabulary terms share
    /// a hash (all but astronomically always).
    Hashed(HashedIndex),
    /// By term string.
    ByString(TermIndex),
}

/// Texts analysed per parallel task: a fixed size, so work is split the same way whatever
/// the thread count.
pub(super) const CHUNK: usize = 1024;

impl TfidfSettings {
    pub fn check(&self) -> Result<(), TfidfError> {
        if !(self.max_df > 0.0 && self.max_df <= 1.0) {
            return Err(TfidfError::InvalidSettings(format!(
                "max_df must be in (0, 1], got {}",
                self.max_df
            )));
        }
        if self.max_features == Some(0) {
            return Err(TfidfError::InvalidSettings(
                "max_features must be at least 1".into(),
            ));
        }
        Ok(())
    }
}

impl TfidfVectorizer {
    /// Learns the vocabulary and idf from `texts` and returns their rows too (one analysis pass).
    /// Texts with a target (`Targeted`) have its mentions marked if the analyzer does that.
    pub fn fit_transform<S: Document + Sync>(
        analyzer_settings: AnalyzerSettings,
        settings: TfidfSettings,
        texts: &[S],
    ) -> Result<(Self, CsrMatrix), TfidfError> {
        settings.check()?;
        let analyzer = Analyzer::new(analyzer_settings);
        let Learned {
            terms,
            idf,
            mut docs,
        } = vocabulary::learn(&analyzer, &settings, texts)?;
        let vectorizer = Self::from_parts(analyzer, settings, terms, idf);
        let mut matrix = CsrMatrix::new(vectorizer.n_features());
        for ids in &mut docs {
            matrix.push_row(&vectorizer.weigh(ids));
        }
        Ok((vectorizer, matrix))
    }

    /// Rebuilds a fitted vectorizer from the parts stored in a model file.
    pub fn from_parts(
        analyzer: Analyzer,
        settings: TfidfSettings,
        terms: Vec<String>,
        idf: Vec<f64>,
    ) -> Self {
        let char_block_end = terms.partition_point(|t| !is_word_term(t)) as u32;
        let mut hashed = HashedIndex::with_capacity_and_hasher(terms.len(), Default::default());
        let unique = terms
            .iter()
            .enumerate()
            .all(|(i, t)| hashed.insert(term_hash::of_term(t), i as u32).is_none());
        let lookup = if unique {
            TermLookup::Hashed(hashed)
        } else {
            let mut index = TermIndex::with_capacity_and_hasher(terms.len(), fixed_hasher());
            index.extend(terms.iter().enumerate().map(|(i, t)| (t.clone(), i as u32)));
            TermLookup::ByString(index)
        };
        Self {
            analyzer,
            settings,
            terms,
            idf,
            lookup,
            char_block_end,
            owner: NEXT_OWNER.fetch_add(1, Ordering::Relaxed),
        }
    }

    pub fn n_features(&self) -> usize {
        self.terms.len()
    }

    pub fn terms(&self) -> &[String] {
        &self.terms
    }

    pub fn idf(&self) -> &[f64] {
        &self.idf
    }

    pub fn settings(&self) -> &TfidfSettings {
        &self.settings
    }

    pub fn analyzer(&self) -> &Analyzer {
        &self.analyzer
    }

    /// One text → one L2-normalised TF-IDF row (unknown terms are ignored).
    pub fn transform_one(&self, text: &str, scratch: &mut TransformScratch) -> SparseRow {
        self.transform_doc(Targeted::new(text, None), scratch)
    }

    /// [`TfidfVectorizer::transform_one`] for a document: the mentions of its target marked
    /// if the analyzer does target marking, and its context read if the analyzer uses context
    /// (otherwise each is ignored).
    pub fn transform_doc(&self, doc: Targeted<'_>, scratch: &mut TransformScratch) -> SparseRow {
        let mut row = SparseRow::default();
        self.transform_doc_into(doc, scratch, &mut row);
        row
    }

    /// [`TfidfVectorizer::transform_doc`] into `row` (cleared first), so a caller featurising
    /// many texts one by one reuses the row's buffers.
    pub fn transform_doc_into(
        &self,
        doc: Targeted<'_>,
        scratch: &mut TransformScratch,
        row: &mut SparseRow,
    ) {
        let TransformScratch {
            analyzer,
            ids,
            coverage,
        } = scratch;
        ids.clear();
        let Targeted { text, target, .. } = doc;
        let plain = target.is_none() || self.analyzer.settings().target_window.is_none();
        match &self.lookup {
            TermLookup::Hashed(hashed) if plain => {
                self.analyzer.for_each_term_id(
                    text,
                    doc.context,
                    analyzer,
                    hashed,
                    self.owner,
                    ids,
                );
                *coverage = if self.analyzer.settings().word_ngrams.0 > 0 {
                    analyzer.coverage()
                } else {
                    // No word n-grams (character n-grams only): words are known by the
                    // lexicon alone.
                    self.coverage_by(text, target, analyzer, |_| false)
                };
            }
            TermLookup::Hashed(hashed) => {
                self.analyzer.for_each_term_hash_of(doc, analyzer, |h| {
                    if let Some(&id) = hashed.get(&h) {
                        ids.push(id);
                    }
                });
                *coverage = self.coverage_by(text, target, analyzer, |unigram| {
                    hashed.contains_key(&term_hash::of_term(unigram))
                });
            }
            TermLookup::ByString(index) => {
                self.analyzer.for_each_term_of(doc, analyzer, |term| {
                    if let Some(&id) = index.get(term) {
                        ids.push(id);
                    }
                });
                *coverage = self.coverage_by(text, target, analyzer, |unigram| {
                    index.contains_key(unigram)
                });
            }
        }
        self.weigh_into(ids, row)
    }

    /// The words of `text` behind its lexicon terms, with their signed levels (see
    /// [`Analyzer::lexicon_words`]).
    pub fn lexicon_words(
        &self,
        text: &str,
        target: Option<&str>,
        scratch: &mut TransformScratch,
    ) -> Vec<(String, i8)> {
        self.analyzer
            .lexicon_words(text, target, &mut scratch.analyzer)
    }

    /// Coverage of `text` with `known` telling which processed unigrams have a column (the
    /// slower paths; plain prediction counts it while featurising).
    fn coverage_by(
        &self,
        text: &str,
        target: Option<&str>,
        scratch: &mut AnalyzerScratch,
        known: impl Fn(&str) -> bool,
    ) -> Coverage {
        let unigrams = self.analyzer.settings().word_ngrams.0 == 1;
        let mut c = Coverage::default();
        self.analyzer
            .for_each_word(text, target, scratch, |word, unigram, level| {
                if is_stop_word(word) {
                    return;
                }
                c.words += 1;
                c.known += u32::from(level != 0 || (unigrams && known(unigram)));
            });
        c
    }

    /// Many texts → a CSR matrix, in parallel over fixed chunks, rows in input order.
    pub fn transform<S: Document + Sync>(&self, texts: &[S]) -> CsrMatrix {
        let rows: Vec<SparseRow> = texts
            .par_chunks(CHUNK)
            .map_init(TransformScratch::default, |scratch, part| {
                part.iter()
                    .map(|t| self.transform_doc(Targeted::of(t), scratch))
                    .collect::<Vec<_>>()
            })
            .flatten_iter()
            .collect();
        CsrMatrix::from_rows(self.n_features(), rows)
    }

    /// Term ids of one text (with repeats, any order) → the weighted, normalised row.
    fn weigh(&self, ids: &mut [u32]) -> SparseRow {
        let mut row = SparseRow::default();
        self.weigh_into(ids, &mut row);
        row
    }

    /// [`TfidfVectorizer::weigh`] into `row` (cleared first).
    fn weigh_into(&self, ids: &mut [u32], row: &mut SparseRow) {
        ids.sort_unstable();
        row.indices.clear();
        row.values.clear();
        for run in ids.chunk_by(|a, b| a == b) {
            let tf = run.len() as f64;
            // Most terms occur once, and 1 + ln 1 is exactly 1: no logarithm needed.
            let tf = if self.settings.sublinear_tf && run.len() > 1 {
                1.0 + tf.ln()
            } else {
                tf
            };
            row.indices.push(run[0]);
            row.values.push(tf * self.idf[run[0] as usize]);
        }
        // Character n-grams (sorted first: they start with '#') and word n-grams are normalised
        // as separate blocks, as scikit-learn's FeatureUnion does; otherwise the ~10 character
        // n-grams of every word drown the word features. Then the row as a whole.
        let split = row.indices.partition_point(|&j| j < self.char_block_end);
        let (chars, words) = row.values.split_at_mut(split);
        if normalise(chars) + normalise(words) > 1 {
            let scale = std::f64::consts::FRAC_1_SQRT_2;
            row.values.iter_mut().for_each(|v| *v *= scale);
        }
    }
}

/// Word n-grams; character n-grams start with '#', which the word tokenizer never emits.
pub fn is_word_term(term: &str) -> bool {
    !term.starts_with('#')
}

/// Buffers reused across `transform_one` calls.
#[derive(Default)]
pub struct TransformScratch {
    analyzer: AnalyzerScratch,
    ids: Vec<u32>,
    /// Coverage of the last text transformed.
    coverage: Coverage,
}

impl TransformScratch {
    /// How much of the last text transformed the model knows.
    pub fn coverage(&self) -> Coverage {
        self.coverage
    }
}

/// Vocabulary lookup: a fast non-cryptographic hash (the keys are our own vocabulary), with
/// fixed seeds so nothing depends on the process.
pub(super) type TermIndex = HashMap<String, u32, ahash::RandomState>;
/// Term hashes are already well mixed (see `term_hash`), so the table uses them as they are.
/// Its contents are the model's own terms, which text cannot change, so no input can make
/// its probe sequences longer.
type HashedIndex = TermIds;

pub(super) fn fixed_hasher() -> ahash::RandomState {
    ahash::RandomState::with_seeds(0x5354, 0x414e, 0x4345, 0x2121)
}

/// Scales `values` to unit L2 norm; returns 1 if it had any weight, else 0.
fn normalise(values: &mut [f64]) -> usize {
    let norm = values.iter().map(|v| v * v).sum::<f64>().sqrt();
    if norm > 0.0 {
        values.iter_mut().for_each(|v| *v /= norm);
        1
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain() -> AnalyzerSettings {
        AnalyzerSettings {
            stem: false,
            negation: false,
            word_ngrams: (1, 1),
            char_ngrams: None,
            target_window: None,
            stop_words: false,
            lexicon: None,
            context_words: None,
        }
    }

    #[test]
    fn vocabulary_is_pruned_and_idf_is_smooth() {
        let texts = ["b a a", "a c", "a b d"];
        let settings = TfidfSettings {
            min_df: 2,
            ..TfidfSettings::default()
        };
        let (v, m) = TfidfVectorizer::fit_transform(plain(), settings, &texts).unwrap();
        assert_eq!(v.terms(), ["a", "b"]);
        // a occurs in all 3 texts: ln(4/4)+1 = 1; b in 2: ln(4/3)+1.
        assert!((v.idf()[0] - 1.0).abs() < 1e-12);
        assert!((v.idf()[1] - ((4.0f64 / 3.0).ln() + 1.0)).abs() < 1e-12);
        assert_eq!(m.n_rows(), 3);
        // Row 1 has only "a": a unit vector.
        assert_eq!(m.row(1), (&[0u32][..], &[1.0][..]));
        // Every non-empty row is L2-normalised.
        for r in 0..3 {
            let n: f64 = m.row(r).1.iter().map(|v| v * v).sum();
            assert!((n - 1.0).abs() < 1e-12);
        }
    }

    #[test]
    fn columns_are_character_block_first_then_most_frequent_first() {
        let settings = AnalyzerSettings {
            char_ngrams: Some((2, 2)),
            ..plain()
        };
        let tfidf = TfidfSettings {
            min_df: 1,
            ..TfidfSettings::default()
        };
        let (v, _) =
            TfidfVectorizer::fit_transform(settings, tfidf, &["z y", "z", "z y x"]).unwrap();
        let words: Vec<&str> = v
            .terms()
            .iter()
            .map(String::as_str)
            .filter(|t| is_word_term(t))
            .collect();
        assert_eq!(words, ["z", "y", "x"]);
        let first_word = v.terms().iter().position(|t| is_word_term(t)).unwrap();
        assert!(v.terms()[..first_word].iter().all(|t| !is_word_term(t)));
        // Within a block, ascending idf is descending document frequency.
        assert!(v.idf()[first_word..].windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn transform_matches_fit_transform_and_ignores_unknown_terms() {
        let texts = ["we reject talks", "we welcome talks", "talks resume"];
        let settings = TfidfSettings {
            min_df: 1,
            ..TfidfSettings::default()
        };
        let (v, m) = TfidfVectorizer::fit_transform(plain(), settings, &texts).unwrap();
        assert_eq!(v.transform(&texts), m);
        let unknown = v.transform_one("zebra", &mut TransformScratch::default());
        assert_eq!(unknown.nnz(), 0);
    }

    /// The prediction path (per-thread word cache, unigram columns cached per vocabulary)
    /// gives the rows training built, whatever the settings, and two vocabularies used in
    /// turn on one thread never see each other's cached columns.
    #[test]
    fn cached_word_columns_match_fit_transform_across_settings_and_vocabularies() {
        let texts = [
            "We will not accept talks, they said. Talks resume!",
            "we welcome talks and never threaten",
            "The talks cannot resume without guarantees",
            "threats: no. TALKS: yes, talks",
        ];
        let settings = TfidfSettings {
            min_df: 1,
            ..TfidfSettings::default()
        };
        let variants = [
            AnalyzerSettings::default(),
            plain(),
            AnalyzerSettings {
                word_ngrams: (2, 3),
                ..AnalyzerSettings::default()
            },
            AnalyzerSettings {
                stem: false,
                stop_words: true,
                char_ngrams: Some((2, 4)),
                ..AnalyzerSettings::default()
            },
        ];
        let fitted: Vec<_> = variants
            .iter()
            .map(|a| TfidfVectorizer::fit_transform(a.clone(), settings.clone(), &texts).unwrap())
            .collect();
        for _ in 0..2 {
            for (v, m) in &fitted {
                assert_eq!(&v.transform(&texts), m, "{:?}", v.analyzer().settings());
            }
        }
    }

    /// Coverage: the share of content words with a unigram column (as they occur, negation
    /// mark included) or a lexicon entry, the same on every path.
    #[test]
    fn coverage_counts_words_with_a_column_or_a_lexicon_entry() {
        use crate::features::Targeted;
        let settings = TfidfSettings {
            min_df: 1,
            ..TfidfSettings::default()
        };
        let with_lexicon = AnalyzerSettings {
            lexicon: Some(crate::features::Lexicon::vader()),
            ..plain()
        };
        let (v, _) =
            TfidfVectorizer::fit_transform(with_lexicon, settings.clone(), &["talks resume"])
                .unwrap();
        let mut scratch = TransformScratch::default();
        let mut coverage = |text: &str| {
            v.transform_one(text, &mut scratch);
            scratch.coverage()
        };
        // "talks" has a column, "bullying" a lexicon entry, "zorbified" neither.
        assert_eq!(
            coverage("Talks zorbified, bullying!"),
            Coverage { words: 3, known: 2 }
        );
        assert_eq!(coverage(""), Coverage { words: 0, known: 0 });
        // Function words are left out: "it", "is" and "the" neither help nor hurt.
        assert_eq!(
            coverage("It is the zorbified talks"),
            Coverage { words: 2, known: 1 }
        );
        assert_eq!(Coverage { words: 0, known: 0 }.share(), 0.0);
        assert_eq!(Coverage { words: 4, known: 3 }.share(), 0.75);
        // The target path agrees, and a mention is not a word of the quote.
        let marked = AnalyzerSettings {
            target_window: Some(1),
            ..v.analyzer().settings().clone()
        };
        let docs = [Targeted::new("talks resume", Some("Iran"))];
        let (m, _) = TfidfVectorizer::fit_transform(marked, settings.clone(), &docs).unwrap();
        m.transform_doc(
            Targeted::new("Iran talks zorbified", Some("Iran")),
            &mut scratch,
        );
        assert_eq!(scratch.coverage(), Coverage { words: 2, known: 1 });
        // Without the lexicon "bullying" is unknown; negation-marked forms need their own column.
        let (p, _) = TfidfVectorizer::fit_transform(
            AnalyzerSettings {
                negation: true,
                ..plain()
            },
            settings,
            &["talks resume"],
        )
        .unwrap();
        p.transform_one("bullying talks. not talks", &mut scratch);
        assert_eq!(scratch.coverage(), Coverage { words: 4, known: 1 });
    }

    #[test]
    fn targets_are_marked_alike_when_fitting_and_transforming() {
        use crate::features::Targeted;
        let settings = AnalyzerSettings {
            target_window: Some(1),
            stop_words: false,
            ..plain()
        };
        let tfidf = TfidfSettings {
            min_df: 1,
            ..TfidfSettings::default()
        };
        let docs = [
            Targeted::new("we reject Iran talks", Some("iran")),
            Targeted::new("Iran welcomes talks", Some("Iran")),
            Targeted::new("talks resume", None),
        ];
        let (v, m) = TfidfVectorizer::fit_transform(settings, tfidf, &docs).unwrap();
        for term in ["TGT", "L_reject", "R_talks", "R_welcomes"] {
            assert!(v.terms().iter().any(|t| t == term), "{term}");
        }
        assert!(!v.terms().iter().any(|t| t == "iran"));
        // The hashed transform gives the rows fitting gave; without targets, other rows.
        assert_eq!(v.transform(&docs), m);
        let mut scratch = TransformScratch::default();
        let row = v.transform_doc(docs[0], &mut scratch);
        assert_eq!((&row.indices[..], &row.values[..]), m.row(0));
        assert_ne!(v.transform_one(docs[0].text, &mut scratch), row);
    }

    #[test]
    fn short_quotes_read_their_context_alike_when_fitting_and_transforming() {
        use crate::features::Targeted;
        let settings = AnalyzerSettings {
            context_words: Some(2),
            lexicon: Some(crate::features::Lexicon::vader()),
            ..plain()
        };
        let tfidf = TfidfSettings {
            min_df: 1,
            ..TfidfSettings::default()
        };
        let with = |text, context| Targeted {
            text,
            target: None,
            context: Some(context),
        };
        let docs = [
            with(
                "reckless",
                r#"The senator condemned the plan as "reckless" on Friday."#,
            ),
            // Three words: longer than `context_words`, so its context is not read.
            with("a fine deal", r#"The envoy praised "a fine deal" today."#),
            Targeted::new("talks resume", None),
        ];
        let (v, m) = TfidfVectorizer::fit_transform(settings, tfidf, &docs).unwrap();
        let terms = v.terms();
        for term in [
            "CTX_senator",
            "CTX_condemned",
            "CTX_plan",
            "CTX_friday",
            "CTX_LEX_NEG",
        ] {
            assert!(terms.iter().any(|t| t == term), "{term} in {terms:?}");
        }
        // Function words and the quote's own words give no context term.
        for term in [
            "CTX_the",
            "CTX_as",
            "CTX_reckless",
            "CTX_envoy",
            "CTX_praised",
        ] {
            assert!(!terms.iter().any(|t| t == term), "{term}");
        }
        // The cached prediction path gives the rows fitting gave; without context, others.
        assert_eq!(v.transform(&docs), m);
        let mut scratch = TransformScratch::default();
        let row = v.transform_doc(docs[0], &mut scratch);
        assert_eq!((&row.indices[..], &row.values[..]), m.row(0));
        assert_ne!(v.transform_one("reckless", &mut scratch), row);
        // Context words do not count toward the quote's coverage.
        assert_eq!(scratch.coverage(), Coverage { words: 1, known: 1 });
    }

    #[test]
    fn max_features_keeps_most_frequent() {
        let texts = ["x y y z", "y z", "y"];
        let settings = TfidfSettings {
            min_df: 1,
            max_features: Some(2),
            ..TfidfSettings::default()
        };
        let (v, _) = TfidfVectorizer::fit_transform(plain(), settings, &texts).unwrap();
        assert_eq!(v.terms(), ["y", "z"]);
    }

    #[test]
    fn word_and_char_blocks_are_normalised_separately() {
        let settings = AnalyzerSettings {
            char_ngrams: Some((3, 3)),
            ..plain()
        };
        let tfidf = TfidfSettings {
            min_df: 1,
            ..TfidfSettings::default()
        };
        let (v, m) = TfidfVectorizer::fit_transform(settings, tfidf, &["ab cd", "ab"]).unwrap();
        let (idx, val) = m.row(0);
        let block = |chars: bool| -> f64 {
            idx.iter()
                .zip(val)
                .filter(|(&i, _)| v.terms()[i as usize].starts_with('#') == chars)
                .map(|(_, x)| x * x)
                .sum()
        };
        // Each block carries half of the squared norm, whatever their sizes.
        assert!((block(true) - 0.5).abs() < 1e-12 && (block(false) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn empty_vocabulary_is_an_error() {
        let settings = TfidfSettings {
            min_df: 2,
            ..TfidfSettings::default()
        };
        let err = TfidfVectorizer::fit_transform(plain(), settings, &["a", "b"]).unwrap_err();
        assert!(matches!(err, TfidfError::EmptyVocabulary { .. }));
    }
}
