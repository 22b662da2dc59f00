"""No value of low confidence reaches any chart unlabelled, on any page, in any toggle state."""

from __future__ import annotations

import pytest

from explainer.chapters import STORY
from tests.apptest import chart_data, charts, run_app

STATES = [(c.path, {}) for c in STORY] + [
    ("pages/qwen_benchmarks.py", {"q25_unverified": "true", "q3_unverified": "true"}),
    ("pages/qwen_benchmarks.py", {"q25_unverified": "true", "q25_kind": "base"}),
]


@pytest.mark.parametrize(
    ("page", "query"), STATES, ids=[f"{p.split('/')[-1]}{'+' if q else ''}{i}" for i, (p, q) in enumerate(STATES)]
)
def test_low_confidence_values_are_labelled_unverified(page, query):
    at = run_app(page, query=query)
    assert not at.exception
    checked = 0
    for element in charts(at):
        data = chart_data(element)
        if "confidence" not in data:
            continue
        low = data[data["confidence"] == "low"]
        if len(low):
            checked += 1
            assert "status" in data, "a chart with low-confidence rows must carry their status"
            assert set(low["status"]) == {"unverified"}
            assert '"field": "status"' in element.proto.spec.replace(":", ": ").replace(":  ", ": ")
    if query:
        assert checked, "the unverified switch must put labelled low-confidence values on a chart"
