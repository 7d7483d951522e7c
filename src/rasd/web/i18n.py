"""Interface labels in Arabic (the default) and English, and the vocabularies' display names.

Pages pick a language from `?lang=` or the `lang` cookie; anything else falls back to Arabic.
Record values (event types, stances, entity labels) stay in the record's own vocabulary; only
their display names are translated here.
"""

from __future__ import annotations

from typing import Any

from rasd import admin, taxonomy
from rasd.export.formats import FORMATS

LANGS = ("ar", "en")
DEFAULT = "ar"
DIRECTION = {"ar": "rtl", "en": "ltr"}

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

LABELS: dict[str, dict[str, str]] = {
    "app": {"ar": "رصد", "en": "rasd"},
    "tagline": {"ar": "بيانات النزاع من الأخبار العربية", "en": "Conflict data from Arabic news"},
    "articles": {"ar": "المقالات", "en": "Articles"},
    "events": {"ar": "الأحداث", "en": "Events"},
    "quotes": {"ar": "الاقتباسات", "en": "Quotes"},
    "nav_new": {"ar": "الجديد", "en": "New"},  # monitoring (rasd.web.routers.monitor holds its pages' labels)
    "nav_alerts": {"ar": "التنبيهات", "en": "Alerts"},
    "nav_sources": {"ar": "المصادر", "en": "Sources"},
    "api_docs": {"ar": "واجهة البرمجة", "en": "API"},
    "other_lang": {"ar": "English", "en": "العربية"},
    "search": {"ar": "بحث", "en": "Search"},
    "search_placeholder": {"ar": "ابحث في النصوص…", "en": "Search the texts…"},
    "date_from": {"ar": "من تاريخ", "en": "From"},
    "date_to": {"ar": "إلى تاريخ", "en": "To"},
    "governorate": {"ar": "المحافظة", "en": "Governorate"},
    "event_type": {"ar": "نوع الحدث", "en": "Event type"},
    "sub_event_type": {"ar": "النوع الفرعي", "en": "Sub-event type"},
    "actor": {"ar": "الفاعل", "en": "Actor"},
    "actor1": {"ar": "الفاعل الأول", "en": "Actor 1"},
    "actor2": {"ar": "الفاعل الثاني", "en": "Actor 2"},
    "source": {"ar": "المصدر", "en": "Source"},
    "reported_by": {"ar": "بحسب", "en": "Reported by"},
    "any": {"ar": "الكل", "en": "Any"},
    "filter": {"ar": "تصفية", "en": "Filter"},
    "reset": {"ar": "مسح", "en": "Reset"},
    "title": {"ar": "العنوان", "en": "Title"},
    "published": {"ar": "تاريخ النشر", "en": "Published"},
    "date": {"ar": "التاريخ", "en": "Date"},
    "location": {"ar": "المكان", "en": "Location"},
    "fatalities": {"ar": "القتلى", "en": "Fatalities"},
    "injured": {"ar": "الجرحى", "en": "Injured"},
    "confidence": {"ar": "الثقة", "en": "Confidence"},
    "evidence": {"ar": "الدليل في النص", "en": "Evidence in the text"},
    "speaker": {"ar": "المتحدث", "en": "Speaker"},
    "stance": {"ar": "الموقف", "en": "Stance"},
    "via": {"ar": "عبر", "en": "Via"},
    "quote": {"ar": "الاقتباس", "en": "Quote"},
    "article": {"ar": "المقال", "en": "Article"},
    "open_article": {"ar": "فتح المقال", "en": "Open article"},
    "results": {"ar": "نتيجة", "en": "results"},
    "no_results": {"ar": "لا توجد نتائج.", "en": "No results."},
    "next": {"ar": "التالي", "en": "Next"},
    "prev": {"ar": "السابق", "en": "Previous"},
    "page": {"ar": "صفحة", "en": "Page"},
    "of": {"ar": "من", "en": "of"},
    "export": {"ar": "تصدير", "en": "Export"},
    "export_csv": {"ar": "ACLED CSV", "en": "ACLED CSV"},
    "export_geojson": {"ar": "GeoJSON", "en": "GeoJSON"},
    "export_jsonl": {"ar": "JSON Lines", "en": "JSON Lines"},
    "export_excel": {"ar": "CSV لبرنامج Excel", "en": "CSV for Excel"},
    "data_dictionary": {"ar": "قاموس البيانات", "en": "Data dictionary"},
    "unknown_filter": {"ar": "قيمة تصفية غير معروفة", "en": "Unknown filter value"},
    "country": {"ar": "البلد", "en": "Country"},
    "background": {"ar": "تضمين أحداث الخلفية (أقدم من الخبر)",
                   "en": "Include background events (older than the report)"},
    "map": {"ar": "الخريطة", "en": "Map"},
    "map_unavailable": {
        "ar": "الخريطة غير متاحة: مكتبة Leaflet غير مثبتة (make leaflet).",
        "en": "The map is unavailable: Leaflet is not installed (make leaflet).",
    },
    "timeline": {"ar": "الخط الزمني (أحداث في اليوم حسب النوع)", "en": "Timeline (events per day by type)"},
    "table": {"ar": "جدول الأحداث", "en": "Events table"},
    "legend": {"ar": "مفتاح الألوان", "en": "Legend"},
    "text": {"ar": "النص", "en": "Text"},
    "entities": {"ar": "الكيانات", "en": "Entities"},
    "places": {"ar": "الأماكن", "en": "Places"},
    "times": {"ar": "التواريخ والأوقات", "en": "Dates and times"},
    "numbers": {"ar": "الأعداد", "en": "Numbers"},
    "restored": {"ar": "كلمة مستعادة", "en": "Restored word"},
    "original": {"ar": "الأصل", "en": "Original"},
    "boilerplate": {"ar": "نص هامشي", "en": "Boilerplate"},
    "unknown": {"ar": "غير معروف", "en": "unknown"},
    "unresolved": {"ar": "غير محدد", "en": "unresolved"},
    "json": {"ar": "JSON", "en": "JSON"},
    "url": {"ar": "الرابط", "en": "Link"},
    "not_found": {"ar": "غير موجود", "en": "Not found"},
    "not_found_text": {"ar": "لم نجد ما تبحث عنه.", "en": "We could not find what you asked for."},
    "events_count": {"ar": "أحداث", "en": "events"},
    "quotes_count": {"ar": "اقتباسات", "en": "quotes"},
    "warnings": {"ar": "تنبيهات", "en": "Warnings"},
    "key": {"ar": "مفتاح الألوان في النص", "en": "Highlight key"},
    "stats": {"ar": "في قاعدة البيانات", "en": "In the database"},
    "comma": {"ar": "،", "en": ","},
}


def pick(lang: str | None) -> str:
    """A supported language code; anything else falls back to Arabic."""
    return lang if lang in LANGS else DEFAULT


def labels(lang: str) -> dict[str, str]:
    """The label table for one language (missing entries fall back to Arabic)."""
    return {key: texts.get(lang) or texts[DEFAULT] for key, texts in LABELS.items()}


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


def context(lang: str) -> dict[str, Any]:
    """What every template gets: the labels, the direction and the display-name helpers."""
    return {
        "lang": lang,
        "dir": DIRECTION[lang],
        "L": labels(lang),
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
