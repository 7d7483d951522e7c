"""Bring stale analyses up to date: re-analyse every stored article whose analysis was made by
another pipeline fingerprint (`rasd.fingerprint`: version, model, lexicon, gazetteer).

The stored article is analysed again exactly as it was ingested (text, title, source, URL, date,
ingest warnings), one article per transaction, so a run stopped at any point is resumed by running
it again: finished articles carry the current fingerprint and are not selected twice. What the
store keeps beside the analysis survives: the article row and its id, when each event was first
stored (ACLED's `timestamp`); near-duplicate groups are recomputed at the end
(incidents are re-fused as each article is stored again; reviewers' merges and splits stay).
A re-run with nothing stale does nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rasd.errors import RasdError
from rasd.fingerprint import fingerprint

if TYPE_CHECKING:
    from rasd.store.db import Store


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
        limit: int | None = None) -> Result:
    """Re-analyse the stale articles (at most `limit`); `progress` is a rich Progress or None."""
    current = fingerprint()
    result = Result(stale=store.stale(current))
    if not result.stale:
        return result
    if pipeline is None:
        from rasd.pipeline import shared

        pipeline = shared()
    todo = min(result.stale, limit) if limit is not None else result.stale
    task = progress.add_task("reanalyze", total=todo) if progress is not None else None
    after, done = 0, 0
    while done < todo:
        page = store.stale_articles(current, after=after, limit=min(batch, todo - done))
        if not page:
            break
        for (pk, article), record in zip(page, pipeline.analyze_many(a for _, a in page), strict=True):
            after, done = pk, done + 1
            if isinstance(record, RasdError):
                result.failed += 1
                result.failures.append(record.message)
            else:
                status = store.ingest(article, record)
                if status == "unchanged":
                    result.refreshed += 1
                else:
                    result.updated += 1
            if progress is not None:
                progress.advance(task)
    if result.updated:
        store.dedup()
    return result
