"""Event-study arithmetic on small frames whose answers can be checked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from explainer.story import eventstudy as es

D = pd.to_datetime


@pytest.fixture
def closes() -> pd.DataFrame:
    # US trades every day; HK is closed on the 3rd (a holiday), the benchmark trades every day.
    return pd.DataFrame(
        {
            "US": [100.0, 110.0, 99.0, 108.9, 119.79],
            "HK": [50.0, 55.0, np.nan, 44.0, 44.0],
            "BENCH": [1000.0, 1010.0, 1000.0, 1000.0, 1050.0],
        },
        index=D(["2025-01-01", "2025-01-02", "2025-01-03", "2025-01-06", "2025-01-07"]),
    )


def test_day_return_uses_previous_trading_day(closes):
    assert es.day_return(closes["US"], D("2025-01-03")) == pytest.approx(-0.10)
    assert es.day_return(closes["HK"], D("2025-01-06")) == pytest.approx(44 / 55 - 1)  # across the holiday
    assert np.isnan(es.day_return(closes["HK"], D("2025-01-03")))  # not a trading day: no return invented
    assert np.isnan(es.day_return(closes["US"], D("2025-01-01")))  # first day has no previous close


def test_daily_returns_leave_gaps(closes):
    returns = es.daily_returns(closes)
    assert np.isnan(returns.loc["2025-01-03", "HK"])
    assert returns.loc["2025-01-06", "HK"] == pytest.approx(-0.2)
    assert returns.loc["2025-01-02", "US"] == pytest.approx(0.1)


def test_index_to_base_and_closed_market(closes):
    indexed = es.index_to(closes, D("2025-01-02"))
    assert indexed.index[0] == D("2025-01-02")
    assert indexed.loc["2025-01-02"].tolist() == pytest.approx([100, 100, 100])
    assert indexed.loc["2025-01-07", "US"] == pytest.approx(108.9)
    assert np.isnan(indexed.loc["2025-01-03", "HK"])
    # a base date on a holiday uses the last real close before it
    assert es.index_to(closes, D("2025-01-04")).loc["2025-01-06", "HK"] == pytest.approx(80.0)


def test_change_between_uses_last_close_on_or_before(closes):
    assert es.change_between(closes["HK"], D("2025-01-03"), D("2025-01-07")) == pytest.approx(44 / 55 - 1)


def test_window_days_own_calendar_and_edges(closes):
    days = es.window_days(closes["HK"], D("2025-01-03"), before=0, after=1)
    assert list(days) == list(D(["2025-01-02", "2025-01-06", "2025-01-07"]))  # base day, day 0, day +1
    assert list(es.window_days(closes["US"], D("2025-01-01"), before=3, after=0)) == [D("2025-01-01")]
    assert len(es.window_days(closes["US"], D("2025-01-06"), before=0, after=10)) == 3  # cut at the data's end
    assert len(es.window_days(closes["US"], D("2026-01-01"), 1, 1)) == 0


def test_event_table_cumulative_and_abnormal(closes):
    table = es.event_table(closes, D("2025-01-03"), before=1, after=1, benchmark="BENCH").set_index("symbol")
    us = table.loc["US"]
    assert us["event_day"] == D("2025-01-03")
    assert us["event_day_return"] == pytest.approx(-0.10)
    # window: base 01-01 (100) to day +1 01-06 (108.9)
    assert us["cumulative_return"] == pytest.approx(0.089)
    assert us["benchmark_return"] == pytest.approx(0.0)
    assert us["abnormal_return"] == pytest.approx(0.089)
    hk = table.loc["HK"]
    assert hk["event_day"] == D("2025-01-06")  # first HK trading day on or after the event date
    assert hk["cumulative_return"] == pytest.approx(44 / 50 - 1)
    assert hk["benchmark_return"] == pytest.approx(1050 / 1000 - 1)
    assert hk["abnormal_return"] == pytest.approx(44 / 50 - 1 - 0.05)
    assert table.loc["BENCH", "abnormal_return"] == pytest.approx(0.0)


def test_changing_benchmark_changes_abnormal(closes):
    against_bench = es.event_table(closes, D("2025-01-03"), 1, 1, "BENCH").set_index("symbol")
    against_us = es.event_table(closes, D("2025-01-03"), 1, 1, "US").set_index("symbol")
    assert against_bench.loc["HK", "abnormal_return"] != pytest.approx(against_us.loc["HK", "abnormal_return"])


def test_indexed_window_is_100_the_day_before(closes):
    window = es.indexed_window(closes, D("2025-01-06"), before=1, after=1)
    us = window[window["symbol"] == "US"].set_index("day")
    assert us.loc[-1, "index"] == pytest.approx(100)
    assert us.loc[0, "index"] == pytest.approx(110.0)
    assert list(us.index) == [-2, -1, 0, 1]
    assert es.indexed_window(closes, D("2030-01-01"), 1, 1).empty


def test_basket_only_on_common_days(closes):
    indexed = es.index_to(closes[["US", "HK"]], D("2025-01-02"))
    basket = es.basket(indexed)
    assert D("2025-01-03") not in basket.index
    assert basket.loc["2025-01-06"] == pytest.approx((99.0 + 80.0) / 2)


def test_moves_to_common_end_compares_every_line_on_the_last_day_all_reached(closes):
    indexed = es.index_to(closes, D("2025-01-02")).loc[:"2025-01-06"]
    indexed.loc[D("2025-01-06"), "BENCH"] = np.nan  # the benchmark's data stops on the 3rd
    end, moves = es.moves_to_common_end(indexed)
    assert end == D("2025-01-03")
    assert list(moves.index) == ["HK", "BENCH", "US"]  # best first; HK's last close on or before the 3rd is the 2nd
    assert moves.tolist() == pytest.approx([0.0, 1000 / 1010 * 100 - 100, 90.0 - 100])


def test_moves_to_common_end_leaves_out_lines_with_no_close_after_the_base(closes):
    indexed = es.index_to(closes, D("2025-01-06"))
    indexed.loc[D("2025-01-07"), "HK"] = np.nan  # HK has only its base close
    end, moves = es.moves_to_common_end(indexed)
    assert end == D("2025-01-07")
    assert sorted(moves.index) == ["BENCH", "US"]
    assert moves["US"] == pytest.approx(10.0)
    single_day = es.index_to(closes, D("2025-01-07"))
    assert len(single_day) == 1
    nothing_end, nothing = es.moves_to_common_end(single_day)
    assert pd.isna(nothing_end)
    assert nothing.empty
    assert nothing.dtype == float
    assert es.moves_to_common_end(single_day.iloc[0:0])[1].empty


def test_closes_after_base_counts_only_real_closes_after_the_first_row(closes):
    indexed = es.index_to(closes, D("2025-01-02"))
    assert es.closes_after_base(indexed, "US") == 3
    assert es.closes_after_base(indexed, "HK") == 2  # the holiday on the 3rd is no close
    assert es.closes_after_base(indexed, "missing") == 0
    assert es.closes_after_base(indexed.iloc[0:0], "US") == 0
    assert es.closes_after_base(es.index_to(closes, D("2025-01-07")), "US") == 0


def test_daily_returns_keep_every_row_of_the_input_even_a_day_no_market_traded(closes):
    with_closed_day = pd.concat([closes, pd.DataFrame(np.nan, index=D(["2025-01-08"]), columns=closes.columns)])
    returns = es.daily_returns(with_closed_day)
    assert list(returns.index) == list(with_closed_day.index)
    assert returns.loc["2025-01-08"].isna().all()


def test_indexed_window_shape_edges_and_missing_base(closes):
    empty = es.indexed_window(closes, D("2030-01-01"), 1, 1)
    assert list(empty.columns) == ["date", "symbol", "day", "index"]
    shortest = es.indexed_window(closes, D("2025-01-02"), before=0, after=0)  # the base close and day 0 only
    assert sorted(shortest["symbol"].unique()) == ["BENCH", "HK", "US"]
    assert list(shortest.index) == list(range(len(shortest)))
    us = shortest[shortest["symbol"] == "US"]
    assert list(us["date"]) == list(D(["2025-01-01", "2025-01-02"]))
    assert us["index"].tolist() == pytest.approx([100.0, 110.0])
    first_day = es.indexed_window(closes, D("2025-01-01"), before=0, after=1)  # no close before day 0
    assert first_day["index"].isna().all()
    assert list(first_day[first_day["symbol"] == "US"]["day"]) == [0, 1]
    no_data_first = es.indexed_window(closes.assign(US=np.nan)[["US", "HK", "BENCH"]], D("2025-01-06"), 1, 1)
    assert sorted(no_data_first["symbol"].unique()) == ["BENCH", "HK"]  # a ticker without data is skipped, not the rest


def test_event_table_counts_the_shortest_window_and_skips_only_tickers_without_data(closes):
    shortest = es.event_table(closes, D("2025-01-02"), before=0, after=0, benchmark="BENCH")
    assert sorted(shortest["symbol"]) == ["BENCH", "HK", "US"]
    assert set(shortest["trading_days"]) == {1}
    no_first = es.event_table(closes.assign(US=np.nan), D("2025-01-06"), 1, 1, "BENCH")
    assert sorted(no_first["symbol"]) == ["BENCH", "HK"]


def test_point_lookups_at_the_edges_of_the_data(closes):
    assert np.isnan(es.close_on_or_before(closes["US"], D("2024-12-31")))  # before the first close: nothing
    assert es.day_return(closes["US"], D("2025-01-02")) == pytest.approx(0.10)  # the second day has a return
    assert es.index_to(closes, D("2024-12-01")).empty  # no close on or before the base: nothing to index
    assert list(es.window_days(closes["US"], D("2025-01-07"), before=1, after=5)) == list(
        D(["2025-01-03", "2025-01-06", "2025-01-07"])
    )


def test_event_table_reports_each_window_and_no_benchmark_return_without_a_benchmark(closes):
    table = es.event_table(closes, D("2025-01-03"), 1, 1, "BENCH").set_index("symbol")
    assert table.loc["US", "window_start"] == D("2025-01-01")
    assert table.loc["US", "window_end"] == D("2025-01-06")
    wide = es.event_table(closes, D("2025-01-03"), 1, 2, "BENCH").set_index("symbol")
    assert wide.loc["US", "window_end"] == D("2025-01-07")
    alone = es.event_table(closes, D("2025-01-03"), 1, 1, "NOT_THERE")
    assert alone["benchmark_return"].isna().all()
