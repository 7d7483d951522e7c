"""Events coded with precision instead of dropped (ACLED methodology): the location fallback
order (previous sentence, dateline, title, admin unit, country), time precision and background
events. Sentences written for these tests; places set by hand as the places component shapes them."""

from __future__ import annotations

import rasd
from tests.test_events import analyse


def test_place_from_previous_sentence(pipeline):
    text = "اعتقلت قوات الأمن عشرين شابا في مدينة درعا أمس. وقتل مسلحون خمسة مدنيين بعد ساعات."
    events = analyse(pipeline, text)
    killing = next(e for e in events if e["event_type"] == "Violence against civilians")
    assert killing["location"]["name"] == "Daraa"


def test_dateline_place(pipeline):
    text = "حلب - «الوكالة»\nاندلعت اشتباكات عنيفة بين الفصائل المقاتلة وقوات النظام صباح اليوم."
    [ev] = analyse(pipeline, text)
    assert ev["location"]["name"] == "Aleppo"
    assert ev["location"]["geo_precision"] == 2


def test_country_fallback(pipeline):
    text = "تشهد سوريا أزمة إنسانية. واندلعت اشتباكات عنيفة بين الفصائل وقوات النظام ليلة أمس في الريف."
    [ev] = analyse(pipeline, text)
    assert ev["location"]["country"] == "SY"
    assert ev["location"]["geo_precision"] == 3


def test_background_event_kept_and_marked(pipeline):
    text = "وكانت طائرات النظام قد قصفت مدينة حلب في عام 2014 بالبراميل المتفجرة."
    [ev] = analyse(pipeline, text)
    assert ev["background"] is True
    assert ev["date"] == "2014" and ev["time_precision"] == 3


def test_last_month_is_background(pipeline):
    [ev] = analyse(pipeline, "وفي الشهر الماضي انفجرت سيارة مفخخة في مدينة إدلب.")
    assert ev.get("background") is True and ev["time_precision"] == 3


def test_recent_event_is_not_background(pipeline):
    [ev] = analyse(pipeline, "انفجرت سيارة مفخخة في مدينة إدلب أمس.")
    assert "background" not in ev and ev["time_precision"] == 1


def test_week_precision(pipeline):
    [ev] = analyse(pipeline, "وفي الأسبوع الماضي انفجرت سيارة مفخخة في مدينة إدلب.")
    assert ev["time_precision"] == 2


def test_armed_actor_on_a_target_needs_no_place(pipeline):
    """Who did what to whom is a report even when the sentence names no place."""
    [ev] = analyse(pipeline, "هاجم مسلحون دورية للشرطة.")
    assert ev["event_type"] == "Violence against civilians" or ev["event_type"] == "Battles"


def test_location_keeps_the_places_extra_keys(pipeline):
    from rasd.extract.events import args as events_args

    loc = events_args.location_of({"id": "p1", "name": "Aden", "country": "YE", "admin1": "Aden",
                                   "admin2": "Al Mualla", "admin2_pcode": "YE2403", "feature": "PPL"})
    assert loc["admin2"] == "Al Mualla" and loc["admin2_pcode"] == "YE2403"


def test_undated_country_lead_joins_the_dated_event(pipeline):
    text = ("تصاعد العنف في سوريا مع وقوع تفجير انتحاري أوقع قتلى. وقتل 5 في تفجير انتحاري استهدف حاجزا "
            "في مدينة درعا أمس.")
    events = analyse(pipeline, text, published="2019-08-21")
    assert [(e["location"]["name"], e["date"]) for e in events] == [("Daraa", "2019-08-20")]


def test_assassinated_soldiers_are_a_clash_executed_soldiers_are_not(pipeline):
    from rasd.extract.events import Mention, _recode
    from rasd.extract.events.lexicon import Hit
    from rasd.text.keys import same_length_key

    def coded(trigger: str) -> str:
        m = Mention("Violence against civilians", "Attack", Hit(0, 1, 0), (0, 1), 0, True, fighters=True,
                    trigger=same_length_key(trigger))
        _recode(m)
        return m.event_type

    assert coded("اغتالت") == "Battles"
    assert coded("أعدم") == "Violence against civilians"


def test_place_in_a_slogan_does_not_locate_the_protest(pipeline):
    text = 'حمل المتظاهرون لافتات كتب عليها "تحية إلى أهلنا في درعا الصامدة الأبية" في مدينة حماة اليوم.'
    [ev] = analyse(pipeline, text)
    assert ev["location"]["name"] == "Hama"


def test_background_events_can_be_left_out(pipeline):
    from rasd.article import Article
    from rasd.extract.events import find_events

    text = "وكانت طائرات النظام قد قصفت مدينة حلب في عام 2014 بالبراميل المتفجرة."
    doc = pipeline.make_doc(Article.build(text, published="2019-08-19", id="t"))
    for name, component in pipeline.nlp.pipeline:
        if name == "rasd_events":
            break
        doc = component(doc)
    assert len(find_events(doc)) == 1
    assert find_events(doc, keep_background=False) == []


def test_the_bodys_place_beats_the_headlines(pipeline):
    text = "انفجار في حلب\n\nانفجرت سيارة مفخخة في مدينة الزبداني صباح اليوم."
    events = analyse(pipeline, text, title="انفجار في حلب")
    assert [e["location"]["name"] for e in events] == ["Az Zabadani"]


def test_stones_in_a_confrontation_make_a_riot_not_a_clash(pipeline):
    text = "اندلعت مواجهات عنيفة في مدينة درعا اليوم رشق خلالها الشبان دورية للشرطة بالحجارة."
    assert [e["event_type"] for e in analyse(pipeline, text)] == ["Riots"]


def test_a_text_placing_nothing_finer_than_a_country_codes_a_strong_trigger_there():
    [ev] = rasd.analyze("تظاهر آلاف المواطنين في مصر احتجاجا على رفع أسعار الوقود.",
                        published="2015-07-20")["events"]
    assert ev["event_type"] == "Protests" and ev["location"]["country"] == "EG"
    assert ev["location"]["geo_precision"] == 3


def test_a_country_only_mention_in_a_text_with_finer_places_needs_a_day_or_figure():
    text = ("تظاهر آلاف المواطنين في مصر احتجاجا على رفع أسعار الوقود. "
            "وفي مدينة الإسكندرية افتتح المحافظ مستشفى جديدا.")
    assert rasd.analyze(text, published="2015-07-20")["events"] == []
