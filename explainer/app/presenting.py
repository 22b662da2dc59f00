"""Presenting and sharing: links that reopen a view, notices for settings a link could not use, presenter
mode and the previous/next chapter links. ``app.py`` wires these around every page."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import streamlit as st

from explainer.app import controls, handout
from explainer.story.controls import Control, UnusableSetting
from explainer.story.outline import STORY, Chapter

PRESENT_KEY = controls.PRESENT_KEY
FRAME_KEYS = {PRESENT_KEY, controls.PRICE_MODE_KEY}
RESERVED_PARAMS = {"embed", "embed_options"}
SAFE_NAME = re.compile(r"[a-z0-9_]{1,40}")
# Constant CSS, no user input: hide the sidebar, the header and the page's controls (the view is the one
# the link or the presenter set up), and enlarge everything for a projector.
PRESENTER_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stMain"] :is([data-testid="stSlider"], [data-testid="stSelectbox"], [data-testid="stMultiSelect"],
  [data-testid="stDateInput"], [data-testid="stNumberInput"], [data-testid="stCheckbox"],
  [data-testid="stButtonGroup"]) { display: none; }
html { font-size: 125%; }
[data-testid="stMainBlockContainer"] { max-width: 100%; padding: 1.5rem 3rem; }
</style>
"""


def presenting() -> bool:
    return bool(st.session_state.get(PRESENT_KEY, False))


def _enter_or_leave_presenter_mode() -> None:
    """Presenter mode starts offline (no network surprises mid-meeting); leaving it goes back to auto."""
    st.session_state["prices"] = "offline" if st.session_state.get(PRESENT_KEY) else "auto"


def presenter_switch() -> Control:
    """The sidebar switch (and ``?present=true``) for presenter mode."""
    controls.draw_control(controls.PRESENTER, st.sidebar, on_change=_enter_or_leave_presenter_mode)
    return controls.PRESENTER


@dataclass
class LinkSnapshot:
    """The query parameters a page was opened with, to compare with what its widgets accepted."""

    params: dict[str, list[str]]
    first_visit: bool

    @classmethod
    def take(cls, page: str) -> LinkSnapshot:
        seen = st.session_state.setdefault("_link_checked_pages", set())
        first = page not in seen
        seen.add(page)
        return cls({k: st.query_params.get_all(k) for k in st.query_params}, first)


def _as_url_strings(value: object) -> list[str]:
    values = value if isinstance(value, (list, tuple)) else [value]
    out = []
    for v in values:
        if isinstance(v, bool):
            out.append(str(v).lower())
        elif isinstance(v, (dt.date, dt.datetime)):
            out.append(v.isoformat())
        else:
            out.append(str(v))
    return out


def _same_value(url_values: list[str], widget_value: object) -> bool:
    """Whether a link's value is what the widget now holds (e.g. a valid value equal to the default)."""
    current = _as_url_strings(widget_value)
    if len(url_values) != len(current):
        return False
    for given, held in zip(url_values, current):
        try:
            if float(given) != float(held):
                return False
        except ValueError:
            if given != held:
                return False
    return True


def ignored_settings(snapshot: LinkSnapshot, declared: Mapping[str, Control]) -> list[str]:
    """Names of link settings this page could not use: not a control it declares (nor a frame setting), a
    value its declaration cannot read, or one the widget refused or adjusted.

    Unknown names are also removed from the address so the next copied link is clean.
    """
    ignored = []
    for name, values in snapshot.params.items():
        if name in RESERVED_PARAMS:
            continue
        if name not in declared and name not in FRAME_KEYS:
            ignored.append(name)
            if name in st.query_params:
                del st.query_params[name]
            continue
        if name in declared:
            try:
                declared[name].from_url(values)
            except UnusableSetting:
                ignored.append(name)
                continue
        now = st.query_params.get_all(name)
        if now == values or (not now and _same_value(values, st.session_state.get(name))):
            continue
        ignored.append(name)
    return ignored


def show_ignored(names: Sequence[str], where) -> None:
    """A short notice naming what was ignored; names are shown only if they look like our own keys and are
    never rendered as HTML, values never at all."""
    if not names:
        return
    shown = sorted({f"`{n}`" if SAFE_NAME.fullmatch(n) else "an unrecognised setting" for n in names})
    where.info(
        f"This link had {len(names)} setting(s) this page could not use, so it shows their defaults instead: "
        + ", ".join(shown)
        + ".",
        icon=":material/link_off:",
    )


def share_link(url_path: str) -> str:
    """The address that reopens exactly this view: this page plus every setting that differs from its default."""
    origin = urlsplit(st.context.url or "")
    base = f"{origin.scheme}://{origin.netloc}" if origin.netloc else ""
    pairs = [(k, v) for k in st.query_params for v in st.query_params.get_all(k)]
    query = f"?{urlencode(pairs)}" if pairs else ""
    return f"{base}/{url_path}{query}"


SHARE_KEY, ADDRESS_KEY = "_share_box", "_address"


def share_box_at(url_path: str, where) -> None:
    """Where this run's share box goes (an ``st.empty`` in the sidebar) and the page it is for, kept for the
    session before the page runs, so the page's sections can redraw it (:func:`refresh_share_box`)."""
    st.session_state[SHARE_KEY] = (url_path, where)


def reserve_share_box() -> None:
    """Write a placeholder where the share box goes (a section's fragment does, in a whole-page run, so it
    may redraw the box in its own runs); the frame draws the box at the run's end."""
    _, where = st.session_state.get(SHARE_KEY, (None, None))
    if where is not None:
        where.container()  # an empty container (an "empty" element written from a fragment breaks the layout)


def refresh_share_box() -> None:
    """Redraw the share box with the address as it is now, and note that address for the handout button.

    Every setting is bound to the address, so it changes whenever a section reruns on its own (an
    ``st.fragment``); the box is an ``st.empty`` drawn by the frame, which a fragment's run may replace."""
    url_path, where = st.session_state.get(SHARE_KEY, (None, None))
    # Replaced whole (one assignment), never changed in place: the handout reads it from another thread.
    st.session_state.setdefault(ADDRESS_KEY, {})["query"] = {k: st.query_params.get_all(k) for k in st.query_params}
    if where is None:
        return
    with where.container(), st.expander("Share this view", icon=":material/link:"):
        st.caption("Copy this link: it reopens this page with every setting as it is now.")
        st.code(share_link(url_path), language=None, wrap_lines=True)


def current_chapter(title: str) -> Chapter | None:
    return next((c for c in STORY if c.title == title), None)


def chapter_footer(title: str) -> None:
    """Previous and next chapter links in story order (and the way out of presenter mode)."""
    chapter = current_chapter(title)
    if chapter is None:
        return
    position = STORY.index(chapter)
    st.divider()
    left, middle, right = st.columns([2, 2, 2])
    if position > 0:
        previous = STORY[position - 1]
        left.page_link(previous.path, label=f"← {previous.title}")
    if position < len(STORY) - 1:
        following = STORY[position + 1]
        right.page_link(following.path, label=f"{following.title} →")
    if presenting():
        if st.session_state.get("prices") == "offline":
            middle.button("Go live (Yahoo Finance)", key="_go_live", on_click=st.session_state.update,
                          kwargs={"prices": "auto"})  # fmt: skip
        middle.button("Leave presenter mode", key="_leave_presenter", on_click=_leave)


def _leave() -> None:
    st.session_state[PRESENT_KEY] = False
    _enter_or_leave_presenter_mode()


def handout_button(where, title: str, whole_story: bool = False) -> None:
    """Download a self-contained HTML handout of this page with its link's settings (or of the whole story at
    its defaults, in this price mode), built in this process on click."""
    chapter = current_chapter(title)
    if chapter is None:
        return
    pages = "all" if whole_story else [chapter.path]
    story_query = {"prices": [st.session_state.get("prices") or "auto"]}
    # A page's handout takes the address as it is at the click: sections rerunning on their own change it
    # after the button is drawn (the click runs in another thread, so it reads this plain dict).
    address = st.session_state.setdefault(ADDRESS_KEY, {})

    def settings() -> dict[str, list[str]]:
        return story_query if whole_story else address.get("query", {})

    where.download_button(
        "Handout: the whole story (HTML)" if whole_story else "Handout of this page (HTML)",
        data=lambda: handout.build(pages, settings()).encode("utf-8"),
        file_name="china-ai-story.html" if whole_story else f"{chapter.path.split('/')[-1][:-3]}-handout.html",
        mime="text/html",
        icon=":material/description:",
        key="_handout_story" if whole_story else "_handout_page",
        help="One HTML file with the charts (and their data), takeaways, sources and the settings used; it opens "
        "offline in any browser. Single charts: use the chart's own menu to save a PNG.",
    )


def presenter_styles() -> None:
    if presenting():
        st.html(PRESENTER_CSS)
