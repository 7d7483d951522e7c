"""Build the web map's built-in base layer: Syria's governorate outlines, simplified.

The map must work with no tile server, so the app ships a small GeoJSON outline of the region
(`src/rasd/web/static/region.geojson`, committed; see NOTICE). Source: the OCHA/UNCS admin-1
layer in ../shared/data/gazetteer/syr_admin1_ocha.geojson. Simplified with Douglas-Peucker and
rounded, which is plenty for a context map at governorate scale.

    python scripts/build_region_geojson.py [SOURCE] [-o OUT] [--tolerance 0.01]
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "data" / "gazetteer" / "syr_admin1_ocha.geojson"
OUT = ROOT / "src" / "rasd" / "web" / "static" / "region.geojson"
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


def build(source: Path, tolerance: float, digits: int) -> dict:
    data = json.loads(source.read_text(encoding="utf-8"))
    features = []
    for feat in data["features"]:
        geom = simplify_geometry(feat["geometry"], tolerance, digits)
        if geom is None:
            continue
        p = feat["properties"]
        props = {"pcode": p["adm1_pcode"], "name": p["adm1_name_en"], "name_ar": p["adm1_name_ar"]}
        features.append({"type": "Feature", "properties": props, "geometry": geom})
    features.sort(key=lambda f: f["properties"]["pcode"])
    return {
        "type": "FeatureCollection",
        "attribution": "Boundaries: UNCS / UNOCHA (COD-AB Syria admin-1), via HDX; simplified by rasd",
        "features": features,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source", nargs="?", type=Path, default=SOURCE)
    ap.add_argument("-o", "--out", type=Path, default=OUT)
    ap.add_argument("--tolerance", type=float, default=0.01, help="degrees (default 0.01, about 1 km)")
    ap.add_argument("--digits", type=int, default=3)
    args = ap.parse_args()
    collection = build(args.source, args.tolerance, args.digits)
    args.out.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    n = sum(len(json.dumps(f["geometry"])) for f in collection["features"])
    print(f"{args.out}: {len(collection['features'])} governorates, {args.out.stat().st_size:,} bytes ({n:,} geometry)")


if __name__ == "__main__":
    main()
