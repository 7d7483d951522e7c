"""Place suggestions for people: names beginning with what a reviewer types, from the gazetteer
index (Arabic through the name keys, English through the places' names), biggest places first;
and a chosen place as the location fields of an event row."""

from __future__ import annotations

from typing import Any

from rasd import admin
from rasd.geo.index import Gazetteer, Place, gazetteer, pack
from rasd.text.keys import place_key as name_key


def suggest(text: str, *, limit: int = 10, gaz: Gazetteer | None = None) -> list[dict[str, Any]]:
    """Places whose Arabic or English name begins with `text` (exact names first, then by size)."""
    gaz = gaz or gazetteer()
    if gaz.path is None or not text.strip():
        return []
    key = name_key(text)
    db = gaz._conn()
    cols = "p.pid"
    pids: list[int] = []
    if key:
        low = pack(key)
        high = low + (b"\xff" if isinstance(low, bytes) else "\uffff")
        pids += [r[0] for r in db.execute(
            f"SELECT {cols} FROM names n JOIN places p ON p.pid = n.pid WHERE n.key >= ? AND n.key < ? "
            "ORDER BY (n.key = ?) DESC, p.population DESC LIMIT ?", (low, high, low, limit * 3))]
    english = text.strip().replace("%", "").replace("_", "")
    if english.isascii() and english:
        pids += [r[0] for r in db.execute(
            f"SELECT {cols} FROM places p WHERE p.name LIKE ? ORDER BY p.population DESC LIMIT ?",
            (english + "%", limit * 3))]
    seen: dict[int, None] = {}
    for pid in pids:
        seen.setdefault(pid)
    return [describe(gaz.places[pid]) for pid in list(seen)[:limit]]


def describe(p: Place) -> dict[str, Any]:
    """What a suggestion list shows and posts back (`ref` names the place)."""
    return {"ref": p.ref, "name": p.name, "name_ar": p.name_ar, "admin1": p.admin1, "country": p.country,
            "feature": p.feature, "lat": p.lat, "lon": p.lon,
            "label": " · ".join(x for x in (p.name_ar, p.name, p.admin1, admin.country_name(p.country), p.feature,
                                            p.ref) if x)}


def by_ref(ref: str, gaz: Gazetteer | None = None) -> Place | None:
    """The place with this GeoNames id or `rasd:place/…` ref, or None."""
    gaz = gaz or gazetteer()
    if gaz.path is None or not ref:
        return None
    db = gaz._conn()
    plain = db.execute("SELECT pid FROM places WHERE ref_prefix IS NULL AND ref = ?",
                       (int(ref) if ref.isdigit() else ref,)).fetchall()
    prefixed = db.execute("SELECT pid FROM places WHERE ref_prefix IS NOT NULL AND substr(?, -length(ref)) = ref",
                          (ref,)).fetchall() if not ref.isdigit() else []
    for (pid,) in [*plain, *prefixed]:
        place = gaz.places[pid]
        if place.ref == ref:
            return place
    return None


def row_fields(p: Place, geo_precision: int = 1) -> dict[str, Any]:
    """A place as the location fields of `rasd.rows.EventRow`."""
    cc = p.country or None
    return {"location": p.name or p.name_ar, "location_ar": p.name_ar or None,
            "geonameid": p.geonameid if isinstance(p.geonameid, int) else None,
            "latitude": p.lat, "longitude": p.lon, "geo_precision": geo_precision, "country_code": cc,
            "country": admin.country_name(cc) or None, "iso": admin.iso_numeric(cc), "region": admin.region(cc) or None,
            "admin1": p.admin1, "admin2": p.admin2, "admin3": p.admin3,
            "admin1_pcode": admin.admin1_pcode(cc, p.admin1), "admin2_pcode": None, "admin3_pcode": None,
            "location_pcode": p.pcode}
