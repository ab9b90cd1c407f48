//! Splits a speaker phrase ("US Secretary of State Marco Rubio", "the agency director, Maria
//! Lund", "Hale and Pike") into name, role, organisation and the party it names.

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

#[derive(Debug, Clone)]
pub(crate) struct Speaker {
    /// What the `speaker` field shows: the name(s) if any, else the descriptive phrase.
    pub text: String,
    pub name: Option<String>,
    pub role: Option<String>,
    pub org: Option<String>,
    pub party: Option<String>,
    pub kind: Kind,
    /// 'p' he/she, 'g' they, 'o' it: must be resolved to an earlier speaker.
    pub pronoun: Option<char>,
    /// Head noun of a back-reference like "the envoy"; must be resolved.
    pub description: Option<String>,
    /// Conjoined speakers from different parties: the party stays unknown.
    pub conflict: bool,
    /// Byte offset of the phrase.
    pub pos: usize,
    /// The members of conjoined speakers ("Hale and Pike").
    pub members: Vec<Speaker>,
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
        && g.party_of(bare).is_none()
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
    while start > 0 && is_name_word(text, &toks[start - 1], g) {
        start -= 1;
    }
    // Particles cannot open a name.
    while start < end && cues::is_name_particle(word(text, &toks[start])) {
        start += 1;
    }
    (start < end).then_some((start, with_suffix))
}

fn join(text: &str, toks: &[Tok]) -> String {
    match (toks.first(), toks.last()) {
        (Some(a), Some(b)) => text.get(a.start..b.end).unwrap_or("").to_string(),
        _ => String::new(),
    }
}

/// Words joined by single spaces (for roles assembled from non-adjacent words).
fn join_words(text: &str, toks: &[&Tok]) -> String {
    toks.iter()
        .map(|t| t.text(text))
        .collect::<Vec<_>>()
        .join(" ")
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

/// Analyses a speaker phrase. Returns None for an empty phrase.
pub(crate) fn analyse(text: &str, toks: &[Tok], g: &Gazetteer) -> Option<Speaker> {
    let mut toks = &toks[..cut_clause(text, toks)];
    // Trim punctuation and leading conjunctions.
    while let Some(t) = toks.first() {
        let w = word(text, t);
        if t.kind != TokKind::Word
            || matches!(
                w,
                "and" | "but" | "while" | "as" | "so" | "then" | "And" | "But"
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
    let first = toks.first()?;
    let pos = first.start;
    if toks.len() == 1 {
        if let Some(k) = cues::pronoun_kind(word(text, first)) {
            return Some(Speaker {
                text: word(text, first).to_string(),
                name: None,
                role: None,
                org: None,
                party: None,
                kind: Kind::Person,
                pronoun: Some(k),
                description: None,
                conflict: false,
                pos,
                members: Vec::new(),
            });
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
                text: format!("{} and {}", l.text, r.text),
                name: match (&l.name, &r.name) {
                    (Some(a), Some(b)) => Some(format!("{a} and {b}")),
                    _ => None,
                },
                role: None,
                org: None,
                party: if conflict { None } else { l.party.clone() },
                kind: Kind::Group,
                pronoun: None,
                description: None,
                conflict,
                pos,
                members: vec![l, r],
            });
        }
    }
    // The part that ends in a personal name, if any.
    let mut name_part = None;
    for &(s, e) in &ps {
        if let Some((ns, ne)) = trailing_name(text, &toks[s..e], g) {
            name_part = Some((s, e, s + ns, s + ne));
            break;
        }
    }
    let phrase_text = join(text, &toks[..ps.last().map_or(toks.len(), |p| p.1)]);
    let party = g.party_of(&phrase_text);
    let (name, role_src): (Option<String>, Vec<&Tok>) = match name_part {
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
    let org = org.or_else(|| org_of(text, main, g));
    let last = word(text, main.last()?);
    let head_is_party = name.is_none()
        && g.party_of(&join(text, main)).is_some()
        && main
            .iter()
            .all(|t| is_cap(word(text, t)) || is_det(word(text, t)));
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
    // "the envoy", "the statement": a back-reference to be resolved.
    let description = if name.is_none()
        && party.is_none()
        && matches!(word(text, first), "the" | "The")
        && main.len() <= 3
        && main[1..].iter().all(|t| !is_cap(word(text, t)))
    {
        Some(last.to_lowercase())
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
        members: Vec::new(),
    })
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
fn role_and_org(text: &str, toks: &[&Tok], g: &Gazetteer) -> (Option<String>, Option<String>) {
    let mut kept: Vec<&Tok> = Vec::new();
    for t in toks {
        let w = word(text, t);
        if w.is_empty() || is_det(w) {
            continue;
        }
        if matches!(w, "at" | "for" | "from" | "with" | "in" | "on") {
            break;
        }
        if g.party_of(strip_possessive(w)).is_some() && is_cap(w) {
            continue;
        }
        kept.push(t);
    }
    // Organisation: a capitalised run ending in an organisation head.
    let mut org = None;
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
                org = Some(join_words(text, &kept[i..=h]));
                kept.drain(i..=h);
                break;
            }
            i = j;
        } else {
            i += 1;
        }
    }
    while kept.last().is_some_and(|t| word(text, t) == "of") {
        kept.pop();
    }
    let role = (!kept.is_empty()).then(|| join_words(text, &kept));
    (role, org)
}

/// A capitalised run ending in an organisation head anywhere in the phrase.
fn org_of(text: &str, toks: &[Tok], g: &Gazetteer) -> Option<String> {
    let refs: Vec<&Tok> = toks.iter().collect();
    role_and_org(text, &refs, g).1
}
