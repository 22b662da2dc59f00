"""Every page says where its prices came from, as of when, and which tickers fell back, in exact words
(the expected words are built in ``tests/provenance.py`` from the cache files, not from the loader)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from explainer.charts import sources
from explainer.data import prices
from explainer.story.outline import STORY
from tests.apptest import chart_spec, charts, run_app
from tests.conftest import FakeDownload
from tests.provenance import (
    ADJUSTED,
    ANSWERS,
    TRADED,
    TRADED_FIGURES,
    YAHOO,
    expected_source,
    expected_status,
    live_symbols,
)

PAGES = [chapter.path for chapter in STORY]


def open_page(monkeypatch, page: str, mode: str) -> tuple[object, list[str]]:
    """The page under one price mode, and the tickers its prices were asked for."""
    asked = FakeDownload(ANSWERS["auto, none live"])
    monkeypatch.setattr(prices, "download", asked)
    run_app(page)  # learns which tickers the page asks for, whatever the mode under test
    prices.clear_caches()
    fake = FakeDownload(ANSWERS[mode])
    monkeypatch.setattr(prices, "download", fake)
    at = run_app(page, query={"prices": "offline"} if mode == "offline" else {})
    assert fake.calls == ([] if mode == "offline" else [asked.calls[0]])
    return at, asked.calls[0]


@pytest.mark.parametrize("mode", list(ANSWERS))
@pytest.mark.parametrize("page", PAGES)
def test_every_page_states_its_price_provenance_in_exact_words(monkeypatch, page, mode):
    at, symbols = open_page(monkeypatch, page, mode)
    assert not at.exception
    (status,) = [c.value for c in at.caption if c.value.startswith("Prices:")]
    expected = expected_status(mode, symbols)
    if mode == "auto, all live":
        assert status.startswith(expected), status
        fetched = dt.datetime.strptime(status.removeprefix(expected), "%Y-%m-%d %H:%M UTC)").replace(tzinfo=dt.UTC)
        assert abs(dt.datetime.now(dt.UTC) - fetched) < dt.timedelta(minutes=5)
    else:
        assert status == expected
    price_charts = {}
    for chart in charts(at):
        meta = chart_spec(chart)["usermeta"]
        if YAHOO in meta["source"]:
            price_charts[meta["figure"]] = meta["source"]
    assert price_charts, "every page draws at least one price chart"
    for figure, source in price_charts.items():
        basis = TRADED if figure in TRADED_FIGURES else ADJUSTED
        assert source.startswith(expected_source(mode, symbols, basis)), (figure, source)
    reasons = [t.value for t in at.text]
    for symbol in set(symbols) - set(live_symbols(mode, symbols)):
        if mode != "offline":
            assert any(r.startswith(f"{symbol}: Yahoo Finance data unusable") for r in reasons), (symbol, reasons)


def test_offline_prices_are_never_called_live_anywhere_on_a_page(monkeypatch):
    for page in PAGES:
        at, _ = open_page(monkeypatch, page, "offline")
        shown = [c.value for c in at.caption] + [chart_spec(c)["usermeta"]["source"] for c in charts(at)]
        assert not [line for line in shown if re.search(r"\blive\b", line)], page


def test_price_lines_for_a_ticker_with_no_usable_data_name_it_as_unavailable():
    missing = prices.TickerStatus("BABA", "missing", None, "cache file BABA.csv is missing")
    empty = prices.PriceSet({}, {"BABA": missing}, "auto")
    assert sources.price_mode_line(empty) == "Prices: cached snapshot, as of n/a; unavailable: BABA"
    assert sources.prices_line(empty, ADJUSTED) == f"Source: {YAHOO}, cached snapshot, as of n/a · {ADJUSTED}"
