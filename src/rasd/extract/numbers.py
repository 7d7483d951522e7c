"""The `numbers` component: quantities in digits and words, approximations, percentages, units.

Runs after `times`, so digits that belong to a date ("عامي 2017 و2018", "19/8/2019") are not
counted twice. The span is the number with its approximator and percent words ("نحو مليون",
"50 بالمئة"); a unit noun after it ("كيلومترات", "دولار") fills `unit` without joining the span.
Casualties ("مقتل 3 مدنيين") are read from the quantities right after (`rasd.extract.casualties`).
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from rasd.extract import casualties
from rasd.extract.base import next_id, span_item, text_of
from rasd.extract.numwords import Number, Tok, match_seq, read_number, tokenize, units
from rasd.extract.spans import boilerplate


def find_numbers(text: str, taken: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """Quantity items (without ids) of a canonical text; `taken` spans (times) are skipped."""
    toks = tokenize(text)
    taken = sorted(taken)
    starts = [s for s, _ in taken]
    out: list[dict[str, Any]] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if _inside(tok.start, tok.end, taken, starts) or not (tok.is_digit or tok.key[:1].isalpha()):
            i += 1
            continue
        num = read_number(toks, i)
        if num is None or _inside(num.start, num.end, taken, starts) or _part_of_code(toks, num):
            i += 1
            continue
        unit = _unit(toks, num)
        out.append({"start": num.start, "end": num.end, "value": _clean(num.value), "approx": num.approx,
                    "unit": unit, "words": num.words, **({"bound": num.meaning} if num.meaning else {})})
        i = max(num.j, i + 1)
    return out


def _inside(start: int, end: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    k = bisect_right(starts, end) - 1
    while k >= 0:
        s, e = spans[k]
        if s < end and e > start:
            return True
        if e <= start and s < start - 200:
            break
        k -= 1
    return False


def _part_of_code(toks: list[Tok], num: Number) -> bool:
    """Digits glued to Latin letters or to other digits by ':' or '/' are codes, times, scores."""
    if num.words:
        return False
    before = toks[num.i - 1] if num.i > 0 else None
    after = toks[num.j] if num.j < len(toks) else None
    for t in (before, after):
        if t and t.text in (":", "/") and (t.end == toks[num.i].start or t.start == toks[num.j - 1].end):
            return True
    return False


def _unit(toks: list[Tok], num: Number) -> str | None:
    """The unit after the number; percent words (and a % before digits) extend the span."""
    if num.i > 0 and toks[num.i - 1].text == "%" and toks[num.i - 1].end == toks[num.i].start:
        num.start = toks[num.i - 1].start
        return "percent"
    if num.j >= len(toks):
        return None
    for seq, unit, in_span in units().get(toks[num.j].key, ()):
        end = match_seq(toks, num.j, seq)
        if end > 0:
            if in_span:
                num.end = toks[end - 1].end
                num.j = end
            return unit
    return None


def _clean(value: float) -> int | float:
    return int(value) if value == int(value) else round(value, 4)


@Language.component("rasd_numbers")
def numbers(doc: Doc) -> Doc:
    """Fill `doc._.quantities` (spec `quantities[]`) and `doc._.casualties` (internal)."""
    items: list[dict[str, Any]] = []
    counted: list[dict[str, Any]] = []
    # digits of a date are not quantities; the count of a duration or of "قبل ثلاثة أيام" is one,
    # marked with its time's id (`time`) so that casualties never read "قتل منذ ثلاثة أيام" as 3 killed
    times = doc._.times or []
    counted = sorted((t for t in times if t.get("type") == "DURATION" or t.get("lead") == "ago"),
                     key=lambda t: t["start"])
    ids = {id(t) for t in counted}
    taken = [(t["start"], t["end"]) for t in times if id(t) not in ids]
    found = find_numbers(text_of(doc), taken)  # doc.text rebuilds the string per access
    skip = boilerplate(doc)
    counted_starts = [t["start"] for t in counted]
    for q in found:
        if skip.overlaps(q["start"], q["end"]):
            continue
        k = bisect_right(counted_starts, q["start"]) - 1  # times do not overlap: only this one can hold q
        if k >= 0 and q["end"] <= counted[k]["end"]:
            q["time"] = counted[k]["id"]
        extra = {k: v for k, v in q.items() if k not in ("start", "end", "value", "approx", "unit", "words")}
        items.append(span_item(doc, q["start"], q["end"], id=next_id(items, "n"), value=q["value"],
                               approx=q["approx"], unit=q["unit"], **extra))
    doc._.quantities = items
    doc._.casualties = casualties.find(doc, items)  # a failure is recorded once, by rasd.pipeline
    return doc
