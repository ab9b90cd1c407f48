//! The settings `stance tune` tries (grids and a seeded random search); they are scored by
//! cross-validation ([`super::cv`]).

pub use super::cv::{cross_validate_with_progress, CvResult, FoldScore};
use crate::features::{AnalyzerSettings, TfidfSettings};
use crate::folds::SplitMix64;
use crate::model::params::{ClassWeight, TrainParams};
use crate::model::ModelSettings;

/// Which settings `stance tune` tries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grid {
    /// Regularisation and class weights only (10 candidates).
    Quick,
    /// Also stemming, negation, min_df and character n-grams (160 candidates).
    Standard,
    /// A seeded random search over every option (`--trials` candidates, the defaults first).
    Random,
}

/// The candidates of `grid`, built on `base` (which fixes everything the grid does not vary).
/// `trials` and `seed` are used by [`Grid::Random`] only.
pub fn candidates(
    grid: Grid,
    base: &ModelSettings,
    trials: usize,
    seed: u64,
) -> Vec<ModelSettings> {
    if grid == Grid::Random {
        return random_candidates(base, trials, seed);
    }
    let alphas = [0.125, 0.25, 0.5, 1.0, 2.0];
    let weights = [ClassWeight::None, ClassWeight::Balanced];
    let mut features: Vec<(AnalyzerSettings, TfidfSettings)> =
        vec![(base.analyzer.clone(), base.tfidf.clone())];
    if grid == Grid::Standard {
        features.clear();
        for stem in [true, false] {
            for negation in [true, false] {
                for min_df in [1, 2] {
                    for char_ngrams in [None, Some((2, 5))] {
                        features.push((
                            AnalyzerSettings {
                                stem,
                                negation,
                                char_ngrams,
                                ..base.analyzer.clone()
                            },
                            TfidfSettings {
                                min_df,
                                ..base.tfidf.clone()
                            },
                        ));
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    for (analyzer, tfidf) in features {
        for w in &weights {
            for &alpha in &alphas {
                out.push(ModelSettings {
                    analyzer: analyzer.clone(),
                    tfidf: tfidf.clone(),
                    params: TrainParams {
                        alpha,
                        class_weight: w.clone(),
                        ..base.params.clone()
                    },
                });
            }
        }
    }
    out
}

/// `trials` distinct settings: `base` first, then draws from every option the model has
/// (word and character n-grams, stemming, negation, stop words, min_df, max_df, max_features,
/// sublinear tf, the target window when `base` marks targets, alpha and class weights).
/// The same seed gives the same candidates on every machine.
fn random_candidates(base: &ModelSettings, trials: usize, seed: u64) -> Vec<ModelSettings> {
    let mut rng = SplitMix64(seed ^ 0x7475_6e65); // "tune": not the fold shuffle's sequence
    let mut pick = |n: usize| (rng.next() % n as u64) as usize;
    let mut out = vec![base.clone()];
    // Enough draws to find `trials` distinct settings in a space of millions.
    for _ in 0..trials.saturating_mul(20) {
        if out.len() >= trials {
            break;
        }
        let word_ngrams = [(1, 1), (1, 2), (1, 3)][pick(3)];
        let char_ngrams = [None, Some((2, 4)), Some((2, 5)), Some((3, 5))][pick(4)];
        let analyzer = AnalyzerSettings {
            stem: pick(2) == 0,
            negation: pick(2) == 0,
            word_ngrams,
            char_ngrams,
            stop_words: pick(2) == 0,
            target_window: base
                .analyzer
                .target_window
                .map(|_| [0, 1, 3, 5, 8][pick(5)]),
            lexicon: base.analyzer.lexicon.clone(),
            context_words: base.analyzer.context_words,
        };
        let tfidf = TfidfSettings {
            min_df: 1 + pick(2),
            max_df: [1.0, 0.9, 0.7][pick(3)],
            max_features: [None, Some(20_000), Some(50_000)][pick(3)],
            sublinear_tf: pick(2) == 0,
            stop_unigrams: base.tfidf.stop_unigrams,
        };
        let params = TrainParams {
            alpha: [0.03125, 0.0625, 0.125, 0.25, 0.5, 1.0, 2.0, 4.0][pick(8)],
            class_weight: [ClassWeight::None, ClassWeight::Balanced][pick(2)].clone(),
            ..base.params.clone()
        };
        let candidate = ModelSettings {
            analyzer,
            tfidf,
            params,
        };
        if !out.contains(&candidate) {
            out.push(candidate);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_search_is_seeded_distinct_and_varies_every_option() {
        let base = ModelSettings::default();
        let drawn = candidates(Grid::Random, &base, 60, 42);
        assert_eq!(drawn.len(), 60);
        assert_eq!(drawn[0], base);
        assert_eq!(drawn, candidates(Grid::Random, &base, 60, 42));
        assert_ne!(drawn, candidates(Grid::Random, &base, 60, 43));
        for (i, a) in drawn.iter().enumerate() {
            assert!(!drawn[..i].contains(a));
        }
        let varies =
            |f: &dyn Fn(&ModelSettings) -> String| drawn.iter().any(|c| f(c) != f(&drawn[1]));
        assert!(varies(&|c| format!("{:?}", c.analyzer.word_ngrams)));
        assert!(varies(&|c| format!("{:?}", c.analyzer.char_ngrams)));
        assert!(varies(&|c| format!("{}", c.analyzer.stem)));
        assert!(varies(&|c| format!("{}", c.analyzer.negation)));
        assert!(varies(&|c| format!("{}", c.analyzer.stop_words)));
        assert!(varies(&|c| format!("{}", c.tfidf.min_df)));
        assert!(varies(&|c| format!("{}", c.tfidf.max_df)));
        assert!(varies(&|c| format!("{:?}", c.tfidf.max_features)));
        assert!(varies(&|c| format!("{}", c.tfidf.sublinear_tf)));
        assert!(varies(&|c| format!("{}", c.params.alpha)));
        assert!(varies(&|c| format!("{:?}", c.params.class_weight)));
        // Target windows are searched only when the base marks targets.
        assert!(drawn.iter().all(|c| c.analyzer.target_window.is_none()));
        let mut marking = base.clone();
        marking.analyzer.target_window = Some(3);
        let windows: Vec<_> = candidates(Grid::Random, &marking, 60, 42)
            .iter()
            .map(|c| c.analyzer.target_window)
            .collect();
        assert!(windows.iter().all(Option::is_some));
        assert!(windows.iter().any(|&w| w != Some(3)));
    }

    #[test]
    fn grids_have_the_documented_sizes_and_no_duplicates() {
        let base = ModelSettings::default();
        assert_eq!(candidates(Grid::Quick, &base, 0, 0).len(), 10);
        let standard = candidates(Grid::Standard, &base, 0, 0);
        assert_eq!(standard.len(), 160);
        for (i, a) in standard.iter().enumerate() {
            assert!(!standard[..i].contains(a));
        }
    }
}
