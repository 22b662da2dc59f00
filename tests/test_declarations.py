"""Controls are declared once: a control added to a section's declaration is drawn, reset, checked in links,
listed in the handout and tried by the edge test, with no other change. Also the declaration's URL reading."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from explainer.app import handout
from explainer.story import outline
from explainer.story.controls import Control, UnusableSetting, settings_from_link
from tests.apptest import run_app
from tests.controls import controls, edges

PAGE = "pages/deepseek_shock.py"
EXTRA = Control("cost_demo", "A setting added for this test", "slider", 5, bounds=(0, 10))


@pytest.fixture
def chapter_with_extra_control(monkeypatch):
    """Chapter 2 with one more control declared in its cost section, and nothing else changed."""
    chapter = outline.DEEPSEEK_SHOCK
    sections = tuple(
        dataclasses.replace(s, controls=lambda c, chosen, old=s.controls: (*old(c, chosen), EXTRA))
        if s.key == "cost" else s
        for s in chapter.sections
    )  # fmt: skip
    patched = dataclasses.replace(chapter, sections=sections)
    monkeypatch.setattr(outline, "DEEPSEEK_SHOCK", patched)
    return patched


def test_an_added_control_is_drawn_and_tried_by_the_edge_test(chapter_with_extra_control):
    at = run_app(PAGE, query={"prices": "offline"})
    assert at.slider(key="cost_demo").value == 5
    assert controls(at)["cost_demo"] == EXTRA
    assert [e.value for e in edges(controls(at)["cost_demo"])] == [0, 10]


def test_an_added_control_is_reset(chapter_with_extra_control):
    at = run_app(PAGE, query={"prices": "offline"})
    at.slider(key="cost_demo").set_value(9).run()
    assert at.slider(key="cost_demo").value == 9
    at.button(key="_reset_page").click().run()
    assert at.slider(key="cost_demo").value == 5


def test_an_added_control_is_checked_in_links(chapter_with_extra_control):
    good = run_app(PAGE, query={"prices": "offline", "cost_demo": "7"})
    assert good.slider(key="cost_demo").value == 7
    assert not [i for i in good.info if "could not use" in i.value]
    bad = run_app(PAGE, query={"prices": "offline", "cost_demo": "99"})
    assert bad.slider(key="cost_demo").value == 5
    (notice,) = [i.value for i in bad.info if "could not use" in i.value]
    assert "`cost_demo`" in notice


def test_an_added_control_is_listed_in_the_handout(chapter_with_extra_control):
    page = handout.collect(chapter_with_extra_control, {"prices": ["offline"], "cost_demo": ["8"]})
    assert ("A setting added for this test", "8") in page.controls
    page = handout.collect(chapter_with_extra_control, {"prices": ["offline"], "cost_demo": ["eleven"]})
    assert ("A setting added for this test", "5") in page.controls


# ------------------------------------------------------------------------------------- reading a link
SLIDER = Control("rate", "Rate", "slider", 2.0, bounds=(0.5, 6.0), step=0.25)
YEARS = Control("years", "Years", "slider", (2022, 2026), bounds=(2022, 2026))
DAY = Control("day", "Day", "date", dt.date(2025, 1, 27), bounds=(dt.date(2024, 2, 1), dt.date(2026, 6, 1)))
WINDOW = Control("window", "Window", "slider", (dt.date(2024, 1, 2), dt.date(2026, 8, 18)),
                 bounds=(dt.date(2024, 1, 2), dt.date(2026, 8, 18)), format="MMM YYYY")  # fmt: skip
GROUPS = Control("groups", "Groups", "pills", ("a", "b"), options=("a", "b", "c"))
VIEW = Control("view", "View", "segmented", "annual", options=("annual", "quarterly"))
LOG = Control("log", "Log scale", "toggle", False)
SNAPSHOT = Control("snap", "Snapshot", "select_slider", "2025-01", options=("2025-01", "2025-03", "2025-08"))


@pytest.mark.parametrize(
    ("control", "values", "expected"),
    [
        (SLIDER, ["3.5"], 3.5),
        (SLIDER, ["2"], 2.0),
        (YEARS, ["2023", "2025"], (2023, 2025)),
        (DAY, ["2025-03-07"], dt.date(2025, 3, 7)),
        (WINDOW, ["2025-01-02", "2025-06-30"], (dt.date(2025, 1, 2), dt.date(2025, 6, 30))),
        (GROUPS, ["c", "a"], ("a", "c")),
        (GROUPS, [""], ()),
        (VIEW, ["quarterly"], "quarterly"),
        (LOG, ["true"], True),
        (SNAPSHOT, ["2025-03"], "2025-03"),
    ],
)
def test_a_link_value_reads_as_the_control_holds_it(control, values, expected):
    assert control.from_url(values) == expected


@pytest.mark.parametrize(
    ("control", "values"),
    [
        (SLIDER, ["7"]),  # above the limit
        (SLIDER, ["nan"]),
        (SLIDER, ["two"]),
        (SLIDER, ["1", "2"]),  # two values for one
        (YEARS, ["2025", "2023"]),  # reversed range
        (YEARS, ["2021", "2023"]),
        (YEARS, ["2023.5", "2024"]),  # whole years only
        (DAY, ["2027-01-01"]),
        (DAY, ["27/01/2025"]),
        (GROUPS, ["d"]),
        (GROUPS, ["a", "a"]),
        (VIEW, ["<script>"]),
        (LOG, ["yes"]),
        (SNAPSHOT, ["2024-12"]),
    ],
)
def test_a_link_value_the_control_cannot_take_is_refused(control, values):
    with pytest.raises(UnusableSetting):
        control.from_url(values)


@pytest.mark.parametrize("control", [SLIDER, YEARS, DAY, WINDOW, GROUPS, VIEW, LOG, SNAPSHOT])
def test_what_a_share_link_writes_reads_back_as_the_same_value(control):
    assert control.from_url(control.to_url(control.default)) == control.default


def test_settings_from_a_link_fall_back_to_each_default():
    chosen = settings_from_link([SLIDER, YEARS, LOG], {"rate": ["4"], "years": ["2026", "2022"], "other": ["1"]})
    assert chosen == {"rate": 4.0, "years": (2022, 2026), "log": False}


def test_settings_are_described_for_the_handout():
    assert YEARS.describe((2022, 2025)) == "2022 to 2025"
    assert WINDOW.describe(WINDOW.default) == "02 Jan 2024 to 18 Aug 2026"
    assert GROUPS.describe(()) == "none"
    assert GROUPS.describe(("a", "c")) == "a, c"
    assert LOG.describe(True) == "on"
    assert SLIDER.describe(2.0) == "2.0"
