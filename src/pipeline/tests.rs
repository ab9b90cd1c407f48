use super::*;
use crate::article::QuoteKind;
use std::path::Path;
use std::sync::OnceLock;

/// Our own article: one quote by a named EU spokeswoman, about Iran.
const TALKS: &str = "BRUSSELS — The talks resumed on Tuesday.\n\n\
    \"We came here to find an agreement with Iran, and we will stay until we have one,\" \
    said Lena Varga, a spokeswoman for the European Union.";

fn classifier() -> &'static Classifier {
    static MODEL: OnceLock<Classifier> = OnceLock::new();
    MODEL.get_or_init(|| {
        crate::model::file::load(Path::new("models/default.json")).expect("the shipped model")
    })
}

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(Gazetteer::builtin)
}

#[test]
fn an_article_without_quotes_has_none_and_no_warnings() {
    let text = "The talks resumed on Tuesday. Both sides met for three hours.";
    for model in [None, Some(classifier())] {
        let settings = Settings::new(gazetteer(), model, Limits::default());
        let r = analyse(Article::from_text("calm.txt", text), &settings);
        assert_eq!(r.article, "calm.txt");
        assert_eq!(r.text, text);
        assert!(r.extraction.quotes.is_empty());
        assert!(r.quotes.is_empty());
        assert!(r.warnings.is_empty());
        // With a model the summary is there, empty; without one there is none.
        assert_eq!(r.tone.map(|t| t.pairs.len()), model.map(|_| 0));
    }
}

#[test]
fn with_a_classifier_quotes_get_labels_probabilities_and_a_tone_summary() {
    let c = classifier();
    let settings = Settings::new(gazetteer(), Some(c), Limits::default())
        .explaining(4)
        .expect("a classifier is given");
    let r = analyse(Article::from_text("talks.txt", TALKS), &settings);
    assert_eq!(r.extraction.quotes.len(), 1);
    let q = &r.extraction.quotes[0];
    assert_eq!(q.speaker, "Lena Varga");
    assert_eq!(q.kind, QuoteKind::Full);
    assert_eq!(q.speaker_party.as_deref(), Some("European Union"));
    assert_eq!(q.target_party.as_deref(), Some("Iran"));
    let l = &r.quotes[0];
    let label = l.label.expect("labelled");
    assert!(label < c.labels().len());
    assert_eq!(l.probabilities.len(), c.labels().len());
    let sum: f64 = l.probabilities.iter().sum();
    assert!((sum - 1.0).abs() < 1e-9, "probabilities sum to {sum}");
    // The label is the most probable one.
    assert!(l.probabilities.iter().all(|p| *p <= l.probabilities[label]));
    assert!(l.coverage.is_some_and(|c| c > 0.0 && c <= 1.0));
    assert_eq!(l.top_terms.as_ref().map(Vec::len), Some(4));
    let tone = r.tone.expect("a tone summary");
    assert_eq!(tone.pairs.len(), 1);
    let pair = &tone.pairs[0];
    assert_eq!(
        (pair.from.as_str(), pair.to.as_str()),
        ("European Union", "Iran")
    );
    assert_eq!(pair.by_label[&c.labels()[label]], 1);
    let expected = match c.labels()[label].as_str() {
        crate::tone::CONCILIATORY => 1.0,
        crate::tone::HOSTILE => -1.0,
        _ => 0.0,
    };
    assert_eq!(pair.tone, Some(expected));
}

#[test]
fn without_a_classifier_quotes_are_found_but_not_labelled() {
    let settings = Settings::new(gazetteer(), None, Limits::default());
    let r = analyse(Article::from_text("talks.txt", TALKS), &settings);
    assert_eq!(r.extraction.quotes.len(), 1);
    assert_eq!(r.extraction.quotes[0].speaker, "Lena Varga");
    let l = &r.quotes[0];
    assert_eq!(l.label, None);
    assert!(l.probabilities.is_empty());
    assert_eq!(l.coverage, None);
    assert!(l.top_terms.is_none());
    assert!(r.tone.is_none());
    assert!(settings.labels().is_empty());
}

#[test]
fn explanations_without_a_classifier_are_an_error() {
    let settings = Settings::new(gazetteer(), None, Limits::default());
    assert_eq!(
        settings.explaining(3).err(),
        Some(Error::ExplainWithoutClassifier)
    );
}

#[test]
fn warnings_are_returned_as_data_in_the_order_met() {
    // Invalid UTF-8, cut when read, and more quotes than the limit allows.
    let mut bytes = TALKS.as_bytes().to_vec();
    bytes.extend_from_slice(b"\n\n\"We will talk again,\" said Lena Varga. \xff");
    let limits = Limits {
        max_quotes: 1,
        ..Limits::default()
    };
    let settings = Settings::new(gazetteer(), None, limits);
    let r = analyse(Article::from_bytes("a.txt", bytes, false, true), &settings);
    assert_eq!(
        r.warnings,
        vec![
            Warning::InvalidUtf8,
            Warning::Truncated {
                max_bytes: limits.max_text_bytes
            },
            Warning::QuotesDropped {
                max_quotes: 1,
                dropped: 1
            },
        ]
    );
    assert!(r.extraction.truncated);
    assert_eq!(r.extraction.quotes.len(), 1);
    assert!(r.text.ends_with('\u{FFFD}'));
    assert_eq!(
        r.warnings[2].to_string(),
        "more than 1 quotes; 1 were not processed"
    );
}

#[test]
fn html_is_stripped_before_extraction() {
    let html = format!(
        "<html><body><p>{}</p></body></html>",
        TALKS.replace("\n\n", "</p><p>")
    );
    let settings = Settings::new(gazetteer(), None, Limits::default());
    let r = analyse(
        Article::from_bytes("a.html", html.into_bytes(), true, false),
        &settings,
    );
    assert!(!r.text.contains('<'));
    assert_eq!(r.extraction.quotes.len(), 1);
    assert_eq!(r.extraction.quotes[0].speaker, "Lena Varga");
}

#[test]
fn corrections_change_the_quote_and_give_training_rows() {
    let c = classifier();
    let labels = c.labels();
    let start = TALKS.find("We came").expect("the quote");
    let wanted = labels
        .iter()
        .position(|l| l == crate::tone::HOSTILE)
        .expect("the shipped model has a hostile label");
    let csv = format!(
        "article,start,field,value\ntalks.txt,{start},speaker_party,Belgium\ntalks.txt,{start},label,{}\n",
        labels[wanted]
    );
    let corrections = Corrections::parse(csv.as_bytes(), "fixes.csv", labels).expect("valid");
    let settings =
        Settings::new(gazetteer(), Some(c), Limits::default()).correcting(Some(&corrections));
    let r = analyse(Article::from_text("talks.txt", TALKS), &settings);
    assert_eq!(
        r.extraction.quotes[0].speaker_party.as_deref(),
        Some("Belgium")
    );
    assert_eq!(r.quotes[0].label, Some(wanted));
    assert_eq!(r.quotes[0].corrected, vec!["speaker_party", "label"]);
    assert_eq!(r.tone.as_ref().expect("a summary").pairs[0].from, "Belgium");
    let rows = r.corrected_label_rows(labels);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].label, labels[wanted]);
    assert_eq!(rows[0].start, start);
    assert!(corrections.unused().is_empty());
    // Without a label correction there is no training row.
    let plain = Settings::new(gazetteer(), Some(c), Limits::default());
    let r = analyse(Article::from_text("talks.txt", TALKS), &plain);
    assert!(r.corrected_label_rows(labels).is_empty());
}

#[test]
fn a_quote_s_writer_sentence_is_the_sentences_it_overlaps_in_its_line() {
    use crate::article::WriterSentences;
    let writer_sentence = |text, start, end| WriterSentences::new(text).sentence(start, end);
    let text = "Headline\n\n  Talks opened. The envoy called it \"a bold move\" today. Nobody else spoke.\nNext line.";
    let at = text.find("a bold").unwrap();
    assert_eq!(
        writer_sentence(text, at, at + "a bold move".len()),
        Some("The envoy called it \"a bold move\" today.")
    );
    // A span across two sentences gets both; sentences end at abbreviations only where the
    // extractor ends them.
    let opened = text.find("opened").unwrap();
    assert_eq!(
        writer_sentence(text, opened, at),
        Some("Talks opened. The envoy called it \"a bold move\" today.")
    );
    let sen = "Sen. Ann Cole called it \"reckless\" on Friday.";
    let at = sen.find("reckless").unwrap();
    assert_eq!(writer_sentence(sen, at, at + 8), Some(sen));
    // Offsets outside the text or off a character boundary give none, never a panic.
    assert_eq!(writer_sentence(text, text.len() + 1, text.len() + 2), None);
    assert_eq!(writer_sentence("é", 1, 1), None);
    assert_eq!(writer_sentence("", 0, 0), None);
}

#[test]
fn an_interrupted_quote_s_context_is_the_writer_s_words_around_it_joined() {
    use crate::article::{extract, WriterSentences};
    let writer_context = |text, q| WriterSentences::new(text).context(q);
    use crate::features::context::outside_quote;
    let text = "Talks opened.\n\n\"We will stand firm,\" the envoy said grimly, \"and never bow.\" Nobody else spoke.\n";
    let found = extract(text, gazetteer(), &Limits::default());
    let q = &found.quotes[0];
    assert_eq!(q.spans.len(), 2, "{q:?}");
    let context = writer_context(text, q).unwrap();
    // Cutting the joined quote out leaves only the writer's words of that sentence.
    let outside = outside_quote(&context, &q.text).concat();
    assert!(outside.contains("the envoy said grimly"), "{outside:?}");
    for quoted in ["stand", "firm", "never", "bow", "Nobody"] {
        assert!(!outside.contains(quoted), "{quoted} in {outside:?}");
    }
    // A quote in one part keeps its sentence as it stands.
    let one = "The envoy called it \"a bold move\" today.";
    let found = extract(one, gazetteer(), &Limits::default());
    assert_eq!(writer_context(one, &found.quotes[0]).as_deref(), Some(one));
}

#[test]
fn shared_writer_sentences_find_what_a_fresh_search_finds() {
    use crate::article::{extract, WriterSentences};
    let dirs = ["tests/fixtures/articles", "data/articles"];
    let mut checked = 0;
    for dir in dirs {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path).unwrap();
            let found = extract(&text, gazetteer(), &Limits::default());
            let mut shared = WriterSentences::new(&text);
            // In order and then backwards, as a cache that kept a stale line would differ.
            let order = found.quotes.iter().chain(found.quotes.iter().rev());
            for q in order {
                assert_eq!(
                    shared.context(q),
                    // A fresh search for this quote alone.
                    WriterSentences::new(&text).context(q),
                    "{path:?} {q:?}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "{checked}");
}
