"""Chapter 4, the capex race: how Alibaba's AI spending compares with the US giants', and what each gets back.
Everything is in US dollars billions at one exchange rate the viewer can change."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from explainer.charts import builders, fmt, sources, theme, vl
from explainer.charts.figure import Figure
from explainer.data import facts
from explainer.story import capex, eventstudy
from explainer.story.controls import Control
from explainer.story.reference import fx_rate
from explainer.story.section import Context, Metric, Result, Section, Settings

TABLES = ("hyperscaler_capex", "alibaba_quarterly", "china_tech_capex_other", "fx_rates")
TICKERS = (*capex.TICKERS.values(), "^IXIC")

LAYOUT = Control("capex_layout", "Bars", "segmented", "grouped", options=("grouped", "stacked"))
MICROSOFT_MEASURE = Control(
    "msft_measure", "Microsoft's capex measure, for the whole chapter", "selectbox", list(capex.MICROSOFT_MEASURES)[1],
    options=tuple(capex.MICROSOFT_MEASURES),
    help="Microsoft reports cash additions to property and equipment (excluding finance leases) and, on its "
    "calls, capex including finance leases; the latter matches Meta's definition but starts in FY2024 here.",
)  # fmt: skip
YEARS = Control("capex_years", "Years", "slider", (2022, 2026), bounds=(2022, 2026))


def us_wave(annual: pd.DataFrame, layout: str, years: tuple[int, int]) -> Result:
    """The US four's annual capex, actuals and guidance (``capex.annual`` for the Microsoft measure chosen), in
    the years chosen."""
    shown = annual[annual["year"].between(*years)]
    totals = shown[shown["kind"] == "actual"].groupby("year")["value"].sum()
    guided = shown[shown["kind"] == "guidance"]
    if len(totals):
        title = f"The US four spent ${totals.iloc[-1]:,.0f} bn in {int(totals.index.max())}" + (
            f", and guide to ${guided['value'].sum():,.0f} bn for {int(guided['year'].max())} (three of them)"
            if len(guided) else ""
        )  # fmt: skip
    else:
        title = "Capex guidance for the years chosen"
    guidance_2026 = annual[(annual["year"] == 2026) & (annual["kind"] == "guidance")]
    us_2025 = annual[(annual["year"] == 2025) & (annual["kind"] == "actual")]["value"].sum()
    return Result(
        figures=(
            Figure(
                key="us_capex",
                title=title,
                subtitle=f"Annual capital expenditure, USD bn, {layout}; pale bars are guidance (bar = midpoint, "
                "line = range), dashed outlines unverified; Microsoft's year ends 30 June",
                chart=builders.capex_bars(shown, stacked=layout == "stacked"),
                data=shown.drop(columns=["stated"]),
                source=sources.facts_line(
                    shown, "FY2025 results (Jan–Feb 2026)",
                    "Definitions differ: Meta includes principal payments on finance leases; Amazon is gross "
                    "purchases; Microsoft per the measure chosen; guidance is the latest stated for that year",
                ),
            ),
        ),
        takeaways=(
            f"The US four spent **${us_2025:,.0f} bn** on capex in 2025 (Microsoft's fiscal year); Alphabet, Amazon "
            f"and Meta alone guide to **${guidance_2026['value'].sum():,.0f} bn** for 2026.",
        ),
    )  # fmt: skip


def guidance_moved(spend: pd.DataFrame) -> Result:
    """Each company's stated 2025 capex on the day it was stated, to the actual; the press tally recomputed."""
    path = capex.guidance_path(spend, 2025)
    rises = path.groupby("company")["value"].agg(lambda v: v.iloc[-1] - v.iloc[0])
    steepest = rises.idxmax()
    tally = capex.february_tally(spend)
    press = facts.row(spend, contains={"fiscal_period": "as of Feb 2025"})
    return Result(
        figures=(
            Figure(
                key="guidance_path",
                title=f"{steepest}'s 2025 plan rose most, by ${rises.max():,.0f} bn from first guidance to actual",
                subtitle="Each company's stated 2025 capex (USD bn, midpoint of a range) on the day it was stated, "
                "ending at the actual at the fiscal year end",
                chart=builders.highlighted_lines(
                    path, x="date", y="value", series="company", highlight=steepest, y_title="USD bn", points=True,
                    tooltip=(vl.field("kind:N"), vl.field("metric_definition:N", title="Definition")),
                    interpolate="step-after",
                ),
                data=path,
                source=sources.facts_line(path, "FY2025 results", "Microsoft's January figure was 'AI-enabled "
                                          "datacenter investment', its actual is capex including finance leases"),
            ),
        ),
        text=f'The press\'s **"more than ${press["value"]:,.0f} bn"** for 2025 is a tally: recomputed from each '
        f"company's first 2025 guidance it is **${tally.mid:,.1f} bn** (${tally.low:,.0f}–{tally.high:,.0f} bn "
        "across the ranges given), and it mixes Microsoft's fiscal year to June 2025 with the others' calendar 2025.",
    )  # fmt: skip


def usd_cny(fx: pd.DataFrame, ali: pd.DataFrame) -> Control:
    """The page's one exchange rate; its default is the rate Alibaba used for its latest capex quarter."""
    latest = ali.loc[ali["metric"] == "Capital expenditure", "calendar_quarter_end"].max()
    default = fx_rate(fx, latest)
    return Control(
        "usd_cny", "USD/CNY rate for every conversion on this page (CNY per USD)", "slider", float(default["value"]),
        bounds=(6.5, 7.6), step=0.0001, format="%.4f",
        help=f"Default {default['value']}: the Federal Reserve H.10 rate on {default['date']:%d %b %Y} that "
        "Alibaba used for its US-dollar figures for the quarter ended then.",
    )  # fmt: skip


@dataclass(frozen=True)
class FrameFacts:
    """What the comparison in one frame reads from the tables, whatever the exchange rate (derived once per
    version of the data: a rate slider only redoes the conversions)."""

    us_2025: pd.DataFrame  # each US company's 2025 actual
    plan: pd.Series  # Alibaba's three-year plan
    tencent: pd.Series
    trailing: pd.Series  # Alibaba's last four quarters
    amazon: float
    sourced: pd.DataFrame  # the rows behind the chart, for its source line
    rates_note: str


def frame_facts(annual: pd.DataFrame, ali: pd.DataFrame, china: pd.DataFrame, fx: pd.DataFrame) -> FrameFacts:
    """The rows :func:`frame_at` compares (``annual``: ``capex.annual`` for the Microsoft measure chosen)."""
    us_2025 = annual[(annual["year"] == 2025) & (annual["kind"] == "actual")]
    plan = facts.row(china, contains={"metric": "3-year"}, company="Alibaba")
    tencent = facts.row(china, company="Tencent", period="CY2024")
    trailing = facts.row(ali, contains={"metric": "Capital expenditure, trailing"})
    columns = ["source", "confidence", "verification"]
    sourced = pd.concat(
        [us_2025[columns], china.loc[[plan.name, tencent.name], columns], ali.loc[[trailing.name], columns]]
    )
    rates = fx.sort_values("date")
    return FrameFacts(
        us_2025, plan, tencent, trailing, float(facts.row(us_2025, company="Amazon")["value"]), sourced,
        "Rates in the data: " + "; ".join(f"{r.value} ({r.date:%d %b %Y}, {r.confidence})" for r in rates.itertuples())
        + ". Source: Alibaba's convenience translations (Fed H.10).",
    )  # fmt: skip


def same_frame(annual: pd.DataFrame, ali: pd.DataFrame, china: pd.DataFrame, fx: pd.DataFrame, rate: float) -> Result:
    """Alibaba's three-year plan, its last four quarters and Tencent, beside each US company's 2025 (``annual``:
    ``capex.annual`` for the Microsoft measure chosen)."""
    return frame_at(frame_facts(annual, ali, china, fx), rate)


def frame_at(given: FrameFacts, rate: float) -> Result:
    """:func:`same_frame` at one exchange rate, from the rows it compares."""
    us_2025, plan, tencent, trailing = given.us_2025, given.plan, given.tencent, given.trailing
    us_values = us_2025["value"].tolist()
    commitment = capex.Commitment(plan["value"], 3, rate, float(sum(us_values)))
    frame = pd.DataFrame({
        "label": [f"{company} (2025 actual)" for company in us_2025["company"]] + [
            f"Alibaba plan, per year (RMB {plan['value']:,.0f} bn ÷ {commitment.years})",
            f"Alibaba, last four quarters (to {trailing['calendar_quarter_end']:%b %Y})",
            f"Tencent ({tencent['period'].removeprefix('CY')} actual)",
        ],
        "value": [*us_values, commitment.per_year_usd_bn, capex.to_usd(trailing["value"], rate),
                  capex.to_usd(tencent["value"], rate)],
        "group": ["US hyperscalers"] * len(us_values) + ["Alibaba", "Alibaba", "Tencent"],
    })  # fmt: skip
    amazon = given.amazon
    return Result(
        metrics=(
            Metric(
                "Alibaba's three-year plan equals", f"{commitment.weeks_of_us_spending:.1f} weeks",
                f"of the US four's 2025 capex (${commitment.total_usd_bn:,.1f} bn vs "
                f"${commitment.us_2025_total_usd_bn:,.0f} bn a year)",
            ),
        ),
        figures=(
            Figure(
                key="same_frame",
                title=f"Alibaba's plan is ${commitment.per_year_usd_bn:,.1f} bn a year; Amazon alone spent "
                f"${amazon:,.0f} bn in 2025",
                subtitle=f"Capex, USD bn a year; CNY converted at {rate:.4f} per USD",
                chart=builders.ranked_bars(
                    frame, value="value", category="label", color_field="group",
                    colors={"US hyperscalers": theme.MUTED, "Alibaba": theme.color_of("Alibaba"),
                            "Tencent": theme.color_of("Tencent")},
                    value_title="USD bn a year", value_format=",.1f",
                ),
                data=frame.assign(cny_per_usd=rate),
                source=sources.facts_line(
                    given.sourced, "Sep 2025 (Alibaba), FY2025 (US)",
                    f"CNY at {rate:.4f} per USD; Alibaba's plan runs about Apr 2025–Mar 2028",
                ),
            ),
        ),
        notes=(given.rates_note,),
        takeaways=(
            f"Alibaba's RMB {commitment.total_cny_bn:,.0f} bn three-year plan is ${commitment.total_usd_bn:,.1f} bn "
            f"at {rate:.4f}: **{commitment.weeks_of_us_spending:.1f} weeks** of the US four's 2025 spending.",
        ),
    )  # fmt: skip


def alibaba_quarters(ali: pd.DataFrame, rate: float) -> Result:
    """Alibaba's capex by fiscal quarter at the chosen rate, estimates pale."""
    return quarters_at(capex.alibaba_capex_cny(ali), rate)


def quarters_at(quarters_cny: pd.DataFrame, rate: float) -> Result:
    """:func:`alibaba_quarters` at one exchange rate, from the quarters in yuan (``capex.alibaba_capex_cny``:
    derived once per version of the data, so a rate slider only redoes the conversion)."""
    quarters = capex.in_usd(quarters_cny, rate)
    usd = quarters["usd_bn"].to_numpy()
    names = quarters["alibaba_fiscal_quarter"].tolist()
    bars = pd.DataFrame({
        "alibaba_fiscal_quarter": names, "usd_bn": usd,
        "growth": ["" if pd.isna(g) else f"{g:+.0f}% y/y" for g in quarters["yoy_change_pct"]],
        "flag": ["" if status == "reported" else status for status in quarters["status"]],
    })  # fmt: skip
    peak = int(usd.argmax())
    return Result(
        figures=(
            Figure(
                key="alibaba_quarters",
                title=f"Alibaba's quarterly capex peaked at ${usd[peak]:,.1f} bn in {names[peak]}",
                subtitle=f"Capital expenditure by fiscal quarter (year to 31 March), USD bn at {rate:.4f} CNY per "
                "USD; pale bars are back-solved estimates",
                chart=builders.annotated_bars(
                    bars, x="alibaba_fiscal_quarter", y="usd_bn", y_title="USD bn", label="growth",
                    highlight_field="flag", color=theme.color_of("Alibaba"), annotated_are_pale=True,
                ),
                data=quarters,
                source=sources.facts_line(quarters, "FY2026 Q2 (quarter ended 30 Sep 2025)",
                                          "Alibaba prints no single capex line; these are cash purchases of property "
                                          "and equipment as reported by the press"),
            ),
        )
    )  # fmt: skip


@dataclass(frozen=True)
class CloudFacts:
    """What the cloud section reads from the quarterly table, whatever the exchange rate (derived once per
    version of the data)."""

    cloud: pd.DataFrame  # Cloud Intelligence revenue by quarter, in yuan
    fcf: pd.Series  # the latest free cash flow
    later: tuple[str, ...]  # growth rates reported later without an amount


def cloud_facts(ali: pd.DataFrame) -> CloudFacts:
    growth_rows = ali[ali["metric"].str.endswith("revenue growth")]
    return CloudFacts(
        capex.cloud_revenue(ali),
        facts.row(ali, metric="Free cash flow", last=True),
        tuple(
            f"Later: {row.metric} {row.alibaba_fiscal_quarter}: {row.value:+.0f}% ({row.source}; no amount given)."
            for row in growth_rows.itertuples()
        ),
    )


def what_it_buys(ali: pd.DataFrame, rate: float) -> Result:
    """Alibaba Cloud's revenue and growth beside free cash flow, at the chosen rate."""
    return cloud_at(cloud_facts(ali), rate)


def cloud_at(given: CloudFacts, rate: float) -> Result:
    """:func:`what_it_buys` at one exchange rate."""
    cloud, fcf = capex.in_usd(given.cloud, rate), given.fcf
    latest = cloud.iloc[-1]
    growth = cloud["yoy_change_pct"].tolist()
    bars = pd.DataFrame({
        "alibaba_fiscal_quarter": cloud["alibaba_fiscal_quarter"].tolist(), "usd_bn": cloud["usd_bn"].to_numpy(),
        "growth": [f"{g:+.0f}%" for g in growth], "flag": [""] * (len(cloud) - 1) + ["latest"],
    })  # fmt: skip
    return Result(
        metrics=(
            Metric(
                f"Alibaba Cloud revenue, {latest['alibaba_fiscal_quarter']}", f"${latest['usd_bn']:,.2f} bn",
                f"{latest['yoy_change_pct']:+.0f}% y/y", coloured=True,
                help=f"RMB {latest['cny_bn']:,.3f} bn at {rate:.4f} CNY per USD. Source: {latest['source']}.",
            ),
            Metric(
                f"Alibaba free cash flow, {fcf['alibaba_fiscal_quarter']}",
                fmt.usd_bn(capex.to_usd(fcf["value"], rate), 2),
                "negative: spending runs ahead of cash",
                help=f"RMB {fcf['value']:,.2f} bn at {rate:.4f} CNY per USD. Source: {fcf['source']}.",
            ),
        ),
        figures=(
            Figure(
                key="cloud_growth",
                title=f"Cloud growth sped up from {growth[0]:.0f}% to {growth[-1]:.0f}% a year as capex rose",
                subtitle=f"Alibaba Cloud Intelligence revenue by fiscal quarter, USD bn at {rate:.4f}; labels: "
                "reported year-on-year growth",
                chart=builders.annotated_bars(
                    bars, x="alibaba_fiscal_quarter", y="usd_bn", y_title="USD bn", label="growth",
                    highlight_field="flag", color=theme.color_of("Alibaba"),
                ),
                data=cloud,
                source=sources.facts_line(cloud, "FY2026 Q2", "Amounts as first reported (later restatements "
                                          "possible)"),
            ),
        ),
        notes=given.later,
        takeaways=(
            f"Alibaba Cloud grew {latest['yoy_change_pct']:.0f}% a year in {latest['alibaba_fiscal_quarter']} while "
            f"free cash flow was {fmt.usd_bn(capex.to_usd(fcf['value'], rate))}: a bet, not yet a return.",
        ),
    )  # fmt: skip


VERDICT_AFTER = Control("verdict_after", "Trading days after each guidance statement", "slider", 3, bounds=(1, 20))


def market_verdict(spend: pd.DataFrame, closes: pd.DataFrame, price_source: str, after: int) -> Result:
    """Each US company's share price against the Nasdaq over the days after each capex guidance statement."""
    reactions = []
    if "^IXIC" in closes:
        for event in capex.guidance_events(spend).itertuples():
            if event.symbol not in closes:
                continue
            # Guidance comes with results after the US close: the first trading day after the statement is day 0.
            table = eventstudy.event_table(
                closes[[event.symbol, "^IXIC"]], event.date + pd.Timedelta(days=1), 0, after - 1, "^IXIC"
            )
            reactions.append(table[table["symbol"] == event.symbol].assign(company=event.company, stated=event.date))
    if not reactions:
        return Result(warning="Nasdaq or company prices are unavailable, so the reactions cannot be computed.")
    reactions = pd.concat(reactions, ignore_index=True)
    reactions["label"] = reactions["company"] + ", " + reactions["stated"].dt.strftime("%d %b %Y")
    best = reactions.loc[reactions["abnormal_return"].idxmax()]
    return Result(
        figures=(
            Figure(
                key="verdict",
                title=f"Best reception: {best['label']} ({best['abnormal_return']:+.1%} against the Nasdaq over "
                f"{after} day{'s' if after > 1 else ''})",
                subtitle="Share-price move minus the Nasdaq Composite's over the same days, starting the trading "
                "day after each capex guidance statement",
                chart=builders.ranked_bars(
                    reactions, value="abnormal_return", category="label", color_field="company",
                    colors={c: theme.color_of(c) for c in capex.US_FOUR}, value_title="Abnormal return vs Nasdaq",
                    sort=False,
                ),
                data=reactions[["company", "stated", "symbol", "window_start", "window_end", "cumulative_return",
                                "benchmark_return", "abnormal_return"]],
                source=f"{price_source} · Guidance dates: the capex table's guidance rows · A result day also "
                "carries everything else in the results, not only capex",
            ),
        )
    )  # fmt: skip


def _rate_control(context: Context, chosen: Settings) -> tuple[Control, ...]:
    return (usd_cny(context.tables["fx_rates"], context.tables["alibaba_quarterly"]),)


def _annual(context: Context, measure: str) -> pd.DataFrame:
    """Full-year capex under the Microsoft measure chosen, derived once per measure (no rate or year in it)."""
    return context.derive(f"annual/{measure}", lambda: capex.annual(context.tables["hyperscaler_capex"], measure))


def _same_frame(context: Context, chosen: Settings) -> Result:
    t, measure = context.tables, chosen["msft_measure"]
    given = context.derive(f"same frame/{measure}", lambda: frame_facts(
        _annual(context, measure), t["alibaba_quarterly"], t["china_tech_capex_other"], t["fx_rates"]
    ))  # fmt: skip
    return frame_at(given, chosen["usd_cny"])


def _quarters_cny(context: Context) -> pd.DataFrame:
    return context.derive("alibaba quarters", lambda: capex.alibaba_capex_cny(context.tables["alibaba_quarterly"]))


def _cloud_facts(context: Context) -> CloudFacts:
    return context.derive("cloud facts", lambda: cloud_facts(context.tables["alibaba_quarterly"]))


def _verdict(context: Context, chosen: Settings) -> Result:
    return market_verdict(context.tables["hyperscaler_capex"], context.prices.closes("adjusted"),
                          sources.prices_line(context.prices, sources.ADJUSTED), chosen["verdict_after"])  # fmt: skip


SECTIONS = (
    Section(
        "us_wave",
        "1 · The US wave",
        lambda c, s: us_wave(_annual(c, s["msft_measure"]), s["capex_layout"], s["capex_years"]),
        lambda c, s: (LAYOUT, MICROSOFT_MEASURE, YEARS),
        widths=(2, 2, 3),
    ),
    Section("guidance", "2 · The guidance kept moving", lambda c, s: guidance_moved(c.tables["hyperscaler_capex"])),
    Section("same_frame", "3 · Alibaba in the same frame", _same_frame,
            lambda c, s: (MICROSOFT_MEASURE, *_rate_control(c, s))),
    Section("alibaba_quarters", "", lambda c, s: quarters_at(_quarters_cny(c), s["usd_cny"]), _rate_control),
    Section("what_it_buys", "4 · What it buys", lambda c, s: cloud_at(_cloud_facts(c), s["usd_cny"]), _rate_control),
    Section("verdict", "5 · The market's verdict", _verdict, lambda c, s: (VERDICT_AFTER,)),
)
