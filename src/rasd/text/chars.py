"""Character classes of Arabic text (the folds built on them are in `rasd.text.keys`).

One place for the Unicode ranges every stage needs, so that cleaning, search and the lexicon
matchers agree on what a letter, a diacritic or an invisible character is.
"""

from __future__ import annotations

import re

# Arabic letters proper (hamza to yeh, plus the extended letters used in loanwords and dialects).
ARABIC_LETTERS = "\u0621-\u063a\u0641-\u064a\u066e-\u066f\u0671-\u06d3\u06d5\u06fa-\u06fc\u06ff"
TATWEEL = "\u0640"
DIACRITICS = "\u064b-\u065f\u0670\u06d6-\u06ed"
# Zero-width, bidi controls, soft hyphen, BOM, Arabic letter mark.
INVISIBLE = "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad\u061c"
PRESENTATION_FORMS = "\ufb50-\ufdff\ufe70-\ufefe"
# Marks inserted between the letters of a word to dodge keyword filters.
OBFUSCATION_MARKS = ".*\\-_\u00b7\u2022\u2027\u2219\u02d9"

DIACRITICS_RE = re.compile(f"[{DIACRITICS}]")
ALEF_RE = re.compile("[\u0623\u0625\u0622\u0671]")
ARABIC_RE = re.compile(f"[{ARABIC_LETTERS}]")

# One-for-one replacements: Persian/Urdu look-alike letters and Eastern digits.
LOOKALIKES = {
    "\u06a9": "\u0643",  # keheh -> kaf
    "\u06aa": "\u0643",  # swash kaf -> kaf
    "\u06cc": "\u064a",  # Farsi yeh -> yeh (final form handled in clean.py)
    "\u06c0": "\u0629",  # heh with yeh above -> teh marbuta
    "\u06c3": "\u0629",  # teh marbuta goal -> teh marbuta
    "\u06be": "\u0647",  # heh doachashmee -> heh
    "\u06c1": "\u0647",  # heh goal -> heh
    "\u06d5": "\u0647",  # ae -> heh
}
DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}
PUNCT_MAP = {"\u066b": ".", "\u066c": ",", "\u066a": "%"}
ONE_FOR_ONE = LOOKALIKES | DIGITS | PUNCT_MAP

def has_arabic(text: str) -> bool:
    """True when the text holds at least one Arabic letter."""
    return ARABIC_RE.search(text) is not None
