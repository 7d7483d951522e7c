"""Run every benchmark script in bench/ (each engineer adds theirs), one after another.

Each `bench/*.py` (except this one and `_`-prefixed helpers) runs with this Python, at low CPU
priority, with a time limit; its output is shown as it comes and a summary lists what failed.

Usage: python bench/run_all.py [--only e2e,clean] [--timeout 1800] [-- args passed to every script]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def scripts(only: set[str] | None) -> list[Path]:
    found = sorted(p for p in HERE.glob("*.py") if p.name != Path(__file__).name and not p.name.startswith("_"))
    return [p for p in found if not only or p.stem in only]


def main() -> int:
    ap = argparse.ArgumentParser(description="Run every bench/*.py script.")
    ap.add_argument("--only", help="comma-separated script names (without .py)")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds allowed per script")
    ap.add_argument("extra", nargs="*", help="arguments given to every script (after --)")
    args = ap.parse_args()
    only = {s.strip() for s in args.only.split(",")} if args.only else None
    failed = []
    for script in scripts(only):
        print(f"=== {script.name}", flush=True)
        started = time.perf_counter()
        try:
            code = subprocess.run(
                [sys.executable, str(script), *args.extra], timeout=args.timeout, cwd=HERE.parent,
                preexec_fn=lambda: os.nice(10),
            ).returncode
        except subprocess.TimeoutExpired:
            code = "timeout"
        status = "ok" if code == 0 else f"FAILED ({code})"
        print(f"=== {script.name}: {status} in {time.perf_counter() - started:.0f} s", flush=True)
        if code != 0:
            failed.append(script.name)
    if failed:
        print("failed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
