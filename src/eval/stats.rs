//! Significance of a difference between two models scored on the same rows: McNemar's exact
//! test on paired correctness, and a paired bootstrap confidence interval of the macro-F1
//! difference.

use crate::folds::SplitMix64;
use rayon::prelude::*;

/// Two-sided exact McNemar test: the p-value of `b` and `c` discordant pairs (rows one model
/// got right and the other wrong, and the reverse) under "either direction is equally
/// likely", i.e. the exact binomial test of min(b, c) in b + c trials with p = ½:
///
/// p = min(1, 2 · Σ_{i ≤ min(b,c)} C(b+c, i) / 2^(b+c))
///
/// Computed in log space, so b + c in the millions neither overflows nor underflows to a
/// wrong answer (a p-value below ~1e-308 is reported as 0).
pub fn mcnemar_exact(b: u64, c: u64) -> f64 {
    let n = b.saturating_add(c);
    if n == 0 || b == c {
        return 1.0;
    }
    let m = b.min(c);
    if n <= 1000 {
        // Exact in f64: C(1000, 500) ≈ 2.7e299 and 2^1000 ≈ 1.1e301 are both representable,
        // and small cases (the common ones) come out without rounding noise.
        let mut term = 1.0f64;
        let mut sum = 1.0f64;
        for i in 0..m {
            term = term * (n - i) as f64 / (i + 1) as f64;
            sum += term;
        }
        return (2.0 * sum / 2f64.powi(n as i32)).min(1.0);
    }
    // ln C(n, i) for i = 0..=m by the recurrence C(n, i+1) = C(n, i) · (n − i) / (i + 1);
    // the terms grow with i (i ≤ m < n/2), so the last one is the largest: sum relative to it.
    let mut log_terms = Vec::with_capacity(m as usize + 1);
    let mut log_c = 0.0f64;
    log_terms.push(log_c);
    for i in 0..m {
        log_c += ((n - i) as f64).ln() - ((i + 1) as f64).ln();
        log_terms.push(log_c);
    }
    let max = log_c;
    // Add the smallest first for accuracy; terms below e^-745 of the largest vanish anyway.
    let sum: f64 = log_terms.iter().rev().map(|t| (t - max).exp()).rev().sum();
    let log_p = std::f64::consts::LN_2 + max + sum.ln() - n as f64 * std::f64::consts::LN_2;
    log_p.exp().min(1.0)
}

/// A paired bootstrap interval of `macro_f1(other) − macro_f1(baseline)`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BootstrapCi {
    /// The difference on all rows.
    pub observed: f64,
    /// 2.5th and 97.5th percentiles of the resampled differences (for `confidence` 0.95).
    pub low: f64,
    pub high: f64,
    pub confidence: f64,
    pub resamples: usize,
    pub seed: u64,
}

/// Macro-F1 of a flattened k × k confusion matrix (rows = truth, columns = prediction), by
/// the rule of [`crate::eval::compute_metrics`]: the mean F1 over labels seen in the truth or
/// in the predictions.
pub fn macro_f1_of_confusion(cm: &[u64], k: usize) -> f64 {
    let k = k.min(cm.len().isqrt());
    let tp: Vec<u64> = (0..k).map(|i| cm[i * k + i]).collect();
    let support: Vec<u64> = (0..k)
        .map(|i| cm[i * k..(i + 1) * k].iter().sum())
        .collect();
    let predicted: Vec<u64> = (0..k)
        .map(|i| (0..k).map(|r| cm[r * k + i]).sum())
        .collect();
    macro_f1_of_counts(&tp, &support, &predicted)
}

/// Macro-F1 from per-label true positives, support (true count) and predicted count.
pub fn macro_f1_of_counts(tp: &[u64], support: &[u64], predicted: &[u64]) -> f64 {
    let mut sum = 0.0;
    let mut seen = 0usize;
    for ((&tp, &s), &p) in tp.iter().zip(support).zip(predicted) {
        if s == 0 && p == 0 {
            continue;
        }
        seen += 1;
        // F1 = 2·tp / (support + predicted), equal to 2PR/(P+R), and 0 when tp = 0.
        if tp > 0 {
            sum += 2.0 * tp as f64 / (s + p) as f64;
        }
    }
    if seen == 0 {
        0.0
    } else {
        sum / seen as f64
    }
}

/// Per-label counts of one resample for both models.
struct Tally {
    support: Vec<u64>,
    tp_a: Vec<u64>,
    pred_a: Vec<u64>,
    tp_b: Vec<u64>,
    pred_b: Vec<u64>,
}

impl Tally {
    fn new(k: usize) -> Self {
        Self {
            support: vec![0; k],
            tp_a: vec![0; k],
            pred_a: vec![0; k],
            tp_b: vec![0; k],
            pred_b: vec![0; k],
        }
    }

    fn clear(&mut self) {
        for v in [
            &mut self.support,
            &mut self.tp_a,
            &mut self.pred_a,
            &mut self.tp_b,
            &mut self.pred_b,
        ] {
            v.iter_mut().for_each(|c| *c = 0);
        }
    }

    fn add(&mut self, t: usize, a: usize, b: usize, count: u64) {
        self.support[t] += count;
        self.pred_a[a] += count;
        self.pred_b[b] += count;
        if t == a {
            self.tp_a[t] += count;
        }
        if t == b {
            self.tp_b[t] += count;
        }
    }

    /// macro-F1(b) − macro-F1(a).
    fn diff(&self) -> f64 {
        macro_f1_of_counts(&self.tp_b, &self.support, &self.pred_b)
            - macro_f1_of_counts(&self.tp_a, &self.support, &self.pred_a)
    }
}

/// Above this many labels, resamples tally per draw instead of through a k³ code table.
const MAX_CODED_LABELS: usize = 16;

/// Paired bootstrap of the macro-F1 difference between `other` and `baseline` predictions of
/// the same rows (`truth`, `baseline`, `other` hold label indices; `k` is the number of labels,
/// raised if an index is larger).
///
/// Each of `resamples` resamples draws n row indices with replacement, and both macro-F1s are
/// computed on that same resample; the interval is the percentile interval (linear
/// interpolation between order statistics, as numpy's default). Resample r uses its own
/// SplitMix64 stream, seeded from the r-th output of SplitMix64(`seed`), so the result
/// depends on `seed` only, not on the number of threads.
pub fn paired_bootstrap_macro_f1(
    truth: &[usize],
    baseline: &[usize],
    other: &[usize],
    k: usize,
    resamples: usize,
    seed: u64,
) -> BootstrapCi {
    let n = truth.len().min(baseline.len()).min(other.len());
    let (truth, baseline, other) = (&truth[..n], &baseline[..n], &other[..n]);
    let k = truth
        .iter()
        .chain(baseline)
        .chain(other)
        .map(|&v| v.saturating_add(1))
        .max()
        .unwrap_or(0)
        .max(k)
        .max(1);
    let mut all = Tally::new(k);
    for i in 0..n {
        all.add(truth[i], baseline[i], other[i], 1);
    }
    let observed = all.diff();
    let confidence = 0.95;
    if n == 0 || resamples == 0 {
        return BootstrapCi {
            observed,
            low: observed,
            high: observed,
            confidence,
            resamples,
            seed,
        };
    }
    let mut master = SplitMix64(seed);
    let seeds: Vec<u64> = (0..resamples).map(|_| master.next()).collect();
    let mut diffs: Vec<f64> = if k <= MAX_CODED_LABELS {
        // One code per row for (truth, baseline, other): a draw is then a single increment.
        let codes: Vec<u16> = (0..n)
            .map(|i| ((truth[i] * k + baseline[i]) * k + other[i]) as u16)
            .collect();
        seeds
            .par_iter()
            .map_init(
                || (vec![0u64; k * k * k], Tally::new(k)),
                |(counts, tally), &s| {
                    counts.iter_mut().for_each(|c| *c = 0);
                    let mut rng = SplitMix64(s);
                    for _ in 0..n {
                        counts[codes[draw(&mut rng, n)] as usize] += 1;
                    }
                    tally.clear();
                    for (code, &count) in counts.iter().enumerate() {
                        if count > 0 {
                            tally.add(code / (k * k), code / k % k, code % k, count);
                        }
                    }
                    tally.diff()
                },
            )
            .collect()
    } else {
        seeds
            .par_iter()
            .map_init(
                || Tally::new(k),
                |tally, &s| {
                    tally.clear();
                    let mut rng = SplitMix64(s);
                    for _ in 0..n {
                        let i = draw(&mut rng, n);
                        tally.add(truth[i], baseline[i], other[i], 1);
                    }
                    tally.diff()
                },
            )
            .collect()
    };
    diffs.sort_by(f64::total_cmp);
    let alpha = (1.0 - confidence) / 2.0;
    BootstrapCi {
        observed,
        low: percentile(&diffs, alpha),
        high: percentile(&diffs, 1.0 - alpha),
        confidence,
        resamples,
        seed,
    }
}

/// A uniform index below `n` (Lemire's multiply-shift; the bias is below n / 2^64).
pub fn draw(rng: &mut SplitMix64, n: usize) -> usize {
    ((u128::from(rng.next()) * n as u128) >> 64) as usize
}

/// The q-quantile of sorted values, interpolating linearly between order statistics.
pub fn percentile(sorted: &[f64], q: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        len => {
            let pos = q.clamp(0.0, 1.0) * (len - 1) as f64;
            let lo = pos.floor() as usize;
            let hi = (lo + 1).min(len - 1);
            sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::compute_metrics;

    #[test]
    fn mcnemar_hand_values() {
        // b=1, c=6: 2·(C(7,0)+C(7,1))/2^7 = 2·8/128.
        assert!((mcnemar_exact(1, 6) - 0.125).abs() < 1e-12);
        assert!((mcnemar_exact(6, 1) - 0.125).abs() < 1e-12);
        assert_eq!(mcnemar_exact(0, 0), 1.0);
        assert_eq!(mcnemar_exact(5, 5), 1.0);
        // b=0, c=5: 2/32.
        assert!((mcnemar_exact(0, 5) - 0.0625).abs() < 1e-12);
        // b=2, c=10: 2·(1+12+66)/4096.
        assert!((mcnemar_exact(2, 10) - 158.0 / 4096.0).abs() < 1e-12);
        // b=4, c=5 → 2·(1+9+36+84+126)/512 = 1.0 exactly.
        assert!((mcnemar_exact(4, 5) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn mcnemar_large_counts_stay_finite() {
        // Symmetric millions: p ≈ 1; a lopsided split: p underflows towards 0, never NaN.
        let p = mcnemar_exact(1_000_000, 1_000_500);
        assert!(p > 0.7 && p <= 1.0, "{p}");
        let q = mcnemar_exact(1_000_000, 1_100_000);
        assert!((0.0..1e-100).contains(&q), "{q}");
        // Normal approximation check: b=4900, c=5100 → z = 200/√10000 = 2 → p ≈ 0.0455 + cc.
        let r = mcnemar_exact(4900, 5100);
        assert!((r - 0.0466).abs() < 0.001, "{r}");
    }

    #[test]
    fn macro_f1_of_confusion_agrees_with_metrics() {
        let labels: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        let truth = [0, 0, 1, 1, 2, 2, 2];
        let pred = [0, 1, 1, 1, 0, 2, 1];
        let m = compute_metrics(&labels, &truth, &pred);
        let mut cm = vec![0u64; 9];
        for (&t, &p) in truth.iter().zip(&pred) {
            cm[t * 3 + p] += 1;
        }
        assert!((macro_f1_of_confusion(&cm, 3) - m.macro_f1).abs() < 1e-12);
        // A label never seen does not count.
        let m2 = compute_metrics(&labels, &[0, 1], &[0, 1]);
        let cm2 = [1, 0, 0, 0, 1, 0, 0, 0, 0];
        assert!((macro_f1_of_confusion(&cm2, 3) - m2.macro_f1).abs() < 1e-12);
    }

    #[test]
    fn bootstrap_degenerate_cases() {
        let truth: Vec<usize> = (0..50).map(|i| i % 2).collect();
        let wrong: Vec<usize> = truth.iter().map(|&t| 1 - t).collect();
        // Identical predictions: every resample differs by exactly 0.
        let ci = paired_bootstrap_macro_f1(&truth, &wrong, &wrong, 2, 200, 1);
        assert_eq!((ci.observed, ci.low, ci.high), (0.0, 0.0, 0.0));
        // Always wrong vs always right: macro-F1 0 vs 1 on every resample.
        let ci = paired_bootstrap_macro_f1(&truth, &wrong, &truth, 2, 200, 1);
        assert_eq!((ci.observed, ci.low, ci.high), (1.0, 1.0, 1.0));
        // No rows: no panic.
        let ci = paired_bootstrap_macro_f1(&[], &[], &[], 3, 10, 1);
        assert_eq!(ci.observed, 0.0);
    }

    /// The same draws, with the metrics computed the slow, obvious way.
    fn check_against_naive(k: usize) {
        let labels: Vec<String> = (0..k).map(|i| format!("l{i}")).collect();
        let n = 120;
        let mut rng = SplitMix64(9);
        let truth: Vec<usize> = (0..n).map(|_| (rng.next() % k as u64) as usize).collect();
        let a: Vec<usize> = truth
            .iter()
            .map(|&t| if rng.next() % 3 == 0 { (t + 1) % k } else { t })
            .collect();
        let b: Vec<usize> = truth
            .iter()
            .map(|&t| if rng.next() % 5 == 0 { (t + 2) % k } else { t })
            .collect();
        let resamples = 300;
        let seed = 77;
        let ci = paired_bootstrap_macro_f1(&truth, &a, &b, k, resamples, seed);
        let mut master = SplitMix64(seed);
        let mut diffs: Vec<f64> = (0..resamples)
            .map(|_| {
                let mut r = SplitMix64(master.next());
                let idx: Vec<usize> = (0..n).map(|_| draw(&mut r, n)).collect();
                let t: Vec<usize> = idx.iter().map(|&i| truth[i]).collect();
                let pa: Vec<usize> = idx.iter().map(|&i| a[i]).collect();
                let pb: Vec<usize> = idx.iter().map(|&i| b[i]).collect();
                compute_metrics(&labels, &t, &pb).macro_f1
                    - compute_metrics(&labels, &t, &pa).macro_f1
            })
            .collect();
        diffs.sort_by(f64::total_cmp);
        let full = compute_metrics(&labels, &truth, &b).macro_f1
            - compute_metrics(&labels, &truth, &a).macro_f1;
        assert!((ci.observed - full).abs() < 1e-12);
        assert!((ci.low - percentile(&diffs, 0.025)).abs() < 1e-12);
        assert!((ci.high - percentile(&diffs, 0.975)).abs() < 1e-12);
        assert!(ci.low < ci.observed && ci.observed < ci.high);
        // Same seed, same interval.
        assert_eq!(
            ci,
            paired_bootstrap_macro_f1(&truth, &a, &b, k, resamples, seed)
        );
    }

    #[test]
    fn bootstrap_matches_a_naive_implementation() {
        check_against_naive(3);
        // Many labels take the per-draw path instead of the code table.
        check_against_naive(MAX_CODED_LABELS + 4);
    }

    #[test]
    fn percentile_interpolates() {
        let v: Vec<f64> = (0..=10).map(f64::from).collect();
        assert_eq!(percentile(&v, 0.25), 2.5);
        assert_eq!(percentile(&v, 1.0), 10.0);
        assert_eq!(percentile(&[3.0], 0.5), 3.0);
        assert!(percentile(&[], 0.5).is_nan());
    }
}
