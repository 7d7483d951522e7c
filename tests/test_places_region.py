"""Places across the region, third round: lists under one frame word, quoted names, two-word
prepositions, appositions, person names, datelines, bearings from a city, minor villages, and
the camps, towns and landmarks of places_supplement.tsv -- on sentences written for them."""

from __future__ import annotations

import pytest

from rasd.extract.places import extract
from rasd.geo.index import gazetteer
from rasd.geo.place import km


def found(text: str, people: list[tuple[int, int]] | None = None) -> dict[str, dict]:
    return {text[p["start"]:p["end"]]: p for p in extract(text, gazetteer(), people=people)}


def near(p: dict, lat: float, lon: float, radius: float = 15.0) -> bool:
    return km(p["lat"], p["lon"], lat, lon) <= radius


def test_frame_word_covers_a_coordinated_list():
    hits = found("ضبطت الشرطة المصرية عناصر في محافظات الجيزة والقليوبية والغربية")
    assert hits["الغربية"]["country"] == "EG" and hits["الغربية"]["feature"] == "ADM1"


def test_frame_word_reads_through_quote_marks():
    hits = found('قصف الجيش المصري مواقع المسلحين بمناطق "المهدية" و"التومة" جنوب رفح في شمال سيناء')
    assert hits["المهدية"]["country"] == "EG" and hits["التومة"]["country"] == "EG"


def test_a_western_word_without_a_frame_is_no_governorate():
    assert "الغربية" not in found("استقبل الرئيس المصري وفود الدول الغربية في القاهرة")


def test_two_word_preposition_kul_min():
    hits = found("قاتل المتهمون في كل من سورية والعراق قبل عودتهم إلى الكويت")
    assert hits["سورية"]["country"] == "SY" and hits["سورية"]["feature"] == "PCLI"


def test_seat_of_a_government_is_a_place():
    hits = found("يسعى الجيش الليبي التابع للحكومة التي مقرها البيضاء شرقي ليبيا إلى استعادة بنغازي")
    assert hits["البيضاء"]["country"] == "LY"


def test_junction_named_after_a_town_of_the_article():
    hits = found("قتل أربعة من المرافقين في كمين عند مفرق الوضيع في محافظة أبين اليمنية")
    assert hits["الوضيع"]["country"] == "YE" and hits["الوضيع"]["admin1"] == "Abyan"


def test_capital_described_then_named_is_one_place():
    hits = found("قتل ثلاثة أشخاص في انفجارات متفرقة في العاصمة العراقية بغداد اليوم")
    assert "بغداد" in hits and "العاصمة العراقية" not in hits


def test_capital_described_alone_stays():
    assert found("قتل ثلاثة أشخاص في انفجار في العاصمة العراقية اليوم")["العاصمة العراقية"]["name"] == "Baghdad"


def test_surname_inside_a_person_is_no_town():
    text = "أصيب نائب رئيس البرلمان محمد علي الشدادي في كمين، وكان الشدادي يقود المعارك في الحسكة"
    start = text.index("محمد")
    hits = [text[p["start"]:p["end"]] for p in extract(text, gazetteer(), people=[(start, start + 16)])]
    assert "الشدادي" not in hits and "الحسكة" in hits


def test_places_the_ner_took_for_a_person_stay():
    text = "قصفت الطائرات بلدتي كفرزيتا واللطامنة في ريف حماة الشمالي"
    start = text.index("كفرزيتا")
    hits = found(text, people=[(start, start + len("كفرزيتا واللطامنة"))])
    assert "كفرزيتا" in hits and "اللطامنة" in hits


def test_a_title_that_opens_on_a_country_names_the_country():
    text = "الكويت تضبط شبكة إرهابية\nأعلنت وزارة الداخلية الكويتية ضبط خلية تهدد أمن الكويت"
    assert all(p["feature"] == "PCLI" for p in extract(text, gazetteer()) if text[p["start"]:p["end"]] == "الكويت")


def test_a_dateline_still_names_the_city():
    text = "عمان - أعلن الأمن العام الأردني اعتقال ثلاثة مطلوبين في محافظة الزرقاء"
    assert found(text)["عمان"]["name"] == "Amman"


def test_bearing_from_a_city_reaches_a_town_beyond_60_km():
    hits = found("سيطرت قوات حكومة الوفاق على مدينة ترهونة جنوب شرق طرابلس")
    assert hits["ترهونة"]["country"] == "LY"


def test_district_wins_over_a_far_hamlet_of_the_village_list():
    hits = found("قتلت نيران الهاون عشرات المدنيين في منطقة دار سعد شمال مدينة عدن اليمنية")
    assert hits["دار سعد"]["admin1"] == "Aden"


@pytest.mark.parametrize("text,word", [("أصيب الشاب برصاصة في الصدر خلال المواجهات في الخليل", "الصدر"),
                                        ("أصيب النائب بإصابة خطرة في الرأس خلال كمين في أبين", "الرأس"),
                                        ("نصب النازحون الخيام قرب الحدود السورية", "الخيام"),
                                        ("تعهدت الحكومة بحماية أمن البلاد وأمان المواطنين", "أمان")])
def test_body_parts_and_common_words_are_no_places(text, word):
    assert word not in found(text)


def test_word_in_a_written_slogan_is_aside():
    hits = found('حمل المتظاهرون في بغداد نعشا كتب عليه "ضمير السياسي" احتجاجا على الفساد')
    assert hits.get("ضمير", {"in_slogan": True}).get("in_slogan")


@pytest.mark.parametrize("text,name,lat,lon", [
    ("أطلقت ثلاثة صواريخ من مخيم المغازي وسط قطاع غزة", "مخيم المغازي", 31.42, 34.39),
    ("اقتحمت قوات الاحتلال مخيم الدهيشة جنوب بيت لحم", "مخيم الدهيشة", 31.69, 35.18),
    ("اقتحم مستوطنون باحات المسجد الأقصى في القدس", "باحات المسجد الأقصى", 31.776, 35.236),
    ("اقتحم الوزير الحرم الإبراهيمي بمدينة الخليل", "الحرم الإبراهيمي", 31.525, 35.111),
    ("تجمع المتظاهرون في ساحة التحرير وسط بغداد", "ساحة التحرير", 33.33, 44.42),
    ("قصفت المدفعية الإسرائيلية أطراف بلدات في جنوب لبنان", "جنوب لبنان", 33.27, 35.35),
    ("اشتباكات بين باب التبانة وجبل محسن في طرابلس اللبنانية", "جبل محسن", 34.44, 35.84),
    ("خطف أربعة إيطاليين في منطقة مليتة غرب طرابلس الليبية", "مليتة", 32.87, 12.24),
    ("قتل مدير الميناء في اشتباكات في منطقة الليثي ببنغازي", "الليثي", 32.09, 20.13),
    ("انفجرت سيارة مفخخة في مدينة بيدوا جنوب غرب الصومال", "بيدوا", 3.11, 43.65),
    ("شنت مقاتلات التحالف غارات على جبهة الجفينة جنوب مأرب", "الجفينة", 15.41, 45.28),
    ("استهدفت الغارات معسكر الصباحة غرب صنعاء", "معسكر الصباحة", 15.29, 44.08),
    ("حررت المقاومة مناطق الكود وزنجبار في محافظة أبين", "الكود", 13.09, 45.36),
    ("سقطت قذيفة على منطقة الطوال بجازان", "الطوال", 16.53, 42.97),
    ("هاجم مسلحون موقعا للأمن في منطقة دوجو بايزيد شرق تركيا", "دوجو بايزيد", 39.55, 44.08),
    ("انفجرت عبوة قرب مرآب في منطقة الحسينية شمال شرقي بغداد", "الحسينية", 33.5, 44.5),
])
def test_region_places_of_the_supplement(text, name, lat, lon):
    assert near(found(text)[name], lat, lon)


def test_lebanese_kefraya_in_a_bekaa_story():
    hits = found("عثر على سيارة المخطوفين في بلدة كفريا في البقاع اللبناني")
    assert hits["كفريا"]["country"] == "LB"


def test_czechia():
    assert found("اعتقل أحد أفراد العائلة في تشيكيا الشهر الماضي")["تشيكيا"]["country"] == "CZ"


def test_camp_in_the_countryside_of_a_governorate():
    assert found("دارت اشتباكات في مخيم اليرموك في ريف دمشق")["مخيم اليرموك"]["country"] == "SY"


@pytest.mark.parametrize("text,word", [("ناقش الاجتماع التحديات الحديثة في المنطقة", "الحديثة"),
                                        ("رصد الجنود المرابطون على الحدود الشمالية للأردن مركبة", "الحدود الشمالية")])
def test_adjectives_named_like_places(text, word):
    assert word not in found(text)


def test_province_after_its_frame_word():
    assert found("زار الأمير منطقة الحدود الشمالية")["الحدود الشمالية"]["country"] == "SA"


def test_dual_neighbourhood_frame():
    hits = found("قصفت قوات النظام حيي المنشية والعباسية في مدينة درعا")
    assert all(p["country"] == "SY" for p in hits.values())


def test_national_adjective_after_a_name_picks_the_country():
    hits = found("اجتاحت السيول شوارع البيضاء الليبية وأغلقت الطرق المؤدية إلى شحات")
    assert hits["البيضاء"]["country"] == "LY"


def test_an_adjective_before_a_national_adjective_is_no_place():
    assert not found("قصفت طائرات حربية تركية مواقع المسلحين")


def test_conjunction_before_a_two_word_name():
    hits = found("أغلق المحتجون شوارع الخرطوم وأم درمان")
    assert hits["أم درمان"]["name"] == "Omdurman"


def test_town_in_a_governorate_named_with_its_frame_glued_to_bi():
    hits = found("قتل شرطي في هجوم على نقطة أمنية في بلدة المنصورة بمحافظة الدقهلية")
    assert all(p["country"] == "EG" for p in hits.values())


def test_district_indexed_with_its_frame_is_precision_2():
    assert found("قتل جنديان في هجوم على قرية في قضاء الحويجة")["قضاء الحويجة"]["geo_precision"] == 2


@pytest.mark.parametrize("text,word", [("اعترف المتهم بأنه طلب مبلغ مالي من الضحية", "مالي"),
                                        ("دافع البيت الأبيض عن حق تركيا في الرد", "الأبيض"),
                                        ("وحثت سارة ليا ويتسن مديرة القسم على التحقيق", "سارة"),
                                        ("نراهم في مساجد معسكراتنا في المنطقة الجنوبية", "المنطقة الجنوبية"),
                                        ("ارتفاع حصيلة قتلى غرق القارب في نهر النيل قرب القاهرة", "نهر النيل"),
                                        ("نصب الحوثيون كمينا وسط المصانع في صنعاء", "المصانع"),
                                        ("حضر حفل المعايدة قادة الحرس الوطني في الدمام", "حضر")])
def test_common_words_named_like_places(text, word):
    assert word not in found(text)


def test_mali_after_a_preposition():
    assert found("قتل أربعة في احتجاز رهائن في فندق في مالي")["مالي"]["country"] == "ML"


def test_a_title_country_before_a_colon():
    text = "الجزائر: مقتل تسعة جنود في هجوم مسلح\nقتل تسعة جنود جزائريين في ولاية عين الدفلى"
    assert found(text)["الجزائر"]["feature"] == "PCLI"


@pytest.mark.parametrize("text,name,lat,lon", [
    ("قتل أربعة في انفجار عبوة في ناحية العظيم شمال بعقوبة", "ناحية العظيم", 34.28, 44.54),
    ("قتل عشرة في هجوم لمسلحين على قرية في محلية طويلة بشمال دارفور", "محلية طويلة", 13.51, 24.86),
    ("هاجمت حركة الشباب قاعدة في بلدة جنالي بإقليم شبيلي السفلى", "جنالي", 1.81, 44.70),
    ("قتل ثلاثة جنود في انفجار لغم في جبل الشعانبي بولاية القصرين", "جبل الشعانبي", 35.22, 8.68),
])
def test_region_districts_and_mountains(text, name, lat, lon):
    assert near(found(text)[name], lat, lon)


@pytest.mark.parametrize("text,word", [("وصدق الله العظيم في كتابه", "العظيم"),
                                        ("انتظر المسافرون فترة طويلة في المطار", "طويلة")])
def test_words_named_like_towns_need_a_frame(text, word):
    assert word not in found(text)


def test_a_province_of_another_country_is_not_placed_by_a_town():
    assert "القيروان" not in found("قصف التحالف مواقع داعش في ناحية القيروان غرب الموصل")


def test_bearing_from_a_capital_reaches_a_city_120_km_away():
    hits = found("قتل مسلح في اشتباك بمدينة السويس التي تقع شرق القاهرة")
    assert hits["السويس"]["feature"] != "ADM1" and hits["السويس"]["country"] == "EG"


def test_a_country_named_in_a_foreign_capital_stays():
    assert found("التقى سفير العراق في لندن وزير الخارجية")["العراق"]["feature"] == "PCLI"


def test_tripoli_quarter():
    assert near(found("قتل مسلحون شرطيين في منطقة أبو سليم بطرابلس")["أبو سليم"], 32.85, 13.19)


@pytest.mark.parametrize("text,name,lat,lon", [
    ("قصفت قوات النظام حيي المنشية والعباسية في مدينة درعا", "المنشية", 32.61, 36.10),
    ("دارت اشتباكات على أطراف حي كرم الطراب قرب مطار النيرب العسكري شرق حلب", "حي كرم الطراب", 36.19, 37.21),
    ("سقط صاروخ على حي المغاير الشعبي في حلب القديمة", "حي المغاير", 36.20, 37.17),
    ("قصفت المدفعية التركية أهدافا حول بلدة حوار في سورية المقابلة لكلس", "حوار", 36.63, 37.12),
])
def test_syrian_quarters_and_villages(text, name, lat, lon):
    assert near(found(text)[name], lat, lon, 6)


def test_dialogue_is_no_village():
    assert "حوار" not in found("لا مانع من النقاش والحوار في دمشق إذا كان هناك حوار جاد")


def test_curated_syrian_places_carry_their_governorates_pcode():
    hits = found("قصفت الطائرات اللطامنة وحي الشيخ مقصود في حلب")
    assert hits["اللطامنة"]["pcode"] == "SY05" and hits["حي الشيخ مقصود"]["pcode"] == "SY02"
