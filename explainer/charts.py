"""Chart builders: plain functions that take a DataFrame and return an ``alt.Chart``, testable without Streamlit.

They send the browser only the columns each chart draws, fix each company's colour through
:mod:`explainer.theme`, and leave titles, sizes and source lines to the figure frame.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from explainer import theme

LABEL_LANE_PX = 16


def label_lanes(dates: pd.Series, min_gap: pd.Timedelta) -> list[int]:
    """Stack labels of nearby events in lanes so their numbers never print on top of each other."""
    last_in_lane: list[pd.Timestamp] = []
    lanes = []
    for when in dates:
        lane = next((i for i, last in enumerate(last_in_lane) if when - last >= min_gap), len(last_in_lane))
        if lane == len(last_in_lane):
            last_in_lane.append(when)
        last_in_lane[lane] = when
        lanes.append(lane)
    return lanes


def event_rules(events: pd.DataFrame, span: pd.Timedelta, label_y: int = 6) -> alt.LayerChart:
    """Numbered vertical rules for dated events; hover names the event, its date and its source.

    ``events`` needs columns date, n (the marker number), event and source; ``span`` is the x-axis range,
    used to keep numbers of events that fall close together from overlapping.
    """
    hover = alt.selection_point(on="pointerover", fields=["n"], empty=False, clear="pointerout")
    shown = events[["date", "n", "event", "source"]].sort_values("date")
    lanes = label_lanes(shown["date"], span / 45)
    base = alt.Chart(shown.assign(label_y=[label_y + lane * LABEL_LANE_PX for lane in lanes]))
    tooltip = [
        alt.Tooltip("date:T", title="Date", format="%d %b %Y"),
        alt.Tooltip("event:N", title="Event"),
        alt.Tooltip("source:N", title="Source"),
    ]
    rules = (
        base.mark_rule(strokeDash=[4, 3])
        .encode(
            x="date:T",
            color=alt.value(theme.MUTED),
            strokeWidth=alt.when(hover).then(alt.value(3)).otherwise(alt.value(1.2)),
            tooltip=tooltip,
        )
        .add_params(hover)
    )
    labels = base.mark_text(fontWeight="bold", dy=0, baseline="top").encode(
        x="date:T", y=alt.Y("label_y:Q", scale=None), text="n:N", color=alt.value(theme.MUTED), tooltip=tooltip
    )
    return alt.layer(rules, labels)


def price_with_events(
    prices: pd.DataFrame, events: pd.DataFrame, company: str, y_title: str, height: int = theme.CHART_HEIGHT
) -> alt.LayerChart:
    """One price line in the company's colour with numbered event rules over it.

    ``prices`` needs columns date and close.
    """
    line = (
        alt.Chart(prices[["date", "close"]])
        .mark_line(color=theme.color_of(company), strokeWidth=theme.HIGHLIGHT_WIDTH)
        .encode(
            x=alt.X("date:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=0)),
            y=alt.Y("close:Q", title=y_title).scale(zero=False),
            tooltip=[
                alt.Tooltip("date:T", title="Date", format="%d %b %Y"),
                alt.Tooltip("close:Q", title=y_title, format=",.2f"),
            ],
        )
    )
    span = prices["date"].max() - prices["date"].min()
    return alt.layer(line, event_rules(events, span)).properties(height=height)
