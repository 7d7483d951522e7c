"""Finding place-name mentions in canonical text: clitics, spacing, frames and directions.

The text is cut into words once; at each word the matcher tries the word as written and with its
clitics folded off (و/ف, then ب/ل/ك, with لل -> ال), and joins up to `max_words` following words
into a key (`rasd.text.keys.place_key`), longest first. The words around a match are read as cues
from `places_cues.tsv`: a frame before (محافظة / مدينة / ريف X), a direction (جنوب إدلب), a
compass adjective after ريف X (ريف حلب الشمالي), a preposition, or an agreement word
(اتفاق سوتشي).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from functools import cache

from rasd.geo.index import Entry, Gazetteer
from rasd.geo.keys import JOINING_HEADS, WORD_RE
from rasd.lexicon import load_table, variants
from rasd.text import lexicon
from rasd.text.keys import loose_key, place_key

MAX_STRIPPED_RATIO = 2  # a clitic-folded match loses to the whole word when that word is this much commoner


@dataclass(slots=True)
class Word:
    start: int
    end: int
    key: str


@dataclass(slots=True)
class Mention:
    """A run of words naming a place, with the cues read around it."""

    start: int
    end: int
    key: str
    entries: list[Entry]
    first: int  # index of the first word
    last: int  # index of the last word
    stripped: bool = False
    conj: bool = False  # the first word carried و / ف
    frame: str | None = None  # frame value (ADM1, PPL, around, ...)
    prep: str | None = None  # the preposition's value (in, from, to, ...)
    direction: str | None = None
    agreement: str | None = None
    street: bool = False  # right after شارع / ساحة / دوار: part of a street's name (شارع بغداد)
    actor: bool = False  # "ذراع القاعدة في X": X describes an actor (affiliation cue before the preposition)
    in_name: bool = False  # "تنظيم ولاية سيناء", "أنصار بيت المقدس": part of an actor's name (`name` cue)
    local: bool = False  # after a `local` head (معبر / سد / طريق X): only a candidate in the article's countries
    list_frame: str | None = None  # the frame of the list it is coordinated into (محافظات الجيزة والغربية)
    nisba: str | None = None  # the country of a national adjective right after it (البيضاء الليبية)
    phrase_start: int = -1
    phrase_end: int = -1
    cues: list[str] = field(default_factory=list)


@cache
def heads() -> tuple[frozenset[str], frozenset[str]]:
    """(drop, local) head-word keys of places_heads.tsv; `drop` also holds keys.JOINING_HEADS."""
    drop, local = set(JOINING_HEADS), set()
    for row in load_table("places_heads"):
        (drop if row["rule"] == "drop" else local).update(place_key(f) for f in variants(row["word"]))
    return frozenset(drop), frozenset(local)


@cache
def cues() -> dict[str, tuple[str, str]]:
    """Folded cue phrase -> (kind, value)."""
    out: dict[str, tuple[str, str]] = {}
    for row in load_table("places_cues"):
        for form in variants(row["word"]):
            out[place_key(form)] = (row["kind"], row["value"])
    return out


def words(text: str) -> list[Word]:
    """The words of the text with their folded keys (one fold of the whole text when it keeps length)."""
    folded = loose_key(text)
    if len(folded) == len(text):
        return [Word(m.start(), m.end(), folded[m.start():m.end()]) for m in WORD_RE.finditer(text)]
    return [Word(m.start(), m.end(), loose_key(m.group())) for m in WORD_RE.finditer(text)]


def reaches(text: str, ws: list[Word]) -> list[int]:
    """For each word, the last word reachable through plain spaces (a name never spans punctuation)."""
    out = list(range(len(ws)))
    for k in range(len(ws) - 2, -1, -1):
        if not text[ws[k].end:ws[k + 1].start].strip():
            out[k] = out[k + 1]
    return out


def clitic_forms(word: str) -> list[tuple[str, int]]:
    """The word and its forms with leading clitics folded off, least stripped first.

    The int is how many clitic letters went (0 = as written).
    """
    forms = [(word, 0)]
    if word[:1] in ("و", "ف") and len(word) > 3:
        forms.append((word[1:], 1))
    for form, n in list(forms):
        if form[:1] in ("ب", "ل", "ك") and len(form) > 3:
            if form.startswith("لل"):
                forms.append(("ال" + form[2:], n + 1))
                forms.append(("ال" + form[1:], n + 1))
            else:
                forms.append((form[1:], n + 1))
    return forms


def _adjacent(text: str, ws: list[Word], i: int, j: int) -> bool:
    """True when words i..j are separated by plain spaces only."""
    return all(text[ws[k].end:ws[k + 1].start].strip() == "" for k in range(i, j))


QUOTE_MARKS = "\"'«»“”‘’"


def _adjacent_quoted(text: str, ws: list[Word], i: int, j: int) -> bool:
    """Words i..j separated by spaces and quote marks only: a cue still reads the name it quotes
    (بمناطق "المهدية" و"التومة")."""
    return all(not text[ws[k].end:ws[k + 1].start].strip(" \u00a0" + QUOTE_MARKS) for k in range(i, j))


def _match_at(ws: list[Word], reach: list[int], i: int, gaz: Gazetteer) -> Mention | None:
    longest = min(gaz.max_words, reach[i] - i + 1)
    forms = clitic_forms(ws[i].key)
    word = ws[i].key
    if len(word) == 3 and word[0] in ("و", "ف") and word[1:] in gaz.heads and longest > 1:
        forms.append((word[1:], 1))  # "وذي قار": a two-letter first word of a longer name
    # Longest first over every form: "وأم درمان" is و + أم درمان, not the one-word name وام.
    heads = gaz.heads
    if len(forms) == 1:  # most words carry no clitic: the word as written, longest first
        for size in range(min(longest, heads.get(word, 1)), 0, -1):
            key = word if size == 1 else " ".join([word, *(w.key for w in ws[i + 1:i + size])])
            entries = gaz.names.get(key)
            if entries:
                return Mention(ws[i].start, ws[i + size - 1].end, key, entries, i, i + size - 1)
        return None
    tops = [min(longest, heads[form]) if form in heads else 1 for form, _ in forms]
    common: set[str] = set()
    for size in range(max(tops), 0, -1):
        for (form, n), top in zip(forms, tops, strict=True):
            if size > top or form in common:
                continue
            key = form if size == 1 else " ".join([form, *(w.key for w in ws[i + 1:i + size])])
            entries = gaz.names.get(key)
            if not entries:
                continue
            if n and _commoner_whole(ws[i].key, form):
                common.add(form)
                continue
            # n clitic letters go; لل -> ال counts one (the name starts at the second lam).
            return Mention(ws[i].start + n, ws[i + size - 1].end, key, entries, i, i + size - 1,
                           stripped=bool(n), conj=ws[i].key[:1] in ("و", "ف") and n > 0)
    return None


def _commoner_whole(word: str, form: str) -> bool:
    """The whole word is a common word in its own right (وحدة is not و + حدة)."""
    whole = lexicon.count(word)
    return whole >= 20 and whole > MAX_STRIPPED_RATIO * lexicon.count(form)


def find(text: str, gaz: Gazetteer) -> tuple[list[Word], list[Mention]]:
    """All non-overlapping mentions, left to right, longest match at each word."""
    ws = words(text)
    reach = reaches(text, ws)
    out: list[Mention] = []
    i = 0
    while i < len(ws):
        if ws[i].key[:1].isdigit():
            i += 1
            continue
        m = _match_at(ws, reach, i, gaz)
        if m is None:
            i += 1
            continue
        out.append(m)
        i = m.last + 1
    out = [m for m in out if not _inside_longer_name(text, ws, reach, m)]
    local = heads()[1]
    for m in out:
        read_cues(text, ws, m)
        m.local = _after_head(ws, reach, m, local)
    _share_list_frames(text, ws, out)
    return ws, out


def _share_list_frames(text: str, ws: list[Word], mentions: list[Mention]) -> None:
    """"بمحافظات الجيزة والقليوبية والغربية": the frame word before the first name of a
    coordinated list covers the names after it (each joined by و right after the one before)."""
    for m, n in itertools.pairwise(mentions):
        frame = m.frame or m.list_frame
        if not frame or n.cues:
            continue
        if n.conj and n.first == m.last + 1 and _adjacent_quoted(text, ws, m.last, n.first):
            n.list_frame = frame
        elif n.first == m.last + 2 and ws[m.last + 1].key == "و" and _adjacent_quoted(text, ws, m.last, n.first):
            n.list_frame = frame  # و"التومة": the conjunction stands alone before a quote mark


HEADS = frozenset(JOINING_HEADS)


def _after_head(ws: list[Word], reach: list[int], m: Mention, words: frozenset[str]) -> bool:
    """Whether the word right before the mention (through spaces only) is one of `words`."""
    if m.first == 0 or m.stripped or reach[m.first - 1] < m.first:
        return False
    return any(form in words for form, _ in clitic_forms(ws[m.first - 1].key))


def _inside_longer_name(text: str, ws: list[Word], reach: list[int], m: Mention) -> bool:
    """A match that is only part of a name the gazetteer lacks: a bare head word before another
    word (تل in تل السمن), or a name right after a head word (البريج in قصر البريج, واسط in تل واسط,
    السمن in مفرق السمن; the `drop` words of places_heads.tsv)."""
    if m.first == m.last and m.key in HEADS and reach[m.last] > m.last:
        return True
    drop = heads()[0]
    if m.first == 0 or m.stripped or reach[m.first - 1] < m.first:
        return False
    before = ws[m.first - 1].key
    return any(form in drop and form not in cues() for form, _ in clitic_forms(before))


ACTOR_PREPS = frozenset({"in", "to", "at"})
AFFILIATION_GAP = 4  # words between the affiliation word and the preposition (ذراع [تنظيم القاعدة] في)


def _affiliation_before(text: str, ws: list[Word], prep: int) -> bool:
    """An affiliation cue (ذراع / فرع / مبعوث ...) within a few words before the preposition at `prep`,
    with no punctuation between."""
    for k in range(prep - 1, max(prep - 1 - AFFILIATION_GAP, -1), -1):
        if not _adjacent(text, ws, k, k + 1):
            return False
        hit = _cue(ws, k, k)
        if hit and hit[0] == "affiliation":
            return True
    return False


def _cue(ws: list[Word], i: int, j: int) -> tuple[str, str] | None:
    """The cue spelled by words i..j (inclusive), trying folded clitics on the first."""
    if i < 0 or j >= len(ws) or i > j:
        return None
    rest = [w.key for w in ws[i + 1:j + 1]]
    for form, _ in clitic_forms(ws[i].key):
        hit = cues().get(" ".join([form, *rest]))
        if hit:
            return hit
    return None


def read_cues(text: str, ws: list[Word], m: Mention) -> None:
    """Frame, preposition, direction and agreement words before the name; ريف X's adjective after."""
    m.phrase_start, m.phrase_end = m.start, m.end
    i = m.first - 1
    while i >= 0 and m.first - i <= 3 and _adjacent_quoted(text, ws, i, m.first):
        hit = _cue(ws, i - 1, i) if i >= 1 and _adjacent(text, ws, i - 1, i) else None
        span = 2
        if not hit or hit[0] not in ("direction", "prep"):  # two words: شمال شرق، كل من
            hit, span = _cue(ws, i, i), 1
        if not hit:
            break
        kind, value = hit
        first = i - span + 1
        if kind == "direction" and m.direction is None:  # also before a frame: "غرب مدينة تعز"
            m.direction = value
        elif kind == "frame" and m.frame is None:
            m.frame = value
        elif kind == "prep":
            m.prep = value
            m.actor = value in ACTOR_PREPS and _affiliation_before(text, ws, i)
        elif kind == "agreement" and i == m.first - 1:
            m.agreement = value
        elif kind == "street" and i == m.first - 1:
            m.street = True
        elif kind == "name":
            m.in_name = True
            break
        else:
            break
        m.cues.append(kind)
        if kind != "prep":
            m.phrase_start = ws[first].start
        if kind in ("prep", "agreement", "street"):
            break
        i = first - 1
    if m.frame == "around" or m.direction:
        for size in (2, 1):
            hit = _cue(ws, m.last + 1, m.last + size)
            if hit and hit[0] == "adjdir" and _adjacent(text, ws, m.last, m.last + size):
                m.direction = hit[1]
                m.phrase_end = ws[m.last + size].end
                break
