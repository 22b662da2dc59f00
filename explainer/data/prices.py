"""Daily prices: one loader, one fallback policy.

``load_prices`` is the only way a page gets prices. In ``auto`` mode it asks Yahoo Finance (through
``yfinance``) within a time bound, validates each ticker's frame, and falls back per ticker to the cache
committed in ``data/prices``; in ``offline`` mode it reads the cache only. It returns the prices and, per
ticker, where they came from and how recent they are. Nothing here writes the cache: only
:mod:`explainer.data.refresh` does, atomically.

The live download goes through :data:`download`, a module attribute, so tests substitute fakes for it.
"""

from __future__ import annotations

import concurrent.futures
import functools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Literal

import pandas as pd
import streamlit as st

from explainer import DATA_DIR

PRICES_DIR = DATA_DIR / "prices"
MANIFEST = "manifest.json"
PRICE_COLUMNS = ("open", "high", "low", "close", "adj_close", "volume")
HISTORY_START = "2024-01-02"
LIVE_TIMEOUT_SECONDS = 12.0
LIVE_RETRY_AFTER_SECONDS = 300.0
LIVE_TTL = "1h"
MAX_SCALE_DRIFT = 0.25
Mode = Literal["auto", "offline"]
MODES: tuple[Mode, ...] = ("auto", "offline")


class PriceDataError(Exception):
    """A price frame or cache file is unusable; the message says which ticker or file and why."""


@dataclass(frozen=True)
class TickerInfo:
    """What the manifest says about one cached ticker."""

    symbol: str
    file: str
    name: str
    company: str
    currency: str
    is_index: bool
    origin: str
    fetched_at: str
    rows: int


@dataclass(frozen=True)
class TickerStatus:
    """Where one ticker's prices came from, how recent they are, and why live data was not used."""

    symbol: str
    source: Literal["live", "cache", "missing"]
    last_date: date | None
    note: str = ""


@st.cache_resource(show_spinner=False, max_entries=64)
def _wide_closes(
    _frames: tuple[tuple[str, pd.DataFrame], ...], basis: str, identities: str
) -> tuple[pd.DataFrame, tuple]:
    """The wide frame of closes for these very frames, built once per server: cached files are shared
    frames, so a rerun (a new price set over the same frames) finds it here. Keyed by the frames'
    ``identities`` (one string: cheap to hash); the entry keeps the frames alive, so an identity is not
    reused while it is remembered."""
    columns = {}
    for symbol, frame in _frames:
        traded = frame["close"]
        columns[symbol] = frame["adj_close"].fillna(traded) if basis == "adjusted" else traded
    return pd.DataFrame(columns).sort_index(), _frames


@dataclass
class PriceSet:
    """Prices for several tickers plus the provenance of each."""

    frames: dict[str, pd.DataFrame]
    status: dict[str, TickerStatus]
    mode: Mode
    fetched_at: datetime | None = None
    info: dict[str, TickerInfo] = field(default_factory=dict)
    _closes: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False, compare=False)

    def closes(self, basis: Literal["adjusted", "traded"] = "adjusted") -> pd.DataFrame:
        """Wide frame of closes (dates × tickers) on real trading days only.

        ``adjusted`` (dividend-adjusted, used for returns and indexed lines) falls back to the traded close
        for indices, which have no dividends; ``traded`` is the close as it printed, for price levels.
        Built once per price set and basis (a page asks for it in every section); each caller gets its own
        shallow copy, so adding or renaming columns never reaches the next.
        """
        if basis not in self._closes:
            frames = tuple(self.frames.items())
            identities = repr([(symbol, id(frame)) for symbol, frame in frames])
            self._closes[basis] = _wide_closes(_frames=frames, basis=basis, identities=identities)[0]  # by keyword:
            # Streamlit then skips a signature look-up per argument
        return self._closes[basis].copy(deep=False)

    @property
    def fallbacks(self) -> list[str]:
        return [s for s, status in self.status.items() if status.source != "live"]

    @property
    def last_date(self) -> date | None:
        dates = [s.last_date for s in self.status.values() if s.last_date]
        return max(dates) if dates else None


# --------------------------------------------------------------------------------------------------- cache


def read_manifest(prices_dir: Path | None = None) -> dict[str, TickerInfo]:
    """The manifest of the cache, parsed once per change of the file."""
    path = (prices_dir or PRICES_DIR) / MANIFEST
    try:
        modified = path.stat().st_mtime_ns
    except FileNotFoundError:
        raise PriceDataError(f"The price manifest {path} is missing.") from None
    return _parse_manifest(str(path), modified)


@functools.lru_cache(maxsize=8)
def _parse_manifest(path_str: str, modified: int) -> dict[str, TickerInfo]:
    path = Path(path_str)
    try:
        entries = json.loads(path.read_text())
        return {
            e["symbol"]: TickerInfo(
                symbol=e["symbol"],
                file=e["file"],
                name=e["name"],
                company=e["company"],
                currency=e["currency"],
                is_index=bool(e["is_index"]),
                origin=e["origin"],
                fetched_at=e["fetched_at"],
                rows=int(e["rows"]),
            )
            for e in entries
        }
    except FileNotFoundError:
        raise PriceDataError(f"The price manifest {path} is missing.") from None
    except (json.JSONDecodeError, KeyError, TypeError) as error:
        raise PriceDataError(f"The price manifest {path.name} is malformed ({error}).") from None


def exchange_timezone(symbol: str) -> str:
    """The time zone a ticker's trading dates belong to (Hong Kong listings and the Hang Seng, else New York)."""
    return "Asia/Hong_Kong" if symbol.endswith(".HK") or symbol == "^HSI" else "America/New_York"


def validate_frame(frame: pd.DataFrame, label: str, timezone_name: str | None = None) -> pd.DataFrame:
    """Return a clean daily frame (sorted by date, real trading days only) or raise :class:`PriceDataError`.

    Rules: the expected columns; at least one row with a close; dates unique and ascending; closes positive.
    Rows with no close are dropped (a multi-ticker download pads each ticker to the union of calendars), and
    so are zero-volume placeholder bars that Yahoo stores for some Hong Kong half-days.
    """
    if not isinstance(frame, pd.DataFrame) or frame.empty:
        raise PriceDataError(f"{label}: no rows")
    missing = [c for c in PRICE_COLUMNS if c not in frame.columns]
    if missing:
        raise PriceDataError(f"{label}: missing column(s) {', '.join(missing)}")
    frame = frame.loc[:, list(PRICE_COLUMNS)].apply(pd.to_numeric, errors="coerce")
    index = pd.DatetimeIndex(frame.index)
    if index.tz is not None:
        # A time-zone-aware index (e.g. in UTC) is read on the exchange's own clock before the zone is dropped,
        # so a Hong Kong session stays on its Hong Kong date.
        index = (index.tz_convert(timezone_name) if timezone_name else index).tz_localize(None)
    frame.index = index.normalize().rename("date")
    frame = frame[frame["close"].notna()]
    if frame.empty:
        raise PriceDataError(f"{label}: every close is empty")
    if frame.index.has_duplicates:
        raise PriceDataError(f"{label}: duplicate dates ({frame.index[frame.index.duplicated()][0].date()})")
    if not frame.index.is_monotonic_increasing:
        raise PriceDataError(f"{label}: dates are not in ascending order")
    if (frame["close"] <= 0).any() or (frame["adj_close"] <= 0).any():
        raise PriceDataError(f"{label}: non-positive prices")
    placeholder = (frame["volume"] == 0) & (frame["open"] == frame["close"]) & (frame["high"] == frame["low"])
    return frame[~placeholder]


@functools.lru_cache(maxsize=64)
def _read_cache_file(path_str: str, modified: float, expected_rows: int) -> pd.DataFrame:
    """Read one cache file; the modification time is part of the key so a refresh is picked up.

    One frame per file version, shared by every session and rerun without copying (pandas' copy-on-write
    keeps a caller's changes to its own copy): copying sixteen price histories on every rerun, or even
    looking each up in a Streamlit cache, cost more than drawing the page. :func:`clear_caches` forgets them.

    A file with fewer rows than the manifest records, or with an incomplete row, was cut short or edited by
    hand: it is refused rather than shown with a silent hole.
    """
    path = Path(path_str)
    try:
        raw = pd.read_csv(path, index_col="date", parse_dates=["date"])
    except FileNotFoundError:
        raise PriceDataError(f"cache file {path.name} is missing") from None
    except (ValueError, pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise PriceDataError(f"cache file {path.name} cannot be read ({str(error)[:80]})") from None
    if len(raw) < expected_rows:
        raise PriceDataError(f"cache file {path.name} has {len(raw)} rows, the manifest says {expected_rows}")
    required = [c for c in ("open", "high", "low", "close", "volume") if c in raw.columns]
    incomplete = raw[required].isna().any(axis=1)
    if incomplete.any():
        raise PriceDataError(f"cache file {path.name} has an incomplete row ({incomplete.idxmax():%Y-%m-%d})")
    return validate_frame(raw, f"cache file {path.name}")


def read_cached(symbol: str, prices_dir: Path | None = None) -> pd.DataFrame:
    """Cached daily prices for one ticker, validated; :class:`PriceDataError` names the file otherwise. The
    caller's own frame (a shallow copy: replacing its index or columns leaves the shared one as it is)."""
    return _shared_cached(symbol, prices_dir).copy(deep=False)


def _shared_cached(symbol: str, prices_dir: Path | None = None) -> pd.DataFrame:
    """:func:`read_cached`'s frame itself, shared by every price set over the same file (read only)."""
    folder = prices_dir or PRICES_DIR
    info = read_manifest(folder).get(symbol)
    if info is None:
        raise PriceDataError(f"{symbol} is not in the price cache")
    path = folder / info.file
    modified = path.stat().st_mtime if path.exists() else 0.0
    return _read_cache_file(str(path), modified, info.rows)


# ---------------------------------------------------------------------------------------------------- live


def _yfinance_download(symbols: list[str]) -> pd.DataFrame:
    import yfinance as yf

    return yf.download(
        symbols,
        start=HISTORY_START,
        auto_adjust=False,
        actions=False,
        progress=False,
        threads=True,
        ignore_tz=True,
        multi_level_index=True,
    )


#: The one place the app calls Yahoo Finance. Tests replace it with fakes.
download: Callable[[list[str]], pd.DataFrame] = _yfinance_download

_YF_COLUMNS = {
    "Open": "open",
    "High": "high",
    "Low": "low",
    "Close": "close",
    "Adj Close": "adj_close",
    "Volume": "volume",
}


def split_download(raw: pd.DataFrame, symbols: list[str]) -> dict[str, pd.DataFrame]:
    """Split a yfinance frame (MultiIndex ``(field, ticker)`` columns, or flat for one ticker) per ticker."""
    if not isinstance(raw, pd.DataFrame):
        raise PriceDataError("download returned something that is not a table")
    frames = {}
    if isinstance(raw.columns, pd.MultiIndex):
        level = 1 if set(symbols) & set(raw.columns.get_level_values(1)) else 0
        for symbol in symbols:
            if symbol in raw.columns.get_level_values(level):
                frames[symbol] = raw.xs(symbol, axis=1, level=level).rename(columns=_YF_COLUMNS)
    elif len(symbols) == 1:
        frames[symbols[0]] = raw.rename(columns=_YF_COLUMNS)
    return frames


MAX_MISSING_DAYS = 3


def check_coverage(live: pd.DataFrame, cached: pd.DataFrame | None, symbol: str) -> None:
    """Reject live data that lacks trading days the cache has over the same span (a partial download)."""
    if cached is None or live.empty:
        return
    span = cached.loc[live.index[0] : live.index[-1]].index
    missing = span.difference(live.index)
    if len(missing) > MAX_MISSING_DAYS:
        raise PriceDataError(f"{symbol}: live data lacks {len(missing)} trading days the cache has")


def check_scale(live: pd.DataFrame, cached: pd.DataFrame | None, symbol: str) -> None:
    """Reject live closes whose level disagrees with the cache on common dates (wrong currency or unit)."""
    if cached is None:
        return
    common = live.index.intersection(cached.index)
    if len(common) == 0:
        return
    ratio = (live.loc[common, "close"] / cached.loc[common, "close"]).median()
    if abs(ratio - 1) > MAX_SCALE_DRIFT:
        raise PriceDataError(f"{symbol}: live prices are {ratio:.2f}× the cached ones on the same dates")


@dataclass
class LiveResult:
    frames: dict[str, pd.DataFrame]
    failures: dict[str, str]


_executor = concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="yahoo")


def fetch_live(symbols: list[str], timeout: float | None = None, prices_dir: Path | None = None) -> LiveResult:
    """Download and validate live prices; every failure becomes a per-ticker reason, never an exception."""
    timeout = LIVE_TIMEOUT_SECONDS if timeout is None else timeout
    try:
        raw = _executor.submit(download, list(symbols)).result(timeout=timeout)
        per_ticker = split_download(raw, list(symbols))
    except concurrent.futures.TimeoutError:
        return LiveResult({}, {s: f"Yahoo Finance did not answer within {timeout:g} s" for s in symbols})
    except Exception as error:  # yfinance raises many kinds (network, rate limit, parsing)
        reason = f"download failed ({type(error).__name__}: {str(error)[:80]})"
        return LiveResult({}, {s: reason for s in symbols})
    frames, failures = {}, {}
    for symbol in symbols:
        try:
            frame = validate_frame(per_ticker.get(symbol, pd.DataFrame()), symbol, exchange_timezone(symbol))
            try:
                cached = read_cached(symbol, prices_dir)
            except PriceDataError:
                cached = None
            check_scale(frame, cached, symbol)
            check_coverage(frame, cached, symbol)
            frames[symbol] = frame
        except PriceDataError as error:
            failures[symbol] = f"Yahoo Finance data unusable: {str(error).removeprefix(f'{symbol}: ')}"
    return LiveResult(frames, failures)


class IncompleteDownload(Exception):
    """Raised inside the cached live loader so that a partial result is never cached as good data."""

    def __init__(self, result: LiveResult):
        super().__init__(f"{len(result.failures)} ticker(s) failed")
        self.result = result


@st.cache_data(ttl=LIVE_TTL, show_spinner=False, max_entries=32)
def _live_cached(symbols: tuple[str, ...]) -> tuple[dict[str, pd.DataFrame], datetime]:
    result = fetch_live(list(symbols))
    if result.failures:
        raise IncompleteDownload(result)
    return result.frames, datetime.now(UTC)


class _RecentFailures:
    """Remembers failed live attempts for a few minutes so no rerun, and no other page, waits on Yahoo again.

    Per set of tickers, the result of their last failed attempt; and, server-wide, that Yahoo Finance gave
    nothing at all (unreachable): then every page uses the cache for the retry period without trying.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[tuple[str, ...], tuple[float, LiveResult]] = {}
        self._unreachable: tuple[float, str] | None = None

    def get(self, key: tuple[str, ...]) -> LiveResult | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry and time.monotonic() - entry[0] < LIVE_RETRY_AFTER_SECONDS:
                return entry[1]
            self._entries.pop(key, None)
            return None

    def put(self, key: tuple[str, ...], result: LiveResult) -> None:
        with self._lock:
            self._entries[key] = (time.monotonic(), result)
            if not result.frames and result.failures:
                self._unreachable = (time.monotonic(), next(iter(result.failures.values())))

    def unreachable(self) -> str | None:
        """Why Yahoo Finance gave nothing at the last attempt, if that was within the retry period."""
        with self._lock:
            if self._unreachable and time.monotonic() - self._unreachable[0] < LIVE_RETRY_AFTER_SECONDS:
                return self._unreachable[1]
            self._unreachable = None
            return None

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._unreachable = None


recent_failures = _RecentFailures()


def _live(symbols: tuple[str, ...]) -> tuple[LiveResult, datetime | None]:
    remembered = recent_failures.get(symbols)
    if remembered is not None:
        return remembered, None
    unreachable = recent_failures.unreachable()
    if unreachable is not None:  # another page found Yahoo unreachable a moment ago: do not wait again
        return LiveResult({}, dict.fromkeys(symbols, unreachable)), None
    try:
        frames, fetched_at = _live_cached(symbols)
        return LiveResult(frames, {}), fetched_at
    except IncompleteDownload as incomplete:
        recent_failures.put(symbols, incomplete.result)
        return incomplete.result, datetime.now(UTC) if incomplete.result.frames else None


def clear_caches() -> None:
    """Forget cached live results and remembered failures (the 'retry live now' action, and tests)."""
    _live_cached.clear()
    _read_cache_file.cache_clear()
    recent_failures.clear()


# -------------------------------------------------------------------------------------------------- policy


def load_prices(symbols: list[str] | tuple[str, ...], mode: Mode = "auto") -> PriceSet:
    """Prices for ``symbols`` under one policy: live where valid (``auto``), else the committed cache."""
    symbols = tuple(dict.fromkeys(symbols))
    try:
        manifest = read_manifest()
    except PriceDataError:
        manifest = {}
    live, fetched_at = _live(symbols) if mode == "auto" else (LiveResult({}, {}), None)
    frames: dict[str, pd.DataFrame] = {}
    status: dict[str, TickerStatus] = {}
    for symbol in symbols:
        if symbol in live.frames:
            frames[symbol] = live.frames[symbol]
            status[symbol] = TickerStatus(symbol, "live", frames[symbol].index[-1].date())
            continue
        why_not_live = live.failures.get(symbol, "")
        try:
            frames[symbol] = _shared_cached(symbol)  # price sets only read it (through ``closes``)
            status[symbol] = TickerStatus(symbol, "cache", frames[symbol].index[-1].date(), why_not_live)
        except PriceDataError as error:
            status[symbol] = TickerStatus(symbol, "missing", None, "; ".join(filter(None, [why_not_live, str(error)])))
    return PriceSet(frames, status, mode, fetched_at, manifest)
