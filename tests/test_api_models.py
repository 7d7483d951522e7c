"""Typed records (rasd.models) against the JSON Schema they mirror, and exact round trips."""

from __future__ import annotations

import json
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError

import rasd
from rasd.errors import RasdError
from rasd.models import Event, Record

SAMPLE = Path("/work/shared/data/news/saudinewsnet_syria_sample.jsonl")
# Our own sentences (Libya, Sudan).
LIBYA = "قتل خمسة أشخاص وأصيب عشرة آخرون جراء سقوط قذائف على حي سكني في مدينة بنغازي مساء الأحد."
SUDAN = "أعلن الجيش السوداني أنه استعاد السيطرة على بلدة في ولاية جنوب كردفان بعد اشتباكات عنيفة."


def _resolve(node: dict, defs: dict) -> dict:
    """One object schema: $ref and allOf merged into {"properties", "required"}; null branch of oneOf dropped.

    `defs` is the whole schema: a $ref is a JSON pointer into it ("#/$defs/textspan",
    "#/properties/events/items")."""
    if "$ref" in node:
        target = defs
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        return _resolve(target, defs)
    if "oneOf" in node:
        rest = [n for n in node["oneOf"] if n.get("type") != "null"]
        return _resolve(rest[0], defs) if len(rest) == 1 else node
    if "allOf" in node:
        merged: dict = {"properties": {}, "required": []}
        for part in node["allOf"]:
            part = _resolve(part, defs)
            merged["properties"].update(part.get("properties", {}))
            merged["required"] += part.get("required", [])
        return merged
    return node


def _models(annotation) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models(arg)]


def _literals(annotation) -> set | None:
    if typing.get_origin(annotation) is typing.Literal:
        return set(typing.get_args(annotation))
    for arg in typing.get_args(annotation):
        found = _literals(arg)
        if found:
            return found
    return None


def _check(node: dict, model: type[BaseModel], defs: dict, path: str, seen: list[str]) -> None:
    node = _resolve(node, defs)
    fields = {(f.alias or name): f for name, f in model.model_fields.items()}
    assert set(node.get("properties", {})) == set(fields), path
    for name, prop in node["properties"].items():
        field, where = fields[name], f"{path}.{name}"
        seen.append(where)
        assert field.is_required() == (name in node.get("required", [])), where
        types_ = prop.get("type")
        if isinstance(types_, list) or "oneOf" in prop:
            nullable = "null" in (types_ or []) or any(n.get("type") == "null" for n in prop.get("oneOf", []))
            assert (type(None) in typing.get_args(field.annotation)) == nullable, where
        if "enum" in prop or "const" in prop:
            assert _literals(field.annotation) == set(prop.get("enum") or [prop.get("const")]), where
        target = prop.get("items", prop) if prop.get("type") == "array" else prop
        sub = _resolve(target, defs)
        if "properties" in sub:
            (nested,) = _models(field.annotation)
            _check(target, nested, defs, where, seen)


def test_models_mirror_the_json_schema():
    schema = rasd.json_schema()
    seen: list[str] = []
    _check(schema, Record, schema, "record", seen)
    assert len(seen) > 100  # every property of every object was compared


def test_typed_results_round_trip_exactly():
    record = rasd.analyze(LIBYA, published="2015-03-01")
    typed = rasd.analyze(LIBYA, published="2015-03-01", typed=True)
    assert isinstance(typed, Record)
    assert typed.to_dict() == record
    assert json.loads(typed.to_json()) == record
    assert Record.from_dict(record).to_dict() == record
    many = list(rasd.analyze_many([SUDAN, ""], typed=True, published="2015-03-01"))
    assert isinstance(many[0], Record) and isinstance(many[1], RasdError)
    assert many[0].to_dict() == rasd.analyze(SUDAN, published="2015-03-01")


def test_models_are_strict_and_keep_unknown_keys():
    record = rasd.analyze(LIBYA, published="2015-03-01")
    record["new_field"] = {"any": [1, 2.0]}
    assert Record.from_dict(record).to_dict() == record
    ev = {"id": "v1", "event_type": "Riots", "sub_event_type": "Mob violence", "date": None, "time_precision": None,
          "actor1": None, "actor2": {"text": "x"}, "location": None, "fatalities": 2, "injured": None,
          "source": None, "evidence": [{"start": 0, "end": 1}], "confidence": 1}
    assert Event.from_dict(ev).to_dict() == ev  # 1 stays an int; the actor's absent keys stay absent
    with pytest.raises(ValidationError):
        Event.from_dict({**ev, "fatalities": "2"})
    with pytest.raises(ValidationError):
        Event.from_dict({**ev, "event_type": "Battle"})


@pytest.mark.slow
@pytest.mark.skipif(not SAMPLE.is_file(), reason="the shared news sample is not here")
def test_the_404_sample_records_round_trip():
    items = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    items = [{"text": i["text"], "title": i.get("title"), "id": i.get("id"), "source": i.get("source"),
              "published": (i.get("date") or "")[:10] or None} for i in items]
    records = [r for r in rasd.analyze_many(items) if not isinstance(r, RasdError)]
    assert len(records) == len(items) == 404
    for record in records:
        assert Record.from_dict(record).to_dict() == record


def test_the_openapi_document_describes_the_record_with_the_models(tmp_path):
    from rasd.web import create_app

    spec = create_app(f"sqlite:///{tmp_path / 'o.db'}").openapi()
    ok = spec["paths"]["/api/articles/{article_id}"]["get"]["responses"]["200"]["content"]["application/json"]
    assert ok["schema"]["$ref"] == "#/components/schemas/Record"
    record = spec["components"]["schemas"]["Record"]
    assert {"events", "background_events", "quotes", "places"} <= set(record["properties"])
