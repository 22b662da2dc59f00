"""Shared fixtures: no test touches the network, and no cache leaks from one test into the next."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st

from explainer.data import prices
from tests.apptest import run_app
from tests.browser import ARTIFACTS, CHROMIUM_FLAGS, chromium_path, streamlit_server

RUN_STARTED = pytest.StashKey[float]()

ROOT = Path(__file__).resolve().parents[1]
YF_FIELDS = {
    "open": "Open",
    "high": "High",
    "low": "Low",
    "close": "Close",
    "adj_close": "Adj Close",
    "volume": "Volume",
}


def yahoo_frame(symbols: list[str], source_dir: Path = prices.PRICES_DIR, tz_aware: bool = False) -> pd.DataFrame:
    """A frame shaped like ``yf.download(..., auto_adjust=False)``: (Price, Ticker) columns over the union of
    the tickers' calendars (NaN where a market was closed), dates naive as yfinance gives daily data.
    ``tz_aware`` localises a single exchange's dates, as ``Ticker.history`` does.

    The numbers are the committed cached prices, so fakes return real data in yfinance's shape.
    """
    parts = {}
    for symbol in symbols:
        cached = prices.read_cached(symbol, source_dir)
        if tz_aware:
            cached.index = cached.index.tz_localize(prices.exchange_timezone(symbol))
        parts[symbol] = cached.rename(columns=YF_FIELDS)
    frame = pd.concat(parts, axis=1, sort=True).swaplevel(0, 1, axis=1).sort_index(axis=1)
    frame.columns.names = ["Price", "Ticker"]
    return frame


def empty_yahoo_frame(symbols: list[str]) -> pd.DataFrame:
    """What yfinance returns when Yahoo is unreachable: no rows, MultiIndex columns, no exception."""
    columns = pd.MultiIndex.from_product([list(YF_FIELDS.values()), symbols], names=["Price", "Ticker"])
    return pd.DataFrame(columns=columns)


class FakeDownload:
    """Records calls and answers with whatever the test wants."""

    def __init__(self, answer):
        self.answer = answer
        self.calls: list[list[str]] = []

    def __call__(self, symbols: list[str]) -> pd.DataFrame:
        self.calls.append(list(symbols))
        return self.answer(symbols) if callable(self.answer) else self.answer


@pytest.fixture(autouse=True)
def offline_yahoo(monkeypatch) -> FakeDownload:
    """Every test starts with Yahoo 'unreachable' (as on this machine and in CI) and with empty caches."""
    fake = FakeDownload(empty_yahoo_frame)
    monkeypatch.setattr(prices, "download", fake)
    st.cache_data.clear()
    st.cache_resource.clear()
    prices.clear_caches()
    yield fake
    st.cache_data.clear()
    st.cache_resource.clear()
    prices.clear_caches()


@pytest.fixture(scope="module")
def server():
    """The app under `streamlit run`, one per browser-test module."""
    ARTIFACTS.mkdir(exist_ok=True)
    with streamlit_server() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium (Debian's, or $CHROMIUM_PATH), one per browser-test module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def at(request):
    """The test module's ``PAGE``, opened as a visitor would, offline; it must run without an exception."""
    app = run_app(request.module.PAGE)
    assert not app.exception
    return app


def pytest_configure(config) -> None:
    """Remember when this run began, so the summary reads only the edge reports this run wrote."""
    config.stash[RUN_STARTED] = time.time()


def pytest_terminal_summary(terminalreporter) -> None:
    """How many controls and settings the edge tests tried on each page (written by tests/test_edges.py)."""
    started = terminalreporter.config.stash.get(RUN_STARTED, 0.0)
    fresh = [p for p in sorted(ARTIFACTS.glob("edges-*.json")) if p.stat().st_mtime >= started]
    reports = [json.loads(p.read_text()) for p in fresh]
    if not reports:
        return
    terminalreporter.section("controls tried at their edges")
    for r in sorted(reports, key=lambda r: (r["page"], r["kind"])):
        what = "edges, each by widget and by link" if r["kind"] == "edges" else "random combinations"
        terminalreporter.write_line(f"{r['page']:<28} {r['controls']:>3} controls  {r['settings']:>4} {what}")
