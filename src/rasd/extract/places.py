"""The `places` component: place mentions -> gazetteer places with coordinates and admin1.

Mentions come from `rasd.geo.match` (clitics, spacing, frames, directions), choices from
`rasd.geo.resolve` (document context, parents, feature, population). Items follow
`extract/base.py`; beyond the spec's fields every place carries
- `admin2`, `admin3` (English names of the district and sub-district, null when unknown) and
  `pcode`: the OCHA P-code of the most specific admin unit known to hold or be the place (a
  Yemeni village: its uzla's, YE151721; a Syrian town: its governorate's, SY02; null when none);
- `geo_precision` (ACLED: 1 the town, village or neighbourhood itself; 2 a district or
  sub-district, or an area near or around a town; 3 a governorate, a governorate's countryside, a
  region or a country), also as `precision` (its older name, kept);
`admin_fields(place)` gives these (and admin1) for an event's location. A mention may carry:
- `direction` (north, south, …, northwest, centre);
- `phrase` ({start, end, text}) -- the whole phrase (ريف حماة الشمالي) when cues surround the name;
- `in_agreement: true` for a place naming an agreement or process (اتفاق سوتشي، مسار أستانة):
  a place mention, never an event location;
- `parent` -- the id of the place named as its surroundings (مورك شمال حماة -> حماة);
- `in_actor: true` for a place inside an actor's name or description (قوات سوريا الديمقراطية,
  an ORG entity; ذراع القاعدة في سورية, an affiliation cue of places_cues.tsv before a country or
  province; تنظيم ولاية سيناء، أنصار بيت المقدس, a `name` cue), `in_slogan: true` (with `aside`)
  for a place inside a chanted or written slogan (هتفوا «الموت لأمريكا»), and `aside: true` for
  a place inside a bracketed aside ("(فرع القاعدة في سوريا)", "(مصر والبحرين واليمن)") -- not a
  bracket right after a place, which qualifies it ("عين العرب (كوباني)", "منبج (بلدة شمال شرق
  حلب)"): place mentions, but weak event locations;
- `dateline: true` for a place in a byline (عين اليوم – بغداد، رويترز- القاهرة:): where the report
  was filed, reported as a place although the byline is boilerplate; weak as an event location.
Entities that are places get GPE/LOC/FAC; places the NER missed are added as entities.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from rasd.extract.base import text_of
from rasd.extract.spans import Spans
from rasd.geo.index import Gazetteer, Place, gazetteer
from rasd.geo.keys import WORD_RE
from rasd.geo.match import Mention, clitic_forms, cues, find
from rasd.geo.resolve import FACILITY, Choice, resolve
from rasd.lexicon import load_table, variants
from rasd.text.keys import place_key

LOC_FEATURES = frozenset(["RGN", "MTS", "PLN", "VAL", "PLAT", "PEN", "ISL", "HLL", "MT"])
COARSE = frozenset({"PCLI", "ADM1", "RGN", "MTS", "PLN", "PLAT", "PEN", "VAL"})
PARENT_GAP_WORDS = 3
AWAY_PREPS = frozenset({"from", "to", "towards"})  # "حميميم من منطقة إدلب": Y is not X's surroundings


@Language.component("rasd_places")
def places(doc: Doc) -> Doc:
    """Fill `doc._.places` and mark place entities."""
    text = text_of(doc)  # read once: `doc.text` rebuilds the string from every token per access
    lines = doc._.boilerplate or []
    # a byline's city ("عين اليوم – بغداد", "رويترز- القاهرة:") is where the report was filed: a
    # place of the article (marked `dateline`), while nothing else of the boilerplate is
    inside = Spans((b["start"], b["end"]) for b in lines if b.get("kind") != "byline")
    bylines = Spans((b["start"], b["end"]) for b in lines if b.get("kind") == "byline")
    people = [(e["start"], e["end"]) for e in doc._.entities or []
              if e.get("label") == "PER" and isinstance(e.get("start"), int) and isinstance(e.get("end"), int)]
    items = extract(text, gazetteer(), skip=lambda s, e: inside.overlaps(s, e) or _adverb(doc, s, e), people=people)
    doc._.places = [{"start": (s := it.pop("start")), "end": (e := it.pop("end")), "text": text[s:e],
                     "id": f"p{i}", **it} for i, it in enumerate(items, 1)]
    for p in doc._.places:
        if bylines.overlaps(p["start"], p["end"]):
            p["dateline"] = True
    _mark_actor_names(doc._.places, doc._.entities or [])
    mark_entities(doc, text)
    return doc


def extract(text: str, gaz: Gazetteer, skip=None, people: list[tuple[int, int]] | None = None) -> list[dict[str, Any]]:
    """Place items (canonical offsets) of a text; `skip(start, end)` drops mentions (boilerplate);
    `people`: the spans of person names (the NER's PER entities), whose words are no places."""
    ws, mentions = find(text, gaz)
    mentions = [m for m in mentions if not m.street]
    if skip is not None:
        mentions = [m for m in mentions if not skip(m.start, m.end)]
    _propagate_agreements(text, mentions)
    choices = resolve(mentions, _parents(text, mentions), text, ws)
    choices = _without_appositions(text, choices)
    if people:
        choices = _without_people(text, choices, people)
    position = {c.index: k for k, c in enumerate(choices)}
    items = [_item(text, c) for c in choices]
    ends = {c.mention.end for c in choices}
    asides = [(a, b) for a, b in _brackets(text) if not _qualifies_a_place(text, a, ends)]
    starts = [a for a, _ in asides]
    slogans = _slogans(text)
    for c, item in zip(choices, items, strict=True):
        if any(a <= c.mention.start and c.mention.end <= b for a, b in slogans):
            item["aside"] = item["in_slogan"] = True
        if c.parent in position:
            item["parent"] = f"p{position[c.parent] + 1}"
        k = bisect_right(starts, c.mention.start) - 1
        if k >= 0 and asides[k][1] >= c.mention.end:
            item["aside"] = True
    return items


def _without_appositions(text: str, choices: list[Choice]) -> list[Choice]:
    """"العاصمة العراقية بغداد": a description right before the name of the same place is no
    second place (the name stays)."""
    out = []
    for c, n in itertools.zip_longest(choices, choices[1:]):
        if n is not None and n.place.pid == c.place.pid and n.mention.first == c.mention.last + 1 \
                and not text[c.mention.end:n.mention.start].strip():
            continue
        out.append(c)
    return out


TOWN_OR_SMALLER = frozenset({"PPL", "PPLX"})


def _without_people(text: str, choices: list[Choice], people: list[tuple[int, int]]) -> list[Choice]:
    """Names inside a person's name ("محمد علي الشدادي", "فهد حمد") are no places; nor, elsewhere
    in the article, is a town or village named like the last word of such a name ("وكان الشدادي")."""
    inside = [c for c in choices if any(_surname(text, a, b, c.mention) for a, b in people)]
    surnames = {place_key(text[c.mention.start:c.mention.end]) for c in inside if c.mention.first == c.mention.last}
    drop = {id(c) for c in inside}
    drop |= {id(c) for c in choices if c.place.feature in TOWN_OR_SMALLER and c.mention.first == c.mention.last
             and place_key(text[c.mention.start:c.mention.end]) in surnames}
    return [c for c in choices if id(c) not in drop]


def _surname(text: str, start: int, end: int, m: Mention) -> bool:
    """Whether the mention is a later word of the person's name [start, end) -- not its first word
    nor a name coordinated by و (the NER may take "كفرزيتا واللطامنة" for a person)."""
    if not (start < m.start and m.end <= end) or m.conj:
        return False
    if m.stripped and text.startswith("ال", m.start) and text[m.start - 1] in "بلك":
        return False  # "مستشفى الملك عبد العزيز بالطائف": a preposition glued to ال- opens no name
    return not any(w in ("و", "او") for w in WORD_RE.findall(text[start:m.start]))


QUOTE_RE = re.compile(r"«([^«»\n]{1,120})»|\"([^\"\n]{1,120})\"|“([^“”\n]{1,120})”")
SLOGAN_WORDS = 12  # a quoted phrase this short after a chant word is a slogan
SLOGAN_GAP = 5  # words between the chant word and the quote (هتف المتظاهرون في الساحة «...»)


def _slogans(text: str) -> list[tuple[int, int]]:
    """Spans of chanted or written slogans: a short quote within a few words after a `slogan` cue
    of places_cues.tsv (هتفوا «الموت لأمريكا»، رفعوا لافتات كتب عليها "القدس لنا")."""
    out = []
    for q in QUOTE_RE.finditer(text):
        inner = next(g for g in q.groups() if g is not None)
        if len(WORD_RE.findall(inner)) > SLOGAN_WORDS:
            continue
        before = WORD_RE.findall(text[max(0, q.start() - 80):q.start()])[-SLOGAN_GAP:]
        if any(cues().get(form, ("", ""))[0] == "slogan" for w in before for form, _ in clitic_forms(place_key(w))):
            out.append((q.start(), q.end()))
    return out


BRACKETS = {"(": ")", "[": "]"}


def _qualifies_a_place(text: str, opening: int, ends: set[int]) -> bool:
    """A bracket that qualifies a place -- an alias or a location, not an aside: right after the
    place or after one more word ("عين العرب (كوباني)", "كوباني السورية (عين العرب)", "منبج (بلدة شمال
    شرق حلب)"), or opening on a location cue ("نبل والزهراء (في حلب)", "زحلة (شرق لبنان)")."""
    k = _skip_back_spaces(text, opening)
    if k in ends:
        return True
    word = k
    while word > 0 and text[word - 1].isalpha():
        word -= 1
    if word < k and _skip_back_spaces(text, word) in ends:
        return True
    first = WORD_RE.search(text, opening + 1, min(len(text), opening + 40))
    if first is None:
        return False
    key = place_key(first.group())
    return key in ("في", "فى") or cues().get(key, ("", ""))[0] in ("direction", "frame")


MAX_ASIDE = 300  # an opening bracket left open this long closes nothing


def _skip_back_spaces(text: str, k: int) -> int:
    while k > 0 and text[k - 1] in " \u00a0":
        k -= 1
    return k


BRACKET_RE = re.compile(r"[()\[\]]")


def _brackets(text: str) -> list[tuple[int, int]]:
    """(open, close) offsets of the bracketed asides, outermost only, in order (one regex pass over
    the bracket characters only)."""
    out: list[tuple[int, int]] = []
    opened, want = -1, ""
    for hit in BRACKET_RE.finditer(text):
        k, ch = hit.start(), hit.group()
        if opened >= 0 and k - opened > MAX_ASIDE:
            opened = -1
        if opened < 0 and ch in BRACKETS:
            opened, want = k, BRACKETS[ch]
        elif opened >= 0 and ch == want:
            out.append((opened, k))
            opened = -1
    return out


def _mark_actor_names(items: list[dict[str, Any]], entities: list[dict[str, Any]]) -> None:
    """`in_actor` for a place strictly inside an ORG entity (قوات سوريا الديمقراطية)."""
    orgs = sorted((e["start"], e["end"]) for e in entities
                  if e.get("label") == "ORG" and isinstance(e.get("start"), int) and isinstance(e.get("end"), int))
    if not orgs:
        return
    starts = [s for s, _ in orgs]
    reach = list(itertools.accumulate((e for _, e in orgs), max))
    for it in items:
        k = bisect_right(starts, it["start"]) - 1
        if k >= 0 and reach[k] >= it["end"] and _inside_org(orgs, k, it["start"], it["end"]):
            it["in_actor"] = True


def _inside_org(orgs: list[tuple[int, int]], k: int, start: int, end: int) -> bool:
    """Whether an ORG among orgs[..k] holds [start, end) and is longer than it (back to the first
    that can reach it)."""
    for j in range(k, -1, -1):
        s, e = orgs[j]
        if e >= end and (s, e) != (start, end):
            return True
        if j and orgs[j - 1][1] < start and s < start - 200:
            return False
    return False


def _adverb(doc: Doc, start: int, end: int) -> bool:
    """`جواً / برياً` lose their tanween in the canonical text and then read as names: look at the original."""
    cleaned = doc._.clean
    if cleaned is None:
        return False
    o_start, o_end = cleaned.span(start, end)
    return "\u064b" in cleaned.original[o_start:o_end + 1]


def _parents(text: str, mentions: list[Mention]) -> dict[int, int]:
    """'X شمال Y', 'X في ريف Y', 'X بريف Y': Y is X's parent (the next mention within a few words)."""
    out = {}
    for i, (m, n) in enumerate(itertools.pairwise(mentions)):
        gap = n.first - m.last - 1
        glued_in = n.stripped and n.start > 0 and text[n.start - 1] == "ب"  # بالغوطة: "in" glued on
        glued_in = glued_in or (n.frame is not None and n.phrase_start < n.start and text[n.phrase_start] == "ب")
        cue = (n.direction or n.frame == "around" or n.prep == "in" or glued_in) and n.prep not in AWAY_PREPS
        coordinated = text[n.phrase_start:n.phrase_start + 1] in ("و", "ف")
        if (gap > 0 or glued_in) and gap <= PARENT_GAP_WORDS and cue and not n.agreement and not coordinated:
            between = text[m.end:n.phrase_start]
            if "،" not in between and "," not in between and "." not in between and not _distance(between):
                out[i] = i + 1
    return out


@cache
def _distance_re() -> re.Pattern[str]:
    """A number and a unit of length (units.tsv: km, m, mile)."""
    forms = sorted({f for r in load_table("units") if r["unit"] in ("km", "m", "mile") for f in variants(r["forms"])},
                   key=len, reverse=True)
    return re.compile(r"[0-9٠-٩]+(?:[.,٫][0-9٠-٩]+)?\s*(?:" + "|".join(map(re.escape, forms)) + r")")


def _distance(between: str) -> bool:
    """"X (370 كلم شمال Y)", "X على بعد 20 كيلومترا جنوب Y": Y is a reference point, not X's
    surroundings (X may lie far from it)."""
    return _distance_re().search(between) is not None


def _propagate_agreements(text: str, mentions: list[Mention]) -> None:
    """'اتفاقي أستانة وسوتشي': the second of two coordinated names shares the agreement."""
    for m, n in itertools.pairwise(mentions):
        if m.agreement and n.conj and n.first == m.last + 1 and not text[m.end:n.start].strip(" و"):
            n.agreement = m.agreement


def _item(text: str, c: Choice) -> dict[str, Any]:
    m, p = c.mention, c.place
    precision = _precision(text, m, p)
    item: dict[str, Any] = {
        "start": m.start, "end": m.end, "geonameid": p.geonameid, "name": p.name, "name_ar": p.name_ar,
        "lat": p.lat, "lon": p.lon, "country": p.country, "admin1": p.admin1, "feature": p.feature,
        "score": c.score, "precision": precision,
        "admin2": p.admin2, "admin3": p.admin3, "pcode": p.pcode, "geo_precision": precision,
    }
    if m.direction or m.frame == "around":
        item["direction"] = m.direction or "around"
    if m.agreement:
        item["in_agreement"] = True
    if (m.actor and p.feature in ("PCLI", "ADM1")) or m.in_name:
        item["in_actor"] = True
    if (m.phrase_start, m.phrase_end) != (m.start, m.end):
        item["phrase"] = {"start": m.phrase_start, "end": m.phrase_end, "text": text[m.phrase_start:m.phrase_end]}
    return item


COUNTRYSIDE = frozenset({"ريف", "ارياف", "الريف", "بريف", "وريف"})


def _precision(text: str, m: Mention, p: Place) -> int:
    """ACLED geo_precision: 3 a country, governorate or wide region -- and a governorate's
    countryside (ريف حلب الشمالي); 2 a district or sub-district, or an area near or around a town
    (غرب مدينة تعز، محيط مأرب); 1 the town, village or neighbourhood itself."""
    if p.feature in COARSE:
        return 3
    if m.frame in ("around", "RGN") and p.feature in ("PPLA", "PPLC"):
        first = WORD_RE.search(text, m.phrase_start, m.end)
        if first is not None and place_key(first.group()) in COUNTRYSIDE:
            return 3
    if m.direction or m.frame in UNIT_FRAMES or p.feature in ("ADM2", "ADM3") or _unit_framed_key(m.key):
        return 2  # ... "قضاء تلعفر" / "مديرية حيس" is the district even when only its town is indexed
    return 1


UNIT_FRAMES = frozenset({"around", "RGN", "ADM2", "ADM3"})


def _unit_framed_key(key: str) -> bool:
    """A name indexed with its district frame ("قضاء الحويجة", "ناحية الحسينية"): the district."""
    head = key.split(" ", 1)[0]
    return " " in key and cues().get(head, ("", ""))[0] == "frame" and cues()[head][1] in ("ADM2", "ADM3")


ADMIN_FIELDS = ("admin1", "admin2", "admin3", "pcode", "geo_precision")


def admin_fields(place: dict[str, Any]) -> dict[str, Any]:
    """The administrative fields of a place item for an event's location: admin1, admin2, admin3
    (English names, None when unknown), pcode (the P-code of the most specific admin unit known to
    hold or be the place) and geo_precision (ACLED 1-3, see `_precision`)."""
    out = {k: place.get(k) for k in ADMIN_FIELDS}
    if out["geo_precision"] is None:
        out["geo_precision"] = place.get("precision")
    return out


def label_of(feature: str) -> str:
    """The entity label of a place feature: FAC for facilities, LOC for natural areas, else GPE."""
    if feature in FACILITY:
        return "FAC"
    if feature in LOC_FEATURES:
        return "LOC"
    return "GPE"


def mark_entities(doc: Doc, text: str | None = None) -> None:
    """Relabel entities that are these places; add entities for places the NER missed.

    Entities are indexed by start once, so each place finds its overlapping entity by bisection."""
    text = text if text is not None else text_of(doc)
    ents = doc._.entities
    if ents is None:
        ents = doc._.entities = []
    next_n = 1 + max((int(e["id"][1:]) for e in ents if str(e.get("id", ""))[1:].isdigit()), default=0)
    ordered = sorted(ents, key=lambda e: (e["start"], e["end"]))
    starts = [e["start"] for e in ordered]
    reach = list(itertools.accumulate((e["end"] for e in ordered), max))  # furthest end so far
    added = []
    for place in doc._.places:
        label = label_of(place["feature"])
        hit = _first_overlap(ordered, starts, reach, place["start"], place["end"])
        if hit is not None:
            outer = place.get("phrase", place)
            inside = hit["start"] >= outer["start"] and hit["end"] <= outer["end"]
            if inside or hit.get("label") in (None, "GPE", "LOC", "FAC", "MISC"):
                hit["label"] = label
                hit.setdefault("place", place["id"])
            continue
        s, e = place["start"], place["end"]
        added.append({"start": s, "end": e, "text": text[s:e], "id": f"e{next_n}", "label": label,
                      "canonical": text[s:e], "link": None, "place": place["id"]})
        next_n += 1
    ents.extend(added)
    ents.sort(key=lambda e: (e["start"], e["end"]))


def _first_overlap(ordered: list[dict[str, Any]], starts: list[int], reach: list[int],
                   start: int, end: int) -> dict[str, Any] | None:
    """The first entity (in start order) overlapping [start, end), or None."""
    k = bisect_right(starts, end - 1)  # entities [0, k) start before `end`
    lo = bisect_right(reach, start, 0, k)  # the first whose running end passes `start`
    for j in range(lo, k):
        if ordered[j]["end"] > start:
            return ordered[j]
    return None
