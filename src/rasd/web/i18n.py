"""Interface labels in Arabic (the default) and English, and the vocabularies' display names.

Pages pick a language from `?lang=` or the `lang` cookie; anything else falls back to Arabic.
Record values (event types, stances, entity labels) stay in the record's own vocabulary; only
their display names are translated here.

Phrases with a count go through the gettext catalogs of `locale/` (Babel; Arabic has six plural
forms: "حدث واحد", "حدثان", "5 أحداث", "21 حدثًا", "100 حدث"), used by templates through
`jinja2.ext.i18n` (`{% trans count=n %}`). Digits are Latin or Arabic-Indic by choice
(`?digits=arab|latn`, remembered in a cookie).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from babel.support import NullTranslations, Translations

from rasd import admin, taxonomy
from rasd.export.formats import FORMATS

LANGS = ("ar", "en")
DEFAULT = "ar"
DIRECTION = {"ar": "rtl", "en": "ltr"}
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DIGITS = ("latn", "arab")
_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

# ACLED's event types and sub-types, with Arabic names and marker colours: from the one reviewed
# table (lexicon/acled_taxonomy.tsv) via rasd.taxonomy.
EVENT_TYPES: dict[str, dict[str, str]] = {
    t: {"ar": taxonomy.event_type_label(t, "ar"), "color": taxonomy.color(t)} for t in taxonomy.event_types()
}
SUB_EVENT_TYPES: dict[str, str] = {s: taxonomy.sub_event_type_label(s, "ar") for s in taxonomy.sub_event_types()}
STANCES: dict[str, str] = {
    "neutral": "محايد",
    "assert": "تأكيد",
    "claim": "زعم",
    "accuse": "اتهام",
    "deny": "نفي",
    "concern": "قلق",
    "justify": "تبرير",
    "call": "دعوة",
    "warn": "تحذير",
    "admit": "اعتراف",
}
ENTITY_LABELS: dict[str, dict[str, str]] = {
    "PER": {"ar": "شخص", "en": "person"},
    "ORG": {"ar": "منظمة", "en": "organization"},
    "GPE": {"ar": "كيان جغرافي سياسي", "en": "geopolitical entity"},
    "LOC": {"ar": "موقع", "en": "location"},
    "FAC": {"ar": "منشأة", "en": "facility"},
    "NORP": {"ar": "جماعة", "en": "group"},
    "MISC": {"ar": "متفرقات", "en": "other"},
}

# Syria's 14 governorates, for the filter's suggestions. The value is the admin1 name as the
# records spell it: the places component's table (lexicon/admin1.tsv) when present, else the same
# names built in.
_SY_ADMIN1 = [
    ("Damascus", "دمشق"), ("Rural Damascus", "ريف دمشق"), ("Aleppo", "حلب"), ("Homs", "حمص"), ("Hama", "حماة"),
    ("Latakia", "اللاذقية"), ("Idlib", "إدلب"), ("Al-Hasakah", "الحسكة"), ("Deir ez-Zor", "دير الزور"),
    ("Tartus", "طرطوس"), ("Raqqa", "الرقة"), ("Daraa", "درعا"), ("As-Suwayda", "السويداء"), ("Quneitra", "القنيطرة"),
]


def _governorates() -> list[dict[str, str]]:
    try:
        from rasd.lexicon import load_table, variants

        rows = [(r["name_en"], (variants(r["name_ar"]) or [r["name_en"]])[0])
                for r in load_table("admin1") if r.get("country") == "SY" and r.get("name_en")]
    except (OSError, KeyError):
        rows = []
    return [{"value": en, "en": en, "ar": ar} for en, ar in (rows or _SY_ADMIN1)]


GOVERNORATES: list[dict[str, str]] = _governorates()

def N_(message: str) -> str:
    """Marks an interface string for the catalogs (`make i18n` extracts it); translated at render time."""
    return message


# Interface labels, in English; their Arabic is in the catalog (locale/ar/LC_MESSAGES/messages.po).
LABELS: dict[str, str] = {
    "app": N_("rasd"),
    "tagline": N_("Conflict data from Arabic news"),
    "articles": N_("Articles"),
    "events": N_("Events"),
    "quotes": N_("Quotes"),
    "api_docs": N_("API"),
    "search": N_("Search"),
    "search_placeholder": N_("Search the texts…"),
    "date_from": N_("From"),
    "date_to": N_("To"),
    "governorate": N_("Governorate"),
    "event_type": N_("Event type"),
    "sub_event_type": N_("Sub-event type"),
    "actor": N_("Actor"),
    "actor1": N_("Actor 1"),
    "actor2": N_("Actor 2"),
    "source": N_("Source"),
    "reported_by": N_("Reported by"),
    "any": N_("Any"),
    "filter": N_("Filter"),
    "reset": N_("Reset"),
    "title": N_("Title"),
    "published": N_("Published"),
    "date": N_("Date"),
    "location": N_("Location"),
    "fatalities": N_("Fatalities"),
    "injured": N_("Injured"),
    "confidence": N_("Confidence"),
    "evidence": N_("Evidence in the text"),
    "speaker": N_("Speaker"),
    "stance": N_("Stance"),
    "via": N_("Via"),
    "quote": N_("Quote"),
    "article": N_("Article"),
    "open_article": N_("Open article"),
    "results": N_("results"),
    "no_results": N_("No results."),
    "next": N_("Next"),
    "prev": N_("Previous"),
    "page": N_("Page"),
    "of": N_("of"),
    "export": N_("Export"),
    "export_csv": N_("ACLED CSV"),
    "export_geojson": N_("GeoJSON"),
    "export_jsonl": N_("JSON Lines"),
    "export_excel": N_("CSV for Excel"),
    "data_dictionary": N_("Data dictionary"),
    "unknown_filter": N_("Unknown filter value"),
    "country": N_("Country"),
    "background": N_("Include background events (older than the report)"),
    "map": N_("Map"),
    "map_unavailable": N_("The map is unavailable: Leaflet is not installed (make leaflet)."),
    "timeline": N_("Timeline (events per day by type)"),
    "table": N_("Events table"),
    "legend": N_("Legend"),
    "text": N_("Text"),
    "entities": N_("Entities"),
    "places": N_("Places"),
    "times": N_("Dates and times"),
    "numbers": N_("Numbers"),
    "restored": N_("Restored word"),
    "original": N_("Original"),
    "boilerplate": N_("Boilerplate"),
    "unknown": N_("unknown"),
    "unresolved": N_("unresolved"),
    "json": N_("JSON"),
    "url": N_("Link"),
    "not_found": N_("Not found"),
    "not_found_text": N_("We could not find what you asked for."),
    "events_count": N_("events"),
    "quotes_count": N_("quotes"),
    "warnings": N_("Warnings"),
    "key": N_("Highlight key"),
    "stats": N_("In the database"),
    "comma": N_(","),
}


def pick(lang: str | None) -> str:
    """A supported language code; anything else falls back to Arabic."""
    return lang if lang in LANGS else DEFAULT


def translated(table: dict[str, str], lang: str) -> dict[str, str]:
    """A table of English labels (marked with N_) in one language, through its catalog: every page
    shows one language, and the Arabic lives in locale/ar/LC_MESSAGES/messages.po only."""
    t = translations(lang)
    return {key: t.gettext(text) for key, text in table.items()}


@cache
def labels(lang: str) -> dict[str, str]:
    """The label table for one language, through its catalog (the language toggle names the other)."""
    return {**translated(LABELS, lang), "other_lang": "English" if lang == "ar" else "العربية"}


def event_type_name(value: str | None, lang: str) -> str:
    if not value:
        return ""
    if lang == "en":
        return value
    return EVENT_TYPES.get(value, {}).get("ar", value)


def sub_event_type_name(value: str | None, lang: str) -> str:
    if not value:
        return ""
    return value if lang == "en" else SUB_EVENT_TYPES.get(value, value)


def admin1_name(value: str | None, lang: str) -> str:
    """A governorate's display name (the records carry the English admin1 name)."""
    if not value or lang == "en":
        return value or ""
    return next((g["ar"] for g in GOVERNORATES if g["value"] == value), None) or admin.admin1_arabic(value) or value


def stance_name(value: str | None, lang: str) -> str:
    if not value:
        return ""
    return value if lang == "en" else STANCES.get(value, value)


def entity_label_name(value: str | None, lang: str) -> str:
    if not value:
        return ""
    return ENTITY_LABELS.get(value, {}).get(lang, value)


def event_colors() -> dict[str, str]:
    return {name: spec["color"] for name, spec in EVENT_TYPES.items()}


@cache
def translations(lang: str) -> NullTranslations:
    """The compiled catalog of one language (`locale/<lang>/LC_MESSAGES/messages.mo`; English is
    the source language and needs none)."""
    if lang == "en":
        return NullTranslations()
    return Translations.load(str(LOCALE_DIR), [lang], domain="messages")


def pick_digits(value: str | None) -> str:
    return value if value in DIGITS else "latn"


def digits(value: Any, style: str) -> str:
    """A number or a date with Latin or Arabic-Indic digits. Arabic-Indic dates are written with
    slashes (٢٠١٩/٠٨/٢٢): between Arabic-Indic digits a hyphen does not hold the parts together in
    the bidi algorithm, and the date would read reversed; a slash does."""
    text = "" if value is None else str(value)
    if style != "arab":
        return text
    if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", text):
        text = text.replace("-", "/")
    return text.translate(_ARABIC_INDIC)


def gettext_callables(lang: str, style: str = "latn") -> dict[str, Callable[..., str]]:
    """`gettext`/`ngettext` in jinja2's "newstyle" form: `%(name)s` placeholders are filled here and
    the count `n` is written with the chosen digits."""
    t = translations(lang)

    def gettext(message: str, **variables: Any) -> str:
        text = t.gettext(message)
        return text % variables if variables else text

    def ngettext(singular: str, plural: str, __num: int, **variables: Any) -> str:
        variables = {**variables, "n": digits(variables.get("n", __num), style), "num": digits(__num, style)}
        return t.ngettext(singular, plural, __num) % variables

    return {"gettext": gettext, "ngettext": ngettext, "_": gettext}


def count_phrase(lang: str, noun: str, n: int, style: str = "latn") -> str:
    """"21 حدثًا" / "21 events": `noun` is the English singular ("event", "article", ...)."""
    plural = {"fatality": "fatalities"}.get(noun, noun + "s")
    return gettext_callables(lang, style)["ngettext"](f"%(n)s {noun}", f"%(n)s {plural}", n)


def context(lang: str, style: str = "latn") -> dict[str, Any]:
    """What every template gets: the labels, the direction, gettext and the display-name helpers."""
    return {
        "lang": lang,
        "dir": DIRECTION[lang],
        "L": labels(lang),
        "digits_style": style,
        "num": lambda v: digits(v, style),
        **gettext_callables(lang, style),
        "event_type_name": lambda v: event_type_name(v, lang),
        "stance_name": lambda v: stance_name(v, lang),
        "sub_event_type_name": lambda v: sub_event_type_name(v, lang),
        "admin1_name": lambda v: admin1_name(v, lang),
        "entity_label_name": lambda v: entity_label_name(v, lang),
        "EVENT_TYPES": list(EVENT_TYPES),
        "SUB_EVENT_TYPES": list(SUB_EVENT_TYPES),
        "STANCES": list(STANCES),
        "EVENT_COLORS": event_colors(),
        "EVENT_NAMES": {name: event_type_name(name, lang) for name in EVENT_TYPES},
        "SUB_EVENT_NAMES": {name: sub_event_type_name(name, lang) for name in SUB_EVENT_TYPES},
        "ADMIN1_NAMES": {name: admin1_name(name, lang) for name in admin.admin1_names()},
        "GOVERNORATES": GOVERNORATES,
        "EXPORT_FORMATS": [f for f in FORMATS.values()],
    }
