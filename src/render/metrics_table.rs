//! Metrics as an aligned text table, like scikit-learn's classification report.

use super::export::{text::Text, Column, Exporter, Table};
use crate::eval::Metrics;

/// Per-class precision / recall / F1 / support, totals, and the confusion matrix.
pub fn render(labels: &[String], m: &Metrics) -> String {
    use crate::term::{cell, width};
    let w = labels
        .iter()
        .map(|l| width(l))
        .chain([12])
        .max()
        .unwrap_or(12);
    let columns = vec![
        Column::left("label").fixed(w),
        Column::right("precision").fixed(9),
        Column::right("recall").fixed(6),
        Column::right("f1").fixed(6),
        Column::right("support").fixed(7),
    ];
    // Every cell padded, the last left-aligned one too: this table always was.
    let layout = Text {
        pad_last: true,
        ..Text::default()
    };
    let mut classes = Table::new(columns.clone());
    let mut total = 0;
    for l in labels {
        // A hand-edited report may lack a label's row: skip it rather than panic.
        let Some(c) = m.per_class.get(l) else {
            continue;
        };
        total += c.support;
        classes.push([
            cell(l),
            format!("{:.3}", c.precision),
            format!("{:.3}", c.recall),
            format!("{:.3}", c.f1),
            c.support.to_string(),
        ]);
    }
    let mut totals = Table::new(columns);
    for (name, value) in [
        ("accuracy", m.accuracy),
        ("macro f1", m.macro_f1),
        ("weighted f1", m.weighted_f1),
    ] {
        totals.push([
            name.to_string(),
            String::new(),
            String::new(),
            format!("{value:.3}"),
            total.to_string(),
        ]);
    }
    let cw = labels.iter().map(|l| width(l)).max().unwrap_or(5).max(5);
    let mut confusion = Table::new(
        std::iter::once(Column::left("").fixed(w))
            .chain(labels.iter().map(|l| Column::right(cell(l)).fixed(cw)))
            .collect(),
    );
    for (i, l) in labels.iter().enumerate() {
        confusion.push(
            std::iter::once(cell(l)).chain(
                m.confusion_matrix
                    .get(i)
                    .into_iter()
                    .flatten()
                    .map(usize::to_string),
            ),
        );
    }
    format!(
        "{}\n{}\nconfusion matrix (rows = true label, columns = predicted)\n{}",
        layout.table(&classes),
        Text {
            head: false,
            ..layout
        }
        .table(&totals),
        layout.table(&confusion)
    )
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
