//! The extraction entry point: segments the article, finds and attributes its quotations and
//! works out the parties involved.

use std::borrow::Cow;

use super::attribute::Attributor;
use super::parties::{Gazetteer, Mention};
use super::people::{
    each_person, full_name_after_given, introduced_party, is_local_voice, known_surnames,
    name_search, name_starts, one_letter_apart, org_full_names, org_introduced_party,
    org_short_form, self_described_parties,
};
use super::quotes;
use super::segment;
use super::target::{
    speaks_of_both, speaks_to_listener, speaks_to_someone, target, Writer, LEAD_IN,
    OTHER_PRINCIPAL, QUOTE, THREAD,
};
use super::text::floor_boundary;
use super::{fast_map, FastMap};

/// Whether a quotation stands as its own sentence(s) or is a phrase inside the writer's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// Starts a sentence, follows a colon, or is more than one sentence.
    Full,
    /// A phrase inside the writer's sentence: Kamali said Tehran would "never bow".
    Partial,
}

/// One quotation. Offsets are bytes into the (possibly truncated) input text.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Quote {
    pub index: usize,
    /// Start of the first part's text (marks excluded).
    pub start: usize,
    /// End of the last part's text.
    pub end: usize,
    /// The parts joined by one space.
    pub text: String,
    pub kind: QuoteKind,
    /// No closing mark before the paragraph ended.
    pub unclosed: bool,
    /// Each part of an interrupted or multi-paragraph quote.
    pub spans: Vec<(usize, usize)>,
    /// Name(s), or the descriptive phrase ("a senior U.S. official"), or "unknown". A
    /// surname credited alone shows the full name it stands for ("Kamali said" after "Reza
    /// Kamali"), and an organisation's short form the full name the article gives it.
    pub speaker: String,
    pub speaker_name: Option<String>,
    pub role: Option<String>,
    pub organisation: Option<String>,
    pub speaker_party: Option<String>,
    pub target_party: Option<String>,
    /// Why that target: "quote" (the quote names it, people counting as their party),
    /// "lead-in" (the writer's sentence that introduces the quote names it, or the rest of
    /// the clause around a partial quote), "other principal", "both sides", "paragraph" (a
    /// third party's quote in a paragraph on one side only); none when there is no target.
    pub target_reason: Option<String>,
    /// The speech cue that attributed it ("said", "according to", "—", ":", "continuation").
    pub cue: Option<String>,
}

/// Everything found in one article.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Extraction {
    pub quotes: Vec<Quote>,
    /// The two most-mentioned parties.
    pub principals: Vec<String>,
    pub paragraphs: usize,
    pub sentences: usize,
    /// Parties and how often they are named, most-mentioned first.
    pub party_mentions: Vec<(String, usize)>,
    /// The text was longer than `max_text_bytes`; only its prefix was read.
    pub truncated: bool,
    /// Quotes beyond `max_quotes`.
    pub quotes_dropped: usize,
}

/// Resource limits for one extraction.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Only this many bytes (cut back to a char boundary) are processed.
    pub max_text_bytes: usize,
    /// Quotes beyond this are counted in `quotes_dropped`.
    pub max_quotes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_text_bytes: 16 * 1024 * 1024,
            max_quotes: 10_000,
        }
    }
}

/// A dateline ends within this many bytes of its paragraph's start.
const DATELINE_MAX: usize = 60;
/// A second party is a principal only with at least 1/this of the first one's mentions
/// (measured on our Wikinews annotations: target accuracy 0.49 with any second party, 0.63
/// at a third, 0.60 at a quarter).
const SECOND_PRINCIPAL_SHARE: usize = 3;

/// End of a dateline such as "MUSCAT, Oman —" at the start of paragraph `p`: an upper-case
/// word, a short place, then a dash.
fn dateline_end(text: &str, p: (usize, usize)) -> Option<usize> {
    let para = text.get(p.0..p.1)?;
    // The upper-case word first: it rules out almost every paragraph cheaply.
    let first = para.split(|c: char| !c.is_alphabetic()).next()?;
    if !(first.chars().count() >= 3 && first.chars().all(|c| c.is_uppercase())) {
        return None;
    }
    let head = para.get(..floor_boundary(para, DATELINE_MAX))?;
    let dash = ["\u{2014}", "\u{2013}", " - ", "--"]
        .iter()
        .filter_map(|d| head.find(d))
        .min()?;
    Some(p.0 + dash)
}

/// A city mention after a preposition of place names a venue ("talks in Muscat", "we came to
/// Brussels"), not an actor.
pub(crate) fn is_venue(text: &str, m: &crate::article::parties::Mention) -> bool {
    if !m.city {
        return false;
    }
    let before = text.get(..m.start).unwrap_or("").trim_end();
    let prev = before
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    matches!(
        &*super::cues::lowercase(prev),
        "in" | "at"
            | "to"
            | "from"
            | "into"
            | "near"
            | "via"
            | "toward"
            | "towards"
            | "visit"
            | "visited"
            | "visiting"
            | "inside"
            | "outside"
            | "around"
            | "across"
    )
}

/// The parties a quote names as actors, in order of first mention (venues left out).
pub(crate) fn named_parties<'g>(
    body: &str,
    gazetteer: &'g Gazetteer,
    surnames: &[&str],
) -> Vec<&'g str> {
    let mut named: Vec<&str> = Vec::new();
    gazetteer.each_mention(body, |m| {
        if !is_surname(body, &m, surnames) {
            add_actor(body, gazetteer, m, &mut named);
        }
    });
    named
}

/// Capitalised words that may stand before a place without making a person's name of it
/// ("Greater London", "Nazi Germany", "Air India"), besides those `is_not_name` knows.
#[rustfmt::skip]
const PLACE_MODIFIERS: &[&str] = &[
    "Central", "Greater", "Upper", "Lower", "Inner", "Outer", "New", "Old", "Nazi", "Soviet",
    "Communist", "Imperial", "Mainland", "Occupied", "Downtown", "Metropolitan", "Modern",
    "Ancient", "Free", "Royal", "Federal", "Democratic", "Islamic", "Socialist", "Arab", "Great",
    "Grand", "Little", "Air", "Team", "Radio", "Visit", "Brand", "Global", "Rural", "Urban",
    "Coastal", "Southeast", "Northeast", "Southwest", "Northwest", "Continental", "Colonial",
    "Postwar", "Wartime", "Weimar", "Tsarist", "Ottoman", "Republican", "Democrat", "Port",
    "Fort", "Mount", "Lake", "Saint", "San", "Santa", "Tower", "Hotel", "Camp", "Cape", "Point",
];

/// The one-word city names that this article also writes as a person's surname, after a
/// first name ("identified as Tarek Amman"; `glued`: the city aliases the gazetteer skipped
/// for following a capitalised word): there every bare "Amman" is the person, not Jordan's
/// capital, so it names no party.
fn place_surnames<'t>(text: &'t str, glued: &[Mention], gazetteer: &Gazetteer) -> Vec<&'t str> {
    let mut words: Vec<&str> = Vec::new();
    for m in glued {
        let Some(w) = text.get(m.start..m.end).filter(|w| !w.contains(' ')) else {
            continue;
        };
        let after = text.get(m.end..).unwrap_or("");
        // "Tarek Amman Street" is a longer name, not a person.
        let glued_after = after
            .strip_prefix(' ')
            .and_then(|a| a.chars().next())
            .is_some_and(char::is_uppercase);
        if !words.contains(&w) && !glued_after && first_name_before(text, m.start, gazetteer) {
            words.push(w);
        }
    }
    words
}

/// Whether a first name stands right before byte `at`, after a lowercase word or a comma.
fn first_name_before(text: &str, at: usize, gazetteer: &Gazetteer) -> bool {
    let Some(head) = text.get(..at).and_then(|h| h.strip_suffix(' ')) else {
        return false;
    };
    let (rest, word) = head.rsplit_once(' ').unwrap_or(("", head));
    // The word before is a lowercase one ("identified as") or ends a clause: not a headline
    // in title case, not a longer proper name, not a determiner ("the Progress Iowa group").
    let before = rest.rsplit(' ').next().unwrap_or("");
    let mid_sentence = before.ends_with(',')
        || before.chars().next().is_some_and(char::is_lowercase)
            && before.chars().all(char::is_alphabetic)
            && !super::cues::is_det(before);
    mid_sentence && !PLACE_MODIFIERS.contains(&word) && looks_like_first_name(word, gazetteer)
}

/// Whether mention `m` of `text` is one of the article's place-named `surnames`.
fn is_surname(text: &str, m: &Mention, surnames: &[&str]) -> bool {
    !surnames.is_empty()
        && text
            .get(m.start..m.end)
            .is_some_and(|w| surnames.contains(&w))
}

/// Is mention `m` the surname of a person ("Rep. Ron Jordan")? It follows a capitalised word
/// that is neither a title nor a party name, with one space between.
pub(crate) fn in_person_name(text: &str, gazetteer: &Gazetteer, m: &Mention) -> bool {
    let Some(before) = text.get(..m.start).and_then(|b| b.strip_suffix(' ')) else {
        return false;
    };
    let prev = before
        .rsplit(|c: char| !(c.is_alphanumeric() || c == '-'))
        .next()
        .unwrap_or("");
    prev.chars().next().is_some_and(char::is_uppercase)
        && prev.chars().any(char::is_lowercase)
        && !super::cues::is_role_word(prev)
        && !super::cues::is_not_name(prev)
        && !gazetteer.names_party(prev)
        && text.get(m.start..m.end) == Some(gazetteer.name(m.party))
}

/// A nationality said of someone ("he could be Pakistani", "she is Chilean") tells what
/// they are, not a party anyone's words are aimed at.
fn is_predicate_nationality(text: &str, gazetteer: &Gazetteer, m: &Mention) -> bool {
    let Some(word) = text.get(m.start..m.end) else {
        return false;
    };
    let before = text.get(..m.start).unwrap_or("").trim_end();
    let prev = before.rsplit(' ').next().unwrap_or("");
    let after = text.get(m.end..).and_then(|t| t.chars().next());
    // "is Chilean," / "be Pakistani." end the phrase: "is Chilean wine" is about a thing.
    matches!(prev, "be" | "is" | "was" | "am" | "are" | "were")
        && after.is_none_or(|c| !c.is_alphanumeric() && c != ' ')
        && gazetteer.nationality_party(word).is_some()
}

/// Adds the party of mention `m` of `body` to `named` unless it is a venue, part of a
/// person's name or already there.
fn add_actor<'g>(body: &str, gazetteer: &'g Gazetteer, m: Mention, named: &mut Vec<&'g str>) {
    let n = gazetteer.name(m.party);
    if !is_venue(body, &m)
        && !is_predicate_nationality(body, gazetteer, &m)
        && !named.contains(&n)
        && !in_person_name(body, gazetteer, &m)
    {
        named.push(n);
    }
}

/// The non-empty text spans of quote `q`'s parts.
fn quote_spans(q: &quotes::RawQuote) -> Vec<(usize, usize)> {
    q.spans
        .iter()
        .map(|s| (s.start, s.end))
        .filter(|s| s.1 > s.0)
        .collect()
}

/// Whether `text[s..e]` stands between double quotation marks. A scan of it alone then finds
/// just the article's mentions inside it: no alias runs over such a mark, and a mark counts
/// as the start of a sentence, so names next to it are never glued to what is outside.
fn between_double_marks(text: &str, s: usize, e: usize) -> bool {
    let before = text.get(..s).and_then(|h| h.chars().next_back());
    let after = text.get(e..).and_then(|t| t.chars().next());
    matches!(before, Some('"' | '“')) && matches!(after, Some('"' | '”'))
}

/// [`named_parties`] of a quote with parts `spans`, its parts joined being `body`; a quote in
/// one part between double marks takes its parties from the article's `mentions` (sorted)
/// rather than scanning its text again.
fn quote_parties<'g>(
    text: &str,
    spans: &[(usize, usize)],
    body: &str,
    (mentions, surnames): (&[Mention], &[&str]),
    gazetteer: &'g Gazetteer,
) -> Vec<&'g str> {
    let [(s, e)] = *spans else {
        return named_parties(body, gazetteer, surnames);
    };
    if !between_double_marks(text, s, e) || !gazetteer.aliases_avoid_double_marks() {
        return named_parties(body, gazetteer, surnames);
    }
    let first = mentions.partition_point(|m| m.start < s);
    let inside = mentions.iter().skip(first).take_while(|m| m.end <= e);
    let mut named: Vec<&str> = Vec::new();
    for m in inside {
        let in_body = Mention {
            start: m.start - s,
            end: m.end - s,
            ..*m
        };
        add_actor(body, gazetteer, in_body, &mut named);
    }
    named
}

/// The quote's parties `named` with the known people it names counted as their party
/// ("Trump is behaving like a bully" names the United States), all in order of first mention
/// in the quote's parts `spans`.
fn with_people<'g>(
    named: Vec<&'g str>,
    spans: &[(usize, usize)],
    (mentions, persons): (&[Mention], &[Person<'g>]),
    gazetteer: &'g Gazetteer,
) -> Vec<&'g str> {
    let people: Vec<(usize, &str)> = spans
        .iter()
        .flat_map(|&(s, e)| persons_within(persons, s, e))
        .map(|&(start, _, party)| (start, party))
        .collect();
    if people.is_empty() {
        return named;
    }
    // Where the quote first names each party (parties only a scan of the quote text found
    // go after the rest, in their order).
    let first_at = |party: &str| {
        spans
            .iter()
            .filter_map(|&(s, e)| {
                let i = mentions.partition_point(|m| m.start < s);
                mentions[i..]
                    .iter()
                    .take_while(|m| m.end <= e)
                    .find(|m| gazetteer.name(m.party) == party)
                    .map(|m| m.start)
            })
            .min()
            .unwrap_or(usize::MAX)
    };
    let mut ordered: Vec<(usize, &str)> = named.iter().map(|&p| (first_at(p), p)).collect();
    ordered.extend(people);
    ordered.sort_by_key(|&(at, _)| at);
    let mut out: Vec<&str> = Vec::with_capacity(ordered.len());
    for (_, p) in ordered {
        if !out.contains(&p) {
            out.push(p);
        }
    }
    out
}

/// The parts of a quote joined by one space.
fn quote_text(text: &str, spans: &[(usize, usize)]) -> String {
    let parts = spans.iter().filter_map(|&(s, e)| text.get(s..e));
    let mut body = String::with_capacity(spans.iter().map(|s| s.1 - s.0 + 1).sum());
    for (i, part) in parts.enumerate() {
        if i > 0 {
            body.push(' ');
        }
        body.push_str(part);
    }
    body
}

/// A byte range of the article: a paragraph or a sentence.
type Span = (usize, usize);

/// A known person named in the text: byte range and party.
type Person<'g> = (usize, usize, &'g str);

/// The persons (in text order) named wholly inside `from..to`.
fn persons_within<'p, 'g>(persons: &'p [Person<'g>], from: usize, to: usize) -> &'p [Person<'g>] {
    let first = persons.partition_point(|p| p.0 < from);
    let last = first + persons[first..].partition_point(|p| p.1 <= to);
    &persons[first..last]
}

/// Words after which a party the lead-in names is what the speaker's words are about ("warned
/// that Europe's leaders", "commented on the Turkish plan", "condemned Iran"), not a party
/// named in passing. An appeal ("called on Italy to join") aims at no one.
#[rustfmt::skip]
const LEAD_OBJECT_WORDS: &[&str] = &[
    "that", "on", "against", "about", "over", "criticised", "criticized", "condemned",
    "accused", "blamed", "urged", "warned", "slammed", "attacked", "rebuked", "denounced",
    "criticising", "criticizing", "condemning", "accusing", "blaming", "urging", "warning",
    "slamming", "attacking", "rebuking", "denouncing",
];

/// The parties the writer's lead-in to quote `q` names as actors: its sentence up to the
/// quote and the sentence before it in the paragraph (or, for a quote that opens its
/// paragraph and `continues` the previous speaker, the previous paragraph's last sentence:
/// "Cole also warned that Europe's leaders must act." governs the quotes that follow). Text
/// inside quote marks is left out.
fn lead_parties<'g>(
    text: &str,
    q: &quotes::RawQuote,
    continues: bool,
    (paragraphs, sentences): (&[Span], &[Span]),
    (mentions, marks, persons): (&[Mention], &[(usize, usize)], &[Person<'g>]),
    principals: &[String],
    gazetteer: &'g Gazetteer,
) -> Vec<&'g str> {
    // A side of the story counts wherever the lead-in names it; any other party only as what
    // the speaker's words are about ("warned that Europe's leaders must"), not when named in
    // passing ("as he flew to Oslo", "unlike in China").
    let open = q.first().open;
    let si = sentences.partition_point(|s| s.1 <= open);
    let Some(&(ss, _)) = sentences.get(si) else {
        return Vec::new();
    };
    let own_sentence = ss;
    let keeps = |m: &Mention| {
        principals.iter().any(|p| p == gazetteer.name(m.party)) || {
            let (rest, prev) = word_before(text, m.start);
            // Beyond "that", only in the quote's own sentence: the sentence before may
            // be about another matter ("Asked about the war, ...").
            prev == "that"
                || m.start >= own_sentence
                    && LEAD_OBJECT_WORDS.contains(&prev)
                    && !(prev == "on" && (rest.ends_with(" called") || rest.ends_with(" calls")))
        }
    };

    let para_start = paragraphs.get(q.first().para).map_or(0, |p| p.0);
    let from = match si.checked_sub(1).and_then(|i| sentences.get(i)) {
        Some(&(ps, _)) if ps >= para_start || (ss == para_start && continues) => ps,
        _ => ss,
    };
    // A text without sentence ends would make every quote read all of it (as for threads).
    let from = from.max(open.saturating_sub(MAX_REACH_BYTES));
    // People named in the lead-in count as their party ("reassured by Rubio's speech").
    let found = (mentions, marks, persons);
    named_outside_quotes(
        text,
        found,
        (from, open),
        principals,
        gazetteer,
        keeps,
        |_| true,
    )
}

/// The word before byte `start` (past a "the") and the text before that word: what a party
/// mention follows ("that", "against", "called on").
fn word_before(text: &str, start: usize) -> (&str, &str) {
    let h = text.get(..start).unwrap_or("").trim_end();
    let h = h.strip_suffix(" the").unwrap_or(h);
    h.rsplit_once(' ').unwrap_or(("", h))
}

/// The parties named in `text[from..to]`, in order, each once: the `mentions` outside quote
/// `marks` that `keeps` accepts (see [`add_actor`]), then the sides of the story (`principals`)
/// of the known `persons` there whose start `keeps_person` accepts.
fn named_outside_quotes<'g>(
    text: &str,
    (mentions, marks, persons): (&[Mention], &[(usize, usize)], &[Person<'g>]),
    (from, to): Span,
    principals: &[String],
    gazetteer: &'g Gazetteer,
    keeps: impl Fn(&Mention) -> bool,
    keeps_person: impl Fn(usize) -> bool,
) -> Vec<&'g str> {
    let mut named: Vec<&str> = Vec::new();
    let first = mentions.partition_point(|m| m.start < from);
    for m in mentions[first..].iter().take_while(|m| m.end <= to) {
        super::work::add(1);
        let k = marks.partition_point(|mk| mk.1 <= m.start);
        let quoted = marks.get(k).is_some_and(|mk| mk.0 <= m.start);
        if !quoted && keeps(m) {
            add_actor(text, gazetteer, *m, &mut named);
        }
    }
    for &(start, _, party) in persons_within(persons, from, to) {
        let side = principals.iter().any(|p| p == party);
        if !named.contains(&party) && side && keeps_person(start) {
            named.push(party);
        }
    }
    named
}

/// The parties the writer's sentence names after partial quote `q`, up to the sentence's end:
/// around a short quote the writer's own words say whom it is about (the crash was "likely"
/// Iran's doing; called it "an aggression" by US troops), up to the clause's end. As in a
/// lead-in, a side of the
/// story counts wherever it is named, another party only after "that" or a word such as
/// "against"; text inside quote marks is left out.
fn after_parties<'g>(
    text: &str,
    q: &quotes::RawQuote,
    sentences: &[Span],
    (mentions, marks, persons): (&[Mention], &[(usize, usize)], &[Person<'g>]),
    principals: &[String],
    gazetteer: &'g Gazetteer,
) -> Vec<&'g str> {
    let close = q.last().close;
    let si = sentences.partition_point(|s| s.1 <= close);
    let Some(&(_, end)) = sentences.get(si) else {
        return Vec::new();
    };
    let end = end.min(close.saturating_add(MAX_REACH_BYTES));
    // Up to the clause's end: after a comma the sentence may go on to another matter
    // (asked for "restraint", while his rival demanded that Turkey...).
    let end = text
        .get(close..end)
        .and_then(|t| t.find([',', ';', ':', '\u{2014}']))
        .map_or(end, |i| close + i);
    let is_side = |p: &str| principals.iter().any(|x| x == p);
    let keeps = |m: &Mention| {
        let prev = word_before(text, m.start).1;
        is_side(gazetteer.name(m.party)) || prev == "that" || LEAD_OBJECT_WORDS.contains(&prev)
    };
    let found = (mentions, marks, persons);
    named_outside_quotes(
        text,
        found,
        (close, end),
        principals,
        gazetteer,
        keeps,
        |_| true,
    )
}

/// The sides of the story (principals) named in quote `q`'s own sentence before it, outside
/// the speaker's phrase `speaker` (byte range) and its "of ..." tail: for a speaker whose
/// party is unknown, only these say at whom the quote is aimed ("regarding Iran's request,
/// they said"). The speaker's phrase ("The government of Samoa said") and the sentence
/// before (often the speaker's own introduction) name the speaker's side as often as not.
fn own_sentence_sides<'g>(
    text: &str,
    q: &quotes::RawQuote,
    sentences: &[Span],
    (mentions, marks, persons): (&[Mention], &[(usize, usize)], &[Person<'g>]),
    speaker: Option<Span>,
    principals: &[String],
    gazetteer: &'g Gazetteer,
) -> Vec<&'g str> {
    let open = q.first().open;
    let si = sentences.partition_point(|s| s.1 <= open);
    let Some(&(from, _)) = sentences.get(si) else {
        return Vec::new();
    };
    let from = from.max(open.saturating_sub(MAX_REACH_BYTES));
    let in_speaker = |start: usize| {
        speaker.is_some_and(|(s, e)| {
            let tail = text.get(e..start).unwrap_or("x");
            s <= start && (start < e || tail == " of " || tail == " of the ")
        })
    };
    let is_side = |p: &str| principals.iter().any(|x| x == p);
    let keeps = |m: &Mention| !in_speaker(m.start) && is_side(gazetteer.name(m.party));
    let found = (mentions, marks, persons);
    named_outside_quotes(
        text,
        found,
        (from, open),
        principals,
        gazetteer,
        keeps,
        |start| !in_speaker(start),
    )
}

/// Verbs of blame whose object is whom the speaker's words are aimed at, whatever else the
/// quote names ("blaming Iran for the attacks, saying there was \"no sign they came from
/// Yemen\"").
#[rustfmt::skip]
const BLAME_WORDS: &[&str] = &[
    "blamed", "blaming", "accused", "accusing", "criticised", "criticising", "criticized",
    "criticizing", "condemned", "condemning", "denounced", "denouncing",
];

/// The parties quote `q`'s own sentence names right after a verb of blame, before the quote.
fn blamed_parties<'g>(
    text: &str,
    q: &quotes::RawQuote,
    sentences: &[Span],
    mentions: &[Mention],
    gazetteer: &'g Gazetteer,
) -> Vec<&'g str> {
    let open = q.first().open;
    let si = sentences.partition_point(|s| s.1 <= open);
    let Some(&(from, _)) = sentences.get(si) else {
        return Vec::new();
    };
    let from = from.max(open.saturating_sub(MAX_REACH_BYTES));
    let mut named: Vec<&str> = Vec::new();
    let first = mentions.partition_point(|m| m.start < from);
    for m in mentions[first..].iter().take_while(|m| m.end <= open) {
        super::work::add(1);
        let prev = text.get(..m.start).map_or("", |h| {
            let h = h.trim_end();
            let h = h.strip_suffix(" the").unwrap_or(h);
            h.rsplit(' ').next().unwrap_or(h)
        });
        if BLAME_WORDS.contains(&prev) {
            add_actor(text, gazetteer, *m, &mut named);
        }
    }
    named
}

/// What a quote's target is chosen from: the parties its writer says the speaker blames,
/// those the quote names, and those the writer's text around it names.
type QuoteSides<'g> = (Vec<&'g str>, Vec<&'g str>, Writer<Vec<&'g str>>);

/// How far before and after its quote a thread or lead-in reaches at most, in bytes.
const MAX_REACH_BYTES: usize = 8_000;

/// The parties named in the paragraph of quote `q` and the one before it (quotes included,
/// people counted as their party): the thread the quote is part of. Two paragraphs of text
/// per quote, never the whole article.
fn thread_parties<'g>(
    text: &str,
    q: &quotes::RawQuote,
    paragraphs: &[Span],
    (mentions, persons): (&[Mention], &[Person<'g>]),
    gazetteer: &'g Gazetteer,
) -> Vec<&'g str> {
    let pi = q.first().para;
    let Some(&(_, to)) = paragraphs.get(pi) else {
        return Vec::new();
    };
    let from = paragraphs
        .get(pi.saturating_sub(1))
        .map_or(0, |p| p.0)
        .min(to);
    // A text without paragraph breaks would make every quote read all of it: the thread is
    // cut to the text near the quote (news paragraphs are far shorter).
    let from = from.max(q.first().open.saturating_sub(MAX_REACH_BYTES));
    let to = to
        .min(q.last().close.saturating_add(MAX_REACH_BYTES))
        .max(from);
    let mut named: Vec<&str> = Vec::new();
    let first = mentions.partition_point(|m| m.start < from);
    let thread = mentions[first..].iter().take_while(|m| m.end <= to);
    for m in thread {
        super::work::add(1);
        add_actor(text, gazetteer, *m, &mut named);
    }
    for &(_, _, party) in persons_within(persons, from, to) {
        if !named.contains(&party) {
            named.push(party);
        }
    }
    named
}

/// A person's name holding a place is not that place ("Rep. Ron Jordan" is not Jordanian,
/// "Sudesh Amman" is no man of Amman): a speaker whose party is the one their surname names
/// loses it when the name is a person's, either in full here (a capitalised first name before
/// the surname) or so written elsewhere in the article. One pass over the article's words.
fn place_in_name(text: &str, quotes: &mut [Quote], gazetteer: &Gazetteer) {
    // The quotes whose party is the one their speaker's surname names, and those surnames.
    let mut suspects: Vec<(usize, String)> = Vec::new();
    let mut surnames: FastMap<String, bool> = fast_map();
    for (i, q) in quotes.iter().enumerate() {
        // A lone word taken for a place ("Amman said") has no name: the word is checked.
        let lone = Some(q.speaker.as_str()).filter(|w| !w.contains(' '));
        let (Some(name), Some(party)) = (
            q.speaker_name.as_deref().or(lone),
            q.speaker_party.as_deref(),
        ) else {
            continue;
        };
        if name.contains(" and ") || gazetteer.alias_party(name).is_some() && name.contains(' ') {
            continue;
        }
        let surname = name.rsplit(' ').next().unwrap_or(name);
        if gazetteer.alias_party(surname) != Some(party) {
            continue;
        }
        let full = name
            .rsplit_once(' ')
            .is_some_and(|(first, _)| looks_like_first_name(first, gazetteer));
        suspects.push((i, surname.to_string()));
        *surnames.entry(surname.to_string()).or_insert(false) |= full;
    }
    if suspects.is_empty() {
        return;
    }
    // Surnames written after a first name somewhere in the article.
    let mut prev = "";
    for word in text.split(' ') {
        let bare = word.trim_end_matches(|c: char| !c.is_alphanumeric());
        if let Some(seen) = surnames.get_mut(bare) {
            let first = prev
                .rsplit(|c: char| c.is_whitespace())
                .next()
                .unwrap_or("");
            if looks_like_first_name(first, gazetteer) {
                *seen = true;
            }
        }
        prev = word;
    }
    for (i, surname) in suspects {
        if surnames.get(&surname) == Some(&true) {
            if let Some(q) = quotes.get_mut(i) {
                q.speaker_party = None;
            }
        }
    }
}

/// A capitalised word that may be a first name: not a title, not a party's name.
fn looks_like_first_name(word: &str, gazetteer: &Gazetteer) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
        && word.chars().all(char::is_alphabetic)
        && word.chars().any(char::is_lowercase)
        && !super::cues::is_role_word(word)
        && !super::cues::is_not_name(word)
        && !gazetteer.names_party(word)
}

/// A speaker credited by surname shows the full name it stands for ("Hotak said" after
/// "Sharif Hotak"): one person, one name in the output.
fn full_speaker_names(quotes: &mut [Quote]) {
    for q in quotes.iter_mut() {
        let Some(name) = q.speaker_name.as_deref() else {
            continue;
        };
        let surname = name
            .strip_suffix(q.speaker.as_str())
            .is_some_and(|first| first.ends_with(' '));
        if surname && !name.contains(" and ") {
            q.speaker = name.to_string();
        }
    }
}

/// A speaker credited by a one-word name that is one letter off the surname of exactly one
/// speaker named in full ("Ali Halimi … Halimy said") is that speaker, spelt another way:
/// their name, and their party when it is known.
fn respelt_surnames(quotes: &mut [Quote]) {
    // Surname → (full name, party), None where two people share it; grouped by length so a
    // one-word name is compared with a few surnames, not all.
    let mut full: FastMap<&str, Option<(&str, Option<&str>)>> = fast_map();
    for q in quotes.iter() {
        let Some(name) = q.speaker_name.as_deref().filter(|n| !n.contains(" and ")) else {
            continue;
        };
        let Some((_, surname)) = name.rsplit_once(' ') else {
            continue;
        };
        let e = full
            .entry(surname)
            .or_insert(Some((name, q.speaker_party.as_deref())));
        if e.is_some_and(|(n, _)| n != name) {
            *e = None;
        }
    }
    let mut by_len: FastMap<usize, Vec<&str>> = fast_map();
    for s in full.keys() {
        by_len.entry(s.chars().count()).or_default().push(s);
    }
    let mut found: Vec<(usize, String, Option<String>)> = Vec::new();
    for (i, q) in quotes.iter().enumerate() {
        let Some(word) = q.speaker_name.as_deref().filter(|n| !n.contains(' ')) else {
            continue;
        };
        if full.contains_key(word) {
            continue;
        }
        let mut near = by_len
            .get(&word.chars().count())
            .into_iter()
            .flatten()
            .filter(|s| one_letter_apart(word, s));
        let (Some(s), None) = (near.next(), near.next()) else {
            continue;
        };
        if let Some(Some((name, party))) = full.get(s) {
            found.push((i, name.to_string(), party.map(str::to_string)));
        }
    }
    for (i, name, party) in found {
        let q = &mut quotes[i];
        q.speaker = name.clone();
        q.speaker_name = Some(name);
        if party.is_some() {
            q.speaker_party = party;
        }
    }
}

/// A patronymic particle ("Bin Talal", "Ibn Saud"): what follows says whose child a person
/// is, and the given name before it is the name they go by ("Prince Alwaleed").
fn is_patronymic(w: &str) -> bool {
    matches!(w, "Bin" | "Ibn" | "Bint" | "Ben")
}

/// A speaker credited by a title and a given name alone ("Prime Minister Tuilaepa said")
/// shows the full name the article writes starting with it ("Tuilaepa Sailele
/// Malielegaoi"), when it writes exactly one and the word is nobody's surname there. A
/// name without a title is left alone: a lone capitalised word is as often an
/// organisation's first word ("Lenox said", "Lenox Healthcare") or a surname written first.
/// So is a known person's short name ("Trump"): it is a surname, whatever words follow it.
fn full_given_names(text: &str, quotes: &mut [Quote], gazetteer: &Gazetteer) {
    fn wanted<'q>(q: &'q Quote, gazetteer: &Gazetteer) -> Option<&'q str> {
        q.speaker_name.as_deref().filter(|n| {
            q.role.is_some()
                && !n.contains(' ')
                && n.chars().count() >= 3
                && looks_like_first_name(n, gazetteer)
                && gazetteer.person_party(n).is_none()
        })
    }
    let full = LookedUp::new(
        text,
        quotes.iter().filter_map(|q| wanted(q, gazetteer)),
        |word, starts| {
            full_name_after_given(text, word, starts, |w| {
                looks_like_first_name(w, gazetteer)
                    && !super::cues::is_org_head(w)
                    && !is_patronymic(w)
            })
        },
    );
    for q in quotes.iter_mut() {
        let Some(Some(name)) = wanted(q, gazetteer).and_then(|w| full.get(w)) else {
            continue;
        };
        let name = name.clone();
        q.speaker = name.clone();
        q.speaker_name = Some(name);
    }
}

/// An organisation credited by a short form ("the Commission", "The State Department")
/// shows the full name the article gives it ("the Commission on Presidential Debates", "The
/// United States Department of State"), when it gives exactly one: one body, one name.
fn full_org_speakers(text: &str, quotes: &mut [Quote]) {
    fn short(q: &Quote) -> Option<(&str, Cow<'_, str>)> {
        q.speaker_name
            .is_none()
            .then(|| org_short_form(&q.speaker))
            .flatten()
    }
    let mut keys: Vec<String> = quotes
        .iter()
        .filter_map(|q| Some(short(q)?.1.into_owned()))
        .collect();
    if keys.is_empty() {
        return;
    }
    keys.sort_unstable();
    keys.dedup();
    let patterns: Vec<&str> = keys.iter().map(String::as_str).collect();
    let names = org_full_names(text, &patterns);
    for q in quotes.iter_mut() {
        let Some((rest, key)) = short(q) else {
            continue;
        };
        let Ok(i) = keys.binary_search_by(|k| k.as_str().cmp(&key)) else {
            continue;
        };
        let Some(name) = &names[i] else { continue };
        let rest = rest.to_string();
        if q.organisation.as_deref() == Some(rest.as_str()) {
            q.organisation = Some(name.clone());
        }
        let det = q.speaker.len() - rest.len();
        q.speaker = format!("{}{name}", &q.speaker[..det]);
    }
}

/// A speaker's party learnt anywhere in the article (a later introduction, another quote)
/// fills in that person's quotes that lack one (their targets are worked out afterwards).
fn backfill_parties(quotes: &mut [Quote]) {
    let mut known: FastMap<String, Option<String>> = fast_map();
    for q in quotes.iter() {
        let (Some(name), Some(party)) = (&q.speaker_name, &q.speaker_party) else {
            continue;
        };
        for key in [name.as_str(), name.split_whitespace().last().unwrap_or("")] {
            // A surname two people share with different parties settles nothing.
            let e = known
                .entry(key.to_string())
                .or_insert_with(|| Some(party.clone()));
            if e.as_deref() != Some(party.as_str()) {
                *e = None;
            }
        }
    }
    for q in quotes.iter_mut().filter(|q| q.speaker_party.is_none()) {
        // Conjoined speakers ("Gebru and Mansour") left without a party disagree on it.
        let Some(name) = q.speaker_name.as_ref().filter(|n| !n.contains(" and ")) else {
            continue;
        };
        let surname = name.split_whitespace().last().unwrap_or("");
        let Some(party) = known
            .get(name)
            .or_else(|| known.get(surname))
            .cloned()
            .flatten()
        else {
            continue;
        };
        q.speaker_party = Some(party);
    }
}

/// Up to this length a text is searched for each speaker's name in turn (quickest for an
/// article); a longer one is scanned once for all of them, or each search would read up to
/// the whole text again.
const SEARCHED_TEXT_BYTES: usize = 64 * 1024;

/// Each distinct name some quotes ask about, looked up once in the article: `lookup` gets
/// the name and the byte offsets where it starts as a name there.
struct LookedUp<R> {
    /// Sorted, distinct.
    names: Vec<String>,
    /// What `lookup` gave for each of `names`.
    found: Vec<R>,
}

impl<R> LookedUp<R> {
    fn new<'n>(
        text: &str,
        names: impl Iterator<Item = &'n str>,
        mut lookup: impl FnMut(&str, &mut dyn Iterator<Item = usize>) -> R,
    ) -> Self {
        let mut names: Vec<String> = names.map(str::to_string).collect();
        names.sort_unstable();
        names.dedup();
        let scanned = (text.len() > SEARCHED_TEXT_BYTES && !names.is_empty()).then(|| {
            let patterns: Vec<&str> = names.iter().map(String::as_str).collect();
            name_starts(text, &patterns)
        });
        let found = names
            .iter()
            .enumerate()
            .map(|(i, name)| match &scanned {
                Some(scanned) => lookup(name, &mut scanned[i].iter().copied()),
                None => lookup(name, &mut name_search(text, name)),
            })
            .collect();
        LookedUp { names, found }
    }

    /// What was found for `name`, if it was asked about.
    fn get(&self, name: &str) -> Option<&R> {
        let i = self.names.binary_search_by(|m| m.as_str().cmp(name)).ok()?;
        self.found.get(i)
    }
}

/// A named speaker still without a party takes the one the writer introduced them with
/// elsewhere in the article ("Labour MP Ann Vale", "Ann Vale, the Hungarian envoy,"), looked
/// up once per name.
fn introduced_parties(text: &str, quotes: &mut [Quote], gazetteer: &Gazetteer, persons: &[Person]) {
    fn wanted<'q>(q: &'q Quote, gazetteer: &Gazetteer) -> Option<&'q str> {
        q.speaker_name
            .as_deref()
            .filter(|n| !n.contains(" and ") && gazetteer.person_party(n).is_none())
    }
    let parties = LookedUp::new(
        text,
        quotes.iter().filter_map(|q| wanted(q, gazetteer)),
        |name, starts| {
            introduced_party(text, name, starts, gazetteer, persons, |w| {
                looks_like_first_name(w, gazetteer)
            })
        },
    );
    for q in quotes.iter_mut() {
        let party = wanted(q, gazetteer).and_then(|n| parties.get(n)).copied();
        if let Some(party) = party.flatten() {
            q.speaker_party = Some(party.to_string());
        }
    }
}

/// The organisation a speaker without a party speaks for, by name: their organisation, a
/// name in their role ("Havhjelp spokesperson"), or their own one-word name ("Havhjelp").
fn speaker_org<'q>(q: &'q Quote, gazetteer: &Gazetteer) -> Option<&'q str> {
    if q.speaker_party.is_some() {
        return None;
    }
    let in_role = || {
        q.role.as_deref()?.split(' ').find(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.len() >= 3
                && !super::cues::is_role_word(w)
                && !super::cues::is_not_name(w)
                && !gazetteer.names_party(w)
        })
    };
    q.organisation
        .as_deref()
        .or_else(in_role)
        .or_else(|| q.speaker_name.as_deref().filter(|n| !n.contains(' ')))
}

/// The party a speaker without one names in their own name when that name is an
/// organisation's, taken for a person's ("Syrian Democratic Forces", an acronym spelt out):
/// capitalised words ending in an organisation head.
fn org_name_party<'g>(q: &Quote, gazetteer: &'g Gazetteer) -> Option<&'g str> {
    let name = q.speaker_name.as_deref().filter(|n| !n.contains(" and "))?;
    let (_, head) = name.rsplit_once(' ')?;
    let words_cap = name
        .split(' ')
        .all(|w| w.chars().next().is_some_and(char::is_uppercase));
    (q.speaker_party.is_none() && words_cap && super::cues::is_org_head(head))
        .then(|| gazetteer.party_name_of(name))
        .flatten()
}

/// A speaker named in full still without a party takes the one a relative of the same
/// surname is introduced with ("Alan Vidal, a Chilean fisherman, … said his brother, Tomas
/// Vidal"): the family of a person in the news speaks from their country. Looked up once
/// per surname, and only a surname no two parties claim.
fn family_parties(text: &str, quotes: &mut [Quote], gazetteer: &Gazetteer, persons: &[Person]) {
    fn surname(q: &Quote) -> Option<&str> {
        let name = q.speaker_name.as_deref()?;
        if q.speaker_party.is_some() || name.contains(" and ") {
            return None;
        }
        Some(name.rsplit_once(' ')?.1).filter(|s| s.chars().count() >= 3)
    }
    let parties = LookedUp::new(text, quotes.iter().filter_map(surname), |name, starts| {
        introduced_party(text, name, starts, gazetteer, persons, |w| {
            looks_like_first_name(w, gazetteer)
        })
        .filter(|p| gazetteer.is_country(p))
    });
    for q in quotes.iter_mut() {
        let party = surname(q).and_then(|s| parties.get(s)).copied();
        if let Some(party) = party.flatten() {
            q.speaker_party = Some(party.to_string());
            if q.target_party.as_deref() == Some(party) {
                (q.target_party, q.target_reason) = (None, None);
            }
        }
    }
}

/// A speaker still without a party who speaks for an organisation takes the country the
/// article introduces it with ("the Norwegian rescue charity Havhjelp"), looked up once
/// per organisation. Returns the quotes whose party their speaker's own name gave.
fn org_parties(text: &str, quotes: &mut [Quote], gazetteer: &Gazetteer) -> Vec<usize> {
    let parties = LookedUp::new(
        text,
        quotes.iter().filter_map(|q| speaker_org(q, gazetteer)),
        |org, starts| org_introduced_party(text, org, starts, gazetteer),
    );
    let mut by_name = Vec::new();
    for (i, q) in quotes.iter_mut().enumerate() {
        let introduced = || {
            speaker_org(q, gazetteer)
                .and_then(|o| parties.get(o))
                .copied()
        };
        let named = org_name_party(q, gazetteer);
        if named.is_some() {
            by_name.push(i);
        }
        let party = named.or_else(|| introduced().flatten());
        if let Some(party) = party {
            q.speaker_party = Some(party.to_string());
            // A speaker's own party is never their target.
            if q.target_party.as_deref() == Some(party) {
                (q.target_party, q.target_reason) = (None, None);
            }
        }
    }
    by_name
}

/// A country is an article's home when it is named more than this many times as often as
/// any other party: a domestic story, not one between two sides (measured on our Wikinews
/// annotations and the fixtures: at twice, two-sided stories such as a trade war, where
/// farmers and economists speak for neither side, took the leading side's party).
const HOME_SHARE: usize = 2;

/// The article's home country, if it has one: the most-mentioned country, named more than
/// [`HOME_SHARE`] times as often as the next party. A bloc, organisation or movement named
/// more often (the insurgents of a domestic war) is nobody's home and does not stand in its
/// way, unless it is named more than [`HOME_SHARE`] times as often as the country: a story
/// about a body (the WHO naming a virus) has no home in the country it mentions.
fn home_country<'m>(
    party_mentions: &'m [(String, usize)],
    gazetteer: &Gazetteer,
) -> Option<&'m str> {
    let first = party_mentions
        .iter()
        .position(|(p, _)| gazetteer.is_country(p))?;
    let (top, n) = &party_mentions[first];
    let most = party_mentions.first().map_or(0, |(_, m)| *m);
    let next = party_mentions.get(first + 1).map_or(0, |(_, m)| *m);
    (*n * HOME_SHARE >= most && *n > next * HOME_SHARE).then_some(top.as_str())
}

/// The home of a story set in the country it names most, though not [`HOME_SHARE`] times as
/// often as the next party: where the writer puts the story ("a theft in England") settles
/// whose story it is when that country is named at least [`SET_HOME_SHARE`] times as often
/// as any other country (a bloc it deals with is no rival home: a Brexit march in London).
/// A bloc named more than [`HOME_SHARE`] times as often stands in its way, as in
/// [`home_country`]; a two-sided story set in one side's capital (a visit, a summit) names
/// the other side too often to have a home.
fn set_at_home<'m>(
    party_mentions: &'m [(String, usize)],
    setting: Option<&str>,
    gazetteer: &Gazetteer,
) -> Option<&'m str> {
    let mut countries = party_mentions
        .iter()
        .filter(|(p, _)| gazetteer.is_country(p));
    let (top, n) = countries.next()?;
    let most = party_mentions.first().map_or(0, |(_, m)| *m);
    let next = countries.next().map_or(0, |(_, m)| *m);
    let (num, den) = SET_HOME_SHARE;
    (setting == Some(top.as_str()) && *n * HOME_SHARE >= most && *n * den > next * num)
        .then_some(top.as_str())
}

/// How many times (3/2) as often as any other country a story's setting must be named to be
/// its home ([`set_at_home`]); measured on our Wikinews annotations and PolNeAR: at once as
/// often, stories between two sides (an Iraqi vote on US troops, a US inquiry into Chinese
/// hacking, an Israeli leader answering a US candidate) took the side they were set in.
const SET_HOME_SHARE: (usize, usize) = (3, 2);

/// Endings of nationality adjectives and languages ("Iranian", "Danish", "Chinese", "French",
/// "Iraqi"), which a country's or region's name ("Wales", "Britain") lacks.
const ADJECTIVE_ENDINGS: &[&str] = &["an", "sh", "se", "ch", "i", "ic"];

/// Words that may follow a place the story is set in ("in Wales on Sunday", "in England
/// last week"); any other lowercase word makes it an adjective ("in Welsh waters").
const AFTER_PLACE: &[&str] = &[
    "on", "in", "at", "last", "this", "and", "to", "for", "since", "after", "before", "when",
    "where", "until", "during", "over", "with", "by", "from", "early", "late",
];

/// Whether mention `m` places the story: a city after a preposition of place ([`is_venue`])
/// or a country's or region's name after "in" ("a theft in England"; not "in Iranian waters"
/// nor "in French").
fn is_setting(text: &str, gazetteer: &Gazetteer, m: &Mention) -> bool {
    if is_venue(text, m) {
        return true;
    }
    let word = text.get(m.start..m.end).unwrap_or("");
    let adjective = gazetteer.nationality_party(word).is_some()
        && ADJECTIVE_ENDINGS.iter().any(|e| word.ends_with(e));
    let next = text
        .get(m.end..)
        .and_then(|t| t.strip_prefix(' '))
        .map_or("", |t| {
            t.split(|c: char| !c.is_alphabetic()).next().unwrap_or("")
        });
    let before_noun = next.starts_with(char::is_lowercase) && !AFTER_PLACE.contains(&next);
    !m.city
        && !adjective
        && !before_noun
        && text.get(..m.start).is_some_and(|b| b.ends_with(" in "))
}

/// A quote whose speaker's party nothing in the article tells takes the article's home
/// country ([`home_country`]): the people a domestic story quotes without saying where they
/// are from are, as a rule, from the country it is about (a candidate on a campaign trail, a
/// local official, a witness), and so are the quotes nobody is credited with (a statement
/// or leaflet quoted without its author: on our Wikinews annotations, all such quotes whose
/// party both annotators agree on are the home country's). Conjoined speakers left without a
/// party disagree on it, and keep none.
/// A speaker is not their own target: a quote without a speaker's party whose target was
/// the home country (a domestic critic naming their country) is left without one, as our
/// annotations have it. Returns the quotes (indices) that took the home country.
fn home_party(quotes: &mut [Quote], home: &str) -> Vec<usize> {
    let mut took = Vec::new();
    for (i, q) in quotes.iter_mut().enumerate() {
        if q.speaker_party.is_some() {
            continue;
        }
        // Whoever speaks in a domestic story without a party (a local or an uncredited
        // voice) talks about their own country, not at it.
        if q.target_party.as_deref() == Some(home) {
            q.target_party = None;
            q.target_reason = None;
        }
        if q.speaker_name
            .as_deref()
            .is_some_and(|n| n.contains(" and "))
        {
            continue;
        }
        q.speaker_party = Some(home.to_string());
        took.push(i);
    }
    took
}

/// Words that, after a person's name, make the phrase a body working for them ("the Vale
/// campaign", "the Ruiz administration"): it speaks for the person's side but is not them.
const CAMP_WORDS: &[&str] = &["campaign", "administration", "camp", "team"];

/// The phrase "the <name> campaign" when the speaker phrase at `pos..end` of `text` is a
/// name between "the" and one of [`CAMP_WORDS`] ("The Vale campaign issued a statement:").
fn camp_of_name(text: &str, pos: usize, end: usize) -> Option<&str> {
    let name = text.get(pos..end)?;
    let (start, name) = match name.split_once(' ') {
        Some(("the" | "The", rest)) => (pos, rest),
        _ => {
            let head = text.get(..pos)?;
            let det = ["the ", "The "].iter().find(|d| head.ends_with(*d))?;
            (pos - det.len(), name)
        }
    };
    if !name.chars().next().is_some_and(char::is_uppercase) || name.contains(['\'', '’']) {
        return None;
    }
    let rest = text.get(end..)?.strip_prefix(' ')?;
    let word = CAMP_WORDS.iter().find(|w| {
        rest.strip_prefix(**w)
            .is_some_and(|t| !t.starts_with(|c: char| c.is_alphanumeric()))
    })?;
    text.get(start..end + 1 + word.len())
}

/// A quote that carries on the same speaker's words of the paragraph before or its own
/// ("…," he added) is aimed where their words before it were, when those named whom they
/// were about and it would fall back on the other principal: the writer does not name the
/// target again, and the story's other side may be the speaker's ally.
fn carry_on_target(prev: &Quote, q: &mut Quote) {
    let named = |why: Option<&str>| matches!(why, Some(QUOTE | LEAD_IN));
    if prev.speaker != q.speaker
        || q.speaker_party.is_none()
        || !named(prev.target_reason.as_deref())
        || q.target_reason.as_deref() != Some(OTHER_PRINCIPAL)
        || prev.target_party == q.speaker_party
    {
        return;
    }
    q.target_party.clone_from(&prev.target_party);
    // The writer's words before the quote (those that introduced the earlier one) name it.
    q.target_reason = Some(LEAD_IN.to_string());
}

/// Works out quote `q`'s target and reason from its `side` (the parties its writer says
/// the speaker blames, those it names and those the writer's text around it names), its
/// speaker's party and the article's `principals`.
fn aim(
    q: &mut Quote,
    (blamed, named, w): &QuoteSides,
    principals: &[String],
    gazetteer: &Gazetteer,
) {
    let about_both = speaks_of_both(&q.text);
    let addressed = speaks_to_someone(&q.text);
    // The party the writer says the speaker blames is the target, whatever the quote names.
    let own = q.speaker_party.as_deref();
    if let Some(p) = blamed.iter().find(|p| own.is_some_and(|o| o != **p)) {
        q.target_party = Some(p.to_string());
        q.target_reason = Some(LEAD_IN.to_string());
        return;
    }
    let (mut party, mut why) = target(
        q.speaker_party.as_deref(),
        (named, about_both, addressed),
        &Writer {
            after: &w.after[..],
            lead: &w.lead[..],
            own: &w.own[..],
            thread: &w.thread[..],
        },
        principals,
    );
    // An organisation the story is about (the WHO in an epidemic, the EU in a Brexit
    // row) is the other side only where the quote or its lead-in names it: by default a
    // speaker answers another country, not the body the news concerns.
    if (why == Some(OTHER_PRINCIPAL) || why == Some(THREAD))
        && !party.as_deref().is_some_and(|p| gazetteer.is_country(p))
    {
        (party, why) = (None, None);
    }
    // A third party speaking to their listener speaks to them, not of the paragraph's side.
    if why == Some(THREAD) && speaks_to_listener(&q.text) {
        (party, why) = (None, None);
    }
    q.target_party = party;
    q.target_reason = why.map(str::to_string);
}

/// Finds every quotation in `text`, who said it, the speaker's party and the party targeted.
pub fn extract(text: &str, gazetteer: &Gazetteer, limits: &Limits) -> Extraction {
    let truncated = text.len() > limits.max_text_bytes;
    let text = text
        .get(..floor_boundary(text, limits.max_text_bytes))
        .unwrap_or("");

    let paragraphs = segment::paragraphs(text);
    let mut sentences: Vec<(usize, usize)> = Vec::with_capacity(paragraphs.len() * 3);
    for &p in &paragraphs {
        segment::sentences(text, p, &mut sentences);
    }
    let raw = quotes::merge_interrupted(text, quotes::scan(text, &paragraphs));

    // Party mentions over the whole article, most-mentioned first (ties: first mentioned).
    // The headline and lede (first two paragraphs) name the sides of the story, so their
    // mentions weigh triple; a dateline ("MUSCAT, Oman —") and venues ("talks in Muscat")
    // say where, not who, and don't count.
    let lede_end = paragraphs.get(1).or(paragraphs.first()).map_or(0, |p| p.1);
    let datelines: Vec<usize> = paragraphs
        .iter()
        .filter_map(|&p| dateline_end(text, p))
        .collect();
    // Known people count as their party ("Putin" for Russia).
    let mut counts: FastMap<&str, (usize, usize)> = fast_map();
    let (mut mentions, glued) = gazetteer.mentions_and_glued_cities(text);
    // A place that is also a person's surname here ("Tarek Amman") names no party.
    let surnames = place_surnames(text, &glued, gazetteer);
    if !surnames.is_empty() {
        mentions.retain(|m| !is_surname(text, m, &surnames));
    }
    for &m in &mentions {
        let in_dateline = datelines
            .iter()
            .any(|&d| m.start < d && d - m.start < DATELINE_MAX);
        if in_dateline || is_venue(text, &m) || in_person_name(text, gazetteer, &m) {
            continue;
        }
        let weight = if m.start < lede_end { 3 } else { 1 };
        let e = counts
            .entry(gazetteer.name(m.party))
            .or_insert((0, m.start));
        e.0 += weight;
    }
    // Found once for the whole article; lead-ins and threads take their share.
    let mut persons: Vec<Person> = Vec::new();
    each_person(text, gazetteer, |start, end, party| {
        persons.push((start, end, party));
        let weight = if start < lede_end { 3 } else { 1 };
        let e = counts.entry(party).or_insert((0, start));
        e.0 += weight;
        e.1 = e.1.min(start);
    });
    let mut ranked: Vec<(&str, (usize, usize))> = counts.into_iter().collect();
    ranked.sort_by(|a, b| {
        b.1 .0
            .cmp(&a.1 .0)
            .then(a.1 .1.cmp(&b.1 .1))
            .then(a.0.cmp(b.0))
    });
    let party_mentions: Vec<(String, usize)> = ranked
        .iter()
        .map(|(p, (n, _))| (p.to_string(), *n))
        .collect();
    // The two most-mentioned parties, but a second party with a small share of the mentions
    // (a country named in passing in a domestic story) is no principal: quotes are then not
    // aimed at it by default.
    let top = party_mentions.first().map_or(0, |(_, n)| *n);
    let principals: Vec<String> = party_mentions
        .iter()
        .take(2)
        .enumerate()
        .take_while(|(i, (_, n))| *i == 0 || *n * SECOND_PRINCIPAL_SHARE >= top)
        .map(|(_, (p, _))| p.clone())
        .collect();

    let mut att = Attributor::new(text, gazetteer, &paragraphs, &sentences, &raw);
    let mut out = Vec::with_capacity(raw.len().min(limits.max_quotes));
    // The parties each kept quote names and those its lead-in names, for its target.
    let mut sides: Vec<QuoteSides> = Vec::with_capacity(out.capacity());
    let marks: Vec<(usize, usize)> = raw
        .iter()
        .flat_map(|q| q.spans.iter().map(|s| (s.open, s.close)))
        .collect();
    let mut dropped = 0;
    let mut qi = 0;
    let mut handle = |att: &mut Attributor, q: &quotes::RawQuote, out: &mut Vec<Quote>| {
        let Some(a) = att.attribute(q) else { return };
        if out.len() >= limits.max_quotes {
            dropped += 1;
            return;
        }
        let spans = quote_spans(q);
        let body = quote_text(text, &spans);
        let named = quote_parties(text, &spans, &body, (&mentions, &surnames), gazetteer);
        let named = with_people(named, &spans, (&mentions, &persons), gazetteer);
        let speaker_span = a.speaker.as_ref().map(|sp| (sp.pos, sp.end));
        let (speaker, speaker_name, role, organisation, party) = match a.speaker {
            Some(sp) => match camp_of_name(text, sp.pos, sp.end) {
                Some(camp) => (
                    camp.to_string(),
                    None,
                    None,
                    // The body without its article: "Vale campaign".
                    camp.split_once(' ').map(|(_, body)| body.to_string()),
                    sp.party,
                ),
                None => (
                    sp.text.into_owned(),
                    sp.name.map(Cow::into_owned),
                    sp.role.map(Cow::into_owned),
                    sp.org.map(Cow::into_owned),
                    sp.party,
                ),
            },
            None => ("unknown".to_string(), None, None, None, None),
        };
        let lead = lead_parties(
            text,
            q,
            a.cue == Some("continuation"),
            (&paragraphs, &sentences),
            (&mentions, &marks, &persons),
            &principals,
            gazetteer,
        );
        let thread = thread_parties(text, q, &paragraphs, (&mentions, &persons), gazetteer);
        let after = if a.partial {
            after_parties(
                text,
                q,
                &sentences,
                (&mentions, &marks, &persons),
                &principals,
                gazetteer,
            )
        } else {
            Vec::new()
        };
        let own = own_sentence_sides(
            text,
            q,
            &sentences,
            (&mentions, &marks, &persons),
            speaker_span,
            &principals,
            gazetteer,
        );
        let blamed = blamed_parties(text, q, &sentences, &mentions, gazetteer);
        sides.push((
            blamed,
            named,
            Writer {
                after,
                lead,
                own,
                thread,
            },
        ));
        out.push(Quote {
            index: out.len(),
            start: spans.first().map_or(q.first().start, |s| s.0),
            end: spans.last().map_or(q.last().end, |s| s.1),
            text: body,
            kind: if a.partial {
                QuoteKind::Partial
            } else {
                QuoteKind::Full
            },
            unclosed: q.unclosed,
            spans,
            speaker,
            speaker_name,
            role,
            organisation,
            speaker_party: party.map(str::to_string),
            target_party: None,
            target_reason: None,
            cue: a.cue.map(str::to_string),
        });
    };
    for si in 0..sentences.len() {
        att.read_sentence(si);
        while let Some(q) = raw.get(qi) {
            let close_sent = att.sentence_at(q.last().close.saturating_sub(1));
            if close_sent.is_some_and(|c| c > si) {
                break;
            }
            handle(&mut att, q, &mut out);
            qi += 1;
        }
    }
    for q in raw.get(qi..).unwrap_or(&[]) {
        handle(&mut att, q, &mut out);
    }
    full_speaker_names(&mut out);
    respelt_surnames(&mut out);
    full_given_names(text, &mut out, gazetteer);
    full_org_speakers(text, &mut out);
    place_in_name(text, &mut out, gazetteer);
    backfill_parties(&mut out);
    // A named speaker without a party takes the party of a known person named in full with
    // the same surname (the surname map is built only when some quote needs it).
    let lacks_party = |q: &Quote| {
        q.speaker_party.is_none()
            && q.speaker_name
                .as_deref()
                .is_some_and(|n| !n.contains(" and "))
    };
    if out.iter().any(lacks_party) {
        let surnames = known_surnames(text, &persons);
        for q in out.iter_mut().filter(|q| lacks_party(q)) {
            let name = q.speaker_name.as_deref().unwrap_or_default();
            let surname = name.rsplit(' ').next().unwrap_or(name);
            if let Some(Some(party)) = surnames.get(surname) {
                q.speaker_party = Some(party.to_string());
            }
        }
    }
    introduced_parties(text, &mut out, gazetteer, &persons);
    // The paragraph of the quote before, whose target a quote carrying on its words may take.
    let mut prev_para: Option<usize> = None;
    for i in 0..out.len() {
        aim(&mut out[i], &sides[i], &principals, gazetteer);
        let para = paragraphs.partition_point(|p| p.1 <= out[i].start);
        if prev_para.is_some_and(|p| para <= p + 1) {
            let (done, rest) = out.split_at_mut(i);
            carry_on_target(&done[i - 1], &mut rest[0]);
        }
        prev_para = Some(para);
    }
    // After the targets, as the home country below: a country a speaker calls their own ("I'm
    // Australian") says who they are, not that their words are aimed at the others they name.
    let said = out.iter().filter(|q| lacks_party(q));
    let said = said.filter_map(|q| Some((q.speaker_name.clone()?, q.text.as_str())));
    let own = self_described_parties(text, said, gazetteer);
    for q in out.iter_mut().filter(|q| lacks_party(q)) {
        if let Some(Some(party)) = q.speaker_name.as_deref().and_then(|n| own.get(n)) {
            q.speaker_party = Some(party.to_string());
        }
    }
    // After the targets too: an organisation's country says who speaks for it, not whom
    // their words are aimed at (a charity speaks of the people it helps, not at their country).
    let named_org = org_parties(text, &mut out, gazetteer);
    family_parties(text, &mut out, gazetteer, &persons);
    // A body whose own name says its country ("the Syrian Democratic Forces") speaks for
    // it as a principal would: its quote is aimed anew, at the other party it names.
    for i in named_org {
        aim(&mut out[i], &sides[i], &principals, gazetteer);
    }
    // The country the story is set in: the first place its opening paragraphs put it in
    // ("marched in Leeds", "a theft in England").
    let opening = paragraphs.get(3).or(paragraphs.last()).map_or(0, |p| p.1);
    let setting = mentions
        .iter()
        .take_while(|m| m.start < opening)
        .find(|m| is_setting(text, gazetteer, m))
        .map(|m| gazetteer.name(m.party))
        .filter(|p| gazetteer.is_country(p));
    // After the targets: a party taken from the article's subject is no evidence of which side
    // a quote is on, so the targets stay those worked out without it.
    // Targets follow only a home named far more than any other party: in a story merely set
    // at home, the next party is near as strong, and a home voice naming it need not be
    // aiming at it.
    let dominant = home_country(&party_mentions, gazetteer);
    let home = dominant.or_else(|| set_at_home(&party_mentions, setting, gazetteer));
    if let Some(home) = home {
        let took = home_party(&mut out, home);
        // A home speaker is not aimed at by default, but a quote of theirs that names
        // another party is aimed at it, as any principal's would be ("a Russian operation").
        for i in took.into_iter().filter(|_| dominant.is_some()) {
            let (q, (_, named, _)) = (&mut out[i], &sides[i]);
            if q.target_party.is_none() {
                if let Some(p) = named.iter().find(|p| **p != home) {
                    q.target_party = Some(p.to_string());
                    q.target_reason = Some(QUOTE.to_string());
                }
            }
        }
    }
    // An unnamed crowd or witness still without a party is of the country the story is set
    // in.
    for q in out.iter_mut().filter(|q| q.speaker_party.is_none()) {
        // A capitalised crowd word opening a sentence ("Protesters said") is taken for a
        // name of one word.
        let unnamed = q.speaker_name.as_deref().is_none_or(|n| !n.contains(' '));
        if unnamed && is_local_voice(&q.speaker) {
            q.speaker_party = setting.map(str::to_string);
        }
    }
    Extraction {
        quotes: out,
        principals,
        paragraphs: paragraphs.len(),
        sentences: sentences.len(),
        party_mentions,
        truncated,
        quotes_dropped: dropped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each quote's speaker and party, in order.
    fn speaker_parties(e: &Extraction) -> Vec<(&str, Option<&str>)> {
        e.quotes
            .iter()
            .map(|q| (q.speaker.as_str(), q.speaker_party.as_deref()))
            .collect()
    }

    fn counts(parties: &[(&str, usize)]) -> Vec<(String, usize)> {
        parties.iter().map(|(p, n)| (p.to_string(), *n)).collect()
    }

    #[test]
    fn one_speaker_shows_one_name_however_the_writer_credits_them() {
        let g = Gazetteer::builtin();
        let text = "Ali Halimi, a Houthi military spokesman, spoke in Sanaa on Monday.\n\n\
                    \"We will answer every strike,\" Ali Halimi said. \"Our reach grows \
                    every day,\" Halimy said.\n\n\
                    The Board on Fair Fishing met in Lima. \"No more nets this year,\" the \
                    Board said.\n\n\
                    Peru Foreign Minister Rosa Quispe spoke too. \"We welcome it,\" Quispe said.";
        let got = extract(text, &g, &Limits::default());
        let parties = speaker_parties(&got);
        // A surname spelt one letter off is the same person, with their party.
        assert_eq!(parties[1], ("Ali Halimi", Some("Houthis")));
        assert_eq!(got.quotes[1].speaker_name.as_deref(), Some("Ali Halimi"));
        // An organisation's short form takes the full name the article gives it.
        assert_eq!(parties[2].0, "the Board on Fair Fishing");
        assert_eq!(
            got.quotes[2].organisation.as_deref(),
            Some("Board on Fair Fishing")
        );
        // A surname credited alone shows the full name.
        assert_eq!(parties[3], ("Rosa Quispe", Some("Peru")));
    }

    #[test]
    fn a_speaker_for_an_organisation_takes_the_country_it_was_introduced_with() {
        let g = Gazetteer::builtin();
        let text = "Chile and Peru argued over fishing rights on Monday, as the Norwegian sea \
                    rescue charity Havhjelp sent its ship out.\n\n\
                    Havhjelp spokesperson Ola Berg said \"we need ports, and now.\"";
        let got = extract(text, &g, &Limits::default());
        assert_eq!(speaker_parties(&got), [("Ola Berg", Some("Norway"))]);
        // An organisation's name taken for a person's still names its country.
        let q = |name: &str| Quote {
            index: 0,
            start: 0,
            end: 0,
            text: String::new(),
            kind: QuoteKind::Full,
            unclosed: false,
            spans: Vec::new(),
            speaker: name.to_string(),
            speaker_name: Some(name.to_string()),
            role: None,
            organisation: None,
            speaker_party: None,
            target_party: None,
            target_reason: None,
            cue: None,
        };
        assert_eq!(
            org_name_party(&q("Chilean Fishing Federation"), &g),
            Some("Chile")
        );
        assert_eq!(org_name_party(&q("Chilean Fishing Fleet"), &g), None);
        assert_eq!(org_name_party(&q("Ana Chile"), &g), None);
    }

    #[test]
    fn a_leader_credited_by_title_and_given_name_shows_the_full_name() {
        let g = Gazetteer::builtin();
        let text = "Prime Minister Lautoka Vaiola Tenu closed the schools on Monday.\n\n\
                    Prime Minister Lautoka said \"every child must be vaccinated.\"\n\n\
                    Prince Faisal Bin Omar visited. Prince Faisal said \"we will help.\"\n\n\
                    Officials of the Lenox Healthcare chain met. Lenox said \"we agree.\"";
        let got = extract(text, &g, &Limits::default());
        let speakers: Vec<&str> = got.quotes.iter().map(|q| q.speaker.as_str()).collect();
        // A patronymic is not added, nor an organisation's name to its first word.
        assert_eq!(speakers, ["Lautoka Vaiola Tenu", "Faisal", "Lenox"]);
    }

    #[test]
    fn a_titled_role_credit_names_the_person_it_refers_back_to() {
        let g = Gazetteer::builtin();
        let text = "Mira Holt, who runs for Deputy Governor of Ulster County, spoke on Monday.\n\n\
                    \"We will fix the roads,\" Holt told reporters. She also founded a \
                    club for \"young builders\", the Deputy Governor candidate said.";
        let got = extract(text, &g, &Limits::default());
        assert_eq!(got.quotes[1].speaker, "Mira Holt");
    }

    #[test]
    fn a_candidates_campaign_speaks_as_a_body_not_as_the_candidate() {
        let g = Gazetteer::builtin();
        let text = "Senator Ann Vale spoke in Ohio on Monday about taxes.\n\n\
                    The Vale campaign put out a statement: \"We will win this state.\"";
        let got = extract(text, &g, &Limits::default());
        let q = &got.quotes[0];
        assert_eq!(q.speaker, "The Vale campaign");
        assert_eq!(q.speaker_name, None);
        assert_eq!(q.organisation.as_deref(), Some("Vale campaign"));
        assert_eq!(camp_of_name("the Vale said", 0, 8), None);
        assert_eq!(camp_of_name("the Vale campaigners", 0, 8), None);
    }

    #[test]
    fn words_carried_on_are_aimed_where_the_speakers_words_before_were() {
        let g = Gazetteer::builtin();
        // Chile and Peru are the story's sides; the Chilean minister's words carry on
        // about Bolivia's plan, not at Peru.
        let text = "Chile and Peru signed a fishing pact on Monday. Chile and Peru will \
                    patrol together. Peru praised Chile.\n\n\
                    Chilean minister Ana Ruiz commented on the Bolivian canal plan, calling it \
                    \"a folly\". \"The plan assumes that our rivers have no owners,\" she \
                    added. Peru agreed.";
        let got = extract(text, &g, &Limits::default());
        let targets: Vec<Option<&str>> = got
            .quotes
            .iter()
            .map(|q| q.target_party.as_deref())
            .collect();
        assert_eq!(targets, [Some("Bolivia"), Some("Bolivia")]);
    }

    #[test]
    fn a_nationality_said_of_someone_is_no_target() {
        let g = Gazetteer::builtin();
        let mention = |text: &str, word: &str| {
            let start = text.find(word).unwrap();
            let mut found = None;
            g.each_mention(text, |m| {
                if m.start == start {
                    found = Some(m);
                }
            });
            found.unwrap()
        };
        let text = "He could pass as Chilean, he could be Peruvian, or be from anywhere.";
        let named = named_parties(text, &g, &[]);
        assert_eq!(named, ["Chile"]);
        let text = "That is Peruvian wine.";
        assert!(!is_predicate_nationality(
            text,
            &g,
            &mention(text, "Peruvian")
        ));
        let text = "Our rival is Peru.";
        assert!(!is_predicate_nationality(text, &g, &mention(text, "Peru")));
    }

    #[test]
    fn a_body_named_for_its_country_aims_its_words_like_that_country() {
        let g = Gazetteer::builtin();
        let text = "Chile and Peru traded threats over the fishing grounds on Monday.\n\n\
                    The Chilean Fishing Federation (CFF) sailed north. Peru sent its navy.\n\n\
                    In a statement, the CFF said, \"We ask the navy to help us stop [the \
                    Peruvian] raids.\"";
        let got = extract(text, &g, &Limits::default());
        let q = &got.quotes[0];
        assert_eq!(q.speaker, "Chilean Fishing Federation");
        assert_eq!(q.speaker_party.as_deref(), Some("Chile"));
        assert_eq!(q.target_party.as_deref(), Some("Peru"));
    }

    #[test]
    fn a_relative_speaks_from_the_country_of_the_person_in_the_news() {
        let g = Gazetteer::builtin();
        let text = "Peru and Bolivia argued over a boat on Monday.\n\n\
                    Alan Vidal, a Chilean fisherman, drowned near the border in May.\n\n\
                    \"We want answers from both,\" said his brother, Tomas Vidal.";
        let got = extract(text, &g, &Limits::default());
        assert_eq!(speaker_parties(&got), [("Tomas Vidal", Some("Chile"))]);
    }

    #[test]
    fn a_domestic_story_has_a_home_country_and_a_two_sided_one_none() {
        let g = Gazetteer::builtin();
        let home = |c: &[(&str, usize)]| home_country(&counts(c), &g).map(str::to_string);
        assert_eq!(home(&[("Samoa", 9)]), Some("Samoa".into()));
        assert_eq!(home(&[("Chile", 7), ("Peru", 3)]), Some("Chile".into()));
        // Twice as often is still two sides (a trade war between two countries).
        assert_eq!(home(&[("China", 16), ("United States", 8)]), None);
        // A bloc or a movement is nobody's country, and one named more often than the top
        // country stands in its way only when named more than twice as often.
        assert_eq!(home(&[("European Union", 9)]), None);
        assert_eq!(
            home(&[("Taliban", 8), ("Afghanistan", 7), ("Qatar", 2)]),
            Some("Afghanistan".into())
        );
        assert_eq!(home(&[("WHO", 14), ("China", 5), ("Egypt", 1)]), None);
        // A bloc below the top country is still the other side.
        assert_eq!(home(&[("United Kingdom", 13), ("European Union", 9)]), None);
        assert_eq!(home(&[]), None);
    }

    #[test]
    fn a_story_set_in_the_country_it_names_most_is_at_home_there() {
        let g = Gazetteer::builtin();
        let home = |c: &[(&str, usize)], set: &str| {
            set_at_home(&counts(c), Some(set), &g).map(str::to_string)
        };
        // Not twice as often as the bloc it deals with, yet far more than any other country.
        let march = [("Denmark", 13), ("European Union", 9), ("Sweden", 1)];
        assert_eq!(home(&march, "Denmark"), Some("Denmark".into()));
        // Set elsewhere, or a second country near as strong: no home.
        assert_eq!(home(&march, "Sweden"), None);
        assert_eq!(home(&[("Peru", 15), ("Chile", 14)], "Peru"), None);
        assert_eq!(home(&[("Peru", 12), ("Chile", 8)], "Peru"), None);
        assert_eq!(
            home(&[("Peru", 13), ("Chile", 8)], "Peru"),
            Some("Peru".into())
        );
        // The story's place: a city after a preposition, a country's name after "in".
        let set = |text: &str| {
            let m = g.mentions(text)[0];
            is_setting(text, &g, &m)
        };
        assert!(set("A statue was stolen in Wales on Sunday."));
        assert!(set("Crowds marched to Lima."));
        assert!(!set("Wales said no."));
        assert!(!set("A boat sank in Peruvian waters."));
        assert!(!set("She said it in Danish."));
        assert!(!set("A vote in Congress halls was set."));
    }

    #[test]
    fn speakers_of_a_domestic_story_take_its_country_unless_told_otherwise() {
        let g = Gazetteer::builtin();
        let text = "Voters in Ohio went to the polls as the Senate race tightened across \
                    the United States.\n\n\
                    \"We knocked on every door,\" said Mira Holt, a campaign volunteer.\n\n\
                    \"It is close,\" said Jun Park, a South Korean observer.\n\n\
                    \"We agree,\" said Tod Wren and Amy Sol, who work for rival camps.";
        let got = extract(text, &g, &Limits::default());
        let parties = speaker_parties(&got);
        assert_eq!(parties[0], ("Mira Holt", Some("United States")));
        assert_eq!(parties[1], ("Jun Park", Some("South Korea")));
        assert_eq!(parties[2].1, None, "{parties:?}");
        // A domestic critic naming their own country does not aim at it.
        let text = "Voters in Ohio went to the polls as the Senate race tightened across \
                    the United States.\n\n\
                    \"The United States deserves better roads,\" said Mira Holt, a volunteer.";
        let got = extract(text, &g, &Limits::default());
        assert_eq!(
            got.quotes[0].speaker_party.as_deref(),
            Some("United States")
        );
        assert_eq!(got.quotes[0].target_party, None);
        let text = "Voters in Ohio went to the polls as the Senate race tightened across \
                    the United States.\n\n\
                    A leaflet read: \"The United States deserves better roads.\"";
        let got = extract(text, &g, &Limits::default());
        assert_eq!(got.quotes[0].target_party, None, "{:?}", got.quotes);
        // In a story between two sides, a crowd is of the country the story is set in.
        let text = "Dutch and Belgian officials argued over the river.\n\n\
                    Crowds gathered in Amsterdam on Monday. Belgium and the Netherlands \
                    traded claims; the Netherlands and Belgium met later.\n\n\
                    Protesters held signs saying \"hands off our river\". A Belgian envoy \
                    called the talks \"useful\".";
        let got = extract(text, &g, &Limits::default());
        let parties = speaker_parties(&got);
        assert_eq!(parties[0].1, Some("Netherlands"), "{parties:?}");
        assert_eq!(parties[1].1, Some("Belgium"), "{parties:?}");
        // A quote nobody is credited with is the home country's too.
        let text = "Voters in Ohio went to the polls as the Senate race tightened across \
                    the United States.\n\n\
                    The campaign ended on a Sunday. \"Every vote counts.\"";
        let got = extract(text, &g, &Limits::default());
        let parties = speaker_parties(&got);
        assert_eq!(parties, vec![("unknown", Some("United States"))]);
        // A story set in the country it names most, though not twice as often as the bloc
        // it deals with: its voices are that country's, their targets as found without it.
        let text = "Farmers protest in Copenhagen over EU quotas\n\n\
                    Thousands of Danish farmers marched in Copenhagen on Monday against EU \
                    fishing quotas. Denmark will vote on the quotas in the EU next month.\n\n\
                    \"The EU does not listen to us,\" said Lars Bo, a farmer.";
        let got = extract(text, &g, &Limits::default());
        let q = &got.quotes[0];
        assert_eq!(q.speaker_party.as_deref(), Some("Denmark"), "{q:?}");
        assert_eq!(q.target_party.as_deref(), Some("European Union"), "{q:?}");
    }

    #[test]
    fn a_place_in_a_persons_name_is_not_their_country() {
        let g = Gazetteer::builtin();
        let text = "British police named the man as Tarek Amman, 24.\n\n\
                    \"He was quiet,\" said Rep. Ron Jordan.\n\n\
                    \"I did nothing wrong,\" Amman said in court.\n\n\
                    \"Talks go on,\" Jordan's foreign ministry said.";
        let got = extract(text, &g, &Limits::default());
        let parties = speaker_parties(&got);
        assert_eq!(parties[0], ("Ron Jordan", Some("United States")));
        // Not Jordan's: the story's home country, once no "Amman" counts for Jordan.
        assert_eq!(parties[1], ("Amman", Some("United Kingdom")));
        assert_eq!(parties[2].1, Some("Jordan"), "{parties:?}");
    }

    #[test]
    fn a_city_written_as_a_surname_names_no_party_anywhere_in_the_article() {
        let g = Gazetteer::builtin();
        let text = "British police named the attacker as Tarek Amman, 24, from Leeds.\n\n\
                    Amman had been released in May. \"Amman wrote of dying young,\" said \
                    Det. Supt. Ruth Cole of the Metropolitan Police.";
        let got = extract(text, &g, &Limits::default());
        assert!(
            !got.principals.iter().any(|p| p == "Jordan"),
            "{:?}",
            got.principals
        );
        assert_eq!(got.quotes[0].target_party, None, "{:?}", got.quotes);
        // Officials in Amman are Jordan's, where no one is called Amman.
        let text =
            "Officials in Amman rejected the plan.\n\n\"We said no,\" an Amman official said.";
        let got = extract(text, &g, &Limits::default());
        assert_eq!(got.principals.first().map(String::as_str), Some("Jordan"));
    }

    #[test]
    fn a_party_the_lead_in_says_the_quote_is_about_is_its_target() {
        let g = Gazetteer::builtin();
        let lede = "Greece and Cyprus signed a gas deal with Greek and Cypriot firms.\n\n";
        let target = |para: &str| {
            let got = extract(&format!("{lede}{para}"), &g, &Limits::default());
            let q = &got.quotes[0];
            (q.target_party.clone(), q.target_reason.clone())
        };
        let (party, why) =
            target("The Greek premier commented on the Turkish plan, calling it \"absurd\".");
        assert_eq!(party.as_deref(), Some("Turkey"));
        assert_eq!(why.as_deref(), Some("lead-in"));
        let (party, _) =
            target("The Greek premier spoke on Monday, warning Turkey: \"the door is shut\".");
        assert_eq!(party.as_deref(), Some("Turkey"));
        // An appeal aims at no one; the other side of the story is Cyprus here.
        let (party, _) =
            target("The Greek premier called on Turkey to join, adding \"the door is open\".");
        assert_ne!(party.as_deref(), Some("Turkey"));
    }

    #[test]
    fn an_organisation_is_the_other_side_only_where_named() {
        let g = Gazetteer::builtin();
        let text = "The WHO and Peru opened a clinic; WHO staff and the WHO chief came.\n\n\
                    Peruvian officials praised the WHO staff.\n\n\
                    \"Our nurses worked day and night,\" said the Peruvian health minister.";
        let got = extract(text, &g, &Limits::default());
        assert_eq!(got.principals, ["WHO", "Peru"]);
        assert_eq!(got.quotes[0].speaker_party.as_deref(), Some("Peru"));
        assert_eq!(got.quotes[0].target_party, None, "{:?}", got.quotes[0]);
    }

    #[test]
    fn a_known_person_a_quote_names_counts_as_their_party_in_order() {
        let g = Gazetteer::builtin();
        let text = "Turkey and the United States traded words over the plan. Turkish and \
                    American officials met in Geneva.\n\n\
                    Erdogan said, \"Those who stay silent cannot lecture us. Biden acts like \
                    a bully. Can you defy the United Nations?\"";
        let got = extract(text, &g, &Limits::default());
        let q = &got.quotes[0];
        assert_eq!(q.speaker_party.as_deref(), Some("Turkey"), "{q:?}");
        assert_eq!(q.target_party.as_deref(), Some("United States"), "{q:?}");
        assert_eq!(q.target_reason.as_deref(), Some("quote"));
    }

    #[test]
    fn a_home_speakers_quote_is_aimed_at_the_party_it_names() {
        let g = Gazetteer::builtin();
        let text = "Voters in Ohio went to the polls as the Senate race tightened across \
                    the United States.\n\n\
                    Turnout was high in every county.\n\n\
                    \"It bears the marks of a Chinese influence operation,\" said Mira Holt, \
                    a campaign volunteer.";
        let got = extract(text, &g, &Limits::default());
        let q = &got.quotes[0];
        assert_eq!(q.speaker_party.as_deref(), Some("United States"), "{q:?}");
        assert_eq!(q.target_party.as_deref(), Some("China"), "{q:?}");
        assert_eq!(q.target_reason.as_deref(), Some("quote"));
    }

    #[test]
    fn the_writers_words_after_a_partial_quote_say_whom_it_is_about() {
        let g = Gazetteer::builtin();
        let lede = "Iran and Ukraine argued over the downed airliner. Iranian and Ukrainian \
                    officials met in Oman.\n\n";
        let target = |para: &str| {
            let got = extract(&format!("{lede}{para}"), &g, &Limits::default());
            let q = &got.quotes[0];
            (q.target_party.clone(), q.target_reason.clone())
        };
        let (party, why) =
            target("The American envoy said the crash was \"probably\" Iran's doing.");
        assert_eq!(party.as_deref(), Some("Iran"));
        assert_eq!(why.as_deref(), Some("lead-in"));
        // Only to the clause's end: what follows a comma is another matter.
        let (party, _) =
            target("The American envoy urged \"calm\", while his aide said that Iran misled him.");
        assert_eq!(party, None);
    }

    #[test]
    fn a_third_party_in_a_paragraph_on_one_side_speaks_of_that_side() {
        let g = Gazetteer::builtin();
        let text = |quote: &str| {
            format!(
                "Saudi Arabia and the United Nations clashed over the inquiry. Saudi officials \
                 rejected the United Nations report.\n\n\
                 A Saudi prince said the killing happened on his watch.\n\n\
                 \"{quote}\" said Leyla Demir, a Turkish lawyer."
            )
        };
        let got = extract(
            &text("He is only shielding himself."),
            &g,
            &Limits::default(),
        );
        let q = &got.quotes[0];
        assert_eq!(q.speaker_party.as_deref(), Some("Turkey"), "{q:?}");
        assert_eq!(q.target_party.as_deref(), Some("Saudi Arabia"), "{q:?}");
        assert_eq!(q.target_reason.as_deref(), Some("paragraph"));
        // Words to the listener are not about the paragraph's side.
        let got = extract(&text("I think you missed it."), &g, &Limits::default());
        assert_eq!(got.quotes[0].target_party, None, "{:?}", got.quotes[0]);
    }

    #[test]
    fn the_party_the_writer_says_the_speaker_blames_is_the_target() {
        let g = Gazetteer::builtin();
        let text = "Oman and Qatar argued over the tanker blasts. Omani and Qatari envoys met.\n\n\
                    The American envoy posted a note blaming Egypt for the blasts, saying there \
                    was \"no sign they came from Sudan.\"";
        let got = extract(text, &g, &Limits::default());
        let q = &got.quotes[0];
        assert_eq!(q.speaker_party.as_deref(), Some("United States"), "{q:?}");
        assert_eq!(q.target_party.as_deref(), Some("Egypt"), "{q:?}");
        assert_eq!(q.target_reason.as_deref(), Some("lead-in"));
    }

    #[test]
    fn the_speakers_phrase_and_its_of_tail_name_no_target() {
        let g = Gazetteer::builtin();
        let sides = |text: &str, speaker: &str| {
            let paragraphs = segment::paragraphs(text);
            let mut sentences = Vec::new();
            for &p in &paragraphs {
                segment::sentences(text, p, &mut sentences);
            }
            let mentions = g.mentions(text);
            let raw = quotes::merge_interrupted(text, quotes::scan(text, &paragraphs));
            let at = text.find(speaker).unwrap();
            let pr = ["Samoa".to_string(), "United States".to_string()];
            own_sentence_sides(
                text,
                &raw[0],
                &sentences,
                (&mentions, &[], &[]),
                Some((at, at + speaker.len())),
                &pr,
                &g,
            )
        };
        let text = "Samoa met. The cabinet of Samoa said \"the ruling is unwelcome\".";
        assert!(sides(text, "The cabinet").is_empty());
        let text = "Samoa met. Asked about Washington, the cabinet said \"it is unwelcome\".";
        assert_eq!(sides(text, "the cabinet"), ["United States"]);
    }

    /// A quote's parties taken from the article's mentions are the ones a scan of the quote
    /// alone finds, on every article we have and on marks pressed against aliases.
    #[test]
    fn quote_parties_from_article_mentions_match_a_scan_of_the_quote() {
        let dirs = ["tests/fixtures/articles", "data/articles"];
        let mut texts: Vec<String> = dirs
            .iter()
            .flat_map(|d| std::fs::read_dir(d).unwrap())
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect();
        texts.push(
            "Iran said \"Iran\" and \"the United States\" twice.\n\n\
             \u{201C}Washington's offer\u{201D}, Tehran said. \"US-Iran talks\" were \"IRAN\"."
                .to_string(),
        );
        let g = Gazetteer::builtin();
        let (mut checked, mut from_mentions) = (0, 0);
        for text in &texts {
            let paragraphs = segment::paragraphs(text);
            let mentions = g.mentions(text);
            for q in quotes::merge_interrupted(text, quotes::scan(text, &paragraphs)) {
                let spans = quote_spans(&q);
                let body = quote_text(text, &spans);
                assert_eq!(
                    quote_parties(text, &spans, &body, (&mentions, &[]), &g),
                    named_parties(&body, &g, &[]),
                    "{body}"
                );
                checked += 1;
                if let [(s, e)] = spans[..] {
                    from_mentions += usize::from(between_double_marks(text, s, e));
                }
            }
        }
        assert!(checked > 100, "only {checked} quotes");
        assert!(from_mentions * 2 > checked, "{from_mentions} of {checked}");
    }
}
