"""Vega-Lite specs written as plain dicts: the pieces the chart builders compose.

Building a chart through Altair's objects (each encoding checked against the schema, each layer copied
when combined) cost more than everything else a rerun does; a dict is what Streamlit draws in the end. The
schema still guards every chart: the tests validate every section's specs (:func:`render.validate`).
A unit's ``data`` is the table itself (a DataFrame or an Arrow table); :func:`render.spec` turns each into a
named dataset.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pandas as pd
import pyarrow as pa

TYPES = {"Q": "quantitative", "N": "nominal", "T": "temporal", "O": "ordinal"}


def field(shorthand: str, **props: Any) -> dict:
    """An encoding of a field, Altair-style: ``"date:T"``, ``"min(date):T"``; ``props`` add title, axis,
    scale, format, sort, legend…"""
    name, kind = shorthand.rsplit(":", 1)
    channel: dict = {"field": name, "type": TYPES[kind]}
    if name.endswith(")") and "(" in name:
        aggregate, inner = name[:-1].split("(", 1)
        channel = {"aggregate": aggregate, "field": inner, "type": TYPES[kind]}
    return channel | props


def value(constant: Any) -> dict:
    """A constant encoding (a colour, a width)."""
    return {"value": constant}


def when(then: dict, otherwise: dict, *, param: str | None = None, test: str | None = None) -> dict:
    """A conditional encoding: ``then`` where the hover ``param`` is active (an empty selection selects
    nothing) or the ``test`` expression holds, else ``otherwise``; each a :func:`value` or a :func:`field`."""
    predicate = {"param": param, "empty": False} if param else {"test": test}
    return {"condition": predicate | then, **otherwise}


def hover(name: str, fields: list[str]) -> dict:
    """A selection that follows the pointer over marks sharing ``fields`` and clears when it leaves."""
    return {"name": name, "select": {"type": "point", "on": "pointerover", "fields": fields, "clear": "pointerout"}}


def hover_box(rows: Sequence[tuple[str, str]], heading: str | None = None) -> dict:
    """A mark's hover box as one expression: the field ``heading`` as its title, then (label, field) rows.

    For marks with many items (a long line has one per day): the browser evaluates a mark's tooltip for every
    item it draws, and a list of tooltip encodings wraps each field in checks for missing values and arrays
    (about a third of the work per point). The fields here are text the server printed."""
    parts = [f"title: {datum(heading)}"] if heading else []
    parts += [f"{json.dumps(label, ensure_ascii=False)}: {datum(name)}" for label, name in rows]
    return {"expr": "{" + ", ".join(parts) + "}"}


def unit(data: pd.DataFrame | pa.Table | None, mark: str | dict, encoding: dict, **props: Any) -> dict:
    """One mark drawn from ``data`` (None inside a facet, which carries the data); ``mark`` is a type or a
    dict of mark properties with its type."""
    spec = {"mark": {"type": mark} if isinstance(mark, str) else mark, "encoding": encoding, **props}
    return spec if data is None else {"data": data, **spec}


def mark(kind: str, **props: Any) -> dict:
    """A mark of ``kind`` with its properties."""
    return {"type": kind, **props}


def layer(*specs: dict, **props: Any) -> dict:
    """Specs drawn over each other on shared axes. A layered spec's size moves up to the new top (a layer
    inside a layer takes its parent's size), so a builder's chart keeps its height when more is drawn on it."""
    layers = []
    for spec in specs:
        if "layer" in spec and ("height" in spec or "width" in spec):
            props = {k: spec[k] for k in ("height", "width") if k in spec} | props
            spec = {k: v for k, v in spec.items() if k not in ("height", "width")}
        layers.append(spec)
    return {"layer": layers, **props}


def datum(column: str) -> str:
    """A field of the current row in a Vega expression (quoted: names may hold any character)."""
    return f"datum[{column!r}]"
