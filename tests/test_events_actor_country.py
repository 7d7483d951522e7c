"""Event actors named as ACLED names them in the event's country (entities.actor_for with the
country of the event's location). Sentences written for these tests, run through the pipeline."""

from __future__ import annotations

import rasd


def events(text: str) -> list[dict]:
    return rasd.analyze(text, published="2015-07-20")["events"]


def names(ev: dict) -> set[str]:
    return {(ev.get(k) or {}).get("canonical") for k in ("actor1", "actor2")} - {None}


def test_islamic_state_in_iraq_is_named_for_iraq():
    evs = events("هاجم مسلحو داعش نقطة للجيش في مدينة الرمادي اليوم.")
    assert any("Islamic State (Iraq)" in names(ev) for ev in evs), evs


def test_the_police_in_libya_are_the_police_forces_of_libya():
    evs = events("اعتقلت الشرطة خمسة أشخاص في مدينة طرابلس الليبية اليوم.")
    assert any("Police Forces of Libya" in names(ev) for ev in evs), evs


def test_coalition_aircraft_over_yemen_are_the_saudi_led_coalition():
    evs = events("شن طيران التحالف غارات على مواقع الحوثيين في مدينة صعدة اليوم.")
    actor1 = [(ev.get("actor1") or {}) for ev in evs]
    assert any(a.get("canonical") == "Saudi-led Coalition" for a in actor1), evs
