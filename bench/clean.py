"""Cleaning + sentence/token segmentation throughput (MB/s, one core) on real news text.

Side by side, in the same run, with pyarabic (strip_tatweel + strip_tashkeel + tokenize) and
CAMeL Tools' utilities (normalize_unicode + dediac_ar + simple_word_tokenize) when installed
(`make bench-env` makes a bench-only venv with both; camel-tools goes in with --no-deps).

Usage: python bench/clean.py [--mb 20] [--corpus PATH]
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from collections.abc import Callable
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared/data/news/saudinewsnet_unlabeled.jsonl.gz"


def load_texts(path: Path, mb: float) -> list[str]:
    texts, size = [], 0
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line).get("text") or ""
            texts.append(text)
            size += len(text.encode("utf-8"))
            if size >= mb * 1e6:
                break
    return texts


def rasd_run(texts: list[str]) -> int:
    from rasd.text.clean import clean
    from rasd.text.segment import sentences, token_bounds

    n = 0
    for t in texts:
        c = clean(t)
        n += len(sentences(c.text)) + len(token_bounds(c.text)[0])
    return n


def pyarabic_run(texts: list[str]) -> int:
    from pyarabic import araby

    n = 0
    for t in texts:
        n += len(araby.tokenize(araby.strip_tashkeel(araby.strip_tatweel(t))))
    return n


def camel_run(texts: list[str]) -> int:
    from camel_tools.tokenizers.word import simple_word_tokenize
    from camel_tools.utils.dediac import dediac_ar
    from camel_tools.utils.normalize import normalize_unicode

    n = 0
    for t in texts:
        n += len(simple_word_tokenize(dediac_ar(normalize_unicode(t))))
    return n


def rasd_prepare() -> None:
    """Load what cleaning loads once per process (the word-frequency lexicon), outside the timing."""
    from rasd.text import lexicon

    t0 = time.process_time()
    lexicon.counts()
    print(f"{'':<10} (rasd's word lexicon loaded once per process in {time.process_time() - t0:.2f} s, not timed)")


def measure(name: str, fn: Callable[[list[str]], int], texts: list[str], mb: float) -> float | None:
    try:
        if fn is rasd_run:
            rasd_prepare()
        fn(texts[:5])
    except ImportError as exc:
        print(f"{name:<10} not installed ({exc.name}); run `make bench-env`")
        return None
    t0 = time.process_time()
    fn(texts)
    dt = time.process_time() - t0
    print(f"{name:<10} {mb / dt:7.1f} MB/s  ({dt:.2f} s of CPU time)")
    return mb / dt


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=20.0)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    args = ap.parse_args()
    texts = load_texts(args.corpus, args.mb)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"{len(texts)} articles, {mb:.1f} MB of UTF-8 text")
    ours = measure("rasd", rasd_run, texts, mb)
    others = [measure("pyarabic", pyarabic_run, texts, mb), measure("camel", camel_run, texts, mb)]
    best = max((x for x in others if x), default=None)
    if ours and best:
        print(f"rasd / fastest other = {ours / best:.2f}x (goal >= 2x and >= 20 MB/s)")


if __name__ == "__main__":
    main()
