"""Our two-annotator annotations of public news articles: loading, agreement, gold.

The annotation files hold offsets, speakers, parties and labels only, never article text.
Each line: {"id", "article", "start", "end", "a": {...}, "b": {...}} where `a` and `b` are
two annotators' independent, blind judgements of the span between one pair of quotation
marks (byte offsets into the article as published): kind (direct | partial | not_quote),
speaker, speaker_party, target_party, label. A field is gold only where both agree.
"""
import json
import re
import unicodedata

LABELS = ("conciliatory", "hostile", "neutral")
TITLES = {
    "president", "prime", "minister", "senator", "sen", "rep", "representative", "gov",
    "governor", "mr", "mrs", "ms", "dr", "secretary", "general", "foreign", "the", "former",
    "speaker", "chancellor", "king", "queen", "prince", "sir", "lord", "judge", "mayor",
}
# Letters after a name that are no part of it ("Kama Melly QC", "Robert Downey Jr.").
POST_NOMINALS = {"jr", "sr", "qc", "kc", "mp", "mep", "phd"}


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def name_key(name):
    """A speaker name reduced to what two annotators (or a tool) should share: the last
    word that is not a title or post-nominal letters, lowercased and with diacritics folded
    ("President Donald J. Trump" -> "trump", "Kama Melly QC" -> "melly", "Erdoğan" ->
    "erdogan": a transliteration is the same name)."""
    if not name:
        return None
    folded = unicodedata.normalize("NFKD", name.lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    words = [w for w in re.findall(r"[\w'-]+", folded) if w not in TITLES]
    while len(words) > 1 and words[-1] in POST_NOMINALS:
        words.pop()
    if not words or name.strip().lower() == "unknown":
        return "unknown"
    return words[-1].removesuffix("'s")


def agreed(item, field):
    """The value both annotators gave `field`, or None where they differ or gave none."""
    a, b = item["a"].get(field), item["b"].get(field)
    if field == "speaker":
        ka, kb = name_key(a), name_key(b)
        if ka is None or ka != kb:
            return None
        return a if len(a or "") >= len(b or "") else b
    if field == "kind":
        # direct and partial are both quotations; only quote / not-quote must agree.
        qa, qb = a in ("direct", "partial"), b in ("direct", "partial")
        if qa != qb or a is None or b is None:
            return None
        return (a if a == b else "direct") if qa else "not_quote"
    return a if a is not None and a == b else None


def cohen_kappa(pairs):
    """Cohen's kappa of (a, b) pairs over a nominal scale."""
    pairs = [(a, b) for a, b in pairs if a is not None and b is not None]
    n = len(pairs)
    if n == 0:
        return float("nan"), 0, 0.0
    po = sum(a == b for a, b in pairs) / n
    cats = {a for a, _ in pairs} | {b for _, b in pairs}
    pe = sum((sum(a == c for a, _ in pairs) / n) * (sum(b == c for _, b in pairs) / n) for c in cats)
    kappa = (po - pe) / (1 - pe) if pe < 1 else 1.0
    return kappa, n, po


def agreement_table(items):
    """Per field: items both judged, raw agreement and Cohen's kappa (speaker by name key)."""
    rows = []
    quotes = [it for it in items if agreed(it, "kind") in ("direct", "partial")]
    kind = [(it["a"]["kind"] in ("direct", "partial"), it["b"]["kind"] in ("direct", "partial")) for it in items]
    rows.append(("is a quotation", *cohen_kappa(kind)))
    for field in ("speaker", "speaker_party", "target_party", "label"):
        if field == "speaker":
            pairs = [(name_key(it["a"].get(field)), name_key(it["b"].get(field))) for it in quotes]
        else:
            pairs = [(it["a"].get(field), it["b"].get(field)) for it in quotes]
        rows.append((field, *cohen_kappa(pairs)))
    return rows


def print_agreement(items, title):
    print(f"{title}: two annotators, blind ({len(items)} spans)")
    print(f"  {'field':<16} {'both judged':>11} {'agree':>7} {'kappa':>7}")
    for field, kappa, n, po in agreement_table(items):
        print(f"  {field:<16} {n:>11} {po:>7.3f} {kappa:>7.3f}")


def overlap(a_start, a_end, b_start, b_end):
    return max(0, min(a_end, b_end) - max(a_start, b_start))
