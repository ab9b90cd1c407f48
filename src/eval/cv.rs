//! Stratified K-fold cross-validation: folds keep each label's share, with a fixed seed.

/// Fold number (0..k) of every row. Rows of each label are shuffled with `seed`, then dealt
/// round-robin, so each fold gets ⌊n_c/k⌋ or ⌈n_c/k⌉ rows of label c.
pub fn stratified_folds(labels: &[usize], n_labels: usize, k: usize, seed: u64) -> Vec<usize> {
    let mut folds = vec![0; labels.len()];
    let mut rng = SplitMix64(seed);
    let mut offset = 0;
    for class in 0..n_labels {
        let mut rows: Vec<usize> = (0..labels.len()).filter(|&i| labels[i] == class).collect();
        // Fisher–Yates with our own generator: no dependency, identical on every platform.
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

/// Small, well-mixed generator (Steele et al.'s SplitMix64): reproducible shuffles.
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
    fn mean_sd_hand_values() {
        let (m, s) = mean_sd(&[1.0, 2.0, 3.0]);
        assert!((m - 2.0).abs() < 1e-12 && (s - 1.0).abs() < 1e-12);
    }
}
