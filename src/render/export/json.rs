//! JSON: an array of objects, one a row, keyed by the column heads in column order.

use super::{Exporter, Table};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::Serialize;

/// Pretty-printed JSON.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json;

struct Rows<'a>(&'a Table);
struct Row<'a>(&'a Table, &'a [String]);

impl Serialize for Rows<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.rows.len()))?;
        for r in &self.0.rows {
            seq.serialize_element(&Row(self.0, r))?;
        }
        seq.end()
    }
}

impl Serialize for Row<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        for (c, cell) in self.0.cells(self.1) {
            map.serialize_entry(&c.head, cell)?;
        }
        map.end()
    }
}

impl Exporter for Json {
    fn table(&self, t: &Table) -> String {
        // Strings only: serialising them cannot fail.
        let mut s = serde_json::to_string_pretty(&Rows(t)).unwrap_or_default();
        s.push('\n');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::sample;
    use super::*;

    #[test]
    fn one_object_a_row_in_column_order() {
        let s = Json.table(&sample());
        let v: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v[0]["name"], "a|b <c> \"d\" 'e', f");
        assert_eq!(v[1]["n"], "22");
        assert!(s.find("\"name\"").unwrap() < s.find("\"n\"").unwrap());
    }
}
