//! Mentions of known people in the writer's text, so that an article full of "Trump" counts
//! the United States among its principals.

use super::parties::Gazetteer;

/// Calls `f(start, end, party)` for each known person named in `text[start..end]` ("Vladimir
/// Putin", "President Putin", "Putin"): two capitalised words are tried as one name first.
pub(crate) fn each_person<'g>(
    text: &str,
    g: &'g Gazetteer,
    mut f: impl FnMut(usize, usize, &'g str),
) {
    let bytes = text.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b >= 0x80;
    let cap = |s: usize, e: usize| {
        let b = bytes[s];
        if b.is_ascii() {
            b.is_ascii_uppercase()
        } else {
            text.get(s..e)
                .and_then(|w| w.chars().next())
                .is_some_and(char::is_uppercase)
        }
    };
    let single = |w: (usize, usize), f: &mut dyn FnMut(usize, usize, &'g str)| {
        if let Some(p) = text.get(w.0..w.1).and_then(|s| g.person_party(s)) {
            f(w.0, w.1, p);
        }
    };
    // The previous capitalised word, not yet looked up: it may open a two-word name.
    let mut pending: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < bytes.len() {
        if !is_word(bytes[i]) {
            i += 1;
            continue;
        }
        let s = i;
        while i < bytes.len() && is_word(bytes[i]) {
            i += 1;
        }
        if !cap(s, i) {
            if let Some(p) = pending.take() {
                single(p, &mut f);
            }
            continue;
        }
        if let Some(p) = pending.take() {
            let bigram = (p.1 + 1 == s && bytes[p.1] == b' ')
                .then(|| text.get(p.0..i).and_then(|n| g.person_party(n)))
                .flatten();
            if let Some(party) = bigram {
                f(p.0, i, party);
                continue;
            }
            single(p, &mut f);
        }
        pending = Some((s, i));
    }
    if let Some(p) = pending {
        single(p, &mut f);
    }
}

/// The surnames of the known people named in full among `persons` (`each_person`'s finds in
/// `text`: "Boris Johnson" makes a later "Johnson" British, though the surname alone is too
/// common to list): surname → party, or `None` when two people named in full share it with
/// different parties.
pub(crate) fn known_surnames<'t, 'g>(
    text: &'t str,
    persons: &[(usize, usize, &'g str)],
) -> super::FastMap<&'t str, Option<&'g str>> {
    let mut out: super::FastMap<&'t str, Option<&'g str>> = super::fast_map();
    for &(s, e, party) in persons {
        let Some((_, surname)) = text.get(s..e).and_then(|n| n.rsplit_once(' ')) else {
            continue;
        };
        let entry = out.entry(surname).or_insert(Some(party));
        if *entry != Some(party) {
            *entry = None;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_names_titles_and_surnames_count_once() {
        let g = Gazetteer::builtin();
        let text = "Vladimir Putin met aides. President Putin spoke; later Putin left. Mr Nobody.";
        let mut seen = Vec::new();
        each_person(text, &g, |s, _, p| seen.push((s, p.to_string())));
        let parties: Vec<&str> = seen.iter().map(|(_, p)| p.as_str()).collect();
        assert_eq!(parties, vec!["Russia", "Russia", "Russia"]);
        assert_eq!(seen[0].0, 0);
    }

    #[test]
    fn full_names_give_their_surnames_a_party() {
        let g = Gazetteer::builtin();
        let text = "Prime Minister Boris Johnson spoke. Johnson later left; Mr Quill stayed.";
        let mut persons = Vec::new();
        each_person(text, &g, |s, e, p| persons.push((s, e, p)));
        let surnames = known_surnames(text, &persons);
        assert_eq!(
            surnames.get("Johnson").copied(),
            Some(Some("United Kingdom"))
        );
        assert_eq!(surnames.get("Quill"), None);
    }
}
