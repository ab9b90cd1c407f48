//! The party gazetteer: countries, blocs and organisations, their aliases, and known people.

use std::collections::HashMap;

use super::text::is_cap;
use super::work;

const BUILTIN: &str = include_str!("gazetteer.tsv");

/// Words that may sit before a city alias without making it part of a longer proper name.
#[rustfmt::skip]
const FREE_BEFORE: &[&str] = &[
    "The", "In", "At", "From", "To", "Back", "Of", "For", "By", "On", "And", "But", "With", "As",
    "Since", "After", "Before", "Like", "Unlike", "Both", "Even", "Only", "While", "Where",
    "Meanwhile", "Also", "Near", "Outside", "Inside", "Across", "Toward", "Towards", "Via",
];

/// Capitalised words that may follow a city alias ("Washington Tuesday").
#[rustfmt::skip]
const FREE_AFTER: &[&str] = &[
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
    "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "The", "But", "And", "If", "It", "He", "She", "They", "We", "I",
];

/// Error from [`Gazetteer::merge_toml`].
#[derive(Debug, thiserror::Error)]
pub enum PartiesError {
    /// The file is not valid TOML or lacks a required field; carries the toml crate's message.
    #[error("invalid parties file: {0}")]
    Toml(String),
    /// A party entry is unusable (e.g. an empty name).
    #[error("invalid parties file: {0}")]
    Invalid(String),
}

#[derive(Debug, Clone)]
struct Alias {
    text: String,
    /// Index into `names`; `None` blocks the phrase.
    party: Option<usize>,
    /// City-like alias: skipped when glued to another capitalised word.
    city: bool,
}

/// One party named in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Mention {
    pub start: usize,
    pub end: usize,
    pub party: usize,
    /// Named by a city or seat of government ("Brussels", "the Kremlin").
    pub city: bool,
}

/// Maps names of countries, blocs and organisations (and optionally people) to parties.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    names: Vec<String>,
    /// First word of an alias → candidates, longest first.
    /// Aliases by their first word: looked up at every word of every article.
    by_first: HashMap<String, Vec<Alias>, ahash::RandomState>,
    /// Person (full name or surname) → party.
    people: HashMap<String, usize>,
}

#[derive(serde::Deserialize)]
struct UserFile {
    #[serde(default)]
    party: Vec<UserParty>,
}

#[derive(serde::Deserialize)]
struct UserParty {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    people: Vec<String>,
}

fn first_word(s: &str) -> &str {
    let end = s
        .char_indices()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(s.len(), |(i, _)| i);
    s.get(..end).unwrap_or("")
}

impl Gazetteer {
    /// The built-in gazetteer: about 200 countries plus blocs and organisations, and a short
    /// list of prominent people (whose country rarely changes).
    pub fn builtin() -> Gazetteer {
        let mut g = Gazetteer {
            names: Vec::new(),
            by_first: HashMap::with_hasher(ahash::RandomState::with_seeds(21, 22, 23, 24)),
            people: HashMap::new(),
        };
        for line in BUILTIN.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            let name = cols.next().unwrap_or("").trim();
            let aliases = cols.next().unwrap_or("");
            let cities = cols.next().unwrap_or("");
            if name.is_empty() {
                continue;
            }
            if name == "@person" {
                // Known people: "@person<TAB>party<TAB>name|name".
                let id = g.intern(aliases.trim());
                for person in cities.split('|').map(str::trim).filter(|p| !p.is_empty()) {
                    g.people.insert(person.to_string(), id);
                }
                continue;
            }
            let party = if name == "-" {
                None
            } else {
                Some(g.intern(name))
            };
            if let Some(p) = party {
                g.add_alias(name, Some(p), false);
            }
            for a in aliases.split('|').map(str::trim).filter(|a| !a.is_empty()) {
                g.add_alias(a, party, false);
            }
            for a in cities.split('|').map(str::trim).filter(|a| !a.is_empty()) {
                g.add_alias(a, party, true);
            }
        }
        g
    }

    fn intern(&mut self, name: &str) -> usize {
        if let Some(i) = self.names.iter().position(|n| n == name) {
            return i;
        }
        self.names.push(name.to_string());
        self.names.len() - 1
    }

    /// Adds or replaces (same text) an alias.
    fn add_alias(&mut self, text: &str, party: Option<usize>, city: bool) {
        let key = first_word(text);
        if key.is_empty() {
            return;
        }
        let list = self.by_first.entry(key.to_string()).or_default();
        list.retain(|a| a.text != text);
        list.push(Alias {
            text: text.to_string(),
            party,
            city,
        });
        list.sort_by_key(|a| std::cmp::Reverse(a.text.len()));
    }

    /// Merges a user parties file; its aliases override built-in ones and `people` map
    /// speaker names (full name and surname) to the party.
    ///
    /// ```toml
    /// [[party]]
    /// name = "Iran"
    /// aliases = ["Tehran", "Iranian"]
    /// people = ["Ali Khamenei", "Reza Kamali"]
    /// ```
    pub fn merge_toml(&mut self, toml_text: &str) -> Result<(), PartiesError> {
        let file: UserFile =
            toml::from_str(toml_text).map_err(|e| PartiesError::Toml(e.to_string()))?;
        for p in &file.party {
            let name = p.name.trim();
            if name.is_empty() {
                return Err(PartiesError::Invalid(
                    "a [[party]] has an empty name".into(),
                ));
            }
            let id = self.intern(name);
            self.add_alias(name, Some(id), false);
            for a in p.aliases.iter().map(|a| a.trim()).filter(|a| !a.is_empty()) {
                self.add_alias(a, Some(id), false);
            }
            for person in p.people.iter().map(|a| a.trim()).filter(|a| !a.is_empty()) {
                self.people.insert(person.to_string(), id);
                if let Some(surname) = person.split_whitespace().last() {
                    self.people.insert(surname.to_string(), id);
                }
            }
        }
        Ok(())
    }

    /// Name of party `id`.
    pub(crate) fn name(&self, id: usize) -> &str {
        self.names.get(id).map_or("", String::as_str)
    }

    /// Party of a known person (full name, then surname), from a user file.
    pub(crate) fn person_party(&self, name: &str) -> Option<String> {
        let hit = self.people.get(name).or_else(|| {
            let surname = name.split_whitespace().last()?;
            self.people.get(surname)
        })?;
        Some(self.name(*hit).to_string())
    }

    /// The first party named in a phrase.
    pub fn party_of(&self, text: &str) -> Option<String> {
        let mut found = None;
        self.scan(text, |m| {
            found = Some(m.party);
            false
        });
        found.map(|p| self.name(p).to_string())
    }

    /// Every party mention in `text`, in order.
    pub(crate) fn mentions(&self, text: &str) -> Vec<Mention> {
        let mut out = Vec::new();
        self.scan(text, |m| {
            out.push(m);
            true
        });
        out
    }

    /// Single left-to-right pass; calls `f` per mention until it returns false.
    fn scan(&self, text: &str, mut f: impl FnMut(Mention) -> bool) {
        work::add(text.len());
        let mut prev_word: Option<(usize, usize)> = None; // previous word's byte range
        let mut skip_to = 0usize;
        let mut prev_char: Option<char> = None;
        for (i, c) in text.char_indices() {
            let word_start = c.is_alphanumeric() && !prev_char.is_some_and(|p| p.is_alphanumeric());
            prev_char = Some(c);
            if !word_start || i < skip_to {
                if word_start {
                    prev_word = Some((i, word_end(text, i)));
                }
                continue;
            }
            let rest = text.get(i..).unwrap_or("");
            let key = first_word(rest);
            if let Some(cands) = self.by_first.get(key) {
                for a in cands {
                    work::add(1);
                    if !rest.starts_with(a.text.as_str()) {
                        continue;
                    }
                    let end = i + a.text.len();
                    // Word boundary after the alias.
                    if text
                        .get(end..)
                        .and_then(|r| r.chars().next())
                        .is_some_and(|c| c.is_alphanumeric())
                    {
                        continue;
                    }
                    if a.city && glued_to_name(text, prev_word, i, end) {
                        continue;
                    }
                    skip_to = end;
                    if let Some(p) = a.party {
                        if !f(Mention {
                            start: i,
                            end,
                            party: p,
                            city: a.city,
                        }) {
                            return;
                        }
                    }
                    break;
                }
            }
            prev_word = Some((i, word_end(text, i)));
        }
    }
}

fn word_end(text: &str, i: usize) -> usize {
    let rest = text.get(i..).unwrap_or("");
    i + first_word(rest).len()
}

/// True when a city alias is part of a longer proper name: the word before it (separated
/// by a single space) or after it is capitalised and not a free word.
fn glued_to_name(text: &str, prev: Option<(usize, usize)>, start: usize, end: usize) -> bool {
    if let Some((ps, pe)) = prev {
        let word = text.get(ps..pe).unwrap_or("");
        // Only a plain space between the two words (not a comma or dash).
        if text.get(pe..start) == Some(" ") && is_cap(word) && !FREE_BEFORE.contains(&word) {
            // Sentence-initial words are not part of the name.
            let before = text
                .get(..ps)
                .and_then(|r| r.trim_end_matches(' ').chars().last());
            let sentence_start =
                before.is_none_or(|c| matches!(c, '.' | '!' | '?' | '\n' | '"' | '“' | '(' | '—'));
            if !sentence_start {
                return true;
            }
        }
    }
    let after = text.get(end..).unwrap_or("");
    if let Some(next) = after.strip_prefix(' ') {
        let w = first_word(next);
        if is_cap(w) && !FREE_AFTER.contains(&w) {
            return true;
        }
    }
    false
}
