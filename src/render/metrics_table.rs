//! Metrics as an aligned text table, like scikit-learn's classification report.

use crate::eval::Metrics;
use std::fmt::Write;

/// Per-class precision / recall / F1 / support, totals, and the confusion matrix.
pub fn render(labels: &[String], m: &Metrics) -> String {
    use crate::term::{cell, width};
    let w = labels
        .iter()
        .map(|l| width(l))
        .chain([12])
        .max()
        .unwrap_or(12);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<w$}  {:>9}  {:>6}  {:>6}  {:>7}",
        "label", "precision", "recall", "f1", "support"
    );
    let mut total = 0;
    for l in labels {
        // A hand-edited report may lack a label's row: skip it rather than panic.
        let Some(c) = m.per_class.get(l) else {
            continue;
        };
        total += c.support;
        let _ = writeln!(
            s,
            "{:<w$}  {:>9.3}  {:>6.3}  {:>6.3}  {:>7}",
            cell(l),
            c.precision,
            c.recall,
            c.f1,
            c.support
        );
    }
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "{:<w$}  {:>9}  {:>6}  {:>6.3}  {:>7}",
        "accuracy", "", "", m.accuracy, total
    );
    let _ = writeln!(
        s,
        "{:<w$}  {:>9}  {:>6}  {:>6.3}  {:>7}",
        "macro f1", "", "", m.macro_f1, total
    );
    let _ = writeln!(
        s,
        "{:<w$}  {:>9}  {:>6}  {:>6.3}  {:>7}",
        "weighted f1", "", "", m.weighted_f1, total
    );
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "confusion matrix (rows = true label, columns = predicted)"
    );
    let cw = labels.iter().map(|l| width(l)).max().unwrap_or(5).max(5);
    let _ = write!(s, "{:<w$}", "");
    for l in labels {
        let _ = write!(s, "  {:>cw$}", cell(l));
    }
    let _ = writeln!(s);
    for (i, l) in labels.iter().enumerate() {
        let _ = write!(s, "{:<w$}", cell(l));
        for v in m.confusion_matrix.get(i).into_iter().flatten() {
            let _ = write!(s, "  {v:>cw$}");
        }
        let _ = writeln!(s);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_every_label_and_the_matrix() {
        let labels: Vec<String> = ["conciliatory", "hostile"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let m = crate::eval::compute_metrics(&labels, &[0, 1, 1], &[0, 1, 0]);
        let t = render(&labels, &m);
        assert!(
            t.contains("conciliatory      0.500   1.000   0.667        1"),
            "{t}"
        );
        assert!(
            t.contains("accuracy                          0.667        3"),
            "{t}"
        );
        assert!(
            t.contains("hostile                  1             1\n"),
            "{t}"
        );
    }
}
