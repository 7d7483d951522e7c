"""`rasd incidents merge|split|show|rebuild`: review the fusion of reports into incidents.

References are incident ids ("SYR-I-snn-…-v1", the `event_id_cnty` of an incident row), a report's
`event_id_cnty` ("SYR-snn-…-v3") or a report key ("snn-…/v3"); see `rasd.store.incidents`.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

DB_HELP = "Database URL (sqlite:///file.db, postgresql+psycopg://…) or a SQLite path; default $RASD_DB or ./rasd.db."
app = typer.Typer(help="Review incidents: merge missed fusions, split wrong ones, show one.", no_args_is_help=True)
Db = Annotated[str | None, typer.Option("--db", help=DB_HELP)]
By = Annotated[str | None, typer.Option("--by", help="Who decides (kept in the override log).")]
Note = Annotated[str | None, typer.Option("--note", help="Why (kept in the override log).")]


def _run(db: str | None, action: Any) -> None:
    from rasd.cliargs import require_db
    from rasd.store import Store
    from rasd.store.incidents import UnknownReference

    require_db(db)  # reviewing never creates a database
    try:
        store = Store.open(db)
    except Exception as exc:
        typer.echo(f"cannot open the database: {type(exc).__name__}: {exc}", err=True)
        raise typer.Exit(2) from None
    try:
        result = action(store)
    except UnknownReference as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    finally:
        store.close()
    typer.echo(json.dumps(result, ensure_ascii=False, indent=1))


@app.command()
def merge(refs: Annotated[list[str], typer.Argument(help="Incidents or reports to make one incident.")],
          db: Db = None, by: By = None, note: Note = None) -> None:
    """Make the incidents named (or holding the reports named) one incident; prints it."""
    from rasd.store import incidents

    _run(db, lambda store: incidents.merge(store, refs, by=by, note=note))


@app.command()
def split(ref: Annotated[str, typer.Argument(help="A report to take out of its incident (an incident id: "
                                                  "set all its reports apart).")],
          db: Db = None, by: By = None, note: Note = None) -> None:
    """Take a report out of its incident; prints the report's own incident."""
    from rasd.store import incidents

    _run(db, lambda store: incidents.split(store, ref, by=by, note=note))


@app.command()
def show(ref: Annotated[str, typer.Argument(help="An incident or one of its reports.")], db: Db = None) -> None:
    """An incident: its row, every report with its figures and outlet, and the overrides."""
    from rasd.store import incidents

    _run(db, lambda store: incidents.show(store, ref))


@app.command()
def rebuild(db: Db = None) -> None:
    """Re-fuse every stored report (overrides are kept); prints the counts."""
    from rasd.store import incidents

    _run(db, incidents.rebuild)
