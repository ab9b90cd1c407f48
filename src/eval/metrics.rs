//! Accuracy, per-class precision / recall / F1, macro and weighted F1, confusion matrix,
//! computed exactly as `../shared/peers/common.py` does, so reports compare like for like.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassMetrics {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub support: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    pub accuracy: f64,
    /// Mean F1 over labels seen in the truth or the predictions (scikit-learn's rule).
    pub macro_f1: f64,
    /// F1 averaged with support as weights.
    pub weighted_f1: f64,
    pub per_class: BTreeMap<String, ClassMetrics>,
    /// Rows = true label, columns = predicted, both in `labels` order.
    pub confusion_matrix: Vec<Vec<usize>>,
}

/// Metrics of predictions `pred` against `truth` (label indices into `labels`).
pub fn compute(labels: &[String], truth: &[usize], pred: &[usize]) -> Metrics {
    let k = labels.len();
    let mut cm = vec![vec![0usize; k]; k];
    for (&t, &p) in truth.iter().zip(pred) {
        cm[t][p] += 1;
    }
    let mut per_class = BTreeMap::new();
    let mut f1s = Vec::new();
    let mut weighted = 0.0;
    for (i, label) in labels.iter().enumerate() {
        let tp = cm[i][i];
        let support: usize = cm[i].iter().sum();
        let predicted: usize = cm.iter().map(|row| row[i]).sum();
        let precision = ratio(tp, predicted);
        let recall = ratio(tp, support);
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        if support > 0 || predicted > 0 {
            f1s.push(f1);
        }
        weighted += f1 * support as f64;
        per_class.insert(
            label.clone(),
            ClassMetrics {
                precision,
                recall,
                f1,
                support,
            },
        );
    }
    let correct: usize = (0..k).map(|i| cm[i][i]).sum();
    Metrics {
        accuracy: ratio(correct, truth.len()),
        macro_f1: f1s.iter().sum::<f64>() / f1s.len().max(1) as f64,
        weighted_f1: weighted / truth.len().max(1) as f64,
        per_class,
        confusion_matrix: cm,
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_example() {
        let labels: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        // truth a a b b c ; pred a b b b a
        let m = compute(&labels, &[0, 0, 1, 1, 2], &[0, 1, 1, 1, 0]);
        assert_eq!(
            m.confusion_matrix,
            vec![vec![1, 1, 0], vec![0, 2, 0], vec![1, 0, 0]]
        );
        assert!((m.accuracy - 0.6).abs() < 1e-12);
        let a = &m.per_class["a"];
        assert!((a.precision - 0.5).abs() < 1e-12 && (a.recall - 0.5).abs() < 1e-12);
        let b = &m.per_class["b"];
        assert!((b.f1 - 0.8).abs() < 1e-12);
        // c: never predicted correctly: f1 0, still counted (support 1).
        assert!((m.macro_f1 - (0.5 + 0.8 + 0.0) / 3.0).abs() < 1e-12);
        assert!((m.weighted_f1 - (0.5 * 2.0 + 0.8 * 2.0) / 5.0).abs() < 1e-12);
    }

    #[test]
    fn labels_absent_from_truth_and_predictions_do_not_count_in_macro() {
        let labels: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        let m = compute(&labels, &[0, 1], &[0, 1]);
        assert!((m.macro_f1 - 1.0).abs() < 1e-12);
    }
}
