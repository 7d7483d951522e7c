"""Quotes component time per article (ms, one core) on the dev split of the real news sample.

Documents are prepared once (cleaning, segmentation, boilerplate); only `rasd.extract.quotes`
is timed, so the figure is the component's own cost. Also prints quotes found per article.

Usage: python bench/quotes.py [--n 278] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[2] / "shared/data/news/saudinewsnet_syria_sample.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=278)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    from rasd.article import Article
    from rasd.extract.quotes import extract
    from rasd.pipeline import shared

    rows = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if r.get("split") == "dev"][: args.n]
    pipe = shared()
    docs = [pipe.make_doc(Article(id=r["id"], text=r["text"], title=r.get("title"))) for r in rows]
    extract(docs[0])  # load the tables and the word lexicon outside the timing
    per_doc: list[float] = []
    found = 0
    for _ in range(args.repeat):
        for doc in docs:
            t0 = time.perf_counter()
            found += len(extract(doc))
            per_doc.append((time.perf_counter() - t0) * 1000)
    chars = sum(len(d.text) for d in docs) / len(docs)
    print(f"articles={len(docs)} mean_chars={chars:.0f} repeat={args.repeat}")
    print(f"quotes ms/article: mean={statistics.mean(per_doc):.2f} median={statistics.median(per_doc):.2f} "
          f"p95={sorted(per_doc)[int(0.95 * len(per_doc))]:.2f} max={max(per_doc):.2f}")
    print(f"quotes/article={found / (len(docs) * args.repeat):.2f}")


if __name__ == "__main__":
    main()
