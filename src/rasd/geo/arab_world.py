"""Readers for the Arab-world gazetteer bundle (`../shared/data/gazetteer/arab_world/raw/`).

Four sources, read as plain rows for `rasd.geo.build` to merge (see that bundle's README for
content and licences):
- Who's On First, 26 countries, records with an Arabic name (CC0 + GeoNames CC BY);
- Yemen COD-AB admin 1-3 with OCHA P-codes (CSO Yemen / OCHA, CC BY-IGO 3.0);
- Yemen villages with governorate / district / uzla P-codes (yemen-regions-py, MIT);
- OpenStreetMap place nodes of North and East Africa, Sept 2019 (ODbL 1.0: the derived index is
  shared alike).
Rows are only read and typed here; what is kept, merged or trimmed is the builder's decision.
"""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator
from pathlib import Path

WOF = "wof_arab_world_ar.tsv.gz"
COD = "yem_cod_ab_adm1_adm3.tsv"
VILLAGES = "yem_villages_yemen_info.tsv.gz"
OSM = "osm2019_africa_places.tsv.gz"

# GeoNames feature codes of WOF localities that name no living place (abandoned, historical,
# destroyed): dropped, they only add homonyms.
DEAD_FEATURES = frozenset({"PPLQ", "PPLH", "PPLW"})
# OSM `place=` values kept, and the feature code each gets.
OSM_FEATURES = {"city": "PPL", "town": "PPL", "village": "PPL", "hamlet": "PPL", "suburb": "PPLX",
                "neighbourhood": "PPLX", "quarter": "PPLX", "island": "ISL", "state": "ADM1"}


def _rows(path: Path) -> Iterator[dict[str, str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)


def _float(s: str) -> float | None:
    try:
        return float(s)
    except (TypeError, ValueError):
        return None


def _int(s: str) -> int:
    try:
        return int(float(s))
    except (TypeError, ValueError):
        return 0


def arabic_names(*cells: str) -> list[str]:
    """The `|`-separated names of the cells, stripped (bidi marks and stray spaces removed)."""
    out = []
    for cell in cells:
        for n in (cell or "").split("|"):
            n = n.replace("\u200e", "").replace("\u200f", "").strip()
            if n and n not in out:
                out.append(n)
    return out


def wof(raw: Path) -> Iterator[dict]:
    """WOF records: kind (region/county/localadmin/locality/neighbourhood/campus), names, admin
    names (Latin), point, population, GeoNames id and feature code."""
    for r in _rows(raw / WOF):
        if r["is_current"] == "0" or r["gn_feature_code"] in DEAD_FEATURES:
            continue
        lat, lon = _float(r["lat"]), _float(r["lon"])
        if lat is None or lon is None:
            continue
        kind = "neighbourhood" if r["placetype"] == "microhood" else r["placetype"]
        yield {"id": r["wof_id"], "cc": r["iso"], "kind": kind, "gn_id": _int(r["gn_id"]),
               "gn_feature": r["gn_feature_code"], "names": arabic_names(r["name_ar"], r["name_ar_alt"]),
               "name": r["name_latin"], "admin1": r["admin1_latin"].strip(), "admin2": r["admin2_latin"].strip(),
               "admin2_ar": r["admin2_ar"].strip(), "wikidata": r["wd_id"].strip(),
               "lat": lat, "lon": lon, "population": _int(r["population"])}


def cod_units(raw: Path) -> list[dict]:
    """Yemen's governorates (adm1), districts (adm2) and sub-districts (adm3) with P-codes."""
    level = {"adm1_governorate": 1, "adm2_district": 2, "adm3_subdistrict": 3}
    out = []
    for r in _rows(raw / COD):
        out.append({"pcode": r["pcode"], "level": level[r["level"]], "name_ar": r["name_ar"].strip(),
                    "name": r["name_en"].strip(), "adm1": r["adm1_pcode"], "adm2": r["adm2_pcode"],
                    "lat": _float(r["lat"]), "lon": _float(r["lon"])})
    return out


def villages(raw: Path) -> Iterator[dict]:
    """Yemen villages placed at their uzla's (or district's) representative point."""
    for r in _rows(raw / VILLAGES):
        lat, lon = _float(r["lat"]), _float(r["lon"])
        if lat is None or lon is None or not r["name_ar"].strip():
            continue
        yield {"id": r["src_ids"], "name_ar": r["name_ar"].strip(), "name": r["name_latin"].strip(),
               "adm1": r["adm1_pcode"], "adm2": r["adm2_pcode"], "adm3": r["adm3_pcode"],
               "lat": lat, "lon": lon, "coarse": r["coord_precision"] == "adm2_centroid"}


def osm(raw: Path) -> Iterator[dict]:
    """OSM place nodes with an Arabic name, of the kinds in `OSM_FEATURES`."""
    for r in _rows(raw / OSM):
        feature = OSM_FEATURES.get(r["place"])
        names = arabic_names(r["name_ar"], r["name_ar_alt"])
        lat, lon = _float(r["lat"]), _float(r["lon"])
        if feature is None or not names or lat is None or lon is None:
            continue
        yield {"id": r["osm_node_id"], "cc": r["iso"], "feature": feature, "place": r["place"], "names": names,
               "name": r["name_en"].strip() or r["name"].strip(), "lat": lat, "lon": lon,
               "population": _int(r["population"])}
