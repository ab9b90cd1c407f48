#!/usr/bin/env python3
"""Key press → next quote on screen, for `stance label`, through a pseudo-terminal.

Drives `stance label --pool-csv POOL --retrain-every 5 --with-default-corpus` with keys
1/2/3 (and an undo now and then) one every 150 ms, so background retraining runs for most of
the session, and reads the times `stance label` logs (--latency-log: from reading the key to
the redrawn screen flushed, with whether a retraining was running). Prints the percentiles,
for all presses and for those during retraining.

Usage: benches/active/latency.py [--pool POOL.csv] [--keys 200]
"""
import argparse
import os
import pty
import random
import select
import statistics
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STANCE = os.path.join(ROOT, "target", "release", "stance")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--pool", default="/work/shared/data/newsmtsc/newsmtsc_train.csv")
    p.add_argument("--keys", type=int, default=200)
    a = p.parse_args()
    work = tempfile.mkdtemp()
    log = os.path.join(work, "latency.txt")
    args = [STANCE, "label", "--pool-csv", a.pool, "--out", os.path.join(work, "labels.csv"),
            "--retrain-every", "5", "--with-default-corpus", "--latency-log", log]
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(STANCE, args)

    def pump(seconds):
        end = time.time() + seconds
        while time.time() < end:
            r, _, _ = select.select([fd], [], [], 0.01)
            if r:
                try:
                    os.read(fd, 1 << 16)
                except OSError:
                    return

    pump(5)  # the first ranking of the pool
    rng = random.Random(1)
    for i in range(a.keys):
        os.write(fd, b"u" if i % 17 == 16 else rng.choice([b"1", b"2", b"3"]))
        pump(0.15)
    os.write(fd, b"q")
    pump(2)
    os.waitpid(pid, 0)
    rows = [line.split(",") for line in open(log).read().split()]
    every = [int(us) / 1000 for us, _ in rows]
    busy = [int(us) / 1000 for us, b in rows if b == "1"]

    def show(name, xs):
        if not xs:
            print(f"{name}: none")
            return
        xs = sorted(xs)
        q = lambda f: xs[min(len(xs) - 1, int(f * len(xs)))]
        print(f"{name}: {len(xs)} presses, median {statistics.median(xs):.2f} ms, "
              f"p95 {q(0.95):.2f} ms, max {xs[-1]:.2f} ms")

    show("all presses", every)
    show("during retraining", busy)


if __name__ == "__main__":
    sys.exit(main())
