"""Speed of the events component alone, and of the whole pipeline, on dev news articles.

Run: .venv/bin/python bench/events.py [N]   (prints ms/article for events and articles/s end to end)
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from rasd.article import Article
from rasd.extract.events import find_events
from rasd.pipeline import shared

NEWS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "news" / "saudinewsnet_syria_sample.jsonl"


def main(n: int = 100) -> None:
    rows = [json.loads(line) for line in NEWS.open(encoding="utf-8")]
    dev = [r for r in rows if r.get("split") == "dev"][:n]
    pipeline = shared()
    docs, t0 = [], time.perf_counter()
    for r in dev:
        art = Article.build(r["text"], title=r.get("title"), published=r.get("date"), id=r["id"])
        doc = pipeline.make_doc(art)
        for _, component in pipeline.nlp.pipeline:
            doc = component(doc)
        docs.append(doc)
    total = time.perf_counter() - t0
    t1 = time.perf_counter()
    events = sum(len(find_events(doc)) for doc in docs)
    ev_time = time.perf_counter() - t1
    chars = sum(len(d.text) for d in docs)
    print(f"articles={len(docs)} chars/article={chars / len(docs):.0f} events={events}")
    print(f"events component: {1000 * ev_time / len(docs):.2f} ms/article")
    print(f"whole pipeline:   {len(docs) / total:.1f} articles/s (one core)")
    long_document(pipeline)


def long_document(pipeline, size: int = 900_000) -> None:
    """Events on one unpunctuated-ish megabyte line (must stay linear: seconds, not minutes)."""
    line = "قصفت طائرات حربية بلدة في ريف إدلب اليوم، ما أدى لمقتل 3 مدنيين بحسب الدفاع المدني. "
    art = Article.build(line * (size // len(line)), published="2019-08-19", id="long")
    doc = pipeline.make_doc(art)
    for name, component in pipeline.nlp.pipeline:
        if name != "rasd_events":
            doc = component(doc)
    t0 = time.perf_counter()
    find_events(doc)
    print(f"events on a {len(doc.text) // 1000}K-char one-line article: {time.perf_counter() - t0:.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
