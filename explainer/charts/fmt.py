"""Number formatting shared by every page, so a figure reads the same way wherever it appears."""

from __future__ import annotations

import pandas as pd

MINUS = "\u2212"  # d3's minus sign, which the charts' own labels use


def usd_bn(value: float, decimals: int = 1) -> str:
    """-3.07 → '−$3.1 bn'; 384.2 → '$384.2 bn' (sign before the currency, a true minus sign)."""
    sign = "−" if value < 0 else ""
    return f"{sign}${abs(value):,.{decimals}f} bn"


def count(n: int, noun: str) -> str:
    """1, 'close' → '1 close'; 0 or 2 → '0 closes', '2 closes'."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def d3_dates(values: pd.Series, pattern: str) -> list[str | None]:
    """Dates as a chart's d3 time format prints them ("%d %b %Y", "Q%q %Y"); None where there is no date.
    Each distinct date is printed once (a long table repeats its dates once per line)."""
    days = pd.to_datetime(pd.Series(values)).reset_index(drop=True)
    distinct = pd.Series(days.dropna().unique())
    before, *after = pattern.split("%q")
    printed = distinct.dt.strftime(before) if before else pd.Series("", index=distinct.index)
    for rest in after:  # d3's quarter (Python's strftime has none)
        printed = printed + distinct.dt.quarter.astype(str) + (distinct.dt.strftime(rest) if rest else "")
    text = dict(zip(distinct, printed))
    return [None if pd.isna(day) else text[day] for day in days]


def d3_numbers(values: pd.Series, pattern: str) -> list[str | None]:
    """Numbers as a chart's d3 number format prints them (",.2f", "+.1%", ".1f": the same mini-language as
    Python's for these), with d3's minus sign; None where there is no number."""
    return [None if pd.isna(number) else format(number, pattern).replace("-", MINUS) for number in values]
