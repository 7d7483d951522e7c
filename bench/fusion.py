"""Incident fusion cost per new article in a store that already holds many (default 30,000 articles).

    python bench/fusion.py                       # SQLite in a temporary folder, 30,000 articles stored
    python bench/fusion.py --articles 100000 --db postgresql+psycopg://postgres@127.0.0.1/test

The stored articles are synthesised (their rows written in bulk, ~3.5 events each, over one year,
six countries, 400 places, every ACLED type), then fused once (`rasd incidents rebuild`: the
full re-fusion cost). New articles are then stored one by one through `Store.ingest` (the real
path, fusion hook included), with reports of incidents already stored; printed: ms per article
for the whole ingest and for the fusion hook alone (`incidents.on_article_written`), and the
same ingest with the hook switched off, for comparison.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import tempfile
import time
from typing import Any

from sqlalchemy import insert

from rasd.article import Article
from rasd.record import empty as empty_record
from rasd.rows import as_dict, event_rows
from rasd.store import Store, incidents
from rasd.store.db import _event_model
from rasd.store.models import ArticleRow, Event, Source

COUNTRIES = [("SY", "Syria"), ("IQ", "Iraq"), ("YE", "Yemen"), ("LY", "Libya"), ("TR", "Turkey"), ("LB", "Lebanon")]
TYPES = [("Battles", "Armed clash"), ("Explosions/Remote violence", "Air/drone strike"),
         ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         ("Explosions/Remote violence", "Suicide bomb"), ("Violence against civilians", "Attack"),
         ("Protests", "Peaceful protest"), ("Strategic developments", "Arrests")]
ACTORS = ["Military Forces of Syria", "Islamic State", "Hezbollah", "Jabhat al Nusra", "Houthis", None]
START = dt.date(2015, 1, 1)


def places(rng: random.Random, n: int = 400) -> list[dict[str, Any]]:
    out = []
    for i in range(n):
        cc, _ = COUNTRIES[i % len(COUNTRIES)]
        out.append({"id": "p1", "start": 0, "end": 1, "text": f"مكان{i}", "geonameid": 900000 + i,
                    "name": f"Place {i}", "name_ar": f"مكان{i}", "lat": 30 + rng.random() * 8,
                    "lon": 35 + rng.random() * 10, "country": cc, "admin1": f"Province {cc} {i % 12}",
                    "feature": "PPL", "score": 0.9})
    return out


def record(aid: str, source: str, published: dt.date, rng: random.Random, pool: list[dict]) -> tuple[Article, dict]:
    a = Article.build(f"خبر {aid}", id=aid, source=source, url=f"https://{source}.example/{aid}",
                      published=published.isoformat())
    place = rng.choice(pool)
    events = []
    for k in range(rng.choice([2, 3, 4, 5])):
        etype, sub = rng.choice(TYPES)
        actor = rng.choice(ACTORS)
        day = published - dt.timedelta(days=rng.choice([0, 1, 1, 2]))
        events.append({"id": f"v{k + 1}", "event_type": etype, "sub_event_type": sub, "date": day.isoformat(),
                       "time_precision": 1, "actor1": {"text": actor, "canonical": actor} if actor else None,
                       "actor2": None, "location": {"place": "p1", "geo_precision": 1},
                       "fatalities": rng.choice([None, 1, 2, 5]), "injured": None, "source": None,
                       "evidence": [{"start": 0, "end": 1}], "confidence": 0.8})
    return a, {**empty_record(a), "places": [place], "events": events}


def synthesise(store: Store, n: int, rng: random.Random, pool: list[dict], batch: int = 2000) -> int:
    """n articles and their events written in bulk (no analysis, no per-article fusion)."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with store.session() as s:
        s.execute(insert(Source), [{"name": f"outlet{i}"} for i in range(12)])
    events = 0
    for first in range(0, n, batch):
        arts, evs = [], []
        for i in range(first, min(n, first + batch)):
            published = START + dt.timedelta(days=rng.randrange(365))
            a, rec = record(f"syn-{i}", f"outlet{i % 12}", published, rng, pool)
            arts.append({"pk": i + 1, "id": a.id, "url": a.url, "content_hash": f"{i:064d}", "title": None,
                         "source_pk": i % 12 + 1, "published": published, "text": a.text, "canonical": a.text,
                         "search_text": a.text, "meta": {}, "ingested_at": now, "updated_at": now})
            for r in event_rows(rec):
                m = _event_model(i + 1, r, {})
                evs.append({c.name: getattr(m, c.name) for c in Event.__table__.columns if c.name != "pk"}
                           | {"row": as_dict(r)})
        with store.session() as s:
            s.execute(insert(ArticleRow), arts)
            s.execute(insert(Event), evs)
        events += len(evs)
    return events


def ingest(store: Store, n: int, rng: random.Random, pool: list[dict], tag: str) -> tuple[list[float], list[float]]:
    hook_times: list[float] = []
    original = incidents.on_article_written

    def timed(*args: Any, **kw: Any) -> None:
        t = time.perf_counter()
        original(*args, **kw)
        hook_times.append(time.perf_counter() - t)

    incidents.on_article_written = timed  # type: ignore[assignment]
    totals = []
    try:
        for i in range(n):
            a, rec = record(f"new-{tag}-{i}", f"outlet{i % 12}", START + dt.timedelta(days=rng.randrange(365)),
                            rng, pool)
            t = time.perf_counter()
            store.ingest(a, rec, version="rasd-0.1.0")
            totals.append(time.perf_counter() - t)
    finally:
        incidents.on_article_written = original  # type: ignore[assignment]
    return totals, hook_times


def ms(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1000:.1f} ms, mean {statistics.fmean(values) * 1000:.1f} ms"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=30000)
    ap.add_argument("--new", type=int, default=60)
    ap.add_argument("--db", help="database URL (default: a SQLite file in a temporary folder)")
    args = ap.parse_args()
    os.environ.setdefault("RASD_SQLITE_SYNC", "normal")
    rng = random.Random(22)
    pool = places(rng)
    with tempfile.TemporaryDirectory(prefix="rasd-bench-fusion-") as tmp:
        store = Store.open(args.db or f"sqlite:///{tmp}/bench.db")
        t = time.perf_counter()
        n_events = synthesise(store, args.articles, rng, pool)
        print(f"stored {args.articles} articles, {n_events} events in bulk: {time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        counts = incidents.rebuild(store)
        took = time.perf_counter() - t
        print(f"full re-fusion (rasd incidents rebuild): {took:.1f} s, {counts['incidents']} incidents "
              f"({counts['multi_report_incidents']} of several reports), {n_events / took:.0f} events/s")
        totals, hooks = ingest(store, args.new, rng, pool, "a")
        print(f"new article, ingest with fusion ({args.new} articles): {ms(totals)}")
        print(f"  of which the fusion hook:                 {ms(hooks)}")
        original = incidents.on_article_written
        incidents.on_article_written = lambda *a, **k: None  # type: ignore[assignment]
        try:
            bare, _ = ingest(store, args.new, rng, pool, "b")
        finally:
            incidents.on_article_written = original  # type: ignore[assignment]
        print(f"new article, ingest without fusion:        {ms(bare)}")
        store.close()


if __name__ == "__main__":
    main()
