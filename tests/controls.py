"""A page's controls as the page declared them, and every edge a viewer can set each one to.

The edge and random-combination tests read the controls from the declarations the page drew in its run
(the same ones reset, the link check and the handout read), including controls that appear only after
another is set (Qwen's base-model pickers), so a control added later is covered without touching a test. A
keyed widget on the page without a declaration, or a declared kind this module does not know, fails the
test: an uncovered control is a failure, never a silent skip.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from hypothesis import strategies as hs
from streamlit.testing.v1 import AppTest

from explainer.app.controls import DECLARED_KEY
from explainer.story.controls import MULTI_KINDS, Control

# Keyed widgets that perform an action rather than hold a setting: there is no value to put at an edge.
ACTIONS = {"Button", "DownloadButton", "PageLink", "LinkButton"}


class UnknownControl(AssertionError):
    """A control whose edges this module cannot name, or a widget drawn without a declaration."""


@dataclass(frozen=True)
class Edge:
    """One setting of one control: its key, a readable name for reports, the value to set, and the address
    entries a share link holds for it (from the control's declaration)."""

    key: str
    name: str
    value: object
    url: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.key}={self.name}"


def widgets(at: AppTest) -> dict[str, object]:
    """Every keyed setting widget the page drew (main area and sidebar), by key, in the order drawn."""
    found = {}
    for node in at:
        kind = type(node).__name__
        key = getattr(node, "key", None)
        if key and hasattr(node, "set_value") and kind not in ACTIONS and key not in found:
            found[key] = node
    return found


def controls(at: AppTest) -> dict[str, Control]:
    """The declarations of every control the page drew in its last run (the sidebar's included), in order.

    Raises :class:`UnknownControl` if the page drew a keyed widget that no declaration describes.
    """
    declared: dict[str, Control] = {}
    for page_controls in at.session_state[DECLARED_KEY].values():
        declared.update(page_controls)
    drawn = widgets(at)
    undeclared = sorted(set(drawn) - set(declared))
    if undeclared:
        raise UnknownControl(f"widgets drawn without a declaration: {undeclared}")
    return {key: declared[key] for key in drawn}


def _ends(first, last, ranged: bool) -> Iterator[tuple[str, object]]:
    """A single-value control's two ends, or a range pinched to each end and spread to both."""
    if ranged:
        yield "pinched to first", (first, first)
        yield "pinched to last", (last, last)
        yield "spread", (first, last)
    else:
        yield "min", first
        yield "max", last


def _subsets(options: tuple) -> Iterator[tuple[str, list]]:
    yield "none", []
    yield "all", list(options)
    for option in options:
        yield f"only {option}", [option]


def edges(control: Control) -> list[Edge]:
    """Every edge of one control, as values its widget's ``set_value`` takes."""
    if control.kind in ("segmented", "selectbox"):
        ends = [(o, o) for o in control.options]
    elif control.kind == "select_slider":
        options = control.options
        ends = [*_ends(options[0], options[-1], control.ranged)]
        ends += [] if control.ranged else [(o, o) for o in options[1:-1]]
    elif control.kind in MULTI_KINDS:
        ends = _subsets(control.options)
    elif control.kind == "toggle":
        ends = [("on", True), ("off", False)]
    elif control.kind in ("slider", "date", "number"):
        if control.bounds is None:
            raise UnknownControl(f"{control.kind} {control.key!r} has no bounds, so it has no edges to try")
        ends = _ends(*control.bounds, control.ranged)
    else:
        raise UnknownControl(f"{control.kind} {control.key!r}: no edges are known for this kind of control")
    return [Edge(control.key, str(name), value, tuple(control.to_url(value))) for name, value in ends]


def set_control(at: AppTest, key: str, value) -> None:
    """Set one control through its widget, as a viewer would; raises if the page no longer shows it."""
    widget = widgets(at).get(key)
    if widget is None:
        raise KeyError(f"the page does not show a control {key!r}")
    multiple = type(widget).__name__ in ("Multiselect", "ButtonGroup") and isinstance(value, tuple)
    widget.set_value(list(value) if multiple else value)


def _stops(control: Control) -> list:
    """Every value a bounded control can take, in order."""
    if control.kind == "select_slider":
        return list(control.options)
    first, last = control.bounds
    if isinstance(first, dt.date):
        return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    step = control.step or 1
    count = round((last - first) / step)
    return [first + i * step if isinstance(first, int) and isinstance(step, int) else round(first + i * step, 10)
            for i in range(count + 1)]  # fmt: skip


def any_valid_value(control: Control) -> hs.SearchStrategy:
    """A value anywhere inside a control's own bounds or options, not only at its edges."""
    all_edges = [e.value for e in edges(control)]  # also fails on a control whose edges are unknown
    if control.kind in ("slider", "select_slider", "date", "number"):
        stops = _stops(control)
        if not control.ranged:
            return hs.sampled_from(stops)
        return hs.lists(hs.sampled_from(stops), min_size=2, max_size=2).map(
            lambda two: tuple(sorted(two, key=stops.index))
        )
    if control.kind in MULTI_KINDS:
        return hs.lists(hs.sampled_from(control.options), unique=True, max_size=len(control.options))
    return hs.sampled_from(all_edges)
