//! Option groups shared by several subcommands, and their conversion to library settings.

use super::choices::SolverChoice;
use crate::corpus::{self, Corpus, CsvOptions, LabelSet};
use crate::features::analyzer::MAX_TARGET_WINDOW;
use crate::features::context::MAX_CONTEXT_WORDS;
use crate::features::{AnalyzerSettings, Lexicon, TfidfSettings};
use crate::model::{file, ClassWeight, Classifier, TrainParams};
use crate::registry::{ModelSpec, ModelVersion, Registry};
use anyhow::{Context, Result};
use clap::Args;
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// The labelled CSV to read.
#[derive(Debug, Clone, Args)]
pub struct DataArgs {
    /// Labelled CSV with a header row.
    #[arg(long, value_name = "FILE")]
    pub data: PathBuf,
    #[command(flatten)]
    pub columns: ColumnArgs,
}

/// Which columns of a labelled CSV to read, and what to do with invalid rows; shared by every
/// subcommand that reads one (a subcommand may reword the help with `mut_arg`).
#[derive(Debug, Clone, Args)]
pub struct ColumnArgs {
    /// Column holding the text.
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub text_col: String,
    /// Column holding the label.
    #[arg(long, default_value = "label", value_name = "NAME")]
    pub label_col: String,
    /// Column holding each row's target, the text of the mention the label is about (e.g.
    /// NewsMTSC's "target"); an empty cell is no target. When the model marks targets, every
    /// mention of it in the text becomes one TGT word with its neighbours as features; at
    /// `train` it turns target marking on [default: none].
    #[arg(long, value_name = "NAME")]
    pub target_col: Option<String>,
    /// Column holding the writer's sentence around each quote, with the quote in it
    /// (e.g. our corpus's "context"); an empty cell is no context. A model that reads context
    /// adds the sentence's words outside the quote as CTX_ features for quotes of at most
    /// --context-words words; at `train` it turns context on [default: none; for a model that
    /// reads context, the column it was trained with, when the file has one of that name].
    #[arg(long, value_name = "NAME")]
    pub context_col: Option<String>,
    /// The context column was implied by the settings (`context_words` without
    /// --context-col): a file without it is read without context.
    #[arg(skip)]
    pub context_optional: bool,
    /// Skip invalid rows (reporting how many and why) instead of stopping at the first.
    #[arg(long)]
    pub skip_invalid: bool,
}

impl DataArgs {
    /// The same data read for `model`: the target column only if the model marks targets,
    /// the context column only if it reads context (by default the one it was trained with),
    /// with a warning when the two disagree (a model still works without them, less well; a
    /// column is ignored by a model that does not use it).
    pub fn for_model(&self, classifier: &Classifier, origin: &str) -> Self {
        Self {
            data: self.data.clone(),
            columns: ColumnArgs {
                target_col: target_col_for_model(
                    self.columns.target_col.as_deref(),
                    classifier,
                    origin,
                ),
                context_col: context_col_for_model(
                    self.columns.context_col.as_deref(),
                    classifier,
                    origin,
                    |c| corpus::has_column(&self.data, c),
                ),
                ..self.columns.clone()
            },
        }
    }

    /// Reads the file with `classifier`'s labels (and its context and target columns, see
    /// [`DataArgs::for_model`]); labels the model does not know are named in the error.
    pub fn read_for_model(&self, classifier: &Classifier, origin: &str) -> Result<Corpus> {
        let labels = LabelSet::from_vec(classifier.labels().to_vec());
        self.for_model(classifier, origin)
            .read(&labels)
            .map_err(|e| {
                let unknown =
                    corpus::unknown_labels(&self.data, &self.columns.label_col, &labels);
                if unknown.is_empty() {
                    return e;
                }
                anyhow::anyhow!(
                    "{}: the data has labels the model does not know: {}; the model {origin} predicts {}. Use data with those labels, or train a model for this data's labels (stance train --labels ...)",
                    crate::term::path(&self.data),
                    corpus::list_labels(&unknown),
                    corpus::list_labels(labels.names())
                )
            })
    }

    pub fn read(&self, labels: &LabelSet) -> Result<Corpus> {
        let options = CsvOptions {
            text_col: self.columns.text_col.clone(),
            label_col: self.columns.label_col.clone(),
            target_col: self.columns.target_col.clone(),
            context_col: self.columns.context_col.clone(),
            context_optional: self.columns.context_optional,
            labels: labels.clone(),
            skip_invalid: self.columns.skip_invalid,
        };
        let corpus = corpus::read_labelled(&self.data, &options)?;
        if corpus.skipped > 0 {
            crate::warn_clean!(
                "warning: skipped {} invalid row(s) of {}:",
                corpus.skipped,
                self.data.display()
            );
            for reason in &corpus.skip_reasons {
                crate::warn_clean!("  {reason}");
            }
            if corpus.skipped > corpus.skip_reasons.len() {
                crate::warn_clean!(
                    "  … and {} more",
                    corpus.skipped - corpus.skip_reasons.len()
                );
            }
        }
        Ok(corpus)
    }
}

/// How text becomes features. Every setting is saved in the model.
#[derive(Debug, Clone, Args)]
pub struct FeatureArgs {
    /// Labels, comma-separated, in the order of the model's probability columns
    /// [default: conciliatory,hostile,neutral].
    #[arg(long, value_name = "A,B,C")]
    pub labels: Option<String>,
    /// Turn off Porter2 stemming [default: stemming on].
    #[arg(long)]
    pub no_stem: bool,
    /// Turn off negation marking (tokens after not/never/no/n't up to punctuation)
    /// [default: on].
    #[arg(long)]
    pub no_negation: bool,
    /// Word n-gram range; 0,0 turns word features off.
    #[arg(long, default_value = "1,2", value_name = "MIN,MAX", value_parser = parse_range)]
    pub word_ngrams: (usize, usize),
    /// Character n-grams inside word boundaries, e.g. 2,5 [default: off].
    #[arg(long, value_name = "MIN,MAX", value_parser = parse_range)]
    pub char_ngrams: Option<(usize, usize)>,
    /// Keep terms found in at least this many training texts.
    #[arg(long, default_value_t = 2, value_name = "N")]
    pub min_df: usize,
    /// Drop terms found in more than this share of training texts (0 < x ≤ 1).
    #[arg(long, default_value_t = 1.0, value_name = "SHARE")]
    pub max_df: f64,
    /// Keep only the N most frequent terms [default: no limit].
    #[arg(long, value_name = "N")]
    pub max_features: Option<usize>,
    /// Use raw term counts instead of 1 + ln(count) [default: sublinear].
    #[arg(long)]
    pub no_sublinear_tf: bool,
    /// Drop common English function words (never negators or modals) before building
    /// n-grams [default: keep every word].
    #[arg(long)]
    pub stop_words: bool,
    /// Leave common English function words out as unigrams only (they still count inside
    /// n-grams), so a lone "it" or "the" cannot decide a label [default: off].
    #[arg(long)]
    pub stop_unigrams: bool,
    /// Target marking: words either side of a target mention that become L_/R_ features
    /// (0 = only replace the mention by TGT). Needs --target-col [default: 3 with --target-col].
    #[arg(long, value_name = "N", value_parser = parse_target_window)]
    pub target_window: Option<usize>,
    /// Add or override sentiment-lexicon words from FILE, one `word<TAB>valence` a line
    /// (VADER's scale, -4 to +4; 0 silences a word); stored in the model
    /// [default: VADER's lexicon alone].
    #[arg(long, value_name = "FILE", conflicts_with = "no_lexicon")]
    pub lexicon: Option<PathBuf>,
    /// Turn off the sentiment-lexicon features (LEX_POS1..3 / LEX_NEG1..3 unigrams from
    /// VADER's word valences) [default: on].
    #[arg(long)]
    pub no_lexicon: bool,
    /// Writer's-sentence context: quotes of at most N words read their --context-col cell
    /// (without that flag, a column named "context" where a file has one) as CTX_ features
    /// [default: 45 with --context-col, else off].
    #[arg(long, value_name = "N", value_parser = parse_context_words)]
    pub context_words: Option<usize>,
}

impl FeatureArgs {
    pub fn label_set(&self) -> Result<LabelSet> {
        match &self.labels {
            Some(spec) => LabelSet::parse(spec).map_err(anyhow::Error::msg),
            None => Ok(LabelSet::default()),
        }
    }

    pub fn settings(&self) -> Result<(AnalyzerSettings, TfidfSettings)> {
        if self.word_ngrams == (0, 0) && self.char_ngrams.is_none() {
            anyhow::bail!("--word-ngrams 0,0 needs --char-ngrams, or there are no features");
        }
        let analyzer = AnalyzerSettings {
            stem: !self.no_stem,
            negation: !self.no_negation,
            word_ngrams: self.word_ngrams,
            char_ngrams: self.char_ngrams,
            target_window: self.target_window,
            stop_words: self.stop_words,
            lexicon: match (&self.lexicon, self.no_lexicon) {
                (_, true) => None,
                (None, false) => Some(Lexicon::vader()),
                (Some(path), false) => Some(Lexicon::vader().with_file(path)?),
            },
            context_words: self.context_words,
        };
        let tfidf = TfidfSettings {
            min_df: self.min_df,
            max_df: self.max_df,
            max_features: self.max_features,
            sublinear_tf: !self.no_sublinear_tf,
            stop_unigrams: self.stop_unigrams,
        };
        tfidf.check()?;
        Ok((analyzer, tfidf))
    }
}

/// The optimiser and its regularisation.
#[derive(Debug, Clone, Args)]
pub struct FitArgs {
    /// L2 regularisation strength on the summed log-loss (alpha = 1/C).
    #[arg(long, default_value_t = 0.5, value_name = "X", conflicts_with = "c")]
    pub alpha: f64,
    /// Inverse regularisation strength, as scikit-learn's C (sets --alpha to 1/C).
    #[arg(long, value_name = "X")]
    pub c: Option<f64>,
    /// L-BFGS iterations at most.
    #[arg(long, default_value_t = 1000, value_name = "N")]
    pub max_iter: u64,
    /// Converged when the gradient's L2 norm is below TOL × training rows.
    #[arg(long, default_value_t = 1e-4, value_name = "TOL")]
    pub tol: f64,
    /// Row weights: none, balanced (n / (k · n_label)), or one weight per label, e.g. 1,2,1.
    #[arg(long, default_value = "balanced", value_name = "W", value_parser = parse_class_weight)]
    pub class_weight: ClassWeight,
    /// Optimiser: sparse (ours, any size) or linfa (linfa-logistic on a dense copy; small data).
    #[arg(long, value_enum, default_value_t = SolverChoice::Sparse)]
    pub solver: SolverChoice,
    /// Calibrate the probabilities: fit a temperature on K cross-validation folds of the
    /// training data (K + 1 trainings in all; K defaults to 5 when the flag is given alone)
    /// [default: off].
    #[arg(long, value_name = "K", num_args = 0..=1, default_missing_value = "5")]
    pub calibrate: Option<usize>,
}

impl FitArgs {
    pub fn params(&self) -> Result<TrainParams> {
        let alpha = match self.c {
            Some(c) if c.is_finite() && c > 0.0 => 1.0 / c,
            Some(c) => anyhow::bail!("--c must be a finite number > 0, got {c}"),
            None => self.alpha,
        };
        Ok(TrainParams {
            alpha,
            max_iter: self.max_iter,
            tol: self.tol,
            class_weight: self.class_weight.clone(),
            solver: self.solver.into(),
            calibration_folds: self.calibrate,
        })
    }
}

/// The target column to read for `classifier`: `requested` if the model marks targets, else
/// none. A mismatch gets one warning on stderr: a model that marks targets still works without
/// them (less well), and a model that does not mark targets ignores the column.
pub fn target_col_for_model(
    requested: Option<&str>,
    classifier: &Classifier,
    origin: &str,
) -> Option<String> {
    match (requested, classifier.target_window()) {
        (None, Some(_)) => {
            let trained = classifier.provenance().data.target_col.as_deref();
            crate::warn_clean!(
                "warning: {origin}: the model was trained with target marking{}; no --target-col given, so no targets are marked; name the column with --target-col NAME (predict: --csv FILE --target-col NAME)",
                trained.map_or(String::new(), |c| format!(" (column {c:?})"))
            );
            None
        }
        (Some(col), None) => {
            crate::warn_clean!(
                "warning: {origin}: the model was trained without target marking; --target-col {col:?} is ignored"
            );
            None
        }
        (col, _) => col.map(str::to_string),
    }
}

/// Context window of target marking when --target-col is given without --target-window.
pub const DEFAULT_TARGET_WINDOW: usize = 3;
/// Longest quote that reads its context when --context-col is given without
/// --context-words: our corpus's longest full quote. Its sentences are on short partial quotes
/// only, but on real news reading the sentence around longer quotes too scored best.
pub const DEFAULT_CONTEXT_WORDS: usize = 45;

/// Target marking and context follow the data: a target column turns target marking on (with
/// the default window unless one is set), a context column turns context on (likewise). A
/// window without its column is an error; a word limit without one (the shipped settings, a
/// `--config` file) reads the column `context` where a file has it, as the shipped corpus
/// does. Returns the columns to read.
pub fn resolve_columns(
    analyzer: &mut AnalyzerSettings,
    columns: &ColumnArgs,
) -> Result<ColumnArgs> {
    let mut columns = columns.clone();
    match (columns.target_col.as_deref(), analyzer.target_window) {
        (Some(_), None) => analyzer.target_window = Some(DEFAULT_TARGET_WINDOW),
        (None, Some(_)) => anyhow::bail!(
            "target marking (--target-window, or target_window in a --config file) needs --target-col NAME, the column holding each row's target"
        ),
        (_, Some(w)) if w > MAX_TARGET_WINDOW => anyhow::bail!(
            "target_window must be at most {MAX_TARGET_WINDOW}, got {w}"
        ),
        _ => {}
    }
    match (columns.context_col.as_deref(), analyzer.context_words) {
        (_, Some(n)) if !(1..=MAX_CONTEXT_WORDS).contains(&n) => {
            anyhow::bail!("context_words must be from 1 to {MAX_CONTEXT_WORDS}, got {n}")
        }
        (Some(_), None) => analyzer.context_words = Some(DEFAULT_CONTEXT_WORDS),
        (None, Some(_)) => {
            columns.context_col = Some(crate::dataset::SHIPPED_CONTEXT_COL.to_string());
            columns.context_optional = true;
        }
        _ => {}
    }
    Ok(columns)
}

/// The context column to read for `classifier`: `requested` if the model reads context, else
/// (with one warning) none. Without a request, the column the model was trained with, when the
/// data has it (`has_column`): the model is scored as it was trained, as the text and label
/// columns default to `text` and `label`. Rows without context are read alone, as training
/// read full quotes, so data without the column gets no warning.
pub fn context_col_for_model(
    requested: Option<&str>,
    classifier: &Classifier,
    origin: &str,
    has_column: impl FnOnce(&str) -> bool,
) -> Option<String> {
    match (requested, classifier.context_words()) {
        (None, Some(_)) => classifier
            .provenance()
            .data
            .context_col
            .clone()
            .filter(|c| has_column(c)),
        (Some(col), None) => {
            crate::warn_clean!(
                "warning: {origin}: the model was trained without context; --context-col {col:?} is ignored"
            );
            None
        }
        (col, _) => col.map(str::to_string),
    }
}

pub(crate) fn parse_context_words(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if (1..=MAX_CONTEXT_WORDS).contains(&n) => Ok(n),
        _ => Err(format!(
            "expected a whole number of words from 1 to {MAX_CONTEXT_WORDS}, got {s:?}"
        )),
    }
}

pub(crate) fn parse_target_window(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(w) if w <= MAX_TARGET_WINDOW => Ok(w),
        _ => Err(format!(
            "expected a whole number of words from 0 to {MAX_TARGET_WINDOW}, got {s:?}"
        )),
    }
}

fn parse_range(s: &str) -> Result<(usize, usize), String> {
    let (a, b) = s
        .split_once(',')
        .ok_or_else(|| format!("expected MIN,MAX such as 1,2, got {s:?}"))?;
    let parse = |v: &str| {
        v.trim()
            .parse::<usize>()
            .map_err(|_| format!("expected whole numbers MIN,MAX such as 1,2, got {s:?}"))
    };
    let (lo, hi) = (parse(a)?, parse(b)?);
    if lo > hi {
        return Err(format!("MIN must not exceed MAX in {s:?}"));
    }
    if hi > 10 {
        return Err(format!("at most 10 in {s:?}"));
    }
    if lo == 0 && hi != 0 {
        return Err(format!(
            "MIN must be at least 1 in {s:?} (0,0 turns the feature off)"
        ));
    }
    Ok((lo, hi))
}

fn parse_class_weight(s: &str) -> Result<ClassWeight, String> {
    match s.trim() {
        "none" => Ok(ClassWeight::None),
        "balanced" => Ok(ClassWeight::Balanced),
        list => list
            .split(',')
            .map(|v| v.trim().parse::<f64>())
            .collect::<Result<Vec<_>, _>>()
            .map(ClassWeight::Explicit)
            .map_err(|_| format!("expected none, balanced or numbers such as 1,2,1, got {s:?}")),
    }
}

/// The shipped default model, embedded at build time when models/default.json existed.
#[cfg(stance_default_model)]
const DEFAULT_MODEL: Option<&[u8]> = Some(include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/models/default.json"
)));
#[cfg(not(stance_default_model))]
const DEFAULT_MODEL: Option<&[u8]> = None;

/// Which model to use.
#[derive(Debug, Clone, Args)]
pub struct ModelSource {
    /// Model file written by `stance train --out`, or a registry model: NAME (its latest
    /// version) or NAME@vN [default: the built-in model trained on the shipped corpus].
    #[arg(long, value_name = "MODEL")]
    pub model: Option<PathBuf>,
    /// Registry folder for --model NAME [default: $STANCE_MODELS, else ./models].
    #[arg(long, value_name = "DIR")]
    pub models_dir: Option<PathBuf>,
}

/// A loaded model and where it came from.
pub struct LoadedModel {
    pub classifier: Classifier,
    pub origin: String,
    /// The file's bytes, kept for [`LoadedModel::sha256`]: only reports need the digest, so
    /// `predict` does not pay for hashing the whole file.
    pub bytes: Cow<'static, [u8]>,
}

impl LoadedModel {
    /// sha256 of the model file, as reports name it.
    pub fn sha256(&self) -> String {
        crate::hash::sha256_hex(&self.bytes)
    }
}

impl ModelSource {
    pub fn load(&self) -> Result<LoadedModel> {
        self.load_versioned().map(|(model, _)| model)
    }

    /// The model, and its registry version when --model named one.
    pub fn load_versioned(&self) -> Result<(LoadedModel, Option<ModelVersion>)> {
        match &self.model {
            Some(spec) => load_spec(spec, self.models_dir.as_deref()),
            None => load_builtin().map(|m| (m, None)),
        }
    }
}

/// The model embedded in the binary at build time.
fn load_builtin() -> Result<LoadedModel> {
    let bytes = DEFAULT_MODEL.context(
        "this build has no built-in model (models/default.json was missing when it was built); pass --model MODEL.json",
    )?;
    let origin = "(built-in default)".to_string();
    Ok(LoadedModel {
        classifier: file::from_bytes(bytes, &origin)?,
        bytes: Cow::Borrowed(bytes),
        origin,
    })
}

/// Loads `spec`: a model file, or NAME / NAME@vN from the registry in `models_dir` (else
/// `$STANCE_MODELS`, else ./models); see [`ModelSpec::parse`].
pub fn load_spec(
    spec: &Path,
    models_dir: Option<&Path>,
) -> Result<(LoadedModel, Option<ModelVersion>)> {
    let Some(text) = spec.to_str() else {
        return Ok((load_path(spec)?, None));
    };
    match ModelSpec::parse(text)? {
        ModelSpec::Path(path) => Ok((load_path(&path)?, None)),
        ModelSpec::Registry { name, version } => {
            let v = Registry::locate(models_dir).resolve(&name, version)?;
            Ok((load_path(&v.model_path())?, Some(v)))
        }
    }
}

fn load_path(path: &Path) -> Result<LoadedModel> {
    let origin = path.display().to_string();
    let bytes = crate::input::read(path, crate::input::MODEL).map_err(|err| {
        file::ModelFileError::Read {
            origin: origin.clone(),
            err,
        }
    })?;
    Ok(LoadedModel {
        classifier: file::from_bytes(&bytes, &origin)?,
        bytes: Cow::Owned(bytes),
        origin,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_and_class_weights_parse() {
        assert_eq!(parse_range("1,3"), Ok((1, 3)));
        assert!(parse_range("3,1").is_err());
        assert!(parse_range("0,2").is_err());
        assert_eq!(parse_range("0,0"), Ok((0, 0)));
        assert_eq!(parse_class_weight("balanced"), Ok(ClassWeight::Balanced));
        assert_eq!(
            parse_class_weight("1,2.5"),
            Ok(ClassWeight::Explicit(vec![1.0, 2.5]))
        );
        assert!(parse_class_weight("heavy").is_err());
    }
}
