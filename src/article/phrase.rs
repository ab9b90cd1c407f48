//! Finds the speaker phrase around a speech cue in a token stream: the subject before a cue,
//! the noun phrase after an inverted cue, or the subject that opens a clause.

use super::cues::{self, is_det};
use std::sync::LazyLock;

use super::text::{is_cap, is_number_word, Tok, TokKind, WordSet};

const MAX_NP: usize = 14;

/// Sentence openers that introduce an adverbial clause before the subject.
#[rustfmt::skip]
const OPENERS: &[&str] = &[
    "In", "At", "On", "Back", "Speaking", "Asked", "According", "After", "Before", "During",
    "While", "When", "Since", "Despite", "Following", "Earlier", "Later", "Meanwhile", "However",
    "For", "From", "Under", "With", "Without", "Separately", "Elsewhere", "Also", "But", "And",
    "Yet", "Still", "Even", "Last", "Unlike", "Like", "Amid", "Writing", "Interviewed",
    "Responding", "Addressing", "Pressed", "Questioned", "Reacting", "Outside", "Inside",
    "Likewise", "Similarly", "Shortly", "Soon", "Moreover", "Instead", "Finally", "Indeed",
    "Nonetheless", "Nevertheless", "Ultimately", "Additionally", "Furthermore", "Upon",
    "Throughout", "Within", "Regarding",
];

static OPENER_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(OPENERS));

pub(crate) fn word<'a>(text: &'a str, t: &Tok) -> &'a str {
    if t.kind == TokKind::Word {
        t.text(text)
    } else {
        ""
    }
}

/// Is `toks[i]` a speech cue? Returns its length in tokens (2 for "according to").
pub(crate) fn cue_at(text: &str, toks: &[Tok], i: usize) -> Option<usize> {
    let w = word(text, toks.get(i)?);
    if w.eq_ignore_ascii_case("according") && toks.get(i + 1).is_some_and(|t| word(text, t) == "to")
    {
        return Some(2);
    }
    if cues::is_cue_word(w) {
        return (!is_noun_after_of(text, toks, i) && !is_counted_noun(text, toks, i)).then_some(1);
    }
    // "The notice alleged that…", "alleges the plan…": a verb before "that", an article or a
    // quote; not "the alleged plot", "alleged fraud".
    if matches!(w, "alleged" | "alleges") {
        let before = i.checked_sub(1).map_or("", |k| word(text, &toks[k]));
        let verb = toks.get(i + 1).is_some_and(|t| {
            t.kind == TokKind::Quote || matches!(word(text, t), "that" | "the" | "a" | "an")
        });
        return (verb && !is_det(before)).then_some(1);
    }
    // "a statement which read": "read" is a cue only after a written remark.
    let remark_before = |k: usize| {
        i > k
            && matches!(word(text, &toks[i - 1]), "which" | "that")
            && crate::article::speaker::is_remark(word(text, &toks[i - k - 1]))
    };
    if w == "reported" {
        // "The Herald reported that…", "…," the Herald reported.: not "the reported attack"
        // or "a remark reported in the Herald".
        // "the Herald reported Monday.": a day or time word may come between.
        let k = if toks.get(i + 1).is_some_and(|t| is_time_word(word(text, t))) {
            i + 2
        } else {
            i + 1
        };
        // After a time word a place may follow too ("reported Monday in its story").
        let ends = toks.get(k).is_none_or(|t| {
            word(text, t) == "that"
                || t.kind == TokKind::Punct && matches!(t.text(text), "." | "," | ":" | ";")
                || k == i + 2 && matches!(word(text, t), "in" | "on" | "at")
        });
        return (i > 0 && ends).then_some(1);
    }
    // "she's like, "…"", "they were like "…"": the quotative "be like", right before a
    // quote, after a person (not "it was like "…"", a comparison).
    if w == "like" {
        return quotative_like(text, toks, i).then_some(1);
    }
    // "you state", "I state": a verb only after a personal pronoun ("the state said" is not).
    if matches!(w, "state" | "states") {
        let pronoun = i.checked_sub(1).is_some_and(|k| {
            matches!(
                word(text, &toks[k]),
                "you" | "I" | "we" | "We" | "You" | "they" | "They" | "he" | "she" | "He" | "She"
            )
        });
        return pronoun.then_some(1);
    }
    // "referred to the troops as": naming someone is quoting the name.
    if matches!(w, "referred" | "refers") && toks.get(i + 1).is_some_and(|t| word(text, t) == "to")
    {
        let named = toks
            .iter()
            .skip(i + 2)
            .take(8)
            .take_while(|t| t.kind == TokKind::Word)
            .any(|t| word(text, t) == "as");
        return named.then_some(1);
    }
    (w == "read" && (remark_before(1) || remark_before(2))).then_some(1)
}

/// Is "like" at `i` the quotative "be like": a form of "be" (or a contraction: "she's")
/// before it, a quote (or the end of the writer's words before one) after it, and a
/// subject that is not "it", "that" or "this"?
fn quotative_like(text: &str, toks: &[Tok], i: usize) -> bool {
    let next_is_quote = |k: usize| toks.get(k).is_none_or(|t| t.kind == TokKind::Quote);
    let quote_after = next_is_quote(i + 1)
        || toks.get(i + 1).is_some_and(|t| t.is_punct(text, ",")) && next_is_quote(i + 2);
    if !quote_after || i == 0 {
        return false;
    }
    let be = word(text, &toks[i - 1]);
    let lower = cues::lowercase(be);
    let contracted = ["'s", "’s", "'re", "’re", "'m", "’m"]
        .iter()
        .any(|c| lower.ends_with(c));
    let form = matches!(lower.as_ref(), "is" | "was" | "were" | "are" | "am" | "be");
    let subject = if contracted {
        lower.as_ref()
    } else if form && i >= 2 {
        word(text, &toks[i - 2])
    } else {
        return false;
    };
    let thing = ["it", "that", "this", "what", "there"]
        .iter()
        .any(|t| cues::lowercase(subject).starts_with(t));
    (contracted || form) && !thing
}

/// "a flurry of tweets", "a string of late-night claims": a cue word right after "of" (or
/// after "of" and a hyphenated modifier) is a noun, not the verb of a credit.
fn is_noun_after_of(text: &str, toks: &[Tok], i: usize) -> bool {
    let before = |k: usize| i.checked_sub(k).map_or("", |j| word(text, &toks[j]));
    before(1) == "of" || before(2) == "of" && before(1).contains('-') && !is_cap(before(1))
}

/// "nine felony charges", "the charges", "his notes": a cue word that is also a plural noun,
/// after a determiner or a number (one word may come between the number and it), is the
/// noun.
fn is_counted_noun(text: &str, toks: &[Tok], i: usize) -> bool {
    let before = |k: usize| i.checked_sub(k).map_or("", |j| word(text, &toks[j]));
    let number = |w: &str| {
        !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit()) || {
            let lower = cues::lowercase(w);
            is_number_word(&lower) || matches!(lower.as_ref(), "several" | "multiple" | "numerous")
        }
    };
    matches!(
        word(text, &toks[i]),
        "charges" | "notes" | "tweets" | "replies" | "vows"
    ) && (is_det(before(1)) || number(before(1)) || number(before(2)) && !is_cap(before(1)))
}

/// Noun phrase ending at `end` (exclusive), walking back: capitalised words, role and other
/// content words, "of/for/to/at" inside a title, "and" between names; stops at function
/// words, verbs, punctuation and quotes.
pub(crate) fn np_back(text: &str, toks: &[Tok], end: usize) -> Option<(usize, usize)> {
    let mut i = end;
    while i > 0 && end - i < MAX_NP {
        let t = &toks[i - 1];
        if t.kind != TokKind::Word {
            break;
        }
        let w = t.text(text);
        if is_det(w) {
            i -= 1;
            // "a spokesman for the … association", "Iran's envoy to the IAEA".
            let prep = i.checked_sub(1).map(|k| word(text, &toks[k])).unwrap_or("");
            let before = i.checked_sub(2).map(|k| word(text, &toks[k])).unwrap_or("");
            if matches!(prep, "of" | "for" | "to" | "at")
                && (is_cap(before) || cues::is_role_word(before))
            {
                i -= 1;
                continue;
            }
            break;
        }
        if is_cap(w) || cues::is_name_particle(w) {
            if OPENER_SET.contains(w) && i - 1 == 0 {
                break;
            }
            i -= 1;
            continue;
        }
        let prev = i.checked_sub(2).map(|k| word(text, &toks[k])).unwrap_or("");
        let next = toks.get(i).map(|t| word(text, t)).unwrap_or("");
        if matches!(w, "of" | "for" | "to" | "at")
            && i < end
            && (is_cap(prev) || cues::is_role_word(prev) || cues::is_name_particle(prev))
        {
            i -= 1;
            continue;
        }
        // "Commission on Free Trade", "Council on Foreign Relations": a body's name.
        if w == "on" && i < end && is_cap(prev) && cues::is_org_head(prev) && is_cap(next) {
            i -= 1;
            continue;
        }
        if w == "and" && i < end && is_cap(prev) && is_cap(next) {
            i -= 1;
            continue;
        }
        // "pro-Beijing" ends in a place, not a participle.
        let place_tail = w.rsplit('-').next().is_some_and(is_cap);
        if cues::is_stop(w)
            || cues::is_cue_word(w)
            || w.ends_with("ing") && !place_tail
            || (w.ends_with("ed") && !cues::is_role_word(w))
        {
            break;
        }
        if w.chars().next().is_some_and(char::is_numeric) {
            break;
        }
        i -= 1;
    }
    // Never start on a connector.
    while i < end && matches!(word(text, &toks[i]), "of" | "for" | "to" | "at" | "and") {
        i += 1;
    }
    (i < end).then_some((i, end))
}

/// The token after a number joined by "/" or "-" ("9/11", "24-7") at `i`, when a lowercase
/// word and then a capitalised one follow it: a modifier of a description before a name.
fn numeric_modifier_end(text: &str, toks: &[Tok], i: usize) -> Option<usize> {
    let digits =
        |t: &Tok| t.kind == TokKind::Word && t.text(text).bytes().all(|b| b.is_ascii_digit());
    let [a, sep, b, noun, name] = toks.get(i..i + 5)? else {
        return None;
    };
    let joined = digits(a)
        && (sep.is_punct(text, "/") || sep.is_punct(text, "-"))
        && digits(b)
        && sep.start == a.end
        && b.start == sep.end;
    let described = noun.kind == TokKind::Word
        && !is_cap(noun.text(text))
        && !cues::is_stop(noun.text(text))
        && is_cap(word(text, name));
    (joined && described).then_some(i + 3)
}

/// Noun phrase starting at `start`, walking forward, with appositives after commas
/// ("Maria Lund, IAEA Director General", "the agency director, Maria Lund").
pub(crate) fn np_forward(text: &str, toks: &[Tok], start: usize) -> Option<(usize, usize)> {
    let mut i = start;
    let mut seen_head = false;
    // Inside an appositive opened by a determiner (", an IT consultant"), where a lowercase
    // noun after a capitalised modifier heads the appositive.
    let mut det_appositive = false;
    while i < toks.len() && i - start < MAX_NP * 2 {
        let t = &toks[i];
        if t.kind == TokKind::Punct && t.text(text) == "," {
            // Continue only into an appositive that looks like a name or a role.
            let next = toks.get(i + 1).map(|t| word(text, t)).unwrap_or("");
            if seen_head
                && (is_cap(next) && !OPENER_SET.contains(next)
                    || is_det(next)
                    || cues::is_role_word(next))
                && !matches!(next, "who" | "which")
            {
                det_appositive = is_det(next);
                i += 1;
                continue;
            }
            break;
        }
        if !seen_head && i + 1 < toks.len() {
            if let Some(next) = numeric_modifier_end(text, toks, i) {
                // "9/11 widow Ann Roe", "24-7 nurse Tom Vale": the number is a modifier.
                i = next;
                continue;
            }
        }
        if t.kind != TokKind::Word {
            break;
        }
        let w = t.text(text);
        let ok = if is_cap(w)
            || cues::is_name_particle(w)
            || cues::is_role_word(w)
            || cues::is_org_head(w)
        {
            true
        } else if is_det(w) {
            !seen_head
                || toks
                    .get(i.wrapping_sub(1))
                    .is_some_and(|p| p.is_punct(text, ","))
                || matches!(
                    toks.get(i.wrapping_sub(1)).map(|p| word(text, p)),
                    Some("of" | "for" | "at" | "to")
                )
        } else if matches!(w, "of" | "for" | "at" | "to") {
            seen_head
                && toks.get(i + 1).is_some_and(|n| {
                    is_cap(word(text, n))
                        || is_det(word(text, n))
                        || cues::is_role_word(word(text, n))
                })
        } else if w == "and" {
            seen_head && toks.get(i + 1).is_some_and(|n| is_cap(word(text, n)))
        } else {
            // Other lowercase words (adjectives, nouns) before the first head, or between a
            // capitalised word and a name ("Democratic nominee Ana Ruiz").
            let plain = |w: &str| {
                !w.is_empty()
                    && !is_cap(w)
                    && !cues::is_stop(w)
                    && !cues::is_cue_word(w)
                    && !w.ends_with("ed")
                    && !w.ends_with("ing")
            };
            // "undecided voter Kim Osei", "retired teacher Ann Roe": an -ed adjective before
            // a lowercase noun and a name.
            // "undecided Labour voter Ann Roe": or before a capitalised modifier.
            let adjective = !seen_head
                && w.ends_with("ed")
                && !cues::is_cue_word(w)
                && toks.get(i + 1).is_some_and(|n| {
                    plain(word(text, n)) && toks.get(i + 2).is_some_and(|n| is_cap(word(text, n)))
                        || (i == start || i == start + 1 && is_det(word(text, &toks[start])))
                            && is_cap(word(text, n))
                            && !is_det(word(text, n))
                            && toks.get(i + 2).is_some_and(|n| plain(word(text, n)))
                });
            adjective
                || plain(w)
                    && if seen_head && is_possessed(text, toks, i, start) {
                        // "Ana Ruiz's campaign", "Ruiz's right-hand woman": the possessed
                        // noun heads the phrase.
                        true
                    } else if seen_head
                        && det_appositive
                        && toks.get(i.wrapping_sub(1)).is_some_and(|p| {
                            let p = word(text, p);
                            is_cap(p) && !is_det(p)
                        })
                    {
                        // ", an IT consultant": the noun after the capitalised modifier.
                        true
                    } else if seen_head {
                        let ahead = toks.get(i + 1..(i + 4).min(toks.len())).unwrap_or(&[]);
                        ahead
                            .iter()
                            .map(|n| word(text, n))
                            .take_while(|n| !is_cap(n))
                            .all(plain)
                            && ahead.iter().any(|n| is_cap(word(text, n)))
                    } else {
                        toks.get(i + 1).is_some_and(|n| n.kind == TokKind::Word) || {
                            // "his brother, Omar Fadel": a noun before an appositive name.
                            let appositive = toks.get(i + 1).is_some_and(|n| n.is_punct(text, ","))
                                && toks.get(i + 2).is_some_and(|n| {
                                    let n = word(text, n);
                                    is_cap(n) && !OPENER_SET.contains(n) && !is_det(n)
                                });
                            if appositive {
                                seen_head = true;
                            }
                            appositive
                        }
                    }
        };
        if !ok {
            break;
        }
        // A determiner ("A witness", "The envoy") is not the head the phrase needs; a body
        // is ("The government of Upper Volta": the place after "of" belongs to it).
        if is_cap(w) && !is_det(w) || cues::is_role_word(w) || cues::is_org_head(w) {
            seen_head = true;
        }
        i += 1;
    }
    let mut end = i;
    while end > start
        && matches!(
            word(text, &toks[end - 1]),
            "of" | "for" | "at" | "to" | "and" | "a" | "an" | "the" | ""
        )
    {
        end -= 1;
    }
    // "The scheduling was…": a determiner alone is no phrase.
    if toks[start..end].iter().all(|t| is_det(word(text, t))) {
        return None;
    }
    (end > start).then_some((start, end))
}

/// The subject of the cue at `cue` (token index), handling "X, who said", parentheticals
/// ("Benali, asked whether…, said") and appositive names ("Japan's envoy, Ri, said").
pub(crate) fn subject_before(text: &str, toks: &[Tok], cue: usize) -> Option<(usize, usize)> {
    let mut j = cue;
    loop {
        while j > 0 && {
            let w = word(text, &toks[j - 1]);
            cues::is_skippable(w) || is_negative_aux(w)
        } {
            j -= 1;
        }
        // "Cole last week said", "Cole on Monday said": a time phrase before the cue.
        if j >= 2
            && matches!(
                word(text, &toks[j - 2]),
                "last" | "this" | "next" | "on" | "early" | "late"
            )
            && is_time_word(word(text, &toks[j - 1]))
        {
            j -= 2;
            continue;
        }
        // "Cole — a teacher from Lund — says": an aside between dashes before the cue.
        if j >= 3 && is_dash(&toks[j - 1], text) {
            if let Some(d) = (1..j - 1).rev().take(20).find(|&d| is_dash(&toks[d], text)) {
                j = d;
                continue;
            }
        }
        // "Cole went on to say", "Cole was quick to add": the cue's subject is the phrase's.
        if j >= 4
            && word(text, &toks[j - 1]) == "to"
            && matches!(
                (word(text, &toks[j - 3]), word(text, &toks[j - 2])),
                ("went" | "goes" | "go" | "going", "on") | ("was" | "were" | "is" | "are", "quick")
            )
        {
            j -= 3;
            continue;
        }
        break;
    }
    if j == 0 {
        return None;
    }
    // "Nikki Holm of the National Crime Agency (NCA) said": the acronym belongs to the name;
    // "Jen Marr (Nora Vale, Gem Girls) told", "Ann Roe (pictured) said": an aside in
    // parentheses is passed over.
    if j >= 3 && toks[j - 1].is_punct(text, ")") {
        if let Some(open) = (j.saturating_sub(16)..j - 1)
            .rev()
            .find(|&k| toks[k].is_punct(text, "(") || toks[k].is_punct(text, ")"))
            .filter(|&k| toks[k].is_punct(text, "(") && k > 0)
        {
            j = open;
        }
    }
    let prev = &toks[j - 1];
    if word(text, prev) == "who" {
        if j >= 2 && toks[j - 2].is_punct(text, ",") {
            return np_back(text, toks, j - 2);
        }
        // "drafted by Alex Green who said", "tour guide Tom Reed who said" (an age between
        // commas is cut from the tokens): a name right before "who".
        let np = np_back(text, toks, j - 1)?;
        let named = np.1 - np.0 >= 2
            && toks[np.1 - 2..np.1]
                .iter()
                .all(|t| is_cap(word(text, t)) && !is_det(word(text, t)));
        return named.then_some(np);
    }
    if prev.is_punct(text, ",") {
        // The segment between the previous comma and this one.
        let mut seg_end = j - 1;
        let mut seg_start = comma_segment_start(toks, seg_end);
        // "Cole, during a visit to Dover, Ohio, said": a state after a town is no appositive
        // name; the segment is the one before it.
        if seg_end == seg_start + 1
            && seg_start >= 2
            && toks[seg_start - 1].is_punct(text, ",")
            && crate::article::credit::is_lone_non_speaker(word(text, &toks[seg_start]))
        {
            seg_end = seg_start - 1;
            seg_start = comma_segment_start(toks, seg_end);
        }
        let first = toks.get(seg_start).map(|t| word(text, t)).unwrap_or("");
        let comma_before = seg_start > 0 && toks[seg_start - 1].is_punct(text, ",");
        // "someone, apparently Ivanov, says": the hedged appositive names who speaks.
        if is_hedge(first)
            && seg_start + 1 < seg_end
            && toks[seg_start + 1..seg_end]
                .iter()
                .all(|t| is_cap(word(text, t)) && !is_det(word(text, t)))
        {
            return Some((seg_start + 1, seg_end));
        }
        if seg_start < seg_end && is_cap(first) && !OPENER_SET.contains(first) {
            // Appositive name: include the role phrase before it when there is one.
            if comma_before {
                if let Some((a, _)) = np_back(text, toks, seg_start - 1) {
                    return Some((a, seg_end));
                }
            }
            return np_back(text, toks, seg_end);
        }
        if comma_before {
            // "Cole, meanwhile, who…, said": a sentence adverb set off by commas is skipped.
            let mut k = seg_start - 1;
            while k >= 2
                && toks[k - 2].is_punct(text, ",")
                && is_sentence_adverb(word(text, &toks[k - 1]))
            {
                k -= 2;
            }
            // "The Lund Port Authority (LPA), which…, said": the acronym belongs to the name.
            if k >= 3
                && toks[k - 1].is_punct(text, ")")
                && toks[k - 3].is_punct(text, "(")
                && toks[k - 2].kind == TokKind::Word
            {
                k -= 3;
            }
            if let Some(np) = np_back(text, toks, k) {
                return Some(np);
            }
        }
        // "Rob Hale, a strategist who ran the count in 2008 and now runs the state effort,
        // said", "Ann Roe, 34, of Leeds, said": the clause's subject, set off by the comma
        // that opens its appositive.
        return leading_np(text, &toks[..seg_end])
            .filter(|np| toks.get(np.1).is_some_and(|t| t.is_punct(text, ",")));
    }
    // "a source familiar with the talks said": the phrase before the adjective speaks.
    if let Some(head) = familiar_source(text, toks, j) {
        return Some(head);
    }
    let np = np_back(text, toks, j)?;
    // "Ann Lee from the Green camp said", "Ann Lee from Lund University said": the name
    // before "from" speaks; "Cole in his first speech called", "Cole during a visit
    // thanked": an aside between the name and its verb.
    if let Some(name) =
        name_before_from(text, toks, np.0).or_else(|| name_before_aside(text, toks, np.0))
    {
        return Some(name);
    }
    // "an official who spoke anonymously to discuss strategy said": the infinitive's words
    // belong to a relative clause; its antecedent before "who" speaks.
    if let Some(head) = antecedent_of_infinitive(text, toks, np.0) {
        return Some(head);
    }
    // "Ann Cole of Lund University and columnist for the Herald wrote": the phrase after a
    // preposition is part of an appositive joined by "and"; the name before it speaks.
    if let Some(head) = head_before_and(text, toks, np.0) {
        return Some(head);
    }
    // "Pappas speaking to the Atlantic Council called": the participle's object is not the
    // subject; the phrase before the participle is.
    if np.0 >= 2
        && matches!(word(text, &toks[np.0 - 1]), "to" | "with" | "for")
        && word(text, &toks[np.0 - 2]).ends_with("ing")
    {
        if let Some(inner) = np_back(text, toks, np.0 - 2) {
            return Some(inner);
        }
    }
    // "Erwin Pask, Dean of Valley Law School called": the name before an appositive role.
    if np.0 >= 2
        && toks[np.0 - 1].is_punct(text, ",")
        && cues::is_role_word(word(text, &toks[np.0]))
    {
        if let Some((a, b)) = np_back(text, toks, np.0 - 1) {
            let opens = a == 0 || toks[a - 1].kind != TokKind::Word;
            // Two capitalised words at least: "Yesterday, President Rouhani" is no name.
            let name = b >= a + 2 && toks[a..b].iter().all(|t| is_cap(word(text, t)));
            if b == np.0 - 1 && opens && name {
                return Some((a, np.1));
            }
        }
    }
    Some(np)
}

/// The name of two or more capitalised words right before "from" at `start - 1`.
fn name_before_from(text: &str, toks: &[Tok], start: usize) -> Option<(usize, usize)> {
    let from = start.checked_sub(1)?;
    if word(text, &toks[from]) != "from" {
        return None;
    }
    let (a, b) = np_back(text, toks, from)?;
    let name = b - a >= 2
        && toks[a..b]
            .iter()
            .all(|t| is_cap(word(text, t)) && !is_det(word(text, t)));
    name.then_some((a, b))
}

/// The capitalised name right before a prepositional aside that starts at `start - 1` and
/// whose phrase opens with an article or a possessive ("in his speech", "during a visit").
fn name_before_aside(text: &str, toks: &[Tok], start: usize) -> Option<(usize, usize)> {
    let prep = start.checked_sub(1)?;
    let aside = matches!(
        word(text, &toks[prep]),
        "in" | "during" | "at" | "via" | "through"
    ) && is_det(word(text, &toks[start]));
    if !aside {
        return None;
    }
    let (a, b) = np_back(text, toks, prep)?;
    let name = toks[a..b]
        .iter()
        .all(|t| is_cap(word(text, t)) && !is_det(word(text, t)));
    // The name opens its clause ("when Vale in his speech said"), not a verb's object.
    let opens =
        a == 0 || toks[a - 1].kind != TokKind::Word || cues::is_stop(word(text, &toks[a - 1]));
    (name && opens).then_some((a, b))
}

/// Adverbs that hedge an appositive naming someone ("someone, apparently Ivanov, said").
fn is_hedge(w: &str) -> bool {
    matches!(
        w,
        "apparently"
            | "seemingly"
            | "reportedly"
            | "allegedly"
            | "presumably"
            | "probably"
            | "possibly"
            | "likely"
    )
}

/// "a person familiar with the matter", "sources close to the campaign", "officials briefed
/// on the plan", ending at `end`: the phrase before the adjective.
fn familiar_source(text: &str, toks: &[Tok], end: usize) -> Option<(usize, usize)> {
    let k = (end.saturating_sub(10)..end).rev().find(|&k| {
        matches!(
            word(text, &toks[k]),
            "familiar" | "close" | "briefed" | "knowledgeable"
        ) && toks
            .get(k + 1)
            .is_some_and(|t| matches!(word(text, t), "with" | "to" | "on" | "about"))
    })?;
    if toks[k..end].iter().any(|t| t.kind != TokKind::Word) {
        return None;
    }
    let (a, b) = np_back(text, toks, k)?;
    (b == k).then_some((a, b))
}

/// When the phrase starting at `start` opens with a lowercase word right after "to" (an
/// infinitive: "to discuss strategy") or is its object ("to explain the plan"), and "who"
/// comes shortly before it, the phrase before "who".
fn antecedent_of_infinitive(text: &str, toks: &[Tok], start: usize) -> Option<(usize, usize)> {
    let first = word(text, &toks[start]);
    // "to discuss strategy" or "to explain [the plan]".
    let to = if is_det(first) {
        let verb = start.checked_sub(1)?;
        let v = word(text, &toks[verb]);
        if is_cap(v) || cues::is_stop(v) {
            return None;
        }
        verb.checked_sub(1)?
    } else {
        start.checked_sub(1)?
    };
    if word(text, &toks[to]) != "to" || is_cap(first) && !is_det(first) {
        return None;
    }
    let who = (to.saturating_sub(8)..to)
        .rev()
        .find(|&k| word(text, &toks[k]) == "who")?;
    let end = if who > 0 && toks[who - 1].is_punct(text, ",") {
        who - 1
    } else {
        who
    };
    np_back(text, toks, end)
}

/// When the phrase starting at `start` follows "<noun> for|to|of|at" and, before that noun,
/// "and" (at most three lowercase words between), the named phrase before "and" when it
/// opens the clause: "Ann Cole of Lund University and columnist for [the Herald]".
fn head_before_and(text: &str, toks: &[Tok], start: usize) -> Option<(usize, usize)> {
    let prep = start.checked_sub(1)?;
    if !matches!(word(text, &toks[prep]), "for" | "to" | "of" | "at") {
        return None;
    }
    let and = (prep.saturating_sub(4)..prep)
        .rev()
        .find(|&k| word(text, &toks[k]) == "and")?;
    let between = &toks[and + 1..prep];
    let plain = !between.is_empty()
        && between.iter().all(|t| {
            let w = word(text, t);
            t.kind == TokKind::Word && !is_cap(w) && !cues::is_stop(w) && !w.ends_with("ed")
        });
    if !plain {
        return None;
    }
    let (a, b) = np_back(text, toks, and)?;
    let opens = a == 0 || toks[a - 1].kind != TokKind::Word;
    let named = toks[a..b].iter().filter(|t| is_cap(word(text, t))).count() >= 2;
    (opens && named).then_some((a, b))
}

/// A dash that sets off an aside ("—", "–").
pub(crate) fn is_dash(t: &Tok, text: &str) -> bool {
    t.kind == TokKind::Punct && matches!(t.text(text), "—" | "–")
}

/// Is `toks[i]` the noun a capitalised possessive owns ("Ruiz's campaign", "Ruiz's right-hand
/// woman")? Not after "It's" or "Friday's"; a second word ending in -s reads as a verb
/// ("Ruiz's letter makes").
fn is_possessed(text: &str, toks: &[Tok], i: usize, start: usize) -> bool {
    let run = possessed_run(text, toks, i, start);
    if run > 1 || run == 1 && word(text, &toks[i]).ends_with('s') {
        return false;
    }
    let owner = i.checked_sub(run + 1).map_or("", |k| word(text, &toks[k]));
    let bare = crate::article::text::strip_possessive(owner);
    let lower = cues::lowercase(bare);
    !cues::is_det(&lower)
        && cues::pronoun_kind(&lower).is_none()
        && !matches!(
            bare,
            "It" | "That" | "There" | "Here" | "What" | "Who" | "Let"
        )
        && !crate::article::credit::is_lone_non_speaker(bare)
}

/// How many lowercase words stand between `toks[i]` and a capitalised possessive before it
/// ("Ruiz's right-hand woman": 1 for "woman"); `usize::MAX` when there is none.
fn possessed_run(text: &str, toks: &[Tok], i: usize, start: usize) -> usize {
    let mut k = i;
    while k > start && i - k < 3 {
        let w = word(text, &toks[k - 1]);
        if is_cap(w) {
            let possessive = ["'s", "’s", "s'", "s’"].iter().any(|p| w.ends_with(p));
            return if possessive { i - k } else { usize::MAX };
        }
        if w.is_empty() {
            break;
        }
        k -= 1;
    }
    usize::MAX
}

/// Start of the run of words that ends at `end` (a comma's index), at most 20 words back.
fn comma_segment_start(toks: &[Tok], end: usize) -> usize {
    let mut start = end;
    while start > 0 && toks[start - 1].kind == TokKind::Word && end - start < 20 {
        start -= 1;
    }
    start
}

/// Adverbs that a writer sets off by commas after a subject ("Cole, meanwhile, said").
fn is_sentence_adverb(w: &str) -> bool {
    matches!(
        w,
        "meanwhile"
            | "however"
            | "though"
            | "too"
            | "also"
            | "instead"
            | "likewise"
            | "nonetheless"
            | "nevertheless"
            | "meantime"
            | "moreover"
            | "similarly"
            | "separately"
    )
}

/// Can word `w` open a modifier inside an opening adverbial: a lowercase word, not a
/// determiner or a pronoun (which would open the clause's subject)?
fn opens_lowercase_modifier(w: &str) -> bool {
    !(w.is_empty() || is_cap(w) || is_det(w) || cues::pronoun_kind(w).is_some())
}

/// "Following a hastily called, late-evening session, the board said": the adverbial goes
/// on past its first comma. When the words at `start` are lowercase (no determiner, no
/// pronoun, no verb) up to a comma that a determiner or a capital follows, returns the
/// token after that comma.
fn adverbial_tail_end(text: &str, toks: &[Tok], start: usize) -> Option<usize> {
    if !opens_lowercase_modifier(word(text, toks.get(start)?)) {
        return None;
    }
    let comma = start
        + toks[start..]
            .iter()
            .take(6)
            .position(|t| t.is_punct(text, ","))?;
    let plain = toks[start..comma].iter().all(|t| {
        let w = word(text, t);
        t.kind == TokKind::Word && !is_cap(w) && !cues::is_stop(w) && !cues::is_cue_word(w)
    });
    let next = word(text, toks.get(comma + 1)?);
    (plain && comma > start && (is_det(next) || is_cap(next))).then_some(comma + 1)
}

/// The subject that opens a clause: skips an opening adverbial ("In Algiers, …") and takes the
/// noun phrase, plus an appositive name after it.
pub(crate) fn leading_np(text: &str, toks: &[Tok]) -> Option<(usize, usize)> {
    let mut start = 0;
    // Dateline: "MUSCAT, Oman (Wire) — …".
    if let Some(d) = toks
        .iter()
        .take(12)
        .position(|t| t.kind == TokKind::Punct && matches!(t.text(text), "—" | "–" | "-"))
    {
        if toks[..d].iter().any(|t| t.is_punct(text, "(")) {
            start = d + 1;
        }
    }
    let mut first = toks.get(start).map(|t| word(text, t)).unwrap_or("");
    // "And then Cole went on the attack, saying": a conjunction (and an adverb) straight
    // before a name opens no adverbial clause.
    if matches!(first, "And" | "But" | "Yet" | "So" | "Or") {
        let mut j = start + 1;
        if toks
            .get(j)
            .is_some_and(|t| matches!(word(text, t), "then" | "now" | "also" | "later" | "soon"))
        {
            j += 1;
        }
        let next = toks.get(j).map(|t| word(text, t)).unwrap_or("");
        if is_cap(next)
            && !OPENER_SET.contains(next)
            && !crate::article::credit::is_lone_non_speaker(next)
        {
            start = j;
            first = next;
        }
    }
    let mut opened = false;
    // "Underwhelmed with her role, she left": a past participle opening the sentence,
    // a preposition after it (not "Ted Cruz").
    let participle_clause = first.ends_with("ed")
        && toks.get(start + 1).is_some_and(|t| {
            matches!(
                word(text, t),
                "with" | "by" | "about" | "at" | "over" | "in" | "from"
            )
        });
    if OPENER_SET.contains(first) || first.ends_with("ing") || participle_clause {
        let comma = toks[start..]
            .iter()
            .take(40)
            .position(|t| t.is_punct(text, ","))?;
        start += comma + 1;
        opened = true;
        // "However, addressing the leaders, Chakrapani proposed": a participle clause too;
        // "On Monday, after a long wait, Cole endorsed": a second adverbial.
        let next = toks.get(start).map(|t| word(text, t)).unwrap_or("");
        let adverbial = matches!(
            next,
            "after" | "before" | "while" | "during" | "despite" | "following" | "since" | "when"
        );
        if next.ends_with("ing") && !is_cap(next) || adverbial {
            if let Some(comma) = toks[start..]
                .iter()
                .take(20)
                .position(|t| t.is_punct(text, ","))
            {
                start += comma + 1;
            }
        } else if let Some(after) = adverbial_tail_end(text, toks, start) {
            start = after;
        } else if let Some(after) = adverbial_segment_end(text, toks, start) {
            start = after;
        }
    } else if let Some(comma) = toks[start..]
        .iter()
        .take(6)
        .position(|t| t.is_punct(text, ","))
    {
        // "Hours later, Trump…", "Friday, Cole…": a time adverbial before the subject.
        let last = toks[start..start + comma]
            .last()
            .map(|t| word(text, t))
            .unwrap_or("");
        if comma > 0 && (is_time_word(last) || crate::article::credit::is_lone_non_speaker(first)) {
            start += comma + 1;
        }
    }
    if toks.get(start).is_some_and(|t| t.kind != TokKind::Word) {
        return None;
    }
    let (s, e) = np_forward(text, toks, start)?;
    // "One of these groups, the River Alliance, said": the appositive names the one.
    if e == s + 1
        && word(text, &toks[s]) == "One"
        && toks.get(e).is_some_and(|t| word(text, t) == "of")
    {
        if let Some(c) = (e + 1..toks.len().min(e + 8)).find(|&k| toks[k].is_punct(text, ",")) {
            let next = toks.get(c + 1).map_or("", |t| word(text, t));
            if is_cap(next) || is_det(next) {
                if let Some(np) = np_forward(text, toks, c + 1).filter(|np| np.0 == c + 1) {
                    return Some(np);
                }
            }
        }
    }
    // "Speaking in Salem, New Hampshire, Trump went…": after an opening clause, a place
    // set off by commas comes before the subject.
    if opened && e - s <= 3 && toks.get(e).is_some_and(|t| t.is_punct(text, ",")) {
        if let Some((s2, e2)) = np_forward(text, toks, e + 1) {
            let verb = toks.get(e2).map(|t| word(text, t)).unwrap_or("");
            if s2 == e + 1 && !verb.is_empty() && !is_cap(verb) && !cues::is_stop(verb) {
                return Some((s2, e2));
            }
        }
    }
    Some((s, e))
}

/// "didn't", "doesn’t": a negated auxiliary between a subject and its verb.
fn is_negative_aux(w: &str) -> bool {
    matches!(
        w.strip_suffix("n't").or_else(|| w.strip_suffix("n’t")),
        Some(
            "did"
                | "does"
                | "do"
                | "would"
                | "could"
                | "wo"
                | "has"
                | "have"
                | "had"
                | "is"
                | "was"
        )
    )
}

/// "In a long, in-prison interview with Ana Lind last year, Moss said": after the opener's
/// first comma, a segment opening with a lowercase modifier, with no verb before the next
/// comma, still belongs to the adverbial. Returns the index after that comma.
fn adverbial_segment_end(text: &str, toks: &[Tok], start: usize) -> Option<usize> {
    if !opens_lowercase_modifier(word(text, toks.get(start)?)) {
        return None;
    }
    let comma = toks[start..]
        .iter()
        .take(20)
        .position(|t| t.is_punct(text, ","))?;
    let segment = &toks[start..start + comma];
    let verbless = segment.iter().all(|t| {
        let w = word(text, t);
        !cues::is_cue_word(w) && !w.ends_with("ed")
    });
    verbless.then_some(start + comma + 1)
}

/// Words that end a time adverbial ("Hours later", "Two days ago", "Friday morning").
fn is_time_word(w: &str) -> bool {
    matches!(
        w,
        "later"
            | "ago"
            | "earlier"
            | "morning"
            | "afternoon"
            | "evening"
            | "night"
            | "week"
            | "month"
            | "year"
            | "today"
            | "tonight"
            | "yesterday"
    ) || super::text::is_weekday(w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::text::tokenize_into;

    pub(super) fn subject(text: &str) -> Option<String> {
        let mut toks = Vec::new();
        tokenize_into(text, 0, text.len(), &[], usize::MAX, &mut toks);
        let cue = toks.iter().position(|t| word(text, t) == "said")?;
        let (a, b) = subject_before(text, &toks, cue)?;
        Some(text[toks[a].start..toks[b - 1].end].to_string())
    }

    fn forward(text: &str) -> Option<String> {
        let mut toks = Vec::new();
        tokenize_into(text, 0, text.len(), &[], usize::MAX, &mut toks);
        let (a, b) = np_forward(text, &toks, 0)?;
        Some(text[toks[a].start..toks[b - 1].end].to_string())
    }

    #[test]
    fn a_body_keeps_the_place_after_of() {
        assert_eq!(
            forward("The ministry of Upper Volta issued a note").as_deref(),
            Some("The ministry of Upper Volta")
        );
    }

    #[test]
    fn the_antecedent_of_a_relative_clause_with_an_infinitive_speaks() {
        assert_eq!(
            subject("a city hall aide who spoke anonymously to explain the plan said it")
                .as_deref(),
            Some("a city hall aide")
        );
    }

    #[test]
    fn a_source_familiar_with_something_speaks() {
        assert_eq!(
            subject("Another source familiar with Cole's plans said it").as_deref(),
            Some("Another source")
        );
        assert_eq!(
            subject("Two aides close to the mayor said it").as_deref(),
            Some("Two aides")
        );
    }

    #[test]
    fn the_head_of_a_subject_joined_by_and_speaks() {
        assert_eq!(
            subject("Mary Olsen of Lund University and columnist for the Herald said it")
                .as_deref(),
            Some("Mary Olsen of Lund University")
        );
    }

    #[test]
    fn a_number_joined_by_a_slash_modifies_a_description_before_a_name() {
        let text = "said 9/11 widow Ann Roe.";
        let mut toks = Vec::new();
        tokenize_into(text, 0, text.len(), &[], usize::MAX, &mut toks);
        let (a, b) = np_forward(text, &toks, 1).unwrap();
        assert_eq!(&text[toks[a].start..toks[b - 1].end], "9/11 widow Ann Roe");
        // A bare figure is no description.
        let text = "said 9/11 was the turning point.";
        tokenize_into(text, 0, text.len(), &[], usize::MAX, &mut toks);
        assert!(np_forward(text, &toks, 1).is_none_or(|(a, _)| a != 1));
    }

    #[test]
    fn an_opening_adverbial_may_run_past_its_first_comma() {
        let text = "Following a hastily called, late-evening meeting, the Harbour Board issued a statement";
        let mut toks = Vec::new();
        tokenize_into(text, 0, text.len(), &[], usize::MAX, &mut toks);
        let (a, b) = leading_np(text, &toks).unwrap();
        assert_eq!(&text[toks[a].start..toks[b - 1].end], "the Harbour Board");
        // A plain plural subject after the adverbial stays the subject.
        let text = "Following the vote, officials issued a statement";
        tokenize_into(text, 0, text.len(), &[], usize::MAX, &mut toks);
        let (a, b) = leading_np(text, &toks).unwrap();
        assert_eq!(&text[toks[a].start..toks[b - 1].end], "officials");
    }

    #[test]
    fn a_cue_word_after_of_is_a_noun() {
        let text = "Ann Roe says the mayor's string of late-night tweets was rude";
        let mut toks = Vec::new();
        tokenize_into(text, 0, text.len(), &[], usize::MAX, &mut toks);
        let at = |w: &str| toks.iter().position(|t| word(text, t) == w).unwrap();
        assert_eq!(cue_at(text, &toks, at("says")), Some(1));
        assert_eq!(cue_at(text, &toks, at("tweets")), None);
    }

    #[test]
    fn an_acronym_before_a_relative_clause() {
        assert_eq!(
            subject("The Lund Port Authority (LPA), which runs the docks, said the pier is safe."),
            Some("The Lund Port Authority".to_string())
        );
    }

    #[test]
    fn a_long_appositive_clause_leaves_the_clause_subject() {
        assert_eq!(
            subject("Rob Hale, a planner who drew the map and is now running the whole campaign in the north of the state, said the plan works."),
            Some("Rob Hale".to_string())
        );
        assert_eq!(
            subject("Ann Roe, 34, of Leeds, said the bus was late."),
            Some("Ann Roe".to_string())
        );
        assert_eq!(
            subject("Mia Lund, the mayor, said so."),
            Some("Mia Lund".to_string())
        );
    }
}

#[cfg(test)]
mod appositive_tests {
    use super::tests::subject;
    use super::{cue_at, word};

    #[test]
    fn an_age_or_a_hedge_between_commas_leaves_the_name() {
        assert_eq!(
            subject("One hero was tour guide Tom Reed who said").as_deref(),
            Some("tour guide Tom Reed")
        );
        assert_eq!(
            subject("In the tape someone, apparently Ivanov, said").as_deref(),
            Some("Ivanov")
        );
        assert_eq!(
            subject("Lena Ko from the pro-Beijing camp said").as_deref(),
            Some("Lena Ko")
        );
        assert_eq!(
            subject("The break was plain when Vale in his first speech said").as_deref(),
            Some("Vale")
        );
        let cue = |t: &str| {
            let mut toks = Vec::new();
            crate::article::text::tokenize_into(t, 0, t.len(), &[], usize::MAX, &mut toks);
            let i = toks.iter().position(|k| word(t, k) == "alleged").unwrap();
            cue_at(t, &toks, i).is_some()
        };
        assert!(cue("The lawsuit alleged that the firm lied"));
        assert!(!cue("He denied the alleged plot"));
        assert!(!cue("They face charges of alleged fraud"));
    }
}
