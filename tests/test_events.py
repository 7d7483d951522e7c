"""The events component on sentences written for these tests: every trigger row, negation,
threats, hypotheticals, attempts, quotes, summaries, merging, casualties, sources and actors.

Docs are built by the real pipeline; places and casualty figures are set by hand (the way the
places and numbers components shape them) so each test controls exactly what events reads.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from rasd.article import Article
from rasd.extract.events import find_events
from rasd.lexicon import load_table

# name -> (geonameid, English name, admin1, lat, lon, feature)
PLACES: dict[str, tuple[int, str, str, float, float, str]] = {
    "كفرنبل": (169304, "Kafr Nabl", "Idlib", 35.61, 36.56, "PPL"),
    "معرة النعمان": (167611, "Maarat al-Numan", "Idlib", 35.64, 36.67, "PPL"),
    "خان شيخون": (168325, "Khan Shaykhun", "Idlib", 35.44, 36.65, "PPL"),
    "إدلب": (169389, "Idlib", "Idlib", 35.93, 36.63, "PPLA"),
    "حلب": (170063, "Aleppo", "Aleppo", 36.2, 37.16, "PPLA"),
    "دوما": (170654, "Douma", "Rif Dimashq", 33.57, 36.4, "PPL"),
    "الزبداني": (162627, "Az Zabadani", "Rif Dimashq", 33.72, 36.1, "PPL"),
    "درعا": (170592, "Daraa", "Daraa", 32.62, 36.1, "PPLA"),
    "الرقة": (163345, "Raqqa", "Ar-Raqqa", 35.95, 39.01, "PPLA"),
    "مورك": (166640, "Murak", "Hama", 35.37, 36.68, "PPL"),
    "حماة": (170017, "Hama", "Hama", 35.13, 36.75, "PPLA"),
    "سوتشي": (491422, "Sochi", "Krasnodar", 43.6, 39.73, "PPL"),
    "ريف دمشق": (170652, "Rif Dimashq", "Rif Dimashq", 33.5, 36.5, "ADM1"),
    "سوريا": (163843, "Syria", "", 35.0, 38.0, "PCLI"),
    "معرستي": (900001, "Maarasta", "Aleppo", 36.47, 37.05, "PPL"),
    "ماير": (900002, "Mayer", "Aleppo", 36.46, 37.03, "PPL"),
    "الفوعة": (900003, "Al-Fuah", "Idlib", 35.96, 36.70, "PPL"),
    "كفريا": (900004, "Kafriya", "Idlib", 35.95, 36.69, "PPL"),
    "تل رفعت": (900005, "Tall Rifat", "Aleppo", 36.47, 37.10, "PPL"),
}


def hand_places(text: str, agreement: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Place items for every known name in the text, shaped as rasd_places gives them."""
    items: list[dict[str, Any]] = []
    for name, (gid, en, admin1, lat, lon, feature) in PLACES.items():
        for m in re.finditer(re.escape(name), text):
            before = text[max(0, m.start() - 6) : m.start()]
            items.append({
                "id": "", "start": m.start(), "end": m.end(), "text": name, "geonameid": gid, "name": en,
                "name_ar": name, "lat": lat, "lon": lon, "country": "SY", "admin1": admin1, "feature": feature,
                "score": 0.9, "direction": "x" if re.search("ريف|جنوب|شمال|شرق|غرب", before) else None,
                "in_agreement": name in agreement,
            })
    items.sort(key=lambda p: p["start"])
    for i, p in enumerate(items, 1):
        p["id"] = f"p{i}"
    return items


def hand_casualties(text: str) -> list[dict[str, Any]]:
    """Casualty items for "مقتل N" / "إصابة N" figures, shaped as rasd_numbers gives them."""
    out = []
    for m in re.finditer(r"(مقتل|قتل|إصابة|جرح)\s+(\d+)", text):
        kind = "killed" if "قتل" in m.group(1) else "injured"
        out.append({"start": m.start(), "end": m.end(), "kind": kind, "count": int(m.group(2)),
                    "approx": False, "who": None, "quantity": None})
    return out


def analyse(pipeline: Any, text: str, *, published: str | None = "2019-08-19", title: str | None = None,
            agreement: tuple[str, ...] = (), keep_summaries: bool = False) -> list[dict[str, Any]]:
    """Events of a text: the real pipeline up to events, with places and casualties set by hand."""
    article = Article.build(text, published=published, title=title, id="t")
    doc = pipeline.make_doc(article)
    for name, component in pipeline.nlp.pipeline:
        if name == "rasd_events":
            break
        doc = component(doc)
    doc._.places = hand_places(doc.text, agreement)
    doc._.casualties = hand_casualties(doc.text)
    return find_events(doc, keep_summaries=keep_summaries)


# (sentence, event_type, sub_event_type, trigger row it exercises: (sub_event_type, role))
POSITIVE = [
    ("قصفت طائرات النظام بلدة كفرنبل بغاز الكلور صباح اليوم.", "Explosions/Remote violence", "Chemical weapon",
     ("Chemical weapon", "strong")),
    ("استهدفت قوات النظام مدينة دوما بمواد كيميائية أمس.", "Explosions/Remote violence", "Chemical weapon",
     ("Chemical weapon", "cue")),
    ("فجر انتحاري نفسه وسط تجمع لقوات النظام في مدينة درعا.", "Explosions/Remote violence", "Suicide bomb",
     ("Suicide bomb", "strong")),
    ("شنت الطائرات الحربية الروسية غارات على مدينة معرة النعمان اليوم.", "Explosions/Remote violence",
     "Air/drone strike", ("Air/drone strike", "strong")),
    ("ألقى الطيران المروحي براميل متفجرة على مدينة الزبداني.", "Explosions/Remote violence", "Air/drone strike",
     ("Air/drone strike", "strong")),
    ("قصفت طائرات النظام بلدة كفرنبل صباح اليوم.", "Explosions/Remote violence", "Air/drone strike",
     ("Air/drone strike", "cue")),
    ("سقطت قذائف هاون على حي في مدينة حلب.", "Explosions/Remote violence", "Shelling/artillery/missile attack",
     ("Shelling/artillery/missile attack", "strong")),
    ("قصفت قوات النظام مدينة خان شيخون اليوم.", "Explosions/Remote violence", "Shelling/artillery/missile attack",
     ("Shelling/artillery/missile attack", "weak")),
    ("استهدفت قوات النظام بلدة كفرنبل بالمدفعية الثقيلة.", "Explosions/Remote violence",
     "Shelling/artillery/missile attack", ("Shelling/artillery/missile attack", "cue")),
    ("انفجرت عبوة ناسفة بسيارة عسكرية في مدينة درعا.", "Explosions/Remote violence",
     "Remote explosive/landmine/IED", ("Remote explosive/landmine/IED", "strong")),
    ("هز انفجار مدينة الرقة مساء اليوم.", "Explosions/Remote violence", "Remote explosive/landmine/IED",
     ("Remote explosive/landmine/IED", "weak")),
    ("ألقى مجهولون قنبلة يدوية على منزل في مدينة درعا.", "Explosions/Remote violence", "Grenade",
     ("Grenade", "strong")),
    ("ألقى مسلحون قنبلة على حاجز للشرطة في مدينة درعا.", "Explosions/Remote violence", "Grenade",
     ("Grenade", "weak")),
    ("اندلعت اشتباكات عنيفة بين قوات النظام وفصائل المعارضة في محيط مدينة خان شيخون.", "Battles",
     "Armed clash", ("Armed clash", "strong")),
    ("هاجم مقاتلو المعارضة حاجزا لقوات النظام قرب مدينة مورك.", "Battles", "Armed clash",
     ("Armed clash", "weak")),
    ("استعادت قوات النظام السيطرة على مدينة خان شيخون اليوم.", "Battles", "Government regains territory",
     ("Government regains territory", "strong")),
    ("سيطر تنظيم داعش على مدينة الرقة.", "Battles", "Non-state actor overtakes territory",
     ("Non-state actor overtakes territory", "strong")),
    ("تقدمت فصائل المعارضة داخل بلدة كفرنبل صباح اليوم.", "Battles", "Non-state actor overtakes territory",
     ("Non-state actor overtakes territory", "weak")),
    ("اغتصب عناصر من الميليشيا امرأة في بلدة كفرنبل.", "Violence against civilians", "Sexual violence",
     ("Sexual violence", "strong")),
    ("أعدم تنظيم داعش خمسة مدنيين رميا بالرصاص في مدينة الرقة.", "Violence against civilians", "Attack",
     ("Attack", "strong")),
    ("قتل مسلحون مجهولون مدنيا في مدينة درعا.", "Violence against civilians", "Attack", ("Attack", "weak")),
    ("اختطف مسلحون مجهولون ناشطا في مدينة دوما.", "Violence against civilians", "Abduction/forced disappearance",
     ("Abduction/forced disappearance", "strong")),
    ("خرجت مظاهرة في مدينة كفرنبل تطالب بإسقاط النظام.", "Protests", "Peaceful protest",
     ("Peaceful protest", "strong")),
    ("فرقت قوات الأمن المتظاهرين بالغاز المسيل للدموع في مدينة درعا.", "Protests", "Protest with intervention",
     ("Protest with intervention", "strong")),
    ("أطلقت قوات الأمن النار على المتظاهرين في مدينة درعا.", "Protests", "Excessive force against protesters",
     ("Excessive force against protesters", "strong")),
    ("رشق محتجون غاضبون مبنى البلدية في مدينة درعا.", "Riots", "Violent demonstration",
     ("Violent demonstration", "strong")),
    ("سحل حشد غاضب رجلا في مدينة حلب.", "Riots", "Mob violence", ("Mob violence", "strong")),
    ("أعلنت الفصائل التوصل إلى اتفاق لإجلاء الجرحى من مدينة الزبداني.", "Strategic developments", "Agreement",
     ("Agreement", "strong")),
    ("بدأ وقف إطلاق النار في مدينة الزبداني صباح اليوم.", "Strategic developments", "Agreement",
     ("Agreement", "weak")),
    ("اعتقلت قوات الأمن عشرين شابا في مدينة دوما.", "Strategic developments", "Arrests", ("Arrests", "strong")),
    ("أعلن فصيل في مدينة إدلب انشقاقه عن هيئة تحرير الشام.", "Strategic developments", "Change to group/activity",
     ("Change to group/activity", "strong")),
    ("اندمجت فصائل المعارضة في مدينة حلب ضمن تشكيل جديد.", "Strategic developments", "Change to group/activity",
     ("Change to group/activity", "weak")),
    ("تمكنت فرق الهندسة من تفكيك عبوة ناسفة في مدينة درعا.", "Strategic developments", "Disrupted weapons use",
     ("Disrupted weapons use", "strong")),
    ("أسقطت الفصائل طائرة مسيرة في مدينة حلب.", "Strategic developments", "Disrupted weapons use",
     ("Disrupted weapons use", "strong")),
    ("أقام الجيش التركي نقطة مراقبة جديدة قرب مدينة مورك.", "Strategic developments",
     "Headquarters or base established", ("Headquarters or base established", "strong")),
    ("نهب عناصر الميليشيات منازل المدنيين في مدينة الزبداني.", "Strategic developments",
     "Looting/property destruction", ("Looting/property destruction", "strong")),
    ("دخلت قوات النظام مدينة دوما دون قتال بعد خروج المسلحين.", "Strategic developments",
     "Non-violent transfer of territory", ("Non-violent transfer of territory", "strong")),
    ("انسحبت قوات النظام من مدينة خان شيخون صباح اليوم.", "Strategic developments",
     "Non-violent transfer of territory", ("Non-violent transfer of territory", "weak")),
    ("فرضت قوات النظام حصارا على مدينة الزبداني.", "Strategic developments", "Other", ("Other", "strong")),
    ("استقدمت قوات النظام تعزيزات عسكرية إلى محيط مدينة خان شيخون.", "Strategic developments", "Other",
     ("Other", "weak")),
    ("أسقطت فصائل المعارضة مروحية للنظام قرب مدينة حماة.", "Battles", "Armed clash", ("Armed clash", "strong")),
    ("قتل 4 مدنيين بقصف مدفعي على مدينة حلب.", "Explosions/Remote violence", "Shelling/artillery/missile attack",
     ("Shelling/artillery/missile attack", "strong")),
    ("استهدفت غارة جوية سوقا شعبيا في مدينة إدلب، ما أدى لمقتل 9 مدنيين.", "Explosions/Remote violence",
     "Air/drone strike", ("Air/drone strike", "strong")),
    ("قصفت الطائرات الحربية مدينة إدلب فجر اليوم.", "Explosions/Remote violence", "Air/drone strike",
     ("Air/drone strike", "cue")),
    ("اغتال مجهولون قياديا في مدينة درعا.", "Violence against civilians", "Attack", ("Attack", "strong")),
    ("نفذ عناصر التنظيم حملة دهم في مدينة الرقة.", "Strategic developments", "Arrests", ("Arrests", "strong")),
    ("تظاهر المئات في مدينة إدلب ضد هيئة تحرير الشام.", "Protests", "Peaceful protest",
     ("Peaceful protest", "strong")),
    ("دارت معارك عنيفة في محيط مدينة مورك صباح اليوم.", "Battles", "Armed clash", ("Armed clash", "strong")),
    ("أوقفت دورية من الشرطة شابين في مدينة درعا.", "Strategic developments", "Arrests", ("Arrests", "weak")),
    ("نظم الأهالي الغاضبون تجمعات في شوارع مدينة حماة وطالبوا بمحاسبة القاتل.", "Protests", "Peaceful protest",
     ("Peaceful protest", "strong")),
    ("أفرجت قوات النظام أمس عن خمسة معتقلين مقابل إطلاق الفصائل سراح ثلاثة جنود في مدينة درعا.",
     "Strategic developments", "Agreement", ("Agreement", "strong")),
]

# Block rows: a longer phrase that shadows a trigger inside it and is no event.
BLOCKED = [
    ("أوقفت الحكومة الرحلات الجوية إلى مدينة حلب اليوم.", ("Arrests", "block")),
    ("استدعت الخارجية السفير في مدينة حلب لتسجيل احتجاج على تصريحاته.", ("Peaceful protest", "block")),
    ("انفجر الإطار الخلفي للحافلة على الطريق قرب مدينة حماة فانقلبت على جانبها.",
     ("Remote explosive/landmine/IED", "block")),
    ("اتهم نواب في مدينة حلب المسؤولين بنهب المال العام.", ("Looting/property destruction", "block")),
    ("ضبطت الشرطة ورشة لتفخيخ السيارات في مدينة الرقة.", ("Suicide bomb", "block")),
    ("قال القيادي في مدينة الرقة إننا نجد اللذة في ذبحكم.", ("Attack", "block")),
]


@pytest.mark.parametrize(("sentence", "row"), BLOCKED)
def test_blocked_phrase_is_no_event(pipeline, sentence, row):
    assert analyse(pipeline, sentence) == []


@pytest.mark.parametrize(("sentence", "event_type", "sub_event_type", "row"), POSITIVE)
def test_positive_sentence(pipeline, sentence, event_type, sub_event_type, row):
    events = analyse(pipeline, sentence)
    assert [(e["event_type"], e["sub_event_type"]) for e in events] == [(event_type, sub_event_type)]
    assert events[0]["location"]["geonameid"] is not None
    assert 0 < events[0]["confidence"] <= 1


def test_every_trigger_row_has_a_sentence():
    rows = {(r["sub_event_type"], r["role"]) for r in load_table("event_triggers")}
    covered = {p[3] for p in POSITIVE} | {b[1] for b in BLOCKED}
    assert rows - covered == set()
    assert len({r["sub_event_type"] for r in load_table("event_triggers")}) == 25


NEGATIVE = [
    # negation, denial
    "نفت وزارة الدفاع الروسية شن غارات على مدينة إدلب.",
    "لم تشهد مدينة حلب أي اشتباكات اليوم.",
    "نفى المرصد وقوع قصف على مدينة دوما.",
    # threats and warnings
    "هدد الرئيس التركي بشن هجوم على مدينة حلب.",
    "هناك أرضية مشتركة كافية للتوصل لاتفاق بشأن فتح القواعد الجوية في مدينة حلب.",
    "أعلنت السلطات أنها ستمنع متظاهرين من تنظيم مسيرة في مدينة حلب.",
    "حذرت الأمم المتحدة من غارات محتملة على مدينة إدلب.",
    "توعد التنظيم بتنفيذ تفجيرات انتحارية في مدينة حلب.",
    # hypothetical, future, plans
    "قد تشن الطائرات الروسية غارات على مدينة إدلب.",
    "في حال تعرضت نقاط المراقبة لقصف من مدينة مورك سترد تركيا.",
    "يخطط النظام لشن هجوم على مدينة إدلب.",
    "من المتوقع أن تندلع اشتباكات في مدينة خان شيخون.",
    # attempts and calls
    "يحاول النظام السوري المدعوم من روسيا التقدم نحو مدينة خان شيخون.",
    "دعا ماكرون إلى وقف القصف على مدينة إدلب.",
    "أكد ماكرون أن الالتزام بوقف إطلاق النار في مدينة إدلب أمر ملح.",
    # general claims and quoted speech about the past in general
    "اتهم بوتين المعارضة باستهداف القواعد الروسية في سوريا.",
    "وقال ماكرون: “السكان يعيشون تحت القصف، والأطفال يقتلون في إدلب”.",
    "وبرر بوتين لقوات النظام هجماتها على منطقة خفض التصعيد.",
    # summaries over a period
    "وتشهد أرياف حماة وإدلب منذ السادس والعشرين من نيسان الماضي قصفا جويا أسفر عن مقتل 300 مدني.",
    "قتل 500 شخص في غارات على مدينة حلب منذ بداية العام.",
    # statements, meetings, words that only look like triggers
    "التقى وزير الخارجية نظيره الروسي في سوتشي لبحث الأوضاع في إدلب.",
    "أعربت الأمم المتحدة عن قلقها من تصاعد العنف في مدينة إدلب.",
    "قال رئيس تحرير الصحيفة إن مدينة حلب تستعد لمهرجان ثقافي.",
    "ارتفعت أسعار براميل النفط في الأسواق العالمية.",
    "أعلنت واشنطن الانسحاب من الاتفاق النووي.",
    "تقدم المحامي بشكوى إلى محكمة في مدينة حلب.",
    # a place named in an agreement is never where an event happened
    "اتفاق سوتشي الموقع بين تركيا وروسيا نص على وقف إطلاق النار.",
    # no trigger at all
    "وصل الرئيس إلى مدينة حلب في زيارة رسمية.",
]


@pytest.mark.parametrize("sentence", NEGATIVE)
def test_negative_sentence(pipeline, sentence):
    assert analyse(pipeline, sentence, agreement=("سوتشي",)) == []


def test_no_casualties_is_zero_fatalities(pipeline):
    events = analyse(pipeline, "قصفت قوات النظام مدينة حلب، ولم يسفر القصف عن وقوع إصابات.")
    assert len(events) == 1
    assert events[0]["fatalities"] == 0


def test_ongoing_is_dated_the_publication_day(pipeline):
    events = analyse(pipeline, "لا يزال القصف مستمرا على مدينة حلب.", published="2019-08-19")
    assert events and events[0]["date"] == "2019-08-19" and events[0]["time_precision"] == 1


def test_summary_kept_only_on_request(pipeline):
    text = "وتشهد أرياف حماة منذ السادس والعشرين من نيسان الماضي قصفا جويا أسفر عن مقتل 300 مدني."
    kept = analyse(pipeline, text, keep_summaries=True)
    assert kept and all(e.get("summary") is True for e in kept)


def test_fatalities_lowest_figure_and_injured_apart(pipeline):
    text = ("قصفت الطائرات الحربية مدينة معرة النعمان اليوم، ما أدى لمقتل 7 مدنيين وإصابة 15 آخرين. "
            "وأكد ناشطون أن القصف على مدينة معرة النعمان أدى لمقتل 5 مدنيين.")
    events = analyse(pipeline, text)
    assert len(events) == 1
    assert events[0]["fatalities"] == 5
    assert events[0]["injured"] == 15
    assert len(events[0]["evidence"]) == 2


def test_same_type_different_places_are_two_events(pipeline):
    text = "شنت الطائرات الحربية غارات على مدينة حلب اليوم. كما شنت الطائرات غارات على مدينة درعا اليوم."
    events = analyse(pipeline, text)
    assert sorted(e["location"]["name"] for e in events) == ["Aleppo", "Daraa"]


def test_follow_up_sentence_without_place_merges(pipeline):
    text = "قصفت قوات النظام مدينة حلب اليوم بالمدفعية. وأدى القصف إلى مقتل 4 أشخاص."
    events = analyse(pipeline, text)
    assert len(events) == 1 and events[0]["fatalities"] == 4 and len(events[0]["evidence"]) == 2


def test_convoy_struck_not_at_its_destination(pipeline):
    text = ("وجاءت التصريحات بعد قصف طائرات النظام السوري لرتل تركي كان متوجها إلى نقطة المراقبة في مورك "
            "شمال حماة، ما أدى لمقتل 3 مدنيين وإصابة 12 آخرين بحسب ما أعلنت وزارة الدفاع التركية اليوم الاثنين.")
    events = analyse(pipeline, text)
    assert len(events) == 1
    ev = events[0]
    assert ev["sub_event_type"] == "Air/drone strike"
    # Murak (Hama) was the convoy's destination, the only place named: "near" it, never "in" it.
    assert ev["location"]["geo_precision"] >= 2
    assert ev["fatalities"] == 3 and ev["injured"] == 12
    assert ev["source"]["text"] == "وزارة الدفاع التركية"
    assert "طائرات النظام" in ev["actor1"]["text"]
    assert ev["actor2"]["text"] == "رتل تركي"


def test_convoy_location_refined_by_next_sentence(pipeline):
    text = ("توتر شهدته منطقة جنوب إدلب بعد قصف طائرات النظام لرتل تركي كان متوجها إلى مورك، "
            "ما أدى لمقتل 3 مدنيين. ولا زال الرتل متوقفا في مدينة معرة النعمان جنوبي إدلب.")
    events = analyse(pipeline, text)
    assert len(events) == 1
    assert events[0]["location"]["geonameid"] == 167611
    assert events[0]["location"]["geo_precision"] == 2


def test_clash_actors_between(pipeline):
    text = "تشهد المناطق المحيطة بمدينة خان شيخون معارك قوية بين قوات الأسد وقوات المعارضة."
    events = analyse(pipeline, text)
    assert len(events) == 1
    assert events[0]["actor1"]["text"] == "قوات الأسد"
    assert events[0]["actor2"]["text"] == "قوات المعارضة"
    assert events[0]["date"] == "2019-08-19"


@pytest.mark.parametrize(("sentence", "source"), [
    ("أفاد المرصد السوري لحقوق الإنسان بأن طائرات النظام قصفت مدينة دوما اليوم.", "المرصد السوري"),
    ("قال ناشطون إن اشتباكات عنيفة اندلعت في مدينة درعا اليوم.", "ناشطون"),
    ("اندلعت اشتباكات عنيفة في مدينة درعا اليوم، بحسب ما أفادت وكالة الأنباء الألمانية.",
     "وكالة الأنباء الألمانية"),
    ("قتل 3 أشخاص في انفجار عبوة ناسفة في مدينة الرقة، وفقا لمصادر محلية.", "مصادر محلية"),
])
def test_source(pipeline, sentence, source):
    events = analyse(pipeline, sentence)
    assert events and events[0]["source"] is not None
    assert events[0]["source"]["text"].startswith(source)


def test_explicit_yesterday(pipeline):
    events = analyse(pipeline, "قصفت الطائرات الحربية مدينة إدلب أمس.", published="2019-08-19")
    assert events and events[0]["date"] == "2019-08-18"


def test_lead_date_is_shared(pipeline):
    text = "شنت الطائرات الحربية غارات على مدينة إدلب اليوم الإثنين. وفي مدينة حلب دارت اشتباكات عنيفة."
    events = analyse(pipeline, text, published="2019-08-19")
    assert {e["date"] for e in events} == {"2019-08-19"}


def test_title_merges_into_body_event(pipeline):
    body = "شنت الطائرات الحربية غارات على مدينة إدلب اليوم، ما أدى لمقتل 4 مدنيين."
    events = analyse(pipeline, body, title="غارات على إدلب تقتل مدنيين")
    assert len(events) == 1 and len(events[0]["evidence"]) == 2


def test_boilerplate_yields_nothing(pipeline):
    text = "وصل الرئيس إلى مدينة حلب في زيارة رسمية.\nاقرأ أيضا: غارات روسية تقتل 5 مدنيين في مدينة إدلب"
    assert analyse(pipeline, text) == []


def test_no_place_still_an_event(pipeline):
    """ACLED codes an event the text places nowhere with the coarsest precision, never drops it."""
    [ev] = analyse(pipeline, "شنت الطائرات الحربية غارات عنيفة اليوم.")
    assert ev["sub_event_type"] == "Air/drone strike" and ev["location"] is None
    assert ev["confidence"] < 0.6


def test_ids_are_sequential(pipeline):
    text = "اندلعت اشتباكات في مدينة حلب اليوم. واعتقلت قوات الأمن عشرين شابا في مدينة دوما اليوم."
    assert [e["id"] for e in analyse(pipeline, text)] == ["v1", "v2"]


@pytest.mark.parametrize("text", ["", "   ", "hello world", "قصف" * 2000, "\u200f\u202e\ufeff!!",
                                  "غارة " * 500, "؟" * 100, "123 456", "«" * 50 + "غارات على مدينة حلب"])
def test_bad_input_never_crashes(pipeline, text):
    if not text.strip():
        return
    analyse(pipeline, text)


# ---------------------------------------------------------------- round-ups and aggregates

def test_roundup_sentence_gives_one_event_per_clause(pipeline):
    text = ("قصفت قوات النظام مناطق في مدينة دوما، فيما قصفت قوات النظام مناطق في مدينة الزبداني، "
            "كذلك جددت قوات النظام قصفها لمناطق في مدينة حلب اليوم.")
    events = analyse(pipeline, text)
    assert sorted(e["location"]["name"] for e in events) == ["Aleppo", "Az Zabadani", "Douma"]
    assert all(e["sub_event_type"] == "Shelling/artillery/missile attack" for e in events)


def test_clause_without_place_takes_the_place_before_it(pipeline):
    text = ("قصفت قوات النظام مدينة الزبداني اليوم بالمدفعية، "
            "ترافق مع استمرار الاشتباكات بين قوات النظام وفصائل المعارضة.")
    events = analyse(pipeline, text)
    assert {(e["event_type"], e["location"]["name"]) for e in events} == {
        ("Explosions/Remote violence", "Az Zabadani"), ("Battles", "Az Zabadani")}


def test_a_town_beats_the_country(pipeline):
    text = "قالت فصائل المعارضة في سوريا إنها كثفت قصفها على مواقع لقوات النظام في مدينة درعا أمس."
    events = analyse(pipeline, text)
    assert [e["location"]["name"] for e in events] == ["Daraa"]


def test_weak_attack_word_beside_a_bombardment_is_the_bombardment(pipeline):
    text = "هاجم الجيش بلدة كفرنبل بالقصف أمس، ما أدى لمقتل 6 مدنيين."
    events = analyse(pipeline, text)
    assert [(e["event_type"], e["fatalities"]) for e in events] == [("Explosions/Remote violence", 6)]


def test_civilians_are_never_actor1(pipeline):
    text = "تعرض المدنيون في مدينة حلب لقصف مدفعي عنيف اليوم."
    events = analyse(pipeline, text)
    assert len(events) == 1
    assert (events[0]["actor1"] or {}).get("inter") != 7
    assert events[0]["actor2"]["inter"] == 7


def test_province_total_over_several_towns_is_a_summary(pipeline):
    text = ("قتل 12 مدنيا في قصف جوي على ريف دمشق اليوم. "
            "وشنت الطائرات الحربية غارات على مدينة دوما ما أدى لمقتل 8 مدنيين. "
            "كما شنت الطائرات الحربية غارات على مدينة الزبداني ما أدى لمقتل 4 مدنيين.")
    events = analyse(pipeline, text)
    assert sorted((e["location"]["name"], e["fatalities"]) for e in events) == [("Az Zabadani", 4), ("Douma", 8)]


def test_province_mention_of_one_town_event_merges(pipeline):
    text = ("قتل 5 مدنيين في قصف جوي على ريف دمشق اليوم. "
            "وشنت الطائرات الحربية غارات على مدينة دوما ما أدى لمقتل 4 مدنيين.")
    events = analyse(pipeline, text)
    assert len(events) == 1
    assert events[0]["location"]["name"] == "Douma" and events[0]["fatalities"] == 4
    assert len(events[0]["evidence"]) == 2


def test_deaths_at_the_strike_place_are_its_casualties(pipeline):
    text = ("قصفت الطائرات الحربية سوقا في مدينة إدلب صباح اليوم. "
            "وقال ناشطون إنه قتل 9 أشخاص في مدينة إدلب اليوم.")
    events = analyse(pipeline, text)
    assert [(e["sub_event_type"], e["fatalities"]) for e in events] == [("Air/drone strike", 9)]


def test_country_mention_folds_into_the_province_event(pipeline):
    text = ("شنت مقاتلات تركية غارات على مواقع في سوريا اليوم، ما أدى لمقتل 9 عناصر. "
            "وقال المرصد إن الغارات استهدفت مواقع في ريف دمشق.")
    events = analyse(pipeline, text)
    assert [(e["location"]["name"], e["fatalities"]) for e in events] == [("Rif Dimashq", 9)]


def test_killing_of_armed_men_is_a_clash(pipeline):
    text = "قتل مسلحون مجهولون 4 عناصر من قوات النظام في مدينة درعا اليوم."
    events = analyse(pipeline, text)
    assert [(e["event_type"], e["sub_event_type"]) for e in events] == [("Battles", "Armed clash")]


def test_dozens_injured_is_no_figure(pipeline):
    """"عشرات" is no count: only the real numbers component's items are used here."""
    text = "قصفت الطائرات الحربية مدينة إدلب اليوم، ما أدى لمقتل 4 مدنيين وإصابة العشرات."
    article = Article.build(text, published="2019-08-19", id="t")
    doc = pipeline.make_doc(article)
    for name, component in pipeline.nlp.pipeline:
        if name == "rasd_events":
            break
        doc = component(doc)
    doc._.places = hand_places(doc.text)
    events = find_events(doc)
    assert [(e["fatalities"], e["injured"]) for e in events] == [(4, None)]


def test_actor_type_phrase_gets_the_lexicon_name(pipeline):
    """A phrase found by `acled_inter.tsv` alone takes its ACLED name from the entities lexicon."""
    from rasd.extract.events.args import _actor_lookup

    name, inter = _actor_lookup("طائرات النظام السوري")
    assert name and inter == 1


# ---------------------------------------------------------------- round 2


@pytest.mark.parametrize(("text", "places", "killed"), [
    ("قصفت قوات النظام مناطق في قريتي معرستي وماير بريف حلب الشمالي اليوم.", ["Maarasta", "Mayer"], [None, None]),
    ("سقطت عشر قذائف على بلدتي الفوعة وكفريا اليوم ما أدى لمقتل 7 مدنيين.", ["Al-Fuah", "Kafriya"], [4, 3]),
    ("شنت الطائرات الحربية غارات على بلدات معرستي، ماير وتل رفعت اليوم.", ["Maarasta", "Mayer", "Tall Rifat"],
     [None, None, None]),
])
def test_coordinated_places_give_one_event_each(pipeline, text, places, killed):
    """ACLED: one event per place; a figure for the whole list is divided, remainder to the first."""
    events = analyse(pipeline, text)
    assert [e["location"]["name"] for e in events] == places
    assert [e["fatalities"] for e in events] == killed


def test_a_place_and_its_surroundings_are_not_a_list(pipeline):
    events = analyse(pipeline, "قصفت قوات النظام مدينة الزبداني بريف دمشق اليوم.")
    assert [e["location"]["name"] for e in events] == ["Az Zabadani"]


def test_since_yesterday_morning_is_no_summary(pipeline):
    """"منذ صباح أمس" is fighting going on since yesterday, not a total over a period."""
    events = analyse(pipeline, "تدور اشتباكات عنيفة في مدينة الزبداني منذ صباح أمس.", published="2019-08-19")
    assert [(e["event_type"], e["date"], e.get("summary")) for e in events] == [("Battles", "2019-08-18", None)]


def test_summary_cue_in_a_relative_clause_stays_there(pipeline):
    text = ("دارت اشتباكات بين قوات النظام وتنظيم داعش في محيط مدينة الرقة اليوم، "
            "حيث تشهد المنطقة منذ أسابيع معارك كر وفر.")
    events = analyse(pipeline, text)
    assert [(e["event_type"], e["location"]["name"], e.get("summary")) for e in events] == [
        ("Battles", "Raqqa", None)]


def test_back_reference_subject_is_no_new_event(pipeline):
    text = ("قصفت قوات النظام مدينة درعا اليوم. "
            "وتأتي هذه الغارات في وقت تتواصل فيه المفاوضات في مدينة حلب.")
    events = analyse(pipeline, text)
    assert [(e["event_type"], e["location"]["name"]) for e in events] == [
        ("Explosions/Remote violence", "Daraa")]


def test_event_some_days_before_the_report(pipeline):
    """"بعد ثلاثة أيام على هجوم انتحاري": the bombing is dated three days before publication."""
    text = "ويأتي تبادل إطلاق النار بعد ثلاثة أيام على هجوم انتحاري في مدينة الرقة أسفر عن مقتل 32 شخصا."
    events = analyse(pipeline, text, published="2019-08-19")
    assert [(e["sub_event_type"], e["date"], e["fatalities"]) for e in events] == [
        ("Suicide bomb", "2019-08-16", 32)]


def test_habitual_bombing_is_not_an_event(pipeline):
    events = analyse(pipeline, "ويقصف النظام بانتظام مناطق في مدينة حلب من طائرات حربية.")
    assert events == []


@pytest.mark.parametrize(("phrase", "name"), [
    (row, name) for name, row in [
        ("Military Forces of Turkey", "رتل تركي"), ("Military Forces of Turkey", "دبابات تركية"),
        ("Military Forces of Russia", "طائرات حربية روسية"), ("Military Forces of Syria", "قوات النظام"),
        ("Unidentified Armed Group", "مسلحون مجهولون")]
])
def test_generic_actor_phrases_get_the_country_name(phrase, name):
    """`acled_inter.tsv`: one external-forces row per country, so a generic phrase gets its ACLED name."""
    from rasd.extract.events.lexicon import inter_of

    assert inter_of(phrase)[1] == name


def test_province_mention_by_another_attacker_does_not_fold(pipeline):
    """The opposition's shelling in a province and the army's air strike on a town in it are two events."""
    text = ("قصفت فصائل المعارضة مواقع قوات النظام في ريف دمشق اليوم. "
            "وشنت طائرات النظام غارات على مدينة دوما اليوم ما أدى لمقتل 8 مدنيين.")
    events = analyse(pipeline, text)
    assert sorted(e["location"]["name"] for e in events) == ["Douma", "Rif Dimashq"]


def test_taking_a_whole_province_is_a_summary(pipeline):
    text = "ومكن سقوط المدينة فصائل المعارضة من السيطرة على معظم ريف دمشق."
    assert analyse(pipeline, text) == []
    assert [e.get("summary") for e in analyse(pipeline, text, keep_summaries=True)] == [True]


# ---------------------------------------------------------------- fatalities and actors (real casualty reading)

def analyse_real(pipeline: Any, text: str, *, published: str = "2015-07-24") -> list[dict[str, Any]]:
    """Events with the casualty figures the numbers component reads (places still by hand)."""
    doc = pipeline.make_doc(Article.build(text, published=published, id="t"))
    for name, component in pipeline.nlp.pipeline:
        if name == "rasd_events":
            break
        doc = component(doc)
    doc._.places = hand_places(doc.text)
    return find_events(doc)


@pytest.mark.parametrize(("text", "killed"), [
    # every victim group of one clash adds up (ACLED sums all reported deaths of the event)
    ("مقتل 25 من عناصر التنظيم و9 من المقاتلين الأكراد في اشتباكات عنيفة في مدينة الرقة.", 34),
    ("أسفر القصف على مدينة دوما عن مقتل 8 أطفال و3 نساء.", 11),
    # the same total told twice is one figure (the lowest when they differ)
    ("قتل 18 شخصا في سقوط صاروخ على حي في مدينة حلب، ما تسبب بمقتل 18 شخصا بينهم طفل.", 18),
    # duals and singulars carry their count
    ("قتيلان في قصف مدفعي على مدينة دوما.", 2),
    ("لقي طفل مصرعه في قصف مدفعي على مدينة دوما.", 1),
    ("مقتل عضوين من جبهة النصرة في اشتباكات في مدينة درعا.", 2),
    ("مقتل جنديين في اشتباكات مع مسلحين في مدينة درعا.", 2),
])
def test_fatalities_from_real_figures(pipeline, text, killed):
    events = analyse_real(pipeline, text)
    assert events and events[0]["fatalities"] == killed


def test_neighbouring_events_keep_their_own_figures(pipeline):
    text = "شن الطيران الحربي غارات على مدينة الرقة. وفي مدينة دوما قتل 7 مدنيين في قصف مدفعي."
    events = {e["location"]["name_ar"]: e for e in analyse_real(pipeline, text)}
    assert events["الرقة"]["fatalities"] is None and events["دوما"]["fatalities"] == 7


def test_reporter_is_never_an_actor(pipeline):
    (ev,) = analyse_real(pipeline, "وقال المرصد السوري لحقوق الإنسان إن اشتباكات عنيفة دارت في مدينة الزبداني.")
    assert ev["actor1"] is None or "المرصد" not in ev["actor1"]["text"]
    assert ev["source"] and "المرصد" in ev["source"]["text"]


def test_both_sides_of_a_clash_from_its_dead(pipeline):
    (ev,) = analyse_real(pipeline, "مقتل 25 من عناصر التنظيم و9 من المقاتلين الأكراد في اشتباكات في مدينة الرقة.")
    assert ev["actor1"] and ev["actor2"] and ev["actor1"]["text"] != ev["actor2"]["text"]


def test_two_attackers_keep_their_names(pipeline):
    (ev,) = analyse_real(pipeline, "قصفت الفرقة الرابعة وحزب الله مدينة الزبداني بالصواريخ.")
    assert ev["actor1"]["text"] == "الفرقة الرابعة"
    assert ev["assoc_actor_1"]["text"] == "حزب الله" and ev["actor2"] is None


def test_sides_of_a_clash_after_min_jiha(pipeline):
    text = ("استمرت الاشتباكات بين الفرقة الرابعة وحزب الله اللبناني من جهة، والفصائل الإسلامية من جهة أخرى "
            "في مدينة الزبداني.")
    (ev,) = analyse_real(pipeline, text)
    assert ev["actor1"]["text"] == "الفرقة الرابعة" and ev["actor2"]["text"].startswith("الفصائل")
    assert "حزب الله" in ev["assoc_actor_1"]["text"]


def test_subject_before_an_aside(pipeline):
    text = "وجيش الفتح -المؤلف من فصائل أهمها جبهة النصرة وحركة أحرار الشام- سيطر على مدينة كفرنبل."
    (ev,) = analyse_real(pipeline, text)
    assert ev["actor1"]["text"] == "جيش الفتح"


def test_target_after_a_targeting_verb(pipeline):
    (ev,) = analyse_real(pipeline, "استهدفت فصائل المعارضة مواقع قوات النظام في مدينة مورك بالصواريخ.")
    assert ev["actor1"]["text"].startswith("فصائل") and ev["actor2"]["text"].startswith("قوات النظام")


def test_victims_are_actor2(pipeline):
    (ev,) = analyse_real(pipeline, "قتل 12 شخصا في قصف بالبراميل المتفجرة على مدينة الرقة.")
    assert ev["actor1"] is None or ev["actor1"].get("inter") != 7
    assert ev["actor2"]["inter"] == 7


def test_never_the_same_actor_twice(pipeline):
    (ev,) = analyse_real(pipeline, "قصفت قوات النظام مواقع قوات النظام السوري في مدينة مورك.")
    assert ev["actor2"] is None


def test_lead_figure_goes_to_the_attack_it_announces(pipeline):
    text = "قتل 12 شخصا أمس. وقال المرصد إن الطيران المروحي ألقى براميل متفجرة على مدينة الرقة."
    (ev,) = analyse_real(pipeline, text)
    assert ev["fatalities"] == 12 and ev["actor1"]["text"] == "الطيران المروحي"


def test_roundup_clause_takes_the_sentence_attacker(pipeline):
    text = "أمطرت الفصائل المقاتلة، بلدة كفريا بالقذائف الصاروخية."
    (ev,) = analyse_real(pipeline, text)
    assert ev["actor1"] and ev["actor1"]["text"].startswith("الفصائل")


def test_the_dead_group_is_no_roundup_attacker(pipeline):
    (ev,) = analyse_real(pipeline, "قتل تسعة عناصر من تنظيم داعش في غارات جوية على مدينة الرقة.")
    assert ev["actor1"] is None or "داعش" not in ev["actor1"]["text"]


def test_barrels_name_the_regime_air_force(pipeline):
    (ev,) = analyse_real(pipeline, "قتل 5 أشخاص في قصف بالبراميل المتفجرة على مدينة دوما.")
    assert ev["actor1"]["canonical"] == "Military Forces of Syria"
    (ev,) = analyse_real(pipeline, "قتل 5 أشخاص في غارة جوية على مدينة دوما.")
    assert ev["actor1"] is None  # no attacker named: none assumed
