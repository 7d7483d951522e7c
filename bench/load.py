"""Bounded load test of `rasd serve` on loopback: the search API and the article page at rising concurrency.

Strictly 127.0.0.1 and bounded: the server is `rasd serve --host 127.0.0.1` on a free port, each
level runs for `--seconds`, and every process started here is stopped at the end. The database
holds a few hundred fully analysed articles: the dev split of the shared SaudiNewsNet Syria sample
(read from ../shared at run time), repeated with a marked copy line up to `--articles`, built once
with `rasd ingest` and cached in bench/out/.

Load comes from wrk (Debian package `wrk`) with a Lua script that rotates over the paths, or,
without wrk, from a pool of httpx clients. Capacity is the highest throughput of a level whose
p95 latency is under `--p95-ms` (200) with 0 errors; errors must be 0 at every level up to it.

    python bench/load.py [--articles 300] [--levels 1,2,4,8,16] [--seconds 8] [--engine wrk|httpx]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlencode

import httpx
from _http import hammer

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT.parent / "shared" / "data" / "news" / "saudinewsnet_syria_sample.jsonl"
OUT = ROOT / "bench" / "out"
QUERIES = ["سوريا", "الإرهابيين", "حلب", "إدلب", "قصف", "مجلس الأمن", "اللاجئين", "داعش", "روسيا", "المعارضة",
           "دمشق", "الأسد", "النظام", "وزارة الدفاع", "غارات", "درعا"]
LUA = r"""
local paths = {}
for line in io.lines(os.getenv("RASD_LOAD_PATHS")) do paths[#paths + 1] = line end
local i = 0
init = function(args) math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16)); i = math.random(#paths) end
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d %d %.3f %.3f %.3f\n", summary.requests, summary.duration,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


def articles_jsonl(path: Path, n: int) -> list[str]:
    """The dev articles, repeated with a marked copy line until there are `n` (never the heldout split)."""
    dev = [o for o in map(json.loads, SAMPLE.read_text(encoding="utf-8").splitlines()) if o.get("split") == "dev"]
    ids = []
    with path.open("w", encoding="utf-8") as out:
        for k in range(n):
            o = dict(dev[k % len(dev)])
            if k >= len(dev):
                o["id"] = f"{o['id']}-copy{k // len(dev)}"
                o["text"] = f"{o['text']}\n(نسخة رقم {k // len(dev)})"
                o.pop("url", None)
            out.write(json.dumps({x: o.get(x) for x in ("id", "text", "title", "source", "url", "published")},
                                 ensure_ascii=False) + "\n")
            ids.append(o["id"])
    return ids


def build_db(n: int) -> tuple[str, list[str]]:
    """A SQLite store with `n` analysed articles (cached in bench/out/; an interrupted build resumes)."""
    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / f"load-{n}.db"
    data = OUT / f"load-{n}.jsonl"
    ids = articles_jsonl(data, n)
    url = f"sqlite:///{db}"
    done = db.with_suffix(".done")
    if not done.exists():
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "rasd.cli", "ingest", str(data), "--db", url, "--no-dedup", "--json"],
                       check=False, stdout=subprocess.DEVNULL, env=dict(os.environ, PYTHONPATH=str(ROOT / "src")))
        done.write_text(str(n))
        print(f"built {db.name}: {n} articles analysed in {time.perf_counter() - t0:.0f} s", flush=True)
    return url, ids


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(url: str) -> tuple[subprocess.Popen, str]:
    """`rasd serve` on 127.0.0.1 (reads are not rate-limited by default)."""
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    env.pop("RASD_RATE_READ", None)
    proc = subprocess.Popen([sys.executable, "-m", "rasd.cli", "serve", "--db", url, "--host", "127.0.0.1",
                             "--port", str(port)], env=env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(f"{base}/api/stats", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            break
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError("rasd serve did not start")


def run_wrk(base: str, paths: list[str], concurrency: int, seconds: float, lua: Path, pathfile: Path) -> dict:
    pathfile.write_text("\n".join(paths) + "\n", encoding="utf-8")
    cmd = ["wrk", "-t", str(min(concurrency, 2)), "-c", str(concurrency), "-d", f"{seconds:g}s", "--timeout", "5s",
           "-s", str(lua), base]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60,
                         env=dict(os.environ, RASD_LOAD_PATHS=str(pathfile)))
    m = re.search(r"RESULT (.+)", res.stdout)
    if not m:
        raise RuntimeError(f"wrk gave no result: {res.stdout[-500:]} {res.stderr[-500:]}")
    req, dur_us, connect, read, write, status, timeout, p50, p95, p99 = m.group(1).split()
    errors = sum(int(x) for x in (connect, read, write, status, timeout))
    return {"requests": int(req), "rps": int(req) / (int(dur_us) / 1e6), "errors": errors,
            "p50_ms": float(p50), "p95_ms": float(p95), "p99_ms": float(p99)}


def run_httpx(base: str, paths: list[str], concurrency: int, seconds: float) -> dict:
    """The httpx fallback when wrk is absent."""
    return hammer(base, paths, concurrency, seconds, timeout=5)



def capacity(rows: list[dict], p95_ms: float) -> dict:
    """The best level under the latency bound, and whether every level up to it had 0 errors."""
    ok = [r for r in rows if r["p95_ms"] < p95_ms and r["errors"] == 0]
    best = max(ok, key=lambda r: r["rps"]) if ok else None
    below = [r for r in rows if best and r["concurrency"] <= best["concurrency"]]
    return {"rps": round(best["rps"], 1) if best else 0.0, "concurrency": best["concurrency"] if best else None,
            "errors_below": sum(r["errors"] for r in below)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--levels", default="1,2,4,8,16")
    ap.add_argument("--seconds", type=float, default=8.0, help="per level and endpoint")
    ap.add_argument("--p95-ms", type=float, default=200.0)
    ap.add_argument("--engine", choices=["wrk", "httpx"], default="wrk" if shutil.which("wrk") else "httpx")
    args = ap.parse_args()
    levels = [int(x) for x in args.levels.split(",")]
    url, ids = build_db(args.articles)
    endpoints = {
        "search API": ["/api/articles?" + urlencode({"q": q}) for q in QUERIES],
        "article page": ["/articles/" + quote(i, safe="") for i in ids],
    }
    proc, base = serve(url)
    tmp = Path(tempfile.mkdtemp(prefix="rasd-load-"))
    lua = tmp / "rotate.lua"
    lua.write_text(LUA, encoding="utf-8")
    report: dict[str, dict] = {}
    try:
        for name, paths in endpoints.items():
            for p in paths[:3]:  # warm up and make sure every path answers
                assert httpx.get(base + p, timeout=30).status_code == 200, p
            rows = []
            for c in levels:
                if args.engine == "wrk":
                    row = run_wrk(base, paths, c, args.seconds, lua, tmp / "paths.txt")
                else:
                    row = run_httpx(base, paths, c, args.seconds)
                row["concurrency"] = c
                rows.append(row)
                print(f"{name:13} c={c:<3} {row['rps']:8.1f} req/s  p50 {row['p50_ms']:7.1f} ms  "
                      f"p95 {row['p95_ms']:7.1f} ms  p99 {row['p99_ms']:7.1f} ms  errors {row['errors']}", flush=True)
            cap = capacity(rows, args.p95_ms)
            report[name] = {"levels": rows, "capacity": cap}
            print(f"{name:13} capacity {cap['rps']} req/s at c={cap['concurrency']} with p95 < {args.p95_ms:g} ms; "
                  f"errors at or below it: {cap['errors_below']}", flush=True)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)
    out = {"engine": args.engine, "articles": args.articles, "seconds_per_level": args.seconds,
           "cpus": os.cpu_count(), "load_avg": os.getloadavg(), "endpoints": report}
    (OUT / "load.json").write_text(json.dumps(out, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
