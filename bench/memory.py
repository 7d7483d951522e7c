"""Peak memory and time of one analysis by input size: real text of 100k, 300k and 1M characters,
and 400k characters of punctuation (the worst case per character).

Each case runs in a fresh process (peak RSS = VmHWM of that process, pipeline loading included),
so the figures are what `rasd analyze` on that single input costs. Real text is SaudiNewsNet
articles joined with blank lines.

Usage: python bench/memory.py [--src PATH_TO_SRC]   (--src: measure another checkout, e.g. the previous release)
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared/data/news/saudinewsnet_unlabeled.jsonl.gz"
CHILD = r"""
import json, sys, time
from rasd.article import Article
from rasd.errors import RasdError
from rasd.pipeline import Pipeline
text = open(sys.argv[1], encoding="utf-8").read()
p = Pipeline(time_limit=None)
t0 = time.process_time()
try:
    rec = p.analyze(Article.build(text, id="bench", published="2015-07-20"))
    outcome = f"{len(rec['entities'])} entities, {len(rec['events'])} events"
except RasdError as err:
    outcome = err.code + " " + err.detail[:60]
cpu = time.process_time() - t0
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM"))
print(json.dumps({"cpu_s": round(cpu, 1), "peak_mb": round(hwm / 1024), "outcome": outcome}))
"""


def real_text(chars: int) -> str:
    parts, total = [], 0
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line)["text"]
            parts.append(text)
            total += len(text) + 2
            if total >= chars:
                break
    return "\n\n".join(parts)[:chars]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--src", type=Path, default=Path(__file__).resolve().parents[1] / "src")
    args = ap.parse_args()
    cases = {f"real {n // 1000}k chars": real_text(n) for n in (100_000, 300_000, 1_000_000)}
    cases["punctuation 400k chars"] = "(" * 400_000
    env = {**os.environ, "PYTHONPATH": str(args.src)}
    print(f"src: {args.src}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in cases.items():
            path = Path(tmp) / "in.txt"
            path.write_text(text, encoding="utf-8")
            out = subprocess.run([sys.executable, "-c", CHILD, str(path)], env=env, capture_output=True, text=True)
            result = json.loads(out.stdout) if out.returncode == 0 else {"error": out.stderr.strip()[-200:]}
            print(f"{name:24s} {result}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
