"""What a section is and what it returns.

A section is one question of the story: the controls it reads, one figure (or a row of metrics) and its
takeaway. Its function takes plain values and tables and returns a :class:`Result`; the page, the handout and
the tests all show or read that result the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from explainer.charts.figure import Figure
from explainer.story.controls import Control

if TYPE_CHECKING:  # the loader caches with Streamlit; sections only read a price set's fields
    from explainer.data.prices import PriceSet


@dataclass(frozen=True)
class Metric:
    """One headline number: label, value, the note under it, and where it comes from."""

    label: str
    value: str
    note: str = ""
    help: str | None = None
    coloured: bool = False  # whether the note reads as a rise or fall (green/red)
    arrow: bool = False


@dataclass(frozen=True)
class Table:
    """A table shown under a figure. ``formats``: column -> (heading, 'date' | 'percent' | None)."""

    data: pd.DataFrame
    formats: Mapping[str, tuple[str, str | None]] = field(default_factory=dict)


@dataclass(frozen=True)
class Details:
    """Text or a table folded away under a title (the formula, the events on a chart, the returns behind
    one). Tables are only shown folded: the browser draws a folded table when it is opened, and redrawing an
    open data grid with every move of a slider cost about a fifth of the redraw."""

    title: str
    markdown: str = ""
    table: Table | None = None


@dataclass
class Result:
    """Everything one section shows, in the order it is shown.

    ``notice`` is the sentence shown in an info box when the settings leave nothing to draw (saying why
    and what to change); ``warning`` the one shown when data the section needs is unavailable.
    """

    intro: str = ""
    warning: str = ""
    notice: str = ""
    metrics: tuple[Metric, ...] = ()
    figures: tuple[Figure, ...] = ()
    text: str = ""
    notes: tuple[str, ...] = ()
    details: Details | None = None
    takeaways: tuple[str, ...] = ()


@dataclass
class Context:
    """What a chapter's sections read: its curated tables by name, and its prices under the viewer's mode.

    ``derived`` keeps what sections derive from these tables and prices alone (no setting), so a slider
    recomputes only what depends on it; the page passes one store per version of the data, shared by
    every session (a plain dict otherwise: the handout and the tests derive afresh)."""

    tables: Mapping[str, pd.DataFrame]
    prices: PriceSet | None = None
    derived: MutableMapping[str, object] = field(default_factory=dict)

    def derive(self, name: str, compute: Callable[[], object]) -> object:
        """``compute()``, once per ``name`` for this data (it must read nothing but the tables and prices)."""
        if name not in self.derived:
            self.derived[name] = compute()
        return self.derived[name]


Settings = Mapping[str, object]


@dataclass(frozen=True)
class Section:
    """One section in the outline: its heading, the controls it reads and how to compute it.

    ``controls`` is given the context and the settings chosen so far, so a control can depend on an earlier
    one (the benchmark pickers follow the model type). ``widths`` lays the controls out in columns: one row's
    widths, or several rows' (controls fill them in order). ``caveat`` is shown above the controls.
    """

    key: str
    heading: str  # blank: the section continues the one before it under the same heading
    build: Callable[[Context, Settings], Result]
    controls: Callable[[Context, Settings], tuple[Control, ...]] = lambda context, chosen: ()
    widths: tuple[int, ...] | tuple[tuple[int, ...], ...] = ()
    caveat: str = ""

    def reads(self, context: Context, chosen: Settings) -> tuple[str, ...]:
        """The keys of every control this section reads (its own and those an earlier section showed), in a
        fixed order: its output depends on these settings and no others."""
        return tuple(sorted(control.key for control in self.controls(context, chosen)))

    def settings(
        self, context: Context, pick: Callable[[list[Control]], list[object]], earlier: Settings | None = None
    ) -> tuple[list[Control], dict[str, object]]:
        """The controls this section shows, in drawing order, and the settings it reads.

        ``pick`` gets the controls a row at a time (the page draws them; the handout reads them from a link):
        a row is what the settings chosen so far make appear. A control an earlier section of the chapter
        already showed (``earlier``) is read, not shown again: one exchange rate serves the whole chapter.
        """
        shown, chosen, _ = self.settings_and_reads(context, pick, earlier)
        return shown, chosen

    def settings_and_reads(
        self,
        context: Context,
        pick: Callable[[list[Control]], list[object]],
        earlier: Settings | None = None,
        declare: Callable[[Context, Settings], tuple[Control, ...]] | None = None,
    ) -> tuple[list[Control], dict[str, object], tuple[str, ...]]:
        """:meth:`settings`, and :meth:`reads` for the settings chosen, from the same calls of ``controls``
        (a page asks for both on every rerun). ``declare`` stands in for ``controls`` (the page passes one
        that remembers the declarations it has seen)."""
        declare = declare or self.controls
        shown: list[Control] = []
        chosen: dict[str, object] = dict(earlier or {})
        while True:
            declared = declare(context, chosen)
            row = [c for c in declared if c.key not in chosen]
            if not row:
                return shown, chosen, tuple(sorted(control.key for control in declared))
            shown += row
            chosen.update(zip([c.key for c in row], pick(row)))
