"""The quote tables: every row of `reporting_verbs.tsv` is matched as written, with its stance."""

from __future__ import annotations

import pytest

from rasd.extract.quotes.lexicon import ARGS, PROCLITICS, ROLES, STANCES, cue_tables, word_classes
from rasd.extract.quotes.marks import find
from rasd.lexicon import load_table, variants
from rasd.text.keys import canonical_key

ROWS = load_table("reporting_verbs")
FORMS = [(row["lemma"], row["stance"], row["role"], form) for row in ROWS for form in variants(row["forms"])]


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['lemma']}-{r['role']}-{r['stance']}")
def test_row_is_well_formed(row):
    assert row["stance"] in STANCES
    assert row["role"] in ROLES
    assert set(row["args"].split(",")) <= ARGS
    assert variants(row["forms"])


@pytest.mark.parametrize(("lemma", "stance", "role", "form"), FORMS, ids=[f[3] for f in FORMS])
def test_form_is_a_cue(lemma, stance, role, form):
    single, multi = cue_tables()
    words = form.split()
    for proclitic in ("", *PROCLITICS):
        first = canonical_key(proclitic + words[0])
        if len(words) == 1:
            cue = single[first]
        else:
            cue = next(c for ws, c in multi[first] if ws[1:] == tuple(canonical_key(w) for w in words[1:]))
        # a form listed twice keeps its first row; it must agree on the stance it frames
        assert cue.stance == stance or (cue.lemma, cue.role) != (lemma, role)


def test_spec_stances_all_have_cues():
    assert {row["stance"] for row in ROWS} == STANCES


@pytest.mark.parametrize("name", ["marker", "stop", "time", "pp", "particle", "addressee", "keep_l", "media", "title",
                                  "head_skip"])
def test_word_class_present(name):
    assert word_classes()[name]


@pytest.mark.parametrize(("text", "spans"), [
    ("قال: «نص أول» ثم «نص ثان».", ["نص أول", "نص ثان"]),
    ("قال: ” نص مكسور”.", ["نص مكسور"]),
    ("قال الخالدي» نص معكوس».", ["نص معكوس"]),
    ('قال "نص بلا إغلاق\nسطر آخر "مقتبس" هنا', ["نص بلا إغلاق", "مقتبس"]),
    ("قال: «سطر أول\nسطر ثان».", ["سطر أول\nسطر ثان"]),
    ("قال: “خارجي «داخلي» خارجي”.", ["خارجي «داخلي» خارجي", "داخلي"]),
    ("لا علامات هنا", []),
])
def test_quote_marks(text, spans):
    assert [text[q.start : q.end] for q in find(text)] == spans
