#!/usr/bin/env python3
"""Split data/corpus.csv into data/train.csv (80%) and data/test.csv (20%).

The split is stratified by label: for each label, the rows of that label are
sorted by id, shuffled with one fixed-seed generator, and the first 20%
(rounded to the nearest row) go to the test set. Labels are visited in sorted
order so the result depends only on the corpus. Both outputs keep the corpus
header and list their rows in id order.

Python 3 standard library only. Run from anywhere:

    python3 data/split.py
"""

import csv
import os
import random
import sys

SEED = 20261121
TEST_SHARE = 0.2
HEADER = ["id", "text", "label", "speaker_party", "target_party", "category", "hard_case", "context"]

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus.csv")
TRAIN = os.path.join(HERE, "train.csv")
TEST = os.path.join(HERE, "test.csv")


def id_key(row):
    """Order ids such as q0001 numerically, whatever their width."""
    return (len(row["id"]), row["id"])


def read_corpus(path):
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != HEADER:
            sys.exit(f"{path}: header is {reader.fieldnames}, expected {HEADER}")
        rows = list(reader)
    seen = set()
    for line, row in enumerate(rows, start=2):
        if row["id"] in seen:
            sys.exit(f"{path}:{line}: duplicate id {row['id']}")
        seen.add(row["id"])
    return rows


def split(rows):
    rng = random.Random(SEED)
    by_label = {}
    for row in rows:
        by_label.setdefault(row["label"], []).append(row)
    test_ids = set()
    for label in sorted(by_label):
        group = sorted(by_label[label], key=id_key)
        rng.shuffle(group)
        n_test = int(round(len(group) * TEST_SHARE))
        test_ids.update(row["id"] for row in group[:n_test])
    ordered = sorted(rows, key=id_key)
    train = [row for row in ordered if row["id"] not in test_ids]
    test = [row for row in ordered if row["id"] in test_ids]
    return train, test


def write(path, rows):
    tmp = path + ".tmp"
    with open(tmp, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=HEADER, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    os.replace(tmp, path)


def main():
    rows = read_corpus(CORPUS)
    train, test = split(rows)
    write(TRAIN, train)
    write(TEST, test)
    counts = {}
    for name, part in (("train", train), ("test", test)):
        for row in part:
            counts.setdefault(row["label"], {"train": 0, "test": 0})[name] += 1
    print(f"corpus {len(rows)} rows -> train {len(train)}, test {len(test)}")
    for label in sorted(counts):
        c = counts[label]
        print(f"  {label:<13} train {c['train']:>4}  test {c['test']:>4}")


if __name__ == "__main__":
    main()
