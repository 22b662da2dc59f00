"""Chart builders and the figure frame, without Streamlit: what each chart sends the browser and how it reads
(one highlighted series in its company's colour, the rest muted, direct labels, numbers that never overlap)."""

from __future__ import annotations

import pandas as pd

from explainer.charts import builders, fmt, render, theme, vl
from explainer.charts.figure import Figure


def spec(chart: dict) -> dict:
    finished = render.spec(chart, arrow=False)
    render.validate(finished)
    return finished


def datasets(chart) -> list[list[dict]]:
    return list(spec(chart)["datasets"].values())


def lines() -> pd.DataFrame:
    dates = pd.date_range("2025-01-01", periods=3)
    return pd.DataFrame({
        "date": list(dates) * 3,
        "name": ["Apple"] * 3 + ["Xiaomi"] * 3 + ["S&P 500"] * 3,
        "index": [100, 90, 80, 100, 110, 120, 100, 101, None],
    })  # fmt: skip


def test_event_numbers_that_would_touch_share_one_label_naming_their_run():
    events = pd.DataFrame({"date": pd.to_datetime(["2025-01-01", "2025-01-02", "2025-09-01", "2025-01-03"]),
                           "n": [1, 2, 4, 3], "event": ["a", "b", "d", "c"]})  # fmt: skip
    placed = builders.event_labels(events, pd.Timestamp("2025-01-01"), pd.Timestamp("2025-12-31"), width_px=640)
    assert list(placed["label"]) == ["1\u20133", "4"]
    assert placed["events"][0] == "1. a; 2. b; 3. c"
    assert placed["right_px"][0] + builders.EVENT_LABEL_GAP_PX <= placed["left_px"][1]
    # Wide enough, every number has a label of its own.
    wide = builders.event_labels(events, pd.Timestamp("2025-01-01"), pd.Timestamp("2025-12-31"), width_px=20_000)
    assert list(wide["label"]) == ["1", "2", "3", "4"]


def test_a_run_of_numbers_that_is_not_consecutive_is_listed():
    assert builders.numbers_label([5, 6, 7]) == "5\u20137"
    assert builders.numbers_label([3, 5]) == "3, 5"
    assert builders.numbers_label([9]) == "9"


def test_dodged_labels_keep_their_order_and_a_minimum_gap():
    positions = pd.Series([10.0, 10.1, 50.0], index=["a", "b", "c"])
    placed = builders.dodge(positions, pd.Series([0.0, 100.0]))
    assert placed[0] == 10.0
    assert placed[1] >= placed[0] + 7.5 - 1e-9  # 7.5 % of the 0–100 span: a label is about that tall
    assert placed[2] == 50.0


def test_highlighted_line_takes_its_company_colour_and_the_others_start_muted():
    chart = builders.highlighted_lines(lines(), x="date", y="index", series="name", highlight="Apple",
                                       y_title="Index", companies={"S&P 500": "Benchmark"})  # fmt: skip
    others, main, other_labels, main_label = spec(chart)["layer"]
    assert main["mark"]["color"] == theme.color_of("Apple")
    assert others["encoding"]["color"]["value"] == theme.MUTED
    datasets = spec(chart)["datasets"]
    assert {row["name"] for row in datasets[main["data"]["name"]]} == {"Apple"}
    # Label text carries no colour of its own: named styles the theme fills in (muted, and Apple's shade).
    assert other_labels["mark"]["style"] == theme.MUTED_TEXT
    assert main_label["mark"]["style"] == theme.text_style(theme.color_of("Apple"))
    label_rows = datasets[other_labels["data"]["name"]] + datasets[main_label["data"]["name"]]
    # One direct label per line, at the right edge level with its last real value (the S&P 500's missing last
    # point is a gap, so its label sits at its 2 January value).
    assert sorted(row["name"] for row in label_rows) == ["Apple", "S&P 500", "Xiaomi"]
    assert [row["label_y"] for row in label_rows if row["name"] == "S&P 500"] == [101.0]
    assert other_labels["encoding"]["x"] == main_label["encoding"]["x"] == {"value": "width"}


def test_ranked_bars_are_largest_first_in_fixed_colours():
    data = pd.DataFrame({"name": ["a", "b", "c"], "value": [0.1, 0.3, -0.2], "group": ["x", "y", "x"]})
    chart = builders.ranked_bars(data, value="value", category="name", color_field="group",
                                 colors={"x": "#000000"}, value_title="Return")  # fmt: skip
    bars = spec(chart)["layer"][0]
    assert bars["encoding"]["y"]["sort"] == ["b", "a", "c"]
    assert bars["encoding"]["color"]["scale"] == {"domain": ["x", "y"], "range": ["#000000", theme.MUTED]}
    log = builders.ranked_bars(data.assign(value=[1, 10, 100]), value="value", category="name", color_field="group",
                               colors={}, value_title="USD", log=True)  # fmt: skip
    assert spec(log)["layer"][0]["encoding"]["x"]["scale"] == {"type": "log"}


def test_annotated_bars_emphasise_the_annotated_bar_or_pale_it_for_estimates():
    data = pd.DataFrame({"q": ["Q1", "Q2"], "v": [1.0, 2.0], "g": ["", "+5%"], "note": ["", "trough"]})
    for pale, expected in ((False, 1.0), (True, 0.35)):
        chart = builders.annotated_bars(data, x="q", y="v", y_title="USD bn", label="g", highlight_field="note",
                                        color="#123456", annotated_are_pale=pale)  # fmt: skip
        bars = spec(chart)["layer"][0]
        assert bars["encoding"]["opacity"]["condition"]["value"] == expected
    assert spec(chart)["layer"][0]["encoding"]["x"]["sort"] == ["Q1", "Q2"]


def test_event_rules_number_each_event_and_name_its_source_on_hover():
    events = pd.DataFrame({"date": pd.to_datetime(["2025-01-27", "2025-02-13"]), "n": [1, 2],
                           "event": ["sell-off", "report"], "source": ["S1", "S2"]})  # fmt: skip
    chart = builders.event_rules(events, pd.Timestamp("2025-01-01"), pd.Timestamp("2025-12-31"))
    rules, labels = spec(chart)["layer"]
    rows = spec(chart)["datasets"][rules["data"]["name"]]
    assert [row["n"] for row in rows] == [1, 2]
    assert [t["field"] for t in rules["encoding"]["tooltip"]] == ["date", "event", "source"]
    assert [row["label"] for row in spec(chart)["datasets"][labels["data"]["name"]]] == ["1", "2"]
    assert labels["mark"]["ariaRoleDescription"] == builders.EVENT_NUMBERS


def test_a_chart_sends_only_the_columns_it_draws():
    prices = pd.DataFrame({"date": pd.date_range("2025-01-01", periods=3), "close": [1.0, 2.0, 3.0],
                           "secret": ["a", "b", "c"]})  # fmt: skip
    events = pd.DataFrame({"date": pd.to_datetime(["2025-01-02"]), "n": [1], "event": ["e"], "source": ["s"],
                           "confidence": ["high"]})  # fmt: skip
    chart = builders.price_with_events(prices, events, "Alibaba", "USD")
    for rows in datasets(chart):
        assert "secret" not in rows[0]
        assert "confidence" not in rows[0]


def test_every_company_keeps_one_colour_and_unknowns_are_muted():
    scale = theme.color_scale(["Alibaba (ADS)", "Apple"], {"Alibaba (ADS)": "Alibaba"})
    assert scale["range"] == [theme.color_of("Alibaba"), theme.color_of("Apple")]
    assert theme.color_of("Some index") == theme.MUTED
    # One colour per company: Google is Alphabet, so it is the only name that shares one.
    assert theme.color_of("Google") == theme.color_of("Alphabet")
    others = {name: colour for name, colour in theme.COMPANY_COLORS.items() if name != "Google"}
    assert len(set(others.values())) == len(others)


def test_figure_carries_its_title_key_and_source_and_its_data_cites_the_source():
    data = pd.DataFrame({"x": [1, 2], "y": [3, 4]})
    chart = vl.unit(data, "line", {"x": vl.field("x:Q"), "y": vl.field("y:Q")})
    figure = Figure("demo", "Finding", "Measure, unit", chart, data, "Source: somewhere, as of 2025")
    styled = figure.spec(arrow=False, validate=True)
    assert styled["title"]["text"] == "Finding"
    assert styled["title"]["subtitle"] == "Measure, unit"
    assert styled["usermeta"] == {"figure": "demo", "source": "Source: somewhere, as of 2025"}
    assert figure.csv().decode().splitlines() == ["x,y", "1,3", "2,4", '"# Source: somewhere, as of 2025"']


def test_a_lines_hover_text_is_printed_on_the_server_as_the_chart_would_format_it():
    """Long lines carry their hover text as strings (Vega would format every point while drawing)."""
    chart = builders.highlighted_lines(lines(), x="date", y="index", series="name", highlight="Apple",
                                       y_title="Index", y_format="+.1f")  # fmt: skip
    others = spec(chart)["layer"][0]
    # The hover box reads the printed text: the series as its title, then the date and the value.
    assert others["mark"]["tooltip"] == {
        "expr": f"{{title: datum['name'], \"Date\": datum['{builders.TIP_DATE}'], "
        f"\"Index\": datum['{builders.TIP_VALUE}']}}"
    }
    rows = spec(chart)["datasets"][others["data"]["name"]]
    sp500 = [row for row in rows if row["name"] == "S&P 500"]
    assert [(row[builders.TIP_DATE], row[builders.TIP_VALUE]) for row in sp500] == [
        ("01 Jan 2025", "+100.0"), ("02 Jan 2025", "+101.0"), ("03 Jan 2025", None)
    ]


def test_d3_formats_print_as_the_charts_print_them():
    days = pd.Series(pd.to_datetime(["2025-01-27", None, "2025-11-03"]))
    assert fmt.d3_dates(days, "Q%q %Y") == ["Q1 2025", None, "Q4 2025"]
    assert fmt.d3_dates(days, "%d %b %Y") == ["27 Jan 2025", None, "03 Nov 2025"]
    assert fmt.d3_numbers(pd.Series([-0.1234, None, 1234.5]), "+.1%") == ["\u221212.3%", None, "+123450.0%"]
    assert fmt.d3_numbers(pd.Series([1234.5, -2.0]), ",.2f") == ["1,234.50", "\u22122.00"]
