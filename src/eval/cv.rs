//! Stratified K-fold cross-validation of training settings: the engine of `evaluate --cv` and
//! `stance tune`, on the folds of [`crate::folds`]. Text is featurised once per (feature
//! settings, fold) and every regularisation setting is fitted on it; (settings, fold) pairs
//! run in parallel, and results are identical whatever the thread count.

use super::metrics::compute as compute_metrics;
use crate::features::{Document, Targeted, TfidfVectorizer};
pub use crate::folds::{stratified_folds, SplitMix64};
use crate::folds::{Split, StratifiedKFold};
use crate::model::{trainer, FitError, ModelSettings, ValidModelSettings};
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

/// K-fold stratified cross-validation (folds drawn with `seed`) of every candidate on
/// `texts` / `y`; results in candidate order. Texts with a target (`Targeted`) have it
/// marked where a candidate does so. `on_fit` is called after each of the candidates × k
/// fits (from any thread), so a caller can show progress.
pub fn cross_validate_with_progress<S: Document + Sync>(
    texts: &[S],
    y: &[usize],
    labels: &[String],
    candidates: &[ModelSettings],
    k: usize,
    seed: u64,
    on_fit: &(dyn Fn() + Sync),
) -> Result<Vec<CvResult>, FitError> {
    let valid = candidates
        .iter()
        .map(|c| c.clone().check(labels))
        .collect::<Result<Vec<_>, _>>()?;
    let splits: Vec<Split> = StratifiedKFold::new(y, labels.len(), k, seed)
        .splits()
        .collect();
    // Candidates sharing feature settings share one featurisation per fold.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, c) in valid.iter().enumerate() {
        let same_features = |g: &&mut Vec<usize>| {
            valid[g[0]].analyzer() == c.analyzer() && valid[g[0]].tfidf() == c.tfidf()
        };
        match groups.iter_mut().find(same_features) {
            Some(g) => g.push(i),
            None => groups.push(vec![i]),
        }
    }
    let jobs: Vec<(&[usize], &Split)> = groups
        .iter()
        .flat_map(|g| splits.iter().map(move |s| (g.as_slice(), s)))
        .collect();
    let scored: Vec<Result<Vec<(usize, FoldScore)>, FitError>> = jobs
        .par_iter()
        .map(|&(members, split)| score_fold(texts, y, &valid, members, split, on_fit))
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

/// Scores of the candidates `members` (which share feature settings) on one split: the text
/// is featurised once and each candidate's weights are fitted on it.
fn score_fold<S: Document + Sync>(
    texts: &[S],
    y: &[usize],
    valid: &[ValidModelSettings],
    members: &[usize],
    split: &Split,
    on_fit: &(dyn Fn() + Sync),
) -> Result<Vec<(usize, FoldScore)>, FitError> {
    let features = &valid[members[0]];
    let labels = features.labels();
    let train_texts: Vec<Targeted> = split.train_of(texts).map(Targeted::of).collect();
    let train_y: Vec<usize> = split.train_of(y).copied().collect();
    let test_texts: Vec<Targeted> = split.test_of(texts).map(Targeted::of).collect();
    let test_y: Vec<usize> = split.test_of(y).copied().collect();
    let (vectorizer, x) = TfidfVectorizer::fit_transform(
        features.analyzer().clone(),
        features.tfidf().clone(),
        &train_texts,
    )?;
    let xt = vectorizer.transform(&test_texts);
    members
        .iter()
        .map(|&c| {
            let fitted = trainer::fit(&x, &train_y, labels.len(), valid[c].params())?;
            let m = compute_metrics(labels, &test_y, &fitted.predict_labels(&xt));
            on_fit();
            Ok((
                c,
                FoldScore {
                    fold: split.fold + 1,
                    n_train: split.train.len(),
                    n_test: split.test.len(),
                    accuracy: m.accuracy,
                    macro_f1: m.macro_f1,
                    converged: fitted.convergence.converged,
                },
            ))
        })
        .collect()
}

/// Mean and sample standard deviation.
pub fn mean_sd(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    if values.is_empty() {
        return (0.0, 0.0);
    }
    let mean = values.iter().sum::<f64>() / n;
    if values.len() < 2 {
        return (mean, 0.0);
    }
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, var.sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_candidate_is_scored_on_every_fold_whatever_the_thread_count() {
        use crate::model::settings::tests::{corpus, labels};
        use std::sync::atomic::{AtomicUsize, Ordering};
        let (texts, y) = corpus(4);
        let mut base = ModelSettings::default();
        base.tfidf.min_df = 1;
        let mut strong = base.clone();
        strong.params.alpha = 4.0;
        let mut chars = base.clone();
        chars.analyzer.char_ngrams = Some((2, 4));
        let candidates = [base, strong, chars];
        let run = |threads| {
            let fits = AtomicUsize::new(0);
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let results = pool.install(|| {
                cross_validate_with_progress(&texts, &y, &labels(), &candidates, 3, 5, &|| {
                    fits.fetch_add(1, Ordering::Relaxed);
                })
            });
            (results.unwrap(), fits.into_inner())
        };
        let (one, fits) = run(1);
        assert_eq!(fits, 3 * 3);
        assert_eq!(one.len(), 3);
        for (r, c) in one.iter().zip(&candidates) {
            assert_eq!(&r.settings, c);
            assert_eq!(
                r.folds.iter().map(|f| f.fold).collect::<Vec<_>>(),
                [1, 2, 3]
            );
            // Each row is held out once: the folds' test rows add up to the data.
            assert_eq!(r.folds.iter().map(|f| f.n_test).sum::<usize>(), y.len());
            assert!(r.folds.iter().all(|f| f.n_train + f.n_test == y.len()));
            assert!(r.macro_f1_mean > 0.0 && r.accuracy_mean <= 1.0);
        }
        assert_eq!(run(2).0, one);
        // Bad settings are refused with their own message before any fit.
        let mut bad = candidates[0].clone();
        bad.params.alpha = 0.0;
        let err = cross_validate_with_progress(&texts, &y, &labels(), &[bad], 3, 5, &|| {})
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("--alpha must be a finite number > 0, got 0"),
            "{err}"
        );
    }

    #[test]
    fn mean_sd_hand_values() {
        let (m, s) = mean_sd(&[1.0, 2.0, 3.0]);
        assert!((m - 2.0).abs() < 1e-12 && (s - 1.0).abs() < 1e-12);
    }
}
