//! One self-contained HTML page (inline CSS and SVG; no scripts, no external assets) for an
//! evaluation report or a comparison of versions. Every piece of text that comes from data
//! (quotes, labels, file names) goes through [`esc`].

use super::compare::{metric_rows, p_value, signed};
use crate::eval::compare::{Comparison, PairResult};
use crate::eval::metrics::Metrics;
use crate::eval::EvalReport;
use std::fmt::Write;

use super::export::{html::Html, Column, Exporter, Table};
use super::page::{base_style, clip};
use crate::markup::html as esc;

/// Colours of versions, in order (Tableau 10).
const PALETTE: [&str; 10] = [
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac",
];

const STYLE: &str = concat!(
    base_style!(),
    "h2 { font-size: 17px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid #d0d7de; }
h3 { font-size: 14px; margin: 18px 0 6px; }
p.sub { color: #57606a; margin: 0 0 8px; }
table { border-collapse: collapse; margin: 6px 0 10px; }
th, td { padding: 4px 10px; border-bottom: 1px solid #e5e8eb; text-align: left; vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.up { color: #1a7f37; } td.down { color: #cf222e; }
code { font: 12px ui-monospace, 'DejaVu Sans Mono', monospace; background: #f6f8fa; padding: 1px 4px; border-radius: 4px; word-break: break-all; }
.grid { display: flex; flex-wrap: wrap; gap: 18px; }
figure { margin: 0; }
figcaption { font-weight: 600; margin-bottom: 4px; }
.verdict { font-weight: 600; padding: 1px 8px; border-radius: 10px; white-space: nowrap; }
.better { background: #dafbe1; color: #1a7f37; } .worse { background: #ffebe9; color: #cf222e; }
.unclear { background: #f6f8fa; color: #57606a; }
td.quote { max-width: 560px; overflow-wrap: anywhere; }
.note { color: #57606a; font-size: 13px; }
svg text { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif; }
"
);

const CONFUSION_NOTE: &str = "Rows are the true labels, columns the predictions; a cell shows its count and its share of the row (shaded on a square-root scale); the outlined diagonal is correct.";

fn page(title: &str, body: &str) -> String {
    super::page::page(title, STYLE, body)
}

/// The confusion matrix as a heatmap: rows = truth, columns = prediction; cells shaded by the
/// share of their row, labelled with the count and that share.
pub fn confusion_svg(labels: &[String], cm: &[Vec<usize>]) -> String {
    let k = labels.len().min(cm.len());
    if k == 0 {
        return "<p class=\"note\">No labels.</p>\n".into();
    }
    let cell = (360 / k).clamp(34, 96);
    let left = 118;
    let top = 54;
    let size = cell * k;
    let (w, h) = (left + size + 12, top + size + 12);
    let max_chars = (cell / 7).max(3);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"confusion matrix\">"
    );
    let _ = writeln!(
        s,
        "<text x=\"{}\" y=\"14\" text-anchor=\"middle\" font-size=\"12\" fill=\"#57606a\">predicted</text>",
        left + size / 2
    );
    let _ = writeln!(
        s,
        "<text x=\"12\" y=\"{}\" text-anchor=\"middle\" font-size=\"12\" fill=\"#57606a\" transform=\"rotate(-90 12 {})\">true label</text>",
        top + size / 2,
        top + size / 2
    );
    for (j, l) in labels.iter().take(k).enumerate() {
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"12\">{}<title>{}</title></text>",
            left + j * cell + cell / 2,
            top - 10,
            esc(&clip(l, max_chars)),
            esc(l)
        );
    }
    for (i, l) in labels.iter().take(k).enumerate() {
        let row = &cm[i];
        let total: usize = row.iter().take(k).sum();
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"12\">{}<title>{}</title></text>",
            left - 8,
            top + i * cell + cell / 2 + 4,
            esc(&clip(l, 15)),
            esc(l)
        );
        for (j, predicted) in labels.iter().enumerate().take(k) {
            let count = row.get(j).copied().unwrap_or(0);
            let share = if total > 0 {
                count as f64 / total as f64
            } else {
                0.0
            };
            let (x, y) = (left + j * cell, top + i * cell);
            // A square-root scale, so the small off-diagonal shares still show.
            let shade = share.sqrt();
            let _ = writeln!(
                s,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{cell}\" height=\"{cell}\" fill=\"{}\" stroke=\"#fff\" stroke-width=\"2\"><title>true {}, predicted {}: {count} ({:.1}% of the row)</title></rect>",
                blue(shade),
                esc(l),
                esc(predicted),
                100.0 * share
            );
            let ink = if shade > 0.6 { "#fff" } else { "#1f2328" };
            let _ = writeln!(
                s,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"{}\" font-weight=\"600\" fill=\"{ink}\">{count}</text>",
                x + cell / 2,
                y + cell / 2 + if cell >= 48 { 0 } else { 4 },
                if cell >= 48 { 15 } else { 11 }
            );
            if cell >= 48 {
                let _ = writeln!(
                    s,
                    "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\" fill=\"{ink}\">{:.0}%</text>",
                    x + cell / 2,
                    y + cell / 2 + 16,
                    100.0 * share
                );
            }
        }
    }
    // Outline the diagonal (correct predictions).
    for i in 0..k {
        let _ = writeln!(
            s,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#1f2328\" stroke-width=\"1.5\"/>",
            left + i * cell + 1,
            top + i * cell + 1,
            cell - 2,
            cell - 2
        );
    }
    s.push_str("</svg>\n");
    s
}

/// White → dark blue by `v` in [0, 1].
fn blue(v: f64) -> String {
    let v = if v.is_finite() {
        v.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (a, b) = ((247.0, 251.0, 255.0), (8.0, 48.0, 107.0));
    let mix = |x: f64, y: f64| (x + (y - x) * v).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(a.0, b.0),
        mix(a.1, b.1),
        mix(a.2, b.2)
    )
}

/// Grouped bars: per label, the F1 of every version.
pub fn f1_bars_svg(labels: &[String], versions: &[(&str, &Metrics)]) -> String {
    let n = versions.len().max(1);
    let k = labels.len().max(1);
    let (left, right, top, bottom) = (44, 16, 34 + 18 * n.div_ceil(4), 40);
    let group = ((860 - left - right) / k).clamp(60, 240);
    let plot_w = group * k;
    let plot_h = 220;
    let (w, h) = (left + plot_w + right, top + plot_h + bottom);
    let bar = ((group - 24) / n).clamp(4, 56);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"per-class F1\">"
    );
    // Legend.
    for (i, (name, _)) in versions.iter().enumerate() {
        let (x, y) = (left + (i % 4) * 200, 8 + (i / 4) * 18);
        let _ = writeln!(
            s,
            "<rect x=\"{x}\" y=\"{y}\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{}\" y=\"{}\" font-size=\"12\">{}</text>",
            PALETTE[i % PALETTE.len()],
            x + 17,
            y + 10,
            esc(&clip(name, 26))
        );
    }
    // Axis and grid.
    for t in 0..=4 {
        let v = t as f64 / 4.0;
        let y = top + plot_h - (v * plot_h as f64).round() as usize;
        let _ = writeln!(
            s,
            "<line x1=\"{left}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{}\" stroke-width=\"1\"/><text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"11\" fill=\"#57606a\">{v:.2}</text>",
            left + plot_w,
            if t == 0 { "#8c959f" } else { "#e5e8eb" },
            left - 6,
            y + 4
        );
    }
    for (g, label) in labels.iter().enumerate() {
        let gx = left + g * group;
        let inner = bar * n;
        let x0 = gx + (group - inner) / 2;
        for (i, (name, m)) in versions.iter().enumerate() {
            let f1 = m.per_class.get(label).map(|c| c.f1);
            let v = f1.filter(|x| x.is_finite()).unwrap_or(0.0).clamp(0.0, 1.0);
            let bh = (v * plot_h as f64).round() as usize;
            let x = x0 + i * bar;
            let y = top + plot_h - bh;
            let _ = writeln!(
                s,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{}\" height=\"{bh}\" fill=\"{}\"><title>{} · {}: F1 {}</title></rect>",
                bar.saturating_sub(2).max(1),
                PALETTE[i % PALETTE.len()],
                esc(name),
                esc(label),
                f1.map_or("—".into(), |x| format!("{x:.3}"))
            );
            if bar >= 24 {
                let _ = writeln!(
                    s,
                    "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"10\" fill=\"#1f2328\">{}</text>",
                    x + bar / 2 - 1,
                    y.saturating_sub(4).max(top.saturating_sub(2)),
                    f1.map_or("—".into(), |x| format!("{x:.2}"))
                );
            }
        }
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"12\">{}<title>{}</title></text>",
            gx + group / 2,
            top + plot_h + 18,
            esc(&clip(label, group / 7)),
            esc(label)
        );
    }
    s.push_str("</svg>\n");
    s
}

fn delta_cell(d: f64) -> String {
    let class = if d >= 0.0005 {
        " up"
    } else if d <= -0.0005 {
        " down"
    } else {
        ""
    };
    format!("<td class=\"n{class}\">{}</td>", signed(d))
}

/// The page for one evaluation report (`stance evaluate --html`).
pub fn evaluation_page(r: &EvalReport) -> String {
    let mut b = String::new();
    let _ = writeln!(b, "<h1>stance evaluation</h1>");
    let _ = writeln!(
        b,
        "<p class=\"sub\">{} on {} ({} rows)</p>",
        esc(&r.model.path),
        esc(&r.test),
        r.n_test
    );
    let _ = writeln!(b, "<h2>Summary</h2>\n<table>");
    for (k, v) in [
        ("Model", esc(&r.model.path)),
        (
            "Model SHA-256",
            format!("<code>{}</code>", esc(&r.model.sha256)),
        ),
        ("Trained on", esc(&r.train)),
        ("Evaluated on", esc(&r.test)),
        (
            "Data SHA-256",
            format!("<code>{}</code>", esc(&r.data_sha256)),
        ),
        ("Rows", r.n_test.to_string()),
        ("Accuracy", format!("{:.3}", r.metrics.accuracy)),
        ("Macro-F1", format!("{:.3}", r.metrics.macro_f1)),
        ("Weighted F1", format!("{:.3}", r.metrics.weighted_f1)),
        ("System", esc(&r.system)),
    ] {
        let _ = writeln!(b, "<tr><th>{k}</th><td>{v}</td></tr>");
    }
    let _ = writeln!(b, "</table>");
    let _ = writeln!(b, "<h2>Per label</h2>");
    let mut per_label = Table::new(vec![
        Column::left("Label"),
        Column::right("Precision"),
        Column::right("Recall"),
        Column::right("F1"),
        Column::right("Support"),
    ]);
    for l in &r.labels {
        if let Some(c) = r.metrics.per_class.get(l) {
            per_label.push([
                l.clone(),
                format!("{:.3}", c.precision),
                format!("{:.3}", c.recall),
                format!("{:.3}", c.f1),
                c.support.to_string(),
            ]);
        }
    }
    b.push_str(&Html.table(&per_label));
    let _ = writeln!(b, "<h2>Per-label F1</h2>");
    b.push_str(&f1_bars_svg(&r.labels, &[(&r.model.path, &r.metrics)]));
    let _ = writeln!(
        b,
        "<h2>Confusion matrix</h2>\n<p class=\"note\">{CONFUSION_NOTE}</p>"
    );
    b.push_str(&confusion_svg(&r.labels, &r.metrics.confusion_matrix));
    page(&format!("stance evaluation: {}", r.model.path), &b)
}

/// The page for a comparison (`stance compare --html`).
pub fn comparison_page(c: &Comparison) -> String {
    let mut b = String::new();
    let names: Vec<&str> = c.versions.iter().map(|v| v.name.as_str()).collect();
    let _ = writeln!(b, "<h1>stance comparison</h1>");
    let _ = writeln!(
        b,
        "<p class=\"sub\">{} against the baseline {}</p>",
        esc(&names[1..].join(", ")),
        esc(names.first().copied().unwrap_or(""))
    );
    let _ = writeln!(b, "<h2>Versions</h2>\n<table>");
    let _ = writeln!(
        b,
        "<tr><th></th><th>Version</th><th>Source</th><th>Data</th><th class=\"n\">Rows</th><th>Data SHA-256</th></tr>"
    );
    for (i, v) in c.versions.iter().enumerate() {
        let _ = writeln!(
            b,
            "<tr><td><svg width=\"12\" height=\"12\" aria-hidden=\"true\"><rect width=\"12\" height=\"12\" fill=\"{}\"/></svg> {}</td><td>{}</td><td><code>{}</code></td><td>{}</td><td class=\"n\">{}</td><td><code>{}</code></td></tr>",
            PALETTE[i % PALETTE.len()],
            if i == 0 { "baseline" } else { "" },
            esc(&v.name),
            esc(&v.source),
            esc(&v.data),
            v.rows,
            esc(&clip(&v.data_sha256, 13))
        );
    }
    let _ = writeln!(b, "</table>");
    let _ = writeln!(b, "<h2>Metrics</h2>\n<table>\n<tr><th>Metric</th>");
    for (i, n) in names.iter().enumerate() {
        let _ = write!(b, "<th class=\"n\">{}</th>", esc(n));
        if i > 0 {
            let _ = write!(b, "<th class=\"n\">Δ</th>");
        }
    }
    let _ = writeln!(b, "</tr>");
    for r in metric_rows(c) {
        let _ = write!(b, "<tr><td>{}</td>", esc(&r.name));
        for (i, v) in r.values.iter().enumerate() {
            let _ = write!(
                b,
                "<td class=\"n\">{}</td>",
                v.map_or("—".into(), |x| format!("{x:.3}"))
            );
            if i > 0 {
                match (r.values[0], v) {
                    (Some(a), Some(x)) => b.push_str(&delta_cell(x - a)),
                    _ => b.push_str("<td class=\"n\">—</td>"),
                }
            }
        }
        let _ = writeln!(b, "</tr>");
    }
    let _ = writeln!(b, "</table>");
    let _ = writeln!(b, "<h2>Per-label F1</h2>");
    let versions: Vec<(&str, &Metrics)> = c
        .versions
        .iter()
        .map(|v| (v.name.as_str(), &v.metrics))
        .collect();
    b.push_str(&f1_bars_svg(&c.labels, &versions));
    let _ = writeln!(
        b,
        "<h2>Confusion matrices</h2>\n<p class=\"note\">{CONFUSION_NOTE}</p>\n<div class=\"grid\">"
    );
    for v in &c.versions {
        let _ = writeln!(b, "<figure>\n<figcaption>{}</figcaption>", esc(&v.name));
        b.push_str(&confusion_svg(&v.labels, &v.metrics.confusion_matrix));
        let _ = writeln!(b, "</figure>");
    }
    let _ = writeln!(b, "</div>");
    let _ = writeln!(b, "<h2>Significance</h2>");
    if !c.paired {
        let _ = writeln!(
            b,
            "<p class=\"note\">Unpaired comparison (<code>--unpaired</code>): metrics only, no row-by-row tests.</p>"
        );
    } else {
        let rows = c.pairs.first().map_or(0, |p| p.rows);
        let _ = writeln!(
            b,
            "<p class=\"note\">Against the baseline {} on the same {rows} rows. McNemar: two-sided exact test on the rows one version got right and the other wrong. Δ macro-F1: paired bootstrap 95% confidence interval ({} resamples, seed {}); the verdict is “better” or “worse” when the interval excludes 0.</p>",
            esc(names.first().copied().unwrap_or("")),
            c.resamples,
            c.seed
        );
        let _ = writeln!(
            b,
            "<table>\n<tr><th>Version</th><th class=\"n\">Right→wrong</th><th class=\"n\">Wrong→right</th><th class=\"n\">McNemar p</th><th class=\"n\">Δ macro-F1</th><th class=\"n\">95% CI</th><th>Verdict</th></tr>"
        );
        for p in &c.pairs {
            let ci = &p.macro_f1_diff;
            let class = match p.verdict() {
                "better" => "better",
                "worse" => "worse",
                _ => "unclear",
            };
            let _ = writeln!(
                b,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>{}<td class=\"n\">[{}, {}]</td><td><span class=\"verdict {class}\">{}</span></td></tr>",
                esc(&p.other),
                p.right_to_wrong,
                p.wrong_to_right,
                p_value(p.mcnemar_p),
                delta_cell(ci.observed),
                signed(ci.low),
                signed(ci.high),
                p.verdict()
            );
        }
        let _ = writeln!(b, "</table>");
        let _ = writeln!(b, "<h2>Flipped rows</h2>");
        for p in &c.pairs {
            flips_html(&mut b, p);
        }
    }
    page(&format!("stance comparison: {}", names.join(" vs ")), &b)
}

fn flips_html(b: &mut String, p: &PairResult) {
    let _ = writeln!(
        b,
        "<h3>{} → {}: {} right→wrong, {} wrong→right</h3>",
        esc(&p.baseline),
        esc(&p.other),
        p.right_to_wrong,
        p.wrong_to_right
    );
    for (kind, total, flips) in [
        ("Right→wrong", p.right_to_wrong, &p.flips_right_to_wrong),
        ("Wrong→right", p.wrong_to_right, &p.flips_wrong_to_right),
    ] {
        if flips.is_empty() {
            continue;
        }
        let _ = writeln!(
            b,
            "<p class=\"note\">{kind}: the first {} of {total}</p>\n<table>\n<tr><th class=\"n\">Line</th><th>Text</th><th>Truth</th><th>{}</th><th>{}</th></tr>",
            flips.len(),
            esc(&p.baseline),
            esc(&p.other)
        );
        for f in flips {
            let _ = writeln!(
                b,
                "<tr><td class=\"n\">{}</td><td class=\"quote\">{}</td><td>{}</td><td class=\"{}\">{}</td><td class=\"{}\">{}</td></tr>",
                f.line,
                esc(&f.text),
                esc(&f.truth),
                if f.baseline == f.truth { "up" } else { "down" },
                esc(&f.baseline),
                if f.other == f.truth { "up" } else { "down" },
                esc(&f.other)
            );
        }
        let _ = writeln!(b, "</table>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_everything_that_matters() {
        assert_eq!(
            esc("<script>alert(\"x\")</script> & 'y'"),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
        assert_eq!(esc("a\u{0}b"), "a\u{FFFD}b");
    }

    #[test]
    fn colours_span_white_to_blue() {
        assert_eq!(blue(0.0), "#f7fbff");
        assert_eq!(blue(1.0), "#08306b");
        assert_eq!(blue(f64::NAN), "#f7fbff");
    }

    #[test]
    fn empty_inputs_do_not_panic() {
        let _ = confusion_svg(&[], &[]);
        let labels = vec!["a".to_string(), "b".to_string()];
        // A ragged matrix (hand-edited report) still renders.
        let _ = confusion_svg(&labels, &[vec![1]]);
        let _ = f1_bars_svg(&labels, &[]);
    }
}
