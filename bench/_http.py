"""A bounded HTTP load loop shared by the web benches (loopback only: callers pass 127.0.0.1)."""

from __future__ import annotations

import random
import statistics
import time
from concurrent.futures import ThreadPoolExecutor

import httpx


def hammer(base: str, paths: list[str], concurrency: int, seconds: float, timeout: float = 30) -> dict[str, float]:
    """GET random `paths` from `concurrency` threads for `seconds`; request count, errors, req/s and
    latency percentiles in ms."""
    deadline = time.perf_counter() + seconds

    def worker(seed: int) -> tuple[list[float], int]:
        rnd, times, errors = random.Random(seed), [], 0
        with httpx.Client(base_url=base, timeout=timeout) as client:
            while time.perf_counter() < deadline:
                t = time.perf_counter()
                try:
                    ok = client.get(rnd.choice(paths)).status_code == 200
                except httpx.HTTPError:
                    ok = False
                times.append(time.perf_counter() - t)
                errors += not ok
        return times, errors

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(worker, range(concurrency)))
    wall = time.perf_counter() - started
    times = sorted(t for ts, _ in results for t in ts)
    n = len(times)

    def pct(q: float) -> float:
        return 1000 * times[min(n - 1, int(q * n))] if n else 0.0

    return {"requests": n, "rps": n / wall, "errors": sum(e for _, e in results),
            "p50_ms": 1000 * statistics.median(times) if n else 0.0, "p95_ms": pct(0.95), "p99_ms": pct(0.99)}
