"""Where an event's source comes from when no quote holds it: an attribution after the event
("حسبما قال"), the reporter whose report the sentence continues, never a preposition بين taken for
the verb بيّن, never the reported words themselves. Sentences written for these tests."""

from __future__ import annotations

import rasd


def sources(text: str) -> list[str | None]:
    rec = rasd.analyze(text, published="2015-07-20")
    out = []
    for ev in rec["events"]:
        src = ev.get("source")
        if src:
            assert rec["text"][src["start"]:src["end"]] == src["text"]
        out.append(src["text"] if src else None)
    return out


def test_an_attribution_after_the_event_names_the_reporter():
    found = sources("قتل 7 أشخاص في انفجار سيارة مفخخة بمدينة كركوك أمس، حسبما قال مسؤول محلي.")
    assert found and all(s and s.startswith("مسؤول محلي") for s in found), found


def test_a_report_continued_in_the_next_paragraph_keeps_its_reporter():
    found = sources("أعلن المرصد السوري لحقوق الإنسان أن قذائف سقطت على بلدة نبل أمس.\n"
                    "كما نفذ الطيران الحربي 3 غارات على مناطق في بلدة اليادودة أمس.")
    assert len(found) == 2 and all(s == "المرصد السوري لحقوق الإنسان" for s in found), found


def test_a_reporter_told_mid_sentence_reports_that_sentence_only():
    found = sources("وفي يوم الأحد قالت وزارة الصحة إن خمسة أشخاص قتلوا في قصف على مدينة تعز. "
                    "وسيطرت القوات الحكومية على بلدة جلب في محافظة حلب أمس.")
    assert None in found, found


def test_between_is_not_a_reporting_verb():
    found = sources("اشتباكات بين قوات النظام وتنظيم داعش في محيط مطار كويرس.\n"
                    "وقتل خمسة جنود في قصف على مدينة حلب أمس.")
    assert not any(s and s.startswith("قوات") for s in found), found


def test_the_reporter_ends_before_what_it_reports():
    found = sources("أعلن الجيش اللبناني اعتقال ستة مسلحين في بلدة عرسال أمس.")
    assert found and found[0] == "الجيش اللبناني", found


def test_the_reporter_ends_before_the_figure_it_reports():
    found = sources("وأفاد المرصد بمقتل ثمانية من قوات النظام في الاشتباكات التي اندلعت في حماة بعد أن شنت "
                    "عدة جماعات مقاتلة هجومها.")
    assert found and all(s == "المرصد" for s in found), found


def test_a_statement_that_gave_no_details_reports_nothing():
    found = sources("قتل ضابط في الشرطة جراء الاشتباكات الدائرة في منطقة الصابري بمدينة بنغازي أمس. "
                    "ولم يذكر البيان أي تفاصيل عن الحادثة، غير أن المدينة تشهد اشتباكات.")
    assert not any(s and s.startswith("البيان") for s in found), found


def test_the_reporter_ends_at_fa_inna():
    found = sources("وبحسب الوكالة فإن سبعة أشخاص قتلوا جراء سقوط قذيفة على حي الميدان في دمشق أمس.")
    assert found and found[0] == "الوكالة", found


def test_a_statement_is_reported_by_who_issued_it():
    found = sources("أعلنت وزارة الداخلية المصرية أن أجهزتها الأمنية ضبطت 12 من قيادات التنظيم في محافظة الجيزة أمس. "
                    "وأفاد بيان للوزارة بأن الأجهزة الأمنية اعتقلت خمسة آخرين في محافظة القليوبية.")
    assert len(found) == 2 and all(s == "وزارة الداخلية المصرية" for s in found), found


def test_a_statement_naming_its_issuer_stays():
    found = sources("وقال بيان صادر عن قيادة الجيش اللبناني إن قوة من الجيش أوقفت ثلاثة مطلوبين في بلدة عرسال أمس.")
    assert found and found[0] and found[0].startswith("بيان صادر عن قيادة الجيش"), found
