"""A chapter drawn from the outline: title, lead, the price status, then per section its controls and what
the section function returns, and the takeaways the sections gave."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping, Sequence

import streamlit as st

from explainer.app import controls, presenting, ui
from explainer.story.controls import Control
from explainer.story.outline import Chapter
from explainer.story.section import Context, Result, Section, Settings, Table


def show_table(table: Table) -> None:
    config = {}
    for column, (heading, kind) in table.formats.items():
        if kind == "date":
            config[column] = st.column_config.DateColumn(heading, format="D MMM YYYY")
        elif kind == "percent":
            config[column] = st.column_config.NumberColumn(heading, format="percent")
        else:
            config[column] = st.column_config.Column(heading)
    st.dataframe(table.data, hide_index=True, column_config=config)


def show(result: Result) -> None:
    """What one section returned, in its order: intro, a warning or notice, metrics, figures, the text
    and table under them, notes, and folded details."""
    if result.intro:
        st.markdown(result.intro)
    if result.warning:
        st.warning(result.warning, icon=":material/warning:")
    if result.notice:
        ui.nothing_to_draw(result.notice)
    if result.metrics:
        # A row that wraps onto a second row where the metrics do not fit, rather than cutting their labels.
        with st.container(horizontal=True, gap="small"):
            for metric in result.metrics:
                st.metric(
                    metric.label, metric.value, metric.note or None, help=metric.help, border=len(result.metrics) > 3,
                    delta_color="normal" if metric.coloured else "off", delta_arrow="auto" if metric.arrow else "off",
                    width="stretch",
                )  # fmt: skip
    for figure in result.figures:
        ui.show_figure(figure)
    if result.text:
        st.markdown(result.text)
    if result.table is not None:
        show_table(result.table)
    for note in result.notes:
        st.caption(note)
    if result.details is not None:
        with st.expander(result.details.title):
            if result.details.markdown:
                st.markdown(result.details.markdown)
            if result.details.table is not None:
                show_table(result.details.table)


def _versions(chapter: Chapter, context: Context) -> tuple:
    """What a section's output depends on besides its settings: the table files and the prices it was given.

    Prices count by what they are (each ticker's source and last date, and when live ones were fetched), not
    by the mode that chose them: with Yahoo unreachable, ``auto`` falls back to the very prices ``offline``
    reads, so both share one cached result. Sections never print the mode; the status line above them does.
    """
    tables = tuple((name, ui.table_version(name)) for name in chapter.tables)
    price_set = context.prices
    if price_set is None:
        return tables, None
    status = tuple((s.symbol, s.source, s.last_date) for s in price_set.status.values())
    fetched = price_set.fetched_at if any(s.source == "live" for s in price_set.status.values()) else None
    return tables, (fetched, status)


@st.cache_resource(show_spinner=False, max_entries=64)
def _store(kind: str, page: str, versions: str) -> dict:
    """A per-server store for one page and one version of its data, emptied with Streamlit's caches:
    ``derived`` (what sections derive from the data alone) or ``declared`` (the controls they declare)."""
    return {}


class _Reads(Mapping):
    """The settings chosen so far, noting which of them a control declaration looks at."""

    MISSING = object()

    def __init__(self, chosen: Settings) -> None:
        self._chosen, self.seen = chosen, {}

    def __getitem__(self, key: str) -> object:
        self.seen[key] = self._chosen.get(key, self.MISSING)
        return self._chosen[key]

    def __contains__(self, key: object) -> bool:
        self.seen[key] = self._chosen.get(key, self.MISSING)
        return key in self._chosen

    def __iter__(self):
        self.seen.update(self._chosen)
        return iter(self._chosen)

    def __len__(self) -> int:
        self.seen.update(self._chosen)
        return len(self._chosen)


def _remembered(section: Section, declared: dict):
    """A stand-in for ``section.controls`` that remembers each declaration with the settings it looked at:
    some declarations scan a table for their options (the Qwen launches), a page asks for every section's on
    every rerun, and most look at no setting at all, so a slider elsewhere on the page does not redo them."""

    def declare(context: Context, chosen: Settings) -> tuple[Control, ...]:
        known = declared.setdefault(section.key, {})
        for looked_at, declaration in list(known.items()):
            if all(chosen.get(key, _Reads.MISSING) == value for key, value in looked_at):
                return declaration
        reads = _Reads(chosen)
        declaration = tuple(section.controls(context, reads))
        if len(known) >= 256:
            known.clear()
        known[tuple(reads.seen.items())] = declaration
        return declaration

    return declare


@st.cache_data(show_spinner=False, max_entries=2000)
def _finished(_section: Section, _context: Context, _settings: tuple, key: str) -> Result:
    """A section's result with its figures finished, shared by every session. ``key`` names the page, the
    section, its settings and the versions of the tables and prices it reads, as one string (hashing it is
    cheap; hashing those values one by one cost more than drawing the section); the underscored arguments
    are what it stands for, so they are not hashed."""
    result = _section.build(_context, dict(_settings))
    return dataclasses.replace(result, figures=tuple(figure.finished() for figure in result.figures))


def rerun_groups(sections: Sequence[Section], context: Context, declare=None) -> list[tuple[Section, ...]]:
    """The chapter's sections in runs that rerun together: a section reading a control another section shows
    joins that section's run, with every section between them (a run is drawn in one place, in order).

    Read from the declarations at their defaults; ``tests/test_fragments.py`` checks every section's reads at
    every control's edges stay within its run."""
    owner: dict[str, int] = {}
    joined: list[tuple[int, int]] = []
    chosen: dict[str, object] = {}
    for position, section in enumerate(sections):
        remembered = declare(section) if declare else None
        shown, chosen, reads = section.settings_and_reads(context, lambda row: [c.default for c in row], chosen,
                                                          remembered)  # fmt: skip
        owner.update({control.key: position for control in shown if control.key not in owner})
        joined += [(owner[key], position) for key in reads if owner.get(key, position) < position]
    run_of = list(range(len(sections)))  # each section's first section in its run
    for first, last in sorted(joined):
        for position in range(first, last + 1):
            run_of[position] = min(run_of[position], run_of[first])
    runs: dict[int, list[Section]] = {}
    for position, section in enumerate(sections):
        runs.setdefault(run_of[position], []).append(section)
    return [tuple(run) for run in runs.values()]


TAKEAWAYS_KEY = "_takeaways"


def draw_chapter(chapter: Chapter) -> None:
    """The whole page for one chapter of the outline.

    Each run of sections that share controls is an ``st.fragment``: moving a control reruns only the sections
    that read it, then redraws the page's takeaways and the frame's share link (both ``st.empty`` slots a
    fragment's run may replace)."""
    ui.require_router()
    st.title(chapter.heading)
    st.markdown(chapter.lead)
    tables = dict(zip(chapter.tables, ui.tables(*chapter.tables)))
    context = Context(tables, ui.load_prices(chapter.tickers) if chapter.tickers else None)
    if any(symbol not in context.prices.frames for symbol in chapter.requires):
        st.error(chapter.requires_note, icon=":material/report:")
        st.stop()
    versions = _versions(chapter, context)
    context.derived = _store("derived", chapter.path, repr(versions))
    declared = _store("declared", chapter.path, repr(versions))
    runs = context.derive(
        "rerun groups", lambda: rerun_groups(chapter.sections, context, lambda section: _remembered(section, declared))
    )
    bodies = [st.container() for _ in runs]
    foot = st.empty()
    takeaways = st.session_state.setdefault(TAKEAWAYS_KEY, {}).setdefault(chapter.path, {})

    def show_takeaways() -> None:
        lines = [line for section in chapter.sections for line in takeaways.get(section.key, ())]
        with foot.container():
            ui.takeaways(lines)

    @st.fragment
    def draw_run(run: tuple[Section, ...]) -> None:
        chosen: dict[str, object] = {}
        shown_controls: dict[str, Control] = {}
        for section in run:
            if section.heading:
                st.header(section.heading)
            if section.caveat:
                st.info(section.caveat, icon=":material/info:")
            draw = functools.partial(controls.draw_row, widths=section.widths)
            shown, chosen, reads = section.settings_and_reads(context, draw, chosen, _remembered(section, declared))
            shown_controls.update({c.key: c for c in shown})
            read = tuple((key, chosen[key]) for key in reads)
            result = _finished(section, context, read, repr((chapter.path, section.key, read, versions)))
            show(result)
            takeaways[section.key] = result.takeaways
        controls.remember(chapter.title, shown_controls, replace=False)
        # The page's foot and the frame's link follow. A fragment may replace an element outside it only if
        # it also drew that element in the last whole-page run, so every run does (the last one wins).
        show_takeaways()
        presenting.refresh_share_box()

    controls.forget(chapter.title)
    for run, body in zip(runs, bodies):
        with body:
            draw_run(run)
    if not runs:
        show_takeaways()
