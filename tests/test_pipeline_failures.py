"""A failing component is reported once, by the pipeline, as a numbered warning naming it; the
components declare what they read and write, and spaCy's analysis of the pipeline finds no problem."""

from __future__ import annotations

import json

import pytest
from spacy.language import Language
from typer.testing import CliRunner

from rasd.article import Article
from rasd.extract.base import FAILURE_CODES
from rasd.pipeline import COMPONENTS, shared
from rasd.validate import problems

TEXT = ("قصفت طائرات حربية بلدة كفرنبل في ريف إدلب يوم الأحد، ما أدى إلى مقتل أربعة مدنيين.\n"
        'وقال مسؤول محلي إن "القصف استهدف سوقا شعبية".')


@Language.component("rasd_test_raises")
def _raises(doc):
    raise RuntimeError("boom from a test component")


@Language.component("rasd_test_partial")
def _partial(doc):
    doc._.times.append({"id": "t99", "start": 0, "end": 1, "text": "x"})  # partial output, then a failure
    raise ValueError("half done")


def test_components_declare_requires_and_assigns_and_analyze_pipes_finds_no_problem():
    nlp = shared().nlp
    analysis = nlp.analyze_pipes(pretty=False)
    assert all(not found for found in analysis["problems"].values()), analysis["problems"]
    for name in COMPONENTS:
        assert analysis["summary"][name]["assigns"], name
    assert "doc._.places" in analysis["summary"]["rasd_events"]["requires"]


@pytest.mark.parametrize("name", COMPONENTS)
def test_a_component_that_raises_is_a_numbered_warning_naming_it(name):
    pipeline = shared()
    nlp = pipeline.nlp
    nlp.replace_pipe(name, "rasd_test_raises")
    try:
        rec = pipeline.analyze(Article.build(TEXT, id="fails", published="2019-08-18"))
    finally:
        nlp.replace_pipe(name, name)
    code = FAILURE_CODES[name]
    failed = [w for w in rec["warnings"] if w.startswith(code)]
    assert failed == [f"{code} {name} failed: RuntimeError: boom from a test component"]
    assert problems(rec) == []  # the record is still valid
    ok = pipeline.analyze(Article.build(TEXT, id="ok", published="2019-08-18"))
    assert not [w for w in ok["warnings"] if w.startswith("W1")] and ok["events"] and ok["places"]


def test_a_failed_component_leaves_no_partial_output():
    pipeline = shared()
    pipeline.nlp.replace_pipe("rasd_times", "rasd_test_partial")
    try:
        rec = pipeline.analyze(Article.build(TEXT, id="partial", published="2019-08-18"))
    finally:
        pipeline.nlp.replace_pipe("rasd_times", "rasd_times")
    assert "W102 rasd_times failed: ValueError: half done" in rec["warnings"]
    assert rec["times"] == [] and problems(rec) == []


def test_a_real_function_raising_inside_a_component_is_reported(monkeypatch):
    import rasd.extract.places as places

    def broken(*_args, **_kwargs):
        raise KeyError("gazetteer row")

    monkeypatch.setattr(places, "extract", broken)
    rec = shared().analyze(Article.build(TEXT, id="places-broken", published="2019-08-18"))
    assert "W104 rasd_places failed: KeyError: 'gazetteer row'" in rec["warnings"]
    assert rec["places"] == [] and rec["times"]  # the others still ran


def test_analyze_check_validates_every_record(tmp_path):
    from rasd.cli import app

    src = tmp_path / "a.txt"
    src.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(src), "--published", "2019-08-18", "--check"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["schema"] == "rasd.analysis/1"


def test_superscript_digits_are_not_numbers_or_days():
    """`'²'.isdigit()` is True but int('²') raises: the robustness test found the times and numbers
    components failing on it once their own try/except no longer hid it."""
    rec = shared().analyze(Article.build("ارتفعت الحرارة إلى ² درجات في ² آب، وقتل ² أشخاص.", id="sup"))
    assert not [w for w in rec["warnings"] if w.startswith("W1")] and problems(rec) == []


def test_the_ner_model_failing_is_w100_and_the_rules_still_run(monkeypatch):
    pipeline = shared()

    def broken(doc, *_args):
        raise RuntimeError("model file damaged")

    monkeypatch.setattr(pipeline, "run_model", broken)
    rec = pipeline.analyze(Article.build(TEXT, id="ner-broken", published="2019-08-18"))
    assert "W100 the NER model failed: RuntimeError: model file damaged" in rec["warnings"]
    assert rec["times"] and problems(rec) == []
