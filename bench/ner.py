"""NER speed and memory: model load time, tokens/s on one core, the entities component's cost, peak RSS.

Goals: load <= 2 s, >= 20k tokens/s on one core (tok2vec + ner), a few ms per article for the
whole `rasd_entities` step. Text: the first N articles of SaudiNewsNet (unlabeled), cleaned and
tokenized as the pipeline does. Wall and CPU time are both printed: on a shared machine wall
rates fall with other people's load, CPU rates do not.

Usage: python bench/ner.py [--n 300] [--model DIR] [--json out.json]
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import gzip
import json
import resource
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared/data/news/saudinewsnet_unlabeled.jsonl.gz"


def timed(fn):
    """(result, wall seconds, cpu seconds) of fn()."""
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w, time.process_time() - c


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=300, help="articles")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument("--model", type=Path, help="NER model folder (default: the shipped one)")
    args = ap.parse_args()

    import spacy

    from rasd.extract import entities
    from rasd.pipeline import model_path
    from rasd.text.clean import clean
    from rasd.text.tokenizer import RasdTokenizer

    model = args.model or model_path()
    if model is None:
        raise SystemExit("no NER model: run `make model` first")
    size_mb = sum(p.stat().st_size for p in model.rglob("*") if p.is_file()) / 1e6
    nlp, load_wall, _load_cpu = timed(lambda: spacy.load(model))
    nlp.tokenizer = RasdTokenizer(nlp.vocab)

    texts = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
        for line in f:
            art = json.loads(line)
            texts.append(clean(art["text"]).text)
            if len(texts) >= args.n:
                break
    docs = [nlp.make_doc(t) for t in texts]
    n_tokens = sum(len(d) for d in docs)
    pipes = [proc for _, proc in nlp.pipeline]

    def run(doc):  # one article at a time, as rasd.pipeline does
        for proc in pipes:
            doc = proc(doc)
        return doc

    for d in docs[:20]:  # warm-up
        run(d)
    docs = [nlp.make_doc(t) for t in texts]
    _, ner_wall, ner_cpu = timed(lambda: [run(d) for d in docs])
    for d in docs:  # the component reads doc._ lists that the pipeline initialises
        d._.entities = []
    _, _ent_wall, ent_cpu = timed(lambda: [entities.find_entities(d) for d in docs])
    n_ents = sum(len(entities.find_entities(d)) for d in docs[:50])
    figures = {
        "model_mb": round(size_mb, 1),
        "load_s": round(load_wall, 3),
        "articles": len(docs),
        "tokens": n_tokens,
        "ner_tokens_per_s_wall": round(n_tokens / ner_wall),
        "ner_tokens_per_s_cpu": round(n_tokens / ner_cpu),
        "ner_ms_per_article_cpu": round(1000 * ner_cpu / len(docs), 2),
        "ruler_merge_ms_per_article_cpu": round(1000 * ent_cpu / len(docs), 2),
        "entities_per_article_first50": round(n_ents / min(50, len(docs)), 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    for k, v in figures.items():
        print(f"{k:34}{v:>12,}" if isinstance(v, int) else f"{k:34}{v:>12}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
