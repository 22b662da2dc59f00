"""Chapter 4 arithmetic: conversion, weeks of spending, the press tally, actuals versus guidance."""

from __future__ import annotations

import pandas as pd
import pytest

from explainer.data import facts
from explainer.story import capex


@pytest.fixture(scope="module")
def spend() -> pd.DataFrame:
    return facts.load_table("hyperscaler_capex")


def test_conversion_and_weeks_of_spending():
    assert capex.to_usd(380.0, 7.6) == pytest.approx(50.0)
    commitment = capex.Commitment(total_cny_bn=380.0, years=3, cny_per_usd=7.6, us_2025_total_usd_bn=520.0)
    assert commitment.total_usd_bn == pytest.approx(50.0)
    assert commitment.per_year_usd_bn == pytest.approx(50.0 / 3)
    assert commitment.weeks_of_us_spending == pytest.approx(5.0)  # 520 a year = 10 a week


def test_press_tally_is_recomputed_from_first_guidance(spend):
    tally = capex.february_tally(spend)
    assert set(tally.rows["company"]) == set(capex.US_FOUR)
    assert tally.mid == pytest.approx(80 + 75 + 105.2 + 62.5)
    assert tally.low == pytest.approx(80 + 75 + 100 + 60)
    assert tally.low < 320 < tally.high  # the press's "more than $320 bn" sits inside the range of the guidance
    microsoft = tally.rows.set_index("company").loc["Microsoft"]
    assert microsoft["date"] == pd.Timestamp("2025-01-03")  # its FY2025 (to June) figure, in a calendar tally
    assert "mixes" in spend.loc[spend["fiscal_period"] == "2025 plans as of Feb 2025", "metric_definition"].item()


def test_annual_has_one_row_per_company_year_and_marks_guidance(spend):
    annual = capex.annual(spend, "incl. finance leases")
    assert not annual.duplicated(["company", "year"]).any()
    assert set(annual["kind"]) == {"actual", "guidance"}
    assert (annual[annual["kind"] == "guidance"]["year"] == 2026).all()
    meta_2026 = annual[(annual["company"] == "Meta") & (annual["year"] == 2026)].iloc[0]
    assert (meta_2026["low"], meta_2026["value"], meta_2026["high"]) == (115, 125, 135)
    assert annual[(annual["company"] == "Meta") & (annual["year"] == 2022)]["status"].item() == "unverified"


def test_microsoft_measure_switch(spend):
    cash = capex.annual(spend, "cash additions").query("company == 'Microsoft' and year == 2025")["value"].item()
    leases = capex.annual(spend, "incl. finance leases").query("company == 'Microsoft' and year == 2025")["value"]
    assert (cash, leases.item()) == (64.551, 88.2)


def test_guidance_path_ends_at_the_actual(spend):
    path = capex.guidance_path(spend, 2025)
    for _, rows in path.groupby("company"):
        assert rows["date"].is_monotonic_increasing
        assert rows["kind"].iloc[-1] == "actual"
    amazon = path[path["company"] == "Amazon"]["value"].tolist()
    assert amazon == [105.2, 118, 125, 131.8]


def test_alibaba_capex_converts_and_labels_back_solved_quarters():
    quarters = capex.alibaba_capex(facts.load_table("alibaba_quarterly"), 7.119)
    latest = quarters.set_index("alibaba_fiscal_quarter").loc["FY2026 Q2"]
    assert latest["usd_bn"] == pytest.approx(31.5 / 7.119)
    assert set(quarters.loc[quarters["confidence"] == "low", "status"]) == {"unverified (back-solved)"}


def test_cloud_revenue_at_alibabas_own_rate_reproduces_its_dollar_figure():
    cloud = capex.cloud_revenue(facts.load_table("alibaba_quarterly")).set_index("alibaba_fiscal_quarter")
    assert capex.to_usd(cloud.loc["FY2026 Q2", "cny_bn"], 7.1190) == pytest.approx(5.594, abs=0.001)


def test_guidance_events_are_the_us_statements_in_date_order_with_their_tickers():
    table = facts.load_table("hyperscaler_capex")
    events = capex.guidance_events(table)
    expected = table[table["company"].isin(capex.US_FOUR) & table["type"].str.startswith("guidance")]
    assert len(events) == len(expected) > 0
    assert list(events.columns) == ["company", "symbol", "date", "fiscal_period", "value", "source"]
    assert events["date"].is_monotonic_increasing
    assert list(events.index) == list(range(len(events)))
    for row in events.itertuples():
        assert row.symbol == capex.TICKERS[row.company]
        assert f"guidance ({row.date:%Y-%m-%d})" in set(expected.loc[expected["company"] == row.company, "type"])
    alphabet = events[events["company"] == "Alphabet"]
    assert list(alphabet["date"].dt.strftime("%Y-%m-%d")) == ["2025-02-04", "2025-07-23", "2025-10-29", "2026-02-04"]
    assert list(alphabet["value"][:3]) == [75, 85, 92]


def test_annual_keeps_only_the_latest_statement_of_a_years_guidance_with_its_range_and_date(spend):
    earlier = spend[(spend["company"] == "Alphabet") & (spend["type"] == "guidance (2026-02-04)")].assign(
        type="guidance (2025-12-01)", value=150.0, value_low=float("nan"), value_high=float("nan")
    )
    table = capex.annual(pd.concat([spend, earlier], ignore_index=True), "incl. finance leases")
    assert list(table.index) == list(range(len(table)))
    alphabet_2026 = table[(table["company"] == "Alphabet") & (table["year"] == 2026)]
    assert len(alphabet_2026) == 1
    row = alphabet_2026.iloc[0]
    assert (row["kind"], row["value"], row["low"], row["high"]) == ("guidance", 180.0, 175.0, 185.0)
    assert row["stated"] == pd.Timestamp("2026-02-04")
    amazon_2026 = table[(table["company"] == "Amazon") & (table["year"] == 2026)].iloc[0]
    assert amazon_2026["low"] == amazon_2026["high"] == amazon_2026["value"] == 200.0  # no range: the value itself
    actual = table[table["kind"] == "actual"]
    assert actual["stated"].isna().all()
    assert (actual["low"] == actual["value"]).all()
    assert (actual["high"] == actual["value"]).all()


def test_guidance_path_is_full_year_statements_and_actuals_dated_and_numbered(spend):
    path = capex.guidance_path(spend, 2025)
    assert list(path.index) == list(range(len(path)))
    assert set(path["kind"]) == {"guidance", "actual"}
    meta = path[path["company"] == "Meta"]
    assert list(meta["date"].dt.strftime("%Y-%m-%d")) == ["2025-01-29", "2025-10-29", "2025-12-31"]
    assert list(meta["value"]) == [62.5, 71.0, 72.22]
    assert len(path) == 13  # no quarterly actuals, no other year's statements


def test_alibaba_capex_names_back_solved_quarters_and_keeps_the_yuan_amount():
    quarters = capex.alibaba_capex(facts.load_table("alibaba_quarterly"), 7.2)
    assert "cny_bn" in quarters.columns
    assert quarters["usd_bn"].tolist() == pytest.approx((quarters["cny_bn"] / 7.2).tolist())
    status = dict(zip(quarters["alibaba_fiscal_quarter"], quarters["status"]))
    assert status["FY2025 Q1"] == "unverified (back-solved)"
    assert status["FY2026 Q1"] == "reported"


def test_tables_for_the_charts_and_their_downloads_have_exactly_their_columns(spend):
    assert list(capex.annual(spend, "cash additions").columns) == [
        "company", "year", "fiscal_period", "kind", "value", "low", "high", "metric_definition", "source",
        "source_ref", "confidence", "verification", "status", "stated",
    ]  # fmt: skip
    assert list(capex.guidance_path(spend, 2025).columns) == [
        "company", "date", "kind", "value", "value_low", "value_high", "metric_definition", "source", "confidence",
        "verification",
    ]  # fmt: skip
