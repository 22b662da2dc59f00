"""AppTest: Chapter 3, every widget path."""

from __future__ import annotations

from tests.apptest import chart_data, chart_spec, figure

PAGE = "pages/qwen_benchmarks.py"


def x_field(element) -> str:
    return chart_spec(element)["spec"]["layer"][0]["encoding"]["x"]["field"]


def test_model_and_benchmark_selection_change_the_data(at):
    full = chart_data(figure(at, "q25_scores", "Qwen2.5-Max is best"))
    at.pills(key="q25_instruct_models").set_value(["Qwen2.5-Max", "DeepSeek-V3"]).run()
    fewer_models = chart_data(figure(at, "q25_scores", "Qwen2.5-Max is best"))
    assert set(fewer_models["model"]) == {"Qwen2.5-Max", "DeepSeek-V3"} < set(full["model"])
    at.pills(key="q25_instruct_benchmarks").set_value(["Arena-Hard"]).run()
    assert set(chart_data(figure(at, "q25_scores", "Qwen2.5-Max is best"))["benchmark"]) == {"Arena-Hard"}


def test_raw_gap_toggle_changes_the_values_drawn(at):
    element = figure(at, "q25_scores", "Qwen2.5-Max is best")
    assert x_field(element) == "value"
    at.segmented_control(key="q25_measure").set_value("gap to best").run()
    element = figure(at, "q25_scores", "Qwen2.5-Max is best")
    assert x_field(element) == "gap"
    assert chart_data(element)["gap"].max() == 0


def test_base_table_and_qwen3_table(at):
    at.segmented_control(key="q25_kind").set_value("base").run()
    assert "Qwen2.5-Max (base)" in set(chart_data(figure(at, "q25_scores", "Qwen2.5-Max is best"))["model"])
    assert not at.exception
    at.pills(key="q3_models").set_value(["Qwen3-235B-A22B", "Gemini-2.5-Pro"]).run()
    assert set(chart_data(figure(at, "q3_scores", "Qwen3-235B-A22B"))["model"]) == {"Qwen3-235B-A22B", "Gemini-2.5-Pro"}


def test_snapshot_control_changes_the_ranking(at):
    first = chart_data(figure(at, "arena", "Qwen2.5-Max scored 1332"))
    at.select_slider(key="arena_snapshot").set_value("2025-08-02").run()
    later = chart_data(figure(at, "arena", "Qwen3-235B-A22B-Instruct-2507 scored 1433"))
    assert set(later["model"]) != set(first["model"])
    assert not at.exception


def folded_returns(app):
    """Every release's returns, folded under the chart (an open grid redrawn on every move slowed the slider)."""
    folded = [e for e in app.expander if e.label == "Returns around every release"]
    assert len(folded) == 1
    return folded[0].dataframe[0].value


def test_release_and_window_change_the_market_reading(at):
    at.segmented_control(key="launch").set_value("Qwen3").run()
    window = chart_data(figure(at, "qwen_market", "Qwen3 (29 Apr 2025)"))
    returns = folded_returns(at)
    at.slider(key="launch_after").set_value(15).run()
    longer = chart_data(figure(at, "qwen_market", "Qwen3 (29 Apr 2025)"))
    assert longer["date"].nunique() > window["date"].nunique()
    # The folded table follows the window: each release's window return is recomputed over the longer window.
    assert not folded_returns(at)["cumulative_return"].equals(returns["cumulative_return"])


def test_qwen3_footnotes_and_the_r1_conflict_come_from_the_table(at):
    captions = " ".join(c.value for c in at.caption)
    assert "64 samples" in captions
    assert "DeepSeek-R1, ArenaHard = 93.2 (medium confidence)" in captions
    assert "92.3" in captions


def test_sources_name_the_blog_the_readme_and_the_snapshot(at):
    captions = " ".join(c.value for c in at.caption)
    assert "Qwen team blog 'Qwen2.5-Max" in captions
    assert "As of 28 Jan 2025" in captions
    assert "DeepSeek-V3 README" in captions
    assert "LMSYS Chatbot Arena" in captions
    assert "As of 2025-02-17" in captions
