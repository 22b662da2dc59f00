"""Source lines, word for word: where prices came from and as of when, and what a curated chart rests on.

Fast unit tests (no Streamlit page): the mutation run (``scripts/mutation.sh``) runs them against every mutant
of ``explainer/sources.py``.
"""

from __future__ import annotations

import datetime as dt

import pytest

from explainer.charts import sources
from explainer.data import facts, prices
from tests.conftest import FakeDownload
from tests.provenance import ADJUSTED, ANSWERS, FALLS_BACK, TRADED, expected_source, expected_status, live_symbols

# Two markets (Hong Kong and US) and an index: their series end on different days in the cache.
SYMBOLS = ["BABA", "9988.HK", "NVDA", "^GSPC", "^HSI"]


def load(monkeypatch, mode: str, symbols: list[str] = SYMBOLS) -> prices.PriceSet:
    monkeypatch.setattr(prices, "download", FakeDownload(ANSWERS[mode]))
    prices.clear_caches()  # a remembered failure would otherwise stand in for the next download
    return prices.load_prices(symbols, "offline" if mode == "offline" else "auto")


@pytest.mark.parametrize("mode", list(ANSWERS))
def test_status_line_says_live_cached_or_both_with_the_as_of_date(monkeypatch, mode):
    status = sources.price_mode_line(load(monkeypatch, mode))
    expected = expected_status(mode, SYMBOLS)
    if mode == "auto, all live":
        fetched = dt.datetime.strptime(status.removeprefix(expected), "%Y-%m-%d %H:%M UTC)").replace(tzinfo=dt.UTC)
        assert abs(dt.datetime.now(dt.UTC) - fetched) < dt.timedelta(minutes=5)
    else:
        assert status == expected


@pytest.mark.parametrize("basis", [ADJUSTED, TRADED])
@pytest.mark.parametrize("mode", list(ANSWERS))
def test_price_source_line_names_origin_kind_date_spread_and_basis(monkeypatch, mode, basis):
    line = sources.prices_line(load(monkeypatch, mode), basis)
    assert line == expected_source(mode, SYMBOLS, basis)


def test_series_ending_on_one_day_have_no_spread(monkeypatch):
    same_day = ["NVDA", "AAPL"]  # both end on the cache's last US day
    line = sources.prices_line(load(monkeypatch, "offline", same_day), ADJUSTED)
    assert line == expected_source("offline", same_day, ADJUSTED)
    assert "series end between" not in line


def test_fallback_reasons_name_each_cached_ticker_and_why(monkeypatch):
    mixed = load(monkeypatch, "auto, some fall back")
    cached = [s for s in SYMBOLS if s not in live_symbols("auto, some fall back", SYMBOLS)]
    assert cached == [s for s in SYMBOLS if s in FALLS_BACK]
    reasons = sources.fallback_reasons(mixed)
    assert [r.split(":")[0] for r in reasons] == cached
    assert all("Yahoo Finance data unusable" in r for r in reasons)
    assert sources.fallback_reasons(load(monkeypatch, "auto, all live")) == []


def test_an_unavailable_ticker_is_named_in_the_status_line():
    missing = prices.TickerStatus("BABA", "missing", None, "cache file BABA.csv is missing")
    empty = prices.PriceSet({}, {"BABA": missing}, "auto")
    assert sources.price_mode_line(empty) == "Prices: cached snapshot, as of n/a; unavailable: BABA"
    assert sources.prices_line(empty, ADJUSTED) == f"Source: {sources.YAHOO}, cached snapshot, as of n/a · {ADJUSTED}"
    assert sources.fallback_reasons(empty) == ["BABA: cache file BABA.csv is missing"]


def test_facts_line_lists_each_source_once_the_date_and_the_confidence_mix():
    table = facts.load_table("training_cost_comparisons")
    line = sources.facts_line(table, "Dec 2024", "Final run only")
    names = list(dict.fromkeys(s.strip() for s in table["source"]))
    medium = int((table["confidence"] == "medium").sum())
    low = int((table["confidence"] == "low").sum())
    derived = int(table["verification"].isin(["derived", "press_report"]).sum())
    parts = [f"Source: {'; '.join(names)}", "As of Dec 2024"]
    mix = []
    if medium:
        mix.append(f"{medium} value(s) of medium confidence (one good secondary source)")
    if low:
        mix.append(f"{low} unverified value(s), labelled as such")
    if derived:
        mix.append(f"{derived} value(s) derived or taken from press reports")
    assert line == " · ".join([*parts, *(["; ".join(mix)] if mix else []), "Final run only"])
    assert mix, "the table should exercise the confidence note"


def test_confidence_note_counts_each_level_and_says_nothing_for_a_clean_table():
    rows = facts.load_table("fx_rates")
    clean = rows.assign(confidence="high", verification="source_checked")
    assert sources.confidence_note(clean) == ""
    mixed = clean.copy()
    mixed.loc[mixed.index[:2], "confidence"] = "medium"
    mixed.loc[mixed.index[2:3], "confidence"] = "low"
    mixed.loc[mixed.index[:1], "verification"] = "press_report"
    mixed.loc[mixed.index[1:2], "verification"] = "derived"
    assert sources.confidence_note(mixed) == (
        "2 value(s) of medium confidence (one good secondary source); 1 unverified value(s), labelled as such; "
        "2 value(s) derived or taken from press reports"
    )
    blank_source = clean.assign(source=["  ", *clean["source"].iloc[1:]])
    assert sources.facts_line(blank_source, "now").startswith(f"Source: {clean['source'].iloc[1].strip()}")


def test_two_end_dates_make_a_spread(monkeypatch):
    two_ends = ["BABA", "NVDA"]  # the US listing of Alibaba ends a day before NVIDIA in the cache
    line = sources.prices_line(load(monkeypatch, "offline", two_ends), ADJUSTED)
    assert line == expected_source("offline", two_ends, ADJUSTED)
    assert "series end between" in line


def test_a_live_set_without_a_fetch_time_and_live_tickers_never_get_a_fallback_reason():
    day = dt.date(2026, 8, 14)
    live = prices.PriceSet(
        {}, {"NVDA": prices.TickerStatus("NVDA", "live", day, "a note that must not be shown")}, "auto"
    )
    assert sources.price_mode_line(live) == "Prices: live from Yahoo Finance, as of 2026-08-14"
    assert sources.fallback_reasons(live) == []
    two_missing = prices.PriceSet(
        {}, {s: prices.TickerStatus(s, "missing", None, "gone") for s in ("BABA", "NVDA")}, "auto"
    )
    assert sources.price_mode_line(two_missing).endswith("; unavailable: BABA, NVDA")


def test_label_unverified_marks_low_rows_only():
    table = facts.label_unverified(facts.load_table("valuation_context"))
    assert {"low", "medium"} <= set(table["confidence"])
    assert set(table.loc[table["confidence"] == "low", "status"]) == {"unverified"}
    assert set(table.loc[table["confidence"] != "low", "status"]) == {"reported"}


def test_facts_line_without_a_note_ends_at_its_confidence_mix():
    clean = facts.load_table("fx_rates").assign(confidence="high", verification="source_checked")
    names = "; ".join(dict.fromkeys(s.strip() for s in clean["source"]))
    assert sources.facts_line(clean, "Feb 2025") == f"Source: {names} · As of Feb 2025"
