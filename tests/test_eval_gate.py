"""The evaluation gate: the seed article scored by the external scorer must not fall below the pins.

Raise a pin when an extractor improves; never lower one to let a change pass.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import shared_path

# component -> (metric, minimum)
PINS = {
    "obfuscations": ("recall", 1.0),
    "boilerplate": ("recall", 1.0),
    "boilerplate_clean": ("clean_of_output", 1.0),
    "quotes_strict": ("f1", 1.0),
    "events": ("f1", 1.0),
    "places": ("f1", 1.0),
    "times": ("f1", 1.0),
    "quantities": ("recall", 1.0),
}


@pytest.fixture(scope="module")
def scores(seed_record, tmp_path_factory):
    out = tmp_path_factory.mktemp("gate") / "seed.json"
    out.write_text(json.dumps(seed_record, ensure_ascii=False), encoding="utf-8")
    gold = shared_path("examples", "seed", "gold.json")
    scorer = shared_path("eval", "score.py")
    res = subprocess.run([sys.executable, str(scorer), str(gold), str(out), "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(res.stdout)


@pytest.mark.parametrize("component", sorted(PINS))
def test_seed_score_at_or_above_pin(scores, component):
    metric, pin = PINS[component]
    key = "boilerplate" if component == "boilerplate_clean" else component
    value = scores[key][metric] or 0.0
    assert value >= pin, f"{component} {metric} fell to {value:.3f} (pinned at {pin})"
