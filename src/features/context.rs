//! The writer's-sentence stage: a short quote ("reckless", "a historic mistake") says little
//! on its own; the sentence that carries it ("The senator dismissed the plan as …") often
//! says whose word it is and what the writer makes of it. For a quote of at most
//! `AnalyzerSettings::context_words` words given with its sentence, every content word of the
//! sentence outside the quote adds one `CTX_` + processed-word term, and every one the
//! lexicon knows adds its class (`CTX_LEX_POS`/`CTX_LEX_NEG`), so framing verbs the corpus
//! never saw ("slammed", "hailed") still count.

use super::analyzer::Analyzer;
use super::sinks::TermSink;
use super::stop_words::is_stop_word;
use super::tokenize::{tokenize, Token};

/// Prefix of the terms from the writer's sentence around a short quote. Upper case, like
/// `NEG_`: the tokenizer lowercases every word, so no text can produce it.
pub const CONTEXT_MARK: &str = "CTX_";
/// Largest `context_words` accepted.
pub const MAX_CONTEXT_WORDS: usize = 100;
/// Longest context read, in bytes: a writer's sentence is far shorter; a whole article given
/// as context is cut here rather than featurised in full.
const MAX_CONTEXT_BYTES: usize = 2_000;

/// Whether `text` has at most `max` words (whitespace-separated, as the corpus counts them).
pub(crate) fn is_short(text: &str, max: usize) -> bool {
    text.split_whitespace().nth(max).is_none()
}

/// The parts of `context` outside the first occurrence of `quote` (exact, else ignoring ASCII
/// case); the whole context when the quote is not in it.
pub(crate) fn outside_quote<'c>(context: &'c str, quote: &str) -> [&'c str; 2] {
    let context = cut(context, MAX_CONTEXT_BYTES);
    // A quote's closing stop often turns into a comma before the attribution
    // ("… respond," she said), so the quote is looked for without it.
    let quote = quote
        .trim()
        .trim_end_matches(['.', ',', '!', '?', ';', ':'])
        .trim_end();
    if quote.is_empty() {
        return [context, ""];
    }
    let at = context.find(quote).or_else(|| {
        // Byte offsets agree: ASCII lowercasing keeps every byte where it is.
        context
            .to_ascii_lowercase()
            .find(&quote.to_ascii_lowercase())
    });
    match at {
        Some(i) => [&context[..i], &context[i + quote.len()..]],
        None => [context, ""],
    }
}

/// `s` cut to at most `max` bytes, at a character boundary.
fn cut(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Emits the context terms of `context` around `quote` into `sink` (see the module docs).
/// `lower`, `tokens` and `term` are scratch buffers.
pub(crate) fn emit_terms(
    analyzer: &Analyzer,
    quote: &str,
    context: &str,
    lower: &mut String,
    tokens: &mut Vec<Token>,
    term: &mut String,
    sink: &mut impl TermSink,
) {
    for part in outside_quote(context, quote) {
        tokenize(part, lower, tokens);
        for &token in tokens.iter() {
            let Token::Word(a, b) = token else { continue };
            let word = &lower[a..b];
            if is_stop_word(word) || word.starts_with('\'') {
                continue;
            }
            term.clear();
            term.push_str(CONTEXT_MARK);
            analyzer.push_processed(word, false, term);
            sink.term(term);
            let level = analyzer.level_of(word, false, false);
            if level != 0 {
                sink.term(if level < 0 {
                    "CTX_LEX_NEG"
                } else {
                    "CTX_LEX_POS"
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_counts_whitespace_words() {
        assert!(is_short("reckless", 1));
        assert!(is_short("a  historic\tmistake", 3));
        assert!(!is_short("a historic mistake", 2));
        assert!(is_short("", 0));
    }

    #[test]
    fn the_quote_is_cut_out_of_its_sentence() {
        let s = r#"The senator called the plan "reckless" on Tuesday."#;
        assert_eq!(
            outside_quote(s, "reckless"),
            ["The senator called the plan \"", "\" on Tuesday."]
        );
        // Case may differ; a quote not in the sentence leaves the whole sentence.
        assert_eq!(
            outside_quote("He said A Disgrace.", "a disgrace")[0],
            "He said "
        );
        assert_eq!(
            outside_quote("No quote here.", "absent"),
            ["No quote here.", ""]
        );
        assert_eq!(outside_quote("Said so.", "  "), ["Said so.", ""]);
        // The quote's final stop may have become a comma.
        assert_eq!(
            outside_quote(r#""We will respond," she said."#, "We will respond."),
            ["\"", ",\" she said."]
        );
    }

    #[test]
    fn a_huge_context_is_cut_at_a_character_boundary() {
        let long = "é".repeat(MAX_CONTEXT_BYTES);
        let [before, after] = outside_quote(&long, "zzz");
        assert!(before.len() <= MAX_CONTEXT_BYTES && before.len() >= MAX_CONTEXT_BYTES - 1);
        assert_eq!(after, "");
    }
}
