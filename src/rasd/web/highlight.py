"""Split an article's original text at span boundaries into a tree of highlighted segments.

Spans from the record (entities, places, times, numbers, quotes, event evidence, restored
obfuscations, boilerplate) may nest or cross. Crossing spans are split so that the result is a
proper tree: each piece keeps the item's id and its own `start`/`end`, so the pieces of one item
together cover exactly `text[item.start:item.end]`. The template renders the tree with
autoescaping; text never goes through `|safe`.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

# When two spans cover the same range, the wider concept is the outer element.
PRIORITY = {"boilerplate": 0, "evidence": 1, "quote": 2, "speaker": 3, "cue": 3, "place": 4,
            "entity": 5, "time": 6, "number": 7, "restored": 8}


@dataclass(slots=True)
class Mark:
    """One highlighted item (or one piece of it)."""

    start: int
    end: int
    kind: str
    id: str
    cls: str
    title: str = ""
    first: bool = True  # the first piece of an item carries the HTML id (the anchor)

    def sort_key(self) -> tuple[int, int, int, str]:
        return (self.start, -self.end, PRIORITY.get(self.kind, 9), self.id)

    def __lt__(self, other: Mark) -> bool:
        return self.sort_key() < other.sort_key()


@dataclass(slots=True)
class Node:
    """A tree node: plain text (`mark` is None) or a highlighted element with children."""

    start: int
    end: int
    text: str = ""
    mark: Mark | None = None
    children: list[Node] = field(default_factory=list)


Describe = Callable[[str, dict[str, Any]], str]


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def marks(record: dict[str, Any], describe: Describe | None = None) -> list[Mark]:
    """Every span of a record that the article view highlights."""
    describe = describe or (lambda kind, item: "")
    out: list[Mark] = []

    def add(kind: str, ident: str, item: dict[str, Any], cls: str) -> None:
        start, end = _int(item.get("start")), _int(item.get("end"))
        if start is None or end is None or end <= start:
            return
        out.append(Mark(start, end, kind, ident, cls, describe(kind, item)))

    for i, b in enumerate(record.get("boilerplate") or []):
        add("boilerplate", f"b{i + 1}", b, f"hl boilerplate bp-{b.get('kind', 'other')}")
    for v in [*(record.get("events") or []), *(record.get("background_events") or [])]:
        for i, ev in enumerate(v.get("evidence") or []):
            add("evidence", f"{v.get('id')}-ev{i}", {**ev, "event": v}, "hl evidence")
    for q in record.get("quotes") or []:
        add("quote", str(q.get("id")), q, f"hl quote stance-{q.get('stance') or 'neutral'}")
        if isinstance(q.get("speaker"), dict):
            add("speaker", f"{q.get('id')}-speaker", {**q["speaker"], "quote": q}, "hl speaker")
        if isinstance(q.get("cue"), dict):
            add("cue", f"{q.get('id')}-cue", {**q["cue"], "quote": q}, "hl cue")
    for p in record.get("places") or []:
        add("place", str(p.get("id")), p, "hl place")
    for e in record.get("entities") or []:
        add("entity", str(e.get("id")), e, f"hl ent ent-{e.get('label', 'MISC')}")
    for t in record.get("times") or []:
        add("time", str(t.get("id")), t, "hl time")
    for n in record.get("quantities") or []:
        add("number", str(n.get("id")), n, "hl num")
    for i, c in enumerate(record.get("cleaned") or []):
        if c.get("reason") != "normalization":  # diacritics and the like are not worth a highlight
            add("restored", f"c{i + 1}", c, f"hl restored reason-{c.get('reason', 'other')}")
    return out


def tree(text: str, spans: list[Mark]) -> list[Node]:
    """The text as a list of top-level nodes; spans outside the text are dropped."""
    n = len(text)
    valid = [m for m in spans if 0 <= m.start < m.end <= n]
    return _build(text, valid, 0, n)


def _build(text: str, spans: list[Mark], lo: int, hi: int) -> list[Node]:
    heap = list(spans)
    heapq.heapify(heap)
    tops: list[tuple[Mark, list[Mark]]] = []
    while heap:
        m = heapq.heappop(heap)
        if tops and m.start < tops[-1][0].end:
            outer, inner = tops[-1]
            if m.end <= outer.end:
                inner.append(m)
            else:  # crossing: the part inside goes down, the rest competes again
                inner.append(Mark(m.start, outer.end, m.kind, m.id, m.cls, m.title, m.first))
                heapq.heappush(heap, Mark(outer.end, m.end, m.kind, m.id, m.cls, m.title, False))
        else:
            tops.append((m, []))
    nodes: list[Node] = []
    pos = lo
    for m, inner in tops:
        if m.start > pos:
            nodes.append(Node(pos, m.start, text[pos:m.start]))
        nodes.append(Node(m.start, m.end, mark=m, children=_build(text, inner, m.start, m.end)))
        pos = m.end
    if pos < hi:
        nodes.append(Node(pos, hi, text[pos:hi]))
    return nodes


def walk(nodes: list[Node]) -> Iterator[Node]:
    """Every node, depth first (tests and debugging)."""
    for node in nodes:
        yield node
        yield from walk(node.children)


def flatten(nodes: list[Node]) -> str:
    """The text back from a tree: equal to the input text, whatever the spans."""
    return "".join(node.text if node.mark is None else flatten(node.children) for node in nodes)
