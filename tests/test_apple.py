"""Chapter 1 arithmetic checked against the tables by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from explainer.data import facts
from explainer.story import apple


@pytest.fixture(scope="module")
def idc() -> pd.DataFrame:
    return facts.load_table("china_smartphone_share_idc")


@pytest.fixture(scope="module")
def greater_china() -> pd.DataFrame:
    return facts.load_table("apple_greater_china_quarterly")


def test_trailing_sum_needs_a_full_window():
    result = apple.trailing_sum(pd.Series([1.0, 2.0, 3.0, 4.0, 5.0]), 4)
    assert np.isnan(result.iloc[:3]).all()
    assert result.iloc[3:].tolist() == [10.0, 14.0]


def test_trailing_four_quarters_match_fiscal_year_totals(greater_china):
    quarters = apple.greater_china_quarters(greater_china)
    totals = greater_china[greater_china["fiscal_quarter"] == "FY total"].set_index("fiscal_year")["value"]
    q4 = quarters[quarters["fiscal_quarter"] == "Q4"].set_index("fiscal_year")["trailing_4q"]
    for year, trailing in q4.items():
        assert trailing == pytest.approx(totals[year], abs=0.002)


def test_quarters_start_in_fy2021_and_carry_calendar_months(greater_china):
    quarters = apple.greater_china_quarters(greater_china)
    assert quarters["label"].iloc[0] == "FY21 Q1 · Oct–Dec 2020"
    assert quarters["label"].iloc[-1] == "FY26 Q1 · Oct–Dec 2025"


def test_turning_points_come_from_the_data(greater_china):
    turn = apple.turning_points(apple.greater_china_quarters(greater_china))
    assert turn.trough_label.startswith("FY25 Q4")
    assert turn.trough_value == pytest.approx(14.493)
    assert turn.rebound_label.startswith("FY26 Q1")
    assert turn.rebound_yoy_pct == pytest.approx(37.9)


def test_what_if_default_reproduces_latest_actual_year(idc, greater_china):
    scenario = apple.what_if(greater_china, idc, points=0.0, carried=1.0)
    assert scenario.base_year == "FY2025"
    assert scenario.implied_revenue == pytest.approx(64.377)


def test_what_if_scales_with_points_and_carried_share(idc, greater_china):
    scenario = apple.what_if(greater_china, idc, points=2.0, carried=0.5)
    per_point = 64.377 / 16.2
    assert scenario.revenue_per_point == pytest.approx(per_point)
    assert scenario.implied_revenue == pytest.approx(64.377 + per_point * 2.0 * 0.5)


def test_takeaways_against_the_tables(idc, greater_china):
    t = apple.takeaways(idc, greater_china)
    assert (t.best_year, t.best_share, t.best_rank) == ("2023", 17.3, 1)
    assert (t.worst_year, t.worst_share, t.worst_rank) == ("2024", 15.6, 3)
    assert t.share_lost == pytest.approx(1.7)
    assert (t.peak_annual_label, t.latest_annual_label) == ("FY2022", "FY2025")
    assert t.annual_change_pct == pytest.approx((64.377 / 74.2 - 1) * 100)


def test_idc_gaps_are_rows_without_a_share_never_filled(idc):
    quarterly = apple.idc_shares(idc, "quarter", 2019, 2025)
    apple_q = quarterly[quarterly["vendor"] == "Apple"].set_index("period")
    assert np.isnan(apple_q.loc["2021Q1", "share"])
    assert "gap" in apple_q.loc["2021Q1", "caveat"]
    published = idc[(idc["vendor"] == "Apple") & (idc["period_type"] == "quarter")].set_index("period")["value"]
    assert apple_q["share"].dropna().to_dict() == published.to_dict()


def test_huawei_caveats_read_from_the_table(idc):
    annual = apple.idc_shares(idc, "year", 2019, 2025)
    huawei = annual[annual["vendor"] == "Huawei"].set_index("period")["caveat"]
    assert "includes Honor" in huawei["2019"]
    assert "inside 'Others'" in huawei["2021"]
    assert huawei["2024"] == ""


def test_other_tracker_stays_a_separate_series():
    other = facts.load_table("china_smartphone_share_other_trackers")
    counterpoint = apple.other_tracker_apple(other, "Counterpoint", "year")
    assert counterpoint["tracker"].unique().tolist() == ["Counterpoint"]
    assert counterpoint.set_index("period")["share"].to_dict() == {"2024": 15.5}


def test_trailing_growth_compares_four_quarter_sums_a_year_apart(greater_china):
    quarters = apple.greater_china_quarters(greater_china)
    assert list(quarters.index) == list(range(len(quarters)))
    by_label = quarters.set_index("label")
    fy22_q4, fy21_q4 = by_label.loc["FY22 Q4 · Jul–Sep 2022"], by_label.loc["FY21 Q4 · Jul–Sep 2021"]
    assert fy22_q4["trailing_yoy_pct"] == pytest.approx((fy22_q4["trailing_4q"] / fy21_q4["trailing_4q"] - 1) * 100)


def test_turning_points_look_only_after_the_trough_and_survive_a_trough_at_the_end():
    quarters = pd.DataFrame(
        {
            "label": ["a", "b", "c"],
            "value": [10.0, 5.0, 8.0],
            "yoy_change_pct": [1.0, 50.0, 20.0],  # the trough itself grew most: it is not its own rebound
            "quarter_end_date": pd.to_datetime(["2025-03-31", "2025-06-30", "2025-09-30"]),
        }
    )
    assert apple.turning_points(quarters) == apple.TurningPoints("b", 5.0, "c", 20.0)
    last_is_lowest = quarters.assign(value=[10.0, 8.0, 5.0])
    assert apple.turning_points(last_is_lowest) == apple.TurningPoints("c", 5.0, "c", 20.0)


def test_what_if_names_the_idc_year_it_pairs_with(idc, greater_china):
    assert apple.what_if(greater_china, idc, 1.0, 0.5).share_year == "2025"


def test_takeaways_from_a_later_start_year_and_from_the_last_year_alone(idc, greater_china):
    from_2023 = apple.takeaways(idc, greater_china, since_year=2023)
    assert (from_2023.best_year, from_2023.best_share, from_2023.best_rank) == ("2023", 17.3, 1)
    assert (from_2023.latest_year, from_2023.latest_share, from_2023.latest_rank) == ("2025", 16.2, 2)
    only_2025 = apple.takeaways(idc, greater_china, since_year=2025)
    assert only_2025.best_year == only_2025.worst_year == "2025"
    first_year_peak = greater_china.copy()
    first_year_peak.loc[
        (first_year_peak["fiscal_year"] == "FY2021") & (first_year_peak["fiscal_quarter"] == "FY total"), "value"
    ] = 999.0
    assert apple.takeaways(idc, first_year_peak).peak_annual_label == "FY2021"


def test_annual_caveats_name_each_gap_in_idcs_own_words(idc):
    shares = apple.idc_shares(idc, "year", 2019, 2025)
    assert list(shares.index) == list(range(len(shares)))
    caveat = shares.set_index(["vendor", "period"])["caveat"]
    assert caveat["Huawei", "2019"] == "includes Honor (spun off Nov 2020)"
    assert caveat["Huawei", "2022"] == "not broken out: inside 'Others' in IDC's release"
    assert caveat["Honor", "2019"] == "not in IDC's published figures for this period"
    assert caveat["Apple", "2024"] == ""
    starts = shares.set_index(["vendor", "period"])["start"]
    assert starts["Apple", "2024"] == pd.Timestamp("2024-01-01")


def test_quarterly_shares_run_on_a_quarter_grid_with_unpublished_quarters_as_gaps(idc):
    shares = apple.idc_shares(idc, "quarter", 2024, 2025)
    ours = shares[shares["vendor"] == "Apple"].set_index("period")
    assert list(ours.index) == [f"{y}Q{q}" for y in (2024, 2025) for q in (1, 2, 3, 4)]  # every quarter, none skipped
    assert ours.loc["2024Q3", "start"] == pd.Timestamp("2024-07-01")
    assert pd.isna(ours.loc["2024Q2", "share"])
    assert ours.loc["2024Q2", "caveat"] == "not in IDC's published figures for this period"
    assert ours.loc["2024Q4", "share"] == 17.4
    assert set(shares["vendor"]) == set(apple.VENDORS)


def test_a_period_with_no_idc_release_at_all_is_a_gap_that_says_so(idc):
    assert apple._caveat("Apple", "2030", idc) == "no IDC release for this period in the data: left as a gap"
    assert apple._caveat("Apple", "2021", idc) == ""  # published: nothing to say
    assert apple._caveat("Xiaomi", "2024", idc) == "not in IDC's published figures for this period"


def test_other_tracker_quarters_and_years_are_told_apart():
    other = facts.load_table("china_smartphone_share_other_trackers")
    quarters = apple.other_tracker_apple(other, "Counterpoint", "quarter")
    assert len(quarters) > 0
    assert quarters["period"].str.fullmatch(r"\d{4}Q\d").all()
    assert quarters.set_index("period").loc["2021Q3", "start"] == pd.Timestamp("2021-07-01")
    years = apple.other_tracker_apple(other, "Counterpoint", "year")
    assert years["period"].str.fullmatch(r"\d{4}").all()
    assert (years["start"].dt.month == 1).all()


def test_quarters_carry_no_leftover_index_column(greater_china):
    assert "index" not in apple.greater_china_quarters(greater_china).columns


def test_huawei_missing_where_no_others_row_holds_it_is_simply_unpublished(idc):
    without_others = idc[~((idc["vendor"] == "Others (incl. Huawei)") & (idc["period"] == "2022"))]
    assert apple._caveat("Huawei", "2022", idc) == "not broken out: inside 'Others' in IDC's release"
    assert apple._caveat("Huawei", "2022", without_others) == "not in IDC's published figures for this period"


def test_share_table_has_exactly_its_columns(idc):
    assert list(apple.idc_shares(idc, "year", 2019, 2025).columns) == [
        "period", "vendor", "share", "rank", "confidence", "verification", "notes", "start", "caveat",
    ]  # fmt: skip
