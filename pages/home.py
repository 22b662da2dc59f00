"""Home: the thesis, the headline numbers, and the story's timeline over Alibaba's share price."""

import pandas as pd
import streamlit as st

from explainer.app import presenting, ui
from explainer.charts import builders as charts
from explainer.charts import fmt, sources
from explainer.charts.figure import Figure
from explainer.story import deepseek, eventstudy, reference
from explainer.story import headline as story
from explainer.story.outline import CHAPTERS, HOME

ui.require_router()


st.title("Apple × Alibaba: the China AI story")
st.markdown(
    "Apple lost its lead in China's smartphone market as Huawei came back and Apple Intelligence could not "
    "launch there without a local AI partner. "
    "In January 2025 DeepSeek showed that Chinese labs could build frontier-class models cheaply, the market "
    "repriced AI overnight, and Alibaba's Qwen emerged as the partner Apple chose. "
    "Alibaba is now spending like a hyperscaler, and investors have started to pay for its AI: "
    "this explainer shows how far each step went, with every number sourced."
)

idc, arena, capex, china_capex, fx, apple_events, deepseek_timeline = ui.tables(
    "china_smartphone_share_idc",
    "lmarena_snapshots",
    "hyperscaler_capex",
    "china_tech_capex_other",
    "fx_rates",
    "apple_china_events",
    "deepseek_timeline",
)
price_set = ui.load_prices(["BABA", "NVDA"])
closes = price_set.closes("adjusted")

share = story.apple_share(idc, "2024")
arena_reading = story.first_arena_reading(arena, "Qwen2.5-Max")
capex_vs = story.capex_comparison(capex, china_capex, fx)

columns = st.columns(5, border=True)
columns[0].metric(
    "Apple, China share 2024",
    f"{share.share:.1f}%",
    f"#{share.rank}, behind {' and '.join(share.vendors_ahead)}",
    delta_color="off",
    delta_arrow="off",
    help="IDC, China smartphone shipments (sell-in), full year 2024.",
)
if "NVDA" in closes:
    nvda_move = eventstudy.day_return(closes["NVDA"], deepseek.SELL_OFF)
    columns[1].metric(
        f"NVIDIA on {deepseek.SELL_OFF:%-d %b %Y}",
        f"{nvda_move:+.1%}",
        "one day, close to close",
        delta_color="off",
        delta_arrow="off",
        help="Computed from the daily closes shown in the price status line above.",
    )
columns[2].metric(
    "Qwen2.5-Max, Arena score",
    f"{arena_reading.score:.0f}",
    f"#{arena_reading.position} on {arena_reading.snapshot:%d %b %Y}",
    delta_color="off",
    delta_arrow="off",
    help="Arena Elo (overall text) from the LMSYS Chatbot Arena board as mirrored by openlm.ai.",
)
columns[3].metric(
    "US big four capex 2025",
    f"${capex_vs.us_total_usd_bn:,.0f} bn",
    f"{capex_vs.ratio:.1f}× Alibaba's 3-yr plan",
    delta_color="off",
    delta_arrow="off",
    help=(
        "Microsoft (fiscal year to June 2025, including finance leases), Alphabet, Amazon and Meta actuals, "
        f"against Alibaba's RMB {capex_vs.alibaba_plan_cny_bn:,.0f} bn plan ≈ "
        f"${capex_vs.alibaba_plan_usd_bn:,.1f} bn at {capex_vs.fx_rate} CNY per USD "
        f"({capex_vs.fx_date:%d %b %Y})."
    ),
)
if "BABA" in closes:
    baba_change, baba_last = story.change_since(closes, "BABA", reference.END_OF_2024)
    columns[4].metric(
        "BABA since 2025 began",
        f"{baba_change:+.0%}",
        f"to {baba_last:%d %b %Y}",
        delta_color="off",
        delta_arrow="off",
        help="Dividend-adjusted close of 31 Dec 2024 to the latest close in the price data.",
    )
st.caption(
    sources.facts_line(
        pd.concat([share.rows[share.rows["vendor"] == "Apple"], arena_reading.rows, capex_vs.rows]),
        "each metric's own date",
        "Prices as in the status line above",
    )
)

st.header("The story in dates")
events = story.story_events(apple_events, deepseek_timeline)
if "BABA" not in price_set.frames:
    st.warning("BABA prices are unavailable, so the timeline cannot be drawn.")
else:
    baba = price_set.closes("traded")["BABA"].dropna()
    first, last = baba.index[0].date(), baba.index[-1].date()
    period = st.slider(
        "Period",
        min_value=first,
        max_value=last,
        value=(first, last),
        format="MMM YYYY",
        key="period",
        bind="query-params",
    )
    start, end = pd.Timestamp(period[0]), pd.Timestamp(period[1])
    shown_prices = baba.loc[start:end].rename("close").rename_axis("date").reset_index()
    if len(shown_prices) < 2:
        ui.nothing_to_draw(
            f"BABA has {fmt.count(len(shown_prices), 'close')} from {start:%d %b %Y} to {end:%d %b %Y}, too few to "
            "draw a line: pick a period at least two trading days long."
        )
    else:
        shown_events = events[(events["date"] >= start) & (events["date"] <= end)].reset_index(drop=True)
        shown_events.insert(0, "n", range(1, len(shown_events) + 1))
        figure = Figure(
            key="timeline",
            title="Alibaba's shares took off after DeepSeek and the Apple report",
            subtitle="BABA (NYSE ADS) closing price as traded, USD; numbered lines are the story's dated events",
            chart=charts.price_with_events(shown_prices, shown_events, "Alibaba", "BABA close (USD)"),
            data=shown_prices.merge(shown_events[["date", "n", "event", "source"]], on="date", how="left"),
            source=f"{sources.prices_line(price_set, sources.TRADED)} · Events: the sources listed in the table below",
        )
        ui.show_figure(figure)
        with st.expander(f"The {len(shown_events)} events on the chart", expanded=False):
            st.dataframe(
                shown_events[["n", "date", "category", "event", "source"]],
                hide_index=True,
                column_config={"date": st.column_config.DateColumn("date", format="D MMM YYYY")},
            )

st.header("The chapters")
presenting.handout_button(st, HOME.title, whole_story=True)
for chapter in CHAPTERS:
    st.page_link(chapter.path, label=f"**{chapter.title}**: {chapter.question}", icon=chapter.icon)
if not CHAPTERS:
    st.info("The chapters are being written; this page already draws on the data every chapter uses.")
