"""Chapter 5: what the market now pays for Alibaba's AI, and what the parts could be worth."""

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from explainer.app import ui
from explainer.charts import builders as charts
from explainer.charts import fmt, sources
from explainer.charts.figure import Figure
from explainer.story import capex, eventstudy, reference, rerating

ui.require_router()

st.title("The re-rating")
st.markdown(
    "**Alibaba was priced like a ~10× earnings e-commerce company with cloud and AI valued near zero. How far "
    "has the re-rating gone, and what would the parts be worth under assumptions you can change?**"
)
apple_events, timeline, moves, china, valuation, ali, fx = ui.tables(
    "apple_china_events", "deepseek_timeline", "market_moves", "china_tech_capex_other", "valuation_context",
    "alibaba_quarterly", "fx_rates",
)  # fmt: skip

# ---------------------------------------------------------------------------------------------- 1. the path
st.header("1 · The path")
NAMES = {"BABA": "Alibaba (NYSE ADS)", "9988.HK": "Alibaba (Hong Kong)", "KWEB": "China internet ETF (KWEB)",
         "^HSI": "Hang Seng", "AAPL": "Apple"}  # fmt: skip
price_set = ui.load_prices(list(NAMES))
closes = price_set.closes("adjusted")
if "BABA" not in closes:
    st.error("Alibaba's ADS prices are unavailable, so this chapter cannot be drawn.")
    st.stop()
first, last = closes.index[0].date(), closes["BABA"].dropna().index[-1].date()
start_day = st.slider(
    "Index to 100 on", first, last, dt.date(2024, 12, 31), format="D MMM YYYY", key="rerating_start",
    bind="query-params",
)  # fmt: skip
start = pd.Timestamp(start_day)
indexed = eventstudy.index_to(closes, start).rename(columns=NAMES)
lines = indexed.rename_axis("date").reset_index().melt("date", var_name="name", value_name="index").dropna()
events = rerating.story_events(apple_events, timeline, moves, china)
shown_events = events[events["date"] >= start].reset_index(drop=True)
shown_events.insert(0, "n", range(1, len(shown_events) + 1))
if eventstudy.closes_after_base(indexed, NAMES["BABA"]) == 0:
    ui.nothing_to_draw(
        f"Alibaba's ADS has no close after {start:%d %b %Y}, so there is no path to draw: pick a start date "
        f"before its last close ({last:%d %b %Y})."
    )
else:
    common_end, moves_now = eventstudy.moves_to_common_end(indexed)
    ui.show_figure(
        Figure(
            key="rerating_path",
            title=f"From {start:%d %b %Y} to {common_end:%d %b %Y}: Alibaba's ADS {moves_now[NAMES['BABA']]:+.0f}%, "
            + ", ".join(f"{name} {move:+.0f}%" for name, move in moves_now.items() if name != NAMES["BABA"]),
            subtitle="Indexed to 100 at the chosen date (dividend-adjusted closes); numbered lines are the story's "
            "events",
            chart=alt.layer(
                charts.highlighted_lines(
                    lines, x="date", y="index", series="name", highlight=NAMES["BABA"], y_title="Index (start = 100)",
                    companies={NAMES["BABA"]: "Alibaba", NAMES["9988.HK"]: "Alibaba", NAMES["AAPL"]: "Apple"},
                ),
                charts.event_rules(shown_events, lines["date"].max() - start),
            ),
            data=lines,
            source=f"{sources.prices_line(price_set, sources.ADJUSTED)} · {sources.CALENDARS} · Events: table below "
            "(the Meitu investment is not in the fact sheet, so it is not marked)",
        )
    )  # fmt: skip
    with st.expander(f"The {len(shown_events)} events on the chart"):
        st.dataframe(
            shown_events, hide_index=True, column_config={"date": st.column_config.DateColumn(format="D MMM YYYY")}
        )
left, right = st.columns(2)
swing_from = left.date_input("Run-up and drawdown from", dt.date(2025, 1, 13), first, last, key="swing_from",
                             bind="query-params")  # fmt: skip
swing_to = right.date_input("to", dt.date(2025, 3, 7), first, last, key="swing_to", bind="query-params")
result = rerating.swing(closes["BABA"], pd.Timestamp(swing_from), pd.Timestamp(swing_to))
if swing_from >= swing_to:
    st.warning("The start date must be before the end date; showing nothing until it is.")
elif pd.isna(result.change):
    ui.nothing_to_draw(
        f"BABA traded on fewer than two days from {swing_from:%d %b %Y} to {swing_to:%d %b %Y}: pick dates at least "
        "two trading days apart."
    )
else:
    columns = st.columns(3)
    columns[0].metric("BABA change", f"{result.change:+.1%}", help="Close on or before the first date to the last.")
    columns[1].metric("Largest run-up within", f"{result.max_run_up:+.1%}", help="From a low to a later high.")
    columns[2].metric("Largest drawdown within", f"{result.max_drawdown:+.1%}", help="From a high to a later low.")

# ---------------------------------------------------------------------------------------------- 2. multiples
st.header("2 · What the market pays: multiples")
pe = rerating.multiples(valuation)
ui.show_figure(
    Figure(
        key="multiples",
        title=f"Alibaba's P/E went from ~{pe.iloc[0]['value']:.0f}× before the rally to about "
        f"{pe[(pe['subject'].str.startswith('Alibaba')) & (pe['confidence'] != 'low')]['value'].iloc[-1]:.0f}×",
        subtitle="P/E snapshots from different vendors and dates: points, not a series; hollow = indicative "
        "(unverified aggregator or press figure)",
        chart=charts.snapshot_points(pe),
        data=pe,
        source=sources.facts_line(pe, "Jan 2026", "Trailing and forward P/E are mixed as the sources give them"),
    )
)

# ---------------------------------------------------------------------------------------------- 3. what-if
st.header("3 · What-if: the sum of the parts")
st.info(
    "An illustration for discussion, not investment advice. Three inputs are not in our fact sheet; they are "
    "marked *your assumption* and their defaults are round numbers, not estimates.",
    icon=":material/info:",
)
latest_q = rerating.cloud_run_rate(ali)
q_rate = fx[fx["date"] == latest_q["calendar_quarter_end"]].iloc[0]
default_run_rate = capex.to_usd(latest_q["value"] * 4, q_rate["value"])
pre_rally = valuation[valuation["subject"].eq("Alibaba") & valuation["date_label"].str.contains("before rally")].iloc[0]
cap_row = valuation[valuation["metric"].eq("Market capitalisation")].sort_values("date").iloc[-1]
ads_price_then = price_set.closes("traded")["BABA"].dropna().loc[: cap_row["date"]].iloc[-1]
ads_bn = rerating.ads_equivalents_bn(cap_row["value"], ads_price_then)
controls = st.columns(3)
commerce_multiple = controls[0].slider(
    "Commerce earnings multiple (×)", 4.0, 30.0, float(pre_rally["value"]), 0.5, key="commerce_pe", bind="query-params",
    help=f"Default {pre_rally['value']:.0f}×: Alibaba's whole-company P/E before the rally ({pre_rally['source']}).",
)  # fmt: skip
cloud_multiple = controls[1].slider(
    "Cloud revenue multiple (× sales) · your assumption", 0.0, 15.0, 4.0, 0.5, key="cloud_ps", bind="query-params",
)  # fmt: skip
run_rate = controls[2].slider(
    "Cloud revenue run-rate (USD bn a year)", 5.0, 60.0, round(default_run_rate, 1), 0.1, key="cloud_run_rate",
    bind="query-params",
    help=f"Default: {latest_q['alibaba_fiscal_quarter']} Cloud Intelligence revenue RMB {latest_q['value']:.3f} bn × 4 "
    f"at {q_rate['value']} CNY per USD (Fed H.10 on {q_rate['date']:%d %b %Y}, the rate Alibaba used).",
)  # fmt: skip
inputs = st.columns(2)
commerce_earnings = inputs[0].number_input(
    "Commerce (non-cloud) annual earnings, USD bn · your assumption", 0.0, 100.0, 15.0, 1.0, key="commerce_earnings",
    bind="query-params", help="Not in the fact sheet: enter your own estimate of the earnings the multiple applies to.",
)  # fmt: skip
hkd_per_usd = inputs[1].number_input(
    "HKD per USD · your assumption", 7.70, 7.90, 7.80, 0.01, key="hkd_per_usd", bind="query-params",
    help="Not in the fact sheet; the Hong Kong dollar is pegged within 7.75–7.85 per US dollar.",
)  # fmt: skip
parts = rerating.SumOfParts(commerce_earnings, commerce_multiple, run_rate, cloud_multiple, ads_bn, hkd_per_usd)
latest_close = price_set.closes("traded")["BABA"].dropna()
left, right = st.columns(2)
left.metric(
    "Implied value per ADS",
    f"${parts.per_ads_usd:,.2f}",
    f"{parts.per_ads_usd / latest_close.iloc[-1] - 1:+.0%} vs the latest close",
    delta_arrow="off",
)
right.metric(
    f"Latest BABA close ({latest_close.index[-1]:%d %b %Y})",
    f"${latest_close.iloc[-1]:,.2f}",
    "as traded, from the price status above",
    delta_color="off",
    delta_arrow="off",
)
with st.expander("The arithmetic"):
    st.markdown(
        f"- Commerce: {fmt.usd_bn(parts.commerce_earnings_usd_bn)} earnings × {parts.commerce_multiple:.1f} = "
        f"**{fmt.usd_bn(parts.commerce_value)}**\n"
        f"- Cloud: {fmt.usd_bn(parts.cloud_revenue_usd_bn)} revenue × {parts.cloud_multiple:.1f} = "
        f"**{fmt.usd_bn(parts.cloud_value)}**\n"
        f"- Total: **{fmt.usd_bn(parts.total)}** (net cash, investments and other businesses are not counted)\n"
        f"- ADS-equivalents: market value {fmt.usd_bn(cap_row['value'], 2)} ({cap_row['source']}, "
        f"{cap_row['date']:%d %b %Y}) ÷ that day's ADS close ${ads_price_then:,.2f} = **{ads_bn:.3f} bn ADS** "
        f"(= {ads_bn * rerating.ORDINARY_SHARES_PER_ADS:.2f} bn ordinary shares at 8 per ADS)\n"
        f"- Per ADS: {fmt.usd_bn(parts.total)} ÷ {ads_bn:.3f} bn = **${parts.per_ads_usd:,.2f}**; per ordinary share "
        f"${parts.per_share_usd:,.2f} = **HK${parts.per_share_hkd:,.2f}** at {hkd_per_usd:.2f} HKD per USD\n"
        f"- {sources.DISCLAIMER}"
    )

# ---------------------------------------------------------------------------------------------- takeaways
since_2025 = rerating.swing(closes["BABA"], reference.END_OF_2024, closes["BABA"].dropna().index[-1])
trough = moves[moves["name"].str.contains("market capitalisation", case=False)].iloc[0]
ui.takeaways(
    [
        f"Since the start of 2025 BABA is **{since_2025.change:+.0%}**, with a largest run-up of "
        f"{since_2025.max_run_up:+.0%} and a largest drawdown of {since_2025.max_drawdown:+.0%} along the way.",
        f"Its market value went from {fmt.usd_bn(trough['value'])} at the January 2025 trough to "
        f"{fmt.usd_bn(cap_row['value'])} by {cap_row['date']:%d %b %Y} ({trough['source']}; {cap_row['source']}).",
        f"At your inputs the parts are worth ${parts.per_ads_usd:,.0f} per ADS against a latest close of "
        f"${latest_close.iloc[-1]:,.0f}; "
        + (
            f"cloud is {parts.cloud_share:.0%} of that value."
            if parts.cloud_share is not None
            else "both parts are worth nothing at these inputs, so there is no split to show."
        ),
    ]
)
