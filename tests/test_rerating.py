"""Chapter 5 arithmetic: the valuation, ADS/share and currency conversion, run-ups and drawdowns."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from explainer.data import facts
from explainer.story import headline, rerating


def test_sum_of_parts_per_ads_per_share_and_in_hkd():
    parts = rerating.SumOfParts(
        commerce_earnings_usd_bn=10.0, commerce_multiple=10.0, cloud_revenue_usd_bn=20.0, cloud_multiple=5.0,
        ads_bn=2.0, hkd_per_usd=7.8,
    )  # fmt: skip
    assert parts.commerce_value == 100.0
    assert parts.cloud_value == 100.0
    assert parts.total == 200.0
    assert parts.per_ads_usd == 100.0  # USD 200 bn over 2 bn ADS
    assert parts.per_share_usd == 12.5  # 1 ADS = 8 ordinary shares
    assert parts.per_share_hkd == pytest.approx(97.5)  # at 7.8 HKD per USD


def test_ads_equivalents_from_market_value_and_price():
    assert rerating.ads_equivalents_bn(344.31, 140.62) == pytest.approx(2.4485, abs=1e-4)


def test_swing_run_up_and_drawdown_by_hand():
    series = pd.Series([100.0, 80.0, 120.0, 90.0, 110.0], index=pd.date_range("2025-01-01", periods=5))
    result = rerating.swing(series, pd.Timestamp("2025-01-01"), pd.Timestamp("2025-01-05"))
    assert result.change == pytest.approx(0.10)
    assert result.max_run_up == pytest.approx(120 / 80 - 1)
    assert result.max_drawdown == pytest.approx(90 / 120 - 1)


def test_multiples_are_ordered_and_low_ones_marked_indicative():
    pe = rerating.multiples(facts.load_table("valuation_context"))
    assert pe["metric"].str.contains("P/E").all()
    assert pe["order"].is_monotonic_increasing
    assert pe.iloc[0]["value"] == 10
    assert set(pe.loc[pe["confidence"] == "low", "status"]) == {"unverified (indicative)"}


def test_cloud_run_rate_is_the_latest_quarter():
    latest = rerating.cloud_run_rate(facts.load_table("alibaba_quarterly"))
    assert (latest["alibaba_fiscal_quarter"], latest["value"]) == ("FY2026 Q2", 39.824)


def test_story_events_include_the_apple_report_and_the_plan():
    events = rerating.steps(headline.story_events(
        facts.load_table("apple_china_events"), facts.load_table("deepseek_timeline"),
        facts.load_table("market_moves"), facts.load_table("china_tech_capex_other"),
    ))  # fmt: skip
    dates = set(events["date"].dt.strftime("%Y-%m-%d"))
    assert {"2025-01-20", "2025-02-11", "2025-02-13", "2025-02-24", "2025-02-21", "2025-11-25"} <= dates
    assert "low" not in set(events["confidence"])


def test_cloud_share_is_undefined_rather_than_a_division_by_zero_when_both_parts_are_zero():
    nothing = rerating.SumOfParts(0.0, 4.0, 5.0, 0.0, 2.3, 7.8)
    assert nothing.total == 0
    assert nothing.cloud_share is None
    some = rerating.SumOfParts(10.0, 4.0, 20.0, 2.0, 2.3, 7.8)
    assert some.cloud_share == pytest.approx(40 / 80)


def test_swing_needs_two_closes_in_its_window_and_keeps_its_dates():
    days = pd.to_datetime(["2025-03-03", "2025-03-04", "2025-03-05", "2025-03-06"])
    closes = pd.Series([10.0, 12.0, 9.0, 11.0], index=days)
    one_day = rerating.swing(closes, days[1], days[1])
    assert (one_day.start, one_day.end) == (days[1], days[1])
    assert all(
        isinstance(v, float) and math.isnan(v) for v in (one_day.change, one_day.max_run_up, one_day.max_drawdown)
    )
    two_days = rerating.swing(closes, days[0], days[1])
    assert (two_days.change, two_days.max_run_up, two_days.max_drawdown) == pytest.approx((0.2, 0.2, 0.0))
    inside = rerating.swing(closes, days[0], days[2])  # ends before the data does
    assert (inside.start, inside.end) == (days[0], days[2])
    assert inside.change == pytest.approx(9 / 10 - 1)
    assert inside.max_run_up == pytest.approx(0.2)
    assert inside.max_drawdown == pytest.approx(9 / 12 - 1)


def test_free_text_dates_are_ordered_by_the_first_day_of_the_month_they_name():
    assert rerating._month_of("early Feb 2025 (before rally)") == pd.Timestamp("2025-02-01")
    assert rerating._month_of("2026-01 (press report, 2026-01-04)") == pd.Timestamp("2026-01-01")
    assert pd.isna(rerating._month_of("sometime soon"))
    assert pd.isna(rerating._month_of("Foo 2025"))  # a capitalised word that is not a month
    table = rerating.multiples(facts.load_table("valuation_context"))
    assert list(table.index) == list(range(len(table)))


def test_rerating_events_are_exactly_the_story_steps_the_chart_numbers():
    tables = [facts.load_table(n) for n in ("apple_china_events", "deepseek_timeline", "market_moves",
                                            "china_tech_capex_other")]  # fmt: skip
    events = rerating.steps(headline.story_events(*tables))
    assert list(events.columns) == ["date", "event", "source", "confidence"]
    assert list(events.index) == list(range(len(events)))
    assert list(events["date"].dt.strftime("%Y-%m-%d")) == [
        "2025-01-20", "2025-01-28", "2025-02-11", "2025-02-13", "2025-02-21", "2025-02-24", "2025-06-04", "2025-11-25",
    ]  # fmt: skip
    assert events["event"].iloc[4] == "Alibaba HK after Dec-quarter results (Feb 20)"  # a results day, by its name
    assert "stalled" in events["event"].iloc[6]
    plan_call = events["event"].iloc[7]
    assert plan_call.startswith("Signal on raising the 380B plan")
    calls = tables[3][(tables[3]["company"] == "Alibaba") & tables[3]["period"].str.match(r"\d{4}-\d{2}-\d{2}$")]
    assert plan_call == f"{calls['metric'].iloc[0]} ({calls['source'].iloc[0]})"
    doubtful = tables[0].assign(confidence="low")
    doubtful_steps = rerating.steps(headline.story_events(doubtful, *tables[1:]))
    assert len(doubtful_steps) == len(events) - 4  # low rows never become events


def test_multiples_table_has_exactly_its_columns():
    assert list(rerating.multiples(facts.load_table("valuation_context")).columns) == [
        "date_label", "order", "subject", "metric", "value", "unit", "status", "source", "source_ref", "confidence",
        "verification",
    ]  # fmt: skip
