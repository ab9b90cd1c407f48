//! Quality checks for the labelled corpus in `data/`: size, label balance,
//! party pairs, CAMEO categories, near-duplicates, hard-case share and the
//! train/test split.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use serde::Deserialize;

const LABELS: [&str; 3] = ["conciliatory", "hostile", "neutral"];
const HARD_CASES: [&str; 13] = [
    "negated_threat",
    "negated_conciliation",
    "conditional_threat",
    "conditional_offer",
    "polite_refusal",
    "mixed",
    "sarcasm",
    "rhetorical_question",
    "third_party",
    "condolence",
    "denial",
    "scare_quote",
    "meeting_report",
];
/// The CAMEO category codes allowed for each label (see `data/README.md`).
const CATEGORIES: [(&str, &[&str]); 3] = [
    ("conciliatory", &["02", "03", "04", "05", "08"]),
    ("hostile", &["10", "11", "12", "13", "force"]),
    ("neutral", &["01"]),
];
const MIN_ROWS: usize = 8000;
const MIN_PAIRS: usize = 60;
/// Directed pairs with at least `MIN_PAIR_ROWS` rows; there must be `MIN_PAIRS` of them.
const MIN_PAIR_ROWS: usize = 15;
const MIN_CATEGORY_ROWS: usize = 150;
const MAX_JACCARD: f64 = 0.8;
const MIN_HARD_SHARE: f64 = 0.15;
const TEST_SHARE: f64 = 0.2;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
struct Row {
    id: String,
    text: String,
    label: String,
    speaker_party: String,
    target_party: String,
    category: String,
    hard_case: String,
    context: String,
}

fn data_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(name)
}

fn read_rows(name: &str) -> Vec<Row> {
    let path = data_path(name);
    let mut reader = csv::Reader::from_path(&path)
        .unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display()));
    let headers = reader
        .headers()
        .unwrap_or_else(|e| panic!("cannot read the header of {}: {e}", path.display()))
        .clone();
    let expected = [
        "id",
        "text",
        "label",
        "speaker_party",
        "target_party",
        "category",
        "hard_case",
        "context",
    ];
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        expected,
        "{} has an unexpected header",
        path.display()
    );
    reader
        .deserialize()
        .enumerate()
        .map(|(i, row)| {
            row.unwrap_or_else(|e| panic!("{}: record {} is malformed: {e}", path.display(), i + 1))
        })
        .collect()
}

fn corpus() -> Vec<Row> {
    read_rows("corpus.csv")
}

/// Lowercased words split on every non-alphanumeric character, as sorted,
/// deduplicated ids into a shared vocabulary.
fn word_set(text: &str, vocab: &mut HashMap<String, u32>) -> Vec<u32> {
    let mut ids: Vec<u32> = text
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let next = u32::try_from(vocab.len()).expect("vocabulary fits in u32");
            *vocab.entry(w.to_string()).or_insert(next)
        })
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Jaccard similarity of two sorted, deduplicated sets.
fn jaccard(a: &[u32], b: &[u32]) -> f64 {
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - common;
    if union == 0 {
        1.0
    } else {
        common as f64 / union as f64
    }
}

fn label_counts(rows: &[Row]) -> BTreeMap<&str, usize> {
    let mut counts = BTreeMap::new();
    for row in rows {
        *counts.entry(row.label.as_str()).or_insert(0) += 1;
    }
    counts
}

#[test]
fn corpus_is_large_and_labels_are_balanced() {
    let rows = corpus();
    assert!(
        rows.len() >= MIN_ROWS,
        "corpus has {} rows, expected at least {MIN_ROWS}",
        rows.len()
    );

    let bad: Vec<String> = rows
        .iter()
        .filter(|r| !LABELS.contains(&r.label.as_str()))
        .map(|r| format!("{} ({:?})", r.id, r.label))
        .collect();
    assert!(bad.is_empty(), "rows with an unknown label: {bad:?}");

    let counts = label_counts(&rows);
    for label in LABELS {
        assert!(counts.contains_key(label), "no row has the label {label}");
    }
    let largest = *counts.values().max().expect("at least one label");
    let smallest = *counts.values().min().expect("at least one label");
    assert!(
        largest as f64 <= smallest as f64 * 1.25,
        "labels are unbalanced: {counts:?} (largest may be at most 25% above smallest)"
    );
}

#[test]
fn corpus_has_many_directed_party_pairs() {
    let rows = corpus();
    let empty: Vec<&str> = rows
        .iter()
        .filter(|r| r.speaker_party.trim().is_empty() || r.target_party.trim().is_empty())
        .map(|r| r.id.as_str())
        .collect();
    assert!(
        empty.is_empty(),
        "rows without a speaker or target party: {empty:?}"
    );

    let same: Vec<&str> = rows
        .iter()
        .filter(|r| r.speaker_party == r.target_party)
        .map(|r| r.id.as_str())
        .collect();
    assert!(
        same.is_empty(),
        "rows whose speaker is their own target: {same:?}"
    );

    let pairs: BTreeSet<(&str, &str)> = rows
        .iter()
        .map(|r| (r.speaker_party.as_str(), r.target_party.as_str()))
        .collect();
    assert!(
        pairs.len() >= MIN_PAIRS,
        "only {} distinct (speaker_party, target_party) pairs, expected at least {MIN_PAIRS}",
        pairs.len()
    );

    let mut per_pair: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for row in &rows {
        *per_pair
            .entry((row.speaker_party.as_str(), row.target_party.as_str()))
            .or_insert(0) += 1;
    }
    let well_covered = per_pair.values().filter(|&&n| n >= MIN_PAIR_ROWS).count();
    assert!(
        well_covered >= MIN_PAIRS,
        "only {well_covered} directed pairs have at least {MIN_PAIR_ROWS} rows, expected at least {MIN_PAIRS}"
    );
}

#[test]
fn categories_fit_their_labels_and_are_all_covered() {
    let rows = corpus();
    let allowed: HashMap<&str, &[&str]> = CATEGORIES.into_iter().collect();
    let misfits: Vec<String> = rows
        .iter()
        .filter(|r| {
            allowed
                .get(r.label.as_str())
                .is_some_and(|codes| !codes.contains(&r.category.as_str()))
        })
        .map(|r| format!("{} ({} / {:?})", r.id, r.label, r.category))
        .collect();
    assert!(
        misfits.is_empty(),
        "rows whose category does not fit their label: {misfits:?}"
    );

    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for row in &rows {
        *counts.entry(row.category.as_str()).or_insert(0) += 1;
    }
    for (_, codes) in CATEGORIES {
        for &code in codes {
            let n = counts.get(code).copied().unwrap_or(0);
            assert!(
                n >= MIN_CATEGORY_ROWS,
                "category {code} has {n} rows, expected at least {MIN_CATEGORY_ROWS}"
            );
        }
    }
}

#[test]
fn corpus_has_no_near_duplicates() {
    let rows = corpus();
    let mut vocab = HashMap::new();
    let sets: Vec<Vec<u32>> = rows.iter().map(|r| word_set(&r.text, &mut vocab)).collect();

    let mut offenders = Vec::new();
    for i in 0..sets.len() {
        for j in (i + 1)..sets.len() {
            let sim = jaccard(&sets[i], &sets[j]);
            if sim > MAX_JACCARD {
                offenders.push(format!("{} ~ {} ({sim:.3})", rows[i].id, rows[j].id));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "{} pairs of rows have word-set Jaccard similarity above {MAX_JACCARD}: {offenders:?}",
        offenders.len()
    );
}

#[test]
fn hard_cases_are_frequent_and_known() {
    let rows = corpus();
    let unknown: Vec<String> = rows
        .iter()
        .filter(|r| !r.hard_case.is_empty() && !HARD_CASES.contains(&r.hard_case.as_str()))
        .map(|r| format!("{} ({:?})", r.id, r.hard_case))
        .collect();
    assert!(
        unknown.is_empty(),
        "rows with an unknown hard_case: {unknown:?}"
    );

    let hard = rows.iter().filter(|r| !r.hard_case.is_empty()).count();
    let share = hard as f64 / rows.len() as f64;
    assert!(
        share >= MIN_HARD_SHARE,
        "only {hard} of {} rows ({:.1}%) are hard cases, expected at least {:.0}%",
        rows.len(),
        share * 100.0,
        MIN_HARD_SHARE * 100.0
    );
}

#[test]
fn split_partitions_the_corpus_and_is_stratified() {
    let corpus = corpus();
    let train = read_rows("train.csv");
    let test = read_rows("test.csv");

    let mut by_id: BTreeMap<&str, &Row> = BTreeMap::new();
    let mut duplicates = Vec::new();
    for row in &corpus {
        if by_id.insert(row.id.as_str(), row).is_some() {
            duplicates.push(row.id.as_str());
        }
    }
    assert!(
        duplicates.is_empty(),
        "duplicate ids in corpus.csv: {duplicates:?}"
    );

    let train_ids: BTreeSet<&str> = train.iter().map(|r| r.id.as_str()).collect();
    let test_ids: BTreeSet<&str> = test.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(train_ids.len(), train.len(), "duplicate ids in train.csv");
    assert_eq!(test_ids.len(), test.len(), "duplicate ids in test.csv");

    let overlap: Vec<&&str> = train_ids.intersection(&test_ids).collect();
    assert!(
        overlap.is_empty(),
        "ids in both train.csv and test.csv: {overlap:?}"
    );

    let split_ids: BTreeSet<&str> = train_ids.union(&test_ids).copied().collect();
    let corpus_ids: BTreeSet<&str> = by_id.keys().copied().collect();
    let missing: Vec<&&str> = corpus_ids.difference(&split_ids).collect();
    let extra: Vec<&&str> = split_ids.difference(&corpus_ids).collect();
    assert!(
        missing.is_empty(),
        "corpus ids in neither split: {missing:?}"
    );
    assert!(extra.is_empty(), "split ids not in the corpus: {extra:?}");

    let changed: Vec<&str> = train
        .iter()
        .chain(&test)
        .filter(|r| by_id.get(r.id.as_str()).is_some_and(|c| *c != *r))
        .map(|r| r.id.as_str())
        .collect();
    assert!(
        changed.is_empty(),
        "split rows that differ from corpus.csv: {changed:?}"
    );

    let all = label_counts(&corpus);
    let held_out = label_counts(&test);
    for (label, &n) in &all {
        let got = held_out.get(label).copied().unwrap_or(0);
        let want = n as f64 * TEST_SHARE;
        assert!(
            (got as f64 - want).abs() <= 1.0,
            "label {label}: test.csv has {got} of {n} rows, expected {want:.1} ± 1"
        );
    }
}
