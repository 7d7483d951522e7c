"""robots.txt for the long-running poller, read with protego (RFC 9309, wildcards, Crawl-delay).

`rasd watch` runs for days, so a site's robots.txt is re-read after `ttl` seconds, loaded once
per host even when several threads ask at once, and its Crawl-delay for rasd lengthens the
fetcher's per-host delay. The rules of RFC 9309 stay those of `Fetcher`: unreachable robots
means allowed, 401/403 means disallowed, another 4xx means allowed.
"""

from __future__ import annotations

import threading
import time
from typing import Any
from urllib.parse import urlsplit

from protego import Protego

from rasd.errors import RasdError
from rasd.ingest.fetch import Fetcher

AGENT = "rasd"  # the product token robots.txt groups are matched against
ROBOTS_TTL = 24 * 3600.0
MAX_CRAWL_DELAY = 60.0  # a site asking for more is polled at this pace (its items still arrive)


class _Rules:
    """What one host's robots.txt says: allow all, deny all, or a parsed file."""

    def __init__(self, parser: Protego | None, *, deny: bool = False) -> None:
        self.parser, self.deny = parser, deny

    def can_fetch(self, url: str) -> bool:
        if self.deny:
            return False
        return True if self.parser is None else self.parser.can_fetch(url, AGENT)

    def crawl_delay(self) -> float:
        delay = self.parser.crawl_delay(AGENT) if self.parser is not None else None
        return min(float(delay), MAX_CRAWL_DELAY) if delay else 0.0


class RobotsFetcher(Fetcher):
    """The guarded `Fetcher` with protego robots rules, refreshed, and Crawl-delay honoured."""

    def __init__(self, *args: Any, robots_ttl: float = ROBOTS_TTL, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.robots_ttl = robots_ttl
        self._rules: dict[str, tuple[float, _Rules]] = {}
        self._host_locks: dict[str, threading.Lock] = {}
        self._rules_lock = threading.Lock()

    def allowed(self, url: str) -> bool:
        return self.rules(url).can_fetch(url)

    def rules(self, url: str) -> _Rules:
        parts = urlsplit(url)
        base = f"{parts.scheme}://{parts.netloc}"
        with self._rules_lock:
            lock = self._host_locks.setdefault(base, threading.Lock())
        with lock:  # one load per host, however many threads ask
            cached = self._rules.get(base)
            if cached is None or time.monotonic() - cached[0] > self.robots_ttl:
                cached = (time.monotonic(), self._load_rules(base))
                self._rules[base] = cached
            return cached[1]

    def _load_rules(self, base: str) -> _Rules:
        try:
            response = self._request(base + "/robots.txt", {})
        except RasdError:
            return _Rules(None)  # unreachable: allowed
        if response.status_code in (401, 403):
            return _Rules(None, deny=True)
        if response.status_code >= 400:
            return _Rules(None)
        return _Rules(Protego.parse(response.text))

    def _wait(self, host: str) -> None:
        """Sleep until the per-host delay -- or the site's Crawl-delay, once its robots.txt is
        known -- has passed since the last request to this host (Fetcher._wait, per host)."""
        delay = max([self.delay, *(r.crawl_delay() for b, (_, r) in list(self._rules.items())
                                   if urlsplit(b).netloc == host)])
        with self._lock:
            now = self._clock()
            start = max(now, self._last.get(host, -1e9) + delay)
            self._last[host] = start
        if start > now:
            self._sleep(start - now)
