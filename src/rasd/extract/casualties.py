"""Casualty reading: quantities tied to killed / injured / displaced / captured / missing.

Read for the events stage from the reviewed table `casualty_patterns.tsv`: a trigger before the
number ("مقتل 3"، "ارتفاع حصيلة القتلى إلى 31"), a counted noun after it ("27 قتيلا"، "3 مدنيين")
or a verb after the counted phrase ("27 شخصا قتلوا"). A trigger with a counted noun and no number
counts what the noun carries ("مصرع طفلين" = 2, "مقتل مدني" = 1, "سقوط قتلى" = unknown).
Some words carry kind and count alone ("لقي طفل مصرعه" = 1, "قتيلان في قصف" = 2: position
`self`). A number joined by و to a casualty figure is a figure of the same kind ("مقتل 25 من
عناصر التنظيم و9 من المقاتلين": 25 and 9 killed), and a victim killed "with" others is one more
("قتل مع ثلاثة عناصر آخرين" = 4).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.tokens import Doc

from rasd.extract.base import text_of
from rasd.extract.numwords import MEMO_LIMIT, Tok, tokenize
from rasd.extract.spans import Spans, boilerplate
from rasd.lexicon import load_table, variants
from rasd.text.keys import phrase_key

WINDOW = 4  # tokens searched before a number for its trigger
AGENT_WORDS = 3  # words naming the killer that may stand between the verb and its figure
GROUP_WORDS = 3  # words of a victims' group name between "N من <noun>" and its verb
BRIDGE = frozenset(phrase_key(w) for w in ("إلى", "الى", "ب", "نحو", "حوالي", "قرابة", "أكثر", "من", "عن", "ما", "لا",
                                    "يقل", "على", "الأقل", "ليصل", "لتصل", "ارتفع", "ارتفعت", "وصل", "بلغ"))
AT_LEAST = frozenset(phrase_key(w) for w in ("على", "الأقل", "الاقل", "تقريبا", "آخرين", "اخرين"))
WITH = phrase_key("مع")
AND = phrase_key("و")
FROM = phrase_key("من")
STOP = frozenset({".", "،", ",", "؛", ";", ":", "!", "؟", "?", "\n"})
PARTICLES = ("", "و", "ف", "ب", "ل", "وب", "ول")


@dataclass(frozen=True, slots=True)
class Pattern:
    slot: str
    value: str
    position: str
    count: int | None


@cache
def patterns() -> dict[str, dict[str, tuple[tuple[tuple[str, ...], Pattern], ...]]]:
    """position -> {first key: ((remaining keys, pattern), ...) longest first}; the first row of a
    form wins (plurals are listed before duals)."""
    seen: set[tuple[str, tuple[str, ...]]] = set()
    out: dict[str, dict[str, list[tuple[tuple[str, ...], Pattern]]]] = {
        p: {} for p in ("before", "noun", "after", "self", "agent")}
    for row in load_table("casualty_patterns"):
        pat = Pattern(row["slot"], row["value"], row["position"], int(row["count"]) if row["count"] else None)
        for form in variants(row["forms"]):
            keys = tuple(phrase_key(w) for w in form.split())
            if (pat.position, keys) in seen:
                continue
            seen.add((pat.position, keys))
            out[pat.position].setdefault(keys[0], []).append((keys[1:], pat))
    return {pos: {k: tuple(sorted(v, key=lambda x: -len(x[0]))) for k, v in d.items()} for pos, d in out.items()}


def match_at(toks: list[Tok], i: int, position: str, slot: str | None = None) -> tuple[int, Pattern, int] | None:
    """(index after, pattern, particle length) of the longest pattern of `position` at token i."""
    table = patterns()[position]
    for plen, first in _firsts(toks[i].key, position):
        for rest, pat in table[first]:
            if (slot and pat.slot != slot) or i + 1 + len(rest) > len(toks):
                continue
            if all(toks[i + 1 + n].key == r for n, r in enumerate(rest)):
                return i + 1 + len(rest), pat, plen
    return None


_FIRSTS: dict[tuple[str, str], tuple[tuple[int, str], ...]] = {}


def _firsts(word: str, position: str) -> tuple[tuple[int, str], ...]:
    """(particle length, table key) readings of a word that open a pattern of `position`
    (memoised: most words open none, and every token of every article is asked)."""
    memo = (word, position)
    found = _FIRSTS.get(memo)
    if found is None:
        if len(_FIRSTS) > MEMO_LIMIT:
            _FIRSTS.clear()
        table = patterns()[position]
        readings = []
        for p in PARTICLES:
            if not word.startswith(p):
                continue
            for first in (word[len(p):], word[len(p) + 2:] if word[len(p):].startswith("ال") else None):
                if first and first in table:
                    readings.append((len(p), first))
        found = _FIRSTS[memo] = tuple(readings)
    return found


def _trigger_before(toks: list[Tok], i: int) -> tuple[int, Pattern, int] | None:
    """The nearest kind trigger in the few tokens before token i (skipping bridges like "إلى" and
    up to AGENT_WORDS words naming who killed: "قتل مهاجم انتحاري 47 شخصا")."""
    k = i - 1
    steps = 0
    agents = 0
    while k >= 0 and agents < AGENT_WORDS and steps == 0 and match_at(toks, k, "agent") and toks[k].text not in STOP:
        k -= 1
        agents += 1
    while k >= 0 and steps < WINDOW and toks[k].text not in STOP:
        for width in (3, 2, 1):
            s = k - width + 1
            if s >= 0:
                m = match_at(toks, s, "before", "kind")
                if m and m[0] == k + 1:
                    return s, m[1], m[2]
        if toks[k].key not in BRIDGE and steps > 0:
            return None
        k -= 1
        steps += 1
    return None


def find(doc: Doc, quantities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Casualty items {start, end, kind, count, approx, who, quantity, total, victims} of a doc;
    `victims` is the (start, end) of the counted phrase ("5 جنود" in "قتل مسلحون 5 جنود"): who was
    hurt, without the trigger or the killer's name, for the events' actor2."""
    toks = tokenize(text_of(doc))  # the tokens numbers just read (cached)
    starts = [t.start for t in toks]
    out: list[dict[str, Any]] = []
    used: set[int] = set()
    skip = boilerplate(doc)
    prev: dict[str, Any] | None = None
    for q in sorted(quantities, key=lambda x: x["start"]):
        if q.get("unit") or q.get("time") or not isinstance(q.get("value"), int) or q["value"] < 1:
            continue
        i = bisect_left(starts, q["start"])
        j = bisect_left(starts, q["end"])
        item = _read(toks, i, j, q["value"], q["approx"], q["id"])
        if item is None:
            item = _noun_before(toks, i, j, q)
        if item is None and prev is not None:
            item = _coordinated(toks, i, j, q, prev)
        if item and not skip.overlaps(item["start"], item["end"]):
            out.append(item)
            used.update(range(item["_i"], item["_j"]))
            prev = item
    out.extend(_without_numbers(skip, toks, used))
    out.extend(_self_counted(skip, toks, used))
    for item in out:
        item.pop("_i", None)
        item.pop("_j", None)
    return sorted(out, key=lambda c: c["start"])


def _read(toks: list[Tok], i: int, j: int, count: int, approx: bool, qid: str | None) -> dict[str, Any] | None:
    """A casualty around the number at tokens [i, j)."""
    kind = who = None
    start, end = toks[i].start, toks[j - 1].end
    first, last = i, j
    noun = _noun_after(toks, j)
    victims_end = toks[noun[0] - 1].end if noun else end
    trig = _trigger_before(toks, i)
    if i >= 2 and toks[i - 1].key == WITH:
        # "العجلاني قتل مع ثلاثة عناصر آخرين": the subject died with the three.
        verb = match_at(toks, i - 2, "after", "kind")
        if verb and verb[0] == i - 1 and verb[1].value == "killed":
            count += 1
            trig = (i - 2, verb[1], verb[2])
    if noun:
        nxt, pat, _ = noun
        if pat.slot == "kind":
            kind = pat.value
        else:
            who = None if pat.value == "-" else pat.value
        end, last = toks[nxt - 1].end, nxt
        if kind is None and trig is None and nxt < len(toks):  # "27 شخصا (على الأقل) قتلوا"
            while nxt + 1 < len(toks) and toks[nxt].key in AT_LEAST:
                nxt += 1
            verb = match_at(toks, nxt, "after", "kind")
            if verb is None and j < len(toks) and toks[j].key == FROM:
                # "اثنين من أفراد قوات الأمن قتلا": the verb after the rest of the group's name
                for k in range(nxt + 1, min(nxt + 1 + GROUP_WORDS, len(toks))):
                    if toks[k - 1].text in STOP:
                        break
                    verb = match_at(toks, k, "after", "kind")
                    if verb:
                        break
            # A verb with a conjunction opens the next clause: "قتل خمسة مدنيين وأصيب 9 آخرون".
            if verb and verb[2] == 0:
                kind, end, last = verb[1].value, toks[verb[0] - 1].end, verb[0]
    if trig and kind is None:
        kind = trig[1].value
    if kind is None and trig is None:
        # "ارتفع إلى 9 بينهم رئيس المجلس المحلي وخمسة أطفال عدد القتلى": the count first, its noun last
        late = _risen_count_kind(toks, i, last)
        if late is not None:
            kind, end, last = late
    if trig:
        start, first = toks[trig[0]].start + trig[2], trig[0]
    if kind is None:
        return None
    return {"start": start, "end": end, "kind": kind, "count": count, "approx": approx, "who": who,
            "quantity": qid, "_i": first, "_j": last, "total": _risen_total(toks, i),
            "victims": (toks[i].start, victims_end) if noun and noun[1].slot == "who" else None}


RISE = frozenset(phrase_key(w) for w in ("ارتفع", "ارتفعت", "يرتفع", "ترتفع", "ليرتفع", "لترتفع", "وارتفع", "وارتفعت"))
TO = frozenset(phrase_key(w) for w in ("إلى", "الى"))
RISE_REACH = 25  # tokens from the count to the noun it counts ("عدد القتلى")
TOLL_WORDS = RISE | frozenset(phrase_key(w) for w in ("ارتفاع", "وارتفاع", "بارتفاع", "حصيلة", "الحصيلة"))
TOLL_REACH = 15  # tokens back from "إلى N" to the rise or toll word ("ارتفعت حصيلة القصف ... إلى أربعة")


def _risen_total(toks: list[Tok], i: int) -> bool:
    """True for the figure a toll rose to ("ارتفعت حصيلة القصف ... إلى أربعة قتلى"): the new total,
    which supersedes the other figures of its clause ("بعد وفاة أحد الجرحى" is how it rose)."""
    if i < 1 or toks[i - 1].key not in TO:
        return False
    for k in range(i - 2, max(-1, i - 2 - TOLL_REACH), -1):
        if toks[k].text in STOP - {"،", ","}:
            return False
        if toks[k].key in TOLL_WORDS:
            return True
    return False


def _risen_count_kind(toks: list[Tok], i: int, j: int) -> tuple[str, int, int] | None:
    """(kind, end, index after) when "ارتفع إلى N" names what it counts only later in the clause."""
    if i < 2 or toks[i - 1].key not in TO or toks[i - 2].key not in RISE:
        return None
    for k in range(j, min(j + RISE_REACH, len(toks))):
        if toks[k].text in STOP - {"،", ","}:
            return None
        m = match_at(toks, k, "before", "kind")
        if m and m[0] - k >= 2:  # a two-word count noun: عدد القتلى، حصيلة الجرحى
            return m[1].value, toks[m[0] - 1].end, m[0]
    return None


def _noun_after(toks: list[Tok], j: int) -> tuple[int, Pattern, int] | None:
    """The counted noun after a number, also after من ("25 من عناصر التنظيم")."""
    if j >= len(toks):
        return None
    noun = match_at(toks, j, "noun")
    if noun is not None and noun[2] and toks[j].key.startswith(AND):
        noun = None  # "مقتل أربعة وإصابة ثلاثة": و opens the next figure, it is not the counted noun
    if noun is None and toks[j].key == FROM and j + 1 < len(toks):
        noun = match_at(toks, j + 1, "noun", "who")
    return noun


TWO = frozenset(phrase_key(w) for w in ("اثنان", "اثنين", "اثنتان", "اثنتين"))


def _noun_before(toks: list[Tok], i: int, j: int, q: dict[str, Any]) -> dict[str, Any] | None:
    """"عسكريين اثنين"، "شخصين اثنين": the numeral two follows the noun it counts (Arabic puts
    اثنان after its noun); the noun's verb stands before it, past the killer's name ("قتل مسلحون
    مجهولون عسكريين اثنين")."""
    if i < 2 or j - i != 1 or toks[i].key not in TWO:
        return None
    noun = match_at(toks, i - 1, "noun")
    if noun is None or noun[0] != i:
        return None
    trig = _trigger_before(toks, i - 1)
    pat = noun[1]
    kind = pat.value if pat.slot == "kind" else (trig[1].value if trig else None)
    if kind is None:
        return None
    who = None if pat.slot == "kind" or pat.value == "-" else pat.value
    first = trig[0] if trig else i - 1
    start = toks[first].start + (trig[2] if trig else noun[2])
    return {"start": start, "end": toks[j - 1].end, "kind": kind, "count": 2, "approx": q["approx"], "who": who,
            "quantity": q["id"], "_i": first, "_j": j, "victims": (toks[i - 1].start + noun[2], toks[j - 1].end)}


def _coordinated(toks: list[Tok], i: int, j: int, q: dict[str, Any], prev: dict[str, Any]) -> dict[str, Any] | None:
    """A number right after a casualty figure and و, with a counted noun or none: the same kind
    ("مقتل 8 أطفال و3 نساء"، "مقتل 25 من عناصر التنظيم و9 من المقاتلين الأكراد")."""
    if i < 1 or i - 1 >= len(toks) or toks[i - 1].key != AND:
        return None
    gap = i - 1 - prev["_j"]
    if gap > 4 or gap < 0 or any(t.text in STOP for t in toks[prev["_j"] : i - 1]):
        return None
    noun = _noun_after(toks, j)
    if noun is not None and noun[1].slot == "kind" and noun[1].value != prev["kind"]:
        return None
    who = None if noun is None or noun[1].slot == "kind" or noun[1].value == "-" else noun[1].value
    last = noun[0] if noun else j
    return {"start": toks[i].start, "end": toks[last - 1].end, "kind": prev["kind"], "count": q["value"],
            "approx": q["approx"], "who": who, "quantity": q["id"], "_i": i, "_j": last,
            "victims": (toks[i].start, toks[last - 1].end)}


def _self_counted(skip: Spans, toks: list[Tok], used: set[int]) -> list[dict[str, Any]]:
    """Words that carry kind and count alone: "لقي طفل مصرعه" (1), "قتيلان في قصف" (2)."""
    out = []
    for k, tok in enumerate(toks):
        if k in used:
            continue
        m = match_at(toks, k, "self")
        if not m or any(x in used for x in range(k, m[0])):
            continue
        start, end = tok.start + m[2], toks[m[0] - 1].end
        if k > 0 and toks[k - 1].is_digit:
            continue
        if not skip.overlaps(start, end):
            out.append({"start": start, "end": end, "kind": m[1].value, "count": m[1].count, "approx": False,
                        "who": None, "quantity": None})
            used.update(range(k, m[0]))
    return out


def _past_agents(toks: list[Tok], nxt: int) -> int:
    """Where the victims begin after a killing verb: past the words naming the killer when a
    counted noun follows them ("اغتال مسلحون مجهولون ضابطا": the officer, not the gunmen)."""
    a = nxt
    while a < len(toks) and a - nxt < AGENT_WORDS and toks[a].text not in STOP and match_at(toks, a, "agent"):
        a += 1
    return a if a > nxt and a < len(toks) and match_at(toks, a, "noun") else nxt


def _without_numbers(skip: Spans, toks: list[Tok], used: set[int]) -> list[dict[str, Any]]:
    """"مصرع طفلين" (2), "مقتل مدني" (1), "سقوط قتلى" (unknown): a trigger and a counted noun."""
    out = []
    for k in range(len(toks) - 1):
        if k in used:
            continue
        trig = match_at(toks, k, "before", "kind")
        if not trig:
            continue
        nxt, pat, plen = trig
        if nxt in used or nxt >= len(toks):
            continue
        victims = _past_agents(toks, nxt)
        first = victims if victims > nxt else None  # the noun after the killer's name counts
        nxt = victims
        start = toks[k].start + plen
        joined = False
        while nxt < len(toks):  # "سقوط قتلى وجرحى": one item per coordinated noun
            noun = match_at(toks, nxt, "noun")
            if not noun or (nxt != first and toks[nxt].start > start + plen + len(toks[k].text) + 1
                            and not noun[2]):
                break
            end_i, npat, nplen = noun
            kind = npat.value if npat.slot == "kind" else pat.value
            who = None if npat.slot == "kind" or npat.value == "-" else npat.value
            end = toks[end_i - 1].end
            # a noun joined by و is an item of its own ("إصابة ضابطين ومجند": 2 and 1, one list)
            at = toks[nxt].start + nplen if joined else start
            if not skip.overlaps(start, end):
                out.append({"start": at, "end": end, "kind": kind, "count": npat.count, "approx": False,
                            "who": who, "quantity": None,
                            "victims": None if npat.slot == "kind" else (toks[nxt].start + nplen, end)})
            used.update(range(k, end_i))
            nxt, joined = end_i, True
    return out
