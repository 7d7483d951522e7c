"""Incident fusion rules: when do reported events describe one incident, and what does the incident say.

Pure functions over `Report`s (one reported event: its `rasd.rows.EventRow` plus who published it),
no database. `rasd.store.incidents` feeds them one block at a time (same country and ISO week:
a fixed partition, so the incidents of a week depend only on its reports) and stores the result.

Two reports are one incident, as ACLED codes one event per type, day, location and actors, when
  * the event type is the same and the sub-types are the same or compatible (`COMPATIBLE_SUBTYPES`,
    or one report gives none), or one report's "arrest" by a non-state armed group is the other's
    abduction (`_seizure`);
  * the day is the same (after each report's relative dates were resolved against its publication),
    or, as ACLED dates an event known only to a week or month, one report's date is imprecise
    (time_precision 2 or 3) and the other's day lies in its range within the same ISO week, no
    later than the imprecise report's publication (`same_day`: "the bombing last week" joins the bombing);
  * the location is the same (one gazetteer id, or one name in one governorate; points within
    `PLACE_KM` when either report places the event only "near" a town, the town itself preferred),
    or nested: a report located only to a governorate joins the one incident in that governorate
    it is compatible with -- of several, the one giving its toll, else none (it could be either:
    it then joins only reports located as coarsely). Two events of one article are one only at
    the very same place (the article itself told them apart). A report located only to the
    country joins the one located incident of that day giving the same toll (`_same_toll`), else
    fuses only with another such report naming the same actor (umbrellas aside);
  * the actors are compatible: no actor named by both contradicts (a clash between A and B is one
    between B and A); an unidentified armed group, or a name not resolved to an ACLED actor,
    contradicts nobody; a state's government and its forces are one actor; an umbrella does not
    contradict the factions it covers (reviewed table `lexicon/actor_umbrellas.tsv`: "the rebels"
    and a named faction, Al Qaeda and its Syrian branch, a coalition and its air forces). Bombings
    (suicide bombs, explosive devices, grenades) at one precise place are not compared by actor:
    reports attribute them differently (a claim, an accusation) and that is no second blast.
A cluster holds reports that are pairwise compatible (complete linkage), so a chain A~B~C with
A and C in different towns never collapses. Reports are visited in a canonical order (precise
locations first, then by article id and event id, never by database key), so the incidents of a
block do not depend on the order articles were ingested in.

Reviewer overrides arrive as `pin` labels: reports with the same pin are one incident whatever
the rules say; two different pins are never fused; unpinned reports may still join a pinned one.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from rasd import taxonomy
from rasd.lexicon import load_table, variants
from rasd.rows import EventRow, notes
from rasd.text.chars import has_arabic

PLACE_KM = 10.0
IMPRECISE_DAYS = 3  # a date "around" a day (time_precision 2) is the week centred on it
COARSE = 3  # ACLED geo_precision of a region (or the whole country)
# Sub-event types reports of one incident disagree on (the same blast is "a suicide bomb" to one
# paper and "an explosive device" to another; an air strike is often reported as "shelling").
COMPATIBLE_SUBTYPES = frozenset({
    frozenset({"Suicide bomb", "Remote explosive/landmine/IED"}),
    frozenset({"Air/drone strike", "Shelling/artillery/missile attack"}),
    frozenset({"Armed clash", "Government regains territory"}),
    frozenset({"Armed clash", "Non-state actor overtakes territory"}),
})
GENERIC_ACTORS = ("Unidentified Armed Group", "Unidentified", "Protesters", "Rioters")
STATE_PREFIXES = ("Government of ", "Military Forces of ", "Police Forces of ")
BOMBINGS = frozenset({"Suicide bomb", "Remote explosive/landmine/IED", "Grenade"})
SWAPPABLE = frozenset({"Battles"})
ABDUCTION = "Abduction/forced disappearance"  # event types whose two sides have no order
# the event types of an "arrest" (Strategic developments) and an abduction (Violence against
# civilians): one incident to `_seizure`
_SEIZURE_TYPES = {"Strategic developments": ("Violence against civilians",),
                  "Violence against civilians": ("Strategic developments",)}


@dataclass(frozen=True, slots=True)
class Report:
    """One event as one article reports it: the row, and the keys fusion needs."""

    key: str  # "<article id>/<event id>": stable across databases and re-ingests
    row: EventRow
    source: str | None = None  # the outlet
    published: str | None = None
    event_pk: int | None = None
    article_pk: int | None = None
    stored_at: int | None = None
    pin: str | None = None  # reviewer override label

    @property
    def coarse(self) -> bool:
        """Located only to a governorate or country (no town, no point)."""
        r = self.row
        return (r.geo_precision or COARSE) >= COARSE or (r.latitude is None and r.geonameid is None)

    @property
    def country_only(self) -> bool:
        return self.coarse and not self.row.admin1

    @property
    def article(self) -> str:
        return self.key.rsplit("/", 1)[0]


def report_key(article_id: str | None, event_id: str | None) -> str:
    return f"{article_id}/{event_id}"


def block_key(row: EventRow) -> tuple[str, str] | None:
    """Reports are compared only within one block: same country and ISO week, named by its Monday
    (None: fused with nothing). Reports of one week but other days are kept apart by `same_day`."""
    if not row.event_date:
        return None
    return (row.country_code or "", week_of(row.event_date))


def week_of(day: str) -> str:
    """The Monday of a day's ISO week (a fixed partition of days: blocks never overlap)."""
    d = dt.date.fromisoformat(day[:10])
    return (d - dt.timedelta(days=d.weekday())).isoformat()


def imprecise(row: EventRow) -> bool:
    """The date is known only to a week or a range (time_precision 2) or to a month (3)."""
    return (row.time_precision or 1) > 1


def same_day(a: Report, b: Report) -> bool:
    """Same day, or one report's date is imprecise and the other's day lies in its range: the same
    ISO week, within `IMPRECISE_DAYS` of the imprecise date unless that date is its week's Monday
    (an ISO week: the whole week), and no later than the imprecise report's publication (an
    article reports no future event)."""
    x, y = a.row.event_date, b.row.event_date
    if x == y:
        return True
    if not x or not y or week_of(x) != week_of(y):
        return False
    return any(_in_range(r, o.row.event_date) for r, o in ((a, b), (b, a)))  # type: ignore[arg-type]


def _in_range(rep: Report, day: str) -> bool:
    own = rep.row.event_date or ""
    if not imprecise(rep.row) or (rep.published and day > rep.published[:10]):
        return False
    gap = abs((dt.date.fromisoformat(day[:10]) - dt.date.fromisoformat(own[:10])).days)
    return gap <= IMPRECISE_DAYS or (rep.row.time_precision == 2 and week_of(own) == own)


# --- the pairwise rule ---------------------------------------------------------------------------

def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def same_type(a: EventRow, b: EventRow) -> bool:
    if not a.event_type or a.event_type != b.event_type:
        return _seizure(a, b) or _seizure(b, a)
    x, y = a.sub_event_type, b.sub_event_type
    return x is None or y is None or x == y or frozenset({x, y}) in COMPATIBLE_SUBTYPES


def _seizure(arrest: EventRow, abduction: EventRow) -> bool:
    """An "arrest" by an armed group that is no state force is what ACLED codes an abduction (it
    codes arrests by state forces only): one paper's "the group detained" is another's "abducted"."""
    return (arrest.sub_event_type == "Arrests" and abduction.sub_event_type == ABDUCTION
            and arrest.inter1 is not None and arrest.inter1 != 1
            and not (_actor_key(arrest.actor1) or "").startswith("state:"))


def same_place(a: EventRow, b: EventRow, tolerance_km: float = PLACE_KM, *, exact: bool = False) -> bool:
    """One gazetteer id, one location name in one governorate, or (unless `exact`) two points within
    the tolerance when either report places the event only near a town (ACLED geo_precision 2)."""
    if (a.country_code or "") != (b.country_code or ""):
        return False
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return True
    if a.location and a.location == b.location and a.admin1 == b.admin1:
        return True
    if exact or 2 not in (a.geo_precision, b.geo_precision):
        return False
    if None not in (a.latitude, a.longitude, b.latitude, b.longitude):
        return _km(a.latitude, a.longitude, b.latitude, b.longitude) <= tolerance_km  # type: ignore[arg-type]
    return False


def nested(coarse: EventRow, fine: EventRow) -> bool:
    """`coarse` (a governorate or country) contains `fine`."""
    if (coarse.country_code or "") != (fine.country_code or ""):
        return False
    return coarse.admin1 is None or coarse.admin1 == fine.admin1


def _named(name: str | None) -> str | None:
    """An actor's ACLED name, or None for an unidentified (generic) one or a name left as written."""
    if not name or name.startswith(GENERIC_ACTORS) or has_arabic(name):
        return None
    return name


def _actor_key(name: str | None) -> str | None:
    """What actors are compared by: a state's government and its forces are one ("state:Syria")."""
    name = _named(name)
    if name is None:
        return None
    for prefix in STATE_PREFIXES:
        if name.startswith(prefix):
            return "state:" + name[len(prefix):].split(" (", 1)[0]
    return name


@cache
def _umbrellas() -> dict[str, frozenset[str]]:
    """Actor key -> the keys of the umbrellas that cover it (lexicon/actor_umbrellas.tsv)."""
    out: dict[str, set[str]] = {}
    for row in load_table("actor_umbrellas"):
        for member in variants(row["members"]):
            out.setdefault(_actor_key(member) or member, set()).add(_actor_key(row["umbrella"]) or row["umbrella"])
    return {k: frozenset(v) for k, v in out.items()}


def _agree(x: str | None, y: str | None) -> bool:
    """Two actor keys do not contradict: one is unknown, they are equal, or one is an umbrella of
    the other ("Syrian opposition rebels" and the Zinki Movement, Al Qaeda and Jabhat al Nusra)."""
    if _equal(x, y):
        return True
    cover = _umbrellas()
    return x in cover.get(y, ()) or y in cover.get(x, ())


def actors_compatible(a: EventRow, b: EventRow, *, umbrellas: bool = True) -> bool:
    """No actor named by both reports contradicts: compared role by role, or either way round for a
    battle (two sides, no order) and when one report names no actor 1 (its only named actor may be
    the other's actor 1: "مقاتلو داعش خطفوا ..." read with the roles unresolved). Without
    `umbrellas`, an umbrella and its faction are two actors (reports placed only in a country have
    nothing else to tell them apart)."""
    agree = _agree if umbrellas else _equal
    a1, a2, b1, b2 = _actor_key(a.actor1), _actor_key(a.actor2), _actor_key(b.actor1), _actor_key(b.actor2)
    if agree(a1, b1) and agree(a2, b2):
        return True
    swappable = a.event_type in SWAPPABLE or a1 is None or b1 is None
    return swappable and agree(a1, b2) and agree(a2, b1)


def _equal(x: str | None, y: str | None) -> bool:
    return x is None or y is None or x == y


def _shared_actor(a: EventRow, b: EventRow) -> bool:
    names = {_actor_key(a.actor1), _actor_key(a.actor2)} - {None}
    return bool(names & ({_actor_key(b.actor1), _actor_key(b.actor2)} - {None}))


def compatible(a: Report, b: Report, tolerance_km: float = PLACE_KM) -> bool:
    """Two reports can be one incident (see the module's rule)."""
    return refusal(a, b, tolerance_km) is None


def refusal(a: Report, b: Report, tolerance_km: float = PLACE_KM) -> str | None:
    """Why two reports cannot be one incident (a short reason, the first rule that fails), None when
    they can. `scripts/score_incidents.py --reasons` counts the dev set's missed pairs by it."""
    if not same_type(a.row, b.row):
        same = a.row.event_type and a.row.event_type == b.row.event_type
        return "sub-type incompatible" if same else "event type differs"
    if not same_day(a, b):
        return "day differs"
    if (a.row.country_code or "") != (b.row.country_code or ""):
        return "country differs"
    if a.country_only or b.country_only:
        if not (a.country_only and b.country_only):
            return "country-only report (joins by toll only)"
        if not _shared_actor(a.row, b.row):
            return "country-only reports, no shared actor"
        return None if actors_compatible(a.row, b.row, umbrellas=False) else "actors incompatible"
    if a.coarse or b.coarse:
        c, f = (a, b) if a.coarse else (b, a)
        place = nested(c.row, f.row) if not f.coarse else (c.row.admin1 == f.row.admin1 and nested(c.row, f.row))
        if not place:
            return "governorate not nested"
        return None if actors_compatible(a.row, b.row) else "actors incompatible"
    if not same_place(a.row, b.row, tolerance_km, exact=a.article == b.article):
        return "same article, other place" if a.article == b.article else "other place"
    bombing = a.row.sub_event_type in BOMBINGS and b.row.sub_event_type in BOMBINGS
    return None if bombing or actors_compatible(a.row, b.row) else "actors incompatible"


# --- clustering ----------------------------------------------------------------------------------

@dataclass
class Cluster:
    reports: list[Report] = field(default_factory=list)
    pin: str | None = None
    order: int = 0  # when it was started (candidates are tried in this order)

    def accepts(self, rep: Report, tolerance_km: float) -> bool:
        if rep.pin is not None:
            return False
        return all(compatible(rep, other, tolerance_km) for other in self.reports)

    @property
    def precise(self) -> bool:
        return any(not r.coarse for r in self.reports)


def canonical_order(rep: Report) -> tuple[Any, ...]:
    """Precise before coarse, a known day before an imprecise one (so a report dated "last week"
    finds the week's incidents already there), and a town itself before "near a town" (so a report
    near two towns finds both towns' incidents already there and takes its own town's, `_home`)."""
    return (rep.coarse, imprecise(rep.row), rep.row.geo_precision == 2, rep.key)


def cluster(reports: Iterable[Report], tolerance_km: float = PLACE_KM) -> list[list[Report]]:
    """The incidents of a set of reports (one block, plus the pinned reports it touches), each a list
    of reports in canonical order; the list of incidents is in the order of their first report.

    Precise reports first: each joins the first incident (in canonical order) whose reports are all
    compatible with it, else starts one. Then coarse reports: one joins the single located incident
    it is compatible with; with none, or two or more (it could be either: no guess), it joins the
    first compatible incident of coarse reports only, else starts one.
    """
    pinned: dict[str, Cluster] = {}
    clusters: list[Cluster] = []
    index = _DayIndex()  # only reports of one block are compared, and only on days they may share
    free: list[Report] = []
    for rep in sorted(reports, key=canonical_order):
        if rep.pin is None:
            free.append(rep)
            continue
        if rep.pin not in pinned:
            pinned[rep.pin] = Cluster(pin=rep.pin, order=len(clusters))
            clusters.append(pinned[rep.pin])
        pinned[rep.pin].reports.append(rep)
        index.add(rep, pinned[rep.pin])
    for rep in free:
        candidates = index.candidates(rep)
        fits = [c for c in candidates if c.accepts(rep, tolerance_km)]
        fits = _by_day(rep, fits)
        if rep.country_only and (by_toll := _same_toll(rep, index.candidates(rep, any_type=True))) is not None:
            fits = [by_toll]
        home = _home(rep, fits)
        if home is None:
            home = Cluster(order=len(clusters))
            clusters.append(home)
        home.reports.append(rep)
        index.add(rep, home)
    out = [sorted(c.reports, key=lambda r: r.key) for c in clusters if c.reports]
    return sorted(out, key=lambda rs: rs[0].key)


class _DayIndex:
    """The incidents of each block by the days their reports may share with another report (its
    day; every day of its week for a report dated imprecisely) and by their reports' event types,
    so a report is compared only with incidents it could join (of its type, or of the type one
    paper's "arrest" and another's abduction differ by, `_seizure`), in the order they were
    started (as one list per block would be)."""

    def __init__(self) -> None:
        self.days: dict[Any, dict[tuple[str, str], dict[int, Cluster]]] = {}

    @staticmethod
    def _days(rep: Report) -> list[str]:
        day = rep.row.event_date
        if not day or not imprecise(rep.row):
            return [day or ""]
        monday = dt.date.fromisoformat(week_of(day))
        return [(monday + dt.timedelta(days=i)).isoformat() for i in range(7)]

    def _block(self, rep: Report) -> dict[tuple[str, str], dict[int, Cluster]]:
        return self.days.setdefault(block_key(rep.row) or rep.key, {})

    def add(self, rep: Report, c: Cluster) -> None:
        block = self._block(rep)
        for day in self._days(rep):
            block.setdefault((day, rep.row.event_type or ""), {})[c.order] = c

    def candidates(self, rep: Report, *, any_type: bool = False) -> list[Cluster]:
        block = self._block(rep)
        days = set(self._days(rep))
        if any_type or not rep.row.event_type:
            keys = [k for k in block if k[0] in days]
        else:
            types = (rep.row.event_type, *_SEIZURE_TYPES.get(rep.row.event_type, ()))
            keys = [(d, t) for d in days for t in types]
        found = {o: c for k in keys for o, c in block.get(k, {}).items()}
        return [found[o] for o in sorted(found)]


def _by_day(rep: Report, fits: list[Cluster]) -> list[Cluster]:
    """The incidents a report may join, day-wise: those holding a report of its own day; else,
    for a report dated imprecisely, the one incident of another day in its range, or of several
    the one most reported (strictly: "the bombing last week" is the bombing every paper reported;
    of several as reported -- an ongoing campaign, a strike on the town every day -- it could be
    any, so it joins none)."""
    own = [c for c in fits if any(r.row.event_date == rep.row.event_date for r in c.reports)]
    if own or len(fits) < 2:
        return own or fits
    sizes = sorted((len(c.reports) for c in fits), reverse=True)
    return [c for c in fits if len(c.reports) == sizes[0]] if sizes[0] > sizes[1] else []


def _home(rep: Report, fits: list[Cluster]) -> Cluster | None:
    """The incident a report joins among those that accept it (None: it starts one).

    A precise report: the first at its very place (one gazetteer id or name), else the first.
    A coarse report: the one located incident; among several, the one giving the same toll (a
    figure names the incident); else (none, or several: it could be either) the first incident
    of coarse reports only -- reports that could be either of two towns are one of each other."""
    if not rep.coarse:
        here = [c for c in fits if any(same_place(rep.row, r.row, exact=True) for r in c.reports)]
        return next(iter(here or fits), None)
    fine = [c for c in fits if c.precise]
    if len(fine) > 1 and rep.row.fatalities_known and rep.row.fatalities:
        fine = [c for c in fine if any(r.row.fatalities_known and r.row.fatalities == rep.row.fatalities
                                       for r in c.reports)]
    return fine[0] if len(fine) == 1 else next((c for c in fits if not c.precise), None)


def _same_toll(rep: Report, candidates: list[Cluster]) -> Cluster | None:
    """The one located incident a report known only to the country joins: of the same (or, for a
    bombing and an "attack" on civilians, the compatible) type and the SAME TOLL (a figure names the
    incident: "32 killed in the south, on the Syrian border"); None when no or several incidents do."""
    if not rep.row.fatalities_known or not rep.row.fatalities:
        return None
    found = [c for c in candidates if c.precise and c.pin is None
             and any(r.row.fatalities_known and r.row.fatalities == rep.row.fatalities for r in c.reports)
             and all(same_day(rep, r) and _loosely_same(rep.row, r.row) for r in c.reports)]
    return found[0] if len(found) == 1 else None


def _loosely_same(a: EventRow, b: EventRow) -> bool:
    subs = {a.sub_event_type, b.sub_event_type}
    bombing = subs <= BOMBINGS | {"Attack"} and bool(subs & BOMBINGS)
    return bombing or (same_type(a, b) and actors_compatible(a, b))


# --- the incident's fields -----------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Figure:
    """One report's toll, with who reported it (kept on the incident as evidence)."""

    key: str
    source: str | None
    published: str | None
    reported_by: str | None
    fatalities: int | None
    injured: int | None


def conservative(values: Sequence[tuple[str | None, int]]) -> int | None:
    """The incident's toll from (publication date, figure) pairs of the reports that give one.

    ACLED's conservative practice, as one rule: the figures of the LATEST publication date that
    gives any figure supersede earlier ones (a toll that rises as the dead are counted is an
    update, not a dispute to average away), and among those the LOWEST is kept (two same-day
    figures disagree: the lower is the one both sources support). No figure: None.
    """
    if not values:
        return None
    latest = max(p or "" for p, _ in values)
    return min(v for p, v in values if (p or "") == latest)


def _vote(names: Iterable[str | None], order: Sequence[str | None]) -> str | None:
    """The most reported value; ties go to the first in `order` (the representative's first)."""
    counts = Counter(n for n in names if n)
    if not counts:
        return None
    best = max(counts.values())
    return next(n for n in order if n and counts[n] == best)


def representative(reports: Sequence[Report]) -> Report:
    """The report whose location and date are the most precise (then the earliest published)."""
    return min(reports, key=lambda r: (r.row.geo_precision or 9, r.row.time_precision or 9,
                                       r.published or "9999", r.key))


def incident_id(reports: Sequence[Report]) -> str:
    """The incident's ACLED key: its first report's (earliest published, then by id), prefixed so it
    never equals a report's own key: "SYR-I-snn-1a2b3c4d5e6f-v1"."""
    first = min(reports, key=lambda r: (r.published or "9999", r.key))
    cnty = (first.row.event_id_cnty or "XXX").split("-", 1)[0]
    return f"{cnty}-I-{first.key.replace('/', '-')}"


def figures(reports: Sequence[Report]) -> list[Figure]:
    return [Figure(r.key, r.source, r.published, r.row.reported_by,
                   r.row.fatalities if r.row.fatalities_known else None, r.row.injured) for r in reports]


def reconcile(reports: Sequence[Report]) -> tuple[EventRow, list[Figure]]:
    """The incident's row (an `EventRow`, so every export writes it as it writes a report) and the
    figures every report gave.

    Date and location come from the most precise report; the sub-type (and its event type) and
    the actors are the ones most reports give (canonical ACLED names, so spellings do not split
    the vote), other named actors are kept as associated actors; the toll follows
    `conservative`; `source` lists every outlet ('; '), `fatalities_disputed` says the reports
    disagree on the toll, `fatalities_reported` lists every figure with its outlet.
    """
    best = representative(reports)
    order = [best, *(r for r in reports if r is not best)]
    row = replace(best.row)
    sub = _vote((r.row.sub_event_type for r in reports), [r.row.sub_event_type for r in order])
    a1 = _vote((_named(r.row.actor1) for r in reports), [_named(r.row.actor1) for r in order])
    a2 = _vote((_named(r.row.actor2) for r in reports if _named(r.row.actor2) != a1),
               [_named(r.row.actor2) for r in order])
    if sub:  # a sub-type belongs to one event type: the type goes with it (an armed group's "arrest")
        row.sub_event_type = sub
        row.event_type = next(r.row.event_type for r in order if r.row.sub_event_type == sub)
        row.disorder_type = taxonomy.disorder_type(row.event_type, sub) or row.disorder_type
    if a1:
        src = next(r.row for r in order if _named(r.row.actor1) == a1)
        row.actor1, row.actor1_text, row.inter1 = a1, src.actor1_text, src.inter1
    if a2:
        src = next(r.row for r in order if _named(r.row.actor2) == a2)
        row.actor2, row.actor2_text, row.inter2 = a2, src.actor2_text, src.inter2
    row.interaction = _interaction(row.inter1, row.inter2)
    row.civilian_targeting = "Civilian targeting" if row.inter2 == 7 else None
    others = {n for r in reports for n in (_named(r.row.actor1), _named(r.row.actor2)) if n} - {a1, a2}
    row.assoc_actor_1 = "; ".join(sorted({*(row.assoc_actor_1 or "").split("; "), *others} - {""})) or None
    figs = figures(reports)
    deaths = [(f.published, f.fatalities) for f in figs if f.fatalities is not None]
    hurt = [(f.published, f.injured) for f in figs if f.injured is not None]
    toll = conservative(deaths)  # type: ignore[arg-type]
    row.fatalities, row.fatalities_known = toll or 0, toll is not None
    row.injured = conservative(hurt)  # type: ignore[arg-type]
    outlets = sorted({r.source for r in reports if r.source})
    articles = {r.key.rsplit("/", 1)[0] for r in reports}
    row.source = "; ".join(outlets) or None
    row.reported_by = "; ".join(dict.fromkeys(r.row.reported_by for r in order if r.row.reported_by)) or None
    row.timestamp = min((r.stored_at for r in reports if r.stored_at is not None), default=row.timestamp)
    row.published = min((r.published for r in reports if r.published), default=row.published)
    row.confidence = max((r.row.confidence for r in reports if r.row.confidence is not None), default=None)
    row.background = all(r.row.background for r in reports)
    row.event_id_cnty = incident_id(reports)
    row.incident_id = row.event_id_cnty
    row.reports, row.articles, row.source_count = len(reports), len(articles), len(outlets)
    row.fatalities_disputed = len({v for _, v in deaths}) > 1
    row.fatalities_reported = "; ".join(f"{f.fatalities} ({f.source or f.key})" for f in figs
                                        if f.fatalities is not None) or None
    row.first_reported = row.published
    row.notes = incident_notes(row)
    return row, figs


def incident_notes(row: EventRow) -> str:
    """The report's sentence, then how many outlets reported it and whether they disagree on the toll."""
    text = notes(row)
    if (row.reports or 1) > 1:
        text += f" Reported {row.reports} times by {row.source_count or 0} outlet(s): {row.source or 'unknown'}."
    if row.fatalities_disputed:
        text += f" Reported tolls differ: {row.fatalities_reported}."
    return text


def _interaction(i1: int | None, i2: int | None) -> int | None:
    codes = sorted(c for c in (i1, i2) if c)
    return codes[0] * 10 + (codes[1] if len(codes) > 1 else 0) if codes else None
