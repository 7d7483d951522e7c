"""Cost is bounded by work: the model reads sentence windows, and texts no article resembles are refused."""

from __future__ import annotations

import itertools

import pytest

import rasd.pipeline as pipeline_module
from rasd.article import Article
from rasd.errors import RasdError

TEXT = ("قال وزير الداخلية اليمني حسين عرب إن قوات الأمن اعتقلت ثلاثة مسلحين في عدن. "
        "وأضاف أن الشرطة العراقية في بغداد تبادلت المعلومات مع الأجهزة الأمنية في عمان. "
        "وأكد الرئيس عبد ربه منصور هادي أن الحكومة ستعود إلى صنعاء قريبا. ") * 20


def _entities(pipeline, text: str) -> list[tuple[int, int, str]]:
    rec = pipeline.analyze(Article.build(text, id="w", published="2015-07-20"))
    return [(e["start"], e["end"], e["label"]) for e in rec["entities"]]


def test_windows_of_sentences_find_the_same_entities(pipeline, monkeypatch):
    whole = _entities(pipeline, TEXT)
    monkeypatch.setattr(pipeline_module, "NER_WINDOW", 40)  # a few sentences a window
    windowed = _entities(pipeline, TEXT)
    assert whole and windowed == whole


def test_windows_cover_every_token_once(pipeline):
    doc = pipeline.make_doc(Article.build(TEXT, id="w"))
    ranges = list(pipeline_module._windows(doc, 50))
    assert ranges[0][0] == 0 and ranges[-1][1] == len(doc)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(ranges))
    assert all(0 < end - start <= 50 for start, end in ranges)


@pytest.mark.parametrize(("text", "why"), [("(" * 300_000, "tokens > limit"), ("( ، " * 4_000, "punctuation")])
def test_texts_no_article_resembles_are_refused_fast(pipeline, text, why):
    with pytest.raises(RasdError) as err:
        pipeline.analyze(Article.build(text, id="hostile"))
    assert err.value.code == "E003" and why in err.value.message
