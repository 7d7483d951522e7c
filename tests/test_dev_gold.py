"""scripts/dev_gold.py: the committed dev gold form holds offsets, not article text, and `build`
gives the hand-made gold back exactly. The article and its gold are written here (no corpus text)."""

from __future__ import annotations

import gzip
import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _load():
    spec = importlib.util.spec_from_file_location("rasd_dev_gold", ROOT / "scripts" / "dev_gold.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


DG = _load()

TITLE = "مصدر أمني: مقتل حارسين في هجوم على نقطة تفتيش قرب الميناء"
BODY = ("قال مصدر أمني اليوم الأحد إن مسلحين مجهولين هاجموا نقطة تفتيش قرب ميناء المدينة، "
        "ما أدى إلى مقتل حارسين وإصابة ثلاثة آخرين.\n"
        "وأضاف المصدر: «نحن نلاحق المهاجمين ولن نسمح بتكرار ما جرى».\n"
        "رابط الخبر: مصدر أمني: مقتل حارسين")
ARTICLE = {"id": "snnu-test00000001", "source": "testpaper", "url": "http://example.invalid/1",
           "date": "2015-08-02 10:00:00", "title": TITLE + " ", "text": BODY}
GOLD = {
    "id": "snnu-test00000001",
    "published": "2015-08-02",
    "source": "testpaper",
    "title": TITLE,
    "quotes": [
        {"kind": "headline", "speaker": ["مصدر أمني"], "contains": "مقتل حارسين في هجوم", "stance": ["neutral"]},
        {"kind": "direct", "speaker": ["المصدر", "مصدر أمني"], "contains": "نحن نلاحق المهاجمين", "cue": "وأضاف",
         "stance": ["neutral"]},
        # typed with أ and without the comma: stored as a span plus the differing characters
        {"kind": "indirect", "speaker": ["مصدر امني"],
         "contains": "مسلحين مجهولين هاجموا نقطة تفتيش قرب ميناء المدينة ما أدى", "cue": "قال", "stance": ["neutral"]},
    ],
    "times": [{"text": "اليوم الأحد", "value": "2015-08-02"}],
    "places": [{"text": "الميناء", "lat": 12.8, "lon": 45.0, "tolerance_km": 10, "optional": True}],
    "events": [{"event_type": "Battles", "sub_event_type": "Armed clash", "date": "2015-08-02",
                "location_text_any": ["ميناء المدينة"], "admin1_any": ["Aden"], "actor1_any": ["مسلحين مجهولين"],
                "actor2_any": ["حارسين", "قوات الأمن"], "fatalities": 2, "injured": 3, "source_any": ["مصدر أمني"],
                "note": "an alias not in the text stays as written; the attack is dated by 'اليوم الأحد'"}],
    "boilerplate": [{"text": "رابط الخبر: مصدر أمني: مقتل حارسين", "kind": "link"}],
}


@pytest.fixture()
def shared(tmp_path: Path) -> Path:
    news = tmp_path / "shared" / "data" / "news"
    news.mkdir(parents=True)
    with gzip.open(news / "saudinewsnet_unlabeled.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "snnu-other", "source": "x", "url": None, "date": "2015-08-01",
                             "title": "عنوان آخر", "text": "نص آخر."}, ensure_ascii=False) + "\n")
        fh.write(json.dumps(ARTICLE, ensure_ascii=False) + "\n")
    return tmp_path / "shared"


def test_pack_then_build_gives_the_gold_back(tmp_path: Path, shared: Path):
    src = tmp_path / "gold"
    src.mkdir()
    (src / "snnu-test00000001.json").write_text(json.dumps(GOLD, ensure_ascii=False, indent=1), encoding="utf-8")
    assert DG.main(["pack", str(src), str(tmp_path / "dev" / "regional"), "--shared", str(shared)]) == 0

    packed_file = tmp_path / "dev" / "regional" / "snnu-test00000001.json"
    packed_raw = packed_file.read_text(encoding="utf-8")
    # no stretch of the article is left in the committed form
    for copied in ("نحن نلاحق المهاجمين", "مقتل حارسين", "اليوم الأحد", "مسلحين مجهولين", "رابط الخبر", "ميناء"):
        assert copied not in packed_raw
    packed = json.loads(packed_raw)
    assert packed["title"] == {"span": [0, len(TITLE)]}
    assert packed["quotes"][2]["contains"]["edit"]  # the near-verbatim quote: span + edit
    assert packed["events"][0]["actor2_any"][1] == "قوات الأمن"  # not in the text: kept
    assert packed["events"][0]["date"] == "2015-08-02" and packed["times"][0]["value"] == "2015-08-02"
    note = packed["events"][0]["note"]  # the note keeps its words, the article words it cites become spans
    assert note["template"].endswith("dated by '⟦0⟧'") and len(note["spans"]) == 1

    assert DG.main(["build", str(tmp_path / "build"), "--dev", str(tmp_path / "dev"), "--shared", str(shared)]) == 0
    rebuilt = json.loads((tmp_path / "build" / "regional" / "snnu-test00000001.json").read_text(encoding="utf-8"))
    assert rebuilt == GOLD
    lines = (tmp_path / "build" / "regional" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(x) for x in lines] == [{"id": ARTICLE["id"], "text": BODY, "title": ARTICLE["title"],
                                               "source": "testpaper", "url": ARTICLE["url"], "published": "2015-08-02"}]


def test_spans_point_into_the_text_rasd_analyses(shared: Path):
    from rasd.ingest.files import article_from_dict

    text = DG.record_text(ARTICLE)
    assert text == article_from_dict(ARTICLE).text == TITLE + "\n\n" + BODY


def test_a_changed_corpus_text_fails_loudly(tmp_path: Path, shared: Path):
    text = DG.record_text(ARTICLE)
    packed, _ = DG.pack_gold(GOLD, text)
    with pytest.raises(DG.DevGoldError, match="record text differs"):
        DG.unpack_gold(packed, text.replace("حارسين", "حارسان"))


def test_a_missing_article_is_an_error_not_a_skip(tmp_path: Path, shared: Path, capsys):
    dev = tmp_path / "dev" / "syria"
    dev.mkdir(parents=True)
    (dev / "snnu-absent.json").write_text(json.dumps({"id": "snnu-absent", "_text": {"sha256": "0"}}), encoding="utf-8")
    assert DG.main(["build", str(tmp_path / "out"), "--dev", str(tmp_path / "dev"), "--shared", str(shared)]) == 1
    assert "not found" in capsys.readouterr().err
