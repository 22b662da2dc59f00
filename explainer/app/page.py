"""A chapter drawn from the outline: title, lead, the price status, then per section its controls and what
the section function returns, and the takeaways the sections gave."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from explainer.app import ui
from explainer.story.controls import Control, plain
from explainer.story.outline import Chapter
from explainer.story.section import Context, Result, Table

DECLARED_KEY = "_declared_controls"  # page title -> {key: Control} drawn in its last run (read by reset)


def draw_control(control: Control, where=st) -> object:
    """One control drawn from its declaration and bound to the address; its value as sections take it."""
    common = {"key": control.key, "bind": "query-params", "help": control.help}
    low, high = control.bounds or (None, None)
    if control.kind == "segmented":
        value = where.segmented_control(control.label, list(control.options), default=control.default,
                                        required=True, **common)  # fmt: skip
    elif control.kind == "pills":
        value = where.pills(control.label, list(control.options), selection_mode="multi",
                            default=list(control.default), **common)  # fmt: skip
    elif control.kind == "selectbox":
        value = where.selectbox(control.label, list(control.options), index=control.options.index(control.default),
                                **common)  # fmt: skip
    elif control.kind == "multiselect":
        value = where.multiselect(control.label, list(control.options), default=list(control.default), **common)
    elif control.kind == "select_slider":
        value = where.select_slider(control.label, list(control.options), value=control.default, **common)
    elif control.kind == "slider":
        extra = {"step": control.step} if control.step is not None else {}
        if control.format:
            extra["format"] = control.format
        value = where.slider(control.label, low, high, control.default, **extra, **common)
    elif control.kind == "toggle":
        value = where.toggle(control.label, value=control.default, **common)
    elif control.kind == "date":
        value = where.date_input(control.label, control.default, low, high, **common)
    elif control.kind == "number":
        value = where.number_input(control.label, low, high, control.default, control.step, **common)
    else:
        raise ValueError(f"{control.key}: no way to draw a control of kind {control.kind!r}")
    return plain(value)


def draw_row(row: Sequence[Control], widths: Sequence) -> list[object]:
    """Controls in columns: the section's widths for one row or several; a lone control takes the full width,
    and controls beyond the last row's columns share its last column."""
    rows = list(widths) if widths and isinstance(widths[0], tuple) else [tuple(widths)]
    values, remaining = [], list(row)
    for number, row_widths in enumerate(rows):
        take = remaining if number == len(rows) - 1 else remaining[: len(row_widths)]
        remaining = remaining[len(take) :]
        if len(take) == 1:
            values.append(draw_control(take[0]))
        elif take:
            columns = st.columns(list(row_widths) if row_widths else len(take))
            values += [draw_control(control, columns[min(i, len(columns) - 1)]) for i, control in enumerate(take)]
    return values


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
        columns = st.columns(len(result.metrics), border=len(result.metrics) > 3)
        for column, metric in zip(columns, result.metrics):
            column.metric(
                metric.label, metric.value, metric.note or None, help=metric.help,
                delta_color="normal" if metric.coloured else "off", delta_arrow="auto" if metric.arrow else "off",
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


def draw_chapter(chapter: Chapter) -> None:
    """The whole page for one chapter of the outline."""
    ui.require_router()
    st.title(chapter.heading)
    st.markdown(chapter.lead)
    tables = dict(zip(chapter.tables, ui.tables(*chapter.tables)))
    context = Context(tables, ui.load_prices(chapter.tickers) if chapter.tickers else None)
    if any(symbol not in context.prices.frames for symbol in chapter.requires):
        st.error(chapter.requires_note, icon=":material/report:")
        st.stop()
    declared: dict[str, Control] = {}
    chosen: dict[str, object] = {}
    takeaways: list[str] = []
    for section in chapter.sections:
        if section.heading:
            st.header(section.heading)
        if section.caveat:
            st.info(section.caveat, icon=":material/info:")
        shown, chosen = section.settings(context, lambda row, s=section: draw_row(row, s.widths), chosen)
        declared.update({c.key: c for c in shown})
        result = section.build(context, chosen)
        show(result)
        takeaways += result.takeaways
    st.session_state.setdefault(DECLARED_KEY, {})[chapter.title] = declared
    ui.takeaways(takeaways)
