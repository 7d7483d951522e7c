"""Choosing one place per mention: context of the document, parents, frames, feature, population.

A mention's candidates are first filtered by what their key needs (`places_common.tsv`: a
`block` name counts only after a frame word, a `context` name also after a preposition or a
direction, or when the same name already counted elsewhere in the article). The survivors are
scored; the document's countries and governorates come from the mentions that have one candidate
(and from the countries named), an "X شمال Y" / "X في ريف Y" parent pulls X towards Y, and the
unambiguous places named within a few lines pull a homonym towards them (صوران near أعزاز is
Aleppo's, not Hama's). A mention after a `local` head (معبر / سد / طريق X, places_heads.tsv)
keeps only candidates in the article's countries.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from rasd.geo.context import Context, context, mark_nisbas, telling
from rasd.geo.index import Entry, Place
from rasd.geo.match import Mention, Word, cues
from rasd.geo.place import km

FEATURE_RANK = {"PCLI": 6.0, "PPLC": 3.0, "PPLA": 2.6, "ADM1": 1.6, "PPL": 1.0, "ADM2": 0.8, "ADM3": 0.5,
                "PPLX": 0.9, "RGN": 1.4, "MTS": 1.2, "PLN": 1.2, "VAL": 1.0, "PLAT": 1.2, "PEN": 1.2}
COARSE = frozenset(["PCLI", "ADM1", "ADM2", "RGN", "PPLC"])  # may be named "in" a place they hold
FACILITY = frozenset(["AIRB", "AIRP", "AIRPI", "MILB", "PSTB", "CMP", "DAM", "CSTL", "OILF", "GASF", "MSQE", "SQR"])
# Where Arabic conflict news happens most (a tie-breaker; the article's own countries weigh more).
REGION_PRIOR = {"SY": 1.0, "IQ": 0.8, "YE": 0.8, "TR": 0.6, "LB": 0.7, "JO": 0.6, "PS": 0.6, "IL": 0.4,
                "LY": 0.6, "EG": 0.6, "SD": 0.5, "SO": 0.5, "SA": 0.4}
# A `local` head (مطار / معبر / سد X) names a thing after a town: never a country or province.
NOT_LOCAL = frozenset(["PCLI", "ADM1", "ADM2", "RGN"])
PARENT_KM = 60.0
BEARING_VOUCH_KM = 40.0  # "X شرقي <town>" admits a held-back name X only this close to the town
DIRECTION_PARENT_KM = 200.0  # "ترهونة جنوب شرق طرابلس", "السويس شرق القاهرة": a bearing reaches further than "in"
PROVINCE_PARENT_KM = 150.0  # "مخيم اليرموك في ريف دمشق": a governorate's point lies far from its edges
MINOR_PENALTY = 0.5  # a village known only to a regional list, against a town or unit of the same name
SHARE_WEIGHT = 4.0  # x the candidate country's share of the article's country evidence (context.py)
DATELINE_COUNTRY_PENALTY = 4.0
UNIT_PENALTY = 2.5
SMALL_TOWN = 100_000
ADMIN_UNITS = frozenset(["ADM1", "ADM2", "ADM3"])
TOWNS = frozenset(["PPL", "PPLA", "PPLC", "PPLX"])
FRAME_ADMIN = frozenset(["ADM1", "ADM2", "ADM3", "RGN"])
NEIGHBOUR_CHARS = 250  # "X ... near Azaz": places named this close say where X is
NEIGHBOUR_KM = 40.0
STRONG_PREPS = frozenset({"in", "to", "towards", "near", "inside"})  # `من` (from) is too common to count
# frame value -> features it prefers
FRAME_FEATURES = {"ADM1": {"ADM1"}, "ADM2": {"ADM2"}, "ADM3": {"ADM3"}, "RGN": {"ADM1", "ADM2", "RGN"},
                  "PPL": {"PPL", "PPLA", "PPLC", "PPLX"}, "PPLX": {"PPLX"}, "PPLC": {"PPLC"},
                  "AIRB": {"AIRB", "AIRP", "AIRPI"}, "MILB": {"MILB", "AIRB"}, "PSTB": {"PSTB"},
                  "CMP": {"CMP"}, "MTS": {"MTS"}, "PLN": {"PLN"}, "VAL": {"VAL"}}


@dataclass(slots=True)
class Choice:
    index: int  # of the mention
    mention: Mention
    place: Place
    score: float
    parent: int | None = None  # mention index of the parent


def _is_frame_word(key: str) -> bool:
    return cues().get(key, ("", ""))[0] == "frame"


def _may_be_meant(p: Place, ctx: Context, i: int) -> bool:
    """A minor village, or a small town (< `SMALL_TOWN` people), only in a country the rest of the
    article is about: "قرية العكر" in a Bahraini report is not Iraq's, "خراب" in a Syrian one not
    Iraq's Kharab, "مقرين" in a Turkish one not Tunisia's."""
    if ctx.elsewhere(p.country, i) > 0 or p.feature in ("PCLI", "ADM1", "PPLA", "PPLC"):
        return True
    if not any(ctx.elsewhere(cc, i) > 0 for cc in ctx.evidence):
        return True  # the rest of the article says nothing of its countries
    return not p.minor and (p.population >= SMALL_TOWN or "supplement" in p.source)


def _framed(m: Mention, p: Place) -> bool:
    """A `block` name counts right after a frame word that fits the place ("قرية الثعالب",
    "مديرية معين", "منطقة X"), not after a frame for another kind ("جبل الثعالب" is a mountain,
    "محافظات جنوب البلاد" a direction) nor when the name is itself a frame word."""
    frame = m.frame if m.frame and m.cues[:1] == ["frame"] else m.list_frame
    if not frame or _is_frame_word(m.key):
        return False
    return frame == "around" or p.feature in FRAME_FEATURES.get(frame, ()) or p.feature == frame


def allowed(m: Mention, entries: list[Entry], accepted: set[str], listed: bool = False) -> list[Entry]:
    """The entries the mention's cues allow (see the module docstring); `listed`: the mention is
    coordinated right after a place that counted (في حلب ونبل والزهراء: the preposition covers all),
    or is placed by the next name ("غارة على صور في جنوب لبنان": صور has a parent)."""
    out = []
    for e in entries:
        if e.mode == "block" and not _framed(m, e.place):
            continue  # a frame word is no name after another frame: "محيط مدينة", "أطراف المدينة"
        cued = m.frame or m.list_frame or m.direction or m.agreement or m.prep in STRONG_PREPS or listed \
            or (m.nisba == e.place.country and telling(e.place))  # "البيضاء الليبية", not "طائرات حربية تركية"
        if e.mode == "context" and not (cued or m.key in accepted):
            continue
        out.append(e)
    return out


def resolve(mentions: list[Mention], parents: dict[int, int], text: str = "",
            ws: list[Word] | None = None) -> list[Choice]:
    """One choice per mention that keeps a candidate, in mention order (`text`: the article, for
    its dateline and national adjectives -- see `rasd.geo.context`)."""
    if ws is not None:
        mark_nisbas(text, ws, mentions)
    accepted = {m.key for m in mentions if any(e.mode == "" for e in m.entries)}
    accepted |= {m.key for m in mentions if allowed(m, m.entries, set())}
    cands: dict[int, list[Place]] = {}
    for i, m in enumerate(mentions):
        listed = m.conj and i - 1 in cands and mentions[i - 1].last == m.first - 1
        listed = listed or (i in parents and any(e.mode == "" for e in mentions[parents[i]].entries))
        found = _dedupe(allowed(m, m.entries, accepted, listed))
        if m.nisba and any(p.country == m.nisba for p in found):
            found = [p for p in found if p.country == m.nisba]  # "طرابلس اللبنانية"
        if found:
            cands[i] = found
    countries: Counter[str] = Counter()
    admin1s: Counter[str] = Counter()
    for i, c in cands.items():
        if mentions[i].local:
            continue  # "معبر واسط" says nothing of the article's countries
        if len({p.country for p in c}) == 1:
            countries[c[0].country] += 1
        if len(c) == 1 and c[0].admin1:
            admin1s[c[0].admin1] += 1
    for i, c in list(cands.items()):
        if mentions[i].frame == "PPLX" and countries:  # a neighbourhood lies in the article's countries
            cands[i] = [p for p in c if p.country in countries]
        elif mentions[i].local:  # a crossing, dam or road named after a place near it
            cands[i] = [p for p in c if p.country in countries or (not countries and p.feature not in NOT_LOCAL)]
    cands = {i: c for i, c in cands.items() if c}
    ctx = context(text, mentions, cands, ws)
    if ctx.share:  # a village or small town is named by articles about its country
        cands = {i: kept for i, c in cands.items() if (kept := [p for p in c if _may_be_meant(p, ctx, i)])}
    first = {i: _best(mentions[i], c, countries, admin1s, None, ctx=ctx, i=i) for i, c in cands.items()}
    _add_bearing_candidates(mentions, parents, cands, first)
    nearby = _neighbours(mentions, cands, first)
    out = []
    for i, c in cands.items():
        parent = parents.get(i)
        anchor = first[parent][0] if parent in first else None
        bearing = parent is not None and mentions[parent].direction is not None
        radius = DIRECTION_PARENT_KM if bearing else PARENT_KM
        radius = PROVINCE_PARENT_KM if anchor is not None and anchor.feature in ("ADM1", "RGN") else radius
        if anchor is not None:
            c = [p for p in c if p.feature in ("PCLI", "PPLC") or (p.feature in COARSE and p.country == anchor.country)
                 or _near(p, anchor, radius)]  # "سفير العراق في لندن" keeps its country
            if not c:
                continue  # "بلدة الطيبة بالغوطة الغربية", "ناحية القيروان غرب الموصل": no candidate is there
            if bearing and anchor.feature in TOWNS:
                c = _within_bearing(c, anchor, radius)
        place, score = _best(mentions[i], c, countries, admin1s, anchor, nearby.get(i, ()), ctx=ctx, i=i)
        out.append(Choice(i, mentions[i], place, score, parent if parent in first else None))
    return out


def _add_bearing_candidates(mentions: list[Mention], parents: dict[int, int], cands: dict[int, list[Place]],
                            first: dict[int, tuple[Place, float]]) -> None:
    """"حصيبة شرقي الرمادي": a bearing from a town the article names vouches for a name that is
    otherwise held back (a minor village, a news word): its candidates lying within
    `BEARING_VOUCH_KM` of that town join the mention's candidates."""
    for i, parent in parents.items():
        if mentions[parent].direction is None or parent not in first:
            continue
        anchor = first[parent][0]
        if anchor.feature not in TOWNS or anchor.lat is None:
            continue
        have = {p.pid for p in cands.get(i, [])}
        extra = [p for p in _dedupe(mentions[i].entries) if p.pid not in have and p.lat is not None
                 and km(p.lat, p.lon, anchor.lat, anchor.lon) <= BEARING_VOUCH_KM]
        if extra:
            cands[i] = cands.get(i, []) + extra


def _within_bearing(c: list[Place], anchor: Place, radius: float) -> list[Place]:
    """"X شرقي <town>": the candidates within the bearing's reach of the town when there are any
    (a namesake elsewhere in the same province -- حصيبة of al-Qaim, 270 km from Ramadi -- is not
    east of Ramadi); the list unchanged otherwise."""
    near = [p for p in c if p.lat is not None and km(p.lat, p.lon, anchor.lat, anchor.lon) <= radius]
    return near or c


def _neighbours(mentions: list[Mention], cands: dict[int, list[Place]],
                first: dict[int, tuple[Place, float]]) -> dict[int, list[Place]]:
    """For each ambiguous mention, the unambiguous towns and provinces named within
    `NEIGHBOUR_CHARS` of it (a sliding window over the mentions: linear in their number)."""
    sure = [(mentions[i].start, first[i][0]) for i in sorted(cands)
            if len(cands[i]) == 1 and first[i][0].feature != "PCLI" and not mentions[i].agreement]
    out: dict[int, list[Place]] = {}
    lo = 0
    for i in sorted(cands):
        if len(cands[i]) < 2:
            continue
        at = mentions[i].start
        while lo < len(sure) and sure[lo][0] < at - NEIGHBOUR_CHARS:
            lo += 1
        hi = lo
        near = []
        while hi < len(sure) and sure[hi][0] <= at + NEIGHBOUR_CHARS:
            if sure[hi][0] != at:
                near.append(sure[hi][1])
            hi += 1
        if near:
            out[i] = near
    return out


def _close(p: Place, others: tuple[Place, ...] | list[Place]) -> float:
    """Bonus for a candidate near the places named around it: 2 within `NEIGHBOUR_KM` of one, 1 in
    the same governorate as one."""
    best = 0.0
    for o in others:
        if p.lat is not None and o.lat is not None and o.feature not in ("ADM1", "RGN") \
                and km(p.lat, p.lon, o.lat, o.lon) <= NEIGHBOUR_KM:
            return 2.0
        if p.admin1 and p.admin1 == o.admin1 and p.country == o.country:
            best = 1.0
    return best


def _near(p: Place, anchor: Place, radius: float = PARENT_KM) -> bool:
    """Whether a place can lie in or near its named surroundings (a country: anywhere in it)."""
    if anchor.feature == "PCLI":
        return p.country == anchor.country
    if p.admin1 and p.admin1 == anchor.admin1 and p.country == anchor.country:
        return True
    return p.lat is not None and anchor.lat is not None and km(p.lat, p.lon, anchor.lat, anchor.lon) <= radius


def _dedupe(entries: list[Entry]) -> list[Place]:
    seen, out = set(), []
    for e in entries:
        if e.place.pid not in seen:
            seen.add(e.place.pid)
            out.append(e.place)
    return out


def _score(m: Mention, p: Place, countries: Counter, admin1s: Counter, anchor: Place | None,
           nearby: tuple[Place, ...] | list[Place] = (), ctx: Context | None = None, dateline: bool = False,
           towns: tuple[Place, ...] = ()) -> float:
    s = FEATURE_RANK.get(p.feature, 1.0 if p.feature in FACILITY else 0.8)
    if ctx is not None:
        s += SHARE_WEIGHT * ctx.share.get(p.country, 0.0)
    if dateline and p.feature == "PCLI":
        s -= DATELINE_COUNTRY_PENALTY  # a dateline names a city: "عمان -" is Amman
    if p.feature in ADMIN_UNITS and m.frame not in FRAME_ADMIN and any(_near(t, p) for t in towns):
        s -= UNIT_PENALTY  # bare "تعز" / "الحديدة" is the city; "محافظة تعز" the governorate
    s += 0.35 * math.log10(p.population + 1)
    s += REGION_PRIOR.get(p.country, 0.0)
    s += 1.2 * (p.country in countries) + 0.8 * (p.admin1 in admin1s if p.admin1 else 0)
    if "supplement" in p.source:
        s += 1.0  # written for the news this index serves
    if p.minor:
        s -= MINOR_PENALTY  # "منطقة دار سعد": Aden's district, not a Hadramawt hamlet
    if m.frame and p.feature in FRAME_FEATURES.get(m.frame, ()):
        s += 3.0
    if anchor is not None:
        s += 4.0 if _near(p, anchor) else -1.0
    if nearby:
        s += _close(p, nearby)
    return s


def _best(m: Mention, places: list[Place], countries: Counter, admin1s: Counter,
          anchor: Place | None, nearby: tuple[Place, ...] | list[Place] = (), ctx: Context | None = None,
          i: int = -1) -> tuple[Place, float]:
    towns = tuple(p for p in places if p.feature in TOWNS)  # a unit named after one of them
    dateline = ctx is not None and i in ctx.dateline_city
    scored = sorted(((_score(m, p, countries, admin1s, anchor, nearby, ctx, dateline, towns), p) for p in places),
                    key=lambda t: (-t[0], t[1].pid))
    if len(scored) == 1:
        return scored[0][1], 0.9
    margin = scored[0][0] - scored[1][0]
    return scored[0][1], round(min(0.95, 0.5 + 0.45 * (1 - math.exp(-margin))), 2)
