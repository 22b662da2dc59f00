"""AppTest: Chapter 2, every widget path."""

from __future__ import annotations

import pandas as pd
import pytest

from explainer.charts import theme
from explainer.data import prices
from tests.apptest import chart_data, chart_spec, charts, figure

PAGE = "pages/deepseek_shock.py"


def window_chart(app):
    return figure(app, "event_window")


def abnormal_chart(app):
    return figure(app, "abnormal_returns")


def test_nvda_event_day_return_matches_the_cache(at):
    # The returns sit folded under the charts (an open grid redrawn on every window move slowed the slider).
    folded = [e for e in at.expander if e.label == "Returns by ticker"]
    assert len(folded) == 1
    assert len(folded[0].dataframe) == 1
    table = folded[0].dataframe[0].value.set_index("name")
    cached = prices.read_cached("NVDA")["close"]
    expected = cached.loc["2025-01-27"] / cached.loc["2025-01-24"] - 1
    assert table.loc["NVIDIA", "event_day_return"] == pytest.approx(expected, abs=0.001)
    assert any("NVIDIA closed **-17.0%**" in m.value for m in at.markdown)


def test_window_sliders_change_the_days_in_the_indexed_chart(at):
    days = chart_data(window_chart(at)).query("name == 'NVIDIA'")["date"].nunique()
    at.slider(key="after").set_value(20).run()
    longer = chart_data(window_chart(at)).query("name == 'NVIDIA'")["date"].nunique()
    at.slider(key="before").set_value(0).run()
    shorter = chart_data(window_chart(at)).query("name == 'NVIDIA'")["date"].nunique()
    assert (days, longer, shorter) == (5 + 1 + 10 + 1, 5 + 1 + 20 + 1, 0 + 1 + 20 + 1)


def test_benchmark_changes_the_abnormal_returns(at):
    against_sp = chart_data(abnormal_chart(at)).set_index("symbol")["abnormal_return"]
    at.selectbox(key="benchmark").set_value("Hang Seng").run()
    against_hsi = chart_data(abnormal_chart(at)).set_index("symbol")["abnormal_return"]
    assert not against_sp.round(6).equals(against_hsi.round(6))
    assert "Hang Seng" in theme.title_text(chart_spec(abnormal_chart(at))["title"]["subtitle"])


def test_groups_pick_the_tickers(at):
    at.pills(key="groups").set_value(["Apple"]).run()
    assert set(chart_data(window_chart(at))["name"].dropna()) == {"Apple"}  # the chart sends display names
    at.pills(key="groups").set_value([]).run()
    assert any("Pick at least one group" in i.value for i in at.info)
    assert not at.exception


def test_event_date_moves_day_zero(at):
    at.date_input(key="event_date").set_value(pd.Timestamp("2025-04-03").date()).run()
    table = at.dataframe[0].value
    assert (table["event_day"] == pd.Timestamp("2025-04-03")).any()


def test_gpu_rate_scales_both_costs_and_log_toggle(at):
    before = chart_data(figure(at, "training_costs", "At $2.00")).set_index("model")["cost_usd_m"]
    at.slider(key="gpu_rate").set_value(4.0).run()
    after = chart_data(figure(at, "training_costs", "At $4.00")).set_index("model")["cost_usd_m"]
    for model in ("DeepSeek-V3", "Llama 3.1 405B"):
        assert after[model] == pytest.approx(2 * before[model])
    assert after["GPT-4"] == before["GPT-4"]
    at.toggle(key="cost_log").set_value(True).run()
    assert "log" in str(chart_spec(figure(at, "training_costs", "At $4.00")))


def test_divergence_end_changes_the_baskets(at):
    full = chart_data(figure(at, "divergence", "After the shock"))
    at.slider(key="divergence_end").set_value(pd.Timestamp("2025-03-31").date()).run()
    short = chart_data(figure(at, "divergence", "After the shock"))
    assert short["date"].max() <= pd.Timestamp("2025-03-31") < full["date"].max()
    y_title = chart_spec(figure(at, "divergence", "After the shock"))["layer"][0]["encoding"]["y"]["title"]
    assert y_title == "Index (24 Jan 2025 = 100)"  # the last close before the sell-off, a Friday


def test_every_chart_has_a_source_line(at):
    captions = [c.value for c in at.caption if c.value.startswith("Source:")]
    assert len(captions) >= len(charts(at))
    joined = " ".join(captions)
    for source in ("DeepSeek API news", "Yahoo Finance", "Stanford AI Index", "OpenAI API pricing page"):
        assert source in joined
