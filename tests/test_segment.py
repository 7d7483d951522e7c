"""Segmentation: the fast tokenizer agrees with the reference pattern; sentence boundaries; the
two cleaning paths (in place and general) agree."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rasd.text.clean as clean_module
from rasd.text.segment import TOKEN_RE, sentences, tokens

PIECES = ["قال", "بوتين", " ", "  ", "\n", ".", "،", "3.5", "19/8/2019", "50%", "www.x.org", "a@b.co",
          "https://x.example/a?b=1", "U.S.", "و2018", "_", "-", "«", "»", "٣", "x", "𝕏", "\t", "\u200f",
          "1", "/", ":", "%", ","]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=120), st.lists(st.sampled_from(PIECES), max_size=60).map("".join)))
def test_tokens_match_the_reference_pattern(text):
    assert tokens(text) == [m.span() for m in TOKEN_RE.finditer(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("انفجار سببه.وقال المرصد إن 3.5 بالمئة.", ["انفجار سببه.", "وقال المرصد إن 3.5 بالمئة."]),
        ("وأضاف د. محمد أن U.S. تدعم www.x.com هنا! هل؟ نعم",
         ["وأضاف د. محمد أن U.S. تدعم www.x.com هنا!", "هل؟", "نعم"]),
        ("قال: “الأمر الخطير … ، أننا نشهد”. وتابع", ["قال: “الأمر الخطير … ، أننا نشهد”.", "وتابع"]),
        ("سطر أول\n\nسطر ثان\nثالث.", ["سطر أول", "سطر ثان", "ثالث."]),
        ("توفي عام 350 ق.م في أثينا", ["توفي عام 350 ق.م في أثينا"]),
        ("وقع في 19.8.2019 قرب الحدود", ["وقع في 19.8.2019 قرب الحدود"]),
        # dotted acronyms (dotted_abbreviations.tsv) and one-letter abbreviations, across the region
        ("وقال وزير الدفاع لهيئة الإذاعة البريطانية (بي.بي.سي)، «الطائرات أدت مهمتها». وتابع",
         ["وقال وزير الدفاع لهيئة الإذاعة البريطانية (بي.بي.سي)، «الطائرات أدت مهمتها».", "وتابع"]),
        ("نقلت شبكة سي. إن. إن عن مسؤول يمني أن القوات تقدمت في مأرب.",
         ["نقلت شبكة سي. إن. إن عن مسؤول يمني أن القوات تقدمت في مأرب."]),
        ("وقال النائب اللبناني لقناة إل.بي.سي إن الجلسة أرجئت.",
         ["وقال النائب اللبناني لقناة إل.بي.سي إن الجلسة أرجئت."]),
        ("وقال مسؤول صومالي لبي.بي.سي إن الهجوم صد. وتابع", ["وقال مسؤول صومالي لبي.بي.سي إن الهجوم صد.", "وتابع"]),
        ("وذكرت أ.ف.ب أن الانفجار وقع في مقديشو. وقال شاهد", ["وذكرت أ.ف.ب أن الانفجار وقع في مقديشو.", "وقال شاهد"]),
        ("وأفاد م. خالد مدير الكهرباء في الخرطوم ص.ب 215 بأن", ["وأفاد م. خالد مدير الكهرباء في الخرطوم ص.ب 215 بأن"]),
        ("والتقى ج. بوش الملك في الرياض", ["والتقى ج. بوش الملك في الرياض"]),
    ],
)
def test_sentences(text, expected):
    assert [text[s:e] for s, e in sentences(text)] == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["الإرهـ.ابيين", "هجـمات", "مُلح", "قال", " ", "٣٥", "\u200f", "\ud800", "x",
                                 "سببه.وقال", "داع*ش", "\n"]), max_size=40).map("".join))
def test_in_place_and_general_cleaning_agree(text):
    work = clean_module._prepare(text)
    if work is None or work.general:  # canonical already, or only the general path applies
        return
    fast = clean_module._clean_in_place(text, work)
    slow = clean_module._clean_general(text, work.text, work.merged)
    assert fast.offsets.dense is not None and slow.offsets.dense is None  # two different paths
    assert fast.text == slow.text and fast.cleaned == slow.cleaned
    for i in range(len(fast.text) + 1):
        assert fast.offsets.start(i) == slow.offsets.start(i)
        assert fast.offsets.end(i) == slow.offsets.end(i)
