"""The `numbers` reader on the hand-written set `tests/data/numbers_ar.tsv` (times run first,
as in the pipeline, so dates are not counted as quantities)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from rasd.extract.numbers import find_numbers
from rasd.extract.times import find_times
from rasd.lexicon import load_table, variants
from rasd.text.clean import clean

DATA = Path(__file__).parent / "data" / "numbers_ar.tsv"


def load_rows() -> list[dict[str, str]]:
    lines = [ln for ln in DATA.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


ROWS = load_rows()


def quantities(sentence: str) -> list[tuple[str, float, bool, str | None]]:
    text = clean(sentence).text
    taken = [(h.start, h.end) for h in find_times(text, None)]
    return [(text[q["start"] : q["end"]], q["value"], q["approx"], q["unit"]) for q in find_numbers(text, taken)]


def test_set_is_large_enough():
    assert sum(1 for r in ROWS if r["span"] != "-") >= 150


@pytest.mark.parametrize("row", [r for r in ROWS if r["span"] != "-"], ids=lambda r: r["span"])
def test_number(row):
    found = quantities(row["sentence"])
    span = clean(row["span"]).text
    match = [q for q in found if q[0] == span]
    assert match, f"{span!r} expected as a span; got {found}"
    text, value, approx, unit = match[0]
    assert abs(value - float(row["value"])) < 1e-3, (text, value)
    assert approx == (row["approx"] == "1"), (text, approx)
    assert unit == (None if row["unit"] == "-" else row["unit"]), (text, unit)


@pytest.mark.parametrize("row", [r for r in ROWS if r["span"] == "-"], ids=lambda r: r["sentence"][:30])
def test_dates_are_not_quantities(row):
    assert quantities(row["sentence"]) == []


@pytest.mark.parametrize("row", load_table("number_words"), ids=lambda r: r["forms"].split("|")[0] + r["kind"])
def test_table_rows_read(row):
    """Every cardinal form of the table reads as its value on its own (ordinals belong to dates)."""
    if row["kind"] in ("ordinal", "ordinal_one", "teen", "teen_one"):
        pytest.skip("read only inside a compound or a date")
    for form in variants(row["forms"]):
        found = quantities(f"قال إن {form} وصلوا")
        assert found and abs(found[0][1] - float(row["value"])) < 1e-3, (form, found)


@pytest.mark.parametrize("text", ["", "   ", "abc 12 def", "٠٠٠", "،،،", "و" * 500, "1" * 400, "\u200f\ufeff"])
def test_odd_text_never_crashes(text):
    quantities(text)
    find_times(clean(text).text if text.strip() else text, None)
