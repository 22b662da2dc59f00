"""Chapter 3, Qwen against the field: is Alibaba's Qwen frontier-class, by whose measure, and how fast is it
being adopted? Vendor tables are read as vendor-reported and never mixed into one series."""

from __future__ import annotations

import pandas as pd

from explainer.charts import builders, sources, theme, vl
from explainer.charts.figure import Figure
from explainer.data import facts
from explainer.story import eventstudy, qwen
from explainer.story.controls import Control
from explainer.story.reference import ALIBABA, BENCHMARKS
from explainer.story.section import Context, Details, Result, Section, Settings, Table
from explainer.story.sections import event_window

TABLES = ("qwen25max_benchmarks", "deepseek_v3_reported_benchmarks", "lmarena_snapshots", "qwen3_benchmarks",
          "qwen_ecosystem", "deepseek_timeline", "market_moves")  # fmt: skip
TICKERS = (*ALIBABA, *BENCHMARKS)
MODEL_KINDS = ("instruct", "base")
# The model and benchmark pills each take a full row (their options are many and long); the two switches share one.
PICKER_ROWS = ((1,), (1,), (1, 1))


def vendor_controls(table: pd.DataFrame, prefix: str, pickers: str) -> tuple[Control, ...]:
    """Model and benchmark pickers (keyed by ``pickers``: their options differ per model type), the
    score/gap switch and the unverified switch (keyed by ``prefix``, shared across model types)."""
    models, benchmarks = tuple(dict.fromkeys(table["model"])), tuple(dict.fromkeys(table["benchmark"]))
    return (
        Control(f"{pickers}_models", "Models", "pills", models, options=models),
        Control(f"{pickers}_benchmarks", "Benchmarks", "pills", benchmarks, options=benchmarks),
        Control(f"{prefix}_measure", "Show", "segmented", "score", options=("score", "gap to best")),
        Control(f"{prefix}_unverified", "Include unverified values", "toggle", False,
                help="Values of low confidence (read from a chart image, not checked against any text copy). "
                "When included they are drawn as hollow triangles and labelled 'unverified'."),
    )  # fmt: skip


def vendor_scores(
    table: pd.DataFrame, prefix: str, blog: str, highlight: str,
    models: tuple[str, ...], benchmarks: tuple[str, ...], measure: str, unverified: bool,
) -> Result:  # fmt: skip
    """One vendor's own table: how often its model is best among the models and benchmarks chosen."""
    cells = qwen.scores(table, list(models), list(benchmarks), unverified)
    if cells.empty:
        return Result(notice="Pick at least one model and one benchmark.")
    value, title = ("value", "Score as published") if measure == "score" else ("gap", "Points behind the best shown")
    best_count = int((cells[cells["model"].str.startswith(highlight)]["gap"] == 0).sum())
    hidden = table[table["model"].isin(models) & table["benchmark"].isin(benchmarks)]
    left_out = int((hidden["confidence"] == "low").sum()) if not unverified else 0
    return Result(
        figures=(
            Figure(
                key=f"{prefix}_scores",
                title=f"{highlight} is best on {best_count} of {cells['benchmark'].nunique()} benchmarks in its own "
                "table",
                subtitle=f"{blog}: vendor-reported scores; each row is one benchmark on its own scale"
                + ("; hollow triangles are unverified" if unverified else ""),
                chart=builders.benchmark_strips(cells, value=value, value_title=title, highlight=highlight),
                data=cells,
                source=sources.facts_line(cells, blog.split("(")[-1].rstrip(")"), "Vendor-reported, not independent"),
            ),
        ),
        notes=(f"{left_out} unverified value(s) left out; switch them on to see them labelled.",) if left_out else (),
    )  # fmt: skip


Q25_KIND = Control("q25_kind", "Model type", "segmented", "instruct", options=MODEL_KINDS)
Q25_BLOG = "Qwen2.5-Max blog (28 Jan 2025)"


def _launch_table_controls(context: Context, chosen: Settings) -> tuple[Control, ...]:
    if "q25_kind" not in chosen:
        return (Q25_KIND,)
    kind = chosen["q25_kind"]
    q25 = context.tables["qwen25max_benchmarks"]
    return (Q25_KIND, *vendor_controls(q25[q25["model_kind"] == kind], "q25", f"q25_{kind}"))


def _launch_table(context: Context, chosen: Settings) -> Result:
    kind = chosen["q25_kind"]
    q25 = context.tables["qwen25max_benchmarks"]
    return vendor_scores(
        q25[q25["model_kind"] == kind], "q25", Q25_BLOG, "Qwen2.5-Max", chosen[f"q25_{kind}_models"],
        chosen[f"q25_{kind}_benchmarks"], chosen["q25_measure"], chosen["q25_unverified"],
    )  # fmt: skip


HARNESS_KIND = Control("harness_kind", "Model type ", "segmented", "instruct", options=MODEL_KINDS)


def whose_harness(q25: pd.DataFrame, deepseek_table: pd.DataFrame, kind: str) -> Result:
    """The cells both vendors published for the same model and benchmark, side by side."""
    pairs = qwen.harness_comparison(q25, deepseek_table, kind)
    differing = pairs.groupby(["model", "benchmark"])["value"].agg(lambda v: v.max() - v.min())
    disagree = f"{int((differing > 0).sum())} of {len(differing)}"
    return Result(
        intro="DeepSeek published its own table for several of the same models a month earlier. Where both vendors "
        "report the same model on the same benchmark, their numbers sit side by side below: when they differ, the "
        "test set-up differs, and neither is 'the' score.",
        figures=(
            Figure(
                key="harness",
                title=f"Qwen's and DeepSeek's tables disagree on {disagree} shared cells",
                subtitle="Same model, same benchmark, as printed in each vendor's table; GPT-4o is left out "
                "(different snapshots: 0806 vs 0513)",
                chart=builders.harness_dumbbells(pairs),
                data=pairs,
                source=sources.facts_line(
                    pairs, "Dec 2024 (DeepSeek) and Jan 2025 (Qwen)", "Each publisher is its own series"
                ),
            ),
        ),
        takeaways=(
            f"In the pairs both vendors published, the two tables differ on {disagree} cells: read vendor tables as "
            "claims.",
        ),
    )


def arena_snapshot(arena: pd.DataFrame) -> Control:
    snapshots = tuple(sorted(arena["snapshot_date"].dt.strftime("%Y-%m-%d").unique()))
    return Control("arena_snapshot", "Chatbot Arena snapshot", "select_slider", snapshots[0], options=snapshots)


def the_crowd(arena: pd.DataFrame, snapshot: str) -> Result:
    """Chatbot Arena at one snapshot, Alibaba's models highlighted; the takeaway reads the first snapshot."""
    ranking = qwen.arena_ranking(arena, pd.Timestamp(snapshot))
    qwen_rows = ranking[ranking["organization"] == "Alibaba"]
    partial = ranking["list_position"].isna().any() or len(ranking) < 10
    if len(qwen_rows):
        top = qwen_rows.iloc[0]
        title = f"{top['model']} scored {top['value']:.0f} on {pd.Timestamp(snapshot):%d %b %Y}" + (
            f", #{top['list_position']} on the board" if isinstance(top["list_position"], str) else ""
        )
    else:
        title = "No Qwen model in this snapshot"
    first_reading = qwen.arena_ranking(arena, arena["snapshot_date"].min())
    first = facts.row(first_reading, model="Qwen2.5-Max")
    return Result(
        figures=(
            Figure(
                key="arena",
                title=title,
                subtitle="Chatbot Arena Elo (overall text) of the models recorded at this snapshot; Alibaba highlighted"
                + ("; a partial snapshot: only the models listed were recorded, so ranks here are among them"
                   if partial else ""),
                chart=builders.ranked_bars(
                    ranking, value="value", category="model", color_field="organization",
                    colors={"Alibaba": theme.color_of("Alibaba")}, value_title="Arena Elo", value_format=".0f",
                    tooltip=(vl.field("votes:Q", format=","),
                             vl.field("list_position:N", title="Board position")),
                ),
                data=ranking,
                source=sources.facts_line(
                    ranking, snapshot, "The mirror gives no confidence intervals, so none are drawn; votes are in the "
                    "tooltip"
                ),
            ),
        ),
        notes=sources.press_notes(arena[arena["snapshot_date"] == pd.Timestamp(snapshot)]),
        takeaways=(
            f"On the first Arena snapshot here ({first['snapshot_date']:%d %b %Y}) Qwen2.5-Max scored "
            f"**{first['value']:.0f}**, #{first['list_position']} on the board, "
            f"{first_reading['value'].max() - first['value']:.0f} points behind the leader.",
        ),
    )  # fmt: skip


Q3_BLOG = "Qwen3 blog (29 Apr 2025)"


def _next_generation(context: Context, chosen: Settings) -> Result:
    q3 = context.tables["qwen3_benchmarks"]
    result = vendor_scores(q3, "q3", Q3_BLOG, "Qwen3-235B-A22B", chosen["q3_models"], chosen["q3_benchmarks"],
                           chosen["q3_measure"], chosen["q3_unverified"])  # fmt: skip
    result.notes += (
        "Footnotes from Qwen's chart, as the fact sheet records them: " + "; ".join(qwen.chart_footnotes(q3)) + ".",
        *(f"{row.model}, {row.benchmark} = {row.value:g} ({row.confidence} confidence): {row.notes}"
          for row in q3[q3["confidence"] != "high"].itertuples()),
    )  # fmt: skip
    return result


def adoption(ecosystem: pd.DataFrame) -> Result:
    """The dated adoption counts Alibaba stated, as points."""
    counts = qwen.adoption(ecosystem)
    derivatives = counts[counts["series"] == "Derivative models"].sort_values("date")
    months = (derivatives["date"].iloc[-1].to_period("M") - derivatives["date"].iloc[0].to_period("M")).n
    undated = ecosystem[ecosystem["date"].isna() & ecosystem["metric"].str.contains("download", case=False)]
    latest = counts.sort_values("date").groupby("series").last()
    return Result(
        figures=(
            Figure(
                key="adoption",
                title=f"Qwen derivative models went from > {derivatives['value'].iloc[0]:,.0f} "
                f"to > {derivatives['value'].iloc[-1]:,.0f} in {months} months",
                subtitle="Dated counts Alibaba stated (lower bounds where it said 'more than'); points, not a fitted "
                "curve",
                chart=builders.dated_points(counts, theme.color_of("Alibaba")),
                data=counts,
                source=sources.facts_line(counts, "Nov 2025", "Company statements, not independently counted"),
            ),
        ),
        notes=tuple(
            f"Not plotted (no exact date): {row.metric}, {row.value:,.0f} {row.unit}, {row.date_label}; {row.source}."
            for row in undated.itertuples()
        ),
        takeaways=(
            "Latest adoption counts: "
            + "; ".join(f"{series.lower()} > {row.value:,.0f} ({row.date:%b %Y})" for series, row in latest.iterrows())
            + ".",
        )
        if len(latest)
        else (),
    )


def release(releases: pd.DataFrame) -> Control:
    names = tuple(releases["launch"])
    return Control("launch", "Release", "segmented", names[0], options=names)


WINDOW = event_window.controls("launch_", before=(10, 2), after=(30, 5), benchmark="^HSI")


def market_reading(
    closes: eventstudy.Closes, info: dict, price_source: str, releases: pd.DataFrame,
    launch: str, before: int, after: int, benchmark: str,
) -> Result:  # fmt: skip
    """Alibaba's two lines around each Qwen release, beyond the benchmark; the chosen release drawn."""
    closes = eventstudy.as_traded(closes)
    stocks = [s for s in ALIBABA if s in closes]
    if not stocks or benchmark not in closes:
        return Result(warning="Alibaba's prices or the benchmark are unavailable, so this section cannot be computed.")
    events = list(zip(releases["launch"], releases["date"]))
    results = eventstudy.event_tables(closes, events, before, after, benchmark, stocks)
    results = results.rename(columns={"event": "release"})
    chosen = dict(zip(("launch", "date"), events[list(releases["launch"]).index(launch)]))
    names = {s: info[s].name for s in (*stocks, benchmark) if s in info}
    window = eventstudy.indexed_window({s: closes[s] for s in (*stocks, benchmark)}, chosen["date"], before, after,
                                       names)  # fmt: skip
    picked = results[results["release"] == launch].set_index("symbol")
    title = f"{launch} ({chosen['date']:%d %b %Y})"
    if set(ALIBABA) <= set(picked.index):
        title += (f": Alibaba's Hong Kong shares {picked.loc['9988.HK', 'cumulative_return']:+.1%}, the ADS "
                  f"{picked.loc['BABA', 'cumulative_return']:+.1%}")  # fmt: skip
    release_sources = "; ".join(f"{r.launch}: {r.source}" for r in releases.itertuples())
    return Result(
        figures=(
            event_window.figure(
                "qwen_market", title, window, chosen["date"], before, after, names.get("9988.HK", "9988.HK"),
                {n: info[s].company for s, n in names.items()},
                f"{price_source} · Release dates: {release_sources} · {sources.CALENDARS}", event_word="release",
            ),
        ),
        details=Details(
            "Returns around every release",
            table=Table(
                results[["release", "date", "symbol", "event_day", "event_day_return", "cumulative_return",
                         "abnormal_return"]],
                {"date": ("Release", "date"), **event_window.RETURN_COLUMNS,
                 "abnormal_return": (f"Abnormal vs {BENCHMARKS[benchmark]}", "percent")},
            ),
        ),
        notes=sources.press_notes(releases[releases["launch"] == launch]),
    )  # fmt: skip


def _releases(context: Context) -> pd.DataFrame:
    t = context.tables
    tables = (t["deepseek_timeline"], t["qwen_ecosystem"], t["market_moves"])
    return context.derive("releases", lambda: qwen.launches(*tables))


def _market_reading(context: Context, chosen: Settings) -> Result:
    before, after, benchmark = event_window.read("launch_", chosen)
    price_set = context.prices
    traded = context.derive("traded closes", lambda: eventstudy.traded(price_set.closes("adjusted")))
    return market_reading(
        traded, price_set.info, sources.prices_line(price_set, sources.ADJUSTED),
        _releases(context), chosen["launch"], before, after, benchmark,
    )  # fmt: skip


SECTIONS = (
    Section(
        "launch_table", "1 · Qwen2.5-Max's launch table", _launch_table, _launch_table_controls, widths=PICKER_ROWS
    ),
    Section(
        "harness",
        "2 · Whose harness?",
        lambda c, s: whose_harness(
            c.tables["qwen25max_benchmarks"], c.tables["deepseek_v3_reported_benchmarks"], s["harness_kind"]
        ),
        lambda c, s: (HARNESS_KIND,),
    ),
    Section(
        "crowd",
        "3 · The crowd's verdict",
        lambda c, s: the_crowd(c.tables["lmarena_snapshots"], s["arena_snapshot"]),
        lambda c, s: (arena_snapshot(c.tables["lmarena_snapshots"]),),
    ),
    Section(
        "next_generation",
        "4 · The next generation: Qwen3",
        _next_generation,
        lambda c, s: vendor_controls(c.tables["qwen3_benchmarks"], "q3", "q3"),
        widths=PICKER_ROWS,
    ),
    Section("adoption", "5 · Adoption", lambda c, s: adoption(c.tables["qwen_ecosystem"])),
    Section(
        "market",
        "6 · The market's reading",
        _market_reading,
        lambda c, s: (release(_releases(c)), *WINDOW),
        widths=(3, 2, 2, 2),
    ),
)
