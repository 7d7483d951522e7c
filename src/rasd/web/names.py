"""Actor names in the Arabic view when the article gives none to show.

An event row carries actor1/actor2 as ACLED names ("Military Forces of Syria") and, when the
article names the actor, `actor1_text` as written. Some actors are inferred without words of
their own ("Unidentified Armed Group (Afghanistan)"): the Arabic view then shows the reviewed
tables' Arabic for the name (the first variant in `lexicon/actors.tsv`; for a generic name of
`lexicon/actor_generic.tsv`, its first form and the country in Arabic), so one view keeps one
language. No translation is invented: a name the tables do not know stays as it is.
"""

from __future__ import annotations

import re
from functools import cache

from rasd import admin
from rasd.lexicon import load_table, variants


@cache
def _named() -> dict[str, str]:
    return {r["name"]: v[0] for r in load_table("actors") if r.get("name") and (v := variants(r.get("variants", "")))}


@cache
def _generic() -> list[tuple[re.Pattern[str], str]]:
    """(pattern of the ACLED name with the country as a group, the Arabic form) per template."""
    out = []
    for r in load_table("actor_generic"):
        forms = variants(r.get("forms", ""))
        template = r.get("template", "")
        if not forms or not template:
            continue
        pattern = re.escape(template).replace(r"\{name\}", "(?P<name>.+)").replace(r"\{of\}", "(?P<of>.+)")
        out.append((re.compile(f"^{pattern}$"), forms[0]))
    return out


@cache
def _countries() -> dict[str, str]:
    """ACLED's country spellings ("Yemen", "the United States") -> ISO code."""
    out: dict[str, str] = {}
    for r in load_table("actor_countries"):
        for key in ("name", "of"):
            if r.get(key):
                out[r[key]] = r["iso"]
    return out


@cache
def actor_arabic(name: str | None) -> str | None:
    """The Arabic display name of an ACLED actor name, or None when the tables do not know it."""
    if not name:
        return None
    if name in _named():
        return _named()[name]
    for pattern, form in _generic():
        m = pattern.match(name)
        if m:
            country = m.groupdict().get("name") or m.groupdict().get("of") or ""
            code = _countries().get(country) or admin.country_code(country)
            return f"{form} ({admin.country_name(code, 'ar')})" if code else form
    return None


def actor_display(name: str | None, text: str | None, lang: str) -> str:
    """An event's actor in the view's language: as the article writes it (Arabic view) or its ACLED
    name (English view), with the tables' Arabic for an actor the article does not name."""
    if lang == "ar":
        return text or actor_arabic(name) or name or ""
    return name or text or ""
