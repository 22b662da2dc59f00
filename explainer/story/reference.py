"""The story's fixed reference points, in one place: its dates, tickers, benchmarks and the FX look-up."""

from __future__ import annotations

import pandas as pd

from explainer.data import facts

# The DeepSeek sell-off: the first US trading day after DeepSeek-R1 topped the App Store.
SELL_OFF = pd.Timestamp("2025-01-27")
# The Information's report that Apple had chosen Alibaba as its AI partner in China (US time).
ALIBABA_CHOSEN = pd.Timestamp("2025-02-11")
# The last close of 2024: "since 2025 began" is measured from it on every page.
END_OF_2024 = pd.Timestamp("2024-12-31")

BENCHMARKS = {"^GSPC": "S&P 500", "^IXIC": "Nasdaq Composite", "^HSI": "Hang Seng"}
BENCHMARK_BY_NAME = {name: symbol for symbol, name in BENCHMARKS.items()}
ALIBABA = ("BABA", "9988.HK")  # the NYSE ADS and the Hong Kong line


def fx_rate(fx: pd.DataFrame, day: pd.Timestamp) -> pd.Series:
    """The CNY-per-USD row for one day (the Fed H.10 rate Alibaba used), or FactsError naming the day."""
    return facts.row(fx, date=pd.Timestamp(day))
