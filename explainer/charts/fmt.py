"""Number formatting shared by every page, so a figure reads the same way wherever it appears."""

from __future__ import annotations


def usd_bn(value: float, decimals: int = 1) -> str:
    """-3.07 → '−$3.1 bn'; 384.2 → '$384.2 bn' (sign before the currency, a true minus sign)."""
    sign = "−" if value < 0 else ""
    return f"{sign}${abs(value):,.{decimals}f} bn"


def count(n: int, noun: str) -> str:
    """1, 'close' → '1 close'; 0 or 2 → '0 closes', '2 closes'."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
