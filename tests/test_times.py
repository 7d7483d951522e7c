"""The `times` component on the hand-written expression set `tests/data/times_ar.tsv`.

Each row is one expected item (span and ISO value, resolved against the row's publication date);
rows with span "-" must yield no dated item at all (precision: things that are not dates).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from rasd.extract.times import find_times
from rasd.text.clean import clean
from rasd.text.keys import canonical_key

DATA = Path(__file__).parent / "data" / "times_ar.tsv"


def load_rows() -> list[dict[str, str]]:
    lines = [ln for ln in DATA.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


ROWS = load_rows()


def published(row: dict[str, str]) -> dt.date | None:
    return None if row["published"] == "-" else dt.date.fromisoformat(row["published"])


def related(a: str, b: str) -> bool:
    """The scorer's notion: one folded span contains the other."""
    a, b = canonical_key(a).replace("ـ", ""), canonical_key(b).replace("ـ", "")
    return a in b or b in a


def items(sentence: str, pub: dt.date | None) -> list[tuple[str, str | None, str]]:
    text = clean(sentence).text
    return [(text[h.start : h.end], h.value, h.type) for h in find_times(text, pub)]


def test_set_is_large_enough():
    assert sum(1 for r in ROWS if r["span"] != "-") >= 250


@pytest.mark.parametrize("row", [r for r in ROWS if r["span"] != "-"], ids=lambda r: r["span"])
def test_expression_value(row):
    found = items(row["sentence"], published(row))
    want = None if row["value"] == "null" else row["value"]
    hits = [f for f in found if related(f[0], clean(row["span"]).text) and f[1] == want]
    assert hits, f"{row['span']!r} -> {want}; got {found}"
    assert any(h[2] == row["type"] for h in hits), f"type {row['type']} expected; got {hits}"


@pytest.mark.parametrize("row", [r for r in ROWS if r["span"] == "-"], ids=lambda r: r["sentence"][:30])
def test_not_a_date(row):
    found = [f for f in items(row["sentence"], published(row)) if f[1] is not None]
    assert not found, f"no date expected in {row['sentence']!r}; got {found}"
