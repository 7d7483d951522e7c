"""Quote frames: from a cue to its speaker, intermediaries, addressee and content.

`find_quotes` walks the cues of an article in text order. Each verb cue looks for its subject
(after it, else before it, else the speaker of the clause it hangs on), then scans forward for
the content: a quotation mark (direct), a colon, an أن/إن marker (indirect, or mixed when the
clause holds a quoted fragment), or the object the verb takes (اتهم … بـ، دعا إلى، حذر من).
On the way it collects an addressee (لنظيره …), intermediaries (بحسب ما رصد …) and a verbal
noun that becomes the cue (جدد تأكيده، نقلت … عن فلان قوله). A standalone attribution
(… بحسب ما أعلنت الوزارة) makes its noun phrase the speaker of the reported fact.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from itertools import accumulate
from typing import Any

from spacy.attrs import IDX, IS_SPACE, LENGTH
from spacy.tokens import Doc

from rasd.extract.base import in_title
from rasd.extract.numwords import number_words
from rasd.extract.quotes.lexicon import Cue, cue_tables, in_class, in_raw_class
from rasd.extract.quotes.marks import Quoted
from rasd.extract.quotes.marks import find as find_marks
from rasd.extract.quotes.names import unify
from rasd.extract.quotes.speaker import (
    MAX_NP,
    Mention,
    Speakers,
    Tok,
    Toks,
    adjective_like,
    chunk_backward,
    chunk_forward,
    cue_of,
    extend_description,
    extend_document,
    has_wa,
    in_closed,
    is_b_prep,
    is_l_prep,
    is_outlet,
    name_like,
    object_inside,
    outlet_from,
    skip_adjuncts,
    sourcey,
    speaker_item,
    split_object,
    strip_l,
    tokenize,
)
from rasd.text.keys import canonical_key, phrase_key
from rasd.text.lexicon import count
from rasd.text.segment import tokens as token_spans

CLOSE_MARKS = "»”›\"«“"
MAX_FRAME = 40  # tokens between a cue and its content
MAX_SENT = 2000  # characters a frame reads on either side of its cue (real sentences: p99 ~560)
BUCKET = 64  # characters per bucket of the consumed-stretch index
TRAIL = " \t\n.،,;؛:-–—"
FEMININE_PLURALS = frozenset({"الدول", "البلدان"})  # broken plurals of things: a feminine subject
OWNED_NOUN_COUNT = 20  # news-corpus count of ال + the stem that makes a pronoun-suffixed word a noun
ILA, AN, MIN = "الي", "عن", "من"
AN_PRONOUNS = frozenset({"عنه", "عنها", "عنهم", "عنهما"})


class Article:
    """One document prepared for quote finding: tokens, quoted stretches, sentences, speakers.

    Everything a frame looks up by position is indexed once here (sentence starts, quote marks,
    consumed stretches, boilerplate), and every window is bounded: a frame never rescans the
    text before or after it, so the cost stays linear in the length of the article."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = _doc_text(doc)
        self.toks = _tokens(doc, self.text)
        self.toks.barriers = frozenset(
            x["start"] for x in (doc._.casualties or []) + (doc._.times or []) if isinstance(x.get("start"), int)
        )
        times = [x for x in doc._.times or [] if isinstance(x.get("start"), int) and isinstance(x.get("end"), int)]
        self.time_spans = sorted((x["start"], x["end"]) for x in times)
        self.starts = self.toks.starts
        self.quoted = [q for q in find_marks(self.text) if q.depth == 0]
        self.by_open = {q.open: q for q in self.quoted}
        self.by_close = {q.close: q for q in self.quoted if q.close is not None}
        self.sents = list(doc._.sentence_spans or [(0, len(self.text))]) or [(0, len(self.text))]
        self.sent_starts = [s for s, _ in self.sents]
        self.speakers = Speakers(doc, self.text)
        self.consumed: dict[int, list[tuple[int, int]]] = {}
        self.boiler = sorted((b["start"], b["end"]) for b in doc._.boilerplate or [])
        self.boiler_starts = [s for s, _ in self.boiler]
        self.boiler_reach = list(accumulate((e for _, e in self.boiler), max, initial=-1))  # max end so far
        self.last: Mention | None = None
        self.last_sent = -1
        self.pending_via: dict[int, list[dict[str, Any]]] = {}  # cue token -> intermediaries before it
        self.ends: list[tuple[int, int]] = []  # (end, index) of the quotes found so far
        self.cue_at = _cues(self.toks)
        for i in _inside_names(doc, self.toks, self.cue_at):
            del self.cue_at[i]  # محمود عزت: a cue form inside a person's name is the name
        self.cue_toks = sorted(self.cue_at)
        # where an indirect clause may stop (a new report, an attribution) and where quotes open
        self.enders = [
            i for i in self.cue_toks if _ends_clause(self.toks[i], self.cue_at[i][0]) or self._after_comma(i)
        ]
        self.open_toks = sorted(n for n in (self.tok_at(q.open) for q in self.quoted) if n < len(self.toks))

    def _after_comma(self, i: int) -> bool:
        """A verb cue right after a comma (and a particle) opens a new report (`…، أكدت مصادر
        أخرى أن …`، `…، لكنه قال إن …`)."""
        if self.cue_at[i][0].role != "verb" or i == 0:
            return False
        n = i - 1
        if n > 0 and in_raw_class("particle", self.toks[n].text):
            n -= 1  # …، لكنه قال إن …
        return self.toks[n].text in "،,"

    def in_time(self, start: int, end: int) -> bool:
        """True when [start, end) lies inside a date or time expression (في 19 يوليو)."""
        n = bisect_right(self.time_spans, (start, 1 << 62)) - 1
        return n >= 0 and self.time_spans[n][0] <= start and end <= self.time_spans[n][1]

    def sent_index(self, pos: int) -> int:
        return max(bisect_right(self.sent_starts, pos) - 1, 0)

    def sent(self, pos: int) -> tuple[int, int]:
        """The sentence around pos, clipped to MAX_SENT characters on each side (a text without
        stops is one 'sentence': unclipped, every cue in it would walk the whole of it)."""
        s, e = self.sents[self.sent_index(pos)]
        return max(s, pos - MAX_SENT), min(e, pos + MAX_SENT)

    def tok_at(self, pos: int) -> int:
        """Index of the first token starting at or after pos."""
        return bisect_left(self.starts, pos)

    def window_end(self, i: int) -> int:
        """Token limit of a frame: the end of the cue's sentence, or of the next one after a colon."""
        pos = self.toks[i].start
        n = self.sent_index(pos)
        end = self.sents[n][1]
        k = end
        while k > 0 and self.text[k - 1].isspace() and end - k < 64:
            k -= 1
        if k > 0 and self.text[k - 1] == ":" and n + 1 < len(self.sents):
            end = self.sents[n + 1][1]
        return self.tok_at(min(end, pos + MAX_SENT))

    def consume(self, start: int, end: int) -> None:
        """Mark [start, end) as read: no other cue starts a frame inside it."""
        for b in range(start // BUCKET, (max(end, start + 1) - 1) // BUCKET + 1):
            self.consumed.setdefault(b, []).append((start, end))

    def is_consumed(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.consumed.get(pos // BUCKET, ()))

    def in_boilerplate(self, start: int, end: int) -> bool:
        """`base.in_boilerplate` over the spans indexed once (it loops over all of them)."""
        return self.boiler_reach[bisect_left(self.boiler_starts, end)] > start

    def quote_at(self, tok: Tok) -> Quoted | None:
        return self.by_open.get(tok.start)


def _doc_text(doc: Doc) -> str:
    """The canonical text: the cleaned string the doc was made from (`Doc.text` rebuilds it
    from the tokens at every access, which costs more than the whole component)."""
    clean = doc._.clean
    size = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0
    return clean.text if clean is not None and len(clean.text) == size else doc.text


def _tokens(doc: Doc, text: str) -> Toks:
    """The doc's own tokens without its whitespace tokens (the rasd tokenizer makes the same
    spans as `segment.tokens`), else the text segmented afresh."""
    if len(doc) and doc[-1].idx + len(doc[-1].text_with_ws) == len(text):
        arr = doc.to_array([IDX, LENGTH, IS_SPACE])
        arr = arr[arr[:, 2] == 0]
        starts = arr[:, 0]
        return Toks(text, starts.tolist(), (starts + arr[:, 1]).tolist())
    return tokenize(text, token_spans(text))


def _cues(toks: Toks) -> dict[int, tuple[Cue, int]]:
    """(cue, index after its words) of every token a cue starts at, found in one pass."""
    single, multi = cue_tables()
    out: dict[int, tuple[Cue, int]] = {}
    keys = toks.keys
    for i, k in enumerate(keys):
        if k in multi:
            for words, cue in multi[k]:
                if all(i + n < len(keys) and keys[i + n] == w for n, w in enumerate(words)):
                    out[i] = (cue, i + len(words))
                    break
        if i not in out and k in single:
            cue = single[k]
            form = canonical_key(cue.form)
            if not in_class("marker_only", form) or (k != form and _marker_follows(toks, i + 1)):
                out[i] = (cue, i + 1)
        if i in out and i > 0 and out[i][0].role == "verb" and in_closed("cue_blocker", keys[i - 1]):
            del out[i]  # طلبوا عدم ذكر أسمائهم: a verbal noun after عدم/رفض reports nothing
        elif i in out and i > 0 and out[i][0].role == "verb" and in_closed("negation", keys[i - 1]):
            del out[i]  # ولم تعلن أي جهة مسؤوليتها: nothing was said
        elif i in out and i > 0 and out[i][0].role == "follow" and _adjective(toks, i, out[i][1]):
            del out[i]  # معلومات مؤكدة من الأجهزة: a participle right after an indefinite noun qualifies it
        elif i in out and i > 0 and out[i][0].role == "follow" and _counted(toks[i - 1]):
            del out[i]  # أفرجت عن 11 متهمًا: a participle after a number is what is counted
    return out


def _inside_names(doc: Doc, toks: Toks, cue_at: dict[int, tuple[Cue, int]]) -> list[int]:
    """The cue tokens that lie inside a person's name after its first word (نائب المرشد محمود
    عزت: عزت "attributed" is the man's name), by the NER's PER entities."""
    people = sorted((e["start"], e["end"]) for e in doc._.entities or []
                    if e.get("label") == "PER" and isinstance(e.get("start"), int) and isinstance(e.get("end"), int))
    starts = [s for s, _ in people]
    out = []
    for i in cue_at:
        t = toks[i]
        n = bisect_right(starts, t.start) - 1
        if n >= 0 and people[n][0] < t.start and t.end <= people[n][1]:
            out.append(i)
    return out


def _counted(prev: Tok) -> bool:
    """True when the token is a number (11، ١١، ثلاثة): the participle after it is a counted noun."""
    if prev.text.strip().replace(",", "").replace(".", "").isdigit():
        return True
    return prev.word and phrase_key(prev.text) in number_words()


def _adjective(toks: Toks, i: int, after: int) -> bool:
    """True when the participle at i qualifies the indefinite noun before it (معلومات مؤكدة)
    rather than going on with a report: no comma or name before it, no content marker, colon
    or quotation after it."""
    prev = toks[i - 1]
    if not prev.word or name_like(prev.key) or cue_of(prev) is not None:
        return False
    if prev.key.startswith(("ال", "لل", "بال", "وال", "فال", "كال")):
        return False
    if after >= len(toks):
        return True
    nxt = toks[after]
    if in_class("marker", nxt.key) or nxt.text in ':«“"' or nxt.key in ("في", "علي", "الي"):
        return False  # مشيراً في تصريح، مؤكداً على أن: the report goes on
    return not (after + 1 < len(toks) and in_class("marker", toks[after + 1].key))


def _subordinate(toks: Toks, n: int) -> bool:
    """True when the marker at n opens an adverbial clause (بعد أن، قبل أن، رغم أن), not
    reported content."""
    return n > 0 and in_closed("subordinator", toks[n - 1].key)


def _bare_key(tok: Tok) -> str:
    return canonical_key(tok.text[1:]) if has_wa(tok.text) else tok.key


def _name_part(toks: Toks, n: int) -> bool:
    """An ال-word that is a family name after a name (البكري after نايف), or a name link (أبو)."""
    w = toks[n].key
    return in_class("name_link", w) or (w.startswith("ال") and n > 0 and name_like(toks[n - 1].key))


def _said_word(tok: Tok) -> bool:
    """A word of how something was said (بيان، تصريح، صحفي، متلفز)."""
    w = tok.key[1:] if has_wa(tok.text) else tok.key
    return in_class("document", w) or in_class("interview", w)


def _adjunct_tok(tok: Tok) -> bool:
    return in_raw_class("time", tok.text) or in_raw_class("pp", tok.text)


def _marker_follows(toks: Toks, j: int) -> bool:
    """True when an أن/إن marker follows within a short subject and no و joins two nouns first
    (وبين الوزير أن …, not بين الطرفين وفي …; the cue must carry و/ف: المشترك بين … أنها is
    no report)."""
    reach = j + 5
    k = j
    while k < min(reach, len(toks)):
        if in_class("marker", toks.keys[k]):
            return True
        if has_wa(toks[k].text) or not toks[k].word:
            return False
        if in_class("relative", toks.keys[k]):
            reach = k + 9  # وبين المصدر الذي تمنع التعليمات الكشف عن هويته أن …
        k += 1
    return False


def _ends_clause(tok: Tok, cue: Cue) -> bool:
    """A cue that ends indirect content before it: an attribution, a follow-on participle, or a
    new coordinated report (وأضاف، فقال)."""
    return cue.role in ("source", "relay", "follow") or (cue.role in ("verb", "light") and _proclitic(tok, cue))


def match_cue(art: Article, i: int) -> tuple[Cue, int] | None:
    """(cue, index after its words) when a cue starts at token i."""
    return art.cue_at.get(i)


def find_quotes(art: Article) -> list[dict[str, Any]]:
    """Every quote of the article (unordered ids; `quotes.extract` numbers them)."""
    out: list[dict[str, Any]] = []
    head = headline(art)
    if head:
        _add(art, out, head)
    nxt = 0
    for i in art.cue_toks:
        if i < nxt:
            continue
        cue, after = art.cue_at[i]
        pos = art.toks[i].start
        skip = art.is_consumed(pos) or art.in_boilerplate(pos, art.toks[after - 1].end)
        if not skip and not (head and in_title(art.doc, pos)) and cue.role != "noun":
            if cue.role in ("source", "relay"):
                q = attributed(art, cue, i, after, out)
            elif cue.role == "impersonal":
                q = impersonal(art, cue, i, after)
            elif cue.role == "issue":
                q = issue(art, cue, i, after)
            else:
                q = frame(art, cue, i, after)
            if q:
                _add(art, out, q)
        nxt = after
        if cue.role in ("source", "relay") and (vi := _attribution_verb(art.toks, cue, after)) is not None:
            nxt = vi + 1  # حسبما أكد مسؤولون: the verb belongs to the attribution, it frames nothing
    for q in art.quoted:
        if not art.is_consumed(q.open) and (item := _continued(art, out, q)) is not None:
            _add(art, out, item)
    quotes = inherit_via(nest(art, out))
    unify(quotes, art.speakers.mentions)
    return quotes


def inherit_via(quotes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A source that spoke through an outlet goes on speaking through it: `بحسب ما ذكر مصدر أمني
    لوكالة فرانس برس … وقال المصدر «…»` -- a later quote with no intermediary of its own, by
    the same mention or by a definite description with the same head (المصدر، المصادر), takes
    the intermediaries of the last quote of that source."""
    last: dict[str, list[dict[str, Any]]] = {}
    spans: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for q in sorted(quotes, key=lambda x: x["start"]):
        sp = q["speaker"]
        if not sp:
            continue
        head = _source_head(sp)
        if q["via"]:
            last[head] = spans[(sp["start"], sp["end"])] = q["via"]
            continue
        same = spans.get((sp["start"], sp["end"]))
        if same is None and canonical_key(sp["text"]).startswith("ال"):
            same = last.get(head)
        if same:
            q["via"] = [dict(v) for v in same]
    return quotes


def _source_head(sp: dict[str, Any]) -> str:
    """The head a later description repeats: the first word without ال (مصدر أمني -> مصدر)."""
    words = (sp.get("canonical") or canonical_key(sp["text"])).split()
    head = words[0] if words else ""
    return head[2:] if head.startswith("ال") else head


# ---- frames -----------------------------------------------------------------------------------


def frame(art: Article, cue: Cue, i0: int, i1: int) -> dict[str, Any] | None:
    """The quote of a verb cue at tokens i0..i1, or None when it frames no content."""
    toks = art.toks
    end = art.window_end(i0)
    f = Frame(art, cue, i0, i1)
    k = i1
    if cue.role != "follow":
        k = f.subject(end)
    if in_closed("passive", toks[i0].key) and (f.speaker is None or (f.subj is None and not _titled(f.speaker))):
        return None  # (صواريخ) يعتقد بأنها …: passive, nobody is named
    if cue.role == "via" and not f.turned and k < end and toks[k].key in (ILA, "لي"):
        return None  # ونقل المصابون إلى المستشفى: carried, not reported
    f.resolve_implicit()
    if f.speaker is not None and not f.implicit and _rhetorical(f.speaker):
        return None  # الحقائق تقول إن …: an impersonal frame, nobody speaks
    for v in reversed(art.pending_via.pop(i0, [])):
        add_via(f.via, v)
    q = f.scan(k, end) or f.postposed() or f.object_in_subject()
    said = cue.role != "light" or f.cue_span[0] != toks[i0].start
    if f.speaker is not None and (q is not None or (said and f.clause_initial())):
        art.last, art.last_sent = f.speaker, art.sent_index(toks[i0].start)
    return q


class Frame:
    """The parts of one quote frame as they are found."""

    def __init__(self, art: Article, cue: Cue, i0: int, i1: int) -> None:
        self.art, self.cue, self.i0, self.i1 = art, cue, i0, i1
        self.cue_span = (art.toks[i0].start, art.toks[i1 - 1].end)
        self.lemma, self.stance, self.args = cue.lemma, cue.stance, cue.args
        self.speaker: Mention | None = None
        self.implicit = False
        self.addressee: dict[str, Any] | None = None
        self.via: list[dict[str, Any]] = []
        self.obj_start: int | None = None
        self.turned = False  # a via cue's عن has been read
        self.subj: tuple[int, int] | None = None  # token span of a VSO subject
        self.cut = False  # the object was cut off the subject phrase
        self.whole = False  # the phrase before a بـ clause is all subject: the clause is the content
        self.charge = False  # an accusation noun was adopted (جدد اتهامه): its بـ clause is the charge

    # -- speaker

    def subject(self, end: int) -> int:
        """Find the explicit subject (VSO, else SVO); return the token index after it."""
        art, toks = self.art, self.art.toks
        k = self.i1
        b = self._bi_clause(end) if "obj_bi" in self.args else None
        limit = end
        if b is not None and b > self.i1 and (canonical_key(self.cue.form).endswith(("وا", "ون"))
                                              or self._feminine_after_masculine()):
            # يطالبون الدول الأوروبية بـ …: a plural verb holds its subject, all before بـ is object;
            # وطالب الدول الغربية بـ …، ووصف الظاهرة بـ …: a masculine verb has no feminine subject
            self.obj_start = limit = self.i1
        elif b is not None and b > self.i1:
            s = split_object(toks, self.i1, b)
            head = toks[self.i1].key
            titled = in_class("title", head) and not head.startswith("ال")
            construct = s == self.i1 + 1 and titled
            # وصف الوزير الهجوم بأنه …: before بأن only two whole phrases split (not وزير الخارجية);
            # an indefinite head keeps its genitive (طالب نادي الأسير الفلسطيني بـ …)
            known = art.speakers.known_name
            inner = next((n for n in range(self.i1 + 2, b) if _object_start(toks, n) and not known(toks[n].key)
                          and not name_like(toks[n].key)), None) if titled else None
            if inner is not None:
                # ووصف نائب الرئيس السوداني انضمام الطلاب … بأنه: a bare noun after the title's
                # genitive opens the object
                self.obj_start = limit = inner
            elif construct:
                self.whole = True  # اعترف حزب الله اللبناني بمقتل …: the بـ clause is the content
            elif not in_class("marker", toks[b].key) or (self.i1 < s < b and _np_end(toks[s - 1])):
                self.obj_start = s
                limit = s
        if self._svo_ok():
            self.speaker = self._svo_subject()
        if self.speaker is None and "obj" in self.args and limit > self.i1 and self._owned_object(limit):
            self.obj_start = limit = self.i1  # وأكد دعمه …: the object follows, the subject is implicit
        if self.speaker is None and limit > self.i1:
            j, k2 = chunk_forward(toks, skip_adjuncts(toks, self.i1, limit), limit)
            k2 = extend_document(toks, j, k2, limit)
            if k2 >= limit or not self._arg_prep(toks[k2].key):  # حذرت جهات محلية | من حدوث …
                k2 = extend_description(toks, j, k2, limit)
            k2 = self._entity_reach(j, k2, limit)
            k2 = self._quoted_reach(j, k2, limit)
            k2 = self._apposition(j, k2, limit)
            if "obj" in self.args:
                k2 = self._object_split(j, k2, limit)
            called = self._called(j, k2) if "ila" in self.args else k2
            if called > j:
                self.speaker = art.speakers.mention(toks, j, called)
                self.subj = (j, called)
                k = k2
                if called < k2:  # دعا البارزاني | حزب العمال إلى …: the party called upon
                    s, e = toks[called].start, toks[k2 - 1].end
                    self.addressee = {"start": s, "end": e, "text": art.text[s:e]}
        if self.cue.role == "via" and k < end:
            k = self.via_turn(k, end)
        return k

    def _scare_quote(self, k: int, end: int) -> bool:
        """True when token k opens a one-word quotation that the clause goes on after («استشهاد»
        أحد الضباط): a word the reporter distances himself from, not words said nor a name."""
        art = self.art
        q = art.quote_at(art.toks[k])
        if q is None or q.close is None or _words(art.text, q.start, q.end, 2) > 1:
            return False
        after = art.tok_at(q.close + 1)
        return after < end and art.toks[after].word and not in_class("marker", art.toks[after].key)

    def _feminine_after_masculine(self) -> bool:
        """True when a masculine singular verb (طالب، وصف، يطالب) is followed by a definite feminine
        head (الدول، الظاهرة، السلطات) that is no person's name: Arabic would say طالبت الدول, so
        the phrase is the verb's object and its subject is implicit."""
        form = canonical_key(self.cue.form)
        present = form.startswith("ي") and not form.endswith(("ون", "ان"))
        past = not form.startswith(("ت", "ي")) and not form.endswith(("ت", "وا", "تا"))
        t = self.art.toks[self.i1]
        if not (present or past) or not t.word or self.art.speakers.entity_at(t.start, t.end) is not None:
            return False
        w = t.text.rstrip("،,")
        return w.startswith("ال") and (w.endswith(("ة", "ات")) or canonical_key(w) in FEMININE_PLURALS)

    def _owned_object(self, limit: int) -> bool:
        """True when the word right after the cue is a verbal noun with a pronoun (وأكد دعمه،
        وجددت تمسكها) and no name: no entity there (نبيه بري) and no name-like word after it."""
        toks = self.art.toks
        t = toks[self.i1]
        if not _owned_noun(t) or self.art.speakers.entity_at(t.start, t.end) is not None:
            return False
        return self.i1 + 1 >= limit or not (toks[self.i1 + 1].word and name_like(toks[self.i1 + 1].key))

    def _object_split(self, j: int, k: int, limit: int) -> int:
        """The end of a subject phrase that may hold the object of أكد/نفى: cut by
        `object_inside`, else, when nothing after the phrase opens the content, before the last
        bare noun that follows an ال-word other than a title (الوزير الأردني | موقف بلاده)."""
        toks = self.art.toks
        head, nxt = toks[j].key, toks[j + 1] if j + 1 < k else None
        if (
            nxt is not None
            and not head.startswith("ال")
            and in_class("title", head)
            and nxt.word
            and not nxt.key.startswith("ال")
            and not (adjective_like(nxt.key) or in_class("title", nxt.key) or name_like(nxt.key))
            and j + 2 < k
            and toks[j + 2].key.startswith("ال")
            and not self._marker_ahead(k, limit)
            and not (k < limit and self._arg_prep(toks[k].key))  # أعلن تنظيم أحفاد الصحابة عن …
            and not (k < limit and (toks[k].text == ":" or self.art.quote_at(toks[k]) is not None))
        ):
            self.cut = True
            return j + 1  # أكدت مصادر | تقدم المعارضة: a bare noun after an unnamed source opens the object
        cut = object_inside(toks, j, k, limit)
        if cut != k or k >= limit or not toks[k].word or in_class("marker", toks[k].key):
            self.cut = cut != k
            return cut
        if self._arg_prep(toks[k].key) or is_l_prep(toks[k].key) or self._marker_ahead(k, limit):
            return k  # أعلن الوزير قاسم الفهداوي عن …، أعلن الوزير بدر باسلمه للصحفيين إن …
        known = self.art.speakers.known_name
        for n in range(k - 1, j, -1):
            if _object_start(toks, n) and not in_class("title", toks[n - 1].key) and not known(toks[n].key):
                self.cut = True
                return n
        return k

    def via_turn(self, k: int, end: int) -> int:
        """`نقلت الوكالة عن الوزير` / `نقلت صحيفة «حريت» عنه`: the subject so far passes the words
        on; the speaker is the phrase after عن, or the previous speaker for عنه/عنها/عنهم."""
        art, toks = self.art, self.art.toks
        if self.turned or k >= end:
            return k
        if toks[k].key == AN:
            j, k2 = chunk_forward(toks, k + 1, end)
            if k2 > j:
                self.turned = True
                if self.speaker is not None and not self.implicit:
                    add_via(self.via, _via_item(self.speaker))
                self.speaker, self.implicit = art.speakers.mention(toks, j, k2), False
                return k2
        elif toks[k].key in AN_PRONOUNS and art.last is not None:
            self.turned = True
            if self.speaker is not None and not self.implicit and self.speaker is not art.last:
                add_via(self.via, _via_item(self.speaker))
            self.speaker, self.implicit = art.last, True
            return k + 1
        return k

    def _outlets_between(self, k: int, stop: int) -> None:
        """Intermediaries between the subject and an object found first (طالب أبو ردينة في
        تصريح نشرته الوكالة الرسمية إسرائيلَ بـ …)."""
        toks = self.art.toks
        for n in range(k, stop):
            t = toks[n]
            if not ((in_class("published", t.key) or t.key == "مع" or is_l_prep(t.key)) and self._interview(n)):
                continue
            start = n if is_l_prep(t.key) else n + 1
            span, k2, quoted = self._outlet_span(start, stop, l_len(t.key) if start == n else 0)
            if k2 > start and is_outlet(span["text"], quoted=quoted, interview=True):
                append_via(self.via, {**span, "entity": self.art.speakers.entity_at(span["start"], span["end"])})
                return

    def _called(self, j: int, k: int) -> int:
        """Where the party called upon starts in a subject phrase of دعا/ناشد/طالب (دعا
        البارزاني حزب العمال إلى …): an indefinite title or body word right after a definite word
        or a name opens a new noun phrase; k when there is none."""
        toks = self.art.toks
        for n in range(j + 1, k):
            w, prev = toks[n].key, toks[n - 1].key
            if w.startswith("ال") or not in_class("title", w) or not toks[n - 1].word or w == "باسم":
                continue  # (المتحدث باسم …: باسم goes on with the title)
            if prev.startswith("ال") or name_like(prev):
                return n
        return k

    def _apposition(self, j: int, k: int, limit: int) -> int:
        """`أعلن محافظ عدن، نايف البكري، أمس …`: a name between commas right after a title is
        the title's name, part of the subject."""
        toks = self.art.toks
        if k <= j or k + 2 >= limit or toks[k].text not in "،," or not in_class("title", _bare_key(toks[j])):
            return k
        n = k + 1
        while n < limit and n - k <= 2 and toks[n].word and in_class("title", toks[n].key):
            n += 1  # المتحدث باسم الجيش، العميد سعد الحاج، …
        first = n
        while (
            n < limit
            and n - k <= 5
            and toks[n].word
            and n not in self.art.cue_at
            and not has_wa(toks[n].text)
            and (name_like(toks[n].key) or _name_part(toks, n))
        ):
            n += 1
        if n == first or n >= limit:
            return k
        if toks[n].text in "،," or in_class("marker", toks[n].key) or _adjunct_tok(toks[n]):
            return n
        return k

    def _quoted_reach(self, j: int, k: int, limit: int) -> int:
        """`أعلن تنظيم «أحفاد الصحابة» مسؤوليته`: a short quoted name right after a body's head
        word is its name, part of the subject."""
        art, toks = self.art, self.art.toks
        if k <= j or k >= limit or not in_class("title", toks[k - 1].key):
            return k
        q = art.quote_at(toks[k])
        if q is None or q.close is None or _words(art.text, q.start, q.end, 4) > 3:
            return k
        if any(in_class("first_person", canonical_key(w)) for w in art.text[q.start : q.end].split()):
            return k
        after = art.tok_at(q.close + 1)
        if after >= limit or not toks[after].word:
            return k  # قال الوزير «لن نقبل»: a quotation closing the sentence is what was said
        return after

    def _entity_reach(self, j: int, k: int, limit: int) -> int:
        """A phrase that stops inside a PER/ORG entity goes on to the entity's end, over words
        only (the NER model knows `المرصد السوري لحقوق الإنسان` is one name)."""
        art, toks = self.art, self.art.toks
        if k <= j:
            return k
        reach = art.speakers.entity_end(toks[j].start, toks[k - 1].end)
        if reach is None:
            return k
        n = art.tok_at(reach)
        if k < n <= limit and n - k <= 4 and all(
            toks[m].word and not in_class("marker", toks[m].key) and m not in art.cue_at for m in range(k, n)
        ):
            return n
        return k

    def _bi_clause(self, end: int) -> int | None:
        """The first بـ clause after the cue (اتهم فلاناً باستهداف …، وصفه بأنه …), before any
        other marker."""
        for k in range(self.i1, min(end, self.i1 + 12)):
            w = self.art.toks[k].key
            if in_class("marker", w) and w.startswith("ب") and k > self.i1 + 1:
                return k
            if in_class("marker", w) or w in (":",) or (not self.art.toks[k].word and w not in "،,"
                                                      and self.art.toks[k].text not in '«»“”"'):
                return None  # (a quoted name on the way is no boundary: لتنظيم "داعش" بأنه)
            if w.startswith("ب") and len(w) > 3 and w != "باسم" and count(w[1:]) > count(w):
                return k
        return None

    def _svo_i(self) -> int:
        """Where an SVO subject ends: before the cue, or before `كانت قد` in front of it
        (وزارة الدفاع كانت قد أعلنت)."""
        toks, i = self.art.toks, self.i0
        n = i
        while n > 0 and i - n < 2 and (toks[n - 1].key in ("قد", "لقد") or in_class("kana", toks[n - 1].key)):
            n -= 1
        return n if n < i and in_class("kana", toks[n].key) else i

    def _svo_ok(self) -> bool:
        toks, i0 = self.art.toks, self._svo_i()
        if i0 != self.i0 and toks[i0].key[:1] in "وف":
            return False  # وكانت الوزارة قد أعلنت: the subject follows كان
        if _proclitic(toks[self.i0], self.cue):
            return False
        if i0 == 0 or self.art.sent_index(toks[i0 - 1].start) != self.art.sent_index(toks[i0].start):
            return False
        prev = toks[i0 - 1]
        if prev.text in CLOSE_MARKS:
            return True
        return prev.word and not in_raw_class("particle", prev.text) and not in_raw_class("stop", prev.text)

    def _svo_subject(self) -> Mention | None:
        """The phrase before a cue without و/ف when it opens its clause (الوزير أكد أن …), or a
        quoted name right before it («المرصد» أعلن أن …)."""
        art, toks = self.art, self.art.toks
        q = art.by_close.get(toks[self.i0 - 1].start)
        if q is not None and _words(art.text, q.start, q.end, 6) <= 5:
            return art.speakers.mention(toks, art.tok_at(q.start), art.tok_at(q.end))
        s0 = art.tok_at(art.sent(toks[self.i0].start)[0])
        j, k2 = chunk_backward(toks, self._svo_i(), s0)
        if k2 > j and art.in_time(toks[j].start, toks[k2 - 1].end):
            return None  # وفي 19 يوليو قالت الوزارة: a date, the subject follows the verb
        if k2 > j and toks[self.i0].text.startswith("ي") and toks[j].text.rstrip("،,").endswith("ة"):
            return None  # المجموعة … يرجح أن: a masculine verb has no feminine subject before it
        if k2 <= j and self.i0 - s0 <= MAX_NP + 3:
            # مصادر ميدانية في المنطقة أبلغت …: a description with its في phrase opens the sentence
            j, k2 = chunk_forward(toks, s0, self.i0)
            k2 = extend_description(toks, j, k2, self.i0)
            if k2 != self.i0 or not _headed(toks, j, k2) or has_wa(toks[j].text):
                return None
        return art.speakers.mention(toks, j, k2) if k2 > j else None

    def clause_initial(self) -> bool:
        """True when only particles or punctuation stand between the clause start and the cue."""
        toks = self.art.toks
        k = self.i0 - 1
        while k >= 0 and in_raw_class("particle", toks[k].text):
            k -= 1
        return k < 0 or not toks[k].word or self.art.sent_index(toks[k].start) != self.art.sent_index(
            toks[self.i0].start
        )

    def resolve_implicit(self) -> None:
        """A cue without a subject: the subject of `وكان X، اعتبر`, else of a clause before it in
        its sentence (`قرر الجيش الحر …، حيث أصدروا بياناً أشاروا فيه`), else the last speaker."""
        if self.speaker is not None:
            return
        art = self.art
        n = art.sent_index(art.toks[self.i0].start)
        local = self._statement_owner() or self._kana_subject() or self._relative_antecedent() or (
            self._clause_subject() if art.last_sent != n or art.last is None else None)
        if local is not None:
            self.speaker = local
        elif art.last is not None and n - art.last_sent <= 4:
            self.speaker, self.implicit = art.last, True

    def _statement_owner(self) -> Mention | None:
        """`تصريحات للرئيس الأمريكي باراك أوباما أكد فيها أن …`، `في كلمة لوزير الخارجية قال فيها`:
        a cue followed by فيه/فيها speaks for the owner of the statement named right before it."""
        art, toks, i0 = self.art, self.art.toks, self.i0
        if self.i1 >= len(toks) or toks[self.i1].key not in ("فيه", "فيها") or self.cue.role != "verb":
            return None
        for p in range(i0 - 2, max(self._sentence_start(), i0 - 10) - 1, -1):
            w = toks[p].key
            if p in art.cue_at or not toks[p].word:
                return None
            if (in_class("interview", w) or in_class("document", w)) and is_l_prep(toks[p + 1].key):
                j, k = p + 1, i0
                if k - j > MAX_NP or not _headed(toks, j, k):
                    return None
                m = art.speakers.mention(toks, j, k)
                skip = l_len(toks[j].key)  # the mention starts after the لـ
                m.start += skip
                m.text = art.text[m.start : m.end]
                return m
        return None

    def _relative_antecedent(self) -> Mention | None:
        """`أبو يحيى التونسي الذي اعتبر أن …`، `الناشطة سعاد علي، التي قالت إن …`: a cue that opens
        a relative clause speaks for the name the relative pronoun follows -- a run of name
        words (with a nisba after them: التونسي) or a person's or body's entity ending there."""
        art, toks, i0 = self.art, self.art.toks, self.i0
        if self.cue.role != "verb" or i0 < 2 or _proclitic(toks[i0], self.cue):
            return None
        if not in_class("relative", toks[i0 - 1].key) or has_wa(toks[i0 - 1].text):
            return None
        k = i0 - 1 - int(toks[i0 - 2].text in "،,")
        lo = max(self._sentence_start(), k - MAX_NP)
        j = k
        while j > lo and toks[j - 1].word and not in_closed("stop", toks[j - 1].key) and (
            name_like(toks[j - 1].key) or in_class("name_link", toks[j - 1].key)
            or (j - 1 > lo and toks[j - 1].key.startswith("ال") and name_like(toks[j - 2].key) and j == k)
        ):
            j -= 1
        ent = next((e for e in reversed(art.speakers.ents) if e["end"] == toks[k - 1].end), None)
        if ent is not None and ent.get("label") in ("PER", "ORG") and ent["start"] < toks[j].start:
            j = art.tok_at(ent["start"])
        if j >= k or not _headed(toks, j, k) or any(p in art.cue_at for p in range(j, k)):
            return None
        return art.speakers.mention(toks, j, k)

    def _sentence_start(self) -> int:
        art = self.art
        return max(art.tok_at(art.sent(art.toks[self.i0].start)[0]), self.i0 - 30)

    def _kana_subject(self) -> Mention | None:
        """`وكان مصدر في المعارضة، اعتبر أن …`: the subject after كان, the cue its predicate."""
        art, toks, i0 = self.art, self.art.toks, self.i0
        if self.cue.role != "verb" or _proclitic(toks[i0], self.cue):
            return None
        for p in range(i0 - 1, max(self._sentence_start(), i0 - 15) - 1, -1):
            if in_class("kana", toks[p].key):
                break
            if p in art.cue_at:
                return None
        else:
            return None
        j, k = chunk_forward(toks, p + 1, i0)
        k = extend_document(toks, j, k, i0)
        if k <= j or not _headed(toks, j, k):
            return None
        return art.speakers.mention(toks, j, k)

    def _clause_subject(self) -> Mention | None:
        """The subject of the last verb-first clause before a coordinated cue in its sentence
        (`وبدأ هذا الجيش هجوماً …، وقال: إن …`). Continuation verbs (وأضاف، وتابع) keep the
        previous speaker instead."""
        art, toks, i0 = self.art, self.art.toks, self.i0
        if self.cue.role != "verb" or in_class("continuation", canonical_key(self.cue.lemma)):
            return None
        s0 = self._sentence_start()
        best: Mention | None = None
        for p in range(s0, i0 - 1):
            if p != s0 and toks[p - 1].text not in "،,-–" and not in_class("clause_link", toks[p - 1].key):
                continue
            w = toks[p].key
            if not toks[p].word or w.startswith("ال") or in_closed("stop", w) or p in art.cue_at or not name_like(w):
                continue
            j = p + 1 + int(in_class("demonstrative", toks[p + 1].key))
            jj, k = chunk_forward(toks, j, i0)
            # a bare word after a definite one starts the object (هذا الجيش | هجوماً)
            k = next((n for n in range(jj + 1, k) if _object_start(toks, n) and not in_class("title", toks[n].key)), k)
            if k > jj and _headed(toks, jj, k) and (toks[jj].key.startswith("ال") or j > p + 1):
                best = art.speakers.mention(toks, p + 1, k)
        return best

    # -- content

    def object_in_subject(self) -> dict[str, Any] | None:
        """`نفى الرئيس وجود اتفاق`: no content after the subject of a verb that takes an object,
        so the phrase took the object in. The object starts at the last bare (ال-less) noun
        right after an ال-word; the subject is the phrase before it."""
        if "obj" not in self.args or self.subj is None or self.implicit or not _headed(self.art.toks, *self.subj):
            return None
        toks, (j, k) = self.art.toks, self.subj
        known = self.art.speakers.known_name
        p = next((n for n in range(k - 1, j, -1) if _object_start(toks, n) and not known(toks[n].key)), None)
        if p is None:
            return None
        self.speaker = self.art.speakers.mention(toks, j, p)
        return self.indirect(p, min_words=2)

    def postposed(self) -> dict[str, Any] | None:
        """A quote closed just before the cue («…»، قال الوزير)."""
        toks, k = self.art.toks, self.i0 - 1
        while k >= 0 and toks[k].text in "،,":
            k -= 1
        if k < 0 or k == self.i0 - 1 or self.cue.role not in ("verb",) or self.speaker is None:
            return None
        q = self.art.by_close.get(toks[k].start)
        if q is None or self.art.is_consumed(q.start) or _words(self.art.text, q.start, q.end, 3) < 3:
            return None
        return self.direct(q)

    def scan(self, k: int, end: int) -> dict[str, Any] | None:
        """Walk from the subject to the content; None when another clause begins first."""
        art, toks = self.art, self.art.toks
        if self.obj_start is not None:
            self._outlets_between(k, self.obj_start)
            return self.indirect(self.obj_start)
        first = self._past_adjuncts(k, end)
        while k < end and k - self.i1 < MAX_FRAME:
            t = toks[k]
            if t.key == "ل" and k + 1 < end and (q := art.quote_at(toks[k + 1])) is not None and self._named(q, end):
                self._spoken_to({"start": q.start, "end": q.end, "text": art.text[q.start : q.end]}, k, quoted=True)
                k = art.tok_at(q.end + 1)
                continue
            if self.cue.role == "via" and not self.turned and (t.key == AN or t.key in AN_PRONOUNS):
                nk = self.via_turn(k, end)
                if nk > k:
                    k = nk
                    continue
            q = art.quote_at(t)
            if q is not None and q.close is not None and k > 0 and in_closed("naming", toks[k - 1].key):
                # أطلقت على نفسها «المقاومة الإسلامية …» مسؤوليتها: a name given, not words said
                k = first = art.tok_at(q.close + 1)
                continue
            if q is not None:
                if self._named(q, end) and self._told(k, first):
                    self._spoken_to({"start": q.start, "end": q.end, "text": art.text[q.start : q.end]}, k, quoted=True)
                    k = art.tok_at(q.end + 1)
                    continue
                if self._named(q, end):
                    self._absorb(q, k == first)
                    k = art.tok_at(q.end + 1)
                    continue
                if _words(art.text, q.start, q.end, 2) < 2:
                    if "obj" in self.args and k == first and self.speaker is not None and self._scare_quote(k, end):
                        return self.indirect(k, min_words=2)  # وأكدت القيادة «استشهاد» سيف …: the object
                    return None
                return self.direct(q)
            if t.text == ":":
                return self.after_colon(k + 1, end)
            if in_class("marker", t.key) and not _subordinate(toks, k):
                return self.after_marker(k + 1, end)
            if t.key in ("الي", "علي", AN, MIN, "ب") and k + 1 < end and in_class("marker", toks[k + 1].key):
                k += 1
                continue
            arg = self._arg_prep(t.key)
            if arg and k + 1 < end and (toks[k + 1].word or self._scare_quote(k + 1, end)):
                return self.indirect(k + 1)  # أعلنت القيادة عن «استشهاد» أحد الضباط: a word in scare quotes
            if (
                "ila" in self.args
                and t.key.startswith("لل")
                and len(t.key) > 4
                and all(toks[n].word for n in range(self.i1, k))
                and not self._addressee_like(t.key)
            ):
                return self.indirect(k)  # دعا البارزاني للانسحاب من …: لـ for إلى
            if ("bi" in self.args or self.whole) and _bi_noun(t) and not self._marker_ahead(k + 1, end):
                # أفاد المرصد بمقتل …: the fact after بـ; اتهامه لجهات بدعم …: the charge with it
                return self.indirect(k, skip=0 if self.charge else 1)
            c = match_cue(art, k)
            if c is not None:
                nk = self._inner_cue(c[0], k, c[1], end)
                if nk is None:
                    return None
                k = nk
                continue
            if is_l_prep(t.key) and (self._addressee_like(t.key) or outlet_from(toks, k, end)) and (
                    self.addressee is None or self._interview(k)):
                span, k2, quoted = self._outlet_span(k, end, l_len(t.key))
                self._spoken_to(span, k, quoted=quoted)
                k = self._outlet_aside(k2, end) if self.via and self.via[-1]["start"] == span["start"] else k2
                continue
            if (t.key == "مع" or in_class("published", t.key)) and self._interview(k) and k + 1 < end:
                # في اتصال هاتفي مع وكالة رويترز، في تصريح نشرته الوكالة الرسمية
                span, k2, quoted = self._outlet_span(k + 1, end, 0)
                if k2 > k + 1 and is_outlet(span["text"], quoted=quoted, interview=True):
                    append_via(self.via, {**span, "entity": self.art.speakers.entity_at(span["start"], span["end"])})
                    k = k2
                    continue
            if (
                "obj" in self.args
                and k == first
                and self.speaker is not None
                and (not self.implicit or _owned_noun(t))  # وأكدت وقوفها إلى جانب …: her standing
                and (self.subj is None or _headed(toks, *self.subj))
                and t.word
                and not in_raw_class("stop", t.text)
                and not in_raw_class("pp", t.text)
                and not in_raw_class("time", t.text)
                and not is_l_prep(t.key)
                and not is_b_prep(t.key)
                and not (has_wa(t.text) and not self.cut)  # استنكرت الدول الخليجية وجامعة الدول: one subject
                and (self.cut or not self._marker_ahead(k, end))
            ):
                return self.indirect(k, min_words=2)
            k += 1
        return None

    def _marker_ahead(self, k: int, end: int) -> bool:
        """True when an أن/إن marker comes within 15 tokens, before another cue: the content is
        there, and the words before it are adverbs (أكدت الحكومة، تزامناً مع الغارات، أنها …)."""
        art = self.art
        for n in range(k, min(end, k + 15)):
            if in_class("marker", art.toks[n].key) and not _subordinate(art.toks, n):
                return True
            if n in art.cue_at:
                return False
        return False

    def _past_adjuncts(self, k: int, end: int) -> int:
        """The first token after k that is no time word, date or pronoun preposition: where an
        object right after the subject starts (أعلنت المعارضة أمس مواصلة تقدمها، أعلن التلفزيون
        الاثنين 10 آب توقيف …)."""
        art, toks = self.art, self.art.toks
        while k < end:
            t = toks[k]
            if _adjunct_tok(t) or art.in_time(t.start, t.end) or t.text in "،,/":
                k += 1
            elif t.key == "في" and k + 1 < end and _said_word(toks[k + 1]):
                k += 2  # في بيان، في تصريح صحفي: how it was said
                while k < end and _said_word(toks[k]) and not in_class("document", toks[k].key):
                    k += 1
            else:
                return k
        return k

    def _outlet_span(self, k: int, end: int, skip: int) -> tuple[dict[str, Any], int, bool]:
        """(span, token after it, quoted) of the phrase at token k, `skip` characters of a لـ
        left out, with a quoted name right after it (لوكالة «سبوتنيك»)."""
        art, toks = self.art, self.art.toks
        j, k2 = chunk_forward(toks, k, end, addressee=True)
        s, e = toks[j].start + skip, toks[max(k2, j + 1) - 1].end
        quoted = False
        q = art.quote_at(toks[k2]) if k2 < end else None
        headed = k2 > j and in_class("media_head", strip_l(toks[k2 - 1].key))  # لجريدة «المدى»
        if q is not None and q.close is not None and (
            self._named(q, end) or (headed and _words(art.text, q.start, q.end, 5) <= 4)
        ):
            e, k2, quoted = q.close + 1, art.tok_at(q.close + 1), True
        return {"start": s, "end": e, "text": art.text[s:e]}, k2, quoted

    def _outlet_aside(self, k: int, end: int) -> int:
        """After an outlet named in words, its short name in brackets is the same intermediary
        named again (لهيئة الإذاعة البريطانية (بي.بي.سي)، لوكالة الأنباء الليبية (وال)): kept as a
        second via, read past. Returns the token after the brackets, or k."""
        toks = self.art.toks
        if k >= end or toks[k].text != "(":
            return k
        for n in range(k + 1, min(end, k + 8)):
            if toks[n].text == ")":
                s, e = toks[k + 1].start, toks[n - 1].end
                if n > k + 1 and is_outlet(self.art.text[s:e].replace(".", " "), quoted=True):
                    span = {"start": s, "end": e, "text": self.art.text[s:e]}
                    append_via(self.via, {**span, "entity": self.art.speakers.entity_at(s, e)})
                    return n + 1
                return k
        return k

    def _named(self, q: Quoted, end: int) -> bool:
        """A short quoted name inside the frame (أفاد «المرصد السوري»، لـ«الشرق الأوسط» أن …):
        the frame goes on after it to a marker, a colon or a longer quote. A first-person word
        makes it words said (“نحن الذين نفذنا الهجوم”), not a name."""
        if q.close is None or _words(self.art.text, q.start, q.end, 5) > 4:
            return False
        if any(in_class("first_person", canonical_key(w)) for w in self.art.text[q.start : q.end].split()):
            return False
        toks = self.art.toks
        for k in range(self.art.tok_at(q.close + 1), min(end, self.art.tok_at(q.close + 1) + 12)):
            t = toks[k]
            if in_class("marker", t.key) or t.text == ":" or self.art.quote_at(t) is not None:
                return True
        return False

    def _absorb(self, q: Quoted, at_subject: bool) -> None:
        """A quoted name right after the cue or the speaker's head noun is (part of) the speaker."""
        art = self.art
        if not at_subject:
            return
        if self.speaker is None or self.implicit:
            self.speaker = art.speakers.mention(art.toks, art.tok_at(q.start), art.tok_at(q.end))
            self.implicit = False
        elif self.speaker.start > self.art.toks[self.i0].start and self.speaker.end < q.open and _heads_a_name(
                art.toks[art.tok_at(q.open) - 1]):
            m = self.speaker
            m.end = q.close + 1 if q.close is not None else q.end
            m.text = art.text[m.start : m.end]
            if not m.named:
                m.canonical = canonical_key(art.text[q.start : q.end])

    def _arg_prep(self, w: str) -> bool:
        return (w == ILA and "ila" in self.args) or (w == AN and "an" in self.args) or (w == MIN and "min" in self.args)

    def _inner_cue(self, c: Cue, k: int, after: int, end: int) -> int | None:
        """A cue inside the frame: adopt a verbal noun, take an intermediary, or stop."""
        if c.role == "noun":
            self.cue_span = (self.art.toks[k].start, self.art.toks[after - 1].end)
            # جدد اتهامه لجهات بدعم …: an accusation noun takes its charge with بـ after the accused
            self.charge = "obj_bi" in c.args and "bi" not in self.args
            bi = {"bi"} if self.charge else set()
            self.lemma, self.stance, self.args = c.lemma, c.stance, c.args | self.args | bi
            return after
        if c.role == "follow" and c.lemma == "قال":
            return after
        if c.role == "source":
            src, k2, vias = source_np(self.art, after, end, verb_next=_ma_form(c))
            for v in [*vias, _via_item(src)] if src is not None else []:
                add_via(self.via, v)
            return k2
        if c.role == "relay":
            # ذكرت الصحيفة نقلاً عن مصادر أن …: the sources speak, the paper passes their words on
            src, k2, vias = source_np(self.art, after, end)
            if src is not None:
                if self.speaker is not None and not self.implicit:
                    append_via(self.via, _via_item(self.speaker))
                for v in vias:
                    append_via(self.via, v)
                self.speaker, self.implicit = src, False
            return k2
        return None

    def _addressee_like(self, w: str) -> bool:
        bare = strip_l(w)
        return (
            in_class("addressee", bare)
            or in_class("media_head", bare)
            or self.art.speakers.known_name(bare)
            or name_like(bare)
            or is_outlet(bare)
        )

    def _told(self, k: int, first: int) -> bool:
        """True when token k opens whom a `told` verb speaks to (أبلغت «الشرق الأوسط» أن): right
        after the verb, its subject standing before it."""
        return (
            "told" in self.args
            and k == first
            and self.speaker is not None
            and not self.implicit
            and self.speaker.end <= self.cue_span[0]
        )

    def _interview(self, k: int) -> bool:
        """True when the لـ at token k follows a word of an interview or a statement given to
        someone (في تصريح لـ، في حديث خاص لـ، في اتصال هاتفي مع)."""
        toks = self.art.toks
        return any(in_class("interview", toks[n].key) for n in range(max(k - 3, self.i1), k))

    def _spoken_to(self, span: dict[str, Any], k: int, *, quoted: bool = False) -> None:
        """The phrase after a لـ at token k: a news outlet passes the words on (قال لوكالة سبأ،
        في تصريح لـ«عكاظ») and is an intermediary; anyone else is spoken to (لنظيره)."""
        if is_outlet(span["text"], quoted=quoted, interview=self._interview(k)):
            append_via(self.via, {**span, "entity": self.art.speakers.entity_at(span["start"], span["end"])})
        elif self.addressee is None:
            self.addressee = span

    def after_colon(self, k: int, end: int) -> dict[str, Any] | None:
        toks = self.art.toks
        if k < len(toks) and (q := self.art.quote_at(toks[k])) is not None:
            return self.quoted_clause(q, k)
        if k < len(toks) and in_class("marker", toks[k].key):
            return self.after_marker(k + 1, end)
        return self.indirect(k, kind="direct", min_words=2)

    def after_marker(self, k: int, end: int) -> dict[str, Any] | None:
        toks = self.art.toks
        j = k
        while j < len(toks) and (toks[j].text == ":" or toks[j].key in ("انه", "انها", "ان")) and j - k < 2:
            j += 1
        if j < len(toks) and (q := self.art.quote_at(toks[j])) is not None:
            return self.quoted_clause(q, k)
        return self.indirect(k)

    def quoted_clause(self, q: Quoted, k: int) -> dict[str, Any] | None:
        """Content opening with a quotation: the quotation (direct) unless the clause goes on
        after it (`قال إن «…» وإن …`: one mixed quote over the clause) or the quotation is a
        single word (`أكد أن «داعش» …`: scare quotes inside indirect speech)."""
        art = self.art
        if q.close is None:
            return self.direct(q)
        one_word = _words(art.text, q.start, q.end, 2) < 2
        ind = self.indirect(k)
        if ind is not None and (one_word or _words(art.text, q.close + 1, ind["end"], 2) >= 2):
            return ind
        if one_word:
            return None
        return self.direct(q)

    def direct(self, q: Quoted) -> dict[str, Any] | None:
        self.art.consume(q.open, (q.close or q.end) + 1)
        return self.item("direct", q.start, q.end)

    def indirect(self, k: int, *, kind: str = "indirect", min_words: int = 1, skip: int = 0) -> dict[str, Any] | None:
        art = self.art
        if k >= len(art.toks):
            return None
        start = art.toks[k].start + skip
        end, kind = self._clause_end(k, kind)
        while end > start and art.text[end - 1] in TRAIL:
            end -= 1
        if end <= start or _words(art.text, start, end, min_words) < min_words:
            return None
        return self.item(kind, start, end)

    def _clause_end(self, k: int, kind: str) -> tuple[int, str]:
        """Where indirect content ends: the sentence end, a new report (وأضاف، مضيفاً) or بحسب."""
        art, toks = self.art, self.art.toks
        s_end = art.sent(toks[k].start)[1]
        j = k
        while True:
            stop = art.tok_at(s_end)
            o = _next(art.open_toks, j)
            e = _next(art.enders, max(j, k + 1))
            if o < stop and o < e:
                q = art.quote_at(toks[o])
                if q is None:
                    j = o + 1
                    continue
                if kind == "indirect" and _words(art.text, q.start, q.end, 2) > 1:
                    kind = "mixed"
                close = q.close if q.close is not None else q.end
                s_end = max(s_end, art.sent(close)[1] if close >= s_end else s_end)
                art.consume(q.open, close + 1)
                j = max(art.tok_at(close + 1), o + 1)
                continue
            if e < stop:
                cue, after = art.cue_at[e]
                if cue.role in ("source", "relay"):
                    src, _, vias = source_np(art, after, stop, verb_next=_ma_form(cue))
                    for v in [*vias, _via_item(src)] if src is not None else []:
                        add_via(self.via, v)
                if e - 1 > k and in_raw_class("particle", toks[e - 1].text):
                    e -= 1  # …، لكنه قال: the particle opens the next report
                return toks[e].start, kind
            return s_end, kind

    def item(self, kind: str, start: int, end: int) -> dict[str, Any]:
        s, e = self.cue_span
        cue_start = self.art.toks[self.i0].start
        if start > cue_start:
            self.art.consume(cue_start, start)
        if self.speaker is not None and (outlet := _reporter_outlet(self.art, self.speaker)) is not None:
            add_via(self.via, outlet)
        return {
            "kind": kind,
            "start": start,
            "end": end,
            "text": self.art.text[start:end],
            "speaker": speaker_item(self.speaker) if self.speaker else None,
            "cue": {"start": s, "end": e, "text": self.art.text[s:e], "lemma": self.lemma},
            "stance": self.stance,
            "via": self.via,
            "addressee": self.addressee,
        }


WORD_RE = re.compile(r"\S+")


def _words(text: str, start: int, end: int, most: int) -> int:
    """How many words text[start:end] holds, counting no further than `most`."""
    n = 0
    for _ in WORD_RE.finditer(text, start, end):
        n += 1
        if n >= most:
            break
    return n


def _headed(toks: Toks, j: int, k: int) -> bool:
    """True when a phrase can be a speaker: a title or an organisation word, or a name."""
    return any(
        in_class("title", t.key) or in_class("title", "ال" + t.key) or in_class("media_head", t.key) or name_like(t.key)
        for t in toks[j:k]
    )


def _object_start(toks: Toks, n: int) -> bool:
    """A bare noun right after an ال-word: in a speaker phrase only a name stands there, so in a
    phrase that must hold an object it is where the object starts."""
    t, prev = toks[n], toks[n - 1].key
    w = t.key
    if (w.startswith("ال") and not _al_root(w)) or not t.word or not prev.startswith("ال") or in_class("title", w):
        return False
    if w.startswith("ب") and w.endswith(("ه", "ها", "هم")):
        return False  # القطاع المصرفي بأكمله، الملف برمته: a بـ phrase with a pronoun, no object
    return not (in_closed("stop", w) or is_l_prep(w) or is_b_prep(w) or in_class("keep_l", w))


def _al_root(w: str) -> bool:
    """A bare noun whose first letters ال belong to its stem (التزام، التفاف، التقاء): the news
    counts know الـ + the word, and the rest alone is no word."""
    return count("ال" + w) > 0 and count(w[2:]) == 0


def _heads_a_name(tok: Tok) -> bool:
    """A word a quoted name may follow inside a speaker phrase (جماعة «…»، وكالة «…»، الناطق باسم
    «…»): a title or organisation word, an outlet head, or a naming word -- not an adjective
    (القيادة العامة للقوات المسلحة الإماراتية «استشهاد»: scare quotes after the phrase)."""
    w = tok.key
    return in_class("title", w) or in_class("title", "ال" + w) or in_class("media_head", w) or in_closed("naming", w)


def _owned_noun(tok: Tok) -> bool:
    """A verbal noun with a possessive pronoun (وقوفها، تمسكه، رفضهم): the object of أكد/أعلن whose
    subject is the previous speaker -- the pronoun names who stands, holds, refuses."""
    w = tok.key
    # a و that is a root letter (وقوفها، وصوله) passes: the count of ال + stem below tells it from
    # the conjunction (ودعمه: الودعم is no word)
    if not tok.word or w.startswith(("ال", "ف")) or len(w) < 4 or in_class("marker", w):
        return False
    if in_raw_class("pp", tok.text) or in_raw_class("stop", tok.text):
        return False
    stem = next((w[: -len(p)] for p in ("هما", "هم", "ها", "ه") if w.endswith(p)), None)
    if stem is None or count("ال" + stem) < OWNED_NOUN_COUNT:
        return False  # دعمه: الدعم is a news word; a name ending in ه (طه، وجيه) has no such noun
    stem = stem[:-1] + "ة" if stem.endswith("ت") else stem  # حكومته -> حكومة
    # متحدثها، رئيسه، حكومته: a title with a pronoun is someone who speaks, not an object
    return not any(in_class(c, stem) or in_class(c, "ال" + stem) for c in ("title", "relational", "media_head"))


def _np_end(tok: Tok) -> bool:
    """True when a noun phrase can end at this word: a definite word or a name."""
    return tok.word and (tok.key.startswith("ال") or name_like(tok.key))


def _bi_noun(tok: Tok) -> bool:
    """A بـ + verbal noun word (بمقتل، بفتح، بالإفراج), not a name (بشار) nor a marker (بأن)."""
    w = tok.key
    return tok.word and not in_class("marker", w) and (is_b_prep(w) or (w.startswith("بال") and len(w) > 4))


def _titled(m: Mention) -> bool:
    """True when a mention names someone: an entity, or a title or organisation word in it."""
    return m.entity is not None or any(in_class("title", canonical_key(w)) for w in m.text.split())


def _rhetorical(m: Mention) -> bool:
    """A subject that is an abstraction (الحقائق، الأرقام), not someone who speaks."""
    words = m.text.split()
    return bool(words) and not m.named and in_class("rhetorical", canonical_key(words[0]))


def _next(indexes: list[int], j: int) -> int:
    """The first of the sorted token indexes at or after j (a huge number when none is)."""
    n = bisect_left(indexes, j)
    return indexes[n] if n < len(indexes) else 1 << 62


def _proclitic(tok: Tok, cue: Cue) -> bool:
    """True when the cue word carries و/ف (a new coordinated clause: وأضاف، فقال)."""
    return tok.key != canonical_key(cue.form)


def l_len(word: str) -> int:
    """Characters of a لـ preposition to leave out of a span: 1, or 2 in لل (للصحفيين -> صحفيين)."""
    return 2 if word.startswith("لل") else 1


def add_via(vias: list[dict[str, Any]], item: dict[str, Any]) -> None:
    """Put an intermediary first (outermost), once."""
    if all(v["start"] != item["start"] for v in vias):
        vias.insert(0, item)


def append_via(vias: list[dict[str, Any]], item: dict[str, Any]) -> None:
    """Put an intermediary last (the one closest to the speaker), once."""
    if all(v["start"] != item["start"] for v in vias):
        vias.append(item)


def _reporter_outlet(art: Article, m: Mention) -> dict[str, Any] | None:
    """`مراسل الجزيرة`, `مراسل لوكالة فرانس برس`: the outlet a correspondent works for passes
    the report on; its span as an intermediary, or None."""
    words = m.text.split()
    if len(words) < 2 or not in_class("reporter", canonical_key(words[0])):
        return None
    start = m.start + len(words[0])
    while start < m.end and art.text[start].isspace():
        start += 1
    if art.text[start] == "ل" and is_l_prep(canonical_key(words[1])):
        start += l_len(canonical_key(words[1]))
    stop = m.end
    cut = art.text.find(" في ", start, stop)  # مراسل الجزيرة في بغداد: the place is no part of it
    stop = cut if cut >= 0 else stop
    text = art.text[start:stop].strip()
    if not text or not is_outlet(text, quoted=True):
        return None
    stop = start + len(text)
    return {"start": start, "end": stop, "text": text, "entity": art.speakers.entity_at(start, stop)}


def _attribution_verb(toks: Toks, cue: Cue, i1: int) -> int | None:
    """The verb of an attribution (حسبما [أكد]، بحسب ما [نقلت]), as a token index, or None."""
    vi = i1 if _ma_form(cue) else i1 + 1 if i1 < len(toks) and toks[i1].key in ("ما", "لما") else None
    return vi if vi is not None and vi < len(toks) and toks[vi].word else None


def _ma_form(cue: Cue) -> bool:
    """An attribution written with its ما (حسبما، وفقما): a verb follows it directly."""
    return canonical_key(cue.form).endswith("ما")


def _via_item(m: Mention) -> dict[str, Any]:
    return {"start": m.start, "end": m.end, "text": m.text, "entity": m.entity}


# ---- impersonal frames --------------------------------------------------------------------------


def _document(tok: Tok) -> bool:
    """A statement noun, with or without its accusative ا (أصدر بياناً، جاء في البيان)."""
    w = tok.key[1:] if has_wa(tok.text) else tok.key
    return tok.word and (in_class("document", w) or (w.endswith("ا") and in_class("document", w[:-1])))


def impersonal(art: Article, cue: Cue, i0: int, i1: int) -> dict[str, Any] | None:
    """`جاء في بيان صادر عن X أن …`, `ورد في التقرير أن …`, `وجاء فيه: «…»`: the document's
    issuer speaks; a document without one (البيان، فيه) is the previous speaker's."""
    toks = art.toks
    end = art.window_end(i0)
    f = Frame(art, cue, i0, i1)
    k = i1
    n = art.sent_index(toks[i0].start)
    recent = art.last if art.last is not None and n - art.last_sent <= 3 else None
    if toks[i1 - 1].key in ("في", "وفي"):
        if i1 >= end or not _document(toks[i1]):
            return None
        j, k0 = chunk_forward(toks, i1, end)
        k = extend_document(toks, j, k0, end)
        if k > k0 or recent is None:
            f.speaker = art.speakers.mention(toks, j, k)
        else:
            f.speaker, f.implicit = recent, True
    elif recent is not None:
        f.speaker, f.implicit = recent, True
    if f.speaker is None:
        return None
    q = f.scan(k, end)
    if q is not None:
        art.last, art.last_sent = f.speaker, n
    return q


def issue(art: Article, cue: Cue, i0: int, i1: int) -> None:
    """`أصدرت وزارة الخارجية بياناً`: no content, but its subject is whom a following `وجاء فيه`
    or `وأضاف البيان` speaks for."""
    toks = art.toks
    end = min(art.window_end(i0), i1 + MAX_NP + 1)
    d = next((n for n in range(i1, end) if _document(toks[n])), None)
    if d is None:
        return None
    f = Frame(art, cue, i0, i1)
    sp: Mention | None = None
    if d > i1:
        j, k = chunk_forward(toks, skip_adjuncts(toks, i1, d), d)
        if k > j and _headed(toks, j, k):
            sp = art.speakers.mention(toks, j, k)
    elif f._svo_ok():
        sp = f._svo_subject()
    if sp is not None:
        art.last, art.last_sent = sp, art.sent_index(toks[i0].start)
    return None


# ---- attributions and headlines ---------------------------------------------------------------


def source_np(
    art: Article, k: int, end: int, *, verb_next: bool = False
) -> tuple[Mention | None, int, list[dict[str, Any]]]:
    """The noun phrase of an attribution (بحسب [ما أعلنت] X، وفقاً لـ X، نقلاً عن X، حسبما أفاد X)
    with the token after it and the intermediaries in front of it: `بحسب ما نقلت X عن Y` is
    Y, with X passing the words on."""
    toks = art.toks
    verb: int | None = None
    if verb_next and k < end and toks[k].word and not in_class("marker", toks[k].key):
        verb, k = k, k + 1  # حسبما [أفاد] …: the word after the attribution is a verb
    elif k + 1 < end and toks[k].key in ("ما", "لما") and toks[k + 1].word:
        verb, k = k + 1, k + 2  # بحسب ما [أعلنت|رصد|أفاد] …: the word after ما is a verb
    if k < end and toks[k].key == AN:
        k += 1
    if k >= end:
        return None, k, []
    m, k2 = _source_phrase(art, k, end)
    if m is None:
        return None, k, []
    if verb is not None and k2 + 1 < end and toks[k2].key == AN and (c := cue_of(toks[verb])) and c.role == "via":
        inner, k3 = _source_phrase(art, k2 + 1, end)
        if inner is not None:
            return inner, k3, [_via_item(m)]
    # بحسب ما ذكر مصدر أمني في المخيم لوكالة فرانس برس: the outlet told passes the words on
    outlet = _outlet_after(art, k2, end)
    return m, k2, [outlet] if outlet is not None else []


def _outlet_after(art: Article, k: int, end: int) -> dict[str, Any] | None:
    """A `لـ` + news outlet within a few words after token k, before any marker or cue."""
    toks = art.toks
    for n in range(k, min(end, k + 8)):
        t = toks[n]
        if in_class("marker", t.key) or n in art.cue_at or (not t.word and t.key != "ل"):
            return None
        if t.key == "ل" and n + 1 < end and (q := art.quote_at(toks[n + 1])) is not None:
            span = (q.start, q.end)
            quoted = True
        elif is_l_prep(t.key) and (in_class("media_head", strip_l(t.key)) or is_outlet(strip_l(t.key))):
            j, k2 = chunk_forward(toks, n, end, addressee=True)
            span, quoted = (toks[j].start + l_len(t.key), toks[k2 - 1].end), False
        else:
            continue
        text = art.text[span[0] : span[1]]
        if is_outlet(text, quoted=quoted):
            return {"start": span[0], "end": span[1], "text": text, "entity": art.speakers.entity_at(*span)}
        return None
    return None


def _source_phrase(art: Article, k: int, end: int) -> tuple[Mention | None, int]:
    """A source's noun phrase at k (after لـ as well: وفقاً لـ«سونا»)."""
    toks = art.toks
    addressee = is_l_prep(toks[k].key)
    j, k2 = chunk_forward(toks, k, end, addressee=addressee)
    if k2 <= j or not sourcey([strip_l(t.key) if n == 0 and addressee else t.key for n, t in enumerate(toks[j:k2])]):
        return None, k
    if not addressee:
        k2 = extend_description(toks, j, k2, end)  # مصدر أمني في المخيم
    q = art.quote_at(toks[k2]) if k2 < end and in_class("title", toks[k2 - 1].key) else None
    if q is not None and q.close is not None and _words(art.text, q.start, q.end, 4) <= 3:
        k2 = art.tok_at(q.close + 1)  # بحسب منظمة «يش دين» الإسرائيلية
        while k2 < end and toks[k2].key.startswith("ال") and adjective_like(toks[k2].key):
            k2 += 1
    if k2 < end and in_class("self", toks[k2].key):
        k2 += 1  # بحسب المصادر نفسها
    m = art.speakers.mention(toks, j, k2)
    if m is not None and addressee:
        m.start += l_len(toks[j].key)
        m.text = art.text[m.start : m.end]
    return m, k2


def attributed(art: Article, cue: Cue, i0: int, i1: int, out: list[dict[str, Any]]) -> dict[str, Any] | None:
    """A reported fact (… بحسب ما أعلنت وزارة الدفاع) or an intermediary of the quote before."""
    toks = art.toks
    s0, s1 = art.sent(toks[i0].start)
    end = art.tok_at(s1)
    ma = _ma_form(cue)
    vi = _attribution_verb(toks, cue, i1)
    verb = cue_of(toks[vi]) if vi is not None else None
    vk = vi if verb is not None and verb.role in ("verb", "via") else None
    src, k2, vias = source_np(art, i1, end, verb_next=ma)
    if src is None:
        return None
    before = art.text[s0 : toks[i0].start].strip(TRAIL + "و")
    opens = _words(before, 0, len(before), 2) <= 1
    start_tok = k2
    while start_tok < end and not toks[start_tok].word:
        start_tok += 1
    # `وبحسب مصادر محلية، فإن …` opens a report of its own; otherwise an attribution right
    # after a quote (`«…»، بحسب الوكالة`) names who passed that quote on
    own = opens and start_tok < end and _words(art.text, toks[start_tok].start, s1, 3) >= 3
    prev = None if own else _quote_before(art, out, toks[i0].start, s0)
    if prev is not None:
        for v in vias or [_via_item(src)]:
            add_via(prev["via"], v)
        return None
    if opens:
        if start_tok >= end:
            return None
        c = art.cue_at.get(start_tok)
        if c is not None and c[0].role in ("verb", "via") and not _proclitic(toks[start_tok], c[0]):
            # ووفقاً لسكاي نيوز، أفادت مصادر أن …: the report that follows came through the source
            art.pending_via[start_tok] = [*vias, _via_item(src)]
            return None
        if start_tok + 1 < end and in_class("marker", toks[start_tok].key) and toks[start_tok + 1].word:
            start_tok += 1  # وبحسب مصادر، فإن …: the content starts after the marker
        start, stop = toks[start_tok].start, s1
        if not _rhetorical(src):
            art.last, art.last_sent = src, art.sent_index(toks[i0].start)  # وأشارت إلى أن …: the same sources
    else:
        start, stop = s0, toks[i0].start
    while stop > start and art.text[stop - 1] in TRAIL:
        stop -= 1
    if _words(art.text, start, stop, 3) < 3:
        return None
    cs, ce = (toks[vk].start, toks[vk].end) if vk is not None else (toks[i0].start, toks[i1 - 1].end)
    lemma = verb.lemma if vk is not None and verb is not None else cue.lemma
    stance = verb.stance if vk is not None and verb is not None else cue.stance
    return {
        "kind": "indirect",
        "start": start,
        "end": stop,
        "text": art.text[start:stop],
        "speaker": speaker_item(src),
        "cue": {"start": cs, "end": ce, "text": art.text[cs:ce], "lemma": lemma},
        "stance": stance,
        "via": vias,
        "addressee": None,
    }


GAP = frozenset(TRAIL + "”»\"“«")


def _quote_before(art: Article, out: list[dict[str, Any]], pos: int, s0: int) -> dict[str, Any] | None:
    """The quote an attribution at pos hangs on: one ending in this sentence, or just before a
    sentence that holds nothing but the attribution (the latest found of those)."""
    lo = pos
    while lo > 0 and pos - lo < MAX_SENT and (art.text[lo - 1] in GAP or art.text[lo - 1].isspace()):
        lo -= 1
    a = bisect_left(art.ends, (min(s0 - 1, lo), -1))
    b = bisect_right(art.ends, (pos, len(out)))
    best = -1
    for end, n in art.ends[a:b]:
        if n > best and (end >= lo or (end >= s0 - 1 and out[n]["kind"] != "headline")):
            best = n
    return out[best] if best >= 0 else None


def _continued(art: Article, out: list[dict[str, Any]], q: Quoted) -> dict[str, Any] | None:
    """A quotation with no cue of its own right after a direct quote (nothing but punctuation
    and spaces between them): the same speaker goes on (`قال: "…".  "…"`)."""
    if _words(art.text, q.start, q.end, 4) < 4 or art.in_boilerplate(q.start, q.end):
        return None
    lo = q.open
    while lo > 0 and q.open - lo < 200 and (art.text[lo - 1] in GAP or art.text[lo - 1].isspace()):
        lo -= 1
    a = bisect_left(art.ends, (lo, -1))
    b = bisect_right(art.ends, (q.open + 1, len(out)))
    prev = max((n for _, n in art.ends[a:b]), default=-1)
    if prev < 0 or out[prev]["kind"] not in ("direct", "mixed") or out[prev]["speaker"] is None:
        return None
    art.consume(q.open, (q.close or q.end) + 1)
    return {**out[prev], "kind": "direct", "start": q.start, "end": q.end, "text": art.text[q.start : q.end],
            "via": list(out[prev]["via"])}


def _add(art: Article, out: list[dict[str, Any]], q: dict[str, Any]) -> None:
    """Append a quote and index its end (for `_quote_before`)."""
    insort(art.ends, (q["end"], len(out)))
    out.append(q)


def headline(art: Article) -> dict[str, Any] | None:
    """`فلان: …` in the title line (optionally with a cue: `المعارضة محذرة الأسد: …`)."""
    span = art.doc._.title_span
    if not span:
        return None
    toks = art.toks
    a, b = art.tok_at(span[0]), art.tok_at(span[1])
    colon = next((k for k in range(a, b) if toks[k].text == ":"), None)
    if colon is None or colon == a or colon - a > 7 or colon + 1 >= b:
        return None
    if in_class("head_skip", toks[a].key) or any(not t.word for t in toks[a:colon]):
        return None
    cue_k = next((k for k in range(a, colon) if (c := cue_of(toks[k])) and c.role in ("verb", "follow")), None)
    sp_end = cue_k if cue_k is not None and cue_k > a else colon
    j, k = chunk_forward(toks, a, sp_end)
    if k + 1 < sp_end and toks[k].key == "في" and _place_only(art, toks[k + 1].start, toks[sp_end - 1].end):
        k = sp_end  # المقاومة الشعبية في اليمن: …
    if k != sp_end:
        return None
    place = _place_only(art, toks[j].start, toks[k - 1].end)
    if not place and not any(
        name_like(t.key) or in_class("title", t.key) or in_class("media_head", t.key) for t in toks[j:k]
    ) and not _named_body(art, toks[j].start, toks[k - 1].end):
        return None
    if cue_k is None and place and not _statement(art, colon + 1, b):
        return None  # `تركيا: مقتل 30 …` is a dateline or a topic, not Turkey speaking
    speaker = art.speakers.mention(toks, j, k)
    if speaker is None:
        return None
    art.last, art.last_sent = speaker, art.sent_index(toks[a].start)
    q = art.quote_at(toks[colon + 1])
    start, end = (q.start, q.end) if q else (toks[colon + 1].start, toks[b - 1].end)
    while end > start and art.text[end - 1] in TRAIL:
        end -= 1
    cue_tok = toks[cue_k] if cue_k is not None else toks[colon]
    c = cue_of(cue_tok)
    return {
        "kind": "headline",
        "start": start,
        "end": end,
        "text": art.text[start:end],
        "speaker": speaker_item(speaker),
        "cue": {"start": cue_tok.start, "end": cue_tok.end, "text": cue_tok.text, "lemma": c.lemma if c else "قال"},
        "stance": c.stance if c else "neutral",
        "via": [],
        "addressee": None,
    }


def _named_body(art: Article, start: int, end: int) -> bool:
    """True when an ORG or PER entity covers the phrase (الصحة اليمنية، التلفزيون السوري)."""
    return any(
        e.get("label") in ("ORG", "PER") and e["start"] <= start and end <= e["end"]
        for e in art.doc._.entities or []
        if isinstance(e.get("start"), int) and isinstance(e.get("end"), int)
    )


def _place_only(art: Article, start: int, end: int) -> bool:
    """True when the phrase is nothing but a place name (a country, a city)."""
    spans = [(p["start"], p["end"]) for p in art.doc._.places or []]
    spans += [(e["start"], e["end"]) for e in art.doc._.entities or [] if e.get("label") in ("GPE", "LOC")]
    return any(s <= start and end <= e for s, e in spans if isinstance(s, int) and isinstance(e, int))


def _statement(art: Article, k: int, b: int) -> bool:
    """True when a headline after `X:` reads as someone's words: a quotation, a question, a
    first-person word (معنا، نرفض) or a negation opening it (لا، لن) -- not a report (مقتل 30 …)."""
    toks = art.toks
    if k >= b:
        return False
    if in_class("deny_start", toks[k].key):
        return True
    for t in toks[k:b]:
        if t.text in "«»“”\"?؟" or in_class("first_person", t.key):
            return True
        w = t.key
        if len(w) > 3 and w.endswith("نا") and not w.endswith("انا") and count(w[:-2]) > 0:
            return True
    return False


def nest(art: Article, quotes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`ذكرت الوكالة أن الوزير قال إن …`: the inner report keeps its speaker and gains the
    outer speaker as intermediary; the outer one is dropped. Inner cues are looked up by offset
    among those at most 8 words into the outer content."""
    cues = sorted((q["cue"]["start"], n) for n, q in enumerate(quotes))
    drop: set[int] = set()
    for n, outer in enumerate(quotes):
        if outer["kind"] not in ("indirect", "mixed") or outer["speaker"] is None:
            continue
        best = None
        for cs, m in cues[bisect_left(cues, (outer["start"], -1)) :]:
            if cs >= outer["end"] or _words(art.text, outer["start"], cs, 9) > 8:
                break
            inner = quotes[m]
            if m != n and inner["speaker"] is not None and inner["speaker"] != outer["speaker"]:
                best = m if best is None else min(best, m)
        if best is not None:
            inner = quotes[best]
            inner["via"] = outer["via"] + [_via_item_from(outer["speaker"])] + inner["via"]
            drop.add(n)
    return [q for n, q in enumerate(quotes) if n not in drop]


def _via_item_from(sp: dict[str, Any]) -> dict[str, Any]:
    return {"start": sp["start"], "end": sp["end"], "text": sp["text"], "entity": sp.get("entity")}
