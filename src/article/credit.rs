//! US-style party tags in credits ("Sen. Ann Cole, D-Ore., said", "Rep. Tom Vale (R-Fla.)")
//! and the lone words that are never a speaker ("Friday", "Instead", "Oh").
//!
//! A tag sits between a name and its cue, where it would stop the speaker phrase; it is cut
//! out of the writer's tokens, and where it stood is remembered, since it also says the
//! speaker is a US politician.

use std::sync::LazyLock;

use super::cues::is_det;
use super::text::{is_cap, Tok, TokKind, WordSet};

/// Is `s` a party tag: D, R or I, a hyphen, then a state ("R-Fla.", "D-MA", "D- N.Y.")?
pub(crate) fn is_party_tag(s: &str) -> bool {
    let s = s.trim();
    let mut chars = s.chars();
    if !matches!(chars.next(), Some('D' | 'R' | 'I')) {
        return false;
    }
    let rest = chars.as_str().trim_start();
    let Some(state) = rest.strip_prefix('-') else {
        return false;
    };
    let state = state.trim_start();
    (2..=16).contains(&state.len())
        && state.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && state
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == '.' || c == ' ')
}

/// Could a tag start at this token? (A cheap test before the text is looked at.)
fn may_open_tag(text: &str, t: &Tok) -> bool {
    let b = text.as_bytes();
    t.kind == TokKind::Word
        && matches!(b.get(t.start), Some(b'D' | b'R' | b'I'))
        && (t.end == t.start + 1 || b.get(t.start + 1) == Some(&b'-'))
}

/// An age set off by commas ("Cole, 45, said").
fn is_age(text: &str, t: &Tok) -> bool {
    let w = t.text(text);
    t.kind == TokKind::Word && w.len() <= 3 && w.bytes().all(|b| b.is_ascii_digit())
}

/// US state abbreviations in the style news copy puts after a town ("Flint, Mich.").
#[rustfmt::skip]
const STATE_ABBREVIATIONS: &[&str] = &[
    "Ala.", "Ariz.", "Ark.", "Calif.", "Colo.", "Conn.", "Del.", "Fla.", "Ga.", "Ill.", "Ind.",
    "Kan.", "Ky.", "La.", "Md.", "Mass.", "Mich.", "Minn.", "Miss.", "Mo.", "Mont.", "Neb.",
    "Nev.", "N.H.", "N.J.", "N.M.", "N.Y.", "N.C.", "N.D.", "Okla.", "Ore.", "Pa.", "R.I.",
    "S.C.", "S.D.", "Tenn.", "Tex.", "Va.", "Vt.", "Wash.", "W.Va.", "Wis.", "Wyo.", "D.C.",
];

static STATE_ABBREVIATION_SET: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(STATE_ABBREVIATIONS));

/// Could a state abbreviation start at this token? (A cheap test first.)
fn may_open_state(text: &str, t: &Tok) -> bool {
    let b = text.as_bytes();
    t.kind == TokKind::Word
        && t.end - t.start <= 5
        && b.get(t.start).is_some_and(u8::is_ascii_uppercase)
        && (b.get(t.end) == Some(&b'.') || b.get(t.end.wrapping_sub(1)) == Some(&b'.'))
}

/// The end (exclusive token index) of a state abbreviation set off by commas after a town
/// (", Mich.," in "Cole of Flint, Mich., said"), the comma at `i` opening it.
fn state_after_town(text: &str, toks: &[Tok], i: usize) -> Option<usize> {
    if i == 0 || !toks[i].is_punct(text, ",") || !is_cap(toks[i - 1].text(text)) {
        return None;
    }
    let first = toks.get(i + 1).filter(|t| may_open_state(text, t))?;
    let close = (i + 2..toks.len().min(i + 8)).find(|&k| toks[k].is_punct(text, ","))?;
    let state = text.get(first.start..toks[close - 1].end)?;
    STATE_ABBREVIATION_SET.contains(state).then_some(close)
}

/// The closing parenthesis of a lone party letter or a state abbreviation in parentheses
/// right after a capitalised word ("Cole (R)", "Cole (Vt.)"), the "(" at `i` opening it.
fn bare_paren_tag(text: &str, toks: &[Tok], i: usize) -> Option<usize> {
    if i == 0 || !toks[i].is_punct(text, "(") || !is_cap(toks[i - 1].text(text)) {
        return None;
    }
    let first = toks.get(i + 1)?;
    let close = (i + 2..toks.len().min(i + 6)).find(|&k| toks[k].is_punct(text, ")"))?;
    let inner = text.get(first.start..toks[close - 1].end)?;
    let letter = matches!(inner, "D" | "R" | "I");
    let state = may_open_state(text, first) && STATE_ABBREVIATION_SET.contains(inner);
    (letter || state).then_some(close)
}

/// Removes party tags from `toks`: a parenthesis holding one ("(R-Fla.)") or one set off by
/// commas (", D-Ore.,"); ages after a name (", 45,") and state abbreviations after a town
/// (", Mich.,"), which stop a speaker phrase the same way. Calls `seen` with the end of the
/// token before each party tag removed.
pub(crate) fn strip_party_tags(text: &str, toks: &mut Vec<Tok>, mut seen: impl FnMut(usize)) {
    // Every tag opens with a comma or parenthesis after the first token, so a sentence
    // without one such pair (most sentences) is left as it is without the pass below.
    let may_open = |w: &[Tok]| {
        (w[0].is_punct(text, ",") || w[0].is_punct(text, "("))
            && (may_open_tag(text, &w[1]) || is_age(text, &w[1]) || may_open_state(text, &w[1]))
    };
    if !toks.get(1..).is_some_and(|t| t.windows(2).any(may_open)) {
        return;
    }
    let mut drop = vec![false; toks.len()];
    let mut i = 1;
    while i + 1 < toks.len() {
        let open = &toks[i];
        if open.is_punct(text, ",")
            && is_age(text, &toks[i + 1])
            && toks.get(i + 2).is_some_and(|t| t.is_punct(text, ","))
            && is_cap(toks[i - 1].text(text))
        {
            // "Cole, 45, said" loses both commas; "Cole, 45, a nurse, said" keeps one.
            let next_lower = toks.get(i + 3).is_some_and(|t| {
                t.kind == TokKind::Word && !is_cap(t.text(text)) && !is_det(t.text(text))
            });
            let last = if next_lower { i + 2 } else { i + 1 };
            for d in drop.iter_mut().take(last + 1).skip(i) {
                *d = true;
            }
            i = last + 1;
            continue;
        }
        if let Some(close) = state_after_town(text, toks, i) {
            // "of Flint, Mich., said" reads as "of Flint, said"; the closing comma stays.
            for d in drop.iter_mut().take(close).skip(i) {
                *d = true;
            }
            i = close;
            continue;
        }
        if let Some(close) = bare_paren_tag(text, toks, i) {
            // "Sen. Ann Cole (Vt.), who…, said" and "Gov. Tom Vale (R) said" read as if the
            // parenthesis were not there.
            for d in drop.iter_mut().take(close + 1).skip(i) {
                *d = true;
            }
            seen(toks[i - 1].end);
            i = close + 1;
            continue;
        }
        let paren = open.is_punct(text, "(");
        let comma = open.is_punct(text, ",");
        if (paren || comma) && may_open_tag(text, &toks[i + 1]) {
            // The tag runs to the closing mark (or, after a comma, to the next comma or a
            // word that cannot belong to it).
            let mut j = i + 1;
            while j < toks.len() && j - i <= 8 {
                let t = &toks[j];
                if paren && t.is_punct(text, ")") || comma && t.is_punct(text, ",") {
                    break;
                }
                if comma && t.kind == TokKind::Word && j > i + 1 && t.start > toks[j - 1].end + 1 {
                    break;
                }
                j += 1;
            }
            let inner_end = toks.get(j).map_or(toks[j - 1].end, |t| t.start);
            let inner = text.get(open.end..inner_end).unwrap_or("");
            if is_party_tag(inner) {
                // A closing parenthesis or comma goes with the tag.
                let last = if j < toks.len() { j } else { j - 1 };
                for d in drop.iter_mut().take(last + 1).skip(i) {
                    *d = true;
                }
                seen(toks[i - 1].end);
                i = last + 1;
                continue;
            }
        }
        i += 1;
    }
    let mut k = 0;
    toks.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
}

/// The country a domestic party word in a speaker phrase points to: "Democratic nominee",
/// "a Republican senator", "GOP leaders", "a Labour MP". Used for speakers only: in a
/// quote's text these words name a side in domestic politics, not a country as a target.
pub(crate) fn party_word_country(phrase: &str) -> Option<&'static str> {
    let words: Vec<&str> = phrase
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .collect();
    words.iter().enumerate().find_map(|(i, w)| {
        let prev = i.checked_sub(1).map_or("", |j| words[j]);
        let next = words.get(i + 1).copied().unwrap_or("");
        match *w {
            "Democrat" | "Democrats" | "Republican" | "Republicans" | "GOP" => {
                Some("United States")
            }
            "Democratic"
                if !matches!(next, "Republic" | "People" | "People's" | "Party")
                    && !matches!(prev, "Social" | "Christian" | "Liberal" | "Free" | "New") =>
            {
                Some("United States")
            }
            "Labour" | "Tory" | "Tories" => Some("United Kingdom"),
            _ => None,
        }
    })
}

/// Capitalised words that are never a speaker on their own: interjections, sentence
/// adverbs, days, months and US states (a credit names a person or a body, not a place).
#[rustfmt::skip]
const LONE: &[&str] = &[
    "Oh", "Wait", "Well", "Yes", "No", "Now", "Then", "There", "Here", "What", "Why", "How",
    "Just", "Early", "Instead", "As", "So", "Indeed", "Again", "Also", "Still", "Yet", "Today",
    "Tonight", "Yesterday", "Tomorrow", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    "Saturday", "Sunday", "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December", "Meanwhile", "However", "Later",
    "Earlier", "Finally", "First", "Second", "Last", "Next", "Thus", "Plus", "Hey", "Look",
    "Yeah", "Namely", "Nobody", "Everyone", "Everybody", "Someone", "Anyone", "Okay", "OK",
    "Please", "Sure", "Otherwise", "Therefore", "Moreover", "Furthermore", "Conversely", "Though",
    "Although", "Nevertheless", "Nonetheless", "Similarly", "Likewise", "Additionally",
    "Ultimately", "Initially", "Overall", "Hence", "Besides", "Regardless", "Often", "Sometimes",
    "Recently", "Previously", "Currently", "Apparently", "Clearly", "Obviously", "Perhaps",
    "Maybe", "Hastily", "Reached", "Ready", "Partial", "Not",
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut",
    "Delaware", "Florida", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas",
    "Kentucky", "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan", "Minnesota",
    "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada", "Ohio", "Oklahoma", "Oregon",
    "Pennsylvania", "Tennessee", "Texas", "Utah", "Vermont", "Wisconsin", "Wyoming",
];

static LONE_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(LONE));

/// Is `w`, standing alone, never a speaker?
pub(crate) fn is_lone_non_speaker(w: &str) -> bool {
    LONE_SET.contains(w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::text::tokenize_into;

    fn stripped(s: &str) -> (String, Vec<usize>) {
        let mut toks = Vec::new();
        tokenize_into(s, 0, s.len(), &[], usize::MAX, &mut toks);
        let mut seen = Vec::new();
        strip_party_tags(s, &mut toks, |e| seen.push(e));
        let words: Vec<&str> = toks.iter().map(|t| t.text(s)).collect();
        (words.join(" "), seen)
    }

    #[test]
    fn tags_are_recognised() {
        for t in ["R-Fla.", "D-MA", "D- Mich.", "I-Vt.", "R-N.Y.", " D-Ore. "] {
            assert!(is_party_tag(t), "{t}");
        }
        for t in ["R-", "Dr-X", "AP", "R-12", "I", "D-x"] {
            assert!(!is_party_tag(t), "{t}");
        }
    }

    #[test]
    fn a_lone_party_letter_or_state_in_parentheses_is_cut() {
        let (w, seen) = stripped("Gov. Lou Park (R) blamed it");
        assert_eq!(w, "Gov. Lou Park blamed it");
        assert_eq!(seen, vec![13]);
        let (w, _) = stripped("Sen. Ann Cole (Vt.), who ran, said it");
        assert_eq!(w, "Sen. Ann Cole , who ran , said it");
        // Other parentheses stay.
        let (w, _) = stripped("Ann Cole (ACL) said it");
        assert_eq!(w, "Ann Cole ( ACL ) said it");
    }

    #[test]
    fn parenthesised_and_comma_tags_are_cut() {
        let (w, seen) = stripped("Rep. Lou Park (R-Fla.) said it");
        assert_eq!(w, "Rep. Lou Park said it");
        assert_eq!(seen, vec![13]);
        let (w, seen) = stripped("Sen. Ann Cole, D-Ore., said it");
        assert_eq!(w, "Sen. Ann Cole said it");
        assert_eq!(seen, vec![13]);
        let (w, _) = stripped("said Sen. Ann Cole, D-Ore.");
        assert_eq!(w, "said Sen. Ann Cole");
    }

    #[test]
    fn ages_are_cut() {
        assert_eq!(stripped("Cole, 45, said it").0, "Cole said it");
        assert_eq!(
            stripped("Cole, 45, a nurse, said").0,
            "Cole , a nurse , said"
        );
        assert_eq!(
            stripped("in 2019, 45, 46, and").0,
            "in 2019 , 45 , 46 , and"
        );
    }

    #[test]
    fn state_abbreviations_after_a_town_are_cut() {
        assert_eq!(
            stripped("Kit Dorn of Flint, Mich., said it").0,
            "Kit Dorn of Flint , said it"
        );
        assert_eq!(
            stripped("Kit Dorn, of Dover, N.H., said it").0,
            "Kit Dorn , of Dover , said it"
        );
        // Not a state: the appositive stays.
        assert_eq!(
            stripped("Kit Dorn, Ann, said it").0,
            "Kit Dorn , Ann , said it"
        );
    }

    #[test]
    fn other_parentheses_stay() {
        let (w, seen) = stripped("Ann Cole (Dove Press) said it");
        assert_eq!(w, "Ann Cole ( Dove Press ) said it");
        assert!(seen.is_empty());
    }

    #[test]
    fn party_words() {
        assert_eq!(
            party_word_country("Democratic nominee Ana Ruiz"),
            Some("United States")
        );
        assert_eq!(party_word_country("GOP leaders"), Some("United States"));
        assert_eq!(party_word_country("a Labour MP"), Some("United Kingdom"));
        assert_eq!(party_word_country("the Social Democratic leader"), None);
        assert_eq!(party_word_country("the Democratic Republic envoy"), None);
        assert_eq!(party_word_country("Ana Ruiz"), None);
    }

    #[test]
    fn lone_words() {
        assert!(is_lone_non_speaker("Friday"));
        assert!(is_lone_non_speaker("Alabama"));
        assert!(!is_lone_non_speaker("Cole"));
    }
}
