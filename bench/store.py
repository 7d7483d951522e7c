"""Store benchmark: ingest throughput into SQLite and PostgreSQL, search latency p50/p95.

    .venv/bin/python bench/store.py                    # 3,000 articles of the unlabeled corpus
    .venv/bin/python bench/store.py --limit 0          # all 29,974 articles
    .venv/bin/python bench/store.py --analyze --limit 300   # include the analysis pipeline

Without `--analyze` each article is stored with an empty record, so the figure is the store's
own cost (canonical text, search index, MinHash, one transaction per article); with it, the
whole `rasd ingest` path. Search latency is measured over queries drawn from frequent words.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import statistics
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

from rasd.ingest.files import article_from_dict
from rasd.record import empty as empty_record
from rasd.store import Store

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "news" / "saudinewsnet_unlabeled.jsonl.gz"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
QUERIES = [
    "الإرهابيين",
    "سوريا",
    "وزارة الداخلية",
    "الأمم المتحدة",
    "إدلب",
    "مجلس الأمن",
    "النفط",
    "اللاجئين",
    "الرياض",
    "قتل",
    "الحوثيين",
    "داعش",
    "حلب",
    "المملكة",
    "الطائرات",
    "انفجار",
    "الأسد",
    "المعارضة السورية",
    "الهلال الأحمر",
    "التحالف",
]


def load(limit: int) -> list:
    out = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for line in fh:
            try:
                out.append(article_from_dict(json.loads(line)))
            except Exception:  # a bad line is skipped in a benchmark
                continue
            if limit and len(out) >= limit:
                break
    return out


def bench(name: str, url: str, articles: list, analyze: bool, n_queries: int) -> None:
    store = Store.open(url)
    pipeline = None
    if analyze:
        from rasd.pipeline import shared

        pipeline = shared()
    t0 = time.perf_counter()
    for a in articles:
        rec = pipeline.analyze(a) if pipeline else empty_record(a)
        store.ingest(a, rec, version="bench")
    dt = time.perf_counter() - t0
    print(
        f"{name}: ingested {len(articles)} articles in {dt:.1f}s = {len(articles) / dt:.1f} articles/s"
        f"{' (with analysis)' if analyze else ' (store only)'}"
    )
    t0 = time.perf_counter()
    result = store.dedup()
    print(
        f"{name}: dedup over {result['articles']} articles in {time.perf_counter() - t0:.1f}s: "
        f"{result['duplicate_groups']} near-duplicate groups ({result['duplicate_articles']} articles)"
    )
    rng = random.Random(1)
    lat, hits = [], []
    for _ in range(n_queries):
        q = rng.choice(QUERIES)
        t0 = time.perf_counter()
        _, total = store.search(q, limit=20)
        lat.append((time.perf_counter() - t0) * 1000)
        hits.append(total)
    q = statistics.quantiles(lat, n=20)
    print(
        f"{name}: search over {len(articles)} articles, {n_queries} queries (20 results + snippets): "
        f"p50 {statistics.median(lat):.1f} ms, p95 {q[18]:.1f} ms, median hits {statistics.median(hits):.0f}"
    )
    store.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=3000, help="articles to ingest (0 = the whole corpus)")
    ap.add_argument("--analyze", action="store_true", help="run the analysis pipeline too")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--only", choices=["sqlite", "postgresql"])
    args = ap.parse_args()
    articles = load(args.limit)
    print(
        f"corpus: {len(articles)} articles, {sum(len(a.text) for a in articles) / max(len(articles), 1):.0f} "
        "chars on average"
    )
    if args.only in (None, "sqlite"):
        path = Path("/tmp") / f"rasd-bench-{uuid.uuid4().hex[:8]}.db"
        try:
            bench("sqlite", f"sqlite:///{path}", articles, args.analyze, args.queries)
            print(f"sqlite: database size {path.stat().st_size / 1e6:.1f} MB")
        finally:
            for p in path.parent.glob(path.name + "*"):
                p.unlink()
    if args.only in (None, "postgresql"):
        schema = f"rasd_bench_{uuid.uuid4().hex[:8]}"
        engine = sa.create_engine(PG_URL)
        try:
            with engine.begin() as conn:
                conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
        except sa.exc.OperationalError as exc:
            print(f"postgresql: skipped ({str(exc).splitlines()[0]})")
            return
        try:
            bench("postgresql", f"{PG_URL}?options=-csearch_path%3D{schema}", articles, args.analyze, args.queries)
        finally:
            with engine.begin() as conn:
                conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))


if __name__ == "__main__":
    main()
