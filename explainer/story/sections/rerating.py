"""Chapter 5, the re-rating: what the market now pays for Alibaba's AI, and what the parts could be worth
under assumptions the viewer can change."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from explainer.charts import builders, fmt, sources, theme, vl
from explainer.charts.figure import Figure
from explainer.data import facts
from explainer.story import capex, eventstudy, headline, rerating
from explainer.story.controls import Control
from explainer.story.reference import END_OF_2024, fx_rate
from explainer.story.section import Context, Details, Metric, Result, Section, Settings, Table

TABLES = ("apple_china_events", "deepseek_timeline", "market_moves", "china_tech_capex_other", "valuation_context",
          "alibaba_quarterly", "fx_rates", "alibaba_segments")  # fmt: skip
NAMES = {"BABA": "Alibaba (NYSE ADS)", "9988.HK": "Alibaba (Hong Kong)", "KWEB": "China internet ETF (KWEB)",
         "^HSI": "Hang Seng", "AAPL": "Apple"}  # fmt: skip
TICKERS = tuple(NAMES)
ADS = NAMES["BABA"]


def _baba(closes: pd.DataFrame) -> pd.Series:
    return closes["BABA"].dropna()


def start_day(closes: pd.DataFrame) -> Control:
    first, last = closes.index[0].date(), _baba(closes).index[-1].date()
    return Control("rerating_start", "Index to 100 on", "slider", dt.date(2024, 12, 31), bounds=(first, last),
                   format="D MMM YYYY")  # fmt: skip


def the_path(closes: pd.DataFrame, events: pd.DataFrame, price_source: str, start_day: dt.date) -> Result:
    """Alibaba's two lines, China internet, the Hang Seng and Apple from one start, with the story's events."""
    start, last = pd.Timestamp(start_day), _baba(closes).index[-1]
    indexed = eventstudy.index_to(closes, start).rename(columns=NAMES)
    lines = indexed.rename_axis("date").reset_index().melt("date", var_name="name", value_name="index").dropna()
    shown_events = events[events["date"] >= start].reset_index(drop=True)
    shown_events.insert(0, "n", range(1, len(shown_events) + 1))
    since_2025 = rerating.swing(closes["BABA"], END_OF_2024, last)
    takeaways = (
        f"Since the start of 2025 BABA is **{since_2025.change:+.0%}**, with a largest run-up of "
        f"{since_2025.max_run_up:+.0%} and a largest drawdown of {since_2025.max_drawdown:+.0%} along the way.",
    )
    if eventstudy.closes_after_base(indexed, ADS) == 0:
        return Result(
            notice=f"Alibaba's ADS has no close after {start:%d %b %Y}, so there is no path to draw: pick a start "
            f"date before its last close ({last:%d %b %Y}).",
            takeaways=takeaways,
        )
    common_end, moves = eventstudy.moves_to_common_end(indexed)
    return Result(
        figures=(
            Figure(
                key="rerating_path",
                title=f"From {start:%d %b %Y} to {common_end:%d %b %Y}: Alibaba's ADS {moves[ADS]:+.0f}%, "
                + ", ".join(f"{name} {move:+.0f}%" for name, move in moves.items() if name != ADS),
                subtitle="Indexed to 100 at the chosen date (dividend-adjusted closes); numbered lines are the "
                "story's events",
                chart=vl.layer(
                    builders.highlighted_lines(
                        lines, x="date", y="index", series="name", highlight=ADS, y_title="Index (start = 100)",
                        companies={ADS: "Alibaba", NAMES["9988.HK"]: "Alibaba", NAMES["AAPL"]: "Apple"},
                    ),
                    builders.event_rules(shown_events, *builders.extent(lines["date"], shown_events["date"]),
                                         builders.PLOT_WIDTH_PX - builders.END_LABELS_PX),
                ),
                data=lines,
                source=f"{price_source} · {sources.CALENDARS} · Events: table below (the Meitu investment is not in "
                "the fact sheet, so it is not marked)",
            ),
        ),
        details=Details(
            f"The {len(shown_events)} events on the chart", table=Table(shown_events, {"date": ("date", "date")})
        ),
        takeaways=takeaways,
    )  # fmt: skip


def swing_dates(closes: pd.DataFrame) -> tuple[Control, ...]:
    first, last = closes.index[0].date(), _baba(closes).index[-1].date()
    return (
        Control("swing_from", "Run-up and drawdown from", "date", dt.date(2025, 1, 13), bounds=(first, last)),
        Control("swing_to", "to", "date", dt.date(2025, 3, 7), bounds=(first, last)),
    )


def the_swing(closes: pd.DataFrame, swing_from: dt.date, swing_to: dt.date) -> Result:
    """BABA's change between two dates and its largest run-up and drawdown in between."""
    if swing_from >= swing_to:
        return Result(warning="The start date must be before the end date; showing nothing until it is.")
    result = rerating.swing(closes["BABA"], pd.Timestamp(swing_from), pd.Timestamp(swing_to))
    if pd.isna(result.change):
        return Result(
            notice=f"BABA traded on fewer than two days from {swing_from:%d %b %Y} to {swing_to:%d %b %Y}: pick dates "
            "at least two trading days apart."
        )
    return Result(
        metrics=(
            Metric("BABA change", f"{result.change:+.1%}", help="Close on or before the first date to the last."),
            Metric("Largest run-up within", f"{result.max_run_up:+.1%}", help="From a low to a later high."),
            Metric("Largest drawdown within", f"{result.max_drawdown:+.1%}", help="From a high to a later low."),
        )
    )


def latest_market_cap(valuation: pd.DataFrame) -> pd.Series:
    """The latest market value in the tables (the sum of the parts counts ADS-equivalents from it)."""
    return facts.row(valuation.sort_values("date"), metric="Market capitalisation", last=True)


def multiples(valuation: pd.DataFrame, moves: pd.DataFrame) -> Result:
    """The P/E snapshots the sources give, before and after the rally, as points."""
    pe = rerating.multiples(valuation)
    latest = pe[(pe["subject"].str.startswith("Alibaba")) & (pe["confidence"] != "low")]["value"].iloc[-1]
    trough, cap = facts.row(moves, contains={"name": "market capitalisation"}), latest_market_cap(valuation)
    return Result(
        figures=(
            Figure(
                key="multiples",
                title=f"Alibaba's P/E went from ~{pe.iloc[0]['value']:.0f}× before the rally to about {latest:.0f}×",
                subtitle="P/E snapshots from different vendors and dates: points, not a series; hollow = indicative "
                "(unverified aggregator or press figure)",
                chart=builders.snapshot_points(pe),
                data=pe,
                source=sources.facts_line(
                    pe, "Jan 2026", "Trailing and forward P/E are mixed as the sources give them"
                ),
            ),
        ),
        takeaways=(
            f"Its market value went from {fmt.usd_bn(trough['value'])} at the January 2025 trough to "
            f"{fmt.usd_bn(cap['value'])} by {cap['date']:%d %b %Y} ({trough['source']}; {cap['source']}).",
        ),
    )


def what_pays(segments: pd.DataFrame, quarterly: pd.DataFrame) -> Result:
    """What pays for the AI: commerce against cloud profit by quarter (each segment as reported, the
    re-segmentation marked, never bridged), the group's income from operations and its collapse in the
    quick-commerce subsidy war, and cloud revenue growth beside it."""
    profit = rerating.segment_profit(segments)
    old_end, new_start = rerating.resegmented_between(segments)
    first_new = segments[segments["calendar_quarter_end"] == new_start]["alibaba_fiscal_quarter"].iloc[0]
    breaks = pd.DataFrame({"date": [old_end + (new_start - old_end) / 2], "label": [f"Re-segmented in {first_new}"]})
    commerce = rerating.SEGMENT_NAMES[rerating.COMMERCE_EBITA]
    cloud = rerating.SEGMENT_NAMES[rerating.CLOUD_EBITA]
    reported = profit[profit["status"] == "reported"]
    both = reported.pivot_table(index="quarter", columns="series", values="value").dropna(subset=[commerce, cloud])
    latest = both.index[-1]
    ratio = both.loc[latest, commerce] / both.loc[latest, cloud]
    income = segments[(segments["metric"] == "Group income from operations") & segments["value"].notna()]
    collapse = income.loc[income["yoy_change_pct"].idxmin()]
    quick = facts.row(
        segments, metric="Quick commerce revenue", alibaba_fiscal_quarter=collapse["alibaba_fiscal_quarter"]
    )
    bars = income.sort_values("calendar_quarter_end").assign(
        label=lambda t: t["value"].map("{:.1f}".format),
        note=lambda t: [f"{y:+.0f}% YoY" if q == collapse["alibaba_fiscal_quarter"] else ""
                        for q, y in zip(t["alibaba_fiscal_quarter"], t["yoy_change_pct"])],
    )
    growth = rerating.cloud_growth(quarterly)
    growth = growth.assign(label=growth["growth"].map("{:+.0f}%".format),
                           note=[""] * (len(growth) - 1) + ["latest"])
    first_growth, last_growth = growth.iloc[0], growth.iloc[-1]
    return Result(
        figures=(
            Figure(
                key="segment_profit",
                title=f"Commerce still pays: RMB {both.loc[latest, commerce]:.1f} bn of adjusted EBITA in {latest}, "
                f"{ratio:.1f}× cloud's RMB {both.loc[latest, cloud]:.1f} bn",
                subtitle=f"Adjusted EBITA by quarter, CNY bn, each segment as Alibaba reported it; commerce was "
                f"redefined in {first_new} and the two series are never joined; hollow = unverified; no dot = not "
                "reported",
                chart=builders.quarterly_points(
                    profit, y_title="Adjusted EBITA (CNY bn)", breaks=breaks,
                    colors={commerce: theme.color_of("Alibaba"),
                            rerating.SEGMENT_NAMES[rerating.OLD_COMMERCE_EBITA]: theme.color_of("Alibaba"),
                            cloud: theme.MUTED},
                ),
                data=profit,
                source=sources.facts_line(segments[segments["metric"].isin(rerating.SEGMENT_NAMES)], latest,
                                          "Alibaba's results releases, read in syndicated copies"),
            ),
            Figure(
                key="group_income",
                title=f"Group income from operations fell {abs(collapse['yoy_change_pct']):.0f}% to RMB "
                f"{collapse['value']:.1f} bn in {collapse['alibaba_fiscal_quarter']}, as quick-commerce revenue grew "
                f"{quick['yoy_change_pct']:+.0f}%",
                subtitle="Alibaba Group income from operations by quarter, CNY bn: the whole group, not commerce",
                chart=builders.annotated_bars(
                    bars, x="alibaba_fiscal_quarter", y="value", y_title="Income from operations (CNY bn)",
                    label="label", highlight_field="note", color=theme.color_of("Alibaba"),
                ),
                data=bars[["alibaba_fiscal_quarter", "calendar_quarter_end", "value", "yoy_change_pct", "source",
                           "confidence"]],
                source=sources.facts_line(income, collapse["alibaba_fiscal_quarter"]),
            ),
            Figure(
                key="cloud_revenue_growth",
                title=f"Cloud revenue growth went from {first_growth['growth']:+.0f}% in "
                f"{first_growth['alibaba_fiscal_quarter']} to {last_growth['growth']:+.0f}% in "
                f"{last_growth['alibaba_fiscal_quarter']}",
                subtitle="Alibaba Cloud Intelligence Group revenue, % year on year, as each release states it",
                chart=builders.annotated_bars(
                    growth, x="alibaba_fiscal_quarter", y="growth", y_title="Revenue growth (% YoY)", label="label",
                    highlight_field="note", color=theme.color_of("Alibaba"), y_format="+.0f",
                ),
                data=growth,
                source=sources.facts_line(growth, last_growth["alibaba_fiscal_quarter"]),
            ),
        ),
        notes=sources.press_notes(segments[segments["metric"].str.startswith("Group")]),
        takeaways=(
            f"Commerce still funds the AI build-out: in {latest} it earned {ratio:.1f}× cloud's adjusted EBITA, while "
            f"the group's income from operations fell {abs(collapse['yoy_change_pct']):.0f}% in "
            f"{collapse['alibaba_fiscal_quarter']} and cloud revenue grew {last_growth['growth']:+.0f}% by "
            f"{last_growth['alibaba_fiscal_quarter']}.",
        ),
    )  # fmt: skip


SUM_OF_PARTS_CAVEAT = (
    "An illustration for discussion, not investment advice. Two inputs are not in our fact sheet; they are "
    "marked *your assumption* and their defaults are round numbers, not estimates. The others start from the "
    "tables, and any you change become your assumption."
)


def commerce_default(segments: pd.DataFrame, fx: pd.DataFrame) -> rerating.CommerceEarnings:
    """The commerce earnings the sum of the parts starts from (see :class:`rerating.CommerceEarnings`)."""
    return rerating.commerce_earnings(segments, lambda day: fx_rate(fx, day)["value"])


def commerce_line(default: rerating.CommerceEarnings, chosen: float) -> str:
    """Where the commerce earnings come from, quarters named; or that the viewer's figure is their own."""
    quarters = " + ".join(
        f"{q} RMB {v:.3f} bn at {r:.4f}" for q, v, r in zip(default.quarters, default.cny_bn, default.cny_per_usd)
    )
    made = (f"{fmt.usd_bn(default.reported_usd_bn, 2)} × 4/{len(default.quarters)} to annualise: the segment was "
            f"created in {default.quarters[0]}, so four quarters are not yet reported" if default.annualised
            else f"{fmt.usd_bn(default.reported_usd_bn, 2)} over four quarters")  # fmt: skip
    source = (f"the data's default is {fmt.usd_bn(default.annual_usd_bn, 1)}: Alibaba China E-commerce Group adjusted "
              f"EBITA, {quarters} CNY per USD = {made}")  # fmt: skip
    caution = "Adjusted EBITA is before interest and tax, so an earnings multiple on it flatters the value."
    if round(chosen, 1) == round(default.annual_usd_bn, 1):
        return f"Commerce earnings: {source[0].upper()}{source[1:]}. {caution}"
    return f"Commerce earnings: {fmt.usd_bn(chosen, 1)} is your assumption ({source}). {caution}"


def sum_of_parts_controls(
    valuation: pd.DataFrame, ali: pd.DataFrame, fx: pd.DataFrame, segments: pd.DataFrame
) -> tuple[Control, ...]:
    """Two multiples and the cloud run-rate (defaults from the tables), then the two inputs the tables lack."""
    pre_rally = facts.row(valuation, contains={"date_label": "before rally"}, subject="Alibaba")
    latest_q = rerating.cloud_run_rate(ali)
    q_rate = fx_rate(fx, latest_q["calendar_quarter_end"])
    default_run_rate = capex.to_usd(latest_q["value"] * 4, q_rate["value"])
    return (
        Control("commerce_pe", "Commerce earnings multiple (×)", "slider", float(pre_rally["value"]),
                bounds=(4.0, 30.0), step=0.5,
                help=f"Default {pre_rally['value']:.0f}×: Alibaba's whole-company P/E before the rally "
                f"({pre_rally['source']})."),
        Control("cloud_ps", "Cloud revenue multiple (× sales) · your assumption", "slider", 4.0, bounds=(0.0, 15.0),
                step=0.5),
        Control("cloud_run_rate", "Cloud revenue run-rate (USD bn a year)", "slider", round(default_run_rate, 1),
                bounds=(5.0, 60.0), step=0.1,
                help=f"Default: {latest_q['alibaba_fiscal_quarter']} Cloud Intelligence revenue RMB "
                f"{latest_q['value']:.3f} bn × 4 at {q_rate['value']} CNY per USD (Fed H.10 on "
                f"{q_rate['date']:%d %b %Y}, the rate Alibaba used)."),
        Control("commerce_earnings", "Commerce (non-cloud) annual earnings, USD bn", "number",
                round(commerce_default(segments, fx).annual_usd_bn, 1), bounds=(0.0, 100.0), step=0.1,
                help="Default from Alibaba's commerce adjusted EBITA (the quarters are named under the result); "
                "change it and it is your assumption."),
        Control("hkd_per_usd", "HKD per USD · your assumption", "number", 7.80, bounds=(7.70, 7.90), step=0.01,
                help="Not in the fact sheet; the Hong Kong dollar is pegged within 7.75–7.85 per US dollar."),
    )  # fmt: skip


def sum_of_parts(
    valuation: pd.DataFrame, traded: pd.Series, commerce_earnings: float, commerce_multiple: float,
    run_rate: float, cloud_multiple: float, hkd_per_usd: float, default: rerating.CommerceEarnings | None = None,
) -> Result:  # fmt: skip
    """What commerce and cloud would be worth per ADS at the viewer's multiples, against the latest close."""
    cap = latest_market_cap(valuation)
    closes = traded.dropna()
    ads_price_then = closes.loc[: cap["date"]].iloc[-1]
    ads_bn = rerating.ads_equivalents_bn(cap["value"], ads_price_then)
    parts = rerating.SumOfParts(commerce_earnings, commerce_multiple, run_rate, cloud_multiple, ads_bn, hkd_per_usd)
    latest = closes.iloc[-1]
    per_ads = rerating.ORDINARY_SHARES_PER_ADS
    split = (f"cloud is {parts.cloud_share:.0%} of that value." if parts.cloud_share is not None
             else "both parts are worth nothing at these inputs, so there is no split to show.")  # fmt: skip
    return Result(
        metrics=(
            Metric("Implied value per ADS", f"${parts.per_ads_usd:,.2f}",
                   f"{parts.per_ads_usd / latest - 1:+.0%} vs the latest close", coloured=True),
            Metric(f"Latest BABA close ({closes.index[-1]:%d %b %Y})", f"${latest:,.2f}",
                   "as traded, from the price status above"),
        ),
        details=Details(
            "The arithmetic",
            f"- Commerce: {fmt.usd_bn(parts.commerce_earnings_usd_bn)} earnings × {parts.commerce_multiple:.1f} = "
            f"**{fmt.usd_bn(parts.commerce_value)}**\n"
            f"- Cloud: {fmt.usd_bn(parts.cloud_revenue_usd_bn)} revenue × {parts.cloud_multiple:.1f} = "
            f"**{fmt.usd_bn(parts.cloud_value)}**\n"
            f"- Total: **{fmt.usd_bn(parts.total)}** (net cash, investments and other businesses are not counted)\n"
            f"- ADS-equivalents: market value {fmt.usd_bn(cap['value'], 2)} ({cap['source']}, {cap['date']:%d %b %Y}) "
            f"÷ that day's ADS close ${ads_price_then:,.2f} = **{ads_bn:.3f} bn ADS** "
            f"(= {ads_bn * per_ads:.2f} bn ordinary shares at {per_ads} per ADS)\n"
            f"- Per ADS: {fmt.usd_bn(parts.total)} ÷ {ads_bn:.3f} bn = **${parts.per_ads_usd:,.2f}**; per ordinary "
            f"share ${parts.per_share_usd:,.2f} = **HK${parts.per_share_hkd:,.2f}** at {hkd_per_usd:.2f} HKD per USD\n"
            f"- {sources.DISCLAIMER}",
        ),
        notes=(commerce_line(default, commerce_earnings),) if default else (),
        takeaways=(
            f"At your inputs the parts are worth ${parts.per_ads_usd:,.0f} per ADS against a latest close of "
            f"${latest:,.0f}; {split}",
        ),
    )  # fmt: skip


def _closes(context: Context) -> pd.DataFrame:
    return context.prices.closes("adjusted")


def _path(context: Context, chosen: Settings) -> Result:
    t = context.tables
    events = context.derive("story steps", lambda: rerating.steps(headline.story_events(
        t["apple_china_events"], t["deepseek_timeline"], t["market_moves"], t["china_tech_capex_other"],
        t["alibaba_segments"],
    )))  # fmt: skip
    return the_path(_closes(context), events, sources.prices_line(context.prices, sources.ADJUSTED),
                    chosen["rerating_start"])  # fmt: skip


def _sum_of_parts(context: Context, chosen: Settings) -> Result:
    return sum_of_parts(
        context.tables["valuation_context"], context.prices.closes("traded")["BABA"], chosen["commerce_earnings"],
        chosen["commerce_pe"], chosen["cloud_run_rate"], chosen["cloud_ps"], chosen["hkd_per_usd"],
        commerce_default(context.tables["alibaba_segments"], context.tables["fx_rates"]),
    )  # fmt: skip


SECTIONS = (
    Section("path", "1 · The path", _path, lambda c, s: (start_day(_closes(c)),)),
    Section(
        "swing",
        "",
        lambda c, s: the_swing(_closes(c), s["swing_from"], s["swing_to"]),
        lambda c, s: swing_dates(_closes(c)),
    ),
    Section(
        "multiples",
        "2 · What the market pays: multiples",
        lambda c, s: multiples(c.tables["valuation_context"], c.tables["market_moves"]),
    ),
    Section(
        "what_pays",
        "3 · What pays for the AI",
        lambda c, s: what_pays(c.tables["alibaba_segments"], c.tables["alibaba_quarterly"]),
    ),
    Section(
        "sum_of_parts",
        "4 · What-if: the sum of the parts",
        _sum_of_parts,
        lambda c, s: sum_of_parts_controls(
            c.tables["valuation_context"], c.tables["alibaba_quarterly"], c.tables["fx_rates"],
            c.tables["alibaba_segments"],
        ),
        widths=((1, 1, 1), (1, 1)),
        caveat=SUM_OF_PARTS_CAVEAT,
    ),
)
