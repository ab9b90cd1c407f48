//! Which party a quote is aimed at, and why.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

/// Why a target was chosen (the `target_reason` field).
pub(crate) const QUOTE: &str = "quote";
pub(crate) const LEAD_IN: &str = "lead-in";
pub(crate) const OTHER_PRINCIPAL: &str = "other principal";
pub(crate) const BOTH_SIDES: &str = "both sides";
pub(crate) const THREAD: &str = "paragraph";

/// Phrases that speak of both sides without naming them, matched ignoring ASCII case (a
/// build of a few short literals cannot fail; `None` would only mean no match).
static BOTH_SIDES_PHRASES: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build([
            "both sides",
            "both parties",
            "both countries",
            "both governments",
            "all sides",
            "each other",
            "the two sides",
            "the two countries",
            "the two governments",
        ])
        .ok()
});

/// Does a quote speak of both sides without naming them ("Both sides must calm down")?
/// One automaton pass, with no lowercased copy: this runs for every quote.
pub(crate) fn speaks_of_both(quote: &str) -> bool {
    BOTH_SIDES_PHRASES
        .as_ref()
        .is_some_and(|phrases| phrases.is_match(quote))
}

/// Does a quote set "us" against someone it does not name ("if they attack us", "we will
/// meet them", "you broke our trust")? Then, from a principal's speaker, it means the other
/// side. Both a first person plural and a second or third person are needed: "their
/// message" or "thank you" alone points at no one.
pub(crate) fn speaks_to_someone(quote: &str) -> bool {
    let is_any = |w: &str, set: &[&str]| set.iter().any(|p| w.eq_ignore_ascii_case(p));
    let (mut us, mut them) = (false, false);
    // One pass over the words, stopping once both persons are seen.
    for w in quote.split(|c: char| !c.is_alphanumeric() && c != '\'') {
        us = us || is_any(w, &["we", "us", "our"]);
        them = them || is_any(w, &["you", "your", "they", "them", "their"]);
        if us && them {
            return true;
        }
    }
    false
}

/// The parties the writer's text around a quote names (each list in order of first mention).
pub(crate) struct Writer<T> {
    /// The rest of the clause after a partial quote.
    pub after: T,
    /// The lead-in: the quote's sentence up to it and the sentence before in its paragraph.
    pub lead: T,
    /// The sides of the story named in the quote's own sentence before it, outside the
    /// speaker's phrase.
    pub own: T,
    /// The quote's paragraph and the one before it (quotes included).
    pub thread: T,
}

/// Does a quote speak to its listener ("you", "your")? A third party's words to whoever is
/// before them ("Mr Secretary, I'm not sure you heard") are not about the side their
/// paragraph is on.
pub(crate) fn speaks_to_listener(quote: &str) -> bool {
    quote
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .any(|w| {
            ["you", "your", "yours"]
                .iter()
                .any(|p| w.eq_ignore_ascii_case(p))
        })
}

/// The target party of a quote and the reason, given the speaker's party, the parties the
/// quote names (in order of first mention), the parties the writer's lead-in names (the
/// sentence that introduces the quote and the one before it in its paragraph) and the
/// article's principals (its two most-mentioned parties, people counted as their party):
///
/// 1. Unknown speaker party: the principal the quote's own sentence names before it, outside
///    the speaker's phrase (`writer.own`). Not one the quote names: for all we know the
///    speaker is from that side, speaking of their own ("our forces held"), and only the
///    writer's framing ("X criticised Iran, saying") tells at whom it is aimed; nor one the
///    speaker's phrase or the sentence before names ("The government of Samoa said"; "The
///    Iranian unit met. It declared"): that is as often the speaker's own side.
/// 2. A speaker from a principal party: the first other party the quote names, else the
///    first other party the rest of the clause after a partial quote names (`after`), else the
///    first other party the lead-in names, else the other principal if the quote's
///    thread (`thread`: the parties its paragraph and the one before name) names it or the
///    quote speaks to or of someone unnamed (`addressed`: "you", "they"), else none.
/// 3. A third-party speaker: "both" when the quote (else the clause after it, else the
///    lead-in) names both principals;
///    the one principal it names; else the first other party it names; else "both" if the
///    quote speaks of both sides (`about_both`: "both sides", "each other"); else, in a
///    two-sided story, the one side the quote's thread names, if it names only one; else
///    unknown — a third party who names neither side is not taken to be speaking about both.
pub(crate) fn target(
    speaker: Option<&str>,
    (named, about_both, addressed): (&[&str], bool, bool),
    writer: &Writer<&[&str]>,
    principals: &[String],
) -> (Option<String>, Option<&'static str>) {
    let Writer {
        after,
        lead,
        thread,
        ..
    } = *writer;
    let is_principal = |p: &str| principals.iter().any(|x| x == p);
    let Some(own) = speaker else {
        return match principals.iter().find(|p| writer.own.contains(&p.as_str())) {
            Some(p) => (Some(p.clone()), Some(LEAD_IN)),
            None => (None, None),
        };
    };
    let others = |parties: &[&str]| -> Vec<String> {
        parties
            .iter()
            .filter(|p| **p != own)
            .map(|p| p.to_string())
            .collect()
    };
    let (in_quote, in_after, in_lead) = (others(named), others(after), others(lead));
    if is_principal(own) {
        if let Some(first) = in_quote.first() {
            return (Some(first.clone()), Some(QUOTE));
        }
        if let Some(first) = in_after.first().or(in_lead.first()) {
            return (Some(first.clone()), Some(LEAD_IN));
        }
        // The other side only while the story's thread is on it: a quote whose paragraph
        // (and the one before) never names it is about something else (the speaker's own
        // affairs, an audience of allies), and has no target rather than a forced one.
        return match principals.iter().find(|p| p.as_str() != own) {
            Some(p) if addressed || thread.contains(&p.as_str()) => {
                (Some(p.clone()), Some(OTHER_PRINCIPAL))
            }
            _ => (None, None),
        };
    }
    for (parties, why) in [
        (&in_quote, QUOTE),
        (&in_after, LEAD_IN),
        (&in_lead, LEAD_IN),
    ] {
        let sides: Vec<&String> = parties.iter().filter(|p| is_principal(p)).collect();
        match sides.len() {
            0 if parties.is_empty() => continue,
            0 => return (parties.first().cloned(), Some(why)),
            1 => return (Some(sides[0].clone()), Some(why)),
            _ => return (Some("both".to_string()), Some(why)),
        }
    }
    if about_both && principals.len() == 2 {
        return (Some("both".to_string()), Some(BOTH_SIDES));
    }
    // A two-sided story whose thread is on one side only: a third party's words there are
    // about that side ("he is distancing himself", of the other side's leader). In a story
    // with one side, that side is the home of the news, not what outsiders speak at.
    let mut sides = principals.iter().filter(|p| thread.contains(&p.as_str()));
    match (sides.next(), sides.next()) {
        (Some(p), None) if principals.len() == 2 => (Some(p.clone()), Some(THREAD)),
        _ => (None, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    /// A writer whose only words around the quote are its paragraphs (`thread`).
    fn thread_only<'a>(thread: &'a [&'a str]) -> Writer<&'a [&'a str]> {
        Writer {
            after: &[],
            lead: &[],
            own: &[],
            thread,
        }
    }

    fn t(
        speaker: Option<&str>,
        named: &[&str],
        lead: &[&str],
    ) -> (Option<String>, Option<&'static str>) {
        // The thread names both sides unless a test says otherwise.
        target(
            speaker,
            (named, false, false),
            &Writer {
                after: &[],
                lead,
                own: lead,
                thread: &["Iran", "United States"],
            },
            &s(&["Iran", "United States"]),
        )
    }

    fn is(party: &str, why: &'static str) -> (Option<String>, Option<&'static str>) {
        (Some(party.to_string()), Some(why))
    }

    #[test]
    fn principal_speaker() {
        assert_eq!(
            t(Some("Iran"), &[], &[]),
            is("United States", OTHER_PRINCIPAL)
        );
        assert_eq!(
            t(Some("Iran"), &["Iran", "Israel"], &[]),
            is("Israel", QUOTE)
        );
        // A lead-in about the other side governs a quote that names no one.
        assert_eq!(
            t(Some("United States"), &[], &["Iran"]),
            is("Iran", LEAD_IN)
        );
        // A lead-in about Europe governs a quote that names no one.
        assert_eq!(
            t(Some("United States"), &[], &["European Union"]),
            is("European Union", LEAD_IN)
        );
        // The quote's own mention outranks the lead-in.
        assert_eq!(
            t(Some("United States"), &["Iran"], &["European Union"]),
            is("Iran", QUOTE)
        );
    }

    #[test]
    fn other_principal_only_while_the_thread_is_on_it() {
        let pr = s(&["Iran", "United States"]);
        // "Our partners must carry more of the load," the envoy told the summit: the
        // paragraphs around it never name Iran, so the quote is not aimed at Iran.
        assert_eq!(
            target(
                Some("United States"),
                (&[], false, false),
                &thread_only(&["United States"]),
                &pr
            ),
            (None, None)
        );
        // "If they push us, we push back": the unnamed "they" is the other side.
        assert!(speaks_to_someone("If they push us, we push back."));
        assert!(!speaks_to_someone("The theory is sound."));
        assert!(!speaks_to_someone("Thank you to the crews for their work."));
        assert_eq!(
            target(
                Some("United States"),
                (&[], false, true),
                &thread_only(&["United States"]),
                &pr
            ),
            is("Iran", OTHER_PRINCIPAL)
        );
        assert_eq!(
            target(
                Some("United States"),
                (&[], false, false),
                &thread_only(&["Iran", "United States"]),
                &pr
            ),
            is("Iran", OTHER_PRINCIPAL)
        );
    }

    #[test]
    fn third_party_speaker() {
        assert_eq!(t(Some("Oman"), &[], &[]), (None, None));
        assert_eq!(t(Some("Oman"), &["Iran"], &[]), is("Iran", QUOTE));
        assert_eq!(
            t(Some("Oman"), &["Iran", "United States"], &[]),
            is("both", QUOTE)
        );
        // An EU leader criticising Washington aims at the US, not at both.
        assert_eq!(
            t(Some("European Union"), &["United States"], &[]),
            is("United States", QUOTE)
        );
        assert_eq!(
            t(Some("Oman"), &[], &["Iran", "United States"]),
            is("both", LEAD_IN)
        );
    }

    #[test]
    fn both_sides_only_when_spoken_of() {
        let pr = s(&["Iran", "United States"]);
        assert!(speaks_of_both("Both sides must calm down."));
        assert!(!speaks_of_both("We must calm down."));
        assert!(speaks_of_both(
            "They should talk to EACH OTHER, not past it."
        ));
        assert!(speaks_of_both("A deal good for The Two Countries."));
        assert!(!speaks_of_both("Both of the sides left."));
        assert_eq!(
            target(Some("Oman"), (&[], true, false), &thread_only(&[]), &pr),
            is("both", BOTH_SIDES)
        );
        assert_eq!(
            target(Some("Oman"), (&[], false, false), &thread_only(&[]), &pr),
            (None, None)
        );
    }

    #[test]
    fn a_third_party_in_a_paragraph_on_one_side_speaks_of_it() {
        // "He is only shielding himself," said the widow, in a paragraph on the Saudi
        // prince: the paragraph names one side only.
        let writer = |thread| Writer {
            after: &[][..],
            lead: &[][..],
            own: &[][..],
            thread,
        };
        let pr = s(&["Saudi Arabia", "United Nations"]);
        let t = |thread, pr: &[String]| {
            target(Some("Turkey"), (&[], false, false), &writer(thread), pr)
        };
        assert_eq!(
            t(&["Saudi Arabia", "Turkey"], &pr),
            is("Saudi Arabia", THREAD)
        );
        // Unless the quote speaks to its listener (checked where the quote text is known).
        assert!(speaks_to_listener(
            "Sir, I am not sure you heard the applause."
        ));
        assert!(!speaks_to_listener("He is only shielding himself."));
        // Both sides in the paragraph, or a story with one side: no target.
        assert_eq!(t(&["Saudi Arabia", "United Nations"], &pr), (None, None));
        assert_eq!(t(&["Saudi Arabia"], &s(&["Saudi Arabia"])), (None, None));
    }

    #[test]
    fn unknown_speaker_party_reads_only_the_quotes_own_sentence() {
        // "The Samoan cabinet met. It said the ruling was 'unwelcome'": the sentence before
        // names the speaker's own side, not the target.
        let pr = s(&["Samoa", "United States"]);
        let writer = |own| Writer {
            after: &[][..],
            lead: &["Samoa"][..],
            own,
            thread: &["Samoa"][..],
        };
        assert_eq!(
            target(None, (&[], false, false), &writer(&[]), &pr),
            (None, None)
        );
        assert_eq!(
            target(None, (&[], false, false), &writer(&["Samoa"]), &pr),
            is("Samoa", LEAD_IN)
        );
    }

    #[test]
    fn unknown_speaker() {
        // "The Iranian forces held," said a source: the source may be Iranian.
        assert_eq!(t(None, &["Iran"], &[]), (None, None));
        assert_eq!(t(None, &["United States"], &["Iran"]), is("Iran", LEAD_IN));
        assert_eq!(t(None, &[], &["Iran"]), is("Iran", LEAD_IN));
        assert_eq!(t(None, &["Israel"], &[]), (None, None));
    }
}
