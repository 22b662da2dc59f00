"""Controls on the page: each drawn from its declaration and bound to the address, remembered per page so
*Reset this page* and the link check read the same declarations the page drew."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st

from explainer.data import prices
from explainer.story.controls import MULTI_KINDS, Control, plain

# The frame's settings, shared by every page (drawn in the sidebar by app.py, read by the handout).
PRICE_MODE_KEY, PRESENT_KEY = "prices", "present"
PRESENTER = Control(
    PRESENT_KEY, "Presenter mode", "toggle", False,
    help="Hides the sidebar and the controls, enlarges text and charts, starts with cached prices, and adds "
    "previous/next chapter links. Leave it from the foot of any page.",
)  # fmt: skip


def price_mode_declaration(default: prices.Mode = "auto") -> Control:
    """The switch between live-with-fallback and cache-only prices (offline by default when presenting)."""
    return Control(
        PRICE_MODE_KEY, "Prices", "segmented", default, options=tuple(prices.MODES),
        help="auto tries Yahoo Finance (a few seconds at most) and falls back per ticker to the cached "
        "snapshot; offline uses the snapshot only, for meeting rooms without network.",
    )  # fmt: skip


DECLARED_KEY = "_declared_controls"  # page title -> {key: Control} drawn in its last run (read by reset)


def draw_control(control: Control, where=st, on_change=None) -> object:
    """One control drawn from its declaration and bound to the address; its value as sections take it."""
    common = {"key": control.key, "bind": "query-params", "help": control.help, "on_change": on_change}
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


FRAME = "(frame)"  # the registry's entry for the sidebar settings every page shares


def remember(page: str, declared: Mapping[str, Control], replace: bool = True) -> None:
    """Keep the controls a page drew in this run, by key (read by reset and the link check); with
    ``replace=False``, add them to those remembered (a run of sections rerunning on its own)."""
    pages = st.session_state.setdefault(DECLARED_KEY, {})
    pages[page] = dict(declared) if replace else {**pages.get(page, {}), **declared}


def forget(page: str) -> None:
    """Start a whole-page run with no controls remembered for the page (its sections add theirs)."""
    st.session_state.setdefault(DECLARED_KEY, {})[page] = {}


def declared(page: str) -> dict[str, Control]:
    """The controls the page drew in its last run, by key."""
    return st.session_state.get(DECLARED_KEY, {}).get(page, {})


def reset_page(page: str) -> None:
    """Callback: every control the page declares back to its declared default (frame settings are kept)."""
    for key, control in declared(page).items():
        st.session_state[key] = list(control.default) if control.kind in MULTI_KINDS else control.default


def reset_button(where, page: str) -> None:
    where.button("Reset this page", icon=":material/restart_alt:", on_click=reset_page, args=(page,),
                 key="_reset_page")  # fmt: skip
