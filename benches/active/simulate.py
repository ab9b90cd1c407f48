#!/usr/bin/env python3
"""Does `stance label`'s ranking earn its keep? Simulates an annotator on NewsMTSC.

Starting from the shipped corpus (data/train.csv, what the default model is trained on),
labels are added 25 at a time, either the 25 that `stance label --export 25` ranks most
informative under the model trained so far (as `stance label --retrain-every 25` would show
them), or 25 at random. The gold labels play the annotator. After 50, 100 and 200 labels a
model is trained with the default model's settings (models/default.toml) on data/train.csv
plus the labels, and scored (macro-F1) on the test file. Each seed draws its own pool: a
random 80% of the pool file, the same for both strategies.

Usage: benches/active/simulate.py [--pool POOL.csv] [--test TEST.csv] [--seeds 5]
Needs `cargo build --release` first. Python 3 standard library only.
"""
import argparse
import csv
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STANCE = os.path.join(ROOT, "target", "release", "stance")
CHECKPOINTS = (50, 100, 200)
BATCH = 25


def run(*args):
    out = subprocess.run([STANCE, *args], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"stance {' '.join(args)} failed:\n{out.stderr}")
    return out


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return [(" ".join(r["text"].split()), r["label"]) for r in csv.DictReader(f)]


def write_rows(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["text", "label"])
        w.writerows(rows)


def train_and_score(work, labelled, test):
    labels = os.path.join(work, "labels.csv")
    write_rows(labels, labelled)
    model = os.path.join(work, "m.json")
    run("train", "--config", os.path.join(ROOT, "models/default.toml"),
        "--data", os.path.join(ROOT, "data/train.csv"), "--data", labels,
        "--out", model, "--force", "--reproducible")
    report = os.path.join(work, "report.json")
    run("evaluate", "--model", model, "--data", test, "--json", report)
    with open(report, encoding="utf-8") as f:
        return json.load(f)["macro_f1"], model


def ranked(work, pool, model, n):
    """The n most informative rows of `pool` (a list of (text, gold)) under `model`."""
    path = os.path.join(work, "pool.csv")
    # One physical line per row (texts are whitespace-joined), so row i is on line i + 2.
    write_rows(path, [(t, "") for t, _ in pool])
    out = os.path.join(work, "export.csv")
    args = ["label", "--pool-csv", path, "--export", str(n), "--out", out, "--force"]
    if model:
        args += ["--model", model]
    run(*args)
    with open(out, newline="", encoding="utf-8") as f:
        return [int(r["start"]) - 2 for r in csv.DictReader(f)]


def simulate(seed, all_pool, test, work):
    rng = random.Random(seed)
    pool = rng.sample(all_pool, int(len(all_pool) * 0.8))
    scores = {"ranked": {}, "random": {}}
    order = list(range(len(pool)))
    rng.shuffle(order)
    for n in CHECKPOINTS:
        scores["random"][n], _ = train_and_score(work, [pool[i] for i in order[:n]], test)
    labelled, left, model = [], list(pool), None
    while len(labelled) < CHECKPOINTS[-1]:
        picked = ranked(work, left, model, BATCH)
        labelled += [left[i] for i in picked]
        chosen = set(picked)
        left = [r for i, r in enumerate(left) if i not in chosen]
        f1, model = train_and_score(work, labelled, test)
        if len(labelled) in CHECKPOINTS:
            scores["ranked"][len(labelled)] = f1
    return scores


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--pool", default="/work/shared/data/newsmtsc/newsmtsc_train.csv")
    p.add_argument("--test", default="/work/shared/data/newsmtsc/newsmtsc_devtest_rw.csv")
    p.add_argument("--seeds", type=int, default=5)
    a = p.parse_args()
    all_pool = read(a.pool)
    with tempfile.TemporaryDirectory() as work:
        results = []
        for seed in range(1, a.seeds + 1):
            s = simulate(seed, all_pool, a.test, work)
            results.append(s)
            print(f"seed {seed}: " + "  ".join(
                f"{k} " + " ".join(f"{n}:{s[k][n]:.4f}" for n in CHECKPOINTS) for k in s),
                flush=True)
    print(f"\nmacro-F1 on {os.path.basename(a.test)} ({a.seeds} seeds; mean ± sd; "
          f"start: data/train.csv alone)")
    print(f"{'labels':>7} {'ranked':>16} {'random':>16} {'ranked wins':>12}")
    for n in CHECKPOINTS:
        r = [s["ranked"][n] for s in results]
        q = [s["random"][n] for s in results]
        sd = lambda x: statistics.stdev(x) if len(x) > 1 else 0.0
        wins = sum(x > y for x, y in zip(r, q))
        print(f"{n:>7} {statistics.mean(r):>9.4f} ± {sd(r):.4f} "
              f"{statistics.mean(q):>9.4f} ± {sd(q):.4f} {wins:>8}/{len(r)}")


if __name__ == "__main__":
    main()
