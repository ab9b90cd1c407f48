#!/usr/bin/env python3
"""Scores `stance quotes` against PolNeAR's hand-annotated attributions (brat standoff).

Usage: polnear.py --polnear DIR --split train|dev [--stance BIN] [--json OUT] [--errors N]

DIR is a PolNeAR checkout holding data/<split>/text/*.txt and data/<split>/attributions/*.ann.
Only the train and dev splits are accepted: the test split is held back for the final check.

What is counted (see README.md beside this file):
- Gold direct quotes: attribution events whose Content span (all of its pieces, and any
  Content2) holds a double quotation mark (" “ ” „ « »). Articles annotated by several
  people: the first .ann file in sorted order is used.
- Found quotes: every record of `stance quotes --format jsonl`, kind full and partial alike.
- Matching is by overlap of character spans (stance's byte offsets are converted to
  characters). Precision: found quotes overlapping at least one gold direct quote's content.
  Recall: gold direct quotes overlapped by at least one found quote.
- Named-speaker accuracy, over gold direct quotes that were found and whose Source is a
  name (it holds a capitalised word that is not a pronoun, determiner or other function
  word). PolNeAR's release has no coreference links, so pronoun and relative-pronoun
  sources ("he", "who") and unnamed descriptions ("officials") are left out. The found quote
  is the one overlapping the gold content most. It is right when the last word of stance's
  `speaker` (possessive stripped, case ignored) occurs in the gold Source and is not there
  only as a possessor ("Trump" is wrong for "Trump's spokeswoman"); an unknown speaker is
  wrong.
"""

import argparse
import json
import os
import re
import subprocess
import sys

QUOTE_MARKS = '"\u201c\u201d\u201e\u00ab\u00bb'

# Capitalised words that do not make a source a name.
FUNCTION_WORDS = {
    "i", "he", "she", "it", "we", "they", "you", "me", "him", "her", "us", "them",
    "his", "its", "our", "their", "your", "my", "who", "which", "that", "this", "these",
    "those", "the", "a", "an", "one", "some", "many", "most", "several", "both", "all",
    "another", "other", "others", "each", "any", "few", "no", "none", "someone",
    "somebody", "everyone", "nobody", "what", "where", "when", "whose", "whom",
    "mr", "mrs", "ms", "dr", "and", "or", "but", "of", "in", "on", "for", "at", "to",
    "with", "by", "from", "as", "after", "before", "while", "if", "so", "then", "also",
}

WORD = re.compile(r"[A-Za-z\u00c0-\u024f][\w\u00c0-\u024f.'\u2019-]*")


def parse_spans(spec):
    spans = []
    for piece in spec.split(";"):
        a, b = piece.split()
        spans.append((int(a), int(b)))
    return spans


def read_ann(path):
    """Returns the list of attributions: dicts with content/source spans and texts."""
    tbs = {}
    events = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line:
                continue
            cols = line.split("\t")
            if line.startswith("T") and len(cols) >= 2:
                head = cols[1].split(" ", 1)
                if len(head) != 2:
                    continue
                try:
                    spans = parse_spans(head[1])
                except ValueError:
                    print(f"{path}:{lineno}: skipped a span it cannot read", file=sys.stderr)
                    continue
                tbs[cols[0]] = (head[0], spans)
            elif line.startswith("E") and len(cols) >= 2:
                roles = {}
                for arg in cols[1].split():
                    if ":" in arg:
                        role, tid = arg.split(":", 1)
                        roles.setdefault(role, []).append(tid)
                events.append(roles)
    out = []
    for roles in events:
        content = [s for r in ("Content", "Content2") for t in roles.get(r, []) if t in tbs
                   for s in tbs[t][1]]
        source = [s for t in roles.get("Source", []) if t in tbs for s in tbs[t][1]]
        if content:
            out.append({"content": sorted(content), "source": sorted(source)})
    return out


def pick_ann_files(ann_dir):
    """Article stem -> .ann path; the first file in sorted order for several annotators."""
    chosen = {}
    for name in sorted(os.listdir(ann_dir)):
        if not name.endswith(".ann"):
            continue
        stem = re.sub(r"_[0-9a-f]{4}\.ann$", "", name)
        stem = stem[:-4] if stem.endswith(".ann") else stem
        chosen.setdefault(stem, os.path.join(ann_dir, name))
    return chosen


def byte_to_char(text):
    """A table from byte offsets to character offsets (one entry per byte, plus the end)."""
    table = []
    for i, ch in enumerate(text):
        table.extend([i] * len(ch.encode("utf-8")))
    table.append(len(text))
    return table


def run_stance(binary, text_dir):
    proc = subprocess.run(
        [binary, "quotes", "--format", "jsonl", text_dir],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False,
    )
    if proc.returncode != 0:
        sys.exit(f"error: {binary} quotes failed ({proc.returncode}): "
                 f"{proc.stderr.decode(errors='replace')[:2000]}")
    quotes = {}
    for line in proc.stdout.decode("utf-8").splitlines():
        rec = json.loads(line)
        if rec.get("record") == "quote":
            stem = os.path.splitext(os.path.basename(rec["article"]))[0]
            quotes.setdefault(stem, []).append(rec)
    return quotes


def overlap(a, b):
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def span_overlap(spans, q):
    return sum(overlap(s, q) for s in spans)


def words(s):
    return [w.rstrip(".") for w in WORD.findall(s)]


def is_named(source_text):
    for w in words(source_text):
        bare = re.sub(r"['\u2019]s?$", "", w)
        if bare[:1].isupper() and bare.lower() not in FUNCTION_WORDS:
            return True
    return False


def speaker_right(speaker, gold_source):
    if not speaker:
        return False
    sw = words(speaker)
    if not sw:
        return False
    key = re.sub(r"['\u2019]s?$", "", sw[-1]).lower()
    for w in words(gold_source):
        if w.lower() == key:
            return True
    return False


def score(polnear, split, binary, n_errors):
    base = os.path.join(polnear, "data", split)
    text_dir = os.path.join(base, "text")
    ann_dir = os.path.join(base, "attributions")
    for d in (text_dir, ann_dir):
        if not os.path.isdir(d):
            sys.exit(f"error: {d} is not a directory; pass --polnear the PolNeAR checkout "
                     "(the folder holding data/)")
    anns = pick_ann_files(ann_dir)
    found = run_stance(binary, text_dir)
    tp_found = n_found = 0
    n_gold = gold_hit = 0
    named = named_right = 0
    full = partial = 0
    errors = {"missed": [], "spurious": [], "speaker": []}
    for name in sorted(os.listdir(text_dir)):
        if not name.endswith(".txt"):
            continue
        stem = name[:-4]
        with open(os.path.join(text_dir, name), encoding="utf-8") as f:
            text = f.read()
        b2c = byte_to_char(text)
        gold = []
        if stem in anns:
            for a in read_ann(anns[stem]):
                ctext = "".join(text[s:e] for s, e in a["content"])
                if any(m in ctext for m in QUOTE_MARKS):
                    a["source_text"] = " ".join(text[s:e] for s, e in a["source"])
                    gold.append(a)
        qs = []
        for rec in found.get(stem, []):
            s = b2c[min(rec["start"], len(b2c) - 1)]
            e = b2c[min(rec["end"], len(b2c) - 1)]
            qs.append(((s, e), rec))
        for span, rec in qs:
            n_found += 1
            if rec["kind"] == "full":
                full += 1
            else:
                partial += 1
            if any(span_overlap(g["content"], span) > 0 for g in gold):
                tp_found += 1
            else:
                errors["spurious"].append((stem, rec["quote"][:100], rec.get("speaker")))
        for g in gold:
            n_gold += 1
            best = max(qs, key=lambda q: span_overlap(g["content"], q[0]), default=None)
            if best is None or span_overlap(g["content"], best[0]) == 0:
                ctext = " ".join(text[s:e] for s, e in g["content"])
                errors["missed"].append((stem, ctext[:100], g["source_text"]))
                continue
            gold_hit += 1
            if g["source"] and is_named(g["source_text"]):
                named += 1
                spk = best[1].get("speaker")
                if speaker_right(spk, g["source_text"]):
                    named_right += 1
                else:
                    s0 = g["content"][0][0]
                    ctx = text[max(0, s0 - 120):s0 + 60].replace("\n", " ")
                    errors["speaker"].append((stem, g["source_text"], spk,
                                              best[1].get("cue"), ctx))
    p = tp_found / n_found if n_found else 0.0
    r = gold_hit / n_gold if n_gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    acc = named_right / named if named else 0.0
    result = {
        "split": split,
        "articles": len([n for n in os.listdir(text_dir) if n.endswith(".txt")]),
        "gold_direct_quotes": n_gold,
        "found_quotes": n_found,
        "found_full": full,
        "found_partial": partial,
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f1, 4),
        "named_speaker_quotes": named,
        "named_speaker_right": named_right,
        "named_speaker_accuracy": round(acc, 4),
    }
    return result, errors


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--polnear", required=True, help="PolNeAR checkout (holds data/)")
    ap.add_argument("--split", required=True, choices=["train", "dev"])
    ap.add_argument("--stance", default="target/release/stance", help="the stance binary")
    ap.add_argument("--json", help="also write the figures as JSON to this file")
    ap.add_argument("--errors", type=int, default=0,
                    help="print up to N examples of each error kind (to read, not to keep)")
    args = ap.parse_args()
    if not os.path.exists(args.stance):
        sys.exit(f"error: {args.stance} not found; build it with `cargo build --release` "
                 "or pass --stance")
    result, errors = score(args.polnear, args.split, args.stance, args.errors)
    rows = [
        ("split", result["split"]),
        ("articles", result["articles"]),
        ("gold direct quotes", result["gold_direct_quotes"]),
        ("found quotes (full/partial)",
         f'{result["found_quotes"]} ({result["found_full"]}/{result["found_partial"]})'),
        ("direct-quote precision", f'{result["precision"]:.3f}'),
        ("direct-quote recall", f'{result["recall"]:.3f}'),
        ("direct-quote F1", f'{result["f1"]:.3f}'),
        ("named-speaker accuracy",
         f'{result["named_speaker_accuracy"]:.3f} '
         f'({result["named_speaker_right"]}/{result["named_speaker_quotes"]})'),
    ]
    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        print(f"{k:<{width}}  {v}")
    if args.errors:
        for kind, items in errors.items():
            print(f"\n# {kind} ({len(items)})")
            for item in items[: args.errors]:
                print("  " + " | ".join(str(x) for x in item))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(result, f, indent=2, sort_keys=True)
            f.write("\n")


if __name__ == "__main__":
    main()
