//! Our sparse trainer minimises linfa-logistic's objective with linfa's solver: on small data
//! both must land on the same weights and objective value.

use stance::eval::cv::SplitMix64;
use stance::features::{CsrMatrix, SparseRow};
use stance::model::params::{ClassWeight, SolverKind, TrainParams};
use stance::model::trainer::{fit, FittedWeights};

/// Random sparse, L2-normalised rows whose label depends on a few features (learnable).
fn data(n: usize, d: usize, k: usize, seed: u64) -> (CsrMatrix, Vec<usize>) {
    let mut rng = SplitMix64(seed);
    let mut rows = Vec::new();
    let mut y = Vec::new();
    for _ in 0..n {
        let mut idx: Vec<u32> = (0..5).map(|_| (rng.next() % d as u64) as u32).collect();
        idx.sort_unstable();
        idx.dedup();
        let vals: Vec<f64> = idx
            .iter()
            .map(|_| 0.1 + (rng.next() % 1000) as f64 / 1000.0)
            .collect();
        let norm = vals.iter().map(|v| v * v).sum::<f64>().sqrt();
        let vals: Vec<f64> = vals.iter().map(|v| v / norm).collect();
        y.push((idx[0] as usize + (rng.next() % 3 == 0) as usize) % k);
        rows.push(SparseRow {
            indices: idx,
            values: vals,
        });
    }
    (CsrMatrix::from_rows(d, rows), y)
}

fn train(x: &CsrMatrix, y: &[usize], k: usize, solver: SolverKind, alpha: f64) -> FittedWeights {
    let params = TrainParams {
        alpha,
        max_iter: 2000,
        tol: 1e-9,
        class_weight: ClassWeight::None,
        solver,
        calibration_folds: None,
    }
    .check(k)
    .expect("valid params");
    fit(x, y, k, &params).expect("training succeeds")
}

fn max_rel_diff(a: &[f64], b: &[f64]) -> f64 {
    let scale = a
        .iter()
        .chain(b)
        .fold(0.0f64, |m, v| m.max(v.abs()))
        .max(1e-12);
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs() / scale)
        .fold(0.0, f64::max)
}

#[test]
fn sparse_solver_matches_linfa_multinomial() {
    for (seed, k, alpha) in [(1, 3, 1.0), (2, 3, 0.3), (3, 4, 2.0), (4, 2, 0.5)] {
        let (x, y) = data(120, 30, k, seed);
        let ours = train(&x, &y, k, SolverKind::Sparse, alpha);
        let linfa = train(&x, &y, k, SolverKind::Linfa, alpha);
        assert!(ours.convergence.converged, "{:?}", ours.convergence);
        let rel_cost = (ours.convergence.final_cost - linfa.convergence.final_cost).abs()
            / linfa.convergence.final_cost;
        assert!(
            rel_cost < 1e-6,
            "seed {seed}: objective differs by {rel_cost:e}"
        );
        // Softmax weights are defined up to a per-feature constant across classes only when
        // unregularised; with alpha > 0 the optimum is unique, so weights must agree.
        let dw = max_rel_diff(&ours.weights, &linfa.weights);
        let db = max_rel_diff(&ours.intercepts, &linfa.intercepts);
        assert!(
            dw < 1e-5 && db < 1e-5,
            "seed {seed}: weights differ by {dw:e}, intercepts by {db:e}"
        );
    }
}

#[test]
fn training_is_identical_across_thread_counts() {
    let (x, y) = data(5000, 200, 3, 9);
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("thread pool");
        pool.install(|| train(&x, &y, 3, SolverKind::Sparse, 0.5))
    };
    let one = run(1);
    let two = run(2);
    let weights_bits =
        |f: &FittedWeights| f.weights.iter().map(|w| w.to_bits()).collect::<Vec<_>>();
    assert_eq!(weights_bits(&one), weights_bits(&two));
    assert_eq!(one.convergence, two.convergence);
}
