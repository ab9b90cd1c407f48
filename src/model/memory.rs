//! Will training fit in memory? An estimate made before the expensive part, so that data too
//! large for the machine gets an error that says what to do instead of an out-of-memory kill.
//!
//! Training holds the texts, every text's term ids, the TF-IDF rows and per-block weights and
//! gradients. Measured on NewsMTSC resampled to 1M rows (151 MB of text, 44 terms a row, word
//! 1–2-grams): 1.6 GB peak, about 1.2 bytes per byte of text plus 32 bytes per term
//! occurrence, which is the estimate; terms per text are counted on a sample of the texts.

use crate::features::analyzer::AnalyzerScratch;
use crate::features::{Analyzer, AnalyzerSettings};

/// Texts analysed to count terms per text.
const SAMPLE: usize = 2000;
/// Bytes of peak memory per byte of text and per term occurrence (see the module note).
const PER_TEXT_BYTE: f64 = 1.2;
const PER_TERM: f64 = 32.0;

/// Estimated peak bytes to train on `texts` with `analyzer`.
pub fn estimate_training_bytes<S: AsRef<str>>(texts: &[S], analyzer: &AnalyzerSettings) -> u64 {
    if texts.is_empty() {
        return 0;
    }
    let analyzer = Analyzer::new(analyzer.clone());
    let mut scratch = AnalyzerScratch::default();
    // Evenly spaced texts, so a file sorted by length does not mislead the estimate.
    let step = texts.len().div_ceil(SAMPLE).max(1);
    let (mut sampled, mut terms) = (0usize, 0usize);
    for text in texts.iter().step_by(step) {
        analyzer.for_each_term(text.as_ref(), &mut scratch, |_| terms += 1);
        sampled += 1;
    }
    let text_bytes: usize = texts.iter().map(|t| t.as_ref().len()).sum();
    let occurrences = terms as f64 / sampled as f64 * texts.len() as f64;
    (PER_TEXT_BYTE * text_bytes as f64 + PER_TERM * occurrences) as u64
}

/// Memory the system can still give us (Linux: `MemAvailable`); `None` where unknown.
pub fn available_bytes() -> Option<u64> {
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = meminfo.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimate_grows_with_text_and_terms() {
        let settings = AnalyzerSettings::default();
        let one = ["we will not accept these threats".to_string()];
        let many: Vec<String> = (0..10_000).map(|_| one[0].clone()).collect();
        let small = estimate_training_bytes(&one, &settings);
        let large = estimate_training_bytes(&many, &settings);
        // 6 words → 6 unigrams + 5 bigrams + 4 lexicon terms ("accept" flipped by "not",
        // "threats"); 32 bytes each plus 1.2 per text byte.
        assert_eq!(small, (1.2 * 32.0 + 32.0 * 15.0) as u64);
        assert!(large > 9_000 * small && large < 11_000 * small);
        let chars = AnalyzerSettings {
            char_ngrams: Some((2, 5)),
            ..AnalyzerSettings::default()
        };
        assert!(estimate_training_bytes(&one, &chars) > 3 * small);
        assert_eq!(estimate_training_bytes::<String>(&[], &settings), 0);
    }

    #[test]
    fn available_memory_is_read_on_linux() {
        if cfg!(target_os = "linux") {
            assert!(available_bytes().is_some_and(|b| b > 0));
        }
    }
}
