"""CLI commands of monitoring: `rasd sources add|list|remove`, `rasd watch`, `rasd alerts ...`.

Registered on the main Typer app by `rasd.cli`; the poller and SQLAlchemy are imported inside the
commands so `rasd --help` stays fast.
"""

from __future__ import annotations

import json
import signal
from typing import Annotated, Any

import typer

from rasd.store.commands import Db, _open

sources_app = typer.Typer(no_args_is_help=True, help="The feeds and pages `rasd watch` polls.")
alerts_app = typer.Typer(no_args_is_help=True, help="Saved searches: alerts, feeds and webhooks of new events.")
Json = Annotated[bool, typer.Option("--json", help="Print JSON.")]


@sources_app.command("add")
def sources_add(
    url: Annotated[str, typer.Argument(help="Feed (RSS/Atom) or page URL.")],
    db: Db = None,
    kind: Annotated[str, typer.Option(help="feed, or page (the page itself is the article).")] = "feed",
    interval: Annotated[int, typer.Option(help="Seconds between two polls.", min=1)] = 900,
    language: Annotated[str, typer.Option(help="Language of the source.")] = "ar",
    country: Annotated[str | None, typer.Option(help="Country of the source (ISO code or name).")] = None,
    name: Annotated[str | None, typer.Option(help="Outlet name for its articles (default: the feed's title).")
                    ] = None,
) -> None:
    """Watch a feed or a page."""
    from rasd import admin
    from rasd.store.sources import SourceExists, add_source

    store = _open(db)
    code = (admin.country_code(country) or country) if country else None
    try:
        row = add_source(store, url, kind=kind, interval=interval, language=language, country=code, name=name)
    except (SourceExists, ValueError) as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    typer.echo(f"watching {row['url']} (id {row['id']}, every {row['interval']} s)")


@sources_app.command("list")
def sources_list(db: Db = None, json_out: Json = False) -> None:
    """Every watched source with its health."""
    from rasd.store.sources import list_sources

    rows = list_sources(_open(db))
    if json_out:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("id", "url", "kind", "every", "last success", "errors", "last error", "items", "pending")
    for r in rows:
        table.add_row(str(r["id"]), r["url"], r["kind"], f"{r['interval']} s", r["last_success"] or "-",
                      str(r["error_streak"]), (r["last_error"] or "")[:60], str(r["items_seen"]), str(r["pending"]))
    Console().print(table)


@sources_app.command("remove")
def sources_remove(ref: Annotated[str, typer.Argument(help="Source id or URL.")], db: Db = None) -> None:
    """Stop watching a source (its stored articles stay)."""
    from rasd.store.sources import remove_source

    if not remove_source(_open(db), ref):
        typer.echo(f"no such source: {ref}", err=True)
        raise typer.Exit(1)
    typer.echo(f"removed {ref}")


def watch(
    db: Db = None,
    once: Annotated[bool, typer.Option("--once", help="Poll what is due once and exit (for cron).")] = False,
    workers: Annotated[int, typer.Option(help="Sources polled at once.", min=1)] = 8,
    per_host: Annotated[int, typer.Option(help="Requests at once to one host.", min=1)] = 2,
    delay: Annotated[float, typer.Option(help="Seconds between requests to one host.", min=0)] = 1.0,
    timeout: Annotated[float, typer.Option(help="Seconds for one whole request.", min=0.1)] = 30.0,
    json_out: Annotated[bool, typer.Option("--json", help="One JSON line per cycle.")] = False,
) -> None:
    """Poll the watched sources, store new articles and fire alerts (stop with SIGTERM or Ctrl-C)."""
    from rasd.ingest.watch import Options, Report, Watcher

    store = _open(db)
    watcher = Watcher(store, options=Options(workers=workers, per_host=per_host, delay=delay, timeout=timeout),
                      log=lambda msg: typer.echo(msg, err=True))

    def on_signal(signum: int, _frame: Any) -> None:
        typer.echo(f"{signal.Signals(signum).name}: stopping after the article in hand", err=True)
        watcher.stop()

    def on_cycle(report: Report) -> None:
        data = report.to_dict()
        if json_out:
            typer.echo(json.dumps(data, ensure_ascii=False))
            return
        counts = ", ".join(f"{k} {v}" for k, v in data.items() if isinstance(v, int) and v and k != "sources")
        typer.echo(f"{data['sources']} source(s) in {data['seconds']} s: {counts or 'nothing new'}", err=True)
        for error in report.errors:
            typer.echo(f"  {error}", err=True)

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        watcher.run(once=once, on_cycle=on_cycle)
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        watcher.close()


@alerts_app.command("add")
def alerts_add(
    name: Annotated[str, typer.Argument(help="Name of the saved search.")],
    db: Db = None,
    query: Annotated[str | None, typer.Option("--query", "-q", help="Search words (as `rasd search`).")] = None,
    place: Annotated[str | None, typer.Option("--place", help="Governorate / province (Arabic or English).")] = None,
    event_type: Annotated[str | None, typer.Option("--type", help="ACLED event type.")] = None,
    sub_event_type: Annotated[str | None, typer.Option("--sub-type", help="ACLED sub-event type.")] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Actor name.")] = None,
    country: Annotated[str | None, typer.Option("--country", help="Country (name or ISO code).")] = None,
    source: Annotated[str | None, typer.Option("--source", help="Outlet.")] = None,
    min_fatalities: Annotated[int | None, typer.Option("--min-fatalities", min=0)] = None,
    review_status: Annotated[str | None, typer.Option("--review-status", help="Comma-separated review states "
                                                       "(unreviewed, confirmed, edited, rejected).")] = None,
    webhook: Annotated[str | None, typer.Option(help="POST each alert here (HMAC-SHA256 signed).")] = None,
    secret: Annotated[str | None, typer.Option(help="Signing secret (default: a random one, printed once).")
                      ] = None,
) -> None:
    """Save a search: each new matching event fires one alert."""
    from rasd.filters import UnknownFilterValue
    from rasd.store.alerts import SearchExists, add_search

    filters = {"admin1": place, "event_type": event_type, "sub_event_type": sub_event_type, "actor": actor,
               "country": country, "source": source, "review_status": review_status}
    try:
        row = add_search(_open(db), name, query=query, filters=filters, min_fatalities=min_fatalities,
                         webhook=webhook, secret=secret)
    except (SearchExists, UnknownFilterValue, ValueError) as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    typer.echo(f"saved search {row['name']!r} (id {row['id']})")
    if webhook and not secret:
        typer.echo(f"webhook secret (X-Rasd-Signature: sha256=HMAC of the body): {row['secret']}")


@alerts_app.command("list")
def alerts_list(db: Db = None, json_out: Json = False) -> None:
    """The saved searches and how many alerts each fired."""
    from rasd.store.alerts import list_searches

    rows = list_searches(_open(db))
    if json_out:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        what = " ".join(f"{k}={v}" for k, v in r["filters"].items())
        extra = f" q={r['query']!r}" if r["query"] else ""
        extra += f" min_fatalities={r['min_fatalities']}" if r["min_fatalities"] is not None else ""
        typer.echo(f"{r['id']}\t{r['name']}\t{r['alerts']} alert(s)\t{what}{extra}"
                   + (f"\twebhook {r['webhook']}" if r["webhook"] else ""))


@alerts_app.command("show")
def alerts_show(name: Annotated[str, typer.Argument(help="Saved search name or id.")], db: Db = None,
                limit: Annotated[int, typer.Option(min=1)] = 20, json_out: Json = False) -> None:
    """The latest alerts of a saved search, with their webhook delivery."""
    from rasd.store.alerts import alerts, entry_title, get_search

    store = _open(db)
    if get_search(store, name) is None:
        typer.echo(f"no such saved search: {name}", err=True)
        raise typer.Exit(1)
    items = alerts(store, name, limit=limit)
    if json_out:
        typer.echo(json.dumps(items, ensure_ascii=False, indent=2))
        return
    for a in items:
        d = a.get("delivery")
        typer.echo(f"{a['fired_at']}\t{entry_title(a)}\t{a['article']['id']}"
                   + (f"\twebhook {d['state']} ({d['attempts']} attempt(s))" if d else ""))


@alerts_app.command("deliveries")
def alerts_deliveries(name: Annotated[str, typer.Argument(help="Saved search name or id.")], db: Db = None,
                      limit: Annotated[int, typer.Option(min=1)] = 50, json_out: Json = False) -> None:
    """The webhook delivery log of a saved search (one line per POST)."""
    from rasd.store.alerts import delivery_log

    rows = delivery_log(_open(db), name, limit=limit)
    if json_out:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        typer.echo(f"{r['at']}\tdelivery {r['delivery']}\t{r['status'] or '-'}\t{r['ms']} ms\t{r['error'] or 'ok'}")


@alerts_app.command("remove")
def alerts_remove(name: Annotated[str, typer.Argument(help="Saved search name or id.")], db: Db = None) -> None:
    """Delete a saved search with its alerts and delivery log."""
    from rasd.store.alerts import remove_search

    if not remove_search(_open(db), name):
        typer.echo(f"no such saved search: {name}", err=True)
        raise typer.Exit(1)
    typer.echo(f"removed {name}")


def register(app: typer.Typer) -> None:
    """Add the monitoring commands to the `rasd` app."""
    app.add_typer(sources_app, name="sources")
    app.add_typer(alerts_app, name="alerts")
    app.command()(watch)
