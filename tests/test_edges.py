"""Every control at every edge: no setting a viewer can reach breaks a page or leaves a blank where a chart was.

The controls are read from the declarations each page drew (``tests/controls.py``), including controls that
appear only after another is set (Qwen's base-model pickers), so a control added later is covered without
editing this file.
Each edge is tried through the widget, as a viewer would set it, and again through the address, as the share
link writes it. A hypothesis test then sets every control of a page at once to random valid values.
"""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explainer.story.outline import STORY
from tests.apptest import chart_data, chart_spec, figures, run_app
from tests.browser import ARTIFACTS as ARTIFACTS_DIR
from tests.controls import Edge, any_valid_value, controls, edges, set_control

PAGES = [chapter.path for chapter in STORY]
LINK_NOTICE = "could not use"
NOT_A_NUMBER = re.compile(r"\b(nan|NaN|NaT|inf)\b")


def problems(at, expected_figures: set[str]) -> list[str]:
    """What is wrong with a run a viewer could reach: an exception, an error box, a chart with no marks, or a
    figure that vanished without a sentence saying why."""
    found = [f"exception: {e.value}" for e in at.exception]
    found += [f"error box: {e.value}" for e in at.error]
    drawn = figures(at)
    found += [f"chart {key or '?'} has no data" for key, chart in drawn.items() if not has_marks(chart)]
    explanations = [m for m in [*at.info, *at.warning] if LINK_NOTICE not in m.value]
    missing = expected_figures - set(drawn)
    if missing and not explanations:
        found.append(f"figures {sorted(missing)} vanished without a sentence saying why")
    shown = [*(f"{m.label} {m.value} {m.delta}" for m in at.metric), *(m.value for m in at.markdown)]
    shown += [chart_spec(chart).get("title", {}).get("text", "") for chart in drawn.values()]
    found += [
        f"a number reads {NOT_A_NUMBER.search(t)[0]!r}: {t[:120]}" for t in map(str, shown) if NOT_A_NUMBER.search(t)
    ]
    return found


def has_marks(chart) -> bool:
    """Whether a chart ships any data row to the browser (inline values count too)."""
    if any(dataset.data.data for dataset in chart.proto.datasets):
        return len(chart_data(chart)) > 0
    return '"values": [{' in chart.proto.spec or '"values":[{' in chart.proto.spec


def explore(page: str) -> tuple[list[tuple[tuple[Edge, ...], Edge]], dict[str, list[str]], set[str]]:
    """Set every control of ``page`` alone to each of its edges through its widget.

    Returns the edges tried (each with the settings that made its control appear), the problems found by
    edge, and the page's default figures. Controls that appear only after another setting are explored from
    that setting.
    """
    base = run_app(page)
    default_figures = set(figures(base))
    assert not problems(base, default_figures), problems(base, default_figures)
    queue: list[tuple[tuple[Edge, ...], str]] = [((), key) for key in controls(base)]
    seen = set(controls(base))
    tried: list[tuple[tuple[Edge, ...], Edge]] = []
    failures: dict[str, list[str]] = {}
    while queue:
        prefix, key = queue.pop(0)
        at = run_app(page)
        for step in prefix:
            set_control(at, step.key, step.value)
            at.run()
        for edge in edges(controls(at)[key]):
            set_control(at, key, edge.value)
            at.run()
            tried.append((prefix, edge))
            found = problems(at, default_figures)
            if found:
                failures[" + ".join(map(str, [*prefix, edge]))] = found
            for new_key in controls(at):
                if new_key not in seen:
                    seen.add(new_key)
                    queue.append(((*prefix, edge), new_key))
    return tried, failures, default_figures


def report(page: str, kind: str, controls_tried: int, settings_tried: int) -> None:
    """Record what was tried, for the summary the suite prints at its end (see conftest)."""
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    name = page.split("/")[-1].removesuffix(".py")
    (ARTIFACTS_DIR / f"edges-{name}-{kind}.json").write_text(
        json.dumps({"page": page, "kind": kind, "controls": controls_tried, "settings": settings_tried})
    )


def link_query(steps: tuple[Edge, ...]) -> dict[str, list[str]]:
    return {step.key: list(step.url) for step in steps}


@pytest.mark.timeout(900)  # Qwen's chapter has about 80 edges, each run twice
@pytest.mark.parametrize("page", PAGES)
def test_every_control_at_every_edge_through_its_widget_and_its_link(page):
    tried, failures, default_figures = explore(page)
    for prefix, edge in tried:
        at = run_app(page, query=link_query((*prefix, edge)))
        found = problems(at, default_figures)
        notices = [i.value for i in at.info if LINK_NOTICE in i.value]
        if notices:
            found.append(f"the link's setting was refused: {notices[0]}")
        if found:
            failures["link " + " + ".join(map(str, [*prefix, edge]))] = found
    keys = {edge.key for _, edge in tried}
    report(page, "edges", len(keys), len(tried))
    assert keys, f"{page} shows no control"
    assert not failures, json.dumps(failures, indent=1, default=str)


def apply(at, chosen: dict[str, object]) -> None:
    """Set every chosen control the page shows, rerunning until no newly shown control is left to set."""
    applied: set[str] = set()
    while pending := [key for key in controls(at) if key in chosen and key not in applied]:
        for key in pending:
            set_control(at, key, chosen[key])
            applied.add(key)
        at.run()


@pytest.mark.parametrize("page", PAGES)
def test_random_combinations_of_valid_settings(page):
    """Every control of the page at once, each anywhere within its own bounds or options.

    Values for the controls a fresh page shows are drawn first, in a fixed order; values for controls that
    only those settings reveal are drawn after, so the draws never depend on the previous example's state.
    """
    at = run_app(page)
    default_figures = set(figures(at))
    first_controls = {key: any_valid_value(control) for key, control in controls(at).items()}
    examples: list[dict[str, object]] = []

    @settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(data=st.data())
    def check(data):
        chosen = {key: data.draw(strategy, label=key) for key, strategy in first_controls.items()}
        apply(at, chosen)
        while revealed := sorted(key for key in controls(at) if key not in chosen):
            chosen |= {key: data.draw(any_valid_value(controls(at)[key]), label=key) for key in revealed}
            apply(at, chosen)
        examples.append(chosen)
        assert not problems(at, default_figures), (chosen, problems(at, default_figures))

    check()
    report(page, "random", len({key for example in examples for key in example}), len(examples))
    assert len(examples) >= 50


def at_edge(page: str, key: str, edge_name: str):
    """The page after a viewer set ``key`` to its edge called ``edge_name``."""
    at = run_app(page, query={"prices": "offline"})
    (edge,) = [e for e in edges(controls(at)[key]) if e.name == edge_name]
    set_control(at, key, edge.value)
    return at.run()


def notices(at) -> str:
    return "\n".join(m.value for m in [*at.info, *at.warning])


# Each empty state the edge test found, with the sentence that must replace the blank or the error.
EMPTY_STATES = [
    ("pages/rerating.py", "rerating_start", "max", "rerating_path", r"no close after .*pick a start date before"),
    ("pages/apple_china.py", "price_window", "pinched to last", "what_moved_it", r"at least two trading days long"),
    ("pages/apple_china.py", "price_window", "pinched to first", "what_moved_it", r"at least two trading days long"),
    ("pages/home.py", "period", "pinched to last", "timeline", r"BABA has 1 close from .* at least two trading days"),
    ("pages/deepseek_shock.py", "groups", "none", "event_window", r"Pick at least one group"),
]


@pytest.mark.parametrize(("page", "key", "edge", "figure", "sentence"), EMPTY_STATES, ids=lambda v: str(v)[:24])
def test_an_empty_state_says_why_and_what_to_change(page, key, edge, figure, sentence):
    at = at_edge(page, key, edge)
    assert not at.exception
    assert figure not in figures(at)
    assert re.search(sentence, notices(at)), notices(at)


def test_a_swing_window_without_two_trading_days_says_so():
    at = run_app("pages/rerating.py", query={"prices": "offline", "swing_from": "2025-02-08", "swing_to": "2025-02-09"})
    assert not at.exception
    assert "BABA traded on fewer than two days from 08 Feb 2025 to 09 Feb 2025" in notices(at)
    assert not [m for m in at.metric if m.label == "BABA change"]


def test_benchmarks_alone_still_draw_the_event_study_without_a_group_ranking():
    at = at_edge("pages/deepseek_shock.py", "groups", "only Benchmarks")
    assert not at.exception
    assert {"event_window", "abnormal_returns"} <= set(figures(at))
    assert "did best" not in "\n".join(m.value for m in at.markdown)
