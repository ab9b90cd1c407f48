//! A comparison of model versions as an aligned text table, Markdown, or JSON.

use super::export::{markdown::Markdown, text::Text, Column, Exporter, Table};
use crate::eval::compare::{Comparison, Flip, PairResult, VersionSummary};
use crate::markup::markdown as md_escape;
use std::fmt::Write;

/// One metric across versions (`None` where a version lacks the label).
pub struct MetricRow {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

/// Accuracy, macro and weighted F1, then precision / recall / F1 of every label.
pub fn metric_rows(c: &Comparison) -> Vec<MetricRow> {
    let mut rows = vec![
        MetricRow {
            name: "accuracy".into(),
            values: c
                .versions
                .iter()
                .map(|v| Some(v.metrics.accuracy))
                .collect(),
        },
        MetricRow {
            name: "macro f1".into(),
            values: c
                .versions
                .iter()
                .map(|v| Some(v.metrics.macro_f1))
                .collect(),
        },
        MetricRow {
            name: "weighted f1".into(),
            values: c
                .versions
                .iter()
                .map(|v| Some(v.metrics.weighted_f1))
                .collect(),
        },
    ];
    for label in &c.labels {
        for (what, get) in [
            (
                "precision",
                (|m| m.precision) as fn(&crate::eval::metrics::ClassMetrics) -> f64,
            ),
            ("recall", |m| m.recall),
            ("f1", |m| m.f1),
        ] {
            let values: Vec<Option<f64>> = c
                .versions
                .iter()
                .map(|v| v.metrics.per_class.get(label).map(get))
                .collect();
            if values.iter().any(Option::is_some) {
                rows.push(MetricRow {
                    name: format!("{label} {what}"),
                    values,
                });
            }
        }
    }
    rows
}

/// `+0.012`, `-0.003`; a difference that rounds to zero prints as `+0.000`.
pub fn signed(x: f64) -> String {
    if x.abs() < 0.0005 {
        "+0.000".into()
    } else {
        format!("{x:+.3}")
    }
}

/// A p-value: four decimals, or scientific below 0.0001.
pub fn p_value(p: f64) -> String {
    if p >= 1e-4 {
        format!("{p:.4}")
    } else if p > 0.0 {
        format!("{p:.1e}")
    } else {
        "<1e-300".into()
    }
}

fn value(v: Option<f64>) -> String {
    v.map_or("—".into(), |x| format!("{x:.3}"))
}

/// Text from data, made safe for a terminal (no control characters) and at most `max` chars.
pub fn terminal_text(s: &str, max: usize) -> String {
    crate::ellipsis::cut(&crate::term::flat(s), max, crate::ellipsis::Ellipsis::After).into_owned()
}

/// `metric | v1 | v2 | Δ | v3 | Δ …`: every metric of every version, and each later
/// version's difference from the first (the baseline).
fn metrics_table(
    c: &Comparison,
    rows: &[MetricRow],
    first: Column,
    version: impl Fn(&VersionSummary) -> Column,
    delta: Column,
    name: impl Fn(&str) -> String,
) -> Table {
    let mut columns = vec![first];
    for (i, v) in c.versions.iter().enumerate() {
        columns.push(version(v));
        if i > 0 {
            columns.push(delta.clone());
        }
    }
    let mut t = Table::new(columns);
    for r in rows {
        let mut cells = vec![name(&r.name)];
        for (i, v) in r.values.iter().enumerate() {
            cells.push(value(*v));
            if i > 0 {
                cells.push(match (r.values[0], v) {
                    (Some(a), Some(b)) => signed(b - a),
                    _ => "—".into(),
                });
            }
        }
        t.rows.push(cells);
    }
    t
}

/// A pair's row of the significance table, after its `version` cell.
fn pair_cells(p: &PairResult, version: String) -> Vec<String> {
    let ci = &p.macro_f1_diff;
    vec![
        version,
        p.right_to_wrong.to_string(),
        p.wrong_to_right.to_string(),
        p_value(p.mcnemar_p),
        signed(ci.observed),
        format!("[{}, {}]", signed(ci.low), signed(ci.high)),
        p.verdict().to_string(),
    ]
}

fn heading(c: &Comparison) -> String {
    let p = &c.pairs;
    let rows = p.first().map_or(0, |p| p.rows);
    format!(
        "paired against {} on the same {rows} rows: exact McNemar test on right/wrong; macro-F1 difference with a paired bootstrap 95% CI ({} resamples, seed {})",
        c.versions[0].name, c.resamples, c.seed
    )
}

use crate::term::{cell, width};

/// The aligned text table.
pub fn table(c: &Comparison) -> String {
    let mut s = String::new();
    let nw = c.versions.iter().map(|v| width(&v.name)).max().unwrap_or(0);
    let _ = writeln!(s, "versions (the first is the baseline)");
    let mut versions = Table::new(vec![Column::left("").fixed(nw), Column::left("")]);
    for v in &c.versions {
        versions.push([terminal_text(&v.name, 60), terminal_text(&v.source, 200)]);
        versions.push([
            String::new(),
            format!(
                "data {} · {} rows · sha256 {}",
                terminal_text(&v.data, 200),
                v.rows,
                terminal_text(&v.data_sha256, 12)
            ),
        ]);
    }
    let listing = Text {
        indent: "  ",
        head: false,
        ..Text::default()
    };
    s.push_str(&listing.table(&versions));
    let _ = writeln!(s);
    let rows = metric_rows(c);
    let mw = rows
        .iter()
        .map(|r| width(&r.name))
        .max()
        .unwrap_or(6)
        .max(6);
    let metrics = metrics_table(
        c,
        &rows,
        Column::left("metric").fixed(mw),
        |v| Column::right(cell(&v.name)).fixed(width(&v.name).max(6)),
        Column::right("Δ").fixed(6),
        |name| terminal_text(name, 80),
    );
    s.push_str(&Text::default().table(&metrics));
    if !c.paired {
        let _ = writeln!(
            s,
            "\nunpaired: metrics only (no row-by-row significance with --unpaired)"
        );
        return s;
    }
    let _ = writeln!(s, "\n{}", crate::term::clean(&heading(c)));
    let vw = nw.max(7);
    let mut pairs = Table::new(vec![
        Column::left("version").fixed(vw),
        Column::right("right→wrong").fixed(11),
        Column::right("wrong→right").fixed(11),
        Column::right("McNemar p").fixed(9),
        Column::right("Δ macro f1").fixed(10),
        Column::left("95% CI").fixed(18),
        Column::left("verdict"),
    ]);
    for p in &c.pairs {
        pairs.push(pair_cells(p, cell(&p.other)));
    }
    s.push_str(&Text::default().table(&pairs));
    for p in &c.pairs {
        flips_text(&mut s, p);
    }
    s
}

/// "1 right→wrong, 6 wrong→right (3 both right, 0 both wrong)".
fn flip_counts(p: &PairResult) -> String {
    format!(
        "{} right→wrong, {} wrong→right ({} both right, {} both wrong)",
        p.right_to_wrong, p.wrong_to_right, p.both_right, p.both_wrong
    )
}

/// The pair's flips shown, by kind: `(kind, how many in all, the first few)`; a kind with
/// none shown is left out.
fn flip_groups(p: &PairResult) -> impl Iterator<Item = (&'static str, usize, &[Flip])> {
    [
        (
            "right→wrong",
            p.right_to_wrong,
            p.flips_right_to_wrong.as_slice(),
        ),
        (
            "wrong→right",
            p.wrong_to_right,
            p.flips_wrong_to_right.as_slice(),
        ),
    ]
    .into_iter()
    .filter(|(_, _, flips)| !flips.is_empty())
}

fn flips_text(s: &mut String, p: &PairResult) {
    let _ = writeln!(
        s,
        "\nflipped rows {} → {}: {}",
        cell(&p.baseline),
        cell(&p.other),
        flip_counts(p)
    );
    for (kind, total, flips) in flip_groups(p) {
        let _ = writeln!(s, "  {kind} (first {} of {total}):", flips.len());
        for f in flips {
            let _ = writeln!(
                s,
                "    line {}  truth {}  {} {}  {} {}",
                f.line,
                terminal_text(&f.truth, 40),
                cell(&p.baseline),
                terminal_text(&f.baseline, 40),
                cell(&p.other),
                terminal_text(&f.other, 40)
            );
            let _ = writeln!(s, "      {}", terminal_text(&f.text, 160));
        }
    }
}

/// Markdown: the same content as the table, as Markdown tables.
pub fn markdown(c: &Comparison) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "## Versions\n");
    let _ = writeln!(s, "| | Version | Source | Data | Rows | Data SHA-256 |");
    let _ = writeln!(s, "|---|---|---|---|---:|---|");
    for (i, v) in c.versions.iter().enumerate() {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | `{}` |",
            if i == 0 { "baseline" } else { "" },
            md_escape(&v.name),
            md_escape(&v.source),
            md_escape(&v.data),
            v.rows,
            md_escape(&v.data_sha256.chars().take(12).collect::<String>())
        );
    }
    let _ = writeln!(s, "\n## Metrics\n");
    let metrics = metrics_table(
        c,
        &metric_rows(c),
        Column::left("Metric"),
        |v| Column::right(v.name.clone()),
        Column::right("Δ"),
        str::to_string,
    );
    s.push_str(&Markdown.table(&metrics));
    if !c.paired {
        let _ = writeln!(s, "\nUnpaired (`--unpaired`): metrics only.");
        return s;
    }
    let _ = writeln!(s, "\n## Significance\n");
    let _ = writeln!(s, "{}.\n", md_escape(&heading(c)));
    let mut pairs = Table::new(vec![
        Column::left("Version"),
        Column::right("Right→wrong").verbatim(),
        Column::right("Wrong→right").verbatim(),
        // "<1e-300" is written as it is, as before.
        Column::right("McNemar p").verbatim(),
        Column::right("Δ macro-F1").verbatim(),
        Column::left("95% CI").verbatim(),
        Column::left("Verdict").verbatim(),
    ]);
    for p in &c.pairs {
        pairs.push(pair_cells(p, p.other.clone()));
    }
    s.push_str(&Markdown.table(&pairs));
    for p in &c.pairs {
        let _ = writeln!(
            s,
            "\n## Flipped rows: {} → {}\n\n{}.",
            md_escape(&p.baseline),
            md_escape(&p.other),
            flip_counts(p)
        );
        for (kind, total, flips) in flip_groups(p) {
            // "right→wrong" → "Right→wrong" for a heading.
            let kind = format!("{}{}", kind[..1].to_uppercase(), &kind[1..]);
            flips_md(&mut s, p, &kind, total, flips);
        }
    }
    s
}

fn flips_md(s: &mut String, p: &PairResult, kind: &str, total: usize, flips: &[Flip]) {
    let _ = writeln!(s, "\n### {kind} (first {} of {total})\n", flips.len());
    let mut t = Table::new(vec![
        Column::right("Line"),
        Column::left("Text"),
        Column::left("Truth"),
        Column::left(p.baseline.clone()),
        Column::left(p.other.clone()),
    ]);
    for f in flips {
        t.push([
            f.line.to_string(),
            f.text.clone(),
            f.truth.clone(),
            f.baseline.clone(),
            f.other.clone(),
        ]);
    }
    s.push_str(&Markdown.table(&t));
}

/// The comparison as pretty JSON (metrics of every version, pairs, flips).
pub fn json(c: &Comparison) -> String {
    let mut s = serde_json::to_string_pretty(c).unwrap_or_else(|e| {
        serde_json::json!({ "error": format!("cannot serialise the comparison: {e}") }).to_string()
    });
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::compare::tests::{flipped_pair, report};
    use crate::eval::compare::{compare, CompareOptions, Entry};

    pub(crate) fn sample() -> Comparison {
        let [a, b] = flipped_pair();
        let mut ra = report("0123456789abcdef", &a);
        ra.predictions[6].text = "He said: \"<script>alert('x')</script>\" | *bold*".into();
        let rb = report("0123456789abcdef", &b);
        compare(
            &[
                Entry {
                    name: "news@v1".into(),
                    source: "models/news/v1/reports/test-01234567.json".into(),
                    report: ra,
                },
                Entry {
                    name: "news@v2".into(),
                    source: "models/news/v2/reports/test-01234567.json".into(),
                    report: rb,
                },
            ],
            &CompareOptions {
                resamples: 200,
                seed: 7,
                show_flips: 2,
                unpaired: false,
            },
        )
        .unwrap()
    }

    #[test]
    fn table_snapshot() {
        let t = table(&sample());
        let expected = r#"versions (the first is the baseline)
  news@v1  models/news/v1/reports/test-01234567.json
           data test.csv · 10 rows · sha256 0123456789ab…
  news@v2  models/news/v2/reports/test-01234567.json
           data test.csv · 10 rows · sha256 0123456789ab…

metric                  news@v1  news@v2       Δ
accuracy                  0.400    0.900  +0.500
macro f1                  0.417    0.641  +0.224
weighted f1               0.325    0.854  +0.529
conciliatory precision    1.000    1.000  +0.000
conciliatory recall       1.000    1.000  +0.000
conciliatory f1           1.000    1.000  +0.000
hostile precision         0.000    0.857  +0.857
hostile recall            0.000    1.000  +1.000
hostile f1                0.000    0.923  +0.923
neutral precision         0.143    0.000  -0.143
neutral recall            1.000    0.000  -1.000
neutral f1                0.250    0.000  -0.250

paired against news@v1 on the same 10 rows: exact McNemar test on right/wrong; macro-F1 difference with a paired bootstrap 95% CI (200 resamples, seed 7)
version  right→wrong  wrong→right  McNemar p  Δ macro f1  95% CI              verdict
news@v2            1            6     0.1250      +0.224  [+0.000, +0.667]    no clear difference

flipped rows news@v1 → news@v2: 1 right→wrong, 6 wrong→right (3 both right, 0 both wrong)
  right→wrong (first 1 of 1):
    line 8  truth neutral  news@v1 neutral  news@v2 hostile
      He said: "<script>alert('x')</script>" | *bold*
  wrong→right (first 2 of 6):
    line 2  truth hostile  news@v1 neutral  news@v2 hostile
      text 0
    line 3  truth hostile  news@v1 neutral  news@v2 hostile
      text 1
"#;
        assert_eq!(t, expected, "\n{t}");
    }

    #[test]
    fn markdown_snapshot() {
        let m = markdown(&sample());
        let expected = r#"## Versions

| | Version | Source | Data | Rows | Data SHA-256 |
|---|---|---|---|---:|---|
| baseline | news@v1 | models/news/v1/reports/test-01234567.json | test.csv | 10 | `0123456789ab` |
|  | news@v2 | models/news/v2/reports/test-01234567.json | test.csv | 10 | `0123456789ab` |

## Metrics

| Metric | news@v1 | news@v2 | Δ |
|---|---:|---:|---:|
| accuracy | 0.400 | 0.900 | +0.500 |
| macro f1 | 0.417 | 0.641 | +0.224 |
| weighted f1 | 0.325 | 0.854 | +0.529 |
| conciliatory precision | 1.000 | 1.000 | +0.000 |
| conciliatory recall | 1.000 | 1.000 | +0.000 |
| conciliatory f1 | 1.000 | 1.000 | +0.000 |
| hostile precision | 0.000 | 0.857 | +0.857 |
| hostile recall | 0.000 | 1.000 | +1.000 |
| hostile f1 | 0.000 | 0.923 | +0.923 |
| neutral precision | 0.143 | 0.000 | -0.143 |
| neutral recall | 1.000 | 0.000 | -1.000 |
| neutral f1 | 0.250 | 0.000 | -0.250 |

## Significance

paired against news@v1 on the same 10 rows: exact McNemar test on right/wrong; macro-F1 difference with a paired bootstrap 95% CI (200 resamples, seed 7).

| Version | Right→wrong | Wrong→right | McNemar p | Δ macro-F1 | 95% CI | Verdict |
|---|---:|---:|---:|---:|---|---|
| news@v2 | 1 | 6 | 0.1250 | +0.224 | [+0.000, +0.667] | no clear difference |

## Flipped rows: news@v1 → news@v2

1 right→wrong, 6 wrong→right (3 both right, 0 both wrong).

### Right→wrong (first 1 of 1)

| Line | Text | Truth | news@v1 | news@v2 |
|---:|---|---|---|---|
| 8 | He said: "&lt;script&gt;alert('x')&lt;/script&gt;" \| \*bold\* | neutral | neutral | hostile |

### Wrong→right (first 2 of 6)

| Line | Text | Truth | news@v1 | news@v2 |
|---:|---|---|---|---|
| 2 | text 0 | hostile | neutral | hostile |
| 3 | text 1 | hostile | neutral | hostile |
"#;
        assert_eq!(m, expected, "\n{m}");
    }

    #[test]
    fn json_has_the_pairs() {
        let v: serde_json::Value = serde_json::from_str(&json(&sample())).unwrap();
        assert_eq!(v["pairs"][0]["right_to_wrong"], 1);
        assert_eq!(v["pairs"][0]["mcnemar_p"], 0.125);
        assert_eq!(v["versions"][1]["name"], "news@v2");
    }

    #[test]
    fn terminal_text_strips_controls() {
        assert_eq!(terminal_text("a\x1b[31mb\nc", 100), "a\\u{1b}[31mb c");
        assert_eq!(terminal_text("abcdef", 3), "abc…");
    }
}
