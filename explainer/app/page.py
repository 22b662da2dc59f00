"""A chapter drawn from the outline: title, lead, the price status, then per section its controls and what
the section function returns, and the takeaways the sections gave."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pyarrow as pa
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
    under them, notes, and folded details (with any table)."""
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
    for note in result.notes:
        st.caption(note)
    if result.details is not None:
        with st.expander(result.details.title):
            if result.details.markdown:
                st.markdown(result.details.markdown)
            if result.details.table is not None:
                show_table(result.details.table)


def _versions(chapter: Chapter, context: Context, tables: tuple[float, ...]) -> tuple:
    """What a section's output depends on besides its settings: the table files and the prices it was given.

    Prices count by what they are (each ticker's source and last date, and when live ones were fetched), not
    by the mode that chose them: with Yahoo unreachable, ``auto`` falls back to the very prices ``offline``
    reads, so both share one cached result. Sections never print the mode; the status line above them does.
    ``tables``: each table file's version, in the chapter's order.
    """
    tables = tuple(zip(chapter.tables, tables))
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
    details = result.details
    if details is not None and details.table is not None:
        details = dataclasses.replace(details, table=_as_arrow(details.table))
    return dataclasses.replace(
        result,
        figures=tuple(figure.finished() for figure in result.figures),
        details=details,
    )


def _as_arrow(table: Table) -> Table:
    """The table as Arrow, converted once for every session (``st.dataframe`` converts a DataFrame on every
    rerun)."""
    return dataclasses.replace(table, data=pa.Table.from_pandas(table.data, preserve_index=False))


@dataclass(frozen=True)
class RunPlan:
    """How a chapter's sections rerun: ``runs`` of consecutive sections, each an ``st.fragment`` (a control
    reruns the run that shows it), and ``page_wide`` controls, read by sections apart from each other, which
    the page draws above its sections (moving one reruns the page)."""

    runs: tuple[tuple[Section, ...], ...]
    page_wide: tuple[Control, ...]
    interactive: tuple[bool, ...] = ()  # per run: whether it shows a control (a run without one never reruns)


def plan_runs(sections: Sequence[Section], context: Context, declare=None) -> RunPlan:
    """Sections that read the same control rerun together: a control read by the section showing it and the
    sections right after it joins them into one run; one read by sections with others between them is
    page-wide. Read from the declarations at their defaults; ``tests/test_fragments.py`` checks every
    section's reads, at every control's edges, stay within its run or are page-wide."""
    owner: dict[str, int] = {}
    declared: dict[str, Control] = {}
    readers: dict[str, set[int]] = {}
    showing: set[int] = set()
    chosen: dict[str, object] = {}
    for position, section in enumerate(sections):
        remembered = declare(section) if declare else None
        shown, chosen, reads = section.settings_and_reads(context, lambda row: [c.default for c in row], chosen,
                                                          remembered)  # fmt: skip
        for control in shown:
            owner.setdefault(control.key, position)
            declared.setdefault(control.key, control)
            showing.add(position)
        for key in reads:
            readers.setdefault(key, set()).add(position)
    joined, page_wide = [], []
    for key, first in owner.items():
        reading = readers.get(key, set()) | {first}
        last = max(reading)
        if last == first:
            continue
        if reading == set(range(first, last + 1)):
            joined.append((first, last))
        else:
            page_wide.append(declared[key])
    run_of = list(range(len(sections)))  # each section's first section in its run
    for first, last in sorted(joined):
        for position in range(first, last + 1):
            run_of[position] = min(run_of[position], run_of[first])
    runs: dict[int, list[Section]] = {}
    for position, section in enumerate(sections):
        runs.setdefault(run_of[position], []).append(section)
    interactive = tuple(any(run_of[p] == first and p in showing for p in range(len(sections))) for first in runs)
    return RunPlan(tuple(tuple(run) for run in runs.values()), tuple(page_wide), interactive)


TAKEAWAYS_KEY, DRAWING_KEY = "_takeaways", "_drawing_page"  # the page whose whole run is under way


def draw_chapter(chapter: Chapter) -> None:
    """The whole page for one chapter of the outline.

    Each run of sections that share controls is an ``st.fragment``: moving a control reruns only the sections
    that read it, then redraws the page's takeaways and the frame's share link (both ``st.empty`` slots a
    fragment's run may replace)."""
    ui.require_router()
    st.title(chapter.heading)
    st.markdown(chapter.lead)
    table_versions = tuple(ui.table_version(name) for name in chapter.tables)
    tables = dict(zip(chapter.tables, ui.tables(chapter.tables, table_versions)))
    context = Context(tables, ui.load_prices(chapter.tickers) if chapter.tickers else None)
    if any(symbol not in context.prices.frames for symbol in chapter.requires):
        st.error(chapter.requires_note, icon=":material/report:")
        st.stop()
    versions = _versions(chapter, context, table_versions)
    # Cached functions are called by keyword: Streamlit then skips a signature look-up for each argument.
    context.derived = _store(kind="derived", page=chapter.path, versions=repr(versions))
    declared = _store(kind="declared", page=chapter.path, versions=repr(versions))
    plan = context.derive(
        "rerun plan", lambda: plan_runs(chapter.sections, context, lambda section: _remembered(section, declared))
    )
    controls.forget(chapter.title)
    page_wide: dict[str, object] = {}
    if plan.page_wide:  # read all down the page, so drawn above its sections
        with st.columns([1, 2])[0]:
            page_wide = dict(zip([c.key for c in plan.page_wide], controls.draw_row(plan.page_wide, ())))
    controls.remember(chapter.title, {c.key: c for c in plan.page_wide}, replace=False)
    bodies = [st.container() for _ in plan.runs]
    foot = st.empty()
    takeaways = st.session_state.setdefault(TAKEAWAYS_KEY, {}).setdefault(chapter.path, {})

    def show_takeaways() -> None:
        lines = [line for section in chapter.sections for line in takeaways.get(section.key, ())]
        with foot.container():
            ui.takeaways(lines)

    def draw_sections(number: int) -> None:
        chosen = dict(page_wide)
        shown_controls: dict[str, Control] = {}
        for section in plan.runs[number]:
            if section.heading:
                st.header(section.heading)
            if section.caveat:
                st.info(section.caveat, icon=":material/info:")
            draw = functools.partial(controls.draw_row, widths=section.widths)
            shown, chosen, reads = section.settings_and_reads(context, draw, chosen, _remembered(section, declared))
            shown_controls.update({c.key: c for c in shown})
            read = tuple((key, chosen[key]) for key in reads)
            key = repr((chapter.path, section.key, read, versions))
            result = _finished(_section=section, _context=context, _settings=read, key=key)
            show(result)
            takeaways[section.key] = result.takeaways
        controls.remember(chapter.title, shown_controls, replace=False)

    @st.fragment
    def draw_run(number: int) -> None:  # the run's number: Streamlit deep-copies a fragment's arguments
        draw_sections(number)
        # The page's foot and the frame's link follow this run. A fragment may replace an element outside
        # it only if it wrote there in the last whole-page run: in that run it writes a placeholder, and
        # the page and the frame draw both once, at the run's end.
        if st.session_state.get(DRAWING_KEY) == chapter.path:
            foot.container()  # an empty container: an "empty" element here breaks the browser's layout
            presenting.reserve_share_box()
        else:
            show_takeaways()
            presenting.refresh_share_box()

    st.session_state[DRAWING_KEY] = chapter.path
    try:
        for number, body in enumerate(bodies):
            with body:  # a run with no control never reruns on its own: drawn as part of the page
                (draw_run if plan.interactive[number] else draw_sections)(number)
    finally:
        st.session_state[DRAWING_KEY] = None
    show_takeaways()
