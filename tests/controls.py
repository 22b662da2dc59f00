"""Find a page's controls from what it drew, and name every edge a viewer can set each one to.

The edge and random-combination tests read controls from the AppTest tree rather than from a list, so a
control added later is covered without touching a test. A keyed widget of a kind this module does not know
makes ``edges`` raise: an uncovered control is a failure, never a silent skip.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from hypothesis import strategies as hs
from streamlit.proto.ButtonGroup_pb2 import ButtonGroup as ButtonGroupProto
from streamlit.proto.Slider_pb2 import Slider as SliderProto
from streamlit.testing.v1 import AppTest

# Keyed widgets that perform an action rather than hold a setting: there is no value to put at an edge.
ACTIONS = {"Button", "DownloadButton", "PageLink", "LinkButton"}
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


class UnknownControl(AssertionError):
    """A keyed widget whose edges this module cannot name: add its kind here rather than skip it."""


@dataclass(frozen=True)
class Edge:
    """One setting of one control: its key, a readable name for reports, and the value to set."""

    key: str
    name: str
    value: object

    def __str__(self) -> str:
        return f"{self.key}={self.name}"


def controls(at: AppTest) -> dict[str, object]:
    """Every keyed setting the page drew (main area and sidebar), by key, in the order drawn."""
    found = {}
    for node in at:
        kind = type(node).__name__
        key = getattr(node, "key", None)
        if key and hasattr(node, "set_value") and kind not in ACTIONS and key not in found:
            found[key] = node
    return found


def _slider_value(slider, raw: float):
    """Slider bounds arrive as numbers; date sliders carry microseconds since the epoch (UTC)."""
    if slider.data_type == SliderProto.DataType.DATE:
        return (EPOCH + dt.timedelta(microseconds=raw)).date()
    if slider.data_type == SliderProto.DataType.DATETIME:
        return (EPOCH + dt.timedelta(microseconds=raw)).replace(tzinfo=None)
    if slider.data_type == SliderProto.DataType.INT:
        return int(raw)
    if slider.data_type == SliderProto.DataType.FLOAT:
        return float(raw)
    raise UnknownControl(f"slider {slider.key!r}: data type {slider.data_type} has no edges here")


def _ends(first, last, ranged: bool) -> Iterator[tuple[str, object]]:
    """A single-value control's two ends, or a range pinched to each end and spread to both."""
    if ranged:
        yield "pinched to first", (first, first)
        yield "pinched to last", (last, last)
        yield "spread", (first, last)
    else:
        yield "min", first
        yield "max", last


def _subsets(options: list, limit: int | None) -> Iterator[tuple[str, list]]:
    yield "none", []
    if limit is None or limit >= len(options):
        yield "all", list(options)
    for option in options:
        yield f"only {option}", [option]


def edges(control) -> list[Edge]:
    """Every edge of one control, as values its ``set_value`` takes."""
    kind, key = type(control).__name__, control.key
    if kind == "Slider":
        ranged = isinstance(control.value, (list, tuple))
        ends = _ends(_slider_value(control, control.min), _slider_value(control, control.max), ranged)
    elif kind == "SelectSlider":
        ranged = isinstance(control.value, (list, tuple))
        options = control.options
        ends = [*_ends(options[0], options[-1], ranged)] + ([] if ranged else [(o, o) for o in options[1:-1]])
    elif kind in ("Selectbox", "Radio"):
        ends = [(o, o) for o in control.options]
    elif kind == "Multiselect":
        limit = control.proto.max_selections or None
        ends = _subsets(control.options, limit)
    elif kind == "ButtonGroup":
        if control.proto.click_mode == ButtonGroupProto.ClickMode.MULTI_SELECT:
            ends = _subsets(control.options, None)
        else:
            ends = [(o, o) for o in control.options] + ([] if control.proto.required else [("none", None)])
    elif kind in ("Toggle", "Checkbox"):
        ends = [("on", True), ("off", False)]
    elif kind == "DateInput":
        if control.min is None or control.max is None:
            raise UnknownControl(f"date input {key!r} has no bounds, so it has no edges to try")
        ends = _ends(control.min, control.max, control.is_range)
    elif kind == "NumberInput":
        if control.min is None or control.max is None:
            raise UnknownControl(f"number input {key!r} has no bounds, so it has no edges to try")
        ends = _ends(control.min, control.max, False)
    else:
        raise UnknownControl(f"{kind} {key!r}: no edges are known for this kind of control")
    return [Edge(key, str(name), value) for name, value in ends]


def set_control(at: AppTest, key: str, value) -> None:
    """Set one control through its widget, as a viewer would; raises if the page no longer shows it."""
    control = controls(at).get(key)
    if control is None:
        raise KeyError(f"the page does not show a control {key!r}")
    control.set_value(value)


def url_values(value) -> list[str]:
    """A value as the address holds it once a viewer has set it (what the share link copies): ISO dates,
    lower-case booleans, whole floats without '.0', one entry per item of a range or selection, and an empty
    entry for a cleared selection."""
    if value is None:
        return [""]
    if isinstance(value, (list, tuple)):
        return [v for item in value for v in url_values(item)] if value else [""]
    if isinstance(value, bool):
        return [str(value).lower()]
    if isinstance(value, (dt.date, dt.datetime)):
        return [value.isoformat()]
    if isinstance(value, float) and value.is_integer():
        return [str(int(value))]
    return [str(value)]


def _stops(control) -> tuple[list, bool]:
    """Every value a bounded control can take, in order, and whether it holds a range of two of them."""
    kind = type(control).__name__
    if kind == "SelectSlider":
        return list(control.options), isinstance(control.value, (list, tuple))
    if kind == "Slider":
        first, last = _slider_value(control, control.min), _slider_value(control, control.max)
        ranged, step = isinstance(control.value, (list, tuple)), control.step
    elif kind == "DateInput":  # bounds checked by ``edges``; every day between them
        first, last, ranged, step = control.min, control.max, control.is_range, None
    else:  # NumberInput, bounds checked by ``edges``
        first, last, ranged, step = control.min, control.max, False, control.step
    if isinstance(first, dt.date):
        return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)], ranged
    count = round((last - first) / step)
    return [
        first + i * step if isinstance(first, int) else round(first + i * step, 10) for i in range(count + 1)
    ], ranged


def any_valid_value(control) -> hs.SearchStrategy:
    """A value anywhere inside a control's own bounds or options, not only at its edges."""
    kind = type(control).__name__
    all_edges = [e.value for e in edges(control)]  # also fails on a control whose edges are unknown
    if kind in ("Slider", "SelectSlider", "DateInput", "NumberInput"):
        stops, ranged = _stops(control)
        if not ranged:
            return hs.sampled_from(stops)
        return hs.lists(hs.sampled_from(stops), min_size=2, max_size=2).map(
            lambda two: tuple(sorted(two, key=stops.index))
        )
    multi = kind == "Multiselect" or (
        kind == "ButtonGroup" and control.proto.click_mode == ButtonGroupProto.ClickMode.MULTI_SELECT
    )
    if multi:
        limit = (control.proto.max_selections or None) if kind == "Multiselect" else None
        return hs.lists(hs.sampled_from(control.options), unique=True, max_size=limit or len(control.options))
    return hs.sampled_from(all_edges)
