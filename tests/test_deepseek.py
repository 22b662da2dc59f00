"""Chapter 2 arithmetic: costs, API price ratios, baskets and group summaries."""

from __future__ import annotations

import pandas as pd
import pytest

from explainer.data import facts, prices
from explainer.story import deepseek
from explainer.story.reference import SELL_OFF


def test_training_costs_scale_with_the_rate_and_keep_estimates_fixed():
    costs = facts.load_table("training_cost_comparisons")
    at_two = deepseek.training_costs(costs, 2.0).set_index("model")["cost_usd_m"]
    at_three = deepseek.training_costs(costs, 3.0).set_index("model")["cost_usd_m"]
    assert at_two["DeepSeek-V3"] == pytest.approx(5.576)  # DeepSeek's own $2/GPU-hour figure
    assert at_two["Llama 3.1 405B"] == pytest.approx(61.68)
    assert at_three["DeepSeek-V3"] == pytest.approx(2.788 * 3)
    assert at_two["GPT-4"] == at_three["GPT-4"] == pytest.approx(78.4)
    assert at_two["Gemini Ultra"] == pytest.approx(191.4)


def test_api_price_ratios_match_the_fact_sheet():
    table = deepseek.api_prices(facts.load_table("api_prices"))
    assert deepseek.price_ratio(table, "o1", "deepseek-reasoner", "output") == pytest.approx(60 / 2.19)
    assert deepseek.price_ratio(table, "o1", "deepseek-reasoner", "input") == pytest.approx(15 / 0.55)
    assert "low" not in set(table["confidence"])
    assert not table["source"].str.contains("discount").any()


def test_divergence_baskets_start_at_100_before_the_event():
    closes = prices.load_prices(deepseek.US_AI + deepseek.CHINA_AI, "offline").closes()
    baskets = deepseek.divergence(closes, SELL_OFF, pd.Timestamp("2025-03-31"))
    for _, basket in baskets.groupby("basket"):
        assert basket["date"].iloc[0] == pd.Timestamp("2025-01-24")
        assert basket["index"].iloc[0] == pytest.approx(100)
        assert basket["date"].max() <= pd.Timestamp("2025-03-31")


def test_group_summary_excludes_benchmarks_and_ranks_groups():
    closes = prices.load_prices([s for g in deepseek.GROUPS.values() for s in g], "offline").closes()
    table = deepseek.event_study(closes, SELL_OFF, 5, 10, "^GSPC")
    summary = deepseek.group_summary(table)
    assert "Benchmarks" not in summary.index
    assert summary["cumulative_return"].is_monotonic_decreasing
    china = table[table["group"] == "China AI"]["cumulative_return"].mean()
    assert summary.loc["China AI", "cumulative_return"] == pytest.approx(china)


def test_training_cost_rows_say_how_each_figure_was_reached():
    table = deepseek.training_costs(facts.load_table("training_cost_comparisons"), 2.0).set_index("model")
    assert table.loc["DeepSeek-V3", "basis"] == table.loc["Llama 3.1 405B", "basis"] == "GPU-hours × your rate"
    assert table.loc["DeepSeek-V3", "detail"] == "2.788 M H800 hours"
    assert table.loc["Llama 3.1 405B", "detail"] == "30.840 M H100-80GB hours"
    assert table.loc["GPT-4", "basis"] == table.loc["Gemini Ultra", "basis"] == "published estimate"
    assert table.loc["GPT-4", "detail"] == "Stanford AI Index 2024 (estimates by Epoch AI)"


def test_api_prices_keep_all_three_providers_and_drop_low_confidence_rows():
    listed = facts.load_table("api_prices")
    table = deepseek.api_prices(listed)
    assert set(table["provider"]) == {"DeepSeek", "OpenAI", "Anthropic"}
    assert set(table[table["provider"] == "Anthropic"]["kind"]) == {"input", "output"}
    doubtful = listed[listed["model"].str.startswith("o1")].assign(confidence="low", value=999.0)
    assert 999.0 not in set(deepseek.api_prices(pd.concat([listed, doubtful]))["value"])


def test_divergence_names_its_two_baskets_and_skips_a_basket_without_prices():
    closes = prices.load_prices(deepseek.US_AI + deepseek.CHINA_AI, "offline").closes()
    baskets = deepseek.divergence(closes, SELL_OFF, pd.Timestamp("2025-03-31"))
    assert list(baskets["basket"].unique()) == ["US AI (hardware + hyperscalers)", "China AI"]
    assert list(baskets.index) == list(range(len(baskets)))
    china_only = deepseek.divergence(closes[deepseek.CHINA_AI], SELL_OFF, pd.Timestamp("2025-03-31"))
    assert list(china_only["basket"].unique()) == ["China AI"]
    us_only = deepseek.divergence(closes[deepseek.US_AI], SELL_OFF, pd.Timestamp("2025-03-31"))
    assert list(us_only["basket"].unique()) == ["US AI (hardware + hyperscalers)"]
    nothing = deepseek.divergence(closes[[]], SELL_OFF, pd.Timestamp("2025-03-31"))
    assert nothing.empty
    assert list(nothing.columns) == ["date", "basket", "index"]


def test_the_event_study_measures_against_the_benchmark_it_is_given():
    closes = prices.load_prices(["NVDA", "^GSPC", "^IXIC"], "offline").closes()
    against_sp = deepseek.event_study(closes, SELL_OFF, 5, 10, "^GSPC").set_index("symbol")
    against_nasdaq = deepseek.event_study(closes, SELL_OFF, 5, 10, "^IXIC").set_index("symbol")
    assert against_sp["benchmark_return"].notna().all()
    assert against_sp.loc["^GSPC", "abnormal_return"] == pytest.approx(0.0)
    assert against_nasdaq.loc["NVDA", "abnormal_return"] != pytest.approx(against_sp.loc["NVDA", "abnormal_return"])
    assert against_sp.loc["NVDA", "group"] == "US AI hardware"
