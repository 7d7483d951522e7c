"""De-duplication of articles: near-duplicates (MinHash LSH).

Agency copies republished by several papers differ in a headline, a byline or a trimmed
paragraph; MinHash over 3-word shingles of the folded canonical text finds them
(datasketch LSH at Jaccard ≈ `ARTICLE_THRESHOLD`). The groups are recomputed from the stored
signatures by `run`, so they never drift from what is stored.

Events reported by several articles are no longer merged here: they are fused into incidents as
each article is stored (`rasd.store.incidents`, rules in `rasd.store.fusion`); `run` reports
their counts.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import TYPE_CHECKING

import numpy as np
from datasketch import MinHash, MinHashLSH
from sqlalchemy import select, update

from rasd.store import incidents
from rasd.store.models import ArticleRow
from rasd.text.keys import loose_key

if TYPE_CHECKING:
    from rasd.store.db import Store

NUM_PERM = 64
SHINGLE = 3
SCHEME = "affine32"
ARTICLE_THRESHOLD = 0.6
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


def run(store: Store, *, threshold: float = ARTICLE_THRESHOLD) -> dict[str, int]:
    """Recompute the near-duplicate groups; count the incidents (kept up to date on ingest)."""
    with store.session() as s:
        sigs = dict(s.execute(select(ArticleRow.pk, ArticleRow.minhash).where(ArticleRow.minhash.is_not(None))).all())
        groups = article_groups(sigs, threshold)
        s.execute(update(ArticleRow).where(ArticleRow.dup_group.is_not(None)).values(dup_group=None))
        if groups:
            s.execute(update(ArticleRow), [{"pk": pk, "dup_group": g} for pk, g in groups.items()])
    n_groups = len(set(groups.values()))
    fused = incidents.counts(store)
    return {
        "articles": len(sigs),
        "duplicate_groups": n_groups,
        "duplicate_articles": len(groups),
        "events": fused["reports"],
        "incidents": fused["incidents"],
        "multi_source_events": fused["multi_report_incidents"],
        "fatality_disagreements": fused["disputed_incidents"],
    }
