"""Merging the Arab-world bundle (`rasd.geo.arab_world`) into the gazetteer being built.

Order and rules (each keeps ids stable and homonyms few):
1. WOF regions merge into the admin1 unit of the same country and name (admin1.tsv); WOF admin1
   names map to admin1.tsv names by majority over the WOF localities that carry a GeoNames id
   (so every source reports one spelling per governorate: `Taiz`, never also `Ta``izz`).
2. WOF localities, quarters and airports merge into the place of the same GeoNames id, else into
   a place of the same name within `MERGE_KM` in the same country (adding spellings and admin2);
   the rest are added. WOF districts (counties) become ADM2 units (Yemen's come from COD-AB).
3. Yemen villages merge into a place of the same name within `MERGE_KM` (giving it governorate,
   district and uzla with P-codes), else are added once per uzla.
4. OSM place nodes merge the same way; the rest take admin1 / admin2 from the nearest place with
   known admin units within `ADMIN_KM` (OSM nodes carry none).
5. Yemen's COD-AB districts and uzlas are added last (as `مديرية X` / `عزلة X`, and bare X when no
   town of that name lies near: the bare name then names the town).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from rasd.geo import arab_world
from rasd.geo.keys import is_arabic_name
from rasd.text import lexicon
from rasd.text.keys import place_key

if TYPE_CHECKING:
    from rasd.geo.build import Builder

ADMIN_KM = 40.0
# A town of the regional sources with fewer people and no admin seat (PPLA*) is `minor` (not by a
# Wikidata item: a bot gave every GeoNames village of Yemen one):
# its names count only after a cue (build.Builder.modes) -- GeoNames' Iraqi and Yemeni villages are
# often named like people (علي عبد الله، محمد علي) or words (البلاد، الجيش، المكان).
NOTABLE_POPULATION = 10_000
VERY_FREQUENT = 1000  # ... from which a WOF alternate name of a known place is a word (ناصر), not a spelling
FREQUENT = 30  # news-word count from which a bare name is a word first (build._frequent)
UNIT_TOWN_KM = {2: 50.0, 3: 20.0}  # a district / uzla keeps its bare name only with no such town this near
FRAMES = {2: "مديرية", 3: "عزلة"}
CAMPUS = (("مطار", "AIRP"), ("قاعدة", "MILB"))


def add_arab_world(b: Builder, raw: Path, cities: dict) -> None:
    """Merge the whole bundle (see the module docstring)."""
    from rasd.geo.place import Place

    cod = {u["pcode"]: u for u in arab_world.cod_units(raw)}
    ye_admin1 = {r["pcode"]: r["name_en"] for r in b.admin1.values() if r["country"] == "YE" and r["pcode"]}
    ye_district = {(ye_admin1.get(u["adm1"]), _unframed(place_key(u["name_ar"]))): u
                   for u in cod.values() if u["level"] == 2}
    wof_rows = list(arab_world.wof(raw))
    gn_population = {c["geonameid"]: int(c.get("population") or 0) for c in cities.values()}
    for r in wof_rows:  # GeoNames' count where WOF has none (Marib: none in WOF, 16,794 in cities500)
        r["population"] = r["population"] or gn_population.get(r["gn_id"], 0)
    admin1_name = _admin1_names(b, wof_rows, cities)
    b.gn_index = {p.ref: i for i, p in enumerate(b.places) if isinstance(p.ref, int)}
    adm1_idx = {(p.country, p.admin1): i for i, p in enumerate(b.places) if p.feature == "ADM1"}

    for r in wof_rows:
        cc, kind = r["cc"], r["kind"]
        names = [n for n in r["names"] if is_arabic_name(n)]
        if not names or kind in ("country", "localadmin"):
            continue
        admin1 = admin1_name.get((cc, r["admin1"])) or _clean(r["admin1"]) or None
        if kind == "region":
            admin1 = admin1_name.get((cc, r["name"])) or _clean(r["name"])
            idx = adm1_idx.get((cc, admin1))
            names = _region_names(names, curated=idx is not None)
            if idx is not None:
                b.add_names(idx, names)
            elif names:
                adm1_idx[(cc, admin1)] = b.add(Place(f"rasd:place/wof/{r['id']}", admin1, r["lat"], r["lon"], cc,
                                                     admin1, "ADM1", r["population"], "wof"), names)
            continue
        if kind == "county":
            if cc == "YE":
                continue  # Yemen's districts come from COD-AB, with P-codes
            # no population: a district's head count says how big it is, not how often news mean it
            b.add(Place(f"rasd:place/wof/{r['id']}", r["name"], r["lat"], r["lon"], cc, admin1, "ADM2",
                        0, "wof", admin2=_clean(r["name"])),
                  _unit_names(b, names, r["lat"], r["lon"], cc, UNIT_TOWN_KM[2]))
            continue
        names = _town_names(names)
        feature = _feature(kind, r["gn_feature"], names)
        admin2, pcode = _clean(r["admin2"]) or None, None
        district = ye_district.get((admin1, _unframed(place_key(r["admin2_ar"])))) if cc == "YE" else None
        if district is not None:  # Yemen: OCHA's district name and P-code
            admin2, pcode = district["name"], district["pcode"]
        idx = b.gn_index.get(r["gn_id"]) if r["gn_id"] else None
        if idx is None and feature != "ADM1":
            idx = _near_any(b, names, r["lat"], r["lon"], cc)
        notable = r["population"] >= NOTABLE_POPULATION or r["gn_feature"].startswith(("PPLA", "PPLC"))
        if idx is not None:
            p = b.places[idx]
            if "wof" not in p.source:
                p.source += "+wof"  # its new names follow the regional rules (build.Builder.modes)
            if not notable and not p.population and p.source == "geonames+wof" and p.feature in ("PPL", "PPLX"):
                p.minor = True
            b.add_names(idx, [n for k, n in enumerate(names) if k == 0 or _new_name_ok(p, n)])
            p.admin1 = p.admin1 or admin1
            if not p.pcode:
                p.admin2, p.pcode = p.admin2 or admin2, pcode
            p.population = p.population or r["population"]
            continue
        ref = r["gn_id"] or f"rasd:place/wof/{r['id']}"
        idx = b.add(Place(ref, r["name"], r["lat"], r["lon"], cc, admin1, feature, r["population"], "wof",
                          admin2=admin2, pcode=pcode, minor=not notable and feature in ("PPL", "PPLX")), names)
        if r["gn_id"]:
            b.gn_index[r["gn_id"]] = idx

    seen_village: set[tuple[str, str]] = set()
    for v in arab_world.villages(raw):
        key = place_key(v["name_ar"])
        adm2, adm3 = cod.get(v["adm2"]), cod.get(v["adm3"])
        admin2 = adm2["name"] if adm2 else None
        admin3 = adm3["name"] if adm3 else None
        pcode = v["adm3"] or v["adm2"] or v["adm1"] or None
        idx = b.near(key, v["lat"], v["lon"], "YE", units=False)
        if idx is not None:
            p = b.places[idx]
            if not p.pcode:
                p.admin1 = ye_admin1.get(v["adm1"]) or p.admin1
                p.admin2, p.admin3, p.pcode = admin2, admin3, pcode
            b.add_names(idx, [v["name_ar"]])
            continue
        if (key, v["adm3"]) in seen_village:
            continue
        seen_village.add((key, v["adm3"]))
        b.add(Place(f"rasd:place/yemen-info/{v['id'].rsplit('/', 1)[-1]}", v["name"], v["lat"], v["lon"], "YE",
                    ye_admin1.get(v["adm1"]), "PPL", 0, "yemen-info", admin2=admin2, admin3=admin3,
                    pcode=pcode, minor=True), [v["name_ar"]])

    grid = _AdminGrid(b)
    for r in arab_world.osm(raw):
        cc = r["cc"]
        names = [n for n in r["names"] if is_arabic_name(n)]
        if not names:
            continue
        if r["feature"] == "ADM1":
            continue  # OSM `place=state` nodes: admin1 units come from WOF / admin1.tsv
        names = _town_names(names)
        idx = _near_any(b, names, r["lat"], r["lon"], cc)
        if idx is not None:
            p = b.places[idx]
            b.add_names(idx, names)
            p.population = p.population or r["population"]
            continue
        admin1, admin2 = grid.nearest(cc, r["lat"], r["lon"])
        b.add(Place(f"rasd:place/osm/{r['id']}", r["name"], r["lat"], r["lon"], cc, admin1, r["feature"],
                    r["population"], "osm", admin2=admin2,
                    minor=r["population"] < NOTABLE_POPULATION and r["feature"] in ("PPL", "PPLX")), names)

    _fill_admin(b, _AdminGrid(b))

    for u in cod.values():
        admin1 = ye_admin1.get(u["adm1"])
        if u["level"] == 1:
            idx = adm1_idx.get(("YE", admin1))
            if idx is not None:
                b.places[idx].pcode = u["pcode"]
            continue
        if u["lat"] is None:
            continue
        adm2 = cod.get(u["adm2"]) if u["level"] == 3 else u
        names = _unit_names(b, [u["name_ar"]], u["lat"], u["lon"], "YE", UNIT_TOWN_KM[u["level"]])
        names.append(f"{FRAMES[u['level']]} {u['name_ar']}")
        b.add(Place(f"rasd:place/ocha/{u['pcode']}", u["name"], u["lat"], u["lon"], "YE", admin1,
                    f"ADM{u['level']}", 0, "cod-ab", admin2=adm2["name"] if adm2 else None,
                    admin3=u["name"] if u["level"] == 3 else None, pcode=u["pcode"]), names)


ADMIN_FRAMES = ("محافظه ", "ولايه ", "اقليم ", "منطقه ", "امانه ", "مديريه ", "قضاء ", "ناحيه ", "عزله ")


def _unframed(key: str) -> str:
    for frame in ADMIN_FRAMES:
        if key.startswith(frame):
            return key[len(frame):]
    return key


def _region_names(names: list[str], curated: bool) -> list[str]:
    """A WOF region's names that name it: its first name with or without a frame word (WOF's
    alternates also hold neighbours' names: صنعاء lists تعز). A region that admin1.tsv already
    names (`curated`) gains none (the frame word محافظة / ولاية before a name is read as a cue);
    a new one keeps its bare name unless it is a frequent news word (الشرق, Morocco's Oriental)."""
    if not names or curated:
        return []
    core = _unframed(place_key(names[0]))
    out = []
    for n in names:
        key = place_key(n)
        if _unframed(key) != core:
            continue
        if key == core and lexicon.count(key) >= FREQUENT:
            continue
        out.append(n)
    return out


TOWN_FRAMES = ("قرية ", "قريه ", "مدينة ", "مدينه ", "بلدة ", "بلده ")


def _town_names(names: list[str]) -> list[str]:
    """A town's names without a leading frame word ("قرية العكر" -> "العكر"): the matcher reads
    the frame as a cue, and the framed key would hide the bare one."""
    out = []
    for n in names:
        frame = next((f for f in TOWN_FRAMES if n.startswith(f) and len(n) > len(f) + 2), "")
        n = n[len(frame):]
        if n not in out:
            out.append(n)
    return out


def _new_name_ok(p, name: str) -> bool:
    """A WOF alternate spelling added to a known place: not a one-word news word (WOF gives the
    Egyptian town Būsh the alias ناصر) unless the place already has it. (WOF's preferred name
    always counts: مأرب for Marib, whose GeoNames row keeps only معرب.)"""
    key = place_key(name)
    return " " in key or key in p.names or lexicon.count(key) < VERY_FREQUENT


def _feature(kind: str, gn_feature: str, names: list[str]) -> str:
    if kind == "neighbourhood":
        return "PPLX"
    if kind == "campus":
        return next((f for word, f in CAMPUS if any(word in n for n in names)), "AIRP")
    return gn_feature if gn_feature in ("PPLA", "PPLC") else "PPL"


def _clean(name: str) -> str:
    """A WOF Latin name as rasd reports it (no ` or ´ transliteration marks)."""
    return " ".join(name.replace("`", "").replace("´", "'").split())


def _near_any(b: Builder, names: list[str], lat: float, lon: float, cc: str) -> int | None:
    for n in names:
        idx = b.near(place_key(n), lat, lon, cc, units=False)
        if idx is not None:
            return idx
    return None


def _unit_names(b: Builder, names: list[str], lat: float, lon: float, cc: str, radius: float) -> list[str]:
    """A unit's names without those a town of the same name near it already has."""
    return [n for n in names if b.near(place_key(n), lat, lon, cc, radius=radius, units=False) is None]


def _admin1_names(b: Builder, wof_rows: list[dict], cities: dict) -> dict[tuple[str, str], str]:
    """(country, WOF admin1 Latin name) -> the admin1.tsv English name, by the Arabic names of the
    WOF region records, then by majority over localities that share a GeoNames id with cities500."""
    by_ar: dict[tuple[str, str], str] = {}
    for r in b.admin1.values():
        for n in r["name_ar"].split("|"):
            key = place_key(n)
            by_ar[(r["country"], _unframed(key))] = r["name_en"]
    out: dict[tuple[str, str], str] = {}
    for r in wof_rows:
        if r["kind"] == "region":
            for n in r["names"]:
                key = _unframed(place_key(n))
                if (r["cc"], key) in by_ar:
                    out[(r["cc"], r["name"])] = by_ar[(r["cc"], key)]
                    break
    code_of = {c["geonameid"]: (c["countrycode"], c["admin1code"]) for c in cities.values()}
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for r in wof_rows:
        if r["gn_id"] in code_of and r["admin1"]:
            votes[(r["cc"], r["admin1"])][code_of[r["gn_id"]]] += 1
    for key, c in votes.items():
        code, n = c.most_common(1)[0]
        if key not in out and code in b.admin1 and n >= 2:
            out[key] = b.admin1[code]["name_en"]
    return out


FILL_ADMIN2_KM = 15.0


def _fill_admin(b: Builder, grid: _AdminGrid) -> None:
    """Admin units for the towns and facilities that no source placed (a GeoNames town, a
    curated base or airport): those of the nearest place that has them -- admin1 within
    `ADMIN_KM`, admin2 within `FILL_ADMIN2_KM` and in the same admin1. Not Syria (its towns get
    admin1 from the OCHA outlines)."""
    for p in b.places:
        if p.lat is None or p.country == "SY" or p.feature in ("PCLI", "ADM1", "ADM2", "ADM3") or p.admin2:
            continue
        if p.admin1 is None:
            p.admin1 = grid.nearest(p.country, p.lat, p.lon)[0]
        near1, admin2 = grid.nearest(p.country, p.lat, p.lon, FILL_ADMIN2_KM, with_admin2=True)
        if p.admin1 is not None and near1 == p.admin1:
            p.admin2 = admin2


class _AdminGrid:
    """Places with a known admin1, on a 0.5° grid: the admin units of the nearest one."""

    CELL = 0.5

    def __init__(self, b: Builder) -> None:
        self.cells: dict[tuple[str, int, int], list[tuple[float, float, str, str | None]]] = defaultdict(list)
        for p in b.places:
            if p.admin1 and p.lat is not None and p.feature not in ("PCLI", "ADM1", "ADM2", "ADM3"):
                self.cells[(p.country, *self._cell(p.lat, p.lon))].append((p.lat, p.lon, p.admin1, p.admin2))

    def _cell(self, lat: float, lon: float) -> tuple[int, int]:
        return math.floor(lat / self.CELL), math.floor(lon / self.CELL)

    def nearest(self, cc: str, lat: float, lon: float, radius: float = ADMIN_KM,
                with_admin2: bool = False) -> tuple[str | None, str | None]:
        from rasd.geo.place import km

        y, x = self._cell(lat, lon)
        best, out = radius, (None, None)
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                for plat, plon, a1, a2 in self.cells.get((cc, y + dy, x + dx), ()):
                    if with_admin2 and a2 is None:
                        continue
                    d = km(lat, lon, plat, plon)
                    if d <= best:
                        best, out = d, (a1, a2)
        return out
