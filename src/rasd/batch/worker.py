"""What runs on a Dask worker: one loaded pipeline per worker process, and the task function.

Loading the pipeline (spaCy, the NER model, every table and matcher) costs seconds, so it is
done once per process: `pipeline()` keeps a module-level instance (`rasd.pipeline.shared`), and
`PreloadPipeline`, a `distributed.WorkerPlugin`, loads it when the worker starts, before the
first task arrives. `LOADS` counts loads in this process (the tests check it stays at 1).

An article that kills the worker analysing it (memory, a crash in a library) would kill every
worker the task is retried on. So before each article the task notes which one it is on
(`_inflight/<task>.json`); a retried task reads the note, counts a death against that article,
and once an article has been in flight at QUARANTINE_AFTER deaths it is set aside with an E014
error row instead of being analysed again. The rest of the task is analysed as usual.

Memory stays flat over a long run: a task analyses its articles in spaCy memory zones of
`ZONE_EVERY` articles (the vocabulary forgets each zone's words, which otherwise grow with every
new word form seen), and at each zone boundary free heap pages go back to the system
(`malloc_trim`, glibc only).
"""

from __future__ import annotations

import ctypes
import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

from rasd.batch.tables import FLUSH_EVERY
from rasd.errors import RasdError
from rasd.pipeline import Pipeline

PROGRESS_TOPIC = "rasd-batch-progress"
PROGRESS_EVERY = 20
ZONE_EVERY = 100  # articles per spaCy memory zone (0: no zones)
BIG_ARTICLE = 100_000  # characters; after such an article free heap goes back to the system at once
QUARANTINE_AFTER = 2  # deaths with the same article in flight; Dask allows 3 before giving up a task
LOADS = 0
_pipeline: Pipeline | None = None


def pipeline() -> Pipeline:
    """This process's pipeline, loaded on first use."""
    global _pipeline, LOADS
    if _pipeline is None:
        from rasd.pipeline import shared

        _pipeline = shared()
        LOADS += 1
    return _pipeline


class PreloadPipeline(WorkerPlugin):
    """Loads the pipeline as each worker starts (also on workers that join later)."""

    name = "rasd-preload-pipeline"

    def setup(self, worker: Any) -> None:
        pipeline()


def analyse_articles(articles: list[Any]) -> dict[str, Any]:
    """Analyse a page of articles on a worker (`rasd reanalyze --dask`): the records in order, an
    error as [code, detail, where] in its place, and this process's pipeline fingerprint (the
    driver stores the records only when it is its own)."""
    from rasd.fingerprint import fingerprint

    pipe = pipeline()
    results: list[Any] = []
    for result in pipe.analyze_many(articles):
        results.append([result.code, result.detail, result.where] if isinstance(result, RasdError) else result)
    return {"fingerprint": fingerprint(), "results": results}


def done_marker(out: Path, key: str) -> Path:
    return out / "_done" / f"{key}.json"


def write_json_atomic(path: Path, obj: Any) -> None:
    """Write-then-rename: a marker either exists whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(obj, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def _dask_progress() -> Callable[[int], None] | None:
    """Report article counts to the driver through a Dask event topic (None outside a worker)."""
    try:
        from distributed import get_worker

        worker = get_worker()
    except (ImportError, ValueError):
        return None
    return lambda n: worker.log_event(PROGRESS_TOPIC, n)


def run_task(task: Any, out: str, *, flush_every: int = FLUSH_EVERY, progress: Callable[[int], None] | None = None,
             zone_every: int = ZONE_EVERY) -> dict:
    """Analyse one task's articles into its Parquet files, then write its done-marker.

    Every article ends up either in `records` (and the item tables) or in `errors`; only an
    error in writing the output (disk full) fails the task, and then no marker is written.
    """
    from rasd.batch.shards import read_task
    from rasd.batch.tables import TaskWriter

    out_dir = Path(out)
    report = progress or _dask_progress()
    started, cpu_started = time.perf_counter(), time.thread_time()
    pipe = pipeline()
    writer = TaskWriter(out_dir, task.key, flush_every=flush_every)
    articles = unreported = 0
    watch = InFlight(out_dir, task.key)
    try:
        for item in _analysed(pipe, read_task(task), zone_every if _alone() else 0, watch):
            if isinstance(item, tuple):
                writer.add_error(*item)
            else:
                _add_record(writer, item)
            articles += 1
            unreported += 1
            if report and unreported >= PROGRESS_EVERY:
                report(unreported)
                unreported = 0
        counts = writer.commit()
    except BaseException:
        writer.abort()
        raise
    if report and unreported:
        report(unreported)
    summary = {
        "key": task.key, "shard": task.shard.version, "start": task.start, "stop": task.stop,
        "articles": articles, "errors": counts["errors"], "rows": counts,
        "seconds": round(time.perf_counter() - started, 3),
        "cpu_seconds": round(time.thread_time() - cpu_started, 3), "pid": os.getpid(), "pipeline_loads": LOADS,
    }
    write_json_atomic(done_marker(out_dir, task.key), summary)
    watch.clear()
    return summary


class InFlight:
    """The note of which article a task is analysing, read back when the task is retried."""

    def __init__(self, out: Path, key: str) -> None:
        self.path = out / "_inflight" / f"{key}.json"
        note = read_marker(self.path) or {}
        self.deaths: dict[str, int] = {str(k): int(v) for k, v in (note.get("deaths") or {}).items()}
        if note.get("current") is not None:  # the previous attempt died while on this article
            current = str(note["current"])
            self.deaths[current] = self.deaths.get(current, 0) + 1

    def poisonous(self, index: int) -> int:
        """Deaths counted against the article at `index` when QUARANTINE_AFTER or more, else 0."""
        deaths = self.deaths.get(str(index), 0)
        return deaths if deaths >= QUARANTINE_AFTER else 0

    def enter(self, index: int) -> None:
        write_json_atomic(self.path, {"current": index, "deaths": self.deaths})

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)


def read_marker(path: Path) -> dict[str, Any] | None:
    """A marker or note written by `write_json_atomic`, or None when absent or unreadable."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _add_record(writer: Any, record: dict) -> None:
    """A record that cannot be written (not JSON-serialisable) becomes an error, not a lost shard."""
    try:
        writer.add_record(record)
    except Exception as exc:
        aid = (record.get("doc") or {}).get("id")
        writer.add_error(RasdError("E009", f"unwritable record: {type(exc).__name__}: {exc}"[:300], where=aid), aid)


def _analysed(pipe: Pipeline, items: Any, zone_every: int = 0, watch: InFlight | None = None) -> Iterator[Any]:
    """Records, or (error, article id) for input errors and failed analyses, in input order.

    With `zone_every`, every that many articles run in a fresh spaCy memory zone; records are
    plain Python objects, so nothing yielded points into a zone after it closes."""
    if pipe.nlp.vocab.in_memory_zone:  # the caller's zone: zones must not nest
        zone_every = 0
    with ExitStack() as zone:
        for n, item in enumerate(items):
            if zone_every and n % zone_every == 0:
                zone.close()  # frees the words of the previous zone
                release_memory()
                zone.enter_context(pipe.nlp.memory_zone())
            if isinstance(item, RasdError):
                yield item, None
                continue
            if watch is not None:
                deaths = watch.poisonous(n)
                if deaths:
                    yield RasdError("E014", f"the worker analysing it stopped {deaths} times (memory or a crash)",
                                    where=item.id), item.id
                    continue
                watch.enter(n)
            try:
                result = pipe.analyze(item)
            except RasdError as err:
                yield err, item.id
                continue
            except Exception as exc:  # one bad article never stops a shard
                yield RasdError("E009", f"{type(exc).__name__}: {str(exc)[:300]}", where=item.id), item.id
                continue
            finally:
                if len(item.text) > BIG_ARTICLE:
                    release_memory()  # its memory must not be counted against the next article
            yield result
    release_memory()


def _alone() -> bool:
    """Whether this process runs one task at a time, so memory zones are safe: a zone frees the
    words of every document made while it is open, including another thread's document."""
    try:
        from distributed import get_worker

        worker = get_worker()
    except (ImportError, ValueError):
        return True  # in process (`workers=0`): tasks run one after another
    return getattr(worker.state, "nthreads", None) == 1


def _malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (macOS, musl, Windows)
        return None


_TRIM = _malloc_trim()


def release_memory() -> None:
    """Give free heap pages back to the system (glibc keeps them by default, and a worker's RSS
    would then stay at its highest point)."""
    if _TRIM is not None:
        _TRIM(0)
