"""Event-study arithmetic on daily closes, shared by every chapter that studies a dated event.

Conventions (stated on the pages that use them):

* Returns are close to close on each ticker's own trading days; a day a market was closed has no row.
* The event day ("day 0") is a ticker's first trading day on or after the event date; the window runs
  ``before`` trading days before it to ``after`` trading days after it, on that ticker's own calendar.
* A benchmark is measured over the same dates using its last close on or before each date: where its
  market was closed no price is invented, the last real close stands.
* Abnormal return = the ticker's cumulative return minus the benchmark's over the same dates.

All functions take a wide frame of closes (dates × tickers, NaN where a ticker did not trade); the window
functions also take its tickers as :class:`Traded` arrays, built once per price set.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd


def _trading(series: pd.Series) -> pd.Series:
    return series.dropna()


def close_on_or_before(series: pd.Series, when: pd.Timestamp) -> float:
    """The last real close on or before ``when`` (NaN if there is none)."""
    past = _trading(series).loc[:when]
    return float(past.iloc[-1]) if len(past) else np.nan


def change_between(series: pd.Series, start: pd.Timestamp, end: pd.Timestamp) -> float:
    """Return from the last close on or before ``start`` to the last close on or before ``end``."""
    first, last = close_on_or_before(series, start), close_on_or_before(series, end)
    return last / first - 1


def day_return(series: pd.Series, day: pd.Timestamp) -> float:
    """Close-to-close return on ``day`` against the previous trading day; NaN if ``day`` was not traded."""
    traded = _trading(series)
    if day not in traded.index:
        return np.nan
    position = traded.index.get_loc(day)
    return float(traded.iloc[position] / traded.iloc[position - 1] - 1) if position > 0 else np.nan


def daily_returns(closes: pd.DataFrame) -> pd.DataFrame:
    """Per-ticker close-to-close returns on each ticker's own trading days (no filling across gaps)."""
    return pd.DataFrame({c: _trading(closes[c]).pct_change() for c in closes.columns}).reindex(closes.index)


def index_to(closes: pd.DataFrame, base: pd.Timestamp) -> pd.DataFrame:
    """Each ticker as 100 × close / its last close on or before ``base``; rows before ``base`` are dropped."""
    levels = {c: close_on_or_before(closes[c], base) for c in closes.columns}
    indexed = closes.loc[closes.index >= _base_row(closes, base)].div(pd.Series(levels)) * 100
    return indexed.dropna(how="all")


def _base_row(closes: pd.DataFrame, base: pd.Timestamp) -> pd.Timestamp:
    on_or_before = closes.index[closes.index <= base]
    return on_or_before[-1] if len(on_or_before) else closes.index[0]


def window_days(series: pd.Series, event_date: pd.Timestamp, before: int, after: int) -> pd.DatetimeIndex:
    """The ticker's trading days from ``before`` days before day 0 to ``after`` after, plus the base day.

    The base day (day -before-1) is included first so that returns over the window can be computed; at the
    edges of the data the window is cut short rather than padded.
    """
    traded = _trading(series).index
    later = np.flatnonzero(traded >= event_date)
    if len(later) == 0:
        return pd.DatetimeIndex([])
    day0 = later[0]
    start = max(day0 - before - 1, 0)
    return traded[start : day0 + after + 1]  # slicing stops at the data's end


class Traded:
    """One ticker's real closes as arrays on its own trading days. Looking a ticker up in pandas costs more
    than the arithmetic, so a page builds these once per price set (:func:`traded`) and every window reads
    them."""

    def __init__(self, series: pd.Series) -> None:
        traded = series.notna().to_numpy()
        self.days = series.index[traded]
        self.closes = series.to_numpy(dtype=float)[traded]

    def window(self, event_date: pd.Timestamp, before: int, after: int) -> tuple[int, int, int] | None:
        """Positions of the window's base day, day 0 and last day (:func:`window_days`), or None if no
        day 0."""
        day0 = int(self.days.searchsorted(event_date, side="left"))
        if day0 == len(self.days):
            return None
        return max(day0 - before - 1, 0), day0, min(day0 + after, len(self.days) - 1)

    def on_or_before(self, when: pd.Timestamp) -> float:
        """The last real close on or before ``when`` (NaN if there is none)."""
        position = int(self.days.searchsorted(when, side="right")) - 1
        return float(self.closes[position]) if position >= 0 else np.nan


Closes = pd.DataFrame | Mapping[str, Traded]  # a wide frame of closes, or its tickers as :class:`Traded`


def traded(closes: pd.DataFrame) -> dict[str, Traded]:
    """Each ticker of a wide frame of closes as :class:`Traded`, in the frame's order."""
    return {symbol: Traded(closes[symbol]) for symbol in closes.columns}


def as_traded(closes: Closes) -> Mapping[str, Traded]:
    return traded(closes) if isinstance(closes, pd.DataFrame) else closes


EVENT_TABLE_COLUMNS = (
    "symbol", "event_day", "event_day_return", "window_start", "window_end", "trading_days", "cumulative_return",
    "benchmark_return", "abnormal_return",
)  # fmt: skip


def event_table(
    closes: Closes, event_date: pd.Timestamp, before: int, after: int, benchmark: str | None,
    symbols: Sequence[str] | None = None,
) -> pd.DataFrame:  # fmt: skip
    """Per ticker (``symbols``, default every one in ``closes``): day 0, its return, the window's cumulative
    return, the benchmark's and the abnormal return."""
    columns = _event_columns(closes, [("", event_date)], before, after, benchmark, symbols)
    del columns["event"], columns["date"]
    return pd.DataFrame(columns) if columns["symbol"] else pd.DataFrame()


def event_tables(
    closes: Closes, events: Sequence[tuple[str, pd.Timestamp]], before: int, after: int, benchmark: str | None,
    symbols: Sequence[str] | None = None,
) -> pd.DataFrame:  # fmt: skip
    """:func:`event_table` for several events in one frame: each row also names its event and the event's
    date (``events``: label and date pairs)."""
    columns = _event_columns(closes, events, before, after, benchmark, symbols)
    return pd.DataFrame(columns) if columns["symbol"] else pd.DataFrame()


def _event_columns(
    closes: Closes, events: Sequence[tuple[str, pd.Timestamp]], before: int, after: int, benchmark: str | None,
    symbols: Sequence[str] | None,
) -> dict[str, list]:  # fmt: skip
    closes = as_traded(closes)
    bench = closes.get(benchmark) if benchmark is not None else None
    columns: dict[str, list] = {name: [] for name in ("event", "date", *EVENT_TABLE_COLUMNS)}
    for label, event_date in events:
        for symbol in closes if symbols is None else symbols:
            own = closes[symbol]
            window = own.window(event_date, before, after)
            if window is None or window[2] - window[0] < 1:
                continue
            start, day0, end = window
            first, last = own.days[start], own.days[end]
            cumulative = float(own.closes[end] / own.closes[start] - 1)
            bench_return = bench.on_or_before(last) / bench.on_or_before(first) - 1 if bench else np.nan
            row = (
                label, event_date, symbol, own.days[day0],
                float(own.closes[day0] / own.closes[day0 - 1] - 1) if day0 > 0 else np.nan,
                first, last, end - start, cumulative, bench_return, cumulative - bench_return,
            )  # fmt: skip
            for values, value in zip(columns.values(), row):
                values.append(value)
    return columns


def indexed_window(
    closes: Closes, event_date: pd.Timestamp, before: int, after: int, names: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Long frame (date, symbol, day, index): each ticker = 100 at the close before its day 0; with
    ``names``, a ``name`` column after the symbol (a ticker missing from them keeps its symbol)."""
    closes = as_traded(closes)
    dates, symbols, days, levels = [], [], [], []
    for symbol, own in closes.items():
        window = own.window(event_date, before, after)
        if window is None or window[2] - window[0] < 1:
            continue
        start, day0, end = window
        base = own.closes[day0 - 1] if day0 > start else np.nan
        dates.append(own.days[start : end + 1])
        symbols.append((symbol, end + 1 - start))
        days.append(np.arange(start, end + 1) - day0)
        levels.append(own.closes[start : end + 1] / base * 100)
    columns = {"date": dates[0].append(dates[1:]) if dates else [], "symbol": [s for s, n in symbols for _ in range(n)]}
    if names is not None:
        columns["name"] = [names.get(s, s) for s, n in symbols for _ in range(n)]
    columns |= {"day": np.concatenate(days) if days else [], "index": np.concatenate(levels) if levels else []}
    return pd.DataFrame(columns)


def basket(indexed: pd.DataFrame) -> pd.Series:
    """Equal-weighted basket of indexed lines, on the dates when every member traded (no filling)."""
    return indexed.dropna(how="any").mean(axis=1)


def moves_to_common_end(indexed: pd.DataFrame) -> tuple[pd.Timestamp, pd.Series]:
    """Each indexed line's move (index − 100) at the last date every line has reached, best first.

    Series that end on different dates are compared at the same date, using each one's last real close
    on or before it. A line with no close after the first row (the base) has no move yet and is left out;
    with none left the end is NaT and there are no moves.
    """
    if indexed.empty:
        return pd.NaT, pd.Series(dtype=float)
    base = indexed.index[0]
    ends = {c: indexed[c].dropna().index.max() for c in indexed.columns}
    moving = [c for c, end in ends.items() if pd.notna(end) and end > base]
    if not moving:
        return pd.NaT, pd.Series(dtype=float)
    common_end = min(ends[c] for c in moving)
    levels = {c: close_on_or_before(indexed[c], common_end) for c in moving}
    return common_end, (pd.Series(levels) - 100).sort_values(ascending=False)


def closes_after_base(indexed: pd.DataFrame, column: str) -> int:
    """How many closes of ``column`` an indexed frame holds after its base row: a line needs one to move."""
    if column not in indexed or indexed.empty:
        return 0
    return int(indexed[column].dropna().index.to_series().gt(indexed.index[0]).sum())


def one_day_reactions(
    closes: pd.DataFrame, report_dates: list[pd.Timestamp], symbols: list[str], benchmark: str,
    next_session: tuple[str, ...] = (),
) -> pd.DataFrame:  # fmt: skip
    """How the market read dated reports: per report date and listing, the one-day move on the first session
    that closed after the report could be known, the benchmark's move over the same dates and the abnormal
    move (the difference). A report dated in New York is known before the US close on its date but after the
    close in Hong Kong, so listings in ``next_session`` react on their first session after the date."""
    rows = []
    for report in report_dates:
        for symbol in symbols:
            if symbol not in closes or benchmark not in closes:
                continue
            start = report + pd.Timedelta(days=1) if symbol in next_session else report
            table = event_table(closes[[symbol, benchmark]], start, 0, 0, benchmark)
            own = table[table["symbol"] == symbol]
            if own.empty or own["trading_days"].iloc[0] != 1:
                continue
            row = own.iloc[0]
            rows.append({
                "report_date": report, "symbol": symbol, "session": row["event_day"],
                "move": row["cumulative_return"], "benchmark_move": row["benchmark_return"],
                "abnormal": row["abnormal_return"],
            })  # fmt: skip
    return pd.DataFrame(rows, columns=["report_date", "symbol", "session", "move", "benchmark_move", "abnormal"])


def daily_abnormal(closes: pd.DataFrame, symbol: str, benchmark: str) -> pd.Series:
    """Every one-day abnormal move of a listing: its close-to-close return on each of its trading days minus
    the benchmark's over the same dates (its last close on or before each, as everywhere here)."""
    own = _trading(closes[symbol])
    bench = _trading(closes[benchmark]).reindex(own.index.union(_trading(closes[benchmark]).index)).ffill()
    return (own.pct_change() - bench.reindex(own.index).pct_change()).dropna()
