"""Chapter 1, Apple's China share loss: how much ground Apple lost, to whom, when, and what it cost."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

import pandas as pd

from explainer.charts import builders, sources, theme, vl
from explainer.charts.figure import Figure
from explainer.story import apple, eventstudy
from explainer.story.controls import Control
from explainer.story.reference import ALIBABA, ALIBABA_CHOSEN, BENCHMARK_BY_NAME, BENCHMARKS
from explainer.story.section import Context, Details, Metric, Result, Section, Settings, Table

TABLES = ("china_smartphone_share_idc", "china_smartphone_share_other_trackers", "apple_greater_china_quarterly",
          "apple_china_events", "apple_partner_search")  # fmt: skip
if TYPE_CHECKING:  # the story layer does not load the price module (it brings Streamlit's caching)
    from explainer.data.prices import TickerInfo

PRICE_NAMES = {"AAPL": "Apple", "1810.HK": "Xiaomi", "^GSPC": "S&P 500"}
# The listings whose one-day moves show how the market read each report of Apple's partner search (their
# names, companies and exchanges come from the price manifest).
PARTNER_LISTINGS = ("BABA", "9988.HK", "BIDU", "0700.HK")
# A move this many times a listing's typical one-day abnormal move (its standard deviation) is one the market
# noticed, rather than a day's noise.
NOTICED = 2.0
TICKERS = (*PRICE_NAMES, *PARTNER_LISTINGS, *(s for s in BENCHMARKS if s not in PRICE_NAMES))
TRACKERS = ("none", "Counterpoint", "Canalys", "Omdia")

SHARE_VIEW = Control("share_view", "Periods", "segmented", "annual", options=("annual", "quarterly"))
TRACKER = Control(
    "tracker", "Compare with another tracker", "selectbox", "none", options=TRACKERS,
    help="Shown as its own series beside IDC's, never merged: trackers measure differently and disagree.",
)  # fmt: skip


def share_years(idc: pd.DataFrame) -> Control:
    first, last = (int(p[:4]) for p in (idc["period"].min(), idc["period"].max()))
    return Control("share_years", "Years", "slider", (first, last), bounds=(first, last))


def share_by_vendor(
    idc: pd.DataFrame, other: pd.DataFrame, greater_china: pd.DataFrame, view: str, years: tuple[int, int], tracker: str
) -> Result:
    """IDC's China shipment shares by vendor, Apple highlighted, optionally beside one other tracker's Apple."""
    period_type = "year" if view == "annual" else "quarter"
    shares = apple.idc_shares(idc, period_type, *years)
    apple_rows = shares[shares["vendor"] == "Apple"].dropna(subset=["share"])
    lines = shares.assign(series=shares["vendor"])
    comparison = apple.other_tracker_apple(other, tracker, period_type) if tracker != "none" else pd.DataFrame()
    comparison = comparison[comparison["start"].dt.year.between(*years)] if len(comparison) else comparison
    notice = ""
    if len(comparison):
        lines = pd.concat([lines, comparison.assign(series=f"Apple ({tracker})", vendor="Apple", caveat="")])
    elif tracker != "none":
        notice = f"{tracker} published no Apple share for {view} periods in {years[0]}–{years[1]} in our data."
    if len(apple_rows):
        recent = apple_rows.tail(3)
        title = "Apple's IDC rank in China: " + ", ".join(
            f"#{rank:.0f} in {period}" for period, rank in zip(recent["period"], recent["rank"])
        )
    else:
        title = "IDC publishes no Apple share for these years"
    caveats = sorted({c for c in shares.loc[shares["vendor"] == "Huawei", "caveat"] if c and "gap" not in c})
    t = apple.takeaways(idc, greater_china)
    return Result(
        intro="IDC counts phones shipped into China's sales channels (sell-in), the one tracker with a consistent "
        "series back to 2019. Apple's line is highlighted; hover any other line to name it.",
        notice=notice,
        figures=(
            Figure(
                key="china_share",
                title=title,
                subtitle=f"China smartphone shipment share by vendor, % ({view}, IDC; Apple highlighted)",
                chart=builders.highlighted_lines(
                    lines, x="start", y="share", series="series", highlight="Apple",
                    y_title="Share of shipments (%)", companies={f"Apple ({tracker})": "Apple"},
                    x_format="%Y" if view == "annual" else "Q%q %Y", yearly_ticks=True,
                    tooltip=(vl.field("caveat:N", title="Note"),), points=True,
                ),
                data=lines[["period", "series", "share", "caveat"]],
                source=sources.facts_line(
                    pd.concat([idc[idc["period_type"] == period_type], comparison]) if len(comparison) else idc,
                    "IDC releases to Jan 2026",
                    "IDC data are preliminary and revised later; Huawei " + "; ".join(caveats) + "; gaps are "
                    "periods IDC did not publish (never interpolated)",
                ),
            ),
        ),
        takeaways=(
            f"Apple's IDC share fell **{t.share_lost:.1f} points**, from {t.best_share:.1f}% (#{t.best_rank}) in "
            f"{t.best_year} to {t.worst_share:.1f}% (#{t.worst_rank}) in {t.worst_year}; in {t.latest_year} it was "
            f"{t.latest_share:.1f}% (#{t.latest_rank}).",
        ),
    )  # fmt: skip


REVENUE_VIEW = Control("revenue_view", "Measure", "segmented", "quarterly",
                       options=("quarterly", "trailing four quarters"))  # fmt: skip


def greater_china_revenue(greater_china: pd.DataFrame, idc: pd.DataFrame, view: str) -> Result:
    """Apple's Greater China net sales by quarter (or trailing four), the trough and the rebound marked."""
    quarters = apple.greater_china_quarters(greater_china)
    turn = apple.turning_points(quarters)
    trailing = view == "trailing four quarters"
    measure, growth = ("trailing_4q", "trailing_yoy_pct") if trailing else ("value", "yoy_change_pct")
    notes = {turn.trough_label: f"trough ${turn.trough_value:.1f} bn",
             turn.rebound_label: f"rebound {turn.rebound_yoy_pct:+.0f}%"}  # fmt: skip
    bars = quarters.dropna(subset=[measure]).assign(
        shown=lambda q: q[measure],
        growth_label=lambda q: q[growth].map(lambda g: "" if pd.isna(g) else f"{g:+.0f}%"),
        note=lambda q: q["label"].map(notes).fillna(""),
    )
    t = apple.takeaways(idc, greater_china)
    return Result(
        intro=f"Apple's Greater China sales bottomed at **${turn.trough_value:.1f} bn in {turn.trough_label}** and "
        f"jumped **{turn.rebound_yoy_pct:+.0f}% year on year in {turn.rebound_label}**, the iPhone 17 quarter.",
        figures=(
            Figure(
                key="greater_china_revenue",
                title=f"Greater China sales fell to a trough in {turn.trough_label.split(' · ')[0]}, then rebounded",
                subtitle="Apple Greater China net sales, USD bn, "
                + ("sum of the last four fiscal quarters" if trailing else "by fiscal quarter (calendar months shown)")
                + "; labels: change on a year earlier",
                chart=builders.annotated_bars(
                    bars, x="label", y="shown", y_title="USD bn", label="growth_label", highlight_field="note",
                    color=theme.color_of("Apple"),
                ),
                data=bars[["fiscal_year", "fiscal_quarter", "calendar_months", "value", "yoy_change_pct",
                           "trailing_4q"]],
                source=sources.facts_line(
                    greater_china, "FY2026 Q1 (quarter ended 27 Dec 2025)",
                    "Greater China = mainland China, Hong Kong and Taiwan; Apple's fiscal year ends late September; "
                    "FY2023 Q1 had 14 weeks",
                ),
            ),
        ),
        takeaways=(
            f"Greater China net sales went from ${t.peak_annual:,.1f} bn in {t.peak_annual_label} to "
            f"${t.latest_annual:,.1f} bn in {t.latest_annual_label} (**{t.annual_change_pct:+.0f}%**).",
            f"The quarterly low was ${turn.trough_value:.1f} bn ({turn.trough_label}); the next quarter's "
            f"{turn.rebound_yoy_pct:+.0f}% is the rebound the rest of the story has to explain.",
        ),
    )  # fmt: skip


def price_window(closes: pd.DataFrame) -> tuple[Control, ...]:
    if closes.empty:
        return ()
    first, last = closes.index[0].date(), closes.index[-1].date()
    return (Control("price_window", "Window (indexed to 100 at its start)", "slider", (first, last),
                    bounds=(first, last), format="MMM YYYY"),)  # fmt: skip


def what_moved_it(
    closes: pd.DataFrame, events: pd.DataFrame, price_source: str, window: tuple[dt.date, dt.date]
) -> Result:
    """Apple, Xiaomi and the S&P 500 indexed to the window's start, with the dated events."""
    if closes.empty:
        return Result(warning="No price data is available for this section.")
    start, end = pd.Timestamp(window[0]), pd.Timestamp(window[1])
    indexed = eventstudy.index_to(closes.loc[:end], start)
    if eventstudy.closes_after_base(indexed, "Apple") == 0:
        return Result(
            notice=f"Apple has no close after {start:%d %b %Y} in this window, so there is nothing to index: pick a "
            "window at least two trading days long."
        )
    long = indexed.rename_axis("date").reset_index().melt("date", var_name="name", value_name="index").dropna()
    dated = events.dropna(subset=["date"])
    shown_events = dated[(dated["date"] >= start) & (dated["date"] <= end)].reset_index(drop=True)
    shown_events.insert(0, "n", range(1, len(shown_events) + 1))
    common_end, moves = eventstudy.moves_to_common_end(indexed)
    return Result(
        figures=(
            Figure(
                key="what_moved_it",
                title=f"To {common_end:%d %b %Y}: " + ", ".join(f"{name} {move:+.0f}%" for name, move in moves.items()),
                subtitle="Apple (AAPL), Xiaomi (1810.HK) and the S&P 500, indexed to 100; numbered lines are dated "
                "events",
                chart=vl.layer(
                    builders.highlighted_lines(long, x="date", y="index", series="name", highlight="Apple",
                                               y_title="Index (start = 100)", companies={"S&P 500": "Benchmark"}),
                    builders.event_rules(shown_events, *builders.extent(long["date"], shown_events["date"]),
                                         builders.PLOT_WIDTH_PX - builders.END_LABELS_PX),
                ),
                data=long.merge(shown_events[["date", "n", "event", "source"]], on="date", how="left"),
                source=f"{price_source} · {sources.CALENDARS} · Events: table below",
            ),
        ),
        details=Details(
            f"The {len(shown_events)} events on the chart",
            table=Table(shown_events[["n", "date", "event", "source", "confidence"]], {"date": ("date", "date")}),
        ),
    )  # fmt: skip


WINBACK = Control("winback", "Points of China share Apple wins back", "slider", 0.0, bounds=(0.0, 5.0), step=0.1)
CARRIED = Control("carried", "Share of those units at Apple's average China revenue per point (%)", "slider", 100,
                  bounds=(0, 100), step=5)  # fmt: skip


def what_if(greater_china: pd.DataFrame, idc: pd.DataFrame, points: float, carried: int) -> Result:
    """Greater China revenue if Apple won back some points of share at its revenue per point."""
    s = apple.what_if(greater_china, idc, points, carried / 100)
    return Result(
        metrics=(
            Metric(
                f"Implied annual Greater China revenue (on {s.base_year})", f"${s.implied_revenue:,.1f} bn",
                f"{s.implied_revenue - s.base_revenue:+,.1f} bn vs actual", coloured=True, arrow=points != 0,
            ),
        ),
        notes=(
            f"Assumption: revenue scales with share at {s.base_year}'s revenue per point of IDC share "
            f"({s.share_year} share). An illustration, not a forecast.",
        ),
        details=Details(
            "The formula",
            f"- Revenue per point of share = {s.base_year} Greater China net sales ÷ Apple's IDC share in "
            f"{s.share_year} = ${s.base_revenue:,.3f} bn ÷ {s.base_share:.1f} = **${s.revenue_per_point:,.3f} bn**\n"
            f"- Implied revenue = ${s.base_revenue:,.3f} bn + ${s.revenue_per_point:,.3f} bn × {points:.1f} points × "
            f"{carried}% = **${s.implied_revenue:,.3f} bn**\n"
            f"- Apple's fiscal {s.base_year} (Oct to Sep) is paired with calendar {s.share_year}, the IDC year it "
            "overlaps most; Greater China includes Hong Kong and Taiwan, which IDC's China share does not.",
        ),
    )  # fmt: skip


def partner_search(search: pd.DataFrame) -> pd.DataFrame:
    """The search in date order, numbered: each entry's span (a day, or the whole month where only the month is
    known), its status (low confidence = unverified) and whether it names Alibaba."""
    month = search["date"].isna()
    month_start = pd.to_datetime(search["date_label"].where(month) + "-01", format="%Y-%m-%d")
    start = search["date"].where(~month, month_start)
    end = start.where(~month, start + pd.offsets.MonthEnd(0))
    unverified = search["confidence"] == "low"
    shown = search.assign(
        start=start, end=end, precision=month.map({True: "month", False: "day"}),
        status=unverified.map({True: "unverified", False: "reported"}),
        event=search["event"] + unverified.map({True: " (unverified)", False: ""}),
        highlight=search["event"].str.contains("Alibaba"),
    ).sort_values(["start", "precision"], kind="stable").reset_index(drop=True)  # fmt: skip
    shown.insert(0, "n", range(1, len(shown) + 1))
    return shown


def report_days(search: pd.DataFrame) -> tuple[str, ...]:
    """The days on which reports appeared (month-only entries have none)."""
    return tuple(sorted(search["date"].dropna().dt.strftime("%Y-%m-%d").unique()))


def why_controls(search: pd.DataFrame) -> tuple[Control, ...]:
    days = report_days(search)
    default = f"{ALIBABA_CHOSEN:%Y-%m-%d}" if f"{ALIBABA_CHOSEN:%Y-%m-%d}" in days else days[-1]
    return (
        Control("partner_report", "Report day", "select_slider", default, options=days),
        Control("partner_benchmark", "Benchmark for abnormal moves", "selectbox", BENCHMARKS["^HSI"],
                options=tuple(BENCHMARK_BY_NAME)),
    )  # fmt: skip


def why_alibaba(
    search: pd.DataFrame, closes: pd.DataFrame, info: Mapping[str, TickerInfo], price_source: str, report: str,
    benchmark_name: str,
) -> Result:
    """Apple's dated search for a China AI partner, and the one-day moves of Alibaba's two listings, Baidu and
    Tencent on each report day against a benchmark: whether the market cared is measured, not asserted."""
    shown = partner_search(search)
    benchmark = BENCHMARK_BY_NAME[benchmark_name]
    days = [pd.Timestamp(d) for d in report_days(search)]
    listings = [s for s in PARTNER_LISTINGS if s in closes and s in info]
    names = {s: info[s].name for s in listings}
    hong_kong = tuple(s for s in listings if info[s].currency == "HKD")  # closed before New York's day begins
    moves = eventstudy.one_day_reactions(closes, days, listings, benchmark, hong_kong)
    first, last = shown.iloc[0], shown.iloc[-1]
    strip = Figure(
        key="partner_search",
        title=f"From Baidu ({first['start']:%b %Y}) to Alibaba ({ALIBABA_CHOSEN:%b %Y}): {len(shown)} reports, and "
        f"no launch in mainland China by {last['start']:%b %Y}",
        subtitle="Reports of Apple's search for a China AI partner; Alibaba's in colour; a bar spans the month where "
        "only the month is known; hollow = unverified",
        chart=builders.dated_strip(shown, theme.color_of("Alibaba")),
        data=shown[["n", "date_label", "event", "source", "source_ref", "confidence", "verification"]],
        source=sources.facts_line(
            shown, f"{last['start']:%d %b %Y}", "Mostly syndicated or secondary copies citing the reporting outlet",
            summary=f"{len(shown)} press reports, each with its outlet and link in the table below and the data",
        ),
    )  # fmt: skip
    day = pd.Timestamp(report)
    chosen = moves[moves["report_date"] == day].assign(
        listing=lambda t: t["symbol"].map(names), company=lambda t: t["symbol"].map(lambda s: info[s].company)
    )
    on_day = shown[shown["date"] == day]
    figures, notice = (strip,), None
    if chosen.empty:
        notice = (f"No listing has a close on the session after {day:%d %b %Y} in the price data, so that report's "
                  "reaction cannot be measured: pick another report day.")  # fmt: skip
    else:
        top = chosen.loc[chosen["abnormal"].abs().idxmax()]
        figures += (
            Figure(
                key="partner_reaction",
                title=f"After the {day:%-d %b %Y} report{'s' if len(on_day) > 1 else ''}: {top['listing']} "
                f"{top['abnormal']:+.1%} against the {benchmark_name} on {top['session']:%-d %b}",
                subtitle=f"One-day move minus the {benchmark_name}'s over the same dates; US listings on the report's "
                "date, Hong Kong listings on their next session",
                chart=builders.ranked_bars(
                    chosen, value="abnormal", category="listing", color_field="company",
                    colors={info[s].company: theme.color_of(info[s].company) for s in listings},
                    value_title=f"One-day move against the {benchmark_name}",
                    tooltip=(vl.field("session:T", title="Session", format="%d %b %Y"),
                             vl.field("move:Q", title="Own move", format="+.1%"),
                             vl.field("benchmark_move:Q", title=benchmark_name, format="+.1%")),
                    height=360,
                ),
                data=chosen[["report_date", "listing", "session", "move", "benchmark_move", "abnormal"]],
                source=f"{price_source} · {sources.CALENDARS} · Reports: {'; '.join(dict.fromkeys(on_day['source']))}",
            ),
        )  # fmt: skip
    takeaways = ()
    alibaba = moves[(moves["report_date"] == ALIBABA_CHOSEN) & moves["symbol"].isin(ALIBABA)].set_index("symbol")
    if len(alibaba) == len(ALIBABA):
        ads, hk = alibaba.loc["BABA"], alibaba.loc["9988.HK"]
        typical = eventstudy.daily_abnormal(closes, "9988.HK", benchmark).std()
        size = abs(hk["abnormal"]) / typical
        verdict = "The market noticed" if size >= NOTICED else "The market barely moved"
        takeaways = (
            f"{verdict}: after the report that Apple chose Alibaba ({ALIBABA_CHOSEN:%-d %b %Y}), its Hong Kong shares "
            f"moved **{hk['abnormal']:+.1%}** against the {benchmark_name} ({hk['session']:%-d %b}), {size:.1f}× a "
            f"typical day ({typical:.1%}, one s.d.); the NYSE ADS {ads['abnormal']:+.1%} ({ads['session']:%-d %b}).",
        )
    reactions = moves.assign(listing=moves["symbol"].map(names)).pivot_table(
        index="report_date", columns="listing", values="abnormal"
    )
    reports = shown[["n", "date_label", "event", "source", "date"]].merge(
        reactions, left_on="date", right_index=True, how="left"
    ).drop(columns="date")
    return Result(
        notice=notice,
        figures=figures,
        details=Details(
            f"The {len(shown)} reports, and each listing's one-day move against the {benchmark_name}",
            table=Table(reports, {
                "n": ("#", None), "date_label": ("Date", None), "event": ("Report", None), "source": ("Source", None),
                **{name: (name, "percent") for name in names.values() if name in reports},
            }),
        ),
        notes=("A report published after the US close shows in the next session's move, and one published in Asia "
               "during Hong Kong trading in that day's: the rule above is the same for every report.",),
        takeaways=takeaways,
    )  # fmt: skip


def _closes(context: Context) -> pd.DataFrame:
    closes = context.prices.closes("adjusted")
    return closes[[s for s in PRICE_NAMES if s in closes]].rename(columns=PRICE_NAMES)


def _why_alibaba(context: Context, chosen: Settings) -> Result:
    price_set = context.prices
    return why_alibaba(context.tables["apple_partner_search"], price_set.closes("adjusted"), price_set.info,
                       sources.prices_line(price_set, sources.ADJUSTED), chosen["partner_report"],
                       chosen["partner_benchmark"])  # fmt: skip


def _share(context: Context, chosen: Settings) -> Result:
    t = context.tables
    return share_by_vendor(t["china_smartphone_share_idc"], t["china_smartphone_share_other_trackers"],
                           t["apple_greater_china_quarterly"], chosen["share_view"], chosen["share_years"],
                           chosen["tracker"])  # fmt: skip


def _moved(context: Context, chosen: Settings) -> Result:
    return what_moved_it(_closes(context), context.tables["apple_china_events"],
                         sources.prices_line(context.prices, sources.ADJUSTED), chosen.get("price_window"))  # fmt: skip


SECTIONS = (
    Section("share", "1 · Share by vendor", _share,
            lambda c, s: (SHARE_VIEW, share_years(c.tables["china_smartphone_share_idc"]), TRACKER),
            widths=(1, 2, 1)),
    Section(
        "revenue",
        "2 · What it cost: Greater China revenue",
        lambda c, s: greater_china_revenue(
            c.tables["apple_greater_china_quarterly"], c.tables["china_smartphone_share_idc"], s["revenue_view"]
        ),
        lambda c, s: (REVENUE_VIEW,),
    ),
    Section("moved", "3 · What moved it", _moved, lambda c, s: price_window(_closes(c))),
    Section(
        "what_if",
        "4 · What if Apple won share back?",
        lambda c, s: what_if(
            c.tables["apple_greater_china_quarterly"], c.tables["china_smartphone_share_idc"], s["winback"],
            s["carried"],
        ),
        lambda c, s: (WINBACK, CARRIED),
    ),
    Section(
        "why_alibaba", "5 · Why Alibaba", _why_alibaba, lambda c, s: why_controls(c.tables["apple_partner_search"]),
        widths=(3, 1),
    ),
)
