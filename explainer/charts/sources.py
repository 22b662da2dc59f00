"""Every source line the app prints is phrased here, so sources read the same way on every page."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # the charts layer reads a price set's fields; it does not import the data layer
    from explainer.data.prices import PriceSet

YAHOO = "Yahoo Finance daily bars (via yfinance)"
DISCLAIMER = "An illustration for discussion, not investment advice."


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v.strip() for v in values if isinstance(v, str) and v.strip()))


def confidence_note(table: pd.DataFrame) -> str:
    """Plain words for the mix of confidence levels behind a chart."""
    levels = table["confidence"].tolist()
    medium, low = levels.count("medium"), levels.count("low")
    parts = []
    if medium:
        parts.append(f"{medium} value(s) of medium confidence (one good secondary source)")
    if low:
        parts.append(f"{low} unverified value(s), labelled as such")
    estimated = sum(v in ("derived", "press_report") for v in table["verification"].tolist())
    if estimated:
        parts.append(f"{estimated} value(s) derived or taken from press reports")
    return "; ".join(parts)


def facts_line(table: pd.DataFrame, as_of: str, note: str = "", summary: str = "") -> str:
    """'Source: … · As of … · caveats' for a chart drawn from a curated table. ``summary`` stands in for the
    list of sources where each row has its own (they are then in the chart's data and table)."""
    pieces = [f"Source: {summary or '; '.join(_unique(table['source'].tolist()))}", f"As of {as_of}"]
    pieces += [p for p in (confidence_note(table), note) if p]
    return " · ".join(pieces)


def press_notes(*tables: pd.DataFrame) -> tuple[str, ...]:
    """Where the story's press figures differ from the sources, the notes the data keeps beside those rows
    (column ``press_note``), to print beside the figure drawn from them."""
    notes = [note for table in tables if "press_note" in table for note in table["press_note"].dropna()]
    return tuple(dict.fromkeys(note for note in notes if note))


def price_mode_line(prices: PriceSet) -> str:
    """Where prices came from, as of when, and which tickers fell back to the cache."""
    live = [s for s, st in prices.status.items() if st.source == "live"]
    cached = [s for s, st in prices.status.items() if st.source == "cache"]
    missing = [s for s, st in prices.status.items() if st.source == "missing"]
    last = prices.last_date.isoformat() if prices.last_date else "n/a"
    if live and not cached and not missing:
        text = f"Prices: live from Yahoo Finance, as of {last}"
        if prices.fetched_at:
            text += f" (fetched {prices.fetched_at:%Y-%m-%d %H:%M} UTC)"
    elif live:
        text = (
            f"Prices: live from Yahoo Finance for {', '.join(live)}; cached snapshot for {', '.join(cached)}; "
            f"as of {last}"
        )
    else:
        text = f"Prices: cached snapshot, as of {last}"
        if prices.mode == "offline":
            text += " (offline mode)"
        elif cached:
            text += f" (live data unavailable for {', '.join(cached)})"
    if missing:
        text += f"; unavailable: {', '.join(missing)}"
    return text


def fallback_reasons(prices: PriceSet) -> list[str]:
    """One sentence per ticker that is not live, with the reason, for the status details."""
    return [f"{s}: {st.note}" for s, st in prices.status.items() if st.source != "live" and st.note]


def prices_line(prices: PriceSet, basis: str) -> str:
    """Source line for a price chart; ``basis`` says which close is drawn."""
    ends = {s: st.last_date for s, st in prices.status.items() if st.last_date}
    spread = ""
    if ends and len(set(ends.values())) > 1:
        spread = f" (series end between {min(ends.values())} and {max(ends.values())})"
    kind = (
        "live"
        if prices.fallbacks == []
        else "cached snapshot"
        if not any(st.source == "live" for st in prices.status.values())
        else "live and cached"
    )
    as_of = prices.last_date.isoformat() if prices.last_date else "n/a"
    return f"Source: {YAHOO}, {kind}, as of {as_of}{spread} · {basis}"


ADJUSTED = "Returns and indexed lines use dividend-adjusted closes"
TRADED = "Price levels are closes as traded (not dividend-adjusted)"
CALENDARS = (
    "Hong Kong and US trading days differ: each line uses its own market's trading days; a closed market's "
    "last real close stands, nothing is filled in; Yahoo's zero-volume placeholder bars are not trading days"
)
