"""Build src/rasd/data/wordfreq.tsv.gz: word frequencies of the SaudiNewsNet news corpus.

Usage: python scripts/build_lexicon.py [CORPUS.jsonl.gz] [--min-count N]
Words are taken from the cleaned text (tatweel and diacritics removed, no lexicon needed for
that) and folded the way `rasd.text.lexicon` looks them up.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections import Counter
from pathlib import Path

from rasd.text.chars import ARABIC_LETTERS
from rasd.text.clean import strip_marks
from rasd.text.keys import loose_key

WORD = re.compile(f"[{ARABIC_LETTERS}]+")
DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared/data/news/saudinewsnet_unlabeled.jsonl.gz"
OUT = Path(__file__).resolve().parents[1] / "src/rasd/data/wordfreq.tsv.gz"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--min-count", type=int, default=3)
    args = ap.parse_args()
    freq: Counter[str] = Counter()
    with gzip.open(args.corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            art = json.loads(line)
            text = strip_marks(f"{art.get('title') or ''}\n{art.get('text') or ''}")
            freq.update(loose_key(w) for w in WORD.findall(text))
    rows = sorted((w, n) for w, n in freq.items() if n >= args.min_count)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(OUT, "wb", mtime=0) as raw:
        raw.write("".join(f"{w}\t{n}\n" for w, n in rows).encode("utf-8"))
    print(f"{len(rows)} words (of {len(freq)}) -> {OUT} ({OUT.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
