"""De-duplication: near-duplicate articles (MinHash LSH) and events reported by several articles.

Agency copies republished by several papers differ in a headline, a byline or a trimmed
paragraph; MinHash over 3-word shingles of the folded canonical text finds them
(datasketch LSH at Jaccard ≈ `ARTICLE_THRESHOLD`). Events from different articles are merged
when type, date, place (same gazetteer id or within `PLACE_KM`) and actors agree; each
report keeps its own figures, and the merged fatalities follow ACLED's conservative rule (the
lowest reported figure), with disagreement between sources flagged.

Both groupings are recomputed from the stored rows by `run` (cheap: one pass, blocked by
type and date), so they never drift from what is stored.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from datasketch import MinHash, MinHashLSH
from sqlalchemy import delete, select, update

from rasd.store.models import ArticleRow, Event, EventReport, MergedEvent, Source
from rasd.text.keys import loose_key

if TYPE_CHECKING:
    from rasd.store.db import Store

NUM_PERM = 64
SHINGLE = 3
SCHEME = "affine32"
ARTICLE_THRESHOLD = 0.6
PLACE_KM = 10.0
COARSE = 3  # ACLED geo_precision of a region or country
_WORD_RE = re.compile(r"[^\W_]+")


def shingles(canonical: str, k: int = SHINGLE) -> set[bytes]:
    """Word k-grams of the folded text (single words for very short texts)."""
    words = _WORD_RE.findall(loose_key(canonical))
    if len(words) < k:
        return {w.encode() for w in words}
    return {" ".join(words[i : i + k]).encode() for i in range(len(words) - k + 1)}


def signature(canonical: str) -> bytes | None:
    """The MinHash signature of a text, as bytes for the `articles.minhash` column."""
    grams = shingles(canonical)
    if not grams:
        return None
    mh = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
    mh.update_batch(list(grams))
    return mh.hashvalues.astype("<u8").tobytes()


def _minhash(blob: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=1, hashvalues=np.frombuffer(blob, dtype="<u8"), scheme=SCHEME)


def article_groups(sigs: dict[int, bytes], threshold: float = ARTICLE_THRESHOLD) -> dict[int, int]:
    """article pk -> group id (the smallest pk of its group), for articles with a near-duplicate."""
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    hashes = {pk: _minhash(blob) for pk, blob in sigs.items()}
    for pk, mh in hashes.items():
        lsh.insert(pk, mh)
    parent = {pk: pk for pk in hashes}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for pk, mh in hashes.items():
        for other in lsh.query(mh):
            if other != pk and mh.jaccard(hashes[other]) >= threshold:
                a, b = find(pk), find(other)
                parent[max(a, b)] = min(a, b)
    members: dict[int, list[int]] = defaultdict(list)
    for pk in hashes:
        members[find(pk)].append(pk)
    return {pk: min(group) for group in members.values() if len(group) > 1 for pk in group}


@dataclass
class Report:
    """One event as one article reports it (what merging compares)."""

    pk: int
    article_pk: int
    source: str | None
    event_type: str | None
    sub_event_type: str | None
    date: str | None
    actor1: str | None
    actor2: str | None
    geonameid: int | None
    lat: float | None
    lon: float | None
    admin1: str | None
    location: str | None
    fatalities: int | None
    injured: int | None
    confidence: float | None
    precision: int | None = None


@dataclass
class Cluster:
    reports: list[Report] = field(default_factory=list)

    @property
    def articles(self) -> set[int]:
        return {r.article_pk for r in self.reports}


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def same_place(a: Report, b: Report, tolerance_km: float = PLACE_KM) -> bool:
    """Same gazetteer entry, or both located within the tolerance."""
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return True
    if None not in (a.lat, a.lon, b.lat, b.lon):
        return km(a.lat, a.lon, b.lat, b.lon) <= tolerance_km  # type: ignore[arg-type]
    return False


def _actors_agree(a: Report, b: Report) -> bool:
    """No actor contradicts, and at least one is named the same by both reports."""
    pairs = ((a.actor1, b.actor1), (a.actor2, b.actor2))
    if any(x is not None and y is not None and x != y for x, y in pairs):
        return False
    return any(x is not None and x == y for x, y in pairs)


def same_event(a: Report, b: Report, tolerance_km: float = PLACE_KM) -> bool:
    """Two reports describe one event: type, date, a precise place and the actors agree.

    A coarse location (ACLED geo_precision 3: a region or a whole country) cannot tell two
    events apart, so reports located that coarsely are never merged.
    """
    return (
        a.article_pk != b.article_pk
        and a.event_type == b.event_type
        and a.date is not None
        and a.date == b.date
        and COARSE not in (a.precision, b.precision)
        and same_place(a, b, tolerance_km)
        and _actors_agree(a, b)
    )


def merge_events(reports: list[Report], tolerance_km: float = PLACE_KM) -> list[Cluster]:
    """Greedy clustering within (type, date) blocks; a cluster holds one report per article."""
    blocks: dict[tuple[Any, Any], list[Cluster]] = defaultdict(list)
    clusters: list[Cluster] = []
    for rep in sorted(reports, key=lambda r: (r.article_pk, r.pk)):
        block = blocks[(rep.event_type, rep.date)]
        home = None
        if rep.date is not None:
            home = next(
                (
                    c
                    for c in block
                    if rep.article_pk not in c.articles
                    and all(same_event(rep, other, tolerance_km) for other in c.reports)
                ),
                None,
            )
        if home is None:
            home = Cluster()
            block.append(home)
            clusters.append(home)
        home.reports.append(rep)
    return clusters


def merged_row(cluster: Cluster) -> dict[str, Any]:
    """The merged event: the most confident report's attributes, ACLED-conservative fatalities."""
    best = max(cluster.reports, key=lambda r: (r.confidence or 0.0, -r.pk))
    figures = [r.fatalities for r in cluster.reports if r.fatalities is not None]
    sources = {r.source or f"article:{r.article_pk}" for r in cluster.reports}
    return {
        "event_type": best.event_type,
        "sub_event_type": best.sub_event_type,
        "date": best.date,
        "actor1": next((r.actor1 for r in cluster.reports if r.actor1), None),
        "actor2": next((r.actor2 for r in cluster.reports if r.actor2), None),
        "location": best.location,
        "admin1": best.admin1,
        "lat": best.lat,
        "lon": best.lon,
        "fatalities": min(figures) if figures else None,
        "fatalities_max": max(figures) if figures else None,
        "disagreement": len(set(figures)) > 1,
        "n_articles": len(cluster.articles),
        "n_sources": len(sources),
    }


def _precision(data: Any) -> int | None:
    loc = data.get("location") if isinstance(data, dict) else None
    value = loc.get("geo_precision") if isinstance(loc, dict) else None
    return value if isinstance(value, int) else None


def run(store: Store, *, threshold: float = ARTICLE_THRESHOLD, tolerance_km: float = PLACE_KM) -> dict[str, int]:
    """Recompute near-duplicate groups and merged events for the whole store."""
    with store.session() as s:
        sigs = dict(s.execute(select(ArticleRow.pk, ArticleRow.minhash).where(ArticleRow.minhash.is_not(None))).all())
        groups = article_groups(sigs, threshold)
        s.execute(update(ArticleRow).where(ArticleRow.dup_group.is_not(None)).values(dup_group=None))
        if groups:
            s.execute(update(ArticleRow), [{"pk": pk, "dup_group": g} for pk, g in groups.items()])
    with store.session() as s:
        rows = s.execute(
            select(
                Event.pk,
                Event.article_pk,
                Source.name,
                Event.event_type,
                Event.sub_event_type,
                Event.date,
                Event.actor1_key,
                Event.actor2_key,
                Event.geonameid,
                Event.lat,
                Event.lon,
                Event.admin1,
                Event.location,
                Event.fatalities,
                Event.injured,
                Event.confidence,
                Event.data,
            )
            .join(ArticleRow, ArticleRow.pk == Event.article_pk)
            .outerjoin(Source, Source.pk == ArticleRow.source_pk)
        ).all()
        clusters = merge_events([Report(*r[:-1], precision=_precision(r[-1])) for r in rows], tolerance_km)
        s.execute(delete(EventReport))
        s.execute(update(Event).where(Event.merged_pk.is_not(None)).values(merged_pk=None))
        s.execute(delete(MergedEvent))
        links: list[dict[str, Any]] = []
        for cluster in clusters:
            merged = MergedEvent(**merged_row(cluster))
            s.add(merged)
            s.flush()
            for r in cluster.reports:
                links.append({"pk": r.pk, "merged_pk": merged.pk})
                s.add(
                    EventReport(
                        merged_pk=merged.pk,
                        event_pk=r.pk,
                        article_pk=r.article_pk,
                        source=r.source,
                        fatalities=r.fatalities,
                        injured=r.injured,
                    )
                )
        if links:
            s.execute(update(Event), links)
    n_groups = len(set(groups.values()))
    multi = [c for c in clusters if len(c.articles) > 1]
    return {
        "articles": len(sigs),
        "duplicate_groups": n_groups,
        "duplicate_articles": len(groups),
        "events": len(rows),
        "merged_events": len(clusters),
        "multi_source_events": len(multi),
        "fatality_disagreements": sum(1 for c in multi if merged_row(c)["disagreement"]),
    }
