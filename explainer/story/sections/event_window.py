"""The event window, shared by the chapters that study a dated event (the DeepSeek sell-off, Qwen releases):
its three controls and its chart of prices indexed to the close before day 0."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from explainer.charts import builders, theme, vl
from explainer.charts.figure import Figure
from explainer.story.controls import Control
from explainer.story.reference import BENCHMARK_BY_NAME, BENCHMARKS


def controls(prefix: str, before: tuple[int, int], after: tuple[int, int], benchmark: str) -> tuple[Control, ...]:
    """Trading days before and after day 0 (maximum, default) and the benchmark (by name), keyed by ``prefix``."""
    return (
        Control(f"{prefix}before", "Trading days before", "slider", before[1], bounds=(0, before[0])),
        Control(f"{prefix}after", "Trading days after", "slider", after[1], bounds=(1, after[0])),
        Control(f"{prefix}benchmark", "Benchmark for abnormal returns", "selectbox", BENCHMARKS[benchmark],
                options=tuple(BENCHMARK_BY_NAME)),
    )  # fmt: skip


def read(prefix: str, settings: Mapping[str, object]) -> tuple[int, int, str]:
    """Days before, days after and the benchmark's ticker, as chosen."""
    benchmark = BENCHMARK_BY_NAME[settings[f"{prefix}benchmark"]]
    return int(settings[f"{prefix}before"]), int(settings[f"{prefix}after"]), benchmark


def figure(
    key: str,
    title: str,
    window: pd.DataFrame,
    event: pd.Timestamp,
    before: int,
    after: int,
    highlight: str,
    companies: Mapping[str, str],
    source: str,
    event_word: str = "event",
) -> Figure:
    """Each line = 100 at the close before its day 0, with day 0 marked; ``window`` from ``indexed_window``
    with a ``name`` column."""
    return Figure(
        key=key,
        title=title,
        subtitle=f"Prices indexed to 100 at the close before the {event_word}; {before} trading days before, "
        f"{after} after",
        chart=vl.layer(
            builders.highlighted_lines(
                window, x="date", y="index", series="name", highlight=highlight,
                y_title=f"Index (close before {event_word} = 100)", companies=dict(companies), x_format="%d %b",
            ),
            vl.unit(pd.DataFrame({"date": [event]}), vl.mark("rule", strokeDash=[4, 3], color=theme.MUTED),
                    {"x": vl.field("date:T")}),
        ),
        data=window,
        source=source,
    )  # fmt: skip


RETURN_COLUMNS = {
    "event_day": ("Day 0", "date"),
    "event_day_return": ("Day-0 return", "percent"),
    "cumulative_return": ("Window return", "percent"),
}

