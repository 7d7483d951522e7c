"""Place-name helpers around the key (`rasd.text.keys.place_key`), shared by the index build and
the run-time matcher.

A key is the loose fold of a name (hamza/alef forms, ى/ي, ة/ه, diacritics, tatweel) with every
run of non-letters turned into one space. Both sides use the same function, so a name written
`معرّة النعمان` in GeoNames meets `معره النعمان` in the news.
"""

from __future__ import annotations

import re

WORD_RE = re.compile(r"[^\W_]+")

# Letters that mark a spelling as Persian, Urdu or Kurdish rather than Arabic (GeoNames
# alternate names carry no language tag). ZWNJ joins Persian compounds.
NON_ARABIC_LETTERS = frozenset("پچژگکیہۀےەێۆڕڵۇې\u200c")
ARABIC_NAME_RE = re.compile(r"^[\u0621-\u064a\u0671\u064b-\u065f\u0670 \-'’.0-9]+$")

# First words that news write both joined to and apart from the rest of a name
# (كفرزيتا / كفر زيتا, تلكلخ / تل كلخ, ديرالزور / دير الزور).
JOINING_HEADS = ("كفر", "تل", "دير", "عين", "بيت", "ابو", "ام", "جسر", "خان", "راس", "مرج", "بير",
                 "قصر", "بني", "سيدي", "معره", "مزرعه", "خربه", "حي")


def is_arabic_name(name: str) -> bool:
    """True for an Arabic-script name that is not only a Persian/Urdu/Kurdish spelling."""
    if not name or any(ch in NON_ARABIC_LETTERS for ch in name):
        return False
    return ARABIC_NAME_RE.match(name) is not None and any("\u0621" <= ch <= "\u064a" for ch in name)


def spacing_variants(key: str) -> set[str]:
    """The key and its joined / split spellings after a joining head (كفر زيتا <-> كفرزيتا)."""
    out = {key}
    words = key.split(" ")
    if len(words) >= 2 and words[0] in JOINING_HEADS:
        out.add(" ".join([words[0] + words[1], *words[2:]]))
    if len(words) == 1:
        for head in JOINING_HEADS:
            rest = key[len(head):]
            if key.startswith(head) and len(rest) >= 3 and not rest.startswith("ال"):
                out.add(f"{head} {rest}")
    return out
