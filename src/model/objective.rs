//! The training objective over sparse rows: linfa-logistic's multinomial loss
//! `-Σ wᵢ log softmax(xᵢW + b)[yᵢ] + ½·alpha·‖W‖²` (intercept not penalised), with cost and
//! gradient computed in one pass.
//!
//! Parameters are laid out as linfa lays them out: a (d + 1) × k row-major matrix, feature rows
//! first and the intercept row last. Rows are processed in fixed blocks whose partial sums are
//! added in block order, so the result is bit-identical whatever the number of threads.

use crate::features::CsrMatrix;
use rayon::prelude::*;
use std::sync::Mutex;

/// Rows per block at the least: the unit of parallel work and of summation order.
const MIN_BLOCK: usize = 4096;
/// Blocks at the most: each holds a copy of the weights and its own gradient, so large data
/// gets larger blocks rather than more of them. The partition depends only on the number of
/// rows, never on threads.
const MAX_BLOCKS: usize = 16;

/// Rows per block for `n` rows: as many blocks of at least `MIN_BLOCK` rows as fit (at most
/// `MAX_BLOCKS`), of equal size, so no block is a small remainder that costs a whole buffer.
fn block_size(n: usize) -> usize {
    let blocks = (n / MIN_BLOCK).clamp(1, MAX_BLOCKS);
    n.div_ceil(blocks).max(1)
}

/// Training data plus the regularisation strength.
pub struct Objective<'a> {
    pub x: &'a CsrMatrix,
    /// The rows of `x` that take part, in order; `None` means all of them. `y` and `weights`
    /// follow this order.
    pub rows: Option<&'a [u32]>,
    pub y: &'a [usize],
    /// Per-row weights; `None` means every row counts once.
    pub weights: Option<&'a [f64]>,
    pub n_classes: usize,
    pub alpha: f64,
}

/// One work buffer per block, kept across evaluations: allocating and zero-filling fresh
/// pages for every block of every evaluation cost more than the arithmetic.
///
/// A block's buffer holds, for each feature j, its k weights followed by its k gradient
/// entries, then the k intercept gradients. Every stored value of a row touches one feature's
/// weights and then its gradient; side by side they are one cache miss instead of two, and
/// on large vocabularies those misses are most of the training time.
#[derive(Default)]
pub struct GradientBuffers(Vec<Mutex<Vec<f64>>>);

impl GradientBuffers {
    /// Buffers for every block of `objective`'s rows.
    pub fn for_objective(objective: &Objective) -> Self {
        let n = objective.n_rows();
        Self(
            (0..n.div_ceil(block_size(n)))
                .map(|_| Mutex::new(Vec::new()))
                .collect(),
        )
    }
}

impl<'a> Objective<'a> {
    /// Every row of `x` in order, each counted once or by its entry in `weights`.
    pub fn new(
        x: &'a CsrMatrix,
        y: &'a [usize],
        weights: Option<&'a [f64]>,
        n_classes: usize,
        alpha: f64,
    ) -> Self {
        Self {
            x,
            rows: None,
            y,
            weights,
            n_classes,
            alpha,
        }
    }
}

impl Objective<'_> {
    pub fn n_params(&self) -> usize {
        (self.x.n_cols() + 1) * self.n_classes
    }

    /// Rows taking part.
    pub fn n_rows(&self) -> usize {
        self.rows.map_or(self.x.n_rows(), <[u32]>::len)
    }

    /// Cost and gradient at `params` ((d + 1) × k, row-major).
    pub fn cost_and_gradient(&self, params: &[f64]) -> (f64, Vec<f64>) {
        self.cost_and_gradient_with(params, &GradientBuffers::default())
    }

    /// As [`Objective::cost_and_gradient`], reusing `buffers` across calls.
    pub fn cost_and_gradient_with(
        &self,
        params: &[f64],
        buffers: &GradientBuffers,
    ) -> (f64, Vec<f64>) {
        let k = self.n_classes;
        let d = self.x.n_cols();
        debug_assert_eq!(params.len(), (d + 1) * k);
        let n = self.n_rows();
        let size = block_size(n);
        let n_blocks = n.div_ceil(size);
        let local;
        let pool = if buffers.0.len() >= n_blocks {
            &buffers.0
        } else {
            local = (0..n_blocks)
                .map(|_| Mutex::new(Vec::new()))
                .collect::<Vec<_>>();
            &local
        };
        let costs: Vec<f64> = (0..n_blocks)
            .into_par_iter()
            .map(|b| {
                let mut work = pool[b].lock().unwrap_or_else(|e| e.into_inner());
                self.block(params, b * size, ((b + 1) * size).min(n), &mut work)
            })
            .collect();
        // Sum in block order: the result does not depend on which thread ran which block.
        let mut cost = costs.iter().sum::<f64>();
        let mut grad = vec![0.0; params.len()];
        for buffer in pool.iter().take(n_blocks) {
            let work = buffer.lock().unwrap_or_else(|e| e.into_inner());
            let (features, intercepts) = work.split_at(d * 2 * k);
            let (gw, gb) = grad.split_at_mut(d * k);
            for (g, pair) in gw.chunks_exact_mut(k).zip(features.chunks_exact(2 * k)) {
                g.iter_mut().zip(&pair[k..]).for_each(|(a, b)| *a += b);
            }
            gb.iter_mut().zip(intercepts).for_each(|(a, b)| *a += b);
        }
        let (w, _) = params.split_at(d * k);
        let (gw, _) = grad.split_at_mut(d * k);
        let mut norm2 = 0.0;
        for (g, &wv) in gw.iter_mut().zip(w) {
            norm2 += wv * wv;
            *g += self.alpha * wv;
        }
        cost += 0.5 * self.alpha * norm2;
        (cost, grad)
    }

    /// Unregularised loss of rows `lo..hi`; their gradient is left in `work` (see
    /// [`GradientBuffers`] for its layout).
    fn block(&self, params: &[f64], lo: usize, hi: usize, work: &mut Vec<f64>) -> f64 {
        let k = self.n_classes;
        let d = self.x.n_cols();
        let (w, b) = params.split_at(d * k);
        work.clear();
        work.reserve(d * 2 * k + k);
        for wj in w.chunks_exact(k) {
            work.extend_from_slice(wj);
            work.extend(std::iter::repeat_n(0.0, k));
        }
        work.extend(std::iter::repeat_n(0.0, k));
        // A fixed-size score vector lives in registers; three labels is the common case.
        match k {
            2 => self.loss_of_rows(lo..hi, b, work, [0.0; 2]),
            3 => self.loss_of_rows(lo..hi, b, work, [0.0; 3]),
            _ => self.loss_of_rows(lo..hi, b, work, vec![0.0; k]),
        }
    }

    /// The per-row loop of [`Objective::block`], with `z` (k scores) as scratch.
    fn loss_of_rows<Z: AsMut<[f64]>>(
        &self,
        range: std::ops::Range<usize>,
        intercepts: &[f64],
        work: &mut [f64],
        mut z: Z,
    ) -> f64 {
        let z = z.as_mut();
        let k = z.len();
        let (features, gb) = work.split_at_mut(work.len() - k);
        let mut loss = 0.0;
        for r in range {
            let (idx, val) = self.x.row(self.rows.map_or(r, |rows| rows[r] as usize));
            z.copy_from_slice(intercepts);
            for (&j, &v) in idx.iter().zip(val) {
                let wj = &features[j as usize * 2 * k..][..k];
                z.iter_mut().zip(wj).for_each(|(zc, wc)| *zc += v * wc);
            }
            let lse = log_sum_exp(z);
            let y = self.y[r];
            let weight = self.weights.map_or(1.0, |ws| ws[r]);
            loss += weight * (lse - z[y]);
            // z becomes the residual weight·(p - onehot(y)).
            for (c, zc) in z.iter_mut().enumerate() {
                let p = (*zc - lse).exp();
                *zc = weight * (p - if c == y { 1.0 } else { 0.0 });
            }
            for (&j, &v) in idx.iter().zip(val) {
                let gj = &mut features[j as usize * 2 * k + k..][..k];
                gj.iter_mut().zip(z.iter()).for_each(|(g, r)| *g += v * r);
            }
            gb.iter_mut().zip(z.iter()).for_each(|(g, r)| *g += r);
        }
        loss
    }
}

/// ln Σ exp(zᵢ), stable for large |z|.
pub fn log_sum_exp(z: &[f64]) -> f64 {
    let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !max.is_finite() {
        return max;
    }
    max + z.iter().map(|v| (v - max).exp()).sum::<f64>().ln()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::SparseRow;

    fn toy() -> (CsrMatrix, Vec<usize>) {
        let rows = vec![
            SparseRow {
                indices: vec![0, 1],
                values: vec![0.6, 0.8],
            },
            SparseRow {
                indices: vec![1],
                values: vec![1.0],
            },
            SparseRow {
                indices: vec![0, 2],
                values: vec![0.8, 0.6],
            },
            SparseRow::default(),
        ];
        (CsrMatrix::from_rows(3, rows), vec![0, 1, 2, 1])
    }

    #[test]
    fn gradient_matches_finite_differences() {
        let (x, y) = toy();
        let obj = Objective::new(&x, &y, Some(&[1.0, 0.5, 2.0, 1.0]), 3, 0.7);
        let params: Vec<f64> = (0..obj.n_params())
            .map(|i| (i as f64 * 0.37).sin())
            .collect();
        let (_, grad) = obj.cost_and_gradient(&params);
        for i in 0..params.len() {
            let h = 1e-6;
            let mut up = params.clone();
            up[i] += h;
            let mut down = params.clone();
            down[i] -= h;
            let numeric =
                (obj.cost_and_gradient(&up).0 - obj.cost_and_gradient(&down).0) / (2.0 * h);
            assert!(
                (numeric - grad[i]).abs() < 1e-6,
                "param {i}: {numeric} vs {}",
                grad[i]
            );
        }
    }

    #[test]
    fn zero_params_cost_is_n_ln_k() {
        let (x, y) = toy();
        let obj = Objective::new(&x, &y, None, 3, 1.0);
        let (cost, _) = obj.cost_and_gradient(&vec![0.0; obj.n_params()]);
        assert!((cost - 4.0 * 3f64.ln()).abs() < 1e-12);
    }

    #[test]
    fn large_data_uses_few_large_blocks_and_is_thread_independent() {
        assert_eq!(block_size(0), 1);
        assert_eq!(block_size(1000), 1000);
        assert_eq!(block_size(8739), 4370);
        assert_eq!(block_size(65_536), MIN_BLOCK);
        assert_eq!(block_size(1_000_000), 62_500);
        let n = 40_000;
        let rows = (0..n).map(|i| SparseRow {
            indices: vec![(i % 3) as u32, 3],
            values: vec![0.8, 0.6],
        });
        let x = CsrMatrix::from_rows(4, rows);
        let y: Vec<usize> = (0..n).map(|i| (i * 7 + i / 3) % 3).collect();
        let obj = Objective::new(&x, &y, None, 3, 0.5);
        let params: Vec<f64> = (0..obj.n_params()).map(|i| (i as f64).cos()).collect();
        let run = |threads| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let buffers = GradientBuffers::for_objective(&obj);
            pool.install(|| obj.cost_and_gradient_with(&params, &buffers))
        };
        let (c1, g1) = run(1);
        let (c2, g2) = run(2);
        assert_eq!(c1.to_bits(), c2.to_bits());
        assert_eq!(
            g1.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
            g2.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
        );
        // Reused buffers give the same answer as fresh ones.
        assert_eq!(obj.cost_and_gradient(&params).0.to_bits(), c1.to_bits());
    }

    #[test]
    fn log_sum_exp_is_stable() {
        assert!((log_sum_exp(&[1000.0, 1000.0]) - (1000.0 + 2f64.ln())).abs() < 1e-9);
        assert!((log_sum_exp(&[-1000.0, -1000.0]) - (-1000.0 + 2f64.ln())).abs() < 1e-9);
    }
}
