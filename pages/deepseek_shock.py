"""Chapter 2: what a reported $5.6 M training run did to the market, and whether the $5.6 M compares."""

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from explainer.app import ui
from explainer.charts import builders as charts
from explainer.charts import sources, theme
from explainer.charts.figure import Figure
from explainer.story import deepseek, eventstudy

ui.require_router()

st.title("The DeepSeek shock")
st.markdown(
    "**What did a reported $5.6 M training run do to the market, who lost, who gained, and is the $5.6 M "
    "comparable to anything?**"
)
timeline, moves, costs, api = ui.tables("deepseek_timeline", "market_moves", "training_cost_comparisons", "api_prices")

# ------------------------------------------------------------------------------------------- 1. the week
st.header("1 · The week")
happenings = timeline[(timeline["value"].isna() | timeline["unit"].str.startswith("rank")) & timeline["date"].notna()]
strip = happenings[happenings["date"].between("2024-12-01", "2025-02-28")].copy()
erased = moves[(moves["ticker_or_index"] == "NVDA") & moves["name"].str.contains("erased in one day")].iloc[0]
sell_off = pd.DataFrame(
    {
        "date": [erased["date"]],
        "item": [f"{erased['name']}: ${erased['value']:.0f} bn ({erased['source']})"],
        "source": [erased["source"]],
        "confidence": [erased["confidence"]],
    }
)
strip = pd.concat([strip, sell_off], ignore_index=True).rename(columns={"item": "event"}).sort_values("date")
strip.insert(0, "n", range(1, len(strip) + 1))
ui.show_figure(
    Figure(
        key="deepseek_week",
        title="From DeepSeek-V3 to a record sell-off in one month",
        subtitle="Dated events, Dec 2024 to Feb 2025; hover a dot for the full entry and its source",
        chart=charts.timeline_strip(strip, theme.color_of("DeepSeek")),
        data=strip[["n", "date", "event", "source"]],
        source=sources.facts_line(pd.concat([happenings, moves.loc[[erased.name]]]), "Feb 2025"),
    )
)
st.markdown("\n".join(f"{row.n}. **{row.date:%d %b %Y}**: {row.event}" for row in strip.itertuples()))

# ------------------------------------------------------------------------------------------ 2. event study
st.header("2 · Who lost, who gained")
all_symbols = [s for members in deepseek.GROUPS.values() for s in members]
price_set = ui.load_prices(all_symbols)
closes = price_set.closes("adjusted")
names = {s: info.name for s, info in price_set.info.items()}
companies = {names.get(s, s): info.company for s, info in price_set.info.items()}

controls = st.columns([3, 2, 2, 2, 2])
groups = controls[0].pills(
    "Groups",
    [g for g in deepseek.GROUPS if g != "Benchmarks"] + ["Benchmarks"],
    selection_mode="multi",
    default=["US AI hardware", "US hyperscalers", "Apple", "China AI"],
    key="groups",
    bind="query-params",
)
event_date = controls[1].date_input(
    "Event date",
    value=deepseek.SELL_OFF.date(),
    min_value=dt.date(2024, 2, 1),
    max_value=dt.date(2026, 6, 1),
    key="event_date",
    bind="query-params",
)
before, after, benchmark = ui.event_window_controls(
    controls[2:], "", before=(20, 5), after=(60, 10), benchmarks=deepseek.BENCHMARK_BY_NAME
)
event = pd.Timestamp(event_date)
chosen = [s for g in (groups or []) for s in deepseek.GROUPS[g] if s in closes]
if not chosen:
    st.info("Pick at least one group to see the event study.")
else:
    study_closes = closes[list(dict.fromkeys([*chosen, benchmark]))] if benchmark in closes else closes[chosen]
    table = deepseek.event_study(study_closes, event, before, after, benchmark)
    table = table[table["symbol"].isin(chosen)].assign(name=lambda t: t["symbol"].map(names))
    window = eventstudy.indexed_window(closes[chosen], event, before, after)
    window = window.assign(name=window["symbol"].map(names))
    worst = table.loc[table["event_day_return"].idxmin()]
    best = table.loc[table["event_day_return"].idxmax()]
    day0 = worst["event_day"]
    ui.show_figure(
        Figure(
            key="event_window",
            title=f"{worst['name']} {worst['event_day_return']:+.1%} on {day0:%d %b %Y}; "
            f"{best['name']} {best['event_day_return']:+.1%}",
            subtitle=f"Prices indexed to 100 at the close before the event; {before} trading days before, "
            f"{after} after",
            chart=alt.layer(
                charts.highlighted_lines(
                    window,
                    x="date",
                    y="index",
                    series="name",
                    highlight=worst["name"],
                    y_title="Index (close before event = 100)",
                    companies=companies,
                    x_format="%d %b",
                ),
                alt.Chart(pd.DataFrame({"date": [event]}))
                .mark_rule(strokeDash=[4, 3], color=theme.MUTED)
                .encode(x="date:T"),
            ),
            data=window[["date", "symbol", "name", "day", "index"]],
            source=f"{sources.prices_line(price_set, sources.ADJUSTED)} · {sources.CALENDARS}",
        )
    )
    bench_name = deepseek.BENCHMARKS[benchmark]
    leader = table.loc[table["abnormal_return"].idxmax()]
    laggard = table.loc[table["abnormal_return"].idxmin()]
    ui.show_figure(
        Figure(
            key="abnormal_returns",
            title=f"{leader['name']} beat the {bench_name} by {leader['abnormal_return']:+.1%} over the window; "
            f"{laggard['name']} {laggard['abnormal_return']:+.1%}",
            subtitle=f"Cumulative return minus the {bench_name}'s over the same dates, "
            f"{before} trading days before to {after} after",
            chart=charts.ranked_bars(
                table,
                value="abnormal_return",
                category="name",
                color_field="group",
                colors={
                    "US AI hardware": theme.color_of("NVIDIA"),
                    "US hyperscalers": theme.color_of("Microsoft"),
                    "Apple": theme.color_of("Apple"),
                    "China AI": theme.color_of("Alibaba"),
                },
                value_title=f"Abnormal return vs {bench_name}",
            ),
            data=table[
                [
                    "symbol",
                    "name",
                    "group",
                    "event_day",
                    "event_day_return",
                    "cumulative_return",
                    "benchmark_return",
                    "abnormal_return",
                    "window_start",
                    "window_end",
                ]
            ],
            source=f"{sources.prices_line(price_set, sources.ADJUSTED)} · Abnormal = ticker minus benchmark, "
            "same dates; the benchmark's last close on or before each date is used",
        )
    )
    st.dataframe(
        table[["name", "group", "event_day", "event_day_return", "cumulative_return", "abnormal_return"]],
        hide_index=True,
        column_config={
            "event_day": st.column_config.DateColumn("Day 0", format="D MMM YYYY"),
            "event_day_return": st.column_config.NumberColumn("Day-0 return", format="percent"),
            "cumulative_return": st.column_config.NumberColumn("Window return", format="percent"),
            "abnormal_return": st.column_config.NumberColumn(f"Abnormal vs {bench_name}", format="percent"),
        },
    )

# ------------------------------------------------------------------------------------------ 3. divergence
st.header("3 · The divergence that followed")
last_day = closes.index[-1].date()
end = st.slider(
    "Show the baskets up to",
    min_value=(deepseek.SELL_OFF + pd.Timedelta(days=7)).date(),
    max_value=last_day,
    value=dt.date(2025, 12, 31),
    format="D MMM YYYY",
    key="divergence_end",
    bind="query-params",
)
baskets = deepseek.divergence(closes, deepseek.SELL_OFF, pd.Timestamp(end))
if len(baskets):
    final = baskets.groupby("basket")["index"].last()
    base_day = baskets["date"].min()
    ui.show_figure(
        Figure(
            key="divergence",
            title="After the shock, Chinese AI stocks outran America's: "
            + ", ".join(f"{name} {value - 100:+.0f}%" for name, value in final.items()),
            subtitle=f"Equal-weighted baskets indexed to 100 at the close before {deepseek.SELL_OFF:%-d %b %Y} "
            "(US: NVDA, AVGO, TSM, ASML, MSFT, GOOGL, AMZN, META; China: BABA, 9988.HK, BIDU, 0700.HK)",
            chart=charts.highlighted_lines(
                baskets,
                x="date",
                y="index",
                series="basket",
                highlight="China AI",
                y_title=f"Index ({base_day:%-d %b %Y} = 100)",
                companies={"China AI": "Alibaba"},
            ),
            data=baskets,
            source=f"{sources.prices_line(price_set, sources.ADJUSTED)} · Each basket is drawn on the days all "
            "its members traded (no filling); Alibaba counts twice in the China basket (ADS and Hong Kong line)",
        )
    )

# ------------------------------------------------------------------------------------------ 4. cost claim
st.header("4 · The cost claim")
left, right = st.columns([3, 1])
rate = left.slider("Rental price, $ per GPU-hour", 0.5, 6.0, 2.0, 0.25, key="gpu_rate", bind="query-params")
log_scale = right.toggle("Log scale", value=False, key="cost_log", bind="query-params")
cost_table = deepseek.training_costs(costs, rate)
deepseek_cost = cost_table.set_index("model").loc["DeepSeek-V3", "cost_usd_m"]
llama_cost = cost_table.set_index("model").loc["Llama 3.1 405B", "cost_usd_m"]
ui.show_figure(
    Figure(
        key="training_costs",
        title=f"At ${rate:.2f}/GPU-hour DeepSeek-V3's final run costs ${deepseek_cost:,.1f} M, "
        f"Llama 3.1 405B's ${llama_cost:,.1f} M",
        subtitle="Final training run, USD millions: GPU-hours × your rate, beside published estimates for GPT-4 "
        "and Gemini Ultra",
        chart=charts.ranked_bars(
            cost_table,
            value="cost_usd_m",
            category="model",
            color_field="basis",
            colors={"GPU-hours × your rate": theme.color_of("DeepSeek"), "published estimate": theme.MUTED},
            value_title="USD millions",
            value_format=",.1f",
            log=log_scale,
            tooltip=(alt.Tooltip("detail:N", title="Basis"),),
        ),
        data=cost_table,
        source=sources.facts_line(
            deepseek.cost_rows(costs),
            "Dec 2024 (DeepSeek), Jul 2024 (Meta), Apr 2024 (AI Index)",
            "Final run only: excludes research, ablations, staff and hardware; H800 and H100 hours are not the "
            "same unit of work; GPT-4 and Gemini Ultra are third-party estimates",
        ),
    )
)

# ------------------------------------------------------------------------------------------ 5. price of use
st.header("5 · The price of use")
api_rows = deepseek.api_prices(api)
r1_vs_o1 = deepseek.price_ratio(api_rows, "o1", "deepseek-reasoner", "output")
v3_vs_4o = deepseek.price_ratio(api_rows, "GPT-4o (", "deepseek-chat", "output")
ui.show_figure(
    Figure(
        key="api_prices",
        title=f"OpenAI's o1 charged {r1_vs_o1:.0f}× DeepSeek-R1's price per output token; GPT-4o {v3_vs_4o:.0f}× V3's",
        subtitle="List API price, USD per 1 M tokens (input on a cache miss, and output), early 2025",
        chart=charts.ranked_bars(
            api_rows,
            value="value",
            category="model",
            color_field="provider",
            colors={p: theme.color_of(p) for p in ("DeepSeek", "OpenAI", "Anthropic")},
            value_title="USD per 1 M tokens",
            value_format="$,.2f",
            log=True,
            offset="kind",
            tooltip=(alt.Tooltip("as_of:N", title="As of"),),
        ),
        data=api_rows,
        source=sources.facts_line(api_rows, "the pricing pages, Jan–Feb 2025", "Log scale"),
    )
)

# ------------------------------------------------------------------------------------------ takeaways
lines = []
if "NVDA" in closes:
    nvda_day = eventstudy.day_return(closes["NVDA"], deepseek.SELL_OFF)
    alt_loss = moves[(moves["ticker_or_index"] == "NVDA") & moves["name"].str.contains("alternative")].iloc[0]
    lines.append(
        f"NVIDIA closed **{nvda_day:+.1%}** on {deepseek.SELL_OFF:%-d %b %Y} (close to close, from the prices above), "
        "erasing "
        f"**${erased['value']:.0f} bn** of market value ({erased['source']}; {alt_loss['source']} put it at "
        f"${alt_loss['value']:.0f} bn)."
    )
summary = deepseek.group_summary(table) if chosen else None
if summary is not None and len(summary):  # benchmarks alone have no group to rank
    lines.append(
        f"Over the window you chose, **{summary.index[0]}** did best ({summary['cumulative_return'].iloc[0]:+.1%} "
        f"on average) and **{summary.index[-1]}** worst ({summary['cumulative_return'].iloc[-1]:+.1%})."
    )
lines.append(
    f"DeepSeek-V3's final run is {llama_cost / deepseek_cost:.1f}× cheaper than Llama 3.1 405B's at the same "
    "rental price, but it counts one training run, not the cost of building the model."
)
ui.takeaways(lines)
