//! Comparing evaluation reports of several model versions: metrics side by side, and, on the
//! same data, paired significance against the first (the baseline).

pub use super::evaluate::evaluate;
use super::metrics::Metrics;
use super::report::REPORT_VERSION;
use super::stats::{mcnemar_exact, paired_bootstrap_macro_f1, BootstrapCi};
use super::{compute_metrics, EvalReport};
use crate::registry_layout::report_file_label;
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;

/// Why a report cannot be read or reports cannot be compared.
#[derive(Debug, thiserror::Error)]
pub enum CompareError {
    #[error("{path}: cannot read the report: {err}; check the path")]
    Read { path: String, err: std::io::Error },
    #[error("{path}: not an evaluation report ({detail}); give a report written by `stance evaluate --json`, a model file, or a registry model NAME[@vN]")]
    NotAReport { path: String, detail: String },
    #[error("{path}: the report's labels break the rules ({detail}); re-run `stance evaluate --json` with a model whose labels follow them")]
    BadLabels { path: String, detail: String },
    #[error("{path}: report version {found} is newer than this stance reads ({REPORT_VERSION}); upgrade stance")]
    NewerReport { path: String, found: u32 },
    #[error("compare needs at least two versions, got {0}")]
    TooFew(usize),
    #[error(transparent)]
    DifferentData(Box<DataMismatch>),
    #[error("{source_name}: the report has {predictions} per-row predictions for {rows} rows (written by an older stance or another tool?); re-run `stance evaluate --json` on it, or pass --unpaired to compare metrics only")]
    NoPredictions {
        source_name: String,
        predictions: usize,
        rows: usize,
    },
    #[error("{a} and {b} do not pair row by row: {detail}, although both name the same data; re-run `stance evaluate` for both with the same --text-col / --label-col / --skip-invalid, or pass --unpaired")]
    RowMismatch {
        a: String,
        b: String,
        detail: String,
    },
}

/// Two reports on different data (their `data_sha256` differ).
#[derive(Debug, thiserror::Error)]
#[error("{a} and {b} were evaluated on different data ({a_data}, sha256 {a_sha}; {b_data}, sha256 {b_sha}), so their rows cannot be paired; evaluate both on the same file, or pass --unpaired to compare their metrics only")]
pub struct DataMismatch {
    pub a: String,
    pub a_data: String,
    pub a_sha: String,
    pub b: String,
    pub b_data: String,
    pub b_sha: String,
}

/// Reads a report written by `stance evaluate --json`. `name` names it in errors.
pub fn read_report(path: &Path) -> Result<EvalReport, CompareError> {
    let name = path.display().to_string();
    let bytes =
        crate::input::read(path, crate::input::REPORT).map_err(|err| CompareError::Read {
            path: name.clone(),
            err,
        })?;
    parse_report(&bytes, &name)
}

/// Parses a report's bytes; `name` names the source in errors.
pub fn parse_report(bytes: &[u8], name: &str) -> Result<EvalReport, CompareError> {
    #[derive(serde::Deserialize)]
    struct Head {
        report_version: Option<u32>,
        cv: Option<serde::de::IgnoredAny>,
        format: Option<String>,
    }
    match serde_json::from_slice::<EvalReport>(bytes) {
        Ok(r) if r.report_version > REPORT_VERSION => Err(CompareError::NewerReport {
            path: name.to_string(),
            found: r.report_version,
        }),
        Ok(r) => match check_report_labels(&r) {
            Ok(()) => Ok(r),
            Err(detail) => Err(CompareError::BadLabels {
                path: name.to_string(),
                detail,
            }),
        },
        Err(e) => {
            let detail = match serde_json::from_slice::<Head>(bytes) {
                Ok(Head {
                    report_version: Some(v),
                    ..
                }) if v > REPORT_VERSION => {
                    return Err(CompareError::NewerReport {
                        path: name.to_string(),
                        found: v,
                    })
                }
                Ok(Head { cv: Some(_), .. }) => {
                    "it is a cross-validation report, which has no per-row predictions".to_string()
                }
                Ok(Head {
                    format: Some(f), ..
                }) if f == crate::model::file::FORMAT => {
                    "it is a model file; pass --data FILE to evaluate it".to_string()
                }
                _ => e.to_string(),
            };
            Err(CompareError::NotAReport {
                path: name.to_string(),
                detail,
            })
        }
    }
}

/// Every label a report names (its label list, per-label metrics, rows and probabilities)
/// follows the label rules, and there are at most `MAX_LABELS` distinct ones: a 13 KB report
/// with 1,000 labels once made `compare --html` write 534 MB.
fn check_report_labels(r: &EvalReport) -> Result<(), String> {
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let names = r
        .labels
        .iter()
        .chain(r.metrics.per_class.keys())
        .map(String::as_str)
        .chain(r.predictions.iter().flat_map(|p| {
            [p.label.as_str(), p.predicted.as_str()]
                .into_iter()
                .chain(p.probabilities.keys().map(String::as_str))
        }));
    for l in names {
        if seen.insert(l) {
            if let Some(why) = crate::corpus::label_problem(l) {
                return Err(why);
            }
            if seen.len() > crate::corpus::MAX_LABELS {
                return Err(format!(
                    "more than {} labels; {}",
                    crate::corpus::MAX_LABELS,
                    crate::corpus::LABEL_RULES
                ));
            }
        }
    }
    // The confusion matrix is labels × labels.
    let k = r.labels.len();
    let cm = &r.metrics.confusion_matrix;
    if cm.len() > k.max(1) || cm.iter().any(|row| row.len() > k.max(1)) {
        return Err(format!("a confusion matrix larger than its {k} labels"));
    }
    Ok(())
}

/// One version to compare: its report, a short name for columns, and where it came from.
#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    pub source: String,
    pub report: EvalReport,
}

/// How to compare.
#[derive(Debug, Clone)]
pub struct CompareOptions {
    /// Metrics only: no pairing, no significance (allows different data).
    pub unpaired: bool,
    pub resamples: usize,
    pub seed: u64,
    /// Examples of each kind of flipped row to keep.
    pub show_flips: usize,
}

impl Default for CompareOptions {
    fn default() -> Self {
        Self {
            unpaired: false,
            resamples: 1000,
            seed: 42,
            show_flips: 5,
        }
    }
}

/// One version's metrics and identity.
#[derive(Debug, Clone, Serialize)]
pub struct VersionSummary {
    pub name: String,
    pub source: String,
    pub data: String,
    pub data_sha256: String,
    pub rows: usize,
    pub model_path: String,
    pub model_sha256: String,
    /// Its labels, in the order of its confusion matrix.
    pub labels: Vec<String>,
    pub metrics: Metrics,
}

/// A row one version got right and the other wrong.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flip {
    pub line: u64,
    pub text: String,
    pub truth: String,
    pub baseline: String,
    pub other: String,
}

/// A version against the baseline, row by row.
#[derive(Debug, Clone, Serialize)]
pub struct PairResult {
    pub baseline: String,
    pub other: String,
    pub rows: usize,
    pub both_right: usize,
    pub both_wrong: usize,
    /// Baseline right, other wrong (McNemar's b).
    pub right_to_wrong: usize,
    /// Baseline wrong, other right (McNemar's c).
    pub wrong_to_right: usize,
    /// Two-sided exact McNemar p-value.
    pub mcnemar_p: f64,
    /// macro-F1(other) − macro-F1(baseline) and its paired bootstrap interval.
    pub macro_f1_diff: BootstrapCi,
    pub flips_right_to_wrong: Vec<Flip>,
    pub flips_wrong_to_right: Vec<Flip>,
}

impl PairResult {
    /// "better" / "worse" when the macro-F1 interval excludes 0, else "no clear difference".
    pub fn verdict(&self) -> &'static str {
        let ci = &self.macro_f1_diff;
        if ci.low > 0.0 {
            "better"
        } else if ci.high < 0.0 {
            "worse"
        } else {
            "no clear difference"
        }
    }
}

/// The comparison of several versions; the first is the baseline.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// Labels of all versions, the baseline's order first.
    pub labels: Vec<String>,
    pub versions: Vec<VersionSummary>,
    /// False with `--unpaired`: metrics only.
    pub paired: bool,
    pub resamples: usize,
    pub seed: u64,
    /// Against the baseline, one per other version (empty when unpaired).
    pub pairs: Vec<PairResult>,
}

/// Compares `entries` (baseline first). Unless `options.unpaired`, every report must be on
/// the same data (same `data_sha256`) and pair row by row (same position and line, same
/// truth).
pub fn compare(entries: &[Entry], options: &CompareOptions) -> Result<Comparison, CompareError> {
    if entries.len() < 2 {
        return Err(CompareError::TooFew(entries.len()));
    }
    let mut labels: Vec<String> = Vec::new();
    for e in entries {
        for l in &e.report.labels {
            if !labels.contains(l) {
                labels.push(l.clone());
            }
        }
    }
    let versions = entries
        .iter()
        .map(|e| {
            let (labels, metrics) = metrics_of(&e.report);
            VersionSummary {
                name: e.name.clone(),
                source: e.source.clone(),
                data: e.report.test.clone(),
                data_sha256: e.report.data_sha256.clone(),
                rows: e.report.n_test,
                model_path: e.report.model.path.clone(),
                model_sha256: e.report.model.sha256.clone(),
                labels,
                metrics,
            }
        })
        .collect();
    let mut pairs = Vec::new();
    if !options.unpaired {
        let base = &entries[0];
        for other in &entries[1..] {
            check_pairable(base, other)?;
        }
        // Label strings → indices once, for the baseline's truth and every prediction.
        let mut index: HashMap<String, usize> = labels
            .iter()
            .enumerate()
            .map(|(i, l)| (l.clone(), i))
            .collect();
        let mut idx = |s: &str| -> usize {
            if let Some(&i) = index.get(s) {
                return i;
            }
            let i = index.len();
            index.insert(s.to_string(), i);
            labels.push(s.to_string());
            i
        };
        let truth: Vec<usize> = base
            .report
            .predictions
            .iter()
            .map(|r| idx(&r.label))
            .collect();
        let base_pred: Vec<usize> = base
            .report
            .predictions
            .iter()
            .map(|r| idx(&r.predicted))
            .collect();
        let others: Vec<Vec<usize>> = entries[1..]
            .iter()
            .map(|e| {
                e.report
                    .predictions
                    .iter()
                    .map(|r| idx(&r.predicted))
                    .collect()
            })
            .collect();
        for (other, pred) in entries[1..].iter().zip(&others) {
            pairs.push(pair(
                base,
                other,
                &truth,
                &base_pred,
                pred,
                labels.len(),
                options,
            ));
        }
    }
    Ok(Comparison {
        labels,
        versions,
        paired: !options.unpaired,
        resamples: options.resamples,
        seed: options.seed,
        pairs,
    })
}

/// More distinct labels than this in a report's rows: keep its stored metrics.
const MAX_LABELS: usize = 1000;

/// A report's labels and metrics, recomputed from its per-row predictions when it has them
/// all (so the table always agrees with the paired statistics, even for an edited report),
/// else as stored.
fn metrics_of(report: &EvalReport) -> (Vec<String>, Metrics) {
    if report.predictions.is_empty() || report.predictions.len() != report.n_test {
        return (report.labels.clone(), report.metrics.clone());
    }
    let mut labels = report.labels.clone();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, l) in labels.iter().enumerate() {
        index.entry(l.clone()).or_insert(i);
    }
    let mut idx = |s: &str| -> usize {
        if let Some(&i) = index.get(s) {
            return i;
        }
        let i = labels.len();
        labels.push(s.to_string());
        index.insert(s.to_string(), i);
        i
    };
    let truth: Vec<usize> = report.predictions.iter().map(|r| idx(&r.label)).collect();
    let pred: Vec<usize> = report
        .predictions
        .iter()
        .map(|r| idx(&r.predicted))
        .collect();
    if labels.len() > MAX_LABELS {
        // A confusion matrix of that many labels would not fit in memory; a report we wrote
        // never has them.
        return (report.labels.clone(), report.metrics.clone());
    }
    let metrics = compute_metrics(&labels, &truth, &pred);
    (labels, metrics)
}

fn check_pairable(a: &Entry, b: &Entry) -> Result<(), CompareError> {
    let (ra, rb) = (&a.report, &b.report);
    if ra.data_sha256 != rb.data_sha256 {
        return Err(CompareError::DifferentData(Box::new(DataMismatch {
            a: a.source.clone(),
            a_data: ra.test.clone(),
            a_sha: ra.data_sha256.clone(),
            b: b.source.clone(),
            b_data: rb.test.clone(),
            b_sha: rb.data_sha256.clone(),
        })));
    }
    for e in [a, b] {
        if e.report.predictions.len() != e.report.n_test {
            return Err(CompareError::NoPredictions {
                source_name: e.source.clone(),
                predictions: e.report.predictions.len(),
                rows: e.report.n_test,
            });
        }
    }
    let mismatch = |detail: String| CompareError::RowMismatch {
        a: a.source.clone(),
        b: b.source.clone(),
        detail,
    };
    if ra.predictions.len() != rb.predictions.len() {
        return Err(mismatch(format!(
            "{} rows against {}",
            ra.predictions.len(),
            rb.predictions.len()
        )));
    }
    for (i, (x, y)) in ra.predictions.iter().zip(&rb.predictions).enumerate() {
        if x.line != y.line {
            return Err(mismatch(format!(
                "row {} is line {} in one and line {} in the other",
                i + 1,
                x.line,
                y.line
            )));
        }
        if x.label != y.label {
            return Err(mismatch(format!(
                "line {} is labelled {:?} in one and {:?} in the other",
                x.line, x.label, y.label
            )));
        }
    }
    Ok(())
}

fn pair(
    base: &Entry,
    other: &Entry,
    truth: &[usize],
    base_pred: &[usize],
    pred: &[usize],
    k: usize,
    options: &CompareOptions,
) -> PairResult {
    let (mut rr, mut ww, mut rw, mut wr) = (0, 0, 0, 0);
    let mut flips_rw = Vec::new();
    let mut flips_wr = Vec::new();
    let flip = |i: usize| {
        let row = &base.report.predictions[i];
        Flip {
            line: row.line,
            text: row.text.clone(),
            truth: row.label.clone(),
            baseline: row.predicted.clone(),
            other: other.report.predictions[i].predicted.clone(),
        }
    };
    for i in 0..truth.len() {
        match (base_pred[i] == truth[i], pred[i] == truth[i]) {
            (true, true) => rr += 1,
            (false, false) => ww += 1,
            (true, false) => {
                rw += 1;
                if flips_rw.len() < options.show_flips {
                    flips_rw.push(flip(i));
                }
            }
            (false, true) => {
                wr += 1;
                if flips_wr.len() < options.show_flips {
                    flips_wr.push(flip(i));
                }
            }
        }
    }
    PairResult {
        baseline: base.name.clone(),
        other: other.name.clone(),
        rows: truth.len(),
        both_right: rr,
        both_wrong: ww,
        right_to_wrong: rw,
        wrong_to_right: wr,
        mcnemar_p: mcnemar_exact(rw as u64, wr as u64),
        macro_f1_diff: paired_bootstrap_macro_f1(
            truth,
            base_pred,
            pred,
            k,
            options.resamples,
            options.seed,
        ),
        flips_right_to_wrong: flips_rw,
        flips_wrong_to_right: flips_wr,
    }
}

/// A short column name for a report file: `NAME@vN` when it lies in a registry version's
/// `reports/` folder, else the file's stem.
pub fn report_display_name(path: &Path) -> String {
    if let Some(label) = report_file_label(path) {
        return label;
    }
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::eval::report::{ModelIdentity, Throughput};
    use crate::eval::RowPrediction;
    use std::collections::BTreeMap;

    /// A report on data `data_sha` with (truth, predicted) rows, lines from 2.
    pub(crate) fn report(data_sha: &str, rows: &[(&str, &str)]) -> EvalReport {
        let labels: Vec<String> = ["conciliatory", "hostile", "neutral"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let idx = |s: &str| labels.iter().position(|l| l == s).unwrap();
        let truth: Vec<usize> = rows.iter().map(|r| idx(r.0)).collect();
        let pred: Vec<usize> = rows.iter().map(|r| idx(r.1)).collect();
        EvalReport {
            report_version: REPORT_VERSION,
            system: "stance test".into(),
            params: serde_json::json!({}),
            versions: BTreeMap::new(),
            train: "train.csv".into(),
            test: "test.csv".into(),
            n_train: 10,
            n_test: rows.len(),
            metrics: compute_metrics(&labels, &truth, &pred),
            calibration: None,
            labels: labels.clone(),
            train_seconds: None,
            predict_seconds: 0.0,
            throughput: Throughput {
                rows: rows.len(),
                seconds: 0.0,
                rows_per_second: None,
                repeats: 1,
                all_seconds: vec![],
            },
            baseline_rss_mb: 0.0,
            peak_rss_mb: 0.0,
            data_sha256: data_sha.into(),
            model: ModelIdentity {
                path: "m.json".into(),
                sha256: "ab".into(),
                train_data_sha256: "cd".into(),
            },
            predictions: rows
                .iter()
                .enumerate()
                .map(|(i, (t, p))| RowPrediction {
                    line: i as u64 + 2,
                    text: format!("text {i}"),
                    label: t.to_string(),
                    predicted: p.to_string(),
                    probabilities: BTreeMap::new(),
                })
                .collect(),
        }
    }

    fn entry(name: &str, r: EvalReport) -> Entry {
        Entry {
            name: name.into(),
            source: format!("{name}.json"),
            report: r,
        }
    }

    /// Two versions' (truth, predicted) rows: 1 right→wrong, 6 wrong→right, 3 both right.
    pub(crate) fn flipped_pair() -> [Vec<(&'static str, &'static str)>; 2] {
        let mut a = vec![("hostile", "neutral"); 6];
        a.push(("neutral", "neutral"));
        a.extend([("conciliatory", "conciliatory"); 3]);
        let mut b = vec![("hostile", "hostile"); 6];
        b.push(("neutral", "hostile"));
        b.extend([("conciliatory", "conciliatory"); 3]);
        [a, b]
    }

    #[test]
    fn counts_flips_and_mcnemar() {
        // 1 row right→wrong, 6 wrong→right, 3 both right: p = 0.125.
        let [a, b] = flipped_pair();
        let c = compare(
            &[entry("a", report("s", &a)), entry("b", report("s", &b))],
            &CompareOptions {
                show_flips: 2,
                ..Default::default()
            },
        )
        .unwrap();
        let p = &c.pairs[0];
        assert_eq!(
            (
                p.both_right,
                p.both_wrong,
                p.right_to_wrong,
                p.wrong_to_right
            ),
            (3, 0, 1, 6)
        );
        assert!((p.mcnemar_p - 0.125).abs() < 1e-12);
        assert_eq!(p.flips_wrong_to_right.len(), 2);
        assert_eq!(p.flips_right_to_wrong[0].line, 8);
        assert_eq!(p.flips_right_to_wrong[0].other, "hostile");
        let diff = c.versions[1].metrics.macro_f1 - c.versions[0].metrics.macro_f1;
        assert!((p.macro_f1_diff.observed - diff).abs() < 1e-12);
    }

    #[test]
    fn metrics_come_from_the_predictions_when_complete() {
        let rows = [("hostile", "hostile"), ("neutral", "hostile")];
        let mut a = report("s", &rows);
        a.metrics.accuracy = 0.0; // stale, as in a hand-edited file
        let mut b = report("s", &rows);
        b.predictions.clear(); // no rows: stored metrics are all there is
        b.metrics.accuracy = 0.25;
        let c = compare(
            &[entry("a", a), entry("b", b)],
            &CompareOptions {
                unpaired: true,
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(c.versions[0].metrics.accuracy, 0.5);
        assert_eq!(c.versions[1].metrics.accuracy, 0.25);
    }

    #[test]
    fn refuses_different_data_unless_unpaired() {
        let rows = [("hostile", "hostile")];
        let entries = [
            entry("a", report("s1", &rows)),
            entry("b", report("s2", &rows)),
        ];
        let err = compare(&entries, &CompareOptions::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("a.json") && err.contains("b.json"), "{err}");
        assert!(err.contains("s1") && err.contains("s2"), "{err}");
        assert!(err.contains("--unpaired"), "{err}");
        let c = compare(
            &entries,
            &CompareOptions {
                unpaired: true,
                ..Default::default()
            },
        )
        .unwrap();
        assert!(c.pairs.is_empty() && !c.paired);
    }

    #[test]
    fn refuses_rows_that_do_not_pair() {
        let a = report("s", &[("hostile", "hostile"), ("neutral", "neutral")]);
        let mut b = a.clone();
        b.predictions[1].line = 99;
        let err = compare(&[entry("a", a.clone()), entry("b", b)], &Default::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 3") && err.contains("line 99"), "{err}");
        let mut c = a.clone();
        c.predictions.pop();
        let err = compare(&[entry("a", a), entry("c", c)], &Default::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("per-row predictions"), "{err}");
    }

    #[test]
    fn report_round_trip_and_foreign_files() {
        let r = report("s", &[("hostile", "neutral")]);
        let bytes = serde_json::to_vec_pretty(&r).unwrap();
        assert_eq!(parse_report(&bytes, "r.json").unwrap(), r);
        let cv = br#"{"report_version":1,"cv":5,"folds":[]}"#;
        let err = parse_report(cv, "cv.json").unwrap_err().to_string();
        assert!(err.contains("cross-validation"), "{err}");
        let newer = br#"{"report_version":99}"#;
        let err = parse_report(newer, "n.json").unwrap_err().to_string();
        assert!(err.contains("upgrade stance"), "{err}");
        let err = parse_report(b"\xff\x00", "bin").unwrap_err().to_string();
        assert!(err.starts_with("bin: not an evaluation report"), "{err}");
    }

    #[test]
    fn display_names() {
        assert_eq!(
            report_display_name(Path::new("models/news/v3/reports/test-1234abcd.json")),
            "news@v3"
        );
        assert_eq!(report_display_name(Path::new("out/r1.json")), "r1");
    }
}
