"""Chart builders: plain functions that take a DataFrame and return a Vega-Lite spec as a dict (built from
:mod:`explainer.charts.vl`), testable without Streamlit.

They send the browser only the columns each chart draws, fix each company's colour through
:mod:`explainer.charts.theme`, and leave titles, sizes and source lines to the figure frame.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from explainer.charts import fmt, theme
from explainer.charts.vl import datum, field, hover, hover_box, layer, mark, unit, value, when

# Event numbers are placed for a plot this wide: the narrowest a timeline is drawn (a 1280 px window with the
# sidebar open, less the y axis); wider windows only spread them further apart.
PLOT_WIDTH_PX = 640
# A line chart's plot is narrower by the names printed at its lines' ends.
END_LABELS_PX = 170
EVENT_CHAR_PX = 9  # a bold 14 px digit or dash, with room to spare
EVENT_LABEL_GAP_PX = 4
EVENT_NUMBERS = "event number"  # what a screen reader calls each number (the browser tests find them by it)
# The hover selections: one per kind, so an event rule and a line can be hovered on the same chart.
EVENT_HOVER = "hover_event"
SERIES_HOVER = "hover_series"
# A long line's hover text, printed on the server: Vega would format each point's date and value in the
# browser when drawing (with Streamlit's expression interpreter, most of drawing a long line chart).
TIP_DATE, TIP_VALUE = "tip_date", "tip_value"


def arrow_table(columns: dict[str, np.ndarray], rows: np.ndarray | None = None) -> pa.Table:
    """Columns of equal length (the ``rows`` mask of them) as a chart's dataset. A long chart's data is
    built this way rather than as DataFrames: slicing a frame and converting it cost more than drawing."""
    return pa.table({name: pa.array(values if rows is None else values[rows], from_pandas=True)
                     for name, values in columns.items()})  # fmt: skip


def hover_text(data: pd.DataFrame, x: str, y: str, date_format: str, value_format: str) -> pd.DataFrame:
    """``data`` with each row's date and value as its line's hover shows them (:data:`TIP_DATE`,
    :data:`TIP_VALUE`)."""
    return data.assign(
        **{TIP_DATE: fmt.d3_dates(data[x], date_format), TIP_VALUE: fmt.d3_numbers(data[y], value_format)}
    )


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
    numbers, names = [int(n) for n in shown["n"]], shown["event"].tolist()

    def placed(run: list[int]) -> dict:
        label = numbers_label([numbers[i] for i in run])
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
                "events": "; ".join(f"{numbers[i]}. {names[i]}" for i in label["run"]),
                "numbers": [numbers[i] for i in label["run"]],
                "left_px": label["left_px"], "right_px": label["right_px"],
            }
            for label in labels
        ],
        columns=columns,
    )  # fmt: skip


def event_tooltip() -> list[dict]:
    """What hovering a dated event shows: its date, the event and its source."""
    return [field("date:T", title="Date", format="%d %b %Y"), field("event:N", title="Event"),
            field("source:N", title="Source")]  # fmt: skip


def event_rules(
    events: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp, width_px: float = PLOT_WIDTH_PX, label_y: int = 6
) -> dict:
    """Numbered vertical rules for dated events; hover names the event, its date and its source.

    ``events`` needs columns date, n (the marker number), event and source; ``start``–``end`` is the x-axis
    range and ``width_px`` the plot's narrowest width, from which the numbers are placed so that none
    overlap (:func:`event_labels`).
    """
    shown = events[["date", "n", "event", "source"]].sort_values(["date", "n"])
    placed = event_labels(shown, start, end, width_px)
    tooltip = event_tooltip()
    rules = unit(
        shown,
        mark("rule", strokeDash=[4, 3]),
        {
            "x": field("date:T"),
            "color": value(theme.MUTED),
            "strokeWidth": when(value(3), value(1.2), param=EVENT_HOVER),
            "tooltip": tooltip,
        },
        params=[hover(EVENT_HOVER, ["n"])],
    )
    labels = unit(
        placed.assign(label_y=label_y)[["label_at", "label", "events", "label_y"]],
        mark(
            "text", fontWeight="bold", dy=0, baseline="top", style=theme.MUTED_TEXT, ariaRoleDescription=EVENT_NUMBERS
        ),
        {
            "x": field("label_at:T"),
            "y": field("label_y:Q", scale=None),
            "text": field("label:N"),
            "tooltip": [field("events:N", title="Events")],
        },
    )
    return layer(rules, labels)


def price_with_events(
    prices: pd.DataFrame, events: pd.DataFrame, company: str, y_title: str, height: int = theme.CHART_HEIGHT
) -> dict:
    """One price line in the company's colour with numbered event rules over it.

    ``prices`` needs columns date and close.
    """
    line = unit(
        hover_text(prices[["date", "close"]], "date", "close", "%d %b %Y", ",.2f"),
        mark(
            "line",
            color=theme.color_of(company),
            strokeWidth=theme.HIGHLIGHT_WIDTH,
            tooltip=hover_box([("Date", TIP_DATE), (y_title, TIP_VALUE)]),
            description=f"{company}: {y_title}",  # a line is named, not described point by point (as below)
        ),
        {
            "x": field("date:T", title=None, axis={"format": "%b %Y", "labelAngle": 0}),
            "y": field("close:Q", title=y_title, scale={"zero": False}),
        },
    )
    return layer(line, event_rules(events, prices["date"].min(), prices["date"].max()), height=height)


def dodge(positions, all_values, min_gap_share: float = 0.075) -> list[float]:
    """Label positions (in data units) moved apart just enough not to overlap, order kept.

    Only where a label is printed moves; the data point it names stays where it is. Both arguments are
    sequences of numbers (``all_values`` may have gaps).
    """
    values = np.asarray(all_values, dtype=float)
    known = values[~np.isnan(values)]
    span = float(known.max() - known.min()) if len(known) else 0.0
    gap = (span or 1.0) * min_gap_share
    wanted = np.asarray(positions, dtype=float)
    placed = wanted.copy()
    previous = None
    for position in np.argsort(wanted, kind="stable"):
        value = wanted[position] if previous is None else max(wanted[position], previous + gap)
        placed[position] = previous = value
    return placed.tolist()


def line_ends(xs: np.ndarray, ys: np.ndarray, names: np.ndarray) -> np.ndarray:
    """The positions of each series' last point with a value, in the order the lines end (where their
    names are printed)."""
    rows = np.flatnonzero(~np.isnan(ys))
    if not len(rows):
        return rows
    codes = pd.factorize(names[rows])[0]
    along = xs[rows]
    by_series = np.lexsort((along, codes))  # by series, then along x
    last = by_series[np.r_[codes[by_series][1:] != codes[by_series][:-1], True]]
    return rows[last[np.argsort(along[last], kind="stable")]]


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
    tooltip: tuple[dict, ...] = (),
    y_zero: bool = False,
    points: bool = False,
    yearly_ticks: bool = False,
    interpolate: str = "linear",
    height: int = theme.CHART_HEIGHT,
) -> dict:
    """One highlighted line in its company's colour, the rest muted until hovered, labels at line ends.

    ``data`` is long: one row per (x, series). Rows with no ``y`` break a line (gaps stay gaps).
    ``companies`` maps a series name to the company whose colour it takes (default: the name itself).
    ``tooltip``: more :func:`vl.field` entries for the hover box.
    """
    companies = companies or {}
    names = list(dict.fromkeys(data[series].tolist()))
    scale = theme.color_scale(names, companies)
    ticks = {"tickCount": {"interval": "year", "step": 1}, "format": "%Y"} if yearly_ticks else {"format": x_format}
    x_encoding = field(f"{x}:T", title=None, axis={"labelAngle": 0, **ticks})
    y_encoding = field(f"{y}:Q", title=y_title, scale={"zero": y_zero})
    extra = [(tip.get("title", tip["field"]), tip["field"]) for tip in tooltip]
    tips = hover_box([("Date", TIP_DATE), (y_title, TIP_VALUE), *extra], heading=series)
    drawn = list(dict.fromkeys([x, y, series, *(tip["field"] for tip in tooltip if "field" in tip)]))
    columns = {column: data[column].to_numpy() for column in drawn}
    xs, ys, names_at = columns[x], data[y].to_numpy(dtype=float, na_value=np.nan), columns[series]
    columns[TIP_DATE] = np.array(fmt.d3_dates(xs, x_format if x_format != "%b %Y" else "%d %b %Y"), dtype=object)
    columns[TIP_VALUE] = np.array(fmt.d3_numbers(ys, y_format), dtype=object)
    is_main = names_at == highlight
    lines = {kind: arrow_table(columns, rows) for kind, rows in (("others", ~is_main), ("main", is_main))}
    others = unit(
        lines["others"],
        mark(
            "line",
            point={"size": 45, "filled": True} if points else False,
            interpolate=interpolate,
            tooltip=tips,
            # A line names itself to a screen reader by its series: Vega-Lite would otherwise describe every
            # point (its date and value, formatted in the browser: a fifth of drawing a long line). The chart
            # as a whole is described by its figure.
            description={"expr": datum(series)},
        ),
        {
            "x": x_encoding,
            "y": y_encoding,
            "detail": field(f"{series}:N"),
            "color": when(field(f"{series}:N", scale=scale, legend=None), value(theme.MUTED), param=SERIES_HOVER),
            "strokeWidth": when(value(theme.HIGHLIGHT_WIDTH - 1), value(theme.MUTED_WIDTH), param=SERIES_HOVER),
            "opacity": when(value(1.0), value(0.65), param=SERIES_HOVER),
        },
        params=[hover(SERIES_HOVER, [series])],
    )
    main_colour = theme.color_of(companies.get(highlight, highlight))
    main = unit(
        lines["main"],
        mark(
            "line",
            interpolate=interpolate,
            point={"size": 60, "filled": True} if points else False,
            strokeWidth=theme.HIGHLIGHT_WIDTH,
            color=main_colour,
            tooltip=tips,
            description=highlight,
        ),
        {"x": x_encoding, "y": y_encoding},
    )
    ends = line_ends(xs, ys, names_at)
    labelled = {series: names_at[ends], "label_y": np.array(dodge(ys[ends], ys))}
    ends_main = labelled[series] == highlight
    # Each name at the right edge, level with where its line ends: a line that stops early (an index whose
    # market closed for a holiday, a fiscal year ending in June) is not labelled on top of the lines that go
    # on, and the labels stick out of the plot by the same width at any chart width, so the browser lays the
    # chart out once rather than again after every redraw.
    labels = [
        unit(
            arrow_table(labelled, rows),
            mark("text", align="left", dx=7, fontWeight="bold", style=style),
            {"x": value("width"), "y": field("label_y:Q"), "text": field(f"{series}:N")},
        )
        for rows, style in ((~ends_main, theme.MUTED_TEXT), (ends_main, theme.text_style(main_colour)))
    ]
    return layer(others, main, *labels, height=height)


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
    tooltip: tuple[dict, ...] = (),
    annotated_are_pale: bool = False,
    height: int = theme.CHART_HEIGHT,
) -> dict:
    """Bars in x order with a small label above each; bars whose ``highlight_field`` is set carry that text
    as an annotation and are emphasised (or, with ``annotated_are_pale``, paled: for estimates)."""
    base = {
        "x": field(f"{x}:N", sort=data[x].tolist(), title=None, axis={"labelAngle": -45, "labelLimit": 200}),
        "y": field(f"{y}:Q", title=y_title),
    }
    annotated = f"{datum(highlight_field)} !== ''"
    strong, pale = (0.35, 0.9) if annotated_are_pale else (1.0, 0.45)
    bars = unit(
        None,
        mark("bar", color=color),
        base
        | {
            "opacity": when(value(strong), value(pale), test=annotated),
            "tooltip": [field(f"{x}:N", title=""), field(f"{y}:Q", title=y_title, format=y_format), *tooltip],
        },
    )
    values = unit(
        None,
        mark("text", dy=-8, fontSize=theme.FONT_SIZE - 3, style=theme.BODY_TEXT),
        base | {"text": field(f"{label}:N")},
    )
    notes = unit(
        None,
        mark("text", dy=-26, fontWeight="bold", style=theme.text_style(color)),
        base | {"text": field(f"{highlight_field}:N")},
        transform=[{"filter": annotated}],
    )
    return layer(bars, values, notes, data=data, height=height)


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
    tooltip: tuple[dict, ...] = (),
    sort: bool = True,
    height: int | None = None,
) -> dict:
    """Horizontal bars, largest first, coloured by ``color_field`` through a fixed mapping, value at each end.

    ``offset`` splits each category into side-by-side bars (e.g. input and output prices).
    """
    largest: dict = {}  # each category's largest value (a category may have several bars), NaN if none
    for name, number in zip(data[category].tolist(), data[value].tolist()):
        if name not in largest or largest[name] != largest[name] or number > largest[name]:
            largest[name] = number
    order = sorted(largest, key=lambda name: (largest[name] != largest[name], -largest[name]))  # gaps last
    domain = list(dict.fromkeys(data[color_field].tolist()))
    scale = {"domain": domain, "range": [colors.get(d, theme.MUTED) for d in domain]}
    x = field(f"{value}:Q", title=value_title, axis={"format": value_format.lstrip("+")})
    if log:
        x["scale"] = {"type": "log"}
    base = {"x": x, "y": field(f"{category}:N", sort=order if sort else None, title=None, axis={"labelLimit": 320})}
    if offset:
        base["yOffset"] = field(f"{offset}:N")
    bars = unit(
        None,
        "bar",
        base
        | {
            "color": field(f"{color_field}:N", scale=scale, legend={"title": None}),
            "opacity": {"value": 0.9},
            "tooltip": [
                field(f"{category}:N", title=""),
                *([field(f"{offset}:N", title="")] if offset else []),
                field(f"{value}:Q", title=value_title, format=value_format),
                *tooltip,
            ],
        },
    )
    text = base | {"text": field(f"{value}:Q", format=value_format)}
    size = theme.FONT_SIZE - 3
    right_of_bar = unit(
        None,
        mark("text", align="left", dx=4, fontSize=size, style=theme.BODY_TEXT),
        text,
        transform=[{"filter": f"{datum(value)} >= 0"}],
    )
    left_of_bar = unit(
        None,
        mark("text", align="right", dx=-4, fontSize=size, style=theme.BODY_TEXT),
        text,
        transform=[{"filter": f"{datum(value)} < 0"}],
    )
    rows = len(set(data[category].dropna())) * (len(set(data[offset].dropna())) if offset else 1)
    # Streamlit fits the whole chart (title, axis and legend included) into ``height``.
    return layer(bars, right_of_bar, left_of_bar, data=data, height=height or 150 + 30 * int(rows))


# A strip's dots sit at 0 and its numbers above them, on a y axis that is not drawn.
STRIP_Y = {"axis": None, "scale": {"domain": [-0.3, 1.2]}}


def timeline_strip(events: pd.DataFrame, color: str) -> dict:
    """A compact dated strip: a dot per event and its number above (numbers placed so none overlap,
    :func:`event_labels`); hover gives the full entry and its source. ``events`` needs columns date, n, event
    and source.
    """
    shown = events.sort_values(["date", "n"]).reset_index(drop=True)
    placed = event_labels(shown, shown["date"].min(), shown["date"].max())
    strip = shown[["date", "n", "event", "source"]].assign(dot=0.0)
    x = field("date:T", title=None, axis={"format": "%d %b", "labelAngle": 0, "grid": False})
    y = field("dot:Q", **STRIP_Y)
    tooltip = event_tooltip()
    line = unit(
        strip,
        mark("rule", color=theme.MUTED),
        {"x": field("min(date):T"), "y": y, "x2": {"aggregate": "max", "field": "date"}},
    )
    dots = unit(
        strip, mark("point", filled=True, size=140, color=color, opacity=1), {"x": x, "y": y, "tooltip": tooltip}
    )
    numbers = unit(
        placed.assign(label_y=0.55)[["label_at", "label", "events", "label_y"]],
        mark("text", fontWeight="bold", style=theme.text_style(color), ariaRoleDescription=EVENT_NUMBERS),
        {
            "x": field("label_at:T", title=None),
            "y": field("label_y:Q", **STRIP_Y),
            "text": field("label:N"),
            "tooltip": [field("events:N", title="Events")],
        },
    )
    return layer(line, dots, numbers, height=150)


def dated_strip(events: pd.DataFrame, color: str) -> dict:
    """A strip of dated entries over months or years: a dot for an entry dated to the day, a bar across the
    month for one dated only to its month (never pinned to a day), a number above each (placed so none
    overlap, :func:`event_labels`). Entries marked ``highlight`` take ``color``, the rest are muted; unverified
    ones are hollow. ``events`` needs n, start, end (equal for a day), precision ("day" or "month"), event,
    source, status and highlight; hover gives the entry, its date and its source."""
    shown = events.assign(date=events["start"] + (events["end"] - events["start"]) / 2, dot=0.0)
    placed = event_labels(shown, shown["start"].min(), shown["end"].max())
    x = field("start:T", title=None, axis={"format": "%b %Y", "labelAngle": 0, "grid": False})
    y = field("dot:Q", **STRIP_Y)
    tooltip = [
        field("n:N", title="#"),
        field("when:N", title="Date"),
        field("event:N", title="Report"),
        field("source:N", title="Source"),
        field("status:N", title="Status"),
    ]
    when_dated = [
        f"{day:%B %Y} (month only)" if precision == "month" else f"{day:%d %b %Y}"
        for day, precision in zip(shown["start"], shown["precision"])
    ]
    columns = ["n", "start", "end", "precision", "when", "event", "source", "status", "highlight", "dot"]
    data = shown.assign(when=when_dated)[columns]
    colour = when(value(color), value(theme.MUTED), test=datum("highlight"))
    line = unit(
        data,
        mark("rule", color=theme.MUTED),
        {"x": field("min(start):T"), "x2": {"aggregate": "max", "field": "end"}, "y": y},
    )
    months = unit(
        data,
        mark("rule", strokeWidth=9, strokeCap="round", opacity=0.8),
        {"x": x, "x2": {"field": "end"}, "y": y, "color": colour, "tooltip": tooltip},
        transform=[{"filter": f"{datum('precision')} === 'month'"}],
    )
    days = unit(
        data,
        mark("point", size=130, strokeWidth=2, opacity=1),
        {
            "x": x,
            "y": y,
            "color": colour,
            "tooltip": tooltip,
            "fill": when(value("transparent"), colour, test=f"{datum('status')} === 'unverified'"),
        },
        transform=[{"filter": f"{datum('precision')} === 'day'"}],
    )
    numbers = unit(
        placed.assign(label_y=0.55)[["label_at", "label", "events", "label_y"]],
        mark("text", fontWeight="bold", style=theme.MUTED_TEXT, ariaRoleDescription=EVENT_NUMBERS),
        {
            "x": field("label_at:T", title=None),
            "y": field("label_y:Q", **STRIP_Y),
            "text": field("label:N"),
            "tooltip": [field("events:N", title="Reports")],
        },
    )
    # Tall enough for a two-line title and subtitle above a strip the numbers clear.
    return layer(line, months, days, numbers, height=240)


def quarterly_points(
    data: pd.DataFrame, *, y_title: str, colors: dict[str, str], breaks: pd.DataFrame | None = None
) -> dict:
    """Quarterly values as points with their value printed, one colour per series, never joined by a line
    (series with gaps, or reported under different definitions, must not look continuous); unverified
    points are hollow. ``breaks`` (date, label) marks where a series was redefined with a dashed rule.
    ``data`` needs quarter_end, quarter, series, value, label and status."""
    domain = list(dict.fromkeys(data["series"].tolist()))
    scale = {"domain": domain, "range": [colors.get(d, theme.MUTED) for d in domain]}
    x = field("quarter_end:T", title=None, axis={"format": "%b %Y", "labelAngle": 0})
    y = field("value:Q", title=y_title, scale={"zero": True})
    tooltip = [
        field("quarter:N", title="Quarter"),
        field("series:N", title=""),
        field("value:Q", title=y_title, format=",.3f"),
        field("status:N", title="Status"),
    ]
    dots = unit(
        data,
        mark("point", size=160, strokeWidth=2.5, opacity=1),
        {
            "x": x,
            "y": y,
            "color": field("series:N", scale=scale, legend={"title": None, "columns": 1}),
            "fill": when(
                value("transparent"),
                field("series:N", scale=scale, legend=None),
                test=f"{datum('status')} === 'unverified'",
            ),
            "tooltip": tooltip,
        },
    )
    labels = unit(data, mark("text", dy=-14, style=theme.BODY_TEXT), {"x": x, "y": y, "text": field("label:N")})
    layers = [dots, labels]
    if breaks is not None and len(breaks):
        rule = unit(breaks, mark("rule", strokeDash=[6, 4], color=theme.MUTED, strokeWidth=1.5), {"x": field("date:T")})
        note = unit(
            breaks,
            mark("text", align="left", dx=6, baseline="top", y=4, style=theme.MUTED_TEXT),
            {"x": field("date:T"), "text": field("label:N")},
        )
        layers += [rule, note]
    return layer(*layers, height=theme.CHART_HEIGHT)


# Faceted charts take a fixed width (Vega-Lite cannot fit a facet to its container): one that fits the
# narrowest chart frame (about 710 px in a 1280 px window), each row's name above its row, not beside it.
FACET_WIDTH = 660
ROW_HEADER = {
    "labelAngle": 0,
    "labelAlign": "left",
    "labelAnchor": "start",
    "labelOrient": "top",
    "labelFontWeight": "bold",
}
STATUS_SHAPES = {"domain": ["reported", "unverified"], "range": ["circle", "triangle-up"]}


def _rows(data: pd.DataFrame, by: str, spec: dict, independent: dict) -> dict:
    """One row of ``spec`` per value of ``by``, each named above its row, with the scales in ``independent``
    (channel -> "independent") each row's own."""
    return {
        "data": data,
        "facet": {"row": field(f"{by}:N", title=None, header=ROW_HEADER)},
        "spec": spec,
        "resolve": {"scale": independent},
    }


def benchmark_strips(data: pd.DataFrame, *, value: str, value_title: str, highlight: str) -> dict:
    """One strip per benchmark with a dot per model, so each row reads as that benchmark's ranking.

    Each row has its own scale (an Elo rating and a percentage never share an axis). Dots take their maker's
    colour; models whose name starts with ``highlight`` are larger and named. Unverified cells are hollow
    triangles and say so in the tooltip.
    """
    shown = data.assign(is_main=data["model"].str.startswith(highlight))
    scale = theme.color_scale(sorted(shown["organisation"].unique().tolist()))
    x = field(f"{value}:Q", title=value_title, scale={"zero": False, "padding": 18})
    tooltip = [
        field("model:N", title="Model"),
        field("benchmark:N", title="Benchmark"),
        field("value:Q", title="Score", format=".1f"),
        field("gap:Q", title="Gap to best", format="+.1f"),
        field("status:N", title="Status"),
    ]
    main = datum("is_main")
    dots = unit(
        None,
        mark("point", strokeWidth=2.5),
        {
            "x": x,
            "color": field("organisation:N", scale=scale, legend={"title": None, "orient": "top"}),
            "fill": when(
                {"value": "transparent"},
                field("organisation:N", scale=scale, legend=None),
                test=f"{datum('status')} === 'unverified'",
            ),
            "shape": field("status:N", scale=STATUS_SHAPES, legend={"title": None, "orient": "top"}),
            "size": when({"value": 340}, {"value": 170}, test=main),
            "opacity": when({"value": 1.0}, {"value": 0.75}, test=main),
            "tooltip": tooltip,
        },
    )
    names = unit(
        None,
        mark(
            "text",
            dy=-18,
            fontWeight="bold",
            fontSize=theme.FONT_SIZE - 3,
            style=theme.text_style(theme.color_of("Alibaba")),
        ),
        {"x": x, "text": field("model:N")},
        transform=[{"filter": main}],
    )
    return _rows(shown, "benchmark", layer(dots, names, height=44, width=FACET_WIDTH), {"x": "independent"})


def harness_dumbbells(data: pd.DataFrame) -> dict:
    """For each model, the score each publisher printed for the same benchmark, side by side."""
    publishers = list(dict.fromkeys(data["publisher"].tolist()))
    deepseek_shades = iter([theme.color_of("DeepSeek"), "#3A7DBF", "#8FB8E0"])
    palette = [theme.color_of("Alibaba") if p.startswith("Qwen") else next(deepseek_shades) for p in publishers]
    x = field("value:Q", title="Score as published", scale={"zero": False, "padding": 12})
    y = field("model:N", title=None, axis={"labelLimit": 260})
    span = unit(
        None,
        mark("rule", color=theme.MUTED, strokeWidth=2),
        {"x": field("min(value):Q"), "x2": {"aggregate": "max", "field": "value"}, "y": y},
    )
    dots = unit(
        None,
        mark("point", size=200, strokeWidth=2.5),
        {
            "x": x,
            "y": y,
            # One publisher a line: their names are long, and a row of them would widen the chart.
            "color": field(
                "publisher:N", scale={"domain": publishers, "range": palette}, legend={"title": None, "columns": 1}
            ),
            "shape": field("status:N", scale=STATUS_SHAPES, title=None),
            "tooltip": [field(f"{c}:N") for c in ("model", "benchmark", "publisher")]
            + [field("value:Q", format=".1f"), field("status:N")],
        },
    )
    spec = layer(span, dots, width=FACET_WIDTH - 260, height={"step": 30})
    return _rows(data, "benchmark", spec, {"x": "independent", "y": "independent"})


def dated_points(data: pd.DataFrame, color: str) -> dict:
    """Dated counts as points with their value printed, one row per series (each on its own scale).

    No line joins the points: a few dated statements are not a curve. ``data`` needs date, series, value,
    lower_bound, metric and source.
    """
    shown = data.assign(
        label=[("> " if low else "") + f"{v:,.0f}" for v, low in zip(data["value"], data["lower_bound"])]
    )
    x = field("date:T", title=None, axis={"format": "%b %Y", "labelAngle": 0})
    y = field("value:Q", title=None, scale={"zero": True}, axis={"format": "~s"})
    tooltip = [
        field("date:T", format="%d %b %Y"),
        field("metric:N"),
        field("label:N", title="Value"),
        field("source:N"),
    ]
    dots = unit(None, mark("point", filled=True, size=200, color=color), {"x": x, "y": y, "tooltip": tooltip})
    labels = unit(
        None,
        mark("text", dy=-16, fontWeight="bold", style=theme.text_style(color)),
        {"x": x, "y": y, "text": field("label:N")},
    )
    return _rows(shown, "series", layer(dots, labels, height=140, width=FACET_WIDTH), {"y": "independent"})


def capex_bars(data: pd.DataFrame, stacked: bool) -> dict:
    """Annual capex by company: actuals solid, guidance pale with its range as a bar, unverified hatched-out.

    ``kind`` (actual/guidance) and ``status`` (reported/unverified) are encoded as opacity and outline, not
    only colour, so they survive printing in grey and stay readable in the chart spec.
    """
    companies = list(dict.fromkeys(data["company"].tolist()))
    x = field("year:O", title=None, axis={"labelAngle": 0})
    y = field("value:Q", title="USD bn", stack="zero" if stacked else None)
    tooltip = [
        field("company:N"),
        field("fiscal_period:N", title="Period"),
        field("kind:N", title="Actual or guidance"),
        field("value:Q", title="USD bn", format=",.1f"),
        field("low:Q", title="Guidance low", format=",.1f"),
        field("high:Q", title="Guidance high", format=",.1f"),
        field("metric_definition:N", title="Definition"),
        field("status:N", title="Status"),
        field("source:N"),
    ]
    offset = {} if stacked else {"xOffset": field("company:N", sort=companies)}
    bars = unit(
        data,
        mark("bar", strokeWidth=2),
        {
            "x": x,
            "y": y,
            "color": field("company:N", scale=theme.color_scale(companies), sort=companies, title=None),
            "opacity": field("kind:N", scale={"domain": ["actual", "guidance"], "range": [0.95, 0.35]}, title=None),
            "stroke": when(value(theme.MUTED), value(None), test=f"{datum('status')} === 'unverified'"),
            "strokeDash": field(
                "status:N", scale={"domain": ["reported", "unverified"], "range": [[1, 0], [4, 3]]}, legend=None
            ),
            "tooltip": tooltip,
            **offset,
        },
    )
    layers = [bars]
    if not stacked:
        ranges = data[(data["kind"] == "guidance") & (data["low"] < data["high"])]
        layers.append(
            unit(
                ranges,
                mark("rule", strokeWidth=3),
                {
                    "x": x,
                    "xOffset": field("company:N", sort=companies),
                    "y": field("low:Q"),
                    "y2": {"field": "high"},
                    "color": field("company:N", scale=theme.color_scale(companies), legend=None),
                    "tooltip": tooltip,
                },
            )
        )
    return layer(*layers, height=theme.CHART_HEIGHT + 40)


def snapshot_points(data: pd.DataFrame) -> dict:
    """Dated snapshots from different sources as separate points (never joined into a line).

    ``data`` needs date_label (shown as given), order (for left-to-right order), subject, value and status;
    indicative (unverified) points are hollow.
    """
    order = list(dict.fromkeys(data.sort_values("order")["date_label"].tolist()))
    subjects = list(dict.fromkeys(data["subject"].tolist()))
    colors = [
        theme.color_of("Alibaba") if s.startswith("Alibaba") else theme.color_of(s.split(" ")[0]) for s in subjects
    ]
    scale = {"domain": subjects, "range": colors}
    x = field("date_label:N", sort=order, title=None, axis={"labelAngle": -30, "labelLimit": 0})
    y = field("value:Q", title="Price / earnings (×)", scale={"zero": True})
    tooltip = [field(c) for c in ("date_label:N", "subject:N", "metric:N", "value:Q", "status:N", "source:N")]
    dots = unit(
        None,
        mark("point", size=260, strokeWidth=2.5),
        {
            "x": x,
            "y": y,
            "color": field("subject:N", scale=scale, title=None),
            "fill": when(
                field("subject:N", scale=scale, legend=None),
                value("transparent"),
                test=f"{datum('status')} === 'reported'",
            ),
            "shape": field("status:N", title=None),
            "tooltip": tooltip,
        },
    )
    labels = unit(
        None,
        mark("text", dx=14, align="left", style=theme.BODY_TEXT),
        {"x": x, "y": y, "text": field("value:Q", format=".0f")},
    )
    return layer(dots, labels, data=data, height=theme.CHART_HEIGHT + 60)
