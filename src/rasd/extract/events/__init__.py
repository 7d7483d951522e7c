"""The `events` component: ACLED-coded events from triggers, with their arguments and evidence.

Per sentence (never in boilerplate): find triggers (`event_triggers.tsv`), drop the negated,
denied, threatened, hypothetical or attempted ones and mark summaries (`event_negators.tsv`),
refine generic triggers by instrument cues (قصف + طائرات -> air strike), keep weak triggers only
when the sentence anchors them, then read date, place, actors, casualties and source. Mentions of
one event (same type, day and place) merge into one event holding all their evidence. Totals
over a period are summaries: dropped unless the component is built with `keep_summaries`. Events
the report tells as history (a date long before publication) are kept and marked `background`
(`keep_background=False` leaves them out of the record).
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from rasd.extract.base import init_doc, next_id
from rasd.extract.events import args, victims
from rasd.extract.events import index as events_index
from rasd.extract.events.lexicon import Hit, clause_breaks, modality, onesided, triggers, warm
from rasd.text.chars import DIACRITICS_RE

QUOTE_RE = re.compile(r"“[^”\n]{0,2000}”|«[^»\n]{0,2000}»|\"[^\"\n]{0,2000}\"|„[^“”\n]{0,2000}[“”]")
ARMED = (1, 2, 3, 4, 8)
ARMED_VICTIMS = ("fighters", "soldiers")
CIVILIAN_VICTIMS = ("civilians", "children", "women")
# A line that opens with a year and a dash ("1953 - ..."): an entry of an "on this day" list.
YEAR_LINE_RE = re.compile(r"\s*[*•]?\s*(1[5-9]\d\d|20\d\d)\s*[-–—:]\s")
# Two-sided words: "مواجهات بين الأهالي وقوات الأمن" is a riot when one side is unarmed, not an attack.
CONFRONTATION_RE = re.compile("مواجه")  # casualty `who` values of armed people
VIOLENCE = ("Battles", "Explosions/Remote violence", "Violence against civilians")
TERRITORY = ("Government regains territory", "Non-state actor overtakes territory")
DEFAULT_WINDOW = 6
MAX_SENTENCE = 2000
MAX_GROUPS_BACK = 40
BACKGROUND_DAYS = 45
COARSE_FALLBACKS = ("previous-coarse", "admin1", "country")


@dataclass
class Mention:
    """One sentence's report of one event (before merging)."""

    event_type: str
    sub_event_type: str
    hit: Hit
    sent: tuple[int, int]
    sent_index: int
    strong: bool
    title: bool = False
    summary: bool = False
    ongoing: bool = False
    no_casualties: bool = False
    absorbed: bool = False
    fighters: bool = False
    trigger: str = ""  # the trigger's matching key
    period: bool = False  # a summary only by a period cue (منذ أسابيع): undone by a day of its own
    quoted: bool = False
    hedged: bool = False
    said: bool = False  # a strong trigger inside quoted speech ("«فجر انتحاري نفسه في السوق»")
    date: str | None = None
    time_precision: int | None = None
    date_explicit: bool = False
    location: dict[str, Any] | None = None
    fallback: dict[str, Any] | None = None
    background: bool = False
    history: bool = False  # right after منذ: the past a present state dates from ("منذ سيطرت الجماعة")
    actor1: dict[str, Any] | None = None
    actor2: dict[str, Any] | None = None
    source: dict[str, Any] | None = None
    killed: int | None = None
    injured: int | None = None
    harmed: bool = False  # its clause tells of dead or wounded, counted or not ("سقوط قتلى وجرحى")
    civilians_hurt: bool = False  # every dead or wounded its clause counts is a civilian, a child or a woman
    extra: list[tuple[int, int]] = field(default_factory=list)
    coord: list[dict[str, Any]] = field(default_factory=list)


@Language.factory("rasd_events", default_config={"keep_summaries": False, "keep_background": True})
def make_events(nlp: Language, name: str, keep_summaries: bool, keep_background: bool) -> EventsComponent:
    """spaCy factory: `nlp.add_pipe("rasd_events", config={"keep_summaries": True})` keeps summaries;
    `"keep_background": False` drops the events told as history instead of marking them."""
    return EventsComponent(keep_summaries=keep_summaries, keep_background=keep_background)


class EventsComponent:
    """Fills `doc._.events`."""

    def __init__(self, *, keep_summaries: bool = False, keep_background: bool = True) -> None:
        self.keep_summaries = keep_summaries
        self.keep_background = keep_background
        warm()

    def __call__(self, doc: Doc) -> Doc:
        init_doc(doc)
        doc._.events = find_events(doc, keep_summaries=self.keep_summaries, keep_background=self.keep_background)
        return doc


def find_events(doc: Doc, *, keep_summaries: bool = False, keep_background: bool = True) -> list[dict[str, Any]]:
    """The events of a `Doc` whose earlier components have run."""
    ix = events_index.build(doc)
    if not ix.text.strip():
        return []
    key = ix.key
    kept = [ix.outside_boilerplate(*s) for s in (doc._.sentence_spans or [(0, len(ix.text))])]
    units = [(c, p) for s in kept if s is not None for p in _chunks(key, s) for c in _clauses(key, p)]
    sents = [c for c, _ in units]
    quotes = _quote_regions(doc, ix.text)
    mentions: list[Mention] = []
    prev: tuple[int, int] | None = None  # the sentence before the current one
    for i, (sent, parent) in enumerate(units):
        if i and units[i - 1][1] != parent:
            prev = units[i - 1][1]
        nxt = sents[i + 1] if i + 1 < len(sents) else None
        found = sentence_mentions(doc, key, sent, i, quotes, nxt, parent, prev)
        if found:
            mentions.extend(found)
        else:
            _attach_casualties(doc, sent, i, mentions)
    return merge(doc, key, mentions, sents, keep_summaries=keep_summaries, keep_background=keep_background)


def _chunks(key: str, sent: tuple[int, int]) -> list[tuple[int, int]]:
    """A sentence cut at spaces into pieces of at most MAX_SENTENCE characters: arguments are read
    within a sentence, so an unpunctuated megabyte must not become one quadratic sentence."""
    start, end = sent
    out = []
    while end - start > MAX_SENTENCE:
        cut = key.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out


def _clauses(key: str, sent: tuple[int, int]) -> list[tuple[int, int]]:
    """A sentence cut where a connector opens another incident (`event_clauses.tsv`)."""
    piece = key[sent[0] : sent[1]]
    if DIACRITICS_RE.search(piece):  # "جبل الزاوية.. وقُتل 15 آخرون": connectors are listed bare
        bare, at = events_index._strip_marks(piece)
        cuts = [sent[0] + at[m.start()] for m in clause_breaks().finditer(bare)]
    else:
        cuts = [m.start() for m in clause_breaks().finditer(key, *sent)]
    bounds = [sent[0], *cuts, sent[1]]
    return [(a, b) for a, b in pairwise(bounds) if b > a]


class Regions:
    """Spans of quoted speech (the quotes component's direct quotes, and text inside quotation
    marks), merged so a position is looked up by bisect."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for s, e in sorted(spans):
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        self.starts = [s for s, _ in merged]
        self.ends = [e for _, e in merged]

    def holds(self, pos: int) -> bool:
        i = bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.ends[i]


def _quote_regions(doc: Doc, text: str) -> Regions:
    regions = [(q["start"], q["end"]) for q in doc._.quotes or []
               if q.get("kind") in ("direct", "mixed") and isinstance(q.get("start"), int)
               and isinstance(q.get("end"), int)]
    regions += [m.span() for m in QUOTE_RE.finditer(text) if m.end() - m.start() > 24]
    return Regions(regions)


# ---------------------------------------------------------------- one sentence

def sentence_mentions(doc: Doc, key: str, sent: tuple[int, int], index: int,
                      quotes: Regions, nxt: tuple[int, int] | None,
                      parent: tuple[int, int] | None = None,
                      prev: tuple[int, int] | None = None) -> list[Mention]:
    """The event mentions of one sentence (one per event type)."""
    ix = events_index.index_of(doc)
    rows, _ = triggers()
    hits = ix.triggers.find(*sent)
    if not hits:
        return []
    mrows, mmatcher = modality()  # scanned only in sentences with a trigger
    mods = [m for m in _find_bare(mmatcher, key, sent) if not any(m.start >= h.start and m.end <= h.end for h in hits)]
    summaries = [m for m in mods if mrows[m.row]["effect"] in ("summary", "period")]
    periods_only = all(mrows[m.row]["effect"] == "period" for m in summaries)
    bounds = [m.start for m in mods if mrows[m.row]["effect"] == "scope"]
    summary = bool(summaries)
    ongoing = any(mrows[m.row]["effect"] == "ongoing" for m in mods)
    no_cas = any(mrows[m.row]["effect"] == "no_casualties" for m in mods)
    cues = [h for h in hits if rows[h.row]["role"] == "cue"]
    title = _is_title(doc, sent)
    best: dict[str, Mention] = {}
    for h in hits:
        row = rows[h.row]
        if row["role"] in ("cue", "block"):
            continue
        effect = _modality(key, h, row, mods, mrows)
        if effect == "cancel":
            continue
        strong = row["role"] == "strong" and effect != "weaken"
        quoted = quotes.holds(h.start)
        sub = row["sub_event_type"]
        if row["role"] == "weak":
            sub = _refine(key, h, row, cues, rows) or sub
        m = Mention(row["event_type"], sub, h, sent, index, strong and not quoted, title=title,
                    summary=summary and _in_scope(h, summaries, bounds), ongoing=ongoing, no_casualties=no_cas,
                    quoted=quoted,
                    hedged=quoted or effect == "weaken", trigger=key[h.start : h.end],
                    period=summary and periods_only, said=strong and quoted,
                    history=_history(key, h, mods, mrows))
        cur = best.get(m.event_type)
        if cur is None or _better(m, cur):
            best[m.event_type] = m
    if any(m.strong for m in best.values()):
        best = {t: m for t, m in best.items() if m.strong or _other_type_ok(m, best) or _killing_beside(m, best)}
    spare: Mention | None = None
    if len(best) > 1 and any(t in VIOLENCE[:2] for t in best):
        # "قتل 5 في غارة": the killing is the strike's (or the clash's) consequence, not a second event;
        # beside an arrest or a raid ("استشهد شاب برصاص القوات خلال مداهمة") it is an event of its own.
        spare = best.get("Violence against civilians")
        best = {t: m for t, m in best.items() if not (t == "Violence against civilians" and not m.strong)}
        if spare is not None and spare.strong:
            spare = None
    if "Explosions/Remote violence" in best and "Battles" in best and not best["Battles"].strong:
        del best["Battles"]  # "هاجم الجيش البلدة ... في تكثيف للقصف الجوي": the attack is the strike
    if "Riots" in best and "Battles" in best and (not best["Battles"].strong
                                                  or CONFRONTATION_RE.search(best["Battles"].trigger)):
        del best["Battles"]  # "اندلعت مواجهات رشق خلالها الشبان الجنود بالحجارة": the confrontation is the riot
    out: list[Mention] = []
    for m in sorted(best.values(), key=lambda m: m.hit.start):
        _fill(doc, key, m, nxt, [x.hit.start for x in best.values()], parent or sent, prev, quotes)
        if _passes(doc, key, m):
            m.background = not m.summary and (_background(m, doc) or _told_as_history(m))
            out.extend(_per_place(m))
    if spare is not None and not any(m.event_type in VIOLENCE for m in out):
        # the strike or clash the killing was the consequence of is no event ("قتل رضيع في هجوم" where
        # the attack names no armed side): the killing is then reported for itself
        _fill(doc, key, spare, nxt, [spare.hit.start], parent or sent, prev, quotes)
        if _passes(doc, key, spare):
            spare.background = not spare.summary and (_background(spare, doc) or _told_as_history(spare))
            out.extend(_per_place(spare))
    return out


def _passes(doc: Doc, key: str, m: Mention) -> bool:
    """The gates a filled mention must pass to be an event."""
    return bool((m.strong or (_anchored(m) and _armed(m))) and _specific(m, doc) and _between_parties(m, key)
                and _placed(m))


def _better(m: Mention, cur: Mention) -> bool:
    """Which trigger of a type speaks for the sentence: a strong one; then, between two sub-types,
    the one that names the weapon over a bare targeting verb ("انفجار يستهدف دورية" is a bomb, not
    shelling); then the table's order."""
    if m.strong != cur.strong:
        return m.strong
    if m.sub_event_type != cur.sub_event_type and _targeting(m) != _targeting(cur):
        return _targeting(cur)
    return m.hit.row < cur.hit.row


def _targeting(m: Mention) -> bool:
    return "ستهد" in m.trigger  # استهدف، يستهدف، تستهدف، مستهدف


def _find_bare(matcher: Any, key: str, sent: tuple[int, int]) -> list[Hit]:
    """A table's hits in a sentence, read without the diacritics the text may write ("لم يُقتل")."""
    piece = key[sent[0] : sent[1]]
    if not DIACRITICS_RE.search(piece):
        return matcher.find(key, *sent)
    bare, at = events_index._strip_marks(piece)
    return [Hit(sent[0] + at[h.start], sent[0] + at[h.end - 1] + 1, h.row)
            for h in matcher.find(bare) if h.end > h.start]


def _per_place(m: Mention) -> list[Mention]:
    """One mention per place of a coordinated list (ACLED: one event per type, day and place).
    A figure given for the whole list is divided evenly, the remainder to the first place."""
    if not m.coord:
        return [m]
    n = len(m.coord) + 1
    split = [None if m.killed is None else m.killed // n + (m.killed % n if i == 0 else 0) for i in range(n)]
    out = [replace(m, killed=split[0], coord=[])]
    out += [replace(m, location=loc, killed=split[i], coord=[]) for i, loc in enumerate(m.coord, 1)]
    return out


def _killing_beside(m: Mention, best: dict[str, Mention]) -> bool:
    """A killing word beside only a strategic development or a protest ("استشهد شاب برصاص القوات
    خلال مداهمة") reports a killing of its own; beside a strike or a clash it is their consequence."""
    return m.event_type == "Violence against civilians" and not any(t in VIOLENCE[:2] for t in best)


def _in_scope(h: Hit, cues: list[Hit], bounds: list[int]) -> bool:
    """True when a cue and the trigger lie on the same side of every scope boundary (حيث)."""
    return any(not any(min(c.start, h.start) < b < max(c.start, h.start) for b in bounds) for c in cues)


def _is_title(doc: Doc, sent: tuple[int, int]) -> bool:
    span = doc._.title_span
    return span is not None and span[0] <= sent[0] < span[1]


def _other_type_ok(m: Mention, best: dict[str, Mention]) -> bool:
    """A weak trigger beside a strong one of another type is usually its consequence (قتل in a clash)."""
    return m.event_type == "Explosions/Remote violence" and "Battles" in best and not best["Battles"].strong


def _modality(key: str, h: Hit, row: dict[str, str], mods: list[Hit], mrows: tuple[dict[str, str], ...]) -> str | None:
    """The strongest effect of the cues bearing on one trigger: cancel > weaken > None."""
    effect = None
    for m in mods:
        mrow = mrows[m.row]
        if mrow["effect"] not in ("cancel", "weaken"):
            continue
        applies = mrow["applies_to"]
        targets = applies.split("|")
        if applies != "*" and row["sub_event_type"] not in targets and row["event_type"] not in targets:
            continue
        window = int(mrow["window"] or DEFAULT_WINDOW)
        if mrow["position"] == "before" and m.start < h.start:
            gap = key[m.end : h.start] if m.end <= h.start else ""
        elif mrow["position"] == "after" and m.start >= h.end:
            gap = key[h.end : m.start]
        elif mrow["position"] == "sentence":
            gap = ""  # anywhere in the clause: "تم القبض على ... إثر قيامه بتهريب حبوب" is a criminal case
        else:
            continue
        if args.count_words(gap) > window or re.search(r"[.؛!?؟]", gap):
            continue
        if mrow["effect"] == "cancel":
            return "cancel"
        effect = "weaken"
    return effect


def _history(key: str, h: Hit, mods: list[Hit], mrows: tuple[dict[str, str], ...]) -> bool:
    """A history cue (منذ) ends right before the trigger, nothing between them."""
    return any(mrows[m.row]["effect"] == "history" and m.end <= h.start
               and args.count_words(key[m.end : h.start]) <= int(mrows[m.row]["window"] or 0) for m in mods)


def _told_as_history(m: Mention) -> bool:
    """"منذ سيطرت جماعة منافسة على العاصمة": background, unless the clause gives the event a day."""
    return m.history and not (m.date_explicit and m.time_precision == 1)


def _refine(key: str, h: Hit, row: dict[str, str], cues: list[Hit], rows: tuple[dict[str, str], ...]) -> str | None:
    """The sub-type a weak trigger takes from the nearest instrument cue of its event type."""
    best: tuple[int, str] | None = None
    for c in cues:
        crow = rows[c.row]
        if crow["event_type"] != row["event_type"]:
            continue
        gap = key[h.end : c.start] if c.start >= h.end else key[c.end : h.start]
        n = args.count_words(gap)
        if n > 5 or re.search(r"[.،,؛]", gap):
            continue
        if best is None or n < best[0]:
            best = (n, crow["sub_event_type"])
    return best[1] if best else None


def _anchored(m: Mention) -> bool:
    """A weak mention is an event only with a day-level date of its own, a casualty figure, a place
    in its sentence finer than a country, or (unless hedged by a claim) an armed actor acting on a
    named target ("أطلق مسلحون النار على دورية للشرطة"): who did what to whom is a report, not talk;
    or, unless hedged, dead or wounded its clause tells of without a count ("سقوط قتلى وجرحى"), or
    demonstrators named as such doing it ("أغلق محتجون الطريق"). A quoted or claimed trigger
    ("السكان يعيشون تحت القصف") needs a day or a figure."""
    if m.killed is not None or m.injured is not None:
        return True
    if m.harmed and not m.hedged:  # "مما أدى إلى سقوط قتلى وجرحى": people were hurt, uncounted
        return True
    crowd = m.actor1 or {}
    if m.event_type in DEMONSTRATIONS and not m.hedged and args.inter_of(crowd.get("text") or "")[0] in (5, 6):
        return True  # "أغلق محتجون غاضبون الطريق": demonstrators named as such did it
    if m.date_explicit and m.time_precision == 1:
        return True
    loc = m.location or {}
    if loc.get("_in_sentence", False) and not loc.get("_country", False):
        return not m.hedged or (m.said and (m.actor1 or {}).get("inter") in ARMED)
    return (not m.hedged and m.actor2 is not None and (m.actor1 or {}).get("inter") in ARMED
            and (m.actor2 or {}).get("inter") is not None)


def _placed(m: Mention) -> bool:
    """A mention placed by its own sentence, the previous one, the dateline or the title is coded
    at that place. One the article places only in its admin unit or country is an event only with
    a stated date or a figure: without them it is talk about the conflict ("في خضم المعارك الضارية
    الحالية"), not a report. A text naming no place at all (a single sentence) keeps its events,
    with a null location."""
    if m.location is not None or m.fallback is None or m.fallback.get("_from") not in COARSE_FALLBACKS:
        return True
    return m.killed is not None or m.injured is not None or m.date_explicit or m.title


def _specific(m: Mention, doc: Doc) -> bool:
    """An event placed only in a country ("في سوريا") is background unless dated or counted (dead or
    wounded), or
    unless a strong trigger, or two armed sides ("قصف الجيش التركي مواقع حزب العمال الكردستاني في شمال
    العراق"), tell it in a text that places nothing finer than a country (a wire sentence: "تظاهر
    الآلاف في مصر ضد ..."): the country is then the finest place there is, and
    ACLED codes the event there at geo_precision 3. A title's trigger never counts alone."""
    if not (m.location or {}).get("_country"):
        return True
    if m.killed is not None or m.injured or (m.date_explicit and m.time_precision == 1):
        return True  # "أصيب شرطيان في هجوم بقنبلة على دورية أمنية في البحرين": the wounded are a figure too
    pair = not m.hedged and all((a or {}).get("inter") in ARMED for a in (m.actor1, m.actor2))
    return (m.strong or pair) and not m.title and not _finer_place(doc)


def _finer_place(doc: Doc) -> bool:
    """The text names a place finer than a country somewhere."""
    key = args.text_of(doc)
    return any(not args.is_country(p) for p in args.usable_places(doc, 0, len(key)))


def _background(m: Mention, doc: Doc) -> bool:
    """An explicit date long before publication is history told in passing: a day more than
    BACKGROUND_DAYS before, a month before the publication's month ("الشهر الماضي"), an earlier
    year ("في عام 2014"). Such events are kept and marked `background`, never dropped."""
    published = args.as_date(doc._.published)
    if not (m.date_explicit and m.date and published):
        return False
    value = m.date
    if re.fullmatch(r"\d{4}", value):
        return int(value) < published.year
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return value < published.isoformat()[:7]
    try:
        when = dt.date.fromisoformat(value[:10])
    except ValueError:
        return False
    return (published - when).days > BACKGROUND_DAYS


def _between_parties(m: Mention, key: str) -> bool:
    """An agreement (اتفاق) is an ACLED event only between conflict actors: a deal "بشأن فتح القواعد
    الجوية" or on Iran's nuclear file with no armed party named is diplomacy, not a strategic development."""
    if m.sub_event_type != "Agreement" or "اتفاق" not in key[m.hit.start : m.hit.end]:
        return True
    return any((a or {}).get("inter") in ARMED for a in (m.actor1, m.actor2))


def _armed(m: Mention) -> bool:
    """A weak battle word (هجوم، تقدم، اقتحام) needs an armed actor: "تقدم المحامي بشكوى" is no advance."""
    if m.event_type != "Battles" or m.fighters:  # soldiers or fighters killed: an armed side was there
        return True
    return any((a or {}).get("inter") in (1, 2, 3, 4, 8) for a in (m.actor1, m.actor2))


def _fill(doc: Doc, key: str, m: Mention, nxt: tuple[int, int] | None, starts: list[int],
          parent: tuple[int, int], prev: tuple[int, int] | None = None, quotes: Regions | None = None) -> None:
    """Read the mention's arguments from its clause; a clause naming no place takes the nearest
    place of its sentence before it ("... في مدينة الزبداني، ترافق مع استمرار الاشتباكات")."""
    h, sent = m.hit, m.sent
    later = [s for s in starts if s > h.start]
    clause_end = min([sent[1], *later])
    published = args.as_date(doc._.published)
    value, precision, since = args.clause_date(doc, key, sent, h.start)
    year = YEAR_LINE_RE.match(key, sent[0])
    if year and (value is None or not value.startswith(year.group(1))):
        value, precision, since = year.group(1), 3, False  # "1974 - السلطات تعتقل ...": a past year's entry
    if since:
        m.summary = True
    if value:
        m.date, m.time_precision, m.date_explicit = value, precision, True
        if m.period and precision == 1 and not since and not _until(key, doc, sent, value):
            m.summary = False  # "المحاصرة منذ أشهر تعرضت لقصف اليوم": the siege is the period, the strike a day
    elif m.ongoing and published:
        m.date, m.time_precision = published.isoformat(), 1
    movement = m.event_type == "Strategic developments"
    inside = quotes.holds if quotes is not None else None
    place, near = args.pick_place(doc, key, sent, h.start, h.end, movement=movement, quoted=inside)
    borrowed = False
    if place is None and parent[0] < sent[0]:
        place, near = args.pick_place(doc, key, (parent[0], sent[0]), h.start, h.end, movement=movement,
                                      quoted=inside)
        borrowed = place is not None
    if place is not None:
        stop = None
        if nxt is not None:
            rows, _ = triggers()
            nhits = [x for x in events_index.index_of(doc).triggers.find(*nxt)
                     if rows[x.row]["role"] not in ("cue", "block")]
            stop = nhits[0].start if nhits else None
        loc = args.location_of(place, precision=2 if near and args.geo_precision(place) == 1 else None)
        m.location = args.refine(doc, loc, sent, nxt, stop)
        m.location["_in_sentence"] = True
        m.location["_borrowed"] = borrowed  # the place of an earlier clause of its sentence
        if not near and m.location.get("place") == place.get("id"):
            m.coord = [args.location_of(p) | {"_in_sentence": True}
                       for p in args.coordinated(doc, key, sent, place)]
    else:
        m.fallback = args.previous_place(doc, key, prev) or next(iter(args.article_fallbacks(doc, key)), None)
    if m.sub_event_type in TERRITORY and args.object_is_area(doc, key, sent, h.end):
        m.summary = True  # "السيطرة على معظم أنحاء محافظة ادلب": a province is taken over months
    country = (m.location or m.fallback or {}).get("country")  # ACLED names actors by the event's country
    m.actor1, m.actor2 = _civilians_second(m, *args.pick_actors(doc, key, sent, h.start, h.end, clause_end,
                                                                  battle=m.event_type == "Battles",
                                                                  country=country))
    if m.event_type in DEMONSTRATIONS:
        m.actor1, m.actor2 = _demonstrators(doc, key, m, clause_end)
    if m.sub_event_type == "Arrests":
        m.actor1, m.actor2 = args.arrest_sides(doc, key, sent, h.start, h.end, m.actor1, m.actor2, country)
    if m.event_type in VIOLENCE:
        claimed = args.claimant(doc, key, [parent] + ([nxt] if nxt else []), country)
        if claimed is not None and not (m.actor1 and args.same_actor(m.actor1, claimed)):
            if m.actor2 and args.same_actor(m.actor2, claimed):
                m.actor2 = None
            if m.actor1 is None or (m.actor1.get("inter") not in ARMED and m.actor2 is None):
                m.actor1, m.actor2 = claimed, m.actor2 or m.actor1
    if m.actor2 is None and m.sub_event_type in TERRITORY:  # "... الخاضعة لجماعة الشباب": who lost it
        m.actor2 = args.holder_actor(doc, key, parent, h.end, m.actor1, country)
    if m.actor1 is None and m.event_type in VIOLENCE:
        m.actor1 = args.sentence_actor(doc, key, parent, h.start, m.actor2, country)
        if m.actor1 is None and m.sub_event_type == "Air/drone strike" and (m.location or {}).get("country") == "SY":
            m.actor1 = args.barrel_actor(doc, key, sent)
        if m.actor1 is None and m.sub_event_type == "Air/drone strike":
            m.actor1 = args.aircraft_actor(doc, key, parent)  # "غارة من طائرات حربية": unidentified
        if m.actor1 is None and not _names_actor(doc, key, parent):
            m.actor1 = args.previous_actor(doc, key, prev, m.actor2, country)
    m.source = args.pick_source(doc, key, sent, h.start, parent)
    mine = [c for c in args.casualties_in(doc, *sent) if _nearest(c["start"], starts) == h.start
            and (c["start"] >= h.start or args.count_words(key[c["end"] : h.start]) <= 8)]
    m.killed, m.injured = args.tally(mine, "killed", key), args.tally(mine, "injured", key)
    m.harmed = any(c.get("kind") in ("killed", "injured") for c in mine)
    m.fighters = bool(mine) and all(c.get("who") in ARMED_VICTIMS for c in mine if c.get("kind") == "killed") and any(
        c.get("kind") == "killed" for c in mine)
    m.civilians_hurt = any(c.get("kind") in ("killed", "injured") for c in mine) and all(
        c.get("who") in CIVILIAN_VICTIMS for c in mine if c.get("kind") in ("killed", "injured"))
    if m.no_casualties and m.killed is None:
        m.killed, m.injured = 0, m.injured or 0
    if m.event_type in VIOLENCE or m.sub_event_type == "Arrests":  # the victims, the arrested: the target side
        m.actor2 = victims.victims_side(doc, mine, m.actor2, m.actor1, h.start, h.end, clause_end, country,
                                        persons=m.sub_event_type not in TERRITORY)  # "سيطرت على تبة مسعود"
    _recode(m)


DEMONSTRATIONS = ("Protests", "Riots")
INTERVENTION = ("Protest with intervention", "Excessive force against protesters")


def _demonstrators(doc: Doc, key: str, m: Mention, clause_end: int) -> tuple[dict[str, Any] | None,
                                                                            dict[str, Any] | None]:
    """ACLED's sides of a demonstration: actor1 the demonstrators (protesters, rioters, or the
    people the sentence says took part: "تظاهر آلاف العراقيين"، "احتج السكان"); actor2 only the force
    that intervened. An armed group the crowd protested against ("ضد الحوثيين") is neither."""
    found = [a for a in (m.actor1, m.actor2) if a]
    crowd = next((a for a in found if a.get("inter") in (5, 6, 7)), None)
    force = next((a for a in found if a.get("inter") in ARMED), None) if m.sub_event_type in INTERVENTION else None
    if crowd is None:
        crowd = (args.crowd_after(doc, key, m.hit.start, m.hit.end, clause_end)
                 or args.crowd_before(doc, key, m.sent[0], m.hit.start)
                 or args.crowd_before(doc, key, m.hit.start, m.hit.end, reach=8))  # "نظم مئات الطلاب وقفة"
    if crowd is not None and crowd.get("inter") == 7:  # civilians who demonstrate are protesters (ACLED)
        canonical = str(crowd.get("canonical") or "")
        crowd = crowd | {"inter": 5 if m.event_type == "Riots" else 6,
                         "canonical": "Protesters" if canonical.startswith("Civilians") else canonical}
    if crowd is not None and m.event_type == "Riots":
        crowd = _as_rioters(crowd)
    return crowd, force


def _as_rioters(crowd: dict[str, Any]) -> dict[str, Any]:
    """Demonstrators who turned violent are ACLED's rioters: "Protesters (Iraq)" -> "Rioters (Iraq)"."""
    if crowd.get("inter") != 6:
        return crowd
    name = str(crowd.get("canonical") or "")
    return crowd | {"inter": 5, "canonical": "Rioters" + name[len("Protesters"):] if name.startswith("Protesters")
                    else name}


def _names_actor(doc: Doc, key: str, sent: tuple[int, int]) -> bool:
    """True when the sentence names an armed actor anywhere (then its attacker is not borrowed)."""
    return any((c[2] or {}).get("inter") in ARMED or args.inter_of(key[c[0]:c[1]])[0] in ARMED
               for c in args.actor_candidates(doc, key, sent))


UNTIL_RE = re.compile(r"(?:حتي|لغايه|الي|الى)\s*$")


def _until(key: str, doc: Doc, sent: tuple[int, int], value: str) -> bool:
    """True when the clause's day ends a period ("منذ بداية العام حتى اليوم"): a total, not a day."""
    for t in events_index.index_of(doc).times.within(*sent):
        if str(t.get("value") or "")[:10] == value and UNTIL_RE.search(key[max(sent[0], t["start"] - 8) : t["start"]]):
            return True
    return False


def _civilians_second(m: Mention, a1: dict[str, Any] | None,
                      a2: dict[str, Any] | None) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """ACLED never codes civilians as the side that attacks: a civilian actor1 of violence is its target."""
    if m.event_type not in VIOLENCE or (a1 or {}).get("inter") != 7:
        return a1, a2
    if a2 is None:
        return None, a1
    return (a2, a1) if a2.get("inter") != 7 else (None, a2)


def _nearest(pos: int, starts: list[int]) -> int:
    """The trigger a casualty belongs to: the last one before it, else the first."""
    before = [s for s in starts if s <= pos]
    return max(before) if before else min(starts)


def _recode(m: Mention) -> None:
    """ACLED rules that depend on the actors."""
    inter1 = (m.actor1 or {}).get("inter")
    inter2 = (m.actor2 or {}).get("inter")
    if m.sub_event_type == "Looting/property destruction" and inter1 in (5, 6):
        # "أضرم المتظاهرون النار في مقر الحزب": demonstrators destroying property riot (ACLED)
        m.event_type, m.sub_event_type = "Riots", "Violent demonstration"
        m.actor1 = _as_rioters(m.actor1 or {})
    elif m.sub_event_type == "Looting/property destruction" and m.harmed and not m.no_casualties:
        # "أضرموا النيران في منزل ... ما أدى إلى مقتل طفل": an arson that kills or wounds people is an
        # attack on them (ACLED), not damage to property; armed victims make it a clash below
        m.event_type, m.sub_event_type = "Violence against civilians", "Attack"
    if m.sub_event_type in TERRITORY and inter1:
        m.sub_event_type = TERRITORY[0] if inter1 == 1 else TERRITORY[1]
    if m.event_type == "Battles" and m.sub_event_type == "Armed clash" and not m.strong and (
            {inter1, inter2} & {5, 6} or ({inter1, inter2} & {7} and CONFRONTATION_RE.search(m.trigger))):
        # "مواجهات بين شبان والشرطة": confrontations of demonstrators or unarmed youths with the
        # police are a riot (ACLED), not an armed clash
        m.event_type, m.sub_event_type = "Riots", "Violent demonstration"
    elif m.event_type == "Battles" and m.sub_event_type == "Armed clash" and not m.strong and (
            inter2 == 7 or (inter2 is None and m.civilians_hurt)):
        # "قتل رضيع في هجوم شنه مستوطنون": an attack whose only victims are civilians is one-sided
        m.event_type, m.sub_event_type = "Violence against civilians", "Attack"
    elif m.event_type == "Violence against civilians" and m.sub_event_type == "Attack" and (
            not m.strong or not _one_sided(m)) and (inter2 in ARMED or m.fighters):
        # "قتل العقيد مع ثلاثة عناصر من قوات النظام": armed victims, so not violence against civilians.
        m.event_type, m.sub_event_type = "Battles", "Armed clash"


def _one_sided(m: Mention) -> bool:
    """An execution, a massacre or a beheading is violence against civilians whoever the victims
    were (a captive soldier is defenceless: ACLED); an assassination of a gendarme or a sniper's
    shot at a soldier is a clash (`event_onesided.tsv`)."""
    return onesided().search(m.trigger) is not None


def _attach_casualties(doc: Doc, sent: tuple[int, int], index: int, mentions: list[Mention]) -> None:
    """A trigger-less sentence right after an event ("وأسفر ذلك عن مقتل 5") adds its figures."""
    if not mentions or mentions[-1].sent_index != index - 1 or mentions[-1].title:
        return
    items = args.casualties_in(doc, *sent)
    if not items:
        return
    m = mentions[-1]
    text = args.text_of(doc)
    killed, injured = args.tally(items, "killed", text), args.tally(items, "injured", text)
    if killed is None and injured is None:
        return
    m.killed = killed if m.killed is None else min(m.killed, killed) if killed is not None else m.killed
    m.injured = injured if m.injured is None else m.injured
    m.extra.append(sent)


# ---------------------------------------------------------------- merging

def merge(doc: Doc, key: str, mentions: list[Mention], sents: list[tuple[int, int]], *,
          keep_summaries: bool = False, keep_background: bool = True) -> list[dict[str, Any]]:
    """Mentions of the same event (type, day, place) become one event with all their evidence."""
    published = args.as_date(doc._.published)
    body = [m for m in mentions if not m.title]
    titles = [m for m in mentions if m.title]
    groups: list[list[Mention]] = []
    last_date: tuple[str, int] | None = None
    for m in body:
        if m.date is None and last_date is not None:
            m.date, m.time_precision = last_date
        elif m.date is None and published is not None:
            m.date, m.time_precision = published.isoformat(), 2
        if m.date_explicit and m.time_precision == 1 and not m.summary and _recent(m.date, published):
            last_date = (m.date, 1)
        group = _find_group(groups, m)
        if group is None:
            groups.append([m])
        else:
            group.append(m)
    groups = _absorb_destruction(_absorb_killings(_fold_coarse(_fold_coarse(groups, country=False), country=True)))
    for m in titles:
        group = next((g for g in groups if (g[0].event_type, g[0].sub_event_type) == (m.event_type, m.sub_event_type)),
                     None) or next((g for g in groups if g[0].event_type == m.event_type), None)
        if group is not None:
            group.append(m)
    events: list[dict[str, Any]] = []
    for g in groups:
        ev = _event(g, sents)
        if (ev.get("summary") and not keep_summaries) or (ev.get("background") and not keep_background):
            continue
        ev["id"] = next_id(events, "v")
        events.append(ev)
    return events


def _recent(value: str | None, published: dt.date | None) -> bool:
    """A date within a week before publication: a lead's "اليوم" that later sentences share."""
    if not value or published is None or len(value) < 10:
        return published is None and bool(value)
    try:
        d = dt.date.fromisoformat(value)
    except ValueError:
        return False
    return 0 <= (published - d).days <= 7


def _loc_key(loc: dict[str, Any] | None) -> Any:
    if not loc:
        return None
    return loc.get("geonameid") or (loc.get("lat"), loc.get("lon")) if loc.get("lat") is not None else loc.get("name")


def _find_group(groups: list[list[Mention]], m: Mention) -> list[Mention] | None:
    """The event this mention repeats: same type and day, and the same place (or no place of its own).
    Only the latest groups are searched: a repeat comes within a few paragraphs."""
    for g in reversed(groups[-MAX_GROUPS_BACK:]):
        head = g[0]
        if head.event_type != m.event_type or head.summary != m.summary:
            continue
        if m.event_type == "Strategic developments" and head.sub_event_type != m.sub_event_type:
            continue
        if head.date and m.date and head.date != m.date and (m.location is not None or m.date_explicit):
            continue
        hloc = next((x.location for x in g if x.location), None)
        if m.location is None:
            # A mention placed nowhere in its sentence repeats the latest event of its type told
            # before it (ACLED: a report is coded once); on its own it would be the same event at
            # the article's coarse place.
            if m.sent_index - g[-1].sent_index <= 3 or not m.date_explicit:
                return g
            continue
        if hloc is None or _loc_key(hloc) == _loc_key(m.location):
            return g
    return None


def _coarse(loc: dict[str, Any] | None) -> bool:
    """A country or a province: where an event happened only roughly."""
    return loc is not None and (loc.get("_country", False) or loc.get("geo_precision", 1) == 3)


def _inside(coarse: dict[str, Any], fine: dict[str, Any]) -> bool:
    """True when the fine place lies in the coarse one (same province; or same country for a country)."""
    if coarse.get("_country"):
        return bool(coarse.get("country")) and coarse.get("country") == fine.get("country")
    return bool(coarse.get("admin1")) and coarse.get("admin1") == fine.get("admin1")


def _fold_coarse(groups: list[list[Mention]], *, country: bool) -> list[list[Mention]]:
    """A mention placed only in a province ("قتل 28 مدنيا في قصف جوي على محافظة حلب") repeats the
    one precise event of its type and day inside that area, and joins it; when the area holds
    several precise events it is their total, not an event of its own (a summary). A second pass
    folds country-level mentions ("غارات تركية على سوريا") into what the first pass left."""

    def folds(loc: dict[str, Any] | None) -> bool:
        return _coarse(loc) and bool(loc and loc.get("_country")) == country

    fine = [g for g in groups if not folds(_best_location(g))]
    out = list(fine)
    for g in groups:
        loc = _best_location(g)
        if not folds(loc) or loc is None:
            continue
        head = g[0]
        undated = not any(x.date_explicit for x in g)  # a lead's "في تركيا" tells no day: any day's event
        inside = [f for f in fine if f[0].event_type == head.event_type and (f[0].date == head.date or undated)
                  and f[0].summary == head.summary and _inside(loc, _best_location(f) or {})
                  and _same_side(g, f)]
        if len(inside) == 1:
            inside[0].extend(g)
        elif len(inside) > 1:
            for m in g:
                m.summary = True
            out.append(g)
        else:
            finer = _placed_next(g, fine, loc) if country else None
            for m in g if finer is not None else ():
                if m.location is not None and m.location.get("_country"):
                    m.location = dict(finer)
            out.append(g)
    return sorted(out, key=lambda g: min(m.sent_index for m in g))


def _placed_next(g: list[Mention], fine: list[list[Mention]], country: dict[str, Any]) -> dict[str, Any] | None:
    """The place the very next sentence gives the same fighting a country-level lead told on another
    day ("قتل 5 أمس الأحد خلال اشتباكات في شرق ليبيا. واندلع القتال أول أمس السبت في بلدة أجدابيا"):
    the lead's event happened there. Only when one such event follows."""
    body = [x.sent_index for x in g if not x.title]
    if not body:
        return None
    last, head = max(body), g[0]
    after = [f for f in fine if f[0].event_type == head.event_type and f[0].summary == head.summary
             and any(x.sent_index == last + 1 and not x.title for x in f)
             and _inside(country, _best_location(f) or {})]
    return _best_location(after[0]) if len(after) == 1 else None


def _same_side(a: list[Mention], b: list[Mention]) -> bool:
    """False when both groups name their attacker and the attackers are of different ACLED types:
    the opposition shelling central Daraa and the army's air strikes on a village east of it are two
    events, not a province total and its one town."""
    i1 = next(((x.actor1 or {}).get("inter") for x in a if (x.actor1 or {}).get("inter")), None)
    i2 = next(((x.actor1 or {}).get("inter") for x in b if (x.actor1 or {}).get("inter")), None)
    return i1 is None or i2 is None or i1 == i2


def _killing_only(g: list[Mention]) -> bool:
    """A group made only of generic killing words (قتل، قتلوا): the report of a death, not of how."""
    return all(m.event_type == "Violence against civilians" and m.sub_event_type == "Attack" and not m.strong
               for m in g)


def _absorb_killings(groups: list[list[Mention]]) -> list[list[Mention]]:
    """Deaths reported at the place and day of a strike, clash or bombing are its casualties
    ("31 شخصا قتلوا حين سقطت مقاتلة على سوق في أريحا"), not a separate attack on civilians."""
    out = []
    for g in groups:
        if _killing_only(g):
            loc = _best_location(g)
            host = _clause_before(groups, g) or next(
                (h for h in groups if h is not g and not _killing_only(h) and h[0].date == g[0].date
                 and not h[0].summary and _same_place(_best_location(h), loc)), None)
            if host is None and loc is None:
                # "قتل 12 شخصا أمس. وقال المرصد إن الطيران المروحي ألقى براميل على مدينة الباب": a lead
                # naming no place tells the deaths of the attack the next sentences elaborate.
                near = [h for h in groups if h is not g and not _killing_only(h) and not h[0].summary
                        and h[0].event_type in VIOLENCE and _best_location(h) is not None and _same_day(g, h)
                        and min(abs(x.sent_index - y.sent_index) for x in h for y in g) <= 2]
                host = min(near, key=lambda h: min(abs(x.sent_index - y.sent_index) for x in h for y in g),
                           default=None)
            if host is not None:
                for m in g:
                    m.absorbed = True
                host.extend(g)
                continue
        out.append(g)
    return out


def _clause_before(groups: list[list[Mention]], g: list[Mention]) -> list[Mention] | None:
    """The strike or clash told in the clause right before a killing that names no place of its own
    ("صد هجوم شنه التنظيم في حصيبة شرقي الرمادي، وقتل 12 من عناصره"): the dead are its casualties,
    whichever place of that clause the killing borrowed."""
    if not all((m.location or {}).get("_borrowed") for m in g):
        return None
    first = min(m.sent_index for m in g)
    return next((h for h in groups if h is not g and not _killing_only(h) and not h[0].summary
                 and h[0].event_type in VIOLENCE and _same_day(g, h)
                 and any(x.sent_index == first - 1 for x in h)), None)


def _absorb_destruction(groups: list[list[Mention]]) -> list[list[Mention]]:
    """Property burned or looted at the place and day of an attack is that attack's damage
    ("أحرق المستوطنون منزل العائلة ... وأحرقوا منزلا آخر في البلدة"): ACLED codes the attack once."""
    out = []
    for g in groups:
        if all(m.sub_event_type == "Looting/property destruction" for m in g):
            loc = _best_location(g) or _fallback_location(g)
            host = next((h for h in groups if h is not g and h[0].event_type in VIOLENCE and not h[0].summary
                         and h[0].date == g[0].date
                         and _same_place(_best_location(h) or _fallback_location(h), loc)), None)
            if host is not None:
                for m in g:  # its evidence joins the attack; its "no one was hurt" is the house's, not the attack's
                    m.absorbed, m.killed, m.injured, m.no_casualties = True, None, None, False
                host.extend(g)
                continue
        out.append(g)
    return out


def _same_day(a: list[Mention], b: list[Mention]) -> bool:
    """False only when both groups state their day and the days differ."""
    da = {x.date for x in a if x.date_explicit}
    db = {x.date for x in b if x.date_explicit}
    return not da or not db or bool(da & db)


def _same_place(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    if a is None or b is None:
        return False
    if _loc_key(a) == _loc_key(b):
        return True
    return (_coarse(a) and _inside(a, b)) or (_coarse(b) and _inside(b, a))


def _event(g: list[Mention], sents: list[tuple[int, int]]) -> dict[str, Any]:
    """One merged event from its mentions. An event whose mentions name no place is coded at the
    place the article supports (ACLED: coarser geo_precision, never dropped); none at all is null."""
    g_sorted = sorted(g, key=lambda x: (x.absorbed, not x.strong, x.hit.row))
    head = g_sorted[0]
    found = _best_location(g) or _fallback_location(g_sorted)
    loc = {k: v for k, v in found.items() if not k.startswith("_")} if found else None
    killed = [x.killed for x in g if x.killed is not None]
    injured = [x.injured for x in g if x.injured is not None]
    pair = max(g, key=lambda x: (not x.absorbed, x.actor1 is not None and x.actor2 is not None, x.strong,
                                 x.actor1 is not None))
    actor1 = pair.actor1 or next((x.actor1 for x in g if x.actor1), None)
    actor2 = pair.actor2 or next(
        (x.actor2 for x in g if x.actor2 and not (actor1 and args.same_actor(x.actor2, actor1))), None)
    if head.event_type in VIOLENCE and _civilian(actor1):
        actor1, actor2 = None, actor2 or actor1  # victims are never the attacker
    if actor1 and actor2 and args.same_actor(actor1, actor2):
        actor2 = None  # never the same actor on both sides
    country = (loc or {}).get("country") or next((x.fallback.get("country") for x in g if x.fallback), None)
    actor1, actor2 = args.with_country(actor1, country), args.with_country(actor2, country)
    assoc = None
    if actor1 and "assoc" in actor1:
        actor1 = dict(actor1)
        assoc = actor1.pop("assoc")
    source = next((x.source for x in g if x.source), None)
    dates = [x for x in g if x.date_explicit] or g
    evidence = sorted({x.sent for x in g} | {s for x in g for s in x.extra})
    ev: dict[str, Any] = {
        "event_type": head.event_type,
        "sub_event_type": head.sub_event_type,
        "date": dates[0].date,
        "time_precision": dates[0].time_precision,
        "actor1": actor1,
        "actor2": actor2,
        **({"assoc_actor_1": assoc} if assoc else {}),
        "location": loc,
        "fatalities": min(killed) if killed else None,
        "injured": min(injured) if injured else None,
        "source": source,
        "evidence": [{"start": s, "end": e} for s, e in evidence],
        "confidence": _confidence(g, found, actor1, source),
    }
    if any(x.summary for x in [x for x in g if not x.title] or g):
        ev["summary"] = True  # a headline's wording (a total, a period) does not make the body's report a summary
    if all(x.background for x in g if not x.title):
        ev["background"] = True
    return ev


def _civilian(actor: dict[str, Any] | None) -> bool:
    return bool(actor) and (actor.get("inter") == 7 or str(actor.get("canonical") or "").startswith("Civilians"))


def _best_location(g: list[Mention]) -> dict[str, Any] | None:
    """The finest place of the group's mentions; the body's places before the title's (a headline's
    place is often abbreviated or ambiguous: "مسبح بطوز خورماتو")."""
    locs = [x.location for x in g if x.location and not x.title] or [x.location for x in g if x.location]
    if not locs:
        return None
    return min(locs, key=lambda loc: loc.get("geo_precision", 3))


def _fallback_location(g: list[Mention]) -> dict[str, Any] | None:
    """The location of an event none of whose mentions names a place: the first mention's fallback
    (its previous sentence's place, else the dateline, title, admin unit or country)."""
    return next((x.fallback for x in g if x.fallback), None)


def _confidence(g: list[Mention], loc: dict[str, Any] | None, actor1: dict[str, Any] | None,
                source: dict[str, Any] | None) -> float:
    """How sure the coding is: a strong trigger, a stated day, a place named in the event's own
    sentence, a named attacker, a source, a figure and a repeat each add; a place taken from
    context or a hedged (quoted, claimed) report takes away."""
    score = 0.5 if any(x.strong for x in g) else 0.35
    score += 0.1 if any(x.date_explicit for x in g) else 0.0
    score += 0.1 if loc and loc.get("geo_precision", 3) <= 2 and not loc.get("_from") else 0.0
    score -= 0.1 if loc is None or loc.get("_from") in COARSE_FALLBACKS else 0.0
    score -= 0.05 if all(x.hedged for x in g) else 0.0
    score += 0.1 if actor1 else 0.0
    score += 0.05 if source else 0.0
    score += 0.05 if any(x.killed for x in g) else 0.0
    score += 0.05 if len(g) > 1 else 0.0
    return round(max(0.05, min(score, 0.95)), 2)


__all__ = ["EventsComponent", "find_events", "make_events"]
