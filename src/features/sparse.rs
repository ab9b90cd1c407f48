//! Compressed sparse rows: the only matrix the trainer and predictor see.

/// One row: sorted column indices and their values.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SparseRow {
    pub indices: Vec<u32>,
    pub values: Vec<f64>,
}

impl SparseRow {
    pub fn iter(&self) -> impl Iterator<Item = (usize, f64)> + '_ {
        self.indices
            .iter()
            .zip(&self.values)
            .map(|(&i, &v)| (i as usize, v))
    }

    pub fn nnz(&self) -> usize {
        self.indices.len()
    }
}

/// A CSR matrix with a fixed number of columns.
#[derive(Debug, Clone, PartialEq)]
pub struct CsrMatrix {
    n_cols: usize,
    indptr: Vec<usize>,
    indices: Vec<u32>,
    values: Vec<f64>,
}

impl CsrMatrix {
    pub fn new(n_cols: usize) -> Self {
        Self {
            n_cols,
            indptr: vec![0],
            indices: Vec::new(),
            values: Vec::new(),
        }
    }

    pub fn from_rows(n_cols: usize, rows: impl IntoIterator<Item = SparseRow>) -> Self {
        let mut m = Self::new(n_cols);
        for row in rows {
            m.push_row(&row);
        }
        m
    }

    pub fn push_row(&mut self, row: &SparseRow) {
        debug_assert!(row.indices.iter().all(|&i| (i as usize) < self.n_cols));
        self.indices.extend_from_slice(&row.indices);
        self.values.extend_from_slice(&row.values);
        self.indptr.push(self.indices.len());
    }

    pub fn n_rows(&self) -> usize {
        self.indptr.len() - 1
    }

    pub fn n_cols(&self) -> usize {
        self.n_cols
    }

    pub fn nnz(&self) -> usize {
        self.indices.len()
    }

    /// Row `r` as (indices, values) slices.
    pub fn row(&self, r: usize) -> (&[u32], &[f64]) {
        let (a, b) = (self.indptr[r], self.indptr[r + 1]);
        (&self.indices[a..b], &self.values[a..b])
    }

    /// The rows whose numbers are in `rows`, in that order (for cross-validation folds).
    pub fn select_rows(&self, rows: &[usize]) -> Self {
        let mut m = Self::new(self.n_cols);
        for &r in rows {
            let (idx, val) = self.row(r);
            m.indices.extend_from_slice(idx);
            m.values.extend_from_slice(val);
            m.indptr.push(m.indices.len());
        }
        m
    }

    /// Dense copy, for the linfa reference solver on small data only.
    pub fn to_dense(&self) -> ndarray::Array2<f64> {
        let mut dense = ndarray::Array2::zeros((self.n_rows(), self.n_cols));
        for r in 0..self.n_rows() {
            let (idx, val) = self.row(r);
            for (&c, &v) in idx.iter().zip(val) {
                dense[[r, c as usize]] = v;
            }
        }
        dense
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_round_trip_and_select() {
        let rows = vec![
            SparseRow {
                indices: vec![0, 2],
                values: vec![1.0, 2.0],
            },
            SparseRow::default(),
            SparseRow {
                indices: vec![1],
                values: vec![3.0],
            },
        ];
        let m = CsrMatrix::from_rows(3, rows);
        assert_eq!(m.n_rows(), 3);
        assert_eq!(m.nnz(), 3);
        assert_eq!(m.row(1), (&[][..], &[][..]));
        let s = m.select_rows(&[2, 0]);
        assert_eq!(s.row(0), (&[1u32][..], &[3.0][..]));
        assert_eq!(s.to_dense()[[1, 2]], 2.0);
    }
}
