"""Every chart the app can draw is a valid Vega-Lite spec: the app converts charts without schema validation
(it is most of a rerun's cost), so this test validates every section's charts at the declared defaults and
with each control, alone, at each of its edges (controls that appear only after another setting included)."""

from __future__ import annotations

import pytest

from explainer.data import facts, prices
from explainer.story.outline import STORY
from explainer.story.section import Context
from tests.controls import edges


def context_of(chapter) -> Context:
    tables = {name: facts.load_table(name) for name in chapter.tables}
    return Context(tables, prices.load_prices(chapter.tickers, "offline") if chapter.tickers else None)


def build_all(chapter, context: Context, overrides: dict) -> tuple[list, list]:
    """Every section of the chapter at the defaults except ``overrides``: the controls shown, the figures."""
    chosen: dict = {}
    shown_all, figures = [], []
    for section in chapter.sections:
        shown, chosen = section.settings(context, lambda row: [overrides.get(c.key, c.default) for c in row], chosen)
        shown_all += shown
        figures += section.build(context, chosen).figures
    return shown_all, figures


@pytest.mark.parametrize("chapter", STORY, ids=lambda c: c.path)
def test_every_chart_validates_at_the_defaults_and_every_edge(chapter):
    context = context_of(chapter)
    shown, figures = build_all(chapter, context, {})
    queue = [(control, {}) for control in shown]
    seen = {control.key for control in shown}
    validated = 0
    for figure in figures:
        figure.spec(validate=True)
        validated += 1
        # The app caches a figure's data as Arrow and writes its CSV download on a click: the same file.
        assert figure.finished().csv() == figure.csv(), figure.key
    while queue:
        control, base = queue.pop(0)
        for edge in edges(control):
            overrides = {**base, control.key: tuple(edge.value) if isinstance(edge.value, list) else edge.value}
            now_shown, figures = build_all(chapter, context, overrides)
            for figure in figures:
                figure.spec(validate=True)  # raises on an invalid spec
                assert figure.finished().csv() == figure.csv(), (figure.key, control.key, edge)
                validated += 1
            for new in now_shown:
                if new.key not in seen:
                    seen.add(new.key)
                    queue.append((new, overrides))
    assert validated >= len(seen)
