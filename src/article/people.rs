//! Mentions of known people in the writer's text, so that an article full of "Trump" counts
//! the United States among its principals.

use std::borrow::Cow;

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
        // Only a word opening with a capital (or a non-ASCII letter) can be a name, so the
        // lowercase words between are passed over. A pending name is still looked up alone
        // before the next one is tried: `bigram` needs the two words to be adjacent.
        let s = super::text::next_capital_or_non_ascii(bytes, i);
        i = s;
        while i < bytes.len() && is_word(bytes[i]) {
            i += 1;
        }
        if s == i {
            continue;
        }
        if s > 0 && is_word(bytes[s - 1]) {
            // Inside a word that opened in lowercase ("iPhone"): not a name.
            continue;
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

/// Lowercase words that may stand in a title before a name besides role words ("Houthi
/// military spokesperson", "First Minister of Scotland").
#[rustfmt::skip]
const TITLE_GLUE: &[&str] = &[
    "of", "the", "military", "national", "government", "party", "to", "for", "candidate",
    "nominee", "hopeful", "presidential", "mayoral",
];

/// How many of a person's full-name mentions are read for an introduction.
const INTRODUCTIONS_READ: usize = 4;

/// The party a person called `name` (a full name, or a surname written elsewhere after a
/// first name) is introduced with where the writer names them in full: a title right before
/// the name ("Labour MP Ann Vale", "Kurdish commander Ari Dost"), an appositive right after
/// it ("Ann Vale, the Hungarian trade envoy,") or an organisation after "of" ("Ann Vale of
/// UNICEF"). News writing introduces a person once and then quotes them by name, so a quote
/// whose own clause says nothing of the speaker takes the introduction's party.
/// `starts` are where `name` occurs in `text`, in order (a search, or [`name_starts`] for
/// many names in a long text); `first_name` tells a first name from other capitalised words.
pub(crate) fn introduced_party<'g>(
    text: &str,
    name: &str,
    starts: impl IntoIterator<Item = usize>,
    g: &'g Gazetteer,
    persons: &[(usize, usize, &'g str)],
    first_name: impl Fn(&str) -> bool,
) -> Option<&'g str> {
    let full = name.contains(' ');
    let mut read = 0;
    for (at, end) in whole_word_occurrences(text, name.len(), starts) {
        if read >= INTRODUCTIONS_READ {
            break;
        }
        // A lone surname counts only where a first name stands before it.
        let start = if full {
            at
        } else {
            let Some(first) = text.get(..at).and_then(|h| h.strip_suffix(' ')) else {
                continue;
            };
            let w = first.rsplit([' ', '\n']).next().unwrap_or("");
            if !first_name(w) {
                continue;
            }
            at - 1 - w.len()
        };
        read += 1;
        let found = title_party(text, start, g, persons)
            .or_else(|| appositive_party(text, end, g, persons))
            .or_else(|| leader_party(text, start, g));
        if found.is_some() {
            return found;
        }
    }
    None
}

/// How many words may follow a given name in the full name it stands for ("Tuilaepa
/// Sailele Malielegaoi").
const FULL_NAME_EXTRA_WORDS: usize = 3;

/// The full name a speaker credited by a given name alone (`word`: "Prime Minister Tuilaepa
/// said", where Samoan, Indonesian or Thai usage calls a leader by the first name) stands
/// for: the one run of name words (`name_word`) the article writes right after `word`
/// (`starts`: where `word` occurs, in order), when it writes exactly one. None where `word`
/// also follows a first name (it is someone's surname: "Ana Kelly" besides "Kelly Ayotte")
/// or two different runs follow it.
pub(crate) fn full_name_after_given(
    text: &str,
    word: &str,
    starts: impl IntoIterator<Item = usize>,
    name_word: impl Fn(&str) -> bool,
) -> Option<String> {
    let mut full: Option<&str> = None;
    for (at, end) in whole_word_occurrences(text, word.len(), starts) {
        let before = text.get(..at)?;
        if let Some(head) = before.strip_suffix(' ') {
            let prev = head.rsplit([' ', '\n']).next().unwrap_or("");
            if name_word(prev) {
                return None;
            }
        }
        let mut run_end = end;
        for _ in 0..FULL_NAME_EXTRA_WORDS {
            let Some(rest) = text.get(run_end..).and_then(|r| r.strip_prefix(' ')) else {
                break;
            };
            let len = rest
                .find(|c: char| !(c.is_alphabetic() || c == '-'))
                .unwrap_or(rest.len());
            if len == 0 || !name_word(&rest[..len]) {
                break;
            }
            run_end += 1 + len;
        }
        if run_end == end {
            continue;
        }
        let found = text.get(at..run_end)?;
        match full {
            Some(f) if f != found => return None,
            _ => full = Some(found),
        }
    }
    full.map(str::to_string)
}

/// Each transcript answer in `text`: the label's name and the person's words up to the
/// next label ("((Ana Ruiz)) I moved here in 2010." → "Ana Ruiz", " I moved…"). A label opens
/// a line.
fn transcript_answers(text: &str) -> impl Iterator<Item = (&str, &str)> {
    let opens = std::iter::once(0)
        .filter(|_| text.starts_with("(("))
        .chain(memchr::memmem::find_iter(text.as_bytes(), b"\n((").map(|i| i + 1));
    opens.filter_map(move |at| {
        let inner = text.get(at + 2..)?;
        let close = inner.get(..inner.len().min(64))?.find("))")?;
        let name = inner.get(..close)?.trim();
        let answer = inner.get(close + 2..)?;
        let stop = memchr::memmem::find(answer.as_bytes(), b"\n((").unwrap_or(answer.len());
        Some((name, answer.get(..stop)?))
    })
}

/// Each speaker's country as they call it their own ("I'm Australian"), in their quotes
/// (`said`: speaker name, quote) and in a transcript's answers under their label ("((Ana
/// Ruiz))"): name → party, `None` where they name two. Labels are found in one pass.
pub(crate) fn self_described_parties<'g>(
    text: &str,
    said: impl IntoIterator<Item = (String, impl AsRef<str>)>,
    g: &'g Gazetteer,
) -> super::FastMap<String, Option<&'g str>> {
    let mut wanted: super::FastMap<String, Option<Option<&'g str>>> = super::fast_map();
    let note = |slot: &mut Option<Option<&'g str>>, party: &'g str| match slot {
        None => *slot = Some(Some(party)),
        Some(p) if *p != Some(party) => *p = None,
        _ => {}
    };
    for (name, words) in said {
        let slot = wanted.entry(name).or_insert(None);
        if let Some(party) = self_described_party(words.as_ref(), g) {
            note(slot, party);
        }
    }
    if !wanted.is_empty() && text.contains("((") {
        for (name, answer) in transcript_answers(text) {
            // A label in full ("((Ana Ruiz))") is also the speaker credited by surname ("Ruiz").
            let surname = name.rsplit(' ').next().unwrap_or(name);
            if !wanted.contains_key(name) && !wanted.contains_key(surname) {
                continue;
            }
            let Some(party) = self_described_party(answer, g) else {
                continue;
            };
            for key in [name, surname] {
                if let Some(slot) = wanted.get_mut(key) {
                    note(slot, party);
                }
                if surname == name {
                    break;
                }
            }
        }
    }
    wanted
        .into_iter()
        .filter_map(|(name, party)| Some((name, party?)))
        .collect()
}

/// Heads of unnamed voices who speak for the place a story is set in: the crowd at a march,
/// the people of a town, a witness, a member of its parliament.
#[rustfmt::skip]
const LOCAL_VOICES: &[&str] = &[
    "protesters", "protestors", "protester", "demonstrators", "marchers", "residents",
    "resident", "locals", "villagers", "witnesses", "witness", "eyewitness", "eyewitnesses",
    "bystanders", "onlookers", "shopkeeper", "shopkeepers", "passers-by", "mp", "mps",
    "woman", "man", "people", "crowd", "crowds", "voters",
];

/// Whether an unnamed speaker ("Some protesters", "One MP", "a local shopkeeper") is a voice
/// of the place the story is set in, by the head of the phrase.
pub(crate) fn is_local_voice(speaker: &str) -> bool {
    let head = speaker.rsplit(' ').next().unwrap_or(speaker);
    LOCAL_VOICES.contains(&head.to_lowercase().as_str())
}

/// Words a speaker may put between "I'm" and their nationality ("I am a proud Canadian").
const SELF_FILLERS: &[&str] = &["a", "an", "proud", "also"];

/// What a speaker says before the place that is their home: where they live, come from or
/// return to. Being somewhere ("I'm in Lima this week") or having been there says nothing.
#[rustfmt::skip]
const HOME_PLACE_LEADS: &[&str] = &[
    "I live in ", "I'm from ", "I\u{2019}m from ", "I am from ", "I come from ", "I grew up in ",
    "I'm based in ", "I\u{2019}m based in ", "I am based in ", "I went back to ",
    "I moved back to ", "I came back to ", "I'm back home in ", "I\u{2019}m back home in ",
];

/// The country a speaker calls their own in their own words: "I'm Australian", "I am a
/// proud Canadian". Only a nationality word counts, as a word of its own: "I'm in France"
/// says where they are, "I'm French-born" where they began, "I'm Australian Open champion"
/// is a title.
pub(crate) fn self_described_party<'g>(words: &str, g: &'g Gazetteer) -> Option<&'g str> {
    let bytes = words.as_bytes();
    for at in memchr::memchr_iter(b'I', bytes) {
        let before = words.get(..at).and_then(|h| h.chars().next_back());
        if before.is_some_and(char::is_alphanumeric) {
            continue;
        }
        let Some(rest) = ["I'm ", "I\u{2019}m ", "I am "]
            .iter()
            .find_map(|p| words.get(at..)?.strip_prefix(p))
        else {
            continue;
        };
        let mut ws = rest.split(' ').skip_while(|w| SELF_FILLERS.contains(w));
        let Some(w) = ws.next() else { continue };
        let bare = w.trim_end_matches([',', '.', ';', ':', '!', '?']);
        let next_is_name = bare.len() == w.len()
            && ws
                .next()
                .and_then(|n| n.chars().next())
                .is_some_and(char::is_uppercase);
        if next_is_name || !bare.chars().all(char::is_alphabetic) {
            continue;
        }
        if let Some(party) = g.nationality_party(bare) {
            return Some(party);
        }
    }
    home_place_party(words, g)
}

/// The country of the place a speaker calls their home in their own words ("I live in
/// Ohio", "then I went back to Leeds", "I'm from Peru"): the gazetteer's place or country
/// named right after one of [`HOME_PLACE_LEADS`], if a country's.
fn home_place_party<'g>(words: &str, g: &'g Gazetteer) -> Option<&'g str> {
    let bytes = words.as_bytes();
    for at in memchr::memchr_iter(b'I', bytes) {
        let before = words.get(..at).and_then(|h| h.chars().next_back());
        if before.is_some_and(char::is_alphanumeric) {
            continue;
        }
        let Some(rest) = HOME_PLACE_LEADS
            .iter()
            .find_map(|p| words.get(at..)?.strip_prefix(p))
        else {
            continue;
        };
        let rest = rest.strip_prefix("the ").unwrap_or(rest);
        // Only the words up to the next punctuation: the place must come first.
        let end = rest
            .find([',', '.', ';', ':', '!', '?', '(', '\n'])
            .unwrap_or(rest.len());
        let place = super::text::floor_boundary(rest, end.min(HOME_PLACE_BYTES));
        let mut found = None;
        g.each_mention(rest.get(..place)?, |m| {
            if found.is_none() && m.start == 0 {
                found = Some(g.name(m.party));
            }
        });
        if let Some(party) = found.filter(|p| g.is_country(p)) {
            return Some(party);
        }
    }
    None
}

/// How far after "I live in" a home place's name may run, in bytes.
const HOME_PLACE_BYTES: usize = 48;

/// Where `name` occurs in `text`, in order, searched for as they are read: in a short text,
/// the few introductions wanted are found long before its end.
pub(crate) fn name_search<'t>(text: &'t str, name: &'t str) -> impl Iterator<Item = usize> + 't {
    memchr::memmem::find_iter(text.as_bytes(), name.as_bytes())
}

/// Where each of `names` occurs in `text` (overlapping occurrences included), in order: one
/// pass over the text for all of them, so looking up every speaker of a long text does not
/// read it once per speaker.
pub(crate) fn name_starts(text: &str, names: &[&str]) -> Vec<Vec<usize>> {
    let mut starts = vec![Vec::new(); names.len()];
    let Ok(automaton) = aho_corasick::AhoCorasick::new(names) else {
        return starts;
    };
    for m in automaton.find_overlapping_iter(text) {
        starts[m.pattern().as_usize()].push(m.start());
    }
    starts
}

/// Lowercase words that head a description of an organisation written before its name
/// ("the German rescue charity Sea-Eye", "Danish shipping firm Maersk").
#[rustfmt::skip]
const ORG_DESCRIPTION_HEADS: &[&str] = &[
    "charity", "group", "organisation", "organization", "company", "firm", "agency", "ngo",
    "movement", "militia", "network", "broadcaster", "newspaper", "outlet", "airline", "bank",
    "union", "foundation", "institute", "association", "campaign", "carrier", "giant",
    "operator", "producer", "maker", "manufacturer", "insurer", "lender", "retailer",
    "watchdog", "regulator", "think-tank", "party", "coalition", "alliance", "club",
];

/// How many lowercase words may stand between a nationality and an organisation's
/// description head ("German migrant marine rescue charity").
const ORG_DESCRIPTION_WORDS: usize = 4;

/// The country an organisation (`org`, its name as the article writes it) is introduced
/// with where the article names it (`starts`, in order): a nationality before a description
/// right before the name ("German rescue charity Sea-Eye") or an appositive after it
/// ("Sea-Eye, a German charity,"). Only the first few mentions are read.
pub(crate) fn org_introduced_party<'g>(
    text: &str,
    org: &str,
    starts: impl IntoIterator<Item = usize>,
    g: &'g Gazetteer,
) -> Option<&'g str> {
    let mut read = 0;
    for at in starts {
        let end = at + org.len();
        if !word_bounded(text, at, end) {
            continue;
        }
        read += 1;
        if read > INTRODUCTIONS_READ {
            break;
        }
        let found = described_before(text, at, g).or_else(|| {
            let tail = text.get(end..)?.strip_prefix(", ")?;
            let stop = tail
                .find([',', '.', ';', ':', '(', '"', '\u{201C}', '\n'])
                .unwrap_or(tail.len())
                .min(super::text::floor_boundary(tail, 90));
            g.party_name_of(description(tail.get(..stop)?, g)?)
        });
        if let Some(party) = found.filter(|p| g.is_country(p)) {
            return Some(party);
        }
    }
    None
}

/// The nationality of the description right before byte `at` ("German rescue charity "
/// before "Sea-Eye"): a description head, at most [`ORG_DESCRIPTION_WORDS`] lowercase words
/// before it and a nationality word first, all in one clause.
fn described_before<'g>(text: &str, at: usize, g: &'g Gazetteer) -> Option<&'g str> {
    let mut head = text.get(..at)?.strip_suffix(' ')?;
    let mut words = 0;
    loop {
        let ws = head.rfind([' ', '\n']).map_or(0, |i| i + 1);
        let w = head.get(ws..)?;
        if words == 0 && !ORG_DESCRIPTION_HEADS.contains(&w) {
            return None;
        }
        if let Some(party) = g.nationality_party(w) {
            return Some(party);
        }
        // A verb ("accused") or anything but a plain lowercase word ends the description.
        let plain = w.chars().all(|c| c.is_lowercase() || c == '-') && !w.ends_with("ed");
        if !plain || words > ORG_DESCRIPTION_WORDS || ws == 0 {
            return None;
        }
        words += 1;
        head = head.get(..ws)?.strip_suffix(' ')?;
    }
}

/// Whether two spellings of a surname differ in one letter only, past the first two
/// ("Sarea" and "Saree"): a transliteration the writer did not keep to. Short names are
/// left alone ("Khan", "Kahn" may be two people).
pub(crate) fn one_letter_apart(a: &str, b: &str) -> bool {
    const MIN_CHARS: usize = 5;
    if a.chars().count() != b.chars().count() || a.chars().count() < MIN_CHARS {
        return false;
    }
    let mut diffs = a
        .chars()
        .zip(b.chars())
        .enumerate()
        .filter(|(_, (x, y))| x != y);
    matches!((diffs.next(), diffs.next()), (Some((i, _)), None) if i >= 2)
}

/// Prepositions that join an organisation's head to the rest of its full name ("Commission
/// on Presidential Debates", "Department of State").
const ORG_NAME_GLUE: &[&str] = &["of", "on", "for", "and", "the"];

/// A short form of an organisation's name a quote may be credited to: a determiner, then an
/// organisation head alone ("the Commission") or after one capitalised modifier ("The State
/// Department"). Returns the words after the determiner and the key its full form is
/// searched by: the head alone, or the head "of" the modifier ("Department of State").
pub(crate) fn org_short_form(speaker: &str) -> Option<(&str, Cow<'_, str>)> {
    let rest = speaker
        .strip_prefix("the ")
        .or_else(|| speaker.strip_prefix("The "))?;
    let cap = |w: &str| {
        w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(char::is_alphabetic)
    };
    match rest.split_once(' ') {
        None => {
            (cap(rest) && super::cues::is_org_head(rest)).then_some((rest, Cow::Borrowed(rest)))
        }
        Some((modifier, head)) => (cap(modifier)
            && cap(head)
            && super::cues::is_org_head(head)
            && !super::cues::is_org_head(modifier))
        .then(|| (rest, Cow::Owned(format!("{head} of {modifier}")))),
    }
}

/// The full name the article gives each organisation credited by a short form (`keys`:
/// the search keys of [`org_short_form`]), when it writes exactly one: "Commission on
/// Presidential Debates" for the key "Commission", "United States Department of State" for
/// "Department of State". A lone head also written as another body's name ("European
/// Commission") has none. One pass over the text for all the keys.
pub(crate) fn org_full_names(text: &str, keys: &[&str]) -> Vec<Option<String>> {
    let starts = name_starts(text, keys);
    keys.iter()
        .zip(starts)
        .map(|(key, starts)| {
            let lone = !key.contains(' ');
            let mut full: Option<&str> = None;
            for at in starts {
                let end = at + key.len();
                if !word_bounded(text, at, end) {
                    continue;
                }
                let right = name_run_end(text, end);
                if lone && right == end {
                    // The head without its full name: another body's, if a name stands before
                    // it ("the European Commission"), else the short form itself.
                    if name_run_start(text, at) < at {
                        return None;
                    }
                    continue;
                }
                let found = text.get(name_run_start(text, at)..right)?;
                match full {
                    Some(f) if f != found => return None,
                    _ => full = Some(found),
                }
            }
            full.map(str::to_string)
        })
        .collect()
}

/// Whether `w` is a capitalised word of a name ("United", "U.S.").
fn is_name_cap(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
        && w.chars().all(|c| c.is_alphabetic() || c == '.')
        && !matches!(w, "The" | "A" | "An")
}

/// Where the capitalised words (and glue between them) after byte `from` of `text` end: the
/// rest of an organisation's name ("… on Presidential Debates"). `from` itself when none.
fn name_run_end(text: &str, from: usize) -> usize {
    const MAX_WORDS: usize = 8;
    let mut end = from;
    let mut at = from;
    for _ in 0..MAX_WORDS {
        let Some(rest) = text.get(at..).and_then(|r| r.strip_prefix(' ')) else {
            break;
        };
        let len = rest.find([' ', '\n']).unwrap_or(rest.len());
        let raw = &rest[..len];
        let w = raw.trim_end_matches([',', ';', ':', '.', '!', '?', ')', '"', '\u{201d}']);
        let w_end = at + 1 + w.len();
        if is_name_cap(w) {
            end = w_end;
        } else if !ORG_NAME_GLUE.contains(&w) {
            break;
        }
        if w.len() != raw.len() {
            break;
        }
        at = w_end;
    }
    end
}

/// Where the capitalised words right before byte `at` of `text` start (the "United States" of
/// "United States Department of State"), not past a sentence's end: `at` when none.
fn name_run_start(text: &str, at: usize) -> usize {
    const MAX_WORDS: usize = 4;
    let mut start = at;
    for _ in 0..MAX_WORDS {
        let Some(head) = text.get(..start).and_then(|h| h.strip_suffix(' ')) else {
            break;
        };
        let ws = head.rfind([' ', '\n']).map_or(0, |i| i + 1);
        let w = &head[ws..];
        // A word opening a sentence is capitalised whatever it is.
        let opens = text[..ws].trim_end().ends_with(['.', '!', '?']) || ws == 0;
        if !is_name_cap(w) || opens && !w.contains('.') {
            break;
        }
        start = ws;
    }
    start
}

/// The occurrences (`starts`, in order) of a string `len` bytes long that are whole words,
/// as `(start, end)`, read one after another as a search from the last one's end would
/// (an occurrence overlapping the one before is skipped).
fn whole_word_occurrences<'t, I>(
    text: &'t str,
    len: usize,
    starts: I,
) -> impl Iterator<Item = (usize, usize)> + 't
where
    I: IntoIterator<Item = usize>,
    I::IntoIter: 't,
{
    let mut from = 0;
    starts.into_iter().filter_map(move |at| {
        if at < from {
            return None;
        }
        from = at + len;
        word_bounded(text, at, from).then_some((at, from))
    })
}

/// Whether `text[s..e]` is whole words.
fn word_bounded(text: &str, s: usize, e: usize) -> bool {
    let before = text.get(..s).and_then(|h| h.chars().next_back());
    let after = text.get(e..).and_then(|t| t.chars().next());
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// The party in the title right before a name starting at `start`: the run of capitalised
/// words, role words and title glue before it (a parenthesis inside skipped), at most six
/// words and never past punctuation. A birthplace ("Kenyan-born") ends the title: where a
/// person was born is not whom they speak for.
fn title_party<'g>(
    text: &str,
    start: usize,
    g: &'g Gazetteer,
    persons: &[(usize, usize, &'g str)],
) -> Option<&'g str> {
    let mut head = text.get(..start)?.strip_suffix(' ')?;
    if head.ends_with(')') {
        let open = head.rfind('(')?;
        head = head.get(..open)?.trim_end_matches(' ');
    }
    let mut run_start = head.len();
    let mut pos = head.len();
    // The word last read was a lowercase role word: an "and" before it joins two portfolios
    // ("EU trade and industry commissioner").
    let mut after_portfolio = false;
    for _ in 0..6 {
        let sep = head.get(..pos)?.rfind([' ', '\n']);
        let ws = sep.map_or(0, |i| i + 1);
        let w = head.get(ws..pos)?;
        let capital = w.chars().next().is_some_and(char::is_uppercase);
        let role = super::cues::is_role_word(w);
        let joins = w == "and"
            && after_portfolio
            && head.get(..ws.saturating_sub(1)).is_some_and(|h| {
                let before = h.rsplit([' ', '\n']).next().unwrap_or(h);
                super::cues::is_role_word(before) && before.chars().all(char::is_lowercase)
            });
        let glue = role || TITLE_GLUE.contains(&w) || joins;
        after_portfolio = role && !capital;
        let punct = w.ends_with([',', '.', ';', ':', '"', '\u{201D}'])
            || w.starts_with(['"', '\u{201C}', '(']);
        if w.is_empty() || punct || w.ends_with("-born") || !(capital || glue) {
            // "Italian artist Ivo Kent", "a Polish chef, Ivo Kent": a nationality before one
            // lowercase noun right before the name is the person's.
            if run_start == head.len() && !punct && w.chars().all(char::is_lowercase) {
                let before = head.get(..ws.saturating_sub(1)).unwrap_or("");
                let nat = before.rsplit([' ', '\n']).next().unwrap_or("");
                if ws > 0 && head.as_bytes().get(ws - 1) == Some(&b' ') {
                    // "UCL astronomer Ivo Kent": an institution's, likewise.
                    if let Some(p) = g
                        .nationality_party(nat)
                        .or_else(|| g.institution_party(nat))
                    {
                        return Some(p);
                    }
                }
            }
            break;
        }
        run_start = ws;
        match sep {
            Some(i) if head.as_bytes().get(i) == Some(&b' ') => pos = i,
            _ => break,
        }
    }
    let run = head.get(run_start..)?;
    // "Ambassador to Germany", "envoy for Iran": the country a title is to or for is not the
    // one its holder speaks for.
    let run = [" to ", " for "]
        .iter()
        .filter_map(|w| run.find(w))
        .min()
        .map_or(run, |cut| &run[..cut]);
    if run.is_empty() {
        return None;
    }
    g.party_name_of(run)
        .or_else(|| person_party_within(persons, run_start, start))
        // "Leeds City College lecturer Ann Vale": the body's place.
        .or_else(|| g.institution_party(run))
}

/// The party of an appositive right after a name ending at `end` (", the Hungarian trade
/// envoy,", ", who was Trump's envoy,") or of the organisation after "of" ("of UNICEF"). An
/// appositive about birth or family ("the son of Syrian refugees") says where they come
/// from, not whom they speak for.
fn appositive_party<'g>(
    text: &str,
    end: usize,
    g: &'g Gazetteer,
    persons: &[(usize, usize, &'g str)],
) -> Option<&'g str> {
    let tail = text.get(end..)?;
    // "of UNICEF", ", of the African Union": the organisation, before any other appositive.
    let of = [" of ", ", of "]
        .iter()
        .find_map(|p| Some((p.len(), tail.strip_prefix(p)?)));
    // "a lecturer at Leeds City College": where the appositive says the person works.
    let mut workplace = None;
    let (skip, phrase) = if let Some((skip, rest)) = of {
        // Capitalised words (and "the") only: "of UNICEF", "of the African Union".
        let mut stop = 0;
        for w in rest.split(' ').take(5) {
            let bare = w.trim_end_matches([',', '.', ';', ':']);
            if !(bare == "the" || bare.chars().next().is_some_and(char::is_uppercase)) {
                break;
            }
            stop += bare.len();
            if bare.len() < w.len() {
                break;
            }
            stop += 1;
        }
        (skip, rest.get(..stop.min(rest.len()))?.trim_end())
    } else if let Some(rest) = tail.strip_prefix(", ") {
        let stop = rest
            .find([',', '.', ';', ':', '(', '"', '\u{201C}', '\n'])
            .unwrap_or(rest.len())
            .min(super::text::floor_boundary(rest, 90));
        let clause = rest.get(..stop)?;
        let described = description(clause, g)?;
        workplace = clause
            .get(described.len()..)
            .and_then(|w| w.strip_prefix(" at "))
            .map(institution_run);
        (2, described)
    } else {
        return None;
    };
    if phrase.is_empty()
        || ["born", "son of", "daughter of", "descent"]
            .iter()
            .any(|w| phrase.contains(w))
    {
        return None;
    }
    let from = end + skip;
    g.party_name_of(phrase)
        .or_else(|| person_party_within(persons, from, from + phrase.len()))
        .or_else(|| {
            // "of University College London": the body is in the place it is named after.
            let body = if of.is_some() {
                Some(phrase)
            } else {
                workplace
            };
            g.institution_party(body?)
        })
}

/// The capitalised words (and the glue of an organisation's name between them) opening
/// `rest`, at most six words and never past punctuation: "the University of Otago",
/// "Leeds City College".
fn institution_run(rest: &str) -> &str {
    let mut stop = 0;
    for (i, w) in rest.split(' ').take(6).enumerate() {
        let bare = w.trim_end_matches([',', '.', ';', ':']);
        let cap = bare.chars().next().is_some_and(char::is_uppercase);
        if !(cap || i > 0 && ORG_NAME_GLUE.contains(&bare) || i == 0 && bare == "the") {
            break;
        }
        stop += bare.len();
        if bare.len() < w.len() {
            break;
        }
        stop += 1;
    }
    rest.get(..stop.min(rest.len())).unwrap_or("").trim_end()
}

/// Words for a body of people one person can lead for a side ("the American team", "Iran's
/// delegation").
const LED_GROUPS: &[&str] = &[
    "team",
    "delegation",
    "negotiators",
    "negotiating",
    "mission",
    "side",
    "contingent",
];

/// The party of a delegation or team the person starting at `start` is introduced as leading:
/// "The American team was headed by special envoy Lena Ortiz", "Iran's delegation, led by
/// deputy minister Ali Vaezi". At most four title words may stand between "by" and the name,
/// and the group must be named in the same clause, within 120 bytes before "led by".
fn leader_party<'g>(text: &str, start: usize, g: &'g Gazetteer) -> Option<&'g str> {
    let head = text.get(..start)?;
    let near = head.get(super::text::ceil_boundary(head, start.saturating_sub(60))..)?;
    let by = [" led by ", " headed by "]
        .iter()
        .filter_map(|cue| near.rfind(cue))
        .max()?;
    let title = near[by..].split_once(" by ")?.1;
    if title.split_whitespace().count() > 4 || title.contains([',', '.', ';', ':', '"']) {
        return None;
    }
    let at = start - near.len() + by;
    let clause_from = text
        .get(..at)?
        .rfind(['.', '\n', ';', '"', '\u{201C}', '\u{201D}'])
        .map_or(0, |i| i + 1)
        .max(super::text::ceil_boundary(text, at.saturating_sub(120)));
    let clause = text.get(clause_from..at)?;
    let lower = clause.to_lowercase();
    let group = lower
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| LED_GROUPS.contains(&w));
    if !group {
        return None;
    }
    g.party_name_of(clause)
}

/// How an appositive that describes a person may open: "the Hungarian envoy", "a Labour
/// MP", "who was Trump's envoy", "Hungary's envoy". Anything else after a name and a comma
/// is the writer's sentence going on ("Ann Vale, said on Monday that").
const DESCRIPTION_OPENINGS: &[&str] = &[
    "the ",
    "a ",
    "an ",
    "who is ",
    "who was ",
    "who has been ",
    "who had been ",
    "then ",
    "now ",
    "former ",
    "formerly ",
    "previously ",
    "currently ",
];

/// Bodies and contests of a country a person is "in" as a member or a candidate ("a
/// candidate in the Hungarian election", "a minister in the Iraqi government").
#[rustfmt::skip]
const NATIONAL_BODIES: &[&str] = &[
    "election", "elections", "government", "parliament", "cabinet", "army", "military",
    "navy", "senate", "assembly", "opposition", "ministry", "legislature", "congress",
];

/// Whether `rest` (what follows " in ") opens with a country's body: "the Hungarian
/// election".
fn in_national_body(rest: &str, g: &Gazetteer) -> bool {
    let mut words = rest.split(' ');
    words.next() == Some("the")
        && words
            .next()
            .is_some_and(|w| g.nationality_party(w).is_some())
        && words
            .next()
            .is_some_and(|w| NATIONAL_BODIES.contains(&w.trim_end_matches([',', '.', ';', ':'])))
}

/// The part of an appositive `phrase` that describes the person, up to a place or a clause
/// of its own ("the envoy in Berlin", "a doctoral student at Ohio State", "who told reporters
/// that"): where they work or are is not whom they speak for, unless it is a country's body
/// ("a candidate in the Hungarian election").
fn description<'p>(phrase: &'p str, g: &Gazetteer) -> Option<&'p str> {
    let first = phrase.split(' ').next().unwrap_or("");
    let possessive = first.ends_with("'s") || first.ends_with("\u{2019}s");
    let opens = DESCRIPTION_OPENINGS.iter().any(|o| phrase.starts_with(o))
        || possessive && first.chars().next().is_some_and(char::is_uppercase);
    if !opens {
        return None;
    }
    let cut = [
        " at ",
        " in ",
        " - ",
        " \u{2014} ",
        " \u{2013} ",
        " who ",
        " which ",
        " that ",
    ]
    .iter()
    .filter_map(|w| {
        let at = phrase.get(1..)?.find(w)? + 1;
        let body = *w == " in " && in_national_body(phrase.get(at + w.len()..)?, g);
        (!body).then_some(at)
    })
    .min()
    .unwrap_or(phrase.len());
    phrase.get(..cut)
}

/// The party of the first known person named wholly inside `from..to`.
fn person_party_within<'g>(
    persons: &[(usize, usize, &'g str)],
    from: usize,
    to: usize,
) -> Option<&'g str> {
    persons
        .iter()
        .find(|p| p.0 >= from && p.1 <= to)
        .map(|p| p.2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_given_name_stands_for_the_one_full_name_written_after_it() {
        // The words a first-name test accepts here (titles and sentence openers it refuses).
        let name_word = |w: &str| matches!(w, "Lautoka" | "Vaiola" | "Tenu" | "Rita" | "Mele");
        let full = |text: &str, word: &str| {
            full_name_after_given(text, word, name_search(text, word), name_word)
        };
        let text = "Premier Lautoka Vaiola Tenu opened the port. Later Lautoka said it was ready.";
        assert_eq!(
            full(text, "Lautoka").as_deref(),
            Some("Lautoka Vaiola Tenu")
        );
        // Someone's surname elsewhere: no one full name.
        let text = "Premier Lautoka Vaiola opened it. Rita Lautoka came too. Lautoka said so.";
        assert_eq!(full(text, "Lautoka"), None);
        // Two different runs after it: no one full name.
        let text = "Lautoka Vaiola came. Lautoka Mele came. Lautoka said so.";
        assert_eq!(full(text, "Lautoka"), None);
        // Never written with more after it.
        assert_eq!(full("Lautoka said so, and Lautoka left.", "Lautoka"), None);
    }

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
    #[test]
    fn a_speaker_takes_the_party_they_were_introduced_with() {
        let g = Gazetteer::builtin();
        let first = |w: &str| w.chars().next().is_some_and(char::is_uppercase) && w != "The";
        let intro = |text: &str, name: &str| {
            let searched = introduced_party(text, name, name_search(text, name), &g, &[], first);
            let starts = name_starts(text, &[name]).swap_remove(0);
            let scanned = introduced_party(text, name, starts, &g, &[], first);
            assert_eq!(searched, scanned, "{name} in {text}");
            searched
        };
        // A title before the full name, a parenthesis inside it skipped.
        let text = "Speakers included Labour MP (Member of Parliament) Ann Vale. Vale said no.";
        assert_eq!(intro(text, "Ann Vale"), Some("United Kingdom"));
        assert_eq!(intro(text, "Vale"), Some("United Kingdom"));
        let text = "Ottawa mayoral candidate Ivy Marr spoke first.";
        assert_eq!(intro(text, "Ivy Marr"), Some("Canada"));
        let text = "Kurdish rebels met Houthi military spokesperson Ari Dost on Friday.";
        assert_eq!(intro(text, "Ari Dost"), Some("Houthis"));
        // An appositive after the name, and an organisation after "of".
        let text = "Lena Ruzs, the Hungarian trade envoy, spoke first. Tom Pike of the WHO agreed.";
        assert_eq!(intro(text, "Lena Ruzs"), Some("Hungary"));
        assert_eq!(intro(text, "Pike"), Some("WHO"));
        let text = "Tom Pike, of the African Union, agreed.";
        assert_eq!(intro(text, "Tom Pike"), Some("African Union"));
        // Two portfolios joined by "and" are one title.
        let text = "The talks were led by EU trade and energy commissioner Ray Dole.";
        assert_eq!(intro(text, "Ray Dole"), Some("European Union"));
        let text = "Chile and trade envoy Ray Dole spoke.";
        assert_eq!(intro(text, "Ray Dole"), None);
        // An ambassador belongs to the sending country.
        let text = "It was US Ambassador to Germany Ray Dole who spoke.";
        assert_eq!(intro(text, "Ray Dole"), Some("United States"));
        assert_eq!(intro("Envoy to Germany Ray Dole spoke.", "Ray Dole"), None);
        // A verb before the name ends the title; a birthplace or family is not a party.
        assert_eq!(intro("Russia accused Ivo Kent of lying.", "Ivo Kent"), None);
        assert_eq!(
            intro("The talk was by Kenyan-born Mia Oduya.", "Mia Oduya"),
            None
        );
        assert_eq!(
            intro("Omar Lutz, the son of Syrian refugees, spoke.", "Omar Lutz"),
            None
        );
        // A nationality before one lowercase noun before the name; not a birthplace.
        let text = "The statue is by Italian sculptor Ivo Kent.";
        assert_eq!(intro(text, "Ivo Kent"), Some("Italy"));
        assert_eq!(
            intro("The Italian-born sculptor Ivo Kent spoke.", "Ivo Kent"),
            None
        );
        assert_eq!(intro("Italy rejects sculptor Ivo Kent.", "Ivo Kent"), None);
        assert_eq!(
            intro("Said MIT chemist Ivo Kent.", "Ivo Kent"),
            Some("United States")
        );
        let text = "Ivo Kent of the Yale Center for Birds agreed.";
        assert_eq!(intro(text, "Ivo Kent"), Some("United States"));
        // "formerly the ...": a description too.
        let text = "Ivo Kent, formerly the head of the Chilean navy, disagreed.";
        assert_eq!(intro(text, "Ivo Kent"), Some("Chile"));
        // An appositive is a description, not the sentence going on, and not a workplace.
        let text = "Pia Brandt, said on Monday that Spanish voters agreed.";
        assert_eq!(intro(text, "Pia Brandt"), None);
        let text = "Pia Brandt, who told reporters that English fans were loud, left.";
        assert_eq!(intro(text, "Pia Brandt"), None);
        let text = "Pia Brandt, a doctoral student at a Spanish university, left.";
        assert_eq!(intro(text, "Pia Brandt"), None);
        let text = "Pia Brandt, Germany's envoy in Madrid, left.";
        assert_eq!(intro(text, "Pia Brandt"), Some("Germany"));
        // A workplace or body named after a place is in that place's country, the place
        // glued to its name's other words included; a place alone or a nameless body is not.
        let text = "Pia Brandt, a chemist at Milan Polytechnic University, left.";
        assert_eq!(intro(text, "Pia Brandt"), Some("Italy"));
        let text = "Pia Brandt, a chemist at the University of Milan, left.";
        assert_eq!(intro(text, "Pia Brandt"), Some("Italy"));
        let text = "Dr. Ivo Kent of Imperial College London said the test worked.";
        assert_eq!(intro(text, "Ivo Kent"), Some("United Kingdom"));
        let text = "Sydney Harbour Institute professor Ivo Kent said so.";
        assert_eq!(intro(text, "Ivo Kent"), Some("Australia"));
        let text = "Pia Brandt, a chemist at Milan Rowing, left.";
        assert_eq!(intro(text, "Pia Brandt"), None);
        // A country's election or government is not a workplace.
        let text = "We met Lena Varga, a candidate in the Hungarian election, in Pécs.";
        assert_eq!(intro(text, "Lena Varga"), Some("Hungary"));
        let text = "Pia Brandt, a minister in the Spanish government, left.";
        assert_eq!(intro(text, "Pia Brandt"), Some("Spain"));
        let text = "Pia Brandt, a waiter in the Spanish quarter, left.";
        assert_eq!(intro(text, "Pia Brandt"), None);
        // The side whose team or delegation the person is introduced as leading.
        let text = "The Danish team was headed by special envoy Tove Lind, who arrived late.";
        assert_eq!(intro(text, "Tove Lind"), Some("Denmark"));
        let text = "Peru's delegation, led by deputy minister Ana Quispe, left early.";
        assert_eq!(intro(text, "Ana Quispe"), Some("Peru"));
        // Not a group of people, or too far from the cue: no party.
        let text = "The talks in Lima were led by veteran mediator Ana Quispe.";
        assert_eq!(intro(text, "Ana Quispe"), None);
        let text =
            "The Danish team was headed by a long list of very senior people including Tove Lind.";
        assert_eq!(intro(text, "Tove Lind"), None);
    }

    #[test]
    fn a_speaker_says_which_country_is_theirs() {
        let g = Gazetteer::builtin();
        let own = |w: &str| self_described_party(w, &g);
        assert_eq!(own("Well, I'm Canadian, so yes."), Some("Canada"));
        assert_eq!(
            own("Look, I am a proud Peruvian and a teacher."),
            Some("Peru")
        );
        assert_eq!(own("I\u{2019}m Thai."), Some("Thailand"));
        // Where they are, where they began, a title, a first name: no country.
        assert_eq!(own("I'm in France this week."), None);
        assert_eq!(own("I'm Kenyan-born."), None);
        assert_eq!(own("I'm Australian Open champion."), None);
        assert_eq!(own("I'm Jordan, nice to meet you."), None);
        assert_eq!(own("Hi, I'm glad. Canadian winters are long."), None);
    }

    #[test]
    fn a_speaker_says_where_their_home_is() {
        let g = Gazetteer::builtin();
        let own = |w: &str| self_described_party(w, &g);
        assert_eq!(
            own("Honestly, I live in Ohio with two cats."),
            Some("United States")
        );
        assert_eq!(
            own("And then I went back to Brisbane, as planned."),
            Some("Australia")
        );
        assert_eq!(own("I'm from the United States."), Some("United States"));
        assert_eq!(own("I am from Peru"), Some("Peru"));
        // Being somewhere or a place later in the sentence is not home; nor is a bloc.
        assert_eq!(own("I'm in Ohio this week."), None);
        assert_eq!(own("I live in a small town near Ohio."), None);
        assert_eq!(own("I come from the European Union."), None);
        assert_eq!(own("I was in Texas once; we live in Peru."), None);
    }

    #[test]
    fn an_organisation_takes_the_country_it_is_introduced_with() {
        let g = Gazetteer::builtin();
        let intro =
            |text: &str, org: &str| org_introduced_party(text, org, name_search(text, org), &g);
        let text = "The Norwegian sea rescue charity Havhjelp sent a boat.";
        assert_eq!(intro(text, "Havhjelp"), Some("Norway"));
        let text = "Yesterday Havhjelp, a Norwegian charity, sent a boat.";
        assert_eq!(intro(text, "Havhjelp"), Some("Norway"));
        // A verb, a bloc, no description head: no country.
        let text = "Danish officials accused charity Havhjelp of lying.";
        assert_eq!(intro(text, "Havhjelp"), None);
        let text = "The European rescue charity Havhjelp sent a boat.";
        assert_eq!(intro(text, "Havhjelp"), None);
        let text = "Danish sailors met Havhjelp at sea.";
        assert_eq!(intro(text, "Havhjelp"), None);
    }

    #[test]
    fn a_surname_spelt_two_ways_is_one_letter_apart() {
        assert!(one_letter_apart("Halimi", "Halimy"));
        assert!(!one_letter_apart("Halimi", "Halim"));
        assert!(!one_letter_apart("Kahn", "Kuhn"));
        assert!(!one_letter_apart("Barton", "Carton"));
        assert!(!one_letter_apart("Halimi", "Halimi"));
    }

    #[test]
    fn an_organisation_named_short_takes_the_full_name_the_article_gives() {
        let full = |text: &str, speaker: &str| {
            let (_, key) = org_short_form(speaker)?;
            org_full_names(text, &[key.as_ref()]).pop().flatten()
        };
        let text = "Rules were set by the Board on Fair Fishing. Later the Board said no.";
        assert_eq!(
            full(text, "the Board").as_deref(),
            Some("Board on Fair Fishing")
        );
        let text = "A United Atolls Department of Fisheries official spoke. \
                    The Fisheries Department said no.";
        assert_eq!(
            full(text, "The Fisheries Department").as_deref(),
            Some("United Atolls Department of Fisheries")
        );
        // Two full names, or another body with the same head: no full name.
        let text = "The Board on Fair Fishing met the Board on Safe Ports.";
        assert_eq!(full(text, "the Board"), None);
        let text = "The Harbour Board and the Board on Fair Fishing met.";
        assert_eq!(full(text, "the Board"), None);
        // A sentence's first word is not part of the name; a short form must be a body's.
        let text = "It rained. Department of Fisheries staff left.";
        assert_eq!(
            full(text, "the Fisheries Department").as_deref(),
            Some("Department of Fisheries")
        );
        assert_eq!(org_short_form("the Fisheries"), None);
        assert_eq!(org_short_form("Trump's Department"), None);
    }

    #[test]
    fn crowds_and_witnesses_are_voices_of_a_place() {
        assert!(is_local_voice("Some of the protesters"));
        assert!(is_local_voice("One MP"));
        assert!(is_local_voice("a local shopkeeper"));
        assert!(!is_local_voice("the ministry"));
        assert!(!is_local_voice("Analysts"));
    }

    #[test]
    fn speakers_who_name_two_countries_as_theirs_keep_none() {
        let g = Gazetteer::builtin();
        let said = [
            ("Ivo Lenz".to_string(), "I'm Austrian, of course."),
            ("Ivo Lenz".to_string(), "We won."),
            ("Ada Roe".to_string(), "I'm Irish."),
            ("Ada Roe".to_string(), "I am Welsh."),
            ("Bo Hale".to_string(), "We lost."),
        ];
        let own = self_described_parties("", said, &g);
        assert_eq!(own.get("Ivo Lenz"), Some(&Some("Austria")));
        assert_eq!(own.get("Ada Roe"), Some(&None));
        assert_eq!(own.get("Bo Hale"), None);
    }

    #[test]
    fn an_interviewee_says_in_their_answers_where_they_are_from() {
        let g = Gazetteer::builtin();
        let own = |text: &str| {
            let said = [("Pia Moss".to_string(), "We met in May.")];
            self_described_parties(text, said, &g)
                .get("Pia Moss")
                .copied()
        };
        let text = "We spoke to Pia Moss, a writer.\n\n((WN)) Where do you live?\n\n\
                    ((Pia Moss)) In Leeds now, as I'm Chilean and I moved here.\n\n\
                    ((WN)) Are you British?\n\n((Pia Moss)) No.";
        assert_eq!(own(text), Some(Some("Chile")));
        // The interviewer's words are not the person's.
        let text = "((Pia Moss)) Hello.\n\n((WN)) I'm Chilean too.\n\n((Pia Moss)) Good.";
        assert_eq!(own(text), None);
        // Another interviewee's answer is not theirs either.
        let text = "((Pia Moss)) Hi.\n\n((Li Wei)) I'm Chilean.\n\n((Pia Moss)) Bye.";
        assert_eq!(own(text), None);
        // A speaker credited by surname answers under their full name.
        let said = [("Moss".to_string(), "We met in May.")];
        let text = "((WN)) And now?\n\n((Pia Moss)) Then I went back to Glasgow.";
        let got = self_described_parties(text, said, &g);
        assert_eq!(got.get("Moss"), Some(&Some("United Kingdom")));
    }
}
