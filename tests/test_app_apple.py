"""AppTest: Chapter 1, every widget path."""

from __future__ import annotations

import datetime as dt

from explainer.charts import builders, theme
from tests.apptest import chart_data, chart_spec, figure

PAGE = "pages/apple_china.py"


def test_page_has_its_charts_metric_and_sources(at):
    assert theme.title_text(chart_spec(figure(at, "china_share"))["title"]["text"]) == (
        "Apple's IDC rank in China: #1 in 2023, #3 in 2024, #2 in 2025"
    )
    figure(at, "greater_china_revenue", "Greater China sales fell to a trough in FY25 Q4")
    figure(at, "what_moved_it", "To 23 Jun 2026:")
    captions = " ".join(c.value for c in at.caption)
    assert "IDC Worldwide Quarterly Mobile Phone Tracker" in captions
    assert "Form 10-Q / 10-K" in captions
    assert "Yahoo Finance" in captions
    assert captions.count("As of") + captions.count("as of") >= 3


def test_default_what_if_equals_latest_actual(at):
    metric = at.metric[0]
    assert metric.value == "$64.4 bn"
    assert metric.delta == "+0.0 bn vs actual"


def test_what_if_sliders_change_the_metric(at):
    at.slider(key="winback").set_value(2.0).run()
    raised = at.metric[0].value
    assert raised == f"${64.377 + 64.377 / 16.2 * 2:,.1f} bn"
    at.slider(key="carried").set_value(50).run()
    assert at.metric[0].value == f"${64.377 + 64.377 / 16.2 * 2 * 0.5:,.1f} bn"


def test_year_range_and_period_toggle_change_share_data(at):
    annual = chart_data(figure(at, "china_share"))
    at.slider(key="share_years").set_value((2023, 2025)).run()
    narrowed = chart_data(figure(at, "china_share"))
    assert set(narrowed["start"].dropna()) < set(annual["start"].dropna())
    assert narrowed["start"].dropna().dt.year.between(2023, 2025).all()
    at.segmented_control(key="share_view").set_value("quarterly").run()
    quarterly = chart_data(figure(at, "china_share"))
    assert quarterly["start"].nunique() > narrowed["start"].nunique()  # a point a quarter, not a year
    assert quarterly[builders.TIP_DATE].dropna().str.startswith("Q").any()
    assert not at.exception


def test_second_tracker_is_a_labelled_separate_series(at):
    at.selectbox(key="tracker").set_value("Counterpoint").run()
    data = chart_data(figure(at, "china_share"))
    assert "Apple (Counterpoint)" in set(data["series"].dropna())
    at.selectbox(key="tracker").set_value("Omdia").run()  # Omdia gives no Apple share: a notice, no series
    assert any("Omdia published no Apple share" in i.value for i in at.info)


def test_revenue_toggle_switches_to_trailing_totals(at):
    quarterly = chart_data(figure(at, "greater_china_revenue"))
    at.segmented_control(key="revenue_view").set_value("trailing four quarters").run()
    trailing = chart_data(figure(at, "greater_china_revenue"))
    assert trailing["shown"].max() > 60 > quarterly["shown"].max()


def test_price_window_changes_the_indexed_lines(at):
    before = chart_data(figure(at, "what_moved_it"))
    at.slider(key="price_window").set_value((dt.date(2025, 1, 2), dt.date(2025, 6, 30))).run()
    after = chart_data(figure(at, "what_moved_it"))
    assert len(after) < len(before)
    first_day = after[after["date"] == after["date"].min()]
    assert first_day["index"].dropna().round(6).eq(100).all()


def test_a_report_day_and_a_benchmark_redraw_the_market_reaction(at):
    figure(at, "partner_reaction", "After the 11 Feb 2025 reports:")
    at.select_slider(key="partner_report").set_value("2024-03-22").run()
    reaction = chart_data(figure(at, "partner_reaction", "After the 22 Mar 2024 report:"))
    assert set(reaction["report_date"].astype(str).str[:10]) == {"2024-03-22"}
    at.selectbox(key="partner_benchmark").set_value("Nasdaq Composite").run()
    title = chart_spec(figure(at, "partner_reaction"))["title"]["text"]
    assert "against the Nasdaq Composite" in theme.title_text(title)
