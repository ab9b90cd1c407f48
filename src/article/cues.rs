//! Word lists: speech cues, role words, organisation heads and the function words that bound
//! a speaker phrase.

use std::borrow::Cow;
use std::sync::LazyLock;

use super::text::WordSet;

/// Speech cues (lowercase word forms). "according to" is handled separately.
#[rustfmt::skip]
const CUES: &[&str] = &[
    "say", "says", "said", "saying", "tell", "tells", "told", "telling", "add", "adds", "added",
    "adding", "warn", "warns", "warned", "vow", "vows", "vowed", "vowing", "insist", "insists",
    "insisted", "insisting", "remarked", "remarking", "challenged", "challenges", "challenging",
    "assert", "asserts", "asserted", "asserting", "stated", "stating", "noted", "noting", "argue",
    "argues", "argued", "arguing", "declare", "declares", "declared", "declaring", "stressed",
    "stressing", "explain", "explains", "explained", "explaining", "wrote", "writes", "tweeted",
    "tweets", "tweeting", "posted", "reply", "replies", "replied", "replying", "respond",
    "responds", "responded", "responding", "continued", "continues", "acknowledge", "acknowledges",
    "acknowledged", "acknowledging", "admit", "admits", "admitted", "admitting", "cautioned",
    "cautioning", "concede", "concedes", "conceded", "conceding", "pledged", "pledging",
    "promised", "predict", "predicts", "predicted", "predicting", "recall", "recalls", "recalled",
    "recalling", "suggest", "suggests", "suggested", "suggesting", "complain", "complains",
    "complained", "complaining", "countered", "countering", "demanded", "demanding", "announce",
    "announces", "announced", "announcing", "ask", "asks", "asked", "asking", "quip", "quips",
    "quipped", "claimed", "claiming", "accuse", "accuses", "accused", "accusing", "condemn",
    "condemns", "condemned", "condemning", "denounce", "denounces", "denounced", "denouncing",
    "describe", "describes", "described", "describing", "called", "calling", "deny", "denies",
    "denied", "denying", "reiterate", "reiterates", "reiterated", "reiterating", "emphasise",
    "emphasised", "emphasising", "emphasize", "emphasized", "emphasizing", "mentioned", "observed",
    "shouted", "joked", "boasted", "lamented", "retorted", "scoffed", "snapped", "affirmed",
    "confirmed", "confirms", "disclosed", "revealed", "maintained", "maintains", "contended",
    "contends", "speculated", "assured", "characterised", "characterized", "informed", "hinted",
    "signalled", "signaled", "urge", "urges", "urged", "urging", "appealed", "pleaded", "threaten",
    "threatens", "threatened", "threatening", "thundered", "fumed", "blasted", "slammed",
    "criticised", "criticized", "criticising", "criticizing", "echoed", "repeated", "proclaimed",
    "labeled", "labelled", "labeling", "labelling", "termed", "branded", "dubbed", "questioned",
    "wondered", "testified", "texted", "concluded", "insisting", "opined", "cautioned", "mused",
    "protested", "interjected", "agreed", "objected", "rejoined", "exclaimed", "stating",
    "notes", "agrees", "observes", "offered", "recounted", "recounts", "beamed", "gushed",
    "charged", "charges", "wonders", "shouts", "mused", "exhorted", "remembered", "yelled",
    "screamed", "sighed", "laughed", "deadpanned", "emailed", "reasoned",
];

/// Cues after which the speaker may follow ("…," said Ortiz).
#[rustfmt::skip]
const INVERTIBLE: &[&str] = &[
    "said", "says", "added", "asked", "continued", "wrote", "writes", "replied", "explained",
    "noted", "warned", "insisted", "declared", "countered", "recalled", "quipped", "remarked",
    "stressed", "responded", "argued", "observed", "concluded", "cautioned", "conceded",
    "retorted", "tweeted", "posted", "stated", "exclaimed", "acknowledged", "admitted",
    "suggested", "answered", "cautioned", "added", "adds", "asks", "continues", "replies",
    "explains", "notes", "warns", "insists", "declares", "recalls", "argues", "observes",
    "concludes", "agrees", "agreed", "shouted", "wondered", "offered", "tells", "told",
    "recounted", "beamed", "gushed", "charged", "mused", "opined", "exhorted", "remembered",
    "joked", "boasted", "lamented", "scoffed", "snapped", "interjected", "proclaimed", "yelled",
    "screamed", "sighed", "laughed", "deadpanned", "predicted", "complained", "pleaded",
    "vowed", "thundered", "fumed", "testified", "texted", "emailed", "reasoned", "maintained",
    "contended", "affirmed",
];

static CUE_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(CUES));
static INVERTIBLE_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(INVERTIBLE));
static ROLE_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(ROLES));
static ORG_HEAD_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(ORG_HEADS));
static STOP_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(STOPS));
static SKIPPABLE_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(SKIPPABLE));
static NOT_NAME_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(NOT_NAME));

/// `w` in lower case, borrowed when it already is.
pub(crate) fn lowercase(w: &str) -> Cow<'_, str> {
    if w.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        Cow::Borrowed(w)
    } else {
        Cow::Owned(w.to_lowercase())
    }
}

pub(crate) fn is_cue_word(w: &str) -> bool {
    CUE_SET.contains(w)
}

pub(crate) fn is_invertible(w: &str) -> bool {
    INVERTIBLE_SET.contains(w)
}

/// Participle cues ("saying", "accusing") take the clause subject.
pub(crate) fn is_participle(w: &str) -> bool {
    w.ends_with("ing")
}

/// Title and role words (matched on the lowercased word; hyphenated words match by part).
#[rustfmt::skip]
const ROLES: &[&str] = &[
    "minister", "deputy", "secretary", "president", "vice", "prime", "premier", "chancellor",
    "envoy", "ambassador", "spokesman", "spokeswoman", "spokesperson", "spokespeople",
    "representative", "commissioner", "director", "general", "chairperson", "chairman",
    "chairwoman", "chair", "colonel", "col", "captain", "capt", "major", "lieutenant", "lt",
    "sergeant", "sgt", "admiral", "commander", "chief", "head", "leader", "official", "officials",
    "diplomat", "diplomats", "negotiator", "negotiators", "adviser", "advisor", "aide", "senator",
    "sen", "congressman", "congresswoman", "governor", "gov", "mayor", "king", "queen", "prince",
    "princess", "emir", "sheikh", "ayatollah", "sultan", "pope", "cardinal", "foreign", "defence",
    "defense", "interior", "trade", "finance", "water", "irrigation", "unification", "energy",
    "justice", "state", "special", "senior", "top", "former", "acting", "assistant",
    "undersecretary", "under", "counterpart", "spokesmen", "analyst", "analysts", "researcher",
    "economist", "expert", "experts", "lawmaker", "lawmakers", "legislator", "mp", "deputies",
    "opposition", "delegate", "delegation", "observer", "inspector", "inspectors", "officer",
    "officers", "commissioner", "high", "rights", "human", "cabinet", "attorney", "judge",
    "justice", "speaker", "whip", "coordinator", "mediator", "monitor", "source", "sources",
    "member", "members", "army", "military", "interim", "chargé", "charge", "affaires", "consul",
    "attaché", "mr", "mrs", "ms", "dr", "prof", "professor", "rep", "dame", "sir", "lord", "lady",
    "first", "chief", "executive", "ceo", "founder", "editor", "correspondent", "staff", "agency",
    "spy", "intelligence", "security", "national", "health", "economy", "economic", "education",
    "transport", "commerce", "industry", "agriculture", "environment", "culture", "labour",
    "labor", "immigration", "home", "europe", "european", "affairs", "development",
    "international", "external", "public", "relations", "information", "communications", "press",
    "regional", "local", "military", "general", "secretary-general", "principal", "supreme",
    "grand", "mufti", "imam", "rabbi", "bishop", "archbishop", "patriarch", "elder", "chairmen",
    "vice-president", "co-chair", "ex", "outgoing", "incoming", "new", "veteran", "retired",
    "federal", "provincial", "district", "party", "union", "ruling", "centrist", "conservative",
    "liberal", "socialist", "labour", "dean", "provost", "rector", "assemblyman",
    "assemblywoman", "assemblymember", "councilman", "councilwoman", "councillor", "councilor",
    "alderman", "alderwoman", "commandant", "cto", "cfo", "coo",
];

/// Words that end an organisation name ("Foreign Ministry", "Joint Chiefs of Staff").
#[rustfmt::skip]
const ORG_HEADS: &[&str] = &[
    "ministry", "department", "office", "commission", "agency", "council", "committee", "bank",
    "party", "staff", "forces", "army", "navy", "court", "parliament", "assembly", "mission",
    "embassy", "government", "administration", "service", "guard", "corps", "union",
    "organization", "organisation", "league", "association", "federation", "institute",
    "foundation", "command", "authority", "directorate", "bureau", "secretariat", "presidency",
    "cabinet", "senate", "congress", "house", "kremlin", "palace", "group", "coalition",
    "alliance", "front", "movement", "board", "tribunal", "fund", "programme", "program", "times",
    "post", "news", "television", "radio", "press", "network", "company", "corp", "inc", "ltd",
    "university", "college", "school", "centre", "center", "chiefs",
];

pub(crate) fn is_role_word(w: &str) -> bool {
    // Dots and hyphens are the same in lower case: strip and split before lowering.
    let w = w.trim_end_matches('.');
    ROLE_SET.contains_lowercase(w)
        || (w.contains('-') && w.split('-').any(|p| ROLE_SET.contains_lowercase(p)))
}

pub(crate) fn is_org_head(w: &str) -> bool {
    ORG_HEAD_SET.contains_lowercase(w)
}

/// Lowercase words that end a speaker phrase when walking back from a cue.
#[rustfmt::skip]
const STOPS: &[&str] = &[
    "that", "which", "what", "when", "where", "while", "after", "before", "because", "since", "if",
    "as", "than", "until", "but", "or", "so", "though", "although", "whether", "how", "why", "is",
    "are", "was", "were", "be", "been", "being", "has", "have", "had", "will", "would", "can",
    "could", "should", "may", "might", "must", "do", "does", "did", "not", "from", "by", "with",
    "in", "on", "into", "onto", "over", "under", "about", "against", "during", "without", "within",
    "through", "toward", "towards", "upon", "among", "between", "also", "then", "once", "again",
    "later", "earlier", "only", "even", "still", "yet", "already", "there", "here", "whom",
    "whose", "who", "it's", "this", "these", "those", "struck", "took", "made", "went", "gave",
    "came", "got", "held", "met", "left", "kept", "spoke", "broke", "drew", "ran", "sent", "sat",
    "stood", "saw", "shook", "hit", "set", "put", "led", "fell", "felt", "won", "lost", "sought",
    "brought", "bought", "thought", "fought", "says", "hours", "days", "weeks", "months", "years",
    "minutes", "ago", "now", "today", "tomorrow", "yesterday", "tonight", "shows", "showed",
    "seemed", "appeared", "remained", "became", "to", "for", "of", "at", "and", "the", "a", "an",
    "his", "her", "their", "its", "our", "my", "your", "per", "via",
];

/// Adverbs and auxiliaries allowed between a subject and its cue ("Zhao also said").
#[rustfmt::skip]
const SKIPPABLE: &[&str] = &[
    "also", "later", "only", "then", "again", "previously", "once", "further", "has", "have",
    "had", "was", "were", "is", "are", "will", "would", "reportedly", "allegedly", "simply",
    "flatly", "publicly", "privately", "separately", "earlier", "quickly", "repeatedly", "firmly",
    "bluntly", "angrily", "calmly", "sharply", "openly", "directly", "subsequently", "himself",
    "herself", "itself", "themselves", "had", "not", "never", "always", "often", "however",
    "meanwhile", "though", "too", "instead", "now", "first", "could", "did", "am",
];

pub(crate) fn is_stop(w: &str) -> bool {
    STOP_SET.contains(w)
}

pub(crate) fn is_skippable(w: &str) -> bool {
    SKIPPABLE_SET.contains(w)
        || (w.len() > 4 && w.ends_with("ly") && w.chars().all(|c| c.is_lowercase()))
}

/// Capitalised words that never belong to a personal name.
#[rustfmt::skip]
const NOT_NAME: &[&str] = &[
    "The", "A", "An", "In", "At", "On", "From", "To", "Of", "For", "By", "And", "But", "As", "His",
    "Her", "Their", "Its", "Our", "This", "That", "These", "Those", "He", "She", "They", "It",
    "We", "I", "You", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "January", "February", "March", "April", "June", "July", "August", "September", "October",
    "November", "December", "Asked", "Speaking", "According", "After", "Before", "While", "When",
    "Back", "Meanwhile", "However", "Still", "Yet", "Also", "Later", "Earlier", "Separately",
    "Both", "Neither", "Either", "Some", "Many", "Most", "All", "One", "Two", "Three", "Several",
    "Other", "Another", "Such", "Regional", "Western", "Eastern", "Northern", "Southern", "North",
    "South", "East", "West", "Opposition", "Analysts", "Officials", "Diplomats", "Sources",
    "Reuters", "AP", "AFP", "Wire", "Xinhua", "Telegram", "Twitter", "X", "Facebook",
    "TV", "Television", "Times", "Post", "News", "Joint", "Chiefs", "Staff", "Board", "Governors",
    "Security", "Council", "Department", "Ministry", "Office",
];

pub(crate) fn is_not_name(w: &str) -> bool {
    NOT_NAME_SET.contains(w)
}

/// Name particles that may be written in lowercase inside a name ("Ursula von der Leyen").
pub(crate) fn is_name_particle(w: &str) -> bool {
    matches!(
        w,
        "al" | "bin"
            | "ibn"
            | "de"
            | "del"
            | "der"
            | "van"
            | "von"
            | "da"
            | "di"
            | "du"
            | "la"
            | "le"
            | "el"
            | "dos"
            | "das"
            | "ben"
    ) || ["al-", "el-", "ad-", "as-", "ash-", "at-", "bin-", "abu-"]
        .iter()
        .any(|p| w.starts_with(p))
}

/// Personal and impersonal pronouns a speaker may be given as.
pub(crate) fn pronoun_kind(w: &str) -> Option<char> {
    // No other character lowers to these ASCII letters, so ASCII case folding suffices.
    let is = |p: &str| w.eq_ignore_ascii_case(p);
    // "he'd", "she’s", "they'll": a personal pronoun with a contracted auxiliary.
    let contracted = [
        "'d", "’d", "'s", "’s", "'ll", "’ll", "'ve", "’ve", "'re", "’re",
    ]
    .iter()
    .find_map(|c| w.strip_suffix(c))
    .filter(|b| {
        ["he", "she", "they"]
            .iter()
            .any(|p| b.eq_ignore_ascii_case(p))
    });
    if let Some(base) = contracted {
        return pronoun_kind(base);
    }
    if is("he") || is("him") || is("she") || is("her") {
        Some('p')
    } else if is("they") || is("them") {
        Some('g')
    } else if is("it") {
        Some('o')
    } else {
        None
    }
}

/// Determiners and possessives that open a noun phrase ("the envoy", "his deputy").
pub(crate) fn is_det(w: &str) -> bool {
    matches!(
        w,
        "a" | "an"
            | "the"
            | "his"
            | "her"
            | "their"
            | "its"
            | "A"
            | "An"
            | "The"
            | "His"
            | "Her"
            | "Their"
            | "Its"
    )
}
