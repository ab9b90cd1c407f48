#!/usr/bin/env bash
# Stratified K-fold cross-validation, side by side: stance and every peer in ../shared/peers
# (majority, VADER, scikit-learn TF-IDF + LR, LR balanced, LinearSVC, fastText) trained and
# scored on the SAME folds. Prints macro-F1 mean ± sd, worst fold, accuracy and every fold's
# macro-F1 per system, ranked, with stance's rank and its paired difference to each peer.
#
#   benches/cv/run.sh DATA.csv [K] [SEED]          (K default 5, SEED default 42)
#
# Env: STANCE (binary; default: cargo build --release, $CARGO_TARGET_DIR honoured),
# STANCE_TRAIN_ARGS (extra `stance train` flags, e.g. "--class-weight none"), PYTHON (peers'
# venv python, default /tmp/peers-venv/bin/python; bash ../shared/peers/setup.sh creates it),
# PEERS (default <repo>/../shared/peers), PEER_ARGS (flags for every peer, e.g. --text-col body),
# LR_ARGS SVM_ARGS FT_ARGS VADER_ARGS (as run_all.sh), LABEL_COL (default label), SYSTEMS (subset,
# e.g. "stance majority"), OUT (keep reports, logs, cv-summary.md and cv-summary.json there).
# A system that fails on a fold is reported as failed and the run goes on; exit 1 if stance did.
set -euo pipefail
export PYTHONDONTWRITEBYTECODE=1
[ $# -ge 1 ] && [ "$1" != "-h" ] && [ "$1" != "--help" ] || { sed -n '2,15p' "$0"; exit 2; }
data=$1 k=${2:-5} seed=${3:-42}
[ -f "$data" ] || { echo "run.sh: no such file: $data" >&2; exit 2; }
data=$(cd "$(dirname "$data")" && pwd)/$(basename "$data")
cv=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$cv/../.." && pwd)
peers=${PEERS:-$repo/../shared/peers}
py=${PYTHON:-/tmp/peers-venv/bin/python}
systems=${SYSTEMS:-stance majority vader sklearn-lr sklearn-lr-bal sklearn-svm fasttext}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ "$systems" != stance ]; then
  [ -x "$py" ] || { echo "run.sh: no peers' python at $py: run 'bash $peers/setup.sh' (or set PYTHON)" >&2; exit 2; }
  [ -d "$peers" ] || { echo "run.sh: no peers folder at $peers (set PEERS)" >&2; exit 2; }
fi
if [ -z "${STANCE:-}" ]; then
  echo ">> cargo build --release" >&2
  cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
  STANCE=${CARGO_TARGET_DIR:-$repo/target}/release/stance
fi

python3 "$cv/folds.py" "$data" "$work" --k "$k" --seed "$seed" --label-col "${LABEL_COL:-label}"

# run_one FOLD NAME CMD...: a failure leaves no report, which summarize.py counts as failed.
run_one() {
  local fold=$1 name=$2; shift 2
  local log=$work/logs/fold$fold/$name.log t0 t1
  mkdir -p "$work/logs/fold$fold" "$work/reports/fold$fold"
  t0=$(date +%s)
  if "$@" >"$log" 2>&1; then
    t1=$(date +%s); echo "   $name ok ($((t1 - t0)) s)" >&2
  else
    echo "   $name FAILED: $(tail -1 "$log")" >&2
    rm -f "$work/reports/fold$fold/$name.json"
  fi
}

# Peers: only macro-F1/accuracy matter here, so skip their 100k-row throughput timing.
peer() {  # peer FOLD NAME SCRIPT [flags...]
  local fold=$1 name=$2 script=$3; shift 3
  local d=$work/fold$fold
  # shellcheck disable=SC2086
  run_one "$fold" "$name" "$py" "$peers/$script" --train "$d/train.csv" --test "$d/test.csv" \
    --out "$work/reports/fold$fold/$name.json" --throughput-rows 1 --repeats 1 ${PEER_ARGS:-} "$@"
}

stance_fold() {  # stance_fold FOLD
  local d=$work/fold$1
  # shellcheck disable=SC2086
  "$STANCE" train --data "$d/train.csv" --out "$d/stance-model.json" --force ${STANCE_TRAIN_ARGS:-} &&
    "$STANCE" evaluate --model "$d/stance-model.json" --data "$d/test.csv" \
      --json "$work/reports/fold$1/stance.json"
}

for fold in $(seq 1 "$k"); do
  echo ">> fold $fold/$k" >&2
  for name in $systems; do
    # shellcheck disable=SC2086
    case $name in
      stance)         run_one "$fold" stance stance_fold "$fold" ;;
      majority)       peer "$fold" "$name" majority.py ;;
      vader)          peer "$fold" "$name" vader_rule.py ${VADER_ARGS:-} ;;
      sklearn-lr)     peer "$fold" "$name" sklearn_tfidf_lr.py ${LR_ARGS:-} ;;
      sklearn-lr-bal) peer "$fold" "$name" sklearn_tfidf_lr.py --balanced ${LR_ARGS:-} ;;
      sklearn-svm)    peer "$fold" "$name" sklearn_tfidf_svm.py ${SVM_ARGS:-} ;;
      fasttext)       peer "$fold" "$name" fasttext_sup.py ${FT_ARGS:-} ;;
      *) echo "run.sh: unknown system $name" >&2; exit 2 ;;
    esac
  done
done
echo >&2

# shellcheck disable=SC2086
python3 "$cv/summarize.py" "$work" $systems ${OUT:+--json "$work/cv-summary.json"} | tee "$work/cv-summary.md"
if [ -n "${OUT:-}" ]; then
  mkdir -p "$OUT"
  cp -r "$work/reports" "$work/logs" "$work/folds.json" "$work/cv-summary.md" "$work/cv-summary.json" "$OUT/"
  echo "reports, logs and cv-summary.json in $OUT" >&2
fi
case " $systems " in
  *" stance "*) for fold in $(seq 1 "$k"); do [ -f "$work/reports/fold$fold/stance.json" ] || exit 1; done ;;
esac
