"""Casualty figures read from the clause: agent between verb and figure, لقي ... حتفهم, استشهد,
أودى بحياة, سقط N قتلى, a "بينهم" subset not added. Sentences written for these tests, run
through the whole pipeline."""

from __future__ import annotations

import pytest

import rasd


@pytest.mark.parametrize(("sentence", "killed"), [
    ("قتل مهاجم انتحاري 47 شخصاً في تفجير استهدف مسجدا في مدينة صنعاء اليوم.", 47),
    ("قتل مسلحون 5 جنود في هجوم على نقطة تفتيش في مدينة العريش اليوم.", 5),
    ("لقي 7 أشخاص حتفهم في انفجار سيارة مفخخة في مدينة بغداد اليوم.", 7),
    ("أودى الانفجار بحياة 12 شخصا في مدينة عدن اليوم.", 12),
    ("سقط 9 قتلى في اشتباكات بمدينة بنغازي اليوم.", 9),
    ("قتل 10 أشخاص بينهم 3 أطفال في غارة على مدينة صعدة اليوم.", 10),
    ("استشهد 3 فلسطينيين برصاص قوات الاحتلال في مدينة الخليل اليوم.", 3),
    ("أعلن المكتب أن اثنين من أفراد قوات الأمن قتلا في تفجير انتحاري في مدينة الموصل أمس.", 2),
    ("استشهد رضيع فلسطيني في حريق أشعله مستوطنون في مدينة نابلس اليوم.", 1),
    ("قتل أحد منتسبي وزارة الداخلية بتفجير عبوة لاصقة في مدينة بعقوبة اليوم.", 1),
    ("قتل أحد عشر شخصا في غارة على مدينة صعدة اليوم.", 11),
])
def test_clause_figures(sentence, killed):
    events = rasd.analyze(sentence, published="2015-07-20")["events"]
    assert [e["fatalities"] for e in events] == [killed]


def test_shot_by_names_the_shooter_not_the_victim():
    [ev] = rasd.analyze("استشهد 3 فلسطينيين برصاص قوات الاحتلال في مدينة الخليل اليوم.",
                        published="2015-07-20")["events"]
    assert ev["event_type"] == "Violence against civilians"
    assert ev["actor1"] and "قوات الاحتلال" in ev["actor1"]["text"]


def test_two_incidents_in_one_sentence_keep_their_figures():
    text = "قتل 4 أشخاص في غارة على مدينة صعدة، وقتل 6 آخرون في قصف على مدينة تعز اليوم."
    events = rasd.analyze(text, published="2015-07-20")["events"]
    assert sorted(e["fatalities"] for e in events) == [4, 6]


def test_a_consequence_after_a_comma_stays_with_its_strike():
    events = rasd.analyze("شنت الطائرات غارة على مدينة صعدة اليوم، وقتل 6 أشخاص.", published="2015-07-20")["events"]
    assert [e["fatalities"] for e in events] == [6]


def test_soldiers_killed_in_an_armed_attack_make_a_clash():
    [ev] = rasd.analyze("مقتل شرطي وإصابة ثلاثة آخرين في هجوم مسلح على سيارة للشرطة في مدينة الفيوم اليوم.",
                        published="2015-07-20")["events"]
    assert (ev["event_type"], ev["fatalities"], ev["injured"]) == ("Battles", 1, 3)


def test_killed_with_one_companion():
    [ev] = rasd.analyze("أطلق مجهولان النار على قيادي في مدينة صيدا اليوم ما تسبب بمقتله مع أحد مرافقيه.",
                        published="2015-07-20")["events"]
    assert ev["fatalities"] == 2
    assert ev["actor1"]["canonical"] == "Unidentified Armed Group (Lebanon)"


def test_a_risen_count_named_at_the_end():
    text = "ارتفع إلى 9 بينهم رئيس المجلس المحلي وخمسة أطفال عدد القتلى الذين قضوا أمس جراء غارة على مدينة إدلب."
    assert [e["fatalities"] for e in rasd.analyze(text, published="2015-07-20")["events"]] == [9]


def test_a_sound_plural_or_dual_counts_at_least_two():
    """شرطيين/عسكريين are a dual (2) or a plural (3 or more): the lowest credible figure is 2."""
    [ev] = rasd.analyze("أسفر الهجوم عن مقتل شرطيين في بنغازي أمس.", published="2015-07-20")["events"]
    assert ev["fatalities"] == 2
    [ev] = rasd.analyze("قتل 3 شرطيين في هجوم بالعريش أمس.", published="2015-07-20")["events"]
    assert ev["fatalities"] == 3


def test_an_indefinite_plural_actor_does_not_swallow_the_verbs_object():
    [ev] = rasd.analyze("أطلق مسلحون مجهولون النار على سيارة في مدينة بنغازي أمس، ما أدى إلى مقتل شخصين.",
                        published="2015-07-20")["events"]
    assert ev["actor1"]["text"] == "مسلحون مجهولون" and ev["fatalities"] == 2


def test_a_figure_followed_by_and_wounded_is_not_counted_as_wounded():
    text = "نفذ مسلحون هجوما على دورية عسكرية في مدينة تعز اليوم أسفر عن مقتل أربعة وإصابة ثلاثة آخرين."
    [ev] = rasd.analyze(text, published="2015-07-20")["events"]
    assert (ev["fatalities"], ev["injured"]) == (4, 3)


@pytest.mark.parametrize("sentence", [
    "قتل مسلحون مجهولون عسكريين اثنين في مدينة سيئون اليوم.",
    "اغتال مسلحون عسكريين اثنين في مدينة سيئون اليوم.",
])
def test_two_written_after_its_noun_counts_it(sentence):
    [ev] = rasd.analyze(sentence, published="2015-07-20")["events"]
    assert ev["fatalities"] == 2
    assert ev["actor1"]["text"] in ("مسلحون مجهولون", "مسلحون")  # the object is no part of the subject


def test_the_killers_name_between_verb_and_a_noun_that_counts_itself():
    [ev] = rasd.analyze("اغتال مسلحون مجهولون ضابطا في الأمن في مدينة عدن اليوم.", published="2015-07-20")["events"]
    assert ev["fatalities"] == 1
    assert ev["actor1"]["canonical"] == "Unidentified Armed Group (Yemen)"
    assert ev["actor2"]["canonical"] == "Police Forces of Yemen"


def test_a_toll_that_rose_is_the_new_total_not_how_it_rose():
    # "after one of the wounded died" explains the rise; the figure the toll rose to is the count
    [ev] = rasd.analyze("ارتفعت حصيلة القصف الذي استهدف حي الروضة في مدينة تعز، صباح الأحد، إلى أربعة قتلى من "
                        "المدنيين، بعد وفاة أحد الجرحى متأثراً بإصابته.", published="2019-09-09")["events"]
    assert ev["fatalities"] == 4
