"""The quotes component on sentences written for these tests, one pattern per case.

Each case: the text, then what the first quote whose content holds `has` must show -- its kind,
a stretch of its speaker (text or canonical), its stance, its intermediaries and its addressee.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.article import Article
from rasd.extract.quotes import extract

# (text, has, kind, speaker, stance, via, addressee)
CASES = [
    # --- word order: VSO and SVO
    ("وقال ماكرون إن الوضع في إدلب خطير جدا.", "الوضع في إدلب خطير", "indirect", "ماكرون", "neutral", [], None),
    ("ماكرون قال إن الوضع في إدلب خطير جدا.", "الوضع في إدلب خطير", "indirect", "ماكرون", "neutral", [], None),
    ("وأكد وزير الخارجية الأردني أيمن الصفدي أن الحل السياسي هو الطريق الوحيد.", "الحل السياسي",
     "indirect", "أيمن الصفدي", "assert", [], None),
    ("الوزير أكد أن المفاوضات ستستأنف الأسبوع المقبل.", "المفاوضات ستستأنف", "indirect", "الوزير", "assert", [], None),
    ("وزارة الدفاع الروسية قالت إن طائراتها لم تقصف المستشفى.", "طائراتها لم تقصف", "indirect",
     "وزارة الدفاع الروسية", "neutral", [], None),
    ("وأوضح المتحدث باسم الجيش أن القوات سيطرت على التلة.", "القوات سيطرت على التلة", "indirect",
     "المتحدث باسم الجيش", "neutral", [], None),
    ("وذكر مصدر عسكري أن الاشتباكات استمرت حتى الفجر.", "الاشتباكات استمرت", "indirect", "مصدر عسكري", "neutral", [],
     None),
    # --- titles and apposition
    ("وقال الرئيس الروسي فلاديمير بوتين إن بلاده ستواصل دعم الحكومة.", "بلاده ستواصل دعم", "indirect", "بوتين",
     "neutral", [], None),
    ("وصرح مدير المرصد رامي عبد الرحمن بأن عدد القتلى ارتفع إلى عشرين.", "عدد القتلى ارتفع", "indirect",
     "رامي عبد الرحمن", "neutral", [], None),
    # --- direct quotes in every kind of mark
    ("وقال الوزير: «لن نسمح بتكرار ما حدث في المدينة».", "لن نسمح بتكرار", "direct", "الوزير", "neutral", [], None),
    ("وقال الوزير: “لن نسمح بتكرار ما حدث في المدينة”.", "لن نسمح بتكرار", "direct", "الوزير", "neutral", [], None),
    ('وقال الوزير: "لن نسمح بتكرار ما حدث في المدينة".', "لن نسمح بتكرار", "direct", "الوزير", "neutral", [], None),
    ("وقال الوزير: ‹لن نسمح بتكرار ما حدث في المدينة›.", "لن نسمح بتكرار", "direct", "الوزير", "neutral", [], None),
    ("وقال الوزير: ” لن نسمح بتكرار ما حدث في المدينة”.", "لن نسمح بتكرار", "direct", "الوزير", "neutral", [], None),
    ("وقال الوزير» لن نسمح بتكرار ما حدث في المدينة».", "لن نسمح بتكرار", "direct", "الوزير", "neutral", [], None),
    ("وقال الوزير “لن نسمح بتكرار ما حدث في المدينة”.", "لن نسمح بتكرار", "direct", "الوزير", "neutral", [], None),
    # --- colon-introduced and unclosed quotes, quotes across a line break
    ("وقال المسلط: لا يجد النظام وسيلة لتأخير انهياره سوى القصف.", "لا يجد النظام وسيلة", "direct", "المسلط",
     "neutral", [], None),
    ('وقال المرصد "خطف عناصر من الجبهة قائد الفرقة وسبعة من رفاقه.\nوذكر أن الخطف تم على حاجز.', "خطف عناصر من الجبهة",
     "direct", "المرصد", "neutral", [], None),
    ("وقال القائد: «سنواصل القتال حتى النهاية\nولن نتراجع عن مواقعنا».", "ولن نتراجع", "direct", "القائد", "neutral",
     [], None),
    ("وقال القائد:\n«سنواصل القتال حتى النهاية في كل الجبهات».", "سنواصل القتال", "direct", "القائد", "neutral", [],
     None),
    # --- nested quotes
    ("وقال المتحدث: «إن ما يسمى “الهدنة” لم يصمد أكثر من يوم واحد».", "لم يصمد أكثر من يوم", "direct", "المتحدث",
     "neutral", [], None),
    ("وأضاف المحلل: “الحكومة تصف المقاتلين بـ«الإرهابيين» منذ البداية”.", "تصف المقاتلين", "direct", "المحلل",
     "neutral", [], None),
    # --- mixed
    ("وأكد ماكرون لنظيره الروسي فلاديمير بوتين، إن الالتزام بوقف إطلاق النار «أمر ملح».", "الالتزام بوقف إطلاق النار",
     "mixed", "ماكرون", "assert", [], "بوتين"),
    ("وأشار الناطق إلى أن القصف استهدف «مناطق مأهولة بالسكان» في الريف.", "القصف استهدف", "mixed", "الناطق", "neutral",
     [], None),
    # --- stance from the cue
    ("وزعم المتحدث أن الطائرات استهدفت مواقع للمسلحين فقط.", "الطائرات استهدفت", "indirect", "المتحدث", "claim", [],
     None),
    ("وادعى النظام أن المعارضة استخدمت أسلحة كيماوية.", "المعارضة استخدمت", "indirect", "النظام", "claim", [], None),
    ("واتهم الرئيس الروسي قوات المعارضة باستهداف القواعد الروسية في سوريا.", "قوات المعارضة باستهداف",
     "indirect", "الرئيس الروسي", "accuse", [], None),
    ("واتهمت الخارجية الجيش التركي بإدخال آليات محملة بالأسلحة.", "الجيش التركي بإدخال", "indirect", "الخارجية",
     "accuse", [], None),
    ("ونفت وزارة الدفاع أن تكون طائراتها قصفت السوق الشعبي.", "تكون طائراتها قصفت", "indirect", "وزارة الدفاع", "deny",
     [], None),
    ("نفى المتحدث أن يكون الجيش قد انسحب من المدينة.", "الجيش قد انسحب", "indirect", "المتحدث", "deny", [], None),
    ("ولم ينف المسؤول أن القوات تكبدت خسائر كبيرة.", "القوات تكبدت خسائر", "indirect", "المسؤول", "neutral", [], None),
    ("وبرر الوزير الهجوم بأن المسلحين كانوا يستعدون للتقدم.", "المسلحين كانوا يستعدون", "indirect", "الوزير",
     "justify", [], None),
    ("ودعا الأمين العام إلى وقف فوري لإطلاق النار في المدينة.", "وقف فوري لإطلاق النار", "indirect", "الأمين العام",
     "call", [], None),
    ("وطالبت المنظمة بأن يسمح بدخول المساعدات إلى المحاصرين.", "يسمح بدخول المساعدات", "indirect", "المنظمة", "call",
     [], None),
    ("وحذر المبعوث الأممي من أن المعارك قد تؤدي إلى موجة نزوح جديدة.", "المعارك قد تؤدي", "indirect", "المبعوث الأممي",
     "warn", [], None),
    ("وهدد الجيش بأنه سيرد على أي هجوم جديد.", "سيرد على أي هجوم", "indirect", "الجيش", "warn", [], None),
    ("واعترف المسؤول بأن الغارة أصابت مدرسة بالخطأ.", "الغارة أصابت مدرسة", "indirect", "المسؤول", "admit", [], None),
    ("وأعربت المفوضية عن قلقها من أن القتال يهدد حياة المدنيين.", "القتال يهدد حياة", "indirect", "المفوضية", "concern",
     [], None),
    ("وشدد القائد على أن قواته لن تنسحب من مواقعها.", "قواته لن تنسحب", "indirect", "القائد", "assert", [], None),
    ("وجدد الرئيس الفرنسي، اليوم الاثنين، تأكيده أن بلاده تدعم الحل السياسي.", "بلاده تدعم الحل", "indirect",
     "الرئيس الفرنسي", "assert", [], None),
    # --- follow-on cues and implicit subjects
    ("وقال الوزير إن الوضع صعب، مضيفاً أن الحكومة تعمل على حل الأزمة.", "الحكومة تعمل على حل", "indirect", "الوزير",
     "neutral", [], None),
    ("وقال الوزير إن الوضع صعب، مضيفاً أن الحكومة تعمل على حل الأزمة.", "الوضع صعب", "indirect", "الوزير", "neutral",
     [], None),
    ("وأشار القائد إلى أن الهجوم فشل، لافتاً إلى أن المهاجمين تكبدوا خسائر.", "المهاجمين تكبدوا", "indirect", "القائد",
     "neutral", [], None),
    ("وقال الناطق إن القصف تواصل. وتابع: «لن نترك المدنيين وحدهم».", "لن نترك المدنيين", "direct", "الناطق", "neutral",
     [], None),
    ("وقال الناطق إن القصف تواصل. وأردف قائلاً: «الوضع الإنساني كارثي».", "الوضع الإنساني كارثي", "direct", "الناطق",
     "neutral", [], None),
    ("أكد السفير أن بلاده لن تتدخل، مشيراً إلى أن الحل يجب أن يكون سوريا.", "الحل يجب أن يكون", "indirect", "السفير",
     "neutral", [], None),
    ("وقال وزير الخارجية الروسي سيرغي لافروف إن الحوار ضروري. وأضاف أن موسكو مستعدة للوساطة.", "موسكو مستعدة",
     "indirect", "لافروف", "neutral", [], None),
    # --- descriptions resolved to the named person
    ("وقال الرئيس الروسي فلاديمير بوتين إن الهدنة صامدة. واتهم الرئيس الروسي المعارضة بخرق الاتفاق.",
     "المعارضة بخرق", "indirect", "بوتين", "accuse", [], None),
    ("وقال الرئيس الفرنسي إيمانويل ماكرون إن الوضع مقلق. من جانبه، قال الرئيس الفرنسي إن الحل سياسي.",
     "الحل سياسي", "indirect", "ماكرون", "neutral", [], None),
    # --- the addressee is never the speaker
    ("وقال ماكرون لبوتين: «نحن قلقون جدا من الوضع في إدلب».", "نحن قلقون", "direct", "ماكرون", "neutral", [], "بوتين"),
    ("وقال الشاهد للصحفيين إن الانفجار هز المنطقة بأكملها.", "الانفجار هز المنطقة", "indirect", "الشاهد", "neutral", [],
     "صحفيين"),
    # --- intermediaries (an outlet spoken to passes the words on: it is via, not an addressee)
    ("وقال مسؤول أمني لوكالة رويترز إن الهجوم أسفر عن سقوط قتلى.", "الهجوم أسفر", "indirect", "مسؤول أمني", "neutral",
     ["وكالة رويترز"], None),
    ("ونقلت وكالة سبوتنيك عن بوتين قوله: «نرصد هجمات من المنطقة منزوعة السلاح».", "نرصد هجمات", "direct", "بوتين",
     "neutral", ["وكالة سبوتنيك"], None),
    ("ونقلت صحيفة الوطن عن مصدر عسكري أن الجيش يستعد لهجوم واسع.", "الجيش يستعد لهجوم", "indirect", "مصدر عسكري",
     "neutral", ["صحيفة الوطن"], None),
    ("وذكرت وكالة الأنباء الرسمية أن الرئيس قال إن الانتخابات ستجرى في موعدها.", "الانتخابات ستجرى", "indirect",
     "الرئيس", "neutral", ["وكالة الأنباء الرسمية"], None),
    ("وقال مسؤول، بحسب وكالة الأناضول، إن القافلة وصلت إلى وجهتها.", "القافلة وصلت", "indirect", "مسؤول", "neutral",
     ["وكالة الأناضول"], None),
    # --- attributed facts
    ("وقتل ثلاثة مدنيين وأصيب عشرة آخرون بحسب ما أعلنت وزارة الدفاع التركية.", "قتل ثلاثة مدنيين", "indirect",
     "وزارة الدفاع التركية", "neutral", [], None),
    ("وبحسب المرصد السوري لحقوق الإنسان، قتل خمسة عناصر في الاشتباكات.", "قتل خمسة عناصر", "indirect", "المرصد السوري",
     "neutral", [], None),
    ("وسقطت قذائف على الحي الشرقي وفقا لناشطين محليين.", "سقطت قذائف على الحي", "indirect", "ناشطين محليين", "neutral",
     [], None),
    # --- questions, plural and feminine speakers
    ("وتساءل المعلق: «من سيدفع ثمن هذه الحرب؟».", "من سيدفع ثمن", "direct", "المعلق", "neutral", [], None),
    ("وقال ناشطون إن القصف طال مستشفى ميدانيا في البلدة.", "القصف طال مستشفى", "indirect", "ناشطون", "neutral", [],
     None),
    ("وقال مسؤولون أمريكيون إن الضربات ستستمر.", "الضربات ستستمر", "indirect", "مسؤولون أمريكيون", "neutral", [], None),
    ("وأكدت الوزارة أن فرق الإنقاذ انتشلت جثث الضحايا.", "فرق الإنقاذ انتشلت", "indirect", "الوزارة", "assert", [],
     None),
    ("وقالت المتحدثة باسم المفوضية إن آلاف العائلات نزحت.", "آلاف العائلات نزحت", "indirect", "المتحدثة باسم المفوضية",
     "neutral", [], None),
    ("وأفادت مصادر محلية بأن الطيران شن عدة غارات على البلدة.", "الطيران شن عدة غارات", "indirect", "مصادر محلية",
     "neutral", [], None),
    # --- names that fold like function words (علي/على، والي/وإلى), quoted names before the cue
    ("وأكد علي حسين الباحث في الشؤون التركية أن المشهد أصبح معقدا.", "المشهد أصبح معقدا", "indirect", "علي حسين",
     "assert", [], None),
    ("وقال والي المدينة عز الدين كوتشوك إن الشرطيين قتلا في منزلهما.", "الشرطيين قتلا", "indirect", "والي المدينة",
     "neutral", [], None),
    ("«المرصد السوري لحقوق الإنسان» أعلن أمس أن الطيران شن تسع غارات.", "الطيران شن تسع غارات", "indirect",
     "المرصد السوري", "neutral", [], None),
    ("وكشفت تقارير صحفية أن الاستخبارات حذرت قوات الأمن مرارا من تسلل المسلحين.", "تسلل المسلحين", "indirect",
     "الاستخبارات", "warn", ["تقارير صحفية"], None),
    # --- post-posed cue
    ("«لن نتراجع عن مواقعنا مهما كلف الأمر»، قال القائد الميداني.", "لن نتراجع عن مواقعنا", "direct", "القائد الميداني",
     "neutral", [], None),
    # --- بين as a verb only before a marker; أشار/لفت إلى + verbal noun; عزا، استدرك؛ أبدى اعتقاده
    ("وبين المحافظ أن الطريق الدولي سيفتح خلال أيام.", "الطريق الدولي سيفتح", "indirect", "المحافظ", "neutral", [],
     None),
    ("ولفت المتحدث إلى تراجع أعداد النازحين في المخيمات.", "تراجع أعداد النازحين", "indirect", "المتحدث", "neutral",
     [], None),
    ("وعزا القيادي الميداني تقدم قواته، إلى «انهيار خطوط الدفاع في الجبهة الشرقية».", "انهيار خطوط الدفاع",
     "direct", "القيادي الميداني", "neutral", [], None),
    ("واستدرك الوزير بالقول: لا مانع من الحوار إذا توفرت الضمانات.", "لا مانع من الحوار", "direct", "الوزير",
     "neutral", [], None),
    ("وأبدى الناطق اعتقاده بأن المفاوضات ستفشل مجددا.", "المفاوضات ستفشل", "indirect", "الناطق", "neutral", [],
     None),
    # --- a statement issued by someone: the issuer is in the speaker
    ("وقال بيان صادر عن قيادة الشرطة، الأحد: إن دورية أوقفت خمسة مطلوبين.", "دورية أوقفت خمسة", "indirect",
     "قيادة الشرطة", "neutral", [], None),
    # --- the object of أكد/نفى right after the subject
    ("وأكد النائب سمير حداد عزام ضرورة الإسراع في تشكيل الحكومة.", "ضرورة الإسراع", "indirect", "سمير حداد عزام",
     "assert", [], None),
    ("ونفى الناطق باسم الشرطة وجود معتقلين في المبنى.", "وجود معتقلين", "indirect", "الناطق باسم الشرطة", "deny", [],
     None),
    # --- نقل … عنه: the intermediary passes on the previous speaker's words
    ("وقال الوزير إن الهدنة صامدة. ونقلت صحيفة «الوطن» عنه قوله «لن نقبل بأي خرق للاتفاق في الجنوب».",
     "لن نقبل بأي خرق", "direct", "الوزير", "neutral", ["صحيفة «الوطن»"], None),
    # --- subjects in the same sentence: كان + subject, a verb-first clause before the cue
    ("وقال المرصد إن القصف تواصل. وكان مسؤول في الدفاع المدني، اعتبر أن فرق الإنقاذ عاجزة.", "فرق الإنقاذ عاجزة",
     "indirect", "مسؤول", "neutral", [], None),
    ("وقال المرصد إن القصف تواصل. وشن هذا الفصيل هجوما على الحواجز قبل يومين، وقال: إن الهدف فك الحصار.",
     "الهدف فك الحصار", "indirect", "هذا الفصيل", "neutral", [], None),
    ("وقال المرصد إن القصف تواصل. ثم أعلن الفصيل الجديد النفير العام، وأكد أن الهجوم بدأ.", "الهجوم بدأ", "indirect",
     "الفصيل الجديد", "assert", [], None),
    ("وأكدت مصادر ميدانية محلية سيطرتها على التلة بعد معارك عنيفة.", "سيطرتها على التلة", "indirect",
     "مصادر ميدانية محلية", "assert", [], None),
    ("وأكد الوزير اللبناني موقف حكومته الرافض للتدخل في الحرب.", "موقف حكومته", "indirect", "الوزير اللبناني",
     "assert", [], None),
    ("وأكد الجيش في بيان مقتضب، أن الهجوم أحبط.", "الهجوم أحبط", "indirect", "الجيش", "assert", [], None),
    # --- a quotation right after a direct quote goes on with the same speaker
    ("وقال القائد: «سنواصل القتال حتى النهاية». «ولن نتراجع عن أي موقع حررناه من قبل».", "ولن نتراجع عن أي موقع",
     "direct", "القائد", "neutral", [], None),
]


def _quotes(pipeline, text: str, title: str | None = None) -> list[dict]:
    doc = pipeline.make_doc(Article(id="t", text=text, title=title))
    return extract(doc)


def _speaker(q: dict) -> str:
    sp = q.get("speaker") or {}
    return f"{sp.get('text', '')} {sp.get('canonical', '')}"


@pytest.mark.parametrize(("text", "has", "kind", "speaker", "stance", "via", "addressee"), CASES,
                         ids=[f"{i:02d}" for i in range(len(CASES))])
def test_sentence(pipeline, text, has, kind, speaker, stance, via, addressee):
    quotes = _quotes(pipeline, text)
    hit = next((q for q in quotes if has in q["text"]), None)
    assert hit is not None, f"no quote holds {has!r}: {[q['text'] for q in quotes]}"
    assert hit["kind"] == kind
    assert speaker in _speaker(hit)
    assert hit["stance"] == stance
    assert [v["text"] for v in hit["via"]] == via
    if addressee:
        assert addressee in (hit["addressee"] or {}).get("text", "")
        assert addressee not in _speaker(hit)


def test_enough_sentences():
    assert len({c[0] for c in CASES}) >= 60


def test_headline(pipeline):
    text = "بوتين: ندعم جهود الجيش للقضاء على الفصائل في إدلب\n\nوقال الرئيس الروسي إن العملية مستمرة."
    quotes = _quotes(pipeline, text, title="بوتين: ندعم جهود الجيش للقضاء على الفصائل في إدلب")
    head = quotes[0]
    assert head["kind"] == "headline" and head["speaker"]["text"] == "بوتين"
    assert head["text"].startswith("ندعم جهود الجيش")


@pytest.mark.parametrize("title", ["عاجل: مقتل ثلاثة في قصف على إدلب", "اشتباكات في حلب: قتلى وجرحى"])
def test_title_without_speaker_is_no_headline(pipeline, title):
    quotes = _quotes(pipeline, title + "\n\nنص الخبر هنا.", title=title)
    assert not any(q["kind"] == "headline" for q in quotes)


def _analyzed(pipeline, text: str, title: str | None = None) -> list[dict]:
    """Quotes after the components before them ran (places, casualties, times)."""
    doc = pipeline.make_doc(Article(id="t", text=text, title=title))
    for name, component in pipeline.nlp.pipeline:
        if name == "rasd_quotes":
            break
        doc = component(doc)
    return extract(doc)


@pytest.mark.parametrize(("title", "is_quote"), [
    ("لبنان: مقتل 12 شخصا في انفجار بمرفأ بيروت", False),
    ("العراق: سقوط قذائف على المنطقة الخضراء", False),
    ("الأردن: لن نسمح بعبور المسلحين إلى أراضينا", True),
    ("روسيا: نحن مستعدون للتفاوض مع الجميع", True),
])
def test_place_headline_needs_a_statement(pipeline, title, is_quote):
    quotes = _analyzed(pipeline, title + "\n\nنص الخبر هنا.", title=title)
    assert any(q["kind"] == "headline" for q in quotes) == is_quote


def test_speaker_stops_before_a_casualty_count(pipeline):
    quotes = _analyzed(pipeline, "وأكد الدفاع المدني مقتل ستة أشخاص في الغارة على السوق.")
    assert quotes and quotes[0]["speaker"]["text"] == "الدفاع المدني"
    assert quotes[0]["text"].startswith("مقتل ستة أشخاص")


@pytest.mark.parametrize("text", ["ودارت اشتباكات بين الفصائل وقوات النظام في الريف الجنوبي.",
                                  "والقاسم المشترك بين هذه الفصائل أنها ترفض التفاوض."])
def test_between_is_no_cue(pipeline, text):
    assert _quotes(pipeline, text) == []


def test_no_speaker_starts_with_a_preposition(pipeline):
    quotes = _quotes(pipeline, "وقال الوزير إن الحدود مغلقة. وأشارت في رسالة لمجلس الأمن إلى المادة 51 من الميثاق.")
    assert all(not q["speaker"]["text"].startswith("لمجلس") for q in quotes)


def test_continuation_needs_a_quote_right_before(pipeline):
    quotes = _quotes(pipeline, "وقال القائد إن المعارك مستمرة. «ولن نتراجع عن أي موقع حررناه من قبل».")
    assert [q["kind"] for q in quotes] == ["indirect"]


def test_no_quote_without_speaker(pipeline):
    assert _quotes(pipeline, "وتوقع أن يكون هناك تصعيد قادم في المنطقة.") == []


def test_no_quote_without_content(pipeline):
    text = "وبرر بوتين لقوات النظام هجماتها على المنطقة. لم يخف الرئيس الفرنسي قلقه إزاء التطورات."
    assert _quotes(pipeline, text) == []


def test_scare_quotes_are_not_quotes(pipeline):
    assert _quotes(pipeline, "وتقصف الطائرات مواقع من تسميهم “الإرهابيين” في المحافظة.") == []


def test_quoted_name_in_frame_is_not_the_quote(pipeline):
    quotes = _quotes(pipeline, "وأكد مصدر في المعارضة لـ«الشرق الأوسط»، أن «الطيران ألقى عشرات البراميل على البلدة».")
    assert len(quotes) == 1
    assert "الطيران ألقى" in quotes[0]["text"]
    assert [v["text"] for v in quotes[0]["via"]] == ["الشرق الأوسط"] and quotes[0]["addressee"] is None


def test_nothing_from_boilerplate(pipeline):
    text = "وقال الوزير إن الوضع مستقر.\nاقرأ أيضا: وقال القائد إن المعارك مستمرة في الريف"
    quotes = _quotes(pipeline, text)
    assert [q["speaker"]["text"] for q in quotes] == ["الوزير"]


def test_ids_and_offsets(pipeline):
    text = "وقال الوزير إن الوضع مستقر. وأضاف: «سنعيد فتح الطريق قريبا». وأكد القائد أن القوات جاهزة."
    doc = pipeline.make_doc(Article(id="t", text=text))
    quotes = extract(doc)
    assert [q["id"] for q in quotes] == ["q1", "q2", "q3"]
    for q in quotes:
        assert doc.text[q["start"] : q["end"]] == q["text"]
        for part in (q["speaker"], q["cue"]):
            assert doc.text[part["start"] : part["end"]] == part["text"]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("قال إن«»“”\"':،.\nأكدوزيرمضيفاًبحسب ما أعلنت؟x1")), max_size=200))
def test_any_text_is_safe(pipeline, text):
    if text.strip():
        doc = pipeline.make_doc(Article(id="t", text=text))
        for q in extract(doc):
            assert 0 <= q["start"] <= q["end"] <= len(doc.text)
