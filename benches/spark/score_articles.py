"""Score a directory of articles through Apache Spark (local mode) with RDD.pipe, and check
the result equals `stance predict DIR --format jsonl` run as one process.

  python benches/spark/score_articles.py ARTICLE_DIR [--stance PATH] [--partitions N]

Each article becomes one JSON line {"article": path, "text": body}; every partition is piped
through `stance predict --jsonl - --format jsonl` (a clean filter: JSON lines in, JSON lines
out, input order kept), and the partitions are collected in order.
"""
import argparse
import json
import os
import subprocess
import sys
import time

from pyspark import SparkConf, SparkContext

ENDINGS = (".txt", ".text", ".html", ".htm")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("articles", help="directory of .txt / .html articles")
    p.add_argument("--stance", default=os.path.join(here, "..", "..", "target", "release", "stance"))
    p.add_argument("--partitions", type=int, default=4)
    args = p.parse_args()
    stance = os.path.abspath(args.stance)
    root = os.path.abspath(args.articles)

    # The single-process reference, reading the directory itself (sorted, recursive).
    t0 = time.perf_counter()
    reference = subprocess.run([stance, "predict", "--format", "jsonl", root],
                               check=True, capture_output=True, text=True).stdout.splitlines()
    single_s = time.perf_counter() - t0

    conf = SparkConf().setMaster(f"local[{os.cpu_count() or 2}]").setAppName("stance")
    sc = SparkContext(conf=conf)
    sc.setLogLevel("ERROR")
    try:
        t0 = time.perf_counter()
        # The same files in the same order as `stance predict DIR` reads them: depth first,
        # sorted component by component as Rust orders paths ("b/x.txt" before "b.txt").
        paths = sorted((os.path.join(d, f) for d, _, fs in os.walk(root, followlinks=False)
                        for f in fs if f.lower().endswith(ENDINGS)),
                       key=lambda path: path.split(os.sep))
        lines = [json.dumps({"article": path, "text": open(path, encoding="utf-8").read()})
                 for path in paths]
        rdd = sc.parallelize(lines, args.partitions)
        scored = rdd.pipe(f"{stance} predict --format jsonl --jsonl -").collect()
        spark_s = time.perf_counter() - t0
    finally:
        sc.stop()

    same = scored == reference
    print(f"articles: {len(paths)}  records: {len(scored)}  partitions: {args.partitions}")
    print(f"single process: {single_s:.2f} s   spark local (incl. reading, start of the job): {spark_s:.2f} s")
    print("result equals the single-process output" if same else "MISMATCH with the single-process output")
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
