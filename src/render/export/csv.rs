//! CSV: a header row of the heads, then the rows, quoted where needed (the `csv` crate).

use super::{Exporter, Table};

/// CSV with a header row.
#[derive(Debug, Clone, Copy, Default)]
pub struct Csv;

impl Exporter for Csv {
    fn table(&self, t: &Table) -> String {
        let mut w = ::csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(Vec::new());
        // Writing to a Vec cannot fail; a record that did would only be left out.
        let _ = w.write_record(t.heads());
        for r in &t.rows {
            let _ = w.write_record(r);
        }
        let bytes = w.into_inner().unwrap_or_default();
        String::from_utf8(bytes).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::sample;
    use super::*;

    #[test]
    fn quotes_what_needs_quoting() {
        assert_eq!(
            Csv.table(&sample()),
            "name,n\n\"a|b <c> \"\"d\"\" 'e', f\",1\nü,22\n"
        );
    }
}
