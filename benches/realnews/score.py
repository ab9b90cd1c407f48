#!/usr/bin/env python3
"""Score a stance model's labels on our real-news label set, end to end.

    python3 benches/realnews/score.py --wikinews ../shared/data/wikinews/articles \
        --polnear PATH/TO/PolNeAR [--stance target/release/stance] [--model M] [--json out.json]

The label set is our own: direct and partial quotations from Wikinews articles
(benches/attribution/wikinews.jsonl) and PolNeAR train/dev articles
(benches/realnews/polnear.jsonl), each labelled blind by two annotators by data/LABELS.md;
only quotes both call quotations and both give the same label count. Offsets and labels only:
the article text is read from the paths given.

Two measures:
  end to end  `stance predict ARTICLE…`: the label of the quote stance found over the gold
              span; a gold quote stance did not find counts as wrong (label "missed").
  text only   `stance predict --lines`: the gold span's own text, so extraction plays no part.
Each reports macro-F1 over the three labels, accuracy, expected calibration error (10 bins of
the top probability) and the confusion matrix.
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile


def run(cmd):
    """Runs stance; on failure, exits with its own error message instead of a traceback."""
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"{cmd[0]} {cmd[1]} failed: {proc.stderr.strip()}")
    return proc.stdout

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import annotations as ann  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def gold_items(path, root, source):
    out = []
    for it in ann.load(path):
        if ann.agreed(it, "kind") in ("direct", "partial") and ann.agreed(it, "label") in ann.LABELS:
            it = dict(it, source=source, path=os.path.join(root, it["article"]), gold=ann.agreed(it, "label"))
            out.append(it)
    return out


def macro_f1(pairs):
    f1s = []
    for lab in ann.LABELS:
        tp = sum(g == lab and p == lab for g, p in pairs)
        fp = sum(g != lab and p == lab for g, p in pairs)
        fn = sum(g == lab and p != lab for g, p in pairs)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / len(f1s)


def ece(triples, bins=10):
    """Expected calibration error of the top probability (missed quotes excluded)."""
    triples = [t for t in triples if t[2] is not None]
    if not triples:
        return float("nan")
    total = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inb = [t for t in triples if lo < t[2] <= hi or (b == 0 and t[2] == 0)]
        if inb:
            acc = sum(g == p for g, p, _ in inb) / len(inb)
            conf = sum(c for _, _, c in inb) / len(inb)
            total += len(inb) / len(triples) * abs(acc - conf)
    return total


def report(title, triples, sources):
    """Prints and returns the figures of `triples` (gold, predicted, confidence), overall and
    for each source (`sources[i]` names the source of triple i)."""
    pairs = [(g, p) for g, p, _ in triples]
    acc = sum(g == p for g, p in pairs) / len(pairs)
    res = {"quotes": len(pairs), "macro_f1": macro_f1(pairs), "accuracy": acc, "ece": ece(triples)}
    cols = list(ann.LABELS) + (["missed"] if any(p == "missed" for _, p in pairs) else [])
    res["confusion"] = {g: {p: sum(gg == g and pp == p for gg, pp in pairs) for p in cols} for g in ann.LABELS}
    print(f"\n{title}: {len(pairs)} quotes")
    print(f"  macro-F1 {res['macro_f1']:.3f}   accuracy {acc:.3f}   ECE {res['ece']:.3f}")
    print("  gold \\ predicted " + "".join(f"{c:>14}" for c in cols))
    for g in ann.LABELS:
        print(f"  {g:<17}" + "".join(f"{res['confusion'][g][c]:>14}" for c in cols))
    res["by_source"] = {}
    for source in sorted(set(sources)):
        sub = [t for t, s in zip(triples, sources) if s == source]
        sp = [(g, p) for g, p, _ in sub]
        r = {"quotes": len(sub), "macro_f1": macro_f1(sp),
             "accuracy": sum(g == p for g, p in sp) / len(sp), "ece": ece(sub)}
        res["by_source"][source] = r
        print(f"  {source + ':':<10} macro-F1 {r['macro_f1']:.3f}   accuracy {r['accuracy']:.3f}   "
              f"ECE {r['ece']:.3f}   ({len(sub)} quotes)")
    return res


def span_text(it):
    with open(it["path"], "rb") as a:
        return " ".join(a.read()[it["start"]:it["end"]].decode("utf-8").split())


def write_csvs(items, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    for source in sorted({it["source"] for it in items}):
        path = os.path.join(out_dir, f"{source}.csv")
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["text", "label"])
            for it in items:
                if it["source"] == source:
                    w.writerow([span_text(it), it["gold"]])
        print(f"wrote {path}")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--wikinews", required=True, help="directory of the Wikinews article .txt files")
    p.add_argument("--polnear", help="a PolNeAR checkout (its data/ holds train/ and dev/)")
    p.add_argument("--stance", default=os.path.join(HERE, "..", "..", "target", "release", "stance"))
    p.add_argument("--model", help="model passed to stance predict --model")
    p.add_argument("--json", help="write the figures as JSON to this file")
    p.add_argument("--write-csv", metavar="DIR",
                   help="also write the label set as labelled CSVs (text,label), one per source "
                        "(DIR/wikinews.csv, DIR/polnear.csv), for stance evaluate / calibrate; "
                        "the text is read from your copies, never stored here")
    args = p.parse_args()
    items = gold_items(os.path.join(HERE, "..", "attribution", "wikinews.jsonl"), args.wikinews, "wikinews")
    if args.polnear:
        items += gold_items(os.path.join(HERE, "polnear.jsonl"), os.path.join(args.polnear, "data"), "polnear")
    missing = sorted({it["path"] for it in items if not os.path.isfile(it["path"])})
    if missing:
        sys.exit(f"{len(missing)} annotated articles not found, e.g. {missing[0]}")
    if args.write_csv:
        write_csvs(items, args.write_csv)
    model = ["--model", args.model] if args.model else []
    by_source = {}
    for it in items:
        by_source[it["source"]] = by_source.get(it["source"], 0) + 1
    print("real-news label set: " + ", ".join(f"{n} {s}" for s, n in sorted(by_source.items())))

    # End to end: extraction, attribution and label.
    paths = sorted({it["path"] for it in items})
    out = run([args.stance, "predict", "--format", "jsonl", *model, *paths])
    found = {}
    for line in out.splitlines():
        rec = json.loads(line)
        if rec.get("record") == "quote":
            found.setdefault(os.path.abspath(rec["article"]), []).append(rec)
    e2e = []
    for it in items:
        cands = found.get(os.path.abspath(it["path"]), [])
        best = max(cands, key=lambda q: ann.overlap(q["start"], q["end"], it["start"], it["end"]), default=None)
        if best is None or ann.overlap(best["start"], best["end"], it["start"], it["end"]) == 0:
            e2e.append((it["gold"], "missed", None))
        else:
            e2e.append((it["gold"], best["label"], max(best["probabilities"].values())))
    result = {"data": "our real-news label set (Wikinews + PolNeAR train/dev, two annotators agreed)",
              "end_to_end": report("end to end (stance predict ARTICLE…)", e2e, [it["source"] for it in items])}

    # Text only: the gold span's own words.
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        for it in items:
            f.write(span_text(it) + "\n")
        lines = f.name
    try:
        out = run([args.stance, "predict", "--format", "jsonl", *model, "--lines", lines])
    finally:
        os.unlink(lines)
    recs = [json.loads(line) for line in out.splitlines() if line.strip()]
    recs = [r for r in recs if "label" in r]
    if len(recs) != len(items):
        sys.exit(f"stance predict --lines gave {len(recs)} records for {len(items)} texts")
    text = [(it["gold"], r["label"], max(r["probabilities"].values())) for it, r in zip(items, recs)]
    result["text_only"] = report("text only (stance predict --lines, gold spans)", text,
                                 [it["source"] for it in items])
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(result, f, indent=2)
            f.write("\n")


if __name__ == "__main__":
    main()
