"""Second-round quote patterns, on sentences written for these tests: impersonal and statement
frames (جاء في بيان …), verbs with an object or a بـ + verbal noun complement, mixed clauses that
open with a quotation, scare quotes, rhetorical subjects, and the extent of a speaker phrase."""

from __future__ import annotations

import pytest

from rasd.article import Article
from rasd.extract.quotes import extract


def _analyzed(pipeline, text: str) -> list[dict]:
    """Quotes after the components before them ran (entities from the NER model, times …)."""
    doc = pipeline.make_doc(Article(id="t", text=text))
    for name, component in pipeline.nlp.pipeline:
        if name == "rasd_quotes":
            break
        doc = component(doc)
    return extract(doc)


def _speaker(q: dict) -> str:
    sp = q.get("speaker") or {}
    return f"{sp.get('text', '')} {sp.get('canonical', '')}"


# (text, has, kind, speaker, stance): the quote holding `has` has this kind, speaker stretch, stance
CASES = [
    # statement nouns and impersonal frames (reporting_verbs.tsv role `impersonal` / `issue`)
    ("وجاء في بيان صادر عن القيادة العامة للجيش أن القوات استعادت السيطرة على البلدة.", "القوات استعادت",
     "indirect", "القيادة العامة للجيش", "neutral"),
    ("وجاء في بيان للجيش التركي أن مقاتلاته قصفت مواقع التنظيم ليلا.", "مقاتلاته قصفت", "indirect", "للجيش التركي",
     "neutral"),
    ("وأصدرت وزارة الخارجية بيانا أمس. وجاء فيه أن الحكومة ترفض أي تدخل خارجي في شؤونها.", "الحكومة ترفض",
     "indirect", "وزارة الخارجية", "neutral"),
    ("وقال المرصد إن الغارات تواصلت. وورد في التقرير أن أكثر من مئة مدني قتلوا خلال الشهر.", "مئة مدني قتلوا",
     "indirect", "المرصد", "neutral"),
    ("ونشرت المنظمة تقريرا مطولا. وجاء فيه: «لا يوجد مكان آمن للمدنيين في المدينة».", "لا يوجد مكان آمن", "direct",
     "المنظمة", "neutral"),
    # وصف X Y بأنه / وصفه بـ
    ("ووصف الوزير الهجوم بأنه عمل إرهابي جبان.", "عمل إرهابي جبان", "indirect", "الوزير", "neutral"),
    ("ووصفت المعارضة القصف بأنه جريمة حرب مكتملة الأركان.", "جريمة حرب", "indirect", "المعارضة", "neutral"),
    ("ووصفه المتحدث بالعمل الإجرامي الذي لن يمر دون عقاب.", "العمل الإجرامي", "indirect", "المتحدث", "neutral"),
    # masdar complements: negation, بـ + verbal noun, object + إلى
    ("ونفى المتحدث وجود أي قوات أجنبية في المنطقة.", "وجود أي قوات أجنبية", "indirect", "المتحدث", "deny"),
    ("وتنفي الحكومة استخدام الأسلحة الكيماوية ضد المدنيين.", "استخدام الأسلحة الكيماوية", "indirect", "الحكومة",
     "deny"),
    ("وأفاد المرصد بمقتل عشرة مدنيين في غارات على البلدة.", "مقتل عشرة مدنيين", "indirect", "المرصد", "neutral"),
    ("وأفاد ناشطون أمس بسيطرة الفصائل على التلة الاستراتيجية.", "سيطرة الفصائل على التلة", "indirect", "ناشطون",
     "neutral"),
    ("وأكد المرصد مقتل خمسة عناصر من قوات النظام في الاشتباكات.", "مقتل خمسة عناصر", "indirect", "المرصد", "assert"),
    ("وعزا المسؤول ذلك إلى استمرار القصف على الطرق الرئيسية.", "استمرار القصف على الطرق", "indirect", "المسؤول",
     "neutral"),
    ("وطالب الائتلاف بفتح تحقيق دولي في المجزرة.", "فتح تحقيق دولي", "indirect", "الائتلاف", "call"),
    ("وطالب الائتلاف المجتمع الدولي بفرض حظر جوي فوق الشمال.", "بفرض حظر جوي", "indirect", "الائتلاف", "call"),
    ("ويطالب المحتجون الحكومة بالإفراج عن المعتقلين.", "الحكومة بالإفراج", "indirect", "المحتجون", "call"),
    ("الناشطون يطالبون الدول الأوروبية بممارسة ضغط أكبر على النظام.", "الدول الأوروبية بممارسة", "indirect",
     "الناشطون", "call"),
    ("وتعهد الرئيس بمحاسبة المسؤولين عن الهجوم على السوق.", "محاسبة المسؤولين", "indirect", "الرئيس", "assert"),
    ("وتحدث المرصد عن تجدد الاشتباكات بين القوات والفصائل في محيط المطار.", "تجدد الاشتباكات", "indirect", "المرصد",
     "neutral"),
    ("ويعتقد الخبير أن الهدنة لن تصمد أكثر من أسبوع.", "الهدنة لن تصمد", "indirect", "الخبير", "neutral"),
    # follow-on and reasoning cues
    ("ولفت المصدر إلى أن الطيران الروسي شارك في الغارات.", "الطيران الروسي شارك", "indirect", "المصدر", "neutral"),
    ("ونوه الوزير بأن الحكومة ملتزمة بالاتفاق حتى النهاية.", "الحكومة ملتزمة", "indirect", "الوزير", "neutral"),
    ("واعتبر المحلل أن التصعيد يهدف إلى الضغط على المعارضة.", "التصعيد يهدف", "indirect", "المحلل", "neutral"),
    ("ورأى الخبير أن الهدنة لن تصمد طويلا في الجنوب.", "الهدنة لن تصمد", "indirect", "الخبير", "neutral"),
    ("وحذر الأمين العام من أن الوضع الإنساني يزداد سوءا.", "الوضع الإنساني يزداد", "indirect", "الأمين العام", "warn"),
    # a clause that opens with a quotation and goes on is one mixed quote
    ("وقال الوزير إن «الحرب لن تنتهي قريبا» وإن الحكومة ستواصل دعم الجيش.", "وإن الحكومة ستواصل", "mixed", "الوزير",
     "neutral"),
    ("وأكد القائد أن «المعركة في بدايتها» وأن قواته تتقدم على كل المحاور.", "قواته تتقدم", "mixed", "القائد",
     "assert"),
    # a quoted word inside indirect speech is no quote of its own
    ("وأكد المتحدث أن «داعش» يسيطر على معظم أحياء المدينة الشرقية.", "يسيطر على معظم أحياء", "indirect", "المتحدث",
     "assert"),
    # speaker phrases: indefinite descriptions keep their body and rank, relative clauses are left out
    ("وقال ضابط في الشرطة برتبة عقيد إن الانفجار نجم عن سيارة مفخخة.", "الانفجار نجم", "indirect",
     "ضابط في الشرطة برتبة عقيد", "neutral"),
    ("وقال مسؤول أمني تركي إن المقاتلات دمرت ثلاثة أهداف.", "المقاتلات دمرت", "indirect", "مسؤول أمني تركي", "neutral"),
    ("وذكر مصدر في المعارضة السورية أن الفصائل صدت الهجوم.", "الفصائل صدت", "indirect", "مصدر في المعارضة السورية",
     "neutral"),
    ("وقال مسؤولون أمنيون الذين طلبوا عدم ذكر أسمائهم إن الهجوم كان منسقا.", "الهجوم كان منسقا", "indirect",
     "مسؤولون أمنيون", "neutral"),
    ("وقال مسؤولون، طلبوا عدم ذكر أسمائهم، إن الهجوم كان منسقا.", "الهجوم كان منسقا", "indirect", "مسؤولون",
     "neutral"),
    ("وقال مسؤولون طلبوا عدم الكشف عن هوياتهم إن الهجوم كان منسقا.", "الهجوم كان منسقا", "indirect", "مسؤولون",
     "neutral"),
    # the NER entity bounds the speaker (المرصد السوري لحقوق الإنسان is one name)
    ("وأفاد المرصد السوري لحقوق الإنسان بمقتل ثلاثة أطفال في القصف.", "مقتل ثلاثة أطفال", "indirect",
     "المرصد السوري لحقوق الإنسان", "neutral"),
]


@pytest.mark.parametrize(("text", "has", "kind", "speaker", "stance"), CASES,
                         ids=[f"{i:02d}" for i in range(len(CASES))])
def test_frame(pipeline, text, has, kind, speaker, stance):
    quotes = _analyzed(pipeline, text)
    hit = next((q for q in quotes if has in q["text"]), None)
    assert hit is not None, f"no quote holds {has!r}: {[q['text'] for q in quotes]}"
    assert hit["kind"] == kind
    assert speaker in _speaker(hit), _speaker(hit)
    assert hit["stance"] == stance


@pytest.mark.parametrize("text", [
    "وأطلقت الحكومة على الرجل وصف «إرهابيا» بعد الحادث.",
    'وسيطر تنظيم "داعش" على القرية بعد معارك عنيفة.',
    "الحقائق تقول إن النظام فقد السيطرة على معظم الأراضي.",
    "وتقول الأرقام إن عدد اللاجئين تجاوز أربعة ملايين.",
    "وقال الوزير إن الحدود مغلقة. وسقطت صواريخ يعتقد بأنها من نوع أرض أرض على المدينة.",
])
def test_no_speaker_no_quote(pipeline, text):
    """Scare quotes, rhetorical subjects and passive يُعتقد name no speaker of their own."""
    quotes = _analyzed(pipeline, text)
    assert not any((q["text"] in ("إرهابيا", "داعش") or "أرض أرض" in q["text"]
                    or "الحقائق" in _speaker(q) or "الأرقام" in _speaker(q)) for q in quotes), quotes


def test_relative_clause_is_never_the_speaker(pipeline):
    quotes = _analyzed(pipeline, "وقال مسؤولون أمنيون الذين طلبوا عدم ذكر أسمائهم إن الهجوم كان منسقا.")
    assert all("أسمائهم" not in _speaker(q) for q in quotes)
    assert [q["cue"]["lemma"] for q in quotes] == ["قال"]


def test_issuing_verb_frames_no_quote(pipeline):
    assert _analyzed(pipeline, "وأصدرت وزارة الخارجية بيانا مطولا أمس.") == []


def test_proclitic_before_a_mark_opens_it():
    from rasd.extract.quotes.marks import find

    text = "قال: “الحكومة تصف المقاتلين ب«الإرهابيين» منذ البداية”."
    assert text[find(text)[0].start : find(text)[0].end] == "الحكومة تصف المقاتلين ب«الإرهابيين» منذ البداية"
