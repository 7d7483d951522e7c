"""`rasd watch` under load: N local feeds, each with M new items per cycle.

Loopback only: the feeds are served by `--hosts` small HTTP servers on 127.0.0.x (the fetcher's
per-host limit and delay apply per host, as they would across outlets). One saved search matches
every event and has a webhook (a local receiver), so each new item ends in one alert and one
delivery. Each round adds M items to every feed, makes the feeds due, runs one cycle while the
webhook thread delivers, and prints: cycle time, CPU time (the process's, all threads), items/s,
and the delay from an item appearing in its feed to its alert being fired and to its webhook
arriving (p50 / p95 / max). The first round also pays for loading the pipeline.

    python bench/watch.py [--feeds 200] [--items 10] [--rounds 1] [--hosts 20] [--db URL]
"""

from __future__ import annotations

import argparse
import datetime as dt
import email.utils
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the loopback news site of the tests


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--feeds", type=int, default=200)
    ap.add_argument("--items", type=int, default=10, help="new items per feed per round")
    ap.add_argument("--rounds", type=int, default=1, help="cycles with new items (one is what make bench runs)")
    ap.add_argument("--hosts", type=int, default=20)
    ap.add_argument("--workers", type=int, default=8)
    ap.add_argument("--per-host", type=int, default=2)
    ap.add_argument("--db", default=None, help="database URL (default: a fresh SQLite file)")
    args = ap.parse_args()
    os.environ["RASD_FETCH_ALLOW_PRIVATE"] = "1"
    os.environ.setdefault("RASD_SQLITE_SYNC", "normal")

    from tests.watch_support import Server, article_text

    from rasd.ingest.watch import Deliverer, Options, Watcher
    from rasd.pipeline import shared
    from rasd.store import Store
    from rasd.store import alerts as al
    from rasd.store import sources as srcs

    folder = None if args.db else tempfile.mkdtemp(prefix="rasd-watch-bench-")
    url = args.db or f"sqlite:///{folder}/w.db"
    store = Store.open(url)
    servers = [Server(host=f"127.0.0.{10 + h}").__enter__() for h in range(args.hosts)]
    hook = servers[0]
    al.add_search(store, "everything", webhook=f"{hook.base}/hook")
    feeds = [(servers[i % args.hosts], f"f{i}") for i in range(args.feeds)]
    for server, name in feeds:
        srcs.add_source(store, server.feed_url(name), interval=3600)
    t0 = time.perf_counter()
    pipeline = shared()
    load = time.perf_counter() - t0
    watcher = Watcher(store, pipeline=pipeline,
                      options=Options(workers=args.workers, per_host=args.per_host, delay=0.0, timeout=10.0))
    stopping = threading.Event()
    deliverer = Deliverer(store, retry_base=1.0, stopping=stopping)
    deliverer.start()
    print(f"{args.feeds} feeds on {args.hosts} loopback hosts, {args.items} new items per feed per round; "
          f"{store.dialect}; pipeline load {load:.1f} s; load average {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} CPUs")
    serial = 0
    base_day = dt.datetime(2026, 12, 1, 8, tzinfo=dt.UTC)
    for rnd in range(args.rounds):
        appeared: dict[str, float] = {}
        for server, name in feeds:
            for _ in range(args.items):
                # a distinct event per item: the town and the day vary (no two merge into one alert)
                day = base_day - dt.timedelta(days=serial // 8)
                path = server.site.add_item(name, serial, text=article_text(serial),
                                            pub=email.utils.format_datetime(day, usegmt=True))
                appeared[server.base + path] = server.site.appeared[path]
                serial += 1
        srcs.due_now(store)
        cpu0 = time.process_time()
        report = watcher.cycle()
        cpu = time.process_time() - cpu0
        deadline = time.time() + 120
        expected = len(appeared)
        while time.time() < deadline and sum(1 for h in hook.site.hooks if h["status"] == 204) < expected * (rnd + 1):
            time.sleep(0.2)
        fired = al.alerts(store, "everything", limit=expected * (rnd + 1) + 10)
        alert_delay, hook_delay = [], []
        by_key = {}
        for a in fired:
            u = a["article"]["url"]
            if u in appeared:
                stamp = dt.datetime.fromisoformat(a["fired_at"].replace("Z", "+00:00")).timestamp()
                alert_delay.append(stamp - appeared[u])
                by_key[a["key"]] = appeared[u]
        for h in hook.site.hooks:
            body = json.loads(h["body"])
            if h["status"] == 204 and body["key"] in by_key:
                hook_delay.append(h["at"] - by_key[body["key"]])
        n = report.counts["ingested"]
        print(f"round {rnd + 1}: {report.sources} feeds polled, {report.counts['new_items']} new items, "
              f"{n} stored, {report.alerts} alerts, {len(report.errors)} errors")
        print(f"  cycle {report.seconds:.1f} s wall, {cpu:.1f} s CPU ({cpu / report.seconds:.2f} cores), "
              f"{n / report.seconds:.1f} items/s, {1000 * cpu / max(1, n):.0f} ms CPU per item; "
              f"{report.alert_passes} alert passes (saved searches) took {report.alert_seconds:.1f} s")
        print(f"  item -> alert   p50 {pct(alert_delay, .5):.1f} s  p95 {pct(alert_delay, .95):.1f} s  "
              f"max {max(alert_delay, default=float('nan')):.1f} s  ({len(alert_delay)} alerts)")
        print(f"  item -> webhook p50 {pct(hook_delay, .5):.1f} s  p95 {pct(hook_delay, .95):.1f} s  "
              f"max {max(hook_delay, default=float('nan')):.1f} s  ({len(hook_delay)} deliveries)")
        if report.errors:
            print("  first errors:", *report.errors[:3], sep="\n    ")
    # an unchanged round: every feed answers 304
    srcs.due_now(store)
    cpu0 = time.process_time()
    quiet = watcher.cycle()
    print(f"unchanged round: {quiet.counts['not_modified']} x 304 in {quiet.seconds:.2f} s wall, "
          f"{time.process_time() - cpu0:.2f} s CPU")
    stopping.set()
    deliverer.wake()
    watcher.close()
    for s in servers:
        s.__exit__(None, None, None)
    store.close()
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
