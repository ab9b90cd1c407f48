//! Properties that must hold for every input, checked on generated inputs (proptest).

use proptest::prelude::*;
use stance::corpus::{read_labelled, CsvOptions, LabelSet};
use stance::features::analyzer::{Analyzer, AnalyzerScratch};
use stance::features::{AnalyzerSettings, Targeted, TransformScratch};
use stance::model::{file, Classifier, ModelSettings};
use std::path::Path;
use std::sync::OnceLock;

fn model() -> &'static Classifier {
    static MODEL: OnceLock<Classifier> = OnceLock::new();
    MODEL.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny.csv");
        let corpus = read_labelled(&path, &CsvOptions::default()).expect("fixture reads");
        Classifier::fit_corpus(
            &corpus,
            &LabelSet::default(),
            "tiny.csv",
            ("text", "label"),
            &ModelSettings::default(),
        )
        .expect("trains")
    })
}

/// Text drawn from a mix of news-like words, punctuation, quote marks and arbitrary Unicode.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        proptest::collection::vec(
            prop_oneof![
                Just("we".to_string()),
                Just("won't".to_string()),
                Just("not".to_string()),
                Just("talks".to_string()),
                Just("“".to_string()),
                Just("’".to_string()),
                Just(",".to_string()),
                Just(".".to_string()),
                Just("3.5".to_string()),
                Just("-".to_string()),
                "\\PC{1,8}",
            ],
            0..60
        )
        .prop_map(|words| words.join(" ")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn probabilities_are_finite_and_sum_to_one(t in text()) {
        let m = model();
        let (_, p) = m.predict_text(&t, &mut TransformScratch::default());
        prop_assert!(p.probabilities.iter().all(|x| x.is_finite() && *x >= 0.0));
        prop_assert!((p.probabilities.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        prop_assert!(p.label < m.labels().len());
    }

    #[test]
    fn predictions_are_identical_after_save_and_load(t in text()) {
        static RELOADED: OnceLock<Classifier> = OnceLock::new();
        let reloaded = RELOADED.get_or_init(|| file::from_bytes(&file::to_bytes(model()), "mem").expect("reloads"));
        let a = model().predict_text(&t, &mut TransformScratch::default()).1;
        let b = reloaded.predict_text(&t, &mut TransformScratch::default()).1;
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        prop_assert_eq!(bits(&a.probabilities), bits(&b.probabilities));
    }

    #[test]
    fn analyzer_terms_are_never_empty_strings(t in text(), stem: bool, negation: bool) {
        let a = Analyzer::new(AnalyzerSettings { stem, negation, word_ngrams: (1, 2), char_ngrams: Some((2, 4)), target_window: None, stop_words: false, lexicon: Some(stance::features::Lexicon::vader()), context_words: None });
        for term in a.analyze(&t, &mut AnalyzerScratch::default()) {
            prop_assert!(!term.is_empty() && term != "#");
        }
    }

    #[test]
    fn context_terms_never_panic_and_strings_and_hashes_agree(quote in text(), context in text(), cut in 0usize..40) {
        // The quote is often a piece of its context, cut anywhere (even inside a character).
        let piece: String = context.chars().skip(cut % 7).take(cut).collect();
        let quote = if cut % 2 == 0 { piece } else { quote };
        let a = Analyzer::new(AnalyzerSettings { context_words: Some(20), ..AnalyzerSettings::default() });
        let doc = Targeted { context: Some(&context), ..Targeted::new(&quote, None) };
        let mut terms = Vec::new();
        a.for_each_term_of(doc, &mut AnalyzerScratch::default(), |t| terms.push(t.to_string()));
        let mut hashes = Vec::new();
        a.for_each_term_hash_of(doc, &mut AnalyzerScratch::default(), |h| hashes.push(h));
        let expected: Vec<u64> = terms.iter().map(|t| stance::features::term_hash::of_term(t)).collect();
        prop_assert_eq!(hashes, expected);
        for term in terms {
            prop_assert!(!term.is_empty() && term != "CTX_");
        }
    }

    #[test]
    fn loading_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = file::from_bytes(&bytes, "fuzz");
    }

    #[test]
    fn loading_a_damaged_model_never_panics(cut in 0usize..10_000, flip in 0usize..10_000) {
        static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
        let good = BYTES.get_or_init(|| file::to_bytes(model()));
        let mut bytes = good.clone();
        let i = flip % bytes.len();
        bytes[i] ^= 0x20;
        bytes.truncate(bytes.len() - cut % bytes.len());
        prop_assert!(file::from_bytes(&bytes, "damaged").is_err() || bytes == *good);
    }

    #[test]
    fn csv_reader_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let mut data = b"text,label\n".to_vec();
        data.extend_from_slice(&bytes);
        let _ = stance::corpus::parse_labelled(&data, Path::new("fuzz.csv"), &CsvOptions::default());
    }
}
