"""Scale bench: the ~30,000 unlabeled SaudiNewsNet articles through `rasd batch` into SQLite and
PostgreSQL, then p50/p95 of every page and API under a bounded loopback load.

    python bench/scale.py load     --data DIR [--workers 2]      # resumable: re-run to continue
    python bench/scale.py snapshot --data DIR [--replicas K] [--from DB]  # the measured stores, SQLite + PG
    python bench/scale.py measure  --data DIR --label after [--src DIR] [--seconds 10] [--concurrency 2]
    python bench/scale.py --data DIR [--labels before after]    # the measured runs as a table

`load` runs `rasd batch` on ../shared/data/news/saudinewsnet_unlabeled.jsonl.gz (never the Syria
sample, whose heldout split is for evaluation) into DIR/batch with the SQLite store DIR/sqlite.db as
its database; finished chunks are skipped on a re-run, so a stopped load continues where it was.
`snapshot` copies that store (consistent even while a load runs) to DIR/measured.db, optionally
with K replicas of every analysed article (new ids, dates moved by whole months: the size of a year
of news from what has been analysed so far), and copies it row for row into the PostgreSQL store
(--pg, default $RASD_SCALE_PG or the database `rasd_scale` on the local server).

`measure` serves each store with `rasd serve` on 127.0.0.1 (one process) and hits, for `--seconds`
each, from `--concurrency` clients: the home page, search (page and API), the events page and API,
the map data, the counts (timeline, top lists, newest) and article pages, with varied filters taken
from the data. `--src` serves an older checkout's `src` (the "before" of a fix); `--indexes off`
takes the workbench indexes (migration 0007) away first, `on` puts them back. Results go to
DIR/scale-<label>.json and print as a table; the goal column is p95 <= 300 ms (SQLite, every
endpoint) and <= 200 ms (PostgreSQL search).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlencode

import httpx
from _http import hammer

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "news" / "saudinewsnet_unlabeled.jsonl.gz"
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/rasd_scale"
QUERIES = ["سوريا", "الإرهابيين", "حلب", "وزارة الدفاع", "مجلس الأمن", "النفط", "إدلب", "الحوثيين", "اللاجئين",
           "داعش", "قصف", "الرياض", "مقتل", "الأمم المتحدة", "صنعاء", "المعارضة السورية"]
GOALS = {"sqlite": 300.0, "postgresql": 300.0}
PG_SEARCH_GOAL = 200.0


def _env(src: Path | None = None) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(src or ROOT / "src"))
    env.pop("RASD_RATE_READ", None)
    return env


def pg_url(url: str | None) -> str:
    """The PostgreSQL store's URL; its database is created when missing."""
    import sqlalchemy as sa

    url = url or os.environ.get("RASD_SCALE_PG") or PG_DEFAULT
    base, _, name = url.rpartition("/")
    engine = sa.create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if not conn.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).scalar():
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return url


def load(args: argparse.Namespace) -> None:
    """`rasd batch` into the SQLite store (resumable); with `--pg-ingest`, the finished chunks also
    into PostgreSQL through the batch's own loader (article by article: slow on a busy machine;
    `snapshot` copies the rows with COPY instead)."""
    data = Path(args.data)
    data.mkdir(parents=True, exist_ok=True)
    sqlite = f"sqlite:///{data / 'sqlite.db'}"
    started = time.perf_counter()
    if not args.skip_batch:
        cmd = [sys.executable, "-m", "rasd.cli", "batch", str(CORPUS), "--out", str(data / "batch"), "--db", sqlite,
               "--workers", str(args.workers), "--chunk", "500", "--no-progress"]
        subprocess.run(["nice", "-n", "15", *cmd], env=_env(), check=False)
        print(f"rasd batch: {time.perf_counter() - started:.0f} s", flush=True)
    if args.pg_ingest:
        sys.path.insert(0, str(ROOT / "src"))
        from rasd.batch.driver import _DbLoader
        from rasd.batch.shards import discover

        t = time.perf_counter()
        loaded = _DbLoader(pg_url(args.pg), data / "batch").catch_up(discover([CORPUS]))
        print(f"PostgreSQL: {loaded} articles loaded in {time.perf_counter() - t:.0f} s", flush=True)


# copied to PostgreSQL in this order (foreign keys); `name_keys` is filled by the triggers on
# entities and events (migration 0008) as their rows are copied
TABLES = ("sources", "articles", "analyses", "entities", "quotes", "places", "events", "incidents",
          "incident_reports", "fetch_state")
SHIFTED = {  # per table: the columns a replica rewrites (pk offsets, ids, dates moved by whole months)
    "articles": {"pk": "pk + {a}", "id": "id || '~r{k}'", "url": "NULL",
                 "published": "date(published, '+{m} months')"},
    "analyses": {"pk": "pk + {n}", "article_pk": "article_pk + {a}"},
    "entities": {"pk": "pk + {n}", "article_pk": "article_pk + {a}"},
    "quotes": {"pk": "pk + {n}", "article_pk": "article_pk + {a}"},
    "places": {"pk": "pk + {n}", "article_pk": "article_pk + {a}"},
    "events": {"pk": "pk + {n}", "article_pk": "article_pk + {a}", "merged_pk": "NULL",
               "date": "date(date, '+{m} months')",
               "row": "json_set(row, '$.event_date', date(date, '+{m} months'), '$.article_id', "
                      "json_extract(row, '$.article_id') || '~r{k}')"},
}


def snapshot(args: argparse.Namespace) -> None:
    """The measured SQLite store: a consistent copy of the batch's store (it may still be loading),
    optionally with `--replicas` copies of every article (ids suffixed `~rK`, dates moved by
    `--months` x K months: a year of news from two months of articles), then its copy in PostgreSQL."""
    import sqlite3

    data = Path(args.data)
    data.mkdir(parents=True, exist_ok=True)
    src, dst = Path(args.source) if args.source else data / "sqlite.db", data / "measured.db"
    for old in (dst, dst.with_name(dst.name + "-wal"), dst.with_name(dst.name + "-shm")):
        old.unlink(missing_ok=True)
    t = time.perf_counter()
    con = sqlite3.connect(src, timeout=60)
    con.execute(f"VACUUM INTO '{dst}'")
    con.close()
    con = sqlite3.connect(dst)
    real = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    for k in range(1, args.replicas + 1):
        amax = con.execute("SELECT coalesce(max(pk), 0) FROM articles").fetchone()[0]
        for table, rules in SHIFTED.items():
            cols = [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]
            top = con.execute(f"SELECT coalesce(max(pk), 0) FROM {table}").fetchone()[0]
            fill = {"k": k, "m": args.months * k, "n": top, "a": amax}
            exprs = [rules.get(c, f'"{c}"').format(**fill) for c in cols]
            names = ", ".join(f'"{c}"' for c in cols)
            where = f" WHERE pk <= {top} AND id NOT LIKE '%~r%'" if table == "articles" else ""
            if table != "articles":
                where = f" WHERE article_pk IN (SELECT pk FROM articles WHERE id NOT LIKE '%~r%') AND pk <= {top}"
            con.execute(f'INSERT INTO "{table}" ({names}) SELECT {", ".join(exprs)} FROM "{table}"{where}')
        con.commit()
    con.execute("ANALYZE")
    con.commit()
    total = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    events = con.execute("SELECT count(*) FROM events").fetchone()[0]
    con.close()
    print(f"SQLite store {dst}: {real:,} analysed articles, {total:,} with replicas, {events:,} events "
          f"({time.perf_counter() - t:.0f} s)", flush=True)
    sys.path.insert(0, str(ROOT / "src"))
    from rasd.store import Store

    t = time.perf_counter()
    Store.open(f"sqlite:///{dst}").close()  # migrated to head, and the replicas' events fused into incidents
    con = sqlite3.connect(dst)
    con.execute("ANALYZE")  # the planner's statistics of the new indexes and the fused incidents
    con.commit()
    con.close()
    print(f"SQLite store migrated and fused ({time.perf_counter() - t:.0f} s)", flush=True)
    copy_to_pg(dst, pg_url(args.pg))


def copy_to_pg(sqlite_path: Path, url: str) -> None:
    """Every table of the SQLite store into a fresh PostgreSQL store with COPY (row for row; the
    search column is computed by PostgreSQL). Ingesting article by article through the ORM ran at
    2-5 articles/s on this shared machine; COPY takes minutes for the whole store."""
    import sqlite3

    import psycopg

    sys.path.insert(0, str(ROOT / "src"))
    from rasd.store import Store

    t = time.perf_counter()
    store = Store.open(url)  # the schema, migrated
    store.close()
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    lite = sqlite3.connect(sqlite_path)
    with psycopg.connect(dsn) as pg:
        have = {r[0] for r in pg.execute("SELECT table_name FROM information_schema.tables "
                                         "WHERE table_schema = current_schema()")}
        tables = [t for t in TABLES if t in have]
        pg.execute("TRUNCATE " + ", ".join(tables + (["name_keys"] if "name_keys" in have else [])) + " CASCADE")
        for table in tables:
            cols = [r[1] for r in lite.execute(f'PRAGMA table_info("{table}")')]
            types = {r[0]: r[1] for r in pg.execute(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s "
                "AND table_schema = current_schema()", (table,))}
            bools = [i for i, c in enumerate(cols) if types.get(c) == "boolean"]
            names = ", ".join(f'"{c}"' for c in cols)
            with pg.cursor().copy(f'COPY "{table}" ({names}) FROM STDIN') as cp:
                for row in lite.execute(f'SELECT {names} FROM "{table}"'):
                    if bools:
                        row = list(row)
                        for i in bools:
                            row[i] = None if row[i] is None else bool(row[i])
                    cp.write_row(row)
            if "pk" in cols:
                pg.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'pk'), "
                           f"(SELECT coalesce(max(pk), 0) + 1 FROM \"{table}\"), false)")
        pg.commit()
    lite.close()
    with psycopg.connect(dsn, autocommit=True) as pg:
        pg.execute("VACUUM ANALYZE")
    print(f"PostgreSQL store {url}: copied in {time.perf_counter() - t:.0f} s", flush=True)


def set_indexes(url: str, on: bool) -> None:
    """Migration 0007 (the workbench indexes) taken down to 0006 and, when `on`, up again."""
    from alembic import command
    from alembic.config import Config

    from rasd.store import Store
    from rasd.store.db import MIGRATIONS

    store = Store.open(url, migrate=False)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0006")
        if on:
            command.upgrade(cfg, "head")
    if store.dialect == "sqlite":
        with store.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    else:
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE")
    store.close()


def sample(url: str, seed: int = 7) -> dict[str, list[str]]:
    """Paths to request, from what the store holds (ids, governorates, actors, types, dates)."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    rnd = random.Random(seed)
    with engine.connect() as conn:
        q = lambda sql: [r[0] for r in conn.execute(sa.text(sql)).all()]  # noqa: E731
        ids = q("SELECT a.id FROM articles a WHERE EXISTS (SELECT 1 FROM events e WHERE e.article_pk = a.pk) "
                "ORDER BY a.pk LIMIT 2000")
        ids = rnd.sample(ids, min(200, len(ids))) + q("SELECT id FROM articles ORDER BY pk LIMIT 100")
        admin1 = q("SELECT admin1 FROM events WHERE admin1 IS NOT NULL GROUP BY admin1 ORDER BY count(*) DESC "
                   "LIMIT 8")
        actors = q("SELECT actor1 FROM events WHERE actor1 IS NOT NULL GROUP BY actor1 ORDER BY count(*) DESC "
                   "LIMIT 6")
        months = q("SELECT substr(date, 1, 7) FROM events WHERE date IS NOT NULL GROUP BY substr(date, 1, 7) "
                   "ORDER BY count(*) DESC LIMIT 4")
        types = q("SELECT event_type FROM events WHERE event_type IS NOT NULL GROUP BY event_type")
        stats = {"articles": q("SELECT count(*) FROM articles")[0], "events": q("SELECT count(*) FROM events")[0]}
    engine.dispose()
    filters: list[dict[str, str]] = [{}]
    filters += [{"governorate": a} for a in admin1] + [{"actor": a} for a in actors[:3]]
    filters += [{"event_type": t} for t in types]
    filters += [{"date_from": m, "date_to": m} for m in months]
    filters += [{"event_type": types[0], "governorate": admin1[0]}] if types and admin1 else []
    qs = lambda extra: [("?" + urlencode({**f, **extra})) if (f or extra) else "" for f in filters]  # noqa: E731
    article_filters = [f for f in filters if "actor" not in f][:6] + [f for f in filters if "actor" in f][:1]
    return {
        "home": ["/", "/?page=2", "/?page=50", *[f"/?{urlencode(f)}" for f in article_filters if f]],
        "search page": [f"/?{urlencode({'q': q})}" for q in QUERIES],
        "search API": [f"/api/articles?{urlencode({'q': q})}" for q in QUERIES]
                      + [f"/api/articles?{urlencode({'q': q, 'date_from': '2015-07'})}" for q in QUERIES[:4]],
        "events page": [f"/events{s}" for s in qs({})] + ["/events?page=20"],
        "events API": [f"/api/events{s}" for s in qs({"limit": 100})],
        "map data": [f"/api/map{s}" for s in qs({})] + [f"/api/map{s}" for s in qs({"agg": "admin1"})][:4]
                    + ["/api/map?zoom=9&bbox=35,32,38,37"],
        "counts": [f"/api/counts{s}" for s in qs({"by": "week"})] + [f"/api/counts{s}" for s in qs({"by": "day"})][:6]
                  + [f"/api/counts{s}" for s in qs({"by": "month", "stack": "sub_event_type"})][:6]
                  + [f"/api/counts/top{s}" for s in qs({"field": "actor"})][:6]
                  + [f"/api/counts/top{s}" for s in qs({"field": "place"})][:6]
                  + [f"/api/events/newest{s}" for s in qs({"min_fatalities": 5})][:6],
        "article page": [f"/articles/{quote(i, safe='')}" for i in ids],
        "_stats": [json.dumps(stats)],
    }


def serve(url: str, src: Path | None) -> tuple[subprocess.Popen, str]:
    """`rasd serve` on a free loopback port, from `src` (default: this checkout)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "rasd.cli", "serve", "--db", url, "--host", "127.0.0.1",
                             "--port", str(port)], env=_env(src), stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(1200):
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            break
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError("rasd serve did not start")


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """User + system CPU seconds of processes (from /proc): what a request costs, whatever else runs."""
    out = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            out[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            continue
    return out


def server_pids(proc: subprocess.Popen, url: str) -> list[int]:
    """The server process and, for PostgreSQL, the backends serving its database."""
    pids = [proc.pid]
    if url.startswith("postgresql"):
        name = url.rsplit("/", 1)[1].split("?", 1)[0]
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    cmd = (entry / "cmdline").read_bytes().decode(errors="replace")
                except OSError:
                    continue
                if cmd.startswith("postgres:") and f" {name} " in cmd:
                    pids.append(int(entry.name))
    return pids


def measure_one(url: str, args: argparse.Namespace) -> dict[str, object]:
    kind = "sqlite" if url.startswith("sqlite") else "postgresql"
    if args.indexes != "keep":
        set_indexes(url, args.indexes == "on")
    load0 = os.getloadavg()
    paths = sample(url)
    size = json.loads(paths.pop("_stats")[0])
    proc, base = serve(url, Path(args.src) if args.src else None)
    rows: dict[str, dict[str, float]] = {}
    try:
        for name, group in paths.items():
            for p in group[:10]:  # warm up (errors on the others are counted by the load)
                r = httpx.get(base + p, timeout=120)
                if r.status_code != 200:
                    raise RuntimeError(f"{p}: HTTP {r.status_code} {r.text[:200]}")
            before = cpu_seconds(server_pids(proc, url))
            rows[name] = hammer(base, group, args.concurrency, args.seconds, timeout=30)
            after = cpu_seconds(server_pids(proc, url))
            used = sum(v - before.get(pid, 0.0) for pid, v in after.items())
            rows[name]["cpu_ms_per_request"] = 1000 * used / max(1, rows[name]["requests"])
            goal = PG_SEARCH_GOAL if kind == "postgresql" and name.startswith("search") else GOALS[kind]
            r = rows[name]
            print(f"{kind:10} {name:13} p50 {r['p50_ms']:7.1f} ms  p95 {r['p95_ms']:7.1f} ms  "
                  f"cpu {r['cpu_ms_per_request']:6.1f} ms/req  {r['rps']:6.1f} req/s  {r['requests']:5d} req  "
                  f"{r['errors']} errors  "
                  f"{'ok' if r['p95_ms'] <= goal else 'OVER'} (goal p95 <= {goal:.0f})", flush=True)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
    return {"database": kind, **size, "endpoints": rows, "load_avg": os.getloadavg(), "started_load_avg": load0}


def measure(args: argparse.Namespace) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    data = Path(args.data)
    urls = {"sqlite": f"sqlite:///{data / 'measured.db'}", "postgresql": None}
    out: dict[str, object] = {"label": args.label, "src": args.src or str(ROOT / "src"),
                              "concurrency": args.concurrency, "seconds": args.seconds, "cpus": os.cpu_count()}
    for kind in args.only or ("sqlite", "postgresql"):
        url = urls[kind] or pg_url(args.pg)
        print(f"== {kind}: {url}", flush=True)
        out[kind] = measure_one(url, args)
        print(f"   {out[kind]['articles']:,} articles, {out[kind]['events']:,} events", flush=True)
    (data / f"scale-{args.label}.json").write_text(json.dumps(out, indent=1), encoding="utf-8")


def report(args: argparse.Namespace) -> None:
    """The measured runs side by side (a Markdown table, for the README); the default command, so
    `make bench` (every bench script, no arguments) prints figures instead of starting an hour's load."""
    data = Path(args.data)
    runs = {p.stem.removeprefix("scale-"): json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(data.glob("scale-*.json"))}
    if args.labels:  # in the order asked (before, after)
        runs = {k: runs[k] for k in args.labels if k in runs}
    if not runs:
        print(f"no scale runs in {data}: `make bench-scale` (about an hour of CPU) loads and measures")
        return
    for kind in ("sqlite", "postgresql"):
        cols = [label for label, run in runs.items() if kind in run]
        if not cols:
            continue
        sizes = {f"{runs[c][kind]['articles']:,} articles / {runs[c][kind]['events']:,} events" for c in cols}
        print(f"\n{kind} ({'; '.join(sorted(sizes))}); p50 / p95 ms (server CPU ms per request)\n")
        print("| endpoint | " + " | ".join(cols) + " |")
        print("|---|" + "---|" * len(cols))
        names = list(dict.fromkeys(n for c in cols for n in runs[c][kind]["endpoints"]))
        for name in names:
            cells = []
            for c in cols:
                r = runs[c][kind]["endpoints"].get(name)
                cells.append(f"{r['p50_ms']:.0f} / {r['p95_ms']:.0f} ({r.get('cpu_ms_per_request', 0):.0f})"
                             if r else "")
            print(f"| {name} | " + " | ".join(cells) + " |")
        print("\nload average during the runs: " + ", ".join(
            f"{c} {runs[c][kind]['load_avg'][0]:.1f}" for c in cols))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=os.environ.get("RASD_SCALE_DIR", str(ROOT.parent / "rasd-scale-data")))
    ap.add_argument("--labels", nargs="*", help="runs to show (default: every DATA/scale-*.json)")
    sub = ap.add_subparsers(dest="cmd")
    for name in ("load", "snapshot", "measure"):
        p = sub.add_parser(name)
        p.add_argument("--data", default=os.environ.get("RASD_SCALE_DIR", str(ROOT.parent / "rasd-scale-data")),
                       help="where the batch output and the stores go (outside the repository)")
        p.add_argument("--pg", help=f"PostgreSQL URL (default $RASD_SCALE_PG or {PG_DEFAULT})")
    sub.choices["load"].add_argument("--workers", type=int, default=2)
    sub.choices["load"].add_argument("--skip-batch", action="store_true", help="no batch run (with --pg-ingest)")
    sub.choices["load"].add_argument("--pg-ingest", action="store_true", help="also ingest finished chunks into PG")
    sub.choices["snapshot"].add_argument("--replicas", type=int, default=0)
    sub.choices["snapshot"].add_argument("--months", type=int, default=2)
    sub.choices["snapshot"].add_argument("--from", dest="source", metavar="SQLITE_DB",
                                         help="copy this store (default DATA/sqlite.db): experiments in "
                                              "another folder while a load runs")
    m = sub.choices["measure"]
    m.add_argument("--label", default="run")
    m.add_argument("--src", help="serve this src folder (an older checkout: the 'before')")
    m.add_argument("--indexes", choices=["keep", "on", "off"], default="keep")
    m.add_argument("--only", action="append", choices=["sqlite", "postgresql"])
    m.add_argument("--seconds", type=float, default=10.0)
    m.add_argument("--concurrency", type=int, default=2)
    args = ap.parse_args()
    {"load": load, "snapshot": snapshot, "measure": measure, None: report}[args.cmd](args)


if __name__ == "__main__":
    main()
