"""Chapter 4: how Alibaba's AI spending compares with the US giants', and what each gets back for it."""

import altair as alt
import pandas as pd
import streamlit as st

from explainer.app import ui
from explainer.charts import builders as charts
from explainer.charts import fmt, sources, theme
from explainer.charts.figure import Figure
from explainer.story import capex, eventstudy

ui.require_router()

st.title("The capex race")
st.markdown(
    "**How does Alibaba's AI spending compare with the US giants', and what does each get back for it?** "
    "Everything is in US dollars billions; each company's own definition of capex is kept and named."
)
spend, ali, china, fx = ui.tables("hyperscaler_capex", "alibaba_quarterly", "china_tech_capex_other", "fx_rates")

# ---------------------------------------------------------------------------------------- 1. the US wave
st.header("1 · The US wave")
controls = st.columns([2, 2, 3])
layout = controls[0].segmented_control(
    "Bars", ["grouped", "stacked"], default="grouped", required=True, key="capex_layout", bind="query-params"
)
measure = controls[1].selectbox(
    "Microsoft's measure",
    list(capex.MICROSOFT_MEASURES),
    index=1,
    key="msft_measure",
    bind="query-params",
    help="Microsoft reports cash additions to property and equipment (excluding finance leases) and, on its "
    "calls, capex including finance leases; the latter matches Meta's definition but starts in FY2024 here.",
)
years = controls[2].slider("Years", 2022, 2026, (2022, 2026), key="capex_years", bind="query-params")
annual = capex.annual(spend, measure)
shown = annual[annual["year"].between(*years)]
totals = shown[shown["kind"] == "actual"].groupby("year")["value"].sum()
latest_actual_year = int(totals.index.max()) if len(totals) else None
guided = shown[shown["kind"] == "guidance"]
ui.show_figure(
    Figure(
        key="us_capex",
        title=(
            f"The US four spent ${totals.iloc[-1]:,.0f} bn in {latest_actual_year}"
            + (f", and guide to ${guided['value'].sum():,.0f} bn for {int(guided['year'].max())} (three of them)"
               if len(guided) else "")
            if latest_actual_year
            else "Capex guidance for the years chosen"
        ),
        subtitle=f"Annual capital expenditure, USD bn, {layout}; pale bars are guidance (bar = midpoint, line = "
        "range), dashed outlines unverified; Microsoft's year ends 30 June",
        chart=charts.capex_bars(shown, stacked=layout == "stacked"),
        data=shown.drop(columns=["stated"]),
        source=sources.facts_line(
            shown,
            "FY2025 results (Jan–Feb 2026)",
            "Definitions differ: Meta includes principal payments on finance leases; Amazon is gross purchases; "
            "Microsoft per the measure chosen; guidance is the latest stated for that year",
        ),
    )
)  # fmt: skip

# ---------------------------------------------------------------------------------------- 2. guidance moved
st.header("2 · The guidance kept moving")
path = capex.guidance_path(spend, 2025)
rises = path.groupby("company")["value"].agg(lambda v: v.iloc[-1] - v.iloc[0])
steepest = rises.idxmax()
ui.show_figure(
    Figure(
        key="guidance_path",
        title=f"{steepest}'s 2025 plan rose most, by ${rises.max():,.0f} bn from first guidance to actual",
        subtitle="Each company's stated 2025 capex (USD bn, midpoint of a range) on the day it was stated, "
        "ending at the actual at the fiscal year end",
        chart=charts.highlighted_lines(
            path, x="date", y="value", series="company", highlight=steepest, y_title="USD bn", points=True,
            tooltip=(alt.Tooltip("kind:N"), alt.Tooltip("metric_definition:N", title="Definition")),
            interpolate="step-after",
        ),
        data=path,
        source=sources.facts_line(path, "FY2025 results", "Microsoft's January figure was 'AI-enabled datacenter "
                                  "investment', its actual is capex including finance leases"),
    )
)  # fmt: skip
tally = capex.february_tally(spend)
press = spend[spend["fiscal_period"].str.contains("as of Feb 2025")].iloc[0]
st.markdown(
    f'The press\'s **"more than ${press["value"]:,.0f} bn"** for 2025 is a tally: recomputed from each '
    f"company's first 2025 guidance it is **${tally.mid:,.1f} bn** (${tally.low:,.0f}–{tally.high:,.0f} bn across "
    "the ranges given), and it mixes Microsoft's fiscal year to June 2025 with the others' calendar 2025."
)

# ---------------------------------------------------------------------------------------- 3. Alibaba
st.header("3 · Alibaba in the same frame")
rates = fx.sort_values("date")
latest_capex_quarter = ali.loc[ali["metric"] == "Capital expenditure", "calendar_quarter_end"].max()
default_rate = rates[rates["date"] == latest_capex_quarter].iloc[0]
rate = st.slider(
    "USD/CNY rate for every conversion on this page (CNY per USD)",
    6.5,
    7.6,
    float(default_rate["value"]),
    0.0001,
    format="%.4f",
    key="usd_cny",
    bind="query-params",
    help=f"Default {default_rate['value']}: the Federal Reserve H.10 rate on {default_rate['date']:%d %b %Y} that "
    "Alibaba used for its US-dollar figures for the quarter ended then.",
)
st.caption(
    "Rates in the data: "
    + "; ".join(f"{r.value} ({r.date:%d %b %Y}, {r.confidence})" for r in rates.itertuples())
    + ". Source: Alibaba's convenience translations (Fed H.10)."
)
plan_row = china[(china["company"] == "Alibaba") & china["metric"].str.contains("3-year")].iloc[0]
us_2025 = annual[(annual["year"] == 2025) & (annual["kind"] == "actual")]
commitment = capex.Commitment(plan_row["value"], 3, rate, float(us_2025["value"].sum()))
tencent = china[(china["company"] == "Tencent") & (china["period"] == "CY2024")].iloc[0]
trailing = ali[ali["metric"].str.startswith("Capital expenditure, trailing")].iloc[0]
frame = pd.concat(
    [
        us_2025.assign(label=us_2025["company"] + " (2025 actual)", group="US hyperscalers")[
            ["label", "value", "group"]
        ],
        pd.DataFrame(
            {
                "label": ["Alibaba plan, per year (RMB 380 bn ÷ 3)", "Alibaba, last four quarters (to Sep 2025)",
                          "Tencent (2024 actual)"],
                "value": [commitment.per_year_usd_bn, capex.to_usd(trailing["value"], rate),
                          capex.to_usd(tencent["value"], rate)],
                "group": ["Alibaba", "Alibaba", "Tencent"],
            }
        ),
    ],
    ignore_index=True,
)  # fmt: skip
st.metric(
    "Alibaba's three-year plan equals",
    f"{commitment.weeks_of_us_spending:.1f} weeks",
    f"of the US four's 2025 capex (${commitment.total_usd_bn:,.1f} bn vs ${commitment.us_2025_total_usd_bn:,.0f} bn "
    "a year)",
    delta_color="off",
    delta_arrow="off",
)
ui.show_figure(
    Figure(
        key="same_frame",
        title=f"Alibaba's plan is ${commitment.per_year_usd_bn:,.1f} bn a year; Amazon alone spent "
        f"${us_2025.set_index('company').loc['Amazon', 'value']:,.0f} bn in 2025",
        subtitle=f"Capex, USD bn a year; CNY converted at {rate:.4f} per USD",
        chart=charts.ranked_bars(
            frame,
            value="value",
            category="label",
            color_field="group",
            colors={"US hyperscalers": theme.MUTED, "Alibaba": theme.color_of("Alibaba"),
                    "Tencent": theme.color_of("Tencent")},
            value_title="USD bn a year",
            value_format=",.1f",
        ),
        data=frame.assign(cny_per_usd=rate),
        source=sources.facts_line(
            pd.concat([us_2025, china.loc[[plan_row.name, tencent.name]], ali.loc[[trailing.name]]]),
            "Sep 2025 (Alibaba), FY2025 (US)",
            f"CNY at {rate:.4f} per USD; Alibaba's plan runs about Apr 2025–Mar 2028",
        ),
    )
)  # fmt: skip
quarters = capex.alibaba_capex(ali, rate)
ui.show_figure(
    Figure(
        key="alibaba_quarters",
        title=f"Alibaba's quarterly capex peaked at ${quarters['usd_bn'].max():,.1f} bn in "
        f"{quarters.loc[quarters['usd_bn'].idxmax(), 'alibaba_fiscal_quarter']}",
        subtitle=f"Capital expenditure by fiscal quarter (year to 31 March), USD bn at {rate:.4f} CNY per USD; "
        "pale bars are back-solved estimates",
        chart=charts.annotated_bars(
            quarters.assign(
                growth=quarters["yoy_change_pct"].map(lambda g: "" if pd.isna(g) else f"{g:+.0f}% y/y"),
                flag=quarters["status"].where(quarters["status"] != "reported", ""),
            ),
            x="alibaba_fiscal_quarter", y="usd_bn", y_title="USD bn", label="growth", highlight_field="flag",
            color=theme.color_of("Alibaba"), annotated_are_pale=True,
        ),
        data=quarters,
        source=sources.facts_line(quarters, "FY2026 Q2 (quarter ended 30 Sep 2025)",
                                  "Alibaba prints no single capex line; these are cash purchases of property and "
                                  "equipment as reported by the press"),
    )
)  # fmt: skip

# ---------------------------------------------------------------------------------------- 4. what it buys
st.header("4 · What it buys")
cloud = capex.cloud_revenue(ali).assign(usd_bn=lambda t: capex.to_usd(t["cny_bn"], rate))
latest_cloud = cloud.iloc[-1]
fcf = ali[ali["metric"] == "Free cash flow"].iloc[-1]
growth_rows = ali[ali["metric"].str.endswith("revenue growth")]
left, right = st.columns(2)
left.metric(
    f"Alibaba Cloud revenue, {latest_cloud['alibaba_fiscal_quarter']}",
    f"${latest_cloud['usd_bn']:,.2f} bn",
    f"{latest_cloud['yoy_change_pct']:+.0f}% y/y",
    delta_arrow="off",
    help=f"RMB {latest_cloud['cny_bn']:,.3f} bn at {rate:.4f} CNY per USD. Source: {latest_cloud['source']}.",
)
right.metric(
    f"Alibaba free cash flow, {fcf['alibaba_fiscal_quarter']}",
    fmt.usd_bn(capex.to_usd(fcf["value"], rate), 2),
    "negative: spending runs ahead of cash",
    delta_color="off",
    delta_arrow="off",
    help=f"RMB {fcf['value']:,.2f} bn at {rate:.4f} CNY per USD. Source: {fcf['source']}.",
)
ui.show_figure(
    Figure(
        key="cloud_growth",
        title=f"Cloud growth sped up from {cloud['yoy_change_pct'].iloc[0]:.0f}% to "
        f"{cloud['yoy_change_pct'].iloc[-1]:.0f}% a year as capex rose",
        subtitle=f"Alibaba Cloud Intelligence revenue by fiscal quarter, USD bn at {rate:.4f}; labels: reported "
        "year-on-year growth",
        chart=charts.annotated_bars(
            cloud.assign(
                growth=cloud["yoy_change_pct"].map(lambda g: f"{g:+.0f}%"),
                flag=["latest" if i == len(cloud) - 1 else "" for i in range(len(cloud))],
            ),
            x="alibaba_fiscal_quarter", y="usd_bn", y_title="USD bn", label="growth", highlight_field="flag",
            color=theme.color_of("Alibaba"),
        ),
        data=cloud,
        source=sources.facts_line(cloud, "FY2026 Q2", "Amounts as first reported (later restatements possible)"),
    )
)  # fmt: skip
for row in growth_rows.itertuples():
    st.caption(f"Later: {row.metric} {row.alibaba_fiscal_quarter}: {row.value:+.0f}% ({row.source}; no amount given).")

# ---------------------------------------------------------------------------------------- 5. the verdict
st.header("5 · The market's verdict")
events = capex.guidance_events(spend)
price_set = ui.load_prices([*capex.TICKERS.values(), "^IXIC"])
closes = price_set.closes("adjusted")
after = st.slider("Trading days after each guidance statement", 1, 20, 3, key="verdict_after", bind="query-params")
if "^IXIC" in closes:
    reactions = []
    for event in events.itertuples():
        if event.symbol not in closes:
            continue
        # Guidance comes with results after the US close: the first trading day after the statement is day 0.
        table = eventstudy.event_table(
            closes[[event.symbol, "^IXIC"]], event.date + pd.Timedelta(days=1), 0, after - 1, "^IXIC"
        )
        reactions.append(table[table["symbol"] == event.symbol].assign(company=event.company, stated=event.date))
    reactions = pd.concat(reactions, ignore_index=True) if reactions else pd.DataFrame()
if "^IXIC" in closes and len(reactions):
    reactions["label"] = reactions["company"] + ", " + reactions["stated"].dt.strftime("%d %b %Y")
    best = reactions.loc[reactions["abnormal_return"].idxmax()]
    ui.show_figure(
        Figure(
            key="verdict",
            title=f"Best reception: {best['label']} ({best['abnormal_return']:+.1%} against the Nasdaq over "
            f"{after} day{'s' if after > 1 else ''})",
            subtitle="Share-price move minus the Nasdaq Composite's over the same days, starting the trading day "
            "after each capex guidance statement",
            chart=charts.ranked_bars(
                reactions, value="abnormal_return", category="label", color_field="company",
                colors={c: theme.color_of(c) for c in capex.US_FOUR}, value_title="Abnormal return vs Nasdaq",
                sort=False,
            ),
            data=reactions[["company", "stated", "symbol", "window_start", "window_end", "cumulative_return",
                            "benchmark_return", "abnormal_return"]],
            source=f"{sources.prices_line(price_set, sources.ADJUSTED)} · Guidance dates: the capex table's "
            "guidance rows · A result day also carries everything else in the results, not only capex",
        )
    )  # fmt: skip
else:
    st.warning("Nasdaq or company prices are unavailable, so the reactions cannot be computed.")

# ---------------------------------------------------------------------------------------- takeaways
guidance_2026 = annual[(annual["year"] == 2026) & (annual["kind"] == "guidance")]
ui.takeaways(
    [
        f"The US four spent **${commitment.us_2025_total_usd_bn:,.0f} bn** on capex in 2025 (Microsoft's fiscal "
        f"year); Alphabet, Amazon and Meta alone guide to **${guidance_2026['value'].sum():,.0f} bn** for 2026.",
        f"Alibaba's RMB {commitment.total_cny_bn:,.0f} bn three-year plan is ${commitment.total_usd_bn:,.1f} bn "
        f"at {rate:.4f}: **{commitment.weeks_of_us_spending:.1f} weeks** of the US four's 2025 spending.",
        f"Alibaba Cloud grew {latest_cloud['yoy_change_pct']:.0f}% a year in "
        f"{latest_cloud['alibaba_fiscal_quarter']} while free cash flow was "
        f"{fmt.usd_bn(capex.to_usd(fcf['value'], rate))}: a bet, not yet a return.",
    ]
)
