"""The pipeline's version and fingerprint: what made an analysis, to tell stale analyses apart.

The fingerprint hashes the package version, the NER model's meta.json, every lexicon table and the
gazetteer index, so any change to the data rasd analyses with marks the stored analyses made
before it as stale (`rasd stats`, `rasd reanalyze`). It reads files only: the store can use it
without loading the pipeline. `RASD_LEXICON_DIR` points it at another lexicon folder (tests).
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from importlib import resources
from pathlib import Path

from rasd import __version__

VERSION = f"rasd-{__version__}"


def _package_dir() -> Path:
    return Path(str(resources.files("rasd")))


def lexicon_dir() -> Path:
    """The lexicon folder whose tables are hashed."""
    return Path(os.environ.get("RASD_LEXICON_DIR") or _package_dir() / "lexicon")


def inputs() -> list[Path]:
    """Every file the fingerprint covers, in a fixed order."""
    base = _package_dir() / "data"
    files = [base / "ner" / "meta.json", base / "gazetteer.sqlite"]
    files += sorted(lexicon_dir().glob("*.tsv"))
    return [f for f in files if f.is_file()]


def fingerprint() -> str:
    """sha256 (hex, 64 chars) of the version and the covered files' names and bytes."""
    stamp = tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in inputs())
    return _hash(stamp)


@cache
def _hash(stamp: tuple[tuple[str, int, int], ...]) -> str:
    h = hashlib.sha256(VERSION.encode())
    for name, _mtime, _size in stamp:
        path = Path(name)
        h.update(path.name.encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()
