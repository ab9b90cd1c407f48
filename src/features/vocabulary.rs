//! Learning the vocabulary: every training text analysed once (fixed chunks in parallel,
//! merged in order, so the result never depends on the thread count), document frequencies
//! counted, terms pruned (`min_df`, `max_df`, stop unigrams, `max_features`), columns ordered
//! and weighed by smooth idf.

use super::analyzer::{is_stop_unigram, Analyzer, AnalyzerScratch};
use super::document::{Document, Targeted};
use super::tfidf::{fixed_hasher, is_word_term, TermIndex, TfidfError, TfidfSettings, CHUNK};
use rayon::prelude::*;
use std::collections::HashMap;

/// A learnt vocabulary and what it makes of the training texts.
pub(crate) struct Learned {
    /// The columns' terms: character n-grams first, then by document frequency.
    pub(crate) terms: Vec<String>,
    pub(crate) idf: Vec<f64>,
    /// Every text's columns, with repeats, in order of occurrence (pruned terms left out).
    pub(crate) docs: Vec<Vec<u32>>,
}

/// Learns the vocabulary and idf of `texts` as `analyzer` reads them (with their targets).
pub(crate) fn learn<S: Document + Sync>(
    analyzer: &Analyzer,
    settings: &TfidfSettings,
    texts: &[S],
) -> Result<Learned, TfidfError> {
    // Pass 1: analyse fixed chunks in parallel, each interning its own terms; then merge
    // the chunks in order, so ids follow first occurrence in the text (deterministic).
    // A few chunks at a time, so their term lists never all exist at once.
    let mut interned: TermIndex = TermIndex::with_hasher(fixed_hasher());
    let mut docs: Vec<Vec<u32>> = Vec::with_capacity(texts.len());
    for group in texts.chunks(CHUNK * 8) {
        let chunks: Vec<ChunkTerms> = group
            .par_chunks(CHUNK)
            .map_init(AnalyzerScratch::default, |scratch, part| {
                ChunkTerms::analyse(analyzer, part, scratch)
            })
            .collect();
        for chunk in chunks {
            let global: Vec<u32> = chunk
                .terms
                .into_iter()
                .map(|term| {
                    let next = interned.len() as u32;
                    *interned.entry(term).or_insert(next)
                })
                .collect();
            let mut start = 0;
            for &end in &chunk.ends {
                let doc = &chunk.ids[start..end];
                docs.push(doc.iter().map(|&id| global[id as usize]).collect());
                start = end;
            }
        }
    }
    let mut df = vec![0u32; interned.len()];
    let mut total = vec![0u64; interned.len()];
    let mut seen = vec![u32::MAX; interned.len()];
    for (d, ids) in docs.iter().enumerate() {
        for &id in ids {
            total[id as usize] += 1;
            if seen[id as usize] != d as u32 {
                seen[id as usize] = d as u32;
                df[id as usize] += 1;
            }
        }
    }
    drop(seen);
    let n = texts.len();
    let max_df_count = (settings.max_df * n as f64).floor() as u32;
    let mut by_id: Vec<(String, u32)> = interned.into_iter().collect();
    by_id.retain(|(term, id)| {
        let d = df[*id as usize];
        d as usize >= settings.min_df
            && d <= max_df_count.max(1)
            && !(settings.stop_unigrams && is_stop_unigram(term))
    });
    if let Some(max) = settings.max_features {
        // Most frequent over the corpus; ties broken by the term so the cut is deterministic.
        by_id.sort_by(|a, b| {
            total[b.1 as usize]
                .cmp(&total[a.1 as usize])
                .then_with(|| a.0.cmp(&b.0))
        });
        by_id.truncate(max);
    }
    if by_id.is_empty() {
        return Err(TfidfError::EmptyVocabulary {
            n_texts: n,
            min_df: settings.min_df,
            max_df: settings.max_df,
        });
    }
    // Columns: character n-grams first (each block is normalised on its own), then by
    // document frequency, most frequent first, ties by term. Common terms' weights then
    // share cache lines, which is most of the cost of training and predicting at scale.
    by_id.sort_by(|a, b| {
        is_word_term(&a.0)
            .cmp(&is_word_term(&b.0))
            .then_with(|| df[b.1 as usize].cmp(&df[a.1 as usize]))
            .then_with(|| a.0.cmp(&b.0))
    });
    let mut remap = vec![u32::MAX; df.len()];
    let mut terms = Vec::with_capacity(by_id.len());
    let mut idf = Vec::with_capacity(by_id.len());
    for (new_id, (term, old_id)) in by_id.into_iter().enumerate() {
        remap[old_id as usize] = new_id as u32;
        idf.push(smooth_idf(n, df[old_id as usize] as usize));
        terms.push(term);
    }
    // Each text's terms → their columns, in place.
    for ids in &mut docs {
        ids.retain_mut(|id| {
            *id = remap[*id as usize];
            *id != u32::MAX
        });
    }
    Ok(Learned { terms, idf, docs })
}

/// One chunk of texts analysed: its distinct terms in order of first occurrence, and every
/// text's terms as indices into them (concatenated; `ends` marks where each text stops).
struct ChunkTerms {
    terms: Vec<String>,
    ids: Vec<u32>,
    ends: Vec<usize>,
}

impl ChunkTerms {
    fn analyse<S: Document>(
        analyzer: &Analyzer,
        texts: &[S],
        scratch: &mut AnalyzerScratch,
    ) -> Self {
        let mut local: HashMap<String, u32, ahash::RandomState> =
            HashMap::with_hasher(fixed_hasher());
        let mut chunk = Self {
            terms: Vec::new(),
            ids: Vec::new(),
            ends: Vec::with_capacity(texts.len()),
        };
        for text in texts {
            analyzer.for_each_term_of(Targeted::of(text), scratch, |term| {
                // Look up by &str first: a term string is allocated once per chunk, not per use.
                let id = match local.get(term) {
                    Some(&id) => id,
                    None => {
                        let id = chunk.terms.len() as u32;
                        local.insert(term.to_string(), id);
                        chunk.terms.push(term.to_string());
                        id
                    }
                };
                chunk.ids.push(id);
            });
            chunk.ends.push(chunk.ids.len());
        }
        chunk
    }
}

/// scikit-learn's smooth idf: ln((1 + n) / (1 + df)) + 1.
fn smooth_idf(n_docs: usize, df: usize) -> f64 {
    ((1.0 + n_docs as f64) / (1.0 + df as f64)).ln() + 1.0
}
