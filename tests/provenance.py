"""Expected provenance sentences, rebuilt from the cache files themselves (their last rows), not from the loader.

Shared by the unit tests of the source lines (``test_sources.py``) and the page tests (``test_provenance.py``),
so a status line that calls cached prices live, or a source line that loses its date, fails both.
"""

from __future__ import annotations

import csv
import datetime as dt

from explainer.data import prices
from tests.conftest import empty_yahoo_frame, yahoo_frame

FALLS_BACK = {"NVDA", "AAPL", "^IXIC", "^HSI"}  # in the mixed case: at least one on every page, never all
YAHOO = "Yahoo Finance daily bars (via yfinance)"
ADJUSTED = "Returns and indexed lines use dividend-adjusted closes"
TRADED = "Price levels are closes as traded (not dividend-adjusted)"
TRADED_FIGURES = {"timeline"}  # price levels; every other price chart draws returns or indexed lines


def cache_last_day(symbol: str) -> dt.date:
    """The last date in a ticker's cache file, read as plain CSV."""
    file = prices.PRICES_DIR / f"{symbol.removeprefix('^')}.csv"
    with file.open() as handle:
        *_, last = csv.DictReader(handle)
    return dt.date.fromisoformat(last["date"])


ANSWERS = {
    "offline": empty_yahoo_frame,
    "auto, all live": yahoo_frame,
    "auto, some fall back": lambda symbols: yahoo_frame([s for s in symbols if s not in FALLS_BACK]),
    "auto, none live": empty_yahoo_frame,
}


def live_symbols(mode: str, symbols: list[str]) -> list[str]:
    if mode == "auto, all live":
        return list(symbols)
    if mode == "auto, some fall back":
        return [s for s in symbols if s not in FALLS_BACK]
    return []


def expected_status(mode: str, symbols: list[str]) -> str:
    """The status line under a page's title, word for word (the live case up to its fetch time)."""
    last = max(cache_last_day(s) for s in symbols)
    live = live_symbols(mode, symbols)
    cached = [s for s in symbols if s not in live]
    if mode == "offline":
        return f"Prices: cached snapshot, as of {last} (offline mode)"
    if mode == "auto, none live":
        return f"Prices: cached snapshot, as of {last} (live data unavailable for {', '.join(cached)})"
    if mode == "auto, all live":
        return f"Prices: live from Yahoo Finance, as of {last} (fetched "
    return (
        f"Prices: live from Yahoo Finance for {', '.join(live)}; cached snapshot for {', '.join(cached)}; as of {last}"
    )


def expected_source(mode: str, symbols: list[str], basis: str) -> str:
    """The start of a price chart's source line: origin, live or cached, as-of date, spread of ends, basis."""
    ends = [cache_last_day(s) for s in symbols]
    kind = {"auto, all live": "live", "auto, some fall back": "live and cached"}.get(mode, "cached snapshot")
    spread = f" (series end between {min(ends)} and {max(ends)})" if len(set(ends)) > 1 else ""
    return f"Source: {YAHOO}, {kind}, as of {max(ends)}{spread} · {basis}"
