//! Fitting the weights: argmin L-BFGS (memory 10, More–Thuente line search, as linfa-logistic
//! configures it) over the sparse [`Objective`], or linfa-logistic itself on a dense copy.

use super::objective::{GradientBuffers, Objective};
use super::params::{ClassWeight, SolverKind, ValidTrainParams};
use crate::features::CsrMatrix;
use argmin::core::{
    CostFunction, Executor, Gradient, IterState, Problem, Solver, State, TerminationReason,
    TerminationStatus, KV,
};
use argmin::solver::linesearch::{LineSearch, MoreThuenteLineSearch};
use argmin::solver::quasinewton::LBFGS;
use ndarray::Array1;
use serde::{Deserialize, Serialize};
use std::sync::Mutex;

/// What the optimiser did: linfa-logistic does not say whether it converged; we do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Convergence {
    pub converged: bool,
    pub iterations: u64,
    /// Why it stopped, in words.
    pub reason: String,
    /// Objective value at the returned weights.
    pub final_cost: f64,
    /// L2 norm of the gradient at the returned weights, and the threshold it was held to.
    pub gradient_norm: f64,
    pub gradient_tolerance: f64,
}

/// Fitted weights: `weights` is d × k row-major, `intercepts` has k entries.
#[derive(Debug, Clone, PartialEq)]
pub struct FittedWeights {
    pub weights: Vec<f64>,
    pub intercepts: Vec<f64>,
    pub convergence: Convergence,
}

/// Why training failed.
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    #[error("the optimiser failed: {0}; try a larger --alpha (stronger regularisation) or a larger --tol")]
    Optimiser(String),
    #[error("--solver linfa needs a dense {rows} × {cols} matrix ({mb} MB), over the {limit_mb} MB guard; use the default sparse solver")]
    TooLargeForDense {
        rows: usize,
        cols: usize,
        mb: usize,
        limit_mb: usize,
    },
    #[error("linfa-logistic failed: {0}")]
    Linfa(String),
}

/// Largest dense matrix `--solver linfa` may build.
pub const LINFA_DENSE_LIMIT_MB: usize = 1024;

/// Per-row weights implied by the class weighting (None when all are 1).
pub fn row_weights(y: &[usize], n_classes: usize, class_weight: &ClassWeight) -> Option<Vec<f64>> {
    let per_class: Vec<f64> = match class_weight {
        ClassWeight::None => return None,
        ClassWeight::Explicit(w) => w.clone(),
        ClassWeight::Balanced => {
            let mut counts = vec![0usize; n_classes];
            y.iter().for_each(|&c| counts[c] += 1);
            counts
                .iter()
                .map(|&c| {
                    if c == 0 {
                        0.0
                    } else {
                        y.len() as f64 / (n_classes as f64 * c as f64)
                    }
                })
                .collect()
        }
    };
    Some(y.iter().map(|&c| per_class[c]).collect())
}

/// Fits multinomial logistic regression weights to `x`, `y` (class indices < `n_classes`).
pub fn fit(
    x: &CsrMatrix,
    y: &[usize],
    n_classes: usize,
    params: &ValidTrainParams,
) -> Result<FittedWeights, TrainError> {
    let weights = row_weights(y, n_classes, &params.class_weight);
    let tolerance = params.tol * x.n_rows().max(1) as f64;
    let every_row = Objective::new(x, y, weights.as_deref(), n_classes, params.alpha);
    match params.solver {
        SolverKind::Sparse => {
            let distinct = DistinctRows::of(x, y, weights.as_deref());
            let objective = match &distinct {
                Some(d) => Objective {
                    rows: Some(&d.rows),
                    y: &d.y,
                    weights: Some(&d.weights),
                    ..every_row
                },
                None => every_row,
            };
            fit_sparse(&objective, params.max_iter, tolerance)
        }
        SolverKind::Linfa => fit_linfa(&every_row, params.max_iter, tolerance, weights.is_some()),
    }
}

/// Each distinct (row, label) once, weighted by the total weight of its copies: the same
/// objective, evaluated once per distinct row. News archives repeat wire copy verbatim.
struct DistinctRows {
    /// First occurrence of each distinct row, in order.
    rows: Vec<u32>,
    y: Vec<usize>,
    weights: Vec<f64>,
}

/// A row of the matrix with its label, compared by exact value bits.
#[derive(Clone, Copy)]
struct RowKey<'a> {
    label: usize,
    indices: &'a [u32],
    values: &'a [f64],
}

impl PartialEq for RowKey<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.label == other.label
            && self.indices == other.indices
            && self
                .values
                .iter()
                .zip(other.values)
                .all(|(a, b)| a.to_bits() == b.to_bits())
    }
}

impl Eq for RowKey<'_> {}

impl std::hash::Hash for RowKey<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.label.hash(state);
        self.indices.hash(state);
        self.values.iter().for_each(|v| v.to_bits().hash(state));
    }
}

impl DistinctRows {
    /// `None` when every row is distinct (nothing to gain).
    fn of(x: &CsrMatrix, y: &[usize], weights: Option<&[f64]>) -> Option<Self> {
        let mut first: std::collections::HashMap<RowKey, u32, ahash::RandomState> =
            std::collections::HashMap::with_hasher(ahash::RandomState::with_seeds(1, 2, 3, 4));
        let mut distinct = Self {
            rows: Vec::new(),
            y: Vec::new(),
            weights: Vec::new(),
        };
        for (r, &label) in y.iter().enumerate() {
            let (indices, values) = x.row(r);
            let key = RowKey {
                label,
                indices,
                values,
            };
            let weight = weights.map_or(1.0, |w| w[r]);
            match first.get(&key) {
                Some(&at) => distinct.weights[at as usize] += weight,
                None => {
                    first.insert(key, distinct.rows.len() as u32);
                    distinct.rows.push(r as u32);
                    distinct.y.push(label);
                    distinct.weights.push(weight);
                }
            }
        }
        (distinct.rows.len() < y.len()).then_some(distinct)
    }
}

/// argmin calls cost and gradient separately at the same point; one pass computes both, so
/// the last result is kept.
struct CachedProblem<'a> {
    objective: &'a Objective<'a>,
    buffers: GradientBuffers,
    last: Mutex<Option<Evaluation>>,
}

/// A point, the cost there and the gradient there.
type Evaluation = (Array1<f64>, f64, Array1<f64>);

impl CachedProblem<'_> {
    fn eval(&self, p: &Array1<f64>) -> (f64, Array1<f64>) {
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((lp, c, g)) = last.as_ref() {
            if lp == p {
                return (*c, g.clone());
            }
        }
        // argmin's points are contiguous; copy only if one ever is not.
        let copied;
        let slice = match p.as_slice() {
            Some(s) => s,
            None => {
                copied = p.to_vec();
                &copied
            }
        };
        let (c, g) = self.objective.cost_and_gradient_with(slice, &self.buffers);
        let g = Array1::from(g);
        *last = Some((p.clone(), c, g.clone()));
        (c, g)
    }
}

impl CostFunction for CachedProblem<'_> {
    type Param = Array1<f64>;
    type Output = f64;
    fn cost(&self, p: &Self::Param) -> Result<f64, argmin::core::Error> {
        Ok(self.eval(p).0)
    }
}

impl Gradient for CachedProblem<'_> {
    type Param = Array1<f64>;
    type Gradient = Array1<f64>;
    fn gradient(&self, p: &Self::Param) -> Result<Array1<f64>, argmin::core::Error> {
        Ok(self.eval(p).1)
    }
}

/// Steps one line search may try. argmin runs the line search with no limit of its own, and a
/// cost that overflows (a class weight of 1e308) made More–Thuente shrink its interval forever;
/// a normal search takes a handful of steps.
const LINE_SEARCH_MAX_ITERS: u64 = 64;

type LineState = IterState<Array1<f64>, Array1<f64>, (), (), (), f64>;

/// More–Thuente, stopped after [`LINE_SEARCH_MAX_ITERS`] steps: with `--max-iter` on the
/// outer loop, no setting makes the optimiser run without end. The stop is an error, which
/// L-BFGS turns into its own end ("Line search terminated with …"); a plain iteration limit
/// would leave the line search without a point and L-BFGS would panic.
#[derive(Clone)]
struct CappedLineSearch {
    inner: MoreThuenteLineSearch<Array1<f64>, Array1<f64>, f64>,
    steps: u64,
}

impl LineSearch<Array1<f64>, f64> for CappedLineSearch {
    fn search_direction(&mut self, direction: Array1<f64>) {
        self.inner.search_direction(direction)
    }
    fn initial_step_length(&mut self, step_length: f64) -> Result<(), argmin::core::Error> {
        self.inner.initial_step_length(step_length)
    }
}

impl<O> Solver<O, LineState> for CappedLineSearch
where
    MoreThuenteLineSearch<Array1<f64>, Array1<f64>, f64>: Solver<O, LineState>,
{
    fn name(&self) -> &str {
        "More-Thuente line search (capped)"
    }
    fn init(
        &mut self,
        problem: &mut Problem<O>,
        state: LineState,
    ) -> Result<(LineState, Option<KV>), argmin::core::Error> {
        self.steps = 0;
        self.inner.init(problem, state)
    }
    fn next_iter(
        &mut self,
        problem: &mut Problem<O>,
        state: LineState,
    ) -> Result<(LineState, Option<KV>), argmin::core::Error> {
        self.steps += 1;
        if self.steps > LINE_SEARCH_MAX_ITERS {
            return Err(argmin::core::ArgminError::ConditionViolated {
                text: format!("no acceptable step after {LINE_SEARCH_MAX_ITERS} tries"),
            }
            .into());
        }
        self.inner.next_iter(problem, state)
    }
    fn terminate(&mut self, state: &LineState) -> TerminationStatus {
        self.inner.terminate(state)
    }
}

fn fit_sparse(
    objective: &Objective,
    max_iter: u64,
    tolerance: f64,
) -> Result<FittedWeights, TrainError> {
    let n_params = objective.n_params();
    let problem = CachedProblem {
        objective,
        buffers: GradientBuffers::for_objective(objective),
        last: Mutex::new(None),
    };
    let line_search = CappedLineSearch {
        inner: MoreThuenteLineSearch::new(),
        steps: 0,
    };
    let solver = LBFGS::new(line_search, 10)
        .with_tolerance_grad(tolerance)
        .map_err(|e| TrainError::Optimiser(e.to_string()))?;
    let result = Executor::new(problem, solver)
        .configure(|state| state.param(Array1::zeros(n_params)).max_iters(max_iter))
        .run()
        .map_err(|e| TrainError::Optimiser(e.to_string()))?;
    let state = result.state();
    let iterations = state.get_iter();
    let reason = state.get_termination_reason().cloned();
    let best = state
        .get_best_param()
        .cloned()
        .unwrap_or_else(|| Array1::zeros(n_params));
    Ok(finish(
        objective,
        best.to_vec(),
        iterations,
        reason,
        tolerance,
    ))
}

/// linfa-logistic's `MultiLogisticRegression` on a dense copy, guarded by a memory limit.
fn fit_linfa(
    objective: &Objective,
    max_iter: u64,
    tolerance: f64,
    weighted: bool,
) -> Result<FittedWeights, TrainError> {
    use linfa::prelude::*;
    use linfa_logistic::MultiLogisticRegression;
    if weighted {
        // linfa-logistic silently ignores sample weights; refuse rather than mislead.
        return Err(TrainError::Linfa(
            "it ignores class weights; use the sparse solver with --class-weight".into(),
        ));
    }
    let x = objective.x;
    let mb = x.n_rows() * x.n_cols() * 8 / (1024 * 1024);
    if mb > LINFA_DENSE_LIMIT_MB {
        return Err(TrainError::TooLargeForDense {
            rows: x.n_rows(),
            cols: x.n_cols(),
            mb,
            limit_mb: LINFA_DENSE_LIMIT_MB,
        });
    }
    // Targets are class indices; linfa sorts its classes, and 0..k sorts as our labels do.
    let targets = Array1::from(objective.y.to_vec());
    let dataset = Dataset::new(x.to_dense(), targets);
    let fitted = MultiLogisticRegression::default()
        .alpha(objective.alpha)
        .max_iterations(max_iter)
        .gradient_tolerance(tolerance)
        .fit(&dataset)
        .map_err(|e| TrainError::Linfa(e.to_string()))?;
    let k = objective.n_classes;
    let classes = fitted.classes();
    let mut params = vec![0.0; objective.n_params()];
    let d = x.n_cols();
    // linfa's columns follow its sorted classes, which may miss a class absent from `y`.
    for (col, &class) in classes.iter().enumerate() {
        for j in 0..d {
            params[j * k + class] = fitted.params()[[j, col]];
        }
        params[d * k + class] = fitted.intercept()[col];
    }
    let reason = Some(TerminationReason::SolverExit(
        "linfa-logistic does not report why it stopped".into(),
    ));
    Ok(finish(objective, params, 0, reason, tolerance))
}

fn finish(
    objective: &Objective,
    params: Vec<f64>,
    iterations: u64,
    reason: Option<TerminationReason>,
    tolerance: f64,
) -> FittedWeights {
    let (final_cost, grad) = objective.cost_and_gradient(&params);
    let gradient_norm = grad.iter().map(|g| g * g).sum::<f64>().sqrt();
    // Judge convergence by the gradient itself, so it means the same for both solvers.
    let converged =
        gradient_norm < tolerance || matches!(reason, Some(TerminationReason::SolverConverged));
    let reason = match reason {
        Some(TerminationReason::SolverConverged) if gradient_norm < tolerance => {
            "gradient below tolerance".to_string()
        }
        Some(TerminationReason::SolverConverged) => "objective stopped decreasing".to_string(),
        Some(TerminationReason::MaxItersReached) => {
            "reached --max-iter before the gradient tolerance".to_string()
        }
        Some(r) => r.text().to_string(),
        None => "unknown".to_string(),
    };
    let d = objective.x.n_cols();
    let k = objective.n_classes;
    let mut weights = params;
    let intercepts = weights.split_off(d * k);
    FittedWeights {
        weights,
        intercepts,
        convergence: Convergence {
            converged,
            iterations,
            reason,
            final_cost,
            gradient_norm,
            gradient_tolerance: tolerance,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::params::TrainParams;

    #[test]
    fn balanced_weights_follow_sklearn() {
        let w = row_weights(&[0, 0, 0, 1], 2, &ClassWeight::Balanced).unwrap();
        assert_eq!(w, vec![4.0 / 6.0, 4.0 / 6.0, 4.0 / 6.0, 2.0]);
        assert!(row_weights(&[0, 1], 2, &ClassWeight::None).is_none());
    }

    #[test]
    fn duplicate_rows_merge_into_one_weighted_row_with_the_same_objective() {
        use crate::features::SparseRow;
        let row = |i: &[u32], v: &[f64]| SparseRow {
            indices: i.to_vec(),
            values: v.to_vec(),
        };
        let x = CsrMatrix::from_rows(
            3,
            [
                row(&[0, 1], &[0.6, 0.8]),
                row(&[2], &[1.0]),
                row(&[0, 1], &[0.6, 0.8]),
                row(&[0, 1], &[0.6, 0.8]),
                row(&[2], &[1.0]),
            ],
        );
        // Rows 0 and 2 repeat with the same label; row 3 repeats row 0 with another label.
        let y = [0, 1, 0, 1, 1];
        let w = row_weights(&y, 2, &ClassWeight::Balanced).unwrap();
        let distinct = DistinctRows::of(&x, &y, Some(&w)).unwrap();
        assert_eq!(distinct.rows, vec![0, 1, 3]);
        assert_eq!(distinct.y, vec![0, 1, 1]);
        assert_eq!(distinct.weights, vec![2.0 * w[0], 2.0 * w[1], w[3]]);
        let full = Objective::new(&x, &y, Some(&w), 2, 0.3);
        let merged = Objective {
            rows: Some(&distinct.rows),
            y: &distinct.y,
            weights: Some(&distinct.weights),
            ..full
        };
        let params: Vec<f64> = (0..full.n_params()).map(|i| (i as f64).sin()).collect();
        let (c1, g1) = full.cost_and_gradient(&params);
        let (c2, g2) = merged.cost_and_gradient(&params);
        assert!((c1 - c2).abs() < 1e-12 * c1.abs());
        assert!(g1.iter().zip(&g2).all(|(a, b)| (a - b).abs() < 1e-12));
        // Nothing repeats: nothing to merge.
        let unique = CsrMatrix::from_rows(3, [row(&[0], &[1.0]), row(&[1], &[1.0])]);
        assert!(DistinctRows::of(&unique, &[0, 0], None).is_none());
    }

    #[test]
    fn linfa_refuses_class_weights() {
        let x = CsrMatrix::new(2);
        let params = TrainParams {
            solver: SolverKind::Linfa,
            class_weight: ClassWeight::Balanced,
            ..Default::default()
        }
        .check(2)
        .unwrap();
        let err = fit(&x, &[], 2, &params).unwrap_err();
        assert!(err.to_string().contains("ignores class weights"), "{err}");
    }

    /// A class weight of 1e308 made the loss overflow, and More–Thuente shrank its interval
    /// forever even with one outer iteration; the capped line search ends, with no panic.
    #[test]
    fn an_overflowing_loss_ends_the_line_search() {
        use crate::features::SparseRow;
        let row = |i: u32| SparseRow {
            indices: vec![i],
            values: vec![1.0],
        };
        // Three rows of the heavy label: their weighted loss overflows to infinity.
        let x = CsrMatrix::from_rows(3, [row(0), row(1), row(2), row(0), row(1), row(2)]);
        let y = [0, 1, 2, 0, 0, 1];
        let w = [1e308, 1.0, 1.0, 1e308, 1e308, 1.0];
        let objective = Objective::new(&x, &y, Some(&w), 3, 0.5);
        for max_iter in [1, 1000] {
            let fitted = fit_sparse(&objective, max_iter, 1e-4).unwrap();
            assert!(!fitted.convergence.converged, "{:?}", fitted.convergence);
        }
    }
}
