"""Boilerplate: lines that are not the article ("read also", bylines, share prompts, links).

Found line by line on the original text with the markers of `lexicon/boilerplate.tsv`; later
stages skip these spans, so a "read also" headline never yields a quote or an event.
"""

from __future__ import annotations

import re
from functools import cache

from rasd.lexicon import load_table, variants
from rasd.text.chars import DIACRITICS, TATWEEL
from rasd.text.clean import strip_marks
from rasd.text.keys import canonical_key, canonical_phrase_key

# A byline: a short line ending in a colon, naming a place/paper and often "متابعات" or a dash.
_BYLINE_RE = re.compile(r"^[^\n:.،]{2,40}[-–—/][^\n:.،]{2,40}:\s*$|^[^\n:.،]{0,40}متابعات\s*:?\s*$")
# The same without a colon, alone on a short line: "عين اليوم – جدة".
_BYLINE_BARE_RE = re.compile(r"^\S+(?: \S+)? ?[-–—] ?\S+(?: \S+)?$")
_EMAIL_LINE_RE = re.compile(r"^\s*[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*$")
# A wire's filing time alone on a line: "12:34 ت م" (Mecca time), "14:12 GMT".
_CLOCK_LINE_RE = re.compile(r"^\s*[0-9٠-٩]{1,2}[:.][0-9٠-٩]{2}(?:\s+\S{1,3}){0,2}\s*$")
SIGNED_LINE = 100  # a dateline signed by an agency ("الخليل 26 شوال 1436 هـ ... واس") is this short
# A byline opening the first paragraph: "واس- الرياض: نفذت قوات …", "رويترز- إسطنبول: قال …".
_BYLINE_PREFIX_RE = re.compile(
    r"^\s*[-–—]?\s*([\u0621-\u064a]{2,12}(?: [\u0621-\u064a]{2,12})?\s?[-–—/]\s?"
    r"[\u0621-\u064a]{2,12}(?: [\u0621-\u064a]{2,12})?\s?:)"
)


_DIGIT_RE = re.compile(r"[0-9٠-٩]")


def _key(text: str) -> str:
    return canonical_phrase_key(strip_marks(text))


@cache
def _markers() -> tuple[tuple[str, str, str], ...]:
    rows = []
    for row in load_table("boilerplate"):
        for form in variants(row["forms"]):
            rows.append((row["kind"], row["match"], canonical_phrase_key(strip_marks(form))))
    return tuple(rows)


def classify_line(line: str) -> str | None:
    """The boilerplate kind of one line, or None when it is article text."""
    key = canonical_phrase_key(strip_marks(line))
    if not key:
        return None
    for kind, match, form in _markers():
        if (match == "start" and key.startswith(form)) or (match == "line" and key == form):
            return kind
    if _CLOCK_LINE_RE.match(key):
        return "other"
    if len(key) <= 60 and _BYLINE_RE.match(key):
        return "byline"
    if len(key) <= 30 and _BYLINE_BARE_RE.match(key):
        return "byline"
    if _EMAIL_LINE_RE.match(line):
        return "byline"  # the author's address closing an opinion piece
    return None


@cache
def _tail_markers() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Markers that start boilerplate in the middle of a line (`… قتيلاً. رابط الخبر …`); `tail`
    markers only right after a sentence stop (`… الغاب . سمات المعارضة السورية سوريا`)."""
    out = []
    for kind, match, form in _markers():
        if match in ("contains", "tail", "phrase"):
            letters = [re.escape(ch) if ch != " " else r"\s+" for ch in form]
            body = f"[{TATWEEL}{DIACRITICS}]*".join(letters)
            if match == "tail":
                body = f"(?<=[.!؟?”\"»)] )(?:{body})(?= \\S)"
            out.append((kind if match != "phrase" else "phrase:" + kind, re.compile(body)))
    return tuple(out)


def _tail(line: str) -> tuple[int, int | None, str] | None:
    """(start, end or None for the line's end, kind) of the first marker inside the line; a
    `phrase` marker covers only itself (a share widget glued before the first paragraph)."""
    folded = canonical_key(line) if len(canonical_key(line)) == len(line) else None
    for kind, pattern in _tail_markers():
        m = pattern.search(folded if folded is not None else line)
        if m:
            if kind.startswith("phrase:"):
                return m.start(), m.end(), kind.split(":", 1)[1]
            return m.start(), None, kind
    return None


LETTER_CLASS = {"ا": "[اأإآ]", "ي": "[يى]", "ه": "[هة]"}  # a folded letter and the forms it stands for


@cache
def _signatures() -> tuple[re.Pattern[str], ...]:
    """The `end` markers as patterns on the line as written (tatweel and diacritics between letters)."""
    out = []
    for _, match, form in _markers():
        if match == "end":
            letters = [LETTER_CLASS.get(ch, re.escape(ch)) if ch != " " else r"\s+" for ch in form]
            out.append(re.compile(r"(?<=\s)" + f"[{TATWEEL}{DIACRITICS}]*".join(letters) + r"\s*$"))
    return tuple(out)


def _signature(line: str) -> int | None:
    """Where an agency's signature starts on a dateline it signs ("الخليل 26 شوال 1436 هـ
    الموافق 11 أغسطس 2015 م واس"): a short line with a date that ends on the agency's name. Only
    the signature is boilerplate: the dateline's place and date stay for the places and times."""
    stripped = line.rstrip()
    if len(stripped) > SIGNED_LINE or not _DIGIT_RE.search(stripped):
        return None
    for pattern in _signatures():
        m = pattern.search(stripped)
        if m:
            return m.start()
    return None


def find(text: str) -> list[dict]:
    """Boilerplate spans ({start, end, kind}) of the original text, at most one per line."""
    spans = []
    pos = 0
    seen_lines = 0
    for line in text.split("\n"):
        seen_lines += bool(line.strip())
        kind = classify_line(line)
        start = len(line) - len(line.lstrip())
        end = len(line.rstrip())
        # A byline prefix opens the body (first lines) and a paragraph, not a short title.
        prefix = _BYLINE_PREFIX_RE.match(line) if kind is None and seen_lines <= 3 else None
        if prefix and len(line) - prefix.end() > 80:
            kind, start, end = "byline", prefix.start(1), prefix.end(1)
            spans.append({"start": pos + start, "end": pos + end, "kind": kind})
            start, end, kind = end, len(line.rstrip()), None
        if kind is None and (sign := _signature(line)):
            kind, start = "byline", sign
        if kind is None and (tail := _tail(line[start:])):
            offset, until, kind = tail
            if until is not None:
                end = start + until
            start += offset
        if kind:
            spans.append({"start": pos + start, "end": pos + end, "kind": kind})
        pos += len(line) + 1
    return spans
