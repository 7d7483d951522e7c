"""Review benchmark: what reviews cost the store (SQLite file, or PostgreSQL with --pg).

    .venv/bin/python bench/review.py                   # 1,000 articles x 3 events, 300 reviews
    .venv/bin/python bench/review.py --articles 5000 --reviews 1000 --pg

Prints: a review save (p50/p95 ms), re-ingest of reviewed articles vs unreviewed ones (ms per
article: the overlay that keeps reviews through a re-analysis), and an events page (500 rows)
with reviewed values (the default) and with the machine's values (`machine=True`, which filters
the reviewer-changed events in Python).
"""

from __future__ import annotations

import argparse
import copy
import random
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from rasd.article import Article
from rasd.record import empty as empty_record
from rasd.store import Store, review

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TEXT = "قصفت طائرات حربية بلدة كفرنبل في ريف إدلب، ما أدى إلى مقتل ثلاثة مدنيين. " * 3


def record(article: Article, n: int) -> dict:
    """A record with `n` events (hand-built: the bench measures the store, not the analysis)."""
    places = [{"id": "p1", "start": 26, "end": 32, "text": "كفرنبل", "geonameid": 168661, "name": "Kafranbel",
               "name_ar": "كفرنبل", "lat": 35.61, "lon": 36.56, "country": "SY", "admin1": "Idlib", "feature": "PPL"}]
    events = [{"id": f"v{i + 1}", "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
               "date": "2019-08-18", "time_precision": 1, "location": {"place": "p1", "geo_precision": 1},
               "fatalities": 3, "evidence": [{"start": 80 * i, "end": 80 * i + 4}], "confidence": random.random(),
               "actor1": {"text": "طائرات حربية", "canonical": "Military Forces of Syria", "inter": 1}}
              for i in range(n)]
    return {**empty_record(article), "places": places, "events": events}


def pct(values: list[float], q: float) -> float:
    return sorted(values)[min(len(values) - 1, int(q * len(values)))] * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--events", type=int, default=3)
    ap.add_argument("--reviews", type=int, default=300)
    ap.add_argument("--pg", action="store_true", help="PostgreSQL (a fresh schema) instead of SQLite")
    args = ap.parse_args()
    random.seed(7)
    if args.pg:
        import sqlalchemy as sa

        schema = f"bench_review_{uuid.uuid4().hex[:8]}"
        engine = sa.create_engine(PG_URL)
        with engine.begin() as conn:
            conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
        url = f"{PG_URL}?options=-csearch_path%3D{schema}"
    else:
        url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='rasd-bench-review-')) / 'r.db'}"
    store = Store.open(url)
    records = {}
    t = time.perf_counter()
    for i in range(args.articles):
        article = Article.build(TEXT + f" ({i})", id=f"a{i}", title=f"t{i}", source=f"s{i % 7}",
                                published="2019-08-19")
        records[article.id] = (article, record(article, args.events))
        store.ingest(article, records[article.id][1])
    print(f"ingest: {args.articles} articles x {args.events} events in {time.perf_counter() - t:.1f} s")

    items, _ = review.queue(store, status=None, limit=None)
    picked = random.sample(items, min(args.reviews, len(items)))
    saves = []
    for k, it in enumerate(picked):
        t = time.perf_counter()
        if k % 5 == 0:
            review.save_event(store, it["pk"], user="bench", action="reject", version=0, comment="bench")
        else:
            review.save_event(store, it["pk"], user="bench", action="edit", version=0,
                              updates={"fatalities": 4 + k % 3, "injured": k % 4})
        saves.append(time.perf_counter() - t)
    print(f"review save: {len(saves)} saves, p50 {pct(saves, .5):.1f} ms, p95 {pct(saves, .95):.1f} ms")

    reviewed = sorted({it["article_id"] for it in picked})
    plain = [a for a in records if a not in set(reviewed)][: len(reviewed)]

    def reingest(ids: list[str]) -> float:
        t = time.perf_counter()
        for aid in ids:
            article, rec = records[aid]
            rec = copy.deepcopy(rec)
            rec["events"][0]["fatalities"] = 6  # a new analysis that counts differently
            store.ingest(article, rec)
        return (time.perf_counter() - t) / max(1, len(ids)) * 1000

    print(f"re-ingest: reviewed articles {reingest(reviewed):.2f} ms/article, "
          f"unreviewed {reingest(plain):.2f} ms/article ({len(reviewed)} each)")
    for machine in (False, True):
        times = []
        for _ in range(20):
            t = time.perf_counter()
            store.events(store.event_filter(machine=machine), limit=500)
            times.append(time.perf_counter() - t)
        print(f"events page (500 rows, machine={machine}): p50 {statistics.median(times) * 1000:.1f} ms")
    print(f"review counts: {review.counts(store)}")
    store.close()
    if args.pg:
        with engine.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))


if __name__ == "__main__":
    main()
