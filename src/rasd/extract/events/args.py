"""The arguments of an event mention: date, location, actors, source, casualties.

Each reads what earlier components put on the `Doc` (times, places, entities, quotes,
casualties; shapes in `rasd.extract.base`) and falls back to the event tables when a component
gave nothing. All offsets are canonical.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc

from rasd.extract.events.index import index_of
from rasd.extract.events.lexicon import actor_types, compile_forms, inter_of, triggers
from rasd.extract.events.lexicon import sources as _sources
from rasd.lexicon import load_table, variants
from rasd.text.chars import ARABIC_LETTERS
from rasd.text.keys import canonical_key, same_length_key

_L = ARABIC_LETTERS
WORD_RE = re.compile(r"\S+")
CLAUSE_BREAK_RE = re.compile(r"[.،,؛;:!?؟()\[\]\"“”«»]")
# Where a place is the destination or origin of a movement, not where the event happened.
DESTINATION_RE = re.compile(
    f"(?<![{_L}])(?:[وف])?(?:متوجه[اه]?|متجه[اه]?|المتوجه|المتجه|باتجاه|نحو|الي|وجهته)(?![{_L}])")
ORIGIN_RE = re.compile(f"(?<![{_L}])(?:انطلاقا\\s+من|قادم[اه]?\\s+من|قادمين\\s+من)(?![{_L}])")
SINCE_RE = re.compile(f"(?<![{_L}])(?:[وف])?منذ\\s*$")
# Words that end an actor phrase (prepositions, relatives, verbs of reporting).
STOP_WORDS = frozenset(same_length_key(w) for w in (
    "في", "على", "الى", "إلى", "من", "عن", "مع", "ضد", "بعد", "قبل", "خلال", "التي", "الذي", "الذين", "و",
    "أن", "إن", "ما", "بين", "عند", "حيث", "كما", "أمس", "اليوم", "منذ", "حتى", "نحو", "قرب", "داخل",
    "عبر", "أثناء", "وسط", "تجاه", "باتجاه", "لدى", "فيما", "بينما", "إثر", "اثر", "أدى", "ادى", "أسفر",
    "ألقى", "ألقت", "القى", "القت",  # "الطيران المروحي ألقى": a verb, not a nisba adjective
))
RELATIVE_RE = re.compile(f"(?<![{_L}])(?:التي|الذي|الذين|اللتين|اللذين|حيث)(?![{_L}])")
TARGET_PREPS = frozenset(same_length_key(w) for w in ("على", "ضد", "تجاه", "صوب",
                                                 "استهدف", "استهدفت", "استهداف", "باستهداف", "مستهدفة",
                                                 "يستهدف", "تستهدف", "استهدفوا", "مستهدفا", "طال", "طالت"))


@lru_cache(maxsize=16)
def form_pattern(table: str) -> re.Pattern[str]:
    """One pattern for the `forms` column of a reviewed word table (event_undergo, event_repel,
    event_claims, event_arrest_nouns, event_aircraft, event_holders), on the key."""
    return compile_forms([f for r in load_table(table) for f in variants(r["forms"])])


def text_of(doc: Doc) -> str:
    """The canonical text, from the doc's events index (`doc.text` is rebuilt on every access)."""
    return index_of(doc).text


def words(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, word) of the whitespace words of text[start:end]."""
    return [(m.start(), m.end(), m.group()) for m in WORD_RE.finditer(text, start, end)]  # already absolute


def count_words(text: str) -> int:
    return len(WORD_RE.findall(text))


def as_date(value: Any) -> dt.date | None:
    """`doc._.published` as a date (it may be a date, a datetime or an ISO string)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


# ---------------------------------------------------------------- dates

def _precision(value: str, item: dict[str, Any]) -> int:
    """ACLED time_precision: 1 day, 2 within a week / approximate, 3 month (or coarser)."""
    if len(value) >= 10:
        return 2 if item.get("approx") else 1
    if item.get("precision") == "week" or re.fullmatch(r"\d{4}-W\d{2}", value):
        return 2
    return 3


def clause_date(doc: Doc, key: str, sent: tuple[int, int], anchor: int) -> tuple[str | None, int | None, bool]:
    """(value, time_precision, after_since) of the sentence's time expression nearest the trigger.

    `after_since` is True when that expression follows منذ ("since 26 April"): a period, not a day.
    """
    best: tuple[float, dict[str, Any]] | None = None
    for t in index_of(doc).times.within(*sent):
        value = t.get("value")
        if not isinstance(value, str) or not re.match(r"\d{4}", value):
            continue
        if t.get("type") not in (None, "DATE", "TIME"):
            continue
        # A day anywhere in the sentence beats a week or month next to the trigger.
        dist = abs(t["start"] - anchor) + (0 if len(value) >= 10 else 5000)
        if best is None or dist < best[0]:
            best = (dist, t)
    if best is None:
        return _relative_date(doc, key, sent, anchor)
    t = best[1]
    value = t["value"][:10]
    since = SINCE_RE.search(key[max(sent[0], t["start"] - 12) : t["start"]]) is not None
    if since and _within_days(value, as_date(doc._.published), SINCE_RECENT_DAYS):
        since = False  # "منذ صباح أمس": fighting going on since yesterday, not a total over a period
    return value, _precision(value, t), since


SINCE_RECENT_DAYS = 2
DURATION_RE = re.compile(r"^P(\d+)([DWM])$")


def _within_days(value: str, published: dt.date | None, days: int) -> bool:
    if published is None or len(value) < 10:
        return False
    try:
        return 0 <= (published - dt.date.fromisoformat(value)).days <= days
    except ValueError:
        return False


@lru_cache(maxsize=1)
def _relative_forms() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(lead, link) of `event_relative.tsv`: "بعد <duration> على <trigger>"."""
    rows = load_table("event_relative")
    lead = "|".join(re.escape(same_length_key(f)) for r in rows for f in variants(r["lead"]))
    link = "|".join(re.escape(same_length_key(f)) for r in rows for f in variants(r["link"]))
    return (re.compile(f"(?<![{_L}])(?:{lead})\\s*$"), re.compile(f"^\\s*(?:{link})\\s*$"))


def _relative_date(doc: Doc, key: str, sent: tuple[int, int], anchor: int) -> tuple[str | None, int | None, bool]:
    """An event told as the earlier one in "ويأتي ذلك بعد ثلاثة أيام على هجوم انتحاري": the
    publication day minus the duration (days: precision 1; weeks: 2; months: the month, 3)."""
    published = as_date(doc._.published)
    if published is None:
        return None, None, False
    lead, link = _relative_forms()
    for t in index_of(doc).times.within(max(sent[0], anchor - 60), anchor):
        m = DURATION_RE.match(str(t.get("value") or "")) if t.get("type") == "DURATION" else None
        before = key[max(sent[0], t["start"] - 10) : t["start"]]
        if m is None or not link.match(key[t["end"] : anchor]) or not lead.search(before):
            continue
        n, unit = int(m.group(1)), m.group(2)
        if unit == "M":
            month = (published.year * 12 + published.month - 1) - n
            return f"{month // 12:04d}-{month % 12 + 1:02d}", 3, False
        when = published - dt.timedelta(days=n * (7 if unit == "W" else 1))
        return when.isoformat(), 1 if unit == "D" else 2, False
    return None, None, False


# ---------------------------------------------------------------- places

def geo_precision(place: dict[str, Any]) -> int:
    """ACLED geo_precision: 1 the town itself, 2 near it / part of a district, 3 a region or province."""
    p = place.get("precision")
    if isinstance(p, int) and p in (1, 2, 3):
        return p
    feature = (place.get("feature") or "").upper()
    if feature.startswith(("ADM1", "PCL", "RGN", "AREA")) or feature in ("ADM0", "COUNTRY"):
        return 3
    if place.get("direction") or feature.startswith(("ADM2", "ADM3")):
        return 2
    return 1


# Keys of a place item that describe where it is (beyond the ones every location has), copied into
# the event's location when the places component gives them (admin2/admin3, P-codes ...).
EXTRA_PLACE_KEY_RE = re.compile(r"^(?:admin\d(?:_.*)?|.*pcode.*|country_name|admin\d_ar)$")


def is_country(place: dict[str, Any]) -> bool:
    return (place.get("feature") or "").upper().startswith(("PCL", "ADM0", "COUNTRY"))


def location_of(place: dict[str, Any], precision: int | None = None) -> dict[str, Any]:
    """The event's `location` from a place item (its admin2/admin3/P-code keys too, when it has them)."""
    loc = {
        "place": place.get("id"),
        "geonameid": place.get("geonameid"),
        "name": place.get("name") or place.get("text"),
        "name_ar": place.get("name_ar") or place.get("text"),
        "admin1": place.get("admin1"),
        "country": place.get("country"),
        "lat": place.get("lat"),
        "lon": place.get("lon"),
        "geo_precision": precision or geo_precision(place),
        "_country": is_country(place),
    }
    for k, v in place.items():
        if k not in loc and v is not None and EXTRA_PLACE_KEY_RE.match(k):
            loc[k] = v
    return loc


# ---------------------------------------------------------------- location fallbacks
# ACLED codes an event whose sentence names no place at the finest place the report supports,
# with a coarser geo_precision, instead of dropping it. The order: the previous sentence, the
# dateline or the title, the article's admin unit, the article's country.

DATELINE_LEAD_RE = re.compile(r"[\s*•·\-–—(]*")
DATELINE_TAIL_RE = re.compile(r"\s*[)]?\s*(?:[:\-–—]|\(\s*(?:رويترز|ا ف ب|أ ف ب|د ب أ|واس|سبأ|قنا|وام|بنا|كونا))")
DATELINE_CHARS = 600


def previous_place(doc: Doc, key: str, prev: tuple[int, int] | None) -> dict[str, Any] | None:
    """The place where the previous sentence's report happened: its last place that is no
    convoy's destination, a town before a province before a country (pick_place from its end)."""
    if prev is None:
        return None
    place, near = pick_place(doc, key, prev, prev[1], prev[1])
    if place is None or near:
        return None
    home = article_country(doc, key)
    if home and place.get("country") and place.get("country") != home:
        return None  # "... وواشنطن تدعم أنقرة. وانفجرت سيارة مفخخة": a capital commenting, not the scene
    coarse = geo_precision(place) == 3  # a province or a country: no finer than the article's own
    return location_of(place) | {"_from": "previous-coarse" if coarse else "previous"}


def article_country(doc: Doc, key: str) -> str | None:
    """The country the article reports from: its dateline's, else the one most of its places lie in."""
    return next((x.get("country") for x in article_fallbacks(doc, key) if x.get("_from") == "country"), None)


def article_fallbacks(doc: Doc, key: str) -> list[dict[str, Any]]:
    """The article-level locations an event may fall back on, finest first: the dateline or the
    title's place, the admin unit most of the article's places lie in, the article's country."""
    ix = index_of(doc)
    cached = getattr(ix, "fallbacks", None)
    if cached is not None:
        return cached
    out: list[dict[str, Any]] = []
    places = ix.places.items
    line = _dateline_place(doc, key, places)
    if line is not None:
        out.append(location_of(line, precision=max(2, geo_precision(line))) | {"_from": "dateline"})
    span = doc._.title_span
    if span is not None:
        titled = [p for p in places if span[0] <= p["start"] < span[1]]
        if titled:
            p = min(titled, key=lambda p: (is_country(p), geo_precision(p), p["start"]))
            out.append(location_of(p) | {"_from": "title"})
    weights = {id(line): 3} if line is not None else {}
    if span is not None:
        weights |= {id(p): 2 for p in places if span[0] <= p["start"] < span[1]}
    country = (line or {}).get("country") or _dominant(
        p.get("country") for p in places for _ in range(weights.get(id(p), 1)))
    admin = _dominant(p.get("admin1") for p in places if p.get("country") == country and not is_country(p))
    if admin:
        unit = next((p for p in places if p.get("admin1") == admin
                     and (p.get("feature") or "").upper().startswith("ADM1")), None)
        loc = location_of(unit, precision=3) if unit else {
            "place": None, "geonameid": None, "name": admin, "name_ar": None, "admin1": admin,
            "country": country, "lat": None, "lon": None, "geo_precision": 3, "_country": False}
        out.append(loc | {"_from": "admin1"})
    if country:
        every = [p for p in doc._.places or [] if p.get("country") == country and is_country(p)]
        loc = location_of(every[0], precision=3) if every else {
            "place": None, "geonameid": None, "name": None, "name_ar": None, "admin1": None,
            "country": country, "lat": None, "lon": None, "geo_precision": 3}
        out.append(loc | {"_country": True, "_from": "country"})
    ix.fallbacks = out
    return out


def _dominant(values: Any) -> str | None:
    """The value most items share, when it is at least half of them (else the article has none)."""
    counts: dict[str, int] = {}
    for v in values:
        if v:
            counts[v] = counts.get(v, 0) + 1
    if not counts:
        return None
    best = max(counts, key=lambda v: counts[v])
    return best if 2 * counts[best] >= sum(counts.values()) else None


def _dateline_place(doc: Doc, key: str, places: list[dict[str, Any]]) -> dict[str, Any] | None:
    """A place opening a line near the top and followed by a colon or a dash ("عدن - «الشرق
    الأوسط»"، "* الجزائر: «الشرق الأوسط»"): where the report was filed from."""
    for p in places:
        if p["start"] > DATELINE_CHARS:
            break
        line_start = key.rfind("\n", 0, p["start"]) + 1
        if DATELINE_LEAD_RE.fullmatch(key, line_start, p["start"]) and DATELINE_TAIL_RE.match(key, p["end"]):
            return p
    return None


def usable_places(doc: Doc, start: int, end: int) -> list[dict[str, Any]]:
    """Places in [start, end) that can locate an event (never one named in an agreement)."""
    return index_of(doc).places.within(start, end)


def _is_destination(key: str, sent: tuple[int, int], place: dict[str, Any]) -> bool:
    """True when the place is where a convoy was heading or came from, within its clause."""
    before = key[max(sent[0], place["start"] - 60) : place["start"]]
    cut = max((m.end() for m in CLAUSE_BREAK_RE.finditer(before)), default=0)
    before = before[cut:]
    for m in DESTINATION_RE.finditer(before):
        if count_words(before[m.end():]) <= 5:
            return True
    return any(count_words(before[m.end():]) <= 2 for m in ORIGIN_RE.finditer(before))


def pick_place(doc: Doc, key: str, sent: tuple[int, int], hit_start: int, hit_end: int, *,
               movement: bool = False, quoted: Any = None) -> tuple[dict[str, Any] | None, bool]:
    """(place, near) where the event happened: the nearest place after the trigger, else before it.

    A convoy's destination is not where it was struck: it is used only when the sentence names no
    other place but a country, and then as "near" (ACLED geo_precision 2). For a troop movement (`movement`) the
    destination is the place.
    """
    best: tuple[float, dict[str, Any]] | None = None
    fallback: tuple[float, dict[str, Any]] | None = None
    for p in usable_places(doc, *sent):
        if quoted is not None and quoted(p["start"]) and not quoted(hit_start):
            continue  # a place in a slogan or a quotation the trigger is not part of ("كتب عليه "ضمير السياسي"")
        if p["start"] >= hit_end:
            dist = count_words(key[hit_end : p["start"]])
        else:
            dist = 1.5 * count_words(key[p["end"] : hit_start]) + 0.5
        # A country is a poor location when a town is named too.
        if geo_precision(p) == 3:
            dist += 6
        # ... and a country is poorer than a province ("في سوريا إنها كثفت قصفها ... بوسط درعا").
        if (p.get("feature") or "").upper().startswith(("PCL", "ADM0", "COUNTRY")):
            dist += 6
        if not movement and _is_destination(key, sent, p):
            if fallback is None or dist < fallback[0]:
                fallback = (dist, p)
        elif best is None or dist < best[0]:
            best = (dist, p)
    if best is not None and fallback is not None and is_country(best[1]) and not is_country(fallback[1]):
        return fallback[1], True  # "صاروخ ... باتجاه مدينة جازان" over "السعودية": the town is nearer the truth
    if best is not None:
        return best[1], False
    return (fallback[1], True) if fallback else (None, False)


def refine(doc: Doc, loc: dict[str, Any], sent: tuple[int, int], nxt: tuple[int, int] | None,
           stop: int | None) -> dict[str, Any]:
    """A coarse location (a province, "south of Idlib") made precise by the next sentence's town.

    "قصف ... رتلا تركيا ... جنوب إدلب. ولا زال الرتل متوقفا في مدينة معرة النعمان جنوبي إدلب":
    the convoy was struck near Maarat al-Numan, ACLED's geo_precision 2.
    """
    if loc.get("geo_precision", 1) == 1 or nxt is None or not loc.get("admin1"):
        return loc
    end = stop if stop is not None else nxt[1]
    for p in usable_places(doc, nxt[0], end):
        if p.get("admin1") == loc["admin1"] and geo_precision(p) == 1 and p.get("id") != loc.get("place"):
            return location_of(p, precision=2)
    return loc


@lru_cache(maxsize=1)
def _coord_gap_re() -> re.Pattern[str]:
    """What may stand between two places of one list: a comma and/or و (أو), then a frame word
    of the places table (بلدة، قرية، حي ...): "قريتي معرستي وماير"، "بلدات X وY وZ"."""
    heads = sorted({same_length_key(f) for r in load_table("places_cues") if r.get("kind") == "frame"
                    for f in variants(r.get("word", ""))}, key=len, reverse=True)
    head = "|".join(re.escape(h) for h in heads)
    return re.compile(f"\\s*[،,]?\\s*(?:(?:و|او)\\s*)?(?:(?:[وبل]?(?:ال)?)(?:{head})\\s+)?")


PAREN_RE = re.compile(r"\([^()\n]{0,40}\)")


def _span(p: dict[str, Any]) -> tuple[int, int]:
    ph = p.get("phrase") or {}
    s, e = ph.get("start"), ph.get("end")
    return (s if isinstance(s, int) else p["start"], e if isinstance(e, int) else p["end"])


def coordinated(doc: Doc, key: str, sent: tuple[int, int], place: dict[str, Any]) -> list[dict[str, Any]]:
    """The other towns listed with `place` ("في قريتي معرستي وماير"، "بلدتي الفوعة وكفريا"): ACLED
    codes one event per place. Places joined by a hyphen or a space ("تعنايل - زحلة"، "ماير بريف
    حلب") are one place and its surroundings, not a list; a list needs و somewhere."""
    places = [p for p in usable_places(doc, *sent) if p.get("start") is not None]
    # units: a place and the places that qualify it (hyphen, parenthesis, space)
    units: list[list[dict[str, Any]]] = []
    for p in places:
        if units and "(" in key[_span(units[-1][-1])[1] : _span(p)[0]].split(")")[-1]:
            continue  # "تعنايل - زحلة( شرق لبنان)": a place in parentheses only qualifies the one before
        if units:
            gap = PAREN_RE.sub(" ", key[_span(units[-1][-1])[1] : _span(p)[0]])
            if not gap.strip(" -–\t"):
                units[-1].append(p)
                continue
        units.append([p])
    at = next((i for i, u in enumerate(units) if any(x is place for x in u)), None)
    if at is None:
        return []
    gap_re = _coord_gap_re()

    def joined(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> str | None:
        gap = PAREN_RE.sub(" ", key[_span(a[-1])[1] : _span(b[0])[0]])
        m = gap_re.fullmatch(gap)
        return gap if m and gap.strip() else None

    lo = hi = at
    gaps: list[str] = []
    while lo > 0 and (g := joined(units[lo - 1], units[lo])) is not None:
        lo, gaps = lo - 1, [*gaps, g]
    while hi + 1 < len(units) and (g := joined(units[hi], units[hi + 1])) is not None:
        hi, gaps = hi + 1, [*gaps, g]
    if not any(re.search(r"(?:^|\s|[،,])(?:و|او)", g) for g in gaps):
        return []
    head_country = place.get("country")
    out = []
    for u in units[lo : hi + 1]:
        p = u[0]
        if any(x is place for x in u) or geo_precision(p) != 1 or p.get("country") != head_country:
            continue
        out.append(p)
    return out


def object_is_area(doc: Doc, key: str, sent: tuple[int, int], hit_end: int) -> bool:
    """True when what a territory trigger takes is a province or a country ("السيطرة على معظم أنحاء
    محافظة ادلب"): the first place within a few words after the trigger is that coarse."""
    for p in usable_places(doc, hit_end, sent[1]):
        if count_words(key[hit_end : _span(p)[0]]) > 4:
            return False
        return geo_precision(p) == 3 and not p.get("direction")
    return False


# ---------------------------------------------------------------- actors

@lru_cache(maxsize=4096)
def _actor_lookup(phrase: str, country: str | None = None) -> tuple[str | None, int | None]:
    """(ACLED name, inter) from the entities component's actor lexicon when it offers one; with the
    event's country (ISO alpha-2) the name ACLED gives there ("داعش" in Iraq -> Islamic State (Iraq))."""
    try:
        from rasd.extract import entities
    except ImportError:  # pragma: no cover - entities is part of the package
        return None, None
    actor_for = getattr(entities, "actor_for", None)
    if actor_for is None:
        return None, None
    try:
        found = actor_for(phrase, country) if country else actor_for(phrase)
    except Exception:  # the lexicon is someone else's; a failure there must not lose the event
        return None, None
    if isinstance(found, dict):
        inter = found.get("inter")
        return found.get("name") or found.get("canonical"), inter if isinstance(inter, int) else None
    if isinstance(found, str):
        return found, None
    name, inter = getattr(found, "name", None), getattr(found, "inter", None)  # entities.Actor
    return (name if isinstance(name, str) else None), (inter if isinstance(inter, int) else None)


def actor_item(doc: Doc, start: int, end: int, actor: dict[str, Any] | None = None, *,
               country: str | None = None) -> dict[str, Any]:
    """The event's actor {text, canonical, start, end, inter}; canonical is the ACLED name when known.

    With the event's `country` the lexicon's name there wins, even over the entity's own: ACLED
    names "داعش" in Iraq "Islamic State (Iraq)", "الشرطة" in Libya "Police Forces of Libya", and
    codes a state's forces 1 at home and 8 abroad. An entity named from its context ("المسلحين"
    told of a group named before) keeps that name: the phrase alone names no one but a generic."""
    text = text_of(doc)[start:end]
    name, inter = (actor.get("name"), actor.get("inter")) if actor else (None, None)
    if country:
        name2, inter2 = _actor_lookup(text, country)
        if name2 and (not name or _actor_lookup(text)[0]):
            name, inter = name2, inter2 if inter2 is not None else inter
    if not name:
        name, inter2 = _actor_lookup(text)
        inter = inter or inter2
    row_inter, row_name = inter_of(text)
    inter = inter if isinstance(inter, int) else row_inter
    if not name and not row_name and inter is not None:
        name = _antecedent(doc, start, inter)
    return {"text": text, "canonical": name or row_name or canonical_key(text), "start": start, "end": end,
            "inter": inter}


ANTECEDENT_CHARS = 600


def _antecedent(doc: Doc, start: int, inter: int) -> str | None:
    """A generic phrase ("قوة من الجيش"، "الشرطة") names the latest actor of its type told just
    before it ("بيان ... قيادة الجيش اللبناني: إن قوة من الجيش أوقفت ...")."""
    for e in reversed(index_of(doc).actors.within(max(0, start - ANTECEDENT_CHARS), start)):
        actor = e.get("actor") or {}
        if actor.get("inter") == inter and actor.get("name") and e["end"] <= start:
            return actor["name"]
    return None


def _extend_phrase(key: str, start: int, end: int, limit: int, heads: frozenset[int] = frozenset()) -> int:
    """Grow an actor phrase over the modifiers after its head (النظام -> النظام السوري), never over
    the head of another actor phrase ("مسلحون دورية": دورية ends like a nisba but is a head), and
    never from an indefinite sound plural or dual onto a definite word: such a word keeps its nun,
    so it cannot govern a genitive, and an adjective would agree in definiteness ("مسلحون مجهولون
    النار": النار is the verb's object)."""
    pos = end
    last = key[start:end].split()[-1] if key[start:end].split() else ""
    for ws, we, w in words(key, end, min(limit, end + 60)):
        if key[pos:ws].strip() or w in STOP_WORDS or CLAUSE_BREAK_RE.search(w) or ws in heads:
            break
        if not (w.startswith("ال") or w.endswith(("ي", "يه", "يين", "يون", "ين"))
                or (w in _adjectives() and not last.startswith(("ال", "وال")))):
            break
        if w.startswith("ال") and not last.startswith(("ال", "وال")) and last.endswith(("ون", "ين", "ان")):
            break
        if (last.endswith(("ون", "ان")) and w.endswith("ين")) or (last.endswith("ين") and w.endswith(("ون", "ان"))):
            break  # an adjective agrees in case: "مسلحون عسكريين" is a subject and its object
        if last.startswith(("ال", "وال")) and w.startswith("ال") and not w.endswith(("ي", "يه", "ه", "ين", "ون", "ان")):
            break  # a definite noun after a definite noun is no genitive: "قصفت الميليشيات الشريط الحدودي"
        last = w
        if we - start > 60:
            break
        pos = we
    return pos


@lru_cache(maxsize=1)
def _adjectives() -> frozenset[str]:
    """Indefinite participles that grow an indefinite actor phrase (`actor_units.tsv`, adjective)."""
    return frozenset(same_length_key(f) for r in load_table("actor_units") if r["kind"] == "adjective"
                     for f in variants(r["forms"]))


# Entity kinds that report events and never take part in them (المرصد، وكالة سانا).
REPORTER_KINDS = frozenset({"monitor", "media"})


@lru_cache(maxsize=1)
def _reporters() -> re.Pattern[str]:
    """The opening words of a reporter's phrase (`event_reporters.tsv`)."""
    forms = sorted({same_length_key(f) for r in load_table("event_reporters") for f in variants(r["forms"])}, key=len,
                   reverse=True)
    return re.compile(f"^(?:[وفبل])?(?:{'|'.join(re.escape(f) for f in forms)})(?![{_L}])")
# Asides that interrupt a subject and its verb: "وجيش الفتح -المؤلف من ... أحرار الشام- سيطر".
ASIDE_RE = re.compile(r"(?:^|\s)[-–][^-–\n]{1,120}?[-–](?=\s|$)|\([^()\n]{0,120}\)")
# Nouns whose following actor is the target: "تستهدف مواقع النظام"، "قصف مقرات التنظيم".
TARGET_HEADS = frozenset(same_length_key(w) for w in (
    "مواقع", "موقع", "مقرات", "مقر", "نقاط", "نقطة", "حواجز", "حاجز", "مراكز", "مركز", "تجمعات", "تجمع",
    "معاقل", "معقل", "ثكنة", "ثكنات", "رتل", "آليات", "عناصر", "صفوف", "مواقعا"))
TRIGGER_PREPS = frozenset(same_length_key(w) for w in ("على", "ضد"))  # a trigger's own last word
SIDE_RE = re.compile(f"(?<![{_L}])من\\s+(?:جهه|جهة|طرف|ناحيه|ناحية)(?![{_L}])")  # on the key (ة folded)
ARMED_INTER = (1, 2, 3, 4, 8)


def _reporter(doc: Doc, c: tuple[int, int, dict[str, Any] | None]) -> bool:
    """The phrase names who reported (المرصد، ناشطون، مصادر), not a party to the event."""
    if c[2] and c[2].get("kind") in REPORTER_KINDS:
        return True
    return _reporters().match(same_length_key(text_of(doc)[c[0]:c[1]])) is not None


def _victim(doc: Doc, c: tuple[int, int, dict[str, Any] | None]) -> bool:
    """The phrase is (part of) a casualty figure: "مقتل 9 من المقاتلين الأكراد" names who died."""
    key = text_of(doc)
    return any((x["start"] <= c[0] <= x["end"] and not _agent(doc, x, c))
               or (c[0] > x["end"] and VICTIM_GAP_RE.fullmatch(key[x["end"]:c[0]]))
               for x in casualties_in(doc, max(0, c[0] - 200), c[1]))


def _agent(doc: Doc, x: dict[str, Any], c: tuple[int, int, dict[str, Any] | None]) -> bool:
    """The phrase stands between a casualty's verb and its figure: who killed or took them
    ("خطف مسلحون مجهولون أربعة عمال"، "قتل مسلحون 5 جنود"), not who died."""
    q = index_of(doc).quantities.get(x.get("quantity"))
    if q is None:  # a figure carried by its noun ("ضابطا"، "عسكريين"): the span's last word
        text = text_of(doc)[x["start"] : x["end"]]
        return len(text.split()) > 1 and x["start"] < c[0] and c[1] <= x["start"] + text.rstrip().rfind(" ")
    return x["start"] < c[0] and c[1] <= q["start"]


# Between a figure and the group its victims belong to: "عضوين في جبهة النصرة"، "عناصر من قوات النظام".
VICTIM_GAP_RE = re.compile(
    "\\s*(?:(?:اخرين|آخرين|على الأقل|على الاقل)\\s+)?(?:[وب]?(?:من|في)\\s+"
    "(?:(?:صفوف|أفراد|افراد|عناصر|جنود|منتسبي|ضباط|مقاتلي|أعضاء|اعضاء)\\s+)?"
    "(?:(?:تنظيم|حركة|حركه|جبهة|جبهه|قوات|فصائل|فصيل|جيش|لواء|كتائب|ميليشيا)\\s+)?)?[\"“«(]?\\s*")


def _aside_spans(key: str, sent: tuple[int, int]) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in ASIDE_RE.finditer(key, sent[0], sent[1])]


QUOTE_CHARS = " \t\n«»\"“”"  # between a type word and the name it opens: "مسلحي «داعش»"


def actor_candidates(doc: Doc, key: str, sent: tuple[int, int], *,
                     reporters: bool = False) -> list[tuple[int, int, dict[str, Any] | None]]:
    """(start, end, actor-info) of the actor phrases of a sentence: entities first, then type words.
    Reporters (المرصد، ناشطون، a ministry) are sources, never actors, unless `reporters`: the body
    that announces an arrest made it."""
    found: list[tuple[int, int, dict[str, Any] | None]] = []
    ix = index_of(doc)
    for e in ix.actors.within(*sent):
        found.append((e["start"], e["end"], e["actor"]))
    _, matcher = actor_types()
    hits = ix.actor_types.find(*sent)
    heads = frozenset(h.start for h in hits)
    names = {p["end"] for p in ix.persons.within(max(0, sent[0] - 60), sent[1])}
    for h in hits:
        if any(s < h.end and h.start < e for s, e, _ in found):
            continue
        start = matcher.core_start(key, h)
        if start - 1 in names and key[start - 1] == " ":
            continue  # a family name, not a group: "اعتقال عبد الخالق الحوثي"
        owner = next((i for i, c in enumerate(found)
                      if c[0] > h.end and not key[h.end : c[0]].strip(QUOTE_CHARS)), None)
        if owner is not None:  # "ميليشيات المخلوع صالح"، "عناصر حزب الله"، "مسلحي «داعش»": the type word opens the name
            end = found[owner][1] + (key[found[owner][1] : found[owner][1] + 1] in ("»", "”", '"'))
            found[owner] = (start, end if "«" in key[h.end : found[owner][0]] else found[owner][1], found[owner][2])
            continue
        found.append((start, _extend_phrase(key, h.start, h.end, sent[1], heads), None))
    # a type word after ل ("للشرطة") counts only as the owner of a unit ("دورية للشرطة"): alone it
    # is mostly a complement ("بتهمة العمالة للنظام"), not a party
    found = [c for c in _owned(key, sent, sorted(found, key=lambda c: c[0]))
             if c[2] is not None or not key.startswith("لل", c[0])]
    return sorted((c for c in found if reporters or not _reporter(doc, c)), key=lambda c: c[0])


@lru_cache(maxsize=1)
def _owner_links() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(unit before an owner, link word) of `actor_units.tsv`: "دورية للشرطة"، "طائرات تابعة
    لقوات حفتر"، "مسلحون موالون للحوثيين". The first pattern ends where the owner's phrase begins."""
    rows = load_table("actor_units")

    def alt(kind: str) -> str:
        forms = {same_length_key(f) for r in rows if r["kind"] == kind for f in variants(r["forms"])}
        return "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))

    unit, link = alt("unit") + "|" + alt("target"), alt("link")
    before = re.compile(f"(?<![{_L}])(?:[وف](?=ال|[{_L}]{{3}}))?(?:ال)?(?:{unit})"
                        f"(?:\\s+(?:ال)?(?:{link})(?:\\s+(?:الي|إلى))?)?\\s+ل?$")
    return before, re.compile(f"(?<![{_L}])(?:ال)?(?:{link})(?![{_L}])")


OWNED_REACH = 40  # characters before an owner's phrase searched for its unit noun


@lru_cache(maxsize=1)
def _places_held() -> frozenset[str]:
    """Nouns of the places a force holds (`actor_units.tsv`, target): a phrase opening with one
    ("مواقع للجيش الوطني") is what was hit."""
    return frozenset(same_length_key(f) for r in load_table("actor_units") if r["kind"] == "target"
                     for f in variants(r["forms"]))


def held_place(key: str, c: tuple[int, int, Any]) -> bool:
    """The actor phrase opens with a place its force holds: the target ("مواقع للجيش")."""
    first = key[c[0] : c[1]].split()[:1]
    return bool(first) and (first[0] in _places_held() or (first[0][1:] in _places_held()
                            and first[0][:1] in "وف"))


def _owned(key: str, sent: tuple[int, int],
           cands: list[tuple[int, int, dict[str, Any] | None]]) -> list[tuple[int, int, dict[str, Any] | None]]:
    """Actor phrases grown back over the unit that belongs to them ("دورية للشرطة"، "طائرات تابعة
    لقوات حفتر"): the owner then stands where its unit stands in the clause, so its ل is a genitive,
    not a target. The unit's own candidate ("دورية") is absorbed. Only a ل-genitive or a link word
    ties them: "دورية الشرطة" is one phrase already."""
    before, link = _owner_links()
    grown: list[tuple[int, int, dict[str, Any] | None]] = []
    for c in cands:
        text = key[c[0] : c[1]]
        lam = (text.startswith("ل") and not text.startswith("ال")) or key[c[0] - 1 : c[0]] == "ل"
        m = before.search(key, max(sent[0], c[0] - OWNED_REACH), c[0])
        if m is None or not (lam or link.search(key, m.start(), c[0])):
            grown.append(c)
            continue
        grown.append((m.start(), c[1], c[2]))
    return [g for g in grown if not any((o, e) != g[:2] and o <= g[0] and g[1] <= e for o, e, _ in grown)]


def pick_actors(doc: Doc, key: str, sent: tuple[int, int], hit_start: int, hit_end: int,
                clause_end: int, *, battle: bool = False,
                country: str | None = None) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """actor1 (the attacker when the text says who attacked) and actor2 around one trigger.

    Victims named in a casualty figure are never actor1, an actor inside an aside (-...-، (...))
    is not the subject, and the two slots never hold the same actor. A second attacker joined to
    actor1 by و ("الفرقة الرابعة وحزب الله من جهة") is its associate (`assoc` on actor1)."""
    # a phrase grown over the trigger ("الفصائل التوصل ...") ends where the trigger begins
    cands = [(c[0], c[0] + len(key[c[0] : hit_start].rstrip()), c[2]) if c[0] < hit_start < c[1] else c
             for c in actor_candidates(doc, key, sent)]
    # "ألقى الطيران المروحي براميل"; a trigger that names its doer ("هاجم انتحاريان") is its actor
    inner = [c for c in cands
             if (hit_start < c[0] and c[1] < hit_end) or (c[1] == hit_end and 0 <= c[0] - hit_start <= 2)]
    cands = [c for c in cands if not (c[0] < hit_end and hit_start < c[1])]
    asides = [a for a in _aside_spans(key, sent) if not (a[0] <= hit_start < a[1])]
    cands = [c for c in cands if not any(a0 <= c[0] < a1 for a0, a1 in asides)]
    victims = {c[0] for c in cands if _victim(doc, c)}
    a1 = a2 = None
    after = [c for c in cands if hit_end <= c[0] < clause_end]
    # "معارك بين قوات الأسد وقوات المعارضة"، "بين A وB من جهة، وC من جهة أخرى"
    between = re.search(f"(?<![{_L}])بين(?![{_L}])", key[hit_end:clause_end])
    if between and count_words(key[hit_end : hit_end + between.start()]) <= 12:
        at = hit_end + between.end()
        brk = CLAUSE_BREAK_RE.search(key, at, clause_end)
        rel = RELATIVE_RE.search(key, at, clause_end)
        side = SIDE_RE.search(key, at, min(brk.start() if brk else clause_end, rel.start() if rel else clause_end))
        pool = [c for c in after if c[0] >= at]
        if pool and count_words(key[at : pool[0][0]]) <= 2:
            first = pool[0]
            if side:
                rest = [c for c in pool if c[0] >= side.end()]
                mates = [c for c in pool if first[0] < c[0] < side.start()]
                if rest:
                    return _pair(doc, first, rest[0], mates[:1], country)
                other = _other_side(key, side.end(), clause_end)
                if other is not None:  # "... من جهة والفصال المقاتلة من جهة أخرى": a side no table names
                    return _pair(doc, first, other, mates[:1], country)
            elif len(pool) >= 2:
                return _pair(doc, first, pool[1], [], country)
        first_side = _first_side(key, at, pool[0][0]) if pool and not side else None
        if first_side is not None:  # "بين قوات موالية للحكومة وجماعات مسلحة": a first side no table names
            return _pair(doc, first_side, pool[0], [], country)
    by = re.search(f"(?<![{_L}])(?:من\\s+قبل|علي\\s+يد|علي\\s+ايدي|برصاص|بنيران)(?![{_L}])", key[hit_end:clause_end])
    mates: list[tuple[int, int, dict[str, Any] | None]] = []
    last = key[hit_start:hit_end].split()[-1] if key[hit_start:hit_end].split() else ""
    if inner and inner[0][0] not in victims:
        a1 = inner[0]  # the subject inside a verb-subject-object trigger: "أحرق محتجون سيارات الشرطة"
    else:
        a1 = _adjacent_subject(key, sent, cands, victims, asides, hit_start)
    for c in after:
        if a1 is not None and not mates and a2 is None and c[0] not in victims and AND_RE.fullmatch(key[a1[1]:c[0]]):
            mates.append(c)  # "قصفت الفرقة الرابعة وحزب الله مدينة الزبداني": two attackers
            continue
        gap = key[hit_end : c[0]]
        lead = key[c[0] : c[0] + 2]
        # a trigger ending in its preposition ("أطلق مسلحون النار على") leads to its target
        prev_word = gap.split()[-1] if gap.split() else (last if last in TRIGGER_PREPS else "")
        is_target = ((lead.startswith("ل") and not key[c[0]:c[1]].startswith("ال")) or prev_word in TARGET_PREPS
                     or prev_word in TARGET_HEADS or c[0] in victims or held_place(key, c))
        if by and hit_end + by.end() <= c[0] and a1 is None and count_words(key[hit_end + by.end() : c[0]]) <= 1:
            a1 = c
        elif is_target and a2 is None:
            a2 = c
        elif a1 is None and count_words(gap) <= 2 and not is_target:
            a1 = c
        elif a2 is None and count_words(gap) <= 8:
            a2 = c
    if a2 is None:
        undergoes = [c for c in cands
                     if c[1] <= hit_start and c[0] not in victims and _undergoes(key, sent, c, hit_start)]
        if undergoes:
            a2 = undergoes[-1]  # "تعرضت دورية للشرطة لهجوم": the patrol was attacked
    repel = [c for c in cands if c[1] <= hit_start and c[0] not in victims and _repels(key, sent, c, hit_start)]
    if repel:  # "أحبطت القوات السعودية هجوما لميليشيات صالح": the subject was attacked
        attackers = [x for x in (a1, a2) if x is not None and x[0] >= hit_end]
        a1, a2 = (attackers[0] if attackers else None), repel[-1]
    if a1 is None:
        before = [c for c in cands if c[1] <= hit_start and c[0] not in victims and not held_place(key, c)
                  and c is not a2
                  and count_words(_without(key, c[1], hit_start, asides)) <= 6
                  and not CLAUSE_BREAK_RE.search(_without(key, c[1], hit_start, asides))
                  and not RELATIVE_RE.search(key[c[1]:hit_start])]
        if before:
            a1 = before[-1]
        elif inner:
            a1 = inner[0]
    if battle and a1 is None:
        # "مقتل 25 من عناصر التنظيم و9 من المقاتلين الأكراد في اشتباكات": the dead of both sides
        sides = [c for c in cands if c[0] in victims and c is not a2
                 and ((c[2] or {}).get("inter") or inter_of(key[c[0]:c[1]])[0]) in ARMED_INTER]
        if len(sides) > 1 or (sides and a2 is not None):
            a1 = sides[0]
            if a2 is None:
                a2 = sides[1]
        elif sides:  # one side's dead: the side that was attacked, the attacker is read elsewhere
            a2 = sides[0]
    if a2 is None:
        # the victims of the figure ("قتل 12 شخصا في قصف") are the target
        hurt = [c for c in cands if c[0] in victims and c is not a1]
        if hurt:
            a2 = min(hurt, key=lambda c: abs(c[0] - hit_start))
    return _pair(doc, a1, a2, mates, country)


AND_RE = re.compile(r"\s*و\s*")


def _adjacent_subject(key: str, sent: tuple[int, int], cands: list[tuple[int, int, dict[str, Any] | None]],
                      victims: set[int],
                      asides: list[tuple[int, int]], hit_start: int) -> tuple[int, int, dict[str, Any] | None] | None:
    """The armed phrase right before the verb: the subject of a subject-verb clause ("إن مسلحين
    مجهولين أطلقوا النار على ضابط في الشرطة"), which the phrase after the verb does not displace."""
    for c in cands:
        if (c[1] > hit_start or key[c[1] : hit_start].strip() or c[0] in victims or held_place(key, c)
                or _undergoes(key, sent, c, hit_start)):
            continue
        text = key[c[0] : c[1]]
        if any(a0 <= c[0] < a1 for a0, a1 in asides) or (text.startswith("ل") and not text.startswith("ال")):
            continue
        if ((c[2] or {}).get("inter") or inter_of(text)[0]) in ARMED_INTER:
            return c
    return None
OTHER_SIDE_WORDS = 6  # the longest second side read between "من جهة و" and "من جهة أخرى"


def _other_side(key: str, at: int, end: int) -> tuple[int, int, None] | None:
    """The words of the second side of "بين A من جهة وB من جهة أخرى" when no actor phrase is found
    there: B, whatever it is called ("الفصال المقاتلة", a misspelling, a local group)."""
    nxt = SIDE_RE.search(key, at, end)
    m = re.compile(r"[\s،,]*و").match(key, at, nxt.start() if nxt else at)
    if nxt is None or m is None:
        return None
    s, e = m.end(), len(key[: nxt.start()].rstrip())
    if s >= e or count_words(key[s:e]) > OTHER_SIDE_WORDS or CLAUSE_BREAK_RE.search(key, s, e):
        return None
    return s, e, None


def _first_side(key: str, at: int, second: int) -> tuple[int, int, None] | None:
    """The words of the first side of "بين A وB" when only B is an actor phrase: A, whatever it is
    called ("قوات موالية للحكومة المعترف بها دوليا"), up to the و that joins B."""
    m = re.compile(r"\s+و\s*$").search(key, at, second)
    s, e = at + len(key[at:second]) - len(key[at:second].lstrip()), m.start() if m else at
    if m is None or s >= e or count_words(key[s:e]) > OTHER_SIDE_WORDS or CLAUSE_BREAK_RE.search(key, s, e):
        return None
    return s, e, None


UNDERGO_WORDS = 4  # words between the undergoing verb and its subject's phrase, or the phrase and the trigger


@lru_cache(maxsize=1)
def _undergo() -> re.Pattern[str]:
    """Verbs whose subject undergoes the event after ل (`event_undergo.tsv`), on the key."""
    return form_pattern("event_undergo")


def _undergoes(key: str, sent: tuple[int, int], c: tuple[int, int, Any], hit_start: int) -> bool:
    """The phrase is the subject of "تعرض ... لـ<trigger>": the target."""
    lam = key[hit_start - 1 : hit_start] == "ل" or key.startswith("ل", hit_start)
    if not lam:
        return False
    for m in _undergo().finditer(key, max(sent[0], c[0] - 40), hit_start):
        gap = key[m.end() : c[0]] if m.end() <= c[0] else key[c[1] : m.start()] if m.start() >= c[1] else None
        if gap is not None and count_words(gap) <= UNDERGO_WORDS and not CLAUSE_BREAK_RE.search(gap):
            return True
    return False


@lru_cache(maxsize=1)
def _repel() -> re.Pattern[str]:
    """Verbs of repelling an attack (`event_repel.tsv`), on the key."""
    return form_pattern("event_repel")


REPEL_WORDS = 2  # words (a time: "اليوم"، "أمس") between the verb, its subject and the attack noun


def _repels(key: str, sent: tuple[int, int], c: tuple[int, int, Any], hit_start: int) -> bool:
    """The phrase is the subject of "أحبط/صد/تصدى ... <attack>": the side attacked, not the attacker."""
    gap = key[c[1] : hit_start]
    if count_words(gap) > REPEL_WORDS or CLAUSE_BREAK_RE.search(gap):
        return False
    for m in _repel().finditer(key, max(sent[0], c[0] - 30), c[0]):
        between = key[m.end() : c[0]]
        if count_words(between) <= REPEL_WORDS and not CLAUSE_BREAK_RE.search(between):
            return True
    return False


SUBJECT_WORDS = 25  # how far before its trigger a round-up clause's subject may stand


def sentence_actor(doc: Doc, key: str, sent: tuple[int, int], hit_start: int,
                   other: dict[str, Any] | None, country: str | None = None) -> dict[str, Any] | None:
    """actor1 of a round-up clause that names none: the armed actor its sentence names before the
    trigger ("أمطرت الفصائل المقاتلة، أربع بلدات ... بالقذائف"), never a victim, a reporter or
    the other side."""
    asides = _aside_spans(key, sent)
    near = [c for c in actor_candidates(doc, key, sent) if c[1] <= hit_start
            and count_words(key[c[1]:hit_start]) <= SUBJECT_WORDS]
    for c in near:  # the clause's subject comes first: "وقصفت فصائل معارضة، مواقع للجيش وحزب الله"
        if any(a0 <= c[0] < a1 for a0, a1 in asides) or _victim(doc, c) or _oblique(key, sent, c):
            continue
        item = actor_item(doc, *c, country=country)
        if item.get("inter") in ARMED_INTER and not (other and same_actor(item, other)):
            return item
    return None


@lru_cache(maxsize=1)
def _claims() -> re.Pattern[str]:
    """Words of a claim of responsibility (`event_claims.tsv`), on the key."""
    return form_pattern("event_claims")


CLAIM_WORDS = 5  # how far from the claim word its claimant may stand


def claimant(doc: Doc, key: str, spans: list[tuple[int, int]],
             country: str | None = None) -> dict[str, Any] | None:
    """The armed group that claimed the attack in its sentence or the next: the perpetrator,
    whatever slot the clause gave it ("قتل خمسة جنود في تفجير، وتبنى تنظيم القاعدة الهجوم")."""
    for sent in spans:
        for m in _claims().finditer(key, sent[0], sent[1]):
            near = [c for c in actor_candidates(doc, key, sent)
                    if (c[0] >= m.end() and count_words(key[m.end() : c[0]]) <= 1)
                    or (c[1] <= m.start() and count_words(key[c[1] : m.start()]) <= 0)
                    or (c[1] <= m.start() and count_words(key[c[1] : m.start()]) <= CLAIM_WORDS
                        and not CLAUSE_BREAK_RE.search(key, c[1], m.start()))]
            for c in sorted(near, key=lambda c: min(abs(c[0] - m.end()), abs(m.start() - c[1]))):
                item = actor_item(doc, *c, country=country)
                if item.get("inter") in ARMED_INTER and not _victim(doc, c):
                    return item
    return None


CROWD_HEADS = frozenset(same_length_key(w) for w in (
    "آلاف", "الآلاف", "مئات", "المئات", "عشرات", "العشرات", "حشود", "الحشود", "جموع", "الجموع", "حشد", "أنصار",
    "مؤيدو", "مؤيدي", "أهالي", "الأهالي", "سكان", "السكان", "طلاب", "الطلاب", "عمال", "العمال", "موظفو", "موظفي",
    "الموظفون", "المعلمون", "معلمو", "أسر", "عائلات", "ذوو", "ذوي", "نشطاء", "الناشطون", "شبان", "الشبان", "مواطنون",
    "المواطنون", "المئات", "أعضاء", "محامون", "المحامون", "أطباء", "الأطباء", "صحفيون", "الصحفيون", "تجار", "التجار"))


DURING_RE = re.compile("(?:خلال|اثناء|أثناء)(?:ها|ه|هما)")


def crowd_after(doc: Doc, key: str, hit_start: int, hit_end: int, limit: int) -> dict[str, Any] | None:
    """The demonstrators a protest verb names right after it ("تظاهر آلاف العراقيين"، "اعتصم العمال"),
    or the trigger itself when it names them (المتظاهرون، المحتجين): up to four words from a crowd
    head, ending at a preposition, a time or a punctuation mark."""
    rows, matcher = actor_types()
    for h in index_of(doc).actor_types.find(hit_start, hit_end):
        inter = int(rows[h.row]["inter"])
        if inter in (5, 6):  # "فرقت الشرطة المحتجين"، "المتظاهرون"
            return actor_item(doc, matcher.core_start(key, h), h.end) | {"inter": inter}
    ws = words(key, hit_end, min(limit, hit_end + 80))
    if len(ws) > 1 and DURING_RE.fullmatch(ws[0][2]):
        ws = ws[1:]  # "رشق خلالها الشبان الجنود بالحجارة": the crowd after the adverb
    if not ws or (ws[0][2].lstrip("وف") not in CROWD_HEADS and ws[0][2] not in CROWD_HEADS):
        return None
    end = ws[0][1]
    if len(ws) > 1 and ws[1][2].startswith("ال") and ws[1][2] not in STOP_WORDS and not CLAUSE_BREAK_RE.search(
            key[end : ws[1][1]]) and not index_of(doc).times.within(ws[1][0], ws[1][1]):
        end = ws[1][1]  # "آلاف العراقيين"، "أهالي المختطفين"
    return actor_item(doc, ws[0][0], end) | {"inter": 6}


CROWD_BEFORE_WORDS = 3  # how far before a protest noun its crowd may stand ("نظم مئات الطلاب وقفة احتجاجية")


def crowd_before(doc: Doc, key: str, start: int, hit_start: int,
                 reach: int = CROWD_BEFORE_WORDS) -> dict[str, Any] | None:
    """The demonstrators named just before a protest noun, as the subject of the verb that holds it
    ("نظم مئات الطلاب وقفة احتجاجية"، "شارك آلاف اليمنيين في مسيرة"): a crowd head and the definite
    word after it, in the same clause, within `reach` words of the trigger."""
    ws = words(key, start, hit_start)[-reach:]
    for i, (s, e, w) in enumerate(ws):
        if w.lstrip("وف") not in CROWD_HEADS and w not in CROWD_HEADS:
            continue
        if CLAUSE_BREAK_RE.search(key, s, hit_start):
            return None
        end = e
        if i + 1 < len(ws) and ws[i + 1][2].startswith("ال") and ws[i + 1][2] not in STOP_WORDS:
            end = ws[i + 1][1]
        return actor_item(doc, s, end) | {"inter": 6}
    return None


def previous_actor(doc: Doc, key: str, prev: tuple[int, int] | None,
                   other: dict[str, Any] | None, country: str | None = None) -> dict[str, Any] | None:
    """actor1 of an event whose sentence names no attacker: the armed subject of the sentence
    before ("هاجم مسلحون حوثيون مواقع المقاومة. وقتل في الهجوم 4"), never a victim, a reporter, a
    phrase after a preposition, or the other side."""
    if prev is None:
        return None
    asides = _aside_spans(key, prev)
    for c in actor_candidates(doc, key, prev):
        if any(a0 <= c[0] < a1 for a0, a1 in asides) or _victim(doc, c) or _oblique(key, prev, c):
            continue
        item = actor_item(doc, *c, country=country)
        if item.get("inter") in ARMED_INTER and not (other and same_actor(item, other)):
            return item
    return None


# ACLED actor names that carry the country of the event: "Unidentified Armed Group (Yemen)".
BY_COUNTRY = ("Unidentified Armed Group", "Civilians", "Protesters", "Rioters")
CROWDS = {5: "Rioters", 6: "Protesters", 7: "Civilians"}  # a crowd named by a phrase of no table ("آلاف العراقيين")


def with_country(actor: dict[str, Any] | None, country: str | None) -> dict[str, Any] | None:
    """ACLED names unidentified armed men, civilians, protesters and rioters by the country of the
    event: "مسلحون مجهولون" in Aden is "Unidentified Armed Group (Yemen)", "آلاف العراقيين" marching
    in Baghdad "Protesters (Iraq)", whatever country a table row says."""
    name = str((actor or {}).get("canonical") or "")
    base = next((b for b in BY_COUNTRY if name == b or name.startswith(b + " (")), None)
    if actor is not None and base is None and not name.isascii() and actor.get("inter") in CROWDS:
        base = CROWDS[actor["inter"]]
    if actor is None or base is None or not country:
        return actor
    from rasd.admin import country_name  # one English name table for the whole project

    return actor | {"canonical": f"{base} ({country_name(country)})"}


def _oblique(key: str, sent: tuple[int, int], c: tuple[int, int, dict[str, Any] | None]) -> bool:
    """The phrase follows a preposition or a noun it qualifies ("القيادي بتنظيم القاعدة"، "عناصر
    من قوات النظام"، "مواقع النظام"): not a subject."""
    word = key[c[0] : c[1]].split()[0] if key[c[0] : c[1]].split() else ""
    if word[:1] in ("ب", "ل", "ك") and not word.startswith("ال") and len(word) > 3:
        return True
    if held_place(key, c):
        return True
    if c[0] > 0 and key[c[0] - 1] in "بلك" and (c[0] < 2 or not key[c[0] - 2].isalpha()):
        return True  # the clitic left outside the phrase: "لقوات المعارضة"
    prev = key[max(sent[0], c[0] - 30) : c[0]].split()
    if not prev:
        return False
    w = prev[-1][1:] if prev[-1][:1] in ("و", "ف") and len(prev[-1]) > 3 else prev[-1]
    return (w in STOP_WORDS and w not in SUBJECT_OPENERS) or w in TARGET_HEADS or w in TARGET_PREPS


SUBJECT_OPENERS = frozenset(same_length_key(w) for w in ("أن", "إن", "ان", "بينما", "فيما", "حيث", "كما", "و"))


BARREL_RE = re.compile(f"(?<![{_L}])(?:[وب]?ال)?براميل(?![{_L}])")


def barrel_actor(doc: Doc, key: str, sent: tuple[int, int]) -> dict[str, Any] | None:
    """Barrel bombs in Syria are dropped by the regime's helicopters: the text saying براميل names
    the Syrian air force as the attacker (ACLED codes it so; nothing else is assumed)."""
    m = BARREL_RE.search(key, sent[0], sent[1])
    if m is None:
        return None
    item = actor_item(doc, m.start(), m.end())
    item.update(canonical="Military Forces of Syria", inter=1)
    return item


@lru_cache(maxsize=1)
def _arrest_nouns() -> re.Pattern[str]:
    """Nouns of an arrest (`event_arrest_nouns.tsv`), on the key."""
    return form_pattern("event_arrest_nouns")


ARREST_STATE_INTER = 1  # a state force after "ضبط" (a past verb too) is its subject: "ضبط رجال الأمن"


def arrest_sides(doc: Doc, key: str, sent: tuple[int, int], hit_start: int, hit_end: int,
                 a1: dict[str, Any] | None, a2: dict[str, Any] | None,
                 country: str | None = None) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """ACLED's sides of an arrest named by a noun ("اعتقال"، "القبض على"، "ضبط"): what follows the
    noun is the arrested (actor2), never the arrester; the arrester (actor1) is the armed force or
    body that the sentence names before the noun, announcing or making the arrest ("أعلنت وزارة
    الداخلية الكويتية ضبط شبكة"، "أعلن جيش الاحتلال اعتقال ستة مواطنين")."""
    m = _arrest_nouns().search(key, max(sent[0], hit_start - 3), hit_end)
    if m is None or m.start() > hit_start + 3:
        return a1, a2  # a verb ("اعتقلت قوات الأمن ناشطين"): its subject follows it
    if a1 is not None and a1["start"] >= hit_start and a1.get("inter") != ARREST_STATE_INTER:
        if a2 is None or same_actor(a1, a2) or a1["start"] < a2["start"]:  # the nearer is the object
            a2 = a1
        a1 = None
    if a1 is None:
        for c in reversed(actor_candidates(doc, key, sent, reporters=True)):
            text = key[c[0] : c[1]]
            if (c[1] > hit_start or _victim(doc, c) or held_place(key, c)
                    or (text[:1] in ("ل", "ب") and not text.startswith("ال"))):
                continue
            item = actor_item(doc, *c, country=country)
            if item.get("inter") in ARMED_INTER and not (a2 and same_actor(item, a2)):
                return item, a2
    return a1, a2


@lru_cache(maxsize=1)
def _aircraft() -> re.Pattern[str]:
    """Aircraft named without an owner (`event_aircraft.tsv`), on the key."""
    return form_pattern("event_aircraft")


def aircraft_actor(doc: Doc, key: str, sent: tuple[int, int]) -> dict[str, Any] | None:
    """actor1 of an air strike whose sentence names no armed actor: the aircraft the text names
    ("قتل طفلان في غارة من طائرات حربية"), as written and unidentified -- no owner is guessed."""
    m = _aircraft().search(key, sent[0], sent[1])
    if m is None:
        return None
    found = key[m.start() : m.end()]
    start = m.start() + len(found) - len(found.lstrip("وفبلك"))  # every form opens with ط or م
    return actor_item(doc, start, m.end())


@lru_cache(maxsize=1)
def _holders() -> re.Pattern[str]:
    """Words naming who held a place (`event_holders.tsv`), on the key."""
    return form_pattern("event_holders")


HOLDER_WORDS = 1  # words between the holding word and its holder ("الخاضعة لجماعة «الشباب»")


def holder_actor(doc: Doc, key: str, sent: tuple[int, int], hit_end: int,
                 other: dict[str, Any] | None, country: str | None = None) -> dict[str, Any] | None:
    """actor2 of a territory event whose clause names none: the armed side its sentence says held the
    place ("سيطرت القوات على مدينة باردهير ... الخاضعة لجماعة الشباب"), never actor1 itself."""
    cands = actor_candidates(doc, key, sent)
    for m in _holders().finditer(key, hit_end, sent[1]):
        for c in cands:
            if c[0] < m.end() or count_words(key[m.end() : c[0]].replace("«", " ")) > HOLDER_WORDS:
                continue
            item = actor_item(doc, *c, country=country)
            if item.get("inter") in ARMED_INTER and not (other and same_actor(item, other)):
                return item
            break
        item = _holder_phrase(doc, key, m.end(), sent[1], country)
        if item is not None and not (other and same_actor(item, other)):
            return item  # "لجماعة «الشباب»": a name the actor tables know, no phrase of the sentence
    return None


HOLDER_PHRASE_RE = re.compile(r"\s*(?:ل(?!ل))?([^\s،,.؛:()]+(?:\s+«?[^\s،,.؛:()«»]+»?)?)")


def _holder_phrase(doc: Doc, key: str, at: int, end: int, country: str | None) -> dict[str, Any] | None:
    """The one or two words after a holding word, as an armed actor of the tables, or None."""
    m = HOLDER_PHRASE_RE.match(key, at, end)
    if m is None:
        return None
    name, inter = _actor_lookup(re.sub("[«»]", "", text_of(doc)[m.start(1) : m.end(1)]), country)
    if not name or inter not in ARMED_INTER:  # only a name the actor tables know
        return None
    return actor_item(doc, m.start(1), m.end(1), country=country) | {"canonical": name, "inter": inter}


def _without(key: str, start: int, end: int, asides: list[tuple[int, int]]) -> str:
    """key[start:end] with the asides inside it left out."""
    out, pos = [], start
    for a0, a1 in asides:
        if a0 >= start and a1 <= end:
            out.append(key[pos:a0])
            pos = a1
    out.append(key[pos:end])
    return " ".join(out)


def _pair(doc: Doc, a1: tuple[int, int, dict[str, Any] | None] | None,
          a2: tuple[int, int, dict[str, Any] | None] | None,
          mates: list[tuple[int, int, dict[str, Any] | None]],
          country: str | None = None) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The actor items, named as ACLED names them in the event's country; the same actor in both
    slots keeps only actor1."""
    i1 = actor_item(doc, *a1, country=country) if a1 else None
    i2 = actor_item(doc, *a2, country=country) if a2 else None
    if i1 and i2 and same_actor(i1, i2):
        i2 = None
    if i1 and mates:
        assoc = actor_item(doc, *mates[0], country=country)
        if not same_actor(i1, assoc) and not (i2 and same_actor(i2, assoc)):
            i1["assoc"] = assoc
    return i1, i2


def same_actor(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Two actor items that name the same actor (same text, or the same specific ACLED name)."""
    if canonical_key(a.get("text") or "") == canonical_key(b.get("text") or ""):
        return True
    ca, cb = a.get("canonical"), b.get("canonical")
    return bool(ca) and ca == cb and a.get("inter") not in (None, 7)


# ---------------------------------------------------------------- source

THAT_RE = re.compile("[فو]?[اأإ]ن(?:ه|ها|هم)?")  # "أن"، "أنه"، "إنها": the report begins


def _phrase_after(doc: Doc, key: str, pos: int, end: int) -> tuple[int, int] | None:
    """The reporter's name after a cue: up to 6 words, ending at a clause break, a date or a function word."""
    ix = index_of(doc)
    times = [(t["start"], t["end"]) for t in ix.times.within(pos, end)]
    rows = triggers()[0]
    # a reporter's name never holds what it reports: "أفاد المرصد بمقتل تسعة"، "أعلن الجيش اعتقال ستة"
    # end before the trigger (a definite word, "أحد المتظاهرين", may still be part of the name)
    told = [(h.start, h.end) for h in ix.triggers.find(pos, end) if rows[h.row]["role"] not in ("cue", "block")]
    # ... nor a figure: "أفاد المرصد بمقتل تسعة" ends before the word that leads to the figure
    figures = [q["start"] for q in doc._.quantities or [] if pos <= q.get("start", -1) < end]
    first = last = None
    ws_all = words(key, pos, min(end, pos + 80))
    for n, (ws, we, w) in enumerate(ws_all):
        w_clean = w.strip(".،,؛:\"“”«»()")
        reported = not w_clean.lstrip("وفب").startswith("ال") and any(ts < we and ws < te for ts, te in told)
        leads = n + 1 < len(ws_all) and ws_all[n + 1][0] in figures and w_clean[:1] in ("ب", "ل")
        if first is not None and (ws in figures or (leads and not w_clean.startswith(("بال", "لل")))):
            break
        if any(ts <= ws < te for ts, te in times) or reported:
            break
        bare = w_clean[2:] if w_clean.startswith(("بأ", "بإ", "با")) and len(w_clean) <= 4 else w_clean
        if THAT_RE.fullmatch(bare):
            break  # "وأكد أن معظم القتلى": a verb with no reporter after it names no one
        if first is not None and (w_clean in STOP_WORDS or w_clean.startswith(("بان", "بأن", "لان"))):
            break
        if first is None and w_clean in ("ما", "عن"):
            continue
        if first is None:
            first = ws
        last = ws + len(w.rstrip(".،,؛:\"“”«»()"))
        if w != w.rstrip(".،,؛:\"“”«»()") or we - first > 70 or count_words(key[first:we]) >= 6:
            break
    if first is None or last is None or last <= first:
        return None
    return first, last


def _plausible_name(text: str) -> bool:
    """A reporter's name is a few words without sentence punctuation."""
    return bool(text.strip()) and count_words(text) <= 8 and not re.search(r"[.؟?!:؛]", text)


def pick_source(doc: Doc, key: str, sent: tuple[int, int], hit_start: int,
                parent: tuple[int, int] | None = None) -> dict[str, Any] | None:
    """Who in the article reported the event: the speaker of the quote holding it, else a source
    cue in its clause, else one in its sentence (`parent`: "قتل 7 أشخاص، حسبما قال مسؤول محلي"),
    else the reporter whose report the sentence continues (`_lead_source`)."""
    ix = index_of(doc)
    for q in ix.quotes.holding(hit_start):
        sp = q.get("speaker") or {}
        if isinstance(sp.get("start"), int):
            text = text_of(doc)[sp["start"] : sp["end"]]
            denied = NEGATED_CUE_RE.search(key[max(0, sp["start"] - 24) : sp["start"]])
            if _plausible_name(text) and (not sp.get("text") or sp["text"] == text) and not denied:
                at = (sp["start"], sp["end"])
                if _document(key, at):
                    at = _issuer(doc, key, at[0]) or at
                return {"text": text_of(doc)[at[0]:at[1]], "start": at[0], "end": at[1]}
    best = _cue_source(doc, key, sent, hit_start)
    if best is None and parent is not None and parent != sent:
        best = _cue_source(doc, key, parent, hit_start)
    if best is None:
        best = _lead_source(doc, key, (parent or sent)[0])
    if best is not None and _document(key, best):
        best = _issuer(doc, key, best[0]) or best
    if best is None:
        return None
    return {"text": text_of(doc)[best[0]:best[1]], "start": best[0], "end": best[1]}


# A reporter that is a document, not who wrote it: "وأضاف البيان"، "أفاد بيان للوزارة".
DOCUMENT_RE = re.compile(f"(?:^|\\s)[وف]?(?:ال)?(?:بيان|بلاغ|تقرير)(?:ها|ه)?(?![{_L}])")


def _document(key: str, span: tuple[int, int]) -> bool:
    """The reporter is a bare document ("البيان"، "بيان للوزارة"), not one naming its issuer ("بيان
    صادر عن قيادة الجيش")."""
    text = key[span[0]:span[1]]
    return DOCUMENT_RE.match(text) is not None and count_words(text) <= 2 and not ISSUED_RE.search(text)


ISSUED_RE = re.compile(f"(?<![{_L}])(?:صادر|صدر|عن|من)(?![{_L}])")


def _issuer(doc: Doc, key: str, start: int) -> tuple[int, int] | None:
    """Who issued the statement a reporter names ("أعلنت وزارة الداخلية ... . وأضاف البيان"): the
    nearest reporter before it, up to LEAD_SENTENCES back, that is not itself a document."""
    before = [s for s in (doc._.sentence_spans or []) if s[0] < start][-LEAD_SENTENCES:]
    for s in reversed(before):
        span = _cue_source(doc, key, (s[0], min(s[1], start)), min(s[1], start))
        if span is not None and span[1] <= start and not DOCUMENT_RE.search(key[span[0]:span[1]]) \
                and not re.match("(?:في|من|عن)\\s", key[span[0]:span[1]]):
            return span
    return None


def _cue_source(doc: Doc, key: str, sent: tuple[int, int], hit_start: int,
                lead_only: bool = False) -> tuple[int, int] | None:
    """The reporter's span a source cue of `sent` names: a preposition's object ("بحسب وزارة
    الصحة") anywhere, a reporting verb's subject when the verb opens the sentence or comes before
    the event, or after it when "ما" makes it an attribution ("وذلك بحسب ما أفادت مصادر عسكرية",
    "حسبما قال مسؤول"). With `lead_only`, only a verb that opens the sentence."""
    rows = _sources()[0]
    best = None
    for h in index_of(doc).sources.find(*sent):
        kind = rows[h.row]["kind"]
        if BETWEEN_RE.fullmatch(key[h.start:h.end]) and key[sent[0]:h.start].strip(" \t\n،,وف"):
            continue  # "اشتباكات بين قوات النظام وداعش": the preposition, not the verb بيّن
        if NEGATION_RE.search(key[max(sent[0], h.start - 6):h.start]):
            continue  # "ولم يذكر البيان أي تفاصيل": no report
        opens = count_words(key[sent[0]:h.start]) <= 2
        if lead_only and not (kind == "verb" and opens):
            continue
        if kind == "verb" and not opens and h.start > hit_start and not ATTRIBUTION_RE.search(key[sent[0]:h.start]):
            continue
        span = _phrase_after(doc, key, h.end, sent[1])
        if span is None:
            continue
        if kind == "prep" or best is None:
            best = span
            if kind == "prep":
                break
    return best


# The verb بيّن ("showed") is spelt like the preposition بين ("between"): only the opening word is the verb.
BETWEEN_RE = re.compile("[وف]?بين")
NEGATION_RE = re.compile(f"(?<![{_L}])[وف]?(?:لم|لا|لن)\\s+$")
NEGATED_CUE_RE = re.compile(f"(?<![{_L}])[وف]?(?:لم|لا|لن)\\s+[{_L}]+\\s+$")  # "ولم يذكر البيان"
# What makes a reporting verb after the event an attribution: "حسبما قال"، "بحسب ما أفادت".
ATTRIBUTION_RE = re.compile(f"(?:(?<![{_L}])ما|حسبما|وفقما)\\s*$")
LEAD_SENTENCES = 12  # how many sentences back a report's opening may stand


def _lead_source(doc: Doc, key: str, start: int) -> tuple[int, int] | None:
    """The reporter of the report a sentence continues: walking back over the sentences before
    `start`, the first one naming any reporter decides — its reporter when a reporting verb opens
    it ("أعلن المرصد السوري أنه ... . كما نفذ الطيران الحربي 3 غارات ..."), else none (a
    reporter told mid-sentence or a quote reports that sentence only)."""
    ix = index_of(doc)
    before = [s for s in (doc._.sentence_spans or []) if s[1] <= start][-LEAD_SENTENCES:]
    for s in reversed(before):
        if ix.quotes.within(*s) or ix.sources.find(*s):
            return _cue_source(doc, key, s, s[1], lead_only=True)
    return None


# ---------------------------------------------------------------- casualties

def casualties_in(doc: Doc, start: int, end: int) -> list[dict[str, Any]]:
    """The casualty items of [start, end) with a count."""
    return index_of(doc).casualties.within(start, end)


def tally(items: list[dict[str, Any]], kind: str, text: str | None = None) -> int | None:
    """The figure of one kind in one clause; None when none.

    ACLED sums the deaths of all victim groups of an event ("مقتل 8 أطفال و3 نساء" = 11) but
    takes the lowest figure when sources report the same total twice ("قتل 18 شخصا ... ما تسبب
    بمقتل 18 شخصا" = 18). Figures joined by و (text between them ≤ a few words) are one list and
    add up; figures told apart are separate reports: the same victims (or unnamed ones) keep the
    lowest, different victims add up. A toll that rose to a figure is the clause's total."""
    found = sorted((c for c in items if c.get("kind") == kind and isinstance(c.get("count"), (int, float))),
                   key=lambda c: c["start"])
    if not found:
        return None
    if any(c.get("total") for c in found):  # "ارتفعت الحصيلة إلى 4 ... بعد وفاة أحد الجرحى": the new total
        found = [c for c in found if c.get("total")]
    lists: list[list[dict[str, Any]]] = []
    for c in found:
        if lists and text is not None and LIST_GAP_RE.fullmatch(text[lists[-1][-1]["end"] : c["start"]]):
            lists[-1].append(c)
        else:
            lists.append([c])
    reports: list[tuple[frozenset[str], int]] = []
    for lst in lists:
        whos = frozenset(str(c.get("who")) for c in lst if c.get("who"))
        total = int(sum(c["count"] for c in lst))
        same = next((n for n, (w, _) in enumerate(reports) if not w or not whos or w & whos), None)
        if same is None:
            reports.append((whos, total))
        else:
            w, t = reports[same]
            reports[same] = (w | whos, min(t, total))
    return sum(t for _, t in reports)


# What joins the figures of one list: "و"، "، و"، or a few words of the first group ("من التنظيم و").
LIST_GAP_RE = re.compile(f"(?:[\\s،,]*(?:[{_L}]+\\s+){{0,3}}?)?[\\s،,]*و\\s*")
