"""Train floret static vectors for the NER model on SaudiNewsNet (unlabeled, CC BY-NC-SA 4.0).

The text goes through the same steps the pipeline applies (`clean`, then `canonical_key` as the NER
token norm, then `TOKEN_RE` tokens), so vector keys and the model's NORM attribute agree.
The output is a spaCy vectors folder (`spacy init vectors --mode floret --attr NORM`).

    python scripts/train_vectors.py ../shared/data/news/saudinewsnet_unlabeled.jsonl.gz build/vectors
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
from pathlib import Path

from rasd.text.clean import clean
from rasd.text.keys import canonical_key
from rasd.text.segment import TOKEN_RE


def write_corpus(src: Path, out: Path, limit: int | None = None) -> int:
    """One folded, space-tokenized line per paragraph; returns the token count."""
    n_tokens = 0
    with gzip.open(src, "rt", encoding="utf-8") as fin, out.open("w", encoding="utf-8") as fout:
        for i, line in enumerate(fin):
            if limit is not None and i >= limit:
                break
            art = json.loads(line)
            text = canonical_key(clean(f"{art.get('title') or ''}\n{art.get('text') or ''}").text)
            for para in text.split("\n"):
                toks = TOKEN_RE.findall(para)
                if len(toks) >= 3:
                    fout.write(" ".join(toks) + "\n")
                    n_tokens += len(toks)
    return n_tokens


def train(corpus: Path, out_dir: Path, *, dim: int, bucket: int, epoch: int, threads: int) -> Path:
    """Train floret (cbow; one thread makes the run reproducible) and write the .floret table."""
    import floret

    model = floret.train_unsupervised(
        str(corpus), model="cbow", mode="floret", hashCount=2, bucket=bucket, dim=dim,
        minn=3, maxn=5, minCount=5, epoch=epoch, thread=threads, verbose=0,
    )
    vec_file = out_dir / "vectors.floret"
    model.save_floret_vectors(str(vec_file))
    return vec_file


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("src", type=Path)
    ap.add_argument("out", type=Path, help="output folder (spaCy vectors pipeline in OUT/spacy)")
    ap.add_argument("--dim", type=int, default=64)
    ap.add_argument("--bucket", type=int, default=50_000)
    ap.add_argument("--epoch", type=int, default=5)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    corpus = args.out / "corpus.txt"
    n = write_corpus(args.src, corpus, args.limit)
    print(f"corpus: {n:,} tokens -> {corpus}", file=sys.stderr)
    vec_file = train(corpus, args.out, dim=args.dim, bucket=args.bucket, epoch=args.epoch, threads=args.threads)
    subprocess.run(
        [sys.executable, "-m", "spacy", "init", "vectors", "ar", str(vec_file), str(args.out / "spacy"),
         "--mode", "floret", "--attr", "NORM", "--name", "rasd_floret_snn"],
        check=True,
    )
    corpus.unlink()


if __name__ == "__main__":
    main()
