"""Live-data faults injected through the loader's seam, on every page: the page renders, says which tickers
fell back to the cache, and the cache on disk is unchanged byte for byte."""

from __future__ import annotations

import hashlib
import time

import numpy as np
import pandas as pd
import pytest
from yfinance.exceptions import YFRateLimitError

from explainer.data import prices
from explainer.story.outline import STORY
from tests.apptest import run_app
from tests.conftest import FakeDownload, yahoo_frame

PAGES = [chapter.path for chapter in STORY]


def cache_fingerprint() -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(prices.PRICES_DIR.iterdir())}


@pytest.fixture(autouse=True)
def cache_untouched():
    before = cache_fingerprint()
    yield
    assert cache_fingerprint() == before, "the app must never write the price cache"


def _empty(frame, symbol):
    frame.loc[:, (slice(None), symbol)] = np.nan


def _own_rows(frame, symbol) -> pd.Index:
    return frame.index[frame[("Close", symbol)].notna()]


def _nan_rows(frame, symbol):
    frame.loc[_own_rows(frame, symbol)[100:140], (slice(None), symbol)] = np.nan


def _missing_column(frame, symbol):
    frame.drop(columns=("Adj Close", symbol), inplace=True)


def _wrong_scale(frame, symbol):
    for field in ("Open", "High", "Low", "Close", "Adj Close"):
        frame[(field, symbol)] = frame[(field, symbol)] * 100


def _gap(frame, symbol):
    frame.loc[_own_rows(frame, symbol)[-60:-20], (slice(None), symbol)] = np.nan


PER_TICKER_FAULTS = [_empty, _nan_rows, _missing_column, _wrong_scale, _gap, None]  # None: this ticker is fine


class MixedFaults:
    """One bad download where each ticker has its own fault (cycling through the list); some are fine."""

    def __init__(self):
        self.faulty: set[str] = set()

    def __call__(self, symbols):
        frame = yahoo_frame(symbols).astype("float64")  # as yfinance gives it once a column has gaps
        for position, symbol in enumerate(sorted(symbols)):
            fault = PER_TICKER_FAULTS[position % len(PER_TICKER_FAULTS)]
            if fault:
                fault(frame, symbol)
                self.faulty.add(symbol)
        return frame


def status_text(at) -> str:
    return " ".join(c.value for c in at.caption if c.value.startswith("Prices:"))


@pytest.mark.parametrize("page", PAGES)
def test_per_ticker_faults_fall_back_one_by_one(monkeypatch, page):
    fake = MixedFaults()
    monkeypatch.setattr(prices, "download", FakeDownload(fake))
    at = run_app(page)
    assert not at.exception
    status = status_text(at)
    assert fake.faulty, "the fake must have been asked for prices"
    fell_back = status.split("cached snapshot for", 1)[-1] if "live from" in status else status
    for symbol in fake.faulty:
        assert symbol in fell_back, (symbol, status)


def _unreachable(symbols):
    raise ConnectionError("Failed to resolve 'query2.finance.yahoo.com'")


def _rate_limited(symbols):
    raise YFRateLimitError()


def _slow(symbols):
    time.sleep(1.0)
    return yahoo_frame(symbols)


def _duplicates(symbols):
    frame = yahoo_frame(symbols)
    return pd.concat([frame, frame]).sort_index()


WHOLE_DOWNLOAD_FAULTS = {
    "unreachable": _unreachable,
    "rate-limited": _rate_limited,
    "slow": _slow,
    "empty": lambda symbols: pd.DataFrame(),
    "duplicate-dates": _duplicates,
    "garbage": lambda symbols: "<html>Too Many Requests</html>",
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("fault", list(WHOLE_DOWNLOAD_FAULTS))
def test_whole_download_faults_fall_back_to_the_cache(monkeypatch, page, fault):
    monkeypatch.setattr(prices, "download", FakeDownload(WHOLE_DOWNLOAD_FAULTS[fault]))
    monkeypatch.setattr(prices, "LIVE_TIMEOUT_SECONDS", 0.2)
    at = run_app(page)
    assert not at.exception
    assert status_text(at).startswith("Prices: cached snapshot")
    assert any("Why some prices are from the cache" in e.label for e in at.expander)


@pytest.mark.parametrize("page", PAGES)
def test_timezone_aware_live_prices_are_used(monkeypatch, page):
    def in_utc(symbols):
        # What yfinance gives when it keeps time zones: each exchange's sessions on one UTC clock, so a Hong
        # Kong close at local midnight reads as 16:00 the day before. Dates must come back as the exchange's.
        parts = []
        for symbol in symbols:
            part = yahoo_frame([symbol], tz_aware=True)
            part.index = part.index.tz_convert("UTC")
            parts.append(part)
        return pd.concat(parts, axis=1, sort=True)

    monkeypatch.setattr(prices, "download", FakeDownload(in_utc))
    at = run_app(page)
    assert not at.exception
    assert status_text(at).startswith("Prices: live from Yahoo Finance")
