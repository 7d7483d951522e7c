"""Accounts (reader, reviewer, admin) and their login sessions, in the store.

Passwords are hashed with argon2id (argon2-cffi's defaults, re-hashed when they change). A session
is a random token given to the browser in a cookie; only its SHA-256 is stored, so a copy of the
database does not let anyone in. Each session carries its own CSRF token for the forms.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, delete, func, select
from sqlalchemy.orm import Mapped, mapped_column

from rasd.store.models import Base

if TYPE_CHECKING:
    from rasd.store.db import Store

ROLES = ("reader", "reviewer", "admin")
SESSION_DAYS = 14


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class User(Base):
    """A named account; `role` is reader, reviewer or admin."""

    __tablename__ = "users"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class UserSession(Base):
    """A login: the hash of the cookie's token, whose it is, its CSRF token and when it ends."""

    __tablename__ = "user_sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_pk: Mapped[int] = mapped_column(ForeignKey("users.pk", ondelete="CASCADE"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)


@dataclass(frozen=True, slots=True)
class Account:
    """Who is logged in (what the web app and the history need)."""

    name: str
    role: str
    csrf: str = ""

    def can(self, role: str) -> bool:
        """True when this account has `role` or a higher one (admin > reviewer > reader)."""
        return ROLES.index(self.role) >= ROLES.index(role)


class AccountError(ValueError):
    """A bad user name, role or password (said to the person who typed it)."""


def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher()


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add_user(store: Store, name: str, password: str, role: str = "reader") -> None:
    """Create an account, or reset the password and role of an existing one."""
    name = name.strip()
    if not name or len(name) > 100 or any(c.isspace() for c in name):
        raise AccountError("a user name is 1-100 characters without spaces")
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < 8:
        raise AccountError("a password has at least 8 characters")
    hashed = _hasher().hash(password)
    with store.session() as s:
        user = s.scalar(select(User).where(User.name == name))
        if user is None:
            s.add(User(name=name, password_hash=hashed, role=role, active=True, created_at=_now()))
        else:
            user.password_hash, user.role, user.active = hashed, role, True
            s.execute(delete(UserSession).where(UserSession.user_pk == user.pk))  # old logins end


def list_users(store: Store) -> list[dict[str, Any]]:
    with store.session() as s:
        users = s.scalars(select(User).order_by(User.name))
        return [{"name": u.name, "role": u.role, "active": u.active,
                 "created_at": u.created_at.isoformat(timespec="seconds")} for u in users]


def has_users(store: Store) -> bool:
    """True once any active account exists (the app then asks for a login)."""
    with store.session() as s:
        return bool(s.scalar(select(func.count()).select_from(User).where(User.active.is_(True))))


def login(store: Store, name: str, password: str) -> str | None:
    """A new session token for a right name and password, else None (same time either way)."""
    from argon2.exceptions import InvalidHashError, VerificationError

    ph = _hasher()
    with store.session() as s:
        user = s.scalar(select(User).where(User.name == name.strip(), User.active.is_(True)))
        try:  # a missing user still costs one verification, so timing does not tell names apart
            ph.verify(user.password_hash if user else _dummy_hash(), password)
        except (VerificationError, InvalidHashError):
            return None
        if user is None:
            return None
        if ph.check_needs_rehash(user.password_hash):
            user.password_hash = ph.hash(password)
        token = secrets.token_urlsafe(32)
        now = _now()
        s.add(UserSession(token_hash=_digest(token), user_pk=user.pk, csrf=secrets.token_urlsafe(32),
                          created_at=now, expires_at=now + dt.timedelta(days=SESSION_DAYS)))
        s.execute(delete(UserSession).where(UserSession.expires_at < now))
        return token


def session_account(store: Store, token: str | None) -> Account | None:
    """The account of a live session token, or None."""
    if not token:
        return None
    with store.session() as s:
        row = s.execute(select(User.name, User.role, UserSession.csrf)
                        .join(User, User.pk == UserSession.user_pk)
                        .where(UserSession.token_hash == _digest(token), UserSession.expires_at > _now(),
                               User.active.is_(True))).first()
    return Account(row[0], row[1], row[2]) if row else None


def logout(store: Store, token: str | None) -> None:
    if token:
        with store.session() as s:
            s.execute(delete(UserSession).where(UserSession.token_hash == _digest(token)))


@cache
def _dummy_hash() -> str:
    return _hasher().hash(secrets.token_urlsafe(16))
