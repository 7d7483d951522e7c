"""End-to-end speed: articles/s of the whole analysis on real news, in process and on Dask.

A fixed subset (the first N articles) of ../shared/data/news/saudinewsnet_unlabeled.jsonl.gz:
  1. in process: `Pipeline.analyze` on every article (wall and CPU articles/s, ms/article,
     per-component ms/article, peak RSS);
  2. `rasd batch` in process (`workers=0`): the same plus reading shards and writing Parquet;
  3. `rasd batch` on a LocalCluster of 1 and 2 workers (1 thread each): articles/s, scaling
     efficiency (rate_k / (k * rate_1)), peak RSS per worker (and its RSS idle and with the
     pipeline loaded). Cluster start-up and pipeline loading are timed apart, not counted in the rates.
Goals: >= 20 articles/s per core in process, efficiency >= 0.8 at 2 workers, <= 500 MB a worker.
On a shared machine, wall rates fall with other people's load; CPU rates do not.

Usage: python bench/e2e.py [--n 5000] [--workers 1,2] [--shard 250] [--json out.json]
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import resource
import tempfile
import time
from collections import defaultdict
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared/data/news/saudinewsnet_unlabeled.jsonl.gz"


def load_lines(path: Path, n: int) -> list[str]:
    lines = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                lines.append(line.rstrip("\n"))
                if len(lines) >= n:
                    break
    return lines


def rss_mb() -> float:
    """Peak RSS of this process. On Linux VmHWM, not ru_maxrss: a spawned worker's ru_maxrss starts
    at the peak of the process that started it (here the bench itself, with its own pipeline)."""
    try:
        with open("/proc/self/status") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_now_mb() -> float | None:
    """Current (not peak) RSS; Linux only."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * resource.getpagesize() / 2**20
    except OSError:
        return None


def in_process(lines: list[str]) -> dict:
    from rasd.ingest.files import article_from_json_line
    from rasd.pipeline import Pipeline

    t0 = time.perf_counter()
    pipe = Pipeline()
    load_s = time.perf_counter() - t0
    articles = [article_from_json_line(line, where=str(i)) for i, line in enumerate(lines)]
    articles = [a for a in articles if not isinstance(a, Exception)]
    comp = defaultdict(float)
    w0, c0 = time.perf_counter(), time.process_time()
    errors = 0
    for article in articles:
        try:
            t = time.perf_counter()
            doc = pipe.make_doc(article)
            comp["make_doc (clean, tokenize, segment)"] += time.perf_counter() - t
            for name, component in pipe.nlp.pipeline:
                t = time.perf_counter()
                doc = component(doc)
                comp[name] += time.perf_counter() - t
            t = time.perf_counter()
            from rasd import record

            record.build(doc, article)
            comp["record.build"] += time.perf_counter() - t
        except Exception:
            errors += 1
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    n = len(articles)
    return {
        "articles": n, "errors": errors, "load_s": round(load_s, 2), "wall_s": round(wall, 2),
        "rate": round(n / wall, 1), "cpu_rate": round(n / cpu, 1), "ms_per_article": round(1000 * wall / n, 2),
        "components_ms": {k: round(1000 * v / n, 2) for k, v in comp.items()}, "peak_rss_mb": round(rss_mb()),
        "avg_chars": round(sum(len(a.text) for a in articles) / n),
        "avg_kb": round(sum(len(a.text.encode("utf-8")) for a in articles) / n / 1024, 2),
    }


def write_shards(lines: list[str], folder: Path, per_shard: int) -> None:
    for i in range(0, len(lines), per_shard):
        (folder / f"part-{i // per_shard:04d}.jsonl").write_text("\n".join(lines[i:i + per_shard]) + "\n",
                                                                  encoding="utf-8")


def batch_in_process(shards: Path, out: Path) -> dict:
    from rasd.batch import run_batch

    c0 = time.process_time()
    result = run_batch([shards], out, workers=0, progress=False)
    cpu = time.process_time() - c0
    return {"articles": result.articles, "errors": result.errors, "wall_s": round(result.seconds, 2),
            "rate": round(result.rate, 1), "cpu_rate": round(result.articles / cpu, 1)}


def on_cluster(shards: Path, out: Path, workers: int) -> dict:
    from distributed import Client, LocalCluster

    from rasd.batch import run_batch
    from rasd.batch.worker import PreloadPipeline

    t0 = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster, \
            Client(cluster) as client:
        idle = client.run(rss_now_mb)
        client.register_plugin(PreloadPipeline())
        start_s = time.perf_counter() - t0
        loaded = client.run(rss_now_mb)
        result = run_batch([shards], out, scheduler=cluster.scheduler_address, progress=False)
        rss = client.run(rss_mb)
    cpu = sum(s["cpu_seconds"] for s in result.summaries)
    return {"workers": workers, "articles": result.articles, "errors": result.errors,
            "startup_s": round(start_s, 2), "wall_s": round(result.seconds, 2), "rate": round(result.rate, 1),
            "cpu_rate_per_worker": round(result.articles / cpu, 1) if cpu else None,
            "peak_rss_mb_per_worker": sorted(round(v) for v in rss.values()),
            "idle_rss_mb_per_worker": sorted(round(v) for v in idle.values() if v),
            "loaded_rss_mb_per_worker": sorted(round(v) for v in loaded.values() if v)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=5000, help="articles (the first N of the corpus)")
    ap.add_argument("--workers", default="1,2", help="cluster sizes to run, comma-separated ('' for none)")
    ap.add_argument("--shard", type=int, default=250, help="articles per shard file")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()

    lines = load_lines(args.corpus, args.n)
    report: dict = {"n": len(lines)}
    print(f"e2e: {len(lines)} articles from {args.corpus.name}")
    report["in_process"] = ip = in_process(lines)
    print(f"  in process: {ip['rate']} art/s wall, {ip['cpu_rate']} art/s per CPU-second "
          f"({ip['ms_per_article']} ms/article, avg {ip['avg_chars']} chars), load {ip['load_s']} s, "
          f"peak RSS {ip['peak_rss_mb']} MB")
    ip["kb_per_cpu_s"] = round(ip["cpu_rate"] * ip["avg_kb"], 1)
    print(f"  = {ip['kb_per_cpu_s']} KB of UTF-8 text per CPU-second (avg article {ip['avg_kb']} KB), "
          f"i.e. {round(ip['kb_per_cpu_s'] / 2, 1)} 2-KB articles/s per core if cost grows with length")
    for name, ms in ip["components_ms"].items():
        print(f"    {name:<40} {ms:8.2f} ms/article")
    with tempfile.TemporaryDirectory(prefix="rasd-e2e-") as tmp:
        shards = Path(tmp) / "shards"
        shards.mkdir()
        write_shards(lines, shards, args.shard)
        report["batch_in_process"] = b = batch_in_process(shards, Path(tmp) / "out-0")
        print(f"  batch, in process (Parquet): {b['rate']} art/s wall, {b['cpu_rate']} art/s per CPU-second")
        rates = {}
        for k in [int(x) for x in args.workers.split(",") if x.strip()]:
            report[f"cluster_{k}"] = c = on_cluster(shards, Path(tmp) / f"out-{k}", k)
            rates[k] = c["rate"]
            eff = f", efficiency {c['rate'] / (k * rates[1]):.2f}" if 1 in rates and k > 1 else ""
            if eff:
                report[f"efficiency_{k}"] = round(c["rate"] / (k * rates[1]), 2)
                cpu1 = report["cluster_1"]["cpu_rate_per_worker"]
                if cpu1 and c["cpu_rate_per_worker"]:  # overhead of k workers, whatever the machine's load
                    report[f"cpu_efficiency_{k}"] = round(c["cpu_rate_per_worker"] / cpu1, 2)
                    eff += f" (per CPU-second: {report[f'cpu_efficiency_{k}']})"
            print(f"  cluster, {k} worker(s): {c['rate']} art/s wall{eff}; {c['cpu_rate_per_worker']} art/s per "
                  f"worker CPU-second; start-up {c['startup_s']} s; peak RSS/worker {c['peak_rss_mb_per_worker']} MB "
                  f"(idle worker {c['idle_rss_mb_per_worker']}, pipeline loaded {c['loaded_rss_mb_per_worker']})")
    goals = {"per_core_in_process>=20": ip["cpu_rate"] >= 20}
    if "efficiency_2" in report:
        goals["efficiency_2>=0.8"] = report["efficiency_2"] >= 0.8
    worker_rss = [v for k, c in report.items() if k.startswith("cluster_") for v in c["peak_rss_mb_per_worker"]]
    if worker_rss:
        goals["rss_per_worker<=500MB"] = max(worker_rss) <= 500
    report["goals"] = goals
    print("  goals: " + ", ".join(f"{g} {'OK' if ok else 'MISSED'}" for g, ok in goals.items()))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
