"""The home page's headline numbers, recomputed from the tables by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from explainer.data import facts, prices
from explainer.story import headline as story


def test_apple_2024_share_and_rank_per_idc():
    result = story.apple_share(facts.load_table("china_smartphone_share_idc"), "2024")
    assert (result.share, result.rank, result.vendors_ahead) == (15.6, 3, ["vivo", "Huawei"])


def test_qwen_first_arena_reading():
    reading = story.first_arena_reading(facts.load_table("lmarena_snapshots"), "Qwen2.5-Max")
    assert (reading.score, reading.snapshot, reading.position) == (1332, pd.Timestamp("2025-02-17"), "8")


def test_capex_comparison_uses_one_row_per_company_and_the_announcement_rate():
    result = story.capex_comparison(
        facts.load_table("hyperscaler_capex"), facts.load_table("china_tech_capex_other"), facts.load_table("fx_rates")
    )
    assert result.us_by_company == {"Alphabet": 91.447, "Amazon": 131.8, "Meta": 72.22, "Microsoft": 88.2}
    assert result.us_total_usd_bn == pytest.approx(383.667)
    assert result.fx_rate == 7.25
    assert result.fx_date == pd.Timestamp("2025-02-24")
    assert result.alibaba_plan_usd_bn == pytest.approx(380 / 7.25)
    assert result.ratio == pytest.approx(383.667 / (380 / 7.25))


def test_story_events_keep_only_dated_happenings():
    events = story.story_events(facts.load_table("apple_china_events"), facts.load_table("deepseek_timeline"))
    assert events["date"].notna().all()
    assert events["date"].is_monotonic_increasing
    assert "low" not in set(events["confidence"])
    assert not events["event"].str.contains("parameters").any()
    assert {"2025-01-20", "2025-01-26", "2025-02-13", "2025-02-24"} <= set(events["date"].dt.strftime("%Y-%m-%d"))


def test_baba_change_since_start_of_2025_matches_cache():
    closes = prices.load_prices(["BABA"], "offline").closes()
    change, last = story.change_since(closes, "BABA", pd.Timestamp("2024-12-31"))
    cached = prices.read_cached("BABA")["adj_close"]
    assert last == cached.index[-1]
    assert change == pytest.approx(cached.iloc[-1] / cached.loc["2024-12-31"] - 1)


def test_headline_readings_keep_the_rows_they_rest_on_for_the_source_line():
    share = story.apple_share(facts.load_table("china_smartphone_share_idc"), "2024")
    assert share.year == "2024"
    assert set(share.rows["period"]) == {"2024"}
    assert "Apple" in set(share.rows["vendor"])
    reading = story.first_arena_reading(facts.load_table("lmarena_snapshots"), "Qwen2.5-Max")
    assert reading.model == "Qwen2.5-Max"
    assert len(reading.rows) == 1
    assert reading.rows["snapshot_date"].iloc[0] == pd.Timestamp("2025-02-17")


def test_capex_comparison_cites_the_us_rows_the_plan_and_the_rate():
    china = facts.load_table("china_tech_capex_other")
    result = story.capex_comparison(facts.load_table("hyperscaler_capex"), china, facts.load_table("fx_rates"))
    assert result.alibaba_plan_cny_bn == 380
    assert {"Alphabet", "Amazon", "Meta", "Microsoft", "Alibaba"} <= set(result.rows["company"].dropna())
    assert len(result.rows) == 4 + 1 + 1  # four US actuals, the plan, the exchange rate


def test_story_events_name_their_category_in_words_and_are_numbered_from_zero():
    events = story.story_events(facts.load_table("apple_china_events"), facts.load_table("deepseek_timeline"))
    assert list(events.columns) == ["date", "event", "category", "source", "confidence"]
    assert list(events.index) == list(range(len(events)))
    assert not events["category"].str.contains("_").any()
    assert {"apple alibaba", "AI models"} <= set(events["category"])


def test_story_events_take_the_unmeasured_happenings_and_keep_same_day_order():
    apple_events, timeline = facts.load_table("apple_china_events"), facts.load_table("deepseek_timeline")
    events = story.story_events(apple_events, timeline)
    assert events["event"].str.startswith("DeepSeek-R1 released").any()  # a happening has no measured value
    dated = facts.verified_only(apple_events).dropna(subset=["date"]).iloc[:1]
    crowd = pd.concat([dated] * 30).assign(event=[f"step {i:02d}" for i in range(30)])
    same_day = story.story_events(pd.concat([apple_events, crowd]), timeline)
    steps = same_day[same_day["event"].str.startswith("step ")]["event"].tolist()
    assert steps == [f"step {i:02d}" for i in range(30)]
