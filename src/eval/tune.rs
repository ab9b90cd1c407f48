//! Cross-validation of training settings: the engine of `stance tune` and `evaluate --cv`.
//! Text is featurised once per (feature settings, fold) and every regularisation setting is
//! fitted on it; (settings, fold) pairs run in parallel, and results are identical whatever
//! the thread count.

use super::cv::{mean_sd, stratified_folds};
use super::metrics::compute as compute_metrics;
use crate::features::{AnalyzerSettings, Document, Targeted, TfidfSettings, TfidfVectorizer};
use crate::model::classifier::{predict_labels, FitError};
use crate::model::params::{ClassWeight, TrainParams};
use crate::model::{trainer, ModelSettings};
use rayon::prelude::*;
use serde::Serialize;

/// One fold's result for one candidate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FoldScore {
    pub fold: usize,
    pub n_train: usize,
    pub n_test: usize,
    pub accuracy: f64,
    pub macro_f1: f64,
    pub converged: bool,
}

/// A candidate's scores over all folds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CvResult {
    pub settings: ModelSettings,
    pub folds: Vec<FoldScore>,
    pub macro_f1_mean: f64,
    pub macro_f1_sd: f64,
    pub accuracy_mean: f64,
    pub accuracy_sd: f64,
}

/// K-fold stratified cross-validation of every candidate on `texts` / `y`; results in
/// candidate order. Texts with a target (`Targeted`) have it marked where a candidate does so.
pub fn cross_validate<S: Document + Sync>(
    texts: &[S],
    y: &[usize],
    labels: &[String],
    candidates: &[ModelSettings],
    k: usize,
    seed: u64,
) -> Result<Vec<CvResult>, FitError> {
    let folds = stratified_folds(y, labels.len(), k, seed);
    // Candidates sharing feature settings share one featurisation per fold.
    let mut groups: Vec<(AnalyzerSettings, TfidfSettings, Vec<usize>)> = Vec::new();
    for (i, c) in candidates.iter().enumerate() {
        match groups
            .iter_mut()
            .find(|g| g.0 == c.analyzer && g.1 == c.tfidf)
        {
            Some(g) => g.2.push(i),
            None => groups.push((c.analyzer.clone(), c.tfidf.clone(), vec![i])),
        }
    }
    let jobs: Vec<(usize, usize)> = (0..groups.len())
        .flat_map(|g| (0..k).map(move |f| (g, f)))
        .collect();
    let scored: Vec<Result<Vec<(usize, FoldScore)>, FitError>> = jobs
        .par_iter()
        .map(|&(g, fold)| {
            let (analyzer, tfidf, members) = &groups[g];
            let (train, test): (Vec<usize>, Vec<usize>) =
                (0..y.len()).partition(|&i| folds[i] != fold);
            let train_texts: Vec<Targeted> =
                train.iter().map(|&i| Targeted::of(&texts[i])).collect();
            let train_y: Vec<usize> = train.iter().map(|&i| y[i]).collect();
            let test_texts: Vec<Targeted> = test.iter().map(|&i| Targeted::of(&texts[i])).collect();
            let test_y: Vec<usize> = test.iter().map(|&i| y[i]).collect();
            let (vectorizer, x) =
                TfidfVectorizer::fit_transform(analyzer.clone(), tfidf.clone(), &train_texts)?;
            let xt = vectorizer.transform(&test_texts);
            members
                .iter()
                .map(|&c| {
                    let params = candidates[c].params.clone().check(labels.len())?;
                    let fitted = trainer::fit(&x, &train_y, labels.len(), &params)?;
                    let pred = predict_labels(&xt, &fitted.weights, &fitted.intercepts);
                    let m = compute_metrics(labels, &test_y, &pred);
                    Ok((
                        c,
                        FoldScore {
                            fold: fold + 1,
                            n_train: train.len(),
                            n_test: test.len(),
                            accuracy: m.accuracy,
                            macro_f1: m.macro_f1,
                            converged: fitted.convergence.converged,
                        },
                    ))
                })
                .collect()
        })
        .collect();
    let mut per_candidate: Vec<Vec<FoldScore>> = vec![Vec::new(); candidates.len()];
    for job in scored {
        for (c, score) in job? {
            per_candidate[c].push(score);
        }
    }
    Ok(candidates
        .iter()
        .zip(per_candidate)
        .map(|(settings, mut folds)| {
            folds.sort_by_key(|f| f.fold);
            let f1: Vec<f64> = folds.iter().map(|f| f.macro_f1).collect();
            let acc: Vec<f64> = folds.iter().map(|f| f.accuracy).collect();
            let (macro_f1_mean, macro_f1_sd) = mean_sd(&f1);
            let (accuracy_mean, accuracy_sd) = mean_sd(&acc);
            CvResult {
                settings: settings.clone(),
                folds,
                macro_f1_mean,
                macro_f1_sd,
                accuracy_mean,
                accuracy_sd,
            }
        })
        .collect())
}

/// Which settings `stance tune` tries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Grid {
    /// Regularisation and class weights only (10 candidates).
    Quick,
    /// Also stemming, negation, min_df and character n-grams (160 candidates).
    Standard,
}

/// The candidates of `grid`, built on `base` (which fixes everything the grid does not vary).
pub fn candidates(grid: Grid, base: &ModelSettings) -> Vec<ModelSettings> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grids_have_the_documented_sizes_and_no_duplicates() {
        let base = ModelSettings::default();
        assert_eq!(candidates(Grid::Quick, &base).len(), 10);
        let standard = candidates(Grid::Standard, &base);
        assert_eq!(standard.len(), 160);
        for (i, a) in standard.iter().enumerate() {
            assert!(!standard[..i].contains(a));
        }
    }
}
