#!/usr/bin/env bash
# Seeds the fuzz corpora (tests/fuzz/corpus/<target>/, not committed) from the project's own
# inputs: articles, labelled CSVs, and a real model file (trained here on tests/fixtures/tiny.csv).
# The first byte of every seed is the target's flag byte (see checks.rs).
set -euo pipefail
cd "$(dirname "$0")/../.."
c=tests/fuzz/corpus
mkdir -p "$c/article" "$c/csv" "$c/model" "$c/html" "$c/parties" "$c/report"
seed() { # seed TARGET NAME FLAG FILE
  { printf "\\x$3"; cat "$4"; } > "$c/$1/$2"
}
for f in tests/fixtures/articles/*.txt data/articles/*.txt; do
  seed article "$(basename "$f")" 00 "$f"
  seed article "$(basename "$f").small" 1a "$f"
done
for f in data/articles/*.html; do
  seed article "$(basename "$f")" 01 "$f"
  cp "$f" "$c/html/"
done
# Markup that once went wrong (quoted '>' in attributes, CDATA, C1 references, raw text).
printf '<p><a title="a>b" href="/x">Talks</a> "resume," said Ann Cole.</p>' > "$c/html/attr.html"
printf '<p>x<![CDATA[ "a" ]]>y &#128; &amp;&#x201C;quoted&#x201D;</p><script>"no"</script>' > "$c/html/cdata.html"
printf '<title>T</title><textarea>"t"</textarea><pre>a\n\n b</pre><br><li>"one," she said' > "$c/html/raw.html"
# Parties files: the README's shape, people, odd keys and values.
printf '\x00[[party]]\nname = "Iran"\naliases = ["Tehran", "Iranian"]\npeople = ["Reza Kamali"]\n' > "$c/parties/basic.toml"
printf '\x01[[party]]\nname = "Nigeria"\naliases = ["Abuja", "Okafor"]\n[[party]]\nname = "Iran"\npeople = ["Ann Cole"]\n"Tehran said" is "x"' > "$c/parties/self.toml"
printf '\x00[[party]]\nname = " "\n' > "$c/parties/empty-name.toml"
printf '\x00[[party]]\nname = "United States"\naliases = ["Washington", "\\"quoted\\"", "D-Ore."]\npeople = ["Cole"]\n' > "$c/parties/marks.toml"
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
# Evaluation reports (flag 0: paired; 1: unpaired) of the tiny model on its own data.
report=$(dirname "$model")/report.json
cargo run --quiet --release -- evaluate --model "$model" --data tests/fixtures/tiny.csv --json "$report" >/dev/null
seed report tiny.json 00 "$report"
seed report tiny-unpaired.json 01 "$report"
echo "seeded $(ls "$c"/* | wc -l) files under $c"
