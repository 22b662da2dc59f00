"""Charts as finished Vega-Lite specs: converted once, their data as Arrow bytes, without schema validation.

Converting an Altair chart (building, copying and validating it against the Vega-Lite schema) is most of a
page's work; a finished spec is a plain dict that can be cached and drawn as it is. Validation is not lost:
the test suite validates every section's charts at their defaults and their controls' edges (``validate``).
"""

from __future__ import annotations

import hashlib
import threading

import altair as alt
import pandas as pd
import pyarrow as pa
from altair.vegalite.v6.schema import core

# Altair's data transformer and theme are global; conversions from several sessions take turns.
_lock = threading.Lock()
_TRANSFORMER = "explainer_arrow"


def arrow_bytes(frame: pd.DataFrame) -> bytes:
    """A table as an Arrow IPC stream (the form a chart's dataset travels in)."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def validate(finished: dict) -> None:
    """Check a finished spec (with JSON datasets) against the Vega-Lite schema; raises if it is invalid."""
    core.Root.validate(finished)


def spec(chart: alt.TopLevelMixin, arrow: bool = True) -> dict:
    """The chart's Vega-Lite spec without schema validation: each table a named Arrow dataset (what the app
    draws), or with ``arrow=False`` inline JSON records (what a handout embeds, and what ``validate`` reads)."""
    if not arrow:
        with _lock, alt.data_transformers.disable_max_rows():
            theme = alt.theme.enable("none") if alt.theme.active == "default" else _Unchanged()
            with theme:
                return chart.to_dict(validate=False)
    datasets: dict[str, bytes] = {}

    def named(data):
        if not isinstance(data, pd.DataFrame):
            return data
        payload = arrow_bytes(data)
        name = f"data-{hashlib.sha1(payload).hexdigest()[:16]}"
        datasets[name] = payload
        return {"name": name}

    with _lock:
        alt.data_transformers.register(_TRANSFORMER, named)
        theme = alt.theme.enable("none") if alt.theme.active == "default" else _Unchanged()
        with theme, alt.data_transformers.enable(_TRANSFORMER):
            finished = chart.to_dict(validate=False)
    finished["datasets"] = {**finished.get("datasets", {}), **datasets}
    return finished


class _Unchanged:
    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None
