"""NER corpus handling (label map, retokenization, scoring) and the `rasd evaluate ner` command."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from rasd.cli import app
from rasd.extract.entities import light_stem
from rasd.lexicon import load_table
from rasd.pipeline import model_path
from rasd.training.ner_corpus import bio_spans, convert, map_tag, read_corpus, score
from tests.conftest import shared_path

LABELS = {"PER", "ORG", "GPE", "LOC", "FAC", "NORP", "MISC", "O"}


@pytest.mark.parametrize("row", load_table("ner_label_map"), ids=lambda r: f"{r['corpus']}:{r['tag']}")
def test_label_map_rows(row):
    assert row["label"] in LABELS
    assert row["model"] in {"PER", "ORG", "LOC", "NORP", "MISC", "O"}
    assert row["eval"] in {"PER", "ORG", "LOC", "MISC", "O"}
    assert map_tag(row["corpus"], row["tag"]) == row["model"]


def test_unknown_tag_is_o():
    assert map_tag("newsfane", "No-Such-Type") == "O"


@pytest.mark.parametrize(
    ("tags", "spans"),
    [
        (["B-PER", "I-PER", "O", "B-LOC"], [(0, 2, "PER"), (3, 4, "LOC")]),
        (["I-ORG", "I-ORG", "B-ORG"], [(0, 2, "ORG"), (2, 3, "ORG")]),  # stray I- starts a span
        (["B-PER", "I-LOC"], [(0, 1, "PER"), (1, 2, "LOC")]),
        (["O", "IO", "OO"], []),
    ],
)
def test_bio_spans(tags, spans):
    assert bio_spans(tags) == spans


def test_convert_splits_punctuation_off_entities():
    rows = [["(د", "O"], ["«حماس»", "B-ORG"], ["تهـديدات", "O"]]
    sent = convert(rows, "anercorp")
    assert sent.words == ["(", "د", "«", "حماس", "»", "تهديدات"]
    assert [sent.words[a:b] for a, b, _ in sent.spans] == [["حماس"]]
    assert sent.text == "(د «حماس» تهديدات"


def test_convert_nested_wojood_keeps_the_longest_mapped_span():
    rows = [["اللجنة", "B-OCC", "B-ORG"], ["القومية", "I-OCC", "I-ORG"], ["في", "O"], ["نابلس", "B-GPE"]]
    sent = convert(rows, "wojood")
    assert [(sent.words[a:b], lab) for a, b, lab in sent.spans] == [(["اللجنة", "القومية"], "ORG"), (["نابلس"], "LOC")]


def test_harmonize_adds_anercorp_misc_only_where_untagged():
    rows = [["مليون", "O"], ["دولار", "O"], ["عبد", "B-Politician"], ["الله", "I-Politician"]]
    sent = convert(rows, "newsfane", harmonize=True)
    assert [(sent.words[a:b], lab) for a, b, lab in sent.spans] == [(["دولار"], "MISC"), (["عبد", "الله"], "PER")]
    assert convert(rows, "newsfane").spans == [(2, 4, "PER")]


def test_harmonize_drops_a_head_noun_anercorp_leaves_outside():
    rows = [["بمدينة", "B-GPE"], ["حلب", "I-GPE"], ["و", "O"], ["جامعة", "B-ORG"], ["دمشق", "I-ORG"],
            ["قرية", "B-GPE"]]
    sent = convert(rows, "wojood", drop_heads=True)
    # the head goes, a name made of the head alone stays, heads ANERcorp keeps (جامعة) stay
    assert [(sent.words[a:b], lab) for a, b, lab in sent.spans] == [
        (["حلب"], "LOC"), (["جامعة", "دمشق"], "ORG"), (["قرية"], "LOC")]
    assert convert(rows, "anercorp", drop_heads=True).spans == convert(rows, "anercorp").spans


def test_score_is_exact_span_match():
    gold = [{(0, 5, "PER"), (6, 10, "LOC")}]
    pred = [{(0, 5, "PER"), (6, 9, "LOC"), (11, 12, "ORG")}]
    result = score(gold, pred)
    assert result["micro"] == {"precision": 0.3333, "recall": 0.5, "f1": 0.4, "support": 2}
    assert result["labels"]["PER"]["f1"] == 1.0
    assert result["labels"]["LOC"]["f1"] == 0.0


@pytest.mark.parametrize(
    ("a", "b"), [("والأمم", "الأمم"), ("للأمم", "الأمم"), ("ولافروف", "لافروف"), ("بالجيش", "الجيش")]
)
def test_light_stem_joins_clitic_forms(a, b):
    assert light_stem(a) == light_stem(b)


def test_corpus_tokens_agree_with_the_pipeline_tokenizer():
    path = shared_path("data", "anercorp_camel_reconstructed", "ANERCorp_CamelLab_test.reconstructed.txt")
    sents = read_corpus(path, "anercorp", column="eval")
    source = sum(s.n_source_tokens for s in sents)
    split = sum(s.n_split_tokens for s in sents)
    assert source == 25_008
    assert split / source < 0.01  # corpus tokens that TOKEN_RE splits further (punctuation glued on)


@pytest.mark.skipif(model_path() is None, reason="no NER model built (make model)")
def test_evaluate_ner_cli(tmp_path):
    conll = tmp_path / "t.txt"
    conll.write_text("قال O\nالرئيس O\nفلاديمير B-PERS\nبوتين I-PERS\nفي O\nموسكو B-LOC\n. O\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["evaluate", "ner", "--test", str(conll), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert set(out["micro"]) >= {"precision", "recall", "f1"}
    assert out["tokens_per_s"] > 0
    table = CliRunner().invoke(app, ["evaluate", "ner", "--test", str(conll)])
    assert "micro" in table.output


def test_evaluate_ner_cli_missing_file(tmp_path):
    res = CliRunner().invoke(app, ["evaluate", "ner", "--test", str(tmp_path / "absent.txt")])
    assert res.exit_code == 2
