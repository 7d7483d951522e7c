"""People in the web app: login sessions, roles and CSRF tokens.

With no account in the store the app stays what it was: read-only, no login (the write token
still lets machines post articles). Once `rasd user add` has created an account, pages and the
API need a login (or the read or write token, for machines); reviewers and admins may edit.

The session cookie holds a random token (HttpOnly, SameSite=Strict, Secure over https); every
form carries a CSRF token (the session's, or before login a random one in its own cookie) and a
POST without the right one is refused with 403.
"""

from __future__ import annotations

import hmac
import secrets
import time
from typing import Any
from urllib.parse import quote

from fastapi import HTTPException, Request, Response

from rasd.store.accounts import Account, has_users, session_account

SESSION_COOKIE = "rasd_session"
CSRF_COOKIE = "rasd_csrf"
USERS_TTL = 5.0  # seconds an "accounts exist" answer is reused


def _state(request: Request) -> Any:
    return request.app.state.rasd


def accounts_exist(request: Request) -> bool:
    """True once the store holds an account (cached a few seconds)."""
    st = _state(request)
    cached = getattr(st, "_accounts_exist", None)
    now = time.monotonic()
    if cached is None or now - cached[0] > USERS_TTL:
        cached = (now, has_users(st.store()))
        st._accounts_exist = cached
    return cached[1]


def forget_accounts_cache(request: Request) -> None:
    _state(request)._accounts_exist = None


def account(request: Request) -> Account | None:
    """The logged-in account of this request, or None (looked up once per request)."""
    if not hasattr(request.state, "account"):
        token = request.cookies.get(SESSION_COOKIE)
        request.state.account = session_account(_state(request).store(), token) if token else None
    return request.state.account


def _bearer(request: Request) -> str | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return (value.strip() or None) if scheme.lower() == "bearer" else None


def machine_token_ok(request: Request) -> bool:
    """A machine's bearer token (the read or the write token) stands for a login."""
    given = _bearer(request)
    settings = _state(request).settings
    return given is not None and any(t and hmac.compare_digest(given.encode(), t.encode())
                                     for t in (settings.token, settings.read_token))


def login_needed(request: Request) -> bool:
    """True when this request must log in first: accounts exist and it carries neither a session
    nor a machine token."""
    return accounts_exist(request) and account(request) is None and not machine_token_ok(request)


def to_login(request: Request) -> HTTPException:
    """A page asks the browser to log in (303 to /login?next=...), the API says 401."""
    if request.url.path.startswith("/api/"):
        return HTTPException(401, "log in first (or give a token)", headers={"WWW-Authenticate": "Bearer"})
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return HTTPException(303, "log in first", headers={"Location": "/login?next=" + quote(target, safe="")})


def require_role(request: Request, role: str) -> Account:
    """The logged-in account if it has `role` (or more); else a login redirect or a 403."""
    who = account(request)
    if who is None:
        raise to_login(request)
    if not who.can(role):
        raise HTTPException(403, f"this needs the {role} role")
    return who


def csrf_token(request: Request) -> str:
    """The token forms of this page carry: the session's, or the anonymous cookie's (made here)."""
    who = account(request)
    if who is not None:
        return who.csrf
    token = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "new_csrf", None)
    if not token:
        token = request.state.new_csrf = secrets.token_urlsafe(32)
    return token


def check_csrf(request: Request, given: str | None) -> None:
    """Refuse (403) a form whose CSRF token is missing or wrong."""
    who = account(request)
    expected = who.csrf if who is not None else request.cookies.get(CSRF_COOKIE)
    if not given or not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(403, "this form is missing its CSRF token or it has expired: reload the page")


def secure(request: Request) -> bool:
    return request.url.scheme == "https"


def set_cookies(request: Request, response: Response, session: str | None = None) -> Response:
    """Write the anonymous CSRF cookie made for this page, and a new session cookie."""
    if getattr(request.state, "new_csrf", None):
        response.set_cookie(CSRF_COOKIE, request.state.new_csrf, httponly=True, samesite="strict",
                            secure=secure(request), path="/")
    if session is not None:
        response.set_cookie(SESSION_COOKIE, session, httponly=True, samesite="strict", secure=secure(request),
                            path="/", max_age=14 * 24 * 3600)
    return response
