"""Input shards and the tasks cut from them.

A shard is one input file (`.jsonl`, `.jsonl.gz`, `.ndjson`, `.warc`, `.warc.gz`). A JSON Lines
shard is cut into tasks of at most `chunk` articles (by item index, blank lines not counted) so
that one huge file still spreads over the cluster; a WARC shard is one task (its records are
not countable without reading them). Each task has a stable `key` naming its output files and
its done-marker, so a re-run can tell what is finished.
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rasd.article import Article
from rasd.errors import RasdError

JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
WARC_SUFFIXES = (".warc", ".warc.gz")
Item = Article | RasdError


@dataclass(frozen=True, slots=True)
class Shard:
    """One input file, with what identifies its version (a changed file is redone)."""

    path: str
    kind: str  # "jsonl" | "warc"
    size: int
    mtime_ns: int

    @property
    def key(self) -> str:
        """File name + a hash of the absolute path: unique, and readable in the output folder."""
        name = Path(self.path).name
        for suffix in (*JSONL_SUFFIXES, *WARC_SUFFIXES):
            if name.endswith(suffix):
                name = name[: -len(suffix)]
                break
        digest = hashlib.sha1(self.path.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        return f"{_safe(name)}-{digest}"

    @property
    def version(self) -> dict[str, object]:
        return {"path": self.path, "size": self.size, "mtime_ns": self.mtime_ns}


@dataclass(frozen=True, slots=True)
class Task:
    """A slice `[start, stop)` of a shard's items (`stop=None`: to the end)."""

    shard: Shard
    start: int = 0
    stop: int | None = None
    size: int | None = None  # items in the task, when known (for the progress bar)

    @property
    def key(self) -> str:
        if self.start == 0 and self.stop is None:
            return self.shard.key
        return f"{self.shard.key}-{self.start:09d}"


def kind_of(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    return None


def discover(inputs: Iterable[Path]) -> list[Shard]:
    """The shards named by files and folders (searched recursively), sorted, without repeats."""
    found: dict[str, Shard] = {}
    for path in inputs:
        path = Path(path)
        if not path.exists():
            raise RasdError("E008", "no such file or folder", where=str(path))
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and kind_of(p))
        else:
            if kind_of(path) is None:
                raise RasdError("E013", "batch shards must be .jsonl[.gz], .ndjson or .warc[.gz]", where=str(path))
            files = [path]
        for file in files:
            resolved = str(file.resolve())
            stat = file.stat()
            found.setdefault(resolved, Shard(resolved, kind_of(file) or "", stat.st_size, stat.st_mtime_ns))
    return sorted(found.values(), key=lambda s: s.path)


def count_items(shard: Shard) -> int:
    """Non-blank lines of a JSON Lines shard (what `read_jsonl` yields one item for)."""
    from rasd.ingest.files import MAX_FILE_BYTES, nonblank_lines

    opener = gzip.open if shard.path.endswith(".gz") else open
    try:
        with opener(shard.path, "rb") as fh:
            return sum(1 for _ in nonblank_lines(fh, MAX_FILE_BYTES))
    except (OSError, EOFError, zlib.error):
        return 1  # unreadable or truncated: one task, whose reader records the error


def tasks_of(shard: Shard, n_items: int | None, chunk: int) -> list[Task]:
    """The tasks of a shard: chunks of `chunk` items for JSON Lines, the whole file otherwise."""
    if shard.kind != "jsonl" or n_items is None or n_items <= chunk:
        return [Task(shard, size=n_items)]
    return [Task(shard, start, min(start + chunk, n_items), min(chunk, n_items - start))
            for start in range(0, n_items, chunk)]


def read_task(task: Task) -> Iterator[Item]:
    """The items of one task, errors included (they go to the `errors` table)."""
    path = Path(task.shard.path)
    if task.shard.kind == "warc":
        from rasd.ingest.warc import read_warc

        items: Iterator[Item] = read_warc(path)
        if task.start or task.stop is not None:
            items = itertools.islice(items, task.start, task.stop)
        yield from items
        return
    from rasd.ingest.files import read_jsonl

    yield from read_jsonl(path, task.start, task.stop)  # lines before the chunk are skipped unparsed


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name)[:80] or "shard"
