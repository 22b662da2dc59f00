"""The home page: the headline numbers, each computed from the tables and prices, and the story's dated
events over Alibaba's share price."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from explainer.charts import builders, fmt, sources
from explainer.charts.figure import Figure
from explainer.story import eventstudy, headline
from explainer.story.controls import Control
from explainer.story.reference import END_OF_2024, SELL_OFF
from explainer.story.section import Context, Details, Metric, Result, Section, Settings, Table

TABLES = ("china_smartphone_share_idc", "lmarena_snapshots", "hyperscaler_capex", "china_tech_capex_other",
          "fx_rates", "apple_china_events", "deepseek_timeline")  # fmt: skip
TICKERS = ("BABA", "NVDA")


def headline_numbers(
    idc: pd.DataFrame, arena: pd.DataFrame, capex: pd.DataFrame, china_capex: pd.DataFrame, fx: pd.DataFrame,
    closes: pd.DataFrame,
) -> Result:  # fmt: skip
    """Five numbers that carry the story: Apple's share, NVIDIA's day, Qwen's score, the capex gap, BABA."""
    share = headline.apple_share(idc, "2024")
    arena_reading = headline.first_arena_reading(arena, "Qwen2.5-Max")
    capex_vs = headline.capex_comparison(capex, china_capex, fx)
    metrics = [
        Metric("Apple, China share 2024", f"{share.share:.1f}%",
               f"#{share.rank}, behind {' and '.join(share.vendors_ahead)}",
               help="IDC, China smartphone shipments (sell-in), full year 2024."),
    ]  # fmt: skip
    if "NVDA" in closes:
        metrics.append(Metric(
            f"NVIDIA on {SELL_OFF:%-d %b %Y}", f"{eventstudy.day_return(closes['NVDA'], SELL_OFF):+.1%}",
            "one day, close to close", help="Computed from the daily closes shown in the price status line above.",
        ))  # fmt: skip
    metrics += [
        Metric("Qwen2.5-Max, Arena score", f"{arena_reading.score:.0f}",
               f"#{arena_reading.position} on {arena_reading.snapshot:%d %b %Y}",
               help="Arena Elo (overall text) from the LMSYS Chatbot Arena board as mirrored by openlm.ai."),
        Metric("US big four capex 2025", f"${capex_vs.us_total_usd_bn:,.0f} bn",
               f"{capex_vs.ratio:.1f}× Alibaba's 3-yr plan",
               help="Microsoft (fiscal year to June 2025, including finance leases), Alphabet, Amazon and Meta "
               f"actuals, against Alibaba's RMB {capex_vs.alibaba_plan_cny_bn:,.0f} bn plan ≈ "
               f"${capex_vs.alibaba_plan_usd_bn:,.1f} bn at {capex_vs.fx_rate} CNY per USD "
               f"({capex_vs.fx_date:%d %b %Y})."),
    ]  # fmt: skip
    if "BABA" in closes:
        change, last = headline.change_since(closes, "BABA", END_OF_2024)
        metrics.append(Metric(
            "BABA since 2025 began", f"{change:+.0%}", f"to {last:%d %b %Y}",
            help="Dividend-adjusted close of 31 Dec 2024 to the latest close in the price data.",
        ))  # fmt: skip
    return Result(
        metrics=tuple(metrics),
        notes=(
            sources.facts_line(
                pd.concat([share.rows[share.rows["vendor"] == "Apple"], arena_reading.rows, capex_vs.rows]),
                "each metric's own date", "Prices as in the status line above",
            ),
        ),
    )  # fmt: skip


def period(traded: pd.DataFrame) -> tuple[Control, ...]:
    if "BABA" not in traded:
        return ()
    baba = traded["BABA"].dropna()
    first, last = baba.index[0].date(), baba.index[-1].date()
    return (Control("period", "Period", "slider", (first, last), bounds=(first, last), format="MMM YYYY"),)


def story_in_dates(
    traded: pd.DataFrame, events: pd.DataFrame, price_source: str, period: tuple[dt.date, dt.date] | None
) -> Result:
    """BABA's closing price over the period chosen, with the story's dated events numbered on it."""
    if "BABA" not in traded or period is None:
        return Result(warning="BABA prices are unavailable, so the timeline cannot be drawn.")
    start, end = pd.Timestamp(period[0]), pd.Timestamp(period[1])
    shown_prices = traded["BABA"].dropna().loc[start:end].rename("close").rename_axis("date").reset_index()
    if len(shown_prices) < 2:
        return Result(
            notice=f"BABA has {fmt.count(len(shown_prices), 'close')} from {start:%d %b %Y} to {end:%d %b %Y}, too "
            "few to draw a line: pick a period at least two trading days long."
        )
    shown_events = events[(events["date"] >= start) & (events["date"] <= end)].reset_index(drop=True)
    shown_events.insert(0, "n", range(1, len(shown_events) + 1))
    return Result(
        figures=(
            Figure(
                key="timeline",
                title="Alibaba's shares took off after DeepSeek and the Apple report",
                subtitle="BABA (NYSE ADS) closing price as traded, USD; numbered lines are the story's dated events",
                chart=builders.price_with_events(shown_prices, shown_events, "Alibaba", "BABA close (USD)"),
                data=shown_prices.merge(shown_events[["date", "n", "event", "source"]], on="date", how="left"),
                source=f"{price_source} · Events: the sources listed in the table below",
            ),
        ),
        details=Details(
            f"The {len(shown_events)} events on the chart",
            table=Table(shown_events[["n", "date", "category", "event", "source"]], {"date": ("date", "date")}),
        ),
    )


def _headline(context: Context, chosen: Settings) -> Result:
    t = context.tables
    return headline_numbers(t["china_smartphone_share_idc"], t["lmarena_snapshots"], t["hyperscaler_capex"],
                            t["china_tech_capex_other"], t["fx_rates"], context.prices.closes("adjusted"))  # fmt: skip


def _story_in_dates(context: Context, chosen: Settings) -> Result:
    tables = (context.tables["apple_china_events"], context.tables["deepseek_timeline"])
    events = context.derive("story events", lambda: headline.story_events(*tables))
    return story_in_dates(context.prices.closes("traded"), events,
                          sources.prices_line(context.prices, sources.TRADED), chosen.get("period"))  # fmt: skip


SECTIONS = (
    Section("headline", "", _headline),
    Section("timeline", "The story in dates", _story_in_dates, lambda c, s: period(c.prices.closes("traded"))),
)
