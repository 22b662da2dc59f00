"""Chart builders: plain functions that take a DataFrame and return an ``alt.Chart``, testable without Streamlit.

They send the browser only the columns each chart draws, fix each company's colour through
:mod:`explainer.charts.theme`, and leave titles, sizes and source lines to the figure frame.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from explainer.charts import theme

# Event numbers are placed for a plot this wide: the narrowest a timeline is drawn (a 1280 px window with the
# sidebar open, less the y axis); wider windows only spread them further apart.
PLOT_WIDTH_PX = 640
# A line chart's plot is narrower by the names printed at its lines' ends.
END_LABELS_PX = 170
EVENT_CHAR_PX = 9  # a bold 14 px digit or dash, with room to spare
EVENT_LABEL_GAP_PX = 4
EVENT_NUMBERS = "event number"  # what a screen reader calls each number (the browser tests find them by it)


def extent(*dates: pd.Series) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last of several date columns: the x range of a chart layering them."""
    both = pd.concat(dates)
    return both.min(), both.max()


def numbers_label(numbers: list[int]) -> str:
    """One label for a run of event numbers: "7", "5–16" for a consecutive run, "3, 5" otherwise."""
    if len(numbers) == 1:
        return str(numbers[0])
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]}\u2013{numbers[-1]}"
    return ", ".join(str(n) for n in numbers)


def event_labels(
    events: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp, width_px: float = PLOT_WIDTH_PX
) -> pd.DataFrame:
    """Where each event number is printed on a plot ``width_px`` wide spanning ``start``–``end``.

    Numbers that would touch share one label naming the run ("5–16"), centred between its first and last
    line, so every label is readable on one row. One row per label: label_at (the date it is centred on),
    label, events (the entries it stands for, for hover), numbers (theirs), and left_px/right_px (its extent,
    which the tests check for overlaps). ``events`` needs date, n and event.
    """
    columns = ["label_at", "label", "events", "numbers", "left_px", "right_px"]
    shown = events.sort_values(["date", "n"]).reset_index(drop=True)
    if shown.empty:
        return pd.DataFrame(columns=columns)
    span = (end - start) or pd.Timedelta(days=1)
    px = ((shown["date"] - start) / span * width_px).tolist()

    def placed(run: list[int]) -> dict:
        label = numbers_label([int(shown["n"][i]) for i in run])
        centre = (px[run[0]] + px[run[-1]]) / 2
        half = len(label) * EVENT_CHAR_PX / 2
        return {"run": run, "label": label, "centre": centre, "left_px": centre - half, "right_px": centre + half}

    labels: list[dict] = []
    for i in range(len(shown)):
        label = placed([i])
        while labels and label["left_px"] < labels[-1]["right_px"] + EVENT_LABEL_GAP_PX:
            label = placed(labels.pop()["run"] + label["run"])
        labels.append(label)
    return pd.DataFrame(
        [
            {
                "label_at": start + span * (label["centre"] / width_px), "label": label["label"],
                "events": "; ".join(f"{int(shown['n'][i])}. {shown['event'][i]}" for i in label["run"]),
                "numbers": [int(shown["n"][i]) for i in label["run"]],
                "left_px": label["left_px"], "right_px": label["right_px"],
            }
            for label in labels
        ],
        columns=columns,
    )  # fmt: skip


def event_rules(
    events: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp, width_px: float = PLOT_WIDTH_PX, label_y: int = 6
) -> alt.LayerChart:
    """Numbered vertical rules for dated events; hover names the event, its date and its source.

    ``events`` needs columns date, n (the marker number), event and source; ``start``–``end`` is the x-axis
    range and ``width_px`` the plot's narrowest width, from which the numbers are placed so that none
    overlap (:func:`event_labels`).
    """
    hover = alt.selection_point(on="pointerover", fields=["n"], empty=False, clear="pointerout")
    shown = events[["date", "n", "event", "source"]].sort_values(["date", "n"])
    placed = event_labels(shown, start, end, width_px)
    tooltip = [
        alt.Tooltip("date:T", title="Date", format="%d %b %Y"),
        alt.Tooltip("event:N", title="Event"),
        alt.Tooltip("source:N", title="Source"),
    ]
    rules = (
        alt.Chart(shown)
        .mark_rule(strokeDash=[4, 3])
        .encode(
            x="date:T",
            color=alt.value(theme.MUTED),
            strokeWidth=alt.when(hover).then(alt.value(3)).otherwise(alt.value(1.2)),
            tooltip=tooltip,
        )
        .add_params(hover)
    )
    labels = (
        alt.Chart(placed.assign(label_y=label_y)[["label_at", "label", "events", "label_y"]])
        .mark_text(fontWeight="bold", dy=0, baseline="top", style=theme.MUTED_TEXT, ariaRoleDescription=EVENT_NUMBERS)
        .encode(
            x="label_at:T", y=alt.Y("label_y:Q", scale=None), text="label:N",
            tooltip=[alt.Tooltip("events:N", title="Events")],
        )
    )  # fmt: skip
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
    return alt.layer(line, event_rules(events, prices["date"].min(), prices["date"].max())).properties(height=height)


def dodge(positions: pd.Series, all_values: pd.Series, min_gap_share: float = 0.075) -> list[float]:
    """Label positions (in data units) moved apart just enough not to overlap, order kept.

    Only where a label is printed moves; the data point it names stays where it is.
    """
    span = (all_values.max() - all_values.min()) or 1.0
    gap = span * min_gap_share
    order = positions.sort_values().index
    placed: dict = {}
    previous = None
    for key in order:
        value = positions[key] if previous is None else max(positions[key], previous + gap)
        placed[key] = previous = value
    return [placed[key] for key in positions.index]


def highlighted_lines(
    data: pd.DataFrame,
    *,
    x: str,
    y: str,
    series: str,
    highlight: str,
    y_title: str,
    companies: dict[str, str] | None = None,
    x_format: str = "%b %Y",
    y_format: str = ".1f",
    tooltip: tuple[alt.Tooltip, ...] = (),
    y_zero: bool = False,
    points: bool = False,
    yearly_ticks: bool = False,
    interpolate: str = "linear",
    height: int = theme.CHART_HEIGHT,
) -> alt.LayerChart:
    """One highlighted line in its company's colour, the rest muted until hovered, labels at line ends.

    ``data`` is long: one row per (x, series). Rows with no ``y`` break a line (gaps stay gaps).
    ``companies`` maps a series name to the company whose colour it takes (default: the name itself).
    """
    companies = companies or {}
    names = list(dict.fromkeys(data[series]))
    scale = theme.color_scale(names, companies)
    ticks = {"tickCount": {"interval": "year", "step": 1}, "format": "%Y"} if yearly_ticks else {"format": x_format}
    x_encoding = alt.X(f"{x}:T", title=None, axis=alt.Axis(labelAngle=0, **ticks))
    y_encoding = alt.Y(f"{y}:Q", title=y_title).scale(zero=y_zero)
    tips = [
        alt.Tooltip(f"{series}:N", title=""),
        alt.Tooltip(f"{x}:T", title="Date", format=x_format if x_format != "%b %Y" else "%d %b %Y"),
        alt.Tooltip(f"{y}:Q", title=y_title, format=y_format),
        *tooltip,
    ]
    hover = alt.selection_point(on="pointerover", fields=[series], nearest=True, empty=False, clear="pointerout")
    point_mark = alt.OverlayMarkDef(size=45, filled=True) if points else False
    others = (
        alt.Chart(data[data[series] != highlight])
        .mark_line(point=point_mark, interpolate=interpolate)
        .encode(
            x=x_encoding,
            y=y_encoding,
            detail=f"{series}:N",
            color=alt.when(hover)
            .then(alt.Color(f"{series}:N", scale=scale, legend=None))
            .otherwise(alt.value(theme.MUTED)),
            strokeWidth=alt.when(hover)
            .then(alt.value(theme.HIGHLIGHT_WIDTH - 1))
            .otherwise(alt.value(theme.MUTED_WIDTH)),
            opacity=alt.when(hover).then(alt.value(1.0)).otherwise(alt.value(0.65)),
            tooltip=tips,
        )
        .add_params(hover)
    )
    main = (
        alt.Chart(data[data[series] == highlight])
        .mark_line(
            interpolate=interpolate,
            point=alt.OverlayMarkDef(size=60, filled=True) if points else False,
            strokeWidth=theme.HIGHLIGHT_WIDTH,
            color=theme.color_of(companies.get(highlight, highlight)),
        )
        .encode(x=x_encoding, y=y_encoding, tooltip=tips)
    )
    ends = data.dropna(subset=[y]).sort_values(x).groupby(series, sort=False).tail(1)
    ends = ends.assign(label_y=dodge(ends[y], data[y]))[[x, series, "label_y"]]
    main_text = theme.text_style(theme.color_of(companies.get(highlight, highlight)))
    labels = [
        alt.Chart(rows)
        .mark_text(align="left", dx=7, fontWeight="bold", style=style)
        .encode(x=x_encoding, y=alt.Y("label_y:Q"), text=f"{series}:N")
        for rows, style in (
            (ends[ends[series] != highlight], theme.MUTED_TEXT),
            (ends[ends[series] == highlight], main_text),
        )
    ]
    return alt.layer(others, main, *labels).properties(height=height)


def annotated_bars(
    data: pd.DataFrame,
    *,
    x: str,
    y: str,
    y_title: str,
    label: str,
    highlight_field: str,
    color: str,
    y_format: str = ",.1f",
    tooltip: tuple[alt.Tooltip, ...] = (),
    annotated_are_pale: bool = False,
    height: int = theme.CHART_HEIGHT,
) -> alt.LayerChart:
    """Bars in x order with a small label above each; bars whose ``highlight_field`` is set carry that text
    as an annotation and are emphasised (or, with ``annotated_are_pale``, paled: for estimates)."""
    order = list(data[x])
    base = alt.Chart(data).encode(
        x=alt.X(f"{x}:N", sort=order, title=None, axis=alt.Axis(labelAngle=-45, labelLimit=200)),
        y=alt.Y(f"{y}:Q", title=y_title),
    )
    strong, pale = (0.35, 0.9) if annotated_are_pale else (1.0, 0.45)
    bars = base.mark_bar(color=color).encode(
        opacity=alt.when(alt.datum[highlight_field] != "").then(alt.value(strong)).otherwise(alt.value(pale)),
        tooltip=[alt.Tooltip(f"{x}:N", title=""), alt.Tooltip(f"{y}:Q", title=y_title, format=y_format), *tooltip],
    )
    values = base.mark_text(dy=-8, fontSize=theme.FONT_SIZE - 3, style=theme.BODY_TEXT).encode(text=f"{label}:N")
    notes = (
        base.transform_filter(alt.datum[highlight_field] != "")
        .mark_text(dy=-26, fontWeight="bold", style=theme.text_style(color))
        .encode(text=f"{highlight_field}:N")
    )
    return alt.layer(bars, values, notes).properties(height=height)


def ranked_bars(
    data: pd.DataFrame,
    *,
    value: str,
    category: str,
    color_field: str,
    colors: dict[str, str],
    value_title: str,
    value_format: str = "+.1%",
    log: bool = False,
    offset: str | None = None,
    tooltip: tuple[alt.Tooltip, ...] = (),
    sort: bool = True,
    height: int | None = None,
) -> alt.LayerChart:
    """Horizontal bars, largest first, coloured by ``color_field`` through a fixed mapping, value at each end.

    ``offset`` splits each category into side-by-side bars (e.g. input and output prices).
    """
    order = data.groupby(category, sort=False)[value].max().sort_values(ascending=False).index.tolist()
    domain = list(dict.fromkeys(data[color_field]))
    scale = alt.Scale(domain=domain, range=[colors.get(d, theme.MUTED) for d in domain])
    y = alt.Y(f"{category}:N", sort=order if sort else None, title=None, axis=alt.Axis(labelLimit=320))
    x = alt.X(f"{value}:Q", title=value_title, axis=alt.Axis(format=value_format.lstrip("+")))
    if log:
        x = x.scale(type="log")
    encodings = {"y": y, "x": x}
    if offset:
        encodings["yOffset"] = alt.YOffset(f"{offset}:N")
    base = alt.Chart(data).encode(**encodings)
    bars = base.mark_bar().encode(
        color=alt.Color(f"{color_field}:N", scale=scale, legend=alt.Legend(title=None)),
        opacity=alt.value(0.9),
        tooltip=[
            alt.Tooltip(f"{category}:N", title=""),
            *([alt.Tooltip(f"{offset}:N", title="")] if offset else []),
            alt.Tooltip(f"{value}:Q", title=value_title, format=value_format),
            *tooltip,
        ],
    )
    text = alt.Text(f"{value}:Q", format=value_format)
    size = theme.FONT_SIZE - 3
    right_of_bar = base.transform_filter(alt.datum[value] >= 0).mark_text(
        align="left", dx=4, fontSize=size, style=theme.BODY_TEXT
    )
    left_of_bar = base.transform_filter(alt.datum[value] < 0).mark_text(
        align="right", dx=-4, fontSize=size, style=theme.BODY_TEXT
    )
    rows = data[category].nunique() * (data[offset].nunique() if offset else 1)
    layers = (bars, right_of_bar.encode(text=text), left_of_bar.encode(text=text))
    # Streamlit fits the whole chart (title, axis and legend included) into ``height``.
    return alt.layer(*layers).properties(height=height or 150 + 30 * rows)


def timeline_strip(events: pd.DataFrame, color: str) -> alt.LayerChart:
    """A compact dated strip: a dot per event and its number above (numbers placed so none overlap,
    :func:`event_labels`); hover gives the full entry and its source. ``events`` needs columns date, n, event
    and source.
    """
    shown = events.sort_values(["date", "n"]).reset_index(drop=True)
    placed = event_labels(shown, shown["date"].min(), shown["date"].max())
    x = alt.X("date:T", title=None, axis=alt.Axis(format="%d %b", labelAngle=0, grid=False))
    y_scale = alt.Scale(domain=[-0.3, 1.2])
    tooltip = [
        alt.Tooltip("date:T", title="Date", format="%d %b %Y"),
        alt.Tooltip("event:N", title="Event"),
        alt.Tooltip("source:N", title="Source"),
    ]
    base = alt.Chart(shown[["date", "n", "event", "source"]].assign(dot=0.0)).encode(
        x=x, y=alt.Y("dot:Q", axis=None, scale=y_scale)
    )
    line = base.mark_rule(color=theme.MUTED).encode(x="min(date):T", x2="max(date):T")
    dots = base.mark_point(filled=True, size=140, color=color, opacity=1).encode(tooltip=tooltip)
    numbers = (
        alt.Chart(placed.assign(label_y=0.55)[["label_at", "label", "events", "label_y"]])
        .mark_text(fontWeight="bold", style=theme.text_style(color), ariaRoleDescription=EVENT_NUMBERS)
        .encode(
            x=alt.X("label_at:T", title=None), y=alt.Y("label_y:Q", axis=None, scale=y_scale), text="label:N",
            tooltip=[alt.Tooltip("events:N", title="Events")],
        )
    )  # fmt: skip
    return alt.layer(line, dots, numbers).properties(height=150)


def dated_strip(events: pd.DataFrame, color: str) -> alt.LayerChart:
    """A strip of dated entries over months or years: a dot for an entry dated to the day, a bar across the
    month for one dated only to its month (never pinned to a day), a number above each (placed so none
    overlap, :func:`event_labels`). Entries marked ``highlight`` take ``color``, the rest are muted; unverified
    ones are hollow. ``events`` needs n, start, end (equal for a day), precision ("day" or "month"), event,
    source, status and highlight; hover gives the entry, its date and its source."""
    shown = events.assign(date=events["start"] + (events["end"] - events["start"]) / 2, dot=0.0)
    placed = event_labels(shown, shown["start"].min(), shown["end"].max())
    x = alt.X("start:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=0, grid=False))
    y_scale = alt.Scale(domain=[-0.3, 1.2])
    y = alt.Y("dot:Q", axis=None, scale=y_scale)
    tooltip = [
        alt.Tooltip("n:N", title="#"),
        alt.Tooltip("when:N", title="Date"),
        alt.Tooltip("event:N", title="Report"),
        alt.Tooltip("source:N", title="Source"),
        alt.Tooltip("status:N", title="Status"),
    ]
    when = [
        f"{day:%B %Y} (month only)" if precision == "month" else f"{day:%d %b %Y}"
        for day, precision in zip(shown["start"], shown["precision"])
    ]
    columns = ["n", "start", "end", "precision", "when", "event", "source", "status", "highlight", "dot"]
    data = shown.assign(when=when)[columns]
    colour = alt.when(alt.datum.highlight).then(alt.value(color)).otherwise(alt.value(theme.MUTED))
    base = alt.Chart(data)
    line = base.mark_rule(color=theme.MUTED).encode(x="min(start):T", x2="max(end):T", y=y)
    months = (
        base.transform_filter(alt.datum.precision == "month")
        .mark_rule(strokeWidth=9, strokeCap="round", opacity=0.8)
        .encode(x=x, x2="end:T", y=y, color=colour, tooltip=tooltip)
    )
    days = (
        base.transform_filter(alt.datum.precision == "day")
        .mark_point(size=130, strokeWidth=2, opacity=1)
        .encode(
            x=x, y=y, color=colour, tooltip=tooltip,
            fill=alt.when(alt.datum.status == "unverified").then(alt.value("transparent")).otherwise(colour),
        )
    )  # fmt: skip
    numbers = (
        alt.Chart(placed.assign(label_y=0.55)[["label_at", "label", "events", "label_y"]])
        .mark_text(fontWeight="bold", style=theme.MUTED_TEXT, ariaRoleDescription=EVENT_NUMBERS)
        .encode(
            x=alt.X("label_at:T", title=None), y=alt.Y("label_y:Q", axis=None, scale=y_scale), text="label:N",
            tooltip=[alt.Tooltip("events:N", title="Reports")],
        )
    )  # fmt: skip
    # Tall enough for a two-line title and subtitle above a strip the numbers clear.
    return alt.layer(line, months, days, numbers).properties(height=240)


def quarterly_points(
    data: pd.DataFrame, *, y_title: str, colors: dict[str, str], breaks: pd.DataFrame | None = None
) -> alt.LayerChart:
    """Quarterly values as points with their value printed, one colour per series, never joined by a line
    (series with gaps, or reported under different definitions, must not look continuous); unverified
    points are hollow. ``breaks`` (date, label) marks where a series was redefined with a dashed rule.
    ``data`` needs quarter_end, quarter, series, value, label and status."""
    domain = list(dict.fromkeys(data["series"]))
    scale = alt.Scale(domain=domain, range=[colors.get(d, theme.MUTED) for d in domain])
    x = alt.X("quarter_end:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=0))
    y = alt.Y("value:Q", title=y_title, scale=alt.Scale(zero=True))
    tooltip = [
        alt.Tooltip("quarter:N", title="Quarter"),
        alt.Tooltip("series:N", title=""),
        alt.Tooltip("value:Q", title=y_title, format=",.3f"),
        alt.Tooltip("status:N", title="Status"),
    ]
    fill = alt.when(alt.datum.status == "unverified").then(alt.value("transparent"))
    dots = (
        alt.Chart(data)
        .mark_point(size=160, strokeWidth=2.5, opacity=1)
        .encode(
            x=x, y=y, color=alt.Color("series:N", scale=scale, legend=alt.Legend(title=None, columns=1)),
            fill=fill.otherwise(alt.Fill("series:N", scale=scale, legend=None)), tooltip=tooltip,
        )
    )  # fmt: skip
    labels = alt.Chart(data).mark_text(dy=-14, style=theme.BODY_TEXT).encode(x=x, y=y, text="label:N")
    layers = [dots, labels]
    if breaks is not None and len(breaks):
        rule = alt.Chart(breaks).mark_rule(strokeDash=[6, 4], color=theme.MUTED, strokeWidth=1.5).encode(x="date:T")
        note = alt.Chart(breaks).mark_text(align="left", dx=6, baseline="top", y=4, style=theme.MUTED_TEXT).encode(
            x="date:T", text="label:N"
        )
        layers += [rule, note]
    return alt.layer(*layers).properties(height=theme.CHART_HEIGHT)


# Faceted charts take a fixed width (Vega-Lite cannot fit a facet to its container): one that fits the
# narrowest chart frame (about 710 px in a 1280 px window), each row's name above its row, not beside it.
FACET_WIDTH = 660
ROW_HEADER = alt.Header(labelAngle=0, labelAlign="left", labelAnchor="start", labelOrient="top", labelFontWeight="bold")
STATUS_SHAPES = alt.Scale(domain=["reported", "unverified"], range=["circle", "triangle-up"])


def benchmark_strips(data: pd.DataFrame, *, value: str, value_title: str, highlight: str) -> alt.FacetChart:
    """One strip per benchmark with a dot per model, so each row reads as that benchmark's ranking.

    Each row has its own scale (an Elo rating and a percentage never share an axis). Dots take their maker's
    colour; models whose name starts with ``highlight`` are larger and named. Unverified cells are hollow
    triangles and say so in the tooltip.
    """
    shown = data.assign(is_main=data["model"].str.startswith(highlight))
    scale = theme.color_scale(sorted(shown["organisation"].unique()))
    x = alt.X(f"{value}:Q", title=value_title, scale=alt.Scale(zero=False, padding=18))
    tooltip = [
        alt.Tooltip("model:N", title="Model"),
        alt.Tooltip("benchmark:N", title="Benchmark"),
        alt.Tooltip("value:Q", title="Score", format=".1f"),
        alt.Tooltip("gap:Q", title="Gap to best", format="+.1f"),
        alt.Tooltip("status:N", title="Status"),
    ]
    dots = (
        alt.Chart()
        .mark_point(strokeWidth=2.5)
        .encode(
            x=x,
            color=alt.Color("organisation:N", scale=scale, legend=alt.Legend(title=None, orient="top")),
            fill=alt.when(alt.datum.status == "unverified")
            .then(alt.value("transparent"))
            .otherwise(alt.Fill("organisation:N", scale=scale, legend=None)),
            shape=alt.Shape("status:N", scale=STATUS_SHAPES, legend=alt.Legend(title=None, orient="top")),
            size=alt.when(alt.datum.is_main).then(alt.value(340)).otherwise(alt.value(170)),
            opacity=alt.when(alt.datum.is_main).then(alt.value(1.0)).otherwise(alt.value(0.75)),
            tooltip=tooltip,
        )
    )
    names = (
        alt.Chart()
        .transform_filter(alt.datum.is_main)
        .mark_text(
            dy=-18, fontWeight="bold", fontSize=theme.FONT_SIZE - 3, style=theme.text_style(theme.color_of("Alibaba"))
        )
        .encode(x=x, text="model:N")
    )
    return (
        alt.layer(dots, names, data=shown)
        .properties(height=44, width=FACET_WIDTH)
        .facet(row=alt.Row("benchmark:N", title=None, header=ROW_HEADER))
        .resolve_scale(x="independent")
    )


def harness_dumbbells(data: pd.DataFrame) -> alt.FacetChart:
    """For each model, the score each publisher printed for the same benchmark, side by side."""
    publishers = list(dict.fromkeys(data["publisher"]))
    deepseek_shades = iter([theme.color_of("DeepSeek"), "#3A7DBF", "#8FB8E0"])
    palette = [theme.color_of("Alibaba") if p.startswith("Qwen") else next(deepseek_shades) for p in publishers]
    x = alt.X("value:Q", title="Score as published", scale=alt.Scale(zero=False, padding=12))
    y = alt.Y("model:N", title=None, axis=alt.Axis(labelLimit=260))
    span = alt.Chart().mark_rule(color=theme.MUTED, strokeWidth=2).encode(x="min(value):Q", x2="max(value):Q", y=y)
    dots = (
        alt.Chart()
        .mark_point(size=200, strokeWidth=2.5)
        .encode(
            x=x,
            y=y,
            # One publisher a line: their names are long, and a row of them would widen the chart.
            color=alt.Color("publisher:N", scale=alt.Scale(domain=publishers, range=palette),
                            legend=alt.Legend(title=None, columns=1)),
            shape=alt.Shape("status:N", scale=STATUS_SHAPES, title=None),
            tooltip=[
                alt.Tooltip("model:N"),
                alt.Tooltip("benchmark:N"),
                alt.Tooltip("publisher:N"),
                alt.Tooltip("value:Q", format=".1f"),
                alt.Tooltip("status:N"),
            ],
        )
    )
    return (
        alt.layer(span, dots, data=data)
        .properties(width=FACET_WIDTH - 260, height=alt.Step(30))
        .facet(row=alt.Row("benchmark:N", title=None, header=ROW_HEADER))
        .resolve_scale(x="independent", y="independent")
    )


def dated_points(data: pd.DataFrame, color: str) -> alt.FacetChart:
    """Dated counts as points with their value printed, one row per series (each on its own scale).

    No line joins the points: a few dated statements are not a curve. ``data`` needs date, series, value,
    lower_bound, metric and source.
    """
    shown = data.assign(
        label=[("> " if low else "") + f"{v:,.0f}" for v, low in zip(data["value"], data["lower_bound"])]
    )
    x = alt.X("date:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=0))
    y = alt.Y("value:Q", title=None, scale=alt.Scale(zero=True), axis=alt.Axis(format="~s"))
    tooltip = [
        alt.Tooltip("date:T", format="%d %b %Y"),
        alt.Tooltip("metric:N"),
        alt.Tooltip("label:N", title="Value"),
        alt.Tooltip("source:N"),
    ]
    dots = alt.Chart().mark_point(filled=True, size=200, color=color).encode(x=x, y=y, tooltip=tooltip)
    labels = (
        alt.Chart().mark_text(dy=-16, fontWeight="bold", style=theme.text_style(color)).encode(x=x, y=y, text="label:N")
    )
    return (
        alt.layer(dots, labels, data=shown)
        .properties(height=140, width=FACET_WIDTH)
        .facet(row=alt.Row("series:N", title=None, header=ROW_HEADER))
        .resolve_scale(y="independent")
    )


def capex_bars(data: pd.DataFrame, stacked: bool) -> alt.LayerChart:
    """Annual capex by company: actuals solid, guidance pale with its range as a bar, unverified hatched-out.

    ``kind`` (actual/guidance) and ``status`` (reported/unverified) are encoded as opacity and outline, not
    only colour, so they survive printing in grey and stay readable in the chart spec.
    """
    companies = list(dict.fromkeys(data["company"]))
    x = alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0))
    y = alt.Y("value:Q", title="USD bn", stack="zero" if stacked else None)
    tooltip = [
        alt.Tooltip("company:N"),
        alt.Tooltip("fiscal_period:N", title="Period"),
        alt.Tooltip("kind:N", title="Actual or guidance"),
        alt.Tooltip("value:Q", title="USD bn", format=",.1f"),
        alt.Tooltip("low:Q", title="Guidance low", format=",.1f"),
        alt.Tooltip("high:Q", title="Guidance high", format=",.1f"),
        alt.Tooltip("metric_definition:N", title="Definition"),
        alt.Tooltip("status:N", title="Status"),
        alt.Tooltip("source:N"),
    ]
    offset = {} if stacked else {"xOffset": alt.XOffset("company:N", sort=companies)}
    bars = (
        alt.Chart(data)
        .mark_bar(strokeWidth=2)
        .encode(
            x=x,
            y=y,
            color=alt.Color("company:N", scale=theme.color_scale(companies), sort=companies, title=None),
            opacity=alt.Opacity("kind:N", scale=alt.Scale(domain=["actual", "guidance"], range=[0.95, 0.35]),
                                title=None),
            stroke=alt.when(alt.datum.status == "unverified").then(alt.value(theme.MUTED)).otherwise(alt.value(None)),
            strokeDash=alt.StrokeDash("status:N", scale=alt.Scale(domain=["reported", "unverified"],
                                                                  range=[[1, 0], [4, 3]]), legend=None),
            tooltip=tooltip,
            **offset,
        )
    )  # fmt: skip
    layers = [bars]
    if not stacked:
        ranges = data[(data["kind"] == "guidance") & (data["low"] < data["high"])]
        layers.append(
            alt.Chart(ranges)
            .mark_rule(strokeWidth=3)
            .encode(
                x=x,
                xOffset=alt.XOffset("company:N", sort=companies),
                y="low:Q",
                y2="high:Q",
                color=alt.Color("company:N", scale=theme.color_scale(companies), legend=None),
                tooltip=tooltip,
            )
        )
    return alt.layer(*layers).properties(height=theme.CHART_HEIGHT + 40)


def snapshot_points(data: pd.DataFrame) -> alt.LayerChart:
    """Dated snapshots from different sources as separate points (never joined into a line).

    ``data`` needs date_label (shown as given), order (for left-to-right order), subject, value and status;
    indicative (unverified) points are hollow.
    """
    order = list(dict.fromkeys(data.sort_values("order")["date_label"]))
    subjects = list(dict.fromkeys(data["subject"]))
    colors = [
        theme.color_of("Alibaba") if s.startswith("Alibaba") else theme.color_of(s.split(" ")[0]) for s in subjects
    ]
    scale = alt.Scale(domain=subjects, range=colors)
    x = alt.X("date_label:N", sort=order, title=None, axis=alt.Axis(labelAngle=-30, labelLimit=0))
    y = alt.Y("value:Q", title="Price / earnings (×)", scale=alt.Scale(zero=True))
    tooltip = [alt.Tooltip(c) for c in ("date_label:N", "subject:N", "metric:N", "value:Q", "status:N", "source:N")]
    dots = (
        alt.Chart(data)
        .mark_point(size=260, strokeWidth=2.5)
        .encode(
            x=x, y=y, color=alt.Color("subject:N", scale=scale, title=None),
            fill=alt.when(alt.datum.status == "reported").then(alt.Fill("subject:N", scale=scale, legend=None))
            .otherwise(alt.value("transparent")),
            shape=alt.Shape("status:N", title=None), tooltip=tooltip,
        )
    )  # fmt: skip
    labels = (
        alt.Chart(data)
        .mark_text(dx=14, align="left", style=theme.BODY_TEXT)
        .encode(x=x, y=y, text=alt.Text("value:Q", format=".0f"))
    )
    return alt.layer(dots, labels).properties(height=theme.CHART_HEIGHT + 60)
