"""The `rasd` command line (Typer). Each command is a thin shell over the package's API."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from rasd.article import Article
from rasd.cliargs import date_option
from rasd.errors import RasdError

app = typer.Typer(no_args_is_help=True, add_completion=False, help="rasd: Arabic news -> conflict data.")


def _show_version(value: bool) -> None:
    if value:
        from rasd import __version__

        typer.echo(f"rasd {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_show_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """rasd: evidence-linked conflict data from Arabic news."""


def _err(message: str) -> None:
    typer.echo(message, err=True)


def _items(paths: list[Path], meta: dict[str, Any]) -> Iterator[Article | RasdError]:
    from rasd.ingest.files import read_path

    single = len(paths) == 1
    for path in paths:
        if str(path) == "-":
            yield from _read_stdin(meta)
            continue
        yield from read_path(path, **(meta if single else {k: v for k, v in meta.items() if k != "id"}))


@app.command()
def analyze(
    paths: Annotated[list[Path], typer.Argument(help="Text, HTML or JSON Lines (.jsonl, .jsonl.gz) files; "
                                                "- reads standard input (JSON Lines or text).")],
    published: Annotated[str | None, typer.Option(help="Publication date YYYY-MM-DD.", callback=date_option)] = None,
    source: Annotated[str | None, typer.Option(help="Source name (the paper).")] = None,
    url: Annotated[str | None, typer.Option(help="URL of the article.")] = None,
    id: Annotated[str | None, typer.Option("--id", help="Article id (default: the file name).")] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here instead of stdout (-: stdout).")
                      ] = None,
    check: Annotated[bool, typer.Option("--check", help="Validate every record against the JSON Schema and the "
                                        "offsets; a component failure (W1xx warning) also fails the run.")] = False,
) -> None:
    """Analyse articles into rasd.analysis/1 records: one JSON object for one file, else JSON Lines."""
    from rasd.pipeline import shared

    meta = {k: v for k, v in {"published": published, "source": source, "url": url, "id": id}.items() if v}
    _STDIN.clear()  # standard input is read afresh by each run (tests invoke the app many times)
    many = len(paths) > 1 or any(str(p).lower().endswith((".jsonl", ".jsonl.gz", ".ndjson", ".warc", ".warc.gz"))
                                 for p in paths)
    if str(paths[0]) == "-" and len(paths) == 1:
        many = _stdin_is_jsonl()
    if output is not None and str(output) == "-":
        output = None
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    undated = 0
    failed = 0
    try:
        pipeline = shared()
        articles = (a for a in _report_errors(_items(paths, meta)) if a is not None)
        for result in _progress(pipeline.analyze_many(articles)):
            if isinstance(result, RasdError):
                _err(result.message)
                failed += 1
                continue
            undated += not (result.get("doc") or {}).get("published")
            if check:
                failed += _check(result)
            if many:
                out.write(json.dumps(result, ensure_ascii=False) + "\n")
            else:
                out.write(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
    except RasdError as err:
        _err(err.message)
        raise typer.Exit(2) from None
    finally:
        if output:
            out.close()
    failed += _report_errors.failed  # type: ignore[attr-defined]
    if undated:
        _err(f"warning: {undated} article(s) without a publication date: relative dates stay unresolved and "
             "their events carry no date (give --published or a \"published\" field)")
    if failed:
        _err(f"{failed} item(s) failed")
        raise typer.Exit(1)


@app.command()
def batch(
    inputs: Annotated[list[Path], typer.Argument(help="Shards: .jsonl, .jsonl.gz, .warc, .warc.gz files or folders.")],
    out: Annotated[Path, typer.Option("--out", help="Output folder (Parquet tables, done-markers).")],
    workers: Annotated[
        int | None, typer.Option(help="Local Dask worker processes (default: one per core; 0: no Dask).")
    ] = None,
    scheduler: Annotated[str | None, typer.Option(help="Join a running cluster: tcp://HOST:8786.")] = None,
    db: Annotated[str | None, typer.Option(help="Also load the records into this database URL.")] = None,
    chunk: Annotated[int | None, typer.Option(help="Articles per task (default 1000; fixed per --out).")] = None,
    progress: Annotated[bool, typer.Option(help="Show the progress bar.")] = True,
) -> None:
    """Analyse article shards on a Dask cluster into Parquet tables; re-runs skip finished shards."""
    from rasd.batch import run_batch

    if workers is not None and scheduler:
        _err("use either --workers or --scheduler")
        raise typer.Exit(2)
    try:
        result = run_batch(inputs, out, workers=workers, scheduler=scheduler, db=db, chunk=chunk, progress=progress)
    except RasdError as err:
        _err(err.message)
        raise typer.Exit(2) from None
    _err(
        f"{result.articles} articles ({result.errors} errors) in {result.done} tasks, {result.rate:.1f} articles/s; "
        f"{result.skipped} of {result.shards} shards already done" + (f"; {result.loaded} loaded into the database"
                                                                      if db else "")
    )
    for failure in result.failed:
        _err(f"task failed (rerun to retry): {failure}")
    if result.failed:
        raise typer.Exit(1)


def _check(record: dict[str, Any]) -> int:
    """1 when the record is invalid or a component failed (each problem printed), else 0."""
    from rasd.validate import problems

    where = (record.get("doc") or {}).get("id")
    found = problems(record) + [w for w in record.get("warnings") or [] if str(w).startswith("W1")]
    for problem in found:
        _err(f"{where}: {problem}")
    return 1 if found else 0


def _report_errors(items: Iterator[Article | RasdError]) -> Iterator[Article | None]:
    """Pass articles on; print input errors (they count as failures) and keep going."""
    _report_errors.failed = 0  # type: ignore[attr-defined]
    for item in items:
        if isinstance(item, RasdError):
            _err(item.message)
            _report_errors.failed += 1  # type: ignore[attr-defined]
            yield None
        else:
            yield item


@app.command()
def serve(
    db: Annotated[str | None, typer.Option("--db", help="Database URL (default: $RASD_DB or ./rasd.db).")] = None,
    host: Annotated[str, typer.Option(help="Interface to listen on (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    tiles: Annotated[str | None, typer.Option(help="Optional map tile URL template (default: outline only).")] = None,
) -> None:
    """Serve the web app and JSON API (writes need $RASD_TOKEN; reads need $RASD_READ_TOKEN if set)."""
    import uvicorn

    from rasd.web import create_app

    typer.echo(f"rasd: serving on http://{host}:{port}/ (API docs at /docs)", err=True)
    uvicorn.run(create_app(db, tiles_url=tiles), host=host, port=port, log_level="warning",
                proxy_headers=False, server_header=False)


evaluate_app = typer.Typer(no_args_is_help=True, help="Score rasd's extractors on gold files.")
app.add_typer(evaluate_app, name="evaluate")


@evaluate_app.command("ner")
def evaluate_ner(
    test: Annotated[Path, typer.Option("--test", help="CoNLL file: TOKEN TAG per line, blank line between sentences.")],
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    corpus: Annotated[str, typer.Option(help="Tag set of the file (see lexicon/ner_label_map.tsv).")] = "anercorp",
    model: Annotated[Path | None, typer.Option(help="NER model folder (default: the shipped model).")] = None,
) -> None:
    """Per-label and micro P/R/F1 of the NER model (exact span match, conlleval style) and tokens/s."""
    from rasd.training.ner_corpus import evaluate_file, format_report

    try:
        result = evaluate_file(test, corpus=corpus, model=model)
    except (OSError, ValueError) as exc:
        _err(f"rasd evaluate ner: {exc}")
        raise typer.Exit(2) from None
    if json_out:
        keys = ("micro", "labels", "tokens_per_s", "tokens")
        typer.echo(json.dumps({k: result[k] for k in keys}, ensure_ascii=False))
    else:
        typer.echo(format_report(result))


@evaluate_app.command("reviews")
def evaluate_reviews(
    db: Annotated[str | None, typer.Option("--db", help="Database URL (default: $RASD_DB or ./rasd.db).")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    gold: Annotated[Path | None, typer.Option("--gold", help="Also write the reviewed events as gold files "
                                                             "(../shared/eval/GOLD.md) into this folder.")] = None,
) -> None:
    """Agreement between rasd and its reviewers per field (type, date, place, actors, fatalities),
    overall and per source: the accuracy users of this database see."""
    from rich.console import Console

    from rasd import evaluate_reviews as ev
    from rasd.cliargs import require_db
    from rasd.store.commands import _open

    require_db(db)
    store = _open(db)
    try:
        report = ev.evaluate(store)
        written = ev.gold(store, gold) if gold else None
    finally:
        store.close()
    if json_out:
        typer.echo(json.dumps(report, ensure_ascii=False))
    else:
        Console(width=120).print(ev.table(report))
    if written is not None:
        _err(f"wrote {written} gold file(s) to {gold}")


user_app = typer.Typer(no_args_is_help=True, help="Accounts of the web app (reader, reviewer, admin).")
app.add_typer(user_app, name="user")


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="User name (no spaces).")],
    role: Annotated[str, typer.Option(help="reader | reviewer | admin")] = "reader",
    db: Annotated[str | None, typer.Option("--db", help="Database URL (default: $RASD_DB or ./rasd.db).")] = None,
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from stdin "
                                                                         "(first line) instead of asking.")] = False,
) -> None:
    """Create an account (or reset its password and role). Once an account exists, the web app asks
    for a login; reviewers and admins may edit, readers read."""
    from rasd.store.accounts import AccountError, add_user
    from rasd.store.commands import _open

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    store = _open(db)
    try:
        add_user(store, name, password, role)
    except AccountError as exc:
        _err(f"rasd user add: {exc}")
        raise typer.Exit(2) from None
    finally:
        store.close()
    _err(f"user {name} ({role}) saved")


@user_app.command("list")
def user_list(
    db: Annotated[str | None, typer.Option("--db", help="Database URL (default: $RASD_DB or ./rasd.db).")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """The accounts: name, role, whether active, when created."""
    from rasd.cliargs import require_db
    from rasd.store.accounts import list_users
    from rasd.store.commands import _open

    require_db(db)
    store = _open(db)
    try:
        users = list_users(store)
    finally:
        store.close()
    if json_out:
        typer.echo(json.dumps(users, ensure_ascii=False))
        return
    for u in users:
        typer.echo(f"{u['name']}\t{u['role']}\t{'active' if u['active'] else 'disabled'}\t{u['created_at']}")


def _register_store_commands() -> None:
    """`rasd ingest`, `stats`, `search`, `export` live with the store (rasd.store.commands)."""
    from rasd.store.commands import register
    from rasd.store.watch_commands import register as register_monitoring

    register(app)
    register_monitoring(app)  # rasd sources, rasd watch, rasd alerts


_register_store_commands()


@app.command("schema")
def schema_command(
    indent: Annotated[int, typer.Option(help="Indentation of the printed JSON (0: one line).")] = 2,
) -> None:
    """Print the JSON Schema of the rasd.analysis/1 record (see docs/record.md)."""
    from rasd.api import json_schema

    typer.echo(json.dumps(json_schema(), ensure_ascii=False, indent=indent or None))


_STDIN: dict[str, bytes] = {}


def _stdin_bytes() -> bytes:
    """Standard input, read once (capped like a file) and kept for the format check and the reading."""
    from rasd.ingest.files import MAX_FILE_BYTES

    if "data" not in _STDIN:
        data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        _STDIN["data"] = data
    return _STDIN["data"]


def _stdin_is_jsonl() -> bool:
    return _stdin_bytes().lstrip()[:1] == b"{"


def _read_stdin(meta: dict[str, Any]) -> Iterator[Article | RasdError]:
    """`-`: JSON Lines when standard input starts with `{`, else one text or HTML article."""
    from rasd.ingest.files import MAX_FILE_BYTES, article_from_json_line
    from rasd.ingest.pages import article_from_bytes

    data = _stdin_bytes()
    if len(data) > MAX_FILE_BYTES:
        yield RasdError("E003", f"more than {MAX_FILE_BYTES:,} bytes", where="<stdin>")
        return
    if _stdin_is_jsonl():
        for lineno, line in enumerate(data.splitlines(), 1):
            if line.strip():
                yield article_from_json_line(line, where=f"<stdin>:{lineno}")
        return
    try:
        yield article_from_bytes(data, **meta)
    except RasdError as err:
        if not err.where:
            err.where = "<stdin>"
        yield err


def _progress(results: Iterator[Any]) -> Iterator[Any]:
    """A Rich progress display (count, rate, elapsed) on a terminal; nothing when stderr is piped."""
    if not sys.stderr.isatty():
        yield from results
        return
    from rich.console import Console
    from rich.progress import MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("[bold]analysing"), MofNCompleteColumn(), TextColumn("articles"),
               TextColumn("{task.fields[rate]}"), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("analyse", total=None, rate="")
        for result in results:
            yield result
            progress.advance(task)
            speed = progress.tasks[0].speed
            progress.update(task, rate=f"{speed:.1f}/s" if speed else "")


# Modules of the optional extras (pyproject.toml) -> the extra to install: a core install says so.
EXTRAS = {"sqlalchemy": "store", "alembic": "store", "datasketch": "store", "feedparser": "store",
          "pyarrow": "store", "psycopg": "pg", "fastapi": "web", "uvicorn": "web", "jinja2": "web",
          "multipart": "web", "starlette": "web", "dask": "batch", "distributed": "batch",
          "pandas": "frames", "geopandas": "frames"}


def main(argv: list[str] | None = None) -> None:
    """The console entry point: usage errors (unknown option, missing argument, bad value) in one
    line on stderr with exit status 2, instead of a framed help panel."""
    try:
        from typer._click import exceptions as click  # typer >= 0.20 carries its own click
    except ImportError:  # pragma: no cover - older typer
        from click import exceptions as click  # type: ignore[no-redef]

    command = typer.main.get_command(app)
    try:
        code = command.main(args=argv, prog_name="rasd", standalone_mode=False)
    except click.UsageError as exc:
        where = exc.ctx.command_path if exc.ctx else "rasd"
        if exc.format_message():  # empty after `rasd` alone, which has printed the help
            _err(f"{where}: {exc.format_message()} (see {where} --help)")
        sys.exit(2)
    except click.ClickException as exc:
        _err(f"rasd: {exc.format_message()}")
        sys.exit(exc.exit_code)
    except ModuleNotFoundError as exc:
        extra = EXTRAS.get((exc.name or "").split(".")[0])
        if extra is None:
            raise
        _err(f"rasd: this command needs the [{extra}] extra ({exc.name} is not installed): "
             f"pip install 'rasd[{extra}]'")
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
