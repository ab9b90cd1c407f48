//! `stance report`'s series as a terminal table, CSV (one row per pair and period, for
//! pandas) or JSON (the whole report). The HTML page is in [`super::report_html`].

use super::export::{csv::Csv, text::Text, Column, Exporter, Table};
use super::predictions::{csv_cell, one_line};
use super::{counted, pair_line};
use crate::report::ToneReport;
use std::io::{self, Write};

/// Undated article names listed in the table (all are in JSON and the warning's count).
const TABLE_UNDATED: usize = 20;

/// The series as aligned columns, one block per pair.
pub fn write_table<W: Write>(r: &ToneReport, out: &mut W) -> io::Result<()> {
    writeln!(
        out,
        "tone by {}: {} articles ({} dated, {} undated), {} quotes ({} placed in time){}",
        by_name(r),
        r.articles,
        r.dated_articles,
        r.undated.len(),
        r.quotes,
        r.dated_quotes,
        match (r.first_date, r.last_date) {
            (Some(a), Some(b)) => format!(", {a} to {b}"),
            _ => String::new(),
        }
    )?;
    writeln!(
        out,
        "tone = (conciliatory − hostile) / quotes; {}",
        r.interval
    )?;
    let widths: Vec<usize> = r.labels.iter().map(|l| l.chars().count().max(5)).collect();
    for s in &r.series {
        writeln!(out)?;
        let undated = if s.undated_quotes > 0 {
            format!(", {} undated", s.undated_quotes)
        } else {
            String::new()
        };
        if s.periods.is_empty() {
            writeln!(
                out,
                "{}: no dated quotes{undated}",
                pair_line(&s.from, &s.to, 60)
            )?;
            continue;
        }
        writeln!(
            out,
            "{}: {}{undated}, tone {:+.2} [{:+.2}, {:+.2}]",
            pair_line(&s.from, &s.to, 60),
            counted(s.quotes, "quote"),
            s.tone,
            s.tone_low,
            s.tone_high
        )?;
        let mut columns = vec![
            Column::left("period").fixed(10),
            Column::right("quotes").fixed(6),
        ];
        columns.extend(
            r.labels
                .iter()
                .zip(&widths)
                .map(|(l, &w)| Column::right(one_line(l, 40)).fixed(w)),
        );
        columns.extend([Column::right("tone").fixed(5), Column::left("95% interval")]);
        let mut periods = Table::new(columns);
        for p in &s.periods {
            let mut row = vec![p.period.clone(), p.quotes.to_string()];
            row.extend(
                r.labels
                    .iter()
                    .map(|l| p.by_label.get(l).copied().unwrap_or(0).to_string()),
            );
            row.push(format!("{:+.2}", p.tone));
            row.push(format!("[{:+.2}, {:+.2}]", p.tone_low, p.tone_high));
            periods.rows.push(row);
        }
        let layout = Text {
            indent: "  ",
            ..Text::default()
        };
        out.write_all(layout.table(&periods).as_bytes())?;
    }
    if !r.undated.is_empty() {
        writeln!(out)?;
        let shown: Vec<String> = r
            .undated
            .iter()
            .take(TABLE_UNDATED)
            .map(|n| one_line(n, 100))
            .collect();
        let more = r.undated.len().saturating_sub(TABLE_UNDATED);
        writeln!(
            out,
            "undated ({}, left out of the series): {}{}",
            r.undated.len(),
            shown.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        )?;
    }
    Ok(())
}

fn by_name(r: &ToneReport) -> &'static str {
    match r.by {
        crate::report::Period::Day => "day",
        crate::report::Period::Week => "week",
        crate::report::Period::Month => "month",
    }
}

/// One row per pair and period: `from,to,period,start,end,quotes,<label>…,tone,tone_low,
/// tone_high`. Undated quotes are not rows (the report's warning and JSON list them).
pub fn write_csv<W: Write>(r: &ToneReport, mut out: W, escape_formulas: bool) -> io::Result<()> {
    let mut t = Table::new(
        ["from", "to", "period", "start", "end", "quotes"]
            .into_iter()
            .chain(r.labels.iter().map(String::as_str))
            .chain(["tone", "tone_low", "tone_high"])
            .map(Column::left)
            .collect(),
    );
    for s in &r.series {
        for p in &s.periods {
            let mut row = vec![
                csv_cell(&s.from, escape_formulas),
                csv_cell(&s.to, escape_formulas),
                p.period.clone(),
                p.start.to_string(),
                p.end.to_string(),
                p.quotes.to_string(),
            ];
            row.extend(
                r.labels
                    .iter()
                    .map(|l| p.by_label.get(l).copied().unwrap_or(0).to_string()),
            );
            row.extend([p.tone, p.tone_low, p.tone_high].map(|v| format!("{v:.6}")));
            t.rows.push(row);
        }
    }
    out.write_all(Csv.table(&t).as_bytes())?;
    out.flush()
}

/// The whole report as one JSON object (pretty-printed, keys in a fixed order).
pub fn write_json<W: Write>(r: &ToneReport, mut out: W) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut out, r)?;
    writeln!(out)?;
    out.flush()
}
