//! Temperature scaling: one number T that divides the logits before the softmax, fitted to
//! out-of-fold predictions so probabilities match observed accuracy. Labels never change
//! (T > 0 keeps the order of the logits); only the confidence does.

use super::objective::log_sum_exp;

/// Temperatures considered: 1/T is searched in [1/20, 20].
const INVERSE_RANGE: (f64, f64) = (0.05, 20.0);

/// Negative log-likelihood of `y` under softmax(logits · beta).
fn nll(logits: &[Vec<f64>], y: &[usize], beta: f64) -> f64 {
    let mut scaled = Vec::new();
    logits
        .iter()
        .zip(y)
        .map(|(z, &t)| {
            scaled.clear();
            scaled.extend(z.iter().map(|v| v * beta));
            log_sum_exp(&scaled) - scaled[t]
        })
        .sum()
}

/// The temperature minimising the log-loss of `logits` against `y`. The loss is convex in
/// beta = 1/T (a log-sum-exp of terms linear in beta), so golden-section search finds the
/// optimum; a fixed number of steps keeps it deterministic.
pub fn fit_temperature(logits: &[Vec<f64>], y: &[usize]) -> f64 {
    if logits.is_empty() {
        return 1.0;
    }
    let phi = (5f64.sqrt() - 1.0) / 2.0;
    let (mut a, mut b) = (INVERSE_RANGE.0.ln(), INVERSE_RANGE.1.ln());
    let f = |log_beta: f64| nll(logits, y, log_beta.exp());
    let mut c = b - phi * (b - a);
    let mut d = a + phi * (b - a);
    let (mut fc, mut fd) = (f(c), f(d));
    for _ in 0..80 {
        if fc < fd {
            b = d;
            d = c;
            fd = fc;
            c = b - phi * (b - a);
            fc = f(c);
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + phi * (b - a);
            fd = f(d);
        }
    }
    1.0 / ((a + b) / 2.0).exp()
}

/// Mean log-loss of `y` under softmax(logits / temperature).
pub fn mean_log_loss(logits: &[Vec<f64>], y: &[usize], temperature: f64) -> f64 {
    nll(logits, y, 1.0 / temperature) / logits.len().max(1) as f64
}

/// Probabilities softmax(logits / temperature), one row per row of `logits`.
pub fn probabilities(logits: &[Vec<f64>], temperature: f64) -> Vec<Vec<f64>> {
    logits
        .iter()
        .map(|z| {
            let scaled: Vec<f64> = z.iter().map(|v| v / temperature).collect();
            let lse = log_sum_exp(&scaled);
            scaled.iter().map(|v| (v - lse).exp()).collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overconfident_logits_get_a_temperature_above_one() {
        // Logits say 99.99% but only 3 of 4 are right: T must soften them.
        let logits = vec![vec![10.0, 0.0]; 4];
        let y = [0, 0, 0, 1];
        let t = fit_temperature(&logits, &y);
        // Optimum: p = 0.75 → 10 / T = ln 3.
        assert!((t - 10.0 / 3f64.ln()).abs() < 1e-6, "{t}");
    }

    #[test]
    fn the_fitted_temperature_lowers_the_log_loss_and_keeps_the_order() {
        let logits = vec![
            vec![4.0, 0.0, 1.0],
            vec![0.0, 3.0, 0.5],
            vec![2.0, 0.0, 2.5],
        ];
        let y = [0, 2, 2];
        let t = fit_temperature(&logits, &y);
        assert!(mean_log_loss(&logits, &y, t) < mean_log_loss(&logits, &y, 1.0));
        for (z, p) in logits.iter().zip(probabilities(&logits, t)) {
            assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-12);
            let argmax = |v: &[f64]| (0..v.len()).max_by(|&a, &b| v[a].total_cmp(&v[b]));
            assert_eq!(argmax(z), argmax(&p));
        }
    }

    #[test]
    fn underconfident_logits_get_a_temperature_below_one() {
        let logits = vec![vec![0.5, 0.0], vec![0.0, 0.5]];
        let t = fit_temperature(&logits, &[0, 1]);
        assert!(t < 0.1, "{t}");
    }
}
