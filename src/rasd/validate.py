"""Validation of records against the `rasd.analysis/1` JSON Schema, plus the offset invariant."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator


@cache
def validator() -> Draft202012Validator:
    schema = json.loads((resources.files("rasd") / "schema" / "analysis.schema.json").read_text("utf-8"))
    return Draft202012Validator(schema)


def problems(record: dict[str, Any]) -> list[str]:
    """Everything wrong with a record: schema errors and spans whose text is not `text[start:end]`."""
    found = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator().iter_errors(record)]
    text = record.get("text", "")
    for path, item in _spans(record):
        s, e = item["start"], item["end"]
        if not (0 <= s <= e <= len(text)):
            found.append(f"{path}: offsets {s}..{e} outside the text")
        elif "text" in item and isinstance(item["text"], str) and text[s:e] != item["text"]:
            found.append(f"{path}: text[{s}:{e}] != {item['text']!r}")
    return found


def _spans(value: Any, path: str = "") -> list[tuple[str, dict[str, Any]]]:
    out = []
    if isinstance(value, dict):
        if isinstance(value.get("start"), int) and isinstance(value.get("end"), int) and path:
            out.append((path, value))
        for k, v in value.items():
            if k != "doc":
                out.extend(_spans(v, f"{path}/{k}"))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out.extend(_spans(v, f"{path}/{i}"))
    return out
