"""AppTest: Chapter 5, every widget path."""

from __future__ import annotations

import datetime as dt

import pytest

from explainer.data import prices
from tests.apptest import chart_data, figures

PAGE = "pages/rerating.py"


def metric(app, label_start: str) -> str:
    return next(m for m in app.metric if m.label.startswith(label_start)).value


@pytest.mark.parametrize(
    ("widget", "key", "value"),
    [
        ("slider", "commerce_pe", 20.0),
        ("slider", "cloud_ps", 8.0),
        ("slider", "cloud_run_rate", 30.0),
        ("number_input", "commerce_earnings", 25.0),
    ],
)
def test_each_input_changes_the_implied_value(at, widget, key, value):
    before = metric(at, "Implied value per ADS")
    getattr(at, widget)(key=key).set_value(value).run()
    assert not at.exception
    assert metric(at, "Implied value per ADS") != before


def test_default_run_rate_is_the_latest_quarter_times_four(at):
    assert at.slider(key="cloud_run_rate").value == pytest.approx(round(39.824 * 4 / 7.1190, 1))
    assert at.slider(key="commerce_pe").value == 10.0


def test_latest_price_is_the_last_close_in_the_price_data(at):
    cached = prices.read_cached("BABA")["close"]
    label = next(m.label for m in at.metric if m.label.startswith("Latest BABA close"))
    assert f"{cached.index[-1]:%d %b %Y}" in label
    assert metric(at, "Latest BABA close") == f"${cached.iloc[-1]:,.2f}"


def test_date_pickers_change_the_run_up(at):
    before = metric(at, "Largest run-up within")
    at.date_input(key="swing_from").set_value(dt.date(2025, 6, 2)).run()
    at.date_input(key="swing_to").set_value(dt.date(2025, 10, 1)).run()
    assert metric(at, "Largest run-up within") != before
    at.date_input(key="swing_from").set_value(dt.date(2025, 12, 1)).run()
    assert any("must be before" in w.value for w in at.warning)


def test_start_date_reindexes_the_path(at):
    at.slider(key="rerating_start").set_value(dt.date(2025, 6, 2)).run()
    data = chart_data(figures(at)["rerating_path"]).dropna(subset=["index"])
    assert data["date"].min() >= dt.datetime(2025, 6, 2)
    first_day = data[data["date"] == data["date"].min()]
    assert first_day["index"].round(6).eq(100).all()


def test_every_chart_and_number_has_a_source_and_date(at):
    captions = " ".join(c.value for c in at.caption)
    assert "Yahoo Finance" in captions
    assert "Wallstreetcn" in captions
    assert "As of" in captions
    arithmetic = " ".join(m.value for m in at.markdown)
    assert "companiesmarketcap" in arithmetic
    assert "not investment advice" in arithmetic
