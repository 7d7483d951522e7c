"""The gazetteer index: name keys -> candidate places, read from the SQLite file on demand.

The index holds some 100,000 places of the Arab world. Reading it whole would cost a second or
more at every start, so only the small `heads` table (first words of multi-word names, to prune
longer lookups) is read up front, and the set of keys on the first lookup (most words of a text
name no place: a set lookup answers them); a key that names places is one indexed query (the
names table is clustered on its key), and answers are kept in a bounded cache. The connection
is opened per process and per thread (a forked worker opens its own), read-only.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from rasd.geo.keys import JOINING_HEADS

PLACE_COLUMNS = ("pid, ref_prefix, ref, name, name_ar, lat, lon, country, admin1, feature, population, source, "
                 "admin2, admin3, pcode, minor")
CACHE_KEYS = 200_000
CODEPAGE = "cp1256"
MODES = ("", "context", "block")  # stored as 0, 1, 2


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
    admin2: str | None = None
    admin3: str | None = None
    pcode: str | None = None
    minor: bool = False  # a village known only to the regional sources (rasd.geo.build_arab)

    @property
    def geonameid(self) -> int | str:
        """GeoNames id (int) or the stable `rasd:place/...` id of a row from another source."""
        return int(self.ref) if self.ref.isdigit() else self.ref


@dataclass(frozen=True, slots=True)
class Entry:
    """A place a key may name, and what the match needs ('' always, 'context', 'block')."""

    place: Place
    mode: str


class _Names:
    """Key -> entries, as a read-only mapping backed by the index (`get`, `in`, `len`, iteration)."""

    def __init__(self, gaz: Gazetteer) -> None:
        self._gaz = gaz
        self._cache: OrderedDict[str, list[Entry] | None] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str, default=None):
        if key not in self._gaz.stored_keys():
            return default  # most words name no place: one set lookup, no query
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                hit = self._cache[key]
                return default if hit is None else hit
        found = self._gaz._entries(key) or None
        with self._lock:
            self._cache[key] = found
            if len(self._cache) > CACHE_KEYS:
                self._cache.popitem(last=False)
        return default if found is None else found

    def __getitem__(self, key: str) -> list[Entry]:
        hit = self.get(key)
        if hit is None:
            raise KeyError(key)
        return hit

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def __len__(self) -> int:
        return self._gaz._scalar("SELECT COUNT(DISTINCT key) FROM names")

    def __iter__(self):
        return (unpack(k) for (k,) in self._gaz._conn().execute("SELECT DISTINCT key FROM names"))


class _Places:
    """pid -> Place, read on demand."""

    def __init__(self, gaz: Gazetteer) -> None:
        self._gaz = gaz

    def __getitem__(self, pid: int) -> Place:
        row = self._gaz._conn().execute(f"SELECT {PLACE_COLUMNS} FROM places WHERE pid = ?", (pid,)).fetchone()
        if row is None:
            raise IndexError(pid)
        return self._gaz._place(row)

    def __len__(self) -> int:
        return self._gaz._scalar("SELECT COUNT(*) FROM places")

    def __iter__(self):
        return (self._gaz._place(r) for r in self._gaz._conn().execute(f"SELECT {PLACE_COLUMNS} FROM places"))


class Gazetteer:
    """The index: `names.get(key)` -> entries, `heads` (first word of multi-word keys -> their most
    words), `max_words`."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._local = threading.local()
        self._places: dict[int, Place] = {}
        self._keys: frozenset[str] | None = None
        self.names = _Names(self)
        self.places = _Places(self)
        if path is None:
            self._strings: list[str] = []
            self.heads, self.max_words = dict.fromkeys(JOINING_HEADS, 1), 1
            return
        db = self._conn()
        self._strings = [v for _, v in db.execute("SELECT sid, s FROM strings ORDER BY sid")]
        meta = dict(db.execute("SELECT key, value FROM meta"))
        self.max_words = int(meta.get("max_words", 1))
        # first word -> the most words of a key it begins (a joined head may begin any key)
        self.heads = dict.fromkeys(JOINING_HEADS, self.max_words)
        self.heads.update((unpack(w), n) for w, n in db.execute("SELECT word, words FROM heads"))

    def stored_keys(self) -> frozenset[str]:
        """Every stored key, read once on first use: a miss costs no query (and no encoding)."""
        if self._keys is None:
            stored = [k for (k,) in self._conn().execute("SELECT DISTINCT key FROM names")]
            packed = [k for k in stored if isinstance(k, bytes)]
            text = b"\n".join(packed).decode(CODEPAGE).split("\n") if packed else []  # one decode call
            self._keys = frozenset(text) | {k for k in stored if isinstance(k, str)}
        return self._keys

    def _conn(self) -> sqlite3.Connection:
        pid = os.getpid()
        db = getattr(self._local, "db", None)
        if db is None or self._local.pid != pid:
            if self.path is None:
                db = sqlite3.connect(":memory:", check_same_thread=False)
                db.executescript(f"CREATE TABLE places({PLACE_COLUMNS}); CREATE TABLE names(key, pid, mode);")
            else:
                db = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            self._local.db, self._local.pid = db, pid
        return db

    def _scalar(self, sql: str) -> int:
        return self._conn().execute(sql).fetchone()[0]

    def _place(self, row: tuple) -> Place:
        """A Place from a stored row (see `rasd.geo.build.Builder.write` for the encoding)."""
        hit = self._places.get(row[0])
        if hit is None:
            s = self._strings
            pid, prefix, ref, name, name_ar, lat, lon, cc, a1, feature, pop, source, a2, a3, pcode, minor = row
            ref = str(ref) if prefix is None else s[prefix] + str(ref)
            hit = self._places[pid] = Place(
                pid, ref, name if name is not None else unpack(name_ar), unpack(name_ar), _degrees(lat),
                _degrees(lon), s[cc], _at(s, a1), s[feature], pop or 0, s[source], _at(s, a2), _at(s, a3),
                _at(s, pcode), bool(minor))
        return hit

    def _entries(self, key: str) -> list[Entry]:
        rows = self._conn().execute(
            f"SELECT n.mode, {', '.join('p.' + c.strip() for c in PLACE_COLUMNS.split(','))} "
            "FROM names n JOIN places p ON p.pid = n.pid WHERE n.key = ? ORDER BY n.pid", (pack(key),)).fetchall()
        return [Entry(self._place(r[1:]), MODES[r[0]]) for r in rows]

    def lookup(self, key: str) -> list[Entry]:
        """Entries for an exact key (see `rasd.text.keys.place_key`)."""
        return self.names.get(key, [])


def pack(text: str) -> bytes | str:
    """Arabic text as one byte a letter (Windows-1256 covers the Arabic script): the index's keys
    and display names take half the space of UTF-8. Text outside the code page stays as is."""
    try:
        return text.encode(CODEPAGE)
    except UnicodeEncodeError:
        return text


def unpack(value: bytes | str | None) -> str | None:
    """The text `pack` stored."""
    return value.decode(CODEPAGE) if isinstance(value, bytes) else value


def _degrees(x: int | None) -> float | None:
    return None if x is None else x / 1e5


def _at(strings: list[str], sid: int | None) -> str | None:
    return None if sid is None else strings[sid]


def index_path() -> Path:
    """The shipped index (`make gazetteer` rebuilds it)."""
    return Path(str(resources.files("rasd") / "data" / "gazetteer.sqlite"))


@cache
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer (an empty one when the index file is missing)."""
    path = index_path()
    return Gazetteer(path if path.is_file() else None)
