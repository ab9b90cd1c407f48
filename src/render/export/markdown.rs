//! Markdown tables (GitHub style): `| a | b |`, an alignment row, cells escaped.

use super::{markup_cell, Align, Exporter, Table};
use crate::markup;

/// A Markdown table.
#[derive(Debug, Clone, Copy, Default)]
pub struct Markdown;

impl Exporter for Markdown {
    fn table(&self, t: &Table) -> String {
        let mut s = String::from("|");
        for h in t.heads() {
            s.push(' ');
            s.push_str(&markup::markdown(h));
            s.push_str(" |");
        }
        s.push_str("\n|");
        for c in &t.columns {
            s.push_str(match c.align {
                Align::Left => "---|",
                Align::Right => "---:|",
            });
        }
        s.push('\n');
        for r in &t.rows {
            s.push('|');
            for (c, cell) in t.cells(r) {
                s.push(' ');
                s.push_str(&markup_cell(c.content, cell, markup::markdown, "`", "`"));
                s.push_str(" |");
            }
            s.push('\n');
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::super::{tests::sample, Column};
    use super::*;

    #[test]
    fn escapes_cells_and_marks_right_aligned_columns() {
        assert_eq!(
            Markdown.table(&sample()),
            "| name | n |\n|---|---:|\n| a\\|b &lt;c&gt; \"d\" 'e', f | 1 |\n| ü | 22 |\n"
        );
        let mut t = Table::new(vec![Column::left("c").code(), Column::left("v").verbatim()]);
        t.push(["a_b", "[x]"]);
        assert_eq!(
            Markdown.table(&t),
            "| c | v |\n|---|---|\n| `a\\_b` | [x] |\n"
        );
    }
}
