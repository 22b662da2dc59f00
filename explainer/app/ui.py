"""The Streamlit side of the package: every page shows data, prices and figures through these helpers."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from explainer.app import controls
from explainer.charts import sources
from explainer.charts.figure import FinishedFigure
from explainer.data import facts, prices
from explainer.story.controls import Control

PRICE_MODE_KEY = controls.PRICE_MODE_KEY


def require_router() -> None:
    """Make sure this page runs inside ``app.py``'s frame.

    Because the pages live in a folder called ``pages/``, a freshly started server runs the first requested
    page file on its own (Streamlit's old folder-based navigation) until ``app.py`` has called
    ``st.navigation`` once. A page that finds itself run that way switches the old mode off and reruns, so the
    router, the sidebar controls and the chapter order are always there.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


@st.cache_resource(show_spinner=False, max_entries=64)
def _cached_tables(names: tuple[str, ...], versions: tuple[float, ...]) -> tuple[pd.DataFrame, ...]:
    """One frame per table file version, shared by every session and rerun without copying (sections derive
    new frames from them; pandas' copy-on-write keeps the shared ones as read). A page's tables are looked up
    together: each cached call costs more than the look-up itself."""
    return tuple(facts.load_table(name) for name in names)


def table_version(name: str) -> float:
    """When a curated table's file last changed (0 if it is missing): cached results are keyed by it."""
    path = facts.FACTS_DIR / f"{name}.csv"
    return path.stat().st_mtime if path.exists() else 0.0


def tables(names: tuple[str, ...], versions: tuple[float, ...]) -> tuple[pd.DataFrame, ...]:
    """Load curated tables (at their ``table_version``), or show which file is broken and stop this page
    (other pages keep working)."""
    try:
        return _cached_tables(names=names, versions=versions)  # by keyword: Streamlit skips a signature look-up
    except facts.FactsError as error:
        st.error(f"This page cannot be drawn: {error}", icon=":material/report:")
        st.stop()


def price_mode() -> prices.Mode:
    mode = st.session_state.get(PRICE_MODE_KEY) or "auto"
    return mode if mode in prices.MODES else "auto"


def price_mode_control(default: prices.Mode = "auto") -> Control:
    """The sidebar price switch, mirrored in the URL, with a retry button in auto mode."""
    declaration = controls.price_mode_declaration(default)
    controls.draw_control(declaration, st.sidebar)
    if price_mode() == "auto" and st.sidebar.button("Retry live prices now", icon=":material/refresh:"):
        prices.clear_caches()
    return declaration


def load_prices(symbols: Sequence[str]) -> prices.PriceSet:
    """Prices for this page under the user's mode, with the status line saying where they came from."""
    mode = price_mode()
    if mode == "auto":
        with st.spinner("Checking Yahoo Finance for live prices…"):
            price_set = prices.load_prices(symbols, mode)
    else:
        price_set = prices.load_prices(symbols, mode)
    show_price_status(price_set)
    return price_set


def show_price_status(price_set: prices.PriceSet) -> None:
    live = not price_set.fallbacks
    st.caption(
        sources.price_mode_line(price_set),
        help="Every price chart on this page uses these prices.",
    )
    missing = {s: st_.note for s, st_ in price_set.status.items() if st_.source == "missing"}
    if missing:
        st.warning(
            "No prices for " + ", ".join(missing) + ": the live download failed and the cached data is unusable. "
            "Charts that need them are left out.",
            icon=":material/warning:",
        )
        for note in missing.values():
            st.text(note)
    reasons = sources.fallback_reasons(price_set)
    if reasons and not live and price_set.mode == "auto":
        with st.expander("Why some prices are from the cache"):
            for reason in reasons:
                st.text(reason)


def show_figure(figure: FinishedFigure) -> None:
    """The figure in its frame: chart (titled), source line, and the data behind it as CSV."""
    with st.container(border=True):
        # Drawing moves the datasets out of the spec it is given: give it its own top level.
        st.vega_lite_chart(spec={**figure.spec, "datasets": dict(figure.spec["datasets"])}, key=f"chart_{figure.key}")
        left, right = st.columns([5, 1], vertical_alignment="center")
        left.caption(figure.source)
        right.download_button(
            "Data (CSV)",
            data=figure.csv,  # written when clicked
            file_name=f"{figure.key}.csv",
            mime="text/csv",
            on_click="ignore",
            key=f"download_{figure.key}",
            icon=":material/download:",
        )


def nothing_to_draw(reason: str) -> None:
    """Where a setting leaves a section nothing to draw: one sentence saying why and what to change."""
    st.info(reason, icon=":material/info:")


def takeaways(lines: list[str]) -> None:
    """The page's closing points, the sections' takeaways in reading order (none: no heading)."""
    if not lines:
        return
    st.header("Takeaways")
    st.markdown("\n".join(f"- {line}" for line in lines))
