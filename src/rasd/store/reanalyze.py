"""Bring stale analyses up to date: re-analyse every stored article whose analysis was made by
another pipeline fingerprint (`rasd.fingerprint`: version, model, lexicon, gazetteer).

The stored article is analysed again exactly as it was ingested (text, title, source, URL, date,
ingest warnings), one article per transaction, so a run stopped at any point is resumed by running
it again: finished articles carry the current fingerprint and are not selected twice. What the
store keeps beside the analysis survives: the article row and its id, when each event was first
stored (ACLED's `timestamp`); near-duplicate groups are recomputed at the end
(incidents are re-fused as each article is stored again; reviewers' merges and splits stay).
A re-run with nothing stale does nothing.

With a Dask client (`rasd reanalyze --dask`, `--scheduler`) the pages are analysed on the
cluster's workers (`rasd.batch.worker.analyse_articles`, the pipeline loaded once per worker, a
few pages in flight per worker) and stored here, by this process alone, as they come back in
order: the same transactions, so the same resumability and the same care for what users added.
A worker whose pipeline fingerprint differs from this process's (another rasd or other data) is
refused: its records would be stored as up to date.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rasd.errors import RasdError
from rasd.fingerprint import fingerprint

if TYPE_CHECKING:
    from rasd.article import Article
    from rasd.store.db import Store

Page = list[tuple[int, "Article"]]
PAGES_PER_WORKER = 2  # pages in flight per Dask worker: one analysed, one waiting


@dataclass
class Result:
    """What a run did: `updated` (the record changed), `refreshed` (same record, fingerprint
    brought up to date), `failed` (left stale, with the reasons)."""

    stale: int = 0
    updated: int = 0
    refreshed: int = 0
    failed: int = 0
    failures: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"stale": self.stale, "updated": self.updated, "refreshed": self.refreshed, "failed": self.failed}


def run(store: Store, *, pipeline: Any = None, progress: Any = None, batch: int = 50,
        limit: int | None = None, client: Any = None) -> Result:
    """Re-analyse the stale articles (at most `limit`); `progress` is a rich Progress or None;
    `client` a `distributed.Client` to analyse on (else `pipeline`, by default the shared one)."""
    current = fingerprint()
    result = Result(stale=store.stale(current))
    if not result.stale:
        return result
    todo = min(result.stale, limit) if limit is not None else result.stale
    task = progress.add_task("reanalyze", total=todo) if progress is not None else None
    pages = _stale_pages(store, current, todo, batch)
    analysed = _on_dask(client, pages, current) if client is not None else _here(pipeline, pages)
    for article, record in analysed:
        if isinstance(record, RasdError):
            result.failed += 1
            result.failures.append(record.message)
        elif store.ingest(article, record) == "unchanged":
            result.refreshed += 1
        else:
            result.updated += 1
        if progress is not None:
            progress.advance(task)
    if result.updated:
        store.dedup()
    return result


def _stale_pages(store: Store, current: str, todo: int, batch: int) -> Iterator[Page]:
    """Pages of stale (pk, article), oldest first, `todo` articles in all."""
    after, done = 0, 0
    while done < todo:
        page = store.stale_articles(current, after=after, limit=min(batch, todo - done))
        if not page:
            return
        after, done = page[-1][0], done + len(page)
        yield page


def _here(pipeline: Any, pages: Iterator[Page]) -> Iterator[tuple[Article, Any]]:
    if pipeline is None:
        from rasd.pipeline import shared

        pipeline = shared()
    for page in pages:
        yield from zip((a for _, a in page), pipeline.analyze_many(a for _, a in page), strict=True)


def _on_dask(client: Any, pages: Iterator[Page], current: str) -> Iterator[tuple[Article, Any]]:
    """(article, record or RasdError) in page order, pages analysed on the cluster."""
    from rasd.batch.worker import analyse_articles

    window = PAGES_PER_WORKER * max(1, len(client.scheduler_info().get("workers") or {}))
    flight: deque[tuple[Page, Any]] = deque()
    for page in pages:
        flight.append((page, client.submit(analyse_articles, [a for _, a in page], pure=False, retries=1)))
        while len(flight) >= window:
            yield from _landed(*flight.popleft(), current)
    while flight:
        yield from _landed(*flight.popleft(), current)


def _landed(page: Page, future: Any, current: str) -> Iterator[tuple[Article, Any]]:
    articles = [a for _, a in page]
    try:
        answer = future.result()
    except Exception as exc:  # the task failed twice (workers lost): the page stays stale, named
        for article in articles:
            yield article, RasdError("E009", f"Dask task failed: {type(exc).__name__}: {str(exc)[:200]}",
                                     where=article.id)
        return
    finally:
        future.release()
    if answer["fingerprint"] != current:
        raise RasdError("E013", f"the Dask workers run another rasd or other data (fingerprint "
                                f"{answer['fingerprint'][:12]}, here {current[:12]}): install the same on them")
    for article, res in zip(articles, answer["results"], strict=True):
        yield article, (RasdError(res[0], res[1], where=res[2]) if isinstance(res, list) else res)
