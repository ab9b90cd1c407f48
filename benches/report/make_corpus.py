#!/usr/bin/env python3
"""Writes a synthetic corpus for timing `stance report`: N articles made from our own sample
articles in data/articles (headline and lede kept, each later paragraph kept with probability
0.7, so the quote mix varies), dated over two years. Plain-text articles get their date in
dates.csv; HTML ones in <meta property="article:published_time">.

    python3 benches/report/make_corpus.py OUT_DIR [N] [SEED]
"""
import datetime
import html
import pathlib
import random
import re
import sys

out = pathlib.Path(sys.argv[1])
n = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 42)
root = pathlib.Path(__file__).resolve().parents[2] / "data" / "articles"

sources = []
for path in sorted(root.iterdir()):
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        body = re.sub(r"(?s)<(script|style)\b.*?</\1>", "", text)
        paras = [html.unescape(re.sub(r"<[^>]+>", "", p)).strip()
                 for p in re.findall(r"(?s)<(?:p|h1)\b[^>]*>(.*?)</(?:p|h1)>", body)]
    else:
        paras = [p.strip() for p in text.split("\n\n")]
    sources.append([p for p in paras if p])

(out / "articles").mkdir(parents=True, exist_ok=True)
start = datetime.date(2025, 1, 1)
with open(out / "dates.csv", "w", encoding="utf-8") as dates:
    dates.write("article,date\n")
    for i in range(n):
        paras = sources[i % len(sources)]
        kept = paras[:2] + [p for p in paras[2:] if rng.random() < 0.7]
        day = start + datetime.timedelta(days=rng.randrange(730))
        if i % 10 == 9:
            name = f"{i:05d}.html"
            body = "".join(f"<p>{html.escape(p)}</p>\n" for p in kept)
            page = (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
                    f"<meta property=\"article:published_time\" content=\"{day}T09:00:00Z\">"
                    f"<title>{html.escape(kept[0])}</title></head><body>\n{body}</body></html>\n")
            (out / "articles" / name).write_text(page, encoding="utf-8")
        else:
            name = f"{i:05d}.txt"
            (out / "articles" / name).write_text("\n\n".join(kept) + "\n", encoding="utf-8")
            dates.write(f"{name},{day}\n")
