#!/usr/bin/env python3
"""Check data/corpus.csv and print its counts (Python 3 standard library only).

    python3 data/check_corpus.py          # check and print counts
    python3 data/check_corpus.py --pairs  # also list every directed party pair

Checks: header, unique ids (q0001, q0002, ...), the three labels, the
CAMEO category allowed for each label, known hard-case kinds, 8-45 words per
full quote (1-7 for a partial quote, whose context column holds the writer's
sentence with the quote in double quotes), label balance (largest at most 25% above smallest: the ordinary-news rows follow
real reporting, where neutral and hostile quotes outnumber conciliatory ones) and near-duplicates
(word-set Jaccard similarity above 0.8, words = lowercased runs of letters and
digits). Exits with status 1 if any check fails. Run it after adding rows, then
re-run data/split.py.
"""

import collections
import csv
import os
import re
import sys

HEADER = ["id", "text", "label", "speaker_party", "target_party", "category", "hard_case", "context"]
CATEGORIES = {
    "conciliatory": {"02", "03", "04", "05", "08"},
    "hostile": {"10", "11", "12", "13", "force"},
    "neutral": {"01"},
}
HARD_CASES = {
    "negated_threat", "negated_conciliation", "conditional_threat", "conditional_offer",
    "polite_refusal", "mixed", "sarcasm", "rhetorical_question", "third_party",
    "condolence", "denial", "scare_quote", "meeting_report",
}
MAX_JACCARD = 0.8
MIN_WORDS, MAX_WORDS = 8, 45
# A short partial quote ("reckless") is stored with the writer's sentence that carries it.
PARTIAL_MAX_WORDS = 7

CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus.csv")


def words(text):
    return frozenset(w for w in re.split(r"[^a-z0-9]+", text.lower()) if w)


def main():
    with open(CORPUS, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != HEADER:
            sys.exit(f"header is {reader.fieldnames}, expected {HEADER}")
        rows = list(reader)

    errors = []
    seen = set()
    for n, r in enumerate(rows, start=1):
        if r["id"] != f"q{n:04d}":
            errors.append(f"{r['id']}: expected id q{n:04d}")
        if r["id"] in seen:
            errors.append(f"{r['id']}: duplicate id")
        seen.add(r["id"])
        if r["label"] not in CATEGORIES:
            errors.append(f"{r['id']}: unknown label {r['label']!r}")
        elif r["category"] not in CATEGORIES[r["label"]]:
            errors.append(f"{r['id']}: category {r['category']!r} does not fit label {r['label']}")
        if r["hard_case"] and r["hard_case"] not in HARD_CASES:
            errors.append(f"{r['id']}: unknown hard_case {r['hard_case']!r}")
        if not r["speaker_party"] or not r["target_party"] or r["speaker_party"] == r["target_party"]:
            errors.append(f"{r['id']}: bad party pair {r['speaker_party']!r} > {r['target_party']!r}")
        nw = len(r["text"].split())
        if r["context"]:
            if not 1 <= nw <= PARTIAL_MAX_WORDS:
                errors.append(f"{r['id']}: a partial quote with context has {nw} words")
            if f'"{r["text"]}'.lower() not in r["context"].lower():
                errors.append(f"{r['id']}: the context does not hold the quote in double quotes")
        elif not MIN_WORDS <= nw <= MAX_WORDS:
            errors.append(f"{r['id']}: {nw} words")

    sets = [words(r["text"]) for r in rows]
    best, best_pair = 0.0, None
    for i in range(len(rows)):
        a = sets[i]
        for j in range(i + 1, len(rows)):
            b = sets[j]
            sim = len(a & b) / len(a | b)
            if sim > best:
                best, best_pair = sim, (rows[i]["id"], rows[j]["id"])
            if sim > MAX_JACCARD:
                errors.append(f"{rows[i]['id']} ~ {rows[j]['id']}: Jaccard {sim:.3f}")

    labels = collections.Counter(r["label"] for r in rows)
    if labels and max(labels.values()) > 1.25 * min(labels.values()):
        errors.append(f"labels unbalanced: {dict(labels)}")

    cats = collections.Counter(r["category"] for r in rows)
    hard = collections.Counter(r["hard_case"] for r in rows if r["hard_case"])
    pairs = collections.Counter((r["speaker_party"], r["target_party"]) for r in rows)
    n_hard = sum(hard.values())

    print(f"rows: {len(rows)}")
    print("labels: " + ", ".join(f"{k} {v}" for k, v in sorted(labels.items())))
    print("categories: " + ", ".join(f"{k} {v}" for k, v in sorted(cats.items())))
    print(f"partial quotes with context: {sum(bool(r['context']) for r in rows)}")
    print(f"hard cases: {n_hard} ({100 * n_hard / max(len(rows), 1):.1f}%)")
    for k, v in sorted(hard.items()):
        by_label = collections.Counter(r["label"] for r in rows if r["hard_case"] == k)
        print(f"  {k:<22} {v:>4}  " + ", ".join(f"{l} {c}" for l, c in sorted(by_label.items())))
    print(f"distinct directed party pairs: {len(pairs)} ({sum(c >= 15 for c in pairs.values())} with 15 or more rows)")
    print(f"largest word-set Jaccard: {best:.3f} {best_pair}")
    if "--pairs" in sys.argv:
        for (s, t), c in sorted(pairs.items()):
            print(f"  {s} > {t}: {c}")
    if errors:
        print(f"{len(errors)} problem(s):", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()
