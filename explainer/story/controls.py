"""Controls, declared once: what a viewer can set, its default and its limits.

The page draws a control from its declaration; the link check, *Reset this page*, the handout's "settings
used" and the edge tests read the same declaration. A link's value is read here too (``from_url``), so a
handout built from a link uses exactly what the page would show.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Kind = Literal[
    "segmented", "pills", "selectbox", "multiselect", "select_slider", "slider", "toggle", "date", "number"
]  # fmt: skip
CHOICE_KINDS = ("segmented", "selectbox", "select_slider")
MULTI_KINDS = ("pills", "multiselect")


class UnusableSetting(ValueError):
    """A link's value for a control that the control cannot take."""


@dataclass(frozen=True)
class Control:
    """One setting a viewer can change. ``default`` is a tuple for ranges and multiple choices."""

    key: str
    label: str
    kind: Kind
    default: object
    options: tuple = ()
    bounds: tuple | None = None  # (lowest, highest) for sliders, dates and numbers
    step: float | int | None = None
    format: str | None = None
    help: str | None = None

    @property
    def ranged(self) -> bool:
        """Whether the control holds a range (two ends) rather than one value."""
        return self.kind in ("slider", "select_slider") and isinstance(self.default, tuple)

    def from_url(self, values: Sequence[str]) -> object:
        """The value a link's entries stand for, or :class:`UnusableSetting` saying why there is none."""
        values = list(values)
        if self.kind in MULTI_KINDS:
            chosen = tuple(v for v in values if v != "")
            unknown = [v for v in chosen if v not in self.options]
            if unknown or len(set(chosen)) != len(chosen):
                raise UnusableSetting(f"{self.key}: not among the options")
            return tuple(o for o in self.options if o in chosen) if self.kind == "pills" else chosen
        expected = 2 if self.ranged else 1
        if len(values) != expected:
            raise UnusableSetting(f"{self.key}: expected {expected} value(s), got {len(values)}")
        parsed = tuple(self._one(v) for v in values)
        if self.ranged:
            order = self.options.index if self.kind == "select_slider" else (lambda v: v)
            if order(parsed[0]) > order(parsed[1]):
                raise UnusableSetting(f"{self.key}: the range ends are reversed")
            return parsed
        return parsed[0]

    def _one(self, text: str) -> object:
        if self.kind in CHOICE_KINDS:
            if text not in self.options:
                raise UnusableSetting(f"{self.key}: not among the options")
            return text
        if self.kind == "toggle":
            if text not in ("true", "false"):
                raise UnusableSetting(f"{self.key}: not true or false")
            return text == "true"
        low, high = self.bounds or (None, None)
        try:
            if isinstance(low, dt.date):
                value: object = dt.date.fromisoformat(text)
            elif isinstance(low, int) and not isinstance(self.step, float):
                value = int(text)
            else:
                value = float(text)
        except ValueError as error:
            raise UnusableSetting(f"{self.key}: not a {type(low).__name__}") from error
        if value != value or not low <= value <= high:  # NaN, or outside the limits
            raise UnusableSetting(f"{self.key}: outside {low}–{high}")
        return value

    def to_url(self, value: object) -> list[str]:
        """The address entries that stand for a value (what a share link holds)."""
        items = value if isinstance(value, (list, tuple)) else [value]
        if not items:
            return [""]
        return [_url_text(item) for item in items]

    def describe(self, value: object) -> str:
        """The value as the handout's "settings used" prints it."""
        items = value if isinstance(value, (list, tuple)) else [value]
        if self.kind in MULTI_KINDS and not items:
            return "none"
        separator = " to " if self.ranged else ", "
        return separator.join(_readable(item) for item in items)


def _url_text(value: object) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _readable(value: object) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, dt.date):
        return f"{value:%d %b %Y}"
    return str(value)


def plain(value: object) -> object:
    """A widget's value as sections take it: lists become tuples (hashable, and never changed in place)."""
    return tuple(value) if isinstance(value, list) else value


def settings_from_link(controls: Sequence[Control], query: dict[str, list[str]]) -> dict[str, object]:
    """Each control's value from a link, its default where the link has none or one it cannot use."""
    chosen = {}
    for control in controls:
        try:
            chosen[control.key] = control.from_url(query[control.key]) if control.key in query else control.default
        except UnusableSetting:
            chosen[control.key] = control.default
    return chosen
