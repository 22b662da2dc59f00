"""Charts as finished Vega-Lite specs: each table a named dataset (Arrow bytes for the app, JSON records for
handouts and the schema check), without schema validation at run time.

The builders write plain dicts (:mod:`explainer.charts.vl`) whose units carry their tables (DataFrames, or Arrow
tables for long lines); finishing a spec replaces each with a reference to a named dataset. Validation is not
lost: the test suite validates every section's charts at their defaults and their controls' edges
(:func:`validate`).
"""

from __future__ import annotations

import hashlib
import json

import pandas as pd
import pyarrow as pa

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.4.1.json"


def arrow_bytes(frame: pd.DataFrame | pa.Table) -> bytes:
    """A table as an Arrow IPC stream (the form a chart's dataset travels in)."""
    table = frame if isinstance(frame, pa.Table) else pa.Table.from_pandas(frame, preserve_index=False, nthreads=1)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def json_records(frame: pd.DataFrame | pa.Table) -> list[dict]:
    """A table as JSON-ready records, as Vega-Lite reads inline values: dates as ISO strings, gaps as null."""
    import altair as alt  # only handouts and tests embed JSON (as Altair would); the app sends Arrow

    return alt.to_values(frame.to_pandas() if isinstance(frame, pa.Table) else frame)["values"]


def validate(finished: dict) -> None:
    """Check a finished spec (with JSON datasets) against the Vega-Lite schema; raises if it is invalid."""
    from altair.vegalite.v6.schema import core  # the schema is the tests' and handouts' concern, not a rerun's

    core.Root.validate(finished)


def spec(chart: dict, arrow: bool = True) -> dict:
    """The chart as a top-level Vega-Lite spec: each table in it becomes a named dataset, as Arrow bytes
    (what the app draws) or, with ``arrow=False``, JSON records (what a handout embeds, and what
    ``validate`` reads). ``chart`` itself is left unchanged, so a figure can be finished more than once."""
    datasets: dict[str, bytes | list[dict]] = {}

    def named(frame: pd.DataFrame | pa.Table) -> dict:
        if arrow:
            payload: bytes | list[dict] = arrow_bytes(frame)
            digest = hashlib.sha1(payload).hexdigest()
        else:
            payload = json_records(frame)
            digest = hashlib.sha1(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()
        name = f"data-{digest[:16]}"
        datasets[name] = payload
        return {"name": name}

    def finished(part):
        if isinstance(part, dict):
            return {
                key: named(item) if key == "data" and isinstance(item, (pd.DataFrame, pa.Table)) else finished(item)
                for key, item in part.items()
            }
        if isinstance(part, list):
            return [finished(item) for item in part]
        return part

    top = {"$schema": SCHEMA, **finished(chart)}
    top["datasets"] = datasets
    return top
