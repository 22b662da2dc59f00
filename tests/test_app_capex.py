"""AppTest: Chapter 4, every widget path."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from tests.apptest import chart_data, chart_spec, figures

PAGE = "pages/capex_race.py"
CONVERTED = {"same_frame", "alibaba_quarters", "cloud_growth"}


def by_key(app) -> dict[str, pd.DataFrame]:
    return {key: chart_data(element) for key, element in figures(app).items()}


def spec(app, key: str) -> dict:
    return chart_spec(figures(app)[key])


def test_fx_slider_changes_every_converted_value_and_nothing_else(at):
    before, metrics_before = by_key(at), {m.label: m.value for m in at.metric}
    at.slider(key="usd_cny").set_value(7.5).run()
    after, metrics_after = by_key(at), {m.label: m.value for m in at.metric}
    for key in before:
        if key in CONVERTED:
            assert not before[key].equals(after[key]), key
        else:
            pd.testing.assert_frame_equal(before[key], after[key], obj=key)
    assert all(metrics_before[label] != metrics_after[label] for label in metrics_before)
    alibaba = after["same_frame"].set_index("label")
    assert alibaba.loc["Alibaba plan, per year (RMB 380 bn ÷ 3)", "value"] == pytest.approx(380 / 7.5 / 3)
    us = after["same_frame"][after["same_frame"]["group"] == "US hyperscalers"]
    us_before = before["same_frame"][before["same_frame"]["group"] == "US hyperscalers"]
    assert us["value"].tolist() == us_before["value"].tolist()


def test_default_rate_is_alibabas_sourced_rate(at):
    assert at.slider(key="usd_cny").value == pytest.approx(7.1190)
    assert "Alibaba used for its US-dollar figures" in at.slider(key="usd_cny").help


def test_layout_toggle_and_year_range_change_the_us_chart(at):
    grouped = spec(at, "us_capex")
    at.segmented_control(key="capex_layout").set_value("stacked").run()
    stacked = spec(at, "us_capex")
    assert "xOffset" in json.dumps(grouped)
    assert "xOffset" not in json.dumps(stacked)
    at.slider(key="capex_years").set_value((2024, 2025)).run()
    assert set(by_key(at)["us_capex"]["year"].dropna()) == {2024, 2025}


def test_actuals_and_guidance_are_distinguished_by_an_encoding(at):
    encoding = spec(at, "us_capex")["layer"][0]["encoding"]
    assert encoding["opacity"]["field"] == "kind"
    assert set(by_key(at)["us_capex"]["kind"].dropna()) == {"actual", "guidance"}


def test_microsoft_measure_changes_its_bars(at):
    leases = by_key(at)["us_capex"].query("company == 'Microsoft'")["value"].tolist()
    at.selectbox(key="msft_measure").set_value("cash additions").run()
    cash = by_key(at)["us_capex"].query("company == 'Microsoft'")["value"].tolist()
    assert leases != cash
    assert 64.551 in cash


def test_press_tally_is_stated_as_a_mixed_fiscal_year_tally(at):
    text = " ".join(m.value for m in at.markdown)
    assert "$322.7 bn" in text
    assert "mixes Microsoft's fiscal year" in text


def test_verdict_window_changes_the_reactions(at):
    short = by_key(at)["verdict"]
    at.slider(key="verdict_after").set_value(10).run()
    long = by_key(at)["verdict"]
    assert not short["abnormal_return"].round(8).equals(long["abnormal_return"].round(8))


def test_source_lines_name_filings_calls_results_and_fx(at):
    captions = " ".join(c.value for c in at.caption)
    for needle in ("10-K", "earnings call", "Alibaba Group quarterly results", "Fed H.10", "Yahoo Finance"):
        assert needle in captions, needle
