"""Number formatting shared by every page, so a figure reads the same way wherever it appears."""

from __future__ import annotations

import numpy as np
import pandas as pd

MINUS = "\u2212"  # d3's minus sign, which the charts' own labels use


def usd_bn(value: float, decimals: int = 1) -> str:
    """-3.07 → '−$3.1 bn'; 384.2 → '$384.2 bn' (sign before the currency, a true minus sign)."""
    sign = "−" if value < 0 else ""
    return f"{sign}${abs(value):,.{decimals}f} bn"


def count(n: int, noun: str) -> str:
    """1, 'close' → '1 close'; 0 or 2 → '0 closes', '2 closes'."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def d3_dates(values, pattern: str) -> list[str | None]:
    """Dates as a chart's d3 time format prints them ("%d %b %Y", "Q%q %Y"); None where there is no date.
    Each distinct date is printed once (a long table repeats its dates once per line)."""
    codes, distinct = pd.factorize(pd.DatetimeIndex(pd.to_datetime(values)))  # no date: code -1
    parts = pattern.split("%q")  # d3's quarter (Python's strftime has none)
    printed = [
        str((day.month - 1) // 3 + 1).join(day.strftime(part) for part in parts) for day in distinct.to_pydatetime()
    ]
    return np.array([*printed, None], dtype=object)[codes].tolist()


def d3_numbers(values: pd.Series, pattern: str) -> list[str | None]:
    """Numbers as a chart's d3 number format prints them (",.2f", "+.1%", ".1f": the same mini-language as
    Python's for these), with d3's minus sign; None where there is no number."""
    numbers = pd.Series(values).to_numpy(dtype=float, na_value=np.nan).tolist()
    return [None if number != number else format(number, pattern).replace("-", MINUS) for number in numbers]
