#!/usr/bin/env bash
# Side by side on one CSV split, in one run: whole-process `stance train`, `stance evaluate`
# and one-thread `stance predict --lines` against the peers in ../shared/peers (scikit-learn
# TF-IDF + LR, fastText), with ratios. Our times include process start, reading the CSV and
# writing output; the peers' are their own in-process timings (fit; predict on >= 100k rows),
# so the comparison is conservative for us.
#
#   benches/peers.sh TRAIN.csv TEST.csv [ROWS]     (ROWS: predict throughput rows, default 100000)
#
# Needs the peers' venv (bash ../shared/peers/setup.sh; PYTHON overrides its python).
set -euo pipefail
[ $# -ge 2 ] || { sed -n '2,10p' "$0"; exit 2; }
train=$1 test=$2 rows=${3:-100000}
here=$(cd "$(dirname "$0")/.." && pwd)
peers=${PEERS:-$here/../shared/peers}
py=${PYTHON:-/tmp/peers-venv/bin/python}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

cargo build --release --quiet --manifest-path "$here/Cargo.toml"
stance=$here/target/release/stance

# Best wall time of 3 runs of a command, in seconds.
best_of_3() {
  local best=
  for _ in 1 2 3; do
    local t0 t1
    t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N)
    best=$(python3 -c "import sys; a=float(sys.argv[1]); b=sys.argv[2]; print(a if not b else min(a, float(b)))" "$(python3 -c "print($t1-$t0)")" "$best")
  done
  echo "$best"
}

echo ">> peers (scikit-learn LR, fastText)" >&2
"$py" "$peers/sklearn_tfidf_lr.py" --train "$train" --test "$test" --throughput-rows "$rows" --out "$out/sk.json" >/dev/null
"$py" "$peers/fasttext_sup.py" --train "$train" --test "$test" --throughput-rows "$rows" --out "$out/ft.json" >/dev/null

echo ">> stance" >&2
t_train=$(best_of_3 "$stance" train --data "$train" --out "$out/m.json" --force)
t_eval=$(best_of_3 "$stance" evaluate --model "$out/m.json" --data "$test" --json "$out/stance.json")
# The test texts repeated to at least ROWS lines, one per line, as the peers' throughput does.
python3 - "$test" "$rows" "$out/lines.txt" <<'PY'
import csv, sys
texts = [" ".join(r["text"].split()) for r in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8"))]
need, n = int(sys.argv[2]), 0
with open(sys.argv[3], "w", encoding="utf-8") as f:
    while n < need:
        for t in texts:
            f.write(t + "\n"); n += 1
print(n, file=open(sys.argv[3] + ".n", "w"))
PY
n_lines=$(cat "$out/lines.txt.n")
t_pred=$(best_of_3 "$stance" --threads 1 predict --model "$out/m.json" --format jsonl --lines "$out/lines.txt")

python3 - "$out" "$t_train" "$t_eval" "$t_pred" "$n_lines" <<'PY'
import json, sys
out, t_train, t_eval, t_pred, n = sys.argv[1], *map(float, sys.argv[2:5]), int(sys.argv[5])
sk, ft, st = (json.load(open(f"{out}/{x}.json")) for x in ("sk", "ft", "stance"))
ours_rps = n / t_pred
print(f"train={sk['train']} (n={sk['n_train']})  test={sk['test']} (n={sk['n_test']})  predict rows={n:,}\n")
rows = [("system", "macro-F1", "train s", "predict rows/s (1 thread)")]
rows.append(("stance (whole process)", f"{st['macro_f1']:.3f}", f"{t_train:.2f}", f"{ours_rps:,.0f}"))
for r in (sk, ft):
    rows.append((r["system"] + " (in-process)", f"{r['macro_f1']:.3f}", f"{r['train_seconds']:.2f}",
                 f"{r['throughput']['rows_per_second']:,.0f}"))
w = [max(len(r[i]) for r in rows) for i in range(4)]
for i, r in enumerate(rows):
    print("| " + " | ".join(c.ljust(w[j]) if j == 0 else c.rjust(w[j]) for j, c in enumerate(r)) + " |")
    if i == 0:
        print("|" + "|".join("-" * (x + 2) for x in w) + "|")
print(f"\nstance evaluate (whole process, {st['n_test']} rows): {t_eval:.2f} s")
for r in (sk, ft):
    print(f"vs {r['system']}: train time ratio {t_train / r['train_seconds']:.2f}x (lower is better), "
          f"predict throughput ratio {ours_rps / r['throughput']['rows_per_second']:.1f}x (higher is better)")
PY
