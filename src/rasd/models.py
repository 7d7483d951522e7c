"""Typed `rasd.analysis/1` records (pydantic v2), for editors, type checkers and validation.

    >>> record = rasd.analyze(text, published="2015-07-20", typed=True)
    >>> record.events[0].actor1.text, record.places[0].lat
    >>> record.to_dict() == rasd.analyze(text, published="2015-07-20")   # exactly the dict record

The models mirror src/rasd/schema/analysis.schema.json one object for one object (a test walks the
schema and checks every property, its requiredness and its type against these classes), and they
round-trip records exactly: a field the schema calls optional stays absent when the record leaves
it out, keys the schema does not name (the record may grow fields) are kept, and types are strict
(an integer is never turned into a float, nor a string into a number).
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Number = int | float  # JSON "number": kept as given (3 stays 3, 3.0 stays 3.0)


class Model(BaseModel):
    """Common settings: strict types, unknown keys kept, fields filled by name or alias."""

    model_config = ConfigDict(extra="allow", strict=True, populate_by_name=True)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Any:
        return cls.model_validate(data)

    def to_dict(self) -> dict[str, Any]:
        """Exactly the dict this was made from (absent optional fields stay absent)."""
        return self.model_dump(mode="python", by_alias=True, exclude_unset=True)

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)


class Span(Model):
    start: int = Field(ge=0, description="Start offset (code points into `text`).")
    end: int = Field(ge=0, description="End offset, exclusive.")


class TextSpan(Span):
    text: str = Field(description="`text[start:end]` of the record.")


class Doc(Model):
    id: str
    title: str | None
    source: str | None = Field(description="The outlet.")
    url: str | None
    published: str | None = Field(pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD or null.")
    language: str


class Cleaned(Span):
    original: str
    canonical: str
    reason: Literal["obfuscation", "normalization"]


class Boilerplate(Span):
    kind: Literal["read-also", "byline", "share", "link", "caption", "other"]


class Entity(TextSpan):
    id: str
    label: Literal["PER", "ORG", "GPE", "LOC", "FAC", "NORP", "MISC"]
    canonical: str | None
    link: str | None


class Time(TextSpan):
    id: str
    type: Literal["DATE", "TIME", "DURATION", "SET"]
    value: str | None = Field(description="ISO 8601 at the precision the text gives, or null.")
    anchored: bool = Field(description="Resolved against the publication date.")


class Quantity(TextSpan):
    id: str
    value: Number | None
    approx: bool
    unit: str | None


class Place(TextSpan):
    id: str
    geonameid: int | str | None
    name: str | None
    name_ar: str | None
    lat: Number | None
    lon: Number | None
    country: str | None = Field(description="ISO 3166 alpha-2.")
    admin1: str | None
    feature: str | None
    score: Number | None
    admin2: str | None = Field(None, description="District (English name), null when unknown.")
    admin3: str | None = Field(None, description="Sub-district (English name), null when unknown.")
    pcode: str | None = Field(None, description="OCHA P-code of the most specific admin unit known to hold it.")
    geo_precision: int | None = Field(None, ge=1, le=3, description="ACLED: 1 the place, 2 near it, 3 a region.")


class Speaker(TextSpan):
    entity: str | None = None
    canonical: str | None = None
    name: str | None = Field(None, description="The fullest form of the person's name the article uses.")
    actor: str | None = Field(None, description="The actor lexicon's name, when known.")
    link: str | None = None


class Cue(TextSpan):
    lemma: str | None = None


Stance = Literal["neutral", "assert", "claim", "accuse", "deny", "concern", "justify", "call", "warn", "admit"]


class Quote(TextSpan):
    id: str
    kind: Literal["direct", "indirect", "mixed", "headline"]
    speaker: Speaker | None
    cue: Cue | None
    stance: Stance
    via: list[TextSpan] = Field(description="Intermediaries, outermost first.")
    addressee: TextSpan | None


class Actor(Model):
    text: str | None = None
    canonical: str | None = None
    start: int | None = None
    end: int | None = None


class Location(Model):
    place: str | None = Field(None, description="Id of the place in `places`.")
    geonameid: int | str | None = None
    name: str | None = None
    admin1: str | None = None
    lat: Number | None = None
    lon: Number | None = None
    geo_precision: int | None = Field(None, ge=1, le=3)


class Source(Model):
    text: str | None = None


EventType = Literal["Battles", "Violence against civilians", "Explosions/Remote violence", "Riots", "Protests",
                    "Strategic developments"]
SubEventType = Literal[
    "Armed clash", "Government regains territory", "Non-state actor overtakes territory", "Sexual violence", "Attack",
    "Abduction/forced disappearance", "Chemical weapon", "Air/drone strike", "Suicide bomb",
    "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade", "Violent demonstration",
    "Mob violence", "Peaceful protest", "Protest with intervention", "Excessive force against protesters",
    "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use", "Headquarters or base established",
    "Looting/property destruction", "Non-violent transfer of territory", "Other"]


class Event(Model):
    id: str
    event_type: EventType
    sub_event_type: SubEventType
    date: str | None
    time_precision: int | None = Field(ge=1, le=3, description="ACLED: 1 the day ... 3 coarse.")
    actor1: Actor | None
    actor2: Actor | None
    location: Location | None
    fatalities: int | None = Field(ge=0)
    injured: int | None = Field(ge=0)
    source: Source | None = Field(description="Who, inside the article, reported the event.")
    evidence: list[Span]
    confidence: Number = Field(ge=0, le=1)
    summary: bool | None = None
    background: bool | None = Field(None, description="Told as history, long before publication.")


class Record(Model):
    """One analysed article, `rasd.analysis/1`."""

    schema_: Literal["rasd.analysis/1"] = Field(alias="schema")
    doc: Doc
    text: str
    sentences: list[Span]
    cleaned: list[Cleaned]
    boilerplate: list[Boilerplate]
    entities: list[Entity]
    times: list[Time]
    quantities: list[Quantity]
    places: list[Place]
    quotes: list[Quote]
    events: list[Event]
    background_events: list[Event] = Field(default_factory=list)  # told as history, kept apart
    warnings: list[str]
