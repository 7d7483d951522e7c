"""Interface language: the Arabic catalog's plural forms, the digit styles, and the compiled catalog
(`messages.mo`, committed so a clean checkout runs) kept in step with its source (`messages.po`)."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po
from babel.support import Translations

from rasd.web import i18n

PO = i18n.LOCALE_DIR / "ar" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")


@pytest.mark.parametrize(("n", "phrase"), [
    (0, "لا أحداث"), (1, "حدث واحد"), (2, "حدثان"), (3, "3 أحداث"), (10, "10 أحداث"), (11, "11 حدثًا"),
    (21, "21 حدثًا"), (99, "99 حدثًا"), (100, "100 حدث"), (102, "102 حدث"), (103, "103 أحداث"), (111, "111 حدثًا"),
])
def test_arabic_event_counts_follow_the_six_plural_forms(n, phrase):
    assert i18n.count_phrase("ar", "event", n) == phrase


@pytest.mark.parametrize(("noun", "forms"), [
    ("article", ("مقال واحد", "مقالان", "5 مقالات", "204 مقالات", "21 مقالًا")),
    ("quote", ("اقتباس واحد", "اقتباسان", "5 اقتباسات", "204 اقتباسات", "21 اقتباسًا")),
    ("fatality", ("قتيل واحد", "قتيلان", "5 قتلى", "204 قتلى", "21 قتيلًا")),
])
def test_every_counted_noun_has_its_arabic_forms(noun, forms):
    assert tuple(i18n.count_phrase("ar", noun, n) for n in (1, 2, 5, 204, 21)) == forms


def test_english_counts_and_arabic_indic_digits():
    assert i18n.count_phrase("en", "event", 1) == "1 event"
    assert i18n.count_phrase("en", "event", 21) == "21 events"
    assert i18n.count_phrase("ar", "event", 21, "arab") == "٢١ حدثًا"
    assert i18n.digits("2019-08-22", "arab") == "٢٠١٩/٠٨/٢٢"  # slashes keep the date in order in RTL
    assert i18n.digits("2019-08-22", "latn") == "2019-08-22"


def test_the_compiled_catalog_matches_its_source():
    with PO.open("rb") as f:
        source = {m.id if isinstance(m.id, str) else m.id[0]: m.string for m in read_po(f) if m.id}
    compiled = Translations(MO.open("rb"))
    for msgid, text in source.items():
        if isinstance(text, tuple):
            assert compiled.ngettext(msgid, msgid + "s", 11) == text[4], f"make i18n: {msgid!r} is stale"
        else:
            assert compiled.gettext(msgid) == text, f"make i18n: {msgid!r} is stale"


def test_every_interface_string_has_its_arabic():
    from babel.messages.extract import extract_from_dir

    web = i18n.LOCALE_DIR.parent
    method_map = [("**.py", "python"), ("templates/**.html", "jinja2")]
    found = {m[2] if isinstance(m[2], str) else m[2][0]
             for m in extract_from_dir(str(web), method_map, options_map={"templates/**.html": {
                 "extensions": "jinja2.ext.i18n"}})}
    with PO.open("rb") as f:
        translated = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id and m.string}
    assert found and found <= translated, sorted(found - translated)


def test_actors_keep_one_language_per_view():
    from rasd.web.names import actor_arabic, actor_display

    # as the article writes it first; the reviewed tables' Arabic for an actor it does not name
    assert actor_display("Military Forces of Russia", "طائرات حربية روسية", "ar") == "طائرات حربية روسية"
    assert actor_display("Military Forces of Russia", "طائرات حربية روسية", "en") == "Military Forces of Russia"
    inferred = actor_display("Unidentified Armed Group (Afghanistan)", None, "ar")
    assert inferred == actor_arabic("Unidentified Armed Group (Afghanistan)") and "أفغانستان" in inferred
    assert inferred.isascii() is False
    assert actor_display("Some Unknown Name", None, "ar") == "Some Unknown Name"  # nothing invented


@pytest.mark.parametrize(("noun", "forms"), [
    ("report", ("لا تقارير", "تقرير واحد", "تقريران", "5 تقارير", "21 تقريرًا", "100 تقرير")),
    ("change", ("لا تغييرات", "تغيير واحد", "تغييران", "5 تغييرات", "21 تغييرًا", "100 تغيير")),
    ("review", ("لا مراجعات", "مراجعة واحدة", "مراجعتان", "5 مراجعات", "21 مراجعةً", "100 مراجعة")),
])
def test_the_review_pages_counted_nouns_have_their_arabic_forms(noun, forms):
    assert tuple(i18n.count_phrase("ar", noun, n) for n in (0, 1, 2, 5, 21, 100)) == forms


ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")


@pytest.mark.parametrize("module", ["review", "monitor"])
def test_review_and_monitoring_labels_come_from_the_catalog_one_language_a_view(module):
    from rasd.web.routers import monitor, review

    table = {"review": review, "monitor": monitor}[module]
    assert all(isinstance(text, str) and not ARABIC_LETTER.search(text) for text in table.LABELS.values())
    english, arabic = table.labels("en"), table.labels("ar")
    assert english == table.LABELS
    untranslated = {k for k, v in arabic.items() if not ARABIC_LETTER.search(v)} - {"webhook"}
    assert not untranslated, sorted(untranslated)


def test_templates_hold_no_arabic_text():
    """Every word a template shows goes through the catalog (the digits toggle shows Arabic-Indic digits)."""
    templates = i18n.LOCALE_DIR.parent / "templates"
    found = {p.name: ARABIC_LETTER.findall(p.read_text(encoding="utf-8")) for p in templates.glob("*.html")}
    assert not {name: hits for name, hits in found.items() if hits}
