"""Chapter 1: how much ground Apple lost in China, to whom, when, and what it cost."""

import altair as alt
import pandas as pd
import streamlit as st

from explainer.app import ui
from explainer.charts import builders as charts
from explainer.charts import sources, theme
from explainer.charts.figure import Figure
from explainer.story import apple, eventstudy

ui.require_router()

st.title("Apple's China share loss")
st.markdown("**How much ground did Apple lose in China, to whom, when, and what did it cost?**")

idc, other, greater_china, events = ui.tables(
    "china_smartphone_share_idc",
    "china_smartphone_share_other_trackers",
    "apple_greater_china_quarterly",
    "apple_china_events",
)

# --------------------------------------------------------------------------------------------- 1. share
st.header("1 · Share by vendor")
st.markdown(
    "IDC counts phones shipped into China's sales channels (sell-in), the one tracker with a consistent series "
    "back to 2019. Apple's line is highlighted; hover any other line to name it."
)
controls = st.columns([1, 2, 1])
view = controls[0].segmented_control(
    "Periods", ["annual", "quarterly"], default="annual", required=True, key="share_view", bind="query-params"
)
first_year, last_year = (int(p[:4]) for p in (idc["period"].min(), idc["period"].max()))
years = controls[1].slider(
    "Years", first_year, last_year, (first_year, last_year), key="share_years", bind="query-params"
)
tracker = controls[2].selectbox(
    "Compare with another tracker",
    ["none", "Counterpoint", "Canalys", "Omdia"],
    key="tracker",
    bind="query-params",
    help="Shown as its own series beside IDC's, never merged: trackers measure differently and disagree.",
)
period_type = "year" if view == "annual" else "quarter"
shares = apple.idc_shares(idc, period_type, *years)
apple_rows = shares[(shares["vendor"] == "Apple")].dropna(subset=["share"])
lines = shares.assign(series=shares["vendor"])
comparison = apple.other_tracker_apple(other, tracker, period_type) if tracker != "none" else pd.DataFrame()
comparison = comparison[comparison["start"].dt.year.between(*years)] if len(comparison) else comparison
if len(comparison):
    lines = pd.concat([lines, comparison.assign(series=f"Apple ({tracker})", vendor="Apple", caveat="")])
elif tracker != "none":
    st.info(f"{tracker} published no Apple share for {view} periods in {years[0]}–{years[1]} in our data.")

if len(apple_rows):
    latest = apple_rows.iloc[-1]
    recent = apple_rows.tail(3)
    share_title = "Apple's IDC rank in China: " + ", ".join(
        f"#{rank:.0f} in {period}" for period, rank in zip(recent["period"], recent["rank"])
    )
else:
    share_title = "IDC publishes no Apple share for these years"
caveats = sorted({c for c in shares.loc[shares["vendor"] == "Huawei", "caveat"] if c and "gap" not in c})
figure = Figure(
    key="china_share",
    title=share_title,
    subtitle=f"China smartphone shipment share by vendor, % ({view}, IDC; Apple highlighted)",
    chart=charts.highlighted_lines(
        lines,
        x="start",
        y="share",
        series="series",
        highlight="Apple",
        y_title="Share of shipments (%)",
        companies={f"Apple ({tracker})": "Apple"},
        x_format="%Y" if view == "annual" else "Q%q %Y",
        yearly_ticks=True,
        tooltip=(alt.Tooltip("caveat:N", title="Note"),),
        points=True,
    ),
    data=lines[["period", "series", "share", "caveat"]],
    source=sources.facts_line(
        pd.concat([idc[idc["period_type"] == period_type], comparison]) if len(comparison) else idc,
        "IDC releases to Jan 2026",
        "IDC data are preliminary and revised later; Huawei " + "; ".join(caveats) + "; gaps are periods "
        "IDC did not publish (never interpolated)",
    ),
)
ui.show_figure(figure)

# ------------------------------------------------------------------------------------------- 2. revenue
st.header("2 · What it cost: Greater China revenue")
quarters = apple.greater_china_quarters(greater_china)
turn = apple.turning_points(quarters)
revenue_view = st.segmented_control(
    "Measure",
    ["quarterly", "trailing four quarters"],
    default="quarterly",
    required=True,
    key="revenue_view",
    bind="query-params",
)
trailing = revenue_view == "trailing four quarters"
measure, growth = ("trailing_4q", "trailing_yoy_pct") if trailing else ("value", "yoy_change_pct")
bars = quarters.dropna(subset=[measure]).assign(
    shown=lambda q: q[measure],
    growth_label=lambda q: q[growth].map(lambda g: "" if pd.isna(g) else f"{g:+.0f}%"),
    note=lambda q: (
        q["label"]
        .map(
            {
                turn.trough_label: f"trough ${turn.trough_value:.1f} bn",
                turn.rebound_label: f"rebound {turn.rebound_yoy_pct:+.0f}%",
            }
        )
        .fillna("")
    ),
)
st.markdown(
    f"Apple's Greater China sales bottomed at **${turn.trough_value:.1f} bn in {turn.trough_label}** and "
    f"jumped **{turn.rebound_yoy_pct:+.0f}% year on year in {turn.rebound_label}**, the iPhone 17 quarter."
)
figure = Figure(
    key="greater_china_revenue",
    title=f"Greater China sales fell to a trough in {turn.trough_label.split(' · ')[0]}, then rebounded",
    subtitle=(
        "Apple Greater China net sales, USD bn, "
        + ("sum of the last four fiscal quarters" if trailing else "by fiscal quarter (calendar months shown)")
        + "; labels: change on a year earlier"
    ),
    chart=charts.annotated_bars(
        bars,
        x="label",
        y="shown",
        y_title="USD bn",
        label="growth_label",
        highlight_field="note",
        color=theme.color_of("Apple"),
    ),
    data=bars[["fiscal_year", "fiscal_quarter", "calendar_months", "value", "yoy_change_pct", "trailing_4q"]],
    source=sources.facts_line(
        greater_china,
        "FY2026 Q1 (quarter ended 27 Dec 2025)",
        "Greater China = mainland China, Hong Kong and Taiwan; Apple's fiscal year ends late September; "
        "FY2023 Q1 had 14 weeks",
    ),
)
ui.show_figure(figure)

# ------------------------------------------------------------------------------------- 3. what moved it
st.header("3 · What moved it")
PRICE_TICKERS = {"AAPL": "Apple", "1810.HK": "Xiaomi", "^GSPC": "S&P 500"}
price_set = ui.load_prices(list(PRICE_TICKERS))
closes = price_set.closes("adjusted").rename(columns=PRICE_TICKERS)
if closes.empty:
    st.warning("No price data is available for this section.")
else:
    first, last = closes.index[0].date(), closes.index[-1].date()
    window = st.slider(
        "Window (indexed to 100 at its start)", first, last, (first, last), format="MMM YYYY",
        key="price_window", bind="query-params",
    )  # fmt: skip
    start, end = pd.Timestamp(window[0]), pd.Timestamp(window[1])
    indexed = eventstudy.index_to(closes.loc[:end], start)
    if eventstudy.closes_after_base(indexed, "Apple") == 0:
        ui.nothing_to_draw(
            f"Apple has no close after {start:%d %b %Y} in this window, so there is nothing to index: pick a window "
            "at least two trading days long."
        )
    else:
        long = indexed.rename_axis("date").reset_index().melt("date", var_name="name", value_name="index").dropna()
        dated = events.dropna(subset=["date"])
        shown_events = dated[(dated["date"] >= start) & (dated["date"] <= end)].reset_index(drop=True)
        shown_events.insert(0, "n", range(1, len(shown_events) + 1))
        chart = alt.layer(
            charts.highlighted_lines(
                long, x="date", y="index", series="name", highlight="Apple", y_title="Index (start = 100)",
                companies={"S&P 500": "Benchmark"},
            ),
            charts.event_rules(shown_events, end - start),
        )  # fmt: skip
        common_end, moves = eventstudy.moves_to_common_end(indexed)
        figure = Figure(
            key="what_moved_it",
            title=f"To {common_end:%d %b %Y}: " + ", ".join(f"{name} {move:+.0f}%" for name, move in moves.items()),
            subtitle="Apple (AAPL), Xiaomi (1810.HK) and the S&P 500, indexed to 100; numbered lines are dated events",
            chart=chart,
            data=long.merge(shown_events[["date", "n", "event", "source"]], on="date", how="left"),
            source=f"{sources.prices_line(price_set, sources.ADJUSTED)} · {sources.CALENDARS} · Events: table below",
        )
        ui.show_figure(figure)
        with st.expander(f"The {len(shown_events)} events on the chart"):
            st.dataframe(
                shown_events[["n", "date", "event", "source", "confidence"]],
                hide_index=True,
                column_config={"date": st.column_config.DateColumn("date", format="D MMM YYYY")},
            )

# ------------------------------------------------------------------------------------------ 4. what-if
st.header("4 · What if Apple won share back?")
left, right = st.columns(2)
points = left.slider("Points of China share Apple wins back", 0.0, 5.0, 0.0, 0.1, key="winback", bind="query-params")
carried = right.slider(
    "Share of those units at Apple's average China revenue per point (%)", 0, 100, 100, 5,
    key="carried", bind="query-params",
)  # fmt: skip
scenario = apple.what_if(greater_china, idc, points, carried / 100)
st.metric(
    f"Implied annual Greater China revenue (on {scenario.base_year})",
    f"${scenario.implied_revenue:,.1f} bn",
    f"{scenario.implied_revenue - scenario.base_revenue:+,.1f} bn vs actual",
    delta_arrow="off" if points == 0 else "auto",
)
st.caption(
    f"Assumption: revenue scales with share at {scenario.base_year}'s revenue per point of IDC share "
    f"({scenario.share_year} share). An illustration, not a forecast."
)
with st.expander("The formula"):
    st.markdown(
        f"- Revenue per point of share = {scenario.base_year} Greater China net sales ÷ Apple's IDC share in "
        f"{scenario.share_year} = ${scenario.base_revenue:,.3f} bn ÷ {scenario.base_share:.1f} = "
        f"**${scenario.revenue_per_point:,.3f} bn**\n"
        f"- Implied revenue = ${scenario.base_revenue:,.3f} bn + ${scenario.revenue_per_point:,.3f} bn × "
        f"{points:.1f} points × {carried}% = **${scenario.implied_revenue:,.3f} bn**\n"
        f"- Apple's fiscal {scenario.base_year} (Oct to Sep) is paired with calendar {scenario.share_year}, the "
        "IDC year it overlaps most; Greater China includes Hong Kong and Taiwan, which IDC's China share does not."
    )

# ------------------------------------------------------------------------------------------ takeaways
t = apple.takeaways(idc, greater_china)
ui.takeaways(
    [
        f"Apple's IDC share fell **{t.share_lost:.1f} points**, from {t.best_share:.1f}% (#{t.best_rank}) in "
        f"{t.best_year} to {t.worst_share:.1f}% (#{t.worst_rank}) in {t.worst_year}; in {t.latest_year} it was "
        f"{t.latest_share:.1f}% (#{t.latest_rank}).",
        f"Greater China net sales went from ${t.peak_annual:,.1f} bn in {t.peak_annual_label} to "
        f"${t.latest_annual:,.1f} bn in {t.latest_annual_label} (**{t.annual_change_pct:+.0f}%**).",
        f"The quarterly low was ${turn.trough_value:.1f} bn ({turn.trough_label}); the next quarter's "
        f"{turn.rebound_yoy_pct:+.0f}% is the rebound the rest of the story has to explain.",
    ]
)
