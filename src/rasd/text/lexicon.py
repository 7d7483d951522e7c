"""The news word lexicon: how often each word form occurs in a large Arabic news corpus.

Built by `scripts/build_lexicon.py` (`make lexicon`) from SaudiNewsNet and shipped as a small
gzipped table. Cleaning asks it whether a joined word is real (`الإرهابيين`) while its parts are
not; clitic analysis asks it whether a stem exists (so `وزارة` is not split into و + زارة).
"""

from __future__ import annotations

import gzip
from functools import cache
from importlib import resources

from rasd.text.keys import loose_key

MIN_COUNT = 3
PREFIXES = ("وبال", "وال", "فال", "بال", "كال", "ولل", "لل", "ال", "وب", "ول", "وك", "فب", "و", "ف", "ب", "ل", "ك")


@cache
def counts() -> dict[str, int]:
    """Folded word form -> corpus frequency (empty when the table has not been built)."""
    path = resources.files("rasd") / "data" / "wordfreq.tsv.gz"
    if not path.is_file():
        return {}
    table: dict[str, int] = {}
    with gzip.open(str(path), "rt", encoding="utf-8") as fh:
        for line in fh:
            word, _, n = line.rstrip("\n").partition("\t")
            table[word] = int(n)
    return table


def count(word: str) -> int:
    """Corpus frequency of the exact (folded) form."""
    return counts().get(loose_key(word), 0)


def is_known(word: str, min_count: int = MIN_COUNT) -> bool:
    """True when the form, or its stem after one clitic prefix, is a frequent news word."""
    if count(word) >= min_count:
        return True
    for prefix in PREFIXES:
        stem = word[len(prefix):]
        if word.startswith(prefix) and len(stem) >= 3 and count(stem) >= min_count:
            return True
    return False
