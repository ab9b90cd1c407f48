//! Aligned text for a terminal: columns padded to a width in characters, with a gap between.

use super::{Align, Exporter, Table, Width};

/// Aligned-text layout options.
#[derive(Debug, Clone, Copy)]
pub struct Text {
    /// Written at the start of every line.
    pub indent: &'static str,
    /// Write the heads as the first line.
    pub head: bool,
    /// Pad a left-aligned cell that ends its line (trailing spaces), as the metrics table
    /// always did; other tables end the line at the text.
    pub pad_last: bool,
}

impl Default for Text {
    fn default() -> Self {
        Self {
            indent: "",
            head: true,
            pad_last: false,
        }
    }
}

impl Text {
    /// Each column's width in characters.
    fn widths(&self, t: &Table) -> Vec<usize> {
        t.columns
            .iter()
            .enumerate()
            .map(|(i, c)| match c.width {
                Width::Fixed(w) => w,
                Width::Fit { min } => t
                    .rows
                    .iter()
                    .filter_map(|r| r.get(i))
                    .map(String::as_str)
                    .chain(self.head.then_some(c.head.as_str()))
                    .map(|s| s.chars().count())
                    .max()
                    .unwrap_or(0)
                    .max(min),
            })
            .collect()
    }

    fn line<'a>(
        &self,
        t: &Table,
        widths: &[usize],
        cells: impl Iterator<Item = &'a str>,
    ) -> String {
        let cells: Vec<&str> = cells.collect();
        let mut s = String::from(self.indent);
        for (i, cell) in cells.iter().enumerate() {
            // Cells past the last column (a hand-edited report's wider matrix) are laid out
            // like the last column.
            let (Some(c), Some(&width)) = (
                t.columns.get(i).or(t.columns.last()),
                widths.get(i).or(widths.last()),
            ) else {
                break;
            };
            if i > 0 {
                s.push_str(c.gap);
            }
            let pad = width.saturating_sub(cell.chars().count());
            let last = i + 1 == cells.len();
            match c.align {
                Align::Left => {
                    s.push_str(cell);
                    if !last || self.pad_last {
                        s.extend(std::iter::repeat_n(' ', pad));
                    }
                }
                Align::Right => {
                    s.extend(std::iter::repeat_n(' ', pad));
                    s.push_str(cell);
                }
            }
        }
        s.push('\n');
        s
    }
}

impl Exporter for Text {
    fn table(&self, t: &Table) -> String {
        let widths = self.widths(t);
        let mut s = String::new();
        if self.head {
            s.push_str(&self.line(t, &widths, t.heads()));
        }
        for r in &t.rows {
            s.push_str(&self.line(t, &widths, r.iter().map(String::as_str)));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::super::{tests::sample, Column};
    use super::*;

    #[test]
    fn pads_like_format_does() {
        let t = sample();
        assert_eq!(
            Text::default().table(&t),
            "name                 n\na|b <c> \"d\" 'e', f   1\nü                   22\n"
        );
        for r in &t.rows {
            assert!(Text::default()
                .table(&t)
                .contains(&format!("{:<18}  {:>2}\n", r[0], r[1])));
        }
    }

    #[test]
    fn options_indent_gap_fixed_and_last_padding() {
        let mut t = Table::new(vec![
            Column::left("k").fixed(4),
            Column::left("v").gap(" | "),
        ]);
        t.push(["a", "x"]);
        t.push(["only"]);
        t.push(["toolong", "y"]);
        let plain = Text {
            indent: "  ",
            head: false,
            pad_last: false,
        };
        assert_eq!(plain.table(&t), "  a    | x\n  only\n  toolong | y\n");
        let padded = Text {
            pad_last: true,
            ..plain
        };
        assert_eq!(padded.table(&t), "  a    | x\n  only\n  toolong | y\n");
        let mut short = Table::new(vec![Column::left("k").fixed(4)]);
        short.push(["a"]);
        assert_eq!(padded.table(&short), "  a   \n");
        assert_eq!(plain.table(&short), "  a\n");
        short.push(["b", "c"]);
        assert_eq!(plain.table(&short), "  a\n  b     c\n");
    }
}
