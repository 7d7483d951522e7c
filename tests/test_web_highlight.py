"""The article view's span tree: overlapping and crossing spans nest, text is never lost."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.web import highlight
from rasd.web.highlight import Mark


def _pieces(nodes):
    return [n for n in highlight.walk(nodes) if n.mark is not None]


def test_crossing_spans_are_split_into_nested_pieces():
    text = "abcdefghij"
    marks = [Mark(0, 6, "quote", "q1", "quote"), Mark(4, 9, "entity", "e1", "ent")]
    nodes = highlight.tree(text, marks)
    assert highlight.flatten(nodes) == text
    e1 = sorted((n.start, n.end, n.mark.first) for n in _pieces(nodes) if n.mark.id == "e1")
    assert e1 == [(4, 6, True), (6, 9, False)]


def test_same_range_puts_the_wider_concept_outside():
    nodes = highlight.tree("abc", [Mark(0, 3, "entity", "e1", "ent"), Mark(0, 3, "evidence", "v1-ev0", "ev")])
    assert nodes[0].mark.kind == "evidence" and nodes[0].children[0].mark.kind == "entity"


def test_bad_spans_are_dropped():
    marks = [Mark(5, 2, "entity", "a", ""), Mark(-1, 2, "entity", "b", ""), Mark(0, 99, "entity", "c", "")]
    assert highlight.tree("abc", marks) == [highlight.Node(0, 3, "abc")]


def test_marks_from_a_record_skip_plain_normalization():
    record = {"cleaned": [{"start": 0, "end": 2, "reason": "normalization"},
                          {"start": 3, "end": 5, "reason": "obfuscation", "original": "x.y", "canonical": "xy"}],
              "entities": [{"id": "e1", "start": "0", "end": 2}], "quotes": [{"id": "q1", "start": 0, "end": 4,
                                                                              "speaker": None}]}
    kinds = sorted(m.kind for m in highlight.marks(record))
    assert kinds == ["quote", "restored"]


spans = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40), st.sampled_from(list(highlight.PRIORITY))),
                 max_size=25)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=40), raw=spans)
def test_tree_keeps_the_text_and_every_item_covers_its_range(text, raw):
    marks = [Mark(s, e, kind, f"{kind}{i}", kind) for i, (s, e, kind) in enumerate(raw)]
    nodes = highlight.tree(text, marks)
    assert highlight.flatten(nodes) == text
    pieces = _pieces(nodes)
    for node in highlight.walk(nodes):  # children sit inside their parent, in order, without gaps
        if node.mark is not None:
            assert [c.start for c in node.children][:1] in ([], [node.start])
            assert sum(c.end - c.start for c in node.children) == node.end - node.start
    for m in marks:
        if not 0 <= m.start < m.end <= len(text):
            continue
        mine = sorted((p.start, p.end) for p in pieces if p.mark.id == m.id)
        assert mine[0][0] == m.start and mine[-1][1] == m.end
        assert all(a[1] == b[0] for a, b in itertools.pairwise(mine))
        assert sum(1 for p in pieces if p.mark.id == m.id and p.mark.first) == 1
