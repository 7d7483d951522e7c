"""One name per speaker within an article, in the article's own spelling.

A person is named in full once and by a part of the name later (`فلاديمير بوتين` … `بوتين`), or
the other way round. Named speakers whose folded name words are a part of one another are one
person; every quote of that person then shows the fullest form the article uses (`speaker.name`,
as written: `أردوغان`, never the folded `اردوغان`) and its folded form as `speaker.canonical`
(the spec's matching key). A speaker the actor lexicon knows (by the name, or by an exact title
or variant: `الرئيس الروسي`, `وزارة الداخلية المصرية`) carries the lexicon's canonical actor
name and link (`speaker.actor`, `speaker.link`), looked up through `rasd.extract.entities`.

Bodies and unnamed sources get one canonical form the same way: a definite head alone (المرصد،
المصادر، الوزارة) is the latest fuller description with that head (المرصد السوري لحقوق الإنسان،
مصادر محلية يمنية), and a description whose words a fuller one holds (الداخلية الكويتية ⊂ وزارة
الداخلية الكويتية) is that one. `name` stays null for them: a description is no name.

`مستشار الرئيس اليمني عبد ربه منصور هادي`: when a relational head (مستشار، نجل …) stands before
a title the lexicon gives to the named person, the name is the genitive's, not the speaker's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rasd.extract.entities import Actor, match_actors
from rasd.extract.quotes.lexicon import in_class
from rasd.extract.quotes.speaker import Mention
from rasd.text.keys import canonical_key

# actors the lexicon names by a common noun (المتظاهرون، المدنيون): a speaker called so in an
# article from anywhere is not that country's actor
GENERIC_KINDS = frozenset({"protesters", "civilians", "rioters"})


@dataclass
class Person:
    """The names one person goes by in an article."""

    words: set[str] = field(default_factory=set)
    display: str = ""
    actor: Actor | None = None

    def add(self, name: str, actor: Actor | None) -> None:
        self.words.update(canonical_key(w) for w in name.split())
        if len(name.split()) > len(self.display.split()):
            self.display = name
        self.actor = self.actor or actor

    @property
    def canonical(self) -> str:
        return " ".join(canonical_key(w) for w in self.display.split())


def unify(quotes: list[dict[str, Any]], mentions: list[Mention]) -> None:
    """Give every quote's speaker its person's name, canonical form and actor (in place)."""
    by_span = {(m.start, m.end): m for m in mentions}
    people: list[Person] = []
    of_name: dict[str, Person] = {}
    for m in sorted(mentions, key=lambda x: x.start):
        if not m.named or not m.name_text or _genitive(m):
            continue
        actor = _exact_actor(m.name_text)
        person = _find(people, m.name_text, actor)
        if person is None:
            person = Person()
            people.append(person)
        person.add(m.name_text, actor)
        of_name[canonical_key(m.name_text)] = person
    bodies: list[Body] = []
    members: list[tuple[dict[str, Any], Body]] = []
    for q in sorted(quotes, key=lambda x: x["start"]):
        sp = q.get("speaker")
        if not sp:
            continue
        m = by_span.get((sp["start"], sp["end"]))
        person = of_name.get(canonical_key(m.name_text)) if m is not None and m.name_text and not _genitive(m) else None
        if person is None and len(sp["text"].split()) == 1:
            # علي -> عبدي علي، الخيكاني -> حسن الخيكاني: one word of a name the article gave in full
            person = next((p for p in reversed(people) if canonical_key(sp["text"]) in p.words), None)
        actor = person.actor if person is not None else _exact_actor(sp["text"])
        if person is None and actor is not None and actor.label == "PER":
            person = next((p for p in people if p.actor == actor), None)  # الرئيس الروسي -> بوتين
        if person is not None:
            sp["name"], sp["canonical"] = person.display, person.canonical
        else:
            sp["name"] = None
            if m is not None and _genitive(m):
                sp["canonical"] = " ".join(canonical_key(w) for w in sp["text"].split())
            if sp.get("canonical"):
                members.append((sp, _body(bodies, sp["canonical"])))
        sp["actor"] = actor.name if actor is not None else None
        sp["link"] = actor.link if actor is not None else None
    for sp, body in members:
        sp["canonical"] = body.canonical
        if sp["actor"] is None and body.actor is not None:
            sp["actor"], sp["link"] = body.actor.name, body.actor.link


@dataclass
class Body:
    """A body or an unnamed source: its fullest description (folded) and its actor."""

    canonical: str
    actor: Actor | None = None


def _body(bodies: list[Body], canonical: str) -> Body:
    """The body a description is (the latest fuller one it matches), updated, or a new one."""
    words = canonical.split()
    head = _bare(words[0])
    mine = set(words)
    for b in reversed(bodies):
        theirs = b.canonical.split()
        alone = len(words) == 1 and words[0].startswith("ال") and _bare(theirs[0]) == head
        inside = len(words) > 1 and (mine <= set(theirs) or set(theirs) <= mine)
        if alone or inside:
            if len(words) > len(theirs):
                b.canonical = canonical
            b.actor = b.actor or _exact_actor(canonical)
            return b
    body = Body(canonical, _exact_actor(canonical))
    bodies.append(body)
    return body


def _bare(word: str) -> str:
    return word[2:] if word.startswith("ال") else word


def _find(people: list[Person], name: str, actor: Actor | None) -> Person | None:
    """The most recent person this name can be: the same lexicon actor, or a name whose words
    hold all of this one's (or whose words this one holds)."""
    words = {canonical_key(w) for w in name.split() if not in_class("name_link", canonical_key(w))}
    if not words:
        return None
    for p in reversed(people):
        if actor is not None and p.actor is not None:
            if p.actor == actor:
                return p
            continue
        core = {w for w in p.words if not in_class("name_link", w)}
        if words <= core or core <= words:
            return p
    return None


@lru_cache(maxsize=8192)
def _exact_actor(text: str) -> Actor | None:
    """The lexicon actor the whole phrase names (a variant or a title), else None (cached:
    speakers repeat within and across articles)."""
    plain = " ".join(text.split())
    for m in match_actors(plain, titles=True):
        if m.start <= 2 and m.end == len(plain) and m.actor.kind not in GENERIC_KINDS:
            return m.actor
    return None


def _genitive(m: Mention) -> bool:
    """True when the name belongs to a title in the genitive of a relational head (مستشار
    الرئيس اليمني عبد ربه منصور هادي): the lexicon gives that title to the named person."""
    words = m.desc_text.split()
    if not words or not in_class("relational", canonical_key(words[0])):
        return False
    named = _exact_actor(m.name_text)
    if named is None:
        return False
    return any(t.title and t.actor == named for t in match_actors(" ".join(words[1:]), titles=True))
