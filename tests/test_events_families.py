"""Single sentences with no article around them (a place-less report): an event of the right ACLED
family is found (assault-type: violence against civilians, battles, explosions; protest-type:
protests, riots). Sentences written for this test in the style of the region's press."""

from __future__ import annotations

import pytest

import rasd

ASSAULT = [
 "قتل مسلحون مجهولون ضابطا في الشرطة أمام منزله.",
 "اغتيل مسؤول محلي برصاص مجهولين مساء الأحد.",
 "فجر انتحاري نفسه وسط حشد من المصلين.",
 "انفجرت سيارة مفخخة قرب مقر حكومي وأوقعت عشرات الضحايا.",
 "أطلق جنود النار على سيارة مدنية عند حاجز تفتيش.",
 "فتح مسلح النار على رواد مقهى فقتل ثلاثة منهم.",
 "اختطف مسلحون صحفيا أجنبيا من فندقه.",
 "خطفت جماعة مسلحة أربعة عمال أتراك.",
 "شنت طائرات التحالف غارات على مواقع الحوثيين.",
 "قصفت المدفعية قرى حدودية وأصابت خمسة مدنيين.",
 "هاجم مسلحون حافلة تقل جنودا فقتلوا سبعة منهم.",
 "أعدم التنظيم عشرة رجال بتهمة التجسس.",
 "عثر على جثث خمسة أشخاص عليها آثار تعذيب.",
 "اقتحمت قوات الأمن منزل ناشط واعتدت على أسرته بالضرب.",
 "لقي ثلاثة جنود مصرعهم في انفجار لغم أرضي.",
 "استشهد شاب برصاص قوات الاحتلال خلال مداهمة.",
 "أسفر هجوم انتحاري عن مقتل 20 شخصا في سوق شعبي.",
 "تعرضت دورية للجيش لكمين نصبه مسلحون.",
 "سقطت قذائف هاون على حي سكني مما أدى إلى جرح أطفال.",
 "اشتبكت قوات الجيش مع عناصر من التنظيم طوال الليل.",
 "احتجز مسلحون عشرات الرهائن داخل مركز تجاري.",
 "ذبح عناصر التنظيم رهينة أمام الكاميرا.",
 "ألقى مجهولون قنبلة يدوية على مركز للشرطة.",
 "استهدفت طائرة مسيرة سيارة تقل قياديين في الجماعة.",
]
PROTEST = [
 "تظاهر آلاف الطلاب أمام مبنى البرلمان.",
 "خرج مئات المحتجين في مسيرة للمطالبة بإقالة الحكومة.",
 "نظم العمال اعتصاما احتجاجا على تأخر الرواتب.",
 "احتج السكان على انقطاع الكهرباء بقطع الطرق الرئيسية.",
 "أضرب المعلمون عن العمل للمطالبة بزيادة الأجور.",
 "رشق شبان غاضبون قوات الأمن بالحجارة.",
 "أحرق محتجون إطارات السيارات وأغلقوا الطرق.",
 "شكل المتظاهرون سلسلة بشرية حول مقر الحكومة.",
 "رفع المحتجون لافتات تندد بالفساد ورددوا هتافات ضد الوزير.",
 "أضرم بائع متجول النار في نفسه احتجاجا على مصادرة بضاعته.",
 "تجمع المئات أمام مقر الأمم المتحدة للتضامن مع الأسرى.",
 "فرقت الشرطة المتظاهرين بالغاز المسيل للدموع.",
 "دخل الأسرى في إضراب مفتوح عن الطعام.",
 "هاجم محتجون مقر حزب سياسي وأضرموا فيه النار.",
 "احتشد الآلاف في الميدان رافعين الأعلام.",
 "نفذ الصحفيون وقفة احتجاجية أمام نقابتهم.",
 "اندلعت أعمال شغب بعد مباراة كرة القدم.",
 "هتف المتظاهرون بشعارات تطالب برحيل النظام.",
 "قطع محتجون طريقا سريعا بالإطارات المشتعلة.",
 "شارك الآلاف في مظاهرة حاشدة وسط العاصمة.",
]
ASSAULT_TYPES = {"Violence against civilians", "Battles", "Explosions/Remote violence"}
PROTEST_TYPES = {"Protests", "Riots"}


def _recall(sentences: list[str], family: set[str]) -> float:
    found = sum(bool({e["event_type"] for e in rasd.analyze(s, published="2015-07-20")["events"]} & family)
                for s in sentences)
    return found / len(sentences)


def test_assault_family_recall():
    assert _recall(ASSAULT, ASSAULT_TYPES) >= 0.85


def test_protest_family_recall():
    assert _recall(PROTEST, PROTEST_TYPES) >= 0.85


@pytest.mark.parametrize("sentence", [
    "تعرض ناشط حقوقي للضرب المبرح على أيدي عناصر من الشرطة في مدينة عدن اليوم.",
    "أقدم شخص على طعن امرأة حتى الموت أمام منزلها في مدينة الإسكندرية اليوم.",
    "قصفت الطائرات الحربية مستشفى ميدانيا مما أسفر عن مقتل طبيبين.",
    "استهدف هجوم صاروخي حافلة تقل مدنيين مما أدى إلى سقوط قتلى وجرحى.",
])
def test_beatings_stabbings_and_uncounted_harm_are_violence(sentence):
    types = {e["event_type"] for e in rasd.analyze(sentence, published="2015-07-20")["events"]}
    assert types & {"Violence against civilians", "Battles", "Explosions/Remote violence"}


@pytest.mark.parametrize("sentence", [
    "خرج آلاف المواطنين إلى الشوارع للتنديد بقرار رفع أسعار الوقود.",
    "نزل المئات إلى الشارع رفضا للتعديلات الدستورية.",
    "احتشد أنصار المعارضة في الساحة الرئيسية رافعين شعارات تطالب بإسقاط النظام.",
    "قام عشرات الناشطين بوقفة صامتة أمام مبنى البرلمان.",
    "أغلق محتجون غاضبون الطريق الدولي بالإطارات المحترقة.",
])
def test_streets_banners_vigils_and_named_protesters_are_protests(sentence):
    types = {e["event_type"] for e in rasd.analyze(sentence, published="2015-07-20")["events"]}
    assert types & {"Protests", "Riots"}


def test_a_legal_appeal_is_no_stabbing():
    assert rasd.analyze("طعن المحامي في قرار المحكمة أمام محكمة الاستئناف في القاهرة اليوم.",
                        published="2015-07-20")["events"] == []


@pytest.mark.parametrize("sentence", [
    "نفذ فلسطيني عملية دهس ضد جنود إسرائيليين قرب مدينة الخليل اليوم.",
    "رجم مسلحون امرأة حتى الموت في مدينة الرقة اليوم.",
    "قطع التنظيم يد شاب في مدينة الرقة اليوم.",
])
def test_ramming_and_punishments_are_attacks(sentence):
    # a ramming of soldiers is a clash (armed victims), of civilians an attack: the assault family either way
    types = {e["event_type"] for e in rasd.analyze(sentence, published="2015-07-20")["events"]}
    assert types and types <= {"Violence against civilians", "Battles"}


def test_arson_of_houses_is_property_destruction():
    [ev] = rasd.analyze("أحرق مسلحون منازل المواطنين في مدينة صعدة اليوم.", published="2015-07-20")["events"]
    assert (ev["event_type"], ev["sub_event_type"]) == ("Strategic developments", "Looting/property destruction")


def test_a_house_burned_in_the_attack_is_the_attacks_damage_not_a_second_event():
    text = ("استشهد رضيع فلسطيني في هجوم شنه مستوطنون على منزل عائلته في مدينة نابلس اليوم. "
            "وأحرق المستوطنون منزلا آخر في المدينة دون وقوع إصابات فيه.")
    evs = rasd.analyze(text, published="2015-07-31")["events"]
    assert [e["event_type"] for e in evs] == ["Violence against civilians"]
    assert evs[0]["fatalities"] == 1


def test_an_attack_whose_only_victims_are_civilians_is_violence_against_civilians():
    [ev] = rasd.analyze("قتل رضيع فلسطيني في هجوم شنه مستوطنون في مدينة نابلس اليوم.",
                        published="2015-07-31")["events"]
    assert ev["event_type"] == "Violence against civilians"
    assert ev["actor1"]["canonical"] == "Settlers (Israel)" and ev["fatalities"] == 1


def test_demonstrators_burning_property_riot():
    [ev] = rasd.analyze("أحرق محتجون سيارات الشرطة في مدينة البصرة اليوم.", published="2015-07-20")["events"]
    assert (ev["event_type"], ev["sub_event_type"]) == ("Riots", "Violent demonstration")
    assert ev["actor1"]["text"] == "محتجون"


def test_a_killing_stands_for_itself_when_the_attack_it_followed_names_no_armed_side():
    [ev] = rasd.analyze("قتل رجلان في هجوم على سوق في مدينة بعقوبة اليوم.", published="2015-07-20")["events"]
    assert ev["event_type"] == "Violence against civilians" and ev["fatalities"] == 2


def test_an_intercepted_missile_is_a_missile_attack_where_it_was_aimed():
    text = "اعترضت الدفاعات الجوية السعودية صاروخا باليستيا أطلقته ميليشيا الحوثي باتجاه مدينة جازان اليوم."
    [ev] = rasd.analyze(text, published="2015-07-20")["events"]
    assert ev["sub_event_type"] == "Shelling/artillery/missile attack"
    assert ev["location"]["name_ar"] == "جازان" and ev["location"]["geo_precision"] == 2
    assert ev["actor1"]["canonical"].startswith("Houthi")


def test_two_sides_named_inside_an_exchange_of_fire():
    [ev] = rasd.analyze("تبادل حزب الله والجيش الإسرائيلي إطلاق النار قرب بلدة كفرشوبا اليوم.",
                        published="2015-07-20")["events"]
    assert ev["event_type"] == "Battles" and ev["actor1"]["canonical"] == "Hezbollah"
