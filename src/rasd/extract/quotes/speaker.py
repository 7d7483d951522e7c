"""Speakers: noun phrases around a cue, names inside them, and a small coreference over them.

No parser is needed for the subject of a reporting verb: it is the noun phrase right after the
verb (VSO) or right before it (SVO), and it ends at a preposition, a time word, a comma, the
complement marker or a لـ that turns to the addressee. Inside the phrase, a trailing run of
name-like words is the person's name ("الرئيس الروسي فلاديمير بوتين" -> "فلاديمير بوتين"); a
phrase without one is a description ("الرئيس الروسي") and is resolved to the most recent mention
that carries the same description and a name. A word is name-like when the news lexicon rarely
sees it with the article ال (بوتين, روسيا, سالم) -- common nouns (قوات, مصادر) take it often.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, overload

from rasd.extract.entities import match_actors
from rasd.extract.quotes.lexicon import Cue, cue_tables, in_class, in_raw_class, outlets
from rasd.text.keys import canonical_key
from rasd.text.lexicon import count

NISBA_RE = re.compile("(?:ي|ية|يه|يون|يين|يان|يتان|يات)$")
MAX_NP = 9
PRONOUN_SUFFIX_RE = re.compile("(?:ها|هم|هما)$")
PLURAL_VERB_RE = re.compile("^[^ا]{2,4}وا$")
MARKS_TO_SPACE = str.maketrans({c: " " for c in '«»“”"()'})


@dataclass
class Tok:
    """A token of the canonical text with its folding key."""

    i: int
    start: int
    end: int
    text: str
    key: str
    word: bool = field(default=False)


class Toks(Sequence[Tok]):
    """The tokens of a text, built on demand: frames read a few dozen tokens around each cue,
    so only the keys (for finding cues) are made for every token, in one slice each of the
    folded text."""

    def __init__(self, text: str, starts: list[int], ends: list[int]) -> None:
        self.text, self.starts, self.ends = text, starts, ends
        folded = canonical_key(text)
        if len(folded) == len(text):  # fold maps one character to one unless it drops some
            self.keys = [folded[s:e] for s, e in zip(starts, ends, strict=True)]
        else:
            self.keys = [canonical_key(text[s:e]) for s, e in zip(starts, ends, strict=True)]
        self._memo: list[Tok | None] = [None] * len(starts)
        self.barriers: frozenset[int] = frozenset()  # offsets where a speaker phrase cannot go on

    def __len__(self) -> int:
        return len(self.starts)

    @overload
    def __getitem__(self, i: int) -> Tok: ...

    @overload
    def __getitem__(self, i: slice) -> list[Tok]: ...

    def __getitem__(self, i: int | slice) -> Tok | list[Tok]:
        if isinstance(i, slice):
            return [self[n] for n in range(*i.indices(len(self.starts)))]
        if i < 0:
            i += len(self.starts)
        t = self._memo[i]
        if t is None:
            s, e = self.starts[i], self.ends[i]
            w = self.text[s:e]
            c = w[0]
            t = self._memo[i] = Tok(i, s, e, w, self.keys[i], (c.isalpha() or c.isdigit()) and not w.isdigit())
        return t


def tokenize(text: str, spans: list[tuple[int, int]]) -> Toks:
    """Tokens (with keys) from `rasd.text.segment.tokens` spans."""
    return Toks(text, [s for s, _ in spans], [e for _, e in spans])


def cue_of(tok: Tok) -> Cue | None:
    """The single-word cue at this token, if any."""
    return cue_tables()[0].get(tok.key)


def has_wa(word: str) -> bool:
    """True when a leading و is the conjunction (وسورية), not part of the word (وزارة).

    Takes the word as written: a folded key cannot tell والي (a governor) from وإلى."""
    if not word.startswith("و") or len(word) < 4:
        return False
    if in_raw_class("stop", word[1:]):
        return True
    if in_class("stop", canonical_key(word[1:])):
        return False
    return count(word[1:]) >= max(count(word), 1)


def strip_l(word: str) -> str:
    """The word after a لـ preposition: للصحفيين -> الصحفيين, لبوتين -> بوتين."""
    if word.startswith("لل"):
        return "ا" + word[1:]
    return word[1:] if word.startswith("ل") else word


def is_l_prep(word: str) -> bool:
    """True when a leading ل is the preposition (لنظيره، للصحفيين), not part of the word (لجنة)."""
    if not word.startswith("ل") or word.startswith("ال") or len(word) < 3:
        return False
    if word.startswith("لل") or in_class("addressee", strip_l(word)) or in_class("addressee", word):
        return True
    return count(word[1:]) > max(count(word), 1)


def is_b_prep(word: str) -> bool:
    """True when a leading ب is the preposition (بشكل، باستهداف), not part of a name (بشار، بوتين)."""
    return word.startswith("ب") and len(word) > 3 and word != "باسم" and count(word[1:]) > max(count(word), 2)


def in_closed(name: str, word: str) -> bool:
    """Class membership of the word or of the word without a و/ف proclitic (وفي، فيما)."""
    return in_class(name, word) or (word[:1] in "وف" and len(word) > 2 and in_class(name, word[1:]))


def name_like(word: str) -> bool:
    """A proper-name-like word: rarely seen with ال in news, and not a title or stop word."""
    if word.startswith("ال") or len(word) < 2 or in_class("title", word) or in_closed("stop", word):
        return False
    if any(ch.isdigit() for ch in word):
        return False
    if in_class("keep_l", word) or is_l_prep(word) or is_b_prep(word) or in_closed("pp", word):
        return False
    bare, with_al = count(word), count("ال" + word)
    return with_al * 3 < bare or bare == with_al == 0


def adjective_like(word: str) -> bool:
    """A nisba or participle adjective that keeps a description going (الروسي، المتقاعد)."""
    w = word[2:] if word.startswith("ال") else word
    return bool(NISBA_RE.search(w)) or w.startswith(("م", "مت", "مس"))


def _stops_np(tok: Tok) -> bool:
    k = tok.key
    return (
        not tok.word
        or k in ("ل", "ب", "و", "ف", "ك")
        or in_raw_class("stop", tok.text)
        or in_raw_class("time", tok.text)
        or in_raw_class("pp", tok.text)
        or in_class("marker", k)
        or cue_of(tok) is not None
        or k.startswith("بال")
        or is_b_prep(k)
        or any(ch.isdigit() for ch in k)
    )


def _adjunct(word: str) -> bool:
    return in_raw_class("time", word) or in_raw_class("pp", word)


def skip_adjuncts(toks: Sequence[Tok], j: int, end: int) -> int:
    """Skip a time word or a pronoun preposition between a verb and its subject (أعلن فيه الوزير)."""
    n = 0
    while j < end and n < 3 and (_adjunct(toks[j].text) or toks[j].text in "،,"):
        j, n = j + 1, n + 1
    return j


def multi_cue_at(toks: Sequence[Tok], k: int) -> bool:
    """True when a multi-word cue (نقلاً عن، جاء في) starts at token k."""
    entries = cue_tables()[1].get(toks[k].key)
    if not entries:
        return False
    n = len(toks)
    return any(all(k + m < n and toks[k + m].key == w for m, w in enumerate(words)) for words, _ in entries)


def _body_after(toks: Sequence[Tok], j: int, t: Tok) -> bool:
    """True when t (بوزارة، بالشرطة) names the body a title at j belongs to, or (لوكالة) the
    outlet a correspondent at j works for: the description goes on over it."""
    head = _bare(toks[j])
    if t.key.startswith("ب") and len(t.key) > 3 and in_class("title", head):
        body = t.key[1:]
        return in_class("body", body) and not in_class("marker", t.key)
    if in_class("reporter", head) and is_l_prep(t.key):
        return in_class("media_head", strip_l(t.key)) or in_class("media", strip_l(t.key))
    return False


def chunk_forward(toks: Sequence[Tok], j: int, end: int, *, addressee: bool = False) -> tuple[int, int]:
    """(first, last+1) token indexes of the noun phrase starting at j (empty when j stops)."""
    k, has_name = j, False
    barriers = getattr(toks, "barriers", frozenset())
    while k < end and k - j < MAX_NP:
        t = toks[k]
        if k > j and in_class("other", t.key) and in_class("title", _bare(toks[k - 1])):
            k += 1  # مصادر أخرى، مسؤولون آخرون
            continue
        if k > j and t.text.isdigit() and in_class("title", _bare(toks[k - 1])):
            k += 1  # الفرقة 30، اللواء 93: a unit's number is part of its name
            continue
        if k > j and not has_name and _body_after(toks, j, t):
            k += 1  # المتحدث الأمني بوزارة الداخلية، مصادر بالشرطة، مراسل لوكالة فرانس برس
            continue
        if _stops_np(t) and not (addressee and k == j):
            break
        if k > j and multi_cue_at(toks, k):
            break  # ذكرت القناة نقلاً عن …: the attribution ends the subject
        if k == j and not addressee and is_l_prep(t.key):
            break
        if k > j and not addressee and PRONOUN_SUFFIX_RE.search(t.key) and len(t.key) > 4:
            break  # a noun with a pronoun (دخولها، موقفهم) is an object, never part of a speaker
        if k > j and is_l_prep(t.key) and (has_name or not in_class("keep_l", t.key) or outlet_from(toks, k, end)):
            break  # (الوزير لهيئة الإذاعة البريطانية: an outlet told, not the rest of a body's name)
        if k > j and has_wa(t.text) and not NISBA_RE.search(t.key):
            break
        if k > j and PLURAL_VERB_RE.search(t.key) and not t.key.startswith("ال"):
            break  # مسؤولون طلبوا عدم …: a plural past verb opens a relative clause
        if k > j and t.start in barriers:
            break
        has_name = has_name or name_like(t.key)
        k += 1
    return j, k


def outlet_from(toks: Sequence[Tok], k: int, end: int) -> bool:
    """True when the words from the لـ-word at k name a news outlet (لهيئة الإذاعة البريطانية)."""
    words = [strip_l(toks[k].key)] + [t.key for t in toks[k + 1 : min(end, k + 4)] if t.word]
    return is_outlet(" ".join(words))


def extend_document(toks: Sequence[Tok], j: int, k: int, end: int) -> int:
    """`بيان صادر عن قيادة الجيش`, `بيان للوزارة`: a statement's phrase goes on to its issuer;
    returns the new end of the phrase (k when there is none)."""
    if k <= j or not in_class("document", _bare(toks[j])) or k >= end:
        return k
    n = k
    if in_class("issued", toks[n].key) and n + 1 < end:
        n += 1
    if toks[n].key in ("عن", "من") and n + 1 < end:
        j2, k2 = chunk_forward(toks, n + 1, end)
        if k2 > j2:
            return k2
    if n == k and is_l_prep(toks[n].key) and in_class("title", strip_l(toks[n].key)):
        j2, k2 = chunk_forward(toks, n, end, addressee=True)  # بيان للوزارة، بيانات للفصائل
        if k2 > j2:
            return k2
    return k


DEFINITE_TITLE_WORDS = 5  # words of a definite title that may go on over a في phrase to a name


def extend_description(toks: Sequence[Tok], j: int, k: int, end: int) -> int:
    """`ضابط في الشرطة برتبة عقيد`, `مصدر في المعارضة`: an indefinite description (a role word,
    no name) goes on over one في/من phrase naming its body, and a rank (برتبة …); returns the new
    end. A definite or named speaker (الوزير في مؤتمر صحفي) never does."""
    if k <= j or k >= end:
        return k
    head = _bare(toks[j])
    # a definite title may be longer before its في phrase and name (الموفد الخاص للأمم المتحدة في
    # الصومال نيكولاس كاي); an indefinite description stays short
    if k - j > (DEFINITE_TITLE_WORDS if head.startswith("ال") else 3):
        return k
    if not in_class("title", head) or any(name_like(t.key) for t in toks[j:k]):
        return k
    if head.startswith("ال"):
        # القائد البارز في الجيش الصومالي عبدي علي: a definite title goes on over its في phrase
        # only when the person's name closes it
        if k + 1 < end and in_class("pp_head", toks[k].key):
            j2, k2 = chunk_forward(toks, k + 1, end)
            last = toks[k2 - 2 : k2]
            if k2 - j2 >= 3 and any(name_like(t.key) for t in last) and not any(
                t.key.startswith("ال") or in_class("title", t.key) for t in last
            ):
                return k2
        return k
    n = k
    if n + 1 < end and in_class("pp_head", toks[n].key):
        j2, k2 = chunk_forward(toks, n + 1, end)
        first = toks[j2].key if k2 > j2 else ""
        said = in_class("document", first) or in_class("interview", first)  # في بيان، في تصريح: how, not who
        if k2 > j2 and not said and (first.startswith("ال") or in_class("title", first) or name_like(first)):
            n = k2
    if n + 1 < end and in_class("rank", toks[n].key) and toks[n + 1].word and not _stops_np(toks[n + 1]):
        n += 2
    return n


def object_inside(toks: Sequence[Tok], j: int, k: int, end: int) -> int:
    """Where a subject that ran into the object of أكد/نفى ends: `النائب نعمة طعمة ضرورة التمسك …`
    -- after a name of two bare words or more, a word with an ال genitive that is no part of a name
    (عبد الرحمن، نور الدين are) opens the object. Only when no marker, colon or quote follows
    the phrase (then the phrase is all subject). Returns the new end."""
    if k >= end or in_class("marker", toks[k].key) or not toks[k].word:
        return k
    run = 0
    for n in range(j, k - 1):
        w, nxt = toks[n].key, toks[n + 1].key
        if (
            run >= 2
            and name_like(w)
            and nxt.startswith("ال")
            and not in_class("name_genitive", nxt)
            and not in_class("name_link", toks[n - 1].key)
        ):
            return n
        if run >= 2 and toks[n].word and not w.startswith("ال") and not name_like(w) and nxt.startswith("ال") and (
            not in_class("title", w) and not in_class("name_genitive", nxt)
        ):
            return n  # هيومن رايتس ووتش | قصف المتمردين: a bare noun with its genitive after a name
        run = run + 1 if toks[n].word and not w.startswith("ال") and not in_class("title", w) else 0
    return k


def chunk_backward(toks: Sequence[Tok], i: int, lo: int) -> tuple[int, int]:
    """(first, i) of the noun phrase ending just before token i (SVO subjects), or an empty span
    when the phrase does not open its clause (then it is an object or a genitive, not a subject)."""
    k = i
    while k > lo and i - k < 6:
        t = toks[k - 1]
        if _stops_np(t) or in_raw_class("particle", t.text) or is_l_prep(t.key):
            break
        k -= 1
        if has_wa(t.text):
            break
    if k > lo and k < i:
        prev = toks[k - 1]
        if prev.word and not in_raw_class("particle", prev.text) and not in_class("marker", prev.key):
            if not has_wa(toks[k].text):
                return i, i
            # `… بكل الحزم والشدة شددت`: a و-word after a word is a coordinated noun unless it
            # names someone (… والوزير قال)
            if not any(in_class("title", _bare(t)) or name_like(_bare(t)) for t in toks[k:i]):
                return i, i
    return k, i


def is_outlet(text: str, *, quoted: bool = False, interview: bool = False) -> bool:
    """True when a phrase names a news outlet: a head word (وكالة، صحيفة، قناة), a form of
    `media_outlets.tsv` (one that is also a common word or a place -- الشرق الأوسط، الحياة --
    only when quoted or given an interview: في تصريح لـ«الحياة»), or a media actor."""
    plain = " ".join(text.translate(MARKS_TO_SPACE).split())
    words = [canonical_key(w) for w in plain.split()]
    if not words:
        return False
    if in_class("media_head", words[0]):
        return True
    table = outlets()
    # a span after لل lost the article with the preposition (للأناضول -> أناضول): try it back on
    forms = [words] + ([["ال" + words[0], *words[1:]]] if not words[0].startswith("ال") else [])
    for ws in forms:
        for n in range(len(ws), 0, -1):
            o = table.get(" ".join(ws[:n]))
            if o is not None:
                return o.bare or quoted or interview
    # a media actor of the actor lexicon, when the phrase opens with it
    return any(m.start == 0 and m.actor.kind == "media" for m in match_actors(plain))


def sourcey(words: list[str]) -> bool:
    """True when a phrase after بحسب/وفق can be a source (a title, an outlet, a name), not a
    manner (وفق منظور استراتيجي)."""
    if words and any(in_class("manner", w) for w in (words[0], "ال" + words[0])):
        return False  # حسب ظروف كل حالة، وفق القيم الإنسانية: a manner, not a source
    for w in words[:3]:
        bare = w[2:] if w.startswith("ال") else w
        if in_class("title", w) or in_class("media", w) or in_class("title", "ال" + bare) or name_like(w):
            return True
    return False


def split_object(toks: Sequence[Tok], j: int, b: int) -> int:
    """Where the object starts in tokens j..b-1 (subject + object before a بـ clause).

    The object is the last noun phrase: a definite head with its adjectives, or a construct
    (an indefinite head and its definite genitive); the subject keeps at least one word.
    """
    k = b
    while k > j + 1:
        w = toks[k - 1].key
        k -= 1
        if w.startswith("ال"):
            if adjective_like(w) and k > j + 1:
                continue
            prev = toks[k - 1].key
            if not prev.startswith("ال") and not name_like(prev) and k - 1 > j:
                k -= 1
            break
        break
    return max(k, j + 1)


@dataclass
class Mention:
    """A speaker mention: its span, the name inside it (if any), its description key."""

    start: int
    end: int
    text: str
    canonical: str
    named: bool
    desc: str
    entity: str | None = None
    name_text: str = ""  # the name as the article writes it (حيدر العبادي), "" for a description
    desc_text: str = ""  # the description before the name, as written (رئيس الوزراء العراقي)


def _surname(words: list[str], n: int) -> bool:
    """An ال-word right after a name-like word is a family name (بشار الأسد، سالم المسلط),
    as is the ال-part of a compound name (عز الدين، نصر الله) -- never a title (تونر | المتحدث)."""
    if n < 2 or not words[n - 1].startswith("ال") or in_class("title", words[n - 1]):
        return False
    prev = words[n - 2]
    return name_like(prev) or (in_class("name_genitive", prev) and n > 2) or in_class("name_genitive", words[n - 1])


def _lead_adjective(words: list[str], a: int, b: int) -> bool:
    """A nisba adjective opening a name span before a bare word (الفلسطيني محمود عباس)."""
    w = words[a]
    return a + 1 < b and w.startswith("ال") and bool(NISBA_RE.search(w)) and not words[a + 1].startswith("ال")


def _names_body(w: str) -> bool:
    """A body word whose name follows it (منظمة «يش دين»، جبهة ردفان، حركة حماس): an indefinite
    head; a definite one is complete (المتحدث باسم الحكومة راجح بادي: a person follows)."""
    return in_class("body", w) and not w.startswith(("ال", "لل"))


def _given_name(w: str) -> bool:
    """A bare word that may be a given name the model left out: no ال, no title, no stop word,
    no digits (رياض in `الدكتور رياض ياسين`)."""
    return (
        len(w) > 2
        and not w.startswith("ال")
        and not in_class("title", w)
        and not in_closed("stop", w)
        and not any(ch.isdigit() for ch in w)
    )


def _desc_key(words: list[str]) -> str:
    return " ".join(w[2:] if w.startswith("ال") else w for w in words)


def _bare(tok: Tok) -> str:
    """A word's key without a proclitic و (وسورية -> سورية), for name and description keys."""
    return canonical_key(tok.text[1:]) if has_wa(tok.text) else tok.key


class Speakers:
    """The speaker mentions of one article, in text order, for description resolution.

    Named mentions are indexed by every word prefix of their description and by the words of
    their name, and entities by start, so a lookup never walks the whole article."""

    def __init__(self, doc: Any, text: str) -> None:
        self.doc = doc
        self.text = text  # Doc.text is rebuilt from the tokens at every access
        self.mentions: list[Mention] = []
        self.by_desc: dict[str, list[Mention]] = {}
        self.names: set[str] = set()
        ents = [e for e in doc._.entities or [] if isinstance(e.get("start"), int) and isinstance(e.get("end"), int)]
        self.ents = sorted(ents, key=lambda e: e["start"])
        self.ent_starts = [e["start"] for e in self.ents]
        self.ent_reach = max((e["end"] - e["start"] for e in self.ents), default=0)
        # spans no person's name runs into: places, and named groups or bodies (حماس، عدن)
        spans = [(p["start"], p["end"]) for p in doc._.places or [] if isinstance(p.get("start"), int)]
        spans += [(e["start"], e["end"]) for e in self.ents if e.get("label") in ("GPE", "LOC")]
        spans += [(e["start"], e["end"]) for e in self.ents if e.get("link") and e.get("label") != "PER"]
        self.not_names = sorted(spans)
        self.not_name_starts = [a for a, _ in self.not_names]
        self.not_name_reach = max((b - a for a, b in self.not_names), default=0)

    def mention(self, toks: Sequence[Tok], j: int, k: int) -> Mention | None:
        """Register the phrase toks[j:k] and return it resolved (description -> named person)."""
        if k <= j:
            return None
        start, end = toks[j].start, toks[k - 1].end
        if has_wa(toks[j].text) and toks[j].end - toks[j].start > 1:
            start += 1
        words = [_bare(t) if t.word else "" for t in toks[j:k]]
        n, stop = self._name_start(toks, j, k, words)
        name = " ".join(w for w in words[n:stop] if w)
        desc = _desc_key([w for w in words[:n] if w])
        text = self.text[start:end]
        if name:
            a = toks[j + n].start + (1 if n == 0 and start > toks[j].start else 0)
            name_text = self.text[a : toks[j + stop - 1].end]
            desc_text = self.text[start : toks[j + n - 1].end] if n > 0 else ""
            m = Mention(start, end, text, name, True, desc, self.entity_at(start, end), name_text, desc_text)
            self.names.update(name.split())
            parts = desc.split()
            for p in range(1, len(parts) + 1):
                self.by_desc.setdefault(" ".join(parts[:p]), []).append(m)
        else:
            ante = self.resolve(desc, before=start)
            canonical = ante.canonical if ante else " ".join(w for w in words if w)
            entity = self.entity_at(start, end) or (ante.entity if ante else None)
            m = Mention(start, end, text, canonical, False, desc, entity, ante.name_text if ante else "")
        self.mentions.append(m)
        return m

    def _name_start(self, toks: Sequence[Tok], j: int, k: int, words: list[str]) -> tuple[int, int]:
        """(first, last+1) word of the person's name inside the phrase toks[j:k] (first = last+1
        when it names nobody). A PER entity inside the phrase is the name (the NER model and the
        actor lexicon know `عبد الفتاح السيسي`, `خليفة حفتر` before `قائد الجيش الليبي`), else the
        trailing run of name-like words -- which never runs into a place or a named body
        (`محافظ عدن`, `لحركة حماس إسماعيل هنية`)."""
        per = self._person(toks[j].start, toks[k - 1].end)
        if per is not None:
            a = per_a = next((n for n, t in enumerate(toks[j:k]) if t.end > per[0]), None)
            b = next((n for n, t in enumerate(toks[j:k]) if t.start >= per[1]), k - j)
            while a is not None and a < b and (in_class("title", words[a]) or _lead_adjective(words, a, b)):
                a += 1  # the model took in a title or an adjective (شيخ …، الفلسطيني | محمود عباس)
            if a is not None and b > a and not all(in_class("title", w) for w in words[a:b]):
                # the model may cut a name short (سعد | معن): name-like words after it go with it
                while b < len(words) and (name_like(words[b]) or _surname(words, b + 1)) and not self._not_name(
                    toks[j + b]
                ):
                    b += 1
                while a > 0 and (in_class("name_link", words[a - 1]) or name_like(words[a - 1])):
                    if self._not_name(toks[j + a - 1]):
                        break
                    a -= 1  # أبو | محمد الجولاني: the model left out the first part
                if a > 1 and in_class("title", words[a - 1]) and in_class("name_link", words[a - 2]):
                    a -= 2  # ولد الشيخ | أحمد: a title inside a family name
                while b > a and len(words[b - 1]) < 2:
                    b -= 1  # a clitic the model took in (شلبي | لـ)
                if a == per_a and a > 0 and _given_name(words[a - 1]) and not self._not_name(toks[j + a - 1]):
                    a -= 1  # a bare word before the name, after a title
                before = next((w for w in reversed(words[:a]) if w), "")
                if before and _names_body(before):
                    return len(words), len(words)  # منظمة «يش دين»: the body's name, not a person
                return a, b
        n = len(words)
        while n > 0 and (name_like(words[n - 1]) or _surname(words, n)) and not self._not_name(toks[j + n - 1]):
            n -= 1
            if n > 1 and in_class("title", words[n - 1]) and in_class("name_link", words[n - 2]):
                n -= 2  # إسماعيل ولد الشيخ أحمد: a title inside a family name
        before = next((w for w in reversed(words[:n]) if w), "")
        if n < len(words) and before and _names_body(before):
            return len(words), len(words)  # المتحدث باسم جبهة ردفان العند: the body's name, not a person
        if n == len(words) and len(words) > 1 and name_like(words[0]) and not self._not_name(toks[j]):
            b = 1  # بدر باسلمة وزير النقل: a name first, its title after it
            while b < len(words) and (name_like(words[b]) or _surname(words, b + 1)):
                if self._not_name(toks[j + b]):
                    break
                b += 1
            if b < len(words) and in_class("title", words[b]):
                return 0, b
        return n, len(words)

    def _person(self, start: int, end: int) -> tuple[int, int] | None:
        """The last PER entity inside [start, end), as (start, end)."""
        best = None
        lo = bisect_left(self.ent_starts, start)
        for ent in self.ents[lo : bisect_left(self.ent_starts, end)]:
            if ent.get("label") == "PER" and ent["end"] <= end:
                if best is not None and not self.text[best[1] : ent["start"]].strip():
                    best = (best[0], ent["end"])  # محمد صادق | إسماعيل: two spans of one name
                else:
                    best = (ent["start"], ent["end"])
        return best

    def _not_name(self, tok: Tok) -> bool:
        """True when the token lies in a place or in a named body (never a person's name)."""
        lo = bisect_left(self.not_name_starts, tok.start - self.not_name_reach)
        hi = bisect_left(self.not_name_starts, tok.end)
        return any(a <= tok.start and tok.end <= b for a, b in self.not_names[lo:hi])

    def resolve(self, desc: str, before: int) -> Mention | None:
        """The most recent named mention with this description (title -> named person)."""
        if not desc:
            return None
        for m in reversed(self.by_desc.get(desc, ())):
            if m.start < before:
                return m
        return None

    def known_name(self, word: str) -> bool:
        """True when the word is (part of) the name of someone already mentioned."""
        return word in self.names

    def entity_end(self, start: int, end: int) -> int | None:
        """The end of a PER/ORG entity that overlaps [start, end) and reaches past it."""
        best = None
        lo = bisect_left(self.ent_starts, start - self.ent_reach)
        for ent in self.ents[lo : bisect_left(self.ent_starts, end)]:
            if ent["end"] > end and ent["end"] > start and ent.get("label") in ("PER", "ORG"):
                best = max(best or 0, ent["end"])
        return best

    def entity_at(self, start: int, end: int) -> str | None:
        best, best_overlap = None, 0
        lo = bisect_left(self.ent_starts, start - self.ent_reach)
        for ent in self.ents[lo : bisect_left(self.ent_starts, end)]:
            overlap = min(end, ent["end"]) - max(start, ent["start"])
            if overlap > best_overlap and ent.get("label") in ("PER", "ORG", "GPE", "NORP", None):
                best, best_overlap = ent.get("id"), overlap
        return best


def speaker_item(m: Mention) -> dict[str, Any]:
    """The spec's speaker item of a mention."""
    return {"start": m.start, "end": m.end, "text": m.text, "entity": m.entity, "canonical": m.canonical}
