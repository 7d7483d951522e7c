"""The flat rows every output is made of, defined once: events (ACLED's columns, then rasd's),
articles, places and quotes.

Each row is a dataclass whose fields carry their type and a description; the store, the exports
(CSV, GeoJSON, GeoParquet), the batch tables, the API and the data dictionary all use these
classes, and `event_rows(record)` is the one function that turns a `rasd.analysis/1` record's
events into rows. Fields the extractors may add later (`admin2`, `admin3`, `pcode`,
`geo_precision`, `time_precision`, `background`, a speaker's `name`) are read with `.get` and
carried through when present.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from rasd import admin, taxonomy
from rasd.text.chars import has_arabic

STRING, INTEGER, NUMBER, BOOLEAN = "string", "integer", "number", "boolean"


def col(kind: str, doc: str, default: Any = None) -> Any:
    """A row field with its data-dictionary type and description."""
    return field(default=default, metadata={"type": kind, "doc": doc})


@dataclass(slots=True)
class EventRow:
    """One atomic event as ACLED codes it (ACLED's 31 columns in ACLED's order), then rasd's own."""

    event_id_cnty: str | None = col(STRING, "Event id: ISO3 country code, article id and event id (ACLED's key).")
    event_date: str | None = col(STRING, "Day of the event, YYYY-MM-DD; its uncertainty is in time_precision.")
    year: int | None = col(INTEGER, "Year of event_date.")
    time_precision: int | None = col(
        INTEGER, "1 = the day is known; 2 = within a week (a week or a day 'around'); 3 = only the month, "
        "season or year is known (event_date is its first day) or the date was not reported (publication date).")
    disorder_type: str | None = col(STRING, "ACLED disorder type of the sub-event type.")
    event_type: str | None = col(STRING, "ACLED event type (one of six).")
    sub_event_type: str | None = col(STRING, "ACLED sub-event type (one of 25).")
    actor1: str | None = col(STRING, "Main actor (ACLED name); 'Unidentified Armed Group (Country)', "
                             "'Protesters (Country)' or 'Rioters (Country)' when the report names none.")
    assoc_actor_1: str | None = col(STRING, "Actors associated with actor1, ';'-separated.")
    inter1: int | None = col(INTEGER, "ACLED inter code of actor1 (1 state forces ... 8 external/other).")
    actor2: str | None = col(STRING, "Second actor (target or opponent), ACLED name.")
    assoc_actor_2: str | None = col(STRING, "Actors associated with actor2, ';'-separated.")
    inter2: int | None = col(INTEGER, "ACLED inter code of actor2.")
    interaction: int | None = col(INTEGER, "The two inter codes, smaller first (e.g. 12, 17).")
    civilian_targeting: str | None = col(STRING, "'Civilian targeting' when civilians are the target.")
    iso: int | None = col(INTEGER, "ISO 3166 numeric code of the country (e.g. 760 for Syria).")
    region: str | None = col(STRING, "ACLED region of the country.")
    country: str | None = col(STRING, "Country (English name).")
    admin1: str | None = col(STRING, "First-level division (governorate, wilaya, province), English name.")
    admin2: str | None = col(STRING, "Second-level division (district), when known.")
    admin3: str | None = col(STRING, "Third-level division (sub-district), when known.")
    location: str | None = col(STRING, "Name of the location (English).")
    latitude: float | None = col(NUMBER, "Latitude (WGS84); empty when only the country is known.")
    longitude: float | None = col(NUMBER, "Longitude (WGS84); empty when only the country is known.")
    geo_precision: int | None = col(INTEGER, "1 = the town itself; 2 = near a town or a part of a region; "
                                    "3 = a larger region (its capital's coordinates).")
    source: str | None = col(STRING, "The outlet that published the report (the article's source).")
    source_scale: str | None = col(STRING, "ACLED source scale (empty: rasd does not classify outlets).")
    notes: str | None = col(STRING, "One English sentence summarising the event, built from the fields.")
    fatalities: int | None = col(INTEGER, "Reported deaths (0 when none reported, as ACLED; see fatalities_known).")
    tags: str | None = col(STRING, "ACLED-style tags, ';'-separated (e.g. date or location caveats).")
    timestamp: int | None = col(INTEGER, "When the event was first stored (Unix seconds); empty outside a database.")
    # rasd's own columns
    event_id: str | None = col(STRING, "Id of the event in its article's record (v1, v2, ...).")
    article_id: str | None = col(STRING, "Id of the article that reports the event.")
    url: str | None = col(STRING, "URL of the article.")
    published: str | None = col(STRING, "Publication date of the article, YYYY-MM-DD.")
    date_text: str | None = col(STRING, "The event's date as the record gives it (e.g. 2015-06, 2015-W30).")
    country_code: str | None = col(STRING, "ISO 3166 alpha-2 code of the country.")
    admin1_pcode: str | None = col(STRING, "OCHA P-code of admin1, where known.")
    admin2_pcode: str | None = col(STRING, "OCHA P-code of admin2, where known.")
    admin3_pcode: str | None = col(STRING, "OCHA P-code of admin3, where known.")
    location_pcode: str | None = col(STRING, "OCHA P-code of the location, where known.")
    location_ar: str | None = col(STRING, "Arabic name of the location.")
    geonameid: int | None = col(INTEGER, "GeoNames id of the location.")
    actor1_text: str | None = col(STRING, "actor1 as the article writes it (Arabic).")
    actor2_text: str | None = col(STRING, "actor2 as the article writes it (Arabic).")
    reported_by: str | None = col(STRING, "Who the article cites for the event (in-text source), as written.")
    fatalities_known: bool = col(BOOLEAN, "True when the article gives a death toll (fatalities is then that toll).",
                                 False)
    injured: int | None = col(INTEGER, "Reported injured; empty when not reported.")
    background: bool = col(BOOLEAN, "True for an event explicitly older than the report (context, not news); "
                           "left out of exports and the map unless asked for.", False)
    evidence: str | None = col(STRING, "Character spans of the evidence in the article text, 'start-end;...'.")
    confidence: float | None = col(NUMBER, "rasd's confidence in the event, 0..1.")
    incident_id: str | None = col(STRING, "event_id_cnty of the incident the event belongs to (the same "
                                  "incident reported by several articles, fused by rasd.store.fusion).")
    reports: int | None = col(INTEGER, "How many reported events the incident fuses (1: reported once).")
    articles: int | None = col(INTEGER, "How many articles report the incident.")
    source_count: int | None = col(INTEGER, "How many outlets report the incident.")
    fatalities_disputed: bool | None = col(BOOLEAN, "True when the reports of the incident give different tolls.")
    fatalities_reported: str | None = col(STRING, "Every toll reported for the incident with its outlet, "
                                          "'27 (okaz); 30 (alriyadh)'.")
    first_reported: str | None = col(STRING, "Earliest publication date of a report of the incident, YYYY-MM-DD.")
    review_status: str = col(STRING, "unreviewed | confirmed (a reviewer checked the machine's values) | edited "
                             "(a reviewer corrected some) | rejected (not an event; left out unless asked for).",
                             "unreviewed")


@dataclass(slots=True)
class ArticleRow:
    """One analysed article."""

    article_id: str | None = col(STRING, "Article id.")
    title: str | None = col(STRING, "Title.")
    source: str | None = col(STRING, "Outlet (the paper or site).")
    url: str | None = col(STRING, "URL.")
    published: str | None = col(STRING, "Publication date, YYYY-MM-DD.")
    language: str | None = col(STRING, "Language code.")
    chars: int | None = col(INTEGER, "Length of the text in characters.")
    sentences: int | None = col(INTEGER, "Number of sentences.")
    entities: int | None = col(INTEGER, "Number of entities.")
    times: int | None = col(INTEGER, "Number of time expressions.")
    quantities: int | None = col(INTEGER, "Number of quantities.")
    places: int | None = col(INTEGER, "Number of places.")
    quotes: int | None = col(INTEGER, "Number of quotes.")
    events: int | None = col(INTEGER, "Number of events.")
    warnings: list[str] | None = col("array", "Warnings of the analysis (code: component: message).")  # noqa: RUF009


@dataclass(slots=True)
class PlaceRow:
    """One place mention, resolved to the gazetteer when possible."""

    article_id: str | None = col(STRING, "Article id.")
    id: str | None = col(STRING, "Place id in the record (p1, p2, ...).")
    start: int | None = col(INTEGER, "Start offset in the article text.")
    end: int | None = col(INTEGER, "End offset in the article text.")
    text: str | None = col(STRING, "The mention as written.")
    geonameid: int | None = col(INTEGER, "GeoNames id.")
    name: str | None = col(STRING, "English name.")
    name_ar: str | None = col(STRING, "Arabic name.")
    lat: float | None = col(NUMBER, "Latitude.")
    lon: float | None = col(NUMBER, "Longitude.")
    country: str | None = col(STRING, "ISO alpha-2 country code.")
    admin1: str | None = col(STRING, "First-level division.")
    admin2: str | None = col(STRING, "Second-level division.")
    admin3: str | None = col(STRING, "Third-level division.")
    pcode: str | None = col(STRING, "OCHA P-code, where known.")
    feature: str | None = col(STRING, "GeoNames feature code.")
    score: float | None = col(NUMBER, "Resolution score.")
    geo_precision: int | None = col(INTEGER, "ACLED geo precision of the mention.")


@dataclass(slots=True)
class QuoteRow:
    """One quote or reported statement."""

    article_id: str | None = col(STRING, "Article id.")
    id: str | None = col(STRING, "Quote id in the record.")
    kind: str | None = col(STRING, "direct | indirect | ...")
    start: int | None = col(INTEGER, "Start offset.")
    end: int | None = col(INTEGER, "End offset.")
    text: str | None = col(STRING, "The quoted text.")
    speaker: str | None = col(STRING, "Speaker as written.")
    speaker_name: str | None = col(STRING, "Speaker's name, when the extractor separates it from the title.")
    speaker_canonical: str | None = col(STRING, "Speaker's canonical name.")
    speaker_entity: str | None = col(STRING, "Entity id of the speaker.")
    speaker_start: int | None = col(INTEGER, "Speaker start offset.")
    speaker_end: int | None = col(INTEGER, "Speaker end offset.")
    cue: str | None = col(STRING, "Reporting verb or cue.")
    cue_lemma: str | None = col(STRING, "Lemma of the cue.")
    stance: str | None = col(STRING, "Stance of the statement.")
    via: list[str] | None = col("array", "Intermediaries the quote is reported through.")  # noqa: RUF009
    addressee: str | None = col(STRING, "Who the statement is addressed to.")


def columns(cls: type) -> list[dict[str, str]]:
    """The data dictionary of a row class: name, type and description of each column, in order."""
    return [{"name": f.name, "type": f.metadata["type"], "description": f.metadata["doc"]}
            for f in dataclasses.fields(cls)]


def names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


REVIEW_STATUSES = ("unreviewed", "confirmed", "edited", "rejected")


def combined_review_status(statuses: list[str]) -> str:
    """The review status of an incident from its reports': edited when a reviewer corrected any,
    confirmed when every report was confirmed, rejected when every report was, else unreviewed."""
    kept = [s or "unreviewed" for s in statuses]
    if "edited" in kept:
        return "edited"
    if kept and all(s == "rejected" for s in kept):
        return "rejected"
    kept = [s for s in kept if s != "rejected"]
    return "confirmed" if kept and all(s == "confirmed" for s in kept) else "unreviewed"
ACLED_COLUMNS = names(EventRow)[: names(EventRow).index("timestamp") + 1]
EVENT_COLUMNS = names(EventRow)
RASD_COLUMNS = EVENT_COLUMNS[len(ACLED_COLUMNS):]

# --- event dates -------------------------------------------------------------------------------

_SEASONS = {"WI": 1, "SP": 3, "SU": 6, "FA": 9, "AU": 9}


def event_day(value: Any, precision: Any, published: str | None) -> tuple[str | None, int | None, str | None]:
    """(day YYYY-MM-DD, ACLED time_precision, caveat) of a record's event date.

    A month, season or year becomes its first day with precision 3, an ISO week its Monday with
    precision 2; a missing or unreadable date becomes the publication date with precision 3 and a
    caveat saying so (None when there is no publication date either).
    """
    text = str(value).split("/")[0].strip() if value else ""
    given = precision if isinstance(precision, int) and 1 <= precision <= 3 else None
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?", text):
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return day.isoformat(), given or 1, None
        if m := re.fullmatch(r"(\d{4})-W(\d{2})(?:-\d)?", text):
            monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return monday.isoformat(), 2 if given in (None, 1) else given, None
        if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
            return dt.date(int(m[1]), int(m[2]), 1).isoformat(), 3, None
        if m := re.fullmatch(r"(\d{4})-(WI|SP|SU|FA|AU)", text):
            return dt.date(int(m[1]), _SEASONS[m[2]], 1).isoformat(), 3, None
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", text):
            return dt.date(int(m[1]), 3 * int(m[2]) - 2, 1).isoformat(), 3, None
        if m := re.fullmatch(r"(\d{4})-H([12])", text):
            return dt.date(int(m[1]), 6 * int(m[2]) - 5, 1).isoformat(), 3, None
        if m := re.fullmatch(r"(\d{4})", text):
            return dt.date(int(m[1]), 1, 1).isoformat(), 3, None
    except ValueError:
        pass
    if published:
        return str(published)[:10], 3, "date not reported: publication date used"
    return None, None, "date not reported"


# --- actors ------------------------------------------------------------------------------------

def _actor(actor: Any, cc: str | None) -> tuple[str, str, int | None]:
    """(ACLED name, text as written, inter) of a record actor; civilians as "Civilians (Country)"."""
    if not isinstance(actor, dict):
        return "", "", None
    text = actor.get("text") or ""
    name = actor.get("canonical") or text
    inter = actor.get("inter") if isinstance(actor.get("inter"), int) else None
    if inter == 7 and (has_arabic(name) or name == "Civilians"):
        name = f"Civilians ({admin.country_name(cc)})" if cc else "Civilians"
    return name, text, inter


def _unidentified(event_type: str | None, cc: str | None) -> tuple[str, int]:
    """ACLED's actor1 when the report names none: protesters, rioters or an unidentified armed group."""
    country = f" ({admin.country_name(cc)})" if cc else ""
    if event_type == "Protests":
        return f"Protesters{country}", 6
    if event_type == "Riots":
        return f"Rioters{country}", 5
    return f"Unidentified Armed Group{country}", 3


def _interaction(i1: int | None, i2: int | None) -> int | None:
    codes = sorted(c for c in (i1, i2) if c)
    if not codes:
        return None
    return codes[0] * 10 + (codes[1] if len(codes) > 1 else 0)


# --- notes -------------------------------------------------------------------------------------

def notes(row: EventRow, place_admin1: str | None = None) -> str:
    """One English sentence: "On 19 August 2019, X carried out an air/drone strike on Y near Z"."""
    when = _when(row) if "date not reported" not in (row.tags or "") else ""
    sub = row.sub_event_type or row.event_type or "event"
    phrase = taxonomy.note_phrase(sub) or "{a} were involved in an event coded " + sub.lower() + "[ with {b}]"
    phrase = re.sub(r"\[([^\]]*)\]", r"\1" if row.actor2 else "", phrase)  # [...]: only with an actor 2
    sentence = phrase.replace("{a}", row.actor1 or "unidentified actors").replace("{b}", row.actor2 or "")
    sentence = f"{when}, {sentence}" if when else sentence[0].upper() + sentence[1:]
    where = row.location or row.admin1 or row.country or ""
    if where and row.admin1 and row.admin1 != where:
        where = f"{where} ({row.admin1})"
    if where:
        sentence += f" {'near' if row.geo_precision in (2, 3) else 'in'} {where}"
    figures = []
    if row.fatalities_known:
        figures.append(f"{row.fatalities} fatalities")
    if row.injured:
        figures.append(f"{row.injured} injured")
    if figures:
        sentence += f" ({' and '.join(figures)})"
    if row.reported_by:
        sentence += f", according to {row.reported_by}"
    return sentence + "."


_SEASON_NAMES = {"WI": "winter", "SP": "spring", "SU": "summer", "FA": "autumn", "AU": "autumn"}


def _when(row: EventRow) -> str:
    """"On 19 August 2019", "On or around 20 July 2015" (a week or an approximate day),
    "In June 2015", "In summer 2012", "In 2014": as precise as the report, no more."""
    if not row.event_date:
        return ""
    d = dt.date.fromisoformat(row.event_date)
    text = row.date_text or ""
    if re.fullmatch(r"\d{4}", text):
        return f"In {d.year}"
    if m := re.fullmatch(r"(\d{4})-(WI|SP|SU|FA|AU)", text):
        return f"In {_SEASON_NAMES[m[2]]} {m[1]}"
    if row.time_precision == 3:
        return f"In {d:%B %Y}"
    day = f"{d.day} {d:%B %Y}"
    return f"On or around {day}" if row.time_precision == 2 else f"On {day}"


# --- the one builder ---------------------------------------------------------------------------

def _int(value: Any) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _float(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _str(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _first(*values: Any) -> Any:
    return next((v for v in values if v not in (None, "")), None)


def event_rows(record: Mapping[str, Any], *, timestamps: Mapping[str, int] | None = None) -> list[EventRow]:
    """The rows of a record's atomic events (summaries are left out: ACLED codes atomic events).

    `timestamps` maps an event id to when it was first stored (known only to the store). The
    incident columns (`incident_id` ...) are filled by the store, which fuses reports into incidents.
    """
    doc = record.get("doc") if isinstance(record.get("doc"), dict) else {}
    places = {p.get("id"): p for p in record.get("places") or [] if isinstance(p, dict)}
    out = []
    for ev in [*(record.get("events") or []), *(record.get("background_events") or [])]:
        if isinstance(ev, dict) and not ev.get("summary"):
            out.append(event_row(ev, doc, places, timestamps or {}))
    return out


def event_row(ev: Mapping[str, Any], doc: Mapping[str, Any], places: Mapping[Any, Mapping[str, Any]],
              timestamps: Mapping[str, int]) -> EventRow:
    """One event's row (see `event_rows`)."""
    loc = ev.get("location") if isinstance(ev.get("location"), dict) else {}
    place = places.get(loc.get("place"), {}) if loc.get("place") is not None else {}

    def where(name: str) -> Any:
        return _first(loc.get(name), place.get(name))

    cc = _str(where("country"))
    published = _str(doc.get("published"))
    day, precision, caveat = event_day(ev.get("date"), ev.get("time_precision"), published)
    tags = [caveat] if caveat else []
    lat, lon = _float(where("lat")), _float(where("lon"))
    feature = str(place.get("feature") or "")
    country_only = feature.startswith("PCL") or (lat is not None and not where("admin1") and
                                                 _first(loc.get("geo_precision"), place.get("precision")) == 3
                                                 and (where("name") or "") == admin.country_name(cc))
    if country_only:  # a country's centroid is not where the event happened
        lat = lon = None
        tags.append("location: country only")
    a1, a1_text, i1 = _actor(ev.get("actor1"), cc)
    a2, a2_text, i2 = _actor(ev.get("actor2"), cc)
    if not a1:
        a1, i1 = _unidentified(ev.get("event_type"), cc)
    source = ev.get("source") if isinstance(ev.get("source"), dict) else {}
    fatalities = _int(ev.get("fatalities"))
    admin1 = _str(where("admin1")) or admin.admin1_at(cc, lat, lon)
    row = EventRow(
        event_id_cnty=f"{admin.iso3(cc) or 'XXX'}-{doc.get('id')}-{ev.get('id')}",
        event_date=day,
        year=int(day[:4]) if day else None,
        time_precision=precision,
        disorder_type=taxonomy.disorder_type(ev.get("event_type"), ev.get("sub_event_type")) or None,
        event_type=_str(ev.get("event_type")),
        sub_event_type=_str(ev.get("sub_event_type")),
        actor1=a1,
        assoc_actor_1=_assoc(ev.get("assoc_actor_1")),
        inter1=i1,
        actor2=a2 or None,
        assoc_actor_2=_assoc(ev.get("assoc_actor_2")),
        inter2=i2,
        interaction=_interaction(i1, i2),
        civilian_targeting="Civilian targeting" if i2 == 7 else None,
        iso=admin.iso_numeric(cc),
        region=admin.region(cc) or None,
        country=admin.country_name(cc) or None,
        admin1=admin1,
        admin2=_str(where("admin2")),
        admin3=_str(where("admin3")),
        location=_str(_first(where("name"), place.get("text"))) if not country_only else admin.country_name(cc),
        latitude=lat,
        longitude=lon,
        geo_precision=None if country_only else _int(_first(loc.get("geo_precision"), place.get("geo_precision"),
                                                            place.get("precision"))),
        source=_str(doc.get("source")),
        source_scale=None,
        notes=None,
        fatalities=fatalities or 0,
        tags=None,
        timestamp=timestamps.get(str(ev.get("id"))),
        event_id=_str(ev.get("id")),
        article_id=_str(doc.get("id")),
        url=_str(doc.get("url")),
        published=published[:10] if published else None,
        date_text=_str(ev.get("date")),
        country_code=cc,
        admin1_pcode=_str(_first(loc.get("admin1_pcode"), place.get("admin1_pcode"))) or admin.admin1_pcode(cc, admin1),
        admin2_pcode=_str(_first(loc.get("admin2_pcode"), place.get("admin2_pcode"))),
        admin3_pcode=_str(_first(loc.get("admin3_pcode"), place.get("admin3_pcode"))),
        location_pcode=_str(where("pcode")),
        location_ar=_str(where("name_ar")),
        geonameid=_int(where("geonameid")),
        actor1_text=_str(a1_text),
        actor2_text=_str(a2_text),
        reported_by=_str(source.get("text")),
        fatalities_known=fatalities is not None,
        injured=_int(ev.get("injured")),
        background=bool(ev.get("background")),
        evidence=";".join(f"{s.get('start')}-{s.get('end')}" for s in ev.get("evidence") or [] if isinstance(s, dict))
        or None,
        confidence=_float(ev.get("confidence")),
    )
    if row.background:
        tags.append("background")
    row.tags = "; ".join(tags) or None
    row.notes = notes(row)
    return row


def _assoc(value: Any) -> str | None:
    if isinstance(value, list):
        names = [(_first(v.get("canonical"), v.get("text")) if isinstance(v, dict) else v) for v in value]
        return "; ".join(str(n) for n in names if n) or None
    if isinstance(value, dict):
        return _str(_first(value.get("canonical"), value.get("text")))
    return _str(value)


def as_dict(row: Any) -> dict[str, Any]:
    """A row as a plain dict, columns in order."""
    return {f.name: getattr(row, f.name) for f in dataclasses.fields(row)}


# --- articles, places, quotes ------------------------------------------------------------------

def article_row(record: Mapping[str, Any]) -> ArticleRow:
    doc = record.get("doc") if isinstance(record.get("doc"), dict) else {}
    counts = {n: len(record.get(n) or []) for n in ("entities", "times", "quantities", "places", "quotes", "events")}
    return ArticleRow(article_id=_str(doc.get("id")), title=_str(doc.get("title")), source=_str(doc.get("source")),
                      url=_str(doc.get("url")), published=_str(doc.get("published")),
                      language=_str(doc.get("language")),
                      chars=len(record.get("text") or ""), sentences=len(record.get("sentences") or []),
                      warnings=[str(w) for w in record.get("warnings") or []], **counts)


def place_rows(record: Mapping[str, Any]) -> list[PlaceRow]:
    aid = _str((record.get("doc") or {}).get("id"))

    def admin1(p: Mapping[str, Any]) -> str | None:
        return _str(p.get("admin1")) or admin.admin1_at(_str(p.get("country")), _float(p.get("lat")),
                                                        _float(p.get("lon")))

    return [PlaceRow(article_id=aid, id=_str(p.get("id")), start=_int(p.get("start")), end=_int(p.get("end")),
                     text=_str(p.get("text")), geonameid=_int(p.get("geonameid")), name=_str(p.get("name")),
                     name_ar=_str(p.get("name_ar")), lat=_float(p.get("lat")), lon=_float(p.get("lon")),
                     country=_str(p.get("country")), admin1=admin1(p), admin2=_str(p.get("admin2")),
                     admin3=_str(p.get("admin3")), pcode=_str(p.get("pcode")), feature=_str(p.get("feature")),
                     score=_float(p.get("score")),
                     geo_precision=_int(_first(p.get("geo_precision"), p.get("precision"))))
            for p in record.get("places") or [] if isinstance(p, dict)]


def dig(d: Any, *path: str) -> Any:
    """`d[path[0]][path[1]]…`, or None as soon as a step is not a dict."""
    for key in path:
        if not isinstance(d, dict):
            return None
        d = d.get(key)
    return d


def quote_rows(record: Mapping[str, Any]) -> list[QuoteRow]:
    aid = _str((record.get("doc") or {}).get("id"))
    out = []
    for q in record.get("quotes") or []:
        if not isinstance(q, dict):
            continue
        addressee = q.get("addressee")
        out.append(QuoteRow(
            article_id=aid, id=_str(q.get("id")), kind=_str(q.get("kind")), start=_int(q.get("start")),
            end=_int(q.get("end")), text=_str(q.get("text")), speaker=_str(dig(q, "speaker", "text")),
            speaker_name=_str(dig(q, "speaker", "name")), speaker_canonical=_str(dig(q, "speaker", "canonical")),
            speaker_entity=_str(dig(q, "speaker", "entity")), speaker_start=_int(dig(q, "speaker", "start")),
            speaker_end=_int(dig(q, "speaker", "end")), cue=_str(dig(q, "cue", "text")),
            cue_lemma=_str(dig(q, "cue", "lemma")), stance=_str(q.get("stance")),
            via=[str(dig(v, "text") if isinstance(v, dict) else v) for v in q.get("via") or [] if v is not None],
            addressee=_str(dig(addressee, "text") if isinstance(addressee, dict) else addressee)))
    return out


def event_row_from(item: Mapping[str, Any]) -> EventRow:
    """An `EventRow` from a stored row dict (columns added since it was stored take their defaults)."""
    return EventRow(**{k: item[k] for k in EVENT_COLUMNS if k in item})
