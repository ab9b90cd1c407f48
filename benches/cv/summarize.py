"""Print the cross-validation table from per-fold JSON reports (the peers' schema,
../shared/peers/common.py), and optionally write it as JSON.

  python3 benches/cv/summarize.py WORK SYSTEM... [--json OUT.json] [--ours stance]

WORK holds folds.json (from folds.py) and reports/foldN/SYSTEM.json; a missing
report counts as a failed run of that system on that fold. Standard library only.

Per system: macro-F1 mean ± sd over folds (sample sd, n-1), its worst fold,
accuracy mean, mean fit seconds, every fold's macro-F1, and against ours
(--ours, default stance): the mean paired difference (ours - system) and on
how many folds ours scored at least as high. Rows are ranked by mean macro-F1;
a system that failed on any fold is listed but not ranked. A second table
gives each label's F1, averaged over the folds where the label is in the test
fold or was predicted (the folds macro-F1 counts it in).
"""
import argparse
import json
import math
import os
import statistics


def mean(xs):
    return sum(xs) / len(xs) if xs else None


def sd(xs):
    return statistics.stdev(xs) if len(xs) > 1 else 0.0 if xs else None


def fmt(x, spec=".3f"):
    return "–" if x is None else format(x, spec)


def table(rows, right_from=1):
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for n, row in enumerate(rows):
        cells = [c.ljust(w) if i < right_from else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))]
        out.append("| " + " | ".join(cells) + " |")
        if n == 0:
            out.append("|" + "|".join("-" * (w + 1) + (":" if i >= right_from else "-")
                                      for i, w in enumerate(widths)) + "|")
    return "\n".join(out)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("work")
    p.add_argument("systems", nargs="+")
    p.add_argument("--json", help="also write the summary here")
    p.add_argument("--ours", default="stance")
    args = p.parse_args()

    with open(os.path.join(args.work, "folds.json"), encoding="utf-8") as f:
        folds = json.load(f)
    k = folds["k"]

    systems = []
    for name in args.systems:
        reports = []
        for i in range(1, k + 1):
            path = os.path.join(args.work, "reports", f"fold{i}", f"{name}.json")
            try:
                with open(path, encoding="utf-8") as f:
                    reports.append(json.load(f))
            except (OSError, ValueError):
                reports.append(None)
        ok = [r for r in reports if r]
        f1 = [r["macro_f1"] if r else None for r in reports]
        acc = [r["accuracy"] if r else None for r in reports]
        good = [x for x in f1 if x is not None]
        per_label = {}
        for r in ok:
            for y, m in r.get("per_class", {}).items():
                predicted = sum(row[r["labels"].index(y)] for row in r["confusion_matrix"]) \
                    if y in r.get("labels", []) else 0
                if m["support"] or predicted:
                    per_label.setdefault(y, []).append(m["f1"])
        systems.append({
            "name": name,
            "system": ok[0]["system"] if ok else None,
            "folds_ok": len(ok),
            "failed_folds": [i + 1 for i, r in enumerate(reports) if r is None],
            "macro_f1": {"mean": mean(good), "sd": sd(good), "min": min(good) if good else None,
                         "max": max(good) if good else None, "per_fold": f1},
            "accuracy": {"mean": mean([x for x in acc if x is not None]), "per_fold": acc},
            "train_seconds_mean": mean([r["train_seconds"] for r in ok if "train_seconds" in r]),
            "per_label_f1_mean": {y: mean(v) for y, v in sorted(per_label.items())},
            "per_label_f1_folds": {y: len(v) for y, v in sorted(per_label.items())},
        })

    ranked = sorted((s for s in systems if s["folds_ok"] == k),
                    key=lambda s: (-s["macro_f1"]["mean"], s["name"]))
    for n, s in enumerate(ranked, 1):
        s["rank"] = n
    unranked = [s for s in systems if s["folds_ok"] < k]
    for s in unranked:
        s["rank"] = None
    order = ranked + sorted(unranked, key=lambda s: (-s["folds_ok"], s["name"]))

    ours = next((s for s in systems if s["name"] == args.ours), None)
    for s in systems:
        s["vs_ours"] = None
        if ours is None or s is ours:
            continue
        pairs = [(a, b) for a, b in zip(ours["macro_f1"]["per_fold"], s["macro_f1"]["per_fold"])
                 if a is not None and b is not None]
        if pairs:
            s["vs_ours"] = {"mean_diff": mean([a - b for a, b in pairs]),
                            "ours_at_least": sum(a >= b for a, b in pairs), "folds": len(pairs)}

    sizes = "/".join(str(fo["n_test"]) for fo in folds["folds"])
    counts = ", ".join(f"{y} {n}" for y, n in folds["labels"].items())
    print(f"{folds['data']}: {folds['rows']} rows ({counts}); {k}-fold stratified, seed {folds['seed']}; "
          f"test rows per fold {sizes}\n")

    head = ["rank", "system", "macro-F1 mean ± sd", "min", "acc mean", "fit s"] \
        + [f"F1 f{i}" for i in range(1, k + 1)] + [f"{args.ours} − sys", f"{args.ours} ≥ (folds)"]
    rows = [head]
    for s in order:
        m = s["macro_f1"]
        if s["folds_ok"] == 0:
            stats = ["FAILED (all folds)", "–", "–", "–"]
        else:
            note = "" if s["folds_ok"] == k else f" ({s['folds_ok']}/{k} folds)"
            stats = [f"{fmt(m['mean'])} ± {fmt(m['sd'])}{note}", fmt(m["min"]),
                     fmt(s["accuracy"]["mean"]), fmt(s["train_seconds_mean"], ".2f")]
        vs = s["vs_ours"]
        cmp = ["–", "–"] if vs is None else [f"{vs['mean_diff']:+.3f}", f"{vs['ours_at_least']}/{vs['folds']}"]
        name = s["name"] + (" ◀" if s is ours else "")
        rank = str(s["rank"]) if s["rank"] else "–"
        rows.append([rank, name] + stats + [fmt(x) if x is not None else "FAIL" for x in m["per_fold"]] + cmp)
    print(table(rows, right_from=2))

    labels = sorted({y for s in systems for y in s["per_label_f1_mean"]})
    if labels:
        print(f"\nPer-label F1, mean over folds (n = folds where the label was in the test fold or predicted):\n")
        rows = [["system"] + [f"{y} F1" for y in labels]]
        for s in order:
            rows.append([s["name"]] + [f"{fmt(s['per_label_f1_mean'].get(y))} (n={s['per_label_f1_folds'].get(y, 0)})"
                                       for y in labels])
        print(table(rows))

    verdict = None
    if ours is not None:
        if ours["folds_ok"] < k:
            verdict = f"{args.ours} FAILED on fold(s) {ours['failed_folds']}: not ranked"
        else:
            above = [s["name"] for s in ranked if s["rank"] < ours["rank"]]
            verdict = (f"{args.ours}: rank {ours['rank']} of {len(ranked)} by mean macro-F1; "
                       + (f"peers above it: {', '.join(above)}" if above else "no peer above it"))
        failed = [f"{s['name']} (folds {s['failed_folds']})" for s in systems if s["failed_folds"]]
        if failed:
            verdict += "; failed: " + ", ".join(failed)
        print("\n" + verdict)

    if args.json:
        out = {"data": folds["data"], "rows": folds["rows"], "k": k, "seed": folds["seed"],
               "labels": folds["labels"], "folds": folds["folds"], "ours": args.ours,
               "verdict": verdict, "systems": order}
        with open(args.json, "w", encoding="utf-8") as f:
            f.write(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
