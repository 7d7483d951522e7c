"""Polite and guarded HTTP fetching: the one fetcher of the web app, feeds and URL ingest.

News sites are fetched by a bot that identifies itself, waits `delay` seconds between requests
to the same host, obeys robots.txt (fetched once per host; unreachable robots means allowed,
a 401/403 robots means disallowed, per RFC 9309), and sends `If-None-Match` /
`If-Modified-Since` from the validators it remembers, so an unchanged page costs a 304.

Guarded, because a URL is untrusted input: only public addresses are reached (`netguard`:
every address the name resolves to is checked and the connection is pinned to it), redirects
are followed by hand so that every hop is checked again, one deadline covers the whole
request (a server dripping a byte every few seconds is cut off), and the body is streamed
under two caps — bytes on the wire and bytes after decompression (a small gzip bomb stops at
the cap, not in memory).
"""

from __future__ import annotations

import os
import threading
import time
import urllib.robotparser
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urljoin, urlsplit

import httpx

from rasd.errors import RasdError
from rasd.ingest.netguard import Policy, resolve

USER_AGENT = "rasd/0.1 (+https://github.com/rasd-project/rasd; news research bot)"
TIMEOUT = httpx.Timeout(20.0, connect=10.0)
MAX_BYTES = 8_000_000  # after decompression
MAX_WIRE_BYTES = 8_000_000  # as received
DEADLINE = 30.0  # seconds for a whole request, redirects included
MAX_REDIRECTS = 5
# Fetches on behalf of web requests run in at most this many threads at once: the server's
# worker threads are few, and slow sites must not hold all of them (the rest get a quick E012).
FETCH_SLOTS = threading.BoundedSemaphore(int(os.environ.get("RASD_FETCH_SLOTS", "4")))


@contextmanager
def fetch_slot(url: str) -> Iterator[None]:
    """Hold one of the few fetch slots, or refuse at once when all are busy."""
    if not FETCH_SLOTS.acquire(blocking=False):
        raise RasdError("E012", "too many fetches in progress, try again shortly", where=url)
    try:
        yield
    finally:
        FETCH_SLOTS.release()


class Validators(Protocol):
    """Where conditional-GET validators are remembered (the `Store` implements it)."""

    def fetch_state(self, url: str) -> dict[str, Any] | None: ...

    def record_fetch(self, url: str, *, etag: str | None, last_modified: str | None, status: int) -> None: ...


@dataclass(slots=True)
class Page:
    """A fetched resource; `not_modified` is True for a 304 (then `content` is empty)."""

    url: str
    status: int
    content: bytes
    content_type: str
    not_modified: bool = False


@dataclass(slots=True)
class Reply:
    """A whole response read under the caps (what `_request` gives back)."""

    url: str
    status_code: int
    headers: httpx.Headers
    content: bytes

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")


class Fetcher:
    """One polite, guarded HTTP client for a whole run (thread-safe rate limiting per host)."""

    def __init__(
        self,
        *,
        delay: float = 1.0,
        validators: Validators | None = None,
        user_agent: str = USER_AGENT,
        timeout: httpx.Timeout = TIMEOUT,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        policy: Policy | None = None,
        deadline: float = DEADLINE,
    ) -> None:
        self.delay = delay
        self.policy = policy or Policy.from_env()
        self.deadline = deadline
        self.validators = validators
        self.user_agent = user_agent
        self.client = httpx.Client(
            headers={"User-Agent": user_agent}, timeout=timeout, follow_redirects=False, trust_env=False
        )
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()
        self._clock, self._sleep = clock, sleep

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, *, conditional: bool = True) -> Page:
        """Fetch `url` politely; raises `RasdError` E012 on refusal, timeout or HTTP error."""
        if urlsplit(url).scheme not in ("http", "https"):
            raise RasdError("E013", f"not an http(s) URL: {url}")
        if not self.allowed(url):
            raise RasdError("E012", "disallowed by robots.txt", where=url)
        headers = {}
        state = self.validators.fetch_state(url) if (conditional and self.validators) else None
        if state:
            if state.get("etag"):
                headers["If-None-Match"] = state["etag"]
            if state.get("last_modified"):
                headers["If-Modified-Since"] = state["last_modified"]
        response = self._request(url, headers)
        if response.status_code == 304:
            return Page(url, 304, b"", "", not_modified=True)
        if response.status_code >= 400:
            raise RasdError("E012", f"HTTP {response.status_code}", where=url)
        if self.validators is not None:
            self.validators.record_fetch(
                url,
                etag=response.headers.get("etag"),
                last_modified=response.headers.get("last-modified"),
                status=response.status_code,
            )
        return Page(response.url, response.status_code, response.content, response.headers.get("content-type", ""))

    def _request(self, url: str, headers: dict[str, str]) -> Reply:
        """GET `url`, following up to MAX_REDIRECTS redirects, each hop resolved and checked."""
        deadline = self._clock() + self.deadline
        for _ in range(MAX_REDIRECTS + 1):
            target = resolve(url, self.policy)
            self._wait(urlsplit(url).netloc)
            remaining = deadline - self._clock()
            if remaining <= 0:
                raise RasdError("E012", f"no answer within {self.deadline:g} s", where=url)
            request = self.client.build_request(
                "GET", target.pinned_url, headers={**headers, "Host": target.host_header},
                extensions={"sni_hostname": target.host,
                            "timeout": httpx.Timeout(min(remaining, 20.0), connect=min(remaining, 10.0)).as_dict()},
            )
            try:
                response = self.client.send(request, stream=True)
            except httpx.HTTPError as exc:
                # The exception names the pinned address and port: say only what kind of failure it was.
                raise RasdError("E012", type(exc).__name__, where=url) from None
            try:
                location = response.headers.get("location")
                if response.is_redirect and location:
                    url = urljoin(url, location)
                    continue
                content = self._read_capped(response, deadline, url)
                return Reply(url, response.status_code, response.headers, content)
            finally:
                response.close()
        raise RasdError("E012", f"more than {MAX_REDIRECTS} redirects", where=url)

    def _read_capped(self, response: httpx.Response, deadline: float, url: str) -> bytes:
        """The body, stopped at the deadline or at either size cap (wire or decompressed)."""
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_WIRE_BYTES:
            raise RasdError("E003", f"{int(declared):,} bytes declared > limit {MAX_WIRE_BYTES:,}", where=url)
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_bytes():  # as received: a drip is seen chunk by chunk
                size += len(chunk)
                if size > MAX_BYTES or response.num_bytes_downloaded > MAX_WIRE_BYTES:
                    raise RasdError("E003", f"body over {MAX_BYTES:,} bytes", where=url)
                if self._clock() > deadline:
                    raise RasdError("E012", f"no complete answer within {self.deadline:g} s", where=url)
                chunks.append(chunk)
        except httpx.HTTPError as exc:
            raise RasdError("E012", type(exc).__name__, where=url) from None
        return b"".join(chunks)

    def _wait(self, host: str) -> None:
        """Sleep until `delay` seconds have passed since the last request to this host."""
        with self._lock:
            now = self._clock()
            ready = self._last.get(host, -1e9) + self.delay
            start = max(now, ready)
            self._last[host] = start
        if start > now:
            self._sleep(start - now)

    def allowed(self, url: str) -> bool:
        """robots.txt says this bot may fetch `url` (cached per host)."""
        parts = urlsplit(url)
        base = f"{parts.scheme}://{parts.netloc}"
        if base not in self._robots:
            self._robots[base] = self._load_robots(base)
        robots = self._robots[base]
        return True if robots is None else robots.can_fetch(self.user_agent, url)

    def _load_robots(self, base: str) -> urllib.robotparser.RobotFileParser | None:
        parser = urllib.robotparser.RobotFileParser(base + "/robots.txt")
        try:
            response = self._request(base + "/robots.txt", {})
        except RasdError:
            return None  # unreachable: allowed
        if response.status_code in (401, 403):
            parser.disallow_all = True
            return parser
        if response.status_code >= 400:
            return None
        parser.parse(response.text.splitlines())
        return parser


@dataclass(slots=True)
class NotModified:
    """An item whose page answered 304: nothing new to analyse."""

    url: str
