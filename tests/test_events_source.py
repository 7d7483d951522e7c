"""An event's in-text source points at the reporter's own words (regression: offsets were shifted)."""

from __future__ import annotations

import rasd


def test_source_after_a_reporting_verb_has_the_right_offsets():
    rec = rasd.analyze(
        "أعلن المرصد السوري لحقوق الإنسان قصف الطيران المروحي بثلاثة براميل متفجرة مناطق في بلدة النعيمة "
        "شرق مدينة درعا اليوم.",
        title="المروحي يستهدف درعا بالبراميل",
        published="2015-07-25",
    )
    sources = [e["source"] for e in rec["events"] if e.get("source")]
    assert sources, rec["events"]
    for src in sources:
        assert rec["text"][src["start"]:src["end"]] == src["text"]
        assert src["text"].startswith("المرصد السوري")
