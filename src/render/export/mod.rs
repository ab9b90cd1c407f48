//! One table model and one [`Exporter`] trait with a file per format, as hyperfine does:
//! aligned text ([`text`]), Markdown ([`markdown`]), HTML ([`html`]), CSV ([`csv`]) and JSON
//! ([`json`]). A caller builds a [`Table`] of already formatted cells (numbers rounded,
//! dates written) and an exporter lays it out; escaping for the format happens here, through
//! [`crate::markup`], according to each column's [`Content`].
//!
//! The aligned-text layouts of our tables differ in small ways (indent, gaps, whether the
//! last column is padded, widths measured on the raw value rather than the printed cell);
//! those are options of [`text::Text`] and [`Column`], so every table keeps its exact bytes.

pub mod csv;
pub mod html;
pub mod json;
pub mod markdown;
pub mod text;

/// How a column's cells line up in aligned text (and which way HTML and Markdown align them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// How wide a column is in aligned text, in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    /// The widest cell (and the head, when it is shown), at least `min`.
    Fit { min: usize },
    /// A width the caller measured (on raw values, before they were cut or escaped).
    Fixed(usize),
}

/// What a column's cells hold, for the formats that escape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    /// Plain text from data: escaped for the format.
    Text,
    /// Plain text shown as code (`` `x` `` in Markdown, `<code>` in HTML), escaped.
    Code,
    /// Already markup for the format (or text with nothing to escape): written as it is.
    Verbatim,
}

/// One column: its head, alignment, width and content, and the gap written before it.
#[derive(Debug, Clone)]
pub struct Column {
    pub head: String,
    pub align: Align,
    pub width: Width,
    pub content: Content,
    /// Written before the column in aligned text (ignored for the first column).
    pub gap: &'static str,
}

impl Column {
    fn new(head: impl Into<String>, align: Align) -> Self {
        Self {
            head: head.into(),
            align,
            width: Width::Fit { min: 0 },
            content: Content::Text,
            gap: "  ",
        }
    }

    /// A left-aligned column of text, as wide as its widest cell.
    pub fn left(head: impl Into<String>) -> Self {
        Self::new(head, Align::Left)
    }

    /// A right-aligned column (numbers), as wide as its widest cell.
    pub fn right(head: impl Into<String>) -> Self {
        Self::new(head, Align::Right)
    }

    /// At least `min` characters wide.
    pub fn min(mut self, min: usize) -> Self {
        self.width = Width::Fit { min };
        self
    }

    /// Exactly `width` characters wide (a wider cell overflows, as `format!` padding does).
    pub fn fixed(mut self, width: usize) -> Self {
        self.width = Width::Fixed(width);
        self
    }

    /// Cells shown as code.
    pub fn code(mut self) -> Self {
        self.content = Content::Code;
        self
    }

    /// Cells written as they are (already markup, or nothing to escape).
    pub fn verbatim(mut self) -> Self {
        self.content = Content::Verbatim;
        self
    }

    /// `gap` before this column in aligned text, instead of two spaces.
    pub fn gap(mut self, gap: &'static str) -> Self {
        self.gap = gap;
        self
    }
}

/// A table: columns, and rows of formatted cells. A row may be shorter than the columns (its
/// last cell then ends the line).
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(columns: Vec<Column>) -> Self {
        Self {
            columns,
            rows: Vec::new(),
        }
    }

    /// Adds a row of cells.
    pub fn push<S: Into<String>>(&mut self, cells: impl IntoIterator<Item = S>) {
        self.rows.push(cells.into_iter().map(Into::into).collect());
    }

    /// The heads of the columns, in order.
    pub fn heads(&self) -> impl Iterator<Item = &str> {
        self.columns.iter().map(|c| c.head.as_str())
    }

    /// Rows paired with their columns: `(column, cell)` for each cell of each row.
    pub fn cells<'a>(
        &'a self,
        row: &'a [String],
    ) -> impl Iterator<Item = (&'a Column, &'a str)> + 'a {
        self.columns.iter().zip(row.iter().map(String::as_str))
    }
}

/// A cell for a markup format: `escape`d text, wrapped in `open`/`close` for code, or as it is.
fn markup_cell(
    content: Content,
    cell: &str,
    escape: fn(&str) -> String,
    open: &str,
    close: &str,
) -> String {
    match content {
        Content::Text => escape(cell),
        Content::Code => format!("{open}{}{close}", escape(cell)),
        Content::Verbatim => cell.to_string(),
    }
}

/// Writes a [`Table`] in one format.
pub trait Exporter {
    /// The whole table, ending with a newline.
    fn table(&self, table: &Table) -> String;
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Two columns, a row with characters every format escapes.
    pub(crate) fn sample() -> Table {
        let mut t = Table::new(vec![Column::left("name"), Column::right("n")]);
        t.push(["a|b <c> \"d\" 'e', f", "1"]);
        t.push(["ü", "22"]);
        t
    }

    #[test]
    fn builders_set_what_they_say() {
        let c = Column::right("x").fixed(7).code().gap("    ");
        assert_eq!(
            (c.align, c.width, c.content, c.gap),
            (Align::Right, Width::Fixed(7), Content::Code, "    ")
        );
        assert_eq!(Column::left("y").min(3).width, Width::Fit { min: 3 });
        assert_eq!(Column::left("y").verbatim().content, Content::Verbatim);
    }
}
