//! Do the probabilities mean what they say? Brier score and expected calibration error.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Calibration {
    /// Mean over rows of Σ_c (p_c − [c = truth])²: 0 is perfect, 2 the worst.
    pub brier: f64,
    /// Expected calibration error of the top label's probability, in `bins` equal-width bins:
    /// Σ_b (n_b / n) · |accuracy_b − mean confidence_b|.
    pub ece: f64,
    pub bins: usize,
}

/// Calibration of `probabilities` (one row per example, label order) against `truth`.
pub fn calibration(truth: &[usize], probabilities: &[Vec<f64>], bins: usize) -> Calibration {
    let n = truth.len().max(1) as f64;
    let mut brier = 0.0;
    let mut count = vec![0usize; bins];
    let mut correct = vec![0usize; bins];
    let mut confidence = vec![0.0; bins];
    for (&t, p) in truth.iter().zip(probabilities) {
        brier += p
            .iter()
            .enumerate()
            .map(|(c, &pc)| (pc - if c == t { 1.0 } else { 0.0 }).powi(2))
            .sum::<f64>();
        let (top, &conf) = p
            .iter()
            .enumerate()
            .fold((0, &f64::NEG_INFINITY), |best, (c, pc)| {
                if *pc > *best.1 {
                    (c, pc)
                } else {
                    best
                }
            });
        let b = ((conf * bins as f64) as usize).min(bins - 1);
        count[b] += 1;
        correct[b] += usize::from(top == t);
        confidence[b] += conf;
    }
    let ece = (0..bins)
        .filter(|&b| count[b] > 0)
        .map(|b| {
            let nb = count[b] as f64;
            (nb / n) * (correct[b] as f64 / nb - confidence[b] / nb).abs()
        })
        .sum();
    Calibration {
        brier: brier / n,
        ece,
        bins,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed() {
        // Two rows: confident and right; unsure and wrong.
        let c = calibration(&[0, 1], &[vec![0.9, 0.1], vec![0.6, 0.4]], 10);
        // Brier: (0.01 + 0.01 + 0.36 + 0.36) / 2 = 0.37
        assert!((c.brier - 0.37).abs() < 1e-12);
        // Bin 9: conf 0.9, acc 1 → 0.1; bin 6: conf 0.6, acc 0 → 0.6; ECE = (0.1 + 0.6) / 2.
        assert!((c.ece - 0.35).abs() < 1e-12);
    }

    #[test]
    fn perfect_predictions_are_perfectly_calibrated() {
        let c = calibration(&[1, 0], &[vec![0.0, 1.0], vec![1.0, 0.0]], 15);
        assert_eq!((c.brier, c.ece), (0.0, 0.0));
    }
}
