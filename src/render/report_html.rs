//! `stance report --html`: one self-contained page (inline CSS and SVG, no scripts, no
//! external assets). Per directed pair: a chart of the tone index by period with its interval
//! and counts, and a table of periods with their most hostile and most conciliatory quotes;
//! then the articles with every quote highlighted in its label's colour. What the page
//! embeds is capped so it stays under 5 MB, and the page says what was left out.

use super::page::{base_style, clip};
use crate::markup::html as esc;
use crate::report::{Article, PairSeries, Period, ToneQuote, ToneReport};
use crate::tone::{CONCILIATORY, HOSTILE, NEUTRAL};
use std::collections::BTreeSet;
use std::fmt::Write;

/// Pairs given a chart and a table (the most quoted); the rest are in the overview only.
pub const MAX_PAIRS: usize = 24;
/// Rows of the overview table.
const MAX_OVERVIEW: usize = 200;
/// Periods in each pair's table (the latest); the chart shows them all.
pub const MAX_PERIOD_ROWS: usize = 60;
/// Undated article names listed.
const MAX_UNDATED: usize = 200;
/// Characters of a quote shown in the tables.
const QUOTE_CHARS: usize = 280;
/// Bytes of pair sections (charts and tables); the first pair is always shown.
pub const PAIRS_BUDGET: usize = 3_000_000;
/// The page's size budget; articles are added to the article view until it is spent.
pub const PAGE_BUDGET: usize = 4_500_000;
/// Characters of one article's text shown in the article view.
const ARTICLE_CHARS: usize = 20_000;

const STYLE: &str = concat!(
    base_style!(),
    "h2 { font-size: 17px; margin: 30px 0 8px; padding-bottom: 4px; border-bottom: 1px solid #d0d7de; }
h3 { font-size: 14px; margin: 18px 0 4px; }
p.sub, .note { color: #57606a; }
.note { font-size: 13px; }
table { border-collapse: collapse; margin: 6px 0 10px; }
th, td { padding: 4px 8px; border-bottom: 1px solid #e5e8eb; text-align: left; vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; }
td.p { white-space: nowrap; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.q { max-width: 330px; overflow-wrap: anywhere; font-size: 13px; }
td.q .by { color: #57606a; font-size: 12px; }
.warn { background: #fff8c5; border: 1px solid #d4a72c; border-radius: 6px; padding: 8px 12px; margin: 12px 0; }
.warn .names { font-size: 12px; color: #57606a; overflow-wrap: anywhere; }
.sw { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin: 0 3px 0 2px; }
.pos { color: #1a7f37; } .neg { color: #cf222e; }
mark { border-radius: 3px; padding: 0 1px; color: inherit; }
mark.conciliatory { background: #aceebb; box-shadow: inset 0 -2px #1a7f37; }
mark.hostile { background: #ffcecb; box-shadow: inset 0 -2px #cf222e; }
mark.neutral { background: #e6e9ed; box-shadow: inset 0 -2px #8c959f; }
mark.other { background: #ddf4ff; box-shadow: inset 0 -2px #0969da; }
.who { font-size: 11px; color: #57606a; background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 8px;
  padding: 0 5px; margin-left: 3px; white-space: nowrap; vertical-align: 1px; }
article { border: 1px solid #d0d7de; border-radius: 6px; padding: 4px 16px 8px; margin: 12px 0; }
article p { margin: 6px 0; max-width: 780px; }
article .meta { color: #57606a; font-size: 12px; }
svg text { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif; }
a { color: #0969da; text-decoration: none; } a:hover { text-decoration: underline; }
"
);

/// Bar colour of a label in the count strips (stronger than the highlights).
fn bar_colour(label: &str) -> &'static str {
    match label {
        CONCILIATORY => "#2da44e",
        HOSTILE => "#e5534b",
        NEUTRAL => "#afb8c1",
        _ => "#54aeff",
    }
}

fn mark_class(label: &str) -> &'static str {
    match label {
        CONCILIATORY => CONCILIATORY,
        HOSTILE => HOSTILE,
        NEUTRAL => NEUTRAL,
        _ => "other",
    }
}

fn signed(v: f64) -> String {
    // U+2212 reads better than a hyphen in a table; −0.00 is shown as +0.00.
    let v = if v == 0.0 { 0.0 } else { v };
    let s = format!("{v:+.2}");
    s.replace('-', "−")
}

fn tone_class(v: f64) -> &'static str {
    if v > 0.0 {
        "pos"
    } else if v < 0.0 {
        "neg"
    } else {
        ""
    }
}

fn pair_anchor(i: usize) -> String {
    format!("pair-{i}")
}

/// Everything the page shows.
pub struct ReportPage<'a> {
    pub report: &'a ToneReport,
    pub articles: &'a [Article],
    pub quotes: &'a [ToneQuote],
    /// Each article's text, when it was kept (quote records carry none).
    pub texts: &'a [Option<String>],
    /// What was read, in words (e.g. "12 files under news/").
    pub input: &'a str,
}

pub fn report_page(p: &ReportPage) -> String {
    let r = p.report;
    let mut b = String::with_capacity(1 << 20);
    let by = match r.by {
        Period::Day => "day",
        Period::Week => "week",
        Period::Month => "month",
    };
    let _ = writeln!(b, "<h1>Tone over time, by {by}</h1>");
    let _ = writeln!(
        b,
        "<p class=\"sub\">{} · {} article{} ({} dated, {} undated) · {} quote{} ({} placed in time){}</p>",
        esc(p.input),
        r.articles,
        if r.articles == 1 { "" } else { "s" },
        r.dated_articles,
        r.undated.len(),
        r.quotes,
        if r.quotes == 1 { "" } else { "s" },
        r.dated_quotes,
        match (r.first_date, r.last_date) {
            (Some(a), Some(z)) => format!(" · {a} to {z}"),
            _ => String::new(),
        }
    );
    let _ = writeln!(
        b,
        "<p class=\"note\">Tone index of a directed pair (speaker's party → target party) in a period = (conciliatory − hostile) / quotes, from −1 (all hostile) to +1 (all conciliatory). The shaded band is the {}. Dot size grows with the number of quotes; the bars below each chart count quotes per period: <span class=\"sw\" style=\"background:{}\"></span>conciliatory <span class=\"sw\" style=\"background:{}\"></span>neutral <span class=\"sw\" style=\"background:{}\"></span>hostile. An article's date is its publication date as given (JSON field, --dates file or HTML metadata); articles without one are counted and listed, never placed in time.</p>",
        esc(r.interval),
        bar_colour(CONCILIATORY),
        bar_colour(NEUTRAL),
        bar_colour(HOSTILE),
    );
    undated_box(&mut b, r);
    // Pair sections first, while they fit their share of the page; the overview links to
    // those that made it. Articles the tables quote come first in the article view.
    let mut linked: BTreeSet<usize> = BTreeSet::new();
    let axis = TimeAxis::of(r);
    let mut sections = String::new();
    let mut charted: BTreeSet<usize> = BTreeSet::new();
    let dated: Vec<(usize, &PairSeries)> = r
        .series
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.periods.is_empty())
        .collect();
    for &(i, s) in dated.iter().take(MAX_PAIRS) {
        let mut one = String::new();
        let mut quoted = BTreeSet::new();
        pair_section(&mut one, i, s, &axis, &r.labels, &mut quoted);
        if !charted.is_empty() && sections.len() + one.len() > PAIRS_BUDGET {
            break;
        }
        sections.push_str(&one);
        charted.insert(i);
        linked.extend(quoted);
    }
    overview(&mut b, r, &charted);
    b.push_str(&sections);
    if dated.len() > charted.len() {
        let _ = writeln!(
            b,
            "<p class=\"note\">Charts and tables for the {} most quoted pairs of {} with dated quotes (page size cap: at most {MAX_PAIRS} pairs, {} MB of charts); every pair's series is in <code>--format csv</code> and <code>--format json</code>.</p>",
            charted.len(),
            dated.len(),
            PAIRS_BUDGET / 1_000_000
        );
    }
    article_view(&mut b, p, &linked);
    super::page::page(&format!("Tone over time, by {by}"), STYLE, &b)
}

fn undated_box(b: &mut String, r: &ToneReport) {
    if r.undated.is_empty() {
        return;
    }
    let names: Vec<String> = r
        .undated
        .iter()
        .take(MAX_UNDATED)
        .map(|n| format!("<code>{}</code>", esc(n)))
        .collect();
    let more = r.undated.len().saturating_sub(MAX_UNDATED);
    let undated_quotes = r.quotes - r.dated_quotes;
    let _ = writeln!(
        b,
        "<div class=\"warn\"><strong>{} of {} articles have no date</strong> ({} quotes), so they are not in the series. Give their dates with <code>--dates FILE</code> (a CSV with columns <code>article,date</code>).<div class=\"names\">{}{}</div></div>",
        r.undated.len(),
        r.articles,
        undated_quotes,
        names.join(" "),
        if more > 0 {
            format!(" … and {more} more (all are in <code>--format json</code>)")
        } else {
            String::new()
        }
    );
}

fn overview(b: &mut String, r: &ToneReport, charted: &BTreeSet<usize>) {
    let _ = writeln!(b, "<h2>Pairs</h2>");
    if r.series.is_empty() {
        let _ = writeln!(b, "<p class=\"note\">No quotes were found.</p>");
        return;
    }
    let _ = writeln!(
        b,
        "<table><tr><th>speaker party → target party</th><th class=\"n\">dated quotes</th><th class=\"n\">undated</th><th class=\"n\">periods</th><th class=\"n\">tone</th><th class=\"n\">95% interval</th></tr>"
    );
    for (i, s) in r.series.iter().enumerate().take(MAX_OVERVIEW) {
        let name = format!("{} → {}", esc(&s.from), esc(&s.to));
        let has = !s.periods.is_empty();
        let cell = if charted.contains(&i) {
            format!("<a href=\"#{}\">{name}</a>", pair_anchor(i))
        } else {
            name
        };
        let (tone, interval) = if has {
            (
                format!(
                    "<span class=\"{}\">{}</span>",
                    tone_class(s.tone),
                    signed(s.tone)
                ),
                format!("[{}, {}]", signed(s.tone_low), signed(s.tone_high)),
            )
        } else {
            ("–".into(), "–".into())
        };
        let _ = writeln!(
            b,
            "<tr><td>{cell}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{tone}</td><td class=\"n\">{interval}</td></tr>",
            s.quotes,
            s.undated_quotes,
            s.periods.len()
        );
    }
    let _ = writeln!(b, "</table>");
    if r.series.len() > MAX_OVERVIEW {
        let _ = writeln!(
            b,
            "<p class=\"note\">The {MAX_OVERVIEW} most quoted pairs of {} (page size cap).</p>",
            r.series.len()
        );
    }
}

/// One time axis for every chart, so pairs can be compared by eye.
struct TimeAxis {
    first: i64,
    last: i64,
}

impl TimeAxis {
    fn of(r: &ToneReport) -> Self {
        let starts = r
            .series
            .iter()
            .flat_map(|s| s.periods.iter().map(|p| p.start.days()));
        let first = starts.clone().min().unwrap_or(0);
        let last = starts.max().unwrap_or(0);
        Self { first, last }
    }

    /// x of a period start, within [left, left + width].
    fn x(&self, day: i64, left: f64, width: f64) -> f64 {
        if self.last == self.first {
            return left + width / 2.0;
        }
        left + (day - self.first) as f64 / (self.last - self.first) as f64 * width
    }
}

const CHART_W: f64 = 1000.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 12.0;
const PLOT_H: f64 = 170.0;
const BARS_TOP: f64 = TOP + PLOT_H + 24.0;
/// Room inside the plot's left and right edges, so the first and last periods' bands show.
const PAD: f64 = 18.0;
const BARS_H: f64 = 40.0;
const CHART_H: f64 = BARS_TOP + BARS_H + 56.0;

fn chart(s: &PairSeries, axis: &TimeAxis, labels: &[String]) -> String {
    let pw = CHART_W - LEFT - RIGHT;
    let y = |t: f64| TOP + (1.0 - t) / 2.0 * PLOT_H;
    let xs: Vec<f64> = s
        .periods
        .iter()
        .map(|p| axis.x(p.start.days(), LEFT + PAD, pw - 2.0 * PAD))
        .collect();
    let mut c = String::new();
    let _ = writeln!(
        c,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{CHART_W}\" height=\"{CHART_H}\" viewBox=\"0 0 {CHART_W} {CHART_H}\" role=\"img\" aria-label=\"tone of {} toward {} by period\" style=\"max-width:100%;height:auto\">",
        esc(&s.from),
        esc(&s.to)
    );
    for t in [1.0, 0.5, 0.0, -0.5, -1.0] {
        let _ = writeln!(
            c,
            "<line x1=\"{LEFT}\" x2=\"{}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"{}\" stroke-width=\"1\"/><text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\" font-size=\"11\" fill=\"#57606a\">{}</text>",
            CHART_W - RIGHT,
            y(t),
            y(t),
            if t == 0.0 { "#8c959f" } else { "#eaeef2" },
            LEFT - 6.0,
            y(t) + 4.0,
            signed(t)
        );
    }
    let _ = writeln!(
        c,
        "<text x=\"{}\" y=\"{:.1}\" font-size=\"10\" fill=\"#1a7f37\">conciliatory</text><text x=\"{}\" y=\"{:.1}\" font-size=\"10\" fill=\"#cf222e\">hostile</text>",
        LEFT + 4.0,
        y(1.0) + 12.0,
        LEFT + 4.0,
        y(-1.0) - 4.0
    );
    // The interval: a band through each run of consecutive periods (a gap, a period without
    // quotes, breaks the band and the line), or a bar for a lone period.
    let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, p) in s.periods.iter().enumerate() {
        match runs.last_mut() {
            Some(run) if s.periods[i - 1].end.days() + 1 == p.start.days() => run.end = i + 1,
            _ => runs.push(i..i + 1),
        }
    }
    for run in runs {
        let (ps, rxs) = (&s.periods[run.clone()], &xs[run]);
        if ps.len() == 1 {
            let _ = writeln!(
                c,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"10\" height=\"{:.1}\" fill=\"#4e79a7\" fill-opacity=\"0.2\"/>",
                rxs[0] - 5.0,
                y(ps[0].tone_high),
                y(ps[0].tone_low) - y(ps[0].tone_high)
            );
            continue;
        }
        let mut band: Vec<String> = ps
            .iter()
            .zip(rxs)
            .map(|(p, x)| format!("{x:.1},{:.1}", y(p.tone_high)))
            .collect();
        band.extend(
            ps.iter()
                .zip(rxs)
                .rev()
                .map(|(p, x)| format!("{x:.1},{:.1}", y(p.tone_low))),
        );
        let line: Vec<String> = ps
            .iter()
            .zip(rxs)
            .map(|(p, x)| format!("{x:.1},{:.1}", y(p.tone)))
            .collect();
        let _ = writeln!(
            c,
            "<polygon points=\"{}\" fill=\"#4e79a7\" fill-opacity=\"0.18\" stroke=\"none\"/>\n<polyline points=\"{}\" fill=\"none\" stroke=\"#4e79a7\" stroke-width=\"1.6\"/>",
            band.join(" "),
            line.join(" ")
        );
    }
    let max_n = s.periods.iter().map(|p| p.quotes).max().unwrap_or(1).max(1) as f64;
    // Bars as wide as the closest two periods allow.
    let closest = xs.windows(2).map(|w| w[1] - w[0]).fold(pw, f64::min);
    let bar_w = (closest * 0.7).clamp(2.0, 22.0);
    // Stacked from the bottom: hostile, neutral (and any other label), conciliatory.
    let mut order: Vec<&String> = labels.iter().filter(|l| *l == HOSTILE).collect();
    order.extend(
        labels
            .iter()
            .filter(|l| *l != HOSTILE && *l != CONCILIATORY),
    );
    order.extend(labels.iter().filter(|l| *l == CONCILIATORY));
    for (p, &x) in s.periods.iter().zip(&xs) {
        let counts: Vec<String> = labels
            .iter()
            .map(|l| format!("{} {l}", p.by_label.get(l).copied().unwrap_or(0)))
            .collect();
        let title = esc(&format!(
            "{}: tone {} [{}, {}], {} quote{} ({})",
            p.period,
            signed(p.tone),
            signed(p.tone_low),
            signed(p.tone_high),
            p.quotes,
            if p.quotes == 1 { "" } else { "s" },
            counts.join(", ")
        ));
        let r = 2.5 + (p.quotes as f64).sqrt().min(9.0) * 0.6;
        let fill = if p.tone > 0.0 {
            "#1a7f37"
        } else if p.tone < 0.0 {
            "#cf222e"
        } else {
            "#57606a"
        };
        let _ = writeln!(
            c,
            "<circle cx=\"{x:.1}\" cy=\"{:.1}\" r=\"{r:.1}\" fill=\"{fill}\" fill-opacity=\"0.85\" stroke=\"#fff\" stroke-width=\"1\"><title>{title}</title></circle>",
            y(p.tone)
        );
        let mut base = BARS_TOP + BARS_H;
        for l in &order {
            let n = p.by_label.get(*l).copied().unwrap_or(0);
            if n == 0 {
                continue;
            }
            let h = n as f64 / max_n * BARS_H;
            base -= h;
            let _ = writeln!(
                c,
                "<rect x=\"{:.1}\" y=\"{base:.1}\" width=\"{bar_w:.1}\" height=\"{h:.1}\" fill=\"{}\"/>",
                x - bar_w / 2.0,
                bar_colour(l)
            );
        }
    }
    let _ = writeln!(
        c,
        "<line x1=\"{LEFT}\" x2=\"{}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#d0d7de\"/><text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\" font-size=\"10\" fill=\"#57606a\">{}</text><text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\" font-size=\"10\" fill=\"#57606a\">quotes</text>",
        CHART_W - RIGHT,
        BARS_TOP + BARS_H,
        BARS_TOP + BARS_H,
        LEFT - 6.0,
        BARS_TOP + 8.0,
        max_n,
        LEFT - 6.0,
        BARS_TOP + BARS_H
    );
    // Period names under the bars: at most 12, spread evenly, rotated to fit.
    let n = s.periods.len();
    let step = n.div_ceil(12).max(1);
    for (i, (p, &x)) in s.periods.iter().zip(&xs).enumerate() {
        if i % step != 0 && i != n - 1 {
            continue;
        }
        if i != n - 1 && n - 1 - i < step && i % step == 0 && i != 0 {
            // Too close to the last label, which is always shown.
            continue;
        }
        let ly = BARS_TOP + BARS_H + 12.0;
        let _ = writeln!(
            c,
            "<text x=\"{x:.1}\" y=\"{ly:.1}\" text-anchor=\"end\" font-size=\"11\" fill=\"#1f2328\" transform=\"rotate(-35 {x:.1} {ly:.1})\">{}</text>",
            esc(&p.period)
        );
    }
    let _ = writeln!(c, "</svg>");
    c
}

fn pair_section(
    b: &mut String,
    index: usize,
    s: &PairSeries,
    axis: &TimeAxis,
    labels: &[String],
    linked: &mut BTreeSet<usize>,
) {
    let _ = writeln!(
        b,
        "<h2 id=\"{}\">{} → {}</h2>",
        pair_anchor(index),
        esc(&s.from),
        esc(&s.to)
    );
    let _ = writeln!(
        b,
        "<p class=\"sub\">{} dated quote{} in {} period{}{}; overall tone <span class=\"{}\">{}</span> [{}, {}]</p>",
        s.quotes,
        if s.quotes == 1 { "" } else { "s" },
        s.periods.len(),
        if s.periods.len() == 1 { "" } else { "s" },
        if s.undated_quotes > 0 {
            format!(" ({} more undated)", s.undated_quotes)
        } else {
            String::new()
        },
        tone_class(s.tone),
        signed(s.tone),
        signed(s.tone_low),
        signed(s.tone_high)
    );
    b.push_str(&chart(s, axis, labels));
    let _ = write!(b, "<table><tr><th>period</th><th class=\"n\">quotes</th>");
    for l in labels {
        let _ = write!(b, "<th class=\"n\">{}</th>", esc(l));
    }
    let _ = writeln!(
        b,
        "<th class=\"n\">tone</th><th class=\"n\">95% interval</th><th>most hostile</th><th>most conciliatory</th></tr>"
    );
    let skip = s.periods.len().saturating_sub(MAX_PERIOD_ROWS);
    // Latest first: the analyst's question is usually "what changed lately?".
    for p in s.periods.iter().skip(skip).rev() {
        let _ = write!(
            b,
            "<tr><td class=\"p\">{}</td><td class=\"n\">{}</td>",
            esc(&p.period),
            p.quotes
        );
        for l in labels {
            let _ = write!(
                b,
                "<td class=\"n\">{}</td>",
                p.by_label.get(l).copied().unwrap_or(0)
            );
        }
        let _ = write!(
            b,
            "<td class=\"n {}\">{}</td><td class=\"n\">[{}, {}]</td>",
            tone_class(p.tone),
            signed(p.tone),
            signed(p.tone_low),
            signed(p.tone_high)
        );
        for quotes in [&p.most_hostile, &p.most_conciliatory] {
            match quotes.first() {
                Some(q) => {
                    linked.insert(q.article_index);
                    let _ = write!(
                        b,
                        "<td class=\"q\">“{}”<br><span class=\"by\">{}{} · <a href=\"#art-{}\" title=\"{}\">{}</a> {}</span></td>",
                        esc(&clip(&q.quote, QUOTE_CHARS)),
                        esc(&clip(&q.speaker, 60)),
                        q.probability
                            .map(|p| format!(" ({p:.2})"))
                            .unwrap_or_default(),
                        q.article_index,
                        esc(&q.article),
                        // The file name is enough to tell articles apart in a cell.
                        esc(&clip(q.article.rsplit(['/', '\\']).next().unwrap_or(&q.article), 48)),
                        q.date
                    );
                }
                None => b.push_str("<td class=\"q\"></td>"),
            }
        }
        let _ = writeln!(b, "</tr>");
    }
    let _ = writeln!(b, "</table>");
    if skip > 0 {
        let _ = writeln!(
            b,
            "<p class=\"note\">The latest {MAX_PERIOD_ROWS} of {} periods (page size cap; the chart shows all, <code>--format csv</code> lists all).</p>",
            s.periods.len()
        );
    }
}

/// The article's text with its quotes highlighted, as paragraphs.
fn highlighted(text: &str, quotes: &[&ToneQuote]) -> String {
    // (start, end, quote): every span of every quote, in text order, overlaps dropped.
    let mut spans: Vec<(usize, usize, &ToneQuote, bool)> = Vec::new();
    for q in quotes {
        let n = q.spans.len();
        for (i, &(a, z)) in q.spans.iter().enumerate() {
            spans.push((a, z, q, i + 1 == n));
        }
    }
    spans.sort_by_key(|s| (s.0, s.1));
    let mut out = String::with_capacity(text.len() * 2);
    let mut at = 0;
    let push_text = |out: &mut String, s: &str| {
        for (i, para) in s.split("\n\n").enumerate() {
            if i > 0 {
                out.push_str("</p>\n<p>");
            }
            out.push_str(&esc(para));
        }
    };
    out.push_str("<p>");
    for (a, z, q, last) in spans {
        if a < at || z <= a {
            continue;
        }
        let (Some(before), Some(inside)) = (text.get(at..a), text.get(a..z)) else {
            continue;
        };
        push_text(&mut out, before);
        let who = format!(
            "{}: {} → {}",
            q.speaker,
            q.speaker_party.as_deref().unwrap_or("?"),
            q.target_party.as_deref().unwrap_or("?")
        );
        let label = match q.probability {
            Some(p) => format!("{} {p:.2}", q.label),
            None => q.label.clone(),
        };
        let class = mark_class(&q.label);
        let _ = write!(
            out,
            "<mark class=\"{class}\" title=\"{} · {}\">{}</mark>",
            esc(&label),
            esc(&who),
            // A quote that runs over paragraphs is marked in each.
            esc(inside).replace("\n\n", &format!("</mark></p>\n<p><mark class=\"{class}\">"))
        );
        if last {
            let _ = write!(out, "<span class=\"who\">{}</span>", esc(&clip(&who, 80)));
        }
        at = z;
    }
    push_text(&mut out, text.get(at..).unwrap_or(""));
    out.push_str("</p>\n");
    out
}

fn article_view(b: &mut String, p: &ReportPage, linked: &BTreeSet<usize>) {
    let _ = writeln!(b, "<h2 id=\"articles\">Articles</h2>");
    let _ = writeln!(
        b,
        "<p class=\"note\">Every quote is highlighted in its label's colour: <mark class=\"conciliatory\">conciliatory</mark> <mark class=\"hostile\">hostile</mark> <mark class=\"neutral\">neutral</mark>, followed by its speaker and speaker party → target party (hover a quote for its label and probability). Articles quoted in the tables above come first, then the rest in input order, while the page stays under 5 MB.</p>"
    );
    let mut by_article: Vec<Vec<&ToneQuote>> = vec![Vec::new(); p.articles.len()];
    for q in p.quotes {
        if let Some(v) = by_article.get_mut(q.article) {
            v.push(q);
        }
    }
    let order = linked
        .iter()
        .copied()
        .chain((0..p.articles.len()).filter(|i| !linked.contains(i)));
    let mut shown = 0;
    let mut stopped = false;
    for i in order {
        let Some(a) = p.articles.get(i) else { continue };
        let mut one = String::new();
        let _ = writeln!(
            one,
            "<article id=\"art-{i}\"><h3>{}</h3><div class=\"meta\">{}{} · {} quote{}</div>",
            esc(&a.name),
            a.date.map_or("no date".to_string(), |d| d.to_string()),
            a.source
                .as_deref()
                .map(|s| format!(" · {}", esc(s)))
                .unwrap_or_default(),
            by_article[i].len(),
            if by_article[i].len() == 1 { "" } else { "s" }
        );
        match p.texts.get(i).and_then(|t| t.as_deref()) {
            Some(text) => {
                let cut = text
                    .char_indices()
                    .nth(ARTICLE_CHARS)
                    .map_or(text.len(), |(at, _)| at);
                one.push_str(&highlighted(&text[..cut], &by_article[i]));
                if cut < text.len() {
                    let _ = writeln!(
                        one,
                        "<p class=\"note\">… the first {ARTICLE_CHARS} characters shown.</p>"
                    );
                }
            }
            None => {
                // Quote records carry the quotes but not the article around them.
                for q in &by_article[i] {
                    let mut alone = (*q).clone();
                    alone.spans = vec![(0, q.text.len())];
                    let _ = write!(one, "{}", highlighted(&q.text, &[&alone]));
                }
            }
        }
        one.push_str("</article>\n");
        if b.len() + one.len() > PAGE_BUDGET {
            stopped = true;
            break;
        }
        b.push_str(&one);
        shown += 1;
    }
    if stopped || shown < p.articles.len() {
        let _ = writeln!(
            b,
            "<p class=\"note\">{shown} of {} articles shown (the page is capped under 5 MB); <code>stance predict</code> lists every quote of every article.</p>",
            p.articles.len()
        );
    }
}
