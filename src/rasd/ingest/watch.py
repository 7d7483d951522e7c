"""`rasd watch`: poll the watched sources, store their new articles, fire alerts.

One cycle: every due source is polled in a thread pool (conditional GET with the validators kept
on its row, robots.txt through `RobotsFetcher`, at most `per_host` requests at once per host, the
fetcher's per-host delay and deadline), its new items are recorded as pending (with the new
validators, in one transaction: `rasd.store.sources`), and their pages fetched. The main thread
analyses and stores articles as they arrive (the pipeline's per-article time limit needs it),
and whenever it has nothing waiting it runs the saved searches (`rasd.store.alerts.evaluate`;
incidents are fused as each article is stored) so an alert never waits for a slow source. A failing source backs
off (its interval doubled per consecutive error); a hanging one holds one worker for at most the
fetcher's deadline while the others go on.

Stopping: `stop()` (SIGTERM, SIGINT) ends the cycle after the article being stored; what was not
stored stays pending in the database. After a SIGKILL the first cycle takes up every source
with pending items, and `Store.ingest` finds an article again by id, URL or text, so nothing is
lost or stored twice. Webhooks are sent by a background thread (`Deliverer`) with retries.
"""

from __future__ import annotations

import queue
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from rasd.article import Article
from rasd.errors import RasdError
from rasd.ingest import feeds
from rasd.ingest.fetch import Fetcher
from rasd.ingest.pages import article_from_page
from rasd.ingest.robots import RobotsFetcher
from rasd.store import alerts as alerting
from rasd.store import sources as srcs
from rasd.store import webhooks
from rasd.store.db import Store


@dataclass(slots=True)
class Options:
    """How `rasd watch` polls (defaults suit a desk following dozens of outlets)."""

    workers: int = 8  # sources polled at once
    per_host: int = 2  # requests at once to one host
    delay: float = 1.0  # seconds between two requests to one host (a robots.txt Crawl-delay lengthens it)
    timeout: float = 30.0  # seconds for one whole request, redirects included
    max_items: int = 200  # items taken from one feed document
    idle: float = 5.0  # longest sleep between two looks at what is due
    dedup: bool = True  # group near-duplicate articles after a cycle that stored any (rasd.store.dedup)
    alert_every: float = 5.0  # seconds between two alert passes while articles keep arriving
    retry_base: float = webhooks.RETRY_BASE  # first webhook retry after this many seconds, then doubling


@dataclass(slots=True)
class Report:
    """What one cycle did."""

    sources: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    alerts: int = 0
    merged_alerts: int = 0
    alert_passes: int = 0
    alert_seconds: float = 0.0  # the saved searches, all passes
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, key: str, n: int = 1, error: str | None = None) -> None:
        """Count (and say why), from any worker thread."""
        with self._lock:
            self.counts[key] += n
            if error:
                self.errors.append(error)

    def to_dict(self) -> dict[str, Any]:
        return {"sources": self.sources, **dict(self.counts), "alerts": self.alerts,
                "merged_alerts": self.merged_alerts, "alert_passes": self.alert_passes,
                "alert_seconds": round(self.alert_seconds, 3), "errors": self.errors, "seconds": round(self.seconds, 3),
                "cpu_seconds": round(self.cpu_seconds, 3)}


@dataclass(slots=True)
class _Item:
    """A fetched article on its way to the main thread; `done` records it once stored."""

    article: Article
    done: Callable[[str], None]
    fail: Callable[[str], None]


_FINISHED = object()


class _Validators:
    """Conditional-GET validators of the feeds being polled: read from the source rows, and kept
    in memory when a feed answers (they are written with its items, never before them)."""

    def __init__(self) -> None:
        self._primed: dict[str, dict[str, Any]] = {}
        self._seen: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def prime(self, source: srcs.SourceInfo) -> None:
        with self._lock:
            self._primed[source.url] = {"etag": source.etag, "last_modified": source.last_modified}
            self._seen.pop(source.url, None)

    def fetch_state(self, url: str) -> dict[str, Any] | None:
        with self._lock:
            return self._primed.get(url)

    def record_fetch(self, url: str, *, etag: str | None, last_modified: str | None, status: int) -> None:
        with self._lock:
            if url in self._primed:
                self._seen[url] = {"etag": etag, "last_modified": last_modified}

    def take(self, url: str) -> dict[str, Any]:
        with self._lock:
            self._primed.pop(url, None)
            return self._seen.pop(url, None) or {"etag": None, "last_modified": None}


class Watcher:
    """Polls the sources of one store; `cycle()` once, or `run()` until `stop()`."""

    def __init__(self, store: Store, *, options: Options | None = None, pipeline: Any = None,
                 fetcher: Fetcher | None = None, log: Callable[[str], None] | None = None) -> None:
        self.store = store
        self.options = options or Options()
        self._pipeline = pipeline
        self.validators = _Validators()
        self.fetcher = fetcher or RobotsFetcher(delay=self.options.delay, validators=self.validators,
                                                deadline=self.options.timeout)
        if fetcher is not None:
            fetcher.validators = self.validators
        self.log = log or (lambda _msg: None)
        self.stopping = threading.Event()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._slots_lock = threading.Lock()
        self._first = True

    @property
    def pipeline(self) -> Any:
        if self._pipeline is None:
            from rasd.pipeline import shared

            self._pipeline = shared()
        return self._pipeline

    def stop(self) -> None:
        """Finish the article in hand, then return from `cycle`/`run` (pending items stay pending)."""
        self.stopping.set()

    def close(self) -> None:
        self.fetcher.close()

    # -- the loop -------------------------------------------------------------------------------

    def run(self, *, once: bool = False, on_cycle: Callable[[Report], None] | None = None) -> None:
        """Cycle until stopped (or once), delivering webhooks in the background meanwhile."""
        deliverer = Deliverer(self.store, retry_base=self.options.retry_base, stopping=self.stopping)
        if not once:
            deliverer.start()
        try:
            while not self.stopping.is_set():
                report = self.cycle()
                if report.sources and on_cycle is not None:
                    on_cycle(report)
                if once:
                    webhooks.deliver_due(self.store, retry_base=self.options.retry_base)
                    return
                deliverer.wake()
                self.stopping.wait(self._sleep_time())
        finally:
            self.stopping.set()
            deliverer.wake()
            deliverer.join(timeout=15)

    def _sleep_time(self) -> float:
        due = srcs.next_due(self.store)
        if due is None:
            return self.options.idle
        wait = (due - srcs._now()).total_seconds()
        return min(max(wait, 0.05), self.options.idle)

    def cycle(self) -> Report:
        """Poll every due source once; store what is new; fire alerts."""
        started, cpu = time.monotonic(), time.process_time()
        report = Report()
        due = srcs.due_sources(self.store, with_pending=self._first)
        self._first = False
        report.sources = len(due)
        if not due:
            return report
        # bounded: fetching runs at most this far ahead of the analysis (memory, and what a kill re-fetches)
        inbox: queue.Queue[Any] = queue.Queue(maxsize=max(4, 2 * self.options.workers))
        dirty, last_pass = False, 0.0
        with ThreadPoolExecutor(max_workers=max(1, min(self.options.workers, len(due))),
                                thread_name_prefix="rasd-watch") as pool:
            for source in due:
                future = pool.submit(self._poll, source, inbox, report)
                future.add_done_callback(lambda _f: inbox.put(_FINISHED))
            remaining = len(due)
            while remaining:
                message = inbox.get()
                if message is _FINISHED:
                    remaining -= 1
                elif not self.stopping.is_set():
                    dirty |= self._store_item(message, report)
                since = time.monotonic() - last_pass
                # alert as soon as nothing waits (never after the slowest source), and every
                # `alert_every` seconds while articles keep coming -- but the passes never take
                # more than a fifth of the time
                floor = 4 * report.alert_seconds / max(1, report.alert_passes)
                if dirty and not self.stopping.is_set() and (
                        (inbox.empty() and since >= max(1.0, floor)) or since >= max(self.options.alert_every, floor)):
                    self._alert_pass(report)
                    dirty, last_pass = False, time.monotonic()
        if dirty and not self.stopping.is_set():
            self._alert_pass(report)
        if self.options.dedup and (report.counts["ingested"] or report.counts["updated"]):
            try:  # near-duplicate groups (incidents are fused as each article is stored, before alerts)
                self.store.dedup()
            except Exception as exc:
                report.add("dedup_errors", error=f"dedup: {type(exc).__name__}: {exc}")
        report.seconds = time.monotonic() - started
        report.cpu_seconds = time.process_time() - cpu
        return report

    # -- polling (worker threads) -----------------------------------------------------------------

    def _slot(self, url: str) -> threading.BoundedSemaphore:
        host = urlsplit(url).netloc.lower()
        with self._slots_lock:
            return self._slots.setdefault(host, threading.BoundedSemaphore(self.options.per_host))

    def _get(self, url: str, *, conditional: bool) -> Any:
        with self._slot(url):
            return self.fetcher.get(url, conditional=conditional)

    def _poll(self, source: srcs.SourceInfo, inbox: queue.Queue[Any], report: Report) -> None:
        """Fetch one source and its new items; every failure is recorded on the source or the item."""
        try:
            self._poll_source(source, inbox, report)
        except Exception as exc:  # a bug or a database error on one source must not stop the others
            message = exc.message if isinstance(exc, RasdError) else f"{type(exc).__name__}: {exc}"
            report.add("source_errors", error=f"{source.url}: {message}")
            try:
                srcs.record_error(self.store, source, message)
            except Exception as again:
                report.add("source_errors", 0, f"{source.url}: could not record the error: {again}")

    def _poll_source(self, source: srcs.SourceInfo, inbox: queue.Queue[Any], report: Report) -> None:
        self.validators.prime(source)
        try:
            page = self._get(source.url, conditional=True)
        finally:
            validators = self.validators.take(source.url)
        name = source.name
        if page.not_modified:
            report.add("not_modified")
            srcs.record_success(self.store, source, changed=False)
        elif feeds.is_feed(page.content):
            title, entries = feeds.parse(page.content, page.url)
            name = name or title
            items = [srcs.NewItem(e.url, e.title, e.published) for e in entries[: self.options.max_items]]
            new = srcs.record_success(self.store, source, items, **validators)
            report.add("new_items", new)
        elif source.kind == "page":  # the page itself is the article; its validators are kept once it is stored
            article = article_from_page(page.content, page.url, source=name)
            inbox.put(_Item(article, done=lambda _aid: srcs.record_success(self.store, source, **validators),
                            fail=lambda msg: srcs.record_error(self.store, source, msg)))
            return
        else:
            raise RasdError("E012", "not an RSS or Atom feed (add it with kind=page to watch the page itself)",
                            where=source.url)
        name = name or urlsplit(source.url).hostname
        for item in srcs.pending_items(self.store, source.pk):
            if self.stopping.is_set():
                return
            self._fetch_item(item, name, inbox, report)

    def _fetch_item(self, item: srcs.PendingItem, source_name: str | None, inbox: queue.Queue[Any],
                    report: Report) -> None:
        try:
            page = self._get(item.url, conditional=False)
            article = article_from_page(page.content, item.url, source=source_name, published=item.published,
                                        title=item.title)
        except Exception as exc:
            message = exc.message if isinstance(exc, RasdError) else f"{type(exc).__name__}: {exc}"
            state = srcs.item_failed(self.store, item.pk, message)
            report.add("item_errors", error=f"{item.url}: {message}" + (" (given up)" if state == "failed" else ""))
            return
        inbox.put(_Item(article, done=lambda aid: srcs.item_stored(self.store, item.pk, aid),
                        fail=lambda msg: srcs.item_failed(self.store, item.pk, msg)))

    # -- storing and alerting (main thread) --------------------------------------------------------

    def _store_item(self, item: _Item, report: Report) -> bool:
        """Analyse and store one article; True when the store changed."""
        article = item.article
        try:
            if self.store.status_of(article) == "unchanged":  # stored before a crash: only the item was not marked
                item.done(article.id or "")
                report.add("unchanged")
                return False
            record = self.pipeline.analyze(article)
            status = self.store.ingest(article, record)
            item.done(article.id or "")
        except Exception as exc:
            message = exc.message if isinstance(exc, RasdError) else f"{type(exc).__name__}: {exc}"
            report.add("item_errors", error=f"{article.url or article.id}: {message}")
            try:
                item.fail(message)
            except Exception as again:
                report.add("item_errors", 0, f"{article.url}: could not record the error: {again}")
            return False
        report.add(status)
        return status != "unchanged"

    def _alert_pass(self, report: Report) -> None:
        started = time.monotonic()
        try:
            for fired in alerting.evaluate(self.store):
                report.alerts += len(fired.fired)
                report.merged_alerts += len(fired.merged)
                if fired.fired:
                    self.log(f"{fired.search}: {len(fired.fired)} new alert(s)")
        except Exception as exc:  # alerts are retried at the next pass (the watermark did not move)
            report.add("alert_errors", error=f"alerts: {type(exc).__name__}: {exc}")
        report.alert_passes += 1
        report.alert_seconds += time.monotonic() - started


class Deliverer(threading.Thread):
    """Sends due webhook deliveries in the background (a slow receiver never holds the poller)."""

    def __init__(self, store: Store, *, retry_base: float, stopping: threading.Event) -> None:
        super().__init__(name="rasd-webhooks", daemon=True)
        self.store, self.retry_base, self.stopping = store, retry_base, stopping
        self._wake = threading.Event()

    def wake(self) -> None:
        self._wake.set()

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                webhooks.deliver_due(self.store, retry_base=self.retry_base)
                due = webhooks.next_delivery(self.store)
            except Exception:
                due = None
            wait = 1.0 if due is None else max(0.05, min(1.0, (due - srcs._now()).total_seconds()))
            self._wake.wait(wait)
            self._wake.clear()

