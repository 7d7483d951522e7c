"""Casualty reading through the real pipeline components (times -> numbers -> casualties)."""

from __future__ import annotations

import pytest

from rasd.article import Article
from rasd.extract.casualties import patterns
from rasd.lexicon import load_table, variants
from rasd.text.keys import phrase_key

CASES = [
    ("ما أدى لمقتل 3 مدنيين وإصابة 12 آخرين", [("killed", 3, "civilians"), ("injured", 12, None)]),
    ("سقوط 27 قتيلاً في انفجار", [("killed", 27, None)]),
    ("ارتفاع حصيلة القتلى إلى 31 شخصا", [("killed", 31, None)]),
    ("قتل خمسة جنود أتراك", [("killed", 5, "soldiers")]),
    ("لقي مصرعه طفل في القصف ومصرع طفلين آخرين", [("killed", 2, "children")]),
    ("إضافة لنزوح نحو مليون مدني", [("displaced", 1000000, "civilians")]),
    ("أسر المقاتلون سبعة جنود", [("captured", 7, "soldiers")]),
    ("فقدان 4 صحفيين في المنطقة", [("missing", 4, None)]),
    ("قال شهود إن أكثر من 27 شخصا قتلوا", [("killed", 27, None)]),
    ("وأصيب العشرات بجروح", [("injured", 10, None)]),
    ("مقتل مدني برصاص قناص", [("killed", 1, "civilians")]),
    ("وسقوط قتلى وجرحى", [("killed", None, None), ("injured", None, None)]),
    ("أسفر القصف عن مقتل 8 أطفال و3 نساء", [("killed", 8, "children")]),
    ("نزح 5 آلاف نازح من القرى", [("displaced", 5000, None)]),
    ("أعلنت الشرطة اعتقال 12 مسلحا", [("captured", 12, "fighters")]),
    # The trigger before the number wins over a coordinated verb of the next clause.
    ("قتل خمسة مدنيين وأصيب 9 آخرون في الغارة", [("killed", 5, "civilians"), ("injured", 9, None)]),
    ("قتل 18 شخصا وأصيب العشرات بجروح", [("killed", 18, None), ("injured", 10, None)]),
    ("وقال سكان إن 27 شخصًا على الاقل قتلوا في الغارة", [("killed", 27, None)]),
    # Coordinated figures keep the kind of the first ("و3 نساء"، "و9 من المقاتلين").
    ("أسفر القصف عن مقتل 8 أطفال و3 نساء", [("killed", 8, "children"), ("killed", 3, "women")]),
    ("مقتل 25 من عناصر التنظيم و9 من المقاتلين الأكراد", [("killed", 25, "fighters"), ("killed", 9, "fighters")]),
    # Duals and singular counted nouns carry their count.
    ("قتيلان في قصف على البلدة", [("killed", 2, None)]),
    ("مقتل عضوين في الحركة", [("killed", 2, "fighters")]),
    ("مقتل جنديين في الهجوم", [("killed", 2, "soldiers")]),
    ("قتل عضوا في التنظيم", [("killed", 1, "fighters")]),
    ("مصرع طفل في القصف", [("killed", 1, "children")]),
    ("لقي طفل مصرعه في القصف", [("killed", 1, None)]),
    ("وأصيب جريحان في الانفجار", [("injured", 2, None)]),
    # The victim named as the subject died with the others: one more.
    ("وقال إن المراسل قتل مع ثلاثة عناصر آخرين في الحي", [("killed", 4, "fighters")]),
]


def casualties_of(pipeline, text: str) -> list[dict]:
    doc = pipeline.make_doc(Article.build(text, published="2019-08-19", detect_title=False))
    for name, component in pipeline.nlp.pipeline:
        if name in ("rasd_times", "rasd_numbers"):
            doc = component(doc)
    return doc._.casualties


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:25] for c in CASES])
def test_casualties(pipeline, text, expected):
    got = [(c["kind"], c["count"], c["who"]) for c in casualties_of(pipeline, text)]
    for item in expected:
        assert item in got, f"{item} not in {got}"


def test_quantity_links(pipeline):
    doc = pipeline.make_doc(Article.build("ما أدى لمقتل 3 مدنيين", published="2019-08-19", detect_title=False))
    for name, component in pipeline.nlp.pipeline:
        if name in ("rasd_times", "rasd_numbers"):
            doc = component(doc)
    (cas,) = doc._.casualties
    (qty,) = doc._.quantities
    assert cas["quantity"] == qty["id"] and doc.text[cas["start"] : cas["end"]] == "مقتل 3 مدنيين"


@pytest.mark.parametrize("row", load_table("casualty_patterns"), ids=lambda r: f"{r['value']}-{r['position']}")
def test_table_rows_compile(row):
    """Every form of the table is reachable in the compiled matcher."""
    table = patterns()[row["position"]]
    for form in variants(row["forms"]):
        first = form.split()[0]
        assert phrase_key(first) in table, form


def test_boilerplate_is_skipped(pipeline):
    text = "عنوان الخبر\n\nقصف على البلدة.\nاقرأ أيضاً: مقتل 30 مدنيا في غارة على إدلب\n"
    assert casualties_of(pipeline, text) == []
