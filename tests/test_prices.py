"""The price loader's one policy: live where valid, per-ticker fallback to the cache otherwise."""

from __future__ import annotations

import json
import os
import shutil
import time

import numpy as np
import pandas as pd
import pytest

from explainer.data import prices
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


def test_yahoo_unreachable_for_one_page_is_not_tried_again_by_the_next(offline_yahoo):
    first = prices.load_prices(["BABA", "NVDA"], "auto")
    other_page = prices.load_prices(["AAPL", "^GSPC", "9988.HK"], "auto")
    assert len(offline_yahoo.calls) == 1, "one failed attempt per server, not per page"
    assert {s.source for s in other_page.status.values()} == {"cache"}
    assert other_page.status["AAPL"].note == first.status["BABA"].note == "Yahoo Finance data unusable: no rows"
    prices.clear_caches()  # the 'retry live prices now' button
    prices.load_prices(["AAPL"], "auto")
    assert len(offline_yahoo.calls) == 2


def test_a_partly_good_download_does_not_mark_yahoo_unreachable(monkeypatch):
    calls = []

    def some(symbols):
        calls.append(symbols)
        return yahoo_frame([s for s in symbols if s != "NVDA"])

    monkeypatch.setattr(prices, "download", some)
    prices.load_prices(["BABA", "NVDA"], "auto")
    assert prices.load_prices(["AAPL"], "auto").status["AAPL"].source == "live"
    assert len(calls) == 2


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


def test_a_failure_is_remembered_for_the_retry_period_then_forgotten(monkeypatch):
    memory = prices._RecentFailures()
    failed = prices.LiveResult({}, {"BABA": "no answer"})
    clock = [1000.0]
    monkeypatch.setattr(prices.time, "monotonic", lambda: clock[0])
    assert memory.get(("BABA",)) is None
    memory.put(("BABA",), failed)
    clock[0] += prices.LIVE_RETRY_AFTER_SECONDS - 1
    assert memory.get(("BABA",)) is failed
    assert memory.get(("NVDA",)) is None
    clock[0] += 2
    assert memory.get(("BABA",)) is None  # past the retry period: Yahoo is asked again
    memory.put(("BABA",), failed)
    memory.clear()
    assert memory.get(("BABA",)) is None


def _bars(closes: list[float], start: str = "2025-01-02", **columns) -> pd.DataFrame:
    """A small daily frame in the loader's own columns (one business day a row)."""
    index = pd.bdate_range(start, periods=len(closes), name="date")
    frame = pd.DataFrame(
        {"open": closes, "high": closes, "low": closes, "close": closes, "adj_close": closes, "volume": 100.0},
        index=index,
    )
    return frame.assign(**columns)


def test_each_listing_is_read_on_its_own_exchange_clock():
    assert prices.exchange_timezone("9988.HK") == prices.exchange_timezone("^HSI") == "Asia/Hong_Kong"
    assert prices.exchange_timezone("BABA") == prices.exchange_timezone("^GSPC") == "America/New_York"


def test_validate_frame_names_missing_columns_and_keeps_only_real_positive_trading_days():
    with pytest.raises(prices.PriceDataError, match=r"^BABA: missing column\(s\) high, low$"):
        prices.validate_frame(_bars([1.0, 2.0]).drop(columns=["high", "low"]), "BABA")
    garbled = _bars([1.0, 2.0, 3.0]).astype({"volume": object})
    garbled.iloc[1, garbled.columns.get_loc("volume")] = "n/a"
    assert len(prices.validate_frame(garbled, "BABA")) == 3  # an unreadable volume is no reason to drop the day
    cheap = prices.validate_frame(_bars([0.5, 0.6]), "PENNY")
    assert cheap["close"].tolist() == [0.5, 0.6]  # below one but positive: a real price
    assert cheap.index.name == "date"
    for column in ("close", "adj_close"):
        with pytest.raises(prices.PriceDataError, match="non-positive prices"):
            prices.validate_frame(_bars([1.0, 2.0]).assign(**{column: [1.0, 0.0]}), "BABA")
    quiet = _bars([5.0, 5.0, 5.0], volume=[0.0, 10.0, 0.0], high=[5.0, 5.0, 6.0])
    kept = prices.validate_frame(quiet, "9988.HK")
    assert list(kept.index.strftime("%Y-%m-%d")) == ["2025-01-03", "2025-01-06"]  # only the first is a placeholder


def test_validate_frame_reads_an_aware_index_on_the_given_clock_or_as_it_stands():
    frame = _bars([1.0, 2.0])
    frame.index = pd.DatetimeIndex(["2025-01-02 20:00", "2025-01-03 20:00"], tz="UTC")
    assert list(prices.validate_frame(frame, "9988.HK", "Asia/Hong_Kong").index.day) == [3, 4]
    assert list(prices.validate_frame(frame, "X").index.day) == [2, 3]


def test_fetch_live_bounds_the_wait_and_says_why_a_download_failed(monkeypatch):
    def slow(symbols):
        time.sleep(0.5)
        return yahoo_frame(symbols)

    monkeypatch.setattr(prices, "download", slow)
    monkeypatch.setattr(prices, "LIVE_TIMEOUT_SECONDS", 0.05)
    assert prices.fetch_live(["BABA"]).failures == {"BABA": "Yahoo Finance did not answer within 0.05 s"}
    monkeypatch.setattr(prices, "LIVE_TIMEOUT_SECONDS", 60.0)
    assert prices.fetch_live(["BABA"], timeout=0.1).failures == {"BABA": "Yahoo Finance did not answer within 0.1 s"}

    def refused(symbols):
        raise ConnectionError("x" * 100)

    monkeypatch.setattr(prices, "download", refused)
    assert prices.fetch_live(["BABA"]).failures["BABA"] == f"download failed (ConnectionError: {'x' * 80})"


def test_fetch_live_reasons_read_without_the_ticker_prefix_and_use_the_given_cache(monkeypatch, tmp_path):
    monkeypatch.setattr(prices, "download", lambda symbols: yahoo_frame(["NVDA"]))
    assert prices.fetch_live(["BABA"]).failures == {"BABA": "Yahoo Finance data unusable: no rows"}
    shutil.copytree(prices.PRICES_DIR, tmp_path / "prices")
    halved = prices.read_cached("BABA").assign(close=lambda f: f["close"] / 2)
    halved.to_csv(tmp_path / "prices" / "BABA.csv")
    monkeypatch.setattr(prices, "download", yahoo_frame)
    assert prices.fetch_live(["BABA"]).failures == {}
    assert (
        "live prices are 2.00× the cached ones"
        in prices.fetch_live(["BABA"], prices_dir=tmp_path / "prices").failures["BABA"]
    )


def test_fetch_live_accepts_a_ticker_the_cache_does_not_hold_and_rejects_a_partial_download(monkeypatch):
    def renamed(symbols):
        frame = yahoo_frame(["BABA"])
        frame.columns = frame.columns.set_levels(["ZZZZ"], level="Ticker")
        return frame

    monkeypatch.setattr(prices, "download", renamed)
    assert list(prices.fetch_live(["ZZZZ"]).frames) == ["ZZZZ"]

    def with_holes(symbols):
        frame = yahoo_frame(symbols)
        return frame.drop(index=frame.index[100:104])

    monkeypatch.setattr(prices, "download", with_holes)
    failures = prices.fetch_live(["NVDA"]).failures
    assert failures == {"NVDA": "Yahoo Finance data unusable: live data lacks 4 trading days the cache has"}


def test_coverage_allows_three_missing_days_inside_the_live_span_only():
    cached = _bars([float(i) for i in range(1, 21)])
    prices.check_coverage(cached.drop(index=cached.index[5:8]), cached, "X")  # three holes: tolerated
    with pytest.raises(prices.PriceDataError, match=r"^X: live data lacks 4 trading days the cache has$"):
        prices.check_coverage(cached.drop(index=cached.index[5:9]), cached, "X")
    prices.check_coverage(cached.iloc[10:], cached, "X")  # a shorter live span is not a hole
    prices.check_coverage(cached.iloc[:10], cached, "X")
    prices.check_coverage(cached.iloc[0:0], cached, "X")
    prices.check_coverage(cached, None, "X")


def test_scale_is_checked_on_common_days_only_and_a_small_drift_passes():
    cached = _bars([10.0, 10.0, 10.0])
    prices.check_scale(_bars([10.0, 10.0, 10.0], start="2026-01-05"), cached, "X")  # no common day: nothing to compare
    prices.check_scale(cached.iloc[:1] * 1.0, cached, "X")  # one common day is enough to compare
    with pytest.raises(prices.PriceDataError, match=r"0\.50×"):
        prices.check_scale(cached.iloc[:1].assign(close=5.0), cached, "X")
    drift = 1 + prices.MAX_SCALE_DRIFT
    prices.check_scale(cached.assign(close=10.0 * drift), cached, "X")  # at the limit: still the same scale


def test_split_download_finds_tickers_on_either_column_level_and_rejects_non_tables():
    frame = yahoo_frame(["BABA", "NVDA"])
    assert sorted(prices.split_download(frame, ["BABA", "NVDA"])) == ["BABA", "NVDA"]
    swapped = frame.swaplevel(0, 1, axis=1)
    assert sorted(prices.split_download(swapped, ["BABA", "NVDA"])) == ["BABA", "NVDA"]
    assert prices.split_download(frame, ["AAPL"]) == {}
    with pytest.raises(prices.PriceDataError, match=r"^download returned something that is not a table$"):
        prices.split_download("garbage", ["BABA"])


def test_a_failure_is_remembered_strictly_less_than_the_retry_period(monkeypatch):
    memory = prices._RecentFailures()
    clock = [0.0]
    monkeypatch.setattr(prices.time, "monotonic", lambda: clock[0])
    memory.put(("BABA",), prices.LiveResult({}, {"BABA": "no"}))
    clock[0] = prices.LIVE_RETRY_AFTER_SECONDS
    assert memory.get(("BABA",)) is None
    assert ("BABA",) not in memory._entries  # an expired entry is forgotten, not kept


def test_a_partial_live_result_keeps_its_good_frames_and_a_fetch_time(monkeypatch):
    monkeypatch.setattr(prices, "download", lambda symbols: yahoo_frame(["BABA"]))
    result, fetched = prices._live(("BABA", "NVDA"))
    assert list(result.frames) == ["BABA"]
    assert fetched is not None
    assert str(prices.IncompleteDownload(result)) == "1 ticker(s) failed"
    prices.clear_caches()
    monkeypatch.setattr(prices, "download", yahoo_frame)
    whole, _ = prices._live(("BABA",))
    assert whole.failures == {}


def test_load_prices_names_each_ticker_its_source_and_reason(monkeypatch):
    offline = prices.load_prices(["BABA", "9988.HK"], "offline")
    assert offline.status["BABA"] == prices.TickerStatus("BABA", "cache", prices.read_cached("BABA").index[-1].date())
    assert offline.info["BABA"].name
    monkeypatch.setattr(prices, "download", lambda symbols: yahoo_frame(["BABA"]))
    mixed = prices.load_prices(["BABA", "NVDA"], "auto")
    assert mixed.status["BABA"].symbol == "BABA"
    assert mixed.status["BABA"].source == "live"
    assert mixed.status["NVDA"].note == "Yahoo Finance data unusable: no rows"


def test_load_prices_without_a_manifest_has_no_ticker_names(monkeypatch):
    def no_manifest():
        raise prices.PriceDataError("The price manifest is missing.")

    monkeypatch.setattr(prices, "read_manifest", no_manifest)
    assert prices.PriceSet({}, {}, "offline").info == {}
    assert prices.load_prices([], "offline").info == {}


def test_the_cache_is_read_from_the_folder_asked_for(tmp_path):
    shutil.copytree(prices.PRICES_DIR, tmp_path / "prices")
    (tmp_path / "prices" / "BABA.csv").write_text("date,open\n")
    with pytest.raises(prices.PriceDataError, match=r"BABA\.csv"):
        prices.read_cached("BABA", tmp_path / "prices")
    with pytest.raises(prices.PriceDataError, match=r"^ZZZZ is not in the price cache$"):
        prices.read_cached("ZZZZ")
    with pytest.raises(prices.PriceDataError, match=r"^The price manifest .*manifest\.json is missing\.$"):
        prices.read_manifest(tmp_path / "nowhere")


def test_a_refreshed_manifest_and_cache_file_are_read_again(tmp_path):
    folder = tmp_path / "prices"
    shutil.copytree(prices.PRICES_DIR, folder)
    assert "BABA" in prices.read_manifest(folder)
    manifest = folder / "manifest.json"
    entries = [e for e in json.loads(manifest.read_text()) if e["symbol"] != "BABA"]
    manifest.write_text(json.dumps(entries))
    os.utime(manifest, ns=(time.time_ns() + 10**9, time.time_ns() + 10**9))
    assert "BABA" not in prices.read_manifest(folder)  # the file changed: parsed again
    with pytest.raises(prices.PriceDataError, match=r"^BABA is not in the price cache$"):
        prices.read_cached("BABA", folder)  # the manifest asked is the folder's own
    before = prices.read_cached("NVDA", folder)["close"].iloc[-1]
    table = pd.read_csv(folder / "NVDA.csv")
    table.loc[table.index[-1], "close"] = before * 1.01
    table.to_csv(folder / "NVDA.csv", index=False)
    os.utime(folder / "NVDA.csv", (time.time() + 5, time.time() + 5))
    assert prices.read_cached("NVDA", folder)["close"].iloc[-1] == pytest.approx(before * 1.01)
    (folder / "NVDA.csv").unlink()
    with pytest.raises(prices.PriceDataError, match=r"^cache file NVDA\.csv is missing$"):
        prices.read_cached("NVDA", folder)


def test_live_prices_stamped_in_utc_keep_their_exchange_dates_through_fetch_live(monkeypatch):
    def in_utc(symbols):
        frame = yahoo_frame(symbols, tz_aware=True)
        frame.index = frame.index.tz_convert("UTC")
        return frame

    monkeypatch.setattr(prices, "download", in_utc)
    live = prices.fetch_live(["9988.HK"])
    assert live.failures == {}
    assert list(live.frames["9988.HK"].index) == list(prices.read_cached("9988.HK").index)


def test_the_wrong_scale_reason_reads_without_the_ticker_twice(monkeypatch):
    def doubled(symbols):
        frame = yahoo_frame(symbols)
        for field in ("Open", "High", "Low", "Close", "Adj Close"):
            frame[(field, "NVDA")] = frame[(field, "NVDA")] * 2
        return frame

    monkeypatch.setattr(prices, "download", doubled)
    assert prices.fetch_live(["NVDA"]).failures == {
        "NVDA": "Yahoo Finance data unusable: live prices are 2.00× the cached ones on the same dates"
    }


def test_load_prices_tries_live_by_default_and_names_a_ticker_it_cannot_find_anywhere(offline_yahoo):
    prices.load_prices(["BABA"])
    assert offline_yahoo.calls == [["BABA"]]  # the default mode is auto
    nowhere = prices.load_prices(["ZZZZ"], "auto").status["ZZZZ"]
    assert nowhere.symbol == "ZZZZ"
    assert nowhere.source == "missing"
    assert nowhere.note == "Yahoo Finance data unusable: no rows; ZZZZ is not in the price cache"


def test_an_index_on_another_clock_keeps_its_own_dates_when_no_exchange_is_named():
    frame = _bars([1.0, 2.0])
    frame.index = pd.DatetimeIndex(["2025-01-02 20:00", "2025-01-03 20:00"], tz="America/New_York")
    assert list(prices.validate_frame(frame, "X").index.day) == [2, 3]  # not moved to UTC's next day


def test_a_cached_frame_changed_by_its_reader_leaves_the_shared_cache_as_it_was():
    """Cache files are read once and shared by every price set; a reader that replaces its frame's index or
    changes a value changes only its own frame."""
    first = prices.read_cached("BABA")
    close = first["close"].iloc[-1]
    first.index = first.index.tz_localize("America/New_York")
    first.loc[first.index[-1], "close"] = -1.0
    again = prices.read_cached("BABA")
    assert again.index.tz is None
    assert again["close"].iloc[-1] == close
    assert prices.load_prices(["BABA"], "offline").closes("traded")["BABA"].dropna().iloc[-1] == close
