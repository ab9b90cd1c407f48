//! The party gazetteer: countries, blocs and organisations, their aliases, and known people.

use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};

use super::text::{
    ascii_alnum_run_end, byte_class, char_at, is_alphanumeric, is_cap, next_capital_non_ascii_or,
    ByteClass, WordSet, WordShapes,
};
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

/// Words after a place name that make it the name of a street ("Grenada Street", "Jordan
/// Road"): a street is no mention of the country or city it is named after.
#[rustfmt::skip]
const STREET: &[&str] = &[
    "Street", "St", "Road", "Rd", "Avenue", "Ave", "Boulevard", "Blvd", "Lane", "Drive",
    "Highway", "Terrace", "Crescent",
];

static FREE_BEFORE_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(FREE_BEFORE));
static STREET_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(STREET));
static FREE_AFTER_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(FREE_AFTER));

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
    /// Party name → index into `names`, so interning stays linear in the number of parties.
    name_ids: HashMap<String, usize, ahash::RandomState>,
    /// Every alias, one per text; pattern `i` of `automaton` is `aliases[i]`.
    aliases: Vec<Alias>,
    /// Alias text → index into `aliases`: a later alias with the same text replaces the
    /// earlier one in constant time.
    alias_ids: HashMap<String, usize, ahash::RandomState>,
    /// All aliases in one automaton, so finding the ones that start at a word costs the
    /// length of the longest match, not the number of aliases sharing its first word.
    /// `None` only if building failed, which a user file is told about (see `merge_toml`).
    automaton: Option<AhoCorasick>,
    /// The shapes of the aliases' first words: most words of a text are ruled out by it
    /// without running the automaton.
    key_shapes: WordShapes,
    /// Person (full name or surname) → party.
    people: HashMap<String, usize, ahash::RandomState>,
    /// Word of a well-known institution's name that names no place ("Harvard", "UCL") →
    /// the party of the country it is in.
    institutions: HashMap<String, usize, ahash::RandomState>,
    /// Per party in `names`: a bloc, organisation or movement (the built-in file's section
    /// after `@organisations`), not a country a person can come from.
    organisation: Vec<bool>,
    /// Some alias holds a double quotation mark (only a user's file could do that).
    alias_with_double_mark: bool,
    /// The ASCII bytes other than capitals that open some alias ("the Ayatollah"), as a set
    /// of 128 bits: the scan for aliases jumps from capital to capital and stops at these
    /// too, when there is just one.
    uncapitalised_openings: u128,
}

// Unknown keys are errors: a typo such as `alias =` was silently ignored.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct UserFile {
    #[serde(default)]
    party: Vec<UserParty>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct UserParty {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    people: Vec<String>,
}

fn first_word(s: &str) -> &str {
    s.get(..alnum_run_end(s, 0)).unwrap_or("")
}

/// `char::is_alphanumeric` for the character starting at byte `i`, and its length; the ASCII
/// case is answered from the byte alone.
#[inline]
fn alnum_at(s: &str, i: usize) -> Option<(bool, usize)> {
    let b = *s.as_bytes().get(i)?;
    if b.is_ascii() {
        return Some((b.is_ascii_alphanumeric(), 1));
    }
    char_at(s, i).map(|c| (is_alphanumeric(c), c.len_utf8()))
}

/// End of the run of alphanumeric characters starting at byte `i`.
#[inline]
fn alnum_run_end(s: &str, mut i: usize) -> usize {
    loop {
        // ASCII letters and digits in a tight loop; other characters one by one.
        i = ascii_alnum_run_end(s.as_bytes(), i);
        match alnum_at(s, i) {
            Some((true, len)) => i += len,
            _ => return i,
        }
    }
}

/// The word (maximal run of alphanumeric characters) that ends last before byte `i`.
fn word_before(text: &str, i: usize) -> Option<(usize, usize)> {
    let head = text.get(..i)?;
    let (last, c) = head
        .char_indices()
        .rev()
        .find(|&(_, c)| is_alphanumeric(c))?;
    let end = last + c.len_utf8();
    let start = head[..end]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_alphanumeric(c))
        .last()
        .map_or(end, |(k, _)| k);
    Some((start, end))
}

impl Gazetteer {
    /// The built-in gazetteer: about 200 countries plus blocs and organisations, and a short
    /// list of prominent people (whose country rarely changes).
    pub fn builtin() -> Gazetteer {
        let mut g = Gazetteer {
            names: Vec::new(),
            name_ids: HashMap::with_hasher(ahash::RandomState::with_seeds(29, 30, 31, 32)),
            aliases: Vec::new(),
            alias_ids: HashMap::with_hasher(ahash::RandomState::with_seeds(21, 22, 23, 24)),
            automaton: None,
            key_shapes: WordShapes::default(),
            people: HashMap::with_hasher(ahash::RandomState::with_seeds(25, 26, 27, 28)),
            institutions: HashMap::with_hasher(ahash::RandomState::with_seeds(33, 34, 35, 36)),
            organisation: Vec::new(),
            alias_with_double_mark: false,
            uncapitalised_openings: 0,
        };
        let mut organisations = false;
        for line in BUILTIN.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            if line.trim() == "@organisations" {
                organisations = true;
                continue;
            }
            let mut cols = line.split('\t');
            let name = cols.next().unwrap_or("").trim();
            let aliases = cols.next().unwrap_or("");
            let cities = cols.next().unwrap_or("");
            if name.is_empty() {
                continue;
            }
            if name == "@institution" {
                // "@institution<TAB>party<TAB>word|word": see `institution_party`.
                let id = g.intern(aliases.trim());
                for word in cities.split('|').map(str::trim).filter(|w| !w.is_empty()) {
                    g.institutions.insert(word.to_string(), id);
                }
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
                let id = g.intern(name);
                g.organisation[id] = organisations;
                Some(id)
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
        // A few thousand short built-in aliases: building cannot fail.
        g.automaton = build_automaton(&g.aliases).ok();
        g
    }

    fn intern(&mut self, name: &str) -> usize {
        if let Some(&i) = self.name_ids.get(name) {
            return i;
        }
        self.names.push(name.to_string());
        self.organisation.push(false);
        self.name_ids.insert(name.to_string(), self.names.len() - 1);
        self.names.len() - 1
    }

    /// Adds or replaces (same text) an alias; the caller rebuilds the automaton after a batch.
    fn add_alias(&mut self, text: &str, party: Option<usize>, city: bool) {
        let key = first_word(text);
        if key.is_empty() {
            return;
        }
        self.key_shapes.insert(key);
        if let Some(&b) = key.as_bytes().first() {
            if b.is_ascii() && !b.is_ascii_uppercase() {
                self.uncapitalised_openings |= 1u128 << b;
            }
        }
        self.alias_with_double_mark |= text.contains(['"', '“', '”']);
        let alias = Alias {
            text: text.to_string(),
            party,
            city,
        };
        match self.alias_ids.get(text) {
            Some(&i) => self.aliases[i] = alias,
            None => {
                self.alias_ids.insert(text.to_string(), self.aliases.len());
                self.aliases.push(alias);
            }
        }
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
        self.automaton = Some(build_automaton(&self.aliases).map_err(|e| {
            PartiesError::Invalid(format!(
                "too many aliases to match together ({e}); use fewer"
            ))
        })?);
        Ok(())
    }

    /// Whether no alias holds a double quotation mark, so that no mention runs over one.
    pub(crate) fn aliases_avoid_double_marks(&self) -> bool {
        !self.alias_with_double_mark
    }

    /// Name of party `id`.
    pub(crate) fn name(&self, id: usize) -> &str {
        self.names.get(id).map_or("", String::as_str)
    }

    /// Whether party `name` is a country (or a party from a user's file), not a built-in
    /// bloc, organisation or movement: what a person quoted in the news comes from.
    pub(crate) fn is_country(&self, name: &str) -> bool {
        self.name_ids
            .get(name)
            .is_some_and(|&i| !self.organisation.get(i).copied().unwrap_or(false))
    }

    /// The party `text` names when the whole of it is one alias ("Amman", "South Korea").
    pub(crate) fn alias_party(&self, text: &str) -> Option<&str> {
        let a = self.aliases.get(*self.alias_ids.get(text)?)?;
        a.party.map(|p| self.name(p))
    }

    /// The country a nationality word names ("Australian", "Chinese"): an alias that is
    /// the whole word, neither a city nor the country's own name ("Jordan", "Georgia" are
    /// first names too), of a country rather than a bloc.
    pub(crate) fn nationality_party(&self, word: &str) -> Option<&str> {
        let a = self.aliases.get(*self.alias_ids.get(word)?)?;
        let party = self.name(a.party?);
        (!a.city && party != word && self.is_country(party)).then_some(party)
    }

    /// Party of a known person (full name, then surname), from a user file.
    pub(crate) fn person_party(&self, name: &str) -> Option<&str> {
        let hit = self.people.get(name).or_else(|| {
            let surname = name.split_whitespace().last()?;
            self.people.get(surname)
        })?;
        Some(self.name(*hit))
    }

    /// The first party named in a phrase.
    pub fn party_of(&self, text: &str) -> Option<String> {
        self.party_name_of(text).map(str::to_string)
    }

    /// Name of the first party named in a phrase.
    pub(crate) fn party_name_of(&self, text: &str) -> Option<&str> {
        self.party_id_of(text).map(|p| self.name(p))
    }

    /// Whether a phrase names a party (as [`Gazetteer::party_of`], without the allocation).
    pub(crate) fn names_party(&self, text: &str) -> bool {
        self.party_id_of(text).is_some()
    }

    /// Id of the first party named in a phrase.
    fn party_id_of(&self, text: &str) -> Option<usize> {
        if !text.is_empty() && alnum_run_end(text, 0) == text.len() {
            // A single word (most calls): only an alias that is exactly it can match, and a
            // lone word is never glued to a name.
            work::add(text.len());
            if !self.key_shapes.may_contain(text) {
                return None;
            }
            return self.aliases[*self.alias_ids.get(text)?].party;
        }
        let mut found = None;
        self.scan(text, |m| {
            found = Some(m.party);
            false
        });
        found
    }

    /// The text of the first mention of the party called `party` in `text` (any of its
    /// aliases), if it is named there: what a target-marking model marks in a quote.
    pub fn first_mention_of<'t>(&self, text: &'t str, party: &str) -> Option<&'t str> {
        let mut found = None;
        self.scan(text, |m| {
            if self.name(m.party) == party {
                found = Some(&text[m.start..m.end]);
                return false;
            }
            true
        });
        found
    }

    /// Every party mention in `text`, in order.
    #[cfg(test)]
    pub(crate) fn mentions(&self, text: &str) -> Vec<Mention> {
        let mut out = Vec::new();
        self.each_mention(text, |m| out.push(m));
        out
    }

    /// [`Gazetteer::mentions`], and in the same pass the city aliases skipped for being glued
    /// to another capitalised word ("Tarek Amman", "Port Washington", "New York University"),
    /// for a caller that tells a person's surname from the place.
    pub(crate) fn mentions_and_glued_cities(&self, text: &str) -> (Vec<Mention>, Vec<Mention>) {
        let (mut out, mut glued) = (Vec::new(), Vec::new());
        self.scan_with(text, Some(&mut glued), |m| {
            out.push(m);
            true
        });
        (out, glued)
    }

    /// The country of the first place `name` holds when it is an institution's name (a
    /// capitalised word of it is an organisation's head: "University", "Institute", "Post";
    /// or it is an acronym), a city glued to the name's other words included ("University
    /// College London", "Osaka City University"): a body named after a city is in that
    /// city's country, though the city is no mention of the country elsewhere. Failing a
    /// place, a word of a well-known institution's name ("Harvard", "UCL") says where it is.
    pub(crate) fn institution_party(&self, name: &str) -> Option<&str> {
        let acronym = name.len() >= 2 && name.bytes().all(|b| b.is_ascii_uppercase());
        let institution = acronym
            || name.split(' ').any(|w| {
                w.chars().next().is_some_and(char::is_uppercase) && super::cues::is_org_head(w)
            });
        if !institution {
            return None;
        }
        if let Some(p) = self.place_in_name(name) {
            return Some(p);
        }
        name.split(|c: char| !is_alphanumeric(c))
            .find_map(|w| self.institutions.get(w))
            .map(|&p| self.name(p))
    }

    /// The country of the first place `name` holds, glued to its other words or not.
    fn place_in_name(&self, name: &str) -> Option<&str> {
        let (mut first, mut glued) = (None, Vec::new());
        self.scan_with(name, Some(&mut glued), |m| {
            first = Some(m);
            false
        });
        let place = match (first, glued.first()) {
            (Some(m), Some(c)) if c.start < m.start => *c,
            (Some(m), _) => m,
            (None, Some(c)) => *c,
            (None, None) => return None,
        };
        Some(self.name(place.party)).filter(|p| self.is_country(p))
    }

    /// Calls `f` with every party mention in `text`, in order.
    pub(crate) fn each_mention(&self, text: &str, mut f: impl FnMut(Mention)) {
        self.scan(text, |m| {
            f(m);
            true
        });
    }

    /// The next word starting at or after byte `from` whose first byte starts some key: only
    /// those can start a mention, so the bytes between are skipped in a tight loop that
    /// looks at each byte and the one before it.
    fn next_key_word(&self, text: &str, from: usize) -> Option<usize> {
        let bytes = text.as_bytes();
        let mut p = from;
        loop {
            let at_start = p == 0 && bytes.first().is_some_and(|&b| self.key_shapes.has_first(b));
            let q = if at_start {
                0
            } else {
                self.next_key_byte(bytes, p.max(1))?
            };
            p = q + 1;
            // A non-ASCII character before may still be a letter; a non-ASCII first byte may
            // start a character that is not one.
            let before = text.get(..q).and_then(|h| h.chars().next_back());
            if !before.is_some_and(is_alphanumeric) && alnum_at(text, q).is_some_and(|(a, _)| a) {
                return Some(q);
            }
        }
    }

    /// The first offset at or after `from` (≥ 1) of a byte that opens some key after anything
    /// but an ASCII letter or digit.
    fn next_key_byte(&self, bytes: &[u8], from: usize) -> Option<usize> {
        let opens_key = |q: usize| {
            self.key_shapes.has_first(bytes[q]) && byte_class(bytes[q - 1]) != ByteClass::Alnum
        };
        let also = match self.uncapitalised_openings.count_ones() {
            0 => None,
            1 => Some(self.uncapitalised_openings.trailing_zeros() as u8),
            _ => return (from..bytes.len()).find(|&q| opens_key(q)),
        };
        // Every key opens with a capital, a non-ASCII byte or `also`: jump between them.
        let mut q = from;
        loop {
            q = next_capital_non_ascii_or(bytes, q, also);
            if q >= bytes.len() {
                return None;
            }
            if opens_key(q) {
                return Some(q);
            }
            q += 1;
        }
    }

    /// Single left-to-right pass over the words; calls `f` per mention until it returns false.
    fn scan(&self, text: &str, f: impl FnMut(Mention) -> bool) {
        self.scan_with(text, None, f);
    }

    /// [`Gazetteer::scan`], pushing to `glued` the city aliases skipped for being glued to
    /// another capitalised word.
    fn scan_with(
        &self,
        text: &str,
        mut glued: Option<&mut Vec<Mention>>,
        mut f: impl FnMut(Mention) -> bool,
    ) {
        let Some(automaton) = &self.automaton else {
            return;
        };
        let mut tried = 0usize;
        let mut skip_to = 0usize;
        let mut from = 0;
        while let Some(start) = self.next_key_word(text, from) {
            let word_end = alnum_run_end(text, start);
            from = word_end;
            if start < skip_to
                || !text
                    .get(start..word_end)
                    .is_some_and(|w| self.key_shapes.may_contain(w))
            {
                continue;
            }
            // The aliases that are prefixes of the text at `start`, longest first: the
            // automaton's leftmost-longest anchored match, then the longest one that ends
            // before it, until one passes the checks.
            let mut limit = text.len();
            while let Some(hit) =
                automaton.find(Input::new(text).range(start..limit).anchored(Anchored::Yes))
            {
                tried += 1;
                limit = hit.end() - 1;
                let a = &self.aliases[hit.pattern().as_usize()];
                let Some(end) = self.alias_end(text, a, start) else {
                    if let (Some(g), Some(p)) = (glued.as_deref_mut(), a.party) {
                        let end = start + a.text.len();
                        if a.city && text.get(start..end) == Some(&a.text) {
                            g.push(Mention {
                                start,
                                end,
                                party: p,
                                city: true,
                            });
                        }
                    }
                    continue;
                };
                skip_to = end;
                if let Some(p) = a.party {
                    let mention = Mention {
                        start,
                        end,
                        party: p,
                        city: a.city,
                    };
                    if !f(mention) {
                        work::add(text.len() + tried);
                        return;
                    }
                }
                break;
            }
        }
        work::add(text.len() + tried);
    }

    /// End of alias `a` when it matches at `start`: the whole alias, ending on a word
    /// boundary, and (for a city) not part of a longer proper name.
    fn alias_end(&self, text: &str, a: &Alias, start: usize) -> Option<usize> {
        if !text.get(start..)?.starts_with(a.text.as_str()) {
            return None;
        }
        let end = start + a.text.len();
        if alnum_at(text, end).is_some_and(|(alnum, _)| alnum) {
            return None;
        }
        if a.city && glued_to_name(text, word_before(text, start), start, end) {
            return None;
        }
        if names_a_street(text, end) {
            return None;
        }
        Some(end)
    }
}

/// One automaton over every alias: leftmost-longest and anchored, so a search at a word's
/// start yields the longest alias that is a prefix of the text there.
fn build_automaton(aliases: &[Alias]) -> Result<AhoCorasick, aho_corasick::BuildError> {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .start_kind(StartKind::Anchored)
        .build(aliases.iter().map(|a| a.text.as_str()))
}

/// True when the place name ending at `end` names a street: a street word follows after one
/// space ("Grenada Street ground").
fn names_a_street(text: &str, end: usize) -> bool {
    text.get(end..)
        .and_then(|after| after.strip_prefix(' '))
        .is_some_and(|next| STREET_SET.contains(first_word(next)))
}

/// True when a city alias is part of a longer proper name: the word before it (separated
/// by a single space) or after it is capitalised and not a free word.
fn glued_to_name(text: &str, prev: Option<(usize, usize)>, start: usize, end: usize) -> bool {
    if let Some((ps, pe)) = prev {
        let word = text.get(ps..pe).unwrap_or("");
        // Only a plain space between the two words (not a comma or dash).
        if text.get(pe..start) == Some(" ") && is_cap(word) && !FREE_BEFORE_SET.contains(word) {
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
        // A title after a city is the city's office ("the Oslo Mayor", "a Kabul Governor").
        if is_cap(w) && !FREE_AFTER_SET.contains(w) && !super::cues::is_role_word(w) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parties(g: &Gazetteer, text: &str) -> Vec<(String, String)> {
        g.mentions(text)
            .iter()
            .map(|m| {
                (
                    text[m.start..m.end].to_string(),
                    g.name(m.party).to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn demonyms_capitals_and_institutions_name_their_party() {
        let g = Gazetteer::builtin();
        assert_eq!(
            g.party_of("the Iranian foreign minister"),
            Some("Iran".into())
        );
        assert_eq!(
            g.party_of("a Pentagon spokeswoman"),
            Some("United States".into())
        );
        assert_eq!(g.party_of("officials in Tehran"), Some("Iran".into()));
        assert_eq!(g.party_of("a retired teacher"), None);
        // UN agencies speak for the United Nations.
        assert_eq!(
            g.party_of("a UNICEF nurse in the camp"),
            Some("United Nations".into())
        );
        // Matching is case-sensitive on word boundaries: "usage" holds no "US".
        assert_eq!(g.party_of("the usage rules"), None);
        assert_eq!(g.party_of("Americana"), None);
    }

    #[test]
    fn the_longest_alias_wins_and_every_mention_is_found_in_order() {
        let g = Gazetteer::builtin();
        assert_eq!(
            parties(&g, "The US Senate and Iranian envoys met; Tehran agreed."),
            [
                ("US Senate".to_string(), "United States".to_string()),
                ("Iranian".to_string(), "Iran".to_string()),
                ("Tehran".to_string(), "Iran".to_string()),
            ]
        );
        assert_eq!(
            g.first_mention_of("Talks in Vienna, then the Iranians left.", "Iran"),
            Some("Iranians")
        );
        assert_eq!(g.first_mention_of("Nobody else came.", "Iran"), None);
    }

    #[test]
    fn a_city_glued_to_another_proper_name_is_no_mention() {
        let g = Gazetteer::builtin();
        // A newspaper or a university named after a city is not the government.
        assert!(parties(&g, "He wrote for the Washington Post last year.").is_empty());
        assert_eq!(
            parties(&g, "Officials in Washington said no."),
            [("Washington".to_string(), "United States".to_string())]
        );
        assert!(glued_to_name("the Washington Post", Some((0, 3)), 4, 14));
        assert_eq!(
            parties(&g, "The Washington Mayor spoke."),
            [("Washington".to_string(), "United States".to_string())]
        );
        assert!(!glued_to_name("in Washington today", Some((0, 2)), 3, 13));
    }

    #[test]
    fn an_institution_named_after_a_city_is_in_that_citys_country() {
        let g = Gazetteer::builtin();
        let place = |name: &str| g.institution_party(name);
        // Glued to the name, so no mention of the country, yet where the body is.
        assert!(parties(&g, "Tokyo Metropolitan University").is_empty());
        assert_eq!(place("Tokyo Metropolitan University"), Some("Japan"));
        assert_eq!(place("New York University"), Some("United States"));
        assert_eq!(place("the University of Vienna"), Some("Austria"));
        assert_eq!(place("the Kyiv School of Economics"), Some("Ukraine"));
        // A bloc is no one's place; a name without a place, or a place without a body's
        // name ("Vienna Boys"), has none.
        assert_eq!(place("the Brussels Institute"), None);
        assert_eq!(place("Harbour View College"), None);
        assert_eq!(place("the Vienna Boys"), None);
        // A well-known institution that names no place; an acronym is a name too.
        assert_eq!(place("the Harvard Law School"), Some("United States"));
        assert_eq!(place("UCL"), Some("United Kingdom"));
        assert_eq!(place("Harvard"), None);
    }

    #[test]
    fn a_street_named_after_a_place_is_no_mention() {
        let g = Gazetteer::builtin();
        assert!(parties(&g, "The team plays at its Kenya Road ground.").is_empty());
        assert!(parties(&g, "A cafe on Tehran Street reopened.").is_empty());
        assert_eq!(
            parties(&g, "Kenya Street traders and Kenya's minister met."),
            [("Kenya".to_string(), "Kenya".to_string())]
        );
        assert_eq!(
            parties(&g, "He left Tehran. Streets were empty."),
            [("Tehran".to_string(), "Iran".to_string())]
        );
    }

    #[test]
    fn domestic_institutions_and_places_name_their_country() {
        let g = Gazetteer::builtin();
        for (phrase, party) in [
            ("a vote in the Senate", "United States"),
            ("leaders of Congress", "United States"),
            ("a Texas sheriff", "United States"),
            ("the Philippine Senate", "Philippines"),
            ("a Foreign Office spokeswoman", "United Kingdom"),
            ("a Labour backbencher", "United Kingdom"),
            ("the Congress party", "India"),
            ("a New South Wales lawmaker", "Australia"),
            ("officials in Brussels", "European Union"),
            ("a British Columbia mayor", "Canada"),
            ("a Londoner on the bus", "United Kingdom"),
            ("NASA engineers", "United States"),
            ("a Leeds councillor", "United Kingdom"),
        ] {
            assert_eq!(g.party_of(phrase).as_deref(), Some(party), "{phrase}");
        }
        // A state glued to another proper name is that name, not the country.
        assert_eq!(g.party_of("Texas Instruments shares"), None);
        // Universities of the US state are not the Caucasian country.
        assert_eq!(g.party_of("a Georgia State chemist"), None);
        assert_eq!(g.party_of("a Georgia Southern lecturer"), None);
        // Nor is a US university named after a foreign capital's namesake in Guyana.
        assert_eq!(g.institution_party("Georgetown University"), None);
    }

    #[test]
    fn hong_kong_speaks_as_its_own_party_and_beijing_as_chinas() {
        let g = Gazetteer::builtin();
        for (phrase, party) in [
            ("a Hong Kong legislator", "Hong Kong"),
            ("young Hongkongers marched", "Hong Kong"),
            ("a shop in Kowloon", "Hong Kong"),
            ("the HKSAR government", "Hong Kong"),
            ("officials in Beijing", "China"),
            ("the Chinese government", "China"),
        ] {
            assert_eq!(g.party_of(phrase).as_deref(), Some(party), "{phrase}");
        }
        assert!(g.is_country("Hong Kong"));
        assert_eq!(g.nationality_party("Hongkonger"), Some("Hong Kong"));
    }

    #[test]
    fn leaders_of_principal_countries_are_known() {
        let g = Gazetteer::builtin();
        assert_eq!(g.person_party("Julia Gillard"), Some("Australia"));
        assert_eq!(g.person_party("Chrystia Freeland"), Some("Canada"));
        assert_eq!(g.person_party("Freeland"), Some("Canada"));
        // Common surnames stay unlisted alone: "Paul Martin" is known, "Martin" is not.
        assert_eq!(g.person_party("Paul Martin"), Some("Canada"));
        assert_eq!(g.person_party("Martin"), None);
    }

    #[test]
    fn blocs_and_organisations_are_no_ones_country() {
        let g = Gazetteer::builtin();
        assert!(g.is_country("United States"));
        assert!(g.is_country("Samoa"));
        assert!(!g.is_country("European Union"));
        assert!(!g.is_country("Taliban"));
        assert!(!g.is_country("G7"));
        assert!(!g.is_country("Atlantis"));
    }

    #[test]
    fn a_territory_named_after_its_sovereign_is_the_sovereigns() {
        let g = Gazetteer::builtin();
        assert_eq!(
            g.party_of("the governor of American Samoa"),
            Some("United States".into())
        );
        assert_eq!(g.party_of("a Samoan rugby player"), Some("Samoa".into()));
    }

    #[test]
    fn nationality_words_name_a_country_but_cities_and_country_names_do_not() {
        let g = Gazetteer::builtin();
        assert_eq!(g.nationality_party("Australian"), Some("Australia"));
        assert_eq!(g.nationality_party("Chinese"), Some("China"));
        assert_eq!(g.nationality_party("Jordan"), None);
        assert_eq!(g.nationality_party("Sydney"), None);
        assert_eq!(g.nationality_party("European"), None);
        assert_eq!(g.nationality_party("Freedonian"), None);
    }

    #[test]
    fn a_user_file_adds_parties_aliases_and_people() {
        let mut g = Gazetteer::builtin();
        g.merge_toml(
            "[[party]]\nname = \"Freedonia\"\naliases = [\"Freedonian\"]\npeople = [\"Ada Quill\"]\n",
        )
        .unwrap();
        assert_eq!(
            g.party_of("a Freedonian diplomat"),
            Some("Freedonia".into())
        );
        assert_eq!(g.person_party("Ada Quill"), Some("Freedonia"));
        // The surname alone is enough once the person is known.
        assert_eq!(g.person_party("Quill"), Some("Freedonia"));
        assert_eq!(g.person_party("Bo Quince"), None);
    }

    #[test]
    fn a_user_alias_in_lowercase_is_found_inside_a_sentence() {
        // The scan jumps between capitals and the one lowercase opening of the built-in
        // aliases ("the Ayatollah"); a second lowercase opening makes it read every byte.
        let mut g = Gazetteer::builtin();
        assert_eq!(g.uncapitalised_openings, 1u128 << b't');
        let text = "officials said the duchy would reply to the Ayatollah, and a lodge met";
        let found = |g: &Gazetteer| -> Vec<String> {
            g.mentions(text)
                .iter()
                .map(|m| g.name(m.party).to_string())
                .collect()
        };
        assert_eq!(found(&g), ["Iran"]);
        g.merge_toml("[[party]]\nname = \"Freedonia\"\naliases = [\"the duchy\"]\n")
            .unwrap();
        assert_eq!(found(&g), ["Freedonia", "Iran"]);
        g.merge_toml("[[party]]\nname = \"Sylvania\"\naliases = [\"a lodge\"]\n")
            .unwrap();
        assert_eq!(g.uncapitalised_openings.count_ones(), 2);
        assert_eq!(found(&g), ["Freedonia", "Iran", "Sylvania"]);
    }

    #[test]
    fn a_bad_user_file_is_an_error_that_says_why() {
        let mut g = Gazetteer::builtin();
        assert!(matches!(
            g.merge_toml("[[party]]\nname = \"  \"\n"),
            Err(PartiesError::Invalid(_))
        ));
        assert!(matches!(
            g.merge_toml("[[party]]\nname = \"X\"\nalias = [\"Y\"]\n"),
            Err(PartiesError::Toml(_))
        ));
    }
}
