"""CLI commands over the store: `rasd ingest`, `rasd stats`, `rasd search`, `rasd export`.

Registered on the main Typer app by `rasd.cli`; heavy imports (SQLAlchemy, the pipeline) happen
inside the commands so `rasd --help` stays fast.
"""

from __future__ import annotations

import json
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated, Any

import typer

from rasd.cliargs import date_option, existing_db, require_db
from rasd.errors import RasdError

DB_HELP = "Database URL (sqlite:///file.db, postgresql+psycopg://…) or a SQLite path; default $RASD_DB or ./rasd.db."
Db = Annotated[str | None, typer.Option("--db", help=DB_HELP)]
ReadDb = Annotated[str | None, typer.Option("--db", help=DB_HELP, callback=existing_db)]  # never creates
DateFrom = Annotated[str | None, typer.Option("--from", help="From date YYYY-MM-DD.", callback=date_option)]
DateTo = Annotated[str | None, typer.Option("--to", help="To date YYYY-MM-DD.", callback=date_option)]
PlaceOpt = Annotated[str | None, typer.Option("--place", help="Articles that mention this place.")]
ActorOpt = Annotated[str | None, typer.Option("--actor", help="Actor (event actor or entity) name.")]
TypeOpt = Annotated[str | None, typer.Option("--type", help="ACLED event type.")]
SourceOpt = Annotated[str | None, typer.Option("--source", help="Source (paper) name.")]


def _open(db: str | None) -> Any:
    from rasd.store import Store

    try:
        return Store.open(db)
    except Exception as exc:
        typer.echo(f"cannot open the database: {type(exc).__name__}: {exc}", err=True)
        raise typer.Exit(2) from None


def ingest(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders, URLs, RSS/Atom feeds or WARC files.")],
    db: Db = None,
    delay: Annotated[float, typer.Option(help="Seconds between requests to one host.")] = 1.0,
    dedup: Annotated[bool, typer.Option(help="Group near-duplicate articles afterwards.")] = True,
    json_out: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Analyse inputs and store them (idempotent: re-running updates, never duplicates)."""
    from rich.console import Console
    from rich.progress import Progress

    from rasd.ingest.fetch import Fetcher
    from rasd.store.ingest import run

    store = _open(db)
    console = Console(stderr=True)
    columns = _progress_columns("{task.fields[rate]}")
    with Progress(*columns, console=console, transient=False) as progress, Fetcher(delay=delay, validators=store) as f:
        progress_proxy = _RateProgress(progress)
        summary = run(store, inputs, fetcher=f, progress=progress_proxy)
    result = summary.to_dict()
    if dedup:
        result["dedup"] = store.dedup()
    store.close()
    if json_out:
        typer.echo(json.dumps(result, ensure_ascii=False))
    else:
        for reason in summary.failures:
            console.print(f"[red]failed[/red] {reason}", highlight=False)
        console.print(
            f"ingested {result['ingested']}, updated {result['updated']}, unchanged {result['unchanged']}, "
            f"failed {result['failed']}",
            highlight=False,
        )
        if dedup:
            d = result["dedup"]
            console.print(
                f"near-duplicate groups {d['duplicate_groups']} ({d['duplicate_articles']} articles), "
                f"incidents {d['incidents']} ({d['multi_source_events']} reported more than once, "
                f"{d['fatality_disagreements']} with disputed tolls)",
                highlight=False,
            )
    if result["failed"]:
        raise typer.Exit(1)


class _RateProgress:
    """Adds an articles/s figure to rich's task fields as the count advances."""

    def __init__(self, progress: Any) -> None:
        self.progress = progress

    def add_task(self, name: str, total: int | None) -> Any:
        return self.progress.add_task(name, total=total, rate="")

    def advance(self, task: Any) -> None:
        self.progress.advance(task)
        speed = self.progress.tasks[task].speed if isinstance(task, int) else None
        self.progress.update(task, rate=f"{speed:.1f} art/s" if speed else "")


def stats(
    db: ReadDb = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    top_n: Annotated[int, typer.Option("--top", min=1, max=1000, help="Governorates and actors to list.")] = 10,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    event_type: TypeOpt = None,
    admin1: Annotated[str | None, typer.Option("--admin1", help="Governorate/province (Arabic or English).")] = None,
    country: Annotated[str | None, typer.Option("--country", help="Country (name or ISO code).")] = None,
    actor: ActorOpt = None,
    source: SourceOpt = None,
    per_report: Annotated[bool, typer.Option("--per-report", help="Count reported events, not fused incidents.")]
    = False,
) -> None:
    """Counts of what the database holds, and events by type, month, admin1 and actor (the
    breakdowns take the events filters, as `rasd export` does, and count incidents unless
    --per-report)."""
    from rasd.filters import UnknownFilterValue
    from rasd.store.counts import breakdowns

    store = _open(db)
    try:
        result = store.stats()
        flt = store.event_filter(date_from=date_from, date_to=date_to, event_type=event_type, admin1=admin1,
                                 country=country, actor=actor, source=source)
        result["breakdowns"] = breakdowns(store, flt, limit=top_n, unit="report" if per_report else None)
    except UnknownFilterValue as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    finally:
        store.close()
    if json_out:
        typer.echo(json.dumps(result, ensure_ascii=False))
        return
    parts = result.pop("breakdowns")
    for name, value in result.items():
        typer.echo(f"{name:22} {value}")
    _print_breakdowns(parts)


def _print_breakdowns(parts: dict[str, Any]) -> None:
    """The breakdowns as aligned tables (events, and fatalities per month)."""
    where = ", ".join(f"{k}={v}" for k, v in parts["filters"].items())
    noun = "incidents" if parts.get("unit") == "incident" else "reported events"
    typer.echo(f"\n{noun}{' (' + where + ')' if where else ''}: {parts['events']}")
    for title, key in (("by type", "by_type"), ("by admin1", "by_admin1"), ("by actor", "by_actor")):
        typer.echo(f"\n{title}")
        for name, n in parts[key].items():
            typer.echo(f"  {name[:60]:60} {n:>7}")
    typer.echo("\nby month                events  fatalities")
    for month, row in parts["by_month"].items():
        typer.echo(f"  {month:20} {row['events']:>7}  {row['fatalities']:>10}")
    if parts["undated"]:
        typer.echo(f"  {'(no date)':20} {parts['undated']:>7}")


def reanalyze(
    db: Db = None,
    limit: Annotated[int | None, typer.Option(help="At most this many articles (the rest stay stale).")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    dask: Annotated[bool, typer.Option("--dask", help="Analyse on a local Dask cluster (see --workers).")] = False,
    workers: Annotated[int | None, typer.Option(help="Local Dask worker processes with --dask (default: one per "
                                                "core).")] = None,
    scheduler: Annotated[str | None, typer.Option(help="Analyse on a running Dask cluster: tcp://HOST:8786 "
                                                  "(its workers need the same rasd and data).")] = None,
) -> None:
    """Re-analyse the stored articles whose analysis is stale (made by an older rasd, model, lexicon
    or gazetteer). Resumable: run it again after an interruption; with nothing stale it does nothing.
    With --dask or --scheduler the analysis runs on Dask workers and the results are stored here."""
    from rich.console import Console
    from rich.progress import Progress

    from rasd.store.reanalyze import run

    store = _open(db)
    console = Console(stderr=True)
    columns = _progress_columns()
    try:
        with ExitStack() as stack:
            client = None
            if (dask or scheduler or workers) and store.stale():
                from rasd.batch.driver import dask_client

                client = stack.enter_context(dask_client(workers, scheduler))
            progress = stack.enter_context(Progress(*columns, console=console, transient=False))
            result = run(store, progress=progress, limit=limit, client=client)
    except RasdError as err:
        console.print(err.message, highlight=False)
        raise typer.Exit(2) from None
    finally:
        store.close()
    if json_out:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        for reason in result.failures:
            console.print(f"[red]failed[/red] {reason}", highlight=False)
        console.print(f"stale {result.stale}: updated {result.updated}, refreshed {result.refreshed}, "
                      f"failed {result.failed}", highlight=False)
    if result.failed:
        raise typer.Exit(1)


def search(
    query: Annotated[str, typer.Argument(help="Words to find (Arabic folding and clitics handled).")],
    db: ReadDb = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    place: PlaceOpt = None,
    actor: ActorOpt = None,
    event_type: TypeOpt = None,
    source: SourceOpt = None,
    limit: Annotated[int, typer.Option(help="How many results.")] = 20,
    offset: Annotated[int, typer.Option(help="Skip this many results.")] = 0,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Full-text search over the stored articles, ranked, with snippets."""
    store = _open(db)
    items, total = store.search(
        query,
        date_from=date_from,
        date_to=date_to,
        place=place,
        actor=actor,
        event_type=event_type,
        source=source,
        limit=limit,
        offset=offset,
    )
    store.close()
    if json_out:
        typer.echo(json.dumps({"items": items, "total": total}, ensure_ascii=False))
        return
    typer.echo(f"{total} result(s)")
    for item in items:
        typer.echo(f"\n{item['id']}  {item.get('published') or ''}  {item.get('source') or ''}")
        if item.get("title"):
            typer.echo(f"  {item['title']}")
        typer.echo(f"  {item['snippet']}")


def export(
    inputs: Annotated[list[Path] | None, typer.Argument(help="Record files (JSONL); none: read the database.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="acled-csv | geojson | parquet (GeoParquet) | jsonl")
                   ] = "jsonl",
    db: Db = None,
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="Write here (parquet needs a file); its data dictionary goes beside it "
        "(<file>.datapackage.json).")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="Events on or after this day (event date).",
                                                            callback=date_option)] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Events on or before this day (event date).",
                                                          callback=date_option)] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Actor name (Arabic or English, part of it).")] = None,
    event_type: Annotated[str | None, typer.Option("--type", help="ACLED event type (Arabic or English).")] = None,
    sub_event_type: Annotated[str | None, typer.Option("--sub-type", help="ACLED sub-event type.")] = None,
    source: SourceOpt = None,
    admin1: Annotated[str | None, typer.Option("--admin1", help="Governorate/province (Arabic or English).")] = None,
    country: Annotated[str | None, typer.Option("--country", help="Country (name or ISO code).")] = None,
    background: Annotated[bool, typer.Option("--background", help="Include background events (older than the "
                                                               "report), left out by default.")] = False,
    excel: Annotated[bool, typer.Option("--excel", help="CSV with a UTF-8 byte-order mark (for Excel).")] = False,
    per_report: Annotated[bool, typer.Option("--per-report", help="One row per reported event instead of one "
                                             "per incident (the database's default).")] = False,
    review_status: Annotated[str | None, typer.Option(
        "--review-status", help="Review statuses, comma-separated (unreviewed, confirmed, edited, rejected) or "
        "all; default: every status but rejected.")] = None,
    machine: Annotated[bool, typer.Option("--machine", help="The machine's values, reviews ignored (one row per "
                                          "report: incidents are fused from the reviewed values).")] = False,
) -> None:
    """Export the events matching the filters (or, for jsonl, the records holding them). From the
    database, one row per incident (every report of it fused, all outlets in `source`); from record
    files, one per report. Reviewed values by default, with a review_status column."""
    from rasd.export import export_records, formats
    from rasd.filters import UnknownFilterValue

    try:
        fmt_ = formats.get(fmt)
    except ValueError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    if fmt_.binary and output is None:
        typer.echo(f"{fmt_.name} needs -o FILE", err=True)
        raise typer.Exit(2)
    filters = {
        "date_from": date_from, "date_to": date_to, "actor": actor, "event_type": event_type,
        "sub_event_type": sub_event_type, "source": source, "admin1": admin1, "country": country,
        "background": background, "review_status": review_status, "machine": machine,
    }
    filters = {k: v for k, v in filters.items() if v}
    out: Any = output if output is not None else sys.stdout
    try:
        if inputs:
            n = export_records(_file_records(inputs), fmt_.name, out, excel=excel, **filters)
        else:
            require_db(db)  # reading the database must not create it
            store = _open(db)
            try:
                n = store.export(fmt_.name, out, excel=excel, unit="report" if per_report else "incident",
                                 **filters)
            finally:
                store.close()
    except UnknownFilterValue as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    if output is not None:
        formats.write_datapackage(fmt_, output, rows=n, excel=excel, filters=filters)
    unit = "record" if fmt_.kind == "records" else "event" if inputs or per_report else "incident"
    typer.echo(f"exported {n} {unit}(s)", err=True)


def _file_records(paths: list[Path]) -> Any:
    for path in paths:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)


def register(app: typer.Typer) -> None:
    """Add the store commands to the `rasd` app."""
    app.command()(ingest)
    app.command()(stats)
    app.command()(reanalyze)
    app.command()(search)
    app.command()(export)
    from rasd.store.incidents_cli import app as incidents_app

    app.add_typer(incidents_app, name="incidents")


def _progress_columns(*extra: str) -> tuple[Any, ...]:
    """The progress bar of the store's long commands (ingest, reanalyze): what, bar, n/total,
    any extra text fields, elapsed time, ETA."""
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    return (TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
            *(TextColumn(e) for e in extra), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn())
