"""Throughput of `rasd.analyze_many` with 1 and 2 processes on real news (SaudiNewsNet 2015).

    PYTHONPATH=src .venv/bin/python bench/api.py [--n 500] [--processes 1 2] [--batch-size 16]

Prints articles/s per setting (pipeline loading included, as a user pays it) and checks that every
setting gives the same records. The corpus is read from ../shared, never copied.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from pathlib import Path

import rasd
from rasd.errors import RasdError

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "news" / "saudinewsnet_unlabeled.jsonl.gz"


def load(path: Path, n: int) -> list[dict]:
    items = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            text = row.get("text") or row.get("content") or ""
            items.append({"text": text, "title": row.get("title"), "source": row.get("source"),
                          "url": row.get("url"), "published": row.get("published") or row.get("date"),
                          "id": row.get("id")})
            if len(items) == n:
                break
    return items


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--batch-size", type=int, default=16)
    args = ap.parse_args()
    items = load(args.corpus, args.n)
    chars = sum(len(i["text"]) for i in items)
    print(f"{len(items)} articles, {chars / len(items):.0f} chars on average")
    reference = None
    for n_process in args.processes:
        start = time.perf_counter()
        results = list(rasd.analyze_many(items, n_process=n_process, batch_size=args.batch_size))
        took = time.perf_counter() - start
        errors = sum(isinstance(r, RasdError) for r in results)
        print(f"n_process={n_process} batch_size={args.batch_size}: {took:.1f} s, "
              f"{len(items) / took:.1f} articles/s, {errors} errors")
        keyed = [r.message if isinstance(r, RasdError) else r for r in results]
        if reference is None:
            reference = keyed
        elif keyed != reference:
            print(f"  !! n_process={n_process} gives different records than n_process={args.processes[0]}")


if __name__ == "__main__":
    main()
