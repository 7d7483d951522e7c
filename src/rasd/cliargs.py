"""Checks of command-line arguments that answer a bad value with one line and exit status 2.

Used as Typer option callbacks by `rasd.cli` and `rasd.store.commands`, so a typo never ends in a
traceback from deep inside the store (`rasd search --from notadate`) and a read-only command never
creates the database it was asked to read (`rasd stats --db typo.db`).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import typer


def fail(message: str) -> typer.Exit:
    """Print `rasd: <message>` on stderr; the caller raises the returned Exit (status 2)."""
    typer.echo(f"rasd: {message}", err=True)
    return typer.Exit(2)


def date_option(ctx: typer.Context, param: typer.CallbackParam, value: str | None) -> str | None:
    """A YYYY-MM-DD option (`--from`, `--to`, `--published`): a real calendar day or exit 2."""
    if value is None or ctx.resilient_parsing:
        return value
    try:
        dt.date.fromisoformat(value.strip())
    except ValueError:
        name = param.opts[0] if param.opts else param.name
        raise fail(f"{name} {value!r} is not a date: use YYYY-MM-DD (e.g. 2015-07-20)") from None
    return value.strip()


def existing_db(ctx: typer.Context, param: typer.CallbackParam, value: str | None) -> str | None:
    """`--db` of a read-only command: a SQLite file must exist (opening would create an empty one)."""
    if not ctx.resilient_parsing:
        require_db(value)
    return value


def require_db(value: str | None) -> None:
    """Exit 2 unless the database `value` (a --db value, else $RASD_DB, else ./rasd.db) exists."""
    url = value or os.environ.get("RASD_DB") or "sqlite:///./rasd.db"
    if "://" in url and not url.startswith("sqlite"):
        return  # a server database: connecting creates nothing
    path = url.split(":///", 1)[-1].split("?", 1)[0] if "://" in url else url
    if path in ("", ":memory:") or Path(path).is_file():
        return
    hint = "--db" if value else "$RASD_DB" if os.environ.get("RASD_DB") else "the default ./rasd.db (give --db)"
    raise fail(f"no database at {path} ({hint}); `rasd ingest` creates one")
