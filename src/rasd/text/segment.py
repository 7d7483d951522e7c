"""Segmentation of the canonical text: sentences and tokens, each with character offsets.

Tokens keep clitics attached (`والأطفال` is one token, as in the NER corpora); `rasd.text.clitics`
splits them on demand. Sentences end at . ! ? ؟ … and line breaks, also when the writer left no
space after the stop (`سببه.وقال`), but not inside numbers, abbreviations, URLs or e-mails.
"""

from __future__ import annotations

import re

from rasd.text.chars import ARABIC_LETTERS

TOKEN_RE = re.compile(
    r"https?://[^\s\"'<>«»“”]+"
    r"|www\.[^\s\"'<>«»“”]+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\d+(?:[.,:/\-]\d+)*%?"
    r"|[^\W\d_]+"
    r"|\S",
)
_STOP = r"[.!?؟…]+"
_CLOSERS = "\"'”»’)\\]›"
SENTENCE_END_RE = re.compile(f"{_STOP}[{re.escape(_CLOSERS)}]*")
_ABBREV_BEFORE = re.compile(rf"(?:^|[\s.(])(?:[{ARABIC_LETTERS}]|[A-Za-z]{{1,3}})$")
_NO_BREAK_AFTER = "،,:;؛" + "".join(".!?؟…")


def tokens(text: str) -> list[tuple[int, int]]:
    """(start, end) of every token; whitespace is not a token."""
    return [m.span() for m in TOKEN_RE.finditer(text)]


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence, stripped of surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    line_start = 0
    for line in text.split("\n"):
        _split_line(line, line_start, spans)
        line_start += len(line) + 1
    return spans


def _split_line(line: str, offset: int, spans: list[tuple[int, int]]) -> None:
    start = 0
    for m in SENTENCE_END_RE.finditer(line):
        if _is_boundary(line, m):
            _add(line, offset, start, m.end(), spans)
            start = m.end()
    _add(line, offset, start, len(line), spans)


def _is_boundary(line: str, m: re.Match[str]) -> bool:
    before, after = line[: m.start()], line[m.end() :]
    stop = m.group()
    nxt = after.lstrip()[:1]
    if not nxt:
        return True
    if nxt in _NO_BREAK_AFTER:
        return False
    if (stop[0] == "." and len(stop) == 1) or (stop.startswith(".") and stop[1:2] in _CLOSERS):
        if before[-1:].isdigit() and after[:1].isdigit():
            return False  # 3.5, 19.8.2019
        if not after[:1].isspace() and not _is_arabic_letter(after[:1]):
            return False  # www.example.com, U.S.A
        if _ABBREV_BEFORE.search(before):
            return False  # ق.م، د. فلان، U.S.
        if not after[:1].isspace() and _is_latin_word_before(before):
            return False
    return True


def _is_arabic_letter(ch: str) -> bool:
    return bool(ch) and re.match(f"[{ARABIC_LETTERS}]", ch) is not None


def _is_latin_word_before(before: str) -> bool:
    return bool(re.search(r"[A-Za-z0-9]$", before))


def _add(line: str, offset: int, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    chunk = line[start:end]
    stripped = chunk.strip()
    if stripped:
        lead = len(chunk) - len(chunk.lstrip())
        spans.append((offset + start + lead, offset + start + lead + len(stripped)))
