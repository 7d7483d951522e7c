"""Webhooks of saved searches: signed POSTs with retries and a delivery log.

The body is JSON (`rasd.store.alerts.payload`), signed with HMAC-SHA256 of the exact body bytes under
the search's secret (`X-Rasd-Signature: sha256=<hex>`), with `X-Rasd-Delivery` (the delivery id: a
retry repeats it and the same body, so a receiver can drop a repeat) -- at-least-once on the wire,
once per event in rasd. A failed POST is retried with exponential backoff; every attempt is logged
(`alert_delivery_attempts`). The POST goes through the fetcher's guard (`rasd.ingest.netguard`):
public addresses only unless the deployment allows private ones, pinned, no redirect followed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import time
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from rasd.store.alerts import Alert, Delivery, DeliveryAttempt, SavedSearch

if TYPE_CHECKING:
    from rasd.store.db import Store

RETRY_BASE = 30.0  # seconds before the first retry of a failed webhook; doubles per attempt
MAX_ATTEMPTS = 8


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def signature(secret: str, body: bytes) -> str:
    """The value of `X-Rasd-Signature`: HMAC-SHA256 of the body under the search's secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header: str) -> bool:
    """What a receiver does: compare in constant time."""
    return hmac.compare_digest(signature(secret, body), header or "")


def post(url: str, body: bytes, headers: dict[str, str], *, policy: Any = None, timeout: float = 10.0,
         client: Any = None) -> int:
    """POST through the fetcher's guard: the host is resolved and checked (public addresses only unless
    RASD_FETCH_ALLOW_PRIVATE), the connection pinned to the checked address, no redirect followed,
    the answer's body never read. Returns the HTTP status; raises `RasdError` E012/E013. `client`
    (an `httpx.Client`) lets a batch of deliveries share connections."""
    import httpx

    from rasd.errors import RasdError
    from rasd.ingest.fetch import USER_AGENT
    from rasd.ingest.netguard import Policy, resolve

    target = resolve(url, policy or Policy.from_env())
    own = client is None
    client = client or httpx.Client(follow_redirects=False, trust_env=False)
    try:
        request = client.build_request(
            "POST", target.pinned_url, content=body, timeout=httpx.Timeout(timeout),
            headers={**headers, "Host": target.host_header, "Content-Type": "application/json",
                     "User-Agent": USER_AGENT},
            extensions={"sni_hostname": target.host})
        try:
            response = client.send(request, stream=True)
        except httpx.HTTPError as exc:
            raise RasdError("E012", type(exc).__name__, where=url) from None
        response.close()
        return response.status_code
    finally:
        if own:
            client.close()


def deliver_due(store: Store, *, retry_base: float = RETRY_BASE, max_attempts: int = MAX_ATTEMPTS,
                policy: Any = None, timeout: float = 10.0, limit: int = 200) -> dict[str, int]:
    """POST every pending delivery whose time has come; a failure is logged and retried later
    (retry_base · 2^(attempt-1) seconds), and given up after `max_attempts`."""
    counts = {"sent": 0, "retry": 0, "failed": 0}
    with store.session() as s:
        due = s.execute(select(Delivery.pk, Delivery.url, Delivery.body, Delivery.attempts, SavedSearch.secret,
                               Alert.key)
                        .join(Alert, Alert.pk == Delivery.alert_pk).join(SavedSearch, SavedSearch.pk == Alert.search_pk)
                        .where(Delivery.state == "pending", Delivery.next_attempt <= _now())
                        .order_by(Delivery.next_attempt, Delivery.pk).limit(limit)).all()
    if not due:
        return counts
    import httpx

    with httpx.Client(follow_redirects=False, trust_env=False) as client:
        for row in due:
            _deliver_one(store, row, counts, client=client, policy=policy, timeout=timeout,
                         retry_base=retry_base, max_attempts=max_attempts)
    return counts


def _deliver_one(store: Store, row: Any, counts: dict[str, int], *, client: Any, policy: Any, timeout: float,
                 retry_base: float, max_attempts: int) -> None:
    """One POST of one delivery, logged; the delivery is then sent, rescheduled or given up."""
    from rasd.errors import RasdError

    pk, url, body, attempts, secret, key = row
    data = body.encode()
    headers = {"X-Rasd-Delivery": str(pk), "X-Rasd-Alert-Key": key, "X-Rasd-Signature": signature(secret or "", data)}
    started = time.monotonic()
    status: int | None = None
    error: str | None = None
    try:
        status = post(url, data, headers, policy=policy, timeout=timeout, client=client)
        if not 200 <= status < 300:
            error = f"HTTP {status}"
    except RasdError as err:
        error = err.message
    ms = int((time.monotonic() - started) * 1000)
    attempts += 1
    with store.session() as s:
        delivery = s.get(Delivery, pk)
        if delivery is None:  # its search was removed meanwhile
            return
        s.add(DeliveryAttempt(delivery_pk=pk, at=_now(), status=status, error=error, ms=ms))
        delivery.attempts, delivery.last_status, delivery.last_error = attempts, status, error
        if error is None:
            delivery.state, delivery.sent_at = "sent", _now()
            counts["sent"] += 1
        elif attempts >= max_attempts:
            delivery.state = "failed"
            counts["failed"] += 1
        else:
            delivery.next_attempt = _now() + dt.timedelta(seconds=retry_base * 2 ** (attempts - 1))
            counts["retry"] += 1


def next_delivery(store: Store) -> dt.datetime | None:
    """When the next pending delivery is due."""
    with store.session() as s:
        return s.scalar(select(func.min(Delivery.next_attempt)).where(Delivery.state == "pending"))
