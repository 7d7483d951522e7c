"""ACLED CSV rows from `rasd.analysis/1` records: ACLED's columns in ACLED's order, then rasd's.

One row per event (summaries are left out: ACLED codes atomic events only). `notes` is a
one-sentence English summary built from the fields, as ACLED's coders write it.
"""

from __future__ import annotations

import csv
import datetime as dt
import time
from collections.abc import Iterable, Iterator
from functools import cache
from typing import IO, Any

from rasd.extract.events_lexicon import disorder_type, inter_of
from rasd.text.chars import has_arabic

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)
RASD_COLUMNS = ("injured", "article_id", "evidence", "confidence")
COLUMNS = ACLED_COLUMNS + RASD_COLUMNS

# ISO 3166 numeric code, ISO3 and ACLED region of the countries rasd's news cover.
COUNTRIES: dict[str, tuple[int, str, str]] = {
    "SY": (760, "SYR", "Middle East"), "IQ": (368, "IRQ", "Middle East"), "LB": (422, "LBN", "Middle East"),
    "JO": (400, "JOR", "Middle East"), "TR": (792, "TUR", "Middle East"), "IL": (376, "ISR", "Middle East"),
    "PS": (275, "PSE", "Middle East"), "YE": (887, "YEM", "Middle East"), "SA": (682, "SAU", "Middle East"),
    "IR": (364, "IRN", "Middle East"), "EG": (818, "EGY", "Northern Africa"), "LY": (434, "LBY", "Northern Africa"),
    "KW": (414, "KWT", "Middle East"), "BH": (48, "BHR", "Middle East"), "QA": (634, "QAT", "Middle East"),
    "AE": (784, "ARE", "Middle East"), "OM": (512, "OMN", "Middle East"), "TN": (788, "TUN", "Northern Africa"),
    "DZ": (12, "DZA", "Northern Africa"), "MA": (504, "MAR", "Northern Africa"), "SD": (729, "SDN", "Northern Africa"),
}
INTER_NAMES = {1: "State forces", 2: "Rebel group", 3: "Political militia", 4: "Identity militia",
               5: "Rioters", 6: "Protesters", 7: "Civilians", 8: "External/Other forces"}


@cache
def country_name(code: str) -> str:
    """English country name (CLDR via Babel); Turkey keeps ACLED's spelling."""
    if code == "TR":
        return "Turkey"
    try:
        from babel import Locale

        return str(Locale("en").territories.get(code, code))
    except Exception:  # Babel's data is optional here; the code is still a usable value
        return code


def rows(rec: dict[str, Any], *, now: int | None = None) -> Iterator[dict[str, Any]]:
    """The ACLED rows of one record."""
    doc = rec.get("doc") or {}
    places = {p.get("id"): p for p in rec.get("places") or [] if isinstance(p, dict)}
    text = rec.get("text") or ""
    stamp = int(time.time()) if now is None else now
    for ev in rec.get("events") or []:
        if isinstance(ev, dict) and not ev.get("summary"):
            yield event_row(ev, doc, places.get((ev.get("location") or {}).get("place"), {}), text, stamp)


def event_row(ev: dict[str, Any], doc: dict[str, Any], place: dict[str, Any], text: str, stamp: int) -> dict[str, Any]:
    """One ACLED row."""
    loc = ev.get("location") or {}
    cc = loc.get("country") or place.get("country") or ""
    iso, iso3, region = COUNTRIES.get(cc, (None, cc, ""))
    a1, i1 = _actor(ev.get("actor1"), cc)
    a2, i2 = _actor(ev.get("actor2"), cc)
    date = ev.get("date") or ""
    row = {
        "event_id_cnty": f"{iso3 or 'XXX'}-{doc.get('id')}-{ev.get('id')}",
        "event_date": date,
        "year": date[:4],
        "time_precision": ev.get("time_precision"),
        "disorder_type": disorder_type(ev.get("event_type") or "", ev.get("sub_event_type") or ""),
        "event_type": ev.get("event_type"),
        "sub_event_type": ev.get("sub_event_type"),
        "actor1": a1,
        "assoc_actor_1": "",
        "inter1": i1 or "",
        "actor2": a2,
        "assoc_actor_2": "",
        "inter2": i2 or "",
        "interaction": _interaction(i1, i2),
        "civilian_targeting": "Civilian targeting" if i2 == 7 else "",
        "iso": iso or "",
        "region": region,
        "country": country_name(cc) if cc else "",
        "admin1": loc.get("admin1") or place.get("admin1") or "",
        "admin2": place.get("admin2") or "",
        "admin3": place.get("admin3") or "",
        "location": loc.get("name") or place.get("name") or "",
        "latitude": loc.get("lat", place.get("lat")),
        "longitude": loc.get("lon", place.get("lon")),
        "geo_precision": loc.get("geo_precision"),
        "source": "; ".join(x for x in (doc.get("source"), (ev.get("source") or {}).get("text")) if x),
        "source_scale": "",
        "notes": notes(ev, a1, a2),
        "fatalities": ev.get("fatalities") or 0,
        "tags": "",
        "timestamp": stamp,
        "injured": ev.get("injured") if ev.get("injured") is not None else "",
        "article_id": doc.get("id"),
        "evidence": ";".join(f"{s['start']}-{s['end']}" for s in ev.get("evidence") or [] if isinstance(s, dict)),
        "confidence": ev.get("confidence"),
    }
    return row


def _actor(actor: Any, cc: str) -> tuple[str, int | None]:
    """(ACLED name, inter) of an event actor; civilians are written "Civilians (Country)" as ACLED does."""
    if not isinstance(actor, dict):
        return "", None
    name = actor.get("canonical") or actor.get("text") or ""
    inter = actor.get("inter")
    if not isinstance(inter, int):
        inter = inter_of(actor.get("text") or name)[0]
    if inter == 7 and (has_arabic(name) or name == "Civilians") and cc:
        name = f"Civilians ({country_name(cc)})"
    elif has_arabic(name) and actor.get("text"):
        name = actor["text"]
    return name, inter


def _interaction(i1: int | None, i2: int | None) -> int | str:
    """ACLED's interaction code: the two inter codes, smaller first (10, 12, 17 ...)."""
    if not i1 and not i2:
        return ""
    codes = sorted(c for c in (i1, i2) if c)
    return codes[0] * 10 + (codes[1] if len(codes) > 1 else 0)


# How a note says what happened, by sub-event type ({a} actor1, {b} " with/on actor2").
PHRASES = {
    "Armed clash": "{a} clashed{b}",
    "Air/drone strike": "{a} carried out an air/drone strike{b}",
    "Shelling/artillery/missile attack": "{a} shelled{b}",
    "Attack": "{a} attacked{b}",
    "Arrests": "{a} arrested{b}",
    "Abduction/forced disappearance": "{a} abducted{b}",
    "Peaceful protest": "{a} demonstrated",
    "Agreement": "{a} reached an agreement{b}",
}


def notes(ev: dict[str, Any], actor1: str, actor2: str) -> str:
    """A one-sentence English summary: "On 19 August 2019, X carried out an air/drone strike on Y near Z"."""
    date = _long_date(ev.get("date"), ev.get("time_precision"))
    loc = ev.get("location") or {}
    where = loc.get("name") or ""
    if where and loc.get("admin1") and loc["admin1"] != where:
        where = f"{where} ({loc['admin1']})"
    near = "near" if loc.get("geo_precision") in (2, 3) else "in"
    sub = ev.get("sub_event_type") or ev.get("event_type") or "event"
    linker = " with " if sub in ("Armed clash", "Agreement") else " on " if "strike" in sub else " "
    phrase = PHRASES.get(sub, "{a} were involved in an event coded " + sub.lower() + "{b}")
    sentence = phrase.format(a=actor1 or "unidentified actors", b=f"{linker}{actor2}" if actor2 else "")
    sentence = f"On {date}, {sentence}" if date else sentence[0].upper() + sentence[1:]
    if where:
        sentence += f" {near} {where}"
    figures = []
    if ev.get("fatalities") is not None:
        figures.append(f"{ev['fatalities']} fatalities")
    if ev.get("injured"):
        figures.append(f"{ev['injured']} injured")
    if figures:
        sentence += f" ({' and '.join(figures)})"
    src = (ev.get("source") or {}).get("text") if isinstance(ev.get("source"), dict) else None
    if src:
        sentence += f", according to {src}"
    return sentence + "."


def _long_date(value: str | None, precision: Any) -> str:
    if not value:
        return ""
    try:
        d = dt.date.fromisoformat(value[:10])
    except ValueError:
        return value
    text = f"{d.day} {d:%B %Y}"
    return f"around {text}" if precision == 2 else (f"{d:%B %Y}" if precision == 3 else text)


def write_csv(records: Iterable[dict[str, Any]], out: IO[str], *, now: int | None = None) -> int:
    """Write the ACLED CSV of records; returns the number of event rows."""
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), extrasaction="ignore")
    writer.writeheader()
    n = 0
    for rec in records:
        for row in rows(rec, now=now):
            writer.writerow(row)
            n += 1
    return n


__all__ = ["ACLED_COLUMNS", "COLUMNS", "RASD_COLUMNS", "event_row", "notes", "rows", "write_csv"]
