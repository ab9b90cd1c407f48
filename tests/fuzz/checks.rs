//! What every input must satisfy, one function per fuzz target. Shared, byte for byte, by the
//! cargo-fuzz targets (tests/fuzz/fuzz_targets/*.rs) and by the regression replay in
//! tests/it/robustness.rs, which runs every file of tests/regressions/<target>/ through them.
//!
//! Each function takes the fuzzer's raw bytes; the first byte (if any) picks options, the rest
//! is the input. A panic (including a failed assertion) is a finding.

#![allow(dead_code)]

use stance::article::{extract, read_article_bytes, Extraction, Gazetteer, Limits};
use stance::corpus::{parse_labelled, CsvOptions, LabelSet};
use stance::eval::compare::{compare, parse_report, CompareOptions, Entry};
use stance::features::TransformScratch;
use stance::model::file;
use std::path::Path;
use std::sync::OnceLock;

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(Gazetteer::builtin)
}

/// Target `article`: bytes → `read_article_bytes` (HTML or not) → `extract`.
/// Flag bits: 1 = HTML; 2 = small limits (max_text_bytes = 4 × (flags >> 2), 3 quotes).
pub fn article(data: &[u8]) {
    let Some((&flags, bytes)) = data.split_first() else {
        return;
    };
    let limits = if flags & 2 != 0 {
        Limits {
            max_text_bytes: 4 * usize::from(flags >> 2),
            max_quotes: 3,
        }
    } else {
        Limits::default()
    };
    let (text, invalid) = read_article_bytes(bytes, flags & 1 != 0);
    assert_eq!(invalid, std::str::from_utf8(bytes).is_err());
    let e = extract(&text, gazetteer(), &limits);
    check_extraction(&text, &e, &limits);
}

/// The longest prefix of `text` of at most `max` bytes that ends on a char boundary.
fn prefix_len(text: &str, max: usize) -> usize {
    let mut n = max.min(text.len());
    while !text.is_char_boundary(n) {
        n -= 1;
    }
    n
}

/// Quote offsets lie within the (possibly truncated) text on char boundaries; every quote's
/// spans are non-empty, ordered, and spell its text; no two spans (of any quotes) overlap.
pub fn check_extraction(text: &str, e: &Extraction, limits: &Limits) {
    let len = prefix_len(text, limits.max_text_bytes);
    assert_eq!(e.truncated, text.len() > limits.max_text_bytes);
    assert!(e.quotes.len() <= limits.max_quotes);
    assert!(e.principals.len() <= 2);
    let mut all: Vec<(usize, usize)> = Vec::new();
    for (i, q) in e.quotes.iter().enumerate() {
        assert_eq!(q.index, i);
        assert!(
            q.start <= q.end && q.end <= len,
            "quote {i} {}..{} of {len}",
            q.start,
            q.end
        );
        assert!(text.is_char_boundary(q.start) && text.is_char_boundary(q.end));
        let mut prev_end = q.start;
        for &(a, b) in &q.spans {
            assert!(a < b && b <= len, "span {a}..{b} of {len}");
            assert!(text.is_char_boundary(a) && text.is_char_boundary(b));
            assert!(a >= prev_end, "spans of quote {i} overlap or go backwards");
            prev_end = b;
        }
        if let (Some(first), Some(last)) = (q.spans.first(), q.spans.last()) {
            assert_eq!((q.start, q.end), (first.0, last.1));
        }
        let joined: Vec<&str> = q.spans.iter().map(|&(a, b)| &text[a..b]).collect();
        assert_eq!(joined.join(" "), q.text);
        all.extend(&q.spans);
    }
    all.sort_unstable();
    for w in all.windows(2) {
        assert!(w[0].1 <= w[1].0, "spans {:?} and {:?} overlap", w[0], w[1]);
    }
}

/// Target `csv`: bytes → `parse_labelled`. Flag bits: 1 = --skip-invalid; 2 = labels a,b.
pub fn csv(data: &[u8]) {
    let Some((&flags, bytes)) = data.split_first() else {
        return;
    };
    let labels = if flags & 2 != 0 {
        LabelSet::parse("a,b").expect("valid label set")
    } else {
        LabelSet::default()
    };
    let options = CsvOptions {
        skip_invalid: flags & 1 != 0,
        labels: labels.clone(),
        ..CsvOptions::default()
    };
    match parse_labelled(bytes, Path::new("fuzz.csv"), &options) {
        Ok(c) => {
            assert!(!c.examples.is_empty());
            let mut last_line = 1;
            for e in &c.examples {
                assert!(e.label < labels.names().len());
                assert!(!e.text.trim().is_empty());
                assert!(e.line > last_line, "line {} after {last_line}", e.line);
                last_line = e.line;
            }
            assert!(options.skip_invalid || c.skipped == 0);
            assert!(c.skip_reasons.len() <= c.skipped);
            let counts = c.counts(labels.names().len());
            assert_eq!(counts.iter().sum::<usize>(), c.examples.len());
        }
        Err(e) => {
            assert!(e.location.starts_with("fuzz.csv"), "{}", e.location);
            assert!(!e.message.is_empty());
        }
    }
}

/// Target `model`: bytes → `file::from_bytes`. Flag bit 1: the bytes are a payload, wrapped
/// in an envelope with a correct checksum (a file edited by hand and re-checksummed, so the
/// fuzzer gets past the SHA-256). A model that loads must label texts with finite
/// probabilities summing to 1, and save and load again.
pub fn model(data: &[u8]) {
    let Some((&flags, bytes)) = data.split_first() else {
        return;
    };
    let wrapped;
    let bytes = if flags & 1 != 0 {
        wrapped = wrap_payload(bytes);
        &wrapped[..]
    } else {
        bytes
    };
    let Ok(m) = file::from_bytes(bytes, "fuzz.json") else {
        return;
    };
    let mut scratch = TransformScratch::default();
    for text in [
        "",
        "We will not talk to them.",
        "ready to talk ready to talk we we we the the",
        "çà 日本 🙂 NEG_x",
    ] {
        let (row, p) = m.predict_text(text, &mut scratch);
        assert!(p.label < m.labels().len());
        assert!(
            p.probabilities.iter().all(|x| x.is_finite() && *x >= 0.0),
            "{:?}",
            p.probabilities
        );
        let sum: f64 = p.probabilities.iter().sum();
        assert!((sum - 1.0).abs() < 1e-6, "sum {sum}");
        let _ = m.explain(&row, p.label, 5);
    }
    let again = file::from_bytes(&file::to_bytes(&m), "again").expect("a loaded model reloads");
    assert_eq!(again.labels(), m.labels());
}

/// An envelope around `payload` whose checksum matches it.
pub fn wrap_payload(payload: &[u8]) -> Vec<u8> {
    let payload = payload.trim_ascii();
    let mut out = format!(
        "{{\"format\":\"stance-model\",\"format_version\":2,\"payload_sha256\":\"{}\",\"payload\":",
        stance::hash::sha256_hex(payload)
    )
    .into_bytes();
    out.extend_from_slice(payload);
    out.extend_from_slice(b"}\n");
    out
}

/// Target `html`: bytes → the HTML reader → `extract`. The reader's output is paragraphs
/// joined by one blank line, each trimmed, with every run of white space inside it one space;
/// the extraction on it keeps every offset invariant of `check_extraction`.
pub fn html(data: &[u8]) {
    let (text, invalid) = read_article_bytes(data, true);
    assert_eq!(invalid, std::str::from_utf8(data).is_err());
    if !text.is_empty() {
        for para in text.split("\n\n") {
            assert!(!para.is_empty(), "an empty paragraph in {text:?}");
            assert_eq!(para.trim(), para, "an untrimmed paragraph");
            let mut prev_space = false;
            for c in para.chars() {
                assert!(
                    c == ' ' || !c.is_whitespace(),
                    "{c:?} left inside a paragraph"
                );
                assert!(!(prev_space && c == ' '), "two spaces in a row in {para:?}");
                prev_space = c == ' ';
            }
        }
    }
    let limits = Limits::default();
    let e = extract(&text, gazetteer(), &limits);
    check_extraction(&text, &e, &limits);
}

/// An article of our own writing that names several parties and quotes their people.
const PARTIES_ARTICLE: &str = "Officials in Tehran and Washington traded words on Monday.\n\n\
\"We will not bargain under threat,\" said Iran's foreign minister, Reza Kamali.\n\n\
Sen. Ann Cole, D-Ore., said a deal would be \"a gift to Tehran.\" The Kremlin said it \
\"welcomes every step toward calm\", and Mr. Okafor of Nigeria added: \"Talk is cheaper than war.\"";

/// Target `parties`: bytes → a `--parties` TOML file merged over the built-in gazetteer →
/// `extract` of an article (ours, or the input itself with flag bit 1). A file that loads
/// must give an extraction that keeps every offset invariant.
pub fn parties(data: &[u8]) {
    let Some((&flags, bytes)) = data.split_first() else {
        return;
    };
    let toml_text = String::from_utf8_lossy(bytes);
    let mut g = gazetteer().clone();
    if g.merge_toml(&toml_text).is_err() {
        return;
    }
    let limits = Limits::default();
    let article: &str = if flags & 1 != 0 {
        &toml_text
    } else {
        PARTIES_ARTICLE
    };
    let e = extract(article, &g, &limits);
    check_extraction(article, &e, &limits);
    for q in &e.quotes {
        let _ = g.party_of(&article[q.start..q.end]);
    }
}

/// Target `report`: bytes → an evaluation report as `stance compare` and the registry read it
/// → the evaluation page, and a comparison of the report with itself in every format.
/// Flag bit 1 compares unpaired; bit 2 keeps more flipped rows.
pub fn report(data: &[u8]) {
    let Some((&flags, bytes)) = data.split_first() else {
        return;
    };
    let Ok(r) = parse_report(bytes, "fuzz.json") else {
        return;
    };
    let _ = stance::render::html::evaluation_page(&r);
    let entry = |name: &str| Entry {
        name: name.to_string(),
        source: format!("{name}.json"),
        report: r.clone(),
    };
    let options = CompareOptions {
        unpaired: flags & 1 != 0,
        resamples: 20,
        seed: 7,
        show_flips: if flags & 2 != 0 { 50 } else { 2 },
    };
    if let Ok(c) = compare(&[entry("a"), entry("b")], &options) {
        let _ = stance::render::compare::table(&c);
        let _ = stance::render::compare::markdown(&c);
        let _ = stance::render::compare::json(&c);
        let _ = stance::render::html::comparison_page(&c);
    }
}
