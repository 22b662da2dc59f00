"""Chapter 3: is Alibaba's Qwen really frontier-class, by whose measure, and how fast is it being adopted?"""

import altair as alt
import pandas as pd
import streamlit as st

from explainer.app import ui
from explainer.charts import builders as charts
from explainer.charts import sources, theme
from explainer.charts.figure import Figure
from explainer.story import deepseek, eventstudy, qwen

ui.require_router()

st.title("Qwen against the field")
st.markdown(
    "**Is Alibaba's Qwen really frontier-class, by whose measure, and how fast is it being adopted?** "
    "Benchmark tables are published by the model makers themselves: each is read here as *vendor-reported*, "
    "and no two vendors' tables are ever mixed into one series."
)
q25, ds_table, arena, q3, ecosystem, timeline, moves = ui.tables(
    "qwen25max_benchmarks",
    "deepseek_v3_reported_benchmarks",
    "lmarena_snapshots",
    "qwen3_benchmarks",
    "qwen_ecosystem",
    "deepseek_timeline",
    "market_moves",
)


def vendor_table(table: pd.DataFrame, prefix: str, blog: str, highlight: str, pickers: str = "") -> pd.DataFrame:
    """Model and benchmark pickers, raw/gap toggle and the unverified switch for one vendor table.

    ``pickers`` keys the model and benchmark pickers separately (one set per model type), because their
    options differ; the display switches are shared.
    """
    pickers = pickers or prefix
    models, benchmarks = list(dict.fromkeys(table["model"])), list(dict.fromkeys(table["benchmark"]))
    left, middle, right = st.columns([3, 3, 2])
    chosen_models = left.multiselect("Models", models, default=models, key=f"{pickers}_models", bind="query-params")
    chosen_benchmarks = middle.multiselect(
        "Benchmarks", benchmarks, default=benchmarks, key=f"{pickers}_benchmarks", bind="query-params"
    )
    measure = right.segmented_control(
        "Show", ["score", "gap to best"], default="score", required=True, key=f"{prefix}_measure", bind="query-params"
    )
    unverified = right.toggle(
        "Include unverified values",
        value=False,
        key=f"{prefix}_unverified",
        bind="query-params",
        help="Values of low confidence (read from a chart image, not checked against any text copy). "
        "When included they are drawn as hollow triangles and labelled 'unverified'.",
    )
    cells = qwen.scores(table, chosen_models, chosen_benchmarks, unverified)
    if cells.empty:
        st.info("Pick at least one model and one benchmark.")
        return cells
    value, title = ("value", "Score as published") if measure == "score" else ("gap", "Points behind the best shown")
    best_count = int((cells[cells["model"].str.startswith(highlight)]["gap"] == 0).sum())
    ui.show_figure(
        Figure(
            key=f"{prefix}_scores",
            title=f"{highlight} is best on {best_count} of {cells['benchmark'].nunique()} benchmarks in its own table",
            subtitle=f"{blog}: vendor-reported scores; each row is one benchmark on its own scale"
            + ("; hollow triangles are unverified" if unverified else ""),
            chart=charts.benchmark_strips(cells, value=value, value_title=title, highlight=highlight),
            data=cells,
            source=sources.facts_line(cells, blog.split("(")[-1].rstrip(")"), "Vendor-reported, not independent"),
        )
    )
    hidden = table[table["model"].isin(chosen_models) & table["benchmark"].isin(chosen_benchmarks)]
    left_out = int((hidden["confidence"] == "low").sum()) if not unverified else 0
    if left_out:
        st.caption(f"{left_out} unverified value(s) left out; switch them on to see them labelled.")
    return cells


# ----------------------------------------------------------------------------------- 1. the launch table
st.header("1 · Qwen2.5-Max's launch table")
kind = st.segmented_control(
    "Model type", ["instruct", "base"], default="instruct", required=True, key="q25_kind", bind="query-params"
)
vendor_table(
    q25[q25["model_kind"] == kind], "q25", "Qwen2.5-Max blog (28 Jan 2025)", "Qwen2.5-Max", pickers=f"q25_{kind}"
)

# ----------------------------------------------------------------------------------- 2. whose harness
st.header("2 · Whose harness?")
st.markdown(
    "DeepSeek published its own table for several of the same models a month earlier. Where both vendors "
    "report the same model on the same benchmark, their numbers sit side by side below: when they differ, the "
    "test set-up differs, and neither is 'the' score."
)
harness_kind = st.segmented_control(
    "Model type ", ["instruct", "base"], default="instruct", required=True, key="harness_kind", bind="query-params"
)
pairs = qwen.harness_comparison(q25, ds_table, harness_kind)
differing = pairs.groupby(["model", "benchmark"])["value"].agg(lambda v: v.max() - v.min())
ui.show_figure(
    Figure(
        key="harness",
        title=f"Qwen's and DeepSeek's tables disagree on {int((differing > 0).sum())} of {len(differing)} shared cells",
        subtitle="Same model, same benchmark, as printed in each vendor's table; GPT-4o is left out (different "
        "snapshots: 0806 vs 0513)",
        chart=charts.harness_dumbbells(pairs),
        data=pairs,
        source=sources.facts_line(
            pairs,
            "Dec 2024 (DeepSeek) and Jan 2025 (Qwen)",
            "Each publisher is its own series",
        ),
    )
)

# ----------------------------------------------------------------------------------- 3. the crowd
st.header("3 · The crowd's verdict")
snapshots = sorted(arena["snapshot_date"].dt.strftime("%Y-%m-%d").unique())
snapshot = st.select_slider(
    "Chatbot Arena snapshot", snapshots, value=snapshots[0], key="arena_snapshot", bind="query-params"
)
ranking = qwen.arena_ranking(arena, pd.Timestamp(snapshot))
qwen_rows = ranking[ranking["organization"] == "Alibaba"]
partial = ranking["list_position"].isna().any() or len(ranking) < 10
top_qwen = qwen_rows.iloc[0] if len(qwen_rows) else None
ui.show_figure(
    Figure(
        key="arena",
        title=(
            f"{top_qwen['model']} scored {top_qwen['value']:.0f} on {pd.Timestamp(snapshot):%d %b %Y}"
            + (f", #{top_qwen['list_position']} on the board" if isinstance(top_qwen["list_position"], str) else "")
            if top_qwen is not None
            else "No Qwen model in this snapshot"
        ),
        subtitle="Chatbot Arena Elo (overall text) of the models recorded at this snapshot; Alibaba highlighted"
        + (
            "; a partial snapshot: only the models listed were recorded, so ranks here are among them"
            if partial
            else ""
        ),
        chart=charts.ranked_bars(
            ranking,
            value="value",
            category="model",
            color_field="organization",
            colors={"Alibaba": theme.color_of("Alibaba")},
            value_title="Arena Elo",
            value_format=".0f",
            tooltip=(alt.Tooltip("votes:Q", format=","), alt.Tooltip("list_position:N", title="Board position")),
        ),
        data=ranking,
        source=sources.facts_line(
            ranking, snapshot, "The mirror gives no confidence intervals, so none are drawn; votes are in the tooltip"
        ),
    )
)

# ----------------------------------------------------------------------------------- 4. next generation
st.header("4 · The next generation: Qwen3")
vendor_table(q3, "q3", "Qwen3 blog (29 Apr 2025)", "Qwen3-235B-A22B")
st.caption("Footnotes from Qwen's chart, as the fact sheet records them: " + "; ".join(qwen.chart_footnotes(q3)) + ".")
for row in q3[q3["confidence"] != "high"].itertuples():
    st.caption(f"{row.model}, {row.benchmark} = {row.value:g} ({row.confidence} confidence): {row.notes}")

# ----------------------------------------------------------------------------------- 5. adoption
st.header("5 · Adoption")
counts = qwen.adoption(ecosystem)
derivatives = counts[counts["series"] == "Derivative models"].sort_values("date")
months = (derivatives["date"].iloc[-1].to_period("M") - derivatives["date"].iloc[0].to_period("M")).n
ui.show_figure(
    Figure(
        key="adoption",
        title=f"Qwen derivative models went from > {derivatives['value'].iloc[0]:,.0f} "
        f"to > {derivatives['value'].iloc[-1]:,.0f} in {months} months",
        subtitle="Dated counts Alibaba stated (lower bounds where it said 'more than'); points, not a fitted curve",
        chart=charts.dated_points(counts, theme.color_of("Alibaba")),
        data=counts,
        source=sources.facts_line(counts, "Nov 2025", "Company statements, not independently counted"),
    )
)
undated = ecosystem[ecosystem["date"].isna() & ecosystem["metric"].str.contains("download", case=False)]
for row in undated.itertuples():
    st.caption(
        f"Not plotted (no exact date): {row.metric}, {row.value:,.0f} {row.unit}, {row.date_label}; {row.source}."
    )

# ----------------------------------------------------------------------------------- 6. the market's reading
st.header("6 · The market's reading")
releases = qwen.launches(timeline, ecosystem, moves)
price_set = ui.load_prices(["BABA", "9988.HK", *deepseek.BENCHMARKS])
closes = price_set.closes("adjusted")
controls = st.columns([3, 2, 2, 2])
launch = controls[0].segmented_control(
    "Release",
    list(releases["launch"]),
    default=releases["launch"].iloc[0],
    required=True,
    key="launch",
    bind="query-params",
)
before, after, benchmark = ui.event_window_controls(
    controls[1:], "launch_", before=(10, 2), after=(30, 5), benchmarks=deepseek.BENCHMARK_BY_NAME, index=2
)
stock_symbols = [s for s in ("BABA", "9988.HK") if s in closes]
if stock_symbols and benchmark in closes:
    results = []
    for release in releases.itertuples():
        table = eventstudy.event_table(closes[[*stock_symbols, benchmark]], release.date, before, after, benchmark)
        results.append(table[table["symbol"].isin(stock_symbols)].assign(release=release.launch, date=release.date))
    results = pd.concat(results, ignore_index=True)
    chosen = releases.set_index("launch").loc[launch]
    window = eventstudy.indexed_window(closes[[*stock_symbols, benchmark]], chosen["date"], before, after)
    names = {s: price_set.info[s].name for s in window["symbol"].unique() if s in price_set.info}
    window = window.assign(name=window["symbol"].map(names))
    picked = results[results["release"] == launch].set_index("symbol")
    ui.show_figure(
        Figure(
            key="qwen_market",
            title=f"{launch} ({chosen['date']:%d %b %Y}): Alibaba's Hong Kong shares "
            f"{picked.loc['9988.HK', 'cumulative_return']:+.1%}, the ADS {picked.loc['BABA', 'cumulative_return']:+.1%}"
            if {"9988.HK", "BABA"} <= set(picked.index)
            else f"{launch} ({chosen['date']:%d %b %Y})",
            subtitle=f"Indexed to 100 at the close before the release; {before} trading days before, {after} after",
            chart=charts.highlighted_lines(
                window,
                x="date",
                y="index",
                series="name",
                highlight=names.get("9988.HK", "9988.HK"),
                y_title="Index (close before release = 100)",
                companies={n: price_set.info[s].company for s, n in names.items()},
                x_format="%d %b",
            ),
            data=window,
            source=f"{sources.prices_line(price_set, sources.ADJUSTED)} · Release dates: "
            + "; ".join(f"{r.launch}: {r.source}" for r in releases.itertuples())
            + f" · {sources.CALENDARS}",
        )
    )
    st.dataframe(
        results[["release", "date", "symbol", "event_day", "event_day_return", "cumulative_return", "abnormal_return"]],
        hide_index=True,
        column_config={
            "date": st.column_config.DateColumn("Release", format="D MMM YYYY"),
            "event_day": st.column_config.DateColumn("Day 0", format="D MMM YYYY"),
            "event_day_return": st.column_config.NumberColumn("Day-0 return", format="percent"),
            "cumulative_return": st.column_config.NumberColumn("Window return", format="percent"),
            "abnormal_return": st.column_config.NumberColumn(
                f"Abnormal vs {deepseek.BENCHMARKS[benchmark]}", format="percent"
            ),
        },
    )
else:
    st.warning("Alibaba's prices or the benchmark are unavailable, so this section cannot be computed.")

# ----------------------------------------------------------------------------------- takeaways
first_reading = qwen.arena_ranking(arena, arena["snapshot_date"].min())
qwen_first = first_reading[first_reading["model"] == "Qwen2.5-Max"].iloc[0]
lines = [
    f"On the first Arena snapshot here ({qwen_first['snapshot_date']:%d %b %Y}) Qwen2.5-Max scored "
    f"**{qwen_first['value']:.0f}**, #{qwen_first['list_position']} on the board, "
    f"{first_reading['value'].max() - qwen_first['value']:.0f} points behind the leader.",
    f"In the pairs both vendors published, the two tables differ on {int((differing > 0).sum())} of "
    f"{len(differing)} cells: read vendor tables as claims.",
]
if len(counts):
    latest = counts.sort_values("date").groupby("series").last()
    lines.append(
        "Latest adoption counts: "
        + "; ".join(f"{series.lower()} > {row.value:,.0f} ({row.date:%b %Y})" for series, row in latest.iterrows())
        + "."
    )
ui.takeaways(lines)
