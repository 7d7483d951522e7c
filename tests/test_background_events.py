"""Events the report tells as history are kept apart from the news, never dropped."""

from __future__ import annotations

import rasd
from rasd.rows import event_rows
from rasd.validate import problems

TEXT = ("قتل ثلاثة أشخاص اليوم في انفجار عبوة ناسفة في مدينة الرمادي. "
        "وكان انفجار مماثل قد أدى إلى مقتل عشرة أشخاص في الرمادي في عام 2013.")


def test_history_goes_to_background_events_and_rows_mark_it():
    rec = rasd.analyze(TEXT, published="2015-07-20")
    assert problems(rec) == []
    assert [e["date"] for e in rec["events"]] == ["2015-07-20"]
    assert rec["background_events"] and all(e["background"] for e in rec["background_events"])
    rows = event_rows(rec)
    assert sorted(r.background for r in rows) == [False, True]
