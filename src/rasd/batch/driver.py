"""The batch driver: shards -> tasks on a Dask cluster -> Parquet (and optionally the database).

`run_batch` finds the shards, skips what earlier runs finished (done-markers), submits one task
per shard chunk, shows articles/s as workers report, marks shards finished, and loads records
into the store when asked. The driver is the only database writer (SQLite wants one writer);
workers only write their own Parquet files.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rasd.batch.shards import Shard, Task, count_items, discover, tasks_of
from rasd.batch.tables import FLUSH_EVERY, TABLES, datapackage
from rasd.batch.worker import (
    PROGRESS_TOPIC,
    PreloadPipeline,
    done_marker,
    read_marker,
    run_task,
    write_json_atomic,
)
from rasd.errors import RasdError

DEFAULT_CHUNK = 1000
SETTINGS = "_batch.json"


@dataclass
class BatchResult:
    """What a run did; `failed` lists tasks whose output could not be written (rerun to retry)."""

    shards: int = 0
    tasks: int = 0
    skipped: int = 0
    done: int = 0
    articles: int = 0
    errors: int = 0
    loaded: int = 0
    seconds: float = 0.0
    failed: list[str] = field(default_factory=list)
    summaries: list[dict[str, Any]] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


def is_done(out: Path, key: str, shard: Shard) -> bool:
    """A task is done when its marker exists and names this version of the input file."""
    marker = read_marker(done_marker(out, key))
    return bool(marker) and marker.get("shard") == shard.version


def shard_marker(out: Path, shard: Shard) -> Path:
    return out / "_shards" / f"{shard.key}.json"


def _chunk_size(out: Path, chunk: int | None) -> int:
    """The chunk size is fixed per output folder: task keys (and so resuming) depend on it."""
    settings = read_marker(out / SETTINGS) or {}
    stored = settings.get("chunk")
    if isinstance(stored, int) and stored > 0:
        if chunk is not None and chunk != stored:
            logging.getLogger("rasd.batch").warning("%s was written with --chunk %d; keeping it", out, stored)
        return stored
    size = chunk or DEFAULT_CHUNK
    write_json_atomic(out / SETTINGS, {"chunk": size})
    return size


def _pending(out: Path, shard: Shard) -> bool:
    return (read_marker(shard_marker(out, shard)) or {}).get("shard") != shard.version


def plan(shards: list[Shard], out: Path, chunk: int, counter: Callable[[list[Shard]], list[int]]) -> list[Task]:
    """The tasks still to do: finished shards are skipped without reading them."""
    todo = [s for s in shards if _pending(out, s)]
    jsonl = [s for s in todo if s.kind == "jsonl"]
    counts = dict(zip([s.path for s in jsonl], counter(jsonl), strict=True)) if jsonl else {}
    tasks = []
    for shard in todo:
        mine = tasks_of(shard, counts.get(shard.path), chunk)
        _clear_stale(out, shard, {t.key for t in mine if is_done(out, t.key, shard)})
        tasks.extend(t for t in mine if not is_done(out, t.key, shard))
    return tasks


def _clear_stale(out: Path, shard: Shard, keep: set[str]) -> None:
    """Drop a changed shard's old files (its new version may have fewer chunks than the old)."""
    for folder in ("_done", *TABLES):
        for path in (out / folder).glob(f"{shard.key}*"):
            if path.name.removesuffix(".parquet").removesuffix(".json") not in keep:
                path.unlink(missing_ok=True)


class Progress:
    """A Rich progress bar counting articles; safe to advance from Dask's event thread."""

    def __init__(self, total: int | None, enabled: bool, console: Any = None) -> None:
        self.count = 0
        self.lock = threading.Lock()
        self.bar = None
        if enabled:
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
            from rich.progress import Progress as RichProgress

            self.bar = RichProgress(
                TextColumn("[bold]rasd batch"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[rate]:>7.1f} articles/s"), TimeElapsedColumn(),
                TextColumn("{task.fields[note]}"), console=console, transient=False,
            )
            self.task = self.bar.add_task("articles", total=total, rate=0.0, note="")
        self.started = time.perf_counter()

    def advance(self, n: int) -> None:
        with self.lock:
            self.count += n
            if self.bar is not None:
                rate = self.count / max(time.perf_counter() - self.started, 1e-9)
                self.bar.update(self.task, completed=self.count, rate=rate)

    def note(self, text: str) -> None:
        if self.bar is not None:
            self.bar.update(self.task, note=text)

    def __enter__(self) -> Progress:
        if self.bar is not None:
            self.bar.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.bar is not None:
            self.bar.stop()


@contextmanager
def dask_client(workers: int | None, scheduler: str | None) -> Iterator[Any]:
    """A client on the given scheduler, or on a LocalCluster of `workers` 1-thread processes."""
    from distributed import Client, LocalCluster

    if scheduler:
        client = Client(scheduler)
        cluster = None
    else:
        import os

        cluster = LocalCluster(
            n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
            dashboard_address=None, silence_logs=logging.ERROR,
        )
        client = Client(cluster)
    try:
        client.register_plugin(PreloadPipeline())
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def run_batch(
    inputs: Iterable[Path],
    out: Path,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    db: str | None = None,
    chunk: int | None = None,
    flush_every: int = FLUSH_EVERY,
    progress: bool = True,
    console: Any = None,
) -> BatchResult:
    """Analyse every article of the shards into `out`; `workers=0` runs in this process, no Dask."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    shards = discover(inputs)
    size = _chunk_size(out, chunk)
    result = BatchResult(shards=len(shards))
    loader = _DbLoader(db, out) if db else None
    started = time.perf_counter()
    if loader:
        result.loaded += loader.catch_up(shards)
    if not any(_pending(out, s) for s in shards):
        _note_plan(result, shards, [], out)  # all finished before: no cluster needed
    elif workers == 0 and not scheduler:
        tasks = plan(shards, out, size, lambda ss: [count_items(s) for s in ss])
        _note_plan(result, shards, tasks, out)
        with Progress(_total(tasks), progress, console) as bar:
            for task in tasks:
                summary = run_task(task, str(out), flush_every=flush_every, progress=bar.advance)
                _finished(result, summary, task, tasks, out, loader)
    else:
        with dask_client(workers, scheduler) as client:
            tasks = plan(shards, out, size, lambda ss: client.gather(client.map(count_items, ss, pure=False)))
            _note_plan(result, shards, tasks, out)
            with Progress(_total(tasks), progress, console) as bar:
                client.subscribe_topic(PROGRESS_TOPIC, lambda event: bar.advance(int(event[1])))
                _run_on(client, tasks, out, flush_every, result, loader)
    result.seconds = time.perf_counter() - started
    write_json_atomic(out / "datapackage.json", datapackage(out))  # the tables' data dictionary
    return result


def _run_on(client: Any, tasks: list[Task], out: Path, flush_every: int, result: BatchResult, loader: Any) -> None:
    from distributed import as_completed

    futures = {
        client.submit(run_task, t, str(out), flush_every=flush_every, key=f"rasd-batch-{t.key}", pure=False,
                      retries=1): t
        for t in tasks
    }
    for future in as_completed(futures):
        task = futures[future]
        try:
            summary = future.result()
        except Exception as exc:
            # A worker that died after the task wrote its output and done-marker (memory
            # released too late, a restart) still finished the task: the marker says so.
            summary = read_marker(done_marker(out, task.key))
            if not (summary and is_done(out, task.key, task.shard)):
                result.failed.append(f"{task.key}: {type(exc).__name__}: {str(exc)[:300]}")
                continue
        finally:
            future.release()
        _finished(result, summary, task, tasks, out, loader)


def _total(tasks: list[Task]) -> int | None:
    """Articles to analyse, or None (an open-ended bar) when a WARC shard is among the tasks."""
    return None if any(t.size is None for t in tasks) else sum(t.size or 0 for t in tasks)


def _note_plan(result: BatchResult, shards: list[Shard], tasks: list[Task], out: Path) -> None:
    result.tasks = len(tasks)
    pending = {t.shard.path for t in tasks}
    result.skipped = sum(1 for s in shards if s.path not in pending)
    for shard in shards:  # shards whose every task was done before: mark them whole
        if shard.path not in pending:
            _mark_shard(out, shard)


def _mark_shard(out: Path, shard: Shard) -> None:
    if not shard_marker(out, shard).exists():
        write_json_atomic(shard_marker(out, shard), {"shard": shard.version})


def _finished(result: BatchResult, summary: dict, task: Task, tasks: list[Task], out: Path, loader: Any) -> None:
    result.done += 1
    result.articles += summary["articles"]
    result.errors += summary["errors"]
    result.summaries.append(summary)
    if loader:
        result.loaded += loader.load(task.key)
    siblings = [t for t in tasks if t.shard.path == task.shard.path]
    if all(is_done(out, t.key, t.shard) for t in siblings):
        _mark_shard(out, task.shard)


class _DbLoader:
    """Loads finished tasks' records into the store, once per database (markers under `_db/`)."""

    def __init__(self, url: str, out: Path) -> None:
        try:
            from rasd.store import Store
        except ImportError as exc:
            raise RasdError("E013", f"the database store is not available in this build ({exc})") from None
        self.store = Store.open(url)
        self.out = out
        self.marks = out / "_db" / hashlib.sha1(url.encode()).hexdigest()[:12]

    def catch_up(self, shards: list[Shard]) -> int:
        """Tasks finished by an earlier run (maybe without --db) that this database lacks."""
        paths = {s.path: s for s in shards}
        n = 0
        for marker in sorted((self.out / "_done").glob("*.json")):
            summary = read_marker(marker) or {}
            shard = paths.get((summary.get("shard") or {}).get("path"))
            if shard and summary["shard"] == shard.version:
                n += self.load(summary["key"])
        return n

    def load(self, key: str) -> int:
        if (self.marks / key).exists():
            return 0
        import pyarrow.parquet as pq

        from rasd.article import Article, parse_date

        n = 0
        for batch in pq.ParquetFile(self.out / "records" / f"{key}.parquet").iter_batches(columns=["record"]):
            for raw in batch.column(0).to_pylist():
                rec = json.loads(raw)
                doc = rec.get("doc") or {}
                article = Article(
                    text=rec["text"], id=doc.get("id"), title=doc.get("title"), source=doc.get("source"),
                    url=doc.get("url"), published=parse_date(doc.get("published")),
                    warnings=list(rec.get("warnings") or []),
                )
                self.store.ingest(article, rec)
                n += 1
        self.marks.mkdir(parents=True, exist_ok=True)
        (self.marks / key).touch()
        return n
