#!/usr/bin/env bash
# Scores a directory of articles through Apache Spark (local mode, RDD.pipe) and checks the
# result equals the single-process output. Not part of `cargo test`: it installs pyspark
# (PyPI) into a venv and needs Java 17.
#
#   benches/spark/run.sh [ARTICLE_DIR]      (default: data/articles)
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
venv=${SPARK_VENV:-/tmp/spark-venv}
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c "import pyspark" 2>/dev/null || "$venv/bin/pip" install -q pyspark
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
"$venv/bin/python" "$here/benches/spark/score_articles.py" "${1:-$here/data/articles}" --stance "$here/target/release/stance"
