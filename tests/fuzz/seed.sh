#!/usr/bin/env bash
# Seeds the fuzz corpora (tests/fuzz/corpus/<target>/, not committed) from the project's own
# inputs: articles, labelled CSVs, and a real model file (trained here on tests/fixtures/tiny.csv).
# The first byte of every seed is the target's flag byte (see checks.rs).
set -euo pipefail
cd "$(dirname "$0")/../.."
c=tests/fuzz/corpus
mkdir -p "$c/article" "$c/csv" "$c/model"
seed() { # seed TARGET NAME FLAG FILE
  { printf "\\x$3"; cat "$4"; } > "$c/$1/$2"
}
for f in tests/fixtures/articles/*.txt data/articles/*.txt; do
  seed article "$(basename "$f")" 00 "$f"
  seed article "$(basename "$f").small" 1a "$f"
done
for f in data/articles/*.html; do seed article "$(basename "$f")" 01 "$f"; done
seed csv tiny.csv 00 tests/fixtures/tiny.csv
seed csv tiny-skip.csv 01 tests/fixtures/tiny.csv
head -c 4000 data/test.csv > /tmp/stance-seed-test.csv
seed csv test-head.csv 00 /tmp/stance-seed-test.csv
model=$(mktemp -d)/tiny.json
cargo run --quiet --release -- train --data tests/fixtures/tiny.csv --out "$model"
seed model tiny.json 00 "$model"
# The payload alone (flag 1: the target wraps it with a correct checksum).
python3 - "$model" "$c/model/tiny-payload.json" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
start = text.index('"payload":') + len('"payload":')
open(sys.argv[2], "wb").write(b"\x01" + text[start:].rstrip().removesuffix("}").encode())
PY
echo "seeded $(ls "$c"/* | wc -l) files under $c"
