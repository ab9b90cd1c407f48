//! Stratified K-fold splits and the seeded generator that shuffles them: the one fold
//! iterator behind probability calibration, `evaluate --cv` and `tune`.
//!
//! A base-layer module, so the model (calibration) and eval (cross-validation) both use it
//! without either importing the other.

/// Small, well-mixed generator (Steele et al.'s SplitMix64): reproducible shuffles, identical
/// on every platform and with no dependency.
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    #[allow(clippy::should_implement_trait)] // an endless generator, not an iterator
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// Fold number (0..k) of every row. Rows of each label are shuffled with `seed`, then dealt
/// round-robin, so each fold gets ⌊n_c/k⌋ or ⌈n_c/k⌉ rows of label c.
pub fn stratified_folds(labels: &[usize], n_labels: usize, k: usize, seed: u64) -> Vec<usize> {
    let mut folds = vec![0; labels.len()];
    let mut rng = SplitMix64(seed);
    let mut offset = 0;
    for class in 0..n_labels {
        let mut rows: Vec<usize> = (0..labels.len()).filter(|&i| labels[i] == class).collect();
        // Fisher–Yates with our own generator.
        for i in (1..rows.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            rows.swap(i, j);
        }
        for (n, &row) in rows.iter().enumerate() {
            folds[row] = (n + offset) % k;
        }
        // Continue the deal where the last label stopped, so small labels don't all land in fold 0.
        offset = (offset + rows.len()) % k;
    }
    folds
}

/// Stratified K folds of a labelled data set, drawn once with a seed.
#[derive(Debug, Clone, PartialEq)]
pub struct StratifiedKFold {
    /// Fold number of every row.
    assignment: Vec<usize>,
    k: usize,
}

/// One fold held out: the rows to fit on and the rows to score, each in row order.
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    /// 0-based fold number.
    pub fold: usize,
    pub train: Vec<usize>,
    pub test: Vec<usize>,
}

impl StratifiedKFold {
    /// `k` folds of the rows labelled `labels` (each < `n_labels`), shuffled with `seed`
    /// (see [`stratified_folds`]).
    pub fn new(labels: &[usize], n_labels: usize, k: usize, seed: u64) -> Self {
        Self {
            assignment: stratified_folds(labels, n_labels, k, seed),
            k,
        }
    }

    /// Number of folds.
    pub fn k(&self) -> usize {
        self.k
    }

    /// The split that holds out fold `fold`.
    pub fn split(&self, fold: usize) -> Split {
        let (train, test) = (0..self.assignment.len()).partition(|&i| self.assignment[i] != fold);
        Split { fold, train, test }
    }

    /// Every split, in fold order.
    pub fn splits(&self) -> impl Iterator<Item = Split> + '_ {
        (0..self.k).map(|fold| self.split(fold))
    }
}

impl Split {
    /// `items` at the training rows.
    pub fn train_of<'a, T>(&'a self, items: &'a [T]) -> impl Iterator<Item = &'a T> + 'a {
        self.train.iter().map(move |&i| &items[i])
    }

    /// `items` at the held-out rows.
    pub fn test_of<'a, T>(&'a self, items: &'a [T]) -> impl Iterator<Item = &'a T> + 'a {
        self.test.iter().map(move |&i| &items[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_are_stratified_and_deterministic() {
        let labels: Vec<usize> = (0..100).map(|i| if i < 70 { 0 } else { 1 }).collect();
        let f = stratified_folds(&labels, 2, 5, 7);
        assert_eq!(f, stratified_folds(&labels, 2, 5, 7));
        for fold in 0..5 {
            let zeros = (0..100).filter(|&i| f[i] == fold && labels[i] == 0).count();
            let ones = (0..100).filter(|&i| f[i] == fold && labels[i] == 1).count();
            assert_eq!((zeros, ones), (14, 6));
        }
    }

    #[test]
    fn splits_are_disjoint_cover_every_row_once_and_keep_label_shares() {
        // 23 / 11 / 6 rows of three labels, interleaved.
        let labels: Vec<usize> = (0..40)
            .map(|i| match i % 7 {
                0 | 3 => 1,
                5 => 2,
                _ => 0,
            })
            .collect();
        let n_of = |rows: &[usize], c: usize| rows.iter().filter(|&&i| labels[i] == c).count();
        let folds = StratifiedKFold::new(&labels, 3, 4, 11);
        assert_eq!(folds.k(), 4);
        let splits: Vec<Split> = folds.splits().collect();
        assert_eq!(splits.len(), 4);
        let mut held = vec![0usize; labels.len()];
        for (f, s) in splits.iter().enumerate() {
            assert_eq!(s.fold, f);
            assert_eq!(s.train.len() + s.test.len(), labels.len());
            assert!(s.test.iter().all(|i| !s.train.contains(i)));
            assert!(s.train.windows(2).all(|w| w[0] < w[1]));
            assert!(s.test.windows(2).all(|w| w[0] < w[1]));
            s.test.iter().for_each(|&i| held[i] += 1);
            for c in 0..3 {
                let total = n_of(&(0..labels.len()).collect::<Vec<_>>(), c);
                let n = n_of(&s.test, c);
                assert!(
                    n == total / 4 || n == total.div_ceil(4),
                    "fold {f} label {c}: {n}"
                );
            }
            assert_eq!(s.train_of(&labels).count() + s.test_of(&labels).count(), 40);
            assert!(s
                .test_of(&labels)
                .zip(&s.test)
                .all(|(&l, &i)| l == labels[i]));
        }
        // Every row is held out exactly once.
        assert!(held.iter().all(|&n| n == 1), "{held:?}");
        // The same seed deals the same folds; another seed deals others.
        assert_eq!(folds, StratifiedKFold::new(&labels, 3, 4, 11));
        assert_ne!(folds, StratifiedKFold::new(&labels, 3, 4, 12));
    }

    #[test]
    fn splitmix_matches_its_reference_values() {
        // The first outputs of SplitMix64 seeded with 0 (Vigna's reference implementation).
        let mut rng = SplitMix64(0);
        assert_eq!(rng.next(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(rng.next(), 0x6E78_9E6A_A1B9_65F4);
    }
}
