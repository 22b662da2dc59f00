"""AppTest: the router and the home page, on the offline path every test here exercises."""

from __future__ import annotations

import datetime as dt

from tests.apptest import chart_data, charts, figure, figures, run_app


def test_home_runs_with_metrics_timeline_and_cached_status():
    at = run_app()
    assert not at.exception
    labels = {m.label: m.value for m in at.metric}
    assert labels["Apple, China share 2024"] == "15.6%"
    assert labels["NVIDIA on 27 Jan 2025"] == "-17.0%"
    assert labels["Qwen2.5-Max, Arena score"] == "1332"
    assert labels["US big four capex 2025"] == "$384 bn"
    assert any(c.value.startswith("Prices: cached snapshot, as of 2026-08-14") for c in at.caption)
    assert list(figures(at)) == ["timeline"]
    figure(at, "timeline", "Alibaba's shares")
    assert any(c.value.startswith("Source: Yahoo Finance") for c in at.caption)


def test_period_slider_changes_the_drawn_data():
    at = run_app()
    before = chart_data(charts(at)[0])
    at.slider(key="period").set_value((dt.date(2025, 1, 2), dt.date(2025, 3, 31))).run()
    after = chart_data(charts(at)[0])
    assert not at.exception
    assert len(after) < len(before)
    assert after["date"].min() >= dt.datetime(2025, 1, 2)
    assert after["date"].max() <= dt.datetime(2025, 3, 31)


def test_offline_mode_from_url_never_calls_yahoo(offline_yahoo):
    at = run_app(query={"prices": "offline"})
    assert not at.exception
    assert offline_yahoo.calls == []
    assert any("(offline mode)" in c.value for c in at.caption)


def test_auto_mode_says_why_prices_are_cached(offline_yahoo):
    at = run_app()
    assert offline_yahoo.calls, "auto mode tries Yahoo first"
    assert any("Why some prices" in e.label for e in at.expander)


def test_garbage_price_mode_in_url_falls_back_to_default():
    at = run_app(query={"prices": "<script>alert(1)</script>"})
    assert not at.exception
    assert at.segmented_control(key="prices").value == "auto"
