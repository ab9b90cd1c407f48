#!/usr/bin/env python3
"""Score `stance quotes` against our own two-annotator annotations of Wikinews articles.

    python3 benches/attribution/wikinews.py --articles ../shared/data/wikinews/articles \
        [--stance target/release/stance] [--errors] [--json out.json]

The annotation file (benches/attribution/wikinews.jsonl) holds offsets, speakers, parties,
targets and labels only; the article text is read from --articles. A field counts only where
both annotators agree (see benches/annotations.py). Measures, on quotes both call quotations:
  quote recall     gold quotations that overlap a quote stance found
  quote precision  stance quotes overlapping an agreed span that overlap a gold quotation
  speaker          named speakers (gold not "unknown") matched by name key, on found quotes
  party            speaker party (gold not "unknown"), on found quotes
  target           target party ("none" = no target), on found quotes
"""
import argparse
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import annotations as ann  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def run_stance(stance, paths, extra):
    proc = subprocess.run([stance, "quotes", "--format", "jsonl", *extra, *paths], capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"{stance} quotes failed: {proc.stderr.strip()}")
    out = proc.stdout
    by_article = {}
    for line in out.splitlines():
        rec = json.loads(line)
        if rec.get("record", "quote") == "quote":
            by_article.setdefault(os.path.basename(rec["article"]), []).append(rec)
    return by_article


def score(items, found, show_errors):
    quotes = [it for it in items if ann.agreed(it, "kind") in ("direct", "partial")]
    counted = {"recall": [0, 0], "precision": [0, 0], "speaker": [0, 0], "party": [0, 0], "target": [0, 0]}
    errors = []
    for it in quotes:
        cands = found.get(it["article"], [])
        best = max(cands, key=lambda q: ann.overlap(q["start"], q["end"], it["start"], it["end"]), default=None)
        hit = best is not None and ann.overlap(best["start"], best["end"], it["start"], it["end"]) > 0
        counted["recall"][0] += hit
        counted["recall"][1] += 1
        if not hit:
            errors.append((it["id"], it["article"], "missed", "", ""))
            continue
        speaker = ann.agreed(it, "speaker")
        if speaker is not None and ann.name_key(speaker) != "unknown":
            ok = ann.name_key(best.get("speaker") or "unknown") == ann.name_key(speaker)
            counted["speaker"][0] += ok
            counted["speaker"][1] += 1
            if not ok:
                errors.append((it["id"], it["article"], "speaker", best.get("speaker"), speaker))
        party = ann.agreed(it, "speaker_party")
        if party is not None and party != "unknown":
            ok = best.get("speaker_party") == party
            counted["party"][0] += ok
            counted["party"][1] += 1
            if not ok:
                errors.append((it["id"], it["article"], "party", best.get("speaker_party"), party))
        target = ann.agreed(it, "target_party")
        if target is not None:
            got = best.get("target_party") or "none"
            ok = got == target
            counted["target"][0] += ok
            counted["target"][1] += 1
            if not ok:
                errors.append((it["id"], it["article"], "target", got, target))
    # Precision over the spans both annotators judged: a stance quote overlapping only
    # spans they agree are not quotations is a false quotation.
    judged = [it for it in items if ann.agreed(it, "kind") is not None]
    for article, recs in found.items():
        spans = [it for it in judged if it["article"] == article]
        for q in recs:
            over = [it for it in spans if ann.overlap(q["start"], q["end"], it["start"], it["end"]) > 0]
            if not over:
                continue
            ok = any(ann.agreed(it, "kind") in ("direct", "partial") for it in over)
            counted["precision"][0] += ok
            counted["precision"][1] += 1
            if not ok:
                errors.append((over[0]["id"], article, "not a quote", q.get("speaker"), "not_quote"))
    if show_errors:
        for e in sorted(errors):
            print("  ".join(str(x) for x in e))
    return counted


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--articles", required=True, help="directory of the Wikinews article .txt files")
    p.add_argument("--stance", default=os.path.join(HERE, "..", "..", "target", "release", "stance"))
    p.add_argument("--annotations", default=os.path.join(HERE, "wikinews.jsonl"))
    p.add_argument("--parties", help="a parties file passed to stance")
    p.add_argument("--errors", action="store_true", help="list every wrong field")
    p.add_argument("--json", help="write the figures as JSON to this file")
    args = p.parse_args()
    items = ann.load(args.annotations)
    arts = sorted({it["article"] for it in items})
    missing = [a for a in arts if not os.path.isfile(os.path.join(args.articles, a))]
    if missing:
        sys.exit(f"{args.articles}: {len(missing)} annotated articles not found, e.g. {missing[0]}")
    extra = ["--parties", args.parties] if args.parties else []
    found = run_stance(args.stance, [os.path.join(args.articles, a) for a in arts], extra)
    ann.print_agreement(items, f"Wikinews, {len(arts)} articles")
    counted = score(items, found, args.errors)
    print(f"\nstance quotes against the agreed annotations ({len(arts)} Wikinews articles)")
    print(f"  {'measure':<16} {'right':>6} {'of':>6} {'score':>7}")
    result = {}
    for name, (right, total) in counted.items():
        value = right / total if total else float("nan")
        result[name] = {"right": right, "of": total, "score": value}
        print(f"  {name:<16} {right:>6} {total:>6} {value:>7.3f}")
    r, pr = result["recall"]["score"], result["precision"]["score"]
    f1 = 2 * r * pr / (r + pr) if r + pr else 0.0
    result["f1"] = f1
    print(f"  {'quote F1':<16} {'':>6} {'':>6} {f1:>7.3f}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"data": "Wikinews (our annotations)", "articles": len(arts), "figures": result}, f, indent=2)
            f.write("\n")


if __name__ == "__main__":
    main()
