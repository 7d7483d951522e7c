"""Web app speed: requests/s and latency (p50/p95) of the article page and the search API.

Loopback only and bounded: a uvicorn server in a child process on 127.0.0.1, a thread pool of
httpx clients for `--seconds` per endpoint. The database defaults to one built once (cached in
bench/out/) from the 30k-article unlabeled SaudiNewsNet corpus: the first `--analysed` articles
get the full analysis (so article pages carry real highlights), the rest are stored with the
cleaning-only record (same text, same search index, no extractions) to keep the build in minutes.

    python bench/web.py [--db URL] [--articles 30000] [--seconds 10] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from _http import hammer

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "news" / "saudinewsnet_unlabeled.jsonl.gz"
OUT = ROOT / "bench" / "out"
QUERIES = ["سوريا", "الإرهابيين", "حلب", "وزارة الدفاع", "مجلس الأمن", "النفط", "إدلب", "الحوثيين", "اللاجئين",
           "داعش", "قصف", "الرياض"]


def build_db(path: Path, n: int, analysed: int) -> str:
    """Fill a SQLite store from the corpus (cached: an existing file is reused)."""
    from rasd import record as rec
    from rasd.article import Article
    from rasd.pipeline import shared
    from rasd.store import Store

    url = f"sqlite:///{path}"
    done = path.with_suffix(".done")
    if done.exists() and done.read_text().strip() == f"{n} {analysed}":
        return url
    store, pipeline = Store.open(url), shared()
    have = store.stats()["articles"]  # an interrupted build resumes where it stopped
    started, count = time.perf_counter(), 0
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for line in fh:
            if count >= n:
                break
            o = json.loads(line)
            if not (o.get("text") or "").strip():
                continue
            if count < have:
                count += 1
                continue
            article = Article.build(o["text"], title=o.get("title"), source=o.get("source"), url=o.get("url"),
                                    published=o.get("date"), id=o.get("id"))
            try:
                if count < analysed:
                    record = pipeline.analyze(article)
                else:  # cleaning-only record: same text and search index, no extractions
                    record = rec.build(pipeline.make_doc(article), article)
            except Exception as exc:  # a bad article is skipped, as ingest would
                print(f"skipped {article.id}: {exc}", file=sys.stderr)
                continue
            store.ingest(article, record)
            count += 1
            if count % 2000 == 0:
                print(f"  built {count:,} articles in {time.perf_counter() - started:.0f} s", flush=True)
    store.close()
    done.write_text(f"{n} {analysed}")
    print(f"built {url}: {count:,} articles ({analysed:,} fully analysed) in {time.perf_counter() - started:.0f} s")
    return url


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(url: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "RASD_DB": url}
    code = ("import uvicorn; from rasd.web import create_app; "
            f"uvicorn.run(create_app(), host='127.0.0.1', port={port}, log_level='warning', access_log=False)")
    proc = subprocess.Popen([sys.executable, "-c", code], env=env)
    for _ in range(300):
        try:
            httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("server did not start")


def load(base: str, paths: list[str], seconds: float, concurrency: int) -> dict[str, float]:
    """Hit random paths from `concurrency` threads for `seconds`; latency figures in ms."""
    return hammer(base, paths, concurrency, seconds)



def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="an existing database URL (default: build/reuse bench/out/web-<N>.db)")
    ap.add_argument("--articles", type=int, default=30_000)
    ap.add_argument("--analysed", type=int, default=300, help="articles given the full analysis")
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--port", type=int, default=0, help="default: a free port")
    args, _ = ap.parse_known_args()
    if args.db:
        url = args.db
    else:
        OUT.mkdir(parents=True, exist_ok=True)
        url = build_db(OUT / f"web-{args.articles}.db", args.articles, min(args.analysed, args.articles))
    from rasd.store import Store

    store = Store.open(url)
    stats = store.stats()
    analysed = [r["doc"]["id"] for r in store.records(limit=200)]  # oldest first: the fully analysed ones
    store.close()
    port = args.port or free_port()
    proc = serve(url, port)
    base = f"http://127.0.0.1:{port}"
    try:
        runs = {
            "article page": [f"/articles/{i}" for i in analysed],
            "search API": [f"/api/articles?q={q}" for q in QUERIES],
            "search page": [f"/?q={q}" for q in QUERIES],
        }
        for path in runs["article page"][:3] + runs["search API"][:3]:  # warm up
            httpx.get(base + path, timeout=60)
        print(f"database: {url} ({stats['articles']:,} articles, {stats['events']:,} events)")
        print(f"load: {args.concurrency} clients x {args.seconds:.0f} s per endpoint, loopback, server = 1 process")
        for name, paths in runs.items():
            r = load(base, paths, args.seconds, args.concurrency)
            print(f"{name:13s} {r['rps']:7.1f} req/s  p50 {r['p50_ms']:6.1f} ms  p95 {r['p95_ms']:6.1f} ms  "
                  f"({r['requests']} requests, {r['errors']} errors)")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
