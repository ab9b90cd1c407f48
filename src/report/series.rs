//! Tone over time: labelled quotes with their articles' dates in, one series per directed pair
//! (speaker party → target party) out, with counts, the tone index and its 95% interval per
//! period, and the period's most hostile and most conciliatory quotes.

use super::dates::{Date, Period, PeriodSpan};
use crate::tone::{CONCILIATORY, HOSTILE, UNKNOWN};
use serde::Serialize;
use std::collections::BTreeMap;

/// An article of the corpus.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Article {
    pub name: String,
    /// None when no date was found: the article is counted and listed, never placed in time.
    pub date: Option<Date>,
    pub source: Option<String>,
}

/// One labelled quote of an article.
#[derive(Debug, Clone, PartialEq)]
pub struct ToneQuote {
    /// Index into the articles.
    pub article: usize,
    pub start: usize,
    pub end: usize,
    /// The quoted parts (byte offsets into the article text; one or more), for highlighting.
    pub spans: Vec<(usize, usize)>,
    pub text: String,
    pub speaker: String,
    pub speaker_party: Option<String>,
    pub target_party: Option<String>,
    pub label: String,
    /// The model's probability of `label`, when known; ranks the period's quotes.
    pub probability: Option<f64>,
}

/// A quote shown as one of a period's most hostile or most conciliatory.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteRef {
    /// Index into the articles (for links); not serialised.
    #[serde(skip)]
    pub article_index: usize,
    pub article: String,
    pub date: Date,
    pub start: usize,
    pub end: usize,
    pub speaker: String,
    pub probability: Option<f64>,
    pub quote: String,
}

/// One period of one pair's series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodPoint {
    pub period: String,
    pub start: Date,
    pub end: Date,
    pub quotes: usize,
    /// Quotes per label, in the report's label order.
    pub by_label: BTreeMap<String, usize>,
    /// (conciliatory − hostile) / quotes, from −1 to +1.
    pub tone: f64,
    /// 95% interval of the tone index (see [`tone_interval`]).
    pub tone_low: f64,
    pub tone_high: f64,
    pub most_hostile: Vec<QuoteRef>,
    pub most_conciliatory: Vec<QuoteRef>,
}

/// One directed pair's series, periods in time order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairSeries {
    pub from: String,
    pub to: String,
    /// Dated quotes of the pair (the series), and undated ones (left out of it).
    pub quotes: usize,
    pub undated_quotes: usize,
    pub tone: f64,
    pub tone_low: f64,
    pub tone_high: f64,
    pub periods: Vec<PeriodPoint>,
}

/// The whole report, as data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ToneReport {
    pub by: Period,
    pub interval: &'static str,
    pub labels: Vec<String>,
    pub articles: usize,
    pub dated_articles: usize,
    /// Names of the articles without a date, in input order.
    pub undated: Vec<String>,
    pub quotes: usize,
    pub dated_quotes: usize,
    pub first_date: Option<Date>,
    pub last_date: Option<Date>,
    /// Pairs with most dated quotes first (ties by name).
    pub series: Vec<PairSeries>,
}

/// How the interval is computed, in words (shown in every output).
pub const INTERVAL: &str = "95% Wilson score interval on (tone + 1) / 2, each quote scoring 1 (conciliatory), ½ (neutral) or 0 (hostile); conservative, since a three-valued score varies at most as much as a yes/no one";

/// z for a two-sided 95% interval.
const Z: f64 = 1.959_963_984_540_054;

/// The 95% interval of a tone index from its counts: the Wilson score interval of the mean
/// score (tone + 1) / 2, mapped back to −1…+1. Unlike mean ± 1.96·sd it stays inside the range
/// and does not collapse to a point for a handful of quotes that all agree.
pub fn tone_interval(conciliatory: usize, hostile: usize, n: usize) -> (f64, f64) {
    if n == 0 {
        return (-1.0, 1.0);
    }
    let n_f = n as f64;
    let other = n.saturating_sub(conciliatory + hostile) as f64;
    let p = (conciliatory as f64 + 0.5 * other) / n_f;
    let z2 = Z * Z;
    let centre = (p + z2 / (2.0 * n_f)) / (1.0 + z2 / n_f);
    let half = Z / (1.0 + z2 / n_f) * (p * (1.0 - p) / n_f + z2 / (4.0 * n_f * n_f)).sqrt();
    let low = (2.0 * (centre - half) - 1.0).max(-1.0);
    let high = (2.0 * (centre + half) - 1.0).min(1.0);
    (low, high)
}

fn tone_of(by_label: &BTreeMap<String, usize>, n: usize) -> (f64, f64, f64) {
    let c = by_label.get(CONCILIATORY).copied().unwrap_or(0);
    let h = by_label.get(HOSTILE).copied().unwrap_or(0);
    let tone = if n == 0 {
        0.0
    } else {
        (c as f64 - h as f64) / n as f64
    };
    let (low, high) = tone_interval(c, h, n);
    (tone, low, high)
}

/// Builds the series. `top` is how many of the most hostile and most conciliatory quotes each
/// period keeps. Everything is sorted on total keys, so the same input gives the same report.
pub fn build(
    articles: &[Article],
    quotes: &[ToneQuote],
    labels: &[String],
    by: Period,
    top: usize,
) -> ToneReport {
    type PairKey<'a> = (&'a str, &'a str);
    struct Acc<'a> {
        by_label: BTreeMap<String, usize>,
        quotes: Vec<&'a ToneQuote>,
    }
    let zero: BTreeMap<String, usize> = labels.iter().map(|l| (l.clone(), 0)).collect();
    let mut pairs: BTreeMap<PairKey, BTreeMap<PeriodSpan, Acc>> = BTreeMap::new();
    let mut undated_by_pair: BTreeMap<PairKey, usize> = BTreeMap::new();
    let mut dated_quotes = 0;
    for q in quotes {
        let key = (
            q.speaker_party.as_deref().unwrap_or(UNKNOWN),
            q.target_party.as_deref().unwrap_or(UNKNOWN),
        );
        let Some(date) = articles.get(q.article).and_then(|a| a.date) else {
            *undated_by_pair.entry(key).or_default() += 1;
            continue;
        };
        dated_quotes += 1;
        let acc = pairs
            .entry(key)
            .or_default()
            .entry(by.span(date))
            .or_insert_with(|| Acc {
                by_label: zero.clone(),
                quotes: Vec::new(),
            });
        *acc.by_label.entry(q.label.clone()).or_default() += 1;
        acc.quotes.push(q);
    }
    let quote_ref = |q: &ToneQuote| QuoteRef {
        article_index: q.article,
        article: articles[q.article].name.clone(),
        date: articles[q.article].date.expect("dated"),
        start: q.start,
        end: q.end,
        speaker: q.speaker.clone(),
        probability: q.probability,
        quote: q.text.clone(),
    };
    // The quotes with `label`, surest first; ties in input order (article, then offset).
    let most = |qs: &[&ToneQuote], label: &str| -> Vec<QuoteRef> {
        let mut chosen: Vec<&ToneQuote> = qs.iter().copied().filter(|q| q.label == label).collect();
        chosen.sort_by(|a, b| {
            let p = |q: &ToneQuote| q.probability.filter(|p| p.is_finite()).unwrap_or(-1.0);
            p(b).total_cmp(&p(a))
                .then(a.article.cmp(&b.article))
                .then(a.start.cmp(&b.start))
        });
        chosen.into_iter().take(top).map(quote_ref).collect()
    };
    let mut series: Vec<PairSeries> = pairs
        .into_iter()
        .map(|((from, to), periods)| {
            let mut total = zero.clone();
            let points: Vec<PeriodPoint> = periods
                .into_iter()
                .map(|(span, acc)| {
                    for (l, n) in &acc.by_label {
                        *total.entry(l.clone()).or_default() += n;
                    }
                    let n = acc.quotes.len();
                    let (tone, tone_low, tone_high) = tone_of(&acc.by_label, n);
                    PeriodPoint {
                        most_hostile: most(&acc.quotes, HOSTILE),
                        most_conciliatory: most(&acc.quotes, CONCILIATORY),
                        period: span.name,
                        start: span.start,
                        end: span.end,
                        quotes: n,
                        by_label: acc.by_label,
                        tone,
                        tone_low,
                        tone_high,
                    }
                })
                .collect();
            let n = points.iter().map(|p| p.quotes).sum();
            let (tone, tone_low, tone_high) = tone_of(&total, n);
            PairSeries {
                undated_quotes: undated_by_pair.remove(&(from, to)).unwrap_or(0),
                from: from.to_string(),
                to: to.to_string(),
                quotes: n,
                tone,
                tone_low,
                tone_high,
                periods: points,
            }
        })
        .collect();
    // Pairs seen only in undated articles have no series, but still count.
    series.extend(undated_by_pair.into_iter().map(|((from, to), n)| {
        let (tone_low, tone_high) = tone_interval(0, 0, 0);
        PairSeries {
            from: from.to_string(),
            to: to.to_string(),
            quotes: 0,
            undated_quotes: n,
            tone: 0.0,
            tone_low,
            tone_high,
            periods: Vec::new(),
        }
    }));
    series.sort_by(|a, b| {
        b.quotes
            .cmp(&a.quotes)
            .then(b.undated_quotes.cmp(&a.undated_quotes))
            .then_with(|| a.from.cmp(&b.from))
            .then_with(|| a.to.cmp(&b.to))
    });
    let dates = || articles.iter().filter_map(|a| a.date);
    ToneReport {
        by,
        interval: INTERVAL,
        labels: labels.to_vec(),
        articles: articles.len(),
        dated_articles: dates().count(),
        undated: articles
            .iter()
            .filter(|a| a.date.is_none())
            .map(|a| a.name.clone())
            .collect(),
        quotes: quotes.len(),
        dated_quotes,
        first_date: dates().min(),
        last_date: dates().max(),
        series,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::dates::parse_date;

    fn labels() -> Vec<String> {
        ["conciliatory", "hostile", "neutral"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    fn q(article: usize, start: usize, from: &str, label: &str, p: f64) -> ToneQuote {
        ToneQuote {
            article,
            start,
            end: start + 5,
            spans: vec![(start, start + 5)],
            text: format!("q{article}-{start}"),
            speaker: "someone".into(),
            speaker_party: Some(from.into()),
            target_party: Some("B".into()),
            label: label.into(),
            probability: Some(p),
        }
    }

    #[test]
    fn wilson_interval_hand_values() {
        // 10 hostile of 10: p = 0, Wilson upper bound 0.2775 → tone −1 … −0.445.
        let (lo, hi) = tone_interval(0, 10, 10);
        assert_eq!(lo, -1.0);
        assert!((hi - (2.0 * 0.277_532 - 1.0)).abs() < 1e-5, "{hi}");
        // Balanced: symmetric around 0 and inside the range.
        let (lo, hi) = tone_interval(5, 5, 20);
        assert!((lo + hi).abs() < 1e-12 && lo > -1.0 && hi < 1.0);
        // More quotes, narrower interval.
        let w = |n| {
            let (l, h) = tone_interval(n, 0, 2 * n);
            h - l
        };
        assert!(w(50) < w(5));
    }

    #[test]
    fn series_by_month_with_undated_articles() {
        let d = |s| Some(parse_date(s).unwrap());
        let articles = vec![
            Article {
                name: "a".into(),
                date: d("2026-01-05"),
                source: None,
            },
            Article {
                name: "b".into(),
                date: d("2026-01-20"),
                source: None,
            },
            Article {
                name: "c".into(),
                date: None,
                source: None,
            },
            Article {
                name: "d".into(),
                date: d("2026-03-02"),
                source: None,
            },
        ];
        let quotes = vec![
            q(0, 0, "A", "hostile", 0.7),
            q(1, 10, "A", "hostile", 0.9),
            q(1, 20, "A", "conciliatory", 0.8),
            q(1, 30, "A", "neutral", 0.5),
            q(2, 0, "A", "hostile", 0.99),
            q(3, 0, "A", "conciliatory", 0.6),
            q(2, 5, "C", "neutral", 0.6),
        ];
        let r = build(&articles, &quotes, &labels(), Period::Month, 2);
        assert_eq!(
            (r.articles, r.dated_articles, r.undated.clone()),
            (4, 3, vec!["c".to_string()])
        );
        assert_eq!((r.quotes, r.dated_quotes), (7, 5));
        assert_eq!(r.series.len(), 2);
        let a = &r.series[0];
        assert_eq!((a.from.as_str(), a.quotes, a.undated_quotes), ("A", 5, 1));
        assert_eq!(a.periods.len(), 2);
        let jan = &a.periods[0];
        assert_eq!((jan.period.as_str(), jan.quotes), ("2026-01", 4));
        assert_eq!(jan.tone, -0.25);
        assert!(jan.tone_low < -0.25 && jan.tone_high > -0.25);
        // Surest first: the 0.9 quote of article b before the 0.7 one of article a.
        let hostile: Vec<&str> = jan
            .most_hostile
            .iter()
            .map(|q| q.article.as_str())
            .collect();
        assert_eq!(hostile, ["b", "a"]);
        assert_eq!(jan.most_conciliatory.len(), 1);
        assert_eq!(a.periods[1].tone, 1.0);
        // C → B only has an undated quote: listed with no periods.
        assert_eq!((r.series[1].quotes, r.series[1].undated_quotes), (0, 1));
        assert!(r.series[1].periods.is_empty());
        // Deterministic.
        assert_eq!(r, build(&articles, &quotes, &labels(), Period::Month, 2));
    }
}
