//! Text → terms: normalise, tokenize, mark negation scope, stem, build n-grams.
//!
//! One word stream feeds every path. The text is tokenized once (`tokenize`, with
//! `stop_words` dropped when asked for), the target's mentions are found (`mentions`), and
//! `stream::Words` turns the tokens into word events with their negation marks. The stages
//! of [`Analyzer::terms`] read that stream: word n-grams (`ngrams`), target context, the
//! lexicon class terms; then character n-grams; then, for a short quote given with the
//! writer's sentence, that sentence's terms (`context`). What a path makes of the terms is its
//! sink (`sinks`: strings, hashes or vocabulary columns).
//!
//! The settings are plain data stored in the model file, so `predict` analyses text exactly
//! as `train` did.

use super::cache::{push_stem, stem_hashes, word_hashes, WordEntry, WORDS};
use super::context;
use super::document::Targeted;
use super::lexicon::Lexicon;
use super::mentions::MentionFinder;
use super::ngrams::each_char_window;
use super::sinks::{Hashes, Ids, Strings, TermSink};
use super::stop_words::{drop_stop_words, is_stop_word};
use super::stream::{is_negator, Event, Slot, Words};
use super::term_hash;
use super::tokenize::{tokenize, Token};
use rust_stemmers::{Algorithm, Stemmer};
use serde::{Deserialize, Serialize};

pub use super::cache::TermIds;
pub use super::stop_words::{is_stop_unigram, STOP_WORDS};
pub(crate) use super::tokenize::single_word;

/// Prefix given to tokens inside a negation scope, so "not accept" ≠ "accept".
pub const NEGATION_MARK: &str = "NEG_";

/// The word a mention of the row's target becomes (target marking). Upper case, like
/// `NEG_`: the tokenizer lowercases every word, so no text can produce it.
pub const TARGET_MARK: &str = "TGT";
/// Prefix of the unigrams for the words just left of a target mention ("L_" + processed word).
pub const LEFT_OF_TARGET: &str = "L_";
/// Prefix of the unigrams for the words just right of a target mention.
pub const RIGHT_OF_TARGET: &str = "R_";
/// Largest `target_window` accepted (context terms per mention are at most twice this).
pub const MAX_TARGET_WINDOW: usize = 20;

/// Everything that decides how text becomes terms. Stored in the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnalyzerSettings {
    /// Porter2 (English) stemming of word tokens. Default: true.
    pub stem: bool,
    /// Mark tokens after a negator up to the next punctuation. Default: true.
    pub negation: bool,
    /// Smallest and largest word n-gram; (0, 0) disables word n-grams. Default: (1, 2).
    pub word_ngrams: (usize, usize),
    /// Character n-grams inside word boundaries (like scikit-learn's `char_wb`); None = off.
    #[serde(default)]
    pub char_ngrams: Option<(usize, usize)>,
    /// Target marking: every mention of the row's target (when one is given) becomes one
    /// `TGT` word, and the word tokens up to this many positions either side of it add
    /// `L_`/`R_` unigrams. None = off: targets are ignored. Default: None.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_window: Option<usize>,
    /// Drop common English function words (`STOP_WORDS`; never a negator) right after
    /// tokenizing, so n-grams bridge over them and every path sees the same tokens.
    /// Default: false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub stop_words: bool,
    /// Sentiment-lexicon class terms: every word the lexicon lists (or, failing that, its
    /// stem) adds one to three `LEX_POS*`/`LEX_NEG*` unigrams by its valence, with the sign
    /// flipped inside a negation scope (see `lexicon`). The entries are stored with the
    /// settings. None = off. Default: VADER's lexicon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lexicon: Option<Lexicon>,
    /// The writer's sentence around a short quote (see `context`): a text of at most this
    /// many words given with its sentence adds `CTX_` terms for the sentence's content words
    /// outside the quote. None = off: contexts are ignored. Default: None.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_words: Option<usize>,
}

impl Default for AnalyzerSettings {
    fn default() -> Self {
        Self {
            stem: true,
            negation: true,
            word_ngrams: (1, 2),
            char_ngrams: None,
            target_window: None,
            stop_words: false,
            lexicon: Some(Lexicon::vader()),
            context_words: None,
        }
    }
}

/// Reusable buffers: analysing a text allocates nothing once these have grown.
#[derive(Default)]
pub struct AnalyzerScratch {
    stream: StreamScratch,
    /// Processed (stemmed, negation-marked) words of the current run, back to back, and
    /// their ranges (the string sink).
    processed: String,
    run: Vec<(usize, usize)>,
    joined: String,
    /// Hashes of the current run's processed words (the hash and column sinks).
    hashes: Vec<u64>,
    /// Word tokens of the last text [`Analyzer::for_each_term_id`] saw, and how many of them
    /// the model knows (a unigram column or a lexicon level).
    coverage: Coverage,
}

/// The word stream's buffers.
#[derive(Default)]
struct StreamScratch {
    /// Lowercased word tokens of the text, back to back.
    lower: String,
    tokens: Vec<Token>,
    /// Target marking: the mentions of the target, and the stream recorded for the context
    /// stage.
    mentions: MentionFinder,
    slots: Vec<Slot>,
    /// Signed lexicon levels of the text's words, in order (emitted after the n-grams).
    levels: Vec<i8>,
    term: String,
    padded: Vec<char>,
}

/// How much of a text a model knows: its content words (function words such as "it" or
/// "the", [`STOP_WORDS`], carry no stance of their own and are not counted), and those with a
/// unigram column in the model's vocabulary (as they occur, negation mark included) or a
/// lexicon entry.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Coverage {
    pub words: u32,
    pub known: u32,
}

impl Coverage {
    /// The known share of the words; 0 for a text without words.
    pub fn share(self) -> f64 {
        if self.words == 0 {
            0.0
        } else {
            f64::from(self.known) / f64::from(self.words)
        }
    }
}

impl AnalyzerScratch {
    /// Coverage of the last text analysed by [`Analyzer::for_each_term_id`].
    pub fn coverage(&self) -> Coverage {
        self.coverage
    }
}

/// The analyzer: holds its settings and the stemmer.
pub struct Analyzer {
    settings: AnalyzerSettings,
    stemmer: Stemmer,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer")
            .field("settings", &self.settings)
            .finish()
    }
}

impl Analyzer {
    pub fn new(settings: AnalyzerSettings) -> Self {
        Self {
            settings,
            stemmer: Stemmer::create(Algorithm::English),
        }
    }

    pub fn settings(&self) -> &AnalyzerSettings {
        &self.settings
    }

    /// All terms of `text`, in order, with repeats (term frequency is counted later).
    pub fn analyze(&self, text: &str, scratch: &mut AnalyzerScratch) -> Vec<String> {
        let mut out = Vec::new();
        self.analyze_into(text, scratch, &mut out);
        out
    }

    /// Like [`Analyzer::analyze`], appending to `out`.
    pub fn analyze_into(&self, text: &str, scratch: &mut AnalyzerScratch, out: &mut Vec<String>) {
        self.for_each_term(text, scratch, |t| out.push(t.to_string()));
    }

    /// All terms of `text` with the mentions of `target` marked (see
    /// [`Analyzer::for_each_term_of`]).
    pub fn analyze_with_target(
        &self,
        text: &str,
        target: Option<&str>,
        scratch: &mut AnalyzerScratch,
    ) -> Vec<String> {
        let mut out = Vec::new();
        self.for_each_term_of(Targeted::new(text, target), scratch, |t| {
            out.push(t.to_string())
        });
        out
    }

    /// Calls `emit` with every term of `text`, in order, without allocating.
    pub fn for_each_term(&self, text: &str, scratch: &mut AnalyzerScratch, emit: impl FnMut(&str)) {
        self.for_each_term_of(Targeted::new(text, None), scratch, emit)
    }

    /// Like [`Analyzer::for_each_term`] for a document: with target marking when the settings
    /// ask for it (`target_window`) and the document has a target, every mention of the
    /// target (its tokens, matched case-insensitively) is one `TGT` word in the word n-grams
    /// and has no character n-grams, and after the word n-grams come `L_`/`R_` unigrams of
    /// the words up to `target_window` positions either side of each mention; with
    /// `context_words` set, a short text given with its context ends with its `CTX_` terms.
    pub fn for_each_term_of(
        &self,
        doc: Targeted<'_>,
        scratch: &mut AnalyzerScratch,
        emit: impl FnMut(&str),
    ) {
        let mut sink = Strings {
            processed: &mut scratch.processed,
            run: &mut scratch.run,
            joined: &mut scratch.joined,
            emit,
        };
        self.terms(doc, &mut scratch.stream, &mut sink);
    }

    /// The hashed form of [`Analyzer::for_each_term_of`]: `term_hash::of_term` of every term
    /// it gives, in the same order, without building any term string (prediction itself uses
    /// the cached [`Analyzer::for_each_term_id`]; target marking and the tests use this).
    pub fn for_each_term_hash_of(
        &self,
        doc: Targeted<'_>,
        scratch: &mut AnalyzerScratch,
        emit: impl FnMut(u64),
    ) {
        let mut sink = Hashes {
            run: &mut scratch.hashes,
            emit,
        };
        self.terms(doc, &mut scratch.stream, &mut sink);
    }

    /// Prediction's fast path: appends to `ids` the column in `vocabulary` (term hash →
    /// column) of every term of `text` that has one, in no particular order; the multiset
    /// of columns is the one [`Analyzer::for_each_term_hash_of`] would look up. Each distinct
    /// word is stemmed, hashed and looked up as a unigram once per thread and `owner` (the
    /// vocabulary's identity), so a token costs one cache probe instead of two.
    pub fn for_each_term_id(
        &self,
        text: &str,
        context: Option<&str>,
        scratch: &mut AnalyzerScratch,
        vocabulary: &TermIds,
        owner: u64,
        ids: &mut Vec<u32>,
    ) {
        let (lo, _) = self.settings.word_ngrams;
        WORDS.with(|cache| {
            let mut cache = cache.borrow_mut();
            let mut sink = Ids {
                cache: cache.owned_by(owner, vocabulary),
                vocabulary,
                run: &mut scratch.hashes,
                ids,
                unigrams: lo == 1,
                words: 0,
                unknown: 0,
                function: 0,
            };
            let doc = Targeted {
                text,
                target: None,
                context,
            };
            self.terms(doc, &mut scratch.stream, &mut sink);
            let words = sink.words as u32 - sink.function;
            scratch.coverage = Coverage {
                words,
                known: words - sink.unknown,
            };
        });
    }

    /// The stages every path runs, feeding `sink`: tokenize; find the target's mentions
    /// (when the settings mark targets and `target` is given); walk the word stream into
    /// runs of word n-grams, recording the lexicon levels (and the stream, for the context
    /// stage); then the target context terms, the lexicon class terms, the character
    /// n-grams of the words outside the mentions, and the writer's-sentence terms.
    fn terms<S: TermSink>(&self, doc: Targeted<'_>, scratch: &mut StreamScratch, sink: &mut S) {
        let Targeted {
            text,
            target,
            context,
        } = doc;
        let StreamScratch {
            lower,
            tokens,
            mentions,
            slots,
            levels,
            term,
            padded,
        } = scratch;
        let (mentions, window) = self.mentions(text, target, lower, tokens, mentions);
        let (lo, hi) = self.settings.word_ngrams;
        if lo > 0 && hi > 0 {
            levels.clear();
            let words = Words::new(lower, tokens, mentions, self.settings.negation);
            match window {
                // Monomorphised both ways: recording costs nothing without a target.
                Some(window) => {
                    self.runs::<true, S>(words, lo, hi, slots, levels, sink);
                    self.target_context(lower, slots, window, term, sink);
                }
                None => self.runs::<false, S>(words, lo, hi, slots, levels, sink),
            }
            for &level in levels.iter() {
                sink.level(level);
            }
        }
        if let Some((clo, chi)) = self.settings.char_ngrams {
            // Every word outside the mentions.
            let mut from = 0;
            let mut char_ngrams = |tokens: &[Token]| {
                each_char_window(lower, tokens, clo, chi, padded, |w| sink.char_ngram(w))
            };
            for &(start, end) in mentions {
                char_ngrams(&tokens[from..start]);
                from = end;
            }
            char_ngrams(&tokens[from..]);
        }
        if let (Some(max), Some(context)) = (self.settings.context_words, context) {
            if context::is_short(text, max) {
                context::emit_terms(self, text, context, lower, tokens, term, sink);
            }
        }
    }

    /// The word n-gram stage: feeds the stream's words, mentions and breaks to `sink`,
    /// collecting the lexicon levels in `levels` and (when `RECORD`) the stream in `slots`.
    #[inline(always)]
    fn runs<const RECORD: bool, S: TermSink>(
        &self,
        words: Words<'_>,
        lo: usize,
        hi: usize,
        slots: &mut Vec<Slot>,
        levels: &mut Vec<i8>,
        sink: &mut S,
    ) {
        slots.clear();
        for event in words {
            if RECORD {
                slots.push(Slot::from(event));
            }
            match event {
                Event::Word(w) => {
                    let level = sink.word(self, w.text, w.marked, w.negator);
                    if level != 0 {
                        levels.push(level);
                    }
                }
                Event::Target => sink.target(),
                Event::Break => sink.end_run(lo, hi),
            }
        }
        sink.end_run(lo, hi);
    }

    /// Tokenizes `text` into `lower` and `tokens` (stop words dropped when asked for) and,
    /// when the settings mark targets and `target` is given, finds its mentions: returns
    /// them (token ranges) and the context window; else no mentions and no window.
    fn mentions<'m>(
        &self,
        text: &str,
        target: Option<&str>,
        lower: &mut String,
        tokens: &mut Vec<Token>,
        mentions: &'m mut MentionFinder,
    ) -> (&'m [(usize, usize)], Option<usize>) {
        tokenize(text, lower, tokens);
        if self.settings.stop_words {
            drop_stop_words(lower, tokens);
        }
        match (target, self.settings.target_window) {
            (Some(target), Some(window)) => (
                mentions.find(self.settings.stop_words, target, lower, tokens),
                Some(window),
            ),
            _ => (&[], None),
        }
    }

    /// Calls `on(word, processed unigram, signed lexicon level)` for every word token of
    /// `text` outside the target's mentions (when the settings mark targets and `target` is
    /// given), as the n-gram paths see it.
    pub fn for_each_word(
        &self,
        text: &str,
        target: Option<&str>,
        scratch: &mut AnalyzerScratch,
        mut on: impl FnMut(&str, &str, i8),
    ) {
        let StreamScratch {
            lower,
            tokens,
            mentions,
            term,
            ..
        } = &mut scratch.stream;
        let (found, _) = self.mentions(text, target, lower, tokens, mentions);
        for event in Words::new(lower, tokens, found, self.settings.negation) {
            let Event::Word(w) = event else { continue };
            term.clear();
            self.push_processed(w.text, w.marked, term);
            on(w.text, term, self.level_of(w.text, w.marked, w.negator));
        }
    }

    /// The words of `text` the lexicon knows, in order, with their signed levels as the
    /// model sees them (negation flips the sign; target mentions are skipped), so an
    /// explanation can name the words behind `LEX_` terms.
    pub fn lexicon_words(
        &self,
        text: &str,
        target: Option<&str>,
        scratch: &mut AnalyzerScratch,
    ) -> Vec<(String, i8)> {
        let mut out = Vec::new();
        if self.settings.lexicon.is_none() || self.settings.word_ngrams.0 == 0 {
            return out;
        }
        self.for_each_word(text, target, scratch, |word, unigram, level| {
            if level != 0 {
                // A flipped word is shown as the n-grams show it: "NEG_happy".
                let marked = unigram.starts_with(NEGATION_MARK);
                out.push((
                    format!("{}{word}", if marked { NEGATION_MARK } else { "" }),
                    level,
                ))
            }
        });
        out
    }

    /// The context stage: `L_`/`R_` + processed word for the words within `window` stream
    /// positions of each mention (breaks and other mentions take a position but give no
    /// term), each followed by its lexicon class by side when it has one.
    fn target_context(
        &self,
        lower: &str,
        slots: &[Slot],
        window: usize,
        term: &mut String,
        sink: &mut impl TermSink,
    ) {
        for (s, slot) in slots.iter().enumerate() {
            if *slot != Slot::Target {
                continue;
            }
            let left = s.saturating_sub(window)..s;
            let right = s + 1..s.saturating_add(window).saturating_add(1).min(slots.len());
            for (prefix, range) in [(LEFT_OF_TARGET, left), (RIGHT_OF_TARGET, right)] {
                for slot in &slots[range] {
                    let Slot::Word {
                        start,
                        end,
                        marked,
                        negator,
                    } = *slot
                    else {
                        continue;
                    };
                    let word = &lower[start..end];
                    term.clear();
                    term.push_str(prefix);
                    self.push_processed(word, marked, term);
                    sink.term(term);
                    // A sentiment word near the target: its class by side ("L_LEX_NEG"),
                    // so words the corpus never saw next to a target still count.
                    let level = self.level_of(word, marked, negator);
                    if level != 0 {
                        term.clear();
                        term.push_str(prefix);
                        term.push_str(if level < 0 { "LEX_NEG" } else { "LEX_POS" });
                        sink.term(term);
                    }
                }
            }
        }
    }

    /// Appends the processed form of a lowercased word: `NEG_` when `marked`, then its stem
    /// (or the word, without stemming).
    #[inline]
    pub(crate) fn push_processed(&self, word: &str, marked: bool, out: &mut String) {
        if marked {
            out.push_str(NEGATION_MARK);
        }
        if self.settings.stem {
            push_stem(&self.stemmer, word, out);
        } else {
            out.push_str(word);
        }
    }

    /// Hashes of a lowercased word's processed form, plain and negation-marked.
    #[inline]
    pub(crate) fn processed_hashes(&self, word: &str) -> (u64, u64) {
        if self.settings.stem {
            stem_hashes(&self.stemmer, word)
        } else {
            word_hashes(word.as_bytes())
        }
    }

    /// The signed lexicon level of `word`: 0 without a lexicon, for a negator, or for a word
    /// the lexicon does not know; flipped when the word is negation-marked.
    #[inline]
    pub(crate) fn level_of(&self, word: &str, marked: bool, is_negator: bool) -> i8 {
        let Some(lex) = &self.settings.lexicon else {
            return 0;
        };
        if is_negator {
            return 0;
        }
        let level = lex.level(term_hash::fnv(word.as_bytes()), || {
            stem_hashes(&self.stemmer, word).0
        });
        if marked {
            -level
        } else {
            level
        }
    }

    /// A word's [`WordEntry`] for `vocabulary`, worked out in full.
    pub(crate) fn word_entry(&self, word: &str, vocabulary: &TermIds) -> WordEntry {
        // Not through the stem cache: this entry is the cache, and a second copy of every
        // word would double the memory a stream of new words takes.
        let stem = self.settings.stem.then(|| self.stemmer.stem(word));
        let (plain, marked) = word_hashes(stem.as_deref().unwrap_or(word).as_bytes());
        let id = |h| {
            vocabulary
                .get(&term_hash::ngram(&[h]))
                .copied()
                .unwrap_or(super::cache::NO_ID)
        };
        let level = match &self.settings.lexicon {
            Some(lex) if !is_negator(word) => {
                lex.level(term_hash::fnv(word.as_bytes()), || match &stem {
                    Some(_) => plain,
                    None => term_hash::fnv(self.stemmer.stem(word).as_bytes()),
                })
            }
            _ => 0,
        };
        WordEntry {
            plain,
            marked,
            plain_id: id(plain),
            marked_id: id(marked),
            level,
            function: is_stop_word(word),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::cache::WORD_CACHE_MAX;
    use crate::features::lexicon;

    /// Terms without the lexicon block (the tests below are about the other terms).
    fn terms(settings: AnalyzerSettings, text: &str) -> Vec<String> {
        with_lexicon(
            AnalyzerSettings {
                lexicon: None,
                ..settings
            },
            text,
        )
    }

    fn with_lexicon(settings: AnalyzerSettings, text: &str) -> Vec<String> {
        Analyzer::new(settings).analyze(text, &mut AnalyzerScratch::default())
    }

    /// The lexicon terms only.
    fn lexicon_terms(settings: AnalyzerSettings, text: &str) -> Vec<String> {
        let mut t = with_lexicon(settings, text);
        t.retain(|t| t.starts_with(lexicon::LEXICON_PREFIX));
        t
    }

    #[test]
    fn lexicon_words_add_one_to_three_class_terms_flipped_by_negation() {
        let s = AnalyzerSettings::default();
        // "bullying" −2.9 → three NEG terms; "proud" 2.1 → two POS; "ok" 1.2 → one POS.
        assert_eq!(
            lexicon_terms(s.clone(), "Bullying. Proud, ok"),
            ["LEX_NEG1", "LEX_NEG2", "LEX_NEG3", "LEX_POS1", "LEX_POS2", "LEX_POS1"]
        );
        // Inside a negation scope the sign flips; the scope ends at punctuation, and the
        // negator itself ("no" is in VADER's list) adds nothing.
        assert_eq!(
            lexicon_terms(s.clone(), "We are not proud, no. Proud"),
            ["LEX_NEG1", "LEX_NEG2", "LEX_POS1", "LEX_POS2"]
        );
        // An inflection the lexicon does not list falls back to its stem.
        assert_eq!(
            lexicon_terms(s.clone(), "sabotaging"),
            ["LEX_NEG1", "LEX_NEG2"]
        );
        // Only unigram-level terms: no n-gram holds a lexicon term, and the words' own
        // n-grams are unchanged.
        let all = with_lexicon(s.clone(), "deeply foolish plan");
        assert_eq!(
            all,
            [
                "deepli",
                "foolish",
                "plan",
                "deepli foolish",
                "foolish plan",
                "LEX_NEG1"
            ]
        );
        // Off: none.
        let off = AnalyzerSettings {
            lexicon: None,
            ..s.clone()
        };
        assert!(lexicon_terms(off, "Bullying").is_empty());
        // Negation marking off: no flip.
        let no_negation = AnalyzerSettings {
            negation: false,
            ..s
        };
        assert_eq!(
            lexicon_terms(no_negation, "not proud"),
            ["LEX_POS1", "LEX_POS2"]
        );
    }

    #[test]
    fn sentiment_words_next_to_a_target_add_their_class_by_side() {
        let a = Analyzer::new(marking(2, AnalyzerSettings::default()));
        let t = a.analyze_with_target(
            "They praised Iran, not bullying Iran.",
            Some("Iran"),
            &mut AnalyzerScratch::default(),
        );
        let context: Vec<&str> = t
            .iter()
            .map(String::as_str)
            .filter(|t| t.contains("_LEX_"))
            .collect();
        // "praised" left of the first mention; "bullying" (negated: positive) left of the
        // second; the break after the first mention takes a position.
        assert_eq!(context, ["L_LEX_POS", "L_LEX_POS"]);
        let no_lexicon = Analyzer::new(marking(
            2,
            AnalyzerSettings {
                lexicon: None,
                ..AnalyzerSettings::default()
            },
        ));
        let t = no_lexicon.analyze_with_target(
            "They praised Iran",
            Some("Iran"),
            &mut AnalyzerScratch::default(),
        );
        assert!(!t.iter().any(|t| t.contains("LEX")), "{t:?}");
    }

    #[test]
    fn lexicon_words_name_the_words_behind_the_terms() {
        let a = Analyzer::new(AnalyzerSettings::default());
        let words = a.lexicon_words(
            "Not helpful, and bullying.",
            None,
            &mut AnalyzerScratch::default(),
        );
        assert_eq!(
            words,
            [
                ("NEG_helpful".to_string(), -2),
                ("bullying".to_string(), -3)
            ]
        );
        // A target's mention is not a lexicon word when targets are marked.
        let marked = Analyzer::new(marking(1, AnalyzerSettings::default()));
        let words = marked.lexicon_words(
            "Hope praised Hope",
            Some("Hope"),
            &mut AnalyzerScratch::default(),
        );
        assert_eq!(words, [("praised".to_string(), 2)]);
    }

    fn unigrams(stem: bool) -> AnalyzerSettings {
        AnalyzerSettings {
            stem,
            word_ngrams: (1, 1),
            ..AnalyzerSettings::default()
        }
    }

    #[test]
    fn contractions_become_negators_and_scope_ends_at_punctuation() {
        let t = terms(unigrams(false), "We won't accept it, they said.");
        assert_eq!(
            t,
            ["we", "will", "not", "NEG_accept", "NEG_it", "they", "said"]
        );
    }

    #[test]
    fn curly_apostrophes_and_possessives() {
        let t = terms(unigrams(false), "Iran’s envoy: we’re ready");
        assert_eq!(t, ["iran", "'s", "envoy", "we", "'re", "ready"]);
    }

    #[test]
    fn stop_words_are_dropped_before_ngrams_but_negators_and_modals_stay() {
        let s = AnalyzerSettings {
            stem: false,
            stop_words: true,
            ..AnalyzerSettings::default()
        };
        let t = terms(
            s.clone(),
            "We're not going to accept the deal, they will regret it.",
        );
        assert_eq!(
            t,
            [
                "not",
                "NEG_going",
                "NEG_accept",
                "NEG_deal",
                "not NEG_going",
                "NEG_going NEG_accept",
                "NEG_accept NEG_deal",
                "will",
                "regret",
                "will regret"
            ]
        );
        // The hashed path sees the same tokens.
        let analyzer = Analyzer::new(AnalyzerSettings {
            lexicon: None,
            ..s.clone()
        });
        let mut hashes = Vec::new();
        analyzer.for_each_term_hash_of(
            Targeted::new(
                "We're not going to accept the deal, they will regret it.",
                None,
            ),
            &mut AnalyzerScratch::default(),
            |h| hashes.push(h),
        );
        let expected: Vec<u64> = t.iter().map(|t| term_hash::of_term(t)).collect();
        assert_eq!(hashes, expected);
        // A target with a stop word in it still matches its mentions.
        let targeted = AnalyzerSettings {
            target_window: Some(0),
            ..s
        };
        let mut with_target = Vec::new();
        Analyzer::new(targeted).for_each_term_of(
            Targeted::new(
                "They blamed the Prime Minister.",
                Some("the prime minister"),
            ),
            &mut AnalyzerScratch::default(),
            |t| with_target.push(t.to_string()),
        );
        assert!(
            with_target.contains(&"blamed TGT".to_string()),
            "{with_target:?}"
        );
        assert!(!STOP_WORDS.iter().any(|w| is_negator(w)));
    }

    #[test]
    fn negation_can_be_turned_off() {
        let s = AnalyzerSettings {
            negation: false,
            ..unigrams(false)
        };
        assert_eq!(terms(s, "never again"), ["never", "again"]);
    }

    #[test]
    fn stemming_and_unicode_lowercase() {
        let t = terms(unigrams(true), "ÉLAN Negotiations continuing");
        assert_eq!(t, ["élan", "negoti", "continu"]);
    }

    #[test]
    fn ascii_runs_and_other_letters_join_into_one_word() {
        // The byte-level tokenizer copies ASCII runs whole; words mixing them with other
        // letters, apostrophes after them and contractions with no apostrophe stay intact.
        let t = terms(
            unigrams(false),
            "ZÜRICH’s ÉTATS-UNIS said 3,5 İT CANNOT «Wait»",
        );
        let expected = [
            "zürich",
            "'s",
            "états-unis",
            "said",
            "3,5",
            "i\u{307}t",
            "can",
            "not",
            "wait",
        ];
        assert_eq!(t, expected);
        // Runs are copied eight bytes at a time: runs longer than that, runs ending exactly
        // on a chunk, at the end of the text, and before bytes that look like letters once
        // bit 5 is set ('@' → '`', '[' → '{').
        let t = terms(
            unigrams(false),
            "Internationalisation@ABCDEFGH[x] Z9`ok ABCDEFGH",
        );
        let expected = [
            "internationalisation",
            "abcdefgh",
            "x",
            "z9",
            "ok",
            "abcdefgh",
        ];
        assert_eq!(t, expected);
    }

    #[test]
    fn bigrams_do_not_cross_breaks() {
        let s = AnalyzerSettings {
            stem: false,
            negation: false,
            word_ngrams: (1, 2),
            char_ngrams: None,
            target_window: None,
            stop_words: false,
            lexicon: None,
            context_words: None,
        };
        let t = terms(s, "talks resume. next week");
        assert_eq!(
            t,
            [
                "talks",
                "resume",
                "talks resume",
                "next",
                "week",
                "next week"
            ]
        );
    }

    #[test]
    fn numbers_keep_decimals_and_hyphenated_words() {
        let t = terms(unigrams(false), "a 3.5 percent cut, long-range missiles");
        assert_eq!(t, ["a", "3.5", "percent", "cut", "long-range", "missiles"]);
    }

    #[test]
    fn char_ngrams_within_word_boundaries() {
        let s = AnalyzerSettings {
            word_ngrams: (0, 0),
            char_ngrams: Some((3, 3)),
            ..AnalyzerSettings::default()
        };
        assert_eq!(terms(s, "No"), ["# no", "#no "]);
    }

    #[test]
    fn hashed_terms_match_the_hashes_of_the_term_strings() {
        let text = "We won't accept Iran’s 3.5% offer, but talks-resume; never again! Élan.";
        for settings in [
            AnalyzerSettings::default(),
            AnalyzerSettings {
                stem: false,
                word_ngrams: (1, 3),
                char_ngrams: Some((2, 4)),
                ..AnalyzerSettings::default()
            },
        ] {
            let a = Analyzer::new(settings);
            let mut scratch = AnalyzerScratch::default();
            let from_strings: Vec<u64> = a
                .analyze(text, &mut scratch)
                .iter()
                .map(|t| term_hash::of_term(t))
                .collect();
            let mut hashed = Vec::new();
            a.for_each_term_hash_of(Targeted::new(text, None), &mut scratch, |h| hashed.push(h));
            // Same multiset (the hashed path emits char n-grams after all word n-grams, as the
            // string path does).
            assert_eq!(hashed, from_strings);
        }
    }

    fn targeted(settings: AnalyzerSettings, text: &str, target: &str) -> Vec<String> {
        let settings = AnalyzerSettings {
            lexicon: None,
            ..settings
        };
        Analyzer::new(settings).analyze_with_target(
            text,
            Some(target),
            &mut AnalyzerScratch::default(),
        )
    }

    fn marking(window: usize, base: AnalyzerSettings) -> AnalyzerSettings {
        AnalyzerSettings {
            target_window: Some(window),
            stop_words: false,
            ..base
        }
    }

    #[test]
    fn target_mentions_become_one_tgt_word() {
        let t = targeted(
            marking(0, unigrams(false)),
            "Iran rejected the offer from IRAN's envoy",
            "iran",
        );
        assert_eq!(
            t,
            ["TGT", "rejected", "the", "offer", "from", "TGT", "'s", "envoy"]
        );
    }

    #[test]
    fn multi_word_mentions_are_matched_case_insensitively_and_take_part_in_ngrams() {
        let s = AnalyzerSettings {
            stem: false,
            negation: false,
            ..marking(0, AnalyzerSettings::default())
        };
        let t = targeted(
            s,
            "President Trump said president  TRUMP, not Trump.",
            "President Trump",
        );
        assert_eq!(
            t,
            [
                "TGT",
                "said",
                "TGT",
                "TGT said",
                "said TGT",
                "not",
                "trump",
                "not trump"
            ]
        );
    }

    #[test]
    fn context_words_either_side_carry_negation_marks_and_breaks_take_a_position() {
        let t = targeted(
            marking(2, unigrams(false)),
            "They will not talk to Iran, ever again today",
            "Iran",
        );
        assert_eq!(
            t,
            [
                "they",
                "will",
                "not",
                "NEG_talk",
                "NEG_to",
                "TGT",
                "ever",
                "again",
                "today",
                "L_NEG_talk",
                "L_NEG_to",
                "R_ever"
            ]
        );
        // Stemmed like every other word; window 1.
        let t = targeted(
            marking(1, unigrams(true)),
            "Sanctions hurt Iran badly",
            "Iran",
        );
        assert_eq!(t, ["sanction", "hurt", "TGT", "bad", "L_hurt", "R_bad"]);
    }

    #[test]
    fn mentions_are_found_by_tokens_left_to_right_without_overlap() {
        let s = marking(0, unigrams(false));
        assert_eq!(
            targeted(s.clone(), "a a a b a a b", "a a b"),
            ["a", "TGT", "TGT"]
        );
        // Punctuation around the target is not part of it; inside it, it must match.
        assert_eq!(
            targeted(s.clone(), "the U.S. said", "(U.S.)"),
            ["the", "TGT", "said"]
        );
        assert_eq!(targeted(s.clone(), "Iran, Iraq", "(Iran)"), ["TGT", "iraq"]);
        assert_eq!(targeted(s, "US said", "U.S."), ["us", "said"]);
    }

    #[test]
    fn mentions_have_no_character_ngrams() {
        let s = AnalyzerSettings {
            word_ngrams: (0, 0),
            char_ngrams: Some((3, 3)),
            ..marking(1, AnalyzerSettings::default())
        };
        assert_eq!(targeted(s, "No Iran", "Iran"), ["# no", "#no "]);
    }

    #[test]
    fn without_a_target_found_or_asked_for_the_terms_are_the_plain_ones() {
        let text = "We won't accept Iran’s 3.5% offer, but talks-resume; never again! Élan.";
        let mut scratch = AnalyzerScratch::default();
        for base in [
            AnalyzerSettings::default(),
            AnalyzerSettings {
                stem: false,
                word_ngrams: (1, 3),
                char_ngrams: Some((2, 4)),
                ..AnalyzerSettings::default()
            },
        ] {
            let plain = Analyzer::new(base.clone()).analyze(text, &mut scratch);
            // Settings without target marking ignore the target.
            let ignoring = Analyzer::new(base.clone());
            assert_eq!(
                ignoring.analyze_with_target(text, Some("Iran"), &mut scratch),
                plain
            );
            let marking = Analyzer::new(marking(3, base));
            for target in [None, Some("zebra"), Some("..."), Some("")] {
                assert_eq!(
                    marking.analyze_with_target(text, target, &mut scratch),
                    plain,
                    "{target:?}"
                );
                let mut hashed = Vec::new();
                marking.for_each_term_hash_of(Targeted::new(text, target), &mut scratch, |h| {
                    hashed.push(h)
                });
                let from_strings: Vec<u64> = plain.iter().map(|t| term_hash::of_term(t)).collect();
                assert_eq!(hashed, from_strings);
            }
            // The same text with the target found does change.
            assert_ne!(
                marking.analyze_with_target(text, Some("Iran"), &mut scratch),
                plain
            );
        }
    }

    #[test]
    fn hashed_target_terms_match_the_hashes_of_the_term_strings() {
        let cases = [
            (
                "We won't accept Iran’s 3.5% offer, but Iran talks-resume; never again!",
                "Iran",
            ),
            (
                "President Trump said he would not meet President Trump's critics.",
                "president trump",
            ),
            ("No deal with the U.S., they said; the U.S. refused", "U.S."),
            ("Nothing here mentions it", "Iran"),
        ];
        let mut saw = (false, false, false);
        for window in [0, 2, 3, 5] {
            for base in [
                AnalyzerSettings::default(),
                AnalyzerSettings {
                    stem: false,
                    word_ngrams: (1, 3),
                    char_ngrams: Some((2, 4)),
                    ..AnalyzerSettings::default()
                },
                AnalyzerSettings {
                    word_ngrams: (0, 0),
                    char_ngrams: Some((2, 5)),
                    ..AnalyzerSettings::default()
                },
            ] {
                let a = Analyzer::new(marking(window, base));
                let mut scratch = AnalyzerScratch::default();
                for (text, target) in cases {
                    let strings = a.analyze_with_target(text, Some(target), &mut scratch);
                    saw.0 |= strings.iter().any(|t| t == TARGET_MARK);
                    saw.1 |= strings.iter().any(|t| t.starts_with("TGT "));
                    saw.2 |= strings.iter().any(|t| t.starts_with(LEFT_OF_TARGET))
                        && strings.iter().any(|t| t.starts_with(RIGHT_OF_TARGET));
                    let from_strings: Vec<u64> =
                        strings.iter().map(|t| term_hash::of_term(t)).collect();
                    let mut hashed = Vec::new();
                    a.for_each_term_hash_of(Targeted::new(text, Some(target)), &mut scratch, |h| {
                        hashed.push(h)
                    });
                    assert_eq!(hashed, from_strings, "{text:?} / {target:?}");
                }
            }
        }
        assert_eq!(
            saw,
            (true, true, true),
            "TGT, its n-grams and L_/R_ terms were all checked"
        );
    }

    #[test]
    fn matching_a_long_target_takes_linear_work() {
        // a a a … b against a target of half as many a's then b: quadratic matching would
        // take ~10¹⁰ comparisons here.
        let text = format!("{}b", "a ".repeat(200_000));
        let target = format!("{}b", "a ".repeat(100_000));
        let t = targeted(marking(1, unigrams(false)), &text, &target);
        assert_eq!(t.len(), 100_000 + 1 + 1);
        assert_eq!(&t[100_000..], ["TGT", "L_a"]);
    }

    #[test]
    fn settings_without_target_window_load_and_none_is_not_written() {
        let old = r#"{"stem":true,"negation":true,"word_ngrams":[1,2],"char_ngrams":null}"#;
        let s: AnalyzerSettings = serde_json::from_str(old).unwrap();
        // A model from before the lexicon block has none.
        let before = AnalyzerSettings {
            lexicon: None,
            ..AnalyzerSettings::default()
        };
        assert_eq!(s, before);
        assert_eq!(serde_json::to_string(&s).unwrap(), old);
        let marked = marking(3, before);
        let json = serde_json::to_string(&marked).unwrap();
        assert!(json.ends_with(r#","target_window":3}"#), "{json}");
        assert_eq!(
            serde_json::from_str::<AnalyzerSettings>(&json).unwrap(),
            marked
        );
    }

    #[test]
    fn the_word_cache_stops_growing_at_its_bound_and_words_past_it_still_count() {
        let analyzer = Analyzer::new(AnalyzerSettings::default());
        let vocabulary: TermIds = [term_hash::of_term("talk")].into_iter().zip(0..).collect();
        let mut scratch = AnalyzerScratch::default();
        let mut ids = Vec::new();
        // Unique words ("w" + a base-26 number), far more than the cache holds.
        let word = |mut n: usize| {
            let mut w = String::from("w");
            while n > 0 {
                w.push((b'a' + (n % 26) as u8) as char);
                n /= 26;
            }
            w
        };
        let owner = u64::MAX;
        for chunk in (1..WORD_CACHE_MAX + 5_000).collect::<Vec<_>>().chunks(1000) {
            let text: Vec<String> = chunk.iter().map(|&n| word(n)).collect();
            analyzer.for_each_term_id(
                &text.join(" "),
                None,
                &mut scratch,
                &vocabulary,
                owner,
                &mut ids,
            );
        }
        assert!(ids.is_empty());
        assert_eq!(WORDS.with(|c| c.borrow().len()), WORD_CACHE_MAX);
        analyzer.for_each_term_id("talks", None, &mut scratch, &vocabulary, owner, &mut ids);
        assert_eq!(ids, [0]);
    }

    #[test]
    fn empty_and_symbol_only_text_gives_no_terms() {
        assert!(terms(AnalyzerSettings::default(), "").is_empty());
        assert!(terms(AnalyzerSettings::default(), "!!! ... ???").is_empty());
    }
}
