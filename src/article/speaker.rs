//! Splits a speaker phrase ("US Secretary of State Marco Rubio", "the agency director, Maria
//! Lund", "Hale and Pike") into name, role, organisation and the party it names.

use std::borrow::Cow;

use super::credit::{is_lone_non_speaker, party_word_country};
use super::cues::{self, is_det};
use super::parties::Gazetteer;
use super::phrase::word;
use super::text::{is_acronym, is_cap, strip_possessive, Tok, TokKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Person,
    Group,
    Org,
}

/// A speaker phrase, analysed. Its strings borrow the article (or the gazetteer, for the
/// party) where they can: speakers are cloned and remembered for every attribution.
#[derive(Debug, Clone)]
pub(crate) struct Speaker<'a> {
    /// What the `speaker` field shows: the name(s) if any, else the descriptive phrase.
    pub text: Cow<'a, str>,
    pub name: Option<Cow<'a, str>>,
    pub role: Option<Cow<'a, str>>,
    pub org: Option<Cow<'a, str>>,
    pub party: Option<&'a str>,
    pub kind: Kind,
    /// 'p' he/she, 'g' they, 'o' it: must be resolved to an earlier speaker.
    pub pronoun: Option<char>,
    /// Head noun of a back-reference like "the envoy"; must be resolved.
    pub description: Option<Cow<'a, str>>,
    /// Conjoined speakers from different parties: the party stays unknown.
    pub conflict: bool,
    /// Byte offset of the phrase.
    pub pos: usize,
    /// Byte offset just past the phrase (where a party tag would follow).
    pub end: usize,
    /// The members of conjoined speakers ("Hale and Pike").
    pub members: Vec<Speaker<'a>>,
}

impl<'a> Speaker<'a> {
    /// A pronoun (`kind` as in the `pronoun` field) spanning `pos..end`, to be resolved to an
    /// earlier speaker.
    fn pronoun(text: &'a str, kind: char, pos: usize, end: usize) -> Self {
        Speaker {
            text: Cow::Borrowed(text),
            name: None,
            role: None,
            org: None,
            party: None,
            kind: Kind::Person,
            pronoun: Some(kind),
            description: None,
            conflict: false,
            pos,
            end,
            members: Vec::new(),
        }
    }
}

/// Is this word part of a personal name?
fn is_name_word(text: &str, t: &Tok, g: &Gazetteer) -> bool {
    let w = word(text, t);
    if w.is_empty() {
        return false;
    }
    if cues::is_name_particle(w) {
        return true;
    }
    let bare = strip_possessive(w);
    is_cap(bare)
        && !is_acronym(bare)
        && !cues::is_role_word(bare)
        && !cues::is_org_head(bare)
        && !cues::is_not_name(bare)
        && !g.names_party(bare)
        // "a Republican, Mark Amodei,": a party word is not a name.
        && party_word_country(bare).is_none()
}

/// First- and second-person pronouns: 'i' ("I said", "Then I thought") is the speaker of the
/// paragraph, 'y' ("you wrote", asked in an interview) the person spoken to.
fn person_pronoun(w: &str) -> Option<char> {
    match w {
        "I" | "I'm" | "I\u{2019}m" | "we" | "We" => Some('i'),
        "you" | "You" => Some('y'),
        _ => None,
    }
}

/// Token range of the trailing personal name of `toks`, if any.
fn trailing_name(text: &str, toks: &[Tok], g: &Gazetteer) -> Option<(usize, usize)> {
    let mut end = toks.len();
    // Generational suffixes belong to the name ("Martin Luther King Jr.").
    let suffix = |t: &Tok| {
        matches!(
            word(text, t).trim_end_matches('.'),
            "Jr" | "Sr" | "II" | "III" | "IV"
        )
    };
    let with_suffix = end;
    while end > 1 && suffix(&toks[end - 1]) {
        end -= 1;
    }
    let toks = &toks[..end];
    // "Rubio's comments": a possessive is not the speaker.
    if toks
        .last()
        .is_some_and(|t| strip_possessive(word(text, t)).len() != word(text, t).len())
    {
        return None;
    }
    let mut start = end;
    // "Rep. Ron Jordan": a surname that is also a country's name, after a first name.
    if end >= 2
        && !is_name_word(text, &toks[end - 1], g)
        && is_cap(word(text, &toks[end - 1]))
        && g.names_party(strip_possessive(word(text, &toks[end - 1])))
        && !is_acronym(word(text, &toks[end - 1]))
        && is_name_word(text, &toks[end - 2], g)
        && !g.names_party(word(text, &toks[end - 2]))
    {
        start -= 1;
    }
    while start > 0 && is_name_word(text, &toks[start - 1], g) {
        start -= 1;
    }
    // Particles cannot open a name.
    while start < end && cues::is_name_particle(word(text, &toks[start])) {
        start += 1;
    }
    // "the House of Representatives", "a spokesman at Lockheed": one word after a
    // preposition names a place or a body, not a person.
    let after_prep = start > 0
        && matches!(
            word(text, &toks[start - 1]),
            "of" | "to" | "from" | "in" | "at"
        );
    if after_prep && end - start == 1 {
        return None;
    }
    // "the United States announced": words that together are a party's name ("Saudi
    // Arabia", or "New Zealand" with the word before) are no person's, though each alone
    // could be.
    let whole = |from: usize| g.alias_party(span_text(text, &toks[from..end])).is_some();
    if end - start >= 2 && whole(start) || start > 0 && whole(start - 1) {
        return None;
    }
    (start < end).then_some((start, with_suffix))
}

/// The text from the first token's start to the last one's end.
fn span_text<'a>(text: &'a str, toks: &[Tok]) -> &'a str {
    match (toks.first(), toks.last()) {
        (Some(a), Some(b)) => text.get(a.start..b.end).unwrap_or(""),
        _ => "",
    }
}

fn join<'a>(text: &'a str, toks: &[Tok]) -> Cow<'a, str> {
    Cow::Borrowed(span_text(text, toks))
}

/// Words joined by single spaces (for roles assembled from non-adjacent words); borrowed
/// from the text when they already stand so there.
fn join_words<'a>(text: &'a str, toks: &[&Tok]) -> Cow<'a, str> {
    let adjacent = toks
        .windows(2)
        .all(|w| text.get(w[0].end..w[1].start) == Some(" "));
    match (toks.first(), toks.last()) {
        (Some(a), Some(b)) if adjacent => Cow::Borrowed(text.get(a.start..b.end).unwrap_or("")),
        _ => Cow::Owned(
            toks.iter()
                .map(|t| t.text(text))
                .collect::<Vec<_>>()
                .join(" "),
        ),
    }
}

/// Splits at top-level commas; later parts that start like a clause ("who…", "speaking…",
/// "in remarks…") are dropped.
fn parts(text: &str, toks: &[Tok]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut s = 0;
    for i in 0..=toks.len() {
        let at_comma = i < toks.len() && toks[i].is_punct(text, ",");
        if i == toks.len() || at_comma {
            if s < i {
                if !out.is_empty() {
                    let w = word(text, &toks[s]);
                    let keeps = is_cap(w) || is_det(w) || cues::is_role_word(w);
                    if !keeps {
                        break;
                    }
                }
                out.push((s, i));
            }
            s = i + 1;
        }
    }
    out
}

/// Cuts the phrase at a relative or participle clause ("who chairs…").
fn cut_clause(text: &str, toks: &[Tok]) -> usize {
    toks.iter()
        .position(|t| {
            t.kind == TokKind::Quote
                || matches!(
                    word(text, t),
                    "who"
                        | "whose"
                        | "which"
                        | "that"
                        | "whom"
                        | "speaking"
                        | "adding"
                        | "when"
                        | "while"
                )
        })
        .unwrap_or(toks.len())
}

/// The phrase proper: cut at a clause, leading punctuation and conjunctions and trailing
/// punctuation trimmed. None when nothing is left.
fn trim_phrase<'t>(text: &str, toks: &'t [Tok]) -> Option<&'t [Tok]> {
    let mut toks = &toks[..cut_clause(text, toks)];
    // Trim punctuation and leading conjunctions.
    while let Some(t) = toks.first() {
        let w = word(text, t);
        if t.kind != TokKind::Word
            || matches!(
                w,
                "and"
                    | "but"
                    | "while"
                    | "as"
                    | "so"
                    | "then"
                    | "And"
                    | "But"
                    | "So"
                    | "Then"
                    | "because"
                    | "Because"
                    | "if"
                    | "If"
                    | "when"
                    | "When"
                    | "although"
                    | "Although"
            )
        {
            toks = &toks[1..];
        } else {
            break;
        }
    }
    while toks.last().is_some_and(|t| t.kind != TokKind::Word) {
        toks = &toks[..toks.len() - 1];
    }
    (!toks.is_empty()).then_some(toks)
}

/// The first part that ends in a personal name: (part start, part end, name start, name end).
fn name_part(
    text: &str,
    toks: &[Tok],
    ps: &[(usize, usize)],
    g: &Gazetteer,
) -> Option<(usize, usize, usize, usize)> {
    ps.iter().find_map(|&(s, e)| {
        trailing_name(text, &toks[s..e], g).map(|(ns, ne)| (s, e, s + ns, s + ne))
    })
}

/// Analyses a speaker phrase. Returns None for an empty phrase.
pub(crate) fn analyse<'a>(text: &'a str, toks: &[Tok], g: &'a Gazetteer) -> Option<Speaker<'a>> {
    let mut toks = trim_phrase(text, toks)?;
    // "Monday he said": the pronoun is the subject, the word before it an adverbial.
    let last_word = word(text, toks.last()?);
    if toks.len() > 1
        && (cues::pronoun_kind(last_word).is_some() || person_pronoun(last_word).is_some())
    {
        toks = &toks[toks.len() - 1..];
    }
    // "Friday said", "Instead, …": a lone word that never names a speaker.
    if toks.len() == 1 && is_lone_non_speaker(word(text, &toks[0])) {
        return None;
    }
    let (toks, place) = cut_place(text, toks, g);
    // "Her comments", "His remarks": the person they point to speaks.
    if toks.len() == 2 && is_remark(word(text, &toks[1])) {
        let k = match word(text, &toks[0]) {
            "His" | "his" | "Her" | "her" => Some('p'),
            "Their" | "their" => Some('g'),
            _ => None,
        };
        if let Some(k) = k {
            return Some(Speaker::pronoun(
                word(text, &toks[0]),
                k,
                toks[0].start,
                toks[1].end,
            ));
        }
    }
    // "a handshake", "the deal": things that happen or are agreed do not speak.
    // "the Clinton ad" too: after a determiner, capitalised modifiers do not make a speaker.
    let plain = toks
        .iter()
        .all(|t| !is_cap(word(text, t)) || is_det(word(text, t)));
    if toks.len() <= 4 && (plain || is_det(word(text, toks.first()?))) {
        let head = cues::lowercase(word(text, toks.last()?));
        if is_thing(&head) {
            return None;
        }
    }
    let first = toks.first()?;
    let pos = first.start;
    let end = toks.last()?.end;
    if toks.len() == 1 {
        let w = word(text, first);
        if let Some(k) = cues::pronoun_kind(w).or_else(|| person_pronoun(w)) {
            return Some(Speaker::pronoun(word(text, first), k, pos, end));
        }
    }
    let ps = parts(text, toks);
    let (ms, me) = *ps.first()?;
    let main = &toks[ms..me];
    // Conjoined speakers: "Hale and Pike", "Thai Foreign Minister X and Cambodian … Y".
    if let Some(and) = conjunction(text, main) {
        let left = analyse(text, &main[..and], g);
        let right = analyse(text, &main[and + 1..], g);
        if let (Some(l), Some(r)) = (left, right) {
            let conflict = l.party != r.party;
            return Some(Speaker {
                text: Cow::Owned(format!("{} and {}", l.text, r.text)),
                name: match (&l.name, &r.name) {
                    (Some(a), Some(b)) => Some(Cow::Owned(format!("{a} and {b}"))),
                    _ => None,
                },
                role: None,
                org: None,
                party: if conflict { None } else { l.party },
                kind: Kind::Group,
                pronoun: None,
                description: None,
                conflict,
                pos,
                end,
                members: vec![l, r],
            });
        }
    }
    // The part that ends in a personal name, if any.
    let name_part = name_part(text, toks, &ps, g);
    let phrase = &toks[..ps.last().map_or(toks.len(), |p| p.1)];
    let party = phrase_party(text, phrase, name_part.map(|(_, _, ns, ne)| (ns, ne)), g)
        .or_else(|| phrase_party(text, place, None, g))
        .or_else(|| {
            name_part
                .is_none()
                .then(|| possessor_party(text, main, g))?
        });
    let (name, role_src): (Option<Cow<'a, str>>, Vec<&Tok>) = match name_part {
        Some((s, _e, ns, ne)) => {
            let name = join(text, &toks[ns..ne]);
            let mut role: Vec<&Tok> = toks[s..ns].iter().collect();
            if role.iter().all(|t| !cues::is_role_word(word(text, t))) {
                // Role from an appositive part ("the agency director, Maria Lund").
                role = ps
                    .iter()
                    .filter(|&&(a, _)| a != s)
                    .map(|&(a, b)| toks[a..b].iter().collect::<Vec<_>>())
                    .find(|p| p.iter().any(|t| cues::is_role_word(word(text, t))))
                    .unwrap_or_default();
            }
            (Some(name), role)
        }
        None => (None, main.iter().collect()),
    };
    let (role, org) = role_and_org(text, &role_src, g);
    // Without a name the role words are the main part, whose organisation is known by now.
    let org = org.or_else(|| name_part.and_then(|_| org_of(text, main, g)));
    let last = word(text, main.last()?);
    // The word test first: it is far cheaper than looking the phrase up.
    let head_is_party = name.is_none()
        && main
            .iter()
            .all(|t| is_cap(word(text, t)) || is_det(word(text, t)))
        && g.names_party(span_text(text, main));
    let kind = if name.is_some() {
        Kind::Person
    } else if org.is_some() || head_is_party || cues::is_org_head(last) || last == "statement" {
        Kind::Org
    } else if last.ends_with('s') && !last.ends_with("ss") && last.chars().all(|c| c.is_lowercase())
    {
        Kind::Group
    } else {
        Kind::Person
    };
    // "the envoy", "the statement", "the Lord Mayor candidate": a back-reference to be
    // resolved. Capitalised words before its head are titles, not a name ("the Vale team").
    let description = if name.is_none()
        && party.is_none()
        && matches!(word(text, first), "the" | "The")
        && main.len() <= 4
        && !is_cap(last)
        && main[1..].iter().all(|t| {
            let w = word(text, t);
            !is_cap(w) || cues::is_role_word(w)
        }) {
        Some(cues::lowercase(last))
    } else {
        None
    };
    let text_out = match &name {
        Some(n) => n.clone(),
        None => join(text, main),
    };
    Some(Speaker {
        text: text_out,
        name,
        role,
        org,
        party,
        kind,
        pronoun: None,
        description,
        conflict: false,
        pos,
        end,
        members: Vec::new(),
    })
}

/// The party a speaker phrase names, outside the person's name ("Rep. Ron Jordan" is not
/// Jordan's) and before "to" after an envoy's title (a US ambassador to the UN is American).
fn phrase_party<'a>(
    text: &str,
    phrase: &[Tok],
    name: Option<(usize, usize)>,
    g: &'a Gazetteer,
) -> Option<&'a str> {
    let of = |toks: &[Tok]| -> Option<&'a str> {
        let cut = toks
            .windows(2)
            .position(|w| {
                word(text, &w[1]) == "to"
                    && matches!(
                        cues::lowercase(word(text, &w[0])).as_ref(),
                        "ambassador" | "envoy" | "representative" | "emissary" | "delegate"
                    )
            })
            .map_or(toks.len(), |k| k + 1);
        g.party_name_of(span_text(text, &toks[..cut]))
    };
    match name {
        Some((ns, ne)) => of(&phrase[..ns])
            .or_else(|| of(&phrase[ne..]))
            .or_else(|| city_body_party(text, &phrase[ne..], g))
            // "Leeds City College lecturer Ann Vale": the body's place.
            .or_else(|| g.institution_party(span_text(text, &phrase[..ns]))),
        None => of(phrase),
    }
}

/// Heads of a known person's people who are not on their side ("Putin's critics").
const NOT_THEIR_SIDE: &[&str] = &[
    "critics",
    "critic",
    "opponents",
    "opponent",
    "rivals",
    "rival",
    "enemies",
    "accusers",
    "victims",
    "counterpart",
    "counterparts",
];

/// "Erdogan's office", "President Putin's spokesman": who speaks for a known person is on
/// their side. The possessive must open the phrase's last words ("the office of" does not
/// count), and the head must not be their critics or rivals.
fn possessor_party<'a>(text: &str, toks: &[Tok], g: &'a Gazetteer) -> Option<&'a str> {
    let k = toks.iter().position(|t| {
        let w = word(text, t);
        strip_possessive(w).len() < w.len()
    })?;
    let head = cues::lowercase(word(text, toks.last()?));
    if k + 1 >= toks.len() || NOT_THEIR_SIDE.contains(&head.as_ref()) {
        return None;
    }
    let owner = strip_possessive(span_text(text, &toks[..=k]));
    let owner = owner.rsplit(' ').next().unwrap_or(owner);
    g.person_party(owner)
}

/// "Ana Holm, the director of the Lisbon Film Institute": a person who holds a role in a
/// body named after a city (a city glued to a name is otherwise no mention) is from the
/// city's country.
fn city_body_party<'a>(text: &str, toks: &[Tok], g: &'a Gazetteer) -> Option<&'a str> {
    let k = toks
        .iter()
        .position(|t| cues::is_role_word(word(text, t)) && !is_cap(word(text, t)))?;
    let mut j = k + 1;
    if toks.get(j).is_some_and(|t| word(text, t) == "of") {
        j += 1;
    } else {
        return None;
    }
    if toks.get(j).is_some_and(|t| word(text, t) == "the") {
        j += 1;
    }
    let city = word(text, toks.get(j)?);
    let next = word(text, toks.get(j + 1)?);
    if !is_cap(city) || !is_cap(next) {
        return None;
    }
    g.party_name_of(city).filter(|p| g.is_country(p))
}

/// "Senator Dan Roe of New York", "Steve Vale of the University of Essex", "Ann Roe for Civic
/// Poll", "said Dasbach to reporters": a personal name followed by a preposition ends the
/// phrase (the place or body after it would otherwise be taken as the name). Returns the
/// phrase and what was cut.
fn cut_place<'t>(text: &str, toks: &'t [Tok], g: &Gazetteer) -> (&'t [Tok], &'t [Tok]) {
    let mut part = 0;
    for k in 1..toks.len() {
        let t = &toks[k];
        if t.is_punct(text, ",") {
            part = k + 1;
            continue;
        }
        if !matches!(word(text, t), "of" | "from" | "to" | "at" | "for") || k <= part {
            continue;
        }
        // Two name words or a title before the name; a lone word only before "to" ("said
        // Dasbach to reporters"): "Friends of the Earth" is not a person.
        let lone_ok = word(text, t) == "to";
        let named = trailing_name(text, &toks[part..k], g)
            .is_some_and(|(ns, ne)| ne == k - part && (ne - ns >= 2 || ns > 0 || lone_ok));
        let more = toks.get(k + 1).is_some_and(|n| n.kind == TokKind::Word);
        if named && more {
            return (&toks[..k], &toks[k..]);
        }
    }
    (toks, &[])
}

/// Nouns for what someone said ("her comments").
pub(crate) fn is_remark(w: &str) -> bool {
    matches!(
        w,
        "comments"
            | "comment"
            | "remarks"
            | "remark"
            | "words"
            | "tweet"
            | "tweets"
            | "post"
            | "posts"
            | "message"
            | "letter"
            | "speech"
            | "reply"
            | "response"
            | "statement"
            | "release"
            | "note"
            | "report"
    )
}

/// Lowercase heads of phrases that name an event or a thing, never a speaker.
fn is_thing(w: &str) -> bool {
    matches!(
        w,
        "handshake"
            | "deal"
            | "agreement"
            | "plan"
            | "bill"
            | "move"
            | "decision"
            | "visit"
            | "trip"
            | "meeting"
            | "vote"
            | "law"
            | "measure"
            | "proposal"
            | "policy"
            | "attack"
            | "strike"
            | "election"
            | "implications"
            | "idea"
            | "effort"
            | "comments"
            | "remarks"
            | "ad"
            | "ads"
            | "video"
            | "photo"
            | "picture"
            | "headline"
    )
}

/// Index of an "and" joining two capitalised phrases.
fn conjunction(text: &str, toks: &[Tok]) -> Option<usize> {
    (1..toks.len().saturating_sub(1)).find(|&i| {
        word(text, &toks[i]) == "and"
            && is_cap(word(text, &toks[i - 1]))
            && is_cap(word(text, &toks[i + 1]))
    })
}

/// Role words (determiners and party words removed, cut at a preposition that leaves the
/// role) and the organisation inside them ("Foreign Ministry spokesman" → role "spokesman",
/// organisation "Foreign Ministry").
fn role_and_org<'a>(
    text: &'a str,
    toks: &[&Tok],
    g: &Gazetteer,
) -> (Option<Cow<'a, str>>, Option<Cow<'a, str>>) {
    let mut kept = role_words(text, toks.iter().copied(), g);
    let org = take_org(text, &mut kept);
    while kept.last().is_some_and(|t| word(text, t) == "of") {
        kept.pop();
    }
    let role = (!kept.is_empty()).then(|| join_words(text, &kept));
    (role, org)
}

/// The words of a phrase that may describe a role: determiners and party words left out, cut
/// at a preposition that leaves the role.
fn role_words<'t>(text: &str, toks: impl Iterator<Item = &'t Tok>, g: &Gazetteer) -> Vec<&'t Tok> {
    let mut kept: Vec<&Tok> = Vec::new();
    for t in toks {
        let w = word(text, t);
        if w.is_empty() || is_det(w) {
            continue;
        }
        if matches!(w, "at" | "for" | "from" | "with" | "in" | "on") {
            break;
        }
        if is_cap(w) && g.names_party(strip_possessive(w)) {
            continue;
        }
        kept.push(t);
    }
    kept
}

/// Removes and returns the organisation in role words: the first capitalised run ending in
/// an organisation head.
fn take_org<'a>(text: &'a str, kept: &mut Vec<&Tok>) -> Option<Cow<'a, str>> {
    let mut i = 0;
    while i < kept.len() {
        if is_cap(word(text, kept[i])) {
            let mut j = i;
            while j < kept.len() && (is_cap(word(text, kept[j])) || word(text, kept[j]) == "of") {
                j += 1;
            }
            if let Some(h) = (i..j)
                .rev()
                .find(|&k| cues::is_org_head(word(text, kept[k])))
            {
                let org = join_words(text, &kept[i..=h]);
                kept.drain(i..=h);
                return Some(org);
            }
            i = j;
        } else {
            i += 1;
        }
    }
    None
}

/// A capitalised run ending in an organisation head anywhere in the phrase.
fn org_of<'a>(text: &'a str, toks: &[Tok], g: &Gazetteer) -> Option<Cow<'a, str>> {
    take_org(text, &mut role_words(text, toks.iter(), g))
}

#[cfg(test)]
mod tests {
    use super::super::text::tokenize_into;
    use super::*;

    /// `analyse` on the whole of `phrase`.
    fn speaker<'a>(phrase: &'a str, g: &'a Gazetteer) -> Option<Speaker<'a>> {
        let mut toks = Vec::new();
        tokenize_into(phrase, 0, phrase.len(), &[], usize::MAX, &mut toks);
        analyse(phrase, &toks, g)
    }

    #[test]
    fn a_title_gives_role_name_and_party() {
        let g = Gazetteer::builtin();
        let s = speaker("Iranian Foreign Minister Reza Kamali", &g).unwrap();
        assert_eq!(s.name.as_deref(), Some("Reza Kamali"));
        assert_eq!(s.text, "Reza Kamali");
        assert_eq!(s.party, Some("Iran"));
        assert_eq!(s.kind, Kind::Person);
        assert!(s
            .role
            .as_deref()
            .is_some_and(|r| r.contains("Foreign Minister")));
        assert_eq!(s.pos, 0);
        assert_eq!(s.end, "Iranian Foreign Minister Reza Kamali".len());
    }

    #[test]
    fn a_definite_role_with_titles_is_a_back_reference() {
        let g = Gazetteer::builtin();
        let s = speaker("the Deputy Governor candidate", &g).unwrap();
        assert_eq!(s.description.as_deref(), Some("candidate"));
        assert!(s.name.is_none());
        // A capitalised word that is no title names someone: not a back-reference.
        let s = speaker("the Vale campaign team", &g).unwrap();
        assert!(s.description.is_none());
    }

    #[test]
    fn an_appositive_name_after_the_role() {
        let g = Gazetteer::builtin();
        let s = speaker("the agency director, Vera Lind", &g).unwrap();
        assert_eq!(s.name.as_deref(), Some("Vera Lind"));
        assert_eq!(s.party, None);
    }

    #[test]
    fn a_role_in_a_body_named_after_a_city_gives_its_country() {
        let g = Gazetteer::builtin();
        let s = speaker(
            "Ute Brandt, the director of the Hamburg Harbour Festival",
            &g,
        )
        .unwrap();
        assert_eq!(s.name.as_deref(), Some("Ute Brandt"));
        assert_eq!(s.party, Some("Germany"));
        // A body named after a city before the name: its place, though glued to the name.
        let s = speaker(
            "Hamburg Harbour University marine biology professor Ute Brandt",
            &g,
        );
        assert_eq!(s.unwrap().party, Some("Germany"));
        // A city in lower-case words is no body's name.
        let s = speaker("Ute Brandt, a chef from the old quarter", &g).unwrap();
        assert_eq!(s.party, None);
    }

    #[test]
    fn a_country_of_two_words_is_no_persons_name() {
        let g = Gazetteer::builtin();
        let s = speaker("Late on Friday, the United States", &g).unwrap();
        assert_eq!((s.name, s.party), (None, Some("United States")));
        let s = speaker("New Zealand", &g).unwrap();
        assert_eq!(
            (s.name, s.party, s.kind),
            (None, Some("New Zealand"), Kind::Org)
        );
        // A person's name is still one.
        let s = speaker("Rep. Ron Jordan", &g).unwrap();
        assert_eq!(s.name.as_deref(), Some("Ron Jordan"));
    }

    #[test]
    fn whoever_speaks_for_a_known_person_is_on_their_side() {
        let mut g = Gazetteer::builtin();
        g.merge_toml("[[party]]\nname = \"Freedonia\"\npeople = [\"Ada Quill\"]\n")
            .unwrap();
        let s = speaker("Ada Quill's office", &g).unwrap();
        assert_eq!((s.name, s.party), (None, Some("Freedonia")));
        let s = speaker("President Quill's spokesman", &g).unwrap();
        assert_eq!(s.party, Some("Freedonia"));
        // Critics are not on the person's side; an unknown person tells nothing.
        assert_eq!(speaker("Quill's critics", &g).unwrap().party, None);
        assert_eq!(speaker("Bo Tamm's office", &g).unwrap().party, None);
    }

    #[test]
    fn pronouns_wait_to_be_resolved() {
        let g = Gazetteer::builtin();
        assert_eq!(speaker("she", &g).unwrap().pronoun, Some('p'));
        assert_eq!(speaker("they", &g).unwrap().pronoun, Some('g'));
        // "Monday he said": the pronoun is the subject.
        let s = speaker("Monday he", &g).unwrap();
        assert_eq!((s.pronoun, s.text.as_ref()), (Some('p'), "he"));
        assert_eq!(speaker("Tom Orr", &g).unwrap().pronoun, None);
    }

    #[test]
    fn lone_words_that_never_speak_give_no_speaker() {
        let g = Gazetteer::builtin();
        assert!(speaker("Friday", &g).is_none());
        assert!(speaker("", &g).is_none());
    }

    #[test]
    fn conjoined_speakers_keep_both_and_a_party_only_if_they_share_it() {
        let g = Gazetteer::builtin();
        let s = speaker("Tom Orr and Bea Vance", &g).unwrap();
        assert_eq!(s.members.len(), 2);
        assert_eq!(s.text, "Tom Orr and Bea Vance");
        assert!(!s.conflict);
        let s = speaker("Iranian envoy Reza Kamali and US envoy Tom Vale", &g).unwrap();
        assert_eq!(s.members.len(), 2);
        assert!(s.conflict, "two parties");
        assert_eq!(s.party, None);
        assert_eq!(s.members[1].party, Some("United States"));
    }

    #[test]
    fn a_party_word_from_a_user_file_names_the_party() {
        let mut g = Gazetteer::builtin();
        g.merge_toml(
            "[[party]]\nname = \"Freedonia\"\naliases = [\"Freedonian\"]\npeople = [\"Ada Quill\"]\n",
        )
        .unwrap();
        let s = speaker("Freedonian envoy Ada Quill", &g).unwrap();
        assert_eq!(
            (s.name.as_deref(), s.party),
            (Some("Ada Quill"), Some("Freedonia"))
        );
        // Known people get their party when the quote is attributed, not from the phrase.
        assert_eq!(speaker("Ada Quill", &g).unwrap().party, None);
    }
}
