"""The price loader's one policy: live where valid, per-ticker fallback to the cache otherwise."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from explainer import prices
from tests.conftest import FakeDownload, yahoo_frame

SYMBOLS = ["AAPL", "9988.HK", "^GSPC"]


def use(monkeypatch, answer) -> FakeDownload:
    fake = FakeDownload(answer)
    monkeypatch.setattr(prices, "download", fake)
    return fake


def test_offline_mode_reads_cache_and_never_calls_yahoo(offline_yahoo):
    result = prices.load_prices(SYMBOLS, "offline")
    assert offline_yahoo.calls == []
    assert {s.source for s in result.status.values()} == {"cache"}
    assert result.status["AAPL"].last_date.isoformat() == "2026-08-14"
    assert result.frames["AAPL"].index.is_monotonic_increasing


def test_live_multiindex_frame_is_used_and_tz_stripped(monkeypatch):
    fake = use(monkeypatch, yahoo_frame)
    result = prices.load_prices(SYMBOLS, "auto")
    assert fake.calls == [SYMBOLS]
    assert {s.source for s in result.status.values()} == {"live"}
    cached = prices.read_cached("9988.HK")
    pd.testing.assert_series_equal(result.frames["9988.HK"]["close"], cached["close"], check_freq=False)
    assert result.fetched_at is not None


def test_live_success_is_cached_between_reruns(monkeypatch):
    fake = use(monkeypatch, yahoo_frame)
    prices.load_prices(SYMBOLS, "auto")
    prices.load_prices(SYMBOLS, "auto")
    assert len(fake.calls) == 1


def test_empty_download_falls_back_and_is_not_retried_on_every_rerun(offline_yahoo):
    first = prices.load_prices(SYMBOLS, "auto")
    second = prices.load_prices(SYMBOLS, "auto")
    assert len(offline_yahoo.calls) == 1, "a failed attempt must be remembered for a few minutes"
    for result in (first, second):
        assert {s.source for s in result.status.values()} == {"cache"}
        assert "no rows" in result.status["AAPL"].note


def test_failure_is_retried_after_clear(offline_yahoo):
    prices.load_prices(SYMBOLS, "auto")
    prices.clear_caches()
    prices.load_prices(SYMBOLS, "auto")
    assert len(offline_yahoo.calls) == 2


@pytest.mark.parametrize(
    "error",
    [ConnectionError("unreachable"), RuntimeError("Too Many Requests. Rate limited. Try after a while.")],
)
def test_exception_falls_back_per_ticker(monkeypatch, error):
    def boom(symbols):
        raise error

    use(monkeypatch, boom)
    result = prices.load_prices(SYMBOLS, "auto")
    assert {s.source for s in result.status.values()} == {"cache"}
    assert type(error).__name__ in result.status["AAPL"].note


def test_timeout_is_bounded(monkeypatch):
    def slow(symbols):
        time.sleep(3)
        return yahoo_frame(symbols)

    use(monkeypatch, slow)
    monkeypatch.setattr(prices, "LIVE_TIMEOUT_SECONDS", 0.3)
    started = time.monotonic()
    result = prices.fetch_live(SYMBOLS, timeout=0.3)
    assert time.monotonic() - started < 2
    assert result.frames == {}
    assert "did not answer" in result.failures["AAPL"]


def test_only_some_tickers_returned(monkeypatch):
    use(monkeypatch, lambda symbols: yahoo_frame(["AAPL"]))
    result = prices.load_prices(SYMBOLS, "auto")
    assert result.status["AAPL"].source == "live"
    assert result.status["9988.HK"].source == "cache"
    assert result.fallbacks == ["9988.HK", "^GSPC"]


def _corrupt(column: str, value) -> callable:
    def answer(symbols):
        frame = yahoo_frame(symbols)
        frame[(column, "AAPL")] = value
        return frame

    return answer


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (_corrupt("Close", np.nan), "every close is empty"),
        (_corrupt("Close", -1.0), "non-positive"),
        (lambda s: yahoo_frame(s).drop(columns=("Volume", "AAPL")), "missing column"),
        (
            lambda s: (
                yahoo_frame(s)
                .assign(**{})
                .pipe(
                    lambda f: f.mul(
                        pd.Series({c: (100.0 if c[1] == "AAPL" and c[0] != "Volume" else 1.0) for c in f.columns})
                    )
                )
            ),
            "×",
        ),
        (lambda s: pd.concat([yahoo_frame(s), yahoo_frame(s).iloc[-1:]]), "duplicate dates"),
        (lambda s: yahoo_frame(s).iloc[::-1], "ascending"),
    ],
    ids=["all-nan", "negative", "missing-column", "wrong-scale", "duplicate-dates", "descending"],
)
def test_invalid_live_ticker_falls_back_alone(monkeypatch, answer, reason):
    use(monkeypatch, answer)
    result = prices.load_prices(SYMBOLS, "auto")
    assert result.status["AAPL"].source == "cache"
    assert reason in result.status["AAPL"].note
    cached = prices.read_cached("AAPL")
    pd.testing.assert_frame_equal(result.frames["AAPL"], cached)
    if reason not in ("ascending", "duplicate dates"):
        assert result.status["9988.HK"].source == "live"


def test_garbage_that_is_not_a_frame(monkeypatch):
    use(monkeypatch, lambda symbols: "<html>rate limited</html>")
    result = prices.load_prices(SYMBOLS, "auto")
    assert {s.source for s in result.status.values()} == {"cache"}


def test_single_ticker_flat_columns(monkeypatch):
    use(monkeypatch, lambda symbols: yahoo_frame(symbols).xs("AAPL", axis=1, level="Ticker"))
    result = prices.load_prices(["AAPL"], "auto")
    assert result.status["AAPL"].source == "live"


def test_tz_aware_index_keeps_exchange_dates(monkeypatch):
    use(monkeypatch, lambda symbols: yahoo_frame(symbols, tz_aware=True))
    result = prices.load_prices(["9988.HK"], "auto")
    assert result.status["9988.HK"].source == "live"
    assert result.frames["9988.HK"].index.tz is None
    assert result.frames["9988.HK"].index.equals(prices.read_cached("9988.HK").index)


def test_placeholder_bars_are_not_trading_days():
    frame = prices.read_cached("9988.HK")
    assert pd.Timestamp("2025-01-28") not in frame.index  # Lunar New Year's Eve placeholder
    assert pd.Timestamp("2025-01-27") in frame.index


def test_corrupt_cache_file_is_named_and_others_still_load(tmp_path, monkeypatch):
    folder = tmp_path / "prices"
    folder.mkdir()
    for item in prices.PRICES_DIR.iterdir():
        (folder / item.name).write_bytes(item.read_bytes())
    (folder / "AAPL.csv").write_text("this is not,a price file\n\x00\x01")
    monkeypatch.setattr(prices, "PRICES_DIR", folder)
    result = prices.load_prices(["AAPL", "NVDA"], "offline")
    assert result.status["AAPL"].source == "missing"
    assert "AAPL.csv" in result.status["AAPL"].note
    assert result.status["NVDA"].source == "cache"


def test_closes_bases():
    result = prices.load_prices(["AAPL", "^GSPC"], "offline")
    adjusted, traded = result.closes("adjusted"), result.closes("traded")
    assert adjusted.loc["2024-12-31", "AAPL"] == pytest.approx(248.6158)
    assert traded.loc["2024-12-31", "AAPL"] == pytest.approx(250.42)
    assert adjusted["^GSPC"].equals(traded["^GSPC"])  # an index has no dividends: its close is the basis


def test_the_one_yahoo_call_asks_for_unadjusted_daily_bars_since_the_cache_starts(monkeypatch):
    """The real download function, with yfinance's own download replaced (no network here)."""
    import yfinance

    asked = {}

    def fake_download(symbols, **options):
        asked.update(options, symbols=symbols)
        return "frame"

    monkeypatch.setattr(yfinance, "download", fake_download)
    assert prices._yfinance_download(["BABA", "9988.HK"]) == "frame"
    assert asked == {
        "symbols": ["BABA", "9988.HK"],
        "start": "2024-01-02",
        "auto_adjust": False,
        "actions": False,
        "progress": False,
        "threads": True,
        "ignore_tz": True,
        "multi_level_index": True,
    }
