//! HTML tables: `<table>`, a row of `<th>`, then rows of `<td>`; right-aligned columns get
//! the class `n` (numbers: right-aligned, tabular figures in our pages' style sheet).

use super::{markup_cell, Align, Exporter, Table};
use crate::markup;

/// An HTML table, one `<tr>` a line.
#[derive(Debug, Clone, Copy, Default)]
pub struct Html;

fn class(align: Align) -> &'static str {
    match align {
        Align::Left => "",
        Align::Right => " class=\"n\"",
    }
}

impl Exporter for Html {
    fn table(&self, t: &Table) -> String {
        let mut s = String::from("<table>\n<tr>");
        for c in &t.columns {
            s.push_str(&format!(
                "<th{}>{}</th>",
                class(c.align),
                markup::html(&c.head)
            ));
        }
        s.push_str("</tr>\n");
        for r in &t.rows {
            s.push_str("<tr>");
            for (c, cell) in t.cells(r) {
                let inner = markup_cell(c.content, cell, markup::html, "<code>", "</code>");
                s.push_str(&format!("<td{}>{inner}</td>", class(c.align)));
            }
            s.push_str("</tr>\n");
        }
        s.push_str("</table>\n");
        s
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::sample;
    use super::*;

    #[test]
    fn escapes_cells_and_classes_numbers() {
        assert_eq!(
            Html.table(&sample()),
            "<table>\n<tr><th>name</th><th class=\"n\">n</th></tr>\n<tr><td>a|b &lt;c&gt; &quot;d&quot; &#39;e&#39;, f</td><td class=\"n\">1</td></tr>\n<tr><td>ü</td><td class=\"n\">22</td></tr>\n</table>\n"
        );
    }
}
