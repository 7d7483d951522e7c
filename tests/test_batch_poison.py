"""A poison article (one that kills the process analysing it: out of memory, a crash in a library)
is set aside with an E014 error row after two deaths; the rest of its task is stored, and a
re-run does not retry it. The deaths are real: the batch process is SIGKILLed while the article
is in flight, as the kernel's OOM killer or a Dask nanny would do."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.dataset as ds

SENTENCE = ("قالت مصادر محلية في مدينة تعز إن اشتباكات عنيفة اندلعت اليوم بين مسلحين حوثيين وعناصر "
            "المقاومة الشعبية في حي الجحملية، ما أدى إلى مقتل خمسة مسلحين وإصابة آخرين. ")
GOOD = [{"id": f"good-{n}", "text": SENTENCE, "published": "2015-07-20"} for n in range(3)]
POISON = {"id": "poison", "text": SENTENCE * 2_000, "published": "2015-07-20"}  # long enough to be caught in flight


def _batch(shard: Path, out: Path) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "rasd.cli", "batch", str(shard), "--out", str(out), "--workers", "0",
           "--no-progress"]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=os.environ.copy())


def _kill_when_in_flight(proc: subprocess.Popen, folder: Path, index: int, since: float) -> Path:
    """SIGKILL the batch once its note (written by this run, not an earlier one) names `index`."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            note = next(folder.iterdir())
            if note.stat().st_mtime >= since and json.loads(note.read_text(encoding="utf-8")).get("current") == index:
                proc.send_signal(signal.SIGKILL)
                proc.wait(30)
                return note
        except (OSError, ValueError, StopIteration):
            pass
        time.sleep(0.05)
    raise AssertionError(f"the batch never reached article {index} (exit {proc.poll()})")


def test_an_article_that_kills_its_process_is_set_aside(tmp_path):
    shard = tmp_path / "shard.jsonl"
    rows = [GOOD[0], POISON, GOOD[1], GOOD[2]]
    shard.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    for _ in range(2):  # two deaths with the poison in flight
        since = time.time() - 0.01
        note = _kill_when_in_flight(_batch(shard, out), out / "_inflight", 1, since)
    finished = _batch(shard, out)
    assert finished.wait(300) == 0, finished.stderr.read().decode()
    records = {r["article_id"] for r in ds.dataset(out / "records", format="parquet").to_table().to_pylist()}
    errors = {r["article_id"]: r for r in ds.dataset(out / "errors", format="parquet").to_table().to_pylist()}
    assert records == {"good-0", "good-1", "good-2"}
    assert errors["poison"]["code"] == "E014" and not note.exists()
    again = _batch(shard, out)
    assert again.wait(120) == 0 and "poison" not in again.stdout.read().decode()
