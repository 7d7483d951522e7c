"""Numbered, user-facing error messages.

A bad article gets one of these (what went wrong and where); the run goes on with the others.
Codes are stable so that users and the store can count failures by kind.
"""

from __future__ import annotations

MESSAGES = {
    "E001": "empty input: there is no text to analyse",
    "E002": "binary input: this looks like a binary file, not text ({detail})",
    "E003": "input too large: {detail}",
    "E004": "could not decode the text: {detail}",
    "E005": "bad JSON line: {detail}",
    "E006": "missing field: {detail}",
    "E007": "no main text found in the HTML page (empty, malformed or too deeply nested)",
    "E008": "cannot read input: {detail}",
    "E009": "analysis failed: {detail}",
    "E010": "bad publication date {detail!r}: use YYYY-MM-DD",
    "E011": "analysis timed out: {detail}",
    "E012": "fetch failed: {detail}",
    "E013": "unsupported input: {detail}",
    "E014": "set aside: {detail}",
    # A component that raised: the article is still analysed by the others, and the record says so.
    "W100": "the NER model failed: {detail}",
    "W101": "rasd_entities failed: {detail}",
    "W102": "rasd_times failed: {detail}",
    "W103": "rasd_numbers failed: {detail}",
    "W104": "rasd_places failed: {detail}",
    "W105": "rasd_quotes failed: {detail}",
    "W106": "rasd_events failed: {detail}",
    "W199": "a pipeline component failed: {detail}",
}


class RasdError(Exception):
    """An error about one input item, with a stable code and a readable message."""

    def __init__(self, code: str, detail: str = "", *, where: str | None = None) -> None:
        self.code = code
        self.detail = detail
        self.where = where
        super().__init__(self.message)

    @property
    def message(self) -> str:
        text = MESSAGES.get(self.code, "{detail}").format(detail=self.detail)
        prefix = f"{self.where}: " if self.where else ""
        return f"{prefix}{self.code} {text}"

    def to_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "message": self.message, "where": self.where}
