"""Chapter 3 arithmetic: vendor tables, the harness comparison, the Arena ranking, adoption and launches."""

from __future__ import annotations

import pandas as pd
import pytest

from explainer.data import facts
from explainer.story import qwen


@pytest.fixture(scope="module")
def q25() -> pd.DataFrame:
    return facts.load_table("qwen25max_benchmarks")


def test_scores_leave_out_low_rows_unless_asked_and_then_label_them(q25):
    instruct = q25[q25["model_kind"] == "instruct"]
    models, benchmarks = list(instruct["model"].unique()), list(instruct["benchmark"].unique())
    default = qwen.scores(instruct, models, benchmarks, include_unverified=False)
    assert "low" not in set(default["confidence"])
    with_low = qwen.scores(instruct, models, benchmarks, include_unverified=True)
    assert set(with_low.loc[with_low["confidence"] == "low", "status"]) == {"unverified"}
    assert len(with_low) == len(instruct)


def test_gap_is_to_the_best_cell_shown(q25):
    instruct = q25[q25["model_kind"] == "instruct"]
    cells = qwen.scores(instruct, ["Qwen2.5-Max", "DeepSeek-V3"], ["Arena-Hard"], False).set_index("model")
    assert cells.loc["Qwen2.5-Max", "gap"] == 0
    assert cells.loc["DeepSeek-V3", "gap"] == pytest.approx(85.5 - 89.4)


def test_harness_keeps_publishers_apart_and_names_deepseek_metrics(q25):
    pairs = qwen.harness_comparison(q25, facts.load_table("deepseek_v3_reported_benchmarks"), "instruct")
    assert "GPT-4o-0806" not in set(pairs["model"])
    llama_gpqa = pairs[(pairs["model"] == "Llama-3.1-405B-Inst") & (pairs["benchmark"] == "GPQA-Diamond")]
    assert llama_gpqa.set_index("publisher")["value"].to_dict() == {"Qwen blog chart": 49.0, "DeepSeek-V3 README": 51.1}
    assert set(llama_gpqa["status"]) == {"unverified", "reported"}
    lcb = pairs[(pairs["model"] == "DeepSeek-V3") & (pairs["benchmark"] == "LiveCodeBench")]
    assert {"DeepSeek-V3 README (Pass@1)", "DeepSeek-V3 README (Pass@1-COT)"} <= set(lcb["publisher"])


def test_arena_ranking_orders_a_snapshot():
    arena = facts.load_table("lmarena_snapshots")
    ranking = qwen.arena_ranking(arena, pd.Timestamp("2025-02-17"))
    assert ranking["value"].is_monotonic_decreasing
    qwen_row = ranking[ranking["model"] == "Qwen2.5-Max"].iloc[0]
    assert (qwen_row["value"], qwen_row["rank_shown"], qwen_row["list_position"]) == (1332, 8, "8")


def test_adoption_keeps_dated_points_only():
    counts = qwen.adoption(facts.load_table("qwen_ecosystem"))
    assert counts["date"].notna().all()
    assert set(counts["series"]) == {"Derivative models", "API customers", "Downloads"}
    assert counts["lower_bound"].all()


def test_launch_dates_come_from_the_tables():
    releases = qwen.launches(
        facts.load_table("deepseek_timeline"), facts.load_table("qwen_ecosystem"), facts.load_table("market_moves")
    )
    assert releases.set_index("launch")["date"].dt.strftime("%Y-%m-%d").to_dict() == {
        "Qwen2.5-Max": "2025-01-28",
        "QwQ-32B": "2025-03-06",
        "Qwen3": "2025-04-29",
    }


def test_chart_footnotes_come_from_the_fact_sheet_notes():
    notes = qwen.chart_footnotes(facts.load_table("qwen3_benchmarks"))
    assert "AIME scores are the mean of 64 samples per question" in notes
    assert any("Aider" in note for note in notes)
    assert len(notes) == len(set(notes))


def test_adoption_counts_are_lower_bounds_with_their_series_named():
    counts = qwen.adoption(facts.load_table("qwen_ecosystem"))
    assert list(counts.columns) == [
        "date", "series", "metric", "value", "unit", "lower_bound", "source", "confidence", "verification",
    ]  # fmt: skip
    assert counts["lower_bound"].tolist() == [u.endswith("(>)") for u in counts["unit"]]
    assert counts["lower_bound"].dtype == bool


def test_launches_carry_their_sources_and_count_from_zero():
    tables = [facts.load_table(n) for n in ("deepseek_timeline", "qwen_ecosystem", "market_moves")]
    releases = qwen.launches(*tables)
    assert list(releases.columns) == ["date", "launch", "source", "press_note"]
    # The launch date press reports gave differently carries its note (28 vs 29 Jan 2025, time zones).
    assert releases.set_index("launch").loc["Qwen2.5-Max", "press_note"].startswith("Press vs source:")
    assert list(releases.index) == list(range(len(releases)))
    assert releases["source"].notna().all()
    qwen3 = releases.set_index("launch").loc["Qwen3"]
    assert qwen3["source"].startswith("Qwen team blog 'Qwen3: Think Deeper, Act Faster'")


def test_harness_pairs_use_deepseeks_base_table_for_base_models_and_count_from_zero(q25):
    deepseek_table = facts.load_table("deepseek_v3_reported_benchmarks")
    base = qwen.harness_comparison(q25, deepseek_table, "base")
    assert list(base.index) == list(range(len(base)))
    deepseek_rows = base[base["publisher"] != "Qwen blog chart"]
    assert len(deepseek_rows) > 0
    assert all("base" in model.lower() for model in deepseek_rows["model"])


def test_chart_footnotes_drop_only_a_trailing_full_stop():
    notes = pd.DataFrame({"notes": ["Footnote 1: .Scores are the mean of 64 samples.; other", "footnote b: Kept"]})
    assert qwen.chart_footnotes(notes) == [".Scores are the mean of 64 samples", "Kept"]


def test_a_model_from_an_unlisted_maker_is_labelled_other(q25):
    assert qwen.organisation("Mistral Large") == "Other"
    assert qwen.organisation("Qwen2.5-Max") == "Alibaba"
    cells = qwen.scores(q25, list(q25["model"].unique()), list(q25["benchmark"].unique()), True)
    assert set(cells["organisation"]) <= {*qwen.ORGANISATION.values(), "Other"}
    assert "Alibaba" in set(cells["organisation"])


def test_a_launch_counts_without_a_measured_move_and_takes_its_first_rows_source():
    timeline, ecosystem, moves = (facts.load_table(n) for n in ("deepseek_timeline", "qwen_ecosystem", "market_moves"))
    qwq = moves["name"].str.contains("QwQ")
    unmeasured = moves.assign(value=moves["value"].where(~qwq))  # the launch day matters, not the move's size
    assert "QwQ-32B" in set(qwen.launches(timeline, ecosystem, unmeasured)["launch"])
    qwen3 = ecosystem["metric"].str.startswith("Qwen3")
    relabelled = ecosystem.copy()
    relabelled.loc[relabelled.index[qwen3][1:], "source"] = "a later page"
    first = qwen.launches(timeline, relabelled, moves).set_index("launch").loc["Qwen3", "source"]
    assert first == ecosystem.loc[qwen3, "source"].iloc[0]


def test_chart_footnotes_keep_a_closing_letter():
    notes = pd.DataFrame({"notes": ["Footnote: scored by team X."]})
    assert qwen.chart_footnotes(notes) == ["scored by team X"]
