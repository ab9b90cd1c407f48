//! Which quotes a label would teach the model most: the ones it is least sure about
//! (smallest margin between its two most probable labels), weighted toward texts typical of
//! the pool, skipping any that is nearly the same text as one already chosen (TF-IDF cosine
//! above a threshold), so a run of near-duplicates costs one answer, not ten. The weights
//! were chosen on NewsMTSC with benches/active/simulate.py (see the README).

use crate::features::{Document, SparseRow, Targeted, TransformScratch};
use crate::model::Classifier;
use rayon::prelude::*;

/// Default cosine above which a quote counts as a near-duplicate of a chosen one.
pub const DEFAULT_SIMILARITY: f64 = 0.5;

/// How unsure the model is: 1 − (p₁ − p₂), the margin between its two most probable labels
/// taken from 1 (1 = a coin toss between two labels, 0 = certain).
pub fn uncertainty(probabilities: &[f64]) -> f64 {
    let (mut first, mut second) = (0.0f64, 0.0f64);
    for &p in probabilities {
        if p > first {
            second = first;
            first = p;
        } else if p > second {
            second = p;
        }
    }
    1.0 - (first - second)
}

/// A candidate's features, sorted by column and L2-normalised, for cosines.
struct Unit(Vec<(u32, f64)>);

impl Unit {
    fn of(row: &SparseRow) -> Self {
        let mut pairs: Vec<(u32, f64)> = row.iter().map(|(j, v)| (j as u32, v)).collect();
        pairs.sort_unstable_by_key(|p| p.0);
        let norm = pairs.iter().map(|p| p.1 * p.1).sum::<f64>().sqrt();
        if norm > 0.0 {
            pairs.iter_mut().for_each(|p| p.1 /= norm);
        }
        Self(pairs)
    }

    fn cosine(&self, other: &Self) -> f64 {
        let (a, b) = (&self.0, &other.0);
        let (mut i, mut j, mut dot) = (0, 0, 0.0);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dot += a[i].1 * b[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        dot
    }
}

/// How much the pool's typicality counts beside uncertainty (0 = not at all).
const DENSITY_WEIGHT: f64 = 4.0;

/// How typical each text is of the whole pool: the cosine of its TF-IDF vector to the mean
/// of all of them. Uncertainty alone favours odd one-off texts (headlines, fragments) that
/// teach little about the rest; weighting by this favours the unsure ones that stand for many.
fn density<S: Document + Sync>(model: &Classifier, texts: &[S]) -> Vec<f64> {
    let vectorizer = model.vectorizer();
    let units: Vec<Unit> = texts
        .par_iter()
        .map_init(TransformScratch::default, |scratch, t| {
            Unit::of(&vectorizer.transform_doc(Targeted::of(t), scratch))
        })
        .collect();
    let mut centroid = vec![0.0; vectorizer.n_features()];
    for u in &units {
        u.0.iter().for_each(|&(j, v)| centroid[j as usize] += v);
    }
    let norm = centroid.iter().map(|v| v * v).sum::<f64>().sqrt();
    if norm == 0.0 {
        return vec![1.0; texts.len()];
    }
    units
        .iter()
        .map(|u| {
            u.0.iter()
                .map(|&(j, v)| v * centroid[j as usize])
                .sum::<f64>()
                / norm
        })
        .collect()
}

/// One ranked candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    /// Index into the texts given to [`rank`].
    pub index: usize,
    pub uncertainty: f64,
    /// The model's probabilities, in its label order.
    pub probabilities: Vec<f64>,
}

/// The `limit` most informative of `texts` under `model`, most informative first: by
/// uncertainty (ties: input order), each at most `max_similarity` cosine to every one
/// chosen before it. Deterministic.
pub fn rank<S: Document + Sync>(
    model: &Classifier,
    texts: &[S],
    limit: usize,
    max_similarity: f64,
) -> Vec<Ranked> {
    let predictions = model.predict_texts(texts);
    let mut order: Vec<usize> = (0..texts.len()).collect();
    let density = density(model, texts);
    let scores: Vec<f64> = predictions
        .iter()
        .zip(&density)
        .map(|(p, d)| uncertainty(&p.probabilities) * d.powf(DENSITY_WEIGHT))
        .collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    let vectorizer = model.vectorizer();
    let mut chosen: Vec<(usize, Unit)> = Vec::new();
    // Featurise in blocks, in order, only as far as the ranking needs.
    for block in order.chunks(512) {
        let units: Vec<Unit> = block
            .par_iter()
            .map_init(TransformScratch::default, |scratch, &i| {
                Unit::of(&vectorizer.transform_doc(Targeted::of(&texts[i]), scratch))
            })
            .collect();
        for (&i, unit) in block.iter().zip(units) {
            if chosen.len() == limit {
                break;
            }
            if chosen
                .iter()
                .all(|(_, c)| c.cosine(&unit) <= max_similarity)
            {
                chosen.push((i, unit));
            }
        }
        if chosen.len() == limit {
            break;
        }
    }
    chosen
        .into_iter()
        .map(|(i, _)| Ranked {
            index: i,
            uncertainty: scores[i],
            probabilities: predictions[i].probabilities.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{parse_labelled, CsvOptions, LabelSet};
    use crate::model::ModelSettings;

    #[test]
    fn a_coin_toss_is_more_uncertain_than_a_sure_thing() {
        assert!((uncertainty(&[0.5, 0.5, 0.0]) - 1.0).abs() < 1e-12);
        assert!((uncertainty(&[0.9, 0.05, 0.05]) - 0.15).abs() < 1e-12);
        assert!(uncertainty(&[0.4, 0.35, 0.25]) > uncertainty(&[0.7, 0.2, 0.1]));
    }

    fn model() -> Classifier {
        let csv = "text,label\n\
            We welcome the talks and thank our partners.,conciliatory\n\
            We welcome the offer of dialogue.,conciliatory\n\
            Our partners deserve thanks for the talks.,conciliatory\n\
            They will pay for this attack.,hostile\n\
            We condemn the attack and will retaliate.,hostile\n\
            Their attack is a crime and they will pay.,hostile\n\
            The meeting is on Monday in Geneva.,neutral\n\
            The delegation arrives on Monday.,neutral\n\
            The ministers meet in Geneva.,neutral\n";
        let corpus = parse_labelled(
            csv.as_bytes(),
            std::path::Path::new("t.csv"),
            &CsvOptions::default(),
        )
        .unwrap();
        let mut settings = ModelSettings::default();
        settings.analyzer.word_ngrams = (1, 1);
        settings.tfidf.min_df = 1;
        settings.tfidf.sublinear_tf = true;
        settings.params.alpha = 0.5;
        settings.params.max_iter = 200;
        Classifier::fit_corpus(
            &corpus,
            &LabelSet::default(),
            "t.csv",
            ("text", "label"),
            &settings,
        )
        .unwrap()
    }

    #[test]
    fn unsure_quotes_come_first_and_near_duplicates_are_skipped() {
        let m = model();
        let texts = [
            "We welcome the talks and thank our partners.", // sure
            "We welcome the attack on Monday.",             // mixed: unsure
            "We welcome the attack on Monday!",             // the same words
            "Their attack is a crime and they will pay.",   // sure
        ];
        let ranked = rank(&m, &texts, 10, DEFAULT_SIMILARITY);
        let order: Vec<usize> = ranked.iter().map(|r| r.index).collect();
        assert_eq!(
            order.len(),
            3,
            "one of the two duplicates is skipped: {order:?}"
        );
        assert_eq!(order[0], 1);
        assert!(!order.contains(&2));
        assert!(ranked
            .windows(2)
            .all(|w| w[0].uncertainty >= w[1].uncertainty));
        // Without the diversity rule both come back; the limit is respected.
        assert_eq!(rank(&m, &texts, 10, 1.0 + 1e-9).len(), 4);
        assert_eq!(rank(&m, &texts, 2, DEFAULT_SIMILARITY).len(), 2);
    }
}
