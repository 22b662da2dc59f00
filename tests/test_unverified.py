"""No value of low confidence reaches any chart unlabelled, on any page, in any toggle state."""

from __future__ import annotations

import pytest

from explainer.story.outline import STORY
from tests.apptest import chart_data, chart_spec, charts, run_app

STATES = [(c.path, {}) for c in STORY] + [
    ("pages/qwen_benchmarks.py", {"q25_unverified": "true", "q3_unverified": "true"}),
    ("pages/qwen_benchmarks.py", {"q25_unverified": "true", "q25_kind": "base"}),
]
IDS = [f"{page.split('/')[-1]}-{i}" for i, (page, _) in enumerate(STATES)]


def encoded_fields(spec) -> set[str]:
    """Every field some encoding channel draws, anywhere in a Vega-Lite spec (conditions included)."""
    found: set[str] = set()
    if isinstance(spec, dict):
        if isinstance(spec.get("field"), str):
            found.add(spec["field"])
        for value in spec.values():
            found |= encoded_fields(value)
    elif isinstance(spec, list):
        for item in spec:
            found |= encoded_fields(item)
    return found


@pytest.mark.parametrize(("page", "query"), STATES, ids=IDS)
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
            assert low["status"].str.startswith("unverified").all()
            drawn = encoded_fields(chart_spec(element)) & set(data.columns)
            labelled_by = [f for f in drawn if low[f].astype(str).str.startswith("unverified").all()]
            assert labelled_by, "the unverified label must be drawn (encoded), not only carried in the data"
    if query:
        assert checked, "the unverified switch must put labelled low-confidence values on a chart"
