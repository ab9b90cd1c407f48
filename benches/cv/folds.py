"""Split a labelled CSV into K stratified cross-validation folds, deterministically.

  python3 benches/cv/folds.py DATA.csv OUTDIR [--k 5] [--seed 42] [--label-col label]

Writes OUTDIR/fold1 .. foldK, each with train.csv (every other fold) and
test.csv (this fold), keeping the header and every column, rows in their
original order; plus OUTDIR/folds.json (rows per label per fold). Standard
library only; the same input, K and seed give byte-identical files.

Stratification: the rows of each label (label stripped, labels in sorted
order) are shuffled with random.Random(seed), then all labels' rows are
dealt round-robin into the K folds as one sequence, the deal carrying on
from label to label. So each label's count per fold differs by at most one,
and so do the fold sizes. A label with fewer rows than K is missing from
some test folds (reported on stderr; it is still in those folds' train.csv).
"""
import argparse
import csv
import json
import os
import random
import sys


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("data")
    p.add_argument("outdir")
    p.add_argument("--k", type=int, default=5)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--label-col", default="label")
    args = p.parse_args()
    if args.k < 2:
        sys.exit("folds.py: --k must be at least 2")

    csv.field_size_limit(sys.maxsize)
    with open(args.data, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if header is None:
            sys.exit(f"folds.py: {args.data} is empty")
        if args.label_col not in header:
            sys.exit(f"folds.py: {args.data}: no column {args.label_col!r} (have {header})")
        col = header.index(args.label_col)
        rows = [r for r in reader if r]  # skip blank lines, as DictReader does
    if len(rows) < args.k:
        sys.exit(f"folds.py: {len(rows)} rows cannot make {args.k} folds")

    def label(row):
        return (row[col] if col < len(row) else "").strip()

    by_label = {}
    for i, r in enumerate(rows):
        by_label.setdefault(label(r), []).append(i)

    rng = random.Random(args.seed)
    fold_of = [0] * len(rows)
    pos = 0
    for y in sorted(by_label):
        idx = by_label[y]
        rng.shuffle(idx)
        for i in idx:
            fold_of[i] = pos % args.k
            pos += 1

    labels = sorted(by_label)
    summary = {"data": args.data, "rows": len(rows), "k": args.k, "seed": args.seed,
               "label_col": args.label_col, "labels": {y: len(by_label[y]) for y in labels},
               "folds": []}
    for k in range(args.k):
        d = os.path.join(args.outdir, f"fold{k + 1}")
        os.makedirs(d, exist_ok=True)
        for name, keep in (("train.csv", lambda f: f != k), ("test.csv", lambda f: f == k)):
            with open(os.path.join(d, name), "w", newline="", encoding="utf-8") as f:
                w = csv.writer(f, lineterminator="\n")
                w.writerow(header)
                w.writerows(r for r, fo in zip(rows, fold_of) if keep(fo))
        test = {y: sum(1 for i in by_label[y] if fold_of[i] == k) for y in labels}
        summary["folds"].append({"fold": k + 1, "n_test": sum(test.values()),
                                 "n_train": len(rows) - sum(test.values()), "test_labels": test})
    with open(os.path.join(args.outdir, "folds.json"), "w", encoding="utf-8") as f:
        f.write(json.dumps(summary, indent=2) + "\n")

    print(f"{len(rows)} rows, {args.k} folds, seed {args.seed}; test rows per fold: "
          + ", ".join(f"{y or '(blank)'} " + "/".join(str(fo['test_labels'][y]) for fo in summary["folds"])
                      for y in labels), file=sys.stderr)
    for y in labels:
        if len(by_label[y]) < args.k:
            missing = [fo["fold"] for fo in summary["folds"] if not fo["test_labels"][y]]
            print(f"warning: label {y!r} has {len(by_label[y])} rows < K={args.k}: "
                  f"absent from test fold(s) {missing}", file=sys.stderr)


if __name__ == "__main__":
    main()
