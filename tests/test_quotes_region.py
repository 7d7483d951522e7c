"""Quotes across the Arab world: the region's speakers and titles, and attribution chains.

Sentences written for these tests in the style of Yemeni, Iraqi, Libyan, Egyptian, Lebanese and
Palestinian news. Each case: the text, a stretch of the content, a stretch the speaker must show
(text or canonical), the intermediaries outermost first, and a stretch that must not be the speaker.
"""

from __future__ import annotations

import pytest

from rasd.article import Article
from tests.quote_support import hit as _hit
from tests.quote_support import quotes as _quotes
from tests.quote_support import speaker as _speaker

# (text, has, speaker, via, not_speaker)
CHAINS = [
    # نقلت وكالة X عن Y قوله
    ("ونقلت وكالة الأنباء اليمنية سبأ عن مصدر عسكري قوله إن وحدات الجيش استعادت المعسكر.", "وحدات الجيش استعادت",
     "مصدر عسكري", ["وكالة الأنباء اليمنية سبأ"], None),
    ("ونقلت سونا عن والي ولاية شمال دارفور قوله إن الأوضاع هادئة في الفاشر.", "الأوضاع هادئة", "والي ولاية",
     ["سونا"], None),
    # ذكرت قناة X نقلاً عن Y
    ("وذكرت قناة العربية نقلاً عن مصادر محلية أن مسلحين هاجموا مبنى المحافظة في عدن.", "مسلحين هاجموا",
     "مصادر محلية", ["قناة العربية"], None),
    ("وقالت الصحيفة نقلا عن مسؤول أمني عراقي إن التنظيم فجر جسرا غرب الرمادي.", "التنظيم فجر جسرا",
     "مسؤول أمني عراقي", ["الصحيفة"], None),
    # أفاد مراسل X بأن
    ("وأفاد مراسل الجزيرة في طرابلس بأن اشتباكات عنيفة اندلعت قرب المطار.", "اشتباكات عنيفة اندلعت",
     "مراسل الجزيرة", ["الجزيرة"], None),
    # بحسب ما نقلت X عن Y / حسبما / وفق ما أوردته X
    ("وقتل ثلاثة جنود في هجوم على حاجز قرب العريش، بحسب ما نقلت وكالة رويترز عن مصادر طبية.", "قتل ثلاثة جنود",
     "مصادر طبية", ["وكالة رويترز"], None),
    ("وتجددت الاشتباكات في حي الصابري ببنغازي أمس، حسبما أفاد مصدر عسكري ليبي.", "تجددت الاشتباكات",
     "مصدر عسكري ليبي", [], None),
    ("وسقط عدد من القتلى في قصف على مدينة درنة، وفق ما أوردته وكالة الأنباء الليبية.", "سقط عدد من القتلى",
     "وكالة الأنباء الليبية", [], None),
    # قال Y لـX، في تصريح لـX، في حديث لصحيفة X: X passes the words on
    ("وقال المتحدث باسم وزارة الداخلية العراقية لوكالة فرانس برس إن انتحاريا فجر نفسه في سوق ببغداد.",
     "انتحاريا فجر نفسه", "المتحدث باسم وزارة الداخلية", ["وكالة فرانس برس"], "فرانس برس"),
    ("وقال قيادي في المقاومة الشعبية لـ«عكاظ» إن المقاومة سيطرت على جبل في تعز.", "المقاومة سيطرت على جبل",
     "قيادي في المقاومة", ["عكاظ"], "عكاظ"),
    ("وأكد محافظ عدن في تصريح لوكالة الأناضول أن الخدمات عادت إلى أحياء المدينة.", "الخدمات عادت",
     "محافظ عدن", ["وكالة الأناضول"], "الأناضول"),
    ("وأوضح عضو المكتب السياسي لحركة حماس في حديث لصحيفة الحياة أن المعبر سيفتح قريبا.", "المعبر سيفتح",
     "عضو المكتب السياسي", ["صحيفة الحياة"], "الحياة"),
    ("وقال مسؤول محلي في الأنبار لـ«الشرق الأوسط» إن العائلات نزحت نحو عامرية الفلوجة.", "العائلات نزحت",
     "مسؤول محلي", ["الشرق الأوسط"], None),
    ("مصادر ميدانية في البقاع أبلغت «الشرق الأوسط» أن الخاطفين نقلوا الرهائن إلى الجرود.", "الخاطفين نقلوا",
     "مصادر ميدانية", ["الشرق الأوسط"], "الشرق الأوسط"),
    # an attribution naming the outlet a source spoke to
    ("وأصيب شرطيان بنيران مجهولين في سيناء، بحسب ما ذكر مصدر أمني في العريش لوكالة أنباء الشرق الأوسط.",
     "أصيب شرطيان", "مصدر أمني", ["وكالة أنباء الشرق الأوسط"], None),
    # nested: ذكرت الوكالة أن فلاناً قال إن …
    ("وذكرت وكالة الأنباء العراقية أن قائد شرطة الأنبار أكد أن القوات صدت هجوما على الخالدية.", "القوات صدت",
     "قائد شرطة الأنبار", ["وكالة الأنباء العراقية"], None),
]


# (text, has, speaker text must hold, canonical must be)
SPEAKERS = [
    # Yemen
    ("وأكد محافظ عدن أن الكهرباء عادت إلى معظم المديريات.", "الكهرباء عادت", "محافظ عدن", "محافظ عدن"),
    ("وقال شيخ قبيلة في مأرب إن رجال القبائل صدوا هجوما على المدينة.", "رجال القبائل صدوا", "شيخ قبيلة", None),
    ("ونقلت وكالة معا الفلسطينية عن شهود عيان أن الجرافات هدمت منزلين في سلوان.", "الجرافات هدمت", "شهود عيان",
     "شهود عيان"),
    # Iraq
    ("وقال رئيس الوزراء العراقي حيدر العبادي في كلمة متلفزة إن معركة الأنبار حسمت.", "معركة الأنبار حسمت",
     "حيدر العبادي", "حيدر العبادي"),
    ("وقالت مصادر بالشرطة والمستشفيات إن حصيلة التفجير في الكرادة ارتفعت.", "حصيلة التفجير",
     "مصادر بالشرطة", None),
    # Libya
    ("وقال اللواء خليفة حفتر قائد الجيش الليبي إن قواته تقترب من وسط بنغازي.", "قواته تقترب", "خليفة حفتر",
     "خليفة حفتر"),
    # Egypt
    ("وأكد الرئيس المصري عبد الفتاح السيسي أن الدولة ماضية في مواجهة الإرهاب.", "الدولة ماضية",
     "عبد الفتاح السيسي", "عبد الفتاح السيسي"),
    ("وأوضح المتحدث الأمني بوزارة الداخلية اللواء هاني عبد اللطيف أن الخلية ضبطت في الجيزة.", "الخلية ضبطت",
     "بوزارة الداخلية", None),
    # Lebanon
    ("وقال الأمين العام لحزب الله حسن نصر الله في خطاب متلفز إن المعركة في الجرود مستمرة.", "المعركة في الجرود",
     "حسن نصر الله", "حسن نصر الله"),
    ("وقال وكيل وزارة الداخلية اللبنانية إن الخطة الأمنية في طرابلس نجحت.", "الخطة الأمنية", "وكيل وزارة", None),
    # Palestine
    ("وأكد رئيس المكتب السياسي لحركة حماس إسماعيل هنية أن الحصار يجب أن يرفع.", "الحصار يجب", "إسماعيل هنية",
     "اسماعيل هنية"),
    ("وقالت وزارة الصحة الفلسطينية في بيان إن شابا أصيب برصاص الجنود قرب رام الله.", "شابا أصيب",
     "وزارة الصحة الفلسطينية", "وزارة الصحة الفلسطينية"),
    # Somalia
    ("وقال القائد البارز في الجيش الصومالي حسن عمر :«طردنا المسلحين من البلدة بالكامل».", "طردنا المسلحين",
     "القائد البارز في الجيش الصومالي", "حسن عمر"),
]


@pytest.mark.parametrize(("text", "has", "speaker", "canonical"), SPEAKERS,
                         ids=[f"speaker{i:02d}" for i in range(len(SPEAKERS))])
def test_regional_speaker(pipeline, text, has, speaker, canonical):
    q = _hit(pipeline, text, has)
    assert speaker in q["speaker"]["text"]
    if canonical:
        assert q["speaker"]["canonical"] == canonical


@pytest.mark.parametrize("text", [
    "ونقل المصابون إلى مستشفى الخليل الحكومي لتلقي العلاج اللازم.",  # نقل: carried, not reported
    "المجموعة المسلحة يرجح أن تكون قد تسللت من الحدود.",  # passive: nobody is named
    "وأكدت الوزارة أنها ستواجه الجناة بكل الحزم والشدة شددت.",  # a coordinated noun is no subject
])
def test_no_speaker_named(pipeline, text):
    quotes = _quotes(pipeline, text)
    assert not any(("الشدة" in q["speaker"]["text"] or "المصابون" in q["speaker"]["text"]
                    or "المجموعة" in q["speaker"]["text"]) for q in quotes)


def test_first_person_quote_is_no_name(pipeline):
    text = "وقال المتحدث باسم الحركة أبو حمزة “نحن من نفذ الهجوم على الفندق” مضيفا أن الحركة ستواصل عملياتها."
    q = _hit(pipeline, text, "نحن من نفذ الهجوم")
    assert q["kind"] == "direct" and "نحن" not in q["speaker"]["text"]


def test_outlet_after_phone_call_and_published_statement(pipeline):
    text = "وقال مفتي القدس في اتصال هاتفي مع وكالة «رويترز» إن «الجنود اقتحموا باحات المسجد صباح اليوم»."
    q = _hit(pipeline, text, "الجنود اقتحموا")
    assert [v["text"] for v in q["via"]] == ["وكالة «رويترز»"]


@pytest.mark.parametrize(("text", "has", "speaker", "via", "not_speaker"), CHAINS,
                         ids=[f"chain{i:02d}" for i in range(len(CHAINS))])
def test_chain(pipeline, text, has, speaker, via, not_speaker):
    q = _hit(pipeline, text, has)
    assert speaker in _speaker(q)
    assert [v["text"] for v in q["via"]] == via
    if not_speaker:
        assert not_speaker not in _speaker(q)


def test_source_goes_on_through_its_outlet(pipeline):
    text = ("وقتل جندي في هجوم على حاجز في لحج، بحسب ما ذكر مصدر عسكري لوكالة سبأ. "
            "وقال المصدر «إن المهاجمين فروا نحو الجبال بعد الهجوم مباشرة».")
    q = _hit(pipeline, text, "المهاجمين فروا")
    assert [v["text"] for v in q["via"]] == ["وكالة سبأ"]


def test_sentence_opening_attribution_names_the_next_speaker(pipeline):
    text = ("وبحسب مصادر محلية، فإن طائرات التحالف قصفت مخازن سلاح في صعدة فجر اليوم. "
            "وأشارت إلى أن الانفجارات استمرت ساعات.")
    q = _hit(pipeline, text, "الانفجارات استمرت")
    assert "مصادر محلية" in _speaker(q)


def test_comma_opens_a_new_report(pipeline):
    text = "وفيما تقول بعض المصادر إن عدد المعتقلين يقارب ألفين، أكدت مصادر حقوقية أن العدد أكبر بكثير."
    first = _hit(pipeline, text, "عدد المعتقلين يقارب")
    assert "أكدت" not in first["text"]
    assert "مصادر حقوقية" in _speaker(_hit(pipeline, text, "العدد أكبر"))


def test_adjective_participle_is_no_cue(pipeline):
    text = "وقال الناطق باسم الجيش المصري إنه بناء على معلومات مؤكدة من الأجهزة الأمنية قصفت القوات مقرا للمسلحين."
    quotes = _quotes(pipeline, text)
    assert len(quotes) == 1 and "قصفت القوات مقرا" in quotes[0]["text"]


def test_date_before_verb_is_no_speaker(pipeline):
    text = "وفي 12 أغسطس قالت وزارة الصحة في غزة إن ثلاثة شبان أصيبوا برصاص الاحتلال."
    assert "وزارة الصحة" in _speaker(_hit(pipeline, text, "ثلاثة شبان أصيبوا"))








# --- one name per person within an article, in the article's own spelling

def test_later_short_name_takes_the_fullest_form(pipeline):
    text = ("وقال رئيس الوزراء العراقي حيدر العبادي إن القوات تتقدم نحو الرمادي. "
            "وأضاف العبادي في المؤتمر ذاته أن المعركة لن تطول.")
    quotes = _quotes(pipeline, text)
    names = {q["speaker"]["name"] for q in quotes}
    assert names == {"حيدر العبادي"}
    assert {q["speaker"]["canonical"] for q in quotes} == {"حيدر العبادي"}


def test_earlier_short_name_takes_the_later_full_form(pipeline):
    text = ("وقال أردوغان إن بلاده لن تقبل بقيام كيان على حدودها. "
            "وأكد الرئيس التركي رجب طيب أردوغان أن العملية العسكرية مستمرة.")
    quotes = _quotes(pipeline, text)
    first = _hit(pipeline, text, "بلاده لن تقبل")
    assert first["speaker"]["text"] == "أردوغان"
    assert first["speaker"]["name"] == "رجب طيب أردوغان"  # as written, not the folded اردوغان
    assert len({q["speaker"]["canonical"] for q in quotes}) == 1


def test_known_actor_and_title(pipeline):
    text = "وقال الرئيس الروسي فلاديمير بوتين إن بلاده ستدعم الحل. وقال الرئيس الروسي إن الوقت ينفد."
    later = _hit(pipeline, text, "الوقت ينفد")
    assert later["speaker"]["text"] == "الرئيس الروسي"
    assert later["speaker"]["name"] == "فلاديمير بوتين"
    assert later["speaker"]["actor"] == "Vladimir Putin"
    assert later["speaker"]["link"] == "rasd:actor/vladimir-putin"


def test_description_names_nobody(pipeline):
    q = _hit(pipeline, "وقال مصدر أمني في عدن إن الهدوء عاد إلى المدينة.", "الهدوء عاد")
    assert q["speaker"]["name"] is None


def test_relational_head_is_not_the_named_person(pipeline):
    q = _hit(pipeline, "وقال مستشار الرئيس الروسي فلاديمير بوتين إن موسكو لن تتدخل.", "موسكو لن تتدخل")
    assert q["speaker"]["name"] is None
    assert "مستشار" in q["speaker"]["canonical"]


def test_two_people_keep_their_names(pipeline):
    text = ("وقال الرئيس الفلسطيني محمود عباس إن القدس خط أحمر. "
            "وقال رئيس المكتب السياسي لحركة حماس إسماعيل هنية إن الحصار يجب أن يرفع. وأضاف عباس أن المصالحة ضرورية.")
    assert _hit(pipeline, text, "المصالحة ضرورية")["speaker"]["name"] == "محمود عباس"
    assert _hit(pipeline, text, "الحصار يجب")["speaker"]["name"] == "إسماعيل هنية"


# --- reports whose content is an object, and what is no report

@pytest.mark.parametrize(("text", "has", "speaker"), [
    ("وأعلنت وزارة الداخلية العراقية أمس مقتل خمسة من عناصر التنظيم في الأنبار.", "مقتل خمسة من عناصر",
     "وزارة الداخلية العراقية"),
    ("أعلن التلفزيون الليبي الأحد 9 أغسطس توقيف مسلحين متهمين باغتيال ضابط.", "توقيف مسلحين", "التلفزيون الليبي"),
    ("وأدانت منظمة العفو الدولية قصف الأحياء السكنية في تعز بالمدفعية.", "قصف الأحياء السكنية", "منظمة العفو"),
    ("واستنكرت قيادة اللواء 35 في بيان اعتقال عناصرها على حاجز في لحج.", "اعتقال عناصرها", "قيادة اللواء 35"),
    ("وأفادت الشرطة بمقتل ثلاثة أشخاص بعد أن انفجرت عبوة قرب السوق.", "مقتل ثلاثة أشخاص", "الشرطة"),
    ("وكانت مصادر محلية قد ذكرت أن الطريق أغلق. يذكر أن وزارة الداخلية المصرية كانت قد أعلنت ضبط خلية في الجيزة.",
     "ضبط خلية", "وزارة الداخلية المصرية"),
    ("وأكدت مصادر سيطرة المقاومة على مواقع في الضالع.", "سيطرة المقاومة على مواقع", "مصادر"),
])
def test_object_content(pipeline, text, has, speaker):
    q = _hit(pipeline, text, has)
    assert speaker in q["speaker"]["text"]
    assert has.split()[0] not in q["speaker"]["text"]


def test_negated_report_says_nothing(pipeline):
    text = "ولم تعلن أي جهة مسؤوليتها عن التفجير، إلا أن هجمات مماثلة وقعت في المدينة."
    assert not any("أي جهة" in q["speaker"]["text"] for q in _quotes(pipeline, text))


def test_attribution_verb_frames_nothing(pipeline):
    text = "قتل عشرة أشخاص في هجوم على قرية في ولاية بورنو، حسبما أكد مسؤولون محليون وبعض السكان."
    quotes = _quotes(pipeline, text)
    assert len(quotes) == 1
    assert "قتل عشرة أشخاص" in quotes[0]["text"] and "مسؤولون محليون" in quotes[0]["speaker"]["text"]


def test_quoted_outlet_name_after_its_head(pipeline):
    text = "وقال الكاتب لجريدة «المدى» إن «الفساد ينهش مؤسسات الدولة منذ سنوات طويلة»."
    q = _hit(pipeline, text, "الفساد ينهش")
    assert [v["text"] for v in q["via"]] == ["جريدة «المدى»"]


@pytest.mark.parametrize(("title", "speaker"), [
    ("التلفزيون الليبي: القبض على منفذي الهجوم على الفندق", "التلفزيون الليبي"),
    ("المقاومة الشعبية في اليمن: السيطرة على معسكر في لحج", "المقاومة الشعبية في اليمن"),
])
def test_headline_by_a_body(pipeline, title, speaker):
    rec = pipeline.analyze(Article(id="t", text=title + "\n\nنص الخبر هنا بالتفصيل.", title=title))
    heads = [q for q in rec["quotes"] if q["kind"] == "headline"]
    assert heads and heads[0]["speaker"]["text"] == speaker


def test_quoted_name_of_a_body_is_in_the_speaker(pipeline):
    q = _hit(pipeline, "وأعلن تنظيم «أنصار الشريعة» مسؤوليته عن الهجوم على الحاجز في درنة.", "مسؤوليته")
    assert q["speaker"]["text"] == "تنظيم «أنصار الشريعة»"
    assert q["speaker"]["canonical"] == "تنظيم انصار الشريعة"


@pytest.mark.parametrize(("text", "has", "speaker", "name"), [
    ("وأعلن محافظ الحديدة، حسن الهيج، أمس، وصول شحنة أدوية إلى الميناء.", "وصول شحنة أدوية", "محافظ الحديدة",
     "حسن الهيج"),
    ("وقال الناطق باسم الشرطة، العقيد نبيل الزعبي، إن الدورية تعرضت لكمين.", "الدورية تعرضت", "الناطق باسم الشرطة",
     "نبيل الزعبي"),
])
def test_name_in_apposition(pipeline, text, has, speaker, name):
    q = _hit(pipeline, text, has)
    assert speaker in q["speaker"]["text"] and q["speaker"]["name"] == name


@pytest.mark.parametrize(("text", "has", "speaker"), [
    ("وحذرت منظمات إغاثة محلية من انتشار الكوليرا في مخيمات النزوح.", "انتشار الكوليرا", "منظمات إغاثة محلية"),
    ("وأكدت مصادر خاصة لـ«عكاظ» مقتل قائد ميداني في الغارة على صعدة.", "مقتل قائد ميداني", "مصادر خاصة"),
    ("وبحسب المصادر نفسها، فإن الاشتباكات امتدت إلى أحياء جديدة في تعز.", "الاشتباكات امتدت", "المصادر نفسها"),
    ("ورحب الوزير بمبعوث الأمم المتحدة إلى اليمن في مكتبه بعدن.", "مبعوث الأمم المتحدة", "الوزير"),
])
def test_speaker_stops_where_the_content_starts(pipeline, text, has, speaker):
    q = _hit(pipeline, text, has)
    assert q["speaker"]["text"] == speaker


def test_place_before_a_name_is_not_the_name(pipeline):
    q = _hit(pipeline, "وقال مدير مطار صنعاء خالد الشايف إن الرحلات ستستأنف الأسبوع المقبل.", "الرحلات ستستأنف")
    assert q["speaker"]["name"] == "خالد الشايف"


def test_manner_after_hasab_is_no_source(pipeline):
    text = "وقال المحامي إن الأحكام في هذه القضايا تعزيرية حسب ظروف كل حالة على حدة."
    q = _hit(pipeline, text, "الأحكام في هذه القضايا")
    assert q["via"] == []


@pytest.mark.parametrize(("text", "has", "name"), [
    ("وقال وزير حقوق الإنسان عز الدين الأصبحي إن اللجنة وثقت مئات الانتهاكات.", "اللجنة وثقت", "عز الدين الأصبحي"),
    ("وقال جون كيربي المتحدث باسم وزارة الخارجية الأميركية إن واشنطن تتابع الوضع.", "واشنطن تتابع", "جون كيربي"),
    ("وقال خالد بحاح رئيس الحكومة اليمنية إن الخدمات ستعود إلى عدن.", "الخدمات ستعود", "خالد بحاح"),
    ("وأكد المتحدث باسم جبهة الضالع أن المقاتلين صدوا الهجوم.", "المقاتلين صدوا", None),
])
def test_name_inside_the_speaker_phrase(pipeline, text, has, name):
    assert _hit(pipeline, text, has)["speaker"]["name"] == name


def test_single_surname_takes_the_full_name(pipeline):
    text = "وقال العقيد حسن الربيعي إن القوات تقدمت في الكرمة. وأضاف الربيعي أن التنظيم انسحب من القرى."
    assert _hit(pipeline, text, "التنظيم انسحب")["speaker"]["name"] == "حسن الربيعي"


def test_particle_after_comma_opens_the_next_report(pipeline):
    text = "وقال الوزير إن الحوار ضروري، لكنه قال إن الوقت ينفد بسرعة."
    first = _hit(pipeline, text, "الحوار ضروري")
    assert "لكنه" not in first["text"]
    assert _hit(pipeline, text, "الوقت ينفد")["speaker"]["text"] == "الوزير"


@pytest.mark.parametrize(("text", "has", "name"), [
    ("وقال المبعوث الأممي إسماعيل ولد الشيخ أحمد إن المشاورات ستستأنف في جنيف.", "المشاورات ستستأنف",
     "إسماعيل ولد الشيخ أحمد"),
    ("وقال الناطق باسم حركة فتح أسامة القواسمي إن المصالحة ممكنة.", "المصالحة ممكنة", "أسامة القواسمي"),
    ("وبحسب منظمة «بتسيلم» الإسرائيلية، هدمت الجرافات منزلين في القرية.", "هدمت الجرافات", None),
])
def test_names_and_bodies(pipeline, text, has, name):
    assert _hit(pipeline, text, has)["speaker"]["name"] == name


def test_opening_attribution_is_the_next_reports_intermediary(pipeline):
    text = "وبحسب وكالة سبأ، قال مصدر عسكري إن القوات تقدمت نحو مدينة الحوطة."
    q = _hit(pipeline, text, "القوات تقدمت")
    assert "مصدر عسكري" in q["speaker"]["text"] and [v["text"] for v in q["via"]] == ["وكالة سبأ"]


def test_opening_attribution_content_starts_after_its_marker(pipeline):
    q = _hit(pipeline, "وبحسب مصادر محلية، فإن الطيران قصف مواقع في صعدة.", "الطيران قصف")
    assert q["text"].startswith("الطيران")


def test_short_form_of_a_family_name(pipeline):
    text = ("وقال المبعوث الأممي إسماعيل ولد الشيخ أحمد إن المشاورات ستستأنف. "
            "وأضاف ولد الشيخ أحمد أن الأطراف وافقت على الهدنة.")
    assert _hit(pipeline, text, "الأطراف وافقت")["speaker"]["name"] == "إسماعيل ولد الشيخ أحمد"


def test_bayyana_with_a_relative_clause(pipeline):
    text = "وبين المسؤول الذي طلب عدم ذكر اسمه أن «الدورية تعرضت لإطلاق نار قرب الحدود مع ليبيا»."
    q = _hit(pipeline, text, "الدورية تعرضت")
    assert q["speaker"]["text"] == "المسؤول"


def test_rawa_with_a_pronoun(pipeline):
    text = "وتفاصيل الهجوم كما يرويها أحد الناجين: «سمعنا انفجارا كبيرا ثم بدأ إطلاق النار من كل مكان»."
    q = _hit(pipeline, text, "سمعنا انفجارا")
    assert "الناجين" in q["speaker"]["text"]


@pytest.mark.parametrize(("text", "has", "speaker"), [
    ("وهتف المحتجون «لا للفساد، لا للمحاصصة» أمام مبنى البرلمان في بغداد.", "لا للفساد", "المحتجون"),
    ("ودعا رئيس الإقليم حزب العمال للانسحاب من جبال قنديل.", "انسحاب من جبال", "رئيس الإقليم"),
    ("وطالب نادي الأسير الفلسطيني بالإفراج عن المعتقلين الإداريين.", "الإفراج عن المعتقلين", "نادي الأسير الفلسطيني"),
    ("واعتبر نادي الأسير اعتقال الأطفال جريمة حرب وانتهاكا صارخا للقانون.", "جريمة حرب", "نادي الأسير"),
    ("واعترفت حركة الشباب الصومالية بمقتل ثلاثة من قادتها في الغارة.", "مقتل ثلاثة من قادتها",
     "حركة الشباب الصومالية"),
])
def test_more_report_verbs(pipeline, text, has, speaker):
    q = _hit(pipeline, text, has)
    assert speaker in q["speaker"]["text"]


def test_generic_collective_is_no_countrys_actor(pipeline):
    q = _hit(pipeline, "وقال المتظاهرون في البصرة إن الكهرباء مقطوعة منذ أيام.", "الكهرباء مقطوعة")
    assert q["speaker"]["actor"] is None


def test_ila_by_lam_only_right_after_the_frame(pipeline):
    text = ("ويلفت خالد النجار، مدير المركز العربي للدراسات السياسية، الانتباه إلى ارتباط الخطاب الطائفي "
            "بظهور التنظيم.")
    q = _hit(pipeline, text, "ارتباط الخطاب")
    assert q["text"].startswith("ارتباط")


def test_name_split_in_two_entities(pipeline):
    text = "ويقول محمد صادق إسماعيل، مدير المركز العربي للدراسات، إن الخطاب الطائفي يغذي التطرف."
    assert _hit(pipeline, text, "الخطاب الطائفي")["speaker"]["name"] == "محمد صادق إسماعيل"


@pytest.mark.parametrize(("text", "has", "speaker"), [
    ("وأعلن تنظيم جند الخلافة عن مسؤوليته عن تفجير الحافلة في العريش.", "مسؤوليته عن تفجير", "تنظيم جند الخلافة"),
    ("وقالت مصادر أخرى إن عدد المخطوفين يتجاوز الألف.", "عدد المخطوفين", "مصادر أخرى"),
    ("وتشير بعض المصادر إلى أن الوفد غادر صنعاء.", "الوفد غادر", "بعض المصادر"),
])
def test_description_words(pipeline, text, has, speaker):
    q = _hit(pipeline, text, has)
    assert q["speaker"]["text"] == speaker and q["speaker"]["name"] is None


@pytest.mark.parametrize(("text", "has", "speaker", "addressee"), [
    ("ودعا وزير الخارجية السعودي عادل الجبير مجلس الأمن إلى التحرك العاجل.", "التحرك العاجل",
     "وزير الخارجية السعودي عادل الجبير", "مجلس الأمن"),
    ("ودعت وزارة الخارجية اليمنية مجلس الأمن إلى فرض عقوبات على قادة الانقلاب.", "فرض عقوبات",
     "وزارة الخارجية اليمنية", "مجلس الأمن"),
    ("ودعا المتحدث باسم حركة حماس إلى الوحدة الوطنية.", "الوحدة الوطنية", "المتحدث باسم حركة حماس", None),
])
def test_party_called_upon_is_no_speaker(pipeline, text, has, speaker, addressee):
    q = _hit(pipeline, text, has)
    assert q["speaker"]["text"] == speaker
    assert (q["addressee"] or {}).get("text") == addressee


def test_outlet_before_an_object_content(pipeline):
    text = "وطالب الناطق باسم الرئاسة في تصريح نشرته الوكالة الرسمية الاحتلال بالكف عن الاقتحامات."
    q = _hit(pipeline, text, "بالكف عن")
    assert [v["text"] for v in q["via"]] == ["الوكالة الرسمية"]
