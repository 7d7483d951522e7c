"""The gazetteer index in memory: name keys -> candidate places, loaded once per process.

The SQLite file is small (a few MB) and read whole: a dict lookup per candidate word sequence
is faster than any query, and the matcher needs nothing else.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from rasd.geo.keys import JOINING_HEADS


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry as the matcher reports it."""

    pid: int
    ref: str
    name: str
    name_ar: str
    lat: float | None
    lon: float | None
    country: str
    admin1: str | None
    feature: str
    population: int
    source: str

    @property
    def geonameid(self) -> int | str:
        """GeoNames id (int) or the stable `rasd:place/...` id of a curated row."""
        return int(self.ref) if self.ref.isdigit() else self.ref


@dataclass(frozen=True, slots=True)
class Entry:
    """A place a key may name, and what the match needs ('' always, 'context', 'block')."""

    place: Place
    mode: str


class Gazetteer:
    """Keys -> entries, plus the first words of multi-word keys (to prune longer lookups)."""

    def __init__(self, path: Path) -> None:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            self.places = [Place(*row) for row in db.execute(
                "SELECT pid, ref, name, name_ar, lat, lon, country, admin1, feature, population, source "
                "FROM places ORDER BY pid")]
            self.names: dict[str, list[Entry]] = {}
            for key, pid, mode in db.execute("SELECT key, pid, mode FROM names"):
                self.names.setdefault(key, []).append(Entry(self.places[pid], mode))
        finally:
            db.close()
        self.heads = {k.split(" ", 1)[0] for k in self.names if " " in k} | set(JOINING_HEADS)
        self.max_words = max((k.count(" ") + 1 for k in self.names), default=1)

    def lookup(self, key: str) -> list[Entry]:
        """Entries for an exact key (see `rasd.geo.keys.name_key`)."""
        return self.names.get(key, [])


def index_path() -> Path:
    """The shipped index (`make gazetteer` rebuilds it)."""
    return Path(str(resources.files("rasd") / "data" / "gazetteer.sqlite"))


@cache
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer (an empty one when the index file is missing)."""
    path = index_path()
    if not path.is_file():
        return _empty()
    return Gazetteer(path)


def _empty() -> Gazetteer:
    g = Gazetteer.__new__(Gazetteer)
    g.places, g.names, g.heads, g.max_words = [], {}, set(), 1
    return g
