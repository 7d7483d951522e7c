"""Coverage-guided fuzzing of cleaning and of the input paths (HTML, text bytes, JSON lines), bounded in time.

Targets (each runs in its own process; the time is split between them):
  clean  str -> `rasd.text.clean.clean`: no exception, canonical text free of tatweel/diacritics/
         invisible characters, every canonical span maps inside the original, `cleaned[]` items
         point at the original text, cleaning the canonical text changes nothing more.
  html   bytes -> `article_from_bytes(name=*.html)` and `article_from_page`: an `Article` or a
         `RasdError` (the per-item error), never anything else; the article's text cleans.
  bytes  bytes -> `article_from_bytes` of a .txt file (encoding detection, binary refusal).
  jsonl  bytes -> `article_from_json_line`: an `Article` or a `RasdError`, never an exception.

Engine: atheris (libFuzzer, `pip install -e .[fuzz]`) when it imports, else hypothesis. A crash is
recorded (input + traceback under bench/out/fuzz/crashes/) and fuzzing goes on; a hang over
--timeout seconds is reported by libFuzzer as a timeout. Seeds: the example article and a few
hand-written hostile pages, mutated by the fuzzer.

Usage: python bench/fuzz.py [--seconds 60] [--targets clean,html,bytes,jsonl] [--engine atheris|hypothesis]
Prints, per target: inputs tried, exec/s, crashes (new distinct ones), and writes bench/out/fuzz/summary.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out" / "fuzz"
SEED_ARTICLE = ROOT.parent / "shared" / "examples" / "seed" / "article.txt"
TARGETS = ("clean", "html", "bytes", "jsonl")
MAX_LEN = {"clean": 4096, "html": 16384, "bytes": 8192, "jsonl": 4096}

SEEDS_TEXT = [
    "قال بوتين إن الإرهـ.ابيين في إدلب “يهاجمون” قاعدة حميميم.",
    "الإرهـــــابيين ﻻ ﷲ ٣٥ ک ی \u200b\u200f\u202e نص\u064b\u0651 ـ*ـ ت.ه.د.ي.د",
    "سببه.وقال المصدر: «لا» — “نعم” \"ربما\"",
    "\x00\ufeff\ud800 مرحبا \U0001d54f 🙂 \r\n\t",
]
SEEDS_HTML = [
    "<html><head><title>عنوان</title><meta property='article:published_time' content='2019-08-20'></head>"
    "<body><article><h1>عنوان</h1><p>قصفت طائرات حربية بلدة كفرنبل في ريف إدلب.</p></article></body></html>",
    "<!doctype html><html><body>" + "<div>" * 50 + "<p>نص</p>" + "</div>" * 50 + "</body></html>",
    "<html><body><script>alert(1)</script><p>نص<br><table><tr><td>خلية</td></tr></table></p></body></html>",
    "<?xml version='1.0' encoding='windows-1256'?><html><body><p>\u0646\u0635</p></body></html>",
]
SEEDS_JSONL = [
    json.dumps({"id": "a", "text": "قصفت طائرات بلدة في إدلب.", "published": "2019-08-20"}, ensure_ascii=False),
    '{"text": "\\ud800", "title": 1, "published": "not a date", "url": []}',
    '{"id": null, "text": "", "title": "عنوان فقط", "date": "2019-13-45"}',
]


# --- the targets: each raises only on a real defect --------------------------------------------

def check_clean(text: str) -> None:
    from rasd.text.chars import DIACRITICS, INVISIBLE, TATWEEL
    from rasd.text.clean import clean

    ct = clean(text)
    assert ct.original == text
    leftover = re.search(f"[{TATWEEL}{DIACRITICS}{INVISIBLE}]", ct.text)
    assert leftover is None, f"canonical text keeps {leftover.group()!r}"
    n, m = len(ct.text), len(text)
    step = max(1, n // 50)
    for i in range(0, n + 1, step):
        for j in (i, min(n, i + 1), min(n, i + 7), n):
            s, e = ct.span(i, j)
            assert 0 <= s <= e <= m, (i, j, s, e)
    for item in ct.cleaned:
        assert 0 <= item["start"] <= item["end"] <= m, item
    clean(ct.text)  # the canonical text is valid input too


def check_html(data: bytes) -> None:
    from rasd.errors import RasdError
    from rasd.ingest.pages import article_from_bytes, article_from_page

    for call in (lambda: article_from_bytes(data, name="fuzz.html"),
                 lambda: article_from_page(data, "http://fuzz.example/a")):
        try:
            article = call()
        except RasdError:
            continue
        assert isinstance(article.text, str)
        check_clean(article.text[:20_000])


def check_bytes(data: bytes) -> None:
    from rasd.errors import RasdError
    from rasd.ingest.pages import article_from_bytes

    try:
        article = article_from_bytes(data, name="fuzz.txt")
    except RasdError:
        return
    assert isinstance(article.text, str) and article.id


def check_jsonl(data: bytes) -> None:
    from rasd.article import Article
    from rasd.errors import RasdError
    from rasd.ingest.files import article_from_json_line

    item = article_from_json_line(data, where="fuzz.jsonl:1")
    assert isinstance(item, Article | RasdError), type(item)


def as_text(data: bytes) -> str:
    """Fuzzer bytes as a str: UTF-8, invalid bytes as lone surrogates (JSON input can carry them too)."""
    return data.decode("utf-8", "surrogateescape")


CHECKS = {"clean": lambda d: check_clean(as_text(d)), "html": check_html, "bytes": check_bytes, "jsonl": check_jsonl}


def seeds(target: str) -> list[bytes]:
    text = SEED_ARTICLE.read_text(encoding="utf-8") if SEED_ARTICLE.exists() else ""
    if target == "clean":
        return [s.encode("utf-8", "surrogatepass") for s in [*SEEDS_TEXT, text[:3000]]]
    if target == "html":
        return [s.encode() for s in SEEDS_HTML] + [SEEDS_HTML[0].encode("cp1256"), SEEDS_HTML[0].encode("utf-16-le")]
    if target == "bytes":
        return [text[:3000].encode(), text[:2000].encode("cp1256", "replace"), text[:1000].encode("utf-16-le"),
                b"\x00\x01\x02" * 30]
    return [s.encode("utf-8", "surrogatepass") for s in SEEDS_JSONL]


# --- recording ---------------------------------------------------------------------------------

class Recorder:
    """Runs one check, keeps a count, and records each distinct crash (by the raising line)."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.runs = 0
        self.crashes: dict[str, str] = {}
        (OUT / "crashes").mkdir(parents=True, exist_ok=True)

    def __call__(self, data: bytes) -> None:
        self.runs += 1
        try:
            CHECKS[self.target](data)
        except Exception as exc:
            tb = traceback.extract_tb(exc.__traceback__)
            where = f"{type(exc).__name__} at {tb[-1].filename}:{tb[-1].lineno}" if tb else type(exc).__name__
            if where in self.crashes:
                return
            digest = hashlib.sha1(data).hexdigest()[:12]
            stem = OUT / "crashes" / f"{self.target}-{digest}"
            stem.with_suffix(".bin").write_bytes(data)
            stem.with_suffix(".txt").write_text(where + "\n\n" + traceback.format_exc(), encoding="utf-8")
            self.crashes[where] = stem.name
            print(f"\nCRASH {self.target}: {where} -> {stem}.bin", file=sys.stderr, flush=True)

    def save(self, seconds: float, engine: str) -> None:
        stats = {"target": self.target, "engine": engine, "runs": self.runs, "seconds": round(seconds, 1),
                 "crashes": self.crashes}
        (OUT / f"{self.target}.json").write_text(json.dumps(stats, indent=1), encoding="utf-8")


# --- engines ----------------------------------------------------------------------------------

def run_atheris(target: str, seconds: float, timeout: int) -> None:
    import atheris

    with atheris.instrument_imports(include=["rasd"]):
        import rasd.ingest.fetch
        import rasd.ingest.files
        import rasd.text.clean  # noqa: F401
    recorder = Recorder(target)
    corpus = Path(tempfile.mkdtemp(prefix=f"rasd-fuzz-{target}-"))
    for i, seed in enumerate(seeds(target)):
        (corpus / f"seed{i}").write_bytes(seed)
    started = time.monotonic()

    def one_input(data: bytes) -> None:
        recorder(data)
        if recorder.runs % 200 == 0:
            recorder.save(time.monotonic() - started, "atheris")

    import atexit

    atexit.register(lambda: recorder.save(time.monotonic() - started, "atheris"))
    args = [sys.argv[0], str(corpus), f"-max_total_time={int(seconds)}", f"-timeout={timeout}",
            f"-max_len={MAX_LEN[target]}", "-rss_limit_mb=3000", "-print_final_stats=1"]
    atheris.Setup(args, one_input)
    atheris.Fuzz()


def run_hypothesis(target: str, seconds: float) -> None:
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st

    recorder = Recorder(target)
    pieces = st.sampled_from(seeds(target))
    data = st.one_of(st.binary(max_size=MAX_LEN[target]), st.text(max_size=2000).map(lambda t: t.encode("utf-8",
                     "surrogatepass")), st.tuples(pieces, st.binary(max_size=64), st.integers(0, 4000)).map(
                     lambda t: t[0][: t[2]] + t[1] + t[0][t[2]:]))
    started = time.monotonic()

    @settings(max_examples=500, deadline=None, phases=[Phase.generate], database=None,
              suppress_health_check=list(HealthCheck))
    @given(data)
    def batch(blob: bytes) -> None:
        if time.monotonic() - started < seconds:
            recorder(blob)

    while time.monotonic() - started < seconds:
        batch()
    recorder.save(time.monotonic() - started, "hypothesis")


# --- driver -----------------------------------------------------------------------------------

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=60, help="total fuzzing time, split between the targets")
    ap.add_argument("--targets", default=",".join(TARGETS))
    ap.add_argument("--engine", choices=["atheris", "hypothesis"], default=None)
    ap.add_argument("--timeout", type=int, default=20, help="seconds one input may take before it is a hang")
    ap.add_argument("--worker", choices=TARGETS, help=argparse.SUPPRESS)
    args = ap.parse_args()
    engine = args.engine
    if engine is None:
        try:
            import atheris  # noqa: F401

            engine = "atheris"
        except ImportError:
            engine = "hypothesis"
    if args.worker:
        if engine == "atheris":
            run_atheris(args.worker, args.seconds, args.timeout)
        else:
            run_hypothesis(args.worker, args.seconds)
        return

    targets = [t for t in args.targets.split(",") if t]
    share = max(5.0, args.seconds / len(targets))
    results = []
    for target in targets:
        (OUT / f"{target}.json").unlink(missing_ok=True)
        cmd = [sys.executable, __file__, "--worker", target, "--seconds", str(share), "--engine", engine,
               "--timeout", str(args.timeout)]
        env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
        t0 = time.monotonic()
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=share + args.timeout + 120)
        elapsed = time.monotonic() - t0
        stats_file = OUT / f"{target}.json"
        stats = json.loads(stats_file.read_text()) if stats_file.exists() else {"runs": 0, "crashes": {}}
        executed = re.search(r"stat::number_of_executed_units:\s*(\d+)", proc.stderr)
        if executed:  # libFuzzer's own count (the recorder saves every 200 runs)
            stats["runs"] = max(stats["runs"], int(executed.group(1)))
        hang = re.search(r"ERROR: libFuzzer: (timeout|out-of-memory|deadly signal)", proc.stderr)
        if hang:
            stats["crashes"][f"libFuzzer {hang.group(1)}"] = "see the crash-* file libFuzzer wrote"
            (OUT / f"{target}.log").write_text(proc.stderr[-20000:], encoding="utf-8")
        results.append({"target": target, "engine": engine, "inputs": stats["runs"], "seconds": round(elapsed, 1),
                        "per_s": round(stats["runs"] / max(elapsed, 1e-9), 1), "crashes": stats["crashes"]})
        print(f"{target:6} {engine:10} inputs {stats['runs']:>8,}  {results[-1]['per_s']:>8,.1f}/s  "
              f"crashes {len(stats['crashes'])}  {list(stats['crashes'])}", flush=True)
    total = sum(r["inputs"] for r in results)
    crashes = sum(len(r["crashes"]) for r in results)
    print(f"total  inputs {total:,}  distinct crashes {crashes}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "summary.json").write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
