"""Per-client rate limiting: a token bucket per client address and per kind of request.

Writes (POST/PUT/PATCH/DELETE: each one runs the whole analysis pipeline) are limited by default;
reads (GET/HEAD/OPTIONS) are not, unless the operator asks for it. Static files are never
counted. Over the limit the answer is 429 with `Retry-After`.

Configured by `install(app, read=..., write=...)` or the environment: `RASD_RATE_READ`,
`RASD_RATE_WRITE` as `COUNT/SECONDS` (`120/60`), `COUNT/min`, or `off`. The client is the socket
peer; behind a reverse proxy run uvicorn with `--proxy-headers --forwarded-allow-ips=<proxy>` so
that the peer is the real client, never a header anyone can send.
"""

from __future__ import annotations

import json
import math
import os
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
DEFAULT_READ = "off"
DEFAULT_WRITE = "30/60"
UNITS = {"s": 1.0, "sec": 1.0, "second": 1.0, "m": 60.0, "min": 60.0, "minute": 60.0, "h": 3600.0, "hour": 3600.0}


@dataclass(frozen=True)
class Rate:
    """`count` requests per `per` seconds, with bursts of up to `count`."""

    count: int
    per: float

    @classmethod
    def parse(cls, value: str | Rate | None) -> Rate | None:
        """`"30/60"`, `"30/min"`, `"5/s"`; `None`, `""`, `"off"`, `"0"` mean no limit."""
        if value is None or isinstance(value, Rate):
            return value
        text = value.strip().lower()
        if text in {"", "off", "none", "0", "no", "false"}:
            return None
        count, _, per = text.partition("/")
        seconds = UNITS.get(per.strip()) if per.strip() in UNITS else float(per or 1)
        rate = cls(int(count), float(seconds or 0))
        if rate.count <= 0 or rate.per <= 0:
            raise ValueError(f"rate must be COUNT/SECONDS with positive numbers, not {value!r}")
        return rate

    def __str__(self) -> str:
        return f"{self.count}/{self.per:g}s"


@dataclass(frozen=True)
class Limits:
    read: Rate | None
    write: Rate | None

    @classmethod
    def from_env(cls, read: str | Rate | None = None, write: str | Rate | None = None) -> Limits:
        """Explicit values first, then `RASD_RATE_READ` / `RASD_RATE_WRITE`, then the defaults."""
        env = os.environ
        return cls(Rate.parse(read if read is not None else env.get("RASD_RATE_READ", DEFAULT_READ)),
                   Rate.parse(write if write is not None else env.get("RASD_RATE_WRITE", DEFAULT_WRITE)))

    def for_method(self, method: str) -> tuple[str, Rate | None]:
        return ("write", self.write) if method.upper() in WRITE_METHODS else ("read", self.read)


class RateLimit:
    """Pure ASGI middleware; buckets live in this process (one per uvicorn worker)."""

    def __init__(self, app: Any, *, limits: Limits, exempt: tuple[str, ...] = ("/static/",),
                 max_clients: int = 10_000, clock: Any = time.monotonic) -> None:
        self.app = app
        self.limits = limits
        self.exempt = exempt
        self.max_clients = max_clients  # least recently seen clients are forgotten (a full bucket)
        self.clock = clock
        self.buckets: OrderedDict[tuple[str, str], tuple[float, float]] = OrderedDict()

    def take(self, client: str, kind: str, rate: Rate) -> float:
        """Spend one token; 0.0 when allowed, else the seconds until the next token."""
        now = self.clock()
        key = (client, kind)
        tokens, last = self.buckets.pop(key, (float(rate.count), now))
        tokens = min(float(rate.count), tokens + (now - last) * rate.count / rate.per)
        wait = 0.0
        if tokens >= 1.0:
            tokens -= 1.0
        else:
            wait = (1.0 - tokens) * rate.per / rate.count
        self.buckets[key] = (tokens, now)
        while len(self.buckets) > self.max_clients:
            self.buckets.popitem(last=False)
        return wait

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope.get("path", "").startswith(self.exempt):
            await self.app(scope, receive, send)
            return
        kind, rate = self.limits.for_method(scope.get("method", "GET"))
        if rate is not None:
            client = (scope.get("client") or ("unknown", 0))[0]
            wait = self.take(client, kind, rate)
            if wait > 0:
                await _reply_429(send, kind, rate, wait)
                return
        await self.app(scope, receive, send)


async def _reply_429(send: Any, kind: str, rate: Rate, wait: float) -> None:
    body = json.dumps({"detail": f"too many {kind} requests (limit {rate} per client); retry later"}).encode()
    await send({"type": "http.response.start", "status": 429,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"retry-after", str(max(1, math.ceil(wait))).encode())]})
    await send({"type": "http.response.body", "body": body})


TOO_MANY = {"description": "too many requests from this client (see `Retry-After`)",
            "content": {"application/json": {"schema": {
                "type": "object", "required": ["detail"], "properties": {"detail": {"type": "string"}}}}}}


def install(app: Any, *, read: str | Rate | None = None, write: str | Rate | None = None) -> Limits:
    """Add the middleware to a FastAPI app (if any limit is on) and document 429 where it applies."""
    limits = Limits.from_env(read, write)
    if limits.read is None and limits.write is None:
        return limits
    app.add_middleware(RateLimit, limits=limits)
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = build()
        for operations in schema.get("paths", {}).values():
            for method, op in operations.items():
                if isinstance(op, dict) and "responses" in op and limits.for_method(method)[1] is not None:
                    op["responses"].setdefault("429", TOO_MANY)
        return schema

    app.openapi = openapi
    return limits
