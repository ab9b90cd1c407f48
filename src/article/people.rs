//! Mentions of known people in the writer's text, so that an article full of "Trump" counts
//! the United States among its principals.

use super::parties::Gazetteer;

/// Calls `f(start, party)` for each known person named in `text` ("Vladimir Putin",
/// "President Putin", "Putin"): two capitalised words are tried as one name first.
pub(crate) fn each_person<'g>(text: &str, g: &'g Gazetteer, mut f: impl FnMut(usize, &'g str)) {
    let bytes = text.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b >= 0x80;
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if is_word(bytes[i]) {
            let s = i;
            while i < bytes.len() && is_word(bytes[i]) {
                i += 1;
            }
            words.push((s, i));
        } else {
            i += 1;
        }
    }
    let cap = |w: &(usize, usize)| {
        text.get(w.0..w.1)
            .and_then(|s| s.chars().next())
            .is_some_and(char::is_uppercase)
    };
    let mut k = 0;
    while k < words.len() {
        let w = words[k];
        if !cap(&w) {
            k += 1;
            continue;
        }
        if let Some(&n) = words.get(k + 1) {
            if n.0 == w.1 + 1 && bytes[w.1] == b' ' && cap(&n) {
                if let Some(p) = text.get(w.0..n.1).and_then(|s| g.person_party(s)) {
                    f(w.0, p);
                    k += 2;
                    continue;
                }
            }
        }
        if let Some(p) = text.get(w.0..w.1).and_then(|s| g.person_party(s)) {
            f(w.0, p);
        }
        k += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_names_titles_and_surnames_count_once() {
        let g = Gazetteer::builtin();
        let text = "Vladimir Putin met aides. President Putin spoke; later Putin left. Mr Nobody.";
        let mut seen = Vec::new();
        each_person(text, &g, |s, p| seen.push((s, p.to_string())));
        let parties: Vec<&str> = seen.iter().map(|(_, p)| p.as_str()).collect();
        assert_eq!(parties, vec!["Russia", "Russia", "Russia"]);
        assert_eq!(seen[0].0, 0);
    }
}
