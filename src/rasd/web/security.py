"""Pure ASGI middleware: security headers on every response and a request body size limit.

Article text, titles and sources are untrusted. Templates escape them; the Content-Security-Policy
is the second line: no inline scripts at all (every script is a static file), nothing framed.
"""

from __future__ import annotations

from typing import Any

Scope = dict[str, Any]
Receive = Any
Send = Any


def csp(tiles_origin: str | None = None) -> str:
    img = "'self' data:" + (f" {tiles_origin}" if tiles_origin else "")
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        f"img-src {img}",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


class SecurityHeaders:
    """Adds the security headers unless a response already set them."""

    def __init__(self, app: Any, *, policy: str) -> None:
        self.app = app
        self.headers = [
            (b"content-security-policy", policy.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"no-referrer"),
            (b"cross-origin-opener-policy", b"same-origin"),
            (b"permissions-policy", b"geolocation=(), camera=(), microphone=()"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                present = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in self.headers if k not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _TooLarge(Exception):
    pass


class BodyLimit:
    """Refuses request bodies over `max_body` bytes with 413, declared or streamed."""

    def __init__(self, app: Any, *, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body):
            await _reply_413(send, self.max_body)
            return
        seen = 0
        too_large = False

        async def counting_receive() -> dict[str, Any]:
            nonlocal seen, too_large
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    too_large = True
                    raise _TooLarge
            return message

        async def guarded_send(message: dict[str, Any]) -> None:
            if not too_large:  # once over the limit, whatever the app answers is replaced by 413
                await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if not too_large:
                raise
        if too_large:
            await _reply_413(send, self.max_body)


class NoNulInQuery:
    """Refuses a query string holding a NUL (`%00`) with 422: PostgreSQL refuses NUL in text, so
    a filter value with one would end as a 500 there while SQLite answered; both now say why."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string") or b""
        if b"%00" in query or b"\x00" in query or "\x00" in scope.get("path", ""):
            # The shape of every other 422 (FastAPI's validation error), so clients parse one kind.
            body = (b'{"detail":[{"loc":["query"],"msg":"a NUL character (%00) is not allowed in a request",'
                    b'"type":"value_error"}]}')
            await send({"type": "http.response.start", "status": 422,
                        "headers": [(b"content-type", b"application/json"),
                                    (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)


async def _reply_413(send: Send, limit: int) -> None:
    body = f'{{"detail":"request body too large (limit {limit} bytes)"}}'.encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
