"""Chapter 2, the DeepSeek shock: what a reported $5.6 M training run did to the market, and whether the
$5.6 M compares with anything."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from explainer.charts import builders, sources, theme, vl
from explainer.charts.figure import Figure
from explainer.data import facts
from explainer.story import deepseek, eventstudy
from explainer.story.controls import Control
from explainer.story.reference import BENCHMARKS, SELL_OFF
from explainer.story.section import Context, Details, Result, Section, Settings, Table
from explainer.story.sections import event_window

TABLES = ("deepseek_timeline", "market_moves", "training_cost_comparisons", "api_prices")
TICKERS = tuple(s for members in deepseek.GROUPS.values() for s in members)
GROUP_COLOURS = {
    "US AI hardware": theme.color_of("NVIDIA"),
    "US hyperscalers": theme.color_of("Microsoft"),
    "Apple": theme.color_of("Apple"),
    "China AI": theme.color_of("Alibaba"),
}


def _erased(moves: pd.DataFrame) -> pd.Series:
    return facts.row(moves, contains={"name": "erased in one day"}, ticker_or_index="NVDA")


def the_week(timeline: pd.DataFrame, moves: pd.DataFrame, closes: pd.DataFrame) -> Result:
    """The dated events from DeepSeek-V3 to the sell-off, and NVIDIA's day."""
    happenings = timeline[
        (timeline["value"].isna() | timeline["unit"].str.startswith("rank")) & timeline["date"].notna()
    ]
    strip = happenings[happenings["date"].between("2024-12-01", "2025-02-28")]
    erased = _erased(moves)
    sell_off = pd.DataFrame({
        "date": [erased["date"]], "item": [f"{erased['name']}: ${erased['value']:.0f} bn ({erased['source']})"],
        "source": [erased["source"]], "confidence": [erased["confidence"]],
    })  # fmt: skip
    strip = pd.concat([strip, sell_off], ignore_index=True).rename(columns={"item": "event"}).sort_values("date")
    strip.insert(0, "n", range(1, len(strip) + 1))
    takeaways = ()
    if "NVDA" in closes:
        alternative = facts.row(moves, contains={"name": "alternative"}, ticker_or_index="NVDA")
        nvda_day = eventstudy.day_return(closes["NVDA"], SELL_OFF)
        takeaways = (
            f"NVIDIA closed **{nvda_day:+.1%}** on {SELL_OFF:%-d %b %Y} (close to close, from the prices above), "
            f"erasing **${erased['value']:.0f} bn** of market value ({erased['source']}; {alternative['source']} "
            f"put it at ${alternative['value']:.0f} bn).",
        )
    return Result(
        figures=(
            Figure(
                key="deepseek_week",
                title="From DeepSeek-V3 to a record sell-off in one month",
                subtitle="Dated events, Dec 2024 to Feb 2025; hover a dot for the full entry and its source",
                chart=builders.timeline_strip(strip, theme.color_of("DeepSeek")),
                data=strip[["n", "date", "event", "source"]],
                source=sources.facts_line(pd.concat([happenings, moves.loc[[erased.name]]]), "Feb 2025"),
            ),
        ),
        text="\n".join(f"{row.n}. **{row.date:%d %b %Y}**: {row.event}" for row in strip.itertuples()),
        takeaways=takeaways,
    )


GROUPS = Control(
    "groups", "Groups", "pills", ("US AI hardware", "US hyperscalers", "Apple", "China AI"),
    options=(*[g for g in deepseek.GROUPS if g != "Benchmarks"], "Benchmarks"),
)  # fmt: skip
EVENT_DATE = Control(
    "event_date", "Event date", "date", SELL_OFF.date(), bounds=(dt.date(2024, 2, 1), dt.date(2026, 6, 1))
)
WINDOW = event_window.controls("", before=(20, 5), after=(60, 10), benchmark="^GSPC")


def _extremes(table: pd.DataFrame, column: str) -> tuple[dict, dict]:
    """The rows with the lowest and the highest ``column`` (missing values passed over), as dicts."""
    values = table[column].to_numpy(dtype=float)
    known = ~np.isnan(values)
    if not known.any():
        return _row(table, 0), _row(table, 0)
    positions = np.flatnonzero(known)
    return _row(table, positions[values[known].argmin()]), _row(table, positions[values[known].argmax()])


def _row(table: pd.DataFrame, position: int) -> dict:
    return {column: table[column].iloc[position] for column in ("name", "event_day", "event_day_return",
                                                                 "abnormal_return")}  # fmt: skip


def who_lost(
    closes: eventstudy.Closes, names: dict[str, str], companies: dict[str, str], price_source: str,
    groups: tuple[str, ...], event: pd.Timestamp, before: int, after: int, benchmark: str,
) -> Result:  # fmt: skip
    """Each chosen ticker's path around the event, and its return beyond the benchmark's over the window."""
    closes = eventstudy.as_traded(closes)
    chosen = [s for g in groups for s in deepseek.GROUPS[g] if s in closes]
    if not chosen:
        return Result(notice="Pick at least one group to see the event study.")
    table = deepseek.event_study(closes, event, before, after, benchmark, chosen)
    table["name"] = [names[s] for s in table["symbol"]]
    window = eventstudy.indexed_window({s: closes[s] for s in chosen}, event, before, after, names)
    worst, best = _extremes(table, "event_day_return")
    bench_name = BENCHMARKS[benchmark]
    laggard, leader = _extremes(table, "abnormal_return")
    summary = deepseek.group_summary(table)
    takeaways = ()
    if len(summary):  # benchmarks alone have no group to rank
        takeaways = (
            f"Over the window you chose, **{summary.index[0]}** did best "
            f"({summary['cumulative_return'].iloc[0]:+.1%} on average) and **{summary.index[-1]}** worst "
            f"({summary['cumulative_return'].iloc[-1]:+.1%}).",
        )
    abnormal = Figure(
        key="abnormal_returns",
        title=f"{leader['name']} beat the {bench_name} by {leader['abnormal_return']:+.1%} over the window; "
        f"{laggard['name']} {laggard['abnormal_return']:+.1%}",
        subtitle=f"Cumulative return minus the {bench_name}'s over the same dates, "
        f"{before} trading days before to {after} after",
        chart=builders.ranked_bars(
            table, value="abnormal_return", category="name", color_field="group", colors=GROUP_COLOURS,
            value_title=f"Abnormal return vs {bench_name}",
        ),
        data=table[["symbol", "name", "group", "event_day", "event_day_return", "cumulative_return",
                    "benchmark_return", "abnormal_return", "window_start", "window_end"]],
        source=f"{price_source} · Abnormal = ticker minus benchmark, same dates; the benchmark's last "
        "close on or before each date is used",
    )  # fmt: skip
    return Result(
        figures=(
            event_window.figure(
                "event_window",
                f"{worst['name']} {worst['event_day_return']:+.1%} on {worst['event_day']:%d %b %Y}; "
                f"{best['name']} {best['event_day_return']:+.1%}",
                window, event, before, after, worst["name"], companies,
                f"{price_source} · {sources.CALENDARS}",
            ),
            abnormal,
        ),
        details=Details(
            "Returns by ticker",
            table=Table(
                table[["name", "group", "event_day", "event_day_return", "cumulative_return", "abnormal_return"]],
                {**event_window.RETURN_COLUMNS, "abnormal_return": (f"Abnormal vs {bench_name}", "percent")},
            ),
        ),
        takeaways=takeaways,
    )


def divergence_end(last_day: dt.date) -> Control:
    return Control(
        "divergence_end", "Show the baskets up to", "slider", dt.date(2025, 12, 31),
        bounds=((SELL_OFF + pd.Timedelta(days=7)).date(), last_day), format="D MMM YYYY",
    )  # fmt: skip


def the_divergence(closes: pd.DataFrame, price_source: str, end: dt.date) -> Result:
    """The US-AI and China-AI baskets from the close before the sell-off."""
    baskets = deepseek.divergence(closes, SELL_OFF, pd.Timestamp(end))
    if not len(baskets):
        return Result(notice="Neither basket has prices to draw.")
    final = baskets.groupby("basket")["index"].last()
    base_day = baskets["date"].min()
    return Result(
        figures=(
            Figure(
                key="divergence",
                title="After the shock, Chinese AI stocks outran America's: "
                + ", ".join(f"{name} {value - 100:+.0f}%" for name, value in final.items()),
                subtitle=f"Equal-weighted baskets indexed to 100 at the close before {SELL_OFF:%-d %b %Y} "
                "(US: NVDA, AVGO, TSM, ASML, MSFT, GOOGL, AMZN, META; China: BABA, 9988.HK, BIDU, 0700.HK)",
                chart=builders.highlighted_lines(
                    baskets, x="date", y="index", series="basket", highlight="China AI",
                    y_title=f"Index ({base_day:%-d %b %Y} = 100)", companies={"China AI": "Alibaba"},
                ),
                data=baskets,
                source=f"{price_source} · Each basket is drawn on the days all its members traded (no filling); "
                "Alibaba counts twice in the China basket (ADS and Hong Kong line)",
            ),
        )
    )  # fmt: skip


GPU_RATE = Control("gpu_rate", "Rental price, $ per GPU-hour", "slider", 2.0, bounds=(0.5, 6.0), step=0.25)
COST_LOG = Control("cost_log", "Log scale", "toggle", False)


def the_cost_claim(costs: pd.DataFrame, rate: float, log_scale: bool) -> Result:
    """DeepSeek-V3's final run at a rental price, beside Llama's and the published estimates."""
    cost_table = deepseek.training_costs(costs, rate)
    by_model = cost_table.set_index("model")["cost_usd_m"]
    deepseek_cost, llama_cost = by_model["DeepSeek-V3"], by_model["Llama 3.1 405B"]
    return Result(
        figures=(
            Figure(
                key="training_costs",
                title=f"At ${rate:.2f}/GPU-hour DeepSeek-V3's final run costs ${deepseek_cost:,.1f} M, "
                f"Llama 3.1 405B's ${llama_cost:,.1f} M",
                subtitle="Final training run, USD millions: GPU-hours × your rate, beside published estimates for "
                "GPT-4 and Gemini Ultra",
                chart=builders.ranked_bars(
                    cost_table, value="cost_usd_m", category="model", color_field="basis",
                    colors={"GPU-hours × your rate": theme.color_of("DeepSeek"), "published estimate": theme.MUTED},
                    value_title="USD millions", value_format=",.1f", log=log_scale,
                    tooltip=(vl.field("detail:N", title="Basis"),),
                ),
                data=cost_table,
                source=sources.facts_line(
                    deepseek.cost_rows(costs),
                    "Dec 2024 (DeepSeek), Jul 2024 (Meta), Apr 2024 (AI Index)",
                    "Final run only: excludes research, ablations, staff and hardware; H800 and H100 hours are not "
                    "the same unit of work; GPT-4 and Gemini Ultra are third-party estimates",
                ),
            ),
        ),
        takeaways=(
            f"DeepSeek-V3's final run is {llama_cost / deepseek_cost:.1f}× cheaper than Llama 3.1 405B's at the "
            "same rental price, but it counts one training run, not the cost of building the model.",
        ),
    )  # fmt: skip


def the_price_of_use(api: pd.DataFrame) -> Result:
    """List API prices: what each provider charged per million tokens."""
    rows = deepseek.api_prices(api)
    r1_vs_o1 = deepseek.price_ratio(rows, "o1", "deepseek-reasoner", "output")
    v3_vs_4o = deepseek.price_ratio(rows, "GPT-4o (", "deepseek-chat", "output")
    return Result(
        figures=(
            Figure(
                key="api_prices",
                title=f"OpenAI's o1 charged {r1_vs_o1:.0f}× DeepSeek-R1's price per output token; "
                f"GPT-4o {v3_vs_4o:.0f}× V3's",
                subtitle="List API price, USD per 1 M tokens (input on a cache miss, and output), early 2025",
                chart=builders.ranked_bars(
                    rows, value="value", category="model", color_field="provider",
                    colors={p: theme.color_of(p) for p in ("DeepSeek", "OpenAI", "Anthropic")},
                    value_title="USD per 1 M tokens", value_format="$,.2f", log=True, offset="kind",
                    tooltip=(vl.field("as_of:N", title="As of"),),
                ),
                data=rows,
                source=sources.facts_line(rows, "the pricing pages, Jan–Feb 2025", "Log scale"),
            ),
        )
    )  # fmt: skip


def _closes(context: Context) -> pd.DataFrame:
    return context.prices.closes("adjusted")


def _who_lost(context: Context, chosen: Settings) -> Result:
    price_set = context.prices
    before, after, benchmark = event_window.read("", chosen)
    traded = context.derive("traded closes", lambda: eventstudy.traded(_closes(context)))
    return who_lost(
        traded, {s: i.name for s, i in price_set.info.items()},
        {i.name: i.company for i in price_set.info.values()}, sources.prices_line(price_set, sources.ADJUSTED),
        chosen["groups"], pd.Timestamp(chosen["event_date"]), before, after, benchmark,
    )  # fmt: skip


SECTIONS = (
    Section(
        "week",
        "1 · The week",
        lambda c, s: the_week(c.tables["deepseek_timeline"], c.tables["market_moves"], _closes(c)),
    ),
    Section(
        "who_lost",
        "2 · Who lost, who gained",
        _who_lost,
        lambda c, s: (GROUPS, EVENT_DATE, *WINDOW),
        widths=(3, 2, 2, 2, 2),
    ),
    Section(
        "divergence",
        "3 · The divergence that followed",
        lambda c, s: the_divergence(_closes(c), sources.prices_line(c.prices, sources.ADJUSTED), s["divergence_end"]),
        lambda c, s: (divergence_end(_closes(c).index[-1].date()),),
    ),
    Section(
        "cost",
        "4 · The cost claim",
        lambda c, s: the_cost_claim(c.tables["training_cost_comparisons"], s["gpu_rate"], s["cost_log"]),
        lambda c, s: (GPU_RATE, COST_LOG),
        widths=(3, 1),
    ),
    Section("price_of_use", "5 · The price of use", lambda c, s: the_price_of_use(c.tables["api_prices"])),
)
