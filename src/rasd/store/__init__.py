"""The store: articles, their analyses and everything extracted, in SQLite or PostgreSQL.

The contract the web app, the CLI and batch runs use (implemented in `rasd.store.db`):

    store = Store.open(url=None)           # None -> $RASD_DB or sqlite:///./rasd.db; migrates
    store.ingest(article, record) -> "ingested" | "updated" | "unchanged"
    store.get_record(article_id) -> dict | None                 # the rasd.analysis/1 record
    store.list_articles(query=None, *, date_from=None, date_to=None, place=None, actor=None,
                        event_type=None, source=None, limit=20, offset=0) -> (items, total)
        items: [{"id", "title", "source", "published", "url", "snippet"?, "events": n, ...}]
    store.search(query, **same filters) -> (items, total)        # ranked, with snippets
    store.events(*, date_from=None, date_to=None, admin1=None, event_type=None, actor=None,
                 source=None, limit=500, offset=0, unit="incident") -> (items, total)
        items: event dicts (the record's event + article_id, lat, lon, admin1, location name)
    store.quotes(*, speaker=None, stance=None, source=None, limit=50, offset=0) -> (items, total)
    store.stats() -> {"articles", "events", "quotes", "places", "sources", ...}
    store.export(fmt, out, **filters)                            # jsonl | acled-csv | geojson | parquet

`rasd.store.db` also offers `store.get_article(id)` (metadata, pipeline version, near-duplicate
ids), `store.records(**filters)` (stream of records), `store.status_of(article)` ("unchanged"
when the text was already analysed by this pipeline version, so callers may skip the analysis),
`store.dedup()` (recompute near-duplicate article groups; `rasd ingest` runs it at the end), and
`store.fetch_state(url)` / `store.record_fetch(...)` for conditional GET.
Search items also carry `highlights`: [[start, end], ...] offsets of the hits inside `snippet`.
`store.events(...)` and exports count INCIDENTS by default (the reports of one event fused as each
article is stored, `rasd.store.incidents`; `unit="report"` for one row per reported event, each
carrying its `incident_id`); reviewers merge and split incidents with `rasd.store.incidents.merge`
and `split`.
"""

from typing import Any

__all__ = ["Store"]


def __getattr__(name: str) -> Any:
    """`Store` is loaded on first use, so the CLI (which imports rasd.store.commands) starts
    without SQLAlchemy -- a core install (no [store] extra) still analyses text."""
    if name == "Store":
        from rasd.store.db import Store

        return Store
    raise AttributeError(f"module 'rasd.store' has no attribute {name!r}")
