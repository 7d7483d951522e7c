"""Bytes -> text, detecting the encoding and refusing binary input with a clear error.

Arabic pages still come as cp1256 or UTF-16 (often without a BOM); the encoding used is
reported in the record's warnings when it was not UTF-8.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from rasd.errors import RasdError

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(data: bytes, *, where: str | None = None) -> tuple[str, list[str]]:
    """The text of `data` and the warnings about how it was decoded."""
    if not data.strip():
        raise RasdError("E001", where=where)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace"), ([] if codec == "utf-8-sig" else [f"decoded as {codec}"])
    utf16 = _utf16_without_bom(data)
    if utf16:
        return data.decode(utf16, errors="replace"), [f"decoded as {utf16} (no byte-order mark)"]
    if _looks_binary(data):
        raise RasdError("E002", f"{data[:64].count(0)} NUL bytes in the first 64", where=where)
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    repaired = _utf8_with_stray_bytes(data)
    if repaired is not None:
        return repaired
    best = from_bytes(data[:200_000]).best()
    encoding = best.encoding if best else None
    if encoding is None:
        raise RasdError("E004", "no text encoding fits", where=where)
    if _prefer_cp1256(data, encoding):
        encoding = "cp1256"
    return data.decode(encoding, errors="replace"), [f"decoded as {encoding}"]


def _utf8_with_stray_bytes(data: bytes) -> tuple[str, list[str]] | None:
    """UTF-8 with a few broken bytes (a cut download, one bad copy-paste) keeps its article.

    A text in another encoding breaks UTF-8 on nearly every non-ASCII letter; a handful of bad
    bytes in a long text is damage, so they become U+FFFD and the record's warnings say how many.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if bad > max(4, len(data) // 1000):  # one broken byte can cost up to 3 replacements
        return None
    return text, [f"{bad} undecodable byte(s) replaced by U+FFFD (the text is UTF-8 otherwise)"]


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text has a NUL in every other byte for ASCII, or Arabic high bytes 0x06 in one lane."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    for lane, codec in ((odd, "utf-16-le"), (even, "utf-16-be")):
        share = sum(1 for b in lane if b in (0x00, 0x06, 0x20)) / len(lane)
        if share > 0.9:
            try:
                data.decode(codec)
            except UnicodeDecodeError:
                continue
            return codec
    return None


def _looks_binary(data: bytes) -> bool:
    sample = data[:8000]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls / max(len(sample), 1) > 0.05


def _prefer_cp1256(data: bytes, guessed: str) -> bool:
    """charset-normalizer sometimes names another single-byte code page for Arabic cp1256."""
    if guessed.lower().replace("_", "-") in ("cp1256", "windows-1256"):
        return False
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        return False
    arabic = sum(1 for ch in text if "\u0600" <= ch <= "\u06ff")
    return arabic > 0.3 * len(text.replace(" ", ""))
