//! Per-article summary of labelled quotes: counts per speaker party and label, and a tone index
//! per directed pair of parties: (conciliatory − hostile) / quotes, from −1 to +1.

use serde::Serialize;
use std::collections::BTreeMap;

/// Stands for a party that could not be determined.
pub const UNKNOWN: &str = "unknown";

/// The label that raises a pair's tone index.
pub const CONCILIATORY: &str = "conciliatory";
/// The label that lowers a pair's tone index.
pub const HOSTILE: &str = "hostile";
/// The label that counts toward a pair's quotes but moves its tone index neither way.
pub const NEUTRAL: &str = "neutral";

/// Whether a model with `labels` gives a tone index: it needs [`CONCILIATORY`] and
/// [`HOSTILE`].
pub fn has_tone_labels(labels: &[String]) -> bool {
    [CONCILIATORY, HOSTILE]
        .iter()
        .all(|l| labels.iter().any(|x| x == l))
}

/// How many quotes one speaker party gave, in all and per label.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartyCounts {
    pub party: String,
    pub quotes: usize,
    pub by_label: BTreeMap<String, usize>,
}

/// The quotes one party's speakers said about another: counts per label and the tone index.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DirectedTone {
    /// The speakers' party.
    pub from: String,
    /// The party their quotes target.
    pub to: String,
    pub quotes: usize,
    pub by_label: BTreeMap<String, usize>,
    /// (conciliatory − hostile) / quotes; None when the model has no such labels.
    pub tone: Option<f64>,
}

/// One article's labelled quotes summed up, per speaker party and per directed pair.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ToneSummary {
    pub by_speaker_party: Vec<PartyCounts>,
    pub pairs: Vec<DirectedTone>,
}

/// One quote's parties and label, as the summary needs them.
pub struct LabelledParties<'a> {
    pub speaker_party: Option<&'a str>,
    pub target_party: Option<&'a str>,
    pub label: &'a str,
}

/// Summarises quotes; parties and pairs come out sorted by name, so output is deterministic.
/// `with_tone`: the labels include [`CONCILIATORY`] and [`HOSTILE`] (see [`has_tone_labels`]),
/// so a tone index means something.
pub fn summarise<'a>(
    quotes: impl IntoIterator<Item = LabelledParties<'a>>,
    with_tone: bool,
) -> ToneSummary {
    // Counted under borrowed names (the same order as owned ones); owned once at the end.
    type Counts<'a> = BTreeMap<&'a str, usize>;
    let mut by_party: BTreeMap<&str, Counts> = BTreeMap::new();
    let mut by_pair: BTreeMap<(&str, &str), Counts> = BTreeMap::new();
    for q in quotes {
        let from = q.speaker_party.unwrap_or(UNKNOWN);
        let to = q.target_party.unwrap_or(UNKNOWN);
        *by_party
            .entry(from)
            .or_default()
            .entry(q.label)
            .or_default() += 1;
        *by_pair
            .entry((from, to))
            .or_default()
            .entry(q.label)
            .or_default() += 1;
    }
    let owned = |m: Counts| -> BTreeMap<String, usize> {
        m.into_iter().map(|(l, n)| (l.to_string(), n)).collect()
    };
    let total = |m: &Counts| m.values().sum::<usize>();
    ToneSummary {
        by_speaker_party: by_party
            .into_iter()
            .map(|(party, by_label)| PartyCounts {
                party: party.to_string(),
                quotes: total(&by_label),
                by_label: owned(by_label),
            })
            .collect(),
        pairs: by_pair
            .into_iter()
            .map(|((from, to), by_label)| {
                let n = total(&by_label);
                let count = |l: &str| by_label.get(l).copied().unwrap_or(0) as f64;
                DirectedTone {
                    tone: (with_tone && n > 0)
                        .then(|| (count(CONCILIATORY) - count(HOSTILE)) / n as f64),
                    from: from.to_string(),
                    to: to.to_string(),
                    quotes: n,
                    by_label: owned(by_label),
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tone_per_directed_pair() {
        let q = |s, t, l| LabelledParties {
            speaker_party: s,
            target_party: t,
            label: l,
        };
        let s = summarise(
            [
                q(Some("Iran"), Some("United States"), "hostile"),
                q(Some("Iran"), Some("United States"), "hostile"),
                q(Some("Iran"), Some("United States"), "conciliatory"),
                q(Some("Iran"), Some("United States"), "neutral"),
                q(None, Some("Iran"), "neutral"),
            ],
            true,
        );
        assert_eq!(s.pairs.len(), 2);
        let iran_us = &s.pairs[0];
        assert_eq!(
            (iran_us.from.as_str(), iran_us.to.as_str(), iran_us.quotes),
            ("Iran", "United States", 4)
        );
        assert_eq!(iran_us.tone, Some(-0.25));
        assert_eq!(s.pairs[1].from, "unknown");
        assert_eq!(s.by_speaker_party[0].by_label["hostile"], 2);
    }
}
